// Demo page script: picks a fixture connector and shows its form. Only field names are ever
// displayed after a submit, never values (they may be secrets).
const names = ['infisical-auth0-connection', 'zapier-authentication', 'infisical-integration-auth', 'integration-app-example', 'infisical-token-auth'];
const select = document.getElementById('connector');
const form = document.getElementById('form');
const result = document.getElementById('result');

for (const name of names) select.append(new Option(name, name));

async function show(name) {
  const connector = await (await fetch(`/connectors/${name}.json`)).json();
  const options = connector.auth.options ? Object.values(connector.auth.options) : [connector.auth];
  form.schema = options.find((o) => o.ui?.schema)?.ui.schema ?? { type: 'object' };
  form.submitLabel = `Connect ${connector.name}`;
  result.textContent = '';
}

form.addEventListener('connect-form-submit', () => {
  result.textContent = `Valid. Fields that would be sent: ${Object.keys(form.getValue()).join(', ')}.`;
});
select.addEventListener('change', () => show(select.value));
show(names[0]);

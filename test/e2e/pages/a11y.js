// Test page for the accessibility end-to-end tests (test/e2e/a11y.test.ts), on the demo app's origin:
// ?view=modal  a host button that opens openConnect() for ?connector (the modal);
// ?view=form   a <connect-form> with arrays of choices and a long label, nothing else.
// Every connect-* event is recorded in window.events, as on oauth.html.
import { openConnect } from '/dist/connect-widget.js';

window.events = [];
const query = new URLSearchParams(location.search);
const main = document.getElementById('main');
const record = (target, id) => {
  for (const type of ['connect-ready', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel']) {
    target.addEventListener(type, (e) => window.events.push({ widget: id, type, detail: e.detail }));
  }
};

if (query.get('view') === 'modal') {
  const connectors = await (await fetch('/api/connectors')).json();
  const connector = connectors.find((c) => c.key === (query.get('connector') ?? 'example-app'));
  const opener = Object.assign(document.createElement('button'), { id: 'opener', type: 'button', textContent: `Connect ${connector.name}` });
  opener.addEventListener('click', () => {
    // The dialog's widget is the only connect-widget on the page: record its events as w0's.
    const pending = openConnect({ connector, tokenEndpoint: '/api/connect', redirectUri: '/callback.html', label: `Connect ${connector.name}` });
    record(document.querySelector('dialog connect-widget'), 'w0');
    pending.then(
      (connection) => window.events.push({ widget: 'modal', type: 'resolved', detail: { connector: connection.connector } }),
      (error) => window.events.push({ widget: 'modal', type: 'rejected', detail: { code: error.code } }),
    );
  });
  main.append(opener);
} else if (query.get('view') === 'form') {
  const form = document.createElement('connect-form');
  form.schema = {
    type: 'object',
    required: ['workspace', 'scopes'],
    properties: {
      workspace: { type: 'string', title: 'Workspace subdomain of your Example App organisation account', description: 'The part before .example.com in the address you sign in at.' },
      scopes: {
        type: 'array',
        title: 'Scopes',
        uniqueItems: true,
        minItems: 1,
        items: {
          oneOf: [
            { const: 'read', title: 'Read projects, issues and comments' },
            { const: 'write', title: 'Create and edit projects, issues and comments' },
            { const: 'admin', title: 'Manage members, billing and organisation-wide settings' },
          ],
        },
      },
      region: { type: 'string', enum: ['us', 'eu', 'apac'] },
      token: { type: 'string', writeOnly: true, title: 'Personal access token' },
    },
  };
  record(form, 'form');
  main.append(form);
}

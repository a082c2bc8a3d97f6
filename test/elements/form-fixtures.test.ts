import { expect } from '@open-wc/testing';
import { byLabel, connectors, controls, errorOf, formFor, nameOf, root, submit, type } from './helpers.js';
import type { ConnectErrorEvent } from '../../src/events.js';

type AnyConnector = { auth: { ui?: { schema?: unknown }; options?: Record<string, { ui?: { schema?: unknown } }> } };

/** The schema of each form option of a fixture. */
function schemasOf(c: AnyConnector): unknown[] {
  if (c.auth.options)
    return Object.values(c.auth.options)
      .map((o) => o.ui?.schema)
      .filter(Boolean);
  return [c.auth.ui?.schema];
}

// What a user sees for each fixture: one labelled control per field, "(required)" in text.
const expectedLabels: Record<string, string[]> = {
  'infisical-auth0-connection': ['Domain (required)', 'Client ID (required)', 'Client Secret (required)', 'Audience (required)', 'Name (required)', 'Description', 'Project ID'],
  'infisical-integration-auth': ['Workspace ID (required)', 'Integration (required)', 'Access ID', 'Access token', 'AWS assume IAM role ARN', 'URL', 'Namespace', 'Refresh token'],
  'infisical-token-auth': ['Name'],
  'integration-app-example': ['API Key (required)'],
  'zapier-authentication': ['Title (required)', 'App (required)', 'Key', 'Value'],
};

const secretLabels: Record<string, string[]> = {
  'infisical-auth0-connection': ['Client Secret'],
  'infisical-integration-auth': ['Access token', 'Refresh token'],
  'infisical-token-auth': [],
  'integration-app-example': ['API Key'],
  'zapier-authentication': ['Value'],
};

describe('<connect-form> with every fixture connector', () => {
  for (const [name, connector] of Object.entries(connectors)) {
    const schema = schemasOf(connector as AnyConnector)[0];

    describe(name, () => {
      it('renders one labelled control per field, required ones marked in text', async () => {
        const el = await formFor(schema);
        const names = controls(el).map(nameOf);
        expect(names).to.deep.equal(expectedLabels[name]);
        for (const c of controls(el)) expect(nameOf(c), `control ${c.id} has a name`).to.not.equal('');
      });

      it('masks secret fields, never prefills them, and keeps them away from autofill of the host password', async () => {
        const el = await formFor(schema, { apiKey: 'prefill-attempt', credentials: { clientSecret: 'prefill-attempt' }, accessToken: 'prefill-attempt' });
        for (const label of secretLabels[name]!) {
          const input = byLabel(el, label);
          expect(input.type, label).to.equal('password');
          expect(input.value, label).to.equal('');
          expect(input.getAttribute('autocomplete')).to.equal('new-password');
          expect(input.getAttribute('spellcheck')).to.equal('false');
        }
      });

      it('is accessible when empty', async () => {
        const el = await formFor(schema);
        await expect(el).to.be.accessible();
      });

      it('submitting empty shows errors where required, produces no values, and is still accessible', async () => {
        const el = await formFor(schema);
        let submitted = false;
        el.addEventListener('connect-form-submit', () => (submitted = true));
        const errors: ConnectErrorEvent[] = [];
        el.addEventListener('connect-error', (e) => errors.push(e));
        await submit(el);
        const required = expectedLabels[name]!.filter((l) => l.endsWith('(required)'));
        expect(submitted).to.equal(required.length === 0);
        if (required.length) {
          expect(errors).to.have.length(1);
          expect(errors[0]!.detail.code).to.equal('validation');
          for (const label of required) {
            const input = byLabel(el, label.replace(' (required)', ''));
            expect(errorOf(el, input), label).to.match(/^Enter /);
            expect(input.getAttribute('aria-invalid')).to.equal('true');
          }
          // Focus is on the first invalid field and the summary is announced.
          expect(root(el).activeElement).to.equal(byLabel(el, required[0]!.replace(' (required)', '')));
          const summary = root(el).querySelector('[role=alert]')!;
          expect(summary.textContent).to.contain(`${required.length === 1 ? '1 field needs' : `${required.length} fields need`} attention`);
        }
        await expect(el).to.be.accessible();
      });
    });
  }

  it('Auth0: valid input produces values nested exactly like the schema', async () => {
    const el = await formFor(connectors['infisical-auth0-connection'].auth.ui.schema);
    await type(el, byLabel(el, 'Domain'), 'acme.us.auth0.com');
    await type(el, byLabel(el, 'Client ID'), 'cid-123');
    await type(el, byLabel(el, 'Client Secret'), 'shh-secret');
    await type(el, byLabel(el, 'Audience'), 'https://acme.us.auth0.com/api/v2/');
    await type(el, byLabel(el, 'Name'), 'my-auth0');
    let submitted = 0;
    el.addEventListener('connect-form-submit', () => submitted++);
    await submit(el);
    expect(submitted).to.equal(1);
    expect(el.getValue()).to.deep.equal({
      method: 'client-credentials',
      credentials: { domain: 'acme.us.auth0.com', clientId: 'cid-123', clientSecret: 'shh-secret', audience: 'https://acme.us.auth0.com/api/v2/' },
      name: 'my-auth0',
    });
  });

  it('Auth0: a bad URL and a bad slug get human messages on blur, cleared as the user fixes them', async () => {
    const el = await formFor(connectors['infisical-auth0-connection'].auth.ui.schema);
    const audience = byLabel(el, 'Audience');
    await type(el, audience, 'not a url');
    expect(errorOf(el, audience)).to.equal('Enter a URL like https://example.com');
    const slug = byLabel(el, 'Name');
    await type(el, slug, 'Bad Name');
    expect(errorOf(el, slug)).to.equal('Enter Name in the expected format');
    // Touched fields are validated as the user types.
    await type(el, slug, 'good-name', false);
    expect(errorOf(el, slug)).to.equal('');
    expect(slug.getAttribute('aria-invalid')).to.equal('false');
  });

  it('Zapier: key/value rows are sent as an object of secrets', async () => {
    const el = await formFor(connectors['zapier-authentication'].auth.ui.schema);
    await type(el, byLabel(el, 'Title'), 'My auth');
    await type(el, byLabel(el, 'App'), '4b7ed8a8-6f3c-4b8e-9d0c-2f1f3c1a9e11');
    await type(el, byLabel(el, 'Key'), 'api_key');
    await type(el, byLabel(el, 'Value'), 'zap-secret');
    let submitted = 0;
    el.addEventListener('connect-form-submit', () => submitted++);
    await submit(el);
    expect(submitted).to.equal(1);
    expect(el.getValue()).to.deep.equal({ title: 'My auth', app: '4b7ed8a8-6f3c-4b8e-9d0c-2f1f3c1a9e11', authentication_fields: { api_key: 'zap-secret' } });
  });

  it('Zapier: an app id that is not a UUID gets a message naming the expected shape', async () => {
    const el = await formFor(connectors['zapier-authentication'].auth.ui.schema);
    const app = byLabel(el, 'App');
    await type(el, app, 'abc');
    expect(errorOf(el, app)).to.match(/^Enter an ID like /);
  });
});

import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ConnectWidget } from '../../src/elements/widget/widget.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import { byLabel, clearRequests, connectors, errorOf, mountWidget, requests, root, type, until } from './helpers.js';

const widget = (connector: unknown, scenario = 'ok', extra: Partial<ConnectWidget> = {}) => mountWidget(connector, { tokenEndpoint: `/api/token/${scenario}`, ...extra });

const formOf = (el: ConnectWidget): ConnectForm => {
  const forms = [...root(el).querySelectorAll('connect-form')].filter((f) => !f.closest('[hidden]'));
  return forms[0] as ConnectForm;
};

/** The live regions (alert, status, aria-live) of the widget and its forms whose text contains `text`. */
const regionsSaying = (el: ConnectWidget, text: string): Element[] =>
  [root(el), ...[...root(el).querySelectorAll('connect-form')].map((f) => root(f))]
    .flatMap((r) => [...r.querySelectorAll('[role=alert], [role=status], [aria-live]')])
    .filter((region) => region.textContent!.includes(text));

/** The widget's own live region: for screen readers, so it must take no room on screen. */
const liveRegion = (el: ConnectWidget): HTMLElement => root(el).querySelector<HTMLElement>('p[part=status]')!;

const clickConnect = async (el: ConnectWidget) => {
  const form = formOf(el);
  const button = form ? root(form).querySelector<HTMLButtonElement>('button[type=submit]')! : root(el).querySelector<HTMLButtonElement>('section:not([hidden]) button.primary')!;
  button.click();
};

async function fillAuth0(form: ConnectForm, secret = 'AUTH0-SECRET-MARKER') {
  await type(form, byLabel(form, 'Domain'), 'acme.us.auth0.com');
  await type(form, byLabel(form, 'Client ID'), 'client-123');
  await type(form, byLabel(form, 'Client Secret'), secret);
  await type(form, byLabel(form, 'Audience'), 'https://acme.us.auth0.com/api/v2/');
  await type(form, byLabel(form, 'Name'), 'acme');
}

describe('<connect-widget>', () => {
  beforeEach(() => clearRequests());

  it('sends the exact request body of SPEC and reports only the connection', async () => {
    const { el, events } = await widget(connectors['infisical-auth0-connection'], 'ok', { context: { projectId: 'proj_1', orgId: 'org_9' }, connectionId: 'conn_old' });
    expect(events[0]).to.deep.equal({ name: 'connect-ready', detail: { connector: 'auth0', option: null } });
    const form = formOf(el);
    // projectId is a schema property fixed by the host: not shown, sent in fields.
    expect(() => byLabel(form, 'Project ID')).to.throw();
    await fillAuth0(form);
    const connection = el.submit();
    expect(await connection).to.deep.equal({ id: 'conn_1', connector: 'auth0', option: null });
    const [req] = await requests();
    expect(req!.contentType).to.equal('application/json');
    expect(req!.idempotencyKey).to.match(/^[0-9a-f-]{36}$/);
    expect(req!.body).to.deep.equal({
      connector: 'auth0',
      type: 'client-credentials',
      step: 'credentials',
      fields: {
        method: 'client-credentials',
        credentials: { domain: 'acme.us.auth0.com', clientId: 'client-123', clientSecret: 'AUTH0-SECRET-MARKER', audience: 'https://acme.us.auth0.com/api/v2/' },
        name: 'acme',
        projectId: 'proj_1',
      },
      context: { orgId: 'org_9' },
      connectionId: 'conn_old',
    });
    expect(events.map((e) => e.name)).to.deep.equal(['connect-ready', 'connect-submit', 'connect-success']);
    expect(events[1]!.detail).to.deep.equal({ connector: 'auth0', option: null, step: 'credentials' });
    expect(events[2]!.detail).to.deep.equal({ connection: { id: 'conn_1', connector: 'auth0', option: null } });
    // Secrets are emptied after success.
    await el.updateComplete;
    expect(root(el).querySelector('[part=success]')!.textContent).to.equal('Connected to Auth0.');
    // Announced by the live region, which is visually hidden: the sentence is on screen once.
    expect(liveRegion(el).textContent).to.equal('Connected to Auth0.');
    const box = liveRegion(el).getBoundingClientRect();
    expect(box.width * box.height).to.be.at.most(1);
    expect(root(el).querySelector('connect-form'), 'forms (and their secrets) are gone').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('reset() clears typed values and errors', async () => {
    const { el } = await widget(connectors['zapier-authentication'], 'error/zapier-400-pointer');
    const form = formOf(el);
    await type(form, byLabel(form, 'Title'), 'T');
    await type(form, byLabel(form, 'App'), '4b7ed8a8-6f3c-4b8e-9d0c-2f1f3c1a9e11');
    await el.submit().catch(() => undefined);
    await form.updateComplete;
    expect(errorOf(form, byLabel(form, 'App'))).to.equal('Unknown app id.');
    el.reset();
    await form.updateComplete;
    expect(byLabel(form, 'Title').value).to.equal('');
    expect(errorOf(form, byLabel(form, 'App'))).to.equal('');
  });

  it('options: a radio group with arrow keys, the option attribute reflects, values kept per option', async () => {
    const { el, events } = await widget(connectors['integration-app-example']);
    expect(el.getAttribute('option')).to.equal(null);
    const picker = root(el).querySelector('connect-option-picker')!;
    await (picker as unknown as { updateComplete: Promise<void> }).updateComplete;
    const radios = [...picker.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => r.labels![0]!.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['API Key Authentication', 'OAuth Authentication']);
    expect(radios[0]!.checked).to.equal(true);
    await type(formOf(el), byLabel(formOf(el), 'API Key'), 'typed-key');
    radios[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.getAttribute('option')).to.equal('oauth');
    expect(events.filter((e) => e.name === 'connect-option-change').map((e) => e.detail)).to.deep.equal([{ option: 'oauth' }]);
    // The OAuth option has no schema: it must not show the top-level API key field.
    expect(formOf(el)).to.equal(undefined);
    expect(root(el).querySelector('section:not([hidden]) button.primary')!.textContent!.trim()).to.equal('Continue with Example App');
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(byLabel(formOf(el), 'API Key').value).to.equal('typed-key');
    await expect(el).to.be.accessible();
  });

  it('lock-option hides the picker', async () => {
    const { el } = await widget(connectors['integration-app-example'], 'ok', { option: 'api-key', lockOption: true });
    expect(root(el).querySelector('connect-option-picker')).to.equal(null);
    expect(byLabel(formOf(el), 'API Key')).to.exist;
  });

  it('a rejected key is shown on its field, typed values kept, and a retry succeeds', async () => {
    const { el, events } = await widget(connectors['integration-app-example'], 'test-key', { option: 'api-key' });
    const form = formOf(el);
    await type(form, byLabel(form, 'API Key'), 'bad-key');
    await el.submit().catch(() => undefined);
    await form.updateComplete;
    expect(errorOf(form, byLabel(form, 'API Key'))).to.equal('This key was rejected by Example App.');
    expect(byLabel(form, 'API Key').value).to.equal('bad-key');
    const error = events.find((e) => e.name === 'connect-error')!;
    expect(error.detail).to.deep.include({ code: 'validation', status: 422 });
    expect(error.detail.fieldErrors).to.deep.equal([{ pointer: '/apiKey', message: 'This key was rejected by Example App.' }]);
    await type(form, byLabel(form, 'API Key'), 'good-key');
    expect(await el.submit()).to.have.property('id');
    const sent = await requests();
    expect(sent.map((r) => r.body.fields)).to.deep.equal([{ apiKey: 'bad-key' }, { apiKey: 'good-key' }]);
    // A changed value is a new attempt: a new Idempotency-Key.
    expect(sent[0]!.idempotencyKey).to.not.equal(sent[1]!.idempotencyKey);
  });

  for (const [fixtureName, code, text] of [
    ['infisical-400', 'validation', 'Invalid Auth0 domain'],
    ['infisical-403', 'configuration', 'You are not allowed to create app connections in this project'],
    ['infisical-500', 'server', ''],
    ['zapier-500', 'server', ''],
    ['html-502', 'server', '502'],
    ['zapier-429', 'rate-limited', '3 seconds'],
  ] as const) {
    it(`error answer ${fixtureName}: a human message, code ${code}, values kept`, async () => {
      const { el, events } = await widget(connectors['infisical-auth0-connection'], `error/${fixtureName}`);
      const form = formOf(el);
      await fillAuth0(form);
      const err = await el.submit().then(
        () => null,
        (e) => e,
      );
      expect(err.code).to.equal(code);
      const detail = events.find((e) => e.name === 'connect-error')!.detail;
      expect(detail.code).to.equal(code);
      expect(String(detail.message)).to.contain(text);
      expect(String(detail.message)).to.not.contain('<');
      await form.updateComplete;
      // A wait is shown as a live countdown next to the message, not as the event's static sentence.
      const shown = String(detail.message).replace(/ Try again in \d+ seconds?\.$/, '');
      expect(root(form).querySelector('[role=alert]')!.textContent).to.contain(shown);
      // Shown and announced once: not also copied into the widget's live region.
      expect(regionsSaying(el, shown)).to.have.length(1);
      expect(byLabel(form, 'Client Secret').value).to.equal('AUTH0-SECRET-MARKER');
      await expect(el).to.be.accessible();
    });
  }

  it('zod and problem+json field errors land on their fields', async () => {
    for (const [fixtureName, label, message] of [
      ['infisical-422-zod', 'Name', 'String must contain at most 64 character(s)'],
      ['problem-json-422', 'Client Secret', 'This client secret was not accepted.'],
    ] as const) {
      const { el } = await widget(connectors['infisical-auth0-connection'], `error/${fixtureName}`);
      const form = formOf(el);
      await fillAuth0(form);
      await el.submit().catch(() => undefined);
      await form.updateComplete;
      expect(errorOf(form, byLabel(form, label))).to.equal(message);
      el.remove();
    }
  });

  it("429: the server's own message is shown together with a countdown that ticks; the event says both", async () => {
    const { el, events } = await widget(connectors['infisical-auth0-connection'], 'error/zapier-429');
    const form = formOf(el);
    await fillAuth0(form);
    await el.submit().catch(() => undefined);
    await form.updateComplete;
    await el.updateComplete;
    const summary = root(form).querySelector('[part=summary]')!.textContent!.trim();
    expect(summary).to.equal('Request was throttled. Expected available in 3 seconds.');
    const countdown = () => root(el).querySelector('[part=retry-after]')?.textContent?.trim();
    expect(countdown()).to.equal('Try again in 3 seconds.');
    expect(root(el).querySelector('[part=retry-after]')!.getAttribute('role')).to.equal('timer');
    await until(() => countdown() === 'Try again in 2 seconds.', 1600);
    await until(() => countdown() === 'Try again in 1 second.', 1600);
    const error = events.find((e) => e.name === 'connect-error')!;
    expect(error.detail.message).to.equal('Request was throttled. Expected available in 3 seconds. Try again in 3 seconds.');
    await expect(el).to.be.accessible();
    await until(() => countdown() === undefined, 1600);
  });

  it('429 with Retry-After keeps Connect disabled until then and never resends by itself', async () => {
    const { el } = await widget(connectors['infisical-auth0-connection'], 'error/zapier-429');
    const form = formOf(el);
    await fillAuth0(form);
    await el.submit().catch(() => undefined);
    await form.updateComplete;
    const button = root(form).querySelector<HTMLButtonElement>('button[type=submit]')!;
    expect(button.disabled).to.equal(true);
    await new Promise((r) => setTimeout(r, 3200));
    await form.updateComplete;
    expect(button.disabled).to.equal(false);
    expect(liveRegion(el).textContent).to.equal('You can try again now.');
    expect(await requests()).to.have.length(1);
  });

  it('a dropped connection and a timeout each get their own message; a retry reuses the Idempotency-Key', async () => {
    const drop = await widget(connectors['integration-app-example'], 'drop', { option: 'api-key' });
    await type(formOf(drop.el), byLabel(formOf(drop.el), 'API Key'), 'k1');
    await drop.el.submit().catch(() => undefined);
    await drop.el.submit().catch(() => undefined);
    const dropErrors = drop.events.filter((e) => e.name === 'connect-error').map((e) => e.detail);
    expect(dropErrors.map((d) => d.code)).to.deep.equal(['network', 'network']);
    const sent = await requests();
    expect(sent).to.have.length(2);
    expect(sent[0]!.idempotencyKey).to.equal(sent[1]!.idempotencyKey);

    const hang = await widget(connectors['integration-app-example'], 'hang', { option: 'api-key', timeout: 300 });
    await type(formOf(hang.el), byLabel(formOf(hang.el), 'API Key'), 'k1');
    const err = await hang.el.submit().catch((e) => e);
    expect(err.code).to.equal('timeout');
    const timeoutMessage = hang.events.find((e) => e.name === 'connect-error')!.detail.message;
    expect(timeoutMessage).to.not.equal(dropErrors[0]!.message);
  });

  it('a double click sends one request', async () => {
    const { el, events } = await widget(connectors['integration-app-example'], 'slow', { option: 'api-key' });
    await type(formOf(el), byLabel(formOf(el), 'API Key'), 'k');
    await clickConnect(el);
    await clickConnect(el);
    await until(() => events.some((e) => e.name === 'connect-success'));
    expect(await requests()).to.have.length(1);
  });

  it('one-click options (proxy) send empty fields; connect-submit can be prevented', async () => {
    const proxy = { key: 'proxy-app', name: 'Proxy App', auth: { type: 'proxy' } };
    const { el, events } = await widget(proxy);
    el.addEventListener('connect-submit', (e) => e.preventDefault(), { once: true });
    const cancelled = await el.submit().catch((e) => e);
    expect(cancelled.code).to.equal('cancelled');
    expect(await requests()).to.have.length(0);
    await clickConnect(el);
    await until(() => events.some((e) => e.name === 'connect-success'));
    expect((await requests())[0]!.body).to.deep.equal({ connector: 'proxy-app', type: 'proxy', step: 'credentials', fields: {} });
  });

  it('host headers: an object, a function or an async function', async () => {
    for (const headers of [{ 'X-CSRF': 'a' }, () => ({ 'X-CSRF': 'b' }), async () => ({ 'X-CSRF': 'c' })]) {
      const { el } = await widget({ key: 'p', name: 'P', auth: { type: 'proxy' } }, 'ok', { headers });
      await el.submit();
      el.remove();
    }
    expect((await requests()).map((r) => r.headers['x-csrf'])).to.deep.equal(['a', 'b', 'c']);
  });

  it('a malformed connector gives an error state and invalid-connector', async () => {
    const { el, events } = await widget({ key: 'x', auth: { type: 'magic' } });
    expect(events.map((e) => e.detail.code)).to.deep.equal(['invalid-connector']);
    expect(root(el).querySelector('[role=alert]')!.textContent).to.equal(
      'This connector cannot be used: name is missing; auth.type must be one of client-credentials, oauth2, oauth1, proxy, integration-app-token.',
    );
    await expect(el).to.be.accessible();
  });

  it('connector-url: fetched as JSON; a 404 is an invalid-connector error naming the URL', async () => {
    const { el } = await widget(undefined, 'ok', { connectorUrl: '/api/connectors/zapier-authentication' });
    expect(byLabel(formOf(el), 'Title')).to.exist;
    const missing = await widget(undefined, 'ok', { connectorUrl: '/api/connectors/nope' });
    expect(missing.events[0]!.detail.code).to.equal('invalid-connector');
    expect(missing.events[0]!.detail.message).to.equal('This connector cannot be used: it could not be loaded from /api/connectors/nope: the server answered 404.');
  });

  it("the form's and the picker's parts are forwarded, the popover too: a host styles them with connect-widget::part()", async () => {
    const style = document.createElement('style');
    style.textContent = `
      connect-widget.themed::part(submit) { background-color: rgb(1, 2, 3); }
      connect-widget.themed::part(input) { border-top-color: rgb(4, 5, 6); }
      connect-widget.themed::part(option) { color: rgb(7, 8, 9); }
      connect-widget.themed::part(popover) { color: rgb(10, 11, 12); }`;
    document.head.append(style);
    try {
      const { el } = await widget(connectors['integration-app-example']);
      el.classList.add('themed');
      const form = formOf(el);
      const picker = root(el).querySelector('connect-option-picker')!;
      expect(getComputedStyle(root(form).querySelector('button[type=submit]')!).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(byLabel(form, 'API Key')).borderTopColor).to.equal('rgb(4, 5, 6)');
      expect(getComputedStyle(root(picker).querySelector('[part=option]')!).color).to.equal('rgb(7, 8, 9)');
      // A long description's popover (Zapier's "Authentication fields").
      const { el: zapier } = await widget(connectors['zapier-authentication']);
      zapier.classList.add('themed');
      expect(getComputedStyle(root(formOf(zapier)).querySelector('[part~=popover]')!).color).to.equal('rgb(10, 11, 12)');
    } finally {
      style.remove();
    }
  });

  it('values prefill non-secret fields', async () => {
    const { el } = await widget(connectors['zapier-authentication'], 'ok', { values: { title: 'Prefilled' } });
    expect(byLabel(formOf(el), 'Title').value).to.equal('Prefilled');
  });

  it('a server message that repeats a typed secret shows it masked (security rule 1)', async () => {
    const { el, events } = await widget(connectors['integration-app-example'], 'echo-secret', { option: 'api-key' });
    await type(formOf(el), byLabel(formOf(el), 'API Key'), 'SECRET-MARKER-123');
    await el.submit().catch(() => undefined);
    await formOf(el).updateComplete;
    const message = String(events.find((e) => e.name === 'connect-error')!.detail.message);
    expect(message).to.not.contain('SECRET-MARKER-123');
    expect(message).to.contain('••••••');
    expect(root(formOf(el)).querySelector('[role=alert]')!.textContent).to.not.contain('SECRET-MARKER-123');
  });

  it('a plain-http cross-origin endpoint is refused before any request (security rule 3)', async () => {
    const { el, events } = await widget({ key: 'p', name: 'P', auth: { type: 'proxy' } }, 'ok', { tokenEndpoint: 'http://evil.example.com/token' });
    el.tokenEndpoint = 'http://evil.example.com/token';
    const err = await el.submit().catch((e) => e);
    expect(err.code).to.equal('invalid-endpoint');
    expect(events.find((e) => e.name === 'connect-error')!.detail.code).to.equal('invalid-endpoint');
    expect(root(el).querySelector('[role=alert]')!.textContent).to.not.equal('');
    expect(await requests()).to.have.length(0);
  });

  it('theme="dark" and theme="auto" on a dark system switch to the dark colours; a host custom property still wins', async () => {
    const { el } = await widget(connectors['integration-app-example']);
    const surface = () => getComputedStyle(el).backgroundColor;
    expect(surface()).to.equal('rgb(255, 255, 255)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(surface()).to.equal('rgb(29, 32, 36)');
    el.theme = 'auto';
    await el.updateComplete;
    expect(surface(), 'auto on a light system').to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(surface(), 'auto on a dark system').to.equal('rgb(29, 32, 36)');
      el.style.setProperty('--connect-color-surface', 'rgb(1, 2, 3)');
      expect(surface(), "the host's own value").to.equal('rgb(1, 2, 3)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});

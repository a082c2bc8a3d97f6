// The OAuth states of <connect-widget> in Chromium: what the user sees and can do in each, what goes
// over the wire, and axe in every state. The popup is real; the "provider" is a same-origin stand-in
// page that waits, answers through the real callback page, or closes itself. The handshake against a
// real OAuth server (oidc-provider), cross-origin, is in test/e2e/oauth.test.ts.
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { ConnectWidget } from '../../src/elements/widget/widget.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import helpdesk from '../../demo/connectors/example-helpdesk.json';
import { byLabel, clearRequests, connectors, errorOf, mountWidget, requests, root, type, until } from './helpers.js';

const widget = (connector: unknown, extra: Partial<ConnectWidget> = {}) =>
  mountWidget(connector, { tokenEndpoint: '/api/token/oauth?answer=wait', redirectUri: '/test/elements/callback-page.html', ...extra });

/** Example App with its OAuth option chosen: one "Continue with Example App" button, no fields. */
const exampleOAuth = (extra: Partial<ConnectWidget> = {}) => widget(connectors['integration-app-example'], { option: 'oauth', lockOption: true, ...extra });
const continueButton = (el: ConnectWidget) => root(el).querySelector<HTMLButtonElement>('section:not([hidden]) button.primary')!;
const flowPanel = (el: ConnectWidget) => root(el).querySelector<HTMLElement>('[part="oauth-status"]');
const flowButton = (el: ConnectWidget, name: string) => [...root(el).querySelectorAll<HTMLButtonElement>('[part="oauth-status"] button')].find((b) => b.textContent!.trim() === name);
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<connect-widget> OAuth', () => {
  beforeEach(() => clearRequests());

  it('an OAuth option without redirect-uri is a configuration error, shown and reported, with no window and no request', async () => {
    const { el, events } = await exampleOAuth({ redirectUri: undefined });
    continueButton(el).click();
    await el.updateComplete;
    const error = events.find((e) => e.name === 'connect-error');
    expect(error?.detail.code).to.equal('configuration');
    expect(text(root(el).querySelector('[role=alert]'))).to.contain('redirect-uri');
    expect(await requests()).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('configuration errors are shown when the element is ready, before any typing, in the alert region (issue 17)', async () => {
    for (const [props, code, says] of [
      [{ redirectUri: undefined }, 'configuration', 'redirect-uri'],
      [{ tokenEndpoint: undefined }, 'configuration', 'token-endpoint'],
      [{ tokenEndpoint: 'http://api.example.com/token' }, 'invalid-endpoint', 'https'],
    ] as const) {
      const { el, events } = await exampleOAuth(props as Partial<ConnectWidget>);
      await until(() => events.some((e) => e.name === 'connect-error'));
      expect(events.map((e) => e.name)).to.deep.equal(['connect-ready', 'connect-error']);
      expect(events[1]!.detail.code).to.equal(code);
      await el.updateComplete;
      const alert = root(el).querySelector('[part=alert][role=alert]')!;
      expect(text(alert)).to.contain(says);
      expect(text(alert)).to.equal(events[1]!.detail.message);
      // Above the button, where the widget's other alerts are: no click was needed to see it.
      expect(root(el).querySelector('[part=oauth-status]')).to.equal(null);
      await expect(el).to.be.accessible();
      el.remove();
    }
  });

  it('while the sign-in window is open, the Continue button looks disabled (issue 17)', async () => {
    const { el } = await exampleOAuth();
    const button = continueButton(el);
    const idle = getComputedStyle(button);
    expect([idle.opacity, idle.cursor]).to.deep.equal(['1', 'pointer']);
    button.click();
    await until(() => text(flowPanel(el)).startsWith('Waiting for Example App…'));
    const waiting = getComputedStyle(continueButton(el));
    expect(Number(waiting.opacity)).to.be.below(0.7);
    expect(waiting.cursor).to.not.equal('pointer');
    flowButton(el, 'Cancel')!.click();
  });

  it("while the sign-in window is open, a form option's Continue button looks disabled too", async () => {
    const { el } = await widget(helpdesk);
    const form = root(el).querySelector('connect-form') as ConnectForm;
    await type(form, byLabel(form, 'Helpdesk subdomain'), 'acme');
    const submit = () => root(form).querySelector<HTMLButtonElement>('button[type=submit]')!;
    expect(getComputedStyle(submit()).cursor).to.equal('pointer');
    submit().click();
    await until(() => text(flowPanel(el)).startsWith('Waiting for Example Helpdesk…'));
    await form.updateComplete;
    expect(Number(getComputedStyle(submit()).opacity)).to.be.below(0.7);
    expect(getComputedStyle(submit()).cursor).to.not.equal('pointer');
    flowButton(el, 'Cancel')!.click();
  });

  it('a redirect-uri on another origin is refused: the callback page can only answer its own origin', async () => {
    const { el, events } = await exampleOAuth({ redirectUri: 'https://elsewhere.example/callback' });
    continueButton(el).click();
    await el.updateComplete;
    const error = events.find((e) => e.name === 'connect-error');
    expect(error?.detail.code).to.equal('configuration');
    expect(String(error?.detail.message)).to.contain('https://elsewhere.example');
    expect(await requests()).to.have.length(0);
  });

  it('waiting: "Waiting for Example App…" in a live region with Reopen window and Cancel; Cancel ends with connect-cancel', async () => {
    const { el, events } = await exampleOAuth();
    continueButton(el).click();
    await until(() => text(flowPanel(el)).startsWith('Waiting for Example App…'));
    const status = flowPanel(el)!.querySelector('[role=status]');
    expect(text(status)).to.contain('Waiting for Example App…');
    expect(flowButton(el, 'Reopen window')).to.exist;
    expect(continueButton(el).getAttribute('aria-disabled')).to.equal('true');
    const [start] = await requests();
    expect(start!.body).to.deep.equal({
      connector: 'example-app',
      option: 'oauth',
      type: 'oauth2',
      step: 'oauth-start',
      fields: {},
      redirectUri: new URL('/test/elements/callback-page.html', location.href).href,
    });
    expect(events.find((e) => e.name === 'connect-submit')?.detail).to.deep.equal({ connector: 'example-app', option: 'oauth', step: 'oauth-start' });
    await expect(el).to.be.accessible();

    // Another flow's answer on the channel: ignored, and logged at debug level without its payload.
    const logged: string[] = [];
    const debug = console.debug;
    console.debug = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      new BroadcastChannel('connect-widget:oauth').postMessage({ type: 'connect-widget:oauth-callback', state: 'other', params: { code: 'PAYLOAD-MARKER', state: 'other' } });
      await until(() => logged.length > 0);
    } finally {
      console.debug = debug;
    }
    expect(logged).to.deep.equal(['connect-widget: ignored an OAuth callback message (channel: wrong-state)']);
    expect(text(flowPanel(el))).to.contain('Waiting for Example App…');
    expect((await requests()).map((r) => r.body.step)).to.deep.equal(['oauth-start']);

    flowButton(el, 'Cancel')!.click();
    await until(() => events.some((e) => e.name === 'connect-cancel'));
    expect(events.find((e) => e.name === 'connect-cancel')!.detail).to.deep.equal({ reason: 'dismissed' });
  });

  it('the provider answers: oauth-callback carries the state and every callback parameter, then connect-success', async () => {
    const { el, events } = await exampleOAuth({ tokenEndpoint: '/api/token/oauth?answer=good' });
    const result = el.submit();
    const connection = await result;
    expect(connection).to.deep.equal({ id: 'conn_2', connector: 'example-app', option: 'oauth' });
    const [start, callback] = await requests();
    expect(start!.body.step).to.equal('oauth-start');
    expect(callback!.body).to.deep.equal({
      connector: 'example-app',
      option: 'oauth',
      type: 'oauth2',
      step: 'oauth-callback',
      fields: {},
      state: 'state-1',
      params: { code: 'good', state: 'state-1' },
    });
    expect(events.filter((e) => e.name === 'connect-success')).to.have.length(1);
    await el.updateComplete;
    expect(text(root(el).querySelector('[part=success]'))).to.equal('Connected to Example App.');
    await expect(el).to.be.accessible();
  });

  it("the provider refuses: connect-error oauth-denied with the provider's description, an alert and Try again, no oauth-callback", async () => {
    const { el, events } = await exampleOAuth({ tokenEndpoint: '/api/token/oauth?answer=deny' });
    continueButton(el).click();
    await until(() => events.some((e) => e.name === 'connect-error'));
    const error = events.find((e) => e.name === 'connect-error')!;
    expect(error.detail).to.deep.equal({ code: 'oauth-denied', message: 'Example App did not grant access: The user said no' });
    await el.updateComplete;
    expect(text(flowPanel(el)!.querySelector('[role=alert]'))).to.equal('Example App did not grant access: The user said no');
    // Said once: the widget's live region does not repeat the alert.
    expect(text(root(el).querySelector('p[part=status]'))).to.equal('');
    expect(flowButton(el, 'Try again')).to.exist;
    expect((await requests()).map((r) => r.body.step)).to.deep.equal(['oauth-start']);
    await expect(el).to.be.accessible();
  });

  it('the window closes without an answer: after a grace, Reopen window and Cancel; Cancel is connect-cancel popup-closed', async () => {
    const { el, events } = await exampleOAuth({ tokenEndpoint: '/api/token/oauth?answer=close' });
    continueButton(el).click();
    await until(() => text(flowPanel(el)).includes('seems to be closed'), 6000);
    expect(text(flowPanel(el))).to.contain('The Example App window seems to be closed. Reopen it to finish signing in, or cancel.');
    expect(flowButton(el, 'Reopen window')).to.exist;
    await expect(el).to.be.accessible();
    flowButton(el, 'Cancel')!.click();
    await until(() => events.some((e) => e.name === 'connect-cancel'));
    expect(events.find((e) => e.name === 'connect-cancel')!.detail).to.deep.equal({ reason: 'popup-closed' });
  });

  it('connection parameters are sent in oauth-start.fields; a server refusal lands on the field and closes the window', async () => {
    const { el, events } = await widget(helpdesk, { tokenEndpoint: '/api/token/oauth?answer=reject-subdomain' });
    const form = root(el).querySelector('connect-form') as ConnectForm;
    await type(form, byLabel(form, 'Helpdesk subdomain'), 'acme');
    root(form).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => events.some((e) => e.name === 'connect-error'));
    const [start] = await requests();
    expect(start!.body.fields).to.deep.equal({ subdomain: 'acme', region: 'us' });
    await form.updateComplete;
    expect(errorOf(form, byLabel(form, 'Helpdesk subdomain'))).to.equal('There is no helpdesk at this subdomain.');
    expect(byLabel(form, 'Helpdesk subdomain').value).to.equal('acme', 'kept for fixing');
    expect(events.find((e) => e.name === 'connect-error')!.detail).to.include({ code: 'validation', status: 422 });
    await expect(el).to.be.accessible();
  });
});

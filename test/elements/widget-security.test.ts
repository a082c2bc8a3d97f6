import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { openConnect } from '../../src/open.js';
import type { ConnectWidget } from '../../src/elements/widget/widget.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import { connectors, controls, root, type, until } from './helpers.js';

const MARKER = 'SECRET-MARKER-7f3a';

/** Every attribute value and text node, through every shadow root. */
function everythingVisible(node: Node = document): string[] {
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out.push(n.textContent ?? '');
    if (n instanceof Element) {
      for (const a of n.attributes) out.push(a.value);
      if (n.shadowRoot) walk(n.shadowRoot);
    }
    for (const c of n.childNodes) walk(c);
  };
  walk(node);
  return out;
}

/** Every secret input of every form inside a widget. */
function secretInputs(el: ConnectWidget): HTMLInputElement[] {
  return [...root(el).querySelectorAll('connect-form')].flatMap((f) => controls(f).filter((c) => (c as HTMLInputElement).autocomplete === 'new-password')) as HTMLInputElement[];
}

async function ready(el: ConnectWidget) {
  await new Promise<void>((resolve) => el.addEventListener('connect-ready', () => resolve(), { once: true }));
  await el.updateComplete;
}

async function fillEverything(el: ConnectWidget) {
  const form = root(el).querySelector<ConnectForm>('connect-form')!;
  await form.updateComplete;
  for (const c of controls(form) as HTMLInputElement[]) {
    if (c.type === 'radio' || c.type === 'checkbox' || c.tagName === 'SELECT') continue;
    const isSecret = c.autocomplete === 'new-password';
    const label = c.labels?.[0]?.textContent ?? '';
    const value = isSecret ? MARKER : /Audience|URL|ARN/i.test(label) ? 'https://example.com/x' : /App/.test(label) ? '4b7ed8a8-6f3c-4b8e-9d0c-2f1f3c1a9e11' : /Key/.test(label) ? 'k1' : 'plain-value';
    await type(form, c, value);
  }
}

describe('Security rules (SPEC), in Chromium', () => {
  const logged: string[] = [];
  const originals: Partial<Record<'log' | 'info' | 'warn' | 'error' | 'debug', (...a: unknown[]) => void>> = {};
  before(() => {
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      originals[m] = console[m];
      console[m] = (...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        originals[m]!.apply(console, args);
      };
    }
  });
  after(() => Object.assign(console, originals));
  beforeEach(() => fetch('/api/requests', { method: 'DELETE' }));

  for (const [name, connector] of Object.entries(connectors)) {
    it(`rules 1 and 2 with ${name}: a secret reaches the request body and nowhere else, then is dropped`, async () => {
      const events: string[] = [];
      const el = await fixture<ConnectWidget>(html`<connect-widget token-endpoint="/api/token/echo-secret"></connect-widget>`);
      for (const n of ['connect-ready', 'connect-submit', 'connect-success', 'connect-error', 'connect-option-change'])
        el.addEventListener(n, (e) => events.push(JSON.stringify((e as CustomEvent).detail)));
      const isReady = ready(el);
      el.connector = connector;
      await isReady;
      const secrets = secretInputs(el);
      if (secrets.length === 0) return; // a connector with no secret field (token auth) has nothing to leak
      await fillEverything(el);
      // An error answer that repeats the key, then a success.
      await el.submit().catch(() => undefined);
      el.tokenEndpoint = '/api/token/ok';
      await el.submit();
      await el.updateComplete;

      const sent = await (await fetch('/api/requests')).json();
      expect(JSON.stringify(sent)).to.contain(MARKER, 'the secret reached the token endpoint');
      for (const text of everythingVisible()) expect(text).to.not.contain(MARKER);
      expect(events.join('\n')).to.not.contain(MARKER);
      expect(logged.join('\n')).to.not.contain(MARKER);
      expect(location.href).to.not.contain(MARKER);
      expect(JSON.stringify({ ...localStorage })).to.not.contain(MARKER);
      expect(JSON.stringify({ ...sessionStorage })).to.not.contain(MARKER);
      expect(document.cookie).to.not.contain(MARKER);
      expect(await indexedDB.databases()).to.deep.equal([]);
      // Rule 2: after success the inputs are empty.
      for (const input of secrets) expect(input.value).to.equal('');
    });
  }

  it('rule 2: removing the widget empties its secret inputs', async () => {
    const el = await fixture<ConnectWidget>(html`<connect-widget token-endpoint="/api/token/ok" option="api-key"></connect-widget>`);
    const isReady = ready(el);
    el.connector = connectors['integration-app-example'];
    await isReady;
    const [input] = secretInputs(el);
    const form = root(el).querySelector<ConnectForm>('connect-form')!;
    await type(form, input!, MARKER);
    el.remove();
    expect(input!.value).to.equal('');
    expect(JSON.stringify(form.getValue())).to.not.contain(MARKER);
  });

  it('secret fields of any type (number, choice, object, map): masked inputs, never prefilled, masked in server messages, emptied after success', async () => {
    const PIN = String(100000 + Math.floor(Math.random() * 900000));
    const USER = `user-${Math.random().toString(36).slice(2, 10)}`;
    const el = document.createElement('connect-widget');
    el.tokenEndpoint = '/api/token/echo-fields';
    const isReady = ready(el);
    el.connector = {
      key: 'any-secret',
      name: 'Any Secret',
      auth: {
        type: 'client-credentials',
        ui: {
          schema: {
            type: 'object',
            required: ['pin', 'plan', 'creds'],
            properties: {
              pin: { type: 'integer', title: 'PIN', writeOnly: true, default: 1234 },
              plan: { type: 'string', title: 'Plan', enum: ['bronze-plan', 'silver-plan', 'golden-plan'], 'x-secret': true, default: 'silver-plan' },
              creds: { type: 'object', title: 'Login', writeOnly: true, required: ['user'], properties: { user: { type: 'string', title: 'User', default: 'admin' } } },
            },
          },
        },
      },
    };
    document.body.append(el);
    await isReady;
    const form = root(el).querySelector<ConnectForm>('connect-form')!;
    await form.updateComplete;
    const pin = controls(form).find((c) => c.id.endsWith('pin')) as HTMLInputElement;
    const user = controls(form).find((c) => c.id.endsWith('user')) as HTMLInputElement;
    const plan = root(form).querySelector('select')!;
    expect(pin.type).to.equal('password');
    expect(user.type).to.equal('password');
    expect(root(form).querySelectorAll('input[type=radio]')).to.have.length(0, 'a secret choice is a select');
    expect([pin.value, user.value, plan.value]).to.deep.equal(['', '', ''], 'no default is prefilled');
    await type(form, pin, PIN);
    await type(form, user, USER);
    plan.selectedIndex = 3; // golden-plan (index 0 is "Choose…")
    plan.dispatchEvent(new Event('change', { bubbles: true }));
    await form.updateComplete;
    const events: string[] = [];
    el.addEventListener('connect-error', (e) => events.push(JSON.stringify((e as CustomEvent).detail)));
    await el.submit().catch(() => undefined);
    await form.updateComplete;
    const sent = await (await fetch('/api/requests')).json();
    expect(sent[0].body.fields).to.deep.equal({ pin: Number(PIN), plan: 'golden-plan', creds: { user: USER } });
    // The messages (on screen and in the event) mask all three; the chosen plan shows only in its closed select.
    const shown = root(form).querySelector('[part=summary]')!.textContent! + events.join(' ');
    expect(shown).to.contain('These values are not valid');
    for (const value of [PIN, USER, 'golden-plan']) expect(shown).to.not.contain(value);
    expect(everythingVisible(el).join(' ')).to.not.contain(PIN).and.not.contain(USER);
    el.tokenEndpoint = '/api/token/ok';
    await el.submit();
    await form.updateComplete;
    expect([pin.value, user.value, plan.selectedIndex]).to.deep.equal(['', '', 0]);
    expect(JSON.stringify(form.getValue())).to.not.contain(USER);
    el.remove();
  });

  it('rule 3: http cross-origin endpoints are refused before a byte is sent; https and localhost are fine', async () => {
    const el = await fixture<ConnectWidget>(html`<connect-widget token-endpoint="http://api.example.com/token"></connect-widget>`);
    const isReady = ready(el);
    el.connector = { key: 'p', name: 'P', auth: { type: 'proxy' } };
    await isReady;
    const err = await el.submit().catch((e) => e);
    expect(err.code).to.equal('invalid-endpoint');
    expect(root(el).querySelector('[role=alert]')!.textContent).to.match(/https/i);
    expect(await (await fetch('/api/requests')).json()).to.deep.equal([]);
  });

  it("rule 4: the connector's own text is inert in the widget; help links and logos only for http(s) URLs", async () => {
    const el = await fixture<ConnectWidget>(html`<connect-widget token-endpoint="/api/token/ok"></connect-widget>`);
    const isReady = ready(el);
    const hostile = '<img src=x onerror="window.__pwned=1">';
    el.connector = {
      key: 'evil',
      name: `Evil ${hostile}`,
      logoUri: 'javascript:window.__pwned=1',
      auth: {
        type: 'client-credentials',
        ui: { description: `<b>bold</b> ${hostile}`, helpUri: 'javascript:window.__pwned=1' },
        options: {
          one: {
            type: 'client-credentials',
            title: `One ${hostile}`,
            ui: { description: '<script>window.__pwned=1</script>', helpUri: 'data:text/html,x', schema: { type: 'object', properties: { a: { type: 'string', title: hostile } } } },
          },
          two: { type: 'proxy', title: 'Two', ui: { helpUri: 'https://docs.example.com/two' } },
        },
      },
    };
    await isReady;
    const r = root(el);
    expect(r.querySelector('h2')!.textContent).to.contain(hostile, 'the name is shown as text');
    expect(r.querySelector('.description')!.textContent).to.equal('<script>window.__pwned=1</script>');
    expect([...r.querySelectorAll('img, script, b')], 'no markup from the connector').to.have.length(0);
    expect(r.querySelector('section:not([hidden]) a'), 'no link for a data: help URL').to.equal(null);
    el.option = 'two';
    await el.updateComplete;
    expect(r.querySelector<HTMLAnchorElement>('section:not([hidden]) a')!.href).to.equal('https://docs.example.com/two');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });
});

describe('openConnect(): the widget in a native dialog', () => {
  it('opens modal, Escape cancels with connect-cancel {reason: "dismissed"}, focus returns to the opener', async () => {
    const opener = await fixture<HTMLButtonElement>(html`<button>Add account</button>`);
    opener.focus();
    const cancels: unknown[] = [];
    document.addEventListener('connect-cancel', (e) => cancels.push((e as CustomEvent).detail), { once: true });
    const result = openConnect({ connector: connectors['integration-app-example'], tokenEndpoint: '/api/token/ok', label: 'Connect Example App' }).catch((e) => e);
    const dialog = document.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    await expect(dialog).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    const err = await result;
    expect(err.code).to.equal('cancelled');
    expect(cancels).to.deep.equal([{ reason: 'dismissed' }]);
    expect(document.querySelector('dialog')).to.equal(null);
    expect(document.activeElement).to.equal(opener);
  });

  it('resolves with the connection when the user connects', async () => {
    const result = openConnect({ connector: connectors['integration-app-example'], tokenEndpoint: '/api/token/ok', option: 'api-key' });
    const widget = document.querySelector('dialog connect-widget') as ConnectWidget;
    await new Promise((r) => widget.addEventListener('connect-ready', r, { once: true }));
    await widget.updateComplete;
    const form = root(widget).querySelector<ConnectForm>('connect-form')!;
    await form.updateComplete;
    await type(form, secretInputs(widget)[0]!, 'k');
    void widget.submit();
    expect(await result).to.deep.include({ connector: 'example-app', option: 'api-key' });
    expect(document.querySelector('dialog')).to.equal(null);
  });

  it('looks like a dialog without host CSS (no browser border, a backdrop, a bounded width); any host rule wins', async () => {
    const result = openConnect({ connector: connectors['integration-app-example'], tokenEndpoint: '/api/token/ok' }).catch((e) => e);
    const dialog = document.querySelector<HTMLDialogElement>('dialog.connect-widget-dialog')!;
    const style = getComputedStyle(dialog);
    expect(style.borderTopWidth).to.equal('0px');
    expect(style.borderTopLeftRadius).to.equal('10px');
    expect(dialog.getBoundingClientRect().width).to.be.at.most(34 * 16 + 1);
    expect(getComputedStyle(dialog, '::backdrop').backgroundColor).to.equal('rgba(15, 20, 30, 0.45)');
    const host = document.createElement('style');
    host.textContent = 'dialog.connect-widget-dialog { border-radius: 2px; }';
    document.head.append(host);
    try {
      expect(getComputedStyle(dialog).borderTopLeftRadius).to.equal('2px');
    } finally {
      host.remove();
      dialog.querySelector<HTMLButtonElement>('button[part=close]')!.click();
      expect((await result).code).to.equal('cancelled');
    }
  });

  it('the widget fills the dialog: no empty strip beside the form (issue 17)', async () => {
    const result = openConnect({ connector: connectors['integration-app-example'], tokenEndpoint: '/api/token/ok', option: 'api-key', lockOption: true }).catch((e) => e);
    const dialog = document.querySelector<HTMLDialogElement>('dialog.connect-widget-dialog')!;
    try {
      const widget = dialog.querySelector('connect-widget') as ConnectWidget;
      await until(() => !!root(widget).querySelector('connect-form'));
      await widget.updateComplete;
      const style = getComputedStyle(dialog);
      const content = dialog.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const form = root(widget).querySelector<HTMLElement>('connect-form')!;
      expect(Math.round(form.getBoundingClientRect().width), 'the form is as wide as the dialog').to.equal(Math.round(content));
      // The Close button does not overlap the widget.
      const close = dialog.querySelector('button[part=close]')!.getBoundingClientRect();
      expect(close.bottom).to.be.at.most(widget.getBoundingClientRect().top + 0.5);
    } finally {
      dialog.querySelector<HTMLButtonElement>('button[part=close]')!.click();
      expect((await result).code).to.equal('cancelled');
    }
  });

  it('rejects at once for a connector that cannot work', async () => {
    const err = await openConnect({ connector: { nope: true }, tokenEndpoint: '/api/token/ok' }).catch((e) => e);
    expect(err.code).to.equal('invalid-connector');
    expect(document.querySelector('dialog')).to.equal(null);
  });
});

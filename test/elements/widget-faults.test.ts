// Fault tests in Chromium against the real test token endpoint (test/tools/token-endpoint.mjs): a
// server past the request timeout, a dropped connection, a 5xx, an HTML page, truncated JSON, a 2xx
// that is not JSON, a redirect and a 429 storm. Each ends in a clear state on screen and one
// `connect-error`, and everything the user typed is still there, the secret too (it is dropped only
// after a success).
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { ConnectWidget } from '../../src/elements/widget/widget.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import { byLabel, clearRequests, connectors, mountWidget, requests, root, type, until } from './helpers.js';

const SECRET = `fault-secret-${Math.random().toString(36).slice(2)}`;
const TYPED: Record<string, string> = {
  Domain: 'acme.us.auth0.com',
  'Client ID': 'client-123',
  'Client Secret': SECRET,
  Audience: 'https://acme.us.auth0.com/api/v2/',
  Name: 'acme',
};

const formOf = (el: ConnectWidget) => root(el).querySelector<ConnectForm>('section:not([hidden]) connect-form')!;
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function fill(form: ConnectForm) {
  for (const [label, value] of Object.entries(TYPED)) await type(form, byLabel(form, label), value);
}

/** Every value is still in its input. */
function expectKept(form: ConnectForm) {
  for (const [label, value] of Object.entries(TYPED)) expect(byLabel(form, label).value, label).to.equal(value);
}

const FAULTS = [
  { name: 'a server past the request timeout', scenario: 'hang', code: 'timeout', says: /did not answer within 1 second/, extra: { timeout: 400 } },
  { name: 'a dropped connection', scenario: 'drop', code: 'network', says: /Could not reach the server/ },
  { name: 'a 5xx', scenario: 'error/infisical-500', code: 'server', says: /Something went wrong/ },
  { name: 'an HTML error page', scenario: 'error/html-502', code: 'server', says: /502/ },
  { name: 'truncated JSON', scenario: 'truncated', code: 'server', says: /could not be read \(200\)/ },
  { name: 'a 2xx in the wrong content type', scenario: 'text-ok', code: 'server', says: /could not be read \(200\)/ },
  { name: 'a redirect', scenario: 'redirect', code: 'server', says: /redirect, which is not followed/ },
] as const;

describe('<connect-widget> faults of a real endpoint', function () {
  this.timeout(20000);
  beforeEach(() => clearRequests());

  for (const f of FAULTS) {
    it(`${f.name}: a clear message on screen, one connect-error (${f.code}), every typed value kept`, async () => {
      const { el, events } = await mountWidget(connectors['infisical-auth0-connection'], { tokenEndpoint: `/api/token/${f.scenario}`, ...('extra' in f ? f.extra : {}) });
      const form = formOf(el);
      await fill(form);
      await el.submit().catch(() => undefined);
      await form.updateComplete;
      const errors = events.filter((e) => e.name === 'connect-error');
      expect(errors).to.have.length(1);
      expect(errors[0]!.detail.code).to.equal(f.code);
      expect(String(errors[0]!.detail.message)).to.match(f.says);
      const alert = text(root(form).querySelector('[part=summary][role=alert]'));
      expect(alert).to.match(f.says);
      expect(alert).to.not.contain('<');
      // Not busy any more: Connect can be pressed again.
      expect(root(form).querySelector('button[type=submit]')!.getAttribute('aria-disabled')).to.equal('false');
      expectKept(form);
      expect(JSON.stringify(events)).to.not.contain(SECRET);
      if (f.scenario === 'redirect') {
        // The secret-bearing body went to the endpoint only, never to where it pointed.
        expect((await requests()).map((r) => r.scenario)).to.deep.equal(['redirect']);
      }
      await expect(el).to.be.accessible();
    });
  }

  it('a 429 storm: each submit ends in rate-limited with the server message and a countdown; nothing is resent by itself; values kept', async () => {
    const { el, events } = await mountWidget(connectors['infisical-auth0-connection'], { tokenEndpoint: '/api/token/storm' });
    const form = formOf(el);
    await fill(form);
    const button = root(form).querySelector<HTMLButtonElement>('button[type=submit]')!;
    for (let round = 1; round <= 3; round++) {
      await el.submit().catch(() => undefined);
      await el.updateComplete;
      expect(events.filter((e) => e.name === 'connect-error')).to.have.length(round);
      expect(text(root(form).querySelector('[part=summary]'))).to.equal('Rate limit exceeded for this workspace.');
      expect(text(root(el).querySelector('[part=retry-after]'))).to.equal('Try again in 1 second.');
      expect(button.disabled).to.equal(true);
      // A press while waiting sends nothing.
      button.click();
      expect(await requests()).to.have.length(round);
      await until(() => !button.disabled, 2500);
      expectKept(form);
    }
    expect(events.filter((e) => e.name === 'connect-error').every((e) => e.detail.code === 'rate-limited')).to.equal(true);
    await el.updateComplete;
    expect(text(root(el).querySelector('p[part=status]'))).to.equal('You can try again now.');
  });
});

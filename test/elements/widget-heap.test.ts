// Security rule 2 in Chromium, by a V8 heap snapshot: after a successful connect, and after the
// element is removed, no string in the page's heap holds a secret the user typed. The secrets are
// made and typed by the runner (test/tools/secrets-plugin.mjs: random per run, CDP Input.insertText)
// and searched for in a snapshot taken after garbage collection; this page never holds one.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ConnectWidget } from '../../src/elements/widget/widget.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import { clearRequests, connectors, controls, mountWidget, requests, root, type, until } from './helpers.js';

interface HeapReport {
  typed: number;
  found: { secret: number; context: string }[];
}

const heap = async (): Promise<HeapReport> => (await executeServerCommand('heap-secrets')) as HeapReport;

/** The shown option's form. */
const shownForm = (el: ConnectWidget) => root(el).querySelector<ConnectForm>('section:not([hidden]) connect-form')!;

const isSecret = (c: HTMLElement) => (c as HTMLInputElement).autocomplete === 'new-password';

/** Fills a form: plain fields with harmless values, every secret field with a fresh secret typed by the runner. Returns how many secrets. */
async function fill(form: ConnectForm): Promise<number> {
  await form.updateComplete;
  // A key/value editor needs a row to type into.
  const add = root(form).querySelector<HTMLButtonElement>('[part=add]');
  if (add && !root(form).querySelector('[part=row]')) {
    add.click();
    await form.updateComplete;
  }
  let secrets = 0;
  for (const c of controls(form) as HTMLInputElement[]) {
    if (c.type === 'radio' || c.type === 'checkbox' || c.tagName === 'SELECT' || c.readOnly) continue;
    if (isSecret(c)) {
      c.focus();
      await executeServerCommand('type-secret');
      secrets++;
      c.blur();
      await form.updateComplete;
      continue;
    }
    const label = c.labels?.[0]?.textContent ?? '';
    const value = /Audience|URL|ARN/i.test(label) ? 'https://example.com/x' : /^App/.test(label.trim()) ? '4b7ed8a8-6f3c-4b8e-9d0c-2f1f3c1a9e11' : /Key/.test(label) ? 'k1' : 'acme';
    await type(form, c, value);
  }
  return secrets;
}

/** The credentials options of the fixtures that ask for a secret. */
const cases = Object.entries(connectors).flatMap(([name, connector]) => {
  const auth = (connector as { auth: { options?: Record<string, { type: string }> } }).auth;
  const keys = auth.options ? Object.entries(auth.options).filter(([, o]) => o.type !== 'oauth2') : [[undefined, undefined] as const];
  return keys.map(([option]) => ({ name: option ? `${name} (${option})` : name, connector, option: option as string | undefined }));
});

/** An OAuth option whose connection parameters include a secret (sent once, in oauth-start). */
const secretParameters = {
  key: 'secret-params',
  name: 'Secret Params',
  auth: {
    type: 'oauth2',
    ui: {
      schema: {
        type: 'object',
        required: ['subdomain', 'signingSecret'],
        properties: { subdomain: { type: 'string', title: 'Subdomain' }, signingSecret: { type: 'string', title: 'Signing secret', writeOnly: true } },
      },
    },
  },
};

describe('Security rule 2 by heap snapshot (Chromium)', function () {
  this.timeout(60000);
  beforeEach(async () => {
    await executeServerCommand('forget-secrets');
    await clearRequests();
  });

  for (const c of cases) {
    it(`${c.name}: after an error then a success, no string in the heap holds a typed secret`, async () => {
      const { el, events } = await mountWidget(c.connector, { tokenEndpoint: '/api/token/echo-secret', ...(c.option ? { option: c.option } : {}) });
      const typed = await fill(shownForm(el));
      if (typed === 0) return; // a connector without secret fields has nothing to keep
      await el.submit().catch(() => undefined);
      el.tokenEndpoint = '/api/token/ok';
      await el.submit();
      expect(events.some((e) => e.name === 'connect-success')).to.equal(true);
      // The secrets did go over the wire: the search looks for something real.
      expect((await requests()).filter((r) => r.scenario === 'ok')).to.have.length(1);
      const report = await heap();
      expect(report.typed).to.equal(typed);
      expect(report.found, JSON.stringify(report.found)).to.deep.equal([]);
      el.remove();
    });

    it(`${c.name}: after a failed submit (503, retryable) and removal, no string in the heap holds a typed secret`, async () => {
      const { el } = await mountWidget(c.connector, { tokenEndpoint: '/api/token/error/infisical-500', ...(c.option ? { option: c.option } : {}) });
      const typed = await fill(shownForm(el));
      if (typed === 0) return;
      await el.submit().catch(() => undefined);
      el.remove();
      await new Promise((r) => setTimeout(r, 0));
      const report = await heap();
      expect(report.typed).to.equal(typed);
      expect(report.found, JSON.stringify(report.found)).to.deep.equal([]);
    });
  }

  it('OAuth connection parameters: after the sign-in succeeds, no string in the heap holds the typed secret parameter', async () => {
    const { el, events } = await mountWidget(secretParameters, { tokenEndpoint: '/api/token/oauth?answer=good', redirectUri: '/test/elements/callback-page.html' });
    const typed = await fill(shownForm(el));
    expect(typed).to.equal(1);
    await el.submit();
    expect(events.some((e) => e.name === 'connect-success')).to.equal(true);
    expect((await requests()).map((r) => r.body.step)).to.deep.equal(['oauth-start', 'oauth-callback']);
    await until(() => !root(el).querySelector('[part=oauth-status]'), 5000).catch(() => undefined);
    const report = await heap();
    expect(report.found, JSON.stringify(report.found)).to.deep.equal([]);
    el.remove();
  });
});

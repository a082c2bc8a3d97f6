// The connect session under Node, with data: every path the widget's Chromium tests cover, against the
// same real HTTP token endpoint (test/tools/token-endpoint.mjs on node:http, port 0), with the clock,
// the popup, the page and sessionStorage injected. Each ending must be reported exactly once.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createTokenEndpoint } from '../tools/token-endpoint.mjs';
import { fakeClock } from '../tools/fake-clock.js';
import { CALLBACK_MESSAGE_TYPE, REDIRECT_FLOW_KEY, saveRedirectResult, takeRedirectFlow, type StorageLike } from '../../src/core/oauth.js';
import type { AcceptResult } from '../../src/core/oauth/message.js';
import type { OAuthFlowMessage } from '../../src/core/oauth/flow.js';
import { createConnectSession, type ConnectSession, type PopupWindow, type SessionConfig, type SessionState } from '../../src/core/session.js';
import { oauthStatusText } from '../../src/core/text/widget.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/connectors/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const auth0 = fixture('infisical-auth0-connection');
const example = fixture('integration-app-example');
const helpdesk = JSON.parse(readFileSync(new URL('../../demo/connectors/example-helpdesk.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const proxy = { key: 'proxy-app', name: 'Proxy App', auth: { type: 'proxy' } };

interface Recorded {
  scenario: string;
  idempotencyKey: string;
  acceptLanguage: string;
  body: Record<string, unknown>;
}

let server: Server;
let origin = '';
// Accept-Language of each token request, in arrival order (the endpoint's own record keeps only x- headers).
const languages: string[] = [];

/** What went over the wire to the token endpoint, in order. */
async function sent(): Promise<Recorded[]> {
  const all = (await (await fetch(`${origin}/api/requests`)).json()) as Omit<Recorded, 'acceptLanguage'>[];
  return all.map((r, i) => ({ ...r, acceptLanguage: languages[i] ?? '' }));
}

before(async () => {
  const handle = createTokenEndpoint();
  server = createServer((req, res) => {
    if (req.url?.startsWith('/api/token/')) languages.push(String(req.headers['accept-language'] ?? ''));
    void handle(req, res).then((handled: boolean) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  languages.length = 0;
  await fetch(`${origin}/api/requests`, { method: 'DELETE' });
});

/** sessionStorage as a Map. */
function memoryStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** A popup port whose windows are plain objects; the test plays the provider by delivering messages. */
function fakePopups(blocked = false) {
  const windows: (PopupWindow & { url: string; closedNow: boolean; focused: number })[] = [];
  let deliver: ((m: OAuthFlowMessage) => AcceptResult) | undefined;
  return {
    windows,
    get listening() {
      return deliver !== undefined;
    },
    answer(data: unknown, via: 'postMessage' | 'broadcast' = 'postMessage') {
      const source = windows.at(-1)?.source;
      return deliver?.({ via, origin, source, data }) ?? { accept: false, reason: 'no-pending-flow' };
    },
    port: {
      open(url: string) {
        if (blocked) return null;
        const win = {
          source: {},
          url,
          closedNow: false,
          focused: 0,
          get closed() {
            return win.closedNow;
          },
          navigate(next: string) {
            win.url = next;
          },
          focus() {
            win.focused++;
          },
          close() {
            win.closedNow = true;
          },
        };
        windows.push(win);
        return win;
      },
      listen(fn: (m: OAuthFlowMessage) => AcceptResult) {
        deliver = fn;
        return () => {
          deliver = undefined;
        };
      },
    },
  };
}

/** A session with everything injected, its reports recorded in order. */
function setup(config: SessionConfig, opts: { blocked?: boolean; prevent?: boolean; storage?: ReturnType<typeof memoryStorage>; secrets?: string[] } = {}) {
  const clock = fakeClock(Date.now());
  const popups = fakePopups(opts.blocked);
  const storage = opts.storage ?? memoryStorage();
  const events: { name: string; detail: unknown }[] = [];
  const fieldErrors: { option: string | null; errors: unknown; summary?: string | undefined }[] = [];
  const assigned: string[] = [];
  let cleared = 0;
  let uuid = 0;
  const states: SessionState[] = [];
  const session: ConnectSession = createConnectSession(
    {
      fetch: (url, init) => fetch(url, init as RequestInit),
      clock,
      popup: popups.port,
      page: { href: () => `${origin}/app/settings`, assign: (url) => void assigned.push(url) },
      storage: () => storage,
      randomUUID: () => `key-${++uuid}`,
    },
    {
      submitting: (detail) => {
        events.push({ name: 'submit', detail });
        return !opts.prevent;
      },
      ready: (detail) => void events.push({ name: 'ready', detail }),
      succeeded: (connection) => void events.push({ name: 'success', detail: { connection } }),
      failed: (detail) => void events.push({ name: 'error', detail }),
      cancelled: (reason) => void events.push({ name: 'cancel', detail: { reason } }),
      showFieldErrors: (option, errors, summary) => void fieldErrors.push({ option: option.key, errors, summary }),
      clearSecrets: () => void cleared++,
      // What the option's form holds in its secret fields now (the widget asks its form).
      secretsOf: () => opts.secrets ?? [],
    },
  );
  session.subscribe((s) => void states.push(s));
  session.configure({ ...config, tokenEndpoint: config.tokenEndpoint && new URL(config.tokenEndpoint, origin).href });
  const option = (key: string | null = session.state.options[0]?.key ?? null) => session.state.options.find((o) => o.key === key)!;
  const names = () => events.map((e) => e.name);
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { session, clock, popups, storage, events, names, fieldErrors, assigned, states, option, settle, cleared: () => cleared };
}

/** Polls until `check` holds (the endpoint is real: answers take real time). */
async function until(check: () => boolean, ms = 3000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const form = (fields: Record<string, unknown>, secrets: string[] = [], known: string[] = Object.keys(fields).map((k) => `/${k}`)) => ({
  fields: fields as never,
  secrets,
  fieldResolves: (p: string) => known.includes(p),
});

describe('connect session: credentials', () => {
  test('sends the exact body (context split, connectionId), reports the connection once, clears secrets', async () => {
    const t = setup({ tokenEndpoint: '/api/token/ok', context: { projectId: 'proj_1', orgId: 'org_9' }, connectionId: 'conn_old', locale: 'de-CH' });
    await t.session.load(auth0);
    assert.deepEqual(t.events, [{ name: 'ready', detail: { connector: 'auth0', option: null } }]);
    const result = t.session.settled();
    t.session.submit(t.option(), form({ name: 'acme', projectId: 'proj_1' }, ['SECRET']));
    assert.equal(t.session.state.sending, true);
    assert.equal(t.session.state.announce, 'Connecting…');
    assert.deepEqual(await result, { id: 'conn_1', connector: 'auth0', option: null });
    assert.deepEqual(t.names(), ['ready', 'submit', 'success']);
    assert.deepEqual(t.events[1]!.detail, { connector: 'auth0', option: null, step: 'credentials' });
    assert.deepEqual(t.events[2]!.detail, { connection: { id: 'conn_1', connector: 'auth0', option: null } }, 'the connection only, not the rest of the answer');
    assert.deepEqual((await sent())[0]!.body, {
      connector: 'auth0',
      type: 'client-credentials',
      step: 'credentials',
      fields: { name: 'acme', projectId: 'proj_1' },
      context: { orgId: 'org_9' },
      connectionId: 'conn_old',
    });
    assert.equal((await sent())[0]!.idempotencyKey, 'key-1');
    assert.equal((await sent())[0]!.acceptLanguage, 'de-CH', 'locale travels as Accept-Language');
    assert.equal(t.cleared(), 1);
    assert.equal(t.session.state.phase, 'connected');
    assert.equal(t.session.state.announce, 'Connected to Auth0.');
  });

  test('a rejected key lands on its field; a changed value is a new attempt with a new key', async () => {
    const t = setup({ tokenEndpoint: '/api/token/test-key', option: 'api-key' });
    await t.session.load(example);
    const first = t.session.settled();
    t.session.submit(t.option('api-key'), form({ apiKey: 'bad-key' }, ['bad-key']));
    const err = await first.catch((e: { code: string }) => e);
    assert.equal(err.code, 'validation');
    assert.deepEqual(t.fieldErrors, [{ option: 'api-key', errors: [{ pointer: '/apiKey', message: 'This key was rejected by Example App.' }], summary: 'The credentials were rejected.' }]);
    const error = t.events.find((e) => e.name === 'error')!.detail as Record<string, unknown>;
    assert.deepEqual({ code: error.code, status: error.status }, { code: 'validation', status: 422 });
    assert.equal(t.session.state.alert, '', 'the form shows it, not the widget');
    const second = t.session.settled();
    t.session.submit(t.option('api-key'), form({ apiKey: 'good-key' }, ['good-key']));
    assert.equal((await second).id, 'conn_2');
    assert.notEqual((await sent())[0]!.idempotencyKey, (await sent())[1]!.idempotencyKey);
    assert.deepEqual(t.names(), ['ready', 'submit', 'error', 'submit', 'success']);
  });

  for (const [name, code, text] of [
    ['infisical-400', 'validation', 'Invalid Auth0 domain'],
    ['infisical-403', 'configuration', 'You are not allowed to create app connections in this project'],
    ['html-502', 'server', '502'],
    ['zapier-429', 'rate-limited', '3 seconds'],
  ] as const) {
    test(`error answer ${name}: code ${code}, a human message, reported once`, async () => {
      const t = setup({ tokenEndpoint: `/api/token/error/${name}` });
      await t.session.load(auth0);
      const result = t.session.settled();
      t.session.submit(t.option(), form({ name: 'acme' }));
      const err = (await result.catch((e: unknown) => e)) as { code: string; message: string };
      assert.equal(err.code, code);
      assert.match(err.message, new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.doesNotMatch(err.message, /</);
      assert.deepEqual(t.names(), ['ready', 'submit', 'error']);
    });
  }

  test('Retry-After: Connect is refused until the time passes; the session never resends by itself', async () => {
    const t = setup({ tokenEndpoint: '/api/token/error/zapier-429' });
    await t.session.load(auth0);
    const result = t.session.settled();
    t.session.submit(t.option(), form({ name: 'acme' }));
    await result.catch(() => undefined);
    assert.equal(t.session.state.retryUntil, t.clock.now() + 3000);
    t.session.submit(t.option(), form({ name: 'acme' }));
    await t.settle();
    assert.equal((await sent()).length, 1, 'no request before the wait is over');
    t.clock.advance(3000);
    const again = t.session.settled();
    t.session.submit(t.option(), form({ name: 'acme' }));
    await again.catch(() => undefined);
    assert.equal((await sent()).length, 2);
    assert.equal((await sent())[0]!.idempotencyKey, (await sent())[1]!.idempotencyKey, 'a retry after a 429 is the same attempt');
  });

  test('a dropped connection and a timeout: their own messages; a retry reuses the Idempotency-Key', async () => {
    const drop = setup({ tokenEndpoint: '/api/token/drop', option: 'api-key' });
    await drop.session.load(example);
    for (let i = 0; i < 2; i++) {
      const r = drop.session.settled();
      drop.session.submit(drop.option('api-key'), form({ apiKey: 'k1' }));
      assert.equal((await r.catch((e: { code: string }) => e)).code, 'network');
    }
    assert.equal((await sent()).length, 2);
    assert.equal((await sent())[0]!.idempotencyKey, (await sent())[1]!.idempotencyKey);
    const hang = setup({ tokenEndpoint: '/api/token/hang', option: 'api-key', timeoutMs: 200 });
    await hang.session.load(example);
    const r = hang.session.settled();
    hang.session.submit(hang.option('api-key'), form({ apiKey: 'k1' }));
    const err = await r.catch((e: { code: string; message: string }) => e);
    assert.equal(err.code, 'timeout');
    assert.notEqual(err.message, (drop.events.find((e) => e.name === 'error')!.detail as { message: string }).message);
  });

  test('a double submit sends one request', async () => {
    const t = setup({ tokenEndpoint: '/api/token/slow', option: 'api-key' });
    await t.session.load(example);
    t.session.submit(t.option('api-key'), form({ apiKey: 'k' }));
    t.session.submit(t.option('api-key'), form({ apiKey: 'k' }));
    await until(() => t.names().includes('success'));
    assert.equal((await sent()).length, 1);
    assert.deepEqual(t.names(), ['ready', 'submit', 'success']);
  });

  test('a prevented connect-submit sends nothing, reports nothing, and rejects submit() with cancelled', async () => {
    const t = setup({ tokenEndpoint: '/api/token/ok' }, { prevent: true });
    await t.session.load(proxy);
    const result = t.session.settled();
    t.session.submit(t.option());
    assert.equal((await result.catch((e: { code: string }) => e)).code, 'cancelled');
    assert.deepEqual(t.names(), ['ready', 'submit']);
    assert.equal((await sent()).length, 0);
  });

  test('a one-click option sends empty fields; its errors go to the widget alert', async () => {
    const t = setup({ tokenEndpoint: '/api/token/no-connection' });
    await t.session.load(proxy);
    const result = t.session.settled();
    t.session.submit(t.option());
    assert.equal((await result.catch((e: { code: string }) => e)).code, 'server');
    assert.deepEqual((await sent())[0]!.body, { connector: 'proxy-app', type: 'proxy', step: 'credentials', fields: {} });
    assert.match(t.session.state.alert, /answered without a connection/);
  });

  test('a connection without an id is not a connection: a server error, retryable with the same key', async () => {
    const t = setup({ tokenEndpoint: '/api/token/no-id' });
    await t.session.load(proxy);
    for (let i = 0; i < 2; i++) {
      const result = t.session.settled();
      t.session.submit(t.option());
      assert.equal(((await result.catch((e: unknown) => e)) as { code: string }).code, 'server');
    }
    const [first, second] = await sent();
    assert.equal(first!.idempotencyKey, second!.idempotencyKey);
    assert.deepEqual(t.names(), ['ready', 'submit', 'error', 'submit', 'error']);
  });

  test('a server message that repeats a typed secret is masked everywhere (security rule 1)', async () => {
    const t = setup({ tokenEndpoint: '/api/token/echo-secret', option: 'api-key' });
    await t.session.load(example);
    const result = t.session.settled();
    t.session.submit(t.option('api-key'), form({ apiKey: 'SECRET-MARKER-123' }, ['SECRET-MARKER-123']));
    const err = await result.catch((e: Error) => e);
    const reported = JSON.stringify([t.events, t.fieldErrors, t.states.map((s) => s.alert), err.message]);
    assert.doesNotMatch(reported, /SECRET-MARKER-123/);
    assert.match(reported, /••••••/);
  });
});

describe('connect session: configuration', () => {
  test('no token endpoint, or a refused one, is reported when the connector is ready, before any typing, and again on submit, with no request', async () => {
    const missing = setup({});
    await missing.session.load(proxy);
    await missing.settle();
    assert.deepEqual(missing.names(), ['ready', 'error']);
    assert.equal((missing.events[1]!.detail as { code: string }).code, 'configuration');
    assert.match(missing.session.state.configuration!.message, /token-endpoint/);

    const refused = setup({ tokenEndpoint: 'http://evil.example.com/token' });
    await refused.session.load(proxy);
    await refused.settle();
    assert.equal((refused.events[1]!.detail as { code: string }).code, 'invalid-endpoint');
    const result = refused.session.settled();
    refused.session.submit(refused.option());
    assert.equal((await result.catch((e: { code: string }) => e)).code, 'invalid-endpoint');
    assert.deepEqual(refused.names(), ['ready', 'error', 'error'], 'the attempt reports its own end');
    assert.equal((await sent()).length, 0);
  });

  test('an OAuth option without redirect-uri, or one on another origin, is a configuration error from the start; fixing the setting clears it', async () => {
    const t = setup({ tokenEndpoint: '/api/token/oauth', option: 'oauth' });
    await t.session.load(example);
    await t.settle();
    assert.deepEqual(t.names(), ['ready', 'error']);
    assert.match(t.session.state.configuration!.message, /redirect-uri/);
    t.session.configure({ tokenEndpoint: `${origin}/api/token/oauth`, option: 'oauth', redirectUri: 'https://elsewhere.example/cb' });
    await t.settle();
    assert.match((t.events[2]!.detail as { message: string }).message, /https:\/\/elsewhere\.example/);
    t.session.configure({ tokenEndpoint: `${origin}/api/token/oauth`, option: 'oauth', redirectUri: '/callback.html' });
    assert.equal(t.session.state.configuration, undefined);
    assert.equal(t.popups.windows.length, 0);
    assert.equal((await sent()).length, 0);
  });

  test('an API-key option of the same connector is not held up by the OAuth option’s redirect-uri', async () => {
    const t = setup({ tokenEndpoint: '/api/token/ok', option: 'api-key' });
    await t.session.load(example);
    await t.settle();
    assert.deepEqual(t.names(), ['ready']);
  });

  test('a malformed connector, or one that cannot be loaded, is invalid-connector', async () => {
    const t = setup({ tokenEndpoint: '/api/token/ok' });
    await t.session.load({ key: 'x', auth: { type: 'magic' } });
    await t.settle();
    assert.equal(t.session.state.phase, 'invalid');
    assert.deepEqual(t.events, [
      {
        name: 'error',
        detail: {
          code: 'invalid-connector',
          message: 'This connector cannot be used: name is missing; auth.type must be one of client-credentials, oauth2, oauth1, proxy, integration-app-token.',
        },
      },
    ]);
    const missing = setup({ tokenEndpoint: '/api/token/ok' });
    await missing.session.load(undefined, `${origin}/api/connectors/nope`);
    await missing.settle();
    assert.match((missing.events[0]!.detail as { message: string }).message, /could not be loaded from .*: the server answered 404\.$/);
    const loaded = setup({ tokenEndpoint: '/api/token/ok' });
    await loaded.session.load(undefined, `${origin}/api/connectors/zapier-authentication`);
    assert.equal(loaded.session.state.connector?.key, 'zapier');
  });
});

describe('connect session: OAuth', () => {
  const oauth = (answer: string, extra: SessionConfig = {}, opts: Parameters<typeof setup>[1] = {}) =>
    setup({ tokenEndpoint: `/api/token/oauth?answer=${answer}`, option: 'oauth', redirectUri: '/callback.html', ...extra }, opts);
  const message = (state: string | null, params: Record<string, string>) => ({ type: CALLBACK_MESSAGE_TYPE, state, params: state === null ? params : { ...params, state } });
  const status = (t: ReturnType<typeof setup>) => t.session.state.flow?.status;

  test('sign-in: the popup opens at once, oauth-start, the provider answers, oauth-callback once, success once', async () => {
    const t = oauth('good');
    await t.session.load(example);
    const result = t.session.settled();
    t.session.submit(t.option('oauth'));
    assert.equal(t.popups.windows.length, 1, 'opened in the same task as the click');
    assert.equal(t.popups.windows[0]!.url, 'about:blank');
    await until(() => status(t) === 'waiting');
    assert.match(oauthStatusText(t.session.state.flow!), /^Waiting for Example App…/);
    assert.deepEqual((await sent())[0]!.body, { connector: 'example-app', option: 'oauth', type: 'oauth2', step: 'oauth-start', fields: {}, redirectUri: `${origin}/callback.html` });
    assert.match(t.popups.windows[0]!.url, /provider-page\.html\?answer=good&state=state-1$/);
    assert.equal(t.popups.answer(message('state-1', { code: 'good' })).accept, true);
    assert.equal(t.popups.answer(message('state-1', { code: 'good' }), 'broadcast').accept, false, 'the second route’s copy');
    assert.deepEqual(await result, { id: 'conn_2', connector: 'example-app', option: 'oauth' });
    assert.deepEqual((await sent())[1]!.body, {
      connector: 'example-app',
      option: 'oauth',
      type: 'oauth2',
      step: 'oauth-callback',
      fields: {},
      state: 'state-1',
      params: { code: 'good', state: 'state-1' },
    });
    assert.deepEqual(t.names(), ['ready', 'submit', 'success']);
    assert.equal(t.popups.listening, false, 'listeners removed');
    assert.equal(t.popups.windows[0]!.closedNow, true, 'the popup is closed');
  });

  test('an oauth-callback error that repeats a secret connection parameter is masked (rule 1), in any case', async () => {
    const SECRET = 'whsec_' + Math.random().toString(36).slice(2, 12);
    const secretParams = {
      key: 'secret-params',
      name: 'Secret Params',
      auth: { type: 'oauth2', ui: { schema: { type: 'object', properties: { subdomain: { type: 'string' }, signingSecret: { type: 'string', writeOnly: true } } } } },
    };
    const t = setup({ tokenEndpoint: '/api/token/oauth?answer=echo-params', redirectUri: '/callback.html' }, { secrets: [SECRET] });
    await t.session.load(secretParams);
    t.session.submit(t.option(null), form({ subdomain: 'acme', signingSecret: SECRET.toUpperCase() }, [SECRET]));
    await until(() => status(t) === 'waiting');
    t.popups.answer(message('state-1', { code: 'good' }));
    await until(() => t.names().includes('error'));
    const error = t.events.find((e) => e.name === 'error')!.detail as { message: string };
    assert.equal((await sent())[1]!.body.step, 'oauth-callback');
    assert.match(error.message, /^The provider refused acme and ••••••/);
    assert.ok(!JSON.stringify(t.events).toLowerCase().includes(SECRET.toLowerCase()));
    assert.ok(!JSON.stringify(t.session.state.flow).toLowerCase().includes(SECRET.toLowerCase()), 'the panel says it masked too');
  });

  test('the provider refuses: oauth-denied with its description, once, and no oauth-callback', async () => {
    const t = oauth('deny');
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    await until(() => status(t) === 'waiting');
    t.popups.answer(message('state-1', { error: 'access_denied', error_description: 'The user said no' }));
    await t.settle();
    assert.deepEqual(
      t.events.filter((e) => e.name === 'error').map((e) => e.detail),
      [{ code: 'oauth-denied', message: 'Example App did not grant access: The user said no' }],
    );
    assert.deepEqual(t.session.state.flow!.view.actions, ['retry']);
    assert.equal((await sent()).length, 1);
  });

  test('our popup answering another state is state-mismatch, once; the channel’s foreign answers are ignored', async () => {
    const t = oauth('wait');
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    await until(() => status(t) === 'waiting');
    assert.equal(t.popups.answer(message('other', { code: 'x' }), 'broadcast').accept, false);
    assert.equal(status(t), 'waiting');
    t.popups.answer(message('other', { code: 'x' }));
    await t.settle();
    assert.deepEqual(t.names(), ['ready', 'submit', 'error']);
    assert.equal((t.events[2]!.detail as { code: string }).code, 'state-mismatch');
  });

  test('the window reads closed: after the grace, Reopen and Cancel; Reopen opens the same URL; Cancel is popup-closed, once', async () => {
    const t = oauth('wait');
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    await until(() => status(t) === 'waiting');
    t.popups.windows[0]!.closedNow = true;
    t.clock.advance(500 + 999);
    assert.equal(status(t), 'waiting', 'within the grace');
    t.clock.advance(1);
    assert.equal(status(t), 'popup-closed-suspected');
    assert.deepEqual(t.session.state.flow!.view.actions, ['reopen', 'cancel']);
    t.session.action('reopen', t.option('oauth'));
    assert.equal(t.popups.windows.length, 2);
    assert.equal(t.popups.windows[1]!.url, t.popups.windows[0]!.url);
    assert.equal(status(t), 'waiting');
    t.popups.windows[1]!.closedNow = true;
    t.clock.advance(2000);
    const result = t.session.settled();
    t.session.action('cancel', t.option('oauth'));
    assert.equal((await result.catch((e: { code: string }) => e)).code, 'cancelled');
    assert.deepEqual(t.names(), ['ready', 'submit', 'cancel']);
    assert.deepEqual(t.events[2]!.detail, { reason: 'popup-closed' });
  });

  test('Cancel while the window is open is dismissed; a second click only brings the window forward', async () => {
    const t = oauth('wait');
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    t.session.submit(t.option('oauth'));
    assert.equal(t.popups.windows.length, 1);
    assert.equal(t.popups.windows[0]!.focused, 1);
    await until(() => status(t) === 'waiting');
    t.session.cancel();
    await t.settle();
    assert.deepEqual(t.names(), ['ready', 'submit', 'cancel']);
    assert.deepEqual(t.events[2]!.detail, { reason: 'dismissed' });
    assert.equal((await sent()).length, 1);
  });

  test('a flow that never returns ends with timeout, once', async () => {
    const t = oauth('wait', { oauthTimeoutMs: 60_000 });
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    await until(() => status(t) === 'waiting');
    t.clock.advance(60_000);
    await t.settle();
    assert.deepEqual(t.names(), ['ready', 'submit', 'error']);
    assert.equal((t.events[2]!.detail as { code: string }).code, 'timeout');
    assert.equal(t.popups.listening, false);
  });

  test('oauth-start refused on a connection parameter: on its field, the window closed, reported once with status and field errors', async () => {
    const t = setup({ tokenEndpoint: '/api/token/oauth?answer=reject-subdomain', redirectUri: '/callback.html' });
    await t.session.load(helpdesk);
    const result = t.session.settled();
    t.session.submit(t.option(), form({ subdomain: 'acme', region: 'us' }, [], ['/subdomain', '/region']));
    const err = await result.catch((e: { code: string }) => e);
    assert.equal(err.code, 'validation');
    await t.settle();
    const errors = t.events.filter((e) => e.name === 'error');
    assert.equal(errors.length, 1, 'the request and the flow do not both report it');
    assert.deepEqual(errors[0]!.detail, {
      code: 'validation',
      status: 422,
      message: 'Check the connection details.',
      fieldErrors: [{ pointer: '/subdomain', message: 'There is no helpdesk at this subdomain.' }],
    });
    assert.deepEqual(t.fieldErrors, [{ option: null, errors: [{ pointer: '/subdomain', message: 'There is no helpdesk at this subdomain.' }], summary: undefined }]);
    assert.equal(t.popups.windows[0]!.closedNow, true);
    assert.deepEqual((await sent())[0]!.body.fields, { subdomain: 'acme', region: 'us' });
  });

  test('a blocked popup is popup-blocked; "Continue in this window" stores only the flow and goes to the provider; coming back finishes it', async () => {
    const storage = memoryStorage();
    const t = oauth('good', {}, { blocked: true, storage });
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    await t.settle();
    assert.deepEqual(t.names(), ['ready', 'submit', 'error']);
    assert.equal((t.events[2]!.detail as { code: string }).code, 'popup-blocked');
    assert.deepEqual(t.session.state.flow!.view.actions, ['retry', 'redirect']);
    t.session.action('redirect', t.option('oauth'));
    assert.equal(t.session.state.redirecting, true);
    await until(() => t.assigned.length === 1);
    assert.match(t.assigned[0]!, /provider-page\.html\?answer=good&state=state-1$/);
    // The callback page, on its return: what it stores for the page the flow started on.
    const pending = takeRedirectFlow(storage, Date.now())!;
    assert.deepEqual(Object.keys(pending).sort(), ['connector', 'option', 'returnUrl', 'startedAt', 'state']);
    assert.equal(pending.returnUrl, `${origin}/app/settings`);
    saveRedirectResult(storage, pending, Object.assign(Object.create(null), { code: 'good', state: pending.state }), Date.now());

    const back = oauth('good', {}, { storage });
    const result = back.session.settled();
    await back.session.load(example);
    assert.equal(back.session.state.option, 'oauth');
    assert.deepEqual(await result, { id: 'conn_2', connector: 'example-app', option: 'oauth' });
    assert.deepEqual(back.names(), ['ready', 'success']);
    assert.equal((await sent()).at(-1)!.body.step, 'oauth-callback');
    assert.equal(storage.map.size, 0, 'nothing left in storage');
  });

  test('a stale redirect entry is removed before a popup opens (the popup would inherit it)', async () => {
    const storage = memoryStorage();
    storage.setItem(REDIRECT_FLOW_KEY, '{"stale":true}');
    const t = oauth('wait', {}, { storage });
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    assert.equal(storage.getItem(REDIRECT_FLOW_KEY), null);
  });

  test('dispose (the element left the page): the flow answers nothing and nothing more is reported', async () => {
    const t = oauth('good');
    await t.session.load(example);
    t.session.submit(t.option('oauth'));
    await until(() => status(t) === 'waiting');
    t.session.dispose();
    assert.equal(t.popups.listening, false);
    assert.equal(t.popups.windows[0]!.closedNow, true);
    t.clock.advance(700_000);
    await t.settle();
    assert.deepEqual(t.names(), ['ready', 'submit']);
  });
});

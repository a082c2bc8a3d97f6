// "It runs in any Fetch-API runtime; Node and workerd are tested" (SPEC "The reference handler").
// The same handler module (runtime/app.ts) and the same tests, once in Node and once in workerd
// (Cloudflare Workers' runtime, run locally by miniflare, the module bundled with esbuild): request
// rules, CORS, validation on the real fixture connectors, hooks, and the OAuth flow against a real
// oidc-provider on 127.0.0.1, which the worker reaches over the loopback network.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { authorize, ORIGIN, REDIRECT_URI, SECRET, startAuthServer, type AuthServer } from './helpers.js';

const ENDPOINT = 'https://app.example.com/api/connect';

interface Runtime {
  fetch(url: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

let as: AuthServer;
const config = () => ({ issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret, origin: ORIGIN, secret: SECRET });

async function inNode(): Promise<Runtime> {
  (globalThis as { CW_TEST_CONFIG?: unknown }).CW_TEST_CONFIG = config();
  const app = (await import('./runtime/app.js')).default;
  return { fetch: (url, init) => app.fetch(new Request(url, init)), close: async () => undefined };
}

async function inWorkerd(): Promise<Runtime> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('runtime/app.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    banner: { js: `globalThis.CW_TEST_CONFIG = ${JSON.stringify(config())};` },
    logLevel: 'warning',
  });
  const mf = new Miniflare({ modules: true, script: bundle.outputFiles[0]!.text, compatibilityDate: '2025-09-01' });
  await mf.ready;
  return {
    fetch: async (url, init) => (await mf.dispatchFetch(url, init as never)) as unknown as Response,
    close: () => mf.dispose(),
  };
}

before(async () => {
  as = await startAuthServer();
});
after(async () => {
  await as?.close();
});

for (const [name, start] of [
  ['Node', inNode],
  ['workerd', inWorkerd],
] as const) {
  describe(`in ${name}`, () => {
    let rt: Runtime;
    before(async () => {
      rt = await start();
    });
    after(async () => {
      await rt?.close();
    });

    const post = (body: unknown, headers: Record<string, string> = {}) =>
      rt.fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const json = async (response: Response, status: number) => {
      const text = await response.text();
      assert.equal(response.status, status, text);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('content-type'), status >= 400 ? 'application/problem+json' : 'application/json');
      return JSON.parse(text) as Record<string, any>;
    };
    const pointers = (body: Record<string, any>) => ((body.errors ?? []) as Array<{ pointer: string }>).map((e) => e.pointer).sort();
    const calls = async () => (await (await rt.fetch('https://app.example.com/__calls')).json()) as { credentials: any[]; tokens: any[]; errors: string[] };
    const apiKey = (key: string) => ({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: key } });

    test('request rules: 405, 415, 403, 400 with pointers, 413, UTF-8, context depth', async () => {
      const get = await rt.fetch(ENDPOINT, { headers: { origin: ORIGIN } });
      assert.equal(get.headers.get('allow'), 'POST');
      await json(get, 405);
      await json(await post(apiKey('k'), { 'content-type': 'text/plain' }), 415);
      await json(await post(apiKey('k'), { origin: 'https://evil.example' }), 403);
      await json(await rt.fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(apiKey('k')) }), 403);
      await json(await post('{"connector": "example-app"'), 400);
      assert.deepEqual(pointers(await json(await post({ ...apiKey('k'), connector: 'nope' }), 400)), ['/connector']);
      assert.deepEqual(pointers(await json(await post({ ...apiKey('k'), step: 'refresh' }), 400)), ['/step']);
      assert.deepEqual(pointers(await json(await post({ ...apiKey('k'), fields: 'x' }), 400)), ['/fields']);
      // workerd hands the worker a chunked body (no Content-Length): the client must still read the 413, not a reset.
      for (const kb of [70, 300, 900]) assert.match((await json(await post({ ...apiKey('k'), context: { pad: 'x'.repeat(kb * 1024) } }), 413)).detail, /64 KB/);
      const bytes = new Uint8Array([...new TextEncoder().encode('{"connector":"'), 0xff, ...new TextEncoder().encode('"}')]);
      await json(await rt.fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: bytes }), 400);
      let deep: unknown = {};
      for (let i = 0; i < 2000; i++) deep = { a: deep };
      assert.deepEqual(pointers(await json(await post({ ...apiKey('k'), context: deep }), 400)), ['/context']);
      assert.equal((await calls()).credentials.length, 0);
    });

    test('CORS: the preflight of an allowed origin, 403 for another, the origin on every answer', async () => {
      const pre = await rt.fetch(ENDPOINT, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(pre.headers.get('access-control-allow-methods'), 'POST');
      assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type, idempotency-key, accept-language, x-csrf-token');
      assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
      assert.equal(pre.headers.get('vary'), 'Origin');
      await json(await rt.fetch(ENDPOINT, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }), 403);
      const bad = await post({ ...apiKey('k'), connector: 'nope' });
      assert.equal(bad.headers.get('access-control-allow-origin'), ORIGIN);
      await json(bad, 400);
    });

    test('validation on the real fixtures: 422 with pointers into the body; a valid body reaches the hook exactly', async () => {
      const auth0 = {
        method: 'client-credentials',
        credentials: { domain: 'acme.us.auth0.com', clientId: 'cid-123', clientSecret: 'auth0-s3cret-value', audience: 'https://acme.us.auth0.com/api/v2/' },
        name: 'acme-auth0',
      };
      const invalid = await json(
        await post({ connector: 'auth0', step: 'credentials', fields: { ...auth0, credentials: { ...auth0.credentials, clientSecret: undefined, domain: 7 }, extra: true } }),
        422,
      );
      assert.deepEqual(pointers(invalid), ['/fields/credentials/clientSecret', '/fields/credentials/domain', '/fields/extra']);
      const zapier = { title: 'My auth', app: '7a2b7c9e-2f1d-4a5b-9c3e-1d2f3a4b5c6d', authentication_fields: { api_key: 'zap-s3cret', subdomain: 'acme' } };
      await json(await post({ connector: 'zapier', step: 'credentials', fields: zapier }), 200);
      await json(await post({ connector: 'auth0', step: 'credentials', fields: auth0, context: { projectId: 'p-1' }, connectionId: 'conn-9' }), 200);
      const seen = (await calls()).credentials;
      assert.deepEqual(seen.at(-1), { connector: 'auth0', option: null, type: 'client-credentials', fields: auth0, context: { projectId: 'p-1' }, connectionId: 'conn-9' });
      assert.equal(seen.length, 2);
    });

    test('hooks: FieldErrors is 422, a throw is a bare 500 (onError told), a connection holding a secret is a 500', async () => {
      assert.deepEqual((await json(await post(apiKey('rejected-key')), 422)).errors, [{ pointer: '/fields/apiKey', detail: 'This key was rejected' }]);
      const thrown = await json(await post(apiKey('throw')), 500);
      assert.deepEqual(Object.keys(thrown).sort(), ['status', 'title', 'type']);
      const leak = await post(apiKey('echo-the-secret'));
      assert.ok(!(await leak.clone().text()).includes('echo-the-secret'));
      await json(leak, 500);
      const { errors } = await calls();
      assert.ok(errors.includes('the hook failed'), errors.join('\n'));
      assert.ok(
        errors.some((e) => /contains the value of a secret field/.test(e)),
        errors.join('\n'),
      );
    });

    test("OAuth: oauth-start, the provider's login and consent, oauth-callback; tokens to the hook only; replay, tampering and a redirect query refused", async () => {
      const start = { connector: 'helpdesk', step: 'oauth-start', fields: { subdomain: 'acme' }, context: { projectId: 'p-1' }, redirectUri: REDIRECT_URI };
      assert.deepEqual(pointers(await json(await post({ ...start, redirectUri: `${REDIRECT_URI}?next=https://evil.example` }), 400)), ['/redirectUri']);
      const started = await post(start);
      const [setCookie] = started.headers.getSetCookie();
      assert.match(setCookie!, /^__Host-cw-oauth-[A-Za-z0-9_-]+=[^;]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
      const cookie = setCookie!.split(';')[0]!;
      const { authorizationUrl, state } = await json(started, 200);
      assert.equal(new URL(authorizationUrl).searchParams.get('code_challenge_method'), 'S256');
      const params = await authorize(authorizationUrl);
      const callback = { connector: 'helpdesk', step: 'oauth-callback', state, params };

      const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
      const tampered = `${name}=${value.slice(0, -3)}${value.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      await json(await post(callback, { cookie: tampered }), 400);
      await json(await post(callback), 400);

      const done = await post(callback, { cookie });
      const text = await done.clone().text();
      assert.match(done.headers.getSetCookie()[0]!, /Max-Age=0/);
      assert.deepEqual(await json(done, 200), { connection: { id: 'oauth-1', label: 'Signed in to helpdesk' } });
      assert.ok(!/token/i.test(text), text);
      const { tokens } = await calls();
      assert.deepEqual(tokens, [{ connector: 'helpdesk', fields: { subdomain: 'acme' }, context: { projectId: 'p-1' }, tokenTypes: tokens[0]!.tokenTypes }]);
      assert.ok(tokens[0]!.tokenTypes.includes('access_token'));

      assert.match((await json(await post(callback, { cookie }), 400)).title, /expired or was already completed/);
      assert.equal((await calls()).tokens.length, 1);
    });

    test('a handler created inside a request either works or says why (workerd compiles only at startup)', async () => {
      const { error } = (await (await rt.fetch('https://app.example.com/__late')).json()) as { error: string | null };
      if (name === 'Node') assert.equal(error, null);
      else assert.match(String(error), /create the endpoint at module top level/);
    });
  });
}

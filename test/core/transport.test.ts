import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { inspect } from 'node:util';
import { normaliseErrorResponse } from '../../src/core/errors.js';
import { SECRET_MASK } from '../../src/core/mask.js';
import { postToEndpoint, type FetchInit, type PostOptions, type PostResult } from '../../src/core/request.js';
import { AttemptKeys, buildRequestBody, checkEndpoint, isRetryable, requestTimeout } from '../../src/core/transport.js';

const PAGE = 'https://app.example.com';

describe('checkEndpoint (security rule 3)', () => {
  test('https anywhere, and same-origin, are allowed', () => {
    assert.deepEqual(checkEndpoint('https://api.other.com/token', PAGE), { ok: true, url: 'https://api.other.com/token' });
    assert.deepEqual(checkEndpoint('/api/token', PAGE), { ok: true, url: 'https://app.example.com/api/token' });
    assert.deepEqual(checkEndpoint('/api/token', 'http://intranet.corp:8080'), { ok: true, url: 'http://intranet.corp:8080/api/token' });
    assert.deepEqual(checkEndpoint('http://intranet.corp:8080/t', 'http://intranet.corp:8080/some/page'), { ok: true, url: 'http://intranet.corp:8080/t' });
  });

  test('http://localhost and http://127.0.0.1 on any port are allowed from any page', () => {
    for (const url of ['http://localhost/token', 'http://localhost:3000/token', 'http://127.0.0.1:8787/api', 'http://LOCALHOST:1/x']) {
      const r = checkEndpoint(url, PAGE);
      assert.equal(r.ok, true, url);
    }
  });

  test('look-alikes and cross-origin http are refused, with a message naming the origin', () => {
    for (const url of [
      'http://localhost.evil.com/token',
      'http://127.0.0.1.nip.io/token',
      'http://evil.com/localhost',
      'http://api.example.com/token',
      'http://app.example.com/token', // same host, but the page is https
      'http://localhost@evil.com/token',
    ]) {
      const r = checkEndpoint(url, PAGE);
      assert.equal(r.ok, false, url);
      if (!r.ok) assert.match(r.message, /token endpoint/i, url);
    }
    const r = checkEndpoint('http://localhost.evil.com/token', PAGE);
    assert.ok(!r.ok && r.message.includes('http://localhost.evil.com') && r.message.includes('https:'));
  });

  test('javascript:, data:, file: and unparsable endpoints are refused', () => {
    for (const url of ['javascript:alert(1)', 'data:application/json,{}', 'file:///etc/passwd', 'http://', 'https://exa mple.com', '']) {
      assert.equal(checkEndpoint(url, PAGE).ok, false, url);
    }
    const js = checkEndpoint('javascript:fetch("//evil")', PAGE);
    assert.ok(!js.ok && /javascript: URLs are not allowed/.test(js.message));
    const empty = checkEndpoint('  ', PAGE);
    assert.ok(!empty.ok && /token-endpoint/.test(empty.message));
  });

  test('credentials in the URL are refused (fetch would throw on them)', () => {
    const r = checkEndpoint('https://user:pass@api.example.com/token', PAGE);
    assert.ok(!r.ok && /user name or password/.test(r.message));
  });

  test('a page with an opaque origin may use absolute https only', () => {
    assert.equal(checkEndpoint('/api/token', 'null').ok, false);
    assert.equal(checkEndpoint('https://api.example.com/token', 'null').ok, true);
  });
});

describe('buildRequestBody', () => {
  test('a credentials step without options: option, context and connectionId left out', () => {
    const body = buildRequestBody({
      connector: 'auth0',
      option: null,
      type: 'client-credentials',
      step: 'credentials',
      fields: { domain: 'x.auth0.com' },
      context: {},
      connectionId: undefined,
    });
    assert.equal(JSON.stringify(body), '{"connector":"auth0","type":"client-credentials","step":"credentials","fields":{"domain":"x.auth0.com"}}');
  });

  test('with an option, context and a connection to reconnect, in SPEC order', () => {
    const body = buildRequestBody({
      connector: 'infisical',
      option: 'api-key',
      type: 'client-credentials',
      step: 'credentials',
      fields: { workspaceId: 'ws1', apiKey: 'k' },
      context: { projectId: 'p1' },
      connectionId: 'conn_9',
    });
    assert.equal(
      JSON.stringify(body),
      '{"connector":"infisical","option":"api-key","type":"client-credentials","step":"credentials","fields":{"workspaceId":"ws1","apiKey":"k"},"context":{"projectId":"p1"},"connectionId":"conn_9"}',
    );
  });

  test('an empty connection id is not sent', () => {
    const body = buildRequestBody({ connector: 'a', option: 'o', type: 'proxy', step: 'credentials', fields: {}, connectionId: '' });
    assert.equal('connectionId' in body, false);
    assert.deepEqual(body.fields, {});
  });

  test('oauth-start carries redirectUri; oauth-callback carries state and params', () => {
    const start = buildRequestBody({
      connector: 'example-app',
      option: 'oauth',
      type: 'oauth2',
      step: 'oauth-start',
      fields: { subdomain: 'acme' },
      extra: { redirectUri: 'https://app.example.com/callback' },
    });
    assert.equal(
      JSON.stringify(start),
      '{"connector":"example-app","option":"oauth","type":"oauth2","step":"oauth-start","fields":{"subdomain":"acme"},"redirectUri":"https://app.example.com/callback"}',
    );
    const cb = buildRequestBody({
      connector: 'example-app',
      option: 'oauth',
      type: 'oauth2',
      step: 'oauth-callback',
      fields: {},
      extra: { state: 's1', params: { code: 'c1', state: 's1' } },
    });
    assert.deepEqual(cb.params, { code: 'c1', state: 's1' });
    assert.equal(cb.state, 's1');
    assert.equal('redirectUri' in cb, false);
  });
});

describe('AttemptKeys (Idempotency-Key)', () => {
  const counter = () => {
    let n = 0;
    return () => `key-${++n}`;
  };

  test('a retry of the same values after a retryable outcome sends the same key', () => {
    const keys = new AttemptKeys(counter());
    assert.equal(keys.keyFor('{"a":1}'), 'key-1');
    keys.settle('retryable');
    assert.equal(keys.keyFor('{"a":1}'), 'key-1');
    keys.settle('retryable');
    assert.equal(keys.keyFor('{"a":1}'), 'key-1');
  });

  test('a changed value starts a new attempt', () => {
    const keys = new AttemptKeys(counter());
    keys.keyFor('{"a":1}');
    keys.settle('retryable');
    assert.equal(keys.keyFor('{"a":2}'), 'key-2');
    keys.settle('retryable');
    assert.equal(keys.keyFor('{"a":1}'), 'key-3', 'going back to old values is still a new attempt');
  });

  test('any submit after a final answer (2xx or another 4xx) gets a new key, even with the same values', () => {
    const keys = new AttemptKeys(counter());
    keys.keyFor('{"a":1}');
    keys.settle('final');
    assert.equal(keys.keyFor('{"a":1}'), 'key-2');
  });

  test('clear() forgets the attempt', () => {
    const keys = new AttemptKeys(counter());
    keys.keyFor('{"a":1}');
    keys.settle('retryable');
    keys.clear();
    assert.equal(keys.keyFor('{"a":1}'), 'key-2');
  });

  test('security rule 2: after a final outcome or clear() nothing of the body is kept; while a retry is possible it is', () => {
    const SECRET = 'sk_rule2_' + Math.random().toString(36).slice(2);
    const body = JSON.stringify({ fields: { apiKey: SECRET } });
    const held = (keys: AttemptKeys) => inspect(keys, { showHidden: true, depth: 10 }).includes(SECRET);
    const keys = new AttemptKeys(counter());
    keys.keyFor(body);
    keys.settle('retryable');
    assert.equal(held(keys), true, 'the same values may be resent with the same key');
    keys.settle('final');
    assert.equal(held(keys), false, 'a final answer (success) drops the body');
    keys.settle('retryable');
    assert.equal(keys.keyFor(body), 'key-2', 'and a later settle cannot revive it');
    keys.clear();
    assert.equal(held(keys), false);
  });

  test('the default keys are random v4 UUIDs', () => {
    const keys = new AttemptKeys();
    const a = keys.keyFor('x');
    keys.settle('final');
    const b = keys.keyFor('x');
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
  });

  test("requestTimeout: the host's timeout when it is a positive number of ms, else 30 s (the session and the POST read it alike)", () => {
    assert.equal(requestTimeout(1500), 1500);
    for (const bad of [undefined, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(requestTimeout(bad), 30_000, String(bad));
  });

  test('isRetryable matches SPEC: network, timeout, 429 and 5xx', () => {
    for (const code of ['network', 'timeout', 'rate-limited', 'server'] as const) assert.equal(isRetryable({ code }), true, code);
    for (const code of ['validation', 'configuration', 'invalid-endpoint'] as const) assert.equal(isRetryable({ code }), false, code);
  });
});

// ---------------------------------------------------------------------------------------------
// postToEndpoint against a real HTTP server on 127.0.0.1.

interface Seen {
  path: string;
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Fixture {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

const FIXTURE_DIR = new URL('../fixtures/errors/', import.meta.url);
const fixtureNames = readdirSync(FIXTURE_DIR)
  .filter((n) => n.endsWith('.json'))
  .map((n) => n.slice(0, -5))
  .sort();
const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURE_DIR), 'utf8')) as Fixture;
const fixtureText = (f: Fixture) => (typeof f.body === 'string' ? f.body : JSON.stringify(f.body));

let server: Server;
let base = '';
const seen: Seen[] = [];
let status503Left = 0;

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };
  if (path === '/ok') return json(200, { connection: { id: `conn_${seen.length}` } });
  if (path.startsWith('/fixture/')) {
    const f = fixture(path.slice('/fixture/'.length));
    res.writeHead(f.status, { 'Content-Type': 'application/json', ...(f.headers ?? {}) });
    return void res.end(fixtureText(f));
  }
  if (path === '/flaky') {
    // 503 while status503Left > 0, then success: a server coming back.
    if (status503Left-- > 0) return json(503, { message: 'Down for maintenance' }, { 'Retry-After': '1' });
    return json(200, { connection: { id: 'conn_back' } });
  }
  if (path === '/reject') return json(400, { message: 'Invalid Auth0 domain' });
  if (path === '/echo-secret') {
    const parsed = JSON.parse(body) as { fields: { apiKey: string } };
    return json(400, { message: `The key ${parsed.fields.apiKey} is not valid` });
  }
  if (path === '/html-200') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return void res.end('<html><body>Please sign in</body></html>');
  }
  if (path === '/no-content') {
    res.writeHead(204);
    return void res.end();
  }
  if (path === '/drop') return void req.socket.destroy();
  if (path === '/drop-mid-body') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
    res.write('{"connection":');
    setTimeout(() => req.socket.destroy(), 20);
    return;
  }
  if (path === '/hang') return; // never answers
  // A 3xx to another path of this server: the test counts what reaches /redirect-target.
  const redirect = /^\/redirect-(30[1278])$/.exec(path);
  if (redirect) {
    res.writeHead(Number(redirect[1]), { Location: `${base}/redirect-target`, 'Content-Type': 'application/json' });
    return void res.end('{}');
  }
  if (path === '/redirect-target') return json(200, { connection: { id: 'conn_redirected' } });
  json(404, { message: 'no such test route' });
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
      route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
});

const BODY = JSON.stringify(buildRequestBody({ connector: 'auth0', option: null, type: 'client-credentials', step: 'credentials', fields: { domain: 'x.auth0.com', clientSecret: 's3cr3t-value' } }));

// The runtime's signal type, as inferred when Node's fetch is passed.
type Signal = AbortSignal | null | undefined;

function post(path: string, extra: Partial<PostOptions<Signal>> = {}): Promise<PostResult> {
  return postToEndpoint({
    url: base + path,
    body: BODY,
    idempotencyKey: 'key-fixed',
    fetch: globalThis.fetch,
    timeoutMs: 5000,
    ...extra,
  });
}

describe('postToEndpoint over HTTP', () => {
  test('success: one POST with JSON content type, the key and the exact body; the JSON answer comes back', async () => {
    const result = await post('/ok');
    assert.deepEqual(result, { kind: 'success', data: { connection: { id: 'conn_1' } } });
    assert.equal(seen.length, 1);
    const [req] = seen;
    assert.equal(req!.method, 'POST');
    assert.equal(req!.headers['content-type'], 'application/json');
    assert.equal(req!.headers['idempotency-key'], 'key-fixed');
    assert.equal(req!.body, BODY);
  });

  test('host headers are sent but cannot replace Content-Type or Idempotency-Key', async () => {
    await post('/ok', {
      headers: { 'X-CSRF-Token': 'csrf-1', 'content-type': 'text/plain', 'IDEMPOTENCY-KEY': 'evil', Accept: 'application/vnd.host+json' },
    });
    const h = seen[0]!.headers;
    assert.equal(h['x-csrf-token'], 'csrf-1');
    assert.equal(h['content-type'], 'application/json');
    assert.equal(h['idempotency-key'], 'key-fixed');
    assert.equal(h.accept, 'application/vnd.host+json', "other headers, even ours, are the host's to set");
  });

  test('an async headers function is awaited before sending', async () => {
    const result = await post('/ok', {
      headers: async () => {
        await new Promise((r) => setTimeout(r, 20));
        return { Authorization: 'Bearer session-123' };
      },
    });
    assert.equal(result.kind, 'success');
    assert.equal(seen[0]!.headers.authorization, 'Bearer session-123');
  });

  test('a headers function that throws: configuration error, nothing sent, the thrown text not repeated', async () => {
    const result = await post('/ok', {
      headers: () => {
        throw new Error('token tok_SECRET expired');
      },
    });
    assert.equal(result.kind, 'error');
    if (result.kind === 'error') {
      assert.equal(result.info.code, 'configuration');
      assert.match(result.info.message, /headers function failed/);
      assert.doesNotMatch(result.info.message, /tok_SECRET/);
    }
    assert.equal(seen.length, 0);
  });

  test('a header value with a line break is refused before sending', async () => {
    const result = await post('/ok', { headers: { 'X-Token': 'a\r\nX-Injected: 1' } });
    assert.ok(result.kind === 'error' && result.info.code === 'configuration' && /line break/.test(result.info.message));
    assert.equal(seen.length, 0);
  });

  for (const name of fixtureNames) {
    test(`error fixture ${name} served over HTTP gives what the user should see`, async () => {
      const f = fixture(name);
      const fieldResolves = (p: string) => ['/name', '/credentials/audience', '/credentials/clientSecret', '/app', '/title'].includes(p);
      const result = await post(`/fixture/${name}`, { fieldResolves });
      const expected = normaliseErrorResponse({ status: f.status, headers: f.headers ?? {}, bodyText: fixtureText(f), fieldResolves, secrets: [] });
      assert.deepEqual(result, { kind: 'error', info: expected });
      if (result.kind === 'error') {
        assert.equal(result.info.status, f.status);
        assert.ok(!result.info.message.includes('<'));
      }
    });
  }

  test('zapier-429 over HTTP: rate-limited with a 3 s countdown read from the real header', async () => {
    const result = await post('/fixture/zapier-429');
    assert.ok(result.kind === 'error');
    assert.equal(result.info.code, 'rate-limited');
    assert.equal(result.info.retryAfterMs, 3000);
    assert.equal(result.info.message, 'Request was throttled. Expected available in 3 seconds. Try again in 3 seconds.');
  });

  test('a server that echoes the typed secret: the message shows it masked', async () => {
    const result = await postToEndpoint({
      url: base + '/echo-secret',
      body: JSON.stringify({ fields: { apiKey: 'sk_live_abc.123' } }),
      idempotencyKey: 'k',
      fetch: globalThis.fetch,
      secrets: ['sk_live_abc.123'],
    });
    assert.ok(result.kind === 'error');
    assert.equal(result.info.message, `The key ${SECRET_MASK} is not valid.`);
  });

  test('a dropped connection is a network error with its own message', async () => {
    const result = await post('/drop');
    assert.ok(result.kind === 'error');
    assert.equal(result.info.code, 'network');
    assert.equal(result.info.message, 'Could not reach the server. Check your connection and try again.');
    assert.equal(result.info.status, undefined);
  });

  test('a connection dropped in the middle of the answer is a network error too', async () => {
    const result = await post('/drop-mid-body');
    assert.ok(result.kind === 'error');
    assert.equal(result.info.code, 'network');
  });

  test('nothing listening is a network error', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const result = await postToEndpoint({ url: `http://127.0.0.1:${port}/`, body: '{}', idempotencyKey: 'k', fetch: globalThis.fetch });
    assert.ok(result.kind === 'error' && result.info.code === 'network');
  });

  test('a server that never answers times out after timeoutMs', async () => {
    const started = Date.now();
    const result = await post('/hang', { timeoutMs: 150 });
    const elapsed = Date.now() - started;
    assert.ok(result.kind === 'error');
    assert.equal(result.info.code, 'timeout');
    assert.equal(result.info.message, 'The server did not answer within 1 second. Try again.');
    assert.ok(elapsed >= 140 && elapsed < 2000, `took ${elapsed} ms`);
    assert.equal(seen.length, 1, 'the request was sent once, not retried');
  });

  test('a headers function that never settles is a timeout too, and the request is never sent afterwards', async () => {
    let release: (v: Record<string, string>) => void = () => {};
    const result = await post('/ok', { timeoutMs: 100, headers: () => new Promise((r) => (release = r)) });
    assert.ok(result.kind === 'error' && result.info.code === 'timeout');
    release({ 'X-Late': '1' });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(seen.length, 0);
  });

  test('the caller can cancel through signal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await post('/hang', { signal: controller.signal });
    assert.ok(result.kind === 'error' && result.info.code === 'network' && /cancelled/.test(result.info.message));
  });

  test('a 2xx that is not JSON (a login page, an empty 204) is a server error', async () => {
    for (const path of ['/html-200', '/no-content']) {
      const result = await post(path);
      assert.ok(result.kind === 'error', path);
      assert.equal(result.info.code, 'server', path);
      assert.ok(!result.info.message.includes('<'), path);
      assert.match(result.info.message, /could not be read \(20[04]\)/, path);
    }
  });

  test('credentials mode is passed to fetch (default same-origin)', async () => {
    const modes: unknown[] = [];
    const recording = (url: string, init: FetchInit<Signal>) => {
      modes.push(init.credentials);
      return globalThis.fetch(url, init);
    };
    await post('/ok', { fetch: recording });
    await post('/ok', { fetch: recording, credentials: 'include' });
    assert.deepEqual(modes, ['same-origin', 'include']);
  });
});

describe('redirects are never followed (security rule 3)', () => {
  for (const status of [301, 302, 307, 308]) {
    test(`a ${status} is a server error with a clear message, and the secret-bearing body never reaches the target`, async () => {
      const result = await post(`/redirect-${status}`);
      assert.equal(result.kind, 'error');
      if (result.kind === 'error') {
        assert.equal(result.info.code, 'server');
        assert.equal(result.info.status, status);
        assert.match(result.info.message, /redirect/i);
      }
      assert.deepEqual(
        seen.map((r) => r.path),
        [`/redirect-${status}`],
        'only the endpoint itself was asked',
      );
    });
  }

  test('the fetch init asks for redirect: manual, and an opaque redirect (what a browser answers) is the same error', async () => {
    let init: FetchInit<Signal> | undefined;
    const result = await postToEndpoint<Signal>({
      url: 'https://api.example.com/token',
      body: BODY,
      idempotencyKey: 'k',
      fetch: async (_url, i) => {
        init = i;
        return { status: 0, type: 'opaqueredirect', headers: { get: () => null }, text: async () => '' };
      },
    });
    assert.equal(init?.redirect, 'manual');
    assert.equal(result.kind, 'error');
    if (result.kind === 'error') {
      assert.equal(result.info.code, 'server');
      assert.match(result.info.message, /redirect/i);
    }
  });
});

describe('Idempotency-Key over HTTP', () => {
  const fields = (domain: string) => JSON.stringify(buildRequestBody({ connector: 'auth0', option: null, type: 'client-credentials', step: 'credentials', fields: { domain } }));

  // What the widget does on each click: key for the body, send, settle by outcome.
  async function click(keys: AttemptKeys, path: string, bodyJson: string): Promise<PostResult> {
    const result = await postToEndpoint({ url: base + path, body: bodyJson, idempotencyKey: keys.keyFor(bodyJson), fetch: globalThis.fetch });
    keys.settle(result.kind === 'error' && isRetryable(result.info) ? 'retryable' : 'final');
    return result;
  }

  test('the same key on retry after a 503, a new key after a value changes', async () => {
    const keys = new AttemptKeys();
    status503Left = 2;
    const first = await click(keys, '/flaky', fields('a.auth0.com'));
    assert.ok(first.kind === 'error' && first.info.code === 'server' && first.info.retryAfterMs === 1000);
    assert.equal(first.info.message, 'Down for maintenance. Try again in 1 second.');
    await click(keys, '/flaky', fields('a.auth0.com'));
    assert.equal(seen[1]!.headers['idempotency-key'], seen[0]!.headers['idempotency-key']);
    const changed = await click(keys, '/flaky', fields('b.auth0.com'));
    assert.equal(changed.kind, 'success');
    assert.notEqual(seen[2]!.headers['idempotency-key'], seen[1]!.headers['idempotency-key']);
  });

  test('same key after a dropped connection and a timeout; new key after a 2xx and after a 400', async () => {
    const keys = new AttemptKeys();
    const body = fields('c.auth0.com');
    await click(keys, '/drop', body);
    await click(keys, '/ok', body);
    await click(keys, '/ok', body);
    await click(keys, '/reject', body);
    await click(keys, '/reject', body);
    const k = seen.map((s) => s.headers['idempotency-key']);
    assert.equal(k.length, 5);
    assert.equal(k[1], k[0], 'retry after a network error');
    assert.notEqual(k[2], k[1], 'after a 2xx');
    assert.notEqual(k[3], k[2], 'after a 2xx, again');
    assert.notEqual(k[4], k[3], 'after a 400');
  });

  test('same key after a timeout', async () => {
    const keys = new AttemptKeys();
    const body = fields('d.auth0.com');
    const r1 = await postToEndpoint({ url: base + '/hang', body, idempotencyKey: keys.keyFor(body), fetch: globalThis.fetch, timeoutMs: 80 });
    assert.ok(r1.kind === 'error' && isRetryable(r1.info));
    keys.settle('retryable');
    await click(keys, '/ok', body);
    assert.equal(seen[1]!.headers['idempotency-key'], seen[0]!.headers['idempotency-key']);
  });
});

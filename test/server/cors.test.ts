// CORS for a token endpoint on another origin than the page (SPEC "The reference handler"): the
// preflight from an allowed origin, the headers on every answer to it, 403 for any other origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '../../src/server/index.js';
import { answer, endpoint, ENDPOINT, ORIGIN, post } from './helpers.js';

const valid = { connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k-123' } };

const preflight = (origin: string | null, headers: Record<string, string> = {}) =>
  new Request(ENDPOINT, {
    method: 'OPTIONS',
    headers: { ...(origin === null ? {} : { origin }), 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key', ...headers },
  });

test('a preflight from an allowed origin is 204 with that origin, POST, the protocol headers, Max-Age and Vary: Origin; no hook runs', async () => {
  const { handle, calls } = endpoint();
  const response = await handle(preflight(ORIGIN));
  assert.equal(response.status, 204);
  assert.equal(await response.text(), '');
  const h = response.headers;
  assert.equal(h.get('access-control-allow-origin'), ORIGIN);
  assert.equal(h.get('access-control-allow-methods'), 'POST');
  assert.deepEqual(h.get('access-control-allow-headers')!.split(', ').sort(), ['accept-language', 'content-type', 'idempotency-key']);
  assert.equal(h.get('access-control-max-age'), '600');
  assert.equal(h.get('vary'), 'Origin');
  assert.equal(h.get('access-control-allow-credentials'), null, 'no credentials unless configured');
  assert.equal(calls.credentials.length, 0);
});

test('configured extra headers, credentials: include and maxAge show in the preflight and on every answer', async () => {
  const { handle } = endpoint({ cors: { allowedHeaders: ['X-CSRF-Token', 'content-type'], credentials: 'include', maxAge: 120 } });
  const pre = await handle(preflight(ORIGIN, { 'access-control-request-headers': 'content-type,idempotency-key,x-csrf-token' }));
  assert.equal(pre.status, 204);
  assert.deepEqual(pre.headers.get('access-control-allow-headers')!.split(', ').sort(), ['accept-language', 'content-type', 'idempotency-key', 'x-csrf-token']);
  assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(pre.headers.get('access-control-max-age'), '120');
  const ok = await handle(post(valid));
  assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
  await answer(ok, 200);
});

for (const origin of ['https://evil.example', 'http://localhost:3000.evil.example', 'null', 'http://localhost:3001']) {
  test(`a preflight from the unlisted origin ${origin} is 403 with no Access-Control-Allow-Origin`, async () => {
    const { handle } = endpoint({ cors: { credentials: 'include' } });
    const response = await handle(preflight(origin));
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.equal(response.headers.get('access-control-allow-methods'), null);
    assert.equal(response.headers.get('vary'), 'Origin');
    await answer(response, 403);
  });
}

test('a preflight without Origin is 403', async () => {
  const { handle } = endpoint();
  await answer(await handle(preflight(null)), 403);
});

test('every answer to an allowed origin carries Access-Control-Allow-Origin (200, 4xx, 500), never *', async () => {
  const { handle } = endpoint({
    onCredentials: ({ fields }) => {
      if (fields.apiKey === 'boom') throw new Error('boom');
      return { id: 'c' };
    },
    logger: false,
  });
  const answers = [
    await handle(post(valid)),
    await handle(post({ ...valid, fields: {} })),
    await handle(post('{nope')),
    await handle(post(valid, { contentType: 'text/plain' })),
    await handle(post({ ...valid, fields: { apiKey: 'boom' } })),
    await handle(new Request(ENDPOINT, { method: 'GET', headers: { origin: ORIGIN } })),
  ];
  assert.deepEqual(
    answers.map((r) => r.status),
    [200, 422, 400, 415, 500, 405],
  );
  for (const r of answers) {
    assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN, String(r.status));
    assert.equal(r.headers.get('vary'), 'Origin');
    assert.equal(r.headers.get('access-control-expose-headers'), 'Retry-After');
  }
  const refused = await handle(post(valid, { origin: 'https://evil.example' }));
  assert.equal(refused.headers.get('access-control-allow-origin'), null);
});

test('a plain OPTIONS (not a preflight) is still 405', async () => {
  const { handle } = endpoint();
  const response = await handle(new Request(ENDPOINT, { method: 'OPTIONS', headers: { origin: ORIGIN } }));
  assert.equal(response.headers.get('allow'), 'POST');
  await answer(response, 405);
});

test('a bad cors configuration is refused at creation', () => {
  assert.throws(() => endpoint({ cors: { allowedHeaders: ['bad header'] } }), /cors\.allowedHeaders/);
  assert.throws(() => endpoint({ cors: { credentials: true as never } }), /cors\.credentials/);
  assert.throws(() => endpoint({ cors: { maxAge: -1 } }), /cors\.maxAge/);
});

test('over real HTTP (toNodeHandler): the preflight and the POST of a second origin', async () => {
  const { handle } = endpoint({ allowedOrigins: ['http://app.localhost:5000'] });
  const server = createServer(toNodeHandler(handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/connect`;
  try {
    const pre = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://app.localhost:5000', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://app.localhost:5000');
    const ok = await fetch(url, { method: 'POST', headers: { origin: 'http://app.localhost:5000', 'content-type': 'application/json' }, body: JSON.stringify(valid) });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://app.localhost:5000');
    await answer(ok, 200);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

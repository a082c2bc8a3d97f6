// The reference handler's request rules (SPEC "The reference handler"): method, Origin, media type,
// size, JSON, body shape, connector/option/step, and the headers of every answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, endpoint, ENDPOINT, ORIGIN, pointers, post } from './helpers.js';

const valid = { connector: 'example-app', option: 'api-key', type: 'client-credentials', step: 'credentials', fields: { apiKey: 'k-123' } };

/** A body stream of `chunks` chunks of `size` bytes (1 MB by default: endless for the handler), counting how many were pulled. */
function counted(size: number, chunks = (1024 * 1024) / size): { stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } {
  let pulled = 0;
  let cancelled = false;
  const chunk = new TextEncoder().encode('{"pad":"'.padEnd(size, 'x'));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(chunk.slice());
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

function streamed(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers }, body: stream, duplex: 'half' } as RequestInit);
}

test('a valid credentials request answers 200 with the connection', async () => {
  const { handle, calls } = endpoint();
  const body = await answer(await handle(post(valid)), 200);
  assert.deepEqual(body, { connection: { id: 'conn-1', connector: 'example-app' } });
  assert.equal(calls.credentials.length, 1);
});

for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
  test(`${method} is 405 with Allow: POST, and no hook runs`, async () => {
    const { handle, calls } = endpoint();
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const response = await handle(new Request(ENDPOINT, { method, headers: { origin: ORIGIN, 'content-type': 'application/json' }, ...(hasBody ? { body: JSON.stringify(valid) } : {}) }));
    assert.equal(response.headers.get('allow'), 'POST');
    if (method === 'HEAD') assert.equal(response.status, 405);
    else await answer(response, 405);
    assert.equal(calls.credentials.length, 0);
  });
}

for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/vnd.api+json', '']) {
  test(`Content-Type "${contentType}" is 415`, async () => {
    const { handle, calls } = endpoint();
    const request = new Request(ENDPOINT, {
      method: 'POST',
      headers: { origin: ORIGIN, ...(contentType ? { 'content-type': contentType } : {}) },
      body: new TextEncoder().encode(JSON.stringify(valid)),
    });
    if (!contentType) assert.equal(request.headers.get('content-type'), null);
    await answer(await handle(request), 415);
    assert.equal(calls.credentials.length, 0);
  });
}

test('application/json with parameters and any case is accepted', async () => {
  const { handle } = endpoint();
  await answer(await handle(post(valid, { contentType: 'Application/JSON; charset=utf-8' })), 200);
});

test('a missing Origin is 403', async () => {
  const { handle, calls } = endpoint();
  await answer(await handle(post(valid, { origin: null })), 403);
  assert.equal(calls.credentials.length, 0);
});

for (const origin of ['https://evil.example', 'http://localhost:3001', 'https://localhost:3000', 'http://localhost:3000.evil.example', 'null', 'http://LOCALHOST:3000/']) {
  test(`an unlisted Origin "${origin}" is 403`, async () => {
    const { handle, calls } = endpoint();
    await answer(await handle(post(valid, { origin })), 403);
    assert.equal(calls.credentials.length, 0);
  });
}

test('allowedOrigins are normalised the way browsers send Origin (case, default port, trailing slash)', async () => {
  const { handle } = endpoint({ allowedOrigins: ['HTTPS://App.Example.com:443/'] });
  await answer(await handle(post(valid, { origin: 'https://app.example.com' })), 200);
  await answer(await handle(post(valid, { origin: 'https://app.example.com:8443' })), 403);
});

test('the Origin is checked before the body is read', async () => {
  const { handle } = endpoint();
  const { stream, pulled } = counted(1024);
  const request = new Request(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: stream, duplex: 'half' } as RequestInit);
  await answer(await handle(request), 403);
  assert.ok(pulled() <= 2, `pulled ${pulled()} chunks`);
});

test('a body of exactly 64 KB is read; one byte more is 413', async () => {
  const { handle, calls } = endpoint();
  const base = JSON.stringify({ ...valid, context: { pad: '' } });
  const exact = JSON.stringify({ ...valid, context: { pad: 'x'.repeat(64 * 1024 - base.length) } });
  assert.equal(new TextEncoder().encode(exact).byteLength, 65536);
  await answer(await handle(post(exact)), 200);
  const over = JSON.stringify({ ...valid, context: { pad: 'x'.repeat(64 * 1024 - base.length + 1) } });
  const body = await answer(await handle(post(over)), 413);
  assert.match(body.detail, /64 KB/);
  assert.equal(calls.credentials.length, 1);
});

test('a declared Content-Length over 64 KB is 413 without reading the body, which is cancelled', async () => {
  const { handle } = endpoint();
  const { stream, pulled, cancelled } = counted(1024);
  await answer(await handle(streamed(stream, { 'content-length': String(10 * 1024 * 1024) })), 413);
  assert.ok(pulled() <= 2, `pulled ${pulled()} chunks`);
  assert.ok(cancelled(), 'the runtime is told to stop receiving the body');
});

test('a large body without Content-Length is 413: nothing past 64 KB is kept, and reading stops at 1 MB', async () => {
  // workerd hands a worker every body chunked, without Content-Length; abandoning it there resets the connection, so
  // the rest is read and dropped (the client can then read the 413), up to 1 MB in all.
  const { handle } = endpoint();
  const { stream, pulled, cancelled } = counted(4096, 1024);
  await answer(await handle(streamed(stream)), 413);
  assert.ok(cancelled(), 'the rest of the body is cancelled');
  // 256 chunks are exactly 1 MB; the 257th crosses the bound; a little read-ahead is fine, the rest is never pulled.
  assert.ok(pulled() >= 257 && pulled() <= 260, `pulled ${pulled()} chunks`);
});

test('a body without Content-Length that stalls past 64 KB is 413 after a bounded wait, not never', async () => {
  const { handle } = endpoint();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // 80 KB, then nothing more: the client keeps the upload open.
      for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(4096).fill(120));
    },
    pull: () => new Promise(() => undefined),
    cancel() {
      cancelled = true;
    },
  });
  await answer(await handle(streamed(stream)), 413);
  assert.ok(cancelled, 'the stalled upload is cancelled');
});

test('a body a little over 64 KB with a Content-Length is read to its end (so the client can read the 413), not kept', async () => {
  const { handle } = endpoint();
  const { stream, pulled, cancelled } = counted(8192, 10);
  await answer(await handle(streamed(stream, { 'content-length': String(10 * 8192) })), 413);
  assert.equal(pulled(), 10);
  assert.ok(!cancelled());
});

test('a lying Content-Length (small) does not let a large body through', async () => {
  const { handle, calls } = endpoint();
  const { stream } = counted(8192, 10);
  await answer(await handle(streamed(stream, { 'content-length': '100' })), 413);
  assert.equal(calls.credentials.length, 0);
});

for (const [name, text] of [
  ['an empty body', ''],
  ['truncated JSON', '{"connector": "example-app"'],
  ['a trailing comma', '{"connector": "example-app",}'],
  ['JSON null', 'null'],
  ['a JSON array', '[]'],
  ['a JSON string', '"example-app"'],
  ['a JSON number', '42'],
] as const) {
  test(`${name} is 400`, async () => {
    const { handle, calls } = endpoint();
    await answer(await handle(post(text)), 400);
    assert.equal(calls.credentials.length, 0);
  });
}

test('a body that is not UTF-8 is 400', async () => {
  const { handle } = endpoint();
  const bytes = new Uint8Array([...new TextEncoder().encode('{"connector":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
  const request = new Request(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: bytes });
  await answer(await handle(request), 400);
});

for (const [name, patch, pointer] of [
  ['connector missing', { connector: undefined }, '/connector'],
  ['connector a number', { connector: 7 }, '/connector'],
  ['step missing', { step: undefined }, '/step'],
  ['step an object', { step: {} }, '/step'],
  ['option a number', { option: 1 }, '/option'],
  ['type a list', { type: ['oauth2'] }, '/type'],
  ['fields a list', { fields: ['k-123'] }, '/fields'],
  ['fields a string', { fields: 'k-123' }, '/fields'],
  ['context a string', { context: 'x' }, '/context'],
  ['connectionId a number', { connectionId: 5 }, '/connectionId'],
  ['connectionId empty', { connectionId: '' }, '/connectionId'],
] as const) {
  test(`body shape: ${name} is 400 at ${pointer}`, async () => {
    const { handle, calls } = endpoint();
    const body = await answer(await handle(post({ ...valid, ...patch })), 400);
    assert.deepEqual(pointers(body), [pointer]);
    assert.equal(calls.credentials.length, 0);
  });
}

for (const [name, patch, pointer] of [
  ['an unknown connector', { connector: 'nope' }, '/connector'],
  ['an inherited property name as connector', { connector: 'constructor' }, '/connector'],
  ['an unknown option', { option: 'password' }, '/option'],
  ['no option for a connector that has options', { option: undefined }, '/option'],
  ['an unknown step', { step: 'refresh' }, '/step'],
  ['oauth-start for a credentials option', { step: 'oauth-start' }, '/step'],
  ['credentials for an oauth2 option', { option: 'oauth', type: 'oauth2', fields: {} }, '/step'],
  ["a type that is not the option's", { type: 'oauth2' }, '/type'],
] as const) {
  test(`${name} is 400 with the pointer ${pointer}`, async () => {
    const { handle, calls } = endpoint();
    const body = await answer(await handle(post({ ...valid, ...patch })), 400);
    assert.deepEqual(pointers(body), [pointer]);
    assert.equal(calls.credentials.length, 0);
  });
}

test('an option sent to a connector without options is 400 at /option; null or absent is fine', async () => {
  const { handle } = endpoint();
  const base = { connector: 'infisical-token-auth', type: 'client-credentials', step: 'credentials', fields: { name: 'ci' } };
  assert.deepEqual(pointers(await answer(await handle(post({ ...base, option: 'default' })), 400)), ['/option']);
  await answer(await handle(post({ ...base, option: null })), 200);
  await answer(await handle(post(base)), 200);
});

test('a connector, option or step is matched exactly (no case folding, no prototype lookups)', async () => {
  const { handle } = endpoint();
  assert.deepEqual(pointers(await answer(await handle(post({ ...valid, connector: 'Example-App' })), 400)), ['/connector']);
  assert.deepEqual(pointers(await answer(await handle(post({ ...valid, option: 'API-KEY' })), 400)), ['/option']);
  assert.deepEqual(pointers(await answer(await handle(post({ ...valid, option: '__proto__' })), 400)), ['/option']);
  assert.deepEqual(pointers(await answer(await handle(post({ ...valid, step: 'Credentials' })), 400)), ['/step']);
});

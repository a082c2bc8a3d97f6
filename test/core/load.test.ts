// Loading a JSON document (a connector, a connector list) with a GET: the widget's session and the
// catalog share this rule. Against a real node:http server, with Node's own fetch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadJson } from '../../src/core/load.js';

let server: http.Server;
let origin = '';
const seen: { method: string; accept: string }[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', accept: req.headers.accept ?? '' });
    if (req.url === '/ok') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"key":"example","name":"Example"}');
    else if (req.url === '/missing') res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"no such connector"}');
    else if (req.url === '/html') res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><p>Sign in</p>');
    else if (req.url === '/empty') res.writeHead(204).end();
    else res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (path: string) => loadJson((url, init) => fetch(url, init), origin + path);

test('a 2xx JSON answer is the document; the GET asks for JSON', async () => {
  seen.length = 0;
  assert.deepEqual(await get('/ok'), { ok: true, value: { key: 'example', name: 'Example' } });
  assert.deepEqual(seen, [{ method: 'GET', accept: 'application/json' }]);
});

test('a non-2xx answer names its status, whatever its body', async () => {
  assert.deepEqual(await get('/missing'), { ok: false, status: 404 });
});

test('a 2xx answer that is not JSON (an HTML login page, an empty 204) says so', async () => {
  assert.deepEqual(await get('/html'), { ok: false, notJson: true });
  assert.deepEqual(await get('/empty'), { ok: false, notJson: true });
});

test('a request that fails (nothing listening) is an error, not a throw', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const loaded = await loadJson((url, init) => fetch(url, init), `http://127.0.0.1:${port}/ok`);
  assert.equal(loaded.ok, false);
  assert.ok('error' in loaded && loaded.error instanceof Error && loaded.error.message.length > 0, JSON.stringify(loaded));
});

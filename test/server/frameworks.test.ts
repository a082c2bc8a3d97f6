// The handler mounted in real frameworks over real HTTP: Express (before and after express.json()),
// Fastify (which always parses JSON bodies itself) and Hono on @hono/node-server (with and without a
// middleware that reads the body first). Each answers at once, never waiting on a body already read.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { toExpressHandler, toFastifyHandler, toHonoHandler, toNodeHandler } from '../../src/server/index.js';
import { answer, endpoint, ORIGIN, pointers } from './helpers.js';

const valid = { connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k-123' } };
// A hang shows as this error rather than as the widget's 30 s timeout; no test here measures time.
const LIMIT = { signal: undefined as AbortSignal | undefined };
const send = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: LIMIT.signal ?? AbortSignal.timeout(5000),
  });

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const close of closers) await close();
});

function listening(server: Server): Promise<string> {
  return new Promise((resolve) => {
    const done = () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/connect`);
    if (server.listening) done();
    else server.once('listening', done);
  });
}
const closeServer = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** What every mounting must do: the protocol's answers, a preflight, and a 413 past 64 KB. */
async function behaves(url: string, calls: { credentials: unknown[] }) {
  assert.deepEqual(await answer(await send(url, valid), 200), { connection: { id: 'conn-1', connector: 'example-app' } });
  assert.deepEqual(pointers(await answer(await send(url, { ...valid, fields: { apiKey: 'k', extra: 1 } }), 422)), ['/fields/extra']);
  assert.deepEqual(pointers(await answer(await send(url, { ...valid, connector: 'nope' }), 400)), ['/connector']);
  await answer(await send(url, valid, { origin: 'https://evil.example' }), 403);
  const big = await send(url, { ...valid, context: { pad: 'x'.repeat(70 * 1024) } });
  assert.match((await answer(big, 413)).detail, /64 KB/);
  const pre = await fetch(url, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' }, signal: AbortSignal.timeout(5000) });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(calls.credentials.length, 1);
}

describe('Express', () => {
  test('after app.use(express.json()): the parsed body is used, no hang', async () => {
    const { handle, calls } = endpoint();
    const app = express();
    app.use(express.json());
    app.all('/api/connect', toExpressHandler(handle));
    const server = app.listen(0, '127.0.0.1');
    closers.push(closeServer(server));
    await behaves(await listening(server), calls);
  });

  test('before any body parser (toNodeHandler as a route): the body is streamed', async () => {
    const { handle, calls } = endpoint();
    const app = express();
    app.all('/api/connect', toNodeHandler(handle));
    app.use(express.json());
    const server = app.listen(0, '127.0.0.1');
    closers.push(closeServer(server));
    await behaves(await listening(server), calls);
  });

  test('after express.raw() and express.text(): the bytes or text are used', async () => {
    for (const parser of [express.raw({ type: '*/*' }), express.text({ type: '*/*' })]) {
      const { handle, calls } = endpoint();
      const app = express();
      app.use(parser);
      app.all('/api/connect', toExpressHandler(handle));
      const server = app.listen(0, '127.0.0.1');
      closers.push(closeServer(server));
      const url = await listening(server);
      await answer(await send(url, valid), 200);
      await answer(await send(url, '{nope'), 400);
      assert.equal(calls.credentials.length, 1);
    }
  });

  test('after a middleware that read the body and kept nothing: an immediate 500, and the log says how to mount it', async () => {
    const { handle, calls } = endpoint();
    const logged: string[] = [];
    const app = express();
    app.use((req, _res, next) => {
      req.on('data', () => undefined);
      req.on('end', () => next());
    });
    app.all('/api/connect', toExpressHandler(handle, { logger: { error: (m: string) => void logged.push(m) } }));
    const server = app.listen(0, '127.0.0.1');
    closers.push(closeServer(server));
    const response = await send(await listening(server), valid);
    const body = await answer(response, 500);
    assert.equal(body.detail, undefined);
    assert.equal(calls.credentials.length, 0);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /already read by another middleware.*Mount the token endpoint before body parsers/);
  });
});

describe('Fastify', () => {
  test('with its own JSON parsing: the parsed body is used, cookies and CORS pass through', async () => {
    const { handle, calls } = endpoint();
    const app = Fastify();
    app.route({ method: ['POST', 'OPTIONS'], url: '/api/connect', handler: toFastifyHandler(handle) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    await behaves(await listening(app.server), calls);
    const response = await send(await listening(app.server), valid);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('content-type'), 'application/json');
  });
});

describe('Hono', () => {
  test('on @hono/node-server, the raw request is streamed', async () => {
    const { handle, calls } = endpoint();
    const app = new Hono();
    app.on(['POST', 'OPTIONS'], '/api/connect', toHonoHandler(handle));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    closers.push(closeServer(server));
    await behaves(await listening(server), calls);
  });

  test("after a middleware that read the body with c.req.json(): Hono's cached body is used", async () => {
    const { handle, calls } = endpoint();
    const seen: string[] = [];
    const app = new Hono();
    app.use('/api/connect', async (c, next) => {
      if (c.req.method === 'POST') seen.push(String(((await c.req.json().catch(() => ({}))) as { connector?: string }).connector));
      await next();
    });
    app.on(['POST', 'OPTIONS'], '/api/connect', toHonoHandler(handle));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    closers.push(closeServer(server));
    const url = await listening(server);
    assert.deepEqual(await answer(await send(url, valid), 200), { connection: { id: 'conn-1', connector: 'example-app' } });
    assert.deepEqual(pointers(await answer(await send(url, { ...valid, fields: {} }), 422)), ['/fields/apiKey']);
    assert.deepEqual(seen, ['example-app', 'example-app']);
    assert.equal(calls.credentials.length, 1);
  });
});

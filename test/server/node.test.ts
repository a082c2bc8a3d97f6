// toNodeHandler over a real node:http server on 127.0.0.1: the answers of the Fetch handler survive
// real HTTP (status, headers, several Set-Cookie), a >64 KB body is 413 and the server keeps serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { toNodeHandler, type TokenEndpointHandler } from '../../src/server/index.js';
import { answer, authorize, EXAMPLE, endpoint, ORIGIN, REDIRECT_URI, SECRET, startAuthServer, type AuthServer } from './helpers.js';

let as: AuthServer;
before(async () => {
  as = await startAuthServer();
});
after(async () => {
  await as.close();
});

async function serve(handler: TokenEndpointHandler, options?: Parameters<typeof toNodeHandler>[1]): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(toNodeHandler(handler, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/connect`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const credentials = { connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k-123' } };
const jsonPost = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

function oauthHandler(overrides: Parameters<typeof endpoint>[0] = {}) {
  const client = { issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret, scope: 'openid' };
  return endpoint({ connectors: [EXAMPLE()], secret: SECRET, oauth: { 'example-app': client }, onTokens: () => ({ id: 'oauth-conn' }), ...overrides });
}

test('a request through real HTTP gets the same answers as the Fetch handler', async () => {
  const { handle, calls } = endpoint();
  const http = await serve(handle);
  try {
    const ok = await fetch(http.url, jsonPost(credentials));
    assert.deepEqual(await answer(ok, 200), { connection: { id: 'conn-1', connector: 'example-app' } });
    // The hook saw the real request: URL, method and headers.
    const request = (calls.credentials[0] as { request: Request }).request;
    assert.equal(request.url, http.url);
    assert.equal(request.headers.get('origin'), ORIGIN);

    const direct = await handle(new Request(http.url, jsonPost({ ...credentials, fields: {} })));
    const viaHttp = await fetch(http.url, jsonPost({ ...credentials, fields: {} }));
    assert.equal(viaHttp.status, direct.status);
    assert.deepEqual(await viaHttp.json(), await direct.json());
    assert.equal(viaHttp.headers.get('content-type'), 'application/problem+json');
    assert.equal(viaHttp.headers.get('cache-control'), 'no-store');

    const get = await fetch(http.url);
    assert.equal(get.headers.get('allow'), 'POST');
    await answer(get, 405);
    await answer(await fetch(http.url, jsonPost(credentials, { origin: 'https://evil.example' })), 403);
    await answer(await fetch(http.url, { ...jsonPost(credentials), headers: { origin: ORIGIN, 'content-type': 'text/plain' } }), 415);
    await answer(await fetch(http.url, jsonPost('{nope')), 400);
  } finally {
    await http.close();
  }
});

test('several Set-Cookie headers survive the adapter as separate headers', async () => {
  const http = await serve(async () => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
    headers.append('set-cookie', 'b=2, with a comma; Path=/');
    headers.append('set-cookie', '__Host-c=3; Path=/; Secure');
    return new Response('{}', { status: 200, headers });
  });
  try {
    const response = await fetch(http.url, jsonPost({}));
    assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/; HttpOnly', 'b=2, with a comma; Path=/', '__Host-c=3; Path=/; Secure']);
  } finally {
    await http.close();
  }
});

test('the full OAuth flow runs over real HTTP; a localhost baseUrl drops Secure and __Host-', async () => {
  const { handle, calls } = oauthHandler({ baseUrl: 'http://localhost:3000' });
  const http = await serve(handle);
  try {
    const start = { connector: 'example-app', option: 'oauth', step: 'oauth-start', fields: {}, redirectUri: REDIRECT_URI };
    const started = await fetch(http.url, jsonPost(start));
    const [setCookie] = started.headers.getSetCookie();
    assert.ok(setCookie && !setCookie.startsWith('__Host-') && !/;\s*Secure/.test(setCookie), String(setCookie));
    const { authorizationUrl, state } = await answer(started, 200);
    const params = await authorize(authorizationUrl);
    const done = await fetch(http.url, jsonPost({ ...start, step: 'oauth-callback', state, params }, { cookie: setCookie.split(';')[0]! }));
    assert.match(done.headers.getSetCookie()[0]!, /Max-Age=0/);
    assert.deepEqual(await answer(done, 200), { connection: { id: 'oauth-conn' } });
    assert.deepEqual(calls.errors, []);
  } finally {
    await http.close();
  }
});

test('behind a proxy that forwards to http://localhost, the cookie stays Secure with a __Host- name (no baseUrl: production)', async () => {
  const { handle } = oauthHandler();
  const http = await serve(handle);
  try {
    const response = await fetch(http.url, jsonPost({ connector: 'example-app', option: 'oauth', step: 'oauth-start', fields: {}, redirectUri: REDIRECT_URI }, { host: 'localhost:3000' }));
    const [setCookie] = response.headers.getSetCookie();
    assert.match(setCookie!, /^__Host-cw-oauth-[A-Za-z0-9_-]+=.+; Secure$/);
  } finally {
    await http.close();
  }
});

/** Sends raw bytes and reads the raw answer until the server closes or `until` matches. */
function raw(port: number, bytes: string | Buffer, until?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (until?.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', (e) => (text ? resolve(text) : reject(e)));
    socket.on('close', () => resolve(text));
    socket.write(bytes);
  });
}

test('a >64 KB body gets 413 (declared, chunked, or streamed by fetch) and the server keeps serving', async () => {
  const { handle, calls } = endpoint();
  const http = await serve(handle);
  const port = Number(new URL(http.url).port);
  try {
    const big = JSON.stringify({ ...credentials, context: { pad: 'x'.repeat(70 * 1024) } });
    const declared = await fetch(http.url, jsonPost(big));
    assert.match((await answer(declared, 413)).detail, /64 KB/);

    // No Content-Length: a chunked upload that never says how big it is.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        if (sent > 10 * 1024 * 1024) return controller.close();
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const chunked = await fetch(http.url, { ...jsonPost(''), body: endless, duplex: 'half' } as RequestInit);
    await answer(chunked, 413);
    assert.ok(sent < 10 * 1024 * 1024, 'the server answered before the client finished sending');

    // Raw HTTP/1.1 with chunked encoding: 413, and the connection is closed rather than desynchronised.
    const head = `POST /api/connect HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = `${(80 * 1024).toString(16)}\r\n${' '.repeat(80 * 1024)}\r\n`;
    const rawAnswer = await raw(port, head + chunk, /\r\n\r\n[\s\S]*"status":413/);
    assert.match(rawAnswer, /^HTTP\/1\.1 413 /);
    assert.match(rawAnswer, /\r\nconnection: close\r\n/i);

    // Still serving, on new connections and on a kept-alive one.
    for (let i = 0; i < 3; i++) await answer(await fetch(http.url, jsonPost(credentials)), 200);
    assert.equal(calls.credentials.length, 3);
  } finally {
    await http.close();
  }
});

test('a client that goes away mid-body does not leave the handler waiting', async () => {
  let settled: (value: string) => void;
  const result = new Promise<string>((resolve) => (settled = resolve));
  const { handle, calls } = endpoint();
  const http = await serve(async (request) => {
    const response = await handle(request);
    settled(`${response.status} ${(await response.clone().json()).title}`);
    return response;
  });
  const port = Number(new URL(http.url).port);
  try {
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/connect', headers: { origin: ORIGIN, 'content-type': 'application/json', 'content-length': '5000' } });
      req.on('error', () => undefined);
      req.write('{"connector": "example-app", ', () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 50);
      });
    });
    const status = await Promise.race([result, new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 2000))]);
    assert.equal(status, '400 The request body could not be read', 'the aborted body is answered (to nobody) instead of hanging, and is not a server error');
    assert.deepEqual(calls.errors, []);
  } finally {
    await http.close();
  }
});

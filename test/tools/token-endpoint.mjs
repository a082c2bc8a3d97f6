// A real token endpoint for the browser tests, mounted on the test runner's dev server (Koa), so it
// is same-origin HTTP like a host's own. The path picks how it answers; every request is recorded
// and readable at GET /api/requests, so tests assert on what really went over the wire.
//   POST /api/token/ok                  200 { connection }
//   POST /api/token/slow                200 after 400 ms
//   POST /api/token/error/<fixture>     status, headers and body of test/fixtures/errors/<fixture>.json
//   POST /api/token/test-key            422 on /fields/apiKey unless fields.apiKey === "good-key"
//   POST /api/token/echo-secret         400 whose message repeats the apiKey it was sent
//   POST /api/token/no-connection       200 {}
//   POST /api/token/drop                the connection is dropped in the middle of the answer
//   POST /api/token/hang                no answer until the client gives up
//   POST /api/token/oauth?answer=<a>    oauth-start → a same-origin stand-in provider page that waits, or
//                                       answers (good, deny) or closes itself, and a state; oauth-callback
//                                       → { connection } when params.code is "good"; answer=reject-subdomain:
//                                       oauth-start is a 422 on /fields/subdomain. (The real provider runs in
//                                       test/e2e; these tests check the element's states.)
//   GET  /api/connectors/<name>         a fixture connector as JSON (for connector-url)
import { readFileSync } from 'node:fs';

const requests = [];
const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/errors/${name}.json`, import.meta.url), 'utf8'));

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

function send(ctx, status, body, headers = {}) {
  ctx.status = status;
  for (const [k, v] of Object.entries(headers)) ctx.set(k, v);
  if (typeof body === 'string') ctx.body = body;
  else {
    ctx.set('Content-Type', headers['Content-Type'] ?? 'application/json');
    ctx.body = JSON.stringify(body);
  }
}

/** The Koa middleware. */
export function tokenEndpoint() {
  return async (ctx, next) => {
    if (ctx.path === '/api/requests') {
      if (ctx.method === 'DELETE') requests.length = 0;
      return send(ctx, 200, requests);
    }
    if (ctx.path.startsWith('/api/connectors/')) {
      const name = ctx.path.slice('/api/connectors/'.length).replace(/[^a-z0-9-]/g, '');
      try {
        return send(ctx, 200, JSON.parse(readFileSync(new URL(`../fixtures/connectors/${name}.json`, import.meta.url), 'utf8')));
      } catch {
        return send(ctx, 404, { message: 'no such connector' });
      }
    }
    if (!ctx.path.startsWith('/api/token/')) return next();
    const raw = await readBody(ctx.req);
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const scenario = ctx.path.slice('/api/token/'.length);
    requests.push({
      scenario,
      method: ctx.method,
      contentType: ctx.get('content-type'),
      idempotencyKey: ctx.get('idempotency-key'),
      headers: Object.fromEntries(Object.entries(ctx.headers).filter(([k]) => k.startsWith('x-'))),
      body,
    });
    const connection = { id: `conn_${requests.length}`, connector: body?.connector, option: body?.option ?? null };
    if (scenario === 'ok') return send(ctx, 200, { connection, extra: 'not for the widget' });
    if (scenario === 'slow') {
      await new Promise((r) => setTimeout(r, 400));
      return send(ctx, 200, { connection });
    }
    if (scenario.startsWith('error/')) {
      const f = fixture(scenario.slice('error/'.length));
      return send(ctx, f.status, f.body, f.headers ?? {});
    }
    if (scenario === 'test-key') {
      if (body?.fields?.apiKey === 'good-key') return send(ctx, 200, { connection });
      return send(ctx, 422, { title: 'The credentials were rejected', status: 422, errors: [{ pointer: '/fields/apiKey', detail: 'This key was rejected by Example App.' }] }, { 'Content-Type': 'application/problem+json' });
    }
    if (scenario === 'echo-secret') return send(ctx, 400, { message: `The key ${body?.fields?.apiKey} is not valid` });
    if (scenario === 'no-connection') return send(ctx, 200, {});
    if (scenario === 'oauth') {
      // ?answer= tells the stand-in provider page what to do: wait, good, deny or close.
      const answer = ctx.query.answer ?? 'wait';
      if (body?.step === 'oauth-start' && answer === 'reject-subdomain') {
        return send(ctx, 422, { title: 'Check the connection details', status: 422, errors: [{ pointer: '/fields/subdomain', detail: 'There is no helpdesk at this subdomain.' }] }, { 'Content-Type': 'application/problem+json' });
      }
      const state = `state-${requests.length}`;
      if (body?.step === 'oauth-start') return send(ctx, 200, { authorizationUrl: `${ctx.origin}/test/elements/provider-page.html?answer=${answer}&state=${state}`, state });
      if (body?.step === 'oauth-callback' && body?.params?.code === 'good') return send(ctx, 200, { connection });
      return send(ctx, 400, { title: 'The sign-in could not be completed', status: 400 }, { 'Content-Type': 'application/problem+json' });
    }
    if (scenario === 'drop') {
      // Dropped mid-answer: with no byte at all, Chromium retries the POST itself on a fresh socket.
      ctx.respond = false;
      ctx.req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"conn');
      ctx.req.socket.destroy();
      return;
    }
    if (scenario === 'hang') {
      ctx.respond = false;
      await new Promise((resolve) => {
        ctx.req.on('close', resolve);
        setTimeout(resolve, 60000);
      });
      return;
    }
    return send(ctx, 404, { message: `unknown scenario ${scenario}` });
  };
}

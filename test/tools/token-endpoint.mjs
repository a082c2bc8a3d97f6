// A real token endpoint for the browser tests and the stories, as a plain Node (req, res) handler:
// mounted on the test runner's dev server (Koa) and on Storybook's (Vite/Connect), so it is
// same-origin HTTP like a host's own. The path picks how it answers; every request is recorded
// and readable at GET /api/requests, so tests assert on what really went over the wire.
//   POST /api/token/ok                  200 { connection }
//   POST /api/token/slow                200 after 400 ms
//   POST /api/token/pending             no answer for 60 s (a story's "sending" state)
//   POST /api/token/error/<fixture>     status, headers and body of test/fixtures/errors/<fixture>.json
//   POST /api/token/test-key            422 on /fields/apiKey unless fields.apiKey === "good-key"
//   POST /api/token/echo-secret         400 whose message repeats the apiKey it was sent
//   POST /api/token/no-connection       200 {}
//   POST /api/token/no-id               200 { connection } without an id
//   POST /api/token/drop                the connection is dropped in the middle of the answer
//   POST /api/token/hang                no answer until the client gives up
//   POST /api/token/oauth?answer=<a>    oauth-start → a same-origin stand-in provider page that waits, or
//                                       answers (good, deny) or closes itself, and a state; oauth-callback
//                                       → { connection } when params.code is "good"; answer=reject-subdomain:
//                                       oauth-start is a 422 on /fields/subdomain; answer=hold-callback: oauth-callback
//                                       never answers (a story's "finishing" state). (The real provider runs in
//                                       test/e2e; these tests check the element's states.)
//   GET  /api/connectors/<name>         a fixture connector as JSON (for connector-url)
//   GET  /api/connectors                every fixture connector, as a JSON array (for connectors-url)
import { readdirSync, readFileSync } from 'node:fs';

const requests = [];
const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/errors/${name}.json`, import.meta.url), 'utf8'));

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = headers['Content-Type'] ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
  res.writeHead(status, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(text);
}

/** True for the paths `handle` answers. */
const ours = (path) => path === '/api/requests' || path === '/api/connectors' || path.startsWith('/api/connectors/') || path.startsWith('/api/token/');

/**
 * The Node handler: answers its own paths and returns true, or returns false and leaves the
 * request alone. `providerPage` is the stand-in provider page the oauth scenario sends the popup to.
 */
export function createTokenEndpoint({ providerPage = '/test/elements/provider-page.html' } = {}) {
  return async function handle(req, res) {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const path = url.pathname;
    if (!ours(path)) return false;
    if (path === '/api/requests') {
      if (req.method === 'DELETE') requests.length = 0;
      send(res, 200, requests);
      return true;
    }
    if (path === '/api/connectors') {
      const dir = new URL('../fixtures/connectors/', import.meta.url);
      send(
        res,
        200,
        readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'))),
      );
      return true;
    }
    if (path.startsWith('/api/connectors/')) {
      const name = path.slice('/api/connectors/'.length).replace(/[^a-z0-9-]/g, '');
      try {
        send(res, 200, JSON.parse(readFileSync(new URL(`../fixtures/connectors/${name}.json`, import.meta.url), 'utf8')));
      } catch {
        send(res, 404, { message: 'no such connector' });
      }
      return true;
    }
    const raw = await readBody(req);
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const scenario = path.slice('/api/token/'.length);
    requests.push({
      scenario,
      method: req.method,
      contentType: req.headers['content-type'] ?? '',
      idempotencyKey: req.headers['idempotency-key'] ?? '',
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-') || k === 'accept-language')),
      body,
    });
    const connection = { id: `conn_${requests.length}`, connector: body?.connector, option: body?.option ?? null };
    const wait = (ms) =>
      new Promise((resolve) => {
        // unref: a request left pending must not keep a test process alive once its server closes.
        const timer = setTimeout(resolve, ms);
        timer.unref?.();
        req.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    if (scenario === 'ok') send(res, 200, { connection, extra: 'not for the widget' });
    else if (scenario === 'slow') {
      await new Promise((r) => setTimeout(r, 400));
      send(res, 200, { connection });
    } else if (scenario.startsWith('error/')) {
      let f;
      try {
        f = fixture(scenario.slice('error/'.length).replace(/[^a-z0-9-]/g, ''));
      } catch {
        f = { status: 404, body: { message: `unknown fixture ${scenario}` } };
      }
      send(res, f.status, f.body, f.headers ?? {});
    } else if (scenario === 'test-key') {
      if (body?.fields?.apiKey === 'good-key') send(res, 200, { connection });
      else
        send(
          res,
          422,
          { title: 'The credentials were rejected', status: 422, errors: [{ pointer: '/fields/apiKey', detail: 'This key was rejected by Example App.' }] },
          { 'Content-Type': 'application/problem+json' },
        );
    } else if (scenario === 'echo-secret') send(res, 400, { message: `The key ${body?.fields?.apiKey} is not valid` });
    else if (scenario === 'no-connection') send(res, 200, {});
    else if (scenario === 'no-id') send(res, 200, { connection: { connector: body?.connector } });
    else if (scenario === 'oauth') {
      // ?answer= tells the stand-in provider page what to do: wait, good, deny or close.
      const answer = url.searchParams.get('answer') ?? 'wait';
      const state = `state-${requests.length}`;
      if (body?.step === 'oauth-start' && answer === 'reject-subdomain') {
        send(
          res,
          422,
          { title: 'Check the connection details', status: 422, errors: [{ pointer: '/fields/subdomain', detail: 'There is no helpdesk at this subdomain.' }] },
          { 'Content-Type': 'application/problem+json' },
        );
      } else if (body?.step === 'oauth-start') send(res, 200, { authorizationUrl: `${url.origin}${providerPage}?answer=${answer}&state=${state}`, state });
      else if (body?.step === 'oauth-callback' && answer === 'hold-callback') {
        await wait(60000);
        if (!res.writableEnded && !res.destroyed) send(res, 504, { message: 'gave up' });
      } else if (body?.step === 'oauth-callback' && body?.params?.code === 'good') send(res, 200, { connection });
      else send(res, 400, { title: 'The sign-in could not be completed', status: 400 }, { 'Content-Type': 'application/problem+json' });
    } else if (scenario === 'drop') {
      // Dropped mid-answer: with no byte at all, Chromium retries the POST itself on a fresh socket.
      req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"conn');
      req.socket.destroy();
    } else if (scenario === 'hang' || scenario === 'pending') {
      await wait(60000);
      if (!res.writableEnded && !res.destroyed) send(res, 504, { message: 'gave up' });
    } else send(res, 404, { message: `unknown scenario ${scenario}` });
    return true;
  };
}

/** The same endpoint as Koa middleware, for @web/test-runner's dev server. */
export function tokenEndpoint(options) {
  const handle = createTokenEndpoint(options);
  return async (ctx, next) => {
    if (!ours(ctx.path)) return next();
    ctx.respond = false;
    await handle(ctx.req, ctx.res);
  };
}

/** The same endpoint as Connect middleware, for Vite's (and so Storybook's) dev server. */
export function tokenEndpointMiddleware(options) {
  const handle = createTokenEndpoint(options);
  return (req, res, next) => {
    handle(req, res).then(
      (handled) => handled || next(),
      (error) => next(error),
    );
  };
}

/** The same endpoint as a Vite plugin, on the dev server and on `vite preview` (Storybook's and the story test's). */
export function tokenEndpointPlugin(options) {
  const middleware = tokenEndpointMiddleware(options);
  return {
    name: 'connect-widget-token-endpoint',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

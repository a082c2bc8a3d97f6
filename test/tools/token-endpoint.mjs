// A real token endpoint for the browser tests and the stories, as a plain Node (req, res) handler:
// mounted on the test runner's dev server (Koa) and on Storybook's (Vite/Connect), so it is
// same-origin HTTP like a host's own. Every request is recorded and readable at GET /api/requests,
// so tests assert on what really went over the wire.
//   POST /api/token/<scenario>          answered as test/tools/token-scenarios.mjs says (the table the
//                                       stories' Mock Service Worker answers from too)
//   GET  /api/connectors/<name>         a fixture connector as JSON (for connector-url)
//   GET  /api/connectors                every fixture connector, as a JSON array (for connectors-url)
import { readdirSync, readFileSync } from 'node:fs';
import { answerFor, reply } from './token-scenarios.mjs';

const requests = [];
// The connection parameters of the latest oauth-start (a real handler seals them in its cookie), for answer=echo-params.
let startFields = {};
const errorFixture = (name) => {
  try {
    return JSON.parse(readFileSync(new URL(`../fixtures/errors/${name}.json`, import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
};

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

function writeReply(res, { status, headers, text }) {
  res.writeHead(status, headers);
  res.end(text);
}

const send = (res, status, body) => writeReply(res, reply(status, body));

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
    if (body?.step === 'oauth-start') startFields = body.fields ?? {};
    const answer = answerFor({
      scenario,
      answer: url.searchParams.get('answer'),
      body,
      count: requests.length,
      started: startFields,
      providerUrl: (choice, state) => `${url.origin}${providerPage}?answer=${choice}&state=${state}`,
      errorFixture,
    });
    if ('drop' in answer) {
      // Dropped mid-answer: with no byte at all, Chromium retries the POST itself on a fresh socket.
      req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"conn');
      req.socket.destroy();
    } else if ('hang' in answer) {
      await wait(60000);
      if (!res.writableEnded && !res.destroyed) writeReply(res, reply(504, { message: 'gave up' }));
    } else if ('delay' in answer) {
      await new Promise((r) => setTimeout(r, answer.delay));
      writeReply(res, answer.reply);
    } else writeReply(res, answer);
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

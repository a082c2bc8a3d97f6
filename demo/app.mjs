// The demo application, as a module: `npm start` runs it (demo/server.mjs) and the end-to-end tests
// start it with ports of their own. Three servers, all real but the third-party API:
//   - the host app (page origin): the demo page, dist/, connectors, the OAuth callback page, the
//     token endpoint (the reference handler, connect-widget/server) and a connected-accounts API;
//   - an OAuth 2.0 / OpenID provider (oidc-provider, its development login and consent pages) on a
//     second origin: another host name and port, so the popup is cross-origin as in real life;
//   - a fake third-party API that accepts or rejects credentials (the only stand-in).
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';
import { createTokenEndpoint, FieldErrors, toNodeHandler } from '../dist/server.js';
import { generateConnectors } from './generated-connectors.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
// The demo runs under the strict policy of SPEC security rule 5: no eval, no inline script or style,
// Trusted Types. `lit-html` is Lit's policy; `vue` is the one Vue's runtime creates (the Vue page).
// `scriptSrc` adds sources (a CDN origin, a script's hash) for pages that load the script-tag build.
const csp = (scriptSrc = []) =>
  `default-src 'self'; script-src 'self'${scriptSrc.map((s) => ` ${s}`).join('')}; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html vue`;

/** The connectors the demo offers: the real fixture definitions plus the demo's own OAuth connector. */
export const CONNECTOR_FILES = [
  'test/fixtures/connectors/infisical-auth0-connection.json',
  'test/fixtures/connectors/zapier-authentication.json',
  'test/fixtures/connectors/infisical-integration-auth.json',
  'test/fixtures/connectors/integration-app-example.json',
  'test/fixtures/connectors/infisical-token-auth.json',
  'demo/connectors/example-helpdesk.json',
];
/** The catalog's categories for the real connectors (the fixtures have none). */
const CATEGORIES = {
  auth0: ['Identity', 'Security'],
  zapier: ['Automation'],
  'infisical-integration': ['Security', 'Developer tools'],
  'example-app': ['Developer tools'],
  'infisical-token-auth': ['Security'],
  'example-helpdesk': ['Support'],
};
/** How many made-up connectors (demo/generated-connectors.mjs) the Integrations page lists after the real ones. */
export const GENERATED_CONNECTORS = 300;
/** Connectors whose OAuth options sign in with the demo provider. */
const OAUTH_CONNECTORS = ['example-app', 'example-helpdesk'];

const listen = (server, port, host) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
const close = (server) =>
  new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

/** The first string value (depth first) that contains "wrong": the fake API rejects it. Returns its JSON pointer. */
function wrongValue(value, pointer = '') {
  if (typeof value === 'string') return /wrong/i.test(value) ? pointer : undefined;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = wrongValue(inner, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The fake third-party API: `POST /check` answers 401 naming the rejected field, or 200. It never echoes a value. */
function fakeThirdPartyApi() {
  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/check') return void res.writeHead(404).end();
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return void res.writeHead(400).end();
      }
      const rejected = wrongValue(body.fields ?? {});
      res.writeHead(rejected === undefined ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(rejected === undefined ? { ok: true, account: `${body.connector}-account` } : { error: 'invalid_credentials', pointer: rejected }));
    });
  });
}

async function serveFile(res, file, scriptSrc) {
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': csp(scriptSrc), 'Cache-Control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}

/** A path under a folder of the repository, or undefined when it would leave it. */
function inside(folder, rel) {
  const base = resolve(root, folder);
  const full = normalize(join(base, rel));
  return full === base || full.startsWith(base.endsWith(sep) ? base : base + sep) ? full : undefined;
}

/**
 * Starts the demo. Options: `host`/`port` of the app (default localhost:5173), `providerHost`/
 * `providerPort` of the OAuth provider (default 127.0.0.1:5174), `coop` (the provider sends
 * Cross-Origin-Opener-Policy: same-origin, as some real providers do), `extraRoot` (a folder served
 * under /test/, for test pages), `mounts` (`{ "/prefix/": folder, "/page.html": file }`, served before
 * demo/public), `scriptSrc` (extra CSP script sources). Returns the URLs, the in-memory stores and `close()`.
 */
export async function startDemo(options = {}) {
  const host = options.host ?? 'localhost';
  const providerHost = options.providerHost ?? '127.0.0.1';
  const real = await Promise.all(CONNECTOR_FILES.map(async (f) => JSON.parse(await readFile(join(root, f), 'utf8'))));
  const connectors = [...real.map((c) => ({ ...c, categories: CATEGORIES[c.key] ?? [] })), ...generateConnectors(GENERATED_CONNECTORS)];
  /** The connected accounts: what the host stores. Credentials and tokens would be stored encrypted; the demo keeps only what it shows. */
  const connections = new Map();
  /** Every token-endpoint request the app received: step and keys only (never fields), for the tests. */
  const requests = [];
  /** URL prefixes served from other folders: the React and Vue demo pages (built by `npm run build:demo`), test pages. */
  const mounts = Object.entries(options.mounts ?? { '/apps/': 'demo/dist' });

  const api = fakeThirdPartyApi();
  const apiPort = await listen(api, 0, '127.0.0.1');
  const apiUrl = `http://127.0.0.1:${apiPort}`;

  let tokenEndpoint;
  let appOrigin = '';
  const app = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    const path = decodeURIComponent(url.pathname);
    try {
      if (path === '/api/connect') return void (await tokenEndpoint(req, res));
      if (path === '/api/connections' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        return void res.end(JSON.stringify([...connections.values()]));
      }
      if (path.startsWith('/api/connections/') && req.method === 'DELETE') {
        // The same CSRF defence as the token endpoint: only the app's own pages may disconnect.
        if (req.headers.origin !== appOrigin) return void res.writeHead(403).end();
        const existed = connections.delete(path.slice('/api/connections/'.length));
        return void res.writeHead(existed ? 204 : 404).end();
      }
      if (path === '/api/connectors') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
        return void res.end(JSON.stringify(connectors));
      }
      if (path.startsWith('/api/connectors/')) {
        // One definition, for `connector-url`.
        const connector = connectors.find((c) => c.key === path.slice('/api/connectors/'.length));
        res.writeHead(connector ? 200 : 404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
        return void res.end(JSON.stringify(connector ?? { message: 'No such connector' }));
      }
      if (path.startsWith('/dist/')) return void (await serveFile(res, inside('dist', path.slice(6)) ?? '/nonexistent'));
      if (path.startsWith('/test/') && options.extraRoot) return void (await serveFile(res, inside(options.extraRoot, path.slice(6)) ?? '/nonexistent'));
      for (const [prefix, target] of mounts) {
        if (prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix) {
          const rel = prefix.endsWith('/') ? path.slice(prefix.length) || 'index.html' : '';
          return void (await serveFile(res, (rel.endsWith('/') ? inside(target, `${rel}index.html`) : inside(target, rel)) ?? '/nonexistent', options.scriptSrc));
        }
      }
      return void (await serveFile(res, inside('demo/public', path === '/' ? 'index.html' : path.slice(1)) ?? '/nonexistent'));
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error');
    }
  });
  const port = await listen(app, options.port ?? 5173, host);
  appOrigin = `http://${host}:${port}`;
  const redirectUri = `${appOrigin}/callback.html`;

  // The OAuth provider: one confidential client per OAuth connector, PKCE required, the dev login
  // page accepting any user name and password.
  const providerServer = http.createServer();
  const providerPort = await listen(providerServer, options.providerPort ?? 5174, providerHost);
  const issuer = `http://${providerHost}:${providerPort}`;
  const clients = OAUTH_CONNECTORS.map((key) => ({ key, client_id: `demo-${key}`, client_secret: randomBytes(24).toString('base64url') }));
  const provider = new Provider(issuer, {
    clients: clients.map(({ client_id, client_secret }) => ({
      client_id,
      client_secret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub'] },
    ttl: { Interaction: 3600, Session: 86400, Grant: 86400, AccessToken: 3600, IdToken: 3600, AuthorizationCode: 60 },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: () => ({ sub: id }) };
    },
  });
  provider.on('server_error', () => {});
  const providerCallback = provider.callback();
  providerServer.on('request', (req, res) => {
    if (options.coop) res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    providerCallback(req, res);
  });

  const handle = createTokenEndpoint({
    connectors,
    allowedOrigins: [appOrigin],
    // Local development: the flow cookie cannot be Secure / __Host- on plain http://localhost.
    baseUrl: appOrigin,
    // A fresh secret per run: flows in progress do not survive a restart, nothing else is lost.
    secret: randomBytes(32),
    oauth: Object.fromEntries(clients.map(({ key, client_id, client_secret }) => [key, { issuer, clientId: client_id, clientSecret: client_secret, scope: 'openid' }])),
    async onCredentials({ connector, option, fields, connectionId }) {
      const check = await fetch(`${apiUrl}/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ connector, fields }) });
      if (check.status === 401) {
        const { pointer } = await check.json();
        const name = connectors.find((c) => c.key === connector)?.name ?? connector;
        throw new FieldErrors([{ pointer: `/fields${pointer}`, detail: `${name} rejected this value. Check it and try again.` }], `${name} did not accept these credentials`);
      }
      if (!check.ok) throw new Error(`the third-party API answered ${check.status}`);
      return save({ connector, option, connectionId, label: 'API credentials' });
    },
    async onTokens({ connector, option, tokens, fields, connectionId }) {
      // A real call with the new access token: who signed in.
      const me = await fetch(`${issuer}/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
      const { sub } = me.ok ? await me.json() : { sub: 'unknown user' };
      const where = typeof fields.subdomain === 'string' ? ` at ${fields.subdomain}` : '';
      return save({ connector, option, connectionId, label: `Signed in as ${sub}${where}` });
    },
  });

  // The reference handler on node:http, with a note of each request's step (never its fields) for the tests.
  tokenEndpoint = toNodeHandler(async (request) => {
    try {
      // Only bodies the handler would read at all (it answers 413 past 64 KB, and reads no further).
      if (!(Number(request.headers.get('content-length')) <= 64 * 1024)) throw new Error('not read');
      const body = JSON.parse(await request.clone().text());
      requests.push({ step: body.step, connector: body.connector, option: body.option ?? null, at: Date.now() });
    } catch {
      requests.push({ step: null, at: Date.now() });
    }
    return handle(request);
  });

  function save({ connector, option, connectionId, label }) {
    const existing = connectionId ? connections.get(connectionId) : undefined;
    const connection = {
      id: existing?.id ?? `conn_${randomUUID().slice(0, 8)}`,
      connector,
      option,
      label,
      connectedAt: existing?.connectedAt ?? new Date().toISOString(),
      ...(existing ? { reconnectedAt: new Date().toISOString() } : {}),
    };
    connections.set(connection.id, connection);
    return connection;
  }

  return {
    url: `${appOrigin}/`,
    origin: appOrigin,
    issuer,
    apiUrl,
    redirectUri,
    connections,
    requests,
    async close() {
      await Promise.all([close(app), close(providerServer), close(api)]);
    },
  };
}

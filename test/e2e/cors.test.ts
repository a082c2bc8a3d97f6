// A token endpoint on another origin than the page (an API subdomain), end to end: the widget in
// Debian's Chromium on http://localhost:A posts to the reference handler on http://127.0.0.1:B. The
// browser's own CORS checks decide: the preflight must be granted for the POST to be sent at all,
// and the answer must name the page's origin for the widget to read it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createTokenEndpoint, toNodeHandler, type TokenEndpointConfig } from '../../src/server/index.js';
import { launch } from './helpers.js';

const root = new URL('../../', import.meta.url);
const EXAMPLE = JSON.parse(readFileSync(new URL('test/fixtures/connectors/integration-app-example.json', root), 'utf8'));
const KEY = 'sk_cross_origin_1234';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cross-origin token endpoint</title>
<script type="module" src="/page.js"></script></head><body><main id="widgets"></main></body></html>`;

// The widget as a host page sets it up; every connect-* event is recorded in window.events.
const SCRIPT = `import '/dist/connect-widget.js';
window.events = [];
const query = new URLSearchParams(location.search);
const widget = document.createElement('connect-widget');
widget.connector = ${JSON.stringify(EXAMPLE)};
widget.option = 'api-key';
widget.setAttribute('token-endpoint', query.get('endpoint'));
widget.credentials = 'include';
widget.headers = { 'X-CSRF-Token': 'csrf-123' };
for (const type of ['connect-ready', 'connect-success', 'connect-error']) widget.addEventListener(type, (e) => window.events.push({ type, detail: e.detail }));
document.getElementById('widgets').append(widget);
`;

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${(server.address() as AddressInfo).port}`;
}
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('the widget posting to a token endpoint on a second origin', () => {
  let browser: Browser;
  let pageServer: Server;
  let pageOrigin: string;
  const endpoints: Server[] = [];

  before(async () => {
    pageServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      if (path === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(SCRIPT);
      // The script tag and the chunks it fetches from next to it (connect-widget.<name>.<hash>.js).
      if (/^\/dist\/connect-widget(\.[\w-]+\.[\w-]+)?\.js$/.test(path)) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(new URL(path.slice(1), root)));
      res.writeHead(404).end();
    });
    pageOrigin = await listen(pageServer, 'localhost');
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    for (const s of [pageServer, ...endpoints]) if (s) await close(s);
  });

  /** The reference handler on its own origin, recording the methods it saw and what it logged. */
  async function endpoint(overrides: Partial<TokenEndpointConfig>) {
    const seen = { methods: [] as string[], credentials: [] as Array<Record<string, unknown>>, warnings: [] as string[] };
    const handle = createTokenEndpoint({
      connectors: [EXAMPLE],
      allowedOrigins: [pageOrigin],
      cors: { allowedHeaders: ['x-csrf-token'], credentials: 'include' },
      logger: { error: () => undefined, warn: (m) => void seen.warnings.push(m) },
      onCredentials: ({ fields, request }) => {
        seen.credentials.push({ fields, csrf: request.headers.get('x-csrf-token') });
        return { id: 'conn-x', label: 'Example App (API key)' };
      },
      ...overrides,
    });
    const server = createServer(
      toNodeHandler(async (request) => {
        seen.methods.push(request.method);
        return handle(request);
      }),
    );
    endpoints.push(server);
    return { url: `${await listen(server, '127.0.0.1')}/api/connect`, seen };
  }

  async function submit(endpointUrl: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${pageOrigin}/?endpoint=${encodeURIComponent(endpointUrl)}`);
    await page.waitForFunction(() => (window as unknown as { events: Array<{ type: string }> }).events.some((e) => e.type === 'connect-ready'));
    await page.getByRole('textbox', { name: 'API Key (required)' }).fill(KEY);
    await page.getByRole('button', { name: /connect/i }).click();
    await page.waitForFunction(() => (window as unknown as { events: Array<{ type: string }> }).events.some((e) => e.type === 'connect-success' || e.type === 'connect-error'), undefined, {
      timeout: 15000,
    });
    return page;
  }
  const events = (page: Page) => page.evaluate(() => (window as unknown as { events: Array<{ type: string; detail: Record<string, unknown> }> }).events);

  test('an allowed page origin: the preflight is granted, the POST goes through, connect-success', async () => {
    const { url, seen } = await endpoint({});
    assert.notEqual(new URL(url).origin, pageOrigin, 'two origins');
    const page = await submit(url);
    const result = (await events(page)).find((e) => e.type === 'connect-success' || e.type === 'connect-error')!;
    assert.equal(result.type, 'connect-success', JSON.stringify(result.detail));
    assert.deepEqual(result.detail.connection, { id: 'conn-x', label: 'Example App (API key)' });
    assert.deepEqual(seen.methods, ['OPTIONS', 'POST'], 'Chromium asked first (JSON, Idempotency-Key and X-CSRF-Token need a preflight)');
    assert.deepEqual(seen.credentials, [{ fields: { apiKey: KEY }, csrf: 'csrf-123' }]);
    await page.context().close();
  });

  test('a page origin the endpoint does not allow: the preflight is refused, nothing is posted, the widget says so and keeps the key; the server logs the origin once', async () => {
    const { url, seen } = await endpoint({ allowedOrigins: ['https://app.example.com'] });
    const page = await submit(url);
    const result = (await events(page)).find((e) => e.type === 'connect-success' || e.type === 'connect-error')!;
    assert.equal(result.type, 'connect-error');
    assert.ok(!JSON.stringify(result.detail).includes(KEY));
    assert.deepEqual(seen.methods, ['OPTIONS'], 'no POST without a granted preflight');
    assert.equal(seen.credentials.length, 0);
    assert.equal(await page.getByRole('textbox', { name: 'API Key (required)' }).inputValue(), KEY, 'what the user typed stays');
    assert.equal(seen.warnings.length, 1);
    assert.match(seen.warnings[0]!, new RegExp(`"${pageOrigin}".*allowedOrigins`));
    await page.context().close();
  });
});

// Leak test (issue 16): 1000 cycles of mount, type, submit (a real token endpoint answers), unmount
// of <connect-widget> in Debian's Chromium, then 100 OAuth cycles that open the sign-in popup and its
// BroadcastChannel before the widget is removed. Counted by the page (wrapped timers, window.open and
// BroadcastChannel, installed before the widget loads) and by CDP (DOMDebugger.getEventListeners on
// window and document; Runtime.getHeapUsage after HeapProfiler.collectGarbage): every listener,
// timer, popup and channel is released, and the heap is back within 1 MB of where it started.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { ensureChromium, chromiumArgs } from '../tools/chromium.mjs';

const root = new URL('../../', import.meta.url);
const EXAMPLE = JSON.parse(readFileSync(new URL('test/fixtures/connectors/integration-app-example.json', root), 'utf8'));

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Leak test</title>
<script src="/counters.js"></script><script type="module" src="/page.js"></script></head><body><main id="host"></main></body></html>`;

// Installed before the widget: timers, popups and channels that are still alive.
const COUNTERS = `(() => {
  // Popups are held weakly: a closed window must be free to go (a strong list would itself be the leak).
  const live = { timeouts: new Set(), intervals: new Set(), popups: [], opened: 0, channels: new Set() };
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci, open } = window;
  window.setTimeout = (fn, ms, ...a) => { const id = st(() => { live.timeouts.delete(id); typeof fn === 'function' && fn(...a); }, ms); live.timeouts.add(id); return id; };
  window.clearTimeout = (id) => { live.timeouts.delete(id); ct(id); };
  window.setInterval = (fn, ms, ...a) => { const id = si(fn, ms, ...a); live.intervals.add(id); return id; };
  window.clearInterval = (id) => { live.intervals.delete(id); ci(id); };
  window.open = (...a) => { const w = open.apply(window, a); if (w) { live.opened++; live.popups.push(new WeakRef(w)); } return w; };
  const BC = window.BroadcastChannel;
  window.BroadcastChannel = class extends BC { constructor(n) { super(n); live.channels.add(this); } close() { live.channels.delete(this); super.close(); } };
  window.__live = () => ({ timeouts: live.timeouts.size, intervals: live.intervals.size, popupsOpen: live.popups.filter((r) => { const w = r.deref(); return w && !w.closed; }).length, popupsOpened: live.opened, channels: live.channels.size });
})();`;

const SCRIPT = `import '/dist/connect-widget.js';
const connector = ${JSON.stringify(EXAMPLE)};
const host = document.getElementById('host');
const once = (el, type) => new Promise((r) => el.addEventListener(type, r, { once: true }));
window.cycle = async (n) => {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const el = document.createElement('connect-widget');
    el.option = 'api-key';
    el.lockOption = true;
    el.setAttribute('token-endpoint', '/token');
    const ready = once(el, 'connect-ready');
    el.connector = connector;
    host.append(el);
    await ready;
    const form = el.shadowRoot.querySelector('connect-form');
    await form.updateComplete;
    const input = form.shadowRoot.querySelector('input');
    input.value = 'sk_leak_' + i;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await form.updateComplete;
    const connection = await el.submit();
    if (connection && connection.id) ok++;
    el.remove();
  }
  return ok;
};
window.oauthCycle = async (n) => {
  let opened = 0;
  for (let i = 0; i < n; i++) {
    const el = document.createElement('connect-widget');
    el.option = 'oauth';
    el.lockOption = true;
    el.setAttribute('token-endpoint', '/token');
    el.setAttribute('redirect-uri', '/callback.html');
    const ready = once(el, 'connect-ready');
    el.connector = connector;
    host.append(el);
    await ready;
    await el.updateComplete;
    el.shadowRoot.querySelector('section:not([hidden]) button.primary').click();
    await new Promise((r) => setTimeout(r, 0));
    if (window.__live().popupsOpen > 0) opened++;
    el.remove();
  }
  return opened;
};
`;

async function listeners(cdp: CDPSession, expression: string): Promise<number> {
  const { result } = await cdp.send('Runtime.evaluate', { expression });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
  return listeners.length;
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

describe('leaks: 1000 mount, submit, unmount cycles in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let origin = '';
  let tokenRequests = 0;

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      if (path === '/counters.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(COUNTERS);
      if (path === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(SCRIPT);
      // The script tag and the chunks it fetches from next to it (connect-widget.<name>.<hash>.js).
      if (/^\/dist\/connect-widget(\.[\w-]+\.[\w-]+)?\.js$/.test(path)) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(new URL(path.slice(1), root)));
      if (path === '/callback.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>cb</title>');
      if (path === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => {
          tokenRequests++;
          const step = (JSON.parse(body) as { step: string }).step;
          // oauth-start is held until the widget is gone: the popup stays on about:blank.
          if (step === 'oauth-start') return void setTimeout(() => res.writeHead(503).end('{}'), 50);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ connection: { id: `conn_${tokenRequests}` } }));
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // (Not helpers.ts's launch: that module starts the demo, which needs the whole build.)
    browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs.filter((a: string) => !a.startsWith('--headless')), headless: true });
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  test('listeners, timers, popups and BroadcastChannels are all released; the heap returns within 1 MB', { timeout: 120_000 }, async () => {
    const page: Page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof (window as unknown as { cycle?: unknown }).cycle === 'function');
    const cdp = await page.context().newCDPSession(page);
    const run = (n: number) => page.evaluate((count) => (window as unknown as { cycle: (n: number) => Promise<number> }).cycle(count), n);
    const live = () => page.evaluate(() => (window as unknown as { __live: () => Record<string, number> }).__live());
    // Warm up (Lit's template caches, the validator's schema cache, JIT), then measure from there.
    assert.equal(await run(20), 20);
    await new Promise((r) => setTimeout(r, 100));
    const startListeners = { window: await listeners(cdp, 'window'), document: await listeners(cdp, 'document') };
    const startHeap = await heapUsed(cdp);
    const startLive = await live();

    const started = Date.now();
    assert.equal(await run(1000), 1000, 'every cycle connected');
    const seconds = (Date.now() - started) / 1000;
    const opened = await page.evaluate((n) => (window as unknown as { oauthCycle: (n: number) => Promise<number> }).oauthCycle(n), 100);
    assert.equal(opened, 100, 'each OAuth cycle opened its popup');
    await new Promise((r) => setTimeout(r, 300)); // the held oauth-start answers arrive after the widgets left

    const endLive = await live();
    const endListeners = { window: await listeners(cdp, 'window'), document: await listeners(cdp, 'document') };
    const endHeap = await heapUsed(cdp);
    console.log(
      `leak test: 1000 credential cycles in ${seconds.toFixed(1)} s, 100 OAuth cycles; listeners window ${startListeners.window}→${endListeners.window}, document ${startListeners.document}→${endListeners.document}; ` +
        `timers ${startLive.timeouts}+${startLive.intervals}→${endLive.timeouts}+${endLive.intervals}; popups open ${endLive.popupsOpen} of ${endLive.popupsOpened}; channels ${endLive.channels}; heap ${(startHeap / 1e6).toFixed(2)}→${(endHeap / 1e6).toFixed(2)} MB`,
    );
    assert.deepEqual(endListeners, startListeners, 'no listener left on window or document');
    assert.equal(endLive.timeouts, startLive.timeouts, 'no pending timeout');
    assert.equal(endLive.intervals, startLive.intervals, 'no running interval');
    assert.equal(endLive.popupsOpen, 0, 'every popup closed');
    assert.equal(endLive.channels, 0, 'every BroadcastChannel closed');
    assert.ok(endHeap - startHeap < 1_000_000, `heap grew by ${endHeap - startHeap} bytes`);
    await page.close();
  });
});

// The package as a user installs it (SPEC "Packaging", issue 18): the packed tarball, installed into
// consumer projects; the React (19 and 18) and Vue wrappers in real apps built with Vite and driven in
// Chromium against the demo's reference token endpoint and its real OpenID provider; the script-tag
// page loading dist/connect-widget.js and dist/callback.js from another origin; server rendering;
// publint, arethetypeswrong and a strict TypeScript consumer. npm test builds dist/ first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { publint } from 'publint';
import { startDemo } from '../../demo/app.mjs';
import { launch, signIn } from '../e2e/helpers.js';
import { buildPages, consumer, pack, root, scriptTagSite, sh, type Packed } from './setup.js';

type Demo = Awaited<ReturnType<typeof startDemo>>;

const TSCONFIG_BUNDLER = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    jsx: 'react-jsx',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    // Our declarations are emitted by a strict tsc; checking every library's .d.ts would only add minutes.
    skipLibCheck: true,
    types: ['node'],
    noEmit: true,
  },
  include: ['types', 'examples/react', 'examples/bundler.ts'],
};
const TSCONFIG_NODE16 = { ...TSCONFIG_BUNDLER, compilerOptions: { ...TSCONFIG_BUNDLER.compilerOptions, module: 'node16', moduleResolution: 'node16' } };

/** A static server for a folder, with `Access-Control-Allow-Origin: *`, as a CDN serves a package. */
async function cdn(folder: string): Promise<{ origin: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://cdn.invalid').pathname;
    requests.push(path);
    try {
      if (path.includes('..')) throw new Error('outside');
      const body = await readFile(join(folder, path));
      const type = extname(path) === '.js' ? 'text/javascript; charset=utf-8' : 'application/json';
      res.writeHead(200, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function tarballBytes(file: string): Promise<ArrayBuffer> {
  const buf = await readFile(file);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** The CSP source of the inline module script of a page: its SHA-256 hash. */
function inlineScriptHash(html: string): string {
  const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(inline, 'the page has an inline module script');
  return `'sha256-${createHash('sha256').update(inline[1]!).digest('base64')}'`;
}

// Counts the listeners for connect-* events on <connect-widget> elements, added minus removed, on
// every element ever seen (so also on one that left the page). Installed before the app's scripts run.
const LISTENER_COUNTER = `(() => {
  const live = new Map();
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  const watched = (target, type) => target instanceof Element && target.localName === 'connect-widget' && String(type).startsWith('connect-');
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (watched(this, type) && listener) {
      const list = live.get(this) ?? [];
      if (!list.some(([t, l]) => t === type && l === listener)) list.push([type, listener]);
      live.set(this, list);
    }
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if (watched(this, type)) {
      const list = live.get(this) ?? [];
      live.set(this, list.filter(([t, l]) => !(t === type && l === listener)));
    }
    return remove.call(this, type, listener, options);
  };
  window.connectListeners = () => [...live.values()].reduce((n, list) => n + list.length, 0);
})();`;

const listeners = (page: Page) => page.evaluate(() => (window as unknown as { connectListeners: () => number }).connectListeners());

/** Console errors and uncaught exceptions of a page (a CSP violation is a console error). */
function problems(page: Page): string[] {
  const found: string[] = [];
  page.on('pageerror', (e) => found.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) found.push(`console: ${m.text()}`);
  });
  return found;
}

describe('the packed package, installed and used', () => {
  let packed: Packed;
  let app: string;
  let app18: string;
  let demo: Demo;
  let browser: Browser;
  let context: BrowserContext;
  let server: Awaited<ReturnType<typeof cdn>>;

  before(async () => {
    packed = await pack();
    // React, Vue and Vite come from this repository; the React 18 consumer installs React 18 itself.
    [app, app18] = await Promise.all([consumer('app', packed.tarball), consumer('app18', packed.tarball, { react: '^18.3.1', 'react-dom': '^18.3.1' })]);
    const [out, out18] = [await buildPages(app, ['react', 'vue'], '/apps19/'), await buildPages(app18, ['react'], '/apps18/')];
    // The "CDN" serves the installed package, exactly as a CDN serves the published one.
    server = await cdn(join(app, 'node_modules', 'connect-widget'));
    const site = await scriptTagSite(server.origin);
    const scriptTag = await readFile(join(site, 'script-tag.html'), 'utf8');
    demo = await startDemo({
      port: 0,
      providerPort: 0,
      mounts: { '/apps19/': out, '/apps18/': out18, '/callback.html': join(site, 'callback.html'), '/script-tag.html': join(site, 'script-tag.html') },
      scriptSrc: [server.origin, inlineScriptHash(scriptTag)],
    });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    await server?.close();
  });

  const fresh = async () => {
    await context?.close();
    context = await browser.newContext();
    await context.addInitScript(LISTENER_COUNTER);
    return context;
  };

  test('the tarball holds the built package, its types, README and LICENSE, and no sources, maps, docs or screenshots', () => {
    const { files } = packed;
    for (const file of [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/index.js',
      'dist/react.js',
      'dist/vue.js',
      'dist/server.js',
      'dist/callback.js',
      'dist/connect-widget.js',
      'dist/custom-elements.json',
      'dist/types/react.d.ts',
      'dist/types/vue.d.ts',
    ]) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    for (const file of files) assert.doesNotMatch(file, /^(src|docs|demo|test|examples|stories)\/|\.map$|\.png$/, `${file} is not for users`);
    assert.match(files.find((f) => f === 'LICENSE') ?? '', /LICENSE/);
  });

  test('publint finds no error or warning in the tarball', async () => {
    const { messages } = await publint({ pack: { tarball: await tarballBytes(packed.tarball) }, level: 'warning', strict: true });
    // Left out on purpose: the "sideEffects" suggestion. Vite applies that field to this repository's
    // own sources too, and silently dropped the side-effect import that registers the elements.
    assert.deepEqual(messages, []);
  });

  test('arethetypeswrong finds no problem for an ES-module package (node16 ESM and bundler resolution)', async () => {
    // attw exits with an error on any problem in the resolutions the profile covers; `node10` and
    // `node16-cjs` (require) do not apply to an ES-module-only package.
    const out = await sh(root, join(root, 'node_modules', '.bin', 'attw'), [packed.tarball, '--profile', 'esm-only', '--format', 'table-flipped']);
    assert.doesNotMatch(out, /❌/);
  });

  test('a strict TypeScript consumer (moduleResolution bundler, and node16) type-checks every entry, the wrappers and the examples', async () => {
    // Both at once: each is a minute of one core.
    await Promise.all(
      Object.entries({ bundler: TSCONFIG_BUNDLER, node16: TSCONFIG_NODE16 }).map(async ([name, config]) => {
        await writeFile(join(app, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
        await sh(app, process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${name}.json`]);
      }),
    );
  });

  test('server rendering: each wrapper renders to a string under Node (React 19, React 18, Vue 3)', async () => {
    const script = `
      import { createElement } from 'react';
      import { renderToString } from 'react-dom/server';
      import { Integrations } from './examples/react/Integrations.tsx';
      const connector = JSON.parse(${JSON.stringify(JSON.stringify({ key: 'example-app', name: 'Example App', auth: { type: 'client-credentials' } }))});
      const out = { react: renderToString(createElement(Integrations, { connector })) };
      if (process.argv.includes('--vue')) {
        const { createSSRApp, h } = await import('vue');
        const { renderToString: render } = await import('vue/server-renderer');
        const { ConnectWidget, ConnectForm, ConnectCatalog, ConnectWidgetPlugin } = await import('connect-widget/vue');
        const page = createSSRApp({ render: () => [h(ConnectWidget, { connector, tokenEndpoint: '/api/connect', onConnectSuccess: () => {} }), h(ConnectForm, { schema: { type: 'object' } }), h(ConnectCatalog, { connectors: [connector] })] });
        out.vue = await render(page.use(ConnectWidgetPlugin));
      }
      console.log(JSON.stringify(out));`;
    for (const [dir, version, vue] of [
      [app, /^19\./, true],
      [app18, /^18\./, false],
    ] as const) {
      await writeFile(join(dir, 'ssr.mjs'), `${script}\nconsole.error(JSON.stringify((await import('react')).version));`);
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG_BUNDLER));
      const out = await sh(dir, process.execPath, ['--import', 'tsx', 'ssr.mjs', ...(vue ? ['--vue'] : [])]);
      const [json, reactVersion] = out.trim().split('\n');
      const rendered = JSON.parse(json!) as { react: string; vue?: string };
      assert.match(JSON.parse(reactVersion!), version);
      assert.match(rendered.react, /<connect-widget[^>]*><\/connect-widget>/);
      if (vue) assert.match(rendered.vue ?? '', /<connect-widget><\/connect-widget><connect-form><\/connect-form><connect-catalog><\/connect-catalog>/);
    }
  });

  /** One wrapper in its app: props, an API-key connect, a new connector, an OAuth sign-in, unmounting. */
  async function exercise(path: string, heading: RegExp, expectedListeners: number): Promise<void> {
    await fresh();
    const page = await context.newPage();
    const seen = problems(page);
    await page.goto(`${demo.origin}${path}`);
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', heading);
    const widget = page.locator('connect-widget');
    const key = widget.getByRole('textbox', { name: 'API Key (required)' });
    await key.waitFor();

    // Props reach the element as properties: objects stay objects, nothing becomes an attribute.
    const props = await page.evaluate(() => {
      const el = document.querySelector('connect-widget')!;
      return {
        connector: (el.connector as { key: string }).key,
        tokenEndpoint: el.tokenEndpoint,
        redirectUri: el.redirectUri,
        headers: el.headers,
        context: el.context,
        attributes: el.getAttributeNames().filter((a) => a !== 'option'),
      };
    });
    assert.deepEqual(props, {
      connector: 'example-app',
      tokenEndpoint: '/api/connect',
      redirectUri: '/callback.html',
      headers: { 'X-Requested-With': 'connect-widget' },
      context: { projectId: 'proj_123' },
      attributes: [],
    });
    assert.equal(await listeners(page), expectedListeners, 'one listener per event the wrapper passes on');

    // An API-key connect: the typed success event carries the connection the endpoint answered.
    await key.fill('sk_live_good_456');
    await widget.getByRole('button', { name: 'Connect Example App' }).click();
    await page.getByText('Connected: API credentials').waitFor();
    assert.ok([...demo.connections.values()].some((c: { connector: string }) => c.connector === 'example-app'));

    // A new connector: the same element swaps its form.
    await page.evaluate(() => (document.querySelector('connect-widget')!.dataset.instance = 'first'));
    await page.getByLabel('App').selectOption('example-helpdesk');
    const subdomain = widget.getByLabel('Helpdesk subdomain');
    await subdomain.waitFor();
    assert.equal(await key.count(), 0, 'the API key field is gone');
    assert.equal(await page.evaluate(() => document.querySelector('connect-widget')!.dataset.instance), 'first', 'the same element');

    // An OAuth sign-in against the real provider, through the popup and the callback page.
    await subdomain.fill('acme');
    const popup = context.waitForEvent('page');
    await widget.getByRole('button', { name: 'Continue with Example Helpdesk' }).click();
    await signIn(await popup, { login: 'alice' });
    await page.getByText('Connected: Signed in as alice at acme').waitFor({ timeout: 15000 });

    // Unmounting removes the wrapper's listeners.
    assert.equal(await listeners(page), expectedListeners);
    await page.getByLabel('Show the form').uncheck();
    await widget.waitFor({ state: 'detached' });
    assert.equal(await listeners(page), 0, 'no listener left on the removed element');
    assert.deepEqual(seen, [], "no error on the page (it runs under the demo's strict CSP with Trusted Types)");
  }

  test('React 19: the README component in a Vite app, from the tarball', () => exercise('/apps19/react/', /^Integrations \(React 19\./, 6));
  test('React 18: the same app built with React 18', () => exercise('/apps18/react/', /^Integrations \(React 18\./, 6));
  test('Vue 3: the README component in a Vite app, without isCustomElement', () => exercise('/apps19/vue/', /^Integrations \(Vue 3\./, 6));

  /** The wrapper's ConnectCatalog (the README's Catalog snippet): search, connect, the account listed, Disconnect. */
  async function exerciseCatalog(path: string, heading: RegExp): Promise<void> {
    await fresh();
    const page = await context.newPage();
    const seen = problems(page);
    const earlier = new Set(demo.connections.keys());
    await page.goto(`${demo.origin}${path}?view=catalog`);
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', heading);
    const catalog = page.locator('connect-catalog');
    await catalog.getByRole('searchbox', { name: 'Search' }).fill('example app');
    await catalog.locator('.card[data-key="example-app"]').click();
    const widget = catalog.locator('connect-widget');
    await widget.getByRole('textbox', { name: 'API Key (required)' }).fill('sk_live_good_456');
    await widget.getByRole('button', { name: 'Connect Example App' }).click();
    await widget.getByText('Connected to Example App.').first().waitFor();
    // The connections this test made (the app's store is shared by the tests of this file).
    const ids = () => [...demo.connections.keys()].filter((id: string) => !earlier.has(id));
    assert.equal(ids().length, 1);
    const [id] = ids();
    await catalog.getByRole('button', { name: 'Back' }).click();
    // onConnectSuccess reloaded the accounts: the new one is listed with Disconnect (allowDisconnect reached the element).
    const disconnect = catalog.locator(`[data-focus="disconnect:${id}"]`);
    await disconnect.waitFor();
    await disconnect.click();
    // onConnectDisconnect deleted it in the app and reloaded the list.
    await disconnect.waitFor({ state: 'detached' });
    assert.deepEqual(ids(), []);
    assert.deepEqual(seen, [], "no error on the page (it runs under the demo's strict CSP with Trusted Types)");
  }

  test('React 19: ConnectCatalog connects an account and disconnects it', () => exerciseCatalog('/apps19/react/', /^Catalog \(React 19\./));
  test('React 18: ConnectCatalog connects an account and disconnects it', () => exerciseCatalog('/apps18/react/', /^Catalog \(React 18\./));
  test('Vue 3: ConnectCatalog connects an account and disconnects it', () => exerciseCatalog('/apps19/vue/', /^Catalog \(Vue 3\./));

  test('the script tag: a page with no build step loads dist/connect-widget.js and dist/callback.js from a CDN origin, connects with an API key, and signs in through ConnectWidget.open', async () => {
    await fresh();
    const page = await context.newPage();
    const seen = problems(page);
    server.requests.length = 0;
    await page.goto(`${demo.origin}/script-tag.html`);
    const widget = page.locator('connect-widget');
    await widget
      .getByRole('textbox', { name: 'API Key (required)' })
      .fill('sk_live_good_456', { timeout: 10000 })
      .catch((e) => {
        throw new Error(`${e.message}\n${seen.join('\n')}\nCDN: ${server.requests.join(', ')}`);
      });
    await widget.getByRole('button', { name: 'Connect Example App' }).click();
    await page.locator('#status').getByText('Connected: API credentials').waitFor();

    await page.getByRole('button', { name: 'Connect Example Helpdesk' }).click();
    const dialog = page.getByRole('dialog').locator('connect-widget');
    await dialog.getByLabel('Helpdesk subdomain').fill('acme');
    const popup = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Continue with Example Helpdesk' }).click();
    await signIn(await popup, { login: 'alice' });
    await page.locator('#status').getByText('Connected: Signed in as alice at acme').waitFor({ timeout: 15000 });
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // The script tag is one URL; the chunks it fetches when first needed (the validator, here) come from next to it.
    const scripts = [...new Set(server.requests)].sort();
    assert.ok(scripts.includes('/dist/callback.js') && scripts.includes('/dist/connect-widget.js'), `both scripts came from the CDN origin: ${scripts.join(', ')}`);
    for (const path of scripts) assert.match(path, /^\/dist\/(callback|connect-widget(\.[\w-]+\.[\w-]+)?)\.js$/, 'only the scripts and their chunks');
    assert.ok(
      scripts.some((path) => /^\/dist\/connect-widget\.validator\./.test(path)),
      'the validator chunk, fetched relative to connect-widget.js',
    );
    assert.deepEqual(seen, []);
  });
});

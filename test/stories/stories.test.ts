// Every story of the Storybook build, in Debian's Chromium: it renders, its play function (which puts
// the element in the state the story is named after, and checks it) passes, nothing is logged as an
// error, and axe finds no violation in it. The stories' token endpoint is the same real HTTP endpoint
// Storybook's dev server mounts. Run `npm run build-storybook` first (`npm test` does).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { ensureChromium, chromiumArgs } from '../tools/chromium.mjs';
import { tokenEndpointPlugin } from '../tools/token-endpoint.mjs';

const OUT = 'storybook-static';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Entry {
  id: string;
  title: string;
  name: string;
  type: string;
}

const index = existsSync(`${OUT}/index.json`) ? (JSON.parse(readFileSync(`${OUT}/index.json`, 'utf8')) as { entries: Record<string, Entry> }) : undefined;
const stories = Object.values(index?.entries ?? {}).filter((e) => e.type === 'story');
const names = (dir: string) => readdirSync(dir).map((f) => f.replace(/\.json$/, ''));

// Expected in the console of some stories: the failed requests they are about (404, 4xx/5xx answers, refused connections).
const EXPECTED_CONSOLE = /^Failed to load resource/;

describe('stories', () => {
  let server: PreviewServer;
  let browser: Browser;
  // One context (a shared HTTP cache); each story gets its own page, closed before the next opens.
  let context: BrowserContext;
  let origin = '';
  const widgetTitles = new Set<string>();

  before(async () => {
    assert.ok(index, `${OUT}/index.json is missing: run \`npm run build-storybook\` first`);
    server = await preview({
      configFile: false,
      logLevel: 'silent',
      build: { outDir: OUT },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
      plugins: [tokenEndpointPlugin({ providerPage: '/provider.html' })],
    });
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs.filter((a: string) => !a.startsWith('--headless')), headless: true });
    context = await browser.newContext();
    await fetch(`${origin}/api/requests`, { method: 'DELETE' });
  });

  after(async () => {
    await browser?.close();
    // The stories' pending requests ("Sending", "Loading") are still open: end them with the server.
    (server?.httpServer as { closeAllConnections?: () => void } | undefined)?.closeAllConnections?.();
    await server?.close();
  });

  it('there is a story for each element', () => {
    assert.ok(stories.some((s) => s.title === 'connect-form'));
    assert.ok(stories.some((s) => s.title === 'connect-widget'));
  });

  for (const story of stories) {
    it(`${story.title}: ${story.name} renders, plays, logs no error and is axe-clean`, async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !EXPECTED_CONSOLE.test(m.text())) problems.push(`console.error: ${m.text()}`);
      });
      try {
        // a11y.manual: the Accessibility panel's own axe run is for people; this test runs axe itself, once.
        await page.goto(`${origin}/iframe.html?id=${story.id}&viewMode=story&globals=a11y.manual:!true`);
        const handle = await page.waitForFunction(
          () => {
            const phase = (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }).__STORYBOOK_PREVIEW__?.currentRender?.phase;
            return phase === 'finished' || phase === 'errored' || phase === 'aborted' ? phase : false;
          },
          undefined,
          { timeout: 20000 },
        );
        const phase = await handle.jsonValue();
        const shown = await page.evaluate(() => document.querySelector('#error-message')?.textContent ?? '');
        assert.equal(phase, 'finished', `the story ended ${String(phase)}: ${shown} ${problems.join('; ')}`);
        assert.deepEqual(problems, []);

        await page.addScriptTag({ path: axePath });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
          // The story, and openConnect's dialog when one is open (it lives in <body>).
          const include = ['#storybook-root', 'dialog.connect-widget-dialog'].filter((selector) => document.querySelector(selector));
          const result = await axe.run({ include }, { resultTypes: ['violations'] });
          return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
        });
        assert.deepEqual(violations, []);

        const title = await page.evaluate(() => document.querySelector('connect-widget')?.shadowRoot?.querySelector('h2')?.textContent?.trim());
        if (title) widgetTitles.add(title.replace(/^Connect /, ''));
      } finally {
        await page.close();
      }
    });
  }

  for (const docs of Object.values(index?.entries ?? {}).filter((e) => e.type === 'docs')) {
    it(`${docs.title}: its Docs page lists the element's API from custom-elements.json`, async () => {
      const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')) as { modules: { declarations?: { tagName?: string; members?: { name: string; kind: string }[]; events?: { name: string }[]; cssParts?: { name: string }[]; cssProperties?: { name: string }[] }[] }[] };
      const decl = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === docs.title);
      assert.ok(decl, `custom-elements.json has <${docs.title}>`);
      // Storybook's table shows properties (not methods), events, parts and custom properties.
      const expected = [...(decl.members ?? []).filter((m) => m.kind === 'field'), ...(decl.events ?? []), ...(decl.cssParts ?? []), ...(decl.cssProperties ?? [])].map((x) => x.name);
      const page = await context.newPage();
      try {
        await page.goto(`${origin}/iframe.html?id=${docs.id}&viewMode=docs&globals=a11y.manual:!true`);
        // Waits until the args table shows the element's events (the last category to fill in).
        await page.waitForFunction((events) => events.every((e) => document.body.innerText.includes(e)), (decl.events ?? []).map((e) => e.name), { timeout: 20000 });
        const text = await page.evaluate(() => document.body.innerText);
        assert.deepEqual(expected.filter((name) => !text.includes(name)), [], 'every property, event, part and custom property is on the page');
      } finally {
        await page.close();
      }
    });
  }

  it('"OAuth option" signs in through a real popup: the stand-in provider page, then the callback page', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/iframe.html?id=connect-widget--o-auth-option&viewMode=story`);
      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Continue with Example App' }).click();
      const popup = await popupOpened;
      // The callback page closes its window once it has answered.
      const closed = popup.waitForEvent('close', { timeout: 10000 });
      await popup.getByRole('button', { name: 'Allow' }).click();
      await closed;
      await page.getByText('Connected to Example App.', { exact: true }).first().waitFor({ timeout: 10000 });
    } finally {
      await page.close();
    }
  });

  it('every connector fixture is shown in a <connect-widget> story', () => {
    const expected = names('test/fixtures/connectors').map((n) => (JSON.parse(readFileSync(`test/fixtures/connectors/${n}.json`, 'utf8')) as { name: string }).name);
    assert.deepEqual(expected.filter((n) => !widgetTitles.has(n)), []);
  });

  it('every error body in test/fixtures/errors is replayed by a story', async () => {
    const requests = (await (await fetch(`${origin}/api/requests`)).json()) as { scenario: string }[];
    const replayed = new Set(requests.map((r) => r.scenario));
    assert.deepEqual(names('test/fixtures/errors').filter((n) => !replayed.has(`error/${n}`)), []);
  });
});

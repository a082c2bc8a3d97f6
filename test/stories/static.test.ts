// The static Storybook as a team deploys it: storybook-static/ served by a plain static file server,
// with NO token endpoint behind it. Mock Service Worker answers the stories' requests in the browser
// (stories/mock-endpoint.ts). In Debian's Chromium, every story of every story file has a play
// function, reaches the state it is named after (its play function checks it), logs no error and is
// axe-clean; each Docs page lists its element's API; the real popup sign-in completes.
// Run `npm run build-storybook` first (`npm test` does).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import { preview, type PreviewServer } from 'vite';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Page } from 'playwright-core';
import { assertBuilt, axeViolations, indexEntries, launchChromium, openStory, OUT, showStory, signInThroughPopup, WCAG22_AA } from './harness.js';
import { CATALOGS } from '../../src/core/i18n/all.js';
import { newContext } from '../tools/chromium.mjs';

interface Manifest {
  modules: { declarations?: { tagName?: string; members?: { name: string; kind: string }[]; events?: { name: string }[]; cssParts?: { name: string }[]; cssProperties?: { name: string }[] }[] }[];
}

const entries = indexEntries();
const stories = entries.filter((e) => e.type === 'story');

describe('the static Storybook, with no endpoint behind it', () => {
  let server: PreviewServer;
  let browser: Browser;
  // One context (a shared HTTP cache, and Mock Service Worker registered once); a page per story.
  let context: BrowserContext;
  let origin = '';

  before(async () => {
    assertBuilt();
    // `vite preview` with no configuration and no plugins: a plain static file server (sirv).
    server = await preview({ configFile: false, logLevel: 'silent', build: { outDir: OUT }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    browser = await launchChromium();
    context = await newContext(browser);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the server answers no token endpoint', async () => {
    const answer = await fetch(`${origin}/api/token/ok`, { method: 'POST', body: '{}' });
    assert.notEqual(answer.status, 200);
  });

  for (const story of stories) {
    it(`${story.title}: "${story.name}" reaches its state, logs no error and is axe-clean`, async () => {
      const { page, phase, hasPlay, shown, problems } = await openStory(context, origin, story.id);
      try {
        assert.ok(hasPlay, 'the story has a play function that puts the element in its state and checks it');
        assert.equal(phase, 'finished', `the story ended ${phase}: ${shown} ${problems.join('; ')}`);
        assert.deepEqual(problems, []);
        assert.deepEqual(await axeViolations(page), []);
      } finally {
        await page.close();
      }
    });
  }

  // The Locale and Theme toolbars (.storybook/preview.ts): every story in Arabic (right to left) and in
  // the dark theme, in English and Arabic, is axe-clean for WCAG 2.2 A and AA and throws nothing. One
  // page, reused, globals switched by URL. A play function looks for English words, so in Arabic it may
  // stop early: the story is still drawn, in Arabic, and checked as drawn.
  describe('in every locale and theme', () => {
    let page: Page;
    const problems: string[] = [];
    before(async () => {
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    });
    after(() => page?.close());
    for (const story of stories) {
      it(`${story.title}: "${story.name}" in ar (light, dark) and en (dark): WCAG 2.2 AA clean`, async () => {
        for (const globals of [
          ['locale:ar', 'theme:light'],
          ['locale:ar', 'theme:dark'],
          ['locale:en', 'theme:dark'],
        ]) {
          problems.length = 0;
          const phase = await showStory(page, origin, story.id, globals);
          const where = globals.join(';');
          if (globals[0] === 'locale:en') assert.equal(phase, 'finished', `${where}: the story ended ${phase}`);
          assert.deepEqual(problems, [], where);
          if (globals[0] === 'locale:ar') {
            const drawn = await page.evaluate(() => [...document.querySelectorAll('connect-widget, connect-form, connect-catalog')].map((el) => el.getAttribute('dir')));
            assert.ok(
              drawn.every((dir) => dir === 'rtl'),
              `${where}: every element is right to left (${drawn.join(', ')})`,
            );
          }
          assert.deepEqual(await axeViolations(page, WCAG22_AA), [], where);
        }
      });
    }
  });

  // The other four languages of the Locale toolbar: every story draws in each (light theme), throws
  // nothing, every element takes the locale, and none of the words the elements add is left in English.
  // "Left in English": a text node, label or placeholder inside an element's shadow root that is exactly
  // an English catalog string without placeholders that the language words differently, or, on the
  // callback page (sentences joined in one paragraph), such a string anywhere in its text.
  describe('in German, French, Spanish and Japanese', () => {
    let page: Page;
    const problems: string[] = [];
    before(async () => {
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    });
    after(() => page?.close());
    const english = Object.entries(CATALOGS.en).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !entry[1].includes('{'));
    for (const story of stories) {
      it(`${story.title}: "${story.name}" draws in de, fr, es and ja with no English word of ours`, async () => {
        for (const locale of ['de', 'fr', 'es', 'ja'] as const) {
          problems.length = 0;
          // Drawn, not played: the play functions look for English words and would wait for them in vain.
          // The first language by URL, the others through the toolbar's channel (no reload, as a designer switches).
          if (locale === 'de') await showStory(page, origin, story.id, [`locale:${locale}`], 'drawn');
          else
            await page.evaluate((l) => {
              (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, args: unknown): void } }).__STORYBOOK_ADDONS_CHANNEL__.emit('updateGlobals', { globals: { locale: l } });
            }, locale);
          const untranslated = new Set(english.filter(([id, text]) => (CATALOGS[locale] as Record<string, unknown>)[id] !== text).map(([, text]) => text));
          // The locale's catalog is a chunk loaded on first use: until it arrives the elements speak English.
          // Looked at again every 100 ms for up to 5 s (also until the story has drawn words, e.g. a form
          // that waits for its validator, and every element has taken the locale); the last look is judged.
          const look = () =>
            page.evaluate(() => {
              const elements = [...document.querySelectorAll<HTMLElement & { locale?: string }>('connect-widget, connect-form, connect-catalog')];
              const texts: string[] = [];
              const roots: ParentNode[] = elements.flatMap((el) => (el.shadowRoot ? [el.shadowRoot] : []));
              for (let root = roots.pop(); root; root = roots.pop()) {
                for (const node of root.querySelectorAll('*')) {
                  if (node.shadowRoot) roots.push(node.shadowRoot);
                  for (const attr of ['aria-label', 'placeholder']) {
                    const value = node.getAttribute(attr);
                    if (value) texts.push(value.trim());
                  }
                  for (const child of node.childNodes) if (child.nodeType === Node.TEXT_NODE && child.textContent!.trim()) texts.push(child.textContent!.trim());
                }
              }
              const callback = [...document.querySelectorAll('[data-connect-widget-callback]')].map((node) => node.textContent!.trim());
              return { locales: elements.map((el) => el.locale ?? ''), texts, callback };
            });
          const leftInEnglish = (drawn: { texts: string[]; callback: string[] }) => [
            ...drawn.texts.filter((t) => untranslated.has(t)),
            ...drawn.callback.flatMap((t) => [...untranslated].filter((u) => u.length > 12 && t.includes(u))),
          ];
          let drawn = await look();
          for (let i = 0; i < 50 && (drawn.texts.length + drawn.callback.length === 0 || drawn.locales.some((l) => l !== locale) || leftInEnglish(drawn).length > 0); i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            drawn = await look();
          }
          assert.deepEqual(problems, [], locale);
          assert.ok(drawn.texts.length + drawn.callback.length > 0, `${locale}: the story drew words of ours to look at`);
          assert.ok(
            drawn.locales.every((l) => l === locale),
            `${locale}: every element takes the locale (${drawn.locales.join(', ')})`,
          );
          assert.deepEqual(leftInEnglish(drawn), [], `${locale}: words of ours left in English`);
        }
      });
    }
  });

  for (const docs of entries.filter((e) => e.type === 'docs')) {
    it(`${docs.title}: its Docs page lists the element's API from the custom elements manifest`, async () => {
      // The manifest as `npm run build` makes it (custom-elements-manifest.config.mjs), without writing it.
      const manifest = (await cli({ argv: ['analyze', '--quiet'], cwd: process.cwd(), noWrite: true })) as Manifest;
      const decl = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === docs.title);
      assert.ok(decl, `the manifest has <${docs.title}>`);
      // Storybook's table shows properties (not methods), events, parts and custom properties.
      const expected = [...(decl.members ?? []).filter((m) => m.kind === 'field'), ...(decl.events ?? []), ...(decl.cssParts ?? []), ...(decl.cssProperties ?? [])].map((x) => x.name);
      const page = await context.newPage();
      try {
        await page.goto(`${origin}/iframe.html?id=${docs.id}&viewMode=docs&globals=a11y.manual:!true`);
        // Waits until the args table shows the element's events (the last category to fill in).
        await page.waitForFunction(
          (events) => events.every((e) => document.body.innerText.includes(e)),
          (decl.events ?? []).map((e) => e.name),
          { timeout: 20000 },
        );
        const text = await page.evaluate(() => document.body.innerText);
        assert.deepEqual(
          expected.filter((name) => !text.includes(name)),
          [],
          'every property, event, part and custom property is on the page',
        );
      } finally {
        await page.close();
      }
    });
  }

  it('"OAuth option" signs in through a real popup: the stand-in provider page, then the callback page', async () => {
    await signInThroughPopup(context, origin);
  });
});

// Every story against a real token endpoint: the static build served by `vite preview` with the
// scripted HTTP endpoint of the element tests (test/tools/token-endpoint.mjs) mounted on it, and the
// stories' "Token endpoint" global set to `real`, so Mock Service Worker stays off and each request
// goes over the wire. In Debian's Chromium, every story reaches its state and logs no error; every
// error fixture is replayed by some story (from the endpoint's request log) and every connector
// fixture is shown; "OAuth option" completes a real popup sign-in. (Axe and the Docs pages are checked
// in static.test.ts.) Run `npm run build-storybook` first (`npm test` does).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { preview, type PreviewServer } from 'vite';
import type { Browser, BrowserContext } from 'playwright-core';
import { tokenEndpointPlugin } from '../tools/token-endpoint.mjs';
import { assertBuilt, indexEntries, launchChromium, openStory, OUT, signInThroughPopup } from './harness.js';

const REAL = ['tokenEndpoint:real'];
const stories = indexEntries().filter((e) => e.type === 'story');
const names = (dir: string) => readdirSync(dir).map((f) => f.replace(/\.json$/, ''));
// The checks over all stories mean nothing when STORIES limits the run to a few.
const whole = { skip: process.env.STORIES ? 'STORIES limits the run to some stories' : false };

describe('stories against the real token endpoint', () => {
  let server: PreviewServer;
  let browser: Browser;
  let context: BrowserContext;
  let origin = '';
  const widgetTitles = new Set<string>();

  before(async () => {
    assertBuilt();
    server = await preview({
      configFile: false,
      logLevel: 'silent',
      build: { outDir: OUT },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
      plugins: [tokenEndpointPlugin({ providerPage: '/provider.html' })],
    });
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    browser = await launchChromium();
    context = await browser.newContext();
    await fetch(`${origin}/api/requests`, { method: 'DELETE' });
  });

  after(async () => {
    await browser?.close();
    // The stories' pending requests ("Sending", "Loading") are still open: end them with the server.
    (server?.httpServer as { closeAllConnections?: () => void } | undefined)?.closeAllConnections?.();
    await server?.close();
  });

  it('there is a story for each element', whole, () => {
    assert.ok(stories.some((s) => s.title === 'connect-form'));
    assert.ok(stories.some((s) => s.title === 'connect-widget'));
  });

  for (const story of stories) {
    it(`${story.title}: "${story.name}" reaches its state with the real endpoint and logs no error`, async () => {
      const { page, phase, shown, problems } = await openStory(context, origin, story.id, REAL);
      try {
        assert.equal(phase, 'finished', `the story ended ${phase}: ${shown} ${problems.join('; ')}`);
        assert.deepEqual(problems, []);
        const title = await page.evaluate(() => document.querySelector('connect-widget')?.shadowRoot?.querySelector('h2')?.textContent?.trim());
        if (title) widgetTitles.add(title.replace(/^Connect /, ''));
      } finally {
        await page.close();
      }
    });
  }

  it('"OAuth option" signs in through a real popup: the stand-in provider page, then the callback page', async () => {
    await signInThroughPopup(context, origin, REAL);
  });

  it('every connector fixture is shown in a <connect-widget> story', whole, () => {
    const expected = names('test/fixtures/connectors').map((n) => (JSON.parse(readFileSync(`test/fixtures/connectors/${n}.json`, 'utf8')) as { name: string }).name);
    assert.deepEqual(
      expected.filter((n) => !widgetTitles.has(n)),
      [],
    );
  });

  it('every error body in test/fixtures/errors is replayed by a story, over real HTTP', whole, async () => {
    const requests = (await (await fetch(`${origin}/api/requests`)).json()) as { scenario: string }[];
    const replayed = new Set(requests.map((r) => r.scenario));
    assert.deepEqual(
      names('test/fixtures/errors').filter((n) => !replayed.has(`error/${n}`)),
      [],
    );
  });
});

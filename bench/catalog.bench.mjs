// `node bench/catalog.bench.mjs`: how fast <connect-catalog> filters as the user types, at 100 and
// at 2000 connectors, in Debian's Chromium (playwright-core). Prints a table and the two ratios
// issue 20 sets; it is a measurement, not a test (it never fails on a slow machine).
//
// One filter keystroke is timed from the key's `keydown` (its event timestamp) to the results laid
// out: the catalog's update done and a forced layout of its grid. Keys are real key presses; the
// words are typed one letter at a time and cleared with Escape (which also filters, and is timed).
// The timer starts at keydown and stops once the search box's input event has been handled, the
// catalog has rendered and the grid has been laid out.
// Both sizes run in the same page, alternating, so that they share the machine's state; machines
// differ by 2x and more, so judge the ratios. Also printed: the first render and one scroll step
// (a viewport further down) at each size, and the keystrokes split by how many cards they drew (a
// full window of them, or fewer), so that like can be compared with like across the two sizes.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { ensureChromium, chromiumArgs } from '../test/tools/chromium.mjs';
import { generateConnectors } from '../demo/generated-connectors.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SIZES = [100, 2000];
const ROUNDS = Number(process.env.ROUNDS ?? 3);
// Words a user might type: prefixes of names, of categories, an accent-free "zurich", and misses.
const WORDS = ['pay', 'crm', 'zurich', 'sheets', 'north mail', 'analytics', 'xyz', 'terra', 'support', 'o'];
const FRAME_MS = 16;

// The elements as a host's bundler would build them: minified, Lit in production mode.
const bundle = await build({
  entryPoints: [`${root}src/define.ts`],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
});
const script = bundle.outputFiles[0].text;
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>catalog bench</title>
<script type="module" src="/catalog.js"></script></head><body><main></main></body></html>`;

const server = http.createServer((req, res) => {
  if (req.url === '/catalog.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
  else res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs.filter((a) => !a.startsWith('--headless')), headless: true });
const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await tab.goto(origin);
await tab.waitForFunction(() => customElements.get('connect-catalog'));

/** Mounts a catalog of `n` connectors (replacing the last one) and returns how long until it was laid out. */
async function mount(n) {
  return tab.evaluate(async (connectors) => {
    const main = document.querySelector('main');
    main.replaceChildren();
    const t0 = performance.now();
    const el = document.createElement('connect-catalog');
    el.connectors = connectors;
    main.append(el);
    await el.updateComplete;
    // The first render measures the grid, which renders again with the real geometry.
    await new Promise((r) => requestAnimationFrame(() => r()));
    await el.updateComplete;
    el.shadowRoot.querySelector('.grid').getBoundingClientRect();
    const ms = performance.now() - t0;
    // The timer for each keystroke: keydown's timestamp to the results laid out.
    window.__samples = [];
    let t = 0;
    const done = async () => {
      await el.updateComplete;
      (el.shadowRoot.querySelector('.grid') ?? el.shadowRoot.querySelector('.empty')).getBoundingClientRect();
      void document.body.offsetHeight;
      // With the time, how many cards the results drew (a screenful, or fewer when few match).
      window.__samples.push({ ms: performance.now() - t, cards: el.shadowRoot.querySelectorAll('.card').length });
    };
    window.addEventListener('keydown', (e) => (t = e.timeStamp), true);
    // Typed letters and Escape's clear both end in the search box's input event.
    el.addEventListener('input', () => void done());
    return ms;
  }, generateConnectors(n));
}

/** Types every word, one key at a time, clearing with Escape; returns each keystroke's time (ms) and cards drawn. */
async function typeWords() {
  await tab.evaluate(() => document.querySelector('connect-catalog').shadowRoot.querySelector('input[type=search]').focus());
  for (const word of WORDS) {
    for (const ch of word) await tab.keyboard.press(ch === ' ' ? 'Space' : ch);
    await tab.keyboard.press('Escape');
  }
  await tab.waitForTimeout(50);
  return tab.evaluate(() => window.__samples.slice());
}

/**
 * Scrolls the grid down one viewport at a time (back to the top at the end), 30 steps; returns each
 * step's time from the scroll to the new rows laid out (ms).
 */
async function scrollSteps() {
  return tab.evaluate(async () => {
    const el = document.querySelector('connect-catalog');
    const grid = el.shadowRoot.querySelector('.grid');
    const times = [];
    for (let i = 0; i < 30; i++) {
      const next = grid.scrollTop + grid.clientHeight > grid.scrollHeight - grid.clientHeight ? 0 : grid.scrollTop + grid.clientHeight;
      if (next === grid.scrollTop) break;
      const scrolled = new Promise((r) => grid.addEventListener('scroll', r, { once: true }));
      const t0 = performance.now();
      grid.scrollTop = next;
      await scrolled;
      await el.updateComplete;
      grid.getBoundingClientRect();
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
    return times;
  });
}

const quantile = (list, q) => {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (list) => quantile(list, 0.5);
const f = (ms) => ms.toFixed(2);

const results = Object.fromEntries(SIZES.map((n) => [n, { mount: [], keys: [], cards: [], scroll: [] }]));
// A warm-up at each size (JIT, style caches), then the rounds, sizes alternating.
for (const n of SIZES) {
  await mount(n);
  await typeWords();
}
for (let round = 0; round < ROUNDS; round++) {
  for (const n of SIZES) {
    results[n].mount.push(await mount(n));
    const samples = await typeWords();
    results[n].keys.push(...samples.map((k) => k.ms));
    results[n].cards.push(...samples.map((k) => k.cards));
    results[n].scroll.push(...(await scrollSteps()));
  }
}
await browser.close();
server.close();

const version = (await import('playwright-core/package.json', { with: { type: 'json' } })).default.version;
console.log(`<connect-catalog> filter bench: Chromium via playwright-core ${version}, ${ROUNDS} rounds, ${WORDS.join('').length + WORDS.length} keystrokes a round\n`);
console.log('| connectors | keystrokes | keystroke median ms | keystroke p95 ms | keystroke max ms | first render median ms | scroll step median ms | scroll step p95 ms |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of SIZES) {
  const r = results[n];
  console.log(
    `| ${n} | ${r.keys.length} | ${f(median(r.keys))} | ${f(quantile(r.keys, 0.95))} | ${f(Math.max(...r.keys))} | ${f(median(r.mount))} | ${f(median(r.scroll))} | ${f(quantile(r.scroll, 0.95))} |`,
  );
}
const big = results[2000].keys;
const small = results[100].keys;
const p95Ratio = quantile(big, 0.95) / FRAME_MS;
const medianRatio = median(big) / median(small);
console.log('');
console.log(`p95 keystroke at 2000 / one frame (${FRAME_MS} ms): ${p95Ratio.toFixed(2)} (target ≤ 1) ${p95Ratio <= 1 ? 'within target' : 'OVER TARGET'}`);
console.log(`median keystroke 2000 / median 100:          ${medianRatio.toFixed(2)} (target ≤ 1.5) ${medianRatio <= 1.5 ? 'within target' : 'OVER TARGET'}`);

// Like for like. A keystroke's cost follows how many cards it redraws, and a big catalog keeps a
// screenful of matches for more letters of a word than a small one: the plain median compares a mix
// of full-screen redraws at 2000 with mostly small ones at 100. Split by the cards drawn (a full
// window of cards, or fewer), the same kind of keystroke can be compared across sizes.
const full = Math.max(...SIZES.flatMap((n) => results[n].cards));
console.log('');
console.log(`| connectors | keystrokes drawing a full window (${full} cards) | their median ms | keystrokes drawing fewer | their median ms |`);
console.log('| ---: | ---: | ---: | ---: | ---: |');
const split = Object.fromEntries(
  SIZES.map((n) => {
    const r = results[n];
    const full_ = r.keys.filter((_, i) => r.cards[i] === full);
    const fewer = r.keys.filter((_, i) => r.cards[i] !== full);
    console.log(`| ${n} | ${full_.length} | ${full_.length ? f(median(full_)) : 'n/a'} | ${fewer.length} | ${fewer.length ? f(median(fewer)) : 'n/a'} |`);
    return [n, { full: full_, fewer }];
  }),
);
if (split[2000].full.length && split[100].full.length) {
  console.log(`full-window keystrokes, median 2000 / median 100: ${(median(split[2000].full) / median(split[100].full)).toFixed(2)}`);
}

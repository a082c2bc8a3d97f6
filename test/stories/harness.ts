// What the story tests share: the static build's index, Chromium, and one story opened in a page until
// Storybook says it finished (its play function, which puts the element in the state the story is
// named after and checks it, included).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium, chromiumArgs } from '../tools/chromium.mjs';

export const OUT = 'storybook-static';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface Entry {
  id: string;
  title: string;
  name: string;
  type: string;
}

/**
 * The static build's index.json entries (empty before `npm run build-storybook`). `STORIES=<regex>`
 * keeps only the entries whose id matches, for a quick run while working on a few stories.
 */
export function indexEntries(): Entry[] {
  if (!existsSync(`${OUT}/index.json`)) return [];
  const only = process.env.STORIES ? new RegExp(process.env.STORIES) : undefined;
  const entries = Object.values((JSON.parse(readFileSync(`${OUT}/index.json`, 'utf8')) as { entries: Record<string, Entry> }).entries);
  return entries.filter((e) => !only || only.test(e.id));
}

/** Asserts the static build exists (a clear message instead of zero tests). */
export function assertBuilt(): void {
  assert.ok(existsSync(`${OUT}/index.json`), `${OUT}/index.json is missing: run \`npm run build-storybook\` first`);
}

// Expected in the console of some stories: the failed requests they are about (404, 4xx/5xx answers, refused connections).
const EXPECTED_CONSOLE = /^Failed to load resource/;

/** Debian's Chromium (or another found by test/tools/chromium.mjs), headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs.filter((a: string) => !a.startsWith('--headless')), headless: true });
}

/** What happened when a story was opened. */
export interface StoryRun {
  page: Page;
  /** Storybook's render phase at the end: `finished` when the story rendered and its play function passed. */
  phase: string;
  /** Whether the story has a play function. */
  hasPlay: boolean;
  /** Storybook's error text, if the story failed. */
  shown: string;
  /** Page errors and console errors, except failed-request lines. */
  problems: string[];
}

/**
 * Opens a story in a new page of `context` and waits until Storybook's preview reports it finished,
 * errored or aborted. `globals` are Storybook URL globals (`a11y.manual:!true` always: the Accessibility
 * panel's own axe run is for people, the tests run axe themselves). The caller closes the page.
 */
export async function openStory(context: BrowserContext, origin: string, id: string, globals: string[] = []): Promise<StoryRun> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED_CONSOLE.test(m.text())) problems.push(`console.error: ${m.text()}`);
  });
  await page.goto(`${origin}/iframe.html?id=${id}&viewMode=story&globals=${['a11y.manual:!true', ...globals].join(';')}`);
  const handle = await page.waitForFunction(
    () => {
      const render = (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string; story?: { playFunction?: unknown } } } }).__STORYBOOK_PREVIEW__?.currentRender;
      const phase = render?.phase;
      return phase === 'finished' || phase === 'errored' || phase === 'aborted' ? { phase, hasPlay: typeof render?.story?.playFunction === 'function' } : false;
    },
    undefined,
    { timeout: 20000 },
  );
  const { phase, hasPlay } = (await handle.jsonValue()) as { phase: string; hasPlay: boolean };
  const shown = await page.evaluate(() => document.querySelector('#error-message')?.textContent ?? '');
  return { page, phase, hasPlay, shown, problems };
}

/** The WCAG 2.2 A and AA rules of axe-core (the tags of every WCAG version up to 2.2). */
export const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe-core's violations in the story, and in openConnect's dialog when one is open (it lives in <body>); every rule, or only those with `tags`. */
export async function axeViolations(page: Page, tags?: string[]): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const include = ['#storybook-root', 'dialog.connect-widget-dialog'].filter((selector) => document.querySelector(selector));
    const result = await axe.run({ include }, { resultTypes: ['violations'], ...(tags ? { runOnly: { type: 'tag', values: tags } } : {}) });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  }, tags);
}

/**
 * Shows a story in a page that is reused (no new page per story: the run stays short on a small
 * machine), with toolbar globals set by URL (`locale:ar`, `theme:dark`). The page's errors are
 * collected into `problems` by the caller's listeners. `until`: `played` waits for the play function to end,
 * `drawn` only until the story is drawn and its play function has started.
 */
export async function showStory(page: Page, origin: string, id: string, globals: string[], until: 'played' | 'drawn' = 'played'): Promise<string> {
  await page.goto(`${origin}/iframe.html?id=${id}&viewMode=story&globals=${['a11y.manual:!true', ...globals].join(';')}`);
  const handle = await page.waitForFunction(
    (until) => {
      const render = (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }).__STORYBOOK_PREVIEW__?.currentRender;
      const phase = render?.phase;
      if (phase === 'finished' || phase === 'errored' || phase === 'aborted') return phase;
      // 'drawn': the story's render function has run and its play function (if any) has started.
      return until === 'drawn' && (phase === 'playing' || phase === 'played') ? phase : false;
    },
    until,
    { timeout: 20000 },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * "OAuth option" with a real popup: Continue, Allow on the stand-in provider page, the callback page
 * (callback.js) answers and closes its window, and the widget says it is connected.
 */
export async function signInThroughPopup(context: BrowserContext, origin: string, globals: string[] = []): Promise<void> {
  const { page, phase } = await openStory(context, origin, 'connect-widget--o-auth-option', globals);
  try {
    assert.equal(phase, 'finished');
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
}

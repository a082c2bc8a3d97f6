// End-to-end rig: the demo app (demo/app.mjs: host page origin with the reference token endpoint,
// a real oidc-provider on a second origin, the fake third-party API) and Debian's Chromium driven by
// playwright-core. Nothing here is a stand-in but the third-party API.
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium, chromiumArgs } from '../tools/chromium.mjs';
import { startDemo } from '../../demo/app.mjs';

export type Demo = Awaited<ReturnType<typeof startDemo>>;

/** Starts the demo on free ports; `coop` makes the provider send Cross-Origin-Opener-Policy: same-origin. */
export function start(options: { coop?: boolean } = {}): Promise<Demo> {
  return startDemo({ port: 0, providerPort: 0, extraRoot: 'test/e2e', ...options });
}

/**
 * Launches Chromium. Playwright turns the popup blocker off by default; `popupBlocker: true` keeps it
 * on, as in a user's browser, so that a window.open without a user gesture is refused.
 */
export function launch(options: { popupBlocker?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    args: chromiumArgs.filter((a: string) => !a.startsWith('--headless')),
    headless: true,
    ...(options.popupBlocker ? { ignoreDefaultArgs: ['--disable-popup-blocking'] } : {}),
  });
}

/**
 * The demo and a Chromium for one describe block: started before its tests (`got` receives them),
 * closed after them.
 */
export function demoAndBrowser(options: { coop?: boolean; popupBlocker?: boolean }, got: (demo: Demo, browser: Browser) => void): void {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  before(async () => {
    demo = await start({ coop: options.coop });
    browser = await launch({ popupBlocker: options.popupBlocker });
    got(demo, browser);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });
}

/** A new browser context for the next test: the last one closed, the requests the demo saw so far forgotten. */
export async function freshContext(browser: Browser, demo: Demo, last: BrowserContext | undefined): Promise<BrowserContext> {
  await last?.close();
  demo.requests.length = 0;
  return browser.newContext();
}

/** The events the test page recorded (`window.events`). */
export interface PageEvent {
  widget: string;
  type: string;
  detail: Record<string, unknown>;
}

export function events(page: Page): Promise<PageEvent[]> {
  return page.evaluate(() => (window as unknown as { events?: PageEvent[] }).events ?? []);
}

/** Waits until the page recorded an event of `type` (for `widget`, default w0), and returns it. */
export async function waitForEvent(page: Page, type: string, widget = 'w0', timeout = 15000): Promise<PageEvent> {
  const handle = await page.waitForFunction(([t, w]) => ((window as unknown as { events?: PageEvent[] }).events ?? []).find((e) => e.type === t && e.widget === w), [type, widget] as const, {
    timeout,
  });
  return (await handle.jsonValue()) as PageEvent;
}

/** Opens the OAuth test page with these widgets (`connector` or `connector:option`) and waits until they are ready. */
export async function openTestPage(context: BrowserContext, demo: Demo, widgets: string[], query: Record<string, string> = {}): Promise<Page> {
  const page = await context.newPage();
  const params = new URLSearchParams({ widgets: widgets.join(','), ...query });
  await page.goto(`${demo.origin}/test/pages/oauth.html?${params}`);
  for (let i = 0; i < widgets.length; i++) await waitForEvent(page, 'connect-ready', `w${i}`);
  return page;
}

/** Plays the user in the provider's popup: signs in as `login`, then grants consent (or cancels). */
export async function signIn(popup: Page, options: { login?: string; consent?: 'grant' | 'cancel' } = {}): Promise<void> {
  await popup.waitForURL((url) => url.pathname.startsWith('/interaction/'), { timeout: 15000 });
  await popup.getByPlaceholder('Enter any login').fill(options.login ?? 'alice');
  await popup.getByPlaceholder('and password').fill('any password');
  await popup.getByRole('button', { name: 'Sign-in' }).click();
  await popup.getByRole('button', { name: 'Continue' }).waitFor({ timeout: 15000 });
  if (options.consent === 'cancel') await popup.getByRole('link', { name: '[ Cancel ]' }).click();
  else await popup.getByRole('button', { name: 'Continue' }).click();
}

/** The token-endpoint steps the app received so far (never their fields). */
export function steps(demo: Demo, step?: string): { step: string | null; connector?: string }[] {
  return demo.requests.filter((r: { step: string | null }) => step === undefined || r.step === step);
}

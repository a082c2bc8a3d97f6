// Finds a Chromium to test in; on Debian/Ubuntu as root, installs Debian's package when none is found.
// Used by the test runner config, the e2e tests and `npm test`'s set-up step. Node built-ins only.
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

const candidates = () => {
  const list = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  const cache = join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache)
      .filter((d) => d.startsWith('chromium'))
      .sort()
      .reverse()) {
      list.push(join(cache, dir, 'chrome-linux', 'chrome'), join(cache, dir, 'chrome-linux64', 'chrome'));
    }
  }
  return list.filter(Boolean);
};

/** The path of a usable Chromium, or undefined. */
export function findChromium() {
  return candidates().find((p) => existsSync(p));
}

/** Finds Chromium, installing Debian's package when possible; exits with instructions otherwise. */
export function ensureChromium() {
  let found = findChromium();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log("No Chromium found: installing Debian's chromium package (apt-get install chromium)...");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    found = findChromium();
    if (found) return found;
  }
  console.error('No Chromium or Chrome was found.\n' + '  On Debian/Ubuntu: sudo apt-get install chromium\n' + '  Elsewhere: install Chrome or Chromium and set CHROME_PATH=/path/to/chrome');
  process.exit(1);
}

/** Launch flags that work on a headless CI machine with no network but the package registries. */
export const chromiumArgs = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A Playwright browser context for tests written in TypeScript: tsx compiles them keeping function
 * names, so a function declared inside a `page.evaluate` callback calls esbuild's `__name` helper,
 * which a page lacks; this context defines it in every page.
 * @param {import('playwright-core').Browser} browser
 * @param {Parameters<import('playwright-core').Browser['newContext']>[0]} [options]
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return context;
}

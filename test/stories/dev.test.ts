// `npm run storybook`'s dev server, as a designer uses it: `storybook dev` started on a free port
// (no dist/ needed), the address its banner prints opened in Debian's Chromium, and stories shown in
// Storybook's own UI. One story needs the custom elements manifest and Mock Service Worker (an
// error answer replayed in the browser), one the Docs page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './harness.js';

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007\u001b]*(\u0007|\u001b\\)/g;

describe('storybook dev', () => {
  let storybook: ChildProcess;
  let browser: Browser;
  let output = '';
  let url = '';

  before(async () => {
    const port = await freePort();
    // The command `npm run storybook` runs after its set-up step, on another port; its own process group, to stop it whole.
    storybook = spawn(process.execPath, ['node_modules/storybook/dist/bin/dispatcher.js', 'dev', '-p', String(port), '--ci', '--no-open'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const collect = (chunk: Buffer) => void (output += chunk.toString().replace(ANSI, ''));
    storybook.stdout!.on('data', collect);
    storybook.stderr!.on('data', collect);
    // The banner's "Local:" address, the one a designer clicks.
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`storybook dev did not start within 120 s:\n${output}`)), 120_000);
      const check = () => {
        const found = /Local:\s+(http:\/\/\S+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!.replace(/\/?$/, '/'));
        }
      };
      storybook.stdout!.on('data', check);
      storybook.stderr!.on('data', check);
      storybook.once('exit', (code) => reject(new Error(`storybook dev exited (${code}):\n${output}`)));
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (storybook?.pid && storybook.exitCode === null) process.kill(-storybook.pid, 'SIGTERM');
  });

  /** Opens a story in Storybook's UI at the banner's address and returns the page and the preview frame. */
  async function openInUi(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      // The failed request of the error story itself is expected; anything else is not.
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${url}?path=${path}`);
    return { page, problems };
  }

  it('prints an address that serves Storybook', async () => {
    const answer = await fetch(url);
    assert.equal(answer.status, 200, `${url} answered ${answer.status}`);
  });

  it("renders a story that replays an error answer, in Storybook's UI at the banner's address", async () => {
    const { page, problems } = await openInUi('/story/connect-widget--error-rate-limited');
    try {
      const preview = page.frameLocator('#storybook-preview-iframe');
      // The play function fills in the form and presses Connect; Mock Service Worker answers 429.
      await preview.getByText('Request was throttled.', { exact: false }).first().waitFor({ timeout: 90_000 });
      // The Interactions panel reports the play function as passed.
      await page
        .getByRole('tab', { name: /Interactions/ })
        .first()
        .waitFor({ timeout: 10_000 });
      assert.deepEqual(
        problems.filter((p) => !/Failed to load resource/.test(p)),
        [],
      );
      assert.doesNotMatch(output, /MIME type|Failed to load module script/);
    } finally {
      await page.close();
    }
  });

  it("shows an element's Docs page with its events from the custom elements manifest", async () => {
    const { page } = await openInUi('/docs/connect-widget--docs');
    try {
      const preview = page.frameLocator('#storybook-preview-iframe');
      await preview.getByText('connect-success', { exact: true }).first().waitFor({ timeout: 90_000 });
    } finally {
      await page.close();
    }
  });
});

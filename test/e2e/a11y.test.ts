// Accessibility end to end, in Debian's Chromium against the demo app (the reference token endpoint,
// a real oidc-provider on another origin): every flow completed with key presses only, reflow at
// 320 CSS px and at 200% zoom, and Chromium's forced-colors emulation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { events, launch, openTestPage, signIn, start, waitForEvent, type Demo } from './helpers.js';

/** What has focus, through shadow roots: tag, type and the name a user would hear (label, aria-label or text). */
interface Focused {
  tag: string;
  type: string;
  name: string;
}
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const labels = (el as HTMLInputElement).labels;
    const name = el.getAttribute('aria-label') ?? (labels && labels.length ? labels[0]!.textContent : el.textContent) ?? '';
    return { tag: el.tagName.toLowerCase(), type: el.getAttribute('type') ?? '', name: name.replace(/\s+/g, ' ').trim() };
  });
}

/** Presses Tab until the focused control matches (at most `max` presses): the keyboard's way there. */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, max = 30): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && match(f)) return f;
    seen.push(f ? `${f.tag}[${f.type}] "${f.name}"` : 'nothing');
  }
  throw new Error(`Tab never reached ${what}; focus went: ${seen.join(' → ')}`);
}
const named = (name: string | RegExp, tag?: string) => (f: Focused) => (typeof name === 'string' ? f.name === name : name.test(f.name)) && (!tag || f.tag === tag);

describe('keyboard only', () => {
  let demo: Demo;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    demo = await start();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });
  const fresh = async () => {
    await context?.close();
    context = await browser.newContext();
    demo.requests.length = 0;
    return context;
  };

  test('an API-key connector: Enter with the key empty shows the error on the field (focused), the key typed, Enter connects', async () => {
    await fresh();
    const page = await openTestPage(context, demo, ['example-app:api-key']);
    await tabTo(page, named('API Key (required)', 'input'), 'the API Key input');
    await page.keyboard.press('Enter');
    const error = await waitForEvent(page, 'connect-error');
    assert.equal(error.detail.code, 'validation');
    const key = page.locator('#w0').getByRole('textbox', { name: 'API Key (required)' });
    assert.equal(await key.getAttribute('aria-invalid'), 'true');
    assert.match((await focused(page))?.name ?? '', /^API Key/, 'focus is on the field to fix');
    await page.keyboard.type('sk_live_keyboard_1');
    assert.equal(await key.getAttribute('aria-invalid'), 'false', 'the error clears as the user types');
    await page.keyboard.press('Enter');
    const success = await waitForEvent(page, 'connect-success');
    assert.equal((success.detail.connection as { connector: string }).connector, 'example-app');
    assert.equal(await page.locator('#w0').locator('[part="success"]').textContent(), 'Connected to Example App.');
    assert.equal((await focused(page))?.name, 'Connected to Example App.', 'focus is not lost with the form: it moves to the success message');
  });

  test('an option change with the arrow keys: the option picker is one tab stop, the chosen option’s form follows', async () => {
    await fresh();
    const page = await openTestPage(context, demo, ['example-app']);
    const first = await tabTo(page, (f) => f.type === 'radio', 'the option picker');
    assert.equal(first.name, 'API Key Authentication');
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused(page))?.name, 'OAuth Authentication');
    await page.locator('#w0').getByRole('button', { name: 'Continue with Example App' }).waitFor();
    assert.equal(await page.locator('#w0').getByRole('textbox', { name: 'API Key (required)' }).isVisible(), false, 'the API key form is hidden');
    await page.keyboard.press('ArrowUp');
    assert.equal((await focused(page))?.name, 'API Key Authentication');
    // The radios are one tab stop: Tab leaves the picker for the option's help link, then its form.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page))?.name, 'How to find these details');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page))?.name, 'API Key (required)');
    await page.keyboard.type('sk_live_keyboard_2');
    await page.keyboard.press('Enter');
    const submit = await waitForEvent(page, 'connect-submit');
    assert.equal(submit.detail.option, 'api-key');
    await waitForEvent(page, 'connect-success');
  });

  test('an OAuth sign-in: the popup opened with Enter on "Continue with", completed at the real provider', async () => {
    await fresh();
    const page = await openTestPage(context, demo, ['example-helpdesk']);
    await tabTo(page, named(/^Helpdesk subdomain/, 'input'), 'the subdomain input');
    await page.keyboard.type('acme');
    await tabTo(page, named('Continue with Example Helpdesk', 'button'), 'the Continue button');
    const popup = context.waitForEvent('page');
    await page.keyboard.press('Enter');
    // The provider's login and consent pages are not ours: there the test fills and clicks as a
    // user would (helpers.signIn). Everything in the widget was done with keys.
    await signIn(await popup, { login: 'alice' });
    const success = await waitForEvent(page, 'connect-success');
    assert.equal((success.detail.connection as { label: string }).label, 'Signed in as alice at acme');
    assert.equal((await focused(page))?.name, 'Connected to Example Helpdesk.', 'focus moves from the gone form to the success message');
  });

  test('the modal: opened with Enter, closed with Escape (focus back on the opener); opened again with Space and completed with keys', async () => {
    await fresh();
    const page = await context.newPage();
    await page.goto(`${demo.origin}/test/pages/a11y.html?view=modal&connector=example-app`);
    await tabTo(page, named('Connect Example App', 'button'), 'the opener');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect Example App' });
    await dialog.waitFor();
    await waitForEvent(page, 'connect-ready');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('dialog') !== null), true, 'focus moved into the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual((await focused(page))?.name, 'Connect Example App', 'focus returned to the opener');
    assert.ok((await events(page)).some((e) => e.type === 'rejected' && e.detail.code === 'cancelled'));

    await page.keyboard.press('Space');
    await dialog.waitFor();
    await page.waitForFunction(() => (window as unknown as { events: { type: string }[] }).events.filter((e) => e.type === 'connect-ready').length >= 2);
    await tabTo(page, named('API Key (required)', 'input'), 'the API Key input in the dialog');
    await page.keyboard.type('sk_live_keyboard_3');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    assert.ok((await events(page)).some((e) => e.type === 'resolved'));
    assert.equal((await focused(page))?.name, 'Connect Example App', 'focus returned to the opener after success');
  });
});

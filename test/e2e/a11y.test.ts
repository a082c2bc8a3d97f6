// Accessibility end to end, in Debian's Chromium against the demo app (the reference token endpoint,
// a real oidc-provider on another origin): every flow completed with key presses only, reflow at
// 320 CSS px and at 200% zoom, and Chromium's forced-colors emulation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoAndBrowser, events, freshContext, openTestPage, signIn, waitForEvent, type Demo } from './helpers.js';
import { newContext } from '../tools/chromium.mjs';

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

  demoAndBrowser({}, (d, b) => ((demo = d), (browser = b)));
  const fresh = async () => (context = await freshContext(browser, demo, context));

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

/**
 * Layout problems on the page as it stands: horizontal scrolling of the document or of any scroll
 * container (shadow roots included), and any visible control whose box is not inside the viewport.
 */
function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) => {
      const labels = (el as HTMLInputElement).labels;
      const name = el.getAttribute('aria-label') ?? (labels && labels.length ? labels[0]!.textContent : el.textContent) ?? '';
      return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''} "${name.replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    const width = doc.clientWidth;
    const all: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    for (const el of all) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      // A scroll container (or a clipping box) whose content is wider than it: cut off or scrolled sideways.
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 1) {
        problems.push(`${describe(el)} is ${el.scrollWidth}px wide inside ${el.clientWidth}px (overflow-x: ${style.overflowX})`);
      }
      if (el.matches('input:not([type=hidden]), select, textarea, button, a[href], [tabindex]:not([tabindex="-1"]), [part=success], .req, legend, label')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < -0.5 || r.right > width + 0.5) problems.push(`${describe(el)} runs from ${Math.round(r.left)} to ${Math.round(r.right)} in a ${width}px viewport`);
      }
    }
    return problems;
  });
}

/**
 * The two reflow sizes of WCAG 1.4.10. 320 CSS px wide is a phone. 200% zoom of a 1280 px window is
 * a 640 CSS px viewport: browser zoom changes the CSS pixel width the page lays out in (and the
 * device pixel ratio), which a 640 px viewport with deviceScaleFactor 2 reproduces exactly, media
 * queries included. deviceScaleFactor alone is not zoom (it only sharpens), and CSS `zoom` on the
 * root scales lengths but not the viewport the page sees.
 */
const SIZES = [
  { name: '320 CSS px wide', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
  { name: '1280 px at 200% zoom', viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 },
] as const;

describe('reflow: nothing cut off, no horizontal scrolling', () => {
  let demo: Demo;
  let browser: Browser;

  demoAndBrowser({}, (d, b) => ((demo = d), (browser = b)));

  for (const size of SIZES) {
    const context = () => newContext(browser, { viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });
    const check = async (page: Page, what: string) => assert.deepEqual(await reflowProblems(page), [], `${what} at ${size.name}`);

    test(`${size.name}: the form (long labels, checkboxes, a secret), before and after a submit with errors`, async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${demo.origin}/test/pages/a11y.html?view=form`);
      await page.locator('connect-form').getByRole('checkbox').first().waitFor();
      await check(page, 'the form');
      await page.locator('connect-form').getByRole('button', { name: 'Connect' }).click();
      await page.locator('connect-form').getByRole('alert').filter({ hasText: 'need attention' }).waitFor();
      await check(page, 'the form with its errors');
      await ctx.close();
    });

    test(`${size.name}: the widget with its option picker, and the OAuth waiting state`, async () => {
      const ctx = await context();
      const page = await openTestPage(ctx, demo, ['example-app', 'example-helpdesk']);
      await check(page, 'the widget with options');
      await page.locator('#w1').getByLabel('Helpdesk subdomain').fill('acme');
      const popup = ctx.waitForEvent('page');
      await page.locator('#w1').getByRole('button', { name: 'Continue with Example Helpdesk' }).click();
      await (await popup).waitForURL(/\/interaction\//);
      await page.locator('#w1 [part="oauth-status"]').waitFor();
      await check(page, 'the OAuth waiting state');
      await ctx.close();
    });

    test(`${size.name}: the catalog (the demo page) and the modal`, async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(demo.url);
      await page.locator('connect-catalog').getByText('306 connectors.').waitFor();
      await check(page, 'the catalog');
      const modal = await ctx.newPage();
      await modal.goto(`${demo.origin}/test/pages/a11y.html?view=modal&connector=auth0`);
      await modal.getByRole('button', { name: 'Connect Auth0' }).click();
      await waitForEvent(modal, 'connect-ready');
      await check(modal, 'the modal');
      await ctx.close();
    });
  }
});

/** Whether a computed colour can be seen at all. */
const visible = (color: string) => !/^(transparent|rgba\(.*,\s*0\))$/.test(color);

describe('forced colors (Windows High Contrast and the like)', () => {
  let demo: Demo;
  let browser: Browser;

  demoAndBrowser({}, (d, b) => ((demo = d), (browser = b)));

  /** Computed outline, border and colour of the focused control, of every input/button, and of the required marks. */
  function styles(page: Page) {
    return page.evaluate(() => {
      const all: Element[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          all.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      const name = (el: Element) =>
        `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30)}"`;
      const edges = all
        .filter((el) => shown(el) && el.matches('input:not([type=checkbox]):not([type=radio]), select, textarea, button:not(.link-button), dialog'))
        .map((el) => {
          const s = getComputedStyle(el);
          return { name: name(el), style: s.borderTopStyle, width: s.borderTopWidth, color: s.borderTopColor };
        });
      const marks = all
        .filter((el) => shown(el) && el.matches('.req'))
        .map((el) => {
          const s = getComputedStyle(el);
          return { name: name(el), color: s.color, opacity: s.opacity };
        });
      let focus: Element | null = document.activeElement;
      while (focus?.shadowRoot?.activeElement) focus = focus.shadowRoot.activeElement;
      const f = focus ? getComputedStyle(focus) : undefined;
      return { edges, marks, focus: f && focus ? { name: name(focus), style: f.outlineStyle, width: f.outlineWidth, color: f.outlineColor } : undefined };
    });
  }

  async function assertVisible(page: Page, what: string) {
    const { edges, marks, focus } = await styles(page);
    assert.ok(edges.length > 0, `${what}: controls found`);
    for (const e of edges) assert.ok(e.style !== 'none' && e.style !== 'hidden' && parseFloat(e.width) >= 1 && visible(e.color), `${what}: the border of ${e.name} is visible (${JSON.stringify(e)})`);
    for (const m of marks) assert.ok(visible(m.color) && m.opacity === '1', `${what}: the required mark ${m.name} is visible (${JSON.stringify(m)})`);
    assert.ok(focus, `${what}: something has focus`);
    assert.ok(focus.style !== 'none' && parseFloat(focus.width) >= 1 && visible(focus.color), `${what}: the focus ring of ${focus.name} is visible (${JSON.stringify(focus)})`);
    return { edges, marks, focus };
  }

  test('the form: borders of inputs and buttons, the required marks, the focus ring of each control reached with Tab', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.emulateMedia({ forcedColors: 'active' });
    assert.equal(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), true);
    await page.goto(`${demo.origin}/test/pages/a11y.html?view=form`);
    await page.locator('connect-form').getByRole('checkbox').first().waitFor();
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const { focus, marks } = await assertVisible(page, `Tab ${i + 1}`);
      assert.ok(marks.length >= 2);
      seen.add(focus!.name);
    }
    assert.ok(seen.size >= 6, [...seen].join(', '));
    // With errors: the invalid inputs keep a visible border (the red glow is a box-shadow, which forced colours drop).
    await page.locator('connect-form').getByRole('button', { name: 'Connect' }).press('Enter');
    await page.locator('connect-form').getByRole('alert').filter({ hasText: 'need attention' }).waitFor();
    await assertVisible(page, 'after a submit with errors');
    const invalid = await page.evaluate(() => {
      const el = document.querySelector('connect-form')!.shadowRoot!.querySelector('input[aria-invalid=true]:not([type=checkbox])')!;
      const s = getComputedStyle(el);
      return { width: s.borderTopWidth, style: s.borderTopStyle };
    });
    assert.ok(parseFloat(invalid.width) >= 2, `an invalid input is told apart without colour: a thicker border (${JSON.stringify(invalid)})`);
  });

  test('the widget: the option picker’s chosen option, the OAuth buttons, the modal’s edge', async () => {
    const ctx = await newContext(browser);
    const page = await openTestPage(ctx, demo, ['example-app', 'example-helpdesk']);
    await page.emulateMedia({ forcedColors: 'active' });
    await tabTo(page, (f) => f.type === 'radio', 'the option picker');
    await assertVisible(page, 'the widget, the picker focused');
    const chosen = await page.evaluate(() => {
      const picker = document.querySelector('#w0')!.shadowRoot!.querySelector('connect-option-picker')!.shadowRoot!;
      const label = picker.querySelector('input:checked')!.closest('label')!;
      const other = picker.querySelector('input:not(:checked)')!.closest('label')!;
      const s = getComputedStyle(label);
      const o = getComputedStyle(other);
      return { chosen: [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, s.outlineStyle], other: [o.borderTopStyle, o.borderTopWidth, o.borderTopColor, o.outlineStyle] };
    });
    assert.notDeepEqual(chosen.chosen, chosen.other, `the chosen option is told apart from the others without its box-shadow (${JSON.stringify(chosen)})`);

    const modal = await ctx.newPage();
    await modal.emulateMedia({ forcedColors: 'active' });
    await modal.goto(`${demo.origin}/test/pages/a11y.html?view=modal&connector=example-app`);
    await tabTo(modal, named('Connect Example App', 'button'), 'the opener');
    await modal.keyboard.press('Enter');
    await waitForEvent(modal, 'connect-ready');
    await assertVisible(modal, 'the modal');
    await ctx.close();
  });
});

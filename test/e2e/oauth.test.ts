// The OAuth popup handshake end to end (SPEC "OAuth popup handshake", docs/oauth.md): Debian's
// Chromium, the widget on the host origin, the reference token endpoint doing PKCE and the code
// exchange, and a real OpenID provider (oidc-provider) on another origin with its login and consent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoAndBrowser, events, freshContext, openTestPage, signIn, steps, waitForEvent, type Demo } from './helpers.js';

const HELPDESK = 'example-helpdesk';

/** Fills the helpdesk connection parameters and clicks Continue, returning the popup that opened. */
async function startHelpdesk(page: Page, context: BrowserContext, widget = '#w0', subdomain = 'acme'): Promise<Page> {
  const root = page.locator(widget);
  await root.getByLabel('Helpdesk subdomain').fill(subdomain);
  const popup = context.waitForEvent('page');
  await root.getByRole('button', { name: 'Continue with Example Helpdesk' }).click();
  return popup;
}

describe('OAuth popup handshake against a real provider', () => {
  let demo: Demo;
  let browser: Browser;
  let context: BrowserContext;

  demoAndBrowser({}, (d, b) => ((demo = d), (browser = b)));

  const fresh = async () => (context = await freshContext(browser, demo, context));

  test('the user signs in and consents in the popup: connect-success with the connection, the popup closes itself', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const popup = await startHelpdesk(page, context);
    assert.match(popup.url(), /^about:blank$|^http:\/\/127\.0\.0\.1/, 'the window opened on the click, before the server answered');
    const closed = popup.waitForEvent('close', { timeout: 15000 });
    await signIn(popup, { login: 'alice' });
    const success = await waitForEvent(page, 'connect-success');
    const connection = success.detail.connection as Record<string, unknown>;
    assert.equal(connection.connector, HELPDESK);
    assert.equal(connection.label, 'Signed in as alice at acme', 'the server exchanged the code and used the token; the subdomain sealed at oauth-start came through');
    assert.deepEqual(Object.keys(success.detail), ['connection']);
    await closed;
    assert.deepEqual(
      steps(demo).map((r) => r.step),
      ['oauth-start', 'oauth-callback'],
      'one start, one callback (the second route delivered the same result and was swallowed)',
    );
    assert.equal(await page.locator('#w0').locator('[part="success"]').textContent(), 'Connected to Example Helpdesk.');
    assert.equal(demo.connections.size >= 1, true);
  });

  test('connection parameters are validated before any window opens or request is sent', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const root = page.locator('#w0');
    await root.getByLabel('Helpdesk subdomain').fill('Not A Subdomain!');
    await root.getByRole('button', { name: 'Continue with Example Helpdesk' }).click();
    const input = root.getByLabel('Helpdesk subdomain');
    await page.waitForFunction(() => document.querySelector('#w0')!.shadowRoot!.querySelector('connect-form')!.shadowRoot!.querySelector('[aria-invalid="true"]'));
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(context.pages().length, 1, 'no popup');
    assert.equal(steps(demo).length, 0, 'no request');
    assert.equal(await input.inputValue(), 'Not A Subdomain!', 'what the user typed stays');
  });

  test('the user cancels at the provider: connect-error oauth-denied with the provider description, no oauth-callback request', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const popup = await startHelpdesk(page, context);
    await popup.waitForURL(/\/interaction\//);
    assert.equal(await popup.evaluate(() => window.opener !== null), true, 'without COOP the popup keeps its opener');
    await signIn(popup, { consent: 'cancel' });
    const error = await waitForEvent(page, 'connect-error');
    assert.equal(error.detail.code, 'oauth-denied');
    assert.match(String(error.detail.message), /Example Helpdesk did not grant access: End-User aborted interaction/);
    await page.locator('#w0').getByRole('alert').filter({ hasText: 'did not grant access' }).waitFor();
    await page.locator('#w0').getByRole('button', { name: 'Try again' }).waitFor();
    assert.deepEqual(
      steps(demo).map((r) => r.step),
      ['oauth-start'],
    );
  });

  test('the user closes the popup: Reopen and Cancel appear; Cancel ends with connect-cancel popup-closed', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const popup = await startHelpdesk(page, context);
    await popup.waitForURL(/\/interaction\//);
    await popup.close();
    const root = page.locator('#w0');
    await root.getByText('The Example Helpdesk window seems to be closed.').waitFor({ timeout: 5000 });
    await root.getByRole('button', { name: 'Reopen window' }).waitFor();
    await root.getByRole('button', { name: 'Cancel' }).click();
    const cancel = await waitForEvent(page, 'connect-cancel');
    assert.deepEqual(cancel.detail, { reason: 'popup-closed' });
    assert.equal((await events(page)).filter((e) => e.type === 'connect-error').length, 0);
  });

  test('Reopen after a close opens the same sign-in again, and it completes', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const first = await startHelpdesk(page, context);
    await first.waitForURL(/\/interaction\//);
    await first.close();
    const root = page.locator('#w0');
    await root.getByRole('button', { name: 'Reopen window' }).waitFor({ timeout: 5000 });
    const second = context.waitForEvent('page');
    await root.getByRole('button', { name: 'Reopen window' }).click();
    await signIn(await second);
    await waitForEvent(page, 'connect-success');
    assert.deepEqual(
      steps(demo).map((r) => r.step),
      ['oauth-start', 'oauth-callback'],
      'the same flow: no second oauth-start',
    );
  });

  test('a message from another origin and messages with a wrong state are ignored; the real answer still completes', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const authorization = context.waitForEvent('request', (r) => r.url().startsWith(`${demo.issuer}/auth?`));
    const popup = await startHelpdesk(page, context);
    await popup.waitForURL(/\/interaction\//);
    // The pending state, as anyone watching the popup's address could learn it.
    const state = new URL((await authorization).url()).searchParams.get('state');
    assert.ok(state, 'a pending state');
    // The provider's origin (a page in our own popup, but not our origin) answers with the right state.
    await popup.evaluate((s) => window.opener?.postMessage({ type: 'connect-widget:oauth-callback', state: s, params: { code: 'forged', state: s } }, '*'), state);
    // Our origin, but not our popup (postMessage), and the channel with a state that is not pending.
    await page.evaluate((origin) => {
      window.postMessage({ type: 'connect-widget:oauth-callback', state: 'not-the-state', params: { code: 'forged', state: 'not-the-state' } }, origin);
      new BroadcastChannel('connect-widget:oauth').postMessage({ type: 'connect-widget:oauth-callback', state: 'not-the-state', params: { code: 'forged', state: 'not-the-state' } });
    }, demo.origin);
    await page.waitForTimeout(500);
    assert.equal(steps(demo, 'oauth-callback').length, 0, 'nothing was sent for any of them');
    assert.equal((await events(page)).filter((e) => e.type !== 'connect-ready' && e.type !== 'connect-submit').length, 0, 'no outcome yet');
    await page.locator('#w0').getByText('Waiting for Example Helpdesk…').waitFor();
    await signIn(popup);
    await waitForEvent(page, 'connect-success');
    assert.equal(steps(demo, 'oauth-callback').length, 1);
  });

  test('our own popup answering another state ends the flow with state-mismatch, and nothing is sent', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const popup = await startHelpdesk(page, context);
    await popup.waitForURL(/\/interaction\//);
    // A login CSRF attempt: the callback page, in our popup, with someone else's code and state.
    await popup.evaluate((url) => location.assign(url), `${demo.origin}/callback.html?code=attacker-code&state=attacker-state`);
    const error = await waitForEvent(page, 'connect-error');
    assert.equal(error.detail.code, 'state-mismatch');
    assert.equal(steps(demo, 'oauth-callback').length, 0);
  });

  test('two fast clicks open one popup and send one oauth-start', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const root = page.locator('#w0');
    await root.getByLabel('Helpdesk subdomain').fill('acme');
    await root.getByRole('button', { name: 'Continue with Example Helpdesk' }).dblclick();
    await page.waitForTimeout(800);
    assert.equal(context.pages().length, 2, 'the page and one popup');
    assert.equal(steps(demo, 'oauth-start').length, 1);
    const popup = context.pages()[1]!;
    await signIn(popup);
    await waitForEvent(page, 'connect-success');
  });

  test("two widgets on one page (same connector) run two flows, and neither answers the other's", async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK, HELPDESK]);
    const popupA = await startHelpdesk(page, context, '#w0', 'first');
    const popupB = await startHelpdesk(page, context, '#w1', 'second');
    assert.notEqual(popupA, popupB, 'two windows');
    await signIn(popupB, { login: 'bob' });
    const successB = await waitForEvent(page, 'connect-success', 'w1');
    assert.equal((successB.detail.connection as { label: string }).label, 'Signed in as bob at second');
    await page.waitForTimeout(300);
    assert.equal((await events(page)).filter((e) => e.widget === 'w0' && (e.type === 'connect-success' || e.type === 'connect-error')).length, 0, 'the first widget still waits');
    await signIn(popupA, { login: 'alice' });
    const successA = await waitForEvent(page, 'connect-success', 'w0');
    assert.equal((successA.detail.connection as { label: string }).label, 'Signed in as alice at first');
    assert.equal(steps(demo, 'oauth-callback').length, 2);
  });

  test('a flow that never returns ends with connect-error timeout', async () => {
    await fresh();
    const page = await openTestPage(context, demo, [HELPDESK], { oauthTimeout: '2500' });
    const popup = await startHelpdesk(page, context);
    await popup.waitForURL(/\/interaction\//);
    const error = await waitForEvent(page, 'connect-error', 'w0', 10000);
    assert.equal(error.detail.code, 'timeout');
    assert.match(String(error.detail.message), /took too long/);
  });

  test('an option without connection parameters is one Continue button (Example App, OAuth option)', async () => {
    await fresh();
    const page = await openTestPage(context, demo, ['example-app:oauth']);
    const popup = context.waitForEvent('page');
    await page.locator('#w0').getByRole('button', { name: 'Continue with Example App' }).click();
    await signIn(await popup, { login: 'carol' });
    const success = await waitForEvent(page, 'connect-success');
    assert.equal((success.detail.connection as { label: string }).label, 'Signed in as carol');
  });
});

describe('a provider that sends Cross-Origin-Opener-Policy: same-origin', () => {
  let demo: Demo;
  let browser: Browser;
  demoAndBrowser({ coop: true }, (d, b) => ((demo = d), (browser = b)));

  test('the opener link is cut and popup.closed lies, yet the BroadcastChannel route completes the flow', async () => {
    const context = await browser.newContext();
    const page = await openTestPage(context, demo, [HELPDESK]);
    const popup = await startHelpdesk(page, context);
    await popup.waitForURL(/\/interaction\//);
    assert.equal(await popup.evaluate(() => window.opener === null), true, 'COOP cut the popup off from the page');
    await signIn(popup);
    const success = await waitForEvent(page, 'connect-success');
    assert.equal((success.detail.connection as { connector: string }).connector, HELPDESK);
    assert.equal(steps(demo, 'oauth-callback').length, 1);
    await context.close();
  });
});

describe('a browser that blocks the popup', () => {
  let demo: Demo;
  let browser: Browser;
  demoAndBrowser({ popupBlocker: true }, (d, b) => ((demo = d), (browser = b)));

  test('popup-blocked is reported at once with Try again and Continue in this window; the redirect completes on return', async () => {
    const context = await browser.newContext();
    // Everything up to the click runs without a user gesture: Playwright's own evaluations (waitFor,
    // fill, evaluate) lend the page a transient activation, which would let window.open through.
    const page = await context.newPage();
    await page.goto(`${demo.origin}/test/pages/oauth.html?widgets=${HELPDESK}`);
    const cdp = await context.newCDPSession(page);
    const noGesture = async (expression: string) => (await cdp.send('Runtime.evaluate', { expression, userGesture: false, returnByValue: true })).result.value as unknown;
    for (let i = 0; i < 100 && !(await noGesture(`Boolean(window.events?.some((e) => e.type === 'connect-ready'))`)); i++) await new Promise((r) => setTimeout(r, 100));
    const root = page.locator('#w0');
    await cdp.send('Runtime.evaluate', {
      expression: `(() => {
        const form = document.querySelector('#w0').shadowRoot.querySelector('connect-form').shadowRoot;
        const input = form.querySelector('input');
        input.value = 'acme';
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        form.querySelector('button[type="submit"]').click();
      })()`,
      userGesture: false,
    });
    const blocked = await waitForEvent(page, 'connect-error');
    assert.equal(blocked.detail.code, 'popup-blocked');
    assert.equal(context.pages().length, 1, 'no window');
    assert.equal(steps(demo).length, 0, 'no request for a flow that could not open');
    await root.getByRole('button', { name: 'Try again' }).waitFor();
    await root.getByRole('button', { name: 'Continue in this window' }).click();
    // This tab goes to the provider and comes back to the page the flow started on.
    await signIn(page);
    await page.waitForURL(`${demo.origin}/test/pages/oauth.html?*`, { timeout: 15000 });
    const success = await waitForEvent(page, 'connect-success');
    assert.equal((success.detail.connection as { label: string }).label, 'Signed in as alice at acme', 'the parameters typed before the redirect were sealed by the server');
    assert.deepEqual(
      steps(demo).map((r) => r.step),
      ['oauth-start', 'oauth-callback'],
    );
    const stored = await page.evaluate(() => Object.keys(sessionStorage));
    assert.deepEqual(stored, [], 'nothing left in storage');
    await context.close();
  });
});

// The demo of `npm start`, end to end, as a user would use it: the Integrations page, the widget in a
// dialog, the reference token endpoint, the fake third-party API rejecting a key, and a real OpenID
// provider's login and consent on another origin; then Reconnect and Disconnect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, signIn, start, type Demo } from './helpers.js';

describe('the demo (npm start)', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;

  before(async () => {
    demo = await start();
    browser = await launch();
    page = await (await browser.newContext()).newPage();
    await page.goto(demo.url);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const connected = () => page.locator('#connections li');
  const dialog = () => page.getByRole('dialog');

  test('the page lists every connector, and no connection yet', async () => {
    await page.getByRole('button', { name: 'Connect Example Helpdesk' }).waitFor();
    for (const name of ['Auth0', 'Zapier', 'Example App', 'Example Helpdesk']) {
      assert.equal(await page.getByRole('button', { name: `Connect ${name}`, exact: true }).count(), 1, name);
    }
    assert.equal(await page.getByText('No accounts connected yet.').isVisible(), true);
  });

  test('a form connector: the rejected key is shown on its field, the good one connects, and the account is listed', async () => {
    await page.getByRole('button', { name: 'Connect Example App', exact: true }).click();
    const widget = dialog().locator('connect-widget');
    await widget.getByRole('textbox', { name: 'API Key (required)' }).fill('sk_wrong_123');
    await widget.getByRole('button', { name: 'Connect Example App' }).click();
    const key = widget.getByRole('textbox', { name: 'API Key (required)' });
    await page.waitForFunction(() => {
      const form = document.querySelector('dialog connect-widget')?.shadowRoot?.querySelector('connect-form[data-option="api-key"]');
      return form?.shadowRoot?.querySelector('input[aria-invalid="true"]');
    });
    const describedBy = (await key.getAttribute('aria-describedby')) ?? '';
    assert.match(describedBy, /\S/, 'the error is the field’s description');
    assert.match((await widget.getByText('Example App rejected this value').first().textContent()) ?? '', /Check it and try again/);
    assert.equal(await key.inputValue(), 'sk_wrong_123', 'what the user typed stays, to be fixed');
    assert.equal(demo.connections.size, 0);

    await key.fill('sk_live_good_456');
    await widget.getByRole('button', { name: 'Connect Example App' }).click();
    await dialog().waitFor({ state: 'detached' });
    await connected().filter({ hasText: 'Example App' }).waitFor();
    assert.match(await page.locator('#status').textContent() ?? '', /Example App is connected/);
    assert.equal(await page.getByText('sk_live_good_456').count(), 0, 'the key is nowhere on the page');
  });

  test('an OAuth connector: the user signs in and consents at the provider, and the account is listed', async () => {
    await page.getByRole('button', { name: 'Connect Example Helpdesk' }).click();
    const widget = dialog().locator('connect-widget');
    await widget.getByLabel('Helpdesk subdomain').fill('acme');
    const popup = page.context().waitForEvent('page');
    await widget.getByRole('button', { name: 'Continue with Example Helpdesk' }).click();
    await signIn(await popup, { login: 'alice' });
    await dialog().waitFor({ state: 'detached' });
    await connected().filter({ hasText: 'Signed in as alice at acme' }).waitFor();
    assert.equal(await connected().count(), 2, 'both accounts are listed');
  });

  test('Reconnect updates the same connection; Disconnect removes it', async () => {
    const row = connected().filter({ hasText: 'Example App' });
    const id = await row.getAttribute('data-connection');
    await page.getByRole('button', { name: 'Reconnect Example App' }).click();
    const widget = dialog().locator('connect-widget');
    assert.equal(await widget.getByRole('radiogroup').count(), 0, 'the option of the connection is locked');
    await widget.getByRole('textbox', { name: 'API Key (required)' }).fill('sk_live_rotated_789');
    await widget.getByRole('button', { name: 'Connect Example App' }).click();
    await dialog().waitFor({ state: 'detached' });
    assert.equal(await connected().count(), 2, 'no second connection');
    assert.ok(demo.connections.get(id!)?.reconnectedAt, 'the same connection was updated');

    await page.getByRole('button', { name: 'Disconnect Example Helpdesk' }).click();
    await page.getByText('Example Helpdesk was disconnected.').waitFor();
    assert.equal(await connected().count(), 1);
  });
});

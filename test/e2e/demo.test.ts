// The demo of `npm start`, end to end, as a user would use it: the Integrations page's
// <connect-catalog> over the real connectors and 300 made-up ones, the widget inline, the reference
// token endpoint, the fake third-party API rejecting a key, and a real OpenID provider's login and
// consent on another origin; then Reconnect from the connected accounts.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { demoAndBrowser, signIn, type Demo } from './helpers.js';

describe('the demo (npm start)', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;

  demoAndBrowser({}, (d, b) => ((demo = d), (browser = b)));
  before(async () => {
    page = await (await browser.newContext()).newPage();
    await page.goto(demo.url);
  });

  const catalog = () => page.locator('connect-catalog');
  const search = () => catalog().getByRole('searchbox', { name: 'Search' });
  const widget = () => catalog().locator('connect-widget');
  const accounts = () => catalog().locator('[part=account]');
  /** Finds a connector with the search box and opens it, as a user would. */
  async function choose(name: string) {
    await search().fill(name);
    await catalog()
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .first()
      .click();
    await widget()
      .getByRole('heading', { name: `Connect ${name}` })
      .waitFor();
  }
  async function back() {
    await catalog().getByRole('button', { name: 'Back', exact: true }).click();
    await search().waitFor();
  }

  test('the page lists every connector (306), finds one by name, key or category, and no connection yet', async () => {
    await catalog().getByText('306 connectors.').waitFor();
    for (const name of ['Auth0', 'Zapier', 'Example App', 'Example Helpdesk']) {
      await search().fill(name.toLowerCase());
      assert.equal(
        (await catalog()
          .getByRole('button', { name: new RegExp(`^${name}`) })
          .count()) >= 1,
        true,
        name,
      );
    }
    // A made-up one, without its accent: "Zürich …".
    await search().fill('zurich');
    assert.match((await catalog().getByRole('button').first().textContent()) ?? '', /Zürich/);
    await search().press('Escape');
    await catalog().getByText('306 connectors.').waitFor();
    assert.equal(await accounts().count(), 0);
  });

  test('a form connector: the rejected key is shown on its field, the good one connects, and the account is listed', async () => {
    await choose('Example App');
    await widget().getByRole('textbox', { name: 'API Key (required)' }).fill('sk_wrong_123');
    await widget().getByRole('button', { name: 'Connect Example App' }).click();
    const key = widget().getByRole('textbox', { name: 'API Key (required)' });
    await page.waitForFunction(() => {
      const w = document.querySelector('connect-catalog')?.shadowRoot?.querySelector('connect-widget');
      const form = w?.shadowRoot?.querySelector('connect-form[data-option="api-key"]');
      return form?.shadowRoot?.querySelector('input[aria-invalid="true"]');
    });
    const describedBy = (await key.getAttribute('aria-describedby')) ?? '';
    assert.match(describedBy, /\S/, 'the error is the field’s description');
    assert.match((await widget().getByText('Example App rejected this value').first().textContent()) ?? '', /Check it and try again/);
    assert.equal(await key.inputValue(), 'sk_wrong_123', 'what the user typed stays, to be fixed');
    assert.equal(demo.connections.size, 0);

    await key.fill('sk_live_good_456');
    await widget().getByRole('button', { name: 'Connect Example App' }).click();
    await widget().getByText('Connected to Example App.').first().waitFor();
    await page.locator('#status').getByText('Example App is connected').waitFor();
    await back();
    await accounts().filter({ hasText: 'API credentials' }).waitFor();
    assert.equal(await page.getByText('sk_live_good_456').count(), 0, 'the key is nowhere on the page');
    // Back returned focus to the card chosen.
    assert.match((await page.evaluate(() => document.querySelector('connect-catalog')!.shadowRoot!.activeElement?.textContent)) ?? '', /Example App/);
  });

  test('an OAuth connector: the user signs in and consents at the provider, and the account is listed', async () => {
    await choose('Example Helpdesk');
    await widget().getByLabel('Helpdesk subdomain').fill('acme');
    const popup = page.context().waitForEvent('page');
    await widget().getByRole('button', { name: 'Continue with Example Helpdesk' }).click();
    await signIn(await popup, { login: 'alice' });
    await widget().getByText('Connected to Example Helpdesk.').first().waitFor();
    await back();
    await accounts().filter({ hasText: 'Signed in as alice at acme' }).waitFor();
    assert.equal(await accounts().count(), 2, 'both accounts are listed');
    const badge = catalog().locator('.card[data-key="example-helpdesk"] [part=badge]');
    assert.equal(await badge.textContent(), 'Connected');
  });

  test('Reconnect updates the same connection, with its option locked; Add another makes a second one', async () => {
    const id = [...demo.connections.values()].find((c: { connector: string }) => c.connector === 'example-app')!.id as string;
    await catalog().getByRole('button', { name: 'Reconnect Example App: API credentials' }).click();
    await widget().getByRole('heading', { name: 'Connect Example App' }).waitFor();
    assert.equal(await widget().getByRole('radio').count(), 0, 'the option of the connection is locked: no option picker');
    await widget().getByRole('textbox', { name: 'API Key (required)' }).fill('sk_live_rotated_789');
    await widget().getByRole('button', { name: 'Connect Example App' }).click();
    await widget().getByText('Connected to Example App.').first().waitFor();
    assert.ok(demo.connections.get(id)?.reconnectedAt, 'the same connection was updated');
    await back();
    assert.equal(await accounts().count(), 2, 'no second connection');

    await catalog().getByRole('button', { name: 'Add another Example App account' }).click();
    await widget().getByRole('radio', { name: 'API Key Authentication' }).waitFor();
    assert.equal(await widget().getByRole('radio').count(), 2, 'a new connection: the user picks the option');
    await widget().getByRole('textbox', { name: 'API Key (required)' }).fill('sk_live_second_000');
    await widget().getByRole('button', { name: 'Connect Example App' }).click();
    await widget().getByText('Connected to Example App.').first().waitFor();
    await back();
    await accounts().nth(2).waitFor();
    await search().fill('example app');
    assert.equal(await catalog().locator('.card[data-key="example-app"] [part=badge]').textContent(), '2 accounts');
  });

  test('Disconnect deletes the connection in the app, and the account leaves the list', async () => {
    const before = await accounts().count();
    const [id] = [...demo.connections.values()].filter((c: { connector: string }) => c.connector === 'example-app').map((c: { id: string }) => c.id);
    const label = demo.connections.get(id)!.label as string;
    await catalog().locator(`[data-focus="disconnect:${id}"]`).click();
    await page.getByText('Example App is disconnected.').waitFor();
    assert.equal(demo.connections.has(id), false, 'the app deleted it');
    await page.waitForFunction((n) => document.querySelector('connect-catalog')!.shadowRoot!.querySelectorAll('[part=account]').length === n, before - 1);
    assert.equal(await catalog().locator(`[data-focus="disconnect:${id}"]`).count(), 0);
    assert.ok(
      (await catalog()
        .getByRole('button', { name: `Disconnect Example App: ${label}` })
        .count()) <= 1,
      'named by connector and account',
    );
    assert.equal(await catalog().locator('.card[data-key="example-app"] [part=badge]').textContent(), 'Connected');
  });
});

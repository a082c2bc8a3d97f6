// The script-tag build's chunks (fetched from next to dist/connect-widget.js when first needed), in
// Debian's Chromium: when one cannot be fetched, the element says so on screen and in a
// `connect-error` (code `network`), keeps what the user typed, and the next try fetches it again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch } from './helpers.js';

const root = new URL('../../', import.meta.url);
const EXAMPLE = JSON.parse(readFileSync(new URL('test/fixtures/connectors/integration-app-example.json', root), 'utf8'));
const TOKEN_AUTH = JSON.parse(readFileSync(new URL('test/fixtures/connectors/infisical-token-auth.json', root), 'utf8'));
const KEY = 'sk_chunk_test_1234';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chunks</title>
<script type="module" src="/page.js"></script></head><body><main id="widgets"></main></body></html>`;

const SCRIPT = `import '/dist/connect-widget.js';
window.events = [];
const record = (el) => { for (const type of ['connect-ready', 'connect-submit', 'connect-error']) el.addEventListener(type, (e) => window.events.push({ type, tag: el.localName, detail: e.detail, formDrawn: !!el.shadowRoot?.querySelector('connect-form')?.shadowRoot?.querySelector('input') })); };
const widget = document.createElement('connect-widget');
widget.connector = ${JSON.stringify(EXAMPLE)};
widget.option = 'api-key';
widget.setAttribute('token-endpoint', '/token');
record(widget);
document.getElementById('widgets').append(widget);
window.addCatalog = () => { const c = document.createElement('connect-catalog'); record(c); document.getElementById('widgets').append(c); };
`;

type Recorded = { type: string; tag: string; detail: Record<string, unknown>; formDrawn: boolean };
const events = (page: Page): Promise<Recorded[]> => page.evaluate(() => (window as unknown as { events: Recorded[] }).events);

/** Connect with a chunk it needs out of reach: the message on screen, one `connect-error` (`network`) without the key, and the key still typed. */
async function connectFailsOffline(page: Page, key: Locator): Promise<void> {
  await page.getByRole('button', { name: /connect/i }).click();
  await page.getByText('Could not reach the server. Check your connection and try again.').waitFor({ timeout: 10000 });
  const failed = (await events(page)).filter((e) => e.type === 'connect-error');
  assert.deepEqual(
    failed.map((e) => e.detail.code),
    ['network'],
  );
  assert.ok(!JSON.stringify(failed).includes(KEY));
  assert.equal(await key.inputValue(), KEY, 'what the user typed stays');
}

describe('a chunk of the script-tag build that cannot be fetched', () => {
  let browser: Browser;
  let server: Server;
  let origin = '';
  // POSTs that reached the token endpoint (it answers 404: only arriving matters here).
  let posted = 0;

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/token') posted++;
      if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      if (path === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(SCRIPT);
      if (/^\/dist\/connect-widget(\.[\w-]+\.[\w-]+)?\.js$/.test(path)) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(new URL(path.slice(1), root)));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (server) await new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  });

  test('the validator: the form is shown and typed into; Connect says the network failed and keeps the key; the next Connect fetches it and goes on', async () => {
    const context = await browser.newContext();
    await context.route(/connect-widget\.validator\./, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    await page.goto(origin);
    const key = page.getByRole('textbox', { name: 'API Key (required)' });
    await key.fill(KEY, { timeout: 10000 });
    // The form is a chunk too: connect-ready waited for it.
    assert.deepEqual(
      (await events(page)).filter((e) => e.type === 'connect-ready').map((e) => e.formDrawn),
      [true],
    );
    // The validator is fetched in the background after the first render: its failure is not news until it is needed.
    await page.waitForTimeout(200);
    assert.deepEqual(
      (await events(page)).filter((e) => e.type === 'connect-error'),
      [],
    );
    await connectFailsOffline(page, key);
    assert.equal((await events(page)).filter((e) => e.type === 'connect-submit').length, 0, 'nothing was sent');
    // Back online: the next Connect fetches the validator, validates and sends.
    await context.unroute(/connect-widget\.validator\./);
    await page.getByRole('button', { name: /connect/i }).click();
    await page.waitForFunction(() => (window as unknown as { events: Recorded[] }).events.some((e) => e.type === 'connect-submit'), undefined, { timeout: 10000 });
    await context.close();
  });

  test('the request code: Connect says the network failed, sends nothing and keeps the key; the next Connect fetches it and sends', async () => {
    const context = await browser.newContext();
    await context.route(/connect-widget\.request\./, (route) => route.abort('internetdisconnected'));
    posted = 0;
    const page = await context.newPage();
    await page.goto(origin);
    const key = page.getByRole('textbox', { name: 'API Key (required)' });
    await key.fill(KEY, { timeout: 10000 });
    // Fetched in the background once the form is drawn: its failure is not news until Connect needs it.
    await page.waitForTimeout(200);
    assert.deepEqual(
      (await events(page)).filter((e) => e.type === 'connect-error'),
      [],
    );
    await connectFailsOffline(page, key);
    assert.equal(posted, 0, 'nothing reached the token endpoint');
    // Back online: the next Connect fetches the code and sends.
    await context.unroute(/connect-widget\.request\./);
    await page.getByRole('button', { name: /connect/i }).click();
    await page.waitForFunction(() => (window as unknown as { events: Recorded[] }).events.filter((e) => e.type === 'connect-error').length === 2, undefined, { timeout: 10000 });
    assert.equal(posted, 1, 'the second Connect reached the token endpoint');
    await context.close();
  });

  test('the request code on its way longer than the request timeout: Connect ends as a timeout, and the key stays', async () => {
    const context = await browser.newContext();
    // Fetched but never answered.
    await context.route(/connect-widget\.request\./, () => {});
    posted = 0;
    const page = await context.newPage();
    await page.goto(origin);
    const key = page.getByRole('textbox', { name: 'API Key (required)' });
    await key.fill(KEY, { timeout: 10000 });
    await page.evaluate(() => ((document.querySelector('connect-widget') as HTMLElement & { timeout: number }).timeout = 1500));
    await page.getByRole('button', { name: /connect/i }).click();
    await page.waitForFunction(() => (window as unknown as { events: Recorded[] }).events.some((e) => e.type === 'connect-error'), undefined, { timeout: 10000 });
    assert.deepEqual(
      (await events(page)).filter((e) => e.type === 'connect-error').map((e) => e.detail.code),
      ['timeout'],
    );
    assert.equal(await key.inputValue(), KEY);
    assert.equal(posted, 0);
    await context.close();
  });

  test('the form: the widget says the network failed in its place and fires connect-error; submit() rejects with it; Try again fetches it, and focus lands in the form', async () => {
    const context = await browser.newContext();
    await context.route(/connect-widget\.form\./, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    await page.goto(origin);
    const widget = page.locator('connect-widget');
    await widget.getByRole('alert').getByText('Could not reach the server. Check your connection and try again.').waitFor({ timeout: 10000 });
    const errors = async () => (await events(page)).filter((e) => e.type === 'connect-error').map((e) => [e.tag, e.detail.code]);
    assert.deepEqual(await errors(), [['connect-widget', 'network']]);
    // The host's submit() does not send an option without its fields: it fetches the form again, and rejects when that fails too.
    const rejected = await page.evaluate(() =>
      document
        .querySelector('connect-widget')!
        .submit()
        .then(
          () => 'resolved',
          (e: { code: string }) => e.code,
        ),
    );
    assert.equal(rejected, 'network');
    assert.deepEqual(await errors(), [
      ['connect-widget', 'network'],
      ['connect-widget', 'network'],
    ]);
    assert.equal((await events(page)).filter((e) => e.type === 'connect-submit').length, 0, 'nothing was sent');
    // Back online: Try again (by keyboard) brings the form, with focus in its first field.
    await context.unroute(/connect-widget\.form\./);
    await widget.getByRole('button', { name: 'Try again' }).focus();
    await page.keyboard.press('Enter');
    const key = page.getByRole('textbox', { name: 'API Key (required)' });
    await key.waitFor({ timeout: 10000 });
    await page.waitForFunction(
      () => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.getAttribute('aria-label') === null && a?.localName === 'input';
      },
      undefined,
      { timeout: 10000 },
    );
    await page.keyboard.type(KEY);
    assert.equal(await key.inputValue(), KEY);
    assert.equal(await widget.getByText('Could not reach the server. Check your connection and try again.').count(), 0, 'the message is gone with the failure');
    await context.close();
  });

  test('the form, then another connector: the widget fetches the form again for it, without Try again', async () => {
    const context = await browser.newContext();
    await context.route(/connect-widget\.form\./, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    await page.goto(origin);
    const widget = page.locator('connect-widget');
    const offline = widget.getByText('Could not reach the server. Check your connection and try again.');
    await offline.waitFor({ timeout: 10000 });
    // Back online, the host shows another connector with fields: its form comes, the old failure goes.
    await context.unroute(/connect-widget\.form\./);
    await page.evaluate((connector) => {
      const el = document.querySelector('connect-widget')!;
      el.option = undefined;
      el.connector = connector;
    }, TOKEN_AUTH);
    await widget.getByRole('textbox', { name: 'Name' }).waitFor({ timeout: 10000 });
    assert.equal(await offline.count(), 0, 'the old failure is not said for the new connector');
    assert.equal(await widget.getByRole('button', { name: 'Try again' }).count(), 0);
    await context.close();
  });

  test('the catalog element: the <connect-catalog> says the network failed and fires connect-error; one added later fetches it again', async () => {
    const context = await browser.newContext();
    await context.route(/connect-widget\.catalog\./, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => customElements.get('connect-widget'));
    await page.evaluate(() => (window as unknown as { addCatalog(): void }).addCatalog());
    await page.locator('connect-catalog').getByRole('alert').getByText('Could not reach the server. Check your connection and try again.').waitFor({ timeout: 10000 });
    assert.deepEqual(
      (await events(page)).filter((e) => e.tag === 'connect-catalog').map((e) => [e.type, e.detail.code]),
      [['connect-error', 'network']],
    );
    await context.unroute(/connect-widget\.catalog\./);
    await page.evaluate(() => (window as unknown as { addCatalog(): void }).addCatalog());
    await page.waitForFunction(() => customElements.get('connect-catalog'), undefined, { timeout: 10000 });
    // Both elements upgrade: the first one's message is replaced by the catalog's own shadow root.
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('connect-catalog')].every((c) => c.shadowRoot !== null)), true);
    await context.close();
  });
});

// Takes the README's screenshot of the demo (docs/demo.png): one account connected, the dialog open
// on Example Helpdesk. Run with `npm run screenshot` after `npm run build`.
import { launch, start } from '../e2e/helpers.js';

const demo = await start();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 860 }, deviceScaleFactor: 1 });
  await page.goto(demo.url);
  await page.getByRole('button', { name: 'Connect Example App', exact: true }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'API Key (required)' }).fill('sk_live_demo');
  await page.getByRole('dialog').getByRole('button', { name: 'Connect Example App' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Connect Example Helpdesk' }).click();
  await page.getByRole('dialog').getByLabel('Helpdesk subdomain').fill('acme');
  await page.screenshot({ path: 'docs/demo.png' });
  console.log('docs/demo.png written');
} finally {
  await browser.close();
  await demo.close();
}

// Takes the README's screenshot of the demo (docs/demo.png): the Integrations page's catalog with one
// account connected. Run with `npm run screenshot` after `npm run build`.
import { launch, start } from '../e2e/helpers.js';

const demo = await start();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(demo.url);
  const catalog = page.locator('connect-catalog');
  await catalog.getByText('306 connectors.').waitFor();
  await catalog.getByRole('button', { name: /^Example App/ }).click();
  const widget = catalog.locator('connect-widget');
  await widget.getByRole('textbox', { name: 'API Key (required)' }).fill('sk_live_demo');
  await widget.getByRole('button', { name: 'Connect Example App' }).click();
  await widget.getByText('Connected to Example App.').first().waitFor();
  await catalog.getByRole('button', { name: 'Back', exact: true }).click();
  await catalog.locator('[part=account]').waitFor();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/demo.png' });
  console.log('docs/demo.png written');
} finally {
  await browser.close();
  await demo.close();
}

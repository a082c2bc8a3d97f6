import { expect, fixture, html } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ConnectCatalog } from '../../src/elements/catalog/catalog.js';
import type { ConnectWidget } from '../../src/elements/widget/widget.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import { generateConnectors } from '../../demo/generated-connectors.mjs';
import { clearRequests, connectors as fixtures, requests, root, until } from './helpers.js';

interface AxNode {
  role: string;
  name: string;
  focused?: boolean;
  children?: AxNode[];
}

const EVENTS = ['connect-select', 'connect-ready', 'connect-option-change', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel'];
type Seen = { name: string; detail: Record<string, unknown> }[];

const realConnectors = Object.values(fixtures) as unknown as { key: string; name: string }[];

/** A catalog inside a host `<div>` that records every connect-* event reaching it. */
async function mount(props: Partial<ConnectCatalog> & { connectors?: unknown }): Promise<{ el: ConnectCatalog; events: Seen; host: HTMLElement }> {
  const host = await fixture<HTMLDivElement>(html`<div class="host"></div>`);
  const events: Seen = [];
  for (const name of EVENTS) host.addEventListener(name, (e) => events.push({ name, detail: (e as CustomEvent).detail }));
  const el = document.createElement('connect-catalog');
  Object.assign(el, props);
  host.append(el);
  await el.updateComplete;
  await until(() => !!root(el).querySelector('.card, .empty, .alert:not([hidden]), [role=alert]'));
  await el.updateComplete;
  return { el, events, host };
}

const cards = (el: ConnectCatalog) => [...root(el).querySelectorAll<HTMLButtonElement>('.card')];
const card = (el: ConnectCatalog, key: string) => root(el).querySelector<HTMLButtonElement>(`.card[data-key="${key}"]`);
const shownKeys = (el: ConnectCatalog) => cards(el).map((c) => c.dataset.key!);
const searchBox = (el: ConnectCatalog) => root(el).querySelector<HTMLInputElement>('input[type=search]')!;
const liveRegion = (el: ConnectCatalog) => root(el).querySelector<HTMLElement>('[role=status][aria-live=polite]')!;
const focused = (el: ConnectCatalog) => root(el).activeElement as HTMLElement | null;
const widgetIn = (el: ConnectCatalog) => root(el).querySelector<ConnectWidget>('connect-widget');

/** Opens the example app's card inline and waits for its widget's API-key form. */
async function openApiKeyForm(el: ConnectCatalog, events: Seen): Promise<{ widget: ConnectWidget; form: ConnectForm }> {
  card(el, 'example-app')!.click();
  await el.updateComplete;
  const widget = widgetIn(el)!;
  await until(() => events.some((e) => e.name === 'connect-ready'));
  const form = root(widget).querySelector<ConnectForm>('connect-form[data-option="api-key"]')!;
  await form.updateComplete;
  return { widget, form };
}

async function search(el: ConnectCatalog, text: string) {
  const box = searchBox(el);
  box.focus();
  box.select();
  if (text) await sendKeys({ type: text });
  else await sendKeys({ press: 'Backspace' });
  await el.updateComplete;
}

const withLogos = () => [
  { ...fixtures['integration-app-example'], categories: ['Developer tools'], logoUri: `${location.origin}/docs/demo.png` },
  { ...fixtures['zapier-authentication'], categories: ['Automation'], logoUri: `${location.origin}/no-such-logo.png` },
  { ...fixtures['infisical-auth0-connection'], categories: ['Identity', 'Security'], logoUri: 'javascript:alert(1)' },
  fixtures['infisical-token-auth'],
  fixtures['infisical-integration-auth'],
  ...generateConnectors(20),
];

describe('<connect-catalog>', () => {
  beforeEach(async () => {
    await clearRequests();
    await setViewport({ width: 1000, height: 800 });
  });

  it('shows a grid of connectors: logo (a monogram when absent, failing or not http(s)), name and categories; axe-clean', async function () {
    this.timeout(30000); // the accessibility tree and axe over the whole grid, on a busy machine
    const { el, events } = await mount({ connectors: withLogos() });
    expect(shownKeys(el).slice(0, 5)).to.deep.equal(['example-app', 'zapier', 'auth0', 'infisical-token-auth', 'infisical-integration']);
    const example = card(el, 'example-app')!;
    await until(() => (example.querySelector('img') as HTMLImageElement | null)?.complete ?? false);
    expect(example.querySelector('img')!.getAttribute('src')).to.equal(`${location.origin}/docs/demo.png`);
    expect(example.querySelector('[part=categories]')!.textContent).to.equal('Developer tools');
    // A logo that fails to load becomes the monogram; a javascript: one is never put in an img.
    await until(() => !card(el, 'zapier')!.querySelector('img'));
    expect(card(el, 'zapier')!.querySelector('[part=monogram]')!.textContent).to.equal('ZA');
    expect(card(el, 'auth0')!.querySelector('img')).to.equal(null);
    expect(card(el, 'auth0')!.querySelector('[part=monogram]')!.textContent).to.equal('AU');
    expect(card(el, 'auth0')!.querySelector('[part=categories]')!.textContent).to.equal('Identity, Security');
    expect(events.filter((e) => e.name === 'connect-error')).to.deep.equal([]);

    // What assistive technology gets: a searchbox named "Search", a grid, each connector a button named by its name first.
    const tree = (await a11ySnapshot({})) as unknown as AxNode & { children: AxNode[] };
    expect(
      findAccessibilityNode<AxNode>(tree, (n) => n.role === 'searchbox' && n.name === 'Search'),
      'searchbox "Search"',
    ).to.not.equal(null);
    // (Puppeteer's snapshot leaves out the grid and its rows; axe below checks their roles and structure.)
    expect(root(el).querySelector('[role=grid]')!.getAttribute('aria-label')).to.equal('Connectors');
    for (const c of realConnectors) {
      const node = findAccessibilityNode<AxNode>(tree, (n) => n.role === 'button' && n.name.startsWith(c.name));
      expect(node, `a button whose name starts with "${c.name}"`).to.not.equal(null);
    }
    expect(liveRegion(el).textContent).to.equal('25 connectors.');
    await expect(el).to.be.accessible();
  });

  it('searches as you type over name, key and categories, accent- and case-insensitive, best first, and announces the count', async () => {
    const { el } = await mount({ connectors: withLogos() });
    await search(el, 'credit');
    // "Crédit Calendar" by its name, without the accent.
    expect(shownKeys(el)).to.deep.equal(['credit-calendar']);
    expect(liveRegion(el).textContent).to.equal('1 connector matches “credit”.');
    await search(el, 'ZAP');
    expect(shownKeys(el)).to.deep.equal(['zapier']);
    await search(el, 'infisical');
    // By key: infisical-token-auth and infisical-integration (names start "Infisical"), in list order.
    expect(shownKeys(el)).to.deep.equal(['infisical-token-auth', 'infisical-integration']);
    await search(el, 'security');
    expect(shownKeys(el)).to.deep.equal(['auth0'], 'by category');
    await search(el, 'pay');
    // Names with a word starting "pay" first, then the connectors whose category is Payments.
    const names = shownKeys(el).map((k) => withLogos().find((c) => c.key === k)!.name);
    const byName = names.filter((n) => /\bPay/.test(n)).length;
    expect(byName).to.be.greaterThan(0);
    expect(names.length).to.be.greaterThan(byName);
    expect(
      names.slice(0, byName).every((n) => /\bPay/.test(n)),
      names.join(', '),
    ).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('an empty state says what was searched; Escape in the search box clears it', async () => {
    const { el } = await mount({ connectors: withLogos() });
    await search(el, 'strp');
    expect(cards(el)).to.have.length(0);
    const empty = root(el).querySelector('[part=empty]')!;
    expect(empty.textContent).to.contain('No connectors match “strp”.');
    expect(liveRegion(el).textContent).to.equal('No connectors match “strp”.');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(searchBox(el).value).to.equal('');
    expect(cards(el).length).to.be.greaterThan(5);
    expect(focused(el)).to.equal(searchBox(el));
    expect(liveRegion(el).textContent).to.equal('25 connectors.');
  });

  it('a category filter, combined with the search', async () => {
    const { el } = await mount({ connectors: withLogos() });
    const select = root(el).querySelector<HTMLSelectElement>('select[part=category]')!;
    expect(select.labels![0]!.textContent!.trim()).to.match(/^Category/);
    expect([...select.options].map((o) => o.value)).to.include.members(['', 'Automation', 'Identity', 'Payments']);
    select.value = 'Payments';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const payments = withLogos()
      .filter((c) => (c as { categories?: string[] }).categories?.includes('Payments'))
      .map((c) => c.key);
    expect(shownKeys(el)).to.deep.equal(payments);
    expect(liveRegion(el).textContent).to.equal(`${payments.length} connectors in Payments.`);
    await search(el, 'zapier');
    expect(liveRegion(el).textContent).to.equal('No connectors match “zapier” in Payments.');
    root(el).querySelector<HTMLButtonElement>('[part=empty] button')!.click();
    await el.updateComplete;
    expect(liveRegion(el).textContent).to.equal('25 connectors.');
    expect(select.value).to.equal('');
  });

  it('keyboard: one tab stop into the grid, arrows move, Enter opens, Back returns focus to the connector chosen', async () => {
    const { el, events } = await mount({ connectors: withLogos(), tokenEndpoint: '/api/token/ok' });
    // Search box, category filter, then the grid.
    searchBox(el).focus();
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.getAttribute('part')).to.equal('category');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.dataset.key).to.equal('example-app');
    expect(cards(el).filter((c) => c.tabIndex === 0)).to.have.length(1);
    const cols = Number(root(el).querySelector('[role=grid]')!.getAttribute('aria-colcount'));
    expect(cols).to.be.greaterThan(1);
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)?.dataset.index).to.equal('1');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)?.dataset.index).to.equal(String(1 + cols));
    await sendKeys({ press: 'End' });
    expect(focused(el)?.dataset.index).to.equal(String(2 * cols - 1));
    await sendKeys({ press: 'Home' });
    expect(focused(el)?.dataset.index).to.equal(String(cols));
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)?.dataset.key).to.equal('zapier');
    expect(
      cards(el)
        .filter((c) => c.tabIndex === 0)
        .map((c) => c.dataset.key),
    ).to.deep.equal(['zapier'], 'the tab stop moved with focus');
    // Tab leaves the grid at once (one tab stop), Shift+Tab comes back to the same card.
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.classList.contains('card') ?? false).to.equal(false);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focused(el)?.dataset.key).to.equal('zapier');

    // Typing on a card goes on in the search box; ↓ from there comes back into the grid.
    await sendKeys({ type: 'za' });
    await el.updateComplete;
    expect(searchBox(el).value).to.equal('za');
    expect(shownKeys(el)).to.deep.equal(['zapier']);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)?.dataset.key).to.equal('zapier');

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(events.filter((e) => e.name === 'connect-select')).to.deep.equal([{ name: 'connect-select', detail: { connector: 'zapier' } }]);
    expect(el.selected).to.equal('zapier');
    expect(el.getAttribute('selected')).to.equal('zapier');
    await until(() => events.some((e) => e.name === 'connect-ready'));
    const back = root(el).querySelector<HTMLButtonElement>('[part=back]')!;
    expect(focused(el)).to.equal(back);
    expect(back.textContent!.replace(/\W+/g, ' ').trim()).to.equal('Back');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await until(() => focused(el)?.dataset.key === 'zapier');
    expect(el.hasAttribute('selected')).to.equal(false);
    expect(searchBox(el).value, 'the search is kept').to.equal('za');
  });

  it('right to left, the arrow keys follow the layout', async () => {
    const { el } = await mount({ connectors: withLogos() });
    el.dir = 'rtl';
    cards(el)[1]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)?.dataset.index).to.equal('0');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el)?.dataset.index).to.equal('2');
  });

  it('2000 connectors: only the rows on screen are in the DOM; scrolling, Ctrl+End and search reach any of them', async function () {
    this.timeout(30000);
    const many = generateConnectors(2000);
    const { el } = await mount({ connectors: many });
    expect(cards(el).length).to.be.within(1, 80);
    const grid = root(el).querySelector<HTMLElement>('[role=grid]')!;
    await until(() => grid.getAttribute('aria-colcount') !== '1', 5000);
    const cols = Number(grid.getAttribute('aria-colcount'));
    expect(grid.getAttribute('aria-rowcount')).to.equal(String(Math.ceil(2000 / cols)));
    expect(liveRegion(el).textContent).to.equal('2000 connectors.');

    // Scroll to the end: the last connector is drawn, at the bottom of the scroll box.
    grid.scrollTop = grid.scrollHeight;
    await until(() => !!card(el, many[1999]!.key));
    await el.updateComplete;
    const last = card(el, many[1999]!.key)!.getBoundingClientRect();
    const box = grid.getBoundingClientRect();
    expect(last.bottom).to.be.at.most(box.bottom + 1);
    expect(last.top).to.be.at.least(box.top - 1);
    expect(cards(el).length).to.be.within(1, 80);

    // Keyboard to the first and back to the last.
    card(el, many[1999]!.key)!.focus();
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Home' });
    await sendKeys({ up: 'Control' });
    await until(() => focused(el)?.dataset.index === '0');
    expect(focused(el)?.dataset.key).to.equal(many[0]!.key);
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'End' });
    await sendKeys({ up: 'Control' });
    await until(() => focused(el)?.dataset.index === '1999');
    // Scrolled away with the mouse, the focused card stays in the DOM: the grid keeps its tab stop.
    grid.scrollTop = 0;
    await until(() => !!card(el, many[0]!.key));
    await el.updateComplete;
    expect(focused(el)?.dataset.index).to.equal('1999');

    await search(el, 'zurich wiki 3');
    expect(shownKeys(el)[0]).to.equal('zurich-wiki-3');
    expect(liveRegion(el).textContent).to.match(/^\d+ connectors? match(es)? “zurich wiki 3”\.$/);
    await expect(el).to.be.accessible();
  });

  it('2000 connectors: the rows on screen are drawn with two more above and two below, not more; each card fills its cell', async function () {
    this.timeout(30000);
    const { el } = await mount({ connectors: generateConnectors(2000) });
    const grid = root(el).querySelector<HTMLElement>('[role=grid]')!;
    await until(() => grid.getAttribute('aria-colcount') !== '1', 5000);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await el.updateComplete;
    /**
     * The rows in the DOM, split by where they are against the grid's box: above it, on screen, below
     * it. Not counted: the row of the grid's tab stop (the first card here), which stays when scrolled away.
     */
    const rows = () => {
      const box = grid.getBoundingClientRect();
      const drawn = [...root(el).querySelectorAll<HTMLElement>('[role=row]:not(:has(.card[tabindex="0"]))')].map((row) => row.getBoundingClientRect());
      return {
        above: drawn.filter((r) => r.bottom <= box.top).length,
        shown: drawn.filter((r) => r.bottom > box.top && r.top < box.bottom).length,
        below: drawn.filter((r) => r.top >= box.bottom).length,
      };
    };
    expect(rows()).to.deep.equal({ above: 0, shown: rows().shown, below: 2 });
    expect(rows().shown).to.be.greaterThan(1);

    // Halfway down: two rows above the box and two below.
    grid.scrollTop = grid.scrollHeight / 2;
    await until(() => rows().above === 2);
    await el.updateComplete;
    expect(rows()).to.deep.equal({ above: 2, shown: rows().shown, below: 2 });

    // A card fills its cell (the cell is a plain block, so the card is sized by it, not by its text).
    for (const c of cards(el).slice(0, 8)) {
      const cell = c.parentElement!.getBoundingClientRect();
      const rect = c.getBoundingClientRect();
      expect([rect.width, rect.height]).to.deep.equal([cell.width, cell.height]);
    }
    // The monogram's initials are centred in it.
    const mono = root(el).querySelector<HTMLElement>('.monogram')!;
    const text = document.createRange();
    text.selectNodeContents(mono);
    const [m, t] = [mono.getBoundingClientRect(), text.getBoundingClientRect()];
    expect(Math.abs(t.left + t.width / 2 - (m.left + m.width / 2))).to.be.below(1.5);
    expect(Math.abs(t.top + t.height / 2 - (m.top + m.height / 2))).to.be.below(2.5);
  });

  it('clearing a search that matched a few: the cards fill the grown box in the same update, no blank rows for a frame', async () => {
    const { el } = await mount({ connectors: generateConnectors(100) });
    const grid = () => root(el).querySelector<HTMLElement>('[role=grid]')!;
    await until(() => grid().getAttribute('aria-colcount') !== '1', 5000);
    const box = searchBox(el);
    for (const text of ['zurich', 'acme an', 'xeno']) {
      box.value = text;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
      await el.updateComplete;
      // A frame or two: the box has shrunk to the few results, and the catalog has seen it.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await el.updateComplete;
      expect(grid().clientHeight, text).to.be.below(250);
      box.focus();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      const boxRect = grid().getBoundingClientRect();
      const lowest = Math.max(...[...root(el).querySelectorAll<HTMLElement>('[role=row]')].map((r) => r.getBoundingClientRect().bottom));
      expect(lowest, `after "${text}", cleared`).to.be.at.least(boxRect.bottom);
    }
  });

  it('a long name is cut at two lines with an ellipsis, never in the middle of a line; the card still names it whole', async () => {
    const long = {
      ...fixtures['zapier-authentication'],
      key: 'long',
      name: 'Extraordinarily Long Enterprise Resource Planning Integration Connector Name '.repeat(6).trim(),
      categories: ['Automation'],
    };
    const { el } = await mount({ connectors: [long, ...withLogos()] });
    await until(() => !!card(el, 'long'));
    await el.updateComplete;
    const name = card(el, 'long')!.querySelector<HTMLElement>('.name')!;
    const lineHeight = parseFloat(getComputedStyle(name).lineHeight);
    const box = name.getBoundingClientRect();
    const cardBox = card(el, 'long')!.getBoundingClientRect();
    // Two lines shown, whole: the name's box is two line boxes high and inside the card.
    expect(box.height / lineHeight, 'the name is two whole lines high').to.be.closeTo(2, 0.1);
    expect(box.bottom).to.be.at.most(cardBox.bottom);
    expect(name.scrollHeight).to.be.greaterThan(name.clientHeight, 'the rest of the name is cut');
    expect(card(el, 'long')!.textContent).to.contain(long.name);
  });

  it('the window narrows under a focused card: the columns change and focus stays on that connector', async () => {
    const { el } = await mount({ connectors: withLogos() });
    const grid = root(el).querySelector('[role=grid]')!;
    await until(() => Number(grid.getAttribute('aria-colcount')) > 2);
    const before = grid.getAttribute('aria-colcount');
    card(el, 'infisical-integration')!.focus();
    await setViewport({ width: 420, height: 800 });
    await until(() => grid.getAttribute('aria-colcount') !== before);
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    expect(focused(el)?.dataset.key).to.equal('infisical-integration');
    expect(
      cards(el)
        .filter((c) => c.tabIndex === 0)
        .map((c) => c.dataset.key),
    ).to.deep.equal(['infisical-integration']);
  });

  it('a narrow screen: one column, arrows move one by one', async () => {
    await setViewport({ width: 320, height: 640 });
    const { el } = await mount({ connectors: withLogos() });
    await until(() => root(el).querySelector('[role=grid]')!.getAttribute('aria-colcount') === '1');
    await el.updateComplete;
    cards(el)[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)?.dataset.index).to.equal('1');
    const a = cards(el)[0]!.getBoundingClientRect();
    expect(a.width).to.be.at.most(320);
    await expect(el).to.be.accessible();
  });

  it('connections: each account by its label (else "Connected"), needs-reconnect in words, Reconnect and Add another', async () => {
    const { el, events } = await mount({
      connectors: withLogos(),
      tokenEndpoint: '/api/token/ok',
      connections: [
        { connector: 'example-app', id: 'conn_a', label: 'Production', option: 'api-key' },
        { connector: 'example-app', id: 'conn_b', label: 'Staging', status: 'needs-reconnect' },
        { connector: 'zapier', id: 'conn_c' },
      ],
    });
    const accounts = [...root(el).querySelectorAll('[part=account]')].map((a) => a.textContent!.replace(/\s+/g, ' ').trim());
    expect(accounts[0]).to.match(/^Production Reconnect/);
    expect(accounts[1]).to.match(/^Staging Needs to be reconnected Reconnect/);
    expect(accounts[2]).to.match(/^Connected Reconnect/);
    expect(card(el, 'example-app')!.querySelector('[part=badge]')!.textContent).to.equal('2 accounts, 1 needs reconnect');
    expect(card(el, 'zapier')!.querySelector('[part=badge]')!.textContent).to.equal('Connected');
    expect(card(el, 'auth0')!.querySelector('[part=badge]')).to.equal(null);
    const tree = (await a11ySnapshot({})) as unknown as AxNode & { children: AxNode[] };
    expect(findAccessibilityNode<AxNode>(tree, (n) => n.role === 'button' && n.name === 'Reconnect Example App: Staging')).to.not.equal(null);
    expect(findAccessibilityNode<AxNode>(tree, (n) => n.role === 'button' && n.name === 'Add another Example App account')).to.not.equal(null);
    await expect(el).to.be.accessible();

    // Reconnect opens the widget with that connection's id; what it sends carries it.
    const reconnect = [...root(el).querySelectorAll<HTMLButtonElement>('[part=reconnect]')][1]!;
    reconnect.focus();
    reconnect.click();
    await el.updateComplete;
    const widget = widgetIn(el)!;
    expect(widget.connectionId).to.equal('conn_b');
    expect(widget.lockOption, 'no option on the connection: the user may pick one').to.equal(false);
    await until(() => events.some((e) => e.name === 'connect-ready'));
    root(el).querySelector<HTMLButtonElement>('[part=back]')!.click();
    await until(() => focused(el) !== null && focused(el)!.getAttribute('part') === 'reconnect');
    expect(focused(el)).to.equal([...root(el).querySelectorAll('[part=reconnect]')][1]);

    // A connection that names its option reopens that option, locked.
    [...root(el).querySelectorAll<HTMLButtonElement>('[part=reconnect]')][0]!.click();
    await el.updateComplete;
    expect([widgetIn(el)!.connectionId, widgetIn(el)!.option, widgetIn(el)!.lockOption]).to.deep.equal(['conn_a', 'api-key', true]);
    el.back();
    await el.updateComplete;

    // Add another: a new connection (no connection-id).
    root(el).querySelector<HTMLButtonElement>('[part=add-another]')!.click();
    await el.updateComplete;
    expect(widgetIn(el)!.connectionId).to.equal(undefined);
    expect(events.filter((e) => e.name === 'connect-select').map((e) => e.detail)).to.deep.equal([{ connector: 'example-app' }, { connector: 'example-app' }, { connector: 'example-app' }]);
  });

  it('allow-disconnect: each account offers Disconnect (named by connector and account); the host removes it and focus moves on', async () => {
    const connections = [
      { connector: 'example-app', id: 'conn_a', label: 'Production' },
      { connector: 'example-app', id: 'conn_b', label: 'Staging' },
      { connector: 'zapier', id: 'conn_c' },
    ];
    const plain = await mount({ connectors: withLogos(), connections });
    expect(root(plain.el).querySelector('[part=disconnect]'), 'no Disconnect unless the host allows it').to.equal(null);
    plain.host.remove();

    const { el, host } = await mount({ connectors: withLogos(), connections, allowDisconnect: true });
    expect(el.getAttribute('allow-disconnect')).to.equal('');
    const asked: unknown[] = [];
    // The host: removes the connection it is told about, then gives the catalog the new list.
    host.addEventListener('connect-disconnect', (e) => {
      asked.push(e.detail);
      el.connections = el.connections!.filter((c) => c.id !== e.detail.id);
    });
    const tree = (await a11ySnapshot({})) as unknown as AxNode & { children: AxNode[] };
    expect(findAccessibilityNode<AxNode>(tree, (n) => n.role === 'button' && n.name === 'Disconnect Example App: Staging')).to.not.equal(null);
    expect(findAccessibilityNode<AxNode>(tree, (n) => n.role === 'button' && n.name === 'Disconnect Zapier: Connected')).to.not.equal(null);
    await expect(el).to.be.accessible();

    // From the keyboard: focus Production's Disconnect, press Enter.
    root(el).querySelector<HTMLButtonElement>('[data-focus="disconnect:conn_a"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(asked).to.deep.equal([{ connector: 'example-app', id: 'conn_a' }]);
    expect([...root(el).querySelectorAll('[part=account] .label')].map((l) => l.textContent)).to.deep.equal(['Staging', 'Connected']);
    expect(focused(el)?.dataset.focus, "focus goes to the connector's next account").to.equal('reconnect:conn_b');
    expect(card(el, 'example-app')!.querySelector('[part=badge]')!.textContent).to.equal('Connected');

    // The last account of a connector: focus goes to the search box (the group is gone).
    root(el).querySelector<HTMLButtonElement>('[data-focus="disconnect:conn_c"]')!.click();
    await el.updateComplete;
    expect(focused(el)).to.equal(searchBox(el));
    expect(card(el, 'zapier')!.querySelector('[part=badge]')).to.equal(null);
    expect(asked).to.have.length(2);
  });

  it('the widget opens inline with everything forwarded, and its connect-* events reach the host once each', async () => {
    const headers = { 'X-CSRF-Token': 'csrf-1' };
    const { el, events } = await mount({
      connectors: withLogos(),
      tokenEndpoint: '/api/token/ok',
      headers,
      credentials: 'include',
      context: { projectId: 'p1' },
      redirectUri: '/callback.html',
      locale: 'en-GB',
      theme: 'dark',
    });
    card(el, 'example-app')!.click();
    await el.updateComplete;
    const widget = widgetIn(el)!;
    expect(widget.tokenEndpoint).to.equal('/api/token/ok');
    expect(widget.headers).to.equal(headers);
    expect(widget.credentials).to.equal('include');
    expect(widget.context).to.deep.equal({ projectId: 'p1' });
    expect(widget.redirectUri).to.equal('/callback.html');
    expect(widget.locale).to.equal('en-GB');
    expect(widget.theme).to.equal('dark');
    await until(() => events.some((e) => e.name === 'connect-ready'));
    const form = root(widget).querySelector('connect-form[data-option="api-key"]')!;
    const key = root(form).querySelector<HTMLInputElement>('input')!;
    key.value = 'sk_test_123';
    key.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const connection = await widget.submit();
    expect(connection.id).to.match(/^conn_/);
    const [req] = await requests();
    expect(req!.headers['x-csrf-token']).to.equal('csrf-1');
    expect(req!.body.context).to.deep.equal({ projectId: 'p1' });
    await until(() => events.some((e) => e.name === 'connect-success'));
    await new Promise((r) => setTimeout(r, 50));
    const counts = Object.fromEntries(EVENTS.map((n) => [n, events.filter((e) => e.name === n).length]));
    expect(counts).to.deep.equal({ 'connect-select': 1, 'connect-ready': 1, 'connect-option-change': 0, 'connect-submit': 1, 'connect-success': 1, 'connect-error': 0, 'connect-cancel': 0 });
  });

  it("the opened widget's parts are styled from outside the catalog: ::part(submit), ::part(input), ::part(title)", async () => {
    const style = document.createElement('style');
    style.textContent =
      'connect-catalog::part(submit) { outline: 3px dashed rgb(1, 2, 3); } connect-catalog::part(input) { border-color: rgb(4, 5, 6); } connect-catalog::part(title) { color: rgb(7, 8, 9); }';
    document.head.append(style);
    try {
      const { el, events } = await mount({ connectors: withLogos(), tokenEndpoint: '/api/token/ok' });
      const { widget, form } = await openApiKeyForm(el, events);
      expect(getComputedStyle(root(form).querySelector('[part~=submit]')!).outlineColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(root(form).querySelector('[part~=input]')!).borderTopColor).to.equal('rgb(4, 5, 6)');
      expect(getComputedStyle(root(widget).querySelector('[part~=title]')!).color).to.equal('rgb(7, 8, 9)');
    } finally {
      style.remove();
    }
  });

  it("the opened widget's own retry-after countdown is styled from outside the catalog: ::part(retry-after)", async () => {
    const style = document.createElement('style');
    style.textContent = 'connect-catalog::part(retry-after) { color: rgb(10, 11, 12); }';
    document.head.append(style);
    try {
      const { el, events } = await mount({ connectors: withLogos(), tokenEndpoint: '/api/token/error/zapier-429' });
      const { widget, form } = await openApiKeyForm(el, events);
      root(form).querySelector<HTMLInputElement>('[part~=input]')!.focus();
      await sendKeys({ type: 'sk_test_429' });
      await widget.submit().catch(() => undefined);
      await until(() => !!root(widget).querySelector('[part~=retry-after]'));
      expect(getComputedStyle(root(widget).querySelector('[part~=retry-after]')!).color).to.equal('rgb(10, 11, 12)');
    } finally {
      style.remove();
    }
  });

  it('select(key, { option }) and the selected attribute open a connector directly; an unknown key is said and reported', async () => {
    const { el, events } = await mount({ connectors: withLogos(), tokenEndpoint: '/api/token/ok' });
    el.select('example-app', { option: 'oauth' });
    await el.updateComplete;
    expect(widgetIn(el)!.option).to.equal('oauth');
    await until(() => events.some((e) => e.name === 'connect-ready'));
    expect(events.find((e) => e.name === 'connect-ready')!.detail).to.deep.equal({ connector: 'example-app', option: 'oauth' });
    el.back();
    await el.updateComplete;

    el.setAttribute('selected-option', 'api-key');
    el.setAttribute('selected', 'example-app');
    await el.updateComplete;
    expect(widgetIn(el)!.option).to.equal('api-key');
    el.removeAttribute('selected');
    await el.updateComplete;
    expect(widgetIn(el), 'removing selected goes back to the grid').to.equal(null);

    el.setAttribute('selected', 'no-such-connector');
    await el.updateComplete;
    // (The OAuth option opened above without a redirect-uri has already reported its own configuration error, at once.)
    const unknown = () => events.find((e) => e.name === 'connect-error' && String((e.detail as { message?: unknown }).message).includes('no-such-connector'));
    await until(() => !!unknown());
    expect(unknown()!.detail).to.deep.equal({ code: 'configuration', message: 'There is no connector “no-such-connector” in this catalog.' });
    expect(root(el).querySelector('[part=alert]')!.textContent).to.equal('There is no connector “no-such-connector” in this catalog.');
    expect(widgetIn(el)).to.equal(null);
    expect(el.hasAttribute('selected')).to.equal(false);
    // A good deep link afterwards: the message is gone.
    el.select('zapier');
    el.back();
    await el.updateComplete;
    expect(root(el).querySelector<HTMLElement>('[part=alert]')!.hidden).to.equal(true);
  });

  it('a deep link set before the list arrives (connectors-url) opens once it is loaded', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const selected: string[] = [];
    host.addEventListener('connect-select', (e) => selected.push(e.detail.connector));
    const el = document.createElement('connect-catalog');
    el.connectorsUrl = '/api/connectors';
    host.append(el);
    el.select('zapier');
    await until(() => !!widgetIn(el));
    expect(selected).to.deep.equal(['zapier']);
  });

  it('connect-select can be prevented: the host handles the choice itself', async () => {
    const { el, host, events } = await mount({ connectors: withLogos() });
    host.addEventListener('connect-select', (e) => e.preventDefault());
    card(el, 'zapier')!.click();
    await el.updateComplete;
    expect(events.filter((e) => e.name === 'connect-select').map((e) => e.detail.connector)).to.deep.equal(['zapier']);
    expect(widgetIn(el)).to.equal(null);
    expect(el.hasAttribute('selected')).to.equal(false);
    // Not prevented, the same click opens the widget: the two assertions above are the prevention's doing.
    const { el: other } = await mount({ connectors: withLogos() });
    card(other, 'zapier')!.click();
    await other.updateComplete;
    expect(widgetIn(other)).to.not.equal(null);
    expect(other.hasAttribute('selected')).to.equal(true);
  });

  it('mode="modal": the widget opens in the dialog; its events reach the host once each; closing returns focus to the card', async () => {
    const { el, events } = await mount({ connectors: withLogos(), tokenEndpoint: '/api/token/ok', mode: 'modal' });
    card(el, 'zapier')!.focus();
    card(el, 'zapier')!.click();
    await el.updateComplete;
    const dialog = root(el).querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.getAttribute('aria-label')).to.equal('Connect Zapier');
    // Milliseconds on a quiet machine; a fresh clone's first run, 14 files at once, once took over 3 s.
    await until(() => events.some((e) => e.name === 'connect-ready'), 10000);
    dialog.querySelector<HTMLButtonElement>('button[part=close]')!.click();
    await until(() => !root(el).querySelector('dialog'));
    await until(() => focused(el)?.dataset.key === 'zapier');
    await new Promise((r) => setTimeout(r, 50));
    expect(events.map((e) => e.name)).to.deep.equal(['connect-select', 'connect-ready', 'connect-cancel']);
    expect(el.hasAttribute('selected')).to.equal(false);
  });

  it('bad input: a list that is not an array, broken entries, a URL that fails, bad connections: said on screen and in connect-error', async () => {
    let { el, events } = await mount({ connectors: { nope: true } });
    await until(() => events.length > 0);
    expect(root(el).querySelector('[role=alert]')!.textContent).to.equal('The connector list must be a JSON array of connector definitions.');
    expect(events[0]!.detail.code).to.equal('invalid-connector');

    ({ el, events } = await mount({ connectors: [fixtures['zapier-authentication'], { key: 'broken', name: 'Broken' }], connections: [{ connector: 'zapier' }] as never }));
    await until(() => events.length >= 2);
    expect(shownKeys(el)).to.deep.equal(['zapier']);
    const alert = root(el).querySelector('[part=alert]')!.textContent!;
    expect(alert).to.contain('One connector cannot be shown: connectors[1] (key "broken"): auth is missing.');
    expect(alert).to.contain('Some connections cannot be shown: connections[0] needs a connector key and an id (strings).');
    expect(events.map((e) => e.detail.code).sort()).to.deep.equal(['configuration', 'invalid-connector']);
    await expect(el).to.be.accessible();

    ({ el, events } = await mount({ connectorsUrl: '/no/such/list.json' } as Partial<ConnectCatalog>));
    await until(() => events.length > 0);
    expect(root(el).querySelector('[role=alert]')!.textContent).to.equal('The connector list could not be loaded from /no/such/list.json: the server answered 404.');
  });
});

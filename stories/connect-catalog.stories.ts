import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect } from 'storybook/test';
import type { ConnectCatalog } from '../src/elements/catalog/catalog.js';
import type { CatalogConnection } from '../src/core/catalog.js';
import { generateConnectors } from '../demo/generated-connectors.mjs';
import { connectors, until } from './support.js';

interface CatalogArgs {
  connectors?: unknown;
  connectorsUrl?: string;
  connections?: CatalogConnection[];
  allowDisconnect?: boolean;
  mode?: 'inline' | 'modal';
  selected?: string;
  tokenEndpoint?: string;
  redirectUri?: string;
  theme?: 'light' | 'dark' | 'auto';
  width?: string;
}

/** The real fixtures with categories, then made-up connectors (demo/generated-connectors.mjs). */
const catalog = (generated: number) => [
  { ...connectors.example, categories: ['Developer tools'] },
  { ...connectors.helpdesk, categories: ['Support'] },
  { ...connectors.zapier, categories: ['Automation'] },
  { ...connectors.auth0, categories: ['Identity', 'Security'] },
  { ...connectors.tokenAuth, categories: ['Security'] },
  { ...connectors.integration, categories: ['Security'] },
  ...generateConnectors(generated),
];

/**
 * `<connect-catalog>`: many connectors, a search box and a category filter, the accounts already
 * connected, and the widget of the connector chosen. The grid renders only the rows on screen.
 */
const meta: Meta<CatalogArgs> = {
  title: 'connect-catalog',
  component: 'connect-catalog',
  args: { connectors: catalog(40), tokenEndpoint: '/api/token/ok', redirectUri: '/callback.html' },
  // The Actions panel logs the catalog's connect-select beside the widget's events.
  parameters: {
    actions: { handles: ['connect-select', 'connect-disconnect', 'connect-ready', 'connect-option-change', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel'] },
  },
  argTypes: {
    connectors: { control: 'object' },
    connections: { control: 'object' },
    mode: { control: 'inline-radio', options: ['inline', 'modal'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  },
  render: (args) => html`<div class=${args.width ? 'narrow' : ''} style=${ifDefined(args.width ? `max-width: ${args.width}` : undefined)}>
    <connect-catalog
      .connectors=${args.connectors}
      connectors-url=${ifDefined(args.connectorsUrl)}
      .connections=${args.connections}
      ?allow-disconnect=${args.allowDisconnect ?? false}
      mode=${ifDefined(args.mode)}
      selected=${ifDefined(args.selected)}
      token-endpoint=${ifDefined(args.tokenEndpoint)}
      redirect-uri=${ifDefined(args.redirectUri)}
      theme=${ifDefined(args.theme)}
    ></connect-catalog>
  </div>`,
};
export default meta;
type Story = StoryObj<CatalogArgs>;

const catalogIn = (canvas: HTMLElement) => canvas.querySelector('connect-catalog') as ConnectCatalog;
const shadow = (canvas: HTMLElement) => catalogIn(canvas).shadowRoot!;
const text = (canvas: HTMLElement) => shadow(canvas).textContent!.replace(/\s+/g, ' ');
const cards = (canvas: HTMLElement) => [...shadow(canvas).querySelectorAll<HTMLButtonElement>('.card')];

/** Types into the search box as a user does: the value, then its input event. */
async function search(canvas: HTMLElement, value: string) {
  const box = await until(() => shadow(canvas).querySelector<HTMLInputElement>('input[type=search]'), 'the search box');
  box.focus();
  box.value = value;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await catalogIn(canvas).updateComplete;
}

const connections: CatalogConnection[] = [
  { connector: 'example-app', id: 'conn_1', label: 'Production workspace' },
  { connector: 'example-app', id: 'conn_2', label: 'Staging workspace' },
  { connector: 'zapier', id: 'conn_3' },
  { connector: 'example-helpdesk', id: 'conn_4', label: 'acme.helpdesk.example', status: 'needs-reconnect' },
];

// ---- the grid ----

/** Connectors with their logos (a monogram when there is none), names and categories. */
export const Grid: Story = {
  name: 'Grid of connectors',
  play: async ({ canvasElement }) => {
    await until(() => cards(canvasElement).length > 0, 'the cards');
    await expect(text(canvasElement)).toContain('46 connectors.');
  },
};

/** Search as you type: accent- and case-insensitive, best matches first, the count announced. */
export const SearchWithResults: Story = {
  name: 'Search with results',
  play: async ({ canvasElement }) => {
    await search(canvasElement, 'pay');
    await expect(text(canvasElement)).toMatch(/\d+ connectors match “pay”\./);
  },
};

/** Nothing matches: the empty state says what was searched, and offers to clear it. */
export const SearchWithoutResults: Story = {
  name: 'Search without results',
  play: async ({ canvasElement }) => {
    await search(canvasElement, 'strp');
    await expect(text(canvasElement)).toContain('No connectors match “strp”.');
    await expect(text(canvasElement)).toContain('Clear search');
  },
};

/** The category filter (here Payments). */
export const Categories: Story = {
  name: 'Filtered by category',
  play: async ({ canvasElement }) => {
    const select = await until(() => shadow(canvasElement).querySelector<HTMLSelectElement>('select'), 'the category filter');
    select.value = 'Payments';
    select.dispatchEvent(new Event('change'));
    await catalogIn(canvasElement).updateComplete;
    await expect(text(canvasElement)).toMatch(/\d+ connectors in Payments\./);
  },
};

// ---- connections ----

/** Connected accounts: by label (or "Connected"), with Reconnect; "Add another"; badges on the cards. */
export const Connected: Story = {
  name: 'Connected accounts',
  args: { connections: [{ connector: 'zapier', id: 'conn_3' }] },
  play: async ({ canvasElement }) => {
    await until(() => text(canvasElement).includes('Connected accounts'), 'the accounts');
    await expect(shadow(canvasElement).querySelector('.card[data-key="zapier"] [part=badge]')!.textContent).toBe('Connected');
  },
};

/** An account whose `status` is `needs-reconnect`: said in words, on the account and on the card. */
export const NeedsReconnect: Story = {
  name: 'Needs reconnect',
  args: { connections: [{ connector: 'example-helpdesk', id: 'conn_4', label: 'acme.helpdesk.example', status: 'needs-reconnect' }] },
  play: async ({ canvasElement }) => {
    await until(() => text(canvasElement).includes('Needs to be reconnected'), 'the status');
    await expect(shadow(canvasElement).querySelector('.card[data-key="example-helpdesk"] [part=badge]')!.textContent).toBe('Needs reconnect');
  },
};

/** Several accounts of one connector, each with its own Reconnect, and others. */
export const SeveralAccounts: Story = {
  name: 'Several accounts of one connector',
  args: { connections },
  play: async ({ canvasElement }) => {
    await until(() => text(canvasElement).includes('Staging workspace'), 'the accounts');
    await expect(shadow(canvasElement).querySelectorAll('[part=reconnect]').length).toBe(4);
  },
};

/**
 * `allow-disconnect`: each account also offers Disconnect. The host removes the account (here the
 * story does, as a host's `connect-disconnect` listener would) and focus moves to the next account.
 */
export const Disconnect: Story = {
  name: 'Disconnect an account',
  args: { connections, allowDisconnect: true },
  play: async ({ canvasElement }) => {
    const el = catalogIn(canvasElement);
    el.addEventListener('connect-disconnect', (e) => (el.connections = el.connections!.filter((c) => c.id !== e.detail.id)));
    const button = await until(() => shadow(canvasElement).querySelector<HTMLButtonElement>('[data-focus="disconnect:conn_2"]'), 'Disconnect');
    await expect(shadow(canvasElement).querySelectorAll('[part=disconnect]').length).toBe(4);
    button.click();
    await until(() => !text(canvasElement).includes('Staging workspace'), 'the account removed');
    await expect(shadow(canvasElement).querySelectorAll('[part=disconnect]').length).toBe(3);
  },
};

// ---- the connector chosen ----

/** A connector chosen: its widget inline, with Back. */
export const Chosen: Story = {
  name: 'Connector chosen',
  args: { selected: 'example-app' },
  play: async ({ canvasElement }) => {
    const widget = await until(() => shadow(canvasElement).querySelector('connect-widget'), 'the widget');
    await until(() => widget.shadowRoot?.textContent?.includes('Connect Example App'), 'the widget ready');
  },
};

/** `mode="modal"`: the widget in `openConnect`'s dialog. */
export const ChosenInDialog: Story = {
  name: 'Connector chosen, in a dialog',
  args: { mode: 'modal' },
  play: async ({ canvasElement }) => {
    const card = await until(() => shadow(canvasElement).querySelector<HTMLButtonElement>('.card[data-key="example-app"]'), 'the card');
    card.click();
    const dialog = await until(() => shadow(canvasElement).querySelector('dialog'), 'the dialog');
    await until(() => dialog.querySelector('connect-widget')?.shadowRoot?.textContent?.includes('Connect Example App'), 'the widget ready');
  },
};

// ---- size, screens, themes ----

/** 2000 connectors: only the rows on screen are drawn. */
export const TwoThousandConnectors: Story = {
  name: 'Two thousand connectors',
  args: { connectors: catalog(1994), connections },
  play: async ({ canvasElement }) => {
    await until(() => text(canvasElement).includes('2000 connectors.'), 'the count');
    await expect(cards(canvasElement).length).toBeLessThan(100);
  },
};

/** A narrow screen (20rem): one column. */
export const NarrowScreen: Story = {
  name: 'Narrow screen',
  args: { width: '20rem', connections },
  play: async ({ canvasElement }) => {
    await until(() => shadow(canvasElement).querySelector('[role=grid]')?.getAttribute('aria-colcount') === '1', 'one column');
  },
};

/** `theme="dark"`, on a dark page. */
export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', connections },
  decorators: [(story) => html`<div style="background:#111;padding:1rem">${story()}</div>`],
  play: async ({ canvasElement }) => {
    await until(() => cards(canvasElement).length > 0, 'the cards');
    await expect(catalogIn(canvasElement).getAttribute('theme')).toBe('dark');
  },
};

/** A list that could not be loaded (`connectors-url` answered 404): said on screen and in `connect-error`. */
export const ListNotFound: Story = {
  name: 'List not found',
  args: { connectors: undefined, connectorsUrl: '/api/connectors/missing' },
  play: async ({ canvasElement }) => {
    await until(() => text(canvasElement).includes('could not be loaded'), 'the message');
    await expect(text(canvasElement)).toContain('the server answered 404');
  },
};

/** Some entries of the list are broken: the others are shown, the broken ones named. */
export const BrokenEntries: Story = {
  name: 'Broken entries',
  args: { connectors: [...catalog(10), { key: 'broken', name: 'Broken' }] },
  play: async ({ canvasElement }) => {
    await until(() => text(canvasElement).includes('One connector cannot be shown'), 'the message');
  },
};

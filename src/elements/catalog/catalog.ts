/** `<connect-catalog>`: renders the catalog's search over many connectors (src/core/catalog.ts owns the rules) and opens `<connect-widget>` for the one chosen. */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  badgeOf,
  categoriesOf,
  connectionLabel,
  monogram,
  NEEDS_RECONNECT,
  parseCatalog,
  parseConnections,
  resultSummary,
  createCatalogSearch,
  type CatalogConnection,
  type CatalogEntry,
} from '../../core/catalog.js';
import { loadJson } from '../../core/load.js';
import type { JsonValue } from '../../core/json.js';
import type { HeadersInput } from '../../core/transport.js';
import { openConnect } from '../../open.js';
import { ConnectDisconnectEvent, ConnectErrorEvent, ConnectSelectEvent, type ConnectErrorDetail } from '../../events.js';
import { catalogStyles } from './catalog.styles.js';
import { WIDGET_PARTS } from '../widget/widget.js';
import { LocaleController } from '../locale.js';
import type { Messages } from '../../core/i18n/format.js';

/** Rows drawn above and below the visible ones, so that a fast scroll shows no blank. */
const OVERSCAN_ROWS = 2;
/** A card's smallest width and the gap between cards (px): how many columns fit. */
const MIN_CARD_WIDTH = 200;
const GAP = 12;
/** A row's height until the first row is measured (px; the styles say 7.25rem). */
const DEFAULT_ROW_HEIGHT = 116;
/** Rows drawn before the grid's height is known. */
const FIRST_PAINT_ROWS = 6;

/** What an open connector came from, so that Back returns focus there. */
type Origin = { kind: 'card'; key: string } | { kind: 'reconnect'; id: string; key: string } | { kind: 'add'; key: string };

/** The connector on screen (inline) or in the dialog (modal). */
interface Opened {
  entry: CatalogEntry;
  option?: string;
  lockOption?: boolean;
  connectionId?: string;
  origin: Origin;
}

/**
 * A searchable grid of connectors that opens `<connect-widget>` for the one the user picks, and
 * lists the accounts already connected with Reconnect and Add another.
 *
 * Only the rows on screen are in the DOM (a virtual grid): 2000 connectors render, scroll and
 * filter as fast as 100. Keyboard: one tab stop into the grid, arrow keys, Home/End (Ctrl for the
 * first/last), Page Up/Down move; Enter opens; Escape in the search box clears it.
 *
 * @tagname connect-catalog
 * @summary Find a connector among many, and manage the accounts already connected.
 * @event connect-select - `{ connector }` when a connector is chosen, before its widget opens; cancelable.
 * @event connect-disconnect - `{ connector, id }` when the user presses an account's Disconnect (with `allow-disconnect`); the host removes the connection and updates `connections`.
 * @event connect-error - `{ code, message }` when the connector list or `connections` cannot be used, or `selected` names no connector. The opened widget's own `connect-*` events reach the host as they are.
 * @csspart catalog - The grid view: accounts, search, results.
 * @csspart accounts - The connected accounts section.
 * @csspart account - One connected account (its label, status and Reconnect).
 * @csspart reconnect - An account's Reconnect button.
 * @csspart disconnect - An account's Disconnect button (with `allow-disconnect`).
 * @csspart needs-reconnect - The "Needs to be reconnected" text of an account.
 * @csspart add-another - A connected connector's "Add another" button.
 * @csspart toolbar - The search box and the category filter.
 * @csspart search - The search box.
 * @csspart category - The category filter.
 * @csspart count - The number of results (a polite live region), or the empty state's sentence.
 * @csspart empty - The empty state: what was searched, and Clear search.
 * @csspart alert - Problems with the connector list or the connections (and the opened widget's alert).
 * @csspart grid - The scrolling grid of connectors.
 * @csspart card - One connector (a button).
 * @csspart logo - A connector's logo image.
 * @csspart monogram - The initials drawn when a connector has no logo, or it failed to load.
 * @csspart name - A connector's name.
 * @csspart categories - A connector's categories.
 * @csspart badge - "Connected", "2 accounts", "Needs reconnect" on a card.
 * @csspart opened - The inline view of the chosen connector: Back and the widget.
 * @csspart back - The Back button.
 *
 * The opened `<connect-widget>`'s parts (its own, its form's and its option picker's: `submit`,
 * `input`, `option`, …) are forwarded under their own names, so `connect-catalog::part(submit)`
 * styles the widget's Connect button.
 * @cssproperty --connect-catalog-height - The grid's largest height before it scrolls (default 30rem).
 * @cssproperty --connect-color-accent - Focus rings, links, hovered cards.
 * @cssproperty --connect-color-border - Inputs' and buttons' borders.
 * @cssproperty --connect-color-border-subtle - Cards' borders.
 * @cssproperty --connect-color-danger - Problems and "Needs reconnect".
 * @cssproperty --connect-color-muted - Categories and the result count.
 * @cssproperty --connect-color-success - The "Connected" badge.
 * @cssproperty --connect-color-surface - Background.
 * @cssproperty --connect-color-text - Text.
 * @cssproperty --connect-font - The font shorthand.
 * @cssproperty --connect-radius - Corner radius.
 */
export class ConnectCatalog extends LitElement {
  static override styles = catalogStyles;

  static override properties = {
    connectors: { attribute: false },
    connectorsUrl: { attribute: 'connectors-url' },
    connections: { attribute: false },
    allowDisconnect: { type: Boolean, attribute: 'allow-disconnect', reflect: true },
    selected: { reflect: true },
    selectedOption: { attribute: 'selected-option' },
    mode: { reflect: true },
    tokenEndpoint: { attribute: 'token-endpoint' },
    headers: { attribute: false },
    credentials: {},
    context: { attribute: false },
    redirectUri: { attribute: 'redirect-uri' },
    locale: {},
    messages: { attribute: false },
    theme: { reflect: true },
  };

  /** The connector definitions, each with optional `categories` (takes precedence over `connectors-url`). */
  declare connectors: unknown;
  /** A URL serving the connector definitions as a JSON array. */
  declare connectorsUrl: string | undefined;
  /** The host's existing connections, `[{ connector, id, label?, status?, option? }]`; several per connector allowed. */
  declare connections: CatalogConnection[] | undefined;
  /** Each connected account also offers Disconnect, which emits `connect-disconnect` (the host removes it). */
  declare allowDisconnect: boolean;
  /** The key of the connector shown (a deep link when the host sets it); reflects, and is removed on Back. */
  declare selected: string | undefined;
  /** The option the `selected` connector opens with. */
  declare selectedOption: string | undefined;
  /** `inline` (default): the widget replaces the grid, with a Back button; `modal`: it opens in `openConnect`'s dialog. */
  declare mode: 'inline' | 'modal';
  /** Forwarded to the widget: the URL the gathered fields are POSTed to. */
  declare tokenEndpoint: string | undefined;
  /** Forwarded to the widget: extra request headers, or a function returning them. */
  declare headers: HeadersInput | undefined;
  /** Forwarded to the widget: fetch credentials mode, `same-origin` (default) or `include`. */
  declare credentials: 'same-origin' | 'include' | undefined;
  /** Forwarded to the widget: host-fixed values. */
  declare context: Record<string, JsonValue> | undefined;
  /** Forwarded to the widget: the OAuth redirect URI. */
  declare redirectUri: string | undefined;
  /** UI language (BCP 47) of the catalog and the widgets it opens; `ar` sets `dir="rtl"` unless the page set `dir`. */
  declare locale: string | undefined;
  /** Overrides of any catalog string by id (`{ "catalog.search": "Find" }`); passed on to the widgets it opens. */
  declare messages: Partial<Messages> | undefined;
  /** `light`, `dark` or `auto`; forwarded to the widget. */
  declare theme: 'light' | 'dark' | 'auto' | undefined;

  private phase: 'empty' | 'loading' | 'failed' | 'ready' = 'empty';
  private entries: CatalogEntry[] = [];
  private byKey = new Map<string, CatalogEntry>();
  private categories: { name: string; count: number }[] = [];
  private connected = new Map<string, CatalogConnection[]>();
  private listProblem = '';
  private connectionsProblem = '';
  private selectProblem = '';
  private query = '';
  private category = '';
  private results: CatalogEntry[] = [];
  private search = createCatalogSearch([]);
  private summaryQuery: { text?: string; category?: string } = {};
  private readonly i18n = new LocaleController(this);
  private active = 0;
  private opened?: Opened;
  private pendingSelect?: { key: string; option?: string };
  private readonly failedLogos = new Set<string>();
  private readonly monograms = new Map<string, { initials: string; tone: number }>();
  private loadSeq = 0;
  /** The account whose Disconnect was pressed: when `connections` comes back without it, focus moves on. */
  private disconnecting?: { key: string; id: string };
  // The virtual grid's geometry: columns, row height, the scroll position and height of its box.
  private cols = 1;
  private rowHeight = DEFAULT_ROW_HEIGHT;
  private gridTop = 0;
  private viewportHeight = 0;
  private rendered: [number, number] = [0, -1];
  private resizeObserver?: ResizeObserver;
  private measureFrame = 0;
  private observed?: Element;

  constructor() {
    super();
    this.mode = 'inline';
    this.allowDisconnect = false;
  }

  /**
   * Opens a connector directly (a deep link from the host's page), with an option when given.
   * Waits for the connector list when it is still loading.
   */
  select(key: string, options: { option?: string } = {}): void {
    if (this.phase !== 'ready') {
      this.pendingSelect = { key, option: options.option };
      return;
    }
    this.open(key, { option: options.option, origin: { kind: 'card', key } });
  }

  /** Back to the grid, focus on the connector that was open (what the Back button does). */
  back(): void {
    const origin = this.opened?.origin;
    this.opened = undefined;
    this.selected = undefined;
    this.requestUpdate();
    void this.updateComplete.then(() => this.restoreFocus(origin));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.observed = undefined;
    cancelAnimationFrame(this.measureFrame);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connectors') || changed.has('connectorsUrl')) void this.load();
    if (changed.has('connections')) {
      const { byConnector, problems } = parseConnections(this.connections);
      this.connected = byConnector;
      const problem = problems.length ? this.i18n.translator.t('catalog.connectionsProblem', { problems: problems.join('; ') }) : '';
      if (problem && problem !== this.connectionsProblem) this.report({ code: 'configuration', message: problem });
      this.connectionsProblem = problem;
    }
    if ((changed.has('selected') || changed.has('selectedOption')) && this.selected && this.selected !== this.opened?.entry.key) {
      this.select(this.selected, { option: this.selectedOption });
    } else if (changed.has('selected') && !this.selected && this.opened && this.mode !== 'modal') {
      // The host removed `selected`: back to the grid.
      this.opened = undefined;
    }
  }

  private async load(): Promise<void> {
    const seq = ++this.loadSeq;
    let input: unknown = this.connectors;
    if (input === undefined && this.connectorsUrl) {
      this.phase = 'loading';
      this.requestUpdate();
      const loaded = await loadJson((url, init) => fetch(url, init), this.connectorsUrl);
      if (seq !== this.loadSeq) return;
      if (!loaded.ok) {
        this.phase = 'failed';
        const { t } = this.i18n.translator;
        const why = 'status' in loaded ? t('widget.answeredStatus', { status: String(loaded.status) }) : 'notJson' in loaded ? t('widget.notJson') : loaded.error.message;
        this.listProblem = t('catalog.listNotLoaded', { url: this.connectorsUrl, reason: why });
        this.requestUpdate();
        this.report({ code: 'invalid-connector', message: this.listProblem });
        return;
      }
      input = loaded.value;
    }
    if (seq !== this.loadSeq) return;
    if (input === undefined) {
      this.phase = 'empty';
      this.requestUpdate();
      return;
    }
    const { entries, problems, fatal } = parseCatalog(input);
    this.entries = entries;
    this.search = createCatalogSearch(entries);
    this.byKey = new Map(entries.map((e) => [e.key, e]));
    this.categories = categoriesOf(entries);
    if (this.category && !this.categories.some((c) => c.name === this.category)) this.category = '';
    this.phase = fatal || (!entries.length && problems.length) ? 'failed' : 'ready';
    const list = problems.join('; ');
    this.listProblem = fatal
      ? fatal
      : !problems.length
        ? ''
        : entries.length
          ? this.i18n.translator.t('catalog.someCannotShow', { count: problems.length, problems: list })
          : this.i18n.translator.t('catalog.noneUsable', { problems: list });
    if (this.listProblem) this.report({ code: 'invalid-connector', message: this.listProblem });
    this.refilter();
    const pending = this.pendingSelect;
    this.pendingSelect = undefined;
    if (pending && this.phase === 'ready') this.select(pending.key, { option: pending.option });
  }

  /** Shows nothing itself (the caller does): tells the host, once the current render is done. */
  private report(detail: ConnectErrorDetail): void {
    void this.updateComplete.then(() => this.dispatchEvent(new ConnectErrorEvent(detail)));
  }

  private refilter(): void {
    const query = { text: this.query, category: this.category || undefined };
    this.results = this.search(query);
    this.summaryQuery = query;
    this.active = 0;
    this.gridTop = 0;
    const grid = this.grid();
    if (grid) grid.scrollTop = 0;
    this.requestUpdate();
  }

  /** Opens a connector: `connect-select`, then the widget inline or in the dialog. */
  private open(key: string, how: { option?: string; lockOption?: boolean; connectionId?: string; origin: Origin }): void {
    const entry = this.byKey.get(key);
    if (!entry) {
      this.selectProblem = this.i18n.translator.t('catalog.noSuchConnector', { key });
      this.selected = this.opened?.entry.key;
      this.requestUpdate();
      this.report({ code: 'configuration', message: this.selectProblem });
      return;
    }
    this.selectProblem = '';
    if (!this.dispatchEvent(new ConnectSelectEvent({ connector: key }))) {
      this.selected = this.opened?.entry.key;
      return;
    }
    this.opened = { entry, option: how.option, lockOption: how.lockOption, connectionId: how.connectionId, origin: how.origin };
    this.selected = key;
    this.requestUpdate();
    if (this.mode === 'modal') {
      void this.openModal(this.opened);
      return;
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.back')?.focus());
  }

  private async openModal(opened: Opened): Promise<void> {
    try {
      await openConnect({
        connector: opened.entry.connector,
        option: opened.option,
        lockOption: opened.lockOption ?? false,
        connectionId: opened.connectionId,
        tokenEndpoint: this.tokenEndpoint,
        headers: this.headers,
        ...(this.credentials ? { credentials: this.credentials } : {}),
        context: this.context,
        redirectUri: this.redirectUri,
        locale: this.locale,
        messages: this.messages,
        theme: this.theme,
        label: this.i18n.translator.t('catalog.connectName', { name: opened.entry.name }),
        // In our shadow root: the widget's events reach the host through us, as the inline one's do.
        parent: this.renderRoot as ShadowRoot,
      });
    } catch {
      // The widget's connect-error / connect-cancel told the host already.
    }
    if (this.opened === opened) this.back();
  }

  private restoreFocus(origin: Origin | undefined): void {
    if (!origin) return;
    if (origin.kind !== 'card') {
      const id = origin.kind === 'reconnect' ? `reconnect:${origin.id}` : `add:${origin.key}`;
      const control = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-focus]')].find((el) => el.dataset.focus === id);
      if (control) return control.focus();
    }
    const index = this.results.findIndex((e) => e.key === origin.key);
    if (index >= 0) void this.moveTo(index);
    else this.searchBox()?.focus();
  }

  // ---- the virtual grid ----

  private grid(): HTMLElement | null {
    return this.renderRoot?.querySelector?.<HTMLElement>('.grid') ?? null;
  }

  private searchBox(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('input[type=search]');
  }

  private rowCount(): number {
    return Math.ceil(this.results.length / this.cols);
  }

  /** The rows on screen, with the overscan. */
  private visibleRows(): [number, number] {
    const rows = this.rowCount();
    const height = this.viewportHeight || FIRST_PAINT_ROWS * this.rowHeight;
    const first = Math.max(0, Math.floor(this.gridTop / this.rowHeight) - OVERSCAN_ROWS);
    // The last row on screen is the one holding the box's bottom edge (its pixel just above it).
    const last = Math.min(rows - 1, Math.ceil((this.gridTop + height) / this.rowHeight) - 1 + OVERSCAN_ROWS);
    return [first, last];
  }

  private readonly onScroll = (e: Event): void => {
    this.gridTop = (e.currentTarget as HTMLElement).scrollTop;
    const [first, last] = this.visibleRows();
    if (first !== this.rendered[0] || last !== this.rendered[1]) this.requestUpdate();
  };

  /**
   * Reads the grid's geometry: how many columns fit, how tall its box is, how tall a row is. Called
   * a frame after the ResizeObserver reports (outside Lit's update, so a change costs one more render).
   */
  private measure(grid: HTMLElement): void {
    const cols = Math.max(1, Math.floor((grid.clientWidth - 8 + GAP) / (MIN_CARD_WIDTH + GAP)));
    // The height the box can grow to, not the one it has: a box shrunk around a few results grows
    // back when the search is cleared, and the rows drawn then must fill it at once (a box smaller
    // than its largest height holds every row, so counting on the largest one draws no more).
    const max = parseFloat(getComputedStyle(grid).maxHeight);
    const height = Math.max(grid.clientHeight, Number.isFinite(max) ? max : 0);
    const row = grid.querySelector<HTMLElement>('.row')?.offsetHeight;
    let changed = false;
    let refocus = false;
    if (row && row !== this.rowHeight) {
      this.rowHeight = row;
      changed = true;
    }
    if (cols !== this.cols) {
      // Across a change of columns, keep the focused card in view, else the first card on screen.
      const first = Math.floor(grid.scrollTop / this.rowHeight) * this.cols;
      this.cols = cols;
      refocus = !!(this.renderRoot as ShadowRoot).activeElement?.classList.contains('card');
      if (refocus) this.scrollRowIntoView(grid, Math.floor(this.active / cols));
      else {
        grid.scrollTop = Math.floor(first / cols) * this.rowHeight;
        this.gridTop = grid.scrollTop;
      }
      changed = true;
    }
    if (height !== this.viewportHeight) {
      this.viewportHeight = height;
      changed = true;
    }
    if (changed) this.requestUpdate();
    // The cells are redrawn in place, so the focused button now shows another connector: focus
    // follows its connector to the button that holds it now.
    if (refocus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`.card[data-index="${this.active}"]`)?.focus());
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('connections')) this.focusAfterDisconnect();
    const grid = this.grid();
    if (!grid) {
      this.resizeObserver?.disconnect();
      this.observed = undefined;
      return;
    }
    if (this.observed !== grid && typeof ResizeObserver !== 'undefined') {
      // Its first call comes after the first layout: columns, heights and the row height are read there.
      // The measuring waits for the next frame: a render inside the observer's callback would resize
      // what it observes, which the browser reports as an error ("ResizeObserver loop completed").
      this.resizeObserver ??= new ResizeObserver(() => {
        cancelAnimationFrame(this.measureFrame);
        this.measureFrame = requestAnimationFrame(() => {
          const current = this.grid();
          if (current) this.measure(current);
        });
      });
      this.resizeObserver.disconnect();
      this.resizeObserver.observe(grid);
      this.observed = grid;
    }
    // Geometry through the CSSOM (a strict CSP forbids style attributes in the markup).
    const space = grid.firstElementChild as HTMLElement;
    space.style.height = `${this.rowCount() * this.rowHeight}px`;
    grid.style.setProperty('--_cols', String(this.cols));
    for (const row of grid.querySelectorAll<HTMLElement>('.row')) row.style.transform = `translateY(${Number(row.dataset.row) * this.rowHeight}px)`;
  }

  private scrollRowIntoView(grid: HTMLElement, row: number): void {
    const top = row * this.rowHeight;
    const bottom = top + this.rowHeight;
    if (top < grid.scrollTop) grid.scrollTop = top;
    else if (bottom > grid.scrollTop + grid.clientHeight) grid.scrollTop = bottom - grid.clientHeight;
    this.gridTop = grid.scrollTop;
  }

  /** Moves the grid's one tab stop to a result, scrolls it into view and focuses it. */
  private async moveTo(index: number): Promise<void> {
    if (!this.results.length) return;
    this.active = Math.max(0, Math.min(this.results.length - 1, index));
    const grid = this.grid();
    if (grid) this.scrollRowIntoView(grid, Math.floor(this.active / this.cols));
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`.card[data-index="${this.active}"]`)?.focus();
  }

  private readonly onGridKey = (e: KeyboardEvent): void => {
    const n = this.results.length;
    const cols = this.cols;
    const at = this.active;
    const page = Math.max(1, Math.floor((this.viewportHeight || this.rowHeight) / this.rowHeight)) * cols;
    // Right to left, the arrows follow the layout: → goes to the previous card.
    const step = getComputedStyle(this).direction === 'rtl' ? -1 : 1;
    let next: number;
    switch (e.key) {
      case 'ArrowRight':
        next = at + step;
        break;
      case 'ArrowLeft':
        next = at - step;
        break;
      case 'ArrowDown':
        // From a full row onto a shorter last row: its last card.
        next = at + cols < n ? at + cols : Math.floor(at / cols) < Math.floor((n - 1) / cols) ? n - 1 : at;
        break;
      case 'ArrowUp':
        next = at - cols >= 0 ? at - cols : at;
        break;
      case 'Home':
        next = e.ctrlKey ? 0 : at - (at % cols);
        break;
      case 'End':
        next = e.ctrlKey ? n - 1 : Math.min(n - 1, at - (at % cols) + cols - 1);
        break;
      case 'PageDown':
        next = Math.min(n - 1, at + page);
        break;
      case 'PageUp':
        next = Math.max(0, at - page);
        break;
      default:
        // Typing on a card searches: focus moves to the search box, which receives the letter.
        if (e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey) this.searchBox()?.focus();
        return;
    }
    e.preventDefault();
    void this.moveTo(Math.max(0, Math.min(n - 1, next)));
  };

  private readonly onGridFocus = (e: FocusEvent): void => {
    const index = Number((e.target as HTMLElement).closest<HTMLElement>('.card')?.dataset.index);
    if (Number.isInteger(index) && index !== this.active) {
      this.active = index;
      this.requestUpdate();
    }
  };

  // ---- search ----

  private readonly onInput = (e: Event): void => {
    this.query = (e.target as HTMLInputElement).value;
    this.refilter();
  };

  private readonly onSearchKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.query) {
      // Only when there is something to clear: otherwise Escape is the page's (a dialog closing).
      e.preventDefault();
      e.stopPropagation();
      this.clearSearch();
    } else if (e.key === 'ArrowDown' && this.results.length) {
      e.preventDefault();
      void this.moveTo(this.active);
    }
  };

  private clearSearch(): void {
    const box = this.searchBox();
    if (!box) {
      this.query = '';
      return this.refilter();
    }
    // As the browser's own clear of a search box does: the value changes and `input` is fired
    // (composed, so a host listening for the search box's input hears this one too).
    box.value = '';
    box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'deleteContent' }));
    box.focus();
  }

  private readonly onCategory = (e: Event): void => {
    this.category = (e.target as HTMLSelectElement).value;
    this.refilter();
  };

  // ---- rendering ----

  protected override render(): TemplateResult {
    const { t } = this.i18n.translator;
    if (this.phase === 'loading') return html`<p role="status">${t('catalog.loading')}</p>`;
    if (this.phase === 'failed') return html`<p class="alert" part="alert" role="alert">${this.listProblem}</p>`;
    if (this.opened && this.mode !== 'modal') return this.renderOpened(this.opened);
    const problems = [this.listProblem, this.connectionsProblem, this.selectProblem].filter(Boolean).join(' ');
    const empty = this.phase === 'ready' && this.results.length === 0;
    const count = html`<p class="count" part="count" role="status" aria-live="polite">${resultSummary(this.results.length, this.summaryQuery, this.i18n.translator)}</p>`;
    return html`<div class="catalog" part="catalog">
      ${this.renderAccounts()}
      <div class="toolbar" part="toolbar">
        <label class="search"
          >${t('catalog.search')}
          <input
            type="search"
            part="search"
            autocomplete="off"
            spellcheck="false"
            placeholder=${t('catalog.searchPlaceholder')}
            aria-controls=${ifDefined(empty ? undefined : 'grid')}
            .value=${live(this.query)}
            @input=${this.onInput}
            @keydown=${this.onSearchKey}
        /></label>
        ${
          this.categories.length
            ? html`<label
              >${t('catalog.category')}
              <select part="category" .value=${live(this.category)} @change=${this.onCategory}>
                <option value="">${t('catalog.allCategories')}</option>
                ${this.categories.map((c) => html`<option value=${c.name} ?selected=${c.name === this.category}>${c.name} (${c.count})</option>`)}
              </select></label
            >`
            : nothing
        }
      </div>
      <p class="alert" part="alert" role="alert" ?hidden=${!problems}>${problems}</p>
      ${
        empty
          ? html`<div class="empty" part="empty">
            ${count}
            ${this.query || this.category ? html`<button type="button" class="secondary" @click=${() => this.clearFilters()}>${this.query ? t('catalog.clearSearch') : t('catalog.showAllCategories')}</button>` : nothing}
          </div>`
          : html`${count}${this.renderGrid()}`
      }
    </div>`;
  }

  private clearFilters(): void {
    this.category = '';
    this.clearSearch();
  }

  private renderGrid(): TemplateResult {
    const [first, last] = this.visibleRows();
    this.rendered = [first, last];
    const rows: number[] = [];
    for (let r = first; r <= last; r++) rows.push(r);
    // The focused card's row stays in the DOM when it is scrolled away: the grid keeps its tab stop
    // and focus is never dropped on the floor.
    const activeRow = Math.floor(this.active / this.cols);
    if (activeRow < first || activeRow > last) rows.push(activeRow);
    return html`<div
      id="grid"
      class="grid"
      part="grid"
      role="grid"
      aria-label=${this.i18n.translator.t('catalog.grid')}
      aria-rowcount=${this.rowCount()}
      aria-colcount=${this.cols}
      @scroll=${this.onScroll}
      @keydown=${this.onGridKey}
      @focusin=${this.onGridFocus}
    >
      <div class="space">
        ${repeat(
          rows,
          (r) => r,
          (r) => html`<div class="row" role="row" aria-rowindex=${r + 1} data-row=${r}>
            ${this.results
              .slice(r * this.cols, (r + 1) * this.cols)
              .map((entry, c) => html`<div class="cell" role="gridcell" aria-colindex=${c + 1}>${this.renderCard(entry, r * this.cols + c)}</div>`)}
          </div>`,
        )}
      </div>
    </div>`;
  }

  private renderCard(entry: CatalogEntry, index: number): TemplateResult {
    const accounts = this.connected.get(entry.key);
    const badge = badgeOf(accounts, this.i18n.translator);
    const stale = accounts?.some((c) => c.status === NEEDS_RECONNECT);
    return html`<button
      type="button"
      class="card"
      part="card"
      tabindex=${index === this.active ? 0 : -1}
      data-index=${index}
      data-key=${entry.key}
      @click=${() => this.open(entry.key, { origin: { kind: 'card', key: entry.key } })}
    >
      ${this.renderLogo(entry)}
      <span class="text">
        <span class="name" part="name">${entry.name}</span>
        ${entry.categories.length ? html`<span class="categories" part="categories">${entry.categories.join(', ')}</span>` : nothing}
        ${badge ? html`<span class=${stale ? 'badge stale' : 'badge'} part="badge">${badge}</span>` : nothing}
      </span>
    </button>`;
  }

  private renderLogo(entry: CatalogEntry): TemplateResult {
    if (entry.logo && !this.failedLogos.has(entry.key)) {
      return html`<img class="logo" part="logo" src=${entry.logo} alt="" referrerpolicy="no-referrer" @error=${() => this.logoFailed(entry.key)} />`;
    }
    let m = this.monograms.get(entry.key);
    if (!m) this.monograms.set(entry.key, (m = monogram(entry.name, entry.key)));
    return html`<span class="logo monogram tone-${m.tone}" part="monogram" aria-hidden="true">${m.initials}</span>`;
  }

  private logoFailed(key: string): void {
    this.failedLogos.add(key);
    this.requestUpdate();
  }

  private renderAccounts(): TemplateResult | typeof nothing {
    const groups = [...this.connected].map(([key, list]) => [this.byKey.get(key), list] as const).filter(([entry]) => entry !== undefined);
    if (!groups.length) return nothing;
    const tr = this.i18n.translator;
    const { t } = tr;
    return html`<section class="accounts" part="accounts" aria-labelledby="accounts-title">
      <h2 id="accounts-title">${t('catalog.accounts')}</h2>
      <ul>
        ${groups.map(([entry, list]) => {
          const name = entry!.name;
          return html`<li class="group">
            ${this.renderLogo(entry!)}
            <span class="name">${name}</span>
            <ul>
              ${list.map(
                (c) => html`<li class="account" part="account">
                  <span class="label">${connectionLabel(c, tr)}</span>
                  ${c.status === NEEDS_RECONNECT ? html`<span class="stale" part="needs-reconnect">${t('catalog.needsReconnectLong')}</span>` : nothing}
                  <button
                    type="button"
                    class="secondary"
                    part="reconnect"
                    data-focus="reconnect:${c.id}"
                    @click=${() => this.open(entry!.key, { connectionId: c.id, option: c.option, lockOption: !!c.option, origin: { kind: 'reconnect', id: c.id, key: entry!.key } })}
                  >
                    ${t('catalog.reconnect')}<span class="visually-hidden"> ${name}: ${connectionLabel(c, tr)}</span>
                  </button>
                  ${
                    this.allowDisconnect
                      ? html`<button type="button" class="plain" part="disconnect" data-focus="disconnect:${c.id}" @click=${() => this.disconnect(entry!.key, c.id)}>
                        ${t('catalog.disconnect')}<span class="visually-hidden"> ${name}: ${connectionLabel(c, tr)}</span>
                      </button>`
                      : nothing
                  }
                </li>`,
              )}
            </ul>
            <button
              type="button"
              class="plain"
              part="add-another"
              data-focus="add:${entry!.key}"
              @click=${() => this.open(entry!.key, { origin: { kind: 'add', key: entry!.key } })}
            >
              ${t('catalog.addAnother')}<span class="visually-hidden"> ${t('catalog.addAnotherAccount', { name })}</span>
            </button>
          </li>`;
        })}
      </ul>
    </section>`;
  }

  private disconnect(key: string, id: string): void {
    this.disconnecting = { key, id };
    this.dispatchEvent(new ConnectDisconnectEvent({ connector: key, id }));
  }

  /**
   * After a Disconnect, once the host's `connections` no longer hold that account: focus goes to the
   * connector's next account, else its Add another, else the search box (never lost to the page).
   */
  private focusAfterDisconnect(): void {
    const gone = this.disconnecting;
    if (!gone || this.connected.get(gone.key)?.some((c) => c.id === gone.id)) return;
    this.disconnecting = undefined;
    const next = this.connected.get(gone.key)?.[0];
    const root = this.renderRoot as ShadowRoot;
    const target =
      (next && root.querySelector<HTMLElement>(`[data-focus="reconnect:${CSS.escape(next.id)}"]`)) ||
      root.querySelector<HTMLElement>(`[data-focus="add:${CSS.escape(gone.key)}"]`) ||
      root.querySelector<HTMLElement>('input[type=search]');
    target?.focus();
  }

  private renderOpened(opened: Opened): TemplateResult {
    return html`<div class="opened" part="opened">
      <button type="button" class="back" part="back" @click=${() => this.back()}><span aria-hidden="true" class="arrow">← </span>${this.i18n.translator.t('catalog.back')}</button>
      <connect-widget
        exportparts=${WIDGET_PARTS}
        .connector=${opened.entry.connector}
        option=${ifDefined(opened.option)}
        ?lock-option=${opened.lockOption ?? false}
        connection-id=${ifDefined(opened.connectionId)}
        token-endpoint=${ifDefined(this.tokenEndpoint)}
        .headers=${this.headers}
        credentials=${ifDefined(this.credentials)}
        .context=${this.context}
        redirect-uri=${ifDefined(this.redirectUri)}
        locale=${ifDefined(this.locale)}
        .messages=${this.messages}
        theme=${ifDefined(this.theme)}
      ></connect-widget>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connect-catalog': ConnectCatalog;
  }
}

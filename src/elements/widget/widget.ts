import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isObject, type JsonObject, type JsonValue } from '../../core/json.js';
import { isOAuth as isOAuthType, listOptions, parseConnector, type Connector, type ResolvedOption } from '../../core/connector.js';
import { AttemptKeys, buildRequestBody, checkEndpoint, isRetryable, postToEndpoint, type HeadersInput } from '../../core/transport.js';
import { maskSecrets, type ConnectErrorInfo } from '../../core/errors.js';
import { safeHttpUrl } from '../../core/schema.js';
import {
  ConnectCancelEvent,
  ConnectErrorEvent,
  ConnectReadyEvent,
  ConnectSubmitEvent,
  ConnectSuccessEvent,
  type ConnectErrorCode,
  type ConnectErrorDetail,
  type ConnectOptionChangeEvent,
} from '../../events.js';
import type { ConnectForm } from '../form/form.js';
import { widgetStyles } from './widget.styles.js';

/** The `connection` object of a token endpoint's success answer. */
export type Connection = JsonObject & { id?: string };

/** The error `submit()` rejects with: `code` is that of the `connect-error` (or `cancelled`). */
export class ConnectError extends Error {
  override name = 'ConnectError';
  constructor(
    readonly code: ConnectErrorCode | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

type Phase = 'empty' | 'loading' | 'invalid' | 'ready' | 'connected';

const needsForm = (o: ResolvedOption) => o.schema !== undefined;
const isOAuth = (o: ResolvedOption) => isOAuthType(o.type);

/**
 * The element a host drops on its page: loads a connector, lets the user pick an auth option,
 * sends what they typed to the host's token endpoint, and reports the outcome.
 *
 * @summary Connect a third-party account.
 * @event connect-ready - `{ connector, option }` once the connector is loaded.
 * @event connect-option-change - `{ option }` when the user picks another option.
 * @event connect-submit - `{ connector, option, step }` before a request; cancelable.
 * @event connect-success - `{ connection }`: the endpoint's `connection`, nothing else.
 * @event connect-error - `{ code, message, status?, fieldErrors? }`.
 * @event connect-cancel - `{ reason }`.
 * @csspart widget - The outer wrapper.
 * @csspart header - Logo, title, description.
 * @csspart alert - Errors that are not about one field.
 * @csspart connect - The one-click Connect button of options that ask nothing.
 * @cssproperty --connect-color-success - The border of the "Connected" message.
 */
export class ConnectWidget extends LitElement {
  static override styles = widgetStyles;

  static override properties = {
    connector: { attribute: false },
    connectorUrl: { attribute: 'connector-url' },
    tokenEndpoint: { attribute: 'token-endpoint' },
    option: { reflect: true },
    lockOption: { type: Boolean, attribute: 'lock-option', reflect: true },
    connectionId: { attribute: 'connection-id' },
    context: { attribute: false },
    values: { attribute: false },
    headers: { attribute: false },
    credentials: {},
    redirectUri: { attribute: 'redirect-uri' },
    locale: {},
    theme: { reflect: true },
    timeout: { type: Number },
    oauthTimeout: { type: Number, attribute: 'oauth-timeout' },
  };

  /** The connector definition (takes precedence over `connector-url`). */
  declare connector: unknown;
  /** A URL serving the connector definition as JSON. */
  declare connectorUrl: string | undefined;
  /** The URL the gathered fields are POSTed to (required). */
  declare tokenEndpoint: string | undefined;
  /** The chosen option's key; reflects. */
  declare option: string | undefined;
  /** Hides the option picker: the host chose the option. */
  declare lockOption: boolean;
  /** Reconnect an existing connection: sent with every request. */
  declare connectionId: string | undefined;
  /** Host-fixed values: schema properties are hidden and sent in `fields`, other keys in `context`. */
  declare context: Record<string, JsonValue> | undefined;
  /** Initial non-secret values, nested like the option's schema. */
  declare values: Record<string, unknown> | undefined;
  /** Extra request headers, or a function returning them (or a Promise of them). */
  declare headers: HeadersInput | undefined;
  /** Fetch credentials mode: `same-origin` (default) or `include`. */
  declare credentials: 'same-origin' | 'include';
  /** The OAuth redirect URI, a page of the host that loads `connect-widget/callback`. */
  declare redirectUri: string | undefined;
  /** UI language (BCP 47). English is the only catalog so far. */
  declare locale: string | undefined;
  /** `light`, `dark` or `auto`. */
  declare theme: 'light' | 'dark' | 'auto' | undefined;
  /** Request timeout in ms. */
  declare timeout: number;
  /** OAuth flow timeout in ms. */
  declare oauthTimeout: number;

  private phase: Phase = 'empty';
  private definition?: Connector;
  private options: ResolvedOption[] = [];
  private problem = '';
  private alert = '';
  private sending = false;
  private retryAt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private connection?: Connection;
  private readonly keys = new AttemptKeys();
  private loadSeq = 0;
  private pending?: { resolve: (c: Connection) => void; reject: (e: ConnectError) => void };
  private announced = '';

  constructor() {
    super();
    this.lockOption = false;
    this.credentials = 'same-origin';
    this.timeout = 30000;
    this.oauthTimeout = 600000;
  }

  /** The option currently shown (the `option` attribute when it names one, else the first). */
  get currentOption(): ResolvedOption | undefined {
    return this.options.find((o) => (o.key ?? '') === (this.option ?? '')) ?? this.options[0];
  }

  /**
   * Submits the current option as the Connect button does. Resolves with the connection; rejects with
   * a `ConnectError` whose `code` is that of the `connect-error`, or `cancelled` when `connect-submit`
   * was prevented.
   */
  submit(): Promise<Connection> {
    const result = new Promise<Connection>((resolve, reject) => {
      this.pending?.reject(new ConnectError('cancelled', 'Replaced by a newer submit.'));
      this.pending = { resolve, reject };
    });
    void this.updateComplete.then(() => {
      const option = this.currentOption;
      if (!option || this.phase !== 'ready') return this.fail({ code: 'configuration', message: this.problem || 'The connector is not loaded yet.' });
      const form = this.formFor(option);
      if (form) void form.requestSubmit();
      else void this.start(option);
    });
    return result;
  }

  /** Back to the initial values: errors cleared, secrets dropped. */
  reset(): void {
    for (const form of this.forms()) form.reset();
    this.alert = '';
    this.connection = undefined;
    if (this.phase === 'connected') this.phase = 'ready';
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.retryTimer);
    // Security rule 2: the forms empty their secrets as they are disconnected with us.
    for (const form of this.forms()) form.clearSecrets();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connector') || changed.has('connectorUrl')) void this.load();
  }

  private async load(): Promise<void> {
    const seq = ++this.loadSeq;
    let input: unknown = this.connector;
    if (input === undefined && this.connectorUrl) {
      this.phase = 'loading';
      this.requestUpdate();
      try {
        const res = await fetch(this.connectorUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!res.ok) throw new Error(`the server answered ${res.status}`);
        input = await res.json();
      } catch (e) {
        if (seq !== this.loadSeq) return;
        return this.invalid([`It could not be loaded from ${this.connectorUrl}: ${e instanceof SyntaxError ? 'the answer is not JSON' : (e as Error).message}.`]);
      }
    }
    if (seq !== this.loadSeq) return;
    if (input === undefined) {
      this.phase = 'empty';
      this.requestUpdate();
      return;
    }
    const parsed = parseConnector(input);
    if (!parsed.ok) return this.invalid(parsed.problems);
    this.definition = parsed.connector;
    this.options = listOptions(parsed.connector);
    this.phase = 'ready';
    this.alert = '';
    this.requestUpdate();
    await this.updateComplete;
    this.dispatchEvent(new ConnectReadyEvent({ connector: parsed.connector.key, option: this.currentOption?.key ?? null }));
  }

  private invalid(problems: string[]): void {
    this.phase = 'invalid';
    this.definition = undefined;
    this.options = [];
    this.problem = `This connector cannot be used. ${problems.join(' ')}`;
    this.requestUpdate();
    void this.updateComplete.then(() => this.dispatchEvent(new ConnectErrorEvent({ code: 'invalid-connector', message: this.problem })));
  }

  private forms(): ConnectForm[] {
    return [...(this.renderRoot?.querySelectorAll?.('connect-form') ?? [])] as ConnectForm[];
  }

  private formFor(option: ResolvedOption): ConnectForm | null {
    return (this.renderRoot as ShadowRoot | undefined)?.querySelector<ConnectForm>(`connect-form[data-option="${CSS.escape(option.key ?? '')}"]`) ?? null;
  }

  /** Splits `context`: keys that are top-level properties of the schema are fields, the rest context. */
  private splitContext(option: ResolvedOption): { fixed: Record<string, JsonValue>; context: Record<string, JsonValue> } {
    const fixed: Record<string, JsonValue> = {};
    const context: Record<string, JsonValue> = {};
    const props = isObject(option.schema) && isObject(option.schema.properties) ? option.schema.properties : {};
    for (const [k, v] of Object.entries(this.context ?? {})) (Object.hasOwn(props, k) ? fixed : context)[k] = v;
    return { fixed, context };
  }

  private fail(detail: ConnectErrorDetail): void {
    this.dispatchEvent(new ConnectErrorEvent(detail));
    this.pending?.reject(new ConnectError(detail.code, detail.message));
    this.pending = undefined;
  }

  /** Sends one option's values (the form's, or none) as the `credentials` step. */
  private async start(option: ResolvedOption): Promise<void> {
    if (this.sending || Date.now() < this.retryAt) return;
    if (isOAuth(option)) {
      return this.fail({ code: 'configuration', message: 'Signing in with OAuth is not available in this version.' });
    }
    const endpoint = checkEndpoint(this.tokenEndpoint ?? '', location.origin);
    if (!endpoint.ok) {
      this.alert = endpoint.message;
      this.requestUpdate();
      return this.fail({ code: this.tokenEndpoint ? 'invalid-endpoint' : 'configuration', message: endpoint.message });
    }
    const step = 'credentials';
    const submitEvent = new ConnectSubmitEvent({ connector: this.definition!.key, option: option.key, step });
    this.dispatchEvent(submitEvent);
    if (submitEvent.defaultPrevented) {
      this.pending?.reject(new ConnectError('cancelled', 'The host cancelled the submit.'));
      this.pending = undefined;
      return;
    }
    const form = this.formFor(option);
    const { context } = this.splitContext(option);
    const fields = (form?.getValue() ?? {}) as JsonObject;
    const body = buildRequestBody({
      connector: this.definition!.key,
      option: option.key,
      type: option.type,
      step,
      fields,
      context,
      connectionId: this.connectionId,
    });
    const bodyJson = JSON.stringify(body);
    const secrets = form?.secretValues() ?? [];
    this.sending = true;
    this.alert = '';
    this.announced = 'Connecting…';
    if (form) form.busy = true;
    this.requestUpdate();
    try {
      const outcome = await postToEndpoint({
        url: endpoint.url,
        body: bodyJson,
        headers: this.headers,
        credentials: this.credentials === 'include' ? 'include' : 'same-origin',
        timeoutMs: this.timeout,
        idempotencyKey: this.keys.keyFor(bodyJson),
        fetch: globalThis.fetch.bind(globalThis),
        fieldResolves: (pointer: string) => form?.hasField(pointer) ?? false,
        secrets,
      });
      if (outcome.kind === 'success') {
        const connection = isObject(outcome.data) && isObject(outcome.data.connection) ? (outcome.data.connection as Connection) : undefined;
        this.keys.settle(connection ? 'final' : 'retryable');
        if (!connection) {
          return this.showError(form, { code: 'server', message: 'The server answered without a connection. Try again, or contact support if it keeps happening.' }, secrets);
        }
        this.succeed(connection, option);
      } else {
        this.keys.settle(isRetryable(outcome.info) ? 'retryable' : 'final');
        this.showError(form, outcome.info, secrets);
      }
    } finally {
      this.sending = false;
      if (form) form.busy = false;
      this.requestUpdate();
    }
  }

  private succeed(connection: Connection, option: ResolvedOption): void {
    // Security rule 2: secrets are dropped from the inputs and from memory once they have been used.
    for (const form of this.forms()) form.clearSecrets();
    this.connection = connection;
    this.phase = 'connected';
    this.announced = `Connected to ${this.definition?.name ?? 'the service'}.`;
    this.dispatchEvent(new ConnectSuccessEvent({ connection }));
    this.pending?.resolve(connection);
    this.pending = undefined;
    void option;
  }

  private showError(form: ConnectForm | null, info: ConnectErrorInfo, secrets: string[]): void {
    const message = maskSecrets(info.message, secrets);
    const fieldErrors = (info.fieldErrors ?? []).map((e) => ({ pointer: e.pointer, message: maskSecrets(e.message, secrets) }));
    const formErrors = (info.formErrors ?? []).map((m) => maskSecrets(m, secrets));
    if (form) form.setErrors(fieldErrors, [message, ...formErrors].filter(Boolean).join(' '));
    else this.alert = [message, ...formErrors].join(' ');
    this.announced = message;
    if (info.retryAfterMs && info.retryAfterMs > 0) this.waitUntil(Date.now() + info.retryAfterMs, form);
    this.fail({ code: info.code, message, ...(info.status ? { status: info.status } : {}), ...(fieldErrors.length ? { fieldErrors } : {}) });
  }

  /** Retry-After: the button stays disabled until then; the widget never resends on its own. */
  private waitUntil(time: number, form: ConnectForm | null): void {
    this.retryAt = time;
    if (form) form.disabled = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryAt = 0;
      if (form) form.disabled = false;
      this.announced = 'You can try again now.';
      this.requestUpdate();
    }, time - Date.now());
    this.requestUpdate();
  }

  private onOptionChange = (e: ConnectOptionChangeEvent) => {
    // The picker's event crosses our shadow root and reaches the host as ours: no second one here.
    this.option = e.detail.option;
    this.alert = '';
  };

  // ---- rendering ----

  protected override render(): TemplateResult {
    const live = html`<p class="status" part="status" role="status" aria-live="polite">${this.announced}</p>`;
    if (this.phase === 'empty') return html`${live}`;
    if (this.phase === 'loading') return html`<p part="status" role="status">Loading…</p>`;
    if (this.phase === 'invalid') return html`<p class="alert" part="alert" role="alert">${this.problem}</p>`;
    const def = this.definition!;
    const current = this.currentOption;
    const showPicker = this.options.length > 1 && !this.lockOption;
    return html`<div class="widget" part="widget">
      <header part="header">
        ${safeHttpUrl(def.logoUri) ? html`<img src=${safeHttpUrl(def.logoUri)!} alt="" />` : nothing}
        <h2 part="title">Connect ${def.name}</h2>
      </header>
      ${this.phase === 'connected'
        ? html`<p class="success" part="success">Connected to ${def.name}.</p>`
        : html`${showPicker
              ? html`<connect-option-picker
                  .options=${this.options.map((o) => ({ key: o.key ?? '', title: o.title }))}
                  .value=${current?.key ?? ''}
                  ?disabled=${this.sending}
                  @connect-option-change=${this.onOptionChange}
                ></connect-option-picker>`
              : nothing}
            ${this.options.map((o) => this.renderOption(o, o === current))}
            <p class="alert" part="alert" role="alert">${this.alert}</p>`}
      ${live}
    </div>`;
  }

  private renderOption(option: ResolvedOption, shown: boolean): TemplateResult {
    const def = this.definition!;
    const help = safeHttpUrl(option.helpUri);
    const label = isOAuth(option) ? `Continue with ${def.name}` : `Connect ${def.name}`;
    const { fixed } = this.splitContext(option);
    return html`<section class="option" ?hidden=${!shown} data-option=${option.key ?? ''}>
      ${option.description ? html`<p class="description">${option.description}</p>` : nothing}
      ${help ? html`<a href=${help} target="_blank" rel="noopener noreferrer">How to find these details</a>` : nothing}
      ${needsForm(option)
        ? html`<connect-form
            data-option=${option.key ?? ''}
            .schema=${option.schema}
            .values=${this.values}
            .fixed=${fixed}
            submit-label=${label}
            @connect-form-submit=${() => void this.start(option)}
            @connect-error=${(e: ConnectErrorEvent) => this.onFormError(e)}
          ></connect-form>`
        : html`<button class="primary" part="connect" ?disabled=${this.sending || Date.now() < this.retryAt} aria-disabled=${this.sending ? 'true' : 'false'} @click=${() => void this.start(option)}>
            ${this.sending ? `${label}…` : label}
          </button>`}
    </section>`;
  }

  private onFormError(e: ConnectErrorEvent): void {
    // A validation error from the form reaches the host by itself (it is composed); settle submit().
    if (e.detail.code === 'validation' && this.pending) {
      this.pending.reject(new ConnectError('validation', e.detail.message));
      this.pending = undefined;
    }
  }

  /** Fires `connect-cancel` (used by `openConnect`'s dialog). */
  cancel(reason: 'dismissed' | 'popup-closed' = 'dismissed'): void {
    this.dispatchEvent(new ConnectCancelEvent({ reason }));
    this.pending?.reject(new ConnectError('cancelled', 'Cancelled.'));
    this.pending = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connect-widget': ConnectWidget;
  }
}

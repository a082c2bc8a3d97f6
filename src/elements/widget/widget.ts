/** `<connect-widget>`: renders a connect session's state and forwards the user's intents to it; the session (src/core/session.ts) owns every rule. */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { JsonObject, JsonValue } from '../../core/json.js';
import { isOAuth, type ResolvedOption } from '../../core/connector.js';
import type { OAuthAction } from '../../core/oauth/flow.js';
import { OAUTH_FLOW_TTL_MS, REQUEST_TIMEOUT_MS, type Connection } from '../../core/protocol.js';
import { asksFields, ConnectError, createConnectSession, splitContext, type ConnectSession, type FormInput, type SessionState } from '../../core/session.js';
import { oauthActionText, oauthStatusText, widgetTextOf } from '../../core/text/widget.js';
import type { Messages } from '../../core/i18n/format.js';
import type { HeadersInput } from '../../core/transport.js';
import { isHttpUrl } from '../../core/url.js';
import { ConnectCancelEvent, ConnectErrorEvent, ConnectReadyEvent, ConnectSubmitEvent, ConnectSuccessEvent, type ConnectOptionChangeEvent } from '../../events.js';
import type { ConnectForm } from '../form/form.js';
import { createPopupPort } from './oauth-popup.js';
import { RetryAfterController } from './retry-after.js';
import { widgetStyles } from './widget.styles.js';
import { LocaleController } from '../locale.js';
import { ifDefined } from 'lit/directives/if-defined.js';

export { ConnectError };
export type { Connection };

// The inner form's parts, forwarded under their own names so that `connect-widget::part(submit)`
// (and the rest) reach into the form: a host themes the whole widget from outside.
export const FORM_PARTS = 'form, field, label, input, help, help-button, popover, help-link, error, reveal, summary, submit, group, row, add, remove';
export const PICKER_PARTS = 'picker, option';

/** Every part a host can style on `<connect-widget>`: its own, the form's and the option picker's (an element that renders a widget forwards these). */
export const WIDGET_PARTS = `widget, header, alert, connect, oauth-status, title, success, status, retry-after, ${PICKER_PARTS}, ${FORM_PARTS}`;

/**
 * The element a host drops on its page: loads a connector, lets the user pick an auth option,
 * sends what they typed to the host's token endpoint, and reports the outcome.
 *
 * @tagname connect-widget
 * @summary Connect a third-party account.
 * @event connect-ready - `{ connector, option }` once the connector is loaded.
 * @event connect-option-change - `{ option }` when the user picks another option.
 * @event connect-submit - `{ connector, option, step }` before a request; cancelable.
 * @event connect-success - `{ connection }`: the endpoint's `connection`, nothing else.
 * @event connect-error - `{ code, message, status?, fieldErrors? }`.
 * @event connect-cancel - `{ reason }`.
 * @csspart widget - The outer wrapper.
 * @csspart header - Logo, title, description.
 * @csspart alert - Errors that are not about one field, and configuration errors from the start.
 * @csspart connect - The one-click Connect button of options that ask nothing.
 * @csspart oauth-status - The sign-in status ("Waiting for …") and its buttons (Reopen window, Cancel, Try again, Continue in this window).
 * @csspart title - The "Connect <name>" heading.
 * @csspart success - The "Connected to <name>." message.
 * @csspart status - The live region (visually hidden).
 * @csspart retry-after - The Retry-After countdown ("Try again in 3 seconds."), ticking each second, next to the server's own message.
 * @cssproperty --connect-color-success - The border of the "Connected" message.
 *
 * The parts and custom properties of the inner `<connect-form>` and `<connect-option-picker>` are
 * forwarded (`exportparts`) and inherited; custom-elements.json lists them on this element too.
 */
export class ConnectWidget extends LitElement {
  static override styles = widgetStyles;

  /**
   * Fetches and registers `<connect-form>` for `widget`: set by the script-tag build, where the form
   * is a chunk of its own that an OAuth option without fields never needs (resolves at once when it
   * is registered). Unset where the form is registered with the widget (the npm entries).
   */
  static loadForm: ((widget: ConnectWidget) => Promise<unknown>) | undefined;

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
    messages: { attribute: false },
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
  /** UI language (BCP 47): the words shown (`en`, `de`, `fr`, `es`, `ja`, `ar`; `ar-EG` → `ar` → `en`, string by string), sent as `Accept-Language` with every request. `ar` sets `dir="rtl"` unless the page set `dir`. */
  declare locale: string | undefined;
  /** Overrides of any catalog string by id (`{ "widget.connect": "Link {name}" }`); passed on to the inner form and option picker. */
  declare messages: Partial<Messages> | undefined;
  /** `light`, `dark` or `auto`. */
  declare theme: 'light' | 'dark' | 'auto' | undefined;
  /** Request timeout in ms (default 30000). */
  declare timeout: number;
  /** OAuth flow timeout in ms (default 600000: 10 minutes). */
  declare oauthTimeout: number;

  private readonly session: ConnectSession;
  private state: SessionState;
  /** `<connect-form>`'s fetch while under way (`loadForm`). */
  private formLoading: Promise<boolean> | undefined;
  /** Where `<connect-form>` is: `failed` is said in place of the form, and fetched again on Try again or `submit()`. */
  private formState: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  private readonly retry = new RetryAfterController(this, () => this.state.retryUntil);
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.lockOption = false;
    this.credentials = 'same-origin';
    this.timeout = REQUEST_TIMEOUT_MS;
    this.oauthTimeout = OAUTH_FLOW_TTL_MS;
    this.session = createConnectSession(
      {
        fetch: (url, init) => globalThis.fetch(url, init as RequestInit),
        clock: { now: () => Date.now(), setTimer: (callback, ms) => setTimeout(callback, ms), clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
        popup: createPopupPort(),
        page: { href: () => location.href, assign: (url) => location.assign(url) },
        storage: () => {
          try {
            return sessionStorage;
          } catch {
            return undefined;
          }
        },
      },
      {
        submitting: (detail) => this.dispatchEvent(new ConnectSubmitEvent(detail)),
        ready: async (detail) => {
          await this.updateComplete;
          // Ready means drawn: where the form is a chunk of its own, once it has arrived (or is said to be unavailable).
          if (this.formLoading) {
            await this.formLoading;
            await this.updateComplete;
          }
          this.dispatchEvent(new ConnectReadyEvent(detail));
        },
        succeeded: (connection) => this.dispatchEvent(new ConnectSuccessEvent({ connection })),
        failed: (detail) => this.dispatchEvent(new ConnectErrorEvent(detail)),
        cancelled: (reason) => this.dispatchEvent(new ConnectCancelEvent({ reason })),
        showFieldErrors: (option, fieldErrors, summary) => this.formFor(option)?.setErrors(fieldErrors, summary),
        clearSecrets: () => {
          for (const form of this.forms()) form.clearSecrets();
        },
        secretsOf: (option) => this.formFor(option)?.secretValues() ?? [],
      },
    );
    this.state = this.session.state;
    this.session.subscribe((state) => {
      this.state = state;
      // A resumed redirect flow picks its option.
      if (state.option !== undefined && (state.option ?? undefined) !== this.option) this.option = state.option ?? undefined;
      this.requestUpdate();
    });
  }

  /** The option currently shown (the `option` attribute when it names one, else the first). */
  get currentOption(): ResolvedOption | undefined {
    return this.state.options.find((o) => (o.key ?? '') === (this.option ?? '')) ?? this.state.options[0];
  }

  /**
   * Submits the current option as the Connect button does. Resolves with the connection; rejects with
   * a `ConnectError` whose `code` is that of the `connect-error`, or `cancelled` when `connect-submit`
   * was prevented.
   */
  submit(): Promise<Connection> {
    const result = this.session.settled();
    void this.updateComplete.then(async () => {
      const option = this.currentOption;
      // A form still on its way is waited for; one that cannot be fetched has settled `result`.
      if (option && asksFields(option) && this.formState !== 'ready') {
        if (!(await this.loadForm())) return;
        await this.updateComplete;
      }
      const form = option && this.formFor(option);
      if (form) void form.requestSubmit();
      else this.intent(option);
    });
    return result;
  }

  /** Back to the initial values: errors cleared, secrets dropped. */
  reset(): void {
    for (const form of this.forms()) form.reset();
    this.session.reset();
  }

  /** Ends what is under way with `connect-cancel` (used by `openConnect`'s dialog): a running sign-in is cancelled too. */
  cancel(reason: 'dismissed' | 'popup-closed' = 'dismissed'): void {
    this.session.cancel(reason);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The element left the page: nothing may answer its flow any more.
    this.session.dispose();
    // Security rule 2: the forms empty their secrets as they are disconnected with us.
    for (const form of this.forms()) form.clearSecrets();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.session.configure({
      option: this.option ?? null,
      tokenEndpoint: this.tokenEndpoint,
      redirectUri: this.redirectUri,
      connectionId: this.connectionId,
      context: this.context,
      headers: this.headers,
      credentials: this.credentials,
      timeoutMs: this.timeout,
      oauthTimeoutMs: this.oauthTimeout,
      locale: this.locale,
      translator: this.i18n.translator,
    });
    if (changed.has('connector') || changed.has('connectorUrl')) {
      // A form that could not be fetched is fetched again for the next connector, as Try again would.
      if (this.formState === 'failed') this.formState = 'idle';
      void this.session.load(this.connector, this.connectorUrl);
    }
    if (this.state.phase === 'ready' && this.formState === 'idle' && this.state.options.some(asksFields)) void this.loadForm();
    // Success replaces the form: a keyboard user whose focus was in it would be left on <body>.
    const connected = this.state.phase === 'connected';
    if (connected && !this.wasConnected && this.matches(':focus-within')) this.focusSuccess = true;
    this.wasConnected = connected;
  }

  private wasConnected = false;
  private focusSuccess = false;

  protected override updated(): void {
    if (!this.focusSuccess) return;
    this.focusSuccess = false;
    (this.renderRoot as ShadowRoot).querySelector<HTMLElement>('[part="success"]')?.focus();
  }

  /** The rendered forms whose class has arrived (in the script-tag build it is fetched when first needed). */
  private forms(): ConnectForm[] {
    return [...(this.renderRoot?.querySelectorAll?.('connect-form:defined') ?? [])] as ConnectForm[];
  }

  private formFor(option: ResolvedOption): ConnectForm | null {
    return (this.renderRoot as ShadowRoot | undefined)?.querySelector<ConnectForm>(`connect-form:defined[data-option="${CSS.escape(option.key ?? '')}"]`) ?? null;
  }

  /**
   * Fetches `<connect-form>` where it is a chunk of its own (`loadForm`); true once it is registered.
   * A failed fetch is said in place of the form and as `connect-error` (code `network`), and settles
   * a waiting `submit()`; Try again (or the next `submit()`) fetches it again.
   */
  private loadForm(): Promise<boolean> {
    const load = ConnectWidget.loadForm;
    if (!load) this.formState = 'ready';
    if (this.formState === 'ready') return Promise.resolve(true);
    this.formState = 'loading';
    return (this.formLoading ??= load!(this).then(
      () => this.formLoaded(true),
      () => this.formLoaded(false),
    ));
  }

  private formLoaded(ok: boolean): boolean {
    this.formLoading = undefined;
    this.formState = ok ? 'ready' : 'failed';
    if (!ok) this.session.fail({ code: 'network', message: this.i18n.translator.t('error.network') });
    this.requestUpdate();
    return ok;
  }

  private retryForm(): void {
    void this.loadForm().then(async (ok) => {
      // The Try again button is gone: focus goes to what replaced it (the form's first control, or the button again).
      await this.updateComplete;
      const form = ok ? this.formFor(this.currentOption!) : null;
      await form?.updateComplete;
      const target = form ? form.renderRoot.querySelector<HTMLElement>('input, select, textarea, button') : this.renderRoot.querySelector<HTMLElement>('[data-retry]');
      target?.focus();
    });
  }

  /** What the form of `option` gives a submit. */
  private formInput(option: ResolvedOption): FormInput | undefined {
    const form = this.formFor(option);
    if (!form) return undefined;
    return { fields: form.getValue() as JsonObject, secrets: form.secretValues(), fieldResolves: (pointer) => form.hasField(pointer) };
  }

  private intent(option: ResolvedOption | undefined): void {
    this.retry.acknowledge();
    this.session.submit(option, option && this.formInput(option));
  }

  private onAction(action: OAuthAction, option: ResolvedOption): void {
    const form = this.formFor(option);
    // Try again with a form validates it first, as the button does.
    if (action === 'retry' && form) void form.requestSubmit();
    else this.session.action(action, option, this.formInput(option));
  }

  private onOptionChange = (e: ConnectOptionChangeEvent) => {
    // The picker's event crosses our shadow root and reaches the host as ours: no second one here.
    this.option = e.detail.option;
  };

  private onFormError(e: ConnectErrorEvent): void {
    // A validation error from the form reaches the host by itself (it is composed); settle submit().
    if (e.detail.code === 'validation') this.session.invalid(e.detail.message);
  }

  // ---- rendering ----

  protected override render(): TemplateResult {
    const state = this.state;
    const widgetText = widgetTextOf(this.i18n.translator);
    // For screen readers only (visually hidden): what no other region on screen says, i.e. progress
    // ("Connecting…"), success, and the end of a Retry-After wait. Errors are in role=alert regions and
    // OAuth progress in the flow's own status, so nothing is announced twice.
    const announce = state.announce || (this.retry.ended ? widgetText.tryAgainNow : '');
    const live = html`<p class="status" part="status" role="status" aria-live="polite">${announce}</p>`;
    if (state.phase === 'empty') return html`${live}`;
    if (state.phase === 'loading') return html`<p part="status" role="status">${widgetText.loading}</p>`;
    if (state.phase === 'invalid') return html`<p class="alert" part="alert" role="alert">${state.problem}</p>`;
    const def = state.connector!;
    const current = this.currentOption;
    const showPicker = state.options.length > 1 && !this.lockOption;
    const logo = isHttpUrl(def.logoUri) ? def.logoUri : undefined;
    return html`<div class="widget" part="widget">
      <header part="header">
        ${logo ? html`<img src=${logo} alt="" />` : nothing}
        <h2 part="title">${widgetText.title(def.name)}</h2>
      </header>
      ${
        state.phase === 'connected'
          ? html`<p class="success" part="success" tabindex="-1">${widgetText.connected(def.name)}</p>`
          : html`${
              showPicker
                ? html`<connect-option-picker
                  exportparts=${PICKER_PARTS}
                  locale=${ifDefined(this.locale)}
                  .messages=${this.messages}
                  .options=${state.options.map((o) => ({ key: o.key ?? '', title: o.title }))}
                  .value=${current?.key ?? ''}
                  ?disabled=${state.sending}
                  @connect-option-change=${this.onOptionChange}
                ></connect-option-picker>`
                : nothing
            }
            ${state.options.map((o) => this.renderOption(o, o === current))}
            <p class="alert" part="alert" role="alert">${state.alert || state.configuration?.message || ''}</p>`
      }
      ${live}
    </div>`;
  }

  private renderOption(option: ResolvedOption, shown: boolean): TemplateResult {
    const state = this.state;
    const widgetText = widgetTextOf(this.i18n.translator);
    const def = state.connector!;
    const help = isHttpUrl(option.helpUri) ? option.helpUri : undefined;
    const label = isOAuth(option.type) ? widgetText.continueWith(def.name) : widgetText.connect(def.name);
    const flowBusy = state.flowOption === option.key && (state.flow?.view.busy ?? false);
    const busy = state.sending || flowBusy;
    const { fixed } = splitContext(option, this.context);
    return html`<section class="option" ?hidden=${!shown} data-option=${option.key ?? ''}>
      ${option.description ? html`<p class="description">${option.description}</p>` : nothing}
      ${help ? html`<a href=${help} target="_blank" rel="noopener noreferrer">${widgetText.helpLink}</a>` : nothing}
      ${
        asksFields(option) && this.formState === 'failed'
          ? html`<p class="alert" part="alert" role="alert">${this.i18n.translator.t('error.network')}</p>
              <button type="button" class="secondary" part="connect" data-retry @click=${() => this.retryForm()}>${this.i18n.translator.t('oauth.retry')}</button>`
          : asksFields(option)
            ? html`<connect-form
            exportparts=${FORM_PARTS}
            data-option=${option.key ?? ''}
            locale=${ifDefined(this.locale)}
            .messages=${this.messages}
            .schema=${option.schema}
            .values=${this.values}
            .fixed=${fixed}
            ?busy=${busy}
            ?disabled=${this.retry.waiting}
            submit-label=${label}
            @connect-form-submit=${() => this.intent(option)}
            @connect-error=${(e: ConnectErrorEvent) => this.onFormError(e)}
          ></connect-form>`
            : html`<button class="primary" part="connect" ?disabled=${this.retry.waiting} aria-disabled=${busy ? 'true' : 'false'} @click=${() => this.intent(option)}>
            ${busy ? `${label}…` : label}
          </button>`
      }
      ${
        shown && this.retry.waiting
          ? // role=timer is not announced each second; the end is ("You can try again now.").
            html`<p class="countdown" part="retry-after" role="timer">${widgetText.tryAgainIn(this.retry.left)}</p>`
          : nothing
      }
      ${isOAuth(option.type) ? this.renderFlow(option) : nothing}
    </section>`;
  }

  /** The sign-in's status ("Waiting for X…") and its buttons (Reopen, Cancel, Try again, Continue in this window). */
  private renderFlow(option: ResolvedOption): TemplateResult | typeof nothing {
    const { flow, flowOption, redirecting, connector } = this.state;
    if (flowOption !== option.key) return nothing;
    const tr = this.i18n.translator;
    if (redirecting) return html`<div class="flow" part="oauth-status"><p role="status">${widgetTextOf(tr).takingYouTo(connector!.name)}</p></div>`;
    if (!flow || flow.status === 'idle' || flow.status === 'done') return nothing;
    const failed = flow.status === 'failed';
    // Failures interrupt (alert); progress is announced politely.
    return html`<div class="flow" part="oauth-status" data-status=${flow.status}>
      <p role=${failed ? 'alert' : 'status'} class=${failed ? 'alert' : 'progress'}>${oauthStatusText(flow, tr)}</p>
      ${
        flow.view.actions.length
          ? html`<div class="actions">
            ${flow.view.actions.map(
              (action) => html`<button type="button" class=${action === 'retry' || action === 'redirect' ? 'secondary' : 'plain'} data-action=${action} @click=${() => this.onAction(action, option)}>
                ${oauthActionText(action, tr)}
              </button>`,
            )}
          </div>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connect-widget': ConnectWidget;
  }
}

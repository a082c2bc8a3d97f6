import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isObject, type JsonObject, type JsonValue } from '../../core/json.js';
import { isOAuth as isOAuthType, listOptions, parseConnector, type Connector, type ResolvedOption } from '../../core/connector.js';
import { AttemptKeys, buildRequestBody, checkEndpoint, isRetryable, postToEndpoint, type HeadersInput } from '../../core/transport.js';
import { maskSecrets, type ConnectErrorInfo } from '../../core/errors.js';
import { safeHttpUrl } from '../../core/schema.js';
import { saveRedirectFlow, takeRedirectResult, type OAuthAction, type OAuthFlowSnapshot } from '../../core/oauth.js';
import { OAuthPopupController } from './oauth-popup.js';
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
import { connectionOf, type Connection } from '../../core/protocol.js';
import { oauthErrorText, oauthStatusText } from '../../core/text/widget.js';

export type { Connection };

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

// The inner form's parts, forwarded under their own names so that `connect-widget::part(submit)`
// (and the rest) reach into the form: a host themes the whole widget from outside.
const FORM_PARTS = 'form, field, label, input, help, help-button, help-link, error, reveal, summary, submit, group, row, add, remove';
const isOAuth = (o: ResolvedOption) => isOAuthType(o.type);

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
 * @csspart alert - Errors that are not about one field.
 * @csspart connect - The one-click Connect button of options that ask nothing.
 * @csspart oauth-status - The sign-in status ("Waiting for …") and its buttons (Reopen window, Cancel, Try again, Continue in this window).
 * @csspart title - The "Connect <name>" heading.
 * @csspart success - The "Connected to <name>." message.
 * @csspart status - The live region (visually hidden).
 * @cssproperty --connect-color-success - The border of the "Connected" message.
 *
 * The parts and custom properties of the inner `<connect-form>` and `<connect-option-picker>` are
 * forwarded (`exportparts`) and inherited; custom-elements.json lists them on this element too.
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
  // OAuth: the popup flow, the option it runs for, and the error already reported for it (a failed request).
  private readonly oauth = new OAuthPopupController(this, (snapshot, previous) => this.onFlowChange(snapshot, previous));
  private flowOption?: ResolvedOption;
  private flowErrorReported = false;
  private redirecting = '';

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
        return this.invalid([`it could not be loaded from ${this.connectorUrl}: ${e instanceof SyntaxError ? 'the answer is not JSON' : (e as Error).message}.`]);
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
    // Back from "Continue in this window": finish that sign-in before telling the host which option is shown.
    this.resumeRedirect();
    this.dispatchEvent(new ConnectReadyEvent({ connector: parsed.connector.key, option: this.currentOption?.key ?? null }));
  }

  private invalid(problems: string[]): void {
    this.phase = 'invalid';
    this.definition = undefined;
    this.options = [];
    // Each problem is a fragment ("key is missing") or a sentence; listed as one sentence, separated by semicolons.
    this.problem = `This connector cannot be used: ${problems.map((p) => p.replace(/\.$/, '')).join('; ')}.`;
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
    if (isOAuth(option)) return this.startOAuth(option);
    if (this.sending || Date.now() < this.retryAt) return;
    const endpoint = this.checkedEndpoint();
    if (!endpoint) return;
    if (!this.submitAllowed(option, 'credentials')) return;
    const form = this.formFor(option);
    const { context } = this.splitContext(option);
    const fields = (form?.getValue() ?? {}) as JsonObject;
    const body = JSON.stringify(
      buildRequestBody({ connector: this.definition!.key, option: option.key, type: option.type, step: 'credentials', fields, context, connectionId: this.connectionId }),
    );
    const secrets = form?.secretValues() ?? [];
    this.sending = true;
    this.alert = '';
    this.announced = 'Connecting…';
    if (form) form.busy = true;
    this.requestUpdate();
    try {
      const outcome = await this.post(endpoint, body, form, secrets);
      if (outcome.kind === 'success') {
        const connection = connectionOf(outcome.data);
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

  /** The token endpoint if security rule 3 allows it; otherwise the error is shown and reported. */
  private checkedEndpoint(): string | undefined {
    const endpoint = checkEndpoint(this.tokenEndpoint ?? '', location.origin);
    if (endpoint.ok) return endpoint.url;
    this.alert = endpoint.message;
    this.requestUpdate();
    this.fail({ code: this.tokenEndpoint ? 'invalid-endpoint' : 'configuration', message: endpoint.message });
    return undefined;
  }

  /** The redirect URI, which must be a page of this origin (the callback answers its own origin only). */
  private checkedRedirect(): URL | undefined {
    let message = '';
    let url: URL | undefined;
    if (!this.redirectUri) message = 'Signing in with OAuth needs the redirect-uri attribute: a page of this site that loads connect-widget/callback.';
    else {
      try {
        url = new URL(this.redirectUri, location.href);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) message = `The redirect-uri "${this.redirectUri}" is not a URL.`;
      else if (url.origin !== location.origin) message = `The redirect-uri must be a page of this site (${location.origin}), not ${url.origin}: the sign-in result is only handed back within one origin.`;
    }
    if (!message) return url;
    this.alert = message;
    this.requestUpdate();
    this.fail({ code: 'configuration', message });
    return undefined;
  }

  /**
   * OAuth, on the user's click: the popup opens in this task (no await before it), then `oauth-start`
   * is sent and the popup is pointed at the provider.
   */
  private startOAuth(option: ResolvedOption): void {
    if (this.oauth.active) {
      // One click, one popup: a second click brings the running flow's window forward.
      this.oauth.focus();
      return;
    }
    if (this.sending || Date.now() < this.retryAt) return;
    const endpoint = this.checkedEndpoint();
    const redirect = endpoint ? this.checkedRedirect() : undefined;
    if (!endpoint || !redirect) return;
    if (!this.submitAllowed(option, 'oauth-start')) return;
    const form = this.formFor(option);
    this.alert = '';
    this.redirecting = '';
    this.flowOption = option;
    this.flowErrorReported = false;
    const opened = this.oauth.open(
      { connector: this.definition!.key, option: option.key, providerName: this.definition!.name, expectedOrigin: redirect.origin },
      this.oauthTimeout,
    );
    if (opened !== 'opened') return;
    void this.sendOAuthStart(option, endpoint, redirect.href, form, 'popup');
  }

  /** Fires the cancelable `connect-submit`; false when the host prevented it (submit() then rejects). */
  private submitAllowed(option: ResolvedOption, step: 'credentials' | 'oauth-start'): boolean {
    const submitEvent = new ConnectSubmitEvent({ connector: this.definition!.key, option: option.key, step });
    this.dispatchEvent(submitEvent);
    if (!submitEvent.defaultPrevented) return true;
    this.pending?.reject(new ConnectError('cancelled', 'The host cancelled the submit.'));
    this.pending = undefined;
    return false;
  }

  /** Sends `oauth-start` with the connection parameters; then the popup (or this window) goes to the provider. */
  private async sendOAuthStart(option: ResolvedOption, endpoint: string, redirectUri: string, form: ConnectForm | null, mode: 'popup' | 'redirect'): Promise<void> {
    const { context } = this.splitContext(option);
    const fields = (form?.getValue() ?? {}) as JsonObject;
    const secrets = form?.secretValues() ?? [];
    const body = JSON.stringify(
      buildRequestBody({ connector: this.definition!.key, option: option.key, type: option.type, step: 'oauth-start', fields, context, connectionId: this.connectionId, extra: { redirectUri } }),
    );
    this.sending = true;
    this.requestUpdate();
    let outcome: Awaited<ReturnType<typeof postToEndpoint>>;
    try {
      outcome = await this.post(endpoint, body, form, secrets);
    } finally {
      this.sending = false;
      this.requestUpdate();
    }
    // The user cancelled (or the flow timed out) while oauth-start was on its way: that end was reported already.
    if (mode === 'popup' && !this.oauth.active) {
      this.keys.settle('final');
      return;
    }
    const answer = outcome.kind === 'success' && isObject(outcome.data) ? outcome.data : undefined;
    const authorizationUrl = typeof answer?.authorizationUrl === 'string' ? answer.authorizationUrl : undefined;
    const state = typeof answer?.state === 'string' && answer.state !== '' ? answer.state : undefined;
    if (outcome.kind === 'error' || !authorizationUrl || !state || !safeHttpUrl(authorizationUrl)) {
      const info: ConnectErrorInfo =
        outcome.kind === 'error' ? outcome.info : { code: 'server', message: `${this.definition!.name} sign-in could not be started: the token endpoint answered without a valid authorization URL and state.` };
      this.keys.settle(isRetryable(info) ? 'retryable' : 'final');
      return this.oauthFailed(form, info, secrets, mode);
    }
    this.keys.settle('final');
    if (mode === 'popup') {
      this.oauth.navigate(authorizationUrl, state);
      return;
    }
    // Redirect mode: only non-secret flow state is stored (docs/oauth.md); the server sealed the rest in its cookie.
    const saved = saveRedirectFlow(sessionStorage, { connector: this.definition!.key, option: option.key, state, returnUrl: location.href, startedAt: Date.now() });
    if (!saved) {
      this.redirecting = '';
      return this.oauthFailed(form, { code: 'configuration', message: 'This browser does not let the page remember the sign-in across a redirect (storage is blocked). Allow pop-ups for this site and try again.' }, secrets, mode);
    }
    location.assign(authorizationUrl);
  }

  /** One POST to the token endpoint with this element's settings. */
  private post(url: string, body: string, form: ConnectForm | null, secrets: string[]) {
    return postToEndpoint({
      url,
      body,
      headers: this.headers,
      credentials: this.credentials === 'include' ? 'include' : 'same-origin',
      timeoutMs: this.timeout,
      idempotencyKey: this.keys.keyFor(body),
      fetch: globalThis.fetch.bind(globalThis),
      fieldResolves: (pointer: string) => form?.hasField(pointer) ?? false,
      secrets,
    });
  }

  /** A failed OAuth request: the flow ends with the error, which is shown and reported once, with its field errors. */
  private oauthFailed(form: ConnectForm | null, info: ConnectErrorInfo, secrets: string[], mode: 'popup' | 'redirect'): void {
    const message = maskSecrets(info.message, secrets);
    const formErrors = (info.formErrors ?? []).map((m) => maskSecrets(m, secrets));
    const fieldErrors = (info.fieldErrors ?? []).map((e) => ({ pointer: e.pointer, message: maskSecrets(e.message, secrets) }));
    const text = [message, ...formErrors].join(' ');
    // Connection parameters the server refused go onto their fields; the sentence goes to the flow's panel.
    if (form && fieldErrors.length) form.setErrors(fieldErrors);
    if (mode === 'popup' && this.oauth.active) {
      this.flowErrorReported = true;
      this.oauth.fail(info.code, text);
    } else {
      this.redirecting = '';
      this.alert = text;
    }
    this.announced = ''; // the flow's alert, or ours, says it
    if (info.retryAfterMs && info.retryAfterMs > 0) this.waitUntil(Date.now() + info.retryAfterMs, form);
    this.requestUpdate();
    this.fail({ code: info.code, message: text, ...(info.status ? { status: info.status } : {}), ...(fieldErrors.length ? { fieldErrors } : {}) });
  }

  /** The flow moved: render it, send the exchange when a result was accepted, report how it ended. */
  private onFlowChange(snapshot: OAuthFlowSnapshot, previous: OAuthFlowSnapshot | undefined): void {
    const form = this.flowOption ? this.formFor(this.flowOption) : null;
    if (form) form.busy = snapshot.view.busy;
    this.requestUpdate();
    if (snapshot.status === previous?.status && snapshot.state === previous?.state) return;
    if (snapshot.status === 'exchanging') void this.sendOAuthCallback(snapshot);
    else if (snapshot.status === 'failed' && snapshot.error) {
      if (this.flowErrorReported) this.flowErrorReported = false;
      else {
        this.announced = ''; // the flow's alert says it
        this.fail({ code: snapshot.error.code as ConnectErrorCode, message: oauthErrorText(snapshot.error, snapshot.providerName) });
      }
    } else if (snapshot.status === 'cancelled') {
      this.announced = ''; // the flow's status says it
      this.emitCancel(snapshot.cancelReason ?? 'popup-closed');
    }
  }

  /** Sends `oauth-callback` with the accepted result, once; the server exchanges the code. */
  private async sendOAuthCallback(snapshot: OAuthFlowSnapshot): Promise<void> {
    const option = this.options.find((o) => o.key === snapshot.option);
    const endpoint = checkEndpoint(this.tokenEndpoint ?? '', location.origin);
    if (!option || !snapshot.params) return;
    if (!endpoint.ok) {
      this.flowErrorReported = true;
      this.oauth.fail(this.tokenEndpoint ? 'invalid-endpoint' : 'configuration', endpoint.message);
      return this.fail({ code: this.tokenEndpoint ? 'invalid-endpoint' : 'configuration', message: endpoint.message });
    }
    const { context } = this.splitContext(option);
    const state = snapshot.params.state ?? '';
    // `fields` stay empty: the server uses the connection parameters it sealed at oauth-start.
    const body = JSON.stringify(
      buildRequestBody({ connector: this.definition!.key, option: option.key, type: option.type, step: 'oauth-callback', fields: {}, context, connectionId: this.connectionId, extra: { state, params: snapshot.params } }),
    );
    const outcome = await this.post(endpoint.url, body, null, []);
    const connection = outcome.kind === 'success' ? connectionOf(outcome.data) : undefined;
    // Each callback is sent once: whatever the answer, a new attempt starts with a new sign-in.
    this.keys.settle('final');
    if (connection) {
      this.oauth.succeed();
      this.succeed(connection, option);
      return;
    }
    const info: ConnectErrorInfo = outcome.kind === 'error' ? outcome.info : { code: 'server', message: 'The server answered without a connection. Try again, or contact support if it keeps happening.' };
    this.oauthFailed(null, info, [], 'popup');
  }

  /** Back from "Continue in this window": takes this connector's stored callback result and finishes the flow. */
  private resumeRedirect(): void {
    const def = this.definition;
    if (!def) return;
    const mine = (f: { connector: string; option: string | null }) => f.connector === def.key && this.options.some((o) => o.key === f.option && isOAuth(o));
    let result: ReturnType<typeof takeRedirectResult> = null;
    try {
      result = takeRedirectResult(sessionStorage, Date.now(), undefined, mine);
    } catch {
      result = null;
    }
    if (!result) return;
    const option = this.options.find((o) => o.key === result.option)!;
    if (option.key !== null) this.option = option.key;
    this.flowOption = option;
    this.flowErrorReported = false;
    this.oauth.resume(result, def.name, this.oauthTimeout);
  }

  /** "Continue in this window": the popup was blocked, so this page goes to the provider and comes back. */
  private continueInWindow(option: ResolvedOption): void {
    const endpoint = this.checkedEndpoint();
    const redirect = endpoint ? this.checkedRedirect() : undefined;
    if (!endpoint || !redirect || this.sending) return;
    this.redirecting = `Taking you to ${this.definition!.name}…`;
    this.announced = ''; // the flow's status says it
    this.requestUpdate();
    void this.sendOAuthStart(option, endpoint, redirect.href, this.formFor(option), 'redirect');
  }

  private onFlowAction(action: OAuthAction, option: ResolvedOption): void {
    const status = this.oauth.snapshot?.status;
    if (action === 'reopen') this.oauth.reopen();
    // Cancelling a window that is still open is the user's dismissal; SPEC's `popup-closed` is for a closed one.
    else if (action === 'cancel') this.oauth.cancel(status === 'waiting' ? 'dismissed' : 'popup-closed');
    else if (action === 'redirect') this.continueInWindow(option);
    else {
      const form = this.formFor(option);
      if (form) void form.requestSubmit();
      else this.startOAuth(option);
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
    this.announced = ''; // the alert (the form's, or ours) says it
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
    // For screen readers only (visually hidden): what no other region on screen says, i.e. progress
    // ("Connecting…"), success, and the end of a Retry-After wait. Errors are in role=alert regions and
    // OAuth progress in the flow's own status, so nothing is announced twice.
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
                  exportparts="picker, option"
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
    const busy = this.sending || (this.flowOption === option && (this.oauth.snapshot?.view.busy ?? false));
    const { fixed } = this.splitContext(option);
    return html`<section class="option" ?hidden=${!shown} data-option=${option.key ?? ''}>
      ${option.description ? html`<p class="description">${option.description}</p>` : nothing}
      ${help ? html`<a href=${help} target="_blank" rel="noopener noreferrer">How to find these details</a>` : nothing}
      ${needsForm(option)
        ? html`<connect-form
            exportparts=${FORM_PARTS}
            data-option=${option.key ?? ''}
            .schema=${option.schema}
            .values=${this.values}
            .fixed=${fixed}
            submit-label=${label}
            @connect-form-submit=${() => void this.start(option)}
            @connect-error=${(e: ConnectErrorEvent) => this.onFormError(e)}
          ></connect-form>`
        : html`<button class="primary" part="connect" ?disabled=${Date.now() < this.retryAt} aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.start(option)}>
            ${busy ? `${label}…` : label}
          </button>`}
      ${isOAuth(option) ? this.renderFlow(option) : nothing}
    </section>`;
  }

  private static readonly ACTION_LABELS: Record<OAuthAction, string> = {
    reopen: 'Reopen window',
    cancel: 'Cancel',
    retry: 'Try again',
    redirect: 'Continue in this window',
  };

  /** The sign-in's status ("Waiting for X…") and its buttons (Reopen, Cancel, Try again, Continue in this window). */
  private renderFlow(option: ResolvedOption): TemplateResult | typeof nothing {
    const snapshot = this.oauth.snapshot;
    if (this.redirecting && this.flowOption === option) {
      return html`<div class="flow" part="oauth-status"><p role="status">${this.redirecting}</p></div>`;
    }
    if (!snapshot || this.flowOption !== option || snapshot.status === 'idle' || snapshot.status === 'done') return nothing;
    const { view } = snapshot;
    // Failures interrupt (alert); progress is announced politely.
    return html`<div class="flow" part="oauth-status" data-status=${snapshot.status}>
      <p role=${snapshot.status === 'failed' ? 'alert' : 'status'} class=${snapshot.status === 'failed' ? 'alert' : 'progress'}>${oauthStatusText(snapshot)}</p>
      ${view.actions.length
        ? html`<div class="actions">
            ${view.actions.map(
              (action) => html`<button type="button" class=${action === 'retry' || action === 'redirect' ? 'secondary' : 'plain'} data-action=${action} @click=${() => this.onFlowAction(action, option)}>
                ${ConnectWidget.ACTION_LABELS[action]}
              </button>`,
            )}
          </div>`
        : nothing}
    </div>`;
  }

  private onFormError(e: ConnectErrorEvent): void {
    // A validation error from the form reaches the host by itself (it is composed); settle submit().
    if (e.detail.code === 'validation' && this.pending) {
      this.pending.reject(new ConnectError('validation', e.detail.message));
      this.pending = undefined;
    }
  }

  /** Ends what is under way with `connect-cancel` (used by `openConnect`'s dialog): a running sign-in is cancelled too. */
  cancel(reason: 'dismissed' | 'popup-closed' = 'dismissed'): void {
    // A running flow reports its own cancellation (once) through onFlowChange.
    if (this.oauth.active && this.oauth.snapshot?.status !== 'exchanging') return this.oauth.cancel(reason);
    this.emitCancel(reason);
  }

  private emitCancel(reason: 'dismissed' | 'popup-closed'): void {
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

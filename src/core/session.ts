/** One widget's connect session, DOM-free: loads the connector, checks the configuration, and runs each connect attempt (credentials or OAuth) to exactly one reported outcome. */
import { isOAuth, listOptions, parseConnector, type Connector, type ResolvedOption } from './connector.js';
import type { ConnectErrorInfo } from './errors.js';
import { maskSecrets } from './mask.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';
import { loadJson, type LoadInit } from './load.js';
import { createOAuthFlow, type OAuthAction, type OAuthFlow, type OAuthFlowMessage, type OAuthFlowSnapshot } from './oauth/flow.js';
import type { AcceptResult } from './oauth/message.js';
import { REDIRECT_FLOW_KEY, saveRedirectFlow, takeRedirectResult, type StorageLike } from './oauth/redirect.js';
import {
  connectionOf,
  oauthStartOf,
  OAUTH_FLOW_TTL_MS,
  POPUP_CLOSED_POLL_MS,
  type CancelReason,
  type ConnectErrorCode,
  type ConnectErrorDetail,
  type ConnectReadyDetail,
  type ConnectSubmitDetail,
  type Connection,
  type FieldError,
  type Step,
} from './protocol.js';
import { oauthErrorText, widgetTextOf } from './text/widget.js';
import { EN, type Translator } from './i18n/format.js';
import type { FetchInit, FetchResponseLike, PostResult } from './request.js';
import { AttemptKeys, buildRequestBody, checkEndpoint, isRetryable, requestTimeout, type HeadersInput } from './transport.js';
import { checkRedirectUri } from './url.js';

/** Clock and timers (injected: tests drive time by hand). */
export interface SessionClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** A popup window the port opened; `source` is what its messages carry as `event.source`. */
export interface PopupWindow {
  readonly source: unknown;
  /** True when the window reads closed (advisory: a provider's COOP makes it read true early). */
  readonly closed: boolean;
  navigate(url: string): void;
  focus(): void;
  close(): void;
}

/** The window side of the OAuth handshake (src/elements/widget/oauth-popup.ts in a browser). */
export interface PopupPort {
  /** Opens a popup at `url` in the current task (no await may precede it); null when the browser refused. */
  open(url: string): PopupWindow | null;
  /** Delivers every message of both callback routes until the returned function is called. */
  listen(deliver: (message: OAuthFlowMessage) => AcceptResult): () => void;
}

/** The page the widget runs in. */
export interface PagePort {
  /** The page's URL (relative endpoints and redirect URIs resolve against it). */
  href(): string;
  /** Navigates this page (redirect mode). */
  assign(url: string): void;
}

export type { LoadInit } from './load.js';

/** Everything outside the session, injected. */
export interface SessionPorts {
  /** The runtime's fetch (bound to globalThis in a browser): token-endpoint POSTs and the connector's GET. */
  fetch: (url: string, init: FetchInit | LoadInit) => Promise<FetchResponseLike>;
  clock: SessionClock;
  popup: PopupPort;
  page: PagePort;
  /** sessionStorage, or undefined when the browser refuses it. */
  storage: () => StorageLike | undefined;
  /** Idempotency-Key source (default: crypto.randomUUID). */
  randomUUID?: () => string;
}

/** What the element reports to the host and does to its forms, told by the session. */
export interface SessionHost {
  /** Fires the cancelable `connect-submit`; false when the host prevented it. */
  submitting(detail: ConnectSubmitDetail): boolean;
  /** The connector is loaded; the promise settles once its form is drawn (`connect-ready` fires then). */
  ready(detail: ConnectReadyDetail): void | Promise<void>;
  succeeded(connection: Connection): void;
  failed(detail: ConnectErrorDetail): void;
  cancelled(reason: CancelReason): void;
  /** Puts server field errors (and a summary) on the form of `option`. */
  showFieldErrors(option: ResolvedOption, fieldErrors: FieldError[], summary?: string): void;
  /** Security rule 2: every form empties its secret inputs. */
  clearSecrets(): void;
  /**
   * The values typed into the secret fields of `option`'s form right now, to mask them in messages that come
   * after `oauth-start` (the session keeps no copy: rule 2). Default: none.
   */
  secretsOf?(option: ResolvedOption): readonly string[];
}

/** The widget's settings, pushed by the element whenever one changes. */
export interface SessionConfig {
  /** The option shown (its key); an unknown or missing one means the first. */
  option?: string | null | undefined;
  tokenEndpoint?: string | undefined;
  redirectUri?: string | undefined;
  connectionId?: string | undefined;
  context?: Record<string, JsonValue> | undefined;
  headers?: HeadersInput | undefined;
  credentials?: 'same-origin' | 'include';
  timeoutMs?: number;
  oauthTimeoutMs?: number;
  /** The widget's locale (BCP 47), sent as `Accept-Language`. */
  locale?: string | undefined;
  /** The language of the sentences the session words itself; English when unset. */
  translator?: Translator | undefined;
}

/** What the form of an option gives a submit: its values, the secret ones among them, and which pointers name a field. */
export interface FormInput {
  fields: JsonObject;
  secrets: readonly string[];
  fieldResolves: (pointer: string) => boolean;
}

/** Where the session is. */
export type SessionPhase = 'empty' | 'loading' | 'invalid' | 'ready' | 'connected';

/** A read-only picture of the session, for rendering. */
export interface SessionState {
  phase: SessionPhase;
  connector: Connector | undefined;
  options: readonly ResolvedOption[];
  /** The sentence of an invalid connector. */
  problem: string;
  /** A configuration error for the current option (missing endpoint, OAuth without redirect-uri), shown from the start. */
  configuration: ConnectErrorDetail | undefined;
  /** The widget's own alert: an error that has no form to show it. */
  alert: string;
  /** For the live region: progress and success ("Connecting…", "Connected to X."). */
  announce: string;
  /** A request is on its way. */
  sending: boolean;
  /** Retry-After: Connect stays disabled until this time (ms since the epoch; 0 when not waiting). */
  retryUntil: number;
  /** The option the session chose (a resumed redirect flow's), or undefined: the element's `option` then decides. */
  option: string | null | undefined;
  /** The option whose OAuth flow `flow` is, and that flow's picture. */
  flowOption: string | null | undefined;
  flow: OAuthFlowSnapshot | undefined;
  /** Redirect mode under way: the page is about to go to the provider. */
  redirecting: boolean;
  connection: Connection | undefined;
}

/** How one attempt ended. `prevented` and `invalid` were already told (by the host or by the form): no event. */
type Outcome =
  { kind: 'success'; connection: Connection } | { kind: 'error'; detail: ConnectErrorDetail } | { kind: 'cancel'; reason: CancelReason } | { kind: 'prevented' } | { kind: 'invalid'; message: string };

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

/** The session's intents and its picture. */
export interface ConnectSession {
  readonly state: SessionState;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (state: SessionState) => void): () => void;
  /** New settings (the element's properties). */
  configure(config: SessionConfig): void;
  /** Loads a connector definition, or fetches it from `url` when `definition` is undefined. */
  load(definition: unknown, url?: string): Promise<void>;
  /** The user's Connect (or Continue with…) for `option`, with its form's values. */
  submit(option: ResolvedOption | undefined, form?: FormInput): void;
  /** The form refused the values (it reported `validation` itself): settles a waiting `settled()`. */
  invalid(message: string): void;
  /** A failure outside the session (the form's code could not be fetched): reported as `connect-error`, and settles a waiting `settled()`. */
  fail(detail: ConnectErrorDetail): void;
  /** The sign-in panel's buttons: Reopen window, Cancel, Try again, Continue in this window. */
  action(action: OAuthAction, option: ResolvedOption, form?: FormInput): void;
  /** Ends what is under way with `connect-cancel` (a dismissed dialog). */
  cancel(reason?: CancelReason): void;
  /** The outcome of the next attempt to end: resolves with the connection, rejects with a `ConnectError`. */
  settled(): Promise<Connection>;
  /** Back to the start: errors cleared, connected state left. */
  reset(): void;
  /** The element left the page: nothing answers the flow any more, timers and listeners are gone, and no earlier attempt reports. The session stays usable. */
  dispose(): void;
}

const NO_STATE: SessionState = {
  phase: 'empty',
  connector: undefined,
  options: [],
  problem: '',
  configuration: undefined,
  alert: '',
  announce: '',
  sending: false,
  retryUntil: 0,
  option: undefined,
  flowOption: undefined,
  flow: undefined,
  redirecting: false,
  connection: undefined,
};

let requestModule: Promise<typeof import('./request.js')> | undefined;
/**
 * The code that sends a request and reads its answer (request.ts and the error normalisation), fetched
 * once: a chunk of the script-tag build, fetched when the session first sends or right after its
 * connector is ready (after the first form is drawn). A failed fetch is tried again on the next call.
 */
export function loadRequest(): Promise<typeof import('./request.js')> {
  return (requestModule ??= import('./request.js').catch((e: unknown) => {
    requestModule = undefined;
    throw e;
  }));
}

/** True for an option that asks for fields before connecting (it has a schema), whatever its type. */
export function asksFields(option: ResolvedOption): boolean {
  return option.schema !== undefined;
}

/** Splits the host's `context`: keys that are top-level properties of the option's schema are fixed fields, the rest body context. */
export function splitContext(option: ResolvedOption, context: Record<string, JsonValue> | undefined): { fixed: JsonObject; context: JsonObject } {
  const fixed: JsonObject = {};
  const rest: JsonObject = {};
  const props = isObject(option.schema) && isObject(option.schema.properties) ? option.schema.properties : {};
  for (const [key, value] of Object.entries(context ?? {})) (Object.hasOwn(props, key) ? fixed : rest)[key] = value;
  return { fixed, context: rest };
}

/** The configuration problem that stops `option` from working, if any: no or a refused token endpoint, an OAuth option without a usable redirect URI. */
export function configurationProblem(config: SessionConfig, option: ResolvedOption | undefined, pageHref: string): ConnectErrorDetail | undefined {
  const endpoint = checkEndpoint(config.tokenEndpoint ?? '', pageHref);
  if (!endpoint.ok) return { code: config.tokenEndpoint ? 'invalid-endpoint' : 'configuration', message: endpoint.message };
  if (option && isOAuth(option.type)) {
    const redirect = checkRedirectUri(config.redirectUri, pageHref);
    if (!redirect.ok) return { code: 'configuration', message: redirect.message };
  }
  return undefined;
}

const sameProblem = (a: ConnectErrorDetail | undefined, b: ConnectErrorDetail | undefined) => a?.code === b?.code && a?.message === b?.message;

/** A masked error detail (security rule 1) and the lines that belong to no field. */
function masked(info: ConnectErrorInfo, secrets: readonly string[]): { detail: ConnectErrorDetail; formErrors: string[]; lead: string | undefined } {
  const message = maskSecrets(info.message, secrets);
  const fieldErrors = (info.fieldErrors ?? []).map((e) => ({ pointer: e.pointer, message: maskSecrets(e.message, secrets) }));
  const formErrors = (info.formErrors ?? []).map((m) => maskSecrets(m, secrets));
  return {
    detail: { code: info.code, message, ...(info.status ? { status: info.status } : {}), ...(fieldErrors.length ? { fieldErrors } : {}) },
    formErrors,
    lead: info.lead === undefined ? undefined : maskSecrets(info.lead, secrets),
  };
}

/** Creates one widget's session. */
export function createConnectSession(ports: SessionPorts, host: SessionHost): ConnectSession {
  const { clock } = ports;
  const keys = new AttemptKeys(ports.randomUUID);
  const listeners = new Set<(state: SessionState) => void>();
  let state: SessionState = NO_STATE;
  let config: SessionConfig = {};
  const text = () => widgetTextOf(config.translator);
  let selected: string | null = null;
  let loadSeq = 0;
  // Bumped by dispose(): outcomes and answers of an earlier generation are dropped (the element left the page).
  let generation = 0;
  let waiter: { resolve: (c: Connection) => void; reject: (e: ConnectError) => void } | undefined;
  // The OAuth side of the current flow: the machine, its popup, and the listener/poll it keeps while listening.
  let flow: OAuthFlow | undefined;
  let popup: PopupWindow | null = null;
  let stopListening: (() => void) | undefined;
  let pollTimer: unknown;

  const set = (patch: Partial<SessionState>) => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener(state);
  };

  const currentOption = (): ResolvedOption | undefined => state.options.find((o) => o.key === selected) ?? state.options[0];

  // ---- outcomes: each attempt has one promise, resolved once; the report hangs off it, so it runs once ----

  const report = (outcome: Outcome) => {
    if (outcome.kind === 'success') host.succeeded(outcome.connection);
    else if (outcome.kind === 'error') host.failed(outcome.detail);
    else if (outcome.kind === 'cancel') host.cancelled(outcome.reason);
    const w = waiter;
    waiter = undefined;
    if (!w) return;
    if (outcome.kind === 'success') w.resolve(outcome.connection);
    else if (outcome.kind === 'error') w.reject(new ConnectError(outcome.detail.code, outcome.detail.message));
    else if (outcome.kind === 'invalid') w.reject(new ConnectError('validation', outcome.message));
    else w.reject(new ConnectError('cancelled', outcome.kind === 'prevented' ? text().hostCancelled : text().cancelled));
  };

  /** One connect attempt: `settle` may be called from several places (a request, the flow's end); its promise takes the first. */
  const attempt = () => {
    let settle!: (outcome: Outcome) => void;
    const born = generation;
    void new Promise<Outcome>((resolve) => (settle = resolve)).then((outcome) => {
      if (born === generation) report(outcome);
    });
    return settle;
  };

  // ---- configuration ----

  const checkConfiguration = () => {
    if (state.phase !== 'ready') return;
    const problem = configurationProblem(config, currentOption(), ports.page.href());
    if (sameProblem(problem, state.configuration)) return;
    set({ configuration: problem });
    // Reported when it appears (at ready, or when a setting or the option changes), before anyone types.
    if (problem) attempt()({ kind: 'error', detail: problem });
  };

  // ---- requests ----

  const post = async (url: string, body: string, form: FormInput | undefined): Promise<PostResult> => {
    const timeoutMs = requestTimeout(config.timeoutMs);
    const translator = config.translator ?? EN;
    // The request's code may still be on its way: that wait counts against the request's timeout, and
    // a failed fetch is the network error a failed POST would be (nothing was sent).
    let timer: unknown;
    const late = new Promise<'late'>((resolve) => (timer = clock.setTimer(() => resolve('late'), timeoutMs)));
    const started = clock.now();
    const request = await Promise.race([loadRequest(), late]).catch(() => undefined);
    clock.clearTimer(timer);
    if (request === 'late') return { kind: 'error', info: { code: 'timeout', message: translator.t('error.noAnswer', { wait: translator.wait(timeoutMs) }) } };
    if (!request) return { kind: 'error', info: { code: 'network', message: translator.t('error.network') } };
    return request.postToEndpoint({
      url,
      body,
      headers: config.headers,
      credentials: config.credentials === 'include' ? 'include' : 'same-origin',
      timeoutMs: Math.max(1, timeoutMs - (clock.now() - started)),
      idempotencyKey: keys.keyFor(body),
      fetch: ports.fetch,
      fieldResolves: form?.fieldResolves ?? (() => false),
      secrets: form?.secrets ?? [],
      now: clock.now,
      ...(config.locale ? { locale: config.locale } : {}),
      ...(config.translator ? { translator: config.translator } : {}),
    });
  };

  const bodyFor = (option: ResolvedOption, step: Step, fields: JsonObject, extra?: Parameters<typeof buildRequestBody>[0]['extra']) =>
    JSON.stringify(
      buildRequestBody({
        connector: state.connector!.key,
        option: option.key,
        type: option.type,
        step,
        fields,
        context: splitContext(option, config.context).context,
        connectionId: config.connectionId ?? null,
        ...(extra ? { extra } : {}),
      }),
    );

  const waitRetryAfter = (info: ConnectErrorInfo) => {
    if (info.retryAfterMs && info.retryAfterMs > 0) set({ retryUntil: clock.now() + info.retryAfterMs });
  };

  const connected = (connection: Connection, settle: (o: Outcome) => void) => {
    // Security rule 2: secrets leave the inputs (and memory) once they have been used.
    host.clearSecrets();
    set({ phase: 'connected', connection, announce: text().connected(state.connector?.name ?? text().theService), alert: '' });
    settle({ kind: 'success', connection });
  };

  /** The checks every submit starts with; the configuration error (already shown) is reported again for this attempt. */
  const preflight = (option: ResolvedOption, step: Step, settle: (o: Outcome) => void): { endpoint: string; redirect?: string; origin?: string } | undefined => {
    const problem = configurationProblem(config, option, ports.page.href());
    if (problem) {
      set({ configuration: problem });
      settle({ kind: 'error', detail: problem });
      return undefined;
    }
    if (!host.submitting({ connector: state.connector!.key, option: option.key, step })) {
      settle({ kind: 'prevented' });
      return undefined;
    }
    const endpoint = checkEndpoint(config.tokenEndpoint ?? '', ports.page.href());
    const redirect = isOAuth(option.type) ? checkRedirectUri(config.redirectUri, ports.page.href()) : undefined;
    return {
      endpoint: endpoint.ok ? endpoint.url : '',
      ...(redirect?.ok ? { redirect: redirect.url, origin: redirect.origin } : {}),
    };
  };

  const busy = () => state.sending || clock.now() < state.retryUntil;

  /** The `credentials` step: one POST with the form's values. */
  const sendCredentials = async (option: ResolvedOption, form: FormInput | undefined) => {
    if (busy()) return;
    const settle = attempt();
    const ok = preflight(option, 'credentials', settle);
    if (!ok) return;
    const body = bodyFor(option, 'credentials', form?.fields ?? {});
    const secrets = form?.secrets ?? [];
    set({ sending: true, alert: '', announce: text().connecting });
    const born = generation;
    const outcome = await post(ok.endpoint, body, form);
    set({ sending: false });
    if (born !== generation) return;
    const connection = outcome.kind === 'success' ? connectionOf(outcome.data) : undefined;
    if (connection) {
      keys.settle('final');
      return connected(connection, settle);
    }
    // A 2xx without a connection is the server's fault, and retryable with the same key.
    const info: ConnectErrorInfo = outcome.kind === 'error' ? outcome.info : { code: 'server', message: text().noConnection };
    keys.settle(isRetryable(info) ? 'retryable' : 'final');
    const { detail, formErrors, lead } = masked(info, secrets);
    // With a Retry-After the screen shows the live countdown next to the message, so not the static wait.
    const summary = [lead ?? detail.message, ...formErrors].filter(Boolean).join(' ');
    if (asksFields(option)) host.showFieldErrors(option, detail.fieldErrors ?? [], summary);
    // The alert (the form's, or ours) says it: the live region stays quiet.
    set({ alert: asksFields(option) ? '' : summary, announce: '' });
    waitRetryAfter(info);
    settle({ kind: 'error', detail });
  };

  // ---- OAuth ----

  const stopFlowListening = () => {
    clock.clearTimer(pollTimer);
    pollTimer = undefined;
    stopListening?.();
    stopListening = undefined;
    try {
      if (popup && !popup.closed) popup.close();
    } catch {
      // Not ours to close any more.
    }
    popup = null;
  };

  const pollClosed = () => {
    clock.clearTimer(pollTimer);
    const tick = () => {
      if (!popup || popup.closed) flow?.popupClosedObserved();
      pollTimer = clock.setTimer(tick, POPUP_CLOSED_POLL_MS);
    };
    pollTimer = clock.setTimer(tick, POPUP_CLOSED_POLL_MS);
  };

  /** A new flow for `option` whose end settles this attempt: failed → error, cancelled → cancel (success is settled by the exchange). */
  const newFlow = (option: ResolvedOption, settle: (o: Outcome) => void, requestError: { detail?: ConnectErrorDetail }) => {
    flow?.dispose();
    stopFlowListening();
    let previous: OAuthFlowSnapshot | undefined;
    const created = createOAuthFlow({
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      timeoutMs: config.oauthTimeoutMs ?? OAUTH_FLOW_TTL_MS,
      onChange: (snapshot) => {
        if (created !== flow) return;
        if (snapshot.listening && !stopListening) stopListening = ports.popup.listen((message) => created.message(message));
        else if (!snapshot.listening) stopFlowListening();
        const moved = snapshot.status !== previous?.status || snapshot.state !== previous?.state;
        previous = snapshot;
        // The panel says what happens now; the live region stays quiet.
        set({ flow: snapshot, flowOption: option.key, announce: '' });
        if (!moved) return;
        if (snapshot.status === 'exchanging') void exchange(option, snapshot, settle, requestError);
        else if (snapshot.status === 'failed' && snapshot.error) {
          // A failed request carries its status and field errors; the flow's own ends have only a code.
          // Masked like every other message (rule 1): the provider's or the server's words may repeat a secret connection parameter.
          const message = maskSecrets(oauthErrorText(snapshot.error, snapshot.providerName, config.translator), host.secretsOf?.(option) ?? []);
          settle({ kind: 'error', detail: requestError.detail ? { ...requestError.detail, message } : { code: snapshot.error.code as ConnectErrorCode, message } });
        } else if (snapshot.status === 'cancelled') settle({ kind: 'cancel', reason: snapshot.cancelReason ?? 'popup-closed' });
      },
    });
    flow = created;
    return created;
  };

  /** A failed OAuth request: field errors onto the form, and the flow (or, in redirect mode, our alert) says the rest. */
  const oauthRequestFailed = (
    option: ResolvedOption,
    info: ConnectErrorInfo,
    secrets: readonly string[],
    settle: (o: Outcome) => void,
    requestError: { detail?: ConnectErrorDetail },
    mode: 'popup' | 'redirect',
  ) => {
    const { detail, formErrors } = masked(info, secrets);
    const text = [detail.message, ...formErrors].join(' ');
    if (detail.fieldErrors?.length) host.showFieldErrors(option, detail.fieldErrors);
    waitRetryAfter(info);
    if (mode === 'popup' && flow?.snapshot.listening) {
      requestError.detail = { ...detail, message: text };
      flow.fail(info.code, text);
    } else {
      set({ redirecting: false, alert: text, announce: '' });
      settle({ kind: 'error', detail: { ...detail, message: text } });
    }
  };

  /** Sends `oauth-start` with the connection parameters; then the popup (or this page) goes to the provider. */
  const sendOAuthStart = async (
    option: ResolvedOption,
    endpoint: string,
    redirectUri: string,
    form: FormInput | undefined,
    settle: (o: Outcome) => void,
    requestError: { detail?: ConnectErrorDetail },
    mode: 'popup' | 'redirect',
  ) => {
    const body = bodyFor(option, 'oauth-start', form?.fields ?? {}, { redirectUri });
    set({ sending: true });
    const born = generation;
    const outcome = await post(endpoint, body, form);
    set({ sending: false });
    if (born !== generation) return;
    // Cancelled (or timed out) while oauth-start was on its way: that end was settled already.
    if (mode === 'popup' && !flow?.snapshot.listening) {
      keys.settle('final');
      return;
    }
    const answer = outcome.kind === 'success' ? oauthStartOf(outcome.data) : undefined;
    if (!answer) {
      const info: ConnectErrorInfo = outcome.kind === 'error' ? outcome.info : { code: 'server', message: text().badOAuthStart(state.connector!.name) };
      keys.settle(isRetryable(info) ? 'retryable' : 'final');
      return oauthRequestFailed(option, info, form?.secrets ?? [], settle, requestError, mode);
    }
    keys.settle('final');
    if (mode === 'popup') {
      // The flow checks the URL (http(s) only) and the state; a refused answer ends it, and the popup closes.
      if (!flow!.started(answer.authorizationUrl, answer.state)) return;
      try {
        if (popup && !popup.closed) popup.navigate(answer.authorizationUrl);
      } catch {
        // A popup we can no longer reach: the closed poll and Reopen take it from here.
      }
      return;
    }
    // Redirect mode: only non-secret flow state is stored; the server sealed the rest in its cookie.
    const storage = ports.storage();
    const saved = !!storage && saveRedirectFlow(storage, { connector: state.connector!.key, option: option.key, state: answer.state, returnUrl: ports.page.href(), startedAt: clock.now() });
    if (!saved) return oauthRequestFailed(option, { code: 'configuration', message: text().storageBlocked }, [], settle, requestError, mode);
    ports.page.assign(answer.authorizationUrl);
  };

  /** `oauth-callback` with the accepted result, once; the server exchanges the code. */
  const exchange = async (option: ResolvedOption, snapshot: OAuthFlowSnapshot, settle: (o: Outcome) => void, requestError: { detail?: ConnectErrorDetail }) => {
    const endpoint = checkEndpoint(config.tokenEndpoint ?? '', ports.page.href());
    if (!endpoint.ok || !snapshot.params) {
      const code = config.tokenEndpoint ? 'invalid-endpoint' : 'configuration';
      requestError.detail = { code, message: endpoint.ok ? text().noConnection : endpoint.message };
      flow?.fail(code, requestError.detail.message);
      return;
    }
    // `fields` stay empty: the server uses the connection parameters it sealed at oauth-start.
    const body = bodyFor(option, 'oauth-callback', {}, { state: snapshot.params.state ?? '', params: snapshot.params });
    const born = generation;
    const outcome = await post(endpoint.url, body, { fields: {}, secrets: host.secretsOf?.(option) ?? [], fieldResolves: () => false });
    if (born !== generation) return;
    // Each callback is sent once: whatever the answer, a new attempt starts with a new sign-in.
    keys.settle('final');
    const connection = outcome.kind === 'success' ? connectionOf(outcome.data) : undefined;
    if (connection) {
      flow?.succeed();
      return connected(connection, settle);
    }
    const info: ConnectErrorInfo = outcome.kind === 'error' ? outcome.info : { code: 'server', message: text().noConnection };
    oauthRequestFailed(option, info, host.secretsOf?.(option) ?? [], settle, requestError, 'popup');
  };

  /** The user's click on an OAuth option: the popup opens in this task, then `oauth-start` is sent. */
  const startOAuth = (option: ResolvedOption, form: FormInput | undefined) => {
    if (flow?.snapshot.listening) {
      // One click, one popup: a second click brings the running flow's window forward.
      popup?.focus();
      return;
    }
    if (busy()) return;
    const settle = attempt();
    const ok = preflight(option, 'oauth-start', settle);
    if (!ok) return;
    const requestError: { detail?: ConnectErrorDetail } = {};
    const created = newFlow(option, settle, requestError);
    set({ alert: '', redirecting: false });
    // A popup starts with a copy of this tab's sessionStorage: no stale redirect entry may ride along.
    try {
      ports.storage()?.removeItem(REDIRECT_FLOW_KEY);
    } catch {
      // Storage disabled: nothing to copy either.
    }
    created.start({ connector: state.connector!.key, option: option.key, providerName: state.connector!.name, expectedOrigin: ok.origin! });
    popup = ports.popup.open('about:blank');
    if (!popup) {
      created.fail('popup-blocked');
      return;
    }
    created.popupOpened(popup.source);
    pollClosed();
    void sendOAuthStart(option, ok.endpoint, ok.redirect!, form, settle, requestError, 'popup');
  };

  /** "Continue in this window": the popup was blocked, so this page goes to the provider and comes back. */
  const continueInWindow = (option: ResolvedOption, form: FormInput | undefined) => {
    if (state.sending) return;
    const settle = attempt();
    const problem = configurationProblem(config, option, ports.page.href());
    if (problem) return settle({ kind: 'error', detail: problem });
    const endpoint = checkEndpoint(config.tokenEndpoint ?? '', ports.page.href());
    const redirect = checkRedirectUri(config.redirectUri, ports.page.href());
    if (!endpoint.ok || !redirect.ok) return;
    set({ redirecting: true, announce: '' });
    void sendOAuthStart(option, endpoint.url, redirect.url, form, settle, {}, 'redirect');
  };

  const reopen = () => {
    if (!flow) return;
    if (popup && !popup.closed && flow.snapshot.status === 'waiting') {
      // Still open, only lost behind the page: bring it forward without restarting the sign-in.
      popup.focus();
      return;
    }
    const url = flow.reopen();
    if (!url) return;
    popup = ports.popup.open(url);
    if (!popup) {
      flow.fail('popup-blocked');
      return;
    }
    flow.popupOpened(popup.source);
    pollClosed();
  };

  /** Back from "Continue in this window": this connector's stored callback result finishes the flow. */
  const resumeRedirect = () => {
    const def = state.connector;
    const storage = ports.storage();
    if (!def || !storage) return;
    const mine = (f: { connector: string; option: string | null }) => f.connector === def.key && state.options.some((o) => o.key === f.option && isOAuth(o.type));
    const result = takeRedirectResult(storage, clock.now(), undefined, mine);
    if (!result) return;
    const option = state.options.find((o) => o.key === result.option)!;
    selected = option.key;
    set({ option: option.key });
    const settle = attempt();
    newFlow(option, settle, {}).resumeRedirect(result, def.name);
  };

  const session: ConnectSession = {
    get state() {
      return state;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    configure(next) {
      const optionChanged = (next.option ?? null) !== (config.option ?? null);
      config = { ...next };
      if (optionChanged) {
        selected = config.option ?? null;
        set({ alert: '' });
      }
      checkConfiguration();
    },

    async load(definition, url) {
      const seq = ++loadSeq;
      let input = definition;
      if (input === undefined && url) {
        set({ phase: 'loading' });
        const loaded = await loadJson(ports.fetch, url);
        if (seq !== loadSeq) return;
        if (!loaded.ok) {
          const why = 'status' in loaded ? text().answeredStatus(loaded.status) : 'notJson' in loaded ? text().notJson : loaded.error.message;
          return invalid([text().connectorNotLoaded(url, why)]);
        }
        input = loaded.value;
      }
      if (seq !== loadSeq) return;
      if (input === undefined) return set({ ...NO_STATE });
      const parsed = parseConnector(input);
      if (!parsed.ok) return invalid(parsed.problems);
      set({ ...NO_STATE, phase: 'ready', connector: parsed.connector, options: listOptions(parsed.connector) });
      // Back from "Continue in this window": finish that sign-in before telling the host which option is shown.
      resumeRedirect();
      await host.ready({ connector: parsed.connector.key, option: currentOption()?.key ?? null });
      // The first form is drawn: the code that sends is fetched now, so that Connect does not wait for it.
      loadRequest().catch(() => {});
      if (seq !== loadSeq) return;
      checkConfiguration();
    },

    submit(option, form) {
      if (state.phase !== 'ready' || !option) {
        attempt()({ kind: 'error', detail: { code: 'configuration', message: state.problem || text().notReady } });
        return;
      }
      if (isOAuth(option.type)) startOAuth(option, form);
      else void sendCredentials(option, form);
    },

    invalid(message) {
      // The form reported `validation` itself; this only settles a waiting submit().
      attempt()({ kind: 'invalid', message });
    },

    fail(detail) {
      attempt()({ kind: 'error', detail });
    },

    action(action, option, form) {
      if (action === 'reopen') reopen();
      // Cancelling a window that is still open is the user's dismissal; `popup-closed` is for a closed one.
      else if (action === 'cancel') flow?.cancel(flow.snapshot.status === 'waiting' ? 'dismissed' : 'popup-closed');
      else if (action === 'redirect') continueInWindow(option, form);
      else session.submit(option, form);
    },

    cancel(reason = 'dismissed') {
      // A running flow settles its own attempt (once) when it ends.
      if (flow?.snapshot.listening && flow.snapshot.status !== 'exchanging') {
        flow.cancel(reason);
        return;
      }
      attempt()({ kind: 'cancel', reason });
    },

    settled() {
      return new Promise<Connection>((resolve, reject) => {
        waiter?.reject(new ConnectError('cancelled', text().replaced));
        waiter = { resolve, reject };
      });
    },

    reset() {
      keys.clear();
      set({ alert: '', connection: undefined, phase: state.phase === 'connected' ? 'ready' : state.phase });
    },

    dispose() {
      generation++;
      // Security rule 2: the last request body (with its secrets) goes with the element.
      keys.clear();
      flow?.dispose();
      flow = undefined;
      stopFlowListening();
      waiter = undefined;
      set({ sending: false, flow: undefined, flowOption: undefined, redirecting: false });
    },
  };

  const invalid = (problems: string[]) => {
    const problem = text().invalidConnector(problems);
    set({ ...NO_STATE, phase: 'invalid', problem });
    attempt()({ kind: 'error', detail: { code: 'invalid-connector', message: problem } });
  };

  return session;
}

/**
 * The OAuth popup handshake, in plain TypeScript: parsing callback parameters, checking the
 * messages the callback page sends back, the flow's state machine, and the non-secret state kept
 * across a full-page redirect. No DOM types and no Lit, so it runs (and is tested) under Node; the
 * element and the callback page supply windows, timers and storage through the structural types
 * below. See docs/oauth.md for the protocol as a whole.
 */

/** Callback parameters: a null-prototype map from parameter name to its (first) value. */
export type CallbackParams = Record<string, string>;

/** The `type` of every message the callback page sends to the widget. */
export const CALLBACK_MESSAGE_TYPE = 'connect-widget:oauth-callback';

/** Name of the same-origin BroadcastChannel the callback page also posts on (survives a provider's COOP). */
export const CALLBACK_CHANNEL_NAME = 'connect-widget:oauth';

/** What the callback page posts, by postMessage to its opener and on the BroadcastChannel. */
export interface CallbackMessage {
  type: typeof CALLBACK_MESSAGE_TYPE;
  /** The `state` parameter of the callback, or null when the provider sent none. */
  state: string | null;
  params: CallbackParams;
}

// Keys that would reach Object.prototype (or a constructor) if ever copied into an ordinary
// object; dropped from parameters and fatal in a message, whatever their value.
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

function emptyParams(): CallbackParams {
  return Object.create(null) as CallbackParams;
}

// application/x-www-form-urlencoded decoding ('+' is a space). A malformed percent escape keeps
// its raw text rather than throwing: the server decides what to make of a broken code.
function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function parsePart(part: string, into: CallbackParams): void {
  const seen = new Set<string>();
  for (const pair of part.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
    if (key === '' || POISONED_KEYS.has(key)) continue;
    // RFC 6749 §3.1: a parameter MUST NOT appear twice. Within one part the first occurrence
    // counts (as URLSearchParams.get does), so an appended duplicate cannot override it.
    if (seen.has(key)) continue;
    seen.add(key);
    into[key] = value;
  }
}

/**
 * All parameters of a callback URL, from its query (`search`) and its fragment (`hash`). When a
 * name is in both, the fragment wins: a provider answering with `response_mode=fragment` puts its
 * response there, while the query then only holds what the redirect URI itself carried.
 */
export function parseCallbackParams(search: string, hash: string): CallbackParams {
  const params = emptyParams();
  parsePart(search.startsWith('?') ? search.slice(1) : search, params);
  parsePart(hash.startsWith('#') ? hash.slice(1) : hash, params);
  return params;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when `params` is a plain object of string values with no prototype-polluting key. */
function isParams(value: unknown): value is CallbackParams {
  if (!isPlainRecord(value)) return false;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || POISONED_KEYS.has(key)) return false;
    const desc = Object.getOwnPropertyDescriptor(value, key);
    if (!desc || !('value' in desc) || typeof desc.value !== 'string') return false;
  }
  return true;
}

/**
 * True for a well-formed callback message. Checked before anything reads it (checklist 14): the
 * data of a `message` event can come from any window, so strings, null, arrays, objects with
 * accessors or `__proto__`/`constructor` keys, non-string params, and a `state` that disagrees
 * with `params.state` are all refused.
 */
export function isCallbackMessage(data: unknown): data is CallbackMessage {
  if (!isPlainRecord(data)) return false;
  for (const key of Reflect.ownKeys(data)) {
    if (typeof key !== 'string' || POISONED_KEYS.has(key)) return false;
  }
  if (!own(data, 'type') || data.type !== CALLBACK_MESSAGE_TYPE) return false;
  if (!own(data, 'params') || !isParams(data.params)) return false;
  if (!own(data, 'state')) return false;
  const state = data.state;
  if (state !== null && typeof state !== 'string') return false;
  const paramState = own(data.params, 'state') ? data.params.state : undefined;
  return state === (paramState ?? null);
}

function copyParams(params: CallbackParams): CallbackParams {
  const copy = emptyParams();
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy;
}

/** Which route a message came by: `window.postMessage` from the popup, or the BroadcastChannel. */
export type MessageRoute = 'postMessage' | 'broadcast';

/** Why a message was refused. */
export type RejectReason =
  | 'wrong-origin'
  | 'wrong-source'
  | 'malformed'
  | 'no-pending-flow'
  | 'already-consumed'
  | 'missing-state'
  | 'wrong-state';

/** What `acceptMessage` needs to know about one incoming message and the flow it may answer. */
export interface AcceptMessageInput {
  /** The route the message came by; BroadcastChannel messages carry no `source`. */
  via: MessageRoute;
  /** `event.origin`. */
  origin: string;
  /** The origin of the redirect URI (which must be the page's own origin). */
  expectedOrigin: string;
  /** `event.source` (postMessage route only). */
  source?: unknown;
  /** The popup this flow opened (postMessage route only). */
  expectedSource?: unknown;
  /** `event.data`, untrusted. */
  data: unknown;
  /** The state `oauth-start` returned, or null when no flow is waiting. */
  pendingState: string | null;
  /** True once this flow has accepted a message. */
  consumed: boolean;
}

/** The verdict on one message: its params (a fresh null-prototype copy) or why it was refused. */
export type AcceptResult =
  | { accept: true; state: string; params: CallbackParams }
  | { accept: false; reason: RejectReason };

/**
 * Decides whether a message answers the pending flow. RFC 9700 §4.18: the origin is compared as
 * an exact string (no prefix, suffix or URL parsing, so `https://app.example.com.evil` and
 * another port or scheme fail) and an opaque `"null"` origin never matches; a postMessage must
 * come from our own popup; the state must equal the pending one; and a flow accepts once.
 */
export function acceptMessage(input: AcceptMessageInput): AcceptResult {
  const { origin, expectedOrigin } = input;
  if (expectedOrigin === '' || expectedOrigin === 'null' || origin !== expectedOrigin) {
    return { accept: false, reason: 'wrong-origin' };
  }
  // A same-origin iframe on the host page can postMessage too; only our popup may answer. A null
  // expected source matches nothing (event.source is null for many senders).
  if (input.via === 'postMessage' && (input.expectedSource == null || input.source !== input.expectedSource)) {
    return { accept: false, reason: 'wrong-source' };
  }
  if (!isCallbackMessage(input.data)) return { accept: false, reason: 'malformed' };
  if (input.pendingState === null || input.pendingState === '') return { accept: false, reason: 'no-pending-flow' };
  if (input.consumed) return { accept: false, reason: 'already-consumed' };
  const { state, params } = input.data;
  if (state === null || state === '') return { accept: false, reason: 'missing-state' };
  if (state !== input.pendingState) return { accept: false, reason: 'wrong-state' };
  return { accept: true, state, params: copyParams(params) };
}

// ---------------------------------------------------------------------------------------------
// The flow state machine
// ---------------------------------------------------------------------------------------------

/** Where a flow is. `popup-closed-suspected`: the popup reads closed, but a result may still come. */
export type OAuthFlowStatus =
  | 'idle'
  | 'opening'
  | 'waiting'
  | 'popup-closed-suspected'
  | 'exchanging'
  | 'done'
  | 'failed'
  | 'cancelled';

/** A `connect-error` code a flow can end with (transport codes come in through `fail`). */
export type OAuthErrorCode = 'popup-blocked' | 'oauth-denied' | 'state-mismatch' | 'timeout' | (string & Record<never, never>);

/** Why a flow was cancelled, as `connect-cancel { reason }`. */
export type OAuthCancelReason = 'popup-closed' | 'dismissed';

/** A button the element shows for the current state. */
export type OAuthAction = 'reopen' | 'cancel' | 'retry' | 'redirect';

/** What the element renders: an English status text, the buttons to offer, and whether it is busy. */
export interface OAuthFlowView {
  /** Stable key for localisation: the status, or `failed:<code>` for a failure. */
  key: string;
  text: string;
  actions: readonly OAuthAction[];
  busy: boolean;
}

/** A read-only picture of a flow after each event. */
export interface OAuthFlowSnapshot {
  status: OAuthFlowStatus;
  connector: string | null;
  option: string | null;
  providerName: string;
  /** The pending state, from `started` until the flow ends. */
  state: string | null;
  authorizationUrl: string | null;
  /** `now()` when the flow started. */
  startedAt: number | null;
  /** The accepted callback params while `exchanging`: what the element sends as `oauth-callback`. */
  params: CallbackParams | null;
  error: { code: OAuthErrorCode; message: string } | null;
  cancelReason: OAuthCancelReason | null;
  /** True while message listeners and the BroadcastChannel must stay open; false: remove them. */
  listening: boolean;
  view: OAuthFlowView;
}

/** Clock and timers, injected so tests drive time by hand. */
export interface OAuthFlowOptions {
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Flow timeout from `start` (default 600000: the 10 minutes of the server's state cookie). */
  timeoutMs?: number;
  /** How long the popup must read closed before Reopen/Cancel show (default 1000). */
  closedGraceMs?: number;
  /** Called after every state change. */
  onChange?: (snapshot: OAuthFlowSnapshot) => void;
}

/** What `start` needs: the flow's connector and option keys, a display name and the redirect URI's origin. */
export interface OAuthFlowStart {
  connector: string;
  option: string | null;
  providerName: string;
  expectedOrigin: string;
}

/** One incoming message, as the element's `message` listener or channel listener sees it. */
export interface OAuthFlowMessage {
  via: MessageRoute;
  origin: string;
  source?: unknown;
  data: unknown;
}

/** The flow's events; each returns whether it changed anything (or the acceptance verdict). */
export interface OAuthFlow {
  readonly snapshot: OAuthFlowSnapshot;
  /** The user clicked: idle or ended → opening. False while a flow is active (one click, one popup). */
  start(init: OAuthFlowStart): boolean;
  /** Records the window `window.open` returned: the only `event.source` accepted by postMessage. */
  popupOpened(popup: unknown): void;
  /** `oauth-start` answered: opening → waiting. False when the flow was ended meanwhile (do not navigate). */
  started(authorizationUrl: string, state: string): boolean;
  /** The popup reads `closed`; advisory only (COOP makes it read true early): starts the grace timer. */
  popupClosedObserved(): void;
  /** The user chose Reopen: back to waiting; returns the URL to open again, or null. */
  reopen(): string | null;
  /** An incoming message; accepted at most once, and only while waiting. */
  message(event: OAuthFlowMessage): AcceptResult;
  /** The user cancelled (default reason `popup-closed`). */
  cancel(reason?: OAuthCancelReason): boolean;
  /** The flow timed out: failed with code `timeout`. Also fired by the flow's own timer. */
  timeout(): boolean;
  /** `oauth-callback` answered with a connection: exchanging → done. */
  succeed(): boolean;
  /** Ends the flow with an error (popup blocked, a failed request, ...). */
  fail(code: OAuthErrorCode, message?: string): boolean;
  /** Back from a full-page redirect: resumes with the stored result (see `takeRedirectResult`). */
  resumeRedirect(result: RedirectResult, providerName: string): boolean;
  /** Clears all timers; the flow ignores everything afterwards (element removed). */
  dispose(): void;
}

const ACTIVE: ReadonlySet<OAuthFlowStatus> = new Set(['opening', 'waiting', 'popup-closed-suspected', 'exchanging']);

// RFC 6749 §4.1.2.1 limits error_description to printable ASCII; whatever a provider sends, the
// text shown is one plain line of bounded length.
function cleanProviderText(text: string | undefined, max = 300): string {
  if (text === undefined) return '';
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function defaultErrorMessage(code: OAuthErrorCode, provider: string): string {
  switch (code) {
    case 'popup-blocked':
      return `Your browser blocked the ${provider} sign-in window. Try again, or continue in this window.`;
    case 'timeout':
      return `Signing in to ${provider} took too long. Try again.`;
    case 'state-mismatch':
      return `The answer from ${provider} did not match this sign-in request. Try again.`;
    case 'oauth-denied':
      return `${provider} did not grant access.`;
    default:
      return `Connecting to ${provider} failed. Try again.`;
  }
}

function deniedMessage(params: CallbackParams, provider: string): string {
  const description = cleanProviderText(params.error_description);
  if (description) return `${provider} did not grant access: ${description}`;
  const error = cleanProviderText(params.error, 80);
  return error ? `${provider} did not grant access (${error}).` : `${provider} did not grant access.`;
}

function viewOf(s: Omit<OAuthFlowSnapshot, 'view' | 'listening'>): OAuthFlowView {
  const p = s.providerName;
  switch (s.status) {
    case 'idle':
      return { key: 'idle', text: '', actions: [], busy: false };
    case 'opening':
      return { key: 'opening', text: `Connecting to ${p}…`, actions: [], busy: true };
    case 'waiting':
      // Reopen brings back a window lost behind the page; Cancel gives up without waiting for the timeout.
      return { key: 'waiting', text: `Waiting for ${p}… Finish signing in in the ${p} window.`, actions: ['reopen', 'cancel'], busy: true };
    case 'popup-closed-suspected':
      return {
        key: 'popup-closed-suspected',
        text: `The ${p} window seems to be closed. Reopen it to finish signing in, or cancel.`,
        actions: ['reopen', 'cancel'],
        busy: false,
      };
    case 'exchanging':
      return { key: 'exchanging', text: `Finishing the connection to ${p}…`, actions: [], busy: true };
    case 'done':
      return { key: 'done', text: `Connected to ${p}.`, actions: [], busy: false };
    case 'cancelled':
      return { key: 'cancelled', text: `Signing in to ${p} was cancelled.`, actions: ['retry'], busy: false };
    case 'failed': {
      const code = s.error?.code ?? 'server';
      return {
        key: `failed:${code}`,
        text: s.error?.message ?? defaultErrorMessage(code, p),
        actions: code === 'popup-blocked' ? ['retry', 'redirect'] : ['retry'],
        busy: false,
      };
    }
  }
}

/** True for an `http:`/`https:` URL string: anything else (`javascript:`, `data:`) must never reach a popup. */
function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^/?#\s]/i.test(url);
}

/**
 * Creates one widget's OAuth flow. The element feeds it events and renders `snapshot.view`; the
 * machine owns the rules: one active flow at a time, the pending state, accept-once, the
 * closed-popup grace, the timeout, and ignoring anything that arrives after the flow ended.
 */
export function createOAuthFlow(options: OAuthFlowOptions): OAuthFlow {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const closedGraceMs = options.closedGraceMs ?? 1000;
  let status: OAuthFlowStatus = 'idle';
  let connector: string | null = null;
  let option: string | null = null;
  let providerName = '';
  let expectedOrigin = '';
  let expectedSource: unknown = null;
  let state: string | null = null;
  let authorizationUrl: string | null = null;
  let startedAt: number | null = null;
  let params: CallbackParams | null = null;
  let error: OAuthFlowSnapshot['error'] = null;
  let cancelReason: OAuthCancelReason | null = null;
  let consumed = false;
  let disposed = false;
  let timeoutTimer: unknown = null;
  let graceTimer: unknown = null;

  const clearTimeoutTimer = () => {
    if (timeoutTimer !== null) options.clearTimer(timeoutTimer);
    timeoutTimer = null;
  };
  const clearGraceTimer = () => {
    if (graceTimer !== null) options.clearTimer(graceTimer);
    graceTimer = null;
  };

  const snapshot = (): OAuthFlowSnapshot => {
    const base = {
      status,
      connector,
      option,
      providerName,
      state,
      authorizationUrl,
      startedAt,
      params: params ? copyParams(params) : null,
      error: error ? { ...error } : null,
      cancelReason,
    };
    // Listeners stay while a message could still complete the flow (exchanging included: the
    // duplicate from the second route must be swallowed, not reach a fresh flow).
    return { ...base, listening: ACTIVE.has(status), view: viewOf(base) };
  };

  const emit = () => options.onChange?.(snapshot());

  const end = (next: 'done' | 'failed' | 'cancelled') => {
    status = next;
    clearTimeoutTimer();
    clearGraceTimer();
    // The pending state dies with the flow: late messages find nothing to answer.
    state = null;
    expectedSource = null;
    if (next !== 'done') params = null;
    emit();
  };

  const fail = (code: OAuthErrorCode, message?: string): boolean => {
    if (disposed || !ACTIVE.has(status)) return false;
    error = { code, message: message ?? defaultErrorMessage(code, providerName) };
    end('failed');
    return true;
  };

  // An accepted callback: a provider error ends the flow without an exchange (no oauth-callback
  // request for it); anything else moves on to the exchange.
  const accepted = (received: CallbackParams) => {
    consumed = true;
    clearGraceTimer();
    if (received.error !== undefined) {
      error = { code: 'oauth-denied', message: deniedMessage(received, providerName) };
      end('failed');
      return;
    }
    params = received;
    status = 'exchanging';
    // The exchange request has its own timeout; the flow timeout covers only the wait for the user.
    clearTimeoutTimer();
    emit();
  };

  const reset = (init: { connector: string; option: string | null; providerName: string }) => {
    clearTimeoutTimer();
    clearGraceTimer();
    connector = init.connector;
    option = init.option;
    providerName = init.providerName || init.connector;
    expectedSource = null;
    state = null;
    authorizationUrl = null;
    startedAt = options.now();
    params = null;
    error = null;
    cancelReason = null;
    consumed = false;
  };

  const flow: OAuthFlow = {
    get snapshot() {
      return snapshot();
    },

    start(init) {
      if (disposed || ACTIVE.has(status)) return false;
      reset(init);
      expectedOrigin = init.expectedOrigin;
      status = 'opening';
      timeoutTimer = options.setTimer(() => {
        timeoutTimer = null;
        flow.timeout();
      }, timeoutMs);
      emit();
      return true;
    },

    popupOpened(popup) {
      if (disposed || !ACTIVE.has(status) || popup == null) return;
      expectedSource = popup;
    },

    started(url, newState) {
      if (disposed || status !== 'opening') return false;
      if (typeof newState !== 'string' || newState === '' || typeof url !== 'string' || !isHttpUrl(url)) {
        fail('server', `${providerName} sign-in could not be started: the token endpoint answered an invalid authorization URL or state.`);
        return false;
      }
      authorizationUrl = url;
      state = newState;
      status = 'waiting';
      emit();
      return true;
    },

    popupClosedObserved() {
      if (disposed || status !== 'waiting' || graceTimer !== null) return;
      graceTimer = options.setTimer(() => {
        graceTimer = null;
        if (status !== 'waiting') return;
        status = 'popup-closed-suspected';
        emit();
      }, closedGraceMs);
    },

    reopen() {
      if (disposed || (status !== 'popup-closed-suspected' && status !== 'waiting')) return null;
      clearGraceTimer();
      if (status !== 'waiting') {
        status = 'waiting';
        emit();
      }
      return authorizationUrl;
    },

    message(event) {
      // Nothing answers an ended (or disposed) flow, whoever sends it.
      if (disposed || !ACTIVE.has(status) || state === null) return { accept: false, reason: 'no-pending-flow' };
      const result = acceptMessage({
        via: event.via,
        origin: event.origin,
        expectedOrigin,
        source: event.source,
        expectedSource,
        data: event.data,
        pendingState: state,
        consumed,
      });
      if (result.accept) {
        if (status === 'waiting' || status === 'popup-closed-suspected') accepted(result.params);
        return result;
      }
      // Our own popup (source checked) answering another state is a real mismatch: a login CSRF
      // attempt or a confused provider. On the channel a foreign state is just another flow's
      // answer (another widget, another tab) and is ignored.
      if (
        event.via === 'postMessage' &&
        (result.reason === 'wrong-state' || result.reason === 'missing-state') &&
        (status === 'waiting' || status === 'popup-closed-suspected')
      ) {
        fail('state-mismatch');
      }
      return result;
    },

    cancel(reason = 'popup-closed') {
      if (disposed || status === 'exchanging' || !ACTIVE.has(status)) return false;
      cancelReason = reason;
      end('cancelled');
      return true;
    },

    timeout() {
      if (status === 'exchanging') return false;
      return fail('timeout');
    },

    succeed() {
      if (disposed || status !== 'exchanging') return false;
      end('done');
      return true;
    },

    fail,

    resumeRedirect(result, name) {
      if (disposed || ACTIVE.has(status)) return false;
      reset({ connector: result.connector, option: result.option, providerName: name });
      startedAt = result.startedAt;
      state = result.state;
      status = 'waiting';
      // The callback page already compared states; compare again here, since this is the code that
      // will send the exchange.
      const received = result.params;
      if (received.state !== result.state) {
        fail('state-mismatch');
        return true;
      }
      accepted(copyParams(received));
      return true;
    },

    dispose() {
      disposed = true;
      clearTimeoutTimer();
      clearGraceTimer();
      state = null;
      expectedSource = null;
    },
  };
  return flow;
}

// ---------------------------------------------------------------------------------------------
// Full-page redirect mode
// ---------------------------------------------------------------------------------------------

/** The part of Web Storage the redirect helpers use (sessionStorage in the browser). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What survives a full-page redirect: keys, state, where to come back, when it began. Nothing secret. */
export interface RedirectFlow {
  connector: string;
  option: string | null;
  state: string;
  /** The page the flow started on (same origin as the callback page). */
  returnUrl: string;
  startedAt: number;
}

/** A finished redirect flow: the pending entry plus the callback parameters, for the widget to take once. */
export interface RedirectResult extends RedirectFlow {
  params: CallbackParams;
  receivedAt: number;
}

/** sessionStorage key of the pending redirect flow (written by the widget, taken by the callback page). */
export const REDIRECT_FLOW_KEY = 'connect-widget:oauth-redirect';
/** sessionStorage key of the finished redirect flow (written by the callback page, taken by the widget). */
export const REDIRECT_RESULT_KEY = 'connect-widget:oauth-redirect-result';
/** A pending redirect flow older than this is refused (the server's state cookie lives 10 minutes). */
export const REDIRECT_MAX_AGE_MS = 600_000;
/** A stored result older than this is refused: the return navigation is immediate, and codes are short-lived. */
export const REDIRECT_RESULT_MAX_AGE_MS = 120_000;

// Tolerated clock step backwards between writing and reading an entry.
const CLOCK_SKEW_MS = 60_000;

function isRedirectFlowShape(value: unknown): value is Record<string, unknown> & RedirectFlow {
  if (!isPlainRecord(value) || value.v !== 1) return false;
  return (
    typeof value.connector === 'string' &&
    value.connector !== '' &&
    (value.option === null || typeof value.option === 'string') &&
    typeof value.state === 'string' &&
    value.state !== '' &&
    typeof value.returnUrl === 'string' &&
    isHttpUrl(value.returnUrl) &&
    typeof value.startedAt === 'number' &&
    Number.isFinite(value.startedAt)
  );
}

function fresh(at: number, now: number, maxAgeMs: number): boolean {
  return at <= now + CLOCK_SKEW_MS && now - at <= maxAgeMs;
}

function pickFlow(flow: RedirectFlow): RedirectFlow {
  return {
    connector: flow.connector,
    option: flow.option,
    state: flow.state,
    returnUrl: flow.returnUrl,
    startedAt: flow.startedAt,
  };
}

// Reads an entry without removing it; storage that throws reads as empty.
function peek(storage: StorageLike, key: string): unknown {
  try {
    const raw = storage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

// Reads and removes an entry in one go, so it can be used once; storage that throws (disabled,
// sandboxed) reads as empty.
function take(storage: StorageLike, key: string): unknown {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
    if (raw !== null) storage.removeItem(key);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function put(storage: StorageLike, key: string, value: unknown): boolean {
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/**
 * Stores the pending redirect flow before the page navigates to the provider. Only the five named
 * fields are written, whatever else the object holds, so no field value can slip into storage.
 * Returns false when the flow is malformed or storage refuses the write.
 */
export function saveRedirectFlow(storage: StorageLike, flow: RedirectFlow): boolean {
  const entry = { v: 1, ...pickFlow(flow) };
  if (!isRedirectFlowShape(entry)) return false;
  return put(storage, REDIRECT_FLOW_KEY, entry);
}

/** Takes (reads and removes) the pending redirect flow; null when absent, malformed or expired. */
export function takeRedirectFlow(
  storage: StorageLike,
  now: number,
  maxAgeMs: number = REDIRECT_MAX_AGE_MS,
): RedirectFlow | null {
  const entry = take(storage, REDIRECT_FLOW_KEY);
  if (!isRedirectFlowShape(entry) || !fresh(entry.startedAt, now, maxAgeMs)) return null;
  return pickFlow(entry);
}

/**
 * Stores a finished redirect flow for the widget on the return page. The params include the
 * authorization code: single-use, short-lived and useless without the PKCE verifier that stays in
 * the server's HttpOnly cookie; it is kept out of the return URL (history, logs, Referer) and lives
 * in this tab's sessionStorage only until the widget takes it.
 */
export function saveRedirectResult(storage: StorageLike, flow: RedirectFlow, params: CallbackParams, now: number): boolean {
  if (!isParams(params)) return false;
  const entry = { v: 1, ...pickFlow(flow), params: copyParams(params), receivedAt: now };
  if (!isRedirectFlowShape(entry)) return false;
  return put(storage, REDIRECT_RESULT_KEY, entry);
}

/**
 * Takes (reads and removes) the finished redirect flow; null when absent, malformed or expired. An
 * entry that `mine` refuses is left in storage untouched (it belongs to another widget on the page).
 */
export function takeRedirectResult(
  storage: StorageLike,
  now: number,
  maxAgeMs: number = REDIRECT_RESULT_MAX_AGE_MS,
  mine: (flow: RedirectFlow) => boolean = () => true,
): RedirectResult | null {
  // Another widget's result (another connector on the same page) stays for that widget to take.
  const peeked = peek(storage, REDIRECT_RESULT_KEY);
  if (isRedirectFlowShape(peeked) && !mine(pickFlow(peeked))) return null;
  const entry = take(storage, REDIRECT_RESULT_KEY);
  if (!isRedirectFlowShape(entry)) return null;
  const { params, receivedAt } = entry as { params?: unknown; receivedAt?: unknown };
  if (typeof receivedAt !== 'number' || !Number.isFinite(receivedAt) || !fresh(receivedAt, now, maxAgeMs)) return null;
  // JSON.parse makes `__proto__` an own key; isParams refuses it.
  if (!isParams(params)) return null;
  return { ...pickFlow(entry), params: copyParams(params), receivedAt };
}

/**
 * Which connector a finished redirect flow waiting in storage belongs to, without taking it: a host
 * that shows the widget in a dialog calls this on load to open the dialog again for that connector.
 */
export function peekRedirectResult(storage: StorageLike, now: number, maxAgeMs: number = REDIRECT_RESULT_MAX_AGE_MS): RedirectFlow | null {
  const entry = peek(storage, REDIRECT_RESULT_KEY);
  if (!isRedirectFlowShape(entry)) return null;
  const { receivedAt } = entry as { receivedAt?: unknown };
  if (typeof receivedAt !== 'number' || !fresh(receivedAt, now, maxAgeMs)) return null;
  return pickFlow(entry);
}

/** The OAuth flow state machine of one widget: one active flow, the pending state, accept-once, the closed-popup grace, the timeout; clock injected, no DOM and no UI text. */
import { MAX_PROVIDER_TEXT, OAUTH_FLOW_TTL_MS, POPUP_CLOSED_GRACE_MS, type CancelReason } from '../protocol.js';
import { isHttpUrl } from '../url.js';
import { acceptMessage, copyParams, type AcceptResult, type CallbackParams, type MessageRoute } from './message.js';
import type { RedirectResult } from './redirect.js';

/** Where a flow is. `popup-closed-suspected`: the popup reads closed, but a result may still come. */
export type OAuthFlowStatus = 'idle' | 'opening' | 'waiting' | 'popup-closed-suspected' | 'exchanging' | 'done' | 'failed' | 'cancelled';

/** A `connect-error` code a flow can end with (transport codes come in through `fail`). */
export type OAuthErrorCode = 'popup-blocked' | 'oauth-denied' | 'state-mismatch' | 'timeout' | (string & Record<never, never>);

/** Why a flow was cancelled, as `connect-cancel { reason }`. */
export type OAuthCancelReason = CancelReason;

/** A button the element shows for the current state. */
export type OAuthAction = 'reopen' | 'cancel' | 'retry' | 'redirect';

/** What the element renders: a key for the status text (src/core/text/widget.ts maps it), the buttons to offer, and whether it is busy. */
export interface OAuthFlowView {
  /** Stable key: the status, or `failed:<code>` for a failure. */
  key: string;
  actions: readonly OAuthAction[];
  busy: boolean;
}

/**
 * How a flow failed: the `connect-error` code, and data for its message (no UI text here). `detail`
 * is the server's own (masked) message for a failed request, or the provider's `error_description`;
 * `kind` says when it is something else: the provider's bare `error` code, or an `oauth-start`
 * answer that could not be used.
 */
export interface OAuthFlowError {
  code: OAuthErrorCode;
  detail?: string;
  kind?: 'error-code' | 'invalid-start';
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
  error: OAuthFlowError | null;
  cancelReason: CancelReason | null;
  /** True while message listeners and the BroadcastChannel must stay open; false: remove them. */
  listening: boolean;
  view: OAuthFlowView;
}

/** Clock and timers, injected so tests drive time by hand. */
export interface OAuthFlowOptions {
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Flow timeout from `start` (default `OAUTH_FLOW_TTL_MS`: the lifetime of the server's state cookie). */
  timeoutMs?: number;
  /** How long the popup must read closed before Reopen/Cancel show (default `POPUP_CLOSED_GRACE_MS`). */
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
  /** Ends the flow with an error (popup blocked, a failed request with the server's `detail`, ...). */
  fail(code: OAuthErrorCode, detail?: string): boolean;
  /** Back from a full-page redirect: resumes with the stored result (see `takeRedirectResult`). */
  resumeRedirect(result: RedirectResult, providerName: string): boolean;
  /** Clears all timers; the flow ignores everything afterwards (element removed). */
  dispose(): void;
}

// A provider's bare `error` code is an identifier: shown only when it is short.
const MAX_PROVIDER_ERROR_CODE = 80;

const ACTIVE: ReadonlySet<OAuthFlowStatus> = new Set(['opening', 'waiting', 'popup-closed-suspected', 'exchanging']);

// RFC 6749 §4.1.2.1 limits error_description to printable ASCII; whatever a provider sends, the
// text shown is one plain line of bounded length.
function cleanProviderText(text: string | undefined, max = MAX_PROVIDER_TEXT): string {
  if (text === undefined) return '';
  const controls = /[\u0000-\u001f\u007f-\u009f]+/g; // eslint-disable-line no-control-regex
  const flat = text.replace(controls, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// A provider's refusal: its description when it sent one, else its error code.
function deniedError(params: CallbackParams): OAuthFlowError {
  const description = cleanProviderText(params.error_description);
  if (description) return { code: 'oauth-denied', detail: description };
  const error = cleanProviderText(params.error, MAX_PROVIDER_ERROR_CODE);
  return error ? { code: 'oauth-denied', detail: error, kind: 'error-code' } : { code: 'oauth-denied' };
}

// The buttons each state offers. Reopen brings back a window lost behind the page; Cancel gives up
// without waiting for the timeout; a blocked popup may also continue in this window.
function viewOf(status: OAuthFlowStatus, error: OAuthFlowError | null): OAuthFlowView {
  switch (status) {
    case 'idle':
      return { key: 'idle', actions: [], busy: false };
    case 'opening':
    case 'exchanging':
      return { key: status, actions: [], busy: true };
    case 'waiting':
      return { key: status, actions: ['reopen', 'cancel'], busy: true };
    case 'popup-closed-suspected':
      return { key: status, actions: ['reopen', 'cancel'], busy: false };
    case 'done':
      return { key: status, actions: [], busy: false };
    case 'cancelled':
      return { key: status, actions: ['retry'], busy: false };
    case 'failed': {
      const code = error?.code ?? 'server';
      return { key: `failed:${code}`, actions: code === 'popup-blocked' ? ['retry', 'redirect'] : ['retry'], busy: false };
    }
  }
}

/**
 * Creates one widget's OAuth flow. The element feeds it events and renders `snapshot.view`; the
 * machine owns the rules: one active flow at a time, the pending state, accept-once, the
 * closed-popup grace, the timeout, and ignoring anything that arrives after the flow ended.
 */
export function createOAuthFlow(options: OAuthFlowOptions): OAuthFlow {
  const timeoutMs = options.timeoutMs ?? OAUTH_FLOW_TTL_MS;
  const closedGraceMs = options.closedGraceMs ?? POPUP_CLOSED_GRACE_MS;
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
  let cancelReason: CancelReason | null = null;
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
    return { ...base, listening: ACTIVE.has(status), view: viewOf(status, error) };
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

  const fail = (code: OAuthErrorCode, detail?: string, kind?: OAuthFlowError['kind']): boolean => {
    if (disposed || !ACTIVE.has(status)) return false;
    error = { code, ...(detail ? { detail } : {}), ...(kind ? { kind } : {}) };
    end('failed');
    return true;
  };

  // An accepted callback: a provider error ends the flow without an exchange (no oauth-callback
  // request for it); anything else moves on to the exchange.
  const accepted = (received: CallbackParams) => {
    consumed = true;
    clearGraceTimer();
    if (received.error !== undefined) {
      error = deniedError(received);
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
        fail('server', undefined, 'invalid-start');
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
      if (event.via === 'postMessage' && (result.reason === 'wrong-state' || result.reason === 'missing-state') && (status === 'waiting' || status === 'popup-closed-suspected')) {
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

    fail: (code, detail) => fail(code, detail),

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

/** The token endpoint protocol's shared vocabulary: steps, answers, error shapes and every named limit, for the widget and the server alike. */
import { isObject, type JsonObject, type JsonValue } from './json.js';

/** The protocol steps, in the order a sign-in uses them. */
export const STEPS = ['credentials', 'oauth-start', 'oauth-callback'] as const;

/** The protocol step a request belongs to. */
export type Step = (typeof STEPS)[number];

/** True for one of `STEPS`. */
export function isStep(value: unknown): value is Step {
  return (STEPS as readonly unknown[]).includes(value);
}

/**
 * The `connection` object of a success answer (`{ connection: { id, ... } }`), as the host's
 * endpoint describes it. `id` is required: the host stores it and hands it back as `connection-id`
 * to reconnect, and the reference server refuses a hook result without one. A 2xx answer whose
 * `connection` has no string `id` is a `server` error in the widget, like one with no connection.
 */
export type Connection = { id: string } & { [key: string]: JsonValue };

/** The `connection` of a success answer, or undefined when the answer holds none (or one without an `id`). */
export function connectionOf(answer: JsonValue | undefined): Connection | undefined {
  if (!isObject(answer) || !isObject(answer.connection)) return undefined;
  const connection = answer.connection as JsonObject;
  return typeof connection.id === 'string' && connection.id !== '' ? (connection as Connection) : undefined;
}

/** What `oauth-start` answers: where to send the popup, and the state the callback must carry back. */
export interface OAuthStartAnswer {
  authorizationUrl: string;
  state: string;
}

/** The `oauth-start` answer's two members when both are non-empty strings (the URL is checked by the flow). */
export function oauthStartOf(answer: JsonValue | undefined): OAuthStartAnswer | undefined {
  if (!isObject(answer)) return undefined;
  const { authorizationUrl, state } = answer;
  if (typeof authorizationUrl !== 'string' || authorizationUrl === '' || typeof state !== 'string' || state === '') return undefined;
  return { authorizationUrl, state };
}

/** A problem with one value, as an error answer carries it (RFC 9457 `errors[]` member): the server's shape. */
export interface WireFieldError {
  /** Where in the request body: `/fields/apiKey`. */
  pointer: string;
  /** A human sentence. It must not repeat a secret value. */
  detail: string;
}

/** A problem on one field, as `connect-error` reports it: a pointer into the form's `fields`. */
export interface FieldError {
  pointer: string;
  message: string;
}

/** Every `connect-error` code (see docs/widget.md). */
export const CONNECT_ERROR_CODES = [
  'invalid-connector',
  'invalid-endpoint',
  'configuration',
  'validation',
  'rate-limited',
  'network',
  'timeout',
  'server',
  'popup-blocked',
  'oauth-denied',
  'state-mismatch',
] as const;

/** One of `CONNECT_ERROR_CODES`. */
export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number];

/** Codes a user cannot fix from the form (a broken connector or page setup): `openConnect` gives up at once on them. */
export function isUnfixable(code: ConnectErrorCode): boolean {
  return code === 'invalid-connector' || code === 'invalid-endpoint' || code === 'configuration';
}

/** Why a connect attempt was cancelled, as `connect-cancel { reason }`. */
export type CancelReason = 'popup-closed' | 'dismissed';

/** `connect-error`'s detail: never a secret (messages are masked). */
export interface ConnectErrorDetail {
  code: ConnectErrorCode;
  message: string;
  status?: number;
  fieldErrors?: FieldError[];
}

/** `connect-submit`'s detail: keys and the protocol step, never values. */
export interface ConnectSubmitDetail {
  connector: string;
  option: string | null;
  step: Step;
}

/** `connect-ready`'s detail: keys only. */
export interface ConnectReadyDetail {
  connector: string;
  option: string | null;
}

// ---- Named limits. Each is written here once; widget, callback page and server import it. ----

/** A token-endpoint request with no answer after this long ends as `timeout` (the widget's `timeout` default). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** An OAuth flow's lifetime: the widget's `oauth-timeout` default, the server's flow cookie, a stored redirect flow. */
export const OAUTH_FLOW_TTL_MS = 600_000;
/** `OAUTH_FLOW_TTL_MS` in seconds, for cookies and JWT expiry. */
export const OAUTH_FLOW_TTL_SECONDS = OAUTH_FLOW_TTL_MS / 1000;

/** A stored redirect result older than this is refused: the return navigation is immediate, and codes are short-lived. */
export const REDIRECT_RESULT_MAX_AGE_MS = 120_000;

/** Tolerated clock step backwards between writing and reading a stored entry. */
export const CLOCK_SKEW_MS = 60_000;

/** How long the popup must read closed before Reopen and Cancel show (a provider's COOP makes it read closed early). */
export const POPUP_CLOSED_GRACE_MS = 1000;

/** How often the widget reads `popup.closed`. */
export const POPUP_CLOSED_POLL_MS = 500;

/** The longest `Retry-After` honoured: longer is a misconfigured header (and setTimeout holds at most ~24.8 days). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** The largest request body the server accepts (over it: 413). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The longest `state` the server accepts in `oauth-callback`. */
export const MAX_STATE_LENGTH = 512;

/** Server text longer than this is a dump (a stack trace, a serialised object), not a message. */
export const MAX_SERVER_TEXT = 300;

/** A provider's `error_description` is shown as one line of at most this many characters. */
export const MAX_PROVIDER_TEXT = 300;

/** What survives a full-page redirect ("Continue in this window"): the non-secret flow and its result in sessionStorage, each taken once. */
import { parseJson } from '../json.js';
import { CLOCK_SKEW_MS, OAUTH_FLOW_TTL_MS, REDIRECT_RESULT_MAX_AGE_MS } from '../protocol.js';
import { isHttpUrl } from '../url.js';
import { copyParams, isParams, isPlainRecord, type CallbackParams } from './message.js';

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
/** A pending redirect flow older than this is refused: the flow's lifetime (the server's state cookie). */
export const REDIRECT_MAX_AGE_MS = OAUTH_FLOW_TTL_MS;
export { REDIRECT_RESULT_MAX_AGE_MS };

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
    return raw === null ? undefined : parseJson(raw);
  } catch {
    return undefined;
  }
}

// Reads and removes an entry in one go, so it can be used once; storage that throws (disabled,
// sandboxed) reads as empty, and an entry that cannot be removed is not used.
function take(storage: StorageLike, key: string): unknown {
  const entry = peek(storage, key);
  try {
    storage.removeItem(key);
  } catch {
    return undefined;
  }
  return entry;
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
export function takeRedirectFlow(storage: StorageLike, now: number, maxAgeMs: number = REDIRECT_MAX_AGE_MS): RedirectFlow | null {
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
export function takeRedirectResult(storage: StorageLike, now: number, maxAgeMs: number = REDIRECT_RESULT_MAX_AGE_MS, mine: (flow: RedirectFlow) => boolean = () => true): RedirectResult | null {
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

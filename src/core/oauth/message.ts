/** The OAuth callback message: parsing a callback URL's parameters, and deciding whether a message answers the pending flow (RFC 9700 §4.18). */

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
export const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

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

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when `params` is a plain object of string values with no prototype-polluting key. */
export function isParams(value: unknown): value is CallbackParams {
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

/** A fresh null-prototype copy of callback parameters. */
export function copyParams(params: CallbackParams): CallbackParams {
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
export type RejectReason = 'wrong-origin' | 'wrong-source' | 'malformed' | 'no-pending-flow' | 'already-consumed' | 'missing-state' | 'wrong-state';

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
export type AcceptResult = { accept: true; state: string; params: CallbackParams } | { accept: false; reason: RejectReason };

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

/**
 * What goes to the host's token endpoint, decided before anything is sent: which endpoints may be
 * used at all, the exact body, and the Idempotency-Key per attempt. Sending it is request.ts (one
 * POST with a timeout, every outcome a success or a normalised error), a chunk of the script-tag
 * build fetched after the first render. Plain TypeScript (ES2022, no DOM types), tested under Node.
 * Nothing here logs.
 */
import type { ConnectErrorInfo } from './errors.js';
import type { JsonObject } from './json.js';
import { REQUEST_TIMEOUT_MS, type Step } from './protocol.js';
import { isLoopbackHost, parseUrl } from './url.js';

/** Result of `checkEndpoint`: the absolute URL to post to, or why the endpoint is refused. */
export type EndpointCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Security rule 3: the endpoint must be same-origin or `https:`; `http://localhost`,
 * `http://127.0.0.1` (and `http://[::1]`) on any port are allowed for development. A relative URL
 * resolves against `pageOrigin` (an origin or the page's URL). Refused before a byte is sent.
 */
export function checkEndpoint(endpoint: string, pageOrigin: string): EndpointCheck {
  const text = typeof endpoint === 'string' ? endpoint.trim() : '';
  if (!text) return { ok: false, message: 'No token endpoint is set: set token-endpoint to the URL of your token endpoint.' };
  const page = parseUrl(pageOrigin);
  // A page with an opaque origin ("null": sandboxed frames, file:) can only use absolute URLs.
  const url = parseUrl(text) ?? (page && page.origin !== 'null' ? parseUrl(text, page.href) : undefined);
  if (!url) return { ok: false, message: 'The token endpoint is not a valid URL.' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `The token endpoint must be an https: URL; ${url.protocol} URLs are not allowed.` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'The token endpoint must not contain a user name or password.' };
  }
  const sameOrigin = !!page && page.origin !== 'null' && page.origin === url.origin;
  if (sameOrigin || url.protocol === 'https:' || isLoopbackHost(url.hostname)) return { ok: true, url: url.href };
  return {
    ok: false,
    message: `The token endpoint ${url.origin} is refused: it must use https: or be on this page's origin (http://localhost and http://127.0.0.1 are allowed for development).`,
  };
}

/** Extra body members of the OAuth steps. */
export interface StepExtra {
  /** `oauth-start`: the host's redirect page. */
  redirectUri?: string;
  /** `oauth-callback`: the state `oauth-start` returned and the callback reported. */
  state?: string;
  /** `oauth-callback`: every callback query parameter. */
  params?: Record<string, string>;
}

/** Input of `buildRequestBody`. */
export interface RequestBodyInput {
  connector: string;
  /** The option's key; null (or undefined) when the connector has no options. */
  option: string | null | undefined;
  type: string;
  step: Step;
  fields: JsonObject;
  context?: JsonObject | null;
  connectionId?: string | null;
  extra?: StepExtra;
}

/** The JSON body of every token-endpoint request. */
export interface RequestBody extends StepExtra {
  connector: string;
  option?: string;
  type: string;
  step: Step;
  fields: JsonObject;
  context?: JsonObject;
  connectionId?: string;
}

/** The exact body of the protocol: optional members are left out, not sent as null or `{}`. */
export function buildRequestBody(input: RequestBodyInput): RequestBody {
  const extra = input.extra ?? {};
  // Built member by member, in the protocol's documented order, so only the three known `extra` members can appear
  // and they can never overwrite `fields` or `connector`.
  return {
    connector: input.connector,
    ...(input.option !== null && input.option !== undefined ? { option: input.option } : {}),
    type: input.type,
    step: input.step,
    fields: input.fields,
    ...(input.context && Object.keys(input.context).length ? { context: input.context } : {}),
    ...(typeof input.connectionId === 'string' && input.connectionId !== '' ? { connectionId: input.connectionId } : {}),
    ...(extra.redirectUri !== undefined ? { redirectUri: extra.redirectUri } : {}),
    ...(extra.state !== undefined ? { state: extra.state } : {}),
    ...(extra.params !== undefined ? { params: { ...extra.params } } : {}),
  };
}

/** How the last attempt ended: `retryable` (network error, timeout, 429, 5xx) keeps its key. */
export type AttemptOutcome = 'retryable' | 'final';

/** True for the error codes after which resending the same values is a retry of the same attempt. */
export function isRetryable(info: Pick<ConnectErrorInfo, 'code'>): boolean {
  return info.code === 'network' || info.code === 'timeout' || info.code === 'rate-limited' || info.code === 'server';
}

interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: <T extends Uint8Array>(array: T) => T;
}

// crypto.randomUUID exists only in secure contexts; getRandomValues also works on plain-http
// intranet pages, so a v4 UUID is built from it there.
function defaultRandomUUID(): string {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  if (typeof crypto?.getRandomValues !== 'function') throw new Error('No secure random source is available for the Idempotency-Key.');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Idempotency-Key per attempt. A resend of the same body after a `retryable` outcome (or one whose
 * outcome never arrived) reuses the key, so the server can answer it once; a changed body, or any
 * send after a `final` outcome (2xx, or a 4xx other than 429), starts a new attempt with a new key.
 *
 * Security rule 2: the body (which holds the typed secrets) is kept only while a retry with the same
 * key is possible, i.e. while the form still holds those secrets anyway. A `final` outcome or
 * `clear()` drops it at once; after that nothing here refers to it.
 */
export class AttemptKeys {
  private last: { body: string; key: string } | undefined;
  private readonly randomUUID: () => string;

  /** `randomUUID` defaults to globalThis.crypto.randomUUID. */
  constructor(randomUUID?: () => string) {
    this.randomUUID = randomUUID ?? defaultRandomUUID;
  }

  /** The key to send with this body (the exact JSON string that goes over the wire). */
  keyFor(bodyJson: string): string {
    if (this.last && this.last.body === bodyJson) return this.last.key;
    // Until settled the outcome is unknown (the server may have acted on it), so a same-body resend reuses the key.
    this.last = { body: bodyJson, key: this.randomUUID() };
    return this.last.key;
  }

  /** Records how the attempt that used the latest key ended: a `final` one forgets the attempt and its body. */
  settle(outcome: AttemptOutcome): void {
    if (outcome === 'final') this.last = undefined;
  }

  /** Forgets the attempt and its body (after `reset()`, and when the element is removed): the next send gets a new key. */
  clear(): void {
    this.last = undefined;
  }
}

/** The request timeout in ms: the host's when it is a positive number, else `REQUEST_TIMEOUT_MS` (30 s). */
export function requestTimeout(ms: number | undefined): number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : REQUEST_TIMEOUT_MS;
}

/** Extra request headers from the host: a record, or a function returning one (or a Promise of one). */
export type HeaderRecord = Record<string, string>;
/** The widget's `headers` property. */
export type HeadersInput = HeaderRecord | (() => HeaderRecord | Promise<HeaderRecord>);

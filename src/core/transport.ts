/**
 * One request to the host's token endpoint, from its body to a success or a normalised error.
 *
 * Which endpoints may be
 * used at all, the exact body, the Idempotency-Key per attempt, and one POST with a timeout whose
 * every outcome becomes a success or a normalised error. Plain TypeScript (ES2022, no DOM types):
 * fetch is injected and the few runtime globals used are reached through structural types, so the
 * module runs, and is tested against a real HTTP server, under Node. Nothing here logs.
 */
import { normaliseErrorResponse, type ConnectErrorInfo } from './errors.js';
import { isObject, parseJson, type JsonObject, type JsonValue } from './json.js';
import { REQUEST_TIMEOUT_MS, type Step } from './protocol.js';
import { EN, type Translator } from './i18n/format.js';
import { widgetTextOf } from './text/widget.js';
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

/** Extra request headers from the host: a record, or a function returning one (or a Promise of one). */
export type HeaderRecord = Record<string, string>;
/** The widget's `headers` property. */
export type HeadersInput = HeaderRecord | (() => HeaderRecord | Promise<HeaderRecord>);

/** The `init` postToEndpoint gives fetch; `Signal` is the runtime's AbortSignal type. */
export interface FetchInit<Signal = unknown> {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  credentials: 'same-origin' | 'include';
  /** Security rule 3: a redirect is never followed, so the body cannot go to a URL `checkEndpoint` never saw. */
  redirect: 'manual';
  signal: Signal;
}

/** The part of a fetch Response that is read. */
export interface FetchResponseLike {
  status: number;
  /** A browser answers a redirect under `redirect: 'manual'` as `opaqueredirect` with status 0. */
  type?: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Outcome of one POST: the 2xx JSON answer, or a normalised error. */
export type PostResult = { kind: 'success'; data: JsonValue } | { kind: 'error'; info: ConnectErrorInfo };

/** Options of `postToEndpoint`. */
export interface PostOptions<Signal = unknown> {
  /** An endpoint that passed `checkEndpoint`. */
  url: string;
  /** The JSON text (what `AttemptKeys.keyFor` saw), or the body object. */
  body: string | RequestBody | JsonObject;
  headers?: HeadersInput;
  /** Default `same-origin`. */
  credentials?: 'same-origin' | 'include';
  /** Default `REQUEST_TIMEOUT_MS`. */
  timeoutMs?: number;
  idempotencyKey: string;
  /** The runtime's fetch (bind it to globalThis in a browser). */
  fetch: (url: string, init: FetchInit<Signal>) => Promise<FetchResponseLike>;
  /** Aborts the request from outside; it then ends as a `network` error saying it was cancelled. */
  signal?: Signal;
  /** For placing pointed server errors on fields; default: no field resolves. */
  fieldResolves?: (pointer: string) => boolean;
  /** Values typed into secret fields, masked in every message. */
  secrets?: readonly string[];
  /** Clock for `Retry-After` dates. */
  now?: () => number;
  /** The widget's locale (BCP 47): sent as `Accept-Language` unless the host's headers set one. */
  locale?: string;
  /** The language of the messages the transport words itself; English by default. */
  translator?: Translator;
}

interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}
interface RuntimeGlobals {
  AbortController?: new () => AbortControllerLike;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Header names are RFC 9110 tokens; values may not hold CR, LF or NUL. fetch would reject either
// with a TypeError that looks like a network failure, so they are caught here as configuration.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;
const RESERVED = new Set(['content-type', 'idempotency-key']);

class HeaderProblem extends Error {}

function collectHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  let entries: [unknown, unknown][];
  if (isObject(value) && typeof (value as { entries?: unknown }).entries === 'function' && Symbol.iterator in value) {
    entries = [...(value as unknown as Iterable<[unknown, unknown]>)]; // a Headers or a Map
  } else if (isObject(value)) {
    entries = Object.entries(value);
  } else {
    throw new HeaderProblem('The headers option must be an object of header names and values, or a function returning one.');
  }
  const out: Record<string, string> = {};
  for (const [name, raw] of entries) {
    if (raw === undefined || raw === null) continue;
    if (typeof name !== 'string' || !TOKEN.test(name)) {
      throw new HeaderProblem(`The headers option holds an invalid header name${typeof name === 'string' ? ` "${name.slice(0, 40)}"` : ''}.`);
    }
    const text = String(raw);
    if (BAD_VALUE.test(text)) throw new HeaderProblem(`The header "${name}" has a value with a line break, which cannot be sent.`);
    if (!RESERVED.has(name.toLowerCase())) out[name] = text;
  }
  return out;
}

type ResolvedHeaders = { ok: true; headers: Record<string, string> } | { ok: false; info: ConnectErrorInfo };

async function resolveHeaders(input: HeadersInput | undefined): Promise<ResolvedHeaders> {
  let value: unknown;
  try {
    value = typeof input === 'function' ? await input() : input;
  } catch {
    // The thrown error is the host's and may hold its tokens: it is not repeated.
    return {
      ok: false,
      info: { code: 'configuration', message: "The request was not sent: the headers function failed. Check the widget's headers property." },
    };
  }
  try {
    return { ok: true, headers: collectHeaders(value) };
  } catch (e) {
    const detail = e instanceof HeaderProblem ? e.message : 'The headers option could not be read.';
    return { ok: false, info: { code: 'configuration', message: `The request was not sent. ${detail}` } };
  }
}

/** A 3xx (Node's fetch) or an opaque redirect (a browser's, status 0) under `redirect: 'manual'`. */
function isRedirect(response: FetchResponseLike): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/**
 * POSTs one request to the token endpoint. Never throws: a failing headers function is a
 * `configuration` error (nothing is sent), a refused connection `network`, no answer within
 * `timeoutMs` `timeout`, a 2xx that is not JSON `server`, any other status goes through
 * `normaliseErrorResponse`. The host's headers cannot replace Content-Type or Idempotency-Key.
 */
export async function postToEndpoint<Signal = unknown>(options: PostOptions<Signal>): Promise<PostResult> {
  const secrets = options.secrets ?? [];
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const timeoutMs = options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? options.timeoutMs : REQUEST_TIMEOUT_MS;

  const runtime = globalThis as unknown as RuntimeGlobals;
  const controller = runtime.AbortController ? new runtime.AbortController() : undefined;
  const outer = options.signal as AbortSignalLike | undefined;
  const tr = options.translator ?? EN;
  const cancelled: PostResult = { kind: 'error', info: { code: 'network', message: tr.t('error.requestCancelled') } };
  if (outer?.aborted) return cancelled;
  let stopped = false;
  let stop: (result: PostResult) => void = () => {};
  // Raced against the request, so even a fetch that ignores its signal cannot outlive the timeout.
  const stopPromise = new Promise<PostResult>((resolve) => {
    stop = (result) => {
      stopped = true;
      controller?.abort();
      resolve(result);
    };
  });
  const onOuterAbort = () => stop(cancelled);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  // Started before the headers function runs: a host call for a CSRF token that hangs is a timeout too.
  const timer = runtime.setTimeout(() => stop({ kind: 'error', info: { code: 'timeout', message: tr.t('error.noAnswer', { wait: tr.wait(timeoutMs) }) } }), timeoutMs);

  const exchange = async (): Promise<PostResult> => {
    const host = await resolveHeaders(options.headers);
    if (!host.ok) return { kind: 'error', info: host.info };
    // Timed out or cancelled while the host prepared its headers: nothing may be sent any more.
    if (stopped) return cancelled;
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...(options.locale && !Object.keys(host.headers).some((name) => name.toLowerCase() === 'accept-language') ? { 'Accept-Language': options.locale } : {}),
      ...host.headers,
      'Content-Type': 'application/json',
      'Idempotency-Key': options.idempotencyKey,
    };
    let response: FetchResponseLike;
    let text: string;
    try {
      response = await options.fetch(options.url, {
        method: 'POST',
        headers,
        body,
        credentials: options.credentials === 'include' ? 'include' : 'same-origin',
        redirect: 'manual',
        // The runtime's own AbortSignal, typed as whatever the injected fetch expects.
        signal: controller?.signal as Signal,
      });
      if (isRedirect(response)) {
        // Not followed (rule 3): the body went to the checked URL only. The redirect's own body is not read.
        return { kind: 'error', info: { code: 'server', ...(response.status ? { status: response.status } : {}), message: widgetTextOf(tr).redirected(response.status) } };
      }
      // The body is read inside the same guard: a connection can drop after the status line.
      text = await response.text();
    } catch {
      return { kind: 'error', info: { code: 'network', message: tr.t('error.network') } };
    }
    if (response.status >= 200 && response.status < 300) {
      const data = text.trim() ? parseJson(text) : undefined;
      if (data === undefined) {
        return {
          kind: 'error',
          info: {
            code: 'server',
            status: response.status,
            message: tr.t('error.unreadable', { status: String(response.status) }),
          },
        };
      }
      return { kind: 'success', data };
    }
    return {
      kind: 'error',
      info: normaliseErrorResponse({
        status: response.status,
        headers: response.headers,
        bodyText: text,
        fieldResolves: options.fieldResolves ?? (() => false),
        secrets,
        now: (options.now ?? Date.now)(),
        translator: tr,
      }),
    };
  };

  try {
    return await Promise.race([exchange(), stopPromise]);
  } finally {
    runtime.clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

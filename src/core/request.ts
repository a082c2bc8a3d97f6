/**
 * One request to the host's token endpoint: one POST with a timeout, whose every outcome becomes a
 * success or a normalised error (errors.ts).
 * Plain TypeScript (ES2022, no DOM types): fetch is injected and the few runtime globals used are
 * reached through structural types, so the module runs, and is tested against a real HTTP server,
 * under Node. Nothing here logs.
 *
 * The session fetches this module (with errors.ts) when it first sends, or right after its form
 * has been drawn: a chunk of the script-tag build (`loadRequest` in session.ts), not on the path to
 * the first form. What is sent is decided in transport.ts.
 */
import { normaliseErrorResponse, type ConnectErrorInfo } from './errors.js';
import { isObject, parseJson, type JsonObject, type JsonValue } from './json.js';
import { EN, type Translator } from './i18n/format.js';
import { widgetTextOf } from './text/widget.js';
import { requestTimeout, type HeadersInput, type RequestBody } from './transport.js';

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
  /** Default `REQUEST_TIMEOUT_MS` (also for a value that is not a positive number: `requestTimeout`). */
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
  const timeoutMs = requestTimeout(options.timeoutMs);

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

/**
 * Error normalisation: a token endpoint's error answer made into what the widget shows and reports.
 *
 * A code, a short human message,
 * errors placed on the fields they are about, and how long to wait before trying again. Plain
 * TypeScript (ES2022, no DOM types) so the same rules run, and are tested, under Node.
 * See docs/errors.md for the shapes understood and the status → code mapping.
 */
import { isObject, parseJson, pointerSegments, toPointer as pathToPointer } from './json.js';
import { MAX_RETRY_AFTER_MS, MAX_SERVER_TEXT, type ConnectErrorCode, type FieldError } from './protocol.js';
import { addEnglish, EN, type Translator } from './i18n/format.js';
import { enErrors } from './i18n/en-errors.js';
import { humanize } from './labels.js';
import { maskSecrets } from './mask.js';

// The words of these answers (request.ts, which imports this module, words two of them too).
addEnglish(enErrors);

/** An error as the widget reports it: `connect-error`'s detail plus form-level lines and a wait. */
export interface ConnectErrorInfo {
  code: ConnectErrorCode;
  /** Short, human, in the widget's language (the server's own words as given); already masked (security rule 1). */
  message: string;
  /** The HTTP status, when the server answered. */
  status?: number;
  fieldErrors?: FieldError[];
  /** Further problems that belong to no field (pointers that resolve to none, unpointed issues). */
  formErrors?: string[];
  /** From `Retry-After` on 429/503: the Connect button stays disabled this long. */
  retryAfterMs?: number;
  /**
   * With `retryAfterMs`: `message` without its closing "Try again in …" sentence, for a screen that
   * shows a live countdown next to it (the static sentence would go stale as the countdown runs).
   */
  lead?: string;
}

/** Response headers: a `Headers`-like object, or a plain record (looked up case-insensitively). */
export type HeaderSource = { get(name: string): string | null | undefined } | Readonly<Record<string, string | undefined>>;

/** Input of `normaliseErrorResponse`: one non-2xx answer and what the form knows. */
export interface ErrorResponse {
  status: number;
  headers?: HeaderSource;
  bodyText: string;
  /** True when the pointer names a field of the submitted form. */
  fieldResolves: (pointer: string) => boolean;
  /** Non-empty values typed into secret fields; never shown, only masked. */
  secrets: readonly string[];
  /** Current time in ms, for `Retry-After` given as an HTTP date. */
  now?: number;
  /** The language of the messages the widget words itself (the server's own words are kept); English by default. */
  translator?: Translator;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
// Frameworks put the reason phrase in `title`/`error`; it says nothing the status does not.
const REASON_PHRASES = new Set([...Object.values(REASONS), 'Payload Too Large', 'Unprocessable Entity', 'Internal Error', 'Error', 'Unknown Error'].map((s) => s.toLowerCase()));

/**
 * The code for an HTTP error status. 400/409/413/422 are about the values sent (`validation`);
 * 408 is `timeout`; 429 `rate-limited`; 5xx (and anything unexpected) `server`. Other 4xx
 * (401, 403, 404, 405, 415, ...) mean the page's session, permissions or endpoint are wrong, which
 * the user cannot fix by editing the form: `configuration`, unless the answer points at fields.
 * `invalid-endpoint` is kept for endpoints refused before sending (security rule 3).
 */
export function codeForStatus(status: number, hasFieldErrors = false): ConnectErrorCode {
  if (status === 429) return 'rate-limited';
  if (status === 408) return 'timeout';
  if (status >= 400 && status < 500) {
    if (status === 400 || status === 409 || status === 413 || status === 422 || hasFieldErrors) return 'validation';
    return 'configuration';
  }
  return 'server';
}

/** Milliseconds to wait from a `Retry-After` value (delay in seconds, or an HTTP date); undefined when unusable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Math.ceil(Number(text) * 1000);
  else {
    const at = Date.parse(text);
    // Date.parse accepts bare numbers and odd strings; an HTTP date always names a month.
    if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

function headerValue(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value: unknown = getter.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return undefined;
}

/** RFC 6901 pointer from a path array (zod `path`): `["credentials", "audience"]` → `/credentials/audience`. */
export function pointerFromPath(path: readonly unknown[]): string {
  return pathToPointer(path.map(String));
}

/**
 * Where an error pointer lands among the form's fields, or undefined. Tried as is, then without its
 * first segment (the `/fields`, `/data` or `/body` wrapper a server reports it under), then, for
 * JSON:API, without `/data/attributes`.
 */
export function resolvePointer(pointer: string, fieldResolves: (pointer: string) => boolean): string | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const candidates = [pointer];
  const second = pointer.indexOf('/', 1);
  if (second !== -1) candidates.push(pointer.slice(second));
  if (pointer.startsWith('/data/attributes/')) candidates.push(pointer.slice('/data/attributes'.length));
  return candidates.find((p) => p !== '' && safeResolves(fieldResolves, p));
}

function safeResolves(fieldResolves: (pointer: string) => boolean, pointer: string): boolean {
  try {
    return fieldResolves(pointer) === true;
  } catch {
    return false;
  }
}

// `#/fields/x` (URI fragment form) → `/fields/x`; dotted names (`credentials.audience`) → a pointer.
function toPointer(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length ? pointerFromPath(value) : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  if (value.startsWith('#')) {
    try {
      return toPointer(decodeURIComponent(value.slice(1)));
    } catch {
      return undefined;
    }
  }
  if (value.startsWith('/')) return value;
  return pointerFromPath(value.split('.'));
}

/** Masked, one line, and short: or undefined when the text is not something to show a person. */
function humanText(value: unknown, secrets: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Masking comes before truncation, so a cut can never leave half a secret behind.
  let text = maskSecrets(value, secrets).replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  if (/<\/?[a-z!]/i.test(text)) return undefined; // markup: an error page, not a message
  if (REASON_PHRASES.has(text.toLowerCase().replace(/[.!]$/, ''))) return undefined;
  // `invalid_client`, `ValidationError`, `APIException`: identifiers, not sentences.
  if (!/\s/.test(text) && /^[\w.:-]+$/.test(text) && !/^[A-Z][a-z]+[.!]?$/.test(text)) return undefined;
  if (text.length > MAX_SERVER_TEXT) text = text.slice(0, MAX_SERVER_TEXT - 1).trimEnd() + '…';
  return text;
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : text + '.';
}

// The last named segment of a pointer, readable: `/credentials/clientSecret` → "Client secret".
function labelOf(pointer: string): string | undefined {
  const last = pointerSegments(pointer)
    .filter((s) => s.trim() !== '' && !/^\d+$/.test(s))
    .at(-1);
  return last === undefined ? undefined : humanize(last);
}

interface Issue {
  pointer?: string;
  message?: string;
}

interface Extracted {
  summary?: string;
  issues: Issue[];
}

function issueFrom(item: unknown, secrets: readonly string[]): Issue | undefined {
  if (typeof item === 'string') {
    const message = humanText(item, secrets);
    return message ? { message } : undefined;
  }
  if (!isObject(item)) return undefined;
  const source = isObject(item.source) ? item.source : undefined;
  const pointer = toPointer(item.pointer) ?? toPointer(source?.pointer) ?? toPointer(item.path) ?? toPointer(item.field);
  const message = humanText(item.detail, secrets) ?? humanText(item.message, secrets) ?? humanText(item.reason, secrets) ?? humanText(item.title, secrets);
  if (!message && !pointer) return undefined;
  return { ...(pointer ? { pointer } : {}), ...(message ? { message } : {}) };
}

function issuesFrom(list: unknown, secrets: readonly string[]): Issue[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => issueFrom(item, secrets)).filter((issue): issue is Issue => !!issue);
}

/** Summary and issues of every body shape understood; see docs/errors.md. */
function extract(body: unknown, secrets: readonly string[], depth = 0): Extracted {
  if (Array.isArray(body)) return { issues: issuesFrom(body, secrets) };
  if (!isObject(body) || depth > 2) return { issues: [] };
  const issues = [
    ...issuesFrom(body.errors, secrets), // RFC 9457 extension, JSON:API
    ...issuesFrom(body.message, secrets), // Fastify with a zod issue list
    ...issuesFrom(body.issues, secrets), // a bare ZodError
    // RFC 9457's own example: `invalid-params: [{ name, reason }]`.
    ...(Array.isArray(body['invalid-params']) ? body['invalid-params'].map((p) => (isObject(p) ? issueFrom({ field: p.name, reason: p.reason }, secrets) : undefined)) : []).filter(
      (issue): issue is Issue => !!issue,
    ),
  ];
  // `{ error: { message, errors } }` (Google, OpenAI style) nests the same shapes one level down.
  const nested = isObject(body.error) ? extract(body.error, secrets, depth + 1) : undefined;
  if (nested) issues.push(...nested.issues);
  const summary =
    humanText(body.detail, secrets) ??
    humanText(body.message, secrets) ??
    humanText(body.error_description, secrets) ??
    nested?.summary ??
    humanText(body.title, secrets) ??
    humanText(body.error, secrets);
  return { ...(summary ? { summary } : {}), issues };
}

// Only an object or a list is an error body; a bare JSON string or number is treated as non-JSON text.
function parseBody(text: string): unknown {
  const trimmed = text.trim();
  return trimmed.startsWith('{') || trimmed.startsWith('[') ? parseJson(trimmed) : undefined;
}

function statusText(status: number): string {
  const reason = REASONS[status];
  return reason ? `${status} ${reason}` : String(status);
}

// What to say when the server gave no usable words.
function genericMessage(code: ConnectErrorCode, status: number, tr: Translator): string {
  const s = { status: statusText(status) };
  switch (code) {
    case 'validation':
      return tr.t(status === 413 ? 'error.tooLarge' : 'error.validation', s);
    case 'timeout':
      return tr.t('error.timeout', s);
    case 'configuration':
      return tr.t(status === 401 ? 'error.signedOut' : status === 403 ? 'error.forbidden' : 'error.refused', s);
    default:
      return tr.t(status === 503 ? 'error.unavailable' : 'error.server', s);
  }
}

/**
 * Normalises one non-2xx answer of the token endpoint. Keeps the server's human text, places
 * pointed errors on fields (or, when no field matches, at form level), honours `Retry-After` on
 * 429/503, and masks every typed secret in every message. Never returns markup from the body.
 */
export function normaliseErrorResponse(input: ErrorResponse): ConnectErrorInfo {
  const { status, secrets } = input;
  const tr = input.translator ?? EN;
  const body = parseBody(input.bodyText);
  const { summary, issues } = body === undefined ? { summary: undefined, issues: [] } : extract(body, secrets);

  const fieldErrors: FieldError[] = [];
  const loose: string[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const resolved = issue.pointer ? resolvePointer(issue.pointer, input.fieldResolves) : undefined;
    if (resolved) {
      const message = issue.message ?? tr.t('error.valueRejected');
      const key = `${resolved}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fieldErrors.push({ pointer: resolved, message });
    } else if (issue.message) {
      const label = issue.pointer ? labelOf(issue.pointer) : undefined;
      const mentioned = label && issue.message.toLowerCase().includes(label.toLowerCase());
      const line = label && !mentioned ? `${label}: ${issue.message}` : issue.message;
      if (!loose.includes(line) && line !== summary) loose.push(line);
    }
  }

  const code = codeForStatus(status, fieldErrors.length > 0);
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headerValue(input.headers, 'Retry-After'), input.now ?? Date.now()) : undefined;
  const wait = retryAfterMs ? tr.t('error.tryAgainIn', { wait: tr.wait(retryAfterMs) }) : undefined;

  let message: string;
  let lead: string | undefined;
  let formErrors = loose;
  if (code === 'rate-limited') {
    // The server's own words ("Request was throttled. Expected available in 3 seconds.") are kept; the
    // wait comes after them (the widget shows it as a live countdown).
    lead = summary ? sentence(summary) : (formErrors[0] && sentence(formErrors[0])) || tr.t('error.tooManyAttempts');
    message = `${lead} ${wait ?? tr.t('error.waitAMoment')}`;
    formErrors = [];
    fieldErrors.length = 0;
  } else {
    let text = summary;
    if (!text && formErrors.length) [text, ...formErrors] = formErrors;
    if (!text && fieldErrors.length) {
      text = tr.t('error.checkFields', { count: fieldErrors.length });
    }
    lead = text ? sentence(text) : genericMessage(code, status, tr);
    message = lead;
    if (code === 'server') message += ` ${wait ?? tr.t('error.tryAgainSoon')}`;
    else if (wait) message += ` ${wait}`;
  }

  const info: ConnectErrorInfo = { code, message: maskSecrets(message, secrets), status };
  if (fieldErrors.length) info.fieldErrors = fieldErrors.map((e) => ({ pointer: e.pointer, message: maskSecrets(e.message, secrets) }));
  if (formErrors.length) info.formErrors = formErrors.map((m) => maskSecrets(m, secrets));
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  if (retryAfterMs) info.lead = maskSecrets(lead, secrets);
  return info;
}

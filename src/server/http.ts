/** Response builders and the bounded body reader of the reference handler. */
import { MAX_BODY_BYTES } from '../core/protocol.js';
import { HttpProblem, type FieldError } from './errors.js';

/** The largest request body accepted (over it: 413). */
export { MAX_BODY_BYTES };

// Every answer may carry secrets' consequences (a connection, an authorization URL with state): never cache.
const BASE_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** A JSON answer with `Cache-Control: no-store`; `cookies` become one Set-Cookie header each. */
export function jsonResponse(status: number, body: unknown, cookies: readonly string[] = []): Response {
  const headers = new Headers({ ...BASE_HEADERS, 'Content-Type': 'application/json' });
  for (const c of cookies) headers.append('Set-Cookie', c);
  return new Response(JSON.stringify(body), { status, headers });
}

/** An RFC 9457 problem answer (`application/problem+json`, `Cache-Control: no-store`). */
export function problemResponse(
  status: number,
  title: string,
  options: { detail?: string | undefined; errors?: FieldError[] | undefined; headers?: Record<string, string>; cookies?: readonly string[] } = {},
): Response {
  const body: Record<string, unknown> = { type: 'about:blank', title, status };
  if (options.detail !== undefined) body.detail = options.detail;
  if (options.errors !== undefined) body.errors = options.errors;
  const headers = new Headers({ ...BASE_HEADERS, ...options.headers, 'Content-Type': 'application/problem+json' });
  for (const c of options.cookies ?? []) headers.append('Set-Cookie', c);
  return new Response(JSON.stringify(body), { status, headers });
}

/** True for `application/json` with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * How much of an oversized body is read and thrown away before answering 413, and for how long at most. A runtime that
 * sees its request body abandoned may reset the connection (workerd does, and it hands a worker every body as chunked,
 * without Content-Length), and the client then gets a network error instead of the 413; past this many bytes or
 * this much time, that is the lesser evil. Nothing drained is kept.
 */
export const MAX_DRAIN_BYTES = 1024 * 1024;
export const MAX_DRAIN_MS = 2000;

/** Reads and discards the rest of an oversized body, up to `MAX_DRAIN_BYTES` in all or `MAX_DRAIN_MS`, then cancels it. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): Promise<void> {
  let total = alreadyRead;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeUp = new Promise<'time'>((resolve) => {
    timer = setTimeout(() => resolve('time'), MAX_DRAIN_MS);
  });
  try {
    while (total <= MAX_DRAIN_BYTES) {
      const chunk = await Promise.race([reader.read(), timeUp]);
      if (chunk === 'time') break;
      if (chunk.done) return;
      total += chunk.value.byteLength;
    }
  } catch {
    return;
  } finally {
    clearTimeout(timer);
  }
  await reader.cancel().catch(() => undefined);
}

const tooLarge = () => new HttpProblem(413, 'The request is too large', { detail: `The body must be at most ${MAX_BODY_BYTES / 1024} KB.` });

/**
 * Reads the body as UTF-8 text, stopping as soon as more than `limit` bytes have arrived: the bytes
 * actually read count, because Content-Length may be absent (chunked) or lie.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    // Not a byte is buffered. A body that is not much larger is read and dropped, so that the client can read the 413;
    // a huge one is cancelled at once (node.ts then discards the rest; other runtimes may close the connection).
    if (request.body && declared <= MAX_DRAIN_BYTES) await drain(request.body.getReader(), 0);
    else await request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-upload (or the runtime failed the stream): nobody to blame on our side.
      throw new HttpProblem(400, 'The request body could not be read');
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // The rest of an oversized body is never buffered: it is read and dropped, within the drain's bounds (a
      // client that never finishes it is cut off), so that the client can read the 413.
      chunks.length = 0;
      await drain(reader, size);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new HttpProblem(400, 'The request body is not valid UTF-8');
  }
}

/**
 * `toNodeHandler`: serves a Fetch-API handler from node:http, Express and Connect (before or after a
 * body parser), and `toExpressHandler`, the same as Express middleware. Only this file touches Node
 * APIs; the rest of the server runs anywhere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenEndpointHandler } from './handler.js';
import { MAX_DRAIN_MS } from './http.js';

/** Options of `toNodeHandler`. */
export interface NodeHandlerOptions {
  /** The public base URL (`https://app.example.com`) when Node sits behind a proxy; else the Host header and the socket decide. It only sets `request.url` for the hooks (the cookie follows `createTokenEndpoint`'s own `baseUrl`). */
  baseUrl?: string;
  /** Where the adapter says what is wrong with the mounting (a body read by another middleware); default `console`. */
  logger?: { error(message: string): void };
}

/** A node:http request listener. */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A request a framework may have read already: Express' `express.json()`, `express.raw()`, `express.text()` leave the result in `body`. */
type MaybeParsed = IncomingMessage & { body?: unknown };

/**
 * The body a framework already read, as bytes for a fresh Request; `undefined` when nobody read the
 * stream (the handler streams it then); `null` when it was read but nothing usable was kept.
 */
export function parsedBody(body: unknown, consumed: boolean): Uint8Array | string | undefined | null {
  // Not read yet (no parser, or one that skipped this content type, as Express 4's leaving `{}`): stream it.
  if (!consumed) return undefined;
  if (body instanceof Uint8Array || typeof body === 'string') return body;
  if (body === undefined) return null;
  // A parsed JSON value (express.json, Fastify): serialised again; the handler checks size and shape as for any body.
  try {
    return JSON.stringify(body) ?? null;
  } catch {
    return null;
  }
}

/** Answered when a middleware read the body and kept nothing the handler can use: at once, instead of waiting for bytes that will never come. */
function consumedBody(): Response {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title: 'Something went wrong on our side',
      status: 500,
    }),
    { status: 500, headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } },
  );
}

/**
 * Streams the request body without buffering it (the handler counts the bytes it reads), and stops
 * reading (instead of killing the socket) when the handler gives up. A client that goes away
 * mid-body makes node:http emit 'error' ("aborted"), which errors the stream: the handler answers
 * 400 instead of waiting forever.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let onData: ((chunk: Buffer) => void) | undefined;
  let onEnd: (() => void) | undefined;
  let onError: ((error: Error) => void) | undefined;
  const detach = () => {
    if (onData) req.off('data', onData);
    if (onEnd) req.off('end', onEnd);
    if (onError) req.off('error', onError);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onData = (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        // Backpressure: pause the socket until the handler pulls again.
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      onEnd = () => {
        detach();
        controller.close();
      };
      onError = (error) => {
        detach();
        controller.error(error);
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onError);
    },
    pull() {
      req.resume();
    },
    cancel() {
      detach();
      // Discard the rest (an oversized body) so the 413 answer can still be written on this socket.
      req.resume();
    },
  });
}

/**
 * The Fetch-API answer to a node:http request: a Request built from it (its body streamed, or the
 * body a framework already parsed) handed to `handle`; at once a bare 500, logged, when a middleware
 * read the body and kept nothing usable.
 */
export async function answerNodeRequest(handle: TokenEndpointHandler, req: IncomingMessage, options: NodeHandlerOptions, parsed: unknown = (req as MaybeParsed).body): Promise<Response> {
  const encrypted = Boolean((req.socket as { encrypted?: boolean } | undefined)?.encrypted);
  const base = options.baseUrl ?? `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  const url = new URL(req.url ?? '/', base);
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method: req.method ?? 'GET', headers };
  // A body parser mounted before this one (express.json()) has read the stream: waiting for it
  // would hang until the client gives up. Use what it parsed, or say at once what is wrong.
  const already = hasBody ? parsedBody(parsed, req.readableEnded) : undefined;
  if (already === null) {
    (options.logger ?? console).error(
      'connect-widget/server: the request body was already read by another middleware, which kept nothing usable in req.body. Mount the token endpoint before body parsers, or after express.json().',
    );
    return consumedBody();
  }
  if (already !== undefined) {
    init.body = typeof already === 'string' ? already : new Uint8Array(already);
    // The parsed body's length, not the original's.
    headers.delete('content-length');
    headers.delete('transfer-encoding');
  } else if (hasBody) {
    init.body = bodyStream(req);
    // Required by the Fetch spec for a streamed request body.
    init.duplex = 'half';
  }
  return handle(new Request(url, init));
}

/** Adapts a Fetch-API handler to node:http: `http.createServer(toNodeHandler(handle))`. */
export function toNodeHandler(handle: TokenEndpointHandler, options: NodeHandlerOptions = {}): NodeRequestListener {
  return async (req, res) => {
    try {
      const response = await answerNodeRequest(handle, req, options);
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') out[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) out['set-cookie'] = cookies;
      const body = Buffer.from(await response.arrayBuffer());
      // A body the handler did not read to the end (a 413) must not be parsed as the next request.
      const unfinished = req.method !== 'GET' && req.method !== 'HEAD' && !req.readableEnded;
      if (!unfinished) {
        res.writeHead(response.status, out);
        res.end(body);
        return;
      }
      // The whole answer, its length declared, goes out at once; the connection is closed only once the
      // client has finished sending (the rest is discarded) or after MAX_DRAIN_MS: closing under a client
      // that is still uploading resets the connection, and the client may see the reset, not the answer.
      out.connection = 'close';
      out['content-length'] = String(body.byteLength);
      res.writeHead(response.status, out);
      res.write(body);
      req.resume();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, MAX_DRAIN_MS);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        req.once('end', done);
        req.once('close', done);
        req.once('error', done);
      });
      res.end();
    } catch {
      // The handler answers its own errors; this is only an adapter failure (a malformed URL).
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Something went wrong on our side', status: 500 }));
    }
  };
}

/** The `toNodeHandler` listener as Express middleware: `app.post('/api/connect', toExpressHandler(handle))`, before or after `express.json()`. */
export function toExpressHandler(handle: TokenEndpointHandler, options: NodeHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const listener = toNodeHandler(handle, options);
  return (req, res, next) => {
    listener(req, res).catch(next);
  };
}

/**
 * `toNodeHandler`: serves a Fetch-API handler from node:http (and Express or Connect, mounted before
 * any body parser). Only this file touches Node APIs; the rest of the server runs anywhere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenEndpointHandler } from './handler.js';

/** Options of `toNodeHandler`. */
export interface NodeHandlerOptions {
  /** The public base URL (`https://app.example.com`) when Node sits behind a proxy; else the Host header and the socket decide. */
  baseUrl?: string;
}

/** A node:http request listener. */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

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

/** Adapts a Fetch-API handler to node:http: `http.createServer(toNodeHandler(handle))`. */
export function toNodeHandler(handle: TokenEndpointHandler, options: NodeHandlerOptions = {}): NodeRequestListener {
  return async (req, res) => {
    try {
      const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
      const base = options.baseUrl ?? `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
      const url = new URL(req.url ?? '/', base);
      const headers = new Headers();
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const init: RequestInit & { duplex?: 'half' } = { method: req.method ?? 'GET', headers };
      if (hasBody) {
        init.body = bodyStream(req);
        // Required by the Fetch spec for a streamed request body.
        init.duplex = 'half';
      }
      const response = await handle(new Request(url, init));
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') out[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) out['set-cookie'] = cookies;
      // A body the handler did not read to the end (a 413) must not be parsed as the next request.
      if (hasBody && !req.readableEnded) out.connection = 'close';
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      // The handler answers its own errors; this is only an adapter failure (a malformed URL).
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Something went wrong on our side', status: 500 }));
    }
  };
}

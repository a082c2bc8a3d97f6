/**
 * Thin adapters for Fastify and Hono (Express takes `toExpressHandler` / `toNodeHandler`, node.ts).
 * They type the frameworks' objects structurally and import nothing from them: `connect-widget/server`
 * never loads a framework (they are optional peer dependencies).
 */
import type { IncomingMessage } from 'node:http';
import type { TokenEndpointHandler } from './handler.js';
import { answerNodeRequest, type NodeHandlerOptions } from './node.js';

/** The part of a Fastify request the adapter reads. */
export interface FastifyRequestLike {
  /** The node:http request (Fastify has read its body when a content-type parser matched). */
  raw: IncomingMessage;
  /** What Fastify's content-type parser made of the body. */
  body?: unknown;
}

/** The part of a Fastify reply the adapter writes. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string | string[]): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}

/**
 * A Fastify route handler: `app.route({ method: ['POST', 'OPTIONS'], url: '/api/connect', handler: toFastifyHandler(handle) })`.
 * Fastify parses JSON bodies itself (a 400 for malformed JSON, 415 for media types it has no parser
 * for); the handler gets the parsed body and checks it as it checks any.
 */
export function toFastifyHandler(handle: TokenEndpointHandler, options: NodeHandlerOptions = {}): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<FastifyReplyLike> {
  return async (request, reply) => {
    const response = await answerNodeRequest(handle, request.raw, options, request.body);
    reply.code(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') reply.header(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    return reply.send(Buffer.from(await response.arrayBuffer()));
  };
}

/** The part of a Hono context the adapter reads. */
export interface HonoContextLike {
  req: {
    /** The Fetch-API request. */
    raw: Request;
    /** The body, from Hono's cache when a middleware already read it (`c.req.json()`, a validator). */
    arrayBuffer(): Promise<ArrayBuffer>;
  };
}

/**
 * A Hono handler: `app.on(['POST', 'OPTIONS'], '/api/connect', toHonoHandler(handle))`. Hono's request
 * is a Fetch-API Request already; when a middleware has read its body, the adapter takes the body
 * from Hono's cache instead of waiting on a used stream.
 */
export function toHonoHandler(handle: TokenEndpointHandler): (c: HonoContextLike) => Promise<Response> {
  return async (c) => {
    const raw = c.req.raw;
    if (!raw.bodyUsed) return handle(raw);
    const body = await c.req.arrayBuffer();
    const headers = new Headers(raw.headers);
    headers.delete('content-length');
    return handle(new Request(raw.url, { method: raw.method, headers, body }));
  };
}

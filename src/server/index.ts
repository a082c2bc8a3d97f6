/**
 * `connect-widget/server`: the reference token endpoint.
 *
 * A Fetch-API handler
 * (`(request: Request) => Promise<Response>`) for Node, Deno, Bun, Workers and framework routes.
 * Server-only: the browser bundle never imports this directory.
 */
export { createTokenEndpoint } from './handler.js';
export type { Connection, CorsConfig, HookInput, TokensInput, TokenEndpointConfig, TokenEndpointHandler, TokenEndpointLogger } from './handler.js';
export { memoryReplayStore, redisReplayStore } from './replay.js';
export type { RedisReplayStoreOptions, ReplayStore } from './replay.js';
export { FieldErrors } from './errors.js';
export type { FieldError } from './errors.js';
export type { OAuthClientConfig, TokenSet } from './oauth.js';
export { toExpressHandler, toNodeHandler } from './node.js';
export { toFastifyHandler, toHonoHandler } from './adapters.js';
export type { FastifyReplyLike, FastifyRequestLike, HonoContextLike } from './adapters.js';
export type { NodeHandlerOptions, NodeRequestListener } from './node.js';

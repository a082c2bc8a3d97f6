/**
 * `connect-widget/server`: the reference token endpoint. A Fetch-API handler
 * (`(request: Request) => Promise<Response>`) for Node, Deno, Bun, Workers and framework routes.
 * Server-only: the browser bundle never imports this directory.
 */
export { createTokenEndpoint } from './handler.js';
export type { Connection, HookInput, TokensInput, TokenEndpointConfig, TokenEndpointHandler } from './handler.js';
export { FieldErrors } from './errors.js';
export type { FieldError } from './errors.js';
export type { OAuthClientConfig, TokenSet } from './oauth.js';
export { toNodeHandler } from './node.js';
export type { NodeHandlerOptions, NodeRequestListener } from './node.js';

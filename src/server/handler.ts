/**
 * `createTokenEndpoint`: the reference token endpoint of SPEC "Token endpoint protocol", as a
 * Fetch-API handler `(request: Request) => Promise<Response>` that runs in Node, Deno, Bun,
 * Workers and framework routes. It checks the request (method, Origin, media type, size, shape),
 * validates `fields` against the option's schema, runs the OAuth flow as a backend for frontend,
 * and hands credentials or tokens to the host's hooks. docs/server.md explains the design.
 */
import { generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import { findOption, isOAuth, listOptions, parseConnector, type Connector, type ConnectorType, type ResolvedOption } from '../core/connector.js';
import { isObject, type JsonObject } from '../core/json.js';
import { MAX_BODY_BYTES, MAX_STATE_LENGTH, OAUTH_FLOW_TTL_SECONDS as FLOW_TTL_SECONDS, isStep, type Connection, type Step } from '../core/protocol.js';
import { cookieFits, cookieName, deriveKey, isLocalHttp, readCookie, seal, secretBytes, serializeCookie, unseal, type FlowState } from './cookie.js';
import { FieldErrors, HttpProblem, type FieldError } from './errors.js';
import { isJsonContentType, jsonResponse, problemResponse, readBodyText } from './http.js';
import { checkClientConfig, OAuthProvider, type OAuthClientConfig, type TokenSet } from './oauth.js';
import { memoryReplayStore, type ReplayStore } from './replay.js';
import { containsSecret, secretValues } from './secrets.js';
import { createFieldsCompiler, type FieldsValidator } from './validate.js';
import { translatorForRequest } from '../core/i18n/all.js';

/** A connection as the host describes it to the widget: at least an `id`; never put secrets or tokens in it. */
export type { Connection };

/** What every hook receives. */
export interface HookInput {
  /** The connector's key. */
  connector: string;
  /** The option's key, null for a connector without options. */
  option: string | null;
  /** The option's auth type. */
  type: ConnectorType;
  /** The validated fields (for OAuth: the connection parameters given at `oauth-start`). Holds secrets: store them encrypted, never log them. */
  fields: JsonObject;
  /** Host context sent by the widget (not validated: treat as untrusted input, like `fields`). */
  context: JsonObject;
  /** The connection being reconnected, if any (untrusted: check that the user owns it). */
  connectionId?: string;
  /** The incoming request (read the session cookie or Authorization header from it). */
  request: Request;
}

/** `onTokens`' input: the hook input plus the provider's tokens. */
export interface TokensInput extends HookInput {
  /** The token endpoint's answer: `access_token`, `refresh_token`, `expires_in`, `scope`, ... */
  tokens: TokenSet;
}

/** The configuration of `createTokenEndpoint`. */
export interface TokenEndpointConfig {
  /** The connector definitions (the same the browser gets); checked when the handler is created. */
  connectors: readonly unknown[];
  /** Origins allowed to call (exact match against the Origin header), e.g. `https://app.example.com`. */
  allowedOrigins: readonly string[];
  /** At least 32 bytes; seals the OAuth flow cookie. Required when `oauth` is configured. */
  secret?: string | Uint8Array;
  /** OAuth clients by connector key. */
  oauth?: Record<string, OAuthClientConfig>;
  /** Stores credentials of a form option (test them first; throw `FieldErrors` to reject) and returns the connection. */
  onCredentials?: (input: HookInput) => Connection | Promise<Connection>;
  /** Stores the tokens of a completed OAuth flow and returns the connection. */
  onTokens?: (input: TokensInput) => Connection | Promise<Connection>;
  /** Told about every unexpected error (the 500s) so that the host can log it; the answer never holds it. Without it, `logger.error` gets them. */
  onError?: (error: unknown, request: Request) => void;
  /** Where the handler says what a host should know: unexpected errors when there is no `onError`, refused origins (once each). Default `console`; `false` for silence. */
  logger?: TokenEndpointLogger | false;
  /**
   * The endpoint's public URL or origin (`https://app.example.com`). It decides the OAuth flow
   * cookie's `Secure` flag and `__Host-` prefix: both are dropped only when it is plain-HTTP
   * `localhost`, `127.0.0.1` or `[::1]` (local development). Without it, both are always set. The
   * request's URL and Host header never decide it (a proxy can make them say anything).
   */
  baseUrl?: string;
  /** Where completed OAuth flows are claimed, so that each completes once across instances. Default: in memory (one process); `redisReplayStore(client)` for several. */
  replayStore?: ReplayStore;
  /** CORS, for a page on another origin than the endpoint (an API subdomain). */
  cors?: CorsConfig;
  /** The clock, in milliseconds since the epoch (tests inject one). */
  now?: () => number;
}

/** Where the handler logs (the `console` by default). */
export interface TokenEndpointLogger {
  /** An unexpected failure that answered 5xx (when no `onError` is configured). */
  error(message: string, error?: unknown): void;
  /** A configuration hint (a refused origin), once per cause. */
  warn(message: string): void;
}

/** CORS answers for pages on another origin (each must be in `allowedOrigins`). */
export interface CorsConfig {
  /** Request headers the page sends besides `content-type`, `idempotency-key` and `accept-language` (the widget's `headers`, e.g. `x-csrf-token`). */
  allowedHeaders?: readonly string[];
  /** `include` when the widget's `credentials` is `include` (it sends cookies cross-origin): answers carry `Access-Control-Allow-Credentials: true`. */
  credentials?: 'same-origin' | 'include';
  /** How long a browser may cache a preflight, in seconds; default 600. */
  maxAge?: number;
}

/** The handler `createTokenEndpoint` returns. */
export type TokenEndpointHandler = (request: Request) => Promise<Response>;

/** `context` nested deeper than this is 400 (it is sealed into the flow cookie, and a hook walks it). */
export const MAX_CONTEXT_DEPTH = 32;
// Refused origins are logged once each; past this many, an attacker cycling origins cannot fill the log.
const MAX_LOGGED_ORIGINS = 100;
const PROTOCOL_HEADERS = ['content-type', 'idempotency-key', 'accept-language'];

/** A request body that passed the checks of `parse`. */
interface ParsedRequest {
  /** The request's Accept-Language: the language of the validation messages. */
  language: string | null;
  connector: Connector;
  option: ResolvedOption;
  step: Step;
  fields: JsonObject;
  context: JsonObject;
  connectionId?: string;
  body: Record<string, unknown>;
}

const optionId = (connector: string, option: string | null) => `${connector}\u0000${option ?? ''}`;

function fail(message: string): never {
  throw new TypeError(`connect-widget/server: ${message}`);
}

/** An allowed origin as browsers serialise the Origin header (`https://app.example.com`, lower case, no default port). */
function normaliseOrigin(origin: unknown): string {
  const hint = `allowedOrigins: ${JSON.stringify(origin)} is not an origin like https://app.example.com`;
  if (typeof origin !== 'string') return fail(hint);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return fail(hint);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${hint} (http or https)`);
  if (url.username || url.password || url.search || url.hash || !/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(origin)) fail(`${hint} (scheme, host and port only: no path)`);
  return url.origin;
}

type Report = (error: unknown, request: Request) => void;

/**
 * Answers an error thrown while handling: problems as they are (5xx ones also reported), hook
 * FieldErrors as 422, anything else as a bare 500, reported.
 */
function errorResponse(error: unknown, request: Request, report: Report, cookies: readonly string[] = []): Response {
  if (error instanceof HttpProblem) {
    // A provider that cannot be reached or refuses our client (a wrong clientSecret) is the host's to fix.
    if (error.status >= 500) report(error.cause ?? error, request);
    return problemResponse(error.status, error.title, { detail: error.detail, errors: error.errors, headers: error.headers, cookies });
  }
  if (error instanceof FieldErrors) {
    return problemResponse(422, error.title, { errors: error.errors, cookies });
  }
  report(error, request);
  // No message, no stack: an error can hold a secret (a provider's response, a connection string).
  // No advice either: the widget adds its own "Try again in a moment." to every 5xx.
  return problemResponse(500, 'Something went wrong on our side', { cookies });
}

/** How deep `value` nests (a scalar is 0, `{}` is 1), counted without recursion and stopping past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > deepest) deepest = d + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

function bad(pointer: string, detail: string, title = 'The request is not valid'): HttpProblem {
  return new HttpProblem(400, title, { errors: [{ pointer, detail }] });
}

function checkConnection(value: unknown, hook: 'onCredentials' | 'onTokens', secrets: readonly string[], tokens?: TokenSet): Connection {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '') {
    throw new Error(`connect-widget/server: ${hook} must return a connection object with a non-empty string \`id\``);
  }
  // SPEC security rule 1: a secret goes to the token endpoint and nowhere else, so never back to the page.
  if (containsSecret(value, secrets)) {
    throw new Error(`connect-widget/server: the connection returned by ${hook} contains the value of a secret field; secrets must never reach the browser`);
  }
  if (tokens) {
    // SPEC: tokens never go into a response. A connection that carries one is a host bug: answer 500, tell onError.
    const text = JSON.stringify(value);
    for (const name of ['access_token', 'refresh_token', 'id_token'] as const) {
      const token = tokens[name];
      if (typeof token === 'string' && token.length >= 8 && text.includes(token)) {
        throw new Error(`connect-widget/server: the connection returned by onTokens contains the ${name}; tokens must never reach the browser`);
      }
    }
  }
  return value as Connection;
}

/** `Secure` + `__Host-` unless `baseUrl` is plain-HTTP loopback (SPEC: configuration decides, never the request). */
function cookieSecurity(baseUrl: unknown): boolean {
  if (baseUrl === undefined) return true;
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol))
    fail(`baseUrl: ${JSON.stringify(baseUrl)} is not an http(s) URL like https://app.example.com`);
  return !isLocalHttp(baseUrl);
}

function corsSettings(cors: unknown): { headers: string; credentials: boolean; maxAge: number } {
  if (cors !== undefined && !isObject(cors)) fail('`cors` must be an object: { allowedHeaders?, credentials?, maxAge? }');
  const { allowedHeaders = [], credentials, maxAge = 600 } = (cors ?? {}) as CorsConfig;
  const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
  if (!Array.isArray(allowedHeaders) || !allowedHeaders.every((h) => typeof h === 'string' && token.test(h))) fail('`cors.allowedHeaders` must be a list of header names');
  if (credentials !== undefined && credentials !== 'include' && credentials !== 'same-origin') fail("`cors.credentials` must be 'include' or 'same-origin'");
  if (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || maxAge < 0) fail('`cors.maxAge` must be a whole number of seconds');
  const headers = [...new Set([...PROTOCOL_HEADERS, ...allowedHeaders.map((h) => h.toLowerCase())])];
  return { headers: headers.join(', '), credentials: credentials === 'include', maxAge };
}

/** Builds the reference token endpoint. Throws at once for a bad configuration (a broken connector, a short secret). */
export function createTokenEndpoint(config: TokenEndpointConfig): TokenEndpointHandler {
  if (!isObject(config)) fail('createTokenEndpoint needs a configuration object');
  const now = config.now ?? Date.now;
  const { onError } = config;
  if (config.logger !== undefined && config.logger !== false && !(isObject(config.logger) && typeof config.logger.error === 'function' && typeof config.logger.warn === 'function')) {
    fail('`logger` must have error() and warn() methods (like console), or be false');
  }
  const logger: TokenEndpointLogger | undefined = config.logger === false ? undefined : (config.logger ?? console);
  const report: Report = (error, request) => {
    try {
      if (onError) onError(error, request);
      else logger?.error('connect-widget/server: a request failed with an unexpected error (the user was answered 500 without its detail; pass onError to handle these yourself):', error);
    } catch {
      // A failing logger must not turn an answer into a crash.
    }
  };
  if (!Array.isArray(config.connectors)) fail('`connectors` must be a list of connector definitions');
  const connectors = new Map<string, Connector>();
  const validators = new Map<string, FieldsValidator>();
  const compile = createFieldsCompiler();
  config.connectors.forEach((original, index) => {
    const name = isObject(original) && typeof original.key === 'string' ? `"${original.key}"` : `#${index}`;
    let input: unknown;
    try {
      // A copy: the host changing its objects later cannot change what this handler accepts.
      input = structuredClone(original);
    } catch {
      fail(`connector ${name} is not valid: it must be plain JSON data`);
    }
    const result = parseConnector(input);
    if (!result.ok) fail(`connector ${name} is not valid: ${result.problems.join('; ')}`);
    const { connector } = result;
    if (connectors.has(connector.key)) fail(`two connectors have the key "${connector.key}"`);
    connectors.set(connector.key, connector);
    for (const option of listOptions(connector)) {
      try {
        validators.set(optionId(connector.key, option.key), compile(option.schema));
      } catch (error) {
        // Workers (workerd) forbid compiling code from strings except while the module is evaluated.
        if (error instanceof EvalError || /code generation from strings/i.test(String(error))) {
          fail(
            'this runtime forbids compiling the schema validators now (Cloudflare Workers allow it only at startup): create the endpoint at module top level, once per isolate, not inside a request',
          );
        }
        fail(`connector "${connector.key}"${option.key === null ? '' : ` option "${option.key}"`}: its schema cannot be used: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });

  if (!Array.isArray(config.allowedOrigins) || config.allowedOrigins.length === 0) fail('`allowedOrigins` must list at least one origin');
  const origins = new Set(config.allowedOrigins.map(normaliseOrigin));

  const providers = new Map<string, OAuthProvider>();
  if (config.oauth !== undefined && !isObject(config.oauth)) fail('`oauth` must be an object of OAuth clients by connector key');
  for (const [key, client] of Object.entries(config.oauth ?? {})) {
    const connector = connectors.get(key);
    if (!connector) fail(`oauth["${key}"] names no connector (known: ${[...connectors.keys()].join(', ') || 'none'})`);
    if (!listOptions(connector).some((o) => o.type === 'oauth2')) fail(`oauth["${key}"]: the connector "${key}" has no oauth2 option`);
    checkClientConfig(key, client);
    providers.set(key, new OAuthProvider(client));
  }
  const secret = config.secret === undefined ? undefined : secretBytes(config.secret);
  const secure = cookieSecurity(config.baseUrl);
  if (config.replayStore !== undefined && !(isObject(config.replayStore) && typeof config.replayStore.claim === 'function'))
    fail('`replayStore` must have a claim(key, ttlSeconds) method returning a Promise<boolean>');
  const replayStore = config.replayStore ?? memoryReplayStore({ now });
  const cors = corsSettings(config.cors);
  if (providers.size > 0 && !secret) fail('`secret` (at least 32 bytes) is required to seal the OAuth flow cookie');
  if (providers.size > 0 && typeof config.onTokens !== 'function') fail('`onTokens` is required when `oauth` is configured');
  if (config.onError !== undefined && typeof config.onError !== 'function') fail('`onError` must be a function');
  if (config.now !== undefined && typeof config.now !== 'function') fail('`now` must be a function returning milliseconds');
  const formOptions = [...connectors.values()].some((c) => listOptions(c).some((o) => !isOAuth(o.type)));
  if (formOptions && typeof config.onCredentials !== 'function') fail('`onCredentials` is required: some connector options send credentials');

  let key: Promise<Uint8Array> | undefined;
  const cookieKey = () => (key ??= deriveKey(secret!));

  const refusedOrigins = new Set<string>();
  /** Tells the host once per origin why a page's requests fail: the 403 itself says nothing a browser user could act on. */
  const refuse = (origin: string | null): HttpProblem => {
    const name = origin ?? '(none)';
    if (logger && !refusedOrigins.has(name) && refusedOrigins.size < MAX_LOGGED_ORIGINS) {
      refusedOrigins.add(name);
      try {
        logger.warn(
          origin
            ? `connect-widget/server: refused a request from the origin ${JSON.stringify(origin)} (403): it is not in allowedOrigins (${[...origins].join(', ')}). If that page should connect accounts, add its origin to allowedOrigins.`
            : "connect-widget/server: refused a request without an Origin header (403). Browsers send one with the widget's requests; allowedOrigins decides which origins may call.",
        );
      } catch {
        // A failing logger must not turn an answer into a crash.
      }
    }
    return new HttpProblem(403, 'This origin may not connect accounts here');
  };

  /** Method, Origin, media type, size, JSON, body shape, connector/option/step: anything wrong is a 4xx. */
  async function parse(request: Request): Promise<ParsedRequest> {
    if (request.method !== 'POST') throw new HttpProblem(405, 'Only POST is allowed here', { headers: { Allow: 'POST' } });
    const origin = request.headers.get('origin');
    // CSRF defence: browsers always send Origin on a cross-origin POST and cannot be made to forge it.
    if (!origin || !origins.has(origin)) throw refuse(origin);
    if (!isJsonContentType(request.headers.get('content-type'))) {
      throw new HttpProblem(415, 'The request body must be JSON', { detail: 'Send Content-Type: application/json.' });
    }
    const text = await readBodyText(request, MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpProblem(400, 'The request body is not valid JSON');
    }
    if (!isObject(body)) throw new HttpProblem(400, 'The request body must be a JSON object');

    const problems: FieldError[] = [];
    const { connector: connectorKey, option: optionKey, step, type, fields, context, connectionId } = body;
    if (typeof connectorKey !== 'string') problems.push({ pointer: '/connector', detail: 'connector must be a connector key' });
    if (typeof step !== 'string') problems.push({ pointer: '/step', detail: 'step must be credentials, oauth-start or oauth-callback' });
    if (optionKey !== undefined && optionKey !== null && typeof optionKey !== 'string') problems.push({ pointer: '/option', detail: 'option must be an option key' });
    if (type !== undefined && typeof type !== 'string') problems.push({ pointer: '/type', detail: 'type must be a string' });
    if (fields !== undefined && !isObject(fields)) problems.push({ pointer: '/fields', detail: 'fields must be an object' });
    if (context !== undefined && !isObject(context)) problems.push({ pointer: '/context', detail: 'context must be an object' });
    if (connectionId !== undefined && (typeof connectionId !== 'string' || connectionId === '')) problems.push({ pointer: '/connectionId', detail: 'connectionId must be a non-empty string' });
    if (problems.length === 0 && context !== undefined && depthOf(context, MAX_CONTEXT_DEPTH) > MAX_CONTEXT_DEPTH) {
      problems.push({ pointer: '/context', detail: `context must not nest deeper than ${MAX_CONTEXT_DEPTH} levels` });
    }
    if (problems.length > 0) throw new HttpProblem(400, 'The request body is not valid', { errors: problems });

    const connector = connectors.get(connectorKey as string);
    if (!connector) throw bad('/connector', `There is no connector "${String(connectorKey)}" here.`, 'Unknown connector');
    if (!isStep(step)) throw bad('/step', `Unknown step "${String(step)}": use credentials, oauth-start or oauth-callback.`, 'Unknown step');
    const hasOptions = connector.auth.options !== undefined;
    if (hasOptions && typeof optionKey !== 'string') throw bad('/option', `Choose one of the options of "${connector.key}".`, 'Unknown option');
    if (!hasOptions && typeof optionKey === 'string') throw bad('/option', `The connector "${connector.key}" has no options.`, 'Unknown option');
    const option = findOption(connector, (optionKey as string | null | undefined) ?? null);
    if (!option) throw bad('/option', `The connector "${connector.key}" has no option "${String(optionKey)}".`, 'Unknown option');
    if (type !== undefined && type !== option.type) throw bad('/type', `This option's type is ${option.type}.`);
    const oauthOption = isOAuth(option.type);
    if (oauthOption && step === 'credentials') throw bad('/step', 'This option signs in with the provider: use oauth-start.');
    if (!oauthOption && step !== 'credentials') throw bad('/step', 'This option sends credentials: use the credentials step.');

    const parsed: ParsedRequest = {
      connector,
      option,
      step: step as Step,
      fields: (fields ?? {}) as JsonObject,
      context: (context ?? {}) as JsonObject,
      body,
      language: request.headers.get('accept-language'),
    };
    if (typeof connectionId === 'string') parsed.connectionId = connectionId;
    return parsed;
  }

  function validateFields(req: ParsedRequest): void {
    // Worded like the widget's own messages, in the request's language (English when we have no catalog for it).
    const tr = translatorForRequest(req.language);
    const errors = validators.get(optionId(req.connector.key, req.option.key))!.validate(req.fields, tr);
    if (errors.length > 0) throw new HttpProblem(422, tr.t('error.fieldsNeedAttention'), { errors });
  }

  function hookInput(req: ParsedRequest, request: Request): HookInput {
    const input: HookInput = { connector: req.connector.key, option: req.option.key, type: req.option.type, fields: req.fields, context: req.context, request };
    if (req.connectionId !== undefined) input.connectionId = req.connectionId;
    return input;
  }

  function provider(req: ParsedRequest): OAuthProvider {
    if (req.option.type === 'oauth1') throw new HttpProblem(501, 'OAuth 1.0a sign-in is not supported by this server');
    const p = providers.get(req.connector.key);
    // The request is right and the host has not set this sign-in up: 501, and onError names the fix.
    if (!p) {
      const cause = new Error(`connect-widget/server: no oauth client is configured for connector "${req.connector.key}" (add it to \`oauth\`)`);
      throw new HttpProblem(501, `Sign-in with ${req.connector.name} is not set up on this server`, { cause });
    }
    return p;
  }

  async function credentials(req: ParsedRequest, request: Request): Promise<Response> {
    validateFields(req);
    const connection = checkConnection(await config.onCredentials!(hookInput(req, request)), 'onCredentials', secretValues(req.option.schema, req.fields));
    return jsonResponse(200, { connection });
  }

  async function oauthStart(req: ParsedRequest): Promise<Response> {
    const client = provider(req);
    const redirectUri = req.body.redirectUri;
    let redirect: URL | undefined;
    try {
      redirect = typeof redirectUri === 'string' ? new URL(redirectUri) : undefined;
    } catch {
      redirect = undefined;
    }
    if (!redirect || (redirect.protocol !== 'https:' && redirect.protocol !== 'http:')) throw bad('/redirectUri', 'redirectUri must be an http(s) URL.');
    // RFC 6749 3.1.2: no fragment; and no user:password@ (a classic way to disguise a host).
    if (redirect.hash || (redirectUri as string).includes('#') || redirect.username || redirect.password) throw bad('/redirectUri', 'redirectUri must not have a fragment or credentials.');
    const listed = client.redirectUris;
    // With a list: exact string match (as providers compare). Without: a page on an allowed origin,
    // the only pages that can hand the callback to the widget (it accepts messages from its own origin),
    // and no query: `/cb?next=https://evil.example` would make an open redirect of any callback page.
    if (listed) {
      if (!listed.includes(redirectUri as string)) throw bad('/redirectUri', 'This redirect URI is not one of the redirect URIs configured for this connector.');
    } else {
      if (!origins.has(redirect.origin)) throw bad('/redirectUri', 'This redirect URI is not on an allowed origin.');
      if (redirect.search || (redirectUri as string).includes('?')) throw bad('/redirectUri', 'redirectUri must not have a query (configure redirectUris to allow one).');
    }
    validateFields(req);

    const state = generateRandomState();
    const verifier = generateRandomCodeVerifier();
    const authorizationUrl = await client.authorizationUrl(redirectUri as string, state, verifier);
    const flow: FlowState = {
      verifier,
      state,
      connector: req.connector.key,
      option: req.option.key,
      redirectUri: redirectUri as string,
      fields: req.fields,
      context: req.context,
      exp: Math.floor(now() / 1000) + FLOW_TTL_SECONDS,
    };
    if (req.connectionId !== undefined) flow.connectionId = req.connectionId;
    const cookie = serializeCookie(await cookieName(state, secure), await seal(flow, await cookieKey(), now()), secure);
    if (!cookieFits(cookie)) throw bad('/fields', 'These connection details are too long to carry through the sign-in.');
    return jsonResponse(200, { authorizationUrl, state }, [cookie]);
  }

  async function oauthCallback(req: ParsedRequest, request: Request): Promise<Response> {
    const { state, params } = req.body;
    if (typeof state !== 'string' || state === '' || state.length > MAX_STATE_LENGTH) throw bad('/state', 'state must be the state oauth-start returned.');
    if (!isObject(params) || !Object.values(params).every((v) => typeof v === 'string')) throw bad('/params', 'params must be an object of strings (the callback URL parameters).');
    const name = await cookieName(state, secure);
    const sealed = readCookie(request.headers.get('cookie'), name);
    const expired = () => new HttpProblem(400, 'This sign-in has expired or was already completed', { detail: 'Start the sign-in again.' });
    if (!sealed) throw expired();
    // From here on, every answer clears the flow's cookie: a flow gets one callback, whatever its outcome.
    const clear = [serializeCookie(name, null, secure)];
    try {
      const flow = await unseal(sealed, await cookieKey(), now());
      if (flow === 'expired') throw expired();
      if (flow === 'invalid' || flow.state !== state) throw new HttpProblem(400, 'This sign-in could not be verified', { detail: 'Start the sign-in again.' });
      if (flow.connector !== req.connector.key) throw bad('/connector', 'This sign-in was started for another connector.');
      if (flow.option !== req.option.key) throw bad('/option', 'This sign-in was started for another option.');
      // Single use across instances: the first claim of this state wins, every later one is a replay.
      if (!(await replayStore.claim(await cookieName(state, false), Math.max(1, flow.exp - Math.floor(now() / 1000))))) throw expired();
      const tokens = await provider(req).exchange(params as Record<string, string>, state, flow.redirectUri, flow.verifier);
      // The connection parameters and context are those sealed at oauth-start, not whatever this body says.
      const input: TokensInput = { connector: flow.connector, option: flow.option, type: req.option.type, fields: flow.fields, context: flow.context, request, tokens };
      if (flow.connectionId !== undefined) input.connectionId = flow.connectionId;
      const connection = checkConnection(await config.onTokens!(input), 'onTokens', secretValues(req.option.schema, flow.fields), tokens);
      return jsonResponse(200, { connection }, clear);
    } catch (error) {
      return errorResponse(error, request, report, clear);
    }
  }

  /** The answer to a CORS preflight: 204 for an allowed origin, 403 for any other. */
  function preflight(request: Request): Response {
    const origin = request.headers.get('origin');
    if (!origin || !origins.has(origin)) return errorResponse(refuse(origin), request, report);
    return new Response(null, {
      status: 204,
      headers: {
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': cors.headers,
        'Access-Control-Max-Age': String(cors.maxAge),
        'Cache-Control': 'no-store',
      },
    });
  }

  /** Every answer varies by Origin; one to an allowed origin says so (and allows credentials when configured). */
  function withCors(request: Request, response: Response): Response {
    const origin = request.headers.get('origin');
    response.headers.append('Vary', 'Origin');
    if (origin && origins.has(origin)) {
      response.headers.set('Access-Control-Allow-Origin', origin);
      if (cors.credentials) response.headers.set('Access-Control-Allow-Credentials', 'true');
      // Retry-After is not a CORS-safelisted response header: without this a cross-origin page cannot read it.
      if (response.status !== 204) response.headers.set('Access-Control-Expose-Headers', 'Retry-After');
    }
    return response;
  }

  return async function handle(request: Request): Promise<Response> {
    if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) return withCors(request, preflight(request));
    let response: Response;
    try {
      const req = await parse(request);
      if (req.step === 'credentials') response = await credentials(req, request);
      else if (req.step === 'oauth-start') response = await oauthStart(req);
      else response = await oauthCallback(req, request);
    } catch (error) {
      response = errorResponse(error, request, report);
    }
    return withCors(request, response);
  };
}

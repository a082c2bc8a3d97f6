/**
 * `createTokenEndpoint`: the reference token endpoint of SPEC "Token endpoint protocol", as a
 * Fetch-API handler `(request: Request) => Promise<Response>` that runs in Node, Deno, Bun,
 * Workers and framework routes. It checks the request (method, Origin, media type, size, shape),
 * validates `fields` against the option's schema, runs the OAuth flow as a backend for frontend,
 * and hands credentials or tokens to the host's hooks. docs/server.md explains the design.
 */
import { generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import { findOption, isOAuth, listOptions, parseConnector, type Connector, type ConnectorType, type ResolvedOption } from '../core/connector.js';
import { isObject, type JsonObject, type JsonValue } from '../core/json.js';
import { cookieFits, cookieName, deriveKey, FLOW_TTL_SECONDS, isLocalHttp, readCookie, seal, secretBytes, serializeCookie, unseal, type FlowState } from './cookie.js';
import { FieldErrors, HttpProblem, type FieldError } from './errors.js';
import { isJsonContentType, jsonResponse, MAX_BODY_BYTES, problemResponse, readBodyText } from './http.js';
import { checkClientConfig, OAuthProvider, type OAuthClientConfig, type TokenSet } from './oauth.js';
import { createFieldsCompiler, type FieldsValidator } from './validate.js';

/** A connection as the host describes it to the widget: at least an `id`; never put secrets or tokens in it. */
export type Connection = { id: string } & { [key: string]: JsonValue };

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
  /** Told about every unexpected error (the 500s) so that the host can log it; the answer never holds it. */
  onError?: (error: unknown, request: Request) => void;
  /** The clock, in milliseconds since the epoch (tests inject one). */
  now?: () => number;
}

/** The handler `createTokenEndpoint` returns. */
export type TokenEndpointHandler = (request: Request) => Promise<Response>;

type Step = 'credentials' | 'oauth-start' | 'oauth-callback';
const STEPS: readonly string[] = ['credentials', 'oauth-start', 'oauth-callback'];
const MAX_STATE_LENGTH = 512;
// Bounds the in-memory replay guard; entries leave when their flow would have expired anyway.
const MAX_USED_STATES = 10_000;

/** A request body that passed the checks of `parse`. */
interface ParsedRequest {
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

function report(onError: TokenEndpointConfig['onError'], error: unknown, request: Request): void {
  try {
    onError?.(error, request);
  } catch {
    // A failing logger must not turn an answer into a crash.
  }
}

/**
 * Answers an error thrown while handling: problems as they are (5xx ones also reported to
 * `onError`), hook FieldErrors as 422, anything else as a bare 500 reported to `onError`.
 */
function errorResponse(error: unknown, request: Request, onError: TokenEndpointConfig['onError'], cookies: readonly string[] = []): Response {
  if (error instanceof HttpProblem) {
    // A provider that cannot be reached or refuses our client (a wrong clientSecret) is the host's to fix.
    if (error.status >= 500) report(onError, error.cause ?? error, request);
    return problemResponse(error.status, error.title, { detail: error.detail, errors: error.errors, headers: error.headers, cookies });
  }
  if (error instanceof FieldErrors) {
    return problemResponse(422, error.title, { errors: error.errors, cookies });
  }
  report(onError, error, request);
  // No message, no stack: an error can hold a secret (a provider's response, a connection string).
  return problemResponse(500, 'Something went wrong on our side', { detail: 'Try again later.', cookies });
}

function bad(pointer: string, detail: string, title = 'The request is not valid'): HttpProblem {
  return new HttpProblem(400, title, { errors: [{ pointer, detail }] });
}

function checkConnection(value: unknown, tokens?: TokenSet): Connection {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '') {
    throw new Error('connect-widget/server: a hook must return a connection object with a non-empty string `id`');
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

/** Builds the reference token endpoint. Throws at once for a bad configuration (a broken connector, a short secret). */
export function createTokenEndpoint(config: TokenEndpointConfig): TokenEndpointHandler {
  if (!isObject(config)) fail('createTokenEndpoint needs a configuration object');
  const now = config.now ?? Date.now;
  const { onError } = config;
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
  if (providers.size > 0 && !secret) fail('`secret` (at least 32 bytes) is required to seal the OAuth flow cookie');
  if (providers.size > 0 && typeof config.onTokens !== 'function') fail('`onTokens` is required when `oauth` is configured');
  if (config.onError !== undefined && typeof config.onError !== 'function') fail('`onError` must be a function');
  if (config.now !== undefined && typeof config.now !== 'function') fail('`now` must be a function returning milliseconds');
  const formOptions = [...connectors.values()].some((c) => listOptions(c).some((o) => !isOAuth(o.type)));
  if (formOptions && typeof config.onCredentials !== 'function') fail('`onCredentials` is required: some connector options send credentials');

  let key: Promise<Uint8Array> | undefined;
  const cookieKey = () => (key ??= deriveKey(secret!));

  // Defence in depth against a replayed callback: the cookie is cleared and the provider refuses a used
  // code, but a copied cookie would still open; this process remembers which states it has consumed.
  const usedStates = new Map<string, number>();
  const consume = (state: string, expiresAt: number): boolean => {
    const t = now();
    for (const [s, exp] of usedStates) if (exp <= t) usedStates.delete(s);
    if (usedStates.has(state)) return false;
    if (usedStates.size >= MAX_USED_STATES) usedStates.delete(usedStates.keys().next().value!);
    usedStates.set(state, expiresAt);
    return true;
  };

  /** Method, Origin, media type, size, JSON, body shape, connector/option/step: anything wrong is a 4xx. */
  async function parse(request: Request): Promise<ParsedRequest> {
    if (request.method !== 'POST') throw new HttpProblem(405, 'Only POST is allowed here', { headers: { Allow: 'POST' } });
    const origin = request.headers.get('origin');
    // CSRF defence: browsers always send Origin on a cross-origin POST and cannot be made to forge it.
    if (!origin || !origins.has(origin)) throw new HttpProblem(403, 'This origin may not connect accounts here');
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
    if (problems.length > 0) throw new HttpProblem(400, 'The request body is not valid', { errors: problems });

    const connector = connectors.get(connectorKey as string);
    if (!connector) throw bad('/connector', `There is no connector "${String(connectorKey)}" here.`, 'Unknown connector');
    if (!STEPS.includes(step as string)) throw bad('/step', `Unknown step "${String(step)}": use credentials, oauth-start or oauth-callback.`, 'Unknown step');
    const hasOptions = connector.auth.options !== undefined;
    if (hasOptions && typeof optionKey !== 'string') throw bad('/option', `Choose one of the options of "${connector.key}".`, 'Unknown option');
    if (!hasOptions && typeof optionKey === 'string') throw bad('/option', `The connector "${connector.key}" has no options.`, 'Unknown option');
    const option = findOption(connector, (optionKey as string | null | undefined) ?? null);
    if (!option) throw bad('/option', `The connector "${connector.key}" has no option "${String(optionKey)}".`, 'Unknown option');
    if (type !== undefined && type !== option.type) throw bad('/type', `This option's type is ${option.type}.`);
    const oauthOption = isOAuth(option.type);
    if (oauthOption && step === 'credentials') throw bad('/step', 'This option signs in with the provider: use oauth-start.');
    if (!oauthOption && step !== 'credentials') throw bad('/step', 'This option sends credentials: use the credentials step.');

    const parsed: ParsedRequest = { connector, option, step: step as Step, fields: (fields ?? {}) as JsonObject, context: (context ?? {}) as JsonObject, body };
    if (typeof connectionId === 'string') parsed.connectionId = connectionId;
    return parsed;
  }

  function validateFields(req: ParsedRequest): void {
    const errors = validators.get(optionId(req.connector.key, req.option.key))!.validate(req.fields);
    if (errors.length > 0) throw new HttpProblem(422, 'Some fields need attention', { errors });
  }

  function hookInput(req: ParsedRequest, request: Request): HookInput {
    const input: HookInput = { connector: req.connector.key, option: req.option.key, type: req.option.type, fields: req.fields, context: req.context, request };
    if (req.connectionId !== undefined) input.connectionId = req.connectionId;
    return input;
  }

  function provider(req: ParsedRequest): OAuthProvider {
    if (req.option.type === 'oauth1') throw new HttpProblem(501, 'OAuth 1.0a sign-in is not supported by this server');
    const p = providers.get(req.connector.key);
    if (!p) throw new Error(`connect-widget/server: no oauth client is configured for connector "${req.connector.key}"`);
    return p;
  }

  async function credentials(req: ParsedRequest, request: Request): Promise<Response> {
    validateFields(req);
    const connection = checkConnection(await config.onCredentials!(hookInput(req, request)));
    return jsonResponse(200, { connection });
  }

  async function oauthStart(req: ParsedRequest, request: Request): Promise<Response> {
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
    // With a list: exact string match (as providers compare). Without: any page on an allowed origin,
    // the only pages that can hand the callback to the widget (it accepts messages from its own origin).
    const allowed = listed ? listed.includes(redirectUri as string) : origins.has(redirect.origin);
    if (!allowed) throw bad('/redirectUri', listed ? 'This redirect URI is not one of the redirect URIs configured for this connector.' : 'This redirect URI is not on an allowed origin.');
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
    const secure = !isLocalHttp(request.url);
    const cookie = serializeCookie(await cookieName(state, secure), await seal(flow, await cookieKey(), now()), secure);
    if (!cookieFits(cookie)) throw bad('/fields', 'These connection details are too long to carry through the sign-in.');
    return jsonResponse(200, { authorizationUrl, state }, [cookie]);
  }

  async function oauthCallback(req: ParsedRequest, request: Request): Promise<Response> {
    const { state, params } = req.body;
    if (typeof state !== 'string' || state === '' || state.length > MAX_STATE_LENGTH) throw bad('/state', 'state must be the state oauth-start returned.');
    if (!isObject(params) || !Object.values(params).every((v) => typeof v === 'string')) throw bad('/params', 'params must be an object of strings (the callback URL parameters).');
    const secure = !isLocalHttp(request.url);
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
      if (!consume(state, flow.exp * 1000)) throw expired();
      const tokens = await provider(req).exchange(params as Record<string, string>, state, flow.redirectUri, flow.verifier);
      // The connection parameters and context are those sealed at oauth-start, not whatever this body says.
      const input: TokensInput = { connector: flow.connector, option: flow.option, type: req.option.type, fields: flow.fields, context: flow.context, request, tokens };
      if (flow.connectionId !== undefined) input.connectionId = flow.connectionId;
      const connection = checkConnection(await config.onTokens!(input), tokens);
      return jsonResponse(200, { connection }, clear);
    } catch (error) {
      return errorResponse(error, request, onError, clear);
    }
  }

  return async function handle(request: Request): Promise<Response> {
    try {
      const req = await parse(request);
      if (req.step === 'credentials') return await credentials(req, request);
      if (req.step === 'oauth-start') return await oauthStart(req, request);
      return await oauthCallback(req, request);
    } catch (error) {
      return errorResponse(error, request, onError);
    }
  };
}

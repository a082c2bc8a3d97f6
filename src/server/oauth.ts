/**
 * The OAuth 2.0 client side of the reference handler, on oauth4webapi: metadata (discovery or
 * configured endpoints), the authorization URL with PKCE S256, the callback's checks (state, RFC
 * 9207 `iss`, provider errors) and the authorization code exchange. Provider problems become
 * `HttpProblem`s with human titles; tokens only ever leave through the return value.
 */
import * as oauth from 'oauth4webapi';
import { isLoopbackUrl } from '../core/url.js';
import { HttpProblem } from './errors.js';

/** One connector's OAuth client, as registered with its provider. */
export interface OAuthClientConfig {
  /** The issuer identifier: the callback's `iss` is checked against it (RFC 9207); alone, its metadata is discovered. */
  issuer?: string;
  /** The authorization endpoint (with `tokenEndpoint`: no discovery). */
  authorizationEndpoint?: string;
  /** The token endpoint (with `authorizationEndpoint`: no discovery). */
  tokenEndpoint?: string;
  /** Which well-known document to discover: `oidc` (openid-configuration, default) or `oauth2` (RFC 8414). */
  discovery?: 'oidc' | 'oauth2';
  /** The client ID. */
  clientId: string;
  /** The client secret (a confidential client: the handler is a backend for frontend). */
  clientSecret: string;
  /** How the secret is sent to the token endpoint; default `client_secret_basic`. */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
  /** Scopes to request, as a list or a space-separated string. */
  scope?: string | string[];
  /** The redirect URIs the widget may ask for; without it, any URI on an allowed origin. */
  redirectUris?: string[];
  /** Extra authorization request parameters (`audience`, `access_type: offline`, `prompt`). */
  authorizationParams?: Record<string, string>;
}

/** What the provider's token endpoint returned: access token, refresh token, expiry, scope, ID token. */
export type TokenSet = oauth.TokenEndpointResponse;

const TIMEOUT_MS = 10_000;
const RESERVED = new Set(['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']);

/** Plain HTTP is refused by oauth4webapi except where it cannot leave the machine (a local provider in development and tests). */
const loopback = isLoopbackUrl;

/** Checks a client config when the handler is created, so a typo fails at startup. */
export function checkClientConfig(connector: string, config: OAuthClientConfig): void {
  const where = `connect-widget/server: oauth["${connector}"]`;
  if (typeof config !== 'object' || config === null) throw new TypeError(`${where} must be an object with clientId, clientSecret and issuer (or authorizationEndpoint and tokenEndpoint)`);
  if (typeof config.clientId !== 'string' || config.clientId === '') throw new TypeError(`${where}.clientId is missing`);
  if (typeof config.clientSecret !== 'string' || config.clientSecret === '') throw new TypeError(`${where}.clientSecret is missing`);
  const manual = config.authorizationEndpoint !== undefined || config.tokenEndpoint !== undefined;
  if (manual && (!config.authorizationEndpoint || !config.tokenEndpoint)) throw new TypeError(`${where} needs both authorizationEndpoint and tokenEndpoint`);
  if (!manual && !config.issuer) throw new TypeError(`${where} needs an issuer (discovery) or authorizationEndpoint and tokenEndpoint`);
  for (const url of [config.issuer, config.authorizationEndpoint, config.tokenEndpoint]) {
    if (url === undefined) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`${where}: "${url}" is not a URL`);
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback(url))) throw new TypeError(`${where}: "${url}" must be https (http only on localhost)`);
  }
  if (config.redirectUris !== undefined && !Array.isArray(config.redirectUris)) throw new TypeError(`${where}.redirectUris must be a list of URLs`);
  for (const uri of config.redirectUris ?? []) {
    if (typeof uri !== 'string' || !/^https?:\/\/[^#]+$/i.test(uri)) throw new TypeError(`${where}.redirectUris: ${JSON.stringify(uri)} must be an http(s) URL without a fragment`);
  }
  if (config.scope !== undefined && typeof config.scope !== 'string' && !(Array.isArray(config.scope) && config.scope.every((s) => typeof s === 'string'))) {
    throw new TypeError(`${where}.scope must be a string or a list of strings`);
  }
}

/** A provider client: metadata cached after the first successful discovery. */
export class OAuthProvider {
  readonly #config: OAuthClientConfig;
  #metadata: Promise<oauth.AuthorizationServer> | undefined;

  /** `config` must have passed `checkClientConfig`. */
  constructor(config: OAuthClientConfig) {
    this.#config = config;
  }

  /** The redirect URIs this client lists, if it restricts them. */
  get redirectUris(): readonly string[] | undefined {
    return this.#config.redirectUris;
  }

  #options(url: string): { signal: AbortSignal; [oauth.allowInsecureRequests]?: boolean } {
    return { signal: AbortSignal.timeout(TIMEOUT_MS), ...(loopback(url) ? { [oauth.allowInsecureRequests]: true } : {}) };
  }

  /** The authorization server's metadata (discovered once; a failed discovery is retried on the next request). */
  metadata(): Promise<oauth.AuthorizationServer> {
    const c = this.#config;
    if (c.authorizationEndpoint && c.tokenEndpoint) {
      // oauth4webapi needs some issuer; without a configured one, `iss` is not checked (see exchange).
      return Promise.resolve({ issuer: c.issuer ?? new URL(c.tokenEndpoint).origin, authorization_endpoint: c.authorizationEndpoint, token_endpoint: c.tokenEndpoint });
    }
    this.#metadata ??= (async () => {
      const issuer = new URL(c.issuer!);
      const response = await oauth.discoveryRequest(issuer, { algorithm: c.discovery ?? 'oidc', ...this.#options(c.issuer!) });
      return oauth.processDiscoveryResponse(issuer, response);
    })();
    const pending = this.#metadata;
    pending.catch(() => {
      if (this.#metadata === pending) this.#metadata = undefined;
    });
    return pending.catch((cause: unknown) => {
      throw new HttpProblem(502, 'The sign-in provider could not be reached', { cause });
    });
  }

  /** The authorization URL for a new flow (PKCE S256 from `verifier`). */
  async authorizationUrl(redirectUri: string, state: string, verifier: string): Promise<string> {
    const as = await this.metadata();
    if (!as.authorization_endpoint) throw new HttpProblem(502, 'The sign-in provider has no authorization endpoint');
    const url = new URL(as.authorization_endpoint);
    for (const [name, value] of Object.entries(this.#config.authorizationParams ?? {})) {
      // The parameters that carry the flow's security are ours alone.
      if (!RESERVED.has(name)) url.searchParams.set(name, value);
    }
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.#config.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    const scope = Array.isArray(this.#config.scope) ? this.#config.scope.join(' ') : this.#config.scope;
    if (scope) url.searchParams.set('scope', scope);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return url.href;
  }

  /** Checks the callback parameters and exchanges the code; answers 400 for the provider's refusals, 502 when it misbehaves. */
  async exchange(params: Record<string, string>, expectedState: string, redirectUri: string, verifier: string): Promise<TokenSet> {
    const as = await this.metadata();
    const client: oauth.Client = { client_id: this.#config.clientId };
    const search = new URLSearchParams(params);
    // An issuer we were not told cannot be checked: `iss` is dropped rather than compared with a made-up one.
    if (!this.#config.issuer) search.delete('iss');
    let callback: URLSearchParams;
    try {
      callback = oauth.validateAuthResponse(as, client, search, expectedState);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        throw new HttpProblem(400, 'The sign-in was not completed', { detail: error.error_description ?? `The provider answered "${error.error}".` });
      }
      // A wrong `iss` is the mix-up attack of RFC 9207: another provider's answer in this flow.
      throw new HttpProblem(400, "The provider's answer does not belong to this sign-in", { detail: 'Start the sign-in again.' });
    }
    const auth = this.#config.clientAuthentication === 'client_secret_post' ? oauth.ClientSecretPost(this.#config.clientSecret) : oauth.ClientSecretBasic(this.#config.clientSecret);
    try {
      const response = await oauth.authorizationCodeGrantRequest(as, client, auth, callback, redirectUri, verifier, this.#options(as.token_endpoint ?? ''));
      return await oauth.processAuthorizationCodeResponse(as, client, response);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError && error.status < 500 && error.error !== 'invalid_client') {
        // invalid_grant: a used, expired or foreign code; the user can only start again.
        throw new HttpProblem(400, 'The provider refused the sign-in', { detail: error.error_description ?? 'Start the sign-in again.' });
      }
      // invalid_client, a 5xx, a malformed answer: ours or the provider's to fix; onError gets the cause.
      throw new HttpProblem(502, 'The sign-in could not be completed with the provider', { cause: error });
    }
  }
}

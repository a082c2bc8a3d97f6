// Test helpers: a real OAuth 2.0 / OpenID authorization server (oidc-provider, with its development
// login and consent pages) on 127.0.0.1, a browser-like walk through those pages, and request builders.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { createTokenEndpoint, type TokenEndpointConfig, type TokenEndpointHandler } from '../../src/server/index.js';

export const ORIGIN = 'http://localhost:3000';
export const ENDPOINT = `${ORIGIN}/api/connect`;
export const REDIRECT_URI = `${ORIGIN}/oauth/callback.html`;
export const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long!';

export interface AuthServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** Starts oidc-provider on a free port of 127.0.0.1 with one confidential client that must use PKCE. */
export async function startAuthServer(): Promise<AuthServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'connect-widget-test';
  const clientSecret = 'client-secret-for-tests-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    cookies: { keys: ['cookie-key-for-tests'] },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  // Errors the provider answers (invalid_grant for a replayed code) are expected in tests.
  provider.on('server_error', () => undefined);
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function formOf(html: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[name] = value;
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).href, fields };
}

/**
 * Plays the user in the provider's pages: follows redirects by hand carrying the provider's cookies,
 * signs in with any login name, grants consent, and returns the parameters the provider sends to the
 * redirect URI (code, state, iss).
 */
export async function authorize(authorizationUrl: string, redirectUri = REDIRECT_URI): Promise<Record<string, string>> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  };
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
    remember(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return Object.fromEntries(next.searchParams);
      url = next.href;
      init = {};
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    const { action, fields } = formOf(html, url);
    if (fields.prompt === 'login') Object.assign(fields, { login: 'alice', password: 'any' });
    url = action;
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
  }
  throw new Error('too many redirects');
}

/** A widget-like POST to the token endpoint. */
export function post(body: unknown, options: { origin?: string | null; cookie?: string; url?: string; contentType?: string; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', ...options.headers };
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.cookie) headers.cookie = options.cookie;
  return new Request(options.url ?? ENDPOINT, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** The name=value part of each Set-Cookie header. */
export function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie();
}

/** The Cookie header a browser would send back for the Set-Cookie headers of a response. */
export function cookieHeaderFrom(response: Response): string {
  return cookiesOf(response)
    .map((c) => c.split(';', 1)[0]!)
    .join('; ');
}

/** A real connector definition from test/fixtures/connectors (a fresh copy each call). */
export function fixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/connectors/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

export const AUTH0 = () => fixture('infisical-auth0-connection.json');
export const ZAPIER = () => fixture('zapier-authentication.json');
export const INTEGRATION = () => fixture('infisical-integration-auth.json');
export const EXAMPLE = () => fixture('integration-app-example.json');
export const TOKEN_AUTH = () => fixture('infisical-token-auth.json');

/** An OAuth connector whose option asks connection parameters before the popup (like a helpdesk's subdomain). */
export const HELPDESK = () => ({
  key: 'helpdesk',
  name: 'Helpdesk',
  auth: {
    type: 'oauth2',
    ui: {
      schema: {
        type: 'object',
        required: ['subdomain'],
        properties: {
          subdomain: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
          region: { type: 'string', enum: ['us', 'eu'] },
        },
      },
    },
  },
});

/** An OAuth 1.0a connector (the reference handler answers 501 for it). */
export const LEGACY = () => ({ key: 'legacy', name: 'Legacy', auth: { type: 'oauth1' } });

/** A handler over the fixture connectors with recording hooks; `overrides` replace any part of the config. */
export function endpoint(overrides: Partial<TokenEndpointConfig> = {}): { handle: TokenEndpointHandler; calls: { credentials: unknown[]; tokens: unknown[]; errors: unknown[] } } {
  const calls = { credentials: [] as unknown[], tokens: [] as unknown[], errors: [] as unknown[] };
  const handle = createTokenEndpoint({
    connectors: [AUTH0(), ZAPIER(), INTEGRATION(), EXAMPLE(), TOKEN_AUTH()],
    allowedOrigins: [ORIGIN],
    onCredentials: (input) => {
      calls.credentials.push(input);
      return { id: `conn-${calls.credentials.length}`, connector: input.connector };
    },
    onError: (error) => void calls.errors.push(error),
    ...overrides,
  });
  return { handle, calls };
}

/** Asserts the headers every answer carries (JSON, or problem+json for errors; no-store) and returns the parsed body. */
export async function answer(response: Response, status: number): Promise<Record<string, any>> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('content-type'), status >= 400 ? 'application/problem+json' : 'application/json');
  const body = JSON.parse(text) as Record<string, any>;
  if (status >= 400) {
    // RFC 9457: the status is repeated in the body, with a human title.
    assert.equal(body.status, status);
    assert.equal(typeof body.title, 'string');
  }
  return body;
}

/** The `errors[].pointer` of a problem answer, sorted. */
export function pointers(body: Record<string, any>): string[] {
  return ((body.errors ?? []) as Array<{ pointer: string }>).map((e) => e.pointer).sort();
}

/**
 * The OAuth flow cookie: what `oauth-start` must remember until `oauth-callback` (the PKCE verifier,
 * the state, the redirect URI, the connection parameters), sealed with AES-256-GCM (JWE `dir`) so the
 * browser can neither read nor alter it. One cookie per flow, named after a hash of its state, so a
 * user running two flows at once (two tabs, two widgets) never has one overwrite the other.
 */
import { EncryptJWT, errors as joseErrors, jwtDecrypt } from 'jose';
import type { JsonObject } from '../core/json.js';
import { isObject } from '../core/json.js';
import { OAUTH_FLOW_TTL_SECONDS as FLOW_TTL_SECONDS } from '../core/protocol.js';
import { isLocalHttpUrl } from '../core/url.js';

/** How long a flow may take, in seconds (the cookie expires with the flow). */
export { OAUTH_FLOW_TTL_SECONDS as FLOW_TTL_SECONDS } from '../core/protocol.js';

// Binds the token to this use: a JWE made with the same secret for something else is refused.
const AUDIENCE = 'connect-widget:oauth-flow';
const COOKIE_STEM = 'cw-oauth-';
// Browsers cap one cookie (name + value) at 4096 bytes; stay clear of it rather than be silently dropped.
const MAX_COOKIE_BYTES = 4000;

/** What a flow cookie holds. */
export interface FlowState {
  /** PKCE code verifier. */
  verifier: string;
  /** The `state` sent to the provider. */
  state: string;
  /** Connector key. */
  connector: string;
  /** Option key, null without options. */
  option: string | null;
  /** The redirect URI used in the authorization request (the code exchange must repeat it). */
  redirectUri: string;
  /** The option's connection parameters, already validated. */
  fields: JsonObject;
  /** The host context sent with `oauth-start`. */
  context: JsonObject;
  /** The connection being reconnected, if any. */
  connectionId?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Why a cookie could not be opened. */
export type UnsealFailure = 'expired' | 'invalid';

const encoder = new TextEncoder();

/** The secret as bytes; throws when it is shorter than 32 bytes (a weak key would make the cookie forgeable). */
export function secretBytes(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === 'string' ? encoder.encode(secret) : secret;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 32) {
    throw new TypeError('connect-widget/server: `secret` must be at least 32 bytes (e.g. 32 random bytes, base64-encoded).');
  }
  // A copy: the host reusing or zeroing its buffer later must not change the key.
  return new Uint8Array(bytes);
}

/** Derives the cookie's AES-256 key with HKDF, so the host's secret is never used directly as a key. */
export async function deriveKey(secret: Uint8Array): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('connect-widget/server'), info: encoder.encode('oauth flow cookie v1') }, material, 256);
  return new Uint8Array(bits);
}

/** Seals a flow state into a compact JWE. */
export async function seal(flow: FlowState, key: Uint8Array, nowMs: number): Promise<string> {
  const payload: Record<string, unknown> = { v: flow.verifier, s: flow.state, c: flow.connector, o: flow.option, r: flow.redirectUri, f: flow.fields, x: flow.context };
  if (flow.connectionId !== undefined) payload.i = flow.connectionId;
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(nowMs / 1000))
    .setExpirationTime(flow.exp)
    .encrypt(key);
}

/** Opens a sealed flow state; `expired` when past its `exp` at `nowMs`, `invalid` for anything tampered or foreign. */
export async function unseal(token: string, key: Uint8Array, nowMs: number): Promise<FlowState | UnsealFailure> {
  try {
    const { payload } = await jwtDecrypt(token, key, {
      audience: AUDIENCE,
      currentDate: new Date(nowMs),
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp'],
    });
    const { v, s, c, o, r, f, x, i, exp } = payload as Record<string, unknown>;
    if (
      typeof v !== 'string' ||
      typeof s !== 'string' ||
      typeof c !== 'string' ||
      !(o === null || typeof o === 'string') ||
      typeof r !== 'string' ||
      !isObject(f) ||
      !isObject(x) ||
      typeof exp !== 'number'
    )
      return 'invalid';
    if (i !== undefined && typeof i !== 'string') return 'invalid';
    const flow: FlowState = { verifier: v, state: s, connector: c, option: o, redirectUri: r, fields: f as JsonObject, context: x as JsonObject, exp };
    if (typeof i === 'string') flow.connectionId = i;
    return flow;
  } catch (error) {
    return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
  }
}

/**
 * True when `url` (the configured `baseUrl`, never a request's URL) is plain-HTTP loopback
 * (`localhost`, `127.0.0.1`, `[::1]`): local development, where browsers refuse `Secure` cookies and
 * `__Host-` names. Anything else gets both.
 */
export const isLocalHttp: (url: string) => boolean = isLocalHttpUrl;

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The cookie name for a flow: `__Host-cw-oauth-<16 chars of SHA-256(state)>` (no prefix on local HTTP). */
export async function cookieName(state: string, secure: boolean): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(state)));
  return `${secure ? '__Host-' : ''}${COOKIE_STEM}${base64url(digest).slice(0, 16)}`;
}

/** A Set-Cookie value for the flow cookie; `value` null clears it (the same attributes, or `__Host-` refuses the deletion). */
export function serializeCookie(name: string, value: string | null, secure: boolean): string {
  const parts = [`${name}=${value ?? ''}`, 'Path=/', `Max-Age=${value === null ? 0 : FLOW_TTL_SECONDS}`, 'HttpOnly', 'SameSite=Lax'];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/** True when a Set-Cookie value fits in what browsers keep. */
export function cookieFits(setCookie: string): boolean {
  return encoder.encode(setCookie.split(';', 1)[0]!).byteLength <= MAX_COOKIE_BYTES;
}

/** Reads one cookie from a Cookie header (the first of that name). */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

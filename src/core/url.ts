/** URL and host rules shared by the widget, the callback page and the server: parsing without throwing, loopback hosts, http(s)-only links. */

/** The parts of a parsed URL these rules read (URL is a web and Node global, not part of ES2022). */
export interface UrlLike {
  readonly href: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly origin: string;
  readonly username: string;
  readonly password: string;
  readonly search: string;
  readonly hash: string;
}

/** Parses `text` (against `base` when given); undefined when it is not a URL or the runtime has no URL. */
export function parseUrl(text: string, base?: string): UrlLike | undefined {
  const Url = (globalThis as { URL?: (new (url: string, base?: string) => UrlLike) & { canParse?: (url: string, base?: string) => boolean } }).URL;
  if (!Url || typeof text !== 'string') return undefined;
  // Asked first where the runtime can: a relative URL (the usual token endpoint) would otherwise throw, and a throw costs more than the parse.
  if (Url.canParse && !Url.canParse(text, base)) return undefined;
  try {
    return base === undefined ? new Url(text) : new Url(text, base);
  } catch {
    return undefined;
  }
}

// Hosts a browser treats as potentially trustworthy over plain http. Compared to the parsed
// hostname, so `localhost.evil.com` never matches.
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for `localhost`, `127.0.0.1` and `[::1]` (a parsed URL's `hostname`). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/** True for an absolute URL on a loopback host, whatever its scheme. */
export function isLoopbackUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return !!parsed && isLoopbackHost(parsed.hostname);
}

/** True for a plain-`http:` URL on a loopback host: where `Secure` cookies and `__Host-` names cannot be set. */
export function isLocalHttpUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return !!parsed && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

/**
 * True for an `http:`/`https:` URL string with a host and no space or control character (browsers
 * strip those, which is how "java\tscript:" tricks work): anything else (`javascript:`, `data:`)
 * must never reach a popup, a link or an image.
 */
export function isHttpUrl(url: unknown): url is string {
  // eslint-disable-next-line no-control-regex -- the control range is the point of the check
  return typeof url === 'string' && /^https?:\/\/[^/?#\s\u0000-\u001f\u007f][^\s\u0000-\u001f\u007f]*$/i.test(url);
}

/** The value when it is an http(s) URL (`isHttpUrl`), else undefined: the only links and images connector text may produce (security rule 4). */
export function httpUrl(value: unknown): string | undefined {
  return isHttpUrl(value) ? value : undefined;
}

/** Result of `checkRedirectUri`: the absolute redirect URL, or why it cannot be used. */
export type RedirectUriCheck = { ok: true; url: string; origin: string } | { ok: false; message: string };

/**
 * The OAuth redirect URI, resolved against the page: it must be an http(s) page of the page's own
 * origin, since the callback page answers only its own origin (postMessage target, BroadcastChannel).
 */
export function checkRedirectUri(redirectUri: string | undefined, pageHref: string): RedirectUriCheck {
  if (!redirectUri) {
    return { ok: false, message: 'Signing in with OAuth needs the redirect-uri attribute: a page of this site that loads connect-widget/callback.' };
  }
  const page = parseUrl(pageHref);
  const url = parseUrl(redirectUri, pageHref);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { ok: false, message: `The redirect-uri "${redirectUri}" is not a URL.` };
  if (!page || url.origin !== page.origin) {
    return {
      ok: false,
      message: `The redirect-uri must be a page of this site (${page?.origin ?? 'this page'}), not ${url.origin}: the sign-in result is only handed back within one origin.`,
    };
  }
  return { ok: true, url: url.href, origin: url.origin };
}

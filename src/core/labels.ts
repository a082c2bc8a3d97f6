/** Keys made readable for people: the one rule for labels of fields, options and error lines. */

/** Words that read as acronyms or brand spellings, whatever case the key wrote them in. */
const WORDS: Readonly<Record<string, string>> = {
  api: 'API',
  arn: 'ARN',
  aws: 'AWS',
  iam: 'IAM',
  id: 'ID',
  ip: 'IP',
  jwt: 'JWT',
  oauth: 'OAuth',
  oauth1: 'OAuth 1',
  oauth2: 'OAuth 2',
  oidc: 'OIDC',
  pat: 'PAT',
  saml: 'SAML',
  ssh: 'SSH',
  sso: 'SSO',
  uri: 'URI',
  url: 'URL',
};

/**
 * "clientSecret" / "client_secret" / "client-secret" → "Client secret"; "baseURL" → "Base URL";
 * "api-key" → "API key". A key with no word in it reads as `fallback`: an unlabelled control is unusable.
 */
export function humanize(key: string, fallback = 'Unnamed field'): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) => WORDS[w.toLowerCase()] ?? (/^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : i === 0 ? w : w.toLowerCase()));
  const text = words.join(' ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : fallback;
}

/**
 * The connector definition format (integration.app's connector `auth` spec): a structural check
 * with human problems, and the list of auth options a user can choose from. Plain TypeScript, no
 * DOM: the elements and the reference server (`connect-widget/server`) share it, so both sides
 * agree on what an option is and which schema it asks for. `connector.schema.json` beside this file
 * is the same format as a JSON Schema (2020-12), shipped for connector authors' editors and CI.
 */
import { isObject } from './json.js';
import { humanize } from './labels.js';

/** The auth types a connector may declare. */
export const CONNECTOR_TYPES = ['client-credentials', 'oauth2', 'oauth1', 'proxy', 'integration-app-token'] as const;

/** One of `CONNECTOR_TYPES`. */
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

/** What an auth option shows: help text, a help link and the JSON Schema of the fields it asks for. */
export interface AuthUi {
  /** Help text shown above the form. */
  description?: string;
  /** A link to the provider's documentation (rendered only when it is http: or https:). */
  helpUri?: string;
  /** JSON Schema (2020-12 or draft-07) of the fields asked before connecting. */
  schema?: Record<string, unknown>;
}

/** One way to authenticate (an entry of `auth.options`). */
export interface AuthOption {
  /** How the credentials are obtained. */
  type: ConnectorType;
  /** The option's name in the option picker. */
  title?: string;
  /** What the option shows. */
  ui?: AuthUi;
}

/** The connector's `auth`: itself an option, or the defaults of `options` (description and help link only). */
export interface AuthDefinition extends AuthOption {
  /** The options the user chooses from, by key; when present, `auth` itself is not an option. */
  options?: Record<string, AuthOption>;
}

/** A connector definition as the widget and the server receive it. Unknown extra keys are kept. */
export interface Connector {
  /** Stable identifier, sent as `connector` to the token endpoint. */
  key: string;
  /** Display name ("Example App"). */
  name: string;
  /** Logo URL (optional). */
  logoUri?: string;
  /** Catalog categories (optional). */
  categories?: string[];
  /** How users authenticate. */
  auth: AuthDefinition;
}

/** An auth option ready to show: defaults applied, `key` null when the connector has no `options`. */
export interface ResolvedOption {
  /** The option's key, or null when `auth` itself is the only option. */
  key: string | null;
  /** How the credentials are obtained. */
  type: ConnectorType;
  /** The option's title, or its key made readable. */
  title: string;
  /** Help text: the option's own, else `auth.ui.description`. */
  description?: string;
  /** Help link: the option's own, else `auth.ui.helpUri`. */
  helpUri?: string;
  /** The option's own schema; never inherited from `auth.ui.schema`. */
  schema?: Record<string, unknown>;
}

/** The outcome of `parseConnector`. */
export type ParseResult = { ok: true; connector: Connector } | { ok: false; problems: string[] };

const TYPE_LIST = CONNECTOR_TYPES.join(', ');

function isType(value: unknown): value is ConnectorType {
  return typeof value === 'string' && (CONNECTOR_TYPES as readonly string[]).includes(value);
}

/** `auth.options.api-key` reads fine; a key with dots or spaces is quoted so the path stays unambiguous. */
function child(path: string, key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function checkString(holder: Record<string, unknown>, key: string, path: string, problems: string[], required: boolean): void {
  if (!Object.hasOwn(holder, key) || holder[key] === undefined) {
    if (required) problems.push(`${child(path, key)} is missing`);
    return;
  }
  const value = holder[key];
  if (typeof value !== 'string') problems.push(`${child(path, key)} must be a string`);
  else if (required && value.trim() === '') problems.push(`${child(path, key)} must not be empty`);
}

function checkUi(ui: unknown, path: string, problems: string[]): void {
  if (ui === undefined) return;
  if (!isObject(ui)) {
    problems.push(`${path} must be an object`);
    return;
  }
  checkString(ui, 'description', path, problems, false);
  checkString(ui, 'helpUri', path, problems, false);
  if (Object.hasOwn(ui, 'schema') && ui.schema !== undefined && !isObject(ui.schema)) {
    problems.push(`${child(path, 'schema')} must be a JSON Schema object`);
  }
}

function checkOption(option: Record<string, unknown>, path: string, problems: string[]): void {
  if (!Object.hasOwn(option, 'type') || option.type === undefined) problems.push(`${child(path, 'type')} is missing`);
  else if (!isType(option.type)) problems.push(`${child(path, 'type')} must be one of ${TYPE_LIST}`);
  checkString(option, 'title', path, problems, false);
  checkUi(option.ui, child(path, 'ui'), problems);
}

/** Checks a connector definition's structure; problems name where each one is ("auth.options.oauth.type is missing"). */
export function parseConnector(input: unknown): ParseResult {
  const problems: string[] = [];
  if (!isObject(input)) return { ok: false, problems: ['The connector definition must be a JSON object'] };
  if (!Object.hasOwn(input, 'key')) problems.push('key is missing');
  else if (typeof input.key !== 'string') problems.push('key must be a string');
  else if (input.key.trim() === '') problems.push('key must not be empty');
  if (!Object.hasOwn(input, 'name')) problems.push('name is missing');
  else if (typeof input.name !== 'string') problems.push('name must be a string');
  checkString(input, 'logoUri', '', problems, false);
  if (Object.hasOwn(input, 'categories') && !(Array.isArray(input.categories) && input.categories.every((c) => typeof c === 'string'))) {
    problems.push('categories must be a list of strings');
  }
  const auth = input.auth;
  if (!Object.hasOwn(input, 'auth') || auth === undefined) problems.push('auth is missing');
  else if (!isObject(auth)) problems.push('auth must be an object');
  else {
    checkOption(auth, 'auth', problems);
    if (Object.hasOwn(auth, 'options') && auth.options !== undefined) {
      const options = auth.options;
      if (!isObject(options)) problems.push('auth.options must be an object whose keys are the option keys');
      else if (Object.keys(options).length === 0) problems.push('auth.options must name at least one option');
      else {
        for (const [key, option] of Object.entries(options)) {
          const path = child('auth.options', key);
          if (key.trim() === '') problems.push('auth.options has an option with an empty key');
          if (!isObject(option)) problems.push(`${path} must be an object`);
          else checkOption(option, path, problems);
        }
      }
    }
  }
  // `child('', 'logoUri')` renders as ".logoUri": top-level names read better without the dot.
  const cleaned = problems.map((p) => (p.startsWith('.') ? p.slice(1) : p));
  if (cleaned.length > 0) return { ok: false, problems: cleaned };
  return { ok: true, connector: input as unknown as Connector };
}

function resolve(key: string | null, option: AuthOption, defaults: AuthUi | undefined, fallbackTitle: string): ResolvedOption {
  const ui = option.ui ?? {};
  const out: ResolvedOption = { key, type: option.type, title: option.title ?? fallbackTitle };
  const description = ui.description ?? defaults?.description;
  const helpUri = ui.helpUri ?? defaults?.helpUri;
  if (description !== undefined) out.description = description;
  if (helpUri !== undefined) out.helpUri = helpUri;
  // Never `defaults.schema`: an oauth2 option without its own schema asks nothing before its popup.
  if (ui.schema !== undefined) out.schema = ui.schema;
  return out;
}

/** The options a user chooses from, in definition order; without `auth.options`, `auth` itself (key null). */
export function listOptions(connector: Connector): ResolvedOption[] {
  const { auth } = connector;
  if (!auth.options) return [resolve(null, auth, undefined, connector.name || humanize(connector.key, 'Option'))];
  return Object.entries(auth.options).map(([key, option]) => resolve(key, option, auth.ui, humanize(key, 'Option')));
}

/** Finds an option by key (null for a connector without options); undefined when there is no such option. */
export function findOption(connector: Connector, key: string | null | undefined): ResolvedOption | undefined {
  return listOptions(connector).find((o) => o.key === (key ?? null));
}

/** True for a type that signs in through the provider's page (steps `oauth-start` and `oauth-callback`). */
export function isOAuth(type: ConnectorType): boolean {
  return type === 'oauth2' || type === 'oauth1';
}

/** True for a type with no form of its own and no popup: a one-click "Connect" (unless its option has a schema). */
export function isOneClick(type: ConnectorType): boolean {
  return type === 'proxy' || type === 'integration-app-token';
}

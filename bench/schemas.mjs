// The bench's inputs, all deterministic (a seeded PRNG, no clock, no network), so that two runs
// measure the same forms:
//  - fixtures:   the 5 connector definitions of test/fixtures/connectors;
//  - real:       a few hundred real-looking connectors, generated from the fixtures' shapes (see
//                SHAPES below) with field names, titles, patterns and formats drawn from lists
//                taken from public API docs;
//  - constructs: one form per schema construct the renderer must reach (types, choices, secrets,
//                nesting, arrays, maps, $ref, allOf, if/then/else, dependent*, x-* extensions, ...);
//  - sized:      25, 100 and 400-field forms of mixed field kinds;
//  - keystroke:  10 and 400-field forms whose first field has a `pattern` (keystroke → error).
// Every case carries the connector a <connect-widget> gets and the schema of the form it shows
// first, which is what rjsf and the plain-DOM renderer get.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small seeded PRNG; good enough to pick words, not for anything secret. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

/** The schema of the option a widget shows first (never the top-level schema when there are options). */
export function firstSchema(connector) {
  const { auth } = connector;
  if (!auth.options) return auth.ui?.schema;
  const first = Object.values(auth.options)[0];
  return first?.ui?.schema;
}

const connectorCase = (group, id, connector) => ({ group, id, connector, schema: firstSchema(connector) });

/** Wraps a schema into a one-option connector (what a widget needs to show it). */
export const wrap = (key, name, schema) => ({ key, name, auth: { type: 'client-credentials', ui: { description: `Connect ${name}.`, schema } } });

export function fixtureCases(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => connectorCase('fixtures', `fixture/${f.replace(/\.json$/, '')}`, JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}

// ---- real-looking connectors ----

const VENDORS = [
  'Acme',
  'Pipedrive',
  'Freshdesk',
  'Zendesk',
  'Airtable',
  'Asana',
  'Jira',
  'Linear',
  'Notion',
  'Mailchimp',
  'SendGrid',
  'Twilio',
  'Stripe',
  'Shopify',
  'HubSpot',
  'Intercom',
  'Datadog',
  'PagerDuty',
  'GitLab',
  'Bitbucket',
  'Okta',
  'Auth0',
  'Snowflake',
  'Postgres',
  'MongoDB Atlas',
  'Segment',
  'Mixpanel',
  'Amplitude',
  'Klaviyo',
  'Zoho CRM',
  'ClickUp',
  'Monday',
  'Trello',
  'Confluence',
  'Sentry',
  'New Relic',
  'Grafana',
  'Vercel',
  'Netlify',
  'Cloudflare',
  'DigitalOcean',
  'Infisical',
];
const REGIONS = [
  ['us', 'United States'],
  ['eu', 'Europe'],
  ['au', 'Australia'],
  ['ca', 'Canada'],
  ['jp', 'Japan'],
  ['in', 'India'],
];
const PATTERNS = [
  ['subdomain', 'Subdomain', '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', 'your-company'],
  ['accountId', 'Account ID', '^[0-9]{6,12}$', '12345678'],
  ['workspaceId', 'Workspace ID', '^[A-Za-z0-9_-]{8,32}$', 'ws_8f3k2j1a'],
  ['apiVersion', 'API version', '^v[0-9]+(\\.[0-9]+)?$', 'v2'],
  ['projectKey', 'Project key', '^[A-Z][A-Z0-9]{1,9}$', 'PROJ'],
  ['region', 'Region code', '^[a-z]{2}-[a-z]+-[0-9]$', 'us-east-1'],
  ['name', 'Connection name', '^[a-z0-9]+(?:-[a-z0-9]+)*$', 'my-connection'],
  ['tenant', 'Tenant', '^[\\p{L}\\p{N}._-]+$', 'contoso'],
];
const SECRETS = [
  ['apiKey', 'API Key'],
  ['apiToken', 'API Token'],
  ['accessToken', 'Access Token'],
  ['clientSecret', 'Client Secret'],
  ['password', 'Password'],
  ['privateKey', 'Private Key'],
  ['webhookSecret', 'Webhook signing secret'],
];
const PLAIN = [
  ['clientId', 'Client ID'],
  ['username', 'Username'],
  ['email', 'Email', 'email'],
  ['domain', 'Domain', 'hostname'],
  ['baseUrl', 'Base URL', 'uri'],
  ['instanceUrl', 'Instance URL', 'uri'],
  ['organization', 'Organization'],
  ['teamId', 'Team ID', 'uuid'],
  ['audience', 'Audience', 'uri'],
];
const DESCRIPTIONS = [
  'Found in your account settings under API.',
  'The value shown once when you created the key; create a new one if you lost it.',
  'Use a key with read access only unless you need to write data back. Keys with admin scope are refused by most endpoints, and rotating a key invalidates every connection that uses it, so create one key per integration.',
  'Leave empty to use the default.',
  'Ask your administrator if you do not have access to this page.',
];
const SCOPES = [
  ['read', 'Read data'],
  ['write', 'Write data'],
  ['admin', 'Administer'],
  ['webhooks', 'Manage webhooks'],
  ['offline_access', 'Stay signed in'],
];

const slug = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function stringField(r, [key, title, format], extra = {}) {
  const f = { type: 'string', title, ...extra };
  if (format) f.format = format;
  if (r.chance(0.5)) f.description = r.pick(DESCRIPTIONS);
  return [key, f];
}

function secretField(r, [key, title]) {
  const f = { type: 'string', title };
  const how = r.int(0, 2);
  if (how === 0) f.writeOnly = true;
  else if (how === 1) f.format = 'password';
  else f['x-secret'] = true;
  if (r.chance(0.3)) f.minLength = r.pick([16, 20, 32, 40]);
  if (r.chance(0.4)) f.description = r.pick(DESCRIPTIONS);
  return [key, f];
}

function patternField(r) {
  const [key, title, pattern, example] = r.pick(PATTERNS);
  return [key, { type: 'string', title, pattern, examples: [example], ...(r.chance(0.5) ? { maxLength: 63 } : {}) }];
}

// The shapes the fixtures and public connector catalogs show, each a function of the PRNG that
// returns { auth } for one connector.
const SHAPES = {
  // integration-app-example: one secret key (optionally alongside an OAuth option).
  apiKey: (r, name) => {
    const [k, f] = secretField(r, r.pick(SECRETS.slice(0, 3)));
    const schema = { type: 'object', required: [k], properties: { [k]: f } };
    if (!r.chance(0.4)) return { type: 'client-credentials', ui: { schema } };
    return {
      type: 'client-credentials',
      ui: { description: `Paste an API key from your ${name} account, or sign in.` },
      options: {
        'api-key': { type: 'client-credentials', title: 'API Key', ui: { schema } },
        oauth: { type: 'oauth2', title: `Sign in with ${name}` },
      },
    };
  },
  // Basic auth: username + password, sometimes an instance URL.
  basic: (r) => {
    const props = Object.fromEntries([stringField(r, PLAIN[1]), secretField(r, ['password', 'Password'])]);
    if (r.chance(0.5)) props.instanceUrl = { type: 'string', format: 'uri', title: 'Instance URL', examples: ['https://example.atlassian.net'] };
    return { type: 'client-credentials', ui: { schema: { type: 'object', required: Object.keys(props), properties: props } } };
  },
  // infisical-auth0-connection: a constant method, nested credentials, a slug name with a pattern, an optional nullable description.
  nestedCredentials: (r) => ({
    type: 'client-credentials',
    ui: {
      schema: {
        type: 'object',
        required: ['method', 'credentials', 'name'],
        additionalProperties: false,
        properties: {
          method: { type: 'string', enum: ['client-credentials'] },
          credentials: {
            type: 'object',
            required: ['domain', 'clientId', 'clientSecret'],
            properties: Object.fromEntries([stringField(r, PLAIN[3]), stringField(r, PLAIN[0]), secretField(r, SECRETS[3]), ...(r.chance(0.5) ? [stringField(r, PLAIN[8])] : [])]),
          },
          name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', description: 'Must be slug-friendly.' },
          description: { type: ['string', 'null'], maxLength: 256 },
        },
      },
    },
  }),
  // infisical-integration-auth: every property wrapped in a one-element allOf (OpenAPI generators).
  allOfWrapped: (r) => {
    const n = r.int(3, 8);
    const props = {};
    for (let i = 0; i < n; i++) {
      const [k, f] = r.chance(0.3) ? secretField(r, r.pick(SECRETS)) : stringField(r, r.pick(PLAIN));
      props[k] = { allOf: [f] };
    }
    return { type: 'client-credentials', ui: { schema: { type: 'object', required: Object.keys(props).slice(0, 2), additionalProperties: false, properties: props } } };
  },
  // zapier-authentication: a title, a uuid, and a key/value map of secret values.
  map: (r) => ({
    type: 'client-credentials',
    ui: {
      schema: {
        type: 'object',
        required: ['title', 'authentication_fields'],
        properties: {
          title: { type: 'string', maxLength: 255, examples: ['My new auth'] },
          app: { type: 'string', format: 'uuid' },
          authentication_fields: { type: 'object', additionalProperties: { type: 'string', writeOnly: true }, description: r.pick(DESCRIPTIONS) },
        },
      },
    },
  }),
  // Region + subdomain + key: a choice (radios or select), a pattern field, a secret.
  regional: (r) => {
    const regions = REGIONS.slice(0, r.int(2, REGIONS.length));
    const region = r.chance(0.5)
      ? { type: 'string', title: 'Region', enum: regions.map(([v]) => v), default: regions[0][0] }
      : { title: 'Data center', oneOf: regions.map(([v, t]) => ({ const: v, title: t })) };
    const [pk, pf] = patternField(r);
    const [sk, sf] = secretField(r, r.pick(SECRETS));
    return { type: 'client-credentials', ui: { schema: { type: 'object', required: ['region', pk, sk], properties: { region, [pk]: pf, [sk]: sf } } } };
  },
  // OAuth with connection parameters asked before the popup, and a scope checkbox group.
  oauthParams: (r, name) => {
    const [pk, pf] = patternField(r);
    const scopes = SCOPES.slice(0, r.int(2, SCOPES.length));
    return {
      type: 'oauth2',
      title: `Sign in with ${name}`,
      ui: {
        schema: {
          type: 'object',
          required: [pk],
          properties: {
            [pk]: pf,
            scopes: { type: 'array', title: 'Permissions', items: { enum: scopes.map(([v]) => v) }, minItems: 1, default: [scopes[0][0]] },
          },
        },
      },
    };
  },
  // A database-style connector: host, port, database, user, password, SSL switch, options.
  database: (r) => ({
    type: 'client-credentials',
    ui: {
      schema: {
        type: 'object',
        required: ['host', 'port', 'database', 'user', 'password'],
        'x-order': ['host', 'port', 'database', 'user', 'password', 'ssl'],
        properties: {
          ssl: { type: 'boolean', title: 'Use SSL', default: true, 'x-widget': 'switch' },
          password: { type: 'string', title: 'Password', writeOnly: true },
          user: { type: 'string', title: 'User' },
          database: { type: 'string', title: 'Database', maxLength: 63 },
          port: { type: 'integer', title: 'Port', minimum: 1, maximum: 65535, default: r.pick([5432, 3306, 27017, 1433]) },
          host: { type: 'string', title: 'Host', format: 'hostname', examples: ['db.example.com'] },
          ...(r.chance(0.4) ? { timeoutSeconds: { type: 'number', title: 'Timeout (seconds)', exclusiveMinimum: 0, maximum: 600, multipleOf: 0.5 } } : {}),
          ...(r.chance(0.4) ? { schemas: { type: 'array', title: 'Schemas', items: { type: 'string', minLength: 1 }, maxItems: 10 } } : {}),
        },
      },
    },
  }),
  // A webhook/service account connector: $ref into $defs, a textarea, an if/then on the auth kind.
  serviceAccount: (r) => ({
    type: 'client-credentials',
    ui: {
      schema: {
        type: 'object',
        required: ['kind'],
        $defs: { secret: { type: 'string', writeOnly: true, minLength: 8 } },
        properties: {
          kind: {
            title: 'Authenticate with',
            oneOf: [
              { const: 'key', title: 'A private key' },
              { const: 'token', title: 'A token' },
            ],
            default: 'key',
          },
          clientEmail: { type: 'string', format: 'email', title: 'Service account email' },
          privateKey: { allOf: [{ $ref: '#/$defs/secret' }], title: 'Private key', 'x-widget': 'textarea' },
          token: { $ref: '#/$defs/secret', title: 'Token' },
          ...(r.chance(0.5) ? { helpLink: { type: 'string', title: 'Project', 'x-help-uri': 'https://docs.example.com/projects' } } : {}),
        },
        if: { properties: { kind: { const: 'key' } } },
        then: { required: ['clientEmail', 'privateKey'] },
        else: { required: ['token'] },
      },
    },
  }),
};

/** `count` real-looking connectors, the same for the same seed. */
export function realCases(count = 300, seed = 21) {
  const r = prng(seed);
  const shapes = Object.keys(SHAPES);
  const out = [];
  for (let i = 0; i < count; i++) {
    const name = `${r.pick(VENDORS)}${r.chance(0.3) ? ` ${r.pick(['Cloud', 'EU', 'Sandbox', 'Enterprise'])}` : ''}`;
    const shape = shapes[i % shapes.length];
    const auth = SHAPES[shape](r, name);
    if (r.chance(0.6)) auth.ui = { ...auth.ui, helpUri: `https://docs.${slug(name)}.example/api/auth` };
    out.push(connectorCase('real', `real/${String(i).padStart(3, '0')}-${shape}`, { key: `${slug(name)}-${i}`, name, auth }));
  }
  return out;
}

// ---- one form per construct ----

const base = { name: { type: 'string', title: 'Connection name', maxLength: 64 }, apiKey: { type: 'string', title: 'API Key', writeOnly: true } };
const CONSTRUCTS = {
  string: { s: { type: 'string', minLength: 2, maxLength: 20 } },
  'number-integer': { n: { type: 'number', minimum: 0, maximum: 100, multipleOf: 0.5 }, i: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 } },
  boolean: { b: { type: 'boolean', title: 'Enabled' } },
  'null-in-type-list': { opt: { type: ['string', 'null'] } },
  'nested-object': { creds: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, secret: { type: 'string', writeOnly: true } } } },
  'array-of-scalars': { tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 } },
  'array-of-objects': { hosts: { type: 'array', items: { type: 'object', properties: { host: { type: 'string', format: 'hostname' }, port: { type: 'integer' } } } } },
  'key-value-map': { headers: { type: 'object', additionalProperties: { type: 'string' } } },
  'checkbox-group': { scopes: { type: 'array', items: { oneOf: SCOPES.map(([v, t]) => ({ const: v, title: t })) }, minItems: 1 } },
  'enum-radios': { env: { type: 'string', enum: ['sandbox', 'production'] } },
  'enum-select': { region: { type: 'string', enum: REGIONS.map(([v]) => v) } },
  'oneOf-const': {
    plan: {
      oneOf: [
        { const: 'free', title: 'Free' },
        { const: 'pro', title: 'Pro' },
        { const: 'team', title: 'Team' },
      ],
    },
  },
  'anyOf-const': {
    tier: {
      anyOf: [
        { const: 1, title: 'One' },
        { const: 2, title: 'Two' },
      ],
    },
  },
  const: { version: { const: 'v2' } },
  'default-examples': { url: { type: 'string', format: 'uri', default: 'https://api.example.com', examples: ['https://api.example.com'] } },
  'long-description': { token: { type: 'string', description: DESCRIPTIONS[2] } },
  formats: Object.fromEntries(['uri', 'email', 'hostname', 'uuid', 'date-time', 'password'].map((f) => [`f_${f.replace('-', '_')}`, { type: 'string', format: f }])),
  'secrets-of-every-type': {
    pin: { type: 'integer', writeOnly: true },
    mode: { enum: ['a', 'b'], 'x-secret': true },
    keypair: { type: 'object', 'x-secret': true, properties: { pub: { type: 'string' }, priv: { type: 'string' } } },
  },
  readOnly: { id: { type: 'string', readOnly: true, default: 'conn_123' } },
  'allOf-merge': { limit: { allOf: [{ type: 'integer' }, { minimum: 1 }, { maximum: 1000, title: 'Rate limit' }] } },
  'ref-defs': { a: { $ref: '#/$defs/host' }, b: { $ref: '#/definitions/port' } },
  'if-then-else': { auth: { enum: ['basic', 'token'] }, user: { type: 'string' }, token: { type: 'string', writeOnly: true } },
  dependentRequired: { proxyHost: { type: 'string' }, proxyPort: { type: 'integer' } },
  dependentSchemas: { useProxy: { type: 'boolean' } },
  'x-order': { z: { type: 'string' }, y: { type: 'string' }, x: { type: 'string' } },
  'x-widget': {
    notes: { type: 'string', 'x-widget': 'textarea' },
    pick: { enum: ['a', 'b'], 'x-widget': 'select' },
    on: { type: 'boolean', 'x-widget': 'switch' },
    hidden: { type: 'string', 'x-widget': 'hidden', default: 'h' },
  },
  'x-help-uri': { account: { type: 'string', 'x-help-uri': 'https://docs.example.com/account' } },
  'unrenderable-json-textarea': { raw: { type: 'object', patternProperties: { '^x-': { type: 'string' } } }, tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } },
};
const EXTRA = {
  'ref-defs': { $defs: { host: { type: 'string', format: 'hostname' } }, definitions: { port: { type: 'integer', minimum: 1 } } },
  'if-then-else': { if: { properties: { auth: { const: 'basic' } } }, then: { required: ['user'] }, else: { required: ['token'] } },
  dependentRequired: { dependentRequired: { proxyHost: ['proxyPort'] } },
  dependentSchemas: { dependentSchemas: { useProxy: { properties: { proxyUrl: { type: 'string', format: 'uri' } }, required: ['proxyUrl'] } } },
  'x-order': { 'x-order': ['x', 'y', 'z'] },
};

export function constructCases() {
  return Object.entries(CONSTRUCTS).map(([id, props]) => {
    // The construct first, so that "the first input" belongs to it where it has one.
    const schema = { type: 'object', required: ['name'], properties: { ...props, ...base }, ...(EXTRA[id] ?? {}) };
    return connectorCase('constructs', `construct/${id}`, wrap(`construct-${id}`, `Construct ${id}`, schema));
  });
}

// ---- sized forms ----

/** A form of `n` fields of mixed kinds; with `patternFirst`, field 0 is a required string with a pattern. */
export function sizedSchema(n, { seed = n, patternFirst = false } = {}) {
  const r = prng(seed);
  const properties = {};
  const required = [];
  for (let i = 0; i < n; i++) {
    const key = `f${String(i).padStart(3, '0')}`;
    const title = `Field ${i + 1}`;
    let f;
    if (i === 0 && patternFirst) f = { type: 'string', title: 'Slug', pattern: '^[a-z0-9-]+$', maxLength: 40 };
    else {
      const kind = r.int(0, 9);
      if (kind <= 3) f = { type: 'string', title, ...(r.chance(0.3) ? { pattern: PATTERNS[r.int(0, PATTERNS.length - 1)][2] } : {}), ...(r.chance(0.3) ? { maxLength: 80 } : {}) };
      else if (kind === 4) f = { type: 'string', title, format: r.pick(['uri', 'email', 'hostname', 'uuid']) };
      else if (kind === 5) f = { type: 'string', title, writeOnly: true, minLength: 8 };
      else if (kind === 6) f = { type: 'integer', title, minimum: 0, maximum: 10000 };
      else if (kind === 7) f = { type: 'boolean', title };
      else if (kind === 8) f = { type: 'string', title, enum: REGIONS.slice(0, r.int(2, 6)).map(([v]) => v) };
      else f = { type: 'string', title, description: r.pick(DESCRIPTIONS.slice(0, 2)) };
    }
    properties[key] = f;
    if (i === 0 || r.chance(0.25)) required.push(key);
  }
  return { type: 'object', required, properties };
}

export function sizedCases(sizes = [25, 100, 400]) {
  return sizes.map((n) => connectorCase(`sized-${n}`, `sized/${n}`, wrap(`sized-${n}`, `${n} fields`, sizedSchema(n))));
}

export function keystrokeCases(sizes = [10, 400]) {
  return sizes.map((n) => connectorCase(`keystroke-${n}`, `keystroke/${n}`, wrap(`keystroke-${n}`, `${n} fields`, sizedSchema(n, { seed: 1000 + n, patternFirst: true }))));
}

// createTokenEndpoint refuses a bad configuration at once, with a message that says what to fix,
// rather than failing on a user's first request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenEndpoint, type TokenEndpointConfig } from '../../src/server/index.js';
import { answer, AUTH0, EXAMPLE, HELPDESK, ORIGIN, post, SECRET, TOKEN_AUTH } from './helpers.js';

const client = { issuer: 'https://auth.example.com', clientId: 'cid', clientSecret: 'csecret' };
const base = (): TokenEndpointConfig => ({
  connectors: [EXAMPLE(), HELPDESK()],
  allowedOrigins: [ORIGIN],
  secret: SECRET,
  oauth: { 'example-app': client, helpdesk: client },
  onCredentials: () => ({ id: 'c' }),
  onTokens: () => ({ id: 't' }),
});

function throwsWith(config: Partial<TokenEndpointConfig> | Record<string, unknown>, message: RegExp): void {
  assert.throws(
    () => createTokenEndpoint({ ...base(), ...config } as TokenEndpointConfig),
    (error: unknown) => {
      assert.ok(error instanceof TypeError, `a TypeError, got ${String(error)}`);
      assert.match(error.message, /^connect-widget\/server: /);
      assert.match(error.message, message);
      return true;
    },
  );
}

test('a complete configuration builds a handler', () => {
  assert.equal(typeof createTokenEndpoint(base()), 'function');
});

test('no configuration object throws a clear message', () => {
  assert.throws(() => createTokenEndpoint(undefined as never), /^TypeError: connect-widget\/server: createTokenEndpoint needs a configuration object$/);
});

test('a secret shorter than 32 bytes throws, as a string and as bytes', () => {
  throwsWith({ secret: 'x'.repeat(31) }, /`secret` must be at least 32 bytes/);
  throwsWith({ secret: new Uint8Array(31) }, /`secret` must be at least 32 bytes/);
  // Bytes, not characters: 16 two-byte characters are 32 bytes.
  assert.doesNotThrow(() => createTokenEndpoint({ ...base(), secret: 'é'.repeat(16) }));
  assert.doesNotThrow(() => createTokenEndpoint({ ...base(), secret: new Uint8Array(32).fill(7) }));
});

test('oauth without a secret throws', () => {
  throwsWith({ secret: undefined }, /`secret` \(at least 32 bytes\) is required/);
});

test('a credentials-only configuration needs no secret and no onTokens', () => {
  assert.doesNotThrow(() => createTokenEndpoint({ connectors: [AUTH0(), TOKEN_AUTH()], allowedOrigins: [ORIGIN], onCredentials: () => ({ id: 'c' }) }));
});

test('an oauth entry for an unknown connector throws, naming it', () => {
  throwsWith({ oauth: { ...base().oauth, 'no-such-app': client } }, /oauth\["no-such-app"\] names no connector/);
});

test('an oauth entry for a connector without an oauth2 option throws', () => {
  throwsWith({ connectors: [EXAMPLE(), HELPDESK(), AUTH0()], oauth: { ...base().oauth, auth0: client } }, /oauth\["auth0"\]: the connector "auth0" has no oauth2 option/);
});

test('missing hooks throw', () => {
  throwsWith({ onCredentials: undefined }, /`onCredentials` is required/);
  throwsWith({ onTokens: undefined }, /`onTokens` is required/);
  throwsWith({ onError: 'console' }, /`onError` must be a function/);
});

for (const [name, oauthClient, message] of [
  ['no clientId', { ...client, clientId: '' }, /clientId is missing/],
  ['no clientSecret', { issuer: client.issuer, clientId: 'cid' }, /clientSecret is missing/],
  ['neither issuer nor endpoints', { clientId: 'cid', clientSecret: 's' }, /needs an issuer/],
  ['an authorizationEndpoint without tokenEndpoint', { ...client, authorizationEndpoint: 'https://auth.example.com/a' }, /needs both authorizationEndpoint and tokenEndpoint/],
  ['a plain-http issuer that is not local', { ...client, issuer: 'http://auth.example.com' }, /must be https/],
  ['an issuer that is not a URL', { ...client, issuer: 'auth.example.com' }, /is not a URL/],
  ['a redirect URI with a fragment', { ...client, redirectUris: ['https://app.example.com/cb#x'] }, /redirectUris/],
  ['a scope that is a number', { ...client, scope: 5 }, /scope must be a string or a list/],
  ['not an object', 'https://auth.example.com', /must be an object/],
] as const) {
  test(`an oauth client with ${name} throws`, () => {
    throwsWith({ oauth: { 'example-app': oauthClient as never } }, message);
  });
}

test('an invalid connector definition throws with the problems and the connector key', () => {
  const broken = { key: 'broken', name: 'Broken', auth: { type: 'magic', options: { a: { title: 3 } } } };
  throwsWith(
    { connectors: [broken] },
    /connector "broken" is not valid: auth\.type must be one of client-credentials, oauth2, oauth1, proxy, integration-app-token; auth\.options\.a\.type is missing; auth\.options\.a\.title must be a string/,
  );
  throwsWith({ connectors: [42] }, /connector #0 is not valid: The connector definition must be a JSON object/);
  throwsWith({ connectors: 'all' }, /`connectors` must be a list/);
});

test('a connector that is not plain JSON data throws', () => {
  throwsWith({ connectors: [{ ...EXAMPLE(), logo: () => 'x' }, HELPDESK()] }, /connector "example-app" is not valid: it must be plain JSON data/);
});

test('two connectors with one key throw', () => {
  throwsWith({ connectors: [EXAMPLE(), EXAMPLE(), HELPDESK()] }, /two connectors have the key "example-app"/);
});

test('a schema ajv cannot use throws at creation, naming the connector and option', () => {
  const bad = EXAMPLE() as any;
  bad.auth.options['api-key'].ui.schema.properties.apiKey.type = 'strng';
  throwsWith({ connectors: [bad, HELPDESK()] }, /connector "example-app" option "api-key": its schema cannot be used/);
  const badRef = EXAMPLE() as any;
  badRef.auth.options['api-key'].ui.schema.properties.apiKey = { $ref: '#/$defs/missing' };
  throwsWith({ connectors: [badRef, HELPDESK()] }, /option "api-key": its schema cannot be used/);
  const badPattern = EXAMPLE() as any;
  badPattern.auth.options['api-key'].ui.schema.properties.apiKey.pattern = '(';
  throwsWith({ connectors: [badPattern, HELPDESK()] }, /option "api-key": its schema cannot be used/);
});

test("unknown keywords are annotations, as for the widget: OpenAPI's example and nullable do not stop the server", async () => {
  const connector = {
    key: 'openapi',
    name: 'OpenAPI',
    auth: { type: 'client-credentials', ui: { schema: { type: 'object', properties: { token: { type: 'string', example: 'abc', nullable: true, 'x-vendor': { a: 1 } } } } } },
  };
  const handle = createTokenEndpoint({ connectors: [connector], allowedOrigins: [ORIGIN], onCredentials: () => ({ id: 'c' }) });
  await answer(await handle(post({ connector: 'openapi', step: 'credentials', fields: { token: 'abc' } })), 200);
});

test('two schemas with the same $id compile side by side', async () => {
  const a = { key: 'a', name: 'A', auth: { type: 'client-credentials', ui: { schema: { $id: 'https://example.com/s', type: 'object', required: ['x'], properties: { x: { type: 'string' } } } } } };
  const b = { key: 'b', name: 'B', auth: { type: 'client-credentials', ui: { schema: { $id: 'https://example.com/s', type: 'object', required: ['y'], properties: { y: { type: 'integer' } } } } } };
  const handle = createTokenEndpoint({ connectors: [a, b], allowedOrigins: [ORIGIN], onCredentials: () => ({ id: 'c' }) });
  await answer(await handle(post({ connector: 'a', step: 'credentials', fields: { x: 'v' } })), 200);
  await answer(await handle(post({ connector: 'b', step: 'credentials', fields: { y: 1 } })), 200);
  await answer(await handle(post({ connector: 'b', step: 'credentials', fields: { x: 'v' } })), 422);
});

test('a draft-07 schema is read as draft-07 (dependencies), a 2020-12 one as 2020-12 (dependentRequired)', async () => {
  const d7 = {
    key: 'd7',
    name: 'D7',
    auth: {
      type: 'client-credentials',
      ui: { schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, dependencies: { a: ['b'] } } },
    },
  };
  const d20 = {
    key: 'd20',
    name: 'D20',
    auth: { type: 'client-credentials', ui: { schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, dependentRequired: { a: ['b'] } } } },
  };
  const handle = createTokenEndpoint({ connectors: [d7, d20], allowedOrigins: [ORIGIN], onCredentials: () => ({ id: 'c' }) });
  for (const key of ['d7', 'd20']) {
    const body = await answer(await handle(post({ connector: key, step: 'credentials', fields: { a: 'x' } })), 422);
    assert.deepEqual(body.errors, [{ pointer: '/fields/b', detail: 'Enter B' }], key);
  }
});

test('allowedOrigins must list origins', () => {
  throwsWith({ allowedOrigins: [] }, /`allowedOrigins` must list at least one origin/);
  throwsWith({ allowedOrigins: ['https://app.example.com/connect'] }, /no path/);
  throwsWith({ allowedOrigins: ['app.example.com'] }, /is not an origin/);
  throwsWith({ allowedOrigins: ['*'] }, /is not an origin/);
  throwsWith({ allowedOrigins: ['ftp://app.example.com'] }, /http or https/);
});

test('changing the connector objects after creation changes nothing', async () => {
  const connector = EXAMPLE() as any;
  const handle = createTokenEndpoint({ ...base(), connectors: [connector, HELPDESK()] });
  connector.auth.options['api-key'].ui.schema.properties.other = { type: 'string' };
  connector.auth.options.admin = { type: 'client-credentials' };
  connector.key = 'renamed';
  const body = await answer(await handle(post({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k', other: 'x' } })), 422);
  assert.deepEqual(
    body.errors.map((e: { pointer: string }) => e.pointer),
    ['/fields/other'],
  );
  await answer(await handle(post({ connector: 'example-app', option: 'admin', step: 'credentials', fields: {} })), 400);
  await answer(await handle(post({ connector: 'renamed', option: 'api-key', step: 'credentials', fields: { apiKey: 'k' } })), 400);
});

// Server-side validation of `fields` against the real fixture connectors (422 problem details whose
// pointers the widget maps onto its fields), what reaches onCredentials, and the hooks' answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldErrors, type HookInput } from '../../src/server/index.js';
import { answer, endpoint, pointers, post } from './helpers.js';

const auth0Fields = () => ({
  method: 'client-credentials',
  credentials: { domain: 'acme.us.auth0.com', clientId: 'cid-123', clientSecret: 'auth0-s3cret-value', audience: 'https://acme.us.auth0.com/api/v2/' },
  name: 'acme-auth0',
});
const auth0 = (fields: unknown, extra: Record<string, unknown> = {}) => ({ connector: 'auth0', type: 'client-credentials', step: 'credentials', fields, ...extra });

const zapierFields = () => ({ title: 'My auth', app: '7a2b7c9e-2f1d-4a5b-9c3e-1d2f3a4b5c6d', authentication_fields: { api_key: 'zap-s3cret', subdomain: 'acme' } });
const zapier = (fields: unknown) => ({ connector: 'zapier', type: 'client-credentials', step: 'credentials', fields });

async function problems(body: unknown): Promise<Record<string, string>> {
  const { handle, calls } = endpoint();
  const response = await handle(post(body));
  const answered = await answer(response, 422);
  assert.equal(calls.credentials.length, 0, 'an invalid body never reaches onCredentials');
  return Object.fromEntries((answered.errors as Array<{ pointer: string; detail: string }>).map((e) => [e.pointer, e.detail]));
}

test('a valid body reaches onCredentials with exactly the validated fields, context and connectionId', async () => {
  const { handle, calls } = endpoint();
  const request = post(auth0(auth0Fields(), { context: { projectId: 'p-1', tenant: { id: 7 } }, connectionId: 'conn-42', option: null }));
  const body = await answer(await handle(request), 200);
  assert.deepEqual(body, { connection: { id: 'conn-1', connector: 'auth0' } });
  assert.equal(calls.credentials.length, 1);
  const { request: received, ...input } = calls.credentials[0] as HookInput;
  assert.equal(received, request, 'the hook gets the incoming Request (session cookie, Authorization header)');
  assert.deepEqual(input, { connector: 'auth0', option: null, type: 'client-credentials', fields: auth0Fields(), context: { projectId: 'p-1', tenant: { id: 7 } }, connectionId: 'conn-42' });
});

test('without context and connectionId the hook gets an empty context and no connectionId', async () => {
  const { handle, calls } = endpoint();
  await answer(await handle(post({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k' } })), 200);
  const input = calls.credentials[0] as HookInput;
  assert.deepEqual(input.context, {});
  assert.equal('connectionId' in input, false);
  assert.equal(input.option, 'api-key');
});

test('auth0: required fields missing, at the top and in the nested credentials object', async () => {
  const fields = auth0Fields() as Record<string, any>;
  delete fields.name;
  delete fields.credentials.clientSecret;
  const errors = await problems(auth0(fields));
  assert.deepEqual(Object.keys(errors).sort(), ['/fields/credentials/clientSecret', '/fields/name']);
  // The widget's words: the server knows the schema, so it names the field as the form does.
  assert.equal(errors['/fields/name'], 'Enter Name');
  assert.equal(errors['/fields/credentials/clientSecret'], 'Enter Client Secret');
});

test('auth0: a whole missing nested object is one error at its pointer', async () => {
  const fields = auth0Fields() as Record<string, any>;
  delete fields.credentials;
  assert.deepEqual(Object.keys(await problems(auth0(fields))), ['/fields/credentials']);
});

test('auth0: wrong format, pattern, enum and type give human messages at their pointers', async () => {
  const fields = auth0Fields() as Record<string, any>;
  fields.credentials.audience = 'not a url';
  fields.name = 'Not A Slug';
  fields.method = 'password';
  fields.description = 42;
  const errors = await problems(auth0(fields));
  assert.deepEqual(Object.keys(errors).sort(), ['/fields/credentials/audience', '/fields/description', '/fields/method', '/fields/name']);
  assert.match(errors['/fields/credentials/audience']!, /URL/);
  assert.equal(errors['/fields/name'], 'Enter Name in the expected format');
  assert.equal(errors['/fields/method'], 'Enter an allowed value for Method');
  assert.equal(errors['/fields/description'], 'Enter a valid Description');
  for (const detail of Object.values(errors)) assert.doesNotMatch(detail, /must (match|be)|NOT|should/, 'no validator jargon');
});

test('auth0: a nullable optional field accepts null', async () => {
  const { handle } = endpoint();
  await answer(await handle(post(auth0({ ...auth0Fields(), description: null }))), 200);
});

test('auth0: unknown fields are rejected at the top (additionalProperties: false) and in the nested object (no additionalProperties)', async () => {
  const fields = auth0Fields() as Record<string, any>;
  fields.extra = 'x';
  fields.credentials.scope = 'read:all';
  const errors = await problems(auth0(fields));
  assert.deepEqual(Object.keys(errors).sort(), ['/fields/credentials/scope', '/fields/extra']);
  assert.equal(errors['/fields/extra'], 'This field is not part of the form');
  assert.equal(errors['/fields/credentials/scope'], 'This field is not part of the form');
});

test('zapier: an unknown field is rejected although the schema does not say additionalProperties: false', async () => {
  const errors = await problems(zapier({ ...zapierFields(), apiKey: 'k' }));
  assert.deepEqual(Object.keys(errors), ['/fields/apiKey']);
});

test('zapier: the key/value map takes any key, and checks its values', async () => {
  const { handle, calls } = endpoint();
  const fields = { ...zapierFields(), authentication_fields: { 'any key': 'v', 'x/y~z': 'w' } };
  await answer(await handle(post(zapier(fields))), 200);
  assert.deepEqual((calls.credentials[0] as HookInput).fields, fields);
  const errors = await problems(zapier({ ...zapierFields(), authentication_fields: { 'x/y~z': 5 } }));
  // The key is escaped in the pointer (RFC 6901), so the widget can find its row.
  assert.deepEqual(Object.keys(errors), ['/fields/authentication_fields/x~1y~0z']);
});

test('zapier: a uuid format and maxLength are enforced', async () => {
  const errors = await problems(zapier({ ...zapierFields(), app: 'not-a-uuid', title: 'x'.repeat(256) }));
  assert.deepEqual(Object.keys(errors).sort(), ['/fields/app', '/fields/title']);
  assert.equal(errors['/fields/title'], 'Enter at most 255 characters');
});

test('infisical integration: allOf-wrapped properties are known fields, required and formats still apply', async () => {
  const { handle } = endpoint();
  const base = { connector: 'infisical-integration', step: 'credentials' };
  await answer(await handle(post({ ...base, fields: { workspaceId: 'w-1', integration: 'github', accessToken: 'ghp_x', url: 'https://github.com' } })), 200);
  const errors = await problems({ ...base, fields: { integration: 'github', url: 'nope', other: 1 } });
  assert.deepEqual(Object.keys(errors).sort(), ['/fields/other', '/fields/url', '/fields/workspaceId']);
});

test('an oauth2 option without a schema takes no fields at oauth-start', async () => {
  const { handle } = endpoint({
    secret: 'a-test-secret-that-is-at-least-32-bytes-long!',
    oauth: { 'example-app': { authorizationEndpoint: 'https://auth.example.com/authorize', tokenEndpoint: 'https://auth.example.com/token', clientId: 'c', clientSecret: 's' } },
    onTokens: () => ({ id: 'x' }),
  });
  const body = await answer(await handle(post({ connector: 'example-app', option: 'oauth', step: 'oauth-start', fields: { apiKey: 'k' }, redirectUri: 'http://localhost:3000/cb' })), 422);
  assert.deepEqual(pointers(body), ['/fields/apiKey']);
});

test('a 422 never repeats a value that was sent (a secret may be one)', async () => {
  const fields = auth0Fields() as Record<string, any>;
  fields.credentials.clientSecret = 12345678901;
  fields.credentials.audience = 'ftp//secret-audience-value';
  fields.name = 'Secret Name Value';
  const { handle } = endpoint();
  const text = await (await handle(post(auth0(fields)))).text();
  for (const value of ['12345678901', 'secret-audience-value', 'Secret Name Value']) assert.ok(!text.includes(value), `${value} echoed in ${text}`);
});

test('a hook throwing FieldErrors answers 422 with exactly those errors ("test before save")', async () => {
  const { handle, calls } = endpoint({
    onCredentials: () => {
      throw new FieldErrors([{ pointer: '/fields/apiKey', detail: 'This key was rejected' }], 'Example App did not accept this key');
    },
  });
  const body = await answer(await handle(post({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k-123' } })), 422);
  assert.deepEqual(body.errors, [{ pointer: '/fields/apiKey', detail: 'This key was rejected' }]);
  assert.equal(body.title, 'Example App did not accept this key');
  assert.equal(calls.errors.length, 0, 'a rejected credential is not a server error');
});

test('an async hook rejecting with FieldErrors is the same 422', async () => {
  const { handle } = endpoint({ onCredentials: async () => Promise.reject(new FieldErrors([{ pointer: '/fields/apiKey', detail: 'Expired key' }])) });
  const body = await answer(await handle(post({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k' } })), 422);
  assert.deepEqual(body.errors, [{ pointer: '/fields/apiKey', detail: 'Expired key' }]);
});

for (const [name, thrown] of [
  ['an Error', new Error('postgres://admin:MARKER-hunter2@db/prod refused')],
  ['a TypeError', new TypeError('Cannot read MARKER-hunter2 of undefined')],
  ['a string', 'MARKER-hunter2'],
  ['an object', { message: 'MARKER-hunter2', stack: 'at MARKER-hunter2' }],
] as const) {
  test(`a hook throwing ${name} is a 500 with no detail of it, and onError is told`, async () => {
    const { handle, calls } = endpoint({
      onCredentials: () => {
        throw thrown;
      },
    });
    const request = post({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k-123' } });
    const response = await handle(request);
    const text = await response.clone().text();
    await answer(response, 500);
    assert.ok(!text.includes('MARKER'), text);
    assert.ok(!text.includes('hunter2'), text);
    assert.deepEqual(calls.errors, [thrown]);
  });
}

test('onError gets the request too, and a throwing onError does not break the 500', async () => {
  const seen: Request[] = [];
  const { handle } = endpoint({
    onCredentials: () => {
      throw new Error('boom');
    },
    onError: (_error, request) => {
      seen.push(request);
      throw new Error('the logger is down');
    },
  });
  const request = post({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k' } });
  await answer(await handle(request), 500);
  assert.deepEqual(seen, [request]);
});

for (const [name, value] of [
  ['undefined', undefined],
  ['a connection without id', { name: 'x' }],
  ['a numeric id', { id: 5 }],
  ['a string', 'conn-1'],
] as const) {
  test(`a hook returning ${name} is a 500 that tells onError what is wrong`, async () => {
    const { handle, calls } = endpoint({ onCredentials: () => value as never });
    await answer(await handle(post({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k' } })), 500);
    assert.match(String((calls.errors[0] as Error).message), /connection object with a non-empty string `id`/);
  });
}

test('property: arbitrary bodies never produce a 500, never echo a field value, and reach the hook only when valid', async () => {
  const secretValue = fc.string({ minLength: 3, maxLength: 12 }).map((s) => `V4L-${s}`);
  const fieldKey = fc.constantFrom('apiKey', 'name', 'method', 'credentials', 'title', 'app', 'authentication_fields', 'workspaceId', 'integration', 'url', '__proto__', 'constructor', 'extra');
  const leaf = fc.oneof(secretValue, fc.integer(), fc.boolean(), fc.constant(null));
  const fieldValue = fc.oneof(leaf, fc.dictionary(fieldKey, leaf, { maxKeys: 4 }), fc.array(leaf, { maxLength: 3 }));
  const fields = fc.dictionary(fieldKey, fieldValue, { maxKeys: 6 });
  const body = fc.oneof(
    fc.record(
      {
        connector: fc.oneof(fc.constantFrom('auth0', 'zapier', 'infisical-integration', 'example-app', 'infisical-token-auth'), fc.jsonValue({ maxDepth: 1 })),
        option: fc.oneof(fc.constantFrom('api-key', 'oauth', null), fc.jsonValue({ maxDepth: 1 })),
        type: fc.oneof(fc.constantFrom('client-credentials', 'oauth2'), fc.jsonValue({ maxDepth: 1 })),
        step: fc.oneof(fc.constantFrom('credentials', 'oauth-start', 'oauth-callback'), fc.jsonValue({ maxDepth: 1 })),
        fields: fc.oneof(fields, fc.jsonValue({ maxDepth: 2 })),
        context: fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })), fc.jsonValue({ maxDepth: 1 })),
        connectionId: fc.oneof(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 0 })),
      },
      { requiredKeys: ['connector', 'step'] },
    ),
    fc.jsonValue({ maxDepth: 3 }),
  );
  const { handle, calls } = endpoint();
  let notSetUp = 0;
  await fc.assert(
    fc.asyncProperty(body, async (b) => {
      const before = calls.credentials.length;
      const response = await handle(post(b));
      const text = await response.text();
      assert.ok([200, 400, 422, 501].includes(response.status), `status ${response.status} for ${JSON.stringify(b)}: ${text}`);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      // 501 only for a sign-in this endpoint has no OAuth client for (example-app's oauth option), and onError is told.
      if (response.status === 501) {
        assert.equal(text.includes('Sign-in with Example App is not set up on this server'), true, text);
        assert.equal(calls.errors.length, ++notSetUp);
      }
      assert.equal(calls.errors.length, notSetUp);
      const values = [...JSON.stringify(b).matchAll(/"(V4L-(?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
      for (const v of values) assert.ok(!text.includes(v), `echoed ${v}: ${text}`);
      if (response.status === 200) {
        assert.equal(calls.credentials.length, before + 1);
        assert.deepEqual((calls.credentials.at(-1) as HookInput).fields, (b as { fields?: unknown }).fields ?? {});
      } else {
        assert.equal(calls.credentials.length, before);
      }
    }),
    { numRuns: 300 },
  );
});

test('if/then/else: a field of the branch not taken is unknown, as the form never shows it', async () => {
  const schema = {
    type: 'object',
    properties: { region: { type: 'string', enum: ['us', 'eu'] } },
    required: ['region'],
    if: { properties: { region: { const: 'eu' } } },
    then: { properties: { euHost: { type: 'string', title: 'EU host' } }, required: ['euHost'] },
    else: { properties: { usHost: { type: 'string' } } },
  };
  const connector = { key: 'cond', name: 'Cond', auth: { type: 'client-credentials', ui: { schema } } };
  const { handle, calls } = endpoint({ connectors: [connector] });
  const send = (fields: unknown) => handle(post({ connector: 'cond', step: 'credentials', fields }));
  await answer(await send({ region: 'eu', euHost: 'eu.example.com' }), 200);
  await answer(await send({ region: 'us', usHost: 'us.example.com' }), 200);
  assert.equal(calls.credentials.length, 2);
  const wrongBranch = await answer(await send({ region: 'us', euHost: 'eu.example.com' }), 422);
  assert.deepEqual(wrongBranch.errors, [{ pointer: '/fields/euHost', detail: 'This field is not part of the form' }]);
  const missing = await answer(await send({ region: 'eu', usHost: 'us.example.com' }), 422);
  assert.deepEqual(missing.errors, [
    { pointer: '/fields/euHost', detail: 'Enter EU host' },
    { pointer: '/fields/usHost', detail: 'This field is not part of the form' },
  ]);
});

test('dependentSchemas: a field appears only once the key it depends on has a value', async () => {
  const schema = { type: 'object', properties: { user: { type: 'string' } }, dependentSchemas: { user: { properties: { password: { type: 'string', writeOnly: true } }, required: ['password'] } } };
  const connector = { key: 'dep', name: 'Dep', auth: { type: 'client-credentials', ui: { schema } } };
  const { handle } = endpoint({ connectors: [connector] });
  const send = (fields: unknown) => handle(post({ connector: 'dep', step: 'credentials', fields }));
  await answer(await send({ user: 'u', password: 'p' }), 200);
  assert.deepEqual((await answer(await send({ password: 'p' }), 422)).errors, [{ pointer: '/fields/password', detail: 'This field is not part of the form' }]);
  assert.deepEqual((await answer(await send({ user: 'u' }), 422)).errors, [{ pointer: '/fields/password', detail: 'Enter Password' }]);
});

test('an array of choices (OAuth scopes): the handler gives the form’s verdict, pointer and words; a good body reaches onCredentials as sent', async () => {
  const connector = {
    key: 'scoped',
    name: 'Scoped App',
    auth: {
      type: 'client-credentials',
      ui: {
        schema: {
          type: 'object',
          required: ['scopes'],
          properties: {
            apiKey: { type: 'string', title: 'API key', writeOnly: true },
            scopes: { type: 'array', title: 'Scopes', uniqueItems: true, maxItems: 2, items: { enum: ['read', 'write', 'admin'] } },
          },
        },
      },
    },
  };
  const body = (fields: unknown) => ({ connector: 'scoped', type: 'client-credentials', step: 'credentials', fields });
  const problemsOf = async (fields: unknown) => {
    const { handle } = endpoint({ connectors: [connector] });
    const answered = await answer(await handle(post(body(fields))), 422);
    return Object.fromEntries((answered.errors as Array<{ pointer: string; detail: string }>).map((e) => [e.pointer, e.detail]));
  };
  assert.deepEqual(await problemsOf({ apiKey: 'k', scopes: [] }), { '/fields/scopes': 'Choose at least one option for Scopes' });
  assert.deepEqual(await problemsOf({ apiKey: 'k' }), { '/fields/scopes': 'Choose at least one option for Scopes' });
  assert.deepEqual(await problemsOf({ apiKey: 'k', scopes: ['read', 'write', 'admin'] }), { '/fields/scopes': 'Choose at most 2 options' });
  assert.deepEqual(await problemsOf({ apiKey: 'k', scopes: ['read', 'delete'] }), { '/fields/scopes': 'Choose one of the options for Scopes' });
  const { handle, calls } = endpoint({ connectors: [connector] });
  await answer(await handle(post(body({ apiKey: 'k', scopes: ['read', 'admin'] }))), 200);
  assert.deepEqual((calls.credentials[0] as { fields: unknown }).fields, { apiKey: 'k', scopes: ['read', 'admin'] });
});

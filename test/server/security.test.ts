// The reference handler's security rules that issue 16 sharpened (SPEC "The reference handler"):
// no secret field's value in a connection, bounded `context`, redirect URIs without a query, and
// what the handler tells the host (logs) and the user (one worded message) when something fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenEndpoint, type Connection, type HookInput, type TokenEndpointConfig } from '../../src/server/index.js';
import { normaliseErrorResponse } from '../../src/core/errors.js';
import { answer, endpoint, ORIGIN, pointers, post } from './helpers.js';

/** A form connector whose secrets are of every kind SPEC names: writeOnly, format password, x-secret; string, number, list, object, behind $ref. */
const VAULT = () => ({
  key: 'vault',
  name: 'Vault',
  auth: {
    type: 'client-credentials',
    ui: {
      schema: {
        type: 'object',
        required: ['apiKey'],
        properties: {
          account: { type: 'string' },
          apiKey: { type: 'string', writeOnly: true },
          password: { type: 'string', format: 'password' },
          pin: { type: 'integer', 'x-secret': true },
          keys: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string', 'x-secret': true } } } },
          signing: { type: 'object', 'x-secret': true, properties: { kid: { type: 'string' }, material: { type: 'string' } } },
          nested: { $ref: '#/$defs/creds' },
        },
        $defs: { creds: { type: 'object', properties: { token: { type: 'string', writeOnly: true } } } },
      },
    },
  },
});

const FIELDS = {
  account: 'acme-account',
  apiKey: 'sk_live_4f9a8b7c6d5e',
  password: 'hunter2-horse-battery',
  pin: 48213,
  keys: [{ name: 'primary', value: 'kv-secret-value-77' }],
  signing: { kid: 'key-2026', material: 'PEM-MATERIAL-0001' },
  nested: { token: 'nested-token-abcdef' },
};

function vault(connection: (input: HookInput) => Connection, overrides: Partial<TokenEndpointConfig> = {}) {
  const errors: unknown[] = [];
  const handle = createTokenEndpoint({ connectors: [VAULT()], allowedOrigins: [ORIGIN], onCredentials: connection, onError: (e) => void errors.push(e), ...overrides });
  const send = (fields: Record<string, unknown> = FIELDS) => handle(post({ connector: 'vault', step: 'credentials', fields }));
  return { send, errors };
}

test('a connection without secrets (a label from a plain field) is answered', async () => {
  const { send, errors } = vault(({ fields }) => ({ id: 'c1', label: `Vault ${String(fields.account)}`, kid: (fields.signing as { kid: string }).kid.length }));
  assert.deepEqual(await answer(await send(), 200), { connection: { id: 'c1', label: 'Vault acme-account', kid: 8 } });
  assert.deepEqual(errors, []);
});

for (const [name, leak] of [
  ['a writeOnly string', (f: any) => ({ label: `key ${f.apiKey}` })],
  ['a format: password string', (f: any) => ({ hint: f.password })],
  ['an x-secret number', (f: any) => ({ pin: f.pin })],
  ['a secret inside a list of objects', (f: any) => ({ keys: f.keys.map((k: any) => k.value) })],
  ['any value of an x-secret object', (f: any) => ({ pem: f.signing.material })],
  ['a writeOnly string behind $ref', (f: any) => ({ meta: { deep: [f.nested.token] } })],
  ['a secret as a key of the connection', (f: any) => ({ [f.apiKey]: true })],
] as const) {
  test(`a connection from onCredentials holding ${name} is a 500 without it, and onError is told`, async () => {
    const { send, errors } = vault(({ fields }) => ({ id: 'c1', ...leak(fields) }));
    const response = await send();
    const text = await response.clone().text();
    await answer(response, 500);
    for (const value of ['sk_live', 'hunter2', '48213', 'kv-secret', 'PEM-MATERIAL', 'nested-token']) assert.ok(!text.includes(value), `${value} in ${text}`);
    assert.equal(errors.length, 1);
    assert.match(String((errors[0] as Error).message), /onCredentials contains the value of a secret field/);
  });
}

test('a short secret is matched whole only: a PIN of 7 does not make every "7" a leak', async () => {
  const { send } = vault(() => ({ id: 'c-7', count: 17 }));
  await answer(await send({ apiKey: 'k', pin: 7 }), 200);
  const { send: leaking } = vault(() => ({ id: 'c', pin: 7 }));
  await answer(await leaking({ apiKey: 'k', pin: 7 }), 500);
});

test('context nested deeper than 32 levels is 400 at /context (2000 levels too, not a 500); 32 levels are fine', async () => {
  const nest = (levels: number) => {
    let value: Record<string, unknown> = {};
    for (let i = 1; i < levels; i++) value = { a: value };
    return value;
  };
  const { handle, calls } = endpoint();
  const body = (context: unknown) => ({ connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k-1' }, context });
  await answer(await handle(post(body(nest(32)))), 200);
  for (const levels of [33, 2000]) {
    const problem = await answer(await handle(post(body(nest(levels)))), 400);
    assert.deepEqual(pointers(problem), ['/context']);
    assert.match(problem.errors[0].detail, /32 levels/);
  }
  // Lists count as levels too.
  let list: unknown = [];
  for (let i = 1; i < 40; i++) list = [list];
  assert.deepEqual(pointers(await answer(await handle(post(body({ list }))), 400)), ['/context']);
  assert.equal(calls.credentials.length, 1);
  assert.deepEqual(calls.errors, []);
});

test('without onError, an unexpected hook error is logged (never answered), and the answer reads as one message', async () => {
  const logged: unknown[][] = [];
  const logger = { error: (...args: unknown[]) => void logged.push(args), warn: () => undefined };
  const failure = new Error('database password=pg-secret-123 refused');
  const handle = createTokenEndpoint({
    connectors: [VAULT()],
    allowedOrigins: [ORIGIN],
    logger,
    onCredentials: () => {
      throw failure;
    },
  });
  const response = await handle(post({ connector: 'vault', step: 'credentials', fields: { apiKey: 'k-1' } }));
  const text = await response.clone().text();
  const body = await answer(response, 500);
  assert.ok(!text.includes('pg-secret') && !text.includes('database'), text);
  assert.equal(logged.length, 1);
  assert.match(String(logged[0]![0]), /unexpected error/);
  assert.equal(logged[0]![1], failure, 'the original error, with its stack, reaches the log');

  // What the widget makes of this answer: the advice to try again is said once, not twice.
  const info = normaliseErrorResponse({ status: 500, bodyText: JSON.stringify(body), headers: {}, secrets: [], fieldResolves: () => false });
  assert.equal(info.message.match(/try again/gi)?.length, 1, info.message);
  assert.equal(info.message, 'Something went wrong on our side. Try again in a moment.');
});

test('with onError, the error goes there and not to the log', async () => {
  const logged: unknown[] = [];
  const seen: unknown[] = [];
  const handle = createTokenEndpoint({
    connectors: [VAULT()],
    allowedOrigins: [ORIGIN],
    logger: { error: (...a: unknown[]) => void logged.push(a), warn: () => undefined },
    onError: (e) => void seen.push(e),
    onCredentials: () => Promise.reject(new Error('boom')),
  });
  await answer(await handle(post({ connector: 'vault', step: 'credentials', fields: { apiKey: 'k-1' } })), 500);
  assert.equal(seen.length, 1);
  assert.deepEqual(logged, []);
});

test('by default the log is the console (console.error), and logger: false silences it', async () => {
  const original = console.error;
  const printed: unknown[][] = [];
  console.error = (...args: unknown[]) => void printed.push(args);
  try {
    const make = (extra: Partial<TokenEndpointConfig>) =>
      createTokenEndpoint({ connectors: [VAULT()], allowedOrigins: [ORIGIN], onCredentials: () => ({ id: 'x', leaked: 'sk_live_4f9a8b7c6d5e' }), ...extra });
    await answer(await make({})(post({ connector: 'vault', step: 'credentials', fields: { apiKey: 'sk_live_4f9a8b7c6d5e' } })), 500);
    assert.equal(printed.length, 1);
    assert.match(String(printed[0]![1]), /contains the value of a secret field/);
    assert.ok(!printed.flat().map(String).join(' ').includes('sk_live'), 'the log does not repeat the secret');
    await answer(await make({ logger: false })(post({ connector: 'vault', step: 'credentials', fields: { apiKey: 'sk_live_4f9a8b7c6d5e' } })), 500);
    assert.equal(printed.length, 1);
  } finally {
    console.error = original;
  }
});

test('a refused origin is logged once per origin, naming it and allowedOrigins', async () => {
  const warnings: string[] = [];
  const { handle } = endpoint({ logger: { error: () => undefined, warn: (m: string) => void warnings.push(m) } });
  const valid = { connector: 'example-app', option: 'api-key', step: 'credentials', fields: { apiKey: 'k-1' } };
  for (let i = 0; i < 3; i++) await answer(await handle(post(valid, { origin: 'https://staging.example.com' })), 403);
  await answer(await handle(post(valid, { origin: 'http://localhost:5173' })), 403);
  await answer(await handle(post(valid, { origin: null })), 403);
  await answer(await handle(post(valid)), 200);
  assert.equal(warnings.length, 3, warnings.join('\n'));
  assert.match(warnings[0]!, /"https:\/\/staging\.example\.com".*not in allowedOrigins \(http:\/\/localhost:3000\)/);
  assert.match(warnings[1]!, /"http:\/\/localhost:5173"/);
  assert.match(warnings[2]!, /without an Origin header.*allowedOrigins/);
});

test('a bad logger, baseUrl or replayStore is refused at creation', () => {
  const base = { connectors: [VAULT()], allowedOrigins: [ORIGIN], onCredentials: () => ({ id: 'c' }) };
  assert.throws(() => createTokenEndpoint({ ...base, logger: console.log as never }), /`logger` must have error\(\) and warn\(\)/);
  assert.throws(() => createTokenEndpoint({ ...base, baseUrl: 'app.example.com' }), /baseUrl: "app.example.com" is not an http\(s\) URL/);
  assert.throws(() => createTokenEndpoint({ ...base, replayStore: {} as never }), /`replayStore` must have a claim/);
});

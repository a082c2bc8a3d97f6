import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Validator } from '@cfworker/json-schema';
import { findOption, isOAuth, isOneClick, listOptions, parseConnector, type Connector } from '../../src/core/connector.js';
import './validator-ready.js';

const dir = new URL('../fixtures/connectors/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, json: JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown }));
const schema = JSON.parse(readFileSync(new URL('../../src/core/connector.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const schemaValidator = new Validator(schema, '2020-12', false);

function parsed(json: unknown): Connector {
  const result = parseConnector(json);
  assert.ok(result.ok, result.ok ? '' : result.problems.join('; '));
  return result.connector;
}

function fixture(name: string): Connector {
  return parsed(fixtures.find((f) => f.file === name)!.json);
}

function problemsOf(json: unknown): string[] {
  const result = parseConnector(json);
  assert.equal(result.ok, false, 'expected the definition to be rejected');
  return result.ok ? [] : result.problems;
}

const valid = () => ({ key: 'x', name: 'X', auth: { type: 'client-credentials', ui: { schema: { type: 'object' } } } });

test('there are connector fixtures to check', () => {
  assert.ok(fixtures.length >= 5);
});

for (const { file, json } of fixtures) {
  test(`fixture ${file} parses and validates against connector.schema.json`, () => {
    const connector = parsed(json);
    assert.equal(connector.key, (json as { key: string }).key);
    const result = schemaValidator.validate(json);
    assert.equal(result.valid, true, JSON.stringify(result.errors.slice(0, 3)));
    assert.ok(listOptions(connector).length >= 1);
  });
}

test('a connector without options has auth itself as its only option, key null, with auth.ui', () => {
  const options = listOptions(fixture('infisical-auth0-connection.json'));
  assert.equal(options.length, 1);
  const [only] = options;
  assert.equal(only!.key, null);
  assert.equal(only!.type, 'client-credentials');
  assert.equal(only!.title, 'Client credentials');
  assert.equal(only!.helpUri, 'https://infisical.com/docs/integrations/app-connections/auth0');
  assert.deepEqual(Object.keys((only!.schema as { properties: object }).properties), ['method', 'credentials', 'name', 'description', 'projectId']);
});

test('a connector without options or auth title is titled by its name', () => {
  assert.equal(listOptions(fixture('zapier-authentication.json'))[0]!.title, 'Zapier');
});

test('integration-app-example: two options; the oauth one inherits help but never the top-level schema', () => {
  const options = listOptions(fixture('integration-app-example.json'));
  assert.deepEqual(
    options.map((o) => [o.key, o.type, o.title]),
    [
      ['api-key', 'client-credentials', 'API Key Authentication'],
      ['oauth', 'oauth2', 'OAuth Authentication'],
    ],
  );
  const oauth = options[1]!;
  assert.equal(oauth.schema, undefined, 'the oauth option must not ask for the top-level apiKey');
  assert.equal(oauth.description, 'Paste an API key from your Example App account settings, or sign in with OAuth.');
  assert.equal(oauth.helpUri, 'https://docs.example.com/api-authentication');
  const apiKey = options[0]!;
  assert.deepEqual((apiKey.schema as { required: string[] }).required, ['apiKey']);
});

test("an option's own description and help link win over auth.ui's", () => {
  const c = parsed({
    key: 'k',
    name: 'K',
    auth: { type: 'proxy', ui: { description: 'top', helpUri: 'https://top' }, options: { a: { type: 'proxy', ui: { description: 'own', helpUri: 'https://own' } }, b: { type: 'proxy' } } },
  });
  const [a, b] = listOptions(c);
  assert.deepEqual([a!.description, a!.helpUri], ['own', 'https://own']);
  assert.deepEqual([b!.description, b!.helpUri], ['top', 'https://top']);
});

test('an option without a title is titled by its key made readable', () => {
  const c = parsed({
    key: 'k',
    name: 'K',
    auth: { type: 'proxy', options: { 'api-key': { type: 'client-credentials' }, personalAccessToken: { type: 'client-credentials' }, oauth: { type: 'oauth2' } } },
  });
  assert.deepEqual(
    listOptions(c).map((o) => o.title),
    ['API key', 'Personal access token', 'OAuth'],
  );
});

test('findOption finds by key, null for a connector without options', () => {
  const example = fixture('integration-app-example.json');
  assert.equal(findOption(example, 'oauth')?.type, 'oauth2');
  assert.equal(findOption(example, 'nope'), undefined);
  assert.equal(findOption(example, null), undefined, 'a connector with options has no null option');
  assert.equal(findOption(fixture('zapier-authentication.json'), null)?.key, null);
});

test('type helpers', () => {
  assert.deepEqual(
    ['client-credentials', 'oauth2', 'oauth1', 'proxy', 'integration-app-token'].map((t) => [isOAuth(t as never), isOneClick(t as never)]),
    [
      [false, false],
      [true, false],
      [true, false],
      [false, true],
      [false, true],
    ],
  );
});

test('broken definitions: each problem names its place', () => {
  assert.deepEqual(problemsOf(null), ['The connector definition must be a JSON object']);
  assert.deepEqual(problemsOf([]), ['The connector definition must be a JSON object']);
  assert.deepEqual(problemsOf({ name: 'X', auth: { type: 'proxy' } }), ['key is missing']);
  assert.deepEqual(problemsOf({ key: 3, name: 'X', auth: { type: 'proxy' } }), ['key must be a string']);
  assert.deepEqual(problemsOf({ key: ' ', name: 'X', auth: { type: 'proxy' } }), ['key must not be empty']);
  assert.deepEqual(problemsOf({ key: 'x', auth: { type: 'proxy' } }), ['name is missing']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X' }), ['auth is missing']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: 'oauth2' }), ['auth must be an object']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: {} }), ['auth.type is missing']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'basic' } }), ['auth.type must be one of client-credentials, oauth2, oauth1, proxy, integration-app-token']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', title: 5 } }), ['auth.title must be a string']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', ui: [] } }), ['auth.ui must be an object']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', ui: { schema: 'string' } } }), ['auth.ui.schema must be a JSON Schema object']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', ui: { helpUri: 1 } } }), ['auth.ui.helpUri must be a string']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', logoUri: {}, auth: { type: 'proxy' } }), ['logoUri must be a string']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', options: [] } }), ['auth.options must be an object whose keys are the option keys']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', options: {} } }), ['auth.options must name at least one option']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', options: { oauth: {} } } }), ['auth.options.oauth.type is missing']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', options: { oauth: 'oauth2' } } }), ['auth.options.oauth must be an object']);
  assert.deepEqual(problemsOf({ key: 'x', name: 'X', auth: { type: 'proxy', options: { 'a.b': { type: 'oauth3', title: ['t'], ui: { schema: true } } } } }), [
    'auth.options["a.b"].type must be one of client-credentials, oauth2, oauth1, proxy, integration-app-token',
    'auth.options["a.b"].title must be a string',
    'auth.options["a.b"].ui.schema must be a JSON Schema object',
  ]);
});

test('several problems are all reported', () => {
  assert.deepEqual(problemsOf({ key: '', auth: { options: { a: { type: 'x' } } } }), [
    'key must not be empty',
    'name is missing',
    'auth.type is missing',
    'auth.options.a.type must be one of client-credentials, oauth2, oauth1, proxy, integration-app-token',
  ]);
});

test('the shipped JSON Schema rejects what parseConnector rejects', () => {
  const broken = [
    { name: 'X', auth: { type: 'proxy' } },
    { key: 'x', name: 'X', auth: { type: 'basic' } },
    { key: 'x', name: 'X', auth: { type: 'proxy', options: [] } },
    { key: 'x', name: 'X', auth: { type: 'proxy', options: {} } },
    { key: 'x', name: 'X', auth: { type: 'proxy', options: { oauth: {} } } },
    { key: 'x', name: 'X', auth: { type: 'proxy', ui: { schema: 'string' } } },
    { key: 'x', name: 'X', auth: { type: 'proxy', title: 5 } },
  ];
  for (const json of broken) {
    assert.equal(parseConnector(json).ok, false);
    assert.equal(schemaValidator.validate(json).valid, false, JSON.stringify(json));
  }
  assert.equal(schemaValidator.validate(valid()).valid, true);
  assert.equal(parseConnector(valid()).ok, true);
});

test('unknown extra keys are kept (the format is open)', () => {
  const c = parsed({ ...valid(), extra: { anything: 1 } });
  assert.deepEqual((c as unknown as { extra: unknown }).extra, { anything: 1 });
});

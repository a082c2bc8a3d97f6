import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collect, setDraft } from '../../src/core/draft.js';
import { visibleFields, type DraftObject } from '../../src/core/fields.js';
import { toPointer } from '../../src/core/json.js';
import { buildModel } from '../../src/core/walker.js';
import { validateForm } from '../../src/core/validate.js';
import { messageFor } from '../../src/core/messages.js';
import { checkSchema, normalise, type Schema } from '../../src/core/schema.js';
import { httpUrl } from '../../src/core/url.js';
import './validator-ready.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/connectors/${name}.json`, import.meta.url), 'utf8'));

function form(schema: unknown, values?: Record<string, unknown>) {
  const draft: DraftObject = {};
  const model = buildModel(schema, draft, { values });
  const find = (label: string) => {
    const f = visibleFields(model.root).find((x) => x.label === label);
    assert.ok(f, `field ${label}`);
    return f;
  };
  return { draft, model, find, set: (label: string, v: string | boolean) => setDraft(draft, find(label).path, v) };
}

test('allOf members merge: properties and required add up, one-element wrappers unwrap', () => {
  const root: Schema = {};
  const n = normalise(
    {
      allOf: [
        { properties: { a: { type: 'string' } }, required: ['a'] },
        { properties: { b: { allOf: [{ type: 'integer' }] } }, required: ['b'] },
      ],
    },
    root,
  );
  assert.deepEqual(Object.keys(n.properties as object), ['a', 'b']);
  assert.deepEqual(n.required, ['a', 'b']);
  assert.deepEqual(normalise((n.properties as Schema).b, root), { type: 'integer' });
});

test('draft-07 dependencies become dependentRequired / dependentSchemas', () => {
  const n = normalise({ dependencies: { a: ['b'], c: { required: ['d'] } } }, {});
  assert.deepEqual(n.dependentRequired, { a: ['b'] });
  assert.deepEqual(n.dependentSchemas, { c: { required: ['d'] } });
});

test('checkSchema names an unresolvable $ref and an invalid pattern; data keywords are not schemas', () => {
  assert.throws(() => checkSchema({ properties: { a: { $ref: '#/$defs/x' } } }), /The reference "#\/\$defs\/x" does not resolve/);
  assert.throws(() => checkSchema({ properties: { a: { pattern: '(' } } }), /The pattern "\(" is not a valid regular expression/);
  assert.doesNotThrow(() => checkSchema({ properties: { a: { const: { $ref: 'not-a-ref', pattern: '(' } } } }));
});

test('help links and logos: http(s) only, with a host', () => {
  assert.equal(httpUrl('https://docs.example.com/a b'), undefined);
  assert.equal(httpUrl('https://docs.example.com/x'), 'https://docs.example.com/x');
  assert.equal(httpUrl('javascript:alert(1)'), undefined);
  assert.equal(httpUrl('HTTPS://EXAMPLE.COM'), 'HTTPS://EXAMPLE.COM');
  assert.equal(httpUrl('data:text/html,x'), undefined);
  assert.equal(httpUrl('https:///docs'), undefined, 'no host: refused as the OAuth flow and the widget refuse it');
  const help = (uri: string) => buildModel({ type: 'object', properties: { a: { type: 'string', 'x-help-uri': uri } } }, {}).root.fields[0]!.helpUri;
  assert.equal(help('https://docs.example.com/x'), 'https://docs.example.com/x');
  assert.equal(help('https:///docs'), undefined);
  assert.equal(help('javascript:alert(1)'), undefined);
});

test('Auth0 fixture: a single-value required enum is sent, not asked; fields nest like the schema', () => {
  const f = form(fixture('infisical-auth0-connection').auth.ui.schema);
  assert.deepEqual(
    visibleFields(f.model.root).map((x) => x.pointer),
    ['/credentials/domain', '/credentials/clientId', '/credentials/clientSecret', '/credentials/audience', '/name', '/description', '/projectId'],
  );
  f.set('Domain', 'a.auth0.com');
  f.set('Client Secret', 's');
  assert.deepEqual(collect(f.model, f.draft).value, { method: 'client-credentials', credentials: { domain: 'a.auth0.com', clientSecret: 's' } });
});

test('empty optional values are left out, booleans always sent, numbers as numbers', () => {
  const f = form({ type: 'object', properties: { s: { type: 'string' }, n: { type: 'number' }, b: { type: 'boolean' }, o: { type: 'object', properties: { x: { type: 'string' } } } } });
  assert.deepEqual(collect(f.model, f.draft).value, { b: false });
  f.set('N', ' 2.50 ');
  assert.deepEqual(collect(f.model, f.draft).value, { n: 2.5, b: false });
  f.set('N', '0x10');
  assert.deepEqual(
    collect(f.model, f.draft).errors.map((e) => e.kind),
    ['number'],
  );
});

test('validation errors map to fields by pointer with human messages, in display order', () => {
  const f = form(fixture('infisical-auth0-connection').auth.ui.schema);
  f.set('Audience', 'not a url');
  f.set('Name', 'Not A Slug');
  const r = validateForm(f.model, f.draft);
  assert.equal(r.valid, false);
  assert.deepEqual(
    r.errors.map((e) => [e.pointer, e.message]),
    [
      ['/credentials/domain', 'Enter Domain'],
      ['/credentials/clientId', 'Enter Client ID'],
      ['/credentials/clientSecret', 'Enter Client Secret'],
      ['/credentials/audience', 'Enter a URL like https://example.com'],
      ['/name', 'Enter Name in the expected format'],
    ],
  );
});

test('an optional nested object is enforced only once one of its fields has a value', () => {
  const f = form({ type: 'object', properties: { proxy: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } }, required: ['host'] } } });
  assert.equal(validateForm(f.model, f.draft).valid, true);
  f.set('Port', '80');
  assert.deepEqual(
    validateForm(f.model, f.draft).errors.map((e) => e.pointer),
    ['/proxy/host'],
  );
});

test('if/then/else and dependentRequired change which fields exist and which are required', () => {
  const schema = {
    type: 'object',
    properties: { mode: { enum: ['a', 'b'] }, x: { type: 'string' }, y: { type: 'string' } },
    if: { properties: { mode: { const: 'b' } }, required: ['mode'] },
    then: { properties: { extra: { type: 'string' } }, required: ['extra'] },
    dependentRequired: { x: ['y'] },
  };
  const draft: DraftObject = {};
  let model = buildModel(schema, draft);
  assert.deepEqual(
    visibleFields(model.root).map((f) => f.key),
    ['mode', 'x', 'y'],
  );
  setDraft(draft, ['mode'], '1');
  setDraft(draft, ['x'], 'v');
  model = buildModel(schema, draft);
  assert.deepEqual(
    visibleFields(model.root).map((f) => `${f.key}${f.required ? '*' : ''}`),
    ['mode', 'x', 'y*', 'extra*'],
  );
});

test('secrets are never prefilled, from values or default', () => {
  const f = form({ type: 'object', properties: { k: { type: 'string', writeOnly: true, default: 'd' }, n: { type: 'string' } } }, { k: 'v', n: 'name' });
  assert.deepEqual(collect(f.model, f.draft).value, { n: 'name' });
});

test('secret fields of any type: a number, a choice, an object and a map are secret, never prefilled from default or values', () => {
  const schema = {
    type: 'object',
    properties: {
      pin: { type: 'integer', writeOnly: true, default: 1234 },
      plan: { type: 'string', enum: ['free', 'pro', 'enterprise'], 'x-secret': true, default: 'pro' },
      code: { type: 'number', format: 'password', default: 7 },
      creds: {
        type: 'object',
        writeOnly: true,
        properties: { user: { type: 'string', default: 'admin' }, port: { type: 'integer', default: 22 }, tier: { enum: ['a', 'b'], default: 'a' } },
      },
      headers: { type: 'object', 'x-secret': true, additionalProperties: { type: 'string' }, default: { Authorization: 'Bearer x' } },
      visible: { type: 'integer', default: 5 },
    },
  };
  const f = form(schema, { pin: 99, plan: 'enterprise', creds: { user: 'root' }, headers: { 'X-Key': 'k' } });
  const byKey = (key: string) => visibleFields(f.model.root).find((x) => x.key === key)!;
  for (const key of ['pin', 'plan', 'code', 'user', 'port', 'tier']) assert.equal(byKey(key).secret, true, key);
  assert.equal(byKey('visible').secret, undefined);
  assert.equal(byKey('plan').kind, 'choice');
  assert.equal((byKey('plan') as { widget?: string }).widget, 'select', 'a secret choice is a select, never radios whose labels show the choice');
  const headers = f.model.root.fields.find((x) => x.key === 'headers')!;
  assert.equal(headers.kind, 'map');
  assert.equal(headers.secret, true);
  assert.deepEqual(collect(f.model, f.draft).value, { visible: 5 }, 'nothing secret comes from default or values');
});

test('host-fixed values hide their field and are sent as given', () => {
  const draft: DraftObject = {};
  const model = buildModel(fixture('infisical-integration-auth').auth.ui.schema, draft, { fixed: { workspaceId: 'ws_1' } });
  assert.ok(!visibleFields(model.root).some((f) => f.key === 'workspaceId'));
  setDraft(draft, ['integration'], 'github');
  assert.deepEqual(validateForm(model, draft).value, { workspaceId: 'ws_1', integration: 'github' });
});

test('map rows: values by key, pointer by key, empty rows ignored, duplicates reported', () => {
  const f = form(fixture('zapier-authentication').auth.ui.schema);
  const map = f.model.root.fields.find((x) => x.kind === 'map');
  assert.ok(map && map.kind === 'map');
  assert.equal(map.rows.length, 1, 'a required map starts with one row');
  setDraft(f.draft, map.rows[0]!.keyPath, 'api_key');
  const model = buildModel(fixture('zapier-authentication').auth.ui.schema, f.draft);
  const value = (model.root.fields.find((x) => x.kind === 'map') as typeof map).rows[0]!.value;
  assert.equal(value.pointer, '/authentication_fields/api_key');
  assert.deepEqual(
    collect(model, f.draft).errors.map((e) => e.kind),
    ['value-missing'],
  );
});

test('messages never contain what was typed', () => {
  const f = form({ type: 'object', properties: { k: { type: 'string', writeOnly: true, minLength: 40, pattern: '^sk_' } } });
  f.set('K', 'hunter2-secret');
  const r = validateForm(f.model, f.draft);
  assert.equal(r.errors.length, 1);
  assert.ok(!r.errors[0]!.message.includes('hunter2'));
  assert.equal(messageFor({ keyword: 'pattern' }, f.find('K')), 'Enter K in the expected format');
});

test('pointers escape ~ and /', () => {
  assert.equal(toPointer(['a/b', 'c~d', 0]), '/a~1b/c~0d/0');
});

test('draft-07 dependencies with a list are enforced by the form like dependentRequired, on the dependent field', () => {
  const f = form({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, dependencies: { a: ['b'] } });
  f.set('A', 'x');
  const result = validateForm(f.model, f.draft);
  assert.equal(result.valid, false);
  assert.deepEqual(
    result.errors.map(({ pointer, message }) => ({ pointer, message })),
    [{ pointer: '/b', message: 'Enter B' }],
  );
});

test('a limit reached through $ref is named in the message (it read "Enter at most NaN characters")', () => {
  const f = form({ type: 'object', properties: { a: { $ref: '#/$defs/short' }, b: { allOf: [{ $ref: '#/$defs/short' }] } }, $defs: { short: { type: 'string', maxLength: 2 } } });
  f.set('A', 'abcd');
  f.set('B', 'abcd');
  assert.deepEqual(
    validateForm(f.model, f.draft).errors.map((e) => e.message),
    ['Enter at most 2 characters', 'Enter at most 2 characters'],
  );
});

test("conditions inside a nested object see that object's values (they saw an empty object)", () => {
  const schema = {
    type: 'object',
    properties: {
      credentials: {
        type: 'object',
        properties: { kind: { type: 'string', enum: ['basic', 'token'] } },
        if: { properties: { kind: { const: 'token' } }, required: ['kind'] },
        then: { properties: { token: { type: 'string', title: 'Token' } }, required: ['token'] },
      },
    },
  };
  const f = form(schema, { credentials: { kind: 'token' } });
  assert.deepEqual(
    visibleFields(f.model.root).map((x) => x.pointer),
    ['/credentials/kind', '/credentials/token'],
  );
  const result = validateForm(f.model, f.draft);
  assert.deepEqual(
    result.errors.map((e) => [e.pointer, e.message]),
    [['/credentials/token', 'Enter Token']],
  );
});

test('a branch that $refs the root does not overflow the stack (it did once branches were compared whole)', () => {
  const schema = { properties: { '': { $ref: '#' } }, if: { type: 'string' }, else: { $ref: '#' } };
  assert.doesNotThrow(() => validateForm(buildModel(schema, {}), {}));
});

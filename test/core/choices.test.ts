// Arrays of choices (OAuth scopes, event types): a group of checkboxes in the field model, sent as the
// chosen values in the choices' order, required when the array is required or minItems >= 1, with
// the same verdict, pointers and words on the server (createFieldsCompiler, the handler's validator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, setDraft } from '../../src/core/draft.js';
import { visibleFields, type ChoicesField, type DraftObject } from '../../src/core/fields.js';
import { validateForm, validateValue } from '../../src/core/validate.js';
import { buildModel } from '../../src/core/walker.js';
import type { Schema } from '../../src/core/schema.js';
import { createFieldsCompiler } from '../../src/server/validate.js';
import './validator-ready.js';

const scopes = (extra: Record<string, unknown> = {}): Schema => ({
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Name' },
    scopes: { type: 'array', title: 'Scopes', uniqueItems: true, items: { enum: ['read', 'write', 'admin'] }, ...extra },
  },
});

function form(schema: Schema, values?: Record<string, unknown>) {
  const draft: DraftObject = {};
  const model = buildModel(schema, draft, { values });
  const field = visibleFields(model.root).find((f) => f.kind === 'choices') as ChoicesField | undefined;
  assert.ok(field, 'a group of checkboxes');
  /** Ticks exactly these options (by index), as a user would. */
  const tick = (...indexes: number[]) =>
    setDraft(
      draft,
      field.path,
      field.options.map((_, i) => indexes.includes(i)),
    );
  return { draft, model, field, tick, validate: () => validateForm(model, draft) };
}

const compile = createFieldsCompiler();
/** The server's problems for what the form sends: pointer → message. */
function server(schema: Schema, fields: unknown): Record<string, string> {
  return Object.fromEntries(
    compile(schema)
      .validate(fields)
      .map((e) => [e.pointer.slice('/fields'.length), e.detail]),
  );
}
function browser(result: ReturnType<typeof validateForm>): Record<string, string> {
  return Object.fromEntries(result.errors.map((e) => [e.pointer, e.message]));
}

test('an array of enum items is a group of checkboxes, one per choice, labelled by title or the key', () => {
  const { field } = form(scopes());
  assert.equal(field.label, 'Scopes');
  assert.deepEqual(
    field.options.map((o) => o.label),
    ['read', 'write', 'admin'],
  );
  assert.equal(field.required, false);
  const titled = form({
    type: 'object',
    properties: {
      events: {
        type: 'array',
        items: {
          oneOf: [
            { const: 'push', title: 'Pushes' },
            { const: 'pr', title: 'Pull requests' },
          ],
        },
      },
    },
  });
  assert.equal(titled.field.label, 'Events');
  assert.deepEqual(
    titled.field.options.map((o) => [o.value, o.label]),
    [
      ['push', 'Pushes'],
      ['pr', 'Pull requests'],
    ],
  );
  // Without uniqueItems too: the checkboxes send each choice at most once, which such a schema allows.
  assert.equal(form(scopes({ uniqueItems: undefined })).field.kind, 'choices');
});

test('sent as the chosen values in the choices’ order, whatever order they were ticked in; none ticked leaves it out', () => {
  const f = form(scopes());
  assert.deepEqual(collect(f.model, f.draft).value, {}, 'an optional group with nothing ticked is not sent');
  f.tick(2, 0);
  assert.deepEqual(collect(f.model, f.draft).value, { scopes: ['read', 'admin'] });
  assert.equal(f.validate().valid, true);
});

test('default and values prefill the boxes (values win); unknown values are ignored', () => {
  assert.deepEqual(form(scopes({ default: ['write'] })).draft, { name: '', scopes: [false, true, false] });
  const f = form(scopes({ default: ['write'] }), { scopes: ['admin', 'read', 'nope'] });
  assert.deepEqual(f.draft.scopes, [true, false, true]);
  assert.deepEqual(collect(f.model, f.draft).value, { scopes: ['read', 'admin'] });
});

test('required when the array is required or minItems >= 1: nothing ticked is a problem on the group, on both sides', () => {
  for (const schema of [{ ...scopes(), required: ['scopes'] }, scopes({ minItems: 1 })]) {
    const f = form(schema);
    assert.equal(f.field.required, true, JSON.stringify(schema));
    const result = f.validate();
    assert.equal(result.valid, false);
    assert.deepEqual(result.errors, [{ id: f.field.id, pointer: '/scopes', message: 'Choose at least one option for Scopes' }]);
    assert.deepEqual(server(schema, result.value), browser(result), 'the server says the same about what the form sent');
    assert.deepEqual(server(schema, {}), { '/scopes': 'Choose at least one option for Scopes' }, 'and about a body without it');
    f.tick(1);
    assert.equal(f.validate().valid, true);
    assert.deepEqual(server(schema, f.validate().value), {});
  }
});

test('minItems and maxItems: messages on the group, the same on the server', () => {
  const schema = scopes({ minItems: 2, maxItems: 2 });
  const f = form(schema);
  f.tick(0);
  let result = f.validate();
  assert.deepEqual(browser(result), { '/scopes': 'Choose at least 2 options' });
  assert.equal(result.errors[0]!.id, f.field.id);
  assert.deepEqual(server(schema, result.value), browser(result));
  f.tick(0, 1, 2);
  result = f.validate();
  assert.deepEqual(browser(result), { '/scopes': 'Choose at most 2 options' });
  assert.deepEqual(server(schema, result.value), browser(result));
  f.tick(0, 2);
  assert.equal(f.validate().valid, true);
});

test('the server: a value no box could send is refused on the group (not a choice, duplicates, not an array)', () => {
  const schema = scopes();
  assert.deepEqual(server(schema, { scopes: ['read', 'delete'] }), { '/scopes': 'Choose one of the options for Scopes' });
  assert.deepEqual(server(schema, { scopes: ['read', 'read'] }), { '/scopes': 'Remove the repeated entries' });
  assert.deepEqual(server(schema, { scopes: 'read' }), { '/scopes': 'Enter a valid Scopes' });
  assert.deepEqual(server(schema, { scopes: ['write', 'read'] }), {}, 'order is the form’s habit, not a rule of the schema');
  assert.deepEqual(validateValue(schema, { scopes: ['admin'] }), []);
});

test('a required group inside an optional object is enforced only once the object is filled in', () => {
  const schema: Schema = {
    type: 'object',
    properties: { hook: { type: 'object', title: 'Webhook', properties: { url: { type: 'string', title: 'URL' }, events: { type: 'array', minItems: 1, items: { enum: ['a', 'b'] } } } } },
  };
  const f = form(schema);
  assert.deepEqual(f.validate(), { valid: true, value: {}, errors: [] }, 'left out whole');
  const url = visibleFields(f.model.root).find((x) => x.label === 'URL')!;
  setDraft(f.draft, url.path, 'https://x.example');
  const result = f.validate();
  assert.deepEqual(browser(result), { '/hook/events': 'Choose at least one option for Events' });
  assert.deepEqual(server(schema, result.value), browser(result));
});

test('a choice array that is readOnly is shown but never sent', () => {
  const f = form(scopes({ readOnly: true, default: ['read'] }));
  assert.equal(f.field.readOnly, true);
  assert.deepEqual(collect(f.model, f.draft).value, {});
});

// Row add/remove for lists and key/value maps are draft operations (the form's buttons call them):
// tested here with data, as the form uses them, including the limits that disable the buttons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRow, canAddRow, canRemoveRow, clearSecretDrafts, collect, removeRow, secretValues, setDraft } from '../../src/core/draft.js';
import type { DraftObject, ListField, MapField } from '../../src/core/fields.js';
import { validateForm } from '../../src/core/validate.js';
import { buildModel } from '../../src/core/walker.js';
import './validator-ready.js';

const listSchema = { type: 'object', properties: { scopes: { type: 'array', title: 'Scopes', items: { type: 'string' }, minItems: 1, maxItems: 2 } } };
const mapSchema = { type: 'object', properties: { headers: { type: 'object', additionalProperties: { type: 'string' } } } };

function list(values?: Record<string, unknown>) {
  const draft: DraftObject = {};
  const field = () => buildModel(listSchema, draft, { values }).root.fields[0] as ListField;
  return { draft, field };
}

test('a list starts with minItems rows; rows are added up to maxItems, removed down to minItems', () => {
  const { draft, field } = list();
  assert.equal(field().rows.length, 1);
  assert.equal(canRemoveRow(draft, field()), false);
  assert.equal(removeRow(draft, field(), 0), false);
  assert.equal(addRow(draft, field()), 1);
  assert.equal(field().rows.length, 2);
  assert.equal(canAddRow(draft, field()), false);
  assert.equal(addRow(draft, field()), undefined, 'no row past maxItems');
  assert.equal(canRemoveRow(draft, field()), true);
  assert.equal(removeRow(draft, field(), 5), false, 'a row that does not exist');
});

test('removing a list row removes its value, and the rows after it move up', () => {
  const { draft, field } = list({ scopes: ['read', 'write'] });
  assert.equal(field().rows.length, 2);
  assert.deepEqual(collect(buildModel(listSchema, draft), draft).value, { scopes: ['read', 'write'] });
  assert.equal(removeRow(draft, field(), 0), true);
  const model = buildModel(listSchema, draft);
  assert.deepEqual(collect(model, draft).value, { scopes: ['write'] });
  assert.equal((model.root.fields[0] as ListField).rows[0]!.label, 'Scopes 1');
});

test('a map row is added with an empty key and no limit; its key and value are typed into the draft', () => {
  const draft: DraftObject = {};
  const field = () => buildModel(mapSchema, draft).root.fields[0] as MapField;
  assert.equal(field().rows.length, 0, 'an optional map starts empty');
  assert.equal(canRemoveRow(draft, field()), false);
  assert.equal(addRow(draft, field()), 0);
  assert.equal(addRow(draft, field()), 1);
  const [first, second] = field().rows;
  setDraft(draft, first!.keyPath, 'X-Team');
  setDraft(draft, first!.value.path, 'a');
  setDraft(draft, second!.keyPath, 'X-Env');
  setDraft(draft, second!.value.path, 'b');
  assert.deepEqual(collect(buildModel(mapSchema, draft), draft).value, { headers: { 'X-Team': 'a', 'X-Env': 'b' } });
  assert.equal(removeRow(draft, field(), 0), true);
  const model = buildModel(mapSchema, draft);
  assert.deepEqual(validateForm(model, draft).value, { headers: { 'X-Env': 'b' } });
  assert.equal((model.root.fields[0] as MapField).rows[0]!.value.pointer, '/headers/X-Env');
});

test('secretValues gives what every visible secret field holds as it is sent (a choice: its value, not its index); clearSecretDrafts empties them and nothing else', () => {
  const schema = {
    type: 'object',
    properties: {
      account: { type: 'string' },
      token: { type: 'string', writeOnly: true },
      pin: { type: 'integer', format: 'password' },
      extra: { type: 'object', 'x-secret': true },
      region: { type: 'string', enum: ['eu-secret-1', 'us-secret-2'], writeOnly: true },
      empty: { type: 'string', writeOnly: true },
    },
  };
  const draft: DraftObject = {};
  const model = buildModel(schema, draft);
  setDraft(draft, ['account'], 'acme');
  setDraft(draft, ['token'], 'tok_123');
  setDraft(draft, ['pin'], '4242');
  setDraft(draft, ['extra'], '{"k":"v"}');
  setDraft(draft, ['region'], '1');
  assert.deepEqual(secretValues(model, draft).sort(), ['4242', 'tok_123', 'us-secret-2', '{"k":"v"}'].sort());
  clearSecretDrafts(model, draft);
  assert.deepEqual(secretValues(model, draft), []);
  assert.deepEqual(collect(buildModel(schema, draft), draft).value, { account: 'acme' }, 'what is not secret stays');
});

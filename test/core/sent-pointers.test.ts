// Rows the user left empty are not sent, and a map's keys are sent trimmed: the value the form sends
// is not laid out like its draft. A problem must still land on the field the user sees, and its
// pointer must be the one the server reports for the same value (the widget maps the server's
// pointers back to fields with it). Found by the differential test (test/server/differential.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, setDraft } from '../../src/core/draft.js';
import type { DraftObject, ListField, MapField, ObjectField } from '../../src/core/fields.js';
import { fieldIndex } from '../../src/core/fields.js';
import { validateForm, validateValue } from '../../src/core/validate.js';
import { buildModel } from '../../src/core/walker.js';
import './validator-ready.js';

// A list of objects, each with a key/value map whose values are at most 2 characters long.
const schema = {
  type: 'object',
  properties: {
    teams: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, headers: { type: 'object', additionalProperties: { type: 'string', maxLength: 2 } } } },
    },
  },
};

function form(values: Record<string, unknown>) {
  const draft: DraftObject = {};
  const model = buildModel(schema, draft, { values });
  const row = (i: number) => (model.root.fields[0] as ListField).rows[i] as ObjectField;
  const headers = (i: number) => row(i).fields.find((f) => f.key === 'headers') as MapField;
  return { draft, model, row, headers };
}

test('after an empty list row, a map value problem is on the second row and at the pointer the server reports', () => {
  const { draft, model, headers } = form({ teams: [{}, { headers: { 'X-Team': 'abc' } }] });
  const result = validateForm(model, draft);
  assert.deepEqual(result.value, { teams: [{ headers: { 'X-Team': 'abc' } }] }, 'the empty row is not sent');
  const value = headers(1).rows[0]!.value;
  assert.deepEqual(
    result.errors.map((e) => [e.id, e.pointer]),
    [[value.id, '/teams/0/headers/X-Team']],
  );
  const server = validateValue(schema, result.value);
  assert.deepEqual(
    server.map((e) => [e.pointer, e.message]),
    result.errors.map((e) => [e.pointer, e.message]),
  );
  // The widget shows the server's problem on that same field.
  const find = fieldIndex(model, collect(model, draft).at).find;
  assert.equal(find('/teams/0/headers/X-Team')?.id, value.id);
});

test("a problem in a list row's own field lands on the row the user filled, not on the empty row before it", () => {
  const { draft, model, row } = form({ teams: [{}, { name: 'ops' }] });
  const find = fieldIndex(model, collect(model, draft).at).find;
  const name1 = row(1).fields.find((f) => f.key === 'name')!;
  assert.equal(find('/teams/0/name')?.id, name1.id);
  // Nothing of the empty row is sent, so no server pointer names it.
  const name0 = row(0).fields.find((f) => f.key === 'name')!;
  assert.notEqual(find('/teams/0/name')?.id, name0.id);
});

test('a map key typed with spaces around it is sent trimmed, and its problem points at the trimmed key', () => {
  const { draft, model, headers } = form({ teams: [{ headers: { a: 'ok' } }] });
  setDraft(draft, headers(0).rows[0]!.keyPath, '  X-Team ');
  setDraft(draft, headers(0).rows[0]!.value.path, 'abc');
  const result = validateForm(model, draft);
  assert.deepEqual(result.value, { teams: [{ headers: { 'X-Team': 'abc' } }] });
  assert.deepEqual(
    result.errors.map((e) => [e.id, e.pointer]),
    [[headers(0).rows[0]!.value.id, '/teams/0/headers/X-Team']],
  );
  assert.deepEqual(
    validateValue(schema, result.value).map((e) => e.pointer),
    ['/teams/0/headers/X-Team'],
  );
  assert.equal(fieldIndex(model, collect(model, draft).at).find('/teams/0/headers/X-Team')?.id, headers(0).rows[0]!.value.id);
});

// Incremental validation (src/core/incremental.ts) against validation from scratch: after any
// sequence of edits, the form's kept model and its property-by-property check give exactly what
// building the model and validating the whole value again gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getDraft, setDraft, addRow, removeRow } from '../../src/core/draft.js';
import { visibleFields, type DraftObject, type Field, type FormModel, type ListField, type MapField, type Path } from '../../src/core/fields.js';
import { IncrementalCheck, keepsModel } from '../../src/core/incremental.js';
import { schemaUnits } from '../../src/core/problems.js';
import { validateForm, type ValidationResult } from '../../src/core/validate.js';
import { buildModel } from '../../src/core/walker.js';
import { differentialRootArb, FIELD_KEYS, rootArb, valuesArb } from '../arbitraries.js';
import './validator-ready.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** One thing a user does: type into a field, tick a box, pick an option, add or remove a row, type a map key. */
const editArb = fc.record({
  kind: fc.constantFrom('set', 'set', 'set', 'set', 'add', 'remove', 'key'),
  pick: fc.nat(50),
  text: fc.constantFrom('', 'abc', 'a', 'Zürich', '12', '2.5', '1e', '-3', 'https://example.com', 'name@example.com', '{"a":1}', '[1,2]', 'x y', 'us', 'eu', '__proto__'),
  flag: fc.boolean(),
  index: fc.nat(6),
});
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

const LEAVES = new Set(['text', 'number', 'boolean', 'choice', 'choices', 'json']);

/** Applies one edit to the draft as the form does; returns the edited leaf's path, or undefined for a change of rows or keys. */
function apply(model: FormModel, draft: DraftObject, e: Edit): { path?: Path } | undefined {
  const fields = visibleFields(model.root);
  if (e.kind === 'set') {
    const leaves = fields.filter((f) => LEAVES.has(f.kind) && !f.readOnly);
    const f = leaves[e.pick % Math.max(1, leaves.length)];
    if (!f) return undefined;
    setDraft(draft, f.path, valueFor(f, e, draft));
    return { path: f.path };
  }
  const groups = fields.filter((f): f is ListField | MapField => f.kind === 'list' || f.kind === 'map');
  const g = groups[e.pick % Math.max(1, groups.length)];
  if (!g) return undefined;
  if (e.kind === 'add') addRow(draft, g);
  else if (e.kind === 'remove') removeRow(draft, g, e.index % 3);
  else if (g.kind === 'map' && g.rows.length) {
    const row = g.rows[e.index % g.rows.length]!;
    setDraft(draft, row.keyPath, e.text);
    return { path: row.keyPath };
  }
  return {};
}

function valueFor(f: Field, e: Edit, draft: DraftObject) {
  switch (f.kind) {
    case 'boolean':
      return e.flag;
    case 'choice':
      return e.index > f.options.length ? '' : String(e.index % Math.max(1, f.options.length));
    case 'choices': {
      const now = getDraft(draft, f.path);
      return f.options.map((_, i) => (i === e.index % f.options.length ? e.flag : Array.isArray(now) && now[i] === true));
    }
    default:
      return e.text;
  }
}

type Outcome = { result: ValidationResult } | { error: string };
const outcome = (run: () => ValidationResult): Outcome => {
  try {
    return { result: run() };
  } catch (e) {
    return { error: (e as Error).name };
  }
};

/** Plays the edits the way <connect-form> does (model kept when `keepsModel` says so, one IncrementalCheck) and compares each step with a fresh build and a whole validation. */
function play(schema: Record<string, unknown>, values: Record<string, unknown> | undefined, edits: Edit[]) {
  const draft: DraftObject = {};
  let model: FormModel;
  try {
    model = buildModel(schema, draft, { values });
  } catch (e) {
    assert.equal((e as Error).name, 'SchemaError');
    return;
  }
  const check = new IncrementalCheck();
  let kept = 0;
  for (const edit of [undefined, ...edits]) {
    const done = edit ? apply(model, draft, edit) : { path: undefined };
    if (done === undefined) continue;
    const keep = done.path !== undefined && keepsModel(model, done.path);
    if (keep) kept++;
    else model = buildModel(schema, draft, { values });
    const incremental = outcome(() => validateForm(model, draft, undefined, check));

    const before = JSON.stringify(draft);
    const fresh = buildModel(schema, draft, { values });
    if (keep) {
      // The kept model is the one the edited draft builds, and building it changes nothing in the draft.
      assert.equal(JSON.stringify(draft), before, 'a kept model: the draft needed nothing filled in');
      assert.deepEqual(model, fresh, 'a kept model equals a fresh build');
    }
    assert.deepEqual(
      incremental,
      outcome(() => validateForm(fresh, draft)),
      'incremental validation equals validation from scratch',
    );
  }
  return kept;
}

// Half of the roots without conditions of their own (nested objects keep theirs), so that many edits keep the model.
const CONDITIONS = ['if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'dependencies'];
const rootsArb = fc
  .tuple(differentialRootArb, fc.boolean())
  .map(([schema, plain]) => (plain ? Object.fromEntries(Object.entries(schema as Record<string, unknown>).filter(([k]) => !CONDITIONS.includes(k))) : (schema as Record<string, unknown>)));

test('after any sequence of edits, incremental validation gives the problems validation from scratch gives (well-formed schemas with conditions, dependencies, allOf, $ref, drafts 07 and 2020-12)', () => {
  let kept = 0;
  fc.assert(
    fc.property(rootsArb, fc.option(valuesArb(FIELD_KEYS), { nil: undefined }), fc.array(editArb, { maxLength: 12 }), (schema, values, edits) => {
      kept += play(schema as Record<string, unknown>, values, edits) ?? 0;
    }),
    { numRuns: RUNS },
  );
  // The property is about kept models: make sure the generated edits keep some (few generated leaves are editable: many are read-only or hidden).
  assert.ok(kept > RUNS / 10, `edits kept the model ${kept} times`);
});

test('after any sequence of edits, incremental validation gives the problems validation from scratch gives (arbitrary, sometimes malformed schemas)', () => {
  fc.assert(
    fc.property(rootArb, fc.jsonValue({ maxDepth: 2 }), fc.array(editArb, { maxLength: 8 }), (schema, values, edits) => {
      play(schema as Record<string, unknown>, values as Record<string, unknown>, edits);
    }),
    { numRuns: RUNS },
  );
});

test('IncrementalCheck reports the units the whole validator reports, in its order, for any sequence of values', () => {
  fc.assert(
    fc.property(fc.oneof(differentialRootArb, rootArb), fc.array(valuesArb([...FIELD_KEYS, 'apiKey', 'region']), { minLength: 1, maxLength: 6 }), (schema, values) => {
      const check = new IncrementalCheck();
      for (const v of values) {
        let expected;
        try {
          expected = schemaUnits(schema as Record<string, unknown>, v);
        } catch (e) {
          assert.throws(() => check.units(schema as Record<string, unknown>, v));
          void e;
          return;
        }
        assert.deepEqual(check.units(schema as Record<string, unknown>, v), expected);
      }
    }),
    { numRuns: RUNS },
  );
});

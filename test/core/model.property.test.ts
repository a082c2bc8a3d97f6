import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collect } from '../../src/core/draft.js';
import { visibleFields, type DraftObject } from '../../src/core/fields.js';
import { buildModel } from '../../src/core/walker.js';
import { validateForm } from '../../src/core/validate.js';
import { rootArb } from '../arbitraries.js';
import './validator-ready.js';

test('thousands of generated schemas: the model never crashes, every visible field has a label and a unique id', () => {
  fc.assert(
    fc.property(rootArb, fc.jsonValue({ maxDepth: 2 }), (schema, values) => {
      const draft: DraftObject = {};
      let model;
      try {
        model = buildModel(schema, draft, { values: values as Record<string, unknown> });
      } catch (e) {
        // The only acceptable failure is a clear SchemaError (shown as the form's error state).
        assert.equal((e as Error).name, 'SchemaError', String(e));
        return;
      }
      const fields = visibleFields(model.root);
      const ids = new Set<string>();
      for (const f of fields) {
        assert.ok(f.label.trim().length > 0 || f.kind === 'list' || f.kind === 'map', `field ${f.pointer} has a label`);
        if (f.kind === 'choice') for (const o of f.options) assert.ok(o.label.trim().length > 0, `option of ${f.pointer} has a label`);
        assert.match(f.id, /^[A-Za-z0-9_-]+$/);
        assert.ok(!ids.has(f.id), `id ${f.id} is unique`);
        ids.add(f.id);
      }
      const result = validateForm(model, draft);
      assert.equal(typeof result.valid, 'boolean');
      for (const e of result.errors) assert.ok(e.message.length > 0);
      // Collecting twice gives the same value: building the model has no hidden state.
      assert.deepEqual(collect(model, draft).value, collect(buildModel(schema, draft, {}), draft).value);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 2000) },
  );
});

// SPEC: the reference handler validates `fields` "with the widget's rules, to the letter". This test
// holds the two sides to it: for generated schemas (every construct the renderer covers) and every
// fixture connector, with generated values, the browser side (the form's model and validateForm, as
// the widget submits: values given, secrets typed) and the server side (the handler's validator, fed
// what the widget would send) give the same verdict, the same pointers and the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { listOptions, parseConnector } from '../../src/core/connector.js';
import { collect, getDraft, setDraft } from '../../src/core/draft.js';
import { visibleFields, type DraftObject } from '../../src/core/fields.js';
import { isObject } from '../../src/core/json.js';
import { pointerSegments, valueAt } from '../../src/core/pointer.js';
import type { Schema } from '../../src/core/schema.js';
import { validateForm } from '../../src/core/validate.js';
import { buildModel } from '../../src/core/walker.js';
import { createFieldsCompiler } from '../../src/server/validate.js';
import { differentialRootArb, FIELD_KEYS, plausibleValues, valuesArb } from '../arbitraries.js';

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 1000);
const compile = createFieldsCompiler();

/** What the form shows and sends for these values, as a user would leave it: values given by the host, secrets typed. */
function browserSide(schema: Schema, values: Record<string, unknown>) {
  const draft: DraftObject = {};
  let model = buildModel(schema, draft, { values });
  // The widget never prefills a secret: the user types it.
  for (let pass = 0; pass < 3; pass++) {
    let typed = false;
    for (const f of visibleFields(model.root)) {
      const v = valueAt(values, pointerSegments(f.pointer));
      if (f.kind === 'text' && f.secret && (typeof v === 'string' || typeof v === 'number') && v !== '' && !getDraft(draft, f.path)) {
        setDraft(draft, f.path, String(v));
        typed = true;
      }
    }
    if (!typed) break;
    model = buildModel(schema, draft, { values });
  }
  return { model, draft, result: validateForm(model, draft) };
}

interface Tally {
  cases: number;
  valid: number;
  invalid: number;
  local: number;
}

/** Compares one case; returns what kind of case it was, for the tally. */
function compare(schema: Schema, values: Record<string, unknown>, validator: ReturnType<typeof compile>): 'valid' | 'invalid' | 'local' {
  const { model, draft, result } = browserSide(schema, values);
  // Values for which the form's conditions never settle on one set of fields (a field whose value
  // hides itself) are refused by the form as they stand; nothing is sent.
  if (model.unsettled.some((p) => isObject(valueAt(result.value, pointerSegments(p))))) {
    assert.equal(result.valid, false);
    return 'local';
  }
  const server = validator.validate(result.value).map((e) => {
    assert.ok(e.pointer.startsWith('/fields'), e.pointer);
    return { pointer: e.pointer.slice('/fields'.length), message: e.detail };
  });
  // Problems only the collector can find (a number that is not one, a map row without a key) never
  // reach the server: the widget sends nothing then. Those fields are left out of the comparison.
  const { errors: local, at } = collect(model, draft);
  const skip = new Set(local.map((e) => at.get(e.id) ?? model.byId.get(e.id)?.pointer ?? ''));
  const key = (e: { pointer: string; message: string }) => `${e.pointer} → ${e.message}`;
  const browserProblems = result.errors
    .filter((e) => !skip.has(e.pointer))
    .map(key)
    .sort();
  const serverProblems = server
    .filter((e) => !skip.has(e.pointer))
    .map(key)
    .sort();
  const context = `schema ${JSON.stringify(schema)}\nvalues ${JSON.stringify(values)}\nsent ${JSON.stringify(result.value)}`;
  assert.deepEqual(serverProblems, browserProblems, `the server and the browser disagree\n${context}`);
  for (const e of result.errors) assert.doesNotMatch(e.message, /NaN|undefined|\[object/, `a broken message\n${context}`);
  if (local.length > 0) return 'local';
  assert.equal(server.length === 0, result.valid, `the verdicts differ\n${context}`);
  return result.valid ? 'valid' : 'invalid';
}

test(`generated schemas and values: the browser and the server agree (${RUNS} cases)`, () => {
  const tally: Tally = { cases: 0, valid: 0, invalid: 0, local: 0 };
  fc.assert(
    fc.property(differentialRootArb, fc.boolean(), valuesArb(FIELD_KEYS), fc.gen(), (schema, shaped, random, g) => {
      const values = shaped ? plausibleValues(schema, g) : random;
      let validator;
      try {
        validator = compile(schema as Schema);
      } catch {
        // A schema the handler refuses at creation is never served; the form refuses it too.
        assert.throws(() => buildModel(schema, {}), /./);
        return;
      }
      tally.cases++;
      tally[compare(schema as Schema, values, validator)]++;
    }),
    // The seed is npm test's fixed one (test/tools/fast-check-seed.mjs); FC_SEED=random explores.
    { numRuns: RUNS },
  );
  // The comparison must have had something to compare: both verdicts, most cases without local problems.
  assert.ok(tally.cases >= RUNS * 0.9, JSON.stringify(tally));
  assert.ok(tally.valid >= RUNS * 0.05 && tally.invalid >= RUNS * 0.2, JSON.stringify(tally));
});

const fixtures = new URL('../fixtures/connectors/', import.meta.url);
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.json'))) {
  const parsed = parseConnector(JSON.parse(readFileSync(new URL(file, fixtures), 'utf8')));
  assert.ok(parsed.ok, file);
  for (const option of listOptions(parsed.connector)) {
    if (!isObject(option.schema)) continue;
    const schema = option.schema;
    test(`fixture ${file}${option.key ? ` option ${option.key}` : ''}: the browser and the server agree`, () => {
      const validator = compile(schema);
      const keys = propertyNames(schema);
      const tally: Tally = { cases: 0, valid: 0, invalid: 0, local: 0 };
      fc.assert(
        fc.property(fc.boolean(), valuesArb(keys), fc.gen(), (shaped, random, g) => {
          const values = shaped ? plausibleValues(schema, g) : random;
          tally.cases++;
          tally[compare(schema, values, validator)]++;
        }),
        { numRuns: Math.max(100, Math.round(RUNS / 5)) },
      );
      assert.equal(tally.cases, tally.valid + tally.invalid + tally.local);
    });
  }
}

/** Every property name in a schema, so that generated values hit the fixture's real fields. */
function propertyNames(schema: unknown): string[] {
  const names = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObject(node)) return;
    if (isObject(node.properties)) for (const k of Object.keys(node.properties)) names.add(k);
    Object.values(node).forEach(walk);
  };
  walk(schema);
  return names.size ? [...names] : ['x'];
}

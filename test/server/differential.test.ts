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
import { visibleFields, type DraftObject, type FormModel, type Placement } from '../../src/core/fields.js';
import { isObject, pointerSegments, valueAt } from '../../src/core/json.js';
import type { Schema } from '../../src/core/schema.js';
import { validateForm } from '../../src/core/validate.js';
import { buildModel } from '../../src/core/walker.js';
import { createFieldsCompiler } from '../../src/server/validate.js';
import { differentialRootArb, FIELD_KEYS, plausibleValues, valuesArb } from '../arbitraries.js';
import '../core/validator-ready.js';

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

/**
 * What kind of case it was, for the tally:
 * - `valid` / `invalid`: both sides gave that verdict (checked in both directions) with the same problems.
 * - `local`: the browser found problems only it can find, because they are about the text typed and
 *   not the value sent: a number that is not one, JSON that does not parse, a key/value row with a
 *   key but no value, a value but no key, or a key typed twice (`collect()`'s errors). The widget then
 *   sends nothing, so the server is asked about the value the form would have sent: the other
 *   problems must agree, and when the server accepts that value the browser's only problems must be
 *   local ones.
 * - `unsettled`: the values make a field hide itself, so the form's conditions never settle on one
 *   set of fields: both sides refuse them.
 */
type Kind = 'valid' | 'invalid' | 'local' | 'unsettled';
type Tally = Record<Kind | 'cases', number>;
const emptyTally = (): Tally => ({ cases: 0, valid: 0, invalid: 0, local: 0, unsettled: 0 });

/** True when an object whose conditions never settled is in the value sent (`at` places the form's fields in it). */
function unsettledSent(model: FormModel, at: Placement, value: unknown): boolean {
  return model.unsettled.some((pointer) => {
    const object = [...model.byId.values()].find((f) => f.kind === 'object' && f.pointer === pointer);
    const sentAt = object && at.get(object.id);
    return sentAt !== undefined && isObject(valueAt(value, pointerSegments(sentAt)));
  });
}

/** Compares one case; returns what kind of case it was. */
function compare(schema: Schema, values: Record<string, unknown>, validator: ReturnType<typeof compile>): Kind {
  const { model, draft, result } = browserSide(schema, values);
  const { errors: local, at } = collect(model, draft);
  const server = validator.validate(result.value).map((e) => {
    assert.ok(e.pointer.startsWith('/fields'), e.pointer);
    return { pointer: e.pointer.slice('/fields'.length), message: e.detail };
  });
  const serverAccepts = server.length === 0;
  const context = `schema ${JSON.stringify(schema)}\nvalues ${JSON.stringify(values)}\nsent ${JSON.stringify(result.value)}\nbrowser ${JSON.stringify(result.errors)}\nserver ${JSON.stringify(server)}`;
  for (const e of result.errors) assert.doesNotMatch(e.message, /NaN|undefined|\[object/, `a broken message\n${context}`);
  if (unsettledSent(model, at, result.value)) {
    assert.equal(result.valid, false, `the form accepts values whose conditions never settle\n${context}`);
    assert.equal(serverAccepts, false, `the server accepts values whose conditions never settle\n${context}`);
    return 'unsettled';
  }
  // The fields with local problems are left out of the comparison of problems: the server cannot
  // see what was typed there (it sees the field missing).
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
  assert.deepEqual(serverProblems, browserProblems, `the server and the browser disagree\n${context}`);
  if (local.length === 0) {
    // Both directions: the browser accepts ⇔ the server accepts.
    assert.equal(result.valid, serverAccepts, `the verdicts differ\n${context}`);
    return result.valid ? 'valid' : 'invalid';
  }
  assert.equal(result.valid, false, `the form accepts a draft with local problems\n${context}`);
  if (serverAccepts) {
    const localIds = new Set(local.map((e) => e.id));
    const others = result.errors.filter((e) => !e.id || !localIds.has(e.id));
    assert.deepEqual(others, [], `the server accepts what the form would send, yet the form has problems that are not local\n${context}`);
  }
  return 'local';
}

test(`generated schemas and values: the browser and the server agree (${RUNS} cases)`, (t) => {
  const tally = emptyTally();
  fc.assert(
    fc.property(differentialRootArb, fc.boolean(), valuesArb(FIELD_KEYS), fc.gen(), (schema, shaped, random, g) => {
      const values = shaped ? plausibleValues(schema, g) : random;
      let validator;
      try {
        validator = compile(schema as Schema);
      } catch {
        // A schema the handler refuses at creation is never served; the form refuses it too. Not a
        // case: fast-check draws another, so that RUNS cases are compared.
        assert.throws(() => buildModel(schema, {}), /./);
        fc.pre(false);
        return;
      }
      tally.cases++;
      tally[compare(schema as Schema, values, validator)]++;
    }),
    // The seed is npm test's fixed one (test/tools/fast-check-seed.mjs); FC_SEED=random explores.
    { numRuns: RUNS },
  );
  t.diagnostic(`cases ${JSON.stringify(tally)}`);
  // The comparison must have had something to compare: RUNS cases, both verdicts, most of them without local problems.
  assert.equal(tally.cases, RUNS, JSON.stringify(tally));
  assert.ok(tally.valid >= RUNS * 0.05 && tally.invalid >= RUNS * 0.2, JSON.stringify(tally));
  assert.ok(tally.local + tally.unsettled <= RUNS * 0.2, JSON.stringify(tally));
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
      const tally = emptyTally();
      fc.assert(
        fc.property(fc.boolean(), valuesArb(keys), fc.gen(), (shaped, random, g) => {
          const values = shaped ? plausibleValues(schema, g) : random;
          tally.cases++;
          tally[compare(schema, values, validator)]++;
        }),
        { numRuns: Math.max(100, Math.round(RUNS / 5)) },
      );
      assert.equal(tally.cases, tally.valid + tally.invalid + tally.local + tally.unsettled);
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

/**
 * Validator output → problems on fields: the one rank of problems and the one mapping of a problem
 * onto the field it is about, used by the form (src/core/validate.ts `validateForm`) and by the
 * server (`validateValue`), so that both give the same pointer and the same words.
 */
import type { OutputUnit, Validator } from '@cfworker/json-schema';
import { fieldIndex, modelFields, type FormModel, type Placement } from './fields.js';
import { messageFor } from './messages.js';
import { EN, type Translator } from './i18n/format.js';
import { childPointer, decodeSegment, encodeSegment } from './json.js';
import { resolveRef, schemaDraft, type Schema } from './schema.js';
import { validatorClass } from './validator.js';

/** A problem attached to a field (by DOM id and value pointer), or to the form (no id). */
export interface FieldError {
  id?: string;
  pointer: string;
  message: string;
}

/** A problem found before the schema is consulted: by the collector (a number that isn't one) or the server (a field the form does not have). */
export interface PreProblem {
  keyword: string;
  pointer: string;
  /** The field it is on, when it has one. */
  id?: string;
}

// Keywords that only say "something below me failed": their children carry the real problem.
const WRAPPERS = new Set([
  'properties',
  'items',
  'prefixItems',
  'additionalProperties',
  'allOf',
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'patternProperties',
  'contains',
]);

/**
 * When several problems hit one field, the first in this list is the one shown: a field the form does
 * not have, then what the collector found, then a missing value, then the value's type, then its limits.
 */
const RANK = [
  'unknown',
  'readOnly',
  'conditions',
  'number',
  'integer',
  'json',
  'key-missing',
  'key-duplicate',
  'value-missing',
  'required',
  'dependentRequired',
  'type',
  'format',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'enum',
  'const',
];

/** Where a keyword stands in the rank (lower is shown first); unknown keywords come last. */
export function rankOf(keyword: string): number {
  const i = RANK.indexOf(keyword);
  return i === -1 ? RANK.length : i;
}

// One validator per root schema object, for as long as that object lives.
const validators = new WeakMap<Schema, Validator>();

/** The schema's problems with a value, as the validator reports them (every one, not the first); throws `ValidatorPending` before the validator has loaded. */
export function schemaUnits(schema: Schema, value: unknown): OutputUnit[] {
  let v = validators.get(schema);
  if (!v) validators.set(schema, (v = new (validatorClass())(schema, schemaDraft(schema), false)));
  try {
    return v.validate(value).errors;
  } catch {
    return [{ keyword: 'schema', keywordLocation: '#', instanceLocation: '#', error: '' }];
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The validator's `#/a%20b/c` location as a canonical JSON pointer. */
function canonical(location: string): string {
  const body = location.startsWith('#') ? location.slice(1) : location;
  if (body === '') return '';
  return body
    .slice(1)
    .split('/')
    .map((s) => '/' + encodeSegment(decodeSegment(safeDecode(s))))
    .join('');
}

/** The keyword a unit is about, as the messages know it: draft-07 `dependencies` with a list is `dependentRequired`. */
function keywordOf(unit: OutputUnit): string {
  return unit.keyword === 'dependencies' && /does not have "/.test(unit.error) ? 'dependentRequired' : unit.keyword;
}

/** The pointer a unit is about: `required` and `dependentRequired` name the missing property from its parent. */
function targetOf(unit: OutputUnit): string {
  const at = canonical(unit.instanceLocation);
  const missing = unit.keyword === 'required' ? /required property "(.*)"\.$/.exec(unit.error) : keywordOf(unit) === 'dependentRequired' ? /does not have "(.*)"\.$/.exec(unit.error) : null;
  return missing ? childPointer(at, missing[1]!) : at;
}

/** The constraint's value (8 for `minLength: 8`), read from the schema at the unit's keyword location. */
function limitOf(unit: OutputUnit, schema: Schema): number | string | undefined {
  let node: unknown = schema;
  for (const raw of unit.keywordLocation.replace(/^#\/?/, '').split('/')) {
    if (raw === '' || node === null || typeof node !== 'object') break;
    const seg = decodeSegment(safeDecode(raw));
    const here = node as Record<string, unknown>;
    // cfworker's locations pass through `$ref` (`#/properties/a/$ref/maxLength`) and spell
    // `dependentRequired` "dependantRequired".
    if (seg === '$ref' && typeof here.$ref === 'string') node = refTarget(here.$ref, schema);
    else node = here[seg === 'dependantRequired' ? 'dependentRequired' : seg];
  }
  return typeof node === 'number' || typeof node === 'string' ? node : undefined;
}

function refTarget(ref: string, schema: Schema): unknown {
  try {
    return resolveRef(ref, schema);
  } catch {
    return undefined;
  }
}

const placed = new WeakMap<FormModel, Map<string, number>>();

/** Each control's place in the form's display order, by id (once per model: see `modelFields`). */
function positions(model: FormModel): Map<string, number> {
  let position = placed.get(model);
  if (position) return position;
  position = new Map<string, number>();
  const order = modelFields(model);
  order.forEach((f, i) => position!.set(f.id, i));
  // Map key inputs sit just before their value field.
  for (const f of order) if (f.kind === 'map') for (const r of f.rows) position.set(r.keyId, (position.get(r.value.id) ?? 0) - 0.5);
  placed.set(model, position);
  return position;
}

/**
 * Every problem of a value, at most one per field (the best-ranked) in display order, then the
 * problems no control shows (a fixed value, the form as a whole, a field the form does not have).
 * `pre` are the problems found before the schema was consulted; they outrank the schema's. `at`
 * places the fields in `value` (see `fieldIndex`); every pointer returned is a pointer into `value`.
 * `units` are the schema's problems with `value`, when the caller has them already (see src/core/incremental.ts).
 */
export function problemsOf(
  model: FormModel,
  value: unknown,
  pre: readonly PreProblem[],
  at?: Placement,
  tr: Translator = EN,
  units: OutputUnit[] = schemaUnits(model.rootSchema, value),
): FieldError[] {
  type Ranked = FieldError & { rank: number };
  const onFields = new Map<string, Ranked>();
  const onForm = new Map<string, Ranked>();
  const note = (keyed: Map<string, Ranked>, key: string, entry: Ranked) => {
    const existing = keyed.get(key);
    if (!existing || existing.rank > entry.rank) keyed.set(key, entry);
  };

  const index = fieldIndex(model, at);
  for (const p of pre) {
    const field = p.id ? model.byId.get(p.id) : undefined;
    const entry = { pointer: (field && (index.pointerOf(field) ?? field.pointer)) ?? p.pointer, message: messageFor({ keyword: p.keyword }, field, tr), rank: rankOf(p.keyword) };
    if (p.id) note(onFields, p.id, { id: p.id, ...entry });
    else note(onForm, p.pointer, entry);
  }
  // Below a field the form does not have, the schema's problems say nothing more.
  const outside = pre.filter((p) => !p.id).map((p) => p.pointer);
  const isOutside = (pointer: string) => outside.some((o) => pointer === o || pointer.startsWith(o + '/'));

  for (const unit of units) {
    if (WRAPPERS.has(unit.keyword) || (unit.keyword === 'dependencies' && !/does not have "/.test(unit.error))) continue;
    const pointer = targetOf(unit);
    if (isOutside(pointer)) continue;
    const keyword = keywordOf(unit);
    const limit = limitOf(unit, model.rootSchema);
    const field = index.find(pointer);
    if (!field) {
      // Fixed and hidden values the user cannot change, a nested object as a whole, or the whole form.
      if (!onForm.has(pointer)) onForm.set(pointer, { pointer, message: messageFor({ keyword, limit }, index.any(pointer), tr), rank: rankOf(keyword) });
      continue;
    }
    // A problem deeper than the field (inside a JSON value) is reported on the field itself.
    const shown = index.pointerOf(field) === pointer || field.kind !== 'json' ? keyword : 'type';
    note(onFields, field.id, { id: field.id, pointer: index.pointerOf(field)!, message: messageFor({ keyword: shown, limit }, field, tr), rank: rankOf(shown) });
  }

  const position = positions(model);
  const strip = ({ id, pointer, message }: Ranked): FieldError => (id === undefined ? { pointer, message } : { id, pointer, message });
  const fieldErrors = [...onFields.values()].sort((a, b) => (position.get(a.id!) ?? Infinity) - (position.get(b.id!) ?? Infinity)).map(strip);
  return [...fieldErrors, ...[...onForm.values()].map(strip)];
}

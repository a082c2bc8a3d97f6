/**
 * Validation of the collected value against the schema, with an eval-free validator
 * (@cfworker/json-schema interprets the schema; ajv would compile it with `new Function`, which a
 * strict CSP forbids: SPEC security rule 5), and the mapping of its output onto fields.
 */
import { Validator, type OutputUnit } from '@cfworker/json-schema';
import { collect, visibleFields, type DraftObject, type Field, type FormModel } from './model.js';
import { messageFor } from './messages.js';
import { decodeSegment, encodeSegment, schemaDraft, type Schema } from './schema.js';

/** A problem attached to a field (by DOM id and value pointer), or to the form (no id). */
export interface FieldError {
  id?: string;
  pointer: string;
  message: string;
}

/** The outcome of validating a form. */
export interface ValidationResult {
  valid: boolean;
  value: Record<string, unknown>;
  /** At most one error per field, in display order; form-level errors (no id) last. */
  errors: FieldError[];
}

// Keywords that only say "something below me failed": their children carry the real problem.
const WRAPPERS = new Set(['properties', 'items', 'prefixItems', 'additionalProperties', 'allOf', '$ref', '$dynamicRef', '$recursiveRef', 'if', 'then', 'else', 'dependentSchemas', 'dependencies', 'unevaluatedProperties', 'unevaluatedItems', 'patternProperties', 'contains']);
// Lower is more useful to the user.
const PRIORITY = ['required', 'dependentRequired', 'type', 'format', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'enum', 'const'];
const rank = (k: string) => (PRIORITY.includes(k) ? PRIORITY.indexOf(k) : PRIORITY.length);

const validators = new WeakMap<Schema, Validator>();

function validatorFor(schema: Schema): Validator {
  let v = validators.get(schema);
  if (!v) {
    v = new Validator(schema, schemaDraft(schema), false);
    validators.set(schema, v);
  }
  return v;
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

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The pointer a unit is about: `required` names its missing property in the parent's location. */
function targetOf(unit: OutputUnit): string {
  const at = canonical(unit.instanceLocation);
  if (unit.keyword === 'required') {
    const m = /required property "(.*)"\.$/.exec(unit.error);
    if (m) return `${at}/${encodeSegment(m[1]!)}`;
  }
  if (unit.keyword === 'dependentRequired') {
    const m = /does not have "(.*)"\.$/.exec(unit.error);
    if (m) return `${at}/${encodeSegment(m[1]!)}`;
  }
  return at;
}

function limitOf(unit: OutputUnit, schema: Schema): number | string | undefined {
  // Read the constraint from the schema at keywordLocation rather than parsing the message.
  let node: unknown = schema;
  for (const raw of unit.keywordLocation.replace(/^#\/?/, '').split('/')) {
    if (raw === '' || node === null || typeof node !== 'object') break;
    const seg = decodeSegment(safeDecode(raw));
    node = (node as Record<string, unknown>)[seg === 'dependantRequired' ? 'dependentRequired' : seg];
  }
  return typeof node === 'number' || typeof node === 'string' ? node : undefined;
}

/** Finds the field a pointer is about, walking up to the closest field that has a control. */
export function fieldForPointer(model: FormModel, pointer: string): Field | undefined {
  const byPointer = new Map<string, Field>();
  for (const f of visibleFields(model.root)) byPointer.set(f.pointer, f);
  let p = pointer;
  for (;;) {
    const hit = byPointer.get(p);
    if (hit) return hit;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** Collects and validates the draft: local problems first, then the schema's, one message per field. */
export function validateForm(model: FormModel, draft: DraftObject): ValidationResult {
  const { value, errors: local } = collect(model, draft);
  const byId = new Map<string, FieldError & { rank: number }>();
  const formErrors: FieldError[] = [];

  for (const e of local) {
    const field = model.byId.get(e.id);
    byId.set(e.id, { id: e.id, pointer: field?.pointer ?? '', message: messageFor({ keyword: e.kind }, field), rank: -1 });
  }

  let units: OutputUnit[];
  try {
    units = validatorFor(model.rootSchema).validate(value).errors;
  } catch {
    units = [{ keyword: 'schema', keywordLocation: '#', instanceLocation: '#', error: '' }];
  }
  for (const unit of units) {
    if (WRAPPERS.has(unit.keyword)) continue;
    const pointer = targetOf(unit);
    const field = fieldForPointer(model, pointer);
    if (!field) {
      // Fixed and hidden values the user cannot change, or a problem with the whole form.
      if (!formErrors.some((f) => f.pointer === pointer)) formErrors.push({ pointer, message: messageFor({ keyword: unit.keyword, limit: limitOf(unit, model.rootSchema) }, model.byId.get(idOfFixed(model, pointer) ?? '')) });
      continue;
    }
    // A problem deeper than the field (inside a JSON value) is reported on the field itself.
    const keyword = field.pointer === pointer ? unit.keyword : field.kind === 'json' ? 'type' : unit.keyword;
    const r = rank(keyword);
    const existing = byId.get(field.id);
    if (existing && existing.rank <= r) continue;
    byId.set(field.id, { id: field.id, pointer: field.pointer, message: messageFor({ keyword, limit: limitOf(unit, model.rootSchema) }, field), rank: r });
  }

  const order = visibleFields(model.root);
  const ids = new Map<string, number>();
  order.forEach((f, i) => ids.set(f.id, i));
  const rowKeyIndex = (id: string) => {
    // Map key inputs sit just before their value field.
    for (const f of order) if (f.kind === 'map') for (const r of f.rows) if (r.keyId === id) return (ids.get(r.value.id) ?? 0) - 0.5;
    return Number.POSITIVE_INFINITY;
  };
  const fieldErrors = [...byId.values()]
    .sort((a, b) => (ids.get(a.id!) ?? rowKeyIndex(a.id!)) - (ids.get(b.id!) ?? rowKeyIndex(b.id!)))
    .map(({ id, pointer, message }) => ({ id, pointer, message }));
  const errors = [...fieldErrors, ...formErrors];
  return { valid: errors.length === 0, value, errors };
}

function idOfFixed(model: FormModel, pointer: string): string | undefined {
  for (const f of model.byId.values()) if (f.kind === 'fixed' && f.pointer === pointer) return f.id;
  return undefined;
}

/**
 * Validation with the widget's rules, for the form (`validateForm`: the draft as the user typed it)
 * and for the server (`validateValue`: the value it received). Both walk the same fields
 * (src/core/walker.ts) and check the same schema with the same eval-free validator
 * (@cfworker/json-schema interprets the schema; ajv would compile it with `new Function`, which a
 * strict CSP forbids: SPEC security rule 5), so both give the same verdict, pointers and words.
 */
import { collect } from './draft.js';
import { modelFields, type DraftObject, type Field, type FormModel, type Placement } from './fields.js';
import { childPointer, getOwn, isObject, pointerSegments, valueAt } from './json.js';
import { EN, type Translator } from './i18n/format.js';
import { problemsOf, type FieldError, type PreProblem } from './problems.js';
import type { Schema } from './schema.js';
import { buildModel } from './walker.js';
import type { IncrementalCheck } from './incremental.js';

export type { FieldError } from './problems.js';

/** The outcome of validating a form. */
export interface ValidationResult {
  valid: boolean;
  value: Record<string, unknown>;
  /** At most one error per field, in display order; form-level errors (no id) last. */
  errors: FieldError[];
}

/**
 * Collects and validates the draft: what the collector found first, then the schema's problems, one
 * message per field. A form validating after each edit passes its `IncrementalCheck`
 * (src/core/incremental.ts), which checks again only the properties whose value changed.
 */
export function validateForm(model: FormModel, draft: DraftObject, tr: Translator = EN, check?: IncrementalCheck): ValidationResult {
  const { value, errors: local, at } = collect(model, draft);
  const pre = [...local.map((e) => ({ keyword: e.kind, id: e.id, pointer: '' })), ...unsettled(model, value, at), ...emptyChoices(model, value, at)];
  const errors = problemsOf(model, value, pre, at, tr, check ? check.units(model.rootSchema, value) : undefined);
  return { valid: errors.length === 0, value, errors };
}

/**
 * Objects sent whose conditions never settled on one set of fields: a problem with the values, on
 * both sides (an object left out sends nothing to contradict). `at` places the form's fields in the
 * value sent (see `collect`); the server's model is laid out like the value it received.
 */
function unsettled(model: FormModel, value: unknown, at?: Placement): PreProblem[] {
  const pointers = at ? model.unsettled.map((p) => sentPointer(model, p, at)).filter((p) => p !== undefined) : model.unsettled;
  return pointers.filter((pointer) => isObject(valueAt(value, pointerSegments(pointer)))).map((pointer) => ({ keyword: 'conditions', pointer }));
}

/** Where the form sends the value of the object at draft pointer `pointer`; undefined when it is not sent. */
function sentPointer(model: FormModel, pointer: string, at: Placement): string | undefined {
  for (const f of model.byId.values()) if (f.kind === 'object' && f.pointer === pointer) return at.get(f.id);
  return undefined;
}

/**
 * Required groups of checkboxes (the array is required, or `minItems` >= 1) with nothing chosen, where
 * their object is sent: a problem on both sides, though `[]` may satisfy the schema itself.
 */
function emptyChoices(model: FormModel, value: unknown, at?: Placement): PreProblem[] {
  return modelFields(model)
    .filter((f) => f.kind === 'choices' && f.required && !f.readOnly)
    .filter((f) => {
      // In the form, where collect() put the group's value (none: its row or object is not sent).
      const pointer = at ? at.get(f.id) : f.pointer;
      if (pointer === undefined) return false;
      const segments = pointerSegments(pointer);
      if (!isObject(valueAt(value, segments.slice(0, -1)))) return false;
      const v = valueAt(value, segments);
      return v === undefined || (Array.isArray(v) && v.length === 0);
    })
    .map((f) => ({ keyword: 'value-missing', id: f.id, pointer: f.pointer }));
}

/**
 * Finds what the form could not have sent: a key no field of the walked model has (the conditions
 * evaluated against the value itself, so a field of the branch not taken is unknown), and a value for
 * a read-only field. Key/value maps take any key; a JSON field takes any value the schema allows.
 */
function unknownFields(field: Field, value: unknown, pointer: string, out: PreProblem[]): void {
  if (field.kind === 'object' && isObject(value)) {
    for (const key of Object.keys(value)) {
      const at = childPointer(pointer, key);
      const child = field.fields.find((f) => f.key === key);
      if (!child) out.push({ keyword: 'unknown', pointer: at });
      else if (child.readOnly && child.kind !== 'object') out.push({ keyword: 'readOnly', pointer: at });
      else unknownFields(child, getOwn(value, key), at, out);
    }
  } else if (field.kind === 'list' && Array.isArray(value)) {
    value.forEach((item, i) => {
      const row = field.rows[i];
      if (row) unknownFields(row, item, childPointer(pointer, i), out);
    });
  } else if (field.kind === 'map' && isObject(value)) {
    const rows = new Map(field.rows.map((r) => [r.value.pointer, r.value]));
    for (const key of Object.keys(value)) {
      const at = childPointer(pointer, key);
      const row = rows.get(at);
      if (row) unknownFields(row, getOwn(value, key), at, out);
    }
  }
}

/**
 * Validates a value as the server receives it: the fields are walked for that value, every key the
 * form could not have sent is a problem, and the schema is checked as the form checks it. The
 * messages are the form's ("Enter API key"): the server knows the schema, so it knows the labels.
 * The schema must have passed `checkSchema` (buildModel throws `SchemaError` otherwise).
 */
export function validateValue(schema: Schema, value: unknown, tr: Translator = EN): FieldError[] {
  const model = buildModel(schema, {}, { values: isObject(value) ? value : undefined, received: true });
  const pre: PreProblem[] = [...unsettled(model, value), ...emptyChoices(model, value)];
  unknownFields(model.root, value, '', pre);
  return problemsOf(model, value, pre, undefined, tr).map(({ pointer, message }) => ({ pointer, message }));
}

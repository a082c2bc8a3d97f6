/**
 * What a form redoes after an edit, and no more: the model is rebuilt only when the edit can change
 * it, and the schema is checked again only for the top-level properties whose value changed (plus
 * the rules that span properties). Both give exactly what building and validating from scratch
 * gives; docs/form.md, "Incremental validation", says why.
 */
import type { OutputUnit, Schema as CfSchema } from '@cfworker/json-schema';
import { jsonSchema } from './validator.js';
import type { FormModel, Path } from './fields.js';
import { isObject } from './json.js';
import { schemaDraft, type Schema } from './schema.js';
import { idFor } from './walker.js';

/**
 * True when the model built before an edit of the leaf at draft `path` (a text, number, boolean,
 * choice, checkbox group or JSON field, or a map row's value) is the model the edited draft would
 * build. The draft reaches the model in three ways only: an object's conditions (evaluated against
 * what the object would send), the number of rows of a list or map, and a map row's key (its value's
 * pointer). So an edit keeps the model unless the path is inside a conditional object, or it is not
 * a leaf field of the model (a map key, a row added or removed).
 */
export function keepsModel(model: FormModel, path: Path): boolean {
  const field = model.byId.get(idFor(path));
  if (!field || field.kind === 'object' || field.kind === 'list' || field.kind === 'map' || field.kind === 'fixed') return false;
  for (let i = 0; i < path.length; i++) if (model.conditional.has(idFor(path.slice(0, i)))) return false;
  return true;
}

// The root keywords that look at the properties one by one; every other root keyword (required,
// if/then/else, allOf, dependentRequired, ...) is checked against the whole value each time.
const BY_PROPERTY = ['properties', 'patternProperties', 'additionalProperties'];
// With these at the root, a property's verdict depends on more than its own value (`$ref` in
// draft-07 replaces its siblings; `unevaluatedProperties` reads what the other keywords evaluated).
const WHOLE = ['$ref', '$recursiveRef', '$recursiveAnchor', '$dynamicRef', '$dynamicAnchor', 'unevaluatedProperties'];

interface Remembered {
  /** The property's value as last checked: the value itself (a scalar) or its JSON text. */
  seen: unknown;
  units: OutputUnit[];
}

/**
 * The schema's problems with the form's value, as `schemaUnits` (src/core/problems.ts) reports them
 * (the same units in the same order), remembering each top-level property's units until its value
 * changes. It calls the validator's own `validate` for a property with the arguments the validator's
 * `properties` keyword passes, so a property checked alone gives what it gives inside the whole.
 * It holds the values last checked (secrets too): `forget()` drops them.
 */
export class IncrementalCheck {
  private schema?: Schema;
  private draft: '7' | '2019-09' | '2020-12' = '2020-12';
  private lookup: Record<string, CfSchema | boolean> = {};
  /** Set when the root splits into properties: the root's other keywords, the rest of the properties family, the properties. */
  private split?: { cross: Schema; rest?: Schema; properties: [string, unknown][] };
  private readonly remembered = new Map<string, Remembered>();

  /** Every problem of `value` (an object) with `schema` (a root schema that passed `checkSchema`). */
  units(schema: Schema, value: Record<string, unknown>): OutputUnit[] {
    // Outside the try: before the validator has loaded, `ValidatorPending` goes to the caller.
    const { validate } = jsonSchema();
    if (schema !== this.schema) this.prepare(schema);
    try {
      const { draft, lookup } = this;
      if (!this.split) return validate(value, schema as CfSchema, draft, lookup, false).errors;
      const { cross, rest, properties } = this.split;
      // In the validator's order: the root's other keywords, then `properties`, then the rest of the properties family.
      const out = [...validate(value, cross as CfSchema, draft, lookup, false).errors];
      for (const [key, sub] of properties) {
        if (!Object.hasOwn(value, key)) continue;
        const units = this.propertyUnits(key, sub, value[key]);
        if (units.length) out.push({ instanceLocation: '#', keyword: 'properties', keywordLocation: '#/properties', error: `Property "${key}" does not match schema.` }, ...units);
      }
      if (rest) out.push(...validate(value, rest as CfSchema, draft, lookup, false).errors);
      return out;
    } catch {
      return [{ keyword: 'schema', keywordLocation: '#', instanceLocation: '#', error: '' }];
    }
  }

  /** Drops the values last checked (after secrets are cleared, when the form goes away). */
  forget(): void {
    this.remembered.clear();
  }

  private propertyUnits(key: string, sub: unknown, v: unknown): OutputUnit[] {
    const seen = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    const last = this.remembered.get(key);
    if (last && last.seen === seen) return last.units;
    const { draft, lookup } = this;
    const { encodePointer, validate } = jsonSchema();
    const at = encodePointer(key);
    const units = validate(v, sub as Schema, draft, lookup, false, null, `#/${at}`, `#/properties/${at}`).errors;
    this.remembered.set(key, { seen, units });
    return units;
  }

  private prepare(schema: Schema): void {
    this.schema = schema;
    this.remembered.clear();
    this.split = undefined;
    this.draft = schemaDraft(schema);
    this.lookup = jsonSchema().dereference(schema as CfSchema);
    if (!isObject(schema.properties) || WHOLE.some((k) => k in schema)) return;
    const cross: Schema = Object.fromEntries(Object.entries(schema).filter(([k]) => !BY_PROPERTY.includes(k)));
    const properties = Object.entries(schema.properties);
    // `additionalProperties` skips the keys that `properties` and `patternProperties` evaluated: the
    // same keys, with no schema to check again.
    const rest =
      'patternProperties' in schema || 'additionalProperties' in schema
        ? { properties: Object.fromEntries(properties.map(([k]) => [k, true])), patternProperties: schema.patternProperties, additionalProperties: schema.additionalProperties }
        : undefined;
    this.split = { cross, rest, properties };
  }
}

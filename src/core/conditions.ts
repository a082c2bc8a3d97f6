/** Conditional schemas (`if`/`then`/`else`, `dependentRequired`, `dependentSchemas`) applied to an object's value: which properties and requirements hold for it. */
import type { Validator } from '@cfworker/json-schema';
import { getOwn, isObject, type JsonValue } from './json.js';
import { MAX_CONDITION_DEPTH } from './limits.js';
import { merge, normalise, SchemaError, schemaDraft, type Normalised, type Schema } from './schema.js';
import { validatorClass } from './validator.js';

// One cache per root schema, kept as long as the schema object lives: a form rebuilds its model on
// every keystroke, and a server checks every request against the same few schemas.
const validators = new WeakMap<Schema, Map<unknown, Validator>>();

/** Evaluates an `if` subschema against a value, with the root's definitions in reach of its `$ref`s (throws `ValidatorPending` before the validator has loaded). */
export function matches(root: Schema, schema: unknown, value: unknown): boolean {
  let cache = validators.get(root);
  if (!cache) validators.set(root, (cache = new Map()));
  let validator = cache.get(schema);
  if (!validator) {
    const wrapped = isObject(schema) ? { ...schema, $defs: root.$defs, definitions: root.definitions } : schema;
    validator = new (validatorClass())(wrapped as Schema, schemaDraft(root), true);
    cache.set(schema, validator);
  }
  try {
    return validator.validate(value).valid;
  } catch (e) {
    throw new SchemaError(`A condition in the schema cannot be evaluated: ${e instanceof Error ? e.message.split('.')[0] : 'unknown error'}.`);
  }
}

/** An object schema with its conditionals applied for the given value of the object. */
export function effective(s: Normalised, value: Record<string, JsonValue> | undefined, root: Schema, depth = 0): Normalised {
  const { conditionals, dependentRequired, dependentSchemas, ...base } = s;
  let out: Normalised = base;
  const v = value ?? {};
  const add = (branch: unknown) => {
    if (branch === undefined || depth > MAX_CONDITION_DEPTH) return;
    // Only the parts of a branch a form can show: its properties and requirements (and nested conditions).
    out = mergeObjectParts(out, effective(normalise(branch, root), value, root, depth + 1));
  };
  for (const c of conditionals ?? []) add(matches(root, c.if, v) ? c.then : c.else);
  for (const [key, list] of Object.entries(dependentRequired ?? {})) {
    if (getOwn(v, key) !== undefined) out = mergeObjectParts(out, { required: list });
  }
  for (const [key, sub] of Object.entries(dependentSchemas ?? {})) {
    if (getOwn(v, key) !== undefined) add(sub);
  }
  return out;
}

/** True when a schema has anything that `effective` would evaluate. */
export function hasConditions(s: Normalised): boolean {
  return !!(s.conditionals || s.dependentRequired || s.dependentSchemas);
}

/** The properties (with their schemas: a branch may turn a list into a hidden value) and requirements, to tell whether another pass changed the fields. */
export function shapeOf(s: Normalised): string {
  try {
    return JSON.stringify([s.properties ?? {}, s.required ?? []]);
  } catch {
    // A branch that `$ref`s the root nests merged schemas too deep to write out: compare the names.
    return JSON.stringify([Object.keys(isObject(s.properties) ? s.properties : {}), s.required ?? []]);
  }
}

function mergeObjectParts(a: Normalised, b: Normalised): Normalised {
  const parts: Normalised = {};
  if (isObject(b.properties)) parts.properties = b.properties;
  if (Array.isArray(b.required)) parts.required = b.required;
  return merge(a, parts);
}

/** JSON Schema reading: `$ref` and `allOf` resolved, drafts told apart, a schema checked before use. */
import { decodeSegment, getOwn, isObject, setOwn } from './json.js';
import { MAX_REF_DEPTH } from './limits.js';

/** A JSON Schema object (a boolean schema is normalised to an object first). */
export type Schema = Record<string, unknown>;

/** An `if`/`then`/`else` triple kept apart so that merging several `allOf` members keeps all of them. */
export interface Conditional {
  if: unknown;
  then?: unknown;
  else?: unknown;
}

/** A schema after `$ref` and `allOf` are resolved at its top level (not inside `properties`). */
export interface Normalised extends Schema {
  conditionals?: Conditional[];
  dependentRequired?: Record<string, string[]>;
  dependentSchemas?: Record<string, unknown>;
}

/** Thrown for a schema that cannot be used at all (not an object, a `$ref` that does not resolve). */
export class SchemaError extends Error {
  override name = 'SchemaError';
}

/** Marks a subschema the renderer gives up on, so that the field becomes a JSON text area. */
export const UNRENDERABLE = 'x-cw-unrenderable';

/** Resolves a local `$ref` ("#", "#/$defs/x", "#/definitions/x", any local pointer). */
export function resolveRef(ref: string, root: Schema): unknown {
  if (!ref.startsWith('#')) throw new SchemaError(`Only local references are supported, not "${ref}".`);
  let target: unknown = root;
  const pointer = decodeURIComponent(ref.slice(1));
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) throw new SchemaError(`The reference "${ref}" is not a JSON pointer.`);
  for (const raw of pointer.slice(1).split('/')) {
    const segment = decodeSegment(raw);
    if (Array.isArray(target)) target = target[Number(segment)];
    else if (isObject(target) && Object.hasOwn(target, segment)) target = getOwn(target, segment);
    else throw new SchemaError(`The reference "${ref}" does not resolve.`);
  }
  if (target === undefined) throw new SchemaError(`The reference "${ref}" does not resolve.`);
  return target;
}

/** Resolves `$ref`, `allOf` and draft-07 `dependencies` at the top of `schema`, merging into one object. */
export function normalise(schema: unknown, root: Schema, refs: readonly string[] = []): Normalised {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return { [UNRENDERABLE]: 'false schema' };
  if (!isObject(schema)) throw new SchemaError('A schema must be an object or a boolean.');
  if (refs.length > MAX_REF_DEPTH) return { [UNRENDERABLE]: 'nesting too deep' };

  const { $ref, allOf, dependencies, if: ifSchema, then, else: elseSchema, ...rest } = schema;
  let out: Normalised = {};
  if (typeof $ref === 'string') {
    // A recursive schema cannot be drawn as a finite form: that field becomes JSON.
    if (refs.includes($ref)) return { [UNRENDERABLE]: 'recursive reference' };
    out = normalise(resolveRef($ref, root), root, [...refs, $ref]);
  }
  out = merge(out, rest as Normalised);
  if (ifSchema !== undefined) {
    out.conditionals = [...(out.conditionals ?? []), { if: ifSchema, then, else: elseSchema }];
  }
  if (isObject(dependencies)) {
    for (const [key, dep] of Object.entries(dependencies)) {
      if (Array.isArray(dep)) out = merge(out, { dependentRequired: { [key]: dep.filter((d) => typeof d === 'string') } });
      else out = merge(out, { dependentSchemas: { [key]: dep } });
    }
  }
  if (Array.isArray(allOf)) {
    for (const member of allOf) out = merge(out, normalise(member, root, refs));
  }
  return out;
}

/** Merges two normalised schemas as `allOf` would: properties and requirements add up. */
export function merge(a: Normalised, b: Normalised): Normalised {
  const out: Normalised = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    if (key === 'properties' && isObject(existing) && isObject(value)) {
      const props: Schema = { ...existing };
      for (const [name, sub] of Object.entries(value)) {
        setOwn(props, name, Object.hasOwn(props, name) ? { allOf: [getOwn(props, name), sub] } : sub);
      }
      out.properties = props;
    } else if (key === 'required' && Array.isArray(existing) && Array.isArray(value)) {
      out.required = [...new Set([...existing, ...value])];
    } else if (key === 'conditionals' && Array.isArray(existing) && Array.isArray(value)) {
      out.conditionals = [...(existing as Conditional[]), ...(value as Conditional[])];
    } else if (key === 'dependentRequired' && isObject(existing) && isObject(value)) {
      const deps: Record<string, string[]> = { ...(existing as Record<string, string[]>) };
      for (const [name, list] of Object.entries(value as Record<string, string[]>)) {
        setOwn(deps, name, [...new Set([...((getOwn(deps, name) as string[] | undefined) ?? []), ...list])]);
      }
      out.dependentRequired = deps;
    } else if (key === 'dependentSchemas' && isObject(existing) && isObject(value)) {
      const deps: Record<string, unknown> = { ...existing };
      for (const [name, sub] of Object.entries(value)) {
        setOwn(deps, name, Object.hasOwn(deps, name) ? { allOf: [getOwn(deps, name), sub] } : sub);
      }
      out.dependentSchemas = deps;
    } else if (key === 'type' && existing !== undefined) {
      const left = typeList(existing);
      const right = typeList(value);
      const both = left.filter((t) => right.includes(t) || (t === 'integer' && right.includes('number')));
      for (const t of right) if (t === 'integer' && left.includes('number') && !both.includes(t)) both.push(t);
      out.type = both.length === 1 ? both[0] : both;
    } else {
      setOwn(out, key, value);
    }
  }
  return out;
}

/** The `type` keyword as a list (absent → empty). */
export function typeList(type: unknown): string[] {
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Which JSON Schema draft a root schema declares: draft-07 (and older) or 2020-12 (the default). */
export function schemaDraft(root: Schema): '7' | '2019-09' | '2020-12' {
  const id = typeof root.$schema === 'string' ? root.$schema : '';
  if (/draft-0[4-7]/.test(id)) return '7';
  if (/2019-09/.test(id)) return '2019-09';
  return '2020-12';
}

/**
 * Finds what makes a schema unusable before the user types anything: a `$ref` that does not resolve
 * and a `pattern` that is not an ECMA-262 regex with the `u` flag. Otherwise the validator would
 * only fail once a value reaches that spot, leaving a form that can never be submitted.
 */
export function checkSchema(root: Schema): void {
  const seen = new Set<unknown>();
  const walk = (node: unknown, inValues: boolean) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inValues));
    for (const [key, value] of Object.entries(node)) {
      // `const`, `enum`, `default` and `examples` hold data, not schemas.
      if (!inValues && key === '$ref' && typeof value === 'string') resolveRef(value, root);
      if (!inValues && key === 'pattern' && typeof value === 'string') {
        try {
          new RegExp(value, 'u');
        } catch {
          throw new SchemaError(`The pattern "${value}" is not a valid regular expression.`);
        }
      }
      const data = !inValues && (key === 'const' || key === 'enum' || key === 'default' || key === 'examples');
      // Under `properties` (and similar maps) the keys are names, so "pattern" there is a property.
      walk(value, inValues || data);
    }
  };
  walk(root, false);
}

/** Schema inspection: what one normalised subschema asks for (its type, its choices, whether it is secret, its placeholder). */
import { isObject, type JsonValue } from './json.js';
import { normalise, typeList, UNRENDERABLE, type Normalised, type Schema } from './schema.js';
import type { ChoiceOption } from './fields.js';

/** A non-blank string, else undefined (a blank `title` or `description` is no title). */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** True when a schema marks its value secret: `writeOnly`, `format: password` or `x-secret`. */
export function isSecretSchema(s: Schema): boolean {
  return s.writeOnly === true || s.format === 'password' || s['x-secret'] === true;
}

/** The labelled choices of an `enum` or of a `oneOf`/`anyOf` of consts; undefined when the schema is not a choice. */
export function choicesOf(s: Normalised): ChoiceOption[] | undefined {
  if (Array.isArray(s.enum)) {
    const names = Array.isArray(s['x-enum-titles']) ? (s['x-enum-titles'] as unknown[]) : [];
    return s.enum
      .filter((v) => v !== null)
      .map((v, i) => ({ value: v as JsonValue, label: choiceLabel(typeof names[i] === 'string' ? (names[i] as string) : String(typeof v === 'object' ? JSON.stringify(v) : v)) }));
  }
  const list = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  if (list && list.length > 0 && list.every((o) => isObject(o) && ('const' in o || o.type === 'null'))) {
    return list
      .filter((o) => isObject(o) && 'const' in o && o.const !== null)
      .map((o) => {
        const option = o as Schema;
        return { value: option.const as JsonValue, label: choiceLabel(text(option.title) ?? String(typeof option.const === 'object' ? JSON.stringify(option.const) : option.const)) };
      });
  }
  return undefined;
}

/** A choice needs a visible name even when its value is "" or blank. */
function choiceLabel(label: string): string {
  return label.trim() === '' ? '(empty)' : label;
}

/** True when `null` is an allowed value (a type list, or a null member of `oneOf`/`anyOf`). */
export function isNullable(s: Normalised): boolean {
  if (typeList(s.type).includes('null')) return true;
  const list = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : [];
  return list.some((o) => isObject(o) && (o.type === 'null' || o.const === null));
}

/** `anyOf: [X, {type: null}]` (what OpenAPI generators emit for a nullable X) → X. */
export function unwrapNullable(s: Normalised, root: Schema): Normalised {
  const key = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
  if (!key) return s;
  const list = s[key] as unknown[];
  const nonNull = list.filter((o) => !(isObject(o) && o.type === 'null'));
  if (nonNull.length !== 1 || nonNull.length === list.length) return s;
  const { [key]: _drop, ...rest } = s;
  return { ...normalise(nonNull[0], root), ...rest };
}

/** The one scalar type a schema asks for, inferred where `type` is absent; undefined when it is not one. */
export function mainType(s: Normalised): string | undefined {
  const types = typeList(s.type).filter((t) => t !== 'null');
  if (types.length === 1) return types[0] === 'integer' ? 'integer' : types[0];
  if (types.length === 2 && types.includes('number') && types.includes('integer')) return 'number';
  if (types.length > 1) return undefined;
  if (typeList(s.type).length === 1) return 'null';
  if (isObject(s.properties) || isObject(s.additionalProperties)) return 'object';
  if (s.items !== undefined) return 'array';
  if (typeof s.format === 'string' || typeof s.pattern === 'string' || typeof s.minLength === 'number' || typeof s.maxLength === 'number') return 'string';
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((k) => typeof s[k] === 'number')) return 'number';
  return undefined;
}

/** Keywords whose meaning a form cannot show: their field falls back to JSON. */
export const UNSUPPORTED = ['not', 'patternProperties', 'prefixItems', 'contains', 'unevaluatedProperties', 'propertyNames', 'minProperties', 'maxProperties', UNRENDERABLE];

/** The first example, as an input placeholder. */
export function placeholderOf(s: Normalised): string | undefined {
  const example = Array.isArray(s.examples) ? s.examples[0] : undefined;
  return typeof example === 'string' || typeof example === 'number' ? String(example) : undefined;
}

/**
 * What a connection must not contain: the values of an option's secret fields (SPEC "Security
 * rules" 1; the reference handler refuses a hook's connection that holds one). A field is secret
 * when any schema that may apply to its place says so (`writeOnly`, `format: password`,
 * `x-secret`), whatever its type: a secret object or list makes every value inside it secret.
 */
import { isObject, type JsonObject, type JsonValue } from '../core/json.js';

type Schema = Record<string, unknown>;

// Deeper than the validator walks (64): anything past it is treated as secret rather than missed.
const MAX_DEPTH = 64;
// Shorter secrets are compared whole: "1234" inside a date or an ID is not a leak.
const MIN_SUBSTRING = 4;

const isSecret = (s: Schema) => s.writeOnly === true || s.format === 'password' || s['x-secret'] === true;

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let at: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(at) || !Object.hasOwn(at, segment)) return undefined;
    at = at[segment];
  }
  return isObject(at) ? (at as Schema) : undefined;
}

/** Every schema that may apply at this place: the schema itself, its `$ref` target and its applicator members, conservatively (all branches). */
function applicable(root: Schema, schema: unknown, seen = new Set<Schema>()): Schema[] {
  if (!isObject(schema) || seen.has(schema as Schema)) return [];
  const s = schema as Schema;
  seen.add(s);
  const out = [s];
  if (typeof s.$ref === 'string') out.push(...applicable(root, resolveRef(root, s.$ref), seen));
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[key])) for (const member of s[key] as unknown[]) out.push(...applicable(root, member, seen));
  for (const key of ['then', 'else']) out.push(...applicable(root, s[key], seen));
  for (const key of ['dependentSchemas', 'dependencies']) if (isObject(s[key])) for (const member of Object.values(s[key] as object)) out.push(...applicable(root, member, seen));
  return out;
}

function leaves(value: JsonValue, out: string[]): void {
  if (typeof value === 'string') {
    if (value !== '') out.push(value);
  } else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (isObject(value)) for (const v of Object.values(value)) leaves(v as JsonValue, out);
}

/** The values (as strings) of the secret fields in `fields`, for the option's `schema`. */
export function secretValues(schema: Schema | undefined, fields: JsonObject): string[] {
  const out: string[] = [];
  if (!schema) return out;
  const walk = (value: JsonValue, schemas: Schema[], depth: number) => {
    if (depth > MAX_DEPTH || schemas.some(isSecret)) return leaves(value, out);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const next: Schema[] = [];
        for (const s of schemas) {
          const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as unknown[]) : Array.isArray(s.items) ? (s.items as unknown[]) : undefined;
          if (prefix && i < prefix.length) next.push(...applicable(schema, prefix[i]));
          else if (isObject(s.items)) next.push(...applicable(schema, s.items));
          else if (prefix && isObject(s.additionalItems)) next.push(...applicable(schema, s.additionalItems));
        }
        walk(item, next, depth + 1);
      });
    } else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        const next: Schema[] = [];
        for (const s of schemas) {
          const props = isObject(s.properties) ? (s.properties as Record<string, unknown>) : {};
          let matched = Object.hasOwn(props, key);
          if (matched) next.push(...applicable(schema, props[key]));
          if (isObject(s.patternProperties)) {
            for (const [pattern, sub] of Object.entries(s.patternProperties as object)) {
              try {
                if (new RegExp(pattern, 'u').test(key)) {
                  matched = true;
                  next.push(...applicable(schema, sub));
                }
              } catch {
                // An invalid pattern fails at creation; nothing to match here.
              }
            }
          }
          if (!matched && isObject(s.additionalProperties)) next.push(...applicable(schema, s.additionalProperties));
        }
        walk(item as JsonValue, next, depth + 1);
      }
    }
  };
  walk(fields, applicable(schema, schema), 0);
  return [...new Set(out)];
}

/** True when any key or value of `connection` holds one of `secrets` (whole, or inside a longer string for secrets of 4+ characters). */
export function containsSecret(connection: unknown, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  const texts: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'number') texts.push(String(value));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (isObject(value))
      for (const [k, v] of Object.entries(value)) {
        texts.push(k);
        collect(v);
      }
  };
  collect(connection);
  return secrets.some((secret) => texts.some((text) => (secret.length >= MIN_SUBSTRING ? text.includes(secret) : text === secret)));
}

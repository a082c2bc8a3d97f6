/**
 * Server-side validation of `fields` against an option's schema, with the widget's rules: JSON
 * Schema as ajv reads it (2020-12 by default, draft-07 or 2019-09 when `$schema` says so, the same
 * choice as the widget's `schemaDraft`), plus "unknown fields rejected" at every object level even
 * where the schema does not say `additionalProperties: false`. A server has no CSP, so ajv's
 * compiled validators are fine here.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import Ajv2019 from 'ajv/dist/2019.js';
import AjvDraft7, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isObject } from '../core/json.js';
import { schemaDraft } from '../core/schema.js';
import type { FieldError } from './errors.js';
import { FORMAT_HINTS, messageFor as limitMessage } from '../core/messages.js';

type Schema = Record<string, unknown>;

// The widget's extensions: annotations only, declared so that ajv's strict mode accepts them.
const EXTENSIONS = ['x-order', 'x-widget', 'x-help-uri', 'x-secret', 'x-enum-titles'];
const MAX_DEPTH = 64;

const AJV_OPTIONS: Options = {
  allErrors: true,
  // Unknown keywords are annotations, as JSON Schema and the widget's validator read them: real
  // connector schemas carry OpenAPI's `example`, `nullable`, `discriminator`, which strict mode would
  // refuse at startup. Schemas are still checked against their meta-schema (`type: "strng"` throws).
  strictSchema: false,
  strictNumbers: true,
  // Type-inference lints would refuse real connector schemas (`type: ["string", "null"]`).
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  // A library does not write to the host's console.
  logger: false,
};

const TYPE_HINTS: Record<string, string> = {
  string: 'Enter text',
  number: 'Enter a number, like 42 or 3.5',
  integer: 'Enter a whole number, like 42',
  boolean: 'Choose true or false',
  object: 'Enter a group of values',
  array: 'Enter a list of values',
  null: 'Leave this field empty',
};

/** Lower wins when several problems hit one field; `anyOf`/`oneOf` only say "a member failed". */
const RANK = ['unknown', 'readOnly', 'required', 'dependentRequired', 'dependencies', 'type', 'format', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'const', 'enum'];
const rank = (keyword: string) => (RANK.includes(keyword) ? RANK.indexOf(keyword) : RANK.length);

/** A human sentence for one ajv error. Never includes the value (it may be a secret). */
function messageFor(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const n = typeof p.limit === 'number' ? p.limit : Number(p.limit);
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
    case 'dependencies':
      return 'This field is required';
    case 'type': {
      const types = String(p.type).split(',').filter((t) => t !== 'null');
      return TYPE_HINTS[types[0] ?? 'null'] ?? 'Enter a value of the expected type';
    }
    case 'format':
      return FORMAT_HINTS[String(p.format)] ?? 'Enter a value in the expected format';
    case 'minLength':
      return n <= 1 ? 'This field is required' : limitMessage({ keyword: 'minLength', limit: n }, undefined);
    case 'pattern':
      return 'Enter a value in the expected format';
    case 'multipleOf':
      return limitMessage({ keyword: 'multipleOf', limit: Number(p.multipleOf) }, undefined);
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
      // The same sentences as in the browser: they name no field, so they read the same without one.
      return limitMessage({ keyword: error.keyword, limit: n }, undefined);
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return 'Choose one of the allowed values';
    case 'additionalProperties':
    case 'unevaluatedProperties':
    case 'false schema':
      return 'This field is not part of the form';
    default:
      return 'Check this value';
  }
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The pointer an ajv error is about: `required` and friends name the missing property from its parent. */
function pointerOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const name = p.missingProperty ?? p.additionalProperty ?? p.unevaluatedProperty;
  return typeof name === 'string' ? `${error.instancePath}/${escapeSegment(name)}` : error.instancePath;
}

/** Every `x-*` keyword and every `format` name used anywhere in the schema. */
function scan(schema: unknown): { extensions: Set<string>; formats: Set<string> } {
  const extensions = new Set<string>();
  const formats = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [key, value] of Object.entries(node)) {
      // ajv only accepts keyword names of this shape; a property *named* x-foo.bar is not a keyword anyway.
      if (/^x-[a-z0-9_$:-]*$/i.test(key)) extensions.add(key);
      if (key === 'format' && typeof value === 'string') formats.add(value);
      walk(value);
    }
  };
  walk(schema);
  return { extensions, formats };
}

function resolveLocalRef(ref: string, root: Schema): unknown {
  if (!ref.startsWith('#')) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** The schemas that apply at one place in the instance: the schema, its `$ref` target, `allOf`/`anyOf`/`oneOf` members, `then`/`else`, dependent schemas. */
function expand(schemas: readonly unknown[], root: Schema): Schema[] {
  const out: Schema[] = [];
  const seen = new Set<unknown>();
  const add = (schema: unknown) => {
    if (!isObject(schema) || seen.has(schema)) return;
    seen.add(schema);
    out.push(schema);
    if (typeof schema.$ref === 'string') add(resolveLocalRef(schema.$ref, root));
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) list.forEach(add);
    }
    // `if` only tests; the properties it may add are those of `then`/`else`.
    add(schema.then);
    add(schema.else);
    for (const key of ['dependentSchemas', 'dependencies'] as const) {
      const deps = schema[key];
      if (isObject(deps)) Object.values(deps).forEach(add);
    }
  };
  schemas.forEach(add);
  return out;
}

function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

/**
 * Finds properties the form could not have produced: at every object level, a key that no applicable
 * schema declares (in `properties` or `patternProperties`) is unknown. Exceptions, as the widget
 * renders them: a key/value map (an `additionalProperties` schema and no `properties`) takes any key,
 * and a free-form object (no `properties` at all) is a JSON value. A `readOnly` field is never sent.
 */
function unknownFields(schemas: readonly unknown[], value: unknown, pointer: string, root: Schema, errors: Map<string, { rank: number; detail: string }>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const applicable = expand(schemas, root);
  if (isObject(value)) {
    const declaring = applicable.filter((s) => isObject(s.properties));
    const patterns = applicable.flatMap((s) =>
      isObject(s.patternProperties)
        ? Object.entries(s.patternProperties).flatMap(([source, sub]) => {
            const re = compilePattern(source);
            return re ? [[re, sub] as const] : [];
          })
        : [],
    );
    const maps = applicable.map((s) => s.additionalProperties).filter((a) => isObject(a));
    for (const key of Object.keys(value)) {
      const at = `${pointer}/${escapeSegment(key)}`;
      const subs: unknown[] = [];
      for (const s of declaring) {
        const props = s.properties as Schema;
        if (Object.hasOwn(props, key)) subs.push(props[key]);
      }
      for (const [re, sub] of patterns) if (re.test(key)) subs.push(sub);
      if (subs.length > 0) {
        if (expand(subs, root).some((s) => s.readOnly === true)) {
          errors.set(at, { rank: rank('readOnly'), detail: 'This field is read-only and cannot be sent' });
          continue;
        }
        unknownFields(subs, value[key], at, root, errors, depth + 1);
      } else if (declaring.length > 0) {
        errors.set(at, { rank: rank('unknown'), detail: 'This field is not part of the form' });
      } else if (maps.length > 0) {
        unknownFields(maps, value[key], at, root, errors, depth + 1);
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const subs: unknown[] = [];
      for (const s of applicable) {
        const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
        if (index < prefix.length) subs.push(prefix[index]);
        else if (isObject(s.items)) subs.push(s.items);
        else if (isObject(s.additionalItems)) subs.push(s.additionalItems);
      }
      if (subs.length > 0) unknownFields(subs, item, `${pointer}/${index}`, root, errors, depth + 1);
    });
  }
}

/** A compiled validator for one option's `fields`. */
export interface FieldsValidator {
  /** Problems with `fields`, each pointing into the request body (`/fields/...`); empty when valid. */
  validate(fields: unknown): FieldError[];
}

type AnyAjv = AjvDraft7 | Ajv2019 | Ajv2020;

function newAjv(draft: '7' | '2019-09' | '2020-12'): AnyAjv {
  const ajv = draft === '7' ? new AjvDraft7(AJV_OPTIONS) : draft === '2019-09' ? new Ajv2019(AJV_OPTIONS) : new Ajv2020(AJV_OPTIONS);
  addFormats(ajv);
  return ajv;
}

/**
 * A compiler for many options' schemas: one ajv instance per draft, shared, because compiling the
 * meta-schema costs an ajv instance most of its startup time (≈12 ms, against ≈3 ms per schema).
 * A schema whose `$id` another one already took gets an instance of its own.
 */
export function createFieldsCompiler(): (schema: Schema | undefined) => FieldsValidator {
  const shared = new Map<string, AnyAjv>();
  // ajv's getKeyword does not report keywords added without a definition: remember them.
  const declared = new WeakMap<AnyAjv, Set<string>>();
  return (schema) => {
    // No schema: the option asks nothing, so `fields` must be empty. A copy: the host changing its
    // definition object later cannot make the compiled check and the unknown-field walk disagree.
    const source: Schema = structuredClone(schema ?? { type: 'object', properties: {} });
    const draft = schemaDraft(source);
    // The class was picked from `$schema`; drop it so draft-04/06 identifiers do not need their meta-schemas.
    const { $schema: _ignored, ...withoutDialect } = source;
    const prepare = (ajv: AnyAjv) => {
      const { extensions, formats } = scan(source);
      const known = declared.get(ajv) ?? new Set<string>();
      declared.set(ajv, known);
      for (const keyword of new Set([...EXTENSIONS, ...extensions])) {
        if (!known.has(keyword)) ajv.addKeyword(keyword);
        known.add(keyword);
      }
      // `password` is a UI hint, and JSON Schema makes unknown formats annotations: accept any value for them.
      for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
      return ajv;
    };
    let ajv = shared.get(draft);
    if (!ajv) shared.set(draft, (ajv = newAjv(draft)));
    let check: ValidateFunction;
    const id = withoutDialect.$id ?? withoutDialect.id;
    if (typeof id === 'string' && ajv.getSchema(id)) {
      check = prepare(newAjv(draft)).compile(withoutDialect);
    } else {
      check = prepare(ajv).compile(withoutDialect);
    }
    return fieldsValidator(check, withoutDialect);
  };
}

/**
 * Compiles one option's schema (cache the result per connector and option). Throws when ajv cannot
 * compile it (a malformed keyword such as `type: "strng"`, a `$ref` that does not resolve, an
 * invalid regex), so a broken connector is found when the handler is created rather than when a
 * user first submits.
 */
export function compileFieldsValidator(schema: Schema | undefined): FieldsValidator {
  return createFieldsCompiler()(schema);
}

function fieldsValidator(check: ValidateFunction, withoutDialect: Schema): FieldsValidator {
  return {
    validate(fields: unknown): FieldError[] {
      const found = new Map<string, { rank: number; detail: string }>();
      const note = (pointer: string, keyword: string, detail: string) => {
        const existing = found.get(pointer);
        if (!existing || existing.rank > rank(keyword)) found.set(pointer, { rank: rank(keyword), detail });
      };
      if (!check(fields)) {
        for (const error of check.errors ?? []) {
          // `if` only says "the then/else branch failed"; that branch's own errors are reported too.
          if (error.keyword === 'if') continue;
          const keyword = error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties' ? 'unknown' : error.keyword;
          note(pointerOf(error), keyword, messageFor(error));
        }
      }
      const extra = new Map<string, { rank: number; detail: string }>();
      unknownFields([withoutDialect], fields, '', withoutDialect, extra, 0);
      for (const [pointer, { rank: r, detail }] of extra) note(pointer, RANK[r] ?? 'unknown', detail);
      return [...found].map(([pointer, { detail }]) => ({ pointer: `/fields${pointer}`, detail }));
    },
  };
}

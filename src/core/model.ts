/**
 * Schema → field model. A form is a tree of fields derived from a JSON Schema and the current draft
 * (what the user has typed), because `if`/`then`/`else` and `dependent*` make fields appear and become
 * required as values change. Everything here is data: the element only renders it.
 */
import { Validator } from '@cfworker/json-schema';
import { getOwn, isObject, setOwn, type JsonValue } from './json.js';
import {
  normalise,
  SchemaError,
  checkSchema,
  safeHttpUrl,
  schemaDraft,
  toPointer,
  typeList,
  UNRENDERABLE,
  type Normalised,
  type Schema,
} from './schema.js';

/** A draft leaf or container: raw text for text/number/JSON inputs, booleans, choice indexes, nested drafts. */
export type Draft = string | boolean | undefined | DraftObject | Draft[] | [string, Draft][];
/** The draft of an object: one entry per property. */
export interface DraftObject {
  [key: string]: Draft;
}

/** A path into the draft: property names and row indexes. */
export type Path = (string | number)[];

interface FieldBase {
  /** Where the field's draft lives. */
  path: Path;
  /** JSON pointer of the field's value inside the collected value (map rows use their key). */
  pointer: string;
  /** A DOM id, unique within one form, made of safe characters only. */
  id: string;
  /** The property name (or row number). */
  key: string;
  /** The visible label: `title`, else the key made readable. */
  label: string;
  description?: string;
  helpUri?: string;
  required: boolean;
  readOnly: boolean;
  schema: Normalised;
}

/** A single-line or multi-line text input. */
export interface TextField extends FieldBase {
  kind: 'text';
  secret: boolean;
  multiline: boolean;
  inputType: 'text' | 'email' | 'url';
  format?: string;
  placeholder?: string;
}
/** A number typed as text (so that "1e" can get a clear message instead of vanishing). */
export interface NumberField extends FieldBase {
  kind: 'number';
  integer: boolean;
  placeholder?: string;
}
/** A checkbox, or a switch with `x-widget: switch`. */
export interface BooleanField extends FieldBase {
  kind: 'boolean';
  widget: 'checkbox' | 'switch';
}
/** One labelled choice among `enum` values or `oneOf`/`anyOf` consts. */
export interface ChoiceOption {
  value: JsonValue;
  label: string;
}
/** A select or a radio group. */
export interface ChoiceField extends FieldBase {
  kind: 'choice';
  options: ChoiceOption[];
  widget: 'select' | 'radio';
}
/** A nested object, drawn as a fieldset. */
export interface ObjectField extends FieldBase {
  kind: 'object';
  fields: Field[];
}
/** An array of scalars (a list editor) or of objects (a repeatable group). */
export interface ListField extends FieldBase {
  kind: 'list';
  itemLabel: string;
  rows: Field[];
  minItems: number;
  maxItems: number;
}
/** One key/value row of a map editor. */
export interface MapRow {
  keyId: string;
  keyPath: Path;
  value: Field;
}
/** An object whose keys the user chooses (`additionalProperties` schema, no `properties`). */
export interface MapField extends FieldBase {
  kind: 'map';
  itemLabel: string;
  rows: MapRow[];
}
/** The fallback for a construct the renderer does not draw: a JSON text area. */
export interface JsonField extends FieldBase {
  kind: 'json';
}
/** A value that is sent but not shown: `const`, `x-widget: hidden`, or a host-fixed value. */
export interface FixedField extends FieldBase {
  kind: 'fixed';
  value: JsonValue | undefined;
}

/** Any field of the model. */
export type Field = TextField | NumberField | BooleanField | ChoiceField | ObjectField | ListField | MapField | JsonField | FixedField;

/** What the model is built from besides the schema. */
export interface ModelOptions {
  /** Initial values (secrets in it are ignored: they are never prefilled). */
  values?: Record<string, unknown>;
  /** Top-level keys whose value the host fixes: not shown, sent as given. */
  fixed?: Record<string, JsonValue>;
}

/** The form: the root object field and an index of every field by id. */
export interface FormModel {
  root: ObjectField;
  rootSchema: Schema;
  byId: Map<string, Field>;
}

const LONG_OPTIONS = 4;
const MAX_NESTING = 12;

const ACRONYMS: Record<string, string> = { id: 'ID', url: 'URL', uri: 'URI', api: 'API', aws: 'AWS', iam: 'IAM', arn: 'ARN', oauth: 'OAuth', sso: 'SSO', ip: 'IP', ssh: 'SSH', jwt: 'JWT' };

/** "clientSecret" / "client_secret" / "client-secret" → "Client secret". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((w, i) => ACRONYMS[w.toLowerCase()] ?? (/^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : i === 0 ? w : w.toLowerCase()));
  const text = words.join(' ');
  // A property named "" or "  " still needs a visible label: an unlabelled control is unusable.
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : 'Unnamed field';
}

function idFor(path: Path): string {
  // Each segment hex-escaped so that any property name yields a valid, collision-free id.
  return 'f' + path.map((s) => '-' + [...String(s)].map((c) => (/[A-Za-z0-9]/.test(c) ? c : '_' + c.codePointAt(0)!.toString(16) + '_')).join('')).join('');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** True when a schema marks its value secret: `writeOnly`, `format: password` or `x-secret`. */
export function isSecretSchema(s: Schema): boolean {
  return s.writeOnly === true || s.format === 'password' || s['x-secret'] === true;
}

function choicesOf(s: Normalised): ChoiceOption[] | undefined {
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
        return { value: option.const as JsonValue, label: choiceLabel(str(option.title) ?? String(typeof option.const === 'object' ? JSON.stringify(option.const) : option.const)) };
      });
  }
  return undefined;
}

/** A choice needs a visible name even when its value is "" or blank. */
function choiceLabel(label: string): string {
  return label.trim() === '' ? '(empty)' : label;
}

function isNullable(s: Normalised): boolean {
  if (typeList(s.type).includes('null')) return true;
  const list = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : [];
  return list.some((o) => isObject(o) && (o.type === 'null' || o.const === null));
}

/** `anyOf: [X, {type: null}]` (what OpenAPI generators emit for a nullable X) → X. */
function unwrapNullable(s: Normalised, root: Schema): Normalised {
  const key = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
  if (!key) return s;
  const list = s[key] as unknown[];
  const nonNull = list.filter((o) => !(isObject(o) && o.type === 'null'));
  if (nonNull.length !== 1 || nonNull.length === list.length) return s;
  const { [key]: _drop, ...rest } = s;
  return { ...normalise(nonNull[0], root), ...rest };
}

/** The one scalar type a schema asks for, inferred where `type` is absent; undefined when it is not one. */
function mainType(s: Normalised): string | undefined {
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
const UNSUPPORTED = ['not', 'patternProperties', 'prefixItems', 'contains', 'unevaluatedProperties', 'propertyNames', 'minProperties', 'maxProperties', UNRENDERABLE];

class Builder {
  readonly byId = new Map<string, Field>();
  private readonly draftVersion: '7' | '2019-09' | '2020-12';
  private readonly validators = new Map<unknown, Validator>();

  constructor(
    readonly root: Schema,
    readonly options: ModelOptions,
  ) {
    this.draftVersion = schemaDraft(root);
  }

  /** Evaluates an `if` subschema against a value, with the root's definitions in reach of its `$ref`s. */
  matches(schema: unknown, value: unknown): boolean {
    let validator = this.validators.get(schema);
    if (!validator) {
      const wrapped = isObject(schema) ? { ...schema, $defs: this.root.$defs, definitions: this.root.definitions } : schema;
      validator = new Validator(wrapped as Schema, this.draftVersion, true);
      this.validators.set(schema, validator);
    }
    try {
      return validator.validate(value).valid;
    } catch (e) {
      throw new SchemaError(`A condition in the schema cannot be evaluated: ${e instanceof Error ? e.message.split('.')[0] : 'unknown error'}.`);
    }
  }

  /** An object schema with its conditionals applied for the given value of the object. */
  effective(s: Normalised, value: Record<string, JsonValue> | undefined, depth = 0): Normalised {
    const { conditionals, dependentRequired, dependentSchemas, ...base } = s;
    let out: Normalised = base;
    const v = value ?? {};
    const add = (branch: unknown) => {
      if (branch === undefined || depth > 8) return;
      const n = normalise(branch, this.root);
      // Only the parts of a branch a form can show: its properties and requirements (and nested conditions).
      out = mergeObjectParts(out, this.effective(n, value, depth + 1));
    };
    for (const c of conditionals ?? []) add(this.matches(c.if, v) ? c.then : c.else);
    for (const [key, list] of Object.entries(dependentRequired ?? {})) {
      if (getOwn(v, key) !== undefined) out = mergeObjectParts(out, { required: list });
    }
    for (const [key, sub] of Object.entries(dependentSchemas ?? {})) {
      if (getOwn(v, key) !== undefined) add(sub);
    }
    return out;
  }

  object(s: Normalised, path: Path, draft: DraftObject, meta: Meta): ObjectField {
    // Conditions depend on the object's own value; iterate until the set of fields is stable.
    let eff = this.effective(s, undefined);
    let node = this.objectNode(eff, path, draft, meta);
    for (let pass = 0; pass < 4 && (s.conditionals || s.dependentRequired || s.dependentSchemas); pass++) {
      const value = collectObjectValue(node, draft);
      const next = this.effective(s, value);
      if (shapeOf(next) === shapeOf(eff)) break;
      eff = next;
      node = this.objectNode(eff, path, draft, meta);
    }
    return node;
  }

  private objectNode(s: Normalised, path: Path, draft: DraftObject, meta: Meta): ObjectField {
    const required = new Set(Array.isArray(s.required) ? s.required.filter((r) => typeof r === 'string') : []);
    const props = isObject(s.properties) ? s.properties : {};
    const keys = Object.keys(props);
    const order = (k: string) => {
      const p = getOwn(props, k);
      const o = isObject(p) ? p['x-order'] : undefined;
      return typeof o === 'number' ? o : Number.POSITIVE_INFINITY;
    };
    keys.sort((a, b) => order(a) - order(b) || keys.indexOf(a) - keys.indexOf(b));
    const fields: Field[] = [];
    const isRoot = path.length === 0;
    for (const key of keys) {
      const childPath = [...path, key];
      if (isRoot && this.options.fixed && Object.hasOwn(this.options.fixed, key)) {
        fields.push(this.register(fixed(childPath, key, getOwn(this.options.fixed, key) as JsonValue, required.has(key))));
        continue;
      }
      const child = this.field(getOwn(props, key), childPath, draft, key, required.has(key));
      if (child) fields.push(child);
    }
    return this.register({ kind: 'object', fields, ...meta, schema: s, path, pointer: toPointer(path), id: idFor(path) });
  }

  private register<F extends Field>(field: F): F {
    this.byId.set(field.id, field);
    return field;
  }

  /** Builds the field for one property (or row) and makes sure its draft exists. */
  /** `$ref`s being expanded along the current chain of nested fields: seeing one again means recursion. */
  private readonly activeRefs: string[] = [];

  field(raw: unknown, path: Path, parent: DraftObject | Draft[] | [string, Draft][], key: string, required: boolean, pointerPath: Path = path): Field {
    const ref = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined;
    if (ref) this.activeRefs.push(ref);
    try {
      return this.fieldOf(raw, path, parent, key, required, pointerPath, ref !== undefined && this.activeRefs.indexOf(ref) < this.activeRefs.length - 1);
    } finally {
      if (ref) this.activeRefs.pop();
    }
  }

  private fieldOf(raw: unknown, path: Path, parent: DraftObject | Draft[] | [string, Draft][], key: string, required: boolean, pointerPath: Path, recursive: boolean): Field {
    let s: Normalised;
    try {
      // A recursive schema has no finite form; very deep nesting is not a form a person fills in.
      s = recursive || path.length > MAX_NESTING ? { [UNRENDERABLE]: 'recursive' } : unwrapNullable(normalise(raw, this.root), this.root);
    } catch {
      s = { [UNRENDERABLE]: 'bad subschema' };
    }
    const slot = path[path.length - 1] as string | number;
    const holder = parent as Record<string | number, Draft>;
    const meta: Meta = {
      key,
      label: str(s.title) ?? humanize(key),
      description: str(s.description),
      helpUri: safeHttpUrl(s['x-help-uri']),
      required,
      readOnly: s.readOnly === true,
    };
    const base = { ...meta, schema: s, path, pointer: toPointer(pointerPath), id: idFor(path) };
    const initial = this.initialValue(pointerPath, s);

    if ('const' in s) return this.register(fixed(path, key, s.const as JsonValue, required, pointerPath));
    if (s['x-widget'] === 'hidden') return this.register(fixed(path, key, (initial ?? s.default) as JsonValue, required, pointerPath));

    const unsupported = UNSUPPORTED.some((k) => k in s);
    const choices = unsupported ? undefined : choicesOf(s);
    if (choices) {
      // A required enum with one value is a constant the user cannot change: send it, don't ask.
      if (choices.length === 1 && required && !isNullable(s)) return this.register(fixed(path, key, choices[0]!.value, required, pointerPath));
      if (getOwn(holder, slot) === undefined) {
        const want = initial ?? s.default;
        const index = choices.findIndex((c) => JSON.stringify(c.value) === JSON.stringify(want));
        setOwn(holder, slot, index >= 0 ? String(index) : '');
      }
      const widget = s['x-widget'] === 'radio' ? 'radio' : s['x-widget'] === 'select' ? 'select' : choices.length <= LONG_OPTIONS ? 'radio' : 'select';
      return this.register({ kind: 'choice', options: choices, widget, ...base });
    }

    const type = unsupported ? undefined : mainType(s);
    switch (type) {
      case 'string': {
        const secret = isSecretSchema(s);
        // Secrets are never prefilled, whatever `values` or `default` say.
        if (getOwn(holder, slot) === undefined) setOwn(holder, slot, secret ? '' : scalarText(initial ?? s.default));
        const format = typeof s.format === 'string' ? s.format : undefined;
        const inputType = format === 'email' ? 'email' : format === 'uri' || format === 'url' ? 'url' : 'text';
        return this.register({
          kind: 'text',
          secret,
          multiline: s['x-widget'] === 'textarea',
          inputType,
          format,
          placeholder: placeholderOf(s),
          ...base,
        });
      }
      case 'number':
      case 'integer':
        if (getOwn(holder, slot) === undefined) setOwn(holder, slot, scalarText(initial ?? s.default));
        return this.register({ kind: 'number', integer: type === 'integer', placeholder: placeholderOf(s), ...base });
      case 'boolean': {
        if (getOwn(holder, slot) === undefined) {
          const v = initial ?? s.default;
          setOwn(holder, slot, typeof v === 'boolean' ? v : false);
        }
        return this.register({ kind: 'boolean', widget: s['x-widget'] === 'switch' ? 'switch' : 'checkbox', ...base });
      }
      case 'object': {
        const props = isObject(s.properties) ? s.properties : undefined;
        if (!props && isObject(s.additionalProperties)) return this.map(s, base, holder, slot, initial);
        if (!props && s.additionalProperties !== false && !s.conditionals) break; // free-form object → JSON
        if (!isObject(getOwn(holder, slot)) || Array.isArray(getOwn(holder, slot))) setOwn(holder, slot, {});
        return this.object(s, path, getOwn(holder, slot) as DraftObject, meta);
      }
      case 'array':
        return this.list(s, base, holder, slot, initial) ?? this.json(base, holder, slot, initial ?? s.default);
    }
    return this.json(base, holder, slot, initial ?? s.default);
  }

  private json(base: Omit<JsonField, 'kind'>, holder: Record<string | number, Draft>, slot: string | number, initial: unknown): JsonField {
    if (getOwn(holder, slot) === undefined || typeof getOwn(holder, slot) !== 'string') {
      setOwn(holder, slot, initial === undefined ? '' : JSON.stringify(initial, null, 2));
    }
    return this.register({ kind: 'json', ...base });
  }

  private list(s: Normalised, base: Omit<ListField, 'kind' | 'rows' | 'itemLabel' | 'minItems' | 'maxItems'>, holder: Record<string | number, Draft>, slot: string | number, initial: unknown): ListField | undefined {
    if (!isObject(s.items) && s.items !== true && s.items !== undefined) return undefined;
    let item: Normalised;
    try {
      item = normalise(s.items ?? {}, this.root);
    } catch {
      return undefined;
    }
    const itemType = mainType(item);
    const scalar = choicesOf(item) !== undefined || ['string', 'number', 'integer', 'boolean'].includes(itemType ?? '');
    if (!scalar && itemType !== 'object') return undefined;
    if (!Array.isArray(getOwn(holder, slot))) {
      const source = Array.isArray(initial) ? initial : Array.isArray(s.default) ? s.default : [];
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      // Rows start from the initial values; a list that needs items starts with that many empty rows.
      const rows: Draft[] = source.map(() => undefined);
      while (rows.length < min) rows.push(undefined);
      setOwn(holder, slot, rows);
      this.seedRows(base.pointer, source);
    }
    const drafts = getOwn(holder, slot) as Draft[];
    const itemLabel = str(item.title) ?? base.label;
    const rows = drafts.map((_, i) => {
      const row = this.field(s.items ?? {}, [...base.path, i], drafts, String(i), false);
      row.label = `${itemLabel} ${i + 1}`;
      return row;
    });
    return this.register({
      kind: 'list',
      itemLabel,
      rows,
      minItems: typeof s.minItems === 'number' ? s.minItems : 0,
      maxItems: typeof s.maxItems === 'number' ? s.maxItems : Number.POSITIVE_INFINITY,
      ...base,
    });
  }

  private map(s: Normalised, base: Omit<MapField, 'kind' | 'rows' | 'itemLabel'>, holder: Record<string | number, Draft>, slot: string | number, initial: unknown): MapField {
    if (!Array.isArray(getOwn(holder, slot))) {
      const source = isObject(initial) ? initial : isObject(s.default) ? s.default : {};
      const entries: [string, Draft][] = Object.keys(source).map((k) => [k, undefined]);
      // A required map starts with one empty row, so that there is somewhere to type.
      if (entries.length === 0 && base.required) entries.push(['', undefined]);
      setOwn(holder, slot, entries);
      this.seedRows(base.pointer, source);
    }
    const entries = getOwn(holder, slot) as [string, Draft][];
    const valueSchema = s.additionalProperties;
    const itemLabel = base.label;
    const rows = entries.map((entry, i): MapRow => {
      const rowPath = [...base.path, i];
      const value = this.field(valueSchema, [...rowPath, 1], entry as unknown as Draft[], 'Value', true, [...base.path.map(String), entry[0]]);
      value.label = 'Value';
      // The value is needed only once a key is typed; collect() reports that case itself.
      value.required = false;
      return { keyId: idFor([...rowPath, 0]), keyPath: [...rowPath, 0], value };
    });
    return this.register({ kind: 'map', itemLabel, rows, ...base });
  }

  /** Initial values for rows are looked up by pointer: remember them until their fields are built. */
  private readonly seeded = new Map<string, unknown>();
  private seedRows(pointer: string, source: unknown) {
    if (Array.isArray(source)) source.forEach((v, i) => this.seeded.set(`${pointer}/${i}`, v));
    else if (isObject(source)) for (const [k, v] of Object.entries(source)) this.seeded.set(toPointer([...pointerSegments(pointer), k]), v);
  }

  private initialValue(path: Path, s: Normalised): unknown {
    if (isSecretSchema(s)) return undefined;
    const pointer = toPointer(path);
    if (this.seeded.has(pointer)) return this.seeded.get(pointer);
    let v: unknown = this.options.values;
    for (const seg of path) {
      if (Array.isArray(v)) v = v[Number(seg)];
      else if (isObject(v)) v = getOwn(v, String(seg));
      else return undefined;
    }
    return v;
  }
}

type Meta = Pick<FieldBase, 'key' | 'label' | 'description' | 'helpUri' | 'required' | 'readOnly'>;

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fixed(path: Path, key: string, value: JsonValue | undefined, required: boolean, pointerPath: Path = path): FixedField {
  return { kind: 'fixed', value, path, pointer: toPointer(pointerPath), id: idFor(path), key, label: humanize(key), required, readOnly: false, schema: {} };
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function placeholderOf(s: Normalised): string | undefined {
  const example = Array.isArray(s.examples) ? s.examples[0] : undefined;
  return typeof example === 'string' || typeof example === 'number' ? String(example) : undefined;
}

function mergeObjectParts(a: Normalised, b: Normalised): Normalised {
  const out: Normalised = { ...a };
  if (isObject(b.properties)) {
    const props: Schema = { ...(isObject(a.properties) ? a.properties : {}) };
    for (const [k, v] of Object.entries(b.properties)) setOwn(props, k, Object.hasOwn(props, k) ? { allOf: [getOwn(props, k), v] } : v);
    out.properties = props;
  }
  if (Array.isArray(b.required)) out.required = [...new Set([...(Array.isArray(a.required) ? a.required : []), ...b.required])];
  return out;
}

function shapeOf(s: Normalised): string {
  return JSON.stringify([Object.keys(isObject(s.properties) ? s.properties : {}), s.required ?? []]);
}

/**
 * Builds the model for a root schema and the current draft. Missing draft entries are filled with
 * their initial values (from `values`, else `default`), so the draft always matches the model.
 * Throws SchemaError for a schema that cannot be used at all.
 */
export function buildModel(rootSchema: unknown, draft: DraftObject, options: ModelOptions = {}): FormModel {
  if (!isObject(rootSchema)) throw new SchemaError('The form schema must be a JSON Schema object.');
  checkSchema(rootSchema);
  const builder = new Builder(rootSchema, options);
  const s = normalise(rootSchema, rootSchema);
  const type = mainType(s);
  if (type !== undefined && type !== 'object') throw new SchemaError('The form schema must describe an object.');
  const root = builder.object(s, [], draft, { key: '', label: str(s.title) ?? '', required: true, readOnly: false, description: str(s.description) });
  return { root, rootSchema, byId: builder.byId };
}

/** A problem found while collecting the draft (a number that isn't one, bad JSON, a duplicate key). */
export interface LocalError {
  id: string;
  kind: 'number' | 'integer' | 'json' | 'key-missing' | 'key-duplicate' | 'value-missing';
}

/** The value the form sends, and the problems found before validation. */
export interface Collected {
  value: Record<string, JsonValue>;
  errors: LocalError[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function get(draft: unknown, path: Path): Draft {
  let v: unknown = draft;
  for (const seg of path) {
    if (v === undefined || v === null || typeof v !== 'object') return undefined;
    v = getOwn(v, seg);
  }
  return v as Draft;
}

/** Reads the draft at a path. */
export function getDraft(draft: DraftObject, path: Path): Draft {
  return get(draft, path);
}

/** Writes the draft at a path (containers on the way must exist: the model made them). */
export function setDraft(draft: DraftObject, path: Path, value: Draft): void {
  let holder: unknown = draft;
  for (const seg of path.slice(0, -1)) holder = holder && typeof holder === 'object' ? getOwn(holder, seg) : undefined;
  if (holder && typeof holder === 'object') setOwn(holder, path[path.length - 1]!, value);
}

function collectField(field: Field, draft: DraftObject, errors: LocalError[]): JsonValue | undefined {
  if (field.readOnly && field.kind !== 'object') return undefined;
  const raw = get(draft, field.path);
  switch (field.kind) {
    case 'fixed':
      return field.value;
    case 'text':
      return typeof raw === 'string' && raw !== '' ? raw : undefined;
    case 'number': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text === '') return undefined;
      if (!NUMBER.test(text)) {
        errors.push({ id: field.id, kind: field.integer ? 'integer' : 'number' });
        return undefined;
      }
      return Number(text);
    }
    case 'boolean':
      return raw === true;
    case 'choice': {
      const option = typeof raw === 'string' && raw !== '' ? field.options[Number(raw)] : undefined;
      return option?.value;
    }
    case 'json': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text === '') return undefined;
      try {
        return JSON.parse(text) as JsonValue;
      } catch {
        errors.push({ id: field.id, kind: 'json' });
        return undefined;
      }
    }
    case 'object':
      return collectObject(field, draft, errors);
    case 'list': {
      const items = field.rows.map((row) => collectField(row, draft, errors)).filter((v) => v !== undefined);
      return items.length === 0 && !field.required ? undefined : items;
    }
    case 'map': {
      const out: Record<string, JsonValue> = {};
      const seen = new Set<string>();
      for (const row of field.rows) {
        const key = get(draft, row.keyPath);
        const k = typeof key === 'string' ? key.trim() : '';
        const value = collectField(row.value, draft, errors);
        if (k === '' && value === undefined) continue;
        if (k === '') errors.push({ id: row.keyId, kind: 'key-missing' });
        else if (seen.has(k)) errors.push({ id: row.keyId, kind: 'key-duplicate' });
        else if (value === undefined) errors.push({ id: row.value.id, kind: 'value-missing' });
        else setOwn(out, k, value);
        seen.add(k);
      }
      return Object.keys(out).length === 0 && !field.required ? undefined : out;
    }
  }
}

function collectObject(field: ObjectField, draft: DraftObject, errors: LocalError[]): Record<string, JsonValue> | undefined {
  const out: Record<string, JsonValue> = {};
  let filled = false;
  for (const child of field.fields) {
    const v = collectField(child, draft, errors);
    if (v === undefined) continue;
    setOwn(out, child.key, v);
    // Constants and unticked boxes don't make an optional object "filled in".
    if (child.kind !== 'fixed' && v !== false) filled = true;
  }
  if (!filled && !field.required && field.path.length > 0) return undefined;
  return out;
}

function collectObjectValue(field: ObjectField, draft: DraftObject): Record<string, JsonValue> | undefined {
  return collectObject({ ...field, required: true }, draft, []);
}

/** Collects the value to send: optional empties left out, numbers as numbers, readOnly left out. */
export function collect(model: FormModel, draft: DraftObject): Collected {
  const errors: LocalError[] = [];
  const value = collectObject(model.root, draft, errors) ?? {};
  return { value, errors };
}

/** Every field that draws a control, depth first, in display order (rows included). */
export function visibleFields(field: Field): Field[] {
  switch (field.kind) {
    case 'fixed':
      return [];
    case 'object':
      return field.fields.flatMap(visibleFields);
    case 'list':
      return [field, ...field.rows.flatMap(visibleFields)];
    case 'map':
      return [field, ...field.rows.flatMap((r) => visibleFields(r.value))];
    default:
      return [field];
  }
}

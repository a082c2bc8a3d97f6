/**
 * The one field walker: which fields exist for a schema and a value (conditionals, readOnly, hidden,
 * const, optional objects, lists, key/value maps), with their labels and initial drafts. The form
 * builds it from what the user typed; the server builds it from the value it received.
 */
import { childPointer, getOwn, isObject, pointerSegments, setOwn, toPointer, valueAt, type JsonValue } from './json.js';
import { effective, hasConditions, shapeOf } from './conditions.js';
import { collectObjectValue } from './draft.js';
import type { ChoicesField, Draft, DraftObject, Field, FieldBase, FormModel, JsonField, ListField, MapField, MapRow, ModelOptions, ObjectField, Path, FixedField } from './fields.js';
import { choicesOf, isNullable, isSecretSchema, mainType, placeholderOf, text, unwrapNullable, UNSUPPORTED } from './inspect.js';
import { humanize } from './labels.js';
import { MAX_CONDITION_PASSES, MAX_FIELD_DEPTH } from './limits.js';
import { httpUrl } from './url.js';
import { checkSchema, normalise, SchemaError, UNRENDERABLE, type Normalised, type Schema } from './schema.js';

/** Choices up to this many are radio buttons; more make a select. */
const LONG_OPTIONS = 4;

/** The DOM id of the field at a draft path. */
export function idFor(path: Path): string {
  // Each segment hex-escaped so that any property name yields a valid, collision-free id.
  return 'f' + path.map((s) => '-' + [...String(s)].map((c) => (/[A-Za-z0-9]/.test(c) ? c : '_' + c.codePointAt(0)!.toString(16) + '_')).join('')).join('');
}

class Builder {
  readonly unsettled: string[] = [];
  /** Ids of the objects whose fields depend on their values (conditions): an edit inside one may change the model. */
  readonly conditional = new Set<string>();

  constructor(
    readonly root: Schema,
    readonly options: ModelOptions,
    /** The whole draft: field paths start at its root, whichever object is being built. */
    private readonly rootDraft: DraftObject,
  ) {}

  object(s: Normalised, path: Path, draft: DraftObject, meta: Meta, pointerPath: Path = path): ObjectField {
    // Conditions depend on what the object would send; iterate until the set of fields is stable.
    // A received value starts from itself: the fields the form that sent it had settled on.
    const sent = this.options.received ? valueAt(this.options.values, pointerPath) : undefined;
    let eff = effective(s, isObject(sent) ? (sent as Record<string, JsonValue>) : undefined, this.root);
    let node = this.objectNode(eff, path, draft, meta, pointerPath);
    if (!hasConditions(s)) return node;
    this.conditional.add(node.id);
    for (let pass = 0; pass <= MAX_CONDITION_PASSES; pass++) {
      const next = effective(s, collectObjectValue(node, this.rootDraft), this.root);
      if (shapeOf(next) === shapeOf(eff)) return node;
      if (pass === MAX_CONDITION_PASSES) break;
      eff = next;
      node = this.objectNode(eff, path, draft, meta, pointerPath);
    }
    this.unsettled.push(node.pointer);
    return node;
  }

  private objectNode(s: Normalised, path: Path, draft: DraftObject, meta: Meta, pointerPath: Path): ObjectField {
    const required = new Set(Array.isArray(s.required) ? s.required.filter((r) => typeof r === 'string') : []);
    const props = isObject(s.properties) ? s.properties : {};
    const keys = Object.keys(props);
    const order = (k: string) => {
      const p = getOwn(props, k);
      const o = isObject(p) ? p['x-order'] : undefined;
      return typeof o === 'number' ? o : Number.POSITIVE_INFINITY;
    };
    // By `x-order`, then as written (Array#sort is stable; Infinity - Infinity is NaN, hence `|| 0`).
    keys.sort((a, b) => order(a) - order(b) || 0);
    const fields: Field[] = [];
    const isRoot = path.length === 0;
    for (const key of keys) {
      const childPath = [...path, key];
      const childPointerPath = [...pointerPath, key];
      if (isRoot && this.options.fixed && Object.hasOwn(this.options.fixed, key)) {
        fields.push(fixed(childPath, key, getOwn(this.options.fixed, key) as JsonValue, required.has(key)));
        continue;
      }
      const child = this.field(getOwn(props, key), childPath, draft, key, required.has(key), childPointerPath);
      if (child) fields.push(child);
    }
    return { kind: 'object', fields, ...meta, schema: s, path, pointer: toPointer(pointerPath), id: idFor(path) };
  }

  /** How many secret objects, lists or maps the field being built is inside: their fields are secret too. */
  private secretDepth = 0;

  /** Builds the children of a secret container as secrets. */
  private asSecret<T>(secret: boolean, build: () => T): T {
    if (!secret) return build();
    this.secretDepth++;
    try {
      return build();
    } finally {
      this.secretDepth--;
    }
  }

  /** `$ref`s being expanded along the current chain of nested fields: seeing one again means recursion. */
  private readonly activeRefs: string[] = [];

  /** Builds the field for one property (or row) and makes sure its draft exists. */
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
      s = recursive || path.length > MAX_FIELD_DEPTH ? { [UNRENDERABLE]: 'recursive' } : unwrapNullable(normalise(raw, this.root), this.root);
    } catch {
      s = { [UNRENDERABLE]: 'bad subschema' };
    }
    const slot = path[path.length - 1] as string | number;
    const holder = parent as Record<string | number, Draft>;
    const meta: Meta = {
      key,
      label: text(s.title) ?? humanize(key),
      description: text(s.description),
      helpUri: httpUrl(s['x-help-uri']),
      required,
      readOnly: s.readOnly === true,
    };
    // Secret by its own schema, or inside a secret object, list or map (docs/form.md, "Secret fields").
    const secret = isSecretSchema(s) || this.secretDepth > 0;
    const base = { ...meta, schema: s, path, pointer: toPointer(pointerPath), id: idFor(path), ...(secret ? { secret: true } : {}) };
    const initial = this.initialValue(pointerPath, s);

    if ('const' in s) return fixed(path, key, s.const as JsonValue, required, pointerPath);
    if (s['x-widget'] === 'hidden') return fixed(path, key, (initial ?? this.defaultOf(s)) as JsonValue, required, pointerPath);

    const unsupported = UNSUPPORTED.some((k) => k in s);
    const choices = unsupported ? undefined : choicesOf(s);
    if (choices) {
      // A required enum with one value is a constant the user cannot change: send it, don't ask.
      if (choices.length === 1 && required && !isNullable(s)) return fixed(path, key, choices[0]!.value, required, pointerPath);
      if (getOwn(holder, slot) === undefined) {
        const want = initial ?? this.defaultOf(s);
        const index = choices.findIndex((c) => JSON.stringify(c.value) === JSON.stringify(want));
        setOwn(holder, slot, index >= 0 ? String(index) : '');
      }
      // A secret choice is always a select: its chosen value is shown in the closed control only.
      const widget = secret ? 'select' : s['x-widget'] === 'radio' ? 'radio' : s['x-widget'] === 'select' ? 'select' : choices.length <= LONG_OPTIONS ? 'radio' : 'select';
      return { kind: 'choice', options: choices, widget, ...base };
    }

    const type = unsupported ? undefined : mainType(s);
    switch (type) {
      case 'string': {
        // Secrets are never prefilled, whatever `values` or `default` say.
        if (getOwn(holder, slot) === undefined) setOwn(holder, slot, secret && !this.options.received ? '' : scalarText(initial ?? this.defaultOf(s)));
        const format = typeof s.format === 'string' ? s.format : undefined;
        const inputType = format === 'email' ? 'email' : format === 'uri' || format === 'url' ? 'url' : 'text';
        return {
          kind: 'text',
          secret,
          multiline: s['x-widget'] === 'textarea',
          inputType,
          format,
          placeholder: placeholderOf(s),
          ...base,
        };
      }
      case 'number':
      case 'integer':
        if (getOwn(holder, slot) === undefined) setOwn(holder, slot, scalarText(initial ?? this.defaultOf(s)));
        return { kind: 'number', integer: type === 'integer', placeholder: placeholderOf(s), ...base };
      case 'boolean': {
        if (getOwn(holder, slot) === undefined) {
          const v = initial ?? this.defaultOf(s);
          setOwn(holder, slot, typeof v === 'boolean' ? v : false);
        }
        return { kind: 'boolean', widget: s['x-widget'] === 'switch' ? 'switch' : 'checkbox', ...base };
      }
      case 'object': {
        const props = isObject(s.properties) ? s.properties : undefined;
        if (!props && isObject(s.additionalProperties)) return this.asSecret(secret, () => this.map(s, base, holder, slot, initial));
        if (!props && s.additionalProperties !== false && !s.conditionals) break; // free-form object → JSON
        if (!isObject(getOwn(holder, slot)) || Array.isArray(getOwn(holder, slot))) setOwn(holder, slot, {});
        return this.asSecret(secret, () => ({ ...this.object(s, path, getOwn(holder, slot) as DraftObject, meta, pointerPath), ...(secret ? { secret: true } : {}) }));
      }
      case 'array':
        // An array of choices is a group of checkboxes, unless it is secret: a checkbox cannot be
        // masked, so a secret one stays a list of masked selects.
        return (
          (secret ? undefined : this.choices(s, base, holder, slot, initial)) ??
          this.asSecret(secret, () => this.list(s, base, holder, slot, initial)) ??
          this.json(base, holder, slot, initial ?? this.defaultOf(s))
        );
    }
    return this.json(base, holder, slot, initial ?? this.defaultOf(s));
  }

  private json(base: Omit<JsonField, 'kind'>, holder: Record<string | number, Draft>, slot: string | number, initial: unknown): JsonField {
    if (getOwn(holder, slot) === undefined || typeof getOwn(holder, slot) !== 'string') {
      setOwn(holder, slot, initial === undefined ? '' : JSON.stringify(initial, null, 2));
    }
    return { kind: 'json', ...base };
  }

  private list(
    s: Normalised,
    base: Omit<ListField, 'kind' | 'rows' | 'itemLabel' | 'minItems' | 'maxItems'>,
    holder: Record<string | number, Draft>,
    slot: string | number,
    initial: unknown,
  ): ListField | undefined {
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
      const source = Array.isArray(initial) ? initial : Array.isArray(this.defaultOf(s)) ? (this.defaultOf(s) as unknown[]) : [];
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      // Rows start from the initial values; a list that needs items starts with that many empty rows.
      const rows: Draft[] = source.map(() => undefined);
      while (rows.length < min) rows.push(undefined);
      setOwn(holder, slot, rows);
      this.seedRows(base.pointer, source);
    }
    const drafts = getOwn(holder, slot) as Draft[];
    const itemLabel = text(item.title) ?? base.label;
    const rows = drafts.map((_, i) => {
      const row = this.field(s.items ?? {}, [...base.path, i], drafts, String(i), false, [...pointerSegments(base.pointer), i]);
      row.label = `${itemLabel} ${i + 1}`;
      return row;
    });
    return {
      kind: 'list',
      itemLabel,
      rows,
      minItems: typeof s.minItems === 'number' ? s.minItems : 0,
      maxItems: typeof s.maxItems === 'number' ? s.maxItems : Number.POSITIVE_INFINITY,
      ...base,
    };
  }

  /** An array of choices: one checkbox per option, the draft one boolean per option. */
  private choices(s: Normalised, base: Omit<ChoicesField, 'kind' | 'options'>, holder: Record<string | number, Draft>, slot: string | number, initial: unknown): ChoicesField | undefined {
    if (!isObject(s.items)) return undefined;
    let item: Normalised;
    try {
      item = unwrapNullable(normalise(s.items, this.root), this.root);
    } catch {
      return undefined;
    }
    if (UNSUPPORTED.some((k) => k in item)) return undefined;
    const options = choicesOf(item);
    if (!options || options.length === 0) return undefined;
    const draft = getOwn(holder, slot);
    if (!Array.isArray(draft) || draft.length !== options.length || !draft.every((d) => typeof d === 'boolean')) {
      const want = initial ?? this.defaultOf(s);
      const chosen = Array.isArray(want) ? want.map((v) => JSON.stringify(v)) : [];
      setOwn(
        holder,
        slot,
        options.map((o) => chosen.includes(JSON.stringify(o.value))),
      );
    }
    // Required when the array is, or when it needs at least one item.
    return { kind: 'choices', options, ...base, required: base.required || (typeof s.minItems === 'number' && s.minItems >= 1) };
  }

  private map(s: Normalised, base: Omit<MapField, 'kind' | 'rows' | 'itemLabel'>, holder: Record<string | number, Draft>, slot: string | number, initial: unknown): MapField {
    if (!Array.isArray(getOwn(holder, slot))) {
      const source = isObject(initial) ? initial : isObject(this.defaultOf(s)) ? (this.defaultOf(s) as Record<string, unknown>) : {};
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
      const value = this.field(valueSchema, [...rowPath, 1], entry as unknown as Draft[], 'Value', true, [...pointerSegments(base.pointer), entry[0]]);
      value.label = 'Value';
      // The value is needed only once a key is typed; collect() reports that case itself.
      value.required = false;
      return { keyId: idFor([...rowPath, 0]), keyPath: [...rowPath, 0], value };
    });
    return { kind: 'map', itemLabel, rows, ...base };
  }

  /** Initial values for rows are looked up by pointer: remember them until their fields are built. */
  private readonly seeded = new Map<string, unknown>();
  private seedRows(pointer: string, source: unknown) {
    if (Array.isArray(source)) source.forEach((v, i) => this.seeded.set(childPointer(pointer, i), v));
    else if (isObject(source)) for (const [k, v] of Object.entries(source)) this.seeded.set(childPointer(pointer, k), v);
  }

  /** The schema's `default`, except for a received value (what was not sent stays absent) and for a secret (never prefilled). */
  private defaultOf(s: Normalised): unknown {
    return this.options.received || isSecretSchema(s) || this.secretDepth > 0 ? undefined : s.default;
  }

  private initialValue(path: Path, s: Normalised): unknown {
    // Secrets are never prefilled in a form; a received value is walked whole.
    if ((isSecretSchema(s) || this.secretDepth > 0) && !this.options.received) return undefined;
    const pointer = toPointer(path);
    if (this.seeded.has(pointer)) return this.seeded.get(pointer);
    return valueAt(this.options.values, path);
  }
}

type Meta = Pick<FieldBase, 'key' | 'label' | 'description' | 'helpUri' | 'required' | 'readOnly'>;

/** Every field of the final tree by id (fields of a pass the conditions replaced are not in it). */
function indexFields(root: ObjectField): Map<string, Field> {
  const byId = new Map<string, Field>();
  const add = (field: Field) => {
    byId.set(field.id, field);
    if (field.kind === 'object') field.fields.forEach(add);
    else if (field.kind === 'list') field.rows.forEach(add);
    else if (field.kind === 'map') field.rows.forEach((r) => add(r.value));
  };
  add(root);
  return byId;
}

function fixed(path: Path, key: string, value: JsonValue | undefined, required: boolean, pointerPath: Path = path): FixedField {
  return { kind: 'fixed', value, path, pointer: toPointer(pointerPath), id: idFor(path), key, label: humanize(key), required, readOnly: false, schema: {} };
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * Builds the model for a root schema and the current draft. Missing draft entries are filled with
 * their initial values (from `values`, else `default`), so the draft always matches the model.
 * Throws SchemaError for a schema that cannot be used at all.
 */
export function buildModel(rootSchema: unknown, draft: DraftObject, options: ModelOptions = {}): FormModel {
  if (!isObject(rootSchema)) throw new SchemaError('The form schema must be a JSON Schema object.');
  checkSchema(rootSchema);
  const builder = new Builder(rootSchema, options, draft);
  const s = normalise(rootSchema, rootSchema);
  const type = mainType(s);
  if (type !== undefined && type !== 'object') throw new SchemaError('The form schema must describe an object.');
  const root = builder.object(s, [], draft, { key: '', label: text(s.title) ?? '', required: true, readOnly: false, description: text(s.description) });
  return { root, rootSchema, byId: indexFields(root), unsettled: builder.unsettled, conditional: builder.conditional };
}

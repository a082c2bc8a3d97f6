/** The field model's types (the tree of fields a schema and a value produce, and its draft), how to walk that tree, and its fields indexed by pointer. */
import { parentPointer, type JsonValue } from './json.js';
import type { Normalised, Schema } from './schema.js';

/** A draft leaf or container: raw text for text/number/JSON inputs, booleans, choice indexes, nested drafts. */
export type Draft = string | boolean | undefined | DraftObject | Draft[] | [string, Draft][];
/** The draft of an object: one entry per property. */
export interface DraftObject {
  [key: string]: Draft;
}

/** A path into the draft: property names and row indexes. */
export type Path = (string | number)[];

export interface FieldBase {
  /** Where the field's draft lives. */
  path: Path;
  /**
   * JSON pointer of the field's value as the draft lays it out (rows by draft index, map rows by the
   * key as typed). The value sent can differ (empty rows dropped, keys trimmed): `collect(...).at`
   * says where each value sits in it.
   */
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
  /**
   * A secret: `writeOnly`, `format: password` or `x-secret` on the field or on an object, list or map
   * it is inside. Never prefilled; a masked input; masked in messages; emptied after a success.
   */
  secret?: boolean;
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
/**
 * An array whose items are a choice (`enum`, or `oneOf`/`anyOf` of consts): a group of checkboxes, one
 * per option. Its draft is one boolean per option; it sends the chosen values in the options' order.
 * `required` is true when the array is required or `minItems` >= 1: then at least one must be chosen.
 */
export interface ChoicesField extends FieldBase {
  kind: 'choices';
  options: ChoiceOption[];
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
export type Field = TextField | NumberField | BooleanField | ChoiceField | ChoicesField | ObjectField | ListField | MapField | JsonField | FixedField;

/** What the model is built from besides the schema. */
export interface ModelOptions {
  /** Initial values (secrets in it are ignored: they are never prefilled). */
  values?: Record<string, unknown>;
  /** Top-level keys whose value the host fixes: not shown, sent as given. */
  fixed?: Record<string, JsonValue>;
  /**
   * True when `values` is a value received from a form (the server's case): secrets in it are taken
   * as given and no `default` fills what was not sent, so the fields are walked exactly as the form
   * that sent the value walked them.
   */
  received?: boolean;
}

/** The form: the root object field and an index of every field by id. */
export interface FormModel {
  root: ObjectField;
  rootSchema: Schema;
  byId: Map<string, Field>;
  /**
   * Pointers of objects whose conditions did not settle for the current values (a field whose value
   * hides itself): no set of fields fits them, so neither side accepts them.
   */
  unsettled: string[];
  /**
   * Ids of the objects whose set of fields depends on their values (`if`/`then`/`else`,
   * `dependentRequired`, `dependentSchemas`): an edit inside one can change the model; an edit
   * anywhere else cannot (see `keepsModel` in src/core/incremental.ts).
   */
  conditional: ReadonlySet<string>;
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
  /** Field id → the pointer of its value in `value` (the server's pointers); fields of rows not sent have none. */
  at: Placement;
}

/** Where each field's value sits in a value: field id → JSON pointer. */
export type Placement = ReadonlyMap<string, string>;

// A model is not changed once built (an edit that changes the fields builds a new one), so its
// fields in display order are worked out once: a form validates after every keystroke.
const shown = new WeakMap<FormModel, readonly Field[]>();

/** `visibleFields(model.root)`, worked out once per model. */
export function modelFields(model: FormModel): readonly Field[] {
  let fields = shown.get(model);
  if (!fields) shown.set(model, (fields = visibleFields(model.root)));
  return fields;
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

/** The fields of a model by where their values sit. */
export interface FieldIndex {
  /** The field a pointer is about: the closest field up the pointer that has a control. */
  find(pointer: string): Field | undefined;
  /** The field with a control at exactly this pointer. */
  exact(pointer: string): Field | undefined;
  /** Any field at exactly this pointer, with or without a control (a constant, a nested object): for wording a problem no control shows. */
  any(pointer: string): Field | undefined;
  /** Where a field's value sits; undefined for a field of a row that is not sent. */
  pointerOf(field: Field): string | undefined;
}

/**
 * Indexes a model's fields by pointer, once. `at` is where the form's value put each field
 * (`collect(...).at`): rows left empty are not sent, so a pointer the validator or the server reports
 * is in the coordinates of the value sent, not of the draft. Without it, the fields' own pointers
 * (the server's case: it walked the value it received).
 */
export function fieldIndex(model: FormModel, at?: Placement): FieldIndex {
  const pointerOf = (f: Field) => (at ? at.get(f.id) : f.pointer);
  const byPointer = new Map<string, Field>();
  for (const f of modelFields(model)) {
    const p = pointerOf(f);
    if (p !== undefined) byPointer.set(p, f);
  }
  let all: Map<string, Field> | undefined;
  return {
    pointerOf,
    exact: (pointer) => byPointer.get(pointer),
    find: (pointer) => {
      for (let p = pointer; ; p = parentPointer(p)) {
        const hit = byPointer.get(p);
        if (hit) return hit;
        if (p === '') return undefined;
      }
    },
    any: (pointer) => {
      if (!all) {
        all = new Map();
        for (const f of model.byId.values()) {
          const p = pointerOf(f);
          if (p !== undefined && !all.has(p)) all.set(p, f);
        }
      }
      return all.get(pointer);
    },
  };
}

/** Draft operations: read and write what the user typed, add and remove rows, and collect the value to send. */
import { childPointer, getOwn, setOwn, type JsonValue } from './json.js';
import { visibleFields, type Collected, type Draft, type DraftObject, type Field, type FormModel, type ListField, type LocalError, type MapField, type ObjectField, type Path } from './fields.js';

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

/** What a collection gathers besides the value: the collector's problems, and where each field's value sits in the value sent. */
interface Gathered {
  errors: LocalError[];
  /** [field id, pointer] in collection order; a row that is not sent takes its entries back out. */
  placed: [string, string][];
}

/** Collects one field whose value would sit at pointer `at` of the value sent. */
function collectField(field: Field, draft: DraftObject, g: Gathered, at: string): JsonValue | undefined {
  g.placed.push([field.id, at]);
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
        g.errors.push({ id: field.id, kind: field.integer ? 'integer' : 'number' });
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
    case 'choices': {
      // The chosen values in the options' order; none chosen leaves an optional array out.
      const chosen = Array.isArray(raw) ? field.options.filter((_, i) => raw[i] === true).map((o) => o.value) : [];
      return chosen.length === 0 && !field.required ? undefined : chosen;
    }
    case 'json': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text === '') return undefined;
      try {
        return JSON.parse(text) as JsonValue;
      } catch {
        g.errors.push({ id: field.id, kind: 'json' });
        return undefined;
      }
    }
    case 'object':
      return collectObject(field, draft, g, at);
    case 'list': {
      // Rows left empty are not sent: the rows after them move up, and so do their pointers.
      const items: JsonValue[] = [];
      for (const row of field.rows) {
        const mark = g.placed.length;
        const v = collectField(row, draft, g, childPointer(at, items.length));
        if (v === undefined) g.placed.length = mark;
        else items.push(v);
      }
      return items.length === 0 && !field.required ? undefined : items;
    }
    case 'map': {
      const out: Record<string, JsonValue> = {};
      const seen = new Set<string>();
      for (const row of field.rows) {
        const key = get(draft, row.keyPath);
        const k = typeof key === 'string' ? key.trim() : '';
        // The key is sent trimmed; a row that is not sent has no place in the value.
        const mark = g.placed.length;
        const value = collectField(row.value, draft, g, childPointer(at, k));
        const sent = k !== '' && !seen.has(k) && value !== undefined;
        if (!sent) g.placed.length = mark;
        if (k === '' && value === undefined) continue;
        if (k === '') g.errors.push({ id: row.keyId, kind: 'key-missing' });
        else if (seen.has(k)) g.errors.push({ id: row.keyId, kind: 'key-duplicate' });
        else if (value === undefined) g.errors.push({ id: row.value.id, kind: 'value-missing' });
        else setOwn(out, k, value);
        seen.add(k);
      }
      return Object.keys(out).length === 0 && !field.required ? undefined : out;
    }
  }
}

function collectObject(field: ObjectField, draft: DraftObject, g: Gathered, at: string): Record<string, JsonValue> | undefined {
  const out: Record<string, JsonValue> = {};
  let filled = false;
  for (const child of field.fields) {
    const v = collectField(child, draft, g, childPointer(at, child.key));
    if (v === undefined) continue;
    setOwn(out, child.key, v);
    // Constants, unticked boxes and a group of checkboxes with none ticked don't make an optional object "filled in".
    if (child.kind !== 'fixed' && v !== false && !(child.kind === 'choices' && Array.isArray(v) && v.length === 0)) filled = true;
  }
  if (!filled && !field.required && field.path.length > 0) return undefined;
  return out;
}

/** What an object would send if it were required: the value its conditions are evaluated against. */
export function collectObjectValue(field: ObjectField, draft: DraftObject): Record<string, JsonValue> | undefined {
  return collectObject({ ...field, required: true }, draft, { errors: [], placed: [] }, field.pointer);
}

/**
 * Collects the value to send: optional empties left out, numbers as numbers, readOnly left out, map
 * keys trimmed. `at` says where each field's value sits in it, which is not always the field's
 * draft pointer: rows left empty are not sent, so the rows after them move up.
 */
export function collect(model: FormModel, draft: DraftObject): Collected {
  const g: Gathered = { errors: [], placed: [[model.root.id, '']] };
  const value = collectObject(model.root, draft, g, '') ?? {};
  return { value, errors: g.errors, at: new Map(g.placed) };
}

/** True when a list or key/value map may take another row (a list stops at `maxItems`). */
export function canAddRow(draft: DraftObject, field: ListField | MapField): boolean {
  const rows = get(draft, field.path);
  return Array.isArray(rows) && (field.kind === 'map' || rows.length < field.maxItems);
}

/** True when a row may be removed (a list keeps at least `minItems` rows). */
export function canRemoveRow(draft: DraftObject, field: ListField | MapField): boolean {
  const rows = get(draft, field.path);
  return Array.isArray(rows) && rows.length > (field.kind === 'list' ? field.minItems : 0);
}

/** Appends an empty row (a map's has an empty key); returns its index, or undefined when none may be added. */
export function addRow(draft: DraftObject, field: ListField | MapField): number | undefined {
  if (!canAddRow(draft, field)) return undefined;
  const rows = get(draft, field.path) as Draft[];
  rows.push(field.kind === 'map' ? (['', undefined] as unknown as Draft) : undefined);
  return rows.length - 1;
}

/** Removes row `index`; false when it does not exist or the list is at its minimum. */
export function removeRow(draft: DraftObject, field: ListField | MapField, index: number): boolean {
  const rows = get(draft, field.path);
  if (!Array.isArray(rows) || !canRemoveRow(draft, field) || !Number.isInteger(index) || index < 0 || index >= rows.length) return false;
  rows.splice(index, 1);
  return true;
}

/** The visible secret fields that hold what the user typed or picked (text, number and JSON inputs, choices); a secret object or list is made of such leaves. */
function secretLeaves(model: FormModel): Field[] {
  return visibleFields(model.root).filter((f) => f.secret && (f.kind === 'text' || f.kind === 'number' || f.kind === 'json' || f.kind === 'choice'));
}

/** What the secret fields hold, as it would be sent (and could be echoed back): a choice's draft is its option's index, its value what is sent. */
export function secretValues(model: FormModel, draft: DraftObject): string[] {
  const out: string[] = [];
  for (const f of secretLeaves(model)) {
    const v = getDraft(draft, f.path);
    if (typeof v !== 'string' || v === '') continue;
    const value = f.kind === 'choice' ? f.options[Number(v)]?.value : v;
    if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  }
  return out;
}

/** Empties every secret field of the draft. */
export function clearSecretDrafts(model: FormModel, draft: DraftObject): void {
  for (const f of secretLeaves(model)) setDraft(draft, f.path, '');
}

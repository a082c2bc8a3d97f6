/**
 * JSON values: their types, own-property access that a schema key like "__proto__" cannot subvert,
 * parsing that never throws, and JSON Pointers (RFC 6901). One module, in the script-tag build's
 * entry: the form's chunk and the request's chunk both use pointers, and import them from there.
 */
/** A JSON value as it travels in a request body. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** True for a plain (non-array, non-null) object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only: a schema may name a property "__proto__" or "constructor". */
export function getOwn(holder: object, key: string | number): unknown {
  return Object.hasOwn(holder, key) ? (holder as Record<string | number, unknown>)[key] : undefined;
}

/** Writes an own, enumerable property, even for "__proto__" (where `=` would replace the prototype). */
export function setOwn(holder: object, key: string | number, value: unknown): void {
  Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `text` parsed as JSON, or undefined when it is not JSON (never throws). */
export function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

// ---- JSON Pointers (RFC 6901): the one place that escapes, parses, builds and follows them ----

/** Encodes one segment: `~` → `~0`, `/` → `~1`. */
export function encodeSegment(segment: string | number): string {
  const s = String(segment);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

/** Decodes one segment: `~1` → `/`, `~0` → `~` (in that order, as RFC 6901 §4 says). */
export function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Builds a pointer from path segments: [] → "", ["a", 0] → "/a/0", ["x/y"] → "/x~1y". */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((s) => '/' + encodeSegment(s)).join('');
}

/** The decoded segments of a pointer: "" → [], "/a~1b/0" → ["a/b", "0"]. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(decodeSegment);
}

/** A pointer one segment longer: `child("/a", "b/c")` → "/a/b~1c". */
export function childPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${encodeSegment(segment)}`;
}

/** The pointer of the parent ("" for a top-level pointer and for the root itself). */
export function parentPointer(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

/** The part of a JSON value at a path (own properties only), or undefined when there is none. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const seg of path) {
    if (Array.isArray(v)) v = v[Number(seg)];
    else if (isObject(v)) v = getOwn(v, String(seg));
    else return undefined;
  }
  return v;
}

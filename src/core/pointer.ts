/** JSON pointers (RFC 6901): the one place that escapes, parses, builds and follows them. */
import { getOwn, isObject } from './json.js';

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

/** JSON values: their types, own-property access that a schema key like "__proto__" cannot subvert, and parsing that never throws. */
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

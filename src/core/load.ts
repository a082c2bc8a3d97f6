/** Loading a JSON document with a GET (a connector from `connector-url`, a connector list from `connectors-url`): the one rule for the widget's session and the catalog. */
import { parseJson, type JsonValue } from './json.js';

/** The `init` of the GET: JSON asked for, cookies only for the page's own origin. */
export interface LoadInit {
  method: 'GET';
  headers: Record<string, string>;
  credentials: 'same-origin';
}

/** The GET's init, the same for every document loaded. */
export const LOAD_INIT: LoadInit = { method: 'GET', headers: { Accept: 'application/json' }, credentials: 'same-origin' };

/** The part of a fetch Response the loader reads. */
export interface LoadResponse {
  status: number;
  text(): Promise<string>;
}

/** What came of a load: the parsed document, or why there is none (a non-2xx status, an answer that is not JSON, or the request failed). */
export type Loaded = { ok: true; value: JsonValue } | { ok: false; status: number } | { ok: false; notJson: true } | { ok: false; error: Error };

/** GETs `url` and parses the answer as JSON; never throws. */
export async function loadJson(fetch: (url: string, init: LoadInit) => Promise<LoadResponse>, url: string): Promise<Loaded> {
  try {
    const res = await fetch(url, LOAD_INIT);
    if (res.status < 200 || res.status >= 300) return { ok: false, status: res.status };
    const value = parseJson(await res.text());
    return value === undefined ? { ok: false, notJson: true } : { ok: true, value };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

/**
 * `<connect-catalog>`'s logic, without DOM: which entries of a connector list can be shown, search
 * as you type (accent- and case-insensitive, best matches first), the category filter, the host's
 * connections by connector, the monogram that stands in for a missing logo, and the sentences the
 * catalog shows and announces. The element only renders what these functions return.
 */
import { addEnglish, EN, type Translator } from './i18n/format.js';
import { enCatalog } from './i18n/en-catalog.js';
import { isObject } from './json.js';
import { parseConnector, type Connector } from './connector.js';
import { httpUrl } from './url.js';

// The catalog's words (the element's too: it imports this module).
addEnglish(enCatalog);

/** A connector as the catalog shows it, with the folded text that search compares. */
export interface CatalogEntry {
  /** The definition, as given (handed to the widget when the entry is opened). */
  connector: Connector;
  key: string;
  name: string;
  /** The categories that are non-empty strings, in the given order, without repeats. */
  categories: string[];
  /** The logo URL when it is http(s), else undefined (a monogram is drawn instead). */
  logo?: string;
  /** Position in the given list: ties between equally good matches keep the host's order. */
  order: number;
  /** Folded name, key and categories (see `fold`). */
  folded: { name: string; nameWords: string[]; key: string; categories: string[]; categoryWords: string[][]; compact: string; all: string };
}

/** The outcome of `parseCatalog`: the usable entries, and what is wrong with the others. */
export interface CatalogParse {
  entries: CatalogEntry[];
  /** What is wrong with single entries (each left out). */
  problems: string[];
  /** Set when the input is not a list at all. */
  fatal?: string;
}

/** One of the host's existing connections (SPEC "<connect-catalog>"). */
export interface CatalogConnection {
  connector: string;
  id: string;
  label?: string;
  /** `needs-reconnect` shows that the account must be connected again. */
  status?: string;
  /** The auth option the connection was made with: Reconnect opens that option, locked. */
  option?: string;
}

/** The status that says an account must be connected again. */
export const NEEDS_RECONNECT = 'needs-reconnect';

/**
 * Folds text for comparison: Unicode compatibility decomposition, combining marks dropped
 * ("Crédit" → "credit"), lower case, and every run of characters other than letters and digits
 * turned into one space ("Google-Sheets" → "google sheets").
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function entryOf(connector: Connector, order: number): CatalogEntry {
  const categories = [...new Set((Array.isArray(connector.categories) ? connector.categories : []).filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim()))];
  const name = fold(connector.name);
  const key = fold(connector.key);
  const folded = categories.map(fold);
  const compact = name.replace(/ /g, '');
  return {
    connector,
    key: connector.key,
    name: connector.name,
    categories,
    logo: httpUrl(connector.logoUri),
    order,
    // `all` holds every text a word can match inside, so that most entries are ruled out by one `includes`.
    folded: { name, nameWords: name.split(' '), key, categories: folded, categoryWords: folded.map((c) => c.split(' ')), compact, all: [name, compact, key, ...folded].join('\n') },
  };
}

/**
 * Checks a connector list: an array of definitions, each with the structure `parseConnector`
 * accepts and a key not used before. Entries that fail are left out and named in `problems`
 * ("connectors[3] (key "acme"): auth is missing"); the rest are shown.
 */
export function parseCatalog(input: unknown): CatalogParse {
  if (!Array.isArray(input)) return { entries: [], problems: [], fatal: 'The connector list must be a JSON array of connector definitions.' };
  const entries: CatalogEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  input.forEach((item, i) => {
    const parsed = parseConnector(item);
    const where = isObject(item) && typeof item.key === 'string' ? `connectors[${i}] (key "${item.key}")` : `connectors[${i}]`;
    if (!parsed.ok) return void problems.push(`${where}: ${parsed.problems.join('; ')}`);
    if (seen.has(parsed.connector.key)) return void problems.push(`${where}: the key is used by an earlier connector`);
    seen.add(parsed.connector.key);
    entries.push(entryOf(parsed.connector, entries.length));
  });
  return { entries, problems };
}

/** Every category of the entries, sorted by name (case- and accent-insensitive), with how many entries have it. */
export function categoriesOf(entries: readonly CatalogEntry[]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of entries) for (const c of e.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => collator.compare(a.name, b.name));
}

// How well one search word matches one entry; 0 is no match. Name beats key beats category;
// a whole word beats the start of a word, which beats the middle of one.
const SCORE = {
  nameExact: 1000,
  nameStart: 600,
  nameWord: 500,
  nameWordStart: 400,
  nameInside: 200,
  keyStart: 150,
  keyInside: 100,
  categoryWord: 90,
  categoryStart: 70,
  categoryInside: 40,
} as const;

function wordScore(entry: CatalogEntry, word: string): number {
  const f = entry.folded;
  // Every match below is a substring of one of the texts in `all`.
  if (!f.all.includes(word)) return 0;
  let best = 0;
  if (f.name.startsWith(word)) best = SCORE.nameStart;
  else {
    for (const w of f.nameWords) {
      if (w === word) best = Math.max(best, SCORE.nameWord);
      else if (w.startsWith(word)) best = Math.max(best, SCORE.nameWordStart);
    }
    if (!best && (f.name.includes(word) || f.compact.includes(word))) best = SCORE.nameInside;
  }
  if (best) return best;
  if (f.key.startsWith(word)) return SCORE.keyStart;
  if (f.key.includes(word)) return SCORE.keyInside;
  for (let i = 0; i < f.categories.length; i++) {
    const c = f.categories[i]!;
    if (c === word || f.categoryWords[i]!.includes(word)) best = Math.max(best, SCORE.categoryWord);
    else if (c.startsWith(word)) best = Math.max(best, SCORE.categoryStart);
    else if (c.includes(word)) best = Math.max(best, SCORE.categoryInside);
  }
  return best;
}

/** What the user searched: the text and the category, as the catalog's filter takes them. */
export interface CatalogQuery {
  text?: string;
  category?: string;
}

/**
 * The entries that match, best first. Every word of the text must match the entry's name, key or
 * one of its categories (folded, so accents and case do not matter); an entry whose whole name is
 * the text comes first, then names that start with it, and so on (see `SCORE`). Equal matches keep
 * the list's order. An empty text matches everything, in the list's order. `category` keeps only
 * the entries that have it. `entries` are `parseCatalog`'s, or some of them in that order.
 */
export function searchCatalog(entries: readonly CatalogEntry[], query: CatalogQuery): CatalogEntry[] {
  return rank(query.category ? entries.filter((e) => e.categories.includes(query.category!)) : entries, fold(query.text ?? '')).results;
}

/**
 * `searchCatalog` for a search box: remembers its last search, and when the text only grew (one
 * more letter typed) ranks only what matched before, so that the cost of a keystroke follows the
 * matches rather than the size of the catalog. Any match of the longer text matched the shorter
 * one (every test in `wordScore` is a substring test), so the results are the same.
 */
export function createCatalogSearch(entries: readonly CatalogEntry[]): (query: CatalogQuery) => CatalogEntry[] {
  let last: { text: string; category: string | undefined; matched: readonly CatalogEntry[] } | undefined;
  return (query) => {
    const text = fold(query.text ?? '');
    const category = query.category || undefined;
    const narrows = last !== undefined && last.category === category && last.text !== '' && text.startsWith(last.text);
    const pool = narrows ? last!.matched : category ? entries.filter((e) => e.categories.includes(category)) : entries;
    const { results, matched } = rank(pool, text);
    last = { text, category, matched };
    return results;
  };
}

/**
 * How well an entry matches a search text (folded, see `fold`): 0 when some word of it matches
 * nothing; the higher, the better (see `SCORE`). `searchCatalog` lists the matches by this score,
 * best first, equal scores in the list's order.
 */
export function matchScore(entry: CatalogEntry, text: string): number {
  return text ? scoreOf(entry, text.split(' '), text.replace(/ /g, ''), text) : 0;
}

function scoreOf(entry: CatalogEntry, words: readonly string[], compact: string, text: string): number {
  let score = 0;
  for (const word of words) {
    const s = wordScore(entry, word);
    if (!s) {
      score = 0;
      break;
    }
    score += s;
  }
  // "googlesheets" finds "Google Sheets": the text without spaces inside the name without spaces.
  if (!score && entry.folded.compact.includes(compact)) score = SCORE.nameInside;
  if (score && entry.folded.name === text) score += SCORE.nameExact;
  return score;
}

/**
 * Ranks `pool` for the folded `text`: the results best first, and the matches in `pool`'s order.
 * The pool is always in the list's order (all entries, one category's, or the previous matches), and
 * scores take a handful of values: the matches are grouped by score in one pass, which keeps the
 * list's order within a score, instead of sorted (a sort of the first letter's 1000-odd matches was
 * about half the cost of a keystroke's search at 2000 connectors).
 */
function rank(pool: readonly CatalogEntry[], text: string): { results: CatalogEntry[]; matched: readonly CatalogEntry[] } {
  if (!text) return { results: [...pool], matched: pool };
  const words = text.split(' ');
  const compact = text.replace(/ /g, '');
  const matched: CatalogEntry[] = [];
  const byScore = new Map<number, CatalogEntry[]>();
  for (const entry of pool) {
    const score = scoreOf(entry, words, compact, text);
    if (!score) continue;
    matched.push(entry);
    const group = byScore.get(score);
    if (group) group.push(entry);
    else byScore.set(score, [entry]);
  }
  const results: CatalogEntry[] = [];
  for (const score of [...byScore.keys()].sort((a, b) => b - a)) for (const entry of byScore.get(score)!) results.push(entry);
  return { results, matched };
}

/** The outcome of `parseConnections`. */
export interface ConnectionsParse {
  /** The connections by connector key, in the given order. */
  byConnector: Map<string, CatalogConnection[]>;
  problems: string[];
}

/**
 * Checks the host's `connections`: an array of `{ connector, id, label?, status? }`. Entries that
 * are not of that shape are left out and named in `problems`. Several per connector are kept, in order.
 */
export function parseConnections(input: unknown): ConnectionsParse {
  const byConnector = new Map<string, CatalogConnection[]>();
  const problems: string[] = [];
  if (input === undefined || input === null) return { byConnector, problems };
  if (!Array.isArray(input)) return { byConnector, problems: ['connections must be an array of { connector, id, label?, status? }.'] };
  input.forEach((item, i) => {
    if (!isObject(item) || typeof item.connector !== 'string' || typeof item.id !== 'string' || !item.connector || !item.id) {
      return void problems.push(`connections[${i}] needs a connector key and an id (strings)`);
    }
    const connection: CatalogConnection = { connector: item.connector, id: item.id };
    if (typeof item.label === 'string' && item.label.trim()) connection.label = item.label.trim();
    if (typeof item.status === 'string') connection.status = item.status;
    if (typeof item.option === 'string' && item.option) connection.option = item.option;
    const list = byConnector.get(item.connector) ?? [];
    list.push(connection);
    byConnector.set(item.connector, list);
  });
  return { byConnector, problems };
}

/** How a connection is named: its label, else "Connected". */
export const connectionLabel = (c: CatalogConnection, tr: Translator = EN): string => c.label ?? tr.t('catalog.connected');

/** The badge of a connected connector's card, in words: "Connected", "2 accounts", "Needs reconnect". */
export function badgeOf(connections: readonly CatalogConnection[] | undefined, tr: Translator = EN): string | undefined {
  if (!connections?.length) return undefined;
  const stale = connections.filter((c) => c.status === NEEDS_RECONNECT).length;
  const accounts = tr.t('catalog.accountsCount', { count: connections.length });
  if (stale) return connections.length === 1 ? tr.t('catalog.needsReconnect') : tr.t('catalog.accountsStale', { accounts, count: stale });
  return connections.length === 1 ? tr.t('catalog.connected') : accounts;
}

/** Number of monogram colours (`tone` is 0 to MONOGRAM_TONES - 1); the styles define one class per tone. */
export const MONOGRAM_TONES = 8;

/**
 * The stand-in for a missing logo: up to two initials of the name (its first two words, else its
 * first two letters) and a colour picked from the key, so a connector keeps its colour everywhere.
 */
export function monogram(name: string, key: string): { initials: string; tone: number } {
  const words = name
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const letters = words.length >= 2 ? [words[0]!, words[1]!].map((w) => [...w][0]!) : [...(words[0] ?? key)].slice(0, 2);
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return { initials: letters.join('').toUpperCase() || '?', tone: hash % MONOGRAM_TONES };
}

/**
 * What the live region says after a search: how many connectors there are, or what was searched
 * when nothing matched ("No connectors match “strp” in Payments.").
 */
export function resultSummary(count: number, query: CatalogQuery, tr: Translator = EN): string {
  const text = (query.text ?? '').trim();
  const category = query.category;
  const p = { count, query: text, category: category ?? '' };
  if (count === 0) return tr.t(text ? (category ? 'catalog.noMatchIn' : 'catalog.noMatch') : category ? 'catalog.noneIn' : 'catalog.none', p);
  if (text) return tr.t(category ? 'catalog.matchesIn' : 'catalog.matches', p);
  return tr.t(category ? 'catalog.countIn' : 'catalog.count', p);
}

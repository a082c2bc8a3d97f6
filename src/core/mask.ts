/**
 * Security rule 1 for messages: every typed secret is masked in any text the widget shows or reports.
 * Plain TypeScript (ES2022, no DOM types). Its own module, apart from the error normalisation
 * (errors.ts): the session masks the messages it words itself, and the normalisation, which is only
 * needed once a request has been sent, is a chunk of the script-tag build.
 */

/** What replaces a secret value inside a message. */
export const SECRET_MASK = '••••••';

/** Every form in which a server might echo a typed secret: as typed, trimmed, JSON-escaped, URL-encoded. */
function secretVariants(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue;
    for (const base of new Set([secret, secret.trim()])) {
      out.add(base);
      out.add(JSON.stringify(base).slice(1, -1));
      try {
        out.add(encodeURIComponent(base));
      } catch {
        // A lone surrogate cannot be URL-encoded, so a server cannot have echoed it that way either.
      }
    }
  }
  out.delete('');
  return [...out];
}

/** A secret this short is masked only as a whole word: "123" inside "41235" says nothing about it. */
const WHOLE_WORD_BELOW = 4;
/** A server that cuts an echoed secret short still shows this much of it: such a prefix is masked too. */
const MASKED_PREFIX = 8;

// The syntax characters only: the u flag refuses any other escaped character.
const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Case-insensitive equality of two single code points, without folds that change length ("ß" / "SS"). */
function sameLetter(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();
}

/** Where `needle` occurs in `text` case-insensitively (code point by code point): [start, end) ranges in `text`. */
function occurrences(text: string, needle: string, wholeWord: boolean): [number, number][] {
  const word = wholeWord ? '[\\p{L}\\p{N}_]' : '';
  let pattern: RegExp;
  try {
    pattern = new RegExp(wholeWord ? `(?<!${word})${escapeRegExp(needle)}(?!${word})` : escapeRegExp(needle), 'giu');
  } catch {
    // A lone surrogate the u flag refuses: exact matches only.
    const out: [number, number][] = [];
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) out.push([at, at + needle.length]);
    return out;
  }
  const out: [number, number][] = [];
  // Overlapping echoes too ("abab" twice in "ababab"): the search restarts one past each match.
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    out.push([m.index, m.index + m[0].length]);
    pattern.lastIndex = m.index + 1;
  }
  return out;
}

/**
 * Replaces every occurrence of any secret in `text` with SECRET_MASK (security rule 1: secrets are never shown).
 * A secret is found in any case, and also when only its first 8 or more characters were echoed (the
 * mask then covers as much of it as the text repeats); a secret shorter than 4 characters only as a
 * whole word. Overlapping or nested occurrences are merged into one mask, so no part of a secret
 * survives next to the mask of another.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (!text || !secrets.length) return text;
  const covered = new Uint8Array(text.length);
  let found = false;
  const cover = (from: number, to: number) => {
    covered.fill(1, from, to);
    found = true;
  };
  for (const secret of secretVariants(secrets)) {
    if (secret.length < WHOLE_WORD_BELOW) {
      for (const [from, to] of occurrences(text, secret, true)) cover(from, to);
      continue;
    }
    if (secret.length <= MASKED_PREFIX) {
      for (const [from, to] of occurrences(text, secret, false)) cover(from, to);
      continue;
    }
    // Every echo of the first eight characters, extended for as long as the text goes on repeating the secret.
    const chars = [...secret];
    const head = chars.slice(0, MASKED_PREFIX).join('');
    for (const [from, to] of occurrences(text, head, false)) {
      let end = to;
      for (let i = MASKED_PREFIX; i < chars.length && end < text.length; i++) {
        const next = String.fromCodePoint(text.codePointAt(end)!);
        if (!sameLetter(next, chars[i]!)) break;
        end += next.length;
      }
      cover(from, end);
    }
  }
  if (!found) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = i;
    if (covered[i]) {
      while (i < text.length && covered[i]) i++;
      out += SECRET_MASK;
    } else {
      while (i < text.length && !covered[i]) i++;
      out += text.slice(start, i);
    }
  }
  return out;
}

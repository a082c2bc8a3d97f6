/**
 * Every shipped catalog, imported statically: for the server (which words its validation messages in
 * the request's language) and for tests. Browser code loads catalogs one at a time (load.ts) instead.
 */
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { addEnglish, createTranslator, shippedLocale, type Locale, type Messages, type Translator } from './format.js';
import { fr } from './fr.js';
import { ja } from './ja.js';

// Every part of English too, for whatever words a message with the default translator.
addEnglish(en);

export const CATALOGS: Readonly<Record<Locale, Messages>> = { en, de, fr, es, ja, ar };

/**
 * The best shipped language for an `Accept-Language` header (RFC 9110 §12.5.4: q-values, `*`,
 * `de-CH` served by `de`); English when the header is missing or names none we have.
 */
export function negotiateLocale(header: string | null | undefined): Locale {
  if (!header) return 'en';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)).find(Boolean);
      const quality = q ? Number(q[1]) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const r of ranges) {
    if (r.tag === '*') return 'en';
    const l = shippedLocale(r.tag);
    if (l) return l;
  }
  return 'en';
}

/** A translator for a request's `Accept-Language`. */
export function translatorForRequest(acceptLanguage: string | null | undefined): Translator {
  const locale = negotiateLocale(acceptLanguage);
  return createTranslator(locale, [CATALOGS[locale]]);
}

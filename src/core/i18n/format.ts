/**
 * The translator: looks a message up by id through a chain of catalogs (the host's `messages`, the
 * exact locale, its language, English) and fills its `{placeholders}`. Numbers, plurals, lists and
 * waits go through `Intl`. Plain TypeScript: the elements, the callback page and the server share it.
 */
import type { en } from './en.js';
import { enElements } from './en-elements.js';

/** Plural forms of one message, by `Intl.PluralRules` category; `other` is required. */
export type PluralForms = { other: string } & Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many', string>>;
/** Every message id. */
export type MessageId = keyof typeof en;
/** A complete catalog: every id of the English one, with a string or plural forms where English has them. */
export type Messages = { [K in MessageId]: (typeof en)[K] extends string ? string : PluralForms };
/** Values for a message's placeholders; numbers are formatted for the locale, `count` also picks the plural form. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The locales shipped with the package. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
/** Languages written right to left (of the shipped ones and the common others). */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/**
 * The English every translator falls back to: the elements' part, and each other part once the module
 * that words it has added it (`addEnglish`; en.ts says which). A translator reads it at each lookup, so
 * a part added later is seen by translators made before.
 */
const english: Partial<Messages> = { ...enElements };

/** Adds a part of the English catalog to the fallback of every translator (see en.ts). */
export function addEnglish(part: Partial<Messages>): void {
  Object.assign(english, part);
}

/** `ar-EG` → `ar`; undefined for a missing or malformed tag. */
export function languageOf(locale: string | undefined): string | undefined {
  const tag = locale?.trim().toLowerCase().split(/[-_]/)[0];
  return tag && /^[a-z]{2,8}$/.test(tag) ? tag : undefined;
}

/** The shipped locale for a BCP 47 tag (`de-AT` → `de`), or undefined. */
export function shippedLocale(locale: string | undefined): Locale | undefined {
  const lang = languageOf(locale);
  return (LOCALES as readonly string[]).includes(lang ?? '') ? (lang as Locale) : undefined;
}

/** `rtl` for a right-to-left language. */
export function directionOf(locale: string | undefined): 'ltr' | 'rtl' {
  return RTL.has(languageOf(locale) ?? '') ? 'rtl' : 'ltr';
}

/** A message in one language, ready to show. */
export interface Translator {
  /** The locale the numbers, plurals and lists are formatted for. */
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  /** The message `id` with its placeholders filled. */
  t(id: MessageId, params?: MessageParams): string;
  /** "A, B and C": items listed the locale's way. */
  list(items: readonly string[]): string;
  /** A wait, rounded up so the user never retries too early: "3 seconds", "2 minutes", "5 hours". */
  wait(ms: number): string;
}

function safeLocale(locale: string | undefined): string {
  try {
    return locale ? (Intl.getCanonicalLocales(locale)[0] ?? 'en') : 'en';
  } catch {
    return 'en';
  }
}

function fill(text: string, params: MessageParams | undefined, number: Intl.NumberFormat): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? number.format(v) : v;
  });
}

const intlByTag = new Map<string, { number: Intl.NumberFormat; plural: Intl.PluralRules }>();
/** The number format and plural rules of a locale, made once: every element makes a translator, and these cost more than the rest of it. */
function intlFor(tag: string): { number: Intl.NumberFormat; plural: Intl.PluralRules } {
  let intl = intlByTag.get(tag);
  if (!intl) intlByTag.set(tag, (intl = { number: new Intl.NumberFormat(tag, { maximumFractionDigits: 20, useGrouping: false }), plural: new Intl.PluralRules(tag) }));
  return intl;
}

/**
 * A translator for `locale` reading `catalogs` in order (the first that has an id wins), then English.
 * Pass the host's overrides first, then the locale's catalog.
 */
export function createTranslator(locale: string | undefined, catalogs: ReadonlyArray<Partial<Messages> | undefined> = []): Translator {
  const tag = safeLocale(locale);
  const chain = [...catalogs.filter((c): c is Partial<Messages> => !!c), english];
  const { number, plural } = intlFor(tag);
  let listFormat: Intl.ListFormat | undefined;
  const units = new Map<string, Intl.NumberFormat>();
  const unit = (n: number, u: 'second' | 'minute' | 'hour') => {
    let f = units.get(u);
    if (!f) units.set(u, (f = new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'long' })));
    return f.format(n);
  };
  return {
    locale: tag,
    dir: directionOf(tag),
    t(id, params) {
      let message: string | PluralForms | undefined;
      for (const c of chain) {
        message = c[id];
        if (message !== undefined) break;
      }
      if (message === undefined) return id;
      if (typeof message !== 'string') {
        const count = Number(params?.count ?? 0);
        message = message[plural.select(count)] ?? message.other;
      }
      return fill(message, params, number);
    },
    list(items) {
      listFormat ??= new Intl.ListFormat(tag, { type: 'conjunction' });
      return listFormat.format(items);
    },
    wait(ms) {
      const seconds = Math.max(1, Math.ceil(ms / 1000));
      if (seconds <= 90) return unit(seconds, 'second');
      const minutes = Math.ceil(seconds / 60);
      if (minutes <= 90) return unit(minutes, 'minute');
      return unit(Math.ceil(minutes / 60), 'hour');
    },
  };
}

/** English with no overrides: the default of every function that words a message. */
export const EN: Translator = createTranslator('en');

/**
 * Loading a catalog when a locale asks for it. English is bundled; every other catalog is a dynamic
 * `import()`, so a bundler splits it into its own chunk, fetched only by a page that uses it.
 */
import { shippedLocale, type Locale, type Messages } from './format.js';

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  de: () => import('./de.js').then((m) => m.de),
  fr: () => import('./fr.js').then((m) => m.fr),
  es: () => import('./es.js').then((m) => m.es),
  ja: () => import('./ja.js').then((m) => m.ja),
  ar: () => import('./ar.js').then((m) => m.ar),
};

const loaded = new Map<Locale, Messages>();
const pending = new Map<Locale, Promise<Messages | undefined>>();

/** The catalog of `locale` if it is already loaded (or English); undefined while it loads or when none is shipped. */
export function loadedCatalog(locale: string | undefined): Messages | undefined {
  const l = shippedLocale(locale);
  return l ? loaded.get(l) : undefined;
}

/** Loads the catalog of `locale` (`ar-EG` → `ar`); undefined for English or a language not shipped, or when loading fails. */
export function loadCatalog(locale: string | undefined): Promise<Messages | undefined> {
  const l = shippedLocale(locale);
  if (!l || l === 'en') return Promise.resolve(undefined);
  const have = loaded.get(l);
  if (have) return Promise.resolve(have);
  let p = pending.get(l);
  if (!p) {
    p = loaders[l]().then(
      (m) => (loaded.set(l, m), m),
      () => (pending.delete(l), undefined),
    );
    pending.set(l, p);
  }
  return p;
}

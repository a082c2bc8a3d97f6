// The message catalogs: every shipped language has every id of the English catalog, no other id,
// the same placeholders, and the plural forms its language needs; the translator falls back per
// string and formats numbers, plurals, lists and waits through Intl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGS, negotiateLocale, translatorForRequest } from '../../src/core/i18n/all.js';
import { createTranslator, directionOf, LOCALES, type Messages, type PluralForms } from '../../src/core/i18n/format.js';
import { en } from '../../src/core/i18n/en.js';
import { loadCatalog } from '../../src/core/i18n/load.js';
import { normaliseErrorResponse } from '../../src/core/errors.js';
import { widgetTextOf } from '../../src/core/text/widget.js';
import { validateValue } from '../../src/core/validate.js';
import './validator-ready.js';

const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
const forms = (m: string | PluralForms): string[] => (typeof m === 'string' ? [m] : Object.values(m).filter((v): v is string => typeof v === 'string'));
const union = (m: string | PluralForms) => new Set(forms(m).flatMap((f) => [...placeholders(f)]));
const ids = Object.keys(en).sort();

test('six locales ship: en, de, fr, es, ja, ar', () => {
  assert.deepEqual([...LOCALES].sort(), ['ar', 'de', 'en', 'es', 'fr', 'ja']);
  assert.deepEqual(Object.keys(CATALOGS).sort(), [...LOCALES].sort());
});

for (const locale of LOCALES) {
  const catalog = CATALOGS[locale] as Record<string, string | PluralForms>;
  test(`${locale}: exactly the English ids, nothing missing, nothing extra`, () => {
    const have = Object.keys(catalog).sort();
    assert.deepEqual(
      ids.filter((id) => !have.includes(id)),
      [],
      'missing ids',
    );
    assert.deepEqual(
      have.filter((id) => !ids.includes(id)),
      [],
      'extra ids',
    );
  });

  test(`${locale}: every message has English's placeholders (a plural form may leave {count} to its words)`, () => {
    for (const id of ids) {
      const english = union((en as Record<string, string | PluralForms>)[id]!);
      const message = catalog[id]!;
      assert.equal(typeof message, typeof (en as Record<string, unknown>)[id], `${id}: a plural message stays plural`);
      assert.deepEqual([...union(message)].sort(), [...english].sort(), `${id}: placeholders`);
      for (const form of forms(message)) {
        for (const p of placeholders(form)) assert.ok(english.has(p), `${id}: stray placeholder {${p}}`);
        const withoutCount = new Set(english);
        withoutCount.delete('count');
        for (const p of withoutCount) assert.ok(placeholders(form).has(p), `${id}: a form lacks {${p}}: ${form}`);
        assert.ok(form.trim(), `${id}: empty`);
      }
      if (locale !== 'en' && typeof message === 'string')
        assert.ok(message !== (en as unknown as Record<string, string>)[id] || /^[^a-z]*$/i.test(message) || ['catalog.grid'].includes(id) || /\{\w+\}/.test(message), `${id}: not translated`);
    }
  });

  test(`${locale}: plural messages have the forms the language's plural rules select (zero may read as other)`, () => {
    // French and Spanish "many" is for exact millions ("1 000 000 de comptes"): it reads as other.
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((c) => c !== 'zero' && !(c === 'many' && (locale === 'fr' || locale === 'es')));
    for (const id of ids) {
      const message = catalog[id]!;
      if (typeof message === 'string') continue;
      for (const key of Object.keys(message)) assert.ok(['zero', 'one', 'two', 'few', 'many', 'other'].includes(key), `${id}: ${key}`);
      // A message with no number in it may use one form for every count; one with a number needs each category.
      if (!union(message).has('count')) continue;
      for (const c of categories) assert.ok(message[c as keyof PluralForms], `${id}: no "${c}" form`);
    }
  });
}

test('Arabic counts take the singular, dual, plural and accusative by Intl.PluralRules', () => {
  const t = createTranslator('ar', [CATALOGS.ar]);
  const count = (n: number) => t.t('catalog.accountsCount', { count: n });
  assert.equal(count(1), 'حساب واحد');
  assert.equal(count(2), 'حسابان');
  const n = new Intl.NumberFormat('ar');
  assert.equal(count(3), `${n.format(3)} حسابات`);
  assert.equal(count(11), `${n.format(11)} حسابًا`);
  assert.equal(count(100), `${n.format(100)} حساب`);
});

test('fallback per string: the host override, then ar-EG → ar, then English; an unknown language reads English', () => {
  const partial = { 'form.remove': 'إزالة' } as Partial<Messages>;
  const t = createTranslator('ar-EG', [{ 'form.submit': 'Link it' }, partial]);
  assert.equal(t.t('form.submit'), 'Link it');
  assert.equal(t.t('form.remove'), 'إزالة');
  assert.equal(t.t('form.required'), '(required)', 'a string the catalog lacks falls back to English');
  assert.equal(t.dir, 'rtl');
  assert.equal(createTranslator('xx-YY').t('form.required'), '(required)');
  assert.equal(createTranslator('not a tag!').locale, 'en');
});

test('placeholders are filled, numbers formatted for the locale, lists and waits through Intl', () => {
  const de = createTranslator('de', [CATALOGS.de]);
  assert.equal(de.t('widget.connect', { name: 'Stripe' }), 'Stripe verbinden');
  assert.equal(de.t('validation.minimum', { limit: 2.5 }), 'Geben Sie eine Zahl von mindestens 2,5 ein');
  assert.equal(de.list(['A', 'B', 'C']), 'A, B und C');
  assert.equal(de.wait(2500), '3 Sekunden');
  assert.equal(de.wait(120_000), '2 Minuten');
  assert.equal(createTranslator('en').wait(1000), '1 second');
  assert.equal(createTranslator('ja', [CATALOGS.ja]).wait(3 * 3600_000), '3 時間');
  assert.equal(createTranslator('en').t('form.summary', { count: 2, fields: createTranslator('en').list(['API key', 'Region']) }), '2 fields need attention: API key and Region.');
});

test('right-to-left languages are known by their tag', () => {
  assert.equal(directionOf('ar'), 'rtl');
  assert.equal(directionOf('ar-EG'), 'rtl');
  assert.equal(directionOf('he'), 'rtl');
  assert.equal(directionOf('de'), 'ltr');
  assert.equal(directionOf(undefined), 'ltr');
});

test('Accept-Language: q-values, regional tags and wildcards pick a shipped catalog; English otherwise', () => {
  assert.equal(negotiateLocale('de-CH, de;q=0.9, en;q=0.8'), 'de');
  assert.equal(negotiateLocale('xx, ar;q=0.5, fr;q=0.7'), 'fr');
  assert.equal(negotiateLocale('fr;q=0, ja'), 'ja');
  assert.equal(negotiateLocale('sv-SE, *;q=0.5'), 'en');
  assert.equal(negotiateLocale('tlh'), 'en');
  assert.equal(negotiateLocale(''), 'en');
  assert.equal(negotiateLocale(undefined), 'en');
  assert.equal(translatorForRequest('es-MX').t('form.remove'), 'Quitar');
});

test('a catalog other than English loads on demand, once', async () => {
  assert.equal(await loadCatalog('en'), undefined);
  assert.equal(await loadCatalog('tlh'), undefined);
  const ar = await loadCatalog('ar-EG');
  assert.equal(ar, CATALOGS.ar);
  assert.equal(await loadCatalog('ar'), ar);
});

test('checkbox groups, the refused redirect and the 429 countdown are worded in every language', () => {
  const schema = {
    type: 'object',
    required: ['scopes'],
    properties: { scopes: { type: 'array', title: 'Scopes', uniqueItems: true, minItems: 2, maxItems: 2, items: { enum: ['read', 'write', 'admin'] } } },
  } as const;
  const words = (locale: string) => {
    const tr = createTranslator(locale, [CATALOGS[locale as keyof typeof CATALOGS]]);
    const problem = (scopes: unknown) => validateValue(schema, scopes === undefined ? {} : { scopes }, tr).map((e) => e.message)[0];
    const throttled = normaliseErrorResponse({ status: 429, headers: { 'Retry-After': '5' }, bodyText: '{}', fieldResolves: () => false, secrets: [], translator: tr });
    const text = widgetTextOf(tr);
    return [problem(undefined), problem(['read']), problem(['read', 'write', 'admin']), text.redirected(302), text.redirected(0), text.tryAgainIn(5000), throttled.lead, throttled.message];
  };
  assert.deepEqual(words('en'), [
    'Choose at least one option for Scopes',
    'Choose at least 2 options',
    'Choose at most 2 options',
    'The token endpoint answered with a redirect (302), which is not followed. Contact support if it keeps happening.',
    'The token endpoint answered with a redirect, which is not followed. Contact support if it keeps happening.',
    'Try again in 5 seconds.',
    'Too many attempts.',
    'Too many attempts. Try again in 5 seconds.',
  ]);
  assert.deepEqual(words('de'), [
    'Wählen Sie mindestens eine Option für Scopes',
    'Wählen Sie mindestens 2 Optionen',
    'Wählen Sie höchstens 2 Optionen',
    'Der Token-Endpunkt hat mit einer Weiterleitung (302) geantwortet; ihr wird nicht gefolgt. Wenden Sie sich an den Support, falls das Problem weiterhin besteht.',
    'Der Token-Endpunkt hat mit einer Weiterleitung geantwortet; ihr wird nicht gefolgt. Wenden Sie sich an den Support, falls das Problem weiterhin besteht.',
    'Versuchen Sie es in 5 Sekunden erneut.',
    'Zu viele Versuche.',
    'Zu viele Versuche. Versuchen Sie es in 5 Sekunden erneut.',
  ]);
  const english = words('en');
  for (const locale of ['fr', 'es', 'ja', 'ar']) {
    const local = words(locale);
    local.forEach((w, i) => assert.notEqual(w, english[i], `${locale}: ${english[i]}`));
    assert.ok(local[3]!.includes('302') && !local[4]!.includes('302'), `${locale}: the status is shown when known`);
  }
  assert.equal(words('ar')[1], 'اختر خيارين على الأقل');
});

test('every message id a browser module words is in English it has loaded: the elements part, or the part that module (or one it imports) adds', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { enElements } = await import('../../src/core/i18n/en-elements.js');
  const parts: Record<string, object> = {
    enValidation: (await import('../../src/core/i18n/en-validation.js')).enValidation,
    enErrors: (await import('../../src/core/i18n/en-errors.js')).enErrors,
    enCatalog: (await import('../../src/core/i18n/en-catalog.js')).enCatalog,
    enCallback: (await import('../../src/core/i18n/en-callback.js')).enCallback,
  };
  const root = new URL('../../src/', import.meta.url);
  const source = (file: string) => readFileSync(new URL(file, root), 'utf8');
  // The parts a module has when it runs: those it adds (`addEnglish(enX)`), and those added by the
  // modules it imports, directly or not (read from the sources, as the bundler follows them; type-only
  // and dynamic imports load nothing).
  const added = (file: string, seen = new Set<string>()): object[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const text = source(file);
    const own = [...text.matchAll(/^addEnglish\((en\w+)\);/gm)].map((m) => parts[m[1]!]!).filter(Boolean);
    const imported = [...text.matchAll(/^import (?!type\b)(?:[^;]*? from )?'(\.[^']+)\.js';/gms)].map((m) => new URL(`${m[1]}.ts`, new URL(file, root)).href.slice(root.href.length));
    return [...own, ...imported.flatMap((f) => added(f, seen))];
  };
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('server') && !f.startsWith('core/i18n'));
  const areas = Object.keys(en)
    .map((id) => id.split('.')[0])
    .filter((a, i, all) => all.indexOf(a) === i);
  const idPattern = new RegExp(`'((?:${areas.join('|')})\\.\\w+)'`, 'g');
  const unreachable: string[] = [];
  let seen = 0;
  for (const file of files) {
    const reachable = [enElements, ...added(file)];
    for (const [, id] of source(file).matchAll(idPattern)) {
      if (!(id! in en)) continue;
      seen++;
      if (!reachable.some((part) => id! in part)) unreachable.push(`${file}: ${id}`);
    }
  }
  assert.ok(seen > 100, `found ${seen} worded ids`);
  assert.deepEqual(unreachable, []);
});

// The catalog's logic under Node, with data: which connectors are shown, how search ranks them,
// the category filter, connections, monograms and the sentences the catalog announces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { generateConnectors } from '../../demo/generated-connectors.mjs';
import {
  badgeOf,
  categoriesOf,
  connectionLabel,
  createCatalogSearch,
  fold,
  matchScore,
  monogram,
  MONOGRAM_TONES,
  parseCatalog,
  parseConnections,
  resultSummary,
  searchCatalog,
  type CatalogEntry,
} from '../../src/core/catalog.js';

const dir = new URL('../fixtures/connectors/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Record<string, unknown>);

const auth = { type: 'client-credentials', ui: { schema: { type: 'object', properties: { apiKey: { type: 'string' } } } } };
const def = (key: string, name: string, categories?: unknown, extra: Record<string, unknown> = {}) => ({ key, name, auth, ...(categories === undefined ? {} : { categories }), ...extra });

const list = [
  def('stripe', 'Stripe', ['Payments', 'Billing']),
  def('google-sheets', 'Google Sheets', ['Spreadsheets', 'Productivity']),
  def('credit-agricole', 'Crédit Agricole', ['Banking']),
  def('sheetsu', 'Sheetsu', ['Spreadsheets']),
  def('paypal', 'PayPal', ['Payments']),
  def('quickbooks', 'QuickBooks Online', ['Accounting', 'Billing']),
  def('acme-crm', 'Acme', ['CRM']),
  def('zendesk', 'Zendesk', ['Support']),
];
const entries = (): CatalogEntry[] => {
  const parsed = parseCatalog(list);
  assert.deepEqual(parsed.problems, []);
  return parsed.entries;
};
const keys = (found: CatalogEntry[]) => found.map((e) => e.key);

test('the real connector fixtures are all shown, in their order', () => {
  const parsed = parseCatalog(fixtures);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(
    keys(parsed.entries),
    fixtures.map((f) => f.key),
  );
});

test('a list that is not an array is refused with a sentence; broken or repeated entries are left out and named', () => {
  assert.deepEqual(parseCatalog({ connectors: [] }), { entries: [], problems: [], fatal: 'The connector list must be a JSON array of connector definitions.' });
  const parsed = parseCatalog([def('a', 'A'), { key: 'b', name: 'B' }, 'nonsense', def('a', 'Again')]);
  assert.deepEqual(keys(parsed.entries), ['a']);
  assert.equal(parsed.problems.length, 3);
  assert.match(parsed.problems[0]!, /^connectors\[1\] \(key "b"\): auth is missing/);
  assert.match(parsed.problems[1]!, /^connectors\[2\]: /);
  assert.equal(parsed.problems[2], 'connectors[3] (key "a"): the key is used by an earlier connector');
});

test('categories: trimmed, without repeats or blanks; logos only from http(s) URLs', () => {
  const [e] = parseCatalog([def('x', 'X', [' CRM ', 'CRM', '', 'Sales'], { logoUri: 'javascript:alert(1)' })]).entries;
  assert.deepEqual(e!.categories, ['CRM', 'Sales']);
  assert.equal(e!.logo, undefined);
  assert.equal(parseCatalog([def('x', 'X', undefined, { logoUri: 'data:image/png;base64,AAAA' })]).entries[0]!.logo, undefined);
  assert.equal(parseCatalog([def('x', 'X', undefined, { logoUri: 'https://cdn.example.com/x.svg' })]).entries[0]!.logo, 'https://cdn.example.com/x.svg');
  assert.match(parseCatalog([def('x', 'X', ['CRM', 7])]).problems[0]!, /categories must be a list of strings/);
});

test('fold: accents, case and punctuation do not matter', () => {
  assert.equal(fold('Crédit Agricole'), 'credit agricole');
  assert.equal(fold('ÉCOLE'), 'ecole');
  assert.equal(fold('google-sheets'), 'google sheets');
  assert.equal(fold('  Ｆｕｌｌ  width! '), 'full width');
});

test('search is accent- and case-insensitive over name, key and categories', () => {
  const all = entries();
  assert.deepEqual(keys(searchCatalog(all, { text: 'credit' })), ['credit-agricole']);
  assert.deepEqual(keys(searchCatalog(all, { text: 'CRÉDIT' })), ['credit-agricole']);
  assert.deepEqual(keys(searchCatalog(all, { text: 'crm' })), ['acme-crm'], 'by key and category');
  assert.deepEqual(keys(searchCatalog(all, { text: 'support' })), ['zendesk'], 'by category');
  assert.deepEqual(keys(searchCatalog(all, { text: 'googlesheets' })), ['google-sheets'], 'without the space');
  assert.deepEqual(keys(searchCatalog(all, { text: 'google-sheets' })), ['google-sheets'], 'by key as written');
  assert.deepEqual(keys(searchCatalog(all, { text: 'xyz' })), []);
});

test('best matches first: the whole name, then its start, a word, inside the name, the key, a category', () => {
  const all = entries();
  // "sheets": Sheetsu's name starts with it; Google Sheets has it as a word; the spreadsheets are a category match (ranked after).
  assert.deepEqual(keys(searchCatalog(all, { text: 'sheets' })), ['sheetsu', 'google-sheets']);
  assert.deepEqual(keys(searchCatalog(all, { text: 'pay' })), ['paypal', 'stripe'], 'a name before a category');
  assert.deepEqual(keys(searchCatalog(all, { text: 'billing' })), ['stripe', 'quickbooks'], 'equal matches keep the list order');
  const exact = parseCatalog([def('a', 'Slack Connect'), def('b', 'Slack')]).entries;
  assert.deepEqual(keys(searchCatalog(exact, { text: 'slack' })), ['b', 'a'], 'the whole name first');
});

test('every word must match; an empty search lists everything in order', () => {
  const all = entries();
  assert.deepEqual(keys(searchCatalog(all, { text: 'quick online' })), ['quickbooks']);
  assert.deepEqual(keys(searchCatalog(all, { text: 'quick stripe' })), []);
  assert.deepEqual(keys(searchCatalog(all, { text: '  ' })), keys(all));
});

test('the category filter keeps the connectors of that category, and combines with search', () => {
  const all = entries();
  assert.deepEqual(keys(searchCatalog(all, { category: 'Billing' })), ['stripe', 'quickbooks']);
  assert.deepEqual(keys(searchCatalog(all, { text: 'quick', category: 'Billing' })), ['quickbooks']);
  assert.deepEqual(keys(searchCatalog(all, { text: 'stripe', category: 'Spreadsheets' })), []);
  assert.deepEqual(categoriesOf(all).slice(0, 3), [
    { name: 'Accounting', count: 1 },
    { name: 'Banking', count: 1 },
    { name: 'Billing', count: 2 },
  ]);
});

test('over 2000 connectors: the whole name first, then the names that start with the words, then the rest', () => {
  const big = parseCatalog(Array.from({ length: 2000 }, (_, i) => def(`c${i}`, `Connector ${i}`, [i % 2 ? 'Odd' : 'Even']))).entries;
  const found = keys(searchCatalog(big, { text: 'connector 19', category: 'Odd' }));
  assert.equal(found[0], 'c19');
  const starts = big.filter((e) => e.categories.includes('Odd') && /^Connector 19\d+$/.test(e.name)).map((e) => e.key);
  assert.deepEqual(found.slice(1, 1 + starts.length), starts, 'then "Connector 19…", in list order');
  assert.ok(found.length > 1 + starts.length, 'then the others whose key has 19 in it (c1019, …)');
  assert.ok(
    found.every((k) => Number(k.slice(1)) % 2 === 1),
    'all in the category',
  );
});

test('connections: several per connector, in order; malformed entries are left out and named', () => {
  const { byConnector, problems } = parseConnections([
    { connector: 'stripe', id: 'c1', label: 'Production' },
    { connector: 'stripe', id: 'c2', status: 'needs-reconnect' },
    { connector: 'zendesk', id: 'c3', label: '  ' },
    { connector: 'zendesk' },
    null,
  ]);
  assert.deepEqual(byConnector.get('stripe'), [
    { connector: 'stripe', id: 'c1', label: 'Production' },
    { connector: 'stripe', id: 'c2', status: 'needs-reconnect' },
  ]);
  assert.equal(connectionLabel(byConnector.get('stripe')![0]!), 'Production');
  assert.equal(connectionLabel(byConnector.get('zendesk')![0]!), 'Connected', 'no label (or a blank one): "Connected"');
  assert.deepEqual(problems, ['connections[3] needs a connector key and an id (strings)', 'connections[4] needs a connector key and an id (strings)']);
  assert.deepEqual(parseConnections(undefined).problems, []);
  assert.equal(parseConnections({}).problems.length, 1);
});

test('badges say in words whether a connector is connected and whether an account needs reconnecting', () => {
  assert.equal(badgeOf(undefined), undefined);
  assert.equal(badgeOf([{ connector: 'a', id: '1' }]), 'Connected');
  assert.equal(badgeOf([{ connector: 'a', id: '1', status: 'needs-reconnect' }]), 'Needs reconnect');
  assert.equal(
    badgeOf([
      { connector: 'a', id: '1' },
      { connector: 'a', id: '2' },
    ]),
    '2 accounts',
  );
  assert.equal(
    badgeOf([
      { connector: 'a', id: '1' },
      { connector: 'a', id: '2', status: 'needs-reconnect' },
    ]),
    '2 accounts, 1 needs reconnect',
  );
});

test('monograms: two initials, a stable colour per key', () => {
  assert.deepEqual(monogram('Google Sheets', 'google-sheets').initials, 'GS');
  assert.equal(monogram('Stripe', 'stripe').initials, 'ST');
  assert.equal(monogram('économie', 'eco').initials, 'ÉC');
  assert.equal(monogram('!!!', 'zz').initials, 'ZZ', 'no letters in the name: the key');
  assert.equal(monogram('Stripe', 'stripe').tone, monogram('Another name', 'stripe').tone, 'the colour follows the key');
  const tones = new Set(Array.from({ length: 200 }, (_, i) => monogram('X', `key-${i}`).tone));
  assert.equal(tones.size, MONOGRAM_TONES, 'every colour is used');
  for (const t of tones) assert.ok(t >= 0 && t < MONOGRAM_TONES);
});

test('the announced summary says how many, or what was searched when nothing matched', () => {
  assert.equal(resultSummary(2000, {}), '2000 connectors.');
  assert.equal(resultSummary(1, { text: 'strip' }), '1 connector matches “strip”.');
  assert.equal(resultSummary(3, { text: 'pay', category: 'Payments' }), '3 connectors match “pay” in Payments.');
  assert.equal(resultSummary(0, { text: 'strp' }), 'No connectors match “strp”.');
  assert.equal(resultSummary(0, { text: 'strp', category: 'CRM' }), 'No connectors match “strp” in CRM.');
});

test('a search box that narrows as the user types ranks exactly as a fresh search, keystroke after keystroke', () => {
  const all = parseCatalog([...list, ...generateConnectors(300)]).entries;
  const categories = ['', ...categoriesOf(all).map((c) => c.name)];
  // What a user does in the box: type a letter (accents, capitals and spaces too), delete one, clear it,
  // select all and type or paste other text, pick a category.
  const action = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'abcdeilmnoprstuyzé É-'.split('')).map((ch) => ({ type: ch })) },
    { weight: 2, arbitrary: fc.constant({ backspace: true }) },
    { weight: 1, arbitrary: fc.constant({ clear: true }) },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-eilmnoprstuyz ]{1,6}$/).map((replace) => ({ replace })) },
    { weight: 1, arbitrary: fc.constantFrom(...categories).map((category) => ({ category })) },
  );
  fc.assert(
    fc.property(fc.array(action, { minLength: 1, maxLength: 30 }), (actions) => {
      const search = createCatalogSearch(all);
      let text = '';
      let category = '';
      for (const a of actions) {
        if ('type' in a) text += a.type;
        else if ('backspace' in a) text = text.slice(0, -1);
        else if ('clear' in a) text = '';
        else if ('replace' in a) text = a.replace;
        else category = a.category;
        const query = { text, category: category || undefined };
        assert.deepEqual(keys(search(query)), keys(searchCatalog(all, query)), JSON.stringify(query));
      }
    }),
    { numRuns: 300 },
  );
});

test('search lists every match by its score, best first, equal scores in the list order (as a sort by score, then position, would)', () => {
  const all = parseCatalog([...list, ...generateConnectors(400)]).entries;
  const categories = ['', ...categoriesOf(all).map((c) => c.name)];
  fc.assert(
    fc.property(
      fc.oneof(fc.stringMatching(/^[a-eilmnoprstuyz ]{0,6}$/), fc.constantFrom('o', 'a', 's', 'pay', 'north mail', 'zurich 3', 'sheets', 'googlesheets')),
      fc.constantFrom(...categories),
      (typed, category) => {
        const text = fold(typed);
        const pool = category ? all.filter((e) => e.categories.includes(category)) : all;
        const expected = pool
          .map((entry) => ({ entry, score: matchScore(entry, text) }))
          .filter((m) => !text || m.score > 0)
          .sort((a, b) => b.score - a.score || a.entry.order - b.entry.order)
          .map((m) => m.entry.key);
        assert.deepEqual(keys(searchCatalog(all, { text: typed, category: category || undefined })), expected, JSON.stringify({ typed, category }));
      },
    ),
    { numRuns: 300 },
  );
  // Scores say what the ranking means: the whole name beats its start, which beats a word, a category.
  const [paypal, stripe] = [all.find((e) => e.key === 'paypal')!, all.find((e) => e.key === 'stripe')!];
  assert.ok(matchScore(paypal, 'paypal') > matchScore(paypal, 'pay'));
  assert.ok(matchScore(paypal, 'pay') > matchScore(stripe, 'pay'));
  assert.ok(matchScore(stripe, 'pay') > 0);
  assert.equal(matchScore(stripe, 'xyz'), 0);
});

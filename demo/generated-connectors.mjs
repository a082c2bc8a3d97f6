// Made-up connectors in any number, the same every time: the demo's Integrations page, the catalog's
// browser tests, its stories and bench/catalog.bench.mjs list them beside the real fixtures. Each asks
// for an API key (the demo's fake third-party API accepts any key without "wrong" in it).

const FIRST = [
  'Acme',
  'Blue',
  'Cloud',
  'Crédit',
  'Data',
  'Échelle',
  'Fast',
  'Green',
  'Hyper',
  'Iron',
  'Jade',
  'Kite',
  'Lumen',
  'Metro',
  'North',
  'Öko',
  'Pixel',
  'Quartz',
  'River',
  'Solar',
  'Terra',
  'Umbra',
  'Vertex',
  'Wave',
  'Xeno',
  'Yield',
  'Zürich',
];
const SECOND = [
  'Analytics',
  'Billing',
  'Books',
  'Calendar',
  'Chat',
  'CRM',
  'Desk',
  'Drive',
  'Forms',
  'HR',
  'Invoices',
  'Mail',
  'Maps',
  'Notes',
  'Pay',
  'Pipeline',
  'Sheets',
  'Shop',
  'Sign',
  'Survey',
  'Tasks',
  'Tickets',
  'Video',
  'Wiki',
];
const CATEGORIES = {
  Analytics: ['Analytics'],
  Billing: ['Payments', 'Accounting'],
  Books: ['Accounting'],
  Calendar: ['Productivity'],
  Chat: ['Communication'],
  CRM: ['CRM', 'Sales'],
  Desk: ['Support'],
  Drive: ['Storage'],
  Forms: ['Productivity'],
  HR: ['HR'],
  Invoices: ['Accounting', 'Payments'],
  Mail: ['Communication', 'Marketing'],
  Maps: ['Developer tools'],
  Notes: ['Productivity'],
  Pay: ['Payments'],
  Pipeline: ['Sales'],
  Sheets: ['Productivity', 'Storage'],
  Shop: ['E-commerce'],
  Sign: ['Legal'],
  Survey: ['Marketing'],
  Tasks: ['Project management'],
  Tickets: ['Support'],
  Video: ['Communication'],
  Wiki: ['Productivity'],
};

const slug = (text) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** `count` connector definitions with keys, names and categories; names repeat with a number after 648. */
export function generateConnectors(count) {
  const list = [];
  for (let i = 0; i < count; i++) {
    // Walk the pairs so that neighbours differ in both words.
    const a = i % FIRST.length;
    const b = Math.floor(i / FIRST.length) % SECOND.length;
    const first = FIRST[a];
    const second = SECOND[(a + b) % SECOND.length];
    const round = Math.floor(i / (FIRST.length * SECOND.length));
    const name = `${first} ${second}${round ? ` ${round + 1}` : ''}`;
    list.push({
      key: slug(name),
      name,
      categories: CATEGORIES[second],
      auth: {
        type: 'client-credentials',
        ui: {
          description: `Paste an API key from ${name}'s settings.`,
          schema: {
            type: 'object',
            required: ['apiKey'],
            properties: { apiKey: { type: 'string', title: 'API Key', writeOnly: true, minLength: 4 } },
          },
        },
      },
    });
  }
  return list;
}

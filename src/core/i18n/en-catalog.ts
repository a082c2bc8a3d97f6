/**
 * English, part 4: `<connect-catalog>`. Added to the English the translators read by core/catalog.ts,
 * so they come with the catalog (in the script-tag build, the catalog chunk).
 */
import type { PluralForms } from './format.js';

export const enCatalog = {
  // ---- <connect-catalog> ----
  'catalog.loading': 'Loading connectors…',
  'catalog.search': 'Search',
  'catalog.searchPlaceholder': 'Name or category',
  'catalog.category': 'Category',
  'catalog.allCategories': 'All categories',
  'catalog.clearSearch': 'Clear search',
  'catalog.showAllCategories': 'Show all categories',
  'catalog.grid': 'Connectors',
  'catalog.accounts': 'Connected accounts',
  'catalog.needsReconnectLong': 'Needs to be reconnected',
  'catalog.reconnect': 'Reconnect',
  'catalog.disconnect': 'Disconnect',
  'catalog.addAnother': 'Add another',
  'catalog.addAnotherAccount': '{name} account',
  'catalog.back': 'Back',
  'catalog.connectName': 'Connect {name}',
  'catalog.connected': 'Connected',
  'catalog.needsReconnect': 'Needs reconnect',
  'catalog.accountsCount': { one: '{count} account', other: '{count} accounts' } as PluralForms,
  'catalog.accountsStale': { one: '{accounts}, {count} needs reconnect', other: '{accounts}, {count} need reconnect' } as PluralForms,
  'catalog.count': { one: '{count} connector.', other: '{count} connectors.' } as PluralForms,
  'catalog.countIn': { one: '{count} connector in {category}.', other: '{count} connectors in {category}.' } as PluralForms,
  'catalog.matches': { one: '{count} connector matches “{query}”.', other: '{count} connectors match “{query}”.' } as PluralForms,
  'catalog.matchesIn': { one: '{count} connector matches “{query}” in {category}.', other: '{count} connectors match “{query}” in {category}.' } as PluralForms,
  'catalog.none': 'No connectors.',
  'catalog.noneIn': 'No connectors in {category}.',
  'catalog.noMatch': 'No connectors match “{query}”.',
  'catalog.noMatchIn': 'No connectors match “{query}” in {category}.',
  'catalog.listNotLoaded': 'The connector list could not be loaded from {url}: {reason}.',
  'catalog.someCannotShow': { one: 'One connector cannot be shown: {problems}.', other: '{count} connectors cannot be shown: {problems}.' } as PluralForms,
  'catalog.noneUsable': 'No connector in the list can be used: {problems}.',
  'catalog.connectionsProblem': 'Some connections cannot be shown: {problems}.',
  'catalog.noSuchConnector': 'There is no connector “{key}” in this catalog.',
};

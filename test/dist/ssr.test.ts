import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

// Importing any entry under Node (server-side rendering) does not throw, and gives what the entry
// promises. Reads the built package (npm test builds first) through its own exports map.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/** What each entry must export (a user's import of it fails without these). */
const EXPECTED: Record<string, string[]> = {
  '.': ['ConnectWidget', 'ConnectForm', 'ConnectCatalog', 'ConnectOptionPicker', 'openConnect', 'ConnectError'],
  './elements': ['ConnectWidget', 'ConnectForm', 'ConnectCatalog', 'ConnectOptionPicker', 'openConnect', 'ConnectError'],
  './define': [],
  './callback': ['handleCallback'],
  './server': ['createTokenEndpoint', 'FieldErrors', 'toNodeHandler'],
  './react': ['ConnectWidget', 'ConnectForm', 'ConnectCatalog', 'openConnect'],
  './vue': ['ConnectWidget', 'ConnectForm', 'ConnectCatalog', 'ConnectWidgetPlugin', 'openConnect'],
};

test('every import entry of the package is listed here', () => {
  const entries = Object.entries<Record<string, string> | string>(pkg.exports)
    .filter(([, target]) => typeof target !== 'string' && target.import)
    .map(([entry]) => entry);
  assert.deepEqual(entries.sort(), Object.keys(EXPECTED).sort());
});

for (const [entry, names] of Object.entries(EXPECTED)) {
  test(`import "connect-widget${entry.slice(1)}" under Node does not throw and exports ${names.join(', ') || 'nothing it needs'}`, async () => {
    const target = pkg.exports[entry]?.import as string | undefined;
    assert.ok(target, `package.json exports ${entry}`);
    const file = new URL(`../../${target}`, import.meta.url);
    assert.ok(existsSync(file), `${target} exists (run npm run build first)`);
    const mod = await import(file.href);
    // Element classes and functions are functions; React's forwardRef and Vue's components are objects.
    for (const name of names) assert.ok(['function', 'object'].includes(typeof mod[name]) && mod[name] !== null, `${entry} exports ${name}`);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

// SPEC "Packaging": importing any entry under Node (server-side rendering) does not throw.
// Reads the built package (npm test builds first) through its own exports map.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

for (const [entry, target] of Object.entries<Record<string, string> | string>(pkg.exports)) {
  if (typeof target === 'string' || !target.import) continue;
  test(`import "connect-widget${entry.slice(1)}" under Node does not throw`, async () => {
    const file = new URL(`../../${target.import}`, import.meta.url);
    assert.ok(existsSync(file), `${target.import} exists (run npm run build first)`);
    const mod = await import(file.href);
    assert.ok(Object.keys(mod).length >= 0);
    if (entry === '.') assert.equal(typeof mod.ConnectForm, 'function');
    if (entry === './server') assert.equal(typeof mod.createTokenEndpoint, 'function');
  });
}

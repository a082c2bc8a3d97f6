// docs/i18n.md lists every message id with its English text, and nothing else: the table cannot go stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { en } from '../../src/core/i18n/en.js';

test('docs/i18n.md lists exactly the ids of the English catalog, each with its English text', () => {
  const doc = readFileSync(new URL('../../docs/i18n.md', import.meta.url), 'utf8');
  const rows = new Map([...doc.matchAll(/^\| `([\w.]+)` \| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!.replace(/\\\|/g, '|')]));
  const expected: [string, string][] = Object.entries(en).map(([id, m]) => [
    id,
    typeof m === 'string'
      ? m
      : Object.entries(m)
          .map(([k, v]) => `${k}: ${v}`)
          .join(' · '),
  ]);
  assert.deepEqual([...rows.keys()].sort(), expected.map(([id]) => id).sort(), 'the ids in the table');
  for (const [id, text] of expected) assert.equal(rows.get(id), text, id);
});

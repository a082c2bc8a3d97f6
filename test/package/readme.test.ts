// The README's snippets are the tested ones: each code block marked `<!-- example: path -->` equals
// that file, and every file in examples/ is shown in the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map((m) => ({ path: m[1]!, code: m[2]! }));

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(root, path)];
  });

test('every marked README code block equals its file', () => {
  assert.ok(blocks.length >= 6, `found ${blocks.length} marked blocks`);
  for (const { path, code } of blocks) assert.equal(code, readFileSync(join(root, path), 'utf8').replace(/\n$/, ''), `README block for ${path}`);
});

test('every example file is shown in the README', () => {
  const shown = new Set(blocks.map((b) => b.path));
  for (const file of files(join(root, 'examples'))) assert.ok(shown.has(file), `${file} is in the README`);
});

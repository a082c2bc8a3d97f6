// Runs the Node-side tests (core and server) with node:test; Node 20's --test takes no globs.
// `*.browser.test.ts` files are for @web/test-runner (Chromium), never run here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['test/core', 'test/server'];
const files = [];
const walk = (dir) => {
  if (/\.test\.(ts|mjs)$/.test(dir)) return void files.push(dir);
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.test\.(ts|mjs)$/.test(name) && !/\.browser\.test\.ts$/.test(name)) files.push(path);
  }
};
dirs.forEach(walk);
if (!files.length) {
  console.error('no test files found in', dirs.join(', '));
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/tools/fast-check-seed.mjs', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
// A test process killed by a signal has no status: say so, or the run ends with no word of why.
if (run.signal) console.error(`the test process was killed by ${run.signal}`);
process.exit(run.status ?? 1);

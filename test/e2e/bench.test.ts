// `npm run bench` is a benchmark, not a test; this keeps it from rotting. A smoke run (a sample or
// two of everything, on the dist/ that `npm test` just built) must measure every figure for all
// three renderers, find our error messages and controls, and map its CPU profiles back to src/.
// Nothing here looks at how fast anything is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const IMPLS = ['ours', 'rjsf', 'plain'] as const;

interface Stats {
  median: number | null;
  errors?: { case: string; error: string }[];
  message?: string | null;
}

test('bench/run.mjs --smoke measures every figure for connect-widget, rjsf and plain DOM', { timeout: 15 * 60 * 1000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'connect-bench-'));
  try {
    const { stdout } = await run(process.execPath, ['bench/run.mjs', '--smoke', '--no-build', '--out', out], { maxBuffer: 16 << 20 });
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));

    for (const [group, g] of Object.entries(result.mount) as [string, { stats: Record<string, Stats> }][]) {
      for (const impl of IMPLS) {
        assert.deepEqual(g.stats[impl]!.errors, [], `${impl} failed to mount in ${group}`);
        assert.ok(g.stats[impl]!.median! > 0, `${impl} ${group}`);
      }
    }
    for (const n of ['10', '400']) {
      const k = result.keystroke[n];
      assert.deepEqual(k.problems, [], `keystroke ${n}`);
      // Each renderer showed an error for the pattern field, and took it back.
      for (const impl of IMPLS) assert.ok(k.stats[impl].median > 0 && k.stats[impl].message, `${impl} keystroke ${n}`);
      // And split it at the input event: the browser's part before it, the renderer's after it.
      for (const impl of IMPLS) assert.ok(k.stats[impl].toInputMedian > 0 && k.stats[impl].afterInputMedian >= 0, `${impl} keystroke ${n}: keydown → input → error`);
    }
    for (const impl of IMPLS) assert.ok(result.cold[impl].median > 0, `${impl} cold start`);

    assert.ok(result.size.total.files.includes('dist/connect-widget.js'));
    assert.ok(result.size.firstForm.files.includes('dist/connect-widget.js'), 'the cold page loaded the script-tag build');
    // Everything counts the chunks (the minifier writes their import() specifiers as template literals);
    // the first form's path is what was fetched before it was interactive: never the catalog element.
    assert.ok(
      result.size.total.files.some((f: string) => /^dist\/connect-widget\.validator\..+\.js$/.test(f)),
      'the validator chunk is in everything',
    );
    assert.ok(!result.size.firstForm.files.some((f: string) => /connect-widget\.catalog\./.test(f)), 'the catalog chunk is not on the first form path');
    assert.ok(result.size.oauth.files.includes('dist/connect-widget.js') && result.size.oauth.gzip < result.size.total.gzip);
    assert.ok(result.size.total.gzip > 1000 && result.size.rjsf.gzip > result.size.total.gzip);
    assert.ok(result.size.npmPack.packed > 0);

    assert.equal(result.leak.failed, 0);
    assert.equal(typeof result.leak.growth.listeners, 'number');
    assert.equal(typeof result.leak.growth.heapBytes, 'number');

    for (const kind of ['mount', 'keystroke']) {
      const p = result.profiles[kind];
      assert.ok(existsSync(join(out, `${kind === 'mount' ? 'mount-slowest' : 'keystroke-400'}.cpuprofile`)), kind);
      assert.ok(
        p.functions.some((f: { where: string }) => f.where.startsWith('src/')),
        `${kind}: no function mapped back to src/ (source maps of dist/connect-widget.js)`,
      );
    }
    assert.match(stdout, /\| figure +\| connect-widget +\| rjsf +\| plain DOM +\| ours \/ rjsf +\| ours \/ plain +\| target +\| met +\|/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

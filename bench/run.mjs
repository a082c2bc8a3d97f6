#!/usr/bin/env node
// `npm run bench`: connect-widget side by side with react-jsonschema-form and a plain-DOM renderer,
// on the same schemas, in one Chromium run. Prints one table (each figure with its target and
// whether it is met), writes bench/out/result.json and CPU profiles of the slowest render and of
// the 400-field keystroke. A benchmark, not a test: it fails only when it cannot measure.
//
//   npm run bench                       build dist/, measure everything (a few minutes)
//   node bench/run.mjs --no-build       measure the dist/ that is there
//   node bench/run.mjs --smoke          a few samples of everything (npm test runs this, so it cannot rot)
//   node bench/run.mjs --out DIR        write results elsewhere than bench/out/
//   node bench/run.mjs --analyse F      top self-time functions of a saved .cpuprofile (source-mapped)
//   node bench/run.mjs --only LIST      measure only these parts (comma-separated), for working on one row:
//                                       fixtures, real, constructs, sized-25, sized-100, sized-400 (mount rows),
//                                       keystroke, cold, leak, size, profile (CPU profiles of what else ran);
//                                       e.g. `--no-build --only sized-400,keystroke,profile`
//
// Definitions and how the schemas are generated: README.md, "Speed and size".
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { init as lexerReady, parse as parseImports } from 'es-module-lexer';
import { SourceMapConsumer } from 'source-map-js';
import { chromiumArgs, ensureChromium } from '../test/tools/chromium.mjs';
import { constructCases, fixtureCases, keystrokeCases, realCases, sizedCases } from './schemas.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    build: { type: 'boolean', default: true },
    out: { type: 'string', default: join(ROOT, 'bench', 'out') },
    catalog: { type: 'boolean', default: true },
    analyse: { type: 'string' },
    only: { type: 'string' },
  },
  allowNegative: true,
});
const SMOKE = opts.smoke;
const PARTS = ['fixtures', 'real', 'constructs', 'sized-25', 'sized-100', 'sized-400', 'keystroke', 'cold', 'leak', 'size', 'profile'];
const ONLY = opts.only === undefined ? undefined : new Set(opts.only.split(',').map((p) => p.trim()));
for (const p of ONLY ?? []) if (!PARTS.includes(p)) throw new Error(`--only: unknown part "${p}" (one of ${PARTS.join(', ')})`);
/** True when this part of the bench is measured in this run. */
const want = (part) => !ONLY || ONLY.has(part);
const OUT = resolve(opts.out);
const PAGES_OUT = join(OUT, 'pages');
mkdirSync(OUT, { recursive: true });

// Samples per figure. Rounds alternate the renderers (in a rotating order), so that the machine's
// drift (other processes on a shared machine) falls on all three alike.
const PLAN = SMOKE
  ? {
      rounds: { fixtures: 1, real: 1, constructs: 1, 'sized-25': 1, 'sized-100': 1, 'sized-400': 1 },
      realCount: 6,
      keystrokes: { 10: 3, 400: 2 },
      cold: 1,
      leakCycles: 20,
      profileReps: 1,
      profileKeys: 2,
    }
  : {
      rounds: { fixtures: 9, real: 3, constructs: 7, 'sized-25': 15, 'sized-100': 9, 'sized-400': 5 },
      realCount: 300,
      keystrokes: { 10: 100, 400: 40 },
      cold: 7,
      leakCycles: 1000,
      profileReps: 3,
      profileKeys: 10,
    };
const WARMUP_KEYS = SMOKE ? 0 : 3;

const IMPLS = ['ours', 'rjsf', 'plain'];
const LABEL = { ours: 'connect-widget', rjsf: 'rjsf', plain: 'plain DOM' };
const t0 = Date.now();
const log = (...a) => console.error(`bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s:`, ...a);

// ---------- statistics ----------
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const quantile = (xs, q) => {
  if (!xs.length) return null;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (xs) => {
  if (!xs.length) return null;
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 2) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

// ---------- build ----------
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

async function buildPages() {
  // The comparison pages' scripts: rjsf (React 19 + @rjsf/core + validator-ajv8) and the plain-DOM
  // renderer, minified by Vite as an app would ship them, and the shared harness. Our side is
  // dist/connect-widget.js itself, loaded by a script tag.
  await build({
    configFile: false,
    logLevel: 'error', // rjsf's 'use client' directives and its bundle size are known, not news
    root: join(ROOT, 'bench', 'pages'),
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: PAGES_OUT,
      emptyOutDir: true,
      minify: true,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: Object.fromEntries(['harness', ...IMPLS].map((n) => [n, join(ROOT, 'bench', 'pages', `${n}.js`)])),
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}

// ---------- the pages' server ----------
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.html': 'text/html', '.map': 'application/json' };
const page = (impl) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench: ${LABEL[impl]}</title></head>
<body><main id="stage"></main>
${impl === 'ours' ? '<script type="module" src="/dist/connect-widget.js"></script>\n' : ''}<script type="module" src="/out/${impl}.js"></script>
<script type="module" src="/out/harness.js"></script>
</body></html>`;

function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const html = /^\/(ours|rjsf|plain)\.html$/.exec(path);
    if (html) return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(html[1]));
    const file = path.startsWith('/dist/') ? join(ROOT, path) : path.startsWith('/out/') ? join(PAGES_OUT, path.slice(5)) : undefined;
    if (!file || (!file.startsWith(ROOT + sep) && !file.startsWith(PAGES_OUT + sep)) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ---------- sizes ----------
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
function sizeOf(files) {
  const out = { files: files.map((f) => relative(ROOT, f)), raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const b = readFileSync(f);
    out.raw += b.length;
    out.gzip += gz(b);
    out.brotli += br(b);
  }
  return out;
}

/**
 * The entry and every chunk it can load (static and dynamic imports with a literal specifier); with
 * `dynamic`, only the dynamic imports it accepts (static ones always).
 */
async function reachable(entry, dynamic = () => true) {
  await lexerReady;
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const [imports] = parseImports(source);
    for (const i of imports) {
      // The minifier writes import(`./chunk.js`): a template literal, which the lexer leaves unnamed.
      const n = i.n ?? (i.d > -1 ? /^`([^`$]*)`$/.exec(source.slice(i.s, i.e))?.[1] : undefined);
      if (!n || !(n.startsWith('./') || n.startsWith('../'))) continue;
      const target = resolve(dirname(file), n);
      // es-module-lexer: d === -1 for a static import, > -1 for a dynamic import().
      if (i.d === -1 || dynamic(target)) visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

function npmPack() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [info] = JSON.parse(out);
  return { packed: info.size, unpacked: info.unpackedSize, files: info.entryCount };
}

// ---------- CPU profiles ----------
const mapCache = new Map();
function sourceMapFor(url) {
  const path = new URL(url).pathname;
  if (!path.startsWith('/dist/')) return undefined;
  if (!mapCache.has(path)) {
    const mapFile = join(ROOT, `${path}.map`);
    mapCache.set(path, existsSync(mapFile) ? new SourceMapConsumer(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
  }
  return mapCache.get(path);
}

// Names in the minified build are mangled: read the function's name from the original source, at
// the mapped position (a declaration) or just before it (the mapping may point at the parameters).
const NAME = /^(?:(?:export|default|async|static|private|protected|public|override|get|set|function\*?)\s+)*(#?[A-Za-z_$][\w$]*)\s*(?:[=:(<]|$)/;
const NAME_BEFORE = /(#?[A-Za-z_$][\w$]*)\s*(?:=\s*(?:async\s*)?)?\(?\s*$/;
function originalName(map, pos) {
  const text = map.sourceContentFor(pos.source, true)?.split('\n')[pos.line - 1] ?? '';
  const before = text.slice(Math.max(0, pos.column - 80), pos.column);
  const here = text.slice(pos.column).trim();
  // At the parameter list ("visibleFields(|field: Field)"), the name is the word before it.
  const m = (/\(\s*$/.test(before) ? NAME_BEFORE.exec(before) : null) ?? NAME.exec(here) ?? NAME_BEFORE.exec(before) ?? (text.length < 300 ? NAME.exec(text.trim()) : null);
  // A dependency that ships minified (lit-html) keeps its own short names: show the code too.
  const snippet = text.length > 300 ? text.slice(pos.column, pos.column + 60) : undefined;
  return { name: m ? m[1] : (pos.name ?? '(anonymous)'), snippet };
}

/** Self time per function (source-mapped to src/ and node_modules/ for dist/), top first. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const rows = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const { callFrame: f } = byId.get(id);
    if (f.functionName === '(idle)') continue;
    total += us;
    let name = f.functionName || '(anonymous)';
    let snippet;
    let where = f.url ? `${new URL(f.url).pathname}:${f.lineNumber + 1}` : '(native)';
    const map = f.url ? sourceMapFor(f.url) : undefined;
    if (map && f.lineNumber >= 0) {
      const pos = map.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber, bias: SourceMapConsumer.LEAST_UPPER_BOUND });
      if (pos.source) {
        ({ name, snippet } = originalName(map, pos));
        const source = pos.source.replace(/^(\.\.\/)+/, '');
        // Minified dependencies (lit-html ships minified) are one long line: the column tells functions apart.
        where = `${source}:${pos.line}${source.startsWith('node_modules/') ? `:${pos.column}` : ''}`;
      }
    }
    const key = `${name} ${where}`;
    const row = rows.get(key) ?? { function: name, where, ...(snippet ? { code: snippet } : {}), ms: 0 };
    row.ms += us / 1000;
    rows.set(key, row);
  }
  const list = [...rows.values()].sort((a, b) => b.ms - a.ms).map((r) => ({ ...r, ms: round(r.ms), share: round((r.ms * 1000) / total, 3) }));
  const byFile = new Map();
  for (const r of list) {
    const file = r.where.startsWith('node_modules/')
      ? r.where
          .split('/')
          .slice(0, r.where.startsWith('node_modules/@') ? 3 : 2)
          .join('/')
      : r.where.replace(/(:\d+)+$/, '');
    byFile.set(file, (byFile.get(file) ?? 0) + r.ms);
  }
  const files = [...byFile].sort((a, b) => b[1] - a[1]).map(([file, ms]) => ({ file, ms: round(ms), share: round((ms * 1000) / total, 3) }));
  return { totalMs: round(total / 1000), functions: list, files };
}

async function profiled(cdp, name, body) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await body();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  const file = join(OUT, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { file: relative(ROOT, file), ...selfTimes(profile) };
}

// ---------- measurements ----------
async function mountGroup(pages, cases, rounds) {
  // samples[impl][caseIndex] = [ms, ...]; errors[impl] = [{ case, error }]
  const samples = Object.fromEntries(IMPLS.map((i) => [i, cases.map(() => [])]));
  const errors = Object.fromEntries(IMPLS.map((i) => [i, []]));
  for (let r = -1; r < rounds; r++) {
    // Round -1 is the warm-up (JIT, caches), not recorded.
    const order = IMPLS.map((_, k) => IMPLS[(k + Math.max(r, 0)) % IMPLS.length]);
    for (const impl of order) {
      const out = await pages[impl].evaluate((cs) => window.bench.mountAll(cs), cases);
      if (r < 0) continue;
      out.forEach((v, k) => (typeof v === 'number' ? samples[impl][k].push(v) : errors[impl].push({ case: cases[k].id, error: v.error })));
    }
  }
  return { samples, errors };
}

function summarise(cases, { samples, errors }) {
  const perCase = Object.fromEntries(IMPLS.map((i) => [i, samples[i].map(median)]));
  const stats = {};
  for (const impl of IMPLS) {
    // One case: its samples. Several: the median and p95 of the per-case medians.
    const xs = cases.length === 1 ? samples[impl][0] : perCase[impl].filter((x) => x !== null);
    stats[impl] = { median: round(median(xs)), p95: round(quantile(xs, 0.95)), n: xs.length, errors: errors[impl] };
  }
  const ratioTo = (other) => {
    const rs = cases.map((_, k) => (perCase.ours[k] && perCase[other][k] ? perCase.ours[k] / perCase[other][k] : null)).filter((x) => x !== null);
    return round(median(rs), 3);
  };
  return {
    cases: cases.length,
    stats,
    ratio: { rjsf: ratioTo('rjsf'), plain: ratioTo('plain') },
    perCase: cases.map((c, k) => ({ id: c.id, ...Object.fromEntries(IMPLS.map((i) => [i, round(perCase[i][k])])) })),
  };
}

async function keystrokes(pages, kcase, count) {
  const samples = Object.fromEntries(IMPLS.map((i) => [i, { error: [], clear: [], toInput: [], afterInput: [] }]));
  const problems = [];
  for (const impl of IMPLS) {
    const p = pages[impl];
    await p.evaluate((c) => window.bench.keyMount(c), kcase);
    // A valid value, then leave the field: from then on it is validated as the user types.
    await p.keyboard.type('abc');
    await p.keyboard.press('Tab');
    if (!(await p.evaluate(() => window.bench.keyFocus()))) throw new Error(`${impl}: the pattern field did not take focus back`);
    const before = await p.evaluate(() => window.bench.errorText());
    if (before) problems.push(`${impl}: an error showed for a valid value: ${before}`);
  }
  // One keystroke pair ("!" then Backspace) per renderer in turn, in a rotating order: a busy
  // moment of the machine falls on all three alike, not on one renderer's run of keys.
  for (let done = -WARMUP_KEYS; done < count; done++) {
    const turn = ((done % IMPLS.length) + IMPLS.length) % IMPLS.length;
    for (const impl of IMPLS.map((_, k) => IMPLS[(k + turn) % IMPLS.length])) {
      const p = pages[impl];
      for (const [expect, key] of [
        ['error', '!'],
        ['clear', 'Backspace'],
      ]) {
        await p.evaluate((e) => window.bench.arm(e), expect);
        await p.keyboard.press(key);
        const v = await p.evaluate(() => window.bench.result());
        if (typeof v !== 'number') problems.push(`${impl}: ${v.error}`);
        else if (done >= 0) {
          samples[impl][expect].push(v);
          const t = await p.evaluate(() => window.bench.toInput());
          if (expect === 'error' && typeof t === 'number') {
            samples[impl].toInput.push(t);
            samples[impl].afterInput.push(v - t);
          }
        }
      }
    }
  }
  const errorText = {};
  for (const impl of IMPLS) {
    await pages[impl].keyboard.press('!');
    await pages[impl].waitForTimeout(50);
    errorText[impl] = await pages[impl].evaluate(() => window.bench.errorText());
    await pages[impl].evaluate(() => window.bench.keyUnmount());
  }
  const stats = Object.fromEntries(
    IMPLS.map((i) => [
      i,
      {
        median: round(median(samples[i].error)),
        p95: round(quantile(samples[i].error, 0.95)),
        n: samples[i].error.length,
        clearMedian: round(median(samples[i].clear)),
        toInputMedian: round(median(samples[i].toInput)),
        afterInputMedian: round(median(samples[i].afterInput)),
        message: errorText[i],
      },
    ]),
  );
  return { stats, ratio: { rjsf: round(stats.ours.median / stats.rjsf.median, 3), plain: round(stats.ours.median / stats.plain.median, 3) }, problems };
}

async function coldStart(browser, origin, impl, kase, reps) {
  const times = [];
  const scripts = new Set();
  for (let r = 0; r < reps; r++) {
    // A fresh context: nothing cached, as on a first visit.
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.addInitScript((c) => (window.__benchCold = c), kase);
    await p.goto(`${origin}/${impl}.html`);
    const v = await (await p.waitForFunction(() => window.__benchColdResult, null, { timeout: 30000 })).jsonValue();
    // The first form's path: the scripts whose response had ended when it became interactive (the
    // entry and any chunk it waited for), not what arrives after it (the validator and the request
    // code, fetched after the first render), as the page's Resource Timing saw them.
    for (const path of await p.evaluate(() => window.__benchColdScripts ?? [])) if (path.startsWith('/dist/')) scripts.add(join(ROOT, path));
    if (typeof v === 'number') times.push(v);
    await context.close();
  }
  return { median: round(median(times)), p95: round(quantile(times, 0.95)), n: times.length, scripts: [...scripts] };
}

async function leak(context, origin, kase, cycles) {
  const p = await context.newPage();
  await p.goto(`${origin}/ours.html`);
  await p.evaluate(() => window.bench.ready());
  const cdp = await context.newCDPSession(p);
  await cdp.send('HeapProfiler.enable');
  const counters = async () => {
    await p.waitForTimeout(100);
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    return { heapBytes: usedSize, listeners: dom.jsEventListeners, nodes: dom.nodes, documents: dom.documents };
  };
  await p.evaluate(([c, n]) => window.bench.cycles(c, n), [kase, Math.min(50, cycles)]);
  const before = await counters();
  const failed = await p.evaluate(([c, n]) => window.bench.cycles(c, n), [kase, cycles]);
  const after = await counters();
  await p.close();
  return { cycles, failed, before, after, growth: { listeners: after.listeners - before.listeners, nodes: after.nodes - before.nodes, heapBytes: after.heapBytes - before.heapBytes } };
}

function otherBenches() {
  // Benches of other parts (bench/catalog.bench.mjs, ...): each runs on its own and prints a table.
  const dir = join(ROOT, 'bench');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bench.mjs'))
    .sort()
    .map((f) => {
      log(`running bench/${f}`);
      const r = spawnSync(process.execPath, [join(dir, f)], { cwd: ROOT, encoding: 'utf8', timeout: 15 * 60 * 1000, maxBuffer: 16 << 20 });
      return { file: `bench/${f}`, status: r.status, output: (r.stdout ?? '').trimEnd(), stderr: r.status === 0 ? undefined : (r.stderr ?? '').trim().slice(-2000) };
    });
}

// ---------- the table ----------
const ms = (s) => (s?.median === null || s?.median === undefined ? 'n/a' : `${s.median.toFixed(1)} ms (p95 ${s.p95.toFixed(1)})`);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const x = (r) => (r === null || r === undefined ? 'n/a' : `${r.toFixed(2)}×`);
const verdict = (ok) => (ok === null ? '' : ok ? 'yes' : 'NO');

function table(rows) {
  const head = ['figure', 'connect-widget', 'rjsf', 'plain DOM', 'ours / rjsf', 'ours / plain', 'target', 'met'];
  const cells = [head, ...rows.map((r) => [r.figure, r.ours ?? '', r.rjsf ?? '', r.plain ?? '', r.ratio ?? '', r.floor ?? '', r.target ?? '', verdict(r.met ?? null)])];
  const widths = head.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row) => `| ${row.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

// ---------- main ----------
function analyse(file) {
  const t = selfTimes(JSON.parse(readFileSync(file, 'utf8')));
  console.log(`${file}: ${t.totalMs} ms sampled`);
  for (const f of t.functions.slice(0, 25)) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.ms.toFixed(1).padStart(8)} ms  ${f.function}  ${f.where}${f.code ? `  ${f.code}…` : ''}`);
  console.log('by file:');
  for (const f of t.files.slice(0, 15)) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.ms.toFixed(1).padStart(8)} ms  ${f.file}`);
}

async function main() {
  if (opts.analyse) return analyse(opts.analyse);
  const started = Date.now();
  if (opts.build) {
    log('building dist/ (npm run build)');
    run('npm', ['run', '--silent', 'build']);
  }
  if (!existsSync(join(ROOT, 'dist', 'connect-widget.js'))) throw new Error('dist/connect-widget.js is missing: run npm run build first');
  log('building the comparison pages with Vite');
  await buildPages();

  const fixtures = fixtureCases(join(ROOT, 'test', 'fixtures', 'connectors'));
  const groups = [
    ['fixtures', '5 fixture connectors', fixtures],
    ['real', `${PLAN.realCount} real-looking connectors`, realCases(PLAN.realCount)],
    ['constructs', 'schema constructs (one form each)', SMOKE ? constructCases().slice(0, 3) : constructCases()],
    ...sizedCases().map((c) => [c.group, `generated ${c.group.slice(6)}-field form`, [c]]),
  ].filter(([key]) => want(key));
  const apiKey = fixtures.find((c) => c.id === 'fixture/integration-app-example');

  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs.filter((a) => !a.startsWith('--headless')), headless: true });
  const result = {
    date: new Date().toISOString(),
    smoke: SMOKE,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, chromium: browser.version() },
    plan: PLAN,
  };
  const pageErrors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const pages = {};
    for (const impl of IMPLS) {
      const p = await context.newPage();
      p.on('pageerror', (e) => pageErrors.push(`${impl}: ${e.message}`));
      p.on('console', (m) => m.type() === 'error' && pageErrors.push(`${impl} console: ${m.text().slice(0, 300)}`));
      await p.goto(`${origin}/${impl}.html`);
      await p.evaluate(() => window.bench.ready());
      pages[impl] = p;
    }

    result.mount = {};
    for (const [key, title, cases] of groups) {
      log(`mount → interactive: ${title} (${cases.length} × ${PLAN.rounds[key]} rounds × ${IMPLS.length})`);
      result.mount[key] = { title, ...summarise(cases, await mountGroup(pages, cases, PLAN.rounds[key])) };
    }

    result.keystroke = {};
    for (const kcase of want('keystroke') ? keystrokeCases() : []) {
      const n = Number(kcase.group.slice(10));
      log(`keystroke → error: ${n}-field form (${PLAN.keystrokes[n]} keystrokes × ${IMPLS.length})`);
      result.keystroke[n] = await keystrokes(pages, kcase, PLAN.keystrokes[n]);
    }

    if (want('cold') || want('size')) {
      // The first-form size is what the cold start loaded: measured together.
      log(`cold start: page load → API-key form interactive (${PLAN.cold} fresh contexts each)`);
      result.cold = {};
      for (const impl of IMPLS) result.cold[impl] = await coldStart(browser, origin, impl, apiKey, PLAN.cold);
    }

    if (want('leak')) {
      log(`leak: ${PLAN.leakCycles} mount/unmount cycles of <connect-widget> with the API-key fixture`);
      result.leak = await leak(context, origin, apiKey, PLAN.leakCycles);
    }

    // Profiles of our slowest render and of the 400-field keystroke, for the next person.
    if (want('profile')) result.profiles = {};
    if (want('profile') && groups.length) {
      const all = groups.flatMap(([, , cases]) => cases);
      const slowest = groups
        .flatMap(([key]) => result.mount[key].perCase)
        .filter((c) => c.ours !== null)
        .sort((a, b) => b.ours - a.ours)[0];
      const slowCase = all.find((c) => c.id === slowest.id);
      log(`CPU profile: mounting ${slowest.id} ×${PLAN.profileReps}`);
      const cdp = await context.newCDPSession(pages.ours);
      result.profiles.mount = {
        case: slowest.id,
        ...(await profiled(cdp, 'mount-slowest', () => pages.ours.evaluate(([c, n]) => window.bench.mountAll(Array(n).fill(c)), [slowCase, PLAN.profileReps]))),
      };
    }
    if (want('profile')) {
      const cdp = await context.newCDPSession(pages.ours);
      log(`CPU profile: 400-field keystrokes ×${PLAN.profileKeys}`);
      const k400 = keystrokeCases([400])[0];
      await pages.ours.evaluate((c) => window.bench.keyMount(c), k400);
      await pages.ours.keyboard.type('abc');
      await pages.ours.keyboard.press('Tab');
      await pages.ours.evaluate(() => window.bench.keyFocus());
      result.profiles.keystroke = {
        case: k400.id,
        ...(await profiled(cdp, 'keystroke-400', async () => {
          for (let i = 0; i < PLAN.profileKeys; i++) {
            for (const [expect, key] of [
              ['error', '!'],
              ['clear', 'Backspace'],
            ]) {
              await pages.ours.evaluate((e) => window.bench.arm(e), expect);
              await pages.ours.keyboard.press(key);
              await pages.ours.evaluate(() => window.bench.result());
            }
          }
        })),
      };
      await pages.ours.evaluate(() => window.bench.keyUnmount());
    }
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }

  const entry = join(ROOT, 'dist', 'connect-widget.js');
  if (want('size')) log('sizes');
  result.size = want('size') && {
    total: sizeOf(await reachable(entry)),
    // What an OAuth connection (an option without fields) loads: the entry, what it imports statically,
    // and the request chunk (the OAuth state machine itself is in the entry).
    oauth: sizeOf(await reachable(entry, (f) => /connect-widget\.request\./.test(f))),
    firstForm: sizeOf(result.cold.ours.scripts),
    rjsf: sizeOf([join(PAGES_OUT, 'rjsf.js'), ...(await reachable(join(PAGES_OUT, 'rjsf.js'))).slice(1)]),
    plain: sizeOf(await reachable(join(PAGES_OUT, 'plain.js'))),
    npmPack: npmPack(),
  };
  result.benches = opts.catalog && !SMOKE && !ONLY ? otherBenches() : [];
  result.pageErrors = pageErrors;
  result.seconds = Math.round((Date.now() - started) / 1000);

  // ---- targets (issue 21) ----
  const m = result.mount;
  const renderRow = (key, target = 0.5) => ({
    figure: `mount → interactive: ${m[key].title}`,
    ours: ms(m[key].stats.ours),
    rjsf: ms(m[key].stats.rjsf),
    plain: ms(m[key].stats.plain),
    ratio: x(m[key].ratio.rjsf),
    floor: x(m[key].ratio.plain),
    target: target === 0.5 ? '≤ 0.50× rjsf' : `< ${target.toFixed(2)}× rjsf`,
    met: m[key].ratio.rjsf === null ? null : m[key].ratio.rjsf <= target && (target !== 1 || m[key].ratio.rjsf < 1),
  });
  const k10 = result.keystroke[10];
  // (k10 and k400 are absent when --only leaves the keystrokes out; so are the other parts' rows.)
  const k400 = result.keystroke[400];
  const growth = k400 && k400.stats.ours.median / k10.stats.ours.median;
  const s = result.size;
  const cold = result.cold;
  const rows = [
    m.fixtures && renderRow('fixtures'),
    m.real && { ...renderRow('real', 1), target: '< 1× rjsf (faster)' },
    m.constructs && renderRow('constructs'),
    m['sized-25'] && renderRow('sized-25'),
    m['sized-100'] && renderRow('sized-100'),
    m['sized-400'] && renderRow('sized-400'),
    k10 && {
      figure: 'keystroke → error: 10-field form',
      ours: ms(k10.stats.ours),
      rjsf: ms(k10.stats.rjsf),
      plain: ms(k10.stats.plain),
      ratio: x(k10.ratio.rjsf),
      floor: x(k10.ratio.plain),
      target: '≤ 0.75× rjsf',
      met: k10.ratio.rjsf <= 0.75,
    },
    k400 && { figure: 'keystroke → error: 400-field form', ours: ms(k400.stats.ours), rjsf: ms(k400.stats.rjsf), plain: ms(k400.stats.plain), ratio: x(k400.ratio.rjsf), floor: x(k400.ratio.plain) },
    k400 && {
      figure: 'keystroke → error: 400 fields / 10 fields',
      ours: x(growth),
      rjsf: x(k400.stats.rjsf.median / k10.stats.rjsf.median),
      plain: x(k400.stats.plain.median / k10.stats.plain.median),
      target: '≤ 2×',
      met: growth <= 2,
    },
    cold && {
      figure: 'cold: page load → API-key form interactive',
      ours: ms(result.cold.ours),
      rjsf: ms(result.cold.rjsf),
      plain: ms(result.cold.plain),
      ratio: x(result.cold.ours.median / result.cold.rjsf.median),
      floor: x(result.cold.ours.median / result.cold.plain.median),
    },
    s && {
      figure: 'bundle, min+gzip: everything',
      ours: kb(s.total.gzip),
      rjsf: kb(s.rjsf.gzip),
      plain: kb(s.plain.gzip),
      ratio: x(s.total.gzip / s.rjsf.gzip),
    },
    s && {
      figure: 'bundle, min+gzip: OAuth connection path',
      ours: kb(s.oauth.gzip),
      rjsf: kb(s.rjsf.gzip),
      ratio: x(s.oauth.gzip / s.rjsf.gzip),
      target: '≤ 40 kB',
      met: s.oauth.gzip <= 40000,
    },
    s && {
      figure: 'bundle, min+gzip: first API-key form path',
      ours: kb(s.firstForm.gzip),
      rjsf: kb(s.rjsf.gzip),
      plain: kb(s.plain.gzip),
      ratio: x(s.firstForm.gzip / s.rjsf.gzip),
      target: '≤ 20 kB',
      met: s.firstForm.gzip <= 20000,
    },
    s && { figure: 'bundle, min+brotli: everything', ours: kb(s.total.brotli), rjsf: kb(s.rjsf.brotli), plain: kb(s.plain.brotli), ratio: x(s.total.brotli / s.rjsf.brotli) },
    s && { figure: 'bundle, min+brotli: first API-key form path', ours: kb(s.firstForm.brotli), ratio: x(s.firstForm.brotli / s.rjsf.brotli) },
    s && { figure: `npm pack: packed / unpacked (${s.npmPack.files} files)`, ours: `${kb(s.npmPack.packed)} / ${kb(s.npmPack.unpacked)}` },
    result.leak && {
      figure: `leak: listeners after ${result.leak.cycles} mount/unmount cycles`,
      ours: `${result.leak.before.listeners} → ${result.leak.after.listeners} (${result.leak.growth.listeners >= 0 ? '+' : ''}${result.leak.growth.listeners})`,
      target: 'no growth',
      met: result.leak.growth.listeners <= 0,
    },
    result.leak && {
      figure: `leak: heap after GC, ${result.leak.cycles} cycles`,
      ours: `${(result.leak.before.heapBytes / 1e6).toFixed(2)} → ${(result.leak.after.heapBytes / 1e6).toFixed(2)} MB (${result.leak.growth.heapBytes >= 0 ? '+' : ''}${(result.leak.growth.heapBytes / 1e6).toFixed(2)})`,
      target: '≤ +1 MB',
      met: result.leak.growth.heapBytes <= 1e6,
    },
    result.leak && {
      figure: `leak: DOM nodes after GC, ${result.leak.cycles} cycles`,
      ours: `${result.leak.before.nodes} → ${result.leak.after.nodes} (${result.leak.growth.nodes >= 0 ? '+' : ''}${result.leak.growth.nodes})`,
    },
  ].filter(Boolean);
  result.table = rows;
  writeFileSync(join(OUT, 'result.json'), JSON.stringify(result, null, 2));

  const lines = [];
  lines.push(
    `connect-widget vs react-jsonschema-form vs plain DOM, ${result.date.slice(0, 16).replace('T', ' ')} UTC${SMOKE ? ' (SMOKE RUN: too few samples to mean anything)' : ''}${ONLY ? ` (only ${[...ONLY].join(', ')})` : ''}`,
  );
  lines.push(`${result.machine.cpu} × ${result.machine.cores}, Node ${result.machine.node}, Chromium ${result.machine.chromium}; ${result.seconds} s`);
  lines.push('Times: median and p95 (of per-form medians in the multi-form rows); ratios: the median of per-form ratios (< 1: we are faster or smaller).');
  lines.push('');
  lines.push(table(rows));
  const topOf = (p, title) => {
    lines.push('', `${title} (${p.case}; ${p.totalMs} ms sampled; ${relative(ROOT, join(ROOT, p.file))}): top self time`);
    for (const f of p.functions.slice(0, 10)) lines.push(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.ms.toFixed(1).padStart(8)} ms  ${f.function}  ${f.where}${f.code ? `  ${f.code}…` : ''}`);
    lines.push(
      '  by file: ' +
        p.files
          .slice(0, 8)
          .map((f) => `${f.file} ${(f.share * 100).toFixed(0)}%`)
          .join(', '),
    );
  };
  if (result.profiles?.mount) topOf(result.profiles.mount, 'CPU profile, render');
  if (result.profiles?.keystroke) topOf(result.profiles.keystroke, 'CPU profile, keystroke');
  for (const [n, k] of Object.entries(result.keystroke)) {
    const part = (key) => IMPLS.map((i) => `${LABEL[i]} ${k.stats[i][key]?.toFixed(1) ?? '–'}`).join(', ');
    lines.push(
      `keystroke → error, ${n} fields, medians in ms: keydown → input event (the browser's, before any renderer's code): ${part('toInputMedian')}; input event → error shown: ${part('afterInputMedian')}`,
    );
  }
  for (const [impl, st] of Object.entries(result.keystroke[10]?.stats ?? {})) if (st.message) lines.push(`${LABEL[impl]}'s pattern error reads: "${st.message}"`);
  const failures = [
    ...Object.entries(result.mount).flatMap(([k, g]) => IMPLS.flatMap((i) => g.stats[i].errors.map((e) => `${LABEL[i]} ${k} ${e.case}: ${e.error}`))),
    ...Object.values(result.keystroke).flatMap((k) => k.problems),
    ...(result.leak?.failed ? [`leak: ${result.leak.failed} cycles did not become interactive`] : []),
  ];
  if (failures.length) lines.push('', `Cases that failed (${failures.length}; left out of the figures):`, ...failures.slice(0, 20).map((f) => `  ${f}`));
  if (pageErrors.length) lines.push('', `Page errors (${pageErrors.length}):`, ...[...new Set(pageErrors)].slice(0, 10).map((e) => `  ${e}`));
  for (const b of result.benches) {
    lines.push('', `${b.file}${b.status === 0 ? '' : ` (exit ${b.status})`}:`, b.output || '(no output)');
    if (b.stderr) lines.push(b.stderr);
  }
  lines.push('', `Written: ${[relative(ROOT, join(OUT, 'result.json')), result.profiles?.mount?.file, result.profiles?.keystroke?.file].filter(Boolean).join(', ')}`);
  console.log(lines.join('\n'));
  writeFileSync(join(OUT, 'table.txt'), lines.join('\n') + '\n');
  if (failures.some((f) => f.startsWith('connect-widget'))) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

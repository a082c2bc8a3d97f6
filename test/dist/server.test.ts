// SPEC "Packaging": `connect-widget/server` is a built entry of the package (dist/server.js plus its
// types) that Node imports, whose runtime dependencies stay imports listed in `dependencies`; the
// browser bundles carry none of it. Reads the built package (npm test builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const SERVER_DEPS = ['ajv', 'jose', 'oauth4webapi'];
// The widget's validator: the server validates with it too (the same verdict on both sides).
const SHARED_DEPS = ['@cfworker/json-schema'];

function built(path: string): string {
  const file = new URL(path, root);
  assert.ok(existsSync(file), `${path} exists (run npm run build first)`);
  return readFileSync(file, 'utf8');
}

/** The bare specifiers a built ES module imports (static, side-effect and dynamic imports, and re-exports). */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  // Also minified code (`import{a as b}from"lit"`), where no space follows the keyword.
  for (const m of code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g)) {
    found.add((m[1] ?? m[2])!);
  }
  return [...found].filter((s) => !s.startsWith('.'));
}

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);

test('package.json exports ./server with its types and module', () => {
  assert.deepEqual(pkg.exports['./server'], { types: './dist/types/server/index.d.ts', import: './dist/server.js' });
  const types = built('dist/types/server/index.d.ts');
  for (const name of ['createTokenEndpoint', 'FieldErrors', 'toNodeHandler', 'TokenEndpointConfig']) assert.match(types, new RegExp(`\\b${name}\\b`));
});

test("the server's runtime dependencies are dependencies, not devDependencies", () => {
  for (const dep of [...SERVER_DEPS, ...SHARED_DEPS]) {
    assert.ok(pkg.dependencies[dep], `${dep} in dependencies`);
    assert.equal(pkg.devDependencies[dep], undefined, `${dep} not in devDependencies`);
  }
});

test('dist/server.js loads no framework and no Redis client: they are optional peers, typed structurally', () => {
  const code = built('dist/server.js');
  for (const peer of ['express', 'fastify', 'hono', '@hono/node-server', 'redis', 'ioredis']) {
    assert.ok(!importsOf(code).map(packageOf).includes(peer), `dist/server.js imports ${peer}`);
    assert.equal(pkg.peerDependenciesMeta[peer === '@hono/node-server' ? 'hono' : peer]?.optional, true, `${peer} is an optional peer`);
    assert.equal(pkg.dependencies[peer], undefined);
  }
});

test('dist/server.js leaves its dependencies as imports, all of them listed in dependencies', () => {
  const code = built('dist/server.js');
  const imports = importsOf(code);
  assert.deepEqual([...new Set(imports.map(packageOf))].sort(), [...SERVER_DEPS, ...SHARED_DEPS].sort());
  for (const specifier of imports) assert.ok(pkg.dependencies[packageOf(specifier)], `${specifier} is a dependency`);
  // Not inlined: ajv's and jose's own code is absent.
  assert.ok(!code.includes('class Ajv'), 'ajv is not bundled');
  assert.ok(!code.includes('JWEInvalid'), 'jose is not bundled');
});

test('dist/server.js imports under Node and answers a request', async () => {
  built('dist/server.js');
  const mod = await import(new URL('dist/server.js', root).href);
  assert.deepEqual(Object.keys(mod).sort(), ['FieldErrors', 'createTokenEndpoint', 'memoryReplayStore', 'redisReplayStore', 'toExpressHandler', 'toFastifyHandler', 'toHonoHandler', 'toNodeHandler']);
  const connector = { key: 'k', name: 'K', auth: { type: 'client-credentials', ui: { schema: { type: 'object', required: ['apiKey'], properties: { apiKey: { type: 'string' } } } } } };
  const handle = mod.createTokenEndpoint({
    connectors: [connector],
    allowedOrigins: ['https://app.example.com'],
    onCredentials: () => {
      throw new mod.FieldErrors([{ pointer: '/fields/apiKey', detail: 'Rejected' }]);
    },
  });
  const post = (fields: unknown) =>
    new Request('https://app.example.com/api/connect', {
      method: 'POST',
      headers: { origin: 'https://app.example.com', 'content-type': 'application/json' },
      body: JSON.stringify({ connector: 'k', step: 'credentials', fields }),
    });
  const invalid = await handle(post({}));
  assert.equal(invalid.status, 422);
  assert.deepEqual((await invalid.json()).errors, [{ pointer: '/fields/apiKey', detail: 'Enter API key' }]);
  const rejected = await handle(post({ apiKey: 'x' }));
  assert.deepEqual((await rejected.json()).errors, [{ pointer: '/fields/apiKey', detail: 'Rejected' }]);
});

test('the standalone browser bundle dist/connect-widget.js (and the chunks it loads) holds none of the server code', () => {
  const chunks = readdirSync(new URL('dist/', root)).filter((f) => /^connect-widget\.[\w-]+\.[\w-]+\.js$/.test(f));
  assert.ok(
    chunks.some((f) => f.startsWith('connect-widget.validator.')),
    `the validator is a chunk: ${chunks.join(', ')}`,
  );
  const code = [built('dist/connect-widget.js'), ...chunks.map((f) => built(`dist/${f}`))].join('\n');
  for (const marker of [
    'oauth4webapi',
    'connect-widget/server',
    'ajv',
    'Ajv',
    'EncryptJWT',
    'jwtDecrypt',
    'A256GCM',
    'createTokenEndpoint',
    'toNodeHandler',
    'cw-oauth-',
    'code_challenge',
    'new Function',
  ]) {
    assert.ok(!code.includes(marker), `dist/connect-widget.js contains "${marker}"`);
  }
});

test('importsOf finds imports in readable and in minified code', () => {
  assert.deepEqual(importsOf('import { html } from "lit";\nexport * from \'@floating-ui/dom\';\nimport "./x.js"; await import("ajv")').sort(), ['@floating-ui/dom', 'ajv', 'lit']);
  assert.deepEqual(importsOf('import{html as e}from"lit";import"jose";const r=await import("x")').sort(), ['jose', 'lit', 'x']);
});

test('the standalone dist/connect-widget.js has every dependency inside: it imports nothing', () => {
  assert.deepEqual(importsOf(built('dist/connect-widget.js')), []);
  for (const f of readdirSync(new URL('dist/', root)).filter((f) => /^connect-widget\.[\w-]+\.[\w-]+\.js$/.test(f))) assert.deepEqual(importsOf(built(`dist/${f}`)), [], f);
  assert.deepEqual(importsOf(built('dist/callback.js')), []);
});

test("the browser ES modules import none of the server's dependencies or code", () => {
  const dist = new URL('dist/', root);
  const files = readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'server.js');
  assert.ok(files.length >= 4, files.join(', '));
  for (const file of files) {
    const code = readFileSync(new URL(file, dist), 'utf8');
    for (const specifier of importsOf(code)) assert.ok(!SERVER_DEPS.includes(packageOf(specifier)), `${file} imports ${specifier}`);
    for (const marker of ['createTokenEndpoint', 'cw-oauth-', 'EncryptJWT', 'server.js']) assert.ok(!code.includes(marker), `${file} contains "${marker}"`);
  }
});

/** The packages a built module loads, following its relative imports through dist/. */
function graphImports(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  const code = built(file);
  // The package's ES modules are not minified: import and export statements start a line.
  for (const m of code.matchAll(/^(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)) {
    const specifier = (m[1] ?? m[2] ?? m[3])!;
    if (specifier.startsWith('.')) for (const s of graphImports(new URL(specifier, new URL(file, root)).href.slice(root.href.length), seen)) found.add(s);
    else found.add(packageOf(specifier));
  }
  return found;
}

const FRAMEWORKS = ['react', 'react-dom', 'vue', '@lit/react'];

test('React and Vue are optional peer dependencies, loaded only by connect-widget/react and connect-widget/vue', () => {
  for (const peer of ['react', 'vue']) {
    assert.ok(pkg.peerDependencies?.[peer], `${peer} is a peer dependency`);
    assert.equal(pkg.peerDependenciesMeta?.[peer]?.optional, true, `${peer} is optional`);
    assert.equal(pkg.dependencies[peer], undefined);
  }
  for (const [entry, target] of Object.entries<Record<string, string> | string>(pkg.exports)) {
    const file = typeof target === 'string' ? target : target.import;
    if (!file?.endsWith('.js')) continue;
    const loaded = graphImports(file.replace(/^\.\//, ''));
    if (entry === './react')
      assert.deepEqual(
        FRAMEWORKS.filter((f) => loaded.has(f)),
        ['react', '@lit/react'],
        entry,
      );
    else if (entry === './vue')
      assert.deepEqual(
        FRAMEWORKS.filter((f) => loaded.has(f)),
        ['vue'],
        entry,
      );
    else
      assert.deepEqual(
        FRAMEWORKS.filter((f) => loaded.has(f)),
        [],
        `connect-widget${entry.slice(1)} loads no framework`,
      );
  }
  // React Server Components builds (Next.js) need the directive on the React entry's first line.
  assert.match(built('dist/react.js'), /^["']use client["'];/);
  // Every package a shipped module loads is declared.
  for (const entry of ['dist/index.js', 'dist/react.js', 'dist/vue.js', 'dist/server.js']) {
    for (const name of graphImports(entry)) assert.ok(pkg.dependencies[name] || pkg.peerDependencies?.[name], `${entry} loads ${name}, which is declared`);
  }
});

// The package as a user installs it: `npm pack`, then small consumer projects under .cache/package/
// that `npm install` the tarball (not the source tree) and build the demo's React and Vue pages
// (demo/react, demo/vue, on the README's examples) with Vite. React, Vue and Vite themselves resolve
// from this repository's node_modules, as a monorepo's hoisted dependencies would; React 18 is
// installed into its own consumer so that one build runs on it.
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite';
import vue from '@vitejs/plugin-vue';

const run = promisify(execFile);
export const root = fileURLToPath(new URL('../../', import.meta.url));
export const work = join(root, '.cache', 'package');
/** The CDN address of the script-tag examples, replaced by the test's own "CDN" origin. */
export const CDN = 'https://cdn.jsdelivr.net/npm/connect-widget@0.1.0/';

export interface Packed {
  tarball: string;
  size: number;
  unpackedSize: number;
  files: string[];
}

/** `npm pack` of the built package (npm test builds dist/ first) into .cache/package/. */
export async function pack(): Promise<Packed> {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run npm run build first');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, maxBuffer: 1 << 24 });
  const [info] = JSON.parse(stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  return { tarball: join(work, info!.filename), size: info!.size, unpackedSize: info!.unpackedSize, files: info!.files.map((f) => f.path).sort() };
}

/** A consumer project in .cache/package/<name> depending on the tarball (and `extra` packages), installed. */
export async function consumer(name: string, tarball: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  const pkg = { name: `consumer-${name}`, private: true, type: 'module', dependencies: { 'connect-widget': `file:${tarball}`, ...extra } };
  await writeFile(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error'], { cwd: dir, maxBuffer: 1 << 24 });
  // The user's source files: the README's examples and the demo pages built on them.
  for (const folder of ['examples', 'demo/react', 'demo/vue', 'test/package/consumer']) {
    await cp(join(root, folder), join(dir, folder === 'test/package/consumer' ? 'types' : folder), { recursive: true });
  }
  return dir;
}

/** Builds the consumer's demo pages (`pages`: react, vue) with Vite, served under `base`; returns the output folder. */
export async function buildPages(dir: string, pages: string[], base: string): Promise<string> {
  const outDir = join(dir, 'out');
  await build({
    configFile: false,
    logLevel: 'error',
    root: join(dir, 'demo'),
    base,
    publicDir: false,
    plugins: [vue()],
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: {
        input: Object.fromEntries(pages.map((page) => [page, join(dir, 'demo', page, 'index.html')])),
        onwarn(warning, warn) {
          // dist/react.js starts with 'use client' (for React Server Components builds); meaningless in a browser bundle.
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  });
  return outDir;
}

/** The script-tag examples with the CDN address pointed at `cdnOrigin`, written to a folder to serve. */
export async function scriptTagSite(cdnOrigin: string): Promise<string> {
  const site = join(work, 'site');
  await mkdir(site, { recursive: true });
  for (const file of ['script-tag.html', 'callback.html']) {
    const html = await readFile(join(root, 'examples', file), 'utf8');
    if (!html.includes(CDN)) throw new Error(`examples/${file} does not load from ${CDN}`);
    await writeFile(join(site, file), html.replaceAll(CDN, `${cdnOrigin}/`));
  }
  return site;
}

/** Runs a command in a folder; resolves with its output, rejects with it. */
export async function sh(cwd: string, file: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, maxBuffer: 1 << 24 });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: error });
  }
}

/**
 * What the stories need from the package, made by Storybook itself so that `storybook dev` and
 * `storybook build` work on a fresh clone, without a prior `npm run build` (and never from a stale
 * dist/):
 *  - `virtual:custom-elements-manifest`: the custom elements manifest, analysed from the elements'
 *    JSDoc with the project's own custom-elements-manifest.config.mjs (what `npm run build` writes to
 *    dist/custom-elements.json), for the Docs pages and Controls;
 *  - `callback.js`: src/callback.ts bundled into one module, for the stories' OAuth redirect page
 *    (stories/public/callback.html), served by the dev server and emitted into the static build.
 */
import { build } from 'esbuild';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import type { Plugin } from 'vite';

const MANIFEST_ID = 'virtual:custom-elements-manifest';
const RESOLVED_MANIFEST_ID = `\0${MANIFEST_ID}`;
const CALLBACK_FILE = 'callback.js';

async function callbackModule(): Promise<string> {
  const result = await build({ entryPoints: ['src/callback.ts'], bundle: true, format: 'esm', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

/** The Vite plugin `.storybook/main.ts` adds to Storybook's preview build and dev server. */
export function storybookAssets(): Plugin {
  return {
    name: 'connect-widget-storybook-assets',
    resolveId: (id) => (id === MANIFEST_ID ? RESOLVED_MANIFEST_ID : undefined),
    async load(id) {
      if (id !== RESOLVED_MANIFEST_ID) return undefined;
      // noWrite: the analyser returns the manifest instead of writing dist/custom-elements.json.
      const manifest = await cli({ argv: ['analyze', '--quiet'], cwd: process.cwd(), noWrite: true });
      return `export default ${JSON.stringify(manifest)};`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `/${CALLBACK_FILE}`) return next();
        callbackModule().then(
          (code) => {
            res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(code);
          },
          (error: unknown) => next(error),
        );
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: CALLBACK_FILE, source: await callbackModule() });
    },
  };
}

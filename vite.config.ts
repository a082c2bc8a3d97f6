import { defineConfig, type UserConfig } from 'vite';

// Four builds:
//  - default: the npm package's ES modules (dependencies stay imports, so apps dedupe Lit), with the
//    React and Vue wrappers (`connect-widget/react`, `connect-widget/vue`);
//  - `--mode standalone`: dist/connect-widget.js, every dependency inside, minified, for a script tag;
//  - `--mode callback`: dist/callback.js, the OAuth redirect page's module, self-contained;
//  - `--mode server`: dist/server.js, `connect-widget/server` for Node, Deno, Bun and Workers.
// Script-tag chunks named for what they hold rather than their first file (`validation`: the form's
// validation code and @cfworker/json-schema; `floating-ui.dom`).
const CHUNK_NAMES: Record<string, string> = { validation: 'validator', 'floating-ui.dom': 'floating-ui' };

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'server') {
    // dist/server.js: the reference token endpoint. An SSR build (server module resolution, no
    // browser shims), readable; its runtime dependencies stay imports, resolved by the host's runtime.
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        minify: false,
        target: 'node20',
        ssr: true,
        lib: { entry: { server: 'src/server/index.ts' }, formats: ['es'], fileName: () => 'server.js' },
        rolldownOptions: {
          external: [/^ajv($|\/)/, /^jose($|\/)/, /^oauth4webapi($|\/)/, /^node:/],
        },
      },
    };
  }
  if (mode === 'callback') {
    // dist/callback.js: one self-contained file for a static redirect page with no build step.
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        lib: { entry: 'src/callback.ts', formats: ['es'], fileName: () => 'callback.js' },
        rolldownOptions: { output: { minify: true } },
      },
    };
  }
  if (mode === 'standalone') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        lib: { entry: 'src/standalone.ts', formats: ['es'], fileName: () => 'connect-widget.js' },
        rolldownOptions: {
          // The chunks import what they share with the entry from connect-widget.js itself (one URL
          // on the page, no shared chunk on the first form's path).
          preserveEntrySignatures: 'allow-extension',
          // Vite's lib mode keeps ES output readable unless rolldown is asked to minify it fully.
          output: {
            minify: true,
            // Next to connect-widget.js, named for what they hold: connect-widget.validator.<hash>.js.
            chunkFileNames: ({ name }) => `connect-widget.${CHUNK_NAMES[name] ?? name}.[hash].js`,
          },
        },
      },
    };
  }
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      lib: {
        entry: {
          index: 'src/index.ts',
          elements: 'src/elements.ts',
          define: 'src/define.ts',
          // The framework wrappers: the only modules that import React or Vue (optional peers).
          react: 'src/react.ts',
          vue: 'src/vue.ts',
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external: [/^lit($|\/)/, /^@lit\//, /^@floating-ui\//, /^@cfworker\//, /^react($|\/)/, /^vue($|\/)/],
      },
    },
  };
});

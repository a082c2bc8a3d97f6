import { defineConfig } from 'vite';

// Three builds:
//  - default: the npm package's ES modules (dependencies stay imports, so apps dedupe Lit);
//  - `--mode standalone`: dist/connect-widget.js, every dependency inside, minified, for a script tag;
//  - `--mode callback`: dist/callback.js, the OAuth redirect page's module, self-contained.
export default defineConfig(({ mode }) => {
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
        // Vite's lib mode keeps ES output readable unless rolldown is asked to minify it fully.
        rolldownOptions: { output: { minify: true } },
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
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external: [/^lit($|\/)/, /^@lit\//, /^@floating-ui\//, /^@cfworker\//],
      },
    },
  };
});

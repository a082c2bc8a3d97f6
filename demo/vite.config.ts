import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// `npm run build:demo`: the demo's React and Vue pages (demo/react, demo/vue), built from this
// repository's sources into demo/dist/, which the demo serves under /apps/. The package tests build
// the same pages against the packed package instead (test/package/).
const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/apps/',
  // The pages use the demo's own stylesheet, served from demo/public.
  publicDir: false,
  plugins: [vue()],
  resolve: {
    alias: [
      { find: /^connect-widget\/react$/, replacement: src('react.ts') },
      { find: /^connect-widget\/vue$/, replacement: src('vue.ts') },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // src/react.ts starts with 'use client' for React Server Components builds; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        react: fileURLToPath(new URL('react/index.html', import.meta.url)),
        vue: fileURLToPath(new URL('vue/index.html', import.meta.url)),
      },
    },
  },
});

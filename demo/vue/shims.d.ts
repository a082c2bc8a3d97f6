// Single-file components, for TypeScript outside Vite (`npm run lint`).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}

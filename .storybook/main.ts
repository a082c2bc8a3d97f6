import type { StorybookConfig } from '@storybook/web-components-vite';
import { tokenEndpointPlugin } from '../test/tools/token-endpoint.mjs';
import { storybookAssets } from './assets.js';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  // The Accessibility panel (axe-core's findings for the story on screen; test/stories runs axe on every
  // story) and a Docs page per element, from custom-elements.json.
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  // provider.html and callback.html (the stand-in provider and the host's redirect page) and Mock
  // Service Worker's worker script. Nothing from dist/: a `/dist` static folder would answer the
  // preview's module requests first, and Storybook must not need a prior `npm run build`.
  staticDirs: ['../stories/public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    // vite.config.ts describes the library builds; Storybook builds an app.
    if (config.build) delete config.build.lib;
    // The elements' manifest and the redirect page's callback.js (.storybook/assets.ts). The stories'
    // token endpoint is answered in the browser by Mock Service Worker (.storybook/preview.ts); the dev
    // server also serves the same scenarios over real HTTP (test/tools/token-endpoint.mjs, the element
    // tests' endpoint), for the toolbar's "Token endpoint: real".
    config.plugins = [...(config.plugins ?? []), storybookAssets(), tokenEndpointPlugin({ providerPage: '/provider.html' })];
    return config;
  },
};

export default config;

import type { StorybookConfig } from '@storybook/web-components-vite';
import { tokenEndpointPlugin } from '../test/tools/token-endpoint.mjs';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  // The Accessibility panel (axe-core's findings for the story on screen; test/stories runs axe on every
  // story) and a Docs page per element, from custom-elements.json.
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  // provider.html and callback.html (the stand-in provider and the host's redirect page), and the
  // built callback module the redirect page loads: `npm run storybook` builds dist first.
  staticDirs: ['../stories/public', { from: '../dist', to: '/dist' }],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    // vite.config.ts describes the library builds; Storybook builds an app.
    if (config.build) delete config.build.lib;
    // The stories' token endpoint is real HTTP on Storybook's own server (the scripted endpoint the
    // browser tests use): /api/token/<scenario> answers as a host's endpoint would, replaying the real
    // error bodies of test/fixtures/errors; its OAuth scenario sends the popup to /provider.html.
    config.plugins = [...(config.plugins ?? []), tokenEndpointPlugin({ providerPage: '/provider.html' })];
    return config;
  },
};

export default config;

import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
// The manifest of the elements, analysed from their JSDoc when Storybook starts (.storybook/assets.ts):
// the Docs pages and Controls list every attribute, property, event, CSS part and custom property from it.
import manifest from 'virtual:custom-elements-manifest';
import { mockEndpoint } from '../stories/mock-endpoint.js';
import '../src/define.js';

setCustomElementsManifest(manifest);

// Mock Service Worker answers the stories' token endpoint in the browser (stories/mock-endpoint.ts), so
// a static Storybook with no server behind it shows every state. Requests it has no handler for (the
// story files, the provider and callback pages) go to the network untouched.
const mocks = mswLoader(async () => {
  const worker = setupWorker();
  // Relative to iframe.html: a Storybook deployed under a sub-path finds its worker too.
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: 'mockServiceWorker.js' } });
  return worker;
});

const preview: Preview = {
  // The elements' events bubble and are composed, so withActions logs them from the story root.
  decorators: [withActions],
  // The "Token endpoint" toolbar switch: `mock` (the default) answers in the browser; `real` leaves the
  // requests to whatever server serves Storybook (the story test's real HTTP endpoint, test/stories).
  loaders: [async (context) => (context.globals.tokenEndpoint === 'real' ? {} : mocks(context))],
  initialGlobals: { tokenEndpoint: 'mock' },
  globalTypes: {
    tokenEndpoint: {
      description: 'Who answers the token endpoint',
      toolbar: {
        title: 'Token endpoint',
        icon: 'transfer',
        items: [
          { value: 'mock', title: 'Mocked in the browser (Mock Service Worker)' },
          { value: 'real', title: 'The server that serves Storybook' },
        ],
        dynamicTitle: true,
      },
    },
  },
  tags: ['autodocs'],
  parameters: {
    msw: { handlers: mockEndpoint },
    actions: {
      handles: ['connect-ready', 'connect-option-change', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel', 'connect-form-submit'],
    },
    controls: { expanded: true },
    layout: 'padded',
  },
};

export default preview;

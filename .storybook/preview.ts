import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
// Built by `npm run build` from the elements' JSDoc: the Docs pages and Controls list every
// attribute, property, event, CSS part and custom property from it.
import manifest from '../dist/custom-elements.json';
import '../src/define.js';

setCustomElementsManifest(manifest);

const preview: Preview = {
  // The elements' events bubble and are composed, so withActions logs them from the story root.
  decorators: [withActions],
  tags: ['autodocs'],
  parameters: {
    actions: {
      handles: ['connect-ready', 'connect-option-change', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel', 'connect-form-submit'],
    },
    controls: { expanded: true },
    layout: 'padded',
  },
};

export default preview;

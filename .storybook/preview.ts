import type { Preview } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import '../src/define.js';

const preview: Preview = {
  // The elements' events bubble and are composed, so withActions logs them from the story root.
  decorators: [withActions],
  parameters: {
    actions: {
      handles: ['connect-ready', 'connect-option-change', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel', 'connect-form-submit'],
    },
    controls: { expanded: true },
    layout: 'padded',
  },
};

export default preview;

import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { openConnect } from '../src/open.js';
import { connectors, until } from './support.js';

interface DialogArgs {
  connector: unknown;
  tokenEndpoint: string;
  label: string;
}

const dialog = () => document.querySelector<HTMLDialogElement>('dialog.connect-widget-dialog');

/**
 * `openConnect(options)` (`ConnectWidget.open` on the script-tag build): the widget in a native modal
 * `<dialog>` with a Close button. The host styles the dialog through its class,
 * `connect-widget-dialog`.
 */
const meta: Meta<DialogArgs> = {
  title: 'openConnect',
  // Not an element: no Docs page of attributes.
  tags: ['!autodocs'],
  args: { connector: connectors.example, tokenEndpoint: '/api/token/ok', label: 'Connect Example App' },
  argTypes: { connector: { control: 'object' } },
  // The dialog is appended to <body>: a story leaves none behind.
  beforeEach: () => () => dialog()?.remove(),
  render: (args) =>
    html`<button
      type="button"
      @click=${() => void openConnect({ connector: args.connector, tokenEndpoint: args.tokenEndpoint, label: args.label }).catch(() => undefined)}
    >
      Connect an account
    </button>`,
};
export default meta;
type Story = StoryObj<DialogArgs>;

/** The dialog open: the page behind is inert, focus is inside, Escape or Close cancels. */
export const Open: Story = {
  name: 'Dialog open',
  play: async ({ canvasElement }) => {
    canvasElement.querySelector('button')!.click();
    const open = await until(() => dialog()?.open && dialog(), 'the dialog');
    await expect(open.getAttribute('aria-label')).toBe('Connect Example App');
  },
};

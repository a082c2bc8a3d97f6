import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from 'storybook/test';
import { CALLBACK_TEXT_ATTRIBUTE, handleCallback, type CallbackWindow } from '../src/callback.js';
import { createTranslator } from '../src/core/i18n/format.js';
import { loadCatalog } from '../src/core/i18n/load.js';

interface CallbackArgs {
  /** The query the provider redirected to the callback page with. */
  query: string;
  /** Whether the page has an opener to answer (a popup), or not (a provider's COOP cut it). */
  opener: boolean;
}

/**
 * `connect-widget/callback`: what the user sees in the popup for the moment it stays open after the
 * provider sends it back. The module adds one `<p role="status">` (attribute
 * `data-connect-widget-callback`, for host styling) to the host's own redirect page; here its body
 * is the story's canvas, and the answer goes nowhere. It speaks the Locale toolbar's language, as
 * the real page speaks its `<html lang>`: English at once, worded again when the catalog arrives.
 */
const meta: Meta<CallbackArgs> = {
  title: 'Callback page',
  tags: ['!autodocs'],
  args: { opener: true },
  render: (args, { globals }) => {
    const body = document.createElement('div');
    const page: CallbackWindow = {
      location: { search: args.query, hash: '', origin: location.origin, href: `${location.origin}/callback.html${args.query}`, replace() {} },
      opener: args.opener ? { postMessage() {} } : null,
      document: { body, createElement: (tag) => document.createElement(tag) },
      close() {},
    };
    const locale = String(globals.locale ?? 'en');
    handleCallback(page, createTranslator(locale));
    if (locale !== 'en')
      void loadCatalog(locale).then((catalog) => {
        if (!catalog) return;
        const tr = createTranslator(locale, [catalog]);
        handleCallback(page, tr);
        body.dir = tr.dir;
      });
    return body;
  },
};
export default meta;
type Story = StoryObj<CallbackArgs>;

/** The provider granted access; the popup closes itself right after. */
export const Finished: Story = {
  name: 'Sign-in finished',
  args: { query: '?code=abc&state=s1' },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector(`[${CALLBACK_TEXT_ATTRIBUTE}]`)!.textContent).toBe('Sign-in finished. You can close this window.');
  },
};

/** The provider refused (or the user denied). */
export const NotCompleted: Story = {
  name: 'Sign-in did not complete',
  args: { query: '?error=access_denied&state=s1' },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector(`[${CALLBACK_TEXT_ATTRIBUTE}]`)!.textContent).toBe('Sign-in did not complete. You can close this window.');
  },
};

/** No opener to answer (a provider's COOP): the user is told to go back to the original tab. */
export const NoOpener: Story = {
  name: 'Sign-in finished, return to the original tab',
  args: { query: '?code=abc&state=s1', opener: false },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector(`[${CALLBACK_TEXT_ATTRIBUTE}]`)!.textContent).toBe('Sign-in finished. You can close this window and return to the original tab.');
  },
};

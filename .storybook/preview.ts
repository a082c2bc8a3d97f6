import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
// The manifest of the elements, analysed from their JSDoc when Storybook starts (.storybook/assets.ts):
// the Docs pages and Controls list every attribute, property, event, CSS part and custom property from it.
import manifest from 'virtual:custom-elements-manifest';
import { mockEndpoint } from '../stories/mock-endpoint.js';
import '../src/define.js';
import { darkColors } from '../src/elements/theme.styles.js';
import { LOCALES } from '../src/core/i18n/format.js';
import { loadCatalog } from '../src/core/i18n/load.js';

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

// The Locale and Theme toolbars: every connect-* element a story renders (now or later, e.g. the
// widget inside a catalog or openConnect's dialog) gets the chosen `locale` and `theme`. A bare
// <connect-form> has no theme of its own: the story's root carries the dark colours' custom properties.
const ELEMENTS = 'connect-widget, connect-form, connect-catalog, connect-option-picker';
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', ja: '日本語', ar: 'العربية' };
const current = { locale: 'en', theme: 'light' };
const applyGlobals = (scope: ParentNode) => {
  for (const el of scope.querySelectorAll<HTMLElement & { locale?: string; theme?: string }>(ELEMENTS)) {
    // The defaults (English, light) leave a story's own locale and theme alone (e.g. the "Dark theme" story).
    if (current.locale !== 'en' && el.locale !== current.locale) el.locale = current.locale;
    if (current.theme === 'dark' && el.tagName !== 'CONNECT-FORM' && el.tagName !== 'CONNECT-OPTION-PICKER' && el.theme !== 'dark') el.theme = 'dark';
    if (el.shadowRoot) applyGlobals(el.shadowRoot);
  }
};
let observing = false;
const withLocaleAndTheme: Decorator = (story, context) => {
  current.locale = String(context.globals.locale ?? 'en');
  current.theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  const dark = current.theme === 'dark';
  document.documentElement.lang = current.locale;
  document.body.style.background = dark ? '#121417' : '';
  // Text outside the elements (the callback page's message) reads light on the dark canvas.
  document.body.style.color = dark ? '#e6e8eb' : '';
  document.body.style.cssText += dark ? darkColors.cssText.replace(/\s+/g, ' ') : '';
  if (!dark) for (const name of [...document.body.style].filter((n) => n.startsWith('--connect-'))) document.body.style.removeProperty(name);
  if (!observing) {
    observing = true;
    // Elements appear after the story renders (and inside other elements' shadow roots): set on arrival.
    new MutationObserver(() => applyGlobals(document)).observe(document.body, { childList: true, subtree: true });
  }
  queueMicrotask(() => applyGlobals(document));
  return story();
};

const preview: Preview = {
  // The elements' events bubble and are composed, so withActions logs them from the story root.
  decorators: [withActions, withLocaleAndTheme],
  // The "Token endpoint" toolbar switch: `mock` (the default) answers in the browser; `real` leaves the
  // requests to whatever server serves Storybook (the story test's real HTTP endpoint, test/stories).
  loaders: [
    async (context) => (context.globals.tokenEndpoint === 'real' ? {} : mocks(context)),
    // Every language's catalog (each a chunk) before a story draws and plays, whichever language the
    // toolbar switches to later: a message worded before its catalog arrives stays in English, and a
    // play that fails a request at once raced it. (The lazy loading itself: test/elements/i18n.test.ts.)
    async () => {
      await Promise.all(LOCALES.map((locale) => loadCatalog(locale)));
      return {};
    },
  ],
  initialGlobals: { tokenEndpoint: 'mock', locale: 'en', theme: 'light' },
  globalTypes: {
    locale: {
      description: "The elements' language (`locale`)",
      toolbar: { title: 'Locale', icon: 'globe', items: LOCALES.map((value) => ({ value, title: `${LANGUAGE_NAMES[value]} (${value})` })), dynamicTitle: true },
    },
    theme: {
      description: "The elements' theme (`theme`)",
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
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

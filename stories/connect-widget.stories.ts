import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect } from 'storybook/test';
import { ConnectWidget } from '../src/elements/widget/widget.js';
import { button, connectors, control, fill, popup, shows, showsFields, until, widgetText, type PopupAnswer } from './support.js';

interface WidgetArgs {
  connector?: unknown;
  connectorUrl?: string;
  tokenEndpoint?: string;
  option?: string;
  lockOption: boolean;
  connectionId?: string;
  redirectUri?: string;
  theme?: 'light' | 'dark' | 'auto';
  timeout?: number;
  oauthTimeout?: number;
  style?: string;
}

/**
 * `<connect-widget>`: a connector, its options, the request to the token endpoint and what comes
 * back. The token endpoint is real HTTP on Storybook's own server (`/api/token/<scenario>`, see
 * test/tools/token-endpoint.mjs): each error story replays a real error body from
 * test/fixtures/errors. Sign-in stories stand in for the provider's popup window (see
 * `standInPopup`); "OAuth option" opens a real one.
 */
const meta: Meta<WidgetArgs> = {
  title: 'connect-widget',
  component: 'connect-widget',
  args: { connector: connectors.example, tokenEndpoint: '/api/token/ok', lockOption: false, redirectUri: '/callback.html' },
  argTypes: {
    connector: { control: 'object' },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  },
  render: (args) => html`<connect-widget
    .connector=${args.connector}
    connector-url=${ifDefined(args.connectorUrl)}
    token-endpoint=${ifDefined(args.tokenEndpoint)}
    option=${ifDefined(args.option)}
    ?lock-option=${args.lockOption}
    connection-id=${ifDefined(args.connectionId)}
    redirect-uri=${ifDefined(args.redirectUri)}
    theme=${ifDefined(args.theme)}
    timeout=${ifDefined(args.timeout)}
    oauth-timeout=${ifDefined(args.oauthTimeout)}
    style=${ifDefined(args.style)}
  ></connect-widget>`,
};
export default meta;
type Story = StoryObj<WidgetArgs>;

const auth0Values = {
  Name: 'production',
  Domain: 'acme.us.auth0.com',
  'Client ID': 'a1b2c3',
  'Client Secret': 'sk_live_secret',
  Audience: 'https://acme.us.auth0.com/api/v2/',
};
const zapierValues = { Title: 'My new auth', App: '4b1d6c3e-9a52-4d8e-8f4c-2a7e1b3c5d6f', Key: 'api_key', Value: 'sk_live_secret' };

/** `button`, or undefined while the story has no such button. */
function findButton(root: ParentNode, text: string): HTMLButtonElement | undefined {
  try {
    return button(root, text);
  } catch {
    return undefined;
  }
}

/** Relative luminance (0 black to 1 white) of a computed `rgb()` colour. */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => c / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const apiKey = { 'API Key': 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' };

/**
 * A story that fills in `values`, presses Connect and waits for `expected` (the connector is
 * Example App unless `args` names another); `then` checks one step further.
 */
function submitted(args: Partial<WidgetArgs>, values: Record<string, string>, expected: string, then?: (canvas: HTMLElement) => Promise<void>): Story {
  const name = ((args.connector ?? connectors.example) as { name: string }).name;
  return {
    args,
    play: async ({ canvasElement }) => {
      fill(canvasElement, values);
      button(canvasElement, `Connect ${name}`).click();
      await shows(canvasElement, expected, 5000);
      await then?.(canvasElement);
    },
  };
}

// ---- ready ----

/** A connector with two options (API key, OAuth): the option picker, then the chosen option's fields. */
export const OptionPicker: Story = {
  name: 'Option picker',
  play: async ({ canvasElement }) => {
    const picker = () => canvasElement.querySelector('connect-widget')?.shadowRoot?.querySelector('connect-option-picker')?.shadowRoot;
    const choices = await until(() => picker()?.querySelectorAll('input[type=radio]').length && [...picker()!.querySelectorAll('label')].map((l) => l.textContent!.trim()), 'the option picker');
    await expect(choices).toEqual(['API Key Authentication', 'OAuth Authentication']);
  },
};

/** The host chose the option (`lock-option`): no picker. */
export const LockedOption: Story = {
  name: 'Option chosen by the host',
  args: { option: 'api-key', lockOption: true },
  play: async (context) => {
    await showsFields('API Key')(context);
    await expect(widgetText(context.canvasElement)).not.toContain('OAuth Authentication');
  },
};

/** Infisical's Auth0 connection (a fixture). */
export const Auth0Connection: Story = { name: 'Auth0 connection', args: { connector: connectors.auth0 }, play: showsFields('Domain', 'Client ID', 'Client Secret', 'Audience') };

/** Zapier's authentication (a fixture): a key/value editor. */
export const ZapierAuthentication: Story = { name: 'Zapier authentication', args: { connector: connectors.zapier }, play: showsFields('Title', 'App') };

/** Infisical's integration auth (a fixture). */
export const InfisicalIntegrationAuth: Story = { name: 'Infisical integration auth', args: { connector: connectors.integration }, play: showsFields('Workspace ID', 'Integration') };

/** Infisical's token auth (a fixture): one field and a long description. */
export const InfisicalTokenAuth: Story = { name: 'Infisical token auth', args: { connector: connectors.tokenAuth }, play: showsFields('Name') };

/** Reconnecting an existing connection (`connection-id`): the same form, sent with the connection's id. */
export const Reconnect: Story = { name: 'Reconnect', args: { connectionId: 'conn_42', option: 'api-key', lockOption: true }, play: showsFields('API Key') };

// ---- loading the connector ----

/** `connector-url` while the definition is on its way (the endpoint's `pending` path never answers). */
export const Loading: Story = {
  name: 'Loading the connector',
  args: { connector: undefined, connectorUrl: '/api/token/pending' },
  play: async ({ canvasElement }) => void (await shows(canvasElement, 'Loading…')),
};

/** A connector definition that is not one: what is wrong, and no form. */
export const InvalidConnector: Story = {
  name: 'Invalid connector',
  args: { connector: { name: 'Broken connector', auth: { type: 'smoke-signals' } } },
  play: async ({ canvasElement }) => void (await shows(canvasElement, 'This connector cannot be used: key is missing;')),
};

/** `connector-url` answered 404. */
export const ConnectorNotFound: Story = {
  name: 'Connector not found',
  args: { connector: undefined, connectorUrl: '/api/connectors/missing' },
  play: async ({ canvasElement }) => void (await shows(canvasElement, 'the server answered 404')),
};

// ---- the script tag's form chunk ----

// In the script-tag build, <connect-form> is a chunk the widget fetches when an option has fields
// (`ConnectWidget.loadForm`). Storybook registers the form with the widget, so nothing is fetched:
// here a widget marked `data-story-offline` is told that the fetch failed, every other one that it arrived.
ConnectWidget.loadForm = (widget) => (widget.hasAttribute('data-story-offline') ? Promise.reject(new Error('offline')) : Promise.resolve());

/** The script tag's form chunk could not be fetched: said in the form's place, with Try again (which fails again here) and `connect-error` (`network`). */
export const FormUnavailable: Story = {
  name: 'Form could not be fetched (script tag)',
  args: { option: 'api-key', lockOption: true },
  render: (args) => html`<connect-widget
    data-story-offline
    .connector=${args.connector}
    token-endpoint=${ifDefined(args.tokenEndpoint)}
    option=${ifDefined(args.option)}
    ?lock-option=${args.lockOption}
    redirect-uri=${ifDefined(args.redirectUri)}
  ></connect-widget>`,
  play: async ({ canvasElement }) => {
    const failures: string[] = [];
    canvasElement.addEventListener('connect-error', (e) => failures.push((e as CustomEvent<{ code: string }>).detail.code));
    await shows(canvasElement, 'Could not reach the server. Check your connection and try again.');
    const before = failures.length;
    button(canvasElement, 'Try again').click();
    // Try again fetched once more, failed once more, and said so again (one more connect-error).
    await until(() => failures.length > before, 'the failure of Try again');
    await expect(new Set(failures)).toEqual(new Set(['network']));
    await shows(canvasElement, 'Could not reach the server. Check your connection and try again.');
  },
};

// ---- configuration errors, shown as soon as the widget is ready ----

/** No `token-endpoint`: said at once, above the form, before anyone types a secret. */
export const NotConfigured: Story = {
  name: 'Not configured: no token endpoint',
  args: { tokenEndpoint: undefined, option: 'api-key', lockOption: true },
  play: async ({ canvasElement }) => void (await shows(canvasElement, 'No token endpoint is set')),
};

/** An OAuth option on a page that set no `redirect-uri`: said at once, before the button is pressed. */
export const OAuthWithoutRedirectUri: Story = {
  name: 'OAuth without a redirect URI',
  args: { option: 'oauth', lockOption: true, tokenEndpoint: '/api/token/oauth', redirectUri: undefined },
  play: async ({ canvasElement }) => void (await shows(canvasElement, 'needs the redirect-uri attribute')),
};

// ---- sending and its outcomes ----

/** The request is on its way: the button is busy. */
export const Sending: Story = { name: 'Sending', ...submitted({ tokenEndpoint: '/api/token/pending' }, apiKey, 'Connect Example App…') };

/** The endpoint answered with a connection. */
export const Connected: Story = {
  name: 'Connected',
  ...submitted({ tokenEndpoint: '/api/token/ok' }, apiKey, 'Connected to Example App.', async (canvas) => {
    await expect(widgetText(canvas)).not.toContain('sk_test_');
  }),
};

/** Connect pressed with the required key empty: the form's own validation, nothing sent. */
export const MissingField: Story = { name: 'Required field missing', ...submitted({}, {}, 'Enter API Key') };

/** The endpoint rejected the key: its message on the field, the key kept for editing. */
export const KeyRejected: Story = {
  name: 'Key rejected',
  ...submitted({ tokenEndpoint: '/api/token/test-key' }, { 'API Key': 'sk_test_wrong' }, 'This key was rejected by Example App.', async (canvas) => {
    await expect(control(canvas, 'API Key').value).toBe('sk_test_wrong');
  }),
};

/** An error story: the connector, the fixture the endpoint replays, and what the user filled in. */
const errorStory = (fixture: string, connector: unknown, values: Record<string, string>, expected: string) => submitted({ connector, tokenEndpoint: `/api/token/error/${fixture}` }, values, expected);

/** Infisical 400 `{ message }`: a form-level alert. */
export const ErrorInfisical400: Story = { name: 'Rejected with a message (Infisical 400)', ...errorStory('infisical-400', connectors.auth0, auth0Values, 'Invalid Auth0 domain') };
/** Infisical 403: not allowed. */
export const ErrorInfisical403: Story = { name: 'Not allowed (Infisical 403)', ...errorStory('infisical-403', connectors.auth0, auth0Values, 'You are not allowed to create app connections') };
/** Infisical 422 (zod issues): each on its field by path. */
export const ErrorInfisical422: Story = { name: 'Errors on fields (Infisical 422)', ...errorStory('infisical-422-zod', connectors.auth0, auth0Values, 'Invalid url') };
/** Infisical 500: a server error, the values kept, Connect again to retry. */
export const ErrorInfisical500: Story = { name: 'Server problem (Infisical 500)', ...errorStory('infisical-500', connectors.auth0, auth0Values, 'Something went wrong') };
/** An RFC 9457 problem with a field pointer. */
export const ErrorProblemJson422: Story = {
  name: 'Client secret rejected (problem details 422)',
  ...errorStory('problem-json-422', connectors.auth0, auth0Values, 'This client secret was not accepted.'),
};
/** Zapier 400 with JSON:API pointers under /data. */
export const ErrorZapier400: Story = { name: 'Unknown app (Zapier 400)', ...errorStory('zapier-400-pointer', connectors.zapier, zapierValues, 'Unknown app id.') };
/** Zapier 429 with Retry-After: 3: the server's own message, and a countdown that ticks while the button waits. */
export const ErrorRateLimited: Story = { name: 'Too many attempts (Zapier 429)', ...errorStory('zapier-429', connectors.zapier, zapierValues, 'Request was throttled.') };
/** Zapier 500. */
export const ErrorZapier500: Story = { name: 'Server problem (Zapier 500)', ...errorStory('zapier-500', connectors.zapier, zapierValues, 'A server error occurred.') };
/** A proxy's HTML 502 page: never shown as text; a plain sentence instead. */
export const ErrorBadGateway: Story = { name: 'Bad gateway (an HTML 502 page)', ...errorStory('html-502', connectors.auth0, auth0Values, '502') };

/** The endpoint cannot be reached (connection refused). */
export const NetworkError: Story = { name: 'Server unreachable', ...submitted({ tokenEndpoint: 'http://127.0.0.1:9/token' }, apiKey, 'Could not reach the server') };

/** The endpoint did not answer within `timeout` (here 1.5 s). */
export const TimedOut: Story = { name: 'Timed out', ...submitted({ tokenEndpoint: '/api/token/hang', timeout: 1500 }, apiKey, 'did not answer') };

/** A token endpoint the widget refuses to send secrets to (plain http to another host). */
export const EndpointRefused: Story = { name: 'Token endpoint refused', ...submitted({ tokenEndpoint: 'http://api.example.com/token' }, apiKey, 'is refused') };

// ---- OAuth ----

const oauth: Partial<WidgetArgs> = { option: 'oauth', tokenEndpoint: '/api/token/oauth' };

/** An OAuth option, ready. Press it: a real popup opens on a stand-in provider page with Allow and Deny. */
export const OAuthOption: Story = {
  name: 'OAuth option',
  args: { ...oauth },
  play: async ({ canvasElement }) => void (await until(() => findButton(canvasElement, 'Continue with Example App'), 'the Continue button')),
};

/**
 * A sign-in story: the window answers as `answer` says, Continue is pressed, and the story waits
 * for `expected`; `then` takes the user one step further.
 */
function signIn(answer: PopupAnswer, expected: string, extra: Partial<WidgetArgs> = {}, then?: (canvas: HTMLElement) => Promise<void>): Story {
  return {
    args: { ...oauth, ...extra },
    beforeEach: popup(answer),
    play: async ({ canvasElement }) => {
      button(canvasElement, 'Continue with Example App').click();
      await shows(canvasElement, expected, 5000);
      await then?.(canvasElement);
    },
  };
}

/** The popup is open: waiting for the provider, with Reopen window and Cancel. */
export const OAuthWaiting: Story = {
  name: 'OAuth: waiting for the provider',
  ...signIn('wait', 'Waiting for Example App'),
};

/** The popup reads closed: the text changes, Reopen or Cancel. */
export const OAuthWindowClosed: Story = {
  name: 'OAuth: window closed',
  ...signIn('closed', 'window seems to be closed'),
};

/** The user cancelled the sign-in. */
export const OAuthCancelled: Story = {
  name: 'OAuth: cancelled',
  ...signIn('wait', 'Waiting for Example App', {}, async (canvas) => {
    button(canvas, 'Cancel').click();
    await shows(canvas, 'was cancelled');
  }),
};

/** The provider answered access_denied, with its description. */
export const OAuthDenied: Story = {
  name: 'OAuth: access denied',
  ...signIn('deny', 'did not grant access'),
};

/** The browser blocked the popup: Try again, or Continue in this window. */
export const OAuthPopupBlocked: Story = {
  name: 'OAuth: popup blocked',
  ...signIn('blocked', 'Continue in this window'),
};

/** The sign-in took longer than `oauth-timeout` (here 1.5 s). */
export const OAuthTimedOut: Story = {
  name: 'OAuth: timed out',
  ...signIn('wait', 'Try again', { oauthTimeout: 1500 }),
};

/** Signed in: the code was exchanged and the connection made. */
export const OAuthConnected: Story = {
  name: 'OAuth: connected',
  ...signIn('good', 'Connected to Example App.'),
};

/** The provider answered; the code is being exchanged at the token endpoint (`oauth-callback`). */
export const OAuthFinishing: Story = {
  name: 'OAuth: finishing the connection',
  ...signIn('good', 'Finishing the connection to Example App', { tokenEndpoint: '/api/token/oauth?answer=hold-callback' }),
};

/**
 * The popup was blocked and the user chose "Continue in this window": the page is about to leave for
 * the provider (oauth-start never answers here, so the page stays on "Taking you to …").
 */
export const OAuthRedirecting: Story = {
  name: 'OAuth: continuing in this window',
  ...signIn('blocked', 'Continue in this window', { tokenEndpoint: '/api/token/pending' }, async (canvas) => {
    button(canvas, 'Continue in this window').click();
    await shows(canvas, 'Taking you to Example App');
  }),
};

/** An OAuth connector that asks for connection details first (subdomain, region). */
export const OAuthWithDetails: Story = {
  name: 'OAuth with connection details',
  args: { connector: connectors.helpdesk, option: undefined, tokenEndpoint: '/api/token/oauth' },
  play: async (context) => {
    await showsFields('Helpdesk subdomain', 'United States', 'European Union')(context);
    button(context.canvasElement, 'Continue with Example Helpdesk');
  },
};

/** The endpoint refused the details at oauth-start: the message on the subdomain field. */
export const OAuthDetailsRejected: Story = {
  name: 'OAuth: connection details rejected',
  args: { connector: connectors.helpdesk, option: undefined, tokenEndpoint: '/api/token/oauth?answer=reject-subdomain' },
  beforeEach: popup('wait'),
  play: async ({ canvasElement }) => {
    fill(canvasElement, { 'Helpdesk subdomain': 'acme' });
    button(canvasElement, 'Continue with Example Helpdesk').click();
    await shows(canvasElement, 'There is no helpdesk at this subdomain.');
  },
};

// ---- theming ----

/** `theme="dark"`, on a dark page; the element paints its own surface, which the host pads like any block. */
export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', style: 'padding:1.25rem;border-radius:8px' },
  decorators: [(story) => html`<div style="background:#111;padding:1rem">${story()}</div>`],
  play: async ({ canvasElement }) => {
    const title = await until(() => canvasElement.querySelector('connect-widget')?.shadowRoot?.querySelector('h2'), 'the title');
    // Light text on the element's own dark surface.
    await expect(luminance(getComputedStyle(title).color)).toBeGreaterThan(0.6);
  },
};

/** Styled by the host with `::part()`: the widget forwards its form's and picker's parts. */
export const StyledWithParts: Story = {
  name: 'Styled with ::part()',
  decorators: [
    (story) => html`<style>
        .parts-host connect-widget::part(title) { font-family: Georgia, serif; font-weight: 400; }
        .parts-host connect-widget::part(option) { border-radius: 999px; }
        .parts-host connect-widget::part(input) { border-width: 0 0 2px; border-radius: 0; }
        .parts-host connect-widget::part(submit) { border-radius: 999px; padding-inline: 1.5rem; }
      </style>
      <div class="parts-host">${story()}</div>`,
  ],
  play: async ({ canvasElement }) => {
    const submit = await until(() => findButton(canvasElement, 'Connect Example App'), 'the Connect button');
    await expect(getComputedStyle(submit).borderTopLeftRadius).toBe('999px');
  },
};

/**
 * Themed by the host with CSS custom properties: a violet accent, with a lighter violet (and dark
 * text on it) when the widget is dark (the Theme toolbar), so that links and the button keep their contrast.
 */
export const CustomProperties: Story = {
  name: 'Themed with custom properties',
  decorators: [
    (story) => html`<style>
        .themed-host connect-widget { --connect-color-accent: #7c3aed; --connect-color-on-accent: #fff; --connect-radius: 12px; --connect-font: Georgia, serif; --connect-color-border: #c4b5fd; }
        .themed-host connect-widget[theme='dark'] { --connect-color-accent: #a78bfa; --connect-color-on-accent: #1e1b4b; --connect-color-border: #6d28d9; }
      </style>
      <div class="themed-host">${story()}</div>`,
  ],
  play: async ({ canvasElement }) => {
    const submit = await until(() => findButton(canvasElement, 'Connect Example App'), 'the Connect button');
    // The Theme toolbar may turn the widget dark after the button is drawn: wait for the accent of the theme it ends in.
    const widget = canvasElement.querySelector('connect-widget')!;
    const accent = () => (widget.getAttribute('theme') === 'dark' ? 'rgb(167, 139, 250)' : 'rgb(124, 58, 237)');
    await until(() => getComputedStyle(submit).backgroundColor === accent(), 'the button in the accent of the theme');
    await expect(getComputedStyle(submit).backgroundColor).toBe(accent());
  },
};

import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect } from 'storybook/test';
import { button, connectors, control, fill, popup, shows, widgetText, type PopupAnswer } from './support.js';

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
export const OptionPicker: Story = {};

/** The host chose the option (`lock-option`): no picker. */
export const LockedOption: Story = { args: { option: 'api-key', lockOption: true } };

/** Infisical's Auth0 connection (a fixture). */
export const Auth0Connection: Story = { args: { connector: connectors.auth0 } };

/** Zapier's authentication (a fixture): a key/value editor. */
export const ZapierAuthentication: Story = { args: { connector: connectors.zapier } };

/** Infisical's integration auth (a fixture). */
export const InfisicalIntegrationAuth: Story = { args: { connector: connectors.integration } };

/** Infisical's token auth (a fixture): one field and a long description. */
export const InfisicalTokenAuth: Story = { args: { connector: connectors.tokenAuth } };

/** Reconnecting an existing connection (`connection-id`): the same form, sent with the connection's id. */
export const Reconnect: Story = { args: { connectionId: 'conn_42', option: 'api-key', lockOption: true } };

// ---- loading the connector ----

/** `connector-url` while the definition is on its way (the endpoint's `pending` path never answers). */
export const Loading: Story = { args: { connector: undefined, connectorUrl: '/api/token/pending' } };

/** A connector definition that is not one: what is wrong, and no form. */
export const InvalidConnector: Story = {
  args: { connector: { name: 'Broken connector', auth: { type: 'smoke-signals' } } },
  play: async ({ canvasElement }) => void (await shows(canvasElement, 'This connector cannot be used: key is missing;')),
};

/** `connector-url` answered 404. */
export const ConnectorNotFound: Story = {
  args: { connector: undefined, connectorUrl: '/api/connectors/missing' },
  play: async ({ canvasElement }) => void (await shows(canvasElement, 'the server answered 404')),
};

// ---- sending and its outcomes ----

/** The request is on its way: the button is busy. */
export const Sending = submitted({ tokenEndpoint: '/api/token/pending' }, apiKey, 'Connect Example App…');

/** The endpoint answered with a connection. */
export const Connected = submitted({ tokenEndpoint: '/api/token/ok' }, apiKey, 'Connected to Example App.', async (canvas) => {
  await expect(widgetText(canvas)).not.toContain('sk_test_');
});

/** Connect pressed with the required key empty: the form's own validation, nothing sent. */
export const MissingField = submitted({}, {}, 'Enter API Key');

/** The endpoint rejected the key: its message on the field, the key kept for editing. */
export const KeyRejected = submitted({ tokenEndpoint: '/api/token/test-key' }, { 'API Key': 'sk_test_wrong' }, 'This key was rejected by Example App.', async (canvas) => {
  await expect(control(canvas, 'API Key').value).toBe('sk_test_wrong');
});

/** An error story: the connector, the fixture the endpoint replays, and what the user filled in. */
const errorStory = (fixture: string, connector: unknown, values: Record<string, string>, expected: string) =>
  submitted({ connector, tokenEndpoint: `/api/token/error/${fixture}` }, values, expected);

/** Infisical 400 `{ message }`: a form-level alert. */
export const ErrorInfisical400 = errorStory('infisical-400', connectors.auth0, auth0Values, 'Invalid Auth0 domain');
/** Infisical 403: not allowed. */
export const ErrorInfisical403 = errorStory('infisical-403', connectors.auth0, auth0Values, 'You are not allowed to create app connections');
/** Infisical 422 (zod issues): each on its field by path. */
export const ErrorInfisical422 = errorStory('infisical-422-zod', connectors.auth0, auth0Values, 'Invalid url');
/** Infisical 500: a server error, the values kept, Connect again to retry. */
export const ErrorInfisical500 = errorStory('infisical-500', connectors.auth0, auth0Values, 'Something went wrong');
/** An RFC 9457 problem with a field pointer. */
export const ErrorProblemJson422 = errorStory('problem-json-422', connectors.auth0, auth0Values, 'This client secret was not accepted.');
/** Zapier 400 with JSON:API pointers under /data. */
export const ErrorZapier400 = errorStory('zapier-400-pointer', connectors.zapier, zapierValues, 'Unknown app id.');
/** Zapier 429 with Retry-After: 3: the button waits out the countdown. */
export const ErrorRateLimited = errorStory('zapier-429', connectors.zapier, zapierValues, 'Too many attempts. Try again in');
/** Zapier 500. */
export const ErrorZapier500 = errorStory('zapier-500', connectors.zapier, zapierValues, 'A server error occurred.');
/** A proxy's HTML 502 page: never shown as text; a plain sentence instead. */
export const ErrorBadGateway = errorStory('html-502', connectors.auth0, auth0Values, '502');

/** The endpoint cannot be reached (connection refused). */
export const NetworkError = submitted({ tokenEndpoint: 'http://127.0.0.1:9/token' }, apiKey, 'Could not reach the server');

/** The endpoint did not answer within `timeout` (here 1.5 s). */
export const TimedOut = submitted({ tokenEndpoint: '/api/token/hang', timeout: 1500 }, apiKey, 'did not answer');

/** A token endpoint the widget refuses to send secrets to (plain http to another host: SPEC security rule 3). */
export const EndpointRefused = submitted({ tokenEndpoint: 'http://api.example.com/token' }, apiKey, 'is refused');

// ---- OAuth ----

const oauth: Partial<WidgetArgs> = { option: 'oauth', tokenEndpoint: '/api/token/oauth' };

/** An OAuth option, ready. Press it: a real popup opens on a stand-in provider page with Allow and Deny. */
export const OAuthOption: Story = { name: 'OAuth option', args: { ...oauth } };

/**
 * A sign-in story: the window answers as `answer` says, Continue is pressed, and the story waits
 * for `expected`; `then` takes the user one step further.
 */
function signIn(name: string, answer: PopupAnswer, expected: string, extra: Partial<WidgetArgs> = {}, then?: (canvas: HTMLElement) => Promise<void>): Story {
  return {
    name,
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
export const OAuthWaiting = signIn('OAuth waiting', 'wait', 'Waiting for Example App');

/** The popup reads closed: the text changes, Reopen or Cancel. */
export const OAuthWindowClosed = signIn('OAuth window closed', 'closed', 'window seems to be closed');

/** The user cancelled the sign-in. */
export const OAuthCancelled = signIn('OAuth cancelled', 'wait', 'Waiting for Example App', {}, async (canvas) => {
  button(canvas, 'Cancel').click();
  await shows(canvas, 'was cancelled');
});

/** The provider answered access_denied, with its description. */
export const OAuthDenied = signIn('OAuth denied', 'deny', 'did not grant access');

/** The browser blocked the popup: Try again, or Continue in this window. */
export const OAuthPopupBlocked = signIn('OAuth popup blocked', 'blocked', 'Continue in this window');

/** The sign-in took longer than `oauth-timeout` (here 1.5 s). */
export const OAuthTimedOut = signIn('OAuth timed out', 'wait', 'Try again', { oauthTimeout: 1500 });

/** Signed in: the code was exchanged and the connection made. */
export const OAuthConnected = signIn('OAuth connected', 'good', 'Connected to Example App.');

/** The provider answered; the code is being exchanged at the token endpoint (`oauth-callback`). */
export const OAuthFinishing = signIn('OAuth finishing', 'good', 'Finishing the connection to Example App', { tokenEndpoint: '/api/token/oauth?answer=hold-callback' });

/**
 * The popup was blocked and the user chose "Continue in this window": the page is about to leave for
 * the provider (oauth-start never answers here, so the page stays on "Taking you to …").
 */
export const OAuthRedirecting = signIn('OAuth continuing in this window', 'blocked', 'Continue in this window', { tokenEndpoint: '/api/token/pending' }, async (canvas) => {
  button(canvas, 'Continue in this window').click();
  await shows(canvas, 'Taking you to Example App');
});

/** An OAuth connector that asks for connection details first (subdomain, region). */
export const OAuthWithDetails: Story = { name: 'OAuth with connection details', args: { connector: connectors.helpdesk, option: undefined, tokenEndpoint: '/api/token/oauth' } };

/** The endpoint refused the details at oauth-start: the message on the subdomain field. */
export const OAuthDetailsRejected: Story = {
  name: 'OAuth details rejected',
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
  args: { theme: 'dark', style: 'padding:1.25rem;border-radius:8px' },
  decorators: [(story) => html`<div style="background:#111;padding:1rem">${story()}</div>`],
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
};

/** Themed by the host with CSS custom properties. */
export const CustomProperties: Story = {
  args: {
    style: '--connect-color-accent:#7c3aed;--connect-color-on-accent:#fff;--connect-radius:12px;--connect-font:Georgia, serif;--connect-color-border:#c4b5fd',
  },
};

import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect } from 'storybook/test';
import type { ConnectForm } from '../src/elements/form/form.js';
import { button, connectors, control, formIn, schemaOf, showsFields, until } from './support.js';

interface FormArgs {
  schema: unknown;
  values?: Record<string, unknown>;
  /** The host's own button text; unset, the button says the locale's word for Connect. */
  submitLabel?: string;
  busy: boolean;
  disabled: boolean;
}

/**
 * `<connect-form>` draws the fields of one JSON Schema. Each fixture is a real connector definition
 * from public API docs; the play functions put the form in the state the story is named after.
 */
const meta: Meta<FormArgs> = {
  title: 'connect-form',
  component: 'connect-form',
  args: { busy: false, disabled: false },
  argTypes: { schema: { control: 'object' }, values: { control: 'object' } },
  render: (args) =>
    html`<connect-form .schema=${args.schema} .values=${args.values} submit-label=${ifDefined(args.submitLabel || undefined)} ?busy=${args.busy} ?disabled=${args.disabled}></connect-form>`,
};
export default meta;
type Story = StoryObj<FormArgs>;

const form = (canvasElement: HTMLElement): ConnectForm => formIn(canvasElement);
const shadow = (canvasElement: HTMLElement) => form(canvasElement).shadowRoot!;

// ---- the fixtures, as a user first sees them ----

/** Infisical's Auth0 connection: a const sent without asking, a fieldset, a secret, a URI, a pattern. */
export const Auth0Connection: Story = {
  name: 'Auth0 connection',
  args: { schema: schemaOf(connectors.auth0) },
  play: showsFields('Domain', 'Client ID', 'Client Secret', 'Audience'),
};

/** Infisical's integration auth. */
export const InfisicalIntegrationAuth: Story = {
  name: 'Infisical integration auth',
  args: { schema: schemaOf(connectors.integration) },
  play: showsFields('Workspace ID', 'Integration', 'Access token'),
};

/** Infisical's token auth: a one-element allOf wrapper around a string. */
export const InfisicalTokenAuth: Story = { name: 'Infisical token auth', args: { schema: schemaOf(connectors.tokenAuth) }, play: showsFields('Name') };

/** Zapier's authentication: a key/value editor for `additionalProperties`, secret values, and a long description behind "About". */
export const ZapierAuthentication: Story = { name: 'Zapier authentication', args: { schema: schemaOf(connectors.zapier) }, play: showsFields('Title', 'App') };

/** integration.app's example, API key option: one required secret. */
export const ApiKey: Story = { name: 'API key', args: { schema: schemaOf(connectors.example, 'api-key') }, play: showsFields('API Key') };

/** Initial non-secret values from the host; the secret stays empty (never prefilled). */
export const Prefilled: Story = {
  name: 'Prefilled by the host',
  args: {
    schema: schemaOf(connectors.auth0),
    values: { name: 'production-tenant', credentials: { domain: 'acme.us.auth0.com', clientId: 'a1b2c3', clientSecret: 'never shown', audience: 'https://acme.us.auth0.com/api/v2/' } },
  },
  play: async ({ canvasElement }) => {
    await expect(control(canvasElement, 'Domain').value).toBe('acme.us.auth0.com');
    await expect(control(canvasElement, 'Client Secret').value).toBe('');
  },
};

// ---- validation ----

/** Connect pressed with nothing filled in: every problem on its field, focus on the first, a summary announced. */
export const EmptySubmitted: Story = {
  name: 'Submitted empty',
  args: { schema: schemaOf(connectors.auth0) },
  play: async ({ canvasElement }) => {
    button(canvasElement, 'Connect').click();
    const summary = await until(() => shadow(canvasElement).querySelector('[role=alert]')?.textContent?.trim(), 'the error summary');
    await expect(summary).toContain('fields need attention');
    await expect(control(canvasElement, 'Domain').getAttribute('aria-invalid')).toBe('true');
  },
};

/** A field left with a bad value: its error shows once it loses focus. */
export const InvalidAfterBlur: Story = {
  name: 'Invalid value after leaving a field',
  args: { schema: schemaOf(connectors.auth0) },
  play: async ({ canvasElement }) => {
    const audience = control(canvasElement, 'Audience');
    audience.focus();
    audience.value = 'not a url';
    audience.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    audience.blur();
    await until(() => audience.getAttribute('aria-invalid') === 'true', 'the Audience error');
    await expect(shadow(canvasElement).textContent).toContain('Enter a URL like');
  },
};

/** Problems the server reported (`setErrors`), on their fields and in the summary. */
export const ServerErrors: Story = {
  name: 'Errors from the server',
  args: { schema: schemaOf(connectors.example, 'api-key') },
  play: async ({ canvasElement }) => {
    form(canvasElement).setErrors([{ pointer: '/apiKey', message: 'This key was rejected by Example App.' }], 'The credentials were rejected.');
    await until(() => control(canvasElement, 'API Key').getAttribute('aria-invalid') === 'true', 'the server error');
  },
};

// ---- help and secrets ----

/** A description too long to sit under its label opens in a popover (Escape closes it). */
export const HelpPopoverOpen: Story = {
  name: 'Help popover open',
  args: { schema: schemaOf(connectors.zapier) },
  play: async ({ canvasElement }) => {
    const about = [...shadow(canvasElement).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('About'));
    if (!about) throw new Error('no About button');
    about.click();
    await until(() => about.getAttribute('aria-expanded') === 'true', 'the popover');
  },
};

/** A secret shown with its "Show" toggle pressed. */
export const SecretRevealed: Story = {
  name: 'Secret revealed',
  args: { schema: schemaOf(connectors.example, 'api-key') },
  play: async ({ canvasElement }) => {
    const key = control(canvasElement, 'API Key');
    key.value = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
    key.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    button(canvasElement, 'Show API Key').click();
    await until(() => key.type === 'text', 'the revealed secret');
  },
};

// ---- the button ----

/** The host is sending: the button is busy ("Connect…", aria-disabled). */
export const Busy: Story = {
  name: 'Busy',
  args: { schema: schemaOf(connectors.example, 'api-key'), busy: true },
  play: async ({ canvasElement }) => {
    const submit = await until(() => shadow(canvasElement).querySelector('button[type=submit]'), 'the Connect button');
    await expect(submit.getAttribute('aria-disabled')).toBe('true');
    await expect(submit.textContent!.trim()).toBe('Connect…');
  },
};

/** The host disabled the form's button. */
export const Disabled: Story = {
  name: 'Disabled',
  args: { schema: schemaOf(connectors.example, 'api-key'), disabled: true },
  play: async ({ canvasElement }) => {
    const submit = await until(() => shadow(canvasElement).querySelector<HTMLButtonElement>('button[type=submit]'), 'the Connect button');
    await expect(submit.disabled).toBe(true);
  },
};

// ---- schema coverage ----

/** Every schema construct the form supports, in one form (see docs/connectors.md). */
export const SchemaCoverage: Story = {
  name: 'Every kind of field',
  args: {
    submitLabel: 'Save',
    schema: {
      type: 'object',
      required: ['name', 'region', 'auth'],
      $defs: { token: { type: 'string', writeOnly: true, title: 'Token' } },
      properties: {
        name: { type: 'string', title: 'Name', examples: ['Production'], description: 'Shown in your list of connections.' },
        port: { type: ['integer', 'null'], minimum: 1, maximum: 65535, default: 443 },
        ratio: { type: 'number' },
        verbose: { type: 'boolean', 'x-widget': 'switch' },
        region: { type: 'string', enum: ['us', 'eu'] },
        plan: {
          oneOf: [
            { const: 'free', title: 'Free' },
            { const: 'team', title: 'Team' },
            { const: 'enterprise', title: 'Enterprise' },
            { const: 'custom', title: 'Custom' },
            { const: 'legacy', title: 'Legacy' },
          ],
        },
        id: { type: 'string', readOnly: true, default: 'conn_123' },
        notes: { type: 'string', 'x-widget': 'textarea', 'x-help-uri': 'https://docs.example.com/notes' },
        proxy: { type: 'object', title: 'Proxy', properties: { host: { type: 'string' }, port: { type: 'integer' } }, dependentRequired: { host: ['port'] } },
        scopes: { type: 'array', items: { type: 'string' }, minItems: 1 },
        headers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } }, required: ['name'] } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        auth: { type: 'string', enum: ['basic', 'token'] },
        filter: { not: { type: 'null' }, description: 'A construct the form cannot draw: a JSON text area.' },
      },
      if: { properties: { auth: { const: 'basic' } }, required: ['auth'] },
      then: { properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } }, required: ['username', 'password'] },
      else: { properties: { token: { $ref: '#/$defs/token' } }, required: ['token'] },
    },
  },
  play: showsFields('Name', 'Port', 'Ratio', 'Verbose', 'Plan', 'ID', 'Notes', 'Host', 'Scopes 1', 'Filter', 'Token'),
};

// ---- arrays of choices: a group of checkboxes ----

/** OAuth scopes as an array of choices: at least one and at most two, "Read" ticked by default. */
const scopesSchema = {
  type: 'object',
  required: ['scopes'],
  properties: {
    scopes: {
      type: 'array',
      title: 'Scopes',
      description: 'What Example App may do with your account.',
      uniqueItems: true,
      maxItems: 2,
      items: {
        oneOf: [
          { const: 'read', title: 'Read your projects' },
          { const: 'write', title: 'Create and edit projects' },
          { const: 'admin', title: 'Manage members' },
        ],
      },
    },
    events: { type: 'array', title: 'Events', uniqueItems: true, items: { enum: ['push', 'pull_request', 'release'] } },
  },
};
const boxes = (canvasElement: HTMLElement, legend: string) => {
  const group = [...shadow(canvasElement).querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent?.includes(legend));
  if (!group) throw new Error(`no group ${legend}`);
  return { group, boxes: [...group.querySelectorAll<HTMLInputElement>('input[type=checkbox]')] };
};

/** Nothing ticked yet: a required group (its legend says so) and an optional one. */
export const ChoicesEmpty: Story = {
  name: 'Choices: empty',
  args: { schema: scopesSchema },
  play: async ({ canvasElement }) => {
    const { boxes: scopes } = boxes(canvasElement, 'Scopes');
    await expect(scopes.length).toBe(3);
    await expect(scopes.some((b) => b.checked)).toBe(false);
    await expect(boxes(canvasElement, 'Scopes').group.textContent).toContain('(required)');
  },
};

/** Connect pressed with no scope ticked: the error is on the group, focus on its first box. */
export const ChoicesRequiredError: Story = {
  name: 'Choices: required, none chosen',
  args: { schema: scopesSchema },
  play: async ({ canvasElement }) => {
    button(canvasElement, 'Connect').click();
    const { group, boxes: scopes } = boxes(canvasElement, 'Scopes');
    await until(() => scopes[0]!.getAttribute('aria-invalid') === 'true', 'the group error');
    await expect(group.textContent).toContain('Choose at least one option for Scopes');
    await expect(group.getAttribute('aria-describedby')).toContain('-error');
  },
};

/** Some choices ticked (the host's values prefill them). */
export const ChoicesSomeChosen: Story = {
  name: 'Choices: some chosen',
  args: { schema: scopesSchema, values: { scopes: ['read'], events: ['push', 'release'] } },
  play: async ({ canvasElement }) => {
    await expect(boxes(canvasElement, 'Scopes').boxes.map((b) => b.checked)).toEqual([true, false, false]);
    await expect(form(canvasElement).getValue()).toEqual({ scopes: ['read'], events: ['push', 'release'] });
  },
};

/** Three scopes ticked where two at most are allowed: the maxItems error on the group. */
export const ChoicesTooMany: Story = {
  name: 'Choices: too many chosen',
  args: { schema: scopesSchema, values: { scopes: ['read', 'write', 'admin'] } },
  play: async ({ canvasElement }) => {
    button(canvasElement, 'Connect').click();
    const { group } = boxes(canvasElement, 'Scopes');
    await until(() => group.textContent?.includes('Choose at most 2 options'), 'the maxItems error');
  },
};

/** A schema it cannot use at all (a `$ref` that does not resolve): an error state, not an exception. */
export const BrokenSchema: Story = {
  name: 'Broken schema',
  args: { schema: { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } } },
  play: async ({ canvasElement }) => {
    await until(() => shadow(canvasElement).querySelector('[role=alert]')?.textContent?.includes('does not resolve'), 'the error state');
  },
};

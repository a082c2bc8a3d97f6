/**
 * What the stories share: the connectors (the real fixtures), a way to reach the controls inside
 * the elements' shadow roots for play functions, and a stand-in for the OAuth popup window.
 */
import { handleCallback, type CallbackWindow } from '../src/callback.js';
import type { ConnectForm } from '../src/elements/form/form.js';
import auth0 from '../test/fixtures/connectors/infisical-auth0-connection.json';
import integration from '../test/fixtures/connectors/infisical-integration-auth.json';
import tokenAuth from '../test/fixtures/connectors/infisical-token-auth.json';
import example from '../test/fixtures/connectors/integration-app-example.json';
import zapier from '../test/fixtures/connectors/zapier-authentication.json';
import helpdesk from '../demo/connectors/example-helpdesk.json';

/** The connector fixtures (real definitions from public API docs) and the demo's OAuth connector. */
export const connectors = { auth0, integration, tokenAuth, example, zapier, helpdesk } as const;

/** The schema of a connector's `auth.ui.schema` (or of one of its options). */
export function schemaOf(connector: { auth: unknown }, option?: string): unknown {
  const auth = connector.auth as { ui?: { schema?: unknown }; options?: Record<string, { ui?: { schema?: unknown } }> };
  return option ? auth.options?.[option]?.ui?.schema : auth.ui?.schema;
}

/** Waits until `check` returns something truthy (the elements render asynchronously). */
export async function until<T>(check: () => T | null | undefined | false, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The form a story shows: the element itself, or the visible one inside a `<connect-widget>`. */
export function formIn(root: ParentNode): ConnectForm {
  const direct = root.querySelector<ConnectForm>('connect-form');
  if (direct) return direct;
  const widget = root.querySelector('connect-widget');
  const forms = [...(widget?.shadowRoot?.querySelectorAll<ConnectForm>('connect-form') ?? [])];
  const shown = forms.find((f) => !f.closest('[hidden]'));
  if (!shown) throw new Error('no visible connect-form in this story');
  return shown;
}

/** The control whose label text starts with `label`, inside the story's form. */
export function control(root: ParentNode, label: string): HTMLInputElement {
  const form = formIn(root);
  const all = [...form.shadowRoot!.querySelectorAll<HTMLInputElement>('input, select, textarea')];
  const found = all.find((c) => (c.labels?.[0]?.textContent ?? c.getAttribute('aria-label') ?? '').replace(/\s+/g, ' ').trim().startsWith(label));
  if (!found) throw new Error(`no control labelled "${label}"`);
  return found;
}

/** A button by its accessible name (aria-label, else its text), inside the story's widget (or form). */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  const scopes: ParentNode[] = [root];
  const widget = root.querySelector('connect-widget');
  if (widget?.shadowRoot) scopes.push(widget.shadowRoot);
  for (const form of widget?.shadowRoot?.querySelectorAll('connect-form') ?? root.querySelectorAll('connect-form')) {
    if (form.shadowRoot && !form.closest('[hidden]')) scopes.push(form.shadowRoot);
  }
  for (const scope of scopes) {
    const name = (b: HTMLButtonElement) => b.getAttribute('aria-label') ?? b.textContent!.replace(/\s+/g, ' ').trim();
    const found = [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => name(b) === text && !b.closest('[hidden]'));
    if (found) return found;
  }
  throw new Error(`no button "${text}"`);
}

/** How the stand-in popup answers once the widget points it at the provider. */
export type PopupAnswer = 'wait' | 'closed' | 'deny' | 'good' | 'blocked';

/**
 * Replaces `window.open` for one story with a stand-in popup window, and returns the function that
 * puts it back (a story's `beforeEach` cleanup). A designer's browser blocks a popup opened by a play
 * function (no user gesture), so stories that show a sign-in state stand in for the provider's
 * window. `deny` and `good` answer through the real callback module (`handleCallback`), over the
 * BroadcastChannel route; `blocked` is the browser refusing the window. The real popup, against a
 * real OAuth server, runs in test/e2e/oauth.test.ts.
 */
export function standInPopup(answer: PopupAnswer): () => void {
  const original = window.open;
  window.open = ((): Window | null => {
    if (answer === 'blocked') return null;
    const popup = {
      closed: false,
      focus() {},
      close() {
        popup.closed = true;
      },
      location: {
        set href(url: string) {
          const state = new URL(url).searchParams.get('state') ?? '';
          if (answer === 'closed') popup.closed = true;
          if (answer === 'deny' || answer === 'good') {
            const query = answer === 'good' ? `?code=good&state=${state}` : `?error=access_denied&error_description=The+user+said+no&state=${state}`;
            setTimeout(() => handleCallback(callbackWindow(query, popup)), 300);
          }
        },
      },
    };
    return popup as unknown as Window;
  }) as typeof window.open;
  return () => {
    window.open = original;
  };
}

/**
 * A story's `beforeEach` that installs `standInPopup(answer)` in the story's own view only: on a Docs
 * page, where many stories share one window and play functions do not run, `window.open` stays real.
 */
export function popup(answer: PopupAnswer): (context: { viewMode: string }) => (() => void) | undefined {
  return ({ viewMode }) => (viewMode === 'story' ? standInPopup(answer) : undefined);
}

// The callback page as it would run in the popup after the provider's redirect, without an opener
// (as under a provider's COOP), so it answers on the BroadcastChannel.
function callbackWindow(query: string, popup: { close(): void }): CallbackWindow {
  return {
    location: { search: query, hash: '', origin: location.origin, href: `${location.origin}/callback.html${query}`, replace() {} },
    opener: null,
    document: { body: null, createElement: (tag: string) => document.createElement(tag) },
    BroadcastChannel,
    close: () => popup.close(),
  };
}

/** Types values into the story's form by label, the way a user's input arrives (value, input, blur). */
export function fill(root: ParentNode, values: Record<string, string>): void {
  for (const [label, value] of Object.entries(values)) {
    const input = control(root, label);
    input.focus();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.blur();
  }
}

/** The text of the story's widget (its shadow root, forms included), whitespace collapsed. */
export function widgetText(root: ParentNode): string {
  const widget = root.querySelector('connect-widget');
  const parts = [widget?.shadowRoot?.textContent ?? ''];
  for (const form of widget?.shadowRoot?.querySelectorAll('connect-form') ?? []) parts.push(form.shadowRoot?.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** Waits until the story's widget shows `text`. */
export const shows = (root: ParentNode, text: string, ms?: number) => until(() => widgetText(root).includes(text), `"${text}"`, ms);

/** The story's form control labelled `label` (see `control`), or undefined while there is none. */
function findControl(root: ParentNode, label: string): HTMLInputElement | undefined {
  try {
    return control(root, label);
  } catch {
    return undefined;
  }
}

/** A play function for a form as a user first sees it: waits until there is a control for each label. */
export function showsFields(...labels: string[]): (context: { canvasElement: HTMLElement }) => Promise<void> {
  return async ({ canvasElement }) => {
    await until(() => labels.every((label) => findControl(canvasElement, label)), `the fields ${labels.join(', ')}`);
  };
}

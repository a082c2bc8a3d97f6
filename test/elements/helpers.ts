import { fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import type { ConnectWidget } from '../../src/elements/widget/widget.js';
import auth0 from '../fixtures/connectors/infisical-auth0-connection.json';
import integration from '../fixtures/connectors/infisical-integration-auth.json';
import tokenAuth from '../fixtures/connectors/infisical-token-auth.json';
import example from '../fixtures/connectors/integration-app-example.json';
import zapier from '../fixtures/connectors/zapier-authentication.json';

/** The connector fixtures, by file name. */
export const connectors = {
  'infisical-auth0-connection': auth0,
  'infisical-integration-auth': integration,
  'infisical-token-auth': tokenAuth,
  'integration-app-example': example,
  'zapier-authentication': zapier,
} as const;

/** Renders a `<connect-form>` for a schema and waits for it. */
export async function formFor(schema: unknown, values?: Record<string, unknown>): Promise<ConnectForm> {
  const el = await fixture<ConnectForm>(html`<connect-form .schema=${schema} .values=${values}></connect-form>`);
  await el.updateComplete;
  return el;
}

/** The shadow root of an element. */
export const root = (el: Element): ShadowRoot => el.shadowRoot!;

/** Every form control the user can operate, in DOM order (buttons excluded). */
export function controls(el: Element): HTMLElement[] {
  return [...root(el).querySelectorAll<HTMLElement>('input, select, textarea')];
}

/** The accessible name of a control, as its label (or aria-label, or legend for radio groups) gives it. */
export function nameOf(control: HTMLElement): string {
  const aria = control.getAttribute('aria-label');
  if (aria) return aria;
  const labels = (control as HTMLInputElement).labels;
  if (labels && labels.length) return labels[0]!.textContent!.replace(/\s+/g, ' ').trim();
  return '';
}

/** The control whose label starts with the given text. */
export function byLabel(el: Element, label: string): HTMLInputElement {
  const found = controls(el).find((c) => nameOf(c) === label || nameOf(c).startsWith(label + ' ('));
  if (!found) throw new Error(`no control labelled "${label}" among: ${controls(el).map(nameOf).join(' | ')}`);
  return found as HTMLInputElement;
}

/** Types a value into a control the way a user's input would arrive (value + input event), then blurs it. */
export async function type(el: ConnectForm, control: HTMLInputElement | HTMLTextAreaElement, value: string, blur = true) {
  control.focus();
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  if (blur) {
    control.blur();
    control.dispatchEvent(new Event('blur'));
  }
  await el.updateComplete;
}

/** The error text shown for a control (via its aria-describedby). */
export function errorOf(el: Element, control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
  return ids.map((id) => root(el).getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

/** Clicks the submit button and waits for the form to settle. */
export async function submit(el: ConnectForm) {
  root(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 0));
  await el.updateComplete;
}

/** Waits for an event on an element while running an action. */
export async function eventDuring<T extends Event>(el: Element, name: string, action: () => unknown): Promise<T> {
  const p = oneEvent(el, name) as Promise<T>;
  await action();
  return p;
}

/** A request the test token endpoint (test/tools/token-endpoint.mjs) recorded. */
export interface Recorded {
  scenario: string;
  contentType: string;
  idempotencyKey: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** What went over the wire to the test token endpoint, and clearing that record. */
export const requests = async (): Promise<Recorded[]> => (await fetch('/api/requests')).json();
export const clearRequests = () => fetch('/api/requests', { method: 'DELETE' });

/** Every connect-* event of a widget, in order. */
export type Events = { name: string; detail: Record<string, unknown> }[];

/** Polls until `check` holds; throws after `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Mounts a `<connect-widget>` with these properties, records its events, and waits until it is ready (or failed). */
export async function mountWidget(connector: unknown, props: Partial<ConnectWidget>): Promise<{ el: ConnectWidget; events: Events }> {
  const events: Events = [];
  const el = document.createElement('connect-widget');
  for (const name of ['connect-ready', 'connect-option-change', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel']) {
    el.addEventListener(name, (e) => events.push({ name, detail: (e as CustomEvent).detail }));
  }
  Object.assign(el, props);
  el.connector = connector;
  const parent = await fixture<HTMLDivElement>(html`<div></div>`);
  parent.append(el);
  await until(() => events.some((e) => e.name === 'connect-ready' || e.name === 'connect-error'));
  return { el, events };
}

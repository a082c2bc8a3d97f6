/**
 * The script-tag build: `<connect-widget>` and `<connect-option-picker>` registered at once,
 * `<connect-form>` when a widget shows an option with fields or the page first uses the tag, and
 * `<connect-catalog>` when the page first uses it (src/lazy-define.ts); `window.ConnectWidget` for
 * pages without modules of their own. What is used later (the form and its walker, the validator,
 * Floating UI, the catalog element, other languages) is a chunk next to this file, fetched relative to it.
 */
import { ConnectOptionPicker } from './elements/option-picker/option-picker.js';
import { ConnectWidget } from './elements/widget/widget.js';
import { openConnect, pendingConnectRedirect } from './open.js';
import { defineWhenUsed, loadElement, type LateTag } from './lazy-define.js';

export type { ConnectForm } from './elements/form/form.js';
export { ConnectOptionPicker, type PickerOption } from './elements/option-picker/option-picker.js';
export { ConnectWidget, ConnectError, type Connection } from './elements/widget/widget.js';
export type { ConnectCatalog } from './elements/catalog/catalog.js';
export type { CatalogConnection } from './core/catalog.js';
export { openConnect, pendingConnectRedirect, type OpenConnectOptions } from './open.js';
export * from './events.js';
export type { JsonValue, JsonObject } from './core/json.js';
export type { Connector, ResolvedOption } from './core/connector.js';
/** Registers a late element now (`loadElement('connect-catalog')`), e.g. for a tag inside your own component's shadow root. */
export { loadElement, type LateTag } from './lazy-define.js';

declare global {
  interface Window {
    /** The script-tag API: `ConnectWidget.open(options)` is `openConnect`; `load(tag)` registers a late element now. */
    ConnectWidget?: { open: typeof openConnect; pendingRedirect: typeof pendingConnectRedirect; load: (tag: LateTag) => Promise<CustomElementConstructor> };
  }
}

if (typeof customElements !== 'undefined') {
  const now: [string, CustomElementConstructor][] = [
    ['connect-option-picker', ConnectOptionPicker],
    ['connect-widget', ConnectWidget],
  ];
  // Safe to load twice: a second copy of the script does not throw.
  for (const [tag, ctor] of now) if (!customElements.get(tag)) customElements.define(tag, ctor);
  // The widget fetches its form itself (its tags are in its shadow root, out of the observer's sight).
  ConnectWidget.loadForm = () => loadElement('connect-form');
  defineWhenUsed(['connect-form', 'connect-catalog']);
}

if (typeof window !== 'undefined' && !window.ConnectWidget) {
  window.ConnectWidget = Object.freeze({ open: openConnect, pendingRedirect: pendingConnectRedirect, load: loadElement });
}

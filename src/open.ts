/**
 * `openConnect(options)`: the widget in a native modal `<dialog>`, settled by the widget's events.
 *
 * The platform traps focus and
 * makes the page inert; Escape (or the Close button) cancels with `connect-cancel {reason: "dismissed"}`;
 * focus returns to the element that had it. Settles when the user connects, cancels, or when the
 * widget cannot work at all (a bad connector, endpoint or configuration). Errors the user can fix
 * (a rejected key, a network failure) stay in the dialog for a retry.
 */
import type { ConnectWidget } from './elements/widget/widget.js';
import { ConnectError } from './core/session.js';
import { isUnfixable, type Connection } from './core/protocol.js';
import type { ConnectErrorEvent } from './events.js';
import { peekRedirectResult } from './core/oauth/redirect.js';
import { createTranslator, type Translator } from './core/i18n/format.js';
import { loadCatalog, loadedCatalog } from './core/i18n/load.js';

/** The widget's properties, as `openConnect` takes them. */
export type OpenConnectOptions = Partial<
  Pick<
    ConnectWidget,
    | 'connector'
    | 'connectorUrl'
    | 'tokenEndpoint'
    | 'option'
    | 'lockOption'
    | 'connectionId'
    | 'context'
    | 'values'
    | 'headers'
    | 'credentials'
    | 'redirectUri'
    | 'locale'
    | 'messages'
    | 'theme'
    | 'timeout'
    | 'oauthTimeout'
  >
> & {
  /** The dialog's accessible name (default: the catalog's `dialog.label`, "Connect an account"). */
  label?: string;
  /**
   * Where the dialog is put (default `document.body`). `<connect-catalog>` puts it in its own shadow
   * root, so that the widget's events reach the catalog's listeners like those of its inline widget.
   */
  parent?: Element | ShadowRoot;
};

// The dialog's default look. The Close button sits on its own line (a float beside the widget would
// narrow it: the widget's grid keeps clear of floats). `:where()` gives every rule zero specificity, so any host rule for
// `dialog.connect-widget-dialog` wins. Adopted as a constructable stylesheet: no <style> element,
// which a strict CSP (style-src without 'unsafe-inline') would block.
const DIALOG_CSS = `
:where(dialog.connect-widget-dialog) {
  border: none;
  border-radius: 10px;
  padding: 1.25rem 1.5rem 1.5rem;
  box-sizing: border-box;
  width: min(34rem, calc(100vw - 2rem));
  box-shadow: 0 10px 40px rgb(0 0 0 / 0.25);
}
@media (forced-colors: active) {
  :where(dialog.connect-widget-dialog) {
    border: 1px solid CanvasText;
  }
}
:where(dialog.connect-widget-dialog)::backdrop {
  background: rgb(15 20 30 / 0.45);
}
:where(dialog.connect-widget-dialog > button[part='close']) {
  display: block;
  margin-block: 0 0.5rem;
  margin-inline: auto 0;
  font: 400 0.9375rem/1.45 system-ui, sans-serif;
  padding: 0.35rem 0.75rem;
  border: 1px solid #8a929b;
  border-radius: 6px;
  background: #fff;
  color: #1b1f24;
  cursor: pointer;
}`;

let dialogSheet: CSSStyleSheet | undefined;

function adoptDialogStyles(root: Document | ShadowRoot): void {
  if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in root)) return;
  try {
    dialogSheet ??= new CSSStyleSheet();
    dialogSheet.replaceSync(DIALOG_CSS);
    if (!root.adoptedStyleSheets.includes(dialogSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, dialogSheet];
  } catch {
    // An older browser: the dialog keeps the browser's own look.
  }
}

/** Opens the widget in a modal dialog; resolves with the connection, rejects with a `ConnectError`. */
export function openConnect(options: OpenConnectOptions): Promise<Connection> {
  const opener = document.activeElement as HTMLElement | null;
  const parent = options.parent ?? document.body;
  adoptDialogStyles(parent.getRootNode() as Document | ShadowRoot);
  const dialog = document.createElement('dialog');
  dialog.className = 'connect-widget-dialog';
  const close = document.createElement('button');
  close.type = 'button';
  // The dialog's own words, in the widget's language (English until its catalog has loaded).
  const word = (tr: Translator) => {
    dialog.setAttribute('aria-label', options.label ?? tr.t('dialog.label'));
    close.textContent = tr.t('dialog.close');
    if (tr.dir === 'rtl') dialog.dir = 'rtl';
    return tr;
  };
  const translate = () => createTranslator(options.locale, [options.messages, loadedCatalog(options.locale)]);
  let tr = word(translate());
  if (!loadedCatalog(options.locale)) void loadCatalog(options.locale).then((loaded) => loaded && (tr = word(translate())));
  close.setAttribute('part', 'close');
  const widget = document.createElement('connect-widget');
  const { label: _label, parent: _parent, ...props } = options;
  Object.assign(widget, props);
  dialog.append(close, widget);
  parent.append(dialog);

  return new Promise<Connection>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      opener?.focus?.();
      fn();
    };
    widget.addEventListener('connect-success', (e) => finish(() => resolve(e.detail.connection)));
    widget.addEventListener('connect-error', (e: ConnectErrorEvent) => {
      if (isUnfixable(e.detail.code)) finish(() => reject(new ConnectError(e.detail.code, e.detail.message)));
    });
    widget.addEventListener('connect-cancel', () => finish(() => reject(new ConnectError('cancelled', tr.t('dialog.closed')))));
    // Escape fires `cancel` on a modal dialog; the Close button does the same.
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      widget.cancel('dismissed');
    });
    close.addEventListener('click', () => widget.cancel('dismissed'));
    dialog.showModal();
  });
}

/**
 * After "Continue in this window" (a blocked popup), the provider sends the user back to the page the
 * flow started on. A page that shows the widget only in `openConnect`'s dialog calls this on load:
 * when a sign-in is waiting to be finished it names the connector and option, and opening the dialog
 * for them finishes it. Returns null otherwise. Never holds the callback's parameters.
 */
export function pendingConnectRedirect(): { connector: string; option: string | null } | null {
  try {
    const flow = peekRedirectResult(sessionStorage, Date.now());
    return flow ? { connector: flow.connector, option: flow.option } : null;
  } catch {
    return null;
  }
}

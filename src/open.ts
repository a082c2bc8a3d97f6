/**
 * `openConnect(options)`: the widget in a native modal `<dialog>`. The platform traps focus and
 * makes the page inert; Escape (or the Close button) cancels with `connect-cancel {reason: "dismissed"}`;
 * focus returns to the element that had it. Settles when the user connects, cancels, or when the
 * widget cannot work at all (a bad connector, endpoint or configuration). Errors the user can fix
 * (a rejected key, a network failure) stay in the dialog for a retry.
 */
import type { Connection, ConnectWidget } from './elements/widget/widget.js';
import { ConnectError } from './elements/widget/widget.js';
import type { ConnectErrorEvent } from './events.js';
import { peekRedirectResult } from './core/oauth.js';

/** The widget's properties, as `openConnect` takes them. */
export type OpenConnectOptions = Partial<
  Pick<ConnectWidget, 'connector' | 'connectorUrl' | 'tokenEndpoint' | 'option' | 'lockOption' | 'connectionId' | 'context' | 'values' | 'headers' | 'credentials' | 'redirectUri' | 'locale' | 'theme' | 'timeout' | 'oauthTimeout'>
> & {
  /** The dialog's accessible name (default "Connect an account"). */
  label?: string;
};

const FATAL = new Set(['invalid-connector', 'invalid-endpoint', 'configuration']);

/** Opens the widget in a modal dialog; resolves with the connection, rejects with a `ConnectError`. */
export function openConnect(options: OpenConnectOptions): Promise<Connection> {
  const opener = document.activeElement as HTMLElement | null;
  const dialog = document.createElement('dialog');
  dialog.className = 'connect-widget-dialog';
  dialog.setAttribute('aria-label', options.label ?? 'Connect an account');
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Close';
  close.setAttribute('part', 'close');
  const widget = document.createElement('connect-widget');
  const { label: _label, ...props } = options;
  Object.assign(widget, props);
  dialog.append(close, widget);
  document.body.append(dialog);

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
    widget.addEventListener('connect-success', (e) => finish(() => resolve(e.detail.connection as Connection)));
    widget.addEventListener('connect-error', (e: ConnectErrorEvent) => {
      if (FATAL.has(e.detail.code)) finish(() => reject(new ConnectError(e.detail.code, e.detail.message)));
    });
    widget.addEventListener('connect-cancel', () => finish(() => reject(new ConnectError('cancelled', 'The user closed the dialog.'))));
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

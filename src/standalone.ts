/** The script-tag build: everything inside, elements registered, and `window.ConnectWidget` for pages without modules of their own. */
import { openConnect, pendingConnectRedirect } from './elements.js';

export * from './index.js';

declare global {
  interface Window {
    /** The script-tag API: `ConnectWidget.open(options)` is `openConnect`. */
    ConnectWidget?: { open: typeof openConnect; pendingRedirect: typeof pendingConnectRedirect };
  }
}

if (typeof window !== 'undefined' && !window.ConnectWidget) {
  window.ConnectWidget = Object.freeze({ open: openConnect, pendingRedirect: pendingConnectRedirect });
}

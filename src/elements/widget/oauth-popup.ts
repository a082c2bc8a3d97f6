/** The browser's popup port for the connect session: `window.open` with a window name of its own, and both callback routes (postMessage, BroadcastChannel) delivered to the flow. */
import { CALLBACK_CHANNEL_NAME, CALLBACK_MESSAGE_TYPE } from '../../core/oauth/message.js';
import type { PopupPort, PopupWindow } from '../../core/session.js';

const POPUP_WIDTH = 520;
const POPUP_HEIGHT = 680;

let instances = 0;

/** `window.open` features: a popup window centred over the page. */
function popupFeatures(): string {
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - POPUP_WIDTH) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - POPUP_HEIGHT) / 2));
  return `popup,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`;
}

/** A window we opened, behind the port's interface; every access survives a window we can no longer reach. */
function wrap(win: Window): PopupWindow {
  return {
    source: win,
    get closed() {
      try {
        return win.closed;
      } catch {
        return true;
      }
    },
    navigate(url) {
      // The URL passed the flow's http(s) check.
      win.location.href = url;
    },
    focus() {
      try {
        win.focus();
      } catch {
        // Cut off by COOP: nothing to focus.
      }
    },
    close() {
      try {
        if (!win.closed) win.close();
      } catch {
        // Not ours to close any more.
      }
    },
  };
}

/** Refused messages are logged at debug level with the reason only: never their payload. */
function ignored(reason: string, route: string, data: unknown): void {
  // Every message of the page reaches the listener; only those that claim to be OAuth callbacks are worth a line.
  const claims = typeof data === 'object' && data !== null && (data as { type?: unknown }).type === CALLBACK_MESSAGE_TYPE;
  // The second route's copy of an accepted answer (already-consumed) is expected, not worth a line.
  if (!claims || reason === 'no-pending-flow' || reason === 'already-consumed') return;
  console.debug(`connect-widget: ignored an OAuth callback message (${route}: ${reason})`);
}

/** One widget's popup port. Its window name is its own: two widgets never share (and so never steal) one popup. */
export function createPopupPort(): PopupPort {
  const windowName = `connect-widget-oauth-${++instances}-${Math.random().toString(36).slice(2, 10)}`;
  return {
    open(url) {
      try {
        // No `noopener`: it makes window.open return null even when a window opened, and the callback
        // page needs `opener` to answer by postMessage.
        const win = window.open(url, windowName, popupFeatures());
        return win ? wrap(win) : null;
      } catch {
        return null;
      }
    },

    listen(deliver) {
      const onMessage = (event: MessageEvent) => {
        const verdict = deliver({ via: 'postMessage', origin: event.origin, source: event.source, data: event.data as unknown });
        if (!verdict.accept) ignored(verdict.reason, 'postMessage', event.data);
      };
      // BroadcastChannel is same-origin by construction; its events carry no origin, so ours stands in.
      const onChannel = (event: MessageEvent) => {
        const verdict = deliver({ via: 'broadcast', origin: event.origin || location.origin, data: event.data as unknown });
        if (!verdict.accept) ignored(verdict.reason, 'channel', event.data);
      };
      window.addEventListener('message', onMessage);
      const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CALLBACK_CHANNEL_NAME) : undefined;
      channel?.addEventListener('message', onChannel);
      return () => {
        window.removeEventListener('message', onMessage);
        channel?.close();
      };
    },
  };
}

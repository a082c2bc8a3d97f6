/**
 * The browser side of the OAuth popup handshake for one widget: it opens and navigates the popup,
 * listens on both callback routes (postMessage and the BroadcastChannel), polls `popup.closed`, and
 * feeds all of it to the DOM-free flow state machine of `src/core/oauth.ts`, which owns the rules.
 * The widget sends the token-endpoint requests and renders `snapshot.view`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  CALLBACK_CHANNEL_NAME,
  CALLBACK_MESSAGE_TYPE,
  createOAuthFlow,
  REDIRECT_FLOW_KEY,
  type OAuthCancelReason,
  type OAuthErrorCode,
  type OAuthFlow,
  type OAuthFlowSnapshot,
  type OAuthFlowStart,
  type RedirectResult,
} from '../../core/oauth.js';

/** How often `popup.closed` is read (advisory only: a provider's COOP makes it read true early). */
const CLOSED_POLL_MS = 500;
const POPUP_WIDTH = 520;
const POPUP_HEIGHT = 680;

let instances = 0;

/** `window.open` features: a popup window centred over the page. */
function popupFeatures(): string {
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - POPUP_WIDTH) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - POPUP_HEIGHT) / 2));
  return `popup,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`;
}

/** `window.open` in a popup window of this name; null when the browser refused (or threw). */
function openWindow(url: string, name: string): Window | null {
  try {
    return window.open(url, name, popupFeatures());
  } catch {
    return null;
  }
}

/** `popup.closed`, or true when the window cannot be read any more. */
function readsClosed(popup: Window | null): boolean {
  try {
    return popup?.closed ?? true;
  } catch {
    return true;
  }
}

/** What `open` did: a popup is on its way, a flow is already running, or the browser refused the window. */
export type OpenResult = 'opened' | 'busy' | 'blocked';

/** One widget's popup flow. Create it in the element's constructor; it follows the element's lifecycle. */
export class OAuthPopupController implements ReactiveController {
  /** This element's own window name: two widgets never share (and so never steal) one popup. */
  readonly windowName = `connect-widget-oauth-${++instances}-${Math.random().toString(36).slice(2, 10)}`;
  #flow: OAuthFlow | undefined;
  #popup: Window | null = null;
  #channel: BroadcastChannel | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;
  #listening = false;
  readonly #onChange: (snapshot: OAuthFlowSnapshot, previous: OAuthFlowSnapshot | undefined) => void;
  #last: OAuthFlowSnapshot | undefined;

  constructor(host: ReactiveControllerHost, onChange: (snapshot: OAuthFlowSnapshot, previous: OAuthFlowSnapshot | undefined) => void) {
    host.addController(this);
    this.#onChange = onChange;
  }

  /** The current flow's picture, if a flow ever started. */
  get snapshot(): OAuthFlowSnapshot | undefined {
    return this.#last;
  }

  /** True while a flow runs (opening, waiting, exchanging). */
  get active(): boolean {
    return this.#last?.listening ?? false;
  }

  #newFlow(timeoutMs: number): OAuthFlow {
    const flow = createOAuthFlow({
      now: () => Date.now(),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      timeoutMs,
      onChange: (snapshot) => {
        if (flow !== this.#flow) return;
        const previous = this.#last;
        this.#last = snapshot;
        if (snapshot.listening) this.#listen();
        else this.#stopListening();
        this.#onChange(snapshot, previous);
      },
    });
    return flow;
  }

  /**
   * Starts a flow and opens the popup in the same task as the user's click (no await may precede
   * this call). 'busy' while another flow of this element runs (its window is brought forward).
   */
  open(init: OAuthFlowStart, timeoutMs: number): OpenResult {
    if (this.active) {
      this.focus();
      return 'busy';
    }
    this.#flow?.dispose();
    const flow = this.#newFlow(timeoutMs);
    this.#flow = flow;
    // A popup starts with a copy of this tab's sessionStorage: no stale redirect entry may ride along.
    try {
      sessionStorage.removeItem(REDIRECT_FLOW_KEY);
    } catch {
      // Storage disabled: nothing to copy either.
    }
    flow.start(init);
    // No `noopener`: it makes window.open return null even when a window opened, and the callback
    // page needs `opener` to answer by postMessage.
    const popup = openWindow('about:blank', this.windowName);
    if (!popup) {
      flow.fail('popup-blocked');
      return 'blocked';
    }
    this.#popup = popup;
    flow.popupOpened(popup);
    this.#pollClosed();
    return 'opened';
  }

  /** `oauth-start` answered: points the popup at the provider, or closes it when the flow ended meanwhile. */
  navigate(authorizationUrl: string, state: string): boolean {
    const flow = this.#flow;
    if (!flow || !flow.started(authorizationUrl, state)) {
      this.#closePopup();
      return false;
    }
    try {
      // The URL passed the flow's http(s) check in `started`.
      if (this.#popup && !this.#popup.closed) this.#popup.location.href = authorizationUrl;
    } catch {
      // A popup we can no longer reach: the closed poll and Reopen take it from here.
    }
    return true;
  }

  /** Reopen: the same authorization URL in this element's window (a new one if it was closed), in the click's task. */
  reopen(): void {
    const flow = this.#flow;
    if (!flow) return;
    if (this.#popup && !this.#popup.closed && flow.snapshot.status === 'waiting') {
      // Still open, only lost behind the page: bring it forward without restarting the sign-in.
      this.focus();
      return;
    }
    const url = flow.reopen();
    if (!url) return;
    const popup = openWindow(url, this.windowName);
    if (!popup) {
      flow.fail('popup-blocked');
      return;
    }
    this.#popup = popup;
    flow.popupOpened(popup);
    this.#pollClosed();
  }

  /** The user gave up. */
  cancel(reason: OAuthCancelReason): void {
    this.#flow?.cancel(reason);
  }

  /** Ends the flow with an error (a failed token-endpoint request). */
  fail(code: OAuthErrorCode, message: string): void {
    this.#flow?.fail(code, message);
  }

  /** `oauth-callback` answered with a connection. */
  succeed(): void {
    this.#flow?.succeed();
  }

  /** Back from a full-page redirect: resumes the flow with the stored callback result. */
  resume(result: RedirectResult, providerName: string, timeoutMs: number): boolean {
    if (this.active) return false;
    this.#flow?.dispose();
    this.#flow = this.#newFlow(timeoutMs);
    return this.#flow.resumeRedirect(result, providerName);
  }

  hostConnected(): void {
    // Nothing to restore: a flow does not survive its element leaving the page.
  }

  hostDisconnected(): void {
    // The element left the page: nothing may answer its flow any more.
    this.#flow?.dispose();
    this.#flow = undefined;
    this.#last = undefined;
    this.#stopListening();
    this.#closePopup();
  }

  /** Brings this flow's window forward, when it can still be reached. */
  focus(): void {
    try {
      this.#popup?.focus();
    } catch {
      // Cut off by COOP: nothing to focus.
    }
  }

  #closePopup(): void {
    try {
      if (this.#popup && !this.#popup.closed) this.#popup.close();
    } catch {
      // Not ours to close any more.
    }
    this.#popup = null;
  }

  #pollClosed(): void {
    clearInterval(this.#poll);
    this.#poll = setInterval(() => {
      if (readsClosed(this.#popup)) this.#flow?.popupClosedObserved();
    }, CLOSED_POLL_MS);
  }

  #onMessage = (event: MessageEvent) => {
    const verdict = this.#flow?.message({ via: 'postMessage', origin: event.origin, source: event.source, data: event.data as unknown });
    if (verdict && !verdict.accept) ignored(verdict.reason, 'postMessage', event.data);
  };

  #onChannel = (event: MessageEvent) => {
    // BroadcastChannel is same-origin by construction; its events carry no origin, so ours stands in.
    const verdict = this.#flow?.message({ via: 'broadcast', origin: event.origin || location.origin, data: event.data as unknown });
    if (verdict && !verdict.accept) ignored(verdict.reason, 'channel', event.data);
  };

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    window.addEventListener('message', this.#onMessage);
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(CALLBACK_CHANNEL_NAME);
      this.#channel.addEventListener('message', this.#onChannel);
    }
  }

  #stopListening(): void {
    clearInterval(this.#poll);
    this.#poll = undefined;
    if (!this.#listening) return;
    this.#listening = false;
    window.removeEventListener('message', this.#onMessage);
    this.#channel?.close();
    this.#channel = undefined;
    // The flow ended: the popup (if still ours and open) has nothing more to show.
    this.#closePopup();
  }
}

/** Refused messages are logged at debug level with the reason only: never their payload. */
function ignored(reason: string, route: string, data: unknown): void {
  // Every message of the page reaches the listener; only those that claim to be OAuth callbacks are worth a line.
  const claims = typeof data === 'object' && data !== null && (data as { type?: unknown }).type === CALLBACK_MESSAGE_TYPE;
  // The second route's copy of an accepted answer (already-consumed) is expected, not worth a line.
  if (!claims || reason === 'no-pending-flow' || reason === 'already-consumed') return;
  console.debug(`connect-widget: ignored an OAuth callback message (${route}: ${reason})`);
}

/**
 * `connect-widget/callback`: the module a host's OAuth redirect page loads.
 *
 * It hands the provider's
 * answer back to the widget (popup mode) or to the page the flow started on (full-page redirect
 * mode), then gets out of the way. No Lit and no dependency beyond the core, so the page stays tiny
 * and works under a strict CSP: no inline script, no innerHTML (Trusted Types), no eval.
 */
import { addEnglish, createTranslator, EN, shippedLocale, type MessageId, type Translator } from './core/i18n/format.js';
import { enCallback } from './core/i18n/en-callback.js';
import { loadCatalog } from './core/i18n/load.js';
import { CALLBACK_CHANNEL_NAME, CALLBACK_MESSAGE_TYPE, parseCallbackParams, saveRedirectResult, takeRedirectFlow, type CallbackMessage, type CallbackParams, type StorageLike } from './core/oauth.js';

addEnglish(enCallback);

/** The parts of `window` the callback uses; a test passes a fake with `opener: null` and so on. */
export interface CallbackWindow {
  location: { search: string; hash: string; origin: string; href: string; replace(url: string): void };
  opener: { postMessage(message: unknown, targetOrigin: string): void } | null;
  document: { body: HTMLElement | null; createElement(tagName: string): HTMLElement };
  sessionStorage?: StorageLike;
  history?: { replaceState(data: unknown, unused: string, url?: string | URL | null): void };
  BroadcastChannel?: new (name: string) => { postMessage(message: unknown): void; close(): void };
  close(): void;
}

/** What `handleCallback` did: which mode it chose, what it sent and by which routes, what it showed. */
export interface CallbackOutcome {
  mode: 'popup' | 'redirect';
  message: CallbackMessage;
  postedToOpener: boolean;
  broadcast: boolean;
  /** The text shown in the page. */
  text: string;
  /** The ids of the sentences of `text`, to word it again in another language. */
  words: MessageId[];
}

/** The `data-` attribute on the element holding the callback page's message (for host styling). */
export const CALLBACK_TEXT_ATTRIBUTE = 'data-connect-widget-callback';

// Any one of these in the URL marks an authorization response (OAuth 2 code flow, its error
// answer, OAuth 1.0a); a page without them is not a callback and is left alone when auto-running.
const RESPONSE_KEYS = ['code', 'error', 'state', 'oauth_token', 'oauth_verifier'];

function render(win: CallbackWindow, text: string): void {
  const body = win.document.body;
  if (!body) return;
  let node = body.querySelector<HTMLElement>(`[${CALLBACK_TEXT_ATTRIBUTE}]`);
  if (!node) {
    node = win.document.createElement('p');
    node.setAttribute(CALLBACK_TEXT_ATTRIBUTE, '');
    node.setAttribute('role', 'status');
    body.append(node);
  }
  // textContent only: the page may enforce Trusted Types, and nothing here is markup.
  node.textContent = text;
}

function say(win: CallbackWindow, words: readonly MessageId[], tr: Translator): string {
  const text = words.map((id) => tr.t(id)).join(' ');
  render(win, text);
  return text;
}

function storageOf(win: CallbackWindow): StorageLike | null {
  try {
    return win.sessionStorage ?? null;
  } catch {
    return null; // storage disabled or sandboxed: reading the property throws
  }
}

function sameOrigin(url: string, win: CallbackWindow): boolean {
  try {
    return new URL(url, win.location.href).origin === win.location.origin;
  } catch {
    return false;
  }
}

// Full-page redirect mode: the widget stored a pending flow with this state before leaving. The
// result goes into sessionStorage (never into the return URL, where history, server logs and
// Referer headers would keep the code) and the page goes back, replacing this URL in history.
function tryRedirect(win: CallbackWindow, message: CallbackMessage, params: CallbackParams, tr: Translator): CallbackOutcome | null {
  const storage = storageOf(win);
  if (!storage || message.state === null) return null;
  const now = Date.now();
  const flow = takeRedirectFlow(storage, now);
  // The state check also keeps a stale entry (sessionStorage is copied into popups) from hijacking
  // a popup callback, and the origin check keeps a tampered entry from making this an open redirect.
  if (!flow || flow.state !== message.state || !sameOrigin(flow.returnUrl, win)) return null;
  const outcome = { mode: 'redirect' as const, message, postedToOpener: false, broadcast: false };
  if (!saveRedirectResult(storage, flow, params, now)) {
    const words: MessageId[] = ['callback.blocked'];
    const text = say(win, words, tr);
    return { ...outcome, text, words };
  }
  const words: MessageId[] = ['callback.takingBack'];
  const text = say(win, words, tr);
  win.location.replace(flow.returnUrl);
  return { ...outcome, text, words };
}

function postToOpener(win: CallbackWindow, message: CallbackMessage): boolean {
  let opener: CallbackWindow['opener'];
  try {
    opener = win.opener;
  } catch {
    return false;
  }
  if (!opener || (opener as unknown) === win) return false;
  const origin = win.location.origin;
  // RFC 9700 §4.18: never "*". Our own origin as target means only a same-origin opener (the page
  // running the widget) receives the code; an opaque origin ("null") has no safe target at all.
  if (!origin || origin === 'null') return false;
  try {
    opener.postMessage(message, origin);
    return true;
  } catch {
    return false;
  }
}

function broadcast(win: CallbackWindow, message: CallbackMessage): boolean {
  const Channel = win.BroadcastChannel;
  if (typeof Channel !== 'function') return false;
  try {
    // Survives a provider's Cross-Origin-Opener-Policy, which nulls window.opener. Any same-origin
    // page may listen or post here, which is why the widget still checks the state.
    const channel = new Channel(CALLBACK_CHANNEL_NAME);
    channel.postMessage(message);
    channel.close();
    return true;
  } catch {
    return false;
  }
}

// The code has done its job in this URL; keep it out of the address bar and session history in
// case the window stays open.
function stripUrl(win: CallbackWindow): void {
  try {
    const url = new URL(win.location.href);
    url.search = '';
    url.hash = '';
    win.history?.replaceState(null, '', url.pathname);
  } catch {
    // best effort only
  }
}

/**
 * Reads the callback parameters (query and fragment) and reports them: back to the page the flow
 * started on when a full-page redirect flow with this state is pending; otherwise to the opener by
 * postMessage (target: our own origin) and on the `connect-widget:oauth` BroadcastChannel, showing
 * "You can close this window." and closing the popup.
 */
export function handleCallback(win: CallbackWindow = window, tr: Translator = EN): CallbackOutcome {
  const params = parseCallbackParams(win.location.search, win.location.hash);
  const message: CallbackMessage = { type: CALLBACK_MESSAGE_TYPE, state: params.state ?? null, params };

  const redirected = tryRedirect(win, message, params, tr);
  if (redirected) return redirected;

  const postedToOpener = postToOpener(win, message);
  const sent = broadcast(win, message);
  stripUrl(win);

  const words: MessageId[] = [params.error === undefined ? 'callback.finished' : 'callback.notCompleted', postedToOpener ? 'callback.closeWindow' : 'callback.closeAndReturn'];
  const text = say(win, words, tr);
  // Also without an opener: a provider's COOP severs the link, yet the window is still ours to
  // close. A tab the user opened is not closed by the browser, and keeps the text above.
  try {
    win.close();
  } catch {
    // ignore
  }
  return { mode: 'popup', message, postedToOpener, broadcast: sent, text, words };
}

function autoRun(): void {
  const params = parseCallbackParams(window.location.search, window.location.hash);
  if (!RESPONSE_KEYS.some((key) => params[key] !== undefined)) return;
  // The page's language (`<html lang>`, else the browser's): English at once, so nothing waits for a
  // catalog; the text is worded again if the window is still open when the catalog arrives.
  const locale = document.documentElement.lang || navigator.language;
  const outcome = handleCallback(window, createTranslator(locale));
  if (shippedLocale(locale) && shippedLocale(locale) !== 'en') {
    void loadCatalog(locale).then((catalog) => {
      if (!catalog) return;
      const tr = createTranslator(locale, [catalog]);
      say(window, outcome.words, tr);
      if (tr.dir === 'rtl' && !document.documentElement.dir) document.documentElement.dir = 'rtl';
    });
  }
}

// Runs on load in a browser page that carries an authorization response; importing the module
// under Node (server-side rendering), or into a page without one, does nothing.
if (typeof window !== 'undefined' && typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', autoRun, { once: true });
  else autoRun();
}

/** The widget's and its OAuth sign-in's sentences, worded from the message catalog (src/core/i18n) in a translator's language. */
import type { OAuthAction, OAuthFlowError, OAuthFlowSnapshot } from '../oauth/flow.js';
import { EN, type MessageId, type Translator } from '../i18n/format.js';

/** "3 seconds", "2 minutes", "5 hours": a wait rounded up, so the user never retries too early. */
export function describeWait(ms: number, tr: Translator = EN): string {
  return tr.wait(ms);
}

/** The widget's own sentences (headings, buttons, announcements, errors it words itself), in `tr`'s language. */
export function widgetTextOf(tr: Translator = EN) {
  const { t } = tr;
  return {
    loading: t('widget.loading'),
    title: (name: string) => t('widget.title', { name }),
    connect: (name: string) => t('widget.connect', { name }),
    continueWith: (name: string) => t('widget.continueWith', { name }),
    helpLink: t('widget.helpLink'),
    connecting: t('widget.connecting'),
    connected: (name: string) => t('widget.connected', { name }),
    theService: t('widget.theService'),
    tryAgainNow: t('widget.tryAgainNow'),
    /** The Retry-After countdown under the Connect button, ticking each second (the same words as the error message's wait). */
    tryAgainIn: (ms: number) => t('error.tryAgainIn', { wait: tr.wait(ms) }),
    takingYouTo: (name: string) => t('widget.takingYouTo', { name }),
    // Each problem is a fragment ("key is missing") or a sentence; listed as one sentence, separated by semicolons.
    invalidConnector: (problems: readonly string[]) => t('widget.invalidConnector', { problems: problems.map((p) => p.replace(/\.$/, '')).join('; ') }),
    connectorNotLoaded: (url: string, reason: string) => `${t('widget.connectorNotLoaded', { url, reason })}.`,
    notJson: t('widget.notJson'),
    answeredStatus: (status: number) => t('widget.answeredStatus', { status: String(status) }),
    notReady: t('widget.notReady'),
    noConnection: t('widget.noConnection'),
    badOAuthStart: (provider: string) => t('oauth.badStart', { provider }),
    storageBlocked: t('widget.storageBlocked'),
    /** Security rule 3: a redirect answer is not followed (status 0: a browser's opaque redirect). */
    redirected: (status: number) => (status ? t('widget.redirected', { status: String(status) }) : t('widget.redirectedOpaque')),
    hostCancelled: t('widget.hostCancelled'),
    replaced: t('widget.replaced'),
    cancelled: t('widget.cancelled'),
  };
}

/** English: for callers with no language. */
export const widgetText = widgetTextOf(EN);

const ACTIONS: Readonly<Record<OAuthAction, MessageId>> = {
  reopen: 'oauth.reopen',
  cancel: 'oauth.cancel',
  retry: 'oauth.retry',
  redirect: 'oauth.redirect',
};

/** The label of a sign-in panel's button. */
export function oauthActionText(action: OAuthAction, tr: Translator = EN): string {
  return tr.t(ACTIONS[action]);
}

/** The message of a flow that failed: the server's own words for a failed request, else a sentence for its code. */
export function oauthErrorText(error: OAuthFlowError, provider: string, tr: Translator = EN): string {
  const { t } = tr;
  if (error.kind === 'invalid-start') return t('oauth.badStart', { provider });
  switch (error.code) {
    case 'popup-blocked':
      return t('oauth.popupBlocked', { provider });
    case 'timeout':
      return error.detail || t('oauth.timeout', { provider });
    case 'state-mismatch':
      return t('oauth.stateMismatch', { provider });
    case 'oauth-denied':
      if (error.kind === 'error-code') return t('oauth.deniedCode', { provider, code: error.detail ?? '' });
      return error.detail ? t('oauth.deniedDetail', { provider, detail: error.detail }) : t('oauth.denied', { provider });
    default:
      return error.detail || t('oauth.failed', { provider });
  }
}

/** What the sign-in panel says in a flow's state (`view.key`). */
export function oauthStatusText(snapshot: Pick<OAuthFlowSnapshot, 'status' | 'providerName' | 'error'>, tr: Translator = EN): string {
  const provider = snapshot.providerName;
  switch (snapshot.status) {
    case 'idle':
      return '';
    case 'opening':
      return tr.t('oauth.opening', { provider });
    case 'waiting':
      return tr.t('oauth.waiting', { provider });
    case 'popup-closed-suspected':
      return tr.t('oauth.closedSuspected', { provider });
    case 'exchanging':
      return tr.t('oauth.exchanging', { provider });
    case 'done':
      return tr.t('widget.connected', { name: provider });
    case 'cancelled':
      return tr.t('oauth.cancelled', { provider });
    case 'failed':
      return oauthErrorText(snapshot.error ?? { code: 'server' }, provider, tr);
  }
}

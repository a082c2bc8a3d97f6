/** Every English sentence the widget and its OAuth sign-in show or announce, by key: the one place a translation (issue 19) will replace. */
import type { OAuthAction, OAuthFlowError, OAuthFlowSnapshot } from '../oauth/flow.js';

/** "3 seconds", "2 minutes", "5 hours": a wait rounded up, so the user never retries too early. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds <= 90) return unit(seconds, 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 90) return unit(minutes, 'minute');
  return unit(Math.ceil(minutes / 60), 'hour');
}

/** The widget's own sentences (headings, buttons, announcements, errors it words itself). */
export const widgetText = {
  loading: 'Loading…',
  title: (name: string) => `Connect ${name}`,
  connect: (name: string) => `Connect ${name}`,
  continueWith: (name: string) => `Continue with ${name}`,
  helpLink: 'How to find these details',
  connecting: 'Connecting…',
  connected: (name: string) => `Connected to ${name}.`,
  tryAgainNow: 'You can try again now.',
  /** The Retry-After countdown under the Connect button, ticking each second. */
  tryAgainIn: (ms: number) => `Try again in ${describeWait(ms)}.`,
  takingYouTo: (name: string) => `Taking you to ${name}…`,
  invalidConnector: (problems: readonly string[]) =>
    // Each problem is a fragment ("key is missing") or a sentence; listed as one sentence, separated by semicolons.
    `This connector cannot be used: ${problems.map((p) => p.replace(/\.$/, '')).join('; ')}.`,
  connectorNotLoaded: (url: string, reason: string) => `it could not be loaded from ${url}: ${reason}.`,
  notJson: 'the answer is not JSON',
  answeredStatus: (status: number) => `the server answered ${status}`,
  notReady: 'The connector is not loaded yet.',
  noConnection: 'The server answered without a connection. Try again, or contact support if it keeps happening.',
  badOAuthStart: (name: string) => `${name} sign-in could not be started: the token endpoint answered an invalid authorization URL or state.`,
  storageBlocked: 'This browser does not let the page remember the sign-in across a redirect (storage is blocked). Allow pop-ups for this site and try again.',
  /** Security rule 3: a redirect answer is not followed (status 0: a browser's opaque redirect). */
  redirected: (status: number) => `The token endpoint answered with a redirect${status ? ` (${status})` : ''}, which is not followed. Contact support if it keeps happening.`,
  hostCancelled: 'The host cancelled the submit.',
  replaced: 'Replaced by a newer submit.',
  cancelled: 'Cancelled.',
} as const;

/** The labels of the sign-in panel's buttons. */
export const oauthActionText: Readonly<Record<OAuthAction, string>> = {
  reopen: 'Reopen window',
  cancel: 'Cancel',
  retry: 'Try again',
  redirect: 'Continue in this window',
};

/** The message of a flow that failed: the server's own words for a failed request, else a sentence for its code. */
export function oauthErrorText(error: OAuthFlowError, provider: string): string {
  if (error.kind === 'invalid-start') return widgetText.badOAuthStart(provider);
  switch (error.code) {
    case 'popup-blocked':
      return `Your browser blocked the ${provider} sign-in window. Try again, or continue in this window.`;
    case 'timeout':
      return error.detail || `Signing in to ${provider} took too long. Try again.`;
    case 'state-mismatch':
      return `The answer from ${provider} did not match this sign-in request. Try again.`;
    case 'oauth-denied':
      if (error.kind === 'error-code') return `${provider} did not grant access (${error.detail}).`;
      return error.detail ? `${provider} did not grant access: ${error.detail}` : `${provider} did not grant access.`;
    default:
      return error.detail || `Connecting to ${provider} failed. Try again.`;
  }
}

/** What the sign-in panel says in a flow's state (`view.key`). */
export function oauthStatusText(snapshot: Pick<OAuthFlowSnapshot, 'status' | 'providerName' | 'error'>): string {
  const p = snapshot.providerName;
  switch (snapshot.status) {
    case 'idle':
      return '';
    case 'opening':
      return `Connecting to ${p}…`;
    case 'waiting':
      return `Waiting for ${p}… Use the ${p} window to finish signing in.`;
    case 'popup-closed-suspected':
      return `The ${p} window seems to be closed. Reopen it to finish signing in, or cancel.`;
    case 'exchanging':
      return `Finishing the connection to ${p}…`;
    case 'done':
      return widgetText.connected(p);
    case 'cancelled':
      return `Signing in to ${p} was cancelled.`;
    case 'failed':
      return oauthErrorText(snapshot.error ?? { code: 'server' }, p);
  }
}

/**
 * English, part 3: the words of a token endpoint's answers. Added to the English the translators read
 * by errors.ts, so they come with the request code (in the script-tag build, the request chunk).
 */
import type { PluralForms } from './format.js';

export const enErrors = {
  // ---- errors of a request (the token endpoint's answers) ----
  'error.unreadable': "The server's answer could not be read ({status}). Try again, or contact support if it keeps happening.",
  'error.requestCancelled': 'The request was cancelled before the server answered.',
  'error.tooLarge': 'What you entered is too large to send ({status}). Shorten it and try again.',
  'error.validation': 'The server did not accept these values ({status}). Check them and try again.',
  'error.timeout': 'The server took too long to answer ({status}). Try again.',
  'error.signedOut': 'You are not signed in, or your session has expired ({status}). Sign in again and retry.',
  'error.forbidden': 'You are not allowed to connect this account ({status}).',
  'error.refused': 'The connection service refused the request ({status}). This page may not be set up correctly.',
  'error.unavailable': 'The service is unavailable right now ({status}).',
  'error.server': 'The server had a problem ({status}).',
  'error.fieldsNeedAttention': 'Some fields need attention',
  'error.valueRejected': 'This value was not accepted.',
  'error.tooManyAttempts': 'Too many attempts.',
  'error.waitAMoment': 'Wait a moment and try again.',
  'error.tryAgainSoon': 'Try again in a moment.',
  'error.checkFields': { one: 'Check the highlighted field and try again.', other: 'Check the highlighted fields and try again.' } as PluralForms,
};

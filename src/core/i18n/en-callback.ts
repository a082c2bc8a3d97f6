/**
 * English, part 5: the OAuth callback page. Added to the English the translators read by callback.ts.
 */
export const enCallback = {
  // ---- the OAuth callback page ----
  'callback.finished': 'Sign-in finished.',
  'callback.notCompleted': 'Sign-in did not complete.',
  'callback.closeWindow': 'You can close this window.',
  'callback.closeAndReturn': 'You can close this window and return to the original tab.',
  'callback.takingBack': 'Sign-in finished. Taking you back…',
  'callback.blocked': 'Sign-in finished, but this browser did not let us pass the result back. Go back to the app and try again.',
};

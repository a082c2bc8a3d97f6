/**
 * English, part 1: what the elements show before anything was validated or sent (the form, the widget,
 * the option picker, the OAuth sign-in, the dialog) and the few request messages they word themselves.
 * In every bundle that words a message (format.ts); the other parts come with the code that uses them.
 */
import type { PluralForms } from './format.js';

export const enElements = {
  // ---- <connect-form> ----
  'form.required': '(required)',
  'form.submit': 'Connect',
  'form.show': 'Show',
  'form.showLabel': 'Show {label}',
  'form.helpFor': 'Help for {label}',
  'form.about': 'About {label}',
  'form.add': 'Add to {label}',
  'form.addEntry': 'Add entry to {label}',
  'form.jsonPlaceholder': 'JSON, e.g. {"key": "value"}',
  'form.remove': 'Remove',
  'form.removeLabel': 'Remove {label}',
  'form.removeEntry': 'Remove entry {index}',
  'form.entry': '{label}, entry {index}',
  'form.key': 'Key',
  'form.value': 'Value',
  'form.cannotShow': 'This form cannot be shown: {reason}',
  'form.invalidSchema': 'its schema is not valid JSON Schema.',
  'form.summary': { one: '{count} field needs attention: {fields}.', other: '{count} fields need attention: {fields}.' } as PluralForms,

  // ---- <connect-widget> ----
  'widget.loading': 'Loading…',
  'widget.title': 'Connect {name}',
  'widget.connect': 'Connect {name}',
  'widget.continueWith': 'Continue with {name}',
  'widget.helpLink': 'How to find these details',
  'widget.connecting': 'Connecting…',
  'widget.connected': 'Connected to {name}.',
  'widget.theService': 'the service',
  'widget.tryAgainNow': 'You can try again now.',
  'widget.takingYouTo': 'Taking you to {name}…',
  'widget.invalidConnector': 'This connector cannot be used: {problems}.',
  'widget.connectorNotLoaded': 'it could not be loaded from {url}: {reason}',
  'widget.notJson': 'the answer is not JSON',
  'widget.answeredStatus': 'the server answered {status}',
  'widget.notReady': 'The connector is not loaded yet.',
  'widget.noConnection': 'The server answered without a connection. Try again, or contact support if it keeps happening.',
  'widget.storageBlocked': 'This browser does not let the page remember the sign-in across a redirect (storage is blocked). Allow pop-ups for this site and try again.',
  'widget.redirected': 'The token endpoint answered with a redirect ({status}), which is not followed. Contact support if it keeps happening.',
  'widget.redirectedOpaque': 'The token endpoint answered with a redirect, which is not followed. Contact support if it keeps happening.',
  'widget.hostCancelled': 'The host cancelled the submit.',
  'widget.replaced': 'Replaced by a newer submit.',
  'widget.cancelled': 'Cancelled.',
  'picker.label': 'How do you want to connect?',

  // ---- OAuth sign-in ----
  'oauth.reopen': 'Reopen window',
  'oauth.cancel': 'Cancel',
  'oauth.retry': 'Try again',
  'oauth.redirect': 'Continue in this window',
  'oauth.opening': 'Connecting to {provider}…',
  'oauth.waiting': 'Waiting for {provider}… Use the {provider} window to finish signing in.',
  'oauth.closedSuspected': 'The {provider} window seems to be closed. Reopen it to finish signing in, or cancel.',
  'oauth.exchanging': 'Finishing the connection to {provider}…',
  'oauth.cancelled': 'Signing in to {provider} was cancelled.',
  'oauth.badStart': '{provider} sign-in could not be started: the token endpoint answered an invalid authorization URL or state.',
  'oauth.popupBlocked': 'Your browser blocked the {provider} sign-in window. Try again, or continue in this window.',
  'oauth.timeout': 'Signing in to {provider} took too long. Try again.',
  'oauth.stateMismatch': 'The answer from {provider} did not match this sign-in request. Try again.',
  'oauth.deniedCode': '{provider} did not grant access ({code}).',
  'oauth.deniedDetail': '{provider} did not grant access: {detail}',
  'oauth.denied': '{provider} did not grant access.',
  'oauth.failed': 'Connecting to {provider} failed. Try again.',

  // ---- openConnect's dialog ----
  'dialog.label': 'Connect an account',
  'dialog.close': 'Close',
  'dialog.closed': 'The user closed the dialog.',

  // ---- messages of a request that the elements word themselves (the rest: en-errors.ts) ----
  'error.network': 'Could not reach the server. Check your connection and try again.',
  'error.noAnswer': 'The server did not answer within {wait}. Try again.',
  'error.tryAgainIn': 'Try again in {wait}.',
};

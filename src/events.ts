/**
 * Every event the elements dispatch. All bubble and are composed (they cross shadow roots to reach the
 * host page), and no detail ever holds a secret value (SPEC security rule 1).
 */

/** Error codes of `connect-error` (SPEC "<connect-widget>"). */
export type ConnectErrorCode =
  | 'invalid-connector'
  | 'invalid-endpoint'
  | 'configuration'
  | 'validation'
  | 'rate-limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'popup-blocked'
  | 'oauth-denied'
  | 'state-mismatch';

/** A problem on one field, by JSON pointer into `fields`. */
export interface FieldErrorDetail {
  pointer: string;
  message: string;
}

/** Detail of `connect-error`. */
export interface ConnectErrorDetail {
  code: ConnectErrorCode;
  message: string;
  status?: number;
  fieldErrors?: FieldErrorDetail[];
}

/** Fired when something goes wrong: bad input, a refused endpoint, an error answer, a failed flow. */
export class ConnectErrorEvent extends CustomEvent<ConnectErrorDetail> {
  constructor(detail: ConnectErrorDetail) {
    super('connect-error', { detail, bubbles: true, composed: true });
  }
}

/**
 * Fired by `<connect-form>` when a submit passed validation. The detail is empty on purpose: the
 * values may hold secrets, so the listener reads them with `form.getValue()` and sends them on.
 * It does not cross the form's shadow boundary (composed: false), because it is the form's own.
 */
export class ConnectFormSubmitEvent extends Event {
  constructor() {
    super('connect-form-submit', { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'connect-error': ConnectErrorEvent;
    'connect-form-submit': ConnectFormSubmitEvent;
  }
}

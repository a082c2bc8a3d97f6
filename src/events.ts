/** Every event the elements dispatch: all bubble and are composed, and no detail ever holds a secret value. */
import type { CancelReason, ConnectErrorCode, ConnectErrorDetail, ConnectReadyDetail, ConnectSubmitDetail, Connection, FieldError } from './core/protocol.js';

/** Error codes of `connect-error`, and the events' details. */
export type { ConnectErrorCode, ConnectErrorDetail, ConnectReadyDetail, ConnectSubmitDetail };

/** A problem on one field, by JSON pointer into `fields`. */
export type FieldErrorDetail = FieldError;

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

/** Fired when the user picks another auth option. */
export class ConnectOptionChangeEvent extends CustomEvent<{ option: string }> {
  constructor(option: string) {
    super('connect-option-change', { detail: { option }, bubbles: true, composed: true });
  }
}

/** Fired once a connector is loaded and its form drawn. */
export class ConnectReadyEvent extends CustomEvent<ConnectReadyDetail> {
  constructor(detail: ConnectReadyDetail) {
    super('connect-ready', { detail, bubbles: true, composed: true });
  }
}

/** Fired before each request to the token endpoint; `preventDefault()` stops the request. */
export class ConnectSubmitEvent extends CustomEvent<ConnectSubmitDetail> {
  constructor(detail: ConnectSubmitDetail) {
    super('connect-submit', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired when the account is connected: the endpoint's `connection` object and nothing else. */
export class ConnectSuccessEvent extends CustomEvent<{ connection: Connection }> {
  constructor(detail: { connection: Connection }) {
    super('connect-success', { detail, bubbles: true, composed: true });
  }
}

/** Fired when the user gives up: closed the popup for good, or dismissed the dialog. */
export class ConnectCancelEvent extends CustomEvent<{ reason: CancelReason }> {
  constructor(detail: { reason: CancelReason }) {
    super('connect-cancel', { detail, bubbles: true, composed: true });
  }
}

/** Detail of `connect-select`: the chosen connector's key. */
export interface ConnectSelectDetail {
  connector: string;
}

/**
 * Fired by `<connect-catalog>` when a connector is chosen (a click, Enter, Reconnect, Add another,
 * `select()` or the `selected` attribute), before its widget opens; `preventDefault()` keeps it closed.
 */
export class ConnectSelectEvent extends CustomEvent<ConnectSelectDetail> {
  constructor(detail: ConnectSelectDetail) {
    super('connect-select', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** Detail of `connect-disconnect`: the account the user asked to remove. */
export interface ConnectDisconnectDetail {
  connector: string;
  id: string;
}

/**
 * Fired by `<connect-catalog allow-disconnect>` when the user presses an account's Disconnect. The
 * catalog removes nothing itself: the host deletes the connection (and may confirm first), then
 * sets `connections` without it.
 */
export class ConnectDisconnectEvent extends CustomEvent<ConnectDisconnectDetail> {
  constructor(detail: ConnectDisconnectDetail) {
    super('connect-disconnect', { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'connect-disconnect': ConnectDisconnectEvent;
    'connect-select': ConnectSelectEvent;
    'connect-ready': ConnectReadyEvent;
    'connect-submit': ConnectSubmitEvent;
    'connect-success': ConnectSuccessEvent;
    'connect-cancel': ConnectCancelEvent;
    'connect-option-change': ConnectOptionChangeEvent;
    'connect-error': ConnectErrorEvent;
    'connect-form-submit': ConnectFormSubmitEvent;
  }
}

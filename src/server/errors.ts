/** The reference handler's errors: `FieldErrors` a hook throws to reject values, and `HttpProblem` for an answer decided while handling. */
import type { WireFieldError } from '../core/protocol.js';

/** A problem with one value of the request body, by JSON pointer (RFC 9457 `errors[]` member). */
export type FieldError = WireFieldError;

/**
 * Thrown by `onCredentials` or `onTokens` to answer 422 with these errors ("test before save"):
 * `throw new FieldErrors([{ pointer: '/fields/apiKey', detail: 'This key was rejected' }])`.
 */
export class FieldErrors extends Error {
  /** The problems, each pointing into the request body. */
  readonly errors: FieldError[];
  /** A form-level title for the 422 answer. */
  readonly title: string;

  /** `title` is the form-level message; it defaults to a generic one. */
  constructor(errors: FieldError[], title = 'Some values were not accepted') {
    super(title);
    this.name = 'FieldErrors';
    this.title = title;
    this.errors = errors.map((e) => ({ pointer: String(e.pointer), detail: String(e.detail) }));
  }
}

/** An answer decided while handling a request (a 4xx): thrown inside the handler, turned into a problem response. */
export class HttpProblem extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** Short human summary. */
  readonly title: string;
  /** Longer human explanation. */
  readonly detail: string | undefined;
  /** Problems by pointer. */
  readonly errors: FieldError[] | undefined;
  /** Extra headers (Allow, Set-Cookie). */
  readonly headers: Record<string, string>;

  /**
   * A problem answer; `errors` point into the request body. `cause` (a provider's failure behind a
   * 502) goes to `onError`, never into the answer.
   */
  constructor(status: number, title: string, options: { detail?: string; errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpProblem';
    this.status = status;
    this.title = title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

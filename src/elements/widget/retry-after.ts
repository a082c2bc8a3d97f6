/** The Retry-After wait as a Lit reactive controller: it re-renders its host when the wait ends and says so once ("You can try again now."). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Follows a wait's end time (ms since the epoch, 0 for none) read from the host on every update. */
export class RetryAfterController implements ReactiveController {
  #host: ReactiveControllerHost;
  #until: () => number;
  #current = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;

  constructor(host: ReactiveControllerHost, until: () => number) {
    this.#host = host;
    this.#until = until;
    host.addController(this);
  }

  /** True until the wait's end time: the Connect button stays disabled. */
  get waiting(): boolean {
    return Date.now() < this.#current;
  }

  /** True once a wait has just ended, until `acknowledge()` (the next submit). */
  get ended(): boolean {
    return this.#ended;
  }

  /** The user acted again: "You can try again now." has been said. */
  acknowledge(): void {
    this.#ended = false;
  }

  hostUpdate(): void {
    const until = this.#until();
    if (until === this.#current) return;
    this.#current = until;
    this.#ended = false;
    clearTimeout(this.#timer);
    const left = until - Date.now();
    if (left <= 0) return;
    this.#timer = setTimeout(() => {
      this.#ended = true;
      this.#host.requestUpdate();
    }, left);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#current = 0;
  }
}

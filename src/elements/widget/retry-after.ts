/** The Retry-After wait as a Lit reactive controller: it re-renders its host each second of the wait (the countdown) and when it ends, and says so once ("You can try again now."). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Follows a wait's end time (ms since the epoch, 0 for none) read from the host on every update. */
export class RetryAfterController implements ReactiveController {
  #host: ReactiveControllerHost;
  #until: () => number;
  #current = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;
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

  /** What is left of the wait, in ms (0 when not waiting): the countdown shows it, rounded up to whole seconds. */
  get left(): number {
    return Math.max(0, this.#current - Date.now());
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
    this.#stop();
    const left = until - Date.now();
    if (left <= 0) return;
    // The countdown ticks once a second; the end has its own timer, so it is exact.
    this.#tick = setInterval(() => this.#host.requestUpdate(), 1000);
    this.#timer = setTimeout(() => {
      this.#stop();
      this.#ended = true;
      this.#host.requestUpdate();
    }, left);
  }

  hostDisconnected(): void {
    this.#stop();
    this.#current = 0;
  }

  #stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#tick);
    this.#timer = undefined;
    this.#tick = undefined;
  }
}

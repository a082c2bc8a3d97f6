/**
 * The form's help popover as a Lit reactive controller: which long description is open, its position (Floating UI) and how it closes.
 * Floating UI is loaded when a description is first opened (a chunk of its own): a form whose help is never opened never fetches it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

let floating: Promise<typeof import('@floating-ui/dom')> | undefined;
/** Floating UI, fetched once; a failed fetch is tried again on the next open. */
function loadFloating(): Promise<typeof import('@floating-ui/dom')> {
  return (floating ??= import('@floating-ui/dom').catch((e: unknown) => {
    floating = undefined;
    throw e;
  }));
}

/** The host renders `<button id="${id}-help-button">` and `<div id="${id}-help">` in its shadow root. */
type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/** Opens one field's long description next to its "About" button, and closes it on Escape, a click outside, or disconnect. */
export class HelpPopoverController implements ReactiveController {
  /** The id of the field whose description is open, if any. */
  openId?: string;
  private stop?: () => void;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  /** Opens the description of `id`, or closes it when it is the open one. */
  toggle(id: string): void {
    if (this.openId === id) this.close();
    else void this.show(id);
  }

  /** Closes the open description; true when one was open. */
  close(): boolean {
    this.stop?.();
    this.stop = undefined;
    if (!this.openId) return false;
    this.openId = undefined;
    this.host.requestUpdate();
    return true;
  }

  private async show(id: string): Promise<void> {
    this.close();
    this.openId = id;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const root = this.host.renderRoot as ShadowRoot;
    const button = root.getElementById(`${id}-help-button`);
    const pop = root.getElementById(`${id}-help`);
    if (!button || !pop || this.openId !== id) return;
    const outside = (e: PointerEvent) => {
      const path = e.composedPath();
      if (!path.includes(pop) && !path.includes(button)) this.close();
    };
    document.addEventListener('pointerdown', outside, true);
    const stop = (this.stop = () => document.removeEventListener('pointerdown', outside, true));
    // The description is shown at once and placed next to its button as soon as Floating UI is here;
    // if it cannot be fetched, the description stays readable at the viewport's top-left and closes as usual.
    const ui = await loadFloating().catch(() => undefined);
    if (!ui || this.stop !== stop) return;
    const { autoUpdate, computePosition, flip, offset, shift } = ui;
    const place = () =>
      void computePosition(button, pop, { strategy: 'fixed', placement: 'bottom-start', middleware: [offset(6), flip(), shift({ padding: 8 })] }).then(({ x, y }) => {
        // CSSOM writes are allowed under a strict style-src; a style attribute in the template is not.
        pop.style.left = `${x}px`;
        pop.style.top = `${y}px`;
      });
    const stopPositioning = autoUpdate(button, pop, place);
    this.stop = () => {
      stopPositioning();
      stop();
    };
  }
}

/**
 * The script-tag build's late elements: a tag whose class is a chunk of its own (`<connect-form>`,
 * `<connect-catalog>`) is registered when the page first uses it, so a page that shows one form never
 * fetches the catalog, and an OAuth option without fields never fetches the form.
 *
 * "Uses it" means: the tag is in the document when the script runs, is added to the document later
 * (a MutationObserver on the document; tags inside another component's shadow root are not seen),
 * a `<connect-widget>` shows an option with fields (it asks for `<connect-form>` itself), or the page
 * asks for it (`ConnectWidget.load('connect-catalog')`). An element created before its class
 * arrives keeps the properties set on it: the element upgrades when the class is registered.
 * If the chunk cannot be fetched, every such element on the page shows a message and fires
 * `connect-error` (code `network`); the next use tries again.
 */
import { createTranslator } from './core/i18n/format.js';
import { loadedCatalog } from './core/i18n/load.js';
import { ConnectErrorEvent } from './events.js';

export type LateTag = 'connect-form' | 'connect-catalog';

const loaders: Record<LateTag, () => Promise<CustomElementConstructor>> = {
  'connect-form': () => import('./elements/form/form.js').then((m) => m.ConnectForm),
  'connect-catalog': () => import('./elements/catalog/catalog.js').then((m) => m.ConnectCatalog),
};

const pending = new Map<LateTag, Promise<CustomElementConstructor>>();

/** Fetches and registers `tag`'s class (once); resolves with the registered class. */
export function loadElement(tag: LateTag): Promise<CustomElementConstructor> {
  const have = customElements.get(tag);
  if (have) return Promise.resolve(have);
  let p = pending.get(tag);
  if (!p) {
    p = loaders[tag]().then(
      (ctor) => {
        // Another copy of the script may have registered it meanwhile.
        if (!customElements.get(tag)) customElements.define(tag, ctor);
        return customElements.get(tag)!;
      },
      (e: unknown) => {
        pending.delete(tag);
        failed(tag);
        throw e;
      },
    );
    pending.set(tag, p);
  }
  return p;
}

/** The chunk did not arrive: each waiting element says so, on screen and as `connect-error`. */
function failed(tag: LateTag): void {
  for (const el of document.querySelectorAll<HTMLElement>(`${tag}:not(:defined)`)) {
    const locale = el.getAttribute('locale') ?? (el.closest('[lang]')?.getAttribute('lang') || undefined);
    const message = createTranslator(locale, [loadedCatalog(locale)]).t('error.network');
    el.querySelector(':scope > [data-connect-load-error]')?.remove();
    const alert = Object.assign(document.createElement('p'), { role: 'alert', textContent: message });
    alert.setAttribute('data-connect-load-error', '');
    el.append(alert);
    el.dispatchEvent(new ConnectErrorEvent({ code: 'network', message }));
  }
}

/** Registers each late tag when the document first holds one. */
export function defineWhenUsed(tags: readonly LateTag[]): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const waiting = new Set(tags.filter((tag) => !customElements.get(tag)));
  const scan = (root: ParentNode) => {
    for (const tag of waiting) {
      if ((root instanceof Element && root.localName === tag) || root.querySelector(tag)) {
        waiting.delete(tag);
        // A failed fetch puts the tag back on the watch list: the next element added tries again.
        loadElement(tag).then(
          () => tags.every((t) => customElements.get(t)) && observer.disconnect(),
          () => waiting.add(tag),
        );
      }
    }
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element && waiting.size) scan(node);
  });
  observer.observe(document, { childList: true, subtree: true });
  scan(document);
}

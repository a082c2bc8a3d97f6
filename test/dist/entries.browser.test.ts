// The built browser entries, as a host loads them (npm test builds dist/ first): the classes entry
// registers nothing, and the standalone script registers every element and may be loaded twice.
import { expect } from '@open-wc/testing';

const loadScript = (src: string) =>
  new Promise<void>((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { type: 'module', src });
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`${src} did not load`)));
    document.head.append(script);
  });

describe('the built entries', () => {
  it('connect-widget/elements exports the classes and registers no element (no side effects)', async () => {
    // A variable specifier: tsc (allowJs) must not pull the built bundle into the type-checked program.
    const entry = '../../dist/elements.js';
    const mod = (await import(entry)) as Record<string, unknown>;
    expect(mod.ConnectWidget).to.be.a('function');
    expect(mod.ConnectCatalog).to.be.a('function');
    expect(mod.openConnect).to.be.a('function');
    for (const tag of ['connect-widget', 'connect-form', 'connect-option-picker', 'connect-catalog']) expect(customElements.get(tag), tag).to.equal(undefined);
  });

  it('dist/connect-widget.js registers every element (<connect-catalog> when the page first holds one), and a second copy on the page does not throw', async () => {
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    try {
      // Two URLs are two module instances: the second runs its define step again.
      await loadScript('/dist/connect-widget.js?copy=1');
      await loadScript('/dist/connect-widget.js?copy=2');
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
    for (const tag of ['connect-widget', 'connect-form', 'connect-option-picker']) expect(customElements.get(tag), tag).to.be.a('function');
    // The catalog element is a chunk of its own, fetched when a <connect-catalog> is added; one set
    // before it arrived keeps its properties.
    expect(customElements.get('connect-catalog')).to.equal(undefined);
    const catalog = document.createElement('connect-catalog') as HTMLElement & { connectors?: unknown; updateComplete?: Promise<boolean> };
    catalog.connectors = [];
    document.body.append(catalog);
    await customElements.whenDefined('connect-catalog');
    expect(customElements.get('connect-catalog')).to.be.a('function');
    await catalog.updateComplete;
    expect(catalog.connectors).to.deep.equal([]);
    expect(catalog.shadowRoot).to.not.equal(null);
    catalog.remove();
  });
});

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

  it('dist/connect-widget.js registers every element (<connect-form> and <connect-catalog> when the page first holds one), and a second copy on the page does not throw', async () => {
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
    for (const tag of ['connect-widget', 'connect-option-picker']) expect(customElements.get(tag), tag).to.be.a('function');
    // The form and the catalog are chunks of their own, fetched when the document first holds the tag
    // (a widget fetches its form itself); one set before its class arrived keeps its properties.
    const late: [string, string, unknown][] = [
      ['connect-form', 'schema', { type: 'object', properties: { key: { type: 'string' } } }],
      ['connect-catalog', 'connectors', []],
    ];
    for (const [tag, property, value] of late) {
      expect(customElements.get(tag), tag).to.equal(undefined);
      const el = document.createElement(tag) as HTMLElement & Record<string, unknown> & { updateComplete?: Promise<boolean> };
      el[property] = value;
      document.body.append(el);
      await customElements.whenDefined(tag);
      expect(customElements.get(tag), tag).to.be.a('function');
      await el.updateComplete;
      expect(el[property], tag).to.deep.equal(value);
      expect(el.shadowRoot, tag).to.not.equal(null);
      el.remove();
    }
  });
});

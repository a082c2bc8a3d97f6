// SPEC "Packaging": custom-elements.json describes every element, attribute, event, CSS part and
// custom property. It is generated from the elements' JSDoc (npm run build), so this test holds the
// JSDoc to the code: what the elements really declare, render, dispatch and read must be listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as { customElements: string; exports: Record<string, unknown> };

interface Named {
  name: string;
  description?: string;
}
interface Declaration extends Named {
  tagName?: string;
  customElement?: boolean;
  attributes?: Named[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  members?: (Named & { kind: string; privacy?: string; static?: boolean })[];
}

assert.ok(existsSync(new URL(pkg.customElements, root)), `${pkg.customElements} exists (run npm run build first)`);
const manifest = JSON.parse(read(pkg.customElements)) as { modules: { declarations?: Declaration[] }[] };
const declarations = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
const declaration = (tag: string) => {
  const found = declarations.find((d) => d.tagName === tag);
  assert.ok(found, `custom-elements.json has <${tag}>`);
  return found;
};
const names = (list: Named[] | undefined) => (list ?? []).map((x) => x.name).sort();
const unique = (list: string[]) => [...new Set(list)].sort();

// Event class → event name, from src/events.ts.
const eventNames = new Map([...read('src/events.ts').matchAll(/class (\w+) extends[\s\S]*?super\('([a-z-]+)'/g)].map((m) => [m[1]!, m[2]!]));

const elements = [
  { tag: 'connect-form', source: 'src/elements/form/form.ts', styles: ['src/elements/form/form.styles.ts'], inner: [] as string[] },
  { tag: 'connect-option-picker', source: 'src/elements/option-picker/option-picker.ts', styles: ['src/elements/option-picker/option-picker.ts'], inner: [] },
  {
    tag: 'connect-widget',
    source: 'src/elements/widget/widget.ts',
    styles: ['src/elements/widget/widget.styles.ts', 'src/elements/theme.styles.ts'],
    inner: ['connect-form', 'connect-option-picker'],
  },
  // The catalog forwards its opened widget's parts (WIDGET_PARTS, checked below) without listing them as its own.
  { tag: 'connect-catalog', source: 'src/elements/catalog/catalog.ts', styles: ['src/elements/catalog/catalog.styles.ts', 'src/elements/theme.styles.ts'], inner: [] },
];

test('package.json points tools at the manifest, and exports it', () => {
  assert.equal(pkg.customElements, 'dist/custom-elements.json');
  assert.equal(pkg.exports['./custom-elements.json'], './dist/custom-elements.json');
  assert.deepEqual(declarations.map((d) => d.tagName).sort(), elements.map((e) => e.tag).sort());
});

for (const element of elements) {
  test(`custom-elements.json describes <${element.tag}> as its code is`, async () => {
    const decl = declaration(element.tag);
    const source = read(element.source);
    const mod = (await import(new URL(element.source, root).href)) as Record<string, { properties?: Record<string, { attribute?: string | boolean }> }>;
    const cls = mod[decl.name]!;

    // Attributes: Lit's static properties that have one.
    const attributes = Object.entries(cls.properties ?? {})
      .filter(([, o]) => o.attribute !== false)
      .map(([key, o]) => (typeof o.attribute === 'string' ? o.attribute : key.toLowerCase()));
    assert.deepEqual(names(decl.attributes), unique(attributes));

    // Every public property and method has its one-line doc comment.
    const undocumented = (decl.members ?? []).filter((m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.static && !m.name.startsWith('#') && !m.description);
    assert.deepEqual(
      undocumented.map((m) => m.name),
      [],
    );

    // Events: every event the element dispatches is listed, with a description.
    const dispatched = [...source.matchAll(/new (Connect\w+Event)\(/g)].map((m) => eventNames.get(m[1]!)!);
    for (const name of dispatched) assert.ok(names(decl.events).includes(name), `event ${name} is listed`);
    for (const e of decl.events ?? []) assert.ok(e.description, `event ${e.name} is described`);

    // Parts: every part rendered (here or in a forwarded inner element) is listed, and nothing else.
    const innerDecls = element.inner.map(declaration);
    // (An element may carry several names, as in part="help popover".)
    const rendered = unique([...source.matchAll(/\bpart="([a-z -]+)"/g)].flatMap((m) => m[1]!.split(' ')).concat(innerDecls.flatMap((d) => names(d.cssParts))));
    assert.deepEqual(names(decl.cssParts), rendered);
    for (const p of decl.cssParts ?? []) assert.ok(p.description, `part ${p.name} is described`);

    // Custom properties: every --connect-* the element's styles read (or its inner elements') is listed.
    const read_ = unique(element.styles.flatMap((f) => [...read(f).matchAll(/var\((--connect-[a-z-]+)/g)].map((m) => m[1]!)).concat(innerDecls.flatMap((d) => names(d.cssProperties))));
    assert.deepEqual(names(decl.cssProperties), read_);
  });
}

test('what <connect-widget> forwards (exportparts) is every part of its form and option picker, and what the catalog forwards is every part of the widget', async () => {
  const widget = (await import(new URL('src/elements/widget/widget.ts', root).href)) as Record<string, string>;
  const list = (parts: string) =>
    parts
      .split(',')
      .map((p) => p.trim())
      .sort();
  assert.deepEqual(list(widget.FORM_PARTS!), names(declaration('connect-form').cssParts));
  assert.deepEqual(list(widget.PICKER_PARTS!), names(declaration('connect-option-picker').cssParts));
  assert.deepEqual(list(widget.WIDGET_PARTS!), names(declaration('connect-widget').cssParts));
});

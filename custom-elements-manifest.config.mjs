// custom-elements.json (SPEC "Packaging"): every element, attribute, event, CSS part and custom
// property, from the elements' JSDoc (@tagname, @event, @csspart, @cssproperty) and Lit's static
// `properties`. Written to dist/ by `npm run build`; Storybook's docs and controls read it.

const WIDGET = 'ConnectWidget';
const INNER = ['ConnectForm', 'ConnectOptionPicker'];

/** Tidies what the analyzer infers and adds what <connect-widget> forwards from its inner elements. */
function connectWidgetManifest() {
  return {
    name: 'connect-widget-manifest',
    packageLinkPhase({ customElementsManifest }) {
      const elements = customElementsManifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement));
      for (const el of elements) {
        // Events are the documented `connect-*` ones; the analyzer's guesses from `dispatchEvent(new X(...))`
        // (an empty name, or a constructor argument's name) are dropped.
        el.events = (el.events ?? []).filter((e) => e.name?.startsWith('connect-'));
        // The public API only: private and protected members are implementation, not for hosts or Storybook.
        el.members = (el.members ?? []).filter((m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('#'));
      }
      const widget = elements.find((d) => d.name === WIDGET);
      if (!widget) return;
      for (const inner of elements.filter((d) => INNER.includes(d.name))) {
        for (const part of inner.cssParts ?? []) {
          if (!(widget.cssParts ?? []).some((p) => p.name === part.name)) {
            (widget.cssParts ??= []).push({ ...part, description: `${part.description} (forwarded from <${inner.tagName}>)` });
          }
        }
        for (const prop of inner.cssProperties ?? []) {
          if (!(widget.cssProperties ?? []).some((p) => p.name === prop.name)) (widget.cssProperties ??= []).push({ ...prop });
        }
      }
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [connectWidgetManifest()],
};

/** The theme the widget and the catalog share (the host's font and colours, the private tokens their rules read, the dark defaults, text for screen readers only) and the alert box the form uses too. */
import { css, type CSSResult } from 'lit';

/** The dark theme's defaults, for `theme="dark"` and for `theme="auto"` when the system is dark. */
export const darkColors = css`
  --connect-color-text: #e6e8eb;
  --connect-color-surface: #1d2024;
  --connect-color-muted: #aab1ba;
  --connect-color-border: #6b737c;
  --connect-color-border-subtle: #3a3f46;
  --connect-color-accent: #8ab4f8;
  --connect-color-on-accent: #0b1d3a;
  --connect-color-danger: #f2b8b5;
`;

/** The box a problem is announced in (the widget's and catalog's `.alert`, the form's summary); it reads the host's `--_danger` and `--_radius`. */
export const alertBox = css`
  border: 2px solid var(--_danger);
  border-radius: var(--_radius);
  padding: 0.6rem 0.8rem;
  color: var(--_danger);
`;

/**
 * The host's rules: font, colours and the `--_*` tokens from the `--connect-*` custom properties,
 * the dark defaults for `theme="dark"` (and `theme="auto"` on a dark system), and the rules both
 * elements share: `[hidden]`, the focus ring and the `.alert` box.
 * `tokens` adds an element's own tokens; `dark` its own dark defaults.
 */
export function hostTheme(extra: { tokens?: CSSResult; dark?: CSSResult } = {}): CSSResult {
  const tokens = extra.tokens ?? css``;
  const dark = extra.dark ?? css``;
  return css`
    :host {
      display: block;
      font: var(--connect-font, 400 0.9375rem/1.45 system-ui, sans-serif);
      color: var(--connect-color-text, #1b1f24);
      background: var(--connect-color-surface, #fff);
      --_accent: var(--connect-color-accent, #0b57d0);
      --_danger: var(--connect-color-danger, #b3261e);
      --_muted: var(--connect-color-muted, #545b64);
      --_radius: var(--connect-radius, 6px);
      ${tokens}
    }
    :host([theme='dark']) {
      ${darkColors}
      ${dark}
    }
    @media (prefers-color-scheme: dark) {
      :host([theme='auto']) {
        ${darkColors}
        ${dark}
      }
    }
    [hidden] {
      display: none !important;
    }
    :focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    .alert {
      ${alertBox}
      margin: 0;
    }
  `;
}

/** Text for screen readers only: out of sight, still in the accessibility tree (no `display: none`). */
export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
`;

/** The styles of `<connect-widget>`: layout, states and the light/dark theme defaults, as custom properties. */
import { css } from 'lit';

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

/** Styles of `<connect-widget>`. Themes are custom properties; `theme="dark"` swaps their defaults. */
export const widgetStyles = css`
  :host {
    display: block;
    font: var(--connect-font, 400 0.9375rem/1.45 system-ui, sans-serif);
    color: var(--connect-color-text, #1b1f24);
    background: var(--connect-color-surface, #fff);
    --_accent: var(--connect-color-accent, #0b57d0);
    --_danger: var(--connect-color-danger, #b3261e);
    --_muted: var(--connect-color-muted, #545b64);
    --_radius: var(--connect-radius, 6px);
  }
  :host([theme='dark']) {
    ${darkColors}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkColors}
    }
  }
  [hidden] {
    display: none !important;
  }
  .widget {
    display: grid;
    gap: 1.25rem;
  }
  header {
    display: flex;
    gap: 0.75rem;
    align-items: center;
  }
  header img {
    width: 2.5rem;
    height: 2.5rem;
    object-fit: contain;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0;
  }
  .description {
    margin: 0;
    color: var(--_muted);
  }
  a {
    color: var(--_accent);
  }
  .primary {
    font: inherit;
    font-weight: 600;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--connect-color-on-accent, #fff);
    padding: 0.5rem 1.25rem;
    min-height: 2.5rem;
    cursor: pointer;
    justify-self: start;
  }
  .secondary {
    font: inherit;
    border-radius: var(--_radius);
    border: 1px solid var(--connect-color-border, #8a929b);
    background: transparent;
    color: inherit;
    padding: 0.5rem 1rem;
    min-height: 2.5rem;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /* Busy (a request on its way, or the sign-in window open): inert to clicks, and it must look it. */
  .primary[aria-disabled='true'],
  connect-form[busy]::part(submit) {
    opacity: 0.6;
    cursor: progress;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .option {
    display: grid;
    gap: 1rem;
  }
  .alert {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.6rem 0.8rem;
    color: var(--_danger);
    margin: 0;
  }
  .alert:empty {
    display: none;
  }
  .countdown {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .success {
    border: 2px solid var(--connect-color-success, #146c2e);
    border-radius: var(--_radius);
    padding: 0.6rem 0.8rem;
    margin: 0;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .flow {
    display: grid;
    gap: 0.75rem;
  }
  .progress {
    margin: 0;
    color: var(--_muted);
  }
  .plain {
    font: inherit;
    border-radius: var(--_radius);
    border: 1px solid transparent;
    background: transparent;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0.5rem 0.75rem;
    min-height: 2.5rem;
    cursor: pointer;
  }
  /* The live region is for screen readers only; it stays in the accessibility tree (no display: none)
     so that its first announcement is not lost. */
  .status {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

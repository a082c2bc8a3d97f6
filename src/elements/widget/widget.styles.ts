/** The styles of `<connect-widget>`: layout and states; the theme (font, colours, dark defaults) is `theme.styles.ts`. */
import { css } from 'lit';
import { hostTheme, visuallyHidden } from '../theme.styles.js';

/** Styles of `<connect-widget>`. Themes are custom properties; `theme="dark"` swaps their defaults. */
export const widgetStyles = css`
  ${hostTheme()}
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
  .option {
    display: grid;
    gap: 1rem;
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
    ${visuallyHidden}
  }
`;

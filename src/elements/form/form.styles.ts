/**
 * The styles of `<connect-form>`: plain CSS driven by `--connect-*` custom properties. Forced colours
 * (Windows High Contrast) drop box-shadows and repaint every colour: there an invalid control is told
 * apart by a thicker border, and the focus ring keeps the system highlight.
 */
import { css } from 'lit';
import { alertBox } from '../theme.styles.js';

export const formStyles = css`
  :host {
    display: block;
    font: var(--connect-font, 400 0.9375rem/1.45 system-ui, sans-serif);
    color: var(--connect-color-text, #1b1f24);
    --_accent: var(--connect-color-accent, #0b57d0);
    --_danger: var(--connect-color-danger, #b3261e);
    --_muted: var(--connect-color-muted, #545b64);
    --_border: var(--connect-color-border, #8a929b);
    --_radius: var(--connect-radius, 6px);
    --_surface: var(--connect-color-surface, #fff);
  }
  [hidden] {
    display: none !important;
  }
  /* Block flow with margins, not a grid with a gap: the same look, but an error appearing in one
     field of a long form lays out the fields after it again, where a grid sizes all its tracks again. */
  form > * + * {
    margin-block-start: var(--connect-gap, 1rem);
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  label,
  legend {
    font-weight: 600;
  }
  .req {
    font-weight: 400;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .help {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: stretch;
  }
  .row > :first-child {
    flex: 1;
    min-width: 0;
  }
  /* A list item or a key/value entry: its fields, then a "Remove" button level with their inputs
     (the labels sit above the inputs, so the button aligns to the bottom). */
  .item {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.5rem;
    align-items: end;
  }
  .item.entry {
    grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto;
  }
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.45rem 0.6rem;
    min-height: 2.5rem;
    box-sizing: border-box;
    width: 100%;
  }
  textarea {
    min-height: 5rem;
    font-family: var(--connect-font-mono, ui-monospace, monospace);
  }
  input[readonly] {
    background: transparent;
    border-style: dashed;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger) !important;
    box-shadow: 0 0 0 1px var(--_danger);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    input:not([type='checkbox']):not([type='radio'])[aria-invalid='true'],
    select[aria-invalid='true'],
    textarea[aria-invalid='true'] {
      border-width: 2px;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
  .error {
    color: var(--_danger);
    font-size: 0.875em;
    margin: 0;
  }
  .error:empty {
    display: none;
  }
  fieldset {
    border: 1px solid var(--connect-color-border-subtle, #d0d5db);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem 1rem;
    margin: 0;
    display: grid;
    gap: 0.75rem;
    min-width: 0;
  }
  fieldset.choices {
    border: none;
    padding: 0;
    gap: 0.35rem;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
  }
  .check input {
    width: 1.1rem;
    height: 1.1rem;
    margin: 0;
    accent-color: var(--_accent);
  }
  button {
    font: inherit;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: inherit;
    padding: 0.4rem 0.75rem;
    cursor: pointer;
    min-height: 2.5rem;
  }
  button[type='submit'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--connect-color-on-accent, #fff);
    font-weight: 600;
    display: block;
    padding-inline: 1.25rem;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .link-button {
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0;
    min-height: auto;
    justify-self: start;
  }
  .popover {
    /* Physical on purpose: Floating UI writes viewport coordinates into left/top (mirrored for rtl by its placement). */
    position: fixed;
    top: 0;
    left: 0;
    z-index: 10;
    max-width: min(22rem, 90vw);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
    padding: 0.75rem 0.9rem;
    font-size: 0.875em;
  }
  .summary {
    ${alertBox}
  }
  .summary:empty {
    display: none;
  }
  a {
    color: var(--_accent);
  }
`;

/** The styles of `<connect-catalog>`: the search bar, the windowed grid of cards (names wrap, never cut off: rows have room for two lines) and the connected accounts, themed by the widget's custom properties. */
import { css } from 'lit';
import { hostTheme, visuallyHidden } from '../theme.styles.js';

/**
 * Styles of `<connect-catalog>`. Themes are the widget's custom properties (`theme="dark"` swaps
 * their defaults). Nothing is positioned with a style attribute (a strict CSP's `style-src` forbids
 * them): the grid's geometry is written through the CSSOM by the element.
 */
export const catalogStyles = css`
  ${hostTheme({
    tokens: css`
      --_border: var(--connect-color-border-subtle, #d0d5db);
      --_success: var(--connect-color-success, #146c2e);
    `,
    // The badge's green is text here (the widget's is a border): a lighter default on dark surfaces.
    dark: css`
      --_success: var(--connect-color-success, #8fd19e);
    `,
  })}
  .catalog,
  .opened {
    display: grid;
    gap: 1rem;
  }
  h2 {
    font-size: 1.0625rem;
    margin: 0 0 0.5rem;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: end;
  }
  .toolbar label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  .toolbar label.search {
    flex: 1 1 14rem;
  }
  input,
  select {
    font: inherit;
    font-weight: 400;
    color: inherit;
    background: var(--connect-color-surface, #fff);
    border: 1px solid var(--connect-color-border, #8a929b);
    border-radius: var(--_radius);
    padding: 0.45rem 0.6rem;
    min-height: 2.5rem;
    box-sizing: border-box;
  }
  .count {
    margin: 0;
    color: var(--_muted);
  }
  .empty {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: 1.25rem;
  }
  .empty .count {
    color: inherit;
    font-weight: 600;
  }
  /* The virtual grid: a scrolling box, a spacer as tall as every row, and only the rows on screen,
     each placed at its offset (translateY, set by the element). */
  .grid {
    max-height: var(--connect-catalog-height, 30rem);
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 4px;
    margin: -4px;
  }
  .space {
    position: relative;
  }
  .row {
    position: absolute;
    top: 0;
    inset-inline: 0;
    height: 7.25rem;
    padding-block-end: 0.75rem;
    box-sizing: border-box;
    display: grid;
    grid-template-columns: repeat(var(--_cols, 1), minmax(0, 1fr));
    grid-template-rows: 100%;
    gap: 0.75rem;
    contain: layout style;
  }
  /* Cards are laid out in one pass: the cell is a plain block and the card fills it (a grid or
     flex cell would first measure every card's content to size a track it then ignores). A filter
     keystroke that redraws a screenful of cards costs half the layout. */
  .cell {
    display: block;
    min-width: 0;
    min-height: 0;
  }
  .card {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    text-align: start;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--connect-color-surface, #fff);
    padding: 0.7rem 0.8rem;
    min-width: 0;
    min-height: 0;
    width: 100%;
    height: 100%;
    box-sizing: border-box;
    overflow: hidden;
  }
  .card:hover {
    border-color: var(--_accent);
  }
  .text {
    display: flex;
    flex-direction: column;
    min-width: 0;
    height: 100%;
  }
  .text > * {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* At most two lines, the second ending in an ellipsis; never shrunk by the column (a long name
     was cut through the middle of its third line). */
  .text > .name {
    font-weight: 600;
    white-space: normal;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    flex: none;
  }
  .categories {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .badge {
    font-size: 0.8125em;
    font-weight: 600;
    color: var(--_success);
    margin-block-start: auto;
  }
  .badge.stale,
  .stale {
    color: var(--_danger);
  }
  .logo {
    width: 2.5rem;
    height: 2.5rem;
    border-radius: var(--_radius);
    object-fit: contain;
    flex: none;
  }
  /* One line of two letters, centred by its line box (cheaper to lay out than a grid). */
  .monogram {
    display: block;
    text-align: center;
    line-height: 2.5rem;
    overflow: hidden;
    font-weight: 700;
    font-size: 0.95rem;
    letter-spacing: 0.02em;
    color: #fff;
    user-select: none;
  }
  .tone-0 { background: #0b57d0; }
  .tone-1 { background: #7b1fa2; }
  .tone-2 { background: #b3261e; }
  .tone-3 { background: #146c2e; }
  .tone-4 { background: #8a4b00; }
  .tone-5 { background: #00639b; }
  .tone-6 { background: #5e35b1; }
  .tone-7 { background: #ad1457; }
  .accounts ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .group {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    column-gap: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.6rem 0.8rem;
  }
  .group > .logo {
    grid-row: 1 / span 3;
  }
  .group > :not(.logo) {
    grid-column: 2;
  }
  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  .account .label {
    flex: 1 1 8rem;
  }
  .secondary,
  .back {
    border-radius: var(--_radius);
    border: 1px solid var(--connect-color-border, #8a929b);
    background: transparent;
    padding: 0.35rem 0.9rem;
    min-height: 2.25rem;
  }
  .back {
    justify-self: start;
  }
  /* The arrow points back, which is to the right in a right-to-left layout. */
  :host([dir='rtl']) .back .arrow {
    display: inline-block;
    transform: scaleX(-1);
  }
  .plain {
    border: 1px solid transparent;
    background: transparent;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0.35rem 0;
    justify-self: start;
  }
  .visually-hidden {
    ${visuallyHidden}
  }
`;

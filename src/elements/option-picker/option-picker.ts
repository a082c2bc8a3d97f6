/** `<connect-option-picker>`: the radio group that lets the user choose among a connector's auth options. */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Messages } from '../../core/i18n/format.js';
import { LocaleController } from '../locale.js';
import { ConnectOptionChangeEvent } from '../../events.js';

/** One choice of the picker. */
export interface PickerOption {
  key: string;
  title: string;
  description?: string;
}

/**
 * A radio group of a connector's auth options. Native radios: one tab stop, arrow keys move and
 * select, the group is named by its legend.
 *
 * @tagname connect-option-picker
 * @summary Lets the user choose how to connect (API key, OAuth, ...).
 * @event connect-option-change - `{ option }` when the user picks another option.
 * @csspart picker - The fieldset.
 * @csspart option - One option's label.
 * @cssproperty --connect-color-accent - The chosen option's border.
 * @cssproperty --connect-color-border-subtle - The other options' borders.
 * @cssproperty --connect-color-muted - An option's description.
 * @cssproperty --connect-color-text - Text.
 * @cssproperty --connect-font - The font shorthand.
 * @cssproperty --connect-radius - Corner radius.
 */
export class ConnectOptionPicker extends LitElement {
  // Forced colours drop box-shadows: there the chosen option keeps a ring of the system highlight colour.
  static override styles = css`
    :host {
      display: block;
      font: var(--connect-font, 400 0.9375rem/1.45 system-ui, sans-serif);
      color: var(--connect-color-text, #1b1f24);
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    legend {
      font-weight: 600;
      margin-block-end: 0.5rem;
      padding: 0;
    }
    label {
      display: grid;
      grid-template-columns: auto 1fr;
      column-gap: 0.6rem;
      align-items: start;
      border: 1px solid var(--connect-color-border-subtle, #d0d5db);
      border-radius: var(--connect-radius, 6px);
      padding: 0.6rem 0.8rem;
      cursor: pointer;
    }
    label:has(input:checked) {
      border-color: var(--connect-color-accent, #0b57d0);
      box-shadow: 0 0 0 1px var(--connect-color-accent, #0b57d0);
    }
    @media (forced-colors: active) {
      label:has(input:checked) {
        outline: 1px solid Highlight;
        border-color: Highlight;
      }
    }
    input {
      margin: 0.2rem 0 0;
      accent-color: var(--connect-color-accent, #0b57d0);
    }
    input:focus-visible {
      outline: 2px solid var(--connect-color-accent, #0b57d0);
      outline-offset: 2px;
    }
    .title {
      font-weight: 600;
    }
    .description {
      grid-column: 2;
      color: var(--connect-color-muted, #545b64);
      font-size: 0.875em;
    }
  `;

  static override properties = {
    options: { attribute: false },
    value: { reflect: true },
    label: {},
    locale: {},
    messages: { attribute: false },
    disabled: { type: Boolean, reflect: true },
  };

  /** The options, in display order. */
  declare options: PickerOption[];
  /** The chosen option's key. */
  declare value: string;
  /** The group's visible name; the catalog's `picker.label` ("How do you want to connect?") when unset. */
  declare label: string | undefined;
  /** UI language (BCP 47) of the default label; `ar` sets `dir="rtl"` unless the page set `dir`. */
  declare locale: string | undefined;
  /** Overrides of catalog strings by id. */
  declare messages: Partial<Messages> | undefined;
  private readonly i18n = new LocaleController(this);
  /** Disables every option (e.g. while a request is in flight). */
  declare disabled: boolean;

  constructor() {
    super();
    this.options = [];
    this.value = '';
    this.disabled = false;
  }

  protected override render(): TemplateResult {
    return html`<fieldset part="picker" ?disabled=${this.disabled}>
      <legend>${this.label ?? this.i18n.translator.t('picker.label')}</legend>
      ${this.options.map(
        (o, i) => html`<label part="option">
          <input
            type="radio"
            name="option"
            .value=${o.key}
            .checked=${live(o.key === this.value)}
            aria-describedby=${ifDefined(o.description ? `d${i}` : undefined)}
            @change=${() => this.choose(o.key)}
          />
          <span class="title">${o.title}</span>
          ${o.description ? html`<span class="description" id="d${i}">${o.description}</span>` : ''}
        </label>`,
      )}
    </fieldset>`;
  }

  private choose(key: string): void {
    if (key === this.value) return;
    this.value = key;
    this.dispatchEvent(new ConnectOptionChangeEvent(key));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connect-option-picker': ConnectOptionPicker;
  }
}

// The <connect-form> element: draws the field model of a schema and keeps what the user typed.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { guard } from 'lit/directives/guard.js';
import type { JsonValue } from '../../core/json.js';
import { addRow, canAddRow, canRemoveRow, clearSecretDrafts, collect, getDraft, removeRow, secretValues, setDraft } from '../../core/draft.js';
import {
  fieldIndex,
  visibleFields,
  type ChoiceField,
  type ChoicesField,
  type DraftObject,
  type Field,
  type FormModel,
  type ListField,
  type MapField,
  type ObjectField,
  type Path,
} from '../../core/fields.js';
import type { ValidationResult } from '../../core/validate.js';
import { buildModel } from '../../core/walker.js';
import type { IncrementalCheck } from '../../core/incremental.js';
import { loadValidator, validation, ValidatorPending } from '../../core/validator.js';
import { ConnectErrorEvent, ConnectFormSubmitEvent, type FieldErrorDetail } from '../../events.js';
import { formStyles } from './form.styles.js';
import { HelpPopoverController } from './help-popover.js';
import { LocaleController } from '../locale.js';
import type { Messages } from '../../core/i18n/format.js';

/** Descriptions longer than this open in a popover instead of sitting under the label. */
const LONG_DESCRIPTION = 120;

/**
 * A form drawn from a JSON Schema: labels, help, secret fields with a reveal toggle, validation with
 * human messages. It holds what the user types until the host reads it with `getValue()`.
 *
 * @tagname connect-form
 * @summary A JSON Schema form for a connector's auth fields.
 * @event connect-form-submit - A submit passed validation; read the values with `getValue()`.
 * @event connect-error - `{ code: "validation", message, fieldErrors }` when a submit finds problems, or `{ code: "invalid-connector" }` for a schema that cannot be used.
 * @csspart form - The `<form>` element.
 * @csspart field - The wrapper of one field (label, control, help, error).
 * @csspart label - A field's label.
 * @csspart input - A text, number, select or textarea control.
 * @csspart help - A field's help text.
 * @csspart error - A field's error message.
 * @csspart reveal - The show/hide toggle of a secret field.
 * @csspart summary - The problem summary announced on submit.
 * @csspart submit - The submit button.
 * @csspart help-button - The "About <label>" button that opens a long description.
 * @csspart popover - A long description's popover (it is a `help` part too).
 * @csspart help-link - A field's `x-help-uri` link.
 * @csspart group - A fieldset: a nested object, a list, a key/value editor.
 * @csspart row - One item of a list or one entry of a key/value editor.
 * @csspart add - The "Add to …" button of a list or key/value editor.
 * @csspart remove - The "Remove" button of an item or entry.
 * @cssproperty --connect-color-accent - Buttons, focus rings and links.
 * @cssproperty --connect-color-danger - Errors.
 * @cssproperty --connect-color-text - Text.
 * @cssproperty --connect-color-muted - Help text and the "required" marker.
 * @cssproperty --connect-color-border - Control borders.
 * @cssproperty --connect-color-surface - Control backgrounds.
 * @cssproperty --connect-radius - Corner radius.
 * @cssproperty --connect-font - The font shorthand.
 * @cssproperty --connect-gap - Space between fields.
 * @cssproperty --connect-color-border-subtle - Fieldset borders.
 * @cssproperty --connect-color-on-accent - Text on the accent colour (the submit button).
 * @cssproperty --connect-font-mono - The JSON text areas' font.
 */
export class ConnectForm extends LitElement {
  static override styles = formStyles;

  static override properties = {
    schema: { attribute: false },
    values: { attribute: false },
    fixed: { attribute: false },
    submitLabel: { attribute: 'submit-label' },
    locale: {},
    messages: { attribute: false },
    busy: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
  };

  /** The JSON Schema (2020-12 or draft-07) of the object the form produces. */
  declare schema: unknown;
  /** Initial non-secret values, nested like the schema. Secrets in it are ignored. */
  declare values: Record<string, unknown> | undefined;
  /** Top-level keys the host fixes: their fields are not shown and their values are sent as given. */
  declare fixed: Record<string, JsonValue> | undefined;
  /** The submit button's text; the catalog's `form.submit` ("Connect") when unset. */
  declare submitLabel: string | undefined;
  /** UI language (BCP 47) of the words the form adds and its validation messages; `ar` sets `dir="rtl"` unless the page set `dir`. */
  declare locale: string | undefined;
  /** Overrides of catalog strings by id (`{ "form.required": "*" }`). */
  declare messages: Partial<Messages> | undefined;
  /** True while the host is sending the values: the submit button is busy and disabled. */
  declare busy: boolean;
  /** Disables the submit button (e.g. until a `Retry-After` time has passed). */
  declare disabled: boolean;

  private draft: DraftObject = {};
  private model?: FormModel;
  private result?: ValidationResult;
  /** The result's message for each field id (a render looks up every field's). */
  private errorById = new Map<string, string>();
  /** True when the model must be built again before the next validation (see `changed`). */
  private stale = true;
  /** Checks again only the properties whose value changed since the last validation (made once the validation code is here). */
  private check?: IncrementalCheck;
  private schemaError?: string;
  private reportedSchemaError?: string;
  private touched = new Set<string>();
  private submitted = false;
  private revealed = new Set<string>();
  private serverErrors = new Map<string, string>();
  private formMessages: string[] = [];
  private summary = '';
  private readonly help = new HelpPopoverController(this);
  private readonly i18n = new LocaleController(this);
  private i18nVersion = -1;
  /** The validator's fetch while the form waits for it (it renders without it, and validates again once it is here). */
  private validatorLoad?: Promise<boolean>;
  /** The validator's fetch failed: tried again on the next submit, not on every render. */
  private validatorFailed = false;

  constructor() {
    super();
    this.busy = false;
    this.disabled = false;
  }

  /**
   * The values to send: validated when `validate()` said so, nested exactly like the schema.
   * It holds what was typed into secret fields: send it, never store or log it.
   */
  getValue(): Record<string, unknown> {
    return this.compute().value;
  }

  /** Validates without showing anything: the problems, each with its JSON pointer. */
  validate(): { valid: boolean; fieldErrors: FieldErrorDetail[] } {
    const r = this.compute();
    return { valid: r.valid, fieldErrors: r.errors.map(({ pointer, message }) => ({ pointer, message })) };
  }

  /** Runs the submit path: shows every problem and focuses the first, or fires `connect-form-submit`. */
  async requestSubmit(): Promise<boolean> {
    return this.doSubmit();
  }

  /**
   * Shows problems reported by the server: field errors land on their fields (a pointer that resolves to
   * no field becomes a form-level message), `message` is shown above the button.
   */
  setErrors(fieldErrors: FieldErrorDetail[], message?: string): void {
    this.serverErrors.clear();
    this.formMessages = message ? [message] : [];
    const index = this.sentFields();
    for (const e of fieldErrors) {
      const field = index?.find(e.pointer);
      if (field && field.kind !== 'fixed') {
        this.serverErrors.set(field.id, e.message);
        this.touched.add(field.id);
      } else {
        this.formMessages.push(e.message);
      }
    }
    this.summary = '';
    this.requestUpdate();
  }

  /** True when a pointer names a field of the form (used to map server errors). */
  hasField(pointer: string): boolean {
    return !!this.sentFields()?.exact(pointer);
  }

  /** The fields by where the value sent puts them (rows left empty are not sent): the server's pointers. */
  private sentFields() {
    return this.model ? fieldIndex(this.model, collect(this.model, this.draft).at) : undefined;
  }

  /** The values typed into secret fields (of any type: text, number, choice, JSON), for masking them in server messages (never for display). */
  secretValues(): string[] {
    return this.model ? secretValues(this.model, this.draft) : [];
  }

  /** Empties every secret field, of any type (after a successful connect, and when the element is removed). */
  clearSecrets(): void {
    if (!this.model) return;
    clearSecretDrafts(this.model, this.draft);
    // The DOM controls too, at once: an element being removed may never render again.
    const root = this.renderRoot as ShadowRoot | undefined;
    for (const input of root?.querySelectorAll?.<HTMLInputElement>('input[data-secret]') ?? []) input.value = '';
    for (const select of root?.querySelectorAll?.<HTMLSelectElement>('select[data-secret]') ?? []) select.selectedIndex = 0;
    this.revealed.clear();
    this.check?.forget();
    this.result = undefined;
    this.requestUpdate();
  }

  /** Back to the initial values, with no errors shown. */
  reset(): void {
    this.startOver();
    this.requestUpdate();
  }

  /** Forgets what the user typed and everything shown about it (a reset, or a new schema, values or fixed values). */
  private startOver(): void {
    this.draft = {};
    this.touched.clear();
    this.revealed.clear();
    this.serverErrors.clear();
    this.formMessages = [];
    this.summary = '';
    this.submitted = false;
    this.result = undefined;
    this.stale = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.clearSecrets();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Compared by content: a host (or React) passing an equal new object on each render must not
    // wipe what the user typed. A first value needs no comparison (serialising a 400-field schema
    // took 3 % of its first render).
    const differs = (key: 'schema' | 'values' | 'fixed') => {
      if (!changed.has(key)) return false;
      const before: unknown = changed.get(key);
      return before === undefined || this[key] === undefined ? before !== this[key] : JSON.stringify(before) !== JSON.stringify(this[key]);
    };
    // A new language: the validation messages are worded again.
    if (this.i18n.translator && this.i18n.version !== this.i18nVersion) {
      this.i18nVersion = this.i18n.version;
      this.result = undefined;
    }
    if (differs('schema') || differs('values') || differs('fixed')) this.startOver();
    this.compute();
  }

  protected override updated(): void {
    if (this.schemaError && this.schemaError !== this.reportedSchemaError) {
      this.reportedSchemaError = this.schemaError;
      this.dispatchEvent(new ConnectErrorEvent({ code: 'invalid-connector', message: this.schemaError }));
    }
  }

  private compute(): ValidationResult {
    if (this.result) return this.result;
    let model: FormModel | undefined;
    try {
      if (this.stale || !this.model) this.model = buildModel(this.schema ?? { type: 'object' }, this.draft, { values: this.values, fixed: this.fixed });
      model = this.model;
      this.stale = false;
      const v = validation();
      if (!v) return this.withoutValidator(model);
      this.check ??= new v.IncrementalCheck();
      this.result = v.validateForm(this.model, this.draft, this.i18n.translator, this.check);
      this.errorById = new Map(this.result.errors.flatMap((e) => (e.id ? [[e.id, e.message] as const] : [])));
      this.schemaError = undefined;
    } catch (e) {
      if (e instanceof ValidatorPending) return this.withoutValidator(model);
      this.model = undefined;
      this.errorById = new Map();
      const t = this.i18n.translator.t;
      this.schemaError = t('form.cannotShow', { reason: e instanceof Error && e.name === 'SchemaError' ? e.message : t('form.invalidSchema') });
      this.result = { valid: false, value: {}, errors: [] };
    }
    return this.result;
  }

  /**
   * Something the user did changed the draft: validate again. `edited` is the leaf field's path when
   * only its value changed; the model is kept when that edit cannot change it (`keepsModel`), else
   * (rows added or removed, a map key, a conditional object, or an edit before the validation code
   * has arrived) it is built again.
   */
  private changed(edited?: Path): void {
    const keeps = validation()?.keepsModel;
    if (!edited || !this.model || !keeps?.(this.model, edited)) this.stale = true;
    this.result = undefined;
    this.requestUpdate();
  }

  /**
   * Before the validator (and the validation code with it) has arrived: the fields are shown (a schema with conditions needs it to pick
   * its fields, and shows them when it arrives), nothing is reported yet, and the validator is fetched;
   * when it arrives, what was typed meanwhile is validated. A submit waits for it (`doSubmit`).
   */
  private withoutValidator(model: FormModel | undefined): ValidationResult {
    this.model = model;
    this.schemaError = undefined;
    this.errorById = new Map();
    // A failed fetch is said at once only when there are no fields to show; otherwise on submit.
    if (!this.validatorFailed) void this.awaitValidator().then((ok) => ok || this.model || this.validatorUnavailable());
    // Not cached: each render asks again, and the validator's arrival triggers one.
    return { valid: false, value: model ? collect(model, this.draft).value : {}, errors: [] };
  }

  /** Fetches the validator (once at a time); false when it cannot be fetched (tried again on the next submit). */
  private awaitValidator(): Promise<boolean> {
    return (this.validatorLoad ??= loadValidator().then(
      () => {
        this.validatorLoad = undefined;
        this.changed();
        return true;
      },
      () => {
        this.validatorLoad = undefined;
        this.validatorFailed = true;
        return false;
      },
    ));
  }

  /** The validator could not be fetched: a message above the button and a `connect-error`; what was typed stays. */
  private validatorUnavailable(): void {
    const message = this.i18n.translator.t('error.network');
    this.formMessages = [message];
    this.requestUpdate();
    this.dispatchEvent(new ConnectErrorEvent({ code: 'network', message }));
  }

  /** Settles once rendered with the validator in place (or its fetch failed): `await form.updateComplete` shows validated state. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.validatorLoad) {
      await this.validatorLoad;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  private onInput(field: Field | { id: string; path: Path }, value: string | boolean): void {
    setDraft(this.draft, field.path, value);
    this.serverErrors.delete(field.id);
    this.changed(field.path);
  }

  private onBlur(id: string, value: unknown): void {
    if (value !== '' && value !== undefined && !this.touched.has(id)) {
      this.touched.add(id);
      this.requestUpdate();
    }
  }

  private async doSubmit(): Promise<boolean> {
    if (this.busy || this.disabled) return false;
    this.result = undefined;
    this.validatorFailed = false;
    let result = this.compute();
    if (this.validatorLoad) {
      // Typed before the validator arrived: the submit waits for it.
      if (!(await this.validatorLoad)) {
        if (this.model) this.validatorUnavailable();
        return false;
      }
      result = this.compute();
    }
    const v = validation();
    if (!this.model || !v) return false;
    this.submitted = true;
    this.formMessages = [];
    this.serverErrors.clear();
    if (result.valid) {
      this.summary = '';
      this.requestUpdate();
      this.dispatchEvent(new ConnectFormSubmitEvent());
      return true;
    }
    const tr = this.i18n.translator;
    const labels = result.errors.map((e) => (e.id ? (this.model!.byId.get(e.id)?.label ?? tr.t('form.key')) : e.message));
    this.summary = v.summaryFor(labels, tr);
    this.requestUpdate();
    await this.updateComplete;
    const first = result.errors.find((e) => e.id);
    if (first?.id) this.focusField(first.id);
    this.dispatchEvent(
      new ConnectErrorEvent({
        code: 'validation',
        message: this.summary,
        fieldErrors: result.errors.map(({ pointer, message }) => ({ pointer, message })),
      }),
    );
    return false;
  }

  private focusField(id: string): void {
    const root = this.renderRoot as ShadowRoot;
    const target = root.getElementById(id) ?? root.querySelector<HTMLElement>(`[data-group="${id}"] input`);
    (target as HTMLElement | null)?.focus();
  }

  private errorFor(id: string): string | undefined {
    const server = this.serverErrors.get(id);
    if (server) return server;
    if (!this.submitted && !this.touched.has(id)) return undefined;
    return this.errorById.get(id);
  }

  /** Adds a row and moves focus into it (a map row's key input, a list row's first control). */
  private async addRow(field: ListField | MapField): Promise<void> {
    const index = addRow(this.draft, field);
    if (index === undefined) return;
    this.changed();
    await this.updateComplete;
    const built = this.model?.byId.get(field.id);
    if (built?.kind === 'map') {
      const row = built.rows[index];
      if (row) this.focusField(row.keyId);
    } else if (built?.kind === 'list') {
      const row = built.rows[index];
      if (row) this.focusField(visibleFields(row)[0]?.id ?? row.id);
    }
  }

  private removeRow(field: ListField | MapField, index: number): void {
    if (!removeRow(this.draft, field, index)) return;
    // A list that lost a row may now be too short: say so at once (a map row's removal says nothing).
    if (field.kind === 'list') this.touched.add(field.id);
    this.changed();
  }

  // ---- rendering ----

  protected override render(): TemplateResult {
    if (this.schemaError || !this.model) {
      return html`<div class="summary" part="summary" role="alert">${this.schemaError}</div>`;
    }
    const shown = this.summary || this.formMessages.join(' ');
    // The form's content is a template of its own: on the first render its fields are put together
    // outside the <form> and moved in at once. Chromium's cost of adding a control with an id to a
    // <form> grows with the controls already in it, so 400 fields added one by one took most of the
    // first render (README, "Speed and size").
    return html`<form part="form" novalidate @submit=${this.onSubmit} @keydown=${this.onKeydown}>
      ${html`${this.model.root.fields.map((f) => this.renderField(f))}
        <div class="summary" part="summary" role="alert">${shown}</div>
        <button type="submit" part="submit" ?disabled=${this.disabled} aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.busy ? `${this.submitText}…` : this.submitText}
        </button>`}
    </form>`;
  }

  private get submitText(): string {
    return this.submitLabel ?? this.i18n.translator.t('form.submit');
  }

  private onSubmit = (e: Event) => {
    e.preventDefault();
    void this.doSubmit();
  };

  private onKeydown = (e: KeyboardEvent) => {
    const id = this.help.openId;
    if (e.key === 'Escape' && id) {
      this.help.close();
      e.stopPropagation();
      (this.renderRoot as ShadowRoot).getElementById(`${id}-help-button`)?.focus();
    }
  };

  private renderField(field: Field): unknown {
    switch (field.kind) {
      case 'fixed':
        return nothing;
      case 'object':
        return this.renderObject(field);
      case 'list':
        return this.renderList(field);
      case 'map':
        return this.renderMap(field);
      default:
        // A control's template reads only these: when none changed, it is skipped, so that a keystroke
        // renders the field typed in (and those whose error changed), not every field of the form. A
        // rebuilt model has new field objects, so every field renders again then.
        return guard([field, getDraft(this.draft, field.path), this.errorFor(field.id), this.revealed.has(field.id), this.help.openId === field.id, this.i18n.translator], () =>
          this.renderControl(field),
        );
    }
  }

  private renderControl(field: Exclude<Field, { kind: 'fixed' | 'object' | 'list' | 'map' }>): TemplateResult {
    switch (field.kind) {
      case 'choice':
        return field.readOnly ? this.renderReadOnly(field) : field.widget === 'radio' ? this.renderRadios(field) : this.renderSelect(field);
      case 'choices':
        return this.renderRadios(field);
      case 'boolean':
        return this.renderBoolean(field);
      default:
        return field.readOnly ? this.renderReadOnly(field) : this.renderInput(field);
    }
  }

  private describedBy(field: Field, error: string | undefined): string | undefined {
    const ids = [];
    if (field.description) ids.push(`${field.id}-help`);
    if (error) ids.push(`${field.id}-error`);
    return ids.length ? ids.join(' ') : undefined;
  }

  /** The label text with its required marker; `forId` null renders the text alone (for legends). */
  private renderLabel(field: Field, forId: string | null = field.id): TemplateResult {
    const marker = field.required ? html` <span class="req">${this.i18n.translator.t('form.required')}</span>` : nothing;
    return forId ? html`<label for=${forId} part="label">${field.label}${marker}</label>` : html`${field.label}${marker}`;
  }

  /** Short help under the label; long help behind a button, in a popover positioned by Floating UI. */
  private renderHelp(field: Field): TemplateResult | typeof nothing {
    const { t } = this.i18n.translator;
    const label = field.label;
    const link = field.helpUri ? html`<a part="help-link" href=${field.helpUri} target="_blank" rel="noopener noreferrer">${t('form.helpFor', { label })}</a>` : nothing;
    if (!field.description) return link;
    if (field.description.length <= LONG_DESCRIPTION) {
      return html`<p class="help" part="help" id="${field.id}-help">${field.description}</p>${link}`;
    }
    const open = this.help.openId === field.id;
    return html`<button
        type="button"
        class="link-button"
        part="help-button"
        id="${field.id}-help-button"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls="${field.id}-help"
        @click=${() => this.help.toggle(field.id)}
      >
        ${t('form.about', { label })}
      </button>
      <div class="popover" part="help popover" id="${field.id}-help" ?hidden=${!open}>${field.description}</div>
      ${link}`;
  }

  private renderInput(field: Field & { kind: 'text' | 'number' | 'json' }): TemplateResult {
    const error = this.errorFor(field.id);
    const raw = getDraft(this.draft, field.path);
    const value = typeof raw === 'string' ? raw : '';
    // A secret of any type (text, number, JSON) is a masked single-line input.
    const secret = !!field.secret;
    const revealed = this.revealed.has(field.id);
    const common = {
      describedBy: this.describedBy(field, error),
      invalid: error ? 'true' : 'false',
    };
    const onInput = (e: Event) => this.onInput(field, (e.target as HTMLInputElement).value);
    const onBlur = (e: Event) => this.onBlur(field.id, (e.target as HTMLInputElement).value);
    let control: TemplateResult;
    if (!secret && (field.kind === 'json' || (field.kind === 'text' && field.multiline))) {
      control = html`<textarea
        id=${field.id}
        part="input"
        .value=${live(value)}
        ?required=${field.required}
        aria-describedby=${ifDefined(common.describedBy)}
        aria-invalid=${common.invalid}
        spellcheck="false"
        placeholder=${ifDefined(field.kind === 'json' ? this.i18n.translator.t('form.jsonPlaceholder') : field.placeholder)}
        @input=${onInput}
        @blur=${onBlur}
      ></textarea>`;
    } else {
      const type = secret ? (revealed ? 'text' : 'password') : field.kind === 'text' ? field.inputType : 'text';
      control = html`<input
        id=${field.id}
        part="input"
        type=${type}
        .value=${live(value)}
        ?required=${field.required}
        aria-describedby=${ifDefined(common.describedBy)}
        aria-invalid=${common.invalid}
        inputmode=${ifDefined(field.kind === 'number' ? (field.integer ? 'numeric' : 'decimal') : undefined)}
        autocomplete=${secret ? 'new-password' : 'off'}
        ?data-secret=${secret}
        spellcheck=${secret ? 'false' : 'true'}
        autocapitalize=${secret || field.kind !== 'text' || field.inputType !== 'text' ? 'off' : 'sentences'}
        placeholder=${ifDefined(field.kind === 'json' ? undefined : field.placeholder)}
        @input=${onInput}
        @blur=${onBlur}
      />`;
      if (secret) {
        control = html`<div class="row">
          ${control}
          <button
            type="button"
            part="reveal"
            aria-pressed=${revealed ? 'true' : 'false'}
            aria-controls=${field.id}
            aria-label=${this.i18n.translator.t('form.showLabel', { label: field.label })}
            @click=${() => {
              if (revealed) this.revealed.delete(field.id);
              else this.revealed.add(field.id);
              this.requestUpdate();
            }}
          >
            ${this.i18n.translator.t('form.show')}
          </button>
        </div>`;
      }
    }
    return html`<div class="field" part="field" data-kind=${field.kind}>
      ${this.renderLabel(field)} ${this.renderHelp(field)} ${control}
      <p class="error" part="error" id="${field.id}-error">${error ?? ''}</p>
    </div>`;
  }

  private renderReadOnly(field: Field): TemplateResult {
    const raw = getDraft(this.draft, field.path);
    const text = field.kind === 'choice' ? (field.options[Number(raw)]?.label ?? '') : typeof raw === 'string' ? raw : '';
    return html`<div class="field" part="field" data-kind="readonly">
      ${this.renderLabel(field)}
      <input id=${field.id} part="input" type="text" readonly .value=${live(text)} aria-describedby=${ifDefined(this.describedBy(field, undefined))} />
      ${this.renderHelp(field)}
    </div>`;
  }

  private renderBoolean(field: Field & { kind: 'boolean' }): TemplateResult {
    const error = this.errorFor(field.id);
    const checked = getDraft(this.draft, field.path) === true;
    return html`<div class="field" part="field" data-kind="boolean">
      <label class="check" part="label">
        <input
          id=${field.id}
          type="checkbox"
          role=${ifDefined(field.widget === 'switch' ? 'switch' : undefined)}
          .checked=${live(checked)}
          ?disabled=${field.readOnly}
          aria-describedby=${ifDefined(this.describedBy(field, error))}
          aria-invalid=${error ? 'true' : 'false'}
          @change=${(e: Event) => this.onInput(field, (e.target as HTMLInputElement).checked)}
        />
        ${this.renderLabel(field, null)}
      </label>
      ${this.renderHelp(field)}
      <p class="error" part="error" id="${field.id}-error">${error ?? ''}</p>
    </div>`;
  }

  private renderSelect(field: ChoiceField): TemplateResult {
    const error = this.errorFor(field.id);
    const raw = getDraft(this.draft, field.path);
    const selected = typeof raw === 'string' ? raw : '';
    return html`<div class="field" part="field" data-kind="select">
      ${this.renderLabel(field)} ${this.renderHelp(field)}
      <select
        id=${field.id}
        part="input"
        ?required=${field.required}
        aria-describedby=${ifDefined(this.describedBy(field, error))}
        aria-invalid=${error ? 'true' : 'false'}
        autocomplete="off"
        ?data-secret=${!!field.secret}
        @change=${(e: Event) => {
          this.onInput(field, (e.target as HTMLSelectElement).value);
          this.touched.add(field.id);
        }}
      >
        <option value="" ?selected=${selected === ''}>Choose…</option>
        ${field.options.map((o, i) => html`<option value=${String(i)} ?selected=${selected === String(i)}>${o.label}</option>`)}
      </select>
      <p class="error" part="error" id="${field.id}-error">${error ?? ''}</p>
    </div>`;
  }

  /** Radios for a choice; checkboxes for an array of choices (its minItems/maxItems errors on the group). */
  private renderRadios(field: ChoiceField | ChoicesField): TemplateResult {
    const error = this.errorFor(field.id);
    const raw = getDraft(this.draft, field.path);
    const multi = field.kind === 'choices';
    const checked = (i: number) => (multi ? Array.isArray(raw) && raw[i] === true : raw === String(i));
    const onChange = (i: number, e: Event) => {
      if (multi) {
        const ticked = (e.target as HTMLInputElement).checked;
        setDraft(
          this.draft,
          field.path,
          field.options.map((_, j) => (j === i ? ticked : checked(j))),
        );
        this.serverErrors.delete(field.id);
        this.changed(field.path);
      } else this.onInput(field, String(i));
      this.touched.add(field.id);
    };
    return html`<fieldset
      class="choices field"
      part="field"
      data-kind=${multi ? 'checkboxes' : 'radio'}
      data-group=${field.id}
      aria-describedby=${ifDefined(this.describedBy(field, error))}
    >
      <legend part="label">${this.renderLabel(field, null)}</legend>
      ${field.options.map(
        (o, i) => html`<label class="check">
          <input
            type=${multi ? 'checkbox' : 'radio'}
            id=${i === 0 ? field.id : `${field.id}-${i}`}
            name=${field.id}
            value=${String(i)}
            .checked=${live(checked(i))}
            ?required=${!multi && field.required}
            ?disabled=${multi && field.readOnly}
            aria-invalid=${error ? 'true' : 'false'}
            @change=${(e: Event) => onChange(i, e)}
          />
          ${o.label}
        </label>`,
      )}
      ${this.renderHelp(field)}
      <p class="error" part="error" id="${field.id}-error">${error ?? ''}</p>
    </fieldset>`;
  }

  private renderObject(field: ObjectField): TemplateResult {
    const error = this.errorFor(field.id);
    return html`<fieldset part="group" data-kind="object" aria-describedby=${ifDefined(this.describedBy(field, error))}>
      <legend>${this.renderLabel(field, null)}</legend>
      ${this.renderHelp(field)} ${field.fields.map((f) => this.renderField(f))}
      <p class="error" part="error" id="${field.id}-error">${error ?? ''}</p>
    </fieldset>`;
  }

  private renderList(field: ListField): TemplateResult {
    const { t } = this.i18n.translator;
    const error = this.errorFor(field.id);
    return html`<fieldset part="group" data-kind="list" aria-describedby=${ifDefined(this.describedBy(field, error))}>
      <legend>${this.renderLabel(field, null)}</legend>
      ${this.renderHelp(field)}
      ${field.rows.map(
        (row, i) => html`<div class="item" part="row">
          <div>${this.renderField(row)}</div>
          <button type="button" part="remove" aria-label=${t('form.removeLabel', { label: row.label })} ?disabled=${!canRemoveRow(this.draft, field)} @click=${() => this.removeRow(field, i)}>
            ${t('form.remove')}
          </button>
        </div>`,
      )}
      <button type="button" part="add" class="add" ?disabled=${!canAddRow(this.draft, field)} @click=${() => this.addRow(field)}>${t('form.add', { label: field.label })}</button>
      <p class="error" part="error" id="${field.id}-error">${error ?? ''}</p>
    </fieldset>`;
  }

  private renderMap(field: MapField): TemplateResult {
    const { t } = this.i18n.translator;
    const error = this.errorFor(field.id);
    const entries = getDraft(this.draft, field.path) as [string, unknown][];
    return html`<fieldset part="group" data-kind="map" aria-describedby=${ifDefined(this.describedBy(field, error))}>
      <legend>${this.renderLabel(field, null)}</legend>
      ${this.renderHelp(field)}
      ${field.rows.map((row, i) => {
        const keyError = this.errorFor(row.keyId);
        const key = entries[i]?.[0] ?? '';
        return html`<div role="group" aria-label=${t('form.entry', { label: field.label, index: i + 1 })} class="item entry" part="row">
          <div class="field" part="field">
            <label for=${row.keyId} part="label">${t('form.key')}</label>
            <input
              id=${row.keyId}
              part="input"
              type="text"
              autocomplete="off"
              spellcheck="false"
              .value=${live(key)}
              aria-invalid=${keyError ? 'true' : 'false'}
              aria-describedby=${ifDefined(keyError ? `${row.keyId}-error` : undefined)}
              @input=${(e: Event) => this.onInput({ id: row.keyId, path: row.keyPath }, (e.target as HTMLInputElement).value)}
              @blur=${(e: Event) => this.onBlur(row.keyId, (e.target as HTMLInputElement).value)}
            />
            <p class="error" part="error" id="${row.keyId}-error">${keyError ?? ''}</p>
          </div>
          <div>${this.renderField({ ...row.value, label: t('form.value') })}</div>
          <button
            type="button"
            part="remove"
            aria-label=${t('form.removeEntry', { index: i + 1 })}
            @click=${() => this.removeRow(field, i)}
          >
            ${t('form.remove')}
          </button>
        </div>`;
      })}
      <button type="button" part="add" class="add" @click=${() => this.addRow(field)}>${t('form.addEntry', { label: field.label })}</button>
      <p class="error" part="error" id="${field.id}-error">${error ?? ''}</p>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connect-form': ConnectForm;
  }
}

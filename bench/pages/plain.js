// The floor: a hand-written plain-DOM renderer of the same forms, with what a user sees of ours
// (labels with a required marker, help as the described-by text, secret inputs with a Show
// button, choices as radios or a select, fieldsets for objects, list and key/value editors with
// Add buttons, a JSON text area for the rest, an error element per field) and per-field
// validation of the field that changed (required, lengths, pattern, bounds, formats) once it was
// left with a value. No library, no virtual DOM, no whole-form validation: what plain DOM can do.
const CONTROL = 'input:not([type=hidden]), select, textarea';
let uid = 0;

function resolve(root, s) {
  let out = s;
  for (let i = 0; i < 8 && out && typeof out.$ref === 'string' && out.$ref.startsWith('#/'); i++) {
    const { $ref, ...rest } = out;
    const target = $ref
      .slice(2)
      .split('/')
      .reduce((o, k) => o?.[k], root);
    out = { ...target, ...rest };
  }
  if (out && Array.isArray(out.allOf)) {
    const { allOf, ...rest } = out;
    out = Object.assign({}, ...allOf.map((x) => resolve(root, x)), rest);
  }
  return out ?? {};
}

const readable = (k) =>
  k
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase());
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k in e && typeof v !== 'string') e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
};
const choicesOf = (s) =>
  Array.isArray(s.enum)
    ? s.enum.map((v) => [v, String(v)])
    : (s.oneOf ?? s.anyOf ?? []).every((c) => c && 'const' in c) && (s.oneOf ?? s.anyOf)
      ? (s.oneOf ?? s.anyOf).map((c) => [c.const, c.title ?? String(c.const)])
      : null;
const secretOf = (s) => s.writeOnly === true || s.format === 'password' || s['x-secret'] === true;

const FORMATS = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\S+$/i,
  hostname: /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function check(s, required, raw) {
  if (raw === '') return required ? 'This field is required' : '';
  if (s.type === 'integer' || s.type === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) return 'Enter a number';
    if (s.type === 'integer' && !Number.isInteger(n)) return 'Enter a whole number';
    if (s.minimum !== undefined && n < s.minimum) return `Enter at least ${s.minimum}`;
    if (s.maximum !== undefined && n > s.maximum) return `Enter at most ${s.maximum}`;
    return '';
  }
  if (s.minLength !== undefined && [...raw].length < s.minLength) return `Enter at least ${s.minLength} characters`;
  if (s.maxLength !== undefined && [...raw].length > s.maxLength) return `Enter at most ${s.maxLength} characters`;
  if (s.pattern && !new RegExp(s.pattern, 'u').test(raw)) return 'Enter a value in the expected format';
  if (FORMATS[s.format] && !FORMATS[s.format].test(raw)) return `Enter a valid ${s.format}`;
  return '';
}

function field(root, key, raw, required) {
  const s = resolve(root, raw);
  if ('const' in s || s['x-widget'] === 'hidden') return null;
  const id = `p${++uid}`;
  const label = `${s.title ?? readable(key)}`;
  const help = s.description ? el('p', { id: `${id}-help`, text: s.description }) : null;
  const error = el('p', { id: `${id}-error`, class: 'error' });
  const marker = required ? el('span', { text: ' (required)' }) : '';
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const choices = choicesOf(s);
  const wrapper = (...children) => el('div', { class: 'field' }, ...children);

  if (type === 'object' && s.properties) {
    const fs = el('fieldset', {}, el('legend', {}, label, marker));
    if (help) fs.append(help);
    fs.append(...fieldsOf(root, s));
    return fs;
  }
  if (type === 'array' && s.items && choicesOf(resolve(root, s.items))) {
    const fs = el('fieldset', {}, el('legend', {}, label, marker));
    for (const [v, t] of choicesOf(resolve(root, s.items))) fs.append(el('label', {}, el('input', { type: 'checkbox', value: String(v) }), t));
    return fs;
  }
  if ((type === 'array' && s.items && !Array.isArray(s.items) && !s.prefixItems) || (type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')) {
    const fs = el('fieldset', {}, el('legend', {}, label, marker));
    const rows = el('div');
    const add = el('button', { type: 'button', text: `Add to ${label}` });
    add.onclick = () => rows.append(el('div', {}, el('label', { text: 'Value' }, el('input', { type: 'text' })), el('button', { type: 'button', text: 'Remove' })));
    fs.append(rows, add);
    return fs;
  }
  let control;
  if (choices && choices.length <= 4 && s['x-widget'] !== 'select') {
    const fs = el('fieldset', { 'aria-describedby': `${id}-error` }, el('legend', {}, label, marker));
    choices.forEach(([, t], i) => fs.append(el('label', {}, el('input', { type: 'radio', name: id, id: i ? `${id}-${i}` : id, value: String(i) }), t)));
    fs.append(error);
    return fs;
  }
  if (choices) {
    control = el('select', { id }, el('option', { value: '', text: 'Choose…' }), ...choices.map(([, t], i) => el('option', { value: String(i), text: t })));
  } else if (type === 'boolean') {
    return wrapper(el('label', {}, el('input', { type: 'checkbox', id }), label), help ?? '');
  } else if (type === 'string' || type === 'number' || type === 'integer') {
    const secret = secretOf(s);
    control = s['x-widget'] === 'textarea' && !secret ? el('textarea', { id }) : el('input', { id, type: secret ? 'password' : s.format === 'email' ? 'email' : s.format === 'uri' ? 'url' : 'text' });
    if (s.examples?.[0] !== undefined) control.placeholder = String(s.examples[0]);
    if (secret) {
      control.autocomplete = 'new-password';
      const show = el('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': `Show ${label}`, text: 'Show' });
      show.onclick = () => (control.type = control.type === 'password' ? 'text' : 'password');
      control = el('div', { class: 'row' }, control, show);
    }
  } else {
    control = el('textarea', { id, placeholder: 'JSON, e.g. {"key": "value"}' });
  }
  const input = control.matches(CONTROL) ? control : control.querySelector(CONTROL);
  input.setAttribute('aria-describedby', help ? `${id}-help ${id}-error` : `${id}-error`);
  if (s.readOnly) input.readOnly = true;
  let touched = false;
  const validate = () => {
    const message = check(s, required, input.value);
    if (error.textContent !== message) error.textContent = message;
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  input.addEventListener('input', () => touched && validate());
  input.addEventListener('blur', () => {
    if (!touched && input.value !== '') touched = true;
    if (touched) validate();
  });
  return wrapper(el('label', { for: id }, label, marker), help ?? '', control, error);
}

function fieldsOf(root, s) {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const order = Array.isArray(s['x-order']) ? s['x-order'] : [];
  const keys = Object.keys(props).sort((a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9));
  return keys.map((k) => field(root, k, props[k], required.has(k))).filter(Boolean);
}

function render(schema) {
  const form = el('form', { novalidate: '' });
  form.append(...fieldsOf(schema, resolve(schema, schema)), el('div', { role: 'alert' }), el('button', { type: 'submit', text: 'Connect' }));
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}

window.benchAdapter = {
  name: 'plain DOM',
  ready: Promise.resolve(),
  mount(c, container) {
    const form = render(c.schema);
    container.append(form);
    return form;
  },
  unmount(form) {
    form.remove();
  },
  firstInput: (form) => form.querySelector(CONTROL),
  errorOf: (form, input) => form.querySelector(`[id="${input.id}-error"]`),
  scope: (form) => form,
};

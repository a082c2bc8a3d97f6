// Languages in the browser: the locale switches at run time on every element, strings fall back one
// by one, the host's `messages` override any string and flow down, requests carry Accept-Language,
// and `ar` lays the elements out right to left (checked by where boxes are, not by class names).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import type { ConnectCatalog } from '../../src/elements/catalog/catalog.js';
import type { ConnectOptionPicker } from '../../src/elements/option-picker/option-picker.js';
import { openConnect } from '../../src/open.js';
import { clearRequests, connectors, mountWidget, requests, root, submit, until } from './helpers.js';

const schema = {
  type: 'object',
  required: ['apiKey', 'region'],
  properties: {
    apiKey: { type: 'string', title: 'API key', writeOnly: true, minLength: 8 },
    region: { type: 'string', title: 'Region', description: 'x'.repeat(140) },
    scopes: { type: 'array', title: 'Scopes', items: { type: 'string' }, minItems: 2 },
  },
};

const text = (el: Element, selector: string) => root(el).querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const box = (el: Element | null | undefined) => el!.getBoundingClientRect();
/** The box of an element's text (a label is as wide as its row; its words are not). */
const textBox = (el: Element) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return range.getBoundingClientRect();
};

async function form(locale?: string, extra: Partial<ConnectForm> = {}): Promise<ConnectForm> {
  const el = await fixture<ConnectForm>(html`<connect-form .schema=${schema} locale=${locale ?? ''} style="display:block;width:36rem"></connect-form>`);
  Object.assign(el, extra);
  await el.updateComplete;
  return el;
}

describe('languages', () => {
  it('connect-form switches language at run time: its words, its validation messages and the summary', async () => {
    const el = await form();
    expect(text(el, 'label[for] .req')).to.equal('(required)');
    el.locale = 'de';
    await until(() => text(el, 'label[for] .req') === '(erforderlich)');
    await submit(el);
    expect(text(el, '[part=summary]')).to.equal('2 Felder müssen geprüft werden: API key und Region.');
    expect(text(el, '.error')).to.equal('Geben Sie API key ein');
    expect(text(el, 'button[type=submit]')).to.equal('Verbinden');
    el.locale = 'fr';
    await until(() => text(el, '.error') === 'Saisissez API key');
    el.locale = 'en';
    await el.updateComplete;
    expect(text(el, '.error')).to.equal('Enter API key');
    expect(el.hasAttribute('dir')).to.equal(false);
  });

  it("falls back string by string: ar-EG reads Arabic, a string the host overrides reads the host's, an unknown language reads English", async () => {
    const el = await form('ar-EG', { messages: { 'form.required': '*' } });
    await until(() => text(el, '[part=add]') === 'إضافة إلى Scopes');
    expect(text(el, 'label[for] .req')).to.equal('*');
    el.locale = 'tlh';
    await el.updateComplete;
    expect(text(el, '[part=add]')).to.equal('Add to Scopes');
  });

  it('Japanese and Arabic plurals and numbers come from Intl', async () => {
    const el = await form('ar');
    await until(() => text(el, '[part=add]').startsWith('إضافة'));
    const key = root(el).querySelector<HTMLInputElement>('input[type=password]')!;
    key.value = 'abc';
    key.dispatchEvent(new Event('input'));
    await submit(el);
    const n = new Intl.NumberFormat('ar', { useGrouping: false, maximumFractionDigits: 20 }).format(8);
    expect(text(el, '.error')).to.equal(`أدخل ${n} أحرف على الأقل`);
    el.locale = 'ja';
    await until(() => text(el, '.error') === '8 文字以上で入力してください');
  });

  it('messages on connect-widget override by id and flow down to its form; requests carry Accept-Language', async () => {
    await clearRequests();
    const { el } = await mountWidget(connectors['integration-app-example'], {
      tokenEndpoint: '/api/token/ok',
      locale: 'es',
      option: 'api-key',
      lockOption: true,
      messages: { 'widget.connect': 'Vincular {name}', 'form.required': '(obligatoria)' },
    });
    const inner = () => root(el).querySelector<ConnectForm>('section:not([hidden]) connect-form')!;
    await until(() => !!inner() && text(inner(), 'button[type=submit]').startsWith('Vincular'));
    await until(() => text(inner(), 'label .req') === '(obligatoria)');
    const input = root(inner()).querySelector<HTMLInputElement>('input')!;
    input.value = 'key-123456';
    input.dispatchEvent(new Event('input'));
    await inner().updateComplete;
    await el.submit();
    const [req] = await requests();
    expect(req!.headers['accept-language']).to.equal('es');
    el.locale = 'de';
    await until(() => text(el, '[part=title]').endsWith('verbinden'));
  });

  it("the option picker, the catalog and openConnect's dialog speak the locale", async () => {
    const picker = await fixture<ConnectOptionPicker>(html`<connect-option-picker locale="fr" .options=${[{ key: 'a', title: 'A' }]}></connect-option-picker>`);
    await until(() => root(picker).querySelector('legend')!.textContent === 'Comment souhaitez-vous vous connecter\u202f?');
    const catalog = await fixture<ConnectCatalog>(html`<connect-catalog locale="ja" .connectors=${[connectors['integration-app-example']]}></connect-catalog>`);
    await until(() => text(catalog, '.search').startsWith('検索'));
    expect(text(catalog, '[part=count]')).to.equal('1 件のコネクタ。');
    catalog.locale = 'de';
    await until(() => text(catalog, '[part=count]') === '1 Connector.');
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    await import('../../src/core/i18n/load.js').then((m) => m.loadCatalog('es'));
    const done = openConnect({ connector: connectors['integration-app-example'], tokenEndpoint: '/api/token/ok', locale: 'es' }).catch((e: Error) => e);
    const dialog = document.querySelector('dialog.connect-widget-dialog')!;
    expect(dialog.getAttribute('aria-label')).to.equal('Conectar una cuenta');
    expect(dialog.querySelector('button[part=close]')!.textContent).to.equal('Cerrar');
    dialog.querySelector<HTMLButtonElement>('button[part=close]')!.click();
    expect(((await done) as Error).message).to.equal('Se cerró el cuadro de diálogo.');
    opener.remove();
  });
});

describe('right to left', () => {
  it('ar sets dir="rtl" on the element, and takes it back for an ltr locale; a dir the host set is kept', async () => {
    const el = await form('ar');
    expect(el.getAttribute('dir')).to.equal('rtl');
    el.locale = 'de';
    await el.updateComplete;
    expect(el.hasAttribute('dir')).to.equal(false);
    const host = await fixture<ConnectForm>(html`<connect-form dir="ltr" locale="ar" .schema=${schema}></connect-form>`);
    await host.updateComplete;
    expect(host.getAttribute('dir')).to.equal('ltr');
  });

  it("the layout mirrors: labels start at the right edge, a list row's Remove button sits left of its field, the help popover opens from the right", async () => {
    const el = await form('ar');
    await until(() => text(el, '[part=add]').startsWith('إضافة'));
    const label = root(el).querySelector('label[for]')!;
    const input = root(el).getElementById(label.getAttribute('for')!)!;
    // The label's start (its right edge) lines up with the input's start (its right edge).
    expect(Math.abs(textBox(label).right - box(input).right)).to.be.lessThan(2);
    expect(textBox(label).left).to.be.greaterThan(box(input).left + 100);
    // Add a list row: its Remove button is on the row's left, after the field in reading order.
    root(el).querySelector<HTMLButtonElement>('[part=add]')!.click();
    await el.updateComplete;
    const row = root(el).querySelector('[part=row]')!;
    const remove = row.querySelector('[part=remove]')!;
    const field = row.querySelector('input')!;
    expect(box(remove).right).to.be.at.most(box(field).left + 1);
    // The long description's popover aligns with its button's right edge.
    const button = root(el).querySelector<HTMLButtonElement>('[part=help-button]')!;
    button.click();
    await el.updateComplete;
    const pop = root(el).querySelector<HTMLElement>('.popover')!;
    await until(() => pop.style.left !== '' && box(pop).width > 0);
    expect(Math.abs(box(pop).right - box(button).right)).to.be.lessThan(2);
    // The same form in English: everything the other way round.
    el.locale = 'en';
    await el.updateComplete;
    expect(Math.abs(textBox(label).left - box(input).left)).to.be.lessThan(2);
    expect(textBox(label).right).to.be.lessThan(box(input).right - 100);
    expect(box(remove).left).to.be.at.least(box(field).right - 1);
  });

  it('the widget mirrors too: the submit button starts at the right', async () => {
    const { el } = await mountWidget(connectors['integration-app-example'], { tokenEndpoint: '/api/token/ok', locale: 'ar', option: 'api-key', lockOption: true });
    const inner = () => root(el).querySelector<ConnectForm>('section:not([hidden]) connect-form')!;
    await until(() => !!inner() && text(inner(), 'button[type=submit]').startsWith('ربط'));
    expect(el.getAttribute('dir')).to.equal('rtl');
    const submitButton = root(inner()).querySelector('button[type=submit]')!;
    const formBox = box(root(inner()).querySelector('form'));
    expect(Math.abs(box(submitButton).right - formBox.right)).to.be.lessThan(2);
    expect(box(submitButton).left).to.be.greaterThan(formBox.left + 20);
  });
});

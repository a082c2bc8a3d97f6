// The validator and the validation code are a chunk fetched after the form's first render (src/core/validator.ts). This file
// runs on a page of its own, so the validator has not loaded when its first test starts.
import { expect } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import { byLabel, errorOf, root } from './helpers.js';
import { hasValidator, validation } from '../../src/core/validator.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import type { ConnectErrorEvent } from '../../src/events.js';

const schema = {
  type: 'object',
  required: ['apiKey', 'region'],
  properties: {
    apiKey: { type: 'string', title: 'API key', pattern: '^sk_', minLength: 6 },
    region: { type: 'string', title: 'Region' },
  },
};

/** Resolves when the form has rendered once, without waiting for the validator (its `updateComplete` would). */
const rendered = (el: ConnectForm) => (ReactiveElement.prototype as unknown as { getUpdateComplete(this: ConnectForm): Promise<boolean> }).getUpdateComplete.call(el);

describe('<connect-form> before the validator has arrived', () => {
  it('renders at once; what was typed meanwhile stays and is validated once it arrives; a submit waits for it', async () => {
    const el = document.createElement('connect-form') as ConnectForm;
    el.schema = schema;
    const errors: ConnectErrorEvent[] = [];
    el.addEventListener('connect-error', (e) => errors.push(e as ConnectErrorEvent));
    let submitted = 0;
    el.addEventListener('connect-form-submit', () => submitted++);
    document.body.append(el);
    await rendered(el);
    // The fields are there and usable before the validator is.
    expect(hasValidator(), 'the validator arrived before the first render').to.equal(false);
    expect(validation(), 'the validation code came with the form').to.equal(undefined);
    const key = byLabel(el, 'API key');
    const region = byLabel(el, 'Region');
    key.focus();
    key.value = 'pk_live';
    key.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    key.blur();
    key.dispatchEvent(new Event('blur'));
    // Submitting now waits for the validator, then reports what is wrong with what was typed.
    const ok = el.requestSubmit();
    expect(await ok).to.equal(false);
    expect(hasValidator()).to.equal(true);
    expect(validation()).to.not.equal(undefined);
    await el.updateComplete;
    expect(key.value).to.equal('pk_live');
    expect(errorOf(el, key)).to.equal('Enter API key in the expected format');
    expect(errorOf(el, region)).to.not.equal('');
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['validation']);
    expect(submitted).to.equal(0);
    // Fixed: the same form sends.
    key.value = 'sk_live_1';
    key.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    region.value = 'eu';
    region.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(await el.requestSubmit()).to.equal(true);
    expect(submitted).to.equal(1);
    expect(el.getValue()).to.deep.equal({ apiKey: 'sk_live_1', region: 'eu' });
    expect(root(el).querySelector('[part=summary]')!.textContent).to.equal('');
    el.remove();
  });
});

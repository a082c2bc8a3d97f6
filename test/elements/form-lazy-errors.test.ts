// Errors a host sets on a form (`setErrors`, e.g. from its own server) land on their fields at once,
// also before the validator chunk has arrived. This file runs on a page of its own, so the validator
// and the validation code have not loaded when its test starts.
import { expect } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import { byLabel, errorOf, root } from './helpers.js';
import { validation } from '../../src/core/validator.js';
import type { ConnectForm } from '../../src/elements/form/form.js';

/** Resolves when the form has rendered, without waiting for the validator (its `updateComplete` would). */
const rendered = (el: ConnectForm) => (ReactiveElement.prototype as unknown as { getUpdateComplete(this: ConnectForm): Promise<boolean> }).getUpdateComplete.call(el);

describe('<connect-form> errors set by the host before the validator has arrived', () => {
  it('shows each on its field, and the message above the button', async () => {
    const el = document.createElement('connect-form') as ConnectForm;
    el.schema = { type: 'object', required: ['apiKey'], properties: { apiKey: { type: 'string', title: 'API key' }, region: { type: 'string', title: 'Region' } } };
    document.body.append(el);
    await rendered(el);
    expect(validation(), 'the validation code arrived before the errors were set').to.equal(undefined);
    el.setErrors([{ pointer: '/apiKey', message: 'This key was rejected.' }], 'The credentials were rejected.');
    await rendered(el);
    const key = byLabel(el, 'API key');
    expect(key.getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(el, key)).to.equal('This key was rejected.');
    expect(root(el).textContent).to.include('The credentials were rejected.');
    expect(el.hasField('/apiKey')).to.equal(true);
    expect(el.hasField('/nothing')).to.equal(false);
    el.remove();
  });
});

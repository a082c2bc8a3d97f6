// A schema with conditions needs the validator to pick its fields: on a page of its own, so that the
// validator has not loaded when it starts.
import { expect } from '@open-wc/testing';
import { byLabel } from './helpers.js';
import { hasValidator } from '../../src/core/validator.js';
import type { ConnectForm } from '../../src/elements/form/form.js';

describe('<connect-form> with conditions, before the validator has arrived', () => {
  it('a schema with conditions shows its fields once the validator has arrived (it picks them)', async () => {
    const el = document.createElement('connect-form') as ConnectForm;
    el.schema = {
      type: 'object',
      properties: { auth: { type: 'string', enum: ['key', 'basic'], default: 'key' } },
      if: { properties: { auth: { const: 'key' } } },
      then: { properties: { apiKey: { type: 'string', title: 'API key' } } },
    };
    document.body.append(el);
    expect(hasValidator(), 'the validator arrived before the first render').to.equal(false);
    await el.updateComplete;
    expect(byLabel(el, 'API key')).to.exist;
    el.remove();
  });
});

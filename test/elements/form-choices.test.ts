// Arrays of choices in Chromium: a fieldset of checkboxes named by its legend, required in text,
// errors on the group wired like the radios' (aria-describedby on the fieldset, aria-invalid on each
// box), operated with real key presses, sent in the choices' order, axe-clean in every state.
import { expect } from '@open-wc/testing';
import { a11ySnapshot, sendKeys } from '@web/test-runner-commands';
import { formFor, root, submit } from './helpers.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import type { ConnectErrorEvent } from '../../src/events.js';

const schema = {
  type: 'object',
  required: ['scopes'],
  properties: {
    name: { type: 'string', title: 'Name' },
    scopes: {
      type: 'array',
      title: 'Scopes',
      description: 'What Example App may do.',
      uniqueItems: true,
      maxItems: 2,
      items: {
        oneOf: [
          { const: 'read', title: 'Read projects' },
          { const: 'write', title: 'Edit projects' },
          { const: 'admin', title: 'Manage members' },
        ],
      },
    },
  },
};

const group = (el: ConnectForm) => root(el).querySelector<HTMLFieldSetElement>('fieldset[data-kind=checkboxes]')!;
const boxes = (el: ConnectForm) => [...group(el).querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
const describedText = (el: ConnectForm, node: Element) =>
  (node.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => root(el).getElementById(id)?.textContent?.trim())
    .join(' | ');

interface AxNode {
  role: string;
  name: string;
  checked?: boolean;
  children?: AxNode[];
}
const flatten = (n: AxNode): AxNode[] => [n, ...(n.children ?? []).flatMap(flatten)];

describe('<connect-form> arrays of choices: a group of checkboxes', () => {
  it('a fieldset named by its title with "(required)", one labelled checkbox per choice, in the accessibility tree', async () => {
    const el = await formFor(schema);
    expect(group(el).querySelector('legend')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Scopes (required)');
    expect(boxes(el).map((b) => b.labels![0]!.textContent!.trim())).to.deep.equal(['Read projects', 'Edit projects', 'Manage members']);
    expect(describedText(el, group(el))).to.equal('What Example App may do.');
    const tree = flatten((await a11ySnapshot({})) as unknown as AxNode);
    const names = tree.filter((n) => n.role === 'checkbox').map((n) => n.name);
    expect(names).to.deep.equal(['Read projects', 'Edit projects', 'Manage members']);
    await expect(el).to.be.accessible();
  });

  it('keyboard only: Tab reaches each box, Space ticks it; sent in the choices’ order', async () => {
    const el = await formFor(schema);
    root(el).querySelector<HTMLInputElement>('input#f-name')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement).to.equal(boxes(el)[0]);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement).to.equal(boxes(el)[2]);
    await sendKeys({ press: 'Space' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(boxes(el).map((b) => b.checked)).to.deep.equal([true, false, true]);
    expect(el.getValue()).to.deep.equal({ scopes: ['read', 'admin'] });
    expect(el.validate().valid).to.equal(true);
  });

  it('required, none ticked: a submit puts the error on the group, focuses its first box, and reports the pointer', async () => {
    const el = await formFor(schema);
    let detail: ConnectErrorEvent['detail'] | undefined;
    el.addEventListener('connect-error', (e) => (detail = (e as ConnectErrorEvent).detail));
    await submit(el);
    await new Promise((r) => setTimeout(r, 0));
    expect(detail?.fieldErrors).to.deep.equal([{ pointer: '/scopes', message: 'Choose at least one option for Scopes' }]);
    expect(boxes(el).every((b) => b.getAttribute('aria-invalid') === 'true')).to.equal(true);
    expect(describedText(el, group(el))).to.equal('What Example App may do. | Choose at least one option for Scopes');
    expect(root(el).activeElement).to.equal(boxes(el)[0]);
    await expect(el).to.be.accessible();
    // Ticking one clears the error at once (the group is touched).
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(boxes(el)[0]!.getAttribute('aria-invalid')).to.equal('false');
    expect(group(el).querySelector('.error')!.textContent!.trim()).to.equal('');
  });

  it('maxItems: a third box ticked says so on the group as it happens; the prefilled values stay ticked', async () => {
    const el = await formFor(schema, { scopes: ['write', 'read'] });
    expect(boxes(el).map((b) => b.checked)).to.deep.equal([true, true, false]);
    boxes(el)[2]!.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(describedText(el, group(el))).to.contain('Choose at most 2 options');
    expect(el.validate().fieldErrors).to.deep.equal([{ pointer: '/scopes', message: 'Choose at most 2 options' }]);
    await expect(el).to.be.accessible();
  });

  it('server errors (setErrors) land on the group', async () => {
    const el = await formFor(schema);
    el.setErrors([{ pointer: '/scopes/1', message: 'Example App does not offer this scope.' }]);
    await el.updateComplete;
    expect(describedText(el, group(el))).to.contain('Example App does not offer this scope.');
  });
});

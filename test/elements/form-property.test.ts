import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { rootArb } from '../arbitraries.js';
import { controls, formFor, nameOf, root, submit } from './helpers.js';

describe('<connect-form> with generated schemas (fast-check)', () => {
  it('never throws, and every control it draws has an accessible name', async function () {
    this.timeout(120000);
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    try {
      await fc.assert(
        fc.asyncProperty(rootArb, async (schema) => {
          const el = await formFor(schema);
          const alert = root(el).querySelector('[role=alert]');
          const form = root(el).querySelector('form');
          // Either a form or a clear error state, never nothing.
          expect(form !== null || (alert?.textContent ?? '').includes('This form cannot be shown')).to.equal(true);
          for (const c of controls(el)) {
            expect(nameOf(c).length, `${c.outerHTML} has a name`).to.be.greaterThan(0);
          }
          if (form) await submit(el);
          expect(errors).to.deep.equal([]);
          el.remove();
        }),
        { numRuns: 500 },
      );
    } finally {
      window.removeEventListener('error', onError);
    }
  });
});

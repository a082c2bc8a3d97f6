/** Registers every element once; safe to load twice (a second copy of the script does not throw). */
import { ConnectForm } from './elements/form/form.js';

const elements: [string, CustomElementConstructor][] = [['connect-form', ConnectForm]];

if (typeof customElements !== 'undefined') {
  for (const [tag, ctor] of elements) {
    if (!customElements.get(tag)) customElements.define(tag, ctor);
  }
}

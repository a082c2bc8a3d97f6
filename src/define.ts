/** Registers every element once; safe to load twice (a second copy of the script does not throw). */
import { ConnectCatalog } from './elements/catalog/catalog.js';
import { ConnectForm } from './elements/form/form.js';
import { ConnectOptionPicker } from './elements/option-picker/option-picker.js';
import { ConnectWidget } from './elements/widget/widget.js';

const elements: [string, CustomElementConstructor][] = [
  ['connect-form', ConnectForm],
  ['connect-option-picker', ConnectOptionPicker],
  ['connect-widget', ConnectWidget],
  ['connect-catalog', ConnectCatalog],
];

if (typeof customElements !== 'undefined') {
  for (const [tag, ctor] of elements) {
    if (!customElements.get(tag)) customElements.define(tag, ctor);
  }
}

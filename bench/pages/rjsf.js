// react-jsonschema-form's adapter: @rjsf/core 6 with @rjsf/validator-ajv8 on React 19, default
// theme, with live validation on change (what shows an error while the user types).
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';

const CONTROL = 'input:not([type=hidden]), select, textarea';

window.benchAdapter = {
  name: 'rjsf',
  ready: Promise.resolve(),
  mount(c, container) {
    const div = document.createElement('div');
    container.append(div);
    const root = createRoot(div);
    root.render(createElement(Form, { schema: c.schema, validator, liveValidate: 'onChange' }));
    return { div, root };
  },
  unmount({ div, root }) {
    root.unmount();
    div.remove();
  },
  firstInput: ({ div }) => div.querySelector(CONTROL),
  errorOf: ({ div }, input) => div.querySelector(`[id="${input.id}__error"]`),
  scope: ({ div }) => div,
};

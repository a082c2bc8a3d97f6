/**
 * The code that validates a form, with the JSON Schema validator it runs on (@cfworker/json-schema):
 * what `loadValidator()` (validator.ts) fetches. In the script-tag build this module and what only it
 * imports are one chunk (connect-widget.validator.<hash>.js), fetched right after a form's first
 * render: the form is drawn and typed into without it, and validated once it is here. A server
 * imports the same modules statically (src/server/validate.ts).
 */
import * as jsonSchema from '@cfworker/json-schema';

export { jsonSchema };
export { validateForm } from './validate.js';
export { summaryFor } from './messages.js';
export { IncrementalCheck, keepsModel } from './incremental.js';

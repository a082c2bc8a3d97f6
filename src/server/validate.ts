/**
 * The server's check of `fields`: the widget's own validation (src/core/validate.ts `validateValue`:
 * the same field walker, the same eval-free validator, the same messages), answered as problem-detail
 * errors that point into the request body (`/fields/apiKey`).
 *
 * ajv keeps one job the widget has no need of: checking each option's schema against its draft's
 * meta-schema when the handler is created, so that a broken connector (`type: "strng"`) is found at
 * startup rather than when a user first submits. It never decides whether a value is accepted.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import Ajv2019 from 'ajv/dist/2019.js';
import AjvDraft7, { type Options } from 'ajv';
import * as jsonSchema from '@cfworker/json-schema';
import { schemaDraft, type Schema } from '../core/schema.js';
import { provideValidator } from '../core/validator.js';
import { buildModel } from '../core/walker.js';
import { validateValue } from '../core/validate.js';
import type { Translator } from '../core/i18n/format.js';
import type { FieldError } from './errors.js';

// The browser fetches the validator when first needed (src/core/validator.ts); the server has it at once.
provideValidator(jsonSchema);

/** Where the widget's pointers sit in the request body. */
const FIELDS = '/fields';

const META_OPTIONS: Options = {
  // Only the schema's shape is checked; `format: "regex"` and the like in the meta-schema are the
  // widget's `checkSchema` job (an invalid `pattern`), and ajv's format names are not the widget's.
  validateFormats: false,
  logger: false,
};

type AnyAjv = AjvDraft7 | Ajv2019 | Ajv2020;

/** The problems of one option's `fields`. */
export interface FieldsValidator {
  /** Problems with `fields`, each pointing into the request body (`/fields/...`), worded in `translator`'s language (English by default); empty when valid. */
  validate(fields: unknown, translator?: Translator): FieldError[];
}

/**
 * A checker for many options' schemas (one ajv instance per draft, shared: compiling the meta-schema
 * is most of an instance's cost). The returned function throws when a schema cannot be used: it
 * breaks its meta-schema, a `$ref` does not resolve, a `pattern` is not a valid regex, or it does not
 * describe an object (the widget could not draw it either).
 */
export function createFieldsCompiler(): (schema: Schema | undefined) => FieldsValidator {
  const metaCheckers = new Map<string, AnyAjv>();
  return (schema) => {
    // No schema: the option asks nothing, so `fields` must be empty. A copy: the host changing its
    // definition object later cannot change what this handler accepts.
    const source: Schema = structuredClone(schema ?? { type: 'object', properties: {} });
    const draft = schemaDraft(source);
    let ajv = metaCheckers.get(draft);
    if (!ajv) metaCheckers.set(draft, (ajv = draft === '7' ? new AjvDraft7(META_OPTIONS) : draft === '2019-09' ? new Ajv2019(META_OPTIONS) : new Ajv2020(META_OPTIONS)));
    // The draft was read from `$schema`; without it, draft-04/06 identifiers need no meta-schema of their own.
    const { $schema: _dialect, ...withoutDialect } = source;
    if (!ajv.validateSchema(withoutDialect)) throw new Error(ajv.errorsText(ajv.errors, { dataVar: 'schema' }));
    buildModel(source, {});
    return {
      validate: (fields, translator) => validateValue(source, fields, translator).map(({ pointer, message }) => ({ pointer: FIELDS + pointer, detail: message })),
    };
  };
}

/**
 * The JSON Schema validator (@cfworker/json-schema) and the form's validation code (validation.ts),
 * fetched when first needed: a dynamic `import()`, so a bundler splits them into a chunk of their own
 * and the first form renders without them.
 *
 * The code that validates (src/core/problems.ts, src/core/conditions.ts) stays synchronous: it asks
 * `validatorClass()`, which throws `ValidatorPending` until `loadValidator()` has resolved; the form
 * asks `validation()`, undefined until then. The form renders without the validator and validates
 * again once it is here; a caller in Node awaits `loadValidator()` once before validating, and a
 * server, which bundles the validator statically, hands it over with `provideValidator()`.
 */
import type { Validator } from '@cfworker/json-schema';

export type ValidatorClass = typeof Validator;
/** The validator's module: its `Validator` class and the functions it is built of (`validate`, `dereference`, ...). */
export type JsonSchemaModule = typeof import('@cfworker/json-schema');

/** Thrown by validating code while the validator has not arrived; the caller waits for `loadValidator()` and tries again. */
export class ValidatorPending extends Error {
  constructor() {
    super('The JSON Schema validator has not loaded yet.');
    this.name = 'ValidatorPending';
  }
}

/** validation.ts: the form's validation code, with the validator it runs on. */
export type ValidationModule = typeof import('./validation.js');

let loaded: JsonSchemaModule | undefined;
let loadedValidation: ValidationModule | undefined;
let loading: Promise<ValidationModule> | undefined;

/** True once the validator can be used synchronously. */
export function hasValidator(): boolean {
  return !!loaded;
}

/** The validator's module; throws `ValidatorPending` until it has loaded. */
export function jsonSchema(): JsonSchemaModule {
  if (!loaded) throw new ValidatorPending();
  return loaded;
}

/** The validator's class; throws `ValidatorPending` until it has loaded. */
export function validatorClass(): ValidatorClass {
  return jsonSchema().Validator;
}

/** The form's validation code, or undefined until `loadValidator()` has resolved. */
export function validation(): ValidationModule | undefined {
  return loadedValidation;
}

/** Fetches the validator and the validation code (once; a failed fetch is tried again on the next call). */
export function loadValidator(): Promise<ValidationModule> {
  if (loadedValidation) return Promise.resolve(loadedValidation);
  return (loading ??= import('./validation.js').then(
    (m) => {
      loaded ??= m.jsonSchema;
      return (loadedValidation = m);
    },
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  ));
}

/** Makes the validator available synchronously at once (a server, which bundles it statically, has no reason to wait). */
export function provideValidator(module: JsonSchemaModule): void {
  loaded = module;
}

/**
 * The JSON Schema validator (@cfworker/json-schema), fetched when first needed: a dynamic `import()`,
 * so a bundler splits it into its own chunk and the first form renders without it.
 *
 * The code that validates (src/core/problems.ts, src/core/conditions.ts) stays synchronous: it asks
 * `validatorClass()`, which throws `ValidatorPending` until `loadValidator()` has resolved. The form
 * renders without the validator and validates again once it is here; a server, or any caller in
 * Node, awaits `loadValidator()` once before validating (src/server/validate.ts does).
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

let loaded: JsonSchemaModule | undefined;
let loading: Promise<JsonSchemaModule> | undefined;

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

/** Fetches the validator (once; a failed fetch is tried again on the next call). */
export function loadValidator(): Promise<JsonSchemaModule> {
  if (loaded) return Promise.resolve(loaded);
  return (loading ??= import('@cfworker/json-schema').then(
    (m) => (loaded = m),
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

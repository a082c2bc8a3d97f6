/** Element classes and types without registering anything: for hosts that choose their own tag names. */
export { ConnectForm } from './elements/form/form.js';
export * from './events.js';
export type { JsonValue, JsonObject } from './core/json.js';

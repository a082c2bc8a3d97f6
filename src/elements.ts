/** Element classes and types without registering anything: for hosts that choose their own tag names. */
export { ConnectForm } from './elements/form/form.js';
export { ConnectOptionPicker, type PickerOption } from './elements/option-picker/option-picker.js';
export { ConnectWidget, ConnectError, type Connection } from './elements/widget/widget.js';
export { ConnectCatalog } from './elements/catalog/catalog.js';
export type { CatalogConnection } from './core/catalog.js';
export { openConnect, pendingConnectRedirect, type OpenConnectOptions } from './open.js';
export * from './events.js';
export type { JsonValue, JsonObject } from './core/json.js';
export type { Connector, ResolvedOption } from './core/connector.js';

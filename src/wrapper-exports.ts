/** What `connect-widget/react` and `connect-widget/vue` export besides their components: one list, so that the two wrappers offer the same. */
export { openConnect, pendingConnectRedirect, type OpenConnectOptions } from './open.js';
export { ConnectError, type Connection } from './elements/widget/widget.js';
export type * from './events.js';
export type { Connector } from './core/connector.js';
export type { JsonObject, JsonValue } from './core/json.js';

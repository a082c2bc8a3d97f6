/** The OAuth handshake's core as one import: the callback message, the flow state machine and redirect storage (each in src/core/oauth/). */
export * from './oauth/message.js';
export * from './oauth/flow.js';
export * from './oauth/redirect.js';

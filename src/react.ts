'use client';
/**
 * `connect-widget/react`: the elements as React components (React 18 and 19), made with `@lit/react`.
 * Objects (`connector`, `context`, `headers`, `values`) are set as properties, not attributes, and
 * each `connect-*` event has a typed `onConnect…` prop. Importing this module registers the elements
 * (once; under Node it registers nothing, so server rendering works).
 *
 * `'use client'` marks it for React Server Components builds: the components render on the server
 * as their tags and come to life in the browser.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import './define.js';
import { ConnectForm as ConnectFormElement } from './elements/form/form.js';
import { ConnectWidget as ConnectWidgetElement } from './elements/widget/widget.js';
import type {
  ConnectCancelEvent,
  ConnectErrorEvent,
  ConnectFormSubmitEvent,
  ConnectOptionChangeEvent,
  ConnectReadyEvent,
  ConnectSubmitEvent,
  ConnectSuccessEvent,
} from './events.js';

export { openConnect, pendingConnectRedirect, type OpenConnectOptions } from './open.js';
export { ConnectError, type Connection } from './elements/widget/widget.js';
export type * from './events.js';
export type { Connector } from './core/connector.js';
export type { JsonObject, JsonValue } from './core/json.js';

/** The `connect-*` events of `<connect-widget>`, by React prop. */
const widgetEvents = {
  onConnectReady: 'connect-ready' as EventName<ConnectReadyEvent>,
  onConnectOptionChange: 'connect-option-change' as EventName<ConnectOptionChangeEvent>,
  onConnectSubmit: 'connect-submit' as EventName<ConnectSubmitEvent>,
  onConnectSuccess: 'connect-success' as EventName<ConnectSuccessEvent>,
  onConnectError: 'connect-error' as EventName<ConnectErrorEvent>,
  onConnectCancel: 'connect-cancel' as EventName<ConnectCancelEvent>,
};

/**
 * `<connect-widget>`: a connector's auth form, its options, the OAuth popup and the token endpoint.
 * Props are the element's properties; `ref` gives the element (for `submit()` and `reset()`).
 */
export const ConnectWidget = createComponent({
  react: React,
  tagName: 'connect-widget',
  elementClass: ConnectWidgetElement,
  events: widgetEvents,
  displayName: 'ConnectWidget',
});

/** `<connect-form>`: a JSON Schema form on its own; read the values with `ref.current.getValue()` on submit. */
export const ConnectForm = createComponent({
  react: React,
  tagName: 'connect-form',
  elementClass: ConnectFormElement,
  events: {
    onConnectFormSubmit: 'connect-form-submit' as EventName<ConnectFormSubmitEvent>,
    onConnectError: 'connect-error' as EventName<ConnectErrorEvent>,
  },
  displayName: 'ConnectForm',
});

/** The props of each component, for hosts that wrap them. */
export type ConnectWidgetProps = React.ComponentProps<typeof ConnectWidget>;
export type ConnectFormProps = React.ComponentProps<typeof ConnectForm>;

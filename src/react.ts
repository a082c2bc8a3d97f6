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
import { ConnectCatalog as ConnectCatalogElement } from './elements/catalog/catalog.js';
import { ConnectForm as ConnectFormElement } from './elements/form/form.js';
import { ConnectWidget as ConnectWidgetElement } from './elements/widget/widget.js';
import type * as Events from './events.js';

export * from './wrapper-exports.js';

/** A React prop name → the DOM event it listens to, typed with the event's class. */
type EventProps = Record<string, EventName>;
type Listeners<E extends EventProps> = { [K in keyof E]?: (event: E[K]['__eventType']) => void };

/**
 * One component: `@lit/react` sets the props as element properties; the `on…` event props are
 * listened to here, so that unmounting removes the listeners (`@lit/react` leaves them on the
 * element). Adding an element is one call.
 */
function wrap<I extends HTMLElement, E extends EventProps>(tagName: string, elementClass: { new (): I }, events: E, displayName: string) {
  const Inner = createComponent({ react: React, tagName, elementClass, displayName: `${displayName}Element` });
  type Props = Omit<React.ComponentProps<typeof Inner>, keyof E | 'ref'> & Listeners<E>;
  // A layout effect attaches before the element's first update can fire an event; on the server,
  // where effects never run, the plain effect avoids React 18's useLayoutEffect warning.
  const useIsomorphicLayoutEffect = typeof window === 'undefined' ? React.useEffect : React.useLayoutEffect;
  const Component = React.forwardRef<I, Props>((props, ref) => {
    const element = React.useRef<I>(null);
    const latest = React.useRef(props);
    useIsomorphicLayoutEffect(() => {
      latest.current = props;
    });
    useIsomorphicLayoutEffect(() => {
      const node = element.current;
      if (!node) return undefined;
      const listening = Object.entries(events).map(([prop, type]) => {
        const listener = (event: Event) => (latest.current as Record<string, ((e: Event) => void) | undefined>)[prop]?.(event);
        node.addEventListener(type, listener);
        return [type, listener] as const;
      });
      return () => listening.forEach(([type, listener]) => node.removeEventListener(type, listener));
    }, []);
    React.useImperativeHandle(ref, () => element.current as I, []);
    const rest: Record<string, unknown> = { ...props };
    for (const prop of Object.keys(events)) delete rest[prop];
    return React.createElement(Inner, { ...(rest as React.ComponentProps<typeof Inner>), ref: element });
  });
  Component.displayName = displayName;
  return Component;
}

/** The widget's events: `<connect-widget>` fires them, and `<connect-catalog>` passes on those of the widget it opens. */
const widgetEvents = {
  onConnectReady: 'connect-ready' as EventName<Events.ConnectReadyEvent>,
  onConnectOptionChange: 'connect-option-change' as EventName<Events.ConnectOptionChangeEvent>,
  onConnectSubmit: 'connect-submit' as EventName<Events.ConnectSubmitEvent>,
  onConnectSuccess: 'connect-success' as EventName<Events.ConnectSuccessEvent>,
  onConnectError: 'connect-error' as EventName<Events.ConnectErrorEvent>,
  onConnectCancel: 'connect-cancel' as EventName<Events.ConnectCancelEvent>,
};

/**
 * `<connect-widget>`: a connector's auth form, its options, the OAuth popup and the token endpoint.
 * Props are the element's properties and `onConnect…` listeners; `ref` gives the element (for
 * `submit()` and `reset()`).
 */
export const ConnectWidget = wrap('connect-widget', ConnectWidgetElement, widgetEvents, 'ConnectWidget');

/** `<connect-form>`: a JSON Schema form on its own; on `onConnectFormSubmit`, read the values with `ref.current.getValue()`. */
export const ConnectForm = wrap(
  'connect-form',
  ConnectFormElement,
  {
    onConnectFormSubmit: 'connect-form-submit' as EventName<Events.ConnectFormSubmitEvent>,
    onConnectError: 'connect-error' as EventName<Events.ConnectErrorEvent>,
  },
  'ConnectForm',
);

/**
 * `<connect-catalog>`: a searchable grid of connectors that opens `<connect-widget>` for the one chosen.
 * `onConnectSelect` fires when the user picks one, `onConnectDisconnect` when they ask to remove an
 * account (with `allowDisconnect`); the widget's `connect-*` events reach the same props.
 */
export const ConnectCatalog = wrap(
  'connect-catalog',
  ConnectCatalogElement,
  { onConnectSelect: 'connect-select' as EventName<Events.ConnectSelectEvent>, onConnectDisconnect: 'connect-disconnect' as EventName<Events.ConnectDisconnectEvent>, ...widgetEvents },
  'ConnectCatalog',
);

/** The props of each component, for hosts that wrap them. */
export type ConnectWidgetProps = React.ComponentProps<typeof ConnectWidget>;
export type ConnectFormProps = React.ComponentProps<typeof ConnectForm>;
export type ConnectCatalogProps = React.ComponentProps<typeof ConnectCatalog>;

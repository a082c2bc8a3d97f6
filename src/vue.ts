/**
 * `connect-widget/vue`: the elements as Vue 3 components with typed props and emits, and a plugin
 * that registers them. The components render the custom element from a render function, so the host
 * needs no `compilerOptions.isCustomElement`; props are set as element properties (objects stay
 * objects) and each `connect-*` event is re-emitted with the event object (so
 * `@connect-submit="(e) => e.preventDefault()"` works). Listeners are removed on unmount.
 * Importing this module registers the elements (once; under Node it registers nothing).
 */
import { defineComponent, h, onBeforeUnmount, onMounted, ref, type App, type ComponentObjectPropsOptions, type PropType, type SlotsType } from 'vue';
import './define.js';
import type { ConnectCatalog as ConnectCatalogElement } from './elements/catalog/catalog.js';
import type { ConnectForm as ConnectFormElement } from './elements/form/form.js';
import type { ConnectWidget as ConnectWidgetElement } from './elements/widget/widget.js';
import type * as Events from './events.js';

export * from './wrapper-exports.js';

/** A prop of any type, typed as the element's property; left unset (the element's default) when not given. */
const prop = <T>() => ({ type: null as unknown as PropType<T>, default: undefined });
/** A boolean prop: `<connect-widget lock-option>` in a template means true. */
const flag = () => ({ type: Boolean, default: undefined });

/**
 * Emits declared with their argument type, the DOM event. Declared camelCase (`connectSuccess`), so that
 * `h()` takes `onConnectSuccess`; templates write `@connect-success` as usual.
 */
type Emits<M extends Record<string, Event>> = { [K in keyof M]: (event: M[K]) => true };
const emitsOf = <M extends Record<string, Event>>(names: (keyof M & string)[]) => Object.fromEntries(names.map((name) => [name, () => true])) as unknown as Emits<M>;

/**
 * One wrapper: a component rendering `tag` with the given props set as properties (only those the host
 * gave, so the element keeps its defaults) and `events` re-emitted. Adding an element is one call.
 */
function wrap<Props extends ComponentObjectPropsOptions, M extends Record<string, Event>>(name: string, tag: string, props: Props, events: Emits<M>) {
  return defineComponent({
    name,
    props,
    emits: events,
    slots: Object as SlotsType<{ default?: () => unknown }>,
    setup(properties, { emit, expose, slots }) {
      const element = ref<HTMLElement>();
      const handlers = Object.keys(events).map((name) => {
        const type = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        return [type, (event: Event) => (emit as (n: string, e: Event) => void)(name, event)] as const;
      });
      onMounted(() => handlers.forEach(([type, handler]) => element.value?.addEventListener(type, handler)));
      onBeforeUnmount(() => handlers.forEach(([type, handler]) => element.value?.removeEventListener(type, handler)));
      /** The element itself, for its methods (`submit()`, `reset()`, `getValue()`). */
      expose({ element });
      const server = typeof window === 'undefined';
      return () => {
        const bound: Record<string, unknown> = { ref: element };
        for (const key of Object.keys(props)) {
          const value = (properties as Record<string, unknown>)[key];
          // `.name` makes Vue set a DOM property, not an attribute. On the server there is no element:
          // the properties are set when the client hydrates.
          if (value !== undefined && !server) bound[`.${key}`] = value;
        }
        return h(tag, bound, slots.default?.() as never);
      };
    },
  });
}

/** The widget's events: `<connect-widget>` emits them, and `<connect-catalog>` re-emits those of the widget it opens. */
type WidgetEvents = {
  connectReady: Events.ConnectReadyEvent;
  connectOptionChange: Events.ConnectOptionChangeEvent;
  connectSubmit: Events.ConnectSubmitEvent;
  connectSuccess: Events.ConnectSuccessEvent;
  connectError: Events.ConnectErrorEvent;
  connectCancel: Events.ConnectCancelEvent;
};
const WIDGET_EVENTS: (keyof WidgetEvents)[] = ['connectReady', 'connectOptionChange', 'connectSubmit', 'connectSuccess', 'connectError', 'connectCancel'];

/** `<connect-widget>`: a connector's auth form, its options, the OAuth popup and the token endpoint. */
export const ConnectWidget = wrap(
  'ConnectWidget',
  'connect-widget',
  {
    connector: prop<object>(),
    connectorUrl: prop<string>(),
    tokenEndpoint: prop<string>(),
    option: prop<string>(),
    lockOption: flag(),
    connectionId: prop<string>(),
    context: prop<ConnectWidgetElement['context']>(),
    values: prop<ConnectWidgetElement['values']>(),
    headers: prop<ConnectWidgetElement['headers']>(),
    credentials: prop<ConnectWidgetElement['credentials']>(),
    redirectUri: prop<string>(),
    locale: prop<string>(),
    theme: prop<ConnectWidgetElement['theme']>(),
    timeout: prop<number>(),
    oauthTimeout: prop<number>(),
  },
  emitsOf<WidgetEvents>(WIDGET_EVENTS),
);

/** `<connect-form>`: a JSON Schema form on its own; on `connect-form-submit`, read the values from the exposed `element.getValue()`. */
export const ConnectForm = wrap(
  'ConnectForm',
  'connect-form',
  {
    schema: prop<object>(),
    values: prop<ConnectFormElement['values']>(),
    fixed: prop<ConnectFormElement['fixed']>(),
    submitLabel: prop<string>(),
    busy: flag(),
    disabled: flag(),
  },
  emitsOf<{ connectFormSubmit: Events.ConnectFormSubmitEvent; connectError: Events.ConnectErrorEvent }>(['connectFormSubmit', 'connectError']),
);

/** `<connect-catalog>`: a searchable grid of connectors that opens `<connect-widget>` for the one chosen; the widget's events are re-emitted too. */
export const ConnectCatalog = wrap(
  'ConnectCatalog',
  'connect-catalog',
  {
    connectors: prop<object[]>(),
    connectorsUrl: prop<string>(),
    connections: prop<ConnectCatalogElement['connections']>(),
    allowDisconnect: flag(),
    selected: prop<string>(),
    selectedOption: prop<string>(),
    mode: prop<ConnectCatalogElement['mode']>(),
    tokenEndpoint: prop<string>(),
    headers: prop<ConnectCatalogElement['headers']>(),
    credentials: prop<ConnectCatalogElement['credentials']>(),
    context: prop<ConnectCatalogElement['context']>(),
    redirectUri: prop<string>(),
    locale: prop<string>(),
    theme: prop<ConnectCatalogElement['theme']>(),
  },
  emitsOf<WidgetEvents & { connectSelect: Events.ConnectSelectEvent; connectDisconnect: Events.ConnectDisconnectEvent }>(['connectSelect', 'connectDisconnect', ...WIDGET_EVENTS]),
);

/** Every component, by the name the plugin registers it under. */
export const components = { ConnectWidget, ConnectForm, ConnectCatalog };

/**
 * `app.use(ConnectWidgetPlugin)` registers the components globally: templates may then write
 * `<ConnectWidget>` or `<connect-widget>` (Vue resolves the kebab-case name to the component first).
 */
export const ConnectWidgetPlugin = {
  install(app: App): void {
    for (const [name, component] of Object.entries(components)) app.component(name, component);
  },
};

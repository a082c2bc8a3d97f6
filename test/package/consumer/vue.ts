// The Vue wrapper under a strict TypeScript consumer: typed props, typed emits, the plugin.
import { createApp, h } from 'vue';
import { ConnectCatalog, ConnectForm, ConnectWidget, ConnectWidgetPlugin, openConnect, type Connector } from 'connect-widget/vue';

declare const connector: Connector;

export const widget = h(ConnectWidget, {
  connector,
  tokenEndpoint: '/api/connect',
  context: { projectId: 'p1' },
  lockOption: true,
  timeout: 5000,
  onConnectSuccess: (e) => console.log(e.detail.connection),
  onConnectError: (e) => console.log(e.detail.code, e.detail.message),
  onConnectCancel: (e) => console.log(e.detail.reason),
});
export const form = h(ConnectForm, { schema: { type: 'object' }, submitLabel: 'Save' });
export const catalog = h(ConnectCatalog, { connectors: [connector], tokenEndpoint: '/api/connect', onConnectSelect: (e) => console.log(e.detail.connector) });
// @ts-expect-error timeout is a number
export const wrong = h(ConnectWidget, { timeout: 'soon' });

createApp({ render: () => widget }).use(ConnectWidgetPlugin);
export const open = () => openConnect({ connector, tokenEndpoint: '/api/connect' });

// A strict TypeScript consumer of every entry but the wrappers: compiled by the package tests
// against the installed tarball, with moduleResolution bundler and node16. `@ts-expect-error`
// lines hold that the types refuse what the elements refuse.
import 'connect-widget';
import { openConnect, type ConnectErrorDetail, type Connection, type Connector } from 'connect-widget';
import { ConnectCatalog, ConnectForm, ConnectWidget } from 'connect-widget/elements';
import 'connect-widget/callback';
import { createTokenEndpoint, FieldErrors, toNodeHandler } from 'connect-widget/server';

const connector: Connector = { key: 'example-app', name: 'Example App', auth: { type: 'client-credentials' } };

const widget = document.createElement('connect-widget');
widget.connector = connector;
widget.tokenEndpoint = '/api/connect';
widget.headers = async () => ({ 'X-CSRF-Token': 'token' });
widget.addEventListener('connect-success', (e) => {
  const connection: Record<string, unknown> = e.detail.connection;
  console.log(connection);
});
widget.addEventListener('connect-error', (e) => {
  const detail: ConnectErrorDetail = e.detail;
  console.log(detail.code, detail.fieldErrors?.[0]?.pointer);
});
// @ts-expect-error timeout is a number of milliseconds
widget.timeout = 'soon';

export const classes: CustomElementConstructor[] = [ConnectCatalog, ConnectForm, ConnectWidget];
export const opened: Promise<Connection> = openConnect({ connector, tokenEndpoint: '/api/connect' });

export const handler = toNodeHandler(
  createTokenEndpoint({
    connectors: [connector],
    allowedOrigins: ['https://app.example.com'],
    onCredentials: async ({ fields }) => {
      if (!fields.apiKey) throw new FieldErrors([{ pointer: '/fields/apiKey', detail: 'Rejected' }]);
      return { id: 'conn_1' };
    },
  }),
);

// The demo host page: a SaaS "Integrations" screen. It lists the connectors, opens the widget in a
// dialog to connect one, and lists the connected accounts with Reconnect and Disconnect. Plain DOM,
// text only (no innerHTML), as the page's Trusted Types policy requires.
import { openConnect, pendingConnectRedirect } from '/dist/connect-widget.js';

const TOKEN_ENDPOINT = '/api/connect';
const REDIRECT_URI = new URL('/callback.html', location.href).href;

const connectorList = document.getElementById('connectors');
const connectionList = document.getElementById('connections');
const noConnections = document.getElementById('no-connections');
const status = document.getElementById('status');

let connectors = [];

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function describe(connector) {
  const options = connector.auth.options ? Object.values(connector.auth.options) : [connector.auth];
  const oauth = options.some((o) => o.type === 'oauth2' || o.type === 'oauth1');
  const form = options.some((o) => o.type !== 'oauth2' && o.type !== 'oauth1');
  return oauth && form ? 'API key or sign-in' : oauth ? 'Sign in with OAuth' : 'API credentials';
}

async function connect(connector, extra = {}) {
  status.textContent = '';
  try {
    const connection = await openConnect({
      connector,
      tokenEndpoint: TOKEN_ENDPOINT,
      redirectUri: REDIRECT_URI,
      label: `Connect ${connector.name}`,
      ...extra,
    });
    status.textContent = `${connector.name} is connected (${connection.label}).`;
  } catch (error) {
    // The dialog showed the details; the page notes only how it ended.
    status.textContent = error.code === 'cancelled' ? `Connecting ${connector.name} was cancelled.` : `${connector.name} could not be connected: ${error.message}`;
  }
  await refresh();
}

function renderConnectors() {
  connectorList.replaceChildren(
    ...connectors.map((connector) => {
      const button = el('button', { type: 'button', textContent: 'Connect' });
      button.setAttribute('aria-label', `Connect ${connector.name}`);
      button.addEventListener('click', () => connect(connector));
      return el('li', {}, el('span', { className: 'name', textContent: connector.name }), el('span', { className: 'kind', textContent: describe(connector) }), button);
    }),
  );
}

async function refresh() {
  const list = await (await fetch('/api/connections')).json();
  noConnections.hidden = list.length > 0;
  connectionList.replaceChildren(
    ...list.map((connection) => {
      const connector = connectors.find((c) => c.key === connection.connector);
      const name = connector?.name ?? connection.connector;
      const reconnect = el('button', { type: 'button', className: 'secondary', textContent: 'Reconnect' });
      reconnect.setAttribute('aria-label', `Reconnect ${name}`);
      reconnect.addEventListener('click', () =>
        connect(connector, { connectionId: connection.id, ...(connection.option ? { option: connection.option, lockOption: true } : {}) }),
      );
      const disconnect = el('button', { type: 'button', className: 'secondary', textContent: 'Disconnect' });
      disconnect.setAttribute('aria-label', `Disconnect ${name}`);
      disconnect.addEventListener('click', async () => {
        const res = await fetch(`/api/connections/${encodeURIComponent(connection.id)}`, { method: 'DELETE' });
        status.textContent = res.ok ? `${name} was disconnected.` : `${name} could not be disconnected.`;
        await refresh();
      });
      const item = el('li', {}, el('span', { className: 'name', textContent: name }), el('span', { className: 'label', textContent: connection.label }), reconnect, disconnect);
      item.dataset.connection = connection.id;
      return item;
    }),
  );
}

connectors = await (await fetch('/api/connectors')).json();
renderConnectors();
await refresh();

// Back from "Continue in this window" (the browser blocked the sign-in popup): open the dialog
// again for that connector, and the widget finishes the sign-in.
const pending = pendingConnectRedirect();
const resumed = pending && connectors.find((c) => c.key === pending.connector);
if (resumed) void connect(resumed, pending.option ? { option: pending.option, lockOption: true } : {});

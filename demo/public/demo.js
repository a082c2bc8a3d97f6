// The demo host page: a SaaS "Integrations" screen. A <connect-catalog> lists the connectors (the
// real ones and a few hundred made up), opens the widget for the one chosen, and shows the accounts
// already connected (its `connections`, from this app's API) with Reconnect, Add another and Disconnect.
// Plain DOM, text only (no innerHTML), as the page's Trusted Types policy requires.
import { pendingConnectRedirect } from '/dist/connect-widget.js';

const catalog = document.getElementById('catalog');
const status = document.getElementById('status');

catalog.redirectUri = new URL('/callback.html', location.href).href;

let connectors = [];
const nameOf = (key) => connectors.find((c) => c.key === key)?.name ?? key;

/** The connected accounts, as this app stores them: `{ id, connector, option, label }` each. */
async function refresh() {
  catalog.connections = await (await fetch('/api/connections')).json();
}

catalog.addEventListener('connect-select', () => {
  status.textContent = '';
});
// Disconnect: this app deletes the connection, then gives the catalog the list without it.
catalog.addEventListener('connect-disconnect', async (e) => {
  const { connector, id } = e.detail;
  const res = await fetch(`/api/connections/${encodeURIComponent(id)}`, { method: 'DELETE' });
  status.textContent = res.ok ? `${nameOf(connector)} is disconnected.` : `${nameOf(connector)} could not be disconnected (${res.status}).`;
  await refresh();
});
catalog.addEventListener('connect-success', async (e) => {
  const { connection } = e.detail;
  status.textContent = `${nameOf(connection.connector)} is connected (${connection.label}).`;
  await refresh();
});

connectors = await (await fetch('/api/connectors')).json();
catalog.connectors = connectors;
await refresh();

// Back from "Continue in this window" (the browser blocked the sign-in popup): open that connector
// again, and its widget finishes the sign-in.
const pending = pendingConnectRedirect();
if (pending && connectors.some((c) => c.key === pending.connector)) catalog.select(pending.connector, pending.option ? { option: pending.option } : {});

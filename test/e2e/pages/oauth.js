// Test page for the OAuth end-to-end tests: one <connect-widget> per key in ?widgets=a,b (same key
// twice gives two widgets for one connector), on the demo app's origin, with its token endpoint and
// callback page. Every connect-* event is recorded in window.events (details hold no secrets).
import '/dist/connect-widget.js';

// Set before the first await: the load event can fire while this module still waits for the connectors.
window.events = [];
const query = new URLSearchParams(location.search);
const keys = (query.get('widgets') ?? 'example-helpdesk').split(',');
const connectors = await (await fetch('/api/connectors')).json();
const log = document.getElementById('log');

keys.forEach((key, index) => {
  const [connectorKey, option] = key.split(':');
  const widget = document.createElement('connect-widget');
  widget.id = `w${index}`;
  widget.connector = connectors.find((c) => c.key === connectorKey);
  widget.setAttribute('token-endpoint', '/api/connect');
  widget.setAttribute('redirect-uri', query.get('redirect') ?? '/callback.html');
  if (option) widget.option = option;
  if (query.get('oauthTimeout')) widget.oauthTimeout = Number(query.get('oauthTimeout'));
  for (const type of ['connect-ready', 'connect-submit', 'connect-success', 'connect-error', 'connect-cancel']) {
    widget.addEventListener(type, (e) => {
      window.events.push({ widget: widget.id, type, detail: e.detail });
      log.append(Object.assign(document.createElement('li'), { textContent: `${widget.id} ${type} ${JSON.stringify(e.detail)}` }));
    });
  }
  document.getElementById('widgets').append(widget);
});

// connect-widget's adapter: the page loads the script-tag build (dist/connect-widget.js) itself,
// exactly as a host page does; this only mounts <connect-widget> and finds its controls.
const CONTROL = 'input:not([type=hidden]), select, textarea';
const formOf = (widget) => widget.shadowRoot?.querySelector('connect-form')?.shadowRoot ?? null;

window.benchAdapter = {
  name: 'connect-widget',
  ready: customElements.whenDefined('connect-widget'),
  mount(c, container) {
    const el = document.createElement('connect-widget');
    el.setAttribute('token-endpoint', '/api/connect');
    el.setAttribute('redirect-uri', '/callback.html');
    el.connector = c.connector;
    container.append(el);
    return el;
  },
  unmount(el) {
    el.remove();
  },
  firstInput: (el) => formOf(el)?.querySelector(CONTROL) ?? null,
  errorOf: (el, input) => formOf(el)?.getElementById(`${input.id}-error`) ?? null,
  scope: (el) => formOf(el),
};

// The demo's React page: examples/react/Integrations.tsx (the README's React snippet) in a small
// React app. Choosing another app re-renders the same component with a new connector; "Show the
// form" mounts and unmounts it. With `?view=catalog` the page is examples/react/Catalog.tsx instead
// (every connector, the connected accounts, Disconnect). The package tests build this page against
// the packed package, once with React 19 and once with React 18.
import { StrictMode, useEffect, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import type { Connector } from 'connect-widget/react';
import { Integrations } from '../../examples/react/Integrations';
import { Catalog } from '../../examples/react/Catalog';

function App() {
  const [connectors, setConnectors] = useState<Connector[]>([]);
  const [key, setKey] = useState(new URLSearchParams(location.search).get('connector') ?? 'example-app');
  const [shown, setShown] = useState(true);
  useEffect(() => {
    void fetch('/api/connectors')
      .then((res) => res.json())
      .then(setConnectors);
  }, []);
  const connector = connectors.find((c) => c.key === key);
  if (new URLSearchParams(location.search).get('view') === 'catalog') {
    return (
      <>
        <h1>Catalog (React {version})</h1>
        {connectors.length > 0 && <Catalog connectors={connectors} />}
      </>
    );
  }
  return (
    <>
      <h1>Integrations (React {version})</h1>
      <p className="lead">
        <label>
          App{' '}
          <select value={key} onChange={(e) => setKey(e.target.value)}>
            {connectors.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show the form
        </label>
      </p>
      {shown && connector && <Integrations connector={connector} />}
    </>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

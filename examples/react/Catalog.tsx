import { useEffect, useState } from 'react';
import { ConnectCatalog, type Connector } from 'connect-widget/react';

type Connection = { id: string; connector: string; label?: string; status?: string; option?: string };

/** Every connector your app offers, and the accounts already connected (both from your own API). */
export function Catalog({ connectors }: { connectors: Connector[] }) {
  const [connections, setConnections] = useState<Connection[]>([]);
  const refresh = () =>
    fetch('/api/connections')
      .then((res) => res.json())
      .then(setConnections);
  useEffect(() => void refresh(), []);
  return (
    <ConnectCatalog
      connectors={connectors}
      connections={connections}
      allowDisconnect
      tokenEndpoint="/api/connect"
      redirectUri="/callback.html"
      onConnectSuccess={() => void refresh()}
      onConnectDisconnect={async (e) => {
        await fetch(`/api/connections/${encodeURIComponent(e.detail.id)}`, { method: 'DELETE' });
        await refresh();
      }}
    />
  );
}

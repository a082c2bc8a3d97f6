import { useState } from 'react';
import { ConnectWidget, type Connector } from 'connect-widget/react';

/** Connects one account. `connector` is the connector's definition, e.g. from your own API. */
export function Integrations({ connector }: { connector: Connector }) {
  const [connection, setConnection] = useState<Record<string, unknown> | null>(null);
  const [problem, setProblem] = useState('');
  return (
    <section>
      <ConnectWidget
        connector={connector}
        tokenEndpoint="/api/connect"
        redirectUri="/callback.html"
        headers={{ 'X-Requested-With': 'connect-widget' }}
        context={{ projectId: 'proj_123' }}
        onConnectSuccess={(e) => setConnection(e.detail.connection)}
        onConnectError={(e) => setProblem(e.detail.message)}
      />
      {connection && <p role="status">Connected: {String(connection.label ?? connection.id)}</p>}
      {problem && <p>{problem}</p>}
    </section>
  );
}

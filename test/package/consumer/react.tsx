// The React wrapper under a strict TypeScript consumer: typed props and typed event props.
import { useRef } from 'react';
import { ConnectCatalog, ConnectForm, ConnectWidget, openConnect, type Connector } from 'connect-widget/react';

declare const connector: Connector;

export function Typed() {
  const form = useRef<HTMLElementTagNameMap['connect-form']>(null);
  return (
    <>
      <ConnectWidget
        connector={connector}
        tokenEndpoint="/api/connect"
        context={{ projectId: 'p1' }}
        values={{ subdomain: 'acme' }}
        headers={() => ({ 'X-CSRF-Token': 'token' })}
        timeout={5000}
        onConnectReady={(e) => e.detail.option}
        onConnectOptionChange={(e) => e.detail.option}
        onConnectSubmit={(e) => e.preventDefault()}
        onConnectSuccess={(e) => e.detail.connection}
        onConnectError={(e) => e.detail.code}
        onConnectCancel={(e) => e.detail.reason}
      />
      <ConnectForm ref={form} schema={{ type: 'object' }} onConnectFormSubmit={() => form.current?.getValue()} />
      <ConnectCatalog connectors={[connector]} tokenEndpoint="/api/connect" onConnectSelect={(e) => e.detail.connector} onConnectSuccess={(e) => e.detail.connection} />
      {/* @ts-expect-error connect-select's detail has no option */}
      <ConnectCatalog onConnectSelect={(e) => e.detail.option} />
      {/* @ts-expect-error timeout is a number */}
      <ConnectWidget timeout="soon" />
      {/* @ts-expect-error connect-error's detail has no connection */}
      <ConnectWidget onConnectError={(e) => e.detail.connection} />
    </>
  );
}

export const open = () => openConnect({ connector, tokenEndpoint: '/api/connect' });

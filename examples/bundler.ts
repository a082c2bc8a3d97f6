import { ConnectError, openConnect, type Connector } from 'connect-widget'; // also registers the elements

/** Connects one account in a modal dialog: the new connection, or null when the user closed it. */
export async function connect(connector: Connector) {
  try {
    return await openConnect({ connector, tokenEndpoint: '/api/connect', redirectUri: '/callback.html' });
  } catch (error) {
    // Else a connect-error code, such as `invalid-connector`; the dialog showed what the user can fix.
    if (error instanceof ConnectError && error.code === 'cancelled') return null;
    throw error;
  }
}

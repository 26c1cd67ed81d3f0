/**
 * Where the API is and how to get a token: from the desktop bridge inside Electron, or from the
 * local server's /connection.json when the same app is served to a plain browser.
 */
import { decodeJWT } from '@aws-amplify/core';
import type { Connection, DesktopApi } from '../../../bridge';

/** What /connection.json answers: the local connection and a token for its owner. */
type ServedConnection = Connection & { readonly token: string };

export interface Session {
  readonly connection: Connection;
  /** The desktop bridge, or null in a plain browser. */
  readonly bridge: DesktopApi | null;
  /** A valid access token, refreshed when it is about to expire. */
  accessToken(): Promise<string>;
}

// A token this close to its expiry is replaced before it is used.
const EXPIRY_MARGIN_S = 60;

const expiresSoon = (token: string): boolean => {
  const exp = decodeJWT(token).payload.exp;
  return typeof exp === 'number' && exp - EXPIRY_MARGIN_S < Date.now() / 1000;
};

const fetchServed = async (): Promise<ServedConnection> => {
  const response = await fetch('/connection.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`the local server did not give a connection (HTTP ${response.status})`);
  }
  return (await response.json()) as ServedConnection;
};

/** Finds the connection for this window; throws with a message fit for the start screen. */
export const openSession = async (): Promise<Session> => {
  const bridge = window.stockmate ?? null;
  if (bridge !== null) {
    return {
      connection: await bridge.connection(),
      bridge,
      accessToken: () => bridge.accessToken(),
    };
  }
  if (location.protocol === 'file:') {
    throw new Error('this page needs the Stock-Mate desktop app or its local server');
  }
  let served = await fetchServed();
  const { token: _token, ...connection } = served;
  return {
    connection,
    bridge: null,
    accessToken: async () => {
      if (expiresSoon(served.token)) served = await fetchServed();
      return served.token;
    },
  };
};

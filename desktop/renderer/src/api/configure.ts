/** Amplify set up for one session: the GraphQL endpoint and user-pool tokens from the session. */
import { decodeJWT } from '@aws-amplify/core';
import { Amplify } from 'aws-amplify';
import { toLocalWebSocketUrl } from '../../../../cloud/local/websocket-url';
import type { Session } from './connection';

let wrapped = false;

/**
 * Amplify always opens `wss://…/realtime`; the embedded server speaks plain WebSocket on loopback.
 * Only in local mode is the browser's WebSocket wrapped, and it changes only loopback URLs.
 */
const useLocalWebSocket = (): void => {
  if (wrapped) return;
  wrapped = true;
  const Native = window.WebSocket;
  class LocalWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(toLocalWebSocketUrl(String(url)), protocols);
    }
  }
  window.WebSocket = LocalWebSocket;
};

export const configureAmplify = (session: Session): void => {
  const { connection } = session;
  if (connection.mode === 'local') useLocalWebSocket();
  Amplify.configure(
    {
      API: {
        GraphQL: {
          endpoint: connection.endpoint,
          region: connection.mode === 'cloud' ? connection.region : 'us-east-1',
          defaultAuthMode: 'userPool',
        },
      },
    },
    {
      Auth: {
        tokenProvider: {
          getTokens: async () => ({ accessToken: decodeJWT(await session.accessToken()) }),
        },
      },
    },
  );
};

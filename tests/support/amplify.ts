/**
 * The real Amplify v6 client against a local backend, as the desktop configures it in local mode:
 * user-pool auth with the local token, and `wss://127.0.0.1…` mapped to `ws://`.
 */
import { decodeJWT } from '@aws-amplify/core';
import { Amplify } from 'aws-amplify';
import { CONNECTION_STATE_CHANGE, ConnectionState, generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import WebSocket from 'ws';
import { toLocalWebSocketUrl } from '../../cloud/local/websocket-url';

class LocalWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(toLocalWebSocketUrl(String(url)), protocols);
  }
}

interface Observable<T> {
  subscribe(observer: { next: (value: T) => void; error: (error: unknown) => void }): {
    unsubscribe(): void;
  };
}

const original = globalThis.WebSocket;

/** Points Amplify at a local backend; call `restore` when done. */
export const useLocalBackend = (endpoint: string, token: () => string) => {
  globalThis.WebSocket = LocalWebSocket as unknown as typeof globalThis.WebSocket;
  Amplify.configure(
    { API: { GraphQL: { endpoint, region: 'us-east-1', defaultAuthMode: 'userPool' } } },
    {
      Auth: {
        tokenProvider: { getTokens: () => Promise.resolve({ accessToken: decodeJWT(token()) }) },
      },
    },
  );
  const client = generateClient();
  return {
    /** A query or mutation; throws with the API's errors when it fails. */
    run: async <T = Record<string, unknown>>(
      query: string,
      variables: Record<string, unknown> = {},
    ): Promise<T> => {
      try {
        const result: unknown = await client.graphql({ query, variables });
        return (result as { data: T }).data;
      } catch (error) {
        const errors = (error as { errors?: { errorType?: string; message: string }[] }).errors;
        throw new Error(
          errors?.map((e) => `${e.errorType ?? ''}: ${e.message}`).join('; ') ?? String(error),
          { cause: error },
        );
      }
    },
    /** Subscribes and resolves once the subscription is established; events collect in `received`. */
    subscribe: async <T>(query: string, variables: Record<string, unknown>) => {
      const received: T[] = [];
      const failures: unknown[] = [];
      const listeners = new Set<() => void>();
      const connected = new Promise<void>((resolve) => {
        const stop = Hub.listen('api', ({ payload }) => {
          const state = (payload.data as { connectionState?: string } | undefined)?.connectionState;
          if (payload.event === CONNECTION_STATE_CHANGE && state === ConnectionState.Connected) {
            stop();
            resolve();
          }
        });
      });
      const subscription = (
        client.graphql({ query, variables }) as unknown as Observable<{ data: T }>
      ).subscribe({
        next: (event) => {
          received.push(event.data);
          for (const listener of listeners) listener();
        },
        error: (error) => failures.push(error),
      });
      await connected;
      return {
        received,
        failures,
        /** Resolves with the first event (seen or to come) that matches, or rejects after `ms`. */
        until: (match: (event: T) => boolean, ms = 10_000) =>
          new Promise<T>((resolve, reject) => {
            const check = () => {
              const found = received.find(match);
              if (found !== undefined) {
                listeners.delete(check);
                clearTimeout(timer);
                resolve(found);
              }
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              reject(
                new Error(
                  `no matching event within ${ms} ms; received ${JSON.stringify(received)}`,
                ),
              );
            }, ms);
            listeners.add(check);
            check();
          }),
        unsubscribe: () => subscription.unsubscribe(),
      };
    },
    restore: () => {
      globalThis.WebSocket = original;
    },
  };
};

export const ON_NOTIFICATION = `subscription OnNotification($tenantId: ID!) {
  onNotification(tenantId: $tenantId) {
    tenantId notificationId kind severity title productId purchaseOrderId numbers advice adviceSource createdAt readAt
  }
}`;

export interface NotificationEvent {
  onNotification: {
    tenantId: string;
    notificationId: string;
    kind: string;
    severity: string;
    title: string;
    productId: string | null;
    purchaseOrderId: string | null;
    numbers: string;
    advice: string | null;
    adviceSource: string;
  };
}

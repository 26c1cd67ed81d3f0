import { randomUUID } from 'node:crypto';
import { decodeJWT } from '@aws-amplify/core';
import { Amplify } from 'aws-amplify';
import { CONNECTION_STATE_CHANGE, ConnectionState, generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBackend } from '../../../cloud/local/backend';
import { LOCAL_TENANT, startLocalBackend } from '../../../cloud/local/backend';
import { toLocalWebSocketUrl } from '../../../cloud/local/websocket-url';
import { onStockChanged, tempDir } from './support';

/** What the desktop ships for local mode: Amplify's `wss://127.0.0.1…` becomes `ws://`. */
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
interface StockChangeEvent {
  data: {
    onStockChanged: {
      tenantId: string;
      levels: { productId: string; warehouseId: string; onHand: number }[];
    };
  };
}
interface Result {
  data: Record<string, unknown>;
}

const dir = tempDir('amplify');
const originalWebSocket = globalThis.WebSocket;
let backend: LocalBackend;

beforeAll(async () => {
  backend = await startLocalBackend({ dataDir: dir.path, log: () => undefined });
  globalThis.WebSocket = LocalWebSocket as unknown as typeof globalThis.WebSocket;
  const token = backend.token;
  Amplify.configure(
    {
      API: {
        GraphQL: { endpoint: backend.endpoint, region: 'us-east-1', defaultAuthMode: 'userPool' },
      },
    },
    {
      Auth: {
        tokenProvider: { getTokens: () => Promise.resolve({ accessToken: decodeJWT(token) }) },
      },
    },
  );
});

afterAll(async () => {
  await backend?.close();
  globalThis.WebSocket = originalWebSocket;
  dir.remove();
});

describe('the real Amplify v6 client against the local backend', () => {
  it('subscribes, mutates over HTTP, hears the stock change and reads it back', async () => {
    const client = generateClient();
    const run = async (query: string, variables: Record<string, unknown> = {}) =>
      ((await client.graphql({ query, variables })) as Result).data;

    const connected = new Promise<void>((resolve) => {
      const stop = Hub.listen('api', ({ payload }) => {
        const state = (payload.data as { connectionState?: string } | undefined)?.connectionState;
        if (payload.event === CONNECTION_STATE_CHANGE && state === ConnectionState.Connected) {
          stop();
          resolve();
        }
      });
    });
    const changes: StockChangeEvent[] = [];
    const failures: unknown[] = [];
    let heard: (() => void) | null = null;
    const subscription = (
      client.graphql({
        query: onStockChanged,
        variables: { tenantId: LOCAL_TENANT },
      }) as unknown as Observable<StockChangeEvent>
    ).subscribe({
      next: (event) => {
        changes.push(event);
        heard?.();
      },
      error: (error) => failures.push(error),
    });
    try {
      await connected;

      const warehouse = await run(
        `mutation W($input: CreateWarehouseInput!) { createWarehouse(input: $input) { warehouses { warehouseId } } }`,
        { input: { idempotencyKey: `amp-${randomUUID()}`, code: 'AMP', name: 'Amplify' } },
      );
      const warehouseId = (
        warehouse['createWarehouse'] as { warehouses: { warehouseId: string }[] }
      ).warehouses[0]?.warehouseId;
      const product = await run(
        `mutation P($input: RegisterProductInput!) { registerProduct(input: $input) { products { productId sku } } }`,
        {
          input: {
            idempotencyKey: `amp-${randomUUID()}`,
            sku: 'AMP-1',
            name: 'Amplified widget',
            unitCost: { amountMinor: 199, currency: 'EUR' },
          },
        },
      );
      const productId = (product['registerProduct'] as { products: { productId: string }[] })
        .products[0]?.productId;

      const arrived = (): StockChangeEvent | undefined =>
        changes.find((c) =>
          c.data.onStockChanged.levels.some((l) => l.productId === productId && l.onHand === 7),
        );
      const heardIt = new Promise<void>((resolve) => {
        heard = () => {
          if (arrived() !== undefined) resolve();
        };
      });
      await run(
        `mutation R($input: ReceiveStockInput!) { receiveStock(input: $input) { stockLevels { onHand } } }`,
        { input: { idempotencyKey: `amp-${randomUUID()}`, productId, warehouseId, quantity: 7 } },
      );
      await heardIt;
      expect(arrived()?.data.onStockChanged).toMatchObject({
        tenantId: LOCAL_TENANT,
        levels: [{ productId, warehouseId, onHand: 7 }],
      });

      const listed = await run(
        `query { products(filter: { search: "AMP-1" }) { total items { productId sku stock { onHand available } } } }`,
      );
      expect(listed['products']).toMatchObject({
        total: 1,
        items: [{ productId, sku: 'AMP-1', stock: { onHand: 7, available: 7 } }],
      });
      expect(failures).toEqual([]);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe('toLocalWebSocketUrl', () => {
  it('maps wss:// on this computer to ws://, keeping port, path and query', () => {
    expect(toLocalWebSocketUrl('wss://127.0.0.1:4321/graphql/realtime?x=1')).toBe(
      'ws://127.0.0.1:4321/graphql/realtime?x=1',
    );
    expect(toLocalWebSocketUrl('wss://localhost:9/graphql/realtime')).toBe(
      'ws://localhost:9/graphql/realtime',
    );
    expect(toLocalWebSocketUrl('wss://[::1]:9/graphql/realtime')).toBe(
      'ws://[::1]:9/graphql/realtime',
    );
  });

  it('leaves every other URL alone, including hosts that only look local', () => {
    for (const url of [
      'wss://abc.appsync-realtime-api.us-east-1.amazonaws.com/graphql',
      'wss://127.0.0.1.example.com/graphql/realtime',
      'wss://localhost@example.com/graphql/realtime',
      'ws://127.0.0.1:4321/graphql/realtime',
      'not a url',
    ]) {
      expect(toLocalWebSocketUrl(url)).toBe(url);
    }
  });
});

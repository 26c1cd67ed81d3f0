/**
 * Helpers for the local server's tests: temp folders, GraphQL over HTTP, a raw AppSync real-time
 * client on the `ws` package, and a few inventory commands to make stock move.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import WebSocket from 'ws';

/** A fresh folder under the system temp folder, and a way to remove it. */
export const tempDir = (prefix: string) => {
  const path = mkdtempSync(join(tmpdir(), `stockmate-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/** Makes fresh temp folders on demand (returns each one's path); removes them after the file's tests. */
export const tempDirs = (prefix: string): (() => string) => {
  const made: ReturnType<typeof tempDir>[] = [];
  afterAll(() => {
    for (const dir of made) dir.remove();
  });
  return () => {
    const dir = tempDir(prefix);
    made.push(dir);
    return dir.path;
  };
};

export interface ErrorEntry {
  readonly errorType: string;
  readonly message: string;
  readonly errorInfo?: { readonly fields?: readonly { field: string; message: string }[] } | null;
  readonly path?: readonly (string | number)[] | null;
  readonly locations?: readonly { line: number; column: number }[] | null;
  readonly errorCode?: number;
}

export interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly ErrorEntry[];
}

/** POSTs a GraphQL request as Amplify does (the token bare in Authorization). */
export const post = async (
  endpoint: string,
  token: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLBody; headers: Headers }> => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: token }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as GraphQLBody,
    headers: response.headers,
  };
};

/** A GraphQL call that must succeed; returns its data. */
export const gql = async (
  endpoint: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Record<string, unknown>> => {
  const { status, body } = await post(endpoint, token, { query, variables });
  if (status !== 200 || body.errors !== undefined || body.data === null) {
    throw new Error(`GraphQL call failed (${status}): ${JSON.stringify(body)}`);
  }
  return body.data ?? {};
};

const key = () => `test-${randomUUID()}`;

/** Makes a warehouse and a product and receives `quantity` of it; returns their ids. */
export const stockUp = async (endpoint: string, token: string, quantity: number) => {
  const w = await gql(
    endpoint,
    token,
    `mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouses { warehouseId } } }`,
    { i: { idempotencyKey: key(), code: `W${randomUUID().slice(0, 6)}`, name: 'Main' } },
  );
  const warehouseId = (w['createWarehouse'] as { warehouses: { warehouseId: string }[] })
    .warehouses[0]?.warehouseId;
  const p = await gql(
    endpoint,
    token,
    `mutation($i: RegisterProductInput!) { registerProduct(input: $i) { products { productId } } }`,
    {
      i: {
        idempotencyKey: key(),
        sku: `SKU-${randomUUID().slice(0, 8)}`,
        name: 'Widget',
        unitCost: { amountMinor: 250, currency: 'EUR' },
      },
    },
  );
  const productId = (p['registerProduct'] as { products: { productId: string }[] }).products[0]
    ?.productId;
  if (warehouseId === undefined || productId === undefined) throw new Error('seeding failed');
  await receive(endpoint, token, productId, warehouseId, quantity);
  return { warehouseId, productId };
};

/** Receives stock of a product into a warehouse. */
export const receive = (
  endpoint: string,
  token: string,
  productId: string,
  warehouseId: string,
  quantity: number,
) =>
  gql(
    endpoint,
    token,
    `mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { stockLevels { onHand } } }`,
    { i: { idempotencyKey: key(), productId, warehouseId, quantity } },
  );

export interface ServerMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: {
    readonly data?: Record<string, unknown> | null;
    readonly errors?: readonly ErrorEntry[];
    readonly connectionTimeoutMs?: number;
  };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** How a raw client presents its token when connecting. */
export type ConnectAuth =
  | { readonly via: 'subprotocol'; readonly token: string }
  | { readonly via: 'query'; readonly token: string }
  | { readonly via: 'raw-subprotocol'; readonly value: string };

/** A raw AppSync real-time client that records everything the server sends. */
export class RealtimeClient {
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString()) as ServerMessage);
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters) wake();
      }),
    );
  }

  /** Opens a socket to `url`, authorising it the way `auth` says. */
  static async connect(url: string, auth: ConnectAuth): Promise<RealtimeClient> {
    const host = new URL(url).host;
    const header =
      auth.via === 'raw-subprotocol' ? '' : b64url({ host, Authorization: auth.token });
    const target =
      auth.via === 'query'
        ? `${url}?header=${encodeURIComponent(Buffer.from(JSON.stringify({ host, Authorization: auth.token })).toString('base64'))}&payload=e30=`
        : url;
    const protocols =
      auth.via === 'query'
        ? ['graphql-ws']
        : ['graphql-ws', auth.via === 'subprotocol' ? `header-${header}` : auth.value];
    const ws = new WebSocket(target, protocols);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RealtimeClient(ws);
  }

  /** Opens and initialises a connection, returning once connection_ack arrived. */
  static async ready(url: string, token: string): Promise<RealtimeClient> {
    const client = await RealtimeClient.connect(url, { via: 'subprotocol', token });
    client.send({ type: 'connection_init' });
    await client.next((m) => m.type === 'connection_ack');
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends a start for `query` with its own authorization extension. */
  start(id: string, token: string, query: string, variables: Record<string, unknown> = {}): void {
    this.send({
      id,
      type: 'start',
      payload: {
        data: JSON.stringify({ query, variables }),
        extensions: { authorization: { Authorization: token, host: new URL(this.ws.url).host } },
      },
    });
  }

  /** Starts a subscription and waits for its start_ack. */
  async subscribe(id: string, token: string, query: string, variables?: Record<string, unknown>) {
    this.start(id, token, query, variables);
    const answer = await this.next(
      (m) => m.id === id && (m.type === 'start_ack' || m.type === 'error'),
    );
    if (answer.type !== 'start_ack')
      throw new Error(`start ${id} failed: ${JSON.stringify(answer)}`);
  }

  /** The first message (seen or still to come) matching `test`, taking it out of the record. */
  async next(test: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(test);
      if (index >= 0) return this.received.splice(index, 1)[0] as ServerMessage;
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`no matching message; received ${JSON.stringify(this.received)}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Whether a message matching `test` arrives within `ms`. */
  async receives(test: (m: ServerMessage) => boolean, ms: number): Promise<boolean> {
    try {
      await this.next(test, ms);
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close();
    }
  }
}

/** The onStockChanged subscription the desktop runs. */
export const onStockChanged = `subscription OnStock($tenantId: ID!) {
  onStockChanged(tenantId: $tenantId) {
    tenantId eventId command occurredAt
    levels { productId warehouseId onHand reserved available updatedAt }
  }
}`;

/** The levels a data message for onStockChanged carries. */
export const levelsOf = (message: ServerMessage) =>
  (
    message.payload?.data?.['onStockChanged'] as
      { levels: { productId: string; onHand: number }[] } | null | undefined
  )?.levels ?? [];

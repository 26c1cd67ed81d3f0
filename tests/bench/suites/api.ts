/**
 * The API over the local server, end to end: issueStock mutations per second from 16 concurrent
 * HTTP clients with p50/p99 latency; mutation-to-subscription delivery latency for 100 subscribed
 * clients; and how long a stock change takes to become a LOW_STOCK notification. On PGlite and,
 * when a server is running, node-postgres — beside a raw two-statement transaction loop, the two
 * measured in alternating rounds.
 *
 * The backend runs as `npm run backend` does, in a process of its own; the load comes from this
 * one, so the clients' work is not counted against the server. Where both share a small machine,
 * the clients still take their share of it: they speak plain HTTP/1.1 over kept-alive connections
 * (`node:http`), which costs well under half the CPU per request that `fetch` does.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresDriver } from '../../../cloud/db/adapters/postgres';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { LOCAL_TENANT } from '../../../cloud/local/backend';
import { onStockChanged, RealtimeClient } from '../../integration/local/support';
import { createTestDatabase, postgresAvailable } from '../../support/postgres-server';
import type { Loop } from '../side-by-side';
import { rawTransactions, sideBySide } from '../side-by-side';

const CLIENTS = 16;
/** The mutations, and beside them the raw loop, run 5 counted rounds of 1 s each: 5 s each in all. */
const ROUNDS = 5;
const ROUND_SECONDS = 1;
const SUBSCRIBERS = 100;
const DELIVERIES = 100;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const key = () => `bench-${randomUUID()}`;

/** Kept-alive connections, as many as there are clients. */
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

/** A GraphQL call over HTTP that must succeed; returns its data. */
const gql = (endpoint: string, token: string, query: string, variables: Record<string, unknown>) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const body = JSON.stringify({ query, variables });
    const req = request(
      endpoint,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: token,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            const answer = JSON.parse(text) as {
              data?: Record<string, unknown> | null;
              errors?: unknown;
            };
            if (res.statusCode !== 200 || answer.errors !== undefined || !answer.data)
              throw new Error('not a successful answer');
            resolve(answer.data);
          } catch {
            reject(new Error(`GraphQL call failed (${String(res.statusCode)}): ${text}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const ISSUE = `mutation ($i: IssueStockInput!) { issueStock(input: $i) { events { eventId } } }`;

interface Backend {
  readonly endpoint: string;
  readonly realtimeEndpoint: string;
  readonly token: string;
  readonly process: ChildProcess;
}

/** Starts `npm run backend`'s entry in a process of its own; resolves with its printed line. */
const startBackend = (dataDir: string, databaseUrl?: string) =>
  new Promise<Backend>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join('cloud', 'local', 'main.ts'),
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--rate-limit',
        '100000000',
      ],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
        // The embedded run is embedded even when the shell names a server.
        env: { ...process.env, DATABASE_URL: databaseUrl },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end >= 0)
        resolve({ ...(JSON.parse(out.slice(0, end)) as Omit<Backend, 'process'>), process: child });
    });
    child.on('exit', (code) => reject(new Error(`the backend exited with ${String(code)}`)));
  });

const stopBackend = (backend: Backend) =>
  new Promise<void>((resolve) => {
    backend.process.removeAllListeners('exit');
    backend.process.once('exit', () => resolve());
    backend.process.kill('SIGTERM');
  });

/** Waits until no workflow run is in progress, so one measurement does not pay for the last. */
const settle = async (backend: Backend) => {
  for (let quiet = 0; quiet < 2;) {
    await new Promise((r) => setTimeout(r, 100));
    const runs = (await gql(
      backend.endpoint,
      backend.token,
      `query { workflowRuns(limit: 100) { items { status } } }`,
      {},
    )) as { workflowRuns: { items: { status: string }[] } };
    quiet = runs.workflowRuns.items.some((r) => r.status === 'RUNNING') ? 0 : quiet + 1;
  }
};

const setUp = async (
  backend: Backend,
  products: number,
  options: { minStock?: number; stock?: number } = {},
) => {
  const call = (query: string, variables: Record<string, unknown>) =>
    gql(backend.endpoint, backend.token, query, variables);
  const warehouse = (await call(
    `mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouses { warehouseId } } }`,
    {
      i: { idempotencyKey: key(), code: `W${randomUUID().slice(0, 6)}`, name: 'Bench' },
    },
  )) as { createWarehouse: { warehouses: { warehouseId: string }[] } };
  const warehouseId = warehouse.createWarehouse.warehouses[0]!.warehouseId;
  const ids: string[] = [];
  for (let i = 0; i < products; i++) {
    const product = (await call(
      `mutation ($i: RegisterProductInput!) { registerProduct(input: $i) { products { productId } } }`,
      {
        i: {
          idempotencyKey: key(),
          sku: `B-${randomUUID().slice(0, 8)}`,
          name: 'Bench item',
          unitCost: { amountMinor: 100, currency: 'EUR' },
          ...(options.minStock === undefined ? {} : { minStock: options.minStock }),
        },
      },
    )) as { registerProduct: { products: { productId: string }[] } };
    const productId = product.registerProduct.products[0]!.productId;
    await call(`mutation ($i: ReceiveStockInput!) { receiveStock(input: $i) { replayed } }`, {
      i: {
        idempotencyKey: key(),
        productId,
        warehouseId,
        quantity: options.stock ?? 1_000_000_000,
      },
    });
    ids.push(productId);
  }
  await settle(backend);
  return { warehouseId, products: ids };
};

/** issueStock over HTTP from the clients, one product each; the latency of every request. */
const mutations = async (backend: Backend, latencies: number[]): Promise<Loop> => {
  const { warehouseId, products } = await setUp(backend, CLIENTS);
  return {
    concurrency: CLIENTS,
    step: async (worker) => {
      const t0 = performance.now();
      await gql(backend.endpoint, backend.token, ISSUE, {
        i: { idempotencyKey: key(), productId: products[worker], warehouseId, quantity: 1 },
      });
      latencies.push(performance.now() - t0);
    },
    // The workflows and notifications the mutations started.
    settle: () => settle(backend),
  };
};

/**
 * Mutations per second with their latencies; on node-postgres beside the raw loop, the two
 * measured in alternating rounds.
 */
const throughput = async (backend: Backend, databaseUrl?: string) => {
  const latencies: number[] = [];
  const issue = await mutations(backend, latencies);
  const driver =
    databaseUrl === undefined
      ? null
      : postgresDriver({ connectionString: databaseUrl, maxConnections: CLIENTS });
  try {
    const rates =
      driver === null
        ? { issue: (await sideBySide({ issue }, ROUNDS, ROUND_SECONDS)).issue, raw: null }
        : await sideBySide(
            { issue, raw: await rawTransactions(driver, CLIENTS) },
            ROUNDS,
            ROUND_SECONDS,
          );
    return {
      rate: rates.issue,
      raw: rates.raw,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await driver?.close();
  }
};

const delivery = async (backend: Backend) => {
  const { warehouseId, products } = await setUp(backend, 1);
  const productId = products[0]!;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const subscribers = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, async (_, i) => {
      const client = await RealtimeClient.ready(backend.realtimeEndpoint, backend.token);
      await client.subscribe(`s${i}`, backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
      client.ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as {
          type: string;
          payload?: { data?: { onStockChanged?: { eventId: string } } };
        };
        const eventId = message.payload?.data?.onStockChanged?.eventId;
        const at = eventId === undefined ? undefined : sentAt.get(eventId);
        if (message.type === 'data' && at !== undefined) latencies.push(performance.now() - at);
      });
      return client;
    }),
  );
  try {
    for (let i = 0; i < DELIVERIES; i++) {
      const t0 = performance.now();
      const result = (await gql(backend.endpoint, backend.token, ISSUE, {
        i: { idempotencyKey: key(), productId, warehouseId, quantity: 1 },
      })) as { issueStock: { events: { eventId: string }[] } };
      sentAt.set(result.issueStock.events[0]!.eventId, t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const expected = SUBSCRIBERS * DELIVERIES;
    for (let wait = 0; latencies.length < expected && wait < 100; wait++)
      await new Promise((r) => setTimeout(r, 50));
    return {
      delivered: latencies.length,
      expected,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    for (const s of subscribers) s.close();
    await settle(backend);
  }
};

/** From the mutation that crosses the reorder point to the LOW_STOCK notification on a socket. */
const notificationLatency = async (backend: Backend, runs: number) => {
  const { warehouseId, products } = await setUp(backend, runs, { minStock: 10, stock: 15 });
  const client = await RealtimeClient.ready(backend.realtimeEndpoint, backend.token);
  await client.subscribe(
    'n',
    backend.token,
    `subscription ($t: ID!) { onNotification(tenantId: $t) { kind productId } }`,
    {
      t: LOCAL_TENANT,
    },
  );
  const latencies: number[] = [];
  try {
    for (const productId of products) {
      const t0 = performance.now();
      await gql(backend.endpoint, backend.token, ISSUE, {
        i: { idempotencyKey: key(), productId, warehouseId, quantity: 8 },
      });
      await client.next((m) => {
        const n = m.payload?.data?.['onNotification'] as
          { kind: string; productId: string } | undefined;
        return m.type === 'data' && n?.kind === 'LOW_STOCK' && n.productId === productId;
      });
      latencies.push(performance.now() - t0);
      await settle(backend);
    }
  } finally {
    client.close();
  }
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
};

const measure = async (label: string, databaseUrl?: string) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stockmate-bench-api-'));
  const backend = await startBackend(dataDir, databaseUrl);
  try {
    const t = await throughput(backend, databaseUrl);
    console.log(
      `${label.padEnd(8)} issueStock over HTTP, ${CLIENTS} clients: ${fmt(t.rate)} mutations/s, p50 ${ms(t.p50)}, p99 ${ms(t.p99)}` +
        (t.raw === null
          ? ` | target ≥ 800/s: ${t.rate >= 800 ? 'met' : 'missed'}`
          : ` | raw two-statement transactions ${fmt(t.raw)}/s, ratio ${(t.rate / t.raw).toFixed(2)} (target ≥ 0.50)`),
    );
    const d = await delivery(backend);
    console.log(
      `${label.padEnd(8)} delivery to ${SUBSCRIBERS} subscribers: ${fmt(d.delivered)}/${fmt(d.expected)} delivered, p50 ${ms(d.p50)}, p99 ${ms(d.p99)} (target p99 < 25 ms: ${d.p99 < 25 ? 'met' : 'missed'})`,
    );
    const n = await notificationLatency(backend, 10);
    console.log(
      `${label.padEnd(8)} stock change → LOW_STOCK notification with advice: p50 ${ms(n.p50)}, p99 ${ms(n.p99)}, max ${ms(n.max)} (target within 1 s: ${n.max < 1000 ? 'met' : 'missed'})`,
    );
  } finally {
    await stopBackend(backend);
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const measureAll = async () => {
  await measure('pglite');
  if (!(await postgresAvailable())) {
    console.log('postgres: no server available, skipped');
    return;
  }
  const database = await createTestDatabase();
  try {
    await measure('postgres', database.url);
  } finally {
    await database.drop();
  }
};

export default async function (): Promise<void> {
  try {
    await measureAll();
  } finally {
    agent.destroy();
  }
}

/**
 * Event store throughput: `issue` commands through the application service (one caller and 16
 * concurrent callers) beside a raw two-statement transaction loop on the same database, measured
 * in alternating rounds (for one caller, with a third loop beside them: the two writes no issue
 * can do without, alone, which bounds it); and rebuild speed for 100,000 events (the first rebuild
 * of the process, and a second one beside it) — on PGlite in memory (as the tests run it), on
 * PGlite in a data folder (as the app runs it: each commit synced to the disk) and, when a server
 * is running, node-postgres.
 */
import { randomUUID } from 'node:crypto';
import type { EventMetadata, StockMateEvent } from '../../../shared';
import type { AdapterUnderTest, OpenedDatabase } from '../../support/adapters';
import { pgliteAdapter, pgliteFolderAdapter, postgresAdapter } from '../../support/adapters';
import { scenario } from '../../support/scenario';
import { rebuildProjections } from '../../../cloud/db/rebuild';
import type { Loop } from '../side-by-side';
import { rawTransactions, sideBySide } from '../side-by-side';

/** Each loop runs 4 counted rounds of 0.75 s, in turn with the other: 3 s each in all. */
const ROUNDS = 4;
const ROUND_SECONDS = 0.75;

/** `issue` through the application service: one product per caller, each issuing one unit. */
const issueLoop = async (opened: OpenedDatabase, concurrency: number): Promise<Loop> => {
  const s = scenario(opened.db);
  const warehouseId = await s.warehouse();
  const products = await Promise.all(Array.from({ length: concurrency }, () => s.product()));
  for (const productId of products)
    await s.run('receiveStock', { productId, warehouseId, quantity: 1_000_000_000 });
  return {
    concurrency,
    step: (worker) =>
      s.run('issueStock', { productId: products[worker], warehouseId, quantity: 1 }),
  };
};

const ESSENTIAL_WRITES = `WITH appended AS (
    INSERT INTO events
      (event_id, tenant_id, stream_id, version, type, payload, metadata, occurred_at)
    VALUES (:eventId::uuid, current_tenant(), :stream, :version::integer, 'StockIssued',
      :payload::jsonb, :metadata::jsonb, :at::timestamptz))
  UPDATE stock_levels SET on_hand = on_hand - 1, updated_at = :at::timestamptz
  WHERE product_id = :productId::uuid AND warehouse_id = :warehouseId::uuid
    AND on_hand - reserved >= 1`;

/**
 * The two writes no `issue` can do without — its event appended to the product's stream, the
 * stock level taken down — in a write transaction of the tenant's, opened as the service opens
 * one, with nothing read or decided and nothing else recorded (no movement, stream head, stored
 * result or outbox row). An issue writes all this and more, so one caller's issues cannot go
 * faster than this loop: where it stays under half the raw loop, so must they.
 */
const essentialWrites = async (opened: OpenedDatabase): Promise<Loop> => {
  const s = scenario(opened.db);
  const warehouseId = await s.warehouse();
  const productId = await s.product();
  const received = await s.run('receiveStock', {
    productId,
    warehouseId,
    quantity: 1_000_000_000,
  });
  let version = received.events.at(-1)!.version;
  return {
    concurrency: 1,
    step: async () => {
      const eventId = randomUUID();
      const at = new Date().toISOString();
      const data = {
        productId,
        warehouseId,
        quantity: 1,
        reference: null,
        reservationId: null,
      } satisfies Extract<StockMateEvent, { type: 'StockIssued' }>['data'];
      const metadata = {
        actor: 'bench',
        idempotencyKey: `key-${eventId}`,
        occurredAt: at,
        correlationId: eventId,
        causationId: null,
      } satisfies EventMetadata;
      version++;
      const updated = await opened.db.tenant(s.tenantId, 'write', (tx) =>
        tx.last(ESSENTIAL_WRITES, {
          eventId,
          stream: `product:${productId}`,
          version,
          payload: JSON.stringify(data),
          metadata: JSON.stringify(metadata),
          at,
          productId,
          warehouseId,
        }),
      );
      if (updated !== 1) throw new Error('the stock level was not taken down');
    },
  };
};

const rebuildSpeed = async (opened: OpenedDatabase, events: number) => {
  const s = scenario(opened.db);
  const warehouseId = await s.warehouse();
  const products = await Promise.all(Array.from({ length: 100 }, () => s.product()));
  // Seed the history in bulk through the same command path, 16 at a time.
  let made = 102;
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      while (made < events) {
        made++;
        const productId = products[(made + w) % products.length];
        await s.run('receiveStock', { productId, warehouseId, quantity: 5 });
      }
    }),
  );
  // The database as the app leaves it: its backend maintains it every few seconds (on PGlite,
  // the vacuum that PostgreSQL's autovacuum would do), which also marks the new events' rows as
  // committed. In a database never maintained, the first reader of each event does that, and the
  // first rebuild is slower for it (see the README).
  await opened.db.maintain();
  // The first rebuild of a process, as `npm run rebuild` runs it; then another, on a warm process
  // and pages the first one read.
  const first = await rebuildProjections(opened.db, s.tenantId);
  const second = await rebuildProjections(opened.db, s.tenantId);
  return { first, second };
};

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const measure = async (label: string, adapter: AdapterUnderTest) => {
  if (!(await adapter.available())) {
    console.log(`${label}: no server available, skipped`);
    return;
  }
  for (const concurrency of [1, 16]) {
    const opened = await adapter.open();
    try {
      const loops: Record<string, Loop> = {
        raw: await rawTransactions(opened.driver, concurrency),
        issue: await issueLoop(opened, concurrency),
      };
      // A bound for one caller only: callers together commit their issues in shared transactions.
      if (concurrency === 1) loops['essential'] = await essentialWrites(opened);
      const rates = await sideBySide(loops, ROUNDS, ROUND_SECONDS);
      const [raw, issue, essential] = [rates['raw']!, rates['issue']!, rates['essential']];
      console.log(
        `${label.padEnd(15)} ${String(concurrency).padStart(2)} caller(s): issue ${fmt(issue)} commands/s | raw two-statement transactions ${fmt(raw)}/s | ratio ${(issue / raw).toFixed(2)} (target ≥ 0.50)` +
          (adapter.name === 'pglite'
            ? ` | target ≥ 1,000 commands/s: ${issue >= 1000 ? 'met' : 'missed'}`
            : ''),
      );
      if (essential !== undefined)
        console.log(
          `${label.padEnd(15)} ${String(concurrency).padStart(2)} caller(s): an issue's event and stock update alone, in its tenant's transaction: ${fmt(essential)}/s, ratio ${(essential / raw).toFixed(2)} (an issue cannot go faster)`,
        );
    } finally {
      await opened.close();
    }
  }
  const opened = await adapter.open();
  try {
    const { first, second } = await rebuildSpeed(opened, 100_000);
    const rate = first.events / first.seconds;
    console.log(
      `${label.padEnd(15)} rebuild: ${fmt(first.events)} events in ${first.seconds.toFixed(2)} s = ${fmt(rate)} events/s (target ≥ 50,000: ${rate >= 50_000 ? 'met' : 'missed'}) | again in the same process: ${fmt(second.events / second.seconds)} events/s`,
    );
  } finally {
    await opened.close();
  }
};

export default async function (): Promise<void> {
  await measure('pglite memory', pgliteAdapter);
  await measure('pglite folder', pgliteFolderAdapter);
  await measure('postgres', postgresAdapter);
}

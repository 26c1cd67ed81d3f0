import type { Database } from '../db/port';
import type { OutboxPayload } from '../app/outbox';
import type { Publisher } from '../services/publisher';
import type { Workflows } from '../services/workflows';
import { executionName } from '../services/workflows';

export interface OutboxRow {
  readonly outboxId: number;
  readonly tenantId: string;
  readonly eventId: string;
  readonly topic: string;
  readonly payload: OutboxPayload;
  readonly attempts: number;
}

/** What the relay does with one committed command; it must be safe to do twice. */
export type OutboxHandler = (row: OutboxRow) => Promise<void>;

// A claimed row is leased: if the process dies before marking it done, it becomes due again.
const CLAIM = `UPDATE outbox SET available_at = now() + make_interval(secs => :leaseSeconds), attempts = attempts + 1
  WHERE outbox_id IN (
    SELECT outbox_id FROM outbox WHERE processed_at IS NULL AND available_at <= now()
    ORDER BY outbox_id LIMIT :batch FOR UPDATE SKIP LOCKED)
  RETURNING outbox_id AS "outboxId", tenant_id AS "tenantId", event_id AS "eventId", topic, payload, attempts`;

const DONE = `UPDATE outbox SET processed_at = now(), last_error = NULL WHERE outbox_id = ANY(:ids::bigint[])`;

const FAILED = `UPDATE outbox SET last_error = :error,
  available_at = now() + make_interval(secs => least(300, power(2, attempts)::integer)) WHERE outbox_id = :id`;

export interface OutboxRelay {
  /** Processes what is due now, soon; calls made while it runs are folded into one more pass. */
  kick(): void;
  /** Processes everything due and resolves when done (start-up, sweeps, tests). */
  drain(): Promise<number>;
  /** Runs `drain` every `ms` until stopped. */
  sweepEvery(ms: number): void;
  /** Stops sweeping and waits for the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Relays committed commands to what happens after them — live updates, workflows — at least once:
 * rows left by a crash are picked up by the next pass. It never holds a transaction open while it
 * calls out, so it never blocks commands.
 */
export const createOutboxRelay = (deps: {
  readonly db: Database;
  readonly handle: OutboxHandler;
  readonly batch?: number;
  readonly leaseSeconds?: number;
  /** How long a kick waits for more commits before the pass starts. */
  readonly coalesceMs?: number;
  readonly log?: (message: string, error?: unknown) => void;
}): OutboxRelay => {
  const log = deps.log ?? ((message, error) => console.error(message, error));
  let pass: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  const once = async (): Promise<number> => {
    const batch = deps.batch ?? 50;
    let processed = 0;
    for (;;) {
      const claimed = await deps.db.system((tx) =>
        tx.rows<OutboxRow>(CLAIM, { batch, leaseSeconds: deps.leaseSeconds ?? 30 }),
      );
      // An UPDATE returns its rows in no particular order; they are handed over in commit order.
      const rows = claimed.sort((a, b) => a.outboxId - b.outboxId);
      if (rows.length === 0) return processed;
      // The rows are handled side by side (what must keep their order, like publishing, keeps it
      // itself), so their workflow runs' small writes can share transactions.
      const outcomes = await Promise.allSettled(rows.map((row) => deps.handle(row)));
      const done: number[] = [];
      for (const [i, outcome] of outcomes.entries()) {
        const row = rows[i]!;
        if (outcome.status === 'fulfilled') {
          done.push(row.outboxId);
          continue;
        }
        log(`outbox ${row.outboxId} (${row.topic}) failed; it will be retried`, outcome.reason);
        await deps.db.system((tx) =>
          tx.run(FAILED, { id: row.outboxId, error: String(outcome.reason).slice(0, 1000) }),
        );
      }
      // One statement for the pass: a crash before it only means these are handled again.
      if (done.length > 0)
        await deps.db.system((tx) => tx.run(DONE, { ids: `{${done.join(',')}}` }));
      processed += done.length;
      // A short claim took everything due; what is committed later kicks a pass of its own.
      if (rows.length < batch) return processed;
    }
  };

  const drain = (): Promise<number> => {
    if (pass !== null) {
      again = true;
      return pass;
    }
    pass = (async () => {
      let total = 0;
      do {
        again = false;
        total += await once();
      } while (again);
      return total;
    })().finally(() => {
      pass = null;
    });
    return pass;
  };

  let soon: NodeJS.Timeout | null = null;
  return {
    // Commits arrive in bursts: waiting a moment lets one pass (and one claim) take them all.
    kick: () => {
      soon ??= setTimeout(() => {
        soon = null;
        drain().catch((error: unknown) => log('outbox relay pass failed', error));
      }, deps.coalesceMs ?? 2);
    },
    drain,
    sweepEvery: (ms) => {
      timer = setInterval(() => {
        drain().catch((error: unknown) => log('outbox sweep failed', error));
      }, ms);
      timer.unref();
    },
    stop: async () => {
      if (timer !== null) clearInterval(timer);
      if (soon !== null) clearTimeout(soon);
      await pass?.catch(() => undefined);
    },
  };
};

/**
 * The live-update part of handling a committed command: publish its stock changes — one after
 * the other, in the order the rows are handed over, so a subscriber never sees an older level
 * after a newer one.
 */
export const publishStockChanges = (publisher: Publisher): OutboxHandler => {
  let previous: Promise<unknown> = Promise.resolve();
  return (row) => {
    if (row.topic !== 'stock-changed' || row.payload.levels.length === 0) return Promise.resolve();
    const published = previous.then(() =>
      publisher.stockChanged({
        tenantId: row.tenantId,
        eventId: row.eventId,
        command: row.payload.command,
        occurredAt: row.payload.occurredAt,
        levels: row.payload.levels,
      }),
    );
    previous = published.catch(() => undefined);
    return published;
  };
};

/** The workflow part of handling a committed stock change: start stock-changed, named after its event. */
export const startStockChangedWorkflow =
  (workflows: Workflows): OutboxHandler =>
  async (row) => {
    if (row.topic !== 'stock-changed') return;
    await workflows.start(
      'stock-changed',
      row.tenantId,
      executionName('stock-changed', row.eventId),
      {
        eventId: row.eventId,
        command: row.payload.command,
        productIds: row.payload.productIds,
        movementCount: row.payload.movementCount,
        occurredAt: row.payload.occurredAt,
      },
    );
  };

/** Runs several handlers for each row, in order; the row is done when all are. */
export const allOf =
  (...handlers: readonly OutboxHandler[]): OutboxHandler =>
  async (row) => {
    for (const handler of handlers) await handler(row);
  };

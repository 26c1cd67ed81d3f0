import { storable } from '../../shared';
import type { Database } from '../db/port';
import { eachOf } from '../db/sql';
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
  /** The event id of the batch's first row; the batch's stock-changed run is named after it. */
  readonly batchEventId: string;
}

/**
 * Rows of one tenant and topic that one workflow run covers, handed over together: each row the
 * commands of one commit. Which rows a batch holds is fixed when they are first claimed, so a batch
 * handled again covers the same rows.
 */
export interface OutboxBatch {
  readonly tenantId: string;
  readonly topic: string;
  readonly batchEventId: string;
  /** The rows this pass claimed, in commit order: what it publishes, and deletes once handled. */
  readonly rows: readonly OutboxRow[];
  /**
   * Every row of the batch still to do, in commit order: what its run covers. The same as `rows`
   * unless an earlier pass failed or another relay claimed some of them.
   */
  readonly members: readonly OutboxRow[];
}

/** What the relay does with a batch of committed commands; it must be safe to do twice. */
export type OutboxHandler = (batch: OutboxBatch) => Promise<void>;

const COLUMNS = `outbox_id AS "outboxId", tenant_id AS "tenantId", event_id AS "eventId", topic, payload,
  attempts, batch_event_id AS "batchEventId"`;

// A claimed row is leased: if the process dies before marking it done, it becomes due again. A
// claim takes rows in commit order while the commands before them number fewer than :batch, so a
// run covers about as many commands however many a row holds. Rows claimed for the first time join
// the batch of the first of them of their tenant and topic.
const CLAIM = `WITH locked AS (
    SELECT outbox_id, tenant_id, topic, event_id, batch_event_id,
      coalesce(jsonb_array_length(payload -> 'commands'), 1) AS commands FROM outbox
    WHERE processed_at IS NULL AND available_at <= now()
    ORDER BY outbox_id LIMIT :batch FOR UPDATE SKIP LOCKED),
  due AS (
    SELECT * FROM (
      SELECT *, sum(commands) OVER (ORDER BY outbox_id) - commands AS before FROM locked) l
    WHERE before < :batch),
  batched AS (
    SELECT outbox_id, commands, batch_event_id IS NULL AS fresh,
      coalesce(batch_event_id, first_value(event_id)
        OVER (PARTITION BY tenant_id, topic, batch_event_id IS NULL ORDER BY outbox_id)) AS batch
    FROM due)
  UPDATE outbox o SET available_at = now() + make_interval(secs => :leaseSeconds),
    attempts = o.attempts + 1, batch_event_id = b.batch
  FROM batched b WHERE o.outbox_id = b.outbox_id
  RETURNING o.outbox_id AS "outboxId", o.tenant_id AS "tenantId", o.event_id AS "eventId", o.topic,
    o.payload, o.attempts, o.batch_event_id AS "batchEventId", b.fresh, b.commands`;

/** A claimed row: whether it was claimed before (it has a batch), and how many commands it holds. */
type Claimed = OutboxRow & { readonly fresh: boolean; readonly commands: number };

const MEMBERS = `SELECT x.* FROM ${eachOf(
  'batches',
  'uuid',
  `SELECT ${COLUMNS} FROM outbox WHERE batch_event_id = k.id AND processed_at IS NULL`,
)} ORDER BY "outboxId"`;

// The outbox holds work still to do; what is done is recorded by the events and the runs it started.
const DONE = `DELETE FROM outbox WHERE outbox_id = ANY(:ids::bigint[])`;

const FAILED = `UPDATE outbox SET last_error = :error,
  available_at = now() + make_interval(secs => least(300, power(2, attempts)::integer))
  WHERE outbox_id = ANY(:ids::bigint[])`;

/** The claimed rows as batches, in commit order; a batch claimed before gets all its members. */
const batchesOf = async (db: Database, claimed: readonly Claimed[]): Promise<OutboxBatch[]> => {
  const byBatch = new Map<string, OutboxRow[]>();
  const earlier = new Set<string>();
  // An UPDATE returns its rows in no particular order; they are handed over in commit order.
  for (const { fresh, commands: _, ...row } of [...claimed].sort(
    (a, b) => a.outboxId - b.outboxId,
  )) {
    const rows = byBatch.get(row.batchEventId) ?? [];
    rows.push(row);
    byBatch.set(row.batchEventId, rows);
    if (!fresh) earlier.add(row.batchEventId);
  }
  const members = new Map<string, OutboxRow[]>();
  if (earlier.size > 0) {
    const found = await db.system((tx) => tx.rows<OutboxRow>(MEMBERS, { batches: [...earlier] }));
    for (const row of found)
      members.set(row.batchEventId, [...(members.get(row.batchEventId) ?? []), row]);
  }
  return [...byBatch].map(([batchEventId, rows]) => ({
    tenantId: rows[0]!.tenantId,
    topic: rows[0]!.topic,
    batchEventId,
    rows,
    members: members.get(batchEventId) ?? rows,
  }));
};

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
  /**
   * How many commands a claim takes, 50 by default: it takes rows while it has fewer, so its last
   * row may take it past.
   */
  readonly batch?: number;
  readonly leaseSeconds?: number;
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
        tx.rows<Claimed>(CLAIM, {
          batch,
          leaseSeconds: deps.leaseSeconds ?? 30,
        }),
      );
      if (claimed.length === 0) return processed;
      const batches = await batchesOf(deps.db, claimed);
      // The batches are handled side by side (what must keep their order, like publishing, keeps
      // it itself), so their workflow runs' small writes can share transactions.
      const outcomes = await Promise.allSettled(batches.map((b) => deps.handle(b)));
      const done: number[] = [];
      for (const [i, outcome] of outcomes.entries()) {
        const { rows, topic, batchEventId } = batches[i]!;
        const ids = rows.map((row) => row.outboxId);
        if (outcome.status === 'fulfilled') {
          done.push(...ids);
          continue;
        }
        log(`outbox batch ${batchEventId} (${topic}) failed; it will be retried`, outcome.reason);
        await deps.db.system((tx) =>
          tx.run(FAILED, { ids, error: storable(String(outcome.reason).slice(0, 1000)) }),
        );
      }
      // One statement for the pass: a crash before it only means these are handled again.
      if (done.length > 0) await deps.db.system((tx) => tx.run(DONE, { ids: done }));
      processed += done.length;
      // A short claim, in rows and in commands, took everything due; what is committed later kicks
      // a pass of its own.
      const commands = claimed.reduce((n, row) => n + row.commands, 0);
      if (claimed.length < batch && commands < batch) return processed;
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

  let soon: NodeJS.Immediate | null = null;
  return {
    // Commits arrive in bursts (a group commit ends many commands at once): the pass starts once
    // the current turn of the event loop is over, so one pass (and one claim) takes them all.
    // Commits during a pass are taken by the pass after it.
    kick: () => {
      soon ??= setImmediate(() => {
        soon = null;
        drain().catch((error: unknown) => log('outbox relay pass failed', error));
      });
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
      if (soon !== null) clearImmediate(soon);
      await pass?.catch(() => undefined);
    },
  };
};

/** A row's commands in commit order, each with the event that names it: its first. */
const commandsOf = (row: OutboxRow) =>
  row.payload.commands.map((command) => ({
    ...command,
    eventId: command.eventIds[0] ?? row.eventId,
  }));

/**
 * The live-update part of handling committed commands: publish their stock changes — one after
 * the other, in the order they were committed (the rows as they are handed over, each row's
 * commands as it lists them), so a subscriber never sees an older level after a newer one.
 */
export const publishStockChanges = (publisher: Publisher): OutboxHandler => {
  let previous: Promise<unknown> = Promise.resolve();
  const publish = async (row: OutboxRow) => {
    for (const command of commandsOf(row))
      if (command.levels.length > 0)
        await publisher.stockChanged({
          tenantId: row.tenantId,
          eventId: command.eventId,
          command: command.command,
          occurredAt: command.occurredAt,
          levels: command.levels,
        });
  };
  return (batch) => {
    if (batch.topic !== 'stock-changed') return Promise.resolve();
    const published = previous.then(async () => {
      for (const row of batch.rows) await publish(row);
    });
    previous = published.catch(() => undefined);
    return published;
  };
};

/**
 * The input of the stock-changed run covering a batch: named after its first event, it analyses
 * every product the batch's commands touched and meters all their movements, once.
 */
export const stockChangedInput = (batch: OutboxBatch) => {
  const commands = batch.members.flatMap(commandsOf);
  return {
    eventId: batch.batchEventId,
    eventIds: commands.map((command) => command.eventId),
    commands: [...new Set(commands.map((command) => command.command))],
    productIds: [...new Set(commands.flatMap((command) => command.productIds))],
    movementCount: commands.reduce((sum, command) => sum + command.movementCount, 0),
    occurredAt: commands.at(-1)?.occurredAt ?? '',
  };
};

/** The workflow part of handling committed stock changes: one stock-changed run per batch. */
export const startStockChangedWorkflow =
  (workflows: Workflows): OutboxHandler =>
  async (batch) => {
    if (batch.topic !== 'stock-changed') return;
    await workflows.start(
      'stock-changed',
      batch.tenantId,
      executionName('stock-changed', batch.batchEventId),
      stockChangedInput(batch),
    );
  };

/** Runs several handlers for each batch, in order; the batch is done when all are. */
export const allOf =
  (...handlers: readonly OutboxHandler[]): OutboxHandler =>
  async (batch) => {
    for (const handler of handlers) await handler(batch);
  };

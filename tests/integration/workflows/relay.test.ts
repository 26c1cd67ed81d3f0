import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publisher, StockChange } from '../../../cloud/services/publisher';
import { randomUUID } from 'node:crypto';
import type { Workflows } from '../../../cloud/services/workflows';
import { executionName, recordStart } from '../../../cloud/services/workflows';
import type { OutboxBatch, OutboxHandler, OutboxRow } from '../../../cloud/workflows/relay';
import {
  allOf,
  createOutboxRelay,
  publishStockChanges,
  startStockChangedWorkflow,
} from '../../../cloud/workflows/relay';
import { pgliteDriver } from '../../../cloud/db/adapters/pglite';
import { createDatabase } from '../../../cloud/db/database';
import { migrate, readMigrations } from '../../../cloud/db/migrate';
import type { OpenedDatabase } from '../../support/adapters';
import { pgliteAdapter } from '../../support/adapters';
import { scenario } from '../../support/scenario';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let opened: OpenedDatabase;
beforeAll(async () => {
  opened = await pgliteAdapter.open();
  // Rows other tests left are none of these tests' business.
  await createOutboxRelay({ db: opened.db, handle: () => Promise.resolve() }).drain();
});
afterAll(async () => {
  await opened.close();
});

/** A tenant with one product in stock; `issue(n)` issues single units, one command each. */
const stocked = async () => {
  const s = scenario(opened.db);
  const warehouseId = await s.warehouse();
  const productId = await s.product();
  await s.run('receiveStock', { productId, warehouseId, quantity: 100 });
  await createOutboxRelay({ db: opened.db, handle: () => Promise.resolve() }).drain();
  /** Returns the commands' event ids in commit order. */
  const issue = async (count: number) => {
    const eventIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const result = await s.run('issueStock', { productId, warehouseId, quantity: 1 });
      eventIds.push(result.events[0]!.eventId);
    }
    return eventIds;
  };
  return { tenantId: s.tenantId, productId, issue };
};

/** A row still to do; none once it is done (the relay deletes it). */
const outboxRow = (eventId: string) =>
  opened.db.system((tx) =>
    tx.one<{ attempts: number; lastError: string | null }>(
      `SELECT attempts, last_error AS "lastError" FROM outbox WHERE event_id = :eventId`,
      { eventId },
    ),
  );

/** Makes a tenant's rows waiting for a retry due now. */
const dueNow = (tenantId: string) =>
  opened.db.system((tx) =>
    tx.run(
      `UPDATE outbox SET available_at = now() WHERE processed_at IS NULL AND tenant_id = :tenantId`,
      { tenantId },
    ),
  );

/** A tenant's rows not yet done. */
const pending = (tenantId: string) =>
  opened.db.system(
    async (tx) =>
      (
        await tx.one<{ n: number }>(
          `SELECT count(*)::integer AS n FROM outbox WHERE processed_at IS NULL AND tenant_id = :tenantId`,
          { tenantId },
        )
      )?.n,
  );

/** A handler that publishes and starts runs as the backend does, recording both. */
const recording = () => {
  const published: StockChange[] = [];
  const starts: { name: string; input: object }[] = [];
  const handle = allOf(
    publishStockChanges({
      stockChanged: (change) => {
        published.push(change);
        return Promise.resolve();
      },
      notification: () => Promise.resolve(),
    }),
    startStockChangedWorkflow({
      start: (_workflow, _tenantId, name, input) => {
        starts.push({ name, input });
        return Promise.resolve({ started: true });
      },
    }),
  );
  return { handle, published, starts };
};

/** The start of the stock-changed run that covers issues with these first events. */
const issuesRun = (eventIds: readonly string[], productIds: readonly string[]) => ({
  name: executionName('stock-changed', eventIds[0]!),
  input: {
    eventId: eventIds[0],
    eventIds,
    commands: ['issueStock'],
    productIds,
    movementCount: eventIds.length,
    occurredAt: expect.any(String) as string,
  },
});

/** A relay that hands its batches to a list. */
const collecting = (options: { batch?: number } = {}) => {
  const batches: OutboxBatch[] = [];
  const relay = createOutboxRelay({
    db: opened.db,
    handle: (batch) => {
      batches.push(batch);
      return Promise.resolve();
    },
    ...options,
  });
  return { batches, relay };
};

const eventIdsOf = (rows: readonly OutboxRow[]) => rows.map((row) => row.eventId);

describe('the outbox relay', () => {
  it('hands over the rows of a pass as one batch per tenant, in commit order', async () => {
    const a = await stocked();
    const b = await stocked();
    const first = await a.issue(3);
    const second = await b.issue(2);
    const more = await a.issue(2);
    const { batches, relay } = collecting();

    const relayed = await relay.drain();

    expect(relayed).toBe(7);
    expect(
      batches.map((batch) => ({
        tenantId: batch.tenantId,
        batchEventId: batch.batchEventId,
        rows: eventIdsOf(batch.rows),
        members: eventIdsOf(batch.members),
      })),
    ).toEqual([
      {
        tenantId: a.tenantId,
        batchEventId: first[0],
        rows: [...first, ...more],
        members: [...first, ...more],
      },
      { tenantId: b.tenantId, batchEventId: second[0], rows: second, members: second },
    ]);
  });

  it('starts one stock-changed run per batch that covers all of its commands', async () => {
    const a = await stocked();
    const eventIds = await a.issue(4);
    const starts: { name: string; input: object }[] = [];
    const workflows: Workflows = {
      start: (_workflow, _tenantId, name, input) => {
        starts.push({ name, input });
        return Promise.resolve({ started: true });
      },
    };

    await createOutboxRelay({
      db: opened.db,
      handle: startStockChangedWorkflow(workflows),
    }).drain();

    expect(starts).toEqual([issuesRun(eventIds, [a.productId])]);
  });

  it('publishes stock changes in commit order while it handles the batches side by side', async () => {
    const tenants = await Promise.all([stocked(), stocked(), stocked()]);
    const eventIds: string[] = [];
    for (let round = 0; round < 2; round++)
      for (const tenant of tenants) eventIds.push(...(await tenant.issue(2)));
    const published: string[] = [];
    // Later rows are quicker to publish, so only waiting for the earlier ones keeps the order.
    let delay = 12;
    const publisher: Publisher = {
      stockChanged: async (change) => {
        await pause(delay--);
        published.push(change.eventId);
      },
      notification: () => Promise.resolve(),
    };
    const started: string[] = [];
    const start: OutboxHandler = async (batch) => {
      await pause(5);
      started.push(batch.batchEventId);
    };
    let inFlight = 0;
    let mostAtOnce = 0;
    const both = allOf(publishStockChanges(publisher), start);

    const relayed = await createOutboxRelay({
      db: opened.db,
      handle: async (batch) => {
        mostAtOnce = Math.max(mostAtOnce, ++inFlight);
        await both(batch);
        inFlight--;
      },
    }).drain();

    expect(relayed).toBe(12);
    // Each tenant's changes in the order they were committed.
    for (const tenant of tenants) {
      const theirs = await opened.db.system((tx) =>
        tx.rows<{ eventId: string }>(
          `SELECT event_id AS "eventId" FROM outbox WHERE tenant_id = :tenant ORDER BY outbox_id`,
          { tenant: tenant.tenantId },
        ),
      );
      const ids = new Set(theirs.map((row) => row.eventId));
      expect(published.filter((id) => ids.has(id))).toEqual(eventIds.filter((id) => ids.has(id)));
    }
    expect(new Set(published)).toEqual(new Set(eventIds));
    expect(mostAtOnce).toBe(3);
    expect(started).toHaveLength(3);
  });

  it('leaves a batch that failed for a later pass and deletes the rows of the others', async () => {
    const a = await stocked();
    const b = await stocked();
    const failing = await a.issue(2);
    const fine = await b.issue(1);
    const errors: string[] = [];
    const handle: OutboxHandler = (batch) =>
      batch.tenantId === a.tenantId ? Promise.reject(new Error('not now')) : Promise.resolve();

    const relayed = await createOutboxRelay({
      db: opened.db,
      handle,
      log: (message) => errors.push(message),
    }).drain();

    expect(relayed).toBe(1);
    for (const eventId of failing)
      expect(await outboxRow(eventId)).toEqual({ attempts: 1, lastError: 'Error: not now' });
    expect(await outboxRow(fine[0]!)).toBeNull();
    expect(errors).toEqual([expect.stringMatching(/failed; it will be retried/)]);
  });

  it('keeps the reason a batch failed when it holds the NUL character, which is replaced', async () => {
    const a = await stocked();
    const [eventId] = await a.issue(1);
    const handle: OutboxHandler = () => Promise.reject(new Error('not\u0000now'));

    await createOutboxRelay({ db: opened.db, handle, log: () => undefined }).drain();

    expect(await outboxRow(eventId!)).toEqual({ attempts: 1, lastError: 'Error: not\uFFFDnow' });
  });

  it('hands a retried batch over with the same rows, apart from what was committed since', async () => {
    const a = await stocked();
    const before = await a.issue(3);
    let fail = true;
    const batches: OutboxBatch[] = [];
    const relay = createOutboxRelay({
      db: opened.db,
      handle: (batch) => {
        if (batch.tenantId === a.tenantId) batches.push(batch);
        return fail ? Promise.reject(new Error('not now')) : Promise.resolve();
      },
      log: () => undefined,
    });
    await relay.drain();
    const since = await a.issue(2);
    await dueNow(a.tenantId);
    fail = false;
    batches.length = 0;

    await relay.drain();

    expect(await pending(a.tenantId)).toBe(0);
    expect(batches.map((batch) => [batch.batchEventId, eventIdsOf(batch.members)])).toEqual([
      [before[0], before],
      [since[0], since],
    ]);
  });

  it('gives a pass that claims only part of a batch every row of it still to do', async () => {
    const a = await stocked();
    const eventIds = await a.issue(3);
    const batches: OutboxBatch[] = [];
    let fail = true;
    const handle: OutboxHandler = (batch) => {
      if (batch.tenantId === a.tenantId) batches.push(batch);
      return fail ? Promise.reject(new Error('not now')) : Promise.resolve();
    };
    await createOutboxRelay({ db: opened.db, handle, log: () => undefined }).drain();
    await dueNow(a.tenantId);
    fail = false;
    batches.length = 0;

    // Two rows a claim: the first claim takes two of the batch's three rows.
    await createOutboxRelay({ db: opened.db, handle, batch: 2 }).drain();

    expect(await pending(a.tenantId)).toBe(0);
    expect(batches.map((batch) => [eventIdsOf(batch.rows), eventIdsOf(batch.members)])).toEqual([
      [eventIds.slice(0, 2), eventIds],
      [eventIds.slice(2), eventIds.slice(2)],
    ]);
  });

  it('relays commands committed together from one row per topic, each change published once and in order', async () => {
    const s = scenario(opened.db);
    const warehouseId = await s.warehouse();
    const products = [await s.product(), await s.product(), await s.product()];
    for (const productId of products)
      await s.run('receiveStock', { productId, warehouseId, quantity: 10 });
    await createOutboxRelay({ db: opened.db, handle: () => Promise.resolve() }).drain();

    // Asked for in one turn of the event loop, the four commands are committed together.
    const [supplier, ...issued] = await Promise.all([
      s.run('createSupplier', { name: 'Grouped Supplies' }),
      ...products.map((productId) => s.run('issueStock', { productId, warehouseId, quantity: 1 })),
    ]);
    const eventIds = issued.map((result) => result.events[0]!.eventId);
    const supplierEvent = supplier.events[0]!.eventId;
    const rows = await opened.db.system((tx) =>
      tx.rows<{ eventId: string; topic: string; payload: { commands: { eventIds: string[] }[] } }>(
        `SELECT event_id AS "eventId", topic, payload FROM outbox WHERE tenant_id = :tenant ORDER BY outbox_id`,
        { tenant: s.tenantId },
      ),
    );
    expect(
      rows.map((row) => [row.topic, row.eventId, row.payload.commands.map((c) => c.eventIds[0])]),
    ).toEqual([
      ['changed', supplierEvent, [supplierEvent]],
      ['stock-changed', eventIds[0], eventIds],
    ]);

    const { handle, published, starts } = recording();
    const relayed = await createOutboxRelay({ db: opened.db, handle }).drain();

    expect(relayed).toBe(2);
    expect(
      published.map((c) => [c.eventId, c.command, c.levels.map((l) => [l.productId, l.onHand])]),
    ).toEqual(products.map((productId, i) => [eventIds[i], 'issueStock', [[productId, 9]]]));
    expect(starts).toEqual([issuesRun(eventIds, products)]);
    expect(await pending(s.tenantId)).toBe(0);
  });

  it('claims rows while the commands before them are fewer than its batch, and the rest next', async () => {
    const s = scenario(opened.db);
    const warehouseId = await s.warehouse();
    const products = [await s.product(), await s.product()];
    for (const productId of products)
      await s.run('receiveStock', { productId, warehouseId, quantity: 10 });
    await createOutboxRelay({ db: opened.db, handle: () => Promise.resolve() }).drain();
    // Three commits of two commands each: three rows.
    const commits: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const results = await Promise.all(
        products.map((productId) => s.run('issueStock', { productId, warehouseId, quantity: 1 })),
      );
      commits.push(results.map((result) => result.events[0]!.eventId));
    }
    const { batches, relay } = collecting({ batch: 3 });

    const relayed = await relay.drain();

    expect(relayed).toBe(3);
    expect(await pending(s.tenantId)).toBe(0);
    // The first two rows hold four commands: the third is left for the next claim of the pass.
    expect(
      batches.map((batch) =>
        batch.members.flatMap((row) => row.payload.commands.map((c) => c.eventIds[0])),
      ),
    ).toEqual([[...commits[0]!, ...commits[1]!], commits[2]]);
  });

  it('relays a row written when a row held one command, once its database is upgraded', async () => {
    const driver = await pgliteDriver();
    const migrations = readMigrations();
    await migrate(
      driver,
      migrations.filter((m) => m.version < 15),
    );
    const eventId = randomUUID();
    const productId = randomUUID();
    const at = '2026-11-20T10:00:00.000Z';
    const level = { productId, warehouseId: randomUUID(), onHand: 4, reserved: 1, updatedAt: at };
    // What a commit wrote for one command before rows listed the commands of a commit.
    const written = {
      command: 'issueStock',
      eventIds: [eventId],
      types: ['StockIssued'],
      productIds: [productId],
      correlationId: eventId,
      occurredAt: at,
      movementCount: 1,
      levels: [{ ...level, available: 3 }],
    };
    await driver.transaction(
      (c) =>
        c.execute(
          `INSERT INTO outbox (tenant_id, event_id, topic, payload)
             VALUES ('t-upgraded', :eventId, 'stock-changed', :payload::jsonb)`,
          { eventId, payload: JSON.stringify(written) },
        ),
      null,
    );
    await migrate(driver, migrations);
    const db = createDatabase(driver);
    const { handle, published, starts } = recording();

    try {
      await createOutboxRelay({ db, handle }).drain();
    } finally {
      await db.close();
    }

    expect(published).toEqual([
      {
        tenantId: 't-upgraded',
        eventId,
        command: 'issueStock',
        occurredAt: at,
        levels: [{ ...level, available: 3 }],
      },
    ]);
    expect(starts.map((start) => start.input)).toEqual([
      {
        eventId,
        eventIds: [eventId],
        commands: ['issueStock'],
        productIds: [productId],
        movementCount: 1,
        occurredAt: at,
      },
    ]);
  });

  it('starts a run again with the input it was first recorded with', async () => {
    const a = await stocked();
    await a.issue(1);
    const inputs: object[] = [];
    const workflows: Workflows = {
      start: async (workflow, tenantId, name, input) => {
        const recorded = await recordStart(
          opened.db,
          workflow,
          tenantId,
          name,
          input,
          new Date().toISOString(),
        );
        inputs.push(recorded.input);
        return { started: recorded.status === 'RUNNING' };
      },
    };
    const name = `stock-changed-${randomUUID()}`;

    await workflows.start('stock-changed', a.tenantId, name, { eventIds: ['e1', 'e2'] });
    await workflows.start('stock-changed', a.tenantId, name, { eventIds: ['e2'] });

    expect(inputs).toEqual([{ eventIds: ['e1', 'e2'] }, { eventIds: ['e1', 'e2'] }]);
  });
});

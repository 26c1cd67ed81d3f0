import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publisher } from '../../../cloud/services/publisher';
import type { OutboxHandler, OutboxRow } from '../../../cloud/workflows/relay';
import { allOf, createOutboxRelay, publishStockChanges } from '../../../cloud/workflows/relay';
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

/** Issues `count` single units, one command each; returns their event ids in commit order. */
const issues = async (count: number) => {
  const s = scenario(opened.db);
  const warehouseId = await s.warehouse();
  const productId = await s.product();
  await s.run('receiveStock', { productId, warehouseId, quantity: 100 });
  await createOutboxRelay({ db: opened.db, handle: () => Promise.resolve() }).drain();
  const eventIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = await s.run('issueStock', { productId, warehouseId, quantity: 1 });
    eventIds.push(result.events[0]!.eventId);
  }
  return eventIds;
};

const outboxRow = (eventId: string) =>
  opened.db.system((tx) =>
    tx.one<{ processed: boolean; attempts: number; lastError: string | null }>(
      `SELECT processed_at IS NOT NULL AS processed, attempts, last_error AS "lastError"
       FROM outbox WHERE event_id = :eventId`,
      { eventId },
    ),
  );

describe('the outbox relay', () => {
  it('publishes stock changes in commit order while it handles the rows side by side', async () => {
    const eventIds = await issues(12);
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
    let inFlight = 0;
    let mostAtOnce = 0;
    const start: OutboxHandler = async () => {
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await pause(5);
      inFlight--;
    };

    const relayed = await createOutboxRelay({
      db: opened.db,
      handle: allOf(publishStockChanges(publisher), start),
    }).drain();

    expect(relayed).toBe(12);
    expect(published).toEqual(eventIds);
    expect(mostAtOnce).toBeGreaterThan(1);
  });

  it('leaves a row that failed for a later pass and marks the others done', async () => {
    const eventIds = await issues(3);
    const failing = eventIds[1]!;
    const errors: string[] = [];
    const handle: OutboxHandler = (row: OutboxRow) =>
      row.eventId === failing ? Promise.reject(new Error('not now')) : Promise.resolve();

    const relayed = await createOutboxRelay({
      db: opened.db,
      handle,
      log: (message) => errors.push(message),
    }).drain();

    expect(relayed).toBe(2);
    expect(await outboxRow(eventIds[0]!)).toEqual({
      processed: true,
      attempts: 1,
      lastError: null,
    });
    expect(await outboxRow(failing)).toEqual({
      processed: false,
      attempts: 1,
      lastError: 'Error: not now',
    });
    expect(await outboxRow(eventIds[2]!)).toEqual({
      processed: true,
      attempts: 1,
      lastError: null,
    });
    expect(errors).toEqual([expect.stringMatching(/failed; it will be retried/)]);
  });
});

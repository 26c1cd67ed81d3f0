import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName } from '../../../cloud/app/operations';
import { createDatabase } from '../../../cloud/db/database';
import type { OpenedDatabase } from '../../support/adapters';
import { postgresAdapter } from '../../support/adapters';
import { heldAtItsWrite } from '../../support/held';
import { scenario } from '../../support/scenario';

// Only a server runs transactions side by side: the embedded database, and the local Data API
// endpoint on it, run one at a time, so there no command waits for another's lock.
const available = await postgresAdapter.available();

describe.skipIf(!available)('commands of two processes on one stream, on postgres', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await postgresAdapter.open();
  });
  afterAll(async () => {
    await opened.close();
  });

  /** Settles once some statement of this database waits for a lock, or once `ours` is over. */
  const waitsOrIsOver = async (ours: Promise<unknown>) => {
    let over = false;
    void ours.then(
      () => (over = true),
      () => (over = true),
    );
    while (!over) {
      const waiting = await opened.driver.transaction(
        (c) =>
          c.execute(
            `SELECT count(*)::integer AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            {},
          ),
        null,
      );
      if (Number(waiting.rows[0]?.['n']) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  /**
   * Runs the command `name` of the tenant of `s` as another process would, held at its write (its
   * streams and its tenant's lock taken); then `ours` in this process. The other commits once
   * `ours` waits for a lock, or is over without waiting. Both outcomes, theirs first.
   */
  const besideAHeldCommand = async <T>(
    s: ReturnType<typeof scenario>,
    name: OperationName,
    input: unknown,
    ours: () => Promise<T>,
  ): Promise<[Awaited<ReturnType<typeof s.run>>, T]> => {
    const other = heldAtItsWrite(opened.db);
    const theirs = scenario(other.db, { tenantId: s.tenantId }).run(name, input);
    await other.held;
    const mine = ours();
    await waitsOrIsOver(mine);
    other.release();
    return [await theirs, await mine];
  };
  /** What `promise` threw, or null when it resolved. */
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );

  it('counts from the stock another process’s issue left, when the count waited for that issue’s lock', async () => {
    const s = scenario(opened.db);
    const warehouseId = await s.warehouse();
    const productId = await s.product();
    await s.run('receiveStock', { productId, warehouseId, quantity: 100 });

    // The count reads and locks the product's stream while the issue holds it, and waits.
    const [issued, counted] = await besideAHeldCommand(
      s,
      'issueStock',
      { productId, warehouseId, quantity: 10 },
      () => s.run('countStock', { productId, warehouseId, countedQuantity: 50 }),
    );

    expect(counted.events[0]!.version).toBe(issued.events[0]!.version + 1);
    const state = await opened.db.tenant(s.tenantId, 'read', async (tx) => ({
      onHand: (await tx.one<{ on_hand: number }>('SELECT on_hand FROM stock_levels'))?.on_hand,
      counted: await tx.one<{ delta: number }>(
        `SELECT (payload->>'delta')::integer AS delta FROM events WHERE type = 'StockAdjusted'`,
      ),
    }));
    // The count found 90 and took 40 off, not the 50 it would have taken from the stock before.
    expect(state).toEqual({ onHand: 50, counted: { delta: -40 } });
  }, 30_000);

  it('refuses to submit an order that waited for another process’s submit of the same product past what may be on order', async () => {
    const s = scenario(opened.db);
    const [supplierId, warehouseId] = [await s.supplier(), await s.warehouse()];
    const productId = await s.product({ sku: 'BOLT-2' });
    const order = async () =>
      (
        await s.run('draftPurchaseOrder', {
          supplierId,
          warehouseId,
          expectedAt: '2031-01-10',
          lines: [
            { productId, quantity: 1_000_000_000, unitCost: { amountMinor: 1, currency: 'EUR' } },
          ],
        })
      ).purchaseOrders[0]!.purchaseOrderId;
    await s.run('submitPurchaseOrder', { purchaseOrderId: await order() });
    const [second, third] = [await order(), await order()];

    const [, refused] = await besideAHeldCommand(
      s,
      'submitPurchaseOrder',
      { purchaseOrderId: second },
      () => errorOf(s.run('submitPurchaseOrder', { purchaseOrderId: third })),
    );

    expect(refused).toMatchObject({ type: 'ValidationError', field: 'purchaseOrderId' });
    const statuses = await opened.db.tenant(s.tenantId, 'read', (tx) =>
      tx.rows<{ status: string }>('SELECT status FROM purchase_orders ORDER BY number'),
    );
    expect(statuses.map((o) => o.status)).toEqual(['submitted', 'submitted', 'draft']);
  }, 30_000);

  it('refuses to archive a warehouse while another process’s receipt into it commits, saying it holds the units', async () => {
    const s = scenario(opened.db);
    const warehouseId = await s.warehouse();
    const productId = await s.product();

    // Where the archive does not wait for the receipt, it is over before the receipt commits.
    const [, refused] = await besideAHeldCommand(
      s,
      'receiveStock',
      { productId, warehouseId, quantity: 5 },
      () => errorOf(s.run('archiveWarehouse', { warehouseId })),
    );

    expect(refused).toMatchObject({ type: 'Conflict', field: 'warehouseId' });
    const warehouse = await opened.db.tenant(s.tenantId, 'read', (tx) =>
      tx.one<{ archived: boolean; on_hand: number }>(
        `SELECT w.archived, (SELECT sum(on_hand)::integer FROM stock_levels) AS on_hand
         FROM warehouses w`,
      ),
    );
    expect(warehouse).toEqual({ archived: false, on_hand: 5 });
  }, 30_000);

  it('refuses a receipt of another process into a warehouse archived while the receipt waited', async () => {
    const s = scenario(opened.db);
    const warehouseId = await s.warehouse();
    const productId = await s.product();

    const [, refused] = await besideAHeldCommand(s, 'archiveWarehouse', { warehouseId }, () =>
      errorOf(s.run('receiveStock', { productId, warehouseId, quantity: 5 })),
    );

    expect(refused).toMatchObject({ type: 'Conflict', field: 'warehouseId' });
    const stock = await opened.db.tenant(s.tenantId, 'read', (tx) =>
      tx.rows('SELECT on_hand FROM stock_levels'),
    );
    expect(stock).toEqual([]);
  }, 30_000);

  it('leaves each of 100 counts’ stock as counted, less what issues of another process took after it', async () => {
    const s = scenario(opened.db);
    const elsewhere = scenario(createDatabase(opened.driver), { tenantId: s.tenantId });
    const warehouseId = await s.warehouse();
    const productId = await s.product();
    await s.run('receiveStock', { productId, warehouseId, quantity: 1_000_000 });
    const wrong: string[] = [];
    for (let round = 0; round < 100; round++) {
      const countedQuantity = 500_000 + round;
      const [counted, issued] = await Promise.all([
        s.run('countStock', { productId, warehouseId, countedQuantity }),
        elsewhere.run('issueStock', { productId, warehouseId, quantity: 1 }),
      ]);
      const onHand = await opened.db.tenant(s.tenantId, 'read', (tx) =>
        tx.one<{ on_hand: number }>('SELECT on_hand FROM stock_levels'),
      );
      const issuedAfter = issued.events[0]!.version > counted.events[0]!.version;
      const expected = countedQuantity - (issuedAfter ? 1 : 0);
      if (onHand?.on_hand !== expected) wrong.push(`${onHand?.on_hand} for ${expected}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});

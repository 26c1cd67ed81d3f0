import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandService } from '../../../cloud/app/execute';
import { randomIds, systemClock } from '../../../cloud/app/ports';
import { createDatabase } from '../../../cloud/db/database';
import type { Database, Driver } from '../../../cloud/db/port';
import { StockMateError } from '../../../shared';
import type { OpenedDatabase } from '../../support/adapters';
import { pgliteAdapter } from '../../support/adapters';
import { dumpAll } from '../../support/dump';
import { scenario } from '../../support/scenario';

let opened: OpenedDatabase;
let db: Database;
let transactions = 0;

beforeAll(async () => {
  opened = await pgliteAdapter.open();
  // The same engine, counting transactions, so a test can see commands share one.
  const counting: Driver = {
    name: opened.driver.name,
    concurrent: opened.driver.concurrent,
    statementLimits: opened.driver.statementLimits,
    transaction: (work, settings) => {
      transactions++;
      return opened.driver.transaction(work, settings);
    },
    close: () => Promise.resolve(),
  };
  db = createDatabase(counting);
});
afterAll(async () => {
  await opened.close();
});

const service = () => createCommandService({ db, clock: systemClock, ids: randomIds });

describe('commands of one tenant arriving together', () => {
  it('are committed in fewer transactions than commands, each with its own result', async () => {
    const s = scenario(db);
    const commands = service();
    const warehouseId = await s.warehouse();
    const products = await Promise.all(Array.from({ length: 20 }, () => s.product()));
    const before = transactions;

    const results = await Promise.all(
      products.map((productId, i) =>
        commands.execute('receiveStock', { productId, warehouseId, quantity: i + 1 }, s.context()),
      ),
    );

    expect(transactions - before).toBeLessThan(10);
    results.forEach((r, i) => {
      expect(r.stockLevels).toEqual([
        expect.objectContaining({ productId: products[i], onHand: i + 1 }),
      ]);
      expect(r.movements).toHaveLength(1);
      expect(r.events).toHaveLength(1);
    });
  });

  it('are committed together when each arrives in a callback of its own, as requests do', async () => {
    const s = scenario(db);
    const commands = service();
    const warehouseId = await s.warehouse();
    const products = await Promise.all(Array.from({ length: 10 }, () => s.product()));
    const before = transactions;

    // Ten requests read in one turn of the event loop, each handled in its own callback.
    const results = await Promise.all(
      products.map(
        (productId) =>
          new Promise<unknown>((resolve, reject) =>
            setImmediate(() => {
              commands
                .execute('receiveStock', { productId, warehouseId, quantity: 1 }, s.context())
                .then(resolve, reject);
            }),
          ),
      ),
    );

    expect(results).toHaveLength(10);
    expect(transactions - before).toBeLessThan(3);
  });

  it('refuse one command without touching its neighbours', async () => {
    const s = scenario(db);
    const commands = service();
    const warehouseId = await s.warehouse();
    const [a, b] = [await s.product(), await s.product()];
    await s.run('receiveStock', { productId: a, warehouseId, quantity: 5 });
    await s.run('receiveStock', { productId: b, warehouseId, quantity: 5 });

    const outcomes = await Promise.allSettled([
      commands.execute('issueStock', { productId: a, warehouseId, quantity: 2 }, s.context()),
      commands.execute('issueStock', { productId: b, warehouseId, quantity: 50 }, s.context()),
      commands.execute('issueStock', { productId: a, warehouseId, quantity: 2 }, s.context()),
      commands.execute('issueStock', { productId: a, warehouseId, quantity: 2 }, s.context()),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(StockMateError);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({
      type: 'InsufficientStock',
    });
    const levels = await db.tenant(s.tenantId, 'read', (tx) =>
      tx.rows<{ product_id: string; on_hand: number }>(
        'SELECT product_id, on_hand FROM stock_levels ORDER BY on_hand',
      ),
    );
    expect(levels.map((l) => [l.product_id, l.on_hand])).toEqual([
      [a, 1],
      [b, 5],
    ]);
  });

  it('keep a purchase-order number only for the drafts that commit', async () => {
    const s = scenario(db);
    const commands = service();
    const warehouseId = await s.warehouse();
    const supplierId = await s.supplier();
    const productId = await s.product();
    const line = [{ productId, quantity: 3, unitCost: { amountMinor: 100, currency: 'EUR' } }];
    const draft = (supplier: string) =>
      commands.execute(
        'draftPurchaseOrder',
        { supplierId: supplier, warehouseId, expectedAt: '2031-01-01', lines: line },
        s.context(),
      );

    const outcomes = await Promise.allSettled([
      draft(supplierId),
      draft(crypto.randomUUID()),
      draft(supplierId),
    ]);
    const numbers = outcomes.flatMap((o) =>
      o.status === 'fulfilled' ? [o.value.purchaseOrders[0]!.number] : [],
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(new Set(numbers).size).toBe(2);
    const before = await dumpAll(db, s.tenantId);
    await expect(draft(crypto.randomUUID())).rejects.toMatchObject({ type: 'NotFound' });
    expect((await dumpAll(db, s.tenantId))['counters']).toEqual(before['counters']);
  });

  it('answer a repeated key inside one group with the first command’s result', async () => {
    const s = scenario(db);
    const commands = service();
    const warehouseId = await s.warehouse();
    const productId = await s.product();
    const context = s.context({ idempotencyKey: 'same-key-in-a-group' });
    const [first, again, other] = await Promise.allSettled([
      commands.execute('receiveStock', { productId, warehouseId, quantity: 4 }, context),
      commands.execute('receiveStock', { productId, warehouseId, quantity: 4 }, context),
      commands.execute('receiveStock', { productId, warehouseId, quantity: 9 }, context),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { replayed: false } });
    expect(again).toMatchObject({ status: 'fulfilled', value: { replayed: true } });
    expect(other).toMatchObject({
      status: 'rejected',
      reason: { type: 'Conflict', field: 'idempotencyKey' },
    });
  });
});

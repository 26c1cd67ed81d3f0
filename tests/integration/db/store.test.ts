import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../../cloud/db/port';
import { SqlError } from '../../../cloud/db/port';
import { settingsStatement } from '../../../cloud/db/sql';
import { demandHistory } from '../../../cloud/db/queries/planning';
import { listProducts } from '../../../cloud/db/queries/products';
import { listLowStock } from '../../../cloud/db/queries/stock';
import { productForecast } from '../../../cloud/db/queries/workflows';
import { rebuildProjections } from '../../../cloud/db/rebuild';
import { StockMateError } from '../../../shared';
import type { OpenedDatabase } from '../../support/adapters';
import { adapters, HELD, postgresAdapterWith } from '../../support/adapters';
import { dumpAll, dumpProjections } from '../../support/dump';
import { randomHistory, seededRandom } from '../../support/random-history';
import { refusalOf } from '../../support/refusal';
import { heldAtItsWrite } from '../../support/held';
import { scenario } from '../../support/scenario';

const rejection = (promise: Promise<unknown>) => refusalOf(promise, StockMateError);

/**
 * A command holds its write (and its tenant's lock) while a rebuild begins; once it commits, the
 * rebuild must replay its event too.
 */
const rebuildBesideACommittingCommand = async (opened: OpenedDatabase) => {
  const s = scenario(opened.db);
  const warehouseId = await s.warehouse();
  const productId = await s.product();
  await s.run('receiveStock', { productId, warehouseId, quantity: 5 });
  // The command's write is held after it has read, holding its tenant's lock, until released.
  const other = heldAtItsWrite(opened.db);
  const issuing = scenario(other.db, { tenantId: s.tenantId }).run('issueStock', {
    productId,
    warehouseId,
    quantity: 2,
  });
  await other.held;
  const rebuilding = rebuildProjections(opened.db, s.tenantId);
  await new Promise((resolve) => setTimeout(resolve, 100));
  other.release();
  await issuing;
  await rebuilding;

  const projected = await opened.db.tenant(s.tenantId, 'read', (tx) =>
    tx.one<{ onHand: number; movements: number }>(
      `SELECT (SELECT on_hand FROM stock_levels) AS "onHand",
              (SELECT count(*)::int FROM movements) AS movements`,
    ),
  );
  expect(projected).toEqual({ onHand: 3, movements: 2 });
};

for (const adapter of adapters) {
  const available = await adapter.available();

  describe.skipIf(!available)(`the event store on ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    beforeAll(async () => {
      opened = await adapter.open();
    });
    afterAll(async () => {
      await opened.close();
    });

    it('records a receipt and an issue as events and keeps stock and the ledger in step', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      await s.run('receiveStock', { productId, warehouseId, quantity: 40 });
      const issued = await s.run('issueStock', {
        productId,
        warehouseId,
        quantity: 15,
        reference: 'SO-1',
      });

      expect(issued.stockLevels).toEqual([
        expect.objectContaining({ productId, warehouseId, onHand: 25, reserved: 0 }),
      ]);
      const stored = await opened.db.tenant(s.tenantId, 'read', (tx) =>
        tx.rows<{
          type: string;
          version: number;
          metadata: { actor: string; idempotencyKey: string };
        }>(
          `SELECT type, version, metadata FROM events WHERE stream_id = :stream ORDER BY version`,
          { stream: `product:${productId}` },
        ),
      );
      expect(stored.map((e) => [e.type, e.version])).toEqual([
        ['ProductRegistered', 1],
        ['StockReceived', 2],
        ['StockIssued', 3],
      ]);
      expect(stored[2]!.metadata.actor).toBe('user-1');
      const ledger = await opened.db.tenant(s.tenantId, 'read', (tx) =>
        tx.rows<{ kind: string; quantity: number; onHandAfter: number }>(
          `SELECT kind, quantity, on_hand_after AS "onHandAfter" FROM movements WHERE product_id = :id::uuid ORDER BY occurred_at, kind`,
          { id: productId },
        ),
      );
      expect(ledger).toEqual([
        { kind: 'receipt', quantity: 40, onHandAfter: 40 },
        { kind: 'issue', quantity: -15, onHandAfter: 25 },
      ]);
    });

    it('refuses invalid input with a ValidationError naming each field, and writes nothing', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      await s.run('receiveStock', { productId, warehouseId, quantity: 10 });
      const before = await dumpAll(opened.db, s.tenantId);

      const bad = [
        { productId, warehouseId, quantity: 0 },
        { productId, warehouseId, quantity: -3 },
        { productId, warehouseId, quantity: 1.5 },
        { productId, warehouseId, quantity: '7' },
        { productId: 'not-a-uuid', warehouseId, quantity: 1 },
        { warehouseId, quantity: 1 },
        { productId, warehouseId, quantity: 1, reference: 'x'.repeat(10_000) },
        { productId, warehouseId, quantity: 1, unexpected: true },
      ];
      for (const input of bad) {
        const error = await rejection(s.run('issueStock', input));
        expect(error.type).toBe('ValidationError');
        expect(error.fields.length).toBeGreaterThan(0);
      }
      const fields = await Promise.all(
        bad.slice(0, 6).map(async (input) => (await rejection(s.run('issueStock', input))).field),
      );
      expect(fields).toEqual([
        'quantity',
        'quantity',
        'quantity',
        'quantity',
        'productId',
        'productId',
      ]);
      expect(await dumpAll(opened.db, s.tenantId)).toEqual(before);
    });

    it('refuses domain violations with typed errors and writes nothing', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const other = await s.warehouse();
      const productId = await s.product({ sku: 'DUP-1' });
      await s.run('receiveStock', { productId, warehouseId, quantity: 5 });
      const before = await dumpAll(opened.db, s.tenantId);

      expect(
        (await rejection(s.run('issueStock', { productId, warehouseId, quantity: 6 }))).type,
      ).toBe('InsufficientStock');
      expect(
        (
          await rejection(
            s.run('transferStock', {
              productId,
              fromWarehouseId: warehouseId,
              toWarehouseId: warehouseId,
              quantity: 1,
            }),
          )
        ).field,
      ).toBe('toWarehouseId');
      expect(
        (
          await rejection(
            s.run('transferStock', {
              productId,
              fromWarehouseId: other,
              toWarehouseId: warehouseId,
              quantity: 1,
            }),
          )
        ).type,
      ).toBe('InsufficientStock');
      expect(
        (
          await rejection(
            s.run('registerProduct', {
              sku: 'dup-1',
              name: 'Twin',
              unitCost: { amountMinor: 1, currency: 'EUR' },
            }),
          )
        ).field,
      ).toBe('sku');
      expect(
        (
          await rejection(
            s.run('issueStock', { productId: crypto.randomUUID(), warehouseId, quantity: 1 }),
          )
        ).type,
      ).toBe('NotFound');
      expect(
        (
          await rejection(
            s.run('receiveStock', { productId, warehouseId: crypto.randomUUID(), quantity: 1 }),
          )
        ).field,
      ).toBe('warehouseId');
      expect(await dumpAll(opened.db, s.tenantId)).toEqual(before);
    });

    it('refuses stock past what a product may hold with a typed error, and answers totals past an integer', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      const billion = 1_000_000_000;
      await s.run('receiveStock', { productId, warehouseId, quantity: billion });
      await s.run('receiveStock', { productId, warehouseId, quantity: billion });
      const before = await dumpAll(opened.db, s.tenantId);
      const refused = await rejection(
        s.run('receiveStock', { productId, warehouseId, quantity: billion }),
      );
      expect([refused.type, refused.field]).toEqual(['ValidationError', 'quantity']);
      expect(refused.message).toMatch(/past 2147483647 units, all warehouses together/);
      expect(await dumpAll(opened.db, s.tenantId)).toEqual(before);

      // Two products of 2 billion each: the warehouse holds more than an integer takes.
      const other = await s.product();
      await s.run('receiveStock', { productId: other, warehouseId, quantity: billion });
      await s.run('receiveStock', { productId: other, warehouseId, quantity: billion });
      const archive = await rejection(s.run('archiveWarehouse', { warehouseId }));
      expect([archive.type, archive.field]).toEqual(['Conflict', 'warehouseId']);
      expect(archive.message).toMatch(/still holds 4000000000 units/);
    });

    it('refuses to submit an order that would put more of a product on order than it may hold, and reads what is on order', async () => {
      const s = scenario(opened.db);
      const [supplierId, warehouseId] = [await s.supplier(), await s.warehouse()];
      const productId = await s.product({ sku: 'BOLT-1', minStock: 10 });
      const other = await s.product();
      const order = async (lines: [string, number][]) =>
        (
          await s.run('draftPurchaseOrder', {
            supplierId,
            warehouseId,
            expectedAt: '2031-01-10',
            lines: lines.map(([id, quantity]) => ({
              productId: id,
              quantity,
              unitCost: { amountMinor: 1, currency: 'EUR' },
            })),
          })
        ).purchaseOrders[0]!.purchaseOrderId;
      const billion = 1_000_000_000;
      const first = await order([[productId, billion]]);
      await s.run('submitPurchaseOrder', { purchaseOrderId: first });
      await s.run('submitPurchaseOrder', { purchaseOrderId: await order([[productId, billion]]) });
      const third = await order([
        [other, 5],
        [productId, billion],
      ]);
      const before = await dumpAll(opened.db, s.tenantId);

      const refused = await rejection(s.run('submitPurchaseOrder', { purchaseOrderId: third }));
      expect([refused.type, refused.field]).toEqual(['ValidationError', 'purchaseOrderId']);
      expect(refused.message).toMatch(/would put 3000000000 units of BOLT-1 on order/);
      expect(await dumpAll(opened.db, s.tenantId)).toEqual(before);

      await s.run('cancelPurchaseOrder', { purchaseOrderId: first });
      await s.run('submitPurchaseOrder', { purchaseOrderId: third });
      const read = await opened.db.tenant(s.tenantId, 'read', async (tx) => ({
        list: (await listProducts(tx, { search: 'BOLT-1' })).items.map((p) => p.stock.onOrder),
        low: (await listLowStock(tx)).map((l) => [l.sku, l.onOrder]),
      }));
      expect(read).toEqual({ list: [2 * billion], low: [['BOLT-1', 2 * billion]] });
    });

    it('reads a day of demand past an integer as it is, for the analyser and the forecast chart', async () => {
      const today = '2031-03-04';
      const s = scenario(opened.db, { clock: { now: () => new Date(`${today}T12:00:00Z`) } });
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      const move = { productId, warehouseId, quantity: 1_000_000_000 };
      for (let round = 0; round < 2; round++) {
        await s.run('receiveStock', move);
        await s.run('receiveStock', move);
        await s.run('issueStock', move);
        await s.run('issueStock', move);
      }
      const read = await opened.db.tenant(s.tenantId, 'read', async (tx) => ({
        analysed: await demandHistory(tx, [productId], `${today}T00:00:00Z`),
        charted: (await productForecast(tx, productId, 1, today)).history,
      }));
      expect(read).toEqual({
        analysed: [{ productId, date: today, quantity: 4_000_000_000 }],
        charted: [{ date: today, quantity: 4_000_000_000 }],
      });
    });

    it('returns the first result for a repeated idempotency key and writes nothing more', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      const context = s.context({ idempotencyKey: 'receipt-0001' });
      const first = await s.service.execute(
        'receiveStock',
        { productId, warehouseId, quantity: 12 },
        context,
      );
      const before = await dumpAll(opened.db, s.tenantId);
      const again = await s.service.execute(
        'receiveStock',
        { productId, warehouseId, quantity: 12 },
        context,
      );

      expect(again.replayed).toBe(true);
      expect({ ...again, replayed: false }).toEqual(first);
      expect(await dumpAll(opened.db, s.tenantId)).toEqual(before);

      const reused = await rejection(
        s.service.execute('receiveStock', { productId, warehouseId, quantity: 13 }, context),
      );
      expect(reused.type).toBe('Conflict');
      expect(reused.field).toBe('idempotencyKey');
      const otherCommand = await rejection(
        s.service.execute('issueStock', { productId, warehouseId, quantity: 12 }, context),
      );
      expect(otherCommand.type).toBe('Conflict');
      expect(await dumpAll(opened.db, s.tenantId)).toEqual(before);
    });

    it('runs the same request concurrently under one idempotency key exactly once', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      const context = s.context({ idempotencyKey: 'concurrent-retry-1' });
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          s.service.execute('receiveStock', { productId, warehouseId, quantity: 3 }, context),
        ),
      );
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.events[0]!.eventId)).size).toBe(1);
      const level = await opened.db.tenant(s.tenantId, 'read', (tx) =>
        tx.one<{ on_hand: number }>('SELECT on_hand FROM stock_levels'),
      );
      expect(level?.on_hand).toBe(3);
    });

    it('lets exactly as many of 32 concurrent issues succeed as the stock allows', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      await s.run('receiveStock', { productId, warehouseId, quantity: 100 });

      const outcomes = await Promise.allSettled(
        Array.from({ length: 32 }, () =>
          s.run('issueStock', { productId, warehouseId, quantity: 7 }),
        ),
      );
      const refused = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [o.reason as unknown] : [],
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(14);
      expect(refused).toHaveLength(18);
      expect(
        refused.every((e) => e instanceof StockMateError && e.type === 'InsufficientStock'),
      ).toBe(true);
      const state = await opened.db.tenant(s.tenantId, 'read', async (tx) => ({
        onHand: (await tx.one<{ on_hand: number }>('SELECT on_hand FROM stock_levels'))?.on_hand,
        issued: (
          await tx.one<{ n: number }>(
            `SELECT count(*)::int AS n FROM events WHERE type = 'StockIssued'`,
          )
        )?.n,
      }));
      expect(state).toEqual({ onHand: 2, issued: 14 });
    });

    it('keeps each tenant to its own rows even when a query forgets the tenant filter', async () => {
      const a = scenario(opened.db);
      const b = scenario(opened.db);
      const warehouseA = await a.warehouse('SHARED-CODE');
      const productA = await a.product({ sku: 'SAME-SKU' });
      await a.run('receiveStock', { productId: productA, warehouseId: warehouseA, quantity: 9 });
      await b.warehouse('SHARED-CODE');
      await b.product({ sku: 'SAME-SKU' });

      const seenByB = await opened.db.tenant(b.tenantId, 'read', async (tx) => ({
        products: await tx.rows<{ tenant_id: string }>('SELECT tenant_id FROM products'),
        events: await tx.rows<{ tenant_id: string }>('SELECT tenant_id FROM events'),
        stock: await tx.rows('SELECT * FROM stock_levels'),
      }));
      expect(seenByB.products.map((p) => p.tenant_id)).toEqual([b.tenantId]);
      expect(new Set(seenByB.events.map((e) => e.tenant_id))).toEqual(new Set([b.tenantId]));
      expect(seenByB.stock).toEqual([]);

      expect(
        (
          await rejection(
            b.run('issueStock', { productId: productA, warehouseId: warehouseA, quantity: 1 }),
          )
        ).type,
      ).toBe('NotFound');
      const forged = opened.db.tenant(b.tenantId, 'write', (tx) =>
        tx.run(`UPDATE stock_levels SET on_hand = 0 WHERE tenant_id = :a`, { a: a.tenantId }),
      );
      expect(await forged).toBe(0);
      await expect(
        opened.db.tenant(b.tenantId, 'write', (tx) =>
          tx.run(
            `INSERT INTO warehouses (tenant_id, warehouse_id, code, name, created_at, updated_at) VALUES (:a, gen_random_uuid(), 'X', 'X', now(), now())`,
            {
              a: a.tenantId,
            },
          ),
        ),
      ).rejects.toBeInstanceOf(SqlError);
      const stillA = await opened.db.tenant(a.tenantId, 'read', (tx) =>
        tx.one<{ on_hand: number }>('SELECT on_hand FROM stock_levels'),
      );
      expect(stillA?.on_hand).toBe(9);
    });

    it('never lets SQL take stock below zero, whatever the code asks', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      await s.run('receiveStock', { productId, warehouseId, quantity: 4 });
      await s.run('reserveStock', {
        productId,
        warehouseId,
        quantity: 3,
        expiresAt: '2099-01-01T00:00:00Z',
      });
      const error = await opened.db
        .tenant(s.tenantId, 'write', (tx) =>
          tx.run('UPDATE stock_levels SET on_hand = on_hand - 2'),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SqlError);
      expect((error as SqlError).constraint).toBe('stock_levels_never_oversold');
    });

    it("makes a transaction's settings exactly as given, and only for that transaction", async () => {
      const awkward = 'O\'Brien\'s \\ "stock" ünïcödé';
      const read = (c: Parameters<Parameters<OpenedDatabase['driver']['transaction']>[0]>[0]) =>
        c.execute(`SELECT current_setting('app.tenant_id', true) AS tenant`, {});
      const inside = await opened.driver.transaction(
        read,
        settingsStatement({ 'app.tenant_id': awkward }),
      );
      expect(inside.rows[0]?.['tenant']).toBe(awkward);
      const after = await opened.driver.transaction(read, null);
      expect(after.rows[0]?.['tenant'] ?? '').toBe('');
    });

    it('returns a row as big as the adapter allows whole, with NULLs and any character intact', async () => {
      // 'ü📦x' is 7 bytes: megabytes in a row, or as many as a row of the Data API may hold.
      const units = Math.floor((opened.driver.statementLimits?.rowBytes ?? 2_100_000) / 7) - 100;
      const result = await opened.driver.transaction(
        (c) =>
          c.execute(
            `SELECT repeat(:unit, :units::integer) AS big, :text AS text, NULL AS nothing, 42 AS n`,
            { unit: 'ü📦x', units, text: 'O\'Brien\'s \\ "stock" 在庫' },
          ),
        null,
      );
      const row = result.rows[0]!;
      expect(String(row['big']).length).toBe('ü📦x'.length * units);
      expect(String(row['big']).slice(-8)).toBe('ü📦xü📦x');
      expect(row['text']).toBe('O\'Brien\'s \\ "stock" 在庫');
      expect(row['nothing']).toBeNull();
      expect(Number(row['n'])).toBe(42);
    });

    it('returns rows whole however much bigger their JSON is than a row of the answer may be', async () => {
      // Characters of one to four bytes, two of them escaped in JSON: 660 KB of JSON, the rows of
      // the Data API's answers hold 64 KB.
      const big = await opened.db.tenant('t-big', 'read', (tx) =>
        tx.one<{ text: string; after: number }>(
          `SELECT repeat(:unit, 60000) AS text, 42 AS after`,
          { unit: 'ü📦x"\\' },
        ),
      );
      expect(big).toEqual({ text: 'ü📦x"\\'.repeat(60_000), after: 42 });
    });

    it('commits nothing of a transaction whose statement failed, even when the error was swallowed', async () => {
      await opened.driver.transaction(
        (c) => c.execute('CREATE TABLE IF NOT EXISTS swallowed (n integer PRIMARY KEY)', {}),
        null,
      );
      const attempt = opened.driver.transaction(async (c) => {
        await c.execute('INSERT INTO swallowed VALUES (1)', {});
        await c.execute('INSERT INTO swallowed VALUES (1)', {}).catch(() => undefined);
        return 'done';
      }, null);
      await expect(attempt).rejects.toBeInstanceOf(SqlError);
      const left = await opened.driver.transaction(
        (c) => c.execute('SELECT count(*)::integer AS n FROM swallowed', {}),
        null,
      );
      expect(Number(left.rows[0]?.['n'])).toBe(0);
    });

    it("commits a transaction's last statement, and refuses all of it when that statement fails", async () => {
      await opened.driver.transaction(async (c) => {
        await c.execute('CREATE TABLE IF NOT EXISTS finals (n integer PRIMARY KEY)', {});
        return c.execute('GRANT INSERT ON finals TO stockmate_app', {});
      }, null);
      const count = async () =>
        Number(
          (
            await opened.driver.transaction(
              (c) => c.execute('SELECT count(*)::integer AS n FROM finals', {}),
              null,
            )
          ).rows[0]?.['n'],
        );
      const base = await count();
      const n = base * 10 + 1;

      await opened.db.system(async (tx) => {
        await tx.run('INSERT INTO finals VALUES (:n)', { n });
        return tx.last('INSERT INTO finals VALUES (:n)', { n: n + 1 });
      });
      expect(await count()).toBe(base + 2);

      const failing = opened.db.system(async (tx) => {
        await tx.run('INSERT INTO finals VALUES (:n)', { n: n + 2 });
        return tx.last('INSERT INTO finals VALUES (:n)', { n });
      });
      await expect(failing).rejects.toMatchObject({ code: '23505' });
      expect(await count()).toBe(base + 2);

      const swallowed = opened.db.system(async (tx) => {
        await tx.run('INSERT INTO finals VALUES (:n)', { n: n + 5 });
        return tx.last('INSERT INTO finals VALUES (:n)', { n }).catch(() => 0);
      });
      await expect(swallowed).rejects.toBeInstanceOf(SqlError);
      expect(await count()).toBe(base + 2);

      const alone = await opened.db.tenant('t-finals', 'write', (tx) =>
        tx.last('INSERT INTO finals VALUES (:a), (:b)', { a: n + 3, b: n + 4 }),
      );
      expect(alone).toBe(2);
      expect(await count()).toBe(base + 4);
      expect(await opened.db.system(() => Promise.resolve('nothing ran'))).toBe('nothing ran');
    });

    it('runs statements sent while another of the same transaction runs one after the other, in the order sent', async () => {
      await opened.driver.transaction(async (c) => {
        await c.execute('CREATE TABLE IF NOT EXISTS sent (n integer PRIMARY KEY)', {});
        return c.execute('GRANT INSERT, SELECT ON sent TO stockmate_app', {});
      }, null);
      // Sent together, without waiting; the Data API refuses one sent while the first is held.
      const [, , seen, total] = await opened.db.system((tx) =>
        Promise.all([
          tx.run(`INSERT INTO sent VALUES (1) ${HELD}`),
          tx.run('INSERT INTO sent VALUES (2)'),
          tx.rows<{ n: number }>('SELECT n FROM sent ORDER BY n'),
          tx.last('INSERT INTO sent SELECT max(n) + 1 FROM sent'),
        ]),
      );
      expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
      expect(total).toBe(1);
      expect(
        await opened.db.system((tx) => tx.rows<{ n: number }>('SELECT n FROM sent ORDER BY n')),
      ).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });

    it('ends a transaction only after every statement sent in it is answered, and refuses one sent after', async () => {
      await opened.driver.transaction(async (c) => {
        await c.execute('CREATE TABLE IF NOT EXISTS unawaited (n integer)', {});
        return c.execute('GRANT INSERT, SELECT ON unawaited TO stockmate_app', {});
      }, null);
      let kept: Tx | null = null;
      await opened.db.system(async (tx) => {
        kept = tx;
        await tx.run('INSERT INTO unawaited VALUES (1)');
        // Held by the Data API endpoint: still running when the work returns.
        void tx.run(`INSERT INTO unawaited VALUES (2) ${HELD}`);
      });
      await expect(kept!.run('INSERT INTO unawaited VALUES (3)')).rejects.toThrow(
        /after its transaction ended/,
      );
      expect(
        await opened.db.system((tx) =>
          tx.rows<{ n: number }>('SELECT n FROM unawaited ORDER BY n'),
        ),
      ).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('fails a transaction whose statement failed unawaited, and keeps nothing of it', async () => {
      await opened.driver.transaction(async (c) => {
        await c.execute('CREATE TABLE IF NOT EXISTS unanswered (n integer PRIMARY KEY)', {});
        return c.execute('GRANT INSERT, SELECT ON unanswered TO stockmate_app', {});
      }, null);
      const failing = opened.db.system(async (tx) => {
        await tx.run('INSERT INTO unanswered VALUES (2)');
        void tx.run('INSERT INTO unanswered VALUES (1), (1)').catch(() => undefined);
        return 'returned before it failed';
      });
      await expect(failing).rejects.toBeInstanceOf(SqlError);
      expect(
        await opened.db.system((tx) =>
          tx.one<{ n: number }>('SELECT count(*)::integer AS n FROM unanswered'),
        ),
      ).toEqual({ n: 0 });
    });

    it('runs nothing of a transaction whose settings cannot be made, and says why', async () => {
      await opened.driver.transaction(
        (c) => c.execute('CREATE TABLE IF NOT EXISTS unset (n integer)', {}),
        null,
      );
      const attempt = opened.driver.transaction(
        (c) => c.execute('INSERT INTO unset VALUES (1)', {}),
        settingsStatement({ role: 'no_such_role' }),
      );
      await expect(attempt).rejects.toMatchObject({
        message: expect.stringContaining('no_such_role') as unknown,
      });
      const left = await opened.driver.transaction(
        (c) => c.execute('SELECT count(*)::integer AS n FROM unset', {}),
        null,
      );
      expect(Number(left.rows[0]?.['n'])).toBe(0);
    });

    it('keeps events append-only and queries read-only', async () => {
      const s = scenario(opened.db);
      await s.warehouse();
      await expect(
        opened.db.tenant(s.tenantId, 'write', (tx) => tx.run(`UPDATE events SET type = 'Changed'`)),
      ).rejects.toBeInstanceOf(SqlError);
      await expect(
        opened.db.tenant(s.tenantId, 'write', (tx) => tx.run('DELETE FROM events')),
      ).rejects.toBeInstanceOf(SqlError);
      await expect(
        opened.db.tenant(s.tenantId, 'read', (tx) => tx.run(`UPDATE warehouses SET name = 'x'`)),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^(25006|42501)$/) as unknown });
      const count = await opened.db.tenant(s.tenantId, 'read', (tx) =>
        tx.one<{ n: number }>('SELECT count(*)::int AS n FROM events'),
      );
      expect(count?.n).toBe(1);
    });

    it('refuses a second registration of the same product id made at the same moment', async () => {
      const s = scenario(opened.db);
      const productId = crypto.randomUUID();
      const input = (sku: string) => ({
        productId,
        sku,
        name: 'Twin',
        unitCost: { amountMinor: 100, currency: 'EUR' },
      });
      const outcomes = await Promise.allSettled([
        s.run('registerProduct', input('T-1')),
        s.run('registerProduct', input('T-2')),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const failure = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(failure.reason).toMatchObject({ type: 'Conflict', field: 'productId' });
    });

    it('keeps awkward text and missing values exactly, live and after a rebuild', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const name = 'Bolt "M8", {zinc} \\ 40 — it\'s NULL';
      const productId = await s.product({ name, category: 'NULL' });
      await s.run('receiveStock', {
        productId,
        warehouseId,
        quantity: 3,
        note: 'PO "7" \\ a,b',
      });
      const read = () =>
        opened.db.tenant(s.tenantId, 'read', (tx) =>
          tx.one<{
            name: string;
            category: string | null;
            barcode: string | null;
            reference: string | null;
          }>(
            `SELECT p.name, p.category, p.barcode, m.note, m.reason FROM products p
             JOIN movements m USING (tenant_id, product_id) WHERE p.product_id = :id::uuid`,
            { id: productId },
          ),
        );
      const expected = {
        name,
        category: 'NULL',
        barcode: null,
        note: 'PO "7" \\ a,b',
        reason: null,
      };
      expect(await read()).toEqual(expected);
      await rebuildProjections(opened.db, s.tenantId);
      expect(await read()).toEqual(expected);
    });

    it('keeps a time given with an offset as the same instant, to the millisecond, live and after a rebuild', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      await s.run('receiveStock', { productId, warehouseId, quantity: 4 });
      await s.run('reserveStock', {
        productId,
        warehouseId,
        quantity: 1,
        expiresAt: '2099-01-01T02:30:00.123+02:30',
      });
      const read = () =>
        opened.db.tenant(s.tenantId, 'read', (tx) =>
          tx.one<{ expiresAt: string; exact: boolean }>(
            `SELECT iso_time(expires_at) AS "expiresAt",
                    expires_at = '2099-01-01T00:00:00.123Z'::timestamptz AS exact
             FROM reservations`,
          ),
        );
      const expected = { expiresAt: '2099-01-01T00:00:00.123Z', exact: true };
      expect(await read()).toEqual(expected);
      await rebuildProjections(opened.db, s.tenantId);
      expect(await read()).toEqual(expected);
    });

    it('rebuilds projections identical, row for row, to the live ones after a random history', async () => {
      const s = scenario(opened.db);
      const report = await randomHistory(s, 2_500, 7);
      expect(report.succeeded).toBeGreaterThan(report.attempted / 2);
      expect(Object.keys(report.refused)).toEqual(expect.arrayContaining(['InsufficientStock']));

      const live = await dumpProjections(opened.db, s.tenantId);
      const rebuilt = await rebuildProjections(opened.db, s.tenantId);
      const stored = await opened.db.tenant(s.tenantId, 'read', (tx) =>
        tx.one<{ n: number }>('SELECT count(*)::int AS n FROM events'),
      );
      expect(rebuilt.events).toBe(stored?.n);
      expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
      expect(live['movements']!.length).toBeGreaterThan(500);
      // Orders cancelled and orders closed short among them, and suggestions dismissed.
      const orders = live['purchase_orders'] as { status: string; suggest_again_on: unknown }[];
      const statuses = new Set(orders.map((o) => o.status));
      expect([...statuses]).toEqual(expect.arrayContaining(['cancelled', 'closed']));
      expect(orders.filter((o) => o.suggest_again_on !== null).length).toBeGreaterThan(0);

      // In small pages and chunks: each page is read while the last is projected and written.
      const paged = await rebuildProjections(opened.db, s.tenantId, {
        pageSize: 300,
        chunkSize: 200,
      });
      expect(paged.events).toBe(stored?.n);
      expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
    }, 300_000);

    it('rebuilds a history whose events and movements take more than one statement may carry', async () => {
      const s = scenario(opened.db);
      const warehouseId = await s.warehouse();
      const productId = await s.product();
      // Notes of 2 KB (999 characters of two and four bytes): a page of these events takes more
      // than one answer of the Data API holds, their movements more than a request may send.
      const note = 'ü📦'.repeat(333);
      await Promise.all(
        Array.from({ length: 40 }, async () => {
          for (let i = 0; i < 50; i++)
            await s.run('receiveStock', { productId, warehouseId, quantity: 1, note });
        }),
      );
      // The projections summed up in the database: whole, they are more than a statement returns.
      const digest = () =>
        opened.db.tenant(s.tenantId, 'read', (tx) =>
          tx.one(
            `SELECT (SELECT count(*)::int FROM movements) AS movements,
                    (SELECT md5(string_agg(m::text, ',' ORDER BY event_id, seq)) FROM movements m) AS ledger,
                    (SELECT string_agg(l::text, ',') FROM stock_levels l) AS levels,
                    (SELECT string_agg(p::text, ',') FROM products p) AS products`,
          ),
        );
      const live = await digest();
      const rebuilt = await rebuildProjections(opened.db, s.tenantId);
      expect(rebuilt.events).toBe(2_002);
      expect(await digest()).toEqual(live);
      expect(live).toMatchObject({ movements: 2_000 });
    }, 120_000);

    it('rebuilds with the event of a command that was committing when the rebuild began', () =>
      rebuildBesideACommittingCommand(opened));

    it('rebuilds while commands of the same tenant run, and keeps every change they make', async () => {
      const s = scenario(opened.db);
      await randomHistory(s, 600, 11);
      const ids = await opened.db.tenant(s.tenantId, 'read', async (tx) => ({
        // Those stock can move in: the history may have left some archived.
        products: await tx.rows<{ id: string }>(
          `SELECT product_id AS id FROM products WHERE NOT archived`,
        ),
        warehouses: await tx.rows<{ id: string }>(
          `SELECT warehouse_id AS id FROM warehouses WHERE NOT archived`,
        ),
      }));
      const products = ids.products.map((r) => r.id);
      const warehouses = ids.warehouses.map((r) => r.id);
      const rnd = seededRandom(5);
      const command = (worker: number, i: number) => {
        const roll = rnd.next();
        const productId = rnd.pick(products);
        const [from, to] = [rnd.pick(warehouses), rnd.pick(warehouses)];
        if (roll < 0.1)
          return s.product({ sku: `NEW-${worker}-${i}` }).then((id) => products.push(id));
        if (roll < 0.15) return s.warehouse(`NEW-${worker}-${i}`).then((id) => warehouses.push(id));
        if (roll < 0.5) return s.run('receiveStock', { productId, warehouseId: from, quantity: 5 });
        if (roll < 0.8) return s.run('issueStock', { productId, warehouseId: from, quantity: 3 });
        if (from === to)
          return s.run('adjustStock', {
            productId,
            warehouseId: from,
            delta: 1,
            reason: 'found',
          });
        return s.run('transferStock', {
          productId,
          fromWarehouseId: from,
          toWarehouseId: to,
          quantity: 2,
        });
      };
      let rebuildEnded = Infinity;
      const spans: { start: number; end: number }[] = [];
      const commands = async (worker: number) => {
        for (let i = 0; i < 60; i++) {
          const start = performance.now();
          // Stock may run short; any other refusal fails the test.
          await command(worker, i).catch((error: unknown) => {
            if (!(error instanceof StockMateError && error.type === 'InsufficientStock'))
              throw error;
          });
          spans.push({ start, end: performance.now() });
        }
      };

      // In small pages and chunks, so that the rebuild takes many statements and commands arrive
      // meanwhile, from four workers.
      await Promise.all([
        rebuildProjections(opened.db, s.tenantId, { pageSize: 50, chunkSize: 20 }).then(() => {
          rebuildEnded = performance.now();
        }),
        ...[0, 1, 2, 3].map(commands),
      ]);
      // Commands were in flight when the rebuild committed: the two really ran side by side.
      expect(spans.some((c) => c.start < rebuildEnded && c.end > rebuildEnded)).toBe(true);

      const live = await dumpProjections(opened.db, s.tenantId);
      await rebuildProjections(opened.db, s.tenantId);
      expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
    }, 300_000);
  });
}

// The store asks for READ COMMITTED itself: a server whose sessions default to another isolation
// would otherwise have each transaction see the data as it was when it began, before its locks.
const repeatableReadByDefault = postgresAdapterWith(4, {
  default_transaction_isolation: 'repeatable read',
});
describe.skipIf(!(await repeatableReadByDefault.available()))(
  'the event store on a PostgreSQL server whose sessions default to REPEATABLE READ',
  () => {
    let opened: OpenedDatabase;
    beforeAll(async () => {
      opened = await repeatableReadByDefault.open();
    });
    afterAll(async () => {
      await opened.close();
    });

    it('rebuilds with the event of a command that was committing when the rebuild began', () =>
      rebuildBesideACommittingCommand(opened));
  },
);

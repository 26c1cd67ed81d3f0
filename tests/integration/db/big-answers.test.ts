import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demandHistory } from '../../../cloud/db/queries/planning';
import type { OpenedDatabase } from '../../support/adapters';
import { adapters } from '../../support/adapters';
import { SqlError } from '../../../cloud/db/port';
import { refusalOf } from '../../support/refusal';

const MiB = 1024 * 1024;

/** Two years of daily issues of `products` products for the tenant, written straight as movements. */
const seedDemand = async (opened: OpenedDatabase, tenantId: string, products: number) =>
  opened.db.tenant(tenantId, 'write', (tx) =>
    tx.run(
      `INSERT INTO movements (tenant_id, event_id, seq, product_id, warehouse_id, kind, quantity,
                              on_hand_after, actor, occurred_at)
       SELECT current_tenant(), gen_random_uuid(), 0, md5('product' || p)::uuid,
              md5('warehouse')::uuid, 'issue', -(1 + (p + d) % 7), 0, 'user-1',
              timestamptz '2024-01-01 12:00Z' + d * interval '1 day'
       FROM generate_series(1, :products::integer) p, generate_series(0, 729) d`,
      { products },
    ),
  );

for (const adapter of adapters) {
  const available = await adapter.available();

  describe.skipIf(!available)(`answers bigger than one answer may hold, on ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    beforeAll(async () => {
      opened = await adapter.open();
    });
    afterAll(async () => {
      await opened.close();
    });

    it('returns every row of an answer several times the 1 MiB the Data API answers at most, in order', async () => {
      // Characters of one to four bytes, two of them escaped in JSON: about 3.5 MB of JSON.
      const rows = await opened.db.tenant('t-big-answer', 'read', (tx) =>
        tx.rows<{ n: number; text: string }>(
          `SELECT g AS n, repeat(:unit, 300) || g AS text FROM generate_series(1, 1500) g ORDER BY g`,
          { unit: 'ü📦x"\\' },
        ),
      );
      expect(rows).toHaveLength(1500);
      rows.forEach((row, i) => {
        expect(row.n).toBe(i + 1);
        expect(row.text).toBe(`${'ü📦x"\\'.repeat(300)}${i + 1}`);
      });
    });

    it("reads two years of many products' daily demand, as the analyser does, however big the answer", async () => {
      const tenantId = `t-demand-${adapter.name}`;
      const products = 40;
      await seedDemand(opened, tenantId, products);
      const productIds = await opened.db.tenant(tenantId, 'read', (tx) =>
        tx.rows<{ id: string }>(`SELECT DISTINCT product_id AS id FROM movements ORDER BY 1`),
      );
      const history = await opened.db.tenant(tenantId, 'read', (tx) =>
        demandHistory(
          tx,
          productIds.map((p) => p.id),
          '2024-01-01T00:00:00Z',
        ),
      );
      // 29,200 days of demand: some 2 MB of JSON.
      expect(Buffer.byteLength(JSON.stringify(history))).toBeGreaterThan(2 * MiB);
      expect(history).toHaveLength(products * 730);
      const total = history.reduce((sum, row) => sum + row.quantity, 0);
      const expected = await opened.db.tenant(tenantId, 'read', (tx) =>
        tx.one<{ total: number }>(`SELECT -sum(quantity)::integer AS total FROM movements`),
      );
      expect(total).toBe(expected?.total);
    });

    it('returns a big answer of a statement that writes where answers are not limited, and where they are refuses it and writes nothing', async () => {
      const tenantId = `t-big-write-${adapter.name}`;
      const writing = opened.db.tenant(tenantId, 'write', (tx) =>
        tx.rows<{ note: string }>(
          `INSERT INTO movements (tenant_id, event_id, seq, product_id, warehouse_id, kind, quantity,
                                  on_hand_after, note, actor, occurred_at)
           SELECT current_tenant(), gen_random_uuid(), 0, gen_random_uuid(), gen_random_uuid(),
                  'receipt', 1, 1, repeat('n', 1000), 'user-1', now()
           FROM generate_series(1, 2000)
           RETURNING note`,
        ),
      );
      const written = async () =>
        (
          await opened.db.tenant(tenantId, 'read', (tx) =>
            tx.one<{ n: number }>(`SELECT count(*)::integer AS n FROM movements`),
          )
        )?.n;
      if (opened.db.statementLimits === null) {
        expect(await writing).toHaveLength(2000);
        expect(await written()).toBe(2000);
      } else {
        // Read again through a cursor, the statement would write twice: PostgreSQL refuses it.
        const refusal = await refusalOf(writing, SqlError);
        expect(refusal.message).toMatch(/data-modifying/);
        expect(await written()).toBe(0);
      }
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlError } from '../../../cloud/db/port';
import { rebuildProjections } from '../../../cloud/db/rebuild';
import type { AdapterUnderTest, OpenedDatabase } from '../../support/adapters';
import { adapters, postgresAdapterWith } from '../../support/adapters';
import { dumpProjections, projectionTableNames } from '../../support/dump';
import { randomHistory } from '../../support/random-history';
import { refusalOf } from '../../support/refusal';
import { scenario } from '../../support/scenario';

/** A relation's file and its object id, as `pg_class` has them. */
const relation = async (opened: OpenedDatabase, name: string) => {
  const result = await opened.driver.transaction(
    (c) =>
      c.execute(
        `SELECT relfilenode::text AS file, oid::text AS id FROM pg_class WHERE relname = :name`,
        { name },
      ),
    null,
  );
  return { file: String(result.rows[0]?.['file']), id: String(result.rows[0]?.['id']) };
};

/** The file a table is kept in: TRUNCATE gives it a new one, DELETE keeps it. */
const fileOf = async (opened: OpenedDatabase, table: string) =>
  (await relation(opened, table)).file;

/** An index's object id: the same index after TRUNCATE, a new one once dropped and built again. */
const indexId = async (opened: OpenedDatabase, index: string) => (await relation(opened, index)).id;

/** The indexes of the projections, each with its definition and whether queries may use it. */
const projectionIndexes = async (opened: OpenedDatabase) => {
  const result = await opened.driver.transaction(
    (c) =>
      c.execute(
        `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition,
                (i.indisvalid AND i.indisready)::text AS usable
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = ANY (SELECT t::regclass FROM unnest(:tables::text[]) t)
         ORDER BY c.relname`,
        { tables: projectionTableNames },
      ),
    null,
  );
  return result.rows;
};

/** Each test on a database of its own: which tenants have rows is what is tested. */
const onFreshDatabases = (adapter: AdapterUnderTest, tests: (db: () => OpenedDatabase) => void) =>
  describe(`on ${adapter.name}`, () => {
    let opened: OpenedDatabase | null = null;
    beforeEach(async () => {
      opened = await adapter.open();
    });
    afterEach(async () => {
      await opened?.close();
      opened = null;
    });
    tests(() => opened!);
  });

for (const adapter of adapters) {
  const available = await adapter.available();

  describe.skipIf(!available)('a rebuild empties the projections before it replays', () => {
    onFreshDatabases(adapter, (db) => {
      it('truncates them where its tenant has them to itself, and rebuilds them row for row', async () => {
        const opened = db();
        const s = scenario(opened.db);
        await randomHistory(s, 300, 3);
        const live = await dumpProjections(opened.db, s.tenantId);
        const before = await fileOf(opened, 'movements');

        await rebuildProjections(opened.db, s.tenantId);

        expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
        expect(await fileOf(opened, 'movements')).not.toBe(before);
      }, 120_000);

      it('builds the secondary indexes it set aside again, each as it was defined', async () => {
        const opened = db();
        const s = scenario(opened.db);
        await randomHistory(s, 200, 6);
        const indexes = await projectionIndexes(opened);
        expect(indexes).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ name: 'movements_product', usable: 'true' }),
            expect.objectContaining({ name: 'products_name_search', usable: 'true' }),
          ]),
        );
        const before = await fileOf(opened, 'movements');
        const indexBefore = await indexId(opened, 'movements_product');

        await rebuildProjections(opened.db, s.tenantId);

        expect(await fileOf(opened, 'movements')).not.toBe(before);
        expect(await indexId(opened, 'movements_product')).not.toBe(indexBefore);
        expect(await projectionIndexes(opened)).toEqual(indexes);
      }, 120_000);

      it('cannot commit a transaction that set the indexes aside without building them again', async () => {
        const opened = db();
        const s = scenario(opened.db);
        await randomHistory(s, 100, 7);
        const live = await dumpProjections(opened.db, s.tenantId);
        const indexes = await projectionIndexes(opened);

        const refusal = await refusalOf(
          opened.db.tenant(s.tenantId, 'exclusive', async (tx) => {
            await tx.run(`SELECT empty_projections()`);
            await tx.run(`SELECT set_aside_projection_indexes()`);
          }),
          SqlError,
        );

        expect(refusal.code).toBe('55000');
        expect(refusal.message).toMatch(/was set aside and not built again/);
        expect(await projectionIndexes(opened)).toEqual(indexes);
        expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
      }, 120_000);

      it("deletes only its tenant's rows where another tenant has rows, even one supplier, and leaves them as they were", async () => {
        const opened = db();
        const s = scenario(opened.db);
        await randomHistory(s, 300, 4);
        const other = scenario(opened.db);
        await other.supplier({ name: 'Only Supplier Ltd' });
        const live = await dumpProjections(opened.db, s.tenantId);
        const others = await dumpProjections(opened.db, other.tenantId);
        const before = await fileOf(opened, 'movements');
        const indexBefore = await indexId(opened, 'movements_product');
        const indexesBefore = await projectionIndexes(opened);

        await rebuildProjections(opened.db, s.tenantId);

        expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
        expect(await dumpProjections(opened.db, other.tenantId)).toEqual(others);
        expect(others['suppliers']).toHaveLength(1);
        expect(await fileOf(opened, 'movements')).toBe(before);
        // Nothing was set aside where nothing was truncated.
        expect(await projectionIndexes(opened)).toEqual(indexesBefore);
        expect(await indexId(opened, 'movements_product')).toBe(indexBefore);
      }, 120_000);

      it('refuses to empty projections, or set their indexes aside, outside a tenant transaction', async () => {
        const opened = db();
        const s = scenario(opened.db);
        await s.supplier();
        const indexes = await projectionIndexes(opened);
        for (const step of ['empty_projections', 'set_aside_projection_indexes']) {
          const refusal = await refusalOf(
            opened.db.system((tx) => tx.run(`SELECT ${step}()`)),
            SqlError,
          );
          expect(refusal.code).toBe('42501');
        }
        expect(await projectionIndexes(opened)).toEqual(indexes);
        expect(await dumpProjections(opened.db, s.tenantId)).toMatchObject({
          suppliers: [expect.anything()],
        });
      });
    });
  });
}

// Another tenant's first write, under way as the rebuild asks whether its tenant is alone: the
// rebuild must ask again once it holds the tables.
const pool = postgresAdapterWith(4);
describe.skipIf(!(await pool.available()))('a rebuild beside a write of another tenant', () => {
  let opened: OpenedDatabase;
  beforeEach(async () => {
    opened = await pool.open();
  });
  afterEach(async () => {
    await opened.close();
  });

  it('keeps the rows of a tenant whose first write commits while the rebuild waits for the tables', async () => {
    const s = scenario(opened.db);
    await randomHistory(s, 100, 5);
    const live = await dumpProjections(opened.db, s.tenantId);

    // The other tenant's row is written, not yet committed, when the rebuild begins.
    let written = () => undefined as void;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    let commit = () => undefined as void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const writing = opened.driver.transaction(async (c) => {
      await c.execute(
        `INSERT INTO suppliers (tenant_id, supplier_id, name, lead_time_days, minimum_order_quantity,
                                pack_size, created_at, updated_at)
         VALUES ('t-other', gen_random_uuid(), 'First Supplier', 7, 1, 1, now(), now())`,
        {},
      );
      written();
      await committing;
    }, null);
    await isWritten;
    const rebuilding = rebuildProjections(opened.db, s.tenantId);
    // The rebuild found no other tenant's row, and waits for the tables the write holds.
    const waiting = async () => {
      const found = await opened.driver.transaction(
        (c) =>
          c.execute(
            `SELECT count(*)::integer AS n FROM pg_locks l JOIN pg_class r ON r.oid = l.relation
             WHERE NOT l.granted AND l.mode = 'AccessExclusiveLock' AND r.relname = 'suppliers'`,
            {},
          ),
        null,
      );
      return Number(found.rows[0]?.['n']) > 0;
    };
    for (let i = 0; !(await waiting()); i++) {
      if (i > 500) throw new Error('the rebuild never waited for the tables');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    commit();
    await writing;
    await rebuilding;

    expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
    const kept = await opened.db.tenant('t-other', 'read', (tx) =>
      tx.rows<{ name: string }>(`SELECT name FROM suppliers`),
    );
    expect(kept).toEqual([{ name: 'First Supplier' }]);
  }, 120_000);
});

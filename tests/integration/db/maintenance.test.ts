import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../support/adapters';
import { pgliteAdapter, postgresAdapter } from '../../support/adapters';
import { scenario } from '../../support/scenario';

const estimatedRows = async (opened: OpenedDatabase, table: string) => {
  const result = await opened.driver.transaction(
    (c) =>
      c.execute(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = :table`, { table }),
    null,
  );
  return Number(result.rows[0]?.['n']);
};

/** How often the table was scanned whole and through an index, as far as the statistics know. */
const scans = async (opened: OpenedDatabase, table: string) => {
  await opened.driver.transaction((c) => c.execute('SELECT pg_stat_force_next_flush()', {}), null);
  const result = await opened.driver.transaction(
    (c) =>
      c.execute(
        `SELECT seq_scan::int AS seq, idx_scan::int AS idx FROM pg_stat_user_tables WHERE relname = :table`,
        { table },
      ),
    null,
  );
  const row = result.rows[0] as { seq: number; idx: number };
  return { seq: Number(row.seq), idx: Number(row.idx) };
};

describe('maintenance of the embedded database', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await pgliteAdapter.open();
  });
  afterAll(async () => {
    await opened.close();
  });

  it('gives the planner row counts that PGlite, having no autovacuum, never gathers itself', async () => {
    const s = scenario(opened.db);
    for (let i = 0; i < 30; i++) await s.product();
    expect(await estimatedRows(opened, 'products')).toBe(-1);

    const tables = await opened.db.maintain();

    expect(tables).toBeGreaterThanOrEqual(1);
    expect(await estimatedRows(opened, 'products')).toBe(30);
  });

  it('looks after only the tables changed past PostgreSQL’s autovacuum thresholds', async () => {
    await opened.db.maintain();
    expect(await opened.db.maintain()).toBe(0);

    // 100 new rows exceed 50 + 10 % of the products, not 50 + 10 % of any other table's rows.
    await opened.db.system((tx) =>
      tx.run(
        `INSERT INTO outbox (tenant_id, event_id, topic, payload)
         SELECT 'maintenance', gen_random_uuid(), 'test', '{}'::jsonb FROM generate_series(1, 100)`,
      ),
    );
    expect(await opened.db.maintain()).toBe(1);
    expect(await opened.db.maintain()).toBe(0);
  });

  it('only analyses a table due for fresh statistics, and vacuums one full of dead rows', async () => {
    const treated = async () => {
      await opened.driver.transaction(
        (c) => c.execute('SELECT pg_stat_force_next_flush()', {}),
        null,
      );
      const result = await opened.driver.transaction(
        (c) =>
          c.execute(
            `SELECT vacuum_count::int AS vacuums, analyze_count::int AS analyses
             FROM pg_stat_user_tables WHERE relname = 'outbox'`,
            {},
          ),
        null,
      );
      const row = result.rows[0] as { vacuums: number; analyses: number };
      return { vacuums: Number(row.vacuums), analyses: Number(row.analyses) };
    };
    await opened.db.maintain();
    const before = await treated();

    // 100 rows changed: past the statistics threshold, far from the inserted-rows one.
    await opened.db.system((tx) =>
      tx.run(
        `INSERT INTO outbox (tenant_id, event_id, topic, payload)
         SELECT 'maintenance', gen_random_uuid(), 'dead', '{}'::jsonb FROM generate_series(1, 100)`,
      ),
    );
    await opened.db.maintain();
    const analysed = await treated();
    expect(analysed).toEqual({ vacuums: before.vacuums, analyses: before.analyses + 1 });

    // The same 100 rows dead: past the dead-rows threshold.
    await opened.db.system((tx) => tx.run(`DELETE FROM outbox WHERE topic = 'dead'`));
    await opened.db.maintain();
    expect(await treated()).toEqual({
      vacuums: analysed.vacuums + 1,
      analyses: analysed.analyses + 1,
    });
  });

  it('makes a statement planned while its table was small use the index once the table has grown', async () => {
    const pending = () =>
      opened.db.system((tx) =>
        tx.rows(
          `SELECT outbox_id FROM outbox WHERE processed_at IS NULL AND topic = 'plans' ORDER BY outbox_id LIMIT 5`,
        ),
      );
    const grow = (rows: number) =>
      opened.db.system((tx) =>
        tx.run(
          `INSERT INTO outbox (tenant_id, event_id, topic, payload, processed_at)
           SELECT 'maintenance', gen_random_uuid(), 'plans', '{}'::jsonb, now() FROM generate_series(1, :rows)`,
          { rows },
        ),
      );
    await grow(5);
    await opened.db.maintain();
    await pending();
    await grow(20_000);

    const before = await scans(opened, 'outbox');
    await pending();
    const unmaintained = await scans(opened, 'outbox');
    await opened.db.maintain();
    const maintained = await scans(opened, 'outbox');
    await pending();
    const after = await scans(opened, 'outbox');

    expect(unmaintained.seq - before.seq).toBe(1);
    expect(after.seq - maintained.seq).toBe(0);
    expect(after.idx - maintained.idx).toBe(1);
  });

  it('lets commands in between tables and keeps them correct', async () => {
    const s = scenario(opened.db);
    const warehouseId = await s.warehouse();
    const productId = await s.product();
    const [tables, received] = await Promise.all([
      opened.db.maintain(),
      s.run('receiveStock', { productId, warehouseId, quantity: 12 }),
    ]);
    expect(tables).toBeGreaterThan(0);
    expect(received.stockLevels[0]).toEqual(expect.objectContaining({ onHand: 12 }));
  });

  it('answers a request that arrives during maintenance before it treats every due table', async () => {
    await opened.driver.transaction(async (c) => {
      for (const table of ['waiting_a', 'waiting_b', 'waiting_c']) {
        await c.execute(
          `CREATE TABLE ${table} AS SELECT g AS n FROM generate_series(1, 500) g`,
          {},
        );
      }
      return null;
    }, null);
    const order: string[] = [];
    const maintained = opened.db.maintain().then((tables) => {
      order.push('maintenance');
      return tables;
    });
    // As a socket's data would: in a later turn of the event loop than the maintenance began in.
    const answered = new Promise<void>((resolve) =>
      setTimeout(() => {
        void opened.db
          .system((tx) => tx.one('SELECT 1 AS one'))
          .then(() => {
            order.push('request');
            resolve();
          });
      }, 0),
    );
    const [tables] = await Promise.all([maintained, answered]);
    expect(tables).toBeGreaterThanOrEqual(3);
    expect(order).toEqual(['request', 'maintenance']);
  });
});

const server = await postgresAdapter.available();

describe.skipIf(!server)('maintenance on a PostgreSQL server', () => {
  it('is left to the server’s autovacuum', async () => {
    const opened = await postgresAdapter.open();
    try {
      expect(await opened.db.maintain()).toBe(0);
    } finally {
      await opened.close();
    }
  });
});

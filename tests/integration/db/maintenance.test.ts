import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../support/adapters';
import { pgliteAdapter, postgresAdapter } from '../../support/adapters';
import { scenario } from '../../support/scenario';

const estimatedRows = async (opened: OpenedDatabase, table: string) => {
  const result = await opened.driver.transaction(
    (c) =>
      c.execute(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = :table`, { table }),
    {},
  );
  return Number(result.rows[0]?.['n']);
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

    expect(tables).toBeGreaterThanOrEqual(15);
    expect(await estimatedRows(opened, 'products')).toBe(30);
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

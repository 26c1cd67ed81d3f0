import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../../cloud/db/port';
import { rebuildProjections } from '../../../cloud/db/rebuild';
import type { OpenedDatabase } from '../../support/adapters';
import { postgresAdapterWith } from '../../support/adapters';
import { dumpProjections } from '../../support/dump';
import { scenario } from '../../support/scenario';

// Two connections: the fewest on which a rebuild reads its events beside its own transaction.
const adapter = postgresAdapterWith(2);
const available = await adapter.available();

describe.skipIf(!available)('a rebuild on a pool of two connections', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await adapter.open();
  });
  afterAll(async () => {
    await opened.close();
  });

  it('reads its events beside its own transaction', () => {
    expect(opened.db.concurrent).toBe(true);
  });

  it('finishes while a write of its tenant waits for its lock, and the write goes on after it', async () => {
    const s = scenario(opened.db);
    const warehouseId = await s.warehouse();
    const productId = await s.product();
    for (let i = 0; i < 60; i++)
      await s.run('receiveStock', { productId, warehouseId, quantity: 1 });
    const live = await dumpProjections(opened.db, s.tenantId);

    // The rebuild pauses once its first statement is answered: it holds the tenant's lock.
    let locked = () => undefined as void;
    const holdsLock = new Promise<void>((resolve) => (locked = resolve));
    let proceed = () => undefined as void;
    const proceeding = new Promise<void>((resolve) => (proceed = resolve));
    const pausing = (tx: Tx): Tx => {
      let first = true;
      return {
        ...tx,
        run: async (sql, params) => {
          const changed = await tx.run(sql, params);
          if (first) {
            first = false;
            locked();
            await proceeding;
          }
          return changed;
        },
      };
    };
    const db: Database = {
      ...opened.db,
      tenant: (tenantId, mode, work) =>
        opened.db.tenant(tenantId, mode, mode === 'exclusive' ? (tx) => work(pausing(tx)) : work),
    };

    const rebuilt = rebuildProjections(db, s.tenantId, { pageSize: 5, chunkSize: 3 });
    await holdsLock;
    // A write of the tenant takes whatever connection is free and waits there for the lock.
    const write = opened.db.tenant(s.tenantId, 'write', (tx) =>
      tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM movements`),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    proceed();

    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the rebuild waited for a connection the waiting write holds')),
        20_000,
      );
    });
    try {
      const report = await Promise.race([rebuilt, stuck]);
      expect(report.events).toBe(62);
      expect(await Promise.race([write, stuck])).toEqual({ n: 60 });
    } finally {
      clearTimeout(timer);
    }
    expect(await dumpProjections(opened.db, s.tenantId)).toEqual(live);
  }, 60_000);
});

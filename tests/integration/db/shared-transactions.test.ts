import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../cloud/db/port';
import type { OpenedDatabase } from '../../support/adapters';
import { adapters } from '../../support/adapters';

/** A piece of work that writes one counter and says which transaction it ran in. */
const writeCounter = (db: Database, tenant: string, name: string) =>
  db.tenant(tenant, 'write', async (tx) => {
    await tx.run(`INSERT INTO counters (tenant_id, name, value) VALUES (:tenant, :name, 1)`, {
      tenant,
      name,
    });
    const row = await tx.one<{ id: string }>(`SELECT txid_current()::text AS id`);
    return { name, transaction: row!.id };
  });

const counterNames = async (db: Database, tenant: string) =>
  (
    await db.tenant(tenant, 'read', (tx) =>
      tx.rows<{ name: string }>(`SELECT name FROM counters ORDER BY name`),
    )
  ).map((r) => r.name);

for (const adapter of adapters) {
  const available = await adapter.available();

  describe.skipIf(!available)(`shared transactions on ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    let shared: Database;
    beforeAll(async () => {
      opened = await adapter.open();
      shared = opened.db.grouped();
    });
    afterAll(async () => {
      await opened.close();
    });

    /** The piece, asked for together with three well-behaved ones: first, a, (piece), c. */
    const amongOthers = (tenant: string, piece: Promise<unknown>) =>
      Promise.allSettled([
        writeCounter(shared, tenant, 'first'),
        writeCounter(shared, tenant, 'a'),
        piece,
        writeCounter(shared, tenant, 'c'),
      ]);

    it('runs pieces asked for together in fewer transactions, each with its own result', async () => {
      const tenant = `shared-${randomUUID().slice(0, 8)}`;
      const names = Array.from({ length: 10 }, (_, i) => `piece-${i}`);

      const results = await Promise.all(names.map((name) => writeCounter(shared, tenant, name)));

      expect(results.map((r) => r.name)).toEqual(names);
      expect(new Set(results.map((r) => r.transaction)).size).toBeLessThan(names.length);
      expect(await counterNames(opened.db, tenant)).toEqual(names);
    });

    it('lets a failing piece fail alone: the others are written, nothing of it is', async () => {
      const tenant = `shared-${randomUUID().slice(0, 8)}`;
      const failing = shared.tenant(tenant, 'write', async (tx) => {
        await tx.run(`INSERT INTO counters (tenant_id, name, value) VALUES (:tenant, 'b', 1)`, {
          tenant,
        });
        throw new Error('the piece changed its mind');
      });

      const [first, a, b, c] = await amongOthers(tenant, failing);

      expect([first.status, a.status, c.status]).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(b).toEqual({
        status: 'rejected',
        reason: new Error('the piece changed its mind'),
      });
      expect(await counterNames(opened.db, tenant)).toEqual(['a', 'c', 'first']);
    });

    it('keeps the others’ writes when a piece swallows a failed statement, and commits none of that piece', async () => {
      const tenant = `shared-${randomUUID().slice(0, 8)}`;
      await writeCounter(opened.db, tenant, 'taken');
      const swallowing = shared.tenant(tenant, 'write', async (tx) => {
        await tx.run(`INSERT INTO counters (tenant_id, name, value) VALUES (:tenant, 'd', 1)`, {
          tenant,
        });
        await tx
          .run(`INSERT INTO counters (tenant_id, name, value) VALUES (:tenant, 'taken', 1)`, {
            tenant,
          })
          .catch(() => undefined);
      });

      const [first, a, d, c] = await amongOthers(tenant, swallowing);

      expect([first.status, a.status, c.status]).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(d.status).toBe('rejected');
      expect(await counterNames(opened.db, tenant)).toEqual(['a', 'c', 'first', 'taken']);
    });

    it('never puts two tenants in one transaction', async () => {
      const tenants = [`shared-${randomUUID().slice(0, 8)}`, `shared-${randomUUID().slice(0, 8)}`];

      const results = await Promise.all(
        [0, 1, 0, 1, 0, 1].map((t, i) => writeCounter(shared, tenants[t]!, `piece-${i}`)),
      );

      const byTenant = (t: number) =>
        new Set(results.filter((_, i) => i % 2 === t).map((r) => r.transaction));
      for (const id of byTenant(0)) expect(byTenant(1).has(id)).toBe(false);
      expect(await counterNames(opened.db, tenants[0]!)).toEqual(['piece-0', 'piece-2', 'piece-4']);
      expect(await counterNames(opened.db, tenants[1]!)).toEqual(['piece-1', 'piece-3', 'piece-5']);
    });
  });
}

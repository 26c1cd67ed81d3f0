/**
 * Concurrent reporting on every adapter of the Database port. On PostgreSQL the transactions
 * really overlap, so this is where `FOR UPDATE SKIP LOCKED` has to keep two reporters apart.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../support/adapters';
import { adapters } from '../../support/adapters';
import type { FakeStripe } from '../../fakes/stripe-server';
import { startFakeStripe } from '../../fakes/stripe-server';
import { NOW, billingWith, detachCustomers, newTenant, reportRows, usage } from './harness';

for (const adapter of adapters) {
  const available = await adapter.available();

  describe.skipIf(!available)(`reporting usage concurrently on ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    let fake: FakeStripe;
    beforeAll(async () => {
      opened = await adapter.open();
    });
    afterAll(async () => {
      await opened.close();
    });
    beforeEach(async () => {
      await detachCustomers(opened.db);
      fake = await startFakeStripe({ now: () => new Date(NOW) });
      fake.delay(10);
    });
    afterEach(async () => {
      await fake.close();
    });

    const pendingRows = async (tenantId: string, count: number) => {
      const recorder = billingWith(opened.db, null);
      for (let n = 0; n < count; n++) await recorder.meter(usage(tenantId, 'stock_movements', 1));
    };

    it('sends each row once when three sweeps run at the same time', async () => {
      const tenantId = await newTenant(opened.db, 'cus_Race1');
      await pendingRows(tenantId, 24);

      const sweeps = await Promise.all(
        [1, 2, 3].map(() => billingWith(opened.db, fake).reportPending()),
      );

      expect(sweeps.reduce((n, s) => n + s.reported, 0)).toBe(24);
      expect(sweeps.every((s) => s.failed === 0)).toBe(true);
      expect(fake.requests).toHaveLength(24);
      expect(new Set(fake.requests.map((r) => r.form['identifier'])).size).toBe(24);
      expect((await reportRows(opened.db, tenantId)).every((r) => r.attempts === 1)).toBe(true);
    });

    it('sends each row once when a metering call and a sweep overlap', async () => {
      const tenantId = await newTenant(opened.db, 'cus_Race2');
      await pendingRows(tenantId, 10);

      const [metered, swept] = await Promise.all([
        billingWith(opened.db, fake).meter(usage(tenantId, 'stock_movements', 1)),
        billingWith(opened.db, fake).reportPending(),
      ]);

      expect(metered.reported + swept.reported).toBe(11);
      expect(fake.requests).toHaveLength(11);
      expect(new Set(fake.requests.map((r) => r.form['identifier'])).size).toBe(11);
    });
  });
}

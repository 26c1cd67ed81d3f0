import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../cloud/db';
import { openDatabase } from '../../../cloud/db';
import { billingFromEnv } from '../../../cloud/services/billing';
import type { FakeStripe } from '../../fakes/stripe-server';
import { startFakeStripe } from '../../fakes/stripe-server';
import {
  NOW,
  billingWith,
  detachCustomers,
  newTenant,
  reportRows,
  testClock,
  usage,
} from './harness';

let db: Database;
const fakes: FakeStripe[] = [];

const fakeStripe = async (meters?: readonly string[]) => {
  const fake = await startFakeStripe({
    now: () => new Date(NOW),
    ...(meters === undefined ? {} : { meters }),
  });
  fakes.push(fake);
  return fake;
};

const envFor = (fake: FakeStripe, secretKey = fake.secretKey) => ({
  STRIPE_SECRET_KEY: secretKey,
  STRIPE_API_HOST: fake.host,
  STRIPE_API_PORT: String(fake.port),
  STRIPE_API_PROTOCOL: fake.protocol,
});

beforeAll(async () => {
  db = await openDatabase({ adapter: 'pglite' });
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await detachCustomers(db);
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

describe('a report Stripe refuses', () => {
  it('is kept pending with Stripe’s message and fails the call that metered it', async () => {
    const fake = await fakeStripe(['stock_movements']);
    const tenantId = await newTenant(db, 'cus_NoMeter1');
    const billing = billingWith(db, fake);

    await expect(billing.meter(usage(tenantId, 'active_products', 7))).rejects.toThrow(
      /No active meter found for event_name active_products/,
    );
    expect(await reportRows(db, tenantId)).toEqual([
      expect.objectContaining({
        reportedAt: null,
        attempts: 1,
        lastError: '400: No active meter found for event_name active_products.',
      }),
    ]);
  });

  it('keeps Stripe’s message when it holds the NUL character, which is replaced, and reports later', async () => {
    const fake = await fakeStripe();
    const tenantId = await newTenant(db, 'cus_NulMessage');
    const billing = billingWith(db, fake);
    fake.fail({ refuse: 'Refused\u0000 for now.' }, 1);

    await expect(billing.meter(usage(tenantId, 'stock_movements', 2))).rejects.toThrow(/Refused/);
    expect(await reportRows(db, tenantId)).toEqual([
      expect.objectContaining({
        reportedAt: null,
        attempts: 1,
        lastError: '400: Refused\uFFFD for now.',
      }),
    ]);
    expect(await billing.reportPending()).toEqual({ reported: 1, failed: 0 });
  });

  it('does not hold back later usage, and the sweep counts it as failed', async () => {
    const fake = await fakeStripe(['stock_movements']);
    const tenantId = await newTenant(db, 'cus_NoMeter2');
    const clock = testClock();
    const billing = billingWith(db, fake, clock);
    await billing.meter(usage(tenantId, 'active_products', 7)).catch(() => undefined);
    clock.advance(1_000);

    expect(await billing.meter(usage(tenantId, 'stock_movements', 2))).toEqual({
      recorded: true,
      reported: 1,
    });
    expect(await billing.reportPending()).toEqual({ reported: 0, failed: 1 });
    const rows = await reportRows(db, tenantId);
    expect(rows.map((r) => [r.quantity, r.reportedAt === null, r.attempts])).toEqual([
      [7, true, 3],
      [2, false, 1],
    ]);
  });

  it('stays pending when its fact is older than Stripe accepts', async () => {
    const fake = await fakeStripe();
    const tenantId = await newTenant(db, 'cus_Old1');
    const billing = billingWith(db, fake);
    // Older than the 35 days Stripe accepts a meter event's timestamp for.
    const stale = usage(tenantId, 'stock_movements', 1, { occurredAt: '2026-10-01T00:00:00Z' });
    await expect(billing.meter(stale)).rejects.toThrow(/Timestamp must be within the past 35 days/);
    expect(await billing.reportPending()).toEqual({ reported: 0, failed: 1 });
    expect(fake.events).toHaveLength(0);
    expect(await reportRows(db, tenantId)).toEqual([
      expect.objectContaining({ reportedAt: null, attempts: 2 }),
    ]);
  });
});

describe('billing configured from the environment', () => {
  it('reports to the endpoint STRIPE_API_HOST, _PORT and _PROTOCOL name', async () => {
    const fake = await fakeStripe();
    const tenantId = await newTenant(db, 'cus_Env1');
    const billing = billingFromEnv(db, envFor(fake), testClock());

    expect(await billing.meter(usage(tenantId, 'stock_movements', 4))).toEqual({
      recorded: true,
      reported: 1,
    });
    expect(fake.events.map((e) => e.payload)).toEqual([
      { stripe_customer_id: 'cus_Env1', value: '4' },
    ]);
    expect((await billing.usage(tenantId, '2026-11')).stripeConfigured).toBe(true);
  });

  it('keeps usage pending when Stripe refuses the key', async () => {
    const fake = await fakeStripe();
    const tenantId = await newTenant(db, 'cus_Env2');
    const billing = billingFromEnv(db, envFor(fake, 'sk_test_revoked'), testClock());

    await expect(billing.meter(usage(tenantId, 'stock_movements', 1))).rejects.toThrow(
      /401: Invalid API Key provided/,
    );
    expect(await reportRows(db, tenantId)).toEqual([
      expect.objectContaining({ reportedAt: null, attempts: 1 }),
    ]);
    expect(fake.events).toHaveLength(0);
  });

  it('records usage only when no key is set', async () => {
    const tenantId = await newTenant(db, 'cus_Env3');
    const billing = billingFromEnv(db, {}, testClock());

    expect(await billing.meter(usage(tenantId, 'stock_movements', 2))).toEqual({
      recorded: true,
      reported: 0,
    });
    expect(await billing.reportPending()).toEqual({ reported: 0, failed: 0 });
    const seen = await billing.usage(tenantId, '2026-11');
    expect(seen.stripeConfigured).toBe(false);
    expect(seen.metrics[0]).toMatchObject({ quantity: 2, pending: 2 });
  });

  it('stops at start-up on a malformed variable, naming it', () => {
    expect(() =>
      billingFromEnv(
        db,
        { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_API_PORT: 'eighty' },
        testClock(),
      ),
    ).toThrow(/^STRIPE_API_PORT: /);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../cloud/db';
import { openDatabase } from '../../../cloud/db';
import { meterEventIdentifier } from '../../../cloud/services/billing';
import { StockMateError } from '../../../shared';
import type { FailureMode, FakeStripe } from '../../fakes/stripe-server';
import { startFakeStripe } from '../../fakes/stripe-server';
import {
  NOW,
  acceptedFor,
  billingWith,
  detachCustomers,
  newTenant,
  reportRows,
  setCustomer,
  testClock,
  usage,
} from './harness';

let db: Database;
let fake: FakeStripe;

beforeAll(async () => {
  db = await openDatabase({ adapter: 'pglite' });
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await detachCustomers(db);
  fake = await startFakeStripe({ now: () => new Date(NOW) });
});
afterEach(async () => {
  await fake.close();
});

const movements = async (tenantId: string, period = '2026-11') =>
  (await billingWith(db, null).usage(tenantId, period)).metrics.find(
    (m) => m.metric === 'stock_movements',
  );

describe('recording usage', () => {
  it('records a fact once however often the same identifier is metered', async () => {
    const tenantId = await newTenant(db);
    const billing = billingWith(db, null);
    const event = usage(tenantId, 'stock_movements', 3);

    expect(await billing.meter(event)).toEqual({ recorded: true, reported: 0 });
    expect(await billing.meter(event)).toEqual({ recorded: false, reported: 0 });
    expect(await billing.meter({ ...event, quantity: 50 })).toEqual({
      recorded: false,
      reported: 0,
    });

    expect((await movements(tenantId))?.quantity).toBe(3);
    expect(await reportRows(db, tenantId)).toHaveLength(1);
  });

  it('sums movements per period and metric, and keeps the gauge at its highest reading', async () => {
    const tenantId = await newTenant(db);
    const billing = billingWith(db, null);
    const at = (occurredAt: string) => ({ occurredAt });
    await billing.meter(usage(tenantId, 'stock_movements', 3, at('2026-11-02T08:00:00Z')));
    await billing.meter(usage(tenantId, 'stock_movements', 4, at('2026-11-30T23:59:59Z')));
    await billing.meter(usage(tenantId, 'stock_movements', 5, at('2026-12-01T00:00:00Z')));
    for (const [day, reading] of [
      ['01', 10],
      ['02', 14],
      ['03', 12],
    ] as const) {
      const identifier = `2026-11:2026-11-${day}`;
      const occurredAt = `2026-11-${day}T23:00:00Z`;
      await billing.meter(usage(tenantId, 'active_products', reading, { identifier, occurredAt }));
    }

    const november = await billing.usage(tenantId, '2026-11');
    expect(november.metrics.map((m) => [m.metric, m.quantity])).toEqual([
      ['stock_movements', 7],
      ['active_products', 14],
    ]);
    const december = await billing.usage(tenantId, '2026-12');
    expect(december.metrics.map((m) => [m.metric, m.quantity])).toEqual([
      ['stock_movements', 5],
      ['active_products', 0],
    ]);
  });
});

describe('reporting usage to Stripe', () => {
  it('sends a meter event with the metric, customer, value, identifier and timestamp', async () => {
    const tenantId = await newTenant(db, 'cus_Acme123');
    const event = usage(tenantId, 'stock_movements', 3);

    expect(await billingWith(db, fake).meter(event)).toEqual({ recorded: true, reported: 1 });

    const identifier = meterEventIdentifier(tenantId, event.identifier, 'stock_movements');
    expect(fake.events).toEqual([
      {
        object: 'billing.meter_event',
        event_name: 'stock_movements',
        identifier,
        payload: { stripe_customer_id: 'cus_Acme123', value: '3' },
        timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
        created: Math.floor(Date.parse(NOW) / 1000),
        livemode: false,
      },
    ]);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/billing/meter_events',
      authorization: `Bearer ${fake.secretKey}`,
      status: 200,
    });
    expect(request?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request?.idempotencyKey).toEqual(expect.any(String));
    const rows = await reportRows(db, tenantId);
    expect(rows).toEqual([
      expect.objectContaining({ reportedAt: NOW, attempts: 1, lastError: null }),
    ]);
  });

  it.each<[string, FailureMode]>([
    ['a server error', 500],
    ['throttling', 429],
    ['a dropped connection', 'drop'],
  ])(
    'keeps usage pending through %s and the next sweep reports it exactly once',
    async (_, mode) => {
      const tenantId = await newTenant(db, 'cus_Down1');
      const billing = billingWith(db, fake);
      const event = usage(tenantId, 'stock_movements', 3);
      fake.fail(mode);

      const failure = await billing.meter(event).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StockMateError);
      expect(failure).toMatchObject({ type: 'Internal' });
      expect(await movements(tenantId)).toMatchObject({ quantity: 3, reported: 0, pending: 3 });
      const [row] = await reportRows(db, tenantId);
      expect(row).toMatchObject({ reportedAt: null, attempts: 1 });
      expect(row?.lastError).toEqual(expect.any(String));

      fake.heal();
      expect(await billing.reportPending()).toEqual({ reported: 1, failed: 0 });
      expect(await billing.reportPending()).toEqual({ reported: 0, failed: 0 });
      const identifier = meterEventIdentifier(tenantId, event.identifier, event.metric);
      expect(acceptedFor(fake, identifier)).toBe(1);
      expect(fake.events.filter((e) => e.identifier === identifier)).toHaveLength(1);
      expect(await movements(tenantId)).toMatchObject({ quantity: 3, reported: 3, pending: 0 });
    },
  );

  it('tells Stripe only the gauge readings that raise the period’s highest', async () => {
    const tenantId = await newTenant(db, 'cus_Gauge1');
    const billing = billingWith(db, fake);
    const sent: boolean[] = [];
    for (const [day, reading] of [
      ['01', 10],
      ['02', 14],
      ['03', 12],
    ] as const) {
      const identifier = `2026-11:2026-11-${day}`;
      const occurredAt = `2026-11-${day}T23:00:00Z`;
      const result = await billing.meter(
        usage(tenantId, 'active_products', reading, { identifier, occurredAt }),
      );
      sent.push(result.recorded);
    }

    expect(sent).toEqual([true, true, false]);
    expect(fake.events.map((e) => [e.event_name, e.payload.value])).toEqual([
      ['active_products', '10'],
      ['active_products', '14'],
    ]);
    const november = await billing.usage(tenantId, '2026-11');
    expect(november.metrics.find((m) => m.metric === 'active_products')).toMatchObject({
      quantity: 14,
      pending: 0,
    });
  });

  it('counts Stripe refusing an identifier it already holds as reported', async () => {
    const tenantId = await newTenant(db, 'cus_Lost1');
    const billing = billingWith(db, fake);
    const event = usage(tenantId, 'stock_movements', 2);
    // Stripe keeps the event but the answer never arrives, not even to the client's own retry.
    fake.fail('accept-then-drop');
    await expect(billing.meter(event)).rejects.toBeInstanceOf(StockMateError);
    expect(fake.events).toHaveLength(1);

    fake.heal();
    expect(await billing.reportPending()).toEqual({ reported: 1, failed: 0 });
    expect(fake.requests.at(-1)?.status).toBe(400);
    expect(fake.events).toHaveLength(1);
    expect(await movements(tenantId)).toMatchObject({ reported: 2, pending: 0 });
  });

  it('recovers a dropped answer through the client’s retry under the same idempotency key', async () => {
    const tenantId = await newTenant(db, 'cus_Lost2');
    fake.fail('accept-then-drop', 1);

    expect(await billingWith(db, fake).meter(usage(tenantId, 'stock_movements', 1))).toEqual({
      recorded: true,
      reported: 1,
    });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.idempotencyKey).toBe(fake.requests[1]?.idempotencyKey);
    expect(fake.events).toHaveLength(1);
  });

  it('never sends the same row twice from two sweeps running at once', async () => {
    const tenantId = await newTenant(db, 'cus_Busy1');
    const recorder = billingWith(db, null);
    for (let n = 0; n < 12; n++) await recorder.meter(usage(tenantId, 'stock_movements', 1));
    fake.delay(15);

    const sweeps = await Promise.all([
      billingWith(db, fake).reportPending(),
      billingWith(db, fake).reportPending(),
    ]);

    expect(sweeps[0].reported + sweeps[1].reported).toBe(12);
    expect(fake.requests).toHaveLength(12);
    expect(new Set(fake.requests.map((r) => r.form['identifier'])).size).toBe(12);
  });

  it('records usage of a tenant without a Stripe customer and reports it once one is set', async () => {
    const tenantId = await newTenant(db);
    const billing = billingWith(db, fake);

    expect(await billing.meter(usage(tenantId, 'stock_movements', 4))).toEqual({
      recorded: true,
      reported: 0,
    });
    expect(await billing.reportPending()).toEqual({ reported: 0, failed: 0 });
    expect(fake.requests).toHaveLength(0);
    const before = await billing.usage(tenantId, '2026-11');
    expect(before).toMatchObject({ stripeConfigured: true, customerId: null });
    expect(before.metrics[0]).toMatchObject({ quantity: 4, reported: 0, pending: 4 });

    await setCustomer(db, tenantId, 'cus_Late1');
    expect(await billing.reportPending()).toEqual({ reported: 1, failed: 0 });
    expect(fake.events.map((e) => e.payload['stripe_customer_id'])).toEqual(['cus_Late1']);
  });
});

describe('the usage of a period', () => {
  it('gives each metric’s quantity, what Stripe was told, what is pending and when', async () => {
    const tenantId = await newTenant(db, 'cus_View1');
    const clock = testClock();
    const billing = billingWith(db, fake, clock);
    await billing.meter(usage(tenantId, 'stock_movements', 3));
    await billing.meter(
      usage(tenantId, 'active_products', 10, { identifier: '2026-11:2026-11-19' }),
    );
    clock.advance(60_000);
    fake.fail(500);
    await expect(billing.meter(usage(tenantId, 'stock_movements', 2))).rejects.toThrow();
    await expect(
      billing.meter(usage(tenantId, 'active_products', 15, { identifier: '2026-11:2026-11-20' })),
    ).rejects.toThrow();

    expect(await billing.usage(tenantId, '2026-11')).toEqual({
      period: '2026-11',
      metrics: [
        { metric: 'stock_movements', quantity: 5, reported: 3, pending: 2, lastReportedAt: NOW },
        { metric: 'active_products', quantity: 15, reported: 10, pending: 5, lastReportedAt: NOW },
      ],
      stripeConfigured: true,
      customerId: 'cus_View1',
    });
  });

  it('shows a tenant none of another tenant’s usage', async () => {
    const busy = await newTenant(db, 'cus_Busy2');
    const quiet = await newTenant(db);
    await billingWith(db, fake).meter(usage(busy, 'stock_movements', 9));

    const seen = await billingWith(db, null).usage(quiet, '2026-11');
    expect(seen).toEqual({
      period: '2026-11',
      metrics: [
        { metric: 'stock_movements', quantity: 0, reported: 0, pending: 0, lastReportedAt: null },
        { metric: 'active_products', quantity: 0, reported: 0, pending: 0, lastReportedAt: null },
      ],
      stripeConfigured: false,
      customerId: null,
    });
    const visible = await db.tenant(quiet, 'read', (tx) =>
      tx.rows(
        `SELECT tenant_id FROM billing_reports UNION ALL SELECT tenant_id FROM billing_usage`,
      ),
    );
    expect(visible).toEqual([]);
  });

  it('refuses a period that is not a month', async () => {
    const tenantId = await newTenant(db);
    await expect(billingWith(db, null).usage(tenantId, '2026-11-20')).rejects.toMatchObject({
      type: 'ValidationError',
      field: 'period',
    });
  });
});

/**
 * Set-up shared by the billing suites: tenants with or without a Stripe customer, the real
 * Stripe client pointed at the fake, and readers of the ledger rows behind the port.
 */
import { fixedClock } from '../../../cloud/app/ports';
import type { Database } from '../../../cloud/db';
import type { Billing, Metric, StripeReporter, UsageEvent } from '../../../cloud/services/billing';
import { createBilling, createStripeReporter } from '../../../cloud/services/billing';
import type { FakeStripe } from '../../fakes/stripe-server';

export const NOW = '2026-11-20T12:00:00.000Z';

export const testClock = () => fixedClock(NOW);

let tenants = 0;

/** A new tenant, billed to `customerId` when one is given. */
export const newTenant = async (db: Database, customerId: string | null = null) => {
  const tenantId = `billing-${process.pid}-${++tenants}`;
  await db.system((tx) =>
    tx.run(
      `INSERT INTO tenants (tenant_id, name, stripe_customer_id) VALUES (:tenant, :name, :customer)`,
      { tenant: tenantId, name: `Tenant ${tenants}`, customer: customerId },
    ),
  );
  return tenantId;
};

/** Sets (or clears) a tenant's Stripe customer. */
export const setCustomer = (db: Database, tenantId: string, customerId: string | null) =>
  db.system((tx) =>
    tx.run(`UPDATE tenants SET stripe_customer_id = :customer WHERE tenant_id = :tenant`, {
      tenant: tenantId,
      customer: customerId,
    }),
  );

/**
 * Leaves earlier tests' tenants without a Stripe customer, so their pending rows drop out of the
 * sweep and each test counts only its own (a fresh database per test would cost seconds).
 */
export const detachCustomers = (db: Database) =>
  db.system((tx) =>
    tx.run(`UPDATE tenants SET stripe_customer_id = NULL WHERE stripe_customer_id IS NOT NULL`),
  );

/** The real Stripe client, aimed at the fake, with no retries of its own beyond the client's rule for dropped connections. */
export const reporterFor = (fake: FakeStripe): StripeReporter =>
  createStripeReporter({
    secretKey: () => Promise.resolve(fake.secretKey),
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
    maxNetworkRetries: 0,
  });

/** Billing with the fake Stripe, or with none. */
export const billingWith = (db: Database, fake: FakeStripe | null, clock = testClock()): Billing =>
  createBilling({ db, reporter: fake === null ? null : reporterFor(fake), clock });

let facts = 0;

/** A usage event with a fresh identifier unless one is given. */
export const usage = (
  tenantId: string,
  metric: Metric,
  quantity: number,
  overrides: Partial<UsageEvent> = {},
): UsageEvent => ({
  tenantId,
  identifier: `fact-${process.pid}-${++facts}`,
  metric,
  quantity,
  occurredAt: '2026-11-20T11:59:00.000Z',
  ...overrides,
});

export interface LedgerRow {
  readonly identifier: string;
  readonly quantity: number;
  readonly reportedAt: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
}

/** The tenant's ledger rows, as a system sweep sees them. */
export const reportRows = (db: Database, tenantId: string): Promise<LedgerRow[]> =>
  db.system((tx) =>
    tx.rows<LedgerRow>(
      `SELECT identifier, quantity, iso_time(reported_at) AS "reportedAt", attempts,
              last_error AS "lastError"
       FROM billing_reports WHERE tenant_id = :tenant ORDER BY recorded_at, identifier`,
      { tenant: tenantId },
    ),
  );

/** How many requests for one identifier the fake accepted. */
export const acceptedFor = (fake: FakeStripe, stripeIdentifier: string): number =>
  fake.requests.filter((r) => r.form['identifier'] === stripeIdentifier && r.status === 200).length;

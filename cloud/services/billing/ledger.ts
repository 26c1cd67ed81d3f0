/**
 * The usage ledger's SQL. `billing_reports` holds one row per metered fact (its identifier is the
 * idempotency key, here and at Stripe); `billing_usage` holds the period totals. Every statement
 * takes a transaction from the Database port, so callers choose the tenant or system scope.
 */
import { storable } from '../../../shared';
import type { Tx } from '../../db';
import type { Metric, MetricUsage, UsageEvent } from './usage';
import { aggregation, metrics } from './usage';

/** A recorded fact that Stripe has not yet acknowledged, with the customer to bill. */
export interface PendingReport {
  readonly tenantId: string;
  readonly identifier: string;
  readonly metric: Metric;
  readonly quantity: number;
  readonly occurredAt: string;
  readonly attempts: number;
  readonly customerId: string;
}

export interface ReportKey {
  readonly tenantId: string;
  readonly identifier: string;
}

/**
 * Records a fact once (in a tenant transaction); true when it was new and the totals moved. A
 * gauge reading that does not raise the period's highest is not a fact to bill: it is left out,
 * so the readings Stripe hears only ever rise, and its meter (aggregation "last") bills the
 * highest.
 */
export const recordUsage = async (
  tx: Tx,
  event: UsageEvent & { readonly period: string },
  now: string,
): Promise<boolean> => {
  const inserted = await tx.run(
    `INSERT INTO billing_reports (tenant_id, identifier, period, metric, quantity, occurred_at, recorded_at)
     SELECT :tenant, :identifier, :period, :metric, :quantity, :occurredAt::timestamptz, :now::timestamptz
     WHERE :aggregation::text <> 'max' OR :quantity > coalesce(
       (SELECT quantity FROM billing_usage
        WHERE tenant_id = :tenant AND period = :period AND metric = :metric), -1)
     ON CONFLICT (tenant_id, identifier) DO NOTHING`,
    {
      tenant: event.tenantId,
      identifier: event.identifier,
      period: event.period,
      metric: event.metric,
      quantity: event.quantity,
      occurredAt: event.occurredAt,
      aggregation: aggregation[event.metric],
      now,
    },
  );
  if (inserted === 0) return false;
  await tx.run(
    `INSERT INTO billing_usage (tenant_id, period, metric, quantity, updated_at)
     VALUES (:tenant, :period, :metric, :quantity, :now::timestamptz)
     ON CONFLICT (tenant_id, period, metric) DO UPDATE SET
       quantity = CASE WHEN :aggregation::text = 'max'
                       THEN greatest(billing_usage.quantity, excluded.quantity)
                       ELSE billing_usage.quantity + excluded.quantity END,
       updated_at = excluded.updated_at`,
    {
      tenant: event.tenantId,
      period: event.period,
      metric: event.metric,
      quantity: event.quantity,
      aggregation: aggregation[event.metric],
      now,
    },
  );
  return true;
};

// Row-level security scopes both tables: in a tenant transaction this lists that tenant's rows
// only, in a system transaction every tenant's. Tenants without a Stripe customer are left out:
// their usage stays pending until one is set.
const PENDING = `
  FROM billing_reports r JOIN tenants t USING (tenant_id)
  WHERE r.reported_at IS NULL AND t.stripe_customer_id IS NOT NULL`;

/** Keys of pending reports, oldest first, without locking them. */
export const pendingKeys = (tx: Tx, limit: number): Promise<ReportKey[]> =>
  tx.rows<ReportKey>(
    `SELECT r.tenant_id AS "tenantId", r.identifier ${PENDING}
     ORDER BY r.recorded_at, r.tenant_id, r.identifier
     LIMIT :limit`,
    { limit },
  );

/**
 * Leases one pending report for `leaseSeconds`, or returns null when it was reported meanwhile or
 * another sweep holds its lease. The lease is taken in a transaction of its own, so no transaction
 * stays open while Stripe is called; a lease left by a crash simply runs out, and the resend is
 * refused by Stripe as a duplicate and counted as reported.
 */
export const claimReport = (
  tx: Tx,
  key: ReportKey,
  leaseSeconds: number,
): Promise<PendingReport | null> =>
  tx.one<PendingReport>(
    `UPDATE billing_reports r SET leased_until = now() + make_interval(secs => :lease)
     FROM tenants t
     WHERE t.tenant_id = r.tenant_id AND t.stripe_customer_id IS NOT NULL
       AND r.tenant_id = :tenant AND r.identifier = :identifier AND r.reported_at IS NULL
       AND (r.leased_until IS NULL OR r.leased_until < now())
     RETURNING r.tenant_id AS "tenantId", r.identifier, r.metric, r.quantity,
               iso_time(r.occurred_at) AS "occurredAt", r.attempts, t.stripe_customer_id AS "customerId"`,
    { tenant: key.tenantId, identifier: key.identifier, lease: leaseSeconds },
  );

/** Marks a report as acknowledged by Stripe. */
export const markReported = (tx: Tx, key: ReportKey, now: string): Promise<number> =>
  tx.run(
    `UPDATE billing_reports
     SET reported_at = :now::timestamptz, attempts = attempts + 1, last_error = NULL, leased_until = NULL
     WHERE tenant_id = :tenant AND identifier = :identifier AND reported_at IS NULL`,
    { tenant: key.tenantId, identifier: key.identifier, now },
  );

/** Counts a failed attempt and keeps why, for the next sweep and for support. */
export const markFailed = (tx: Tx, key: ReportKey, error: string): Promise<number> =>
  tx.run(
    `UPDATE billing_reports
     SET attempts = attempts + 1, last_error = :error, leased_until = NULL
     WHERE tenant_id = :tenant AND identifier = :identifier AND reported_at IS NULL`,
    { tenant: key.tenantId, identifier: key.identifier, error: storable(error.slice(0, 1000)) },
  );

/** The Stripe customer of the transaction's tenant, if one is set. */
export const customerOf = async (tx: Tx, tenantId: string): Promise<string | null> =>
  (
    await tx.one<{ customerId: string | null }>(
      `SELECT stripe_customer_id AS "customerId" FROM tenants WHERE tenant_id = :tenant`,
      { tenant: tenantId },
    )
  )?.customerId ?? null;

interface UsageRow {
  readonly metric: Metric;
  readonly quantity: number;
  readonly reportedSum: number;
  readonly reportedMax: number;
  readonly lastReportedAt: string | null;
}

/** Every metric's usage in a period (in a tenant transaction), zero where nothing was metered. */
export const usageOf = async (tx: Tx, period: string): Promise<MetricUsage[]> => {
  const rows = await tx.rows<UsageRow>(
    `WITH reports AS (
       SELECT metric,
              coalesce(sum(quantity) FILTER (WHERE reported_at IS NOT NULL), 0) AS reported_sum,
              coalesce(max(quantity) FILTER (WHERE reported_at IS NOT NULL), 0) AS reported_max,
              iso_time(max(reported_at)) AS last_reported_at
       FROM billing_reports WHERE period = :period GROUP BY metric)
     SELECT u.metric, u.quantity,
            coalesce(r.reported_sum, 0) AS "reportedSum",
            coalesce(r.reported_max, 0) AS "reportedMax",
            r.last_reported_at AS "lastReportedAt"
     FROM billing_usage u LEFT JOIN reports r USING (metric)
     WHERE u.period = :period`,
    { period },
  );
  return metrics.map((metric) => {
    const row = rows.find((r) => r.metric === metric);
    if (row === undefined)
      return { metric, quantity: 0, reported: 0, pending: 0, lastReportedAt: null };
    const quantity = Number(row.quantity);
    const reported = Number(aggregation[metric] === 'max' ? row.reportedMax : row.reportedSum);
    return {
      metric,
      quantity,
      reported,
      pending: Math.max(quantity - reported, 0),
      lastReportedAt: row.lastReportedAt,
    };
  });
};

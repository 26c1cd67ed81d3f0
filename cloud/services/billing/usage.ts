/**
 * The Billing port's vocabulary and its pure rules: which metrics exist, how they add up, and
 * which billing period a usage fact belongs to.
 */
import { z } from 'zod';
import { parseInput, validationError } from '../../../shared';

export const metrics = ['stock_movements', 'active_products'] as const;
export type Metric = (typeof metrics)[number];

/**
 * How a metric's usage adds up within a period: movements are counted (summed); active products
 * are a gauge read daily, and the period is billed on its highest reading.
 */
export const aggregation: Readonly<Record<Metric, 'sum' | 'max'>> = {
  stock_movements: 'sum',
  active_products: 'max',
};

export interface UsageEvent {
  readonly tenantId: string;
  /** Unique per metered fact: a committed command's first event id for movements; `<period>:<date>` for the daily active-products gauge. */
  readonly identifier: string;
  readonly metric: Metric;
  /** A whole number ≥ 0. */
  readonly quantity: number;
  /** ISO 8601 with a time zone; its UTC month is the period. */
  readonly occurredAt: string;
}

export interface MetricUsage {
  readonly metric: Metric;
  /** The period's usage: the sum of the counts, or the gauge's highest reading. */
  readonly quantity: number;
  /** How much of it Stripe has been told (for the gauge: its highest reported reading). */
  readonly reported: number;
  /** `quantity − reported`: what Stripe has yet to hear. */
  readonly pending: number;
  readonly lastReportedAt: string | null;
}

export interface PeriodUsage {
  readonly period: string;
  readonly metrics: MetricUsage[];
  readonly stripeConfigured: boolean;
  readonly customerId: string | null;
}

/** The Billing port: usage per tenant and period, recorded here and reported to Stripe when keyed. */
export interface Billing {
  /** Records usage once per identifier (a repeat changes nothing), then reports the tenant's pending usage if Stripe is configured. Throws if reporting failed (the usage stays recorded and pending). */
  meter(event: UsageEvent): Promise<{ recorded: boolean; reported: number }>;
  /** Reports every pending usage row of every tenant (the sweep); returns how many were reported and how many failed. */
  reportPending(): Promise<{ reported: number; failed: number }>;
  /** The usage of a period for the billingUsage query: per metric, total quantity, quantity reported to Stripe, last report time. */
  usage(tenantId: string, period: string): Promise<PeriodUsage>;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
// A time zone is required: without one the UTC month, and so the period, would be a guess.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The billing period (`YYYY-MM`, UTC) of an ISO 8601 instant. */
export const periodOf = (occurredAt: string): string => {
  const at = ISO_INSTANT.test(occurredAt) ? new Date(occurredAt) : null;
  if (at === null || Number.isNaN(at.getTime()))
    throw validationError('occurredAt', 'must be an ISO 8601 date-time with a time zone');
  return at.toISOString().slice(0, 7);
};

/** Checks a period argument (`YYYY-MM`). */
export const checkPeriod = (period: string): string => {
  if (!PERIOD.test(period)) throw validationError('period', 'must be a month as YYYY-MM');
  return period;
};

const usageEvent = z.object({
  tenantId: z.string(),
  identifier: z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  metric: z.enum(metrics, { error: `must be one of ${metrics.join(', ')}` }),
  quantity: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(Number.MAX_SAFE_INTEGER, 'is too large'),
  occurredAt: z.string(),
});

/** A usage event checked field by field, with its period. */
export const parseUsageEvent = (input: UsageEvent): UsageEvent & { readonly period: string } => {
  const event = parseInput(usageEvent, input);
  return { ...event, period: periodOf(event.occurredAt) };
};

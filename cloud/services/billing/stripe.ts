/**
 * Reports usage to Stripe as Billing Meter events through the official client. The identifier
 * makes each event idempotent at Stripe: resending a fact Stripe already holds is refused, and
 * that refusal means the fact was reported.
 * https://docs.stripe.com/api/billing/meter-event/create
 */
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import type { Metric } from './usage';

/** One metered fact as Stripe is told it. */
export interface ReportRow {
  readonly tenantId: string;
  readonly identifier: string;
  readonly metric: Metric;
  readonly quantity: number;
  readonly occurredAt: string;
}

/** What became of one report: only `unavailable` is worth retrying soon. */
export type ReportOutcome =
  | { readonly status: 'accepted' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'rejected'; readonly message: string }
  | { readonly status: 'unavailable'; readonly message: string };

export interface StripeReporter {
  /** Sends one meter event for a customer; never throws, the outcome says what happened. */
  report(row: ReportRow, customerId: string): Promise<ReportOutcome>;
}

export interface StripeReporterOptions {
  /** The secret key, fetched when needed (from Secrets Manager in the cloud), so it can rotate. */
  readonly secretKey: () => Promise<string>;
  /** A local endpoint instead of api.stripe.com. */
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
  /**
   * Retries inside one report. Kept low because the report's row stays locked meanwhile, and
   * the sweep retries anyway.
   */
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
}

/** Stripe's limit on an identifier's length. */
const IDENTIFIER_MAX = 100;

/** The meter event identifier of a fact: `<tenant>:<identifier>:<metric>`, hashed when too long for Stripe. */
export const meterEventIdentifier = (
  tenantId: string,
  identifier: string,
  metric: Metric,
): string => {
  const full = `${tenantId}:${identifier}:${metric}`;
  if (full.length <= IDENTIFIER_MAX) return full;
  return `${metric}:${createHash('sha256').update(full).digest('base64url')}`;
};

/** Unix seconds, as meter events take their timestamp. */
export const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

// Stripe answers a reused identifier with a 400 invalid_request_error whose message starts so;
// it carries no error code today, so the message is what identifies it.
const DUPLICATE = /^An event already exists with identifier\b/;

/** Classifies a failed create: what was refused for good, what was already there, what may pass later. */
export const outcomeOf = (error: unknown): ReportOutcome => {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof Stripe.errors.StripeError)) return { status: 'unavailable', message };
  const status = error.statusCode;
  if (
    (status === 400 && DUPLICATE.test(message)) ||
    (status === 400 && error.code === 'resource_already_exists')
  )
    return { status: 'duplicate' };
  // No answer, throttled, conflicting or failing at Stripe: the same request may pass later.
  if (status === undefined || status === 409 || status === 429 || status >= 500)
    return { status: 'unavailable', message: `${status ?? 'connection'}: ${message}` };
  // A refused key refuses every report alike: wait for the configuration to be fixed.
  if (status === 401 || status === 403)
    return { status: 'unavailable', message: `${status}: ${message}` };
  return { status: 'rejected', message: `${status}: ${message}` };
};

/** The reporter over the real `stripe` client. */
export const createStripeReporter = (options: StripeReporterOptions): StripeReporter => {
  let current: { readonly key: string; readonly client: Stripe } | null = null;

  const clientFor = (key: string): Stripe => {
    if (current?.key !== key) {
      current = {
        key,
        client: new Stripe(key, {
          maxNetworkRetries: options.maxNetworkRetries ?? 1,
          timeout: options.timeoutMs ?? 10_000,
          telemetry: false,
          ...(options.host === undefined ? {} : { host: options.host }),
          ...(options.port === undefined ? {} : { port: options.port }),
          ...(options.protocol === undefined ? {} : { protocol: options.protocol }),
        }),
      };
    }
    return current.client;
  };

  return {
    report: async (row, customerId) => {
      try {
        const client = clientFor(await options.secretKey());
        await client.billing.meterEvents.create({
          event_name: row.metric,
          payload: { stripe_customer_id: customerId, value: String(row.quantity) },
          identifier: meterEventIdentifier(row.tenantId, row.identifier, row.metric),
          timestamp: unixSeconds(row.occurredAt),
        });
        return { status: 'accepted' };
      } catch (error) {
        return outcomeOf(error);
      }
    },
  };
};

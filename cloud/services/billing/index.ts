/**
 * The Billing port's implementation: usage is recorded in the database first, then reported to
 * Stripe when a reporter is configured. Each report locks its row for the length of the call, so
 * concurrent sweeps (or a sweep and a metering call) never send the same row twice; a row that
 * could not be sent stays pending for the next sweep.
 */
import { internal } from '../../../shared';
import type { Clock } from '../../app/ports';
import type { Database, Tx } from '../../db';
import { stripeSettingsFromEnv } from './config';
import type { ReportKey } from './ledger';
import {
  claimReport,
  customerOf,
  markFailed,
  markReported,
  pendingKeys,
  recordUsage,
  usageOf,
} from './ledger';
import type { ReportOutcome, StripeReporter } from './stripe';
import { createStripeReporter } from './stripe';
import type { Billing } from './usage';
import { checkPeriod, parseUsageEvent } from './usage';

export type { Billing, Metric, MetricUsage, PeriodUsage, UsageEvent } from './usage';
export { aggregation, metrics, periodOf } from './usage';
export type { ReportOutcome, ReportRow, StripeReporter, StripeReporterOptions } from './stripe';
export { createStripeReporter, meterEventIdentifier } from './stripe';
export type { StripeSettings } from './config';
export { stripeSettingsFromEnv } from './config';

export interface BillingDeps {
  readonly db: Database;
  /** Null when no Stripe key is configured: usage is recorded and stays pending. */
  readonly reporter: StripeReporter | null;
  readonly clock: Clock;
  /** At most this many rows per sweep, oldest first; the next sweep continues. */
  readonly maxPerSweep?: number;
  /** At most this many of a tenant's pending rows reported by one `meter` call. */
  readonly maxPerMeter?: number;
}

type Scope = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** How long a claimed report is held: longer than a Stripe call with its retry can take. */
const LEASE_SECONDS = 60;

interface Tally {
  reported: number;
  failed: number;
  /** Stripe could not be reached or refused the key: the remaining rows were left for later. */
  unavailable: string | null;
  /** Why each key that Stripe refused was refused. */
  readonly rejected: Map<string, string>;
}

const keyText = (key: ReportKey) => `${key.tenantId}\u0000${key.identifier}`;

/** Builds the Billing port over the database and an optional Stripe reporter. */
export const createBilling = (deps: BillingDeps): Billing => {
  const { db, reporter, clock } = deps;
  const maxPerSweep = deps.maxPerSweep ?? 1_000;
  const maxPerMeter = deps.maxPerMeter ?? 100;
  const now = () => clock.now().toISOString();

  /**
   * Leases one row, sends it with no transaction open, then records the outcome; null if another
   * sweep holds it. Should the outcome be lost after Stripe took the event, the resend once the
   * lease runs out is refused as a duplicate and counted as reported.
   */
  const reportOne = async (
    sender: StripeReporter,
    scope: Scope,
    key: ReportKey,
  ): Promise<ReportOutcome | null> => {
    const row = await scope((tx) => claimReport(tx, key, LEASE_SECONDS));
    if (row === null) return null;
    const outcome = await sender.report(row, row.customerId);
    await scope((tx) =>
      outcome.status === 'accepted' || outcome.status === 'duplicate'
        ? markReported(tx, key, now())
        : markFailed(tx, key, outcome.message),
    );
    return outcome;
  };

  const reportAll = async (
    sender: StripeReporter,
    scope: Scope,
    keys: readonly ReportKey[],
  ): Promise<Tally> => {
    const tally: Tally = { reported: 0, failed: 0, unavailable: null, rejected: new Map() };
    for (const key of keys) {
      const outcome = await reportOne(sender, scope, key);
      if (outcome === null) continue;
      if (outcome.status === 'accepted' || outcome.status === 'duplicate') {
        tally.reported++;
        continue;
      }
      tally.failed++;
      if (outcome.status === 'rejected') {
        tally.rejected.set(keyText(key), outcome.message);
        continue;
      }
      // Stripe is down, throttling or refusing the key: the rest would fail the same way.
      tally.unavailable = outcome.message;
      break;
    }
    return tally;
  };

  return {
    meter: async (input) => {
      const event = parseUsageEvent(input);
      const { tenantId } = event;
      const recorded = await db.tenant(tenantId, 'write', (tx) => recordUsage(tx, event, now()));
      if (reporter === null) return { recorded, reported: 0 };

      const own: ReportKey = { tenantId, identifier: event.identifier };
      const backlog = await db.tenant(tenantId, 'read', (tx) => pendingKeys(tx, maxPerMeter));
      const keys = backlog.some((k) => k.identifier === own.identifier)
        ? backlog
        : [...backlog, own];
      const tally = await reportAll(reporter, (work) => db.tenant(tenantId, 'write', work), keys);

      // An older row Stripe refuses is left to the sweep (and its count of failures), so one bad
      // row does not fail every later call; this fact's refusal or an outage does fail it.
      const refusal = tally.rejected.get(keyText(own));
      if (tally.unavailable !== null || refusal !== undefined) {
        throw internal(
          `billing: usage of tenant ${tenantId} could not be reported to Stripe ` +
            `(${tally.unavailable ?? refusal}); it is recorded and stays pending`,
        );
      }
      return { recorded, reported: tally.reported };
    },

    reportPending: async () => {
      if (reporter === null) return { reported: 0, failed: 0 };
      const keys = await db.system((tx) => pendingKeys(tx, maxPerSweep));
      const tally = await reportAll(reporter, (work) => db.system(work), keys);
      return { reported: tally.reported, failed: tally.failed };
    },

    usage: async (tenantId, period) => {
      checkPeriod(period);
      return db.tenant(tenantId, 'read', async (tx) => ({
        period,
        metrics: await usageOf(tx, period),
        stripeConfigured: reporter !== null,
        customerId: await customerOf(tx, tenantId),
      }));
    },
  };
};

/** Billing as the environment configures it: Stripe when STRIPE_SECRET_KEY is set, else usage recorded only. */
export const billingFromEnv = (db: Database, env: NodeJS.ProcessEnv, clock: Clock): Billing => {
  const settings = stripeSettingsFromEnv(env);
  const reporter =
    settings === null
      ? null
      : createStripeReporter({
          secretKey: () => Promise.resolve(settings.secretKey),
          ...(settings.host === undefined ? {} : { host: settings.host }),
          ...(settings.port === undefined ? {} : { port: settings.port }),
          ...(settings.protocol === undefined ? {} : { protocol: settings.protocol }),
        });
  return createBilling({ db, reporter, clock });
};

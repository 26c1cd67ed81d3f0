/**
 * The nightly usage analysis: EventBridge Scheduler invokes this once a day with the scheduled
 * time, and it starts `usage-analysis` for every tenant. The execution name is made of the tenant
 * and the scheduled day, so a retried invocation starts nothing twice.
 */
import { createHash } from 'node:crypto';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock } from '../app/ports';
import type { Clock } from '../app/ports';
import { executionName } from '../services/workflows';
import { createStepFunctionsWorkflows } from '../services/step-functions';
import type { Env } from './env';
import { envNames, lazyHandler, log, required, shapes } from './env';
import { cloudDatabase } from './database';

export interface NightlyDeps {
  readonly rdsData: RDSDataClient;
  readonly sfn: SFNClient;
  readonly clock?: Clock;
}

/**
 * The run's name for a tenant and day. Step Functions names are unique per state machine and at
 * most 80 characters, so a long tenant id is shortened and a hash of it keeps names distinct.
 */
export const nightlyExecutionName = (tenantId: string, day: string): string => {
  const hash = createHash('sha256').update(tenantId).digest('hex').slice(0, 10);
  return executionName('usage-analysis', `nightly-${day}-${tenantId.slice(0, 30)}-${hash}`);
};

const dayOf = (event: unknown, clock: Clock): string => {
  const scheduled = (event as { scheduledTime?: unknown } | null)?.scheduledTime;
  const at = typeof scheduled === 'string' ? new Date(scheduled) : clock.now();
  return (Number.isNaN(at.getTime()) ? clock.now() : at).toISOString().slice(0, 10);
};

/** Builds the nightly starter; resolves with the number of runs started. */
export const createNightlyHandler = (env: Env, deps: NightlyDeps) => {
  const clock = deps.clock ?? systemClock;
  const db = cloudDatabase(env, deps.rdsData);
  const workflows = createStepFunctionsWorkflows({
    client: deps.sfn,
    db,
    clock,
    stateMachineArns: { 'usage-analysis': required(env, envNames.usageAnalysisArn, shapes.arn) },
  });
  return async (event: unknown): Promise<{ tenants: number; started: number }> => {
    const day = dayOf(event, clock);
    const tenants = await db.system((tx) =>
      tx.rows<{ tenantId: string }>(
        `SELECT tenant_id AS "tenantId" FROM tenants ORDER BY tenant_id`,
      ),
    );
    let started = 0;
    const failures: unknown[] = [];
    // One tenant's failure must not keep the others from their analysis.
    for (const { tenantId } of tenants) {
      try {
        const run = await workflows.start(
          'usage-analysis',
          tenantId,
          nightlyExecutionName(tenantId, day),
          {},
        );
        if (run.started) started++;
      } catch (error) {
        log(`nightly usage analysis for tenant ${tenantId} could not start`, error);
        failures.push(error);
      }
    }
    if (failures.length > 0)
      throw new AggregateError(failures, `${failures.length} nightly runs could not start`);
    return { tenants: tenants.length, started };
  };
};

export const handler = lazyHandler(() => {
  const region = required(process.env, envNames.region);
  return createNightlyHandler(process.env, {
    rdsData: new RDSDataClient({ region }),
    sfn: new SFNClient({ region }),
  });
});

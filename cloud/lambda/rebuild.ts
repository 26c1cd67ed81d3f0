/**
 * The rebuild of the projections in the cloud. An admin invokes it (`aws lambda invoke`) with `{}`
 * for every tenant, or `{ "tenantId": "…" }` for one, and it answers what it rebuilt. Each tenant
 * is rebuilt in one transaction; its writes wait meanwhile, its reads go on.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { validationError } from '../../shared/core';
import { TENANT_ID } from '../db/database';
import { rebuildTenants } from '../db/rebuild';
import type { Env } from './env';
import { envNames, lazyHandler, log, required } from './env';
import { cloudDatabase } from './database';

export interface RebuildDeps {
  readonly rdsData: RDSDataClient;
}

export interface RebuildResult {
  readonly tenants: readonly { tenantId: string; events: number; seconds: number }[];
}

/** The tenant the event names, or null for every tenant. */
const tenantOf = (event: unknown): string | null => {
  if (event === null || event === undefined) return null;
  if (typeof event !== 'object' || Array.isArray(event))
    throw validationError('event', 'must be {} or { "tenantId": "…" }');
  const other = Object.keys(event).find((key) => key !== 'tenantId');
  if (other !== undefined) throw validationError(other, 'is not an input of the rebuild');
  const { tenantId } = event as { tenantId?: unknown };
  if (tenantId === undefined) return null;
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId))
    throw validationError('tenantId', 'must be 1-64 letters, digits, _ or -');
  return tenantId;
};

/** Builds the handler: rebuilds, logging each tenant as it commits, and answers the reports. */
export const createRebuildHandler = (env: Env, deps: RebuildDeps) => {
  const db = cloudDatabase(env, deps.rdsData);
  return async (event: unknown): Promise<RebuildResult> => {
    const only = tenantOf(event);
    const reports = await rebuildTenants(db, only, (r) =>
      log(`rebuilt tenant ${r.tenantId}: ${r.events} events in ${r.seconds.toFixed(2)} s`),
    );
    return {
      tenants: reports.map(({ tenantId, events, seconds }) => ({
        tenantId,
        events,
        seconds: Math.round(seconds * 1000) / 1000,
      })),
    };
  };
};

export const handler = lazyHandler(() => {
  const region = required(process.env, envNames.region);
  return createRebuildHandler(process.env, { rdsData: new RDSDataClient({ region }) });
});

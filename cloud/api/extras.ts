/**
 * Fields served outside the event-sourced commands: reads that need services (billing), and
 * mutations of operational state (notifications read, on-demand analysis runs).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { UsageAnalysis } from '../../shared/analytics';
import { plannedMaximum } from '../../shared/analytics';
import { fields, internal, notFound, parseInput } from '../../shared';
import { systemClock } from '../app/ports';
import { dashboardFigures } from '../db/queries/dashboard';
import {
  listNotifications,
  listWorkflowRuns,
  markNotificationRead,
  productForecast,
  workflowRun,
} from '../db/queries/workflows';
import { executionName } from '../services/workflows';
import type { Caller } from './caller';
import { requireRole } from './caller';
import type { ApiPorts, ResolverEvent } from './handler';

type Field = (event: ResolverEvent, caller: Caller, ports: ApiPorts) => Promise<unknown>;

const page = {
  limit: z.number().int().nullish(),
  nextToken: z.string().max(2048, 'is too long').nullish(),
};
/** A mutation's input, whose fields errors name relative to it (as command mutations do). */
const keyed = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ idempotencyKey: fields.idempotencyKey, ...shape }).strict();

const inputOf = (event: ResolverEvent): unknown => event.arguments?.['input'] ?? {};

const clockOf = (ports: ApiPorts) => ports.clock ?? systemClock;

const runView = (run: NonNullable<Awaited<ReturnType<typeof workflowRun>>>) => ({
  ...run,
  input: JSON.stringify(run.input),
  output: run.output === null ? null : JSON.stringify(run.output),
});

const forecastView = (productId: string, found: Awaited<ReturnType<typeof productForecast>>) => {
  if (found.planning === null) return null;
  const a = found.planning.analysis as UsageAnalysis;
  return {
    productId,
    analysedAt: found.planning.analysedAt,
    model: a.model,
    backtestMase: a.backtest.mase,
    seasonalNaiveMase: a.backtest.seasonalNaiveMase,
    holtWintersMase: a.backtest.holtWintersMase,
    weeklySeasonality: a.seasonality.weekly.detected,
    yearlySeasonality: a.seasonality.yearly.detected,
    intervalLevel: a.intervalLevel,
    horizon: a.forecast,
    history: found.history,
    leadTimeDays: a.leadTimeDays,
    leadTimeDemand: a.leadTimeDemand,
    demandStdDev: a.demandStdDev,
    serviceLevel: a.serviceLevel,
    safetyStock: a.safetyStock,
    reorderPoint: a.reorderPoint,
    maximumStock: plannedMaximum(a),
    historyNote: a.history.note,
  };
};

const read =
  <S extends z.ZodType>(
    schema: S,
    least: 'viewer' | 'admin',
    run: (
      args: z.output<S>,
      user: Extract<Caller, { kind: 'user' }>,
      ports: ApiPorts,
    ) => Promise<unknown>,
  ): Field =>
  (event, caller, ports) => {
    const user = requireRole(caller, least, event.info.fieldName);
    return run(parseInput(schema, event.arguments ?? {}), user, ports);
  };

export const extraQueries: Readonly<Record<string, Field>> = {
  notifications: read(
    z.object({ unreadOnly: z.boolean().nullish(), ...page }),
    'viewer',
    (a, user, ports) => ports.db.tenant(user.tenantId, 'read', (tx) => listNotifications(tx, a)),
  ),
  workflowRuns: read(
    z.object({ workflow: z.enum(['stock-changed', 'usage-analysis']).nullish(), ...page }),
    'viewer',
    async (a, user, ports) => {
      const runs = await ports.db.tenant(user.tenantId, 'read', (tx) => listWorkflowRuns(tx, a));
      return { ...runs, items: runs.items.map(runView) };
    },
  ),
  workflowRun: read(
    z.object({
      executionName: z
        .string()
        .min(1, 'must not be empty')
        .max(80, 'must be at most 80 characters'),
    }),
    'viewer',
    async (a, user, ports) => {
      const run = await ports.db.tenant(user.tenantId, 'read', (tx) =>
        workflowRun(tx, a.executionName),
      );
      return run === null ? null : runView(run);
    },
  ),
  forecast: read(z.object({ productId: fields.id }), 'viewer', async (a, user, ports) => {
    const today = clockOf(ports).now().toISOString().slice(0, 10);
    return forecastView(
      a.productId,
      await ports.db.tenant(user.tenantId, 'read', (tx) =>
        productForecast(tx, a.productId, 90, today),
      ),
    );
  }),
  billingUsage: read(
    z.object({
      period: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM')
        .nullish(),
    }),
    'admin',
    (a, user, ports) => {
      if (ports.billing === undefined) throw internal('billing is not configured for this API');
      return ports.billing.usage(
        user.tenantId,
        a.period ?? clockOf(ports).now().toISOString().slice(0, 7),
      );
    },
  ),
  dashboard: read(z.object({}), 'viewer', (_a, user, ports) =>
    ports.db.tenant(user.tenantId, 'read', (tx) =>
      dashboardFigures(tx, clockOf(ports).now().toISOString().slice(0, 10)),
    ),
  ),
};

export const extraMutations: Readonly<Record<string, Field>> = {
  markNotificationRead: async (event, caller, ports) => {
    const user = requireRole(caller, 'viewer', 'markNotificationRead');
    const input = parseInput(keyed({ notificationId: fields.id }), inputOf(event));
    const at = clockOf(ports).now().toISOString();
    const marked = await ports.db.tenant(user.tenantId, 'write', (tx) =>
      markNotificationRead(tx, input.notificationId, at),
    );
    if (marked === null)
      throw notFound('notificationId', `no notification ${input.notificationId}`);
    return marked;
  },
  runUsageAnalysis: async (event, caller, ports) => {
    const user = requireRole(caller, 'manager', 'runUsageAnalysis');
    const input = parseInput(keyed({}), inputOf(event));
    if (ports.workflows === undefined) throw internal('workflows are not configured for this API');
    // The run is named after the request's key: a retried request finds the run it started.
    const key = createHash('sha256')
      .update(`${user.tenantId}:${input.idempotencyKey}`)
      .digest('hex')
      .slice(0, 32);
    const name = executionName('usage-analysis', key);
    await ports.workflows.start('usage-analysis', user.tenantId, name, {});
    const run = await ports.db.tenant(user.tenantId, 'read', (tx) => workflowRun(tx, name));
    if (run === null) throw internal('the analysis run could not be recorded');
    return runView(run);
  },
};

import type { UsageAnalysis } from '../../shared/analytics';
import { addDays, analyseUsage, dailyDemandSeries, seasonalProfile } from '../../shared/analytics';
import type { Database } from '../db/port';
import { demandHistory, planningInputs, savePlanning } from '../db/queries/planning';

const HISTORY_DAYS = 730;
const HORIZON_DAYS = 28;
/** Below this much history a product borrows its seasonal shape from its category. */
const SHORT_HISTORY_DAYS = 56;

export interface PlanningReport {
  readonly analysed: number;
  readonly failed: number;
  readonly models: Readonly<Record<string, number>>;
}

/**
 * Runs the usage analyser for some products of a tenant and stores each conclusion (forecast,
 * safety stock, reorder point, maximum). Products with little history borrow the seasonal shape
 * of products of the same category in the same set.
 */
export const planProducts = async (
  db: Database,
  tenantId: string,
  productIds: readonly string[],
  now: Date,
  log: (message: string, error?: unknown) => void = () => undefined,
): Promise<PlanningReport> => {
  if (productIds.length === 0) return { analysed: 0, failed: 0, models: {} };
  const today = now.toISOString().slice(0, 10);
  const since = addDays(today, -(HISTORY_DAYS - 1));
  const { inputs, history } = await db.tenant(tenantId, 'read', async (tx) => ({
    inputs: await planningInputs(tx, productIds),
    history: await demandHistory(tx, productIds, `${since}T00:00:00Z`),
  }));

  const byProduct = new Map<string, { date: string; quantity: number }[]>();
  for (const row of history) {
    const list = byProduct.get(row.productId) ?? [];
    list.push({ date: row.date, quantity: row.quantity });
    byProduct.set(row.productId, list);
  }
  // A series starts when the product (or the window) does: days before it are not zero demand.
  const series = new Map(
    inputs.map((p) => [
      p.productId,
      dailyDemandSeries(
        byProduct.get(p.productId) ?? [],
        p.createdOn > since ? p.createdOn : since,
        today,
      ),
    ]),
  );
  const profiles = new Map<string, ReturnType<typeof seasonalProfile>>();
  for (const category of new Set(
    inputs.map((p) => p.category).filter((c): c is string => c !== null),
  )) {
    const long = inputs
      .filter(
        (p) =>
          p.category === category && (series.get(p.productId)?.length ?? 0) >= SHORT_HISTORY_DAYS,
      )
      .map((p) => series.get(p.productId) ?? []);
    if (long.length > 0) profiles.set(category, seasonalProfile(long, today));
  }

  const results: { productId: string; analysis: UsageAnalysis }[] = [];
  let failed = 0;
  for (const p of inputs) {
    try {
      const own = series.get(p.productId) ?? [];
      const profile =
        own.length < SHORT_HISTORY_DAYS && p.category !== null
          ? (profiles.get(p.category) ?? null)
          : null;
      results.push({
        productId: p.productId,
        analysis: analyseUsage({
          series: own,
          lastDate: today,
          horizonDays: HORIZON_DAYS,
          leadTimeDays: p.leadTimeDays,
          serviceLevel: p.serviceLevel,
          minStock: p.minStock,
          maxStock: p.maxStock,
          profile,
        }),
      });
    } catch (error) {
      failed++;
      log(`usage analysis of product ${p.productId} failed`, error);
    }
  }
  const at = now.toISOString();
  await db.tenant(tenantId, 'write', async (tx) => {
    for (const r of results) await savePlanning(tx, r.productId, r.analysis, at);
  });
  const models: Record<string, number> = {};
  for (const r of results) models[r.analysis.model] = (models[r.analysis.model] ?? 0) + 1;
  return { analysed: results.length, failed, models };
};

import { productBatches, productsInBatch } from '../../db/queries/planning';
import { stableId, storeAndPublish } from '../notifications';
import type { PlanningReport } from '../planning';
import { planProducts } from '../planning';
import type { TaskPorts } from './ports';

const BATCH_SIZE = 250;

export interface UsageAnalysisInput {
  readonly tenantId: string;
  readonly executionName: string;
}

export interface Batch {
  readonly from: string | null;
  readonly to: string;
  readonly count: number;
}

/** Task ListProductBatches: the tenant's active products as id ranges, small enough to pass between states. */
export const listProductBatchesTask = async (
  input: UsageAnalysisInput,
  ports: TaskPorts,
): Promise<Batch[]> =>
  ports.db.tenant(input.tenantId, 'read', (tx) => productBatches(tx, BATCH_SIZE));

/** Task AnalyseBatch: the usage analyser over one batch of products. */
export const analyseBatchTask = async (
  input: UsageAnalysisInput & { readonly batch: Batch },
  ports: TaskPorts,
): Promise<PlanningReport> => {
  const ids = await ports.db.tenant(input.tenantId, 'read', (tx) =>
    productsInBatch(tx, input.batch),
  );
  return planProducts(
    ports.db,
    input.tenantId,
    ids.map((r) => r.id),
    ports.clock.now(),
    ports.log,
  );
};

/** Task SummariseAnalysis: totals, the ANALYSIS_DONE notification, and the active-products gauge for billing. */
export const summariseAnalysisTask = async (
  input: UsageAnalysisInput & { readonly results: readonly PlanningReport[] },
  ports: TaskPorts,
) => {
  const now = ports.clock.now();
  const analysed = input.results.reduce((n, r) => n + r.analysed, 0);
  const failed = input.results.reduce((n, r) => n + r.failed, 0);
  const models: Record<string, number> = {};
  for (const r of input.results)
    for (const [m, n] of Object.entries(r.models)) models[m] = (models[m] ?? 0) + n;
  const counts = await ports.db.tenant(input.tenantId, 'read', (tx) =>
    tx.one<{ low: number; stockout: number; active: number }>(
      `SELECT (SELECT count(*)::integer FROM low_stock WHERE status = 'low') AS low,
              (SELECT count(*)::integer FROM low_stock WHERE status = 'stockout') AS stockout,
              (SELECT count(*)::integer FROM products WHERE NOT archived) AS active`,
    ),
  );
  const summary = {
    analysed,
    failed,
    models,
    lowStock: counts?.low ?? 0,
    stockouts: counts?.stockout ?? 0,
  };
  await storeAndPublish(ports.db, ports.publisher, input.tenantId, [
    {
      tenantId: input.tenantId,
      notificationId: stableId(`${input.executionName}:ANALYSIS_DONE`),
      kind: 'ANALYSIS_DONE',
      severity: summary.stockouts > 0 ? 'WARNING' : 'INFO',
      title: `Demand analysed for ${analysed} products: ${summary.lowStock} below reorder point, ${summary.stockouts} out of stock`,
      productId: null,
      purchaseOrderId: null,
      numbers: JSON.stringify(summary),
      advice: null,
      adviceSource: 'NONE',
      createdAt: now.toISOString(),
      readAt: null,
    },
  ]);
  const day = now.toISOString().slice(0, 10);
  await ports.billing
    .meter({
      tenantId: input.tenantId,
      identifier: `${day.slice(0, 7)}:${day}`,
      metric: 'active_products',
      quantity: counts?.active ?? 0,
      occurredAt: now.toISOString(),
    })
    .catch((error: unknown) =>
      ports.log('active-products usage kept for the billing sweep', error),
    );
  return summary;
};

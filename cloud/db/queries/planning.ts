import type { UsageAnalysis } from '../../../shared/analytics';
import { plannedMaximum } from '../../../shared/analytics';
import type { Tx } from '../port';
import { eachOf } from '../sql';

/** What the usage analyser needs of a product. */
export interface PlanningInput {
  productId: string;
  category: string | null;
  leadTimeDays: number;
  serviceLevel: number;
  minStock: number | null;
  maxStock: number | null;
  /** The day the product was registered: no demand before it is not zero demand. */
  createdOn: string;
}

/** Products with the lead time in force: the preferred supplier's when there is one. */
export const planningInputs = (tx: Tx, productIds: readonly string[]) =>
  tx.rows<PlanningInput>(
    `SELECT p.product_id AS "productId", p.category AS "category",
            coalesce(nullif(s.lead_time_days, 0), p.lead_time_days) AS "leadTimeDays",
            p.service_level::float8 AS "serviceLevel", p.min_stock AS "minStock", p.max_stock AS "maxStock",
            to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "createdOn"
     FROM ${eachOf('ids', 'uuid', 'SELECT * FROM products WHERE product_id = k.id AND NOT archived', 'p')}
     LEFT JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.supplier_id = p.preferred_supplier_id
       AND NOT s.archived`,
    { ids: productIds },
  );

/** Daily issued quantities (demand) per product since a date. */
export const demandHistory = (tx: Tx, productIds: readonly string[], since: string) =>
  tx.rows<{ productId: string; date: string; quantity: number }>(
    `SELECT k.id AS "productId", x.date, x.quantity
     FROM ${eachOf(
       'ids',
       'uuid',
       `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, sum(-quantity)::bigint AS quantity
        FROM movements WHERE product_id = k.id AND kind = 'issue' AND occurred_at >= :since::timestamptz
        GROUP BY 1`,
     )}`,
    { ids: productIds, since },
  );

/** Stores the analyser's conclusion for a product, keeping the status last notified. */
export const savePlanning = (tx: Tx, productId: string, analysis: UsageAnalysis, at: string) =>
  tx.run(
    `INSERT INTO product_planning (tenant_id, product_id, reorder_point, safety_stock, max_stock, analysed_at, analysis)
     VALUES (current_tenant(), :productId::uuid, :reorderPoint, :safetyStock, :maxStock, :at::timestamptz, :analysis::jsonb)
     ON CONFLICT (tenant_id, product_id) DO UPDATE SET reorder_point = excluded.reorder_point,
       safety_stock = excluded.safety_stock, max_stock = excluded.max_stock,
       analysed_at = excluded.analysed_at, analysis = excluded.analysis`,
    {
      productId,
      reorderPoint: analysis.reorderPoint,
      safetyStock: analysis.safetyStock,
      maxStock: plannedMaximum(analysis),
      at,
      analysis: JSON.stringify(analysis),
    },
  );

/** Active products in id order, cut into batches of `size` (ranges: after `from`, up to `to`). */
export const productBatches = async (tx: Tx, size: number) => {
  const ids = await tx.rows<{ id: string }>(
    `SELECT product_id AS id FROM products WHERE NOT archived ORDER BY product_id`,
  );
  const batches: { from: string | null; to: string; count: number }[] = [];
  for (let i = 0; i < ids.length; i += size) {
    const chunk = ids.slice(i, i + size);
    batches.push({
      from: i === 0 ? null : ids[i - 1]!.id,
      to: chunk[chunk.length - 1]!.id,
      count: chunk.length,
    });
  }
  return batches;
};

export const productsInBatch = (tx: Tx, batch: { from: string | null; to: string }) =>
  tx.rows<{ id: string }>(
    `SELECT product_id AS id FROM products
     WHERE NOT archived AND (:from::uuid IS NULL OR product_id > :from::uuid) AND product_id <= :to::uuid
     ORDER BY product_id`,
    { from: batch.from, to: batch.to },
  );

/** One product's situation for the issue analyser, read at one moment. */
export interface SituationRow {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  unitCostMinor: number;
  currency: string;
  leadTimeDays: number;
  minStock: number | null;
  maxStock: number | null;
  archived: boolean;
  onHand: number;
  reserved: number;
  receivingWarehouseId: string | null;
  plannedReorderPoint: number | null;
  plannedMaxStock: number | null;
  leadTimeDemand: number | null;
  plannedLeadTime: number | null;
  analysedAt: string | null;
  lastStatus: string | null;
  statusClaimedBy: string | null;
  /** The run holding the product's analysis lease, while it holds it. */
  analysingBy: string | null;
  supplier: {
    supplierId: string;
    name: string;
    leadTimeDays: number;
    minimumOrderQuantity: number;
    packSize: number;
    unitPriceMinor: number | null;
    currency: string | null;
  } | null;
  orders: {
    purchaseOrderId: string;
    number: string;
    status: 'draft' | 'submitted' | 'postponed' | 'partially_received';
    source: 'manual' | 'suggested';
    expectedAt: string;
    suggestedExpectedAt: string | null;
    quantityDue: number;
    otherProducts: boolean;
  }[];
  expiredReservations: string[];
  /** The latest day a dismissed suggestion of the product holds back the next one until. */
  suggestAgainOn: string | null;
}

/** What the issue analyser needs to know about each of the products, in one statement. */
export const productSituations = (tx: Tx, productIds: readonly string[], now: string) =>
  tx.rows<SituationRow>(
    `SELECT p.product_id AS "productId", p.sku, p.name, p.unit, p.unit_cost_minor AS "unitCostMinor", trim(p.currency) AS currency,
            p.lead_time_days AS "leadTimeDays", p.min_stock AS "minStock", p.max_stock AS "maxStock", p.archived,
            coalesce(s.on_hand, 0) AS "onHand", coalesce(s.reserved, 0) AS "reserved",
            coalesce(
              (SELECT sl.warehouse_id FROM stock_levels sl JOIN warehouses w USING (tenant_id, warehouse_id)
               WHERE sl.product_id = p.product_id AND NOT w.archived ORDER BY sl.on_hand DESC, w.code LIMIT 1),
              (SELECT w.warehouse_id FROM warehouses w WHERE NOT w.archived ORDER BY w.created_at, w.code LIMIT 1)
            ) AS "receivingWarehouseId",
            pl.reorder_point AS "plannedReorderPoint", pl.max_stock AS "plannedMaxStock",
            (pl.analysis->>'leadTimeDemand')::float8 AS "leadTimeDemand", (pl.analysis->>'leadTimeDays')::integer AS "plannedLeadTime",
            iso_time(pl.analysed_at) AS "analysedAt", pl.last_status AS "lastStatus",
            pl.status_claimed_by AS "statusClaimedBy",
            CASE WHEN pl.analysing_until >= now() THEN pl.analysing_by END AS "analysingBy",
            (SELECT json_build_object('supplierId', su.supplier_id, 'name', su.name, 'leadTimeDays', su.lead_time_days,
                    'minimumOrderQuantity', su.minimum_order_quantity, 'packSize', su.pack_size,
                    'unitPriceMinor', su.unit_price_minor, 'currency', trim(su.currency))
             FROM suppliers su WHERE su.supplier_id = p.preferred_supplier_id AND NOT su.archived) AS supplier,
            (SELECT coalesce(json_agg(json_build_object(
                      'purchaseOrderId', o.purchase_order_id, 'number', o.number, 'status', o.status, 'source', o.source,
                      'expectedAt', o.expected_at, 'suggestedExpectedAt', o.suggested_expected_at,
                      'quantityDue', greatest(l.quantity_ordered - l.quantity_received, 0),
                      'otherProducts', EXISTS (SELECT 1 FROM purchase_order_lines x
                                               WHERE x.purchase_order_id = o.purchase_order_id AND x.product_id <> p.product_id))), '[]'::json)
             FROM purchase_order_lines l JOIN purchase_orders o USING (tenant_id, purchase_order_id)
             WHERE l.product_id = p.product_id AND o.status IN ('draft', 'submitted', 'postponed', 'partially_received')) AS orders,
            (SELECT coalesce(json_agg(r.reservation_id), '[]'::json) FROM reservations r
             WHERE r.product_id = p.product_id AND r.status = 'active' AND r.expires_at <= :now::timestamptz) AS "expiredReservations",
            (SELECT to_char(max(o.suggest_again_on), 'YYYY-MM-DD')
             FROM purchase_order_lines l JOIN purchase_orders o USING (tenant_id, purchase_order_id)
             WHERE l.tenant_id = p.tenant_id AND l.product_id = p.product_id) AS "suggestAgainOn"
     FROM ${eachOf('productIds', 'uuid', 'SELECT * FROM products WHERE product_id = k.id', 'p')}
     LEFT JOIN LATERAL (SELECT sum(on_hand)::integer AS on_hand, sum(reserved)::integer AS reserved
                        FROM stock_levels sl WHERE sl.tenant_id = p.tenant_id AND sl.product_id = p.product_id) s ON true
     LEFT JOIN product_planning pl ON pl.tenant_id = p.tenant_id AND pl.product_id = p.product_id`,
    { productIds, now },
  );

/** What the issue analyser needs to know about one product; null for an unknown one. */
export const productSituation = async (tx: Tx, productId: string, now: string) =>
  (await productSituations(tx, [productId], now))[0] ?? null;

/**
 * Moves a product's notified status to `status` for run `claimant`; true when this run owns the
 * change (it moved it now, or it had moved it before and is being retried).
 */
export const claimStatus = async (
  tx: Tx,
  productId: string,
  status: string,
  claimant: string,
): Promise<boolean> => {
  const moved = await tx.run(
    `UPDATE product_planning SET last_status = :status, status_claimed_by = :claimant
     WHERE product_id = :productId::uuid AND last_status IS DISTINCT FROM :status`,
    { productId, status, claimant },
  );
  if (moved > 0) return true;
  const owner = await tx.one<{ by: string | null }>(
    `SELECT status_claimed_by AS by FROM product_planning WHERE product_id = :productId::uuid`,
    { productId },
  );
  return owner?.by === claimant;
};

/** How many orders the analyser has suggested for a product, ever (numbers each new suggestion). */
export const suggestionsSoFar = async (tx: Tx, productId: string): Promise<number> =>
  (
    await tx.one<{ n: number }>(
      `SELECT count(DISTINCT o.purchase_order_id)::integer AS n
       FROM purchase_orders o JOIN purchase_order_lines l USING (tenant_id, purchase_order_id)
       WHERE o.source = 'suggested' AND l.product_id = :productId::uuid`,
      { productId },
    )
  )?.n ?? 0;

/**
 * Takes the product's analysis lease for `run`; false when another run holds it, in which case the
 * product is marked dirty so the holder analyses it again.
 */
export const acquireAnalysis = async (
  tx: Tx,
  productId: string,
  run: string,
  leaseSeconds: number,
) => {
  const taken = await tx.run(
    `UPDATE product_planning SET analysing_by = :run, analysing_until = now() + make_interval(secs => :lease),
       analysis_dirty = false
     WHERE product_id = :productId::uuid
       AND (analysing_by IS NULL OR analysing_by = :run OR analysing_until < now())`,
    { productId, run, lease: leaseSeconds },
  );
  if (taken > 0) return true;
  await tx.run(
    `UPDATE product_planning SET analysis_dirty = true WHERE product_id = :productId::uuid`,
    { productId },
  );
  return false;
};

/**
 * Lets go of the lease unless the product was marked dirty meanwhile (then: false, analyse again);
 * `anyway` lets go regardless (after an error, or enough rounds: a later run takes it from there).
 */
export const releaseAnalysis = async (tx: Tx, productId: string, run: string, anyway = false) => {
  const released = await tx.run(
    `UPDATE product_planning SET analysing_by = NULL, analysing_until = NULL
     WHERE product_id = :productId::uuid AND analysing_by = :run AND (:anyway OR NOT analysis_dirty)`,
    { productId, run, anyway },
  );
  if (released > 0) return true;
  const mine = await tx.run(
    `UPDATE product_planning SET analysis_dirty = false WHERE product_id = :productId::uuid AND analysing_by = :run`,
    { productId, run },
  );
  // Not ours any more (the lease ran out and another run took it): that run will finish the job.
  return mine === 0;
};

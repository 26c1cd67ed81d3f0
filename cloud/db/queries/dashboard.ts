import type { Tx } from '../port';

export interface DashboardRow {
  stockValue: { amountMinor: number; currency: string }[];
  products: number;
  lowStock: number;
  stockouts: number;
  overstock: number;
  openPurchaseOrders: number;
  latePurchaseOrders: number;
  suggestedPurchaseOrders: number;
  unreadNotifications: number;
}

/** The figures of the dashboard, in one statement over the tenant's projections. */
export const dashboardFigures = (tx: Tx, today: string) =>
  tx.one<DashboardRow>(
    `WITH stock AS (
       SELECT product_id, sum(on_hand)::integer AS on_hand, sum(reserved)::integer AS reserved
       FROM stock_levels GROUP BY product_id
     ), products AS (
       SELECT p.unit_cost_minor, trim(p.currency) AS currency, coalesce(s.on_hand, 0) AS on_hand,
              stock_status(coalesce(s.on_hand, 0) - coalesce(s.reserved, 0),
                           coalesce(p.min_stock, pl.reorder_point), coalesce(p.max_stock, pl.max_stock)) AS status
       FROM products p
       LEFT JOIN stock s ON s.product_id = p.product_id
       LEFT JOIN product_planning pl ON pl.tenant_id = p.tenant_id AND pl.product_id = p.product_id
       WHERE NOT p.archived
     ), orders AS (
       SELECT status, source, expected_at FROM purchase_orders
       WHERE status IN ('draft', 'submitted', 'postponed', 'partially_received')
     )
     SELECT
       (SELECT coalesce(json_agg(json_build_object('amountMinor', v.amount, 'currency', v.currency) ORDER BY v.currency), '[]'::json)
        FROM (SELECT currency, sum(on_hand::numeric * unit_cost_minor)::float8 AS amount FROM products GROUP BY currency) v) AS "stockValue",
       (SELECT count(*)::integer FROM products) AS products,
       (SELECT count(*)::integer FROM products WHERE status = 'LOW') AS "lowStock",
       (SELECT count(*)::integer FROM products WHERE status = 'STOCKOUT') AS stockouts,
       (SELECT count(*)::integer FROM products WHERE status = 'OVERSTOCK') AS overstock,
       (SELECT count(*)::integer FROM orders WHERE status <> 'draft') AS "openPurchaseOrders",
       (SELECT count(*)::integer FROM orders WHERE status <> 'draft' AND expected_at < :today::date) AS "latePurchaseOrders",
       (SELECT count(*)::integer FROM orders WHERE status = 'draft' AND source = 'suggested') AS "suggestedPurchaseOrders",
       (SELECT count(*)::integer FROM notifications WHERE read_at IS NULL) AS "unreadNotifications"`,
    { today },
  );

import type { Tx } from '../port';
import type { PurchaseOrderLineRow, PurchaseOrderRow } from '../projection/rows';
import { tables } from '../projection/rows';
import { eachOf } from '../sql';
import { selectList } from '../tables';
import type { CursorShape } from './paging';
import { decodeCursor, pageOf, pageSize } from './paging';

export type PurchaseOrderView = PurchaseOrderRow & { lines: PurchaseOrderLineRow[] };

/** Attaches each order's lines, in their order on the document. */
export const withLines = async (
  tx: Tx,
  orders: readonly PurchaseOrderRow[],
): Promise<PurchaseOrderView[]> => {
  if (orders.length === 0) return [];
  const lines = await tx.rows<PurchaseOrderLineRow>(
    `SELECT x.* FROM ${eachOf(
      'ids',
      'uuid',
      `SELECT ${selectList(tables.purchaseOrderLines)} FROM purchase_order_lines
       WHERE purchase_order_id = k.id ORDER BY position`,
    )}`,
    { ids: orders.map((o) => o.purchaseOrderId) },
  );
  return orders.map((o) => ({
    ...o,
    lines: lines.filter((l) => l.purchaseOrderId === o.purchaseOrderId),
  }));
};

const ordersCursor: CursorShape = { list: 'purchaseOrders', parts: ['time', 'uuid'] };

/**
 * Purchase orders, newest first, optionally of one status, with a line of one product, or of one
 * supplier.
 */
export const listPurchaseOrders = async (
  tx: Tx,
  q: {
    status?: string | null;
    productId?: string | null;
    supplierId?: string | null;
    limit?: number | null;
    nextToken?: string | null;
  },
) => {
  const limit = pageSize(q.limit);
  const cursor = decodeCursor(q.nextToken, ordersCursor);
  const rows = await tx.rows<PurchaseOrderRow>(
    `SELECT ${selectList(tables.purchaseOrders, 'o')} FROM purchase_orders o
     WHERE (:status::text IS NULL OR status = :status::text)
       AND (:productId::uuid IS NULL OR EXISTS (
         SELECT 1 FROM purchase_order_lines l
         WHERE l.tenant_id = o.tenant_id AND l.purchase_order_id = o.purchase_order_id
           AND l.product_id = :productId::uuid))
       AND (:supplierId::uuid IS NULL OR o.supplier_id = :supplierId::uuid)
       AND (:afterAt::timestamptz IS NULL OR (created_at, purchase_order_id) < (:afterAt::timestamptz, :afterId::uuid))
     ORDER BY created_at DESC, purchase_order_id DESC LIMIT :take`,
    {
      status: q.status?.toLowerCase() ?? null,
      productId: q.productId ?? null,
      supplierId: q.supplierId ?? null,
      afterAt: (cursor?.[0] as string | undefined) ?? null,
      afterId: (cursor?.[1] as string | undefined) ?? null,
      take: limit + 1,
    },
  );
  const page = pageOf(rows, limit, ordersCursor, (r) => [r.createdAt, r.purchaseOrderId]);
  return { items: await withLines(tx, page.items), nextToken: page.nextToken };
};

export const purchaseOrderById = async (
  tx: Tx,
  purchaseOrderId: string,
): Promise<PurchaseOrderView | null> => {
  const order = await tx.one<PurchaseOrderRow>(
    `SELECT ${selectList(tables.purchaseOrders)} FROM purchase_orders WHERE purchase_order_id = :id::uuid`,
    { id: purchaseOrderId },
  );
  return order === null ? null : ((await withLines(tx, [order]))[0] ?? null);
};

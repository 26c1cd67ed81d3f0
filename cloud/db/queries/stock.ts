import type { Tx } from '../port';
import type { MovementRow, ReservationRow, StockLevelRow } from '../projection/rows';
import { tables } from '../projection/rows';
import { selectList } from '../tables';
import type { CursorShape } from './paging';
import { decodeCursor, pageOf, pageSize } from './paging';

const levelsCursor: CursorShape = { list: 'stockLevels', parts: ['uuid', 'uuid'] };
const movementsCursor: CursorShape = { list: 'movements', parts: ['time', 'uuid', 'int'] };
const reservationsCursor: CursorShape = { list: 'reservations', parts: ['time', 'uuid'] };

/** Stock per product and warehouse, by product or by warehouse (or all), in key order. */
export const listStockLevels = async (
  tx: Tx,
  q: {
    productId?: string | null;
    warehouseId?: string | null;
    limit?: number | null;
    nextToken?: string | null;
  },
) => {
  const limit = pageSize(q.limit);
  const cursor = decodeCursor(q.nextToken, levelsCursor);
  const rows = await tx.rows<StockLevelRow>(
    `SELECT ${selectList(tables.stockLevels)} FROM stock_levels
     WHERE (:productId::uuid IS NULL OR product_id = :productId::uuid)
       AND (:warehouseId::uuid IS NULL OR warehouse_id = :warehouseId::uuid)
       AND (:afterProduct::uuid IS NULL OR (product_id, warehouse_id) > (:afterProduct::uuid, :afterWarehouse::uuid))
     ORDER BY product_id, warehouse_id LIMIT :take`,
    {
      productId: q.productId ?? null,
      warehouseId: q.warehouseId ?? null,
      afterProduct: (cursor?.[0] as string | undefined) ?? null,
      afterWarehouse: (cursor?.[1] as string | undefined) ?? null,
      take: limit + 1,
    },
  );
  const page = pageOf(rows, limit, levelsCursor, (r) => [r.productId, r.warehouseId]);
  return {
    items: page.items.map((r) => ({ ...r, available: r.onHand - r.reserved })),
    nextToken: page.nextToken,
  };
};

export interface LowStockRow {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  onHand: number;
  reserved: number;
  available: number;
  onOrder: number;
  reorderPoint: number;
  status: 'LOW' | 'STOCKOUT';
}

/** Products at or below their reorder point, the emptiest first. */
export const listLowStock = (tx: Tx) =>
  tx.rows<LowStockRow>(
    `SELECT product_id AS "productId", sku, name, unit, on_hand AS "onHand", reserved, available,
            on_order AS "onOrder", reorder_point AS "reorderPoint", upper(status) AS status
     FROM low_stock ORDER BY available - reorder_point, lower(sku)`,
  );

export type MovementKindFilter =
  'RECEIPT' | 'ISSUE' | 'ADJUSTMENT' | 'TRANSFER_OUT' | 'TRANSFER_IN';

/** The stock ledger, newest first, filtered by product, warehouse, kind and time. */
export const listMovements = async (
  tx: Tx,
  q: {
    productId?: string | null;
    warehouseId?: string | null;
    kind?: MovementKindFilter | null;
    from?: string | null;
    to?: string | null;
    limit?: number | null;
    nextToken?: string | null;
  },
) => {
  const limit = pageSize(q.limit);
  const cursor = decodeCursor(q.nextToken, movementsCursor);
  const rows = await tx.rows<MovementRow>(
    `SELECT ${selectList(tables.movements)} FROM movements
     WHERE (:productId::uuid IS NULL OR product_id = :productId::uuid)
       AND (:warehouseId::uuid IS NULL OR warehouse_id = :warehouseId::uuid)
       AND (:kind::text IS NULL OR kind = :kind::text)
       AND (:from::timestamptz IS NULL OR occurred_at >= :from::timestamptz)
       AND (:to::timestamptz IS NULL OR occurred_at < :to::timestamptz)
       AND (:afterAt::timestamptz IS NULL OR (occurred_at, event_id, seq) < (:afterAt::timestamptz, :afterEvent::uuid, :afterSeq::integer))
     ORDER BY occurred_at DESC, event_id DESC, seq DESC LIMIT :take`,
    {
      productId: q.productId ?? null,
      warehouseId: q.warehouseId ?? null,
      kind: q.kind?.toLowerCase() ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      afterAt: (cursor?.[0] as string | undefined) ?? null,
      afterEvent: (cursor?.[1] as string | undefined) ?? null,
      afterSeq: (cursor?.[2] as number | undefined) ?? null,
      take: limit + 1,
    },
  );
  const page = pageOf(rows, limit, movementsCursor, (r) => [r.occurredAt, r.eventId, r.seq]);
  return page;
};

/** Reservations, newest first, by product and status. */
export const listReservations = async (
  tx: Tx,
  q: {
    productId?: string | null;
    status?: string | null;
    limit?: number | null;
    nextToken?: string | null;
  },
) => {
  const limit = pageSize(q.limit);
  const cursor = decodeCursor(q.nextToken, reservationsCursor);
  const rows = await tx.rows<ReservationRow>(
    `SELECT ${selectList(tables.reservations)} FROM reservations
     WHERE (:productId::uuid IS NULL OR product_id = :productId::uuid)
       AND (:status::text IS NULL OR status = :status::text)
       AND (:afterAt::timestamptz IS NULL OR (created_at, reservation_id) < (:afterAt::timestamptz, :afterId::uuid))
     ORDER BY created_at DESC, reservation_id DESC LIMIT :take`,
    {
      productId: q.productId ?? null,
      status: q.status?.toLowerCase() ?? null,
      afterAt: (cursor?.[0] as string | undefined) ?? null,
      afterId: (cursor?.[1] as string | undefined) ?? null,
      take: limit + 1,
    },
  );
  const page = pageOf(rows, limit, reservationsCursor, (r) => [r.createdAt, r.reservationId]);
  return page;
};

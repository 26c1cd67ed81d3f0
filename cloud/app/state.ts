import type { ProductState, PurchaseOrderState, Reservation, StockLevel } from '../../shared';
import type { RowSet } from '../db/projection/row-set';

/** A product stream's decision state, read from its projection rows (its snapshot). */
export const productState = (rows: RowSet, productId: string): ProductState => {
  const p = rows.get('products', productId);
  const stock: Record<string, StockLevel> = {};
  for (const s of rows.find('stockLevels', (s) => s.productId === productId)) {
    stock[s.warehouseId] = { onHand: s.onHand, reserved: s.reserved };
  }
  const reservations: Record<string, Reservation> = {};
  for (const r of rows.find(
    'reservations',
    (r) => r.productId === productId && r.status === 'active',
  )) {
    reservations[r.reservationId] = {
      reservationId: r.reservationId,
      warehouseId: r.warehouseId,
      quantity: r.quantity,
      expiresAt: r.expiresAt,
      reference: r.reference,
    };
  }
  return {
    product:
      p === undefined
        ? null
        : {
            productId: p.productId,
            sku: p.sku,
            name: p.name,
            unit: p.unit,
            barcode: p.barcode,
            unitCost: { amountMinor: p.unitCostMinor, currency: p.currency },
            leadTimeDays: p.leadTimeDays,
            serviceLevel: p.serviceLevel,
            minStock: p.minStock,
            maxStock: p.maxStock,
            category: p.category,
            preferredSupplierId: p.preferredSupplierId,
            archived: p.archived,
          },
    stock,
    reservations,
  };
};

/** A purchase order's decision state, read from its projection rows. */
export const purchaseOrderState = (rows: RowSet, purchaseOrderId: string): PurchaseOrderState => {
  const o = rows.get('purchaseOrders', purchaseOrderId);
  if (o === undefined) return { order: null };
  const lines = rows
    .find('purchaseOrderLines', (l) => l.purchaseOrderId === purchaseOrderId)
    .sort((a, b) => a.position - b.position)
    .map((l) => ({
      lineId: l.lineId,
      productId: l.productId,
      quantity: l.quantityOrdered,
      received: l.quantityReceived,
      unitCost: { amountMinor: l.unitCostMinor, currency: l.currency },
    }));
  return {
    order: {
      purchaseOrderId: o.purchaseOrderId,
      number: o.number,
      supplierId: o.supplierId,
      warehouseId: o.warehouseId,
      status: o.status as NonNullable<PurchaseOrderState['order']>['status'],
      expectedAt: o.expectedAt,
      lines,
      note: o.note,
      source: o.source as 'manual' | 'suggested',
      reason: o.reason,
      suggestedExpectedAt: o.suggestedExpectedAt,
    },
  };
};

/** The found warehouses among `ids`, with whether each is archived. */
export const warehouseRefs = (rows: RowSet, ids: readonly string[]) =>
  Object.fromEntries(
    ids.flatMap((id) => {
      const w = rows.get('warehouses', id);
      return w === undefined ? [] : [[id, { archived: w.archived }]];
    }),
  );

/** The supplier `id` names, with whether it is archived: null when not found, undefined for none. */
export const supplierRef = (rows: RowSet, id: string | null | undefined) => {
  if (id == null) return undefined;
  const s = rows.get('suppliers', id);
  return s === undefined ? null : { archived: s.archived };
};

/** The found products among `ids`, with whether each is archived. */
export const productRefs = (rows: RowSet, ids: readonly string[]) =>
  Object.fromEntries(
    ids.flatMap((id) => {
      const p = rows.get('products', id);
      return p === undefined ? [] : [[id, { archived: p.archived }]];
    }),
  );

import type { Money, ProductDetails, PurchaseOrderLine, StockMateEvent } from '../../../shared';
import { assertNever, postponedStatus, receiptStatus } from '../../../shared';
import type { MovementKind, ProductRow, PurchaseOrderLineRow, StockLevelRow } from './rows';
import type { RowSet } from './row-set';

/** An event with what the projections need of its envelope. */
export interface ProjectableEvent {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly actor: string;
  readonly event: StockMateEvent;
}

const productFields = (details: Partial<ProductDetails>): Partial<ProductRow> => {
  const { unitCost, ...rest } = details;
  return unitCost === undefined
    ? rest
    : { ...rest, unitCostMinor: unitCost.amountMinor, currency: unitCost.currency };
};

/** A projection found a row missing that its event needs: the history and projections disagree. */
const missing = (what: string): Error => new Error(`projection is missing ${what}`);

const moveStock = (
  rows: RowSet,
  e: ProjectableEvent,
  seq: number,
  movement: {
    productId: string;
    warehouseId: string;
    kind: MovementKind;
    quantity: number;
    reason?: string | null;
    note?: string | null;
    reference?: string | null;
    purchaseOrderId?: string | null;
  },
): void => {
  const level: StockLevelRow = rows.get(
    'stockLevels',
    movement.productId,
    movement.warehouseId,
  ) ?? {
    productId: movement.productId,
    warehouseId: movement.warehouseId,
    onHand: 0,
    reserved: 0,
    updatedAt: e.occurredAt,
  };
  const onHand = level.onHand + movement.quantity;
  rows.put('stockLevels', { ...level, onHand, updatedAt: e.occurredAt });
  rows.put('movements', {
    eventId: e.eventId,
    seq,
    productId: movement.productId,
    warehouseId: movement.warehouseId,
    kind: movement.kind,
    quantity: movement.quantity,
    onHandAfter: onHand,
    reason: movement.reason ?? null,
    note: movement.note ?? null,
    reference: movement.reference ?? null,
    purchaseOrderId: movement.purchaseOrderId ?? null,
    actor: e.actor,
    occurredAt: e.occurredAt,
  });
};

const reserve = (
  rows: RowSet,
  e: ProjectableEvent,
  productId: string,
  warehouseId: string,
  delta: number,
): void => {
  const level = rows.get('stockLevels', productId, warehouseId);
  if (level === undefined) throw missing(`stock of ${productId} in ${warehouseId}`);
  rows.put('stockLevels', { ...level, reserved: level.reserved + delta, updatedAt: e.occurredAt });
};

const linesOf = (rows: RowSet, purchaseOrderId: string): PurchaseOrderLineRow[] =>
  rows
    .find('purchaseOrderLines', (l) => l.purchaseOrderId === purchaseOrderId)
    .sort((a, b) => a.position - b.position);

const supplierPrice = (price: Money | null) => ({
  unitPriceMinor: price?.amountMinor ?? null,
  currency: price?.currency ?? null,
});

const putLines = (
  rows: RowSet,
  purchaseOrderId: string,
  lines: readonly PurchaseOrderLine[],
): void =>
  lines.forEach((line, position) =>
    rows.put('purchaseOrderLines', {
      purchaseOrderId,
      lineId: line.lineId,
      position,
      productId: line.productId,
      quantityOrdered: line.quantity,
      quantityReceived: 0,
      unitCostMinor: line.unitCost.amountMinor,
      currency: line.unitCost.currency,
    }),
  );

/** Applies one event to the projection rows: the one definition used live and by rebuilds. */
export const project = (rows: RowSet, e: ProjectableEvent): void => {
  const at = e.occurredAt;
  const event = e.event;
  switch (event.type) {
    case 'ProductRegistered': {
      const { productId, ...details } = event.data;
      rows.put('products', {
        productId,
        ...(productFields(details) as Omit<
          ProductRow,
          'productId' | 'archived' | 'createdAt' | 'updatedAt'
        >),
        archived: false,
        createdAt: at,
        updatedAt: at,
      });
      return;
    }
    case 'ProductUpdated':
    case 'ProductArchived':
    case 'ProductRestored': {
      const product = rows.get('products', event.data.productId);
      if (product === undefined) throw missing(`product ${event.data.productId}`);
      const change =
        event.type === 'ProductUpdated'
          ? productFields(event.data.changes)
          : { archived: event.type === 'ProductArchived' };
      rows.put('products', { ...product, ...change, updatedAt: at });
      return;
    }
    case 'StockReceived': {
      const d = event.data;
      moveStock(rows, e, 0, {
        productId: d.productId,
        warehouseId: d.warehouseId,
        kind: 'receipt',
        quantity: d.quantity,
        note: d.note,
        purchaseOrderId: d.purchaseOrderId,
      });
      return;
    }
    case 'StockIssued': {
      const d = event.data;
      moveStock(rows, e, 0, {
        productId: d.productId,
        warehouseId: d.warehouseId,
        kind: 'issue',
        quantity: -d.quantity,
        reference: d.reference,
      });
      return;
    }
    case 'StockAdjusted': {
      const d = event.data;
      moveStock(rows, e, 0, {
        productId: d.productId,
        warehouseId: d.warehouseId,
        kind: 'adjustment',
        quantity: d.delta,
        reason: d.reason,
        note: d.note,
      });
      return;
    }
    case 'StockTransferred': {
      const d = event.data;
      moveStock(rows, e, 0, {
        productId: d.productId,
        warehouseId: d.fromWarehouseId,
        kind: 'transfer_out',
        quantity: -d.quantity,
        note: d.note,
      });
      moveStock(rows, e, 1, {
        productId: d.productId,
        warehouseId: d.toWarehouseId,
        kind: 'transfer_in',
        quantity: d.quantity,
        note: d.note,
      });
      return;
    }
    case 'StockReserved': {
      const d = event.data;
      reserve(rows, e, d.productId, d.warehouseId, d.quantity);
      rows.put('reservations', {
        reservationId: d.reservationId,
        productId: d.productId,
        warehouseId: d.warehouseId,
        quantity: d.quantity,
        expiresAt: d.expiresAt,
        reference: d.reference,
        status: 'active',
        createdAt: at,
        closedAt: null,
      });
      return;
    }
    case 'ReservationReleased': {
      const d = event.data;
      reserve(rows, e, d.productId, d.warehouseId, -d.quantity);
      const reservation = rows.get('reservations', d.reservationId);
      if (reservation === undefined) throw missing(`reservation ${d.reservationId}`);
      rows.put('reservations', { ...reservation, status: d.reason, closedAt: at });
      return;
    }
    case 'WarehouseCreated': {
      const { warehouseId, code, name, address } = event.data;
      rows.put('warehouses', {
        warehouseId,
        code,
        name,
        address,
        archived: false,
        createdAt: at,
        updatedAt: at,
      });
      return;
    }
    case 'WarehouseUpdated':
    case 'WarehouseArchived':
    case 'WarehouseRestored': {
      const warehouse = rows.get('warehouses', event.data.warehouseId);
      if (warehouse === undefined) throw missing(`warehouse ${event.data.warehouseId}`);
      const change =
        event.type === 'WarehouseUpdated'
          ? event.data.changes
          : { archived: event.type === 'WarehouseArchived' };
      rows.put('warehouses', { ...warehouse, ...change, updatedAt: at });
      return;
    }
    case 'SupplierCreated': {
      const { supplierId, unitPrice, ...details } = event.data;
      rows.put('suppliers', {
        supplierId,
        ...details,
        ...supplierPrice(unitPrice ?? null),
        archived: false,
        createdAt: at,
        updatedAt: at,
      });
      return;
    }
    case 'SupplierUpdated': {
      const supplier = rows.get('suppliers', event.data.supplierId);
      if (supplier === undefined) throw missing(`supplier ${event.data.supplierId}`);
      const { unitPrice, ...changes } = event.data.changes;
      const price = unitPrice === undefined ? {} : supplierPrice(unitPrice);
      rows.put('suppliers', { ...supplier, ...changes, ...price, updatedAt: at });
      return;
    }
    case 'SupplierArchived':
    case 'SupplierRestored': {
      const supplier = rows.get('suppliers', event.data.supplierId);
      if (supplier === undefined) throw missing(`supplier ${event.data.supplierId}`);
      rows.put('suppliers', {
        ...supplier,
        archived: event.type === 'SupplierArchived',
        updatedAt: at,
      });
      return;
    }
    case 'OverstockDetected':
      return;
    case 'PurchaseOrderPostponementSuggested': {
      const order = rows.get('purchaseOrders', event.data.purchaseOrderId);
      if (order === undefined) throw missing(`purchase order ${event.data.purchaseOrderId}`);
      rows.put('purchaseOrders', {
        ...order,
        suggestedExpectedAt: event.data.expectedAt,
        suggestion: event.data.reason,
        updatedAt: at,
      });
      return;
    }
    case 'PurchaseOrderDrafted':
    case 'PurchaseOrderSuggested': {
      const d = event.data;
      rows.put('purchaseOrders', {
        purchaseOrderId: d.purchaseOrderId,
        number: d.number,
        supplierId: d.supplierId,
        warehouseId: d.warehouseId,
        status: 'draft',
        expectedAt: d.expectedAt,
        source: d.source,
        reason: d.reason,
        note: d.note,
        createdAt: at,
        submittedAt: null,
        closedAt: null,
        updatedAt: at,
        suggestedExpectedAt: null,
        suggestion: null,
        suggestAgainOn: null,
      });
      putLines(rows, d.purchaseOrderId, d.lines);
      return;
    }
    case 'PurchaseOrderRevised': {
      const d = event.data;
      const order = rows.get('purchaseOrders', d.purchaseOrderId);
      if (order === undefined) throw missing(`purchase order ${d.purchaseOrderId}`);
      rows.put('purchaseOrders', {
        ...order,
        supplierId: d.supplierId ?? order.supplierId,
        warehouseId: d.warehouseId,
        expectedAt: d.expectedAt,
        note: d.note,
        updatedAt: at,
      });
      for (const line of linesOf(rows, d.purchaseOrderId)) rows.remove('purchaseOrderLines', line);
      putLines(rows, d.purchaseOrderId, d.lines);
      return;
    }
    case 'PurchaseOrderSubmitted':
    case 'PurchaseOrderReceived':
    case 'PurchaseOrderCancelled':
    case 'PurchaseOrderClosed':
    case 'PurchaseOrderPostponed': {
      const order = rows.get('purchaseOrders', event.data.purchaseOrderId);
      if (order === undefined) throw missing(`purchase order ${event.data.purchaseOrderId}`);
      if (event.type === 'PurchaseOrderSubmitted') {
        rows.put('purchaseOrders', {
          ...order,
          status: 'submitted',
          submittedAt: at,
          updatedAt: at,
        });
        return;
      }
      if (event.type === 'PurchaseOrderCancelled' || event.type === 'PurchaseOrderClosed') {
        rows.put('purchaseOrders', {
          ...order,
          status: event.type === 'PurchaseOrderCancelled' ? 'cancelled' : 'closed',
          closedAt: at,
          updatedAt: at,
          suggestedExpectedAt: null,
          suggestion: null,
          suggestAgainOn:
            event.type === 'PurchaseOrderCancelled' ? (event.data.suggestAgainOn ?? null) : null,
        });
        return;
      }
      const receipts = () =>
        linesOf(rows, order.purchaseOrderId).map((l) => ({
          quantity: l.quantityOrdered,
          received: l.quantityReceived,
        }));
      if (event.type === 'PurchaseOrderPostponed') {
        rows.put('purchaseOrders', {
          ...order,
          expectedAt: event.data.expectedAt,
          status: postponedStatus(receipts()),
          updatedAt: at,
          suggestedExpectedAt: null,
          suggestion: null,
        });
        return;
      }
      for (const received of event.data.lines) {
        const line = rows.get('purchaseOrderLines', order.purchaseOrderId, received.lineId);
        if (line === undefined) throw missing(`line ${received.lineId}`);
        rows.put('purchaseOrderLines', {
          ...line,
          quantityReceived: line.quantityReceived + received.quantity,
        });
      }
      const status = receiptStatus(receipts());
      rows.put('purchaseOrders', {
        ...order,
        status,
        closedAt: status === 'received' ? at : null,
        updatedAt: at,
        ...(status === 'received' ? { suggestedExpectedAt: null, suggestion: null } : {}),
      });
      return;
    }
    default:
      assertNever(event);
  }
};

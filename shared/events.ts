import type { ProductEvent, WarehouseEvent } from './inventory';
import type { PurchaseOrderEvent, SupplierEvent } from './purchasing';

/** Every event Stock-Mate records. */
export type StockMateEvent = ProductEvent | WarehouseEvent | SupplierEvent | PurchaseOrderEvent;
export type StockMateEventType = StockMateEvent['type'];

/** Event types that change stock on hand or reserved: they start the stock-changed workflow. */
export const stockEventTypes: ReadonlySet<StockMateEventType> = new Set([
  'StockReceived',
  'StockIssued',
  'StockAdjusted',
  'StockTransferred',
  'StockReserved',
  'ReservationReleased',
]);

/**
 * The products whose expected stock an event takes away: what an order still had due when it was
 * cancelled or closed short. The stock-changed workflow analyses them as it does a stock change,
 * so that what will not come is ordered elsewhere in time.
 */
export const productsNoLongerDue = (event: StockMateEvent): string[] =>
  event.type === 'PurchaseOrderCancelled' || event.type === 'PurchaseOrderClosed'
    ? [...new Set((event.data.undelivered ?? []).map((l) => l.productId))]
    : [];

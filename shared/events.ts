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

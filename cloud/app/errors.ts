import { StockMateError, conflict, insufficientStock } from '../../shared';
import { SqlError } from '../db/port';

/** Unique constraints a client can run into, and the field each protects. */
const uniqueFields: Readonly<Record<string, string>> = {
  products_sku: 'sku',
  products_barcode: 'barcode',
  warehouses_code: 'code',
  products_pkey: 'productId',
  warehouses_pkey: 'warehouseId',
  suppliers_pkey: 'supplierId',
  reservations_pkey: 'reservationId',
  purchase_orders_pkey: 'purchaseOrderId',
  purchase_order_lines_pkey: 'lineId',
};

/** Violations caused by a concurrent transaction: running the command again gives the right answer. */
const raceConstraints = new Set([
  'events_stream_version',
  'idempotency_pkey',
  'streams_pkey',
  'purchase_orders_number',
]);

export const isRace = (error: unknown): boolean =>
  error instanceof SqlError &&
  error.code === '23505' &&
  raceConstraints.has(error.constraint ?? '');

/** Turns what the database refused into the typed error a client sees; anything else is Internal. */
export const fromDatabase = (error: unknown): unknown => {
  if (error instanceof StockMateError || !(error instanceof SqlError)) return error;
  if (error.code === '23505') {
    const field = uniqueFields[error.constraint ?? ''];
    if (field !== undefined) return conflict(field, 'is already used');
  }
  if (error.code === '23514' && error.constraint === 'stock_levels_never_oversold') {
    return insufficientStock('quantity', 'not enough stock available');
  }
  return error;
};

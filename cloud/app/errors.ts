import { StockMateError, conflict, insufficientStock, internal } from '../../shared';
import { SqlError } from '../db/port';

/** SQLSTATE disk_full. */
const DISK_FULL = '53100';

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
  // No room to grow a table: PostgreSQL undid the transaction, and the person can do something.
  if (error.code === DISK_FULL) {
    return internal(
      "the database's disk is full, so nothing was saved: free some space, then try again",
    );
  }
  return error;
};

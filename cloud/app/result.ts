import type { RowTypes, TableName } from '../db/projection/rows';
import type { RowSet } from '../db/projection/row-set';

/** What a command changed: its events and the after-image of every projection row it touched. */
export type CommandResult = {
  readonly events: readonly { eventId: string; type: string; stream: string; version: number }[];
  /** True when this is the stored result of an earlier request with the same idempotency key. */
  readonly replayed: boolean;
} & { readonly [T in TableName]: readonly RowTypes[T][] };

export const resultFrom = (rows: RowSet, events: CommandResult['events']): CommandResult => ({
  events,
  replayed: false,
  products: rows.changed('products'),
  warehouses: rows.changed('warehouses'),
  suppliers: rows.changed('suppliers'),
  stockLevels: rows.changed('stockLevels'),
  movements: rows.changed('movements'),
  reservations: rows.changed('reservations'),
  purchaseOrders: rows.changed('purchaseOrders'),
  // Every line of a changed order, so the order can be shown whole.
  purchaseOrderLines: orderLines(rows),
});

const orderLines = (rows: RowSet) => {
  const orders = new Set(rows.changed('purchaseOrders').map((o) => o.purchaseOrderId));
  return rows
    .find('purchaseOrderLines', (l) => orders.has(l.purchaseOrderId))
    .sort((a, b) => a.position - b.position);
};

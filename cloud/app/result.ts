import type { RowTypes, TableName } from '../db/projection/rows';
import type { RowSet } from '../db/projection/row-set';

/** What a command changed: its events and the after-image of every projection row it touched. */
export type CommandResult = {
  readonly events: readonly { eventId: string; type: string; stream: string; version: number }[];
  /** True when this is the stored result of an earlier request with the same idempotency key. */
  readonly replayed: boolean;
} & { readonly [T in TableName]: readonly RowTypes[T][] };

/**
 * A command's result from the rows its events changed (captured right after them), with every
 * line of a changed order, so the order can be shown whole.
 */
export const resultFrom = (
  rows: RowSet,
  changed: { readonly [T in TableName]: readonly RowTypes[T][] },
  events: CommandResult['events'],
): CommandResult => {
  const orders = new Set(changed.purchaseOrders.map((o) => o.purchaseOrderId));
  return {
    ...changed,
    events,
    replayed: false,
    purchaseOrderLines: rows
      .find('purchaseOrderLines', (l) => orders.has(l.purchaseOrderId))
      .sort((a, b) => a.position - b.position),
  };
};

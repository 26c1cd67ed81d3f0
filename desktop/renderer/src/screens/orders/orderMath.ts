/** Sums and states of purchase orders, as the order screens show them. */
import type { Money, PurchaseOrder, PurchaseOrderStatus } from '../../api/types';

export const openStatuses: readonly PurchaseOrderStatus[] = [
  'SUBMITTED',
  'PARTIALLY_RECEIVED',
  'POSTPONED',
];

export const isOpen = (o: PurchaseOrder) => openStatuses.includes(o.status);

/** Statuses of orders that may still bring goods in: drafts, and open orders. */
export const comingStatuses: readonly PurchaseOrderStatus[] = ['DRAFT', ...openStatuses];

/** Whether what the order has not delivered may still come (not once received, closed, cancelled). */
export const mayStillCome = (o: PurchaseOrder) => comingStatuses.includes(o.status);

export const canReceive = isOpen;

/** A suggestion of the analyser's that nobody has acted on yet: it is dismissed, not cancelled. */
export const isOpenSuggestion = (o: PurchaseOrder) =>
  o.source === 'SUGGESTED' && o.status === 'DRAFT';

/** The value of so many units of each line; lines in several currencies are summed per currency. */
const valueOf = (o: PurchaseOrder, units: (l: PurchaseOrder['lines'][number]) => number) => {
  const sums = new Map<string, number>();
  for (const l of o.lines) {
    sums.set(
      l.unitCost.currency,
      (sums.get(l.unitCost.currency) ?? 0) + units(l) * l.unitCost.amountMinor,
    );
  }
  return [...sums].map(([currency, amountMinor]): Money => ({ amountMinor, currency }));
};

/** The order's value, as ordered. */
export const orderTotal = (o: PurchaseOrder): Money[] => valueOf(o, (l) => l.quantityOrdered);

/** The value of what arrived on the order. */
export const receivedTotal = (o: PurchaseOrder): Money[] => valueOf(o, (l) => l.quantityReceived);

export const remaining = (line: { quantityOrdered: number; quantityReceived: number }) =>
  Math.max(0, line.quantityOrdered - line.quantityReceived);

export const isLate = (o: PurchaseOrder, today = new Date().toISOString().slice(0, 10)) =>
  isOpen(o) && o.expectedAt < today;

export const unitsOrdered = (o: PurchaseOrder) =>
  o.lines.reduce((sum, l) => sum + l.quantityOrdered, 0);

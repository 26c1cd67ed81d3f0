import type { DomainEvent, Money } from '../../core';
import { assertNever } from '../../core';

export const purchaseOrderStatuses = [
  'draft',
  'submitted',
  'partially_received',
  'received',
  'cancelled',
  'postponed',
  'closed',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

/** Orders that are still expected to arrive. */
export const openStatuses: readonly PurchaseOrderStatus[] = [
  'submitted',
  'postponed',
  'partially_received',
];

export type PurchaseOrderSource = 'manual' | 'suggested';

export interface PurchaseOrderLine {
  readonly lineId: string;
  readonly productId: string;
  readonly quantity: number;
  readonly unitCost: Money;
}

/** Units of one line of an order: received, or no longer due once it is cancelled or closed. */
export interface LineUnits {
  readonly lineId: string;
  readonly productId: string;
  readonly quantity: number;
}

/** What a new order says when it is drafted by a manager or suggested by the analyser. */
export interface DraftedOrder {
  purchaseOrderId: string;
  number: string;
  supplierId: string;
  warehouseId: string;
  expectedAt: string;
  lines: PurchaseOrderLine[];
  note: string | null;
  source: PurchaseOrderSource;
  reason: string | null;
}

export type PurchaseOrderEvent =
  | DomainEvent<'PurchaseOrderDrafted', DraftedOrder>
  | DomainEvent<'PurchaseOrderSuggested', DraftedOrder>
  | DomainEvent<
      'PurchaseOrderPostponementSuggested',
      { purchaseOrderId: string; expectedAt: string; reason: string }
    >
  | DomainEvent<
      'PurchaseOrderRevised',
      {
        purchaseOrderId: string;
        /** Absent from revisions recorded before a draft could move to another supplier. */
        supplierId?: string;
        warehouseId: string;
        expectedAt: string;
        lines: PurchaseOrderLine[];
        note: string | null;
      }
    >
  | DomainEvent<'PurchaseOrderSubmitted', { purchaseOrderId: string }>
  | DomainEvent<
      'PurchaseOrderReceived',
      { purchaseOrderId: string; warehouseId: string; lines: LineUnits[]; overReceipt: boolean }
    >
  | DomainEvent<
      'PurchaseOrderCancelled',
      {
        purchaseOrderId: string;
        reason: string | null;
        /**
         * What was on order and is no longer expected: each line of a submitted order; none of a
         * draft. Absent from cancellations recorded before it was kept.
         */
        undelivered?: LineUnits[];
        /**
         * For a suggestion dismissed (a suggested order cancelled as a draft): the day from which
         * its products may be suggested again. Absent otherwise, and from cancellations recorded
         * before it was kept.
         */
        suggestAgainOn?: string;
      }
    >
  | DomainEvent<
      'PurchaseOrderClosed',
      {
        purchaseOrderId: string;
        /** What was still due on each line that fell short, no longer expected. */
        undelivered: LineUnits[];
        reason: string | null;
      }
    >
  | DomainEvent<
      'PurchaseOrderPostponed',
      {
        purchaseOrderId: string;
        expectedAt: string;
        previousExpectedAt: string;
        reason: string | null;
      }
    >;

export type PurchaseOrderEventType = PurchaseOrderEvent['type'];

export interface PurchaseOrderLineState extends PurchaseOrderLine {
  readonly received: number;
}

export interface PurchaseOrder {
  readonly purchaseOrderId: string;
  readonly number: string;
  readonly supplierId: string;
  readonly warehouseId: string;
  readonly status: PurchaseOrderStatus;
  readonly expectedAt: string;
  readonly lines: readonly PurchaseOrderLineState[];
  readonly note: string | null;
  readonly source: PurchaseOrderSource;
  readonly reason: string | null;
  /** A later expected date the analyser suggests, until the order is postponed or closed. */
  readonly suggestedExpectedAt: string | null;
}

export interface PurchaseOrderState {
  readonly order: PurchaseOrder | null;
}

export const initialPurchaseOrderState: PurchaseOrderState = { order: null };

interface Receipt {
  readonly quantity: number;
  readonly received: number;
}

/** The status of an order whose lines have been received this far. */
export const receiptStatus = (lines: readonly Receipt[]): 'received' | 'partially_received' =>
  lines.every((l) => l.received >= l.quantity) ? 'received' : 'partially_received';

/** The status of an order postponed with this much received. */
export const postponedStatus = (lines: readonly Receipt[]): 'partially_received' | 'postponed' =>
  lines.some((l) => l.received > 0) ? 'partially_received' : 'postponed';

export const evolvePurchaseOrder = (
  state: PurchaseOrderState,
  event: PurchaseOrderEvent,
): PurchaseOrderState => {
  if (event.type === 'PurchaseOrderDrafted' || event.type === 'PurchaseOrderSuggested') {
    const { lines, ...rest } = event.data;
    return {
      order: {
        ...rest,
        status: 'draft',
        suggestedExpectedAt: null,
        lines: lines.map((l) => ({ ...l, received: 0 })),
      },
    };
  }
  const order = state.order;
  if (order === null) return state;
  switch (event.type) {
    case 'PurchaseOrderRevised': {
      const { lines, supplierId, warehouseId, expectedAt, note } = event.data;
      return {
        order: {
          ...order,
          supplierId: supplierId ?? order.supplierId,
          warehouseId,
          expectedAt,
          note,
          lines: lines.map((l) => ({ ...l, received: 0 })),
        },
      };
    }
    case 'PurchaseOrderSubmitted':
      return { order: { ...order, status: 'submitted' } };
    case 'PurchaseOrderPostponementSuggested':
      return { order: { ...order, suggestedExpectedAt: event.data.expectedAt } };
    case 'PurchaseOrderReceived': {
      const received = new Map(event.data.lines.map((l) => [l.lineId, l.quantity]));
      const lines = order.lines.map((l) => ({
        ...l,
        received: l.received + (received.get(l.lineId) ?? 0),
      }));
      return {
        order: {
          ...order,
          lines,
          status: receiptStatus(lines),
          suggestedExpectedAt:
            receiptStatus(lines) === 'received' ? null : order.suggestedExpectedAt,
        },
      };
    }
    case 'PurchaseOrderCancelled':
      return { order: { ...order, status: 'cancelled', suggestedExpectedAt: null } };
    case 'PurchaseOrderClosed':
      return { order: { ...order, status: 'closed', suggestedExpectedAt: null } };
    case 'PurchaseOrderPostponed':
      return {
        order: {
          ...order,
          expectedAt: event.data.expectedAt,
          status: postponedStatus(order.lines),
          suggestedExpectedAt: null,
        },
      };
    default:
      return assertNever(event);
  }
};

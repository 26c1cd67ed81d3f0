import {
  MAX_PRODUCT_STOCK,
  assertNever,
  conflict,
  invalidFields,
  notFound,
  validationError,
} from '../../core';
import { addDays } from '../../core/dates';
import type {
  DraftedOrder,
  LineUnits,
  PurchaseOrder,
  PurchaseOrderEvent,
  PurchaseOrderLine,
  PurchaseOrderSource,
  PurchaseOrderState,
  PurchaseOrderStatus,
} from './events';

export type PurchaseOrderCommand =
  | {
      type: 'DraftPurchaseOrder';
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
  | {
      type: 'RevisePurchaseOrder';
      purchaseOrderId: string;
      supplierId?: string;
      warehouseId?: string;
      expectedAt?: string;
      lines?: PurchaseOrderLine[];
      note?: string | null;
    }
  | { type: 'SubmitPurchaseOrder'; purchaseOrderId: string }
  | {
      type: 'ReceivePurchaseOrder';
      purchaseOrderId: string;
      lines: { lineId: string; quantity: number }[];
      allowOverReceipt: boolean;
    }
  | {
      type: 'SuggestPurchaseOrder';
      purchaseOrderId: string;
      number: string;
      supplierId: string;
      warehouseId: string;
      expectedAt: string;
      lines: PurchaseOrderLine[];
      reason: string;
    }
  | { type: 'SuggestPostponement'; purchaseOrderId: string; expectedAt: string; reason: string }
  | {
      type: 'CancelPurchaseOrder';
      purchaseOrderId: string;
      reason: string | null;
      /** For a suggestion dismissed: the day its products may be suggested again. */
      suggestAgainOn?: string;
    }
  | { type: 'ClosePurchaseOrder'; purchaseOrderId: string; reason: string | null }
  | {
      type: 'PostponePurchaseOrder';
      purchaseOrderId: string;
      expectedAt: string;
      reason: string | null;
    };

export type PurchaseOrderCommandType = PurchaseOrderCommand['type'];

/** Facts outside the order's stream that its decisions need. */
export interface PurchaseOrderEnv {
  /** Today, as YYYY-MM-DD. */
  readonly today: string;
  /**
   * The supplier the command names, with whether it is archived (nothing new is ordered from it);
   * null when it does not exist.
   */
  readonly supplier?: { readonly archived: boolean } | null;
  readonly warehouses?: Readonly<Record<string, { readonly archived: boolean }>>;
  readonly products?: Readonly<Record<string, { readonly archived: boolean }>>;
  /** Each product of the order's lines: its SKU, and its units still due on open orders. */
  readonly onOrder?: Readonly<Record<string, { readonly sku: string; readonly units: number }>>;
}

const MAX_LINES = 500;

const existing = (state: PurchaseOrderState, id: string): PurchaseOrder => {
  if (state.order === null) throw notFound('purchaseOrderId', `no purchase order ${id}`);
  return state.order;
};

const inStatus = (
  order: PurchaseOrder,
  allowed: readonly PurchaseOrderStatus[],
  action: string,
): void => {
  if (!allowed.includes(order.status)) {
    throw conflict(
      'purchaseOrderId',
      `purchase order ${order.number} is ${order.status.replace('_', ' ')} and cannot be ${action}`,
    );
  }
};

const checkWarehouse = (env: PurchaseOrderEnv, warehouseId: string): void => {
  const warehouse = env.warehouses?.[warehouseId];
  if (warehouse === undefined) throw notFound('warehouseId', `no warehouse ${warehouseId}`);
  if (warehouse.archived) throw conflict('warehouseId', `warehouse ${warehouseId} is archived`);
};

const checkLines = (env: PurchaseOrderEnv, lines: readonly PurchaseOrderLine[]): void => {
  if (lines.length === 0) throw validationError('lines', 'must have at least one line');
  if (lines.length > MAX_LINES)
    throw validationError('lines', `must have at most ${MAX_LINES} lines`);
  const issues: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  const seenLines = new Set<string>();
  lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      issues.push({
        field: `lines.${i}.quantity`,
        message: 'must be a whole number greater than zero',
      });
    }
    if (seenLines.has(line.lineId))
      issues.push({ field: `lines.${i}.lineId`, message: 'appears twice' });
    seenLines.add(line.lineId);
    if (seen.has(line.productId))
      issues.push({ field: `lines.${i}.productId`, message: 'appears on another line' });
    seen.add(line.productId);
    const product = env.products?.[line.productId];
    if (product === undefined)
      issues.push({ field: `lines.${i}.productId`, message: `no product ${line.productId}` });
    else if (product.archived)
      issues.push({ field: `lines.${i}.productId`, message: 'product is archived' });
  });
  if (issues.length > 0) {
    const missing = issues.every((i) => i.message.startsWith('no product'));
    if (missing) throw notFound(issues[0]!.field, issues[0]!.message);
    throw invalidFields(issues);
  }
};

/** A supplier new orders may go to: one that exists and is not archived. */
const checkSupplier = (env: PurchaseOrderEnv, supplierId: string): void => {
  if (env.supplier == null) throw notFound('supplierId', `no supplier ${supplierId}`);
  if (env.supplier.archived)
    throw conflict('supplierId', 'the supplier is archived; restore it before ordering from it');
};

const draft = (
  c: Extract<PurchaseOrderCommand, { type: 'DraftPurchaseOrder' }>,
  s: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  if (s.order !== null)
    throw conflict('purchaseOrderId', `purchase order ${c.purchaseOrderId} already exists`);
  checkSupplier(env, c.supplierId);
  checkWarehouse(env, c.warehouseId);
  checkLines(env, c.lines);
  const { type: _type, ...data } = c;
  return [{ type: 'PurchaseOrderDrafted', data }];
};

const suggest = (
  c: Extract<PurchaseOrderCommand, { type: 'SuggestPurchaseOrder' }>,
  s: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  const { type: _type, ...order } = c;
  const [drafted] = draft(
    { ...order, type: 'DraftPurchaseOrder', note: null, source: 'suggested' },
    s,
    env,
  );
  return drafted === undefined
    ? []
    : [{ type: 'PurchaseOrderSuggested', data: drafted.data as DraftedOrder }];
};

/** A later date for an open order; repeating the same suggestion changes nothing. */
const suggestPostponement = (
  c: Extract<PurchaseOrderCommand, { type: 'SuggestPostponement' }>,
  s: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  const order = existing(s, c.purchaseOrderId);
  inStatus(order, ['submitted', 'postponed', 'partially_received'], 'postponed');
  if (order.suggestedExpectedAt === c.expectedAt) return [];
  if (c.expectedAt <= order.expectedAt || c.expectedAt < env.today) {
    throw validationError(
      'expectedAt',
      `must be later than the current expected date ${order.expectedAt}`,
    );
  }
  return [
    {
      type: 'PurchaseOrderPostponementSuggested',
      data: { purchaseOrderId: c.purchaseOrderId, expectedAt: c.expectedAt, reason: c.reason },
    },
  ];
};

const revise = (
  c: Extract<PurchaseOrderCommand, { type: 'RevisePurchaseOrder' }>,
  s: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  const order = existing(s, c.purchaseOrderId);
  inStatus(order, ['draft'], 'revised');
  const supplierId = c.supplierId ?? order.supplierId;
  if (supplierId !== order.supplierId) checkSupplier(env, supplierId);
  const warehouseId = c.warehouseId ?? order.warehouseId;
  if (c.warehouseId !== undefined) checkWarehouse(env, warehouseId);
  const lines = c.lines ?? order.lines.map(({ received: _r, ...line }) => line);
  if (c.lines !== undefined) checkLines(env, lines);
  return [
    {
      type: 'PurchaseOrderRevised',
      data: {
        purchaseOrderId: c.purchaseOrderId,
        supplierId,
        warehouseId,
        expectedAt: c.expectedAt ?? order.expectedAt,
        lines,
        note: c.note === undefined ? order.note : c.note,
      },
    },
  ];
};

const submit = (
  c: Extract<PurchaseOrderCommand, { type: 'SubmitPurchaseOrder' }>,
  s: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  const order = existing(s, c.purchaseOrderId);
  if (order.status === 'submitted') return [];
  inStatus(order, ['draft'], 'submitted');
  // Submitted, its lines are on order: with each product's open orders, within the most.
  for (const line of order.lines) {
    const product = env.onOrder?.[line.productId];
    if (product === undefined) {
      throw conflict(
        'purchaseOrderId',
        `purchase order ${order.number} was revised while being submitted; submit it again`,
      );
    }
    if (product.units + line.quantity > MAX_PRODUCT_STOCK) {
      throw validationError(
        'purchaseOrderId',
        `would put ${product.units + line.quantity} units of ${product.sku} on order, all open orders together; at most ${MAX_PRODUCT_STOCK} may be (${product.units} are)`,
      );
    }
  }
  return [{ type: 'PurchaseOrderSubmitted', data: { purchaseOrderId: c.purchaseOrderId } }];
};

const receive = (
  c: Extract<PurchaseOrderCommand, { type: 'ReceivePurchaseOrder' }>,
  s: PurchaseOrderState,
): PurchaseOrderEvent[] => {
  const order = existing(s, c.purchaseOrderId);
  inStatus(order, ['submitted', 'postponed', 'partially_received'], 'received');
  if (c.lines.length === 0)
    throw validationError('lines', 'must name at least one line to receive');
  const byId = new Map(order.lines.map((l) => [l.lineId, l]));
  const seen = new Set<string>();
  const issues: { field: string; message: string }[] = [];
  let overReceipt = false;
  const received: LineUnits[] = [];
  c.lines.forEach((r, i) => {
    const line = byId.get(r.lineId);
    if (line === undefined) {
      issues.push({
        field: `lines.${i}.lineId`,
        message: `no line ${r.lineId} on purchase order ${order.number}`,
      });
      return;
    }
    if (seen.has(r.lineId)) issues.push({ field: `lines.${i}.lineId`, message: 'appears twice' });
    seen.add(r.lineId);
    if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0) {
      issues.push({
        field: `lines.${i}.quantity`,
        message: 'must be a whole number greater than zero',
      });
      return;
    }
    const due = Math.max(0, line.quantity - line.received);
    if (r.quantity > due) {
      if (!c.allowOverReceipt) {
        issues.push({
          field: `lines.${i}.quantity`,
          message: `${r.quantity} exceeds the ${due} still due; allow over-receipt to receive more`,
        });
        return;
      }
      overReceipt = true;
    }
    received.push({ lineId: r.lineId, productId: line.productId, quantity: r.quantity });
  });
  if (issues.length > 0) throw invalidFields(issues);
  return [
    {
      type: 'PurchaseOrderReceived',
      data: {
        purchaseOrderId: c.purchaseOrderId,
        warehouseId: order.warehouseId,
        lines: received,
        overReceipt,
      },
    },
  ];
};

/** Units of an order's lines received so far, and ordered. */
const units = (order: PurchaseOrder) =>
  order.lines.reduce(
    (sum, l) => ({ received: sum.received + l.received, ordered: sum.ordered + l.quantity }),
    { received: 0, ordered: 0 },
  );

/** What each line of an order still has due, for the lines that have any. */
const undelivered = (order: PurchaseOrder): LineUnits[] =>
  order.lines
    .filter((l) => l.received < l.quantity)
    .map((l) => ({ lineId: l.lineId, productId: l.productId, quantity: l.quantity - l.received }));

/** How long a dismissed suggestion holds back the next one, when the manager names no day. */
const SUGGESTION_HOLD_DAYS = 7;
/** The furthest day a dismissed suggestion may hold back the next one: a year ahead. */
const LONGEST_HOLD_DAYS = 366;

/** Whether an order is a suggestion of the analyser's that nobody has acted on yet. */
const isOpenSuggestion = (order: PurchaseOrder) =>
  order.source === 'suggested' && order.status === 'draft';

/**
 * An order is cancelled before anything arrives. Once some has, what arrived stays on record: the
 * order is closed short instead (`close`). Cancelling a suggestion nobody acted on dismisses it:
 * its products are not suggested again before `suggestAgainOn` (a week on, unless the manager
 * names the day), so the analyser does not make the same suggestion at the next movement.
 */
const cancel = (
  c: Extract<PurchaseOrderCommand, { type: 'CancelPurchaseOrder' }>,
  s: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  const order = existing(s, c.purchaseOrderId);
  if (c.suggestAgainOn !== undefined) {
    if (c.suggestAgainOn <= env.today)
      throw validationError('suggestAgainOn', `must be after today (${env.today})`);
    const latest = addDays(env.today, LONGEST_HOLD_DAYS);
    if (c.suggestAgainOn > latest)
      throw validationError('suggestAgainOn', `must be within a year, by ${latest}`);
  }
  if (order.status === 'cancelled') return [];
  if (order.status === 'partially_received') {
    const { received, ordered } = units(order);
    throw conflict(
      'purchaseOrderId',
      `purchase order ${order.number} has received ${received} of ${ordered} units and cannot be cancelled; close it short instead, to stop waiting for the rest`,
    );
  }
  inStatus(order, ['draft', 'submitted', 'postponed'], 'cancelled');
  if (c.suggestAgainOn !== undefined && !isOpenSuggestion(order)) {
    throw conflict(
      'suggestAgainOn',
      `purchase order ${order.number} is not a suggestion waiting for an answer (it is ${order.source === 'suggested' ? order.status.replace('_', ' ') : 'drafted by hand'}); only such a suggestion is dismissed until a day`,
    );
  }
  return [
    {
      type: 'PurchaseOrderCancelled',
      data: {
        purchaseOrderId: c.purchaseOrderId,
        reason: c.reason,
        // A draft was never on order.
        undelivered: order.status === 'draft' ? [] : undelivered(order),
        ...(isOpenSuggestion(order)
          ? { suggestAgainOn: c.suggestAgainOn ?? addDays(env.today, SUGGESTION_HOLD_DAYS) }
          : {}),
      },
    },
  ];
};

/**
 * Closes a partly received order short: what arrived stays received, what is still due is no
 * longer expected (nor counted on order). An order that received nothing is cancelled instead.
 */
const close = (
  c: Extract<PurchaseOrderCommand, { type: 'ClosePurchaseOrder' }>,
  s: PurchaseOrderState,
): PurchaseOrderEvent[] => {
  const order = existing(s, c.purchaseOrderId);
  if (order.status === 'closed') return [];
  if (order.status === 'submitted' || order.status === 'postponed') {
    throw conflict(
      'purchaseOrderId',
      `purchase order ${order.number} has received nothing yet; cancel it instead`,
    );
  }
  inStatus(order, ['partially_received'], 'closed');
  return [
    {
      type: 'PurchaseOrderClosed',
      data: {
        purchaseOrderId: c.purchaseOrderId,
        undelivered: undelivered(order),
        reason: c.reason,
      },
    },
  ];
};

const postpone = (
  c: Extract<PurchaseOrderCommand, { type: 'PostponePurchaseOrder' }>,
  s: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  const order = existing(s, c.purchaseOrderId);
  inStatus(order, ['submitted', 'postponed', 'partially_received'], 'postponed');
  if (c.expectedAt <= order.expectedAt) {
    throw validationError(
      'expectedAt',
      `must be later than the current expected date ${order.expectedAt}`,
    );
  }
  if (c.expectedAt < env.today) throw validationError('expectedAt', 'must not be in the past');
  return [
    {
      type: 'PurchaseOrderPostponed',
      data: {
        purchaseOrderId: c.purchaseOrderId,
        expectedAt: c.expectedAt,
        previousExpectedAt: order.expectedAt,
        reason: c.reason,
      },
    },
  ];
};

/** Decides what a purchase-order command means given the order's state. */
export const decidePurchaseOrder = (
  command: PurchaseOrderCommand,
  state: PurchaseOrderState,
  env: PurchaseOrderEnv,
): PurchaseOrderEvent[] => {
  switch (command.type) {
    case 'DraftPurchaseOrder':
      return draft(command, state, env);
    case 'SuggestPurchaseOrder':
      return suggest(command, state, env);
    case 'SuggestPostponement':
      return suggestPostponement(command, state, env);
    case 'RevisePurchaseOrder':
      return revise(command, state, env);
    case 'SubmitPurchaseOrder':
      return submit(command, state, env);
    case 'ReceivePurchaseOrder':
      return receive(command, state);
    case 'CancelPurchaseOrder':
      return cancel(command, state, env);
    case 'ClosePurchaseOrder':
      return close(command, state);
    case 'PostponePurchaseOrder':
      return postpone(command, state, env);
    default:
      return assertNever(command);
  }
};

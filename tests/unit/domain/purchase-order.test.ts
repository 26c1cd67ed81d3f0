import { describe, expect, it } from 'vitest';
import type {
  PurchaseOrderCommand,
  PurchaseOrderEnv,
  PurchaseOrderEvent,
  PurchaseOrderLine,
  PurchaseOrderStatus,
} from '../../../shared';
import {
  MAX_PRODUCT_STOCK,
  decidePurchaseOrder,
  evolvePurchaseOrder,
  initialPurchaseOrderState,
  productsNoLongerDue,
} from '../../../shared';
import { givenFor } from './given-when-then';

const given = givenFor({
  decide: decidePurchaseOrder,
  evolve: evolvePurchaseOrder,
  initialState: initialPurchaseOrderState,
});

const ORDER = 'po-1';
const WAREHOUSE = 'warehouse-main';
const BOLTS = 'product-bolts';
const NUTS = 'product-nuts';
const RETIRED = 'product-retired';

const env: PurchaseOrderEnv = {
  today: '2025-03-10',
  supplier: { archived: false },
  warehouses: { [WAREHOUSE]: { archived: false }, 'warehouse-closed': { archived: true } },
  products: {
    [BOLTS]: { archived: false },
    [NUTS]: { archived: false },
    [RETIRED]: { archived: true },
  },
  onOrder: { [BOLTS]: { sku: 'BOLT', units: 0 }, [NUTS]: { sku: 'NUT', units: 0 } },
};

const line = (lineId: string, productId: string, quantity: number): PurchaseOrderLine => ({
  lineId,
  productId,
  quantity,
  unitCost: { amountMinor: 12, currency: 'EUR' },
});
const lines = [line('line-1', BOLTS, 100), line('line-2', NUTS, 50)];

const draft = (
  overrides: Partial<Extract<PurchaseOrderCommand, { type: 'DraftPurchaseOrder' }>> = {},
) =>
  ({
    type: 'DraftPurchaseOrder',
    purchaseOrderId: ORDER,
    number: 'PO-000001',
    supplierId: 'supplier-1',
    warehouseId: WAREHOUSE,
    expectedAt: '2025-03-20',
    lines,
    note: null,
    source: 'manual',
    reason: null,
    ...overrides,
  }) as const;
const { type: _draft, ...draftData } = draft();
const drafted: PurchaseOrderEvent = { type: 'PurchaseOrderDrafted', data: draftData };
const submitted: PurchaseOrderEvent = {
  type: 'PurchaseOrderSubmitted',
  data: { purchaseOrderId: ORDER },
};
const receivedOf = (
  quantities: Record<string, number>,
  overReceipt = false,
): PurchaseOrderEvent => ({
  type: 'PurchaseOrderReceived',
  data: {
    purchaseOrderId: ORDER,
    warehouseId: WAREHOUSE,
    lines: Object.entries(quantities).map(([lineId, quantity]) => ({
      lineId,
      productId: lines.find((l) => l.lineId === lineId)!.productId,
      quantity,
    })),
    overReceipt,
  },
});
const postponedTo = (
  expectedAt: string,
  previousExpectedAt = '2025-03-20',
): PurchaseOrderEvent => ({
  type: 'PurchaseOrderPostponed',
  data: { purchaseOrderId: ORDER, expectedAt, previousExpectedAt, reason: 'supplier delay' },
});
/** Cancelled: a draft had nothing on order; a submitted order had every line still due. */
const cancelledWith = (undelivered: Record<string, number>): PurchaseOrderEvent => ({
  type: 'PurchaseOrderCancelled',
  data: {
    purchaseOrderId: ORDER,
    reason: 'no longer needed',
    undelivered: Object.entries(undelivered).map(([lineId, quantity]) => ({
      lineId,
      productId: lines.find((l) => l.lineId === lineId)!.productId,
      quantity,
    })),
  },
});
const cancelled = cancelledWith({});
const closedShort = (short: Record<string, number>): PurchaseOrderEvent => ({
  type: 'PurchaseOrderClosed',
  data: {
    purchaseOrderId: ORDER,
    undelivered: Object.entries(short).map(([lineId, quantity]) => ({
      lineId,
      productId: lines.find((l) => l.lineId === lineId)!.productId,
      quantity,
    })),
    reason: 'supplier discontinued it',
  },
});

const submit = { type: 'SubmitPurchaseOrder', purchaseOrderId: ORDER } as const;
const cancel = {
  type: 'CancelPurchaseOrder',
  purchaseOrderId: ORDER,
  reason: 'no longer needed',
} as const;
const close = {
  type: 'ClosePurchaseOrder',
  purchaseOrderId: ORDER,
  reason: 'supplier discontinued it',
} as const;
const receive = (quantities: Record<string, number>, allowOverReceipt = false) =>
  ({
    type: 'ReceivePurchaseOrder',
    purchaseOrderId: ORDER,
    lines: Object.entries(quantities).map(([lineId, quantity]) => ({ lineId, quantity })),
    allowOverReceipt,
  }) as const;
const postpone = (expectedAt: string) =>
  ({
    type: 'PostponePurchaseOrder',
    purchaseOrderId: ORDER,
    expectedAt,
    reason: 'supplier delay',
  }) as const;

/** A history that leaves the order in each status. */
const histories: Record<PurchaseOrderStatus, PurchaseOrderEvent[]> = {
  draft: [drafted],
  submitted: [drafted, submitted],
  postponed: [drafted, submitted, postponedTo('2025-03-27')],
  partially_received: [drafted, submitted, receivedOf({ 'line-1': 40 })],
  received: [drafted, submitted, receivedOf({ 'line-1': 100, 'line-2': 50 })],
  cancelled: [drafted, cancelled],
  closed: [
    drafted,
    submitted,
    receivedOf({ 'line-1': 40 }),
    closedShort({ 'line-1': 60, 'line-2': 50 }),
  ],
};

describe('the purchase-order lifecycle', () => {
  it('goes draft → submitted → partially received → received', () => {
    let history: PurchaseOrderEvent[] = [];
    const step = (command: PurchaseOrderCommand, events: PurchaseOrderEvent[]) => {
      const state = given(history).when(command, env).then(events);
      history = [...history, ...events];
      return state.order;
    };
    expect(step(draft(), [drafted])?.status).toBe('draft');
    expect(step(submit, [submitted])?.status).toBe('submitted');
    const partly = step(receive({ 'line-1': 60 }), [receivedOf({ 'line-1': 60 })]);
    expect(partly?.status).toBe('partially_received');
    expect(partly?.lines.map((l) => l.received)).toEqual([60, 0]);
    const done = step(receive({ 'line-1': 40, 'line-2': 50 }), [
      receivedOf({ 'line-1': 40, 'line-2': 50 }),
    ]);
    expect(done?.status).toBe('received');
    expect(done?.lines.map((l) => l.received)).toEqual([100, 50]);
  });

  it('submitting a submitted order records nothing', () => {
    given(histories.submitted).when(submit, env).then([]);
  });

  it.each(['postponed', 'received', 'cancelled', 'closed'] as const)(
    'refuses to submit a %s order',
    (status) => {
      given(histories[status])
        .when(submit, env)
        .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
    },
  );
});

describe('what may be on order', () => {
  it('submits an order that puts as many units of a product on order as the most there may be', () => {
    given([drafted])
      .when(submit, {
        ...env,
        onOrder: { ...env.onOrder, [BOLTS]: { sku: 'BOLT', units: MAX_PRODUCT_STOCK - 100 } },
      })
      .then([submitted]);
  });

  it('refuses to submit an order that would put more of a product on order, all open orders together', () => {
    const error = given([drafted])
      .when(submit, {
        ...env,
        onOrder: { ...env.onOrder, [NUTS]: { sku: 'NUT', units: MAX_PRODUCT_STOCK - 49 } },
      })
      .thenFails({ type: 'ValidationError', field: 'purchaseOrderId' });
    expect(error.message).toContain(`would put ${MAX_PRODUCT_STOCK + 1} units of NUT on order`);
  });

  it('asks for the order to be submitted again when a product of its lines was not looked up', () => {
    given([drafted])
      .when(submit, { ...env, onOrder: { [BOLTS]: { sku: 'BOLT', units: 0 } } })
      .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
  });
});

describe('drafting a purchase order', () => {
  it('refuses an order with no lines', () => {
    given()
      .when(draft({ lines: [] }), env)
      .thenFails({ type: 'ValidationError', field: 'lines' });
  });

  it('refuses a product on two lines, naming the second', () => {
    given()
      .when(draft({ lines: [line('line-1', BOLTS, 1), line('line-2', BOLTS, 2)] }), env)
      .thenFails({ type: 'ValidationError', field: 'lines.1.productId' });
  });

  it('refuses a line id used twice', () => {
    given()
      .when(draft({ lines: [line('line-1', BOLTS, 1), line('line-1', NUTS, 2)] }), env)
      .thenFails({ type: 'ValidationError', field: 'lines.1.lineId' });
  });

  it('refuses a product that does not exist as NotFound', () => {
    given()
      .when(draft({ lines: [line('line-1', BOLTS, 1), line('line-2', 'product-x', 2)] }), env)
      .thenFails({ type: 'NotFound', field: 'lines.1.productId' });
  });

  it('refuses an archived product as a ValidationError', () => {
    given()
      .when(draft({ lines: [line('line-1', RETIRED, 1)] }), env)
      .thenFails({ type: 'ValidationError', field: 'lines.0.productId' });
  });

  it('names every bad line at once when the problems differ', () => {
    const error = given()
      .when(draft({ lines: [line('line-1', 'product-x', 1), line('line-2', RETIRED, 0)] }), env)
      .thenFails({ type: 'ValidationError' });
    expect(error.fields.map((f) => f.field)).toEqual([
      'lines.0.productId',
      'lines.1.quantity',
      'lines.1.productId',
    ]);
  });

  it('refuses a line quantity that is not a whole number above zero', () => {
    given()
      .when(draft({ lines: [line('line-1', BOLTS, 2.5)] }), env)
      .thenFails({ type: 'ValidationError', field: 'lines.0.quantity' });
  });

  it('refuses a supplier that does not exist', () => {
    given()
      .when(draft(), { ...env, supplier: null })
      .thenFails({ type: 'NotFound', field: 'supplierId' });
  });

  it('refuses an archived supplier', () => {
    given()
      .when(draft(), { ...env, supplier: { archived: true } })
      .thenFails({ type: 'Conflict', field: 'supplierId' });
  });

  it('refuses a warehouse that does not exist', () => {
    given()
      .when(draft({ warehouseId: 'warehouse-x' }), env)
      .thenFails({ type: 'NotFound', field: 'warehouseId' });
  });

  it('refuses an archived warehouse', () => {
    given()
      .when(draft({ warehouseId: 'warehouse-closed' }), env)
      .thenFails({ type: 'Conflict', field: 'warehouseId' });
  });

  it('refuses an id that already exists', () => {
    given([drafted]).when(draft(), env).thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
  });
});

describe('revising a purchase order', () => {
  it('replaces the lines and keeps what was not given', () => {
    const newLines = [line('line-3', NUTS, 75)];
    const state = given([drafted])
      .when({ type: 'RevisePurchaseOrder', purchaseOrderId: ORDER, lines: newLines }, env)
      .then([
        {
          type: 'PurchaseOrderRevised',
          data: {
            purchaseOrderId: ORDER,
            supplierId: 'supplier-1',
            warehouseId: WAREHOUSE,
            expectedAt: '2025-03-20',
            lines: newLines,
            note: null,
          },
        },
      ]);
    expect(state.order?.lines).toEqual([{ ...newLines[0], received: 0 }]);
  });

  it('moves a draft to another supplier', () => {
    const state = given([drafted])
      .when({ type: 'RevisePurchaseOrder', purchaseOrderId: ORDER, supplierId: 'supplier-2' }, env)
      .then([
        {
          type: 'PurchaseOrderRevised',
          data: {
            purchaseOrderId: ORDER,
            supplierId: 'supplier-2',
            warehouseId: WAREHOUSE,
            expectedAt: '2025-03-20',
            lines,
            note: null,
          },
        },
      ]);
    expect(state.order?.supplierId).toBe('supplier-2');
  });

  it('refuses to move a draft to a supplier that does not exist', () => {
    given([drafted])
      .when(
        { type: 'RevisePurchaseOrder', purchaseOrderId: ORDER, supplierId: 'supplier-x' },
        { ...env, supplier: null },
      )
      .thenFails({ type: 'NotFound', field: 'supplierId' });
  });

  it('refuses to move a draft to an archived supplier', () => {
    given([drafted])
      .when(
        { type: 'RevisePurchaseOrder', purchaseOrderId: ORDER, supplierId: 'supplier-2' },
        { ...env, supplier: { archived: true } },
      )
      .thenFails({ type: 'Conflict', field: 'supplierId' });
  });

  it('keeps the supplier of a revision recorded before a draft could change supplier', () => {
    const { supplierId: _none, ...older } = {
      purchaseOrderId: ORDER,
      supplierId: 'ignored',
      warehouseId: WAREHOUSE,
      expectedAt: '2025-03-25',
      lines,
      note: 'older revision',
    };
    const state = [drafted, { type: 'PurchaseOrderRevised', data: older } as const].reduce(
      evolvePurchaseOrder,
      initialPurchaseOrderState,
    );
    expect(state.order).toMatchObject({ supplierId: 'supplier-1', expectedAt: '2025-03-25' });
  });

  it('checks new lines like a draft does', () => {
    given([drafted])
      .when(
        { type: 'RevisePurchaseOrder', purchaseOrderId: ORDER, lines: [line('l', 'product-x', 1)] },
        env,
      )
      .thenFails({ type: 'NotFound', field: 'lines.0.productId' });
  });

  it.each([
    'submitted',
    'postponed',
    'partially_received',
    'received',
    'cancelled',
    'closed',
  ] as const)('refuses to revise a %s order', (status) => {
    given(histories[status])
      .when({ type: 'RevisePurchaseOrder', purchaseOrderId: ORDER, note: 'late change' }, env)
      .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
  });
});

describe('cancelling a purchase order', () => {
  it('cancels a draft, which had nothing on order', () => {
    const state = given(histories.draft).when(cancel, env).then([cancelled]);
    expect(state.order?.status).toBe('cancelled');
  });

  it.each(['submitted', 'postponed'] as const)(
    'cancels a %s order, recording every line as no longer due',
    (status) => {
      const state = given(histories[status])
        .when(cancel, env)
        .then([cancelledWith({ 'line-1': 100, 'line-2': 50 })]);
      expect(state.order?.status).toBe('cancelled');
    },
  );

  it('refuses to cancel a partly received order, pointing to closing it short', () => {
    const error = given(histories.partially_received)
      .when(cancel, env)
      .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
    expect(error.message).toBe(
      'purchaseOrderId: purchase order PO-000001 has received 40 of 150 units and cannot be cancelled; close it short instead, to stop waiting for the rest',
    );
  });

  it.each(['received', 'closed'] as const)('refuses to cancel a %s order', (status) => {
    given(histories[status])
      .when(cancel, env)
      .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
  });

  it('cancelling a cancelled order again records nothing', () => {
    given(histories.cancelled).when(cancel, env).then([]);
  });

  it('refuses to cancel an order that does not exist', () => {
    given().when(cancel, env).thenFails({ type: 'NotFound', field: 'purchaseOrderId' });
  });
});

describe('dismissing a suggested order', () => {
  const suggested: PurchaseOrderEvent = {
    type: 'PurchaseOrderSuggested',
    data: { ...draftData, lines: [line('line-1', BOLTS, 96)], source: 'suggested', reason: 'low' },
  };
  const dismissed = (suggestAgainOn: string): PurchaseOrderEvent => ({
    type: 'PurchaseOrderCancelled',
    data: { purchaseOrderId: ORDER, reason: 'no longer needed', undelivered: [], suggestAgainOn },
  });

  it('holds back the next suggestion a week, when no day is named', () => {
    const state = given([suggested])
      .when(cancel, env)
      .then([dismissed('2025-03-17')]);
    expect(state.order?.status).toBe('cancelled');
  });

  it('holds it back until the day the manager names, from tomorrow to a year ahead', () => {
    for (const day of ['2025-03-11', '2025-06-01', '2026-03-11'])
      given([suggested])
        .when({ ...cancel, suggestAgainOn: day }, env)
        .then([dismissed(day)]);
  });

  it.each([
    ['today', '2025-03-10', 'suggestAgainOn: must be after today (2025-03-10)'],
    ['a day past', '2025-03-01', 'suggestAgainOn: must be after today (2025-03-10)'],
    [
      'more than a year ahead',
      '2026-03-12',
      'suggestAgainOn: must be within a year, by 2026-03-11',
    ],
  ])('refuses %s as the day to suggest again', (_, day, message) => {
    const error = given([suggested])
      .when({ ...cancel, suggestAgainOn: day }, env)
      .thenFails({ type: 'ValidationError', field: 'suggestAgainOn' });
    expect(error.message).toBe(message);
  });

  it('names the day only for a suggestion still waiting for an answer', () => {
    const byHand = given(histories.draft)
      .when({ ...cancel, suggestAgainOn: '2025-03-20' }, env)
      .thenFails({ type: 'Conflict', field: 'suggestAgainOn' });
    expect(byHand.message).toBe(
      'suggestAgainOn: purchase order PO-000001 is not a suggestion waiting for an answer (it is drafted by hand); only such a suggestion is dismissed until a day',
    );
    const sent = given([suggested, submitted])
      .when({ ...cancel, suggestAgainOn: '2025-03-20' }, env)
      .thenFails({ type: 'Conflict', field: 'suggestAgainOn' });
    expect(sent.message).toContain('(it is submitted)');
  });

  it('holds nothing back when a suggestion that was submitted is cancelled, or an order drafted by hand', () => {
    given([suggested, submitted])
      .when(cancel, env)
      .then([
        {
          type: 'PurchaseOrderCancelled',
          data: {
            purchaseOrderId: ORDER,
            reason: 'no longer needed',
            undelivered: [{ lineId: 'line-1', productId: BOLTS, quantity: 96 }],
          },
        },
      ]);
    given(histories.draft).when(cancel, env).then([cancelled]);
  });
});

describe('the products an event no longer brings', () => {
  it('are those of the lines a cancelled or closed order still had due, each once', () => {
    expect(productsNoLongerDue(cancelledWith({ 'line-1': 100, 'line-2': 50 }))).toEqual([
      BOLTS,
      NUTS,
    ]);
    expect(productsNoLongerDue(closedShort({ 'line-2': 50 }))).toEqual([NUTS]);
  });

  it('are none for a cancelled draft, a cancellation recorded before they were kept, or other events', () => {
    expect(productsNoLongerDue(cancelled)).toEqual([]);
    const { undelivered: _kept, ...older } = (
      cancelled as Extract<PurchaseOrderEvent, { type: 'PurchaseOrderCancelled' }>
    ).data;
    expect(productsNoLongerDue({ type: 'PurchaseOrderCancelled', data: older })).toEqual([]);
    expect(productsNoLongerDue(receivedOf({ 'line-1': 40 }))).toEqual([]);
  });
});

describe('closing a purchase order short', () => {
  it('closes a partly received order, recording what each short line still lacked', () => {
    const state = given(histories.partially_received)
      .when(close, env)
      .then([closedShort({ 'line-1': 60, 'line-2': 50 })]);
    expect(state.order?.status).toBe('closed');
    expect(state.order?.lines.map((l) => l.received)).toEqual([40, 0]);
  });

  it('leaves out a line that arrived in full, or more than in full', () => {
    given([drafted, submitted, receivedOf({ 'line-1': 110 }, true), receivedOf({ 'line-2': 20 })])
      .when(close, env)
      .then([closedShort({ 'line-2': 30 })]);
  });

  it('closes a partly received order that was postponed since', () => {
    given([...histories.partially_received, postponedTo('2025-03-25')])
      .when(close, env)
      .then([closedShort({ 'line-1': 60, 'line-2': 50 })]);
  });

  it.each(['submitted', 'postponed'] as const)(
    'refuses to close a %s order that received nothing, pointing to cancelling it',
    (status) => {
      const error = given(histories[status])
        .when(close, env)
        .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
      expect(error.message).toBe(
        'purchaseOrderId: purchase order PO-000001 has received nothing yet; cancel it instead',
      );
    },
  );

  it.each(['draft', 'received', 'cancelled'] as const)('refuses to close a %s order', (status) => {
    given(histories[status])
      .when(close, env)
      .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
  });

  it('closing a closed order again records nothing', () => {
    given(histories.closed).when(close, env).then([]);
  });

  it('refuses to close an order that does not exist', () => {
    given().when(close, env).thenFails({ type: 'NotFound', field: 'purchaseOrderId' });
  });

  it('a closed order can be neither received nor postponed', () => {
    given(histories.closed)
      .when(receive({ 'line-1': 1 }), env)
      .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
    given(histories.closed)
      .when(postpone('2025-04-30'), env)
      .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
  });
});

describe('postponing a purchase order', () => {
  it('moves the expected date and marks the order postponed', () => {
    const state = given(histories.submitted)
      .when(postpone('2025-03-25'), env)
      .then([postponedTo('2025-03-25')]);
    expect(state.order).toMatchObject({ status: 'postponed', expectedAt: '2025-03-25' });
  });

  it('keeps a partly received order partially_received', () => {
    const state = given(histories.partially_received)
      .when(postpone('2025-03-25'), env)
      .then([postponedTo('2025-03-25')]);
    expect(state.order?.status).toBe('partially_received');
  });

  it('postpones a postponed order again, from its current date', () => {
    given(histories.postponed)
      .when(postpone('2025-04-03'), env)
      .then([postponedTo('2025-04-03', '2025-03-27')]);
  });

  it.each(['2025-03-20', '2025-03-19'])('refuses %s, not later than the expected date', (date) => {
    given(histories.submitted)
      .when(postpone(date), env)
      .thenFails({ type: 'ValidationError', field: 'expectedAt' });
  });

  it('refuses a date in the past, even when later than an overdue expected date', () => {
    given(histories.submitted)
      .when(postpone('2025-03-22'), { ...env, today: '2025-03-25' })
      .thenFails({ type: 'ValidationError', field: 'expectedAt' });
  });

  it('accepts today as the new date of an overdue order', () => {
    given(histories.submitted)
      .when(postpone('2025-03-25'), { ...env, today: '2025-03-25' })
      .then([postponedTo('2025-03-25')]);
  });

  it.each(['draft', 'received', 'cancelled'] as const)(
    'refuses to postpone a %s order',
    (status) => {
      given(histories[status])
        .when(postpone('2025-04-30'), env)
        .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
    },
  );
});

describe('receiving a purchase order', () => {
  it('receives a postponed order', () => {
    const state = given(histories.postponed)
      .when(receive({ 'line-2': 50 }), env)
      .then([receivedOf({ 'line-2': 50 })]);
    expect(state.order?.status).toBe('partially_received');
  });

  it('refuses a line that is not on the order', () => {
    given(histories.submitted)
      .when(receive({ 'line-9': 1 }), env)
      .thenFails({ type: 'ValidationError', field: 'lines.0.lineId' });
  });

  it('refuses the same line twice in one receipt', () => {
    given(histories.submitted)
      .when(
        {
          ...receive({}),
          lines: [
            { lineId: 'line-1', quantity: 10 },
            { lineId: 'line-1', quantity: 5 },
          ],
        },
        env,
      )
      .thenFails({ type: 'ValidationError', field: 'lines.1.lineId' });
  });

  it('refuses more than is still due without allowOverReceipt', () => {
    given(histories.partially_received)
      .when(receive({ 'line-1': 61 }), env)
      .thenFails({ type: 'ValidationError', field: 'lines.0.quantity' });
  });

  it('receives more than is due with allowOverReceipt, flagging the over-receipt', () => {
    const state = given(histories.partially_received)
      .when(receive({ 'line-1': 70, 'line-2': 50 }, true), env)
      .then([receivedOf({ 'line-1': 70, 'line-2': 50 }, true)]);
    expect(state.order?.status).toBe('received');
    expect(state.order?.lines[0]?.received).toBe(110);
  });

  it('does not flag a receipt of exactly what is due, even when over-receipt is allowed', () => {
    given(histories.partially_received)
      .when(receive({ 'line-1': 60 }, true), env)
      .then([receivedOf({ 'line-1': 60 }, false)]);
  });

  it.each([0, -3, 1.5])('refuses a received quantity of %s', (quantity) => {
    given(histories.submitted)
      .when(receive({ 'line-1': quantity }), env)
      .thenFails({ type: 'ValidationError', field: 'lines.0.quantity' });
  });

  it('refuses a receipt that names no lines', () => {
    given(histories.submitted)
      .when(receive({}), env)
      .thenFails({ type: 'ValidationError', field: 'lines' });
  });

  it.each(['draft', 'received', 'cancelled'] as const)(
    'refuses to receive a %s order',
    (status) => {
      given(histories[status])
        .when(receive({ 'line-1': 1 }), env)
        .thenFails({ type: 'Conflict', field: 'purchaseOrderId' });
    },
  );
});

import type { ProductCommand, PurchaseOrderCommand } from '../../../shared';
import {
  cancelPurchaseOrderInput,
  closePurchaseOrderInput,
  decideProduct,
  draftPurchaseOrderInput,
  postponePurchaseOrderInput,
  purchaseOrderIdInput,
  receivePurchaseOrderInput,
  revisePurchaseOrderInput,
  streams,
} from '../../../shared';
import { operation } from '../operation';
import { productState, purchaseOrderState, warehouseRefs } from '../state';
import { decideOrder, nextNumber, orderPlan, withLineIds } from './order-plan';

export const draftPurchaseOrder = operation({
  name: 'draftPurchaseOrder',
  role: 'manager',
  input: draftPurchaseOrderInput,
  prepare: async (
    { purchaseOrderId, lines, ...input },
    context,
  ): Promise<Extract<PurchaseOrderCommand, { type: 'DraftPurchaseOrder' }>> => ({
    type: 'DraftPurchaseOrder',
    ...input,
    purchaseOrderId: purchaseOrderId ?? context.ids.uuid(),
    number: await nextNumber(context),
    lines: withLineIds(lines, context),
    source: 'manual',
    reason: null,
  }),
  plan: (c) =>
    orderPlan(c, {
      suppliers: [c.supplierId],
      warehouses: [c.warehouseId],
      products: c.lines.map((l) => l.productId),
    }),
  decide: decideOrder,
});

export const revisePurchaseOrder = operation({
  name: 'revisePurchaseOrder',
  role: 'manager',
  input: revisePurchaseOrderInput,
  prepare: (
    { lines, ...input },
    context,
  ): Extract<PurchaseOrderCommand, { type: 'RevisePurchaseOrder' }> => ({
    type: 'RevisePurchaseOrder',
    ...input,
    ...(lines === undefined ? {} : { lines: withLineIds(lines, context) }),
  }),
  plan: (c) =>
    orderPlan(c, {
      suppliers: c.supplierId === undefined ? [] : [c.supplierId],
      warehouses: c.warehouseId === undefined ? [] : [c.warehouseId],
      products: (c.lines ?? []).map((l) => l.productId),
    }),
  decide: decideOrder,
});

/**
 * Submitting an order puts its lines on order, within the most there may be of each product. The
 * streams of its products are locked first, in a statement of their own: the load, a later one,
 * then reads what another order of theirs submitted meanwhile put on order (a submit changes no
 * product's stream, so the load would not see that it had waited for one; see `load`). Like every
 * command, it locks the streams of products before that of an order.
 */
export const submitPurchaseOrder = operation({
  name: 'submitPurchaseOrder',
  role: 'manager',
  solo: true,
  input: purchaseOrderIdInput,
  prepare: async ({ purchaseOrderId }, { tx }) => {
    const locked = await tx.rows<{ productId: string }>(
      `SELECT k.id AS "productId"
       FROM (SELECT DISTINCT product_id AS id FROM purchase_order_lines
             WHERE purchase_order_id = :id::uuid ORDER BY 1) AS k
       CROSS JOIN LATERAL (SELECT stream_id FROM streams
                           WHERE stream_id = 'product:' || k.id FOR UPDATE OFFSET 0) AS s`,
      { id: purchaseOrderId },
    );
    const command: Extract<PurchaseOrderCommand, { type: 'SubmitPurchaseOrder' }> = {
      type: 'SubmitPurchaseOrder',
      purchaseOrderId,
    };
    return { command, products: locked.map((l) => l.productId) };
  },
  plan: ({ command, products }) => orderPlan(command, { onOrderOf: products }),
  decide: ({ command }, loaded, context) => decideOrder(command, loaded, context),
});

export const cancelPurchaseOrder = operation({
  name: 'cancelPurchaseOrder',
  role: 'manager',
  input: cancelPurchaseOrderInput,
  prepare: (input): PurchaseOrderCommand => ({ type: 'CancelPurchaseOrder', ...input }),
  plan: (c) => orderPlan(c),
  decide: decideOrder,
});

export const closePurchaseOrder = operation({
  name: 'closePurchaseOrder',
  role: 'manager',
  input: closePurchaseOrderInput,
  prepare: (input): PurchaseOrderCommand => ({ type: 'ClosePurchaseOrder', ...input }),
  plan: (c) => orderPlan(c),
  decide: decideOrder,
});

export const postponePurchaseOrder = operation({
  name: 'postponePurchaseOrder',
  role: 'manager',
  input: postponePurchaseOrderInput,
  prepare: (input): PurchaseOrderCommand => ({ type: 'PostponePurchaseOrder', ...input }),
  plan: (c) => orderPlan(c),
  decide: decideOrder,
});

/**
 * Receiving an order is one transaction over the order and every product it brings in: the order
 * records what arrived, and each product's stream records the stock received, or neither does.
 */
export const receivePurchaseOrder = operation({
  name: 'receivePurchaseOrder',
  role: 'clerk',
  input: receivePurchaseOrderInput,
  prepare: async (input, { tx }) => {
    const rows = await tx.rows<{ lineId: string; productId: string; warehouseId: string }>(
      `SELECT l.line_id AS "lineId", l.product_id AS "productId", o.warehouse_id AS "warehouseId"
       FROM purchase_order_lines l JOIN purchase_orders o USING (tenant_id, purchase_order_id)
       WHERE l.purchase_order_id = :id::uuid`,
      { id: input.purchaseOrderId },
    );
    const command: Extract<PurchaseOrderCommand, { type: 'ReceivePurchaseOrder' }> = {
      type: 'ReceivePurchaseOrder',
      ...input,
    };
    return {
      command,
      products: [...new Set(rows.map((r) => r.productId))],
      warehouseId: rows[0]?.warehouseId ?? null,
    };
  },
  plan: ({ command, products, warehouseId }) =>
    orderPlan(command, {
      streams: [
        streams.purchaseOrder(command.purchaseOrderId),
        ...products.map((p) => streams.product(p)),
      ],
      products,
      stockOf: products,
      warehouses: warehouseId === null ? [] : [warehouseId],
    }),
  decide: ({ command }, loaded, context) => {
    const order = decideOrder(command, loaded, context);
    const received = order.flatMap(({ event }) =>
      event.type === 'PurchaseOrderReceived' ? [event.data] : [],
    );
    const lines = new Map(
      purchaseOrderState(loaded.rows, command.purchaseOrderId).order?.lines.map((l) => [
        l.lineId,
        l,
      ]),
    );
    const stock = received.flatMap((r) =>
      r.lines.map((line) => {
        const receive: ProductCommand = {
          type: 'ReceiveStock',
          productId: line.productId,
          warehouseId: r.warehouseId,
          quantity: line.quantity,
          unitCost: lines.get(line.lineId)?.unitCost ?? null,
          note: null,
          purchaseOrderId: r.purchaseOrderId,
          purchaseOrderLineId: line.lineId,
        };
        return decideProduct(receive, productState(loaded.rows, line.productId), {
          now: context.now,
          warehouses: warehouseRefs(loaded.rows, [r.warehouseId]),
        }).map((event) => ({ stream: streams.product(line.productId), event }));
      }),
    );
    return [...order, ...stock.flat()];
  },
});

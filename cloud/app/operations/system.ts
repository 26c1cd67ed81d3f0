/**
 * Operations the backend runs on its own account (the issue analyser); the API does not expose
 * them, so no client can call them.
 */
import { z } from 'zod';
import type { ProductCommand, PurchaseOrderCommand } from '../../../shared';
import { fields, moneySchema, notFound, streams } from '../../../shared';
import { operation } from '../operation';
import { decideOrder, nextNumber, orderPlan, withLineIds } from './order-plan';
import { decideOn, productPlan } from './product-plan';

const reason = z.string().trim().min(1).max(1000);

export const suggestPurchaseOrder = operation({
  name: 'suggestPurchaseOrder',
  role: 'admin',
  input: z
    .object({
      purchaseOrderId: fields.id.optional(),
      supplierId: fields.id,
      warehouseId: fields.id,
      expectedAt: fields.date,
      lines: z
        .array(
          z
            .object({ productId: fields.id, quantity: fields.quantity, unitCost: moneySchema })
            .strict(),
        )
        .min(1)
        .max(500),
      reason,
    })
    .strict(),
  prepare: async (
    { purchaseOrderId, lines, ...input },
    context,
  ): Promise<Extract<PurchaseOrderCommand, { type: 'SuggestPurchaseOrder' }>> => ({
    type: 'SuggestPurchaseOrder',
    ...input,
    purchaseOrderId: purchaseOrderId ?? context.ids.uuid(),
    number: await nextNumber(context),
    lines: withLineIds(lines, context),
  }),
  plan: (c) =>
    orderPlan(c, {
      suppliers: [c.supplierId],
      warehouses: [c.warehouseId],
      products: c.lines.map((l) => l.productId),
    }),
  decide: (c, loaded, context) => decideOrder(c, loaded, context),
});

export const suggestPostponement = operation({
  name: 'suggestPostponement',
  role: 'admin',
  input: z.object({ purchaseOrderId: fields.id, expectedAt: fields.date, reason }).strict(),
  prepare: (input): PurchaseOrderCommand => ({ type: 'SuggestPostponement', ...input }),
  plan: (c) => orderPlan(c),
  decide: decideOrder,
});

export const flagOverstock = operation({
  name: 'flagOverstock',
  role: 'admin',
  input: z
    .object({ productId: fields.id, available: z.number().int(), maxStock: fields.count })
    .strict(),
  prepare: (input): ProductCommand => ({ type: 'FlagOverstock', ...input }),
  plan: (c) => productPlan(c),
  decide: decideOn,
});

export const expireReservation = operation({
  name: 'expireReservation',
  role: 'admin',
  input: z.object({ reservationId: fields.id }).strict(),
  prepare: async (
    { reservationId },
    { tx },
  ): Promise<Extract<ProductCommand, { type: 'ReleaseReservation' }>> => {
    const found = await tx.one<{ productId: string }>(
      'SELECT product_id AS "productId" FROM reservations WHERE reservation_id = :id::uuid',
      {
        id: reservationId,
      },
    );
    if (found === null) throw notFound('reservationId', `no reservation ${reservationId}`);
    return {
      type: 'ReleaseReservation',
      productId: found.productId,
      reservationId,
      reason: 'expired',
    };
  },
  plan: (c) => ({
    ...productPlan(c),
    reservations: [c.reservationId],
    streams: [streams.product(c.productId)],
  }),
  decide: decideOn,
});

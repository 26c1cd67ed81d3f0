import { z } from 'zod';
import { fields, moneySchema } from '../../core';

const optionalNote = fields.note.nullish().transform((v) => (v ? v : null));

const lineInput = z
  .object({
    lineId: fields.id.optional(),
    productId: fields.id,
    quantity: fields.quantity,
    unitCost: moneySchema,
  })
  .strict();

const lines = z
  .array(lineInput)
  .min(1, 'must have at least one line')
  .max(500, 'must have at most 500 lines');

export const draftPurchaseOrderInput = z
  .object({
    purchaseOrderId: fields.id.optional(),
    supplierId: fields.id,
    warehouseId: fields.id,
    expectedAt: fields.date,
    lines,
    note: optionalNote,
  })
  .strict();

export const revisePurchaseOrderInput = z
  .object({
    purchaseOrderId: fields.id,
    supplierId: fields.id.optional(),
    warehouseId: fields.id.optional(),
    expectedAt: fields.date.optional(),
    lines: lines.optional(),
    note: fields.note.nullable().optional(),
  })
  .strict();

export const purchaseOrderIdInput = z.object({ purchaseOrderId: fields.id }).strict();

export const receivePurchaseOrderInput = z
  .object({
    purchaseOrderId: fields.id,
    lines: z
      .array(z.object({ lineId: fields.id, quantity: fields.quantity }).strict())
      .min(1, 'must name at least one line')
      .max(500, 'must have at most 500 lines'),
    allowOverReceipt: z.boolean().default(false),
  })
  .strict();

export const closePurchaseOrderInput = z
  .object({ purchaseOrderId: fields.id, reason: optionalNote })
  .strict();

/** Cancelling takes what closing short does and, for a suggestion dismissed, when to suggest again. */
export const cancelPurchaseOrderInput = closePurchaseOrderInput
  .extend({ suggestAgainOn: fields.date.nullish().transform((v) => v ?? undefined) })
  .strict();

export const postponePurchaseOrderInput = z
  .object({ purchaseOrderId: fields.id, expectedAt: fields.date, reason: optionalNote })
  .strict();

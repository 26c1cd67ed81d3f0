import { z } from 'zod';
import { MAX_QUANTITY, fields, moneySchema } from '../../core';
import { manualAdjustmentReasons } from './events';

/** Optional text: absent, null, empty or blank all mean null (checked before the field's minimum). */
const optionalText = (schema: z.ZodString) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
      schema.nullish(),
    )
    .transform((value) => value ?? null);

const serviceLevel = z
  .number({ error: 'must be a number' })
  .min(0.5, 'must be at least 0.5')
  .max(0.999, 'must be at most 0.999');

const detailFields = {
  sku: fields.code,
  name: fields.name,
  unit: fields.shortText,
  barcode: optionalText(fields.code),
  unitCost: moneySchema,
  leadTimeDays: fields.days,
  serviceLevel,
  minStock: fields.count.nullish().transform((v) => v ?? null),
  maxStock: fields.count.nullish().transform((v) => v ?? null),
  category: optionalText(fields.shortText),
  preferredSupplierId: fields.id.nullish().transform((v) => v ?? null),
};

/** Input of registerProduct; optional fields get the defaults a new product starts with. */
export const registerProductInput = z
  .object({
    productId: fields.id.optional(),
    ...detailFields,
    unit: fields.shortText.default('ea'),
    leadTimeDays: fields.days.default(7),
    serviceLevel: serviceLevel.default(0.95),
  })
  .strict();

/** Input of updateProduct: only the fields given change. */
export const updateProductInput = z
  .object({
    productId: fields.id,
    sku: detailFields.sku.optional(),
    name: detailFields.name.optional(),
    unit: detailFields.unit.optional(),
    barcode: fields.code.nullable().optional(),
    unitCost: moneySchema.optional(),
    leadTimeDays: fields.days.optional(),
    serviceLevel: serviceLevel.optional(),
    minStock: fields.count.nullable().optional(),
    maxStock: fields.count.nullable().optional(),
    category: fields.shortText.nullable().optional(),
    preferredSupplierId: fields.id.nullable().optional(),
  })
  .strict();

export const productIdInput = z.object({ productId: fields.id }).strict();

export const receiveStockInput = z
  .object({
    productId: fields.id,
    warehouseId: fields.id,
    quantity: fields.quantity,
    unitCost: moneySchema.nullish().transform((v) => v ?? null),
    note: optionalText(fields.note),
  })
  .strict();

export const issueStockInput = z
  .object({
    productId: fields.id,
    warehouseId: fields.id,
    quantity: fields.quantity,
    reference: optionalText(fields.shortText),
    reservationId: fields.id.nullish().transform((v) => v ?? null),
  })
  .strict();

export const adjustStockInput = z
  .object({
    productId: fields.id,
    warehouseId: fields.id,
    delta: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .refine((v) => v !== 0, 'must not be zero')
      .refine((v) => Math.abs(v) <= MAX_QUANTITY, `must be at most ${MAX_QUANTITY} either way`),
    reason: z.enum(manualAdjustmentReasons, {
      error: `must be one of ${manualAdjustmentReasons.join(', ')}`,
    }),
    note: optionalText(fields.note),
  })
  .strict();

export const transferStockInput = z
  .object({
    productId: fields.id,
    fromWarehouseId: fields.id,
    toWarehouseId: fields.id,
    quantity: fields.quantity,
    note: optionalText(fields.note),
  })
  .strict()
  .refine((v) => v.fromWarehouseId !== v.toWarehouseId, {
    path: ['toWarehouseId'],
    message: 'must differ from fromWarehouseId',
  });

export const reserveStockInput = z
  .object({
    productId: fields.id,
    warehouseId: fields.id,
    reservationId: fields.id.optional(),
    quantity: fields.quantity,
    expiresAt: fields.dateTime,
    reference: optionalText(fields.shortText),
  })
  .strict();

export const releaseReservationInput = z.object({ reservationId: fields.id }).strict();

export const countStockInput = z
  .object({
    productId: fields.id,
    warehouseId: fields.id,
    countedQuantity: fields.count,
    note: optionalText(fields.note),
  })
  .strict();

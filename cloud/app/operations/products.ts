import type { ProductCommand, ProductDetails, ProductEnv } from '../../../shared';
import {
  adjustStockInput,
  conflict,
  countStockInput,
  issueStockInput,
  notFound,
  productIdInput,
  registerProductInput,
  releaseReservationInput,
  reserveStockInput,
  receiveStockInput,
  transferStockInput,
  updateProductInput,
} from '../../../shared';
import type { Loaded } from '../../db/load';
import { operation } from '../operation';
import { supplierRef } from '../state';
import { decideOn, productPlan } from './product-plan';

const catalogueEnv = (
  loaded: Loaded,
  supplierId: string | null | undefined,
): Partial<ProductEnv> => ({
  skuOwner: loaded.skuOwner,
  barcodeOwner: loaded.barcodeOwner,
  supplier: supplierRef(loaded.rows, supplierId),
});

export const registerProduct = operation({
  name: 'registerProduct',
  role: 'manager',
  solo: true,
  input: registerProductInput,
  prepare: (
    { productId, ...details },
    { ids },
  ): Extract<ProductCommand, { type: 'RegisterProduct' }> => ({
    type: 'RegisterProduct',
    productId: productId ?? ids.uuid(),
    details: details satisfies ProductDetails,
  }),
  plan: (c) =>
    productPlan(c, {
      skuOwner: c.details.sku,
      ...(c.details.barcode === null ? {} : { barcodeOwner: c.details.barcode }),
      suppliers: c.details.preferredSupplierId === null ? [] : [c.details.preferredSupplierId],
    }),
  decide: (c, loaded, context) =>
    decideOn(c, loaded, context, catalogueEnv(loaded, c.details.preferredSupplierId)),
});

export const updateProduct = operation({
  name: 'updateProduct',
  role: 'manager',
  solo: true,
  input: updateProductInput,
  prepare: ({ productId, ...changes }): Extract<ProductCommand, { type: 'UpdateProduct' }> => ({
    type: 'UpdateProduct',
    productId,
    changes,
  }),
  plan: (c) =>
    productPlan(c, {
      ...(c.changes.sku === undefined ? {} : { skuOwner: c.changes.sku }),
      ...(c.changes.barcode == null ? {} : { barcodeOwner: c.changes.barcode }),
      suppliers: c.changes.preferredSupplierId == null ? [] : [c.changes.preferredSupplierId],
    }),
  decide: (c, loaded, context) =>
    decideOn(c, loaded, context, catalogueEnv(loaded, c.changes.preferredSupplierId)),
});

export const archiveProduct = operation({
  name: 'archiveProduct',
  role: 'manager',
  input: productIdInput,
  prepare: ({ productId }): ProductCommand => ({ type: 'ArchiveProduct', productId }),
  plan: (c) => productPlan(c, { activeReservationsOf: [c.productId] }),
  decide: decideOn,
});

export const restoreProduct = operation({
  name: 'restoreProduct',
  role: 'manager',
  input: productIdInput,
  prepare: ({ productId }): ProductCommand => ({ type: 'RestoreProduct', productId }),
  plan: (c) => productPlan(c),
  decide: decideOn,
});

export const receiveStock = operation({
  name: 'receiveStock',
  role: 'clerk',
  input: receiveStockInput,
  prepare: (input): ProductCommand => ({
    type: 'ReceiveStock',
    ...input,
    purchaseOrderId: null,
    purchaseOrderLineId: null,
  }),
  plan: (c) => productPlan(c),
  decide: decideOn,
});

export const issueStock = operation({
  name: 'issueStock',
  role: 'clerk',
  input: issueStockInput,
  prepare: (input): Extract<ProductCommand, { type: 'IssueStock' }> => ({
    type: 'IssueStock',
    ...input,
  }),
  plan: (c) => productPlan(c, c.reservationId === null ? {} : { reservations: [c.reservationId] }),
  decide: decideOn,
});

export const adjustStock = operation({
  name: 'adjustStock',
  role: 'manager',
  input: adjustStockInput,
  prepare: (input): ProductCommand => ({ type: 'AdjustStock', ...input }),
  plan: (c) => productPlan(c),
  decide: decideOn,
});

export const transferStock = operation({
  name: 'transferStock',
  role: 'clerk',
  input: transferStockInput,
  prepare: (input): ProductCommand => ({ type: 'TransferStock', ...input }),
  plan: (c) => productPlan(c),
  decide: decideOn,
});

export const countStock = operation({
  name: 'countStock',
  role: 'clerk',
  input: countStockInput,
  prepare: (input): ProductCommand => ({ type: 'CountStock', ...input }),
  plan: (c) => productPlan(c),
  decide: decideOn,
});

export const reserveStock = operation({
  name: 'reserveStock',
  role: 'clerk',
  input: reserveStockInput,
  prepare: (
    { reservationId, ...input },
    { ids },
  ): Extract<ProductCommand, { type: 'ReserveStock' }> => ({
    type: 'ReserveStock',
    ...input,
    reservationId: reservationId ?? ids.uuid(),
  }),
  plan: (c) => productPlan(c, { reservations: [c.reservationId] }),
  decide: (c, loaded, context) => {
    if (loaded.rows.get('reservations', c.reservationId) !== undefined) {
      throw conflict('reservationId', `reservation ${c.reservationId} already exists`);
    }
    return decideOn(c, loaded, context);
  },
});

export const releaseReservation = operation({
  name: 'releaseReservation',
  role: 'clerk',
  input: releaseReservationInput,
  prepare: async (
    { reservationId },
    { tx },
  ): Promise<Extract<ProductCommand, { type: 'ReleaseReservation' }>> => {
    const found = await tx.one<{ productId: string }>(
      'SELECT product_id AS "productId" FROM reservations WHERE reservation_id = :id::uuid',
      { id: reservationId },
    );
    if (found === null) throw notFound('reservationId', `no reservation ${reservationId}`);
    return {
      type: 'ReleaseReservation',
      productId: found.productId,
      reservationId,
      reason: 'released',
    };
  },
  plan: (c) => productPlan(c, { reservations: [c.reservationId] }),
  decide: decideOn,
});

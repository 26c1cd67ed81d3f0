/** Events, commands and facts the product specifications share. */
import type {
  ManualAdjustmentReason,
  ProductCommand,
  ProductDetails,
  ProductEnv,
  ProductEvent,
} from '../../../shared';
import { decideProduct, evolveProduct, initialProductState } from '../../../shared';
import { givenFor } from './given-when-then';

export const given = givenFor({
  decide: decideProduct,
  evolve: evolveProduct,
  initialState: initialProductState,
});

export const PRODUCT = 'product-1';
export const MAIN = 'warehouse-main';
export const BACK = 'warehouse-back';
export const CLOSED = 'warehouse-closed';
export const NOW = '2025-03-10T09:00:00.000Z';

/** The world outside the product stream: two open warehouses and an archived one. */
export const env: ProductEnv = {
  now: NOW,
  warehouses: {
    [MAIN]: { archived: false },
    [BACK]: { archived: false },
    [CLOSED]: { archived: true },
  },
};

export const details: ProductDetails = {
  sku: 'WID-001',
  name: 'Widget',
  unit: 'ea',
  barcode: '4006381333931',
  unitCost: { amountMinor: 250, currency: 'EUR' },
  leadTimeDays: 7,
  serviceLevel: 0.95,
  minStock: 10,
  maxStock: 100,
  category: 'tools',
  preferredSupplierId: null,
};

export const registered: ProductEvent = {
  type: 'ProductRegistered',
  data: { productId: PRODUCT, ...details },
};
export const archived: ProductEvent = { type: 'ProductArchived', data: { productId: PRODUCT } };

export const received = (quantity: number, warehouseId = MAIN): ProductEvent => ({
  type: 'StockReceived',
  data: {
    productId: PRODUCT,
    warehouseId,
    quantity,
    unitCost: null,
    note: null,
    purchaseOrderId: null,
    purchaseOrderLineId: null,
  },
});

export const issued = (quantity: number, warehouseId = MAIN): ProductEvent => ({
  type: 'StockIssued',
  data: { productId: PRODUCT, warehouseId, quantity, reference: null, reservationId: null },
});

export const reserved = (reservationId: string, quantity: number, warehouseId = MAIN) =>
  ({
    type: 'StockReserved',
    data: {
      productId: PRODUCT,
      warehouseId,
      reservationId,
      quantity,
      expiresAt: '2025-03-17T09:00:00.000Z',
      reference: 'order 42',
    },
  }) satisfies ProductEvent;

export const receive = (
  quantity: number,
  warehouseId = MAIN,
): Extract<ProductCommand, { type: 'ReceiveStock' }> => ({
  type: 'ReceiveStock',
  productId: PRODUCT,
  warehouseId,
  quantity,
  unitCost: { amountMinor: 240, currency: 'EUR' },
  note: 'delivery 7',
  purchaseOrderId: null,
  purchaseOrderLineId: null,
});

export const issue = (
  quantity: number,
  options: { warehouseId?: string; reservationId?: string } = {},
): Extract<ProductCommand, { type: 'IssueStock' }> => ({
  type: 'IssueStock',
  productId: PRODUCT,
  warehouseId: options.warehouseId ?? MAIN,
  quantity,
  reference: 'ticket 9',
  reservationId: options.reservationId ?? null,
});

export const adjust = (
  delta: number,
  reason: ManualAdjustmentReason = 'damaged',
): Extract<ProductCommand, { type: 'AdjustStock' }> => ({
  type: 'AdjustStock',
  productId: PRODUCT,
  warehouseId: MAIN,
  delta,
  reason,
  note: null,
});

export const transfer = (
  quantity: number,
  fromWarehouseId = MAIN,
  toWarehouseId = BACK,
): Extract<ProductCommand, { type: 'TransferStock' }> => ({
  type: 'TransferStock',
  productId: PRODUCT,
  fromWarehouseId,
  toWarehouseId,
  quantity,
  note: null,
});

export const reserve = (
  reservationId: string,
  quantity: number,
  options: { warehouseId?: string; expiresAt?: string } = {},
): Extract<ProductCommand, { type: 'ReserveStock' }> => ({
  type: 'ReserveStock',
  productId: PRODUCT,
  warehouseId: options.warehouseId ?? MAIN,
  reservationId,
  quantity,
  expiresAt: options.expiresAt ?? '2025-03-17T09:00:00.000Z',
  reference: 'order 42',
});

export const release = (
  reservationId: string,
  reason: 'released' | 'expired' = 'released',
): ProductCommand => ({ type: 'ReleaseReservation', productId: PRODUCT, reservationId, reason });

export const count = (countedQuantity: number, warehouseId = MAIN): ProductCommand => ({
  type: 'CountStock',
  productId: PRODUCT,
  warehouseId,
  countedQuantity,
  note: 'cycle count',
});

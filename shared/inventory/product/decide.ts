import type { Money } from '../../core';
import {
  MAX_PRODUCT_STOCK,
  assertNever,
  conflict,
  insufficientStock,
  notFound,
  validationError,
} from '../../core';
import type {
  ManualAdjustmentReason,
  Product,
  ProductDetails,
  ProductEvent,
  ProductState,
} from './events';
import { available } from './events';

export type ProductCommand =
  | { type: 'RegisterProduct'; productId: string; details: ProductDetails }
  | { type: 'UpdateProduct'; productId: string; changes: Partial<ProductDetails> }
  | { type: 'ArchiveProduct'; productId: string }
  | { type: 'RestoreProduct'; productId: string }
  | {
      type: 'ReceiveStock';
      productId: string;
      warehouseId: string;
      quantity: number;
      unitCost: Money | null;
      note: string | null;
      purchaseOrderId: string | null;
      purchaseOrderLineId: string | null;
    }
  | {
      type: 'IssueStock';
      productId: string;
      warehouseId: string;
      quantity: number;
      reference: string | null;
      reservationId: string | null;
    }
  | {
      type: 'AdjustStock';
      productId: string;
      warehouseId: string;
      delta: number;
      reason: ManualAdjustmentReason;
      note: string | null;
    }
  | {
      type: 'TransferStock';
      productId: string;
      fromWarehouseId: string;
      toWarehouseId: string;
      quantity: number;
      note: string | null;
    }
  | {
      type: 'ReserveStock';
      productId: string;
      warehouseId: string;
      reservationId: string;
      quantity: number;
      expiresAt: string;
      reference: string | null;
    }
  | {
      type: 'ReleaseReservation';
      productId: string;
      reservationId: string;
      reason: 'released' | 'expired';
    }
  | { type: 'FlagOverstock'; productId: string; available: number; maxStock: number }
  | {
      type: 'CountStock';
      productId: string;
      warehouseId: string;
      countedQuantity: number;
      note: string | null;
    };

export type ProductCommandType = ProductCommand['type'];

/** Facts from outside the product stream that a decision needs, looked up by the caller. */
export interface ProductEnv {
  /** The current time, ISO 8601. */
  readonly now: string;
  /** The warehouses the command names that exist, with whether they are archived. */
  readonly warehouses: Readonly<Record<string, { readonly archived: boolean }>>;
  /** The product that already holds the command's SKU, if any. */
  readonly skuOwner?: string | null;
  /** The product that already holds the command's barcode, if any. */
  readonly barcodeOwner?: string | null;
  /** The command's preferred supplier, with whether it is archived; null when it does not exist. */
  readonly supplier?: { readonly archived: boolean } | null;
}

const positiveInteger = (field: string, value: number): void => {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw validationError(field, 'must be a whole number greater than zero');
  }
};

const existing = (state: ProductState, productId: string): Product => {
  if (state.product === null) throw notFound('productId', `no product ${productId}`);
  return state.product;
};

/** The product must exist and not be archived for stock to move. */
const movable = (state: ProductState, productId: string): Product => {
  const product = existing(state, productId);
  if (product.archived) {
    throw conflict(
      'productId',
      `product ${product.sku} is archived; restore it before moving stock`,
    );
  }
  return product;
};

const activeWarehouse = (env: ProductEnv, field: string, warehouseId: string): void => {
  const warehouse = env.warehouses[warehouseId];
  if (warehouse === undefined) throw notFound(field, `no warehouse ${warehouseId}`);
  if (warehouse.archived) throw conflict(field, `warehouse ${warehouseId} is archived`);
};

const enough = (
  state: ProductState,
  field: string,
  warehouseId: string,
  requested: number,
): void => {
  const free = available(state.stock[warehouseId]);
  if (requested > free) {
    throw insufficientStock(field, `only ${free} available, ${requested} requested`, {
      available: free,
      requested,
      warehouseId,
    });
  }
};

/** The product's units on hand, all warehouses together. */
const onHandInAll = (state: ProductState): number =>
  Object.values(state.stock).reduce((sum, level) => sum + level.onHand, 0);

/** Refuses a command that would take the product's stock in all warehouses past the most. */
const withinMost = (state: ProductState, field: string, added: number): void => {
  const held = onHandInAll(state);
  if (added > 0 && held + added > MAX_PRODUCT_STOCK) {
    throw validationError(
      field,
      `would take the product's stock past ${MAX_PRODUCT_STOCK} units, all warehouses together (it holds ${held})`,
    );
  }
};

const checkDetails = (
  details: Partial<ProductDetails>,
  current: ProductDetails | null,
  env: ProductEnv,
  productId: string,
): void => {
  const min = details.minStock !== undefined ? details.minStock : (current?.minStock ?? null);
  const max = details.maxStock !== undefined ? details.maxStock : (current?.maxStock ?? null);
  if (min !== null && max !== null && max < min) {
    throw validationError('maxStock', `must not be below minStock (${min})`);
  }
  if (details.sku !== undefined && env.skuOwner != null && env.skuOwner !== productId) {
    throw conflict('sku', `SKU ${details.sku} is already used by another product`);
  }
  if (details.barcode != null && env.barcodeOwner != null && env.barcodeOwner !== productId) {
    throw conflict('barcode', `barcode ${details.barcode} is already used by another product`);
  }
  if (details.preferredSupplierId != null && env.supplier === null) {
    throw notFound('preferredSupplierId', `no supplier ${details.preferredSupplierId}`);
  }
  // A product may keep the archived supplier it already prefers, but not be given one.
  if (
    details.preferredSupplierId != null &&
    env.supplier?.archived === true &&
    details.preferredSupplierId !== current?.preferredSupplierId
  ) {
    throw conflict('preferredSupplierId', 'the supplier is archived; restore it first');
  }
};

const register = (
  c: Extract<ProductCommand, { type: 'RegisterProduct' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  if (s.product !== null) throw conflict('productId', `product ${c.productId} already exists`);
  checkDetails(c.details, null, env, c.productId);
  return [{ type: 'ProductRegistered', data: { productId: c.productId, ...c.details } }];
};

const update = (
  c: Extract<ProductCommand, { type: 'UpdateProduct' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  const product = existing(s, c.productId);
  checkDetails(c.changes, product, env, c.productId);
  const changes = Object.fromEntries(
    Object.entries(c.changes).filter(
      ([key, value]) =>
        value !== undefined &&
        JSON.stringify(product[key as keyof ProductDetails]) !== JSON.stringify(value),
    ),
  ) as Partial<ProductDetails>;
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'ProductUpdated', data: { productId: c.productId, changes } }];
};

const archive = (
  c: Extract<ProductCommand, { type: 'ArchiveProduct' }>,
  s: ProductState,
): ProductEvent[] => {
  const product = existing(s, c.productId);
  if (product.archived) return [];
  const onHand = onHandInAll(s);
  if (onHand > 0) {
    throw conflict(
      'productId',
      `product ${product.sku} still has ${onHand} on hand; issue or adjust it to zero first`,
    );
  }
  if (Object.keys(s.reservations).length > 0) {
    throw conflict('productId', `product ${product.sku} has open reservations; release them first`);
  }
  return [{ type: 'ProductArchived', data: { productId: c.productId } }];
};

const restore = (
  c: Extract<ProductCommand, { type: 'RestoreProduct' }>,
  s: ProductState,
): ProductEvent[] => {
  const product = existing(s, c.productId);
  return product.archived ? [{ type: 'ProductRestored', data: { productId: c.productId } }] : [];
};

const receive = (
  c: Extract<ProductCommand, { type: 'ReceiveStock' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  positiveInteger('quantity', c.quantity);
  movable(s, c.productId);
  activeWarehouse(env, 'warehouseId', c.warehouseId);
  withinMost(s, 'quantity', c.quantity);
  const { type: _type, ...data } = c;
  return [{ type: 'StockReceived', data }];
};

const issue = (
  c: Extract<ProductCommand, { type: 'IssueStock' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  positiveInteger('quantity', c.quantity);
  movable(s, c.productId);
  activeWarehouse(env, 'warehouseId', c.warehouseId);
  const events: ProductEvent[] = [];
  let state = s;
  if (c.reservationId !== null) {
    const reservation = s.reservations[c.reservationId];
    if (reservation === undefined)
      throw notFound('reservationId', `no open reservation ${c.reservationId}`);
    if (reservation.warehouseId !== c.warehouseId) {
      throw validationError(
        'reservationId',
        `reservation ${c.reservationId} is for another warehouse`,
      );
    }
    const release: ProductEvent = {
      type: 'ReservationReleased',
      data: {
        productId: c.productId,
        warehouseId: c.warehouseId,
        reservationId: c.reservationId,
        quantity: reservation.quantity,
        reason: 'fulfilled',
      },
    };
    events.push(release);
    const level = state.stock[c.warehouseId] ?? { onHand: 0, reserved: 0 };
    state = {
      ...state,
      stock: {
        ...state.stock,
        [c.warehouseId]: { ...level, reserved: level.reserved - reservation.quantity },
      },
    };
  }
  enough(state, 'quantity', c.warehouseId, c.quantity);
  const { type: _type, ...data } = c;
  events.push({ type: 'StockIssued', data });
  return events;
};

const adjust = (
  c: Extract<ProductCommand, { type: 'AdjustStock' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  if (!Number.isSafeInteger(c.delta) || c.delta === 0) {
    throw validationError('delta', 'must be a whole number other than zero');
  }
  movable(s, c.productId);
  activeWarehouse(env, 'warehouseId', c.warehouseId);
  if (c.delta < 0) enough(s, 'delta', c.warehouseId, -c.delta);
  withinMost(s, 'delta', c.delta);
  const { productId, warehouseId, delta, reason, note } = c;
  return [
    {
      type: 'StockAdjusted',
      data: { productId, warehouseId, delta, reason, note, countedQuantity: null },
    },
  ];
};

const transfer = (
  c: Extract<ProductCommand, { type: 'TransferStock' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  positiveInteger('quantity', c.quantity);
  if (c.fromWarehouseId === c.toWarehouseId) {
    throw validationError('toWarehouseId', 'must differ from fromWarehouseId');
  }
  movable(s, c.productId);
  activeWarehouse(env, 'fromWarehouseId', c.fromWarehouseId);
  activeWarehouse(env, 'toWarehouseId', c.toWarehouseId);
  enough(s, 'quantity', c.fromWarehouseId, c.quantity);
  const { type: _type, ...data } = c;
  return [{ type: 'StockTransferred', data }];
};

const reserve = (
  c: Extract<ProductCommand, { type: 'ReserveStock' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  positiveInteger('quantity', c.quantity);
  movable(s, c.productId);
  activeWarehouse(env, 'warehouseId', c.warehouseId);
  if (Date.parse(c.expiresAt) <= Date.parse(env.now)) {
    throw validationError('expiresAt', 'must be in the future');
  }
  if (s.reservations[c.reservationId] !== undefined) {
    throw conflict('reservationId', `reservation ${c.reservationId} already exists`);
  }
  enough(s, 'quantity', c.warehouseId, c.quantity);
  const { type: _type, ...data } = c;
  return [{ type: 'StockReserved', data }];
};

const release = (
  c: Extract<ProductCommand, { type: 'ReleaseReservation' }>,
  s: ProductState,
): ProductEvent[] => {
  existing(s, c.productId);
  const reservation = s.reservations[c.reservationId];
  if (reservation === undefined)
    throw notFound('reservationId', `no open reservation ${c.reservationId}`);
  return [
    {
      type: 'ReservationReleased',
      data: {
        productId: c.productId,
        warehouseId: reservation.warehouseId,
        reservationId: c.reservationId,
        quantity: reservation.quantity,
        reason: c.reason,
      },
    },
  ];
};

const count = (
  c: Extract<ProductCommand, { type: 'CountStock' }>,
  s: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  if (!Number.isSafeInteger(c.countedQuantity) || c.countedQuantity < 0) {
    throw validationError('countedQuantity', 'must be a whole number, zero or more');
  }
  movable(s, c.productId);
  activeWarehouse(env, 'warehouseId', c.warehouseId);
  const level = s.stock[c.warehouseId] ?? { onHand: 0, reserved: 0 };
  if (c.countedQuantity < level.reserved) {
    throw insufficientStock(
      'countedQuantity',
      `counted ${c.countedQuantity} is below the ${level.reserved} reserved; release reservations first`,
      { reserved: level.reserved, counted: c.countedQuantity },
    );
  }
  withinMost(s, 'countedQuantity', c.countedQuantity - level.onHand);
  return [
    {
      type: 'StockAdjusted',
      data: {
        productId: c.productId,
        warehouseId: c.warehouseId,
        delta: c.countedQuantity - level.onHand,
        reason: 'stocktake',
        note: c.note,
        countedQuantity: c.countedQuantity,
      },
    },
  ];
};

/** Decides what a product command means given the stream's state: events, or a typed error. */
export const decideProduct = (
  command: ProductCommand,
  state: ProductState,
  env: ProductEnv,
): ProductEvent[] => {
  switch (command.type) {
    case 'RegisterProduct':
      return register(command, state, env);
    case 'UpdateProduct':
      return update(command, state, env);
    case 'ArchiveProduct':
      return archive(command, state);
    case 'RestoreProduct':
      return restore(command, state);
    case 'ReceiveStock':
      return receive(command, state, env);
    case 'IssueStock':
      return issue(command, state, env);
    case 'AdjustStock':
      return adjust(command, state, env);
    case 'TransferStock':
      return transfer(command, state, env);
    case 'ReserveStock':
      return reserve(command, state, env);
    case 'ReleaseReservation':
      return release(command, state);
    case 'CountStock':
      return count(command, state, env);
    case 'FlagOverstock': {
      movable(state, command.productId);
      const { type: _type, ...data } = command;
      return [{ type: 'OverstockDetected', data }];
    }
    default:
      return assertNever(command);
  }
};

import type { DomainEvent, Money } from '../../core';
import { assertNever } from '../../core';

/** Why stock was adjusted: a fixed list, so reports can group them. `stocktake` comes from counts. */
export const manualAdjustmentReasons = [
  'damaged',
  'expired',
  'lost',
  'found',
  'theft',
  'returned',
  'correction',
] as const;
export const adjustmentReasons = [...manualAdjustmentReasons, 'stocktake'] as const;
export type ManualAdjustmentReason = (typeof manualAdjustmentReasons)[number];
export type AdjustmentReason = (typeof adjustmentReasons)[number];

export type ReleaseReason = 'released' | 'expired' | 'fulfilled';

/** The catalogue facts of a product that a manager edits. */
export interface ProductDetails {
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly barcode: string | null;
  readonly unitCost: Money;
  readonly leadTimeDays: number;
  readonly serviceLevel: number;
  readonly minStock: number | null;
  readonly maxStock: number | null;
  readonly category: string | null;
  readonly preferredSupplierId: string | null;
}

export type ProductEvent =
  | DomainEvent<'ProductRegistered', { productId: string } & ProductDetails>
  | DomainEvent<'ProductUpdated', { productId: string; changes: Partial<ProductDetails> }>
  | DomainEvent<'ProductArchived', { productId: string }>
  | DomainEvent<'ProductRestored', { productId: string }>
  | DomainEvent<
      'StockReceived',
      {
        productId: string;
        warehouseId: string;
        quantity: number;
        unitCost: Money | null;
        note: string | null;
        purchaseOrderId: string | null;
        purchaseOrderLineId: string | null;
      }
    >
  | DomainEvent<
      'StockIssued',
      {
        productId: string;
        warehouseId: string;
        quantity: number;
        reference: string | null;
        reservationId: string | null;
      }
    >
  | DomainEvent<
      'StockAdjusted',
      {
        productId: string;
        warehouseId: string;
        delta: number;
        reason: AdjustmentReason;
        note: string | null;
        countedQuantity: number | null;
      }
    >
  | DomainEvent<
      'StockTransferred',
      {
        productId: string;
        fromWarehouseId: string;
        toWarehouseId: string;
        quantity: number;
        note: string | null;
      }
    >
  | DomainEvent<
      'StockReserved',
      {
        productId: string;
        warehouseId: string;
        reservationId: string;
        quantity: number;
        expiresAt: string;
        reference: string | null;
      }
    >
  | DomainEvent<'OverstockDetected', { productId: string; available: number; maxStock: number }>
  | DomainEvent<
      'ReservationReleased',
      {
        productId: string;
        warehouseId: string;
        reservationId: string;
        quantity: number;
        reason: ReleaseReason;
      }
    >;

export type ProductEventType = ProductEvent['type'];

export interface StockLevel {
  readonly onHand: number;
  readonly reserved: number;
}

export interface Reservation {
  readonly reservationId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly expiresAt: string;
  readonly reference: string | null;
}

export interface Product extends ProductDetails {
  readonly productId: string;
  readonly archived: boolean;
}

/**
 * The state of one product stream. `stock` and `reservations` may hold only the entries a command
 * needs (the store loads the warehouses and reservations a command names); `evolve` keeps whatever
 * it is given consistent.
 */
export interface ProductState {
  readonly product: Product | null;
  readonly stock: Readonly<Record<string, StockLevel>>;
  readonly reservations: Readonly<Record<string, Reservation>>;
}

export const initialProductState: ProductState = { product: null, stock: {}, reservations: {} };

export const available = (level: StockLevel | undefined): number =>
  level === undefined ? 0 : level.onHand - level.reserved;

const emptyLevel: StockLevel = { onHand: 0, reserved: 0 };

const withStock = (
  state: ProductState,
  warehouseId: string,
  change: (level: StockLevel) => StockLevel,
): ProductState => ({
  ...state,
  stock: { ...state.stock, [warehouseId]: change(state.stock[warehouseId] ?? emptyLevel) },
});

const withoutReservation = (state: ProductState, reservationId: string): ProductState => {
  const { [reservationId]: _released, ...rest } = state.reservations;
  return { ...state, reservations: rest };
};

/** Applies one event to the product state. */
export const evolveProduct = (state: ProductState, event: ProductEvent): ProductState => {
  switch (event.type) {
    case 'ProductRegistered': {
      const { productId, ...details } = event.data;
      return { ...state, product: { productId, ...details, archived: false } };
    }
    case 'ProductUpdated':
      return state.product === null
        ? state
        : { ...state, product: { ...state.product, ...event.data.changes } };
    case 'ProductArchived':
      return state.product === null
        ? state
        : { ...state, product: { ...state.product, archived: true } };
    case 'ProductRestored':
      return state.product === null
        ? state
        : { ...state, product: { ...state.product, archived: false } };
    case 'StockReceived':
      return withStock(state, event.data.warehouseId, (l) => ({
        ...l,
        onHand: l.onHand + event.data.quantity,
      }));
    case 'StockIssued':
      return withStock(state, event.data.warehouseId, (l) => ({
        ...l,
        onHand: l.onHand - event.data.quantity,
      }));
    case 'StockAdjusted':
      return withStock(state, event.data.warehouseId, (l) => ({
        ...l,
        onHand: l.onHand + event.data.delta,
      }));
    case 'StockTransferred': {
      const { fromWarehouseId, toWarehouseId, quantity } = event.data;
      const taken = withStock(state, fromWarehouseId, (l) => ({
        ...l,
        onHand: l.onHand - quantity,
      }));
      return withStock(taken, toWarehouseId, (l) => ({ ...l, onHand: l.onHand + quantity }));
    }
    case 'StockReserved': {
      const { reservationId, warehouseId, quantity, expiresAt, reference } = event.data;
      const reserved = withStock(state, warehouseId, (l) => ({
        ...l,
        reserved: l.reserved + quantity,
      }));
      return {
        ...reserved,
        reservations: {
          ...reserved.reservations,
          [reservationId]: { reservationId, warehouseId, quantity, expiresAt, reference },
        },
      };
    }
    case 'OverstockDetected':
      return state;
    case 'ReservationReleased': {
      const { reservationId, warehouseId, quantity } = event.data;
      const released = withStock(state, warehouseId, (l) => ({
        ...l,
        reserved: l.reserved - quantity,
      }));
      return withoutReservation(released, reservationId);
    }
    default:
      return assertNever(event);
  }
};

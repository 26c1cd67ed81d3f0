/**
 * A reference model of one product's stock, written independently of `evolveProduct`, and random
 * command sequences to compare the two with. Seeded, so a failure replays exactly.
 */
import type { ProductCommand } from '../../../shared';
import {
  BACK,
  MAIN,
  adjust,
  count,
  issue,
  receive,
  release,
  reserve,
  transfer,
} from './product-fixtures';

export const warehouses = [MAIN, BACK] as const;

/** What the model says a warehouse holds, and which reservations are open. */
export interface Model {
  readonly onHand: Record<string, number>;
  readonly reservations: Map<string, { warehouseId: string; quantity: number }>;
}

export const emptyModel = (): Model => ({
  onHand: Object.fromEntries(warehouses.map((w) => [w, 0])),
  reservations: new Map(),
});

export const reservedIn = (model: Model, warehouseId: string): number =>
  [...model.reservations.values()]
    .filter((r) => r.warehouseId === warehouseId)
    .reduce((sum, r) => sum + r.quantity, 0);

const free = (model: Model, warehouseId: string): number =>
  (model.onHand[warehouseId] ?? 0) - reservedIn(model, warehouseId);

/** mulberry32: a small, well-mixed PRNG. */
export const random = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A random stock command, sometimes one the domain must refuse for want of stock. */
export const randomCommand = (next: () => number, model: Model, step: number): ProductCommand => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const quantity = 1 + Math.floor(next() * 12);
  const warehouse = pick(warehouses);
  const open = [...model.reservations.keys()];
  switch (Math.floor(next() * 7)) {
    case 0:
      return receive(quantity, warehouse);
    case 1: {
      const reservationId = open.length > 0 && next() < 0.5 ? pick(open) : undefined;
      const warehouseId = reservationId
        ? model.reservations.get(reservationId)!.warehouseId
        : warehouse;
      return issue(quantity, reservationId ? { warehouseId, reservationId } : { warehouseId });
    }
    case 2:
      return {
        ...adjust(next() < 0.5 ? -quantity : quantity, 'correction'),
        warehouseId: warehouse,
      };
    case 3:
      return transfer(quantity, warehouse, warehouse === MAIN ? BACK : MAIN);
    case 4:
      return reserve(`r-${step}`, quantity, { warehouseId: warehouse });
    case 5:
      return open.length > 0 ? release(pick(open)) : receive(quantity, warehouse);
    default:
      return count(Math.floor(next() * 20), warehouse);
  }
};

/**
 * Applies a command to the model: false when there is not enough stock for it (the only refusals
 * the generator can provoke), else true with the model changed as the command says.
 */
export const applyToModel = (model: Model, c: ProductCommand): boolean => {
  switch (c.type) {
    case 'ReceiveStock':
      model.onHand[c.warehouseId]! += c.quantity;
      return true;
    case 'IssueStock': {
      const held = c.reservationId === null ? 0 : model.reservations.get(c.reservationId)!.quantity;
      if (c.quantity > free(model, c.warehouseId) + held) return false;
      if (c.reservationId !== null) model.reservations.delete(c.reservationId);
      model.onHand[c.warehouseId]! -= c.quantity;
      return true;
    }
    case 'AdjustStock':
      if (-c.delta > free(model, c.warehouseId)) return false;
      model.onHand[c.warehouseId]! += c.delta;
      return true;
    case 'TransferStock':
      if (c.quantity > free(model, c.fromWarehouseId)) return false;
      model.onHand[c.fromWarehouseId]! -= c.quantity;
      model.onHand[c.toWarehouseId]! += c.quantity;
      return true;
    case 'ReserveStock':
      if (c.quantity > free(model, c.warehouseId)) return false;
      model.reservations.set(c.reservationId, { warehouseId: c.warehouseId, quantity: c.quantity });
      return true;
    case 'ReleaseReservation':
      model.reservations.delete(c.reservationId);
      return true;
    case 'CountStock':
      if (c.countedQuantity < reservedIn(model, c.warehouseId)) return false;
      model.onHand[c.warehouseId] = c.countedQuantity;
      return true;
    default:
      throw new Error(`the generator makes no ${c.type}`);
  }
};

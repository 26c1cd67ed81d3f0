import { describe, expect, it } from 'vitest';
import type { ProductCommand, ProductDetails, ProductEvent } from '../../../shared';
import {
  available,
  decideProduct,
  evolveProduct,
  initialProductState,
  manualAdjustmentReasons,
  MAX_PRODUCT_STOCK,
} from '../../../shared';
import {
  BACK,
  CLOSED,
  MAIN,
  NOW,
  PRODUCT,
  adjust,
  archived,
  count,
  details,
  env,
  given,
  issue,
  issued,
  receive,
  received,
  registered,
  release,
  reserve,
  reserved,
  transfer,
} from './product-fixtures';
import {
  applyToModel,
  emptyModel,
  random,
  randomCommand,
  reservedIn,
  warehouses,
} from './product-model';

describe('registering a product', () => {
  const register = { type: 'RegisterProduct', productId: PRODUCT, details } as const;

  it('records the product with the details given', () => {
    const state = given().when(register, env).then([registered]);
    expect(state.product).toEqual({ productId: PRODUCT, ...details, archived: false });
  });

  it('refuses an id that is already registered', () => {
    given([registered]).when(register, env).thenFails({ type: 'Conflict', field: 'productId' });
  });

  it('refuses a SKU owned by another product, naming sku', () => {
    given()
      .when(register, { ...env, skuOwner: 'product-2' })
      .thenFails({ type: 'Conflict', field: 'sku' });
  });

  it('refuses a barcode owned by another product, naming barcode', () => {
    given()
      .when(register, { ...env, barcodeOwner: 'product-2' })
      .thenFails({ type: 'Conflict', field: 'barcode' });
  });

  it('refuses a maxStock below minStock, naming maxStock', () => {
    const command = { ...register, details: { ...details, minStock: 20, maxStock: 19 } };
    given().when(command, env).thenFails({ type: 'ValidationError', field: 'maxStock' });
  });

  it('accepts a maxStock equal to minStock', () => {
    const same = { ...details, minStock: 20, maxStock: 20 };
    given()
      .when({ ...register, details: same }, env)
      .then([{ type: 'ProductRegistered', data: { productId: PRODUCT, ...same } }]);
  });

  it('refuses a preferred supplier that does not exist', () => {
    const command = { ...register, details: { ...details, preferredSupplierId: 'supplier-x' } };
    given()
      .when(command, { ...env, supplier: null })
      .thenFails({ type: 'NotFound', field: 'preferredSupplierId' });
  });

  it('refuses an archived preferred supplier', () => {
    const command = { ...register, details: { ...details, preferredSupplierId: 'supplier-old' } };
    given()
      .when(command, { ...env, supplier: { archived: true } })
      .thenFails({ type: 'Conflict', field: 'preferredSupplierId' });
  });
});

describe('updating a product', () => {
  const update = (changes: Partial<ProductDetails>) =>
    ({ type: 'UpdateProduct', productId: PRODUCT, changes }) as const;

  it('records only the fields that actually change', () => {
    given([registered])
      .when(update({ name: 'Blue widget', unit: 'ea', unitCost: { ...details.unitCost } }), env)
      .then([
        { type: 'ProductUpdated', data: { productId: PRODUCT, changes: { name: 'Blue widget' } } },
      ]);
  });

  it('records nothing when nothing changes', () => {
    given([registered])
      .when(update({ sku: details.sku, minStock: 10 }), env)
      .then([]);
  });

  it('clears a field set to null and the state follows', () => {
    const state = given([registered])
      .when(update({ category: null }), env)
      .then([
        { type: 'ProductUpdated', data: { productId: PRODUCT, changes: { category: null } } },
      ]);
    expect(state.product?.category).toBeNull();
  });

  it('keeps its own SKU when the SKU lookup finds the product itself', () => {
    given([registered])
      .when(update({ sku: details.sku, name: 'Renamed' }), { ...env, skuOwner: PRODUCT })
      .then([
        { type: 'ProductUpdated', data: { productId: PRODUCT, changes: { name: 'Renamed' } } },
      ]);
  });

  it('keeps the archived supplier it already prefers, but is not given another', () => {
    const preferring: ProductEvent = {
      type: 'ProductUpdated',
      data: { productId: PRODUCT, changes: { preferredSupplierId: 'supplier-old' } },
    };
    const archived = { ...env, supplier: { archived: true } };
    given([registered, preferring])
      .when(update({ preferredSupplierId: 'supplier-old', name: 'Renamed' }), archived)
      .then([
        { type: 'ProductUpdated', data: { productId: PRODUCT, changes: { name: 'Renamed' } } },
      ]);
    given([registered, preferring])
      .when(update({ preferredSupplierId: 'supplier-older' }), archived)
      .thenFails({ type: 'Conflict', field: 'preferredSupplierId' });
  });

  it('refuses a SKU owned by another product', () => {
    given([registered])
      .when(update({ sku: 'WID-002' }), { ...env, skuOwner: 'product-2' })
      .thenFails({ type: 'Conflict', field: 'sku' });
  });

  it('refuses a maxStock below the minStock already set', () => {
    given([registered])
      .when(update({ maxStock: 5 }), env)
      .thenFails({ type: 'ValidationError', field: 'maxStock' });
  });

  it('refuses to update a product that does not exist', () => {
    given()
      .when(update({ name: 'Ghost' }), env)
      .thenFails({ type: 'NotFound', field: 'productId' });
  });
});

describe('archiving and restoring a product', () => {
  const archive = { type: 'ArchiveProduct', productId: PRODUCT } as const;
  const restore = { type: 'RestoreProduct', productId: PRODUCT } as const;

  it('archives a product that holds no stock', () => {
    const state = given([registered, received(5), issued(5)])
      .when(archive, env)
      .then([archived]);
    expect(state.product?.archived).toBe(true);
  });

  it('refuses while stock is on hand in any warehouse', () => {
    given([registered, received(3, BACK)])
      .when(archive, env)
      .thenFails({ type: 'Conflict', field: 'productId' });
  });

  it('refuses while a reservation is open, even with nothing on hand', () => {
    given([registered, reserved('r-1', 2)])
      .when(archive, env)
      .thenFails({ type: 'Conflict', field: 'productId' });
  });

  it('archiving an archived product records nothing', () => {
    given([registered, archived]).when(archive, env).then([]);
  });

  it('restores an archived product', () => {
    const state = given([registered, archived])
      .when(restore, env)
      .then([{ type: 'ProductRestored', data: { productId: PRODUCT } }]);
    expect(state.product?.archived).toBe(false);
  });

  it('restoring an active product records nothing', () => {
    given([registered]).when(restore, env).then([]);
  });

  it('refuses to restore a product that does not exist', () => {
    given().when(restore, env).thenFails({ type: 'NotFound', field: 'productId' });
  });
});

describe('receiving stock', () => {
  it('records the receipt with its cost and note, raising stock on hand', () => {
    const { type: _type, ...data } = receive(12);
    const state = given([registered, received(3)])
      .when(receive(12), env)
      .then([{ type: 'StockReceived', data }]);
    expect(state.stock[MAIN]).toEqual({ onHand: 15, reserved: 0 });
  });

  it('refuses a warehouse that does not exist', () => {
    given([registered])
      .when(receive(1, 'warehouse-x'), env)
      .thenFails({ type: 'NotFound', field: 'warehouseId' });
  });

  it('refuses an archived warehouse', () => {
    given([registered])
      .when(receive(1, CLOSED), env)
      .thenFails({ type: 'Conflict', field: 'warehouseId' });
  });

  it('refuses an archived product', () => {
    given([registered, archived])
      .when(receive(1), env)
      .thenFails({ type: 'Conflict', field: 'productId' });
  });

  it('refuses a product that does not exist', () => {
    given().when(receive(1), env).thenFails({ type: 'NotFound', field: 'productId' });
  });

  it.each([0, -4, 2.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a quantity of %s, naming the quantity field',
    (quantity) => {
      given([registered])
        .when(receive(quantity), env)
        .thenFails({ type: 'ValidationError', field: 'quantity' });
    },
  );

  it('receives up to the most a product may hold, all warehouses together, and refuses a unit more', () => {
    const history = [registered, received(1_000_000_000), received(1_000_000_000, BACK)];
    const room = MAX_PRODUCT_STOCK - 2_000_000_000;
    given(history)
      .when(receive(room + 1), env)
      .thenFails({ type: 'ValidationError', field: 'quantity' });
    const { type: _type, ...data } = receive(room);
    const state = given(history)
      .when(receive(room), env)
      .then([{ type: 'StockReceived', data }]);
    expect(state.stock[MAIN]?.onHand).toBe(1_000_000_000 + room);
  });
});

describe('the most a product may hold', () => {
  const full = given([registered, received(MAX_PRODUCT_STOCK - 10), received(10, BACK)]);
  const after = (command: ProductCommand) =>
    decideProduct(command, full.state, env).reduce(evolveProduct, full.state);

  it('refuses an adjustment up, naming delta, and allows one down', () => {
    full.when(adjust(1, 'found'), env).thenFails({ type: 'ValidationError', field: 'delta' });
    expect(after(adjust(-1)).stock[MAIN]?.onHand).toBe(MAX_PRODUCT_STOCK - 11);
  });

  it('refuses a count above what is on hand, naming countedQuantity, and allows one below', () => {
    full
      .when(count(11, BACK), env)
      .thenFails({ type: 'ValidationError', field: 'countedQuantity' });
    expect(after(count(9, BACK)).stock[BACK]?.onHand).toBe(9);
  });

  it('lets stock move between warehouses, which leaves the total as it is', () => {
    expect(after(transfer(10, BACK, MAIN)).stock[MAIN]?.onHand).toBe(MAX_PRODUCT_STOCK);
  });
});

describe('issuing stock', () => {
  it('issues available stock, lowering stock on hand', () => {
    const { type: _type, ...data } = issue(4);
    const state = given([registered, received(10)])
      .when(issue(4), env)
      .then([{ type: 'StockIssued', data }]);
    expect(state.stock[MAIN]).toEqual({ onHand: 6, reserved: 0 });
  });

  it('refuses to issue more than is available, naming the quantity field', () => {
    given([registered, received(3)])
      .when(issue(5), env)
      .thenFails({
        type: 'InsufficientStock',
        field: 'quantity',
        details: { available: 3, requested: 5, warehouseId: MAIN },
      });
  });

  it('does not count reserved units as available', () => {
    given([registered, received(10), reserved('r-1', 8)])
      .when(issue(3), env)
      .thenFails({ type: 'InsufficientStock', details: { available: 2, requested: 3 } });
  });

  it('counts only the stock of the warehouse named', () => {
    given([registered, received(10, BACK)])
      .when(issue(1), env)
      .thenFails({ type: 'InsufficientStock', details: { available: 0, requested: 1 } });
  });

  it('issuing against a reservation releases it as fulfilled and may use the reserved units', () => {
    const state = given([registered, received(10), reserved('r-1', 8)])
      .when(issue(10, { reservationId: 'r-1' }), env)
      .then([
        {
          type: 'ReservationReleased',
          data: {
            productId: PRODUCT,
            warehouseId: MAIN,
            reservationId: 'r-1',
            quantity: 8,
            reason: 'fulfilled',
          },
        },
        {
          type: 'StockIssued',
          data: {
            productId: PRODUCT,
            warehouseId: MAIN,
            quantity: 10,
            reference: 'ticket 9',
            reservationId: 'r-1',
          },
        },
      ]);
    expect(state.stock[MAIN]).toEqual({ onHand: 0, reserved: 0 });
    expect(state.reservations).toEqual({});
  });

  it('refuses to issue against a reservation more than it and the free stock hold', () => {
    given([registered, received(10), reserved('r-1', 4), reserved('r-2', 5)])
      .when(issue(6, { reservationId: 'r-1' }), env)
      .thenFails({ type: 'InsufficientStock', details: { available: 5, requested: 6 } });
  });

  it('refuses a reservation held in another warehouse', () => {
    given([registered, received(5, BACK), reserved('r-1', 2, BACK), received(5)])
      .when(issue(2, { reservationId: 'r-1' }), env)
      .thenFails({ type: 'ValidationError', field: 'reservationId' });
  });

  it('refuses a reservation that is not open', () => {
    given([registered, received(5)])
      .when(issue(2, { reservationId: 'r-9' }), env)
      .thenFails({ type: 'NotFound', field: 'reservationId' });
  });

  it('refuses an archived warehouse', () => {
    given([registered, received(5)])
      .when(issue(1, { warehouseId: CLOSED }), env)
      .thenFails({ type: 'Conflict', field: 'warehouseId' });
  });
});

describe('adjusting stock', () => {
  it.each([0, 1.5])('refuses a delta of %s', (delta) => {
    given([registered, received(5)])
      .when(adjust(delta), env)
      .thenFails({ type: 'ValidationError', field: 'delta' });
  });

  it('writes stock off within what is available, recording no counted quantity', () => {
    const state = given([registered, received(5)])
      .when(adjust(-2, 'damaged'), env)
      .then([
        {
          type: 'StockAdjusted',
          data: {
            productId: PRODUCT,
            warehouseId: MAIN,
            delta: -2,
            reason: 'damaged',
            note: null,
            countedQuantity: null,
          },
        },
      ]);
    expect(state.stock[MAIN]?.onHand).toBe(3);
  });

  it('refuses to write off more than is available, reserved units included', () => {
    given([registered, received(5), reserved('r-1', 3)])
      .when(adjust(-3, 'lost'), env)
      .thenFails({
        type: 'InsufficientStock',
        field: 'delta',
        details: { available: 2, requested: 3 },
      });
  });

  it('adds found stock to a warehouse that held none', () => {
    const state = given([registered])
      .when(adjust(4, 'found'), env)
      .then([
        {
          type: 'StockAdjusted',
          data: {
            productId: PRODUCT,
            warehouseId: MAIN,
            delta: 4,
            reason: 'found',
            note: null,
            countedQuantity: null,
          },
        },
      ]);
    expect(state.stock[MAIN]).toEqual({ onHand: 4, reserved: 0 });
  });

  it.each(manualAdjustmentReasons)('records the reason %s as given', (reason) => {
    const state = given([registered, received(5)])
      .when(adjust(-1, reason), env)
      .then([
        {
          type: 'StockAdjusted',
          data: {
            productId: PRODUCT,
            warehouseId: MAIN,
            delta: -1,
            reason,
            note: null,
            countedQuantity: null,
          },
        },
      ]);
    expect(state.stock[MAIN]?.onHand).toBe(4);
  });
});

describe('transferring stock', () => {
  it('moves both sides in one event', () => {
    const { type: _type, ...data } = transfer(4);
    const state = given([registered, received(10), received(1, BACK)])
      .when(transfer(4), env)
      .then([{ type: 'StockTransferred', data }]);
    expect(state.stock[MAIN]).toEqual({ onHand: 6, reserved: 0 });
    expect(state.stock[BACK]).toEqual({ onHand: 5, reserved: 0 });
  });

  it('refuses to transfer to the same warehouse', () => {
    given([registered, received(10)])
      .when(transfer(1, MAIN, MAIN), env)
      .thenFails({ type: 'ValidationError', field: 'toWarehouseId' });
  });

  it('refuses to move more than is available at the source', () => {
    given([registered, received(10), reserved('r-1', 7), received(50, BACK)])
      .when(transfer(4), env)
      .thenFails({
        type: 'InsufficientStock',
        field: 'quantity',
        details: { available: 3, requested: 4, warehouseId: MAIN },
      });
  });

  it('refuses an archived destination, naming toWarehouseId', () => {
    given([registered, received(10)])
      .when(transfer(1, MAIN, CLOSED), env)
      .thenFails({ type: 'Conflict', field: 'toWarehouseId' });
  });

  it('refuses an unknown source, naming fromWarehouseId', () => {
    given([registered, received(10)])
      .when(transfer(1, 'warehouse-x', MAIN), env)
      .thenFails({ type: 'NotFound', field: 'fromWarehouseId' });
  });
});

describe('reserving stock', () => {
  it('reserves available stock, lowering what is available', () => {
    const { type: _type, ...data } = reserve('r-1', 4);
    const state = given([registered, received(10)])
      .when(reserve('r-1', 4), env)
      .then([{ type: 'StockReserved', data }]);
    expect(state.stock[MAIN]).toEqual({ onHand: 10, reserved: 4 });
    expect(available(state.stock[MAIN])).toBe(6);
    expect(state.reservations['r-1']).toMatchObject({ warehouseId: MAIN, quantity: 4 });
  });

  it.each([NOW, '2025-03-09T09:00:00.000Z'])(
    'refuses an expiry of %s (not in the future)',
    (at) => {
      given([registered, received(10)])
        .when(reserve('r-1', 1, { expiresAt: at }), env)
        .thenFails({ type: 'ValidationError', field: 'expiresAt' });
    },
  );

  it('refuses a reservation id that is already open', () => {
    given([registered, received(10), reserved('r-1', 1)])
      .when(reserve('r-1', 1), env)
      .thenFails({ type: 'Conflict', field: 'reservationId' });
  });

  it('refuses to reserve more than is available', () => {
    given([registered, received(10), reserved('r-1', 6)])
      .when(reserve('r-2', 5), env)
      .thenFails({ type: 'InsufficientStock', details: { available: 4, requested: 5 } });
  });
});

describe('releasing a reservation', () => {
  it('releases the reserved quantity in the reservation’s warehouse', () => {
    const state = given([registered, received(10, BACK), reserved('r-1', 6, BACK)])
      .when(release('r-1', 'expired'), env)
      .then([
        {
          type: 'ReservationReleased',
          data: {
            productId: PRODUCT,
            warehouseId: BACK,
            reservationId: 'r-1',
            quantity: 6,
            reason: 'expired',
          },
        },
      ]);
    expect(state.stock[BACK]).toEqual({ onHand: 10, reserved: 0 });
    expect(state.reservations['r-1']).toBeUndefined();
  });

  it('refuses a reservation that is not open', () => {
    given([registered, received(10)])
      .when(release('r-9'), env)
      .thenFails({ type: 'NotFound', field: 'reservationId' });
  });

  it('refuses a product that does not exist', () => {
    given().when(release('r-1'), env).thenFails({ type: 'NotFound', field: 'productId' });
  });
});

describe('counting stock', () => {
  const stocktake = (delta: number, countedQuantity: number, warehouseId = MAIN): ProductEvent => ({
    type: 'StockAdjusted',
    data: {
      productId: PRODUCT,
      warehouseId,
      delta,
      reason: 'stocktake',
      note: 'cycle count',
      countedQuantity,
    },
  });

  it('records the difference from stock on hand as a stocktake adjustment', () => {
    const state = given([registered, received(10)])
      .when(count(7), env)
      .then([stocktake(-3, 7)]);
    expect(state.stock[MAIN]?.onHand).toBe(7);
  });

  it('records a count that matches as an adjustment of zero', () => {
    given([registered, received(10)])
      .when(count(10), env)
      .then([stocktake(0, 10)]);
  });

  it('records a count in a warehouse that held nothing as found stock', () => {
    given([registered])
      .when(count(4, BACK), env)
      .then([stocktake(4, 4, BACK)]);
  });

  it('refuses a count below what is reserved', () => {
    given([registered, received(10), reserved('r-1', 6)])
      .when(count(5), env)
      .thenFails({
        type: 'InsufficientStock',
        field: 'countedQuantity',
        details: { reserved: 6, counted: 5 },
      });
  });

  it.each([-1, 2.5])('refuses a counted quantity of %s', (counted) => {
    given([registered, received(10)])
      .when(count(counted), env)
      .thenFails({ type: 'ValidationError', field: 'countedQuantity' });
  });
});

describe('stock levels after any sequence of commands', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'agree with an independent model (seed %i): refused exactly when short, available = onHand − reserved ≥ 0',
    (seed) => {
      const next = random(seed);
      const model = emptyModel();
      let state = evolveProduct(initialProductState, registered);
      let accepted = 0;
      let refused = 0;
      for (let step = 0; step < 150; step++) {
        const command = randomCommand(next, model, step);
        if (!applyToModel(model, command)) {
          expect(() => decideProduct(command, state, env)).toThrow(
            expect.objectContaining({ type: 'InsufficientStock' }),
          );
          refused++;
          continue;
        }
        state = decideProduct(command, state, env).reduce(evolveProduct, state);
        accepted++;
        for (const warehouseId of warehouses) {
          const level = state.stock[warehouseId] ?? { onHand: 0, reserved: 0 };
          expect(level.onHand).toBe(model.onHand[warehouseId]);
          expect(level.reserved).toBe(reservedIn(model, warehouseId));
          expect(available(level)).toBe(level.onHand - level.reserved);
          expect(available(level)).toBeGreaterThanOrEqual(0);
        }
        expect(Object.keys(state.reservations).sort()).toEqual(
          [...model.reservations.keys()].sort(),
        );
      }
      // A sequence that never (or always) fails proves little.
      expect(refused).toBeGreaterThan(0);
      expect(accepted).toBeGreaterThan(50);
    },
  );
});

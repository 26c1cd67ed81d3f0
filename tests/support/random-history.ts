/**
 * A seeded, randomized history of commands across every aggregate — many succeed, some are
 * refused by the domain — for tests that compare live projections with rebuilt ones.
 */
import { isStockMateError } from '../../shared';
import type { scenario } from './scenario';

/** mulberry32: a small deterministic generator, so a failing history can be replayed by seed. */
export const seededRandom = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
};

type Scenario = ReturnType<typeof scenario>;

export interface HistoryReport {
  readonly attempted: number;
  readonly succeeded: number;
  readonly refused: Readonly<Record<string, number>>;
}

/** Runs `count` random commands; domain refusals are counted, anything else fails the history. */
export const randomHistory = async (
  s: Scenario,
  count: number,
  seed = 42,
): Promise<HistoryReport> => {
  const rnd = seededRandom(seed);
  const warehouses = [
    await s.warehouse('MAIN'),
    await s.warehouse('EAST'),
    await s.warehouse('WEST'),
  ];
  // Never stocked, so it can be archived whenever the history asks, and restored.
  const spare = await s.warehouse('SPARE');
  // Never ordered from, so it can be archived whenever the history asks, and restored.
  const spareSupplier = await s.supplier({ name: 'Spare Supplies' });
  const suppliers = [
    await s.supplier({ packSize: 6, minimumOrderQuantity: 12 }),
    await s.supplier({ name: 'Beta Parts' }),
  ];
  const products: string[] = [];
  for (let i = 0; i < 12; i++)
    products.push(await s.product({ sku: `SKU-${i}`, minStock: rnd.int(0, 20) }));
  const reservations: string[] = [];
  const orders: { id: string; lines: string[] }[] = [];
  const refused: Record<string, number> = {};
  let succeeded = 0;

  const day = (offset: number) =>
    new Date(Date.UTC(2030, 0, 1 + offset)).toISOString().slice(0, 10);
  const steps: (() => Promise<unknown>)[] = [
    () =>
      s.run('receiveStock', {
        productId: rnd.pick(products),
        warehouseId: rnd.pick(warehouses),
        quantity: rnd.int(1, 50),
      }),
    () =>
      s.run('receiveStock', {
        productId: rnd.pick(products),
        warehouseId: rnd.pick(warehouses),
        quantity: rnd.int(1, 50),
      }),
    () =>
      s.run('issueStock', {
        productId: rnd.pick(products),
        warehouseId: rnd.pick(warehouses),
        quantity: rnd.int(1, 30),
      }),
    () =>
      s.run('issueStock', {
        productId: rnd.pick(products),
        warehouseId: rnd.pick(warehouses),
        quantity: rnd.int(1, 30),
      }),
    () =>
      s.run('adjustStock', {
        productId: rnd.pick(products),
        warehouseId: rnd.pick(warehouses),
        delta: rnd.int(-10, 10) || 1,
        reason: rnd.pick(['damaged', 'found', 'correction', 'lost'] as const),
        note: 'cycle check',
      }),
    () => {
      const [from, to] = [rnd.pick(warehouses), rnd.pick(warehouses)];
      return s.run('transferStock', {
        productId: rnd.pick(products),
        fromWarehouseId: from,
        toWarehouseId: to,
        quantity: rnd.int(1, 20),
      });
    },
    async () => {
      const result = await s.run('reserveStock', {
        productId: rnd.pick(products),
        warehouseId: rnd.pick(warehouses),
        quantity: rnd.int(1, 10),
        expiresAt: '2099-01-01T00:00:00.000Z',
        reference: `SO-${rnd.int(1, 999)}`,
      });
      reservations.push(result.reservations[0]!.reservationId);
    },
    () =>
      reservations.length === 0
        ? Promise.resolve()
        : s.run('releaseReservation', {
            reservationId: reservations.splice(rnd.int(0, reservations.length - 1), 1)[0],
          }),
    () =>
      s.run('countStock', {
        productId: rnd.pick(products),
        warehouseId: rnd.pick(warehouses),
        countedQuantity: rnd.int(0, 60),
      }),
    () =>
      s.run('updateProduct', {
        productId: rnd.pick(products),
        name: `Widget ${rnd.int(1, 99)}`,
        maxStock: rnd.int(60, 200),
      }),
    async () => {
      const lines = [...new Set([rnd.pick(products), rnd.pick(products)])].map((productId) => ({
        productId,
        quantity: rnd.int(5, 40),
        unitCost: { amountMinor: rnd.int(100, 900), currency: 'EUR' },
      }));
      const result = await s.run('draftPurchaseOrder', {
        supplierId: rnd.pick(suppliers),
        warehouseId: rnd.pick(warehouses),
        expectedAt: day(rnd.int(0, 30)),
        lines,
      });
      orders.push({
        id: result.purchaseOrders[0]!.purchaseOrderId,
        lines: result.purchaseOrderLines.map((l) => l.lineId),
      });
    },
    () =>
      orders.length === 0
        ? Promise.resolve()
        : s.run('revisePurchaseOrder', {
            purchaseOrderId: rnd.pick(orders).id,
            supplierId: rnd.pick([...suppliers, spareSupplier]),
            expectedAt: day(rnd.int(0, 30)),
          }),
    () =>
      orders.length === 0
        ? Promise.resolve()
        : s.run('submitPurchaseOrder', { purchaseOrderId: rnd.pick(orders).id }),
    () => {
      if (orders.length === 0) return Promise.resolve();
      const order = rnd.pick(orders);
      return s.run('receivePurchaseOrder', {
        purchaseOrderId: order.id,
        lines: order.lines.map((lineId) => ({ lineId, quantity: rnd.int(1, 25) })),
        allowOverReceipt: rnd.next() < 0.2,
      });
    },
    () =>
      orders.length === 0
        ? Promise.resolve()
        : s.run('postponePurchaseOrder', {
            purchaseOrderId: rnd.pick(orders).id,
            expectedAt: day(rnd.int(31, 90)),
          }),
    async () => {
      const result = await s.run('suggestPurchaseOrder', {
        supplierId: rnd.pick(suppliers),
        warehouseId: rnd.pick(warehouses),
        expectedAt: day(rnd.int(0, 30)),
        lines: [
          {
            productId: rnd.pick(products),
            quantity: rnd.int(5, 40),
            unitCost: { amountMinor: rnd.int(100, 900), currency: 'EUR' },
          },
        ],
        reason: 'below the reorder point',
      });
      orders.push({
        id: result.purchaseOrders[0]!.purchaseOrderId,
        lines: result.purchaseOrderLines.map((l) => l.lineId),
      });
    },
    // A suggestion cancelled is dismissed, until a day now and then (refused for other orders).
    () =>
      orders.length === 0
        ? Promise.resolve()
        : s.run('cancelPurchaseOrder', {
            purchaseOrderId: rnd.pick(orders).id,
            reason: 'supplier delay',
            ...(rnd.next() < 0.3
              ? {
                  suggestAgainOn: new Date(Date.now() + rnd.int(2, 60) * 86_400_000)
                    .toISOString()
                    .slice(0, 10),
                }
              : {}),
          }),
    () =>
      orders.length === 0
        ? Promise.resolve()
        : s.run('closePurchaseOrder', {
            purchaseOrderId: rnd.pick(orders).id,
            reason: 'rest discontinued',
          }),
    () => s.run('archiveProduct', { productId: rnd.pick(products) }),
    () => s.run('restoreProduct', { productId: rnd.pick(products) }),
    () => s.run('archiveWarehouse', { warehouseId: spare }),
    () => s.run('restoreWarehouse', { warehouseId: spare }),
    () => s.run('archiveSupplier', { supplierId: spareSupplier }),
    () => s.run('restoreSupplier', { supplierId: spareSupplier }),
  ];

  for (let i = 0; i < count; i++) {
    try {
      await rnd.pick(steps)();
      succeeded++;
    } catch (error) {
      if (!isStockMateError(error)) throw error;
      refused[error.type] = (refused[error.type] ?? 0) + 1;
    }
  }
  return { attempted: count, succeeded, refused };
};

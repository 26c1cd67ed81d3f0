/**
 * One valid request per user mutation, with what it needs set up first through the API, so the
 * same requests can be sent by every role, replayed, and varied.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { operations } from '../../../cloud/app/operations';
import type { ChangeSet, PurchaseOrder, RoleName, Tenant } from './harness';
import { LATER_DATE, LATER_TIME } from './harness';

type Input = Record<string, unknown>;

/** What most requests refer to, created on first use in one tenant. */
export const fixture = (t: Tenant) => {
  const once = <T>(make: () => Promise<T>) => {
    let made: Promise<T> | null = null;
    return () => (made ??= make());
  };
  const warehouse = once(() => t.warehouse());
  const otherWarehouse = once(() => t.warehouse());
  const supplier = once(() => t.supplier());
  const otherSupplier = once(() => t.supplier());
  /** A product with 100 on hand in the first warehouse. */
  const stocked = once(async () => {
    const productId = await t.product();
    await t.receive(productId, await warehouse(), 100);
    return productId;
  });
  const lineProducts = once(() => Promise.all([t.product(), t.product(), t.product()]));
  const draft = async (): Promise<PurchaseOrder> =>
    t.order(
      await supplier(),
      await warehouse(),
      (await lineProducts()).map((productId, i) => ({ productId, quantity: 10 + i })),
    );
  const submitted = async (): Promise<PurchaseOrder> => {
    const order = await draft();
    await t.change('submitPurchaseOrder', { purchaseOrderId: order.purchaseOrderId });
    return order;
  };
  /** A submitted order of which 4 units of the first line arrived. */
  const partlyReceived = async (): Promise<PurchaseOrder> => {
    const order = await submitted();
    await t.change('receivePurchaseOrder', {
      purchaseOrderId: order.purchaseOrderId,
      lines: [{ lineId: order.lines[0]!.lineId, quantity: 4 }],
    });
    return order;
  };
  const reservation = async () =>
    (
      await t.change('reserveStock', {
        productId: await stocked(),
        warehouseId: await warehouse(),
        quantity: 1,
        expiresAt: LATER_TIME,
      })
    ).reservations[0]!.reservationId;
  return {
    warehouse,
    otherWarehouse,
    supplier,
    otherSupplier,
    stocked,
    lineProducts,
    draft,
    submitted,
    partlyReceived,
    reservation,
  };
};
export type Fixture = ReturnType<typeof fixture>;

export interface MutationCase {
  readonly field: keyof typeof operations;
  /** The least role DESIGN.md gives it. */
  readonly least: RoleName;
  /** Sets up what it needs and returns a valid input (without idempotency key). */
  readonly input: (f: Fixture, t: Tenant) => Promise<Input>;
  /** Another valid input, to send under the same key. */
  readonly vary: (input: Input, f: Fixture) => Promise<Input>;
  /** What the change set must say, beyond fitting the schema. */
  readonly check: (set: ChangeSet, input: Input) => void;
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const with_ = (input: Input, changes: Input) => Promise.resolve({ ...input, ...changes });
const eventTypes = (set: ChangeSet) => set.events.map((e) => e.type);

const orderCheck = (status: string) => (set: ChangeSet, input: Input) => {
  const [order] = set.purchaseOrders;
  expect(order?.purchaseOrderId).toBe(input['purchaseOrderId']);
  expect(order?.status).toBe(status);
  // The whole order, every line, whichever part the command touched.
  expect(order?.lines).toHaveLength(3);
  expect(order?.lines.map((l) => l.quantityOrdered)).toEqual([10, 11, 12]);
  expect(order?.lines[0]?.unitCost).toEqual({ amountMinor: 199, currency: 'EUR' });
};

export const mutationCases: readonly MutationCase[] = [
  {
    field: 'registerProduct',
    least: 'manager',
    input: () =>
      Promise.resolve({
        sku: unique('SKU'),
        name: 'Cordless drill',
        barcode: unique('B'),
        unitCost: { amountMinor: 12_999, currency: 'USD' },
        category: 'Tools',
        minStock: 3,
        maxStock: 50,
      }),
    vary: (input) => with_(input, { name: 'Corded drill' }),
    check: (set, input) => {
      expect(eventTypes(set)).toEqual(['ProductRegistered']);
      expect(set.products[0]).toMatchObject({
        sku: input['sku'],
        unitCost: { amountMinor: 12_999, currency: 'USD' },
        minStock: 3,
        archived: false,
      });
    },
  },
  {
    field: 'updateProduct',
    least: 'manager',
    input: async (f) => ({
      productId: await f.stocked(),
      name: 'Renamed widget',
      unitCost: eur(300),
    }),
    vary: (input) => with_(input, { name: 'Renamed again' }),
    check: (set) => {
      expect(eventTypes(set)).toEqual(['ProductUpdated']);
      expect(set.products[0]).toMatchObject({ name: 'Renamed widget', unitCost: eur(300) });
    },
  },
  {
    field: 'archiveProduct',
    least: 'manager',
    input: async (_f, t) => ({ productId: await t.product() }),
    vary: () => Promise.resolve({ productId: randomUUID() }),
    check: (set) => expect(set.products[0]?.archived).toBe(true),
  },
  {
    field: 'restoreProduct',
    least: 'manager',
    input: async (_f, t) => {
      const productId = await t.product();
      await t.change('archiveProduct', { productId });
      return { productId };
    },
    vary: () => Promise.resolve({ productId: randomUUID() }),
    check: (set) => expect(set.products[0]?.archived).toBe(false),
  },
  {
    field: 'createWarehouse',
    least: 'manager',
    input: () => Promise.resolve({ code: unique('W'), name: 'Harbour depot', address: 'Quay 1' }),
    vary: (input) => with_(input, { name: 'Harbour store' }),
    check: (set, input) =>
      expect(set.warehouses[0]).toMatchObject({
        code: input['code'],
        address: 'Quay 1',
        archived: false,
      }),
  },
  {
    field: 'updateWarehouse',
    least: 'manager',
    input: async (f) => ({
      warehouseId: await f.otherWarehouse(),
      name: 'North',
      address: 'Dock 4',
    }),
    vary: (input) => with_(input, { address: 'Dock 5' }),
    check: (set) => expect(set.warehouses[0]).toMatchObject({ name: 'North', address: 'Dock 4' }),
  },
  {
    field: 'archiveWarehouse',
    least: 'manager',
    input: async (_f, t) => ({ warehouseId: await t.warehouse() }),
    vary: () => Promise.resolve({ warehouseId: randomUUID() }),
    check: (set) => expect(set.warehouses[0]?.archived).toBe(true),
  },
  {
    field: 'restoreWarehouse',
    least: 'manager',
    input: async (_f, t) => {
      const warehouseId = await t.warehouse();
      await t.change('archiveWarehouse', { warehouseId });
      return { warehouseId };
    },
    vary: () => Promise.resolve({ warehouseId: randomUUID() }),
    check: (set) => expect(set.warehouses[0]?.archived).toBe(false),
  },
  {
    field: 'createSupplier',
    least: 'manager',
    input: () =>
      Promise.resolve({
        name: 'Bolt & Nut Ltd',
        email: 'orders@bolt.example',
        unitPrice: eur(990),
      }),
    vary: (input) => with_(input, { name: 'Bolt and Nut Ltd' }),
    check: (set) =>
      expect(set.suppliers[0]).toMatchObject({ name: 'Bolt & Nut Ltd', unitPrice: eur(990) }),
  },
  {
    field: 'updateSupplier',
    least: 'manager',
    input: async (f) => ({ supplierId: await f.supplier(), email: 'sales@acme.example' }),
    vary: (input) => with_(input, { email: 'info@acme.example' }),
    check: (set) => expect(set.suppliers[0]?.email).toBe('sales@acme.example'),
  },
  {
    field: 'archiveSupplier',
    least: 'manager',
    input: async (_f, t) => ({ supplierId: await t.supplier() }),
    vary: () => Promise.resolve({ supplierId: randomUUID() }),
    check: (set) => expect(set.suppliers[0]?.archived).toBe(true),
  },
  {
    field: 'restoreSupplier',
    least: 'manager',
    input: async (_f, t) => {
      const supplierId = await t.supplier();
      await t.change('archiveSupplier', { supplierId });
      return { supplierId };
    },
    vary: () => Promise.resolve({ supplierId: randomUUID() }),
    check: (set) => expect(set.suppliers[0]?.archived).toBe(false),
  },
  {
    field: 'receiveStock',
    least: 'clerk',
    input: async (f) => ({
      productId: await f.stocked(),
      warehouseId: await f.warehouse(),
      quantity: 5,
      unitCost: eur(240),
      note: 'pallet 7',
    }),
    vary: (input) => with_(input, { quantity: 6 }),
    check: (set) => {
      expect(eventTypes(set)).toEqual(['StockReceived']);
      expect(set.movements[0]).toMatchObject({ kind: 'RECEIPT', quantity: 5 });
      expect(set.stockLevels[0]).toMatchObject({ onHand: 105, available: 105 });
    },
  },
  {
    field: 'issueStock',
    least: 'clerk',
    input: async (f) => ({
      productId: await f.stocked(),
      warehouseId: await f.warehouse(),
      quantity: 2,
      reference: 'SO-1001',
    }),
    vary: (input) => with_(input, { quantity: 3 }),
    check: (set) => {
      expect(set.movements[0]).toMatchObject({ kind: 'ISSUE', quantity: -2, reference: 'SO-1001' });
      expect(set.stockLevels[0]).toMatchObject({ onHand: 98, available: 98 });
    },
  },
  {
    field: 'adjustStock',
    least: 'manager',
    input: async (f) => ({
      productId: await f.stocked(),
      warehouseId: await f.warehouse(),
      delta: -1,
      reason: 'DAMAGED',
      note: 'dropped',
    }),
    vary: (input) => with_(input, { delta: -2 }),
    check: (set) =>
      expect(set.movements[0]).toMatchObject({
        kind: 'ADJUSTMENT',
        quantity: -1,
        reason: 'DAMAGED',
      }),
  },
  {
    field: 'transferStock',
    least: 'clerk',
    input: async (f) => ({
      productId: await f.stocked(),
      fromWarehouseId: await f.warehouse(),
      toWarehouseId: await f.otherWarehouse(),
      quantity: 3,
    }),
    vary: (input) => with_(input, { quantity: 4 }),
    check: (set) => {
      expect(set.movements.map((m) => [m.kind, m.quantity]).sort()).toEqual([
        ['TRANSFER_IN', 3],
        ['TRANSFER_OUT', -3],
      ]);
      expect(set.stockLevels.map((l) => l.onHand).sort((a, b) => a - b)).toEqual([3, 97]);
    },
  },
  {
    field: 'countStock',
    least: 'clerk',
    input: async (f) => ({
      productId: await f.stocked(),
      warehouseId: await f.warehouse(),
      countedQuantity: 96,
    }),
    vary: (input) => with_(input, { countedQuantity: 95 }),
    check: (set) => {
      expect(set.movements[0]).toMatchObject({ kind: 'ADJUSTMENT', quantity: -4, onHandAfter: 96 });
      expect(set.stockLevels[0]?.onHand).toBe(96);
    },
  },
  {
    field: 'reserveStock',
    least: 'clerk',
    input: async (f) => ({
      productId: await f.stocked(),
      warehouseId: await f.warehouse(),
      quantity: 4,
      expiresAt: LATER_TIME,
      reference: 'R-1',
    }),
    vary: (input) => with_(input, { quantity: 5 }),
    check: (set) => {
      expect(set.reservations[0]).toMatchObject({ quantity: 4, status: 'ACTIVE' });
      expect(set.stockLevels[0]).toMatchObject({ onHand: 100, reserved: 4, available: 96 });
    },
  },
  {
    field: 'releaseReservation',
    least: 'clerk',
    input: async (f) => ({ reservationId: await f.reservation() }),
    vary: async (_input, f) => ({ reservationId: await f.reservation() }),
    check: (set) => expect(set.reservations[0]?.status).toBe('RELEASED'),
  },
  {
    field: 'draftPurchaseOrder',
    least: 'manager',
    input: async (f) => ({
      supplierId: await f.supplier(),
      warehouseId: await f.warehouse(),
      expectedAt: LATER_DATE,
      lines: (await f.lineProducts()).map((productId, i) => ({
        productId,
        quantity: 10 + i,
        unitCost: eur(199),
      })),
      note: 'spring restock',
    }),
    vary: (input) => with_(input, { note: 'summer restock' }),
    check: (set) => {
      const [order] = set.purchaseOrders;
      expect(order).toMatchObject({ status: 'DRAFT', source: 'MANUAL', expectedAt: LATER_DATE });
      expect(order?.number).toMatch(/^PO-\d{6}$/);
      expect(order?.lines.map((l) => l.unitCost)).toEqual([eur(199), eur(199), eur(199)]);
    },
  },
  {
    field: 'revisePurchaseOrder',
    least: 'manager',
    input: async (f) => ({
      purchaseOrderId: (await f.draft()).purchaseOrderId,
      supplierId: await f.otherSupplier(),
      expectedAt: '2031-03-15',
    }),
    vary: (input) => with_(input, { expectedAt: '2031-03-16' }),
    check: (set, input) => {
      orderCheck('DRAFT')(set, input);
      expect(set.purchaseOrders[0]).toMatchObject({
        supplierId: input['supplierId'],
        expectedAt: '2031-03-15',
      });
    },
  },
  {
    field: 'submitPurchaseOrder',
    least: 'manager',
    input: async (f) => ({ purchaseOrderId: (await f.draft()).purchaseOrderId }),
    vary: () => Promise.resolve({ purchaseOrderId: randomUUID() }),
    check: orderCheck('SUBMITTED'),
  },
  {
    field: 'receivePurchaseOrder',
    least: 'clerk',
    input: async (f) => {
      const order = await f.submitted();
      return {
        purchaseOrderId: order.purchaseOrderId,
        lines: [{ lineId: order.lines[0]!.lineId, quantity: 4 }],
      };
    },
    vary: (input) =>
      with_(input, {
        lines: (input['lines'] as { lineId: string }[]).map((l) => ({ ...l, quantity: 5 })),
      }),
    check: (set, input) => {
      orderCheck('PARTIALLY_RECEIVED')(set, input);
      expect(set.purchaseOrders[0]?.lines.map((l) => l.quantityReceived)).toEqual([4, 0, 0]);
      expect(set.movements[0]).toMatchObject({
        kind: 'RECEIPT',
        quantity: 4,
        purchaseOrderId: input['purchaseOrderId'],
      });
    },
  },
  {
    field: 'cancelPurchaseOrder',
    least: 'manager',
    input: async (f) => ({
      purchaseOrderId: (await f.draft()).purchaseOrderId,
      reason: 'not needed',
    }),
    vary: (input) => with_(input, { reason: 'duplicate' }),
    check: (set, input) => {
      orderCheck('CANCELLED')(set, input);
      // Drafted by hand, not a suggestion: nothing is held back.
      expect(set.purchaseOrders[0]?.suggestAgainOn).toBeNull();
    },
  },
  {
    field: 'closePurchaseOrder',
    least: 'manager',
    input: async (f) => ({
      purchaseOrderId: (await f.partlyReceived()).purchaseOrderId,
      reason: 'rest discontinued',
    }),
    vary: (input) => with_(input, { reason: 'supplier out of stock' }),
    check: (set, input) => {
      orderCheck('CLOSED')(set, input);
      expect(set.purchaseOrders[0]?.lines.map((l) => l.quantityReceived)).toEqual([4, 0, 0]);
      expect(set.purchaseOrders[0]?.closedAt).not.toBeNull();
      expect(set.movements).toEqual([]);
    },
  },
  {
    field: 'postponePurchaseOrder',
    least: 'manager',
    input: async (f) => ({
      purchaseOrderId: (await f.submitted()).purchaseOrderId,
      expectedAt: '2031-04-01',
      reason: 'supplier late',
    }),
    vary: (input) => with_(input, { expectedAt: '2031-04-02' }),
    check: (set, input) => {
      orderCheck('POSTPONED')(set, input);
      expect(set.purchaseOrders[0]?.expectedAt).toBe('2031-04-01');
    },
  },
];

/** Valid inputs of the backend-only publish mutations. */
export const publishInputs = {
  publishStockChanged: {
    tenantId: 't-any',
    eventId: randomUUID(),
    command: 'issueStock',
    occurredAt: '2031-01-06T08:00:00.000Z',
    levels: [
      {
        productId: randomUUID(),
        warehouseId: randomUUID(),
        onHand: 7,
        reserved: 2,
        available: 5,
        updatedAt: '2031-01-06T08:00:00.000Z',
      },
    ],
  },
  publishNotification: {
    tenantId: 't-any',
    notificationId: randomUUID(),
    kind: 'LOW_STOCK',
    severity: 'WARNING',
    title: 'Widget is running low',
    productId: randomUUID(),
    purchaseOrderId: null,
    numbers: JSON.stringify({ available: 5, reorderPoint: 8 }),
    advice: 'Order 40 now.',
    adviceSource: 'RULES',
    createdAt: '2031-01-06T08:00:00.000Z',
    readAt: null,
  },
} as const;

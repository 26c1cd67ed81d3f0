import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedFields } from '../../../cloud/api/handler';
import type { Api, ChangeSet, Page, PurchaseOrder, Tenant } from './harness';
import { LATER_DATE, LATER_TIME, data, expectError, openApi, tenant } from './harness';

let api: Api;
let a: Tenant;
let ids: {
  productId: string;
  lowProductId: string;
  warehouseId: string;
  otherWarehouseId: string;
  emptyWarehouseId: string;
  supplierId: string;
  reservationId: string;
  order: PurchaseOrder;
  archivedProductId: string;
  archivedWarehouseId: string;
  idleSupplierId: string;
  archivedSupplierId: string;
};

/** Tenant A with some of everything: stock, a low product, a reservation, a submitted order. */
beforeAll(async () => {
  api = await openApi();
  a = tenant(api);
  const warehouseId = await a.warehouse();
  const otherWarehouseId = await a.warehouse();
  const emptyWarehouseId = await a.warehouse();
  const supplierId = await a.supplier();
  const productId = await a.product({ barcode: '5012345678900', category: 'Tools' });
  const lowProductId = await a.product({ minStock: 10 });
  const archivedProductId = await a.product();
  await a.change('archiveProduct', { productId: archivedProductId });
  const archivedWarehouseId = await a.warehouse();
  await a.change('archiveWarehouse', { warehouseId: archivedWarehouseId });
  const idleSupplierId = await a.supplier();
  const archivedSupplierId = await a.supplier();
  await a.change('archiveSupplier', { supplierId: archivedSupplierId });
  await a.receive(productId, warehouseId, 50);
  await a.receive(lowProductId, warehouseId, 3);
  const reservationId = (
    await a.change('reserveStock', { productId, warehouseId, quantity: 5, expiresAt: LATER_TIME })
  ).reservations[0]!.reservationId;
  const order = await a.order(supplierId, warehouseId, [{ productId, quantity: 20 }]);
  await a.change('submitPurchaseOrder', { purchaseOrderId: order.purchaseOrderId });
  ids = {
    productId,
    lowProductId,
    warehouseId,
    otherWarehouseId,
    emptyWarehouseId,
    supplierId,
    reservationId,
    order,
    archivedProductId,
    archivedWarehouseId,
    idleSupplierId,
    archivedSupplierId,
  };
});
afterAll(async () => {
  await api.close();
});

describe('a token of tenant B reading', () => {
  const listArgs: Readonly<Record<string, Record<string, unknown>>> = {
    products: {},
    stockLevels: {},
    movements: {},
    reservations: {},
    purchaseOrders: {},
  };

  it('finds every list empty, though tenant A has data in each', async () => {
    const b = tenant(api).as('admin');
    for (const field of ['warehouses', 'suppliers', 'lowStock']) {
      expect(data<unknown[]>(await a.as('viewer').query(field)), `A's ${field}`).not.toEqual([]);
      expect(data<unknown[]>(await b.query(field)), `B's ${field}`).toEqual([]);
    }
    for (const [field, args] of Object.entries(listArgs)) {
      expect(data<Page<unknown>>(await a.as('viewer').query(field, args)).items).not.toEqual([]);
      expect(data<Page<unknown>>(await b.query(field, args)), `B's ${field}`).toMatchObject({
        items: [],
        nextToken: null,
      });
    }
    expect(data<{ total: number }>(await b.query('products')).total).toBe(0);
  });

  it('finds nothing when filtering by tenant A’s ids, barcode or category', async () => {
    const b = tenant(api).as('admin');
    const empty = async (field: string, args: Record<string, unknown>) =>
      expect(data<Page<unknown>>(await b.query(field, args)).items, field).toEqual([]);
    await empty('products', { filter: { search: '5012345678900' } });
    await empty('products', { filter: { category: 'Tools' } });
    await empty('products', { filter: { warehouseId: ids.warehouseId } });
    await empty('products', { filter: { archived: true } });
    await empty('stockLevels', { productId: ids.productId });
    await empty('stockLevels', { warehouseId: ids.warehouseId });
    await empty('movements', { filter: { productId: ids.productId } });
    await empty('reservations', { productId: ids.productId });
    await empty('purchaseOrders', { status: 'SUBMITTED' });
    await empty('history', { stream: `product:${ids.productId}` });
    await empty('history', { stream: `purchase-order:${ids.order.purchaseOrderId}` });
    expect(data<unknown[]>(await b.query('warehouses', { includeArchived: true }))).toEqual([]);
  });

  it('gets null for tenant A’s product and purchase order by id', async () => {
    const b = tenant(api).as('viewer');
    expect(
      data(await a.as('viewer').query('product', { productId: ids.productId })),
    ).not.toBeNull();
    expect(data(await b.query('product', { productId: ids.productId }))).toBeNull();
    expect(data(await b.query('product', { productId: ids.archivedProductId }))).toBeNull();
    expect(
      data(await b.query('purchaseOrder', { purchaseOrderId: ids.order.purchaseOrderId })),
    ).toBeNull();
  });

  it('is told its own tenant by me, never A’s', async () => {
    const bTenant = tenant(api);
    const me = data<{ tenantId: string }>(await bTenant.as('viewer').query('me'));
    expect(me.tenantId).toBe(bTenant.tenantId);
    expect(me.tenantId).not.toBe(a.tenantId);
  });

  it('covers every query the handler serves', () => {
    const covered = [
      'warehouses',
      'suppliers',
      'lowStock',
      ...Object.keys(listArgs),
      'history',
      'product',
      'purchaseOrder',
      'me',
      // Isolation of these is tested with their behaviour, in operational.test.ts.
      'notifications',
      'workflowRuns',
      'workflowRun',
      'forecast',
      'billingUsage',
      'dashboard',
    ];
    expect([...covered].sort()).toEqual([...servedFields.Query].sort());
  });
});

describe('a token of tenant B changing tenant A’s data by id', () => {
  const attempts: readonly {
    field: string;
    input: () => Record<string, unknown>;
    notFound: string;
  }[] = [
    {
      field: 'updateProduct',
      input: () => ({ productId: ids.productId, name: 'Taken' }),
      notFound: 'productId',
    },
    { field: 'archiveProduct', input: () => ({ productId: ids.productId }), notFound: 'productId' },
    {
      field: 'restoreProduct',
      input: () => ({ productId: ids.archivedProductId }),
      notFound: 'productId',
    },
    {
      field: 'updateWarehouse',
      input: () => ({ warehouseId: ids.warehouseId, name: 'Taken' }),
      notFound: 'warehouseId',
    },
    {
      field: 'archiveWarehouse',
      input: () => ({ warehouseId: ids.emptyWarehouseId }),
      notFound: 'warehouseId',
    },
    {
      field: 'restoreWarehouse',
      input: () => ({ warehouseId: ids.archivedWarehouseId }),
      notFound: 'warehouseId',
    },
    {
      field: 'updateSupplier',
      input: () => ({ supplierId: ids.supplierId, name: 'Taken' }),
      notFound: 'supplierId',
    },
    {
      field: 'archiveSupplier',
      input: () => ({ supplierId: ids.idleSupplierId }),
      notFound: 'supplierId',
    },
    {
      field: 'restoreSupplier',
      input: () => ({ supplierId: ids.archivedSupplierId }),
      notFound: 'supplierId',
    },
    {
      field: 'receiveStock',
      input: () => ({ productId: ids.productId, warehouseId: ids.warehouseId, quantity: 1 }),
      notFound: 'productId',
    },
    {
      field: 'issueStock',
      input: () => ({ productId: ids.productId, warehouseId: ids.warehouseId, quantity: 1 }),
      notFound: 'productId',
    },
    {
      field: 'adjustStock',
      input: () => ({
        productId: ids.productId,
        warehouseId: ids.warehouseId,
        delta: -1,
        reason: 'THEFT',
      }),
      notFound: 'productId',
    },
    {
      field: 'transferStock',
      input: () => ({
        productId: ids.productId,
        fromWarehouseId: ids.warehouseId,
        toWarehouseId: ids.otherWarehouseId,
        quantity: 1,
      }),
      notFound: 'productId',
    },
    {
      field: 'countStock',
      input: () => ({ productId: ids.productId, warehouseId: ids.warehouseId, countedQuantity: 0 }),
      notFound: 'productId',
    },
    {
      field: 'reserveStock',
      input: () => ({
        productId: ids.productId,
        warehouseId: ids.warehouseId,
        quantity: 1,
        expiresAt: LATER_TIME,
      }),
      notFound: 'productId',
    },
    {
      field: 'releaseReservation',
      input: () => ({ reservationId: ids.reservationId }),
      notFound: 'reservationId',
    },
    {
      field: 'draftPurchaseOrder',
      input: () => ({
        supplierId: ids.supplierId,
        warehouseId: ids.warehouseId,
        expectedAt: LATER_DATE,
        lines: [
          { productId: ids.productId, quantity: 1, unitCost: { amountMinor: 1, currency: 'EUR' } },
        ],
      }),
      notFound: 'supplierId',
    },
    {
      field: 'revisePurchaseOrder',
      input: () => ({ purchaseOrderId: ids.order.purchaseOrderId, note: 'taken' }),
      notFound: 'purchaseOrderId',
    },
    {
      field: 'submitPurchaseOrder',
      input: () => ({ purchaseOrderId: ids.order.purchaseOrderId }),
      notFound: 'purchaseOrderId',
    },
    {
      field: 'receivePurchaseOrder',
      input: () => ({
        purchaseOrderId: ids.order.purchaseOrderId,
        lines: [{ lineId: ids.order.lines[0]!.lineId, quantity: 1 }],
      }),
      notFound: 'purchaseOrderId',
    },
    {
      field: 'cancelPurchaseOrder',
      input: () => ({ purchaseOrderId: ids.order.purchaseOrderId }),
      notFound: 'purchaseOrderId',
    },
    {
      field: 'closePurchaseOrder',
      input: () => ({ purchaseOrderId: ids.order.purchaseOrderId }),
      notFound: 'purchaseOrderId',
    },
    {
      field: 'postponePurchaseOrder',
      input: () => ({ purchaseOrderId: ids.order.purchaseOrderId, expectedAt: LATER_DATE }),
      notFound: 'purchaseOrderId',
    },
    {
      field: 'registerProduct',
      input: () => ({
        sku: 'B-OWN-1',
        name: 'Own product',
        unitCost: { amountMinor: 1, currency: 'EUR' },
        preferredSupplierId: ids.supplierId,
      }),
      notFound: 'preferredSupplierId',
    },
  ];

  for (const attempt of attempts) {
    it(`${attempt.field} with A’s ids is NotFound and writes nothing in either tenant`, async () => {
      const b = tenant(api);
      const beforeA = await a.dump();
      const beforeB = await b.dump();

      const result = await b.as('admin').mutate(attempt.field, attempt.input());

      expectError(result, 'NotFound', attempt.notFound);
      expect(await a.dump()).toEqual(beforeA);
      expect(await b.dump()).toEqual(beforeB);
    });
  }

  it('lets B register a product under the same id as A’s, as B’s own, leaving A’s untouched', async () => {
    const b = tenant(api);
    const beforeA = await a.dump();
    const set = data<ChangeSet>(
      await b.admin.mutate('registerProduct', {
        productId: ids.productId,
        sku: 'B-OWN-2',
        name: 'B’s widget',
        unitCost: { amountMinor: 5, currency: 'EUR' },
      }),
    );
    expect(set.products[0]?.productId).toBe(ids.productId);
    expect(await a.dump()).toEqual(beforeA);
    const inA = data<{ sku: string; stock: { onHand: number } }>(
      await a.as('viewer').query('product', { productId: ids.productId }),
    );
    expect(inA.sku).not.toBe('B-OWN-2');
    expect(inA.stock.onHand).toBe(50);
  });

  it('refuses to move B’s own draft to A’s supplier as NotFound, writing nothing in either tenant', async () => {
    const b = tenant(api);
    const order = await b.order(await b.supplier(), await b.warehouse(), [
      { productId: await b.product(), quantity: 3 },
    ]);
    const beforeA = await a.dump();
    const beforeB = await b.dump();
    expectError(
      await b.admin.mutate('revisePurchaseOrder', {
        purchaseOrderId: order.purchaseOrderId,
        supplierId: ids.supplierId,
      }),
      'NotFound',
      'supplierId',
    );
    expect(await a.dump()).toEqual(beforeA);
    expect(await b.dump()).toEqual(beforeB);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedFields } from '../../../cloud/api/handler';
import type {
  Api,
  Client,
  Movement,
  Page,
  Product,
  PurchaseOrder,
  Reservation,
  StockLevel,
  Tenant,
  Warehouse,
} from './harness';
import {
  LATER_TIME,
  client,
  data,
  expectError,
  openApi,
  roleNames,
  tenant,
  userIdentity,
} from './harness';
import { shapeProblems } from './shape';

let api: Api;
beforeAll(async () => {
  api = await openApi();
});
afterAll(async () => {
  await api.close();
});

type Args = Record<string, unknown>;

/** Asks a query and checks its answer against the schema before handing it back. */
const ask = async <T>(caller: Client, field: string, args: Args = {}): Promise<T> => {
  const answer = data<T>(await caller.query(field, args));
  expect(shapeProblems('Query', field, answer), field).toEqual([]);
  return answer;
};

/** Every item of a list, page by page, and how many pages it took. */
const allPages = async <T>(caller: Client, field: string, args: Args, limit: number) => {
  const items: T[] = [];
  let nextToken: string | null = null;
  let pages = 0;
  do {
    const page: Page<T> = await ask<Page<T>>(caller, field, { ...args, limit, nextToken });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    nextToken = page.nextToken;
    pages++;
  } while (nextToken !== null && pages < 100);
  return { items, pages };
};

const ids = <T>(items: readonly T[], id: (item: T) => string) => items.map(id);
const byProduct = (p: { productId: string }) => p.productId;

const issue = (t: Tenant, productId: string, warehouseId: string, quantity: number) =>
  t.change('issueStock', { productId, warehouseId, quantity });

describe('products', () => {
  const names = ['apple', 'Banana', 'cherry', 'Date', 'elder', 'Fig', 'grape'];
  const stock = [5, 0, 12, 5, 30, 0, 7];
  let t: Tenant;
  let all: { productId: string; sku: string; name: string; available: number }[];

  beforeAll(async () => {
    t = tenant(api);
    const warehouseId = await t.warehouse();
    all = [];
    // Registered in an order that is neither the SKU nor the name order.
    for (const i of [3, 0, 6, 1, 5, 2, 4]) {
      const sku = `P-${String.fromCharCode(103 - i)}${i}`;
      const productId = await t.product({ sku, name: names[i] });
      if (stock[i]! > 0) await t.receive(productId, warehouseId, stock[i]!);
      all.push({ productId, sku, name: names[i]!, available: stock[i]! });
    }
  });

  const expected: Record<string, (a: (typeof all)[number], b: (typeof all)[number]) => number> = {
    SKU: (a, b) => a.sku.toLowerCase().localeCompare(b.sku.toLowerCase()),
    NAME: (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
    AVAILABLE: (a, b) => a.available - b.available || a.productId.localeCompare(b.productId),
  };

  for (const field of ['SKU', 'NAME', 'AVAILABLE', 'UPDATED_AT']) {
    for (const direction of ['ASC', 'DESC']) {
      it(`pages through products by ${field} ${direction}, missing and repeating none, in that order`, async () => {
        const args = { sort: { field, direction } };
        const { items, pages } = await allPages<Product>(t.as('viewer'), 'products', args, 3);
        expect(pages).toBe(3);
        expect(new Set(ids(items, byProduct)).size).toBe(all.length);
        expect([...ids(items, byProduct)].sort()).toEqual(ids(all, byProduct).sort());

        const compare = expected[field];
        const order =
          compare === undefined
            ? // UPDATED_AT: the registration order (the clock moves between commands).
              ids(all, byProduct)
            : ids([...all].sort(compare), byProduct);
        expect(ids(items, byProduct)).toEqual(direction === 'ASC' ? order : [...order].reverse());
      });
    }
  }

  it('counts every matching product in total, on every page', async () => {
    const first = await ask<Page<Product> & { total: number }>(t.as('viewer'), 'products', {
      limit: 2,
    });
    const second = await ask<Page<Product> & { total: number }>(t.as('viewer'), 'products', {
      limit: 2,
      nextToken: first.nextToken,
    });
    expect([first.total, second.total]).toEqual([7, 7]);
    const low = await ask<{ total: number }>(t.as('viewer'), 'products', {
      filter: { status: 'STOCKOUT' },
      limit: 1,
    });
    expect(low.total).toBe(2);
  });

  it('finds products by part of the SKU or name, in any case, and by the exact barcode only', async () => {
    const s = tenant(api);
    const drill = await s.product({
      sku: 'DRL-18V',
      name: 'Cordless Drill',
      barcode: '4006381333931',
    });
    const bits = await s.product({ sku: 'BIT-SET', name: 'Drill bit set' });
    await s.product({ sku: 'SAW-01', name: 'Hand saw' });
    const search = async (text: string) =>
      ids(
        (await ask<Page<Product>>(s.as('viewer'), 'products', { filter: { search: text } })).items,
        byProduct,
      ).sort();

    expect(await search('drl-18')).toEqual([drill]);
    expect(await search('DRILL')).toEqual([drill, bits].sort());
    expect(await search('bit s')).toEqual([bits]);
    expect(await search('4006381333931')).toEqual([drill]);
    expect(await search('400638133393')).toEqual([]);
    expect(await search('  saw  ')).toHaveLength(1);
  });

  it('leads the first page of a search with the exact SKU or barcode, and pages the rest in order', async () => {
    const s = tenant(api);
    const partial = await s.product({ sku: 'ADRL-1', name: 'Adapter' });
    const exact = await s.product({ sku: 'DRL-1', name: 'Drill' });
    const coded = await s.product({ sku: 'ZZZ-9', name: 'Scanned', barcode: 'AB12-drl-1' });
    const later = await s.product({ sku: 'XDRL-1X', name: 'Other' });
    const page = (nextToken?: string | null) =>
      ask<Page<Product> & { total: number }>(s.as('viewer'), 'products', {
        filter: { search: 'drl-1' },
        limit: 1,
        nextToken,
      });

    const first = await page();
    expect(ids(first.items, byProduct)).toEqual([exact, partial]);
    expect(first.total).toBe(3);
    const second = await page(first.nextToken);
    expect(ids(second.items, byProduct)).toEqual([later]);
    expect(second.nextToken).toBeNull();
    const scanned = await ask<Page<Product>>(s.as('viewer'), 'products', {
      filter: { search: 'ab12-DRL-1' },
    });
    expect(ids(scanned.items, byProduct)).toEqual([coded]);
  });

  it('treats % and _ in a search as the characters themselves', async () => {
    const s = tenant(api);
    const percent = await s.product({ name: '100% cotton rag' });
    const underscore = await s.product({ name: 'cable_tie' });
    await s.product({ name: 'cable tie' });
    const search = async (text: string) =>
      ids(
        (await ask<Page<Product>>(s.as('viewer'), 'products', { filter: { search: text } })).items,
        byProduct,
      );
    expect(await search('%')).toEqual([percent]);
    expect(await search('cable_')).toEqual([underscore]);
  });

  it('filters by stock status: LOW, STOCKOUT, OVERSTOCK and OK', async () => {
    const s = tenant(api);
    const w = await s.warehouse();
    const low = await s.product({ minStock: 5 });
    const out = await s.product({ minStock: 5 });
    const over = await s.product({ maxStock: 10 });
    const ok = await s.product({ minStock: 2, maxStock: 50 });
    await s.receive(low, w, 4);
    await s.receive(over, w, 11);
    await s.receive(ok, w, 20);
    const byStatus = async (status: string) => {
      const page = await ask<Page<Product> & { total: number }>(s.as('viewer'), 'products', {
        filter: { status },
      });
      expect(page.total).toBe(page.items.length);
      expect(page.items.every((p) => p.stock?.status === status)).toBe(true);
      return ids(page.items, byProduct);
    };
    expect(await byStatus('LOW')).toEqual([low]);
    expect(await byStatus('STOCKOUT')).toEqual([out]);
    expect(await byStatus('OVERSTOCK')).toEqual([over]);
    expect(await byStatus('OK')).toEqual([ok]);
  });

  it('filters by warehouse, counting stock in that warehouse only', async () => {
    const s = tenant(api);
    const north = await s.warehouse();
    const south = await s.warehouse();
    const both = await s.product();
    const southOnly = await s.product();
    await s.product();
    await s.receive(both, north, 3);
    await s.receive(both, south, 8);
    await s.receive(southOnly, south, 1);
    const inNorth = await ask<Page<Product>>(s.as('viewer'), 'products', {
      filter: { warehouseId: north },
    });
    expect(inNorth.items.map((p) => [p.productId, p.stock?.onHand])).toEqual([[both, 3]]);
    const inSouth = await ask<Page<Product>>(s.as('viewer'), 'products', {
      filter: { warehouseId: south },
      sort: { field: 'AVAILABLE', direction: 'DESC' },
    });
    expect(inSouth.items.map((p) => [p.productId, p.stock?.onHand])).toEqual([
      [both, 8],
      [southOnly, 1],
    ]);
  });

  it('filters by category, and lists archived products only when asked', async () => {
    const s = tenant(api);
    const tool = await s.product({ category: 'Tools' });
    const paint = await s.product({ category: 'Paint' });
    const archived = await s.product({ category: 'Tools' });
    await s.change('archiveProduct', { productId: archived });
    const list = async (filter: Args) =>
      ids((await ask<Page<Product>>(s.as('viewer'), 'products', { filter })).items, byProduct);
    expect(await list({ category: 'Tools' })).toEqual([tool]);
    expect((await list({})).sort()).toEqual([tool, paint].sort());
    expect(await list({ archived: true })).toEqual([archived]);
    expect(await list({ archived: true, category: 'Paint' })).toEqual([]);
  });

  it('combines a search with the category, archive, warehouse and status filters, and with a sort by stock', async () => {
    const s = tenant(api);
    const north = await s.warehouse();
    const south = await s.warehouse();
    const ball = await s.product({
      sku: 'VLV-1',
      name: 'Ball valve',
      category: 'Plumbing',
      minStock: 10,
    });
    const gate = await s.product({ sku: 'VLV-2', name: 'Gate valve', category: 'Plumbing' });
    const check = await s.product({ sku: 'VLV-3', name: 'Check valve', category: 'Heating' });
    const key = await s.product({ sku: 'VLV-4', name: 'Valve key', category: 'Plumbing' });
    const pipe = await s.product({ sku: 'PIPE-1', name: 'Pipe', category: 'Plumbing' });
    await s.receive(ball, north, 5);
    await s.receive(gate, south, 20);
    await s.receive(pipe, north, 3);
    await s.change('archiveProduct', { productId: key });
    const list = async (filter: Args) => {
      const page = await ask<Page<Product> & { total: number }>(s.as('viewer'), 'products', {
        filter: { search: 'VALVE', ...filter },
      });
      expect(page.total).toBe(page.items.length);
      return ids(page.items, byProduct).sort();
    };

    expect(await list({})).toEqual([ball, gate, check].sort());
    expect(await list({ category: 'Plumbing' })).toEqual([ball, gate].sort());
    expect(await list({ archived: true })).toEqual([key]);
    expect(await list({ warehouseId: north })).toEqual([ball]);
    expect(await list({ status: 'LOW' })).toEqual([ball]);
    expect(await list({ status: 'STOCKOUT' })).toEqual([check]);
    const byStock = await allPages<Product>(
      s.as('viewer'),
      'products',
      { filter: { search: 'valve' }, sort: { field: 'AVAILABLE', direction: 'DESC' } },
      1,
    );
    expect(ids(byStock.items, byProduct)).toEqual([gate, ball, check]);
  });
});

describe('product', () => {
  it('returns one product with its stock per warehouse, totals and what is on order', async () => {
    const t = tenant(api);
    const north = await t.warehouse();
    const south = await t.warehouse();
    const supplier = await t.supplier();
    const productId = await t.product({
      minStock: 4,
      maxStock: 40,
      unitCost: { amountMinor: 1234, currency: 'GBP' },
    });
    await t.receive(productId, north, 10);
    await t.receive(productId, south, 5);
    await t.change('reserveStock', {
      productId,
      warehouseId: north,
      quantity: 2,
      expiresAt: LATER_TIME,
    });
    const order = await t.order(supplier, north, [{ productId, quantity: 20 }]);
    await t.change('submitPurchaseOrder', { purchaseOrderId: order.purchaseOrderId });

    const product = await ask<Product>(t.as('viewer'), 'product', { productId });

    expect(product.unitCost).toEqual({ amountMinor: 1234, currency: 'GBP' });
    expect(product.stock).toEqual({
      onHand: 15,
      reserved: 2,
      available: 13,
      onOrder: 20,
      reorderPoint: 4,
      maxStock: 40,
      status: 'OK',
    });
    const levels = [...(product.levels ?? [])].sort((a, b) => a.onHand - b.onHand);
    expect(levels.map((l) => [l.warehouseId, l.onHand, l.reserved, l.available])).toEqual([
      [south, 5, 0, 5],
      [north, 10, 2, 8],
    ]);
  });

  it('returns an empty list of levels for a product never stocked, and null for an unknown id', async () => {
    const t = tenant(api);
    const productId = await t.product();
    const product = await ask<Product>(t.as('viewer'), 'product', { productId });
    expect(product.levels).toEqual([]);
    expect(product.stock).toMatchObject({ onHand: 0, available: 0, status: 'STOCKOUT' });
    expect(
      await ask(t.as('viewer'), 'product', { productId: '00000000-0000-4000-8000-000000000000' }),
    ).toBeNull();
  });
});

describe('lowStock', () => {
  it('lists products at or below their reorder point, emptiest first, leaving archived ones out', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const low = await t.product({ sku: 'LOW-1', minStock: 10 });
    const out = await t.product({ sku: 'OUT-1', minStock: 5 });
    const edge = await t.product({ sku: 'EDGE-1', minStock: 2 });
    const fine = await t.product({ sku: 'FINE-1', minStock: 2 });
    const archived = await t.product({ sku: 'ARCH-1', minStock: 10 });
    await t.product({ sku: 'NONE-1' });
    await t.receive(low, w, 3);
    await t.receive(edge, w, 2);
    await t.receive(fine, w, 10);
    await t.change('archiveProduct', { productId: archived });

    const items = await ask<
      { productId: string; status: string; available: number; reorderPoint: number }[]
    >(t.as('viewer'), 'lowStock');

    expect(items.map((i) => [i.productId, i.status, i.available, i.reorderPoint])).toEqual([
      [low, 'LOW', 3, 10],
      [out, 'STOCKOUT', 0, 5],
      [edge, 'LOW', 2, 2],
    ]);
  });
});

describe('stockLevels', () => {
  it('lists stock levels by product or by warehouse', async () => {
    const t = tenant(api);
    const north = await t.warehouse();
    const south = await t.warehouse();
    const a = await t.product();
    const b = await t.product();
    await t.receive(a, north, 1);
    await t.receive(a, south, 2);
    await t.receive(b, north, 3);
    await t.change('reserveStock', {
      productId: b,
      warehouseId: north,
      quantity: 1,
      expiresAt: LATER_TIME,
    });
    const levels = async (args: Args) =>
      (await ask<Page<StockLevel>>(t.as('viewer'), 'stockLevels', args)).items
        .map((l) => [
          l.productId === a ? 'a' : 'b',
          l.warehouseId === north ? 'north' : 'south',
          l.onHand,
          l.available,
        ])
        .sort();
    expect(await levels({ productId: a })).toEqual([
      ['a', 'north', 1, 1],
      ['a', 'south', 2, 2],
    ]);
    expect(await levels({ warehouseId: north })).toEqual([
      ['a', 'north', 1, 1],
      ['b', 'north', 3, 2],
    ]);
    expect(await levels({ productId: b, warehouseId: south })).toEqual([]);
    expect(await levels({})).toHaveLength(3);
  });
});

describe('movements', () => {
  let t: Tenant;
  let north: string;
  let south: string;
  let drill: string;
  let saw: string;
  let ledger: Movement[];

  beforeAll(async () => {
    t = tenant(api);
    north = await t.warehouse();
    south = await t.warehouse();
    drill = await t.product();
    saw = await t.product();
    await t.receive(drill, north, 20);
    await issue(t, drill, north, 5);
    await t.change('adjustStock', {
      productId: drill,
      warehouseId: north,
      delta: -1,
      reason: 'THEFT',
    });
    await t.change('transferStock', {
      productId: drill,
      fromWarehouseId: north,
      toWarehouseId: south,
      quantity: 4,
    });
    await t.receive(saw, south, 7);
    await t.change('countStock', { productId: saw, warehouseId: south, countedQuantity: 6 });
    ledger = (await ask<Page<Movement>>(t.as('viewer'), 'movements', { limit: 500 })).items;
  });

  it('lists the ledger newest first, with signed quantities and what was on hand after each', () => {
    expect(
      ledger.map((m) => [
        m.productId === drill ? 'drill' : 'saw',
        m.kind,
        m.quantity,
        m.onHandAfter,
      ]),
    ).toEqual([
      ['saw', 'ADJUSTMENT', -1, 6],
      ['saw', 'RECEIPT', 7, 7],
      ['drill', 'TRANSFER_IN', 4, 4],
      ['drill', 'TRANSFER_OUT', -4, 10],
      ['drill', 'ADJUSTMENT', -1, 14],
      ['drill', 'ISSUE', -5, 15],
      ['drill', 'RECEIPT', 20, 20],
    ]);
    expect(ledger[4]?.reason).toBe('THEFT');
  });

  it('filters movements by product, warehouse and kind, alone and together', async () => {
    const list = async (filter: Args) =>
      (await ask<Page<Movement>>(t.as('viewer'), 'movements', { filter })).items;
    expect((await list({ productId: saw })).every((m) => m.productId === saw)).toBe(true);
    expect(await list({ productId: saw })).toHaveLength(2);
    expect((await list({ warehouseId: south })).map((m) => m.kind)).toEqual([
      'ADJUSTMENT',
      'RECEIPT',
      'TRANSFER_IN',
    ]);
    expect((await list({ kind: 'RECEIPT' })).map((m) => m.quantity)).toEqual([7, 20]);
    expect((await list({ kind: 'ADJUSTMENT', productId: drill })).map((m) => m.quantity)).toEqual([
      -1,
    ]);
    expect(await list({ kind: 'TRANSFER_OUT', warehouseId: south })).toEqual([]);
  });

  it('filters movements by time, from inclusive and to exclusive', async () => {
    const oldestFirst = [...ledger].reverse();
    const issued = oldestFirst[1]!;
    const transferred = oldestFirst[3]!;
    const window = (
      await ask<Page<Movement>>(t.as('viewer'), 'movements', {
        filter: { from: issued.occurredAt, to: transferred.occurredAt },
      })
    ).items;
    expect(window.map((m) => m.kind)).toEqual(['ADJUSTMENT', 'ISSUE']);
    const from = (
      await ask<Page<Movement>>(t.as('viewer'), 'movements', {
        filter: { from: transferred.occurredAt },
      })
    ).items;
    expect(from).toHaveLength(4);
    const offset = new Date(Date.parse(issued.occurredAt)).toISOString().replace('Z', '+00:00');
    const withOffset = (
      await ask<Page<Movement>>(t.as('viewer'), 'movements', { filter: { to: offset } })
    ).items;
    expect(withOffset.map((m) => m.kind)).toEqual(['RECEIPT']);
  });

  it('pages through the ledger one or more lines at a time, across a transfer’s two lines', async () => {
    for (const limit of [1, 2, 3]) {
      const { items } = await allPages<Movement>(t.as('viewer'), 'movements', {}, limit);
      expect(items.map((m) => `${m.eventId}/${m.seq}`)).toEqual(
        ledger.map((m) => `${m.eventId}/${m.seq}`),
      );
    }
  });
});

describe('reservations', () => {
  it('filters reservations by status and by product', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const a = await t.product();
    const b = await t.product();
    await t.receive(a, w, 10);
    await t.receive(b, w, 10);
    const reserve = async (productId: string) =>
      (
        await t.change('reserveStock', {
          productId,
          warehouseId: w,
          quantity: 1,
          expiresAt: LATER_TIME,
        })
      ).reservations[0]!.reservationId;
    const active = await reserve(a);
    const released = await reserve(a);
    const fulfilled = await reserve(b);
    await t.change('releaseReservation', { reservationId: released });
    await t.change('issueStock', {
      productId: b,
      warehouseId: w,
      quantity: 1,
      reservationId: fulfilled,
    });

    const list = async (args: Args) =>
      ids(
        (await ask<Page<Reservation>>(t.as('viewer'), 'reservations', args)).items,
        (r) => r.reservationId,
      );
    expect(await list({ status: 'ACTIVE' })).toEqual([active]);
    expect(await list({ status: 'RELEASED' })).toEqual([released]);
    expect(await list({ status: 'FULFILLED' })).toEqual([fulfilled]);
    expect(await list({ status: 'EXPIRED' })).toEqual([]);
    expect(await list({ productId: a })).toEqual([released, active]);
    expect(await list({ productId: b, status: 'ACTIVE' })).toEqual([]);
  });
});

describe('purchase orders', () => {
  it('filters purchase orders by status, newest first, each with all its lines', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const supplier = await t.supplier();
    const [p1, p2] = [await t.product(), await t.product()];
    const draft = async () =>
      t.order(supplier, w, [
        { productId: p1, quantity: 5 },
        { productId: p2, quantity: 6 },
      ]);
    const stays = await draft();
    const submitted = await draft();
    const cancelled = await draft();
    const received = await draft();
    for (const o of [submitted, received])
      await t.change('submitPurchaseOrder', { purchaseOrderId: o.purchaseOrderId });
    await t.change('cancelPurchaseOrder', { purchaseOrderId: cancelled.purchaseOrderId });
    await t.change('receivePurchaseOrder', {
      purchaseOrderId: received.purchaseOrderId,
      lines: received.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantityOrdered })),
    });

    const list = async (args: Args) =>
      (await ask<Page<PurchaseOrder>>(t.as('viewer'), 'purchaseOrders', args)).items;
    const orderIds = (orders: PurchaseOrder[]) => orders.map((o) => o.purchaseOrderId);
    expect(orderIds(await list({}))).toEqual(orderIds([received, cancelled, submitted, stays]));
    expect(orderIds(await list({ status: 'DRAFT' }))).toEqual([stays.purchaseOrderId]);
    expect(orderIds(await list({ status: 'SUBMITTED' }))).toEqual([submitted.purchaseOrderId]);
    expect(orderIds(await list({ status: 'CANCELLED' }))).toEqual([cancelled.purchaseOrderId]);
    const [done] = await list({ status: 'RECEIVED' });
    expect(done?.lines.map((l) => [l.productId, l.quantityOrdered, l.quantityReceived])).toEqual([
      [p1, 5, 5],
      [p2, 6, 6],
    ]);
    expect(await list({ status: 'POSTPONED' })).toEqual([]);
    expect((await list({})).every((o) => o.lines.length === 2)).toBe(true);
  });

  it('lists the purchase orders with a line of one product, each with all its lines', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const supplier = await t.supplier();
    const [bolts, nuts, washers] = [await t.product(), await t.product(), await t.product()];
    const both = await t.order(supplier, w, [
      { productId: bolts, quantity: 5 },
      { productId: nuts, quantity: 6 },
    ]);
    const nutsOnly = await t.order(supplier, w, [{ productId: nuts, quantity: 7 }]);
    const boltsLater = await t.order(supplier, w, [{ productId: bolts, quantity: 8 }]);
    await t.change('submitPurchaseOrder', { purchaseOrderId: boltsLater.purchaseOrderId });

    const list = async (args: Args) =>
      (await ask<Page<PurchaseOrder>>(t.as('viewer'), 'purchaseOrders', args)).items.map((o) => [
        o.number,
        o.lines.length,
      ]);
    expect(await list({ productId: bolts })).toEqual([
      [boltsLater.number, 1],
      [both.number, 2],
    ]);
    expect(await list({ productId: nuts })).toEqual([
      [nutsOnly.number, 1],
      [both.number, 2],
    ]);
    expect(await list({ productId: bolts, status: 'SUBMITTED' })).toEqual([[boltsLater.number, 1]]);
    expect(await list({ productId: washers })).toEqual([]);
    // Page by page, as without a product.
    const first = await ask<Page<PurchaseOrder>>(t.as('viewer'), 'purchaseOrders', {
      productId: bolts,
      limit: 1,
    });
    const second = await ask<Page<PurchaseOrder>>(t.as('viewer'), 'purchaseOrders', {
      productId: bolts,
      limit: 1,
      nextToken: first.nextToken,
    });
    expect([...first.items, ...second.items].map((o) => o.number)).toEqual([
      boltsLater.number,
      both.number,
    ]);
    expectError(
      await t.as('viewer').query('purchaseOrders', { productId: 'not-an-id' }),
      'ValidationError',
      'productId',
    );
  });

  it('lists the purchase orders of one supplier, with a status or a product too', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const [acme, bolts] = [await t.supplier(), await t.supplier()];
    const [p1, p2] = [await t.product(), await t.product()];
    const first = await t.order(acme, w, [{ productId: p1, quantity: 5 }]);
    const other = await t.order(bolts, w, [{ productId: p1, quantity: 6 }]);
    const second = await t.order(acme, w, [{ productId: p2, quantity: 7 }]);
    await t.change('submitPurchaseOrder', { purchaseOrderId: second.purchaseOrderId });

    const numbers = async (args: Args) =>
      (await ask<Page<PurchaseOrder>>(t.as('viewer'), 'purchaseOrders', args)).items.map(
        (o) => o.number,
      );
    expect(await numbers({ supplierId: acme })).toEqual([second.number, first.number]);
    expect(await numbers({ supplierId: bolts })).toEqual([other.number]);
    expect(await numbers({ supplierId: acme, status: 'DRAFT' })).toEqual([first.number]);
    expect(await numbers({ supplierId: acme, productId: p1 })).toEqual([first.number]);
    expect(await numbers({ supplierId: bolts, productId: p2 })).toEqual([]);
    expectError(
      await t.as('viewer').query('purchaseOrders', { supplierId: 42 }),
      'ValidationError',
      'supplierId',
    );
  });

  it('returns one purchase order with its lines in the order they were written, or null', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const supplier = await t.supplier();
    const products = [await t.product(), await t.product(), await t.product()];
    const order = await t.order(
      supplier,
      w,
      products.map((productId, i) => ({ productId, quantity: 3 - i })),
    );
    const found = await ask<PurchaseOrder>(t.as('viewer'), 'purchaseOrder', {
      purchaseOrderId: order.purchaseOrderId,
    });
    expect(found.number).toBe(order.number);
    expect(found.lines.map((l) => [l.productId, l.quantityOrdered])).toEqual(
      products.map((p, i) => [p, 3 - i]),
    );
    expect(found.lines[0]?.unitCost).toEqual({ amountMinor: 199, currency: 'EUR' });
    expect(await ask(t.as('viewer'), 'purchaseOrder', { purchaseOrderId: products[0] })).toBeNull();
  });
});

describe('history', () => {
  it('returns the events of a product stream oldest first, as stored, page by page', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const productId = await t.product({ name: 'Tracked' });
    await t.receive(productId, w, 9);
    await issue(t, productId, w, 4);
    await t.change('updateProduct', { productId, name: 'Tracked II' });
    const stream = `product:${productId}`;

    const { items, pages } = await allPages<{
      version: number;
      type: string;
      data: string;
      stream: string;
      actor: string;
    }>(t.as('viewer'), 'history', { stream }, 2);

    expect(pages).toBe(2);
    expect(items.map((e) => [e.version, e.type])).toEqual([
      [1, 'ProductRegistered'],
      [2, 'StockReceived'],
      [3, 'StockIssued'],
      [4, 'ProductUpdated'],
    ]);
    expect(items.every((e) => e.stream === stream)).toBe(true);
    expect(JSON.parse(items[1]!.data)).toMatchObject({ quantity: 9, warehouseId: w });
  });

  it('reads purchase-order, warehouse and supplier streams too, and an unknown stream as empty', async () => {
    const t = tenant(api);
    const w = await t.warehouse();
    const supplier = await t.supplier();
    const order = await t.order(supplier, w, [{ productId: await t.product(), quantity: 1 }]);
    const types = async (stream: string) =>
      (await ask<Page<{ type: string }>>(t.as('viewer'), 'history', { stream })).items.map(
        (e) => e.type,
      );
    expect(await types(`purchase-order:${order.purchaseOrderId}`)).toEqual([
      'PurchaseOrderDrafted',
    ]);
    expect(await types(`warehouse:${w}`)).toEqual(['WarehouseCreated']);
    expect(await types(`supplier:${supplier}`)).toEqual(['SupplierCreated']);
    expect(await types(`product:${w}`)).toEqual([]);
  });

  for (const stream of [
    'product:abc',
    'order:00000000-0000-4000-8000-000000000000',
    'product',
    '',
    'product:00000000-0000-4000-8000-000000000000;DROP TABLE events',
  ]) {
    it(`refuses the malformed stream name ${JSON.stringify(stream)} as a ValidationError on stream`, async () => {
      expectError(
        await tenant(api).as('viewer').query('history', { stream }),
        'ValidationError',
        'stream',
      );
    });
  }
});

describe('warehouses, suppliers and me', () => {
  it('lists active warehouses by code, and archived ones too only when asked', async () => {
    const t = tenant(api);
    const b = await t.warehouse('b-2');
    const a = await t.warehouse('A-1');
    const c = await t.warehouse('C-3');
    await t.change('archiveWarehouse', { warehouseId: b });
    const codes = async (args: Args) =>
      (await ask<Warehouse[]>(t.as('viewer'), 'warehouses', args)).map((w) => [
        w.warehouseId,
        w.archived,
      ]);
    expect(await codes({})).toEqual([
      [a, false],
      [c, false],
    ]);
    expect(await codes({ includeArchived: true })).toEqual([
      [a, false],
      [b, true],
      [c, false],
    ]);
  });

  it('lists suppliers by name with their unit price as money', async () => {
    const t = tenant(api);
    await t.supplier({ name: 'zeta Parts', unitPrice: { amountMinor: 450, currency: 'SEK' } });
    await t.supplier({ name: 'Alpha Tools' });
    const suppliers = await ask<{ name: string; unitPrice: unknown }[]>(
      t.as('viewer'),
      'suppliers',
    );
    expect(suppliers.map((s) => [s.name, s.unitPrice])).toEqual([
      ['Alpha Tools', null],
      ['zeta Parts', { amountMinor: 450, currency: 'SEK' }],
    ]);
  });

  it('lists active suppliers, and archived ones too only when asked', async () => {
    const t = tenant(api);
    const beta = await t.supplier({ name: 'Beta Bolts' });
    const alpha = await t.supplier({ name: 'Alpha Tools' });
    await t.change('archiveSupplier', { supplierId: beta });
    const listed = async (args: Args) =>
      (
        await ask<{ supplierId: string; archived: boolean }[]>(t.as('viewer'), 'suppliers', args)
      ).map((s) => [s.supplierId, s.archived]);
    expect(await listed({})).toEqual([[alpha, false]]);
    expect(await listed({ includeArchived: true })).toEqual([
      [alpha, false],
      [beta, true],
    ]);
  });

  for (const role of roleNames) {
    it(`me tells a ${role} who they are, in which tenant, with the role in capitals`, async () => {
      const t = tenant(api);
      const caller = client(api, userIdentity(t.tenantId, [role], `u-${role}`));
      expect(await ask(caller, 'me')).toEqual({
        userId: `u-${role}`,
        username: `u-${role}`,
        tenantId: t.tenantId,
        role: role.toUpperCase(),
      });
    });
  }
});

describe('paging of every list', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = tenant(api);
    const w = await t.warehouse();
    const other = await t.warehouse();
    const supplier = await t.supplier();
    for (let i = 0; i < 3; i++) {
      const productId = await t.product();
      await t.receive(productId, w, 10);
      await t.receive(productId, other, 10);
      await t.change('reserveStock', {
        productId,
        warehouseId: w,
        quantity: 1,
        expiresAt: LATER_TIME,
      });
      await t.order(supplier, w, [{ productId, quantity: 2 }]);
    }
  });

  const lists: readonly {
    field: string;
    args: Args;
    id: (item: Record<string, unknown>) => string;
  }[] = [
    { field: 'products', args: {}, id: (i) => String(i['productId']) },
    {
      field: 'stockLevels',
      args: {},
      id: (i) => `${String(i['productId'])}/${String(i['warehouseId'])}`,
    },
    { field: 'movements', args: {}, id: (i) => `${String(i['eventId'])}/${String(i['seq'])}` },
    { field: 'reservations', args: {}, id: (i) => String(i['reservationId']) },
    { field: 'purchaseOrders', args: {}, id: (i) => String(i['purchaseOrderId']) },
  ];

  for (const list of lists) {
    it(`pages through ${list.field} two at a time to the same items as one page`, async () => {
      const whole = await ask<Page<Record<string, unknown>>>(t.as('viewer'), list.field, {
        ...list.args,
        limit: 500,
      });
      expect(whole.nextToken).toBeNull();
      expect(whole.items.length).toBeGreaterThan(2);
      const { items, pages } = await allPages<Record<string, unknown>>(
        t.as('viewer'),
        list.field,
        list.args,
        2,
      );
      expect(pages).toBe(Math.ceil(whole.items.length / 2));
      expect(items.map(list.id)).toEqual(whole.items.map(list.id));
    });

    it(`refuses a limit of 0 or 501 for ${list.field} as a ValidationError on limit`, async () => {
      for (const limit of [0, 501, -1]) {
        expectError(
          await t.as('viewer').query(list.field, { ...list.args, limit }),
          'ValidationError',
          'limit',
        );
      }
      expect(
        (await ask<Page<unknown>>(t.as('viewer'), list.field, { ...list.args, limit: 1 })).items,
      ).toHaveLength(1);
    });
  }

  it('refuses a limit of 0 or 501 for history as a ValidationError on limit', async () => {
    const stream = `warehouse:${(await ask<Warehouse[]>(t.as('viewer'), 'warehouses'))[0]!.warehouseId}`;
    for (const limit of [0, 501]) {
      expectError(
        await t.as('viewer').query('history', { stream, limit }),
        'ValidationError',
        'limit',
      );
    }
  });

  it('refuses a nextToken it did not issue for that list as a ValidationError on nextToken, never Internal', async () => {
    const viewer = t.as('viewer');
    const tokenOf = async (field: string, args: Args = {}) =>
      (await ask<Page<unknown>>(viewer, field, { ...args, limit: 1 })).nextToken!;
    const products = await tokenOf('products');
    const movements = await tokenOf('movements');
    const levels = await tokenOf('stockLevels');
    const stream = `product:${(await ask<Page<Product>>(viewer, 'products', { limit: 1 })).items[0]!.productId}`;
    const history = await tokenOf('history', { stream });
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const edited = (token: string, edit: (key: unknown[]) => unknown[]) =>
      encode(edit(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[]));
    const logged = api.logged.length;

    const refused: [string, Args][] = [
      ['products', { nextToken: 'not a token' }],
      ['products', { nextToken: products, sort: { field: 'AVAILABLE' } }],
      ['products', { nextToken: products, sort: { field: 'SKU', direction: 'DESC' } }],
      ['products', { nextToken: levels }],
      ['stockLevels', { nextToken: products }],
      ['reservations', { nextToken: products }],
      ['purchaseOrders', { nextToken: levels }],
      ['movements', { nextToken: products }],
      [
        'movements',
        { nextToken: edited(movements, (k) => k.map((v, i) => (i === 1 ? 'yesterday' : v))) },
      ],
      ['movements', { nextToken: edited(movements, (k) => k.map((v, i) => (i === 3 ? 'x' : v))) }],
      ['history', { stream, nextToken: edited(history, (k) => [k[0], 'one']) }],
      ['history', { stream, nextToken: edited(history, (k) => [k[0], 1e12]) }],
      ['history', { stream, nextToken: encode({ version: 1 }) }],
      ['history', { stream, nextToken: movements }],
    ];
    for (const [field, args] of refused) {
      const result = await viewer.query(field, args);
      expectError(result, 'ValidationError', 'nextToken');
    }
    expect(api.logged.length).toBe(logged);
  });

  it('treats an empty nextToken as the first page', async () => {
    const first = await ask<Page<Product>>(t.as('viewer'), 'products', { limit: 2 });
    const empty = await ask<Page<Product>>(t.as('viewer'), 'products', { limit: 2, nextToken: '' });
    expect(empty.items).toEqual(first.items);
  });
});

describe('the query surface', () => {
  it('serves every query this file reads', () => {
    // billingUsage, dashboard, forecast, notifications, workflowRun(s): see operational.test.ts.
    expect([...servedFields.Query].sort()).toEqual([
      'billingUsage',
      'dashboard',
      'forecast',
      'history',
      'lowStock',
      'me',
      'movements',
      'notifications',
      'product',
      'products',
      'purchaseOrder',
      'purchaseOrders',
      'reservations',
      'stockLevels',
      'suppliers',
      'warehouses',
      'workflowRun',
      'workflowRuns',
    ]);
  });

  it('answers a query field it does not serve as a ValidationError on field', async () => {
    expectError(await tenant(api).as('admin').query('everything'), 'ValidationError', 'field');
  });

  it('writes nothing when every query is read', async () => {
    const t = tenant(api);
    const productId = await t.product();
    const before = await t.dump();
    for (const field of servedFields.Query) {
      const args: Args =
        field === 'product' || field === 'forecast'
          ? { productId }
          : field === 'workflowRun'
            ? { executionName: 'stock-changed-none' }
            : field === 'purchaseOrder'
              ? { purchaseOrderId: productId }
              : field === 'history'
                ? { stream: `product:${productId}` }
                : {};
      expect('data' in (await t.as('admin').query(field, args)), field).toBe(true);
    }
    expect(await t.dump()).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import type { StockMateEvent } from '../../../shared';
import { project } from '../../../cloud/db/projection/project';
import { RowSet } from '../../../cloud/db/projection/row-set';
import type { StockLevelRow } from '../../../cloud/db/projection/rows';

const PRODUCT = 'product-1';
const MAIN = 'warehouse-main';
const BACK = 'warehouse-back';
const ORDER = 'po-1';

let sequence = 0;
/** Projects events in order, each with its own id and a later time. */
const apply = (rows: RowSet, ...events: StockMateEvent[]): void => {
  for (const event of events) {
    sequence++;
    const at = new Date(Date.UTC(2025, 2, 10, 9, 0, sequence)).toISOString();
    project(rows, { eventId: `event-${sequence}`, occurredAt: at, actor: 'clerk-1', event });
  }
};

const received = (quantity: number, warehouseId = MAIN): StockMateEvent => ({
  type: 'StockReceived',
  data: {
    productId: PRODUCT,
    warehouseId,
    quantity,
    unitCost: null,
    note: 'delivery',
    purchaseOrderId: null,
    purchaseOrderLineId: null,
  },
});
const issued = (quantity: number, reservationId: string | null = null): StockMateEvent => ({
  type: 'StockIssued',
  data: { productId: PRODUCT, warehouseId: MAIN, quantity, reference: 'ticket 9', reservationId },
});
const reserved = (reservationId: string, quantity: number): StockMateEvent => ({
  type: 'StockReserved',
  data: {
    productId: PRODUCT,
    warehouseId: MAIN,
    reservationId,
    quantity,
    expiresAt: '2025-03-17T09:00:00.000Z',
    reference: 'order 42',
  },
});
const releasedAs = (
  reservationId: string,
  quantity: number,
  reason: 'released' | 'expired' | 'fulfilled',
): StockMateEvent => ({
  type: 'ReservationReleased',
  data: { productId: PRODUCT, warehouseId: MAIN, reservationId, quantity, reason },
});
const level = (rows: RowSet, warehouseId = MAIN) => rows.get('stockLevels', PRODUCT, warehouseId);
const movements = (rows: RowSet) =>
  rows.all('movements').map(({ kind, warehouseId, quantity, onHandAfter, seq }) => ({
    kind,
    warehouseId,
    quantity,
    onHandAfter,
    seq,
  }));

describe('projecting the catalogue', () => {
  it('writes a product’s cost as minor units and currency, and follows updates and archiving', () => {
    const rows = new RowSet();
    apply(rows, {
      type: 'ProductRegistered',
      data: {
        productId: PRODUCT,
        sku: 'WID-001',
        name: 'Widget',
        unit: 'ea',
        barcode: null,
        unitCost: { amountMinor: 250, currency: 'EUR' },
        leadTimeDays: 7,
        serviceLevel: 0.95,
        minStock: null,
        maxStock: null,
        category: null,
        preferredSupplierId: null,
      },
    });
    expect(rows.get('products', PRODUCT)).toMatchObject({ unitCostMinor: 250, currency: 'EUR' });
    expect(rows.get('products', PRODUCT)).not.toHaveProperty('unitCost');
    apply(
      rows,
      {
        type: 'ProductUpdated',
        data: { productId: PRODUCT, changes: { unitCost: { amountMinor: 300, currency: 'GBP' } } },
      },
      { type: 'ProductArchived', data: { productId: PRODUCT } },
    );
    const product = rows.get('products', PRODUCT);
    expect(product).toMatchObject({ unitCostMinor: 300, currency: 'GBP', sku: 'WID-001' });
    expect(product?.archived).toBe(true);
    expect(product?.updatedAt).not.toBe(product?.createdAt);
  });
});

describe('projecting stock movements', () => {
  it('a receipt then an issue leave the stock level and two movements with onHandAfter', () => {
    const rows = new RowSet();
    apply(rows, received(10), issued(3));
    expect(level(rows)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(movements(rows)).toEqual([
      { kind: 'receipt', warehouseId: MAIN, quantity: 10, onHandAfter: 10, seq: 0 },
      { kind: 'issue', warehouseId: MAIN, quantity: -3, onHandAfter: 7, seq: 0 },
    ]);
    expect(rows.all('movements').map((m) => [m.note, m.reference, m.actor])).toEqual([
      ['delivery', null, 'clerk-1'],
      [null, 'ticket 9', 'clerk-1'],
    ]);
  });

  it('a transfer writes transfer_out and transfer_in movements of one event', () => {
    const rows = new RowSet();
    apply(rows, received(10), {
      type: 'StockTransferred',
      data: {
        productId: PRODUCT,
        fromWarehouseId: MAIN,
        toWarehouseId: BACK,
        quantity: 4,
        note: null,
      },
    });
    expect(level(rows)?.onHand).toBe(6);
    expect(level(rows, BACK)?.onHand).toBe(4);
    const transfer = rows.all('movements').filter((m) => m.kind.startsWith('transfer'));
    expect(transfer.map((m) => m.eventId)).toEqual([`event-${sequence}`, `event-${sequence}`]);
    expect(movements(rows).slice(1)).toEqual([
      { kind: 'transfer_out', warehouseId: MAIN, quantity: -4, onHandAfter: 6, seq: 0 },
      { kind: 'transfer_in', warehouseId: BACK, quantity: 4, onHandAfter: 4, seq: 1 },
    ]);
  });

  it('a stocktake adjustment records its reason and the count it came from', () => {
    const rows = new RowSet();
    apply(rows, received(10), {
      type: 'StockAdjusted',
      data: {
        productId: PRODUCT,
        warehouseId: MAIN,
        delta: -2,
        reason: 'stocktake',
        note: 'cycle count',
        countedQuantity: 8,
      },
    });
    expect(rows.all('movements')[1]).toMatchObject({
      kind: 'adjustment',
      quantity: -2,
      onHandAfter: 8,
      reason: 'stocktake',
    });
  });
});

describe('projecting reservations', () => {
  it('a reservation raises reserved and a release lowers it, closing the reservation', () => {
    const rows = new RowSet();
    apply(rows, received(10), reserved('r-1', 4));
    expect(level(rows)).toMatchObject({ onHand: 10, reserved: 4 });
    expect(rows.get('reservations', 'r-1')).toMatchObject({ status: 'active', closedAt: null });
    apply(rows, releasedAs('r-1', 4, 'expired'));
    expect(level(rows)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(rows.get('reservations', 'r-1')).toMatchObject({ status: 'expired' });
    expect(rows.get('reservations', 'r-1')?.closedAt).not.toBeNull();
  });

  it('an issue against a reservation marks it fulfilled and moves the stock', () => {
    const rows = new RowSet();
    apply(
      rows,
      received(10),
      reserved('r-1', 4),
      releasedAs('r-1', 4, 'fulfilled'),
      issued(4, 'r-1'),
    );
    expect(level(rows)).toMatchObject({ onHand: 6, reserved: 0 });
    expect(rows.get('reservations', 'r-1')?.status).toBe('fulfilled');
  });
});

describe('projecting purchase orders', () => {
  const lineOf = (lineId: string, productId: string, quantity: number) => ({
    lineId,
    productId,
    quantity,
    unitCost: { amountMinor: 12, currency: 'EUR' },
  });
  const drafted: StockMateEvent = {
    type: 'PurchaseOrderDrafted',
    data: {
      purchaseOrderId: ORDER,
      number: 'PO-000001',
      supplierId: 'supplier-1',
      warehouseId: MAIN,
      expectedAt: '2025-03-20',
      lines: [lineOf('line-1', PRODUCT, 100), lineOf('line-2', 'product-2', 50)],
      note: null,
      source: 'manual',
      reason: null,
    },
  };
  const receipt = (lines: [string, string, number][]): StockMateEvent => ({
    type: 'PurchaseOrderReceived',
    data: {
      purchaseOrderId: ORDER,
      warehouseId: MAIN,
      lines: lines.map(([lineId, productId, quantity]) => ({ lineId, productId, quantity })),
      overReceipt: false,
    },
  });
  const order = (rows: RowSet) => rows.get('purchaseOrders', ORDER);
  const received = (rows: RowSet) =>
    rows
      .find('purchaseOrderLines', (l) => l.purchaseOrderId === ORDER)
      .map((l) => [l.position, l.lineId, l.quantityOrdered, l.quantityReceived]);

  it('a draft writes the order and its lines in position order', () => {
    const rows = new RowSet();
    apply(rows, drafted);
    expect(order(rows)).toMatchObject({ status: 'draft', submittedAt: null, closedAt: null });
    expect(received(rows)).toEqual([
      [0, 'line-1', 100, 0],
      [1, 'line-2', 50, 0],
    ]);
  });

  it('receipts add to the lines and move the status to partially_received, then received', () => {
    const rows = new RowSet();
    apply(rows, drafted, { type: 'PurchaseOrderSubmitted', data: { purchaseOrderId: ORDER } });
    expect(order(rows)?.submittedAt).not.toBeNull();
    apply(rows, receipt([['line-1', PRODUCT, 60]]));
    expect(order(rows)).toMatchObject({ status: 'partially_received', closedAt: null });
    apply(rows, {
      type: 'PurchaseOrderPostponed',
      data: {
        purchaseOrderId: ORDER,
        expectedAt: '2025-03-27',
        previousExpectedAt: '2025-03-20',
        reason: null,
      },
    });
    expect(order(rows)).toMatchObject({ status: 'partially_received', expectedAt: '2025-03-27' });
    apply(
      rows,
      receipt([
        ['line-1', PRODUCT, 40],
        ['line-2', 'product-2', 50],
      ]),
    );
    expect(received(rows)).toEqual([
      [0, 'line-1', 100, 100],
      [1, 'line-2', 50, 50],
    ]);
    expect(order(rows)?.status).toBe('received');
    expect(order(rows)?.closedAt).toBe(order(rows)?.updatedAt);
  });

  it('closing short keeps what each line received and closes the order', () => {
    const rows = new RowSet();
    apply(
      rows,
      drafted,
      { type: 'PurchaseOrderSubmitted', data: { purchaseOrderId: ORDER } },
      receipt([['line-1', PRODUCT, 60]]),
      {
        type: 'PurchaseOrderClosed',
        data: {
          purchaseOrderId: ORDER,
          undelivered: [
            { lineId: 'line-1', productId: PRODUCT, quantity: 40 },
            { lineId: 'line-2', productId: 'product-2', quantity: 50 },
          ],
          reason: 'discontinued',
        },
      },
    );
    expect(order(rows)).toMatchObject({ status: 'closed', suggestedExpectedAt: null });
    expect(order(rows)?.closedAt).not.toBeNull();
    expect(received(rows)).toEqual([
      [0, 'line-1', 100, 60],
      [1, 'line-2', 50, 0],
    ]);
  });

  it('a revision replaces the lines, deleting those it drops', () => {
    const rows = new RowSet();
    apply(rows, drafted);
    const loaded = new RowSet();
    loaded.load('purchaseOrders', rows.all('purchaseOrders'));
    loaded.load('purchaseOrderLines', rows.all('purchaseOrderLines'));
    apply(loaded, {
      type: 'PurchaseOrderRevised',
      data: {
        purchaseOrderId: ORDER,
        supplierId: 'supplier-2',
        warehouseId: MAIN,
        expectedAt: '2025-03-21',
        lines: [lineOf('line-2', 'product-2', 70)],
        note: 'fewer bolts',
      },
    });
    const changes = loaded.changes().purchaseOrderLines;
    expect(changes.deletes.map((l) => l.lineId)).toEqual(['line-1']);
    expect(changes.upserts).toEqual([
      expect.objectContaining({ lineId: 'line-2', position: 0, quantityOrdered: 70 }),
    ]);
    expect(loaded.changes().purchaseOrders.upserts[0]).toMatchObject({
      supplierId: 'supplier-2',
      expectedAt: '2025-03-21',
      note: 'fewer bolts',
    });
  });

  it('a revision recorded before a draft could change supplier keeps the order with its supplier', () => {
    const rows = new RowSet();
    apply(rows, drafted);
    apply(rows, {
      type: 'PurchaseOrderRevised',
      data: {
        purchaseOrderId: ORDER,
        warehouseId: MAIN,
        expectedAt: '2025-03-21',
        lines: [lineOf('line-1', PRODUCT, 80)],
        note: null,
      },
    });
    expect(order(rows)).toMatchObject({ supplierId: 'supplier-1', expectedAt: '2025-03-21' });
  });
});

describe('RowSet.changes', () => {
  const stored: StockLevelRow = {
    productId: PRODUCT,
    warehouseId: MAIN,
    onHand: 50,
    reserved: 5,
    updatedAt: '2025-03-01T00:00:00.000Z',
  };

  it('reports additive columns of a loaded row as deltas from the row as loaded', () => {
    const rows = new RowSet();
    rows.load('stockLevels', [stored]);
    apply(rows, received(10), issued(3), reserved('r-1', 2));
    const { deltas, upserts, deletes } = rows.changes().stockLevels;
    expect(upserts).toEqual([]);
    expect(deletes).toEqual([]);
    expect(deltas).toEqual([
      expect.objectContaining({ productId: PRODUCT, warehouseId: MAIN, onHand: 7, reserved: 2 }),
    ]);
    expect(deltas[0]?.updatedAt).not.toBe(stored.updatedAt);
    // The in-memory row keeps absolute values: only the write is a delta.
    expect(level(rows)).toMatchObject({ onHand: 57, reserved: 7 });
  });

  it('reports rows that were not loaded as upserts with their absolute values', () => {
    const rows = new RowSet();
    rows.load('stockLevels', [stored]);
    apply(rows, received(4, BACK));
    const { deltas, upserts } = rows.changes().stockLevels;
    expect(deltas).toEqual([]);
    expect(upserts).toEqual([
      expect.objectContaining({ warehouseId: BACK, onHand: 4, reserved: 0 }),
    ]);
    expect(rows.changes().movements.upserts).toHaveLength(1);
  });

  it('reports removed loaded rows as deletes, and rows added then removed not at all', () => {
    const rows = new RowSet();
    rows.load('stockLevels', [stored]);
    rows.remove('stockLevels', stored);
    const added = { ...stored, warehouseId: BACK };
    rows.put('stockLevels', added);
    rows.remove('stockLevels', added);
    expect(rows.changes().stockLevels).toEqual({ upserts: [], deltas: [], deletes: [stored] });
  });

  it('reports nothing for rows only loaded', () => {
    const rows = new RowSet();
    rows.load('stockLevels', [stored]);
    expect(rows.changes().stockLevels).toEqual({ upserts: [], deltas: [], deletes: [] });
  });
});

describe('an event whose row is missing', () => {
  const withStockOnly = () => {
    const rows = new RowSet();
    rows.load('stockLevels', [
      { productId: PRODUCT, warehouseId: MAIN, onHand: 1, reserved: 1, updatedAt: 'then' },
    ]);
    return rows;
  };
  it.each<{ what: string; event: StockMateEvent; rows?: () => RowSet }>([
    { what: 'a product change', event: { type: 'ProductArchived', data: { productId: PRODUCT } } },
    { what: 'a release without its stock level', event: releasedAs('r-1', 1, 'released') },
    {
      what: 'a release without its reservation',
      event: releasedAs('r-9', 1, 'released'),
      rows: withStockOnly,
    },
    {
      what: 'a warehouse change',
      event: { type: 'WarehouseArchived', data: { warehouseId: MAIN } },
    },
    {
      what: 'a supplier change',
      event: { type: 'SupplierUpdated', data: { supplierId: 'supplier-1', changes: {} } },
    },
    {
      what: 'a purchase-order change',
      event: { type: 'PurchaseOrderSubmitted', data: { purchaseOrderId: ORDER } },
    },
  ])('throws for $what', ({ event, rows }) => {
    expect(() => apply(rows?.() ?? new RowSet(), event)).toThrow(/projection is missing/);
  });
});

import { describe, expect, it } from 'vitest';
import type { OpenOrder, ProductSituation } from '../../../shared/analytics';
import { analyseIssues, orderQuantity, stockStatus } from '../../../shared/analytics';
import { MAX_QUANTITY } from '../../../shared/core';

const supplier = {
  supplierId: '00000000-0000-4000-8000-0000000000aa',
  name: 'Acme',
  leadTimeDays: 5,
  minimumOrderQuantity: 24,
  packSize: 12,
  unitPrice: { amountMinor: 180, currency: 'EUR' },
};

const situation = (over: Partial<ProductSituation> = {}): ProductSituation => ({
  productId: '00000000-0000-4000-8000-000000000001',
  sku: 'BOLT-8',
  name: 'Bolt M8',
  unit: 'ea',
  unitCost: { amountMinor: 200, currency: 'EUR' },
  leadTimeDays: 7,
  onHand: 100,
  reserved: 0,
  onOrder: 0,
  reorderPoint: 40,
  maxStock: 120,
  dailyDemand: 5,
  supplier,
  receivingWarehouseId: '00000000-0000-4000-8000-0000000000ff',
  openOrders: [],
  expiredReservations: [],
  lastStatus: 'OK',
  suggestAgainOn: null,
  today: '2026-11-21',
  ...over,
});

const order = (over: Partial<OpenOrder> = {}): OpenOrder => ({
  purchaseOrderId: '00000000-0000-4000-8000-0000000000b1',
  number: 'PO-000001',
  status: 'submitted',
  source: 'manual',
  expectedAt: '2026-11-25',
  quantityDue: 60,
  otherProducts: false,
  suggestedExpectedAt: null,
  ...over,
});

describe('the issue analyser', () => {
  it('finds nothing to do when stock is comfortably between reorder point and maximum', () => {
    expect(analyseIssues(situation())).toEqual({ status: 'OK', decisions: [], findings: [] });
  });

  it('suggests an order up to the maximum, rounded to packs and the minimum quantity, when stock falls below the reorder point', () => {
    const result = analyseIssues(situation({ onHand: 30 }));
    expect(result.status).toBe('LOW');
    expect(result.decisions).toEqual([
      expect.objectContaining({
        kind: 'suggest-order',
        quantity: 96,
        supplierId: supplier.supplierId,
        expectedAt: '2026-11-26',
      }),
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'LOW_STOCK',
        severity: 'WARNING',
        numbers: expect.objectContaining({
          available: 30,
          reorderPoint: 40,
          suggestedQuantity: 96,
          daysOfCover: 6,
        }) as unknown,
      }),
    ]);
  });

  it('gives its reasons in figures as people read them, thousands grouped', () => {
    const result = analyseIssues(
      situation({
        onHand: 1_650,
        onOrder: 1_200,
        reorderPoint: 4_000,
        maxStock: 12_000,
        dailyDemand: 125.25,
        supplier: { ...supplier, minimumOrderQuantity: 1, packSize: 1 },
      }),
    );
    const reason = result.decisions.find((d) => d.kind === 'suggest-order')?.reason;
    expect(reason).toBe(
      '1,650 ea available and 1,200 ea on order is below the reorder point of 4,000 (13.2 days ' +
        'of cover); ordering 9,150 ea brings stock up to 12,000 ea.',
    );
  });

  it('counts what is on order before suggesting more', () => {
    expect(analyseIssues(situation({ onHand: 30, onOrder: 20 })).decisions).toEqual([]);
  });

  it('does not suggest a second order while a draft for the product is open', () => {
    const result = analyseIssues(
      situation({ onHand: 30, openOrders: [order({ status: 'draft', source: 'suggested' })] }),
    );
    expect(result.decisions).toEqual([]);
  });

  it('makes no suggestion for a product whose last one was dismissed, until the day it may be made again', () => {
    const low = { onHand: 30, lastStatus: 'LOW' as const, suggestAgainOn: '2026-11-28' };
    for (const today of ['2026-11-21', '2026-11-27']) {
      const held = analyseIssues(situation({ ...low, today }));
      expect(held.decisions).toEqual([]);
      expect(held.findings).toEqual([]);
    }
    const due = analyseIssues(situation({ ...low, today: '2026-11-28' }));
    expect(due.decisions).toEqual([
      expect.objectContaining({ kind: 'suggest-order', quantity: 96 }),
    ]);
    expect(due.findings).toEqual([expect.objectContaining({ kind: 'PO_SUGGESTED' })]);
  });

  it('still tells of low stock while a dismissed suggestion holds, only without an order', () => {
    const result = analyseIssues(
      situation({ onHand: 30, lastStatus: 'OK', suggestAgainOn: '2026-11-28' }),
    );
    expect(result.decisions).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'LOW_STOCK' })]);
    expect(result.findings[0]?.numbers).not.toHaveProperty('suggestedQuantity');
  });

  it('suggests again, saying why, when the product runs out while a dismissed suggestion holds', () => {
    const result = analyseIssues(
      situation({ onHand: 0, lastStatus: 'LOW', suggestAgainOn: '2026-11-28' }),
    );
    expect(result.decisions).toEqual([
      expect.objectContaining({
        kind: 'suggest-order',
        quantity: 120,
        reason: expect.stringContaining(
          'The last suggestion was dismissed until 2026-11-28; this one comes sooner because stock has run out.',
        ) as unknown,
      }),
    ]);
    // Only the moment it runs out: one dismissed while out of stock holds on.
    expect(
      analyseIssues(situation({ onHand: 0, lastStatus: 'STOCKOUT', suggestAgainOn: '2026-11-28' }))
        .decisions,
    ).toEqual([]);
  });

  it('changes nothing when run again on the situation its own decisions produced', () => {
    const first = situation({ onHand: 30, lastStatus: 'OK' });
    expect(analyseIssues(first).decisions).toHaveLength(1);
    const after = {
      ...first,
      lastStatus: 'LOW' as const,
      openOrders: [order({ status: 'draft', source: 'suggested', quantityDue: 96 })],
    };
    expect(analyseIssues(after)).toEqual({ status: 'LOW', decisions: [], findings: [] });
  });

  it('reports a stockout as critical once, when stock first runs out', () => {
    const out = analyseIssues(
      situation({ onHand: 0, lastStatus: 'LOW', openOrders: [order({ status: 'draft' })] }),
    );
    expect(out.findings).toEqual([
      expect.objectContaining({ kind: 'STOCKOUT', severity: 'CRITICAL' }),
    ]);
    expect(
      analyseIssues(
        situation({ onHand: 0, lastStatus: 'STOCKOUT', openOrders: [order({ status: 'draft' })] }),
      ).findings,
    ).toEqual([]);
  });

  it('flags overstock once and tells the managers', () => {
    const result = analyseIssues(situation({ onHand: 150 }));
    expect(result.status).toBe('OVERSTOCK');
    expect(result.decisions).toEqual([{ kind: 'flag-overstock', available: 150, maxStock: 120 }]);
    expect(result.findings[0]).toMatchObject({ kind: 'OVERSTOCK', severity: 'INFO' });
    expect(analyseIssues(situation({ onHand: 150, lastStatus: 'OVERSTOCK' })).decisions).toEqual(
      [],
    );
  });

  it('suggests postponing an open order that stock does not need by its expected date', () => {
    const result = analyseIssues(
      situation({ onHand: 100, openOrders: [order({ expectedAt: '2026-11-23' })] }),
    );
    // 100 available covers 5/day above the reorder point of 40 for 12 days: needed by 2026-12-03.
    expect(result.decisions).toEqual([
      expect.objectContaining({ kind: 'suggest-postponement', expectedAt: '2026-12-03' }),
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'PO_POSTPONED', purchaseOrderNumber: 'PO-000001' }),
    ]);
  });

  it('leaves alone an order that stock needs before it arrives, and one it already suggested', () => {
    expect(
      analyseIssues(situation({ onHand: 60, openOrders: [order({ expectedAt: '2026-11-30' })] }))
        .decisions,
    ).toEqual([]);
    const already = order({ expectedAt: '2026-11-23', suggestedExpectedAt: '2026-12-03' });
    expect(analyseIssues(situation({ onHand: 100, openOrders: [already] })).decisions).toEqual([]);
  });

  it('does not postpone an order that brings other products too', () => {
    expect(
      analyseIssues(
        situation({
          onHand: 100,
          openOrders: [order({ expectedAt: '2026-11-23', otherProducts: true })],
        }),
      ).decisions,
    ).toEqual([]);
  });

  it('releases reservations whose expiry has passed', () => {
    const ids = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2'];
    expect(analyseIssues(situation({ expiredReservations: ids })).decisions).toEqual(
      ids.map((reservationId) => ({ kind: 'release-expired', reservationId })),
    );
  });

  it('cannot suggest an order without a supplier, but still reports the low stock', () => {
    const result = analyseIssues(situation({ onHand: 10, supplier: null }));
    expect(result.decisions).toEqual([]);
    expect(result.findings.map((f) => f.kind)).toEqual(['LOW_STOCK']);
  });
});

describe('order quantities', () => {
  it('round up to whole packs and at least the minimum order', () => {
    expect(orderQuantity(1, { minimumOrderQuantity: 24, packSize: 12 })).toBe(24);
    expect(orderQuantity(25, { minimumOrderQuantity: 24, packSize: 12 })).toBe(36);
    expect(orderQuantity(7, { minimumOrderQuantity: 1, packSize: 1 })).toBe(7);
    expect(orderQuantity(0, { minimumOrderQuantity: 0, packSize: 0 })).toBe(1);
  });

  it('order at most the whole packs one line may hold, however much is wanted', () => {
    expect(orderQuantity(3_000_000_000, { minimumOrderQuantity: 1, packSize: 7 })).toBe(
      999_999_994,
    );
    expect(orderQuantity(3_000_000_000, { minimumOrderQuantity: 1, packSize: 1 })).toBe(
      MAX_QUANTITY,
    );
  });
});

describe('stock status', () => {
  it('follows the same rule as the database', () => {
    expect(stockStatus(0, 10, 50)).toBe('STOCKOUT');
    expect(stockStatus(10, 10, 50)).toBe('LOW');
    expect(stockStatus(51, 10, 50)).toBe('OVERSTOCK');
    expect(stockStatus(30, null, null)).toBe('OK');
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_PRODUCT_STOCK, isStockMateError } from '../../../shared/core';
import { analyse, total } from './helpers';
import { OFFICE_WEEK, syntheticDemand } from './synthetic';

const series = syntheticDemand({
  days: 730,
  seed: 31,
  level: 20,
  weekly: OFFICE_WEEK,
  ar: 0.6,
  noise: 0.15,
  counts: true,
});

describe('safety stock, reorder point and maximum stock', () => {
  it('plans no level above the most a product may hold, even for billions issued a day', () => {
    const analysis = analyse(series.map((units) => units * 200_000_000));
    expect(analysis.leadTimeDemand).toBeGreaterThan(MAX_PRODUCT_STOCK);
    expect(analysis.safetyStock).toBeLessThanOrEqual(MAX_PRODUCT_STOCK);
    expect([analysis.reorderPoint, analysis.maximumStock]).toEqual([
      MAX_PRODUCT_STOCK,
      MAX_PRODUCT_STOCK,
    ]);
  });

  it('sets the reorder point to lead-time demand plus safety stock, in whole units', () => {
    const analysis = analyse(series);
    const means = analysis.forecast.map((p) => p.mean);
    expect(analysis.leadTimeDemand).toBeCloseTo(total(means, 0, 28), 6);
    for (const level of [analysis.safetyStock, analysis.reorderPoint, analysis.maximumStock]) {
      expect(Number.isInteger(level)).toBe(true);
    }
    expect(analysis.safetyStock).toBeGreaterThan(0);
    expect(analysis.reorderPoint).toBeGreaterThanOrEqual(
      analysis.leadTimeDemand + analysis.safetyStock - 1,
    );
    expect(analysis.reorderPoint).toBeLessThanOrEqual(
      Math.ceil(analysis.leadTimeDemand) + analysis.safetyStock,
    );
    expect(analysis.overrides).toEqual({ reorderPoint: false, maximumStock: false });
  });

  it('sets the maximum to the reorder point plus the demand of the review period after the lead time', () => {
    const analysis = analyse(series, { horizonDays: 42, reviewPeriodDays: 14 });
    const reviewDemand = total(
      analysis.forecast.map((p) => p.mean),
      28,
      42,
    );
    expect(analysis.maximumStock).toBe(Math.ceil(analysis.reorderPoint + reviewDemand - 1e-9));
  });

  it('uses the minStock override as the reorder point, and builds the maximum on it', () => {
    const analysis = analyse(series, { minStock: 1000, reviewPeriodDays: 7 });
    expect(analysis.reorderPoint).toBe(1000);
    expect(analysis.overrides.reorderPoint).toBe(true);
    expect(analysis.maximumStock).toBeGreaterThan(1000);
    expect(analysis.safetyStock).toBe(analyse(series).safetyStock);
  });

  it('uses the maxStock override as the maximum', () => {
    const analysis = analyse(series, { maxStock: 640 });
    expect(analysis.maximumStock).toBe(640);
    expect(analysis.overrides).toEqual({ reorderPoint: false, maximumStock: true });
    expect(analyse(series, { minStock: null, maxStock: null }).overrides.maximumStock).toBe(false);
  });

  it('needs more safety stock for a higher service level and a longer lead time', () => {
    const at = (serviceLevel: number, leadTimeDays: number) =>
      analyse(series, { serviceLevel, leadTimeDays }).safetyStock;
    expect(at(0.99, 28)).toBeGreaterThan(at(0.95, 28));
    expect(at(0.95, 28)).toBeGreaterThan(at(0.8, 28));
    expect(at(0.95, 56)).toBeGreaterThan(at(0.95, 28));
  });

  it('needs no safety stock and no lead-time demand with a zero lead time', () => {
    const analysis = analyse(series, { leadTimeDays: 0 });
    expect(analysis.safetyStock).toBe(0);
    expect(analysis.leadTimeDemand).toBe(0);
    expect(analysis.reorderPoint).toBe(0);
  });

  it('scales lead-time errors up when the lead time is longer than the history allows to test', () => {
    const analysis = analyse(series.slice(0, 200), { leadTimeDays: 200 });
    expect(analysis.uncertainty.method).toBe('scaled-backtest');
    expect(analysis.safetyStock).toBeGreaterThan(analyse(series.slice(0, 200)).safetyStock);
  });

  it('rejects bad input with a validation error naming each bad field', () => {
    try {
      analyse([1, 2, -3], {
        serviceLevel: 1.2,
        horizonDays: 0,
        lastDate: '2024-02-30',
        minStock: 2.5,
      });
      expect.unreachable('the input is invalid');
    } catch (error) {
      expect(isStockMateError(error)).toBe(true);
      if (!isStockMateError(error)) return;
      expect(error.type).toBe('ValidationError');
      expect(error.fields.map((f) => f.field)).toEqual([
        'series.2',
        'lastDate',
        'horizonDays',
        'serviceLevel',
        'minStock',
      ]);
    }
    expect(() => analyse(series, { minStock: 10, maxStock: 5 })).toThrow(/maxStock/);
    expect(() => analyse(series, { leadTimeDays: 400 })).toThrow(/leadTimeDays/);
  });
});

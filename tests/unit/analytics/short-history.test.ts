import { describe, expect, it } from 'vitest';
import { DEAD_STOCK_DAYS, plannedMaximum, seasonalProfile } from '../../../shared/analytics';
import { analyse, total } from './helpers';
import { OFFICE_WEEK, syntheticDemand } from './synthetic';

describe('short and empty histories', () => {
  it('answers an empty history with zeros and says so', () => {
    const analysis = analyse([], { lastDate: '2024-01-31' });
    expect(analysis.model).toBe('zero');
    expect(analysis.history).toMatchObject({ days: 0, status: 'empty' });
    expect(analysis.forecast).toHaveLength(28);
    expect(analysis.forecast[0]).toEqual({ date: '2024-02-01', mean: 0, lower: 0, upper: 0 });
    expect([analysis.safetyStock, analysis.reorderPoint, analysis.maximumStock]).toEqual([0, 0, 0]);
  });

  it('answers a history of zeros with zeros, but keeps the overrides', () => {
    const analysis = analyse(new Array<number>(400).fill(0), { minStock: 5, maxStock: 12 });
    expect(analysis.history.status).toBe('all-zero');
    expect(analysis.forecast.every((p) => p.mean === 0 && p.upper === 0)).toBe(true);
    expect(analysis.safetyStock).toBe(0);
    expect(analysis.reorderPoint).toBe(5);
    expect(analysis.maximumStock).toBe(12);
  });

  it('plans no maximum for a product without demand until it has gone a quarter without any', () => {
    const empty = analyse([], { lastDate: '2024-01-31' });
    const quiet = analyse(new Array<number>(DEAD_STOCK_DAYS - 1).fill(0));
    const dead = analyse(new Array<number>(DEAD_STOCK_DAYS).fill(0));

    expect(plannedMaximum(empty)).toBeNull();
    expect(empty.history.note).toMatch(/no maximum stock until demand appears/);
    expect(plannedMaximum(quiet)).toBeNull();
    expect(quiet.history.note).toMatch(/No demand yet in 89 days/);
    expect(plannedMaximum(dead)).toBe(0);
    expect(dead.history.note).toMatch(/any stock is excess/);
  });

  it('keeps a manager’s maximum, and the analysed one once there is demand', () => {
    expect(plannedMaximum(analyse([0, 0, 0], { maxStock: 12 }))).toBe(12);
    const moving = analyse([4, 6, 5, 3, 7, 5, 4, 6, 5, 5]);
    expect(plannedMaximum(moving)).toBe(moving.maximumStock);
    expect(moving.maximumStock).toBeGreaterThan(0);
  });

  it('uses the mean with wide intervals and a conservative buffer below 28 days', () => {
    const series = [4, 6, 5, 3, 7, 5, 4, 6, 5, 5];
    const analysis = analyse(series);
    expect(analysis.model).toBe('mean');
    expect(analysis.history.status).toBe('short');
    expect(analysis.history.note).toMatch(/10 days/);
    expect(analysis.uncertainty.method).toBe('conservative');
    expect(analysis.forecast[0]?.mean).toBeCloseTo(5, 10);
    const spread = Math.sqrt(total(series.map((v) => (v - 5) ** 2)) / 9);
    const point = analysis.forecast[0];
    expect((point?.upper ?? 0) - (point?.mean ?? 0)).toBeGreaterThan(2.5 * spread);
    expect(analysis.safetyStock).toBeGreaterThan(analysis.uncertainty.textbookSafetyStock);
  });

  it('backtests from 28 days on, marking a thin history as limited', () => {
    const series = syntheticDemand({
      days: 45,
      seed: 41,
      level: 10,
      weekly: OFFICE_WEEK,
      counts: true,
    });
    const analysis = analyse(series);
    expect(analysis.model).not.toBe('mean');
    expect(analysis.history.status).toBe('limited');
    expect(analysis.backtest.windows).toBeGreaterThan(0);
  });

  it('borrows the weekly shape of related products when its own history is short', () => {
    const related = Array.from({ length: 12 }, (_, i) =>
      syntheticDemand({
        days: 365,
        seed: 100 + i,
        level: 10 + i,
        weekly: OFFICE_WEEK,
        counts: true,
      }),
    );
    const profile = seasonalProfile(related, '2022-12-31');
    const series = [8, 9, 7, 10, 8, 9, 8, 9, 10, 8, 7, 9, 9, 8];
    const flat = analyse(series, { lastDate: '2024-01-14' });
    const shaped = analyse(series, { lastDate: '2024-01-14', profile });
    expect(shaped.seasonality.weekly).toMatchObject({ detected: true, source: 'profile' });
    expect(flat.forecast[0]?.mean).toBeCloseTo(flat.forecast[6]?.mean ?? 0, 10);
    // 2024-01-15 is a Monday, 2024-01-21 a Sunday.
    const ratio = (shaped.forecast[0]?.mean ?? 0) / (shaped.forecast[6]?.mean ?? 1);
    expect(ratio).toBeCloseTo((profile.weekly[0] ?? 0) / (profile.weekly[6] ?? 1), 6);
    expect(ratio).toBeGreaterThan(2);
    expect(total(shaped.forecast.map((p) => p.mean))).toBeCloseTo(
      total(flat.forecast.map((p) => p.mean)),
      -1,
    );
  });
});

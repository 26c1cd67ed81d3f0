import { describe, expect, it } from 'vitest';
import { analyse } from './helpers';
import { OFFICE_WEEK, syntheticDemand } from './synthetic';

describe('model selection', () => {
  it('picks the yearly regression for multi-year demand with a yearly season, ahead of Holt-Winters', () => {
    for (const seed of [21, 22, 23]) {
      const series = syntheticDemand({
        days: 1095,
        seed,
        level: 25,
        weekly: OFFICE_WEEK,
        yearly: 0.4,
        ar: 0.4,
        noise: 0.1,
        counts: true,
      });
      const { model, backtest } = analyse(series);
      expect(model).toBe('regression-yearly');
      expect(backtest.mase).not.toBeNull();
      expect(backtest.mase ?? Infinity).toBeLessThan(backtest.holtWintersMase ?? 0);
      expect(backtest.mase ?? Infinity).toBeLessThan(backtest.seasonalNaiveMase ?? 0);
    }
  });

  it('picks a model that follows the weekdays for weekly demand', () => {
    const series = syntheticDemand({
      days: 365,
      seed: 24,
      level: 25,
      weekly: OFFICE_WEEK,
      ar: 0.4,
      noise: 0.1,
      counts: true,
    });
    const analysis = analyse(series);
    expect(['regression-recent', 'regression-trend', 'holt-winters']).toContain(analysis.model);
    const monday = analysis.forecast.find((p) => p.date === '2023-01-02');
    const sunday = analysis.forecast.find((p) => p.date === '2023-01-08');
    expect(monday?.mean ?? 0).toBeGreaterThan(2 * (sunday?.mean ?? Infinity));
  });

  it('picks Croston-SBA for sparse demand', () => {
    for (const seed of [25, 26, 27]) {
      const series = syntheticDemand({ days: 730, seed, level: 5, demandProbability: 0.07 });
      const { model, backtest } = analyse(series);
      expect(model).toBe('croston-sba');
      expect(backtest.candidates.map((c) => c.model)).toContain('seasonal-naive');
    }
  });

  it('reports every candidate it backtested on the same windows, best first', () => {
    const series = syntheticDemand({
      days: 400,
      seed: 28,
      level: 25,
      weekly: OFFICE_WEEK,
      counts: true,
    });
    const { backtest } = analyse(series);
    expect(backtest.windows).toBe(6);
    expect(backtest.horizonDays).toBe(28);
    const scores = backtest.candidates.map((c) => c.mase);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(backtest.candidates.find((c) => c.model === 'holt-winters')?.mase).toBe(
      backtest.holtWintersMase,
    );
  });

  it('keeps to the models it is asked for, still measuring the yardsticks', () => {
    const series = syntheticDemand({
      days: 400,
      seed: 29,
      level: 25,
      weekly: OFFICE_WEEK,
      counts: true,
    });
    const analysis = analyse(series, { models: ['seasonal-naive'] });
    expect(analysis.model).toBe('seasonal-naive');
    expect(analysis.backtest.holtWintersMase).not.toBeNull();
    expect(analysis.backtest.mase).toBe(analysis.backtest.seasonalNaiveMase);
  });
});

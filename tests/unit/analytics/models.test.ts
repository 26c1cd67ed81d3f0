import { describe, expect, it } from 'vitest';
import type { ModelName } from '../../../shared/analytics';
import { analyse, relativeError, total } from './helpers';
import { OFFICE_WEEK, syntheticDemand, type SyntheticOptions } from './synthetic';

/** A noisy history and the noise-free demand of the 28 days after it. */
const signal = (options: SyntheticOptions) => {
  const noisy = syntheticDemand({ ...options, days: options.days + 28 });
  const clean = syntheticDemand({ ...options, days: options.days + 28, noise: 0, counts: false });
  return { history: noisy.slice(0, options.days), expected: clean.slice(options.days) };
};

const only = (model: ModelName) => ({ models: [model] });

describe('each model recovers a known signal', () => {
  it('the yearly regression follows trend, weekdays and the yearly swing', () => {
    const { history, expected } = signal({
      days: 1095,
      seed: 5,
      level: 30,
      trendPerYear: 0.3,
      weekly: OFFICE_WEEK,
      yearly: 0.35,
      ar: 0.3,
      noise: 0.05,
      counts: true,
    });
    const analysis = analyse(history, only('regression-yearly'));
    expect(analysis.model).toBe('regression-yearly');
    expect(relativeError(analysis, expected)).toBeLessThan(0.06);
  });

  it('the trend regression extrapolates a growing weekly demand', () => {
    const { history, expected } = signal({
      days: 365,
      seed: 6,
      level: 40,
      trendPerYear: 0.6,
      weekly: OFFICE_WEEK,
      noise: 0.03,
      counts: true,
    });
    const analysis = analyse(history, only('regression-trend'));
    expect(relativeError(analysis, expected)).toBeLessThan(0.06);
  });

  it('the recent-window regression and Holt-Winters find the level and weekdays', () => {
    const { history, expected } = signal({
      days: 365,
      seed: 7,
      level: 40,
      weekly: OFFICE_WEEK,
      ar: 0.3,
      noise: 0.05,
      counts: true,
    });
    for (const model of ['regression-recent', 'holt-winters'] as const) {
      expect(relativeError(analyse(history, only(model)), expected)).toBeLessThan(0.08);
    }
  });

  it('seasonal naive repeats the last week exactly', () => {
    const history = syntheticDemand({ days: 98, seed: 1, level: 10, weekly: OFFICE_WEEK });
    const analysis = analyse(history, only('seasonal-naive'));
    const lastWeek = history.slice(-7);
    analysis.forecast.forEach((point, h) => expect(point.mean).toBe(lastWeek[h % 7]));
  });

  it('Croston-SBA forecasts the demand rate of sparse demand, flat', () => {
    // Demand on 10% of days, of 1 + Poisson(3) units: 0.4 units a day.
    const history = syntheticDemand({ days: 730, seed: 8, level: 4, demandProbability: 0.1 });
    const analysis = analyse(history, only('croston-sba'));
    const first = analysis.forecast[0]?.mean ?? 0;
    expect(first).toBeGreaterThan(0.4 * 0.7);
    expect(first).toBeLessThan(0.4 * 1.3);
    expect(analysis.forecast.every((point) => point.mean === first)).toBe(true);
  });

  it('never forecasts negative demand, even for demand falling towards zero', () => {
    const history = syntheticDemand({
      days: 730,
      seed: 9,
      level: 30,
      trendPerYear: -0.499,
      weekly: OFFICE_WEEK,
      noise: 0.3,
      ar: 0.8,
      counts: true,
    });
    const models: ModelName[] = [
      'seasonal-naive',
      'holt-winters',
      'croston-sba',
      'regression-recent',
      'regression-trend',
      'regression-yearly',
    ];
    for (const model of models) {
      const analysis = analyse(history, { ...only(model), horizonDays: 120, leadTimeDays: 90 });
      for (const point of analysis.forecast) {
        expect(point.mean).toBeGreaterThanOrEqual(0);
        expect(point.lower).toBeGreaterThanOrEqual(0);
        expect(point.lower).toBeLessThanOrEqual(point.mean);
        expect(point.upper).toBeGreaterThanOrEqual(point.mean);
      }
      expect(analysis.leadTimeDemand).toBeGreaterThanOrEqual(0);
      expect(total(analysis.forecast.map((p) => p.mean))).toBeGreaterThanOrEqual(0);
    }
  });
});

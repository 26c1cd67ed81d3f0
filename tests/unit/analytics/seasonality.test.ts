import { describe, expect, it } from 'vitest';
import { analyse } from './helpers';
import { OFFICE_WEEK, syntheticDemand } from './synthetic';

const seeds = [11, 12, 13, 14, 15];

describe('seasonality detection', () => {
  it('finds the weekly cycle of demand with a weekday pattern', () => {
    for (const seed of seeds) {
      const series = syntheticDemand({
        days: 365,
        seed,
        level: 12,
        weekly: OFFICE_WEEK,
        ar: 0.5,
        noise: 0.15,
        counts: true,
      });
      const { weekly } = analyse(series).seasonality;
      expect(weekly.detected).toBe(true);
      expect(weekly.source).toBe('history');
      expect(weekly.pValue).toBeLessThan(0.001);
      expect(weekly.strength).toBeGreaterThan(0.2);
    }
  });

  it('finds no weekly cycle in autocorrelated demand without one', () => {
    for (const seed of seeds) {
      const series = syntheticDemand({
        days: 730,
        seed,
        level: 20,
        ar: 0.7,
        noise: 0.2,
        counts: true,
      });
      const { weekly } = analyse(series).seasonality;
      expect(weekly.detected).toBe(false);
      expect(weekly.source).toBe('none');
    }
  });

  it('finds a yearly cycle that repeats over three years', () => {
    for (const seed of seeds) {
      const series = syntheticDemand({
        days: 1095,
        seed,
        level: 20,
        weekly: OFFICE_WEEK,
        yearly: 0.3,
        ar: 0.5,
        noise: 0.15,
        counts: true,
      });
      const { yearly } = analyse(series).seasonality;
      expect(yearly.detected).toBe(true);
      expect(yearly.strength).toBeGreaterThan(0.5);
    }
  });

  it('finds no yearly cycle in two years of demand with only a weekly one', () => {
    for (const seed of seeds) {
      const series = syntheticDemand({
        days: 730,
        seed,
        level: 20,
        weekly: OFFICE_WEEK,
        ar: 0.6,
        noise: 0.15,
        counts: true,
      });
      const { weekly, yearly } = analyse(series).seasonality;
      expect(weekly.detected).toBe(true);
      expect(yearly.detected).toBe(false);
    }
  });

  it('does not look for a yearly cycle in less than two years of history', () => {
    const series = syntheticDemand({ days: 700, seed: 3, level: 20, yearly: 0.5, counts: true });
    const { yearly } = analyse(series).seasonality;
    expect(yearly).toEqual({ detected: false, source: 'none', strength: 0, pValue: null });
  });
});

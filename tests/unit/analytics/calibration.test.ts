import { describe, expect, it } from 'vitest';
import { analyse, total } from './helpers';
import { OFFICE_WEEK, syntheticDemand, type SyntheticOptions } from './synthetic';

/** Families of demand with autocorrelated (AR(1)) noise, the case √L·σ gets wrong. */
const families: readonly Omit<SyntheticOptions, 'days' | 'seed'>[] = [
  { level: 20, weekly: OFFICE_WEEK, ar: 0.6, noise: 0.15, counts: true },
  {
    level: 20,
    weekly: OFFICE_WEEK,
    yearly: 0.4,
    trendPerYear: 0.2,
    ar: 0.5,
    noise: 0.1,
    counts: true,
  },
  { level: 50, ar: 0.9, noise: 0.2, counts: true },
  { level: 30, weekly: OFFICE_WEEK, trendPerYear: 0.3, ar: 0.7, noise: 0.1, counts: true },
];
const PER_FAMILY = 60;
const LEAD_TIME = 28;

describe('calibration of the lead-time buffer (out of sample)', () => {
  it('runs short of the 95% lead-time stock in about 5% of the following lead times', () => {
    let shortfalls = 0;
    let textbookShortfalls = 0;
    let covered = 0;
    let days = 0;
    let windows = 0;
    families.forEach((family, f) => {
      for (let i = 0; i < PER_FAMILY; i++) {
        // Cut the history at different days of the year, so every season is checked.
        const historyDays = 730 + ((i * 37) % 365);
        const series = syntheticDemand({
          ...family,
          days: historyDays + LEAD_TIME,
          seed: 1000 * f + i,
        });
        const analysis = analyse(series.slice(0, historyDays));
        const actual = total(series, historyDays);
        windows++;
        if (actual > analysis.reorderPoint) shortfalls++;
        const textbookStock = analysis.leadTimeDemand + analysis.uncertainty.textbookSafetyStock;
        if (actual > textbookStock) textbookShortfalls++;
        analysis.forecast.forEach((point, h) => {
          const value = series[historyDays + h] ?? 0;
          days++;
          if (value >= point.lower && value <= point.upper) covered++;
        });
      }
    });
    const rate = shortfalls / windows;
    expect(rate).toBeGreaterThanOrEqual(0.02);
    expect(rate).toBeLessThanOrEqual(0.1);
    // √L·σ treats the days of a lead time as independent and falls short far more often.
    expect(textbookShortfalls / windows).toBeGreaterThan(Math.max(0.12, 2 * rate));
    expect(covered / days).toBeGreaterThan(0.9);
    expect(covered / days).toBeLessThan(0.98);
  });
});

import { describe, expect, it } from 'vitest';
import { seasonalProfile } from '../../../shared/analytics';
import { analyse, lastDateOf, total } from './helpers';
import { OFFICE_WEEK, SYNTHETIC_START, syntheticDemand } from './synthetic';

const officeMean = OFFICE_WEEK.reduce((sum, value) => sum + value, 0) / 7;

describe('seasonalProfile', () => {
  it('recovers the weekday shape shared by related products of different sizes', () => {
    // Different lengths, all ending on the same day (2023-06-30, epoch day 19538).
    const related = Array.from({ length: 20 }, (_, i) =>
      syntheticDemand({
        days: 300 + 10 * i,
        firstDay: 19538 - (300 + 10 * i) + 1,
        seed: 200 + i,
        level: 5 + 3 * i,
        weekly: OFFICE_WEEK,
        ar: 0.5,
        noise: 0.1,
        counts: true,
      }),
    );
    const profile = seasonalProfile(related, '2023-06-30');
    expect(profile.seriesCount).toBe(20);
    expect(profile.yearly).toBeNull();
    profile.weekly.forEach((factor, day) => {
      expect(factor).toBeCloseTo((OFFICE_WEEK[day] ?? 0) / officeMean, 1);
    });
  });

  it('learns a yearly shape from related products with two years or more', () => {
    const related = Array.from({ length: 8 }, (_, i) =>
      syntheticDemand({
        days: 1000,
        seed: 300 + i,
        level: 20,
        yearly: 0.3,
        noise: 0.1,
        counts: true,
      }),
    );
    const profile = seasonalProfile(related, lastDateOf(1000));
    // The synthetic season is 0.3·sin(2π·day/365.25): the first sine coefficient.
    expect(profile.yearly?.[1]).toBeCloseTo(0.3, 1);
    expect(Math.abs(profile.yearly?.[0] ?? 1)).toBeLessThan(0.05);
  });

  it('skips series too short or without demand', () => {
    const profile = seasonalProfile([[1, 2, 3], new Array<number>(100).fill(0)], '2023-01-01');
    expect(profile.seriesCount).toBe(0);
    expect(profile.weekly).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('lets a product with under two years follow its category into the next season', () => {
    const options = { level: 20, yearly: 0.5, noise: 0.05, counts: true } as const;
    const related = Array.from({ length: 6 }, (_, i) =>
      syntheticDemand({ ...options, days: 900, seed: 400 + i }),
    );
    const profile = seasonalProfile(related, lastDateOf(900));
    // A new product: 200 days of history ending where demand is about to rise steeply.
    const firstDay = SYNTHETIC_START + 700;
    const full = syntheticDemand({ ...options, days: 260, seed: 9, firstDay });
    const history = full.slice(0, 200);
    const actual = total(full, 200, 228);
    const lastDate = lastDateOf(900);
    const own = analyse(history, { lastDate });
    const helped = analyse(history, { lastDate, profile });
    expect(helped.seasonality.yearly.source).toBe('profile');
    expect(Math.abs(helped.leadTimeDemand - actual)).toBeLessThan(
      Math.abs(own.leadTimeDemand - actual) / 2,
    );
  });
});

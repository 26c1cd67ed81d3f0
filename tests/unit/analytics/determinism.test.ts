import { describe, expect, it } from 'vitest';
import { seasonalProfile } from '../../../shared/analytics';
import { analyse, lastDateOf } from './helpers';
import { OFFICE_WEEK, syntheticDemand } from './synthetic';

describe('determinism', () => {
  it('gives the same analysis for the same input, and leaves the input untouched', () => {
    const series = syntheticDemand({
      days: 800,
      seed: 51,
      level: 15,
      weekly: OFFICE_WEEK,
      yearly: 0.3,
      ar: 0.5,
      noise: 0.2,
      counts: true,
    });
    const copy = [...series];
    const first = analyse(series);
    const second = analyse(series);
    expect(second).toEqual(first);
    expect(series).toEqual(copy);
    // A different input gives a different answer: the equality above is not vacuous.
    expect(analyse(series.slice(1), { lastDate: lastDateOf(800) })).not.toEqual(first);
  });

  it('builds the same profile from the same series', () => {
    const related = [1, 2, 3].map((seed) =>
      syntheticDemand({
        days: 760,
        seed,
        level: 9,
        weekly: OFFICE_WEEK,
        yearly: 0.2,
        counts: true,
      }),
    );
    expect(seasonalProfile(related, '2024-01-30')).toEqual(seasonalProfile(related, '2024-01-30'));
  });
});

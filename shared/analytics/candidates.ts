import { crostonSba } from './models/croston';
import { holtWinters } from './models/holt-winters';
import { regressionRecent, regressionTrend, regressionYearly } from './models/regression';
import { seasonalNaive } from './models/seasonal-naive';
import type { ModelSpec } from './models/types';
import type { ModelName } from './types';

/** A model to backtest, and whether it may be chosen or is only there for comparison. */
export interface Candidate {
  readonly spec: ModelSpec;
  readonly selectable: boolean;
}

/** What the series looks like, as far as choosing candidates goes. */
export interface SeriesShape {
  readonly weekly: boolean;
  readonly yearly: boolean;
  readonly intermittent: boolean;
}

const ALL: readonly ModelSpec[] = [
  seasonalNaive,
  holtWinters,
  crostonSba,
  regressionRecent,
  regressionTrend,
  regressionYearly,
];

/**
 * Average days between demands at or above which a series counts as intermittent: the cut-off
 * of the Syntetos–Boylan classification.
 */
const INTERMITTENT_INTERVAL = 1.32;

/** True when days with demand are, on average, at least 1.32 days apart. */
export const isIntermittent = (y: Float64Array): boolean => {
  let demandDays = 0;
  for (const value of y) if (value > 0) demandDays++;
  return demandDays === 0 || y.length / demandDays >= INTERMITTENT_INTERVAL;
};

/**
 * The models worth backtesting. Seasonal naive and Holt-Winters always run, as the yardsticks
 * the result is compared with. Intermittent series without a weekly rhythm are left to
 * Croston-type forecasting: regressions and Holt-Winters model a smooth level that such series
 * do not have. Seasonal naive is never chosen for intermittent series: it mostly repeats zeros,
 * and absolute errors reward a zero forecast when most days are zero, so it can win the backtest
 * while being useless for stocking. The yearly regression only runs where a yearly cycle was
 * found. A `forced` list replaces these rules (the yardsticks still run).
 */
export const chooseCandidates = (
  shape: SeriesShape,
  forced: ReadonlySet<ModelName> | null,
): Candidate[] => {
  const allowed = (name: ModelName): boolean => {
    if (forced !== null) return forced.has(name);
    switch (name) {
      case 'seasonal-naive':
        return !shape.intermittent;
      case 'croston-sba':
        return shape.intermittent;
      case 'holt-winters':
      case 'regression-recent':
        return !shape.intermittent || shape.weekly;
      case 'regression-trend':
        return !shape.intermittent;
      case 'regression-yearly':
        return !shape.intermittent && shape.yearly;
      case 'zero':
      case 'mean':
        return false;
    }
  };
  return ALL.filter(
    (spec) => allowed(spec.name) || spec === seasonalNaive || spec === holtWinters,
  ).map((spec) => ({ spec, selectable: allowed(spec.name) }));
};

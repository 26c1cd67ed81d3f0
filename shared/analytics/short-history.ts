import { conservativeIntervals } from './intervals';
import { noBacktest, outcome } from './outcome';
import { conservativeBuffer } from './safety-stock';
import type { CheckedInput } from './validate';
import type { HistorySummary, SeasonalityFinding, UsageAnalysis } from './types';

const none: SeasonalityFinding = { detected: false, source: 'none', strength: 0, pValue: null };

/**
 * Days of history without any demand after which stock on the shelf is dead stock. Before that, a
 * product without demand is new or not yet moving, and its first delivery is not overstock.
 */
export const DEAD_STOCK_DAYS = 90;

/**
 * The maximum stock to plan against, or null when the analysis gives no grounds for one: no demand
 * in fewer than DEAD_STOCK_DAYS days of history (and no manager's maximum). Past that, no demand
 * at all makes any stock excess.
 */
export const plannedMaximum = (analysis: UsageAnalysis): number | null =>
  analysis.model === 'zero' &&
  !analysis.overrides.maximumStock &&
  analysis.history.days < DEAD_STOCK_DAYS
    ? null
    : analysis.maximumStock;

/** No demand at all (or no history): the forecast, the buffer and the stock levels are zero. */
export const zeroAnalysis = (input: CheckedInput): UsageAnalysis => {
  const days = input.series.length;
  return outcome(input, {
    model: 'zero',
    backtest: noBacktest,
    weekly: none,
    yearly: none,
    means: new Float64Array(Math.max(input.horizon, input.leadTime + input.reviewPeriod)),
    intervals: { offsets: () => ({ lower: 0, upper: 0 }) },
    buffer: { safetyStock: 0, errorStdDev: 0, windows: 0, scaled: false },
    method: 'none',
    demandStdDev: 0,
    history:
      days === 0
        ? {
            days,
            status: 'empty',
            note: 'No history yet: the forecast is zero, and there is no maximum stock until demand appears.',
          }
        : days < DEAD_STOCK_DAYS
          ? {
              days,
              status: 'all-zero',
              note: `No demand yet in ${days} days: the forecast is zero, and there is no maximum stock until demand appears or ${DEAD_STOCK_DAYS} days pass without any.`,
            }
          : {
              days,
              status: 'all-zero',
              note: `No demand in ${days} days: the forecast and stock levels are zero, so any stock is excess.`,
            },
  });
};

/**
 * For a history no model can be tested on: the mean daily demand (shaped by borrowed seasonal
 * factors when there are any), with wide intervals and a conservative buffer.
 */
export const meanAnalysis = (
  input: CheckedInput,
  factors: Float64Array | null,
  weekly: SeasonalityFinding,
  yearly: SeasonalityFinding,
  history: HistorySummary,
): UsageAnalysis => {
  const y = input.series;
  const n = y.length;
  const steps = Math.max(input.horizon, input.leadTime + input.reviewPeriod);
  // A ratio of sums is the level that borrowed factors scale; without factors it is the mean.
  let demand = 0;
  let weight = 0;
  for (let t = 0; t < n; t++) {
    demand += y[t] ?? 0;
    weight += factors === null ? 1 : (factors[t] ?? 1);
  }
  const level = demand / weight;
  let squares = 0;
  for (let t = 0; t < n; t++) {
    squares += ((y[t] ?? 0) - level * (factors === null ? 1 : (factors[t] ?? 1))) ** 2;
  }
  const spread = Math.sqrt(squares / Math.max(1, n - 1));
  const means = new Float64Array(steps);
  for (let h = 0; h < steps; h++) means[h] = level * (factors === null ? 1 : (factors[n + h] ?? 1));
  return outcome(input, {
    model: 'mean',
    backtest: noBacktest,
    weekly,
    yearly,
    means,
    intervals: conservativeIntervals(spread, n, input.intervalLevel),
    buffer: conservativeBuffer(spread, n, input.leadTime, input.serviceLevel),
    method: 'conservative',
    demandStdDev: spread,
    history,
  });
};

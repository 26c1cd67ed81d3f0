import { MAX_PRODUCT_STOCK } from '../core';
import type { BacktestRun } from './backtest';
import { levelScale } from './error-scale';
import { normalQuantile, studentTQuantile } from './stats';

/** The lead-time buffer and how it was measured. */
export interface LeadTimeBuffer {
  /** Safety stock before rounding, zero or more. */
  readonly safetyStock: number;
  /** Spread of lead-time demand forecast errors, weighted towards shortfalls. */
  readonly errorStdDev: number;
  /** Windows the errors came from (0 for the conservative formula). */
  readonly windows: number;
  /** Whether the lead time was longer than the windows, so errors were scaled up to it. */
  readonly scaled: boolean;
}

/** Fewest backtest windows from which a lead-time error spread is estimated. */
export const MIN_LEAD_TIME_WINDOWS = 3;

/**
 * Safety stock from the empirical distribution of lead-time-aggregated forecast errors: for each
 * backtest window, actual minus forecast demand summed over the lead time. Summing the errors of
 * one window keeps their autocorrelation (a forecast that is low on day 1 tends to stay low),
 * which is what √L·σ ignores.
 *
 * Only shortfalls (actual above forecast) threaten the service level, so the spread is mostly
 * one-sided: 80% the root mean square of shortfalls alone (doubled in variance to match a
 * symmetric spread), 20% that of all errors. Purely one-sided, the buffer would shrink too far
 * after a year of mostly over-forecasts, just before a rise; purely two-sided, one-off dips (a
 * holiday) would inflate it — the blend was chosen on backtests, the US births data among them.
 * It is measured about zero rather than about the mean because a model's bias in the backtest
 * windows need not carry over to the next lead time (it changes sign through the year).
 *
 * The buffer is a Student-t quantile of that spread times the predictive √(1 + 1/k), since the
 * spread is an estimate. Overlapping windows are not independent: k counts the non-overlapping
 * lead times in the span the windows cover, times 1.5 — the efficiency of overlapping over
 * separate batches in estimating a variance (overlapping batch means). Errors are measured
 * relative to their window's forecast level (see `levelExponent`), so a seasonal peak gets a
 * bigger buffer than a trough. When the lead time is longer than the windows, window-length
 * errors are scaled linearly to the lead time: conservative for independent errors, exact for a
 * persistent level error.
 */
export const leadTimeBuffer = (
  { windows, forecasts, errors }: BacktestRun,
  exponent: number,
  spacing: number,
  leadTime: number,
  leadTimeDemand: number,
  serviceLevel: number,
): LeadTimeBuffer | null => {
  const k = windows.origins.length;
  const length = Math.min(leadTime, windows.steps);
  if (leadTime === 0) return { safetyStock: 0, errorStdDev: 0, windows: k, scaled: false };
  if (k < MIN_LEAD_TIME_WINDOWS || length < 1) return null;
  const stretch = leadTime / length;
  const errorTotals = new Float64Array(k);
  const forecastTotals = new Float64Array(k);
  for (let w = 0; w < k; w++) {
    for (let h = 0; h < length; h++) {
      errorTotals[w] = (errorTotals[w] ?? 0) + (errors[w * windows.steps + h] ?? 0) * stretch;
      forecastTotals[w] =
        (forecastTotals[w] ?? 0) + (forecasts[w * windows.steps + h] ?? 0) * stretch;
    }
  }
  const reference = forecastTotals.reduce((sum, value) => sum + value, 0) / k;
  const relative = levelScale(exponent, reference);
  let squares = 0;
  for (let w = 0; w < k; w++) {
    const error = (errorTotals[w] ?? 0) / relative(forecastTotals[w] ?? 0);
    // 0.8 × (2 × shortfalls²) + 0.2 × (all errors²), per window.
    squares += (error > 0 ? 1.8 : 0.2) * error * error;
  }
  const spread = Math.sqrt(squares / k) * relative(leadTimeDemand);
  const effective = Math.min(k, (1.5 * ((k - 1) * spacing + length)) / length);
  const quantile = studentTQuantile(serviceLevel, effective);
  return {
    safetyStock: Math.max(0, quantile * spread * Math.sqrt(1 + 1 / effective)),
    errorStdDev: spread,
    windows: k,
    scaled: stretch > 1,
  };
};

/**
 * The buffer for histories too short to backtest: a t quantile of the lead-time sum with the
 * daily variance doubled for unseen autocorrelation and the uncertainty of the mean (which is
 * shared by every day of the lead time) added.
 */
export const conservativeBuffer = (
  dailyStdDev: number,
  historyDays: number,
  leadTime: number,
  serviceLevel: number,
): LeadTimeBuffer => {
  const n = Math.max(2, historyDays);
  const errorStdDev = dailyStdDev * Math.sqrt(2 * (leadTime + (leadTime * leadTime) / n));
  return {
    safetyStock: Math.max(0, studentTQuantile(serviceLevel, n - 1) * errorStdDev),
    errorStdDev,
    windows: 0,
    scaled: false,
  };
};

/** The textbook buffer z·σ·√L, which treats one-day errors as independent. */
export const textbookBuffer = (dailyStdDev: number, leadTime: number, serviceLevel: number) =>
  normalQuantile(serviceLevel) * dailyStdDev * Math.sqrt(leadTime);

/**
 * Rounds a stock quantity up to a whole unit, ignoring floating-point dust, and holds it to the
 * most a product may hold: a level above that could never be stocked (demand of billions a day
 * asks for one).
 */
export const roundUpStock = (quantity: number): number =>
  Math.min(MAX_PRODUCT_STOCK, Math.max(0, Math.ceil(quantity - 1e-9)));

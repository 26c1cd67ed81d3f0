import { SimpleLinearRegression } from 'ml-regression';
import type { BacktestRun } from './backtest';
import { levelScale } from './error-scale';
import { normalQuantile, sampleQuantile, studentTQuantile } from './stats';

/** Offsets from the forecast mean to the ends of a prediction interval. */
export interface IntervalModel {
  /** Offsets (lower ≤ 0 ≤ upper, before clipping at zero) for day `h` (0-based) at level `mean`. */
  readonly offsets: (h: number, mean: number) => { readonly lower: number; readonly upper: number };
}

/** Fewer pooled errors than this and empirical tail quantiles are too noisy to trust. */
const MIN_POOLED = 60;

/**
 * Intervals calibrated on backtest errors. Errors are first divided by their level scale (see
 * `levelExponent`); their mean square grows with the forecast day, so it is smoothed by a
 * straight line in the day (ml-regression's simple linear regression); errors divided by both
 * scales are pooled across days, and the pooled empirical quantiles (which keep any skew) give
 * the interval ends.
 */
export const empiricalIntervals = (
  { windows, forecasts, errors }: BacktestRun,
  exponent: number,
  level: number,
): IntervalModel | null => {
  const k = windows.origins.length;
  const steps = windows.steps;
  if (k < 3 || steps < 1) return null;
  const reference = forecasts.reduce((sum, value) => sum + value, 0) / forecasts.length;
  const relative = levelScale(exponent, reference);
  const scaled = new Float64Array(errors.length);
  for (let i = 0; i < errors.length; i++) {
    scaled[i] = (errors[i] ?? 0) / relative(forecasts[i] ?? 0);
  }
  const meanSquares = new Float64Array(steps);
  for (let h = 0; h < steps; h++) {
    let sum = 0;
    for (let w = 0; w < k; w++) sum += (scaled[w * steps + h] ?? 0) ** 2;
    meanSquares[h] = sum / k;
  }
  const overall = meanSquares.reduce((sum, value) => sum + value, 0) / steps;
  if (!(overall > 0)) return { offsets: () => ({ lower: 0, upper: 0 }) };
  const days = Array.from(meanSquares, (_, h) => h);
  const line = steps > 2 ? new SimpleLinearRegression(days, meanSquares) : null;
  const floor = overall / 4;
  const dayScale = (h: number): number =>
    Math.sqrt(Math.max(floor, line === null ? overall : line.predict(Math.min(h, 2 * steps))));
  const inWindow = Float64Array.from(days, dayScale);
  const standardised = new Float64Array(scaled.length);
  for (let i = 0; i < scaled.length; i++) {
    standardised[i] = (scaled[i] ?? 0) / (inWindow[i % steps] ?? 1);
  }
  const tail = (1 - level) / 2;
  // With few windows the quantiles rest on few independent errors: widen like Student's t.
  const widen = studentTQuantile(1 - tail, k - 1) / normalQuantile(1 - tail);
  const pooled = standardised.length >= MIN_POOLED;
  const spread = normalQuantile(1 - tail) * rms(standardised);
  const lower = pooled ? sampleQuantile(standardised, tail) : -spread;
  const upper = pooled ? sampleQuantile(standardised, 1 - tail) : spread;
  // When zero-demand days are at least as common as the lower tail, the lower end is zero:
  // computed from errors it would land a rounding error above zero and miss every zero day.
  let zeroDays = 0;
  for (let i = 0; i < errors.length; i++) {
    if ((forecasts[i] ?? 0) + (errors[i] ?? 0) <= 1e-9) zeroDays++;
  }
  const floorAtZero = zeroDays >= tail * errors.length;
  return {
    offsets: (h, mean) => {
      const scale = widen * dayScale(h) * relative(mean);
      return {
        lower: floorAtZero ? -mean : Math.min(0, lower * scale),
        upper: Math.max(0, upper * scale),
      };
    },
  };
};

const rms = (values: Float64Array): number => {
  let sum = 0;
  for (const value of values) sum += value * value;
  return Math.sqrt(sum / Math.max(1, values.length));
};

/**
 * Deliberately wide intervals for histories too short to backtest: a t interval from the daily
 * spread, with the variance doubled for the autocorrelation the data cannot reveal and the
 * uncertainty of the mean itself added.
 */
export const conservativeIntervals = (
  dailyStdDev: number,
  historyDays: number,
  level: number,
): IntervalModel => {
  const n = Math.max(2, historyDays);
  const half = studentTQuantile((1 + level) / 2, n - 1) * dailyStdDev * Math.sqrt(2 * (1 + 1 / n));
  return { offsets: () => ({ lower: -half, upper: half }) };
};

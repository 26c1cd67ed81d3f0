import type { Forecaster } from './models/types';

/** Forecast origins and the number of days forecast from each. */
export interface Windows {
  /** Ascending origins; origin `o` forecasts days o … o+steps-1 from y[0, o). */
  readonly origins: readonly number[];
  readonly steps: number;
}

/**
 * Up to `count` origins spaced `spacing` days apart, the latest leaving exactly `steps` days to
 * check, none with fewer than `minTrain` days of history before it.
 */
export const windowsBefore = (
  n: number,
  steps: number,
  spacing: number,
  count: number,
  minTrain: number,
): Windows => {
  const origins: number[] = [];
  for (let k = 0; k < count; k++) {
    const origin = n - steps - k * spacing;
    if (origin < minTrain) break;
    origins.push(origin);
  }
  return { origins: origins.reverse(), steps };
};

/**
 * A model's forecast on the demand scale: the model's output times any borrowed seasonal factors,
 * never negative.
 */
export const predict = (
  forecaster: Forecaster,
  origin: number,
  steps: number,
  factors: Float64Array | null,
  out: Float64Array,
): void => {
  forecaster.forecast(origin, steps, out);
  for (let h = 0; h < steps; h++) {
    const value = (out[h] ?? 0) * (factors === null ? 1 : (factors[origin + h] ?? 1));
    out[h] = value > 0 ? value : 0;
  }
};

/** Forecasts and errors (actual − forecast) of each window, window after window. */
export interface BacktestRun {
  readonly windows: Windows;
  readonly forecasts: Float64Array;
  readonly errors: Float64Array;
}

/** Runs a model over backtest windows, on the demand scale. */
export const backtest = (
  forecaster: Forecaster,
  actual: Float64Array,
  factors: Float64Array | null,
  windows: Windows,
): BacktestRun => {
  const { origins, steps } = windows;
  const forecasts = new Float64Array(origins.length * steps);
  const errors = new Float64Array(origins.length * steps);
  const forecast = new Float64Array(steps);
  origins.forEach((origin, k) => {
    predict(forecaster, origin, steps, factors, forecast);
    forecasts.set(forecast, k * steps);
    for (let h = 0; h < steps; h++) {
      errors[k * steps + h] = (actual[origin + h] ?? 0) - (forecast[h] ?? 0);
    }
  });
  return { windows, forecasts, errors };
};

/**
 * MASE denominators: at origin o, the mean absolute error of the weekly seasonal naive forecast
 * within y[0, o). Prefix sums make each origin O(1). Where that is zero (a flat or empty
 * stretch), the mean absolute demand stands in, and 1 when even that is zero.
 */
export const naiveScales = (y: Float64Array): ((origin: number) => number) => {
  const naive = new Float64Array(y.length + 1);
  const level = new Float64Array(y.length + 1);
  for (let t = 0; t < y.length; t++) {
    const diff = t >= 7 ? Math.abs((y[t] ?? 0) - (y[t - 7] ?? 0)) : 0;
    naive[t + 1] = (naive[t] ?? 0) + diff;
    level[t + 1] = (level[t] ?? 0) + Math.abs(y[t] ?? 0);
  }
  return (origin) => {
    const scale = origin > 7 ? (naive[origin] ?? 0) / (origin - 7) : 0;
    if (scale > 0) return scale;
    const mean = origin > 0 ? (level[origin] ?? 0) / origin : 0;
    return mean > 0 ? mean : 1;
  };
};

/** Mean over windows of each window's MASE, using the first `steps` days of each window. */
export const meanAbsoluteScaledError = (
  { windows, errors }: BacktestRun,
  steps: number,
  scaleAt: (origin: number) => number,
): number => {
  const { origins } = windows;
  let total = 0;
  origins.forEach((origin, k) => {
    let absolute = 0;
    for (let h = 0; h < steps; h++) absolute += Math.abs(errors[k * windows.steps + h] ?? 0);
    total += absolute / steps / scaleAt(origin);
  });
  return origins.length > 0 ? total / origins.length : Number.NaN;
};

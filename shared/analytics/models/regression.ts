import { MultivariateLinearRegression } from 'ml-regression';
import { weekdayIndex } from '../../core/dates';
import { COLUMN, WEEKLY_WIDTH, YEARLY_HARMONICS, YEARLY_WIDTH } from '../features';
import { compressedRows, solveSymmetric, type PrefixGram } from '../normal-equations';
import type { ModelName } from '../types';
import { weekdayFactors } from '../weekday-factors';
import type { Forecaster, ModelContext, ModelSpec } from './types';

/** A regression variant: which columns it uses and how far back it looks. */
interface Variant {
  readonly name: ModelName;
  readonly trend: boolean;
  readonly yearly: boolean;
  /** Days of history fitted at each origin (a sliding window), or null for all of it. */
  readonly window: number | null;
  /** Carry the last week's residual forward, decaying by its week-to-week persistence. */
  readonly persistent: boolean;
  /** Divide demand by multiplicative weekday factors before fitting (and multiply back). */
  readonly weekdayFactors: boolean;
  readonly minTrain: number;
}

/** Days the local-level regression fits: a quarter, long enough for 13 of each weekday. */
const RECENT_WINDOW = 91;
/** Days the trend regression fits: 52 weeks, so an old trend or weekday pattern does not linger. */
const TREND_WINDOW = 364;
/**
 * Days the yearly regression fits: six years. The yearly shape needs several cycles to average
 * out one-off years; beyond that, old data mostly adds misfit to a straight trend.
 */
const YEARLY_WINDOW = 2191;

const columnsOf = (variant: Variant, weekly: boolean): number[] => {
  const cols: number[] = [COLUMN.intercept];
  if (variant.trend) cols.push(COLUMN.trend);
  if (weekly) for (let d = 0; d < 6; d++) cols.push(COLUMN.firstWeekday + d);
  if (variant.trend && weekly) {
    for (let d = 0; d < 6; d++) cols.push(COLUMN.firstWeekdayTrend + d);
  }
  if (variant.yearly) {
    for (let j = 0; j < 2 * YEARLY_HARMONICS; j++) cols.push(COLUMN.firstYearly + j);
    cols.push(COLUMN.firstYearlyTrend, COLUMN.firstYearlyTrend + 1);
  }
  return cols;
};

/** Coefficients fitted on rows [start, end) and the residual standard deviation of that fit. */
const fitWindow = (
  gram: PrefixGram,
  start: number,
  end: number,
  cols: readonly number[],
): { beta: Float64Array; residualStdDev: number } => {
  const { xtx, xty, yty, rows } = gram.window(start, end, cols);
  const k = cols.length;
  const beta = solveSymmetric(xtx, xty, k);
  // RSS = yᵀy − 2βᵀXᵀy + βᵀXᵀXβ, from the sums alone.
  let rss = yty;
  for (let i = 0; i < k; i++) {
    const bi = beta[i] ?? 0;
    rss -= 2 * bi * (xty[i] ?? 0);
    for (let j = 0; j < k; j++) rss += bi * (xtx[i * k + j] ?? 0) * (beta[j] ?? 0);
  }
  return { beta, residualStdDev: Math.sqrt(Math.max(0, rss) / Math.max(1, rows - k)) };
};

/**
 * The production fit, through ml-regression's multivariate linear regression on the window's
 * normal equations compressed to one row per coefficient: fitting 730 raw rows costs about
 * 1.5 ms, the compressed system about a tenth of that, and the backtest's dozens of refits use
 * the direct Cholesky solve of the same equations instead.
 */
const fitWithLibrary = (
  gram: PrefixGram,
  start: number,
  end: number,
  cols: readonly number[],
): Float64Array => {
  const { xtx, xty } = gram.window(start, end, cols);
  const { rows, targets } = compressedRows(xtx, xty, cols.length);
  const fit = new MultivariateLinearRegression(rows, targets, {
    intercept: false,
    statistics: false,
  });
  return Float64Array.from(fit.weights, (row) => row[0] ?? 0);
};

/** The fitted value of one row. */
const fittedAt = (gram: PrefixGram, beta: Float64Array, cols: readonly number[], row: number) => {
  let value = 0;
  for (let j = 0; j < cols.length; j++) value += (beta[j] ?? 0) * gram.feature(row, cols[j] ?? 0);
  return value;
};

/** Mean residual of the week before `end`. */
const lastWeekResidual = (
  gram: PrefixGram,
  y: Float64Array,
  beta: Float64Array,
  cols: readonly number[],
  end: number,
): number => {
  let sum = 0;
  for (let t = end - 7; t < end; t++) sum += (y[t] ?? 0) - fittedAt(gram, beta, cols, t);
  return sum / 7;
};

/**
 * Week-to-week persistence of the residuals: the lag-one autocorrelation of weekly mean
 * residuals of the fit on [start, end), within [0, 0.98]. A level that drifts away from the
 * regression line shows up as persistent residuals, and the forecast should start from where the
 * level is now rather than from the line.
 */
const weeklyPersistence = (
  gram: PrefixGram,
  y: Float64Array,
  beta: Float64Array,
  cols: readonly number[],
  start: number,
  end: number,
): number => {
  let previous: number | null = null;
  let lagged = 0;
  let squares = 0;
  for (let week = end - 7; week >= start; week -= 7) {
    const mean = lastWeekResidual(gram, y, beta, cols, week + 7);
    squares += mean * mean;
    if (previous !== null) lagged += mean * previous;
    previous = mean;
  }
  return squares > 0 ? Math.min(0.98, Math.max(0, lagged / squares)) : 0;
};

const prepareVariant = (variant: Variant, context: ModelContext): Forecaster => {
  const cols = columnsOf(variant, context.weekly);
  const startOf = (origin: number): number =>
    variant.window === null ? 0 : Math.max(0, origin - variant.window);
  const n = context.y.length;
  // Weekday factors learnt before the first origin; the regression then fits demand divided by
  // them, so a peak season's weekday dip is deeper in units than a quiet season's.
  const weekdays =
    variant.weekdayFactors && context.weekly
      ? weekdayFactors(context.y, context.firstDay, context.fitEnd)
      : null;
  const factorAt = (row: number): number =>
    weekdays === null ? 1 : (weekdays[weekdayIndex(context.firstDay + row)] ?? 1);
  const y = weekdays === null ? context.y : context.y.map((value, t) => value / factorAt(t));
  const gram = context.gram(y, variant.yearly ? YEARLY_WIDTH : WEEKLY_WIDTH);
  const tuning = fitWindow(gram, startOf(context.fitEnd), context.fitEnd, cols).beta;
  const persistence = variant.persistent
    ? weeklyPersistence(gram, y, tuning, cols, startOf(context.fitEnd), context.fitEnd)
    : 0;
  return {
    residualStdDev: fitWindow(gram, startOf(n), n, cols).residualStdDev,
    forecast: (origin, steps, out) => {
      const beta =
        origin === n
          ? fitWithLibrary(gram, startOf(origin), origin, cols)
          : fitWindow(gram, startOf(origin), origin, cols).beta;
      const offset = persistence > 0 ? lastWeekResidual(gram, y, beta, cols, origin) : 0;
      for (let h = 0; h < steps; h++) {
        // The last week's mean residual is centred 3.5 days before the origin.
        const carried = offset === 0 ? 0 : offset * persistence ** ((h + 4) / 7);
        out[h] = (fittedAt(gram, beta, cols, origin + h) + carried) * factorAt(origin + h);
      }
    },
  };
};

const spec = (variant: Variant): ModelSpec => ({
  name: variant.name,
  minTrain: variant.minTrain,
  lookback: variant.window,
  prepare: (context) => prepareVariant(variant, context),
});

/** Level and weekday effects over the last quarter: follows a wandering level. */
export const regressionRecent = spec({
  name: 'regression-recent',
  trend: false,
  yearly: false,
  window: RECENT_WINDOW,
  persistent: false,
  weekdayFactors: false,
  minTrain: 28,
});

/** Level, linear trend and weekday effects that grow with it, over the last year. */
export const regressionTrend = spec({
  name: 'regression-trend',
  trend: true,
  yearly: false,
  window: TREND_WINDOW,
  persistent: true,
  weekdayFactors: false,
  minTrain: 56,
});

/**
 * Level, trend, drifting weekday effects and a smooth yearly shape whose swing grows with the
 * trend; needs a year and a half to fit.
 */
export const regressionYearly = spec({
  name: 'regression-yearly',
  trend: true,
  yearly: true,
  window: YEARLY_WINDOW,
  persistent: true,
  weekdayFactors: true,
  minTrain: 547,
});

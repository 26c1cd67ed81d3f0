import {
  backtest,
  meanAbsoluteScaledError,
  naiveScales,
  windowsBefore,
  type Windows,
} from './backtest';
import { chooseCandidates, type SeriesShape } from './candidates';
import { buildDesign } from './features';
import type { Forecaster, ModelContext, ModelSpec } from './models/types';
import { PrefixGram } from './normal-equations';
import type { BacktestSummary, ModelName } from './types';

/** Fewest days before the first backtest origin: four of each weekday. */
export const MIN_TRAIN_DAYS = 28;
/** Model choice: six origins a fortnight apart, each forecasting the requested horizon. */
const SELECTION_WINDOWS = 6;
const SELECTION_SPACING = 14;
/** Uncertainty: weekly origins over the last year, each forecasting the lead time (or horizon). */
const CALIBRATION_WINDOWS = 53;
/** Days between calibration origins. */
export const CALIBRATION_SPACING = 7;
/** Windows a short history should still offer, at the price of windows shorter than the lead time. */
const MIN_CALIBRATION_WINDOWS = 8;

/** What model selection needs to know. */
export interface SelectionInput {
  /** Actual daily demand. */
  readonly y: Float64Array;
  /** Demand divided by borrowed seasonal factors (or `y` itself). */
  readonly adjusted: Float64Array;
  /** Borrowed seasonal factors for history and forecast days, or null. */
  readonly factors: Float64Array | null;
  readonly firstDay: number;
  readonly horizon: number;
  readonly leadTime: number;
  /** Longest forecast that will be asked of the chosen model. */
  readonly steps: number;
  readonly shape: SeriesShape;
  readonly forced: ReadonlySet<ModelName> | null;
}

/** The chosen model, ready to forecast and to be calibrated on its own windows. */
export interface Selection {
  readonly spec: ModelSpec;
  readonly forecaster: Forecaster;
  /** The chosen model's calibration windows: weekly origins over the last year. */
  readonly calibration: Windows;
  readonly summary: BacktestSummary;
}

/**
 * Backtests the candidate models on the same rolling origins and picks the lowest MASE. Every
 * candidate is prepared once for all origins it may be asked about (selection, calibration and
 * the final forecast), so the regressions share their normal-equation sums.
 */
export const selectModel = (input: SelectionInput): Selection | null => {
  const { y, adjusted, factors, firstDay, steps } = input;
  const n = y.length;
  const selection = windowsBefore(
    n,
    Math.min(input.horizon, n - MIN_TRAIN_DAYS),
    SELECTION_SPACING,
    SELECTION_WINDOWS,
    MIN_TRAIN_DAYS,
  );
  const firstOrigin = selection.origins[0] ?? n;
  const candidates = chooseCandidates(input.shape, input.forced).filter(
    ({ spec }) => spec.minTrain <= firstOrigin,
  );
  // Windows as long as the lead time (or horizon), but short enough for a few origins to fit:
  // a lead time longer than that is covered by scaling up shorter windows' errors.
  const calibrationOf = (spec: ModelSpec): Windows =>
    windowsBefore(
      n,
      Math.min(
        Math.max(input.horizon, input.leadTime),
        Math.max(7, n - spec.minTrain - CALIBRATION_SPACING * (MIN_CALIBRATION_WINDOWS - 1)),
      ),
      CALIBRATION_SPACING,
      CALIBRATION_WINDOWS,
      spec.minTrain,
    );
  const originSet = new Set<number>([n, ...selection.origins]);
  for (const { spec } of candidates) for (const o of calibrationOf(spec).origins) originSet.add(o);
  const origins = [...originSet].sort((a, b) => a - b);
  // Sliding-window regressions subtract the sums before their window from those before the origin.
  const lookbacks = candidates.flatMap(({ spec }) =>
    spec.lookback === null ? [] : [spec.lookback],
  );
  const designs = new Map<number, Float64Array>();
  const grams = new Map<Float64Array, Map<number, PrefixGram>>();
  const snapshots = origins.flatMap((o) => [o, ...lookbacks.map((days) => o - days)]);
  const context: ModelContext = {
    y: adjusted,
    firstDay,
    weekly: input.shape.weekly,
    origins,
    fitEnd: firstOrigin,
    gram: (series, width) => {
      const bySeries = grams.get(series) ?? new Map<number, PrefixGram>();
      grams.set(series, bySeries);
      const found = bySeries.get(width);
      if (found !== undefined) return found;
      const design = designs.get(width) ?? buildDesign(firstDay, n, n + steps, width);
      designs.set(width, design);
      const gram = new PrefixGram(design, width, series, snapshots);
      bySeries.set(width, gram);
      return gram;
    },
  };

  const scaleAt = naiveScales(y);
  const scored = candidates.map(({ spec, selectable }) => {
    // Parameters are tuned before the model's earliest backtest origin: no window sees its future.
    const fitEnd = Math.min(firstOrigin, calibrationOf(spec).origins[0] ?? firstOrigin);
    const forecaster = spec.prepare({ ...context, fitEnd });
    const mase = meanAbsoluteScaledError(
      backtest(forecaster, y, factors, selection),
      selection.steps,
      scaleAt,
    );
    return { spec, selectable, forecaster, mase };
  });
  let best: (typeof scored)[number] | null = null;
  for (const candidate of scored) {
    if (!candidate.selectable || !Number.isFinite(candidate.mase)) continue;
    if (best === null || candidate.mase < best.mase) best = candidate;
  }
  if (best === null) return null;
  const maseOf = (name: ModelName): number | null =>
    scored.find((c) => c.spec.name === name)?.mase ?? null;
  return {
    spec: best.spec,
    forecaster: best.forecaster,
    calibration: calibrationOf(best.spec),
    summary: {
      mase: best.mase,
      seasonalNaiveMase: maseOf('seasonal-naive'),
      holtWintersMase: maseOf('holt-winters'),
      candidates: scored
        .filter((c) => Number.isFinite(c.mase))
        .map((c) => ({ model: c.spec.name, mase: c.mase }))
        .sort((a, b) => a.mase - b.mase),
      windows: selection.origins.length,
      horizonDays: selection.steps,
    },
  };
};

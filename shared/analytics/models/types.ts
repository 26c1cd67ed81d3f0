import type { PrefixGram } from '../normal-equations';
import type { ModelName } from '../types';

/** What a model sees: the history, the calendar, and which origins it will be asked about. */
export interface ModelContext {
  /** Daily demand (divided by any borrowed seasonal factors), oldest first. */
  readonly y: Float64Array;
  /** Epoch day of `y[0]`. */
  readonly firstDay: number;
  /** Whether the model should capture the weekly cycle itself. */
  readonly weekly: boolean;
  /** Forecast origins, ascending; an origin `o` means `y[0, o)` is known. */
  readonly origins: readonly number[];
  /** Parameters (smoothing constants, weekday factors…) are learnt on `y[0, fitEnd)` only. */
  readonly fitEnd: number;
  /** Normal-equation sums of a series over the design of a width, built once per pair. */
  readonly gram: (series: Float64Array, width: number) => PrefixGram;
}

/** A model prepared for a set of origins. */
export interface Forecaster {
  /** Writes the forecast for days origin … origin+steps-1 into `out` (origin must be prepared). */
  forecast(origin: number, steps: number, out: Float64Array): void;
  /** Standard deviation of one-day-ahead errors (or residuals) over the whole history. */
  readonly residualStdDev: number;
}

/** A candidate model: its name, the history it needs, and how to prepare it. */
export interface ModelSpec {
  readonly name: ModelName;
  /** Fewest days of history before the first origin. */
  readonly minTrain: number;
  /** Days of history a regression fits at each origin (a sliding window); null for all. */
  readonly lookback: number | null;
  readonly prepare: (context: ModelContext) => Forecaster;
}

/** Index of a prepared origin; asking about an unprepared one is a programming error. */
export const originSlot = (origins: readonly number[], origin: number): number => {
  const slot = origins.indexOf(origin);
  if (slot < 0) throw new RangeError(`origin ${origin} was not prepared`);
  return slot;
};

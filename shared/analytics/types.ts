/** The public shapes of the usage analyser: what goes in, what comes out. */

/** The forecasting methods the analyser can choose from. */
export type ModelName =
  | 'zero'
  | 'mean'
  | 'seasonal-naive'
  | 'holt-winters'
  | 'croston-sba'
  | 'regression-recent'
  | 'regression-trend'
  | 'regression-yearly';

/** A seasonal shape learnt from related products (same category or warehouse). */
export interface SeasonalProfile {
  /** Multiplicative weekday factors, Monday first, averaging 1. */
  readonly weekly: readonly number[];
  /** Yearly shape as Fourier coefficients [cos1, sin1, cos2, sin2, …] of relative demand, or null. */
  readonly yearly: readonly number[] | null;
  /** How many related series contributed to the weekly shape. */
  readonly seriesCount: number;
}

/** What the analyser needs to know about one product. */
export interface UsageInput {
  /** Daily demand, oldest first, one element per calendar day. */
  readonly series: readonly number[];
  /** The date of the last element of `series`, `YYYY-MM-DD`. */
  readonly lastDate: string;
  /** How many days ahead to forecast (1–365). */
  readonly horizonDays: number;
  /** Days between placing and receiving an order (0–365). */
  readonly leadTimeDays: number;
  /** Probability of not running out during the lead time (0.5–0.999). */
  readonly serviceLevel: number;
  /** Days between stock reviews, used for the order-up-to level (default 7). */
  readonly reviewPeriodDays?: number;
  /** A fixed reorder point that replaces the computed one, or null. */
  readonly minStock?: number | null;
  /** A fixed maximum stock that replaces the computed one, or null. */
  readonly maxStock?: number | null;
  /** Seasonal shape of related products, used where this product's history is too short. */
  readonly profile?: SeasonalProfile | null;
  /** Coverage of the forecast's prediction interval (default 0.95). */
  readonly intervalLevel?: number;
  /** Restricts the candidate models (default: every model that suits the series). */
  readonly models?: readonly ModelName[];
}

/** One forecast day. */
export interface ForecastPoint {
  /** The day, `YYYY-MM-DD`. */
  readonly date: string;
  /** Expected demand. */
  readonly mean: number;
  /** Lower end of the prediction interval (never below zero). */
  readonly lower: number;
  /** Upper end of the prediction interval. */
  readonly upper: number;
}

/** Whether a seasonal cycle shapes the forecast, and where that shape comes from. */
export interface SeasonalityFinding {
  /** True when the forecast follows this cycle. */
  readonly detected: boolean;
  /** Own history, a related-products profile, or neither. */
  readonly source: 'history' | 'profile' | 'none';
  /** Share of the detrended variation the cycle explains (0–1); for yearly, the year-on-year correlation. */
  readonly strength: number;
  /** Significance of the cycle in the history (null when it was not tested). */
  readonly pValue: number | null;
}

/** One candidate model's rolling-origin backtest error. */
export interface ModelScore {
  /** The candidate. */
  readonly model: ModelName;
  /** Mean absolute scaled error over the backtest windows (1 = as good as weekly seasonal naive in-sample). */
  readonly mase: number;
}

/** How the candidate models did on the rolling-origin backtest that chose the model. */
export interface BacktestSummary {
  /** MASE of the chosen model (null when no backtest was possible). */
  readonly mase: number | null;
  /** MASE of weekly seasonal naive on the same windows. */
  readonly seasonalNaiveMase: number | null;
  /** MASE of Holt-Winters (additive, weekly) on the same windows. */
  readonly holtWintersMase: number | null;
  /** Every candidate's score, best first. */
  readonly candidates: readonly ModelScore[];
  /** Number of backtest windows (forecast origins). */
  readonly windows: number;
  /** Days forecast from each origin. */
  readonly horizonDays: number;
}

/** How the safety stock's uncertainty was measured. */
export type UncertaintyMethod = 'lead-time-backtest' | 'scaled-backtest' | 'conservative' | 'none';

/** Where the buffer comes from, with the textbook figure for comparison. */
export interface UncertaintySummary {
  /** The method used for the safety stock and the intervals. */
  readonly method: UncertaintyMethod;
  /** Number of backtest windows whose lead-time errors were measured. */
  readonly leadTimeWindows: number;
  /** Spread of lead-time demand forecast errors, weighted towards shortfalls (a std. deviation). */
  readonly leadTimeErrorStdDev: number;
  /** What z·σ·√L (one-day errors assumed independent) would give, for comparison only. */
  readonly textbookSafetyStock: number;
}

/** How much history there was, and what the analyser did about it. */
export type HistoryStatus = 'empty' | 'all-zero' | 'short' | 'limited' | 'full';

/** The history's length and a plain-language note on its consequences. */
export interface HistorySummary {
  /** Days of history. */
  readonly days: number;
  /** Empty, all zero, short (< 28 days), limited (backtests are thin) or full. */
  readonly status: HistoryStatus;
  /** What this means for the figures. */
  readonly note: string;
}

/** The analysis of one product: forecast, uncertainty and stock levels. */
export interface UsageAnalysis {
  /** The model that produced the forecast. */
  readonly model: ModelName;
  /** The backtest that chose it. */
  readonly backtest: BacktestSummary;
  /** Weekly and yearly seasonality. */
  readonly seasonality: {
    readonly weekly: SeasonalityFinding;
    readonly yearly: SeasonalityFinding;
  };
  /** Daily forecast for the horizon, oldest first. */
  readonly forecast: readonly ForecastPoint[];
  /** Coverage of the forecast's intervals. */
  readonly intervalLevel: number;
  /** Standard deviation of one-day forecast errors (daily demand around the model). */
  readonly demandStdDev: number;
  /** The lead time used. */
  readonly leadTimeDays: number;
  /** Forecast demand over the lead time. */
  readonly leadTimeDemand: number;
  /** The service level used. */
  readonly serviceLevel: number;
  /** Buffer over the lead-time demand for the service level (integer, rounded up). */
  readonly safetyStock: number;
  /** Reorder when stock falls to this: lead-time demand + safety stock, or the minStock override. */
  readonly reorderPoint: number;
  /** Order-up-to level: reorder point + review-period demand, or the maxStock override. */
  readonly maximumStock: number;
  /** Which stock levels came from overrides. */
  readonly overrides: { readonly reorderPoint: boolean; readonly maximumStock: boolean };
  /** How the uncertainty was measured. */
  readonly uncertainty: UncertaintySummary;
  /** How much history there was. */
  readonly history: HistorySummary;
}

import { formatDate } from '../core/dates';
import type { IntervalModel } from './intervals';
import { roundUpStock, textbookBuffer, type LeadTimeBuffer } from './safety-stock';
import type { CheckedInput } from './validate';
import type {
  BacktestSummary,
  ForecastPoint,
  HistorySummary,
  ModelName,
  SeasonalityFinding,
  UncertaintyMethod,
  UsageAnalysis,
} from './types';

/** Everything the analysis found, before it is turned into dates and whole stock units. */
export interface Findings {
  readonly model: ModelName;
  readonly backtest: BacktestSummary;
  readonly weekly: SeasonalityFinding;
  readonly yearly: SeasonalityFinding;
  /** Forecast means for max(horizon, lead time + review period) days. */
  readonly means: Float64Array;
  readonly intervals: IntervalModel;
  readonly buffer: LeadTimeBuffer;
  readonly method: UncertaintyMethod;
  readonly demandStdDev: number;
  readonly history: HistorySummary;
}

const sum = (values: Float64Array, from: number, to: number): number => {
  let total = 0;
  for (let h = from; h < to; h++) total += values[h] ?? 0;
  return total;
};

/** A backtest summary for when no backtest ran. */
export const noBacktest: BacktestSummary = {
  mase: null,
  seasonalNaiveMase: null,
  holtWintersMase: null,
  candidates: [],
  windows: 0,
  horizonDays: 0,
};

/** Turns findings into the analyser's answer: dated forecast, whole-unit stock levels. */
export const outcome = (input: CheckedInput, findings: Findings): UsageAnalysis => {
  const { means, intervals, buffer } = findings;
  const forecast: ForecastPoint[] = [];
  for (let h = 0; h < input.horizon; h++) {
    const mean = means[h] ?? 0;
    const { lower, upper } = intervals.offsets(h, mean);
    forecast.push({
      date: formatDate(input.lastDay + 1 + h),
      mean,
      lower: Math.max(0, mean + lower),
      upper: mean + upper,
    });
  }
  const leadTimeDemand = sum(means, 0, input.leadTime);
  const reviewDemand = sum(means, input.leadTime, input.leadTime + input.reviewPeriod);
  const reorderPoint = input.minStock ?? roundUpStock(leadTimeDemand + buffer.safetyStock);
  const maximumStock = input.maxStock ?? roundUpStock(reorderPoint + reviewDemand);
  return {
    model: findings.model,
    backtest: findings.backtest,
    seasonality: { weekly: findings.weekly, yearly: findings.yearly },
    forecast,
    intervalLevel: input.intervalLevel,
    demandStdDev: findings.demandStdDev,
    leadTimeDays: input.leadTime,
    leadTimeDemand,
    serviceLevel: input.serviceLevel,
    safetyStock: roundUpStock(buffer.safetyStock),
    reorderPoint,
    maximumStock,
    overrides: { reorderPoint: input.minStock !== null, maximumStock: input.maxStock !== null },
    uncertainty: {
      method: findings.method,
      leadTimeWindows: buffer.windows,
      leadTimeErrorStdDev: buffer.errorStdDev,
      textbookSafetyStock: textbookBuffer(
        findings.demandStdDev,
        input.leadTime,
        input.serviceLevel,
      ),
    },
    history: findings.history,
  };
};

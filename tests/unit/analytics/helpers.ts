import {
  analyseUsage,
  formatDate,
  type UsageAnalysis,
  type UsageInput,
} from '../../../shared/analytics';
import { SYNTHETIC_START } from './synthetic';

/** The date of the last element of a synthetic series of `days` days. */
export const lastDateOf = (days: number): string => formatDate(SYNTHETIC_START + days - 1);

/** The analyser with the defaults the tests share: 28-day horizon and lead time, 95% service. */
export const analyse = (
  series: readonly number[],
  overrides: Partial<UsageInput> = {},
): UsageAnalysis =>
  analyseUsage({
    series,
    lastDate: lastDateOf(series.length),
    horizonDays: 28,
    leadTimeDays: 28,
    serviceLevel: 0.95,
    ...overrides,
  });

/** Sum of a slice. */
export const total = (values: readonly number[], from = 0, to = values.length): number =>
  values.slice(from, to).reduce((sum, value) => sum + value, 0);

/** Mean relative gap between the forecast means and the demand they should have found. */
export const relativeError = (analysis: UsageAnalysis, expected: readonly number[]): number =>
  analysis.forecast.reduce(
    (sum, point, h) => sum + Math.abs(point.mean - (expected[h] ?? 0)) / (expected[h] ?? 1),
    0,
  ) / analysis.forecast.length;

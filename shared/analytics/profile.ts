import { MultivariateLinearRegression, SimpleLinearRegression } from 'ml-regression';
import { parseDate, weekdayIndex } from '../core/dates';
import { YEARLY_HARMONICS, yearlyFourier } from './features';
import type { SeasonalProfile } from './types';
import { addWeekdayRatios, factorsFromRatios } from './weekday-factors';

const MIN_WEEKLY_DAYS = 21;
const MIN_YEARLY_DAYS = 730;
/**
 * Lowest factor: a borrowed shape may damp demand but never forecast it away, and a floor keeps
 * the division of history by the factors finite.
 */
const MIN_FACTOR = 0.05;

/**
 * The seasonal shape of related products. Every series ends on `lastDate` (the same day), oldest
 * first; each is scaled to its own mean so big sellers do not drown the rest. Weekly factors are
 * ratios to a centred 7-day moving average (classical decomposition); the yearly shape is a
 * Fourier fit to weekly totals relative to each series' own linear trend, from series of two
 * years or more.
 */
export const seasonalProfile = (
  seriesList: readonly (readonly number[])[],
  lastDate: string,
): SeasonalProfile => {
  const lastDay = parseDate(lastDate);
  const demand = new Float64Array(7);
  const average = new Float64Array(7);
  let seriesCount = 0;
  const yearlyRows: number[][] = [];
  const yearlyTargets: number[][] = [];
  for (const series of seriesList) {
    const n = series.length;
    const mean = series.reduce((sum, value) => sum + value, 0) / Math.max(1, n);
    if (n < MIN_WEEKLY_DAYS || !(mean > 0)) continue;
    seriesCount++;
    const firstDay = lastDay - n + 1;
    addWeekdayRatios(series, firstDay, n, mean, demand, average);
    if (n >= MIN_YEARLY_DAYS) addYearlyRows(series, firstDay, yearlyRows, yearlyTargets);
  }
  const weekly = factorsFromRatios(demand, average);
  let yearly: number[] | null = null;
  if (yearlyRows.length > 2 * YEARLY_HARMONICS + 1) {
    const fit = new MultivariateLinearRegression(yearlyRows, yearlyTargets, { statistics: false });
    yearly = fit.weights.slice(0, 2 * YEARLY_HARMONICS).map((row) => row[0] ?? 0);
  }
  return { weekly, yearly, seriesCount };
};

/** Whole-week totals of one series relative to its linear trend, with the week's Fourier terms. */
const addYearlyRows = (
  series: readonly number[],
  firstDay: number,
  rows: number[][],
  targets: number[][],
): void => {
  const weeks = Math.floor(series.length / 7);
  const offset = series.length - weeks * 7;
  const totals: number[] = [];
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    for (let d = 0; d < 7; d++) sum += series[offset + w * 7 + d] ?? 0;
    totals.push(sum);
  }
  const line = new SimpleLinearRegression(
    totals.map((_, w) => w),
    totals,
  );
  const terms = new Float64Array(2 * YEARLY_HARMONICS);
  for (let w = 0; w < weeks; w++) {
    const expected = line.predict(w);
    if (!(expected > 0)) continue;
    yearlyFourier(firstDay + offset + w * 7 + 3, terms);
    rows.push(Array.from(terms));
    targets.push([(totals[w] ?? 0) / expected - 1]);
  }
};

/**
 * Multiplicative seasonal factors from a profile for `rows` days starting on `firstDay`, using
 * its weekly and/or yearly shape.
 */
export const profileFactors = (
  profile: SeasonalProfile,
  firstDay: number,
  rows: number,
  useWeekly: boolean,
  useYearly: boolean,
): Float64Array => {
  const factors = new Float64Array(rows).fill(1);
  const terms = new Float64Array(2 * YEARLY_HARMONICS);
  const coefficients = profile.yearly ?? [];
  for (let t = 0; t < rows; t++) {
    const day = firstDay + t;
    let factor = useWeekly ? Math.max(MIN_FACTOR, profile.weekly[weekdayIndex(day)] ?? 1) : 1;
    if (useYearly && coefficients.length > 0) {
      yearlyFourier(day, terms);
      let shape = 1;
      const harmonics = Math.min(coefficients.length, terms.length);
      for (let j = 0; j < harmonics; j++) shape += (coefficients[j] ?? 0) * (terms[j] ?? 0);
      factor *= Math.max(MIN_FACTOR, shape);
    }
    factors[t] = factor;
  }
  return factors;
};

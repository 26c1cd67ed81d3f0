import { SimpleLinearRegression } from 'ml-regression';
import { weekdayIndex } from '../core/dates';
import { fSurvival, normalSurvival } from './stats';

/** Days of history needed before a weekly or a yearly cycle is looked for. */
export const MIN_DAYS_WEEKLY = 28;
export const MIN_DAYS_YEARLY = 730;

/** Significance a cycle must reach to be modelled: strict, since the backtest gets the last word. */
const ALPHA = 0.001;

/** The outcome of one seasonality test. */
export interface CycleTest {
  readonly detected: boolean;
  readonly strength: number;
  readonly pValue: number | null;
}

const notTested: CycleTest = { detected: false, strength: 0, pValue: null };

/**
 * Weekly cycle: subtract a centred 7-day moving average (which follows any trend or wandering
 * level), then a one-way ANOVA of the remainders by weekday. Strength is the share of the
 * detrended variance that the weekday means explain.
 */
export const detectWeekly = (y: Float64Array, firstDay: number): CycleTest => {
  const n = y.length;
  if (n < MIN_DAYS_WEEKLY) return notTested;
  const sums = new Float64Array(7);
  const counts = new Float64Array(7);
  const detrended = new Float64Array(n - 6);
  let window = 0;
  for (let t = 0; t < 7; t++) window += y[t] ?? 0;
  const weekday = new Uint8Array(n - 6);
  let day = weekdayIndex(firstDay + 3);
  for (let t = 3; t < n - 3; t++) {
    if (t > 3) window += (y[t + 3] ?? 0) - (y[t - 4] ?? 0);
    const value = (y[t] ?? 0) - window / 7;
    detrended[t - 3] = value;
    weekday[t - 3] = day;
    sums[day] = (sums[day] ?? 0) + value;
    counts[day] = (counts[day] ?? 0) + 1;
    day = day === 6 ? 0 : day + 1;
  }
  let total = 0;
  for (const value of detrended) total += value;
  const grand = total / detrended.length;
  let between = 0;
  let within = 0;
  const dayMeans = sums.map((sum, d) => sum / (counts[d] || 1));
  for (let i = 0; i < detrended.length; i++) {
    const dayMean = dayMeans[weekday[i] ?? 0] ?? 0;
    within += ((detrended[i] ?? 0) - dayMean) ** 2;
    between += (dayMean - grand) ** 2;
  }
  if (within <= 0) {
    const detected = between > 0;
    return { detected, strength: detected ? 1 : 0, pValue: detected ? 0 : 1 };
  }
  const f = between / 6 / (within / (detrended.length - 7));
  const pValue = fSurvival(f, 6, detrended.length - 7);
  return { detected: pValue < ALPHA, strength: between / (between + within), pValue };
};

/**
 * Yearly cycle: whole-week demand totals, linearly detrended, must correlate with the same weeks
 * a year (52 weeks) earlier. A one-off swing in level fits a yearly sine over one year but does
 * not repeat, so requiring two years and a year-on-year correlation keeps it from being mistaken
 * for a season. The p-value is from Fisher's z transform.
 */
export const detectYearly = (y: Float64Array): CycleTest => {
  const weeks = Math.floor(y.length / 7);
  if (y.length < MIN_DAYS_YEARLY || weeks < 104) return notTested;
  const totals: number[] = [];
  const index: number[] = [];
  const offset = y.length - weeks * 7;
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    for (let d = 0; d < 7; d++) sum += y[offset + w * 7 + d] ?? 0;
    totals.push(sum);
    index.push(w);
  }
  const line = new SimpleLinearRegression(index, totals);
  const residual = totals.map((value, w) => value - line.predict(w));
  const lag = 52;
  const pairs = weeks - lag;
  const r = correlation(residual.slice(0, pairs), residual.slice(lag));
  const z = Math.atanh(Math.min(0.999999, Math.max(-0.999999, r))) * Math.sqrt(pairs - 3);
  const pValue = normalSurvival(z);
  return { detected: pValue < ALPHA && r >= 0.3, strength: Math.max(0, r), pValue };
};

const correlation = (a: readonly number[], b: readonly number[]): number => {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i] ?? 0;
    meanB += b[i] ?? 0;
  }
  meanA /= n;
  meanB /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] ?? 0) - meanA;
    const db = (b[i] ?? 0) - meanB;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
};

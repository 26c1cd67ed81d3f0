import { backtest, predict } from './backtest';
import { isIntermittent } from './candidates';
import { levelExponent } from './error-scale';
import { conservativeIntervals, empiricalIntervals } from './intervals';
import { outcome } from './outcome';
import { profileFactors } from './profile';
import { conservativeBuffer, leadTimeBuffer } from './safety-stock';
import { MIN_DAYS_YEARLY, detectWeekly, detectYearly, type CycleTest } from './seasonality';
import { CALIBRATION_SPACING, MIN_TRAIN_DAYS, selectModel, type Selection } from './selection';
import { meanAnalysis, zeroAnalysis } from './short-history';
import type { HistorySummary, SeasonalityFinding, UsageAnalysis, UsageInput } from './types';
import { checkInput, type CheckedInput } from './validate';

/** Below this many days a borrowed weekly shape beats the product's own estimate. */
const PROFILE_WEEKLY_DAYS = 56;
/** Fewer calibration windows (weekly origins) than a quarter's worth, and the history is thin. */
const THIN_WINDOWS = 13;

const borrowed = (used: boolean): SeasonalityFinding => ({
  detected: used,
  source: used ? 'profile' : 'none',
  strength: 0,
  pValue: null,
});

const finding = (test: CycleTest | null, fromProfile: boolean): SeasonalityFinding =>
  test === null ? borrowed(fromProfile) : { ...test, source: test.detected ? 'history' : 'none' };

/** Forecast, safety stock, reorder point and maximum stock for one product's daily demand. */
export const analyseUsage = (raw: UsageInput): UsageAnalysis => {
  const input = checkInput(raw);
  const y = input.series;
  const n = y.length;
  if (!y.some((value) => value > 0)) return zeroAnalysis(input);
  const firstDay = input.lastDay - n + 1;
  const steps = Math.max(input.horizon, input.leadTime + input.reviewPeriod);
  // A related-products profile lends the shape this product's history is too short to show.
  const { profile } = input;
  const weeklyFromProfile = profile !== null && n < PROFILE_WEEKLY_DAYS;
  const yearlyFromProfile = profile !== null && profile.yearly !== null && n < MIN_DAYS_YEARLY;
  const factors =
    profile !== null && (weeklyFromProfile || yearlyFromProfile)
      ? profileFactors(profile, firstDay, n + steps, weeklyFromProfile, yearlyFromProfile)
      : null;
  const adjusted = factors === null ? y : y.map((value, t) => value / (factors[t] ?? 1));
  if (n < MIN_TRAIN_DAYS) {
    const note = `Only ${n} days of history (fewer than ${MIN_TRAIN_DAYS}): a mean model with wide intervals.`;
    const weekly = borrowed(weeklyFromProfile);
    const history: HistorySummary = { days: n, status: 'short', note };
    return meanAnalysis(input, factors, weekly, borrowed(yearlyFromProfile), history);
  }
  const weeklyTest = weeklyFromProfile ? null : detectWeekly(adjusted, firstDay);
  const yearlyTest = yearlyFromProfile ? null : detectYearly(adjusted);
  const weekly = finding(weeklyTest, weeklyFromProfile);
  const yearly = finding(yearlyTest, yearlyFromProfile);
  const selection = selectModel({
    y,
    adjusted,
    factors,
    firstDay,
    horizon: input.horizon,
    leadTime: input.leadTime,
    steps,
    shape: {
      weekly: weeklyTest?.detected ?? false,
      yearly: yearlyTest?.detected ?? false,
      intermittent: isIntermittent(y),
    },
    forced: input.models,
  });
  if (selection === null) {
    const note = `None of the requested models can be tested on ${n} days of history: a mean model.`;
    return meanAnalysis(input, factors, weekly, yearly, { days: n, status: 'limited', note });
  }
  return calibrated(input, selection, factors, weekly, yearly);
};

/** The chosen model's forecast, with intervals and buffer measured on its own backtest errors. */
const calibrated = (
  input: CheckedInput,
  { spec, forecaster, calibration, summary }: Selection,
  factors: Float64Array | null,
  weekly: SeasonalityFinding,
  yearly: SeasonalityFinding,
): UsageAnalysis => {
  const y = input.series;
  const n = y.length;
  const steps = Math.max(input.horizon, input.leadTime + input.reviewPeriod);
  const means = new Float64Array(steps);
  predict(forecaster, n, steps, factors, means);
  const meanFactor = factors === null ? 1 : factors.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const demandStdDev = forecaster.residualStdDev * meanFactor;
  const run = backtest(forecaster, y, factors, calibration);
  const exponent = levelExponent(run);
  let leadTimeDemand = 0;
  for (let h = 0; h < input.leadTime; h++) leadTimeDemand += means[h] ?? 0;
  const measured = leadTimeBuffer(
    run,
    exponent,
    CALIBRATION_SPACING,
    input.leadTime,
    leadTimeDemand,
    input.serviceLevel,
  );
  const windows = calibration.origins.length;
  const thin = windows < THIN_WINDOWS;
  const history: HistorySummary = thin
    ? {
        days: n,
        status: 'limited',
        note: `${n} days of history allow only ${windows} backtest windows: the buffer is wider to allow for that.`,
      }
    : {
        days: n,
        status: 'full',
        note: `${n} days of history; uncertainty measured on ${windows} backtest windows.`,
      };
  return outcome(input, {
    model: spec.name,
    backtest: summary,
    weekly,
    yearly,
    means,
    intervals:
      empiricalIntervals(run, exponent, input.intervalLevel) ??
      conservativeIntervals(demandStdDev, n, input.intervalLevel),
    buffer: measured ?? conservativeBuffer(demandStdDev, n, input.leadTime, input.serviceLevel),
    method:
      measured === null
        ? 'conservative'
        : measured.scaled
          ? 'scaled-backtest'
          : 'lead-time-backtest',
    demandStdDev,
    history,
  });
};

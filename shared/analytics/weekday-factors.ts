import { weekdayIndex } from '../core/dates';

/** Lowest weekday factor, so dividing demand by the factors stays finite. */
const MIN_FACTOR = 0.05;

/**
 * Adds one series' weekday ratios to running sums: for each day with a full centred week around
 * it, the demand and the 7-day moving average, both divided by `scale` (classical
 * decomposition). The ratio of the two sums for a weekday is its factor; ratios of sums rather
 * than means of ratios keep zero-demand days harmless.
 */
export const addWeekdayRatios = (
  series: ArrayLike<number>,
  firstDay: number,
  end: number,
  scale: number,
  demand: Float64Array,
  average: Float64Array,
): void => {
  if (end < 7) return;
  let window = 0;
  for (let t = 0; t < 7; t++) window += series[t] ?? 0;
  let day = weekdayIndex(firstDay + 3);
  for (let t = 3; t < end - 3; t++) {
    if (t > 3) window += (series[t + 3] ?? 0) - (series[t - 4] ?? 0);
    demand[day] = (demand[day] ?? 0) + (series[t] ?? 0) / scale;
    average[day] = (average[day] ?? 0) + window / 7 / scale;
    day = day === 6 ? 0 : day + 1;
  }
};

/** Weekday factors (Monday first) from the sums, scaled to average 1 and floored. */
export const factorsFromRatios = (demand: Float64Array, average: Float64Array): number[] => {
  const raw = Array.from(demand, (value, day) =>
    (average[day] ?? 0) > 0 ? value / (average[day] ?? 1) : 1,
  );
  const mean = raw.reduce((sum, value) => sum + value, 0) / 7;
  return raw.map((value) => (mean > 0 ? Math.max(MIN_FACTOR, value / mean) : 1));
};

/** Multiplicative weekday factors of one series over its first `end` days, Monday first. */
export const weekdayFactors = (series: ArrayLike<number>, firstDay: number, end: number) => {
  const demand = new Float64Array(7);
  const average = new Float64Array(7);
  addWeekdayRatios(series, firstDay, end, 1, demand, average);
  return factorsFromRatios(demand, average);
};

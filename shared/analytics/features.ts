import { weekdayIndex } from '../core/dates';

/** Days in a mean Gregorian-ish year: the yearly cycle's period. */
export const YEAR_DAYS = 365.25;
/** Yearly Fourier harmonics in the regression design: five resolve features about ten weeks wide. */
export const YEARLY_HARMONICS = 5;

/**
 * Column layout of the regression design: intercept, trend, 6 weekday dummies and the same
 * dummies times the trend; a yearly design adds the yearly Fourier terms and the first harmonic
 * times the trend. The products let a seasonal swing grow with the level, as multiplicative
 * seasonality does — (a + bt)(1 + c·cos + s·sin) expands into exactly such columns — and let
 * weekday habits drift over the years.
 */
export const COLUMN = {
  intercept: 0,
  trend: 1,
  firstWeekday: 2,
  firstWeekdayTrend: 8,
  firstYearly: 14,
  firstYearlyTrend: 14 + 2 * YEARLY_HARMONICS,
} as const;
/** Number of columns in a design row without and with the yearly terms. */
export const WEEKLY_WIDTH = COLUMN.firstYearly;
export const YEARLY_WIDTH = COLUMN.firstYearlyTrend + 2;

const CYCLE_DAYS = 1461; // four years is a whole number of days, so the Fourier terms repeat exactly
let yearlyTable: Float64Array | null = null;

/** cos/sin of each yearly harmonic for a day, read from a table built once, since trig is slow. */
const yearlyTerms = (): Float64Array => {
  if (yearlyTable !== null) return yearlyTable;
  const width = 2 * YEARLY_HARMONICS;
  const table = new Float64Array(CYCLE_DAYS * width);
  for (let d = 0; d < CYCLE_DAYS; d++) {
    for (let k = 1; k <= YEARLY_HARMONICS; k++) {
      const angle = (2 * Math.PI * k * d) / YEAR_DAYS;
      table[d * width + 2 * (k - 1)] = Math.cos(angle);
      table[d * width + 2 * (k - 1) + 1] = Math.sin(angle);
    }
  }
  yearlyTable = table;
  return table;
};

/** The yearly Fourier terms of one epoch day, [cos1, sin1, cos2, sin2, …]. */
export const yearlyFourier = (epochDay: number, out: Float64Array, offset = 0): void => {
  const table = yearlyTerms();
  const width = 2 * YEARLY_HARMONICS;
  const row = (((epochDay % CYCLE_DAYS) + CYCLE_DAYS) % CYCLE_DAYS) * width;
  for (let j = 0; j < width; j++) out[offset + j] = table[row + j] ?? 0;
};

/**
 * Design rows for days 0 … rows-1 of a series starting on `firstDay`, `width` columns each
 * (WEEKLY_WIDTH or YEARLY_WIDTH). The trend is in years relative to day `n` (the end of history),
 * so the intercept is the level now and stays well conditioned; weekday dummies are 0/1 with
 * Sunday as the baseline, which keeps rows sparse.
 */
export const buildDesign = (
  firstDay: number,
  n: number,
  rows: number,
  width: number,
): Float64Array => {
  const design = new Float64Array(rows * width);
  for (let t = 0; t < rows; t++) {
    const base = t * width;
    const day = firstDay + t;
    const trend = (t - n) / YEAR_DAYS;
    design[base + COLUMN.intercept] = 1;
    design[base + COLUMN.trend] = trend;
    const weekday = weekdayIndex(day);
    if (weekday < 6) design[base + COLUMN.firstWeekday + weekday] = 1;
    if (weekday < 6) design[base + COLUMN.firstWeekdayTrend + weekday] = trend;
    if (width < YEARLY_WIDTH) continue;
    yearlyFourier(day, design, base + COLUMN.firstYearly);
    design[base + COLUMN.firstYearlyTrend] = trend * (design[base + COLUMN.firstYearly] ?? 0);
    design[base + COLUMN.firstYearlyTrend + 1] =
      trend * (design[base + COLUMN.firstYearly + 1] ?? 0);
  }
  return design;
};

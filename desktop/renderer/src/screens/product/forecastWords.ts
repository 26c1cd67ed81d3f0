/** The forecast's model and its test result, in words a stock manager can act on. */

const models: Readonly<Record<string, string>> = {
  zero: 'No demand recorded yet, so nothing is forecast.',
  mean: 'The average daily demand — there is too little history to see a pattern.',
  'seasonal-naive':
    'Demand repeats by weekday, so each day is forecast from the same weekday last week.',
  'holt-winters': 'Demand follows a level, a trend and a weekly pattern (Holt-Winters smoothing).',
  'croston-sba':
    'Demand comes in occasional orders: the usual order size and how often orders come (Croston).',
  'regression-recent': 'The recent level of demand with its weekday pattern.',
  'regression-trend': 'A rising or falling trend with its weekday pattern.',
  'regression-yearly': 'A yearly season, a trend and a weekday pattern.',
};

export const modelWords = (model: string): string => models[model] ?? `Model “${model}”.`;

export type Confidence = 'good' | 'fair' | 'rough' | 'poor' | 'untested';

/** How far to trust the forecast, from its backtest error (MASE: below 1 beats "same as last week"). */
export const confidenceOf = (mase: number | null): Confidence =>
  mase === null || !Number.isFinite(mase)
    ? 'untested'
    : mase < 0.8
      ? 'good'
      : mase < 1
        ? 'fair'
        : mase < 1.3
          ? 'rough'
          : 'poor';

const advice: Readonly<Record<Confidence, string>> = {
  good: 'Reliable — you can plan orders on it.',
  fair: 'Fairly reliable — a little better than repeating last week.',
  rough: 'Rough — about as good as repeating last week; the safety stock carries more of the load.',
  poor: 'Uncertain — demand is erratic; check the reorder point against your own experience.',
  untested: 'Not tested yet — there is not enough history to check it against the past.',
};

export const confidenceWords = (mase: number | null): string => {
  const level = confidenceOf(mase);
  if (level === 'untested' || mase === null) return advice.untested;
  const ratio = Math.round(mase * 100) / 100;
  return `${advice[level]} Tested on past weeks, its typical error was ${ratio}× that of simply repeating last week's demand (MASE ${ratio}).`;
};

/** The z-score of a two-sided interval (0.9 → 1.64). */
export const zOf = (level: number): number => {
  const p = 0.5 + Math.min(Math.max(level, 0.5), 0.9999) / 2;
  // Abramowitz & Stegun 26.2.23: the normal quantile to within 5e-4, plenty for a drawn band.
  const t = Math.sqrt(-2 * Math.log(1 - p));
  return (
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  );
};

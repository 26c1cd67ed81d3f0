/**
 * Seeded synthetic demand for the analyser's tests and benchmarks: known level, trend, weekly and
 * yearly shape, autocorrelated noise and intermittency, so every run sees the same numbers.
 */

/** A seeded uniform generator on [0, 1) (mulberry32). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A standard normal draw from a uniform generator (Box–Muller). */
export const normal = (random: () => number): number => {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
};

/** A Poisson draw (Knuth's method for small means, a rounded normal for large ones). */
export const poisson = (random: () => number, mean: number): number => {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
};

/** What to generate. Omitted parts are absent (no trend, no seasonality, no noise). */
export interface SyntheticOptions {
  readonly days: number;
  readonly seed: number;
  /** Mean daily demand at the start. */
  readonly level: number;
  /** Change of the mean per year, as a fraction of `level`. */
  readonly trendPerYear?: number;
  /** Weekday factors, Monday first. */
  readonly weekly?: readonly number[];
  /** Relative amplitude of a yearly sine (peak in early spring, epoch-anchored). */
  readonly yearly?: number;
  /** AR(1) coefficient of the multiplicative noise. */
  readonly ar?: number;
  /** Standard deviation of the stationary multiplicative noise. */
  readonly noise?: number;
  /** Draw Poisson counts around the mean (otherwise the mean itself, rounded to 0.01). */
  readonly counts?: boolean;
  /** Probability that a day has demand at all; the day's size is then 1 + Poisson(level - 1). */
  readonly demandProbability?: number;
  /** Epoch day of the first element (default SYNTHETIC_START). */
  readonly firstDay?: number;
}

/** Epoch day where synthetic series start unless told otherwise: 2022-01-01. */
export const SYNTHETIC_START = 18993;

/** A weekday pattern typical of a trade counter: busy early in the week, quiet at weekends. */
export const OFFICE_WEEK = [1.3, 1.2, 1.15, 1.1, 1.05, 0.7, 0.5] as const;

/** Daily demand following the options, oldest first. */
export const syntheticDemand = (options: SyntheticOptions): number[] => {
  const random = seededRandom(options.seed);
  const firstDay = options.firstDay ?? SYNTHETIC_START;
  const phi = options.ar ?? 0;
  const sd = options.noise ?? 0;
  const innovation = sd * Math.sqrt(1 - phi * phi);
  let noise = sd * normal(random);
  const out: number[] = [];
  for (let t = 0; t < options.days; t++) {
    const day = firstDay + t;
    if (t > 0) noise = phi * noise + innovation * normal(random);
    const weekday = (((day + 3) % 7) + 7) % 7;
    const mean =
      options.level *
      (1 + ((options.trendPerYear ?? 0) * t) / 365.25) *
      (options.weekly?.[weekday] ?? 1) *
      (1 + (options.yearly ?? 0) * Math.sin((2 * Math.PI * day) / 365.25)) *
      Math.max(0, 1 + noise);
    if (options.demandProbability !== undefined) {
      out.push(random() < options.demandProbability ? 1 + poisson(random, options.level - 1) : 0);
    } else if (options.counts === true) {
      out.push(poisson(random, Math.max(0, mean)));
    } else {
      out.push(Math.round(Math.max(0, mean) * 100) / 100);
    }
  }
  return out;
};

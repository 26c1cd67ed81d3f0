import { SimpleLinearRegression } from 'ml-regression';
import type { BacktestRun } from './backtest';

/** Days per block when relating errors to forecast level: a week evens out weekday effects. */
const BLOCK = 7;

/**
 * How forecast errors grow with the forecast level: errors scale like level^κ, with κ = 0 for
 * errors of constant size, ½ for Poisson-like counts and 1 for multiplicative noise. A seasonal
 * product's peak needs a wider interval and a bigger buffer than its trough. κ is half the slope
 * of log e² on log forecast over weekly blocks of the backtest windows (ml-regression's simple
 * linear regression), kept within [0, 1]; weekly sums keep days of exactly-zero error from
 * dominating the logarithms. Where the forecast level hardly varies, κ cannot be learnt and is 0.
 */
export const levelExponent = ({ windows, forecasts, errors }: BacktestRun): number => {
  const blocks = Math.floor(windows.steps / BLOCK);
  const count = blocks * windows.origins.length;
  if (count < 12) return 0;
  const level = new Float64Array(count);
  const square = new Float64Array(count);
  let meanLevel = 0;
  let meanSquare = 0;
  for (let w = 0; w < windows.origins.length; w++) {
    for (let b = 0; b < blocks; b++) {
      let f = 0;
      let e = 0;
      for (let d = 0; d < BLOCK; d++) {
        const i = w * windows.steps + b * BLOCK + d;
        f += forecasts[i] ?? 0;
        e += errors[i] ?? 0;
      }
      const slot = w * blocks + b;
      level[slot] = f;
      square[slot] = e * e;
      meanLevel += f;
      meanSquare += e * e;
    }
  }
  meanLevel /= count;
  meanSquare /= count;
  if (!(meanLevel > 0 && meanSquare > 0)) return 0;
  let meanX = 0;
  for (let i = 0; i < count; i++) {
    level[i] = Math.log(Math.max(meanLevel / 10, level[i] ?? 0));
    // The offset keeps an exact forecast (zero error) from pulling the fit to −∞.
    square[i] = Math.log((square[i] ?? 0) + meanSquare / 100);
    meanX += level[i] ?? 0;
  }
  meanX /= count;
  let spread = 0;
  for (const value of level) spread += (value - meanX) ** 2;
  if (spread / count < 0.005) return 0;
  const slope = new SimpleLinearRegression(level, square).slope;
  return Math.min(1, Math.max(0, slope / 2));
};

/** Relative error scale of a forecast level. */
export type LevelScale = (level: number) => number;

/** (max(level, reference/10) / reference)^κ: 1 at the reference level. */
export const levelScale = (exponent: number, reference: number): LevelScale => {
  if (exponent === 0 || !(reference > 0)) return () => 1;
  const floor = reference / 10;
  return (level) => (Math.max(floor, level) / reference) ** exponent;
};

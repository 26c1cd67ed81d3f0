import { originSlot, type ModelSpec } from './types';

const ALPHAS = [0.05, 0.1, 0.2, 0.3] as const;

interface CrostonPass {
  readonly squares: number;
  readonly count: number;
}

/**
 * One pass of Croston's smoothing of demand sizes (z) and intervals between demands (p), storing
 * the state at each origin. The one-day forecast is (1 - α/2)·z/p: the Syntetos–Boylan
 * approximation, which removes Croston's upward bias.
 */
const pass = (
  y: Float64Array,
  end: number,
  alpha: number,
  origins: readonly number[],
  states: Float64Array | null,
): CrostonPass => {
  const factor = 1 - alpha / 2;
  let z = 0;
  let p = 0;
  let sinceLast = 0;
  let squares = 0;
  let count = 0;
  let next = 0;
  for (let t = 0; t <= end; t++) {
    while (states !== null && next < origins.length && origins[next] === t) {
      states[next] = p > 0 ? (factor * z) / p : 0;
      next++;
    }
    if (t === end) break;
    const value = y[t] ?? 0;
    sinceLast++;
    if (p > 0) {
      squares += (value - (factor * z) / p) ** 2;
      count++;
    }
    if (value > 0) {
      if (p === 0) {
        z = value;
        p = sinceLast;
      } else {
        z += alpha * (value - z);
        p += alpha * (sinceLast - p);
      }
      sinceLast = 0;
    }
  }
  return { squares, count };
};

/** Croston's method with the SBA correction, for intermittent demand; α by one-step error. */
export const crostonSba: ModelSpec = {
  name: 'croston-sba',
  minTrain: 28,
  lookback: null,
  prepare: ({ y, origins, fitEnd }) => {
    let alpha: number = ALPHAS[0];
    let best = Infinity;
    for (const candidate of ALPHAS) {
      const { squares, count } = pass(y, fitEnd, candidate, origins, null);
      const mse = count > 0 ? squares / count : Infinity;
      if (mse < best) {
        best = mse;
        alpha = candidate;
      }
    }
    const rates = new Float64Array(origins.length);
    const { squares, count } = pass(y, y.length, alpha, origins, rates);
    return {
      residualStdDev: Math.sqrt(squares / Math.max(1, count)),
      forecast: (origin, steps, out) => {
        const rate = rates[originSlot(origins, origin)] ?? 0;
        out.fill(rate, 0, steps);
      },
    };
  },
};

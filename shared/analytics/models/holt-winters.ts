import { originSlot, type ModelSpec } from './types';

const PERIOD = 7;
const WARM_UP = 2 * PERIOD;
const ALPHAS = [0.05, 0.1, 0.2, 0.35] as const;
const BETAS = [0, 0.1] as const;
const GAMMAS = [0.05, 0.2] as const;
const PHI = 0.95;
const STATE = 2 + PERIOD;

interface Parameters {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

/**
 * One pass of additive Holt-Winters with a damped trend in error-correction form:
 * ℓ ← ℓ + φb + αe, b ← φb + αβe, s ← s + γe. Stores level, trend and the seven seasonal
 * terms at each origin and returns the sum of squared one-day errors after warm-up.
 */
const pass = (
  y: Float64Array,
  end: number,
  { alpha, beta, gamma }: Parameters,
  origins: readonly number[],
  states: Float64Array | null,
): { squares: number; count: number } => {
  let first = 0;
  let second = 0;
  for (let t = 0; t < PERIOD; t++) {
    first += y[t] ?? 0;
    second += y[t + PERIOD] ?? 0;
  }
  first /= PERIOD;
  second /= PERIOD;
  let level = (first + second) / 2;
  let trend = (second - first) / PERIOD;
  const season = new Float64Array(PERIOD);
  for (let j = 0; j < PERIOD; j++) {
    season[j] = ((y[j] ?? 0) - first + (y[j + PERIOD] ?? 0) - second) / 2;
  }
  // The level above is the two-week mean, centred 6.5 days before the end of the warm-up.
  level += trend * (WARM_UP / 2 - 0.5);
  let squares = 0;
  let count = 0;
  let next = 0;
  while (next < origins.length && (origins[next] ?? 0) < WARM_UP) next++;
  for (let t = WARM_UP; t <= end; t++) {
    while (states !== null && next < origins.length && origins[next] === t) {
      const base = next * STATE;
      states[base] = level;
      states[base + 1] = trend;
      for (let j = 0; j < PERIOD; j++) states[base + 2 + j] = season[(t + j) % PERIOD] ?? 0;
      next++;
    }
    if (t === end) break;
    const slot = t % PERIOD;
    const error = (y[t] ?? 0) - (level + PHI * trend + (season[slot] ?? 0));
    if (t >= WARM_UP + PERIOD) {
      squares += error * error;
      count++;
    }
    level += PHI * trend + alpha * error;
    trend = PHI * trend + alpha * beta * error;
    season[slot] = (season[slot] ?? 0) + gamma * error;
  }
  return { squares, count };
};

/** Holt-Winters additive with weekly seasonality; parameters by a small grid on one-day error. */
export const holtWinters: ModelSpec = {
  name: 'holt-winters',
  minTrain: 28,
  lookback: null,
  prepare: ({ y, origins, fitEnd }) => {
    let chosen: Parameters = { alpha: ALPHAS[0], beta: BETAS[0], gamma: GAMMAS[0] };
    let best = Infinity;
    for (const alpha of ALPHAS) {
      for (const beta of BETAS) {
        for (const gamma of GAMMAS) {
          const { squares } = pass(y, fitEnd, { alpha, beta, gamma }, origins, null);
          if (squares < best) {
            best = squares;
            chosen = { alpha, beta, gamma };
          }
        }
      }
    }
    const states = new Float64Array(origins.length * STATE);
    const { squares, count } = pass(y, y.length, chosen, origins, states);
    return {
      residualStdDev: Math.sqrt(squares / Math.max(1, count)),
      forecast: (origin, steps, out) => {
        const base = originSlot(origins, origin) * STATE;
        const level = states[base] ?? 0;
        const trend = states[base + 1] ?? 0;
        let damping = 0;
        let power = 1;
        for (let h = 0; h < steps; h++) {
          power *= PHI;
          damping += power;
          out[h] = level + damping * trend + (states[base + 2 + (h % PERIOD)] ?? 0);
        }
      },
    };
  },
};

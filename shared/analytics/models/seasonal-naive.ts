import type { ModelSpec } from './types';

/** Weekly seasonal naive: each day repeats the same weekday of the last observed week. */
export const seasonalNaive: ModelSpec = {
  name: 'seasonal-naive',
  minTrain: 14,
  lookback: null,
  prepare: ({ y }) => {
    let squares = 0;
    for (let t = 7; t < y.length; t++) squares += ((y[t] ?? 0) - (y[t - 7] ?? 0)) ** 2;
    return {
      residualStdDev: Math.sqrt(squares / Math.max(1, y.length - 7)),
      forecast: (origin, steps, out) => {
        for (let h = 0; h < steps; h++) out[h] = y[origin - 7 + (h % 7)] ?? 0;
      },
    };
  },
};

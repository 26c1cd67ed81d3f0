import { MultivariateLinearRegression } from 'ml-regression';
import { describe, expect, it } from 'vitest';
import { PrefixGram, solveSymmetric } from '../../../shared/analytics/normal-equations';
import { seededRandom } from './synthetic';

/** A random design with an intercept column and a noisy linear target. */
const problem = (rows: number, width: number) => {
  const random = seededRandom(rows * 31 + width);
  const design = new Float64Array(rows * width);
  const y = new Float64Array(rows);
  for (let t = 0; t < rows; t++) {
    design[t * width] = 1;
    for (let c = 1; c < width; c++) design[t * width + c] = random() < 0.3 ? 0 : random() * 4 - 2;
    let value = random();
    for (let c = 0; c < width; c++) value += (c + 1) * (design[t * width + c] ?? 0);
    y[t] = value;
  }
  return { design, y };
};

describe('least squares from prefix sums of the normal equations', () => {
  it('matches ml-regression fitted on the raw rows of a window', () => {
    const width = 6;
    const { design, y } = problem(300, width);
    const gram = new PrefixGram(design, width, y, [40, 250]);
    const cols = [0, 1, 2, 3, 4, 5];
    const { xtx, xty } = gram.window(40, 250, cols);
    const fast = solveSymmetric(xtx, xty, cols.length);
    const rows: number[][] = [];
    const targets: number[][] = [];
    for (let t = 40; t < 250; t++) {
      rows.push(Array.from(design.subarray(t * width, (t + 1) * width)));
      targets.push([y[t] ?? 0]);
    }
    const library = new MultivariateLinearRegression(rows, targets, {
      intercept: false,
      statistics: false,
    });
    fast.forEach((beta, j) => expect(beta).toBeCloseTo(library.weights[j]?.[0] ?? NaN, 8));
  });

  it('fits a subset of columns and survives a column that is zero throughout', () => {
    const width = 4;
    const { design, y } = problem(120, width);
    for (let t = 0; t < 120; t++) design[t * width + 3] = 0;
    const gram = new PrefixGram(design, width, y, [120]);
    const { xtx, xty, rows } = gram.window(0, 120, [0, 3]);
    expect(rows).toBe(120);
    const beta = solveSymmetric(xtx, xty, 2);
    expect(Number.isFinite(beta[0])).toBe(true);
    expect(beta[1]).toBeCloseTo(0, 12);
  });
});

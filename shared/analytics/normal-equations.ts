/**
 * Least squares through prefix sums of the normal equations. A rolling-origin backtest refits the
 * same regression at many origins; keeping XᵀX, Xᵀy and yᵀy as running sums at each needed row
 * turns every refit — expanding or sliding window — into a difference of two snapshots and one
 * small Cholesky solve, instead of a pass over the data.
 */

/** XᵀX, Xᵀy, yᵀy and the row count of a window of rows. */
export interface GramWindow {
  readonly xtx: Float64Array;
  readonly xty: Float64Array;
  readonly yty: number;
  readonly rows: number;
}

/**
 * Running sums of the normal equations, snapshotted before each requested row. XᵀX is symmetric,
 * so only its upper triangle is kept; all snapshots share one buffer.
 */
export class PrefixGram {
  private readonly slots = new Map<number, number>();
  private readonly buffer: Float64Array;
  /** Offset of cell (a, a) in the packed triangle; cell (a, b ≥ a) is at diagonal[a] + b − a. */
  private readonly diagonal: Int32Array;
  private readonly size: number;
  private readonly xtx: Float64Array;
  private readonly xty: Float64Array;

  /** `at` lists the row indices whose prefix [0, index) will be asked for. */
  constructor(
    private readonly design: Float64Array,
    private readonly width: number,
    y: Float64Array,
    at: Iterable<number>,
  ) {
    const wanted = [...new Set(at)].filter((i) => i >= 0 && i <= y.length).sort((a, b) => a - b);
    const p = width;
    this.diagonal = Int32Array.from({ length: p }, (_, a) => a * p - (a * (a - 1)) / 2);
    const triangle = (p * (p + 1)) / 2;
    const size = triangle + p + 2;
    this.size = size;
    this.buffer = new Float64Array(wanted.length * size);
    this.xtx = new Float64Array(p * p);
    this.xty = new Float64Array(p);
    const acc = new Float64Array(size);
    // Design rows are sparse (one weekday dummy of six): accumulate over non-zero pairs only.
    const columns = new Int32Array(p);
    const values = new Float64Array(p);
    let next = 0;
    for (let t = 0; t <= y.length && next < wanted.length; t++) {
      while (next < wanted.length && wanted[next] === t) {
        this.buffer.set(acc, next * size);
        this.slots.set(t, next * size);
        next++;
      }
      if (t === y.length) break;
      const yt = y[t] ?? 0;
      let m = 0;
      for (let c = 0; c < p; c++) {
        const value = design[t * p + c] ?? 0;
        if (value === 0) continue;
        columns[m] = c;
        values[m] = value;
        m++;
      }
      for (let i = 0; i < m; i++) {
        const a = columns[i] ?? 0;
        const xa = values[i] ?? 0;
        const row = (this.diagonal[a] ?? 0) - a;
        for (let j = i; j < m; j++) {
          const cell = row + (columns[j] ?? 0);
          acc[cell] = (acc[cell] ?? 0) + xa * (values[j] ?? 0);
        }
        acc[triangle + a] = (acc[triangle + a] ?? 0) + xa * yt;
      }
      acc[size - 2] = (acc[size - 2] ?? 0) + yt * yt;
      acc[size - 1] = (acc[size - 1] ?? 0) + 1;
    }
  }

  /**
   * The sums over rows [start, end) restricted to `cols`; both ends must have been requested. The
   * arrays returned are reused by the next call (refits run by the dozen, allocations add up).
   */
  window(start: number, end: number, cols: readonly number[]): GramWindow {
    const hi = this.slot(end);
    const lo = start === 0 ? -1 : this.slot(start);
    const buffer = this.buffer;
    const sum = (i: number): number => (buffer[hi + i] ?? 0) - (lo < 0 ? 0 : (buffer[lo + i] ?? 0));
    const p = this.width;
    const triangle = (p * (p + 1)) / 2;
    const k = cols.length;
    const { xtx, xty } = this;
    for (let i = 0; i < k; i++) {
      const ci = cols[i] ?? 0;
      xty[i] = sum(triangle + ci);
      for (let j = i; j < k; j++) {
        const cj = cols[j] ?? 0;
        const low = Math.min(ci, cj);
        const value = sum((this.diagonal[low] ?? 0) + Math.max(ci, cj) - low);
        xtx[i * k + j] = value;
        xtx[j * k + i] = value;
      }
    }
    return { xtx, xty, yty: sum(this.size - 2), rows: sum(this.size - 1) };
  }

  /** A design row's value in one column (for forecasting beyond the fitted rows). */
  feature(row: number, col: number): number {
    return this.design[row * this.width + col] ?? 0;
  }

  private slot(index: number): number {
    const found = this.slots.get(index);
    if (found === undefined) throw new RangeError(`no normal-equation snapshot at row ${index}`);
    return found;
  }
}

/**
 * Cholesky factor L (row-major, lower) of A + λI for a symmetric positive semi-definite k×k A,
 * with the smallest of a few growing ridges λ that succeeds. The tiny ridge keeps rank-deficient
 * windows (e.g. a weekday never seen) solvable.
 */
const factorise = (a: Float64Array, k: number): Float64Array | null => {
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, a[i * k + i] ?? 0);
  for (let attempt = 0; attempt < 6; attempt++) {
    const l = cholesky(a, k, scale * 1e-10 * 100 ** attempt + 1e-12);
    if (l !== null) return l;
  }
  return null;
};

/** Solves the normal equations (A + λI)x = b of a k×k window. */
export const solveSymmetric = (a: Float64Array, b: Float64Array, k: number): Float64Array => {
  const l = factorise(a, k);
  return l === null ? new Float64Array(k) : backward(l, forward(l, b, k), k);
};

/**
 * The least-squares problem of the normal equations (A, b) compressed into k rows: with
 * A = LLᵀ, the rows of Lᵀ and targets L⁻¹b have the same least-squares solution as the original
 * data (as QR compression does), so any regression routine can fit it in O(k³).
 */
export const compressedRows = (
  a: Float64Array,
  b: Float64Array,
  k: number,
): { readonly rows: number[][]; readonly targets: number[][] } => {
  const l = factorise(a, k) ?? new Float64Array(k * k);
  const z = forward(l, b, k);
  const rows: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < k; i++) {
    rows.push(Array.from({ length: k }, (_, j) => (j >= i ? (l[j * k + i] ?? 0) : 0)));
    targets.push([z[i] ?? 0]);
  }
  return { rows, targets };
};

const cholesky = (a: Float64Array, k: number, ridge: number): Float64Array | null => {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * k + j] ?? 0) + (i === j ? ridge : 0);
      for (let m = 0; m < j; m++) sum -= (l[i * k + m] ?? 0) * (l[j * k + m] ?? 0);
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * k + i] = Math.sqrt(sum);
      } else {
        l[i * k + j] = sum / (l[j * k + j] ?? 1);
      }
    }
  }
  return l;
};

/** Solves Lz = b. */
const forward = (l: Float64Array, b: Float64Array, k: number): Float64Array => {
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i] ?? 0;
    for (let m = 0; m < i; m++) sum -= (l[i * k + m] ?? 0) * (z[m] ?? 0);
    const pivot = l[i * k + i] ?? 0;
    z[i] = pivot > 0 ? sum / pivot : 0;
  }
  return z;
};

/** Solves Lᵀx = z. */
const backward = (l: Float64Array, z: Float64Array, k: number): Float64Array => {
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = z[i] ?? 0;
    for (let m = i + 1; m < k; m++) sum -= (l[m * k + i] ?? 0) * (x[m] ?? 0);
    const pivot = l[i * k + i] ?? 0;
    x[i] = pivot > 0 ? sum / pivot : 0;
  }
  return x;
};

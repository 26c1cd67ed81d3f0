/** Distribution functions the analyser needs, in closed form so the module stays dependency-light. */

const ACKLAM_A = [
  -39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472,
  2.50662827745924,
] as const;
const ACKLAM_B = [
  -54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857,
] as const;
const ACKLAM_C = [
  -0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497,
  2.93816398269878,
] as const;
const ACKLAM_D = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742] as const;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export const normalQuantile = (p: number): number => {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability out of (0, 1): ${p}`);
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
  const [d0, d1, d2, d3] = ACKLAM_D;
  const tail = (q: number): number =>
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
    ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
};

/**
 * Quantile of Student's t with `df` degrees of freedom: exact for 1 and 2, otherwise the
 * Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5).
 */
export const studentTQuantile = (p: number, df: number): number => {
  const v = Math.max(1, Math.floor(df));
  if (v === 1) return Math.tan(Math.PI * (p - 0.5));
  if (v === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / v + g2 / v ** 2 + g3 / v ** 3 + g4 / v ** 4;
};

// Lanczos approximation (g = 7, n = 9); x > 0 is all the beta function below needs.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

const logGamma = (x: number): number => {
  const xm = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (xm + i);
  const t = xm + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(sum);
};

/** Continued fraction of the incomplete beta function (modified Lentz, as in Numerical Recipes). */
const betaContinuedFraction = (a: number, b: number, x: number): number => {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const aa of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-12) break;
  }
  return h;
};

/** Regularised incomplete beta function I_x(a, b). */
export const incompleteBeta = (x: number, a: number, b: number): number => {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
};

/** P(F > f) for an F distribution with (d1, d2) degrees of freedom: the p-value of an F test. */
export const fSurvival = (f: number, d1: number, d2: number): number =>
  f <= 0 ? 1 : incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);

/**
 * Linear-interpolated quantile (type 7) of a sample, by selection rather than sorting (linear
 * time; the analyser asks for two quantiles of about 1,500 errors per product).
 */
export const sampleQuantile = (values: Float64Array, p: number): number => {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const work = values.slice();
  const position = (n - 1) * Math.min(1, Math.max(0, p));
  const lower = Math.floor(position);
  const weight = position - lower;
  const below = selectInPlace(work, lower);
  if (weight === 0 || lower + 1 >= n) return below;
  let above = Infinity;
  for (let i = lower + 1; i < n; i++) above = Math.min(above, work[i] ?? Infinity);
  return below * (1 - weight) + above * weight;
};

/** Hoare's quickselect with a median-of-three pivot: puts the k-th smallest at index k. */
const selectInPlace = (work: Float64Array, k: number): number => {
  let left = 0;
  let right = work.length - 1;
  const swap = (i: number, j: number): void => {
    const held = work[i] ?? 0;
    work[i] = work[j] ?? 0;
    work[j] = held;
  };
  while (right > left) {
    const middle = (left + right) >> 1;
    if ((work[middle] ?? 0) < (work[left] ?? 0)) swap(middle, left);
    if ((work[right] ?? 0) < (work[left] ?? 0)) swap(right, left);
    if ((work[right] ?? 0) < (work[middle] ?? 0)) swap(right, middle);
    const pivot = work[middle] ?? 0;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((work[i] ?? 0) < pivot) i++;
      while ((work[j] ?? 0) > pivot) j--;
      if (i <= j) {
        swap(i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return work[k] ?? 0;
};

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
const erfc = (x: number): number => {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
};

/** P(Z > z) for a standard normal Z. */
export const normalSurvival = (z: number): number => 0.5 * erfc(z / Math.SQRT2);

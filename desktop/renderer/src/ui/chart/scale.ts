/** Linear scales and round tick values for the hand-drawn SVG charts. */

export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
}

export const linear = (
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
): Scale => {
  const span = d1 - d0 || 1;
  const scale = (value: number) => r0 + ((value - d0) / span) * (r1 - r0);
  return Object.assign(scale, { domain: [d0, d1] as const });
};

/** About `count` round values (1, 2 or 5 times a power of ten) covering [min, max]. */
export const niceTicks = (min: number, max: number, count = 5): number[] => {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    // `+ 0` turns -0 into 0, which would otherwise print as "-0".
    ticks.push(Math.round(v * 1e6) / 1e6 + 0);
  }
  return ticks;
};

/** An SVG path through points; `step` holds each value until the next point (stock levels). */
export const linePath = (points: readonly { x: number; y: number }[], step = false): string =>
  points
    .map((p, i) => {
      if (i === 0) return `M${p.x.toFixed(1)},${p.y.toFixed(1)}`;
      const prev = points[i - 1];
      return step && prev
        ? `H${p.x.toFixed(1)}V${p.y.toFixed(1)}`
        : `L${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    })
    .join('');

/** A closed band between an upper and a lower edge. */
export const bandPath = (
  upper: readonly { x: number; y: number }[],
  lower: readonly { x: number; y: number }[],
): string =>
  upper.length === 0
    ? ''
    : `${linePath(upper)}L${[...lower]
        .reverse()
        .map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`)
        .join('L')}Z`;

/**
 * Places labels at `positions` (pixels down the chart) at least `gap` apart, each as near its own
 * place as it can be: the lowest stays, those above it move up as far as they must, and only if
 * that takes them above `top` do they move back down. Labels keep their order; positions come
 * back in the order given.
 */
export const spreadLabels = (positions: readonly number[], gap: number, top: number): number[] => {
  const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const placed = order.map((o) => o.p);
  for (let k = placed.length - 2; k >= 0; k--)
    placed[k] = Math.min(placed[k]!, placed[k + 1]! - gap);
  if (placed.length > 0) placed[0] = Math.max(placed[0]!, top);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  const out = [...positions];
  order.forEach((o, k) => (out[o.i] = placed[k]!));
  return out;
};

/**
 * The series the forecast chart draws: stock on hand in the past (rebuilt from movements) and
 * stock projected forward (available minus forecast demand, with its interval).
 */
import type { Forecast, Movement } from '../../api/types';
import { zOf } from './forecastWords';

export interface Point {
  readonly t: number;
  readonly v: number;
}

export interface BandPoint {
  readonly t: number;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

const day = (date: string) => Date.parse(`${date}T12:00:00Z`);

/** Total on hand across warehouses after each movement, oldest first. */
export const pastStock = (
  movements: readonly Movement[],
  onHandNow: number,
  now: number,
): Point[] => {
  const ordered = [...movements].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const levels = new Map<string, number>();
  // Before its first movement in the window, a warehouse held what that movement started from.
  for (const m of ordered) {
    if (!levels.has(m.warehouseId)) levels.set(m.warehouseId, m.onHandAfter - m.quantity);
  }
  const sum = () => [...levels.values()].reduce((a, b) => a + b, 0);
  const points: Point[] = [];
  const first = ordered[0];
  if (first !== undefined) points.push({ t: Date.parse(first.occurredAt) - 1, v: sum() });
  ordered.forEach((m, i) => {
    levels.set(m.warehouseId, m.onHandAfter);
    // A transfer is two movements at one moment; the total is drawn after both, not between.
    if (ordered[i + 1]?.occurredAt !== m.occurredAt) {
      points.push({ t: Date.parse(m.occurredAt), v: sum() });
    }
  });
  points.push({ t: now, v: onHandNow });
  return points;
};

/** The points from `start` on, led by the level in force at `start` (a step line's left edge). */
export const clipFrom = (points: readonly Point[], start: number): Point[] => {
  const before = points.filter((p) => p.t < start);
  const held = before[before.length - 1];
  const after = points.filter((p) => p.t >= start);
  return held === undefined ? after : [{ t: start, v: held.v }, ...after];
};

/**
 * Stock projected day by day with no new receipts. Daily errors are taken as independent, so the
 * interval of the total grows with the square root of the days, not with their sum. Stock cannot
 * go below zero: demand beyond it is unmet, and the line sits on zero (a stockout).
 */
export const projectedStock = (forecast: Forecast, available: number): BandPoint[] => {
  const z = zOf(forecast.intervalLevel);
  let mean = available;
  let variance = 0;
  return forecast.horizon.map((p) => {
    mean -= p.mean;
    const sd = z > 0 ? (p.upper - p.lower) / (2 * z) : 0;
    variance += sd * sd;
    const spread = z * Math.sqrt(variance);
    return {
      t: day(p.date),
      mean: Math.max(0, mean),
      lower: Math.max(0, mean - spread),
      upper: Math.max(0, mean + spread),
    };
  });
};

/** Daily demand: the history, then the forecast with its interval. */
export const demandSeries = (forecast: Forecast) => ({
  history: forecast.history.map((h) => ({ t: day(h.date), v: h.quantity })),
  forecast: forecast.horizon.map((p) => ({
    t: day(p.date),
    mean: p.mean,
    lower: p.lower,
    upper: p.upper,
  })),
});

/** The first day the projected stock reaches the reorder point, if within the horizon. */
export const reorderDay = (projection: readonly BandPoint[], reorderPoint: number): number | null =>
  projection.find((p) => p.mean <= reorderPoint)?.t ?? null;

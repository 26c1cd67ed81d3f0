import { parseDate } from '../core/dates';

/** One stock movement counted as demand: how much left the shelf on a day. */
export interface DemandMovement {
  /** The day of the movement, `YYYY-MM-DD`. */
  readonly date: string;
  /** The quantity issued that day (several movements on one day add up). */
  readonly quantity: number;
}

/**
 * Zero-filled daily demand from `from` to `to` inclusive, oldest first: days without movements are
 * zero, movements on the same day add up and movements outside the range are ignored.
 */
export const dailyDemandSeries = (
  movements: readonly DemandMovement[],
  from: string,
  to: string,
): number[] => {
  const first = parseDate(from);
  const last = parseDate(to);
  if (last < first) throw new RangeError(`the range ends (${to}) before it starts (${from})`);
  const series = new Array<number>(last - first + 1).fill(0);
  for (const movement of movements) {
    const index = parseDate(movement.date) - first;
    if (index < 0 || index >= series.length) continue;
    series[index] = (series[index] ?? 0) + movement.quantity;
  }
  return series;
};

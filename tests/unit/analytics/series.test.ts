import { describe, expect, it } from 'vitest';
import { addDays, dailyDemandSeries, formatDate, parseDate } from '../../../shared/analytics';

describe('dailyDemandSeries', () => {
  it('fills days without movements with zeros, oldest first', () => {
    const series = dailyDemandSeries(
      [
        { date: '2024-03-01', quantity: 4 },
        { date: '2024-03-04', quantity: 2 },
      ],
      '2024-03-01',
      '2024-03-05',
    );
    expect(series).toEqual([4, 0, 0, 2, 0]);
  });

  it('adds up several movements on the same day, in any order', () => {
    const series = dailyDemandSeries(
      [
        { date: '2024-03-02', quantity: 1 },
        { date: '2024-03-01', quantity: 3 },
        { date: '2024-03-02', quantity: 5 },
      ],
      '2024-03-01',
      '2024-03-02',
    );
    expect(series).toEqual([3, 6]);
  });

  it('ignores movements outside the range', () => {
    const series = dailyDemandSeries(
      [
        { date: '2024-02-29', quantity: 7 },
        { date: '2024-03-01', quantity: 1 },
        { date: '2024-03-03', quantity: 9 },
      ],
      '2024-03-01',
      '2024-03-02',
    );
    expect(series).toEqual([1, 0]);
  });

  it('spans month ends, leap days and years by plain calendar arithmetic', () => {
    expect(dailyDemandSeries([], '2023-12-30', '2024-01-02')).toHaveLength(4);
    expect(dailyDemandSeries([], '2024-02-28', '2024-03-01')).toHaveLength(3);
    expect(dailyDemandSeries([], '2023-02-28', '2023-03-01')).toHaveLength(2);
  });

  it('rejects a range that ends before it starts, and dates that do not exist', () => {
    expect(() => dailyDemandSeries([], '2024-03-02', '2024-03-01')).toThrow(/before it starts/);
    expect(() => dailyDemandSeries([], '2023-02-29', '2023-03-01')).toThrow(/not a YYYY-MM-DD/);
    expect(() => dailyDemandSeries([], '2024-3-1', '2024-03-01')).toThrow(/not a YYYY-MM-DD/);
  });
});

describe('date arithmetic', () => {
  it('round-trips dates through epoch days', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(formatDate(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
  });
});

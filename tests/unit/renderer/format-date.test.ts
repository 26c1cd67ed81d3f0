import { describe, expect, it } from 'vitest';
import type * as Format from '../../../desktop/renderer/src/ui/format';

/** The format module as a desk in `timeZone` loads it (its formats take the zone when made). */
const formatIn = async (timeZone: string) => {
  const previous = process.env['TZ'];
  process.env['TZ'] = timeZone;
  try {
    const module = `../../../desktop/renderer/src/ui/format.ts?zone=${encodeURIComponent(timeZone)}`;
    return (await import(/* @vite-ignore */ module)) as typeof Format;
  } finally {
    if (previous === undefined) delete process.env['TZ'];
    else process.env['TZ'] = previous;
  }
};

const day = (formatted: string) => /\b(\d{1,2})\b/.exec(formatted)?.[1];

describe('dates as the app shows them', () => {
  it.each(['America/Los_Angeles', 'UTC', 'Pacific/Auckland'])(
    'shows a calendar day as that very day at a desk in %s',
    async (timeZone) => {
      const { formatDate } = await formatIn(timeZone);
      expect(day(formatDate('2026-11-30'))).toBe('30');
      expect(day(formatDate('2027-01-01'))).toBe('1');
    },
  );

  it('shows an instant as the day it falls on at the desk', async () => {
    const { formatDate } = await formatIn('America/Los_Angeles');
    // 03:00 on 1 December in UTC is still 30 November in Los Angeles.
    expect(day(formatDate('2026-12-01T03:00:00Z'))).toBe('30');
  });
});

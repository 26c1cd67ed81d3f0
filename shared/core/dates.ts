/**
 * Calendar arithmetic on `YYYY-MM-DD` strings as whole UTC days since 1970-01-01 ("epoch days"),
 * so the domain never depends on the machine's time zone or clock.
 */

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a `YYYY-MM-DD` date, or null when the text is not a real calendar date. */
export const tryParseDate = (text: string): number | null => {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2023-02-30 over into March; a round trip exposes such dates.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return null;
  return ms / MS_PER_DAY;
};

/** Epoch day of a `YYYY-MM-DD` date; throws a RangeError naming the text when it is not one. */
export const parseDate = (text: string): number => {
  const day = tryParseDate(text);
  if (day === null) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  return day;
};

/** The `YYYY-MM-DD` text of an epoch day. */
export const formatDate = (epochDay: number): string =>
  new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);

/** The date `days` days after `date` (negative for before). */
export const addDays = (date: string, days: number): string => formatDate(parseDate(date) + days);

/** ISO weekday of an epoch day, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayIndex = (epochDay: number): number => (((epochDay + 3) % 7) + 7) % 7;

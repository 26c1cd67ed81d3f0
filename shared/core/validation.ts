import { z } from 'zod';
import type { FieldIssue } from './errors';
import { invalidFields } from './errors';

/**
 * Text no PostgreSQL column can hold: the NUL character, and half of a surrogate pair without its
 * other half (JSON can carry one, but it is not a character and has no UTF-8).
 */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');
/** Whether PostgreSQL can store `text` (see `UNSTORABLE`). */
export const storableText = (text: string): boolean => !UNSTORABLE.test(text);
/**
 * `text` as PostgreSQL can store it: each character it cannot (see `UNSTORABLE`) replaced by U+FFFD.
 * For text that is kept, not refused: a message from a remote service, an error's description.
 */
export const storable = (text: string): string => text.replace(UNSTORABLE_ALL, '\uFFFD');
/** How deep input is searched for such text; deeper input is no command's, and its schema says so. */
const SEARCHED_DEPTH = 16;

/** Each field of `value` (keys too) holding text that cannot be stored, by its path. */
const unstorableText = (value: unknown, path: readonly string[], depth = 0): FieldIssue[] => {
  const at = (p: readonly string[]) => (p.length > 0 ? p.join('.') : 'input');
  const issue = (p: readonly string[]) => ({
    field: at(p),
    message: 'must not contain the NUL character or half of a surrogate pair',
  });
  if (typeof value === 'string') return storableText(value) ? [] : [issue(path)];
  if (value === null || typeof value !== 'object' || depth >= SEARCHED_DEPTH) return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(storableText(key) ? [] : [issue([...path, key])]),
    ...unstorableText(v, [...path, key], depth + 1),
  ]);
};

/**
 * Parses untrusted input with a schema; failures become one ValidationError naming every field,
 * text that cannot be stored among them.
 */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const result = schema.safeParse(input);
  const unstorable = unstorableText(input, []);
  if (result.success && unstorable.length === 0) return result.data;
  const issues = result.success ? [] : result.error.issues;
  const named = new Set(unstorable.map((i) => i.field));
  throw invalidFields([
    ...issues.flatMap((issue) => {
      const path = issue.path.map(String);
      // An unknown key is reported at the key itself, so a form can point at it.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }))
          .filter((i) => !named.has(i.field));
      }
      const field = path.length > 0 ? path.join('.') : 'input';
      // Text that cannot be stored is named once, for that.
      return named.has(field) ? [] : [{ field, message: issue.message }];
    }),
    ...unstorable,
  ]);
};

/** The most units one command may move, count, order on a line or set as a product's level. */
export const MAX_QUANTITY = 1_000_000_000;

const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const AFTER_LATEST_INSTANT = Date.parse('+010000-01-01T00:00:00Z');

const trimmed = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Field schemas shared by every command, so limits are the same everywhere. */
export const fields = {
  id: z.uuid({ error: 'must be a UUID' }),
  idempotencyKey: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(128, 'must be at most 128 characters')
    .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -'),
  name: trimmed(200),
  shortText: trimmed(64),
  note: z.string().trim().max(1000, 'must be at most 1000 characters'),
  code: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'may contain only letters, digits and . _ / -'),
  quantity: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .positive('must be greater than zero')
    .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
  count: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
  days: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(730, 'must be at most 730'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'),
  amountMinor: z
    .number({ error: 'must be a number' })
    .int('must be a whole number of minor units')
    .min(0, 'must not be negative')
    .max(Number.MAX_SAFE_INTEGER, 'is too large'),
  date: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }),
  // As an instant in UTC, within the years a date-time of the API is written in (four digits).
  dateTime: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
    .refine((v) => {
      const at = Date.parse(v);
      // One the format refuses is refused for that alone.
      return Number.isNaN(at) || (at >= EARLIEST_INSTANT && at < AFTER_LATEST_INSTANT);
    }, 'must fall in the years 0001 to 9999, in UTC')
    .transform((v) => {
      const at = Date.parse(v);
      return Number.isNaN(at) ? v : new Date(at).toISOString();
    }),
};

export const moneySchema = z.object({ amountMinor: fields.amountMinor, currency: fields.currency });

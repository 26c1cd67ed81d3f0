import { storableText, validationError } from '../../../shared';

/** How many items a page may hold, and how many it holds when not told. */
export const PAGE = { default: 50, max: 500 } as const;

export const pageSize = (limit: number | null | undefined): number => {
  if (limit === null || limit === undefined) return PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE.max) {
    throw validationError('limit', `must be a whole number from 1 to ${PAGE.max}`);
  }
  return limit;
};

/** The kind of one part of a cursor's key, checked before it reaches SQL. */
export type CursorPart = 'uuid' | 'time' | 'int' | 'text';

/** Which list (and order) a cursor belongs to, and the kinds of its key's parts. */
export interface CursorShape {
  readonly list: string;
  readonly parts: readonly CursorPart[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isPart: Readonly<Record<CursorPart, (value: unknown) => boolean>> = {
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  // Exactly as iso_time() writes it, so it is a valid timestamptz.
  time: (v) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v,
  int: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2_147_483_647,
  text: (v) => typeof v === 'string' && storableText(v),
};

/**
 * A cursor is the list's name and the sort key of the last item seen, opaque to clients. The name
 * and the kinds of the parts are checked on the way back, so a token of another list or order, or
 * an edited one, is the client's error and never reaches SQL as a value of the wrong type.
 */
export const encodeCursor = (shape: CursorShape, key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify([shape.list, ...key])).toString('base64url');

export const decodeCursor = (
  token: string | null | undefined,
  shape: CursorShape,
): (string | number)[] | null => {
  if (token === null || token === undefined || token === '') return null;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(decoded) &&
      decoded.length === shape.parts.length + 1 &&
      decoded[0] === shape.list
    ) {
      const key: unknown[] = decoded.slice(1);
      if (shape.parts.every((part, i) => isPart[part](key[i]))) return key as (string | number)[];
    }
  } catch {
    // fall through: any undecodable token is the same client error
  }
  throw validationError('nextToken', 'is not a token this API returned for this list');
};

/** The page's items and the token for the next page, from `limit + 1` fetched rows. */
export const pageOf = <T>(
  rows: readonly T[],
  limit: number,
  shape: CursorShape,
  key: (row: T) => (string | number)[],
) => {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextToken: rows.length > limit && last !== undefined ? encodeCursor(shape, key(last)) : null,
  };
};

/** A LIKE pattern that matches `text` literally anywhere. */
export const containsPattern = (text: string): string =>
  `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A LIKE pattern that matches `text` literally at the start. */
export const prefixPattern = (text: string): string =>
  `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

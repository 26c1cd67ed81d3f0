/** Puts the fields an error names next to the form fields that show them. */
import type { FieldIssue } from '../../../../shared';
import { isStockMateError } from '../../../../shared';
import { ApiError, describeError } from '../api/errors';

export interface PlacedErrors {
  readonly fields: Readonly<Record<string, string>>;
  /** What no field shows: the error's own message, or issues of fields not on the form. */
  readonly form: string | null;
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** `lines.0.quantity` is shown by the first of `lines.0.quantity`, `lines.0`, `lines` on the form. */
const placeOf = (path: string, has: (field: string) => boolean): string | null => {
  const parts = path.split('.');
  for (let end = parts.length; end > 0; end -= 1) {
    const candidate = parts.slice(0, end).join('.');
    if (has(candidate)) return candidate;
  }
  return null;
};

export const placeIssues = (
  issues: readonly FieldIssue[],
  fallback: string | null,
  has: (field: string) => boolean,
  rename: (path: string) => string = (path) => path,
): PlacedErrors => {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const place = placeOf(rename(issue.field), has);
    if (place === null) unplaced.push(`${issue.field} ${issue.message}`);
    else fields[place] ??= sentence(issue.message);
  }
  const form =
    unplaced.length > 0
      ? sentence(unplaced.join('; '))
      : Object.keys(fields).length === 0
        ? fallback
        : null;
  return { fields, form };
};

/** Field issues of a client-side (shared schema) or API error, placed on a form. */
export const placeError = (
  error: unknown,
  has: (field: string) => boolean,
  rename?: (path: string) => string,
): PlacedErrors => {
  if (isStockMateError(error) || error instanceof ApiError) {
    return placeIssues(error.fields, sentence(describeError(error)), has, rename);
  }
  return { fields: {}, form: sentence(describeError(error)) };
};

/**
 * Errors from the API as the screens handle them: the typed errors of the schema, plus `Network`
 * for a request that never got an answer (the only kind, with RateLimited, that is safe to retry
 * with the same idempotency key).
 */
import type { ErrorType, FieldIssue } from '../../../../shared';
import { errorTypes } from '../../../../shared';

export type ApiErrorType = ErrorType | 'Network';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly type: ApiErrorType,
    message: string,
    readonly fields: readonly FieldIssue[] = [],
    /** The alias or field the error belongs to, for documents with several fields. */
    readonly path: readonly (string | number)[] = [],
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.type === 'Network' || this.type === 'RateLimited';
  }
}

const known = new Set<string>(errorTypes);

/** AppSync's own names for the same failures. */
const aliases: Readonly<Record<string, ApiErrorType>> = {
  UnauthorizedException: 'Unauthorized',
  BadRequestException: 'ValidationError',
  ServiceUnavailable: 'Network',
};

const record = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;

const fieldsOf = (errorInfo: unknown): FieldIssue[] => {
  const list = record(errorInfo)?.['fields'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const issue = record(item);
    return typeof issue?.['field'] === 'string' && typeof issue['message'] === 'string'
      ? [{ field: issue['field'], message: issue['message'] }]
      : [];
  });
};

const typeOf = (name: unknown): ApiErrorType | null => {
  if (typeof name !== 'string') return null;
  if (known.has(name)) return name as ApiErrorType;
  return aliases[name] ?? (name.endsWith('Exception') ? 'Internal' : null);
};

/** An error that came back as an HTTP status (401, 429, 503…) carries its entry in the body. */
const fromHttp = (original: Record<string, unknown>): ApiError | null => {
  const response = record(original['response']);
  const status = response?.['statusCode'];
  if (typeof status !== 'number') return null;
  const text = response?.['body'];
  let entry: Record<string, unknown> | null;
  try {
    const errors = record(JSON.parse(typeof text === 'string' ? text : '') as unknown)?.['errors'];
    entry = Array.isArray(errors) ? record(errors[0]) : null;
  } catch {
    entry = null;
  }
  const headers = record(response?.['headers']);
  const retryAfter = Number(headers?.['retry-after'] ?? NaN);
  const type =
    typeOf(entry?.['errorType']) ??
    (status === 429 ? 'RateLimited' : status === 401 ? 'Unauthorized' : 'Network');
  const message =
    typeof entry?.['message'] === 'string' ? entry['message'] : `the server answered ${status}`;
  return new ApiError(
    status >= 500 && type === 'Internal' ? 'Network' : type,
    message,
    fieldsOf(entry?.['errorInfo']),
    [],
    Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
  );
};

/** One entry of a GraphQL response's `errors`, or Amplify's wrapper around a failed request. */
const fromEntry = (value: unknown): ApiError => {
  const entry = record(value) ?? {};
  const message = typeof entry['message'] === 'string' ? entry['message'] : String(value);
  const path = Array.isArray(entry['path']) ? (entry['path'] as (string | number)[]) : [];
  const type = typeOf(entry['errorType']);
  if (type !== null) return new ApiError(type, message, fieldsOf(entry['errorInfo']), path);
  const original = record(entry['originalError']);
  const http = original === null ? null : fromHttp(original);
  if (http !== null) return http;
  return new ApiError('Network', 'the app could not reach its server; check the connection');
};

/** Splits whatever Amplify threw into the data that came back and the typed errors. */
export const readFailure = (
  thrown: unknown,
): { readonly data: Record<string, unknown> | null; readonly errors: readonly ApiError[] } => {
  if (thrown instanceof ApiError) return { data: null, errors: [thrown] };
  const failure = record(thrown);
  const errors = failure?.['errors'];
  if (!Array.isArray(errors) || errors.length === 0) {
    return { data: null, errors: [fromEntry(thrown)] };
  }
  return { data: record(failure?.['data']), errors: errors.map(fromEntry) };
};

/** A sentence for an error, for places that show it without a field. */
export const describeError = (error: unknown): string => {
  if (error instanceof ApiError) {
    if (error.type === 'Forbidden') return `Your role does not allow this: ${error.message}`;
    if (error.fields.length > 0 && error.type === 'ValidationError') {
      return error.fields.map((f) => `${f.field} ${f.message}`).join('; ');
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
};

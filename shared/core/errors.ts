/** The error types a client can see; every failure is one of these. */
export const errorTypes = [
  'ValidationError',
  'NotFound',
  'Conflict',
  'InsufficientStock',
  'Forbidden',
  'Unauthorized',
  'RateLimited',
  'Internal',
] as const;
export type ErrorType = (typeof errorTypes)[number];

/** One problem with one input field, addressed by its path (e.g. `lines.0.quantity`). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** A typed failure: domain rule, validation, authorization or infrastructure. */
export class StockMateError extends Error {
  override readonly name = 'StockMateError';

  constructor(
    readonly type: ErrorType,
    message: string,
    readonly fields: readonly FieldIssue[] = [],
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /** The first field this error names, if any. */
  get field(): string | undefined {
    return this.fields[0]?.field;
  }
}

export const isStockMateError = (value: unknown): value is StockMateError =>
  value instanceof StockMateError;

const fieldError =
  (type: ErrorType) =>
  (field: string, message: string, details: Record<string, unknown> = {}): StockMateError =>
    new StockMateError(type, `${field}: ${message}`, [{ field, message }], details);

export const validationError = fieldError('ValidationError');
export const notFound = fieldError('NotFound');
export const conflict = fieldError('Conflict');
export const insufficientStock = fieldError('InsufficientStock');

export const forbidden = (message: string): StockMateError =>
  new StockMateError('Forbidden', message);
export const unauthorized = (message: string): StockMateError =>
  new StockMateError('Unauthorized', message);
export const rateLimited = (message: string): StockMateError =>
  new StockMateError('RateLimited', message);
export const internal = (message: string): StockMateError =>
  new StockMateError('Internal', message);

/** Several field issues in one ValidationError, so a form can mark every bad field at once. */
export const invalidFields = (issues: readonly FieldIssue[]): StockMateError => {
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new StockMateError('ValidationError', summary, issues);
};

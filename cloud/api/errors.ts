import { StockMateError } from '../../shared';

/** An error as AppSync returns it to the client: a type, a message, and the fields it names. */
export interface AppSyncError {
  readonly errorType: string;
  readonly message: string;
  readonly errorInfo: {
    readonly fields: readonly { field: string; message: string }[];
    readonly details?: Record<string, unknown>;
  } | null;
}

/** What a person is told of an error the server did not expect: nothing of its internals. */
export const INTERNAL_MESSAGE = 'something went wrong on our side; try again';

/** Typed errors pass through; anything else is logged and becomes Internal, with no internals shown. */
export const toAppSyncError = (
  error: unknown,
  log: (message: string, error: unknown) => void,
): AppSyncError => {
  if (error instanceof StockMateError) {
    return {
      errorType: error.type,
      message: error.message,
      errorInfo: {
        fields: error.fields,
        ...(Object.keys(error.details).length > 0 ? { details: { ...error.details } } : {}),
      },
    };
  }
  log('unexpected error in a resolver', error);
  return {
    errorType: 'Internal',
    message: INTERNAL_MESSAGE,
    errorInfo: null,
  };
};

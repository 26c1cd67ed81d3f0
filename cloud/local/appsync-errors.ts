/**
 * Errors in the shape AppSync gives them to clients, over HTTP and over the real-time socket.
 */
import type { GraphQLError } from 'graphql';
import { isStockMateError } from '../../shared';

/** One entry of a response's `errors`, as AppSync writes it. */
export interface AppSyncErrorEntry {
  readonly errorType: string;
  readonly message: string;
  readonly errorInfo?: unknown;
  readonly errorCode?: number;
  readonly data?: null;
  readonly path?: readonly (string | number)[] | null;
  readonly locations?: readonly { line: number; column: number; sourceName: null }[] | null;
}

/** An error that is about the request as a whole, not one field of it. */
export const requestError = (errorType: string, message: string): AppSyncErrorEntry => ({
  errorType,
  message,
});

const locationsOf = (error: GraphQLError) =>
  error.locations?.map(({ line, column }) => ({ line, column, sourceName: null })) ?? null;

/** A graphql-js error as AppSync reports it; errors that name no type of their own get `fallbackType`. */
export const fromGraphQLError = (error: GraphQLError, fallbackType: string): AppSyncErrorEntry => {
  const { errorType, errorInfo } = error.extensions;
  return {
    errorType: typeof errorType === 'string' ? errorType : fallbackType,
    message: error.message,
    path: error.path ?? null,
    ...(error.path === undefined ? {} : { data: null }),
    ...(errorInfo === undefined ? {} : { errorInfo }),
    locations: locationsOf(error),
  };
};

/** The message of an error raised while checking a token, fit to show to the user. */
export const authMessage = (error: unknown): string =>
  isStockMateError(error) ? error.message : 'the token could not be checked; sign in again';

/**
 * The renderer's one way to the API: Amplify's GraphQL client, with its failures turned into
 * typed ApiErrors and requests that never got an answer retried with the same idempotency key.
 */
import { generateClient } from 'aws-amplify/api';
import { ApiError, readFailure } from './errors';
import type { CommandName } from './mutations';
import { commandDocument } from './mutations';
import type { ChangeSet } from './types';

type Variables = Record<string, unknown>;

/** The part of Amplify's client the renderer uses; its generated types do not fit raw documents. */
interface GraphQLClient {
  graphql(options: { query: string; variables?: Variables }): unknown;
}

interface Subscribable {
  subscribe(observer: { next: (value: unknown) => void; error: (error: unknown) => void }): {
    unsubscribe(): void;
  };
}

/** A response that may carry data and errors together (documents with several fields). */
export interface PartialResult {
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly ApiError[];
}

export interface Api {
  /** Runs a query; throws the first ApiError. */
  query<T>(document: string, variables?: Variables): Promise<T>;
  /** Runs one command with the caller's idempotency key; returns its change set. */
  command(name: CommandName, input: Variables, idempotencyKey: string): Promise<ChangeSet>;
  /** Runs a mutation document whose result is read by the caller. */
  mutate<T>(document: string, variables: Variables): Promise<T>;
  /** Runs a document and returns data and errors together, retrying only when nothing came back. */
  partial(document: string, variables: Variables): Promise<PartialResult>;
  /** Subscribes to a subscription document; returns the unsubscribe function. */
  subscribe<T>(
    document: string,
    variables: Variables,
    next: (value: T) => void,
    failed: (error: ApiError) => void,
  ): () => void;
}

const ATTEMPTS = 4;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits longer after each failed attempt, or as long as the server asked. */
const backoff = (attempt: number, error: ApiError) =>
  error.retryAfterMs ?? 250 * 2 ** attempt + Math.random() * 100;

export const createApi = (): Api => {
  const client = generateClient() as unknown as GraphQLClient;

  const send = async (query: string, variables: Variables): Promise<PartialResult> => {
    try {
      const result = (await client.graphql({ query, variables })) as { data?: unknown };
      return { data: (result.data ?? null) as Record<string, unknown> | null, errors: [] };
    } catch (thrown) {
      return readFailure(thrown);
    }
  };

  /** Repeats a request while it failed as a whole in a way that is safe to repeat. */
  const partial = async (query: string, variables: Variables): Promise<PartialResult> => {
    for (let attempt = 0; ; attempt += 1) {
      const result = await send(query, variables);
      const [first] = result.errors;
      const wholeFailed = result.data === null || Object.keys(result.data).length === 0;
      if (first === undefined || !first.retryable || !wholeFailed || attempt + 1 >= ATTEMPTS) {
        return result;
      }
      await sleep(backoff(attempt, first));
    }
  };

  const run = async <T>(query: string, variables: Variables = {}): Promise<T> => {
    const { data, errors } = await partial(query, variables);
    const [first] = errors;
    if (first !== undefined) throw first;
    return (data ?? {}) as T;
  };

  return {
    query: run,
    mutate: run,
    partial,
    command: async (name, input, idempotencyKey) => {
      const data = await run<Record<string, ChangeSet>>(commandDocument(name), {
        input: { ...input, idempotencyKey },
      });
      const changes = data[name];
      if (changes === undefined) throw new ApiError('Internal', `${name} returned nothing`);
      return changes;
    },
    subscribe: <T>(
      document: string,
      variables: Variables,
      next: (value: T) => void,
      failed: (error: ApiError) => void,
    ) => {
      const observable = client.graphql({ query: document, variables }) as Subscribable;
      const subscription = observable.subscribe({
        next: (value) => next((value as { data: T }).data),
        error: (error) => failed(readFailure(error).errors[0] ?? new ApiError('Network', 'lost')),
      });
      return () => subscription.unsubscribe();
    },
  };
};

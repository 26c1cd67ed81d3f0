/**
 * Sends checked rows in batches: one request carries up to BATCH registerProduct mutations, each
 * with its row's own idempotency key. A row whose outcome is unknown (the request failed, or the
 * server stopped at an earlier row) is simply sent again: its key makes the repeat a replay of
 * what was done, never a second product.
 */
import type { Api } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { batchAlias, batchDocument } from '../../../api/mutations';
import type { ImportRow } from './rows';

const BATCH = 50;

export interface Refusal {
  readonly line: number;
  readonly sku: string;
  readonly message: string;
}

export interface ImportProgress {
  readonly done: number;
  readonly imported: number;
  readonly refused: readonly Refusal[];
}

export interface ImportOutcome extends ImportProgress {
  /** Why the import stopped early (the server could not be reached), or null when it finished. */
  readonly stoppedBy: ApiError | null;
  /** Rows not yet carried out; importing them again is safe, their keys are kept. */
  readonly remaining: readonly ImportRow[];
}

const messageOf = (error: ApiError): string =>
  error.fields.length > 0
    ? error.fields.map((f) => `${f.field}: ${f.message}`).join('; ')
    : error.message;

/** Imports `rows` (all valid), continuing counts from `before`; reports progress after every batch. */
export const runImport = async (
  api: Api,
  rows: readonly ImportRow[],
  progress: (p: ImportProgress) => void,
  before: ImportProgress = { done: 0, imported: 0, refused: [] },
): Promise<ImportOutcome> => {
  let queue = [...rows];
  let imported = before.imported;
  const refused: Refusal[] = [...before.refused];
  const report = (): ImportProgress => ({
    done: imported + refused.length,
    imported,
    refused: [...refused],
  });
  while (queue.length > 0) {
    const batch = queue.slice(0, BATCH);
    const variables = Object.fromEntries(
      batch.map((row, i) => [`i${i}`, { ...row.input, idempotencyKey: row.idempotencyKey }]),
    );
    const result = await api.partial(batchDocument('registerProduct', batch.length), variables);
    const errorsByAlias = new Map<string, ApiError>();
    for (const error of result.errors) {
      const alias = error.path[0];
      if (typeof alias === 'string') errorsByAlias.set(alias, error);
    }
    const unresolved: ImportRow[] = [];
    batch.forEach((row, i) => {
      const alias = batchAlias(i);
      const error = errorsByAlias.get(alias);
      if (result.data?.[alias] != null) imported += 1;
      else if (error !== undefined && !error.retryable) {
        refused.push({ line: row.line, sku: row.sku, message: messageOf(error) });
      } else unresolved.push(row);
    });
    if (unresolved.length === batch.length) {
      // Nothing came back for any row: the request as a whole failed after its retries.
      const stoppedBy =
        result.errors[0] ?? new ApiError('Network', 'the import got no answer from the server');
      return { ...report(), stoppedBy, remaining: queue };
    }
    queue = [...unresolved, ...queue.slice(BATCH)];
    progress(report());
  }
  return { ...report(), stoppedBy: null, remaining: [] };
};

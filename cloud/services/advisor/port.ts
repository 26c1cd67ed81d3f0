/**
 * The Advisor port: short operator advice about one product problem the issue analyser found,
 * shown in the desktop's notification. Adapters: OpenAI when a key is configured, else rules.
 */

export type AdviceKind = 'LOW_STOCK' | 'STOCKOUT' | 'OVERSTOCK' | 'PO_SUGGESTED' | 'PO_POSTPONED';

export const ADVICE_KINDS: readonly AdviceKind[] = [
  'LOW_STOCK',
  'STOCKOUT',
  'OVERSTOCK',
  'PO_SUGGESTED',
  'PO_POSTPONED',
];

export interface AdviceRequest {
  readonly kind: AdviceKind;
  readonly product: { readonly sku: string; readonly name: string; readonly unit: string };
  /** The figures the advice must be grounded in, e.g. available, onOrder, reorderPoint, maxStock, safetyStock,
   *  dailyDemand, leadTimeDays, suggestedQuantity, packSize, minimumOrderQuantity, supplierName,
   *  purchaseOrderNumber, expectedAt, suggestedExpectedAt, daysOfCover. Any may be absent. */
  readonly numbers: Readonly<Record<string, number | string | null>>;
}

export interface Advice {
  /** One to three short sentences for a stockroom manager. */
  readonly text: string;
  /** Which adapter produced it. */
  readonly source: 'OPENAI' | 'RULES';
}

export interface Advisor {
  /** Advice for one problem; rejects when none could be produced (the caller notifies without it). */
  advise(request: AdviceRequest): Promise<Advice>;
}

/** Why an adapter could not produce advice; the message is safe to log (it never carries the key). */
export class AdvisorError extends Error {
  override readonly name = 'AdvisorError';
}

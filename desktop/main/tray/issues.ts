/**
 * The open stock issues the tray shows: products below their reorder point or out of stock.
 * A refresh (the `lowStock` query) says what is true at its time; notifications in between add,
 * change or clear issues. Pure: a stream of events folds into the state.
 */
import type { StockNotification } from '../notifications/notification';
import { figure } from '../notifications/notification';

/** A row of the `lowStock` query. */
export interface LowStockItem {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly available: number;
  readonly reorderPoint: number;
}

export type IssueKind = 'STOCKOUT' | 'LOW_STOCK';

export interface StockIssue {
  readonly productId: string;
  readonly kind: IssueKind;
  /** What the menu says about the product. */
  readonly label: string;
  readonly available: number | null;
}

export interface IssuesState {
  readonly issues: ReadonlyMap<string, StockIssue>;
  /** When the last refresh was taken (ms); older notifications cannot override it. */
  readonly refreshedAt: number | null;
}

export type IssuesEvent =
  | { readonly type: 'refreshed'; readonly items: readonly LowStockItem[]; readonly at: number }
  | { readonly type: 'notification'; readonly notification: StockNotification };

export const noIssues: IssuesState = { issues: new Map(), refreshedAt: null };

// Titles read "<sku> <name> is out of stock"; the menu says the state itself.
const labelFromTitle = (title: string): string =>
  title.replace(/ is (out of stock|below its reorder point)$/, '');

const kindOf = (available: number): IssueKind => (available <= 0 ? 'STOCKOUT' : 'LOW_STOCK');

/** Folds one event into the state. */
export const reduceIssues = (state: IssuesState, event: IssuesEvent): IssuesState => {
  if (event.type === 'refreshed') {
    const issues = new Map<string, StockIssue>();
    for (const item of event.items) {
      issues.set(item.productId, {
        productId: item.productId,
        kind: kindOf(item.available),
        label: `${item.sku} ${item.name}`,
        available: item.available,
      });
    }
    return { issues, refreshedAt: event.at };
  }
  const n = event.notification;
  const createdAt = Date.parse(n.createdAt);
  if (n.productId === null) return state;
  // A notification from before the last refresh tells nothing the refresh did not know.
  if (state.refreshedAt !== null && Number.isFinite(createdAt) && createdAt < state.refreshedAt) {
    return state;
  }
  const issues = new Map(state.issues);
  if (n.kind === 'OVERSTOCK') {
    issues.delete(n.productId);
    return { ...state, issues };
  }
  if (n.kind !== 'LOW_STOCK' && n.kind !== 'STOCKOUT') return state;
  const before = state.issues.get(n.productId);
  issues.set(n.productId, {
    productId: n.productId,
    kind: n.kind,
    label: before?.label ?? labelFromTitle(n.title),
    available: figure(n, 'available') ?? before?.available ?? null,
  });
  return { ...state, issues };
};

/** How many issues are open. */
export const issueCount = (state: IssuesState): number => state.issues.size;

/** The most urgent issues: stockouts first, then the least available, then by label. */
export const topIssues = (state: IssuesState, limit: number): readonly StockIssue[] =>
  [...state.issues.values()]
    .sort(
      (a, b) =>
        (a.kind === 'STOCKOUT' ? 0 : 1) - (b.kind === 'STOCKOUT' ? 0 : 1) ||
        (a.available ?? Infinity) - (b.available ?? Infinity) ||
        a.label.localeCompare(b.label),
    )
    .slice(0, limit);

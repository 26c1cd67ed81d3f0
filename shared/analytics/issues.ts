/**
 * The issue analyser: what one product's situation calls for, as pure decisions. Run after every
 * stock change; running it again on the same situation decides nothing new.
 */
import type { Money } from '../core';
import { MAX_QUANTITY } from '../core';
import { addDays, parseDate } from '../core/dates';

export type StockStatus = 'OK' | 'LOW' | 'STOCKOUT' | 'OVERSTOCK';
/** What a notification can be about: an issue the analyser found, or a finished usage analysis. */
export const notificationKinds = [
  'LOW_STOCK',
  'STOCKOUT',
  'OVERSTOCK',
  'PO_SUGGESTED',
  'PO_POSTPONED',
  'ANALYSIS_DONE',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export type IssueKind = Exclude<NotificationKind, 'ANALYSIS_DONE'>;
export const severities = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type Severity = (typeof severities)[number];

/** An open purchase order as it bears on this product. */
export interface OpenOrder {
  readonly purchaseOrderId: string;
  readonly number: string;
  readonly status: 'draft' | 'submitted' | 'postponed' | 'partially_received';
  readonly source: 'manual' | 'suggested';
  readonly expectedAt: string;
  /** Units of this product still due on the order. */
  readonly quantityDue: number;
  /** Whether the order brings other products too (then it is not this product's to postpone). */
  readonly otherProducts: boolean;
  readonly suggestedExpectedAt: string | null;
}

export interface Supplier {
  readonly supplierId: string;
  readonly name: string;
  readonly leadTimeDays: number;
  readonly minimumOrderQuantity: number;
  readonly packSize: number;
  readonly unitPrice: Money | null;
}

/** Everything the analyser knows about one product, read at one moment. */
export interface ProductSituation {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly unitCost: Money;
  readonly leadTimeDays: number;
  /** Summed over warehouses. */
  readonly onHand: number;
  readonly reserved: number;
  /** Units due on submitted (not draft) orders. */
  readonly onOrder: number;
  /** The reorder point in force (the manager's minimum, else the usage analyser's), if any. */
  readonly reorderPoint: number | null;
  /** The order-up-to level in force (the manager's maximum, else the usage analyser's), if any. */
  readonly maxStock: number | null;
  /** Expected daily demand from the usage analyser (0 when unknown). */
  readonly dailyDemand: number;
  readonly supplier: Supplier | null;
  /** The warehouse a suggested order is delivered to. */
  readonly receivingWarehouseId: string | null;
  readonly openOrders: readonly OpenOrder[];
  /** Active reservations whose expiry has passed. */
  readonly expiredReservations: readonly string[];
  /** The status last notified for this product, so a notification goes out once per change. */
  readonly lastStatus: StockStatus | null;
  /**
   * When a suggestion for this product was dismissed: the day from which another may be made
   * (the latest such day, if several); null when none holds.
   */
  readonly suggestAgainOn: string | null;
  /** Today, YYYY-MM-DD. */
  readonly today: string;
}

export type Decision =
  | {
      readonly kind: 'suggest-order';
      readonly supplierId: string;
      readonly warehouseId: string;
      readonly quantity: number;
      readonly unitCost: Money;
      readonly expectedAt: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'suggest-postponement';
      readonly purchaseOrderId: string;
      readonly expectedAt: string;
      readonly reason: string;
    }
  | { readonly kind: 'flag-overstock'; readonly available: number; readonly maxStock: number }
  | { readonly kind: 'release-expired'; readonly reservationId: string };

/** Something to tell the managers, with the figures behind it. */
export interface Finding {
  readonly kind: IssueKind;
  readonly severity: Severity;
  readonly title: string;
  readonly numbers: Readonly<Record<string, number | string | null>>;
  /** The order the finding is about, when there is one (set once the decision is carried out). */
  readonly purchaseOrderNumber?: string;
}

export interface IssueAnalysis {
  readonly status: StockStatus;
  readonly decisions: readonly Decision[];
  readonly findings: readonly Finding[];
}

/** The same rule as the database's stock_status(), so lists and analysers agree. */
export const stockStatus = (
  available: number,
  reorderPoint: number | null,
  maxStock: number | null,
): StockStatus => {
  if (available <= 0) return 'STOCKOUT';
  if (reorderPoint !== null && available <= reorderPoint) return 'LOW';
  if (maxStock !== null && available > maxStock) return 'OVERSTOCK';
  return 'OK';
};

/**
 * Rounds a wanted quantity up to the supplier's minimum and to whole packs, within the whole packs
 * one line may order.
 */
export const orderQuantity = (
  wanted: number,
  supplier: Pick<Supplier, 'minimumOrderQuantity' | 'packSize'>,
): number => {
  const pack = Math.max(1, supplier.packSize);
  const atLeast = Math.max(wanted, supplier.minimumOrderQuantity, 1);
  return Math.min(Math.ceil(atLeast / pack), Math.floor(MAX_QUANTITY / pack)) * pack;
};

const daysBetween = (from: string, to: string) => parseDate(to) - parseDate(from);
const round1 = (n: number) => Math.round(n * 10) / 10;
/** A quantity as people read it: thousands grouped, at most one decimal (1,650 · 12.5). */
const figure = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/**
 * Whether a dismissed suggestion still holds back the next one: until the day the manager gave,
 * except at the moment the product runs out, which is news the dismissal did not weigh.
 */
const suggestionsHeld = (s: ProductSituation, status: StockStatus): boolean =>
  s.suggestAgainOn !== null &&
  s.today < s.suggestAgainOn &&
  !(status === 'STOCKOUT' && s.lastStatus !== 'STOCKOUT');

const suggestOrder = (
  s: ProductSituation,
  available: number,
  status: StockStatus,
): Decision | null => {
  if (s.reorderPoint === null || s.supplier === null || s.receivingWarehouseId === null)
    return null;
  const position = available + s.onOrder;
  if (position >= s.reorderPoint) return null;
  // One suggestion at a time: a draft that already covers this product is the suggestion.
  if (s.openOrders.some((o) => o.status === 'draft' && o.quantityDue > 0)) return null;
  if (suggestionsHeld(s, status)) return null;
  const target = Math.max(s.maxStock ?? s.reorderPoint, s.reorderPoint + 1);
  const quantity = orderQuantity(target - position, s.supplier);
  const lead = s.supplier.leadTimeDays > 0 ? s.supplier.leadTimeDays : s.leadTimeDays;
  const cover =
    s.dailyDemand > 0
      ? `${figure(Math.max(available, 0) / s.dailyDemand)} days of cover`
      : 'no recent demand';
  return {
    kind: 'suggest-order',
    supplierId: s.supplier.supplierId,
    warehouseId: s.receivingWarehouseId,
    quantity,
    unitCost: s.supplier.unitPrice ?? s.unitCost,
    expectedAt: addDays(s.today, lead),
    reason:
      `${figure(available)} ${s.unit} available and ${figure(s.onOrder)} ${s.unit} on order is below ` +
      `the reorder point of ${figure(s.reorderPoint)} (${cover}); ordering ${figure(quantity)} ` +
      `${s.unit} brings stock up to ${figure(position + quantity)} ${s.unit}.` +
      (s.suggestAgainOn !== null && s.today < s.suggestAgainOn
        ? ` The last suggestion was dismissed until ${s.suggestAgainOn}; this one comes sooner because stock has run out.`
        : ''),
  };
};

/**
 * An order is not needed by its expected date when, without it, stock would still be above the
 * reorder point on that date; the suggested date is when stock would reach the reorder point.
 */
const suggestPostponements = (s: ProductSituation, available: number): Decision[] => {
  if (s.reorderPoint === null || s.dailyDemand <= 0) return [];
  const reorderPoint = s.reorderPoint;
  return s.openOrders.flatMap((o): Decision[] => {
    if (o.status === 'draft' || o.otherProducts || o.quantityDue <= 0) return [];
    const otherDue = s.openOrders
      .filter(
        (x) =>
          x.purchaseOrderId !== o.purchaseOrderId &&
          x.status !== 'draft' &&
          x.expectedAt <= o.expectedAt,
      )
      .reduce((sum, x) => sum + x.quantityDue, 0);
    const daysToArrival = Math.max(0, daysBetween(s.today, o.expectedAt));
    const atArrival = available + otherDue - s.dailyDemand * daysToArrival;
    if (atArrival <= reorderPoint) return [];
    const daysOfCover = Math.floor((available + otherDue - reorderPoint) / s.dailyDemand);
    const neededBy = addDays(s.today, daysOfCover);
    if (neededBy <= o.expectedAt || o.suggestedExpectedAt === neededBy) return [];
    return [
      {
        kind: 'suggest-postponement',
        purchaseOrderId: o.purchaseOrderId,
        expectedAt: neededBy,
        reason:
          `${o.number} is due ${o.expectedAt}, but ${figure(available)} ${s.unit} available covers ` +
          `demand of ${figure(s.dailyDemand)} ${s.unit}/day above the reorder point until ${neededBy}.`,
      },
    ];
  });
};

const titles: Record<IssueKind, (s: ProductSituation) => string> = {
  STOCKOUT: (s) => `${s.sku} ${s.name} is out of stock`,
  LOW_STOCK: (s) => `${s.sku} ${s.name} is below its reorder point`,
  OVERSTOCK: (s) => `${s.sku} ${s.name} is above its maximum stock`,
  PO_SUGGESTED: (s) => `Order suggested for ${s.sku} ${s.name}`,
  PO_POSTPONED: (s) => `An order for ${s.sku} ${s.name} can wait`,
};

/** What the situation calls for: decisions to carry out and findings to tell. */
export const analyseIssues = (s: ProductSituation): IssueAnalysis => {
  const available = s.onHand - s.reserved;
  const status = stockStatus(available, s.reorderPoint, s.maxStock);
  const order = suggestOrder(s, available, status);
  const postponements = suggestPostponements(s, available);
  const decisions: Decision[] = [
    ...s.expiredReservations.map((reservationId): Decision => ({
      kind: 'release-expired',
      reservationId,
    })),
    ...(order === null ? [] : [order]),
    ...postponements,
  ];
  if (status === 'OVERSTOCK' && s.lastStatus !== 'OVERSTOCK' && s.maxStock !== null) {
    decisions.push({ kind: 'flag-overstock', available, maxStock: s.maxStock });
  }

  const base = {
    available,
    onHand: s.onHand,
    reserved: s.reserved,
    onOrder: s.onOrder,
    reorderPoint: s.reorderPoint,
    maxStock: s.maxStock,
    // Unknown rather than zero when there is no demand history to speak of.
    dailyDemand: s.dailyDemand > 0 ? round1(s.dailyDemand) : null,
    daysOfCover: s.dailyDemand > 0 ? round1(Math.max(available, 0) / s.dailyDemand) : null,
    leadTimeDays: s.supplier?.leadTimeDays ?? s.leadTimeDays,
    unit: s.unit,
  };
  const withOrder: Record<string, number | string | null> =
    order?.kind === 'suggest-order'
      ? {
          suggestedQuantity: order.quantity,
          supplierName: s.supplier?.name ?? null,
          packSize: s.supplier?.packSize ?? null,
          minimumOrderQuantity: s.supplier?.minimumOrderQuantity ?? null,
          expectedAt: order.expectedAt,
        }
      : {};

  const findings: Finding[] = [];
  const statusKind: Partial<Record<StockStatus, IssueKind>> = {
    STOCKOUT: 'STOCKOUT',
    LOW: 'LOW_STOCK',
    OVERSTOCK: 'OVERSTOCK',
  };
  const kind = statusKind[status];
  if (kind !== undefined && s.lastStatus !== status) {
    const severity: Severity =
      status === 'STOCKOUT' ? 'CRITICAL' : status === 'LOW' ? 'WARNING' : 'INFO';
    findings.push({ kind, severity, title: titles[kind](s), numbers: { ...base, ...withOrder } });
  } else if (order !== null) {
    findings.push({
      kind: 'PO_SUGGESTED',
      severity: 'WARNING',
      title: titles.PO_SUGGESTED(s),
      numbers: { ...base, ...withOrder },
    });
  }
  for (const p of postponements) {
    if (p.kind !== 'suggest-postponement') continue;
    const o = s.openOrders.find((x) => x.purchaseOrderId === p.purchaseOrderId);
    findings.push({
      kind: 'PO_POSTPONED',
      severity: 'INFO',
      title: titles.PO_POSTPONED(s),
      numbers: {
        ...base,
        purchaseOrderNumber: o?.number ?? null,
        expectedAt: o?.expectedAt ?? null,
        suggestedExpectedAt: p.expectedAt,
      },
      ...(o === undefined ? {} : { purchaseOrderNumber: o.number }),
    });
  }
  return { status, decisions, findings };
};

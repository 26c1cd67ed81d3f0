/**
 * Reading an advice request's figures and writing them with units. Only figures that are present
 * and well formed are used; an absent figure yields `undefined`, so callers drop the clause that
 * would have mentioned it instead of printing "undefined" or "NaN".
 */
import type { AdviceRequest } from './port';

/** The figures of one request, typed; derived values only where both inputs are present. */
export interface Facts {
  readonly name: string;
  readonly sku: string;
  readonly unit: string;
  readonly available: number | undefined;
  readonly onOrder: number | undefined;
  readonly reorderPoint: number | undefined;
  readonly maxStock: number | undefined;
  readonly safetyStock: number | undefined;
  readonly dailyDemand: number | undefined;
  readonly leadTimeDays: number | undefined;
  readonly suggestedQuantity: number | undefined;
  readonly packSize: number | undefined;
  readonly minimumOrderQuantity: number | undefined;
  readonly supplierName: string | undefined;
  readonly purchaseOrderNumber: string | undefined;
  readonly expectedAt: string | undefined;
  readonly suggestedExpectedAt: string | undefined;
  /** Given, or available ÷ daily demand; absent when nothing is available (it would read "0 days"). */
  readonly daysOfCover: number | undefined;
}

// Decimal quantities may arrive as strings (values with an explicit scale); anything else is noise.
const NUMERIC = /^-?\d+(\.\d+)?$/;

const numberOf = (numbers: AdviceRequest['numbers'], key: string): number | undefined => {
  const v = numbers[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v.trim());
  return undefined;
};

const textOf = (numbers: AdviceRequest['numbers'], key: string): string | undefined => {
  const v = numbers[key];
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
};

/** The request's figures, validated once. */
export const readFacts = (request: AdviceRequest): Facts => {
  const n = request.numbers;
  const available = numberOf(n, 'available');
  const dailyDemand = numberOf(n, 'dailyDemand');
  const givenCover = numberOf(n, 'daysOfCover');
  const derivedCover =
    available !== undefined && dailyDemand !== undefined && dailyDemand > 0
      ? available / dailyDemand
      : undefined;
  return {
    name: request.product.name.trim() || request.product.sku,
    sku: request.product.sku.trim(),
    unit: request.product.unit.trim() || 'units',
    available,
    onOrder: numberOf(n, 'onOrder'),
    reorderPoint: numberOf(n, 'reorderPoint'),
    maxStock: numberOf(n, 'maxStock'),
    safetyStock: numberOf(n, 'safetyStock'),
    dailyDemand,
    leadTimeDays: numberOf(n, 'leadTimeDays'),
    suggestedQuantity: numberOf(n, 'suggestedQuantity'),
    packSize: numberOf(n, 'packSize'),
    minimumOrderQuantity: numberOf(n, 'minimumOrderQuantity'),
    supplierName: textOf(n, 'supplierName'),
    purchaseOrderNumber: textOf(n, 'purchaseOrderNumber'),
    expectedAt: textOf(n, 'expectedAt'),
    suggestedExpectedAt: textOf(n, 'suggestedExpectedAt'),
    daysOfCover:
      available !== undefined && available <= 0 ? undefined : (givenCover ?? derivedCover),
  };
};

// A fixed locale keeps the rule advisor deterministic whatever the machine's settings.
const decimals = (digits: number) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
const QUANTITY = decimals(3);
const RATE = decimals(1);
const SMALL_RATE = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });

/** "1,200 ea". */
export const quantity = (value: number, unit: string): string =>
  `${QUANTITY.format(value)} ${unit}`;

/** "4.7 ea/day"; small rates keep two significant digits so they do not print as 0. */
export const rate = (perDay: number, unit: string): string =>
  `${(Math.abs(perDay) < 1 ? SMALL_RATE : RATE).format(perDay)} ${unit}/day`;

/** "1 day", "3 days", "less than a day" (cover is rounded to whole days). */
export const days = (value: number): string => {
  if (value > 0 && value < 0.5) return 'less than a day';
  const whole = Math.round(value);
  return `${QUANTITY.format(whole)} ${whole === 1 ? 'day' : 'days'}`;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-20" → "20 Nov 2026"; anything that is not an ISO date is shown as given. */
export const date = (value: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value);
  const month = m === null ? undefined : MONTHS[Number(m[2]) - 1];
  if (m === null || month === undefined) return value;
  return `${Number(m[3])} ${month} ${m[1]}`;
};

/** "2 packs of 60" when the quantity is a whole number of packs larger than one unit. */
export const packs = (qty: number, packSize: number | undefined): string | undefined => {
  if (packSize === undefined || packSize <= 1 || qty <= 0) return undefined;
  const count = qty / packSize;
  if (!Number.isInteger(count)) return undefined;
  return `${QUANTITY.format(count)} ${count === 1 ? 'pack' : 'packs'} of ${QUANTITY.format(packSize)}`;
};

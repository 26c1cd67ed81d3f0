/**
 * The rule advisor: deterministic advice written from the request's figures alone. It is what
 * users without an OpenAI key see, so each sentence names the figures behind it, with units, and
 * a clause whose figures are missing is left out rather than guessed.
 */
import type { Facts } from './figures';
import { date, days, packs, quantity, rate, readFacts } from './figures';
import type { AdviceKind, AdviceRequest, Advisor } from './port';

type Sentence = string | undefined;

const q = (f: Facts, value: number) => quantity(value, f.unit);
const opt = (value: string | undefined, wrap: (v: string) => string): string =>
  value === undefined ? '' : wrap(value);
const present = (...parts: (string | undefined)[]): string[] =>
  parts.filter((p): p is string => p !== undefined);
/** "Blue widget (WID-1)"; the SKU tells apart products with similar names. */
const who = (f: Facts): string => (f.sku === '' ? f.name : `${f.name} (${f.sku})`);
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "3 days at 4.7 ea/day", or as much of it as the figures allow. */
const coverDays = (f: Facts): string | undefined =>
  f.daysOfCover === undefined
    ? undefined
    : `${days(f.daysOfCover)}${f.dailyDemand === undefined ? '' : ` at ${rate(f.dailyDemand, f.unit)}`}`;

/** "14 ea available covers 3 days at 4.7 ea/day". */
const stockCover = (f: Facts): string | undefined => {
  const covers = coverDays(f);
  if (f.available !== undefined)
    return `${q(f, f.available)} available${opt(covers, (c) => ` covers ${c}`)}`;
  return covers === undefined ? undefined : `stock covers ${covers}`;
};

const delivery = (f: Facts): string | undefined =>
  f.leadTimeDays === undefined ? undefined : `delivery takes ${days(f.leadTimeDays)}`;

/** How soon to order: today when stock runs out before a delivery could arrive. */
const urgency = (f: Facts): string | undefined => {
  if (f.available !== undefined && f.available <= 0) return 'today';
  if (f.daysOfCover === undefined || f.leadTimeDays === undefined) return undefined;
  const spare = Math.floor(f.daysOfCover - f.leadTimeDays);
  return spare < 1 ? 'today' : `within ${days(spare)}`;
};

/** "120 ea of Blue widget from Acme (2 packs of 60)". */
const order = (f: Facts, qty: number, withName: boolean): string =>
  `${q(f, qty)}${withName ? ` of ${f.name}` : ''}${opt(f.supplierName, (s) => ` from ${s}`)}${opt(packs(qty, f.packSize), (p) => ` (${p})`)}`;

const onOrderQty = (f: Facts): number | undefined =>
  f.onOrder !== undefined && f.onOrder > 0 ? f.onOrder : undefined;

/** "60 ea is already on order (PO-0042), due 20 Nov 2026". */
const pendingOrder = (f: Facts): string | undefined => {
  const qty = onOrderQty(f);
  if (qty === undefined) return undefined;
  return `${q(f, qty)} is already on order${opt(f.purchaseOrderNumber, (po) => ` (${po})`)}${opt(f.expectedAt, (d) => `, due ${date(d)}`)}`;
};

const lowStock = (f: Facts): Sentence[] => {
  const thresholds = present(
    f.reorderPoint === undefined ? undefined : `a reorder point of ${q(f, f.reorderPoint)}`,
    f.safetyStock === undefined ? undefined : `safety stock of ${q(f, f.safetyStock)}`,
  );
  const state =
    f.available !== undefined && f.reorderPoint !== undefined && f.available <= f.reorderPoint
      ? 'has reached its reorder point'
      : 'is running low';
  const level =
    f.available === undefined
      ? `${who(f)} is running low.`
      : `${who(f)} ${state}: ${q(f, f.available)} available${thresholds.length === 0 ? '' : ` against ${thresholds.join(' and ')}`}.`;
  const pace =
    f.daysOfCover !== undefined
      ? `that covers ${coverDays(f)}`
      : f.dailyDemand !== undefined
        ? `demand runs at ${rate(f.dailyDemand, f.unit)}`
        : undefined;
  const outlook = present(pace, delivery(f)).join(', and ');
  const pending = pendingOrder(f);
  const when = urgency(f);
  const action =
    pending !== undefined
      ? `${pending}: make sure it arrives before stock runs out.`
      : f.suggestedQuantity !== undefined
        ? `Order ${order(f, f.suggestedQuantity, false)} ${when ?? 'soon'}.`
        : `Raise a purchase order${opt(f.supplierName, (s) => ` with ${s}`)} ${when ?? 'soon'}.`;
  return [level, outlook === '' ? undefined : `${capitalise(outlook)}.`, action];
};

const stockout = (f: Facts): Sentence[] => {
  const level =
    f.available !== undefined && f.available > 0
      ? `${who(f)} is nearly out of stock: ${q(f, f.available)} available`
      : `${who(f)} is out of stock`;
  const demand =
    f.dailyDemand === undefined
      ? ''
      : `, with demand of ${rate(f.dailyDemand, f.unit)} going unmet`;
  const pending = pendingOrder(f);
  const lead = opt(delivery(f), (d) => `; ${d}`);
  return [
    `${level}${demand}.`,
    pending === undefined
      ? undefined
      : `${pending}: ask ${f.supplierName ?? 'the supplier'} to expedite it.`,
    f.suggestedQuantity !== undefined
      ? `Order ${order(f, f.suggestedQuantity, false)} now${lead}.`
      : pending === undefined
        ? `Raise an urgent purchase order${opt(f.supplierName, (s) => ` with ${s}`)}${lead}.`
        : undefined,
  ];
};

const overstock = (f: Facts): Sentence[] => {
  const { available: a, maxStock: max } = f;
  const incoming = onOrderQty(f);
  const head = `${who(f)}`;
  const po = f.purchaseOrderNumber ?? 'the open order';
  let level: string;
  let action: string;
  if (
    a !== undefined &&
    max !== undefined &&
    a <= max &&
    incoming !== undefined &&
    a + incoming > max
  ) {
    // Stock is within bounds today; it is the incoming order that would overshoot.
    level = `${head} is heading for overstock: ${q(f, a)} available plus ${q(f, incoming)} on order makes ${q(f, a + incoming)}, above the maximum of ${q(f, max)}.`;
    action = `Postpone or reduce ${po}${opt(f.expectedAt, (d) => ` (due ${date(d)})`)}, and hold new orders.`;
  } else {
    const over =
      a !== undefined && max !== undefined && a > max
        ? ` against a maximum of ${q(f, max)} (${q(f, a - max)} over)`
        : '';
    level =
      a === undefined
        ? `${head} is overstocked.`
        : `${head} is overstocked: ${q(f, a)} available${over}.`;
    const pending = pendingOrder(f);
    action =
      pending !== undefined
        ? `${pending}: postpone or reduce it, and hold new orders.`
        : `Hold new orders${f.reorderPoint === undefined ? '' : ` until it falls to the reorder point of ${q(f, f.reorderPoint)}`}.`;
  }
  const covers =
    f.daysOfCover === undefined
      ? undefined
      : `${f.dailyDemand === undefined ? 'That' : `At ${rate(f.dailyDemand, f.unit)} that`} is ${days(f.daysOfCover)} of stock.`;
  return [level, covers, action];
};

const poSuggested = (f: Facts): Sentence[] => {
  const when = urgency(f);
  const what =
    f.suggestedQuantity === undefined
      ? `Raise a purchase order for ${who(f)}${opt(f.supplierName, (s) => ` with ${s}`)}`
      : `Order ${order(f, f.suggestedQuantity, true)}`;
  const why = present(stockCover(f), delivery(f)).join(', and ');
  const minimum =
    f.minimumOrderQuantity !== undefined &&
    f.minimumOrderQuantity > 1 &&
    f.suggestedQuantity === f.minimumOrderQuantity
      ? `That is ${f.supplierName ?? 'the supplier'}'s minimum order of ${q(f, f.minimumOrderQuantity)}.`
      : undefined;
  const pending = pendingOrder(f);
  return [
    `${what}${opt(when, (w) => ` ${w}`)}${why === '' ? '' : `: ${why}`}.`,
    pending === undefined ? undefined : `${pending}.`,
    minimum,
  ];
};

const poPostponed = (f: Facts): Sentence[] => {
  const incoming = onOrderQty(f);
  const details = present(
    f.supplierName,
    incoming === undefined ? undefined : `${q(f, incoming)} on order`,
  );
  const move =
    f.suggestedExpectedAt === undefined
      ? ''
      : f.expectedAt === undefined
        ? ` to ${date(f.suggestedExpectedAt)}`
        : ` from ${date(f.expectedAt)} to ${date(f.suggestedExpectedAt)}`;
  const why = stockCover(f);
  const total = (f.available ?? 0) + (incoming ?? 0);
  const reason =
    f.available !== undefined &&
    incoming !== undefined &&
    f.maxStock !== undefined &&
    total > f.maxStock
      ? `Receiving it now would take stock to ${q(f, total)}, above the maximum of ${q(f, f.maxStock)}.`
      : f.available !== undefined && f.reorderPoint !== undefined && f.available > f.reorderPoint
        ? `That is above the reorder point of ${q(f, f.reorderPoint)}.`
        : undefined;
  return [
    `Postpone ${f.purchaseOrderNumber ?? 'the open purchase order'} for ${f.name}${details.length === 0 ? '' : ` (${details.join(', ')})`}${move}${opt(why, (w) => `: ${w}`)}.`,
    reason,
    `Ask ${f.supplierName ?? 'the supplier'} to move the delivery.`,
  ];
};

const byKind: Record<AdviceKind, (f: Facts) => Sentence[]> = {
  LOW_STOCK: lowStock,
  STOCKOUT: stockout,
  OVERSTOCK: overstock,
  PO_SUGGESTED: poSuggested,
  PO_POSTPONED: poPostponed,
};

/** Advice text for a request, from its figures alone (at most three sentences). */
export const ruleAdvice = (request: AdviceRequest): string =>
  present(...byKind[request.kind](readFacts(request)))
    .slice(0, 3)
    .join(' ');

/** An Advisor that needs no network and always answers, labelled RULES. */
export const createRuleAdvisor = (): Advisor => ({
  advise: (request: AdviceRequest) =>
    Promise.resolve({ text: ruleAdvice(request), source: 'RULES' as const }),
});

import { describe, expect, it } from 'vitest';
import type { AdviceKind, AdviceRequest } from '../../../cloud/services/advisor';
import { ADVICE_KINDS, createRuleAdvisor, ruleAdvice } from '../../../cloud/services/advisor';

const product = { sku: 'WID-BLUE', name: 'Blue widget', unit: 'ea' };

const figures = {
  available: 14,
  onOrder: 0,
  reorderPoint: 40,
  maxStock: 200,
  safetyStock: 12,
  dailyDemand: 4.7,
  leadTimeDays: 7,
  suggestedQuantity: 120,
  packSize: 60,
  minimumOrderQuantity: 60,
  supplierName: 'Acme',
  purchaseOrderNumber: 'PO-0042',
  expectedAt: '2026-11-20',
  suggestedExpectedAt: '2026-12-04',
};

const advise = (kind: AdviceKind, numbers: AdviceRequest['numbers'], unit = 'ea') =>
  ruleAdvice({ kind, product: { ...product, unit }, numbers });

/** Sentences start after end punctuation and a space; "4.7" has no space, so it stays whole. */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/);

describe('the rule advisor', () => {
  it.each<[AdviceKind, AdviceRequest['numbers'], string[]]>([
    [
      'LOW_STOCK',
      figures,
      [
        '14 ea available',
        'reorder point of 40 ea',
        'safety stock of 12 ea',
        '3 days at 4.7 ea/day',
        'delivery takes 7 days',
        'Order 120 ea from Acme (2 packs of 60) today',
      ],
    ],
    [
      'STOCKOUT',
      { ...figures, available: 0, onOrder: 60 },
      [
        'out of stock',
        '4.7 ea/day going unmet',
        '60 ea is already on order (PO-0042), due 20 Nov 2026',
        'ask Acme to expedite',
        'Order 120 ea from Acme',
        'delivery takes 7 days',
      ],
    ],
    [
      'OVERSTOCK',
      { ...figures, available: 400, onOrder: 60 },
      [
        '400 ea available',
        'maximum of 200 ea (200 ea over)',
        '85 days of stock',
        '60 ea is already on order (PO-0042)',
        'postpone or reduce',
      ],
    ],
    [
      'PO_SUGGESTED',
      figures,
      [
        'Order 120 ea of Blue widget from Acme (2 packs of 60) today: 14 ea available covers 3 days at 4.7 ea/day, and delivery takes 7 days.',
      ],
    ],
    [
      'PO_POSTPONED',
      { ...figures, available: 400, onOrder: 60 },
      [
        'Postpone PO-0042',
        '(Acme, 60 ea on order)',
        'from 20 Nov 2026 to 4 Dec 2026',
        '400 ea available covers 85 days',
        'stock to 460 ea, above the maximum of 200 ea',
      ],
    ],
  ])('advises on %s with the key figures and their units', async (kind, numbers, expected) => {
    const advice = await createRuleAdvisor().advise({ kind, product, numbers });
    expect(advice.source).toBe('RULES');
    for (const phrase of expected) expect(advice.text).toContain(phrase);
    expect(sentences(advice.text).length).toBeLessThanOrEqual(3);
  });

  it('writes the product’s own unit, decimals and thousands', () => {
    const text = advise(
      'PO_SUGGESTED',
      { available: 2.5, dailyDemand: 0.35, leadTimeDays: 1, suggestedQuantity: 1200 },
      'kg',
    );
    expect(text).toBe(
      'Order 1,200 kg of Blue widget within 6 days: 2.5 kg available covers 7 days at 0.35 kg/day, and delivery takes 1 day.',
    );
  });

  it('says how many days are left to order when cover outlasts the lead time', () => {
    const text = advise('LOW_STOCK', { ...figures, available: 38 });
    expect(text).toContain('That covers 8 days at 4.7 ea/day');
    expect(text).toContain('Order 120 ea from Acme (2 packs of 60) within 1 day.');
  });

  it('notes when the suggested quantity is the supplier’s minimum order', () => {
    const text = advise('PO_SUGGESTED', { ...figures, suggestedQuantity: 60 });
    expect(text).toContain('Order 60 ea of Blue widget from Acme (1 pack of 60)');
    expect(text).toContain("That is Acme's minimum order of 60 ea.");
  });

  it('warns of overstock from an incoming order before stock is over the maximum', () => {
    const text = advise('OVERSTOCK', { ...figures, available: 150, onOrder: 100 });
    expect(text).toContain(
      'is heading for overstock: 150 ea available plus 100 ea on order makes 250 ea, above the maximum of 200 ea.',
    );
    expect(text).toContain('Postpone or reduce PO-0042 (due 20 Nov 2026)');
  });

  it('accepts figures sent as numeric text', () => {
    expect(advise('LOW_STOCK', { available: '14', reorderPoint: ' 40 ' })).toContain(
      '14 ea available against a reorder point of 40 ea',
    );
  });

  it('ignores text where a quantity belongs', () => {
    const text = advise('LOW_STOCK', { available: 'lots', reorderPoint: '4O', dailyDemand: '1e3' });
    expect(text).toBe('Blue widget (WID-BLUE) is running low. Raise a purchase order soon.');
  });

  const broken = {
    none: {},
    nulls: Object.fromEntries(Object.keys(figures).map((k) => [k, null])),
    garbage: Object.fromEntries(
      Object.keys(figures).map((k, i) => [k, [Number.NaN, Infinity, '', '   '][i % 4] ?? null]),
    ),
  };

  describe.each(Object.entries(broken))('with %s for figures', (_label, numbers) => {
    it.each(ADVICE_KINDS)('still advises on %s without inventing a figure', (kind) => {
      const text = advise(kind, numbers);
      expect(text).toMatch(/^[A-Z].*\.$/);
      expect(text).not.toMatch(/undefined|NaN|Infinity|null/);
      // The product has no digits in its name or SKU, so any digit would be made up.
      expect(text).not.toMatch(/\d/);
      expect(text).toContain('Blue widget');
      expect(sentences(text).length).toBeLessThanOrEqual(3);
    });
  });

  it('leaves out a clause whose figures are missing instead of guessing', () => {
    const text = advise('PO_SUGGESTED', { suggestedQuantity: 120, available: 14 });
    expect(text).toBe('Order 120 ea of Blue widget: 14 ea available.');
  });

  it('gives the same advice for the same request every time', async () => {
    const advisor = createRuleAdvisor();
    for (const kind of ADVICE_KINDS) {
      const request: AdviceRequest = { kind, product, numbers: { ...figures, onOrder: 60 } };
      const first = await advisor.advise(request);
      const second = await advisor.advise(structuredClone(request));
      expect(second).toEqual(first);
    }
  });
});

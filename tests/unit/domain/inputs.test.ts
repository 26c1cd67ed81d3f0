import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { StockMateError } from '../../../shared';
import {
  adjustStockInput,
  countStockInput,
  createSupplierInput,
  createWarehouseInput,
  draftPurchaseOrderInput,
  isStockMateError,
  issueStockInput,
  parseInput,
  postponePurchaseOrderInput,
  receivePurchaseOrderInput,
  registerProductInput,
  reserveStockInput,
  storable,
  storableText,
  transferStockInput,
  updateProductInput,
} from '../../../shared';

const ID = '3f0f5c1e-8a43-4c6e-9d2b-1a7e5b9c0d11';
const OTHER_ID = '9b2d4e6f-1c3a-4b5d-8e7f-0a1b2c3d4e5f';
const money = { amountMinor: 250, currency: 'EUR' };

/** The ValidationError parsing gives, or a failed test if the input parses. */
const rejection = (schema: z.ZodType, input: unknown): StockMateError => {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (isStockMateError(error)) return error;
    throw error;
  }
  return expect.fail(`expected ${JSON.stringify(input)} to be refused`);
};

const fieldsOf = (schema: z.ZodType, input: unknown): string[] => {
  const error = rejection(schema, input);
  expect(error.type).toBe('ValidationError');
  return error.fields.map((f) => f.field);
};

const issue = { productId: ID, warehouseId: OTHER_ID, quantity: 3 };
const product = { sku: 'WID-001', name: 'Widget', unitCost: money };

describe('missing fields and wrong types', () => {
  it('names every missing field at once', () => {
    expect(fieldsOf(issueStockInput, {})).toEqual(['productId', 'warehouseId', 'quantity']);
  });

  it.each([
    ['a quantity given as text', { ...issue, quantity: '3' }, 'quantity'],
    ['a product id given as a number', { ...issue, productId: 7 }, 'productId'],
    ['a null quantity', { ...issue, quantity: null }, 'quantity'],
  ])('refuses %s, naming it', (_what, input, field) => {
    expect(fieldsOf(issueStockInput, input)).toEqual([field]);
  });

  it('refuses something that is not an object at all', () => {
    expect(fieldsOf(issueStockInput, 'issue 3 widgets')).toEqual(['input']);
  });
});

describe('quantities', () => {
  it.each([0, -1, 2.5, 1_000_000_001, Number.NaN])('refuses a quantity of %s', (quantity) => {
    expect(fieldsOf(issueStockInput, { ...issue, quantity })).toEqual(['quantity']);
  });

  it('accepts the largest quantity allowed', () => {
    expect(parseInput(issueStockInput, { ...issue, quantity: 1_000_000_000 }).quantity).toBe(
      1_000_000_000,
    );
  });

  it.each([0, 1.5, 1_000_000_001, -1_000_000_001])('refuses an adjustment of %s', (delta) => {
    const input = { productId: ID, warehouseId: OTHER_ID, delta, reason: 'damaged' };
    expect(fieldsOf(adjustStockInput, input)).toEqual(['delta']);
  });

  it('accepts a count of zero but not a negative count', () => {
    const input = { productId: ID, warehouseId: OTHER_ID, countedQuantity: 0 };
    expect(parseInput(countStockInput, input).countedQuantity).toBe(0);
    expect(fieldsOf(countStockInput, { ...input, countedQuantity: -1 })).toEqual([
      'countedQuantity',
    ]);
  });

  it('names the quantity of the line that is wrong', () => {
    const input = {
      supplierId: ID,
      warehouseId: OTHER_ID,
      expectedAt: '2025-03-20',
      lines: [
        { productId: ID, quantity: 5, unitCost: money },
        { productId: OTHER_ID, quantity: 0, unitCost: money },
      ],
    };
    expect(fieldsOf(draftPurchaseOrderInput, input)).toEqual(['lines.1.quantity']);
  });
});

describe('strings, ids, currencies and dates', () => {
  it('refuses a 10,000-character name', () => {
    expect(fieldsOf(registerProductInput, { ...product, name: 'x'.repeat(10_000) })).toEqual([
      'name',
    ]);
  });

  it('refuses a name of only spaces and trims one with spaces around it', () => {
    expect(fieldsOf(registerProductInput, { ...product, name: '   ' })).toEqual(['name']);
    expect(parseInput(registerProductInput, { ...product, name: '  Widget  ' }).name).toBe(
      'Widget',
    );
  });

  it('refuses a reference over 64 characters and a note over 1000', () => {
    expect(fieldsOf(issueStockInput, { ...issue, reference: 'r'.repeat(65) })).toEqual([
      'reference',
    ]);
    const count = { productId: ID, warehouseId: OTHER_ID, countedQuantity: 1 };
    expect(parseInput(countStockInput, { ...count, note: 'n'.repeat(1000) }).note).toHaveLength(
      1000,
    );
    expect(fieldsOf(countStockInput, { ...count, note: 'n'.repeat(1001) })).toEqual(['note']);
  });

  it.each([
    ['the NUL character', 'Wid\u0000get'],
    ['half of a surrogate pair at its end', 'Widget \uD83D'],
    ['the other half alone at its start', '\uDE00 Widget'],
    ['two halves the wrong way round', 'Wid\uDE00\uD83Dget'],
  ])('refuses a name holding %s, which no database column can store', (_what, name) => {
    const error = rejection(registerProductInput, { ...product, name });
    expect(error.fields).toEqual([
      { field: 'name', message: 'must not contain the NUL character or half of a surrogate pair' },
    ]);
  });

  it('accepts text with characters beyond the first plane, whose surrogate halves come in pairs', () => {
    expect(
      parseInput(registerProductInput, { ...product, name: 'Widget 😀 \uD83D\uDE00' }).name,
    ).toBe('Widget 😀 😀');
  });

  it.each([
    ['the NUL character', 'not\u0000now', 'not\uFFFDnow'],
    ['half of a pair at the end', 'cut at 😀\uD83D', 'cut at 😀\uFFFD'],
    ['halves the wrong way round', '\uDE00\uD83D!', '\uFFFD\uFFFD!'],
  ])('makes text kept as it came storable by replacing %s', (_what, text, kept) => {
    expect(storableText(text)).toBe(false);
    expect(storable(text)).toBe(kept);
    expect(storableText(storable(text))).toBe(true);
  });

  it('names such text wherever it is, with the other bad fields of the input, each once', () => {
    const input = {
      supplierId: ID,
      warehouseId: 'nope',
      expectedAt: '2025-03-20',
      lines: [
        { productId: ID, quantity: 5, unitCost: money },
        { productId: OTHER_ID, quantity: 0, unitCost: money },
      ],
      note: 'n\u0000',
      'colour\u0000': 'red',
    };
    expect(fieldsOf(draftPurchaseOrderInput, input).sort()).toEqual([
      'colour\u0000',
      'lines.1.quantity',
      'note',
      'warehouseId',
    ]);
  });

  it.each(['not-a-uuid', '3f0f5c1e8a434c6e9d2b1a7e5b9c0d11', `${ID}x`, ''])(
    'refuses the id %j',
    (productId) => {
      expect(fieldsOf(issueStockInput, { ...issue, productId })).toEqual(['productId']);
    },
  );

  it.each(['eur', 'EURO', 'E1R', ''])('refuses the currency %j, naming its path', (currency) => {
    expect(
      fieldsOf(registerProductInput, { ...product, unitCost: { ...money, currency } }),
    ).toEqual(['unitCost.currency']);
  });

  it('refuses a cost in fractions of a minor unit', () => {
    expect(
      fieldsOf(registerProductInput, { ...product, unitCost: { ...money, amountMinor: 2.5 } }),
    ).toEqual(['unitCost.amountMinor']);
  });

  it('refuses a SKU with spaces', () => {
    expect(fieldsOf(registerProductInput, { ...product, sku: 'WID 001' })).toEqual(['sku']);
  });

  it.each(['2025-02-30', '20250320', '2025-03-20T00:00:00Z'])(
    'refuses the expected date %j',
    (expectedAt) => {
      const input = { purchaseOrderId: ID, expectedAt };
      expect(fieldsOf(postponePurchaseOrderInput, input)).toEqual(['expectedAt']);
    },
  );

  it('refuses an expiry that is not a date-time with an offset', () => {
    const input = {
      productId: ID,
      warehouseId: OTHER_ID,
      quantity: 1,
      expiresAt: '2025-03-17 09:00',
    };
    expect(fieldsOf(reserveStockInput, input)).toEqual(['expiresAt']);
  });

  it.each(['9999-12-31T23:59:59-14:00', '0001-01-01T00:00:00+01:00'])(
    'refuses the expiry %s, which in UTC falls outside the years 0001 to 9999',
    (expiresAt) => {
      const input = { productId: ID, warehouseId: OTHER_ID, quantity: 1, expiresAt };
      const error = rejection(reserveStockInput, input);
      expect(error.fields).toEqual([
        { field: 'expiresAt', message: 'must fall in the years 0001 to 9999, in UTC' },
      ]);
    },
  );

  it('takes an expiry with an offset as the same instant in UTC', () => {
    const input = {
      productId: ID,
      warehouseId: OTHER_ID,
      quantity: 1,
      expiresAt: '9999-12-31T23:59:59+14:00',
    };
    expect(parseInput(reserveStockInput, input).expiresAt).toBe('9999-12-31T09:59:59.000Z');
  });

  it('refuses a manual adjustment with the stocktake reason, which only counts may use', () => {
    const input = { productId: ID, warehouseId: OTHER_ID, delta: 2, reason: 'stocktake' };
    expect(fieldsOf(adjustStockInput, input)).toEqual(['reason']);
  });

  it('refuses a transfer to the warehouse it comes from', () => {
    const input = { productId: ID, fromWarehouseId: ID, toWarehouseId: ID, quantity: 1 };
    expect(fieldsOf(transferStockInput, input)).toEqual(['toWarehouseId']);
  });
});

describe('unknown fields', () => {
  it.each([
    ['issueStock', issueStockInput, issue],
    ['registerProduct', registerProductInput, product],
    ['updateProduct', updateProductInput, { productId: ID }],
    ['createWarehouse', createWarehouseInput, { code: 'MAIN', name: 'Main' }],
    ['createSupplier', createSupplierInput, { name: 'Acme' }],
  ] as const)('%s refuses an unknown field, naming it', (_name, schema, valid) => {
    const error = rejection(schema, { ...valid, quantityy: 3 });
    expect(error.type).toBe('ValidationError');
    expect(error.fields).toEqual([{ field: 'quantityy', message: 'is not a known field' }]);
  });

  it('names the line that holds an unknown field', () => {
    const input = {
      purchaseOrderId: ID,
      lines: [{ lineId: OTHER_ID, quantity: 1, damaged: true }],
    };
    expect(fieldsOf(receivePurchaseOrderInput, input)).toEqual(['lines.0.damaged']);
  });
});

describe('defaults', () => {
  it('gives a new product unit ea, a 7-day lead time, 95% service and empty optionals', () => {
    expect(parseInput(registerProductInput, product)).toEqual({
      ...product,
      unit: 'ea',
      leadTimeDays: 7,
      serviceLevel: 0.95,
      barcode: null,
      minStock: null,
      maxStock: null,
      category: null,
      preferredSupplierId: null,
    });
  });

  it.each(['', '   ', null])('turns optional text of %j into null', (blank) => {
    const parsed = parseInput(registerProductInput, {
      ...product,
      barcode: blank,
      category: blank,
    });
    expect(parsed).toMatchObject({ barcode: null, category: null });
    expect(parseInput(issueStockInput, { ...issue, reference: blank }).reference).toBeNull();
  });

  it('still checks optional text that is not blank', () => {
    expect(fieldsOf(registerProductInput, { ...product, barcode: 'has space' })).toEqual([
      'barcode',
    ]);
    expect(
      parseInput(registerProductInput, { ...product, barcode: ' 4006381333931 ' }).barcode,
    ).toBe('4006381333931');
  });

  it('gives a new supplier a 7-day lead time and order multiples of 1', () => {
    expect(parseInput(createSupplierInput, { name: 'Acme' })).toEqual({
      name: 'Acme',
      email: null,
      phone: null,
      leadTimeDays: 7,
      minimumOrderQuantity: 1,
      packSize: 1,
      unitPrice: null,
    });
  });

  it('receives a purchase order without over-receipt unless asked', () => {
    const input = { purchaseOrderId: ID, lines: [{ lineId: OTHER_ID, quantity: 1 }] };
    expect(parseInput(receivePurchaseOrderInput, input).allowOverReceipt).toBe(false);
  });

  it('keeps the values given over the defaults', () => {
    const parsed = parseInput(registerProductInput, {
      ...product,
      unit: 'box',
      leadTimeDays: 0,
      serviceLevel: 0.99,
    });
    expect(parsed).toMatchObject({ unit: 'box', leadTimeDays: 0, serviceLevel: 0.99 });
  });

  it('refuses a service level outside 0.5–0.999', () => {
    expect(fieldsOf(registerProductInput, { ...product, serviceLevel: 1 })).toEqual([
      'serviceLevel',
    ]);
  });
});

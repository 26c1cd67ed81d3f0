/** The product form's text values, and the registerProduct / updateProduct input made from them. */
import type { Product } from '../../api/types';
import { moneyText, parseMoney } from '../../ui/format';

export type ProductValues = {
  sku: string;
  name: string;
  unit: string;
  barcode: string;
  category: string;
  unitCost: string;
  currency: string;
  leadTimeDays: string;
  serviceLevel: string;
  minStock: string;
  maxStock: string;
  preferredSupplierId: string;
};

export const emptyProduct: ProductValues = {
  sku: '',
  name: '',
  unit: 'ea',
  barcode: '',
  category: '',
  unitCost: '',
  currency: 'EUR',
  leadTimeDays: '7',
  serviceLevel: '0.95',
  minStock: '',
  maxStock: '',
  preferredSupplierId: '',
};

export const productValues = (p: Product): ProductValues => ({
  sku: p.sku,
  name: p.name,
  unit: p.unit,
  barcode: p.barcode ?? '',
  category: p.category ?? '',
  unitCost: moneyText(p.unitCost.amountMinor, p.unitCost.currency),
  currency: p.unitCost.currency,
  leadTimeDays: String(p.leadTimeDays),
  serviceLevel: String(p.serviceLevel),
  minStock: p.minStock === null ? '' : String(p.minStock),
  maxStock: p.maxStock === null ? '' : String(p.maxStock),
  preferredSupplierId: p.preferredSupplierId ?? '',
});

/** A number typed in a field: blank is "not given"; anything unreadable fails the schema's check. */
export const numberOf = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text.trim().replace(',', '.'));

const text = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The input of registerProduct: blank optional fields are left out, so their defaults apply. */
export const registerInput = (v: ProductValues): Record<string, unknown> => {
  const currency = v.currency.trim().toUpperCase();
  const input: Record<string, unknown> = {
    sku: v.sku.trim(),
    name: v.name.trim(),
    unit: text(v.unit),
    barcode: text(v.barcode),
    category: text(v.category),
    unitCost: { amountMinor: parseMoney(v.unitCost, currency) ?? Number.NaN, currency },
    leadTimeDays: numberOf(v.leadTimeDays),
    serviceLevel: numberOf(v.serviceLevel),
    minStock: numberOf(v.minStock),
    maxStock: numberOf(v.maxStock),
    preferredSupplierId: text(v.preferredSupplierId),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
};

/** The input of updateProduct: every field, blank optional ones cleared. */
export const updateInput = (productId: string, v: ProductValues): Record<string, unknown> => {
  const given = registerInput(v);
  return {
    productId,
    ...given,
    barcode: given['barcode'] ?? null,
    category: given['category'] ?? null,
    minStock: given['minStock'] ?? null,
    maxStock: given['maxStock'] ?? null,
    preferredSupplierId: given['preferredSupplierId'] ?? null,
  };
};

/** Errors about the money's parts are shown by the unit cost and currency fields. */
export const renameProductField = (path: string): string =>
  path === 'unitCost.currency' ? 'currency' : path;

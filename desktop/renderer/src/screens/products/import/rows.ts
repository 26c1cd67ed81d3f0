/**
 * Rows of a product CSV as registerProduct inputs, checked with the shared schema so a row is
 * refused here with the message the API would give, before anything is sent.
 */
import { parseInput, registerProductInput } from '../../../../../../shared';
import { newId } from '../../../api/keys';
import type { Supplier } from '../../../api/types';
import { parseMoney } from '../../../ui/format';
import { numberOf } from '../productInput';

/** The fields a column can fill, by the names a header may use (compared without case or spaces). */
const headerNames: Readonly<Record<string, string>> = {
  sku: 'sku',
  name: 'name',
  unit: 'unit',
  barcode: 'barcode',
  ean: 'barcode',
  category: 'category',
  unitcost: 'unitCost',
  cost: 'unitCost',
  currency: 'currency',
  leadtimedays: 'leadTimeDays',
  leadtime: 'leadTimeDays',
  servicelevel: 'serviceLevel',
  minstock: 'minStock',
  reorderpoint: 'minStock',
  maxstock: 'maxStock',
  maximumstock: 'maxStock',
  supplier: 'supplier',
  preferredsupplier: 'supplier',
};

export const requiredColumns = ['sku', 'name', 'unitCost'] as const;

export interface ImportRow {
  /** The line of the file (the header is line 1). */
  readonly line: number;
  readonly sku: string;
  readonly name: string;
  readonly input: Record<string, unknown> | null;
  readonly problems: readonly string[];
  readonly idempotencyKey: string;
}

export interface ImportPlan {
  readonly columns: readonly { readonly header: string; readonly field: string | null }[];
  readonly missing: readonly string[];
  readonly rows: readonly ImportRow[];
}

const columnKey = (header: string) => header.toLowerCase().replace(/[\s_-]/g, '');

const rowInput = (
  cells: Readonly<Record<string, string>>,
  suppliers: ReadonlyMap<string, Supplier>,
  defaultCurrency: string,
): { input: Record<string, unknown>; problems: string[] } => {
  const get = (field: string) => cells[field]?.trim() ?? '';
  const currency = (get('currency') || defaultCurrency).toUpperCase();
  const problems: string[] = [];
  const supplierName = get('supplier');
  const supplier = supplierName === '' ? undefined : suppliers.get(supplierName.toLowerCase());
  if (supplierName !== '' && supplier === undefined) {
    problems.push(`supplier: no supplier named “${supplierName}”`);
  } else if (supplier?.archived === true) {
    problems.push(
      `supplier: ${supplier.name} is archived; restore it before products can prefer it`,
    );
  }
  const supplierId = supplier?.archived === false ? supplier.supplierId : undefined;
  const input: Record<string, unknown> = {
    sku: get('sku'),
    name: get('name'),
    unit: get('unit') || undefined,
    barcode: get('barcode') || undefined,
    category: get('category') || undefined,
    unitCost: { amountMinor: parseMoney(get('unitCost'), currency) ?? Number.NaN, currency },
    leadTimeDays: numberOf(get('leadTimeDays')),
    serviceLevel: numberOf(get('serviceLevel')),
    minStock: numberOf(get('minStock')),
    maxStock: numberOf(get('maxStock')),
    preferredSupplierId: supplierId,
  };
  return {
    input: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    problems,
  };
};

const schemaProblems = (input: Record<string, unknown>): string[] => {
  try {
    parseInput(registerProductInput, input);
    return [];
  } catch (error) {
    const fields = (error as { fields?: readonly { field: string; message: string }[] }).fields;
    return (fields ?? [{ field: 'row', message: String(error) }]).map(
      (f) =>
        `${f.field.replace('unitCost.amountMinor', 'unitCost').replace('unitCost.currency', 'currency')}: ${f.message}`,
    );
  }
};

/** Reads the header, maps the columns and checks every row; nothing is sent yet. */
export const planImport = (
  table: readonly (readonly string[])[],
  suppliers: readonly Supplier[],
  defaultCurrency = 'EUR',
): ImportPlan => {
  const [header = [], ...body] = table;
  const columns = header.map((h) => ({ header: h, field: headerNames[columnKey(h)] ?? null }));
  const present = new Set(columns.map((c) => c.field));
  const missing = requiredColumns.filter((c) => !present.has(c));
  // By name, an active supplier before an archived one of the same name.
  const byName = new Map(
    [...suppliers]
      .sort((a, b) => Number(b.archived) - Number(a.archived))
      .map((s) => [s.name.toLowerCase(), s]),
  );
  const batch = newId();
  const seen = new Map<string, number>();
  const rows = body.map((cells, index): ImportRow => {
    const line = index + 2;
    const byField: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c.field !== null) byField[c.field] = cells[i] ?? '';
    });
    const { input, problems } = rowInput(byField, byName, defaultCurrency);
    const sku = typeof input['sku'] === 'string' ? input['sku'] : '';
    const all = [...problems, ...schemaProblems(input)];
    const earlier = seen.get(sku.toLowerCase());
    if (sku !== '' && earlier !== undefined) all.push(`sku: ${sku} is already on line ${earlier}`);
    else if (sku !== '') seen.set(sku.toLowerCase(), line);
    return {
      line,
      sku,
      name: typeof input['name'] === 'string' ? input['name'] : '',
      input: all.length === 0 ? input : null,
      problems: all,
      idempotencyKey: `csv:${batch}:${line}`,
    };
  });
  return { columns, missing, rows };
};

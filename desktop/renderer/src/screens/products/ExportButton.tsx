/** Exports the filtered product list to a CSV file, page by page, with its progress on the button. */
import { useState } from 'react';
import { productsQuery } from '../../api/queries';
import type { Product, ProductPage } from '../../api/types';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { describeError } from '../../api/errors';
import { formatNumber, moneyText } from '../../ui/format';
import { csvCell, toCsvLine } from './import/csv';
import type { ProductQuery } from './useProductPages';
import { variablesOf } from './useProductPages';

/** The columns of the file; the first ones are those the importer reads back. */
export const exportColumns = [
  'sku',
  'name',
  'unit',
  'barcode',
  'category',
  'unitCost',
  'currency',
  'leadTimeDays',
  'serviceLevel',
  'minStock',
  'maxStock',
  'onHand',
  'available',
  'onOrder',
  'status',
] as const;

export const productLine = (p: Product): string =>
  toCsvLine([
    csvCell(p.sku, true),
    csvCell(p.name, true),
    csvCell(p.unit, true),
    csvCell(p.barcode, true),
    csvCell(p.category, true),
    csvCell(moneyText(p.unitCost.amountMinor, p.unitCost.currency)),
    csvCell(p.unitCost.currency),
    csvCell(p.leadTimeDays),
    csvCell(p.serviceLevel),
    csvCell(p.minStock),
    csvCell(p.maxStock),
    csvCell(p.stock?.onHand),
    csvCell(p.stock?.available),
    csvCell(p.stock?.onOrder),
    csvCell(p.stock?.status),
  ]);

const download = (name: string, parts: readonly string[]) => {
  const url = URL.createObjectURL(new Blob([...parts], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const ExportButton = ({ query }: { readonly query: ProductQuery }) => {
  const { api } = useServices();
  const toast = useToast();
  const [progress, setProgress] = useState<string | null>(null);

  const run = async () => {
    const parts = [toCsvLine([...exportColumns])];
    let nextToken: string | null = null;
    let done = 0;
    do {
      const { products }: { products: ProductPage } = await api.query(productsQuery, {
        ...variablesOf(query),
        limit: 500,
        nextToken,
      });
      parts.push(...products.items.map(productLine));
      done += products.items.length;
      nextToken = products.nextToken;
      setProgress(`${formatNumber(done)} / ${formatNumber(products.total)}`);
    } while (nextToken !== null);
    download(`products-${new Date().toISOString().slice(0, 10)}.csv`, parts);
    toast({ tone: 'ok', title: `Exported ${formatNumber(done)} products` });
  };

  return (
    <button
      type="button"
      className="btn"
      disabled={progress !== null}
      onClick={() => {
        setProgress('starting');
        run()
          .catch((error: unknown) =>
            toast({ tone: 'bad', title: 'Export failed', body: describeError(error) }),
          )
          .finally(() => setProgress(null));
      }}
    >
      {progress === null ? 'Export CSV' : `Exporting ${progress}…`}
    </button>
  );
};

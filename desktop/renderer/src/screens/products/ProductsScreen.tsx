/** The catalogue: search, filter and sort 100,000 products; create, import and export them. */
import { useRef, useState } from 'react';
import type { StockStatus } from '../../api/types';
import { useCan } from '../../app/context';
import { useShortcuts } from '../../app/shortcuts';
import { useDebounced } from '../../hooks/useDebounced';
import { formatNumber } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Failed } from '../../ui/States';
import { ExportButton } from './ExportButton';
import { CsvImport } from './import/CsvImport';
import { ProductFilters } from './ProductFilters';
import { ProductForm } from './ProductForm';
import { ProductTable } from './ProductTable';
import type { ProductQuery, SortField } from './useProductPages';
import { useProductPages } from './useProductPages';

// No fixed wait: results should follow typing within 100 ms. Fast typing is coalesced instead —
// while one search is out, only the latest text waits for it (see useProductPages).
const SEARCH_DELAY_MS = 0;

export const ProductsScreen = ({
  initialStatus,
  initialWarehouseId,
}: {
  readonly initialStatus: StockStatus | null;
  readonly initialWarehouseId: string | null;
}) => {
  const canManage = useCan('MANAGER');
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed, SEARCH_DELAY_MS);
  const [filters, setFilters] = useState<Omit<ProductQuery, 'search'>>({
    status: initialStatus ?? '',
    warehouseId: initialWarehouseId ?? '',
    category: '',
    archived: false,
    sort: 'SKU',
    descending: false,
  });
  // The category is matched whole, so wait until the user stops typing it.
  const category = useDebounced(filters.category, 300);
  const query: ProductQuery = { ...filters, category, search };
  const pages = useProductPages(query);
  const [dialog, setDialog] = useState<'new' | 'import' | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  useShortcuts({
    '/': () => searchBox.current?.focus(),
    n: () => canManage && setDialog('new'),
  });

  const sortBy = (field: SortField) =>
    setFilters((f) => ({
      ...f,
      sort: field,
      descending: f.sort === field ? !f.descending : field === 'UPDATED_AT',
    }));

  return (
    <Page
      title="Products"
      className="page-fill"
      subtitle={
        pages.total === null
          ? 'Loading products…'
          : `${formatNumber(pages.total)} ${pages.total === 1 ? 'product matches' : 'products match'}`
      }
      actions={
        <>
          <ExportButton query={query} />
          {canManage ? (
            <>
              <button type="button" className="btn" onClick={() => setDialog('import')}>
                Import CSV
              </button>
              <button type="button" className="btn btn-primary" onClick={() => setDialog('new')}>
                New product
              </button>
            </>
          ) : null}
        </>
      }
    >
      <div className="toolbar">
        <div className="search">
          <label htmlFor="product-search" className="sr-only">
            Search products
          </label>
          <input
            id="product-search"
            ref={searchBox}
            type="search"
            placeholder="Search SKU, name or barcode"
            title="Search (/)"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <ProductFilters
          value={filters}
          onChange={(change) => setFilters((f) => ({ ...f, ...change }))}
        />
      </div>
      {pages.error && pages.items.length === 0 ? (
        <Failed error={pages.error} retry={pages.reload} />
      ) : (
        <ProductTable pages={pages} query={query} onSort={sortBy} />
      )}
      {pages.total === 0 ? (
        <p className="table-empty">
          {search ? `No product matches “${search}”.` : 'No products here yet.'}
          {canManage && !search ? ' Create one or import a CSV file.' : ''}
        </p>
      ) : null}
      {dialog === 'new' ? (
        <ProductForm
          product={null}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            pages.reload();
          }}
        />
      ) : null}
      {dialog === 'import' ? (
        <CsvImport
          onClose={() => {
            setDialog(null);
            pages.reload();
          }}
        />
      ) : null}
    </Page>
  );
};

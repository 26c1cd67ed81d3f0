/**
 * The product list as a virtualized table: only the rows on screen (and a few around them) are
 * in the page, so 100,000 products scroll like 100. Rows not loaded yet show as placeholders
 * while their page is fetched.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import type { Product } from '../../api/types';
import { paths } from '../../app/routes';
import { StockBadge } from '../../ui/Badge';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import type { ProductPages, ProductQuery, SortField } from './useProductPages';

const ROW_HEIGHT = 36;

interface Column {
  readonly label: string;
  readonly sort?: SortField;
  readonly numeric?: boolean;
  readonly cell: (p: Product) => ReactNode;
}

const dash = (value: number | null | undefined) => (value == null ? '—' : formatNumber(value));

const columns: readonly Column[] = [
  {
    label: 'SKU',
    sort: 'SKU',
    cell: (p) => (
      <a href={paths.product(p.productId)} className="mono">
        {p.sku}
      </a>
    ),
  },
  { label: 'Name', sort: 'NAME', cell: (p) => p.name },
  { label: 'Category', cell: (p) => p.category ?? '' },
  { label: 'Status', cell: (p) => (p.stock ? <StockBadge status={p.stock.status} /> : null) },
  { label: 'Available', sort: 'AVAILABLE', numeric: true, cell: (p) => dash(p.stock?.available) },
  {
    label: 'On order',
    numeric: true,
    cell: (p) => (p.stock?.onOrder ? formatNumber(p.stock.onOrder) : '—'),
  },
  { label: 'Reorder at', numeric: true, cell: (p) => dash(p.stock?.reorderPoint) },
  { label: 'Unit cost', numeric: true, cell: (p) => formatMoney(p.unitCost) },
  { label: 'Updated', sort: 'UPDATED_AT', cell: (p) => formatDate(p.updatedAt) },
];

const ariaSort = (query: ProductQuery, field: SortField | undefined) =>
  field === undefined || query.sort !== field
    ? undefined
    : query.descending
      ? 'descending'
      : 'ascending';

export const ProductTable = ({
  pages,
  query,
  onSort,
}: {
  readonly pages: ProductPages;
  readonly query: ProductQuery;
  readonly onSort: (field: SortField) => void;
}) => {
  const scroller = useRef<HTMLDivElement>(null);
  const count = pages.total ?? pages.items.length;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => pages.ensure(lastIndex), [lastIndex, pages]);

  // A new query starts at the top of its results.
  const shownKey = JSON.stringify(pages.shownQuery);
  useEffect(() => virtualizer.scrollToOffset(0), [shownKey, virtualizer]);

  return (
    <div
      className="ptable"
      role="table"
      aria-label="Products"
      aria-rowcount={count + 1}
      aria-busy={pages.loading}
      data-results-for={pages.shownQuery?.search ?? ''}
      data-ready={pages.shownQuery !== null ? 'true' : 'false'}
    >
      <div className="ptable-head" role="rowgroup">
        <div className="ptable-row" role="row" aria-rowindex={1}>
          {columns.map((c) => (
            <div
              key={c.label}
              role="columnheader"
              aria-sort={ariaSort(query, c.sort)}
              className={c.numeric ? 'num' : undefined}
            >
              {c.sort ? (
                <button type="button" className="sort" onClick={() => onSort(c.sort as SortField)}>
                  {c.label}
                  <span aria-hidden="true">
                    {query.sort === c.sort ? (query.descending ? ' ▼' : ' ▲') : ''}
                  </span>
                </button>
              ) : (
                c.label
              )}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={scroller}
        className="ptable-body"
        role="rowgroup"
        tabIndex={0}
        aria-label="Product rows"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((row) => {
            const product = pages.items[row.index];
            return (
              <div
                key={row.key}
                className={`ptable-row${product ? '' : ' placeholder'}${row.index % 2 ? ' odd' : ''}`}
                role="row"
                aria-rowindex={row.index + 2}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              >
                {columns.map((c) => (
                  <div key={c.label} role="cell" className={c.numeric ? 'num' : undefined}>
                    {product ? c.cell(product) : <span className="skeleton" />}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
};

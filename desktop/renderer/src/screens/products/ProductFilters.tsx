/**
 * Filters of the product list: stock status, warehouse, category, archived. Their labels are for
 * screen readers; on screen each control says what it filters ("Any status").
 */
import type { StockStatus } from '../../api/types';
import { useReference, warehouseOptions } from '../../app/reference';
import type { ProductQuery } from './useProductPages';

type Filters = Omit<ProductQuery, 'search'>;

const statusOptions: readonly [StockStatus | '', string][] = [
  ['', 'Any status'],
  ['OK', 'In stock'],
  ['LOW', 'Low'],
  ['STOCKOUT', 'Out of stock'],
  ['OVERSTOCK', 'Overstock'],
];

export const ProductFilters = ({
  value,
  onChange,
}: {
  readonly value: Filters;
  readonly onChange: (change: Partial<Filters>) => void;
}) => {
  const { warehouses } = useReference();
  return (
    <div className="filters">
      <label className="inline-field">
        <span className="sr-only">Status</span>
        <select
          value={value.status}
          onChange={(e) => onChange({ status: e.target.value as StockStatus | '' })}
        >
          {statusOptions.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span className="sr-only">Warehouse</span>
        <select
          value={value.warehouseId}
          onChange={(e) => onChange({ warehouseId: e.target.value })}
        >
          <option value="">All warehouses</option>
          {warehouseOptions(warehouses).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span className="sr-only">Category</span>
        <input
          type="text"
          value={value.category}
          placeholder="Any category"
          onChange={(e) => onChange({ category: e.target.value })}
          size={10}
        />
      </label>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={value.archived}
          onChange={(e) => onChange({ archived: e.target.checked })}
        />
        <span>Archived</span>
      </label>
    </div>
  );
};

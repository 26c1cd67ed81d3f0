/** Products at or below their reorder point, the furthest below first (the API's order). */
import type { StockStatus } from '../../api/types';
import { paths } from '../../app/routes';
import { StockBadge } from '../../ui/Badge';
import { formatNumber } from '../../ui/format';
import { Empty } from '../../ui/States';

export interface LowItem {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly available: number;
  readonly reorderPoint: number;
  readonly onOrder: number;
  readonly status: StockStatus;
}

const LIMIT = 8;

export const AttentionList = ({ items }: { readonly items: readonly LowItem[] }) => {
  if (items.length === 0) {
    return <Empty title="All products are above their reorder points" />;
  }
  return (
    <>
      <table className="table table-compact">
        <caption className="sr-only">Products below their reorder point</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Available
            </th>
            <th scope="col" className="num">
              Reorder at
            </th>
            <th scope="col" className="num">
              On order
            </th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, LIMIT).map((item) => (
            <tr key={item.productId}>
              <td>
                <a href={paths.product(item.productId)}>
                  <span className="mono">{item.sku}</span> {item.name}
                </a>
              </td>
              <td>
                <StockBadge status={item.status} />
              </td>
              <td className="num">{formatNumber(item.available)}</td>
              <td className="num">{formatNumber(item.reorderPoint)}</td>
              <td className="num">{item.onOrder > 0 ? formatNumber(item.onOrder) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > LIMIT ? (
        <p className="more">
          <a href={paths.productsWith({ status: 'LOW' })}>
            {items.length - LIMIT} more below reorder point
          </a>
        </p>
      ) : null}
    </>
  );
};

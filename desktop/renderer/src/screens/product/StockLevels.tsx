/** Stock of one product per warehouse. */
import type { Product } from '../../api/types';
import { useReference } from '../../app/reference';
import { formatNumber } from '../../ui/format';
import { Panel } from '../../ui/Page';
import { Empty } from '../../ui/States';

export const StockLevels = ({ product }: { readonly product: Product }) => {
  const { warehouseName, warehouses } = useReference();
  // Codes keep the table narrow beside the chart; the full name is the cell's tooltip.
  const warehouseCode = (id: string) => warehouses.find((w) => w.warehouseId === id)?.code ?? '?';
  const levels = product.levels ?? [];
  return (
    <Panel title="Stock per warehouse">
      {levels.length === 0 ? (
        <Empty title="No stock anywhere yet">Receive stock to see it here.</Empty>
      ) : (
        <table className="table table-compact">
          <caption className="sr-only">Stock per warehouse</caption>
          <thead>
            <tr>
              <th scope="col">Warehouse</th>
              <th scope="col" className="num">
                On hand
              </th>
              <th scope="col" className="num">
                Reserved
              </th>
              <th scope="col" className="num">
                Available
              </th>
            </tr>
          </thead>
          <tbody>
            {levels.map((l) => (
              <tr key={l.warehouseId}>
                <td title={warehouseName(l.warehouseId)}>
                  <span className="mono">{warehouseCode(l.warehouseId)}</span>
                </td>
                <td className="num">{formatNumber(l.onHand)}</td>
                <td className="num">{formatNumber(l.reserved)}</td>
                <td className="num">{formatNumber(l.available)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
};

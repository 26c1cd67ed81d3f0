/** Purchase orders as a table: number, supplier, where, status, when expected, value. */
import type { PurchaseOrder } from '../../api/types';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { OrderBadge } from '../../ui/Badge';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { isLate, orderTotal, unitsOrdered } from './orderMath';

export const OrderTable = ({
  orders,
  caption,
}: {
  readonly orders: readonly PurchaseOrder[];
  readonly caption: string;
}) => {
  const { supplierName, warehouseName } = useReference();
  return (
    <div className="panel panel-flush">
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Supplier</th>
            <th scope="col">Warehouse</th>
            <th scope="col">Status</th>
            <th scope="col">Expected</th>
            <th scope="col" className="num">
              Lines
            </th>
            <th scope="col" className="num">
              Units
            </th>
            <th scope="col" className="num">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.purchaseOrderId}>
              <td>
                <a href={paths.order(o.purchaseOrderId)} className="mono">
                  {o.number}
                </a>
                {o.source === 'SUGGESTED' ? <span className="muted"> · suggested</span> : null}
              </td>
              <td>{supplierName(o.supplierId)}</td>
              <td>{warehouseName(o.warehouseId)}</td>
              <td>
                <OrderBadge status={o.status} />
              </td>
              <td className={isLate(o) ? 'neg' : undefined}>
                {formatDate(o.expectedAt)}
                {isLate(o) ? ' · late' : ''}
              </td>
              <td className="num">{o.lines.length}</td>
              <td className="num">{formatNumber(unitsOrdered(o))}</td>
              <td className="num">{orderTotal(o).map(formatMoney).join(' + ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

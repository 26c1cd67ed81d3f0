/**
 * Purchase orders as a table: number, supplier, where, status, when expected, and what each
 * holds — its lines, units and value, or, for one product, what its line ordered, received and
 * still has due.
 */
import type { PurchaseOrder } from '../../api/types';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { OrderBadge } from '../../ui/Badge';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { isLate, mayStillCome, orderTotal, remaining, unitsOrdered } from './orderMath';

const NO_LINE = { quantityOrdered: 0, quantityReceived: 0 };

/** The line of a product on an order (none when the order has no line of it). */
export const lineOf = (order: PurchaseOrder, productId: string) =>
  order.lines.find((l) => l.productId === productId) ?? NO_LINE;

const Num = ({ children }: { readonly children: string }) => (
  <th scope="col" className="num">
    {children}
  </th>
);

export const OrderTable = ({
  orders,
  caption,
  productId = null,
}: {
  readonly orders: readonly PurchaseOrder[];
  readonly caption: string;
  /** The product whose lines are shown; each order's totals when null. */
  readonly productId?: string | null;
}) => {
  const { supplierName, warehouseName } = useReference();
  return (
    <table className="table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Supplier</th>
          <th scope="col">Warehouse</th>
          <th scope="col">Status</th>
          <th scope="col">Expected</th>
          {productId === null ? (
            <>
              <Num>Lines</Num>
              <Num>Units</Num>
              <Num>Value</Num>
            </>
          ) : (
            <>
              <Num>Ordered</Num>
              <Num>Received</Num>
              <Num>Due</Num>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => {
          const line = productId === null ? null : lineOf(o, productId);
          return (
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
                <OrderBadge order={o} />
              </td>
              <td className={isLate(o) ? 'neg' : undefined}>
                {formatDate(o.expectedAt)}
                {isLate(o) ? ' · late' : ''}
              </td>
              {line === null ? (
                <>
                  <td className="num">{o.lines.length}</td>
                  <td className="num">{formatNumber(unitsOrdered(o))}</td>
                  <td className="num">{orderTotal(o).map(formatMoney).join(' + ')}</td>
                </>
              ) : (
                <>
                  <td className="num">{formatNumber(line.quantityOrdered)}</td>
                  <td className="num">{formatNumber(line.quantityReceived)}</td>
                  <td className="num">{mayStillCome(o) ? formatNumber(remaining(line)) : '—'}</td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};

/** Stock movements as a ledger: what moved, where, how much, and what was left. */
import type { Movement, MovementKind } from '../../api/types';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useProductNames } from '../../hooks/useProductNames';
import { formatAgo, formatDateTime, formatNumber } from '../../ui/format';

export const movementLabels: Readonly<Record<MovementKind, string>> = {
  RECEIPT: 'Received',
  ISSUE: 'Issued',
  ADJUSTMENT: 'Adjusted',
  TRANSFER_OUT: 'Transferred out',
  TRANSFER_IN: 'Transferred in',
};

const detail = (m: Movement): string =>
  [m.reason?.toLowerCase(), m.reference, m.note].filter(Boolean).join(' · ');

export const MovementTable = ({
  movements,
  showProduct = true,
  caption,
}: {
  readonly movements: readonly Movement[];
  readonly showProduct?: boolean;
  readonly caption: string;
}) => {
  const nameOf = useProductNames(showProduct ? movements.map((m) => m.productId) : []);
  const { warehouseName } = useReference();
  return (
    <table className="table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          {showProduct ? <th scope="col">Product</th> : null}
          <th scope="col">Movement</th>
          <th scope="col">Warehouse</th>
          <th scope="col" className="num">
            Quantity
          </th>
          <th scope="col" className="num">
            On hand after
          </th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {movements.map((m) => {
          const product = nameOf(m.productId);
          return (
            <tr key={m.eventId + m.warehouseId}>
              <td title={formatDateTime(m.occurredAt)}>{formatAgo(m.occurredAt)}</td>
              {showProduct ? (
                <td>
                  <a href={paths.product(m.productId)}>
                    {product ? `${product.sku} · ${product.name}` : '…'}
                  </a>
                </td>
              ) : null}
              <td>{movementLabels[m.kind]}</td>
              <td>{warehouseName(m.warehouseId)}</td>
              <td className={`num ${m.quantity < 0 ? 'neg' : 'pos'}`}>
                {m.quantity > 0 ? '+' : ''}
                {formatNumber(m.quantity)}
              </td>
              <td className="num">{formatNumber(m.onHandAfter)}</td>
              <td className="muted">{detail(m)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};

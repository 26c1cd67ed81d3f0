/**
 * The analyser's suggested orders with their reasoning; one click accepts (submits) one, and one
 * dismissed is not suggested again before a day the manager picks.
 */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import type { PurchaseOrder } from '../../api/types';
import { useCan, useServices } from '../../app/context';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useToast } from '../../app/toasts';
import { useProductNames } from '../../hooks/useProductNames';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { ChangeDialog } from './OrderActions';
import { orderTotal } from './orderMath';

export const SuggestedOrders = ({
  orders,
  onChanged,
}: {
  readonly orders: readonly PurchaseOrder[];
  readonly onChanged: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const canManage = useCan('MANAGER');
  const { supplierName, warehouseName } = useReference();
  const nameOf = useProductNames(orders.flatMap((o) => o.lines.map((l) => l.productId)));
  const [busy, setBusy] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<PurchaseOrder | null>(null);

  const accept = (order: PurchaseOrder) => {
    setBusy(order.purchaseOrderId);
    api
      .command('submitPurchaseOrder', { purchaseOrderId: order.purchaseOrderId }, newKey())
      .then(() => {
        toast({
          tone: 'ok',
          title: `${order.number} submitted to ${supplierName(order.supplierId)}`,
        });
        onChanged();
      })
      .catch((error: unknown) =>
        toast({
          tone: 'bad',
          title: `${order.number} was not changed`,
          body: describeError(error),
        }),
      )
      .finally(() => setBusy(null));
  };

  return (
    <div className="cards" aria-label="Suggested orders">
      {orders.map((o) => (
        <article
          key={o.purchaseOrderId}
          className="card suggestion"
          aria-label={`Suggested order ${o.number}`}
        >
          <header>
            <h3>
              <a href={paths.order(o.purchaseOrderId)} className="mono">
                {o.number}
              </a>
            </h3>
            <span className="muted">
              {supplierName(o.supplierId)} → {warehouseName(o.warehouseId)}
            </span>
          </header>
          <ul className="lines">
            {o.lines.map((l) => {
              const p = nameOf(l.productId);
              return (
                <li key={l.lineId}>
                  <strong>
                    {formatNumber(l.quantityOrdered)} {p?.unit ?? ''}
                  </strong>{' '}
                  <a href={paths.product(l.productId)}>{p ? `${p.sku} · ${p.name}` : '…'}</a>{' '}
                  <span className="muted">at {formatMoney(l.unitCost)}</span>
                </li>
              );
            })}
          </ul>
          {o.reason ? (
            <p className="reason">
              <strong>Why:</strong> {o.reason}
            </p>
          ) : null}
          <p className="muted">
            Expected {formatDate(o.expectedAt)} · {orderTotal(o).map(formatMoney).join(' + ')}
          </p>
          {canManage ? (
            <footer>
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy !== null}
                onClick={() => accept(o)}
              >
                {busy === o.purchaseOrderId ? 'Submitting…' : 'Accept and submit'}
              </button>
              <a className="btn" href={paths.order(o.purchaseOrderId)}>
                Review or edit
              </a>
              <button
                type="button"
                className="btn btn-ghost"
                disabled={busy !== null}
                onClick={() => setDismissing(o)}
              >
                Dismiss
              </button>
            </footer>
          ) : null}
        </article>
      ))}
      {dismissing !== null ? (
        <ChangeDialog
          order={dismissing}
          kind="dismiss"
          onClose={() => setDismissing(null)}
          onDone={() => {
            setDismissing(null);
            onChanged();
          }}
        />
      ) : null}
    </div>
  );
};

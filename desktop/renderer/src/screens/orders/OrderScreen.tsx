/** One purchase order: its lines, what arrived, what the analyser advises, and every next step. */
import { purchaseOrderQuery } from '../../api/queries';
import type { PurchaseOrder } from '../../api/types';
import { useCan } from '../../app/context';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useQuery } from '../../hooks/useQuery';
import { OrderBadge } from '../../ui/Badge';
import { formatDate, formatDateTime, formatMoney } from '../../ui/format';
import { Page, Panel } from '../../ui/Page';
import { Empty, Loaded } from '../../ui/States';
import { EventHistory } from '../product/EventHistory';
import { OrderActions } from './OrderActions';
import { OrderLines } from './OrderLines';
import { canReceive, isLate, orderTotal, receivedTotal } from './orderMath';
import { PostponeSuggestion } from './PostponeSuggestion';

export const OrderScreen = ({ purchaseOrderId }: { readonly purchaseOrderId: string }) => {
  const state = useQuery(
    (api) =>
      api.query<{ purchaseOrder: PurchaseOrder | null }>(purchaseOrderQuery, { purchaseOrderId }),
    [purchaseOrderId],
    'all',
  );
  const canManage = useCan('MANAGER');
  const { supplierName, warehouseName } = useReference();
  return (
    <Loaded state={state} what="the purchase order">
      {({ purchaseOrder: o }) =>
        o === null ? (
          <Page title="Order not found">
            <Empty
              title="There is no such purchase order"
              action={<a href={paths.orders}>Back to purchase orders</a>}
            />
          </Page>
        ) : (
          <Page
            title={`Purchase order ${o.number}`}
            subtitle={
              <>
                <OrderBadge order={o} /> {supplierName(o.supplierId)} →{' '}
                {warehouseName(o.warehouseId)} · expected{' '}
                <span className={isLate(o) ? 'neg' : undefined}>
                  {formatDate(o.expectedAt)}
                  {isLate(o) ? ' (late)' : ''}
                </span>{' '}
                ·{' '}
                {o.status === 'CLOSED'
                  ? `${receivedTotal(o).map(formatMoney).join(' + ')} received of ${orderTotal(o).map(formatMoney).join(' + ')} ordered`
                  : orderTotal(o).map(formatMoney).join(' + ')}
              </>
            }
            actions={canManage ? <OrderActions order={o} onChanged={state.reload} /> : null}
          >
            {o.source === 'SUGGESTED' && o.reason ? (
              <p className="callout">
                <strong>Suggested by the stock analyser:</strong> {o.reason}
                {o.suggestAgainOn ? (
                  <>
                    {' '}
                    <strong>Dismissed:</strong> not suggested again before{' '}
                    {formatDate(o.suggestAgainOn)}, unless it runs out of stock.
                  </>
                ) : null}
              </p>
            ) : null}
            {o.note ? (
              <p className="callout callout-plain">
                <strong>Note:</strong> {o.note}
              </p>
            ) : null}
            {canReceive(o) ? <PostponeSuggestion order={o} onChanged={state.reload} /> : null}
            <OrderLines key={o.updatedAt} order={o} onChanged={state.reload} />
            <Panel title="History">
              <p className="muted">
                Created {formatDateTime(o.createdAt)}
                {o.submittedAt ? ` · submitted ${formatDateTime(o.submittedAt)}` : ''}
                {o.closedAt ? ` · closed ${formatDateTime(o.closedAt)}` : ''}
              </p>
              {/* Read again when the order changes: no stock change tells it of an edit. */}
              <EventHistory key={o.updatedAt} stream={`purchase-order:${o.purchaseOrderId}`} />
            </Panel>
          </Page>
        )
      }
    </Loaded>
  );
};

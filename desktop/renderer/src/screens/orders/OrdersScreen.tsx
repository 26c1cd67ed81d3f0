/**
 * Purchase orders by stage: the analyser's suggestions first, then drafts, open, received,
 * cancelled; of every supplier, or of one.
 */
import { useState } from 'react';
import { purchaseOrdersQuery } from '../../api/queries';
import type { Page, PurchaseOrder, PurchaseOrderStatus } from '../../api/types';
import { useCan } from '../../app/context';
import { useReference } from '../../app/reference';
import { useShortcuts } from '../../app/shortcuts';
import { useQuery } from '../../hooks/useQuery';
import { Page as Screen } from '../../ui/Page';
import { Empty, Loaded } from '../../ui/States';
import { OrderForm } from './OrderForm';
import { OrderTable } from './OrderTable';
import { SuggestedOrders } from './SuggestedOrders';

const views = [
  ['suggested', 'Suggested', ['DRAFT']],
  ['draft', 'Drafts', ['DRAFT']],
  ['open', 'Open', ['SUBMITTED', 'PARTIALLY_RECEIVED', 'POSTPONED']],
  ['received', 'Received', ['RECEIVED', 'CLOSED']],
  ['cancelled', 'Cancelled', ['CANCELLED']],
] as const satisfies readonly (readonly [string, string, readonly PurchaseOrderStatus[]])[];
type View = (typeof views)[number][0];

const LIMIT = 200;

export const OrdersScreen = ({
  initialSupplierId = null,
}: {
  /** The supplier whose orders are shown at first; all suppliers' when null. */
  readonly initialSupplierId?: string | null;
}) => {
  const canManage = useCan('MANAGER');
  const { suppliers } = useReference();
  const [supplierId, setSupplierId] = useState(initialSupplierId ?? '');
  // A supplier's orders open on those still to come; everyone's on what awaits a decision.
  const [view, setView] = useState<View>(initialSupplierId === null ? 'suggested' : 'open');
  const [creating, setCreating] = useState(false);
  const statuses = views.find(([id]) => id === view)?.[2] ?? [];
  const state = useQuery(
    async (api) => {
      const pages = await Promise.all(
        statuses.map((status) =>
          api.query<{ purchaseOrders: Page<PurchaseOrder> }>(purchaseOrdersQuery, {
            status,
            supplierId: supplierId || null,
            limit: LIMIT,
          }),
        ),
      );
      const all = pages.flatMap((p) => p.purchaseOrders.items);
      const wanted =
        view === 'suggested'
          ? all.filter((o) => o.source === 'SUGGESTED')
          : view === 'draft'
            ? all.filter((o) => o.source === 'MANUAL')
            : all;
      return [...wanted].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    [view, supplierId],
    'all',
  );
  useShortcuts({ n: () => canManage && setCreating(true) });

  return (
    <Screen
      title="Purchase orders"
      subtitle="Suggested orders come from the stock analyser: accept one to submit it to the supplier, or open it to change it first."
      actions={
        canManage ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New order
          </button>
        ) : null
      }
    >
      <div className="tabs" role="tablist" aria-label="Order status">
        {views.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={view === id}
            className={view === id ? 'tab current' : 'tab'}
            onClick={() => setView(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <label className="inline-field">
          <span>Supplier</span>
          <select value={supplierId} onChange={(e) => setSupplierId(e.target.value)}>
            <option value="">All suppliers</option>
            {/* Archived ones too: their orders stay, and are what is left to settle with them. */}
            {suppliers.map((s) => (
              <option key={s.supplierId} value={s.supplierId}>
                {s.archived ? `${s.name} (archived)` : s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={state} what="purchase orders">
        {(orders) =>
          orders.length === 0 ? (
            <Empty title={view === 'suggested' ? 'No suggested orders' : 'No orders here'}>
              {view === 'suggested'
                ? 'When stock falls below a reorder point, the analyser drafts an order from the preferred supplier and it appears here.'
                : null}
            </Empty>
          ) : view === 'suggested' ? (
            <SuggestedOrders orders={orders} onChanged={state.reload} />
          ) : (
            <div className="panel panel-flush">
              <OrderTable
                orders={orders}
                caption={`${views.find(([id]) => id === view)?.[1] ?? ''} purchase orders`}
              />
            </div>
          )
        }
      </Loaded>
      {creating ? <OrderForm onClose={() => setCreating(false)} /> : null}
    </Screen>
  );
};

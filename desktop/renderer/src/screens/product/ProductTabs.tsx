/**
 * The product's records, one tab at a time: movements, reservations, purchase orders, event
 * history.
 */
import { useState } from 'react';
import type { Product } from '../../api/types';
import { EventHistory } from './EventHistory';
import { ProductMovements } from './ProductMovements';
import { ProductOrders } from './ProductOrders';
import { Reservations } from './Reservations';

const tabs = [
  ['movements', 'Movements'],
  ['reservations', 'Reservations'],
  ['orders', 'Purchase orders'],
  ['history', 'Event history'],
] as const;
type Tab = (typeof tabs)[number][0];

export const ProductTabs = ({ product }: { readonly product: Product }) => {
  const [tab, setTab] = useState<Tab>('movements');
  return (
    <section className="panel tabs-panel">
      <div className="tabs" role="tablist" aria-label="Product records">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`tabpanel-${id}`}
            className={tab === id ? 'tab current' : 'tab'}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'movements' ? <ProductMovements productId={product.productId} /> : null}
        {tab === 'reservations' ? <Reservations product={product} /> : null}
        {tab === 'orders' ? <ProductOrders product={product} /> : null}
        {tab === 'history' ? (
          // Read again when the product changes: its edits are no stock change to be told of.
          <EventHistory key={product.updatedAt} stream={`product:${product.productId}`} />
        ) : null}
      </div>
    </section>
  );
};

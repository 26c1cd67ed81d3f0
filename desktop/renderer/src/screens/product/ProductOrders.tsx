/**
 * The purchase orders of one product: by default those still to bring it in — open orders with
 * units due, and drafts not yet submitted (which are not counted on order) — with how much each
 * brings; or every order that ever had a line of it.
 */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { purchaseOrdersQuery } from '../../api/queries';
import type { Page, Product, PurchaseOrder } from '../../api/types';
import { usePaged } from '../../hooks/usePaged';
import { useQuery } from '../../hooks/useQuery';
import { formatNumber } from '../../ui/format';
import { Empty, Failed, Loading } from '../../ui/States';
import { comingStatuses, remaining } from '../orders/orderMath';
import { lineOf, OrderTable } from '../orders/OrderTable';
import { MoreButton } from '../shared/MoreButton';

/** Orders of one status read at most; a product rarely has more than a few open at once. */
const LIMIT = 200;

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

/** What the orders still to come bring, open ones and drafts apart. */
const comingSays = (orders: readonly PurchaseOrder[], product: Product): string => {
  const sum = (list: readonly PurchaseOrder[]) =>
    formatNumber(list.reduce((n, o) => n + remaining(lineOf(o, product.productId)), 0));
  const drafts = orders.filter((o) => o.status === 'DRAFT');
  const open = orders.filter((o) => o.status !== 'DRAFT');
  const inDrafts = `in ${plural(drafts.length, 'draft')}, not yet submitted`;
  if (open.length === 0) return `Nothing is on order; ${sum(drafts)} ${product.unit} ${inDrafts}.`;
  const due = `${sum(open)} ${product.unit} due on ${plural(open.length, 'open order')}`;
  return drafts.length === 0 ? `${due}.` : `${due}; ${sum(drafts)} more ${inDrafts}.`;
};

const Table = ({
  orders,
  product,
}: {
  readonly orders: readonly PurchaseOrder[];
  readonly product: Product;
}) => (
  <OrderTable
    orders={orders}
    caption={`Purchase orders of ${product.sku}`}
    productId={product.productId}
  />
);

/** Drafts and open orders, soonest expected first. */
const Coming = ({ product }: { readonly product: Product }) => {
  const state = useQuery(
    async (api) => {
      const pages = await Promise.all(
        comingStatuses.map((status) =>
          api.query<{ purchaseOrders: Page<PurchaseOrder> }>(purchaseOrdersQuery, {
            status,
            productId: product.productId,
            limit: LIMIT,
          }),
        ),
      );
      const orders = pages
        .flatMap((p) => p.purchaseOrders.items)
        .filter((o) => remaining(lineOf(o, product.productId)) > 0)
        .sort(
          (a, b) => a.expectedAt.localeCompare(b.expectedAt) || a.number.localeCompare(b.number),
        );
      return { orders, more: pages.some((p) => p.purchaseOrders.nextToken !== null) };
    },
    [product.productId],
    'all',
  );
  if (state.data === undefined)
    return state.error ? (
      <Failed error={state.error} retry={state.reload} />
    ) : (
      <Loading what="purchase orders" />
    );
  const { orders, more } = state.data;
  if (orders.length === 0)
    return (
      <Empty title="No order brings it in">
        No open order or draft has units of {product.sku} still to come.
      </Empty>
    );
  return (
    <>
      <p className="muted">
        {comingSays(orders, product)}
        {more ? ` The first ${formatNumber(LIMIT)} of each status are shown.` : ''}
      </p>
      <Table orders={orders} product={product} />
    </>
  );
};

/** Every order with a line of the product, newest first. */
const All = ({ product }: { readonly product: Product }) => {
  const list = usePaged(
    async (api, nextToken) =>
      (
        await api.query<{ purchaseOrders: Page<PurchaseOrder> }>(purchaseOrdersQuery, {
          productId: product.productId,
          limit: 50,
          nextToken,
        })
      ).purchaseOrders,
    [product.productId],
    'all',
  );
  let body: ReactNode;
  if (list.items === undefined)
    body = list.error ? (
      <Failed error={list.error} retry={list.reload} />
    ) : (
      <Loading what="purchase orders" />
    );
  else if (list.items.length === 0) body = <Empty title="Never ordered" />;
  else body = <Table orders={list.items} product={product} />;
  return (
    <>
      {body}
      <MoreButton list={list} />
    </>
  );
};

export const ProductOrders = ({ product }: { readonly product: Product }) => {
  const [view, setView] = useState<'coming' | 'all'>('coming');
  return (
    <div>
      <div className="toolbar">
        <label className="inline-field">
          <span>Show</span>
          <select value={view} onChange={(e) => setView(e.target.value as 'coming' | 'all')}>
            <option value="coming">Still to come</option>
            <option value="all">All orders</option>
          </select>
        </label>
      </div>
      {view === 'coming' ? <Coming product={product} /> : <All product={product} />}
    </div>
  );
};

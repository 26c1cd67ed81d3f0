/** One product: its stock everywhere, what is reserved, what moved, its history and forecast. */
import { useState } from 'react';
import { productQuery } from '../../api/queries';
import type { Product } from '../../api/types';
import { useCan } from '../../app/context';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useQuery } from '../../hooks/useQuery';
import { StockBadge } from '../../ui/Badge';
import { formatMoney, formatNumber } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Empty, Loaded } from '../../ui/States';
import { ProductForm } from '../products/ProductForm';
import { ArchiveButton } from './ArchiveButton';
import { ForecastPanel } from './ForecastPanel';
import { ProductTabs } from './ProductTabs';
import { StockLevels } from './StockLevels';

const Figure = ({ label, value }: { readonly label: string; readonly value: string }) => (
  <div className="figure">
    <span className="figure-label">{label}</span>
    <span className="figure-value">{value}</span>
  </div>
);

const orDash = (value: number | null | undefined) => (value == null ? '—' : formatNumber(value));

export const ProductScreen = ({ productId }: { readonly productId: string }) => {
  const state = useQuery(
    (api) => api.query<{ product: Product | null }>(productQuery, { productId }),
    [productId],
    'stock',
  );
  const canMove = useCan('CLERK');
  const canManage = useCan('MANAGER');
  const { supplierName } = useReference();
  const [editing, setEditing] = useState(false);
  return (
    <Loaded state={state} what="the product">
      {({ product }) =>
        product === null ? (
          <Page title="Product not found">
            <Empty
              title="There is no such product"
              action={<a href={paths.products}>Back to products</a>}
            />
          </Page>
        ) : (
          <Page
            title={`${product.sku} · ${product.name}`}
            subtitle={
              <>
                {product.stock ? <StockBadge status={product.stock.status} /> : null}{' '}
                {product.archived ? <span className="badge badge-muted">Archived</span> : null}{' '}
                {product.category ?? 'No category'} · {formatMoney(product.unitCost)} per{' '}
                {product.unit}
                {product.barcode ? ` · barcode ${product.barcode}` : ''}
                {product.preferredSupplierId
                  ? ` · from ${supplierName(product.preferredSupplierId)}`
                  : ''}
              </>
            }
            actions={
              <>
                {canMove && !product.archived ? (
                  <>
                    <a className="btn" href={paths.stock('receive', product.productId)}>
                      Receive
                    </a>
                    <a className="btn" href={paths.stock('issue', product.productId)}>
                      Issue
                    </a>
                  </>
                ) : null}
                {canManage ? (
                  <>
                    <button type="button" className="btn" onClick={() => setEditing(true)}>
                      Edit
                    </button>
                    <ArchiveButton product={product} onDone={state.reload} />
                  </>
                ) : null}
              </>
            }
          >
            <div className="figures" aria-label="Stock totals">
              <Figure label="On hand" value={orDash(product.stock?.onHand)} />
              <Figure label="Reserved" value={orDash(product.stock?.reserved)} />
              <Figure label="Available" value={orDash(product.stock?.available)} />
              <Figure label="On order" value={orDash(product.stock?.onOrder)} />
              <Figure label="Reorder point" value={orDash(product.stock?.reorderPoint)} />
              <Figure label="Maximum" value={orDash(product.stock?.maxStock)} />
              <Figure label="Lead time" value={`${product.leadTimeDays} days`} />
            </div>
            <div className="columns columns-wide-left">
              <ForecastPanel product={product} />
              <StockLevels product={product} />
            </div>
            <ProductTabs product={product} />
            {editing ? (
              <ProductForm
                product={product}
                onClose={() => setEditing(false)}
                onSaved={() => {
                  setEditing(false);
                  state.reload();
                }}
              />
            ) : null}
          </Page>
        )
      }
    </Loaded>
  );
};

/** Receive, issue, adjust, transfer, count and reserve: one tab each, Alt+letter to switch. */
import { productQuery } from '../../api/queries';
import type { Product } from '../../api/types';
import { useReference } from '../../app/reference';
import type { StockOperation } from '../../app/routes';
import { navigate, paths, stockOperations } from '../../app/routes';
import { useShortcuts } from '../../app/shortcuts';
import { useQuery } from '../../hooks/useQuery';
import { Page } from '../../ui/Page';
import { Empty, Loading } from '../../ui/States';
import { OperationForm } from './OperationForm';
import { operations } from './operations';

export const StockScreen = ({
  operation,
  productId,
}: {
  readonly operation: StockOperation;
  readonly productId: string | null;
}) => {
  const reference = useReference();
  const initial = useQuery(
    async (api) =>
      productId === null
        ? null
        : (await api.query<{ product: Product | null }>(productQuery, { productId })).product,
    [productId],
  );
  useShortcuts(
    Object.fromEntries(
      stockOperations.map((op) => [
        operations[op].shortcut,
        () => navigate(paths.stock(op, productId ?? undefined)),
      ]),
    ),
  );
  const ready = reference.loaded && !initial.loading;
  return (
    <Page
      title="Stock operations"
      subtitle="Scan or type a product, enter the quantity, press Enter."
    >
      <div className="tabs" role="tablist" aria-label="Operation">
        {stockOperations.map((op) => (
          <a
            key={op}
            role="tab"
            aria-selected={op === operation}
            className={op === operation ? 'tab current' : 'tab'}
            href={paths.stock(op, productId ?? undefined)}
            title={operations[op].shortcut.replace(/[a-z]$/, (k) => k.toUpperCase())}
          >
            {operations[op].title}
          </a>
        ))}
      </div>
      <div className="panel op-panel" role="tabpanel" aria-label={operations[operation].title}>
        {!ready ? (
          <Loading what="warehouses" />
        ) : reference.warehouses.every((w) => w.archived) ? (
          <Empty
            title="There is no warehouse yet"
            action={
              <a className="btn btn-primary" href={paths.warehouses}>
                Add a warehouse
              </a>
            }
          >
            Stock lives in warehouses; add one first.
          </Empty>
        ) : (
          <OperationForm
            key={`${operation}:${productId ?? ''}`}
            operation={operation}
            initialProduct={initial.data ?? null}
          />
        )}
      </div>
    </Page>
  );
};

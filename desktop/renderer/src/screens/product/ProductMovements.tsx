/** Every movement of one product, newest first, page by page. */
import { movementsQuery } from '../../api/queries';
import type { Movement, Page } from '../../api/types';
import { usePaged } from '../../hooks/usePaged';
import { Empty, Failed, Loading } from '../../ui/States';
import { MovementTable } from '../shared/MovementTable';
import { MoreButton } from '../shared/MoreButton';

export const ProductMovements = ({ productId }: { readonly productId: string }) => {
  const list = usePaged(
    async (api, nextToken) =>
      (
        await api.query<{ movements: Page<Movement> }>(movementsQuery, {
          filter: { productId },
          limit: 50,
          nextToken,
        })
      ).movements,
    [productId],
    'stock',
  );
  if (list.items === undefined) {
    return list.error ? (
      <Failed error={list.error} retry={list.reload} />
    ) : (
      <Loading what="movements" />
    );
  }
  if (list.items.length === 0) return <Empty title="No movements yet" />;
  return (
    <>
      <MovementTable
        movements={list.items}
        showProduct={false}
        caption="Movements of this product"
      />
      <MoreButton list={list} />
    </>
  );
};

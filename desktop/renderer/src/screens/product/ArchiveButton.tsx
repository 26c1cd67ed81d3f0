/** Archive a product (it leaves lists and its stock can no longer move) or restore it. */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import type { Product } from '../../api/types';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { ConfirmButton } from '../../ui/Confirm';

export const ArchiveButton = ({
  product,
  onDone,
}: {
  readonly product: Product;
  readonly onDone: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const archive = !product.archived;
  const act = () => {
    setBusy(true);
    const command = archive ? 'archiveProduct' : 'restoreProduct';
    api
      .command(command, { productId: product.productId }, newKey())
      .then(() => {
        toast({ tone: 'ok', title: `${product.sku} ${archive ? 'archived' : 'restored'}` });
        onDone();
      })
      .catch((error: unknown) =>
        toast({
          tone: 'bad',
          title: `${product.sku} was not ${archive ? 'archived' : 'restored'}`,
          body: describeError(error),
        }),
      )
      .finally(() => setBusy(false));
  };
  return archive ? (
    <ConfirmButton
      label="Archive"
      title={`Archive ${product.sku}?`}
      confirmLabel="Archive product"
      danger
      disabled={busy}
      onConfirm={act}
    >
      It leaves the product lists and its stock can no longer move. Its history stays, and it can be
      restored later.
    </ConfirmButton>
  ) : (
    <button type="button" className="btn" onClick={act} disabled={busy}>
      Restore
    </button>
  );
};

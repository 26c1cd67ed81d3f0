/** Archive a product (it leaves lists and its stock can no longer move) or restore it. */
import { useState } from 'react';
import type { Product } from '../../api/types';
import { ConfirmButton } from '../../ui/Confirm';
import { useArchiveToggle } from '../shared/archiving';

export const ArchiveButton = ({
  product,
  onDone,
}: {
  readonly product: Product;
  readonly onDone: () => void;
}) => {
  const [busy, setBusy] = useState(false);
  const archive = !product.archived;
  const toggle = useArchiveToggle<Product>({
    archive: 'archiveProduct',
    restore: 'restoreProduct',
    input: (p) => ({ productId: p.productId }),
    label: (p) => p.sku,
    done: onDone,
  });
  const act = () => {
    setBusy(true);
    void toggle(product).finally(() => setBusy(false));
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

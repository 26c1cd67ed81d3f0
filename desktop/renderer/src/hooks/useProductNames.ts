/** SKUs and names for product ids shown in a list; the list renders at once and fills in. */
import { useEffect, useState } from 'react';
import type { ProductName } from '../api/names';
import { useServices } from '../app/context';

export const useProductNames = (
  ids: readonly string[],
): ((productId: string) => ProductName | undefined) => {
  const { names } = useServices();
  const [, setVersion] = useState(0);
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    const wanted = key === '' ? [] : key.split(',');
    if (wanted.every((id) => names.get(id) !== undefined)) return;
    names
      .load(wanted)
      .then(() => live && setVersion((v) => v + 1))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, names]);
  return (productId) => names.get(productId);
};

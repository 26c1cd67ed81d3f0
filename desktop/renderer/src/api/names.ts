/**
 * Product SKUs and names by id, for lists that only carry ids (movements, order lines,
 * notifications). Looked up in small batches and kept for the session.
 */
import { productsById } from './byId';
import type { Api } from './client';

export interface ProductName {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
}

const BATCH = 50;

export interface NameCache {
  get(productId: string): ProductName | undefined;
  /** Loads the ids not yet known; resolves when they are (unknown ids stay absent). */
  load(ids: readonly string[]): Promise<void>;
  remember(products: readonly ProductName[]): void;
}

export const createNameCache = (api: Api): NameCache => {
  const known = new Map<string, ProductName>();
  const inFlight = new Map<string, Promise<void>>();

  const fetchBatch = async (ids: readonly string[]) => {
    const found = await productsById<ProductName>(api, ids, 'productId sku name unit');
    for (const product of found) known.set(product.productId, product);
  };

  return {
    get: (id) => known.get(id),
    remember: (products) => products.forEach((p) => known.set(p.productId, p)),
    load: async (ids) => {
      const missing = [...new Set(ids)].filter((id) => !known.has(id) && !inFlight.has(id));
      for (let start = 0; start < missing.length; start += BATCH) {
        const batch = missing.slice(start, start + BATCH);
        const done = fetchBatch(batch).finally(() => batch.forEach((id) => inFlight.delete(id)));
        batch.forEach((id) => inFlight.set(id, done));
      }
      await Promise.allSettled(ids.flatMap((id) => inFlight.get(id) ?? []));
    },
  };
};

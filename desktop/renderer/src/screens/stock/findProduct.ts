/** Finds products for the picker: what a scanner or a typist entered, exact matches first. */
import type { Api } from '../../api/client';
import { productsQuery } from '../../api/queries';
import type { Product, ProductPage } from '../../api/types';

export const searchProducts = async (api: Api, text: string, limit = 8): Promise<Product[]> => {
  const { products } = await api.query<{ products: ProductPage }>(productsQuery, {
    filter: { search: text.trim(), archived: false },
    sort: { field: 'SKU', direction: 'ASC' },
    limit,
  });
  return [...products.items];
};

/** The product whose SKU or barcode is exactly `text` (case-insensitive), if there is one. */
export const exactMatch = (products: readonly Product[], text: string): Product | null => {
  const wanted = text.trim().toLowerCase();
  const exact = products.filter(
    (p) => p.sku.toLowerCase() === wanted || p.barcode?.toLowerCase() === wanted,
  );
  return exact.length === 1 ? (exact[0] ?? null) : null;
};

/**
 * Several products read by id in one request, each under its own alias (the API has no
 * "products by ids" query). The document is built from indices only; the ids are variables.
 */
import type { Api } from './client';

const BATCH = 50;

const document = (count: number, selection: string) => {
  const variables = Array.from({ length: count }, (_, i) => `$p${i}: ID!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `p${i}: product(productId: $p${i}) { ${selection} }`,
  ).join('\n');
  return `query ProductsById(${variables}) {\n${fields}\n}`;
};

/** The products with these ids that exist, read with `selection`, in batches of 50. */
export const productsById = async <T>(
  api: Api,
  ids: readonly string[],
  selection: string,
): Promise<T[]> => {
  const found: T[] = [];
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const variables = Object.fromEntries(batch.map((id, i) => [`p${i}`, id]));
    const data = await api.query<Record<string, T | null>>(
      document(batch.length, selection),
      variables,
    );
    for (const product of Object.values(data)) if (product !== null) found.push(product);
  }
  return found;
};

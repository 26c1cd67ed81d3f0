/**
 * The main process's few GraphQL reads over HTTP (the tray's `lowStock`), sent as Amplify sends
 * them: the access token bare in the Authorization header.
 */
import type { LowStockItem } from './tray/issues';

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Runs a query and returns its data; throws with the API's own message on errors. */
export const graphqlQuery = async (
  endpoint: string,
  token: string,
  query: string,
  variables: Readonly<Record<string, unknown>> = {},
  fetcher: Fetch = fetch,
): Promise<Record<string, unknown>> => {
  const response = await fetcher(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => null)) as {
    data?: Record<string, unknown> | null;
    errors?: readonly { message?: string }[];
  } | null;
  const error = body?.errors?.[0]?.message;
  if (!response.ok || error !== undefined || body?.data == null) {
    throw new Error(`the API answered ${response.status}: ${error ?? 'no data'}`);
  }
  return body.data;
};

const LOW_STOCK = `query LowStock { lowStock { productId sku name available reorderPoint } }`;

const isItem = (value: unknown): value is LowStockItem => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['productId'] === 'string' &&
    typeof v['sku'] === 'string' &&
    typeof v['name'] === 'string' &&
    typeof v['available'] === 'number' &&
    typeof v['reorderPoint'] === 'number'
  );
};

/** The products at or below their reorder point. */
export const fetchLowStock = async (
  endpoint: string,
  token: string,
  fetcher?: Fetch,
): Promise<readonly LowStockItem[]> => {
  const data = await graphqlQuery(endpoint, token, LOW_STOCK, {}, fetcher);
  const items = data['lowStock'];
  return Array.isArray(items) ? items.filter(isItem) : [];
};

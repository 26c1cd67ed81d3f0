/**
 * The product list as pages fetched on demand: the first page as soon as the query changes,
 * further pages (by nextToken) as the table scrolls towards them. A query typed while another is
 * in flight waits for it, so fast typing never queues stale searches on the server.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { productsById } from '../../api/byId';
import { productFields, stockFields } from '../../api/fragments';
import { productsQuery } from '../../api/queries';
import type { Product, ProductPage, StockStatus } from '../../api/types';
import { useServices } from '../../app/context';

export type SortField = 'SKU' | 'NAME' | 'AVAILABLE' | 'UPDATED_AT';

export interface ProductQuery {
  readonly search: string;
  readonly status: StockStatus | '';
  readonly warehouseId: string;
  readonly category: string;
  readonly archived: boolean;
  readonly sort: SortField;
  readonly descending: boolean;
}

export interface ProductPages {
  readonly items: readonly Product[];
  /** Matches of the shown query, all pages together; null before its first page. */
  readonly total: number | null;
  /** The query whose results are on screen (it lags the typed one until they arrive). */
  readonly shownQuery: ProductQuery | null;
  readonly loading: boolean;
  readonly error: unknown;
  /** Asks for the rows up to `index` to be loaded. */
  readonly ensure: (index: number) => void;
  readonly reload: () => void;
}

const FIRST_PAGE = 100;
const NEXT_PAGE = 200;
const FAR_PAGE = 500;
const LIVE_DELAY_MS = 300;
/** Rows loaded ahead of the last one on screen, so scrolling rarely meets an empty row. */
const AHEAD = 60;

/** The API's filter and sort for a query. */
export const variablesOf = (q: ProductQuery) => ({
  filter: {
    search: q.search.trim() || null,
    status: q.status || null,
    warehouseId: q.warehouseId || null,
    category: q.category.trim() || null,
    archived: q.archived,
  },
  sort: { field: q.sort, direction: q.descending ? 'DESC' : 'ASC' },
});

interface State {
  generation: number;
  query: ProductQuery;
  shown: ProductQuery | null;
  items: Product[];
  total: number | null;
  nextToken: string | null;
  firstInFlight: boolean;
  nextInFlight: boolean;
  wanted: number;
  error: unknown;
}

export const useProductPages = (query: ProductQuery): ProductPages => {
  const { api, names, live } = useServices();
  const [, render] = useReducer((n: number) => n + 1, 0);
  const s = useRef<State>({
    generation: 0,
    query,
    shown: null,
    items: [],
    total: null,
    nextToken: null,
    firstInFlight: false,
    nextInFlight: false,
    wanted: 0,
    error: null,
  }).current;

  const fetchPage = (q: ProductQuery, limit: number, nextToken: string | null) =>
    api
      .query<{ products: ProductPage }>(productsQuery, { ...variablesOf(q), limit, nextToken })
      .then(({ products }) => {
        names.remember(products.items);
        return products;
      });

  const more = useCallback((): void => {
    if (s.nextInFlight || s.firstInFlight || s.nextToken === null) return;
    if (s.items.length >= s.wanted) return;
    const generation = s.generation;
    const gap = s.wanted - s.items.length;
    s.nextInFlight = true;
    fetchPage(s.query, gap > NEXT_PAGE ? FAR_PAGE : NEXT_PAGE, s.nextToken)
      .then((page) => {
        if (generation !== s.generation) return;
        // Appended in place: re-copying a list of 100,000 rows on every page would add up.
        s.items.push(...page.items);
        s.nextToken = page.nextToken;
        s.total = page.total;
      })
      .catch((error: unknown) => {
        if (generation === s.generation) s.error = error;
      })
      .finally(() => {
        s.nextInFlight = false;
        render();
        if (generation === s.generation && s.error === null) more();
      });
  }, []);

  const first = useCallback((): void => {
    if (s.firstInFlight) return;
    const generation = s.generation;
    const q = s.query;
    s.firstInFlight = true;
    fetchPage(q, FIRST_PAGE, null)
      .then((page) => {
        if (generation !== s.generation) return;
        s.items = [...page.items];
        s.nextToken = page.nextToken;
        s.total = page.total;
        s.shown = q;
        s.error = null;
      })
      .catch((error: unknown) => {
        if (generation === s.generation) s.error = error;
      })
      .finally(() => {
        s.firstInFlight = false;
        // The query changed while this one was out: now ask for the latest.
        if (generation !== s.generation) first();
        else more();
        render();
      });
  }, [more]);

  // Stock moving elsewhere updates the rows already loaded, in place: the list keeps its scroll.
  useEffect(() => {
    const changed = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer = null;
      const ids = [...changed].filter((id) => s.items.some((p) => p.productId === id));
      changed.clear();
      if (ids.length === 0) return;
      productsById<Product>(api, ids, `${productFields} ${stockFields}`)
        .then((fresh) => {
          for (const product of fresh) {
            const at = s.items.findIndex((p) => p.productId === product.productId);
            if (at >= 0) s.items[at] = product;
          }
          render();
        })
        .catch(() => undefined);
    };
    const stop = live.onStockChanged((change) => {
      change.levels.forEach((l) => changed.add(l.productId));
      timer ??= setTimeout(refresh, LIVE_DELAY_MS);
    });
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [api, live, s]);

  const key = JSON.stringify(query);
  useEffect(() => {
    s.generation += 1;
    s.query = query;
    s.nextToken = null;
    s.nextInFlight = false;
    s.wanted = 0;
    first();
    // The key stands for the query's fields.
  }, [key]);

  return {
    items: s.items,
    total: s.total,
    shownQuery: s.shown,
    loading: s.firstInFlight || s.nextInFlight,
    error: s.error,
    ensure: (index) => {
      if (index + AHEAD <= s.wanted) return;
      s.wanted = index + AHEAD;
      more();
    },
    reload: () => {
      s.generation += 1;
      s.nextToken = null;
      first();
    },
  };
};

/** A list read page by page with "Show more", refreshed from its first page on live updates. */
import type { DependencyList } from 'react';
import { useState } from 'react';
import type { Api } from '../api/client';
import type { Page } from '../api/types';
import { useServices } from '../app/context';
import type { LiveTrigger } from './useQuery';
import { useQuery } from './useQuery';

export interface Paged<T> {
  readonly items: readonly T[] | undefined;
  readonly error: unknown;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly more: () => void;
  readonly reload: () => void;
}

export const usePaged = <T>(
  load: (api: Api, nextToken: string | null) => Promise<Page<T>>,
  deps: DependencyList,
  live?: LiveTrigger,
): Paged<T> => {
  const { api } = useServices();
  const first = useQuery((a) => load(a, null), deps, live);
  const [extra, setExtra] = useState<{ for: unknown; items: T[]; nextToken: string | null }>({
    for: null,
    items: [],
    nextToken: null,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  // Pages after the first belong to the first page they followed; a reload drops them.
  const current = extra.for === first.data ? extra : null;
  const nextToken = current ? current.nextToken : (first.data?.nextToken ?? null);
  return {
    items: first.data ? [...first.data.items, ...(current?.items ?? [])] : undefined,
    error: first.error,
    hasMore: nextToken !== null,
    loadingMore,
    reload: first.reload,
    more: () => {
      if (nextToken === null || loadingMore) return;
      setLoadingMore(true);
      const base = first.data;
      load(api, nextToken)
        .then((page) =>
          setExtra({
            for: base,
            items: [...(current?.items ?? []), ...page.items],
            nextToken: page.nextToken,
          }),
        )
        .catch(() => undefined)
        .finally(() => setLoadingMore(false));
    },
  };
};

/**
 * Loads data for a screen and keeps it fresh: reloads when its inputs change and, when asked,
 * when a live stock change or notification arrives. Earlier data stays on screen while reloading.
 */
import type { DependencyList } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../api/client';
import { onAnnounced } from '../app/changes';
import { useServices } from '../app/context';

export type LiveTrigger = 'stock' | 'notifications' | 'all';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  /**
   * True until the first answer for the current inputs — already on the render where the inputs
   * change, so a screen never shows (and lets the user type into) what belonged to the old ones.
   */
  readonly loading: boolean;
  readonly reload: () => void;
}

// Live events often come in bursts (a command, then its workflow's events): one reload per burst.
const LIVE_DELAY_MS = 250;

const sameInputs = (a: DependencyList, b: DependencyList) =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

export const useQuery = <T>(
  load: (api: Api) => Promise<T>,
  deps: DependencyList,
  live?: LiveTrigger,
): Loaded<T> => {
  const { api, live: updates } = useServices();
  const [state, setState] = useState<{
    data: T | undefined;
    error: unknown;
    loading: boolean;
    /** The inputs the answer (data or error) is for. */
    inputs: DependencyList | null;
  }>({ data: undefined, error: null, loading: true, inputs: null });
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const current = useRef(deps);
  current.current = deps;

  const run = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    const inputs = current.current;
    loader
      .current(api)
      .then((data) => {
        if (mine === generation.current) setState({ data, error: null, loading: false, inputs });
      })
      .catch((error: unknown) => {
        if (mine === generation.current) setState((s) => ({ ...s, error, loading: false, inputs }));
      });
  }, [api]);

  useEffect(() => {
    setState((s) => ({ ...s, loading: true }));
    run();
    // The caller lists what the load depends on, as with useEffect.
  }, deps);

  useEffect(() => {
    if (live === undefined) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = () => {
      if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          run();
        }, LIVE_DELAY_MS);
      }
    };
    const stops = [
      live !== 'notifications' ? updates.onStockChanged(later) : () => undefined,
      live !== 'stock' ? updates.onNotification(later) : () => undefined,
      onAnnounced(live, later),
    ];
    return () => {
      stops.forEach((stop) => stop());
      if (timer !== null) clearTimeout(timer);
    };
  }, [live, updates, run]);

  const stale = state.inputs === null || !sameInputs(state.inputs, deps);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading || stale,
    reload: run,
  };
};

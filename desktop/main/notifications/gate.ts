/**
 * Which notifications reach the screen. A repeat (the same notification id, or the same kind for
 * the same product shortly after) is dropped; beyond a few per minute the rest are held and told
 * as one "and N more". Pure: the state goes in and comes out, time is an argument.
 */

export interface GateOptions {
  /** The same kind for the same product within this long is a repeat. */
  readonly repeatWindowMs: number;
  /** At most this many shown per `rateWindowMs`. */
  readonly maxShown: number;
  readonly rateWindowMs: number;
  /** How many notification ids to remember. */
  readonly rememberIds: number;
}

export const defaultGateOptions: GateOptions = {
  repeatWindowMs: 10 * 60_000,
  maxShown: 3,
  rateWindowMs: 60_000,
  rememberIds: 500,
};

export interface GateState {
  /** Ids seen, oldest first. */
  readonly ids: readonly string[];
  /** When each kind+product was last let through. */
  readonly lastByTopic: ReadonlyMap<string, number>;
  /** When each shown notification (or summary) was shown, oldest first. */
  readonly shownAt: readonly number[];
  /** Held back by the rate limit, waiting to be summarised. */
  readonly held: number;
}

export const emptyGate: GateState = { ids: [], lastByTopic: new Map(), shownAt: [], held: 0 };

export interface Offered {
  readonly notificationId: string;
  readonly kind: string;
  readonly productId: string | null;
}

export type GateDecision = 'show' | 'repeat' | 'held' | 'paused';

const topicOf = (n: Offered): string | null =>
  n.productId === null ? null : `${n.kind}:${n.productId}`;

const recent = (times: readonly number[], now: number, windowMs: number) =>
  times.filter((t) => now - t < windowMs);

/** Decides about one notification; `paused` records it (so it is not shown later) but shows nothing. */
export const offer = (
  state: GateState,
  n: Offered,
  now: number,
  paused: boolean,
  options: GateOptions = defaultGateOptions,
): { readonly state: GateState; readonly decision: GateDecision } => {
  if (state.ids.includes(n.notificationId)) return { state, decision: 'repeat' };
  const ids = [...state.ids, n.notificationId].slice(-options.rememberIds);
  const topic = topicOf(n);
  const last = topic === null ? undefined : state.lastByTopic.get(topic);
  if (last !== undefined && now - last < options.repeatWindowMs) {
    return { state: { ...state, ids }, decision: 'repeat' };
  }
  const lastByTopic = new Map(
    [...state.lastByTopic].filter(([, t]) => now - t < options.repeatWindowMs),
  );
  if (topic !== null) lastByTopic.set(topic, now);
  if (paused) return { state: { ...state, ids, lastByTopic }, decision: 'paused' };
  const shownAt = recent(state.shownAt, now, options.rateWindowMs);
  if (shownAt.length >= options.maxShown) {
    return { state: { ids, lastByTopic, shownAt, held: state.held + 1 }, decision: 'held' };
  }
  return {
    state: { ids, lastByTopic, shownAt: [...shownAt, now], held: state.held },
    decision: 'show',
  };
};

/** When the held ones can be summarised (the rate allows one more), or null when none are held. */
export const summaryDueAt = (
  state: GateState,
  now: number,
  options: GateOptions = defaultGateOptions,
): number | null => {
  if (state.held === 0) return null;
  const shownAt = recent(state.shownAt, now, options.rateWindowMs);
  if (shownAt.length < options.maxShown) return now;
  return (shownAt[shownAt.length - options.maxShown] ?? now) + options.rateWindowMs;
};

/** Takes the held count for one summary when the rate allows it; 0 when nothing is due yet. */
export const takeSummary = (
  state: GateState,
  now: number,
  options: GateOptions = defaultGateOptions,
): { readonly state: GateState; readonly count: number } => {
  const due = summaryDueAt(state, now, options);
  if (due === null || due > now) return { state, count: 0 };
  const shownAt = [...recent(state.shownAt, now, options.rateWindowMs), now];
  return { state: { ...state, shownAt, held: 0 }, count: state.held };
};

/** Forgets what was held (pausing drops it rather than summarising it later). */
export const dropHeld = (state: GateState): GateState => ({ ...state, held: 0 });

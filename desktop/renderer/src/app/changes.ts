/**
 * Changes made in this window that no subscription reports (a notification marked read): the
 * screens showing them reload, as they do for live updates.
 */
import type { LiveTrigger } from '../hooks/useQuery';

const target = new EventTarget();
const EVENT = 'stockmate:changed';

/** Tells every query listening to `what` that it changed here. */
export const announce = (what: Exclude<LiveTrigger, 'all'>): void => {
  target.dispatchEvent(new CustomEvent(EVENT, { detail: what }));
};

/** Calls `listener` for changes announced in this window that concern `trigger`. */
export const onAnnounced = (trigger: LiveTrigger, listener: () => void): (() => void) => {
  const handle = (event: Event) => {
    const what = (event as CustomEvent<string>).detail;
    if (trigger === 'all' || trigger === what) listener();
  };
  target.addEventListener(EVENT, handle);
  return () => target.removeEventListener(EVENT, handle);
};

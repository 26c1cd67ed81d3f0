/**
 * Native notifications: each one the gate lets through is shown, clicking it opens its page; the
 * ones held back by the rate limit come as one summary when the rate allows. Electron's
 * Notification is passed in as a factory.
 */
import type { GateOptions, GateState } from './gate';
import { defaultGateOptions, dropHeld, emptyGate, offer, summaryDueAt, takeSummary } from './gate';
import type { StockNotification } from './notification';
import { figure, notificationPath } from './notification';

export interface NativeNotification {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationContent {
  readonly title: string;
  readonly body: string;
  readonly urgency: 'low' | 'normal' | 'critical';
}

export interface NotifierDeps {
  create(content: NotificationContent): NativeNotification;
  /** Opens the app at a path (focus or create the window, then navigate). */
  open(path: string): void;
  paused(): boolean;
  readonly now?: () => number;
  readonly options?: GateOptions;
}

/** The text of a notification: its advice, else its key figures. */
export const contentOf = (n: StockNotification): NotificationContent => {
  const available = figure(n, 'available');
  const reorderPoint = figure(n, 'reorderPoint');
  const facts = [
    available === null ? null : `Available: ${available}`,
    reorderPoint === null ? null : `reorder point: ${reorderPoint}`,
  ].filter((f): f is string => f !== null);
  const advice = n.advice?.trim() ?? '';
  const body = advice !== '' ? advice : facts.join(', ');
  return {
    title: n.title,
    body: body.length > 240 ? `${body.slice(0, 239)}…` : body,
    urgency: n.severity === 'CRITICAL' ? 'critical' : n.severity === 'WARNING' ? 'normal' : 'low',
  };
};

/** Creates the notifier; `notify` takes each notification the subscription hears. */
export const createNotifier = (deps: NotifierDeps) => {
  const now = deps.now ?? Date.now;
  const options = deps.options ?? defaultGateOptions;
  let gate: GateState = emptyGate;
  let timer: NodeJS.Timeout | null = null;

  const show = (content: NotificationContent, path: string) => {
    const native = deps.create(content);
    native.on('click', () => deps.open(path));
    native.show();
  };

  const flush = () => {
    timer = null;
    if (deps.paused()) {
      gate = dropHeld(gate);
      return;
    }
    const summary = takeSummary(gate, now(), options);
    gate = summary.state;
    if (summary.count > 0) {
      show(
        {
          title: `And ${summary.count} more notification${summary.count === 1 ? '' : 's'}`,
          body: 'Open Stock-Mate to see them all.',
          urgency: 'normal',
        },
        '/notifications',
      );
    }
    schedule();
  };

  const schedule = () => {
    const due = summaryDueAt(gate, now(), options);
    if (due === null || timer !== null) return;
    timer = setTimeout(flush, Math.max(0, due - now()));
  };

  return {
    /** Offers one notification to the gate; shows it when let through. */
    notify(n: StockNotification): void {
      const result = offer(gate, n, now(), deps.paused(), options);
      gate = result.state;
      if (result.decision === 'show') show(contentOf(n), notificationPath(n));
      if (result.decision === 'held') schedule();
    },
    /** Drops what is held (on pause) so nothing from before shows up later. */
    clearHeld(): void {
      gate = dropHeld(gate);
    },
    dispose(): void {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
};

export type Notifier = ReturnType<typeof createNotifier>;

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GateOptions, GateState } from '../../../desktop/main/notifications/gate';
import {
  emptyGate,
  offer,
  summaryDueAt,
  takeSummary,
} from '../../../desktop/main/notifications/gate';
import {
  notificationFromData,
  notificationPath,
} from '../../../desktop/main/notifications/notification';
import type { NotificationContent } from '../../../desktop/main/notifications/notifier';
import { contentOf, createNotifier } from '../../../desktop/main/notifications/notifier';
import { notification } from './fixtures';

const options: GateOptions = {
  repeatWindowMs: 10 * 60_000,
  maxShown: 3,
  rateWindowMs: 60_000,
  rememberIds: 4,
};

const decide = (state: GateState, n: Parameters<typeof offer>[1], now: number, paused = false) =>
  offer(state, n, now, paused, options);

describe('notification de-duplication', () => {
  it('drops the same notification id a second time', () => {
    const n = notification();
    const first = decide(emptyGate, n, 0);
    expect(first.decision).toBe('show');
    expect(decide(first.state, n, 1_000_000).decision).toBe('repeat');
  });

  it('drops the same kind for the same product within the window, and lets it through after', () => {
    const a = decide(emptyGate, notification({ productId: 'p' }), 0);
    const again = decide(a.state, notification({ productId: 'p' }), 9 * 60_000);
    expect(again.decision).toBe('repeat');
    // A different kind for the product is news.
    expect(
      decide(again.state, notification({ productId: 'p', kind: 'STOCKOUT' }), 9 * 60_000).decision,
    ).toBe('show');
    expect(decide(again.state, notification({ productId: 'p' }), 10 * 60_000).decision).toBe(
      'show',
    );
  });

  it('remembers a bounded number of ids', () => {
    let state = emptyGate;
    const first = notification({ productId: null });
    state = decide(state, first, 0).state;
    for (let i = 0; i < 4; i++) state = decide(state, notification({ productId: null }), 0).state;
    expect(state.ids).toHaveLength(4);
    expect(state.ids).not.toContain(first.notificationId);
  });

  it('records notifications while paused, so they do not show up after resuming', () => {
    const n = notification({ productId: 'q' });
    const paused = decide(emptyGate, n, 0, true);
    expect(paused.decision).toBe('paused');
    expect(decide(paused.state, n, 1).decision).toBe('repeat');
    expect(paused.state.held).toBe(0);
  });
});

describe('notification rate limiting', () => {
  it('shows three a minute, holds the rest, and summarises them once the minute has passed', () => {
    let state = emptyGate;
    const decisions: string[] = [];
    for (let i = 0; i < 8; i++) {
      const result = decide(state, notification({ productId: `p${i}` }), i * 1_000);
      state = result.state;
      decisions.push(result.decision);
    }
    expect(decisions).toEqual(['show', 'show', 'show', 'held', 'held', 'held', 'held', 'held']);
    expect(summaryDueAt(state, 8_000, options)).toBe(60_000);
    expect(takeSummary(state, 59_999, options).count).toBe(0);
    const summary = takeSummary(state, 60_000, options);
    expect(summary.count).toBe(5);
    expect(summary.state.held).toBe(0);
    expect(summaryDueAt(summary.state, 60_000, options)).toBeNull();
  });
});

describe('the notifier', () => {
  let shown: { content: NotificationContent; click: () => void }[];
  let opened: string[];
  let paused: boolean;

  beforeEach(() => {
    vi.useFakeTimers();
    shown = [];
    opened = [];
    paused = false;
  });
  afterEach(() => vi.useRealTimers());

  const make = () =>
    createNotifier({
      create: (content) => {
        const entry = { content, click: () => undefined as void };
        shown.push(entry);
        return {
          show: () => undefined,
          on: (_event: 'click', listener: () => void) => (entry.click = listener),
        };
      },
      open: (path) => opened.push(path),
      paused: () => paused,
      now: () => Date.now(),
      options,
    });

  it('shows each new notification once, and a click opens its product page', () => {
    const notifier = make();
    const n = notification({ productId: 'p-7', advice: 'Order 40 from Acme today.' });
    notifier.notify(n);
    notifier.notify(n);
    expect(shown.map((s) => s.content)).toEqual([
      { title: n.title, body: 'Order 40 from Acme today.', urgency: 'normal' },
    ]);
    shown[0]?.click();
    expect(opened).toEqual(['/products/p-7']);
  });

  it('sends one “and N more” after a burst, which opens the notifications page', () => {
    const notifier = make();
    for (let i = 0; i < 8; i++) notifier.notify(notification({ productId: `p${i}` }));
    expect(shown).toHaveLength(3);
    vi.advanceTimersByTime(60_000);
    expect(shown).toHaveLength(4);
    expect(shown[3]?.content.title).toBe('And 5 more notifications');
    shown[3]?.click();
    expect(opened).toEqual(['/notifications']);
    notifier.dispose();
  });

  it('shows nothing while paused and drops what was held when pausing', () => {
    const notifier = make();
    for (let i = 0; i < 5; i++) notifier.notify(notification({ productId: `p${i}` }));
    paused = true;
    notifier.clearHeld();
    notifier.notify(notification({ productId: 'later' }));
    vi.advanceTimersByTime(120_000);
    expect(shown).toHaveLength(3);
  });
});

describe('reading notifications', () => {
  it('parses the subscription payload, including AWSJSON numbers given as text', () => {
    const n = notificationFromData({
      onNotification: {
        tenantId: 't',
        notificationId: 'id-1',
        kind: 'STOCKOUT',
        severity: 'CRITICAL',
        title: 'SKU-9 Bolt is out of stock',
        productId: 'p-9',
        purchaseOrderId: null,
        numbers: '{"available":0,"reorderPoint":12}',
        advice: null,
        adviceSource: 'NONE',
        createdAt: '2026-11-03T10:00:00Z',
      },
    });
    expect(n).toMatchObject({ kind: 'STOCKOUT', numbers: { available: 0, reorderPoint: 12 } });
    expect(contentOf(n!)).toEqual({
      title: 'SKU-9 Bolt is out of stock',
      body: 'Available: 0, reorder point: 12',
      urgency: 'critical',
    });
    expect(notificationFromData({ onNotification: { kind: 'NOPE' } })).toBeNull();
  });

  it('points at the product, else the purchase order, else the list', () => {
    expect(notificationPath({ productId: 'a/b', purchaseOrderId: 'po' })).toBe('/products/a%2Fb');
    expect(notificationPath({ productId: null, purchaseOrderId: 'po-1' })).toBe('/orders/po-1');
    expect(notificationPath({ productId: null, purchaseOrderId: null })).toBe('/notifications');
  });
});

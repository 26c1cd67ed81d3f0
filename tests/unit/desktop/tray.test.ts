import { describe, expect, it } from 'vitest';
import type { IssuesEvent, IssuesState } from '../../../desktop/main/tray/issues';
import { issueCount, noIssues, reduceIssues, topIssues } from '../../../desktop/main/tray/issues';
import type { MenuEntry } from '../../../desktop/main/tray/menu';
import {
  badgeText,
  menuTemplate,
  trayIconFile,
  trayMenu,
  trayTooltip,
} from '../../../desktop/main/tray/menu';
import { createTrayController } from '../../../desktop/main/tray/tray-controller';
import { at, lowStock, notification } from './fixtures';

const fold = (events: readonly IssuesEvent[], from: IssuesState = noIssues) =>
  events.reduce(reduceIssues, from);

const labels = (entries: readonly MenuEntry[]) =>
  entries.map((e) => (e.type === 'separator' ? '—' : e.label));

const context = { paused: false, mode: 'local', cloudAvailable: false } as const;

describe('the tray’s stock issues, folded from refreshes and notifications', () => {
  it('counts what the lowStock refresh returns, stockouts as stockouts', () => {
    const state = fold([
      {
        type: 'refreshed',
        items: [lowStock('a', 3), lowStock('b', 0), lowStock('c', -2)],
        at: at('2026-11-03T09:00:00Z'),
      },
    ]);
    expect(issueCount(state)).toBe(3);
    expect(topIssues(state, 5).map((i) => [i.productId, i.kind])).toEqual([
      ['c', 'STOCKOUT'],
      ['b', 'STOCKOUT'],
      ['a', 'LOW_STOCK'],
    ]);
  });

  it('adds a product on LOW_STOCK, turns it into a stockout on STOCKOUT, and clears it on OVERSTOCK', () => {
    const refreshed: IssuesEvent = {
      type: 'refreshed',
      items: [lowStock('a', 3)],
      at: at('2026-11-03T09:00:00Z'),
    };
    const low = notification({ productId: 'b', createdAt: '2026-11-03T09:05:00Z' });
    const out = notification({
      kind: 'STOCKOUT',
      severity: 'CRITICAL',
      productId: 'b',
      numbers: { available: 0 },
      createdAt: '2026-11-03T09:06:00Z',
    });
    const over = notification({
      kind: 'OVERSTOCK',
      productId: 'a',
      createdAt: '2026-11-03T09:07:00Z',
    });

    const afterLow = fold([refreshed, { type: 'notification', notification: low }]);
    expect(issueCount(afterLow)).toBe(2);
    const afterOut = reduceIssues(afterLow, { type: 'notification', notification: out });
    expect(afterOut.issues.get('b')).toMatchObject({ kind: 'STOCKOUT', available: 0 });
    expect(issueCount(afterOut)).toBe(2);
    const afterOver = reduceIssues(afterOut, { type: 'notification', notification: over });
    expect([...afterOver.issues.keys()]).toEqual(['b']);
  });

  it('ignores notifications older than the last refresh and kinds that are not stock levels', () => {
    const state = fold([
      { type: 'refreshed', items: [], at: at('2026-11-03T10:00:00Z') },
      {
        type: 'notification',
        notification: notification({ productId: 'late', createdAt: '2026-11-03T09:59:59Z' }),
      },
      {
        type: 'notification',
        notification: notification({
          kind: 'PO_SUGGESTED',
          productId: 'x',
          createdAt: '2026-11-03T10:01:00Z',
        }),
      },
      {
        type: 'notification',
        notification: notification({ productId: null, createdAt: '2026-11-03T10:01:00Z' }),
      },
    ]);
    expect(issueCount(state)).toBe(0);
  });

  it('lets a later refresh drop issues that recovered without a notification', () => {
    const state = fold([
      { type: 'notification', notification: notification({ productId: 'a' }) },
      { type: 'notification', notification: notification({ productId: 'b' }) },
      { type: 'refreshed', items: [lowStock('b', 2)], at: at('2026-11-03T11:00:00Z') },
    ]);
    expect([...state.issues.keys()]).toEqual(['b']);
  });
});

describe('the tray menu', () => {
  it('lists the top issues, stockouts first, each opening its product page', () => {
    const state = fold([
      {
        type: 'refreshed',
        items: [lowStock('a', 3, 'A-1'), lowStock('b', 0, 'B-2')],
        at: at('2026-11-03T09:00:00Z'),
      },
    ]);
    const menu = trayMenu(state, context);
    expect(labels(menu)).toEqual([
      'Open Stock-Mate',
      '—',
      '2 stock issues',
      'Out of stock: B-2 Product b',
      'Low: A-1 Product a',
      '—',
      'Pause notifications',
      'Use the cloud connection',
      '—',
      'Quit Stock-Mate',
    ]);
    expect(menu[3]).toMatchObject({ action: { type: 'navigate', path: '/products/b' } });
    expect(menu[2]).toMatchObject({ enabled: false, action: null });
    // No connection file: switching to the cloud is offered but not possible.
    expect(menu[7]).toMatchObject({ enabled: false });
  });

  it('caps the list and links to all issues beyond it', () => {
    const items = Array.from({ length: 8 }, (_, i) => lowStock(`p${i}`, i + 1));
    const menu = trayMenu(fold([{ type: 'refreshed', items, at: 0 }]), { ...context, limit: 5 });
    const issueItems = labels(menu).filter((l) => l.startsWith('Low:'));
    expect(issueItems).toHaveLength(5);
    expect(labels(menu)).toContain('All 8 stock issues…');
  });

  it('shows the pause state as a checked item and offers local mode from the cloud', () => {
    const menu = trayMenu(noIssues, { paused: true, mode: 'cloud', cloudAvailable: true });
    expect(menu.find((e) => e.type === 'item' && e.label === 'Pause notifications')).toMatchObject({
      checked: true,
      action: { type: 'toggle-pause' },
    });
    expect(
      menu.find((e) => e.type === 'item' && e.label.startsWith('Use the database')),
    ).toMatchObject({
      enabled: true,
      action: { type: 'use-mode', mode: 'local' },
    });
    expect(labels(menu)).toContain('No stock issues');
  });

  it('turns into an Electron template whose clicks run the actions', () => {
    const run: unknown[] = [];
    const template = menuTemplate(trayMenu(noIssues, context), (action) => run.push(action));
    template[0]?.click?.({} as never, undefined, {});
    expect(run).toEqual([{ type: 'open' }]);
    expect(template.find((t) => t.label === 'Pause notifications')).toMatchObject({
      type: 'checkbox',
      checked: false,
    });
    expect(template[1]).toEqual({ type: 'separator' });
  });
});

describe('the tray badge and tooltip', () => {
  it('caps the badge at 9+ and picks the matching icon', () => {
    expect([0, 1, 9, 10, 250].map(badgeText)).toEqual(['', '1', '9', '9+', '9+']);
    expect([0, 3, 12].map(trayIconFile)).toEqual(['tray.png', 'tray-3.png', 'tray-9plus.png']);
    expect(trayTooltip(1, false)).toBe('Stock-Mate — 1 stock issue');
    expect(trayTooltip(0, true)).toBe('Stock-Mate — no stock issues (notifications paused)');
  });

  it('draws the count into the icon on Linux and as the title on macOS', () => {
    const calls: string[] = [];
    const tray = {
      setImage: (image: string) => calls.push(`image ${image}`),
      setToolTip: (text: string) => calls.push(`tip ${text}`),
      setTitle: (title: string) => calls.push(`title ${title}`),
      setContextMenu: () => undefined,
      on: () => undefined,
    };
    const make = (platform: NodeJS.Platform) =>
      createTrayController({
        tray,
        platform,
        iconPath: (file) => `/icons/${file}`,
        buildMenu: (entries) => entries,
        run: () => undefined,
        setBadgeCount: (count) => calls.push(`badge ${count}`),
        paused: () => false,
        mode: () => 'local',
        cloudAvailable: () => false,
      });
    const linux = make('linux');
    calls.length = 0;
    linux.apply({ type: 'refreshed', items: [lowStock('a', 1), lowStock('b', 0)], at: 0 });
    expect(calls).toEqual([
      'image /icons/tray-2.png',
      'badge 2',
      'tip Stock-Mate — 2 stock issues',
    ]);

    const mac = make('darwin');
    calls.length = 0;
    mac.apply({ type: 'refreshed', items: [lowStock('a', 1)], at: 0 });
    expect(calls).toEqual([
      'image /icons/trayTemplate.png',
      'title 1',
      'badge 1',
      'tip Stock-Mate — 1 stock issue',
    ]);
  });
});

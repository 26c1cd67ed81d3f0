/**
 * What the tray shows for a state: its menu as plain data (labels, checks, actions), the tooltip,
 * and the badge. The Electron side turns the data into a Menu; tests read it as it is.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { IssuesState } from './issues';
import { issueCount, topIssues } from './issues';

export type MenuAction =
  | { readonly type: 'open' }
  | { readonly type: 'navigate'; readonly path: string }
  | { readonly type: 'toggle-pause' }
  | { readonly type: 'use-mode'; readonly mode: 'local' | 'cloud' }
  | { readonly type: 'quit' };

export type MenuEntry =
  | { readonly type: 'separator' }
  | {
      readonly type: 'item';
      readonly label: string;
      readonly enabled: boolean;
      readonly checked?: boolean;
      readonly action: MenuAction | null;
    };

export interface MenuContext {
  readonly paused: boolean;
  readonly mode: 'local' | 'cloud';
  /** Whether a valid cloud connection file exists (switching to cloud needs one). */
  readonly cloudAvailable: boolean;
  /** How many issues the menu lists. */
  readonly limit?: number;
}

const separator: MenuEntry = { type: 'separator' };
const item = (label: string, action: MenuAction | null, checked?: boolean): MenuEntry => ({
  type: 'item',
  label,
  enabled: action !== null,
  action,
  ...(checked === undefined ? {} : { checked }),
});

/** "3 stock issues", "1 stock issue", "No stock issues". */
export const issuesPhrase = (count: number): string =>
  count === 0 ? 'No stock issues' : `${count} stock issue${count === 1 ? '' : 's'}`;

/** The tray menu for a state. */
export const trayMenu = (state: IssuesState, context: MenuContext): readonly MenuEntry[] => {
  const count = issueCount(state);
  const shown = topIssues(state, context.limit ?? 5);
  const issues = shown.map((issue) =>
    item(`${issue.kind === 'STOCKOUT' ? 'Out of stock' : 'Low'}: ${issue.label}`, {
      type: 'navigate',
      path: `/products/${encodeURIComponent(issue.productId)}`,
    }),
  );
  const more =
    count > shown.length
      ? [item(`All ${count} stock issues…`, { type: 'navigate', path: '/products?status=LOW' })]
      : [];
  const other = context.mode === 'local' ? 'cloud' : 'local';
  return [
    item('Open Stock-Mate', { type: 'open' }),
    separator,
    item(issuesPhrase(count), null),
    ...issues,
    ...more,
    separator,
    item('Pause notifications', { type: 'toggle-pause' }, context.paused),
    item(
      other === 'cloud' ? 'Use the cloud connection' : 'Use the database on this computer',
      other === 'cloud' && !context.cloudAvailable ? null : { type: 'use-mode', mode: other },
    ),
    separator,
    item('Quit Stock-Mate', { type: 'quit' }),
  ];
};

/** The tooltip: the app and its count, and whether notifications are paused. */
export const trayTooltip = (count: number, paused: boolean): string =>
  `Stock-Mate — ${issuesPhrase(count).toLowerCase()}${paused ? ' (notifications paused)' : ''}`;

/** The badge drawn on the icon: nothing, 1–9, or 9+. */
export const badgeText = (count: number): string =>
  count <= 0 ? '' : count > 9 ? '9+' : String(count);

/** The tray icon file for a count (the badge is drawn into the image: Windows and Linux). */
export const trayIconFile = (count: number): string => {
  const badge = badgeText(count);
  return badge === '' ? 'tray.png' : `tray-${badge === '9+' ? '9plus' : badge}.png`;
};

/** Electron's menu template for the entries; clicks run their actions. */
export const menuTemplate = (
  entries: readonly MenuEntry[],
  run: (action: MenuAction) => void,
): MenuItemConstructorOptions[] =>
  entries.map((entry): MenuItemConstructorOptions => {
    if (entry.type === 'separator') return { type: 'separator' };
    const { action } = entry;
    return {
      label: entry.label,
      enabled: entry.enabled,
      ...(entry.checked === undefined ? {} : { type: 'checkbox', checked: entry.checked }),
      ...(action === null ? {} : { click: () => run(action) }),
    };
  });

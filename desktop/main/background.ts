/**
 * What runs whether or not the window is open: the tray with its menu, native notifications and
 * the watcher that feeds both. Electron's Tray, Menu and Notification come in as factories.
 */
import { join } from 'node:path';
import WebSocket from 'ws';
import type { AppConnection } from './app-connection';
import { fetchLowStock } from './graphql-http';
import type { NativeNotification, NotificationContent } from './notifications/notifier';
import { createNotifier } from './notifications/notifier';
import type { PreferencesStore } from './preferences';
import type { MenuAction, MenuEntry } from './tray/menu';
import type { TrayLike } from './tray/tray-controller';
import { createTrayController } from './tray/tray-controller';
import { createWatcher } from './watch';

export interface BackgroundDeps {
  readonly connection: AppConnection;
  readonly prefs: PreferencesStore;
  readonly assets: string;
  readonly platform: NodeJS.Platform;
  createTray(icon: string): TrayLike;
  buildMenu(entries: readonly MenuEntry[], run: (action: MenuAction) => void): unknown;
  /** A native notification, or null where the system has none. */
  createNotification(content: NotificationContent & { icon: string }): NativeNotification | null;
  setBadgeCount(count: number): void;
  cloudAvailable(): boolean;
  show(): void;
  navigate(path: string): void;
  /** Saves the mode and starts the app again in it. */
  switchMode(mode: 'local' | 'cloud'): void;
  quit(): void;
  log(message: string, error?: unknown): void;
}

/** Creates tray, notifier and watcher; call `watcher.start()` once the window is up. */
export const createBackground = (deps: BackgroundDeps) => {
  const { prefs } = deps;
  const paused = () => prefs.get().notificationsPaused;

  const setPaused = async (next: boolean): Promise<void> => {
    await prefs.update({ notificationsPaused: next });
    if (next) notifier.clearHeld();
    tray.render();
  };

  const run = (action: MenuAction): void => {
    switch (action.type) {
      case 'open':
        return deps.show();
      case 'navigate':
        return deps.navigate(action.path);
      case 'toggle-pause':
        return void setPaused(!paused());
      case 'use-mode':
        return deps.switchMode(action.mode);
      case 'quit':
        return deps.quit();
    }
  };

  const tray = createTrayController({
    tray: deps.createTray(join(deps.assets, 'tray', 'tray.png')),
    platform: deps.platform,
    iconPath: (name) => join(deps.assets, 'tray', name),
    buildMenu: (entries, onClick) => deps.buildMenu(entries, onClick),
    run,
    setBadgeCount: (count) => deps.setBadgeCount(count),
    paused,
    mode: () => deps.connection.mode,
    cloudAvailable: () => deps.cloudAvailable(),
  });
  const icon = join(deps.assets, 'icons', '256x256.png');
  const notifier = createNotifier({
    create: (content) =>
      deps.createNotification({ ...content, icon }) ?? { show: () => undefined, on: () => null },
    open: (path) => deps.navigate(path),
    paused,
  });
  const watcher = createWatcher({
    connection: deps.connection,
    notifier,
    tray,
    createSocket: (url, protocols) => new WebSocket(url, [...protocols]),
    fetchLowStock: (endpoint, token) => fetchLowStock(endpoint, token),
    log: (message, error) => deps.log(message, error),
  });

  return { tray, notifier, watcher, setPaused };
};

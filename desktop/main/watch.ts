/**
 * Keeps the tray and native notifications current while the app runs, window or not: the
 * `onNotification` subscription feeds both, and the `lowStock` query refreshes the tray's count
 * at start, after each reconnection and periodically (stock that recovers sends no notification).
 */
import type { AppConnection } from './app-connection';
import type { Notifier } from './notifications/notifier';
import { ON_NOTIFICATION, notificationFromData } from './notifications/notification';
import type { SocketLike } from './realtime/appsync-client';
import { subscribe } from './realtime/appsync-client';
import { realtimeUrlOf } from './realtime/urls';
import type { LowStockItem } from './tray/issues';
import type { TrayController } from './tray/tray-controller';

export interface WatchDeps {
  readonly connection: AppConnection;
  readonly notifier: Notifier;
  readonly tray: TrayController;
  createSocket(url: string, protocols: readonly string[]): SocketLike;
  fetchLowStock(endpoint: string, token: string): Promise<readonly LowStockItem[]>;
  readonly now?: () => number;
  readonly refreshEveryMs?: number;
  log(message: string, error?: unknown): void;
}

/** Creates the watcher; `start` (again after a restart or sign-in) follows the current connection. */
export const createWatcher = (deps: WatchDeps) => {
  const now = deps.now ?? Date.now;
  let subscription: { close(): void } | null = null;
  let timer: NodeJS.Timeout | null = null;

  const refresh = async (): Promise<void> => {
    const connection = deps.connection.connection();
    if (connection === null || !deps.connection.session().signedIn) return;
    const at = now();
    const token = await deps.connection.accessToken();
    const items = await deps.fetchLowStock(connection.endpoint, token);
    deps.tray.apply({ type: 'refreshed', items, at });
  };
  const refreshQuietly = () =>
    void refresh().catch((error: unknown) => deps.log('the stock issues could not be read', error));

  const stop = () => {
    subscription?.close();
    subscription = null;
    if (timer !== null) clearInterval(timer);
    timer = null;
  };

  return {
    start(): void {
      stop();
      const connection = deps.connection.connection();
      const session = deps.connection.session();
      const tenantId = connection?.mode === 'local' ? connection.tenantId : session.tenantId;
      if (connection === null || !session.signedIn || tenantId === null) return;
      subscription = subscribe({
        url: realtimeUrlOf(connection),
        apiHost: new URL(connection.endpoint).host,
        query: ON_NOTIFICATION,
        variables: { tenantId },
        token: () => deps.connection.accessToken(),
        createSocket: (url, protocols) => deps.createSocket(url, protocols),
        onConnected: refreshQuietly,
        onData: (data) => {
          const notification = notificationFromData(data);
          if (notification === null) return deps.log('ignored an unreadable notification');
          deps.tray.apply({ type: 'notification', notification });
          deps.notifier.notify(notification);
        },
        log: (message) => deps.log(message),
      });
      timer = setInterval(refreshQuietly, deps.refreshEveryMs ?? 120_000);
      refreshQuietly();
    },
    refresh,
    stop,
  };
};

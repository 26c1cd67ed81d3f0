import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBackend } from '../../../cloud/local/backend';
import { LOCAL_TENANT, startLocalBackend } from '../../../cloud/local/backend';
import { localAppConnection } from '../../../desktop/main/app-connection';
import { createLocalSession } from '../../../desktop/main/auth/local-session';
import { fetchLowStock } from '../../../desktop/main/graphql-http';
import type { StockNotification } from '../../../desktop/main/notifications/notification';
import type { IssuesEvent } from '../../../desktop/main/tray/issues';
import type { TrayController } from '../../../desktop/main/tray/tray-controller';
import { createWatcher } from '../../../desktop/main/watch';
import { tempDir } from '../local/support';

/** The main process's watcher against the real embedded backend, over a real WebSocket. */
const dir = tempDir('desktop-notify');
let backend: LocalBackend;

beforeAll(async () => {
  backend = await startLocalBackend({ dataDir: dir.path, nightlyHour: null, log: () => undefined });
});
afterAll(async () => {
  await backend?.close();
  dir.remove();
});

const until = async (test: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('the main process’s notification watcher', () => {
  it('subscribes to onNotification, feeds the tray and the notifier, and refreshes the count', async () => {
    const session = createLocalSession({ freshToken: () => Promise.resolve(backend.token) });
    session.adopt(backend.token);
    const ready = { ...backend, tenantId: LOCAL_TENANT };
    const events: IssuesEvent[] = [];
    const notified: StockNotification[] = [];
    const watcher = createWatcher({
      connection: localAppConnection(() => ready, session),
      notifier: {
        notify: (n) => notified.push(n),
        clearHeld: () => undefined,
        dispose: () => undefined,
      },
      tray: { apply: (event: IssuesEvent) => events.push(event) } as unknown as TrayController,
      createSocket: (url, protocols) => new WebSocket(url, [...protocols]),
      fetchLowStock: (endpoint, token) => fetchLowStock(endpoint, token),
      log: () => undefined,
    });
    watcher.start();
    try {
      // The watcher refreshes when it starts and again once the subscription is acknowledged:
      // after both, a notification published now reaches it.
      await until(() => events.filter((e) => e.type === 'refreshed').length >= 2);
      const productId = randomUUID();
      await backend.server.publish('publishNotification', {
        tenantId: LOCAL_TENANT,
        notificationId: randomUUID(),
        kind: 'STOCKOUT',
        severity: 'CRITICAL',
        title: 'SKU-1 Widget is out of stock',
        productId,
        purchaseOrderId: null,
        numbers: JSON.stringify({ available: 0, reorderPoint: 5 }),
        advice: 'Order 20 now.',
        adviceSource: 'RULES',
        createdAt: new Date().toISOString(),
        readAt: null,
      });
      await until(() => notified.length === 1);
      expect(notified[0]).toMatchObject({
        kind: 'STOCKOUT',
        productId,
        numbers: { available: 0, reorderPoint: 5 },
        advice: 'Order 20 now.',
      });
      expect(events.filter((e) => e.type === 'notification')).toMatchObject([
        { type: 'notification', notification: { productId } },
      ]);
      const refreshed = events.find((e) => e.type === 'refreshed');
      expect(refreshed).toMatchObject({ items: [] });
    } finally {
      watcher.stop();
    }
  });
});

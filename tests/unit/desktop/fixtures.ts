/** Notifications and low-stock rows for the desktop shell's tests. */
import type { StockNotification } from '../../../desktop/main/notifications/notification';
import type { LowStockItem } from '../../../desktop/main/tray/issues';

let counter = 0;

/** A notification as the subscription delivers it (after parsing), with sensible defaults. */
export const notification = (overrides: Partial<StockNotification> = {}): StockNotification => ({
  tenantId: 'local',
  notificationId: `n-${++counter}`,
  kind: 'LOW_STOCK',
  severity: 'WARNING',
  title: 'SKU-1 Widget is below its reorder point',
  productId: 'p-1',
  purchaseOrderId: null,
  numbers: { available: 4, reorderPoint: 10 },
  advice: null,
  adviceSource: 'RULES',
  createdAt: '2026-11-03T10:00:00.000Z',
  ...overrides,
});

/** A row of the lowStock query. */
export const lowStock = (productId: string, available: number, sku = productId.toUpperCase()) =>
  ({
    productId,
    sku,
    name: `Product ${productId}`,
    available,
    reorderPoint: 10,
  }) satisfies LowStockItem;

export const at = (iso: string): number => Date.parse(iso);

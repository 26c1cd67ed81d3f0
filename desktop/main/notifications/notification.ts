/**
 * A notification as the `onNotification` subscription delivers it, read defensively (it crosses a
 * network), and the page of the app it points at.
 */
import { z } from 'zod';
import { notificationKinds, severities } from '../../../shared/analytics/issues';

const numbers = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((value) => {
  if (typeof value !== 'string') return value;
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
});

const schema = z.object({
  tenantId: z.string(),
  notificationId: z.string().min(1),
  kind: z.enum(notificationKinds),
  severity: z.enum(severities),
  title: z.string(),
  productId: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  purchaseOrderId: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  numbers: numbers.nullish().transform((v) => v ?? {}),
  advice: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  adviceSource: z
    .string()
    .nullish()
    .transform((v) => v ?? 'NONE'),
  createdAt: z.string(),
});

export type StockNotification = z.infer<typeof schema>;
export type NotificationKind = StockNotification['kind'];

/** The notification in a subscription's data (`{ onNotification: … }`), or null. */
export const notificationFromData = (data: unknown): StockNotification | null => {
  const inner =
    typeof data === 'object' && data !== null && 'onNotification' in data
      ? data.onNotification
      : data;
  const parsed = schema.safeParse(inner);
  return parsed.success ? parsed.data : null;
};

/** The page a notification opens (the renderer's routes): its product, else its order, else the list. */
export const notificationPath = (n: {
  readonly productId: string | null;
  readonly purchaseOrderId: string | null;
}): string => {
  if (n.productId !== null) return `/products/${encodeURIComponent(n.productId)}`;
  if (n.purchaseOrderId !== null) {
    return `/orders/${encodeURIComponent(n.purchaseOrderId)}`;
  }
  return '/notifications';
};

/** A number among the notification's figures, when it is one. */
export const figure = (n: StockNotification, name: string): number | null => {
  const value = n.numbers[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** The subscription main runs for native notifications and the tray. */
export const ON_NOTIFICATION = `subscription OnNotification($tenantId: ID!) {
  onNotification(tenantId: $tenantId) {
    tenantId notificationId kind severity title productId purchaseOrderId
    numbers advice adviceSource createdAt
  }
}`;

import { createHash } from 'node:crypto';
import type { Database } from '../db/port';
import { eachOf } from '../db/sql';
import type { NotificationMessage, Publisher } from '../services/publisher';

/** A stable UUID-shaped id from a name, so a re-run creates the same notification, not another. */
export const stableId = (name: string): string => {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
};

const NOTIFICATION_COLUMNS = `tenant_id AS "tenantId", notification_id AS "notificationId", kind, severity, title,
  product_id AS "productId", purchase_order_id AS "purchaseOrderId", numbers::text AS numbers, advice,
  advice_source AS "adviceSource", iso_time(created_at) AS "createdAt", iso_time(read_at) AS "readAt"`;

/**
 * Stores notifications (a repeat of one already stored changes nothing), then publishes every one
 * not yet published and marks it: each reaches subscribers at least once, normally exactly once.
 */
export const storeAndPublish = async (
  db: Database,
  publisher: Publisher,
  tenantId: string,
  notifications: readonly NotificationMessage[],
): Promise<number> => {
  if (notifications.length === 0) return 0;
  const pending = await db.tenant(tenantId, 'write', async (tx) => {
    for (const n of notifications) {
      await tx.run(
        `INSERT INTO notifications (tenant_id, notification_id, kind, severity, title, product_id, purchase_order_id,
           numbers, advice, advice_source, created_at)
         VALUES (current_tenant(), :id::uuid, :kind, :severity, :title, :productId::uuid, :purchaseOrderId::uuid,
           :numbers::jsonb, :advice, :adviceSource, :createdAt::timestamptz)
         ON CONFLICT (tenant_id, notification_id) DO NOTHING`,
        {
          id: n.notificationId,
          kind: n.kind,
          severity: n.severity,
          title: n.title,
          productId: n.productId,
          purchaseOrderId: n.purchaseOrderId,
          numbers: n.numbers,
          advice: n.advice,
          adviceSource: n.adviceSource,
          createdAt: n.createdAt,
        },
      );
    }
    return tx.rows<NotificationMessage>(
      `SELECT x.* FROM ${eachOf(
        'ids',
        'uuid',
        `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE notification_id = k.id AND published_at IS NULL`,
      )} ORDER BY "createdAt", "notificationId"`,
      { ids: notifications.map((n) => n.notificationId) },
    );
  });
  for (const n of pending) {
    await publisher.notification(n);
    await db.tenant(tenantId, 'write', (tx) =>
      tx.run(`UPDATE notifications SET published_at = now() WHERE notification_id = :id::uuid`, {
        id: n.notificationId,
      }),
    );
  }
  return pending.length;
};

/** Publishes notifications stored but never published (a crash between the two): the sweep. */
export const republishPending = async (
  db: Database,
  publisher: Publisher,
  olderThanSeconds = 30,
): Promise<number> => {
  const stale = await db.system((tx) =>
    tx.rows<NotificationMessage>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications
       WHERE published_at IS NULL AND created_at < now() - make_interval(secs => :age) ORDER BY created_at LIMIT 500`,
      { age: olderThanSeconds },
    ),
  );
  for (const n of stale) {
    await publisher.notification(n);
    await db.system((tx) =>
      tx.run(
        `UPDATE notifications SET published_at = now() WHERE tenant_id = :tenant AND notification_id = :id::uuid`,
        {
          tenant: n.tenantId,
          id: n.notificationId,
        },
      ),
    );
  }
  return stale.length;
};

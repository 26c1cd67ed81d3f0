import type { Tx } from '../port';
import type { CursorShape } from './paging';
import { decodeCursor, pageOf, pageSize } from './paging';

const notificationCursor: CursorShape = { list: 'notifications', parts: ['time', 'uuid'] };
const runCursor: CursorShape = { list: 'workflowRuns', parts: ['time', 'text'] };

export interface NotificationRow {
  tenantId: string;
  notificationId: string;
  kind: string;
  severity: string;
  title: string;
  productId: string | null;
  purchaseOrderId: string | null;
  numbers: string;
  advice: string | null;
  adviceSource: string;
  createdAt: string;
  readAt: string | null;
}

const NOTIFICATION = `tenant_id AS "tenantId", notification_id AS "notificationId", kind, severity, title,
  product_id AS "productId", purchase_order_id AS "purchaseOrderId", numbers::text AS numbers, advice,
  advice_source AS "adviceSource", iso_time(created_at) AS "createdAt", iso_time(read_at) AS "readAt"`;

/** Notifications, newest first. */
export const listNotifications = async (
  tx: Tx,
  q: { unreadOnly?: boolean | null; limit?: number | null; nextToken?: string | null },
) => {
  const limit = pageSize(q.limit);
  const cursor = decodeCursor(q.nextToken, notificationCursor);
  const rows = await tx.rows<NotificationRow>(
    `SELECT ${NOTIFICATION} FROM notifications
     WHERE (NOT :unread OR read_at IS NULL)
       AND (:afterAt::timestamptz IS NULL OR (created_at, notification_id) < (:afterAt::timestamptz, :afterId::uuid))
     ORDER BY created_at DESC, notification_id DESC LIMIT :take`,
    {
      unread: q.unreadOnly === true,
      afterAt: (cursor?.[0] as string | undefined) ?? null,
      afterId: (cursor?.[1] as string | undefined) ?? null,
      take: limit + 1,
    },
  );
  return pageOf(rows, limit, notificationCursor, (r) => [r.createdAt, r.notificationId]);
};

/** Marks a notification read (once: the first time stays the time). */
export const markNotificationRead = (tx: Tx, notificationId: string, at: string) =>
  tx.one<NotificationRow>(
    `UPDATE notifications SET read_at = coalesce(read_at, :at::timestamptz) WHERE notification_id = :id::uuid
     RETURNING ${NOTIFICATION}`,
    { id: notificationId, at },
  );

export interface WorkflowRunRow {
  executionName: string;
  workflow: string;
  status: string;
  input: unknown;
  output: unknown;
  error: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** Workflow runs, newest first, optionally of one workflow. */
export const listWorkflowRuns = async (
  tx: Tx,
  q: { workflow?: string | null; limit?: number | null; nextToken?: string | null },
) => {
  const limit = pageSize(q.limit);
  const cursor = decodeCursor(q.nextToken, runCursor);
  const rows = await tx.rows<WorkflowRunRow>(
    `SELECT execution_name AS "executionName", workflow, status, input, output, error,
            iso_time(started_at) AS "startedAt", iso_time(ended_at) AS "endedAt"
     FROM workflow_runs
     WHERE (:workflow::text IS NULL OR workflow = :workflow::text)
       AND (:afterAt::timestamptz IS NULL OR (started_at, execution_name) < (:afterAt::timestamptz, :afterName::text))
     ORDER BY started_at DESC, execution_name DESC LIMIT :take`,
    {
      workflow: q.workflow ?? null,
      afterAt: (cursor?.[0] as string | undefined) ?? null,
      afterName: (cursor?.[1] as string | undefined) ?? null,
      take: limit + 1,
    },
  );
  return pageOf(rows, limit, runCursor, (r) => [r.startedAt, r.executionName]);
};

export const workflowRun = (tx: Tx, executionName: string) =>
  tx.one<WorkflowRunRow>(
    `SELECT execution_name AS "executionName", workflow, status, input, output, error,
            iso_time(started_at) AS "startedAt", iso_time(ended_at) AS "endedAt"
     FROM workflow_runs WHERE execution_name = :name`,
    { name: executionName },
  );

/** A product's stored analysis and its recent daily demand, for the forecast chart. */
export const productForecast = async (
  tx: Tx,
  productId: string,
  historyDays: number,
  today: string,
) => {
  const planning = await tx.one<{
    analysis: unknown;
    analysedAt: string;
    reorderPoint: number;
    safetyStock: number;
    maxStock: number | null;
  }>(
    `SELECT analysis, iso_time(analysed_at) AS "analysedAt", reorder_point AS "reorderPoint",
            safety_stock AS "safetyStock", max_stock AS "maxStock"
     FROM product_planning WHERE product_id = :id::uuid AND analysis IS NOT NULL`,
    { id: productId },
  );
  const history = await tx.rows<{ date: string; quantity: number }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS date, coalesce(sum(-m.quantity), 0)::bigint AS quantity
     FROM generate_series(:today::date - (:days::integer - 1), :today::date, interval '1 day') AS d
     LEFT JOIN movements m ON m.product_id = :id::uuid AND m.kind = 'issue'
       AND m.occurred_at >= d AND m.occurred_at < d + interval '1 day'
     GROUP BY d ORDER BY d`,
    { id: productId, days: historyDays, today },
  );
  return { planning, history };
};

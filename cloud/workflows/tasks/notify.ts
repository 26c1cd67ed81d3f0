import type { NotificationMessage } from '../../services/publisher';
import { stableId, storeAndPublish } from '../notifications';
import type { IssuesFound, TaskPorts } from './ports';

/** Task Notify: one stored, published notification per issue, with advice when there is some. */
export const notifyTask = async (
  input: IssuesFound,
  ports: TaskPorts,
): Promise<{ notified: number }> => {
  const createdAt = ports.clock.now().toISOString();
  const notifications: NotificationMessage[] = input.issues.map((issue, index) => ({
    tenantId: input.tenantId,
    notificationId: stableId(`${input.executionName}:${index}:${issue.kind}:${issue.productId}`),
    kind: issue.kind,
    severity: issue.severity,
    title: issue.title,
    productId: issue.productId,
    purchaseOrderId: issue.purchaseOrderId,
    numbers: JSON.stringify({ ...issue.numbers, sku: issue.product.sku }),
    advice: issue.advice?.text ?? null,
    adviceSource: issue.advice?.source ?? 'NONE',
    createdAt,
    readAt: null,
  }));
  return {
    notified: await storeAndPublish(ports.db, ports.publisher, input.tenantId, notifications),
  };
};

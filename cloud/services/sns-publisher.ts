/**
 * Notifications through SNS, as the cloud routes them: the workflow's Notify task (and the
 * notification sweep) publish to an encrypted topic; the notifier Lambda subscribed to it calls
 * AppSync's publishNotification. The topic decouples the workflow from AppSync: a slow or failing
 * API is retried by Lambda's asynchronous invocation and lands in a dead-letter queue, not in the
 * workflow run. Both sides of the message format live here.
 */
import { notificationKinds, severities } from '../../shared/analytics/issues';
import type { SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import { z } from 'zod';
import type { NotificationMessage, Publisher } from './publisher';

const isoTime = z.iso.datetime({ offset: true });

/** The schema's NotificationInput, checked where the message comes off the topic. */
const notificationSchema = z.strictObject({
  tenantId: z.string().min(1).max(64),
  notificationId: z.guid(),
  kind: z.enum(notificationKinds),
  severity: z.enum(severities),
  title: z.string().min(1),
  productId: z.guid().nullable(),
  purchaseOrderId: z.guid().nullable(),
  numbers: z.string(),
  advice: z.string().nullable(),
  adviceSource: z.enum(['OPENAI', 'RULES', 'NONE']),
  createdAt: isoTime,
  readAt: isoTime.nullable(),
});

/** Reads a notification from an SNS message body; throws naming the first field that is wrong. */
export const parseNotificationMessage = (body: string): NotificationMessage => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('the SNS message is not JSON');
  }
  const parsed = notificationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `the SNS message is not a notification: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
};

export interface SnsNotificationsOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
}

/** Publishes one notification to the topic, with its tenant as a message attribute. */
export const createSnsNotifications =
  (options: SnsNotificationsOptions): Publisher['notification'] =>
  async (message) => {
    await options.client.send(
      new PublishCommand({
        TopicArn: options.topicArn,
        Message: JSON.stringify(message),
        MessageAttributes: {
          tenantId: { DataType: 'String', StringValue: message.tenantId },
          kind: { DataType: 'String', StringValue: message.kind },
        },
      }),
    );
  };

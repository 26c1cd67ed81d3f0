/**
 * The cloud adapters with their real SDK clients against local endpoints: secrets read at run
 * time, notifications through SNS, and workflow runs through Step Functions (recorded in PGlite
 * behind the local Data API endpoint first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../cloud/app/ports';
import { createSecretReader } from '../../../cloud/services/secrets';
import {
  createSnsNotifications,
  parseNotificationMessage,
} from '../../../cloud/services/sns-publisher';
import { createStepFunctionsWorkflows } from '../../../cloud/services/step-functions';
import type { NotificationMessage } from '../../../cloud/services/publisher';
import type { Cloud } from './harness';
import { arns, openCloud } from './harness';

let cloud: Cloud;
beforeAll(async () => {
  cloud = await openCloud();
  await cloud.migrateSchema();
  await cloud.db.system((tx) =>
    tx.run(`INSERT INTO tenants (tenant_id, name) VALUES ('org-acme', 'acme.com')`),
  );
});
afterAll(() => cloud.close());

const STRIPE =
  'arn:aws:secretsmanager:eu-west-1:000000000000:secret:stockmate/dev/stripe-secret-key-AbCdEf';

describe('the secret reader', () => {
  it('reads a value once and serves it from the cache while it is fresh', async () => {
    cloud.aws.secrets.set(STRIPE, 'sk_test_first');
    let now = 0;
    const reader = createSecretReader({
      client: cloud.secretsManager,
      ttlMs: 1000,
      now: () => now,
    });
    const before = cloud.aws.requests.filter(
      (r) => r.action === 'secretsmanager.GetSecretValue',
    ).length;
    expect(await Promise.all([reader.read(STRIPE), reader.read(STRIPE)])).toEqual([
      'sk_test_first',
      'sk_test_first',
    ]);
    cloud.aws.secrets.set(STRIPE, 'sk_test_rotated');
    now = 999;
    expect(await reader.read(STRIPE)).toBe('sk_test_first');
    now = 1000;
    expect(await reader.read(STRIPE)).toBe('sk_test_rotated');
    const calls = cloud.aws.requests.filter((r) => r.action === 'secretsmanager.GetSecretValue');
    expect(calls.length - before).toBe(2);
    expect(calls.at(-1)!.signature.service).toBe('secretsmanager');
  });

  it('does not remember a failed read, and names the secret rather than showing a value', async () => {
    const missing = `${STRIPE}-missing`;
    const reader = createSecretReader({ client: cloud.secretsManager });
    await expect(reader.read(missing)).rejects.toThrow(/can't find the specified secret/);
    cloud.aws.secrets.set(missing, '   ');
    await expect(reader.read(missing)).rejects.toThrow(`secret ${missing} has no string value`);
    cloud.aws.secrets.set(missing, 'sk_test_now_there');
    expect(await reader.read(missing)).toBe('sk_test_now_there');
  });
});

const notification: NotificationMessage = {
  tenantId: 'org-acme',
  notificationId: '6f1c2d3e-0000-5000-8000-00000000000a',
  kind: 'STOCKOUT',
  severity: 'CRITICAL',
  title: 'Bolts M8 are out of stock',
  productId: '6f1c2d3e-0000-4000-8000-00000000000b',
  purchaseOrderId: null,
  numbers: '{"available":0}',
  advice: 'Order 40 units today.',
  adviceSource: 'RULES',
  createdAt: '2031-01-06T08:00:00.000Z',
  readAt: null,
};

describe('notifications through SNS', () => {
  it('publishes the notification to the topic with its tenant and kind as attributes', async () => {
    await createSnsNotifications({ client: cloud.sns, topicArn: arns.topic })(notification);
    const sent = cloud.aws.published.at(-1)!;
    expect(sent).toMatchObject({
      topicArn: arns.topic,
      attributes: { tenantId: 'org-acme', kind: 'STOCKOUT' },
    });
    expect(parseNotificationMessage(sent.message)).toEqual(notification);
  });
});

describe('workflow runs through Step Functions', () => {
  const clock = fixedClock('2031-01-06T08:00:00.000Z');
  const workflows = () =>
    createStepFunctionsWorkflows({
      client: cloud.sfn,
      db: cloud.db,
      clock,
      stateMachineArns: { 'stock-changed': arns.stockChanged },
    });

  it('records the run, then starts the execution under its name with the tenant in the input', async () => {
    expect(
      await workflows().start('stock-changed', 'org-acme', 'stock-changed-e1', { eventId: 'e1' }),
    ).toEqual({ started: true });
    expect(cloud.aws.executions.get(`${arns.stockChanged}/stock-changed-e1`)).toEqual({
      stateMachineArn: arns.stockChanged,
      name: 'stock-changed-e1',
      input: { eventId: 'e1', tenantId: 'org-acme', executionName: 'stock-changed-e1' },
    });
    const run = await cloud.db.system((tx) =>
      tx.one<{ status: string }>(
        `SELECT status FROM workflow_runs WHERE execution_name = 'stock-changed-e1'`,
      ),
    );
    expect(run).toEqual({ status: 'RUNNING' });
  });

  it('counts an execution that already exists as started before', async () => {
    expect(
      await workflows().start('stock-changed', 'org-acme', 'stock-changed-e1', { eventId: 'e1' }),
    ).toEqual({ started: false });
  });

  it('starts nothing for a run that already finished', async () => {
    await cloud.db.system((tx) =>
      tx.run(
        `UPDATE workflow_runs SET status = 'SUCCEEDED' WHERE execution_name = 'stock-changed-e1'`,
      ),
    );
    const before = cloud.aws.requests.length;
    expect(
      await workflows().start('stock-changed', 'org-acme', 'stock-changed-e1', { eventId: 'e1' }),
    ).toEqual({ started: false });
    expect(cloud.aws.requests.length).toBe(before);
  });

  it('refuses a workflow this function was not given', async () => {
    await expect(
      workflows().start('usage-analysis', 'org-acme', 'usage-analysis-x', {}),
    ).rejects.toThrow('this function is not configured to start usage-analysis runs');
  });
});

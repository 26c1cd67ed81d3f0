/**
 * The Lambda entry points as the stack wires them, run against local endpoints: PGlite behind the
 * Data API endpoint, and Secrets Manager, Step Functions, SNS, Lambda and AppSync behind the AWS
 * one. One story, in order: deploy (migrations), sign-in, mutations, relay, workflow tasks,
 * notifier, the nightly schedule.
 */
import { randomUUID } from 'node:crypto';
import type {
  CloudFormationCustomResourceEvent,
  PreTokenGenerationV2TriggerEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../cloud/app/ports';
import { readMigrations } from '../../../cloud/db/migrate';
import { createApiHandler } from '../../../cloud/lambda/api';
import { createMigrateHandler } from '../../../cloud/lambda/migrate';
import { createNightlyHandler } from '../../../cloud/lambda/nightly';
import { createNotifierHandler } from '../../../cloud/lambda/notifier';
import { createPreTokenHandler } from '../../../cloud/lambda/pre-token';
import { createRebuildHandler } from '../../../cloud/lambda/rebuild';
import { createRelayHandler } from '../../../cloud/lambda/relay';
import { createTaskHandler } from '../../../cloud/lambda/tasks';
import { scenario } from '../../support/scenario';
import type { Cloud } from './harness';
import { arns, openCloud, userIdentity } from './harness';

let cloud: Cloud;
beforeAll(async () => {
  cloud = await openCloud();
  cloud.aws.secrets.set(
    arns.appSecret,
    JSON.stringify({ username: 'stockmate_rw', password: 'rw-password-1' }),
  );
  cloud.aws.secrets.set(
    arns.readerSecret,
    JSON.stringify({ username: 'stockmate_ro', password: 'ro-password-1' }),
  );
});
afterAll(() => cloud.close());

const deps = () => ({
  rdsData: cloud.rdsData,
  secretsManager: () => cloud.secretsManager,
  sfn: () => cloud.sfn,
  sns: () => cloud.sns,
  region: cloud.aws.region,
  credentials: cloud.aws.credentials,
  lambdaEndpoint: cloud.aws.endpoint,
});

const migrationEvent = (RequestType: 'Create' | 'Update' | 'Delete') =>
  ({
    RequestType,
    PhysicalResourceId: 'stockmate-database-schema',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:000000000000:function:provider',
      MigrationsChecksum: 'abc',
      Logins: [
        { SecretArn: arns.appSecret, Roles: 'stockmate_app,stockmate_reader' },
        { SecretArn: arns.readerSecret, Roles: 'stockmate_reader' },
      ],
    },
  }) as unknown as CloudFormationCustomResourceEvent;

const memberships = (login: string) =>
  cloud.db.system((tx) =>
    tx.rows<{ role: string }>(
      `SELECT r.rolname AS role FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
       JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :login ORDER BY 1`,
      { login },
    ),
  );

describe('the migration custom resource', () => {
  const handler = () =>
    createMigrateHandler(
      {
        ...cloud.env,
        DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:admin-AbCdEf',
      },
      {
        rdsData: cloud.rdsData,
        secretsManager: cloud.secretsManager,
      },
    );

  it('applies every migration through the Data API and creates the two login users', async () => {
    const result = await handler()(migrationEvent('Create'));
    expect(result.PhysicalResourceId).toBe('stockmate-database-schema');
    expect(result.Data?.['Applied']?.split(',')).toEqual(
      readMigrations().map((m) => `${m.version}_${m.name}`),
    );
    expect(cloud.dataApi.requests.some((r) => r.path === '/BeginTransaction')).toBe(true);
    expect(await memberships('stockmate_rw')).toEqual([
      { role: 'stockmate_app' },
      { role: 'stockmate_reader' },
    ]);
    expect(await memberships('stockmate_ro')).toEqual([{ role: 'stockmate_reader' }]);
  });

  it('is safe to run again: nothing is applied twice and the logins stay as they were', async () => {
    const result = await handler()(migrationEvent('Update'));
    expect(result.Data?.['Applied']).toBe('');
    expect(await memberships('stockmate_ro')).toEqual([{ role: 'stockmate_reader' }]);
  });

  it('sends passwords only as bound parameters, never inside SQL text', () => {
    const sql = cloud.dataApi.requests.map((r) =>
      typeof r.body['sql'] === 'string' ? r.body['sql'] : '',
    );
    const parameters = cloud.dataApi.requests.map((r) =>
      JSON.stringify(r.body['parameters'] ?? []),
    );
    expect(sql.some((text) => text.includes('rw-password-1'))).toBe(false);
    expect(parameters.some((text) => text.includes('rw-password-1'))).toBe(true);
  });

  it('keeps the data when the stack deletes the resource', async () => {
    expect(await handler()(migrationEvent('Delete'))).toEqual({
      PhysicalResourceId: 'stockmate-database-schema',
    });
    expect(
      await cloud.db.system((tx) => tx.one(`SELECT count(*)::int AS n FROM schema_migrations`)),
    ).toEqual({
      n: readMigrations().length,
    });
  });
});

const signIn = (sub: string, email: string, source = 'TokenGeneration_HostedAuth') =>
  createPreTokenHandler(cloud.env, { rdsData: cloud.rdsData })({
    version: '2',
    triggerSource: source,
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Abc',
    userName: `google_${sub}`,
    callerContext: { awsSdkVersion: '3', clientId: 'client' },
    request: {
      userAttributes: { sub, email, email_verified: 'true' },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
      scopes: [],
    },
    response: { claimsAndScopeOverrideDetails: {} },
  } as unknown as PreTokenGenerationV2TriggerEvent);

const claimsOf = (event: PreTokenGenerationV2TriggerEvent) => {
  const details = event.response.claimsAndScopeOverrideDetails;
  return {
    tenant: details.accessTokenGeneration?.claimsToAddOrOverride?.['custom:tenant_id'],
    idTenant: details.idTokenGeneration?.claimsToAddOrOverride?.['custom:tenant_id'],
    groups: details.groupOverrideDetails?.groupsToOverride,
  };
};

const ana = randomUUID();
const bo = randomUUID();
let acme = '';

describe('the pre-token trigger', () => {
  it('makes the first user of an organisation its admin and puts the tenant into both tokens', async () => {
    const claims = claimsOf(await signIn(ana, 'ana@acme.com'));
    expect(claims.tenant).toMatch(/^org-acme-com-[0-9a-f]{8}$/);
    expect(claims).toEqual({ tenant: claims.tenant, idTenant: claims.tenant, groups: ['admin'] });
    acme = String(claims.tenant);
  });

  it('makes a colleague at the same domain a viewer of the same tenant, and a gmail user their own admin', async () => {
    expect(claimsOf(await signIn(bo, 'bo@acme.com'))).toMatchObject({
      tenant: acme,
      groups: ['viewer'],
    });
    const personal = claimsOf(await signIn(randomUUID(), 'cy@gmail.com'));
    expect(personal.tenant).toMatch(/^user-/);
    expect(personal.groups).toEqual(['admin']);
  });

  it('keeps the membership on refresh, and follows a role changed in the database', async () => {
    await cloud.db.system((tx) =>
      tx.run(`UPDATE memberships SET role = 'clerk' WHERE user_id = :bo`, { bo }),
    );
    expect(
      claimsOf(await signIn(bo, 'bo@acme.com', 'TokenGeneration_RefreshTokens')),
    ).toMatchObject({ tenant: acme, groups: ['clerk'] });
  });
});

const mutationHandler = () => createApiHandler({ ...cloud.env, API_ACCESS: 'write' }, deps());
const queryHandler = () =>
  createApiHandler({ ...cloud.env, API_ACCESS: 'read', DB_SECRET_ARN: arns.readerSecret }, deps());
const call = (
  handler: ReturnType<typeof createApiHandler>,
  parentTypeName: string,
  fieldName: string,
  args: object,
  user = ana,
  role = 'admin',
) =>
  handler({
    arguments: args,
    identity: userIdentity(user, acme, role),
    info: { fieldName, parentTypeName, selectionSetList: [] },
  });
const key = () => `key-${randomUUID()}`;
let stockEventId = '';

describe('the resolver Lambda', () => {
  it('runs a mutation through the Data API and kicks the relay without waiting for it', async () => {
    const handler = mutationHandler();
    const warehouse = (await call(handler, 'Mutation', 'createWarehouse', {
      input: { idempotencyKey: key(), code: 'W1', name: 'Main' },
    })) as { data: { warehouses: { warehouseId: string }[] } };
    const product = (await call(handler, 'Mutation', 'registerProduct', {
      input: {
        idempotencyKey: key(),
        sku: 'BOLT-M8',
        name: 'Bolt M8',
        unitCost: { amountMinor: 12, currency: 'EUR' },
      },
    })) as { data: { products: { productId: string }[] } };
    const received = (await call(handler, 'Mutation', 'receiveStock', {
      input: {
        idempotencyKey: key(),
        productId: product.data.products[0]!.productId,
        warehouseId: warehouse.data.warehouses[0]!.warehouseId,
        quantity: 40,
        unitCost: { amountMinor: 12, currency: 'EUR' },
      },
    })) as { data: { stockLevels: { onHand: number }[]; events: { eventId: string }[] } };
    expect(received.data.stockLevels[0]).toMatchObject({ onHand: 40 });
    stockEventId = received.data.events[0]!.eventId;
    expect(cloud.aws.invocations.at(-1)).toEqual({
      functionName: arns.relay,
      invocationType: 'Event',
      payload: { source: 'committed' },
    });
    expect(cloud.aws.requests.at(-1)?.signature.service).toBe('lambda');
  });

  it('answers a query for a viewer through the read-only function', async () => {
    const result = await call(queryHandler(), 'Query', 'warehouses', {}, bo, 'viewer');
    expect(result).toEqual({ data: [expect.objectContaining({ code: 'W1', name: 'Main' })] });
  });

  it('returns the typed error the resolver code turns into an AppSync error', async () => {
    const result = await call(mutationHandler(), 'Mutation', 'createWarehouse', {
      input: { idempotencyKey: key(), code: 'W2' },
    });
    expect(result).toMatchObject({
      error: {
        errorType: 'ValidationError',
        errorInfo: { fields: [expect.objectContaining({ field: 'name' })] },
      },
    });
    const refused = await call(
      mutationHandler(),
      'Mutation',
      'createWarehouse',
      { input: { idempotencyKey: key(), code: 'W3', name: 'x' } },
      bo,
      'viewer',
    );
    expect(refused).toMatchObject({ error: { errorType: 'Forbidden' } });
  });

  it('builds no workflow port in the query function, and answers a malformed event with Internal', async () => {
    const kicks = cloud.aws.invocations.length;
    expect(
      await call(queryHandler(), 'Mutation', 'runUsageAnalysis', {
        input: { idempotencyKey: key() },
      }),
    ).toMatchObject({ error: { errorType: 'Internal' } });
    expect(cloud.aws.invocations.length).toBe(kicks);
    expect(await queryHandler()({ nonsense: true })).toEqual({
      error: { errorType: 'Internal', message: 'the API is misconfigured', errorInfo: null },
    });
  });
});

describe('the relay Lambda', () => {
  it('publishes the stock change to AppSync and starts the stock-changed run, once', async () => {
    const relay = createRelayHandler(cloud.env, { ...deps(), sfn: cloud.sfn });
    const outcome = await relay({ source: 'committed' });
    expect(outcome.relayed).toBeGreaterThanOrEqual(3);
    const published = cloud.aws.graphql.filter((g) => g.field === 'publishStockChanged');
    expect(published.map((g) => (g.variables['input'] as { eventId: string }).eventId)).toEqual([
      stockEventId,
    ]);
    const run = cloud.aws.executions.get(`${arns.stockChanged}/stock-changed-${stockEventId}`);
    expect(run?.input).toMatchObject({
      tenantId: acme,
      eventId: stockEventId,
      eventIds: [stockEventId],
      commands: ['receiveStock'],
    });
    expect(await relay({ source: 'sweep' })).toEqual({
      relayed: 0,
      billingReported: 0,
      republished: 0,
    });
  });
});

describe('the task Lambda', () => {
  it('runs Notify: stores the notification and sends it through SNS, and the notifier publishes it', async () => {
    const notify = createTaskHandler({ ...cloud.env, TASK_NAME: 'Notify' }, deps());
    const productId = randomUUID();
    const result = await notify({
      tenantId: acme,
      executionName: `stock-changed-${stockEventId}`,
      eventId: stockEventId,
      issueCount: 1,
      issues: [
        {
          kind: 'LOW_STOCK',
          severity: 'WARNING',
          title: 'Bolt M8 is low',
          productId,
          purchaseOrderId: null,
          product: { sku: 'BOLT-M8', name: 'Bolt M8', unit: 'pcs' },
          numbers: { available: 4 },
        },
      ],
    });
    expect(result).toEqual({ notified: 1 });
    const sent = cloud.aws.published.at(-1)!;
    expect(sent).toMatchObject({
      topicArn: arns.topic,
      attributes: { tenantId: acme, kind: 'LOW_STOCK' },
    });
    const notifier = createNotifierHandler(cloud.env, {
      region: cloud.aws.region,
      credentials: cloud.aws.credentials,
    });
    await notifier({ Records: [{ Sns: { Message: sent.message } }] } as never);
    expect(cloud.aws.graphql.at(-1)).toMatchObject({
      field: 'publishNotification',
      variables: { input: { tenantId: acme, productId, kind: 'LOW_STOCK' } },
    });
  });

  it.each([
    {
      how: 'a run that succeeded',
      ended: { outcome: 'SUCCEEDED', output: [{ notified: 1 }] },
      row: { status: 'SUCCEEDED', error: null },
    },
    {
      how: 'a failed run whose cause holds the NUL character, which is replaced',
      ended: { outcome: 'FAILED', error: { Error: 'States.TaskFailed', Cause: 'gone\u0000away' } },
      row: { status: 'FAILED', error: 'States.TaskFailed: gone\uFFFDaway' },
    },
  ])('runs RecordRun: $how is recorded as it ended', async ({ ended, row }) => {
    const record = createTaskHandler({ ...cloud.env, TASK_NAME: 'RecordRun' }, deps());
    const name = `stock-changed-${stockEventId}`;
    expect(await record({ tenantId: acme, executionName: name, ...ended })).toEqual({
      recorded: true,
    });
    expect(
      await cloud.db.tenant(acme, 'read', (tx) =>
        tx.one(`SELECT status, error FROM workflow_runs WHERE execution_name = :name`, { name }),
      ),
    ).toEqual(row);
  });

  it("runs ListProductBatches and AnalyseBatch through the Data API over two years of 40 products' daily demand", async () => {
    // Two years of daily issues: the analyser reads more than the 1 MiB one Data API answer holds.
    const tenantId = 'two-years';
    const s = scenario(cloud.db, { tenantId });
    const products: string[] = [];
    for (let i = 0; i < 40; i++) products.push(await s.product({ sku: `YEARS-${i}` }));
    await cloud.db.tenant(tenantId, 'write', async (tx) => {
      await tx.run(`UPDATE products SET created_at = now() - interval '800 days'`);
      await tx.run(
        `INSERT INTO movements (tenant_id, event_id, seq, product_id, warehouse_id, kind, quantity,
                                on_hand_after, actor, occurred_at)
         SELECT current_tenant(), gen_random_uuid(), 0, p.id, gen_random_uuid(), 'issue',
                -(1 + (p.n + d) % 5), 0, 'user-1', date_trunc('day', now()) - d * interval '1 day'
         FROM unnest(:products::uuid[]) WITH ORDINALITY AS p(id, n), generate_series(1, 729) d`,
        { products },
      );
    });
    const input = { tenantId, executionName: 'usage-analysis-two-years' };
    const batches = (await createTaskHandler(
      { ...cloud.env, TASK_NAME: 'ListProductBatches' },
      deps(),
    )(input)) as { count: number }[];
    expect(batches).toEqual([expect.objectContaining({ count: 40 })]);
    const report = await createTaskHandler(
      { ...cloud.env, TASK_NAME: 'AnalyseBatch' },
      deps(),
    )({
      ...input,
      batch: batches[0],
    });
    expect(report).toMatchObject({ analysed: 40, failed: 0 });
    const planned = await cloud.db.tenant(tenantId, 'read', (tx) =>
      tx.one<{ n: number }>(
        `SELECT count(*)::integer AS n FROM product_planning WHERE reorder_point > 0`,
      ),
    );
    expect(planned).toEqual({ n: 40 });
  }, 120_000);

  it('refuses input without a tenant', async () => {
    await expect(
      createTaskHandler({ ...cloud.env, TASK_NAME: 'RecordRun' }, deps())({ outcome: 'FAILED' }),
    ).rejects.toThrow('task RecordRun needs a tenantId in its input');
  });
});

describe('the nightly Lambda', () => {
  it('starts one usage analysis per tenant for the scheduled day, and none again on a retry', async () => {
    const nightly = createNightlyHandler(cloud.env, {
      rdsData: cloud.rdsData,
      sfn: cloud.sfn,
      clock: fixedClock('2031-01-07T02:00:05Z'),
    });
    expect(await nightly({ scheduledTime: '2031-01-07T02:00:00Z' })).toEqual({
      tenants: 2,
      started: 2,
    });
    const names = [...cloud.aws.executions.values()]
      .filter((e) => e.stateMachineArn === arns.usageAnalysis)
      .map((e) => e.name);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^usage-analysis-nightly-2031-01-07-/);
    expect(await nightly({ scheduledTime: '2031-01-07T02:00:00Z' })).toEqual({
      tenants: 2,
      started: 0,
    });
  });
});

describe('the rebuild Lambda', () => {
  const onHand = () =>
    cloud.db.tenant(acme, 'read', (tx) =>
      tx.rows<{ onHand: number }>(`SELECT on_hand AS "onHand" FROM stock_levels`),
    );

  it("puts one tenant's projections back in line with its events, or every tenant's", async () => {
    const rebuild = createRebuildHandler(cloud.env, { rdsData: cloud.rdsData });
    const right = await onHand();
    expect(right.length).toBeGreaterThan(0);
    await cloud.db.tenant(acme, 'write', (tx) => tx.run(`UPDATE stock_levels SET on_hand = 0`));
    expect(await onHand()).not.toEqual(right);

    const one = await rebuild({ tenantId: acme });
    expect(one.tenants).toEqual([
      {
        tenantId: acme,
        events: expect.any(Number) as unknown,
        seconds: expect.any(Number) as unknown,
      },
    ]);
    expect(one.tenants[0]!.events).toBeGreaterThan(0);
    expect(await onHand()).toEqual(right);

    const all = await rebuild({});
    expect(all.tenants.map((t) => t.tenantId)).toContain(acme);
    expect(all.tenants).toHaveLength(2);
    expect(await onHand()).toEqual(right);
  });

  it('refuses a malformed event or an unknown tenant with a typed error, and rebuilds nothing', async () => {
    const rebuild = createRebuildHandler(cloud.env, { rdsData: cloud.rdsData });
    await cloud.db.tenant(acme, 'write', (tx) => tx.run(`UPDATE stock_levels SET on_hand = 0`));
    const damaged = await onHand();
    for (const [event, type, field] of [
      ['acme', 'ValidationError', 'event'],
      [{ tenantId: 'a b' }, 'ValidationError', 'tenantId'],
      [{ tenantId: 7 }, 'ValidationError', 'tenantId'],
      [{ tenant: acme }, 'ValidationError', 'tenant'],
      [{ tenantId: 'nobody' }, 'NotFound', 'tenantId'],
    ] as const) {
      await expect(rebuild(event)).rejects.toMatchObject({ type, field });
    }
    expect(await onHand()).toEqual(damaged);
    await rebuild({ tenantId: acme });
  });
});

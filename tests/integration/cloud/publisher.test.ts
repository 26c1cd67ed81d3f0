/**
 * The live-update path to AppSync with the real SigV4 signer, against a local endpoint that
 * verifies signatures independently and validates the GraphQL against the project's schema.
 */
import { readFileSync } from 'node:fs';
import type { GraphQLObjectType, SelectionSetNode } from 'graphql';
import { Kind, getNamedType, isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppSyncSchema } from '../../../cloud/local/appsync-prelude';
import { schemaPath } from '../../../cloud/local/backend';
import { createNotifierHandler } from '../../../cloud/lambda/notifier';
import {
  createAppSyncPublisher,
  publishDocuments,
} from '../../../cloud/services/appsync-publisher';
import type { NotificationMessage, StockChange } from '../../../cloud/services/publisher';
import type { AwsFake } from '../../fakes/aws-server';
import { startAwsFake } from '../../fakes/aws-server';

const schema = buildAppSyncSchema(readFileSync(schemaPath, 'utf8'));
let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake(schema);
});
afterAll(() => aws.close());

const change: StockChange = {
  tenantId: 'org-acme',
  eventId: '6f1c2d3e-0000-4000-8000-000000000001',
  command: 'issueStock',
  occurredAt: '2031-01-06T08:00:00.000Z',
  levels: [
    {
      productId: '6f1c2d3e-0000-4000-8000-000000000002',
      warehouseId: '6f1c2d3e-0000-4000-8000-000000000003',
      onHand: 7,
      reserved: 2,
      available: 5,
      updatedAt: '2031-01-06T08:00:00.000Z',
    },
  ],
};

const notification: NotificationMessage = {
  tenantId: 'org-acme',
  notificationId: '6f1c2d3e-0000-5000-8000-000000000004',
  kind: 'LOW_STOCK',
  severity: 'WARNING',
  title: 'Bolts M8 are below their reorder point',
  productId: change.levels[0]!.productId,
  purchaseOrderId: null,
  numbers: JSON.stringify({ available: 5, reorderPoint: 12 }),
  advice: null,
  adviceSource: 'NONE',
  createdAt: '2031-01-06T08:00:01.000Z',
  readAt: null,
};

const publisher = (credentials = aws.credentials) =>
  createAppSyncPublisher({ endpoint: `${aws.endpoint}/graphql`, region: aws.region, credentials });

describe('the AppSync publisher', () => {
  it('signs the publish mutation with SigV4 for the appsync service, as the IAM-only field requires', async () => {
    await publisher().stockChanged(change);
    const request = aws.requests.at(-1)!;
    expect(request.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/eu-west-1\/appsync\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(request.signature).toMatchObject({ service: 'appsync', region: 'eu-west-1' });
    expect(request.signature.signedHeaders).toEqual(
      expect.arrayContaining(['content-type', 'host', 'x-amz-date']),
    );
    const body = JSON.parse(request.body) as { query: string; variables: { input: unknown } };
    expect(body.query).toBe(publishDocuments.publishStockChanged);
    expect(body.variables.input).toEqual(change);
    expect(aws.graphql.at(-1)).toMatchObject({ field: 'publishStockChanged' });
  });

  it('signs a session token too, as a Lambda role’s credentials carry one', async () => {
    await publisher({
      ...aws.credentials,
      sessionToken: 'session-token-from-the-role',
    } as typeof aws.credentials).notification(notification);
    const request = aws.requests.at(-1)!;
    expect(request.headers['x-amz-security-token']).toBe('session-token-from-the-role');
    expect(request.signature.signedHeaders).toContain('x-amz-security-token');
    expect(aws.graphql.at(-1)).toMatchObject({
      field: 'publishNotification',
      variables: { input: notification },
    });
  });

  it('fails naming the reason when the signature is refused', async () => {
    await expect(
      publisher({ accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'wrong' }).stockChanged(change),
    ).rejects.toThrow(/AppSync refused publishStockChanged: InvalidSignatureException/);
  });

  it('fails naming the error type when AppSync answers with GraphQL errors', async () => {
    aws.failGraphql({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access publishNotification',
    });
    try {
      await expect(publisher().notification(notification)).rejects.toThrow(
        'AppSync refused publishNotification: Unauthorized: Not Authorized to access publishNotification',
      );
    } finally {
      aws.failGraphql(null);
    }
  });

  it.each(Object.entries(publishDocuments))(
    'selects every field of %s’s result, because subscribers receive only what the mutation selects',
    (field, document) => {
      const returned = getNamedType(
        schema.getMutationType()!.getFields()[field]!.type,
      ) as GraphQLObjectType;
      const missing: string[] = [];
      const check = (type: GraphQLObjectType, set: SelectionSetNode | undefined, path: string) => {
        const selected = new Map(
          (set?.selections ?? []).flatMap((s) =>
            s.kind === Kind.FIELD ? [[s.name.value, s] as const] : [],
          ),
        );
        for (const [name, f] of Object.entries(type.getFields())) {
          const node = selected.get(name);
          if (node === undefined) missing.push(`${path}${name}`);
          const inner = getNamedType(f.type);
          if (node !== undefined && isObjectType(inner))
            check(inner, node.selectionSet, `${path}${name}.`);
        }
      };
      const root = parse(document).definitions[0];
      const top =
        root?.kind === Kind.OPERATION_DEFINITION ? root.selectionSet.selections[0] : undefined;
      check(returned, top?.kind === Kind.FIELD ? top.selectionSet : undefined, '');
      expect(missing).toEqual([]);
    },
  );
});

describe('the notifier Lambda', () => {
  it('publishes each notification of an SNS event to AppSync', async () => {
    const handler = createNotifierHandler(
      { AWS_REGION: aws.region, GRAPHQL_URL: `${aws.endpoint}/graphql` },
      {
        region: aws.region,
        credentials: aws.credentials,
      },
    );
    const before = aws.graphql.length;
    const record = { Sns: { Message: JSON.stringify(notification) } };
    const result = await handler({ Records: [record, record] } as never);
    expect(result).toEqual({ published: 2 });
    expect(aws.graphql.slice(before).map((g) => g.variables['input'])).toEqual([
      notification,
      notification,
    ]);
  });

  it('throws on a message that is not a notification, so Lambda retries it and then dead-letters it', async () => {
    const handler = createNotifierHandler(
      { AWS_REGION: aws.region, GRAPHQL_URL: `${aws.endpoint}/graphql` },
      {
        region: aws.region,
        credentials: aws.credentials,
      },
    );
    await expect(
      handler({
        Records: [{ Sns: { Message: JSON.stringify({ ...notification, kind: 'PARTY' }) } }],
      } as never),
    ).rejects.toThrow(/not a notification: kind/);
  });
});

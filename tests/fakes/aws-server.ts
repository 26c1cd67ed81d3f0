/**
 * One local endpoint on 127.0.0.1 for the AWS services the cloud functions call, so their real SDK
 * clients (and the SigV4-signed calls made without one) run offline: Secrets Manager (JSON 1.1),
 * Step Functions (JSON 1.0), SNS (query protocol), Lambda's Invoke API and AppSync's GraphQL
 * endpoint. Every request's signature is verified for its service; GraphQL requests are validated
 * against the project's schema and resolved as AppSync's NONE data source does (input → result).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Kind, parse, validate } from 'graphql';
import type { VerifiedSignature } from './sigv4';
import { verifySigV4 } from './sigv4';

export interface RecordedRequest {
  readonly service: string;
  readonly action: string;
  readonly signature: VerifiedSignature;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface AwsFake {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly requests: RecordedRequest[];
  /** Secret values by ARN or name. */
  readonly secrets: Map<string, string>;
  /** Started executions by `<state machine ARN>/<name>`. */
  readonly executions: Map<string, { stateMachineArn: string; name: string; input: unknown }>;
  readonly published: { topicArn: string; message: string; attributes: Record<string, string> }[];
  readonly invocations: { functionName: string; invocationType: string; payload: unknown }[];
  readonly graphql: { field: string; query: string; variables: Record<string, unknown> }[];
  /** Makes the next GraphQL requests fail with this AppSync error. */
  failGraphql(error: { errorType: string; message: string } | null): void;
  close(): Promise<void>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
  extra: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': randomUUID(), ...extra });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** Starts the endpoint; `schema` is the AppSync schema the GraphQL route validates against. */
export const startAwsFake = async (
  schema: GraphQLSchema,
  region = 'eu-west-1',
): Promise<AwsFake> => {
  const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-key' };
  const fake: Omit<AwsFake, 'endpoint' | 'close' | 'failGraphql'> = {
    region,
    credentials,
    requests: [],
    secrets: new Map(),
    executions: new Map(),
    published: [],
    invocations: [],
    graphql: [],
  };
  let graphqlFailure: { errorType: string; message: string } | null = null;

  const jsonTarget = (body: Record<string, unknown>, target: string, res: ServerResponse) => {
    if (target === 'secretsmanager.GetSecretValue') {
      const id = String(body['SecretId']);
      const value = fake.secrets.get(id);
      if (value === undefined)
        throw new Refusal(
          400,
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        );
      return json(
        res,
        200,
        {
          ARN: id,
          Name: id,
          SecretString: value,
          VersionId: randomUUID(),
          VersionStages: ['AWSCURRENT'],
        },
        'application/x-amz-json-1.1',
      );
    }
    if (target === 'AWSStepFunctions.StartExecution') {
      const key = `${String(body['stateMachineArn'])}/${String(body['name'])}`;
      if (fake.executions.has(key))
        throw new Refusal(400, 'ExecutionAlreadyExists', `Execution Already Exists: '${key}'`);
      fake.executions.set(key, {
        stateMachineArn: String(body['stateMachineArn']),
        name: String(body['name']),
        input: JSON.parse(typeof body['input'] === 'string' ? body['input'] : '{}'),
      });
      return json(
        res,
        200,
        {
          executionArn: `${String(body['stateMachineArn'])}:${String(body['name'])}`,
          startDate: Date.now() / 1000,
        },
        'application/x-amz-json-1.0',
      );
    }
    throw new Refusal(400, 'UnknownOperationException', `unknown operation ${target}`);
  };

  const snsQuery = (form: URLSearchParams, res: ServerResponse) => {
    if (form.get('Action') !== 'Publish')
      throw new Refusal(400, 'InvalidAction', `unknown action ${form.get('Action')}`);
    const attributes: Record<string, string> = {};
    for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++)
      attributes[form.get(`MessageAttributes.entry.${n}.Name`)!] =
        form.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? '';
    fake.published.push({
      topicArn: form.get('TopicArn') ?? '',
      message: form.get('Message') ?? '',
      attributes,
    });
    json(
      res,
      200,
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      'text/xml',
    );
  };

  const graphqlRequest = (body: Record<string, unknown>, res: ServerResponse) => {
    const query = typeof body['query'] === 'string' ? body['query'] : '';
    const variables = (body['variables'] ?? {}) as Record<string, unknown>;
    const document = parse(query);
    const errors = validate(schema, document);
    if (errors.length > 0)
      return json(res, 200, {
        data: null,
        errors: errors.map((e) => ({ errorType: 'ValidationError', message: e.message })),
      });
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const selection = operation?.selectionSet.selections[0];
    const field = selection?.kind === Kind.FIELD ? selection.name.value : '';
    fake.graphql.push({ field, query, variables });
    if (graphqlFailure !== null)
      return json(res, 200, { data: { [field]: null }, errors: [graphqlFailure] });
    json(res, 200, { data: { [field]: variables['input'] ?? null } });
  };

  const route = (req: IncomingMessage, raw: Buffer, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const target = req.headers['x-amz-target'];
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    const text = raw.toString('utf8');
    const [service, action] =
      typeof target === 'string'
        ? [target.startsWith('secretsmanager.') ? 'secretsmanager' : 'states', target]
        : invoke !== null
          ? ['lambda', 'Invoke']
          : path === '/graphql'
            ? ['appsync', 'GraphQL']
            : ['sns', new URLSearchParams(text).get('Action') ?? ''];
    let signature: VerifiedSignature;
    try {
      signature = verifySigV4(
        { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body: raw },
        credentials.secretAccessKey,
      );
    } catch (error) {
      throw new Refusal(403, 'InvalidSignatureException', (error as Error).message);
    }
    if (
      signature.service !== service ||
      signature.region !== region ||
      signature.accessKeyId !== credentials.accessKeyId
    )
      throw new Refusal(
        403,
        'InvalidSignatureException',
        `signed for ${signature.service} in ${signature.region}, not ${service} in ${region}`,
      );
    fake.requests.push({ service, action, signature, headers: req.headers, body: text });
    if (typeof target === 'string')
      return jsonTarget(JSON.parse(text) as Record<string, unknown>, target, res);
    if (invoke !== null) {
      fake.invocations.push({
        functionName: decodeURIComponent(invoke[1]!),
        invocationType: String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse'),
        payload: text === '' ? null : JSON.parse(text),
      });
      return json(res, 202, '');
    }
    if (service === 'appsync')
      return graphqlRequest(JSON.parse(text) as Record<string, unknown>, res);
    return snsQuery(new URLSearchParams(text), res);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        route(req, Buffer.concat(chunks), res);
      } catch (error) {
        const e =
          error instanceof Refusal
            ? error
            : new Refusal(500, 'InternalFailure', (error as Error).message);
        json(
          res,
          e.status,
          {
            __type: e.type,
            message: e.message,
            errors: [{ errorType: e.type, message: e.message }],
          },
          'application/json',
          { 'x-amzn-errortype': e.type },
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    endpoint: `http://127.0.0.1:${port}`,
    failGraphql: (error) => {
      graphqlFailure = error;
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
};

/**
 * The cloud's live-update publisher: AppSync's IAM-only publish mutations, signed with SigV4 by
 * the function's own role. AppSync resolves them with a NONE data source, so the input is the
 * result, and it fans that result out to the tenant's subscribers.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { NotificationMessage, Publisher, StockChange } from './publisher';

type SignerInit = ConstructorParameters<typeof SignatureV4>[0];
/** AWS credentials, or a provider of them (the default provider chain in a Lambda). */
export type Credentials = SignerInit['credentials'];
type Fetch = typeof fetch;

export interface SignedPostOptions {
  /** The signing name of the service: `appsync`, `lambda`, … */
  readonly service: string;
  readonly region: string;
  readonly credentials: Credentials;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: Fetch;
  readonly timeoutMs?: number;
}

/** POSTs a JSON body to an AWS endpoint, signed with Signature Version 4. */
export const signedJsonPost = async (
  url: string,
  body: string,
  options: SignedPostOptions,
): Promise<Response> => {
  const target = new URL(url);
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    ...(target.port === '' ? {} : { port: Number(target.port) }),
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { ...options.headers, 'content-type': 'application/json', host: target.host },
    body,
  });
  const send = options.fetch ?? fetch;
  return send(target, {
    method: 'POST',
    headers: signed.headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
};

// Subscribers receive only the fields a publish mutation selects, so these select every field.
const LEVEL_FIELDS = 'productId warehouseId onHand reserved available updatedAt';

/** The publish mutations as sent; the schema test checks each selects its type's every field. */
export const publishDocuments = {
  publishStockChanged: `mutation PublishStockChanged($input: StockChangeInput!) {
  publishStockChanged(input: $input) { tenantId eventId command occurredAt levels { ${LEVEL_FIELDS} } }
}`,
  publishNotification: `mutation PublishNotification($input: NotificationInput!) {
  publishNotification(input: $input) {
    tenantId notificationId kind severity title productId purchaseOrderId numbers advice adviceSource createdAt readAt
  }
}`,
} as const;

export type PublishField = keyof typeof publishDocuments;

interface GraphQLReply {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { errorType?: string; message?: string }[];
}

const reasons = (reply: GraphQLReply | null, status: number) =>
  reply?.errors?.map((e) => `${e.errorType ?? 'Error'}: ${e.message ?? ''}`).join('; ') ||
  `HTTP ${status}`;

export interface AppSyncPublisherOptions {
  /** The GraphQL endpoint, `https://<id>.appsync-api.<region>.amazonaws.com/graphql`. */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: Credentials;
  readonly fetch?: Fetch;
  readonly timeoutMs?: number;
}

/** Calls one publish mutation; throws, naming AppSync's reason, when it is refused. */
export const createAppSyncPublish = (options: AppSyncPublisherOptions) => {
  return async (field: PublishField, input: object): Promise<void> => {
    const body = JSON.stringify({ query: publishDocuments[field], variables: { input } });
    const response = await signedJsonPost(options.endpoint, body, {
      service: 'appsync',
      region: options.region,
      credentials: options.credentials,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    const text = await response.text();
    let reply: GraphQLReply | null;
    try {
      reply = JSON.parse(text) as GraphQLReply;
    } catch {
      reply = null;
    }
    if (!response.ok || reply === null || (reply.errors?.length ?? 0) > 0)
      throw new Error(`AppSync refused ${field}: ${reasons(reply, response.status)}`);
  };
};

/** The Publisher port over AppSync: both kinds of live update go straight to the API. */
export const createAppSyncPublisher = (options: AppSyncPublisherOptions): Publisher => {
  const publish = createAppSyncPublish(options);
  return {
    stockChanged: (change: StockChange) => publish('publishStockChanged', change),
    notification: (message: NotificationMessage) => publish('publishNotification', message),
  };
};

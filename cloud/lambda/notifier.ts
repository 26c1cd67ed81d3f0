/**
 * The notifier Lambda: subscribed to the notifications topic, it turns each SNS message into
 * AppSync's publishNotification (IAM, SigV4), which fans it out to the tenant's onNotification
 * subscribers. A failure throws, so Lambda retries the asynchronous delivery and finally moves
 * it to the dead-letter queue.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { SNSEvent } from 'aws-lambda';
import type { Credentials } from '../services/appsync-publisher';
import { createAppSyncPublish } from '../services/appsync-publisher';
import { parseNotificationMessage } from '../services/sns-publisher';
import type { Env } from './env';
import { envNames, lazyHandler, required, shapes } from './env';

export interface NotifierDeps {
  readonly region: string;
  readonly credentials: Credentials;
  readonly fetch?: typeof fetch;
}

/** Builds the notifier: every record of the SNS event is published, in order. */
export const createNotifierHandler = (env: Env, deps: NotifierDeps) => {
  const publish = createAppSyncPublish({
    endpoint: required(env, envNames.graphqlUrl, shapes.httpsUrl),
    region: deps.region,
    credentials: deps.credentials,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
  });
  return async (event: SNSEvent): Promise<{ published: number }> => {
    const records = event.Records ?? [];
    for (const record of records) {
      await publish('publishNotification', parseNotificationMessage(record.Sns.Message));
    }
    return { published: records.length };
  };
};

export const handler = lazyHandler(() =>
  createNotifierHandler(process.env, {
    region: required(process.env, envNames.region),
    credentials: defaultProvider(),
  }),
);

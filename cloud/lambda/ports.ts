/**
 * The cloud's adapters for the advisor, billing and publisher ports, built from a function's
 * environment. A function configured without a feature (no Stripe key, no notifications topic)
 * gets the feature's off-state or a publisher part that refuses loudly.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Clock } from '../app/ports';
import type { Database } from '../db/port';
import type { Advisor } from '../services/advisor';
import {
  DEFAULT_MODEL,
  DEFAULT_TIMEOUT_MS,
  createOpenAiAdvisor,
  createRuleAdvisor,
} from '../services/advisor';
import type { Billing } from '../services/billing';
import { createBilling, createStripeReporter } from '../services/billing';
import type { Credentials } from '../services/appsync-publisher';
import { createAppSyncPublish } from '../services/appsync-publisher';
import type { Publisher } from '../services/publisher';
import type { SecretReader } from '../services/secrets';
import { createSecretReader } from '../services/secrets';
import { createSnsNotifications } from '../services/sns-publisher';
import type { Env } from './env';
import { envNames, optional, shapes } from './env';

/** A secret reader made on first use, so functions that read no secret never create the client. */
export const lazySecrets = (client: () => SecretsManagerClient): (() => SecretReader) => {
  let reader: SecretReader | undefined;
  return () => (reader ??= createSecretReader({ client: client() }));
};

/** OpenAI with the key from Secrets Manager when the stack configures one; else rule-based advice. */
export const cloudAdvisor = (env: Env, secrets: () => SecretReader): Advisor => {
  const secretArn = optional(env, envNames.openAiSecretArn, shapes.arn);
  if (secretArn === undefined) return createRuleAdvisor();
  return createOpenAiAdvisor({
    apiKey: () => secrets().read(secretArn),
    model: optional(env, envNames.openAiModel) ?? DEFAULT_MODEL,
    timeoutMs: DEFAULT_TIMEOUT_MS,
  });
};

/** Billing over the database, reporting to Stripe when the stack configures a key. */
export const cloudBilling = (
  env: Env,
  db: Database,
  secrets: () => SecretReader,
  clock: Clock,
): Billing => {
  const secretArn = optional(env, envNames.stripeSecretArn, shapes.arn);
  return createBilling({
    db,
    clock,
    reporter:
      secretArn === undefined
        ? null
        : createStripeReporter({ secretKey: () => secrets().read(secretArn) }),
  });
};

const unavailable = (what: string) => () =>
  Promise.reject(new Error(`this function is not configured to publish ${what}`));

export interface PublisherDeps {
  readonly sns?: () => SNSClient;
  readonly region: string;
  readonly credentials: Credentials;
  readonly fetch?: typeof fetch;
}

/**
 * The cloud Publisher: stock changes go straight to AppSync (they are latency-sensitive and come
 * from the relay, which retries), notifications go through the SNS topic to the notifier. A part
 * whose variable is not set refuses loudly rather than dropping the message.
 */
export const cloudPublisher = (env: Env, deps: PublisherDeps): Publisher => {
  const endpoint = optional(env, envNames.graphqlUrl, shapes.httpsUrl);
  const topicArn = optional(env, envNames.notificationsTopicArn, shapes.arn);
  const publish =
    endpoint === undefined
      ? undefined
      : createAppSyncPublish({
          endpoint,
          region: deps.region,
          credentials: deps.credentials,
          ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
        });
  const sns = deps.sns;
  return {
    stockChanged:
      publish === undefined
        ? unavailable('stock changes')
        : (change) => publish('publishStockChanged', change),
    notification:
      topicArn === undefined || sns === undefined
        ? unavailable('notifications')
        : (message) => createSnsNotifications({ client: sns(), topicArn })(message),
  };
};

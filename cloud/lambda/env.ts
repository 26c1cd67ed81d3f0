/**
 * The environment of the cloud's functions: the variable names (the CDK stack sets them from
 * these same constants) and a fail-fast reader. Variables hold names and ARNs, never secret values.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Every variable a Stock-Mate function reads, by purpose. */
export const envNames = {
  region: 'AWS_REGION',
  clusterArn: 'DB_CLUSTER_ARN',
  dbSecretArn: 'DB_SECRET_ARN',
  dbName: 'DB_NAME',
  graphqlUrl: 'GRAPHQL_URL',
  notificationsTopicArn: 'NOTIFICATIONS_TOPIC_ARN',
  stockChangedArn: 'STOCK_CHANGED_STATE_MACHINE_ARN',
  usageAnalysisArn: 'USAGE_ANALYSIS_STATE_MACHINE_ARN',
  relayFunctionName: 'RELAY_FUNCTION_NAME',
  stripeSecretArn: 'STRIPE_SECRET_ARN',
  openAiSecretArn: 'OPENAI_SECRET_ARN',
  openAiModel: 'OPENAI_MODEL',
  taskName: 'TASK_NAME',
  apiAccess: 'API_ACCESS',
  allowedEmailDomains: 'ALLOWED_EMAIL_DOMAINS',
} as const;

export type EnvName = (typeof envNames)[keyof typeof envNames];

/** What a value must look like, and how to say so. */
export interface Shape {
  readonly pattern: RegExp;
  readonly description: string;
}

export const shapes = {
  arn: { pattern: /^arn:aws[a-z-]*:[a-z0-9-]+:/, description: 'an ARN' },
  httpsUrl: { pattern: /^https?:\/\/[^\s/]+(\/\S*)?$/, description: 'an http(s) URL' },
  name: { pattern: /^[A-Za-z0-9_.:/-]{1,256}$/, description: 'a name' },
} as const satisfies Record<string, Shape>;

/** The value of a variable the function cannot work without; throws naming it otherwise. */
export const required = (env: Env, name: EnvName, shape: Shape = shapes.name): string => {
  const value = env[name]?.trim();
  if (value === undefined || value === '')
    throw new Error(`${name} is not set; the function's configuration (the CDK stack) must set it`);
  if (!shape.pattern.test(value))
    throw new Error(`${name} must be ${shape.description}, got "${value.slice(0, 80)}"`);
  return value;
};

/** The value of a variable that may be absent (a feature not configured); checked when present. */
export const optional = (
  env: Env,
  name: EnvName,
  shape: Shape = shapes.name,
): string | undefined => (env[name]?.trim() ? required(env, name, shape) : undefined);

/**
 * A Lambda handler whose dependencies are built on the first invocation and then reused by the
 * container. A configuration error fails that invocation with the variable's name and is retried
 * on the next, so it shows in the function's logs and error metrics.
 */
export const lazyHandler = <E, R>(build: () => (event: E) => Promise<R>) => {
  let built: ((event: E) => Promise<R>) | undefined;
  return (event: E): Promise<R> => {
    built ??= build();
    return built(event);
  };
};

/** A value made on first use and kept: AWS clients a function may never need. */
export const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

/** Logs for CloudWatch: the function's JSON log format keeps the message and the error apart. */
export const log = (message: string, error?: unknown): void => {
  if (error === undefined) console.error(message);
  else console.error(message, error);
};

/**
 * The deployment's settings, one set per environment (dev, staging, prod), built once in the app
 * entry from CDK context: `cdk.json` holds `stockmate.<env>.<setting>`, and a few settings may be
 * given on the command line (`--context googleClientId=…`). A missing or malformed setting stops
 * synth with a message naming it.
 */
import { z } from 'zod';

export const environmentNames = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof environmentNames)[number];

/** A setting the admin must fix; synth stops with its message alone. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Everything the constructs are told about one environment. */
export interface StackConfig {
  readonly envName: EnvironmentName;
  readonly stackName: string;
  readonly account?: string;
  readonly region?: string;
  readonly auth: {
    readonly googleClientId: string;
    /** Secrets Manager name of the Google OAuth client secret (a plain string). */
    readonly googleClientSecretName: string;
    /** Hosted UI domain prefix; by default `stockmate-<env>-<account id>`. */
    readonly domainPrefix?: string;
    readonly callbackUrls: readonly string[];
    readonly logoutUrls: readonly string[];
    /** When not empty, only verified emails at these domains may sign up. */
    readonly allowedEmailDomains: readonly string[];
  };
  readonly database: {
    readonly minCapacity: number;
    readonly maxCapacity: number;
    readonly readerInstance: boolean;
    readonly deletionProtection: boolean;
    readonly backupRetentionDays: number;
    readonly removal: 'destroy' | 'snapshot' | 'retain';
  };
  /** Secrets Manager names of the third-party keys; null leaves the feature off. */
  readonly openAiSecretName: string | null;
  readonly openAiModel: string;
  readonly stripeSecretName: string | null;
  readonly logRetentionDays: 7 | 14 | 30 | 90 | 180 | 365;
  readonly apiFieldLogLevel: 'ERROR' | 'INFO' | 'ALL';
  readonly nightly: { readonly hour: number; readonly timeZone: string };
  readonly alarmEmail: string | null;
}

/** Settings given flat on the command line win over those in cdk.json. */
export const commandLineSettings = [
  'googleClientId',
  'domainPrefix',
  'alarmEmail',
  'account',
  'region',
] as const;

const defaults = (env: EnvironmentName) => {
  const prod = env === 'prod';
  return {
    googleClientSecretName: `stockmate/${env}/google-client-secret`,
    callbackUrls: ['stockmate://auth/callback', 'http://localhost:42813/auth/callback'],
    logoutUrls: ['stockmate://auth/signed-out', 'http://localhost:42813/auth/signed-out'],
    allowedEmailDomains: [],
    minCapacity: 0.5,
    maxCapacity: prod ? 16 : env === 'staging' ? 4 : 2,
    readerInstance: prod,
    deletionProtection: prod,
    backupRetentionDays: prod ? 14 : env === 'staging' ? 7 : 1,
    removal: prod ? 'retain' : env === 'staging' ? 'snapshot' : 'destroy',
    openAiSecretName: null,
    openAiModel: 'gpt-4o-mini',
    stripeSecretName: null,
    logRetentionDays: prod ? 90 : 30,
    apiFieldLogLevel: 'ERROR',
    nightlyHour: 2,
    nightlyTimeZone: 'UTC',
    alarmEmail: null,
  } as const;
};

const secretName = z
  .string()
  .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a Secrets Manager secret name');
// Cognito allows http only for localhost; a desktop app uses its own scheme or a loopback URL.
const redirectUrl = z
  .string()
  .regex(
    /^(https:\/\/[^\s]+|http:\/\/localhost(:\d{1,5})?\/[^\s]*|(?!https?:)[a-z][a-z0-9+.-]*:\/\/[^\s]+)$/,
    'must be an https URL, an http://localhost URL or an app scheme URL (stockmate://…)',
  );

const settingsSchema = z.strictObject({
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')
    .optional(),
  googleClientId: z
    .string()
    .regex(/^[\w.-]+\.apps\.googleusercontent\.com$/, 'must end in .apps.googleusercontent.com'),
  googleClientSecretName: secretName,
  domainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and -')
    .refine((p) => !/aws|amazon|cognito/.test(p), 'may not contain aws, amazon or cognito')
    .optional(),
  callbackUrls: z.array(redirectUrl).min(1),
  logoutUrls: z.array(redirectUrl).min(1),
  allowedEmailDomains: z.array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be domains')),
  // A paused cluster takes ~15 s to resume; the sign-in trigger has 5 s, so no auto-pause.
  minCapacity: z
    .number()
    .min(0.5, 'must be at least 0.5 (auto-pause would break sign-in)')
    .max(256),
  maxCapacity: z.number().min(1).max(256),
  readerInstance: z.boolean(),
  deletionProtection: z.boolean(),
  backupRetentionDays: z.number().int().min(1).max(35),
  removal: z.enum(['destroy', 'snapshot', 'retain']),
  openAiSecretName: secretName.nullable(),
  openAiModel: z.string().min(1),
  stripeSecretName: secretName.nullable(),
  logRetentionDays: z.union([7, 14, 30, 90, 180, 365].map((d) => z.literal(d))),
  apiFieldLogLevel: z.enum(['ERROR', 'INFO', 'ALL']),
  nightlyHour: z.number().int().min(0).max(23),
  nightlyTimeZone: z.string().min(1),
  alarmEmail: z.email().nullable(),
});

/** Reads a context value that may arrive as an object (cdk.json) or as JSON text (--context). */
const objectOf = (value: unknown): Record<string, unknown> => {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
};

/** Builds the configuration of the environment the context names; throws naming a bad setting. */
export const loadConfig = (context: (key: string) => unknown): StackConfig => {
  const env = context('env') ?? 'dev';
  if (typeof env !== 'string' || !(environmentNames as readonly string[]).includes(env))
    throw new ConfigError(
      `Unknown environment ${JSON.stringify(env)}: pass --context env=${environmentNames.join('|')}`,
    );
  const envName = env as EnvironmentName;
  const fromFile = objectOf(objectOf(context('stockmate'))[envName]);
  const fromCli = Object.fromEntries(
    commandLineSettings.flatMap((key) => {
      const value = context(key);
      return typeof value === 'string' && value !== '' ? [[key, value]] : [];
    }),
  );
  const merged: Record<string, unknown> = { ...defaults(envName), ...fromFile, ...fromCli };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const setting = issue.path.join('.');
    const where =
      `set "${setting}" under "stockmate" → "${envName}" in cdk.json` +
      ((commandLineSettings as readonly string[]).includes(setting)
        ? ` or pass --context ${setting}=…`
        : '');
    throw new ConfigError(
      merged[String(issue.path[0])] === undefined
        ? `Missing setting stockmate.${envName}.${setting}: ${where}`
        : `Invalid setting stockmate.${envName}.${setting} (${issue.message}): ${where}`,
    );
  }
  const s = parsed.data;
  return {
    envName,
    stackName: `StockMate-${envName}`,
    ...(s.account === undefined ? {} : { account: s.account }),
    ...(s.region === undefined ? {} : { region: s.region }),
    auth: {
      googleClientId: s.googleClientId,
      googleClientSecretName: s.googleClientSecretName,
      ...(s.domainPrefix === undefined ? {} : { domainPrefix: s.domainPrefix }),
      callbackUrls: s.callbackUrls,
      logoutUrls: s.logoutUrls,
      allowedEmailDomains: s.allowedEmailDomains,
    },
    database: {
      minCapacity: s.minCapacity,
      maxCapacity: Math.max(s.maxCapacity, s.minCapacity),
      readerInstance: s.readerInstance,
      deletionProtection: s.deletionProtection,
      backupRetentionDays: s.backupRetentionDays,
      removal: s.removal,
    },
    openAiSecretName: s.openAiSecretName,
    openAiModel: s.openAiModel,
    stripeSecretName: s.stripeSecretName,
    logRetentionDays: s.logRetentionDays as StackConfig['logRetentionDays'],
    apiFieldLogLevel: s.apiFieldLogLevel,
    nightly: { hour: s.nightlyHour, timeZone: s.nightlyTimeZone },
    alarmEmail: s.alarmEmail,
  };
};

/**
 * The advisor's settings from the environment, read once and checked up front: a bad value stops
 * start-up with a message naming the variable instead of failing on the first notification.
 */

export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_TIMEOUT_MS = 8000;

export type AdvisorConfig =
  | { readonly adapter: 'rules' }
  | {
      readonly adapter: 'openai';
      readonly apiKey: string;
      readonly model: string;
      readonly timeoutMs: number;
      readonly baseURL: string | undefined;
    };

/** A variable's value, or undefined when it is unset or blank. */
const optional = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number of milliseconds, got "${raw}"`);
  }
  return value;
};

const httpUrl = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  const url = URL.parse(raw);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw;
};

/** Which advisor the environment asks for: OpenAI when OPENAI_API_KEY is set, else rules. */
export const advisorConfigFromEnv = (env: NodeJS.ProcessEnv): AdvisorConfig => {
  const apiKey = optional(env, 'OPENAI_API_KEY');
  if (apiKey === undefined) return { adapter: 'rules' };
  return {
    adapter: 'openai',
    apiKey,
    model: optional(env, 'OPENAI_MODEL') ?? DEFAULT_MODEL,
    timeoutMs: positiveInteger(env, 'OPENAI_TIMEOUT_MS', DEFAULT_TIMEOUT_MS),
    baseURL: httpUrl(env, 'OPENAI_BASE_URL'),
  };
};

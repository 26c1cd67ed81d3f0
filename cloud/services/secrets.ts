/**
 * Secrets read from AWS Secrets Manager at run time. Environment variables carry only a secret's
 * ARN; its value is fetched when first needed and kept for a while per container, so a rotated
 * key is picked up without a deploy and a warm function does not call Secrets Manager every time.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';

export interface SecretReader {
  /** The secret's current string value (fetched, or from the cache while it is fresh). */
  read(secretArn: string): Promise<string>;
  /** Forgets a cached value, e.g. after the service it unlocks refused it. */
  forget(secretArn: string): void;
}

export interface SecretReaderOptions {
  readonly client: SecretsManagerClient;
  /** How long a value is reused before it is fetched again; five minutes by default. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly value: Promise<string>;
  readonly fetchedAt: number;
}

const DEFAULT_TTL_MS = 5 * 60_000;

/** A per-container cache over GetSecretValue; concurrent reads of one secret share one call. */
export const createSecretReader = (options: SecretReaderOptions): SecretReader => {
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Cached>();

  const fetchValue = async (secretArn: string): Promise<string> => {
    const response = await options.client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const value = response.SecretString;
    // Name the secret, never the value: this message can end up in logs.
    if (value === undefined || value.trim() === '')
      throw new Error(`secret ${secretArn} has no string value; store the key as a plain string`);
    return value.trim();
  };

  return {
    read: (secretArn) => {
      const hit = cache.get(secretArn);
      if (hit !== undefined && now() - hit.fetchedAt < ttl) return hit.value;
      const value = fetchValue(secretArn);
      cache.set(secretArn, { value, fetchedAt: now() });
      // A failed read is not remembered: the next call tries again.
      value.catch(() => {
        if (cache.get(secretArn)?.value === value) cache.delete(secretArn);
      });
      return value;
    },
    forget: (secretArn) => {
      cache.delete(secretArn);
    },
  };
};

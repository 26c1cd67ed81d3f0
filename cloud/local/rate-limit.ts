/**
 * A token bucket per key (per access token): a burst up to a minute's allowance, refilled evenly.
 */

export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export interface RateLimiter {
  /** Takes one request from `key`'s bucket, or says how long until one is available. */
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

// Buckets of keys that went quiet are dropped once there are this many, so a stream of fresh
// tokens cannot grow the map without end.
const PRUNE_ABOVE = 10_000;

/** A limiter allowing `perMinute` requests per key and minute; `now` is injectable for tests. */
export const createRateLimiter = (
  perMinute: number,
  now: () => number = () => Date.now(),
): RateLimiter => {
  if (!Number.isFinite(perMinute) || perMinute <= 0) {
    throw new RangeError(`requestsPerMinute must be a positive number; got ${perMinute}`);
  }
  const capacity = perMinute;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, t: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
  };

  const prune = (t: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= capacity) buckets.delete(key);
    }
  };

  return {
    take: (key) => {
      const t = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= PRUNE_ABOVE) prune(t);
        bucket = { tokens: capacity, at: t };
        buckets.set(key, bucket);
      }
      refill(bucket, t);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
    },
  };
};

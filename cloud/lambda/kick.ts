/**
 * Starts the outbox relay right after a mutation commits: an asynchronous Lambda invocation
 * (InvocationType Event), signed like every AWS call. A lost kick costs only latency, because the
 * scheduled sweep drains the outbox every minute anyway.
 */
import type { Credentials } from '../services/appsync-publisher';
import { signedJsonPost } from '../services/appsync-publisher';

export interface RelayKickOptions {
  readonly functionName: string;
  readonly region: string;
  readonly credentials: Credentials;
  /** Lambda's API endpoint; the region's own unless a test points it at a local one. */
  readonly endpoint?: string;
  readonly fetch?: typeof fetch;
}

/** Queues one asynchronous invocation of the relay; resolves once Lambda has accepted it (202). */
export const invokeRelay = async (options: RelayKickOptions): Promise<void> => {
  const endpoint = options.endpoint ?? `https://lambda.${options.region}.amazonaws.com`;
  const url = `${endpoint}/2015-03-31/functions/${encodeURIComponent(options.functionName)}/invocations`;
  const response = await signedJsonPost(url, JSON.stringify({ source: 'committed' }), {
    service: 'lambda',
    region: options.region,
    credentials: options.credentials,
    headers: { 'x-amz-invocation-type': 'Event' },
    timeoutMs: 2_000,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  if (response.status !== 202)
    throw new Error(
      `Lambda did not queue the relay: HTTP ${response.status} ${await response.text()}`,
    );
};

export interface Kicker {
  /** Starts a kick unless one is under way; never throws. */
  kick(): void;
  /** Waits for the kick under way, at most `ms`: Lambda freezes the container once we return. */
  settle(ms: number): Promise<void>;
}

/** Folds the kicks of one invocation into one call and lets the handler wait for it briefly. */
export const createKicker = (
  invoke: () => Promise<void>,
  log: (message: string, error?: unknown) => void,
): Kicker => {
  let inFlight: Promise<void> | null = null;
  return {
    kick: () => {
      inFlight ??= invoke()
        .catch((error: unknown) => log('could not kick the outbox relay; the sweep will', error))
        .finally(() => {
          inFlight = null;
        });
    },
    settle: async (ms) => {
      if (inFlight === null) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
      await Promise.race([inFlight, timeout]);
      clearTimeout(timer);
    },
  };
};

/**
 * Billing's environment variables, checked once at start-up: a wrong value stops the process with
 * an error naming the variable, rather than surfacing later as usage that never reaches Stripe.
 */
import { validationError } from '../../../shared';

/** How to reach Stripe, or null when no key is configured (usage is then only recorded). */
export interface StripeSettings {
  readonly secretKey: string;
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
}

const SECRET_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/;
const HOST =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

const valueOf = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
};

const portOf = (text: string): number => {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65_535))
    throw validationError('STRIPE_API_PORT', 'must be a whole number from 1 to 65535');
  return port;
};

/** Reads STRIPE_SECRET_KEY and the optional STRIPE_API_HOST / _PORT / _PROTOCOL of a local endpoint. */
export const stripeSettingsFromEnv = (env: NodeJS.ProcessEnv): StripeSettings | null => {
  const secretKey = valueOf(env, 'STRIPE_SECRET_KEY');
  const host = valueOf(env, 'STRIPE_API_HOST');
  const port = valueOf(env, 'STRIPE_API_PORT');
  const protocol = valueOf(env, 'STRIPE_API_PROTOCOL');

  if (secretKey === undefined) {
    const endpoint = {
      STRIPE_API_HOST: host,
      STRIPE_API_PORT: port,
      STRIPE_API_PROTOCOL: protocol,
    };
    const stray = Object.entries(endpoint).find(([, value]) => value !== undefined)?.[0];
    if (stray !== undefined)
      throw validationError(stray, 'is set but STRIPE_SECRET_KEY is not: set both or neither');
    return null;
  }
  if (!SECRET_KEY.test(secretKey))
    throw validationError(
      'STRIPE_SECRET_KEY',
      'must be a Stripe secret or restricted key (sk_… or rk_…)',
    );
  if (host !== undefined && !HOST.test(host))
    throw validationError(
      'STRIPE_API_HOST',
      'must be a host name or IPv4 address, without scheme, port or path',
    );
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https')
    throw validationError('STRIPE_API_PROTOCOL', 'must be http or https');
  // A secret key in clear text may only travel to this machine.
  if (protocol === 'http' && (host === undefined || !LOOPBACK.has(host)))
    throw validationError(
      'STRIPE_API_PROTOCOL',
      'may be http only with STRIPE_API_HOST=127.0.0.1 or localhost',
    );

  return {
    secretKey,
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port: portOf(port) }),
    ...(protocol === undefined ? {} : { protocol }),
  };
};

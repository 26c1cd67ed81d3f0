import { describe, expect, it } from 'vitest';
import { stripeSettingsFromEnv } from '../../../cloud/services/billing/config';
import { StockMateError } from '../../../shared';

const KEY = 'sk_test_51Abc';

const refusal = (env: NodeJS.ProcessEnv): { field: string | undefined; message: string } => {
  try {
    stripeSettingsFromEnv(env);
  } catch (error) {
    if (error instanceof StockMateError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected the environment to be refused');
};

describe('Stripe settings from the environment', () => {
  it('are absent without STRIPE_SECRET_KEY, so usage is only recorded', () => {
    expect(stripeSettingsFromEnv({})).toBeNull();
    expect(stripeSettingsFromEnv({ STRIPE_SECRET_KEY: '' })).toBeNull();
  });

  it('take the key alone to reach Stripe itself', () => {
    expect(stripeSettingsFromEnv({ STRIPE_SECRET_KEY: KEY })).toEqual({ secretKey: KEY });
  });

  it('accept a restricted key', () => {
    expect(stripeSettingsFromEnv({ STRIPE_SECRET_KEY: 'rk_live_9xY' })?.secretKey).toBe(
      'rk_live_9xY',
    );
  });

  it('take a local endpoint from host, port and protocol', () => {
    expect(
      stripeSettingsFromEnv({
        STRIPE_SECRET_KEY: KEY,
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: '12111',
        STRIPE_API_PROTOCOL: 'http',
      }),
    ).toEqual({ secretKey: KEY, host: '127.0.0.1', port: 12111, protocol: 'http' });
  });

  it('refuse something that is not a Stripe secret key, naming the variable', () => {
    expect(refusal({ STRIPE_SECRET_KEY: 'pk_test_123' }).field).toBe('STRIPE_SECRET_KEY');
    expect(refusal({ STRIPE_SECRET_KEY: ' sk_test_123' }).field).toBe('STRIPE_SECRET_KEY');
  });

  it('refuse a port that is not a whole number from 1 to 65535', () => {
    for (const port of ['0', '65536', '80a', '-1', '1e3']) {
      expect(refusal({ STRIPE_SECRET_KEY: KEY, STRIPE_API_PORT: port })).toMatchObject({
        field: 'STRIPE_API_PORT',
      });
    }
  });

  it('refuse a host written as a URL', () => {
    const { field, message } = refusal({
      STRIPE_SECRET_KEY: KEY,
      STRIPE_API_HOST: 'http://127.0.0.1:12111',
    });
    expect(field).toBe('STRIPE_API_HOST');
    expect(message).toMatch(/^STRIPE_API_HOST: /);
  });

  it('refuse a protocol other than http or https', () => {
    expect(refusal({ STRIPE_SECRET_KEY: KEY, STRIPE_API_PROTOCOL: 'ftp' }).field).toBe(
      'STRIPE_API_PROTOCOL',
    );
  });

  it('refuse to send the key in clear text anywhere but this machine', () => {
    const env = { STRIPE_SECRET_KEY: KEY, STRIPE_API_PROTOCOL: 'http' };
    expect(refusal(env).field).toBe('STRIPE_API_PROTOCOL');
    expect(refusal({ ...env, STRIPE_API_HOST: 'stripe.example.com' }).field).toBe(
      'STRIPE_API_PROTOCOL',
    );
    expect(stripeSettingsFromEnv({ ...env, STRIPE_API_HOST: 'localhost' })?.protocol).toBe('http');
  });

  it('refuse an endpoint without a key, which would otherwise be silently ignored', () => {
    expect(refusal({ STRIPE_API_PORT: '12111' }).field).toBe('STRIPE_API_PORT');
  });
});

import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  meterEventIdentifier,
  outcomeOf,
  unixSeconds,
} from '../../../cloud/services/billing/stripe';

const stripeError = (statusCode: number, message: string, type = 'invalid_request_error') =>
  Stripe.errors.StripeError.generate({
    type: type as 'invalid_request_error',
    message,
    statusCode,
  });

describe('the meter event identifier', () => {
  it('names the tenant, the fact and the metric', () => {
    expect(meterEventIdentifier('acme', 'evt-1', 'stock_movements')).toBe(
      'acme:evt-1:stock_movements',
    );
  });

  it('stays within Stripe’s 100 characters by hashing a longer one, the same way every time', () => {
    const tenant = 't'.repeat(64);
    const first = meterEventIdentifier(
      tenant,
      '0b7f6f0e-1f7e-4a7a-9d55-2f0f1f9a1c01',
      'active_products',
    );
    const again = meterEventIdentifier(
      tenant,
      '0b7f6f0e-1f7e-4a7a-9d55-2f0f1f9a1c01',
      'active_products',
    );
    const other = meterEventIdentifier(
      tenant,
      '0b7f6f0e-1f7e-4a7a-9d55-2f0f1f9a1c02',
      'active_products',
    );
    expect(first.length).toBeLessThanOrEqual(100);
    expect(first).toBe(again);
    expect(first).not.toBe(other);
    expect(first.startsWith('active_products:')).toBe(true);
  });
});

describe('the timestamp of a meter event', () => {
  it('is the instant in whole Unix seconds', () => {
    expect(unixSeconds('2026-11-05T10:00:00.900Z')).toBe(1_793_872_800);
  });
});

describe('what a failed meter event means', () => {
  it('counts Stripe refusing a known identifier as already reported', () => {
    const refusal = stripeError(
      400,
      'An event already exists with identifier acme:e1:stock_movements.',
    );
    expect(outcomeOf(refusal)).toEqual({ status: 'duplicate' });
  });

  it('keeps a bad request as a refusal with Stripe’s message', () => {
    const outcome = outcomeOf(stripeError(400, 'No active meter found for event_name x.'));
    expect(outcome).toEqual({
      status: 'rejected',
      message: '400: No active meter found for event_name x.',
    });
  });

  it('treats server errors, throttling and a refused key as worth retrying later', () => {
    expect(outcomeOf(stripeError(500, 'An unknown error occurred.', 'api_error')).status).toBe(
      'unavailable',
    );
    expect(outcomeOf(stripeError(429, 'Request rate limit exceeded.')).status).toBe('unavailable');
    expect(outcomeOf(stripeError(401, 'Invalid API Key provided.')).status).toBe('unavailable');
  });

  it('treats a lost connection or any other failure as worth retrying later', () => {
    const lost = new Stripe.errors.StripeConnectionError({ message: 'socket hang up' });
    expect(outcomeOf(lost).status).toBe('unavailable');
    expect(outcomeOf(new Error('secret not found')).status).toBe('unavailable');
  });
});

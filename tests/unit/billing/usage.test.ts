import { describe, expect, it } from 'vitest';
import { checkPeriod, parseUsageEvent, periodOf } from '../../../cloud/services/billing/usage';
import { StockMateError } from '../../../shared';

const fieldOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof StockMateError) return error.field;
    throw error;
  }
  throw new Error('expected a validation error');
};

const event = {
  tenantId: 'acme',
  identifier: '0b7f6f0e-1f7e-4a7a-9d55-2f0f1f9a1c01',
  metric: 'stock_movements' as const,
  quantity: 3,
  occurredAt: '2026-11-05T10:00:00.000Z',
};

describe('the billing period of a usage fact', () => {
  it('is the UTC month of the instant', () => {
    expect(periodOf('2026-11-05T10:00:00.000Z')).toBe('2026-11');
  });

  it('follows UTC, not the offset the instant was written in', () => {
    expect(periodOf('2026-12-01T00:30:00+01:00')).toBe('2026-11');
    expect(periodOf('2026-11-30T23:30:00-02:00')).toBe('2026-12');
  });

  it('refuses an instant without a time zone, whose month would be a guess', () => {
    expect(fieldOf(() => periodOf('2026-11-30T23:30:00'))).toBe('occurredAt');
  });

  it('refuses text that is not a date-time', () => {
    expect(fieldOf(() => periodOf('last tuesday'))).toBe('occurredAt');
    expect(fieldOf(() => periodOf('2026-13-45T99:00:00Z'))).toBe('occurredAt');
  });

  it('accepts a period written as YYYY-MM and refuses any other month', () => {
    expect(checkPeriod('2026-01')).toBe('2026-01');
    expect(fieldOf(() => checkPeriod('2026-13'))).toBe('period');
    expect(fieldOf(() => checkPeriod('2026-1'))).toBe('period');
  });
});

describe('a usage event', () => {
  it('comes back with its period when every field is valid', () => {
    expect(parseUsageEvent(event)).toEqual({ ...event, period: '2026-11' });
  });

  it('takes a quantity of zero, as a gauge may read', () => {
    expect(parseUsageEvent({ ...event, quantity: 0 }).quantity).toBe(0);
  });

  it('refuses a negative or fractional quantity', () => {
    expect(fieldOf(() => parseUsageEvent({ ...event, quantity: -1 }))).toBe('quantity');
    expect(fieldOf(() => parseUsageEvent({ ...event, quantity: 1.5 }))).toBe('quantity');
  });

  it('refuses an unknown metric', () => {
    const unknown = { ...event, metric: 'api_calls' } as unknown as typeof event;
    expect(fieldOf(() => parseUsageEvent(unknown))).toBe('metric');
  });

  it('refuses an empty identifier or one with spaces', () => {
    expect(fieldOf(() => parseUsageEvent({ ...event, identifier: '' }))).toBe('identifier');
    expect(fieldOf(() => parseUsageEvent({ ...event, identifier: 'a b' }))).toBe('identifier');
  });
});

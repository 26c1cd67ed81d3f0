import { describe, expect, it } from 'vitest';
import { tables } from '../../../cloud/db/projection/rows';
import { rowParams } from '../../../cloud/db/tables';

const movement = (occurredAt: string) => ({
  eventId: '00000000-0000-4000-8000-000000000001',
  seq: 0,
  productId: '00000000-0000-4000-8000-000000000002',
  warehouseId: '00000000-0000-4000-8000-000000000003',
  kind: 'receipt' as const,
  quantity: 5,
  onHandAfter: 5,
  reason: null,
  note: null,
  reference: null,
  purchaseOrderId: null,
  actor: 'user-1',
  occurredAt,
});

describe('the parameters of the projection writes', () => {
  it('pass times as milliseconds since the epoch, whatever offset they were written with', () => {
    const params = rowParams(tables.movements, 'rows', [
      movement('2026-01-01T00:00:00.123Z'),
      movement('2026-01-01T02:30:00.123+02:30'),
    ]);
    expect(params['rows_occurredAt']).toEqual([1_767_225_600_123, 1_767_225_600_123]);
  });

  it('refuse a time without its zone rather than read it in the machine’s zone', () => {
    expect(() => rowParams(tables.movements, 'rows', [movement('2026-01-01T10:00:00')])).toThrow(
      'not a timestamp with its zone: 2026-01-01T10:00:00',
    );
    expect(() => rowParams(tables.movements, 'rows', [movement('yesterday Z')])).toThrow(
      'not a timestamp with its zone',
    );
  });
});

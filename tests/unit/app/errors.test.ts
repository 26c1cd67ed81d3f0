import { describe, expect, it } from 'vitest';
import { StockMateError } from '../../../shared';
import { fromDatabase } from '../../../cloud/app/errors';
import { SqlError } from '../../../cloud/db/port';

describe('what the database refused, as a client sees it', () => {
  it('says that the disk is full and that nothing was saved', () => {
    const error = fromDatabase(
      new SqlError('could not extend file "base/5/16384": No space left on device', '53100'),
    );
    expect(error).toBeInstanceOf(StockMateError);
    expect(error).toMatchObject({
      type: 'Internal',
      message: "the database's disk is full, so nothing was saved: free some space, then try again",
    });
  });

  it('names the field whose unique value is already used', () => {
    expect(fromDatabase(new SqlError('duplicate key', '23505', 'products_sku'))).toMatchObject({
      type: 'Conflict',
      fields: [{ field: 'sku', message: 'is already used' }],
    });
  });

  it('leaves any other database error as it is, for the resolver to log and hide', () => {
    const other = new SqlError('could not read block 7', 'XX001');
    expect(fromDatabase(other)).toBe(other);
  });
});

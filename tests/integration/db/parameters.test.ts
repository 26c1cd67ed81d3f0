import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '../../../cloud/db/port';
import { SqlError } from '../../../cloud/db/port';
import type { OpenedDatabase } from '../../support/adapters';
import { adapters } from '../../support/adapters';
import { refusalOf } from '../../support/refusal';

/** The list sent as `:v` cast to `type[]`, as PostgreSQL read it, back as JSON. */
const echo = (opened: OpenedDatabase, type: string, v: SqlValue) =>
  opened.driver.transaction(async (c) => {
    const { rows } = await c.execute(
      `SELECT array_to_json(:v::${type}[])::text AS v, cardinality(:v::${type}[]) AS n`,
      { v },
    );
    const row = rows[0] as { v: string | null; n: number | string | null };
    return { values: row.v === null ? null : (JSON.parse(row.v) as unknown), n: Number(row.n) };
  }, null);

for (const adapter of adapters) {
  const available = await adapter.available();

  describe.skipIf(!available)(`lists as array parameters on ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    beforeAll(async () => {
      opened = await adapter.open();
    });
    afterAll(async () => {
      await opened.close();
    });

    it('reach PostgreSQL exactly, nulls and empty lists included, whatever their element type', async () => {
      const cases: [type: string, values: SqlValue, expected: unknown][] = [
        [
          'uuid',
          ['0189a3f2-7c4e-4b1d-9e2f-3a4b5c6d7e8f', null, 'FFFFFFFF-0000-4000-8000-ABCDEFABCDEF'],
          ['0189a3f2-7c4e-4b1d-9e2f-3a4b5c6d7e8f', null, 'ffffffff-0000-4000-8000-abcdefabcdef'],
        ],
        ['integer', [0, -1, 2 ** 31 - 1, -(2 ** 31), null], [0, -1, 2 ** 31 - 1, -(2 ** 31), null]],
        ['bigint', [1_767_225_600_123, -2, null], [1_767_225_600_123, -2, null]],
        ['boolean', [true, false, null], [true, false, null]],
        [
          'text',
          ['', 'NULL', null, 'say "hi" \\ {a,b}', 'ünï 在庫 📦'],
          ['', 'NULL', null, 'say "hi" \\ {a,b}', 'ünï 在庫 📦'],
        ],
        ['numeric', [1.25, '-0.5', null], [1.25, -0.5, null]],
        ['date', ['2026-11-22', null], ['2026-11-22', null]],
        ['uuid', [], []],
        ['text', [], []],
      ];
      for (const [type, values, expected] of cases) {
        const echoed = await echo(opened, type, values);
        expect({ type, ...echoed }).toEqual({
          type,
          values: expected,
          n: (values as readonly unknown[]).length,
        });
      }
    });

    it('read a uuid in any spelling PostgreSQL accepts, and refuse what it refuses, alike', async () => {
      expect(
        (await echo(opened, 'uuid', ['{0189A3F2-7C4E-4B1D-9E2F-3A4B5C6D7E8F}', null])).values,
      ).toEqual(['0189a3f2-7c4e-4b1d-9e2f-3a4b5c6d7e8f', null]);
      const badUuid = await refusalOf(echo(opened, 'uuid', ['0189a3f2-7c4e-4b1d', null]), SqlError);
      expect(badUuid.code).toBe('22P02');
      expect(badUuid.message).toContain('uuid');
      const tooBig = await refusalOf(echo(opened, 'integer', [1, 2 ** 31]), SqlError);
      expect(tooBig.code).toBe('22003');
      const notANumber = await refusalOf(echo(opened, 'bigint', ['twelve']), SqlError);
      expect(notANumber.code).toBe('22P02');
    });
  });
}

/**
 * A database whose transactions hold on at their last statement until released, as another
 * process's would while it runs: by then a command's has read, and locked its streams and its
 * tenant's lock.
 */
import type { Database } from '../../cloud/db/port';

export const heldAtItsWrite = (db: Database) => {
  let holding = () => undefined as void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const holdingDb: Database = {
    ...db,
    tenant: (tenantId, mode, work) =>
      db.tenant(tenantId, mode, (tx) =>
        work({
          ...tx,
          last: async (sql, params) => {
            holding();
            await released;
            return tx.last(sql, params);
          },
        }),
      ),
  };
  /** `db`: the holding database; `held`: settles once a transaction holds; `release` lets it go. */
  return { db: holdingDb, held, release };
};

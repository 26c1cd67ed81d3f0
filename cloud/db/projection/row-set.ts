import type { Table } from '../tables';
import { rowKey } from '../tables';
import type { RowTypes, TableName } from './rows';
import { tables } from './rows';

type Maps = { [T in TableName]: Map<string, RowTypes[T]> };

const emptyMaps = (): Maps => ({
  products: new Map(),
  warehouses: new Map(),
  suppliers: new Map(),
  stockLevels: new Map(),
  movements: new Map(),
  reservations: new Map(),
  purchaseOrders: new Map(),
  purchaseOrderLines: new Map(),
});

/**
 * What a set of projected changes writes: rows to upsert, rows whose additive columns change by a
 * delta (written as `column = column + delta`, so the database's constraints guard the result), and
 * rows to delete.
 */
export type RowChanges = {
  [T in TableName]: { upserts: RowTypes[T][]; deltas: RowTypes[T][]; deletes: RowTypes[T][] };
};

const table = <T extends TableName>(name: T) => tables[name] as unknown as Table<RowTypes[T]>;

/**
 * The projection rows a command (or a rebuild) works on, in memory: rows as loaded, rows as they
 * are now, and what changed. Projections read and write rows here; the store writes the changes.
 */
export class RowSet {
  private readonly loaded: Maps = emptyMaps();
  private readonly current: Maps = emptyMaps();
  private readonly touched: { [T in TableName]: Set<string> } = {
    products: new Set(),
    warehouses: new Set(),
    suppliers: new Set(),
    stockLevels: new Set(),
    movements: new Set(),
    reservations: new Set(),
    purchaseOrders: new Set(),
    purchaseOrderLines: new Set(),
  };

  /** Adds rows read from the database (their state before this command). */
  load<T extends TableName>(name: T, rows: readonly RowTypes[T][]): void {
    for (const row of rows) {
      const key = rowKey(table(name), row);
      this.loaded[name].set(key, row);
      this.current[name].set(key, row);
    }
  }

  /** A row by its key values, in the table's key order. */
  get<T extends TableName>(name: T, ...key: string[]): RowTypes[T] | undefined {
    return this.current[name].get(key.join('|'));
  }

  /** Every current row of a table that matches a predicate. */
  find<T extends TableName>(name: T, predicate: (row: RowTypes[T]) => boolean): RowTypes[T][] {
    return [...this.current[name].values()].filter(predicate);
  }

  /** Keys touched since `capture` began, when one is running. */
  private capturing: { [T in TableName]?: Set<string> } | null = null;

  put<T extends TableName>(name: T, row: RowTypes[T]): void {
    const key = rowKey(table(name), row);
    this.current[name].set(key, row);
    this.touch(name, key);
  }

  remove<T extends TableName>(name: T, row: RowTypes[T]): void {
    const key = rowKey(table(name), row);
    this.current[name].delete(key);
    this.touch(name, key);
  }

  private touch(name: TableName, key: string): void {
    this.touched[name].add(key);
    if (this.capturing !== null) (this.capturing[name] ??= new Set()).add(key);
  }

  /**
   * Runs `work` and returns the rows it changed, as they are right after it: one command's own
   * after-images, even when several commands share this set (a group commit).
   */
  capture(work: () => void): { [T in TableName]: RowTypes[T][] } {
    this.capturing = {};
    try {
      work();
      const seen = this.capturing;
      const images = (name: TableName) =>
        [...(seen[name] ?? [])].flatMap((key) => {
          const row = this.current[name].get(key);
          return row === undefined ? [] : [row];
        });
      return Object.fromEntries(
        (Object.keys(this.current) as TableName[]).map((name) => [name, images(name)]),
      ) as { [T in TableName]: RowTypes[T][] };
    } finally {
      this.capturing = null;
    }
  }

  /** The rows this command changed, as they are now (what a mutation returns). */
  changed<T extends TableName>(name: T): RowTypes[T][] {
    return [...this.touched[name]].flatMap((key) => {
      const row = this.current[name].get(key);
      return row === undefined ? [] : [row];
    });
  }

  /** Everything to write: additive columns become the difference from the loaded row. */
  changes(): RowChanges {
    const out = {} as Record<
      TableName,
      { upserts: unknown[]; deltas: unknown[]; deletes: unknown[] }
    >;
    for (const name of Object.keys(this.current) as TableName[]) {
      const desc = table(name);
      const additive = (desc.additive ?? []) as readonly string[];
      const upserts: unknown[] = [];
      const deltas: unknown[] = [];
      const deletes: unknown[] = [];
      for (const key of this.touched[name]) {
        const now = this.current[name].get(key) as Record<string, unknown> | undefined;
        const before = this.loaded[name].get(key) as Record<string, unknown> | undefined;
        if (now === undefined) {
          if (before !== undefined) deletes.push(before);
          continue;
        }
        if (additive.length === 0 || before === undefined) {
          upserts.push(now);
          continue;
        }
        const delta = { ...now };
        for (const column of additive)
          delta[column] = (now[column] as number) - (before[column] as number);
        deltas.push(delta);
      }
      out[name] = { upserts, deltas, deletes };
    }
    return out as RowChanges;
  }

  /** All current rows of a table (a rebuild writes these). */
  all<T extends TableName>(name: T): RowTypes[T][] {
    return [...this.current[name].values()];
  }

  /** Forgets rows (a rebuild flushes insert-only rows as it goes). */
  clear<T extends TableName>(name: T): void {
    this.current[name].clear();
    this.loaded[name].clear();
    this.touched[name].clear();
  }
}

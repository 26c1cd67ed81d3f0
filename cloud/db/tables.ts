import type { ArrayValue } from './sql';
import { pgArray } from './sql';

/**
 * Descriptions of the projection tables: their columns, types and keys. SQL fragments for
 * loading and writing rows are generated from these fixed descriptions — never from input.
 */

export type ColumnType =
  'text' | 'uuid' | 'int' | 'bigint' | 'numeric' | 'bool' | 'timestamptz' | 'date';

export interface Table<Row> {
  readonly name: string;
  readonly key: readonly (keyof Row & string)[];
  readonly columns: { readonly [K in keyof Row & string]-?: ColumnType };
  /** Columns written as deltas (`column = column + delta`), so the database's constraints guard them. */
  readonly additive?: readonly (keyof Row & string)[];
  /** Rows are only ever inserted. */
  readonly insertOnly?: boolean;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `column AS "field"` for each column; timestamps as ISO 8601 UTC with milliseconds, like JavaScript's. */
export const selectList = <Row>(table: Table<Row>, alias = table.name): string =>
  Object.entries<ColumnType>(table.columns)
    .map(([field, type]) => {
      const column = `${alias}.${snake(field)}`;
      return type === 'timestamptz'
        ? `iso_time(${column}) AS "${field}"`
        : `${column} AS "${field}"`;
    })
    .join(', ');

const sqlType = (type: ColumnType) =>
  type === 'int' ? 'integer' : type === 'bool' ? 'boolean' : type;

/**
 * The rows passed in parameters `param_<field>`, one array per column (see `rowParams`), as a
 * relation `r` (of some columns). Arrays of plain values are read much faster than a JSON
 * document of records, which matters when a rebuild writes 100,000 rows.
 */
const recordset = <Row>(
  table: Table<Row>,
  param: string,
  fields = Object.keys(table.columns) as (keyof Row & string)[],
): string => {
  const arrays = fields.map((f) => `:${param}_${f}::${sqlType(table.columns[f])}[]`).join(', ');
  return `unnest(${arrays}) AS r(${fields.map((f) => `"${f}"`).join(', ')})`;
};

/** The parameters for a statement below: each column of `rows` as a PostgreSQL array literal. */
export const rowParams = <Row>(
  table: Table<Row>,
  param: string,
  rows: readonly Row[],
  fields = Object.keys(table.columns) as (keyof Row & string)[],
): Record<string, string> =>
  Object.fromEntries(
    fields.map((f) => [`${param}_${f}`, pgArray(rows.map((r) => r[f] as ArrayValue))]),
  );

/** The parameters for `deleteStatement`: the key columns of `rows`. */
export const keyParams = <Row>(
  table: Table<Row>,
  param: string,
  rows: readonly Partial<Row>[],
): Record<string, string> => rowParams(table, param, rows as Row[], [...table.key]);

const matchKey = <Row>(table: Table<Row>) =>
  ['t.tenant_id = current_tenant()', ...table.key.map((k) => `t.${snake(k)} = r."${k}"`)].join(
    ' AND ',
  );

/** Adds each row's additive columns to the stored row; other columns are overwritten. */
export const deltaStatement = <Row>(table: Table<Row>, param: string): string => {
  const additive = (table.additive ?? []) as readonly string[];
  const key = table.key as readonly string[];
  const sets = Object.keys(table.columns)
    .filter((f) => !key.includes(f))
    .map((f) =>
      additive.includes(f) ? `${snake(f)} = t.${snake(f)} + r."${f}"` : `${snake(f)} = r."${f}"`,
    )
    .join(', ');
  return `UPDATE ${table.name} AS t SET ${sets} FROM ${recordset(table, param)} WHERE ${matchKey(table)}`;
};

/** Deletes the rows whose keys are passed in `param` (see `keyParams`). */
export const deleteStatement = <Row>(table: Table<Row>, param: string): string =>
  `DELETE FROM ${table.name} AS t USING ${recordset(table, param, [...table.key])} WHERE ${matchKey(table)}`;

/** An INSERT (or, unless insert-only, an upsert overwriting the row) of the rows passed in `param` (see `rowParams`). */
export const writeStatement = <Row>(table: Table<Row>, param: string): string => {
  const fields = Object.keys(table.columns);
  const columns = ['tenant_id', ...fields.map(snake)].join(', ');
  const values = ['current_tenant()', ...fields.map((f) => `r."${f}"`)].join(', ');
  const insert = `INSERT INTO ${table.name} AS t (${columns}) SELECT ${values} FROM ${recordset(table, param)}`;
  if (table.insertOnly === true) return insert;
  const key = table.key as readonly string[];
  const updates = fields
    .filter((f) => !key.includes(f))
    .map((f) => `${snake(f)} = excluded.${snake(f)}`)
    .join(', ');
  return `${insert} ON CONFLICT (tenant_id, ${key.map(snake).join(', ')}) DO UPDATE SET ${updates}`;
};

/** A stable string key of a row within its table. */
export const rowKey = <Row>(table: Table<Row>, row: Row): string =>
  table.key.map((k) => String(row[k])).join('|');

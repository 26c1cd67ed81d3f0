import type { ArrayValue } from './sql';

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

/**
 * The SQL type each column type's values travel as. Timestamps travel as milliseconds since the
 * Unix epoch: PostgreSQL reads an integer several times faster than it parses the ISO text of a
 * date, which is most of what reading a timestamp costs (about 1.5 µs each, 140 ms of a rebuild's
 * 100,000).
 */
const arrayTypes: { readonly [T in ColumnType]: string } = {
  text: 'text',
  uuid: 'uuid',
  int: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  bool: 'boolean',
  timestamptz: 'bigint',
  date: 'date',
};

/** A column's value in the relation `r` of `recordset`, as the column's own type. */
const fromRow = <Row>(table: Table<Row>, field: keyof Row & string): string =>
  table.columns[field] === 'timestamptz'
    ? `(timestamptz 'epoch' + r."${field}" * interval '1 millisecond')`
    : `r."${field}"`;

/** Ends with its zone: `Z` or an offset. Without one, JavaScript would read the machine's zone. */
const ZONED = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** An ISO 8601 timestamp with its zone as milliseconds since the Unix epoch (see `arrayTypes`). */
const epochMillis = (value: ArrayValue): ArrayValue => {
  if (value === null || value === undefined) return value;
  const text = String(value);
  const millis = ZONED.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(millis)) throw new Error(`not a timestamp with its zone: ${text}`);
  return millis;
};

/**
 * The rows passed in parameters `param_<field>`, one array per column (see `rowParams`), as a
 * relation `r` (of some columns; see `fromRow` for a column's value). Arrays of plain values are
 * read much faster than a JSON document of records, which matters when a rebuild writes 100,000
 * rows.
 */
const recordset = <Row>(
  table: Table<Row>,
  param: string,
  fields = Object.keys(table.columns) as (keyof Row & string)[],
): string => {
  const arrays = fields.map((f) => `:${param}_${f}::${arrayTypes[table.columns[f]]}[]`).join(', ');
  return `unnest(${arrays}) AS r(${fields.map((f) => `"${f}"`).join(', ')})`;
};

/** The parameters for a statement below: each column of `rows` as one array parameter. */
export const rowParams = <Row>(
  table: Table<Row>,
  param: string,
  rows: readonly Row[],
  fields = Object.keys(table.columns) as (keyof Row & string)[],
): Record<string, readonly ArrayValue[]> =>
  Object.fromEntries(
    fields.map((f) => [
      `${param}_${f}`,
      table.columns[f] === 'timestamptz'
        ? rows.map((r) => epochMillis(r[f] as ArrayValue))
        : rows.map((r) => r[f] as ArrayValue),
    ]),
  );

/** The parameters for `deleteStatement`: the key columns of `rows`. */
export const keyParams = <Row>(
  table: Table<Row>,
  param: string,
  rows: readonly Partial<Row>[],
): Record<string, readonly ArrayValue[]> => rowParams(table, param, rows as Row[], [...table.key]);

const matchKey = <Row>(table: Table<Row>) =>
  [
    't.tenant_id = current_tenant()',
    ...table.key.map((k) => `t.${snake(k)} = ${fromRow(table, k)}`),
  ].join(' AND ');

/** Adds each row's additive columns to the stored row; other columns are overwritten. */
export const deltaStatement = <Row>(table: Table<Row>, param: string): string => {
  const additive = (table.additive ?? []) as readonly string[];
  const key = table.key as readonly string[];
  const sets = (Object.keys(table.columns) as (keyof Row & string)[])
    .filter((f) => !key.includes(f))
    .map((f) =>
      additive.includes(f)
        ? `${snake(f)} = t.${snake(f)} + r."${f}"`
        : `${snake(f)} = ${fromRow(table, f)}`,
    )
    .join(', ');
  return `UPDATE ${table.name} AS t SET ${sets} FROM ${recordset(table, param)} WHERE ${matchKey(table)}`;
};

/** Deletes the rows whose keys are passed in `param` (see `keyParams`). */
export const deleteStatement = <Row>(table: Table<Row>, param: string): string =>
  `DELETE FROM ${table.name} AS t USING ${recordset(table, param, [...table.key])} WHERE ${matchKey(table)}`;

/** An INSERT (or, unless insert-only, an upsert overwriting the row) of the rows passed in `param` (see `rowParams`). */
export const writeStatement = <Row>(table: Table<Row>, param: string): string => {
  const fields = Object.keys(table.columns) as (keyof Row & string)[];
  const columns = ['tenant_id', ...fields.map(snake)].join(', ');
  const values = ['current_tenant()', ...fields.map((f) => fromRow(table, f))].join(', ');
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

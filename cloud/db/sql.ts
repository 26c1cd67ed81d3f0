/**
 * SQL text helpers shared by the adapters. Statements are written once with named parameters
 * (`:name`, as the RDS Data API takes them); the PostgreSQL wire adapters turn them into `$n`.
 * A list travels as one array parameter, cast in the statement to its array type
 * (`:ids::uuid[]`), which says each adapter how to send it.
 */

export type ArrayValue = string | number | boolean | null | undefined;
export type SqlValue = string | number | boolean | null | readonly ArrayValue[];
export type SqlParams = Readonly<Record<string, SqlValue>>;

interface Segment {
  /** False for quoted text, comments and dollar-quoted bodies, which are copied untouched. */
  readonly code: boolean;
  readonly text: string;
}

const closingOf = (sql: string, i: number): number => {
  const c = sql[i]!;
  const next = sql[i + 1] ?? '';
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] !== c) j++;
      else if (sql[j + 1] === c) j += 2;
      else return j + 1;
    }
    return sql.length;
  }
  if (c === '-' && next === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (c === '/' && next === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  if (c === '$') {
    const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
    if (tag !== null) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end === -1 ? sql.length : end + tag[0].length;
    }
  }
  return -1;
};

/** Cuts SQL into code and opaque segments (quotes, comments, dollar quotes). */
const segments = (sql: string): Segment[] => {
  const out: Segment[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const end = closingOf(sql, i);
    if (end === -1) {
      i++;
      continue;
    }
    if (i > start) out.push({ code: true, text: sql.slice(start, i) });
    out.push({ code: false, text: sql.slice(i, end) });
    i = start = end;
  }
  if (start < sql.length) out.push({ code: true, text: sql.slice(start) });
  return out;
};

export interface PositionalSql {
  readonly text: string;
  readonly names: readonly string[];
  /** The type each parameter is cast to in the statement (see `parameterCasts`), or null. */
  readonly casts: readonly (string | null)[];
}

const positionalCache = new Map<string, PositionalSql>();
const namedParameter = /(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)/g;

/** Rewrites `:name` parameters to `$1…$n` (each name once), remembering the order of names. */
export const toPositional = (sql: string): PositionalSql => {
  const cached = positionalCache.get(sql);
  if (cached !== undefined) return cached;
  const names: string[] = [];
  const text = segments(sql)
    .map((s) =>
      s.code
        ? s.text.replace(namedParameter, (_m, name: string) => {
            let index = names.indexOf(name);
            if (index === -1) index = names.push(name) - 1;
            return `$${index + 1}`;
          })
        : s.text,
    )
    .join('');
  const cast = parameterCasts(sql);
  const result = { text, names, casts: names.map((name) => cast.get(name) ?? null) };
  if (positionalCache.size < 10_000) positionalCache.set(sql, result);
  return result;
};

/** Orders named parameter values for a positional statement; a missing parameter is a bug. */
export const positionalValues = (sql: PositionalSql, params: SqlParams): SqlValue[] =>
  sql.names.map((name) => {
    if (!(name in params)) throw new Error(`SQL parameter :${name} has no value`);
    return params[name] ?? null;
  });

/** Splits a script into statements at top-level semicolons (quotes, comments and $$ bodies kept whole). */
export const splitStatements = (script: string): string[] => {
  const statements: string[] = [];
  let current = '';
  for (const s of segments(script)) {
    if (!s.code) {
      current += s.text;
      continue;
    }
    const parts = s.text.split(';');
    current += parts[0];
    for (const part of parts.slice(1)) {
      statements.push(current);
      current = part;
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, '').trim() !== '');
};

const castParameter = /(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z_][A-Za-z0-9_]*(?:\[\])?)/g;

/** The type each parameter is cast to in the statement (`:id::uuid` → id: uuid), first cast wins. */
export const parameterCasts = (sql: string): ReadonlyMap<string, string> => {
  const casts = new Map<string, string>();
  for (const s of segments(sql)) {
    if (!s.code) continue;
    for (const match of s.text.matchAll(castParameter)) {
      const [, name, type] = match;
      if (name !== undefined && type !== undefined && !casts.has(name))
        casts.set(name, type.toLowerCase());
    }
  }
  return casts;
};

/** What must be escaped with a backslash inside a quoted array element. */
const ARRAY_SPECIAL = /[\\"]/;
const ARRAY_ESCAPED = /[\\"]/g;

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for a `:param::type[]` cast: how a list travels
 * where it cannot in binary (the RDS Data API takes no array parameters). Null (or undefined) is
 * NULL.
 */
export const pgArray = (values: readonly ArrayValue[]): string => {
  // A rebuild passes over a million values this way: one pass, and escapes only where needed.
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const v = values[i];
    if (v === null || v === undefined) literal += 'NULL';
    else {
      const text = String(v);
      literal += ARRAY_SPECIAL.test(text)
        ? `"${text.replace(ARRAY_ESCAPED, '\\$&')}"`
        : `"${text}"`;
    }
  }
  return `${literal}}`;
};

/**
 * A relation of the rows that `inner` finds for each distinct id of the array parameter `param`,
 * `inner` naming the id as `k.id` (`… WHERE product_id = k.id`): one probe of the table per id.
 *
 * Asked as `column = ANY(ids)` instead, a plan made while the tables are near empty and have no
 * statistics yet (a new database) reads every row of the tenant and filters them; the drivers
 * prepare statements and keep that plan until the tables are first analysed, however much they
 * grow meanwhile. A probe per id is the cheapest plan at any size, so it is the plan whatever the
 * planner believes. (OFFSET 0 keeps the planner from pulling the probe up into a join.) Which
 * index a probe takes is still the planner's choice: before a table is first analysed, every
 * index that leads with the tenant looks as cheap as its key, and the newest one wins, until the
 * maintenance (or autovacuum) analyses the table and the statement is planned again. The ids
 * are probed in order, so rows an `inner` locks (FOR UPDATE) are locked in one order everywhere.
 */
export const eachOf = (param: string, type: 'uuid' | 'text', inner: string, alias = 'x'): string =>
  `(SELECT DISTINCT id FROM unnest(:${param}::${type}[]) AS u(id) ORDER BY 1) AS k
   CROSS JOIN LATERAL (${inner} OFFSET 0) ${alias}`;

const SETTING_NAME = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?$/i;

/** A statement with its parameters. */
export interface Statement {
  readonly sql: string;
  readonly params: SqlParams;
}

/**
 * `SELECT set_config(…, true), …` for transaction settings, then any further `calls` (taking the
 * transaction's locks), with `params` for them: the statement that opens a transaction. The
 * values travel as parameters, so the text is the same for every tenant and a driver prepares it
 * once instead of planning it in every transaction. Names must be plain (dotted) identifiers, and
 * values may not hold NUL.
 */
export const settingsStatement = (
  settings: Readonly<Record<string, string>>,
  calls: readonly string[] = [],
  params: SqlParams = {},
): Statement | null => {
  const values: Record<string, SqlValue> = {};
  const settingCalls = Object.entries(settings).map(([name, value], i) => {
    if (!SETTING_NAME.test(name)) throw new Error(`not a setting name: ${name}`);
    if (value.includes('\0')) throw new Error(`setting ${name} holds a NUL character`);
    values[`setting${i}`] = value;
    return `set_config('${name}', :setting${i}::text, true)`;
  });
  const all = [...settingCalls, ...calls];
  return all.length === 0
    ? null
    : { sql: `SELECT ${all.join(', ')}`, params: { ...values, ...params } };
};

import { SqlError } from '../port';
import { ByteWriter } from './binary';

/**
 * The few messages of PostgreSQL's wire protocol (version 3) that the embedded adapter sends and
 * reads, written straight into bytes: a command's parameters are written once, and of the answer
 * only what the adapter uses is decoded (the rows of a statement, the tag of each command, the
 * first error). See https://www.postgresql.org/docs/current/protocol-message-formats.html.
 */

const decoder = new TextDecoder();

/** A buffer of frontend messages, in the order they are added. */
export class FrontendMessages {
  readonly #out: ByteWriter;

  constructor(sizeHint = 1024) {
    this.#out = new ByteWriter(sizeHint);
  }

  /** A simple query: one or more statements separated by semicolons, no parameters. */
  query(sql: string): this {
    return this.#message('Q', () => this.#cstring(sql));
  }

  /** Prepares `sql` as the named statement `name` (parameter types inferred by the server). */
  parse(name: string, sql: string): this {
    return this.#message('P', () => {
      this.#cstring(name);
      this.#cstring(sql);
      this.#out.int16(0);
    });
  }

  /**
   * Binds `values` to the named statement, into the unnamed portal: a string in text format,
   * bytes in binary (see `wireValue`), null for NULL.
   */
  bind(statement: string, values: readonly (string | Uint8Array | null)[]): this {
    const out = this.#out;
    return this.#message('B', () => {
      this.#cstring('');
      this.#cstring(statement);
      out.int16(values.length);
      for (const value of values) out.int16(value instanceof Uint8Array ? 1 : 0);
      out.int16(values.length);
      for (const value of values) {
        if (value === null) out.int32(-1);
        else if (value instanceof Uint8Array) {
          out.int32(value.length);
          out.bytes(value);
        } else {
          const lengthAt = out.length;
          out.int32(0);
          out.utf8(value);
          out.int32At(lengthAt, out.length - lengthAt - 4);
        }
      }
      out.int16(0);
    });
  }

  /** Asks for the unnamed portal's row description. */
  describePortal(): this {
    return this.#message('D', () => {
      this.#out.byte('P'.charCodeAt(0));
      this.#cstring('');
    });
  }

  /** Runs the unnamed portal to completion. */
  execute(): this {
    return this.#message('E', () => {
      this.#cstring('');
      this.#out.int32(0);
    });
  }

  /** Ends an extended query: the server answers ReadyForQuery (and, after an error, resumes here). */
  sync(): this {
    return this.#message('S', () => undefined);
  }

  /** The messages so far. */
  bytes(): Uint8Array {
    return this.#out.written();
  }

  #message(type: string, body: () => void): this {
    const out = this.#out;
    out.byte(type.charCodeAt(0));
    const lengthAt = out.length;
    out.int32(0);
    body();
    out.int32At(lengthAt, out.length - lengthAt);
    return this;
  }

  #cstring(text: string) {
    if (text.includes('\0')) throw new SqlError('a string cannot contain a zero byte', '22021');
    this.#out.utf8(text);
    this.#out.byte(0);
  }
}

/** What the server answered up to one ReadyForQuery: for a simple query, or an extended one. */
export interface Answer {
  /** Column names of the last row description. */
  readonly names: readonly string[];
  /** Rows, each value as text (null for NULL). */
  readonly rows: readonly (readonly (string | null)[])[];
  /** Tag of the last completed command (`INSERT 0 1`, `COMMIT`), if one completed. */
  readonly tag: string | null;
}

/** The server's answers, one per ReadyForQuery, and the first error among them. */
export interface Answers {
  readonly answers: readonly Answer[];
  readonly error: SqlError | null;
}

const cstringAt = (bytes: Uint8Array, at: number): [text: string, next: number] => {
  const close = bytes.indexOf(0, at);
  return [decoder.decode(bytes.subarray(at, close)), close + 1];
};

/** The error fields an adapter reports: code (C), message (M) and constraint (n). */
const errorFrom = (bytes: Uint8Array, start: number, end: number): SqlError => {
  const fields = new Map<string, string>();
  let at = start;
  while (at < end && bytes[at] !== 0) {
    const [value, next] = cstringAt(bytes, at + 1);
    fields.set(String.fromCharCode(bytes[at]!), value);
    at = next;
  }
  return new SqlError(
    fields.get('M') ?? 'unknown database error',
    fields.get('C') ?? 'XX000',
    fields.get('n') ?? null,
  );
};

/** Reads a stream of backend messages. Messages the adapter has no use for are passed over. */
export const readAnswers = (bytes: Uint8Array): Answers => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const answers: Answer[] = [];
  let error: SqlError | null = null;
  let names: string[] = [];
  let rows: (string | null)[][] = [];
  let tag: string | null = null;
  let at = 0;
  while (at + 5 <= bytes.length) {
    const type = bytes[at]!;
    const end = at + 1 + view.getInt32(at + 1);
    let p = at + 5;
    switch (type) {
      case 0x54: {
        // T: RowDescription
        const count = view.getInt16(p);
        p += 2;
        names = [];
        for (let i = 0; i < count; i++) {
          const [name, next] = cstringAt(bytes, p);
          names.push(name);
          p = next + 18;
        }
        break;
      }
      case 0x44: {
        // D: DataRow
        const count = view.getInt16(p);
        p += 2;
        const row: (string | null)[] = [];
        for (let i = 0; i < count; i++) {
          const length = view.getInt32(p);
          p += 4;
          if (length < 0) row.push(null);
          else {
            row.push(decoder.decode(bytes.subarray(p, p + length)));
            p += length;
          }
        }
        rows.push(row);
        break;
      }
      case 0x43:
        // C: CommandComplete
        tag = cstringAt(bytes, p)[0];
        break;
      case 0x45:
        // E: ErrorResponse
        error ??= errorFrom(bytes, p, end);
        break;
      case 0x5a:
        // Z: ReadyForQuery
        answers.push({ names, rows, tag });
        names = [];
        rows = [];
        tag = null;
        break;
      default:
      // ParseComplete, BindComplete, NoData, notices, parameter status: nothing to keep.
    }
    at = end;
  }
  return { answers, error };
};

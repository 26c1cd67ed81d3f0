import { SqlError } from '../port';

/**
 * The few messages of PostgreSQL's wire protocol (version 3) that the embedded adapter sends and
 * reads, written straight into bytes: a command's parameters are written once, and of the answer
 * only what the adapter uses is decoded (the rows of a statement, the tag of each command, the
 * first error). See https://www.postgresql.org/docs/current/protocol-message-formats.html.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A buffer of frontend messages, in the order they are added. */
export class FrontendMessages {
  #bytes: Uint8Array;
  #view: DataView;
  #at = 0;

  constructor(sizeHint = 1024) {
    this.#bytes = new Uint8Array(sizeHint);
    this.#view = new DataView(this.#bytes.buffer);
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
      this.#int16(0);
    });
  }

  /** Binds text `values` (null for NULL) to the named statement, into the unnamed portal. */
  bind(statement: string, values: readonly (string | null)[]): this {
    return this.#message('B', () => {
      this.#cstring('');
      this.#cstring(statement);
      // Every parameter in text format, said once per parameter.
      this.#int16(values.length);
      for (let i = 0; i < values.length; i++) this.#int16(0);
      this.#int16(values.length);
      for (const value of values) {
        if (value === null) this.#int32(-1);
        else {
          const lengthAt = this.#at;
          this.#int32(0);
          this.#utf8(value);
          this.#view.setInt32(lengthAt, this.#at - lengthAt - 4);
        }
      }
      this.#int16(0);
    });
  }

  /** Asks for the unnamed portal's row description. */
  describePortal(): this {
    return this.#message('D', () => {
      this.#byte('P'.charCodeAt(0));
      this.#cstring('');
    });
  }

  /** Runs the unnamed portal to completion. */
  execute(): this {
    return this.#message('E', () => {
      this.#cstring('');
      this.#int32(0);
    });
  }

  /** Ends an extended query: the server answers ReadyForQuery (and, after an error, resumes here). */
  sync(): this {
    return this.#message('S', () => undefined);
  }

  /** The messages so far. */
  bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#at);
  }

  #message(type: string, body: () => void): this {
    this.#byte(type.charCodeAt(0));
    const lengthAt = this.#at;
    this.#int32(0);
    body();
    this.#view.setInt32(lengthAt, this.#at - lengthAt);
    return this;
  }

  #room(n: number) {
    if (this.#at + n <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#at + n));
    grown.set(this.#bytes.subarray(0, this.#at));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  #byte(value: number) {
    this.#room(1);
    this.#bytes[this.#at++] = value;
  }

  #int16(value: number) {
    this.#room(2);
    this.#view.setInt16(this.#at, value);
    this.#at += 2;
  }

  #int32(value: number) {
    this.#room(4);
    this.#view.setInt32(this.#at, value);
    this.#at += 4;
  }

  #utf8(text: string) {
    // A UTF-16 code unit takes at most three bytes of UTF-8.
    this.#room(text.length * 3);
    this.#at += encoder.encodeInto(text, this.#bytes.subarray(this.#at)).written;
  }

  #cstring(text: string) {
    if (text.includes('\0')) throw new SqlError('a string cannot contain a zero byte', '22021');
    this.#utf8(text);
    this.#byte(0);
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

import { describe, expect, it } from 'vitest';
import { binaryArray, wireValue } from '../../../cloud/db/adapters/binary';

/** Reads the fields of PostgreSQL's binary array format back, as `array_recv` does. */
const readArray = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const int32 = () => {
    const value = view.getInt32(at);
    at += 4;
    return value;
  };
  const dimensions = int32();
  const hasNulls = int32();
  const elementType = int32();
  const length = dimensions === 0 ? 0 : int32();
  const lowerBound = dimensions === 0 ? null : int32();
  const elements: (Uint8Array | null)[] = [];
  for (let i = 0; i < length; i++) {
    const size = int32();
    elements.push(size < 0 ? null : bytes.subarray(at, at + size));
    at += Math.max(size, 0);
  }
  return { dimensions, hasNulls, elementType, lowerBound, elements, rest: bytes.length - at };
};

const hex = (bytes: Uint8Array | null) =>
  bytes === null ? null : Buffer.from(bytes).toString('hex');

describe('binary array parameters', () => {
  it('write uuids as their sixteen bytes, with a null as a missing element', () => {
    const array = readArray(
      binaryArray('uuid', [
        '0189a3f2-7c4e-4b1d-9e2f-3a4b5c6d7e8f',
        null,
        'FFFFFFFF-0000-4000-8000-ABCDEFABCDEF',
      ])!,
    );
    expect(array).toEqual({
      dimensions: 1,
      hasNulls: 1,
      elementType: 2950,
      lowerBound: 1,
      elements: expect.any(Array) as unknown,
      rest: 0,
    });
    expect(array.elements.map(hex)).toEqual([
      '0189a3f27c4e4b1d9e2f3a4b5c6d7e8f',
      null,
      'ffffffff000040008000abcdefabcdef',
    ]);
  });

  it('write integers in four bytes and big integers in eight, big-endian, negatives included', () => {
    const ints = readArray(binaryArray('integer', [0, -1, 2 ** 31 - 1, -(2 ** 31)])!);
    expect(ints.elementType).toBe(23);
    expect(ints.hasNulls).toBe(0);
    expect(ints.elements.map(hex)).toEqual(['00000000', 'ffffffff', '7fffffff', '80000000']);
    const bigs = readArray(
      binaryArray('bigint', [1_732_233_600_000, -2, Number.MAX_SAFE_INTEGER])!,
    );
    expect(bigs.elementType).toBe(20);
    expect(bigs.elements.map(hex)).toEqual([
      '00000193512b1c00',
      'fffffffffffffffe',
      '001fffffffffffff',
    ]);
  });

  it('write booleans as one byte', () => {
    const flags = readArray(binaryArray('boolean', [true, false])!);
    expect([flags.elementType, ...flags.elements.map(hex)]).toEqual([16, '01', '00']);
  });

  it('write an empty list as an array of no dimensions', () => {
    expect(readArray(binaryArray('uuid', [])!)).toEqual({
      dimensions: 0,
      hasNulls: 0,
      elementType: 2950,
      lowerBound: null,
      elements: [],
      rest: 0,
    });
  });

  it('leave to the text form any value PostgreSQL would read otherwise, or refuse', () => {
    expect(binaryArray('uuid', ['{0189a3f2-7c4e-4b1d-9e2f-3a4b5c6d7e8f}'])).toBeNull();
    expect(binaryArray('uuid', ['0189a3f27c4e4b1d9e2f3a4b5c6d7e8f'])).toBeNull();
    expect(binaryArray('uuid', ['not-a-uuid'])).toBeNull();
    expect(binaryArray('integer', [2 ** 31])).toBeNull();
    expect(binaryArray('integer', [1.5])).toBeNull();
    expect(binaryArray('integer', ['7'])).toBeNull();
    expect(binaryArray('bigint', [2 ** 53])).toBeNull();
    expect(binaryArray('boolean', ['true'])).toBeNull();
    expect(binaryArray('numeric', [1.25])).toBeNull();
    expect(binaryArray('text', ['words'])).toBeNull();
  });
});

describe('a parameter as the wire adapters send it', () => {
  it('is text for a single value and null for NULL', () => {
    expect(wireValue('abc', 'uuid')).toBe('abc');
    expect(wireValue(42, 'integer')).toBe('42');
    expect(wireValue(false, null)).toBe('false');
    expect(wireValue(null, 'uuid[]')).toBeNull();
  });

  it('is binary for a list cast to an array type written here, an array literal otherwise', () => {
    expect(wireValue(['a9b8c7d6-0000-4000-8000-000000000001'], 'uuid[]')).toBeInstanceOf(
      Uint8Array,
    );
    expect(wireValue(['1.5', null], 'numeric[]')).toBe('{"1.5",NULL}');
    expect(wireValue(['x'], null)).toBe('{"x"}');
    expect(wireValue(['not-a-uuid'], 'uuid[]')).toBe('{"not-a-uuid"}');
  });
});

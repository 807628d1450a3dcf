// The snapshot reader's own msgpack decoder (FrameDecoder) against msgpackr: on any frame the
// writer's Packr produces it must give msgpackr's value, flat strings and right ASCII flags, or
// give up with UNSUPPORTED (then msgpackr decodes the frame); a cut frame is never accepted.

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPackr, newUnpackr } from '../../src/persistence/snapshot-format.js';
import { FrameDecoder, UNSUPPORTED } from '../../src/persistence/snapshot-reader.js';

/** Byte strings (one char per byte) of the lengths around the decoder's 32-byte and header cut-offs. */
const byteString = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.integer({ min: 0, max: 300 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('', 'a', 'é', '\x80', '\xff'.repeat(33), 'k'.repeat(32), 'k'.repeat(33)),
);

const scalar = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
  fc.constantFrom(
    0,
    127,
    128,
    255,
    256,
    65535,
    65536,
    -32,
    -33,
    -128,
    -129,
    -32769,
    1.5,
    -0,
    1e300,
    2 ** 53 - 1,
  ),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  byteString,
  fc.float64Array({ maxLength: 20 }),
  fc.uint32Array({ maxLength: 10 }),
  fc.bigInt({ min: 2n ** 60n, max: 2n ** 61n }),
);

const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array')),
  array: fc.array(tie('node'), { maxLength: 20 }),
})).node;

const frames = fc.oneof(
  fc
    .tuple(fc.constant(3), fc.nat(15), fc.array(fc.tuple(byteString, byteString), { maxLength: 40 }))
    .map(([kind, db, pairs]) => [kind, db, pairs.map((p) => p[0]), pairs.map((p) => p[1])]),
  fc.tuple(fc.constant(1), fc.nat(15), value),
);

const isAscii = (a: string[]): boolean => a.every((s) => /^[\x00-\x7f]*$/.test(s));

/** The frame as FrameDecoder reads it inside a larger body, or UNSUPPORTED. */
function decode(
  body: Uint8Array,
  start: number,
  end: number,
): { value: unknown; ascii?: boolean[] } | typeof UNSUPPORTED {
  const d = new FrameDecoder(body);
  try {
    const s = d.strings(start, end);
    if (s !== null) return { value: [3, s.db, s.keys, s.values], ascii: [s.keysAscii, s.valuesAscii] };
    return { value: d.frame(start, end) };
  } catch (e) {
    if (e === UNSUPPORTED) return UNSUPPORTED;
    throw e;
  }
}

describe('FrameDecoder', () => {
  const packr = newPackr();
  const unpackr = newUnpackr();

  it('decodes every frame as msgpackr does, or leaves it to msgpackr', () => {
    let decoded = 0;
    fc.assert(
      fc.property(frames, (frame) => {
        const packed = packr.pack(frame) as Buffer;
        const body = Buffer.concat([Buffer.from([1, 2, 3]), packed, Buffer.from([9])]);
        const got = decode(body, 3, 3 + packed.length);
        if (got instanceof Error) return true;
        decoded++;
        expect(isDeepStrictEqual(got.value, unpackr.unpack(packed))).toBe(true);
        if (got.ascii !== undefined) {
          const [, , keys, values] = got.value as [number, number, string[], string[]];
          expect(got.ascii).toEqual([isAscii(keys), isAscii(values)]);
        }
        return true;
      }),
      { numRuns: 400 },
    );
    // Most generated frames are within the subset: the fast path itself was tested.
    expect(decoded).toBeGreaterThan(200);
  });

  it('never accepts a cut frame', () => {
    fc.assert(
      fc.property(frames, fc.nat(), (frame, n) => {
        const packed = packr.pack(frame) as Buffer;
        const cut = 1 + (n % Math.min(packed.length, 64));
        expect(decode(packed, 0, packed.length - cut)).toBe(UNSUPPORTED);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a full strings frame (array16 columns) and flags a non-ASCII value', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `key:${String(i).padStart(12, '0')}`);
    const values = keys.map((k, i) => (i === 999 ? `${k}\xe9` : k));
    const packed = packr.pack([3, 7, keys, values]) as Buffer;
    const s = new FrameDecoder(packed).strings(0, packed.length)!;
    expect(s.db).toBe(7);
    expect(s.keys).toEqual(keys);
    expect(s.values).toEqual(values);
    expect([s.keysAscii, s.valuesAscii]).toEqual([true, false]);
  });
});

// The RESP request decoder (Redis's processInputBuffer rules) and the reply decoder. Byte-exact
// agreement with redis-server is checked over the wire in test/server/protocol.test.ts; here the
// rules one by one, and fast-check properties: any bytes cut into any chunks never throw and
// decode exactly as the same bytes in one piece, and encoded commands and replies round-trip.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  PushReply,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../../src/commands/reply.js';
import { ReplyError } from '../../src/errors.js';
import { ProtocolError, ReplyDecoder, RequestDecoder } from '../../src/resp/decode.js';
import { encodeCommand, encodeReply } from '../../src/resp/encode.js';

type Result = string[] | string; // an argv, or a protocol error's message

/** Every result of decoding `chunks` in order, pushing each chunk then taking what is ready. */
function decodeAll(chunks: readonly Buffer[], authRequired = false): Result[] {
  const d = new RequestDecoder({ authRequired: () => authRequired });
  const out: Result[] = [];
  for (const c of chunks) {
    d.push(c);
    for (let r = d.next(); r !== null; r = d.next()) out.push(r instanceof ProtocolError ? r.message : r);
  }
  return out;
}

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const decode = (s: string, authRequired = false): Result[] => decodeAll([bytes(s)], authRequired);

describe('RequestDecoder multibulk', () => {
  test('decodes commands and leaves partial ones for later', () => {
    const d = new RequestDecoder();
    d.push(bytes('*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPI'));
    expect(d.next()).toEqual(['GET', 'k']);
    expect(d.next()).toBeNull();
    expect(d.buffered).toBe(2); // the parsed `*1` and `$4` lines are gone, as from Redis's querybuf
    d.push(bytes('NG\r\n'));
    expect(d.next()).toEqual(['PING']);
    expect(d.buffered).toBe(0);
  });

  test('arguments are binary safe byte strings', () => {
    const value = '\x00\r\n\xff*$';
    expect(decode(encodeCommand(['SET', 'k', value]))).toEqual([['SET', 'k', value]]);
  });

  test('*0 and negative counts are empty requests', () => {
    expect(decode('*0\r\n*-1\r\n*-9223372036854775808\r\n')).toEqual([[], [], []]);
  });

  test('the byte after a count line \\r and the two after a payload are not checked', () => {
    expect(decode('*1\rX$4\r\nPINGab*1\r\n$1\r\nx\r\n')).toEqual([['PING'], ['x']]);
  });

  test('a large bulk arriving in many chunks is joined once, exactly', () => {
    const big = 'v'.repeat(300_000);
    const wire = bytes(encodeCommand(['SET', 'k', big]));
    const chunks: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 1000) chunks.push(wire.subarray(i, i + 1000));
    expect(decodeAll(chunks)).toEqual([['SET', 'k', big]]);
  });

  // failure cases
  test('count and length errors carry Redis’s messages', () => {
    expect(decode('*abc\r\n')).toEqual(['ERR Protocol error: invalid multibulk length']);
    expect(decode('*2147483648\r\n')).toEqual(['ERR Protocol error: invalid multibulk length']);
    expect(decode('*2147483647\r\n')).toEqual([]); // valid: waits for 2^31-1 arguments
    expect(decode('*-9223372036854775809\r\n')).toEqual(['ERR Protocol error: invalid multibulk length']);
    expect(decode('*01\r\n')).toEqual(['ERR Protocol error: invalid multibulk length']);
    expect(decode('*1\r\n$-1\r\n')).toEqual(['ERR Protocol error: invalid bulk length']);
    expect(decode('*1\r\n$536870913\r\n')).toEqual(['ERR Protocol error: invalid bulk length']);
    expect(decode('*1\r\n:1\r\n')).toEqual(["ERR Protocol error: expected '$', got ':'"]);
  });

  test('proto-max-bulk-len is an option', () => {
    const d = new RequestDecoder({ maxBulkLength: 3 });
    d.push(bytes('*1\r\n$4\r\nPING\r\n'));
    expect((d.next() as ProtocolError).message).toBe('ERR Protocol error: invalid bulk length');
    expect(d.next()).toBeNull(); // dead after an error
  });

  test('count lines and requests without an end are limited to 64 KiB', () => {
    expect(decode(`*1${'1'.repeat(65_534)}`)).toEqual([]); // 65536 bytes: still waiting
    expect(decode(`*1${'1'.repeat(65_535)}`)).toEqual(['ERR Protocol error: too big mbulk count string']);
    expect(decode(`*1\r\n$${'1'.repeat(65_540)}`)).toEqual(['ERR Protocol error: too big bulk count string']);
  });

  test('before authentication: at most 10 arguments of 16 KiB', () => {
    expect(decode(encodeCommand(Array(10).fill('a')), true)).toHaveLength(1);
    expect(decode(encodeCommand(Array(11).fill('a')), true)).toEqual([
      'ERR Protocol error: unauthenticated multibulk length',
    ]);
    expect(decode(encodeCommand(['ECHO', 'x'.repeat(16384)]), true)).toHaveLength(1);
    expect(decode(encodeCommand(['ECHO', 'x'.repeat(16385)]), true)).toEqual([
      'ERR Protocol error: unauthenticated bulk length',
    ]);
  });
});

describe('RequestDecoder inline', () => {
  test('splits like sdssplitargs, with \\r\\n or \\n line ends', () => {
    expect(decode('SET k "a b\\x41"\r\nGET k\nPING \t \r\n')).toEqual([
      ['SET', 'k', 'a bA'],
      ['GET', 'k'],
      ['PING'],
    ]);
    expect(decode("SET k 'it\\'s'\r\n")).toEqual([['SET', 'k', "it's"]]);
  });

  test('empty lines are empty requests', () => {
    expect(decode('\r\n\n   \r\n')).toEqual([[], [], []]);
  });

  test('a NUL hides the line end (strchr), so the request waits', () => {
    expect(decode('PING\x00\r\nPING\r\n')).toEqual([]);
    expect(decode('*1\x00\r\n$4\r\nPING\r\n')).toEqual([]);
  });

  // failure cases
  test('unbalanced quotes and oversized requests', () => {
    expect(decode('SET "a\r\n')).toEqual(['ERR Protocol error: unbalanced quotes in request']);
    expect(decode('SET "a"b\r\n')).toEqual(['ERR Protocol error: unbalanced quotes in request']);
    expect(decode('x'.repeat(65_536))).toEqual([]);
    expect(decode('x'.repeat(65_537))).toEqual(['ERR Protocol error: too big inline request']);
    // A long line is fine when its end is already there.
    expect(decode(`ECHO ${'x'.repeat(70_000)}\r\n`)).toEqual([['ECHO', 'x'.repeat(70_000)]]);
  });
});

/** Bytes biased towards RESP's tokens, so random inputs reach deep into the parser. */
const respish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '*',
        '$',
        '\r',
        '\n',
        '\r\n',
        '"',
        "'",
        '\\',
        ' ',
        '\x00',
        '-',
        '0',
        '1',
        '2',
        '3',
        'x',
        'GET',
      ),
      fc.integer({ min: -3, max: 20 }).map(String),
      fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b)),
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(''));

/** Cut points for a string of length n. */
const chunked = (s: string, cuts: number[]): Buffer[] => {
  const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, s.length]) {
    out.push(bytes(s.slice(prev, p)));
    prev = p;
  }
  return out;
};

describe('RequestDecoder properties', () => {
  test('random bytes in random chunks never throw and decode as in one piece', () => {
    fc.assert(
      fc.property(respish, fc.array(fc.nat(), { maxLength: 30 }), fc.boolean(), (s, cuts, auth) => {
        const whole = decodeAll([bytes(s)], auth);
        expect(decodeAll(chunked(s, cuts), auth)).toEqual(whole);
        // One byte at a time, the most extreme chunking.
        expect(
          decodeAll(
            [...bytes(s)].map((b) => Buffer.from([b])),
            auth,
          ),
        ).toEqual(whole);
      }),
      { numRuns: 3000 },
    );
  });

  test('encoded commands decode to the same argv, however they are chunked', () => {
    const arg = fc.string({
      unit: fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b)),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(arg, { minLength: 1, maxLength: 6 }), { maxLength: 8 }),
        fc.array(fc.nat()),
        (cmds, cuts) => {
          const wire = cmds.map(encodeCommand).join('');
          expect(decodeAll(chunked(wire, cuts))).toEqual(cmds);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('ReplyDecoder', () => {
  const roundTrip = (r: Reply, protocol: 2 | 3): Reply[] => {
    const d = new ReplyDecoder();
    const out: Reply[] = [];
    for (const b of bytes(encodeReply(r, protocol))) {
      d.push(Buffer.from([b]));
      for (let x = d.next(); x !== undefined; x = d.next()) out.push(x);
    }
    return out;
  };

  test('RESP3 types decode to the Reply classes, one byte at a time', () => {
    const reply: Reply = [
      'bulk\r\n',
      42,
      -7n,
      null,
      new StatusReply('OK'),
      new ReplyError('ERR nope'),
      new DoubleReply(1.5, '1.5'),
      new MapReply(['k', 1]),
      new SetReply(['a']),
      new VerbatimReply('txt', 'hello'),
      [],
    ];
    const [got] = roundTrip(reply, 3) as [Reply[]];
    expect(got).toEqual([
      'bulk\r\n',
      42,
      -7,
      null,
      new StatusReply('OK'),
      new ReplyError('ERR nope'),
      new DoubleReply(1.5, '1.5'),
      new MapReply(['k', 1]),
      new SetReply(['a']),
      new VerbatimReply('txt', 'hello'),
      [],
    ]);
    expect(roundTrip(NULL_ARRAY, 2)).toEqual([NULL_ARRAY]);
    expect(roundTrip(new PushReply([['message', 'c', 'm']]), 3)).toEqual([
      new PushReply([['message', 'c', 'm']]),
    ]);
    expect(roundTrip(12345678901234567890n, 2)).toEqual([12345678901234567890n]);
  });

  // failure cases
  test('a malformed stream throws', () => {
    const d = new ReplyDecoder();
    d.push(bytes('?what\r\n'));
    expect(() => d.next()).toThrow(/unexpected type byte/);
  });
});

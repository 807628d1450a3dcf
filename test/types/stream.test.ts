import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyError } from '../../src/errors.js';
import {
  type ConsumerGroup,
  DEFAULT_STREAM_NODE_LIMITS,
  defaultApproxTrimLimit,
  INVALID_ENTRIES_READ,
  Nack,
  PendingList,
  Stream,
  type StreamNodeLimits,
  XSETID_ENTRIES_ADDED_TOO_SMALL,
  XSETID_TOO_SMALL,
} from '../../src/types/stream.js';
import {
  checkXAddIdNotZero,
  compareIds,
  decrId,
  ELEMENTS_TOO_LARGE,
  formatId,
  INVALID_END_ID,
  INVALID_START_ID,
  INVALID_STREAM_ID,
  incrId,
  isZeroId,
  MAX_ID,
  MAX_PART,
  MIN_ID,
  nextXAddId,
  parseId,
  parseRangeBound,
  parseStrictId,
  parseXAddId,
  STREAM_EXHAUSTED,
  type StreamId,
  streamId,
  tryParseStrictId,
  XADD_ID_TOO_SMALL,
  XADD_ID_ZERO,
} from '../../src/types/stream-id.js';

/** The error text `fn` throws as a ReplyError. */
function replyError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReplyError) return e.message;
    throw e;
  }
  throw new Error('expected a ReplyError');
}

const TWO_64 = 18446744073709551616n;
/** An ID as one 128-bit number, the order Redis compares in. */
const key128 = (id: StreamId): bigint => BigInt(id.ms) * TWO_64 + BigInt(id.seq);
const fromKey = (k: bigint): StreamId => streamId(k / TWO_64, k % TWO_64);
const ids = (s: Stream, start = MIN_ID, end = MAX_ID, count = Number.POSITIVE_INFINITY, reverse = false) =>
  s.range(start, end, count, reverse).map((e) => formatId(e.id));

describe('stream IDs: parse and format', () => {
  it('parses <ms>-<seq>, and a bare <ms> with the sequence the context gives', () => {
    expect(parseId('1526919030474-55')).toEqual({ ms: 1526919030474, seq: 55 });
    expect(parseId('5')).toEqual({ ms: 5, seq: 0 });
    expect(parseId('5', MAX_PART)).toEqual({ ms: 5, seq: MAX_PART });
    expect(parseRangeBound('5', 'start')).toEqual({ ms: 5, seq: 0 });
    expect(parseRangeBound('5', 'end')).toEqual({ ms: 5, seq: MAX_PART });
  });

  it('formats 0-0 and the maximum ID exactly', () => {
    expect(formatId(parseId('0-0'))).toBe('0-0');
    expect(formatId(MIN_ID)).toBe('0-0');
    const max = parseId('18446744073709551615-18446744073709551615');
    expect(max).toEqual(MAX_ID);
    expect(formatId(max)).toBe('18446744073709551615-18446744073709551615');
  });

  it('formats every part as its decimal text (the split fast path for large numbers included)', () => {
    const edges = [0, 9, 0x3fffffff, 0x40000000, 99999999, 100000000, 100000001, 1e12, 1e13 - 1, 2 ** 53 - 1];
    for (const ms of edges) expect(formatId(streamId(ms, ms))).toBe(`${ms}-${ms}`);
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (ms, seq) => {
        expect(formatId(streamId(ms, seq))).toBe(`${ms}-${seq}`);
        // Twice: the second call takes the one-entry cache.
        expect(formatId(streamId(ms, seq))).toBe(`${ms}-${seq}`);
      }),
      { numRuns: 2000 },
    );
    // Through the stream's own formatting of stored IDs (cursor idString).
    const s = new Stream();
    const ids = [streamId(1700000000000, 0), streamId(1700000000000, 7), streamId(1800000000123, 2 ** 40)];
    for (const id of ids) s.add(id, ['f', 'v']);
    const c = s.cursor();
    const seen: string[] = [];
    while (c.next()) seen.push(c.idString());
    expect(seen).toEqual(ids.map((id) => `${id.ms}-${id.seq}`));
  });

  it('keeps parts below 2^53 as numbers and from 2^53 up as bigints (canonical, so === is equality)', () => {
    expect(parseId('9007199254740991-0').ms).toBe(9007199254740991);
    expect(parseId('9007199254740992-0').ms).toBe(9007199254740992n);
    expect(streamId(9007199254740992n, 3)).toEqual(parseId('9007199254740992-3'));
    expect(streamId(5n, 7n)).toEqual({ ms: 5, seq: 7 });
    expect(() => streamId(-1, 0)).toThrow(RangeError);
    expect(() => streamId(TWO_64, 0)).toThrow(RangeError);
  });

  it('- and + are the minimum and maximum, and invalid where the ID must be strict', () => {
    expect(parseId('-')).toBe(MIN_ID);
    expect(parseId('+')).toBe(MAX_ID);
    expect(replyError(() => parseStrictId('-'))).toBe(INVALID_STREAM_ID);
    expect(replyError(() => parseStrictId('+'))).toBe(INVALID_STREAM_ID);
    expect(tryParseStrictId('+')).toBeNull();
    expect(tryParseStrictId('JUSTID')).toBeNull();
    expect(tryParseStrictId('3-4')).toEqual({ ms: 3, seq: 4 });
  });

  it('rejects overflowing halves', () => {
    expect(replyError(() => parseId('18446744073709551616-0'))).toBe(INVALID_STREAM_ID);
    expect(replyError(() => parseId('0-18446744073709551616'))).toBe(INVALID_STREAM_ID);
    expect(replyError(() => parseId('99999999999999999999999-0'))).toBe(INVALID_STREAM_ID);
  });

  // Each case checked against redis-server 7.0.15 (XADD q <arg> f v): string2ll first, then strtoull.
  it.each([
    [' 5-1', '5-1'],
    ['+6-1', '6-1'],
    ['007-1', '7-1'],
    ['8--01', '8-18446744073709551615'],
    ['9- 3', '9-3'],
    ['10-+3', '10-3'],
    ['11--0', '11-0'],
    ['15--18446744073709551615', '15-1'],
    ['19--9223372036854775809', '19-9223372036854775807'],
  ])('accepts %j as Redis does (%s)', (arg, expected) => {
    expect(formatId(parseStrictId(arg))).toBe(expected);
  });

  it.each([
    '12-',
    '-13',
    '1--5',
    '14-18446744073709551616',
    '16-0x1',
    '',
    '17 ',
    '20--9223372036854775808',
    '1.5',
    'abc',
    '1-2-3',
  ])('rejects %j with the Redis error', (arg) => {
    expect(replyError(() => parseStrictId(arg))).toBe(INVALID_STREAM_ID);
  });

  it('refuses arguments over 127 bytes and reads up to a NUL byte, as Redis copies into a C buffer', () => {
    expect(replyError(() => parseId(`${'0'.repeat(127)}1`))).toBe(INVALID_STREAM_ID);
    expect(parseId(`${'0'.repeat(126)}1`)).toEqual({ ms: 1, seq: 0 });
    expect(parseId('5\0junk')).toEqual({ ms: 5, seq: 0 });
  });

  it('format(parse(format(id))) is the identity over the whole 128-bit range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_PART }), fc.bigInt({ min: 0n, max: MAX_PART }), (ms, seq) => {
        const id = streamId(ms, seq);
        const text = formatId(id);
        expect(text).toBe(`${ms}-${seq}`);
        expect(parseId(text)).toEqual(id);
      }),
    );
  });
});

describe('stream IDs: compare, increment, decrement', () => {
  const part = fc.oneof(
    fc.integer({ min: 0, max: 20 }),
    fc.constantFrom(9007199254740990, 9007199254740991),
    fc.constantFrom(9007199254740992n, MAX_PART - 1n, MAX_PART),
    fc.bigInt({ min: 0n, max: MAX_PART }),
  );
  const anyId = fc.tuple(part, part).map(([ms, seq]) => streamId(ms, seq));

  it('compareIds orders as the 128-bit number ms * 2^64 + seq', () => {
    fc.assert(
      fc.property(anyId, anyId, (a, b) => {
        const ka = key128(a);
        const kb = key128(b);
        expect(compareIds(a, b)).toBe(ka < kb ? -1 : ka > kb ? 1 : 0);
      }),
    );
  });

  it('incrId and decrId step by one across the seq carry and the 2^53 boundary', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const k = key128(id);
        const up = incrId(id);
        const down = decrId(id);
        if (k === TWO_64 * TWO_64 - 1n) expect(up).toBeNull();
        else expect(up).toEqual(fromKey(k + 1n));
        if (k === 0n) expect(down).toBeNull();
        else expect(down).toEqual(fromKey(k - 1n));
      }),
    );
    expect(incrId(streamId(1, 9007199254740991))).toEqual({ ms: 1, seq: 9007199254740992n });
    expect(decrId(streamId(1, 9007199254740992n))).toEqual({ ms: 1, seq: 9007199254740991 });
    expect(incrId(streamId(7, MAX_PART))).toEqual({ ms: 8, seq: 0 });
    expect(decrId(streamId(7, 0))).toEqual({ ms: 6, seq: MAX_PART });
    expect(incrId(MAX_ID)).toBeNull();
    expect(decrId(MIN_ID)).toBeNull();
  });

  it('exclusive range bounds move to the next / previous ID, with Redis errors at the edges', () => {
    expect(parseRangeBound('(5', 'start')).toEqual({ ms: 5, seq: 1 });
    // An incomplete end gets sequence 2^64-1 before the decrement, so XRANGE s - (5 still
    // includes 5-0 (checked against redis-server 7.0.15).
    expect(parseRangeBound('(5', 'end')).toEqual({ ms: 5, seq: MAX_PART - 1n });
    expect(parseRangeBound('(5-0', 'end')).toEqual({ ms: 4, seq: MAX_PART });
    expect(parseRangeBound('(5-3', 'end')).toEqual({ ms: 5, seq: 2 });
    expect(replyError(() => parseRangeBound('(18446744073709551615-18446744073709551615', 'start'))).toBe(
      INVALID_START_ID,
    );
    expect(replyError(() => parseRangeBound('(0-0', 'end'))).toBe(INVALID_END_ID);
    expect(replyError(() => parseRangeBound('(-', 'start'))).toBe(INVALID_STREAM_ID);
    expect(replyError(() => parseRangeBound('(+', 'end'))).toBe(INVALID_STREAM_ID);
    expect(replyError(() => parseRangeBound('(', 'start'))).toBe(INVALID_STREAM_ID);
  });
});

describe('XADD ID generation', () => {
  const auto = parseXAddId('*');

  it('* takes the clock with sequence 0, or the last ID + 1 while the clock has not passed it', () => {
    expect(nextXAddId(MIN_ID, auto, 1000)).toEqual({ ms: 1000, seq: 0 });
    expect(nextXAddId(streamId(1000, 0), auto, 1000)).toEqual({ ms: 1000, seq: 1 });
    expect(nextXAddId(streamId(2000, 5), auto, 1000)).toEqual({ ms: 2000, seq: 6 });
    expect(nextXAddId(streamId(2000, MAX_PART), auto, 1000)).toEqual({ ms: 2001, seq: 0 });
  });

  it('<ms>-* continues the sequence of the same ms, else starts at 0 (XADD 0-* gives 0-1)', () => {
    expect(nextXAddId(streamId(123, 456), parseXAddId('123-*'), 0)).toEqual({ ms: 123, seq: 457 });
    expect(nextXAddId(streamId(123, 456), parseXAddId('789-*'), 0)).toEqual({ ms: 789, seq: 0 });
    expect(nextXAddId(MIN_ID, parseXAddId('0-*'), 0)).toEqual({ ms: 0, seq: 1 });
    expect(replyError(() => nextXAddId(streamId(123, 456), parseXAddId('42-*'), 0))).toBe(XADD_ID_TOO_SMALL);
  });

  it('an explicit ID must be above the last one; a bare <ms> means <ms>-0', () => {
    expect(nextXAddId(streamId(5, 0), parseXAddId('5-1'), 0)).toEqual({ ms: 5, seq: 1 });
    expect(nextXAddId(streamId(5, 0), parseXAddId('6'), 0)).toEqual({ ms: 6, seq: 0 });
    expect(replyError(() => nextXAddId(streamId(5, 0), parseXAddId('5-0'), 0))).toBe(XADD_ID_TOO_SMALL);
    expect(replyError(() => nextXAddId(streamId(5, 0), parseXAddId('4-9'), 0))).toBe(XADD_ID_TOO_SMALL);
  });

  it('errors as Redis 7.0.15: exhausted stream, 0-0, and the ms-* sequence overflow quirk', () => {
    expect(replyError(() => nextXAddId(MAX_ID, auto, 0))).toBe(STREAM_EXHAUSTED);
    expect(replyError(() => nextXAddId(MAX_ID, parseXAddId('1-1'), 0))).toBe(STREAM_EXHAUSTED);
    // xadd mystream 1-18446744073709551615 a b; xadd mystream 1-* c d (errno is not EDOM there)
    expect(replyError(() => nextXAddId(streamId(1, MAX_PART), parseXAddId('1-*'), 0))).toBe(
      ELEMENTS_TOO_LARGE,
    );
    expect(replyError(() => checkXAddIdNotZero(parseXAddId('0-0')))).toBe(XADD_ID_ZERO);
    expect(replyError(() => checkXAddIdNotZero(parseXAddId('0')))).toBe(XADD_ID_ZERO);
    checkXAddIdNotZero(parseXAddId('0-*'));
    checkXAddIdNotZero(auto);
    expect(replyError(() => parseXAddId('+'))).toBe(INVALID_STREAM_ID);
    expect(replyError(() => parseXAddId('-'))).toBe(INVALID_STREAM_ID);
    expect(replyError(() => parseXAddId('1-**'))).toBe(INVALID_STREAM_ID);
  });

  it('XADD on a stream at 18446744073709551615-18446744073709551615 reports exhaustion', () => {
    const s = new Stream();
    s.addWithIdArg(parseXAddId('18446744073709551615-18446744073709551615'), ['a', 'b'], 0);
    expect(replyError(() => s.addWithIdArg(auto, ['c', 'd'], 0))).toBe(STREAM_EXHAUSTED);
    expect(ids(s)).toEqual(['18446744073709551615-18446744073709551615']);
    s.checkValid();
  });
});

// ---------------------------------------------------------------------------------------------
// The stream against a plain sorted array

interface ModelEntry {
  key: bigint;
  id: StreamId;
  fields: string[];
}

/** The reference: entries in a sorted array and Redis's metadata rules written out plainly. */
class Model {
  entries: ModelEntry[] = [];
  lastId: StreamId = MIN_ID;
  firstId: StreamId = MIN_ID;
  maxDeleted: StreamId = MIN_ID;
  added = 0;

  add(id: StreamId, fields: string[]): void {
    this.entries.push({ key: key128(id), id, fields });
    this.lastId = id;
    this.added++;
    if (this.entries.length === 1) this.firstId = id;
  }

  delete(id: StreamId): boolean {
    const k = key128(id);
    const i = this.entries.findIndex((e) => e.key === k);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    if (k > key128(this.maxDeleted)) this.maxDeleted = id;
    this.syncFirst();
    return true;
  }

  /** Drops the n oldest entries. */
  dropOldest(n: number): void {
    this.entries.splice(0, n);
    this.syncFirst();
  }

  syncFirst(): void {
    this.firstId = this.entries.length === 0 ? MIN_ID : this.entries[0]!.id;
  }

  range(start: StreamId, end: StreamId, count: number, reverse: boolean): string[] {
    const s = key128(start);
    const e = key128(end);
    let r = this.entries.filter((x) => x.key >= s && x.key <= e);
    if (reverse) r = r.reverse();
    return r.slice(0, count).map((x) => formatId(x.id));
  }
}

type Op =
  | {
      t: 'add';
      gap: number;
      form: 'auto' | 'ms-*' | 'explicit' | 'stale';
      seq: number;
      shape: number;
      v: number;
    }
  | { t: 'del'; pick: number; exists: boolean }
  | { t: 'maxlen'; maxlen: number; approx: boolean; limit: number }
  | { t: 'minid'; pick: number; approx: boolean; limit: number }
  | { t: 'range'; a: number; b: number; count: number; reverse: boolean; exclusive: boolean }
  | { t: 'get'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('add' as const),
      gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.constant(2 ** 33)),
      form: fc.constantFrom('auto' as const, 'ms-*' as const, 'explicit' as const, 'stale' as const),
      seq: fc.integer({ min: 0, max: 5 }),
      shape: fc.integer({ min: 0, max: 3 }),
      v: fc.integer({ min: -200, max: 100000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('del' as const), pick: fc.nat(), exists: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('maxlen' as const),
      maxlen: fc.nat(40),
      approx: fc.boolean(),
      limit: fc.oneof(fc.constant(0), fc.nat(30)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('minid' as const),
      pick: fc.nat(),
      approx: fc.boolean(),
      limit: fc.oneof(fc.constant(0), fc.nat(30)),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('range' as const),
      a: fc.nat(),
      b: fc.nat(),
      count: fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.nat(6)),
      reverse: fc.boolean(),
      exclusive: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('get' as const), pick: fc.nat() }) },
);

const limitsArb: fc.Arbitrary<StreamNodeLimits> = fc.oneof(
  fc.constant({ ...DEFAULT_STREAM_NODE_LIMITS }),
  fc.record({ maxBytes: fc.constantFrom(0, 40, 120, 400), maxEntries: fc.integer({ min: 0, max: 6 }) }),
);

/** Field lists of a few shapes: same fields as the master, other fields, integers, long strings. */
function fieldsFor(shape: number, v: number): string[] {
  switch (shape) {
    case 0:
      return ['user', `u${v}`, 'action', 'click', 'ts', String(1700000000000 + v)];
    case 1:
      return ['a', String(v)];
    case 2:
      return ['b', 'x'.repeat(Math.abs(v) % 70), 'c', String(-v)];
    default:
      return ['user', String(v), 'action', 'view', 'ts', ''];
  }
}

/** Some ID near the stream's entries: an existing one, or one between or around them. */
function pickId(model: Model, pick: number): StreamId {
  const es = model.entries;
  if (es.length > 0 && pick % 3 !== 0) return es[pick % es.length]!.id;
  const top = key128(model.lastId) + 3n;
  return fromKey(BigInt(pick) % (top + 1n));
}

function checkSame(s: Stream, m: Model): void {
  s.checkValid();
  expect(s.length).toBe(m.entries.length);
  expect(formatId(s.lastId)).toBe(formatId(m.lastId));
  expect(formatId(s.firstId)).toBe(formatId(m.firstId));
  expect(formatId(s.maxDeletedEntryId)).toBe(formatId(m.maxDeleted));
  expect(s.entriesAdded).toBe(m.added);
  const all = s.range();
  expect(all.map((e) => formatId(e.id))).toEqual(m.entries.map((e) => formatId(e.id)));
  expect(all.map((e) => e.fields)).toEqual(m.entries.map((e) => e.fields));
}

function runOps(limits: StreamNodeLimits, ops: Op[]): void {
  const s = new Stream(limits);
  const m = new Model();
  let clock = 1000;
  for (const op of ops) {
    switch (op.t) {
      case 'add': {
        clock += op.gap;
        const fields = fieldsFor(op.shape, op.v);
        const last = m.lastId;
        let arg = '*';
        if (op.form === 'ms-*') arg = `${clock}-*`;
        else if (op.form === 'explicit') arg = `${clock}-${op.seq}`;
        else if (op.form === 'stale') arg = formatId(last);
        let expected: StreamId | string;
        try {
          expected = nextXAddId(last, parseXAddId(arg), clock);
        } catch (e) {
          expected = (e as Error).message;
        }
        let got: StreamId | string;
        try {
          got = s.addWithIdArg(parseXAddId(arg), fields, clock);
        } catch (e) {
          got = (e as Error).message;
        }
        expect(got).toEqual(expected);
        if (typeof expected !== 'string') {
          expect(key128(expected) > key128(last)).toBe(true);
          m.add(expected, fields);
        }
        break;
      }
      case 'del': {
        const id =
          op.exists && m.entries.length > 0 ? m.entries[op.pick % m.entries.length]!.id : pickId(m, op.pick);
        expect(s.delete(id)).toBe(m.delete(id));
        break;
      }
      case 'maxlen': {
        const exact = Math.max(0, m.entries.length - op.maxlen);
        const removed = s.trimMaxLen(op.maxlen, op.approx, op.limit);
        if (!op.approx && op.limit === 0) expect(removed).toBe(exact);
        expect(removed).toBeLessThanOrEqual(exact);
        if (op.limit > 0) expect(removed).toBeLessThanOrEqual(op.limit);
        m.dropOldest(removed);
        break;
      }
      case 'minid': {
        const minid = pickId(m, op.pick);
        const below = m.entries.filter((e) => e.key < key128(minid)).length;
        const removed = s.trimMinId(minid, op.approx, op.limit);
        if (!op.approx && op.limit === 0) expect(removed).toBe(below);
        expect(removed).toBeLessThanOrEqual(below);
        if (op.limit > 0) expect(removed).toBeLessThanOrEqual(op.limit);
        m.dropOldest(removed);
        break;
      }
      case 'range': {
        let start = pickId(m, op.a);
        let end = pickId(m, op.b);
        if (op.exclusive) {
          start = incrId(start) ?? start;
          end = decrId(end) ?? end;
        }
        expect(ids(s, start, end, op.count, op.reverse)).toEqual(m.range(start, end, op.count, op.reverse));
        // The cursor's ID strings match formatId.
        const c = s.cursor(start, end, op.reverse);
        const viaCursor: string[] = [];
        while (c.next()) {
          expect(c.idString()).toBe(formatId(c.id));
          expect(c.pairCount() * 2).toBe(c.fields().length);
          viaCursor.push(c.idString());
        }
        expect(viaCursor).toEqual(m.range(start, end, Number.POSITIVE_INFINITY, op.reverse));
        break;
      }
      case 'get': {
        const id = pickId(m, op.pick);
        const e = m.entries.find((x) => x.key === key128(id));
        expect(s.get(id)).toEqual(e?.fields);
        expect(s.has(id)).toBe(e !== undefined);
        break;
      }
    }
    checkSame(s, m);
  }
  const copy = s.clone();
  copy.checkValid();
  checkSame(copy, m);
}

describe('Stream against a sorted-array model', () => {
  it('random XADD / XDEL / XTRIM / XRANGE / XREVRANGE keep the same entries and metadata', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(opArb, { maxLength: 120 }), (limits, ops) => runOps(limits, ops)),
      { numRuns: 300 },
    );
  });

  it('long runs with small nodes (node removal, sealing, trimming across many nodes)', () => {
    fc.assert(
      fc.property(
        fc.record({ maxBytes: fc.constantFrom(0, 200), maxEntries: fc.integer({ min: 1, max: 4 }) }),
        fc.array(opArb, { minLength: 200, maxLength: 400 }),
        (limits, ops) => runOps(limits, ops),
      ),
      { numRuns: 40 },
    );
  });
});

describe('Stream: node layout and trimming exactly as Redis 7.0.15', () => {
  // Recorded from redis-server 7.0.15: the entries below XADDed one by one, then
  // XINFO STREAM radix-tree-keys, then each XTRIM in turn with its reply, XLEN and
  // radix-tree-keys. Node cuts come from stream-node-max-bytes (listpack bytes) and
  // stream-node-max-entries, so these pin the listpack byte accounting.
  const pad = (i: number) => String(i).padStart(15, '0');
  const scenarios: {
    name: string;
    n: number;
    id: (i: number) => string;
    fields: (i: number) => string[];
    limits?: StreamNodeLimits;
    nodes: number;
    trims: [string[], number, number, number][];
  }[] = [
    {
      name: 'events (user, action, ts)',
      n: 1000,
      id: (i) => `${1000 + (i >> 2)}-${i & 3}`,
      fields: (i) => ['user', `u${pad(i)}`, 'action', 'click', 'ts', String(1700000000000 + i * 7)],
      nodes: 11,
      trims: [
        [['MAXLEN', '~', '700'], 279, 721, 8],
        [['MINID', '~', '1125-0'], 184, 537, 6],
        [['MAXLEN', '~', '0', 'LIMIT', '100'], 92, 445, 5],
        [['MAXLEN', '=', '250'], 195, 250, 3],
        [['MINID', '=', '1248-3'], 245, 5, 1],
      ],
    },
    {
      name: 'big values (cut by bytes)',
      n: 300,
      id: (i) => `${i + 1}-0`,
      fields: (i) => ['f', 'x'.repeat(200 + (i % 7))],
      nodes: 16,
      trims: [
        [['MAXLEN', '~', '210'], 76, 224, 12],
        [['MINID', '~', '151-0'], 56, 168, 9],
        [['MAXLEN', '~', '0', 'LIMIT', '30'], 19, 149, 8],
        [['MAXLEN', '=', '75'], 74, 75, 5],
        [['MINID', '=', '296-0'], 70, 5, 1],
      ],
    },
    {
      name: 'mixed fields, negative and large integers',
      n: 500,
      id: (i) => `${5 + i * 1000003}-${i * 77}`,
      fields: (i) =>
        i % 3 === 0
          ? ['a', String(i)]
          : i % 3 === 1
            ? ['b', `v${i}`, 'c', String(-i * 1000)]
            : ['a', String(i * 100000)],
      nodes: 5,
      trims: [
        [['MAXLEN', '~', '350'], 100, 400, 4],
        [['MINID', '~', '250000755-19250'], 100, 300, 3],
        [['MAXLEN', '~', '0', 'LIMIT', '50'], 0, 300, 3],
        [['MAXLEN', '=', '125'], 175, 125, 2],
        [['MINID', '=', '495001490-38115'], 120, 5, 1],
      ],
    },
    {
      name: 'IDs beyond 2^53 (9-byte deltas)',
      n: 200,
      id: (i) => `${9007199254740900n + BigInt(i) * 90000000000000000n}-${i * i * 1000}`,
      fields: (i) => ['k', `v${i}`],
      nodes: 2,
      trims: [
        [['MAXLEN', '~', '140'], 0, 200, 2],
        [['MINID', '~', '9009007199254740900-10000000'], 100, 100, 1],
        [['MAXLEN', '~', '0', 'LIMIT', '20'], 0, 100, 1],
        [['MAXLEN', '=', '50'], 50, 50, 1],
        [['MINID', '=', '17559007199254740900-38025000'], 45, 5, 1],
      ],
    },
    {
      name: 'stream-node-max-entries 10, no byte limit',
      n: 95,
      id: (i) => `${i + 1}-${i}`,
      fields: (i) => ['k', String(i)],
      limits: { maxBytes: 0, maxEntries: 10 },
      nodes: 10,
      trims: [
        [['MAXLEN', '~', '66'], 20, 75, 8],
        [['MINID', '~', '48-47'], 20, 55, 6],
        [['MAXLEN', '~', '0', 'LIMIT', '9'], 0, 55, 6],
        [['MAXLEN', '=', '23'], 32, 23, 3],
        [['MINID', '=', '91-90'], 18, 5, 1],
      ],
    },
  ];

  for (const sc of scenarios) {
    it(`XTRIM MAXLEN/MINID ~ and = on ${sc.name}`, () => {
      const limits = sc.limits ?? DEFAULT_STREAM_NODE_LIMITS;
      const s = new Stream(limits);
      for (let i = 0; i < sc.n; i++) s.add(parseStrictId(sc.id(i)), sc.fields(i));
      s.checkValid();
      expect(s.nodeCount).toBe(sc.nodes);
      for (const [args, removed, length, nodes] of sc.trims) {
        const [strategy, mode, arg, , limitArg] = args;
        const approx = mode === '~';
        const limit =
          limitArg !== undefined ? Number(limitArg) : approx ? defaultApproxTrimLimit(limits.maxEntries) : 0;
        const got =
          strategy === 'MAXLEN'
            ? s.trimMaxLen(Number(arg), approx, limit)
            : s.trimMinId(parseStrictId(arg!), approx, limit);
        expect([args.join(' '), got, s.length, s.nodeCount]).toEqual([
          args.join(' '),
          removed,
          length,
          nodes,
        ]);
        s.checkValid();
      }
    });
  }

  it('the LIMIT default for ~ is 100 nodes of stream-node-max-entries, clamped', () => {
    expect(defaultApproxTrimLimit(100)).toBe(10000);
    expect(defaultApproxTrimLimit(0)).toBe(10000);
    expect(defaultApproxTrimLimit(7)).toBe(700);
    expect(defaultApproxTrimLimit(1e9)).toBe(1000000);
  });

  it('an emptied tail node goes, and the node before it is reopened for appends', () => {
    // redis-server 7.0.15: CONFIG SET stream-node-max-entries 3; XADD s 1-0..7-0 f v → 3 nodes;
    // XDEL s 7-0 → 2; CONFIG SET stream-node-max-entries 10; XADD 8-0..10-0 → 2 nodes;
    // XTRIM s MAXLEN ~ 4 → 3, XLEN 6.
    const limits = { maxBytes: 4096, maxEntries: 3 };
    const s = new Stream(limits);
    for (let i = 1; i <= 7; i++) s.add(streamId(i, 0), ['f', `v${i}`]);
    expect(s.nodeCount).toBe(3);
    expect(s.delete(streamId(7, 0))).toBe(true);
    expect(s.nodeCount).toBe(2);
    limits.maxEntries = 10;
    for (let i = 8; i <= 10; i++) s.add(streamId(i, 0), ['f', `v${i}`]);
    expect(s.nodeCount).toBe(2);
    s.checkValid();
    expect(s.trimMaxLen(4, true, defaultApproxTrimLimit(10))).toBe(3);
    expect(ids(s)).toEqual(['4-0', '5-0', '6-0', '8-0', '9-0', '10-0']);
    expect(s.get(streamId(9, 0))).toEqual(['f', 'v9']);
    s.checkValid();
  });

  it('an exact MINID trim may leave a node of tombstones only, which a later trim removes', () => {
    const s = new Stream({ maxBytes: 0, maxEntries: 4 });
    for (let i = 1; i <= 6; i++) s.add(streamId(i, 0), ['f', String(i)]);
    s.delete(streamId(4, 0));
    // Node 1 is [1, 2, 3, 4(deleted)]: its last ID 4-0 is not below 4-0, so it stays, emptied.
    expect(s.trimMinId(streamId(4, 0))).toBe(3);
    expect(s.nodeCount).toBe(2);
    expect(ids(s)).toEqual(['5-0', '6-0']);
    expect(formatId(s.firstId)).toBe('5-0');
    s.checkValid();
    expect(s.trimMaxLen(1)).toBe(1);
    expect(s.nodeCount).toBe(1);
    expect(ids(s)).toEqual(['6-0']);
    s.checkValid();
  });
});

describe('Stream: listpack byte accounting as Redis 7.0.15', () => {
  // Recorded from redis-server 7.0.15 with stream-node-max-entries 0: after XADDing the entries,
  // the smallest stream-node-max-bytes at which a probe XADD of `p q` (2 bytes) still joins the
  // same node is lpBytes + 2 + 1 (streamAppendItem cuts when lpBytes + fields' bytes >= the limit).
  // That gives Redis's exact listpack size for each integer / string encoding boundary and each
  // ID delta width; the same search is run here against Stream.
  type Entries = [string, string[]][];
  const lpBytes = (entries: Entries): number => {
    const oneNode = (maxBytes: number) => {
      const s = new Stream({ maxBytes, maxEntries: 0 });
      for (const [id, fields] of entries) s.add(parseStrictId(id), fields);
      s.add(MAX_ID, ['p', 'q']);
      return s.nodeCount === 1;
    };
    let lo = 8;
    let hi = 200000;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (oneNode(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo - 3;
  };
  const intValues: [string, number][] = [
    ['0', 28],
    ['127', 28],
    ['128', 29],
    ['-1', 29],
    ['4095', 29],
    ['4096', 30],
    ['-4096', 29],
    ['-4097', 30],
    ['32767', 30],
    ['32768', 31],
    ['-32768', 30],
    ['-32769', 31],
    ['8388607', 31],
    ['8388608', 32],
    ['-8388608', 31],
    ['-8388609', 32],
    ['2147483647', 32],
    ['2147483648', 36],
    ['-2147483648', 32],
    ['-2147483649', 36],
    ['9223372036854775807', 36],
    ['9223372036854775808', 47],
    ['-9223372036854775808', 36],
    ['-9223372036854775809', 48],
    ['01', 30],
    ['-0', 30],
    ['+1', 30],
    ['12345678901234567890', 48],
    ['-1234567890123456789', 36],
    ['', 28],
  ];
  const stringLengths: [number, number][] = [
    [62, 90],
    [63, 91],
    [64, 93],
    [125, 154],
    [126, 156],
    [127, 157],
    [128, 158],
    [4094, 4124],
    [4095, 4125],
    [4096, 4129],
    [16377, 16410],
    [16378, 16412],
    [16379, 16413],
  ];
  const secondIds: [string, number][] = [
    ['2-0', 39],
    ['129-0', 40],
    ['130-0', 40],
    ['4097-0', 41],
    ['4098-0', 41],
    ['32769-0', 42],
    ['32770-0', 42],
    ['8388609-0', 43],
    ['8388610-0', 43],
    ['2147483649-0', 47],
    ['2147483650-0', 47],
    ['9007199254740994-0', 47],
    ['9223372036854775809-0', 47],
    ['9223372036854775810-0', 47],
    ['18446744073709551615-0', 40],
    ['1-9', 38],
    ['1-18446744073709551615', 39],
    ['1-9223372036854775813', 46],
    ['1-132', 38],
    ['1-133', 39],
  ];

  it.each(
    intValues,
  )('a value %j (integer encodings and their limits) takes Redis’s bytes: %i', (v, bytes) => {
    expect(lpBytes([['1-0', ['v', v]]])).toBe(bytes);
  });

  it.each(stringLengths)('a %i-byte string value (header and backlen widths): %i', (n, bytes) => {
    expect(lpBytes([['1-0', ['v', 'x'.repeat(n)]]])).toBe(bytes);
  });

  it('field names are encoded like values (integers too)', () => {
    expect([
      lpBytes([['1-0', ['1', 'a']]]),
      lpBytes([['1-0', ['-5', 'a']]]),
      lpBytes([['1-0', ['x'.repeat(70), 'a']]]),
    ]).toEqual([28, 29, 99]);
  });

  it.each(secondIds)('entry %s after 1-5 (ms and seq deltas, int64 wrap-around): %i', (id, bytes) => {
    expect(
      lpBytes([
        ['1-5', ['v', '1']],
        [id, ['v', '1']],
      ]),
    ).toBe(bytes);
  });

  it('entries with other fields than the master store them; same-field entries do not', () => {
    expect(
      lpBytes([
        ['1-0', ['v', '1']],
        ['2-0', ['w', '1', 'x', '2']],
        ['3-0', ['v', '2']],
      ]),
    ).toBe(58);
    expect(
      lpBytes([
        ['1-0', ['a', '1', 'b', 'x']],
        ['2-0', ['a', '2', 'b', 'y']],
        ['3-0', ['a', '3', 'b', 'z']],
      ]),
    ).toBe(60);
  });
});

describe('Stream: XDEL, XSETID and edge IDs', () => {
  it('XDEL keeps recorded-first-entry-id and max-deleted-entry-id as Redis does', () => {
    const s = new Stream();
    for (let i = 1; i <= 5; i++) s.add(streamId(i, 0), ['data', String(i)]);
    expect(s.delete(streamId(3, 0))).toBe(true);
    expect(s.delete(streamId(3, 0))).toBe(false);
    expect(formatId(s.maxDeletedEntryId)).toBe('3-0');
    expect(s.delete(streamId(1, 0))).toBe(true);
    expect(formatId(s.firstId)).toBe('2-0');
    expect(formatId(s.maxDeletedEntryId)).toBe('3-0');
    expect(s.delete(streamId(5, 0))).toBe(true);
    expect(formatId(s.lastId)).toBe('5-0');
    expect(formatId(s.lastEntryId()!)).toBe('4-0');
    expect(formatId(s.edgeId(false, true)!)).toBe('5-0');
    expect(formatId(s.edgeId(true, true)!)).toBe('1-0');
    s.delete(streamId(2, 0));
    s.delete(streamId(4, 0));
    expect(s.length).toBe(0);
    expect(s.nodeCount).toBe(0);
    expect(formatId(s.firstId)).toBe('0-0');
    expect(s.lastEntryId()).toBeNull();
    s.checkValid();
  });

  it('XSETID errors, ENTRIESADDED and MAXDELETEDID', () => {
    const s = new Stream();
    s.add(streamId(1, 1), ['a', 'b']);
    s.add(streamId(5, 5), ['a', 'b']);
    expect(replyError(() => s.setId(streamId(5, 4)))).toBe(XSETID_TOO_SMALL);
    expect(replyError(() => s.setId(streamId(9, 0), 1))).toBe(XSETID_ENTRIES_ADDED_TOO_SMALL);
    s.setId(streamId(9, 0), 7, streamId(3, 0));
    expect([formatId(s.lastId), s.entriesAdded, formatId(s.maxDeletedEntryId)]).toEqual(['9-0', 7, '3-0']);
    s.setId(streamId(9, 1), -1, MIN_ID);
    expect(formatId(s.maxDeletedEntryId)).toBe('3-0');
    s.checkValid();
  });

  it('XSETID below a deleted tail entry: new entries go after the tombstone, as in Redis', () => {
    // redis-server 7.0.15: XADD s 1-1; XADD s 5-5; XDEL s 5-5; XSETID s 2-0; XADD s 3-0;
    // XRANGE s - + → 1-1, 3-0; XRANGE s 3 + → 3-0; radix-tree-keys 1.
    const s = new Stream();
    s.add(streamId(1, 1), ['a', 'b']);
    s.add(streamId(5, 5), ['a', 'b']);
    s.delete(streamId(5, 5));
    s.setId(streamId(2, 0));
    s.add(streamId(3, 0), ['a', 'b']);
    expect(ids(s)).toEqual(['1-1', '3-0']);
    expect(ids(s, parseRangeBound('3', 'start'))).toEqual(['3-0']);
    expect(ids(s, MIN_ID, MAX_ID, Number.POSITIVE_INFINITY, true)).toEqual(['3-0', '1-1']);
    expect(s.nodeCount).toBe(1);
    expect(s.get(streamId(3, 0))).toEqual(['a', 'b']);
    s.checkValid();
  });

  it('reproduces Redis where XSETID on an emptied stream breaks its order', () => {
    // redis-server 7.0.15: XADD s 1-1 .. 1-99; XDEL s 1-99; XTRIM s MINID = 1-99 (98);
    // XSETID s 0-1; XADD s 0-2; XADD s 0-3 → XRANGE - + gives 0-3 then 0-2, XREVRANGE + -
    // gives 0-2 then 0-3, XRANGE s 0-2 0-2 is empty, XDEL s 0-2 deletes nothing, XLEN 2.
    const s = new Stream();
    for (let i = 1; i <= 99; i++) s.add(streamId(1, i), ['a', 'b']);
    s.delete(streamId(1, 99));
    expect(s.trimMinId(streamId(1, 99))).toBe(98);
    s.setId(streamId(0, 1));
    s.add(streamId(0, 2), ['a', 'b']);
    s.add(streamId(0, 3), ['a', 'b']);
    expect(ids(s)).toEqual(['0-3', '0-2']);
    expect(ids(s, MIN_ID, MAX_ID, Number.POSITIVE_INFINITY, true)).toEqual(['0-2', '0-3']);
    expect(ids(s, streamId(0, 2), streamId(0, 2))).toEqual([]);
    expect(ids(s, streamId(0, 3))).toEqual(['0-3']);
    expect(ids(s, MIN_ID, streamId(0, 2), Number.POSITIVE_INFINITY, true)).toEqual(['0-2']);
    expect(s.delete(streamId(0, 2))).toBe(false);
    expect([s.length, s.nodeCount, formatId(s.firstId), s.entriesAdded]).toEqual([2, 2, '0-2', 101]);
    s.checkValid();
  });

  it('clone is deep: changing the copy leaves the original alone', () => {
    const s = new Stream({ maxBytes: 0, maxEntries: 2 });
    for (let i = 1; i <= 5; i++) s.add(streamId(i, 0), ['f', String(i)]);
    const g = s.createGroup('g', MIN_ID, 0)!;
    const c = g.createConsumer('alice', 10)!;
    g.deliver(streamId(1, 0), c, 11);
    const copy = s.clone();
    copy.add(streamId(6, 0), ['f', '6']);
    copy.delete(streamId(2, 0));
    copy.groups.get('g')!.ack(streamId(1, 0));
    expect(ids(s)).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0']);
    expect(ids(copy)).toEqual(['1-0', '3-0', '4-0', '5-0', '6-0']);
    expect(g.pel.size).toBe(1);
    expect(copy.groups.get('g')!.pel.size).toBe(0);
    expect(copy.groups.get('g')!.consumers.get('alice')!.seenTime).toBe(10);
    s.checkValid();
    copy.checkValid();
    expect(s.encoding()).toBe('stream');
    expect(s.type).toBe('stream');
  });
});

// ---------------------------------------------------------------------------------------------
// Consumer groups

/** XREADGROUP GROUP g <consumer> COUNT n STREAMS key > through the type's API. */
function readGroup(s: Stream, g: ConsumerGroup, name: string, count: number, now: number): string[] {
  const consumer = g.lookupConsumer(name, now) ?? g.createConsumer(name, now)!;
  const last = s.lastEntryId();
  if (last === null || compareIds(last, g.lastId) <= 0) return [];
  const c = s.cursor(incrId(g.lastId)!, MAX_ID);
  const out: string[] = [];
  while (out.length < count && c.next()) {
    const id = c.id;
    s.noteDelivered(g, id);
    g.deliver(id, consumer, now);
    out.push(formatId(id));
  }
  return out;
}

const entriesRead = (g: ConsumerGroup) => (g.entriesRead === INVALID_ENTRIES_READ ? null : g.entriesRead);

describe('consumer groups: entries-read and lag (Redis 7.0.15 stream-cgroups.tcl)', () => {
  it('read counter and lag in empty streams', () => {
    const s = new Stream();
    const g = s.createGroup('g1', MIN_ID)!;
    expect([s.entriesAdded, entriesRead(g), s.groupLag(g)]).toEqual([0, null, 0]);
    s.add(streamId(1, 0), ['data', 'a']);
    s.delete(streamId(1, 0));
    expect([formatId(s.maxDeletedEntryId), s.entriesAdded, entriesRead(g), s.groupLag(g)]).toEqual([
      '1-0',
      1,
      null,
      0,
    ]);
  });

  it('read counter and lag sanity', () => {
    const s = new Stream();
    for (let i = 1; i <= 5; i++) s.add(streamId(i, 0), ['data', 'abcde'[i - 1]!]);
    const g = s.createGroup('g1', MIN_ID)!;
    expect([entriesRead(g), s.groupLag(g)]).toEqual([null, 5]);
    expect(readGroup(s, g, 'c11', 1, 100)).toEqual(['1-0']);
    expect([entriesRead(g), s.groupLag(g)]).toEqual([1, 4]);
    expect(readGroup(s, g, 'c12', 10, 100)).toEqual(['2-0', '3-0', '4-0', '5-0']);
    expect([entriesRead(g), s.groupLag(g)]).toEqual([5, 0]);
    s.add(streamId(6, 0), ['data', 'f']);
    expect([entriesRead(g), s.groupLag(g)]).toEqual([5, 1]);
    s.checkValid();
  });

  it('lag with XDELs', () => {
    const s = new Stream();
    for (let i = 1; i <= 5; i++) s.add(streamId(i, 0), ['data', 'abcde'[i - 1]!]);
    s.delete(streamId(3, 0));
    const g1 = s.createGroup('g1', MIN_ID)!;
    const g2 = s.createGroup('g2', MIN_ID)!;
    expect([entriesRead(g1), s.groupLag(g1)]).toEqual([null, null]);
    for (let k = 0; k < 3; k++) {
      readGroup(s, g1, 'c11', 1, 100);
      expect([entriesRead(g1), s.groupLag(g1)]).toEqual([null, null]);
    }
    readGroup(s, g1, 'c11', 1, 100);
    expect([entriesRead(g1), s.groupLag(g1)]).toEqual([5, 0]);
    s.add(streamId(6, 0), ['data', 'f']);
    expect([entriesRead(g1), s.groupLag(g1)]).toEqual([5, 1]);
    s.trimMinId(streamId(3, 0));
    expect([entriesRead(g1), s.groupLag(g1)]).toEqual([5, 1]);
    expect([entriesRead(g2), s.groupLag(g2)]).toEqual([null, 3]);
    s.trimMinId(streamId(5, 0));
    expect([entriesRead(g1), s.groupLag(g1)]).toEqual([5, 1]);
    expect([entriesRead(g2), s.groupLag(g2)]).toEqual([null, 2]);
    s.checkValid();
  });

  it('estimateDistanceFromFirstEverEntry cases', () => {
    const s = new Stream();
    expect(s.estimateDistanceFromFirstEverEntry(streamId(9, 9))).toBe(0);
    for (let i = 1; i <= 4; i++) s.add(streamId(i, 0), ['f', 'v']);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(4, 0))).toBe(4);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(5, 0))).toBe(INVALID_ENTRIES_READ);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(1, 0))).toBe(1);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(0, 5))).toBe(0);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(2, 0))).toBe(INVALID_ENTRIES_READ);
    s.trimMaxLen(2);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(3, 0))).toBe(3);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(1, 0))).toBe(2);
    s.trimMaxLen(0);
    expect(s.estimateDistanceFromFirstEverEntry(streamId(1, 0))).toBe(4);
    expect(s.rangeHasTombstones(null, null)).toBe(false);
  });
});

describe('consumer groups: PELs', () => {
  it('deliver, redeliver to another consumer, ack, claim, delete consumer', () => {
    const s = new Stream();
    for (let i = 1; i <= 4; i++) s.add(streamId(i, 0), ['f', String(i)]);
    const g = s.createGroup('g', MIN_ID, 0)!;
    expect(s.createGroup('g', MIN_ID)).toBeNull();
    expect(readGroup(s, g, 'bob', 3, 1000)).toEqual(['1-0', '2-0', '3-0']);
    const bob = g.consumers.get('bob')!;
    expect(bob.pel.size).toBe(3);
    // XGROUP SETID back to 0: alice gets 1-0 afresh, taken from bob.
    g.lastId = MIN_ID;
    expect(readGroup(s, g, 'alice', 1, 2000)).toEqual(['1-0']);
    const alice = g.consumers.get('alice')!;
    const nack = g.pel.get(streamId(1, 0))!;
    expect([nack.consumer, nack.deliveryTime, nack.deliveryCount]).toEqual([alice, 2000, 1]);
    expect([bob.pel.size, alice.pel.size]).toEqual([2, 1]);
    g.checkValid();
    // XCLAIM 2-0 to alice.
    const n2 = g.pel.get(streamId(2, 0))!;
    g.claim(n2, alice);
    n2.deliveryCount++;
    expect([bob.pel.size, alice.pel.size, n2.consumer]).toEqual([1, 2, alice]);
    // XCLAIM ... FORCE on 4-0, never delivered.
    const n4 = g.forceNack(streamId(4, 0), 3000);
    expect(n4.consumer).toBeNull();
    g.claim(n4, bob);
    g.checkValid();
    expect(g.pel.range().map((n) => [formatId(n.id), n.consumer!.name])).toEqual([
      ['1-0', 'alice'],
      ['2-0', 'alice'],
      ['3-0', 'bob'],
      ['4-0', 'bob'],
    ]);
    expect(g.ack(streamId(3, 0))).toBe(true);
    expect(g.ack(streamId(3, 0))).toBe(false);
    expect(g.deleteConsumer('bob')).toBe(1);
    expect(g.deleteConsumer('bob')).toBeNull();
    expect(g.pel.size).toBe(2);
    g.removeNack(g.pel.get(streamId(1, 0))!);
    expect(alice.pel.range().map((n) => formatId(n.id))).toEqual(['2-0']);
    expect(g.createConsumer('alice', 1)).toBeNull();
    expect(g.lookupConsumer('alice', 5000)!.seenTime).toBe(5000);
    expect(g.lookupConsumer('alice')!.seenTime).toBe(5000);
    g.checkValid();
    s.createGroup('a', MIN_ID);
    expect(s.groupsInOrder().map((x) => x.name)).toEqual(['a', 'g']);
    expect(s.destroyGroup('a')).toBe(true);
    expect(s.destroyGroup('a')).toBe(false);
    s.checkValid();
  });

  it('consumers are listed in byte order of their names', () => {
    const g = new Stream().createGroup('g', MIN_ID)!;
    for (const name of ['b', 'a\xff', 'a', 'B', 'ab']) g.createConsumer(name, 0);
    expect(g.consumersInOrder().map((c) => c.name)).toEqual(['B', 'a', 'ab', 'a\xff', 'b']);
  });

  it('random deliver / ack / claim / delete-consumer keep both PEL views consistent', () => {
    const action = fc.record({
      t: fc.constantFrom('deliver', 'ack', 'claim', 'delconsumer', 'force'),
      id: fc.integer({ min: 1, max: 60 }),
      who: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 150 }), (actions) => {
        const s = new Stream();
        for (let i = 1; i <= 60; i++) s.add(streamId(i, 0), ['f', String(i)]);
        const g = s.createGroup('g', MIN_ID, 0)!;
        const model = new Map<number, string>();
        let now = 0;
        for (const a of actions) {
          now++;
          const id = streamId(a.id, 0);
          const consumer = g.lookupConsumer(a.who, now) ?? g.createConsumer(a.who, now)!;
          if (a.t === 'deliver') {
            g.deliver(id, consumer, now);
            model.set(a.id, a.who);
          } else if (a.t === 'ack') {
            expect(g.ack(id)).toBe(model.delete(a.id));
          } else if (a.t === 'claim') {
            const nack = g.pel.get(id);
            expect(nack !== undefined).toBe(model.has(a.id));
            if (nack !== undefined) {
              g.claim(nack, consumer);
              model.set(a.id, a.who);
            }
          } else if (a.t === 'force') {
            g.claim(g.forceNack(id, now), consumer);
            model.set(a.id, a.who);
          } else {
            const pending = [...model.values()].filter((w) => w === a.who).length;
            expect(g.deleteConsumer(a.who)).toBe(pending);
            for (const [k, w] of model) if (w === a.who) model.delete(k);
          }
          g.checkValid();
          const expected = [...model].sort((x, y) => x[0] - y[0]);
          expect(g.pel.range().map((n) => [Number(n.id.ms), n.consumer!.name])).toEqual(expected);
          for (const c of g.consumers.values()) {
            expect(c.pel.range().map((n) => Number(n.id.ms))).toEqual(
              expected.filter(([, w]) => w === c.name).map(([k]) => k),
            );
          }
        }
        s.checkValid();
      }),
      { numRuns: 200 },
    );
  });
});

describe('PendingList against a sorted array', () => {
  it('insert / delete / get / ceiling / higher / range / first / last', () => {
    const op = fc.record({
      t: fc.nat(6),
      k: fc.integer({ min: 0, max: 400 }),
      k2: fc.integer({ min: 0, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const pel = new PendingList();
        let model: number[] = [];
        const id = (k: number) => streamId(k >> 2, k & 3);
        const keyOf = (n: Nack | undefined) =>
          n === undefined ? undefined : Number(n.id.ms) * 4 + Number(n.id.seq);
        for (const { t, k, k2 } of ops) {
          if (t <= 2) {
            const added = pel.insert(new Nack(id(k), 0, 1, null));
            expect(added).toBe(!model.includes(k));
            if (added) model = [...model, k].sort((a, b) => a - b);
          } else if (t === 3) {
            expect(keyOf(pel.delete(id(k)))).toBe(model.includes(k) ? k : undefined);
            model = model.filter((x) => x !== k);
          } else if (t === 4) {
            expect(keyOf(pel.get(id(k)))).toBe(model.includes(k) ? k : undefined);
            expect(keyOf(pel.ceiling(id(k)))).toBe(model.find((x) => x >= k));
            expect(keyOf(pel.higher(id(k)))).toBe(model.find((x) => x > k));
          } else {
            const [lo, hi] = k <= k2 ? [k, k2] : [k2, k];
            const count = (k % 7) + 1;
            expect(pel.range(id(lo), id(hi), count).map(keyOf)).toEqual(
              model.filter((x) => x >= lo && x <= hi).slice(0, count),
            );
          }
          pel.checkValid();
          expect(pel.size).toBe(model.length);
          expect(keyOf(pel.first())).toBe(model[0]);
          expect(keyOf(pel.last())).toBe(model[model.length - 1]);
          expect([...pel].map(keyOf)).toEqual(model);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('Stream: misc', () => {
  it('range COUNT 0 is empty; isZeroId; the fields of entries whose names differ from the master', () => {
    const s = new Stream();
    s.add(streamId(1, 0), ['a', '1', 'b', '2']);
    s.add(streamId(2, 0), ['a', '3']);
    s.add(streamId(3, 0), ['b', '4', 'a', '5']);
    s.add(streamId(4, 0), ['a', '6', 'b', '7']);
    expect(s.range(MIN_ID, MAX_ID, 0)).toEqual([]);
    expect(s.range().map((e) => e.fields)).toEqual([
      ['a', '1', 'b', '2'],
      ['a', '3'],
      ['b', '4', 'a', '5'],
      ['a', '6', 'b', '7'],
    ]);
    expect(isZeroId(MIN_ID)).toBe(true);
    expect(isZeroId(streamId(0, 1))).toBe(false);
    expect(() => s.add(streamId(5, 0), ['odd'])).toThrow(RangeError);
    expect(replyError(() => s.add(streamId(4, 0), ['a', 'b']))).toBe(XADD_ID_TOO_SMALL);
    s.checkValid();
  });

  it('binary-safe byte strings, empty values, and values that look like integers round-trip', () => {
    const s = new Stream({ maxBytes: 0, maxEntries: 2 });
    const values = ['', '0', '-0', '007', '9223372036854775808', '\x00\xff\x80', 'x'.repeat(5000), '-1'];
    for (const [i, v] of values.entries()) s.add(streamId(i + 1, 0), ['f', v, '\x00', v]);
    expect(s.range().map((e) => e.fields[1])).toEqual(values);
    expect(s.range().map((e) => e.fields[2])).toEqual(values.map(() => '\x00'));
    s.checkValid();
  });

  it('a range over a 20k-entry stream visits sealed and open nodes alike', () => {
    const s = new Stream();
    const auto = parseXAddId('*');
    for (let i = 0; i < 20000; i++) s.addWithIdArg(auto, ['user', `u${i}`, 'n', String(i)], 1000 + (i >> 3));
    s.checkValid();
    const all = s.range();
    expect(all.length).toBe(20000);
    expect(all[12345]!.fields).toEqual(['user', 'u12345', 'n', '12345']);
    expect(ids(s, parseRangeBound('2000', 'start'), parseRangeBound('2000', 'end'))).toEqual(
      Array.from({ length: 8 }, (_, k) => `2000-${k}`),
    );
    expect(s.range(streamId(2000, 5), MAX_ID, 2, false).map((e) => formatId(e.id))).toEqual([
      '2000-5',
      '2000-6',
    ]);
    expect(s.range(MIN_ID, streamId(2000, 5), 2, true).map((e) => formatId(e.id))).toEqual([
      '2000-5',
      '2000-4',
    ]);
  });
});

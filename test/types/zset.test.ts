import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LexBound,
  SortedSet,
  SortedSetBuilder,
  ZADD_GT,
  ZADD_LT,
  ZADD_NX,
  ZADD_XX,
  type ZAddResult,
  ZSET_DEFAULT_LIMITS,
  type ZsetLimits,
} from '../../src/types/zset.js';

type Entry = [string, number];

const keyLess = (as: number, am: string, bs: number, bm: string): boolean =>
  as < bs || (as === bs && am < bm);

/**
 * The reference: a sorted array of entries, and Redis 7.0's zsetAdd / encoding rules written out
 * the plain way (see t_zset.c zsetAdd, zsetConvertToListpackIfNeeded, zzlInsertAt).
 */
class Model {
  entries: Entry[] = [];
  listpack: boolean;
  constructor(
    readonly limits: ZsetLimits = ZSET_DEFAULT_LIMITS,
    encoding: 'listpack' | 'skiplist' = 'listpack',
  ) {
    this.listpack = encoding === 'listpack';
  }
  get size(): number {
    return this.entries.length;
  }
  /** Current scores, so lookups need no scan. */
  private scores = new Map<string, number>();
  indexOf(member: string): number {
    const s = this.scores.get(member);
    return s === undefined ? -1 : this.countBelow(s, member, false);
  }
  /** Entries with key < (score, member), or <= when inclusive. */
  countBelow(score: number, member: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const [m, s] = this.entries[mid];
      if (keyLess(s, m, score, member) || (inclusive && s === score && m === member)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  countBelowScore(score: number, inclusive: boolean): number {
    return this.entries.filter(([, s]) => s < score || (inclusive && s === score)).length;
  }
  private place(member: string, score: number): void {
    this.entries.splice(this.countBelow(score, member, false), 0, [member, score]);
    this.scores.set(member, score);
  }
  private unplace(i: number): Entry[] {
    const out = this.entries.splice(i, 1);
    this.scores.delete(out[0][0]);
    return out;
  }
  add(member: string, score: number, flags: number): ZAddResult {
    const i = this.indexOf(member);
    if (i < 0) {
      if (flags & ZADD_XX) return 'nop';
      if (
        this.listpack &&
        (this.size + 1 > this.limits.maxListpackEntries || member.length > this.limits.maxListpackValue)
      )
        this.listpack = false;
      this.place(member, this.listpack && score === 0 ? 0 : score);
      return 'added';
    }
    const cur = this.entries[i][1];
    if (flags & ZADD_NX) return 'nop';
    if ((flags & ZADD_LT && score >= cur) || (flags & ZADD_GT && score <= cur)) return 'nop';
    if (score === cur) return 'same';
    this.unplace(i);
    this.place(member, this.listpack && score === 0 ? 0 : score);
    return 'updated';
  }
  delete(member: string): boolean {
    const i = this.indexOf(member);
    if (i < 0) return false;
    this.unplace(i);
    return true;
  }
  deleteRange(start: number, stop: number): Entry[] {
    start = Math.max(0, start);
    stop = Math.min(this.size - 1, stop);
    if (start > stop) return [];
    const out = this.entries.splice(start, stop - start + 1);
    for (const [m] of out) this.scores.delete(m);
    return out;
  }
  convert(): boolean {
    if (this.listpack) return true;
    if (this.size > this.limits.maxListpackEntries) return false;
    if (this.entries.some(([m]) => m.length > this.limits.maxListpackValue)) return false;
    this.listpack = true;
    this.entries = this.entries.map(([m, s]) => [m, s === 0 ? 0 : s]);
    for (const [m, s] of this.entries) this.scores.set(m, s);
    return true;
  }
  lexFirst(b: LexBound): number {
    if (b === '-' || this.size === 0) return 0;
    if (b === '+') return this.size;
    if (this.mixedScores()) {
      const { member, exclusive } = b;
      return this.bisect(exclusive ? (m) => m <= member : (m) => m < member);
    }
    return this.countBelow(this.entries[0][1], b.member, b.exclusive);
  }
  lexLast(b: LexBound): number {
    if (b === '-' || this.size === 0) return -1;
    if (b === '+') return this.size - 1;
    if (this.mixedScores()) {
      const { member, exclusive } = b;
      return this.bisect(exclusive ? (m) => m < member : (m) => m <= member) - 1;
    }
    return this.countBelow(this.entries[0][1], b.member, !b.exclusive) - 1;
  }
  /** Scores differ: lex bounds search the members alone, as if sorted (Redis's skiplist search). */
  private mixedScores(): boolean {
    return this.entries[0][1] !== this.entries[this.size - 1][1];
  }
  /** First index where `before` stops holding, by bisection over the order. */
  private bisect(before: (member: string) => boolean): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid][0])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** mulberry32: a tiny seeded PRNG so bulk operations are reproducible from their seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const byteChar = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const memberArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }).map((i) => `m${i}`) },
  { weight: 3, arbitrary: fc.string({ unit: byteChar, maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x'.repeat(65), 'y'.repeat(64), 'z'.repeat(200), '', '\xff', '\xff\x00'),
  },
);
const scoreArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(-0, 0, Infinity, -Infinity, 0.5, -2.5, 1e300, 5e-324, -1.7976931348623157e308),
  },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
);
const flagsArb = fc.constantFrom(
  0,
  0,
  0,
  ZADD_NX,
  ZADD_XX,
  ZADD_GT,
  ZADD_LT,
  ZADD_XX | ZADD_GT,
  ZADD_XX | ZADD_LT,
);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

type Op =
  | { t: 'add'; member: string; score: number; flags: number }
  | { t: 'addMany'; count: number; seed: number; ties: boolean }
  | { t: 'delete'; member: string }
  | { t: 'deleteExisting'; pick: number }
  | { t: 'updateExisting'; pick: number; delta: number }
  | { t: 'deleteRange'; a: number; len: number }
  | { t: 'popMin'; count: number }
  | { t: 'popMax'; count: number }
  | { t: 'convert' }
  | { t: 'toSkiplist' }
  | { t: 'clone' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      t: fc.constant('add' as const),
      member: memberArb,
      score: scoreArb,
      flags: flagsArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('addMany' as const),
      count: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 10_000 })),
      seed: fc.integer(),
      ties: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('delete' as const), member: memberArb }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('deleteExisting' as const), pick: fraction }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('updateExisting' as const),
      pick: fraction,
      delta: fc.oneof(
        fc.constantFrom(0.001, -0.001, 1, -1, -0),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('deleteRange' as const),
      a: fraction,
      len: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5000 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('popMin' as const), count: fc.integer({ min: 0, max: 200 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('popMax' as const), count: fc.integer({ min: 0, max: 200 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'convert' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'toSkiplist' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'clone' as const }) },
);

/** Applies `op` to both; returns the set to carry on with (clone swaps it). */
function apply(z: SortedSet, model: Model, op: Op): SortedSet {
  switch (op.t) {
    case 'add':
      expect(z.add(op.member, op.score, op.flags)).toBe(model.add(op.member, op.score, op.flags));
      break;
    case 'addMany': {
      const rand = prng(op.seed);
      for (let i = 0; i < op.count; i++) {
        const member = `b${Math.floor(rand() * 40_000)}`;
        const score = op.ties ? Math.floor(rand() * 4) : rand() * 1e6 - 5e5;
        expect(z.add(member, score)).toBe(model.add(member, score, 0));
      }
      break;
    }
    case 'delete':
      expect(z.delete(op.member)).toBe(model.delete(op.member));
      break;
    case 'deleteExisting':
    case 'updateExisting': {
      if (model.size === 0) break;
      const [member, score] = model.entries[Math.min(model.size - 1, Math.floor(op.pick * model.size))];
      if (op.t === 'deleteExisting') expect(z.delete(member)).toBe(model.delete(member));
      else expect(z.add(member, score + op.delta)).toBe(model.add(member, score + op.delta, 0));
      break;
    }
    case 'deleteRange': {
      const start = Math.floor(op.a * model.size);
      const stop = start + op.len - 1;
      const seen: Entry[] = [];
      const n = z.deleteRangeByIndex(start, stop, (m, s) => seen.push([m, s]));
      const expected = model.deleteRange(start, stop);
      expect(seen).toEqual(expected);
      expect(n).toBe(expected.length);
      break;
    }
    case 'popMin':
      expect(z.popMin(op.count)).toEqual(model.deleteRange(0, op.count - 1));
      break;
    case 'popMax':
      expect(z.popMax(op.count)).toEqual(model.deleteRange(model.size - op.count, model.size - 1).reverse());
      break;
    case 'convert':
      expect(z.convertToListpackIfNeeded()).toBe(model.convert());
      break;
    case 'toSkiplist':
      z.convertToSkiplist();
      model.listpack = false;
      break;
    case 'clone': {
      const c = z.clone();
      c.checkValid();
      // The original stays usable and independent.
      z.add('\x00clone-probe', 1);
      expect(c.has('\x00clone-probe')).toBe(false);
      z.delete('\x00clone-probe');
      return c;
    }
  }
  return z;
}

/**
 * Compares every query of the API with the model, on probes drawn from `rand`; the whole
 * contents when `full`.
 */
function compare(z: SortedSet, model: Model, rand: () => number, full: boolean): void {
  const n = model.size;
  expect(z.size).toBe(n);
  expect(z.encoding()).toBe(model.listpack ? 'listpack' : 'skiplist');
  if (full) expect([...z]).toEqual(model.entries);
  for (const [m, s] of model.entries.slice(0, 3)) expect(z.score(m)).toBe(s);
  for (let k = 0; k < 4 && n > 0; k++) {
    const i = Math.floor(rand() * n);
    const [m, s] = model.entries[i];
    expect(z.rank(m)).toBe(i);
    expect(z.rank(m, true)).toBe(n - 1 - i);
    expect(z.at(i)).toEqual([m, s]);
    expect(z.firstIndexByKey(s, m)).toBe(i);
    expect(z.firstIndexByKey(s, m, true)).toBe(i + 1);
    // Score bounds on present scores, and a little off them.
    for (const probe of [s, s + 0.25, s - 0.25]) {
      for (const ex of [false, true]) {
        expect(z.firstIndexByScore(probe, ex)).toBe(model.countBelowScore(probe, ex));
        expect(z.lastIndexByScore(probe, ex)).toBe(model.countBelowScore(probe, !ex) - 1);
      }
    }
    const bound: LexBound = { member: m.slice(0, 1 + Math.floor(rand() * 3)), exclusive: rand() < 0.5 };
    expect(z.firstIndexByLex(bound)).toBe(model.lexFirst(bound));
    expect(z.lastIndexByLex(bound)).toBe(model.lexLast(bound));
  }
  for (const b of ['-', '+'] as const) {
    expect(z.firstIndexByLex(b)).toBe(model.lexFirst(b));
    expect(z.lastIndexByLex(b)).toBe(model.lexLast(b));
  }
  for (const probe of [-Infinity, Infinity, 0]) {
    expect(z.firstIndexByScore(probe)).toBe(model.countBelowScore(probe, false));
    expect(z.firstIndexByScore(probe, true)).toBe(model.countBelowScore(probe, true));
  }
  expect(z.rank('\x00absent')).toBeUndefined();
  expect(z.at(n)).toBeUndefined();
  expect(z.at(-1)).toBeUndefined();
  // A random window both ways.
  const start = Math.floor(rand() * (n + 2)) - 1;
  const stop = start + Math.floor(rand() * 130) - 2;
  const got: Entry[] = [];
  z.forEachInRange(start, stop, false, (m, s) => got.push([m, s]));
  const want = model.entries.slice(Math.max(0, start), Math.max(0, stop + 1));
  expect(got).toEqual(want);
  const rev: Entry[] = [];
  z.forEachInRange(start, stop, true, (m, s) => rev.push([m, s]));
  expect(rev).toEqual([...want].reverse());
  expect([...z.entries(start, stop, true)]).toEqual([...want].reverse());
}

/** Big sets and big removals: inner nodes split, merge and share. */
const bulkOpArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('addMany' as const),
      count: fc.integer({ min: 1000, max: 10_000 }),
      seed: fc.integer(),
      ties: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('deleteRange' as const),
      a: fraction,
      len: fc.integer({ min: 500, max: 6000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('popMin' as const), count: fc.integer({ min: 100, max: 3000 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('popMax' as const), count: fc.integer({ min: 100, max: 3000 }) }),
  },
  { weight: 2, arbitrary: opArb },
);

describe('SortedSet against a sorted-array model', () => {
  const run = (limits: ZsetLimits, numRuns: number, maxOps: number, op = opArb) =>
    fc.assert(
      fc.property(fc.array(op, { maxLength: maxOps }), fc.integer(), (ops, seed) => {
        const rand = prng(seed);
        let z = new SortedSet(limits);
        const model = new Model(limits);
        for (let i = 0; i < ops.length; i++) {
          z = apply(z, model, ops[i]);
          z.checkValid();
          compare(z, model, rand, model.size < 1000 || i === ops.length - 1);
        }
      }),
      { numRuns },
    );

  it('random adds, updates, deletes, range deletes and pops keep every invariant', () => {
    run(ZSET_DEFAULT_LIMITS, 60, 120);
  });

  it('the same with tiny listpack limits, so encodings change often', () => {
    run({ maxListpackEntries: 6, maxListpackValue: 3 }, 60, 60);
  });

  it('big sets with big range deletes and pops rebalance inner nodes', () => {
    run(ZSET_DEFAULT_LIMITS, 25, 30, bulkOpArb);
  });
});

describe('SortedSet encoding follows Redis 7.0', () => {
  it('ZADD keeps listpack up to 128 members and turns skiplist on the 129th', () => {
    const z = new SortedSet();
    for (let i = 0; i < 128; i++) z.add(`m${i}`, i);
    expect(z.encoding()).toBe('listpack');
    z.add('m0', 5); // an update never converts
    expect(z.encoding()).toBe('listpack');
    z.add('m128', 128);
    expect(z.encoding()).toBe('skiplist');
  });

  it('a member longer than 64 bytes converts; 64 bytes does not', () => {
    const z = new SortedSet();
    z.add('y'.repeat(64), 1);
    expect(z.encoding()).toBe('listpack');
    z.add('x'.repeat(65), 1);
    expect(z.encoding()).toBe('skiplist');
  });

  it('ZADD XX of a missing long member changes nothing, encoding included', () => {
    const z = new SortedSet();
    z.add('a', 1);
    expect(z.add('x'.repeat(65), 1, ZADD_XX)).toBe('nop');
    expect(z.encoding()).toBe('listpack');
    expect(z.size).toBe(1);
  });

  it('deletes never convert back; convertToListpackIfNeeded does when small enough', () => {
    const z = new SortedSet();
    for (let i = 0; i < 130; i++) z.add(`m${i}`, i);
    z.deleteRangeByIndex(0, 100);
    z.delete('m120');
    expect(z.encoding()).toBe('skiplist');
    expect(z.convertToListpackIfNeeded()).toBe(true);
    expect(z.encoding()).toBe('listpack');
    const big = new SortedSet();
    big.add('x'.repeat(65), 1);
    expect(big.convertToListpackIfNeeded()).toBe(false);
    expect(big.encoding()).toBe('skiplist');
  });

  it('SORT converts a listpack set to skiplist for good', () => {
    const z = new SortedSet();
    z.add('a', 1);
    z.convertToSkiplist();
    expect(z.encoding()).toBe('skiplist');
    z.add('b', -0);
    expect(Object.is(z.score('b'), -0)).toBe(true);
    z.checkValid();
  });

  it('fromMap encodes like a ZUNIONSTORE destination', () => {
    const small = SortedSet.fromMap(new Map([['a', 1]]));
    expect(small.encoding()).toBe('listpack');
    const large = SortedSet.fromMap(new Map(Array.from({ length: 129 }, (_, i): Entry => [`m${i}`, i])));
    expect(large.encoding()).toBe('skiplist');
    large.checkValid();
    expect(large.at(0)).toEqual(['m0', 0]);
  });

  it('clone keeps a small skiplist a skiplist, as COPY does', () => {
    const z = new SortedSet(ZSET_DEFAULT_LIMITS, 'skiplist');
    z.add('a', 1);
    const c = z.clone();
    expect(c.encoding()).toBe('skiplist');
    expect([...c]).toEqual([['a', 1]]);
  });

  it('limits are read at each check, so a changed config applies to existing sets', () => {
    const limits = { maxListpackEntries: 128, maxListpackValue: 64 };
    const z = new SortedSet(limits);
    z.add('a', 1);
    limits.maxListpackEntries = 1;
    z.add('b', 2);
    expect(z.encoding()).toBe('skiplist');
  });
});

describe('SortedSet -0 scores, as Redis 7.0.15 stores them', () => {
  it('a listpack set stores -0 as 0 (ZSCORE replies "0")', () => {
    const z = new SortedSet();
    z.add('a', -0);
    expect(Object.is(z.score('a'), 0)).toBe(true);
    z.add('b', 5);
    z.add('b', -0);
    expect(Object.is(z.score('b'), 0)).toBe(true);
    z.checkValid();
  });

  it('a skiplist set keeps -0 (ZSCORE replies "-0")', () => {
    const z = new SortedSet(ZSET_DEFAULT_LIMITS, 'skiplist');
    z.add('a', -0);
    expect(Object.is(z.score('a'), -0)).toBe(true);
    expect(z.at(0)).toEqual(['a', -0]);
    // 0 == -0: re-adding 0 is no change, and the stored sign stays.
    expect(z.add('a', 0)).toBe('same');
    expect(Object.is(z.score('a'), -0)).toBe(true);
    z.checkValid();
  });

  it('the insert that converts to skiplist keeps its -0', () => {
    const z = new SortedSet();
    for (let i = 0; i < 128; i++) z.add(`m${i}`, i + 1);
    z.add('new', -0);
    expect(z.encoding()).toBe('skiplist');
    expect(Object.is(z.score('new'), -0)).toBe(true);
    z.checkValid();
  });

  it('converting back to listpack turns -0 into 0', () => {
    const z = new SortedSet(ZSET_DEFAULT_LIMITS, 'skiplist');
    z.add('a', -0);
    z.add('b', 0);
    z.convertToListpackIfNeeded();
    expect(Object.is(z.score('a'), 0)).toBe(true);
    expect(z.at(0)).toEqual(['a', 0]);
    z.checkValid();
  });

  it('-0 and 0 tie and order by member', () => {
    const z = new SortedSet(ZSET_DEFAULT_LIMITS, 'skiplist');
    z.add('b', -0);
    z.add('a', 0);
    z.add('c', -0);
    expect([...z].map(([m]) => m)).toEqual(['a', 'b', 'c']);
    expect(z.firstIndexByScore(0, true)).toBe(3);
    expect(z.lastIndexByScore(-0, true)).toBe(-1);
    expect(z.countByScore(-0, false, 0, false)).toBe(3);
  });
});

describe('SortedSet ordering and ZADD flags', () => {
  it('orders by score with infinities at the ends, ties by member bytes', () => {
    const z = new SortedSet();
    z.add('inf', Infinity);
    z.add('ninf', -Infinity);
    z.add('ab', 1);
    z.add('a', 1);
    z.add('\xff', 1);
    z.add('B', 1);
    z.add('a\x00', 1);
    z.add('zero', 0);
    expect([...z].map(([m]) => m)).toEqual(['ninf', 'zero', 'B', 'a', 'a\x00', 'ab', '\xff', 'inf']);
    expect(z.rank('inf')).toBe(7);
    expect(z.countByScore(-Infinity, false, Infinity, false)).toBe(8);
    expect(z.countByScore(-Infinity, true, Infinity, true)).toBe(6);
    expect(z.firstIndexByScore(Infinity)).toBe(7);
    expect(z.lastIndexByScore(-Infinity)).toBe(0);
    z.checkValid();
  });

  it('lex ranges over equal scores follow member bytes', () => {
    const z = new SortedSet();
    for (const m of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) z.add(m, 0);
    expect(z.countByLex('-', '+')).toBe(7);
    expect(z.countByLex({ member: 'c', exclusive: false }, '+')).toBe(5);
    expect(z.countByLex({ member: 'c', exclusive: true }, { member: 'f', exclusive: true })).toBe(2);
    expect(z.firstIndexByLex({ member: 'aa', exclusive: false })).toBe(1);
    expect(z.lastIndexByLex({ member: 'aa', exclusive: false })).toBe(0);
    expect(z.countByLex('+', '-')).toBe(0);
  });

  it('NX, XX, GT and LT answer as zsetAdd', () => {
    const z = new SortedSet();
    expect(z.add('a', 1, ZADD_XX)).toBe('nop');
    expect(z.add('a', 1, ZADD_GT)).toBe('added');
    expect(z.add('a', 0, ZADD_GT)).toBe('nop');
    expect(z.add('a', 1, ZADD_GT)).toBe('nop');
    expect(z.add('a', 2, ZADD_GT)).toBe('updated');
    expect(z.add('a', 2, ZADD_LT)).toBe('nop');
    expect(z.add('a', 1, ZADD_LT)).toBe('updated');
    expect(z.add('a', 9, ZADD_NX)).toBe('nop');
    expect(z.add('a', 1)).toBe('same');
    expect(z.add('a', 3, ZADD_XX)).toBe('updated');
    expect(z.score('a')).toBe(3);
  });

  it('randomEntry picks by index', () => {
    const z = new SortedSet();
    for (let i = 0; i < 10; i++) z.add(`m${i}`, i);
    expect(z.randomEntry(() => 3)).toEqual(['m3', 3]);
    expect(new SortedSet().randomEntry(() => 0)).toBeUndefined();
  });

  it('scores is the member map, read-only', () => {
    const z = new SortedSet();
    z.add('a', 1);
    expect(z.scores.get('a')).toBe(1);
    expect(z.scores.size).toBe(1);
  });
});

describe('SortedSet tree shape', () => {
  it('an insert at the end of a full leaf that is not the last splits it evenly', () => {
    const z = new SortedSet();
    // In order: full leaves of 64, the last one partly filled.
    for (let i = 0; i < 200; i++) z.add(`m${String(i).padStart(3, '0')}`, i);
    // Deleting the first leaf's maximum leaves its separator (63) above what it holds, so
    // keys in (62, 63] still go to its end.
    z.delete('m063');
    z.add('x1', 62.5);
    z.checkValid();
    z.add('x2', 62.7);
    z.checkValid();
    expect(z.rank('x2')).toBe(64);
    expect(z.rank('m064')).toBe(65);
  });
});

describe('SortedSet at scale', () => {
  const N = 100_000;

  it('rank and select agree on a 100k set built in random order', () => {
    const rand = prng(7);
    const z = new SortedSet();
    const scores = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const m = `member:${i}`;
      const s = Math.floor(rand() * 1000); // many ties
      z.add(m, s);
      scores.set(m, s);
    }
    z.checkValid();
    const sorted = [...scores].sort((a, b) => (a[1] !== b[1] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    for (let k = 0; k < 2000; k++) {
      const i = Math.floor(rand() * N);
      expect(z.at(i)).toEqual(sorted[i]);
      expect(z.rank(sorted[i][0])).toBe(i);
    }
    expect([...z]).toEqual(sorted);
    // Bulk build gives the same order.
    const built = SortedSet.fromMap(scores);
    built.checkValid();
    expect(built.at(54321)).toEqual(sorted[54321]);
    // Heavy deletes: a big middle range, then every other member.
    expect(z.deleteRangeByIndex(10_000, 69_999)).toBe(60_000);
    z.checkValid();
    const left = [...sorted.slice(0, 10_000), ...sorted.slice(70_000)];
    for (let i = 0; i < left.length; i += 2) z.delete(left[i][0]);
    z.checkValid();
    const kept = left.filter((_, i) => i % 2 === 1);
    expect(z.size).toBe(kept.length);
    for (let k = 0; k < 500; k++) {
      const i = Math.floor(rand() * kept.length);
      expect(z.at(i)).toEqual(kept[i]);
    }
    expect(z.popMax(3)).toEqual(kept.slice(-3).reverse());
    expect(z.popMin(3)).toEqual(kept.slice(0, 3));
    z.checkValid();
  });

  it('in-order and reverse-order inserts keep a valid tree, then drain by pops', () => {
    const up = new SortedSet();
    const down = new SortedSet();
    for (let i = 0; i < N; i++) {
      up.add(`u${i}`, i);
      down.add(`d${i}`, -i);
    }
    up.checkValid();
    down.checkValid();
    expect(up.at(N - 1)).toEqual([`u${N - 1}`, N - 1]);
    expect(down.at(0)).toEqual([`d${N - 1}`, -(N - 1)]);
    let popped = 0;
    while (up.size > 0) {
      popped += up.popMin(997).length;
      if (popped % 9970 === 0) up.checkValid();
    }
    expect(popped).toBe(N);
    up.checkValid();
    down.deleteRangeByIndex(0, N - 1);
    expect(down.size).toBe(0);
    down.checkValid();
  });

  it('score updates in place and across leaves keep ranks right', () => {
    const rand = prng(11);
    const z = new SortedSet();
    for (let i = 0; i < 20_000; i++) z.add(`p${i}`, i);
    for (let k = 0; k < 20_000; k++) {
      const m = `p${Math.floor(rand() * 20_000)}`;
      const s = z.score(m)!;
      z.add(m, k % 2 === 0 ? s + rand() * 3 : rand() * 20_000);
    }
    z.checkValid();
  });
});

describe('SortedSetBuilder (a snapshot load)', () => {
  it('built piece by piece in order, it equals fromMap: order, scores (-0 kept), encoding, valid tree', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 5, 31, 56, 57, 60, 87, 88, 112, 113, 129, 200, 1000, 4096, 5000),
        fc.constantFrom(1, 7, 56, 100, 4096),
        fc.integer(),
        (n, piece, seed) => {
          let x = seed | 0;
          const next = (): number => {
            x = (Math.imul(x, 1103515245) + 12345) | 0;
            return (x >>> 16) % 50;
          };
          const m = new Map<string, number>();
          for (let i = 0; i < n; i++) m.set(`m${i}`, i % 3 === 0 ? -0 : next());
          const ref = SortedSet.fromMap(new Map(m));
          const all: string[] = [];
          ref.forEachInRange(0, n - 1, false, (member) => {
            all.push(member);
          });
          const b = new SortedSetBuilder();
          for (let i = 0; i < n; i += piece) {
            const part = all.slice(i, i + piece);
            b.add(part, Float64Array.from(part.map((member) => m.get(member)!)));
          }
          const z = b.finish();
          z.checkValid();
          expect(z.size).toBe(n);
          expect(z.encoding()).toBe(ref.encoding());
          const got: string[] = [];
          z.forEachInRange(0, n - 1, false, (member, score) => {
            got.push(`${member}=${Object.is(score, -0) ? '-0' : score}`);
          });
          const want: string[] = [];
          ref.forEachInRange(0, n - 1, false, (member, score) => {
            want.push(`${member}=${Object.is(score, -0) ? '-0' : score}`);
          });
          expect(got).toEqual(want);
          for (let i = 0; i < Math.min(n, 300); i++) {
            z.delete(`m${i}`);
            z.add(`x${i}`, i);
          }
          z.checkValid();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a big set with a member given twice is refused, as a corrupt file must be', () => {
    const members = Array.from({ length: 2000 }, (_, i) => `m${String(i).padStart(4, '0')}`);
    members.splice(1500, 0, 'm0042');
    const b = new SortedSetBuilder();
    b.add(members, new Float64Array(members.length));
    expect(() => b.finish()).toThrow('duplicate member "m0042"');
  });
});

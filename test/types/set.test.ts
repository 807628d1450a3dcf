import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareInt64, isInt64, RedisSet, type SetLimits } from '../../src/types/set.js';

// ---- reference implementations ----

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** string2ll, transcribed: a canonical decimal within int64. */
function refIsInt64(s: string): boolean {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s) || s.length > 20) return false;
  const n = BigInt(s);
  return n >= INT64_MIN && n <= INT64_MAX;
}

const sorted = (xs: string[]): string[] => [...xs].sort();

const byValue = (a: string, b: string): number => {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

/** Deterministic `rand(n)` for the structure, from fast-check's seeded stream. */
function randFrom(seed: number): (n: number) => number {
  let x = seed | 0 || 1;
  return (n) => {
    // xorshift32: good enough to pick slots in tests.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

// ---- generators ----

const intMember = fc.oneof(
  fc.integer({ min: -20, max: 40 }).map(String),
  fc.constantFrom('9223372036854775807', '-9223372036854775808', '4294967296', '-2147483649'),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map(String),
);
const otherMember = fc.oneof(
  fc.constantFrom(
    'a',
    'b',
    'foo',
    '',
    '01',
    '-0',
    '+1',
    ' 1',
    '1.0',
    '9223372036854775808',
    '-9223372036854775809',
    // Byte strings with bytes >= 0x80 (UTF-8 'é', a raw 0xff): RedisSet.nonAscii must follow.
    '\xc3\xa9',
    '\xff',
  ),
  fc.string({ maxLength: 4 }),
);
/** A small pool, so members are removed and added back often (the sampler's stale entries). */
const pooled = fc.constantFrom('a', 'b', 'c', 'd', 'e', '1', '2', '3', '-1', '10');
const member = fc.oneof(
  { weight: 4, arbitrary: pooled },
  { weight: 3, arbitrary: intMember },
  { weight: 1, arbitrary: otherMember },
);

type Op =
  | { op: 'add'; m: string }
  | { op: 'delete'; m: string }
  | { op: 'has'; m: string }
  | { op: 'pop' }
  | { op: 'random' }
  | { op: 'distinct'; count: number }
  | { op: 'reencode' }
  | { op: 'clone' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: member.map((m) => ({ op: 'add' as const, m })) },
  { weight: 3, arbitrary: member.map((m) => ({ op: 'delete' as const, m })) },
  { weight: 2, arbitrary: member.map((m) => ({ op: 'has' as const, m })) },
  { weight: 2, arbitrary: fc.constant({ op: 'pop' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'random' as const }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 12 }).map((count) => ({ op: 'distinct' as const, count })),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'reencode' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clone' as const }) },
);

/** A naive model: a JS Set plus Redis's encoding rules. */
class Model {
  members = new Set<string>();
  intset = true;
  constructor(readonly max: number) {}
  add(m: string): boolean {
    if (this.members.has(m)) return false;
    this.members.add(m);
    if (!refIsInt64(m) || this.members.size > this.max) this.intset = false;
    return true;
  }
  delete(m: string): boolean {
    return this.members.delete(m);
  }
}

function same(s: RedisSet, model: Model): void {
  s.checkValid();
  expect(s.size).toBe(model.members.size);
  expect(s.encoding()).toBe(model.intset ? 'intset' : 'hashtable');
  const got = s.members();
  if (model.intset) expect(got).toEqual([...model.members].sort(byValue));
  else expect([...got].sort()).toEqual([...model.members].sort());
}

function run(ops: Op[], limits: SetLimits, seed: number): void {
  const rand = randFrom(seed);
  let s = new RedisSet(limits);
  const model = new Model(limits.maxIntsetEntries);
  for (const o of ops) {
    switch (o.op) {
      case 'add':
        expect(s.add(o.m)).toBe(model.add(o.m));
        break;
      case 'delete':
        expect(s.delete(o.m)).toBe(model.delete(o.m));
        break;
      case 'has':
        expect(s.has(o.m)).toBe(model.members.has(o.m));
        break;
      case 'pop':
        if (model.members.size > 0) {
          const m = s.popRandom(rand);
          expect(model.members.has(m)).toBe(true);
          model.delete(m);
        }
        break;
      case 'random':
        if (model.members.size > 0) expect(model.members.has(s.random(rand))).toBe(true);
        break;
      case 'distinct':
        if (o.count < model.members.size) {
          const picked = s.randomDistinct(o.count, rand);
          expect(picked).toHaveLength(o.count);
          expect(new Set(picked).size).toBe(o.count);
          for (const m of picked) expect(model.members.has(m)).toBe(true);
        }
        break;
      case 'reencode':
        s.reencode();
        if (model.members.size <= model.max && [...model.members].every(refIsInt64)) model.intset = true;
        break;
      case 'clone': {
        const c = s.clone();
        expect(c.encoding()).toBe(s.encoding());
        expect(c.members()).toEqual(s.members());
        // A copy is independent: changing it leaves the original alone.
        const probe = s.clone();
        probe.add('clone-only');
        probe.delete(probe.members()[0]!);
        expect(s.has('clone-only')).toBe(model.members.has('clone-only'));
        expect(s.size).toBe(model.members.size);
        s = c;
        break;
      }
    }
    same(s, model);
  }
}

describe('isInt64 / compareInt64', () => {
  it('isInt64 accepts exactly what string2ll accepts', () => {
    fc.assert(
      fc.property(fc.oneof(member, fc.string({ maxLength: 22 })), (s) => isInt64(s) === refIsInt64(s)),
    );
    for (const s of ['0', '-1', '9223372036854775807', '-9223372036854775808', '1234567890123456789'])
      expect(isInt64(s)).toBe(true);
    for (const s of ['', '-', '-0', '00', '01', '+1', ' 1', '1 ', '1e3', '0x1', '9223372036854775808'])
      expect(isInt64(s)).toBe(false);
    for (const s of ['-9223372036854775809', '12345678901234567890', '-12345678901234567890'])
      expect(isInt64(s)).toBe(false);
  });

  it('compareInt64 orders int64 strings by value', () => {
    const int = fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map(String);
    fc.assert(
      fc.property(int, int, (a, b) => Math.sign(compareInt64(a, b)) === byValue(a, b)),
      { numRuns: 2000 },
    );
    expect(compareInt64('-10', '-9')).toBeLessThan(0);
    expect(compareInt64('-1', '0')).toBeLessThan(0);
    expect(compareInt64('10', '9')).toBeGreaterThan(0);
    expect(compareInt64('-9223372036854775808', '9223372036854775807')).toBeLessThan(0);
  });
});

describe('RedisSet', () => {
  it('matches a naive model under random operations (small intset limit)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120, size: 'max' }), fc.integer(), (ops, seed) =>
        run(ops, { maxIntsetEntries: 8 }, seed),
      ),
      { numRuns: 400 },
    );
  });

  it('matches a naive model under random operations (Redis default limit)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300, size: 'max' }), fc.integer(), (ops, seed) =>
        run(ops, { maxIntsetEntries: 512 }, seed),
      ),
      { numRuns: 100 },
    );
  });

  it('starts as an intset and iterates it in ascending numeric order', () => {
    const s = RedisSet.from(['10', '-3', '2', '9223372036854775807', '-9223372036854775808', '0']);
    expect(s.encoding()).toBe('intset');
    expect(s.members()).toEqual(['-9223372036854775808', '-3', '0', '2', '10', '9223372036854775807']);
    expect(s.has('02')).toBe(false);
    expect(s.has('2')).toBe(true);
    expect(s.delete('x')).toBe(false);
  });

  it('converts on a non-integer or past set-max-intset-entries, and never back on removal', () => {
    const s = RedisSet.from(['1', '2']);
    s.add('a');
    expect(s.encoding()).toBe('hashtable');
    s.delete('a');
    expect(s.encoding()).toBe('hashtable');
    const big = new RedisSet();
    for (let i = 0; i < 512; i++) big.add(String(i));
    expect(big.encoding()).toBe('intset');
    expect(big.add('511')).toBe(false);
    expect(big.encoding()).toBe('intset');
    big.add('512');
    expect(big.encoding()).toBe('hashtable');
    for (let i = 0; i < 500; i++) big.delete(String(i));
    expect(big.encoding()).toBe('hashtable');
    big.checkValid();
  });

  it('honours a zero limit: even one integer makes a hashtable (setTypeAdd checks after the insert)', () => {
    const s = new RedisSet({ maxIntsetEntries: 0 });
    s.add('1');
    expect(s.encoding()).toBe('hashtable');
  });

  it('shares the limits object, so a change applies to later inserts', () => {
    const limits = { maxIntsetEntries: 512 };
    const s = RedisSet.from(['1', '2', '3'], limits);
    limits.maxIntsetEntries = 2;
    expect(s.encoding()).toBe('intset');
    s.add('4');
    expect(s.encoding()).toBe('hashtable');
  });

  it('reencode turns an all-integer hashtable that fits back into an intset', () => {
    const s = RedisSet.from(['3', 'x', '1', '2']);
    s.delete('x');
    s.reencode();
    expect(s.encoding()).toBe('intset');
    expect(s.members()).toEqual(['1', '2', '3']);
    const t = RedisSet.from(['3', 'x']);
    t.reencode();
    expect(t.encoding()).toBe('hashtable');
    s.checkValid();
  });

  it('random members are uniform (chi-square, df = 9)', () => {
    for (const members of [
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    ]) {
      const s = RedisSet.from(members);
      const rand = randFrom(12345);
      const counts = new Map<string, number>();
      const N = 10_000;
      for (let i = 0; i < N; i++) {
        const m = s.random(rand);
        counts.set(m, (counts.get(m) ?? 0) + 1);
      }
      for (const count of [2, 8]) {
        for (let i = 0; i < N / count; i++) {
          for (const m of s.randomDistinct(count, rand)) counts.set(m, (counts.get(m) ?? 0) + 1);
        }
      }
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const expected = total / members.length;
      let chi = 0;
      for (const m of members) chi += ((counts.get(m) ?? 0) - expected) ** 2 / expected;
      // 40 is what set.tcl allows (p ~ 0.00001).
      expect(chi).toBeLessThan(40);
    }
  });

  it('the sampler stays uniform through removals, re-adds and pops', () => {
    const rand = randFrom(99);
    const s = RedisSet.from(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    s.random(rand); // builds the sampler
    expect(s.sampler).not.toBe(null);
    for (const m of ['a', 'b', 'c', 'd', 'e']) s.delete(m);
    s.add('a');
    s.add('c');
    s.add('k');
    s.checkValid();
    expect(s.stale !== null && s.stale.size === 3).toBe(true); // b, d, e still have entries
    const live = ['a', 'c', 'f', 'g', 'h', 'i', 'j', 'k'];
    const counts = new Map<string, number>();
    const N = 16_000;
    for (let i = 0; i < N; i++) {
      const m = s.random(rand);
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect(sorted([...counts.keys()])).toEqual(live);
    let chi = 0;
    for (const m of live) chi += ((counts.get(m) ?? 0) - N / live.length) ** 2 / (N / live.length);
    expect(chi).toBeLessThan(40); // df = 7
    s.checkValid();
    const popped = new Set<string>();
    while (s.size > 0) popped.add(s.popRandom(rand));
    expect(sorted([...popped])).toEqual(live);
    s.checkValid();
  });

  it('drops the sampler once stale entries outnumber the members, and rebuilds it on demand', () => {
    const rand = randFrom(5);
    const s = RedisSet.from(Array.from({ length: 100 }, (_, i) => `m${i}`));
    s.random(rand);
    for (let i = 0; i < 50; i++) s.delete(`m${i}`);
    expect(s.sampler).not.toBe(null);
    s.delete('m50');
    expect(s.sampler).toBe(null);
    expect(s.stale).toBe(null);
    s.checkValid();
    expect(s.random(rand).startsWith('m')).toBe(true);
    expect(s.sampler).toHaveLength(49);
    s.checkValid();
  });

  it('scanIterator visits every member present throughout, despite concurrent changes', () => {
    const s = new RedisSet();
    for (let i = 0; i < 1000; i++) s.add(`m${i}`);
    const iter = s.scanIterator();
    const seen = new Set<string>();
    const removedAtSomePoint = new Set<string>();
    const rand = randFrom(7);
    for (let step = 0; ; step++) {
      const r = iter.next();
      if (r.done) break;
      seen.add(r.value);
      // Churn: add and remove other members; a popped member moves slots when the last fills its hole.
      if (step < 500) s.add(`new${step}`);
      if (step % 3 === 0 && s.delete(`m${999 - step}`)) removedAtSomePoint.add(`m${999 - step}`);
      if (step % 5 === 0) removedAtSomePoint.add(s.popRandom(rand));
    }
    let checked = 0;
    for (let i = 0; i < 1000; i++) {
      const m = `m${i}`;
      if (removedAtSomePoint.has(m)) continue;
      expect(seen.has(m)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
    s.checkValid();
  });
});

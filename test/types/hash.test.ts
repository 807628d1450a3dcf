// The Hash structure (src/types/hash.ts) against a naive model: a Map for the contents and
// their order, plus a flag for the one-way listpack -> hashtable conversion, with checkValid()
// after every operation. Small limits make the conversions happen within a few operations.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_DEFAULT_LIMITS, Hash, type HashLimits } from '../../src/types/hash.js';

/** A seeded PRNG for the random picks (mulberry32), as (n) => integer in [0, n). */
function seeded(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

interface Model {
  map: Map<string, string>;
  listpack: boolean;
  /** Every write vouched for ASCII. */
  ascii: boolean;
}

const SMALL: HashLimits = { maxListpackEntries: 3, maxListpackValue: 4 };

function modelSet(m: Model, limits: HashLimits, f: string, v: string): boolean {
  if (f.length > limits.maxListpackValue || v.length > limits.maxListpackValue) m.listpack = false;
  const added = !m.map.has(f);
  m.map.set(f, v);
  if (m.map.size > limits.maxListpackEntries) m.listpack = false;
  return added;
}

function same(h: Hash, m: Model): void {
  h.checkValid();
  expect(h.size).toBe(m.map.size);
  expect([...h.map]).toEqual([...m.map]);
  expect(h.encoding()).toBe(m.listpack ? 'listpack' : 'hashtable');
  expect(h.asciiOnly).toBe(m.ascii);
}

// Few distinct fields so sets overwrite and deletes hit; lengths around the value limit.
const field = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '', '__proto__'),
  fc.string({ unit: fc.constantFrom('x', 'y', '\u0000', '\u00ff'), maxLength: 6 }),
);
const value = fc.string({ unit: fc.constantFrom('1', 'v', '\u0080'), maxLength: 6 });

const isAscii = (x: string): boolean => /^[\x00-\x7f]*$/.test(x);

type Op =
  | { op: 'set'; f: string; v: string; claim: boolean }
  | { op: 'delete'; f: string }
  | { op: 'random' }
  | { op: 'randomFields'; count: number }
  | { op: 'distinct'; count: number }
  | { op: 'clone' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('set' as const), f: field, v: value, claim: fc.boolean() }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), f: field }) },
  { weight: 2, arbitrary: fc.constant({ op: 'random' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('randomFields' as const),
      count: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('distinct' as const), count: fc.integer({ min: 1, max: 14 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'clone' as const }) },
);

describe('Hash against a Map model', () => {
  it('random operations keep contents, order, encoding and the sampler index in step', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer(), fc.boolean(), (ops, seed, small) => {
        const limits = small ? SMALL : HASH_DEFAULT_LIMITS;
        const rand = seeded(seed);
        let h = new Hash(limits);
        const m: Model = { map: new Map(), listpack: true, ascii: true };
        for (const o of ops) {
          switch (o.op) {
            case 'set': {
              // Vouch for ASCII only when true (the store's callers prove it).
              const ascii = o.claim && isAscii(o.f) && isAscii(o.v);
              expect(h.set(o.f, o.v, ascii)).toBe(modelSet(m, limits, o.f, o.v));
              if (!ascii) m.ascii = false;
              break;
            }
            case 'delete':
              expect(h.delete(o.f)).toBe(m.map.delete(o.f));
              break;
            case 'random':
              if (m.map.size > 0) expect(m.map.has(h.randomField(rand))).toBe(true);
              break;
            case 'randomFields':
              if (m.map.size > 0) {
                const got = h.randomFields(o.count, rand);
                expect(got).toHaveLength(o.count);
                for (const f of got) expect(m.map.has(f)).toBe(true);
              }
              break;
            case 'distinct': {
              if (m.map.size === 0) break;
              const got = h.randomDistinctFields(o.count, rand);
              const size = m.map.size;
              expect(got).toHaveLength(Math.min(o.count, size));
              expect(new Set(got).size).toBe(got.length);
              for (const f of got) expect(m.map.has(f)).toBe(true);
              if (o.count >= size) expect(got).toEqual([...m.map.keys()]);
              else if (o.count * 3 <= size && m.listpack) {
                // Selection sampling keeps the hash's order, as lpRandomPairsUnique does.
                const order = [...m.map.keys()];
                const at = got.map((f) => order.indexOf(f));
                expect(at).toEqual([...at].sort((x, y) => x - y));
              }
              break;
            }
            case 'clone': {
              const c = h.clone();
              c.checkValid();
              expect([...c.map]).toEqual([...m.map]);
              expect(c.encoding()).toBe(h.encoding());
              h = c; // carry on with the copy: it must behave the same
              break;
            }
          }
          same(h, m);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a clone is independent of the original', () => {
    const h = Hash.from([
      ['a', '1'],
      ['b', '2'],
    ]);
    h.randomField(() => 0);
    const c = h.clone();
    c.set('c', '3');
    c.delete('a');
    h.set('a', 'x');
    expect([...h.map]).toEqual([
      ['a', 'x'],
      ['b', '2'],
    ]);
    expect([...c.map]).toEqual([
      ['b', '2'],
      ['c', '3'],
    ]);
    h.checkValid();
    c.checkValid();
  });
});

describe('Hash encoding', () => {
  it('turns hashtable past hash-max-listpack-entries (512) and never back', () => {
    const h = new Hash();
    for (let i = 0; i < 512; i++) h.set(`f${i}`, 'v');
    expect(h.encoding()).toBe('listpack');
    h.set('f0', 'updated');
    expect(h.encoding()).toBe('listpack');
    h.set('f512', 'v');
    expect(h.encoding()).toBe('hashtable');
    for (let i = 0; i < 512; i++) h.delete(`f${i}`);
    expect(h.size).toBe(1);
    expect(h.encoding()).toBe('hashtable');
    h.checkValid();
  });

  it('turns hashtable for a field or value over hash-max-listpack-value (64) bytes', () => {
    const v = new Hash();
    v.set('f', 'x'.repeat(64));
    v.set('x'.repeat(64), 'v');
    expect(v.encoding()).toBe('listpack');
    v.set('g', 'x'.repeat(65));
    expect(v.encoding()).toBe('hashtable');
    const k = new Hash();
    k.set('x'.repeat(65), '');
    expect(k.encoding()).toBe('hashtable');
  });

  it('reads its limits by reference, as Redis reads its config at each check', () => {
    const limits: HashLimits = { maxListpackEntries: 512, maxListpackValue: 64 };
    const h = new Hash(limits);
    h.set('a', '1');
    h.set('b', '2');
    limits.maxListpackEntries = 2;
    h.set('a', '3');
    expect(h.encoding()).toBe('listpack');
    h.set('c', '3');
    expect(h.encoding()).toBe('hashtable');
  });

  it('clone keeps a hashtable encoding even when the contents would fit a listpack', () => {
    const h = new Hash();
    h.set('f', 'x'.repeat(100));
    h.set('f', 'short');
    const c = h.clone();
    expect(c.encoding()).toBe('hashtable');
    c.set('g', 'x'.repeat(10));
    expect(c.encoding()).toBe('hashtable');
  });

  it('clone of a listpack hash keeps reading the same limits object', () => {
    const limits: HashLimits = { maxListpackEntries: 512, maxListpackValue: 64 };
    const c = new Hash(limits).clone();
    c.set('a', '1');
    limits.maxListpackEntries = 1;
    c.set('b', '2');
    expect(c.encoding()).toBe('hashtable');
  });

  it('checkValid reports a broken sampler index', () => {
    const h = Hash.from([
      ['a', '1'],
      ['b', '2'],
    ]);
    h.randomField(() => 0);
    (h as unknown as { index: { slots: Map<string, number> } }).index.slots.set('a', 1);
    expect(() => h.checkValid()).toThrow(/slot of/);
  });
});

describe('Hash ASCII hint', () => {
  it('stays on while every write vouches for ASCII, and survives clone', () => {
    const h = new Hash();
    expect(h.asciiOnly).toBe(true);
    h.set('a', '1', true);
    h.set('b', '2', true);
    expect(h.asciiOnly).toBe(true);
    expect(h.clone().asciiOnly).toBe(true);
    h.set('c', '\u00ff');
    expect(h.asciiOnly).toBe(false);
    h.delete('c');
    expect(h.asciiOnly).toBe(false); // a hint: deleting does not bring it back
    expect(h.clone().asciiOnly).toBe(false);
    expect(Hash.from([['a', '1']]).asciiOnly).toBe(false);
  });

  it('checkValid catches a false ASCII claim', () => {
    const h = new Hash();
    h.set('f', '\u00e9', true);
    expect(() => h.checkValid()).toThrow(/asciiOnly/);
  });
});

describe('Hash random picks', () => {
  /** Pearson's chi-square statistic of `counts` against a uniform expectation. */
  function chiSquare(counts: Map<string, number>, total: number, cells: number): number {
    const expected = total / cells;
    let x = 0;
    for (const c of counts.values()) x += (c - expected) ** 2 / expected;
    x += (cells - counts.size) * expected; // cells never drawn
    return x;
  }

  function tally(fields: Iterable<string>): Map<string, number> {
    const counts = new Map<string, number>();
    for (const f of fields) counts.set(f, (counts.get(f) ?? 0) + 1);
    return counts;
  }

  // With 9 degrees of freedom, 40 has a probability of about 1e-5 (Redis's hash.tcl uses 40 too).
  const CHI2_LIMIT = 40;

  it('randomField is uniform, also after deletes and re-inserts moved the index around', () => {
    const h = new Hash();
    for (let i = 0; i < 20; i++) h.set(`f${i}`, 'v');
    h.randomField(seeded(1)); // builds the index
    for (let i = 0; i < 20; i += 2) h.delete(`f${i}`);
    h.set('f0', 'back');
    h.delete('f1');
    h.checkValid();
    expect(h.size).toBe(10);
    const rand = seeded(7);
    const n = 20_000;
    const picks: string[] = [];
    for (let i = 0; i < n; i++) picks.push(h.randomField(rand));
    const counts = tally(picks);
    expect(counts.size).toBe(10);
    expect(chiSquare(counts, n, 10)).toBeLessThan(CHI2_LIMIT);
  });

  it('randomFields (negative count) is uniform with repeats', () => {
    const h = new Hash();
    for (let i = 0; i < 10; i++) h.set(`f${i}`, 'v');
    const got = h.randomFields(10_000, seeded(3));
    expect(chiSquare(tally(got), 10_000, 10)).toBeLessThan(CHI2_LIMIT);
  });

  for (const [name, fill] of [
    ['listpack', 10],
    ['hashtable', 600],
  ] as const) {
    it(`randomDistinctFields is uniform for both strategies on a ${name} hash`, () => {
      const h = new Hash();
      for (let i = 0; i < fill; i++) h.set(`f${i}`, 'v');
      h.set('long', 'x'.repeat(name === 'hashtable' ? 100 : 1));
      if (name === 'listpack') h.delete('long');
      expect(h.encoding()).toBe(name);
      const size = h.size;
      const rand = seeded(11);
      // count * 3 > size: copy-and-remove; count * 3 <= size: distinct picks.
      for (const count of [Math.floor(size * 0.8), Math.max(1, Math.floor(size / 5))]) {
        const all: string[] = [];
        const rounds = Math.ceil(20_000 / count);
        for (let r = 0; r < rounds; r++) {
          const got = h.randomDistinctFields(count, rand);
          expect(new Set(got).size).toBe(count);
          all.push(...got);
        }
        // Every field is drawn with probability count/size per call.
        const counts = tally(all);
        expect(counts.size).toBe(size);
        const dof = size - 1;
        // For large dof the statistic is ~N(dof, 2*dof): allow 5 standard deviations.
        const limit = size === 10 ? CHI2_LIMIT : dof + 5 * Math.sqrt(2 * dof);
        expect(chiSquare(counts, all.length, size)).toBeLessThan(limit);
      }
    });
  }

  it('random picks stay O(count) on a large hash', () => {
    const h = new Hash();
    for (let i = 0; i < 200_000; i++) h.set(`field:${i}`, 'v');
    const rand = seeded(5);
    h.randomField(rand); // the one O(N) step: building the index
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      h.randomDistinctFields(5, rand);
      h.randomFields(5, rand);
      h.set(`extra:${i}`, 'v');
      h.delete(`extra:${i}`);
    }
    // 40k O(1)-ish operations; an O(N) copy per call would take minutes.
    expect(performance.now() - t0).toBeLessThan(2_000);
    h.checkValid();
  });
});

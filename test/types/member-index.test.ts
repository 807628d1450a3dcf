// MemberIndex (a big sorted set's member -> score table) against a JS Map as the model, with
// checkValid() after every step, and the iteration guarantee SCAN relies on.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOf, MemberIndex } from '../../src/types/member-index.js';

const byteChar = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const member = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 300 }).map((i) => `m${i}`) },
  { weight: 2, arbitrary: fc.string({ unit: byteChar, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '\xff', 'x'.repeat(100)) },
);
const score = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }));

type Op =
  | { t: 'set'; m: string; s: number }
  | { t: 'delete'; m: string }
  | { t: 'bulkAdd'; n: number; from: number }
  | { t: 'bulkDelete'; keep: number }
  | { t: 'clear' }
  | { t: 'clone' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('set' as const), m: member, s: score }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('delete' as const), m: member }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('bulkAdd' as const),
      n: fc.integer({ min: 1, max: 3000 }),
      from: fc.integer({ min: 0, max: 5000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('bulkDelete' as const), keep: fc.integer({ min: 0, max: 50 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'clone' as const }) },
);

function same(x: MemberIndex, model: Map<string, number>): void {
  x.checkValid();
  expect(x.size).toBe(model.size);
  const got = new Map(x);
  expect(got.size).toBe(model.size);
  for (const [m, s] of model) {
    expect(Object.is(x.get(m), s)).toBe(true);
    expect(x.has(m)).toBe(true);
    expect(Object.is(got.get(m), s)).toBe(true);
  }
}

describe('MemberIndex', () => {
  it('behaves as a Map through sets, deletes, growth, compaction, clear and clone', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let x = new MemberIndex();
        let model = new Map<string, number>();
        for (const o of ops) {
          switch (o.t) {
            case 'set':
              x.set(o.m, o.s);
              model.set(o.m, o.s);
              break;
            case 'delete':
              expect(x.delete(o.m)).toBe(model.delete(o.m));
              break;
            case 'bulkAdd':
              for (let i = o.from; i < o.from + o.n; i++) {
                x.set(`b${i}`, i);
                model.set(`b${i}`, i);
              }
              break;
            case 'bulkDelete': {
              // Down to `keep` members: shrinks past a quarter of the ids (compaction).
              const victims = [...model.keys()].slice(o.keep);
              for (const m of victims) {
                expect(x.delete(m)).toBe(true);
                model.delete(m);
              }
              break;
            }
            case 'clear':
              x.clear();
              model.clear();
              break;
            case 'clone': {
              const c = x.clone();
              // The copy is independent: changing the original leaves it as it was.
              x.set('after-clone', 1);
              same(c, model);
              x.delete('after-clone');
              x = c;
              model = new Map(model);
              break;
            }
          }
          same(x, model);
          expect(x.get('never-added')).toBe(undefined);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a walk visits every member present throughout exactly once while others come and go', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 800 })), { maxLength: 400 }),
        (initial, changes) => {
          const x = new MemberIndex();
          for (let i = 0; i < initial; i++) x.set(`k${i}`, i);
          const touched = new Set<string>();
          const seen = new Map<string, number>();
          const it = x.entries();
          let step = 0;
          for (;;) {
            // One change per step of the walk: adds and deletes, never of a member it must see.
            const c = changes[step++];
            if (c !== undefined) {
              const m = `k${c[1]}`;
              touched.add(m);
              if (c[0]) x.set(m, -1);
              else x.delete(m);
            }
            const r = it.next();
            if (r.done) break;
            seen.set(r.value[0], (seen.get(r.value[0]) ?? 0) + 1);
          }
          for (let i = 0; i < initial; i++) {
            const m = `k${i}`;
            if (touched.has(m)) continue;
            // Present throughout: seen once (more only if ids were compacted mid-walk).
            expect(seen.get(m) ?? 0).toBeGreaterThanOrEqual(1);
          }
          x.checkValid();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts a repeated walk exactly once per member without compaction', () => {
    const x = new MemberIndex();
    for (let i = 0; i < 5000; i++) x.set(`k${i}`, i);
    for (let i = 0; i < 5000; i += 3) x.delete(`k${i}`);
    const it = x.keys();
    const seen = new Set<string>();
    let n = 0;
    for (let r = it.next(); !r.done; r = it.next()) {
      seen.add(r.value);
      n++;
      if (n % 10 === 0) x.set(`new${n}`, n);
    }
    expect(n).toBe(seen.size);
    for (let i = 0; i < 5000; i++) if (i % 3 !== 0) expect(seen.has(`k${i}`)).toBe(true);
  });

  it('deletes inside a probe run that wraps around the end of the table', () => {
    // Three members whose home is the last of 16 slots: they sit in slots 15, 0 and 1.
    const last: string[] = [];
    for (let i = 0; last.length < 3; i++) if ((hashOf(`w${i}`) & 15) === 15) last.push(`w${i}`);
    for (const victim of [0, 1, 2]) {
      const x = new MemberIndex();
      for (const [i, m] of last.entries()) x.set(m, i);
      x.checkValid();
      x.delete(last[victim]!);
      x.checkValid();
      for (const [i, m] of last.entries()) expect(x.get(m)).toBe(i === victim ? undefined : i);
    }
  });

  it('bulk() builds the index set() would, then behaves as a Map', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(member, { maxLength: 400 }),
        fc.array(op, { maxLength: 30 }),
        (members, ops) => {
          const scores = members.map((_, i) => i * 1.5 - 7);
          const x = MemberIndex.bulk(members.slice(), scores);
          const model = new Map(members.map((m, i) => [m, scores[i]!]));
          same(x, model);
          // Ids follow the input order, as a walk shows.
          expect([...x.keys()]).toEqual(members);
          for (const o of ops) {
            if (o.t === 'set') {
              x.set(o.m, o.s);
              model.set(o.m, o.s);
            } else if (o.t === 'delete') {
              expect(x.delete(o.m)).toBe(model.delete(o.m));
            }
          }
          same(x, model);
        },
      ),
    );
  });

  it('bulk() wraps a run past the end of the table around to its start', () => {
    // 8 members in 16 slots; five of them live at home 14 or 15, so the run wraps into 0..2, and
    // one more has home 1: it must probe past the wrapped ones.
    const pick = (home: number, n: number, from: number): string[] => {
      const out: string[] = [];
      for (let i = from; out.length < n; i++) if ((hashOf(`b${i}`) & 15) === home) out.push(`b${i}`);
      return out;
    };
    const members = [...pick(1, 1, 0), ...pick(14, 2, 0), ...pick(15, 3, 0), ...pick(5, 2, 0)];
    const x = MemberIndex.bulk(
      members.slice(),
      members.map((_, i) => i),
    );
    x.checkValid();
    for (const [i, m] of members.entries()) expect(x.get(m)).toBe(i);
    for (const m of members) {
      expect(x.delete(m)).toBe(true);
      x.checkValid();
    }
    expect(x.size).toBe(0);
  });

  it('bulk() refuses a member given twice', () => {
    const members = Array.from({ length: 3000 }, (_, i) => `d${i}`);
    members.push('d1234');
    expect(() => MemberIndex.bulk(members, new Float64Array(members.length))).toThrow(
      'duplicate member "d1234"',
    );
    expect(() => MemberIndex.bulk(['', ''], [1, 2])).toThrow('duplicate member ""');
  });
});

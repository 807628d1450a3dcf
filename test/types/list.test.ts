import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_CAPACITY as CAP, List } from '../../src/types/list.js';

/** Runs in the chain, head run included (reads the @internal links). */
function runCount(list: List): number {
  let n = 1;
  for (let run = list.next; run !== null; run = run.next) n++;
  return n;
}

function filled(n: number, prefix = 'e'): List {
  const list = new List();
  for (let i = 0; i < n; i++) list.pushRight(`${prefix}${i}`);
  return list;
}

// ---- a plain-array model of Redis's semantics ----

function modelRemove(model: string[], value: string, count: number): number {
  let removed = 0;
  const limit = count === 0 ? Number.POSITIVE_INFINITY : Math.abs(count);
  if (count >= 0) {
    for (let i = 0; i < model.length && removed < limit; ) {
      if (model[i] === value) {
        model.splice(i, 1);
        removed++;
      } else i++;
    }
  } else {
    for (let i = model.length - 1; i >= 0 && removed < limit; i--) {
      if (model[i] === value) {
        model.splice(i, 1);
        removed++;
      }
    }
  }
  return removed;
}

/** lposCommand's loop, transcribed. */
function modelPositions(
  model: string[],
  value: string,
  rank: number,
  count: number,
  maxlen: number,
): number[] {
  const fromTail = rank < 0;
  if (rank < 0) rank = -rank;
  const out: number[] = [];
  let matches = 0;
  for (let index = 0; index < model.length && (maxlen === 0 || index < maxlen); index++) {
    const at = fromTail ? model.length - 1 - index : index;
    if (model[at] === value) {
      matches++;
      if (matches >= rank) {
        out.push(at);
        if (count !== 0 && matches - rank + 1 >= count) break;
      }
    }
  }
  return out;
}

/** Moves `times` elements from the head to the tail (from the tail to the head when negative). */
function rotate(model: string[], times: number): void {
  for (let i = 0; i < times; i++) model.push(model.shift()!);
  for (let i = 0; i > times; i--) model.unshift(model.pop()!);
}

/** Checks the structure and its contents against the model. */
function same(list: List, model: string[]): void {
  list.checkValid();
  expect(list.toArray()).toEqual(model);
}

// ---- random operations ----

const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
/** A position as a fraction of the length, so it lands inside whatever the list holds. */
const where = fc.double({ min: 0, max: 1, noNaN: true });
const at = (f: number, n: number): number => Math.min(n, Math.floor(f * (n + 1)));

type Op =
  | { op: 'pushLeft' | 'pushRight'; v: string; times: number }
  | { op: 'popLeft' | 'popRight'; times: number }
  | { op: 'at' | 'removeAt'; f: number }
  | { op: 'set' | 'insertAt'; f: number; v: string; times: number }
  | { op: 'range' | 'trim'; f: number; g: number; outside: number }
  | { op: 'removeValue'; v: string; count: number }
  | { op: 'positions'; v: string; rank: number; count: number; maxlen: number }
  | { op: 'dropLeft' | 'dropRight'; f: number }
  | { op: 'clone' | 'iterate' }
  | { op: 'rotate'; times: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constantFrom('pushLeft' as const, 'pushRight' as const),
    v: value,
    times: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: CAP + 50 })),
  }),
  fc.record({
    op: fc.constantFrom('popLeft' as const, 'popRight' as const),
    times: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: CAP + 50 })),
  }),
  fc.record({ op: fc.constantFrom('at' as const, 'removeAt' as const), f: where }),
  fc.record({
    op: fc.constantFrom('set' as const, 'insertAt' as const),
    f: where,
    v: value,
    times: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: CAP })),
  }),
  fc.record({
    op: fc.constantFrom('range' as const, 'trim' as const),
    f: where,
    g: where,
    outside: fc.integer({ min: -2, max: 2 }),
  }),
  fc.record({ op: fc.constant('removeValue' as const), v: value, count: fc.integer({ min: -40, max: 40 }) }),
  fc.record({
    op: fc.constant('positions' as const),
    v: value,
    rank: fc.integer({ min: -4, max: 4 }).filter((r) => r !== 0),
    count: fc.integer({ min: 0, max: 4 }),
    maxlen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 * CAP })),
  }),
  fc.record({ op: fc.constantFrom('dropLeft' as const, 'dropRight' as const), f: where }),
  fc.record({ op: fc.constantFrom('clone' as const, 'iterate' as const) }),
  // Moves ring starts around, so runs wrap past the end of their ring.
  fc.record({ op: fc.constant('rotate' as const), times: fc.integer({ min: -CAP, max: CAP }) }),
);

function apply(list: List, model: string[], o: Op): void {
  const n = model.length;
  switch (o.op) {
    case 'pushLeft':
      for (let i = 0; i < o.times; i++) {
        list.pushLeft(o.v);
        model.unshift(o.v);
      }
      break;
    case 'pushRight':
      for (let i = 0; i < o.times; i++) {
        list.pushRight(o.v);
        model.push(o.v);
      }
      break;
    case 'popLeft':
      for (let i = 0; i < o.times; i++) expect(list.popLeft()).toBe(model.shift());
      break;
    case 'popRight':
      for (let i = 0; i < o.times; i++) expect(list.popRight()).toBe(model.pop());
      break;
    case 'at': {
      const i = at(o.f, n);
      expect(list.at(i)).toBe(model[i]);
      expect(list.at(-1)).toBe(undefined);
      break;
    }
    case 'removeAt': {
      const i = at(o.f, n);
      expect(list.removeAt(i)).toBe(i < n ? model.splice(i, 1)[0] : undefined);
      break;
    }
    case 'set': {
      const i = at(o.f, n);
      expect(list.set(i, o.v)).toBe(i < n);
      if (i < n) model[i] = o.v;
      break;
    }
    case 'insertAt': {
      // A run of inserts at one spot fills a run and splits it.
      const i = at(o.f, n);
      for (let k = 0; k < o.times; k++) {
        list.insertAt(i + (k & 1), `${o.v}${k}`);
        model.splice(i + (k & 1), 0, `${o.v}${k}`);
      }
      break;
    }
    case 'range':
    case 'trim': {
      let start = at(o.f, n);
      let stop = at(o.g, n);
      if (o.outside < 0) start = o.outside * 5;
      if (o.outside > 0) stop = n + o.outside * 5;
      const lo = Math.max(start, 0);
      const hi = Math.min(stop, n - 1);
      if (o.op === 'range') expect(list.range(start, stop)).toEqual(lo > hi ? [] : model.slice(lo, hi + 1));
      else {
        list.trim(start, stop);
        const kept = lo > hi ? [] : model.slice(lo, hi + 1);
        model.length = 0;
        model.push(...kept);
      }
      break;
    }
    case 'removeValue':
      expect(list.removeValue(o.v, o.count)).toBe(modelRemove(model, o.v, o.count));
      break;
    case 'positions':
      expect(list.positions(o.v, o.rank, o.count, o.maxlen)).toEqual(
        modelPositions(model, o.v, o.rank, o.count, o.maxlen),
      );
      expect(list.indexOf(o.v)).toBe(model.indexOf(o.v));
      break;
    case 'dropLeft':
    case 'dropRight': {
      const k = at(o.f, n);
      if (o.op === 'dropLeft') {
        list.dropLeft(k);
        model.splice(0, k);
      } else {
        list.dropRight(k);
        model.splice(n - k, k);
      }
      break;
    }
    case 'clone': {
      const copy = list.clone();
      copy.checkValid();
      expect(copy.toArray()).toEqual(model);
      // The copy is independent in both directions.
      copy.pushLeft('clone-only');
      copy.pushRight('clone-only');
      if (n > 0) copy.set(0, 'changed');
      expect(list.toArray()).toEqual(model);
      break;
    }
    case 'rotate':
      if (n === 0) break;
      for (let i = 0; i < o.times; i++) list.pushRight(list.popLeft()!);
      for (let i = 0; i > o.times; i--) list.pushLeft(list.popRight()!);
      rotate(model, o.times);
      break;
    case 'iterate':
      expect([...list]).toEqual(model);
      expect([...list.reversed()]).toEqual([...model].reverse());
      break;
  }
}

describe('List (quicklist-like chain of ring buffers)', () => {
  it('matches a plain array under random operations at both ends and in the middle', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 * CAP + 20 }),
        fc.array(opArb, { minLength: 1, maxLength: 60 }),
        (initial, ops) => {
          const model = Array.from({ length: initial }, (_, i) => 'abc'[i % 3]! + (i % 7 === 0 ? '' : i));
          const list = List.from(model);
          list.checkValid();
          for (const o of ops) {
            apply(list, model, o);
            list.checkValid();
            expect(list.length).toBe(model.length);
          }
          expect(list.toArray()).toEqual(model);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('OBJECT ENCODING is quicklist at every size, as in Redis 7.0', () => {
    const list = new List();
    expect(list.type).toBe('list');
    list.pushRight('a');
    expect(list.encoding()).toBe('quicklist');
    for (let i = 0; i < 10_000; i++) list.pushRight('x'.repeat(100));
    expect(list.encoding()).toBe('quicklist');
  });

  it('a queue (LPUSH + RPOP) runs through many runs in FIFO order', () => {
    const list = new List();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 1000; i++) list.pushLeft(String(next++));
      for (let i = 0; i < 700; i++) expect(list.popRight()).toBe(String(expected++));
      list.checkValid();
    }
    while (list.length > 0) expect(list.popRight()).toBe(String(expected++));
    expect(expected).toBe(next);
    expect(list.popRight()).toBe(undefined);
    expect(list.popLeft()).toBe(undefined);
    list.checkValid();
  });

  it('RPUSH + LPOP hands the head ring back and forth without losing order', () => {
    const list = new List();
    for (let i = 0; i < 1000; i++) list.pushRight(String(i));
    for (let i = 0; i < 1000; i++) {
      expect(list.popLeft()).toBe(String(i));
      list.pushRight(String(i + 1000));
    }
    list.checkValid();
    expect(list.at(0)).toBe('1000');
    expect(list.at(999)).toBe('1999');
  });

  it('LINDEX and LSET reach every position of a large list from the nearer end', () => {
    const list = filled(5000);
    for (let i = 0; i < 5000; i += 37) expect(list.at(i)).toBe(`e${i}`);
    expect(list.at(4999)).toBe('e4999');
    expect(list.at(5000)).toBe(undefined);
    expect(list.set(2500, 'mid')).toBe(true);
    expect(list.set(5000, 'x')).toBe(false);
    expect(list.at(2500)).toBe('mid');
    list.checkValid();
  });

  it('LINSERT in the middle splits full runs and keeps order', () => {
    const list = filled(4 * CAP);
    const model = [...list];
    for (let k = 0; k < 8 * CAP; k++) {
      const i = (k * 7919) % (model.length + 1);
      list.insertAt(i, `n${k}`);
      model.splice(i, 0, `n${k}`);
    }
    list.checkValid();
    expect(list.toArray()).toEqual(model);
    // Splits leave runs at least half full.
    expect(runCount(list)).toBeLessThanOrEqual(Math.ceil(model.length / (CAP / 2)) + 1);
    expect(() => list.insertAt(model.length + 1, 'x')).toThrow(RangeError);
  });

  it('LINSERT into a full run lands right at every offset of the split', () => {
    for (const base of [0, CAP, 2 * CAP]) {
      for (let offset = 0; offset <= CAP; offset++) {
        const list = filled(3 * CAP);
        const model = [...list];
        list.insertAt(base + offset, 'new');
        model.splice(base + offset, 0, 'new');
        list.checkValid();
        expect(list.toArray()).toEqual(model);
        list.removeAt(base + offset);
        model.splice(base + offset, 1);
        list.checkValid();
        expect(list.toArray()).toEqual(model);
      }
    }
  });

  it('LINSERT and removeAt shift across the end of a ring at every rotation', () => {
    // One ring with one free slot (8 slots for 7 elements, CAP slots for CAP - 1), rotated so
    // that the run wraps at each possible place, then changed at each possible offset.
    for (const size of [7, CAP - 1]) {
      const rotations = size === 7 ? [0, 1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, CAP / 2, CAP - 3, CAP - 2, CAP - 1];
      for (const rot of rotations) {
        for (let index = 0; index <= size; index++) {
          const list = filled(size);
          const model = [...list];
          for (let k = 0; k < rot; k++) list.pushRight(list.popLeft()!);
          rotate(model, rot);
          list.insertAt(index, 'new');
          model.splice(index, 0, 'new');
          same(list, model);
          if (index < size) {
            expect(list.removeAt(index)).toBe(model.splice(index, 1)[0]);
            expect(list.removeAt(size - 1 - index)).toBe(model.splice(size - 1 - index, 1)[0]);
            same(list, model);
          }
        }
      }
    }
  });

  it('merging appends across the end of a rotated ring', () => {
    // CAP - 60: A holds 40 elements from slot CAP - 60, so appending B crosses the end.
    for (const rot of [0, 1, CAP / 2, CAP - 60, CAP - 5, CAP - 1]) {
      // The head ring, full and rotated by rot, becomes node A when one more element comes on
      // the left; node B (the tail) follows it, and a full head keeps A from merging leftwards.
      const list = filled(CAP);
      const model = [...list];
      for (let k = 0; k < rot; k++) list.pushRight(list.popLeft()!);
      rotate(model, rot);
      for (let i = 0; i < CAP; i++) {
        list.pushLeft(`h${i}`);
        model.unshift(`h${i}`);
      }
      for (let i = 0; i < CAP; i++) {
        list.pushRight(`b${i}`);
        model.push(`b${i}`);
      }
      same(list, model);
      expect(runCount(list)).toBe(3);
      // Shrink A from its back (its start stays at rot) to 40, then B until both fit in one ring.
      while (model.length > 2 * CAP + 40) {
        const i = model.length - CAP - 2; // A's last but one
        expect(list.removeAt(i)).toBe(model.splice(i, 1)[0]);
      }
      same(list, model);
      while (runCount(list) === 3) {
        const i = model.length - 2;
        expect(list.removeAt(i)).toBe(model.splice(i, 1)[0]);
      }
      same(list, model);
      expect(list.next!.size).toBe(CAP / 2);
    }
  });

  it('LREM leaving runs sparse merges neighbours back together', () => {
    const list = new List();
    const n = 100 * CAP;
    for (let i = 0; i < n; i++) list.pushRight(i % 10 === 0 ? 'keep' : 'drop');
    expect(runCount(list)).toBe(100);
    expect(list.removeValue('drop', 0)).toBe(n - n / 10);
    list.checkValid();
    expect(list.length).toBe(n / 10);
    // A tenth of each run is left; merges bring runs to over a quarter full on average.
    expect(runCount(list)).toBeLessThanOrEqual(Math.ceil(n / 10 / (CAP / 4)));
    expect(list.removeValue('keep', -5)).toBe(5);
    expect(list.removeValue('keep', 5)).toBe(5);
    expect(list.removeValue('keep', 0)).toBe(n / 10 - 10);
    expect(list.length).toBe(0);
    list.checkValid();
  });

  it('LTRIM drops whole runs and keeps the inclusive range', () => {
    const list = filled(10_000);
    list.trim(1234, 8765);
    list.checkValid();
    expect(list.length).toBe(8765 - 1234 + 1);
    expect(list.at(0)).toBe('e1234');
    expect(list.at(list.length - 1)).toBe('e8765');
    list.trim(10, 5);
    expect(list.length).toBe(0);
    list.checkValid();
  });

  it('LPOS follows RANK, COUNT and MAXLEN as in the Redis docs', () => {
    const list = List.from(['a', 'b', 'c', '1', '2', '3', 'c', 'c']);
    expect(list.positions('c')).toEqual([2]);
    expect(list.positions('c', 2)).toEqual([6]);
    expect(list.positions('c', -1)).toEqual([7]);
    expect(list.positions('c', 1, 2)).toEqual([2, 6]);
    expect(list.positions('c', -1, 2)).toEqual([7, 6]);
    expect(list.positions('c', 1, 0)).toEqual([2, 6, 7]);
    expect(list.positions('c', 1, 0, 3)).toEqual([2]);
    expect(list.positions('c', -1, 0, 2)).toEqual([7, 6]);
    expect(list.positions('z', 1, 0)).toEqual([]);
    expect(list.indexOf('3')).toBe(5);
    expect(list.indexOf('z')).toBe(-1);
  });

  it('releases popped strings: vacated slots hold undefined', () => {
    const list = filled(3 * CAP);
    for (let i = 0; i < CAP + 10; i++) list.popLeft();
    for (let i = 0; i < CAP - 10; i++) list.popRight();
    list.removeAt(20);
    expect(list.removeValue(`e${CAP + 40}`, 0)).toBe(1);
    list.checkValid(); // checks every slot outside a run is undefined
    expect(list.length).toBe(CAP - 2);
  });

  it('a small list grows its head ring by one slot at a time up to four', () => {
    const list = new List();
    const caps: number[] = [];
    for (let i = 0; i < 10; i++) {
      list.pushLeft(String(i));
      caps.push(list.items.length);
    }
    expect(caps).toEqual([1, 2, 3, 4, 8, 8, 8, 8, 16, 16]);
    expect(list.toArray()).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
  });
});

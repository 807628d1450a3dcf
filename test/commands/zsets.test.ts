// Sorted sets through the typed API: option handling, replies as numbers, encodings, effects
// and events as Redis 7.0 propagates them, and the blocking pops (BZPOPMIN BZPOPMAX BZMPOP) on
// the shared registry with a FakeClock: FIFO service, timeouts, denyBlocking, cancellation.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockedReply, NULL_ARRAY } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { FakeClock, ReplyError, type Session, Store } from '../../src/index.js';
import { SortedSet } from '../../src/types/zset.js';

const T0 = Date.UTC(2030, 0, 1);

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 7 });
  const units: string[][] = [];
  store.effects.addSink((unit) => units.push(unit.map((e) => e.argv.join(' '))));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) => {
    const cls = flag === NOTIFY.ZSET ? 'zset' : flag === NOTIFY.GENERIC ? 'generic' : String(flag);
    events.push(`${cls}:${event}:${key}`);
  });
  const reset = () => {
    units.length = 0;
    events.length = 0;
  };
  return { clock, store, units, events, reset };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReplyError) return e.message;
    throw e;
  }
  throw new Error('did not throw');
}

describe('ZADD / ZINCRBY', () => {
  it('ZADD takes pairs, a record, a Map or one score and member', () => {
    const { store } = setup();
    expect(
      store.zadd('z', [
        [1, 'a'],
        [2, 'b'],
      ]),
    ).toBe(2);
    expect(store.zadd('z', { c: 3, a: 10 })).toBe(1);
    expect(store.zadd('z', new Map([['d', 4]]))).toBe(1);
    expect(store.zadd('z', 5, 'e')).toBe(1);
    expect(store.zrangeWithScores('z', 0, -1)).toEqual([
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 5],
      ['a', 10],
    ]);
  });

  it('ZADD GT CH counts added and updated members', () => {
    const { store } = setup();
    store.zadd('z', { a: 5, b: 5 });
    expect(store.zadd('z', { a: 6, b: 4, c: 1 }, { comparison: 'GT', ch: true })).toBe(2);
    expect(store.zscore('z', 'a')).toBe(6);
    expect(store.zscore('z', 'b')).toBe(5);
    expect(store.zadd('z', { a: 1, d: 1 }, { condition: 'XX', comparison: 'LT' })).toBe(0);
    expect(store.zscore('z', 'a')).toBe(1);
    expect(store.zscore('z', 'd')).toBe(null);
  });

  it('ZADD rejects incompatible options and NaN with Redis errors', () => {
    const { store } = setup();
    expect(errorOf(() => store.zadd('z', 1, 'a', { condition: 'NX', comparison: 'GT' }))).toBe(
      'ERR GT, LT, and/or NX options at the same time are not compatible',
    );
    expect(errorOf(() => store.zadd('z', Number.NaN, 'a'))).toBe('ERR value is not a valid float');
    expect(store.exists('z')).toBe(0);
  });

  it('ZADD INCR returns the new score, or null when a condition stops it', () => {
    const { store } = setup();
    expect(store.zaddIncr('z', 2, 'a')).toBe(2);
    expect(store.zaddIncr('z', 2, 'a', { condition: 'NX' })).toBe(null);
    expect(store.zaddIncr('z', -1, 'a', { comparison: 'GT' })).toBe(null);
    expect(store.zincrby('z', 0.5, 'a')).toBe(2.5);
    store.zincrby('z', Number.POSITIVE_INFINITY, 'a');
    expect(errorOf(() => store.zincrby('z', Number.NEGATIVE_INFINITY, 'a'))).toBe(
      'ERR resulting score is not a number (NaN)',
    );
  });

  it('logs ZADD and ZINCRBY as issued, only when they changed something, with zadd/zincr events', () => {
    const { store, units, events } = setup();
    store.zadd('z', { a: 1 });
    store.zadd('z', { a: 1 });
    store.zincrby('z', 0.1, 'a');
    store.call('ZADD', 'z', 'xx', 'ch', '7', 'a');
    expect(units).toEqual([['ZADD z 1 a'], ['ZINCRBY z 0.10000000000000001 a'], ['ZADD z xx ch 7 a']]);
    expect(events).toEqual(['zset:zadd:z', 'zset:zincr:z', 'zset:zadd:z']);
  });
});

describe('reads and ranges', () => {
  it('ZRANK / ZRANGE / ZRANGEBYSCORE answer a leaderboard', () => {
    const { store } = setup();
    for (let i = 0; i < 1000; i++) store.zadd('lb', i * 10, `p${i}`);
    expect(store.zrank('lb', 'p500')).toBe(500);
    expect(store.zrevrank('lb', 'p500')).toBe(499);
    expect(store.zrange('lb', 0, 2, { rev: true })).toEqual(['p999', 'p998', 'p997']);
    expect(store.zrangebyscore('lb', '(100', '+inf', { offset: 0, count: 2 })).toEqual(['p11', 'p12']);
    expect(store.zrevrangebyscore('lb', 55, 20)).toEqual(['p5', 'p4', 'p3', 'p2']);
    expect(store.zcount('lb', '(0', 30)).toBe(3);
    expect(store.zrangeWithScores('lb', '+inf', 9980, { by: 'SCORE', rev: true })).toEqual([
      ['p999', 9990],
      ['p998', 9980],
    ]);
    expect(store.zmscore('lb', 'p1', 'nope')).toEqual([10, null]);
  });

  it('ZRANGE BYLEX and ZLEXCOUNT take Redis lex bounds', () => {
    const { store } = setup();
    store.zadd('z', { a: 0, b: 0, c: 0, d: 0 });
    expect(store.zrangebylex('z', '(a', '[c')).toEqual(['b', 'c']);
    expect(store.zrevrangebylex('z', '+', '-', { offset: 1, count: 2 })).toEqual(['c', 'b']);
    expect(store.zlexcount('z', '-', '(c')).toBe(2);
    expect(errorOf(() => store.zrangebylex('z', 'a', '+'))).toBe(
      'ERR min or max not valid string range item',
    );
    expect(errorOf(() => store.zrangeWithScores('z', '-', '+', { by: 'LEX' }))).toBe(
      'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
    );
  });

  it('ZRANGESTORE and ZREMRANGEBY* delete emptied keys', () => {
    const { store, events } = setup();
    store.zadd('z', { a: 1, b: 2, c: 3 });
    expect(store.zrangestore('dst', 'z', 1, 2)).toBe(2);
    expect(store.zrange('dst', 0, -1)).toEqual(['b', 'c']);
    expect(store.zremrangebyscore('z', '(1', '+inf')).toBe(2);
    expect(store.zremrangebyrank('z', 0, -1)).toBe(1);
    expect(store.exists('z')).toBe(0);
    expect(events.slice(-3)).toEqual(['zset:zremrangebyscore:z', 'zset:zremrangebyrank:z', 'generic:del:z']);
  });

  it('ZSCAN walks a skiplist set completely', () => {
    const { store } = setup();
    const entries: Record<string, number> = {};
    for (let i = 0; i < 300; i++) entries[`m${i}`] = i / 2;
    store.zadd('z', entries);
    const seen = new Map<string, number>();
    let cursor = '0';
    do {
      const [next, batch] = store.zscan('z', cursor, { count: 17 });
      for (const [m, s] of batch) seen.set(m, s);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    expect(seen.get('m3')).toBe(1.5);
  });
});

describe('set operations', () => {
  it('ZUNIONSTORE with WEIGHTS and plain sets as inputs with score 1', () => {
    const { store } = setup();
    store.zadd('a', { x: 1, y: 2 });
    store.sadd('s', 'y', 'z');
    expect(store.zunionstore('u', ['a', 's'], { weights: [2, 3] })).toBe(3);
    expect(store.zrangeWithScores('u', 0, -1)).toEqual([
      ['x', 2],
      ['z', 3],
      ['y', 7],
    ]);
    expect(store.zinterWithScores(['a', 's'], { aggregate: 'MAX' })).toEqual([['y', 2]]);
    expect(store.zdiff(['a', 's'])).toEqual(['x']);
    expect(store.zintercard(['a', 's', 'u'])).toBe(1);
  });

  it('inf * 0 and inf + -inf aggregate to 0, as Redis', () => {
    const { store } = setup();
    store.zadd('p', Number.POSITIVE_INFINITY, 'm');
    store.zadd('n', Number.NEGATIVE_INFINITY, 'm');
    expect(store.zunionWithScores(['p'], { weights: [0] })).toEqual([['m', 0]]);
    expect(store.zunionWithScores(['p', 'n'])).toEqual([['m', 0]]);
  });

  it('the STORE forms are logged as issued and an empty result deletes the destination', () => {
    const { store, units, reset } = setup();
    store.zadd('a', { x: 1 });
    store.zadd('dst', { old: 1 });
    reset();
    expect(store.zinterstore('dst', ['a', 'missing'])).toBe(0);
    expect(store.exists('dst')).toBe(0);
    expect(units).toEqual([['ZINTERSTORE dst 2 a missing']]);
  });
});

describe('pops', () => {
  it('ZPOPMIN / ZPOPMAX / ZMPOP return [member, score] pairs and log rewrites', () => {
    const { store, units, reset } = setup();
    store.zadd('z', { a: 1, b: 2, c: 3, d: 4 });
    reset();
    expect(store.zpopmin('z')).toEqual([['a', 1]]);
    expect(store.zpopmax('z', 2)).toEqual([
      ['d', 4],
      ['c', 3],
    ]);
    expect(store.zmpop(['missing', 'z'], 'MIN', 10)).toEqual(['z', [['b', 2]]]);
    expect(store.zmpop(['z'], 'MIN')).toBe(null);
    expect(units).toEqual([['ZPOPMIN z'], ['ZPOPMAX z 2'], ['ZPOPMIN z 1']]);
  });
});

describe('blocking pops', () => {
  it('BZPOPMIN serves waiters first-blocked first-served when ZADD fills the key', async () => {
    const { store, units, reset } = setup();
    const a = store.bzpopmin('z', 0);
    const b = store.call('BZPOPMAX', 'z', 0) as Promise<unknown>;
    expect(b).toBeInstanceOf(Promise);
    reset();
    expect(store.zadd('z', { x: 1, y: 2, w: 3 })).toBe(3);
    expect(await a).toEqual(['z', 'x', 1]);
    expect(await b).toEqual(['z', 'w', '3']);
    expect(store.zrange('z', 0, -1)).toEqual(['y']);
    expect(units).toEqual([['ZADD z 1 x 2 y 3 w'], ['ZPOPMIN z'], ['ZPOPMAX z']]);
  });

  it('BZMPOP is served with a count and logged as ZPOPMIN key <popped>', async () => {
    const { store, units, reset } = setup();
    const p = store.bzmpop(0, ['k1', 'k2'], 'MIN', { count: 5 });
    reset();
    store.zadd('k2', { a: 1, b: 2 });
    expect(await p).toEqual([
      'k2',
      [
        ['a', 1],
        ['b', 2],
      ],
    ]);
    expect(units).toEqual([['ZADD k2 1 a 2 b'], ['ZPOPMIN k2 2']]);
    expect(store.exists('k2')).toBe(0);
  });

  it('times out on the clock with null, and a wrong type wakes nobody', async () => {
    const { store, clock } = setup();
    let settled: unknown = 'pending';
    store.bzpopmax(['z'], 1.5).then((v) => {
      settled = v;
    });
    store.call('SET', 'z', 'string');
    await flush();
    expect(settled).toBe('pending');
    clock.advance(1501);
    await flush();
    expect(settled).toBe(null);
  });

  it('ZUNIONSTORE and ZRANGESTORE creating a key wake a waiter', async () => {
    const { store } = setup();
    store.zadd('src', { a: 1 });
    const p = store.bzpopmin('dst', 0);
    store.zunionstore('dst', ['src']);
    expect(await p).toEqual(['dst', 'a', 1]);
    const q = store.bzpopmin('dst2', 0);
    store.call('ZRANGESTORE', 'dst2', 'src', 0, -1);
    expect(await q).toEqual(['dst2', 'a', 1]);
  });

  it('denyBlocking replies a nil array at once (MULTI, scripts)', () => {
    const { store } = setup();
    const s: Session = { db: 0, protocol: 2, denyBlocking: true };
    expect(store.dispatch(['BZPOPMIN', 'z', '0'], s)).toBe(NULL_ARRAY);
    expect(store.dispatch(['BZMPOP', '0', '1', 'z', 'MIN'], s)).toBe(NULL_ARRAY);
  });

  it('an AbortSignal cancels the wait without taking anything', async () => {
    const { store } = setup();
    const ac = new AbortController();
    const p = store.bzpopmin('z', 0, { signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    store.zadd('z', 1, 'a');
    expect(store.zcard('z')).toBe(1);
  });

  it('CLIENT UNBLOCK-style unblock replies the null array on the wire', async () => {
    const { store } = setup();
    const r = store.dispatch(['BZPOPMIN', 'z', '0']);
    expect(r).toBeInstanceOf(BlockedReply);
    (r as BlockedReply).unblock();
    expect(await (r as BlockedReply).promise).toBe(NULL_ARRAY);
  });
});

describe('property: store results match a sorted-array model', () => {
  it('random ZADD / ZREM / ZINCRBY / ZREMRANGEBYSCORE keep ZRANGE equal to the model', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 60 }),
            fc.integer({ min: -20, max: 20 }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const store = new Store({ seed: 1 });
          const model = new Map<string, number>();
          for (const [op, m, s] of ops) {
            const member = `m${m}`;
            if (op === 0) {
              store.zadd('z', s, member);
              model.set(member, s);
            } else if (op === 1) {
              store.zrem('z', member);
              model.delete(member);
            } else if (op === 2) {
              store.zincrby('z', s, member);
              model.set(member, (model.get(member) ?? 0) + s);
            } else {
              store.zremrangebyscore('z', s, s + 3);
              for (const [k, v] of model) if (v >= s && v <= s + 3) model.delete(k);
            }
            const z = store.dbs[0]!.dict.get('z');
            if (z instanceof SortedSet) z.checkValid();
          }
          const expected = [...model].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
          expect(store.zrangeWithScores('z', 0, -1)).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

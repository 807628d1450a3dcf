// Set commands (t_set.c) through the dispatcher and the typed API: replies and their order,
// Redis's error texts, encodings, random members, SSCAN, and the effects (propagation and
// keyspace events) Redis 7.0.15 produces — checked against a live server's AOF and
// notifications while writing these tests.

import { describe, expect, it } from 'vitest';
import { SetReply } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { type Effect, FakeClock, ReplyError, Store } from '../../src/index.js';
import { compareInt64 } from '../../src/types/set.js';

const T0 = Date.UTC(2030, 0, 1);

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const SYNTAX = 'ERR syntax error';
const POSITIVE = 'ERR value is out of range, must be positive';

function setup(seed = 1) {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed });
  const effects: Effect[] = [];
  store.effects.addSink((unit) => effects.push(...unit));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) => {
    const cls = flag === NOTIFY.SET ? 'set' : flag === NOTIFY.GENERIC ? 'generic' : String(flag);
    events.push(`${cls}:${event}:${key}`);
  });
  const touched: string[] = [];
  store.effects.addTouchListener((_db, key) => touched.push(key));
  const log = () => effects.map((e) => e.argv.join(' '));
  const reset = () => {
    effects.length = 0;
    events.length = 0;
    touched.length = 0;
  };
  return { clock, store, log, events, touched, reset };
}

/** The error text `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReplyError) return e.message;
    throw e;
  }
  throw new Error('expected a ReplyError');
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => String(from + i));
const sorted = (xs: string[]): string[] => [...xs].sort();
const encoding = (store: Store, key: string) => store.objectEncoding(key);

describe('typed API', () => {
  it('SADD / SREM / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS', () => {
    const { store } = setup();
    expect(store.sadd('s', 'a', 'b', 'a')).toBe(2);
    expect(store.sadd('s', 'b', 'c')).toBe(1);
    expect(store.scard('s')).toBe(3);
    expect(store.sismember('s', 'a')).toBe(1);
    expect(store.sismember('s', 'z')).toBe(0);
    expect(store.smismember('s', 'a', 'z', 'c')).toEqual([1, 0, 1]);
    expect(sorted(store.smembers('s'))).toEqual(['a', 'b', 'c']);
    expect(store.srem('s', 'a', 'z')).toBe(1);
    expect(store.srem('s', 'b', 'c')).toBe(2);
    expect(store.exists('s')).toBe(0);
    expect(store.scard('s')).toBe(0);
    expect(store.smembers('s')).toEqual([]);
    expect(store.smismember('s', 'a')).toEqual([0]);
    expect(store.type('s')).toBe('none');
  });

  it('members are bytes: UTF-8 text and Buffers round-trip', () => {
    const { store } = setup();
    store.sadd('s', 'héllo', Buffer.from([0x68, 0xc3, 0xa9]));
    expect(store.sismember('s', Buffer.from('héllo'))).toBe(1);
    expect(store.sismember('s', 'hé')).toBe(1);
    expect(sorted(store.smembers('s'))).toEqual(['hé', 'héllo']);
    expect(store.call('SISMEMBER', 's', Buffer.from('hé'))).toBe(1);
    const raw = Buffer.from([0x00, 0xff, 0x80]);
    store.sadd('b', raw);
    expect(store.smembersBuffer('b')).toEqual([raw]);
    expect(store.sismember('b', raw)).toBe(1);
  });

  it('an intset replies in ascending numeric order', () => {
    const { store } = setup();
    store.sadd('n', '10', '-2', '9223372036854775807', '3', '-9223372036854775808', '0');
    expect(encoding(store, 'n')).toBe('intset');
    expect(store.smembers('n')).toEqual([
      '-9223372036854775808',
      '-2',
      '0',
      '3',
      '10',
      '9223372036854775807',
    ]);
    expect(store.call('SMEMBERS', 'n')).toEqual(store.smembers('n'));
    expect(store.sscan('n', 99)).toEqual(['0', store.smembers('n')]);
    expect(store.sunion('n', 'missing')).toEqual(store.smembers('n'));
  });

  it('rejects bad arguments with Redis error texts', () => {
    const { store } = setup();
    store.sadd('s', 'a');
    expect(errorOf(() => store.sadd('s'))).toBe("ERR wrong number of arguments for 'sadd' command");
    expect(errorOf(() => store.srem('s'))).toBe("ERR wrong number of arguments for 'srem' command");
    expect(errorOf(() => store.sinter())).toBe("ERR wrong number of arguments for 'sinter' command");
    expect(errorOf(() => store.sunionstore('d'))).toBe(
      "ERR wrong number of arguments for 'sunionstore' command",
    );
    expect(errorOf(() => store.spopCount('s', -1))).toBe(POSITIVE);
    expect(errorOf(() => store.spopCount('s', 1.5))).toBe(POSITIVE);
    expect(errorOf(() => store.srandmemberCount('s', 1.5))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.srandmemberCount('s', 2 ** 63))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.srandmemberCount('s', -(2 ** 63)))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(errorOf(() => store.sintercard([]))).toBe('ERR numkeys should be greater than 0');
    expect(errorOf(() => store.sintercard(['s'], { limit: -1 }))).toBe("ERR LIMIT can't be negative");
    expect(errorOf(() => store.sscan('s', 0, { count: 0 }))).toBe(SYNTAX);
    expect(errorOf(() => store.sscan('s', 'x'))).toBe('ERR invalid cursor');
  });

  it('WRONGTYPE on every command against a string', () => {
    const { store } = setup();
    store.set('str', 'v');
    store.sadd('s', 'a');
    const calls: (() => unknown)[] = [
      () => store.sadd('str', 'a'),
      () => store.srem('str', 'a'),
      () => store.scard('str'),
      () => store.sismember('str', 'a'),
      () => store.smismember('str', 'a'),
      () => store.smembers('str'),
      () => store.srandmember('str'),
      () => store.srandmemberCount('str', 0),
      () => store.spop('str'),
      () => store.spopCount('str', 0),
      () => store.smove('str', 's', 'a'),
      () => store.smove('s', 'str', 'a'),
      () => store.sinter('s', 'str'),
      () => store.sintercard(['missing', 'str']),
      () => store.sinterstore('d', 'str'),
      () => store.sunion('str'),
      () => store.sunionstore('d', 's', 'str'),
      () => store.sdiff('missing', 'str'),
      () => store.sdiffstore('d', 'str'),
      () => store.sscan('str', 0),
    ];
    for (const call of calls) expect(errorOf(call)).toBe(WRONGTYPE);
    expect(store.exists('d')).toBe(0);
    expect(store.smembers('s')).toEqual(['a']);
  });

  it('SMOVE, with a missing source winning over a wrong-typed destination', () => {
    const { store } = setup();
    store.sadd('a', '1', 'x');
    store.set('str', 'v');
    expect(store.smove('missing', 'str', 'x')).toBe(0);
    expect(store.smove('a', 'a', 'x')).toBe(1);
    expect(store.smove('a', 'a', 'y')).toBe(0);
    expect(store.smove('a', 'b', 'y')).toBe(0);
    expect(store.smove('a', 'b', '1')).toBe(1);
    expect(encoding(store, 'b')).toBe('intset');
    expect(store.smove('a', 'b', 'x')).toBe(1);
    expect(store.exists('a')).toBe(0);
    expect(encoding(store, 'b')).toBe('hashtable');
  });

  it('SINTERCARD counts up to the limit', () => {
    const { store } = setup();
    store.sadd('a', ...range(0, 100));
    store.sadd('b', ...range(50, 150));
    expect(store.sintercard(['a', 'b'])).toBe(50);
    expect(store.sintercard(['a', 'b'], { limit: 0 })).toBe(50);
    expect(store.sintercard(['a', 'b'], { limit: 7 })).toBe(7);
    expect(store.sintercard(['a', 'b', 'missing'], { limit: 7 })).toBe(0);
    expect(store.sinter('b', 'a')).toEqual(range(50, 100));
  });

  it('*STORE commands replace the destination (and its TTL) or delete it when empty', () => {
    const { store, clock } = setup();
    store.sadd('a', 'x', 'y');
    store.sadd('b', 'y', 'z');
    store.set('dst', 'v', { ex: 100 });
    expect(store.sunionstore('dst', 'a', 'b')).toBe(3);
    expect(store.ttl('dst')).toBe(-1);
    expect(store.sinterstore('dst', 'a', 'b')).toBe(1);
    expect(store.smembers('dst')).toEqual(['y']);
    expect(store.sdiffstore('dst', 'a', 'b')).toBe(1);
    expect(store.smembers('dst')).toEqual(['x']);
    expect(store.sdiffstore('dst', 'a', 'a')).toBe(0);
    expect(store.exists('dst')).toBe(0);
    store.pexpire('a', 10);
    clock.advance(20);
    expect(store.sunionstore('dst', 'a')).toBe(0);
    expect(store.sinter('a', 'b')).toEqual([]);
  });

  it('SADD and SREM keep the TTL; an expired set is gone', () => {
    const { store, clock } = setup();
    store.sadd('s', 'a');
    store.expire('s', 10);
    store.sadd('s', 'b');
    store.srem('s', 'a');
    expect(store.ttl('s')).toBe(10);
    clock.advance(10_001);
    expect(store.scard('s')).toBe(0);
    expect(store.sadd('s', 'c')).toBe(1);
    expect(store.ttl('s')).toBe(-1);
  });

  it('COPY keeps the encoding and copies deeply', () => {
    const { store } = setup();
    store.sadd('i', '3', '1', '2');
    store.sadd('h', '1', 'x');
    store.srem('h', 'x');
    store.copy('i', 'i2');
    store.copy('h', 'h2');
    expect(encoding(store, 'i2')).toBe('intset');
    expect(encoding(store, 'h2')).toBe('hashtable');
    store.sadd('i2', '4');
    expect(store.smembers('i')).toEqual(['1', '2', '3']);
    expect(store.smembers('i2')).toEqual(['1', '2', '3', '4']);
  });
});

describe('random members', () => {
  it('SRANDMEMBER: count 0, negative counts repeat, positive counts are distinct, whole set beyond size', () => {
    const { store } = setup();
    expect(store.srandmember('missing')).toBe(null);
    expect(store.srandmemberCount('missing', 5)).toEqual([]);
    store.sadd('s', ...range(0, 50));
    expect(store.srandmemberCount('s', 0)).toEqual([]);
    const rep = store.srandmemberCount('s', -100);
    expect(rep).toHaveLength(100);
    for (const m of rep) expect(store.sismember('s', m)).toBe(1);
    for (const n of [1, 5, 17, 45, 49]) {
      const picked = store.srandmemberCount('s', n);
      expect(picked).toHaveLength(n);
      expect(new Set(picked).size).toBe(n);
      for (const m of picked) expect(store.sismember('s', m)).toBe(1);
    }
    expect(store.srandmemberCount('s', 50)).toEqual(range(0, 50).sort(compareInt64));
    expect(store.srandmemberCount('s', 1000)).toEqual(store.smembers('s'));
    expect(store.scard('s')).toBe(50);
  });

  it('SRANDMEMBER reaches every member and leaves the set (and its order) unchanged', () => {
    const { store } = setup();
    const members = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    store.sadd('s', ...members);
    const before = store.smembers('s');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const m of store.srandmemberCount('s', 3)) seen.add(m);
    for (let i = 0; i < 200; i++) seen.add(store.srandmember('s')!);
    expect(sorted([...seen])).toEqual(members);
    expect(store.smembers('s')).toEqual(before);
  });

  it('SPOP removes what it returns and deletes the emptied set', () => {
    const { store } = setup();
    expect(store.spop('missing')).toBe(null);
    expect(store.spopCount('missing', 3)).toEqual([]);
    const members = range(0, 30).map((i) => `m${i}`);
    store.sadd('s', ...members);
    const got: string[] = [];
    got.push(store.spop('s')!);
    got.push(...store.spopCount('s', 0));
    got.push(...store.spopCount('s', 4));
    got.push(...store.spopCount('s', 20));
    expect(store.scard('s')).toBe(5);
    got.push(...store.spopCount('s', 100));
    expect(store.exists('s')).toBe(0);
    expect(sorted(got)).toEqual(sorted(members));
  });

  it('SPOP of most of an intset replies in ascending order, as Redis rebuilds the set', () => {
    const { store } = setup(42);
    store.sadd('s', ...range(1, 21));
    const popped = store.spopCount('s', 18);
    expect(popped).toEqual([...popped].sort(compareInt64));
    expect(store.scard('s')).toBe(2);
    // Few popped: random order (Redis's "pop one by one" strategy).
    store.sadd('t', ...range(1, 501));
    const orders = new Set<boolean>();
    for (let i = 0; i < 5; i++) {
      const p = store.spopCount('t', 10);
      orders.add(p.join() === [...p].sort(compareInt64).join());
    }
    expect(orders.has(false)).toBe(true);
  });

  it('SPOP of most of an all-integer hashtable turns it back into an intset', () => {
    const { store } = setup();
    store.sadd('s', ...range(0, 600));
    expect(encoding(store, 's')).toBe('hashtable');
    store.spopCount('s', 599);
    expect(encoding(store, 's')).toBe('intset');
    store.sadd('t', ...range(0, 600));
    store.spopCount('t', 400);
    expect(encoding(store, 't')).toBe('hashtable');
  });

  it('SPOP everything replies the set as a fresh set iterates: sorted when it would be an intset', () => {
    const { store } = setup();
    store.sadd('h', 'x', '30', '10', '20');
    store.srem('h', 'x');
    expect(store.spopCount('h', 3)).toEqual(['10', '20', '30']);
  });

  it('is O(1) per returned element: as fast on 300k members as on 1k', () => {
    const { store } = setup();
    const fill = (key: string, n: number) => {
      const all = range(0, n).map((i) => `member:${i}`);
      for (let i = 0; i < n; i += 10_000) store.sadd(key, ...all.slice(i, i + 10_000));
    };
    fill('small', 1_000);
    fill('big', 300_000);
    /** Best of 5 runs, in ms, of a mix of random reads and pops (the pops are put back). */
    const time = (key: string): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let rep = 0; rep < 5; rep++) {
        const popped: string[] = [];
        const t0 = performance.now();
        for (let i = 0; i < 2_000; i++) store.srandmember(key);
        for (let i = 0; i < 200; i++) store.srandmemberCount(key, 10);
        for (let i = 0; i < 500; i++) popped.push(store.spop(key)!);
        for (let i = 0; i < 5; i++) popped.push(...store.spopCount(key, 50));
        best = Math.min(best, performance.now() - t0);
        store.sadd(key, ...popped);
      }
      return best;
    };
    time('big'); // builds the random index (once per set) and warms up
    const small = time('small');
    const big = time('big');
    // An O(N) copy per call would make the 300x larger set ~300x slower; cache misses cost < 10x.
    expect(big / small).toBeLessThan(30);
    expect(store.scard('big')).toBe(300_000);
  });
});

describe('SSCAN', () => {
  it('walks a hashtable with cursors and returns every member once', () => {
    const { store } = setup();
    const members = range(0, 1000).map((i) => `k${i}`);
    store.sadd('s', ...members);
    const seen: string[] = [];
    let cursor = '0';
    let calls = 0;
    do {
      const [next, batch] = store.sscan('s', cursor, { count: 37 });
      cursor = next;
      seen.push(...batch);
      calls++;
    } while (cursor !== '0');
    expect(calls).toBeGreaterThan(20);
    expect(sorted(seen)).toEqual(sorted(members));
  });

  it('keeps its guarantee while the set changes, and filters with MATCH', async () => {
    const { store } = setup();
    store.sadd('s', ...range(0, 500).map((i) => `k${i}`));
    const seen = new Set<string>();
    let cursor = '0';
    let step = 0;
    do {
      const [next, batch] = store.sscan('s', cursor, { count: 5 });
      cursor = next;
      for (const m of batch) seen.add(m);
      store.sadd('s', `new${step}`);
      store.srem('s', `k${499 - step}`);
      store.spop('s');
      step++;
    } while (cursor !== '0');
    // Every member that was never removed came back.
    const stayed = store.smembers('s').filter((m) => m.startsWith('k'));
    for (const m of stayed) expect(seen.has(m)).toBe(true);
    const matched: string[] = [];
    for await (const m of store.sscanIterator('s', { match: 'new1*', count: 3 })) matched.push(m);
    expect(matched.every((m) => m.startsWith('new1'))).toBe(true);
    expect(sorted(matched)).toEqual(sorted(store.smembers('s').filter((m) => m.startsWith('new1'))));
  });

  it('returns an intset whole with cursor 0, whatever the cursor and count', () => {
    const { store } = setup();
    store.sadd('i', '5', '3', '1');
    expect(store.sscan('i', 0, { count: 1 })).toEqual(['0', ['1', '3', '5']]);
    expect(store.call('SSCAN', 'i', '77', 'MATCH', '[35]')).toEqual(['0', ['3', '5']]);
    expect(store.sscan('missing', 0)).toEqual(['0', []]);
  });
});

describe('wire replies', () => {
  it('set-typed replies are SetReply; SRANDMEMBER with a count is an array', () => {
    const { store } = setup();
    store.sadd('s', '1', '2');
    for (const argv of [
      ['SMEMBERS', 's'],
      ['SINTER', 's'],
      ['SUNION', 's'],
      ['SDIFF', 's'],
      ['SPOP', 'missing', '1'],
    ]) {
      expect(store.dispatch(argv)).toBeInstanceOf(SetReply);
    }
    expect(Array.isArray(store.dispatch(['SRANDMEMBER', 's', '2']))).toBe(true);
    expect(store.dispatch(['SPOP', 'missing'])).toBe(null);
    expect(store.call('SMEMBERS', 's')).toEqual(['1', '2']);
  });

  it('checks counts before the key, SSCAN options after it', () => {
    const { store } = setup();
    store.set('str', 'v');
    expect(errorOf(() => store.call('SPOP', 'str', 'x'))).toBe(POSITIVE);
    expect(errorOf(() => store.call('SRANDMEMBER', 'str', 'x'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('SSCAN', 'str', '0', 'COUNT', '0'))).toBe(WRONGTYPE);
    expect(store.call('SSCAN', 'missing', '0', 'COUNT', '0')).toEqual(['0', []]);
  });
});

describe('effects', () => {
  it('SADD / SREM are logged as issued, only when they changed something', () => {
    const { store, log, events, reset } = setup();
    store.call('SADD', 's', 'a', 'b', 'c');
    store.call('SADD', 's', 'a');
    store.call('SADD', 's', 'a', 'd');
    store.call('SREM', 's', 'x');
    store.call('SREM', 's', 'a', 'x');
    store.sadd('s', 'z');
    store.sadd('s', 'z');
    store.sadd('one', 'z');
    expect(log()).toEqual(['SADD s a b c', 'SADD s a d', 'SREM s a x', 'SADD s z', 'SADD one z']);
    expect(events).toEqual(['set:sadd:s', 'set:sadd:s', 'set:srem:s', 'set:sadd:s', 'set:sadd:one']);
    reset();
    store.call('SREM', 's', 'b', 'c', 'd', 'z');
    expect(events).toEqual(['set:srem:s', 'generic:del:s']);
    expect(log()).toEqual(['SREM s b c d z']);
  });

  it('SPOP is logged as SREMs of the popped members, or DEL when it takes the set', () => {
    const { store, log, events, reset } = setup();
    store.call('SADD', 'p', ...range(1, 11));
    reset();
    store.call('SPOP', 'p', '0');
    expect(log()).toEqual([]);
    expect(events).toEqual([]);
    const two = store.call('SPOP', 'p', '2') as string[];
    // Two effects of one command: wrapped in MULTI/EXEC, as in Redis 7.0.15's AOF.
    expect(log()).toEqual(['MULTI', ...two.map((m) => `SREM p ${m}`), 'EXEC']);
    reset();
    const seven = store.call('SPOP', 'p', '7') as string[];
    // Most of an intset: replied and logged in ascending order, as Redis 7.0.15's AOF shows.
    expect(seven).toEqual([...seven].sort(compareInt64));
    expect(log()).toEqual(['MULTI', ...seven.map((m) => `SREM p ${m}`), 'EXEC']);
    reset();
    const last = store.call('SPOP', 'p') as string;
    expect(log()).toEqual([`SREM p ${last}`]);
    expect(events).toEqual(['set:spop:p', 'generic:del:p']);
    store.call('SADD', 'q', '1', '2');
    reset();
    store.call('SPOP', 'q', '5');
    expect(log()).toEqual(['DEL q']);
    expect(events).toEqual(['set:spop:q', 'generic:del:q']);
  });

  it('SMOVE notifies the destination only when it gained the member', () => {
    const { store, log, events, touched, reset } = setup();
    store.call('SADD', 'src', 'a', 'b');
    store.call('SADD', 'dst', 'a');
    reset();
    store.call('SMOVE', 'src', 'dst', 'a');
    expect(events).toEqual(['set:srem:src']);
    expect(touched).toEqual(['src']);
    expect(log()).toEqual(['SMOVE src dst a']);
    reset();
    store.call('SMOVE', 'src', 'dst', 'b');
    expect(events).toEqual(['set:srem:src', 'generic:del:src', 'set:sadd:dst']);
    expect(sorted(touched)).toEqual(['dst', 'src']);
    reset();
    store.call('SMOVE', 'dst', 'dst', 'a');
    store.call('SMOVE', 'dst', 'new', 'zz');
    expect(log()).toEqual([]);
    expect(events).toEqual([]);
    store.call('SMOVE', 'dst', 'new', 'a');
    expect(events).toEqual(['set:srem:dst', 'set:sadd:new']);
  });

  it('*STORE commands are logged as issued; an empty result deletes with a del event', () => {
    const { store, log, events, reset } = setup();
    store.call('SADD', 'x', '1');
    reset();
    store.call('SINTERSTORE', 'd', 'x', 'x');
    store.call('SUNIONSTORE', 'd', 'x');
    store.call('SDIFFSTORE', 'd', 'x', 'x');
    store.call('SDIFFSTORE', 'd', 'x', 'x');
    store.call('SINTERSTORE', 'e', 'nokey', 'x');
    expect(events).toEqual(['set:sinterstore:d', 'set:sunionstore:d', 'generic:del:d']);
    expect(log()).toEqual(['SINTERSTORE d x x', 'SUNIONSTORE d x', 'SDIFFSTORE d x x']);
  });

  it('reads log nothing', () => {
    const { store, log, events } = setup();
    store.call('SADD', 's', 'a', 'b');
    const n = log().length;
    store.call('SMEMBERS', 's');
    store.call('SRANDMEMBER', 's', '-5');
    store.call('SINTER', 's', 's');
    store.call('SUNION', 's');
    store.call('SDIFF', 's', 'missing');
    store.call('SINTERCARD', '1', 's');
    store.call('SSCAN', 's', '0');
    store.call('SISMEMBER', 's', 'a');
    expect(log()).toHaveLength(n);
    expect(events).toEqual(['set:sadd:s']);
  });
});

// Blocking list commands (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP) with several clients on one
// store and a FakeClock: FIFO service per key, wake-ups at the end of the unit that made a key
// ready (Redis's handleClientsBlockedOnKeys), BLMOVE chains, timeouts, cancellation, and what
// gets logged. A unit holding several commands (what EXEC will be) is opened by hand with
// effects.begin()/end().

import { describe, expect, it } from 'vitest';
import { BlockedReply, NULL_ARRAY } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { FakeClock, ReplyError, type Session, Store } from '../../src/index.js';

const T0 = Date.UTC(2030, 0, 1);
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1 });
  const units: string[][] = [];
  store.effects.addSink((unit) => units.push(unit.map((e) => e.argv.join(' '))));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key, db) => {
    const cls = flag === NOTIFY.LIST ? 'list' : flag === NOTIFY.GENERIC ? 'generic' : String(flag);
    events.push(`${cls}:${event}:${key}${db === 0 ? '' : `@${db}`}`);
  });
  /** Runs commands as one execution unit, as EXEC will. */
  const unit = (...commands: (string | number)[][]): unknown[] => {
    store.effects.begin();
    try {
      return commands.map((argv) => store.call(String(argv[0]), ...argv.slice(1)));
    } finally {
      store.effects.end();
    }
  };
  const reset = () => {
    units.length = 0;
    events.length = 0;
  };
  return { clock, store, units, events, unit, reset };
}

/** Tracks a promise's outcome synchronously readable after `await flush()`. */
function track<T>(p: Promise<T>) {
  const t = { settled: false, value: undefined as T | undefined, error: undefined as unknown };
  p.then(
    (v) => {
      t.settled = true;
      t.value = v;
    },
    (e: unknown) => {
      t.settled = true;
      t.error = e;
    },
  );
  return t;
}

/** Lets pending promise callbacks run. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A blocked call()'s promise (call() returns one only when the command waits). */
function blocked(store: Store, ...argv: (string | number)[]): Promise<unknown> {
  const r = store.call(String(argv[0]), ...argv.slice(1));
  expect(r).toBeInstanceOf(Promise);
  return r as Promise<unknown>;
}

describe('serving order', () => {
  it('serves three waiters on a key first-blocked first-served, one element each', async () => {
    const { store, units, reset } = setup();
    const a = store.blpop('q', 0);
    const b = blocked(store, 'BLPOP', 'q', 0);
    const c = store.brpop(['q'], 0);
    reset();
    expect(store.rpush('q', 'x', 'y', 'z')).toBe(3);
    expect(await a).toEqual(['q', 'x']);
    expect(await b).toEqual(['q', 'y']);
    expect(await c).toEqual(['q', 'z']);
    expect(store.exists('q')).toBe(0);
    // Each served client's pop is a unit of its own, after the push.
    expect(units).toEqual([['RPUSH q x y z'], ['LPOP q'], ['LPOP q'], ['RPOP q']]);
  });

  it('serves only as many waiters as there are elements; the rest keep their place', async () => {
    const { store } = setup();
    const a = track(store.blpop('q', 0));
    const b = track(store.blpop('q', 0));
    const c = track(store.blpop('q', 0));
    store.call('RPUSH', 'q', '1');
    await flush();
    expect([a.value, b.settled, c.settled]).toEqual([['q', '1'], false, false]);
    store.call('RPUSH', 'q', '2', '3', '4');
    await flush();
    expect([b.value, c.value]).toEqual([
      ['q', '2'],
      ['q', '3'],
    ]);
    expect(store.lrange('q', 0, -1)).toEqual(['4']);
  });

  it('a waiter is served before the pushing call returns, so the next reader sees it gone', async () => {
    const { store } = setup();
    const p = store.blpop('q', 0);
    expect(store.rpush('q', 'only')).toBe(1);
    expect(store.lpop('q')).toBe(null);
    expect(await p).toEqual(['q', 'only']);
  });

  it('serves keys in the order the unit made them ready, whatever the order the client named them', async () => {
    const { store, unit } = setup();
    const p = store.blpop(['k1', 'k2'], 0);
    unit(['RPUSH', 'k2', 'from-k2'], ['RPUSH', 'k1', 'from-k1']);
    expect(await p).toEqual(['k2', 'from-k2']);
    expect(store.lrange('k1', 0, -1)).toEqual(['from-k1']);
  });

  it('pops at once from the first non-empty key in argument order', async () => {
    const { store } = setup();
    store.rpush('k2', 'b');
    store.rpush('k3', 'c');
    expect(await store.blpop(['k1', 'k2', 'k3'], 0)).toEqual(['k2', 'b']);
    expect(store.call('BLPOP', 'k1', 'k3', 'k2', 0)).toEqual(['k3', 'c']);
  });

  it('a key named twice waits once (issue #801)', async () => {
    const { store, units, reset } = setup();
    const p = store.blpop(['l1', 'l2', 'l2', 'l1'], 0);
    reset();
    store.lpush('l1', 'a');
    expect(await p).toEqual(['l1', 'a']);
    expect(units).toEqual([['LPUSH l1 a'], ['LPOP l1']]);
  });

  it('a client blocked in another database is not woken by this one', async () => {
    const { store } = setup();
    const s1: Session = { db: 1, protocol: 2 };
    const r = store.dispatch(['BLPOP', 'q', '0'], s1);
    expect(r).toBeInstanceOf(BlockedReply);
    store.rpush('q', 'db0');
    expect((r as BlockedReply).blocked).toBe(true);
    store.dispatch(['RPUSH', 'q', 'db1'], s1);
    expect(await (r as BlockedReply).promise).toEqual(['q', 'db1']);
    expect(store.lrange('q', 0, -1)).toEqual(['db0']);
  });
});

describe('execution units', () => {
  it('LMOVE into a key with waiters serves them when the LMOVE unit ends', async () => {
    const { store, units, events, reset } = setup();
    store.rpush('src', 'a', 'b');
    const p = store.blpop('q', 0);
    reset();
    expect(store.call('LMOVE', 'src', 'q', 'LEFT', 'RIGHT')).toBe('a');
    expect(await p).toEqual(['q', 'a']);
    expect(store.exists('q')).toBe(0);
    expect(units).toEqual([['LMOVE src q LEFT RIGHT'], ['LPOP q']]);
    expect(events).toEqual(['list:rpush:q', 'list:lpop:src', 'list:lpop:q', 'generic:del:q']);
  });

  it('a key pushed and popped in one unit wakes nobody', async () => {
    const { store, unit } = setup();
    const p = track(store.blpop('list', 0));
    unit(['LPUSH', 'list', 'a'], ['DEL', 'list']);
    unit(['LPUSH', 'list', 'a'], ['LPOP', 'list']);
    await flush();
    expect(p.settled).toBe(false);
    store.lpush('list', 'b');
    await flush();
    expect(p.value).toEqual(['list', 'b']);
  });

  it('a key left holding another type keeps its waiters blocked', async () => {
    const { store, unit } = setup();
    const p = track(store.blpop('list', 0));
    unit(['LPUSH', 'list', 'a'], ['DEL', 'list'], ['SET', 'list', 'foo']);
    await flush();
    expect(p.settled).toBe(false);
    store.del('list');
    store.lpush('list', 'b');
    await flush();
    expect(p.value).toEqual(['list', 'b']);
  });

  it('sees the list as the unit left it (MULTI/EXEC is isolated)', async () => {
    const { store, unit } = setup();
    const p = store.blpop('list', 0);
    unit(['LPUSH', 'list', 'a'], ['LPUSH', 'list', 'b'], ['LPUSH', 'list', 'c']);
    expect(await p).toEqual(['list', 'c']);
    expect(store.lrange('list', 0, -1)).toEqual(['b', 'a']);
  });

  it('inside a unit that denies blocking, blocking commands reply as on timeout', () => {
    const { store } = setup();
    const session: Session = { db: 0, protocol: 2, denyBlocking: true };
    expect(store.dispatch(['BLPOP', 'q', '0'], session)).toBe(NULL_ARRAY);
    expect(store.dispatch(['BLMPOP', '0', '1', 'q', 'LEFT'], session)).toBe(NULL_ARRAY);
    // BLMOVE's own nil is a null bulk there (a timeout replies with the null array).
    expect(store.dispatch(['BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0'], session)).toBe(null);
    expect(store.dispatch(['BRPOPLPUSH', 'q', 'd', '0'], session)).toBe(null);
    store.rpush('q', 'a', 'b');
    expect(store.dispatch(['BRPOPLPUSH', 'q', 'd', '0'], session)).toBe('b');
    expect(store.dispatch(['BLPOP', 'q', '0'], session)).toEqual(['q', 'a']);
    expect(store.blocking?.size ?? 0).toBe(0);
  });
});

describe('BLMOVE / BRPOPLPUSH', () => {
  it('linked BLMOVEs pass an element down the chain in one pass', async () => {
    const { store, units, reset } = setup();
    const a = store.blmove('list1', 'list2', 'RIGHT', 'LEFT', 0);
    const b = blocked(store, 'BLMOVE', 'list2', 'list3', 'LEFT', 'RIGHT', 0);
    const c = store.blpop('list3', 0);
    reset();
    store.rpush('list1', 'foo');
    expect(await a).toBe('foo');
    expect(await b).toBe('foo');
    expect(await c).toEqual(['list3', 'foo']);
    expect(store.exists('list1', 'list2', 'list3')).toBe(0);
    expect(units).toEqual([
      ['RPUSH list1 foo'],
      ['LMOVE list1 list2 RIGHT LEFT'],
      ['LMOVE list2 list3 LEFT RIGHT'],
      ['LPOP list3'],
    ]);
  });

  it('circular BRPOPLPUSH moves the element once around', async () => {
    const { store } = setup();
    const a = store.brpoplpush('list1', 'list2', 0);
    const b = store.brpoplpush('list2', 'list1', 0);
    store.rpush('list1', 'foo');
    expect([await a, await b]).toEqual(['foo', 'foo']);
    expect(store.lrange('list1', 0, -1)).toEqual(['foo']);
    expect(store.exists('list2')).toBe(0);
  });

  it('self-referential BRPOPLPUSH leaves the element in place', async () => {
    const { store, units, reset } = setup();
    const p = store.brpoplpush('blist', 'blist', 0);
    reset();
    store.rpush('blist', 'foo');
    expect(await p).toBe('foo');
    expect(store.lrange('blist', 0, -1)).toEqual(['foo']);
    expect(units).toEqual([['RPUSH blist foo'], ['RPOPLPUSH blist blist']]);
  });

  it('a destination of another type fails the woken client and keeps the element for the next', async () => {
    const { store } = setup();
    store.set('target1', 'nolist');
    const a = store.brpoplpush('blist', 'target1', 0);
    const b = store.brpoplpush('blist', 'target2', 0);
    store.lpush('blist', 'foo');
    await expect(a).rejects.toThrow(WRONGTYPE);
    expect(await b).toBe('foo');
    expect(store.lrange('target2', 0, -1)).toEqual(['foo']);
  });

  it('keeps the order of elements after a failure', async () => {
    const { store } = setup();
    store.set('target', 'nolist');
    const a = blocked(store, 'BRPOPLPUSH', 'blist', 'target', 0);
    store.rpush('blist', 'a', 'b', 'c');
    await expect(a).rejects.toThrow(WRONGTYPE);
    expect(store.lrange('blist', 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('moves at once when the source exists; WRONGTYPE at once for a bad source or destination', async () => {
    const { store } = setup();
    store.rpush('src', 'a', 'b');
    store.set('s', 'v');
    expect(await store.blmove('src', 'dst', 'LEFT', 'RIGHT', 0)).toBe('a');
    expect(store.call('BRPOPLPUSH', 'src', 'dst', 0)).toBe('b');
    await expect(store.blmove('s', 'dst', 'LEFT', 'LEFT', 0)).rejects.toThrow(WRONGTYPE);
    await expect(store.brpoplpush('dst', 's', 0)).rejects.toThrow(WRONGTYPE);
    expect(store.lrange('dst', 0, -1)).toEqual(['b', 'a']);
  });
});

describe('BLMPOP', () => {
  it('serves several waiters with their counts and logs the counts popped', async () => {
    const { store, unit, units, reset } = setup();
    const r1 = store.blmpop(0, ['blist', 'blist2'], 'LEFT', { count: 1 });
    const r2 = blocked(store, 'BLMPOP', 0, 2, 'blist', 'blist2', 'RIGHT', 'COUNT', 10);
    const r3 = store.blmpop(0, ['blist', 'blist2'], 'LEFT', { count: 10 });
    const r4 = track(store.blmpop(0, ['blist', 'blist2'], 'RIGHT'));
    reset();
    unit(['LPUSH', 'blist', 'a', 'b', 'c', 'd', 'e'], ['LPUSH', 'blist2', '1', '2', '3', '4', '5']);
    expect(await r1).toEqual(['blist', ['e']]);
    expect(await r2).toEqual(['blist', ['a', 'b', 'c', 'd']]);
    expect(await r3).toEqual(['blist2', ['5', '4', '3', '2', '1']]);
    await flush();
    expect(r4.settled).toBe(false);
    store.lpush('blist2', '1', '2', '3');
    await flush();
    expect(r4.value).toEqual(['blist2', ['1']]);
    expect(units).toEqual([
      // A unit of two effects reaches sinks wrapped in MULTI/EXEC, as Redis 7.0 propagates it.
      ['MULTI', 'LPUSH blist a b c d e', 'LPUSH blist2 1 2 3 4 5', 'EXEC'],
      ['LPOP blist 1'],
      ['RPOP blist 4'],
      ['LPOP blist2 5'],
      ['LPUSH blist2 1 2 3'],
      ['RPOP blist2 1'],
    ]);
  });
});

describe('timeouts', () => {
  it('times out once the clock is past the deadline, with null', async () => {
    const { store, clock } = setup();
    const p = track(store.blpop('q', 1));
    clock.advance(1000);
    await flush();
    expect(p.settled).toBe(false);
    clock.advance(1);
    await flush();
    expect(p.value).toBe(null);
    expect(store.blocking?.size).toBe(0);
    // Nothing waits any more: a push stays in the list.
    store.rpush('q', 'x');
    expect(store.llen('q')).toBe(1);
  });

  it('takes decimals, rounded up to whole milliseconds', async () => {
    const { store, clock } = setup();
    const a = track(store.blpop('q', 0.1));
    const b = track(blocked(store, 'BRPOP', 'q', '0.0001'));
    clock.advance(2);
    await flush();
    expect([a.settled, b.value]).toEqual([false, null]);
    clock.advance(99);
    await flush();
    expect(a.value).toBe(null);
  });

  it('timeout 0 waits forever', async () => {
    const { store, clock } = setup();
    const p = track(store.blpop('q', 0));
    clock.advance(365 * 24 * 3600 * 1000);
    await flush();
    expect(p.settled).toBe(false);
    expect(clock.pending).toBe(0);
    store.rpush('q', 'late');
    await flush();
    expect(p.value).toEqual(['q', 'late']);
  });

  it('a timed-out command replies with the null array on the wire, BLMOVE too', async () => {
    const { store, clock } = setup();
    const r = store.dispatch(['BLMOVE', 'a', 'b', 'LEFT', 'LEFT', '0.01']) as BlockedReply;
    const c = store.call('BLMPOP', '0.01', '1', 'a', 'LEFT') as Promise<unknown>;
    clock.advance(11);
    expect(await r.promise).toBe(NULL_ARRAY);
    expect(await c).toBe(null);
  });

  it('bad timeouts reject without blocking', async () => {
    const { store } = setup();
    await expect(store.blpop('q', -1)).rejects.toThrow('ERR timeout is negative');
    await expect(store.blpop('q', Number.NaN)).rejects.toThrow('ERR timeout is not a float or out of range');
    await expect(store.blpop('q', Number.POSITIVE_INFINITY)).rejects.toThrow('ERR timeout is negative');
    expect(() => store.call('BLPOP', 'q', 'x')).toThrow('ERR timeout is not a float or out of range');
    await expect(store.brpop([], 0)).rejects.toThrow("ERR wrong number of arguments for 'brpop' command");
    expect(store.blocking?.size ?? 0).toBe(0);
  });
});

describe('cancellation', () => {
  it('an aborted waiter leaves the queue with nothing taken; the next one is served', async () => {
    const { store } = setup();
    const ac = new AbortController();
    const a = store.blpop('q', 0, { signal: ac.signal });
    const b = store.blpop('q', 0);
    ac.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    store.rpush('q', 'x', 'y');
    expect(await b).toEqual(['q', 'x']);
    expect(store.lrange('q', 0, -1)).toEqual(['y']);
  });

  it('aborting after the waiter was served keeps its value', async () => {
    const { store } = setup();
    const ac = new AbortController();
    const p = store.blmove('src', 'dst', 'LEFT', 'LEFT', 0, { signal: ac.signal });
    store.rpush('src', 'x');
    ac.abort();
    expect(await p).toBe('x');
    expect(store.lrange('dst', 0, -1)).toEqual(['x']);
  });

  it('an already aborted signal rejects before anything is popped', async () => {
    const { store } = setup();
    store.rpush('q', 'x');
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(store.blpop('q', 0, { signal: ac.signal })).rejects.toThrow('stop');
    expect(store.lrange('q', 0, -1)).toEqual(['x']);
  });

  it('a BlockedReply unblocks as on timeout, or with an error (CLIENT UNBLOCK)', async () => {
    const { store } = setup();
    const a = store.dispatch(['BLPOP', 'q', '0']) as BlockedReply;
    const b = store.dispatch(['BLPOP', 'q', '0']) as BlockedReply;
    expect(a.unblock()).toBe(true);
    expect(a.unblock()).toBe(false);
    expect(b.unblock(new ReplyError('UNBLOCKED client unblocked via CLIENT UNBLOCK'))).toBe(true);
    expect(await a.promise).toBe(NULL_ARRAY);
    expect(await b.promise).toEqual(new ReplyError('UNBLOCKED client unblocked via CLIENT UNBLOCK'));
    store.rpush('q', 'kept');
    expect(store.llen('q')).toBe(1);
  });
});

describe('keys coming into place', () => {
  it('RENAME of a list onto the key wakes its waiter', async () => {
    const { store } = setup();
    const p = store.blpop('foo', 0);
    store.call('LPUSH', 'bob', 'abc', 'def', 'hij');
    store.call('RENAME', 'bob', 'foo');
    expect(await p).toEqual(['foo', 'hij']);
  });

  it('a typed RENAME, COPY or MOVE outside a unit wakes waiters from a microtask', async () => {
    const { store } = setup();
    const a = store.blpop('renamed', 0);
    const b = store.blpop('copied', 0);
    const s1: Session = { db: 1, protocol: 2 };
    const c = store.dispatch(['BLPOP', 'moved', '0'], s1) as BlockedReply;
    store.rpush('x', '1');
    store.rename('x', 'renamed');
    store.rpush('y', '2');
    store.copy('y', 'copied');
    store.rpush('moved', '3');
    store.move('moved', 1);
    expect(await a).toEqual(['renamed', '1']);
    expect(await b).toEqual(['copied', '2']);
    expect(await c.promise).toEqual(['moved', '3']);
  });

  it('SWAPDB wakes a client whose key the swap brought in', async () => {
    const { store } = setup();
    const s9: Session = { db: 9, protocol: 2 };
    const r = store.dispatch(['BRPOP', 'k', '5'], s9) as BlockedReply;
    store.select(1);
    store.rpush('k', 'hello');
    store.select(0);
    store.call('SWAPDB', 1, 9);
    expect(await r.promise).toEqual(['k', 'hello']);
    const p = store.blpop('k2', 0);
    store.select(3);
    store.rpush('k2', 'typed');
    store.swapdb(3, 0);
    expect(await p).toEqual(['k2', 'typed']);
  });

  it('FLUSHALL leaves waiters blocked', async () => {
    const { store } = setup();
    const p = track(store.blpop('q', 0));
    store.flushall();
    await flush();
    expect(p.settled).toBe(false);
    store.rpush('q', 'after');
    await flush();
    expect(p.value).toEqual(['q', 'after']);
  });

  it('events of a served pop: lpop and del on the emptied key', async () => {
    const { store, events, reset } = setup();
    const p = store.blpop('q', 0);
    reset();
    store.rpush('q', 'x');
    await p;
    expect(events).toEqual(['list:rpush:q', 'list:lpop:q', 'generic:del:q']);
  });
});

describe('close()', () => {
  it('rejects pending waiters and later waits with UNBLOCKED; immediate pops still work', async () => {
    const { store } = setup();
    const a = store.blpop('q', 0);
    const b = blocked(store, 'BLMOVE', 'q', 'd', 'LEFT', 'LEFT', 5);
    store.close();
    const unblocked = 'UNBLOCKED force unblock from blocking operation, the store was closed';
    await expect(a).rejects.toThrow(unblocked);
    await expect(b).rejects.toThrow(unblocked);
    await expect(store.brpop('q', 1)).rejects.toThrow(unblocked);
    store.rpush('q', 'x');
    expect(await store.blpop('q', 0)).toEqual(['q', 'x']);
  });

  it('a store closed before anything blocked still refuses to wait', async () => {
    const { store } = setup();
    store.close();
    await expect(store.blpop('q', 0)).rejects.toBeInstanceOf(ReplyError);
  });
});

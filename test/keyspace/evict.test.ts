// maxmemory eviction (keyspace/evict.ts, Redis 7.0 evict.c): the OOM gate of denyoom commands,
// each policy's choice of victim (with maxmemory-samples >= the number of keys, so every key is
// sampled and the choice is deterministic), the effects of an eviction (DEL, `evicted` event,
// WATCH, evicted_keys), the dataset accounting, LFU counters and OBJECT FREQ, and the timer.

import { describe, expect, it } from 'vitest';
import { NULL_ARRAY, StatusReply } from '../../src/commands/reply.js';
import { OOM } from '../../src/errors.js';
import { FakeClock, ReplyError, type Session, Store } from '../../src/index.js';
import { evictorOf } from '../../src/keyspace/evict.js';
import { BASELINE } from '../../src/keyspace/memory.js';

const T0 = Date.UTC(2030, 0, 1);
const delivered = () => new Promise<void>((r) => setTimeout(r, 0));

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1 });
  const units: string[][] = [];
  store.effects.addSink((unit) => units.push(unit.map((e) => `${e.db}:${e.argv.join(' ')}`)));
  const events: string[] = [];
  store.effects.addEventListener((_flag, event, key, db) => events.push(`${event} ${key}@${db}`));
  /** Runs a command on the store's own session; replies as text. */
  const r = (...argv: (string | number)[]): unknown => text(store.dispatch(argv));
  const as = (session: Session, ...argv: (string | number)[]): unknown => text(store.dispatch(argv, session));
  /** The bytes eviction compares with maxmemory. */
  const used = (): number => evictorOf(store)!.used();
  return { clock, store, units, events, r, as, used };
}

function text(reply: unknown): unknown {
  if (reply instanceof StatusReply) return reply.value;
  if (reply instanceof ReplyError) return `(error) ${reply.message}`;
  if (reply === NULL_ARRAY) return '(nil array)';
  if (Array.isArray(reply)) return reply.map(text);
  return reply;
}

const OOM_ERROR = `(error) ${OOM}`;

/** Sets a policy with a limit high enough for everything, so access times are tracked. */
function withPolicy(s: ReturnType<typeof setup>, policy: string): void {
  s.r('CONFIG', 'SET', 'maxmemory-policy', policy, 'maxmemory-samples', 16);
  s.r('CONFIG', 'SET', 'maxmemory', '100mb');
}

/** Lowers maxmemory to just under the current estimate, so one eviction is enough; then PING. */
function squeeze(s: ReturnType<typeof setup>, bytes = 1): void {
  s.r('CONFIG', 'SET', 'maxmemory', s.used() - bytes);
  expect(s.r('PING')).toBe('PONG');
}

const keys = (s: ReturnType<typeof setup>): string[] => (s.r('KEYS', '*') as string[]).sort();

describe('OOM under noeviction', () => {
  it('replies the exact OOM error to denyoom commands, runs the others', () => {
    const s = setup();
    s.r('SET', 'foo', 'bar');
    expect(s.r('CONFIG', 'SET', 'maxmemory', 1)).toBe('OK');
    expect(s.r('SET', 'a', 'b')).toBe("(error) OOM command not allowed when used memory > 'maxmemory'.");
    expect(s.r('APPEND', 'foo', 'x')).toBe(OOM_ERROR);
    expect(s.r('LPUSH', 'l', 'x')).toBe(OOM_ERROR);
    expect(s.r('INCR', 'n')).toBe(OOM_ERROR);
    // Reads and commands that can only shrink memory run.
    expect(s.r('GET', 'foo')).toBe('bar');
    expect(s.r('EXPIRE', 'foo', 100)).toBe(1);
    expect(s.r('DEL', 'foo')).toBe(1);
    expect(s.r('DBSIZE')).toBe(0);
    expect(s.store.stats.evictedKeys).toBe(0);
    // Rejected calls are counted as Redis's rejectCommand counts them.
    expect(s.store.call('INFO', 'errorstats')).toContain('errorstat_OOM:count=4');
    expect(s.r('CONFIG', 'SET', 'maxmemory', 0)).toBe('OK');
    expect(s.r('SET', 'a', 'b')).toBe('OK');
  });

  it('refuses everything queued in MULTI but EXEC and DISCARD, and EXEC then aborts', () => {
    const s = setup();
    const a = s.store.createSession();
    s.r('CONFIG', 'SET', 'maxmemory', 1);
    expect(s.as(a, 'MULTI')).toBe('OK');
    expect(s.as(a, 'GET', 'x')).toBe(OOM_ERROR);
    expect(s.as(a, 'EXEC')).toBe('(error) EXECABORT Transaction discarded because of previous errors.');
    expect(s.as(a, 'MULTI')).toBe('OK');
    expect(s.as(a, 'SET', 'x', 1)).toBe(OOM_ERROR);
    expect(s.as(a, 'DISCARD')).toBe('OK');
    expect(s.as(a, 'PING')).toBe('PONG');
  });

  it('EXEC of a queued denyoom command is refused once over the limit (multi.tcl #2)', () => {
    const s = setup();
    const a = s.store.createSession();
    expect(s.as(a, 'MULTI')).toBe('OK');
    expect(s.as(a, 'SET', 'foo1', 'bar1')).toBe('QUEUED');
    s.r('CONFIG', 'SET', 'maxmemory', 1);
    expect(s.as(a, 'EXEC')).toBe(`(error) EXECABORT Transaction discarded because of: ${OOM}`);
    expect(s.r('EXISTS', 'foo1')).toBe(0);
    // A queue of reads only runs.
    expect(s.as(a, 'MULTI')).toBe('OK');
    s.r('CONFIG', 'SET', 'maxmemory', 0);
    expect(s.as(a, 'GET', 'foo1')).toBe('QUEUED');
    s.r('CONFIG', 'SET', 'maxmemory', 1);
    expect(s.as(a, 'EXEC')).toEqual([null]);
  });

  it('a volatile policy with no volatile key evicts nothing and refuses writes', () => {
    const s = setup();
    s.r('SET', 'a', '1');
    s.r('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru', 'maxmemory', 1);
    expect(s.r('SET', 'b', '2')).toBe(OOM_ERROR);
    expect(keys(s)).toEqual(['a']);
  });
});

describe('victim choice per policy', () => {
  it('allkeys-lru evicts the least recently used key', () => {
    const s = setup();
    withPolicy(s, 'allkeys-lru');
    for (const k of ['a', 'b', 'c']) {
      s.r('SET', k, 'v');
      s.clock.advance(1000);
    }
    s.r('GET', 'a'); // a is now the most recent: b is the oldest
    squeeze(s);
    expect(keys(s)).toEqual(['a', 'c']);
    squeeze(s);
    expect(keys(s)).toEqual(['a']);
  });

  it('volatile-lru evicts the least recently used key among keys with a TTL', () => {
    const s = setup();
    withPolicy(s, 'volatile-lru');
    s.r('SET', 'old', 'v'); // oldest, but has no TTL
    s.clock.advance(1000);
    s.r('SET', 'c', 'v', 'EX', 1000);
    s.clock.advance(1000);
    s.r('SET', 'd', 'v', 'EX', 1000);
    s.clock.advance(1000);
    squeeze(s);
    expect(keys(s)).toEqual(['d', 'old']);
  });

  it('volatile-ttl evicts the key that expires soonest', () => {
    const s = setup();
    withPolicy(s, 'volatile-ttl');
    s.r('SET', 'never', 'v');
    s.r('SET', 'late', 'v', 'EX', 100);
    s.r('SET', 'soon', 'v', 'EX', 50);
    s.r('SET', 'mid', 'v', 'EX', 75);
    squeeze(s);
    expect(keys(s)).toEqual(['late', 'mid', 'never']);
    squeeze(s);
    expect(keys(s)).toEqual(['late', 'never']);
  });

  it('allkeys-lfu evicts the least frequently used key', () => {
    const s = setup();
    withPolicy(s, 'allkeys-lfu');
    for (const k of ['a', 'b', 'c']) s.r('SET', k, 'v');
    // The first hit of a new key (counter LFU_INIT_VAL 5) always counts: a and b reach 6.
    s.r('GET', 'a');
    s.r('GET', 'b');
    s.clock.advance(5000);
    s.r('GET', 'a'); // recency does not matter to LFU: c, never read, goes first
    squeeze(s);
    expect(keys(s)).toEqual(['a', 'b']);
  });

  it('volatile-lfu evicts the least frequently used key among keys with a TTL', () => {
    const s = setup();
    withPolicy(s, 'volatile-lfu');
    s.r('SET', 'plain', 'v');
    s.r('SET', 'hot', 'v', 'EX', 100);
    s.r('SET', 'cold', 'v', 'EX', 100);
    s.r('GET', 'hot');
    squeeze(s);
    expect(keys(s)).toEqual(['hot', 'plain']);
  });

  it('volatile-random evicts only keys with a TTL', () => {
    const s = setup();
    withPolicy(s, 'volatile-random');
    s.r('MSET', 'a', '1', 'b', '2', 'c', '3');
    s.r('SET', 'x', 'v', 'EX', 100);
    squeeze(s);
    expect(keys(s)).toEqual(['a', 'b', 'c']);
    // Nothing volatile is left: a write that needs room is refused.
    s.r('CONFIG', 'SET', 'maxmemory', 1);
    expect(s.r('SET', 'y', 'v')).toBe(OOM_ERROR);
    expect(keys(s)).toEqual(['a', 'b', 'c']);
  });

  it('allkeys-random evicts keys until under the limit, then OOM when the store is empty', () => {
    const s = setup();
    withPolicy(s, 'allkeys-random');
    s.r('MSET', 'a', '1', 'b', '2', 'c', '3');
    squeeze(s);
    expect(keys(s)).toHaveLength(2);
    s.r('CONFIG', 'SET', 'maxmemory', 1);
    expect(s.r('SET', 'd', '4')).toBe(OOM_ERROR);
    expect(s.r('DBSIZE')).toBe(0);
    expect(s.store.stats.evictedKeys).toBe(3);
  });

  it('LRU samples every database and evicts the globally least recent key', () => {
    const s = setup();
    withPolicy(s, 'allkeys-lru');
    s.r('SELECT', 3);
    s.r('SET', 'old', 'v');
    s.clock.advance(1000);
    s.r('SELECT', 0);
    s.r('SET', 'new', 'v');
    squeeze(s);
    expect(s.r('DBSIZE')).toBe(1);
    s.r('SELECT', 3);
    expect(s.r('DBSIZE')).toBe(0);
  });

  it('samples: volatile-random over many keys still evicts only volatile ones', () => {
    const s = setup();
    withPolicy(s, 'volatile-random');
    s.r('CONFIG', 'SET', 'maxmemory-samples', 5);
    for (let i = 0; i < 100; i++) s.r('SET', `p${i}`, 'v');
    for (let i = 0; i < 50; i++) s.r('SET', `v${i}`, 'v', 'EX', 1000);
    const each = Number(s.r('MEMORY', 'USAGE', 'v10'));
    squeeze(s, 20 * each);
    const left = keys(s);
    expect(left.filter((k) => k.startsWith('p'))).toHaveLength(100);
    expect(left.filter((k) => k.startsWith('v'))).toHaveLength(30);
  });

  it('samples: allkeys-lru over many keys evicts mostly old keys (approximated LRU)', () => {
    const s = setup();
    withPolicy(s, 'allkeys-lru');
    s.r('CONFIG', 'SET', 'maxmemory-samples', 5);
    for (let i = 0; i < 200; i++) {
      s.r('SET', `k${String(i).padStart(3, '0')}`, 'v');
      s.clock.advance(10);
    }
    const each = Number(s.r('MEMORY', 'USAGE', 'k000'));
    squeeze(s, 20 * each);
    const left = new Set(keys(s));
    const evicted = [...Array(200).keys()].filter((i) => !left.has(`k${String(i).padStart(3, '0')}`));
    expect(evicted).toHaveLength(20);
    // Each pick is the best of >= 5 random samples plus the pool: far older than average.
    const mean = evicted.reduce((a, b) => a + b, 0) / evicted.length;
    expect(mean).toBeLessThan(60);
  });

  it('evicts as many keys as the limit needs in one run', () => {
    const s = setup();
    withPolicy(s, 'allkeys-lru');
    for (let i = 0; i < 10; i++) {
      s.r('SET', `k${i}`, 'v');
      s.clock.advance(10);
    }
    const each = Number(s.r('MEMORY', 'USAGE', 'k0'));
    squeeze(s, 3 * each); // exactly 3 keys' worth to free: the 3 least recent go
    expect(keys(s)).toEqual(['k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });
});

describe('effects of an eviction', () => {
  it('propagates DEL as its own unit before the command, emits `evicted`, counts evicted_keys', () => {
    const s = setup();
    s.r('CONFIG', 'SET', 'notify-keyspace-events', 'Ee');
    withPolicy(s, 'allkeys-lru');
    s.r('SET', 'victim', 'v');
    s.clock.advance(1000);
    s.r('SET', 'keep', 'v');
    s.r('CONFIG', 'SET', 'maxmemory', s.used() - 1);
    s.units.length = 0;
    s.events.length = 0;
    expect(s.r('SET', 'n', 'x')).toBe('OK');
    expect(s.units).toEqual([['0:DEL victim'], ['0:SET n x']]);
    expect(s.events).toEqual(['evicted victim@0', 'set n@0']);
    expect(s.store.stats.evictedKeys).toBe(1);
    // `n` put the store over the limit again: INFO's own pre-command check evicts `keep` first.
    expect((s.store.call('INFO', 'stats') as string).split('\r\n')).toContain('evicted_keys:2');
    expect(s.units.at(-1)).toEqual(['0:DEL keep']);
  });

  it('touches the evicted key: a WATCHing transaction fails', () => {
    const s = setup();
    const a = s.store.createSession();
    withPolicy(s, 'allkeys-lru');
    s.r('SET', 'w', 'v');
    expect(s.as(a, 'WATCH', 'w')).toBe('OK');
    expect(s.as(a, 'MULTI')).toBe('OK');
    expect(s.as(a, 'PING')).toBe('QUEUED');
    s.r('CONFIG', 'SET', 'maxmemory', s.used() - 1);
    s.r('PING'); // evicts w
    expect(s.as(a, 'EXEC')).toBe('(nil array)');
  });

  it('pubsub.tcl "evicted events": maxmemory 1 + allkeys-lru evicts foo from the timer', async () => {
    const s = setup();
    const messages: string[] = [];
    s.store.psubscribe('*', (message, channel) => messages.push(`${channel} ${message}`));
    s.r('CONFIG', 'SET', 'notify-keyspace-events', 'Ee');
    s.r('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    s.r('FLUSHDB');
    s.r('SET', 'foo', 'bar');
    expect(s.r('CONFIG', 'SET', 'maxmemory', 1)).toBe('OK');
    s.clock.advance(0); // Redis's evictionTimeProc, started by CONFIG SET maxmemory
    await delivered();
    expect(messages).toEqual(['__keyevent@0__:evicted foo']);
    s.r('CONFIG', 'SET', 'maxmemory', 0);
    expect(s.r('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')).toBe('OK');
  });

  it('typed-API writes are not refused; eviction follows on the next timer tick', () => {
    const s = setup();
    withPolicy(s, 'allkeys-lru');
    s.store.set('a', '1');
    s.clock.advance(1000);
    s.store.set('b', '2');
    s.r('CONFIG', 'SET', 'maxmemory', s.used());
    s.clock.advance(0); // the CONFIG SET timer finds nothing to do
    s.clock.advance(1000);
    expect(s.store.set('c', '3')).toBe('OK'); // now over the limit: no error
    expect(s.store.dbsize()).toBe(3);
    s.clock.advance(0);
    expect(keys(s)).toEqual(['b', 'c']);
  });

  it('a run past maxmemory-eviction-tenacity 0 stops after 16 keys and goes on in the timer', () => {
    const s = setup();
    withPolicy(s, 'allkeys-lru');
    s.r('CONFIG', 'SET', 'maxmemory-eviction-tenacity', 0);
    for (let i = 0; i < 40; i++) s.r('SET', `k${i}`, 'v');
    s.r('CONFIG', 'SET', 'maxmemory', 1);
    expect(s.r('PING')).toBe('PONG');
    expect(s.store.stats.evictedKeys).toBe(16);
    // Under the limit? No: the next denyoom command finds a run still going, not a failure.
    expect(s.r('SET', 'x', 'y')).toBe('OK');
    expect(s.store.stats.evictedKeys).toBe(32);
    s.clock.advance(0);
    s.clock.advance(0);
    expect(s.store.stats.evictedKeys).toBe(41);
    expect(s.r('DBSIZE')).toBe(0);
  });
});

describe('dataset accounting', () => {
  it('is BASELINE plus MEMORY USAGE of every key, kept across writes, deletes and flushes', () => {
    const s = setup();
    s.r('MSET', 'a', 'x', 'num', '12345', 'long', 'y'.repeat(100));
    s.r('RPUSH', 'list', 'a', 'b', 'c');
    s.r('HSET', 'h', 'f', 'v');
    s.r('SELECT', 2);
    s.r('SADD', 's', '1', '2');
    s.r('SELECT', 0);
    s.r('CONFIG', 'SET', 'maxmemory', '1gb');
    const expected = (): number => {
      let t = BASELINE;
      for (let db = 0; db < 16; db++) {
        s.r('SELECT', db);
        for (const k of s.r('KEYS', '*') as string[]) t += Number(s.r('MEMORY', 'USAGE', k));
      }
      s.r('SELECT', 0);
      return t;
    };
    expect(s.used()).toBe(expected());
    s.r('APPEND', 'a', 'more');
    s.r('RPUSH', 'list', 'd');
    s.r('DEL', 'num');
    s.r('HSET', 'h', 'g', 'w');
    expect(s.used()).toBe(expected());
    s.r('SWAPDB', 0, 2);
    expect(s.used()).toBe(expected());
    s.r('FLUSHALL');
    expect(s.used()).toBe(BASELINE);
    s.r('SET', 'k', 'v');
    expect(s.used()).toBe(expected());
  });

  it('costs nothing while maxmemory is 0: no touch listener, no access map', () => {
    const s = setup();
    s.r('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    const touching = s.store.effects.touching;
    expect(s.store.dbs[0]!.access).toBeNull();
    s.r('CONFIG', 'SET', 'maxmemory', '1gb');
    expect(s.store.effects.touching).toBe(true);
    expect(s.store.dbs[0]!.access).not.toBeNull();
    s.r('CONFIG', 'SET', 'maxmemory', 0);
    expect(s.store.effects.touching).toBe(touching);
    expect(s.store.dbs[0]!.access).toBeNull();
    expect(evictorOf(s.store)!.used()).toBe(0);
  });

  it('sizes a big collection by element count between exact re-sizes', () => {
    const s = setup();
    s.r('CONFIG', 'SET', 'maxmemory', '1gb');
    for (let i = 0; i < 1000; i++) s.r('RPUSH', 'l', `element-${i}`);
    const exact = Number(s.r('MEMORY', 'USAGE', 'l'));
    const estimate = s.used() - BASELINE;
    expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.15);
  });
});

describe('OBJECT FREQ and the LFU counter', () => {
  it('errors without an LFU policy, counts from LFU_INIT_VAL with one', () => {
    const s = setup();
    s.r('SET', 'k', 'v');
    expect(s.r('OBJECT', 'FREQ', 'k')).toBe(
      '(error) ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
    expect(s.r('OBJECT', 'FREQ', 'missing')).toBeNull();
    s.r('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    s.r('SET', 'n', 'v');
    expect(s.r('OBJECT', 'FREQ', 'n')).toBe(5);
    expect(s.r('OBJECT', 'FREQ', 'n')).toBe(5); // OBJECT does not count as an access
    s.r('GET', 'n');
    expect(s.r('OBJECT', 'FREQ', 'n')).toBe(6);
    expect(s.store.objectFreq('n')).toBe(6);
  });

  it('grows logarithmically and decays by lfu-decay-time minutes', () => {
    const s = setup();
    s.r('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    s.r('SET', 'k', 'v');
    for (let i = 0; i < 1000; i++) s.r('GET', 'k');
    const f = s.r('OBJECT', 'FREQ', 'k') as number;
    // p = 1 / ((counter - 5) * 10 + 1): 1000 hits reach about 5 + sqrt(2 * 1000 / 10) ≈ 19.
    expect(f).toBeGreaterThan(12);
    expect(f).toBeLessThan(30);
    s.clock.advance(3 * 60_000);
    expect(s.r('OBJECT', 'FREQ', 'k')).toBe(f - 3);
    s.r('CONFIG', 'SET', 'lfu-decay-time', 0);
    s.clock.advance(60 * 60_000);
    expect(s.r('OBJECT', 'FREQ', 'k')).toBe(f);
    s.r('CONFIG', 'SET', 'lfu-decay-time', 1);
    expect(s.r('OBJECT', 'FREQ', 'k')).toBe(0);
  });

  it('turning LFU off drops the counters', () => {
    const s = setup();
    s.r('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu');
    s.r('SET', 'k', 'v');
    s.r('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    expect(s.store.dbs[0]!.access).toBeNull();
    expect(String(s.r('OBJECT', 'FREQ', 'k'))).toContain('An LFU maxmemory policy is not selected');
  });
});

describe('close()', () => {
  it('stops eviction: the module-wide fast-path counter drops back when the store closes', async () => {
    const { evictionActive } = await import('../../src/keyspace/evict.js');
    const before = evictionActive();
    const store = new Store();
    store.call('CONFIG', 'SET', 'maxmemory', '1gb');
    expect(evictionActive()).toBe(true);
    store.close();
    expect(evictionActive()).toBe(before);
    expect(evictorOf(store)!.maxmemory).toBe(0);
  });
});

describe('OBJECT IDLETIME under an LFU policy', () => {
  it('is refused with Redis text while an LFU policy is selected, whatever maxmemory is', () => {
    const store = new Store({ trackAccess: true });
    store.set('k', 'v');
    expect(store.call('OBJECT', 'IDLETIME', 'k')).toBe(0);
    store.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    expect(() => store.call('OBJECT', 'IDLETIME', 'k')).toThrow(
      'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
    expect(store.call('OBJECT', 'IDLETIME', 'missing')).toBeNull();
    store.close();
  });
});

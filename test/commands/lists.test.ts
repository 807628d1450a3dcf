// List commands (t_list.c) through the dispatcher and the typed API: replies, Redis's error
// texts and their order, emptied lists deleted, OBJECT ENCODING, and the effects (propagation
// and keyspace events) Redis 7.0.15 produces. Blocking behaviour: blocking.test.ts.

import { describe, expect, it } from 'vitest';
import { NULL_ARRAY } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { type Effect, FakeClock, ReplyError, Store } from '../../src/index.js';
import { parseTimeout } from '../../src/keyspace/blocking.js';

const T0 = Date.UTC(2030, 0, 1);

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const SYNTAX = 'ERR syntax error';

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1 });
  const effects: Effect[] = [];
  store.effects.addSink((unit) => effects.push(...unit));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) => {
    const cls = flag === NOTIFY.LIST ? 'list' : flag === NOTIFY.GENERIC ? 'generic' : String(flag);
    events.push(`${cls}:${event}:${key}`);
  });
  const log = () => effects.map((e) => e.argv.join(' '));
  const reset = () => {
    effects.length = 0;
    events.length = 0;
  };
  return { clock, store, log, events, reset };
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

describe('LPUSH / RPUSH / LPUSHX / RPUSHX', () => {
  it('LPUSH inserts each element at the head in turn; RPUSH appends', () => {
    const { store } = setup();
    expect(store.lpush('l', 'a', 'b', 'c')).toBe(3);
    expect(store.rpush('l', 'x', 'y')).toBe(5);
    expect(store.lrange('l', 0, -1)).toEqual(['c', 'b', 'a', 'x', 'y']);
    expect(store.call('LPUSH', 'l', 'z')).toBe(6);
    expect(store.call('LRANGE', 'l', 0, 1)).toEqual(['z', 'c']);
  });

  it('LPUSHX and RPUSHX push only onto an existing list', () => {
    const { store, log } = setup();
    expect(store.lpushx('l', 'a')).toBe(0);
    expect(store.call('RPUSHX', 'l', 'a')).toBe(0);
    expect(store.exists('l')).toBe(0);
    expect(log()).toEqual([]);
    store.rpush('l', 'm');
    expect(store.lpushx('l', 'a', 'b')).toBe(3);
    expect(store.rpushx('l', 'z')).toBe(4);
    expect(store.lrange('l', 0, -1)).toEqual(['b', 'a', 'm', 'z']);
  });

  it('pushes are logged as issued with one lpush/rpush event per command', () => {
    const { store, log, events } = setup();
    store.call('RPUSH', 'l', 'a', 'b');
    store.lpush('l', 'c');
    store.lpushx('l', 'd');
    store.rpushx('l', 'e');
    expect(log()).toEqual(['RPUSH l a b', 'LPUSH l c', 'LPUSHX l d', 'RPUSHX l e']);
    expect(events).toEqual(['list:rpush:l', 'list:lpush:l', 'list:lpush:l', 'list:rpush:l']);
  });

  it('keeps binary and UTF-8 elements byte-exact', () => {
    const { store } = setup();
    const bin = Buffer.from([0, 0xff, 0x80, 13, 10]);
    store.rpush('l', 'héllo', bin);
    expect(store.lindex('l', 0)).toBe('héllo');
    expect(store.callBuffer('LINDEX', 'l', 1)).toEqual(bin);
    expect(store.call('LLEN', 'l')).toBe(2);
  });

  it('WRONGTYPE for another type; arity errors', () => {
    const { store } = setup();
    store.set('s', 'v');
    expect(errorOf(() => store.lpush('s', 'x'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('RPUSHX', 's', 'x'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.lpush('l'))).toBe("ERR wrong number of arguments for 'lpush' command");
    expect(errorOf(() => store.call('RPUSH', 'l'))).toBe("ERR wrong number of arguments for 'rpush' command");
  });
});

describe('LPOP / RPOP', () => {
  it('pops single elements and deletes the emptied list', () => {
    const { store, log, events } = setup();
    store.rpush('l', 'a', 'b');
    expect(store.lpop('l')).toBe('a');
    expect(store.call('RPOP', 'l')).toBe('b');
    expect(store.exists('l')).toBe(0);
    expect(store.lpop('l')).toBe(null);
    expect(log()).toEqual(['RPUSH l a b', 'LPOP l', 'RPOP l']);
    expect(events).toEqual(['list:rpush:l', 'list:lpop:l', 'list:rpop:l', 'generic:del:l']);
  });

  it('with a count: an array in pop order, [] for 0, nil array for a missing key', () => {
    const { store, log } = setup();
    store.rpush('l', 'a', 'b', 'c', 'd', 'e');
    expect(store.lpopCount('l', 2)).toEqual(['a', 'b']);
    expect(store.rpopCount('l', 2)).toEqual(['e', 'd']);
    expect(store.lpopCount('l', 0)).toEqual([]);
    expect(store.call('RPOP', 'l', 10)).toEqual(['c']);
    expect(store.lpopCount('l', 3)).toBe(null);
    expect(store.dispatch(['LPOP', 'l', '0'])).toBe(NULL_ARRAY);
    expect(store.call('LPOP', 'l', 1)).toBe(null);
    // A count of 0 changes nothing, so it is not logged.
    expect(log()).toEqual(['RPUSH l a b c d e', 'LPOP l 2', 'RPOP l 2', 'RPOP l 10']);
  });

  it('checks the count before the key, and the type before a count of 0', () => {
    const { store } = setup();
    store.set('s', 'v');
    const positive = 'ERR value is out of range, must be positive';
    expect(errorOf(() => store.call('LPOP', 's', -1))).toBe(positive);
    expect(errorOf(() => store.call('LPOP', 'missing', 'x'))).toBe(positive);
    expect(errorOf(() => store.lpopCount('s', 1.5))).toBe(positive);
    expect(errorOf(() => store.call('LPOP', 's', 0))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('LPOP', 'l', 1, 2))).toBe(
      "ERR wrong number of arguments for 'lpop' command",
    );
  });
});

describe('LLEN / LINDEX / LRANGE', () => {
  it('LINDEX counts from either end; out of range is nil', () => {
    const { store } = setup();
    store.rpush('l', 'a', 'b', 'c');
    expect([0, 2, -1, -3, 3, -4].map((i) => store.lindex('l', i))).toEqual(['a', 'c', 'c', 'a', null, null]);
    expect(store.llen('l')).toBe(3);
    expect(store.llen('missing')).toBe(0);
  });

  it('LINDEX looks the key up before it parses the index', () => {
    const { store } = setup();
    store.set('s', 'v');
    store.rpush('l', 'a');
    expect(store.call('LINDEX', 'missing', 'x')).toBe(null);
    expect(errorOf(() => store.call('LINDEX', 's', 'x'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('LINDEX', 'l', 'x'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.lindex('l', 0.5))).toBe(NOT_INTEGER);
    expect(store.lindex('missing', 0.5)).toBe(null);
  });

  it('LRANGE clamps offsets like Redis', () => {
    const { store } = setup();
    store.rpush('l', 'a', 'b', 'c', 'd', 'e');
    expect(store.lrange('l', 1, 3)).toEqual(['b', 'c', 'd']);
    expect(store.lrange('l', -2, -1)).toEqual(['d', 'e']);
    expect(store.lrange('l', -100, 100)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(store.lrange('l', 3, 1)).toEqual([]);
    expect(store.lrange('l', 5, 10)).toEqual([]);
    expect(store.lrange('missing', 0, -1)).toEqual([]);
    expect(errorOf(() => store.lrange('l', 0.5, 1))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('LRANGE', 'missing', 'a', 1))).toBe(NOT_INTEGER);
  });

  it('OBJECT ENCODING is quicklist at any size (Redis 7.0 has no listpack lists)', () => {
    const { store } = setup();
    store.rpush('small', 'a');
    store.rpush('big', ...Array.from({ length: 1000 }, (_, i) => String(i)));
    expect(store.objectEncoding('small')).toBe('quicklist');
    expect(store.call('OBJECT', 'ENCODING', 'big')).toBe('quicklist');
    expect(store.type('small')).toBe('list');
  });
});

describe('LSET / LINSERT / LREM / LTRIM', () => {
  it('LSET replaces by index, logs and notifies', () => {
    const { store, log, events, reset } = setup();
    store.rpush('l', 'a', 'b', 'c');
    reset();
    expect(store.lset('l', -1, 'C')).toBe('OK');
    expect(store.call('LSET', 'l', 0, 'A')).toBe('OK');
    expect(store.lrange('l', 0, -1)).toEqual(['A', 'b', 'C']);
    expect(log()).toEqual(['LSET l -1 C', 'LSET l 0 A']);
    expect(events).toEqual(['list:lset:l', 'list:lset:l']);
  });

  it('LSET errors: no such key, WRONGTYPE, then the index', () => {
    const { store } = setup();
    store.set('s', 'v');
    store.rpush('l', 'a');
    expect(errorOf(() => store.lset('missing', 0, 'x'))).toBe('ERR no such key');
    expect(errorOf(() => store.call('LSET', 'missing', 'x', 'x'))).toBe('ERR no such key');
    expect(errorOf(() => store.call('LSET', 's', 'x', 'x'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('LSET', 'l', 'x', 'x'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.lset('l', 1, 'x'))).toBe('ERR index out of range');
    expect(errorOf(() => store.lset('l', -2, 'x'))).toBe('ERR index out of range');
  });

  it('LINSERT inserts around the first pivot; -1 without it, 0 without the key', () => {
    const { store, log, reset } = setup();
    store.rpush('l', 'a', 'b', 'a');
    reset();
    expect(store.linsert('l', 'BEFORE', 'a', 'x')).toBe(4);
    expect(store.call('LINSERT', 'l', 'after', 'a', 'y')).toBe(5);
    expect(store.lrange('l', 0, -1)).toEqual(['x', 'a', 'y', 'b', 'a']);
    expect(store.linsert('l', 'AFTER', 'nope', 'z')).toBe(-1);
    expect(store.linsert('missing', 'AFTER', 'a', 'z')).toBe(0);
    expect(log()).toEqual(['LINSERT l BEFORE a x', 'LINSERT l AFTER a y']);
    expect(errorOf(() => store.call('LINSERT', 'missing', 'MIDDLE', 'a', 'z'))).toBe(SYNTAX);
    expect(errorOf(() => store.linsert('l', 'UNDER' as 'AFTER', 'a', 'z'))).toBe(SYNTAX);
  });

  it('LREM removes from the head, the tail or everywhere, and deletes an emptied list', () => {
    const { store, log, events, reset } = setup();
    store.rpush('l', 'a', 'b', 'a', 'c', 'a');
    reset();
    expect(store.lrem('l', 1, 'a')).toBe(1);
    expect(store.lrange('l', 0, -1)).toEqual(['b', 'a', 'c', 'a']);
    expect(store.lrem('l', -1, 'a')).toBe(1);
    expect(store.lrange('l', 0, -1)).toEqual(['b', 'a', 'c']);
    expect(store.call('LREM', 'l', 0, 'nope')).toBe(0);
    expect(store.lrem('l', 0, 'b')).toBe(1);
    expect(store.lrem('l', 0, 'a')).toBe(1);
    expect(store.lrem('l', 0, 'c')).toBe(1);
    expect(store.exists('l')).toBe(0);
    expect(log()).toEqual(['LREM l 1 a', 'LREM l -1 a', 'LREM l 0 b', 'LREM l 0 a', 'LREM l 0 c']);
    expect(events.slice(-2)).toEqual(['list:lrem:l', 'generic:del:l']);
  });

  it('LTRIM trims, deletes an emptied list, and logs only when it removed something', () => {
    const { store, log, events, reset } = setup();
    store.rpush('l', 'a', 'b', 'c', 'd');
    reset();
    expect(store.ltrim('l', 0, 100)).toBe('OK');
    expect(store.call('LTRIM', 'l', 1, -2)).toBe('OK');
    expect(store.lrange('l', 0, -1)).toEqual(['b', 'c']);
    expect(store.ltrim('l', 5, 1)).toBe('OK');
    expect(store.exists('l')).toBe(0);
    expect(store.ltrim('missing', 0, 1)).toBe('OK');
    expect(log()).toEqual(['LTRIM l 1 -2', 'LTRIM l 5 1']);
    expect(events).toEqual(['list:ltrim:l', 'list:ltrim:l', 'list:ltrim:l', 'generic:del:l']);
  });
});

describe('LPOS', () => {
  it('finds by rank, count and maxlen', () => {
    const { store } = setup();
    store.rpush('l', 'a', 'b', 'c', 'a', 'b', 'c', 'a');
    expect(store.lpos('l', 'a')).toBe(0);
    expect(store.lpos('l', 'a', { rank: 2 })).toBe(3);
    expect(store.lpos('l', 'a', { rank: -1 })).toBe(6);
    expect(store.lpos('l', 'x')).toBe(null);
    expect(store.lpos('l', 'c', { maxlen: 2 })).toBe(null);
    expect(store.lposAll('l', 'a')).toEqual([0, 3, 6]);
    expect(store.lposAll('l', 'a', { count: 2, rank: -1 })).toEqual([6, 3]);
    expect(store.lposAll('missing', 'a')).toEqual([]);
    expect(store.lpos('missing', 'a')).toBe(null);
    expect(store.call('LPOS', 'l', 'b', 'COUNT', 0)).toEqual([1, 4]);
    expect(store.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', 1)).toEqual([6, 3, 0]);
  });

  it('option errors match Redis', () => {
    const { store } = setup();
    store.rpush('l', 'a');
    expect(errorOf(() => store.lpos('l', 'a', { rank: 0 }))).toBe(
      "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
    );
    expect(errorOf(() => store.lposAll('l', 'a', { count: -1 }))).toBe("ERR COUNT can't be negative");
    expect(errorOf(() => store.lpos('l', 'a', { maxlen: -1 }))).toBe("ERR MAXLEN can't be negative");
    expect(errorOf(() => store.lpos('l', 'a', { rank: 1.5 }))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('LPOS', 'l', 'a', 'RANK'))).toBe(SYNTAX);
  });
});

describe('LMOVE / RPOPLPUSH / LMPOP', () => {
  it('LMOVE moves between ends, creates the destination and deletes an emptied source', () => {
    const { store, log, events, reset } = setup();
    store.rpush('src', 'a', 'b');
    reset();
    expect(store.lmove('src', 'dst', 'LEFT', 'RIGHT')).toBe('a');
    expect(store.call('LMOVE', 'src', 'dst', 'right', 'left')).toBe('b');
    expect(store.exists('src')).toBe(0);
    expect(store.lrange('dst', 0, -1)).toEqual(['b', 'a']);
    expect(store.lmove('src', 'dst', 'LEFT', 'LEFT')).toBe(null);
    expect(log()).toEqual(['LMOVE src dst LEFT RIGHT', 'LMOVE src dst RIGHT LEFT']);
    expect(events).toEqual([
      'list:rpush:dst',
      'list:lpop:src',
      'list:lpush:dst',
      'list:rpop:src',
      'generic:del:src',
    ]);
  });

  it('LMOVE rotates a one-element list onto itself without deleting it', () => {
    const { store } = setup();
    store.rpush('l', 'x');
    expect(store.lmove('l', 'l', 'LEFT', 'RIGHT')).toBe('x');
    expect(store.lrange('l', 0, -1)).toEqual(['x']);
    store.rpush('l', 'y', 'z');
    expect(store.rpoplpush('l', 'l')).toBe('z');
    expect(store.lrange('l', 0, -1)).toEqual(['z', 'x', 'y']);
  });

  it('LMOVE checks the destination type before moving; a missing source is nil first', () => {
    const { store } = setup();
    store.set('s', 'v');
    store.rpush('l', 'a');
    expect(errorOf(() => store.lmove('l', 's', 'LEFT', 'LEFT'))).toBe(WRONGTYPE);
    expect(store.lrange('l', 0, -1)).toEqual(['a']);
    expect(store.lmove('missing', 's', 'LEFT', 'LEFT')).toBe(null);
    expect(errorOf(() => store.lmove('l', 'd', 'UP' as 'LEFT', 'LEFT'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('LMOVE', 'l', 'd', 'LEFT', 'DOWN'))).toBe(SYNTAX);
  });

  it('RPOPLPUSH is logged as such', () => {
    const { store, log } = setup();
    store.rpush('a', '1', '2');
    expect(store.call('RPOPLPUSH', 'a', 'b')).toBe('2');
    expect(log()).toEqual(['RPUSH a 1 2', 'RPOPLPUSH a b']);
  });

  it('LMPOP pops from the first list found and logs the count actually popped', () => {
    const { store, log, reset } = setup();
    store.rpush('l2', 'a', 'b', 'c');
    reset();
    expect(store.lmpop(['l1', 'l2'], 'LEFT')).toEqual(['l2', ['a']]);
    expect(store.call('LMPOP', 2, 'l1', 'l2', 'RIGHT', 'COUNT', 10)).toEqual(['l2', ['c', 'b']]);
    expect(store.lmpop(['l1', 'l2'], 'LEFT', 3)).toBe(null);
    expect(store.dispatch(['LMPOP', '1', 'l1', 'LEFT'])).toBe(NULL_ARRAY);
    expect(log()).toEqual(['LPOP l2 1', 'RPOP l2 2']);
  });

  it('LMPOP errors match Redis', () => {
    const { store } = setup();
    store.set('s', 'v');
    expect(errorOf(() => store.lmpop([], 'LEFT'))).toBe('ERR numkeys should be greater than 0');
    expect(errorOf(() => store.lmpop(['a'], 'LEFT', 0))).toBe('ERR count should be greater than 0');
    expect(errorOf(() => store.call('LMPOP', 2, 'a', 'LEFT'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('LMPOP', 1, 'a', 'LEFT', 'COUNT', 1, 'COUNT', 1))).toBe(SYNTAX);
    expect(errorOf(() => store.lmpop(['missing', 's'], 'RIGHT'))).toBe(WRONGTYPE);
  });
});

describe('lists in the keyspace', () => {
  it('an expired list is gone for every list command', () => {
    const { store, clock, log } = setup();
    store.rpush('l', 'a');
    store.pexpire('l', 100);
    clock.set(T0 + 101);
    expect(store.llen('l')).toBe(0);
    expect(store.rpushx('l', 'b')).toBe(0);
    expect(log()).toContain('DEL l');
  });

  it('COPY gives an independent list', () => {
    const { store } = setup();
    store.rpush('a', '1', '2');
    store.copy('a', 'b');
    store.rpush('b', '3');
    expect(store.lrange('a', 0, -1)).toEqual(['1', '2']);
    expect(store.lrange('b', 0, -1)).toEqual(['1', '2', '3']);
  });
});

describe('parseTimeout', () => {
  it('reads seconds as a long double and rounds up to whole ms, as Redis', () => {
    expect(parseTimeout('0')).toBe(0);
    expect(parseTimeout('5')).toBe(5000);
    expect(parseTimeout('0.1')).toBe(100);
    expect(parseTimeout('0.0001')).toBe(1);
    expect(parseTimeout('1.0005')).toBe(1001);
    expect(parseTimeout('1e-3')).toBe(1);
    expect(parseTimeout('0x10')).toBe(16000);
    // ceill of a tiny negative value is -0: no timeout at all.
    expect(parseTimeout('-0.0001')).toBe(0);
    expect(parseTimeout('-0')).toBe(0);
  });

  it('errors as Redis: not a float, negative, and overflow counts as negative', () => {
    const negative = 'ERR timeout is negative';
    const notFloat = 'ERR timeout is not a float or out of range';
    expect(errorOf(() => parseTimeout('-1'))).toBe(negative);
    expect(errorOf(() => parseTimeout('inf'))).toBe(negative);
    expect(errorOf(() => parseTimeout('1e30'))).toBe(negative);
    expect(errorOf(() => parseTimeout('9223372036854775.808'))).toBe(negative);
    expect(parseTimeout('9223372036854775.807')).toBe(2 ** 63); // LLONG_MAX, as a double
    expect(errorOf(() => parseTimeout('x'))).toBe(notFloat);
    expect(errorOf(() => parseTimeout('nan'))).toBe(notFloat);
    expect(errorOf(() => parseTimeout(' 1'))).toBe(notFloat);
    expect(errorOf(() => parseTimeout(''))).toBe(notFloat);
    expect(parseTimeout('100', 'ms')).toBe(100);
    expect(errorOf(() => parseTimeout('1.5', 'ms'))).toBe('ERR timeout is not an integer or out of range');
    expect(errorOf(() => parseTimeout('-5', 'ms'))).toBe(negative);
  });
});

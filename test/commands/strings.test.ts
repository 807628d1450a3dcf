// String commands (t_string.c) through the dispatcher and the typed API: replies, Redis's
// error texts and their order, TTL handling with a fake clock, OBJECT ENCODING, and the
// effects (propagation rewrites and keyspace events) Redis 7.0.15 produces.

import { describe, expect, it } from 'vitest';
import { MapReply } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { type Effect, FakeClock, ReplyError, Store } from '../../src/index.js';
import type { Collection } from '../../src/keyspace/db.js';

const T0 = Date.UTC(2030, 0, 1);

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const SYNTAX = 'ERR syntax error';
const OVERFLOW = 'ERR increment or decrement would overflow';
const TOO_BIG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1 });
  const effects: Effect[] = [];
  store.effects.addSink((unit) => effects.push(...unit));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) => {
    const cls = flag === NOTIFY.STRING ? 'string' : flag === NOTIFY.GENERIC ? 'generic' : String(flag);
    events.push(`${cls}:${event}:${key}`);
  });
  const log = () => effects.map((e) => e.argv.join(' '));
  const reset = () => {
    effects.length = 0;
    events.length = 0;
  };
  /** Puts a non-string value at `key` (a stand-in for a list, without the list commands). */
  const putList = (key: string) => {
    const list: Collection = { type: 'list', encoding: () => 'listpack', clone: () => list };
    store.dbs[0]!.put(key, list);
  };
  return { clock, store, log, events, reset, putList };
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

const encoding = (store: Store, key: string) => store.call('OBJECT', 'ENCODING', key);

describe('GET / SET', () => {
  it('SET then GET round-trips bytes; GET of a missing key is nil', () => {
    const { store } = setup();
    expect(store.call('SET', 'k', 'v')).toBe('OK');
    expect(store.call('GET', 'k')).toBe('v');
    expect(store.call('GET', 'nope')).toBe(null);
    store.set('u', 'héllo');
    expect(store.call('STRLEN', 'u')).toBe(6);
    expect(store.get('u')).toBe('héllo');
    expect(store.getBuffer('u')).toEqual(Buffer.from('héllo'));
  });

  it('SET NX / XX follow key existence and reply nil when stopped', () => {
    const { store } = setup();
    expect(store.call('SET', 'k', 'v', 'XX')).toBe(null);
    expect(store.call('SET', 'k', 'v', 'nx')).toBe('OK');
    expect(store.call('SET', 'k', 'w', 'NX')).toBe(null);
    expect(store.call('SET', 'k', 'w', 'XX')).toBe('OK');
    expect(store.set('k', 'x', { condition: 'NX' })).toBe(null);
    expect(store.get('k')).toBe('w');
  });

  it('SET GET returns the old value, also when NX stops the write', () => {
    const { store } = setup();
    expect(store.call('SET', 'k', 'v', 'GET')).toBe(null);
    expect(store.call('SET', 'k', 'w', 'GET', 'GET')).toBe('v');
    expect(store.call('SET', 'k', 'x', 'NX', 'GET')).toBe('w');
    expect(store.get('k')).toBe('w');
    expect(store.setGet('k', 'y')).toBe('w');
    expect(store.setGet('new', 'y', { condition: 'XX' })).toBe(null);
    expect(store.call('EXISTS', 'new')).toBe(0);
  });

  it('SET GET on a non-string is WRONGTYPE; plain SET overwrites any type', () => {
    const { store, putList } = setup();
    putList('l');
    expect(errorOf(() => store.call('SET', 'l', 'x', 'GET'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.setGet('l', 'x'))).toBe(WRONGTYPE);
    expect(store.call('SET', 'l', 'x')).toBe('OK');
    expect(store.get('l')).toBe('x');
  });

  it('SET option syntax follows parseExtendedStringArgumentsOrReply', () => {
    const { store } = setup();
    expect(errorOf(() => store.call('SET', 'k', 'v', 'NX', 'XX'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'EX', '10', 'PX', '10'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'KEEPTTL', 'EX', '10'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'EX', '10', 'KEEPTTL'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'EX'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'PERSIST'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'FOO'))).toBe(SYNTAX);
    // A repeated unit is allowed; the last value wins.
    expect(store.call('SET', 'k', 'v', 'EX', '10', 'ex', '20')).toBe('OK');
    expect(store.call('TTL', 'k')).toBe(20);
    expect(errorOf(() => store.set('k', 'v', { ex: 1, px: 1 }))).toBe(SYNTAX);
    expect(errorOf(() => store.set('k', 'v', { ex: 1, keepTtl: true }))).toBe(SYNTAX);
  });

  it('SET expire values: integer errors, then invalid expire time, before the GET lookup', () => {
    const { store, putList } = setup();
    expect(errorOf(() => store.call('SET', 'k', 'v', 'EX', 'abc'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'EX', '1.5'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('SET', 'k', 'v', 'EX', '0'))).toBe(
      "ERR invalid expire time in 'set' command",
    );
    expect(errorOf(() => store.call('SET', 'k', 'v', 'PX', '-1'))).toBe(
      "ERR invalid expire time in 'set' command",
    );
    expect(errorOf(() => store.call('SET', 'k', 'v', 'EX', '9223372036854775'))).toBe(
      "ERR invalid expire time in 'set' command",
    );
    expect(errorOf(() => store.call('SET', 'k', 'v', 'PX', '9223372036854775807'))).toBe(
      "ERR invalid expire time in 'set' command",
    );
    putList('l');
    expect(errorOf(() => store.call('SET', 'l', 'v', 'GET', 'EX', '0'))).toBe(
      "ERR invalid expire time in 'set' command",
    );
    expect(errorOf(() => store.set('k', 'v', { ex: 1.5 }))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.set('k', 'v', { px: 0 }))).toBe("ERR invalid expire time in 'set' command");
    expect(store.call('EXISTS', 'k')).toBe(0);
  });

  it('SET EX/PX/EXAT/PXAT expire at the right instant; KEEPTTL keeps it; plain SET drops it', () => {
    const { store, clock } = setup();
    store.call('SET', 'a', '1', 'EX', '10');
    store.call('SET', 'b', '1', 'PX', '1500');
    store.call('SET', 'c', '1', 'EXAT', String(T0 / 1000 + 5));
    store.set('d', '1', { pxat: T0 + 2500 });
    expect(store.call('PTTL', 'a')).toBe(10000);
    expect(store.call('PTTL', 'b')).toBe(1500);
    expect(store.call('PTTL', 'c')).toBe(5000);
    store.call('SET', 'a', '2', 'KEEPTTL');
    expect(store.call('PTTL', 'a')).toBe(10000);
    clock.advance(1500);
    expect(store.get('b')).toBe('1');
    clock.advance(1);
    expect(store.get('b')).toBe(null);
    clock.advance(1000);
    expect(store.get('d')).toBe(null);
    expect(store.get('c')).toBe('1');
    store.call('SET', 'c', '2');
    expect(store.call('TTL', 'c')).toBe(-1);
  });

  it('SET PXAT in the past stores a key that is already gone on the next read', () => {
    const { store, log, reset } = setup();
    reset();
    expect(store.call('SET', 'k', 'v', 'PXAT', '1')).toBe('OK');
    expect(store.call('GET', 'k')).toBe(null);
    expect(log()).toEqual(['SET k v PXAT 1', 'DEL k']);
  });
});

describe('SETNX / SETEX / PSETEX / GETSET / GETDEL', () => {
  it('SETNX replies 1 then 0', () => {
    const { store } = setup();
    expect(store.call('SETNX', 'k', 'a')).toBe(1);
    expect(store.call('SETNX', 'k', 'b')).toBe(0);
    expect(store.setnx('k', 'c')).toBe(0);
    expect(store.setnx('j', 'c')).toBe(1);
    expect(store.get('k')).toBe('a');
  });

  it('SETEX / PSETEX set value and TTL; bad times are errors naming the command', () => {
    const { store, clock } = setup();
    expect(store.call('SETEX', 'k', '10', 'v')).toBe('OK');
    expect(store.call('TTL', 'k')).toBe(10);
    expect(store.call('PSETEX', 'p', '1500', 'v')).toBe('OK');
    expect(store.call('PTTL', 'p')).toBe(1500);
    expect(store.psetex('q', 100, 'v')).toBe('OK');
    expect(store.setex('s', 1, 'v')).toBe('OK');
    clock.advance(101);
    expect(store.get('q')).toBe(null);
    expect(store.get('s')).toBe('v');
    expect(errorOf(() => store.call('SETEX', 'k', '0', 'v'))).toBe(
      "ERR invalid expire time in 'setex' command",
    );
    expect(errorOf(() => store.call('SETEX', 'k', '-5', 'v'))).toBe(
      "ERR invalid expire time in 'setex' command",
    );
    expect(errorOf(() => store.call('PSETEX', 'k', '0', 'v'))).toBe(
      "ERR invalid expire time in 'psetex' command",
    );
    expect(errorOf(() => store.call('SETEX', 'k', 'abc', 'v'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.setex('k', 0, 'v'))).toBe("ERR invalid expire time in 'setex' command");
    expect(errorOf(() => store.call('SETEX', 'k', '10'))).toBe(
      "ERR wrong number of arguments for 'setex' command",
    );
  });

  it('GETSET returns the old value and drops the TTL; WRONGTYPE on other types', () => {
    const { store, putList } = setup();
    expect(store.call('GETSET', 'k', 'a')).toBe(null);
    store.call('EXPIRE', 'k', '100');
    expect(store.getset('k', 'b')).toBe('a');
    expect(store.call('TTL', 'k')).toBe(-1);
    putList('l');
    expect(errorOf(() => store.call('GETSET', 'l', 'x'))).toBe(WRONGTYPE);
  });

  it('GETDEL returns the value and deletes the key', () => {
    const { store, putList } = setup();
    store.set('k', 'v');
    expect(store.call('GETDEL', 'k')).toBe('v');
    expect(store.call('GETDEL', 'k')).toBe(null);
    expect(store.getdel('k')).toBe(null);
    putList('l');
    expect(errorOf(() => store.call('GETDEL', 'l'))).toBe(WRONGTYPE);
    expect(store.call('EXISTS', 'l')).toBe(1);
  });
});

describe('GETEX', () => {
  it('without options reads like GET and changes nothing', () => {
    const { store, log, reset } = setup();
    store.set('k', 'v', { ex: 100 });
    reset();
    expect(store.call('GETEX', 'k')).toBe('v');
    expect(store.call('TTL', 'k')).toBe(100);
    expect(store.call('GETEX', 'nope')).toBe(null);
    expect(log()).toEqual([]);
  });

  it('EX/PX/EXAT/PXAT set the TTL; PERSIST removes it', () => {
    const { store, clock } = setup();
    store.set('k', 'v');
    expect(store.call('GETEX', 'k', 'EX', '100')).toBe('v');
    expect(store.call('TTL', 'k')).toBe(100);
    expect(store.call('GETEX', 'k', 'px', '1500')).toBe('v');
    expect(store.call('PTTL', 'k')).toBe(1500);
    expect(store.call('GETEX', 'k', 'EXAT', String(T0 / 1000 + 7))).toBe('v');
    expect(store.call('PTTL', 'k')).toBe(7000);
    expect(store.getex('k', { pxat: T0 + 300 })).toBe('v');
    expect(store.call('PTTL', 'k')).toBe(300);
    expect(store.getex('k', { persist: true })).toBe('v');
    expect(store.call('TTL', 'k')).toBe(-1);
    expect(store.getex('k', { px: 50 })).toBe('v');
    clock.advance(51);
    expect(store.getex('k')).toBe(null);
  });

  it('an EXAT/PXAT time already past deletes the key but still returns its value', () => {
    const { store, log, reset, events } = setup();
    store.set('k', 'v');
    reset();
    expect(store.call('GETEX', 'k', 'PXAT', String(T0))).toBe('v');
    expect(store.call('EXISTS', 'k')).toBe(0);
    store.set('j', 'v');
    expect(store.getex('j', { exat: 1 })).toBe('v');
    expect(store.call('EXISTS', 'j')).toBe(0);
    expect(log()).toEqual(['DEL k', 'SET j v', 'DEL j']);
    expect(events).toEqual(['generic:del:k', 'string:set:j', 'generic:del:j']);
  });

  it('option errors: syntax first, then nil / WRONGTYPE, then the expire value', () => {
    const { store, putList } = setup();
    store.set('k', 'v');
    putList('l');
    for (const args of [
      ['EX', '10', 'PX', '10'],
      ['EX', '10', 'PERSIST'],
      ['PERSIST', 'EX', '10'],
      ['PX'],
      ['NX'],
      ['KEEPTTL'],
      ['GET'],
    ]) {
      expect(errorOf(() => store.call('GETEX', 'k', ...args))).toBe(SYNTAX);
      expect(errorOf(() => store.call('GETEX', 'nope', ...args))).toBe(SYNTAX);
    }
    expect(errorOf(() => store.call('GETEX', 'l', 'BAD'))).toBe(SYNTAX);
    // The expire value is checked only once the key is known to be a string.
    expect(store.call('GETEX', 'nope', 'EX', 'abc')).toBe(null);
    expect(store.call('GETEX', 'nope', 'EX', '0')).toBe(null);
    expect(errorOf(() => store.call('GETEX', 'l', 'EX', 'abc'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('GETEX', 'l'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('GETEX', 'k', 'EX', 'abc'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('GETEX', 'k', 'EX', '0'))).toBe(
      "ERR invalid expire time in 'getex' command",
    );
    expect(errorOf(() => store.call('GETEX', 'k', 'PX', '-1'))).toBe(
      "ERR invalid expire time in 'getex' command",
    );
    expect(errorOf(() => store.getex('k', { ex: 1, persist: true }))).toBe(SYNTAX);
    expect(errorOf(() => store.getex('k', { ex: 1.5 }))).toBe(NOT_INTEGER);
    expect(store.getex('nope', { ex: 1.5 })).toBe(null);
    expect(store.call('TTL', 'k')).toBe(-1);
  });
});

describe('MGET / MSET / MSETNX', () => {
  it('MGET replies nil for missing and non-string keys', () => {
    const { store, putList } = setup();
    store.call('MSET', 'a', '1', 'b', '2');
    putList('l');
    expect(store.call('MGET', 'a', 'l', 'c', 'b')).toEqual(['1', null, null, '2']);
    expect(store.mget('a', 'b', 'nope')).toEqual(['1', '2', null]);
  });

  it('MSET sets every pair (later pairs win) and drops TTLs; odd arguments are an arity error', () => {
    const { store } = setup();
    store.set('a', 'x', { ex: 10 });
    expect(store.call('MSET', 'a', '1', 'd', '1', 'd', '2')).toBe('OK');
    expect(store.call('TTL', 'a')).toBe(-1);
    expect(store.get('d')).toBe('2');
    expect(errorOf(() => store.call('MSET', 'a', '1', 'b'))).toBe(
      "ERR wrong number of arguments for 'mset' command",
    );
    expect(errorOf(() => store.call('MSET', 'a'))).toBe("ERR wrong number of arguments for 'mset' command");
    expect(store.mset({ x: '1', y: 'é' })).toBe('OK');
    expect(
      store.mset([
        ['p', '1'],
        ['q', Buffer.from([0xff])],
      ]),
    ).toBe('OK');
    expect(store.mget('x', 'y', 'p')).toEqual(['1', 'é', '1']);
    expect(store.callBuffer('GET', 'q')).toEqual(Buffer.from([0xff]));
    expect(errorOf(() => store.mset({}))).toBe("ERR wrong number of arguments for 'mset' command");
  });

  it('MSETNX sets all keys or none', () => {
    const { store } = setup();
    store.set('a', 'old');
    expect(store.call('MSETNX', 'x', '1', 'a', '2')).toBe(0);
    expect(store.call('EXISTS', 'x')).toBe(0);
    expect(store.call('MSETNX', 'x', '1', 'y', '2')).toBe(1);
    expect(store.msetnx({ z: '1', y: '3' })).toBe(0);
    expect(store.msetnx({ z: '1' })).toBe(1);
    expect(store.mget('a', 'x', 'y', 'z')).toEqual(['old', '1', '2', '1']);
    expect(errorOf(() => store.call('MSETNX', 'a', '1', 'b'))).toBe(
      "ERR wrong number of arguments for 'msetnx' command",
    );
  });
});

describe('APPEND / STRLEN / GETRANGE / SETRANGE', () => {
  it('APPEND creates or extends and replies the length; the result is raw', () => {
    const { store } = setup();
    expect(store.call('APPEND', 'k', 'hello')).toBe(5);
    expect(encoding(store, 'k')).toBe('embstr');
    expect(store.append('k', ' world')).toBe(11);
    expect(store.get('k')).toBe('hello world');
    expect(encoding(store, 'k')).toBe('raw');
    store.set('n', '12');
    expect(encoding(store, 'n')).toBe('int');
    expect(store.call('APPEND', 'n', '')).toBe(2);
    expect(encoding(store, 'n')).toBe('raw');
    expect(store.call('APPEND', 'm', '123')).toBe(3);
    expect(encoding(store, 'm')).toBe('int');
    store.set('n', '12');
    expect(encoding(store, 'n')).toBe('int');
  });

  it('APPEND keeps the TTL, refuses results beyond 512MB, and is WRONGTYPE on other types', () => {
    const { store, putList } = setup();
    store.set('t', 'x', { ex: 100 });
    store.append('t', 'y');
    expect(store.call('TTL', 't')).toBe(100);
    putList('l');
    expect(errorOf(() => store.call('APPEND', 'l', 'x'))).toBe(WRONGTYPE);
    // V8 strings stop 24 bytes short of 512MB, so the boundary itself can't be built here.
    const len = 512 * 1024 * 1024 - 1000;
    expect(store.call('SETRANGE', 'big', String(len - 3), 'abc')).toBe(len);
    expect(errorOf(() => store.call('APPEND', 'big', 'y'.repeat(1001)))).toBe(TOO_BIG);
    expect(store.strlen('big')).toBe(len);
    store.call('DEL', 'big');
  });

  it('STRLEN is the byte length, 0 when missing', () => {
    const { store, putList } = setup();
    store.set('k', 'héllo');
    expect(store.call('STRLEN', 'k')).toBe(6);
    expect(store.strlen('nope')).toBe(0);
    putList('l');
    expect(errorOf(() => store.call('STRLEN', 'l'))).toBe(WRONGTYPE);
  });

  it('GETRANGE clamps offsets as Redis does; SUBSTR is the same command', () => {
    const { store, putList } = setup();
    store.set('s', 'Hello World');
    const r = (a: string, b: string) => store.call('GETRANGE', 's', a, b);
    expect(r('0', '4')).toBe('Hello');
    expect(r('-5', '-1')).toBe('World');
    expect(r('-1', '-5')).toBe('');
    expect(r('5', '3')).toBe('');
    expect(r('0', '-100')).toBe('H');
    expect(r('-100', '-100')).toBe('H');
    expect(r('-100', '100')).toBe('Hello World');
    expect(r('100', '200')).toBe('');
    expect(r('-9223372036854775808', '9223372036854775807')).toBe('Hello World');
    expect(store.call('SUBSTR', 's', '0', '4')).toBe('Hello');
    expect(store.getrange('s', 6, -1)).toBe('World');
    expect(store.substr('s', 0, 0)).toBe('H');
    store.set('e', '');
    expect(store.call('GETRANGE', 'e', '0', '-1')).toBe('');
    expect(store.call('GETRANGE', 'nope', '0', '-1')).toBe('');
    expect(errorOf(() => store.call('GETRANGE', 'nope', 'a', '1'))).toBe(NOT_INTEGER);
    putList('l');
    expect(errorOf(() => store.call('GETRANGE', 'l', '0', '1'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('GETRANGE', 'l', 'x', '1'))).toBe(NOT_INTEGER);
  });

  it('SETRANGE overwrites and zero-pads, leaving raw; an empty value changes nothing', () => {
    const { store } = setup();
    expect(store.call('SETRANGE', 'k', '5', 'abc')).toBe(8);
    expect(store.callBuffer('GET', 'k')).toEqual(Buffer.from('\0\0\0\0\0abc', 'latin1'));
    expect(encoding(store, 'k')).toBe('raw');
    expect(store.setrange('k', 0, 'XY')).toBe(8);
    expect(store.call('SETRANGE', 'k', '7', 'Z!')).toBe(9);
    expect(store.getBuffer('k')).toEqual(Buffer.from('XY\0\0\0abZ!', 'latin1'));
    expect(store.call('SETRANGE', 'nope', '5', '')).toBe(0);
    expect(store.call('EXISTS', 'nope')).toBe(0);
    expect(store.call('SETRANGE', 'k', '100', '')).toBe(9);
    store.set('n', '12');
    expect(store.call('SETRANGE', 'n', '0', '3')).toBe(2);
    expect(store.get('n')).toBe('32');
    expect(encoding(store, 'n')).toBe('raw');
  });

  it('SETRANGE errors: integer, then negative offset, then type, then size', () => {
    const { store, putList } = setup();
    putList('l');
    expect(errorOf(() => store.call('SETRANGE', 'l', 'abc', 'a'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('SETRANGE', 'l', '-1', 'a'))).toBe('ERR offset is out of range');
    expect(errorOf(() => store.call('SETRANGE', 'l', '0', ''))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('SETRANGE', 'k', '536870911', 'ab'))).toBe(TOO_BIG);
    expect(errorOf(() => store.call('SETRANGE', 'k', '9223372036854775807', 'a'))).toBe(TOO_BIG);
    expect(errorOf(() => store.call('SETRANGE', 'k', '9223372036854775808', 'a'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.setrange('k', -1, 'a'))).toBe('ERR offset is out of range');
    expect(store.call('EXISTS', 'k')).toBe(0);
  });

  it('SETRANGE keeps the TTL', () => {
    const { store } = setup();
    store.set('t', 'x', { ex: 100 });
    store.setrange('t', 0, 'y');
    expect(store.call('TTL', 't')).toBe(100);
  });
});

describe('INCR / DECR / INCRBY / DECRBY', () => {
  it('count from 0 and keep the int encoding', () => {
    const { store } = setup();
    expect(store.call('INCR', 'c')).toBe(1);
    expect(store.call('INCR', 'c')).toBe(2);
    expect(store.call('INCRBY', 'c', '10')).toBe(12);
    expect(store.call('DECR', 'c')).toBe(11);
    expect(store.call('DECRBY', 'c', '5')).toBe(6);
    expect(store.call('DECRBY', 'c', '-5')).toBe(11);
    expect(store.incr('c')).toBe(12);
    expect(store.decr('c')).toBe(11);
    expect(store.incrby('c', -20)).toBe(-9);
    expect(store.decrby('c', -9)).toBe(0);
    expect(store.get('c')).toBe('0');
    expect(encoding(store, 'c')).toBe('int');
  });

  it('keep the TTL', () => {
    const { store } = setup();
    store.set('t', '5', { ex: 100 });
    expect(store.incr('t')).toBe(6);
    expect(store.call('TTL', 't')).toBe(100);
  });

  it('refuse values and increments that are not canonical int64s', () => {
    const { store } = setup();
    for (const v of [
      'abc',
      ' 1',
      '1 ',
      '-0',
      '+1',
      '01',
      '1.0',
      '',
      '123456789012345678901',
      '9223372036854775808',
    ]) {
      store.set('s', v);
      expect(errorOf(() => store.call('INCR', 's'))).toBe(NOT_INTEGER);
      expect(errorOf(() => store.call('INCRBY', 'c', v))).toBe(NOT_INTEGER);
    }
    expect(errorOf(() => store.incrby('c', 1.5))).toBe(NOT_INTEGER);
    expect(store.call('EXISTS', 'c')).toBe(0);
  });

  it('are exact over the whole int64 range, replying bigints beyond 2^53', () => {
    const { store } = setup();
    expect(store.call('INCRBY', 'z', '9007199254740991')).toBe(9007199254740991);
    expect(store.call('INCR', 'z')).toBe(9007199254740992n);
    expect(store.call('INCR', 'z')).toBe(9007199254740993n);
    expect(store.get('z')).toBe('9007199254740993');
    expect(store.call('DECRBY', 'z', '9007199254740993')).toBe(0);
    store.set('c', '9223372036854775806');
    expect(store.call('INCR', 'c')).toBe(9223372036854775807n);
    expect(errorOf(() => store.call('INCR', 'c'))).toBe(OVERFLOW);
    expect(store.get('c')).toBe('9223372036854775807');
    store.set('c', '-9223372036854775807');
    expect(store.call('DECR', 'c')).toBe(-9223372036854775808n);
    expect(errorOf(() => store.call('DECR', 'c'))).toBe(OVERFLOW);
    expect(errorOf(() => store.call('INCRBY', 'c', '-1'))).toBe(OVERFLOW);
    expect(store.call('INCRBY', 'c', '9223372036854775807')).toBe(-1);
    expect(store.call('DECRBY', 'x', '-9223372036854775807')).toBe(9223372036854775807n);
    expect(errorOf(() => store.call('INCRBY', 'x', '1'))).toBe(OVERFLOW);
    expect(store.call('INCRBY', 'y', '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(store.call('DECR', 'x')).toBe(9223372036854775806n);
    // The typed API replies a number: LLONG_MAX rounds to 2^63.
    expect(store.incr('x')).toBe(2 ** 63);
  });

  it('DECRBY of LLONG_MIN is refused before the lookup', () => {
    const { store, putList } = setup();
    putList('l');
    expect(errorOf(() => store.call('DECRBY', 'x', '-9223372036854775808'))).toBe(
      'ERR decrement would overflow',
    );
    expect(errorOf(() => store.call('DECRBY', 'l', '-9223372036854775808'))).toBe(
      'ERR decrement would overflow',
    );
    expect(errorOf(() => store.decrby('x', -(2 ** 63)))).toBe('ERR decrement would overflow');
    expect(errorOf(() => store.call('INCRBY', 'l', 'abc'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('INCR', 'l'))).toBe(WRONGTYPE);
  });
});

describe('INCRBYFLOAT', () => {
  it('adds in long double precision and formats as Redis does', () => {
    const { store } = setup();
    expect(store.call('INCRBYFLOAT', 'f', '10.5')).toBe('10.5');
    expect(store.call('INCRBYFLOAT', 'f', '0.1')).toBe('10.6');
    expect(store.call('INCRBYFLOAT', 'f', '-5.0e3')).toBe('-4989.39999999999999991');
    expect(store.incrbyfloat('g', 1.5)).toBe('1.5');
    expect(store.incrbyfloat('g', '2')).toBe('3.5');
    expect(store.call('INCRBYFLOAT', 'h', '1.1e2')).toBe('110');
  });

  it('errors: WRONGTYPE, then the stored value, then the increment; NaN/Inf refused', () => {
    const { store, putList } = setup();
    putList('l');
    expect(errorOf(() => store.call('INCRBYFLOAT', 'l', 'abc'))).toBe(WRONGTYPE);
    store.set('g', 'abc');
    expect(errorOf(() => store.call('INCRBYFLOAT', 'g', '1'))).toBe('ERR value is not a valid float');
    expect(errorOf(() => store.call('INCRBYFLOAT', 'f', 'abc'))).toBe('ERR value is not a valid float');
    expect(errorOf(() => store.call('INCRBYFLOAT', 'f', 'inf'))).toBe(
      'ERR increment would produce NaN or Infinity',
    );
    expect(store.call('EXISTS', 'f')).toBe(0);
  });

  it('keeps the TTL and leaves an integer-looking result embstr', () => {
    const { store } = setup();
    store.set('t', '5', { ex: 100 });
    expect(store.call('INCRBYFLOAT', 't', '1.5')).toBe('6.5');
    expect(store.call('TTL', 't')).toBe(100);
    expect(store.call('INCRBYFLOAT', 't', '0.5')).toBe('7');
    expect(encoding(store, 't')).toBe('embstr');
    expect(store.call('INCR', 't')).toBe(8);
    expect(encoding(store, 't')).toBe('int');
  });
});

describe('LCS', () => {
  function lcsSetup() {
    const s = setup();
    s.store.mset({ a: 'ohmytext', b: 'mynewtext' });
    return s;
  }

  it('replies the string, its length, or the matched ranges', () => {
    const { store } = lcsSetup();
    expect(store.call('LCS', 'a', 'b')).toBe('mytext');
    expect(store.call('LCS', 'a', 'b', 'LEN')).toBe(6);
    expect(store.call('LCS', 'a', 'b', 'IDX')).toEqual([
      'matches',
      [
        [
          [4, 7],
          [5, 8],
        ],
        [
          [2, 3],
          [0, 1],
        ],
      ],
      'len',
      6,
    ]);
    expect(store.call('LCS', 'a', 'b', 'idx', 'minmatchlen', '4', 'withmatchlen')).toEqual([
      'matches',
      [[[4, 7], [5, 8], 4]],
      'len',
      6,
    ]);
    expect(store.call('LCS', 'a', 'nope')).toBe('');
    expect(store.call('LCS', 'x', 'y', 'IDX')).toEqual(['matches', [], 'len', 0]);
  });

  it('IDX is a map reply (RESP3 map, flat array in RESP2)', () => {
    const { store } = lcsSetup();
    const reply = store.dispatch(['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN']);
    expect(reply).toBeInstanceOf(MapReply);
  });

  it('typed API: lcs, lcsLen, lcsIdx', () => {
    const { store } = lcsSetup();
    expect(store.lcs('a', 'b')).toBe('mytext');
    expect(store.lcsLen('a', 'b')).toBe(6);
    expect(store.lcsIdx('a', 'b', { minMatchLen: 3 })).toEqual({
      matches: [{ a: [4, 7], b: [5, 8], len: 4 }],
      len: 6,
    });
  });

  it('errors: key types first, then options in order, then LEN with IDX, then the table size', () => {
    const { store, putList } = lcsSetup();
    putList('l');
    const notStrings = 'ERR The specified keys must contain string values';
    expect(errorOf(() => store.call('LCS', 'a', 'l', 'FOO'))).toBe(notStrings);
    expect(errorOf(() => store.call('LCS', 'l', 'a'))).toBe(notStrings);
    expect(errorOf(() => store.lcs('l', 'a'))).toBe(notStrings);
    expect(errorOf(() => store.call('LCS', 'a', 'b', 'FOO'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('LCS', 'a', 'b', 'MINMATCHLEN'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('LCS', 'a', 'b', 'MINMATCHLEN', 'x'))).toBe(NOT_INTEGER);
    const both = 'ERR If you want both the length and indexes, please just use IDX.';
    expect(errorOf(() => store.call('LCS', 'a', 'b', 'LEN', 'IDX'))).toBe(both);
    expect(errorOf(() => store.call('LCS', 'a', 'b', 'LEN', 'IDX', 'FOO'))).toBe(SYNTAX);
    store.setrange('big', 40000, 'y');
    expect(errorOf(() => store.call('LCS', 'big', 'big', 'LEN'))).toBe(
      'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
    );
  });
});

describe('effects', () => {
  it('propagates the rewrites Redis makes', () => {
    const { store, log, reset, clock } = setup();
    const at = (s: number) => String(T0 + s);
    store.call('SET', 'a', '1', 'EX', '100');
    store.call('SETEX', 'b', '100', 'x');
    store.call('PSETEX', 'c', '100000', 'x');
    store.set('c', 'y', { px: 5 });
    store.call('SET', 'd', 'v', 'GET');
    store.call('SET', 'd', 'v', 'NX', 'GET');
    store.call('SET', 'd', 'v2', 'XX', 'GET', 'KEEPTTL');
    store.call('SETNX', 'e', '1');
    store.call('GETSET', 'e', '2');
    store.call('GETDEL', 'e');
    store.call('GETDEL', 'e');
    store.call('GETEX', 'a', 'EX', '50');
    store.call('GETEX', 'a', 'PERSIST');
    store.call('GETEX', 'a', 'PERSIST');
    store.call('GETEX', 'a');
    store.call('GETEX', 'a', 'PXAT', '1');
    store.call('INCR', 'g');
    store.call('INCRBY', 'g', '5');
    store.call('DECR', 'g');
    store.call('DECRBY', 'g', '2');
    store.call('INCRBYFLOAT', 'g', '1.5');
    store.call('APPEND', 'h', 'x');
    store.call('SETRANGE', 'h', '3', 'y');
    store.call('SETRANGE', 'h', '3', '');
    store.call('MSET', 'i', '1', 'j', '2');
    store.call('MSETNX', 'i', '1', 'k', '2');
    store.call('MSETNX', 'k', '1', 'l', '2');
    store.call('SET', 'm', 'v', 'XX');
    store.call('GET', 'i');
    store.call('MGET', 'i', 'j');
    store.call('LCS', 'i', 'j');
    expect(log()).toEqual([
      `SET a 1 PXAT ${at(100000)}`,
      `SET b x PXAT ${at(100000)}`,
      `SET c x PXAT ${at(100000)}`,
      `SET c y PXAT ${at(5)}`,
      'SET d v',
      'SET d v2 XX KEEPTTL',
      'SETNX e 1',
      'SET e 2',
      'DEL e',
      `PEXPIREAT a ${at(50000)}`,
      'PERSIST a',
      'DEL a',
      'INCR g',
      'INCRBY g 5',
      'DECR g',
      'DECRBY g 2',
      'SET g 4.5 KEEPTTL',
      'APPEND h x',
      'SETRANGE h 3 y',
      'MSET i 1 j 2',
      'MSETNX k 1 l 2',
    ]);
    reset();
    clock.advance(10);
    store.incr('n');
    store.decrby('n', 3);
    store.incrbyfloat('n', 0.25);
    store.getex('n', { ex: 1 });
    store.getex('n', { persist: true });
    store.getset('n', '1');
    store.getdel('n');
    store.mset({ o: '1' });
    store.setrange('o', 0, '2');
    store.append('o', '3');
    store.setnx('o', '4');
    expect(log()).toEqual([
      'INCR n',
      'DECRBY n 3',
      'SET n -1.75 KEEPTTL',
      `PEXPIREAT n ${T0 + 10 + 1000}`,
      'PERSIST n',
      'SET n 1',
      'DEL n',
      'MSET o 1',
      'SETRANGE o 0 2',
      'APPEND o 3',
    ]);
  });

  it('each write is its own unit; a failed command logs nothing', () => {
    const { store } = setup();
    const units: number[] = [];
    store.effects.addSink((u) => units.push(u.length));
    store.call('MSET', 'a', '1', 'b', '2');
    expect(() => store.call('INCR', 'x', 'y')).toThrow("ERR wrong number of arguments for 'incr' command");
    expect(() => store.call('SET', 'a', '1', 'EX', '0')).toThrow(ReplyError);
    store.set('s', 'x');
    expect(() => store.call('INCR', 's')).toThrow(NOT_INTEGER);
    expect(units).toEqual([1, 1]);
  });

  it('keyspace events name the command family as Redis does', () => {
    const { store, events, reset } = setup();
    reset();
    store.call('SET', 'k', 'v', 'EX', '10');
    store.call('APPEND', 'k', 'x');
    store.call('SETRANGE', 'k', '0', 'y');
    store.call('SET', 'n', '1');
    store.call('INCRBY', 'n', '1');
    store.call('INCRBYFLOAT', 'n', '1.5');
    store.call('GETEX', 'k', 'PX', '100');
    store.call('GETEX', 'k', 'PERSIST');
    store.call('GETDEL', 'k');
    store.call('MSET', 'a', '1', 'b', '2');
    expect(events).toEqual([
      'string:set:k',
      'generic:expire:k',
      'string:append:k',
      'string:setrange:k',
      'string:set:n',
      'string:incrby:n',
      'string:incrbyfloat:n',
      'generic:expire:k',
      'generic:persist:k',
      'generic:del:k',
      'string:set:a',
      'string:set:b',
    ]);
  });
});

// Hash commands (t_hash.c) through the dispatcher and the typed API: replies, Redis's error
// texts and their order, the typed API's shapes (null-prototype HGETALL, pairs, Buffers), the
// effects Redis 7.0.15 logs (HINCRBYFLOAT as HSET, nothing for a write that changed nothing),
// keyspace events, RESP3 shapes, HSCAN's guarantee under writes, and a naive-model property test
// of the whole command family.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MapReply } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { type Effect, FakeClock, ReplyError, Store } from '../../src/index.js';
import { Hash } from '../../src/types/hash.js';

const T0 = Date.UTC(2030, 0, 1);

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const NOT_FLOAT = 'ERR value is not a valid float';
const SYNTAX = 'ERR syntax error';

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1 });
  const effects: Effect[] = [];
  store.effects.addSink((unit) => effects.push(...unit));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) => {
    const cls = flag === NOTIFY.HASH ? 'hash' : flag === NOTIFY.GENERIC ? 'generic' : String(flag);
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

const encoding = (store: Store, key: string) => store.call('OBJECT', 'ENCODING', key);

describe('HSET / HGET and the typed API', () => {
  it('hset takes a field and value, a record, a Map or pairs; replies the number added', () => {
    const { store } = setup();
    expect(store.hset('h', 'a', '1')).toBe(1);
    expect(store.hset('h', { a: '2', b: '2' })).toBe(1);
    expect(store.hset('h', new Map([['c', '3']]))).toBe(1);
    expect(
      store.hset('h', [
        ['d', '4'],
        ['d', '5'],
      ]),
    ).toBe(1);
    expect(store.hgetall('h')).toEqual({ a: '2', b: '2', c: '3', d: '5' });
    expect(store.call('HSET', 'h', 'e', '1', 'a', '9')).toBe(1);
    expect(store.hget('h', 'a')).toBe('9');
    expect(store.hget('h', 'zz')).toBe(null);
    expect(store.hget('nokey', 'a')).toBe(null);
  });

  it('hset with no pairs is HSET’s arity error', () => {
    const { store } = setup();
    expect(errorOf(() => store.hset('h', {}))).toBe("ERR wrong number of arguments for 'hset' command");
    expect(errorOf(() => store.hmset('h', []))).toBe("ERR wrong number of arguments for 'hmset' command");
    expect(errorOf(() => store.call('HSET', 'h', 'a', '1', 'b'))).toBe(
      "ERR wrong number of arguments for 'hset' command",
    );
    expect(errorOf(() => store.call('hmset', 'h', 'a', '1', 'b'))).toBe(
      "ERR wrong number of arguments for 'hmset' command",
    );
    expect(store.exists('h')).toBe(0);
  });

  it('fields and values are bytes: UTF-8 text and Buffers round-trip', () => {
    const { store } = setup();
    const bin = Buffer.from([0, 255, 13, 10, 128]);
    store.hset('h', 'ключ', 'значение');
    store.hset('h', bin, bin);
    expect(store.hget('h', 'ключ')).toBe('значение');
    expect(store.hstrlen('h', 'ключ')).toBe(16);
    expect(store.hgetBuffer('h', bin)).toEqual(bin);
    expect(store.hexists('h', bin)).toBe(1);
    expect(store.callBuffer('HGET', 'h', 'ключ')).toEqual(Buffer.from('значение'));
    expect(store.hkeys('h')[0]).toBe('ключ');
  });

  it('the ASCII fast path never changes what the typed API returns', () => {
    const { store } = setup();
    const hashOf = (key: string) => store.dbs[0]!.dict.get(key) as Hash;
    store.hset('h', { a: '1', b: 'two' });
    store.hincrby('h', 'n', 5);
    store.hincrbyfloat('h', 'f', '1.5');
    expect(hashOf('h').asciiOnly).toBe(true);
    expect(store.hgetall('h')).toEqual({ a: '1', b: 'two', n: '5', f: '1.5' });
    // Text that is not ASCII, a Buffer, or a write over the wire turn the fast path off.
    store.hset('t', 'a', '1');
    store.hset('t', 'é', 'ü');
    expect(hashOf('t').asciiOnly).toBe(false);
    expect(store.hgetall('t')).toEqual({ a: '1', é: 'ü' });
    store.hset('b', Buffer.from('k'), Buffer.from('v'));
    expect(hashOf('b').asciiOnly).toBe(false);
    store.hset('w', 'a', '1');
    store.call('HSET', 'w', Buffer.from('ключ'), Buffer.from('значение'));
    expect(hashOf('w').asciiOnly).toBe(false);
    expect(store.hget('w', 'ключ')).toBe('значение');
    expect(store.hkeys('w')).toEqual(['a', 'ключ']);
    expect(store.hvals('w')).toEqual(['1', 'значение']);
    expect(store.hmget('w', 'ключ', 'a', 'x')).toEqual(['значение', '1', null]);
    expect([...store.hgetallMap('w')]).toEqual([
      ['a', '1'],
      ['ключ', 'значение'],
    ]);
    expect(store.hscan('w', 0)[1]).toEqual([
      ['a', '1'],
      ['ключ', 'значение'],
    ]);
    store.hdel('w', 'a');
    expect(store.hrandfield('w')).toBe('ключ');
    expect(store.hrandfieldCount('w', -2)).toEqual(['ключ', 'ключ']);
    expect(store.hrandfieldWithValues('w', 1)).toEqual([['ключ', 'значение']]);
    for (const key of ['h', 't', 'b', 'w']) hashOf(key).checkValid();
  });

  it('hgetall returns a null-prototype object where __proto__ is an ordinary field', () => {
    const { store } = setup();
    store.hset('h', [
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['toString', 't'],
    ]);
    const all = store.hgetall('h');
    expect(Object.getPrototypeOf(all)).toBe(null);
    expect(Object.keys(all)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(all.__proto__).toBe('p');
    expect(all.constructor).toBe('c');
    expect(store.hgetall('nokey')).toEqual(Object.create(null));
    const map = store.hgetallMap('h');
    expect(map).toBeInstanceOf(Map);
    expect([...map]).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['toString', 't'],
    ]);
    expect(store.hgetallMap('nokey').size).toBe(0);
    // a record argument with an own __proto__ key sets that field
    const rec = Object.create(null) as Record<string, string>;
    rec.__proto__ = 'x';
    store.hset('r', rec);
    expect(store.hkeys('r')).toEqual(['__proto__']);
  });

  it('HGETALL is a map reply: RESP3 map, RESP2 flat array; missing key is an empty map', () => {
    const { store } = setup();
    store.hset('h', { a: '1', b: '2' });
    const r = store.dispatch(['HGETALL', 'h']);
    expect(r).toBeInstanceOf(MapReply);
    expect((r as MapReply).entries).toEqual(['a', '1', 'b', '2']);
    expect(store.call('HGETALL', 'h')).toEqual(['a', '1', 'b', '2']);
    expect((store.dispatch(['HGETALL', 'nokey']) as MapReply).entries).toEqual([]);
  });

  it('hmget, hlen, hstrlen, hexists, hkeys, hvals', () => {
    const { store } = setup();
    store.hset('h', { a: '1', b: '22', c: '' });
    expect(store.hmget('h', 'a', 'x', 'c')).toEqual(['1', null, '']);
    expect(store.hmget('nokey', 'a', 'b')).toEqual([null, null]);
    expect(errorOf(() => store.hmget('h'))).toBe("ERR wrong number of arguments for 'hmget' command");
    expect(store.hlen('h')).toBe(3);
    expect(store.hlen('nokey')).toBe(0);
    expect(store.hstrlen('h', 'b')).toBe(2);
    expect(store.hstrlen('h', 'x')).toBe(0);
    expect(store.hexists('h', 'c')).toBe(1);
    expect(store.hexists('h', 'x')).toBe(0);
    expect(store.hkeys('h')).toEqual(['a', 'b', 'c']);
    expect(store.hvals('h')).toEqual(['1', '22', '']);
    expect(store.hkeys('nokey')).toEqual([]);
    expect(store.hvals('nokey')).toEqual([]);
  });

  it('hsetnx sets only a missing field', () => {
    const { store } = setup();
    expect(store.hsetnx('h', 'a', '1')).toBe(1);
    expect(store.hsetnx('h', 'a', '2')).toBe(0);
    expect(store.hget('h', 'a')).toBe('1');
    expect(store.hmset('h', { b: '2' })).toBe('OK');
    expect(store.call('HMSET', 'h', 'c', '3')).toBe('OK');
  });

  it('hdel removes fields and deletes the emptied hash', () => {
    const { store } = setup();
    store.hset('h', { a: '1', b: '2', c: '3' });
    expect(store.hdel('h', 'x')).toBe(0);
    expect(store.hdel('h', 'a', 'a', 'b')).toBe(2);
    expect(store.exists('h')).toBe(1);
    expect(store.hdel('h', 'c', 'd')).toBe(1);
    expect(store.exists('h')).toBe(0);
    expect(store.type('h')).toBe('none');
    expect(store.hdel('nokey', 'a')).toBe(0);
    expect(errorOf(() => store.hdel('h'))).toBe("ERR wrong number of arguments for 'hdel' command");
  });

  it('every hash command throws WRONGTYPE on a string key, typed and on the wire', () => {
    const { store } = setup();
    store.set('s', 'v');
    const typed: (() => unknown)[] = [
      () => store.hset('s', 'a', '1'),
      () => store.hset('s', { a: '1' }),
      () => store.hmset('s', { a: '1' }),
      () => store.hsetnx('s', 'a', '1'),
      () => store.hget('s', 'a'),
      () => store.hmget('s', 'a'),
      () => store.hdel('s', 'a'),
      () => store.hlen('s'),
      () => store.hstrlen('s', 'a'),
      () => store.hexists('s', 'a'),
      () => store.hkeys('s'),
      () => store.hvals('s'),
      () => store.hgetall('s'),
      () => store.hgetallMap('s'),
      () => store.hincrby('s', 'a', 1),
      () => store.hincrbyfloat('s', 'a', 1),
      () => store.hrandfield('s'),
      () => store.hrandfieldCount('s', 2),
      () => store.hrandfieldWithValues('s', -2),
      () => store.hscan('s', 0),
    ];
    for (const fn of typed) expect(errorOf(fn)).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('HSCAN', 's', '0'))).toBe(WRONGTYPE);
    expect(store.get('s')).toBe('v');
  });
});

describe('HINCRBY / HINCRBYFLOAT', () => {
  it('hincrby creates, adds, and detects overflow and non-integers', () => {
    const { store } = setup();
    expect(store.hincrby('h', 'n', 5)).toBe(5);
    expect(store.hincrby('h', 'n', -7)).toBe(-2);
    store.hset('h', 'big', '9223372036854775806');
    expect(store.call('HINCRBY', 'h', 'big', '1')).toBe(9223372036854775807n);
    expect(errorOf(() => store.call('HINCRBY', 'h', 'big', '1'))).toBe(
      'ERR increment or decrement would overflow',
    );
    expect(errorOf(() => store.hincrby('h', 'n', 1.5))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.hincrby('h', 'n', 2 ** 63))).toBe(NOT_INTEGER);
    store.hset('h', 's', ' 1');
    expect(errorOf(() => store.hincrby('h', 's', 1))).toBe('ERR hash value is not an integer');
    expect(store.hincrby('h', 'm', 2 ** 60)).toBe(2 ** 60);
    expect(store.hget('h', 'm')).toBe('1152921504606846976');
  });

  it('hincrbyfloat uses long double arithmetic and formatting', () => {
    const { store } = setup();
    expect(store.hincrbyfloat('h', 'f', '1.23')).toBe('1.23');
    expect(store.hincrbyfloat('h', 'f', 0.77)).toBe('2');
    expect(store.hincrbyfloat('h', 'f', -0.1)).toBe('1.9');
    expect(store.hincrbyfloat('h', 'g', '5.0e3')).toBe('5000');
    expect(errorOf(() => store.hincrbyfloat('h', 'f', 'x'))).toBe(NOT_FLOAT);
    expect(errorOf(() => store.hincrbyfloat('h', 'f', Number.POSITIVE_INFINITY))).toBe(
      'ERR value is NaN or Infinity',
    );
    expect(errorOf(() => store.hincrbyfloat('h', 'f', Number.NaN))).toBe(NOT_FLOAT);
    store.hset('h', 'bad', 'abc');
    expect(errorOf(() => store.hincrbyfloat('h', 'bad', 1))).toBe('ERR hash value is not a float');
    store.hset('h', 'max', '1.1e4932');
    expect(errorOf(() => store.hincrbyfloat('h', 'max', '1.1e4932'))).toBe(
      'ERR increment would produce NaN or Infinity',
    );
  });

  it('argument errors come before WRONGTYPE and leave no key behind', () => {
    const { store } = setup();
    store.set('s', 'v');
    expect(errorOf(() => store.call('HINCRBY', 's', 'f', 'x'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('HINCRBYFLOAT', 's', 'f', 'x'))).toBe(NOT_FLOAT);
    expect(errorOf(() => store.call('HINCRBYFLOAT', 's', 'f', 'inf'))).toBe('ERR value is NaN or Infinity');
    expect(errorOf(() => store.call('HINCRBY', 'new', 'f', 'x'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('HINCRBYFLOAT', 'new', 'f', '-inf'))).toBe(
      'ERR value is NaN or Infinity',
    );
    expect(store.exists('new')).toBe(0);
  });
});

describe('effects and keyspace events', () => {
  it('writes are logged as issued; HINCRBYFLOAT as HSET with the result', () => {
    const { store, log, reset } = setup();
    reset();
    store.hset('h', 'a', '1');
    store.hset('h', { b: '2', c: '3' });
    store.call('HMSET', 'h', 'd', '4');
    store.hsetnx('h', 'e', '5');
    store.hincrby('h', 'a', 10);
    store.call('HINCRBY', 'h', 'a', '-3');
    store.hincrbyfloat('h', 'f', '1.5e1');
    store.call('HINCRBYFLOAT', 'h', 'f', '0.1');
    store.hdel('h', 'b', 'zz');
    expect(log()).toEqual([
      'HSET h a 1',
      'HSET h b 2 c 3',
      'HMSET h d 4',
      'HSETNX h e 5',
      'HINCRBY h a 10',
      'HINCRBY h a -3',
      'HSET h f 15',
      'HSET h f 15.1',
      'HDEL h b zz',
    ]);
  });

  it('a write that changes nothing is not logged, touched or announced', () => {
    const { store, log, events, touched, reset } = setup();
    store.hset('h', 'a', '1');
    reset();
    store.hsetnx('h', 'a', '2');
    store.hdel('h', 'x');
    store.hdel('nokey', 'x');
    expect(() => store.hincrbyfloat('h', 'a', 'x')).toThrow();
    store.hget('h', 'a');
    store.hrandfieldCount('h', -3);
    store.hscan('h', 0);
    expect(log()).toEqual([]);
    expect(events).toEqual([]);
    expect(touched).toEqual([]);
  });

  it('events: hset, hdel (+ del when emptied), hincrby, hincrbyfloat; one touch per write', () => {
    const { store, events, touched, reset } = setup();
    reset();
    store.hset('h', { a: '1', b: '2' });
    store.call('HMSET', 'h', 'c', '3');
    store.hsetnx('h', 'd', '4');
    store.hincrby('h', 'a', 1);
    store.hincrbyfloat('h', 'a', 1);
    store.hdel('h', 'a');
    store.hdel('h', 'b', 'c', 'd');
    expect(events).toEqual([
      'hash:hset:h',
      'hash:hset:h',
      'hash:hset:h',
      'hash:hincrby:h',
      'hash:hincrbyfloat:h',
      'hash:hdel:h',
      'hash:hdel:h',
      'generic:del:h',
    ]);
    expect(touched).toEqual(['h', 'h', 'h', 'h', 'h', 'h', 'h']);
  });

  it('HDEL that empties the hash stops there but logs the command as issued', () => {
    const { store, log, reset } = setup();
    store.hset('h', 'a', '1');
    reset();
    expect(store.call('HDEL', 'h', 'a', 'b', 'a')).toBe(1);
    expect(log()).toEqual(['HDEL h a b a']);
  });
});

describe('OBJECT ENCODING', () => {
  it('listpack up to 512 fields and 64-byte strings, then hashtable for good', () => {
    const { store } = setup();
    for (let i = 0; i < 512; i++) store.hset('h', `f${i}`, 'v');
    expect(encoding(store, 'h')).toBe('listpack');
    store.hset('h', 'f512', 'v');
    expect(encoding(store, 'h')).toBe('hashtable');
    store.hdel('h', ...Array.from({ length: 512 }, (_, i) => `f${i}`));
    expect(encoding(store, 'h')).toBe('hashtable');
    store.hset('v', 'f', 'x'.repeat(64));
    expect(encoding(store, 'v')).toBe('listpack');
    store.hincrbyfloat('v', 'n', '1e70');
    expect(encoding(store, 'v')).toBe('hashtable');
  });

  it('the store’s hashLimits are shared by every hash (a CONFIG SET hook)', () => {
    const { store } = setup();
    store.hset('h', { a: '1', b: '2' });
    store.hashLimits.maxListpackEntries = 2;
    store.hset('h', 'c', '3');
    expect(encoding(store, 'h')).toBe('hashtable');
  });

  it('COPY keeps the encoding and copies the contents', () => {
    const { store } = setup();
    store.hset('h', 'f', 'x'.repeat(70));
    store.hset('h', 'f', 'short');
    store.copy('h', 'c');
    expect(encoding(store, 'c')).toBe('hashtable');
    store.hset('c', 'g', '1');
    expect(store.hlen('h')).toBe(1);
    expect(store.hlen('c')).toBe(2);
  });
});

describe('HRANDFIELD', () => {
  function filled(store: Store, key: string, n: number): Map<string, string> {
    const m = new Map<string, string>();
    for (let i = 0; i < n; i++) m.set(`f${i}`, `v${i}`);
    store.hset(key, m);
    return m;
  }

  it('no count: a field or null', () => {
    const { store } = setup();
    expect(store.hrandfield('nokey')).toBe(null);
    const m = filled(store, 'h', 5);
    for (let i = 0; i < 20; i++) expect(m.has(store.hrandfield('h')!)).toBe(true);
  });

  for (const n of [10, 600]) {
    it(`count cases on a ${n > 512 ? 'hashtable' : 'listpack'} hash`, () => {
      const { store } = setup();
      const m = filled(store, 'h', n);
      expect(store.hrandfieldCount('h', 0)).toEqual([]);
      expect(store.hrandfieldCount('nokey', 5)).toEqual([]);
      // count >= size: the whole hash, in its order
      expect(store.hrandfieldCount('h', n)).toEqual([...m.keys()]);
      expect(store.hrandfieldCount('h', n + 100)).toEqual([...m.keys()]);
      // distinct fields, both strategies
      for (const count of [1, 2, Math.floor(n / 4), Math.floor(n * 0.9)]) {
        const got = store.hrandfieldCount('h', count);
        expect(got).toHaveLength(count);
        expect(new Set(got).size).toBe(count);
        for (const f of got) expect(m.has(f)).toBe(true);
      }
      // negative: exactly -count fields, repeats allowed
      const rep = store.hrandfieldCount('h', -3 * n);
      expect(rep).toHaveLength(3 * n);
      expect(new Set(rep).size).toBeLessThan(3 * n);
      // with values: pairs that belong together
      for (const count of [-7, 3, n]) {
        const pairs = store.hrandfieldWithValues('h', count);
        expect(pairs).toHaveLength(Math.min(Math.abs(count), n));
        for (const [f, v] of pairs) expect(m.get(f)).toBe(v);
      }
    });
  }

  it('every field comes back eventually (Redis hash.tcl: "eventually all the elements are returned")', () => {
    const { store } = setup();
    const m = filled(store, 'h', 10);
    for (const count of [-3, 2, 8]) {
      const seen = new Set<string>();
      for (let i = 0; i < 200 && seen.size < 10; i++)
        for (const f of store.hrandfieldCount('h', count)) seen.add(f);
      expect(seen).toEqual(new Set(m.keys()));
    }
  });

  it('RESP3 WITHVALUES nests pairs; RESP2 flattens them', () => {
    const { store } = setup();
    store.hset('h', 'a', '1');
    const resp3 = { db: 0, protocol: 3 as const };
    const resp2 = store.createSession();
    expect(store.dispatch(['HRANDFIELD', 'h', '-2', 'WITHVALUES'], resp3)).toEqual([
      ['a', '1'],
      ['a', '1'],
    ]);
    expect(store.dispatch(['HRANDFIELD', 'h', '-2', 'WITHVALUES'], resp2)).toEqual(['a', '1', 'a', '1']);
    expect(store.dispatch(['HRANDFIELD', 'h', '5', 'withvalues'], resp3)).toEqual([['a', '1']]);
    expect(store.dispatch(['HRANDFIELD', 'h', '-2'], resp3)).toEqual(['a', 'a']);
  });

  it('count errors come before the key lookup', () => {
    const { store } = setup();
    store.set('s', 'v');
    expect(errorOf(() => store.call('HRANDFIELD', 's', 'x'))).toBe(NOT_INTEGER);
    expect(errorOf(() => store.call('HRANDFIELD', 's', '1', 'x'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('HRANDFIELD', 'h', '-9223372036854775808'))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(errorOf(() => store.call('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'))).toBe(
      'ERR value is out of range',
    );
    expect(errorOf(() => store.hrandfieldCount('h', 0.5))).toBe(NOT_INTEGER);
  });
});

describe('HSCAN', () => {
  it('a listpack hash comes back whole with cursor 0, whatever the count', () => {
    const { store } = setup();
    store.hset('h', { a: '1', b: '2', ab: '3' });
    expect(store.hscan('h', 0, { count: 1 })).toEqual([
      '0',
      [
        ['a', '1'],
        ['b', '2'],
        ['ab', '3'],
      ],
    ]);
    expect(store.hscan('h', 0, { match: 'a*' })).toEqual([
      '0',
      [
        ['a', '1'],
        ['ab', '3'],
      ],
    ]);
    expect(store.call('HSCAN', 'h', '77', 'MATCH', 'b')).toEqual(['0', ['b', '2']]);
    expect(store.hscan('nokey', 0)).toEqual(['0', []]);
    expect(errorOf(() => store.hscan('h', 0, { count: 0 }))).toBe(SYNTAX);
  });

  it('a hashtable hash is walked in batches; a full walk sees every field present throughout', async () => {
    const { store } = setup();
    const all = new Map<string, string>();
    for (let i = 0; i < 2000; i++) all.set(`f${i}`, `v${i}`);
    store.hset('h', all);
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, pairs] = store.hscan('h', cursor, { count: 100 });
      expect(pairs.length).toBeLessThanOrEqual(100);
      for (const [f, v] of pairs) seen.set(f, v);
      // Writes between calls: fields removed and added may or may not be seen; the rest must be.
      store.hdel('h', `f${calls * 7}`);
      store.hset('h', `new${calls}`, 'x');
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(calls).toBeGreaterThanOrEqual(20);
    for (const [f, v] of all) {
      if (store.hexists('h', f)) expect(seen.get(f)).toBe(v);
    }
    const iterated = new Map<string, string>();
    for await (const [f, v] of store.hscanIterator('h', { match: 'f1*', count: 33 })) iterated.set(f, v);
    const expected = [...store.hgetallMap('h')].filter(([f]) => f.startsWith('f1'));
    expect(iterated).toEqual(new Map(expected));
  });

  it('option errors come after the key lookup', () => {
    const { store } = setup();
    store.set('s', 'v');
    expect(store.call('HSCAN', 'nokey', '0', 'COUNT', '0')).toEqual(['0', []]);
    expect(errorOf(() => store.call('HSCAN', 's', '0', 'COUNT', '0'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.call('HSCAN', 's', 'x'))).toBe('ERR invalid cursor');
    store.hset('h', 'a', '1');
    expect(errorOf(() => store.call('HSCAN', 'h', '0', 'TYPE', 'hash'))).toBe(SYNTAX);
    expect(errorOf(() => store.call('HSCAN', 'h', '0', 'COUNT', 'x'))).toBe(NOT_INTEGER);
    // the typed API checks in the same order
    expect(store.hscan('nokey', 0, { count: 0 })).toEqual(['0', []]);
    expect(errorOf(() => store.hscan('s', 0, { count: 0 }))).toBe(WRONGTYPE);
    expect(errorOf(() => store.hscan('h', 'x'))).toBe('ERR invalid cursor');
    expect(errorOf(() => store.hscan('h', -1))).toBe('ERR invalid cursor');
    expect(errorOf(() => store.hscan('h', 0, { count: 0 }))).toBe(SYNTAX);
  });
});

describe('hashes and key lifetime', () => {
  it('an expired hash is gone; HSET recreates it without a TTL', () => {
    const { store, clock } = setup();
    store.hset('h', 'a', '1');
    store.pexpire('h', 100);
    store.hset('h', 'b', '2');
    expect(store.pttl('h')).toBe(100);
    clock.advance(101);
    expect(store.hget('h', 'a')).toBe(null);
    expect(store.hset('h', 'c', '3')).toBe(1);
    expect(store.hgetall('h')).toEqual({ c: '3' });
    expect(store.ttl('h')).toBe(-1);
  });
});

// ---- the whole family against a naive model ----

type Cmd =
  | ['HSET', string, string, string]
  | ['HSETNX', string, string, string]
  | ['HDEL', string, string]
  | ['HINCRBY', string, string, number]
  | ['HGET', string, string]
  | ['DEL', string];

describe('property: the hash commands against a Map-of-Maps model', () => {
  it('replies, contents and structure agree after random commands', () => {
    const key = fc.constantFrom('k1', 'k2');
    const field = fc.constantFrom('a', 'b', 'c', 'x'.repeat(70));
    const value = fc.constantFrom('1', '-5', 'v', '');
    const cmd: fc.Arbitrary<Cmd> = fc.oneof(
      fc.tuple(fc.constant('HSET' as const), key, field, value),
      fc.tuple(fc.constant('HSETNX' as const), key, field, value),
      fc.tuple(fc.constant('HDEL' as const), key, field),
      fc.tuple(fc.constant('HINCRBY' as const), key, field, fc.integer({ min: -3, max: 3 })),
      fc.tuple(fc.constant('HGET' as const), key, field),
      fc.tuple(fc.constant('DEL' as const), key),
    );
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 60 }), (cmds) => {
        const store = new Store({ clock: new FakeClock(T0), seed: 2 });
        const model = new Map<string, Map<string, string>>();
        for (const c of cmds) {
          const [name, k] = c;
          const h = model.get(k);
          let expected: unknown;
          switch (name) {
            case 'HSET': {
              const m = h ?? new Map<string, string>();
              expected = m.has(c[2]) ? 0 : 1;
              m.set(c[2], c[3]);
              model.set(k, m);
              break;
            }
            case 'HSETNX': {
              const m = h ?? new Map<string, string>();
              expected = m.has(c[2]) ? 0 : 1;
              if (!m.has(c[2])) m.set(c[2], c[3]);
              model.set(k, m);
              break;
            }
            case 'HDEL':
              expected = h?.delete(c[2]) ? 1 : 0;
              if (h?.size === 0) model.delete(k);
              break;
            case 'HINCRBY': {
              const cur = h?.get(c[2]);
              if (cur !== undefined && !/^(0|-?[1-9][0-9]*)$/.test(cur)) {
                expected = new ReplyError('ERR hash value is not an integer');
                break;
              }
              const next = Number(cur ?? 0) + c[3];
              const m = h ?? new Map<string, string>();
              m.set(c[2], String(next));
              model.set(k, m);
              expected = next;
              break;
            }
            case 'HGET':
              expected = h?.get(c[2]) ?? null;
              break;
            case 'DEL':
              expected = model.delete(k) ? 1 : 0;
              break;
          }
          const args = c.slice(1).map(String);
          let got: unknown;
          try {
            got = store.call(name, ...args);
          } catch (e) {
            got = e;
          }
          expect(got).toEqual(expected);
        }
        for (const k of ['k1', 'k2']) {
          const m = model.get(k);
          expect(store.exists(k)).toBe(m === undefined ? 0 : 1);
          if (m === undefined) continue;
          expect(store.hgetallMap(k)).toEqual(m);
          const v = store.dbs[0]!.dict.get(k);
          expect(v).toBeInstanceOf(Hash);
          (v as Hash).checkValid();
          const long = [...m.keys()].some((f) => f.length > 64);
          if (long) expect(encoding(store, k)).toBe('hashtable');
        }
        store.close();
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: typed reads decode exactly, whatever path wrote the hash', () => {
  it('typed strings, Buffers and wire writes mixed, read back through every typed reader', () => {
    const text = fc.constantFrom('a', 'b', 'é', 'ключ', '', 'x'.repeat(70), '__proto__');
    const how = fc.constantFrom('typed', 'buffer', 'wire', 'record', 'hsetnx', 'hdel');
    fc.assert(
      fc.property(fc.array(fc.tuple(how, text, text), { maxLength: 30 }), (ops) => {
        const store = new Store({ clock: new FakeClock(T0), seed: 3 });
        const model = new Map<string, string>();
        for (const [w, f, v] of ops) {
          if (w === 'typed') store.hset('h', f, v);
          else if (w === 'buffer') store.hset('h', Buffer.from(f), Buffer.from(v));
          else if (w === 'wire') store.call('HSET', 'h', f, v);
          else if (w === 'record') store.hset('h', { [f]: v });
          else if (w === 'hsetnx') {
            store.hsetnx('h', f, v);
            if (model.has(f)) continue;
          } else {
            store.hdel('h', f);
            model.delete(f);
            continue;
          }
          model.set(f, v);
        }
        expect(store.hgetallMap('h')).toEqual(model);
        expect({ ...store.hgetall('h') }).toEqual(Object.fromEntries(model));
        expect(store.hkeys('h')).toEqual([...model.keys()]);
        expect(store.hvals('h')).toEqual([...model.values()]);
        for (const f of ['a', 'é', 'ключ']) expect(store.hget('h', f)).toBe(model.get(f) ?? null);
        if (model.size > 0) {
          const [cursor, pairs] = store.hscan('h', 0, { count: 1000 });
          expect(cursor).toBe('0');
          expect(new Map(pairs)).toEqual(model);
          for (const [f, v] of store.hrandfieldWithValues('h', -5)) expect(model.get(f)).toBe(v);
          (store.dbs[0]!.dict.get('h') as Hash).checkValid();
        }
        store.close();
      }),
      { numRuns: 300 },
    );
  });
});

describe('typed HSET is a write', () => {
  it('counts no keyspace hit or miss (as HSET over the wire)', () => {
    const typed = new Store();
    const wire = new Store();
    typed.hset('h', 'f', 'v');
    typed.hset('h', 'f', 'w');
    typed.hset('h', 'g', 'x');
    wire.call('HSET', 'h', 'f', 'v');
    wire.call('HSET', 'h', 'f', 'w');
    wire.call('HSET', 'h', 'g', 'x');
    const stats = (s: Store) => [s.stats.keyspaceHits, s.stats.keyspaceMisses];
    expect(stats(typed)).toEqual([0, 0]);
    expect(stats(typed)).toEqual(stats(wire));
    expect(typed.hgetall('h')).toEqual({ f: 'w', g: 'x' });
  });
});

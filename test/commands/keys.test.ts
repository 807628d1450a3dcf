import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Effect, FakeClock, ReplyError, Store } from '../../src/index.js';

const T0 = Date.UTC(2030, 0, 1);

function setup(options: Store.Options = {}) {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 42, ...options });
  const effects: Effect[] = [];
  store.effects.addSink((unit) => effects.push(...unit));
  const log = () => effects.map((e) => e.argv.join(' '));
  return { clock, store, log };
}

describe('dispatcher', () => {
  it('unknown command reply quotes name and args as Redis does', () => {
    const { store } = setup();
    expect(() => store.call('FOO', 'a', 'b c')).toThrow(
      "ERR unknown command 'FOO', with args beginning with: 'a' 'b c' ",
    );
    expect(() => store.call('nope')).toThrow("ERR unknown command 'nope', with args beginning with: ");
  });

  it('arity errors name the command and subcommand in lower case', () => {
    const { store } = setup();
    expect(() => store.call('GET')).toThrow("ERR wrong number of arguments for 'get' command");
    expect(() => store.call('object', 'encoding')).toThrow(
      "ERR wrong number of arguments for 'object|encoding' command",
    );
    expect(() => store.call('OBJECT', 'nope', 'k')).toThrow(
      "ERR unknown subcommand 'nope'. Try OBJECT HELP.",
    );
  });

  it('command names and options are case-insensitive', () => {
    const { store } = setup();
    expect(store.call('sEt', 'k', 'v', 'Ex', '10')).toBe('OK');
    expect(store.call('tTl', 'k')).toBe(10);
  });

  it('errors thrown by call() are ReplyError with the code', () => {
    const { store } = setup();
    try {
      store.call('EXPIRE', 'k', 'x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReplyError);
      expect((e as ReplyError).code).toBe('ERR');
    }
  });

  it('sessions select databases independently; the typed API follows its own session', () => {
    const { store } = setup();
    const s1 = store.createSession();
    store.dispatch(['SELECT', '3'], s1);
    store.dispatch(['SET', 'k', 'in3'], s1);
    expect(store.get('k')).toBe(null);
    store.select(3);
    expect(store.get('k')).toBe('in3');
  });
});

describe('byte-string keys', () => {
  it('a latin1 byte key and a UTF-8 text key never alias, whichever comes first', () => {
    const { store } = setup();
    expect(store.get('é')).toBe(null);
    store.set(Buffer.from([0xe9]), 'latin1');
    expect(store.get('é')).toBe(null);
    store.set('é', 'utf8');
    expect(store.get('é')).toBe('utf8');
    expect(store.get(Buffer.from([0xe9]))).toBe('latin1');
    expect(store.get(Buffer.from('é'))).toBe('utf8');
    expect(store.call('EXISTS', Buffer.from([0xc3, 0xa9]))).toBe(1);
    store.flushall();
    store.set('k', 'v');
    expect(store.get('ключ')).toBe(null);
    expect(store.get('k')).toBe('v');
  });

  it('values: ASCII returned as is, UTF-8 decoded once any non-ASCII value exists', () => {
    const { store } = setup();
    store.set('a', 'plain');
    expect(store.get('a')).toBe('plain');
    store.set('u', 'значение');
    expect(store.get('u')).toBe('значение');
    store.call('SET', 'b', Buffer.from([0xff]));
    expect(store.get('b')).toBe('\ufffd');
    store.select(1);
    store.call('MOVE', 'x', '0');
    store.set('raw', Buffer.from([0xc3, 0xa9]));
    store.call('MOVE', 'raw', '2');
    store.select(2);
    expect(store.get('raw')).toBe('é');
  });

  it('SWAPDB carries the non-ASCII key state along', () => {
    const { store } = setup();
    store.set('ключ', 'v');
    store.swapdb(0, 1);
    store.select(1);
    expect(store.get('ключ')).toBe('v');
  });
});

describe('generic commands', () => {
  it('DEL and UNLINK count existing keys once each and log one effect', () => {
    const { store, log } = setup();
    store.set('a', '1');
    store.set('b', '2');
    expect(store.del('a', 'b', 'c', 'a')).toBe(2);
    expect(log()).toEqual(['SET a 1', 'SET b 2', 'DEL a b']);
    expect(store.unlink('a')).toBe(0);
  });

  it('EXISTS counts repeats', () => {
    const { store } = setup();
    store.set('a', '1');
    expect(store.exists('a', 'a', 'b')).toBe(2);
  });

  it('EXPIRE family logs absolute PEXPIREAT, or DEL when already past', () => {
    const { store, log } = setup();
    store.set('a', '1');
    expect(store.expire('a', 10)).toBe(1);
    expect(store.call('PEXPIRE', 'a', '5000', 'LT')).toBe(1);
    expect(store.expireat('a', 0)).toBe(1);
    expect(store.exists('a')).toBe(0);
    expect(log()).toEqual(['SET a 1', `PEXPIREAT a ${T0 + 10_000}`, `PEXPIREAT a ${T0 + 5000} LT`, 'DEL a']);
  });

  it('EXPIRE NX/XX/GT/LT follow Redis: no TTL counts as infinite', () => {
    const { store } = setup();
    store.set('a', '1');
    expect(store.expire('a', 100, 'GT')).toBe(0);
    expect(store.expire('a', 100, 'LT')).toBe(1);
    expect(store.expire('a', 50, 'NX')).toBe(0);
    expect(store.expire('a', 200, 'GT')).toBe(1);
    expect(store.call('EXPIRE', 'a', '300', 'XX', 'LT')).toBe(0);
    expect(store.ttl('a')).toBe(200);
    expect(() => store.call('EXPIRE', 'a', '1', 'GT', 'LT')).toThrow(
      'ERR GT and LT options at the same time are not compatible',
    );
  });

  it('EXPIRE rejects times that overflow, with the command name', () => {
    const { store } = setup();
    store.set('a', '1');
    expect(() => store.call('EXPIRE', 'a', '9223372036854775807')).toThrow(
      "ERR invalid expire time in 'expire' command",
    );
    expect(() => store.call('PEXPIREAT', 'a', '9223372036854775807')).not.toThrow();
    expect(() => store.call('PEXPIRE', 'a', '9223372036854775807')).toThrow(
      "ERR invalid expire time in 'pexpire' command",
    );
  });

  it('TTL rounds to the nearest second, PTTL/EXPIRETIME/PEXPIRETIME exact', () => {
    const { store, clock } = setup();
    store.set('a', '1', { px: 1499 });
    expect(store.ttl('a')).toBe(1);
    clock.advance(1);
    expect(store.pttl('a')).toBe(1498);
    store.set('b', '1', { px: 1500 });
    expect(store.ttl('b')).toBe(2);
    expect(store.pexpiretime('b')).toBe(T0 + 1 + 1500);
    expect(store.expiretime('b')).toBe(Math.floor((T0 + 1501 + 500) / 1000)); // rounded, as TTL
    expect(store.ttl('nope')).toBe(-2);
    store.set('c', '1');
    expect(store.ttl('c')).toBe(-1);
  });

  it('RENAME keeps the TTL and the string encoding; RENAMENX refuses an existing target', () => {
    const { store } = setup();
    store.set('a', 'x', { ex: 100 });
    store.call('APPEND', 'a', 'y');
    expect(store.objectEncoding('a')).toBe('raw');
    expect(store.rename('a', 'b')).toBe('OK');
    expect(store.ttl('b')).toBe(100);
    expect(store.objectEncoding('b')).toBe('raw');
    store.set('c', '1');
    expect(store.renamenx('b', 'c')).toBe(0);
    expect(store.renamenx('b', 'b')).toBe(0);
    expect(() => store.rename('zz', 'b')).toThrow('ERR no such key');
  });

  it('COPY and MOVE across databases carry the TTL', () => {
    const { store } = setup();
    store.set('a', 'v', { ex: 50 });
    expect(store.copy('a', 'a', { db: 2 })).toBe(1);
    expect(store.copy('a', 'a', { db: 2 })).toBe(0);
    expect(store.copy('a', 'a', { db: 2, replace: true })).toBe(1);
    expect(() => store.copy('a', 'a')).toThrow('ERR source and destination objects are the same');
    expect(store.move('a', 1)).toBe(1);
    store.select(1);
    expect(store.ttl('a')).toBe(50);
    store.select(2);
    expect(store.get('a')).toBe('v');
    expect(store.ttl('a')).toBe(50);
    expect(() => store.call('MOVE', 'a', '16')).toThrow('ERR DB index is out of range');
  });

  it('SWAPDB swaps data and TTLs; expiry still fires in the swapped db', () => {
    const { store, clock } = setup();
    store.set('a', 'v', { px: 100 });
    store.swapdb(0, 5);
    expect(store.exists('a')).toBe(0);
    store.select(5);
    expect(store.pttl('a')).toBe(100);
    clock.advance(500);
    expect(store.dbsize()).toBe(0);
    expect(() => store.call('SWAPDB', 'x', '1')).toThrow('ERR invalid first DB index');
    expect(() => store.call('SWAPDB', '1', 'x')).toThrow('ERR invalid second DB index');
  });

  it('FLUSHDB/FLUSHALL accept ASYNC and SYNC only', () => {
    const { store } = setup();
    store.set('a', '1');
    expect(() => store.call('FLUSHDB', 'LAZY')).toThrow('ERR syntax error');
    expect(store.call('FLUSHALL', 'async')).toBe('OK');
    expect(store.dbsize()).toBe(0);
  });

  it('RANDOMKEY returns only live keys and null on an empty db', () => {
    const { store, clock } = setup();
    expect(store.randomkey()).toBe(null);
    store.set('live', '1');
    store.set('dead', '1', { px: 1 });
    clock.set(T0 + 2);
    for (let i = 0; i < 20; i++) expect(store.randomkey()).toBe('live');
  });

  it('KEYS uses glob rules and skips expired keys', () => {
    const { store, clock } = setup();
    for (const k of ['hello', 'hallo', 'hxllo', 'hllo', 'heeeello']) store.set(k, '1');
    store.set('hbllo', '1', { px: 1 });
    clock.set(T0 + 2);
    expect(store.keys('h?llo').sort()).toEqual(['hallo', 'hello', 'hxllo']);
    expect(store.keys('h[^e]llo').sort()).toEqual(['hallo', 'hxllo']);
    expect(store.keys('h*llo').length).toBe(5);
  });

  it('OBJECT IDLETIME follows the 1-second LRU clock when tracking is on', () => {
    const { store, clock } = setup({ trackAccess: true });
    store.set('a', '1');
    clock.advance(5000);
    expect(store.objectIdletime('a')).toBe(5);
    store.get('a');
    expect(store.objectIdletime('a')).toBe(0);
    expect(store.objectIdletime('nope')).toBe(null);
  });

  it('OBJECT ENCODING and REFCOUNT for strings', () => {
    const { store } = setup();
    store.set('i', '123');
    store.set('big', '123456');
    store.set('e', 'x'.repeat(44));
    store.set('r', 'x'.repeat(45));
    store.set('z', '0123');
    expect(['i', 'e', 'r', 'z'].map((k) => store.objectEncoding(k))).toEqual([
      'int',
      'embstr',
      'raw',
      'embstr',
    ]);
    expect(store.objectRefcount('i')).toBe(2147483647);
    expect(store.objectRefcount('big')).toBe(1);
  });

  it('SCAN: invalid cursors and options give Redis errors', () => {
    const { store } = setup();
    expect(() => store.call('SCAN', 'abc')).toThrow('ERR invalid cursor');
    expect(() => store.call('SCAN', '0', 'COUNT', '0')).toThrow('ERR syntax error');
    expect(() => store.call('SCAN', '0', 'COUNT', 'x')).toThrow(
      'ERR value is not an integer or out of range',
    );
    expect(() => store.call('SCAN', '0', 'MATCH')).toThrow('ERR syntax error');
    expect(store.call('SCAN', '', 'TYPE', 'string')).toEqual(['0', []]);
  });

  it('property: a full SCAN returns every key present for the whole scan, even while keys change', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), { maxLength: 200 }),
        (initial, count, changes) => {
          const { store } = setup();
          for (let i = 0; i < initial; i++) store.set(`k${i}`, '1');
          const touched = new Set<string>();
          const seen = new Set<string>();
          let cursor = '0';
          let step = 0;
          do {
            const [next, keys] = store.scan(cursor, { count });
            for (const k of keys) seen.add(k);
            cursor = next;
            for (let j = 0; j < 3 && step < changes.length; j++, step++) {
              const [add, n] = changes[step]!;
              const key = `k${n}`;
              touched.add(key);
              if (add) store.set(key, '1');
              else store.del(key);
            }
          } while (cursor !== '0');
          for (let i = 0; i < initial; i++) {
            const k = `k${i}`;
            if (!touched.has(k)) expect(seen.has(k)).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('scanIterator yields every key once on a stable keyspace', async () => {
    const { store } = setup();
    for (let i = 0; i < 95; i++) store.set(`key:${i}`, '1');
    store.set('other', '1');
    const got: string[] = [];
    for await (const k of store.scanIterator({ match: 'key:*', count: 7 })) got.push(k);
    expect(got.length).toBe(95);
    expect(new Set(got).size).toBe(95);
  });
});

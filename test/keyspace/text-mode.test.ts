// Text mode (Db.nonAsciiValues false): the typed SET stores the caller's JS strings unscanned,
// and every path that needs a value's bytes converts it. These tests pin that a store written
// through the typed API answers every string command exactly like one written over the wire
// (where values arrive as UTF-8 bytes), before and after the db switches to bytes mode.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBytes, Store } from '../../src/index.js';

const TEXT = ['é', 'naïve café', '日本語', '😀 emoji', 'plain', '', '123', 'a\u0000b'];

/** Every string read a client can make of `key`, as replies (bytes decoded as UTF-8). */
function reads(store: Store, key: string): unknown[] {
  const call = (name: string, ...args: (string | number)[]): unknown => {
    try {
      return store.call(name, ...args);
    } catch (e) {
      return (e as Error).message;
    }
  };
  return [
    call('GET', key),
    call('STRLEN', key),
    call('GETRANGE', key, 1, 3),
    call('OBJECT', 'ENCODING', key),
    call('LCS', key, key),
    call('MGET', key, 'missing'),
    store.get(key),
    store.getBuffer(key) === null ? null : Buffer.from(store.getBuffer(key)!).toString('hex'),
    store.strlen(key),
    store.mget(key)[0],
  ];
}

describe('text mode', () => {
  it('a typed SET of non-ASCII text reads back like the same SET over the wire', () => {
    for (const text of TEXT) {
      const typed = new Store();
      const wire = new Store();
      typed.set('k', text);
      wire.call('SET', 'k', text);
      expect(typed.db.nonAsciiValues).toBe(false);
      expect(reads(typed, 'k')).toEqual(reads(wire, 'k'));
    }
  });

  it('a string with a lone surrogate is stored as U+FFFD, read back as given until converted', () => {
    const store = new Store();
    store.set('k', '\ud800x');
    expect(store.call('GET', 'k')).toBe('\ufffdx');
    expect(store.getBuffer('k')).toEqual(Buffer.from('efbfbd78', 'hex'));
    // The typed GET returns text-mode values as stored (documented on Db.nonAsciiValues).
    expect(store.get('k')).toBe('\ud800x');
    store.call('SET', 'b', Buffer.from([0x80]));
    expect(store.get('k')).toBe('\ufffdx');
  });

  it('APPEND, SETRANGE, COPY and MOVE work on the value bytes', () => {
    const typed = new Store();
    typed.set('k', 'é');
    expect(typed.call('APPEND', 'k', 'x')).toBe(3);
    expect(typed.get('k')).toBe('éx');
    typed.set('r', 'é');
    expect(typed.call('SETRANGE', 'r', 2, '!')).toBe(3);
    expect(typed.get('r')).toBe('é!');
    typed.set('c', '日本');
    expect(typed.call('COPY', 'c', 'c2', 'DB', 1)).toBe(1);
    expect(typed.call('MOVE', 'c', 2)).toBe(1);
    typed.call('SELECT', 1);
    expect(typed.call('STRLEN', 'c2')).toBe(6);
    typed.call('SELECT', 2);
    expect(typed.call('GET', 'c')).toBe('日本');
    expect(typed.call('STRLEN', 'c')).toBe(6);
  });

  it('SORT BY / GET patterns read text-mode values as bytes', () => {
    const typed = new Store();
    const wire = new Store();
    for (const s of [typed, wire]) s.call('RPUSH', 'l', 'a', 'b', 'c');
    const weights: [string, string][] = [
      ['a', 'é'],
      ['b', 'e'],
      ['c', 'z'],
    ];
    for (const [m, w] of weights) {
      typed.set(`w_${m}`, w);
      wire.call('SET', `w_${m}`, w);
    }
    const sort = (s: Store) => s.call('SORT', 'l', 'BY', 'w_*', 'ALPHA', 'GET', '#', 'GET', 'w_*');
    expect(sort(typed)).toEqual(sort(wire));
  });

  it('the first non-ASCII byte value converts every text value, once', () => {
    const store = new Store();
    store.set('a', 'é');
    store.set('b', 'plain');
    expect(store.db.nonAsciiValues).toBe(false);
    store.call('SET', 'x', Buffer.from([0xff]));
    expect(store.db.nonAsciiValues).toBe(true);
    expect(store.db.dict.get('a')).toBe('\xc3\xa9');
    expect(store.get('a')).toBe('é');
    expect(store.get('b')).toBe('plain');
    expect(store.getBuffer('x')).toEqual(Buffer.from([0xff]));
    // Bytes mode: a typed SET now stores bytes.
    store.set('c', 'ü');
    expect(store.db.dict.get('c')).toBe('\xc3\xbc');
    expect(store.call('STRLEN', 'c')).toBe(2);
  });

  it('non-ASCII keys: a new key is stored as its UTF-8 bytes, an existing one found', () => {
    const store = new Store();
    store.set('ключ', 'v1');
    expect([...store.db.dict.keys()]).toEqual([Buffer.from('ключ').toString('latin1')]);
    store.set('ключ', 'v2');
    expect(store.db.size).toBe(1);
    expect(store.get('ключ')).toBe('v2');
    expect(store.call('GET', 'ключ')).toBe('v2');
    store.set('ascii', 'v3');
    expect((store.call('KEYS', '*') as string[]).sort()).toEqual(['ascii', 'ключ']);
  });

  it('typed SET keeps the semantics of SET: drops the TTL, touches, notifies', () => {
    const store = new Store();
    const events: string[] = [];
    store.effects.addEventListener((_f, e, k) => {
      if (e !== 'new') events.push(`${e}:${k}`);
    });
    const touched: string[] = [];
    store.effects.addTouchListener((_db, k) => touched.push(k));
    store.set('k', 'v', { ex: 100 });
    store.set('k', 'w');
    expect(store.ttl('k')).toBe(-1);
    expect(events).toEqual(['set:k', 'expire:k', 'set:k']);
    expect(touched).toEqual(['k', 'k']);
  });

  it('typed SET with nobody listening (no event or touch listener): counts dirty, resets encodings, takes new keys', () => {
    const store = new Store();
    expect([store.effects.eventing, store.effects.touching]).toEqual([false, false]);
    store.set('k', '12345');
    store.set('n', 'x');
    store.call('APPEND', 'n', 'y');
    expect(store.call('OBJECT', 'ENCODING', 'n')).toBe('raw');
    const dirty = store.effects.dirty;
    // Overwrites: the encoding override of `n` goes, `k` becomes a non-integer.
    store.set('n', 'short');
    store.set('k', 'text');
    expect(store.call('OBJECT', 'ENCODING', 'n')).toBe('embstr');
    expect(store.call('OBJECT', 'ENCODING', 'k')).toBe('embstr');
    // New keys, ASCII and not: the second is stored as its UTF-8 bytes.
    store.set('new', 'v');
    store.set('ключ', 'v');
    expect(store.effects.dirty - dirty).toBe(4);
    expect(store.db.dict.has(Buffer.from('ключ').toString('latin1'))).toBe(true);
    expect(store.db.nonAsciiKeys).toBe(true);
    expect(store.dbsize()).toBe(4);
    // A listener turns the shortcut off; removing it turns it back on.
    const events: string[] = [];
    const off = store.effects.addEventListener((_f, e, k) => events.push(`${e}:${k}`));
    expect(store.effects.eventing).toBe(true);
    store.set('n', 'again');
    off();
    expect([store.effects.eventing, store.effects.touching]).toEqual([false, false]);
    store.set('n', 'quiet');
    expect(events).toEqual(['set:n']);
    expect(store.get('n')).toBe('quiet');
  });

  it('with an effect sink the SET is logged as bytes', () => {
    const store = new Store();
    const log: string[][] = [];
    store.effects.addSink((unit) => log.push(...unit.map((e) => [...e.argv])));
    store.set('k', 'é');
    expect(log).toEqual([['SET', 'k', '\xc3\xa9']]);
  });

  it('property: any mix of typed and wire writes reads like an all-wire store', () => {
    const text = fc.oneof(
      fc.constantFrom(...TEXT),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ maxLength: 6 }),
    );
    const key = fc.constantFrom('a', 'b', 'ü');
    const op = fc.oneof(
      fc.record({ kind: fc.constant('tset' as const), key, value: text }),
      fc.record({ kind: fc.constant('wset' as const), key, value: text }),
      fc.record({ kind: fc.constant('append' as const), key, value: text }),
      fc.record({ kind: fc.constant('bytes' as const), key, value: fc.uint8Array({ maxLength: 3 }) }),
      fc.record({ kind: fc.constant('del' as const), key }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const typed = new Store();
        const wire = new Store();
        for (const o of ops) {
          if (o.kind === 'tset') typed.set(o.key, o.value);
          else if (o.kind === 'wset') typed.call('SET', o.key, o.value);
          else if (o.kind === 'append') typed.call('APPEND', o.key, o.value);
          else if (o.kind === 'bytes') typed.call('SET', o.key, Buffer.from(o.value));
          else typed.del(o.key);
          if (o.kind === 'tset' || o.kind === 'wset') wire.call('SET', o.key, o.value);
          else if (o.kind === 'append') wire.call('APPEND', o.key, o.value);
          else if (o.kind === 'bytes') wire.call('SET', o.key, Buffer.from(o.value));
          else wire.call('DEL', o.key);
        }
        for (const k of ['a', 'b', 'ü']) {
          expect(typed.callBuffer('GET', k)).toEqual(wire.callBuffer('GET', k));
          expect(typed.call('STRLEN', k)).toBe(wire.call('STRLEN', k));
          expect(typed.get(k)).toBe(wire.get(k));
          expect(typed.call('OBJECT', 'ENCODING', k)).toEqual(wire.call('OBJECT', 'ENCODING', k));
        }
        typed.db.checkValid();
        expect(fromBytes(typed.db.bytes(''))).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('text mode in introspection', () => {
  it('DEBUG DIGEST-VALUE, DEBUG OBJECT and MEMORY USAGE see the bytes', () => {
    const typed = new Store();
    const wire = new Store();
    typed.set('k', 'héllo wörld');
    wire.call('SET', 'k', 'héllo wörld');
    expect(typed.call('DEBUG', 'DIGEST-VALUE', 'k')).toEqual(wire.call('DEBUG', 'DIGEST-VALUE', 'k'));
    expect(typed.call('DEBUG', 'DIGEST')).toEqual(wire.call('DEBUG', 'DIGEST'));
    const obj = (s: Store) => String(s.call('DEBUG', 'OBJECT', 'k')).replace(/at:\S+|lru\S*:\d+/g, '');
    expect(obj(typed)).toEqual(obj(wire));
    expect(typed.call('MEMORY', 'USAGE', 'k')).toEqual(wire.call('MEMORY', 'USAGE', 'k'));
  });
});

describe('Db.collections: strings-only dbs skip the type check of the typed GET', () => {
  it('GET is WRONGTYPE on a collection whatever created it; FLUSHDB and SWAPDB keep the flag right', () => {
    const store = new Store();
    store.set('s', 'v');
    expect(store.db.collections).toBe(false);
    store.call('RPUSH', 'l', 'x');
    expect(store.db.collections).toBe(true);
    expect(() => store.get('l')).toThrow('WRONGTYPE');
    store.call('SWAPDB', 0, 1);
    expect(store.db.collections).toBe(false);
    store.call('SELECT', 1);
    expect(() => store.get('l')).toThrow('WRONGTYPE');
    store.call('FLUSHDB');
    expect(store.db.collections).toBe(false);
    store.call('SADD', 'set', 'm');
    expect(() => store.get('set')).toThrow('WRONGTYPE');
    store.call('SELECT', 0);
    expect(store.get('s')).toBeNull(); // db 0 holds what db 1 held before the swap: nothing
    for (const db of store.dbs) db.checkValid();
  });
});

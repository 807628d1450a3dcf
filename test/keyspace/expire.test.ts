import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock, Store } from '../../src/index.js';

const T0 = Date.UTC(2030, 0, 1);

function check(store: Store): void {
  for (const db of store.dbs) db.checkValid();
  // biome-ignore lint/complexity/useLiteralKeys: reaching the protected index on purpose
  const index = store['ttlIndex'];
  index.checkValid();
  expect(index.covers(store.dbs)).toBe(true);
}

describe('TTL and active expiry', () => {
  it('a key expires once the clock is past its expiry time, not at it', () => {
    const clock = new FakeClock(T0);
    const store = new Store({ clock, hz: 10 });
    store.set('k', 'v', { pxat: T0 + 1000 });
    clock.set(T0 + 1000);
    expect(store.get('k')).toBe('v');
    clock.set(T0 + 1001);
    expect(store.get('k')).toBe(null);
  });

  it('active expiry removes keys nobody reads, once per cycle', () => {
    const clock = new FakeClock(T0);
    const store = new Store({ clock, hz: 10 });
    for (let i = 0; i < 1000; i++) store.set(`k${i}`, 'v', { px: 50 + i });
    store.set('forever', 'v');
    expect(store.dbsize()).toBe(1001);
    clock.advance(100);
    // keys with expiry < now (T0+100) are gone without any lookup: 50..99 ms -> 50 keys
    expect(store.dbsize()).toBe(1001 - 50);
    clock.advance(2000);
    expect(store.dbsize()).toBe(1);
    check(store);
    store.close();
  });

  it('expired keys are logged as DEL by the active cycle and by lookups', () => {
    const clock = new FakeClock(T0);
    const store = new Store({ clock });
    const log: string[][] = [];
    store.effects.addSink((unit) => {
      for (const e of unit) log.push([String(e.db), ...e.argv]);
    });
    store.set('a', '1', { px: 10 });
    store.set('b', '1', { px: 10 });
    clock.set(T0 + 11);
    expect(store.get('a')).toBe(null); // lazy
    clock.advance(200); // active
    expect(log).toEqual([
      ['0', 'SET', 'a', '1', 'PXAT', String(T0 + 10)],
      ['0', 'SET', 'b', '1', 'PXAT', String(T0 + 10)],
      ['0', 'DEL', 'a'],
      ['0', 'DEL', 'b'],
    ]);
  });

  it('close() stops the active cycle timer', () => {
    const clock = new FakeClock(T0);
    const store = new Store({ clock });
    store.set('a', '1', { px: 10 });
    expect(clock.pending).toBe(1);
    store.close();
    expect(clock.pending).toBe(0);
  });

  it('property: TTL bookkeeping agrees with a naive model under random operations', () => {
    const op = fc.oneof(
      fc.record({
        t: fc.constant('set' as const),
        k: fc.integer({ min: 0, max: 7 }),
        ttl: fc.option(fc.integer({ min: 1, max: 300 })),
      }),
      fc.record({
        t: fc.constant('expire' as const),
        k: fc.integer({ min: 0, max: 7 }),
        ttl: fc.integer({ min: -5, max: 300 }),
      }),
      fc.record({ t: fc.constant('persist' as const), k: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ t: fc.constant('del' as const), k: fc.integer({ min: 0, max: 7 }) }),
      fc.record({
        t: fc.constant('rename' as const),
        k: fc.integer({ min: 0, max: 7 }),
        k2: fc.integer({ min: 0, max: 7 }),
      }),
      fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 200 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const clock = new FakeClock(T0);
        const store = new Store({ clock });
        const model = new Map<string, number | null>(); // key -> expireAt | null
        const live = (k: string) => {
          const at = model.get(k);
          if (at === undefined) return false;
          if (at !== null && at < clock.now()) {
            model.delete(k);
            return false;
          }
          return true;
        };
        for (const o of ops) {
          const k = `k${'k' in o ? o.k : 0}`;
          switch (o.t) {
            case 'set':
              if (o.ttl === null) store.set(k, 'v');
              else store.set(k, 'v', { px: o.ttl });
              model.set(k, o.ttl === null ? null : clock.now() + o.ttl);
              break;
            case 'expire': {
              const r = store.pexpire(k, o.ttl);
              expect(r).toBe(live(k) ? 1 : 0);
              if (r === 1) {
                if (o.ttl <= 0) model.delete(k);
                else model.set(k, clock.now() + o.ttl);
              }
              break;
            }
            case 'persist': {
              const had = live(k) && model.get(k) !== null;
              expect(store.persist(k)).toBe(had ? 1 : 0);
              if (had) model.set(k, null);
              break;
            }
            case 'del':
              expect(store.del(k)).toBe(live(k) ? 1 : 0);
              model.delete(k);
              break;
            case 'rename': {
              const k2 = `k${o.k2}`;
              if (!live(k)) {
                expect(() => store.rename(k, k2)).toThrow('ERR no such key');
              } else {
                store.rename(k, k2);
                const at = model.get(k)!;
                model.delete(k);
                model.set(k2, at);
              }
              break;
            }
            case 'advance':
              clock.advance(o.ms);
              break;
          }
          check(store);
          for (let i = 0; i < 8; i++) {
            const key = `k${i}`;
            const expected = live(key) ? model.get(key)! : -2;
            const pexpiretime = store.pexpiretime(key);
            expect(pexpiretime).toBe(expected === null ? -1 : expected);
          }
        }
        store.close();
      }),
      { numRuns: 200 },
    );
  });
});

// SORT / SORT_RO through the typed API: options, GET / BY patterns, STORE with its effects, and
// the sorted-set conversion SORT makes.

import { describe, expect, it } from 'vitest';
import { NOTIFY } from '../../src/effects/effects.js';
import { ReplyError, Store } from '../../src/index.js';

function setup() {
  const store = new Store({ seed: 1 });
  const units: string[][] = [];
  store.effects.addSink((unit) => units.push(unit.map((e) => e.argv.join(' '))));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) =>
    events.push(`${flag === NOTIFY.LIST ? 'list' : flag}:${event}:${key}`),
  );
  return { store, units, events };
}

describe('SORT', () => {
  it('sorts a list numerically, DESC, with LIMIT', () => {
    const { store } = setup();
    store.rpush('l', '3', '10', '1', '2');
    expect(store.sort('l')).toEqual(['1', '2', '3', '10']);
    expect(store.sort('l', { order: 'DESC', limit: { offset: 1, count: 2 } })).toEqual(['3', '2']);
    expect(store.sort('l', { alpha: true })).toEqual(['1', '10', '2', '3']);
  });

  it('SORT BY hash->field with GET # and GET hash->field', () => {
    const { store } = setup();
    store.sadd('users', '1', '2', '3');
    store.hset('user:1', { name: 'ann', age: '40' });
    store.hset('user:2', { name: 'bob', age: '25' });
    store.hset('user:3', { name: 'cid', age: '31' });
    expect(store.sort('users', { by: 'user:*->age', get: ['#', 'user:*->name'] })).toEqual([
      '2',
      'bob',
      '3',
      'cid',
      '1',
      'ann',
    ]);
    expect(
      store.sortRo('users', { by: 'user:*->age', get: ['user:*->nope'], limit: { offset: 0, count: 1 } }),
    ).toEqual([null]);
  });

  it('BY a pattern without * keeps a sorted set in its own order and converts it to skiplist', () => {
    const { store } = setup();
    store.zadd('z', { c: 1, a: 2, b: 3 });
    expect(store.objectEncoding('z')).toBe('listpack');
    expect(store.sort('z', { by: 'nosort', order: 'DESC' })).toEqual(['b', 'a', 'c']);
    expect(store.objectEncoding('z')).toBe('skiplist');
  });

  it('SORT STORE writes a list, logs as issued, and an empty result deletes the destination', () => {
    const { store, units, events } = setup();
    store.rpush('l', '2', '1');
    expect(store.sortStore('l', 'dst', { order: 'DESC' })).toBe(2);
    expect(store.lrange('dst', 0, -1)).toEqual(['2', '1']);
    expect(store.sortStore('l', 'dst', { limit: { offset: 0, count: 0 } })).toBe(0);
    expect(store.exists('dst')).toBe(0);
    expect(units.slice(-2)).toEqual([['SORT l DESC STORE dst'], ['SORT l LIMIT 0 0 STORE dst']]);
    expect(events.slice(-2)).toEqual(['list:sortstore:dst', '4:del:dst']);
  });

  it('SORT STORE wakes a client blocked on the destination', async () => {
    const { store } = setup();
    store.rpush('l', '2', '1');
    const p = store.blpop('dst', 0);
    store.sortStore('l', 'dst');
    expect(await p).toEqual(['dst', '1']);
  });

  it('numeric SORT of non-numbers is an error', () => {
    const { store } = setup();
    store.rpush('l', 'a');
    expect(() => store.sort('l')).toThrow(
      new ReplyError("ERR One or more scores can't be converted into double"),
    );
  });
});

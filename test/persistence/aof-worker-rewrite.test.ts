// Background AOF rewrites by a worker thread (aof-compact.ts): at the switch point the files
// before the new incremental file hold the dataset of that instant, so a worker replays them
// and writes the base while the event loop goes on. That is only right while replaying the log
// reproduces memory exactly; this file checks that property on random command mixes of every
// family, then the rewrite itself, and each case where the adapter must rewrite memory on the
// event loop instead (DEBUG POPULATE, stream reads whose entries-read counter XCLAIM cannot
// carry, a store the files never described, a worker that fails).

import * as fs from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock, Store } from '../../src/index.js';
import { AofAdapter } from '../../src/persistence/aof.js';
import { dumpStore, expectSameData, withoutReplayTimes } from './adapter-suite.js';
import { tempDirs } from './temp-dirs.js';

const adapters: AofAdapter[] = [];
const tempDir = tempDirs('embedis-aof-worker-', () => {
  for (const a of adapters.splice(0)) a.close();
});
const T0 = Date.UTC(2030, 0, 1);

type Options = ConstructorParameters<typeof AofAdapter>[1];

/** A log over `dir` loaded into a fresh store whose clock reads `clock`. */
function open(dir: string, clock = new FakeClock(T0), options: Options = {}) {
  const aof = new AofAdapter(dir, { fsync: 'no', autoRewritePercentage: 0, ...options });
  adapters.push(aof);
  const store = new Store({ clock, seed: 1 });
  aof.load(store);
  aof.attach(store);
  return { aof, store, clock };
}

/** Runs a command, ignoring its error reply (as a client would see it). */
function run(store: Store, argv: readonly (string | number)[]): void {
  try {
    store.call(String(argv[0]), ...argv.slice(1));
  } catch {
    // An error reply changes nothing and propagates nothing.
  }
}

const STR = ['s1', 's2'];
const LISTS = ['l1', 'l2'];
const SETS = ['S1', 'S2'];
const ZSETS = ['z1', 'z2'];
const ANY = [...STR, ...LISTS, 'h1', ...SETS, ...ZSETS, 'x1', 'dst'];
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const small = fc.integer({ min: 0, max: 9 });
const word = fc.constantFrom('a', 'b', 'c', '10', '-3', 'é', '');

/** Commands of every family whose effects a log must carry exactly. */
const command: fc.Arbitrary<readonly (string | number)[] | 'tick'> = fc.oneof<
  fc.Arbitrary<readonly (string | number)[] | 'tick'>[]
>(
  // strings and keys
  fc
    .tuple(pick(STR), word)
    .map(([k, v]) => ['SET', k, v]),
  fc.tuple(pick(STR), word, small).map(([k, v, n]) => ['SET', k, v, 'PX', 100 + n * 300]),
  fc.tuple(pick(STR), word).map(([k, v]) => ['SET', k, v, 'KEEPTTL', 'GET']),
  pick(STR).map((k) => ['INCR', k]),
  pick(STR).map((k) => ['INCRBYFLOAT', k, '1.5']),
  fc.tuple(pick(STR), word).map(([k, v]) => ['APPEND', k, v]),
  fc.tuple(pick(STR), small, word).map(([k, n, v]) => ['SETRANGE', k, n, v]),
  pick(STR).map((k) => ['GETEX', k, 'EX', 50]),
  pick(STR).map((k) => ['GETDEL', k]),
  pick(ANY).map((k) => ['PEXPIRE', k, 700]),
  pick(ANY).map((k) => ['PERSIST', k]),
  pick(ANY).map((k) => ['DEL', k]),
  fc.tuple(pick(ANY), pick(ANY)).map(([a, b]) => ['RENAME', a, b]),
  fc.tuple(pick(ANY), pick(ANY)).map(([a, b]) => ['COPY', a, b, 'REPLACE']),
  pick(ANY).map((k) => ['MOVE', k, 1]),
  fc.constant(['SWAPDB', 0, 1]),
  // lists
  fc
    .tuple(pick(LISTS), word, word)
    .map(([k, a, b]) => ['RPUSH', k, a, b]),
  pick(LISTS).map((k) => ['LPOP', k, 2]),
  fc.tuple(pick(LISTS), pick(LISTS)).map(([a, b]) => ['LMOVE', a, b, 'LEFT', 'RIGHT']),
  fc.tuple(pick(LISTS), word).map(([k, v]) => ['LSET', k, 0, v]),
  pick(LISTS).map((k) => ['LTRIM', k, 1, -1]),
  fc.constant(['LMPOP', 2, 'l1', 'l2', 'RIGHT', 'COUNT', 2]),
  fc.constant(['SORT', 'l1', 'ALPHA', 'STORE', 'dst']),
  // hashes
  fc
    .tuple(word, word)
    .map(([f, v]) => ['HSET', 'h1', f, v]),
  word.map((f) => ['HDEL', 'h1', f]),
  word.map((f) => ['HINCRBYFLOAT', 'h1', f, '0.25']),
  // sets
  fc
    .tuple(pick(SETS), word, word)
    .map(([k, a, b]) => ['SADD', k, a, b]),
  pick(SETS).map((k) => ['SPOP', k]),
  fc.tuple(pick(SETS), word).map(([k, m]) => ['SMOVE', k, k === 'S1' ? 'S2' : 'S1', m]),
  fc.constant(['SINTERSTORE', 'dst', 'S1', 'S2']),
  fc.constant(['SUNIONSTORE', 'dst', 'S1', 'S2']),
  // sorted sets
  fc
    .tuple(pick(ZSETS), small, word)
    .map(([k, s, m]) => ['ZADD', k, s, m]),
  fc.tuple(pick(ZSETS), word).map(([k, m]) => ['ZINCRBY', k, '2.5', m]),
  pick(ZSETS).map((k) => ['ZPOPMIN', k]),
  fc.constant(['ZUNIONSTORE', 'dst', 2, 'z1', 'z2', 'WEIGHTS', 2, 1]),
  fc.constant(['ZRANGESTORE', 'dst', 'z1', 0, 1]),
  pick(ZSETS).map((k) => ['ZREMRANGEBYRANK', k, 0, 0]),
  // streams
  word.map((v) => ['XADD', 'x1', '*', 'f', v]),
  fc.constant(['XADD', 'x1', 'MAXLEN', '~', 3, '*', 'f', 'v']),
  fc.constant(['XTRIM', 'x1', 'MAXLEN', 2]),
  fc.constant(['XGROUP', 'CREATE', 'x1', 'g', '0', 'MKSTREAM']),
  fc.constant(['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', 2, 'NOACK', 'STREAMS', 'x1', '>']),
  fc.constant(['XAUTOCLAIM', 'x1', 'g', 'c2', 0, '0-0', 'COUNT', 1]),
  fc.constant(['XGROUP', 'SETID', 'x1', 'g', '$']),
  fc.constant(['XGROUP', 'CREATECONSUMER', 'x1', 'g', 'c3']),
  fc.constant(['XGROUP', 'DELCONSUMER', 'x1', 'g', 'c2']),
  // databases and time
  fc.constant(['SELECT', 1]),
  fc.constant(['SELECT', 0]),
  fc.constant('tick' as const),
);

describe('replaying the log reproduces memory', () => {
  it('for random commands of every family, unless a change was left unlogged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 20, maxLength: 150 }), async (cmds) => {
        const dir = tempDir();
        const { aof, store, clock } = open(dir);
        for (const c of cmds) {
          if (c === 'tick') clock.advance(400);
          else run(store, c);
        }
        await aof.sync();
        const expected = dumpStore(store);
        const unlogged = store.effects.unlogged;
        aof.close();
        const { store: loaded } = open(dir, new FakeClock(clock.now()));
        // Only XREADGROUP without NOACK may leave a change unlogged in this mix (and is not in it).
        expect(unlogged).toBe(0);
        expectSameData(withoutReplayTimes(dumpStore(loaded)), withoutReplayTimes(expected));
      }),
      { numRuns: 150 },
    );
  });
});

/** A store over `dir` with a dataset of every type, its log loaded from disk. */
function seeded(dir: string, options: Options = {}) {
  const first = open(dir, new FakeClock(T0), options);
  for (let i = 0; i < 5000; i++) first.store.set(`k${i}`, `v${i}`);
  first.store.call('RPUSH', 'list', ...Array.from({ length: 300 }, (_, i) => `e${i}`));
  first.store.call('HSET', 'hash', ...Array.from({ length: 100 }, (_, i) => [`f${i}`, `${i}`]).flat());
  first.store.call('SADD', 'set', ...Array.from({ length: 100 }, (_, i) => `m${i}`));
  first.store.call('ZADD', 'zset', ...Array.from({ length: 2000 }, (_, i) => [i / 3, `z${i}`]).flat());
  first.store.call('XADD', 'stream', '1-1', 'f', 'v');
  first.store.call('XGROUP', 'CREATE', 'stream', 'g', '0');
  first.store.call('SET', 'ttl', 'x', 'PXAT', T0 + 3_600_000);
  first.store.call('SELECT', 5);
  first.store.call('SET', 'db5', 'five');
  first.aof.close();
  return open(dir, new FakeClock(T0), options);
}

describe('background rewrite in a worker thread', () => {
  it('writes the dataset of the switch while writes go on, typed sets included', async () => {
    const dir = tempDir();
    const { aof, store } = seeded(dir);
    const rewriting = aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('worker');
    // The typed-SET shortcut stays on: the worker does not need to see the effects.
    const before = store.effects.unlogged;
    let i = 0;
    let done = false;
    void rewriting.finally(() => {
      done = true;
    });
    while (!done) {
      store.set(`k${i % 5000}`, `during${i}`);
      store.call('ZADD', 'zset', i, `new${i}`);
      store.call('LPOP', 'list');
      i++;
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    const result = await rewriting;
    expect(i).toBeGreaterThan(0);
    expect(store.effects.unlogged).toBe(before);
    // The base is the dataset of the switch: the list's first element then, none written since.
    const base = fs.readFileSync(result.file, 'latin1');
    expect(base).toContain('$5\r\nRPUSH\r\n$4\r\nlist\r\n$2\r\ne0\r\n');
    expect(base).not.toContain('during');
    expect(result.keys).toBe(5007);
    expect(aof.info().lastBgrewriteStatus).toBe('ok');
    expect(aof.info().lastRewriteMaxSliceMs).toBeLessThan(250);
    store.set('after', '1');
    await aof.sync();
    expect(fs.readdirSync(join(dir, 'appendonlydir')).sort()).toEqual([
      'appendonly.aof.2.base.aof',
      'appendonly.aof.2.incr.aof',
      'appendonly.aof.manifest',
    ]);
    const expected = dumpStore(store);
    aof.close();
    const { store: loaded, aof: again } = open(dir);
    expectSameData(withoutReplayTimes(dumpStore(loaded)), withoutReplayTimes(expected));
    // Still a match: the next rewrite runs in a worker again.
    const second = again.rewriteInBackground(loaded);
    expect(again.info().rewriteMode).toBe('worker');
    await second;
  });

  it('rewrites memory on the event loop after DEBUG POPULATE, then in a worker again', async () => {
    const dir = tempDir();
    const { aof, store } = seeded(dir);
    store.call('DEBUG', 'POPULATE', 10, 'pop');
    await aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('event-loop');
    await aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('worker');
    const expected = dumpStore(store);
    aof.close();
    const { store: loaded } = open(dir);
    expect(loaded.call('GET', 'pop:9')).toBe('value:9');
    expectSameData(withoutReplayTimes(dumpStore(loaded)), withoutReplayTimes(expected));
  });

  it('rewrites memory after XREADGROUP counted entries read (the log cannot carry the counter)', async () => {
    const dir = tempDir();
    const { aof, store } = seeded(dir);
    store.call('XADD', 'stream', '2-1', 'f', 'v');
    store.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 1, 'STREAMS', 'stream', '>');
    await aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('event-loop');
    const groups = store.call('XINFO', 'GROUPS', 'stream');
    aof.close();
    const { store: loaded } = open(dir);
    expect(loaded.call('XINFO', 'GROUPS', 'stream')).toEqual(groups);
  });

  it('rewrites memory when the log was loaded over keys it does not hold', async () => {
    const dir = tempDir();
    seeded(dir).aof.close();
    const store = new Store({ clock: new FakeClock(T0) });
    store.set('already', 'here');
    const aof = new AofAdapter(dir, { fsync: 'no', autoRewritePercentage: 0 });
    adapters.push(aof);
    aof.load(store);
    aof.attach(store);
    await aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('event-loop');
    aof.close();
    expect(open(dir).store.call('GET', 'already')).toBe('here');
  });

  it('a log started on a populated store writes its base from memory, then rewrites in a worker', async () => {
    const dir = tempDir();
    const store = new Store({ clock: new FakeClock(T0) });
    for (let i = 0; i < 100; i++) store.set(`k${i}`, 'v');
    const aof = new AofAdapter(dir, { fsync: 'no', autoRewritePercentage: 0 });
    adapters.push(aof);
    aof.load(store); // no log yet: the base is written from what the store holds
    aof.attach(store);
    await aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('worker');
    aof.close();
    expect(open(dir).store.call('DBSIZE')).toBe(100);
  });

  it('a worker that fails leaves the old files valid; the next rewrite runs on the event loop', async () => {
    const dir = tempDir();
    const broken = join(tempDir(), 'broken-worker.mjs');
    fs.writeFileSync(broken, "throw new Error('no worker here');\n");
    const { aof, store } = seeded(dir, { rewriteWorker: broken });
    await expect(aof.rewriteInBackground(store)).rejects.toThrow(/no worker here/);
    expect(aof.info().lastBgrewriteStatus).toBe('err');
    expect(fs.readdirSync(join(dir, 'appendonlydir')).filter((f) => f.startsWith('temp-'))).toEqual([]);
    store.set('after', 'failure');
    await aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('event-loop');
    expect(aof.info().lastBgrewriteStatus).toBe('ok');
    const expected = dumpStore(store);
    aof.close();
    expectSameData(withoutReplayTimes(dumpStore(open(dir).store)), withoutReplayTimes(expected));
  });

  it('closing the log during a worker rewrite stops it; the files stay valid', async () => {
    const dir = tempDir();
    const { aof, store } = seeded(dir);
    const rewriting = aof.rewriteInBackground(store);
    store.set('late', 'write');
    await aof.sync();
    const expected = dumpStore(store);
    aof.close();
    await expect(rewriting).rejects.toThrow();
    expect(fs.readdirSync(join(dir, 'appendonlydir')).filter((f) => f.startsWith('temp-'))).toEqual([]);
    expectSameData(withoutReplayTimes(dumpStore(open(dir).store)), withoutReplayTimes(expected));
  });

  it('rewriteWorker: false rewrites on the event loop', async () => {
    const dir = tempDir();
    const { aof, store } = seeded(dir, { rewriteWorker: false });
    await aof.rewriteInBackground(store);
    expect(aof.info().rewriteMode).toBe('event-loop');
  });
});

// The typed-SET shortcut of the append-only log (Effects.trySetText -> AofAdapter.appendSetText
// -> AofWriter.appendSetText): a bare typed set() of text is staged as two references and
// encoded when the batch is written. It must write exactly the bytes the general path writes
// (effect objects -> RESP), in the same order relative to every other effect, count the same
// sizes, and survive rewrites, closes and reloads.

import * as fs from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock, Store } from '../../src/index.js';
import { AofAdapter } from '../../src/persistence/aof.js';
import { dumpStore, expectSameData } from './adapter-suite.js';
import { tempDirs } from './temp-dirs.js';

const adapters: AofAdapter[] = [];
const tempDir = tempDirs('embedis-aof-set-', () => {
  for (const a of adapters.splice(0)) a.close();
});
const T0 = Date.UTC(2030, 0, 1);

/**
 * A log over `dir` loaded into a fresh store. `shortcut` false adds a second (silent) sink,
 * which switches the typed-SET shortcut off: every effect then takes the general path.
 */
function open(dir: string, shortcut: boolean) {
  const aof = new AofAdapter(dir, { fsync: 'no', autoRewritePercentage: 0 });
  adapters.push(aof);
  const store = new Store({ clock: new FakeClock(T0), seed: 1 });
  aof.load(store);
  aof.attach(store);
  if (!shortcut) store.effects.addSink(() => {});
  return { aof, store };
}

/** Every file of the log folder (manifest, base, incremental files), by name. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const d = join(dir, 'appendonlydir');
  for (const f of fs.readdirSync(d).sort()) out[f] = fs.readFileSync(join(d, f), 'latin1');
  return out;
}

/** Bytes on disk of the base and incremental files. */
function logBytes(dir: string): number {
  const d = join(dir, 'appendonlydir');
  let n = 0;
  for (const f of fs.readdirSync(d)) if (!f.endsWith('.manifest')) n += fs.statSync(join(d, f)).size;
  return n;
}

const text = fc.oneof(
  fc.constantFrom('', 'k', 'key:1', 'clé', '✓', '日本', 'a\u0000b', '\ud800', 'é'.repeat(40)),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ minLength: 60, maxLength: 140 }),
);

type Op =
  | { kind: 'set'; key: string; value: string }
  | { kind: 'call'; argv: string[] }
  | { kind: 'select'; db: number }
  | { kind: 'multi'; keys: string[] }
  | { kind: 'tick' }
  | { kind: 'rewrite' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), key: text, value: text }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.tuple(text, text).map(([k, v]) => ({ kind: 'call' as const, argv: ['SET', k, v] })),
      text.map((k) => ({ kind: 'call' as const, argv: ['INCR', `n${k.length}`] })),
      text.map((k) => ({ kind: 'call' as const, argv: ['DEL', k] })),
      fc.tuple(text, text).map(([k, v]) => ({ kind: 'call' as const, argv: ['APPEND', k, v] })),
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map((db) => ({ kind: 'select' as const, db })) },
  {
    weight: 1,
    arbitrary: fc
      .array(text, { minLength: 1, maxLength: 3 })
      .map((keys) => ({ kind: 'multi' as const, keys })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
);

/** Runs `ops` on `store`: typed sets, commands, SELECT, MULTI/EXEC, event-loop turns. */
async function run(store: Store, aof: AofAdapter, ops: readonly Op[]): Promise<void> {
  for (const o of ops) {
    switch (o.kind) {
      case 'set':
        store.set(o.key, o.value);
        break;
      case 'call':
        try {
          store.call(...(o.argv as [string, ...string[]]));
        } catch {
          // INCR of a non-integer: an error, nothing logged.
        }
        break;
      case 'select':
        store.select(o.db);
        break;
      case 'multi':
        store.call('MULTI');
        for (const k of o.keys) store.call('SET', k, 'm');
        store.call('EXEC');
        break;
      case 'tick':
        await new Promise((r) => setImmediate(r));
        break;
      case 'rewrite':
        await aof.rewriteInBackground(store);
        break;
    }
  }
}

describe('AOF typed-SET shortcut', () => {
  it('writes the same bytes as the general path, in the same order, with the same sizes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const a = tempDir();
        const b = tempDir();
        const fast = open(a, true);
        const slow = open(b, false);
        await run(fast.store, fast.aof, ops);
        await run(slow.store, slow.aof, ops);
        await fast.aof.sync();
        await slow.aof.sync();
        expect(files(a)).toEqual(files(b));
        expect(fast.aof.info().currentSize).toBe(logBytes(a));
        expect(slow.aof.info().currentSize).toBe(logBytes(b));
        const before = dumpStore(fast.store);
        fast.aof.close();
        slow.aof.close();
        // And the log reloads to the same data.
        const again = open(a, true);
        expect(dumpStore(again.store)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  it('stays ordered across rewrites, closes and reloads', async () => {
    // Up to two rewrites a run: each one starts a worker thread (~0.4 s from the TypeScript
    // sources), and the run's point is the order of typed sets around them.
    const withRewrites = fc
      .array(fc.array(op, { maxLength: 25 }), { minLength: 1, maxLength: 3 })
      .map((segments): Op[] => segments.flatMap((s, i) => (i === 0 ? s : [{ kind: 'rewrite' }, ...s])));
    await fc.assert(
      fc.asyncProperty(withRewrites, async (ops) => {
        const dir = tempDir();
        const { aof, store } = open(dir, true);
        await run(store, aof, ops);
        // Closing with pairs still staged writes them first.
        store.set('last', 'é');
        const before = dumpStore(store);
        aof.close();
        const again = open(dir, true);
        // A rewritten base re-derives encodings as Redis's does (SET of a value APPEND left
        // `raw` loads as `embstr`): the suite's comparison accepts either.
        expectSameData(dumpStore(again.store), before);
      }),
      { numRuns: 30 },
    );
  }, 90_000);

  it('stages thousands of sets between event-loop turns without losing or reordering one', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir, true);
    for (let i = 0; i < 20_000; i++) store.set(`k${i % 5000}`, i % 7 === 0 ? `é${i}` : `v${i}`);
    store.call('SET', 'mid', 'x');
    for (let i = 0; i < 5000; i++) store.set(`k${i}`, `w${i}`);
    // INFO counts staged sets before they are written: the size is the file's once written.
    const staged = aof.info();
    expect(staged.currentSize - staged.bufferLength).toBeLessThanOrEqual(logBytes(dir));
    await aof.sync();
    expect(aof.info().currentSize).toBe(staged.currentSize);
    expect(aof.info().currentSize).toBe(logBytes(dir));
    aof.close();
    const again = open(dir, true);
    expect(again.store.dbsize()).toBe(5001);
    expect(again.store.get('k0')).toBe('w0');
    expect(again.store.get('k4999')).toBe('w4999');
    expect(again.store.get('mid')).toBe('x');
  });

  it('a set whose map write throws is not logged (V8 Map size limit)', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir, true);
    store.set('a', '1');
    store.set('b', '2');
    const dict = store.dbs[0]!.dict;
    const real = dict.set;
    dict.set = function (this: typeof dict, k, v) {
      if (k === 'boom') throw new RangeError('Map maximum size exceeded');
      return real.call(this, k, v);
    };
    expect(() => store.set('boom', 'x')).toThrow(RangeError);
    dict.set = real;
    store.set('c', '3');
    await aof.sync();
    aof.close();
    const again = open(dir, true);
    expect(dumpStore(again.store)).toEqual(dumpStore(store));
    expect(again.store.get('boom')).toBe(null);
    expect(again.store.get('c')).toBe('3');
  });
});

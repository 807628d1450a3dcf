// Micro-benchmark of hashes (src/types/hash.ts through the typed Store API) against the bars of
// issue #4, with a plain JS Map and ioredis-mock measured in the same run as baselines:
//   - HSET (overwrite) and HGET (hit) on a 10k-field hash via the typed API: >= 0.3x a plain
//     Map and >= 1000x ioredis-mock (which copies the whole hash on every call);
//   - HRANDFIELD is O(count): ns per returned field flat from 1k to 1M fields;
//   - memory per field beyond the field and value strings: the Hash (before and after its first
//     random pick builds the index) next to a bare Map, and the design not taken — values in a
//     parallel array behind a field -> slot Map, always ready for random picks — so the choice
//     in src/types/hash.ts's header stays measured.
// Timed loops are interleaved round by round (A B C, A B C …) and the median round is reported,
// so drift (turbo, GC, other load) hits every contender alike. Fields and values are flat
// 16-byte strings (benchmarks/data.ts), created before anything is timed or weighed. The sets'
// workloads live in benchmarks/set.ts.
//
// Run: npx tsx benchmarks/bundled.ts hash-set   (BENCH_CLOCK=cpu on a busy machine)

import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import RedisMock from 'ioredis-mock';
import { Store } from '../src/index.js';
import { Hash } from '../src/types/hash.js';
import { fixedWidthStrings, randomOrder } from './data.js';

const gc: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const SIZE = 10_000;
const FIELDS = fixedWidthStrings('f', SIZE);
const VALUES = fixedWidthStrings('v', SIZE);
/** Second values, so an overwrite really changes the stored value. */
const VALUES2 = fixedWidthStrings('w', SIZE);
/** A seeded random order over the fields. */
const ORDER = randomOrder(SIZE, 1 << 20, 11);
let sink = 0;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

interface Contender {
  name: string;
  /** Operations per round. */
  n: number;
  /** Does `n` operations; returns a value folded into `sink` so nothing is elided. */
  run: (n: number) => number | Promise<number>;
}

/**
 * BENCH_CLOCK=cpu times rounds on this process's CPU time instead of the wall clock (as
 * measure.ts does), which leaves out the time other processes hold the core on a busy machine.
 */
const CPU_CLOCK = process.env.BENCH_CLOCK === 'cpu';
/** Now, in ms, on the chosen clock. */
function now(): number {
  if (!CPU_CLOCK) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** ns per operation of each contender over interleaved rounds: [median, min]. */
async function interleaved(contenders: Contender[], rounds: number): Promise<Map<string, [number, number]>> {
  for (const c of contenders) sink += await c.run(c.n); // warm-up: compile every path first
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      gc();
      const t0 = now();
      sink += await c.run(c.n);
      samples.get(c.name)!.push(((now() - t0) * 1e6) / c.n);
    }
  }
  return new Map([...samples].map(([name, xs]) => [name, [median(xs), Math.min(...xs)]]));
}

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes `build` leaves reachable, per `per`. */
function bytesPer<T>(per: number, build: () => T): number {
  const before = settledHeap();
  const held = build();
  const after = settledHeap();
  sink += held === undefined ? 0 : 1;
  return (after - before) / per;
}

const fmt = (x: number, digits = 1): string =>
  x >= 1e4 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits);
const bars: string[][] = [];
function bar(what: string, measured: string, target: string, ok: boolean): void {
  bars.push([what, measured, target, ok ? 'pass' : 'FAIL']);
}
function table(header: string[], body: string[][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of body) console.log(`| ${r.join(' | ')} |`);
  console.log();
}

function report(title: string, ns: Map<string, [number, number]>, base: string): void {
  console.log(`## ${title}\n`);
  const b = ns.get(base)![0];
  table(
    ['contender', 'median ns/op', 'min ns/op', `x ${base}`],
    [...ns].map(([name, [med, min]]) => [name, fmt(med), fmt(min), fmt(b / med, 3)]),
  );
}

/** speed(a) / speed(b) from median ns/op. */
const ratio = (ns: Map<string, [number, number]>, a: string, b: string): number =>
  ns.get(b)![0] / ns.get(a)![0];

/**
 * The design not taken (see src/types/hash.ts): values in a parallel array behind a
 * field -> slot Map, fields in a dense array, so a random pick is always O(1) with no lazy
 * index. Only what the benchmark exercises.
 */
class DenseHash {
  private slots = new Map<string, number>();
  private fields: string[] = [];
  private values: string[] = [];
  get(f: string): string | undefined {
    const i = this.slots.get(f);
    return i === undefined ? undefined : this.values[i];
  }
  set(f: string, v: string): boolean {
    const i = this.slots.get(f);
    if (i !== undefined) {
      this.values[i] = v;
      return false;
    }
    this.slots.set(f, this.fields.length);
    this.fields.push(f);
    this.values.push(v);
    return true;
  }
}

// ---- HSET / HGET on a 10k-field hash ----

async function hsetHgetBench(): Promise<void> {
  const store = new Store();
  const map = new Map<string, string>();
  const hash = new Hash();
  const dense = new DenseHash();
  for (let i = 0; i < SIZE; i++) {
    store.hset('h', FIELDS[i]!, VALUES[i]!);
    map.set(FIELDS[i]!, VALUES[i]!);
    hash.set(FIELDS[i]!, VALUES[i]!);
    dense.set(FIELDS[i]!, VALUES[i]!);
  }
  const mock = new RedisMock();
  const flat: string[] = [];
  for (let i = 0; i < SIZE; i++) flat.push(FIELDS[i]!, VALUES[i]!);
  await mock.hset('h', ...flat);
  const N = 1 << 20;
  // ioredis-mock copies the 10k-field hash on every call (milliseconds each): a few calls a round.
  const M = 20;
  const mask = ORDER.length - 1;

  let at = 0;
  const hget = await interleaved(
    [
      {
        name: 'Map.get',
        n: N,
        run: (n) => {
          let s = 0;
          for (let i = 0; i < n; i++) s += map.get(FIELDS[ORDER[(at + i) & mask]!]!)!.length;
          at += n;
          return s;
        },
      },
      {
        name: 'Hash.get (structure)',
        n: N,
        run: (n) => {
          let s = 0;
          for (let i = 0; i < n; i++) s += hash.get(FIELDS[ORDER[(at + i) & mask]!]!)!.length;
          at += n;
          return s;
        },
      },
      {
        name: 'parallel-array design .get',
        n: N,
        run: (n) => {
          let s = 0;
          for (let i = 0; i < n; i++) s += dense.get(FIELDS[ORDER[(at + i) & mask]!]!)!.length;
          at += n;
          return s;
        },
      },
      {
        name: 'embedis store.hget',
        n: N,
        run: (n) => {
          let s = 0;
          for (let i = 0; i < n; i++) s += store.hget('h', FIELDS[ORDER[(at + i) & mask]!]!)!.length;
          at += n;
          return s;
        },
      },
      {
        name: "embedis store.call('HGET')",
        n: N >> 2,
        run: (n) => {
          let s = 0;
          for (let i = 0; i < n; i++)
            s += (store.call('HGET', 'h', FIELDS[ORDER[(at + i) & mask]!]!) as string).length;
          at += n;
          return s;
        },
      },
      {
        name: 'ioredis-mock await hget',
        n: M,
        run: async (n) => {
          let s = 0;
          for (let i = 0; i < n; i++)
            s += ((await mock.hget('h', FIELDS[ORDER[(at + i) & mask]!]!)) as string).length;
          at += n;
          return s;
        },
      },
    ],
    9,
  );
  report(`HGET hit on a ${SIZE / 1000}k-field hash (9 interleaved rounds, random fields)`, hget, 'Map.get');

  let flip = 0;
  const hset = await interleaved(
    [
      {
        name: 'Map.set',
        n: N,
        run: (n) => {
          const vs = (flip++ & 1) === 0 ? VALUES2 : VALUES;
          for (let i = 0; i < n; i++) {
            const j = ORDER[(at + i) & mask]!;
            map.set(FIELDS[j]!, vs[j]!);
          }
          at += n;
          return map.size;
        },
      },
      {
        name: 'Hash.set (structure)',
        n: N,
        run: (n) => {
          const vs = (flip++ & 1) === 0 ? VALUES2 : VALUES;
          let s = 0;
          for (let i = 0; i < n; i++) {
            const j = ORDER[(at + i) & mask]!;
            if (hash.set(FIELDS[j]!, vs[j]!)) s++;
          }
          at += n;
          return s;
        },
      },
      {
        name: 'parallel-array design .set',
        n: N,
        run: (n) => {
          const vs = (flip++ & 1) === 0 ? VALUES2 : VALUES;
          let s = 0;
          for (let i = 0; i < n; i++) {
            const j = ORDER[(at + i) & mask]!;
            if (dense.set(FIELDS[j]!, vs[j]!)) s++;
          }
          at += n;
          return s;
        },
      },
      {
        name: 'embedis store.hset',
        n: N,
        run: (n) => {
          const vs = (flip++ & 1) === 0 ? VALUES2 : VALUES;
          let s = 0;
          for (let i = 0; i < n; i++) {
            const j = ORDER[(at + i) & mask]!;
            s += store.hset('h', FIELDS[j]!, vs[j]!);
          }
          at += n;
          return s;
        },
      },
      {
        name: "embedis store.call('HSET')",
        n: N >> 2,
        run: (n) => {
          const vs = (flip++ & 1) === 0 ? VALUES2 : VALUES;
          let s = 0;
          for (let i = 0; i < n; i++) {
            const j = ORDER[(at + i) & mask]!;
            s += store.call('HSET', 'h', FIELDS[j]!, vs[j]!) as number;
          }
          at += n;
          return s;
        },
      },
      {
        name: 'ioredis-mock await hset',
        n: M,
        run: async (n) => {
          let s = 0;
          for (let i = 0; i < n; i++) {
            const j = ORDER[(at + i) & mask]!;
            s += (await mock.hset('h', FIELDS[j]!, VALUES2[j]!)) as number;
          }
          at += n;
          return s;
        },
      },
    ],
    9,
  );
  report(
    `HSET overwrite on a ${SIZE / 1000}k-field hash (9 interleaved rounds, random fields)`,
    hset,
    'Map.set',
  );
  mock.disconnect();

  const gMap = ratio(hget, 'embedis store.hget', 'Map.get');
  const sMap = ratio(hset, 'embedis store.hset', 'Map.set');
  const gMock = ratio(hget, 'embedis store.hget', 'ioredis-mock await hget');
  const sMock = ratio(hset, 'embedis store.hset', 'ioredis-mock await hset');
  bar('HGET, 10k hash, typed API vs Map.get', `${fmt(gMap, 2)}x`, '>= 0.3x', gMap >= 0.3);
  bar('HSET, 10k hash, typed API vs Map.set', `${fmt(sMap, 2)}x`, '>= 0.3x', sMap >= 0.3);
  bar('HGET, 10k hash, typed API vs ioredis-mock', `${fmt(gMock, 0)}x`, '>= 1000x', gMock >= 1000);
  bar('HSET, 10k hash, typed API vs ioredis-mock', `${fmt(sMock, 0)}x`, '>= 1000x', sMock >= 1000);
  const h = store.dbs[0]!.dict.get('h') as Hash;
  h.checkValid();
}

// ---- HRANDFIELD is O(count) ----

async function hrandfieldBench(): Promise<void> {
  const SIZES = [1_000, 100_000, 1_000_000];
  const fields = fixedWidthStrings('r', SIZES[SIZES.length - 1]!);
  const out: string[][] = [];
  const perField = new Map<number, number>();
  for (const size of SIZES) {
    const store = new Store({ seed: 1 });
    for (let i = 0; i < size; i += 10_000) {
      const m = new Map<string, string>();
      for (let j = i; j < Math.min(size, i + 10_000); j++) m.set(fields[j]!, 'v');
      store.hset('h', m);
    }
    store.hrandfield('h'); // the one O(N) step: the first pick builds the index
    const R = 20_000;
    const ns = await interleaved(
      [
        {
          name: 'HRANDFIELD h 10',
          n: R,
          run: (n) => {
            let s = 0;
            for (let i = 0; i < n; i++) s += store.hrandfieldCount('h', 10).length;
            return s;
          },
        },
        {
          name: 'HRANDFIELD h -10 WITHVALUES',
          n: R,
          run: (n) => {
            let s = 0;
            for (let i = 0; i < n; i++) s += store.hrandfieldWithValues('h', -10).length;
            return s;
          },
        },
        {
          name: 'HRANDFIELD h',
          n: R,
          run: (n) => {
            let s = 0;
            for (let i = 0; i < n; i++) s += store.hrandfield('h')!.length;
            return s;
          },
        },
      ],
      7,
    );
    const c10 = ns.get('HRANDFIELD h 10')![0];
    perField.set(size, c10 / 10);
    out.push([
      size.toLocaleString('en-US'),
      fmt(c10),
      fmt(ns.get('HRANDFIELD h -10 WITHVALUES')![0]),
      fmt(ns.get('HRANDFIELD h')![0]),
    ]);
  }
  console.log('## HRANDFIELD by hash size (typed API, ns per call; 7 interleaved rounds)\n');
  table(['fields', 'count 10 (distinct)', 'count -10 WITHVALUES', 'no count'], out);
  const growth = perField.get(1_000_000)! / perField.get(1_000)!;
  bar(
    'HRANDFIELD count 10: ns per field, 1M vs 1k fields',
    `${fmt(growth, 2)}x`,
    'flat (O(count), < 10x)',
    growth < 10,
  );
}

// ---- memory ----

function memoryBench(): void {
  const N = 100_000;
  const fields = fixedWidthStrings('m', N);
  const values = fixedWidthStrings('n', N);
  const rows: string[][] = [];
  const fill = <T extends { set(f: string, v: string): unknown }>(x: T): T => {
    for (let i = 0; i < N; i++) x.set(fields[i]!, values[i]!);
    return x;
  };
  const map = bytesPer(N, () => fill(new Map<string, string>()));
  const hash = bytesPer(N, () => fill(new Hash()));
  const sampled = bytesPer(N, () => {
    const h = fill(new Hash());
    h.randomField(() => 0);
    return h;
  });
  const dense = bytesPer(N, () => fill(new DenseHash()));
  rows.push(['Map<string, string>', fmt(map)]);
  rows.push(['Hash (no random pick yet)', fmt(hash)]);
  rows.push(['Hash after HRANDFIELD built the index', fmt(sampled)]);
  rows.push(['parallel-array design (always indexed)', fmt(dense)]);
  console.log(`## Memory per field, ${N / 1000}k fields (bytes beyond the field and value strings)\n`);
  table(['structure', 'B/field'], rows);

  const K = 10_000;
  const small = bytesPer(K, () => {
    const hs: Hash[] = [];
    for (let k = 0; k < K; k++) {
      const h = new Hash();
      for (let i = 0; i < 3; i++) h.set(fields[i]!, values[i]!);
      hs.push(h);
    }
    return hs;
  });
  const smallMap = bytesPer(K, () => {
    const hs: Map<string, string>[] = [];
    for (let k = 0; k < K; k++) {
      const h = new Map<string, string>();
      for (let i = 0; i < 3; i++) h.set(fields[i]!, values[i]!);
      hs.push(h);
    }
    return hs;
  });
  console.log(`## Memory of a 3-field hash (${K / 1000}k hashes, bytes each beyond the shared strings)\n`);
  table(
    ['structure', 'B/hash'],
    [
      ['Hash', fmt(small)],
      ['Map<string, string>', fmt(smallMap)],
    ],
  );
}

async function main(): Promise<void> {
  const cpu = cpus()[0];
  console.log(`# embedis hash benchmark\n`);
  console.log(
    `${cpu?.model ?? 'unknown cpu'} x${cpus().length}, Node ${process.version}, ${CPU_CLOCK ? 'CPU' : 'wall'} clock, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}, ${new Date().toISOString()}\n`,
  );
  await hsetHgetBench();
  await hrandfieldBench();
  memoryBench();
  console.log('## Bars\n');
  table(['bar', 'measured', 'target', 'result'], bars);
  if (sink === 42) console.log(''); // keep `sink` observable
}

await main();

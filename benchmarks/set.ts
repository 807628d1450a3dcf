// Micro-benchmark of sets (src/types/set.ts through the typed Store API) against the bars of
// issue #4, with a plain JS Set and ioredis-mock measured in the same run as baselines:
//   - SADD and SISMEMBER on a 100k-member set via the typed API: >= 0.3x a plain Set and
//     >= 1000x ioredis-mock (which copies the whole Set on every call);
//   - SRANDMEMBER / SPOP are O(1) per returned member: ns/op flat from 1k to 1M members;
//   - memory per member: the structure beyond the member strings, next to a bare Set and Map,
//     and Redis's used_memory for the same set (when redis-server is on PATH).
// Timed loops are interleaved round by round (A B C, A B C …) and the median round is reported,
// so drift (turbo, GC, other load) hits every contender alike. Members are flat 16-byte strings
// (benchmarks/data.ts), created before anything is timed or weighed.
//
// Run: npx tsx benchmarks/bundled.ts set (BENCH_CLOCK=cpu on a busy machine, see now())

import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { Store } from '../src/index.js';
import { RedisSet } from '../src/types/set.js';
import { fixedWidthStrings, randomOrder } from './data.js';
import { findRedisServer, startRedisServer } from './redis-server.js';

const gc: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const SIZE = 100_000;
const MEMBERS = fixedWidthStrings('m', SIZE);
/** Members not in the set, for SADD of a new member. */
const FRESH = fixedWidthStrings('n', 10_000);
/** A seeded random order over the members, for SISMEMBER hits. */
const ORDER = randomOrder(SIZE, 1 << 20, 7);
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
  /** Untimed, after each round (undoes what the round added, so every round starts alike). */
  after?: () => void | Promise<void>;
}

/**
 * The clock rounds are timed on: wall time, or with BENCH_CLOCK=cpu this process's CPU time
 * (process.cpuUsage, 1 µs resolution), which leaves out the time other processes hold the core
 * on a busy shared machine. Rounds last 0.2 ms or more.
 */
const CPU_CLOCK = process.env.BENCH_CLOCK === 'cpu';
function now(): number {
  if (!CPU_CLOCK) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** ns per operation of each contender, one sample per round, rounds interleaved. */
type Samples = Map<string, number[]>;

async function interleaved(contenders: Contender[], rounds: number, fullGc = true): Promise<Samples> {
  for (const c of contenders) {
    sink += await c.run(c.n); // warm-up: compile every path first
    await c.after?.();
  }
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      if (fullGc) gc();
      const t0 = now();
      sink += await c.run(c.n);
      samples.get(c.name)!.push(((now() - t0) * 1e6) / c.n);
      await c.after?.();
    }
  }
  return samples;
}

/**
 * Speed of `name` relative to `base` (base ns / name ns): the median over rounds of the
 * per-round ratio, so load that drifts over seconds on a shared machine cancels out (as
 * report.ts computes the foundation ratios).
 */
function ratio(ns: Samples, name: string, base: string): number {
  const a = ns.get(name)!;
  const b = ns.get(base)!;
  return median(a.map((x, i) => b[i]! / x));
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

function report(title: string, ns: Samples, base: string): void {
  console.log(`## ${title}\n`);
  table(
    ['contender', 'median ns/op', 'min ns/op', `x ${base} (median of per-round ratios)`],
    [...ns].map(([name, xs]) => [name, fmt(median(xs)), fmt(Math.min(...xs)), fmt(ratio(ns, name, base), 3)]),
  );
}

// ---- SADD / SISMEMBER on a 100k-member set ----

async function saddSismemberBench(): Promise<void> {
  const store = new Store();
  for (let i = 0; i < SIZE; i += 10_000) store.sadd('s', ...MEMBERS.slice(i, i + 10_000));
  const set = new Set(MEMBERS);
  const mock = new RedisMock();
  for (let i = 0; i < SIZE; i += 10_000) await mock.sadd('s', ...MEMBERS.slice(i, i + 10_000));
  const N = 10_000;
  // ioredis-mock copies the 100k-member Set on every call (milliseconds each): a few calls a round.
  const MOCK_N = 20;

  const sadd = await interleaved(
    [
      {
        name: 'embedis store.sadd',
        n: N,
        run: (n) => {
          let added = 0;
          for (let i = 0; i < n; i++) added += store.sadd('s', FRESH[i]!);
          return added;
        },
        after: () => void store.srem('s', ...FRESH.slice(0, N)),
      },
      {
        name: 'Set.add',
        n: N,
        run: (n) => {
          for (let i = 0; i < n; i++) set.add(FRESH[i]!);
          return set.size;
        },
        after: () => {
          for (let i = 0; i < N; i++) set.delete(FRESH[i]!);
        },
      },
      {
        name: 'ioredis-mock await sadd',
        n: MOCK_N,
        run: async (n) => {
          let added = 0;
          for (let i = 0; i < n; i++) added += await mock.sadd('s', FRESH[i]!);
          return added;
        },
        after: async () => void (await mock.srem('s', ...FRESH.slice(0, MOCK_N))),
      },
    ],
    15,
  );
  report(`SADD of a new member to a ${SIZE / 1000}k-member set (15 interleaved rounds)`, sadd, 'Set.add');

  const saddExisting = await interleaved(
    [
      {
        name: 'embedis store.sadd',
        n: N,
        run: (n) => {
          let added = 0;
          for (let i = 0; i < n; i++) added += store.sadd('s', MEMBERS[ORDER[i]!]!);
          return added;
        },
      },
      {
        name: 'Set.add',
        n: N,
        run: (n) => {
          for (let i = 0; i < n; i++) set.add(MEMBERS[ORDER[i]!]!);
          return set.size;
        },
      },
    ],
    15,
  );
  report(`SADD of a member already in a ${SIZE / 1000}k-member set`, saddExisting, 'Set.add');

  const SIS_N = 100_000;
  let pos = 0;
  const sismember = await interleaved(
    [
      {
        name: 'embedis store.sismember',
        n: SIS_N,
        run: (n) => {
          let hits = 0;
          for (let i = 0; i < n; i++) hits += store.sismember('s', MEMBERS[ORDER[(pos + i) & 0xfffff]!]!);
          pos = (pos + n) & 0xfffff;
          return hits;
        },
      },
      {
        name: 'Set.has',
        n: SIS_N,
        run: (n) => {
          let hits = 0;
          for (let i = 0; i < n; i++) if (set.has(MEMBERS[ORDER[(pos + i) & 0xfffff]!]!)) hits++;
          pos = (pos + n) & 0xfffff;
          return hits;
        },
      },
      {
        name: 'ioredis-mock await sismember',
        n: MOCK_N,
        run: async (n) => {
          let hits = 0;
          for (let i = 0; i < n; i++) hits += await mock.sismember('s', MEMBERS[ORDER[i]!]!);
          return hits;
        },
      },
    ],
    15,
  );
  report(`SISMEMBER hit on a ${SIZE / 1000}k-member set, random order`, sismember, 'Set.has');

  const rSadd = ratio(sadd, 'embedis store.sadd', 'Set.add');
  const rSis = ratio(sismember, 'embedis store.sismember', 'Set.has');
  const mSadd = ratio(sadd, 'embedis store.sadd', 'ioredis-mock await sadd');
  const mSis = ratio(sismember, 'embedis store.sismember', 'ioredis-mock await sismember');
  bar('SADD (new member), 100k set, typed API vs Set.add', `${fmt(rSadd, 2)}x`, '>= 0.3x', rSadd >= 0.3);
  bar('SISMEMBER, 100k set, typed API vs Set.has', `${fmt(rSis, 2)}x`, '>= 0.3x', rSis >= 0.3);
  bar('SADD, 100k set, typed API vs ioredis-mock', `${fmt(mSadd, 0)}x`, '>= 1000x', mSadd >= 1000);
  bar('SISMEMBER, 100k set, typed API vs ioredis-mock', `${fmt(mSis, 0)}x`, '>= 1000x', mSis >= 1000);
  if (store.scard('s') !== SIZE || set.size !== SIZE) throw new Error('benchmark sets drifted');
}

// ---- SRANDMEMBER / SPOP by set size ----

async function randomBench(): Promise<void> {
  const SIZES = [1_000, 100_000, 1_000_000];
  const strings = fixedWidthStrings('r', 1_000_000);
  const out: string[][] = [];
  const at = new Map<number, number[]>();
  for (const size of SIZES) {
    const store = new Store({ seed: 1 });
    for (let i = 0; i < size; i += 10_000) store.sadd('s', ...strings.slice(i, i + 10_000));
    // SPOP takes members that `after` puts back, so every round sees the same size.
    let popped: string[] = [];
    const ns = await interleaved(
      [
        {
          name: 'srandmember',
          n: 100_000,
          run: (n) => {
            let len = 0;
            for (let i = 0; i < n; i++) len += store.srandmember('s')!.length;
            return len;
          },
        },
        {
          name: 'srandmemberCount 10 (per member)',
          n: 10_000,
          run: (n) => {
            let len = 0;
            for (let i = 0; i < n / 10; i++) len += store.srandmemberCount('s', 10).length;
            return len;
          },
        },
        {
          name: 'spop',
          n: 500,
          run: (n) => {
            for (let i = 0; i < n; i++) popped.push(store.spop('s')!);
            return popped.length;
          },
          after: () => {
            store.sadd('s', ...popped);
            popped = [];
          },
        },
        {
          name: 'spopCount 100 (per member)',
          n: 500,
          run: (n) => {
            for (let i = 0; i < n / 100; i++) popped.push(...store.spopCount('s', 100));
            return popped.length;
          },
          after: () => {
            store.sadd('s', ...popped);
            popped = [];
          },
        },
      ],
      11,
      // A full GC before rounds of a few hundred µs would time cold caches, not the operation.
      false,
    );
    const row = ['srandmember', 'srandmemberCount 10 (per member)', 'spop', 'spopCount 100 (per member)'].map(
      (k) => Math.min(...ns.get(k)!),
    );
    at.set(size, row);
    out.push([size.toLocaleString('en-US'), ...row.map((x) => fmt(x))]);
  }
  console.log('## Random members by set size (min ns per returned member over 11 rounds)\n');
  table(['members', 'SRANDMEMBER', 'SRANDMEMBER 10', 'SPOP', 'SPOP 100'], out);
  const small = at.get(1_000)!;
  const large = at.get(1_000_000)!;
  // Cache misses grow with the set (a 1M-member Map does not fit in cache), copies would grow 1000x.
  const growth = Math.max(...large.map((x, i) => x / small[i]!));
  bar(
    'SRANDMEMBER / SPOP per member: 1M vs 1k members',
    `${fmt(growth, 2)}x`,
    'O(1): < 10x (not ~1000x)',
    growth < 10,
  );
  sink += strings.length;
}

// ---- memory ----

async function memoryBench(): Promise<void> {
  const rows: string[][] = [];
  for (const n of [100_000, 1_000_000]) {
    const strings = fixedWidthStrings('z', n);
    const strBytes = bytesPer(n, () => fixedWidthStrings('y', n));
    const redisSet = bytesPer(n, () => {
      const s = new RedisSet();
      for (let i = 0; i < n; i++) s.add(strings[i]!);
      return s;
    });
    // After a first SRANDMEMBER / SPOP the set carries its sampler (a dense array of the members).
    const sampled = bytesPer(n, () => {
      const s = new RedisSet();
      for (let i = 0; i < n; i++) s.add(strings[i]!);
      s.random(() => 0);
      return s;
    });
    const store = bytesPer(n, () => {
      const st = new Store();
      for (let i = 0; i < n; i += 10_000) st.sadd('s', ...strings.slice(i, i + 10_000));
      return st;
    });
    const plainSet = bytesPer(n, () => new Set(strings));
    const map = bytesPer(n, () => {
      const m = new Map<string, number>();
      for (let i = 0; i < n; i++) m.set(strings[i]!, i);
      return m;
    });
    rows.push([
      n.toLocaleString('en-US'),
      fmt(redisSet),
      fmt(sampled),
      fmt(store),
      fmt(plainSet),
      fmt(map),
      fmt(strBytes),
      fmt(redisSet + strBytes),
      fmt(sampled + strBytes),
    ]);
    if (n === 100_000) {
      bar(
        'memory per member, 100k set, beyond its strings',
        `${fmt(redisSet)} B (${fmt(sampled)} B with its sampler)`,
        '(reported)',
        true,
      );
    }
  }
  console.log('## Memory per member (bytes beyond the member strings; 16-byte members)\n');
  table(
    [
      'members',
      'RedisSet',
      'RedisSet with sampler',
      'Store + set',
      'Set',
      'Map<string, number>',
      'one 16-byte string',
      'RedisSet incl. strings',
      'with sampler incl. strings',
    ],
    rows,
  );

  const K = 100_000;
  const holders = new Array<unknown>(K).fill(null);
  const smallRows: string[][] = [];
  const cases: [string, () => unknown][] = [
    ['intset of 3 (SADD k 1 2 3)', () => RedisSet.from(['1', '2', '3'])],
    ['hashtable of 3 (SADD k a b c)', () => RedisSet.from(['a', 'b', 'c'])],
    ['Set of 3', () => new Set(['a', 'b', 'c'])],
  ];
  for (const [name, make] of cases) {
    make();
    smallRows.push([
      name,
      fmt(
        bytesPer(K, () => {
          for (let i = 0; i < K; i++) holders[i] = make();
          return holders;
        }),
      ),
    ]);
    holders.fill(null);
  }
  console.log(`## Memory of a small set (${K / 1000}k sets, bytes each beyond the shared strings)\n`);
  table(['structure', 'B/set'], smallRows);

  const bin = findRedisServer();
  if (bin === undefined) {
    console.log('(redis-server not on PATH: Redis used_memory skipped)\n');
    return;
  }
  const server = await startRedisServer(bin);
  try {
    const redis = new Redis({ port: server.port, lazyConnect: true });
    await redis.connect();
    const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const out: string[][] = [];
    for (const n of [100_000, 1_000_000]) {
      await redis.flushall();
      await new Promise((r) => setTimeout(r, 500));
      const before = await used();
      const strings = fixedWidthStrings('z', n);
      for (let i = 0; i < n; i += 10_000) await redis.sadd('s', ...strings.slice(i, i + 10_000));
      await new Promise((r) => setTimeout(r, 1000));
      out.push([n.toLocaleString('en-US'), fmt(((await used()) - before) / n)]);
    }
    redis.disconnect();
    console.log(`## Redis ${server.version} used_memory per member (members included, hashtable encoding)\n`);
    table(['members', 'B/member'], out);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `# Set benchmarks\n\nNode ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ` +
      `load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}, ${CPU_CLOCK ? 'CPU' : 'wall'} clock, ${new Date().toISOString()}\n`,
  );
  await saddSismemberBench();
  await randomBench();
  await memoryBench();
  console.log('## Bars\n');
  table(['what', 'measured', 'target', ''], bars);
  if (sink === 42) console.log('');
}

await main();

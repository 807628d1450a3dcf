// The benchmark bars of issue #4 (lists, hashes, sets), measured through the public typed Store
// API in one run, with the baselines measured in the same run:
//   1. an LPUSH + RPOP pair on a 1k backlog vs a plain array used as a queue (push + shift) and
//      vs ioredis-mock (awaited lpush + rpop): >= 0.3x the array, >= 20x ioredis-mock;
//   2. HSET / HGET on a 10k-field hash vs a Map (>= 0.3x) and ioredis-mock (>= 1000x);
//   3. SADD / SISMEMBER on a 100k-member set vs a Set (>= 0.3x) and ioredis-mock (>= 1000x);
//   4. memory through the Store, each in a fresh `node --expose-gc` child: a 3-element list
//      <= 150 B beyond its strings, a 1M-element list <= 16 B per element beyond its strings;
//   5. LSET and LINSERT at the middle of a 1M-element list < 1 ms (LINSERT's pivot scan, O(N)
//      in Redis too, reported apart from the insert itself).
// Throughput reuses the foundation harness (measure.ts: tinybench, batches, interleaved rounds;
// report.ts: ratios per round and the tables). Writes results/families.{json,md}.
//
// Run: npx tsx benchmarks/bundled.ts families   (about a minute on 2 cores)

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { Store } from '../src/index.js';
import type { List } from '../src/types/list.js';
import { fixedWidth, fixedWidthStrings, pick, randomOrder } from './data.js';
import { type ClockKind, measure, median, type TaskSpec, type Throughput } from './measure.js';
import { nodeScript } from './node-script.js';
import { findRedisServer, startRedisServer } from './redis-server.js';
import {
  type Bar,
  type Machine,
  machine,
  machineText,
  type ThroughputWorkload,
  throughputWorkload,
  workloadText,
} from './report.js';

const SELF = fileURLToPath(import.meta.url);
const TIME = 600;
const WARMUP_TIME = 150;
const ROUNDS = 6;
const BATCH = 10_000;
const CLOCK: ClockKind = process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
const SEED = 20240604;
const ORDER = 1 << 16;
const MASK = ORDER - 1;

let sink = 0;
const run = (specs: TaskSpec[]): Promise<Throughput[]> =>
  measure(specs, { time: TIME, warmupTime: WARMUP_TIME, rounds: ROUNDS, clock: CLOCK });

// ---- memory child: `node --expose-gc --import tsx families.ts --memory <case>` ----------------

type MemoryCase = 'list3' | 'string-key' | 'list1M';

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

function memoryChild(which: MemoryCase): void {
  const K = 100_000;
  const N = 1_000_000;
  const [a, b, c] = ['value:0000000001', 'value:0000000002', 'value:0000000003'];
  // Compile the code paths on a throwaway store first, so the delta holds data only.
  const warm = new Store();
  for (let i = 0; i < 2000; i++) {
    warm.rpush(`w${i}`, a, b, c);
    warm.set(`s${i}`, a);
  }
  const store = new Store();
  let per: number;
  let delta: number;
  if (which === 'list1M') {
    const strings = fixedWidthStrings('e', N);
    const before = settledHeap();
    for (let i = 0; i < N; i += 1000) store.rpush('big', ...strings.slice(i, i + 1000));
    delta = settledHeap() - before;
    if (store.llen('big') !== N) throw new Error('list1M: wrong length');
    per = N;
    sink += strings.length;
  } else {
    const keys = fixedWidthStrings('k', K);
    const before = settledHeap();
    if (which === 'list3') for (let i = 0; i < K; i++) store.rpush(keys[i]!, a, b, c);
    else for (let i = 0; i < K; i++) store.set(keys[i]!, a);
    delta = settledHeap() - before;
    if (store.dbsize() !== K) throw new Error(`${which}: wrong key count`);
    per = K;
    sink += keys.length;
  }
  sink += warm.dbsize();
  process.stdout.write(`${JSON.stringify({ which, per, delta })}\n`);
}

function memoryOf(which: MemoryCase): { per: number; delta: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeScript(SELF), '--memory', which], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { per: number; delta: number };
}

// ---- 1. queue ----------------------------------------------------------------------------------

async function queue(): Promise<ThroughputWorkload> {
  const BACKLOG = 1000;
  const values = fixedWidthStrings('v', 1024);
  const store = new Store();
  const arr: string[] = [];
  const mock = new RedisMock();
  for (let i = 0; i < BACKLOG; i++) {
    store.lpush('q', values[i & 1023]!);
    arr.push(values[i & 1023]!);
  }
  await mock.lpush('q', ...values.slice(0, BACKLOG));
  const MOCK_BATCH = 500;
  const rows = await run([
    {
      name: 'embedis lpush+rpop',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          store.lpush('q', values[i & 1023]!);
          s += store.rpop('q')!.length;
        }
        sink += s;
      },
    },
    {
      name: 'array push+shift',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          arr.push(values[i & 1023]!);
          s += arr.shift()!.length;
        }
        sink += s;
      },
    },
    {
      name: 'ioredis-mock await lpush+rpop',
      ops: MOCK_BATCH,
      async: true,
      fn: async () => {
        let s = 0;
        for (let i = 0; i < MOCK_BATCH; i++) {
          await mock.lpush('q', values[i & 1023]!);
          s += ((await mock.rpop('q')) as string).length;
        }
        sink += s;
      },
    },
  ]);
  if (store.llen('q') !== BACKLOG || (await mock.llen('q')) !== BACKLOG)
    throw new Error('queue: backlog drifted');
  mock.disconnect();
  return throughputWorkload({
    id: 'queue',
    title: '1. Queue: LPUSH + RPOP pair, 1k backlog (ops = pairs)',
    measures:
      '`store.lpush(k, v); store.rpop(k)` vs `arr.push(v); arr.shift()` and `await mock.lpush; await mock.rpop`.',
    rows,
    baselines: ['array push+shift', 'ioredis-mock await lpush+rpop'],
    bars: [
      { subject: 'embedis lpush+rpop', baseline: 'array push+shift', min: 0.3 },
      { subject: 'embedis lpush+rpop', baseline: 'ioredis-mock await lpush+rpop', min: 20 },
    ],
  });
}

// ---- 2. hash -----------------------------------------------------------------------------------

async function hash(): Promise<ThroughputWorkload[]> {
  const F = 10_000;
  const fields = fixedWidthStrings('f', F);
  const vals = [fixedWidthStrings('v', F), fixedWidthStrings('w', F)];
  const order = pick(fields, randomOrder(F, ORDER, SEED));
  const orderIdx = randomOrder(F, ORDER, SEED + 1);
  const store = new Store();
  const map = new Map<string, string>();
  const mock = new RedisMock();
  const flat: string[] = [];
  for (let i = 0; i < F; i++) {
    store.hset('h', fields[i]!, vals[0]![i]!);
    map.set(fields[i]!, vals[0]![i]!);
    flat.push(fields[i]!, vals[0]![i]!);
  }
  await mock.hset('h', ...flat);
  // ioredis-mock copies the whole hash on each call (milliseconds each): a few calls a batch.
  const MOCK_BATCH = 5;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  const get = await run([
    {
      name: 'embedis store.hget',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) s += store.hget('h', order[(g1 + i) & MASK]!)!.length;
        g1 += BATCH;
        sink += s;
      },
    },
    {
      name: 'Map.get',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) s += map.get(order[(g2 + i) & MASK]!)!.length;
        g2 += BATCH;
        sink += s;
      },
    },
    {
      name: 'ioredis-mock await hget',
      ops: MOCK_BATCH,
      async: true,
      fn: async () => {
        let s = 0;
        for (let i = 0; i < MOCK_BATCH; i++)
          s += ((await mock.hget('h', order[(g3 + i) & MASK]!)) as string).length;
        g3 += MOCK_BATCH;
        sink += s;
      },
    },
  ]);
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const set = await run([
    {
      name: 'embedis store.hset',
      ops: BATCH,
      fn: () => {
        let s = 0;
        const v = vals[(s1 / BATCH) & 1]!;
        for (let i = 0; i < BATCH; i++) {
          const j = orderIdx[(s1 + i) & MASK]!;
          s += store.hset('h', fields[j]!, v[j]!);
        }
        s1 += BATCH;
        sink += s;
      },
    },
    {
      name: 'Map.set',
      ops: BATCH,
      fn: () => {
        const v = vals[(s2 / BATCH) & 1]!;
        for (let i = 0; i < BATCH; i++) {
          const j = orderIdx[(s2 + i) & MASK]!;
          map.set(fields[j]!, v[j]!);
        }
        s2 += BATCH;
        sink += map.size;
      },
    },
    {
      name: 'ioredis-mock await hset',
      ops: MOCK_BATCH,
      async: true,
      fn: async () => {
        let s = 0;
        const v = vals[(s3 / MOCK_BATCH) & 1]!;
        for (let i = 0; i < MOCK_BATCH; i++) {
          const j = orderIdx[(s3 + i) & MASK]!;
          s += (await mock.hset('h', fields[j]!, v[j]!)) as number;
        }
        s3 += MOCK_BATCH;
        sink += s;
      },
    },
  ]);
  if (store.hlen('h') !== F || map.size !== F) throw new Error('hash: size drifted');
  mock.disconnect();
  return [
    throughputWorkload({
      id: 'hget',
      title: '2a. HGET on a 10k-field hash (random existing fields)',
      measures: '`store.hget(k, f)` vs `Map.get(f)` and `await mock.hget(k, f)`.',
      rows: get,
      baselines: ['Map.get', 'ioredis-mock await hget'],
      bars: [
        { subject: 'embedis store.hget', baseline: 'Map.get', min: 0.3 },
        { subject: 'embedis store.hget', baseline: 'ioredis-mock await hget', min: 1000 },
      ],
    }),
    throughputWorkload({
      id: 'hset',
      title: '2b. HSET on a 10k-field hash (overwrite of random existing fields)',
      measures:
        '`store.hset(k, f, v)` vs `Map.set(f, v)` and `await mock.hset(k, f, v)`; each batch writes other values than the last.',
      rows: set,
      baselines: ['Map.set', 'ioredis-mock await hset'],
      bars: [
        { subject: 'embedis store.hset', baseline: 'Map.set', min: 0.3 },
        { subject: 'embedis store.hset', baseline: 'ioredis-mock await hset', min: 1000 },
      ],
    }),
  ];
}

// ---- 3. set ------------------------------------------------------------------------------------

async function set(): Promise<ThroughputWorkload[]> {
  const M = 100_000;
  const members = fixedWidthStrings('m', M);
  const fresh = fixedWidthStrings('n', BATCH);
  const order = pick(members, randomOrder(M, ORDER, SEED + 2));
  const store = new Store();
  const jsSet = new Set<string>();
  const mock = new RedisMock();
  for (let i = 0; i < M; i += 1000) store.sadd('s', ...members.slice(i, i + 1000));
  for (const m of members) jsSet.add(m);
  for (let i = 0; i < M; i += 1000) await mock.sadd('s', ...members.slice(i, i + 1000));
  const MOCK_BATCH = 5;
  let i1 = 0;
  let i2 = 0;
  let i3 = 0;
  const ism = await run([
    {
      name: 'embedis store.sismember',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) s += store.sismember('s', order[(i1 + i) & MASK]!);
        i1 += BATCH;
        sink += s;
      },
    },
    {
      name: 'Set.has',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) s += jsSet.has(order[(i2 + i) & MASK]!) ? 1 : 0;
        i2 += BATCH;
        sink += s;
      },
    },
    {
      name: 'ioredis-mock await sismember',
      ops: MOCK_BATCH,
      async: true,
      fn: async () => {
        let s = 0;
        for (let i = 0; i < MOCK_BATCH; i++)
          s += (await mock.sismember('s', order[(i3 + i) & MASK]!)) as number;
        i3 += MOCK_BATCH;
        sink += s;
      },
    },
  ]);
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  const add = await run([
    {
      name: 'embedis store.sadd',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) s += store.sadd('s', order[(a1 + i) & MASK]!);
        a1 += BATCH;
        sink += s;
      },
    },
    {
      name: 'Set.add',
      ops: BATCH,
      fn: () => {
        for (let i = 0; i < BATCH; i++) jsSet.add(order[(a2 + i) & MASK]!);
        a2 += BATCH;
        sink += jsSet.size;
      },
    },
    {
      name: 'ioredis-mock await sadd',
      ops: MOCK_BATCH,
      async: true,
      fn: async () => {
        let s = 0;
        for (let i = 0; i < MOCK_BATCH; i++) s += (await mock.sadd('s', order[(a3 + i) & MASK]!)) as number;
        a3 += MOCK_BATCH;
        sink += s;
      },
    },
    {
      name: 'embedis sadd+srem new member',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          s += store.sadd('s', fresh[i]!);
          s += store.srem('s', fresh[i]!);
        }
        sink += s;
      },
    },
    {
      name: 'Set add+delete new member',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          jsSet.add(fresh[i]!);
          s += jsSet.delete(fresh[i]!) ? 1 : 0;
        }
        sink += s;
      },
    },
  ]);
  if (store.scard('s') !== M || jsSet.size !== M) throw new Error('set: size drifted');
  mock.disconnect();
  return [
    throughputWorkload({
      id: 'sismember',
      title: '3a. SISMEMBER on a 100k-member set (random members, all present)',
      measures: '`store.sismember(k, m)` vs `Set.has(m)` and `await mock.sismember(k, m)`.',
      rows: ism,
      baselines: ['Set.has', 'ioredis-mock await sismember'],
      bars: [
        { subject: 'embedis store.sismember', baseline: 'Set.has', min: 0.3 },
        { subject: 'embedis store.sismember', baseline: 'ioredis-mock await sismember', min: 1000 },
      ],
    }),
    throughputWorkload({
      id: 'sadd',
      title: '3b. SADD on a 100k-member set',
      measures:
        '`store.sadd(k, m)` of random members already present (reply 0) vs `Set.add` and `await mock.sadd`; and a pair adding a new member then removing it (the set never grows) vs the same on a `Set`.',
      rows: add,
      baselines: ['Set.add', 'ioredis-mock await sadd', 'Set add+delete new member'],
      bars: [
        { subject: 'embedis store.sadd', baseline: 'Set.add', min: 0.3 },
        { subject: 'embedis store.sadd', baseline: 'ioredis-mock await sadd', min: 1000 },
      ],
    }),
  ];
}

// ---- 5. the middle of a 1M-element list ------------------------------------------------------

interface Timing {
  name: string;
  reps: number;
  medianUs: number;
  p99Us: number;
  maxUs: number;
}

function timeEach(name: string, reps: number, op: (k: number) => void): Timing {
  for (let k = 0; k < 5; k++) op(k); // warm-up
  const xs: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    op(k);
    xs.push((performance.now() - t0) * 1e3);
  }
  xs.sort((x, y) => x - y);
  return {
    name,
    reps,
    medianUs: median(xs),
    p99Us: xs[Math.min(reps - 1, Math.floor(reps * 0.99))]!,
    maxUs: xs[reps - 1]!,
  };
}

function middle(): Timing[] {
  const N = 1_000_000;
  const values = fixedWidthStrings('v', 1024);
  const store = new Store();
  const chunk: string[] = [];
  for (let i = 0; i < N; i++) {
    chunk.push(values[i & 1023]!);
    if (chunk.length === 1000) {
      store.rpush('L', ...chunk);
      chunk.length = 0;
    }
  }
  const mid = (): number => store.llen('L') >> 1;
  const out: Timing[] = [];
  out.push(
    timeEach('LSET at the middle (store.lset)', 2000, (k) =>
      store.lset('L', mid() + (k % 101) - 50, values[k & 1023]!),
    ),
  );
  // LINSERT: a unique pivot placed at the middle, so the scan walks N/2 elements (O(N), as in
  // Redis). The pivot scan alone is timed with LPOS on the same pivot (the same walk from the
  // head); the insert alone on the stored List, at the index the scan finds.
  const pivots = Array.from({ length: 200 }, (_, k) => fixedWidth('pivot', k));
  for (const [k, p] of pivots.entries()) store.lset('L', mid() + k - 100, p);
  let pi = 0;
  out.push(
    timeEach('LINSERT BEFORE a pivot at the middle (store.linsert: scan + insert)', 150, () => {
      sink += store.linsert('L', 'BEFORE', pivots[pi++ % 200]!, 'x');
    }),
  );
  out.push(
    timeEach('  pivot scan alone (store.lpos of the same pivot)', 150, (k) => {
      sink += store.lpos('L', pivots[k % 200]!) ?? 0;
    }),
  );
  const list = store.dbs[0]!.dict.get('L') as unknown as List;
  out.push(
    timeEach('  insert alone at the middle (the stored List, insertAt)', 2000, (k) =>
      list.insertAt(mid() + (k % 101) - 50, values[k & 1023]!),
    ),
  );
  out.push(
    timeEach('LINDEX at the middle (store.lindex)', 2000, (k) => {
      sink += store.lindex('L', mid() + (k % 101) - 50)!.length;
    }),
  );
  list.checkValid();
  return out;
}

// ---- main --------------------------------------------------------------------------------------

const barValue = (b: Bar): string =>
  b.kind === 'min-ratio'
    ? `${b.actual >= 10 ? b.actual.toFixed(1) : b.actual.toFixed(2)}x`
    : `${b.actual.toFixed(1)} ${b.text.includes('µs') ? 'µs' : 'B'}`;
const verdict = (b: Bar): string => (b.pass ? 'PASS' : 'FAIL');

/**
 * The same LINSERT on redis-server 7.0 (ioredis, awaited one at a time; the median PING round
 * trip is subtracted), so the O(N) pivot scan can be judged against Redis's own.
 */
async function redisMiddle(): Promise<Timing[]> {
  const bin = findRedisServer();
  if (bin === undefined) return [];
  const server = await startRedisServer(bin);
  const redis = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true });
  try {
    await redis.connect();
    const N = 1_000_000;
    const values = fixedWidthStrings('v', 1024);
    for (let i = 0; i < N; i += 10_000) {
      const chunk: string[] = [];
      for (let j = i; j < i + 10_000; j++) chunk.push(values[j & 1023]!);
      await redis.rpush('L', ...chunk);
    }
    const pivots = Array.from({ length: 200 }, (_, k) => fixedWidth('pivot', k));
    const mid = N >> 1;
    for (const [k, p] of pivots.entries()) await redis.lset('L', mid + k - 100, p);
    const timeAsync = async (reps: number, op: (k: number) => Promise<unknown>): Promise<number[]> => {
      for (let k = 0; k < 5; k++) await op(k);
      const xs: number[] = [];
      for (let k = 0; k < reps; k++) {
        const t0 = performance.now();
        await op(k);
        xs.push((performance.now() - t0) * 1e3);
      }
      return xs.sort((x, y) => x - y);
    };
    const rtt = median(await timeAsync(200, () => redis.ping()));
    const row = (name: string, xs: number[]): Timing => {
      const ys = xs.map((x) => Math.max(0, x - rtt));
      return {
        name,
        reps: ys.length,
        medianUs: median(ys),
        p99Us: ys[Math.min(ys.length - 1, Math.floor(ys.length * 0.99))]!,
        maxUs: ys[ys.length - 1]!,
      };
    };
    let pi = 0;
    const linsert = await timeAsync(150, () => redis.linsert('L', 'BEFORE', pivots[pi++ % 200]!, 'x'));
    const lpos = await timeAsync(150, (k) => redis.lpos('L', pivots[k % 200]!));
    return [
      row('redis-server LINSERT BEFORE a pivot at the middle (ioredis, RTT subtracted)', linsert),
      row('  redis-server pivot scan alone (LPOS of the same pivot)', lpos),
    ];
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const m: Machine = machine();
  console.log(`# embedis list / hash / set benchmarks (issue #4)\n${machineText(m)}`);
  const throughput: ThroughputWorkload[] = [];
  const show = (w: ThroughputWorkload): void => {
    throughput.push(w);
    console.log(`\n${workloadText(w)}`);
  };
  show(await queue());
  for (const w of await hash()) show(w);
  for (const w of await set()) show(w);

  // 4. memory, each case in its own child.
  const list3 = memoryOf('list3');
  const strKey = memoryOf('string-key');
  const big = memoryOf('list1M');
  const perList3 = list3.delta / list3.per;
  const perKey = strKey.delta / strKey.per;
  const perElem = big.delta / big.per;
  const memory = {
    list3PerKeyTotal: perList3,
    stringKeyPerKey: perKey,
    list3BeyondStrings: perList3 - perKey,
    list1MPerElement: perElem,
    list1MDelta: big.delta,
  };
  const memoryBars: Bar[] = [
    {
      text: '3-element list beyond its strings <= 150 B',
      actual: memory.list3BeyondStrings,
      limit: 150,
      kind: 'max-bytes',
      pass: memory.list3BeyondStrings <= 150,
    },
    {
      text: '1M-element list per element beyond its strings <= 16 B',
      actual: perElem,
      limit: 16,
      kind: 'max-bytes',
      pass: perElem <= 16,
    },
  ];
  console.log(
    `\n4. Memory (V8 heapUsed delta after full GCs, fresh node --expose-gc child per case; strings created before the first reading)\n` +
      `  100k keys, RPUSH k a b c (3 shared 16-byte elements): ${perList3.toFixed(1)} B/key, keyspace entry included\n` +
      `  100k keys, SET k v (shared 16-byte value): ${perKey.toFixed(1)} B/key — the keyspace entry\n` +
      `  => a 3-element list beyond its strings and its key's entry: ${memory.list3BeyondStrings.toFixed(1)} B\n` +
      `  1M-element list, RPUSH of 1M distinct 16-byte strings: ${perElem.toFixed(2)} B/element`,
  );

  // 5. the middle of a 1M-element list.
  const timings = middle();
  timings.push(...(await redisMiddle()));
  const lset = timings[0]!;
  const insert = timings[3]!;
  const middleBars: Bar[] = [
    {
      text: 'LSET at the middle of 1M, p99 < 1000 µs',
      actual: lset.p99Us,
      limit: 1000,
      kind: 'max-bytes',
      pass: lset.p99Us < 1000,
    },
    {
      text: 'LINSERT insert at the middle of 1M (without the pivot scan), p99 < 1000 µs',
      actual: insert.p99Us,
      limit: 1000,
      kind: 'max-bytes',
      pass: insert.p99Us < 1000,
    },
  ];
  console.log(
    '\n5. The middle of a 1M-element list (µs per single op; the bar on LINSERT is its insert, the pivot scan is O(N) as in Redis)',
  );
  for (const t of timings)
    console.log(
      `  ${t.name.padEnd(72)} median ${t.medianUs.toFixed(2).padStart(8)}  p99 ${t.p99Us.toFixed(2).padStart(8)}  max ${t.maxUs.toFixed(0).padStart(6)}  (${t.reps} ops)`,
    );

  m.load.end = loadavg()[0]!;
  const bars = [...throughput.flatMap((w) => w.bars), ...memoryBars, ...middleBars];
  const durationSeconds = (performance.now() - startedAt) / 1000;
  console.log(`\nbars`);
  for (const b of bars) console.log(`  ${verdict(b)}  ${b.text}: ${barValue(b)}`);
  console.log(
    `\nload ${m.load.start.toFixed(2)} -> ${m.load.end.toFixed(2)}, ${durationSeconds.toFixed(0)} s`,
  );

  const config = { clock: CLOCK, timePerTaskMs: TIME, rounds: ROUNDS, batch: BATCH, seed: SEED };
  const dir = new URL('./results/', import.meta.url);
  writeFileSync(
    new URL('families.json', dir),
    `${JSON.stringify({ machine: m, config, throughput, memory, middle: timings, bars, durationSeconds }, null, 2)}\n`,
  );
  writeFileSync(
    new URL('families.md', dir),
    markdown(m, config, throughput, memory, timings, bars, durationSeconds),
  );
  console.log('wrote benchmarks/results/families.json and families.md');
}

function markdown(
  m: Machine,
  config: Record<string, string | number>,
  throughput: ThroughputWorkload[],
  memory: Record<string, number>,
  timings: Timing[],
  bars: Bar[],
  durationSeconds: number,
): string {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const ops = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ratio = (n: number): string => `${n >= 10 ? n.toFixed(1) : n.toFixed(2)}x`;
  const out = [
    '# embedis list / hash / set benchmarks (issue #4)',
    '',
    'Generated by `npx tsx benchmarks/bundled.ts families`, through the public typed `Store` API; every',
    'number below was measured in the same run. Throughput uses the foundation harness',
    '(measure.ts, report.ts; see benchmarks/README.md): ratios are the median of per-round ratios.',
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8})`,
    `- date: ${m.date}`,
    `- load average (1 min) at start / end: ${m.load.start.toFixed(2)} / ${m.load.end.toFixed(2)}`,
    `- config: ${Object.entries(config)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `- run time: ${durationSeconds.toFixed(0)} s`,
    '',
    '## Bars',
    '',
    row(['bar', 'measured', 'result']),
    row(['---', '---:', '---']),
    ...bars.map((b) => row([b.text, barValue(b), `**${verdict(b)}**`])),
  ];
  for (const w of throughput) {
    out.push('', `## ${w.title}`, '', w.measures, '');
    out.push(
      row(['contender', 'median ops/s', 'mean ops/s', 'spread', ...w.baselines.map((b) => `vs ${b}`)]),
    );
    out.push(row(['---', '---:', '---:', '---:', ...w.baselines.map(() => '---:')]));
    for (const r of w.rows)
      out.push(
        row([
          r.name,
          ops(r.opsMedian),
          ops(r.opsMean),
          `${r.spread.toFixed(0)}%`,
          ...w.baselines.map((b) => ratio(r.ratios[b]!.median)),
        ]),
      );
  }
  out.push(
    '',
    '## 4. Memory through the Store',
    '',
    'V8 heapUsed delta after full GCs, each case in a fresh `node --expose-gc` child, the code paths',
    'compiled on a throwaway store and every key and element string created before the first reading.',
    '',
    row(['case', 'bytes']),
    row(['---', '---:']),
    row([
      '100k keys, `rpush(k, a, b, c)` (3 shared 16-byte elements), per key',
      memory.list3PerKeyTotal!.toFixed(1),
    ]),
    row([
      '100k keys, `set(k, v)` (one shared value), per key: the keyspace entry',
      memory.stringKeyPerKey!.toFixed(1),
    ]),
    row([
      '**a 3-element list beyond its strings** (the two above subtracted)',
      memory.list3BeyondStrings!.toFixed(1),
    ]),
    row([
      '**1M-element list** (1M distinct 16-byte strings), per element',
      memory.list1MPerElement!.toFixed(2),
    ]),
    '',
    '## 5. The middle of a 1M-element list',
    '',
    'Single operations timed one by one (µs), within ±50 of the middle. LINSERT finds its pivot by',
    "scanning from the head, O(N) as in Redis's LINSERT; the pivot scan alone is LPOS of the same",
    'pivot, the insert alone is `insertAt` on the stored List at the middle.',
    '',
    row(['operation', 'ops', 'median µs', 'p99 µs', 'max µs']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...timings.map((t) =>
      row([t.name.trim(), String(t.reps), t.medianUs.toFixed(2), t.p99Us.toFixed(2), t.maxUs.toFixed(0)]),
    ),
    '',
  );
  return out.join('\n');
}

if (process.argv[2] === '--memory') memoryChild(process.argv[3] as MemoryCase);
else await main();
if (sink === 0.5) console.log('');

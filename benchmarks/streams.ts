// The stream bars of issue #6, measured through the public typed Store API, with ioredis-mock and
// ioredis -> a real redis-server (started here on 127.0.0.1 at a free port, stopped by pid)
// measured in the same run, on entries shaped like an event log: user = 16 distinct bytes,
// action = 'click', ts = 13 distinct digits.
//
//   1. XADD `*` with 3 fields on a stream of >= 1M entries                       >= 1M ops/s
//   2. XRANGE <random existing ID> + COUNT 10 on 1M entries                      >= 500k ops/s
//      (and, for scale, a reader paging through: XRANGE (<last ID> + COUNT 10)
//   3. XREADGROUP COUNT 1 `>` + XACK of the entry read, as a pair                >= 200k pairs/s
//   4. memory per entry, 1M entries, all-in (V8 heap + typed-array buffers),
//      in a fresh `node --expose-gc` child, vs Redis's used_memory on the same IDs and data
//                                                                                <= 80 B (Redis 7.0: 44)
//   5. XTRIM MAXLEN ~ (whole nodes, default LIMIT) on 1M entries, per removal    <= 50 ns
//
// Throughput uses the foundation harness (measure.ts: tinybench, batches, interleaved rounds;
// report.ts: the tables and per-round ratios). In-process rows (embedis, ioredis-mock) run in one
// session on BENCH_CLOCK (wall by default; `cpu` leaves out time other processes hold the core);
// rows that wait on redis-server always run on the wall clock, in a session of their own.
// ioredis-mock keeps a stream as an array it copies and scans per command (XADD ~0.8 ms and
// XRANGE ~3 ms at 20k entries), so it runs on a 10k-entry stream; it has no XREADGROUP, XACK nor
// XTRIM. Writes results/streams.{json,md}.
//
// Run: npm run bench:streams   (a few minutes on 2 cores: most of it is filling 1M-entry streams)

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { Store } from '../src/index.js';
import { fixedWidth } from './data.js';
import { type ClockKind, measure, median, type TaskSpec, type Throughput } from './measure.js';
import { nodeScript } from './node-script.js';
import { findRedisServer, type RedisServer, startRedisServer } from './redis-server.js';
import {
  type Machine,
  machine,
  machineText,
  type ThroughputWorkload,
  throughputWorkload,
  workloadText,
} from './report.js';

const SELF = fileURLToPath(import.meta.url);
const N = 1_000_000;
const TIME = 600;
const WARMUP_TIME = 150;
const ROUNDS = 6;
const BATCH = 10_000;
/** Operations per task call over the network (one round trip each, or one pipeline). */
const NET_BATCH = 100;
/** ioredis-mock's stream commands cost milliseconds each: a few per task call. */
const MOCK_BATCH = 5;
const MOCK_ENTRIES = 10_000;
const CLOCK: ClockKind = process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
/** The ms of the fill's first entry: entry i gets the ID <BASE_MS + i/16>-<i%16>. */
const BASE_MS = 1_700_000_000_000;
/** Field sets built ahead and cycled through by the XADD tasks (building them is the caller's cost). */
const POOL = 1 << 16;
const ORDER = 1 << 14;

let sink = 0;

/** Entry i of the event log: user = 16 distinct bytes, action = 'click', ts = 13 distinct digits. */
function fieldsOf(i: number): { user: string; action: string; ts: string } {
  return { user: fixedWidth('u', i), action: 'click', ts: String(BASE_MS + i * 7) };
}

/** The ID the fills give entry i: the clock moves one ms every 16 entries. */
function idOf(i: number): string {
  return `${BASE_MS + (i >> 4)}-${i & 15}`;
}

/** murmur3's 32-bit finaliser: consecutive inputs to well-spread outputs (random XRANGE starts). */
function mix32(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Start IDs naming random existing entries (of the first `n`, 20 from the end). */
function randomStarts(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < ORDER; i++) out.push(idOf(mix32(i) % (n - 20)));
  return out;
}

function fillStore(store: Store, key: string, n: number): void {
  for (let i = 0; i < n; i++) store.xadd(key, fieldsOf(i), { id: idOf(i) });
}

async function fillRedis(c: Redis, key: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 10_000) {
    const p = c.pipeline();
    for (let j = i; j < Math.min(n, i + 10_000); j++) {
      const f = fieldsOf(j);
      p.xadd(key, idOf(j), 'user', f.user, 'action', f.action, 'ts', f.ts);
    }
    await p.exec();
  }
}

const run = (specs: TaskSpec[], clock: ClockKind = CLOCK): Promise<Throughput[]> =>
  measure(specs, { time: TIME, warmupTime: WARMUP_TIME, rounds: ROUNDS, clock });

// ---- absolute bars ---------------------------------------------------------------------------

/** A bar on an absolute figure: ops/s at least `limit`, or a size / time at most `limit`. */
interface StreamBar {
  text: string;
  actual: number;
  limit: number;
  unit: 'ops/s' | 'B' | 'ns';
  /** Redis 7.0's figure where the issue gives one, or what redis-server measured in this run. */
  reference?: string;
  pass: boolean;
}

function minBar(text: string, actual: number, limit: number, unit: StreamBar['unit']): StreamBar {
  return { text, actual, limit, unit, pass: actual >= limit };
}

function maxBar(text: string, actual: number, limit: number, unit: StreamBar['unit']): StreamBar {
  return { text, actual, limit, unit, pass: actual <= limit };
}

const fmt = (b: StreamBar): string =>
  b.unit === 'ops/s'
    ? `${Math.round(b.actual).toLocaleString('en-US')} ops/s`
    : `${b.actual.toFixed(1)} ${b.unit}`;
const verdict = (b: StreamBar): string => (b.pass ? 'PASS' : 'FAIL');
const byName = (rows: Throughput[], name: string): Throughput => {
  const r = rows.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no row '${name}'`);
  return r;
};

// ---- memory child: `node --expose-gc --import tsx streams.ts --memory` ------------------------

function settled(): { heap: number; buffers: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

function memoryChild(): void {
  // Compile the code path on a throwaway store, so the delta holds data only.
  const warm = new Store();
  fillStore(warm, 'w', 20_000);
  const store = new Store();
  const before = settled();
  // Every field string is made fresh, as parsed arguments would be, and counted: Redis's
  // used_memory counts its copies of them too.
  fillStore(store, 's', N);
  const after = settled();
  if (store.xlen('s') !== N) throw new Error('memory: wrong length');
  sink += warm.xlen('w');
  const heap = after.heap - before.heap;
  const buffers = after.buffers - before.buffers;
  process.stdout.write(
    `${JSON.stringify({ heap: heap / N, buffers: buffers / N, nodes: store.xinfoStream('s').radixTreeKeys })}\n`,
  );
}

interface MemoryResult {
  heap: number;
  buffers: number;
  nodes: number;
}

function memoryOf(): MemoryResult {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeScript(SELF), '--memory'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as MemoryResult;
}

const usedMemory = (info: string): number => Number(/^used_memory:(\d+)/m.exec(info)![1]);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Redis's used_memory per entry for the same 1M entries, and its node count. */
async function redisMemory(c: Redis): Promise<{ perEntry: number; nodes: number }> {
  await c.flushall();
  await sleep(300);
  const before = usedMemory(await c.info('memory'));
  await fillRedis(c, 'm', N);
  await sleep(1000);
  const after = usedMemory(await c.info('memory'));
  const info = (await c.call('XINFO', 'STREAM', 'm')) as unknown[];
  const nodes = Number(info[info.indexOf('radix-tree-keys') + 1]);
  if ((await c.xlen('m')) !== N) throw new Error('redis memory: wrong length');
  await c.del('m');
  return { perEntry: (after - before) / N, nodes };
}

// ---- the workloads -------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = performance.now();
  const m: Machine = machine();
  const elapsed = (): string => `${((performance.now() - startedAt) / 1000).toFixed(0)} s`;
  console.log(`# embedis stream benchmarks (issue #6)\n${machineText(m)}`);

  // 4. memory first, in a child, while this process holds nothing big.
  console.log(`measuring memory of ${N.toLocaleString()} entries (child node --expose-gc) at ${elapsed()}`);
  const mem = memoryOf();

  console.log(`filling the stores at ${elapsed()}`);
  const store = new Store();
  fillStore(store, 's', N);
  store.xgroupCreate('s', 'g', '0');
  const pool = Array.from({ length: POOL }, (_, i) => fieldsOf(N + i));
  const starts = randomStarts(N);
  const mock = new RedisMock();
  for (let i = 0; i < MOCK_ENTRIES; i++) {
    const f = fieldsOf(i);
    await mock.xadd('s', idOf(i), 'user', f.user, 'action', f.action, 'ts', f.ts);
  }
  const mockStarts = randomStarts(MOCK_ENTRIES);

  // 1 + 2 + 3 in process: embedis and ioredis-mock, one session (rounds interleaved).
  let a = 0;
  let aCall = 0;
  let aMock = 0;
  let r = 0;
  let rCall = 0;
  let rMock = 0;
  let page = '-';
  let consumed = 0;
  console.log(`measuring embedis and ioredis-mock at ${elapsed()}`);
  const local = await run([
    {
      name: 'embedis store.xadd',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) s += store.xadd('s', pool[(a + i) & (POOL - 1)]!)!.length;
        a += BATCH;
        sink += s;
      },
    },
    {
      name: "embedis store.call('XADD')",
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          const f = pool[(aCall + i) & (POOL - 1)]!;
          s += (store.call('XADD', 's', '*', 'user', f.user, 'action', f.action, 'ts', f.ts) as string)
            .length;
        }
        aCall += BATCH;
        sink += s;
      },
    },
    {
      name: 'ioredis-mock await xadd',
      ops: MOCK_BATCH,
      async: true,
      fn: async () => {
        let s = 0;
        for (let i = 0; i < MOCK_BATCH; i++) {
          const f = pool[(aMock + i) & (POOL - 1)]!;
          s += ((await mock.xadd('s', '*', 'user', f.user, 'action', f.action, 'ts', f.ts)) as string).length;
        }
        aMock += MOCK_BATCH;
        sink += s;
      },
    },
    {
      name: 'embedis store.xrange',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++)
          s += store.xrange('s', starts[(r + i) & (ORDER - 1)]!, '+', 10).length;
        r += BATCH;
        sink += s;
      },
    },
    {
      name: "embedis store.call('XRANGE')",
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          const reply = store.call('XRANGE', 's', starts[(rCall + i) & (ORDER - 1)]!, '+', 'COUNT', '10');
          s += (reply as unknown[]).length;
        }
        rCall += BATCH;
        sink += s;
      },
    },
    {
      name: 'embedis store.xrange paging',
      ops: BATCH,
      fn: () => {
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          const entries = store.xrange('s', page, '+', 10);
          page = entries.length === 10 ? `(${entries[9]![0]}` : '-';
          s += entries.length;
        }
        sink += s;
      },
    },
    {
      name: 'ioredis-mock await xrange',
      ops: MOCK_BATCH,
      async: true,
      fn: async () => {
        let s = 0;
        for (let i = 0; i < MOCK_BATCH; i++) {
          const entries = await mock.xrange('s', mockStarts[(rMock + i) & (ORDER - 1)]!, '+', 'COUNT', 10);
          s += entries.length;
        }
        rMock += MOCK_BATCH;
        sink += s;
      },
    },
    {
      name: 'embedis xreadgroup+xack',
      ops: BATCH,
      fn: () => {
        // Start the group over before it runs out of entries (nothing is pending: all acked).
        if (consumed + BATCH > N) {
          store.xgroupSetId('s', 'g', '0');
          consumed = 0;
        }
        let s = 0;
        for (let i = 0; i < BATCH; i++) {
          const got = store.xreadgroup('g', 'c', READ_ARGS, ONE)!;
          s += store.xack('s', 'g', got[0]![1][0]![0]);
        }
        consumed += BATCH;
        if (s !== BATCH) throw new Error('xreadgroup+xack: an entry was not acknowledged');
        sink += s;
      },
    },
  ]);
  mock.disconnect();
  if (store.xpending('s', 'g').count !== 0) throw new Error('entries left pending');

  // 5. XTRIM MAXLEN ~ per removed entry, on fresh 1M-entry streams.
  console.log(`measuring XTRIM at ${elapsed()}`);
  const now = CLOCK === 'cpu' ? cpuMs : () => performance.now();
  const approx: number[] = [];
  const exact: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t = new Store();
    fillStore(t, 't', N);
    let removed = 0;
    let t0 = now();
    // Each call removes at most the default LIMIT (100 nodes' worth): 100 calls for 1M entries.
    while (t.xlen('t') > 10_000) removed += t.xtrim('t', { strategy: 'MAXLEN', threshold: 0, approx: true });
    approx.push(((now() - t0) * 1e6) / removed);
    if (round > 0) continue;
    fillStore(t, 'e', N);
    t0 = now();
    removed = t.xtrim('e', { strategy: 'MAXLEN', threshold: 1000 });
    exact.push(((now() - t0) * 1e6) / removed);
  }
  const trimApprox = median(approx);
  const trimExact = median(exact);

  // Redis: throughput on the wall clock, used_memory, and XTRIM.
  let redisRows: Throughput[] = [];
  const notes: string[] = [];
  let redisMem: { perEntry: number; nodes: number } | null = null;
  let redisTrim = Number.NaN;
  let redisVersion = '';
  const bin = findRedisServer();
  if (bin === undefined) {
    notes.push('redis-server rows skipped: no redis-server on PATH (set REDIS_SERVER to its path)');
  } else {
    let server: RedisServer | undefined;
    let client: Redis | undefined;
    try {
      server = await startRedisServer(bin);
      redisVersion = `redis-server ${server.version} on 127.0.0.1:${server.port} (pid ${server.pid}), ioredis over loopback TCP`;
      client = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
      const c = client;
      console.log(`measuring ${redisVersion} at ${elapsed()}`);
      redisMem = await redisMemory(c);
      await fillRedis(c, 's', N);
      await c.call('XGROUP', 'CREATE', 's', 'g', '0');
      let ra = 0;
      let rr = 0;
      redisRows = await run(
        [
          {
            name: 'redis await xadd',
            ops: NET_BATCH,
            async: true,
            fn: async () => {
              for (let i = 0; i < NET_BATCH; i++) {
                const f = pool[(ra + i) & (POOL - 1)]!;
                await c.xadd('s', '*', 'user', f.user, 'action', f.action, 'ts', f.ts);
              }
              ra += NET_BATCH;
            },
          },
          {
            name: 'redis pipeline x100 xadd',
            ops: NET_BATCH,
            async: true,
            fn: async () => {
              const p = c.pipeline();
              for (let i = 0; i < NET_BATCH; i++) {
                const f = pool[(ra + i) & (POOL - 1)]!;
                p.xadd('s', '*', 'user', f.user, 'action', f.action, 'ts', f.ts);
              }
              ra += NET_BATCH;
              await p.exec();
            },
          },
          {
            name: 'redis await xrange',
            ops: NET_BATCH,
            async: true,
            fn: async () => {
              let s = 0;
              for (let i = 0; i < NET_BATCH; i++)
                s += (await c.xrange('s', starts[(rr + i) & (ORDER - 1)]!, '+', 'COUNT', 10)).length;
              rr += NET_BATCH;
              sink += s;
            },
          },
          {
            name: 'redis pipeline x100 xrange',
            ops: NET_BATCH,
            async: true,
            fn: async () => {
              const p = c.pipeline();
              for (let i = 0; i < NET_BATCH; i++)
                p.xrange('s', starts[(rr + i) & (ORDER - 1)]!, '+', 'COUNT', 10);
              rr += NET_BATCH;
              sink += (await p.exec())!.length;
            },
          },
          {
            name: 'redis await xreadgroup+xack',
            ops: NET_BATCH,
            async: true,
            fn: async () => {
              let s = 0;
              for (let i = 0; i < NET_BATCH; i++) {
                const got = (await c.xreadgroup('GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's', '>')) as [
                  string,
                  [string, string[]][],
                ][];
                s += await c.xack('s', 'g', got[0]![1][0]![0]);
              }
              if (s !== NET_BATCH) throw new Error('redis xreadgroup+xack: an entry was not acknowledged');
              sink += s;
            },
          },
        ],
        'wall',
      );
      // XTRIM MAXLEN ~ 0 LIMIT 0: whole nodes, no limit, in one call (one round trip).
      await fillRedis(c, 't', N);
      const t0 = performance.now();
      const removed = (await c.call('XTRIM', 't', 'MAXLEN', '~', '0', 'LIMIT', '0')) as number;
      redisTrim = ((performance.now() - t0) * 1e6) / removed;
    } finally {
      client?.disconnect();
      await server?.stop();
    }
  }

  // ---- tables and bars ------------------------------------------------------------------------
  const redis = (name: string): Throughput[] => (redisRows.length === 0 ? [] : [byName(redisRows, name)]);
  const haveRedis = redisRows.length > 0;
  const workloads: ThroughputWorkload[] = [
    throughputWorkload({
      id: 'xadd',
      title: '1. XADD `*` with 3 fields on a stream of >= 1M entries',
      measures:
        "`store.xadd('s', { user, action: 'click', ts })` (fields objects built ahead, cycled) vs `store.call('XADD', …)`, `await mock.xadd` (on a stream of 10k entries and growing) and ioredis -> redis-server (one at a time, and pipelined 100 per exec).",
      rows: [
        byName(local, 'embedis store.xadd'),
        byName(local, "embedis store.call('XADD')"),
        byName(local, 'ioredis-mock await xadd'),
        ...redis('redis await xadd'),
        ...redis('redis pipeline x100 xadd'),
      ],
      baselines: [
        'ioredis-mock await xadd',
        ...(haveRedis ? ['redis await xadd', 'redis pipeline x100 xadd'] : []),
      ],
    }),
    throughputWorkload({
      id: 'xrange',
      title: '2. XRANGE `<random existing ID> + COUNT 10` on 1M entries',
      measures:
        "`store.xrange('s', id, '+', 10)` from random existing IDs vs `store.call('XRANGE', …)`, a reader paging through (`(<last ID>` as the next start), `await mock.xrange` (on a 10k-entry stream) and ioredis -> redis-server on the same 1M entries.",
      rows: [
        byName(local, 'embedis store.xrange'),
        byName(local, "embedis store.call('XRANGE')"),
        byName(local, 'embedis store.xrange paging'),
        byName(local, 'ioredis-mock await xrange'),
        ...redis('redis await xrange'),
        ...redis('redis pipeline x100 xrange'),
      ],
      baselines: [
        'ioredis-mock await xrange',
        ...(haveRedis ? ['redis await xrange', 'redis pipeline x100 xrange'] : []),
      ],
    }),
    throughputWorkload({
      id: 'xreadgroup',
      title: '3. XREADGROUP COUNT 1 > + XACK, as a pair (ops = pairs)',
      measures:
        "`store.xreadgroup('g', 'c', { s: '>' }, { count: 1 })` then `store.xack('s', 'g', id)` vs the same pair awaited through ioredis -> redis-server. ioredis-mock has neither command.",
      rows: [byName(local, 'embedis xreadgroup+xack'), ...redis('redis await xreadgroup+xack')],
      baselines: haveRedis ? ['redis await xreadgroup+xack'] : [],
    }),
  ];
  const memTotal = mem.heap + mem.buffers;
  const bars: StreamBar[] = [
    minBar(
      'XADD `*` (3 fields) on >= 1M entries, store.xadd',
      byName(local, 'embedis store.xadd').opsMedian,
      1e6,
      'ops/s',
    ),
    minBar(
      'XRANGE from a random existing ID, COUNT 10, on 1M entries: store.xrange',
      byName(local, 'embedis store.xrange').opsMedian,
      5e5,
      'ops/s',
    ),
    minBar(
      'XREADGROUP + XACK pair, store.xreadgroup + store.xack',
      byName(local, 'embedis xreadgroup+xack').opsMedian,
      2e5,
      'ops/s',
    ),
    {
      ...maxBar('memory per entry, all-in (heap + buffers)', memTotal, 80, 'B'),
      reference: 'Redis 7.0: 44 B',
    },
    maxBar('XTRIM MAXLEN ~ per removed entry, store.xtrim', trimApprox, 50, 'ns'),
  ];
  // The baselines beside each bar: what the same operation does elsewhere, in this run.
  const opsOf = (rows: Throughput[], name: string): string => {
    const r = rows.find((x) => x.name === name);
    return r === undefined ? 'n/a' : `${Math.round(r.opsMedian).toLocaleString('en-US')}/s`;
  };
  bars[0]!.reference = `ioredis-mock ${opsOf(local, 'ioredis-mock await xadd')}; redis-server ${opsOf(redisRows, 'redis await xadd')}, pipelined ${opsOf(redisRows, 'redis pipeline x100 xadd')}`;
  bars[1]!.reference = `paging ${opsOf(local, 'embedis store.xrange paging')}; ioredis-mock ${opsOf(local, 'ioredis-mock await xrange')}; redis-server ${opsOf(redisRows, 'redis await xrange')}, pipelined ${opsOf(redisRows, 'redis pipeline x100 xrange')}`;
  bars[2]!.reference = `ioredis-mock: no XREADGROUP/XACK; redis-server ${opsOf(redisRows, 'redis await xreadgroup+xack')}`;
  if (redisMem !== null)
    bars[3]!.reference = `redis-server used_memory ${redisMem.perEntry.toFixed(1)} B (Redis 7.0: 44)`;
  bars[4]!.reference = `ioredis-mock: no XTRIM; redis-server ${Number.isNaN(redisTrim) ? 'n/a' : `${redisTrim.toFixed(1)} ns`}`;
  m.load.end = loadavg()[0]!;
  const durationSeconds = (performance.now() - startedAt) / 1000;

  for (const w of workloads) console.log(`\n${workloadText(w)}`);
  console.log(
    `\n4. Memory, ${N.toLocaleString()} entries: embedis ${memTotal.toFixed(1)} B/entry (heap ${mem.heap.toFixed(1)} + buffers ${mem.buffers.toFixed(1)}), ${mem.nodes} nodes` +
      (redisMem === null
        ? ''
        : `; redis-server used_memory ${redisMem.perEntry.toFixed(1)} B/entry, ${redisMem.nodes} nodes`),
  );
  console.log(
    `5. XTRIM on 1M entries: MAXLEN ~ ${trimApprox.toFixed(1)} ns per removed entry (MAXLEN = ${trimExact.toFixed(1)} ns)` +
      (Number.isNaN(redisTrim) ? '' : `; redis-server MAXLEN ~ 0 LIMIT 0 ${redisTrim.toFixed(1)} ns`),
  );
  console.log('\nbars');
  for (const b of bars)
    console.log(`  ${verdict(b)}  ${b.text}: ${fmt(b)}${b.reference ? ` (${b.reference})` : ''}`);
  console.log(
    `\nload ${m.load.start.toFixed(2)} -> ${m.load.end.toFixed(2)}, ${durationSeconds.toFixed(0)} s`,
  );

  const config = {
    entries: N,
    clock: CLOCK,
    netClock: 'wall',
    timePerTaskMs: TIME,
    rounds: ROUNDS,
    batch: BATCH,
    netBatch: NET_BATCH,
    mockBatch: MOCK_BATCH,
    mockEntries: MOCK_ENTRIES,
  };
  const memory = {
    embedisPerEntry: memTotal,
    embedisHeapPerEntry: mem.heap,
    embedisBuffersPerEntry: mem.buffers,
    embedisNodes: mem.nodes,
    redisPerEntry: redisMem?.perEntry ?? null,
    redisNodes: redisMem?.nodes ?? null,
  };
  const trim = { approxNsPerEntry: trimApprox, exactNsPerEntry: trimExact, redisApproxNsPerEntry: redisTrim };
  const dir = new URL('./results/', import.meta.url);
  writeFileSync(
    new URL('streams.json', dir),
    `${JSON.stringify({ machine: m, config, redis: redisVersion, throughput: workloads, memory, trim, bars, notes, durationSeconds }, null, 2)}\n`,
  );
  writeFileSync(
    new URL('streams.md', dir),
    markdown(m, config, redisVersion, workloads, memory, trim, bars, notes, durationSeconds),
  );
  console.log('wrote benchmarks/results/streams.json and streams.md');
}

const READ_ARGS = { s: '>' };
const ONE = { count: 1 };

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function markdown(
  m: Machine,
  config: Record<string, string | number>,
  redisVersion: string,
  workloads: ThroughputWorkload[],
  memory: Record<string, number | null>,
  trim: Record<string, number>,
  bars: StreamBar[],
  notes: string[],
  durationSeconds: number,
): string {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const ops = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ratio = (n: number): string => `${n >= 10 ? n.toFixed(1) : n.toFixed(2)}x`;
  const out = [
    '# embedis stream benchmarks (issue #6)',
    '',
    'Generated by `npm run bench:streams` (benchmarks/streams.ts), through the public typed `Store`',
    'API; every number below was measured in the same run. Throughput uses the foundation harness',
    '(measure.ts, report.ts; see benchmarks/README.md): ratios are the median of per-round ratios',
    'between rows of one session, else the ratio of median ops/s. In-process rows ran on the',
    `${config.clock} clock, rows waiting on redis-server on the wall clock.`,
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8})`,
    `- date: ${m.date}`,
    `- load average (1 min) at start / end: ${m.load.start.toFixed(2)} / ${m.load.end.toFixed(2)} (a shared machine: other work ran beside this)`,
    `- ${redisVersion === '' ? 'no redis-server' : redisVersion}`,
    `- config: ${Object.entries(config)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `- run time: ${durationSeconds.toFixed(0)} s`,
    '',
    '## Bars',
    '',
    row(['bar', 'limit', 'measured', 'result', 'baselines (same run)']),
    row(['---', '---:', '---:', '---', '---']),
    ...bars.map((b) =>
      row([
        b.text,
        `${b.unit === 'ops/s' ? '>=' : '<='} ${b.unit === 'ops/s' ? ops(b.limit) : b.limit} ${b.unit}`,
        fmt(b),
        `**${verdict(b)}**`,
        b.reference ?? '',
      ]),
    ),
  ];
  for (const w of workloads) {
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
    '## 4. Memory per entry, 1M entries',
    '',
    'user = 16 distinct bytes, action = `click`, ts = 13 distinct digits, IDs `<ms>-<seq>` with 16 entries',
    'per ms, the same on both sides. embedis: V8 heapUsed + arrayBuffers delta after full GCs in a fresh',
    '`node --expose-gc` child, every field string made fresh and counted. Redis: `INFO memory` used_memory',
    'delta after loading the same entries with pipelines.',
    '',
    row(['contender', 'bytes per entry', 'nodes (radix-tree-keys)']),
    row(['---', '---:', '---:']),
    row([
      `embedis (heap ${memory.embedisHeapPerEntry!.toFixed(1)} + buffers ${memory.embedisBuffersPerEntry!.toFixed(1)})`,
      memory.embedisPerEntry!.toFixed(1),
      String(memory.embedisNodes),
    ]),
    row([
      'redis-server used_memory',
      memory.redisPerEntry === null ? 'n/a' : memory.redisPerEntry.toFixed(1),
      String(memory.redisNodes ?? 'n/a'),
    ]),
    row(['ioredis-mock', 'n/a (its XADD is O(N): 1M entries would take hours)', '']),
    '',
    '## 5. XTRIM on 1M entries, per removed entry',
    '',
    '`store.xtrim(k, { strategy: "MAXLEN", threshold: 0, approx: true })` until 10k entries are left (each call',
    'removes at most the default LIMIT, 100 nodes), median of 3 fresh streams; the exact trim',
    '(`MAXLEN = 1000`, one stream) for scale. Redis: one `XTRIM t MAXLEN ~ 0 LIMIT 0` over ioredis, round trip',
    'included. ioredis-mock has no XTRIM.',
    '',
    row(['contender', 'ns per removed entry']),
    row(['---', '---:']),
    row(['embedis store.xtrim MAXLEN ~', trim.approxNsPerEntry!.toFixed(1)]),
    row(['embedis store.xtrim MAXLEN =', trim.exactNsPerEntry!.toFixed(1)]),
    row([
      'redis-server XTRIM MAXLEN ~ 0 LIMIT 0',
      Number.isNaN(trim.redisApproxNsPerEntry) ? 'n/a' : trim.redisApproxNsPerEntry!.toFixed(1),
    ]),
  );
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  out.push('');
  return out.join('\n');
}

if (process.argv[2] === '--memory') memoryChild();
else await main();
if (sink === 0.5) console.log('');

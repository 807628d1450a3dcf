// `npm run bench`: embedis against a plain Map, lru-cache, ioredis-mock and ioredis -> a real
// redis-server, on the same keys in the same run; prints the tables and writes
// results/foundation.json and results/foundation.md. What each workload measures, and why, is in
// benchmarks/README.md.
//
// Every task function is written out by hand, one per contender, instead of being built by a
// shared factory: closures from one literal share V8's feedback, so a shared loop would call
// every contender through the same megamorphic site and add a call the real code doesn't pay.

import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { LRUCache } from 'lru-cache';
import { Store } from '../src/index.js';
import { fixedWidthStrings, ITEM_BYTES, pick, randomOrder } from './data.js';
import { type ClockKind, measure, type TaskSpec, type Throughput } from './measure.js';
import { CONTENDERS, heapPerKey, redisUsedMemoryPerKey } from './memory.js';
import { findRedisServer, type RedisServer, startRedisServer } from './redis-server.js';
import {
  barsText,
  type MemoryRow,
  type MemoryWorkload,
  machine,
  machineText,
  markdown,
  memoryBar,
  type Results,
  type ThroughputWorkload,
  throughputWorkload,
  workloadText,
} from './report.js';

/** Keyspace of the throughput workloads. */
const KEYS = 100_000;
/** Length of the precomputed random key order (a power of two, walked with a mask). */
const ORDER = 1 << 20;
const MASK = ORDER - 1;
/** Operations per task call in process: >= ~0.5 ms per call, so a CPU-clock read (~1.4 µs) is noise. */
const BATCH = 10_000;
/** Operations per task call over the network (one round trip each, or one pipeline). */
const NET_BATCH = 100;
/** Keys of the memory workload. */
const MEMORY_KEYS = 1_000_000;
/**
 * tinybench budgets per task (ms), split into rounds (see measure.ts): keeps the whole run well
 * under 3 minutes on 2 cores.
 */
const TIME = 1000;
const WARMUP_TIME = 250;
const ROUNDS = 10;
/** Clock of the in-process workloads (measure.ts); the network workload always uses wall time. */
const CLOCK: ClockKind = process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
const SEED = 20240601;

const results: ThroughputWorkload[] = [];
let misses = 0;

const startedAt = performance.now();
const elapsed = (): string => `${((performance.now() - startedAt) / 1000).toFixed(0)} s`;

function print(w: ThroughputWorkload | MemoryWorkload): void {
  console.log(`\n${workloadText(w)}\n  (at ${elapsed()})`);
}

const run = (specs: TaskSpec[], clock: ClockKind = CLOCK): Promise<Throughput[]> =>
  measure(specs, { time: TIME, warmupTime: WARMUP_TIME, rounds: ROUNDS, clock });
const byName = (rows: Throughput[], name: string): Throughput => rows.find((r) => r.name === name)!;

async function main(): Promise<void> {
  const m = machine();
  console.log(`embedis foundation benchmarks\n${machineText(m)}`);
  console.log(
    `${KEYS} keys of ${ITEM_BYTES} B, values of ${ITEM_BYTES} B, random order of ${ORDER} accesses`,
  );

  const keys = fixedWidthStrings('k', KEYS);
  const values = fixedWidthStrings('v', KEYS);
  const counters = fixedWidthStrings('c', KEYS);
  const order = randomOrder(KEYS, ORDER, SEED);
  const keyOrder = pick(keys, order);
  // SET overwrites every key with a different value of the same size.
  const setOrder = pick(fixedWidthStrings('w', KEYS), order);
  const counterOrder = pick(counters, order);

  const store = new Store();
  const map = new Map<string, string>();
  const lru = new LRUCache<string, string>({ max: KEYS });
  const data: Record<string, string> = {};
  for (let i = 0; i < KEYS; i++) {
    store.set(keys[i]!, values[i]!);
    map.set(keys[i]!, values[i]!);
    lru.set(keys[i]!, values[i]!);
    data[keys[i]!] = values[i]!;
  }
  const mock = new RedisMock({ data });
  const counterData: Record<string, string> = {};
  const counterStore = new Store();
  const counterMap = new Map<string, string>();
  for (const c of counters) {
    counterStore.set(c, '0');
    counterMap.set(c, '0');
    counterData[c] = '0';
  }
  // ioredis-mock shares data between instances of the same host:port/db: counters get db 1.
  const counterMock = new RedisMock({ db: 1, data: counterData });

  // ---- 1. typed GET hit ---------------------------------------------------------------------
  const get = await run([
    {
      name: 'embedis store.get',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          let miss = 0;
          for (let j = 0; j < BATCH; j++) {
            if (store.get(keyOrder[i]!) === null) miss++;
            i = (i + 1) & MASK;
          }
          misses += miss;
        };
      })(),
    },
    {
      name: 'Map.get',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          let miss = 0;
          for (let j = 0; j < BATCH; j++) {
            if (map.get(keyOrder[i]!) === undefined) miss++;
            i = (i + 1) & MASK;
          }
          misses += miss;
        };
      })(),
    },
    {
      name: 'lru-cache get',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          let miss = 0;
          for (let j = 0; j < BATCH; j++) {
            if (lru.get(keyOrder[i]!) === undefined) miss++;
            i = (i + 1) & MASK;
          }
          misses += miss;
        };
      })(),
    },
    {
      name: 'ioredis-mock await get',
      ops: BATCH,
      async: true,
      fn: (() => {
        let i = 0;
        return async () => {
          let miss = 0;
          for (let j = 0; j < BATCH; j++) {
            if ((await mock.get(keyOrder[i]!)) === null) miss++;
            i = (i + 1) & MASK;
          }
          misses += miss;
        };
      })(),
    },
  ]);
  results.push(
    throughputWorkload({
      id: 'get',
      title: '1. typed GET hit',
      measures: `GET of an existing key, ${KEYS} keys, random order: the typed API against in-process baselines.`,
      rows: get,
      baselines: ['Map.get', 'lru-cache get', 'ioredis-mock await get'],
      bars: [{ subject: 'embedis store.get', baseline: 'Map.get', min: 0.5 }],
    }),
  );
  print(results.at(-1)!);

  // ---- 2. typed SET overwrite ---------------------------------------------------------------
  const set = await run([
    {
      name: 'embedis store.set',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          for (let j = 0; j < BATCH; j++) {
            store.set(keyOrder[i]!, setOrder[i]!);
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
    {
      name: 'Map.set',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          for (let j = 0; j < BATCH; j++) {
            map.set(keyOrder[i]!, setOrder[i]!);
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
    {
      // The least any byte-string store must add to Map.set: telling a string value from a
      // Uint8Array reads the value object, which Map.set never touches (a cold line per op here).
      name: 'Map.set + typeof value',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        const typed = new Map<string, string | Uint8Array>(map);
        return () => {
          for (let j = 0; j < BATCH; j++) {
            const v: string | Uint8Array = setOrder[i]!;
            typed.set(keyOrder[i]!, typeof v === 'string' ? v : String(v));
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
    {
      name: 'lru-cache set',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          for (let j = 0; j < BATCH; j++) {
            lru.set(keyOrder[i]!, setOrder[i]!);
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
    {
      name: 'ioredis-mock await set',
      ops: BATCH,
      async: true,
      fn: (() => {
        let i = 0;
        return async () => {
          for (let j = 0; j < BATCH; j++) {
            await mock.set(keyOrder[i]!, setOrder[i]!);
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
  ]);
  results.push(
    throughputWorkload({
      id: 'set',
      title: '2. typed SET overwrite',
      measures: `SET of an existing key to a new ${ITEM_BYTES}-byte value, ${KEYS} keys, random order.`,
      rows: set,
      baselines: ['Map.set', 'lru-cache set', 'ioredis-mock await set'],
      bars: [{ subject: 'embedis store.set', baseline: 'Map.set', min: 0.5 }],
    }),
  );
  print(results.at(-1)!);

  // ---- 3. typed INCR ------------------------------------------------------------------------
  const incrRows = await run([
    {
      name: 'embedis store.incr',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          let sum = 0;
          for (let j = 0; j < BATCH; j++) {
            sum += counterStore.incr(counterOrder[i]!);
            i = (i + 1) & MASK;
          }
          return sum;
        };
      })(),
    },
    {
      name: 'Map parse+format',
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          let sum = 0;
          for (let j = 0; j < BATCH; j++) {
            const k = counterOrder[i]!;
            const n = Number(counterMap.get(k)) + 1;
            counterMap.set(k, String(n));
            sum += n;
            i = (i + 1) & MASK;
          }
          return sum;
        };
      })(),
    },
    {
      name: 'ioredis-mock await incr',
      ops: BATCH,
      async: true,
      fn: (() => {
        let i = 0;
        return async () => {
          let sum = 0;
          for (let j = 0; j < BATCH; j++) {
            sum += await counterMock.incr(counterOrder[i]!);
            i = (i + 1) & MASK;
          }
          return sum;
        };
      })(),
    },
  ]);
  results.push(
    throughputWorkload({
      id: 'incr',
      title: '3. typed INCR',
      measures: `INCR of ${KEYS} counters in random order; the Map baseline parses and formats the number itself.`,
      rows: incrRows,
      baselines: ['Map parse+format', 'ioredis-mock await incr'],
    }),
  );
  print(results.at(-1)!);

  // ---- 4. store.call() ----------------------------------------------------------------------
  const asyncMap = {
    async get(k: string): Promise<string | null> {
      return map.get(k) ?? null;
    },
    async set(k: string, v: string): Promise<'OK'> {
      map.set(k, v);
      return 'OK';
    },
  };
  const calls = await run([
    {
      name: "embedis store.call('GET')",
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          let miss = 0;
          for (let j = 0; j < BATCH; j++) {
            if (store.call('GET', keyOrder[i]!) === null) miss++;
            i = (i + 1) & MASK;
          }
          misses += miss;
        };
      })(),
    },
    {
      name: 'async Map get awaited',
      ops: BATCH,
      async: true,
      fn: (() => {
        let i = 0;
        return async () => {
          let miss = 0;
          for (let j = 0; j < BATCH; j++) {
            if ((await asyncMap.get(keyOrder[i]!)) === null) miss++;
            i = (i + 1) & MASK;
          }
          misses += miss;
        };
      })(),
    },
    {
      name: 'ioredis-mock await get',
      ops: BATCH,
      async: true,
      fn: (() => {
        let i = 0;
        return async () => {
          let miss = 0;
          for (let j = 0; j < BATCH; j++) {
            if ((await mock.get(keyOrder[i]!)) === null) miss++;
            i = (i + 1) & MASK;
          }
          misses += miss;
        };
      })(),
    },
    {
      name: "embedis store.call('SET')",
      ops: BATCH,
      fn: (() => {
        let i = 0;
        return () => {
          for (let j = 0; j < BATCH; j++) {
            store.call('SET', keyOrder[i]!, setOrder[i]!);
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
    {
      name: 'async Map set awaited',
      ops: BATCH,
      async: true,
      fn: (() => {
        let i = 0;
        return async () => {
          for (let j = 0; j < BATCH; j++) {
            await asyncMap.set(keyOrder[i]!, setOrder[i]!);
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
    {
      name: 'ioredis-mock await set',
      ops: BATCH,
      async: true,
      fn: (() => {
        let i = 0;
        return async () => {
          for (let j = 0; j < BATCH; j++) {
            await mock.set(keyOrder[i]!, setOrder[i]!);
            i = (i + 1) & MASK;
          }
        };
      })(),
    },
  ]);
  const sameRun = 'measured in workload';
  results.push(
    throughputWorkload({
      id: 'call-get',
      title: "4a. store.call('GET', k)",
      measures:
        'GET through the command table (argv, lookup, arity, execution unit, reply shaping) vs awaited async APIs.',
      rows: [
        byName(calls, "embedis store.call('GET')"),
        byName(calls, 'async Map get awaited'),
        byName(calls, 'ioredis-mock await get'),
      ],
      baselines: ['ioredis-mock await get', 'async Map get awaited'],
      bars: [{ subject: "embedis store.call('GET')", baseline: 'ioredis-mock await get', min: 2 }],
    }),
  );
  print(results.at(-1)!);
  results.push(
    throughputWorkload({
      id: 'call-set',
      title: "4b. store.call('SET', k, v)",
      measures: 'SET (overwrite) through the command table vs awaited async APIs.',
      rows: [
        byName(calls, "embedis store.call('SET')"),
        byName(calls, 'async Map set awaited'),
        byName(calls, 'ioredis-mock await set'),
      ],
      baselines: ['ioredis-mock await set', 'async Map set awaited'],
      bars: [{ subject: "embedis store.call('SET')", baseline: 'ioredis-mock await set', min: 2 }],
    }),
  );
  print(results.at(-1)!);

  if (misses !== 0) throw new Error(`${misses} GETs missed: every GET must hit`);
  store.close();
  counterStore.close();
  mock.disconnect();
  counterMock.disconnect();

  // ---- 5. real Redis through ioredis, and its used_memory -----------------------------------
  const memoryRows: MemoryRow[] = [];
  const memoryNotes: string[] = [];
  const bin = findRedisServer();
  if (bin === undefined) {
    const note = 'skipped: no redis-server on PATH (set REDIS_SERVER to its path)';
    results.push(
      throughputWorkload({
        id: 'redis',
        title: '5. ioredis -> redis-server',
        measures: 'GET and SET over loopback TCP to a real redis-server.',
        rows: [],
        baselines: [],
        notes: [note],
      }),
    );
    memoryNotes.push(`Redis used_memory ${note}`);
    print(results.at(-1)!);
  } else {
    let server: RedisServer | undefined;
    let client: Redis | undefined;
    try {
      server = await startRedisServer(bin);
      client = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
      const c = client;
      for (let i = 0; i < KEYS; i += 10_000) {
        const p = c.pipeline();
        for (let j = i; j < Math.min(KEYS, i + 10_000); j++) p.set(keys[j]!, values[j]!);
        await p.exec();
      }
      const redisRows = await run(
        [
          {
            name: 'redis await get',
            ops: NET_BATCH,
            async: true,
            fn: (() => {
              let i = 0;
              return async () => {
                let miss = 0;
                for (let j = 0; j < NET_BATCH; j++) {
                  if ((await c.get(keyOrder[i]!)) === null) miss++;
                  i = (i + 1) & MASK;
                }
                misses += miss;
              };
            })(),
          },
          {
            name: 'redis pipeline x100 get',
            ops: NET_BATCH,
            async: true,
            fn: (() => {
              let i = 0;
              return async () => {
                const p = c.pipeline();
                for (let j = 0; j < NET_BATCH; j++) {
                  p.get(keyOrder[i]!);
                  i = (i + 1) & MASK;
                }
                const replies = (await p.exec())!;
                for (const [err, v] of replies) if (err !== null || v === null) misses++;
              };
            })(),
          },
          {
            name: 'redis await set',
            ops: NET_BATCH,
            async: true,
            fn: (() => {
              let i = 0;
              return async () => {
                for (let j = 0; j < NET_BATCH; j++) {
                  await c.set(keyOrder[i]!, setOrder[i]!);
                  i = (i + 1) & MASK;
                }
              };
            })(),
          },
          {
            name: 'redis pipeline x100 set',
            ops: NET_BATCH,
            async: true,
            fn: (() => {
              let i = 0;
              return async () => {
                const p = c.pipeline();
                for (let j = 0; j < NET_BATCH; j++) {
                  p.set(keyOrder[i]!, setOrder[i]!);
                  i = (i + 1) & MASK;
                }
                await p.exec();
              };
            })(),
          },
        ],
        'wall',
      );
      if (misses !== 0) throw new Error(`${misses} redis GETs missed: every GET must hit`);
      const version = `redis-server ${server.version} on 127.0.0.1:${server.port} (pid ${server.pid}), ioredis over loopback TCP`;
      results.push(
        throughputWorkload({
          id: 'redis-get',
          title: '5a. GET: embedis vs ioredis -> redis-server',
          measures:
            'GET of an existing key, same keys and order, over loopback TCP: each awaited in turn, and pipelined 100 at a time.',
          rows: [
            byName(redisRows, 'redis await get'),
            byName(redisRows, 'redis pipeline x100 get'),
            { ...byName(get, 'embedis store.get'), note: `${sameRun} 1` },
            { ...byName(calls, "embedis store.call('GET')"), note: `${sameRun} 4a` },
            { ...byName(get, 'ioredis-mock await get'), note: `${sameRun} 1` },
          ],
          baselines: ['redis await get', 'redis pipeline x100 get'],
          notes: [version],
        }),
      );
      print(results.at(-1)!);
      results.push(
        throughputWorkload({
          id: 'redis-set',
          title: '5b. SET: embedis vs ioredis -> redis-server',
          measures: 'SET (overwrite) over loopback TCP: each awaited in turn, and pipelined 100 at a time.',
          rows: [
            byName(redisRows, 'redis await set'),
            byName(redisRows, 'redis pipeline x100 set'),
            { ...byName(set, 'embedis store.set'), note: `${sameRun} 2` },
            { ...byName(calls, "embedis store.call('SET')"), note: `${sameRun} 4b` },
            { ...byName(set, 'ioredis-mock await set'), note: `${sameRun} 2` },
          ],
          baselines: ['redis await set', 'redis pipeline x100 set'],
          notes: [version],
        }),
      );
      print(results.at(-1)!);
      console.log(`\nloading ${MEMORY_KEYS} keys into redis-server for used_memory at ${elapsed()}`);
      memoryRows.push(await redisUsedMemoryPerKey(c, MEMORY_KEYS));
      memoryNotes.push(
        `Redis: ${server.version}, jemalloc, default config; used_memory includes the dict's buckets.`,
      );
    } finally {
      client?.disconnect();
      await server?.stop();
    }
  }

  // ---- 6. memory per string key ---------------------------------------------------------------
  for (const contender of CONTENDERS) {
    console.log(
      `measuring heap of ${MEMORY_KEYS} keys in ${contender} (child node --expose-gc) at ${elapsed()}`,
    );
    memoryRows.unshift(heapPerKey(contender, MEMORY_KEYS));
  }
  memoryRows.sort((a, b) => a.bytesPerKey - b.bytesPerKey);
  const memory: MemoryWorkload = {
    id: 'memory',
    title: '6. Memory per string key',
    measures: `${MEMORY_KEYS} keys of ${ITEM_BYTES} B with ${ITEM_BYTES}-byte values, flat strings; bytes per key = delta / ${MEMORY_KEYS}, key and value strings included.`,
    keys: MEMORY_KEYS,
    rows: memoryRows,
    bars: [memoryBar(memoryRows, 'embedis Store', 110)],
    notes: memoryNotes,
  };
  print(memory);

  m.load.end = loadavg()[0]!;
  const all: Results = {
    machine: m,
    config: {
      keys: KEYS,
      keyBytes: ITEM_BYTES,
      valueBytes: ITEM_BYTES,
      orderLength: ORDER,
      batch: BATCH,
      netBatch: NET_BATCH,
      timeMs: TIME,
      warmupMs: WARMUP_TIME,
      rounds: ROUNDS,
      clock: CLOCK,
      netClock: 'wall',
      memoryKeys: MEMORY_KEYS,
      seed: SEED,
    },
    throughput: results,
    memory,
    bars: [...results.flatMap((w) => w.bars), ...memory.bars],
    durationSeconds: (performance.now() - startedAt) / 1000,
  };
  const dir = new URL('./results/', import.meta.url);
  writeFileSync(new URL('foundation.json', dir), `${JSON.stringify(all, null, 2)}\n`);
  writeFileSync(new URL('foundation.md', dir), markdown(all));
  console.log(`\n${barsText(all.bars)}`);
  console.log(
    `\nwrote benchmarks/results/foundation.json and foundation.md (${all.durationSeconds.toFixed(0)} s)`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

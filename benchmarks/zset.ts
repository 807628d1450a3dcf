// Micro-benchmark of sorted sets through the typed Store API on a 1M-member set, against the bars
// of issue #5, with baselines measured in the same run:
//   - sorted-btree (a B+tree keyed by [score, member] plus a Map, the design card's library): it
//     has no rank / select, so ZRANK and ZRANGE-by-index are an O(N) walk there;
//   - ioredis-mock on a 10k-member set (it keeps a plain Map and sorts it on every read: at 1M
//     members one read takes seconds), so its numbers are for a set 100x smaller;
//   - ioredis -> a private redis-server 7.0 (127.0.0.1, random port, no persistence), pipelined
//     1000 commands per round so the network round trip is amortised.
// Workloads: ZADD moving an existing member to a random score, ZRANK, ZRANGE of a 10-member
// window at a random index, ZRANGEBYSCORE from a random score with LIMIT 0 10, ZINCRBY; then
// memory per member (16-byte members, all-in: strings, Map and tree) next to Redis's
// used_memory. Rounds are interleaved (A B C, A B C …) and the median round is reported.
//
// Run: npx tsx benchmarks/bundled.ts zset

import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import BTreeModule from 'sorted-btree';
import { Store } from '../src/index.js';
import { fixedWidthStrings, randomOrder } from './data.js';
import { findRedisServer, startRedisServer } from './redis-server.js';

// sorted-btree is CommonJS with `exports.default`; Node's ESM interop hands over module.exports.
const BTree = BTreeModule.default;

const gc: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const SIZE = 1_000_000;
const MOCK_SIZE = 10_000;
const MEMBERS = fixedWidthStrings('m', SIZE);
const OPS = 1 << 16;
const ORDER = randomOrder(SIZE, OPS, 11);
/** Random scores in [0, SIZE) with fractions, one per op. */
const SCORES = new Float64Array(OPS);
{
  const r = randomOrder(SIZE * 4, OPS, 12);
  for (let i = 0; i < OPS; i++) SCORES[i] = r[i]! / 4;
}
const MASK = OPS - 1;
let sink = 0;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

interface Contender {
  name: string;
  n: number;
  run: (n: number, offset: number) => number | Promise<number>;
}

/** ops/s per contender: one sample per round, rounds interleaved, median reported. */
async function interleaved(contenders: Contender[], rounds: number): Promise<Map<string, number>> {
  let offset = 0;
  for (const c of contenders) sink += await c.run(Math.min(c.n, 100), 0);
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      const t0 = performance.now();
      sink += await c.run(c.n, offset);
      samples.get(c.name)!.push((c.n * 1000) / (performance.now() - t0));
    }
    offset = (offset + 4099) & MASK;
  }
  return new Map([...samples].map(([k, v]) => [k, median(v)]));
}

const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const bars: string[][] = [];
const results: string[][] = [];

function record(title: string, ops: Map<string, number>, bar?: { min: number }): void {
  const embedis = [...ops][0]!;
  for (const [name, v] of ops) results.push([title, name, fmt(v), `${(embedis[1] / v).toFixed(1)}x`]);
  if (bar) bars.push([title, fmt(embedis[1]), `>= ${fmt(bar.min)}`, embedis[1] >= bar.min ? 'pass' : 'FAIL']);
}

type Key = [number, string];
const compareKeys = (a: Key, b: Key): number => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

async function main(): Promise<void> {
  console.log(`# Sorted sets: ${SIZE.toLocaleString('en-US')} members, 16-byte members\n`);
  console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}\n`);

  // ---- build ----
  const store = new Store();
  for (let i = 0; i < SIZE; i += 10_000) {
    const batch: [number, string][] = [];
    for (let j = i; j < i + 10_000; j++) batch.push([j, MEMBERS[j]!]);
    store.zadd('z', batch);
  }
  const btree = new BTree<Key, undefined>(undefined, compareKeys);
  const scoreOf = new Map<string, number>();
  for (let i = 0; i < SIZE; i++) {
    btree.set([i, MEMBERS[i]!], undefined);
    scoreOf.set(MEMBERS[i]!, i);
  }
  const mock = new RedisMock();
  for (let i = 0; i < MOCK_SIZE; i += 1000) {
    const args: (string | number)[] = [];
    for (let j = i; j < i + 1000; j++) args.push(j, MEMBERS[j]!);
    await mock.zadd('z', ...args);
  }
  const bin = findRedisServer();
  const server = bin === undefined ? null : await startRedisServer(bin);
  const redis =
    server === null ? null : new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: false });
  let redisBaseline = 0;
  if (redis !== null) {
    redisBaseline = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    for (let i = 0; i < SIZE; i += 10_000) {
      const args: (string | number)[] = [];
      for (let j = i; j < i + 10_000; j++) args.push(j, MEMBERS[j]!);
      await redis.zadd('z', ...args);
    }
  } else {
    console.log('redis-server not found: the ioredis column is left out.\n');
  }

  const N = 20_000;
  const MOCK_N = 20;
  const SLOW_N = 3;
  const PIPE = 1000;
  const member = (i: number): string => MEMBERS[ORDER[i & MASK]!]!;
  const pipeline = (
    n: number,
    offset: number,
    add: (p: ReturnType<Redis['pipeline']>, i: number) => void,
  ) => {
    const p = redis!.pipeline();
    for (let i = 0; i < n; i++) add(p, offset + i);
    return p.exec().then((r) => r?.length ?? 0);
  };
  const btreeMove = (m: string, s: number): void => {
    const old = scoreOf.get(m)!;
    btree.delete([old, m]);
    btree.set([s, m], undefined);
    scoreOf.set(m, s);
  };
  /** sorted-btree has no rank: count the keys below by walking them. */
  const btreeRank = (m: string): number => {
    let r = 0;
    btree.forRange(btree.minKey()!, [scoreOf.get(m)!, m], false, () => {
      r++;
    });
    return r;
  };
  const withRedis = (cs: (Contender | null)[]): Contender[] => cs.filter((c): c is Contender => c !== null);

  record(
    'ZADD update of an existing member',
    await interleaved(
      withRedis([
        {
          name: 'embedis store.zadd',
          n: N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) x += store.zadd('z', SCORES[(o + i) & MASK]!, member(o + i));
            return x;
          },
        },
        {
          name: 'sorted-btree + Map',
          n: N,
          run: (n, o) => {
            for (let i = 0; i < n; i++) btreeMove(member(o + i), SCORES[(o + i) & MASK]!);
            return btree.size;
          },
        },
        {
          name: `ioredis-mock (${MOCK_SIZE / 1000}k set)`,
          n: MOCK_N,
          run: async (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++)
              x += await mock.zadd('z', SCORES[(o + i) & MASK]!, MEMBERS[(o + i) % MOCK_SIZE]!);
            return x;
          },
        },
        redis && {
          name: 'ioredis -> redis-server (pipelined)',
          n: PIPE,
          run: (n, o) => pipeline(n, o, (p, i) => p.zadd('z', SCORES[i & MASK]!, member(i))),
        },
      ]),
      9,
    ),
    { min: 300_000 },
  );

  record(
    'ZRANK',
    await interleaved(
      withRedis([
        {
          name: 'embedis store.zrank',
          n: N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) x += store.zrank('z', member(o + i)) ?? 0;
            return x;
          },
        },
        {
          name: 'sorted-btree (walk: no rank API)',
          n: SLOW_N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) x += btreeRank(member(o + i));
            return x;
          },
        },
        {
          name: `ioredis-mock (${MOCK_SIZE / 1000}k set)`,
          n: MOCK_N,
          run: async (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) x += (await mock.zrank('z', MEMBERS[(o + i) % MOCK_SIZE]!)) ?? 0;
            return x;
          },
        },
        redis && {
          name: 'ioredis -> redis-server (pipelined)',
          n: PIPE,
          run: (n, o) => pipeline(n, o, (p, i) => p.zrank('z', member(i))),
        },
      ]),
      9,
    ),
    { min: 400_000 },
  );

  const startAt = (i: number): number => ORDER[i & MASK]! % (SIZE - 10);
  record(
    'ZRANGE window of 10 by index',
    await interleaved(
      withRedis([
        {
          name: 'embedis store.zrange',
          n: N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) {
              const s = startAt(o + i);
              x += store.zrange('z', s, s + 9).length;
            }
            return x;
          },
        },
        {
          name: 'sorted-btree (walk: no select API)',
          n: SLOW_N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) {
              const s = startAt(o + i);
              let k = 0;
              btree.forRange(btree.minKey()!, btree.maxKey()!, true, () => {
                if (++k > s + 9) return { break: true };
                x++;
                return undefined;
              });
            }
            return x;
          },
        },
        {
          name: `ioredis-mock (${MOCK_SIZE / 1000}k set)`,
          n: MOCK_N,
          run: async (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) {
              const s = startAt(o + i) % (MOCK_SIZE - 10);
              x += (await mock.zrange('z', s, s + 9)).length;
            }
            return x;
          },
        },
        redis && {
          name: 'ioredis -> redis-server (pipelined)',
          n: PIPE,
          run: (n, o) => pipeline(n, o, (p, i) => p.zrange('z', startAt(i), startAt(i) + 9)),
        },
      ]),
      9,
    ),
    { min: 1_000_000 },
  );

  const limit = { offset: 0, count: 10 };
  record(
    'ZRANGEBYSCORE with LIMIT 0 10',
    await interleaved(
      withRedis([
        {
          name: 'embedis store.zrangebyscore',
          n: N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++)
              x += store.zrangebyscore('z', SCORES[(o + i) & MASK]!, '+inf', limit).length;
            return x;
          },
        },
        {
          name: 'sorted-btree getRange',
          n: N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++)
              x += btree.getRange(
                [SCORES[(o + i) & MASK]!, ''],
                [Number.POSITIVE_INFINITY, ''],
                true,
                10,
              ).length;
            return x;
          },
        },
        {
          name: `ioredis-mock (${MOCK_SIZE / 1000}k set)`,
          n: MOCK_N,
          run: async (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++)
              x += (await mock.zrangebyscore('z', SCORES[(o + i) & MASK]! / 100, '+inf', 'LIMIT', 0, 10))
                .length;
            return x;
          },
        },
        redis && {
          name: 'ioredis -> redis-server (pipelined)',
          n: PIPE,
          run: (n, o) =>
            pipeline(n, o, (p, i) => p.zrangebyscore('z', SCORES[i & MASK]!, '+inf', 'LIMIT', 0, 10)),
        },
      ]),
      9,
    ),
    { min: 500_000 },
  );

  record(
    'ZINCRBY',
    await interleaved(
      withRedis([
        {
          name: 'embedis store.zincrby',
          n: N,
          run: (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++) x += store.zincrby('z', 1, member(o + i));
            return x;
          },
        },
        {
          name: 'sorted-btree + Map',
          n: N,
          run: (n, o) => {
            for (let i = 0; i < n; i++) {
              const m = member(o + i);
              btreeMove(m, scoreOf.get(m)! + 1);
            }
            return btree.size;
          },
        },
        {
          name: `ioredis-mock (${MOCK_SIZE / 1000}k set)`,
          n: MOCK_N,
          run: async (n, o) => {
            let x = 0;
            for (let i = 0; i < n; i++)
              x += Number(await mock.zincrby('z', 1, MEMBERS[(o + i) % MOCK_SIZE]!));
            return x;
          },
        },
        redis && {
          name: 'ioredis -> redis-server (pipelined)',
          n: PIPE,
          run: (n, o) => pipeline(n, o, (p, i) => p.zincrby('z', 1, member(i))),
        },
      ]),
      9,
    ),
    { min: 300_000 },
  );

  console.log('## Throughput (ops/s, median of interleaved rounds; ratio = embedis / contender)\n');
  console.log('| workload | contender | ops/s | embedis is |');
  console.log('|---|---|---|---|');
  for (const r of results) console.log(`| ${r.join(' | ')} |`);
  console.log();

  // ---- memory: all-in bytes per member, the member strings included ----
  const heap = (): number => {
    for (let i = 0; i < 4; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  const before = heap();
  const fresh = new Store();
  {
    const ms = fixedWidthStrings('q', SIZE);
    for (let i = 0; i < SIZE; i += 10_000) {
      const batch: [number, string][] = [];
      for (let j = i; j < i + 10_000; j++) batch.push([j, ms[j]!]);
      fresh.zadd('z', batch);
    }
  }
  const embedisBytes = (heap() - before) / SIZE;
  sink += fresh.zcard('z');
  const before2 = heap();
  const bt = new BTree<Key, undefined>(undefined, compareKeys);
  const sm = new Map<string, number>();
  {
    const ms = fixedWidthStrings('r', SIZE);
    for (let i = 0; i < SIZE; i++) {
      bt.set([i, ms[i]!], undefined);
      sm.set(ms[i]!, i);
    }
  }
  const btreeBytes = (heap() - before2) / SIZE;
  sink += bt.size + sm.size;
  let redisBytes = Number.NaN;
  if (redis !== null) {
    const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    redisBytes = (used - redisBaseline) / SIZE;
  }
  console.log('## Memory per member (16-byte members, all-in)\n');
  console.log('| contender | bytes/member |');
  console.log('|---|---|');
  console.log(`| embedis Store (zset) | ${embedisBytes.toFixed(1)} |`);
  console.log(`| sorted-btree + Map | ${btreeBytes.toFixed(1)} |`);
  if (redis !== null) console.log(`| redis-server used_memory | ${redisBytes.toFixed(1)} |`);
  console.log();
  bars.push(['memory per member', embedisBytes.toFixed(1), '<= 120', embedisBytes <= 120 ? 'pass' : 'FAIL']);

  console.log('## Bars (issue #5)\n');
  console.log('| bar | embedis | target | |');
  console.log('|---|---|---|---|');
  for (const b of bars) console.log(`| ${b.join(' | ')} |`);
  console.log(`\n(sink ${sink > 0 ? 'ok' : sink})`);

  redis?.disconnect();
  await server?.stop();
}

await main();

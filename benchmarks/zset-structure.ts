// Micro-benchmark of the sorted-set structure alone (src/types/zset.ts), at 1M members of 16
// bytes: the operations the Z* commands are built from, against issue #5's bars, beside
// sorted-btree + a Map (the obvious alternative, which has no rank/select).
//
//   npx tsx benchmarks/bundled.ts zset-structure            # N = 1_000_000
//   ZSET_N=100000 npx tsx benchmarks/bundled.ts zset-structure
//
// Throughput: each operation walks a precomputed random order (members, scores, indexes), in
// batches timed with performance.now; the reported figure is the median of several rounds.
// sorted-btree has no rank or select, so its ZRANK and index-window rows count through the
// tree (forRange) — O(N) — and run a few operations only.
// Memory: V8 heapUsed delta after full GCs, in a fresh `node --expose-gc` child per contender,
// member strings included (Redis's used_memory includes its sds strings too).

import { execFileSync } from 'node:child_process';
import { arch, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import BTreeModule from 'sorted-btree';
import { SortedSet } from '../src/types/zset.js';
import { fixedWidth } from './data.js';
import { nodeScript } from './node-script.js';

// sorted-btree is CommonJS with `exports.default`; Node's ESM interop hands over module.exports.
const BTree = BTreeModule.default;

const N = Number(process.env.ZSET_N ?? 1_000_000);
/** Length of every precomputed random order (a power of two, walked with a mask). */
const ORDER = 1 << 16;
const MASK = ORDER - 1;

/** Issue #5's bars, in ops/s (memory in bytes per member). */
const BARS = { update: 300_000, rank: 400_000, range10: 1_000_000, byScore10: 500_000, bytes: 120 };
/** Redis 7.0 used_memory per member at 1M 16-byte members (skiplist + dict + sds). */
const REDIS_BYTES = 126;

/** xorshift32: a seeded PRNG, so every contender and every run sees the same order. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

type ScoreKind = 'int' | 'double';

/** Score of the i-th member: distinct-ish integers, or random doubles. */
function scoreOf(kind: ScoreKind, rand: () => number, i: number): number {
  return kind === 'int' ? Math.floor(rand() * N) + (i % 2) : rand() * 1e9;
}

type BTreeKey = [score: number, member: string];
const keyCompare = (a: BTreeKey, b: BTreeKey): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

interface BTreeSet {
  tree: InstanceType<typeof BTree<BTreeKey, undefined>>;
  map: Map<string, number>;
}

function loadSortedSet(members: string[], kind: ScoreKind): SortedSet {
  const rand = prng(42);
  const z = new SortedSet();
  for (let i = 0; i < members.length; i++) z.add(members[i], scoreOf(kind, rand, i));
  return z;
}

function loadBTree(members: string[], kind: ScoreKind): BTreeSet {
  const rand = prng(42);
  const tree = new BTree<BTreeKey, undefined>(undefined, keyCompare);
  const map = new Map<string, number>();
  for (let i = 0; i < members.length; i++) {
    const s = scoreOf(kind, rand, i);
    map.set(members[i], s);
    tree.set([s, members[i]], undefined);
  }
  return { tree, map };
}

/** Runs `fn(i)` for i = 0.. in batches; returns the median ops/s over `rounds` rounds. */
function throughput(
  fn: (i: number) => void,
  opts: { roundMs?: number; rounds?: number; batch?: number } = {},
): number {
  const { roundMs = 300, rounds = 5, batch = 1000 } = opts;
  let i = 0;
  // Warm-up: let the optimiser settle.
  const warmEnd = performance.now() + roundMs;
  while (performance.now() < warmEnd) for (let k = 0; k < batch; k++) fn(i++);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < roundMs) {
      for (let k = 0; k < batch; k++) fn(i++);
      ops += batch;
      t = performance.now();
    }
    rates.push((ops * 1000) / (t - t0));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}

/** Heap bytes per member of one contender, measured in a fresh child process. */
function heapPerMember(contender: string, kind: ScoreKind): number {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', ...nodeScript(self), '--memory', contender, kind],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ZSET_N: String(N) } },
  );
  return (JSON.parse(out.trim().split('\n').pop()!) as { perMember: number }).perMember;
}

/** Child side of {@link heapPerMember}. */
function memoryChild(contender: string, kind: ScoreKind): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const settled = (): number => {
    for (let k = 0; k < 4; k++) gc();
    return process.memoryUsage().heapUsed;
  };
  const build = (n: number): { size: number; held: unknown } => {
    const members = new Array<string>(n);
    for (let i = 0; i < n; i++) members[i] = fixedWidth('m', i);
    if (contender === 'SortedSet') {
      const z = loadSortedSet(members, kind);
      return { size: z.size, held: z };
    }
    const b = loadBTree(members, kind);
    return { size: b.map.size, held: b };
  };
  build(1000); // compile the load path on a throwaway set
  const before = settled();
  const held = build(N);
  const after = settled();
  if (held.size !== N) throw new Error(`holds ${held.size}, expected ${N}`);
  process.stdout.write(`${JSON.stringify({ perMember: (after - before) / N })}\n`);
}

const fmt = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(0)}k` : x.toFixed(x < 10 ? 2 : 0);

function main(): void {
  const members = new Array<string>(N);
  for (let i = 0; i < N; i++) members[i] = fixedWidth('m', i);
  const rand = prng(7);
  const pickMember = Array.from({ length: ORDER }, () => members[Math.floor(rand() * N)]);
  const pickScore = Array.from({ length: ORDER }, () => rand() * 1e9);
  const pickIndex = Array.from({ length: ORDER }, () => Math.floor(rand() * (N - 10)));
  const pickDelta = Array.from({ length: ORDER }, () => (rand() - 0.5) * 1000);

  console.log(
    `# sorted-set structure at N = ${N.toLocaleString('en')}, 16-byte members, random double scores`,
  );
  console.log(`node ${process.version}, ${arch()}, ${cpus()[0]?.model ?? 'unknown cpu'}\n`);

  const z = loadSortedSet(members, 'double');
  let sink = 0;
  const ours = {
    update: throughput((i) => {
      z.add(pickMember[i & MASK], pickScore[i & MASK] + (i >>> 16));
    }),
    increment: throughput((i) => {
      const m = pickMember[i & MASK];
      z.add(m, (z.score(m) as number) + pickDelta[i & MASK]);
    }),
    rank: throughput((i) => {
      sink += z.rank(pickMember[i & MASK]) as number;
    }),
    range10: throughput((i) => {
      const s = pickIndex[i & MASK];
      z.forEachInRange(s, s + 9, false, (_m, sc) => {
        sink += sc;
      });
    }),
    range10rev: throughput((i) => {
      const s = pickIndex[i & MASK];
      z.forEachInRange(s, s + 9, true, (_m, sc) => {
        sink += sc;
      });
    }),
    byScore10: throughput((i) => {
      const first = z.firstIndexByScore(pickScore[i & MASK], false);
      z.forEachInRange(first, first + 9, false, (_m, sc) => {
        sink += sc;
      });
    }),
  };
  z.checkValid();

  const b = loadBTree(members, 'double');
  const tree = b.tree;
  const map = b.map;
  const lowest: BTreeKey = [Number.NEGATIVE_INFINITY, ''];
  const theirs = {
    update: throughput((i) => {
      const m = pickMember[i & MASK];
      const old = map.get(m) as number;
      const s = pickScore[i & MASK] + (i >>> 16);
      tree.delete([old, m]);
      tree.set([s, m], undefined);
      map.set(m, s);
    }),
    rank: throughput(
      (i) => {
        const m = pickMember[i & MASK];
        sink += tree.forRange(lowest, [map.get(m) as number, m], false);
      },
      { roundMs: 200, rounds: 3, batch: 1 },
    ),
    range10: throughput(
      (i) => {
        const s = pickIndex[i & MASK];
        tree.forRange(lowest, [Number.POSITIVE_INFINITY, ''], false, (k, _v, n) => {
          if (n >= s) sink += k[0];
          return n >= s + 9 ? { break: true } : undefined;
        });
      },
      { roundMs: 200, rounds: 3, batch: 1 },
    ),
    byScore10: throughput((i) => {
      let left = 10;
      tree.forRange([pickScore[i & MASK], ''], [Number.POSITIVE_INFINITY, ''], false, (k) => {
        sink += k[0];
        return --left === 0 ? { break: true } : undefined;
      });
    }),
  };
  if (sink === 0.5) console.log(sink); // keep the work observable

  const memInt = heapPerMember('SortedSet', 'int');
  const memDouble = heapPerMember('SortedSet', 'double');
  const memBTree = heapPerMember('sorted-btree', 'double');

  const rows: Array<[string, string, string, string]> = [
    ['ZADD update (random new score)', fmt(ours.update), `>= ${fmt(BARS.update)}`, fmt(theirs.update)],
    ['ZINCRBY-like update (score ± 500)', fmt(ours.increment), '', ''],
    ['ZRANK', fmt(ours.rank), `>= ${fmt(BARS.rank)}`, `${fmt(theirs.rank)} (O(N) count)`],
    [
      'ZRANGE by index, window of 10',
      fmt(ours.range10),
      `>= ${fmt(BARS.range10)}`,
      `${fmt(theirs.range10)} (O(N) skip)`,
    ],
    ['ZREVRANGE by index, window of 10', fmt(ours.range10rev), `>= ${fmt(BARS.range10)}`, ''],
    ['ZRANGEBYSCORE … LIMIT 0 10', fmt(ours.byScore10), `>= ${fmt(BARS.byScore10)}`, fmt(theirs.byScore10)],
    ['memory, B/member (integer scores)', memInt.toFixed(1), `<= ${BARS.bytes} (Redis ${REDIS_BYTES})`, ''],
    [
      'memory, B/member (double scores)',
      memDouble.toFixed(1),
      `<= ${BARS.bytes} (Redis ${REDIS_BYTES})`,
      memBTree.toFixed(1),
    ],
  ];
  console.log('| operation | SortedSet ops/s | bar | sorted-btree + Map |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

const memoryArg = process.argv.indexOf('--memory');
if (memoryArg >= 0) memoryChild(process.argv[memoryArg + 1], process.argv[memoryArg + 2] as ScoreKind);
else main();

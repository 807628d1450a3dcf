// The append-only log's cost, on a real disk, in one run:
//
//   1. typed SET, appendfsync everysec vs no persistence, on the dataset: each store
//      holds 1M string keys (16-byte keys and values) and one sorted set of 1M members, and
//      `store.set(k, v)` overwrites keys in a random order, in batches of 10,000 sets followed by
//      one event-loop turn (setImmediate) so the log's write of the batch (and its encoding)
//      happens inside the timed window. Rounds interleaved. The logs start from a rewritten
//      base holding the dataset; with the default settings an automatic rewrite starts when the
//      log has doubled (in a worker thread: the files hold the dataset); a third store has automatic rewrites off. Bar: everysec (defaults) >= 0.5x no persistence.
//      The same on a keyspace of 100k strings only is reported too: there the unlogged SET
//      hits the cache more often, so the log's fixed cost per SET weighs more.
//   2. appendfsync always, 50 concurrent writers: 50 async loops each doing `store.set(k, v)`
//      then `await store.sync()` (resolved by the group commit that covers the write), for a
//      fixed time; acknowledged writes/s. Against redis-server 7.0 with `--appendonly yes
//      --appendfsync always` measured in the same run with `redis-benchmark -c 50 -t set`.
//      Bar: embedis >= 1x Redis.
//
// Writes results/aof.json and results/aof.md. Run: npx tsx benchmarks/bundled.ts aof

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/index.js';
import { DATASET, fixedWidthStrings, populate, randomOrder } from './data.js';
import { median } from './measure.js';
import { rewriteWorker } from './node-script.js';
import { findRedisServer } from './redis-server.js';

const SMALL_KEYS = 100_000;
const BATCH = 10_000;
const ROUNDS = 7;
const ROUND_MS = 400;
const WRITERS = 50;
const ALWAYS_MS = 3000;

const work = fs.mkdtempSync(join(process.cwd(), '.bench-aof-'));
const cleanups: (() => void)[] = [() => fs.rmSync(work, { recursive: true, force: true })];
const cleanup = (): void => {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      c();
    } catch {
      // best effort
    }
  }
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const keys = fixedWidthStrings('k', DATASET.strings);
const values = fixedWidthStrings('v', DATASET.strings);
const members = fixedWidthStrings('m', DATASET.zsetMembers);
const order = randomOrder(DATASET.strings, 1 << 20, 7);
const smallOrder = randomOrder(SMALL_KEYS, 1 << 20, 7);

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** ops/s of one batch of typed SETs plus the event-loop turn that flushes the log. */
async function setBatch(store: Store, order: Uint32Array, start: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) {
    const j = order[(start + i) & (order.length - 1)]!;
    store.set(keys[j]!, values[j]!);
  }
  await tick();
  return (BATCH * 1000) / (performance.now() - t0);
}

interface Workload1 {
  plain: number;
  everysec: number;
  ratio: number;
  noRewrite: number;
  noRewriteRatio: number;
  /** Automatic rewrites started in the defaults store during the rounds, and where they ran. */
  autoRewrites: number;
  rewriteMode: string;
  rounds: number[][];
}

/**
 * Workload 1 on the dataset (`small`: on the first 100k strings only, no zset), in its own
 * folder `name`.
 */
async function workload1(name: string, small: boolean): Promise<Workload1> {
  const ord = small ? smallOrder : order;
  const plain = new Store({ seed: 1 });
  // Default settings (automatic rewrites at 64 MB and 100 % growth: this workload triggers
  // several), and the same with automatic rewrites off, for the steady-state cost of logging.
  const logged = new Store({
    dir: join(work, name, 'everysec'),
    appendOnly: { fsync: 'everysec', rewriteWorker: rewriteWorker() },
    snapshot: false,
    seed: 1,
  });
  const quiet = new Store({
    dir: join(work, name, 'everysec-norewrite'),
    appendOnly: { fsync: 'everysec', autoRewritePercentage: 0, rewriteWorker: rewriteWorker() },
    snapshot: false,
    seed: 1,
  });
  cleanups.push(
    () => logged.close(),
    () => quiet.close(),
  );
  const stores = [plain, logged, quiet];
  for (const s of stores) {
    if (small) populate(s, keys.slice(0, SMALL_KEYS), values, []);
    else populate(s, keys, values, members);
  }
  // The logs start from a base holding the dataset, as after a restart: the preload's own
  // appends would otherwise trigger a full rewrite inside the first measured rounds.
  for (const s of [logged, quiet]) await s.persistence.log!.rewriteInBackground(s);
  const rewritesBefore = logged.persistence.log!.info().rewrites;
  const rounds: number[][] = stores.map(() => []);
  let pos = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, store] of stores.entries()) {
      const samples: number[] = [];
      const end = performance.now() + ROUND_MS;
      // Warm up, then measure.
      await setBatch(store, ord, pos);
      while (performance.now() < end) {
        samples.push(await setBatch(store, ord, pos));
        pos += BATCH;
      }
      rounds[i]!.push(median(samples));
    }
  }
  await logged.sync();
  const info = logged.persistence.log!.info();
  for (const s of stores) s.close();
  const ratioOf = (k: number): number => median(rounds[k]!.map((x, i) => x / rounds[0]![i]!));
  return {
    plain: median(rounds[0]!),
    everysec: median(rounds[1]!),
    ratio: ratioOf(1),
    noRewrite: median(rounds[2]!),
    noRewriteRatio: ratioOf(2),
    autoRewrites: info.rewrites - rewritesBefore,
    rewriteMode: info.rewriteMode,
    rounds,
  };
}

async function workload2(): Promise<{ acked: number; fsyncs: number; perFsync: number }> {
  const dir = join(work, 'always');
  const store = new Store({ dir, appendOnly: { fsync: 'always' }, snapshot: false, seed: 2 });
  cleanups.push(() => store.close());
  let acked = 0;
  let stop = false;
  const writer = async (w: number): Promise<void> => {
    let i = w;
    while (!stop) {
      const j = order[i++ & (order.length - 1)]!;
      store.set(keys[j]!, values[j]!);
      await store.sync();
      acked++;
    }
  };
  const log = store.persistence.log!;
  const fsyncsBefore = (log as unknown as { writer: { fsyncs: number } }).writer.fsyncs;
  const t0 = performance.now();
  const loops = Array.from({ length: WRITERS }, (_, w) => writer(w * 1000));
  await new Promise((r) => setTimeout(r, ALWAYS_MS));
  stop = true;
  await Promise.all(loops);
  const seconds = (performance.now() - t0) / 1000;
  const fsyncs = (log as unknown as { writer: { fsyncs: number } }).writer.fsyncs - fsyncsBefore;
  store.close();
  return { acked: acked / seconds, fsyncs: fsyncs / seconds, perFsync: acked / Math.max(1, fsyncs) };
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    if (port !== 6379) return port;
  }
}

/** redis-benchmark -c 50 -t set against redis-server with appendfsync always. */
async function redisAlways(bin: string): Promise<{ rps: number; version: string } | null> {
  const benchBin = bin.replace(/redis-server$/, 'redis-benchmark');
  if (spawnSync(benchBin, ['--version']).status !== 0) return null;
  const version = /v=(\S+)/.exec(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const port = await freePort();
  const dir = join(work, 'redis');
  fs.mkdirSync(dir);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no');
  const child: ChildProcess = spawn(bin, args, { stdio: 'ignore' });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
  });
  for (let i = 0; i < 200; i++) {
    const r = spawnSync(benchBin.replace(/redis-benchmark$/, 'redis-cli'), ['-p', String(port), 'PING'], {
      encoding: 'utf8',
    });
    if (r.stdout.trim() === 'PONG') break;
    await new Promise((res) => setTimeout(res, 25));
  }
  const r = spawnSync(
    benchBin,
    ['-p', String(port), '-c', String(WRITERS), '-t', 'set', '-n', '60000', '-q'],
    {
      encoding: 'utf8',
    },
  );
  process.kill(child.pid!, 'SIGKILL');
  const m = /SET: ([\d.]+) requests per second/.exec(r.stdout.replace(/\r/g, '\n'));
  return m === null ? null : { rps: Number(m[1]), version };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const started = Date.now();
  const load0 = loadavg()[0]!;
  const w1 = await workload1('dataset', false);
  const w1small = await workload1('small', true);
  const w2 = await workload2();
  const bin = findRedisServer();
  const redis = bin === undefined ? null : await redisAlways(bin);
  const machine = {
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeGiB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    load: { start: load0, end: loadavg()[0]! },
  };
  const bars = [
    {
      text: 'typed SET, appendfsync everysec >= 0.5x no persistence',
      actual: w1.ratio,
      limit: 0.5,
      pass: w1.ratio >= 0.5,
    },
    ...(redis === null
      ? []
      : [
          {
            text: `appendfsync always, ${WRITERS} writers: embedis >= 1x redis-server ${redis.version}`,
            actual: w2.acked / redis.rps,
            limit: 1,
            pass: w2.acked >= redis.rps,
          },
        ]),
  ];
  const results = {
    machine,
    workload1: w1,
    workload1small: w1small,
    workload2: w2,
    redis,
    bars,
    seconds: (Date.now() - started) / 1000,
  };
  const md = [
    '# Append-only log benchmarks',
    '',
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}, load ${machine.load.start.toFixed(2)} → ${machine.load.end.toFixed(2)}. Files on the local disk.`,
    '',
    '| workload | ops/s |',
    '|---|---:|',
    `| typed SET, no persistence | ${fmt(w1.plain)} |`,
    `| typed SET, appendfsync everysec (defaults: automatic rewrites on; ${w1.autoRewrites} started during the rounds, ${w1.rewriteMode === 'worker' ? 'in a worker thread' : 'on the event loop'}) | ${fmt(w1.everysec)} (${w1.ratio.toFixed(2)}x) |`,
    `| typed SET, appendfsync everysec, automatic rewrites off | ${fmt(w1.noRewrite)} (${w1.noRewriteRatio.toFixed(2)}x) |`,
    `| typed SET on 100k keys only, no persistence | ${fmt(w1small.plain)} |`,
    `| typed SET on 100k keys only, appendfsync everysec (defaults; ${w1small.autoRewrites} automatic rewrites) | ${fmt(w1small.everysec)} (${w1small.ratio.toFixed(2)}x) |`,
    `| typed SET on 100k keys only, appendfsync everysec, automatic rewrites off | ${fmt(w1small.noRewrite)} (${w1small.noRewriteRatio.toFixed(2)}x) |`,
    `| appendfsync always, ${WRITERS} writers (set + await sync) | ${fmt(w2.acked)} acknowledged writes/s, ${fmt(w2.fsyncs)} fsyncs/s, ${w2.perFsync.toFixed(1)} writes per fsync |`,
    redis === null
      ? '| redis-server appendfsync always | (redis-server or redis-benchmark not found) |'
      : `| redis-server ${redis.version} appendfsync always, redis-benchmark -c ${WRITERS} -t set | ${fmt(redis.rps)} |`,
    '',
    '| bar | actual | pass |',
    '|---|---:|---|',
    ...bars.map((b) => `| ${b.text} | ${b.actual.toFixed(2)} | ${b.pass ? 'PASS' : 'FAIL'} |`),
    '',
  ].join('\n');
  fs.mkdirSync(join(process.cwd(), 'benchmarks', 'results'), { recursive: true });
  fs.writeFileSync(
    join(process.cwd(), 'benchmarks', 'results', 'aof.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  fs.writeFileSync(join(process.cwd(), 'benchmarks', 'results', 'aof.md'), md);
  console.log(md);
  cleanup();
}

main().catch((e) => {
  console.error(e);
  cleanup();
  process.exit(1);
});

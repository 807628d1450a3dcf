// Snapshot benchmarks (issue: persistence): 1M string keys (16-byte keys and values) plus one
// sorted set of 1M members, in embedis and in a redis-server 7.0 started by this run:
//
//   SAVE     embedis SnapshotAdapter.snapshot (temp file, fsync, rename, fsync dir) vs redis SAVE
//   load     embedis SnapshotAdapter.load into a new Store in a new process (this script with
//            --load: cold JIT, nothing else in the heap, as at startup) vs redis-server's "DB loaded
//            from disk" after a restart on the same dump.rdb; also reported: a load into a second
//            Store of this process while the populated one is still in memory
//   BGSAVE   wall time, and the longest event-loop stall while it runs (perf_hooks
//            monitorEventLoopDelay, 1 ms resolution, watching from a tick before the command so
//            its synchronous start counts too), with GC pauses reported apart
//   BGREWRITEAOF  the same, for a rewrite in a worker thread (the default) and one on the
//            event loop (rewriteWorker: false)
//
// Bars: SAVE <= 1.5 s, load <= 1.5 s, max stall during BGSAVE and BGREWRITEAOF <= 50 ms. Each embedis figure is
// the median of 3 runs. Writes benchmarks/results/persistence.{json,md}.
//
// Run: npm run bench:persistence   (about a minute; prints the load average — the
// machine is shared, so compare embedis with the redis-server figures of the same run)

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Store } from '../src/index.js';
import { AofAdapter } from '../src/persistence/aof.js';
import { SnapshotAdapter } from '../src/persistence/snapshot.js';
import { DATASET, datasetScore, fixedWidthStrings, populate } from './data.js';
import { fullGc, median } from './measure.js';
import { nodeScript, rewriteWorker } from './node-script.js';
import { findRedisServer, freePort } from './redis-server.js';
import { type Machine, machine, machineText } from './report.js';

const N = DATASET.strings;
const ZSET = DATASET.zsetMembers;
const REPS = 3;
const BARS = { saveMs: 1500, loadMs: 1500, stallMs: 50 };

const SELF = fileURLToPath(import.meta.url);

// Built by main() only: a --load child keeps its heap as a starting process has it.
let keys: string[] = [];
let values: string[] = [];
let members: string[] = [];
function populated(): Store {
  const store = new Store();
  populate(store, keys, values, members);
  return store;
}

/**
 * A started event-loop delay histogram, after its first tick: it records the delay between two
 * of its timer's runs, so a stall before the first one would go unseen.
 */
async function watchedLoop(): Promise<ReturnType<typeof monitorEventLoopDelay>> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await new Promise((r) => setTimeout(r, 20));
  return h;
}

/** The --load child: loads the snapshot in `dir` into a new Store; prints the time in ms. */
function loadChild(dir: string): void {
  fullGc();
  const t = performance.now();
  const res = new SnapshotAdapter(dir).load(new Store());
  const ms = performance.now() - t;
  if (res.items !== N + 1) throw new Error(`loaded ${res.items} keys`);
  process.stdout.write(`${JSON.stringify({ ms })}\n`);
}

/** A load at startup: {@link loadChild} in a new process. */
function loadInNewProcess(dir: string): number {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeScript(SELF), '--load', dir], {
    encoding: 'utf8',
  });
  return (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms;
}

interface EmbedisFigures {
  saveMs: number[];
  /** Load into a new Store in a new process (startup). */
  loadMs: number[];
  /** Load into a second Store of the benchmark process, the populated one still alive. */
  loadInProcessMs: number[];
  bgsaveMs: number[];
  maxStallMs: number[];
  p99StallMs: number[];
  maxGcPauseMs: number[];
  /** The longest event-loop stall while BGREWRITEAOF rewrites on the event loop, per run. */
  rewriteMaxStallMs: number[];
  /** BGREWRITEAOF on the event loop: wall time, per run. */
  rewriteMs: number[];
  /** The longest event-loop stall while a worker thread rewrites, per run. */
  workerRewriteMaxStallMs: number[];
  /** BGREWRITEAOF in a worker thread: wall time, per run. */
  workerRewriteMs: number[];
  /** The longest event-loop delay over 1 s with nothing running: what the machine alone causes. */
  idleMaxStallMs: number[];
  fileBytes: number;
}

async function measureEmbedis(): Promise<EmbedisFigures> {
  const store = populated();
  const dir = mkdtempSync(join(tmpdir(), 'embedis-bench-snap-'));
  const adapter = new SnapshotAdapter(dir);
  const f: EmbedisFigures = {
    saveMs: [],
    loadMs: [],
    loadInProcessMs: [],
    bgsaveMs: [],
    maxStallMs: [],
    p99StallMs: [],
    maxGcPauseMs: [],
    idleMaxStallMs: [],
    rewriteMaxStallMs: [],
    rewriteMs: [],
    workerRewriteMaxStallMs: [],
    workerRewriteMs: [],
    fileBytes: 0,
  };
  try {
    for (let r = 0; r < REPS; r++) {
      fullGc();
      const t = performance.now();
      const res = adapter.snapshot(store);
      f.saveMs.push(performance.now() - t);
      f.fileBytes = res.bytes;
    }
    for (let r = 0; r < REPS; r++) {
      fullGc();
      const t = performance.now();
      const loaded = new Store();
      const res = adapter.load(loaded);
      f.loadInProcessMs.push(performance.now() - t);
      if (res.items !== N + 1) throw new Error(`loaded ${res.items} keys`);
    }
    for (let r = 0; r < REPS; r++) f.loadMs.push(loadInNewProcess(dir));
    for (let r = 0; r < REPS; r++) {
      fullGc();
      const idle = monitorEventLoopDelay({ resolution: 1 });
      idle.enable();
      await new Promise((res) => setTimeout(res, 1000));
      idle.disable();
      f.idleMaxStallMs.push(idle.max / 1e6);
      let gcMax = 0;
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration);
      });
      obs.observe({ entryTypes: ['gc'] });
      const h = await watchedLoop();
      const t = performance.now();
      await adapter.snapshotInBackground(store);
      f.bgsaveMs.push(performance.now() - t);
      h.disable();
      obs.disconnect();
      f.maxStallMs.push(h.max / 1e6);
      f.p99StallMs.push(h.percentile(99) / 1e6);
      f.maxGcPauseMs.push(gcMax);
    }
    // BGREWRITEAOF of the same dataset, the event loop watched the same way. The log starts on
    // the populated store (its first base written from memory, before the measurement), as a
    // store whose log loaded at startup has it; then a rewrite in a worker thread (the default)
    // and one on the event loop (rewriteWorker: false, or when the files do not hold the store).
    for (const mode of ['worker', 'event-loop'] as const) {
      for (let r = 0; r < REPS; r++) {
        const aofDir = mkdtempSync(join(tmpdir(), 'embedis-bench-aof-'));
        const aof = new AofAdapter(aofDir, {
          autoRewritePercentage: 0,
          rewriteWorker: mode === 'worker' ? rewriteWorker() : false,
        });
        aof.load(store);
        const detach = aof.attach(store);
        try {
          // After the first base's garbage, as for BGSAVE.
          fullGc();
          const h = await watchedLoop();
          const t = performance.now();
          await aof.rewriteInBackground(store);
          const ms = performance.now() - t;
          h.disable();
          if (aof.info().rewriteMode !== mode) throw new Error(`rewrote in mode ${aof.info().rewriteMode}`);
          (mode === 'worker' ? f.workerRewriteMs : f.rewriteMs).push(ms);
          (mode === 'worker' ? f.workerRewriteMaxStallMs : f.rewriteMaxStallMs).push(h.max / 1e6);
        } finally {
          detach();
          aof.close();
          rmSync(aofDir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return f;
}

/** Starts redis-server on `dir` and resolves with it and its startup log once it is ready. */
function startRedis(bin: string, port: number, dir: string): Promise<{ child: ChildProcess; log: string }> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  const child = spawn(bin, [...args, '--dbfilename', 'dump.rdb', '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`redis-server not ready:\n${log}`)), 60_000);
    const onData = (b: Buffer): void => {
      log += b.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve({ child, log });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${log}`));
    });
  });
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

interface RedisFigures {
  version: string;
  saveMs: number[];
  loadMs: number[];
  fileBytes: number;
}

async function measureRedis(bin: string): Promise<RedisFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'embedis-bench-rdb-'));
  const port = await freePort();
  let { child, log } = await startRedis(bin, port, dir);
  const version = /Redis version=([^\s,]+)/.exec(log)?.[1] ?? 'unknown';
  const f: RedisFigures = { version, saveMs: [], loadMs: [], fileBytes: 0 };
  try {
    let redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: true });
    await redis.connect();
    for (let i = 0; i < N; i += 10_000) {
      const p = redis.pipeline();
      for (let j = i; j < i + 10_000; j += 1000) {
        const args: string[] = [];
        for (let k = j; k < j + 1000; k++) args.push(keys[k]!, values[k]!);
        p.mset(...args);
      }
      await p.exec();
    }
    for (let i = 0; i < ZSET; i += 10_000) {
      const p = redis.pipeline();
      for (let j = i; j < i + 10_000; j += 1000) {
        const args: (string | number)[] = [];
        for (let k = j; k < j + 1000; k++) args.push(datasetScore(k), members[k]!);
        p.zadd('zset', ...args);
      }
      await p.exec();
    }
    for (let r = 0; r < REPS; r++) {
      const t = performance.now();
      await redis.save();
      f.saveMs.push(performance.now() - t);
    }
    f.fileBytes = statSync(join(dir, 'dump.rdb')).size;
    redis.disconnect();
    for (let r = 0; r < REPS; r++) {
      await stopRedis(child);
      ({ child, log } = await startRedis(bin, port, dir));
      const m = /DB loaded from disk: ([\d.]+) seconds/.exec(log);
      if (m === null) throw new Error(`no load time in the log:\n${log}`);
      f.loadMs.push(Number(m[1]) * 1000);
    }
    redis = new Redis({ port, host: '127.0.0.1' });
    const n = await redis.dbsize();
    redis.disconnect();
    if (n !== N + 1) throw new Error(`redis-server loaded ${n} keys`);
  } finally {
    await stopRedis(child);
    rmSync(dir, { recursive: true, force: true });
  }
  return f;
}

const fmt = (ms: number): string => `${Math.round(ms)} ms`;
const verdict = (v: number, bar: number): string => (v <= bar ? 'PASS' : 'FAIL');

async function main(): Promise<void> {
  keys = fixedWidthStrings('k', N);
  values = fixedWidthStrings('v', N);
  members = fixedWidthStrings('m', ZSET);
  const m: Machine = machine();
  console.log(`# embedis snapshot benchmarks\n${machineText(m)}`);
  const e = await measureEmbedis();
  const bin = findRedisServer();
  const r = bin === undefined ? null : await measureRedis(bin);
  m.load.end = loadavg()[0]!;

  const rows = [
    ['SAVE (1M strings + 1M-member zset)', median(e.saveMs), r === null ? Number.NaN : median(r.saveMs)],
    ['load at startup (a new process)', median(e.loadMs), r === null ? Number.NaN : median(r.loadMs)],
    [
      'load into a second store, the first still in memory',
      median(e.loadInProcessMs),
      r === null ? Number.NaN : median(r.loadMs),
    ],
  ] as const;
  const bars = [
    { text: `SAVE <= ${BARS.saveMs} ms`, value: median(e.saveMs), bar: BARS.saveMs },
    { text: `load <= ${BARS.loadMs} ms`, value: median(e.loadMs), bar: BARS.loadMs },
    {
      text: `max event-loop stall during BGSAVE <= ${BARS.stallMs} ms`,
      value: median(e.maxStallMs),
      bar: BARS.stallMs,
    },
    {
      text: `max event-loop stall during BGREWRITEAOF (worker thread) <= ${BARS.stallMs} ms`,
      value: median(e.workerRewriteMaxStallMs),
      bar: BARS.stallMs,
    },
    {
      text: `max event-loop stall during BGREWRITEAOF (event loop) <= ${BARS.stallMs} ms`,
      value: median(e.rewriteMaxStallMs),
      bar: BARS.stallMs,
    },
  ];
  const lines = [
    '# Snapshot benchmarks',
    '',
    `Dataset: ${N.toLocaleString('en')} string keys (16-byte keys and values) and one sorted set of ${ZSET.toLocaleString('en')} members (16-byte members). Median of ${REPS} runs each.`,
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8}), ${m.date}`,
    `- load average (1 min): ${m.load.start.toFixed(2)} at start, ${m.load.end.toFixed(2)} at end (a shared machine: compare with redis-server in the same run)`,
    r === null
      ? '- redis-server: not found, not measured'
      : `- redis-server ${r.version}, same data, same machine, same run`,
    '',
    '| operation | embedis | redis-server | embedis / redis |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      ([name, a, b]) =>
        `| ${name} | ${fmt(a)} | ${Number.isNaN(b) ? '—' : fmt(b)} | ${Number.isNaN(b) ? '—' : `${(a / b).toFixed(2)}x`} |`,
    ),
    `| BGSAVE wall time | ${fmt(median(e.bgsaveMs))} | — | — |`,
    `| max event-loop stall during BGSAVE | ${median(e.maxStallMs).toFixed(1)} ms (runs: ${e.maxStallMs.map((x) => x.toFixed(1)).join(', ')}) | 0 (fork) | — |`,
    `| p99 event-loop delay during BGSAVE | ${median(e.p99StallMs).toFixed(1)} ms | — | — |`,
    `| BGREWRITEAOF in a worker thread: wall time | ${fmt(median(e.workerRewriteMs))} | — | — |`,
    `| max event-loop stall during BGREWRITEAOF in a worker thread | ${median(e.workerRewriteMaxStallMs).toFixed(1)} ms (runs: ${e.workerRewriteMaxStallMs.map((x) => x.toFixed(1)).join(', ')}) | 0 (fork) | — |`,
    `| BGREWRITEAOF on the event loop: wall time | ${fmt(median(e.rewriteMs))} | — | — |`,
    `| max event-loop stall during BGREWRITEAOF on the event loop | ${median(e.rewriteMaxStallMs).toFixed(1)} ms (runs: ${e.rewriteMaxStallMs.map((x) => x.toFixed(1)).join(', ')}) | 0 (fork) | — |`,
    `| longest GC pause during BGSAVE | ${median(e.maxGcPauseMs).toFixed(1)} ms | — | — |`,
    `| max event-loop delay over 1 s idle (the machine's own noise) | ${median(e.idleMaxStallMs).toFixed(1)} ms | — | — |`,
    `| file size | ${(e.fileBytes / 2 ** 20).toFixed(1)} MiB | ${r === null ? '—' : `${(r.fileBytes / 2 ** 20).toFixed(1)} MiB`} | — |`,
    '',
    '## Bars',
    '',
    ...bars.map(
      (b) => `- ${b.text}: ${b.value.toFixed(b.bar < 100 ? 1 : 0)} ms **${verdict(b.value, b.bar)}**`,
    ),
    '',
    '## Runs',
    '',
    `- embedis SAVE: ${e.saveMs.map(fmt).join(', ')}; load at startup: ${e.loadMs.map(fmt).join(', ')}; load in process: ${e.loadInProcessMs.map(fmt).join(', ')}; BGSAVE: ${e.bgsaveMs.map(fmt).join(', ')}`,
    r === null
      ? ''
      : `- redis-server SAVE: ${r.saveMs.map(fmt).join(', ')}; load: ${r.loadMs.map(fmt).join(', ')}`,
    '',
  ];
  const md = lines.join('\n');
  console.log(md);
  const dir = new URL('./results/', import.meta.url);
  writeFileSync(new URL('persistence.md', dir), md);
  writeFileSync(
    new URL('persistence.json', dir),
    `${JSON.stringify({ machine: m, dataset: { strings: N, zsetMembers: ZSET }, embedis: e, redis: r, bars }, null, 2)}\n`,
  );
}

if (process.argv[2] === '--load') loadChild(process.argv[3]!);
else await main();

// Throughput on tinybench. Each task call runs a batch of `ops` operations walking a precomputed
// key order, so the clock read and tinybench's per-sample bookkeeping are paid once per batch
// instead of once per operation — a Map.get costs less than one clock read. ops/s = samples'
// batch throughput x ops.
//
// Samples are timed on the wall clock. BENCH_CLOCK=cpu times in-process work on this process's
// CPU time instead (process.cpuUsage: 1 µs resolution, ~1.4 µs a read, against batches of
// ~0.5 ms or more), which leaves out the time other processes hold the core on a busy shared
// machine (but counts GC helper threads). Work that waits on another process (redis-server) is
// always timed on the wall clock.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench, type TimestampProvider } from 'tinybench';

/** One contender of a workload: a function doing `ops` operations per call. */
export interface TaskSpec {
  name: string;
  /** Operations done by one call of `fn`. */
  ops: number;
  fn: () => unknown;
  /** True when `fn` returns a Promise (awaited inside the timed window). */
  async?: boolean;
}

/** Measured throughput of one contender. */
export interface Throughput {
  name: string;
  /**
   * Ops per second: the median over rounds of each round's median batch throughput. Robust to
   * a GC pause, and to a noisy neighbour that lands on one round of one contender.
   */
  opsMedian: number;
  /** Total operations / total time over all rounds: the long-run rate, GC pauses included. */
  opsMean: number;
  /** Spread of the rounds' medians, (max - min) / median, in percent: run-to-run noise. */
  spread: number;
  /** Number of samples (batches) measured, all rounds together. */
  samples: number;
  /** Operations per sample. */
  batch: number;
  /** Each round's median ops/s, in round order. */
  rounds: number[];
  /**
   * Rows of one `measure()` call share a session: their rounds ran interleaved, so ratios
   * between them are taken round by round (see report.ts).
   */
  session: number;
}

/** What a sample's duration is: this process's CPU time, or elapsed wall time. */
export type ClockKind = 'cpu' | 'wall';

/** CPU time of this process (all threads, user + system), in ms. */
const cpuTime: TimestampProvider = {
  name: 'process.cpuUsage',
  fn: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  fromMs: (ms) => ms,
  toMs: (v) => Number(v),
};

/** Time budgets, in ms, the number of rounds, and the clock. */
export interface MeasureOptions {
  clock: ClockKind;
  /** Measured time per task, split evenly over the rounds. */
  time: number;
  /** Warmup before the first round; later rounds warm up for a tenth of it. */
  warmupTime: number;
  rounds: number;
}

/**
 * A full GC before every round, so garbage left by the previous workload is not collected on
 * this one's clock (within a round, contenders that allocate — ioredis-mock creates Promises and
 * more per call — may leave some to the next: the median over rounds absorbs that, and a full GC
 * per task, 0.1-0.2 s each with this heap, would double the run time). `npm run bench` runs
 * without --expose-gc, so the flag is turned on at run time and `gc` taken from a new context.
 */
export const fullGc: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Runs the tasks in `rounds` rounds, each task once per round (warmup, then time/rounds ms), so
 * the contenders alternate in time and a burst of load on a shared machine skews one round of
 * one contender, which the median over rounds then drops.
 */
let sessions = 0;

export async function measure(specs: readonly TaskSpec[], options: MeasureOptions): Promise<Throughput[]> {
  const session = ++sessions;
  const perRound = specs.map(() => ({ medians: [] as number[], ms: 0, samples: 0 }));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      time: options.time / options.rounds,
      warmupTime: round === 0 ? options.warmupTime : options.warmupTime / 10,
      // tinybench's defaults (64 runs, 16 warmup runs at least) would stretch a round of a
      // 10 ms batch far past its time budget; the budget, not a count, bounds a round here.
      iterations: 8,
      warmupIterations: 2,
      throws: true,
      timestampProvider: options.clock === 'cpu' ? cpuTime : 'performanceNow',
    });
    fullGc();
    for (const [i, s] of specs.entries()) bench.add(`${i}`, s.fn, { async: s.async === true });
    await bench.run();
    for (const [i, s] of specs.entries()) {
      const r = bench.getTask(`${i}`)!.result;
      if (r.state !== 'completed') throw new Error(`benchmark task '${s.name}' ended as ${r.state}`);
      const acc = perRound[i]!;
      acc.medians.push(r.throughput.p50 * s.ops);
      acc.ms += r.totalTime;
      acc.samples += r.latency.samplesCount;
    }
  }
  return specs.map((s, i) => {
    const acc = perRound[i]!;
    const mid = median(acc.medians);
    return {
      name: s.name,
      opsMedian: mid,
      opsMean: ((acc.samples * s.ops) / acc.ms) * 1000,
      spread: ((Math.max(...acc.medians) - Math.min(...acc.medians)) / mid) * 100,
      samples: acc.samples,
      batch: s.ops,
      rounds: acc.medians,
      session,
    };
  });
}

// `npx tsx benchmarks/bundled.ts stream-structure`: the stream type (src/types/stream.ts) at the typed
// level, against the bars of issue #6, on entries shaped like an event log — user = 16 distinct
// bytes, action = 'click', ts = 13 distinct digits, IDs from XADD `*` with a clock that ticks
// every 16 entries (so both the new-ms and the same-ms sequence paths run).
//
//   add        XADD * with 3 fields on a stream that already holds >= 1M entries   bar >= 1M ops/s
//   range      XRANGE <random existing id> + COUNT 10, entries built               bar >= 500k ops/s
//              (Stream.range's StreamEntry objects; XRANGE's own reply path, replyRange; a
//              cursor; and, for scale, a reader paging through with XRANGE (<last id> + COUNT 10)
//   trim       XTRIM MAXLEN ~ (whole nodes), per entry removed                     bar <= 50 ns
//   memory     heap + ArrayBuffer delta per entry, in a `--expose-gc` child        bar <= 80 B (Redis 7.0: 44)
//
// Throughput is the median of several rounds; each round times one batch, so the clock is read
// once per batch. Samples are timed on the wall clock; BENCH_CLOCK=cpu times them on this
// process's CPU time instead (as benchmarks/measure.ts does), which leaves out the time other
// processes hold the core on a busy shared machine. Memory is measured in a child process of its
// own with --expose-gc, so nothing else shares the heap; so is every other phase, so no phase
// collects another's garbage (`npx tsx benchmarks/bundled.ts stream-structure --phase add`).

import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultApproxTrimLimit, Stream } from '../src/types/stream.js';
import {
  formatId,
  incrId,
  MAX_ID,
  MIN_ID,
  parseXAddId,
  type StreamId,
  streamId,
} from '../src/types/stream-id.js';
import { nodeScript } from './node-script.js';

const N = 1_000_000;
const CLOCK = process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
/** Milliseconds on the chosen clock. */
const now: () => number =
  CLOCK === 'cpu'
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => performance.now();
const AUTO = parseXAddId('*');
const BASE_MS = 1_700_000_000_000;

/** The i-th entry's fields, built fresh (as parsed arguments would be). */
function fieldsOf(i: number): string[] {
  return ['user', 'u' + String(i).padStart(15, '0'), 'action', 'click', 'ts', String(BASE_MS + i * 7)];
}

/** Fills a stream with n entries; the clock moves one ms every 16 entries. */
function fill(s: Stream, from: number, n: number): void {
  for (let i = from; i < from + n; i++) s.addWithIdArg(AUTO, fieldsOf(i), BASE_MS + (i >> 4));
}

/** murmur3's 32-bit finaliser: consecutive inputs to well-spread outputs. */
function mix32(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function fmtOps(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}k`;
}

function benchAdd(): number {
  const s = new Stream();
  fill(s, 0, N);
  const rounds: number[] = [];
  const BATCH = 50_000;
  // Precompute the batches' fields outside the timed window: building strings is the caller's cost.
  let next = N;
  for (let r = 0; r < 21; r++) {
    const batch: string[][] = [];
    for (let i = 0; i < BATCH; i++) batch.push(fieldsOf(next + i));
    const t0 = now();
    for (let i = 0; i < BATCH; i++) s.addWithIdArg(AUTO, batch[i]!, BASE_MS + ((next + i) >> 4));
    const dt = now() - t0;
    next += BATCH;
    rounds.push(BATCH / (dt / 1000));
  }
  s.checkValid();
  return median(rounds);
}

function benchRange(): { entries: number; reply: number; cursor: number; paging: number } {
  const s = new Stream();
  fill(s, 0, N);
  // Start IDs as XRANGE would parse them: fresh objects naming random existing entries (fill gives
  // entry i the ID <BASE_MS + i/16>-<i%16>). The picks go through a full-avalanche hash: a plain
  // LCG's correlated picks hit the cache often enough to move the result by half.
  const ORDER = 1 << 14;
  const starts: StreamId[] = [];
  for (let i = 0; i < ORDER; i++) {
    const j = mix32(i) % (N - 20);
    starts.push(streamId(BASE_MS + (j >> 4), j & 15));
  }
  if (!s.has(starts[0]!)) throw new Error('start IDs do not name entries');
  const startTexts = starts.map(formatId);
  const BATCH = 100_000;
  const entries: number[] = [];
  const reply: number[] = [];
  const cursor: number[] = [];
  const paging: number[] = [];
  let sink = 0;
  let from: StreamId = MIN_ID;
  for (let r = 0; r < 7; r++) {
    // A reader paging through: each XRANGE starts right after the last ID it got.
    const t0p = now();
    for (let i = 0; i < BATCH; i++) {
      const page = s.range(from, MAX_ID, 10);
      from = page.length === 10 ? incrId(page[9]!.id)! : MIN_ID;
      sink += page.length;
    }
    paging.push(BATCH / ((now() - t0p) / 1000));
    let t0 = now();
    for (let i = 0; i < BATCH; i++) sink += s.range(starts[i & (ORDER - 1)]!, MAX_ID, 10).length;
    entries.push(BATCH / ((now() - t0) / 1000));
    // XRANGE's reply: [ID text, fields] pairs straight from the packed nodes.
    t0 = now();
    for (let i = 0; i < BATCH; i++) {
      const k = (i + 3) & (ORDER - 1);
      sink += s.replyRange(starts[k]!, MAX_ID, 10, false, null, startTexts[k]).length;
    }
    reply.push(BATCH / ((now() - t0) / 1000));
    // The reply path: ID strings and field lists straight from the cursor, no StreamId objects.
    t0 = now();
    for (let i = 0; i < BATCH; i++) {
      const c = s.cursor(starts[(i + 7) & (ORDER - 1)]!, MAX_ID);
      for (let k = 0; k < 10 && c.next(); k++) sink += c.idString().length + c.fields().length;
    }
    cursor.push(BATCH / ((now() - t0) / 1000));
  }
  if (sink === 0) throw new Error('no entries read');
  return { entries: median(entries), reply: median(reply), cursor: median(cursor), paging: median(paging) };
}

function benchTrim(): { approx: number; exact: number } {
  const approx: number[] = [];
  const exact: number[] = [];
  for (let r = 0; r < 5; r++) {
    let s = new Stream();
    fill(s, 0, N);
    // XTRIM MAXLEN ~ in steps, each within the default LIMIT (100 nodes' worth).
    const limit = defaultApproxTrimLimit(100);
    let removed = 0;
    let t0 = now();
    while (s.length > limit) removed += s.trimMaxLen(s.length - limit, true, limit);
    approx.push(((now() - t0) * 1e6) / removed);
    s.checkValid();
    s = new Stream();
    fill(s, 0, N);
    removed = 0;
    t0 = now();
    while (s.length > 1000) removed += s.trimMaxLen(s.length - 1000);
    exact.push(((now() - t0) * 1e6) / removed);
  }
  return { approx: median(approx), exact: median(exact) };
}

/** Heap + ArrayBuffer bytes per entry for n entries (needs --expose-gc). */
function memory(n: number): { heap: number; buffers: number; total: number; nodes: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const settle = () => {
    for (let i = 0; i < 4; i++) gc();
    const m = process.memoryUsage();
    return { heap: m.heapUsed, buffers: m.arrayBuffers };
  };
  const warm = new Stream();
  fill(warm, 0, 10_000);
  const before = settle();
  const s = new Stream();
  fill(s, 0, n);
  const after = settle();
  if (s.length !== n) throw new Error('wrong length');
  const heap = (after.heap - before.heap) / n;
  const buffers = (after.buffers - before.buffers) / n;
  return { heap, buffers, total: heap + buffers, nodes: s.nodeCount };
}

/** Runs one phase in a child process of its own and returns what it printed (JSON). */
function inChild<T>(phase: string, gcFlag: boolean): T {
  const self = fileURLToPath(import.meta.url);
  const flags = gcFlag ? ['--expose-gc'] : [];
  const r = spawnSync(process.execPath, [...flags, ...nodeScript(self), '--phase', phase], {
    encoding: 'utf8',
    env: process.env,
  });
  if (r.status !== 0) throw new Error(`${phase} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

function runPhase(phase: string): void {
  let result: unknown;
  if (phase === 'memory') result = memory(N);
  else if (phase === 'add') result = benchAdd();
  else if (phase === 'range') result = benchRange();
  else if (phase === 'trim') result = benchTrim();
  else throw new Error(`unknown phase ${phase}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(): void {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  console.log(
    `stream structure — Node ${process.version}, ${cpu} x${cpus().length}, ${N.toLocaleString()} entries, ${CLOCK} clock`,
  );
  // Each phase in a fresh process, so one phase's garbage is never collected in another's timing.
  const mem = inChild<ReturnType<typeof memory>>('memory', true);
  const add = inChild<number>('add', false);
  const range = inChild<ReturnType<typeof benchRange>>('range', false);
  const trim = inChild<ReturnType<typeof benchTrim>>('trim', false);
  const rows: [string, string, string, boolean][] = [
    ['XADD * (3 fields) on >= 1M entries', `${fmtOps(add)} ops/s`, '>= 1M ops/s', add >= 1e6],
    [
      'XRANGE <id> + COUNT 10 (entries)',
      `${fmtOps(range.entries)} ops/s`,
      '>= 500k ops/s',
      range.entries >= 5e5,
    ],
    ['  same, XRANGE reply (replyRange)', `${fmtOps(range.reply)} ops/s`, '', true],
    ['  same via cursor + idString()', `${fmtOps(range.cursor)} ops/s`, '', true],
    ['  paging: XRANGE (<last id> + COUNT 10', `${fmtOps(range.paging)} ops/s`, '', true],
    ['XTRIM MAXLEN ~ per removed entry', `${trim.approx.toFixed(1)} ns`, '<= 50 ns', trim.approx <= 50],
    ['  XTRIM MAXLEN = per removed entry', `${trim.exact.toFixed(1)} ns`, '', true],
    [
      'memory per entry (heap + buffers)',
      `${mem.total.toFixed(1)} B (${mem.heap.toFixed(1)} + ${mem.buffers.toFixed(1)})`,
      '<= 80 B (Redis 44)',
      mem.total <= 80,
    ],
  ];
  for (const [name, value, bar, ok] of rows) {
    console.log(
      `${name.padEnd(38)} ${value.padEnd(26)} ${bar.padEnd(20)} ${bar ? (ok ? 'ok' : 'MISSED') : ''}`,
    );
  }
  console.log(
    `nodes for ${N.toLocaleString()} entries: ${mem.nodes} (redis-server 7.0.15 on the same IDs and data: 10776)`,
  );
}

if (process.argv[2] === '--phase') runPhase(process.argv[3]!);
else main();

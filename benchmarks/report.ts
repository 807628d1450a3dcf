// Results of one `npm run bench`: the shapes written to results/foundation.json, and their
// rendering as a console table and as Markdown. Ratios are always between rows measured in the
// same run. Between rows measured together (one measure() session, rounds interleaved) a ratio
// is the median of the per-round ratios, so load that drifts over seconds on a shared machine
// cancels out; between rows of different sessions it is the ratio of their median ops/s. Bars
// use these ratios.

import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';
import { median, type Throughput } from './measure.js';

/** A pass/fail criterion from the design: a minimum ratio or a maximum memory per key. */
export interface Bar {
  /** The criterion in words, e.g. `embedis store.get >= 0.5x Map.get`. */
  text: string;
  /** The measured value: a ratio for `min-ratio`, bytes per key for `max-bytes`. */
  actual: number;
  limit: number;
  kind: 'min-ratio' | 'max-bytes';
  pass: boolean;
}

/** A throughput row with its ratios to every baseline of the workload (this row / baseline). */
export interface ThroughputRow extends Throughput {
  ratios: Record<string, { median: number; mean: number }>;
  note?: string;
}

export interface ThroughputWorkload {
  id: string;
  title: string;
  /** What the workload measures, in a sentence. */
  measures: string;
  rows: ThroughputRow[];
  /** Names of the rows the ratios are taken against. */
  baselines: string[];
  bars: Bar[];
  notes: string[];
}

export interface MemoryRow {
  name: string;
  bytesPerKey: number;
  /** Total delta in bytes (V8 heapUsed, or Redis used_memory). */
  delta: number;
  /** How the delta was measured. */
  method: string;
}

export interface MemoryWorkload {
  id: string;
  title: string;
  measures: string;
  keys: number;
  rows: MemoryRow[];
  bars: Bar[];
  notes: string[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  v8: string;
  date: string;
  /** 1-minute load average at the start and at the end of the run: other work on the machine. */
  load: { start: number; end: number };
}

/** This machine, Node/V8 versions, the date and the load average now (`load.end` to fill in). */
export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()} ${arch()}`,
    node: process.versions.node,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    load: { start: loadavg()[0]!, end: Number.NaN },
  };
}

export interface Results {
  machine: Machine;
  config: Record<string, number | string>;
  throughput: ThroughputWorkload[];
  memory: MemoryWorkload;
  /** Every bar of every workload, in order. */
  bars: Bar[];
  durationSeconds: number;
}

/** A workload's rows with their ratios to the baselines, and its bars evaluated. */
export function throughputWorkload(w: {
  id: string;
  title: string;
  measures: string;
  rows: (Throughput & { note?: string })[];
  baselines: string[];
  bars?: { subject: string; baseline: string; min: number }[];
  notes?: string[];
}): ThroughputWorkload {
  const byName = new Map(w.rows.map((r) => [r.name, r]));
  const get = (name: string): Throughput => {
    const r = byName.get(name);
    if (r === undefined) throw new Error(`workload ${w.id}: no row '${name}'`);
    return r;
  };
  const rows = w.rows.map((r) => {
    const ratios: ThroughputRow['ratios'] = {};
    for (const b of w.baselines) ratios[b] = { median: ratio(r, get(b)), mean: r.opsMean / get(b).opsMean };
    return { ...r, ratios };
  });
  const bars = (w.bars ?? []).map((b): Bar => {
    const actual = ratio(get(b.subject), get(b.baseline));
    return {
      text: `${b.subject} >= ${b.min}x ${b.baseline}`,
      actual,
      limit: b.min,
      kind: 'min-ratio',
      pass: actual >= b.min,
    };
  });
  return {
    id: w.id,
    title: w.title,
    measures: w.measures,
    rows,
    baselines: w.baselines,
    bars,
    notes: w.notes ?? [],
  };
}

/** `a` / `b` in ops/s: per round when they were measured together, else of the medians. */
function ratio(a: Throughput, b: Throughput): number {
  if (a === b) return 1;
  if (a.session !== b.session || a.rounds.length !== b.rounds.length) return a.opsMedian / b.opsMedian;
  return median(a.rounds.map((x, i) => x / b.rounds[i]!));
}

/** A bar on memory per key: `subject` must not exceed `max` bytes per key. */
export function memoryBar(rows: MemoryRow[], subject: string, max: number): Bar {
  const row = rows.find((r) => r.name === subject);
  const actual = row?.bytesPerKey ?? Number.NaN;
  return { text: `${subject} <= ${max} B/key`, actual, limit: max, kind: 'max-bytes', pass: actual <= max };
}

const ops = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratioText = (n: number): string => (n >= 10 ? n.toFixed(1) : n.toFixed(2)) + 'x';
const bytes = (n: number): string => n.toFixed(1);
const barValue = (b: Bar): string =>
  b.kind === 'min-ratio' ? ratioText(b.actual) : `${bytes(b.actual)} B/key`;
const verdict = (b: Bar): string => (b.pass ? 'PASS' : 'FAIL');

function throughputTable(w: ThroughputWorkload): { head: string[]; body: string[][] } {
  const head = ['contender', 'median ops/s', 'mean ops/s', 'spread', ...w.baselines.map((b) => `vs ${b}`)];
  const body = w.rows.map((r) => [
    r.name + (r.note === undefined ? '' : ` (${r.note})`),
    ops(r.opsMedian),
    ops(r.opsMean),
    `${r.spread.toFixed(0)}%`,
    ...w.baselines.map((b) => ratioText(r.ratios[b]!.median)),
  ]);
  return { head, body };
}

function memoryTable(w: MemoryWorkload): { head: string[]; body: string[][] } {
  return {
    head: ['contender', 'B/key', 'delta (MiB)', 'measured as'],
    body: w.rows.map((r) => [r.name, bytes(r.bytesPerKey), (r.delta / 2 ** 20).toFixed(1), r.method]),
  };
}

function textTable(t: { head: string[]; body: string[][] }): string {
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(t.head), line(widths.map((w) => '-'.repeat(w))), ...t.body.map(line)].join('\n');
}

function markdownTable(t: { head: string[]; body: string[][] }): string {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const align = t.head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [row(t.head), row(align), ...t.body.map(row)].join('\n');
}

/** One workload as console text. */
export function workloadText(w: ThroughputWorkload | MemoryWorkload): string {
  const table = 'keys' in w ? memoryTable(w) : throughputTable(w);
  const lines = [`${w.title}`, textTable(table)];
  for (const b of w.bars) lines.push(`  bar: ${b.text}: ${barValue(b)} ${verdict(b)}`);
  for (const n of w.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export function machineText(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node} (V8 ${m.v8}), ${m.date}, load ${m.load.start.toFixed(1)}`;
}

/** The summary of bars, as console text. */
export function barsText(bars: Bar[]): string {
  return ['bars', ...bars.map((b) => `  ${verdict(b)}  ${b.text}: ${barValue(b)}`)].join('\n');
}

/** The whole run as Markdown (results/foundation.md). */
export function markdown(r: Results): string {
  const out: string[] = [
    '# embedis foundation benchmarks',
    '',
    `Generated by \`npm run bench\` (benchmarks/run.ts); see benchmarks/README.md for what each workload`,
    'measures. Every number below was measured in the same run. Ratios are this row / the baseline:',
    'the median of per-round ratios for rows measured together, else the ratio of median ops/s.',
    '*spread* is (max - min) / median of the per-round medians: how noisy the machine was.',
    '',
    `- machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB RAM, ${r.machine.os}`,
    `- Node ${r.machine.node} (V8 ${r.machine.v8})`,
    `- date: ${r.machine.date}`,
    `- load average (1 min) at start / end: ${r.machine.load.start.toFixed(2)} / ${r.machine.load.end.toFixed(2)}`,
    `- config: ${Object.entries(r.config)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `- run time: ${r.durationSeconds.toFixed(0)} s`,
    '',
    '## Bars',
    '',
    markdownTable({
      head: ['bar', 'measured', 'result'],
      body: r.bars.map((b) => [b.text, barValue(b), `**${verdict(b)}**`]),
    }),
  ];
  for (const w of [...r.throughput, r.memory]) {
    out.push('', `## ${w.title}`, '', w.measures, '');
    out.push(markdownTable('keys' in w ? memoryTable(w) : throughputTable(w)));
    if (w.bars.length > 0 || w.notes.length > 0) out.push('');
    for (const b of w.bars) out.push(`- bar: ${b.text}: ${barValue(b)} **${verdict(b)}**`);
    for (const n of w.notes) out.push(`- ${n}`);
  }
  out.push('');
  return out.join('\n');
}

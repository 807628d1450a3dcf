// Micro-benchmark of the list structure (src/types/list.ts) against the bars of issue #4, with a
// plain JS array and denque measured in the same run as baselines:
//   - queue: an LPUSH + RPOP pair on a 1k backlog >= 0.3x a plain array used as a queue
//     (push + shift); push + pop (a stack, the cheapest thing an array does) is shown too;
//   - push/pop O(1) at both ends: ns/op flat from 1k to 1M elements;
//   - memory: a 3-element list <= 150 B beyond its strings, a 1M-element list <= 16 B/element;
//   - LSET and LINSERT at the middle of a 1M-element list < 1 ms.
// Timed loops are interleaved round by round (A B C, A B C …) and the median round is reported,
// so drift (turbo, GC, other load) hits every contender alike. Memory is the V8 heap delta after
// full GCs, with the strings created and retained before the first reading.
//
// Run: npx tsx benchmarks/bundled.ts list-structure

import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Denque from 'denque';
import { List } from '../src/types/list.js';

const gc: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** 16-byte values, distinct so no contender benefits from one hot string. */
const VALUES = Array.from({ length: 1024 }, (_, i) => `value:${String(i).padStart(10, '0')}`);
let sink = 0;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

interface Contender {
  name: string;
  /** Does `n` operations (or pairs); returns a value folded into `sink` so nothing is elided. */
  run: (n: number) => number;
}

/** ns per operation of each contender over interleaved rounds of `n` operations: median, min. */
function interleaved(contenders: Contender[], n: number, rounds: number): Map<string, [number, number]> {
  for (const c of contenders) sink += c.run(n); // warm-up: compile every path first
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      const t0 = performance.now();
      sink += c.run(n);
      samples.get(c.name)!.push(((performance.now() - t0) * 1e6) / n);
    }
  }
  return new Map([...samples].map(([name, xs]) => [name, [median(xs), Math.min(...xs)]]));
}

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes `build` leaves reachable, per `per`. */
function bytesPer<T>(per: number, build: () => T): number {
  const before = settledHeap();
  const held = build();
  const after = settledHeap();
  sink += held === undefined ? 0 : 1;
  return (after - before) / per;
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);
const rows: string[][] = [];
function bar(what: string, measured: string, target: string, ok: boolean): void {
  rows.push([what, measured, target, ok ? 'pass' : 'FAIL']);
}
function table(header: string[], body: string[][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of body) console.log(`| ${r.join(' | ')} |`);
  console.log();
}

// ---- queue with a 1k backlog ----

function queueBench(): void {
  const BACKLOG = 1000;
  const list = new List();
  const listR = new List();
  const arr: string[] = [];
  const stack: string[] = [];
  const dq = new Denque<string>();
  const dqR = new Denque<string>();
  for (let i = 0; i < BACKLOG; i++) {
    list.pushLeft(VALUES[i & 1023]!);
    listR.pushRight(VALUES[i & 1023]!);
    arr.push(VALUES[i & 1023]!);
    stack.push(VALUES[i & 1023]!);
    dq.unshift(VALUES[i & 1023]!);
    dqR.push(VALUES[i & 1023]!);
  }
  const contenders: Contender[] = [
    {
      name: 'List pushLeft + popRight (LPUSH + RPOP)',
      run: (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) {
          list.pushLeft(VALUES[i & 1023]!);
          s += list.popRight()!.length;
        }
        return s;
      },
    },
    {
      name: 'List pushRight + popLeft (RPUSH + LPOP)',
      run: (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) {
          listR.pushRight(VALUES[i & 1023]!);
          s += listR.popLeft()!.length;
        }
        return s;
      },
    },
    {
      name: 'array push + shift (queue)',
      run: (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) {
          arr.push(VALUES[i & 1023]!);
          s += arr.shift()!.length;
        }
        return s;
      },
    },
    {
      name: 'array push + pop (stack)',
      run: (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) {
          stack.push(VALUES[i & 1023]!);
          s += stack.pop()!.length;
        }
        return s;
      },
    },
    {
      name: 'denque unshift + pop',
      run: (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) {
          dq.unshift(VALUES[i & 1023]!);
          s += dq.pop()!.length;
        }
        return s;
      },
    },
    {
      name: 'denque push + shift',
      run: (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) {
          dqR.push(VALUES[i & 1023]!);
          s += dqR.shift()!.length;
        }
        return s;
      },
    },
  ];
  const ns = interleaved(contenders, 1_000_000, 15);
  const base = ns.get('array push + shift (queue)')![0];
  const stackNs = ns.get('array push + pop (stack)')![0];
  console.log('## Queue: one push + one pop per pair, 1k backlog (15 interleaved rounds of 1M pairs)\n');
  table(
    ['contender', 'median ns/pair', 'min ns/pair', 'x array queue', 'x array stack'],
    contenders.map((c) => {
      const [med, min] = ns.get(c.name)!;
      return [c.name, fmt(med), fmt(min), fmt(base / med, 2), fmt(stackNs / med, 2)];
    }),
  );
  const lr = base / ns.get('List pushLeft + popRight (LPUSH + RPOP)')![0];
  bar('LPUSH+RPOP pair, 1k backlog, vs array push/shift', `${fmt(lr, 2)}x`, '>= 0.3x', lr >= 0.3);
  list.checkValid();
  listR.checkValid();
}

// ---- push/pop cost by list size ----

function endsBench(): void {
  const SIZES = [1_000, 100_000, 1_000_000];
  const N = 200_000;
  const out: string[][] = [];
  const at = new Map<number, [number, number]>();
  for (const size of SIZES) {
    const list = new List();
    for (let i = 0; i < size; i++) list.pushRight(VALUES[i & 1023]!);
    // Each run pushes N then pops N at one end: the run chain grows and shrinks by N/256 nodes.
    const ns = interleaved(
      [
        {
          name: 'left',
          run: (n) => {
            let s = 0;
            for (let i = 0; i < n; i++) list.pushLeft(VALUES[i & 1023]!);
            for (let i = 0; i < n; i++) s += list.popLeft()!.length;
            return s;
          },
        },
        {
          name: 'right',
          run: (n) => {
            let s = 0;
            for (let i = 0; i < n; i++) list.pushRight(VALUES[i & 1023]!);
            for (let i = 0; i < n; i++) s += list.popRight()!.length;
            return s;
          },
        },
      ],
      N,
      15,
    );
    list.checkValid();
    // Min over rounds: the intrinsic cost, least disturbed by preemption on a busy machine.
    const l = ns.get('left')![1] / 2;
    const r = ns.get('right')![1] / 2;
    at.set(size, [l, r]);
    out.push([
      size.toLocaleString('en-US'),
      fmt(l),
      fmt(r),
      fmt(ns.get('left')![0] / 2),
      fmt(ns.get('right')![0] / 2),
    ]);
  }
  console.log(`## Push/pop at the ends by list size (${N / 1000}k pushes then ${N / 1000}k pops, ns/op)\n`);
  table(['elements', 'left min', 'right min', 'left median', 'right median'], out);
  const small = at.get(1_000)!;
  const large = at.get(1_000_000)!;
  const growth = Math.max(large[0] / small[0], large[1] / small[1]);
  bar('push/pop O(1) at both ends: 1M vs 1k', `${fmt(growth, 2)}x`, 'flat (< 2x)', growth < 2);
}

// ---- memory ----

function memoryBench(): void {
  const [a, b, c] = [VALUES[1]!, VALUES[2]!, VALUES[3]!];
  const K = 100_000;
  const holders = new Array<unknown>(K).fill(null);
  const small: string[][] = [];
  const fill = (make: () => unknown): number =>
    bytesPer(K, () => {
      for (let i = 0; i < K; i++) holders[i] = make();
      return holders;
    });
  const clearHolders = (): void => {
    holders.fill(null);
  };
  const smallCases: [string, () => unknown][] = [
    [
      'List, 3 x pushRight (RPUSH k a b c)',
      () => {
        const l = new List();
        l.pushRight(a);
        l.pushRight(b);
        l.pushRight(c);
        return l;
      },
    ],
    [
      'List, 3 x pushLeft (LPUSH k a b c)',
      () => {
        const l = new List();
        l.pushLeft(a);
        l.pushLeft(b);
        l.pushLeft(c);
        return l;
      },
    ],
    [
      'array, 3 x push',
      () => {
        const x: string[] = [];
        x.push(a);
        x.push(b);
        x.push(c);
        return x;
      },
    ],
    ['array literal [a, b, c]', () => [a, b, c]],
    [
      'denque, 3 x push',
      () => {
        const d = new Denque<string>();
        d.push(a);
        d.push(b);
        d.push(c);
        return d;
      },
    ],
    ['empty List', () => new List()],
    ['empty denque', () => new Denque<string>()],
  ];
  for (const [name, make] of smallCases) {
    make(); // compile first
    small.push([name, fmt(fill(make), 1)]);
    clearHolders();
  }
  console.log(`## Memory of a small list (${K / 1000}k lists, bytes each beyond the shared strings)\n`);
  table(['structure', 'B/list'], small);
  const small3 = Number(small[0]![1]);
  bar('3-element list, beyond its strings', `${fmt(small3)} B`, '<= 150 B', small3 <= 150);

  const N = 1_000_000;
  const strings = Array.from({ length: N }, (_, i) => `element:${String(i).padStart(8, '0')}`);
  const big: string[][] = [];
  const bigCases: [string, () => unknown][] = [
    [
      'List, pushRight (RPUSH)',
      () => {
        const l = new List();
        for (let i = 0; i < N; i++) l.pushRight(strings[i]!);
        return l;
      },
    ],
    [
      'List, pushLeft (LPUSH)',
      () => {
        const l = new List();
        for (let i = 0; i < N; i++) l.pushLeft(strings[i]!);
        return l;
      },
    ],
    [
      'List, 100k LINSERT at random positions',
      () => {
        const l = new List();
        let seed = 1;
        for (let i = 0; i < N / 10; i++) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          l.insertAt(seed % (l.length + 1), strings[i]!);
        }
        return l;
      },
    ],
    [
      'array, push',
      () => {
        const x: string[] = [];
        for (let i = 0; i < N; i++) x.push(strings[i]!);
        return x;
      },
    ],
    [
      'denque, push',
      () => {
        const d = new Denque<string>();
        for (let i = 0; i < N; i++) d.push(strings[i]!);
        return d;
      },
    ],
  ];
  let listBig = 0;
  for (const [name, make] of bigCases) {
    const per = name.includes('100k') ? N / 10 : N;
    const t0 = performance.now();
    const bytes = bytesPer(per, make);
    const ms = performance.now() - t0;
    big.push([name, fmt(bytes, 2), fmt(ms, 0)]);
    if (name.startsWith('List, push')) listBig = Math.max(listBig, bytes);
  }
  console.log('## Memory of a 1M-element list (bytes per element beyond its strings)\n');
  table(['structure', 'B/element', 'build+gc ms'], big);
  bar('1M-element list, per element beyond its strings', `${fmt(listBig, 2)} B`, '<= 16 B', listBig <= 16);
  sink += strings.length;
}

// ---- the middle of a 1M-element list ----

function middleBench(): void {
  const N = 1_000_000;
  const list = new List();
  const arr: string[] = [];
  const dq = new Denque<string>();
  for (let i = 0; i < N; i++) {
    list.pushRight(VALUES[i & 1023]!);
    arr.push(VALUES[i & 1023]!);
    dq.push(VALUES[i & 1023]!);
  }
  /** Per-op µs over `reps` single ops near the middle: [median, p99, max]. */
  const timeOps = (reps: number, op: (i: number, k: number) => void, len: () => number): number[] => {
    for (let k = 0; k < 5; k++) op(len() >> 1, k); // warm-up
    const xs = new Array<number>(reps);
    for (let k = 0; k < reps; k++) {
      const i = (len() >> 1) + ((k * 37) % 101) - 50;
      const t0 = performance.now();
      op(i, k);
      xs[k] = (performance.now() - t0) * 1e3;
    }
    xs.sort((a, b) => a - b);
    return [xs[reps >> 1]!, xs[Math.floor(reps * 0.99)]!, xs[reps - 1]!];
  };
  const cases: [string, number, (i: number, k: number) => void, () => number][] = [
    ['List at (LINDEX)', 2000, (i) => (sink += list.at(i)!.length), () => list.length],
    ['List set (LSET)', 2000, (i, k) => list.set(i, VALUES[k & 1023]!), () => list.length],
    ['List insertAt (LINSERT)', 2000, (i, k) => list.insertAt(i, VALUES[k & 1023]!), () => list.length],
    ['List removeAt', 2000, (i) => (sink += list.removeAt(i)!.length), () => list.length],
    ['array [i] = v', 2000, (i, k) => (arr[i] = VALUES[k & 1023]!), () => arr.length],
    ['array splice(i, 0, v)', 200, (i, k) => arr.splice(i, 0, VALUES[k & 1023]!), () => arr.length],
    ['denque peekAt(i)', 2000, (i) => (sink += dq.peekAt(i)!.length), () => dq.length],
    [
      'denque splice(i, 1, v) (no in-place set)',
      50,
      (i, k) => dq.splice(i, 1, VALUES[k & 1023]!),
      () => dq.length,
    ],
    ['denque splice(i, 0, v)', 50, (i, k) => dq.splice(i, 0, VALUES[k & 1023]!), () => dq.length],
  ];
  const out: string[][] = [];
  const results = new Map<string, number[]>();
  for (const [name, reps, op, len] of cases) {
    const r = timeOps(reps, op, len);
    results.set(name, r);
    out.push([name, fmt(r[0]!, 2), fmt(r[1]!, 2), fmt(r[2]!, 0)]);
  }
  list.checkValid();
  console.log('## At the middle of a 1M-element list (µs per op, single ops timed one by one)\n');
  console.log('The max column is mostly preemption and GC: compare the O(1) array and denque rows.\n');
  table(['operation', 'median µs', 'p99 µs', 'max µs'], out);
  const set = results.get('List set (LSET)')!;
  const ins = results.get('List insertAt (LINSERT)')!;
  const show = (r: number[]): string => `${fmt(r[0]!, 1)} µs, p99 ${fmt(r[1]!, 1)} µs`;
  bar('LSET at the middle of 1M', show(set), '< 1 ms', set[1]! < 1000);
  bar('LINSERT at the middle of 1M', show(ins), '< 1 ms', ins[1]! < 1000);
}

console.log(`# List structure micro-benchmark\n`);
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, load ${load}\n`,
);
queueBench();
endsBench();
middleBench();
memoryBench();
console.log('## Bars (issue #4)\n');
table(['bar', 'measured', 'target', ''], rows);
if (sink === 42) console.log('');

// Child process of the memory workload: `node --expose-gc --import tsx memory-child.ts <contender> <n>`.
// Loads n flat 16-byte keys with 16-byte values into one contender and prints, as JSON, the V8
// heap delta (heapUsed after full GCs) — the key and value strings included, as Redis's
// used_memory includes its sds strings. One contender per process, so nothing else shares the heap.

import { LRUCache } from 'lru-cache';
import { Store } from '../src/index.js';
import { fixedWidth } from './data.js';
import { CONTENDERS, type Contender } from './memory.js';

/** Fills a new instance of `contender` with n keys; returns it and a size check. */
function load(contender: Contender, n: number): { holder: unknown; size: () => number } {
  switch (contender) {
    case 'embedis Store': {
      const store = new Store();
      for (let i = 0; i < n; i++) store.set(fixedWidth('k', i), fixedWidth('v', i));
      return { holder: store, size: () => store.dbs[0]!.size };
    }
    case 'Map<string,string>': {
      const map = new Map<string, string>();
      for (let i = 0; i < n; i++) map.set(fixedWidth('k', i), fixedWidth('v', i));
      return { holder: map, size: () => map.size };
    }
    case 'lru-cache': {
      const lru = new LRUCache<string, string>({ max: n });
      for (let i = 0; i < n; i++) lru.set(fixedWidth('k', i), fixedWidth('v', i));
      return { holder: lru, size: () => lru.size };
    }
  }
}

function settledHeap(gc: () => void): number {
  // Several passes: the first may only promote what a later one frees.
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

function main(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const contender = process.argv[2] as Contender;
  const n = Number(process.argv[3]);
  if (!CONTENDERS.includes(contender) || !(n > 0)) throw new Error(`usage: memory-child.ts <contender> <n>`);
  // Compile the code path on a throwaway instance, so the measured delta holds data only.
  load(contender, 1000);
  const before = settledHeap(gc);
  const loaded = load(contender, n);
  const after = settledHeap(gc);
  if (loaded.size() !== n) throw new Error(`${contender} holds ${loaded.size()} keys, expected ${n}`);
  process.stdout.write(`${JSON.stringify({ contender, n, delta: after - before })}\n`);
}

main();

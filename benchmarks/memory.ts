// Memory per string key: V8 heap deltas measured in child processes (memory-child.ts), and
// Redis's own accounting (INFO memory used_memory) before and after loading the same keys.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { fixedWidth } from './data.js';
import { nodeScript } from './node-script.js';
import type { MemoryRow } from './report.js';

/** What the heap workload measures, one child process each. */
export const CONTENDERS = ['embedis Store', 'Map<string,string>', 'lru-cache'] as const;
export type Contender = (typeof CONTENDERS)[number];

const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));

/** Heap bytes per key of `contender` holding n keys, measured in a fresh `node --expose-gc`. */
export function heapPerKey(contender: Contender, n: number): MemoryRow {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeScript(CHILD), contender, String(n)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { delta } = JSON.parse(out.trim().split('\n').pop()!) as { delta: number };
  return { name: contender, bytesPerKey: delta / n, delta, method: 'V8 heapUsed delta after full GC' };
}

const usedMemory = (info: string): number => {
  const m = /^used_memory:(\d+)/m.exec(info);
  if (m === null) throw new Error('INFO memory has no used_memory');
  return Number(m[1]);
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redis's used_memory per key after loading n keys with pipelines into an emptied db 0. The
 * pauses let Redis finish incremental rehashing and shrink client query buffers (clientsCron),
 * so the delta is the keyspace itself.
 */
export async function redisUsedMemoryPerKey(client: Redis, n: number): Promise<MemoryRow> {
  await client.flushall();
  await sleep(300);
  const before = usedMemory(await client.info('memory'));
  const chunk = 10_000;
  for (let i = 0; i < n; i += chunk) {
    const p = client.pipeline();
    for (let j = i; j < Math.min(n, i + chunk); j++) p.set(fixedWidth('k', j), fixedWidth('v', j));
    await p.exec();
  }
  const size = await client.dbsize();
  if (size !== n) throw new Error(`redis-server holds ${size} keys, expected ${n}`);
  await sleep(1000);
  const after = usedMemory(await client.info('memory'));
  await client.flushall();
  return {
    name: 'Redis (redis-server)',
    bytesPerKey: (after - before) / n,
    delta: after - before,
    method: 'INFO memory used_memory delta',
  };
}

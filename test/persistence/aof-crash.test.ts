// Crash safety of the append-only log under `appendfsync always`: a child process
// (fixtures/aof-crash-child.ts) runs 50 concurrent writers and reports each write only after
// the fsync covering it; the parent kills it with SIGKILL at a random moment, reloads the
// directory, and checks that every acknowledged write is there, that every transaction is
// whole (its two effects both present or both absent), and that the files load without error —
// then starts the child again on the same directory. 20 cycles of plain writes, then cycles
// killed during BGREWRITEAOF (the old files must stay valid until the manifest switches).
// Bounded: every cycle has its own timeout; the child is bundled once with esbuild so that a
// start costs ~0.1 s instead of a TypeScript compile.

import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/index.js';
import { AofAdapter } from '../../src/persistence/aof.js';

const CHILD_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'aof-crash-child.ts');
const WRITERS = 50;
const CYCLES = 20;
const REWRITE_CYCLES = 6;

const work = fs.mkdtempSync(join(tmpdir(), 'embedis-aof-crash-'));
const CHILD = join(work, 'aof-crash-child.mjs');
const children: ChildProcess[] = [];

beforeAll(async () => {
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

/** Deterministic "random" delays (a seeded LCG), so a failing run can be replayed. */
let seed = 424242;
const nextRandom = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

interface Outcome {
  /** Highest acknowledged sequence number per writer. */
  acked: number[];
  /** Rewrites started / finished in this run. */
  rewrites: number;
  rewritten: number;
}

/**
 * Runs the child on `dir` and kills it (SIGKILL) `delayMs` after it is ready — or, with
 * `afterRewrites`, that long after it started that many rewrites.
 */
function runAndKill(
  dir: string,
  delayMs: number,
  mode: 'write' | 'rewrite',
  afterRewrites = 0,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const acked = new Array<number>(WRITERS).fill(0);
    let rewrites = 0;
    let rewritten = 0;
    let buffered = '';
    let err = '';
    let armed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not get going in time:\n${err}`));
    }, 20_000);
    const arm = (): void => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      buffered += b.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [what, w, seq] = line.split(' ');
        if (what === 'ack') acked[Number(w)] = Math.max(acked[Number(w)]!, Number(seq));
        else if (what === 'rewriting' && ++rewrites >= afterRewrites) arm();
        else if (what === 'rewritten') rewritten++;
        else if (what === 'ready' && mode === 'write') arm();
      }
    });
    // 'exit' reaps the child: only then is its pid gone and its directory lock stale.
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child exited on its own (${signal ?? _code}):\n${err}`));
      else resolve({ acked, rewrites, rewritten });
    });
  });
}

/** Loads `dir` as a restart would and checks acknowledged writes and whole transactions. */
function verify(dir: string, mustHave: number[]): { lengths: number[] } {
  const aof = new AofAdapter(dir);
  const store = new Store();
  const result = aof.load(store);
  aof.close();
  const lengths: number[] = [];
  for (let w = 0; w < WRITERS; w++) {
    const list = store.call('LRANGE', `log:${w}`, 0, -1) as string[];
    const count = Number(store.call('GET', `count:${w}`) ?? 0);
    // Whole transactions: RPUSH and INCR together, and no gaps or duplicates in the list.
    expect(count, `count:${w}`).toBe(list.length);
    for (let i = 0; i < list.length; i++)
      if (list[i] !== String(i + 1)) expect(list[i], `log:${w}[${i}]`).toBe(String(i + 1));
    // Every acknowledged write survived.
    expect(list.length, `log:${w} lost acknowledged writes`).toBeGreaterThanOrEqual(mustHave[w]!);
    lengths.push(list.length);
  }
  store.close();
  expect(result.found).toBe(true);
  return { lengths };
}

describe('AOF crash safety (appendfsync always, SIGKILL)', () => {
  it(`keeps every acknowledged write over ${CYCLES} kills`, async () => {
    const dir = join(work, 'writes');
    fs.mkdirSync(dir);
    const mustHave = new Array<number>(WRITERS).fill(0);
    let totalAcked = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const out = await runAndKill(dir, 30 + Math.floor(nextRandom() * 200), 'write');
      for (let w = 0; w < WRITERS; w++) {
        totalAcked += Math.max(0, out.acked[w]! - mustHave[w]!);
        mustHave[w] = Math.max(mustHave[w]!, out.acked[w]!);
      }
      const { lengths } = verify(dir, mustHave);
      // What the next run continues from (an unacknowledged write may have survived too).
      for (let w = 0; w < WRITERS; w++) mustHave[w] = lengths[w]!;
    }
    // The test did exercise something: many writes were acknowledged across the kills.
    expect(totalAcked).toBeGreaterThan(CYCLES * WRITERS);
  }, 60_000);

  it('keeps the old files valid when killed during BGREWRITEAOF', async () => {
    const dir = join(work, 'rewrites');
    fs.mkdirSync(dir);
    const mustHave = new Array<number>(WRITERS).fill(0);
    let rewritesStarted = 0;
    for (let cycle = 0; cycle < REWRITE_CYCLES; cycle++) {
      // Kill at a random moment after the first or second rewrite started: mid-walk, at the
      // switch, while the base is renamed or the manifest replaced.
      const out = await runAndKill(dir, Math.floor(nextRandom() * 150), 'rewrite', 1 + (cycle % 2));
      rewritesStarted += out.rewrites;
      for (let w = 0; w < WRITERS; w++) mustHave[w] = Math.max(mustHave[w]!, out.acked[w]!);
      const { lengths } = verify(dir, mustHave);
      for (let w = 0; w < WRITERS; w++) mustHave[w] = lengths[w]!;
      // No temp file of the dead rewrite is named by the manifest, and the next open removes it.
      const files = fs.readdirSync(join(dir, 'appendonlydir'));
      expect(files.filter((f) => f.startsWith('temp-'))).toEqual([]);
    }
    expect(rewritesStarted).toBeGreaterThanOrEqual(REWRITE_CYCLES);
    // The bulk data written before the first rewrite is intact.
    const aof = new AofAdapter(dir);
    const store = new Store();
    aof.load(store);
    aof.close();
    expect(store.call('LLEN', 'bulk')).toBe(60_000);
    expect(store.call('GET', 'key:19999')).toBe('value-19999');
  }, 60_000);
});

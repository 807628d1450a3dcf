// A background AOF rewrite on another thread: the way Redis 7.0 rewrites (a forked child writes
// the dataset as of the fork while the server appends to a new incremental file), with the
// dataset as of the switch point rebuilt from the log itself instead of from a fork's copy of
// memory. At the switch the adapter starts a new incremental file and names it in the manifest;
// the files before it then describe exactly the dataset of that instant, so a worker thread
// (aof-compact-worker.ts) replays them into a Store of its own and writes it as the new base.
// The event loop only switches files and, at the end, the manifest: the serialisation (about a
// second of CPU for 1M keys plus a 1M-member sorted set) runs on another core, where the
// event-loop rewrite (aof-rewrite.ts BackgroundRewrite) takes the same time in slices from the
// loop, and serialises again every key written meanwhile.
//
// The adapter uses it only while the files hold everything the store holds (it loaded them, or
// wrote a base from memory since, and nothing changed the dataset without logging it: DEBUG
// POPULATE, DEBUG RELOAD); otherwise, or when no worker script is found, it rewrites on the
// event loop.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompactJob, CompactResult } from './aof-compact-worker.js';

/** What a rewrite job reports; both rewrite kinds implement it. */
export interface RewriteJob {
  /** The temp file being written. */
  readonly file: string;
  /** Bytes written to the file. */
  bytes: number;
  /** Keys written. */
  keys: number;
  /** The longest time the job held the event loop at once, in ms. */
  readonly maxSliceMs: number;
  /** The job must see every unit logged while it runs ({@link note}). */
  readonly needsEffects: boolean;
  /** Records a unit logged while the job runs. */
  note(unit: readonly unknown[]): void;
}

/**
 * How to start the worker: a script file, or (running from the TypeScript sources: tests,
 * `npm start` through tsx) a bootstrap that registers tsx's loader, then imports the source.
 */
export type CompactWorkerScript = { url: URL } | { bootstrap: string };

/** Where to find the worker script: the option, else next to this module (built or source). */
export function findCompactWorker(option: string | URL | false | undefined): CompactWorkerScript | null {
  if (option === false) return null;
  if (option !== undefined) return { url: option instanceof URL ? option : pathToFileURL(option) };
  // A file: URL in the ES module and in the CommonJS build (tsup's shim); a bundler may leave
  // something else.
  const here = import.meta.url;
  if (typeof here !== 'string' || !here.startsWith('file:')) return null;
  for (const name of ['aof-compact-worker.js', 'aof-compact-worker.mjs']) {
    const url = new URL(`./${name}`, here);
    if (fs.existsSync(fileURLToPath(url))) return { url };
  }
  const ts = new URL('./aof-compact-worker.ts', here);
  if (!fs.existsSync(fileURLToPath(ts))) return null;
  const api = tsxApi(here);
  if (api === null) return null;
  return {
    bootstrap: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`,
  };
}

/** The URL of tsx's ESM register API (a development dependency), or null without tsx. */
function tsxApi(from: string): string | null {
  try {
    const cjs = createRequire(from).resolve('tsx/esm/api');
    const esm = path.join(path.dirname(cjs), 'index.mjs');
    return pathToFileURL(fs.existsSync(esm) ? esm : cjs).href;
  } catch {
    return null;
  }
}

/** Options of {@link WorkerRewrite}. */
export interface WorkerRewriteOptions {
  /** The worker script ({@link findCompactWorker}). */
  worker: CompactWorkerScript;
  /** Databases of the store. */
  databases: number;
  /** Aborts the rewrite: the worker is stopped, run() rejects, the temp file is removed. */
  signal?: AbortSignal;
}

/** What the switch callback hands back: the files to replay, and when they are complete. */
export interface SwitchOutcome {
  files: string[];
  written: Promise<void>;
}

/** A background rewrite by a worker thread replaying the files (see the file header). */
export class WorkerRewrite implements RewriteJob {
  bytes = 0;
  keys = 0;
  maxSliceMs = 0;
  readonly needsEffects = false;

  constructor(
    readonly file: string,
    private readonly options: WorkerRewriteOptions,
  ) {}

  note(): void {
    // The new incremental file holds every unit logged after the switch.
  }

  /**
   * Switches files at once (`onSwitch`, synchronous: the instant the base stands for), waits
   * for the files before the switch to be complete on disk, then has the worker write the base.
   */
  async run(onSwitch: () => SwitchOutcome): Promise<void> {
    const t = performance.now();
    const { files, written } = onSwitch();
    this.maxSliceMs = performance.now() - t;
    const signal = this.options.signal;
    try {
      await written;
      signal?.throwIfAborted();
      const result = await this.work({ files, temp: this.file, databases: this.options.databases });
      if ('error' in result) throw new Error(`AOF rewrite worker: ${result.error}`);
      this.keys = result.keys;
      this.bytes = result.bytes;
      signal?.throwIfAborted();
    } catch (e) {
      // A stopped worker may still be writing: remove its file once it is gone.
      await this.stopped;
      fs.rmSync(this.file, { force: true });
      throw e;
    }
  }

  /** Settles once the worker, if one was started, has terminated. */
  private stopped: Promise<unknown> = Promise.resolve();

  private work(job: CompactJob): Promise<CompactResult> {
    const script = this.options.worker;
    return new Promise((resolve, reject) => {
      const worker =
        'url' in script
          ? new Worker(script.url, { workerData: job })
          : new Worker(script.bootstrap, { eval: true, workerData: job });
      let settled = false;
      const done = (f: () => void): void => {
        if (settled) return;
        settled = true;
        this.options.signal?.removeEventListener('abort', onAbort);
        this.stopped = worker.terminate().catch(() => {});
        f();
      };
      const onAbort = (): void => done(() => reject(this.options.signal!.reason));
      this.options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (m: CompactResult) => done(() => resolve(m)));
      worker.once('error', (e) => done(() => reject(e)));
      worker.once('exit', (code) =>
        done(() => reject(new Error(`AOF rewrite worker exited with code ${code} before it finished`))),
      );
    });
  }
}

// The worker thread of a background AOF rewrite (see aof-compact.ts): it replays the log's files
// as they stood at the switch point into a Store of its own, then writes that dataset as a new
// base with the same code as a synchronous rewrite. It runs on another core while the main
// thread goes on serving and appending to the new incremental file, as Redis's forked child
// does. Nothing here touches the main thread's store.

import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../store.js';
import { rewriteSync } from './aof-rewrite.js';
import { replayFile } from './replay.js';

/** What the main thread sends (workerData). */
export interface CompactJob {
  /** Files to replay, in order: the base (if any), then the incremental files. */
  files: string[];
  /** The new base to write (a temp file; the main thread renames it into place). */
  temp: string;
  /** Databases of the main store. */
  databases: number;
}

/** What the worker posts back: the base's key count and size, or why it failed. */
export type CompactResult = { keys: number; bytes: number } | { error: string };

function compact(job: CompactJob): { keys: number; bytes: number } {
  const store = new Store({ databases: job.databases });
  store.effects.logging = false;
  store.loading = true;
  for (const file of job.files) {
    const outcome = replayFile(store, file);
    // The files were complete when the rewrite started (no append reaches them any more).
    if (outcome.tornAt !== null) throw new Error(`${file} ends inside a command at offset ${outcome.tornAt}`);
  }
  return rewriteSync(store, job.temp);
}

if (parentPort !== null) {
  let result: CompactResult;
  try {
    result = compact(workerData as CompactJob);
  } catch (e) {
    result = { error: e instanceof Error ? e.message : String(e) };
  }
  parentPort.postMessage(result);
}

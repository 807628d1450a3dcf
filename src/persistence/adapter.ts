// The persistence contract. A PersistenceAdapter turns a Store's keyspace into durable bytes and
// back. Two kinds exist, as in Redis: a *snapshot* adapter (RDB's role: snapshot.ts, a
// point-in-time image written on SAVE/BGSAVE/save points) and a *log* adapter (AOF's role:
// aof.ts, every execution unit's effects appended as they happen, compacted by rewrite).
// Adapters never touch a Store on their own: the PersistenceManager (manager.ts) drives them —
// it calls load() once at open, feeds append() from the effects sink, calls snapshot() /
// snapshotInBackground() for SAVE, BGSAVE, save points, rewrites and clean shutdown, and sync()
// / close() at the end. Every adapter passes test/persistence/adapter-suite.ts.
//
// Conventions every adapter follows:
// - Times are absolute ms (Unix epoch). A key whose expireAt is already past at load time is
//   not restored (Redis drops expired keys while loading on a master).
// - Keys and values are byte strings (latin1, one char per byte; see src/bytes.ts).
// - Writes are crash-safe: a new file replaces an old one only once complete and fsynced
//   (temp file, fsync, rename, fsync dir), so a crash leaves the previous state loadable.
// - Corruption is reported with a thrown PersistenceError naming the file, never silently
//   skipped; a torn *last* record of a log may be truncated (Redis's aof-load-truncated yes)
//   and is then reported in LoadResult.warnings.
// - A data directory is locked by one process (lock.ts); adapters assume the lock is held.
// - Construction: `new SnapshotAdapter(dir, options: SnapshotOptions)` (snapshot.ts) and
//   `new AofAdapter(dir, options: AppendOnlyOptions)` (aof.ts); the constructor does no I/O
//   beyond creating `dir` when missing. The manager creates both from `Store.Options`.

import type { Effect } from '../effects/effects.js';
import type { Store } from '../store.js';

/** What an adapter can do; the manager and the shared test suite read it. */
export interface PersistenceCapabilities {
  /** Writes a full point-in-time image with {@link PersistenceAdapter.snapshot}. */
  readonly snapshot: boolean;
  /**
   * Implements {@link PersistenceAdapter.snapshotInBackground}: an incremental image written
   * while commands keep running, point-in-time through the store's copy-on-write hook.
   */
  readonly backgroundSnapshot: boolean;
  /** Records every execution unit's effects with {@link PersistenceAdapter.append} (AOF). */
  readonly log: boolean;
  /** Files a real redis-server 7.0 loads (the AOF's multi-part layout); false for msgpackr. */
  readonly redisCompatible: boolean;
}

/** Progress of a load, reported to {@link LoadOptions.onProgress}. */
export interface LoadProgress {
  /** File being read. */
  readonly file: string;
  /** Bytes processed so far. */
  readonly bytesLoaded: number;
  /** Size of the data to load in bytes (0 when unknown). */
  readonly bytesTotal: number;
  /** Keys (or, for a log, commands) restored so far. */
  readonly items: number;
  /** True on the last report of a file. */
  readonly done: boolean;
}

/** Options of {@link PersistenceAdapter.load}. */
export interface LoadOptions {
  /**
   * Called while loading, at least every 1 % of the bytes and once at the end. See
   * `logLoadProgress()` in load-progress.ts for a ready-made log-line reporter.
   */
  onProgress?: (progress: LoadProgress) => void;
}

/** What a load found. */
export interface LoadResult {
  /** False when the directory held nothing for this adapter (a fresh store). */
  readonly found: boolean;
  /** Keys restored (snapshot) or commands replayed (log). */
  readonly items: number;
  /** Keys not restored because their TTL passed while the process was down. */
  readonly expired: number;
  /** Bytes read. */
  readonly bytes: number;
  /** Wall time of the load in ms. */
  readonly durationMs: number;
  /** Unix time (ms) the loaded image was created, when the format records it. */
  readonly createdAt?: number;
  /** Recoverable problems, e.g. a torn last record that was truncated. */
  readonly warnings: readonly string[];
}

/** What a finished snapshot (or log rewrite) wrote. */
export interface SnapshotResult {
  /** The file written (absolute path). */
  readonly file: string;
  /** Keys written. */
  readonly keys: number;
  /** Bytes written. */
  readonly bytes: number;
  /** Wall time in ms. */
  readonly durationMs: number;
  /** Unix time (ms) the image stands for: the moment the snapshot started. */
  readonly createdAt: number;
}

/** Options of {@link PersistenceAdapter.snapshotInBackground}. */
export interface BackgroundSnapshotOptions {
  /**
   * Time budget of one slice in ms: the writer serialises for about this long, then yields to
   * the event loop (setImmediate).
   * @default 4
   */
  sliceMs?: number;
  /** Aborts the save: the temp file is removed, the previous image stays; the promise rejects. */
  signal?: AbortSignal;
}

/**
 * A storage backend of a Store. See the header of adapter.ts for the rules every adapter
 * follows; test/persistence/adapter-suite.ts checks them.
 */
export interface PersistenceAdapter {
  /** Short name for logs and errors, e.g. `snapshot`, `aof`. */
  readonly name: string;
  /** What the adapter can do. */
  readonly capabilities: PersistenceCapabilities;
  /**
   * Restores the persisted state into `store`, which is empty (all databases). Synchronous,
   * like Redis's startup load: the store is complete when it returns. Throws
   * {@link PersistenceError} on a corrupt or unreadable file.
   */
  load(store: Store, options?: LoadOptions): LoadResult;
  /**
   * Log adapters: records one finished execution unit's effects (a command's, or an EXEC's;
   * more than one effect means MULTI/EXEC atomicity on replay). Called synchronously from the
   * effects sink, in order. Snapshot adapters ignore it.
   */
  append(unit: readonly Effect[]): void;
  /**
   * Writes a complete image of `store` now and returns when it is durable (SAVE, clean
   * shutdown; for a log: a synchronous rewrite into a new base). Blocks the event loop.
   */
  snapshot(store: Store): SnapshotResult;
  /**
   * Like {@link snapshot} without stalling the event loop (BGSAVE, BGREWRITEAOF): serialises
   * in slices, point-in-time as of the call. Only when `capabilities.backgroundSnapshot`.
   */
  snapshotInBackground(store: Store, options?: BackgroundSnapshotOptions): Promise<SnapshotResult>;
  /** Makes everything appended so far durable (fsync). Resolves at once when nothing is pending. */
  sync(): Promise<void>;
  /** Flushes and fsyncs what is pending, synchronously, and releases files. Idempotent. */
  close(): void;
}

/** Options of the append-only log (`new Store({ appendOnly })`), read by aof.ts. */
export interface AppendOnlyOptions {
  /**
   * When appended effects are fsynced, as Redis's `appendfsync`: `always` (group commit: one
   * fsync per batch of units, before replies are released), `everysec`, or `no` (the OS
   * decides).
   * @default 'everysec'
   */
  fsync?: 'always' | 'everysec' | 'no';
  /**
   * Folder of the multi-part AOF inside `dir`, as Redis's `appenddirname`.
   * @default 'appendonlydir'
   */
  dirname?: string;
  /**
   * Base name of the AOF files, as Redis's `appendfilename`.
   * @default 'appendonly.aof'
   */
  filename?: string;
  /**
   * Rewrite automatically when the log grew by this percentage over its size after the last
   * rewrite (`auto-aof-rewrite-percentage`); 0 disables.
   * @default 100
   */
  autoRewritePercentage?: number;
  /**
   * Minimum log size in bytes before an automatic rewrite (`auto-aof-rewrite-min-size`).
   * @default 67108864
   */
  autoRewriteMinSize?: number;
  /**
   * Load a log whose last record is torn by truncating it (`aof-load-truncated`).
   * @default true
   */
  loadTruncated?: boolean;
  /**
   * The script of the worker thread a background rewrite runs in (`aof-compact-worker.js`,
   * shipped next to embedis's own files, where it is found without this option); `false`
   * rewrites on the event loop, in slices. Set it when a bundler moved embedis's code away from
   * that file. See docs/persistence.md.
   * @default found next to embedis's module
   */
  rewriteWorker?: string | URL | false;
}

/** Options of the snapshot adapter (`new Store({ snapshot })`), read by snapshot.ts. */
export interface SnapshotOptions {
  /**
   * File name of the snapshot inside `dir`, as Redis's `dbfilename`.
   * @default 'dump.embedis'
   */
  filename?: string;
  /**
   * Save points as Redis's `save`: save in the background when at least `changes` writes
   * happened within `seconds`. `[]` disables automatic saves.
   * @default [[3600, 1], [300, 100], [60, 10000]]
   */
  savePoints?: ReadonlyArray<readonly [seconds: number, changes: number]>;
  /**
   * Refuse writes with MISCONF while the last background save failed, as Redis's
   * `stop-writes-on-bgsave-error`.
   * @default true
   */
  stopWritesOnError?: boolean;
  /**
   * Write a snapshot when the store closes, as SHUTDOWN does when save points are set.
   * @default true while save points are set, else false
   */
  saveOnClose?: boolean;
  /**
   * Time budget in ms of one slice of a background save (BGSAVE, save points): the event loop
   * runs other work between slices.
   * @default 4
   */
  sliceMs?: number;
}

/** A persistence failure: corrupt or truncated file, locked directory, I/O error. */
export class PersistenceError extends Error {
  /**
   * @param message what went wrong, naming the file
   * @param code a stable machine-readable cause
   * @param file the file concerned, if any
   */
  constructor(
    message: string,
    readonly code: 'CORRUPT' | 'TRUNCATED' | 'LOCKED' | 'IO' | 'VERSION',
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PersistenceError';
  }
}

// The append-only log adapter: Redis 7.0's multi-part AOF (aof.c), so `redis-server
// --appendonly yes` loads a folder embedis wrote and embedis loads one Redis wrote.
//
//   <dir>/appendonlydir/appendonly.aof.manifest   which files, in which order (aof-manifest.ts)
//   <dir>/appendonlydir/appendonly.aof.N.base.aof the dataset as commands at the last rewrite
//   <dir>/appendonlydir/appendonly.aof.M.incr.aof every effect since, as RESP commands
//
// Flow, as in Redis:
// - load(): reads the manifest, replays the base then each incremental file (replay.ts); a
//   torn last record is truncated and reported (aof-load-truncated yes); then opens the last
//   incremental file for appending — creating a base from the store and a first incremental
//   file when the folder holds none (aofOpenIfNeededOnServerStart) — and deletes history files.
// - append(): one execution unit's effects become RESP commands (SELECT when the database
//   changes, MULTI … EXEC around a unit of several effects unless the effects layer wrapped it
//   already) handed to the writer (aof-writer.ts: group commit for `always`, a timer for
//   `everysec`, never blocking the event loop).
// - rewrite (BGREWRITEAOF, automatic at auto-aof-rewrite-percentage growth over
//   auto-aof-rewrite-min-size, or switching appendonly on): aof-rewrite.ts writes a new base in
//   slices; at its switch point a new incremental file starts and the manifest naming it is
//   written; when the base is complete it is renamed into place, the manifest switched
//   atomically (temp, fsync, rename, fsync dir), and the old base and incremental files —
//   history now — deleted.
//
// Durability of the typed API: a write is in memory when the method returns; it is on disk
// after the next fsync — within a second (everysec), when the OS decides (no), or as soon as
// its batch's fsync returns (always) — and in every mode once `await store.sync()` (this
// adapter's sync()) resolves. A server holds each reply until durable() resolves.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Effect } from '../effects/effects.js';
import { aofWriteError } from '../errors.js';
import type { Store } from '../store.js';
import {
  type AppendOnlyOptions,
  type BackgroundSnapshotOptions,
  type LoadOptions,
  type LoadResult,
  type PersistenceAdapter,
  type PersistenceCapabilities,
  PersistenceError,
  type SnapshotResult,
} from './adapter.js';
import { findCompactWorker, type RewriteJob, WorkerRewrite } from './aof-compact.js';
import {
  AOF_NAMES,
  AofManifest,
  manifestName,
  readManifest,
  writeManifest,
  writeManifestSync,
} from './aof-manifest.js';
import { BackgroundRewrite, rewriteSync } from './aof-rewrite.js';
import {
  type AofTarget,
  AofWriter,
  type Deferred,
  deferred,
  type FsyncPolicy,
  strerror,
} from './aof-writer.js';
import { ReplayError, replayFile } from './replay.js';

/** Defaults of {@link AppendOnlyOptions}, as Redis's. */
const DEFAULTS = {
  fsync: 'everysec' as FsyncPolicy,
  dirname: 'appendonlydir',
  filename: 'appendonly.aof',
  autoRewritePercentage: 100,
  autoRewriteMinSize: 64 * 1024 * 1024,
  loadTruncated: true,
};

/** Redis's AOF_REWRITE_LIMITE_THRESHOLD and _MAX_MINUTES: back-off after failed rewrites. */
const REWRITE_LIMIT_THRESHOLD = 3;
const REWRITE_LIMIT_MAX_MINUTES = 60;

const MULTI_ARGV: readonly string[] = ['MULTI'];
const EXEC_ARGV: readonly string[] = ['EXEC'];

/** The AOF's fields of INFO persistence (Redis 7.0 names, without the `aof_` prefix). */
export interface AofInfo {
  /** appendonly yes (or switching on: `aof_enabled` is 1 once the first rewrite is done). */
  enabled: boolean;
  /** A rewrite is running. */
  rewriteInProgress: boolean;
  /** A rewrite waits to start (automatic rewrite pending). */
  rewriteScheduled: boolean;
  /** Duration of the last rewrite in seconds, -1 before the first. */
  lastRewriteTimeSec: number;
  /** Duration of the running rewrite in seconds, -1 when none runs. */
  currentRewriteTimeSec: number;
  /** `ok` or `err`: how the last background rewrite ended. */
  lastBgrewriteStatus: 'ok' | 'err';
  /** Rewrites started since the adapter was created. */
  rewrites: number;
  /** `ok` or `err`: whether the last write to the log succeeded. */
  lastWriteStatus: 'ok' | 'err';
  /** Bytes of the base and incremental files (aof_current_size). */
  currentSize: number;
  /** Size after the last rewrite, or of the base at startup (aof_base_size). */
  baseSize: number;
  /** Bytes appended but not yet written (aof_buffer_length). */
  bufferLength: number;
  /** The longest time the last background rewrite held the event loop at once, in ms. */
  lastRewriteMaxSliceMs: number;
  /**
   * Where the running or last background rewrite serialises: `worker` (a worker thread replays
   * the files, aof-compact.ts) or `event-loop` (slices of memory, aof-rewrite.ts); `none` before
   * the first. Not an INFO field.
   */
  rewriteMode: 'worker' | 'event-loop' | 'none';
  /** The fsync policy. */
  fsync: FsyncPolicy;
}

/** State of a running rewrite. */
interface RewriteRun {
  readonly job: RewriteJob;
  readonly controller: AbortController;
  readonly startedAt: number;
  /** True once the new incremental file took over (see BackgroundRewrite.run). */
  switched: boolean;
  /** Unix ms of the switch: the instant the new base stands for. */
  createdAt: number;
  /** Switching appendonly on: the manifest is first written when the base is complete. */
  readonly enabling: boolean;
  /** The manifest after the switch (enabling: not yet on disk). */
  manifest: AofManifest | null;
  /** Enabling: resolves when the final manifest is on disk, releasing held appends. */
  manifestDone: Deferred | null;
  /** The store's `effects.unlogged` at the switch. */
  unloggedAtSwitch: number;
}

/**
 * The append-only log: Redis 7.0's multi-part AOF. See the file header; the
 * {@link PersistenceAdapter} contract is in adapter.ts.
 *
 * @example
 * const aof = new AofAdapter('./data', { fsync: 'always' });
 * aof.load(store);
 * aof.attach(store);
 */
export class AofAdapter implements PersistenceAdapter {
  readonly name = 'aof';
  readonly capabilities: PersistenceCapabilities = {
    snapshot: true,
    backgroundSnapshot: true,
    log: true,
    redisCompatible: true,
  };
  /** The data directory (Redis's `dir`). */
  readonly dataDir: string;
  /** The AOF folder, `<dataDir>/<dirname>`. */
  readonly aofDir: string;
  /** Base name of the files (`appendfilename`). */
  readonly filename: string;
  private policy: FsyncPolicy;
  private autoRewritePercentage: number;
  private autoRewriteMinSize: number;
  private loadTruncated: boolean;
  private readonly rewriteWorker: string | URL | false | undefined;
  /** The worker rewrite failed once: rewrite on the event loop from then on. */
  private workerFailed = false;
  /**
   * The store whose whole dataset the files hold (loaded from them, or a base written from
   * memory since), with its `effects.unlogged` count then; null when unknown.
   */
  private filesMatch: { store: Store; unlogged: number } | null = null;
  private state: 'off' | 'wait-rewrite' | 'on';
  private manifest: AofManifest | null = null;
  private writer: AofWriter | null = null;
  private selectedDb = -1;
  private store: Store | null = null;
  private rewrite: RewriteRun | null = null;
  private closed = false;
  private replaying = false;
  // INFO persistence
  private currentSize = 0;
  private baseSize = 0;
  private rewrites = 0;
  private lastBgrewriteOk = true;
  private lastRewriteMs = -1;
  private lastRewriteMaxSliceMs = 0;
  private rewriteMode: AofInfo['rewriteMode'] = 'none';
  private consecutiveFailures = 0;
  private nextDelayMinutes = 0;
  private nextRewriteAt = 0;
  private autoScheduled = false;
  private readonly statusListeners: ((error: Error | null) => void)[] = [];
  /** The MISCONF text this adapter put in store.diskError, to clear only its own. */
  private diskErrorText: string | null = null;

  /**
   * @param dir - the data directory; the AOF folder is created inside it when first needed
   * @param options - Redis's appendfsync, appenddirname, appendfilename, auto-aof-rewrite-*,
   *   aof-load-truncated
   * @param enabled - false for an adapter that starts switched off (appendonly no), to be
   *   switched on later with {@link enable}
   */
  constructor(dir: string, options: AppendOnlyOptions = {}, enabled = true) {
    this.dataDir = path.resolve(dir);
    const dirname = options.dirname ?? DEFAULTS.dirname;
    const filename = options.filename ?? DEFAULTS.filename;
    if (dirname.length === 0 || dirname.includes('/') || dirname.includes('\\'))
      throw new RangeError('appenddirname must be a folder name, not a path');
    if (filename.length === 0 || filename.includes('/') || filename.includes('\\'))
      throw new RangeError('appendfilename must be a file name, not a path');
    this.aofDir = path.join(this.dataDir, dirname);
    this.filename = filename;
    this.policy = options.fsync ?? DEFAULTS.fsync;
    if (!['always', 'everysec', 'no'].includes(this.policy))
      throw new RangeError(`bad appendfsync '${this.policy}'`);
    this.autoRewritePercentage = options.autoRewritePercentage ?? DEFAULTS.autoRewritePercentage;
    this.autoRewriteMinSize = options.autoRewriteMinSize ?? DEFAULTS.autoRewriteMinSize;
    this.loadTruncated = options.loadTruncated ?? DEFAULTS.loadTruncated;
    this.rewriteWorker = options.rewriteWorker;
    this.state = enabled ? 'on' : 'off';
    fs.mkdirSync(this.dataDir, { recursive: true });
  }

  // ---- loading ---------------------------------------------------------------------------------

  /**
   * Replays the log into `store` (empty), then opens it for appending. When the folder holds no
   * log, a base is written from what `store` holds — so load any other source first.
   * @remarks O(N) in the size of the log.
   */
  load(store: Store, options: LoadOptions = {}): LoadResult {
    const t0 = performance.now();
    this.store = store;
    const warnings: string[] = [];
    let m = readManifest(this.aofDir, this.filename);
    m = this.upgradeOldStyle(m);
    if (m === null || m.empty) {
      if (this.state === 'on') this.openForAppend(store);
      return { found: false, items: 0, expired: 0, bytes: 0, durationMs: performance.now() - t0, warnings };
    }
    const files = [...(m.base === null ? [] : [m.base]), ...m.incr];
    const sizes = files.map((f) => {
      const p = path.join(this.aofDir, f.name);
      try {
        return fs.statSync(p).size;
      } catch (e) {
        throw new PersistenceError(
          `The AOF file ${p} listed in the manifest can't be read: ${strerror(e)}`,
          'IO',
          p,
          { cause: e },
        );
      }
    });
    const total = sizes.reduce((a, b) => a + b, 0);
    // Replayed over an empty store, the files hold all of it (aof-compact.ts relies on that).
    const wasEmpty = store.dbs.every((d) => d.size === 0);
    let loaded = 0;
    let items = 0;
    const logging = store.effects.logging;
    store.effects.logging = false;
    store.loading = true;
    this.replaying = true;
    try {
      for (let i = 0; i < files.length; i++) {
        const f = files[i]!;
        const file = path.join(this.aofDir, f.name);
        const last = i === files.length - 1;
        const report = (bytes: number, commands: number, done: boolean): void =>
          options.onProgress?.({
            file,
            bytesLoaded: loaded + bytes,
            bytesTotal: total,
            items: items + commands,
            done,
          });
        let outcome: ReturnType<typeof replayFile>;
        try {
          outcome = replayFile(store, file, { onProgress: (b, c) => report(b, c, false) });
        } catch (e) {
          if (!(e instanceof ReplayError)) throw e;
          if (e.kind === 'rdb') {
            throw new PersistenceError(
              `${file} is an RDB-format AOF base (aof-use-rdb-preamble yes), which embedis does not support: ` +
                'rewrite it in AOF format with `redis-server --aof-use-rdb-preamble no` (CONFIG SET ' +
                'aof-use-rdb-preamble no, then BGREWRITEAOF) before loading it',
              'VERSION',
              file,
            );
          }
          throw new PersistenceError(e.message, 'CORRUPT', file, { cause: e });
        }
        if (outcome.tornAt !== null) {
          const dropped = outcome.size - outcome.tornAt;
          if (!last) {
            throw new PersistenceError(
              `Unexpected end of file reading the append only file ${file} at offset ${outcome.tornAt}: ` +
                'the truncated file is not the last file',
              'TRUNCATED',
              file,
            );
          }
          if (!this.loadTruncated) {
            throw new PersistenceError(
              `Unexpected end of file reading the append only file ${file} at offset ${outcome.tornAt} ` +
                `(${dropped} bytes of a torn last record); set aof-load-truncated yes (loadTruncated: true) to ` +
                'load it anyway, truncated',
              'TRUNCATED',
              file,
            );
          }
          fs.truncateSync(file, outcome.tornAt);
          sizes[i] = outcome.tornAt;
          warnings.push(
            `Truncated the append only file ${file} at offset ${outcome.tornAt}: dropped ${dropped} bytes of a ` +
              'torn last record (aof-load-truncated yes)',
          );
        }
        if (outcome.failed > 0) {
          warnings.push(
            `${outcome.failed} commands in ${file} replied an error while loading (ignored, as Redis does); ` +
              `first: ${outcome.firstFailure}`,
          );
        }
        items += outcome.commands;
        loaded += sizes[i]!;
        report(0, 0, true);
      }
    } finally {
      this.replaying = false;
      store.loading = false;
      store.effects.logging = logging;
    }
    const expired = dropExpired(store);
    this.filesMatch = wasEmpty ? { store, unlogged: store.effects.unlogged } : null;
    this.manifest = m;
    this.baseSize = m.base === null ? 0 : sizes[0]!;
    this.currentSize = sizes.reduce((a, b) => a + b, 0);
    if (this.state === 'on') this.openForAppend(store);
    return { found: true, items, expired, bytes: loaded, durationMs: performance.now() - t0, warnings };
  }

  /**
   * Redis's upgrade of a single-file AOF (`<dir>/appendonly.aof`, before 7.0) into the folder
   * layout (aofUpgradePrepare): the file becomes the base named by a new manifest.
   */
  private upgradeOldStyle(m: AofManifest | null): AofManifest | null {
    const old = path.join(this.dataDir, this.filename);
    if (!fs.existsSync(old)) return m;
    const inDir = path.join(this.aofDir, this.filename);
    const upgrade =
      m === null ||
      m.empty ||
      (m.base !== null && m.incr.length === 0 && m.base.name === this.filename && !fs.existsSync(inDir));
    if (!upgrade) return m;
    fs.mkdirSync(this.aofDir, { recursive: true });
    const n = new AofManifest();
    n.base = { name: this.filename, seq: 1, type: 'b' };
    n.baseSeq = 1;
    writeManifestSync(this.aofDir, this.filename, n);
    fs.renameSync(old, inDir);
    return n;
  }

  /**
   * Opens the last incremental file for appending (aofOpenIfNeededOnServerStart): with no log
   * at all, first writes a base from `store` (empty for a fresh store) and starts a first
   * incremental file. Persists the manifest and deletes history files.
   */
  private openForAppend(store: Store | null): void {
    try {
      fs.mkdirSync(this.aofDir, { recursive: true });
    } catch (e) {
      throw ioError(`Can't open or create append-only dir ${this.aofDir}`, this.aofDir, e);
    }
    const before = this.manifest ?? readManifest(this.aofDir, this.filename) ?? new AofManifest();
    const m = before.clone();
    const beforeText = this.manifest === null && m.empty ? '' : before.format();
    if (m.empty) {
      const baseName = m.newBase(this.filename);
      const basePath = path.join(this.aofDir, baseName);
      const temp = path.join(this.aofDir, `${AOF_NAMES.temp}rewriteaof-${process.pid}.aof`);
      const { bytes } = store === null ? emptyFile(temp) : rewriteSync(store, temp);
      fs.renameSync(temp, basePath);
      this.baseSize = bytes;
      this.currentSize = bytes;
      if (store !== null) this.filesMatch = { store, unlogged: store.effects.unlogged };
    }
    const incr = m.incr.length > 0 ? m.incr[m.incr.length - 1]!.name : m.newIncr(this.filename);
    const target = openTarget(path.join(this.aofDir, incr), incr, false);
    try {
      if (m.format() !== beforeText) writeManifestSync(this.aofDir, this.filename, m);
    } catch (e) {
      fs.closeSync(target.fd);
      throw ioError(`Can't write the AOF manifest in ${this.aofDir}`, this.aofDir, e);
    }
    this.manifest = m;
    this.writer = this.newWriter(target);
    this.selectedDb = -1;
    this.removeTempFiles();
    this.deleteHistorySync();
  }

  private newWriter(target: AofTarget): AofWriter {
    return new AofWriter(target, {
      policy: this.policy,
      onStaged: (bytes) => {
        this.currentSize += bytes;
      },
      onStatus: (e) => {
        // Redis's writeCommandsDeniedByDiskError: writes get MISCONF until a write succeeds.
        const store = this.store;
        if (store !== null) {
          if (e !== null) store.diskError ??= this.diskErrorText = aofWriteError(strerror(e));
          else if (store.diskError === this.diskErrorText) store.diskError = null;
          if (e === null) this.diskErrorText = null;
        }
        for (const l of this.statusListeners) l(e);
      },
    });
  }

  // ---- appending -------------------------------------------------------------------------------

  /**
   * Records one execution unit's effects (called from the effects sink, in order). A unit of
   * several effects is logged inside MULTI … EXEC (unless already wrapped), with a SELECT
   * whenever the database changes.
   * @remarks O(size of the effects).
   */
  append(unit: readonly Effect[]): void {
    if (this.state === 'off' || this.replaying || this.closed || unit.length === 0) return;
    const rw = this.rewrite;
    if (rw !== null) {
      rw.job.note(unit);
      // Switching on: effects before the switch are part of the base being written.
      if (rw.enabling && !rw.switched) return;
    }
    if (this.writer === null) this.openForAppend(null);
    const w = this.writer!;
    const n = unit.length;
    if (n === 1) {
      // One effect (a bare typed call, most commands): no wrapping, SELECT only on a db change.
      const e = unit[0]!;
      if (e.db !== this.selectedDb) {
        w.appendCommand(['SELECT', String(e.db)]);
        this.selectedDb = e.db;
      }
      w.appendCommand(e.argv);
      this.committed(w.commit(), rw);
      return;
    }
    const wrap = n > 1 && !isMulti(unit[0]!.argv);
    for (let i = 0; i < n; i++) {
      const e = unit[i]!;
      if (e.db !== this.selectedDb) {
        w.appendCommand(['SELECT', String(e.db)]);
        this.selectedDb = e.db;
      }
      if (wrap && i === 0) w.appendCommand(MULTI_ARGV);
      w.appendCommand(e.argv);
    }
    if (wrap) w.appendCommand(EXEC_ARGV);
    this.committed(w.commit(), rw);
  }

  /**
   * The {@link SetTextSink} of this log: a bare typed `set(key, value)` handed to the writer
   * with no effect objects (see AofWriter.appendSetText). Declines (the effect then comes
   * through {@link append}) while a rewrite runs, before the first append, and when the
   * database differs from the last SELECT.
   * @remarks O(1); the encoding, O(length of key and value), happens when the batch is written.
   */
  appendSetText(db: number, key: string, value: string): boolean {
    const w = this.writer;
    if (
      w === null ||
      db !== this.selectedDb ||
      this.rewrite?.job.needsEffects === true ||
      this.state === 'off' ||
      this.replaying ||
      this.closed
    ) {
      return false;
    }
    w.appendSetText(key, value);
    // Its bytes count once encoded (onStaged): the check sees the log up to the last batch.
    this.committed(0, null);
    return true;
  }

  /**
   * Makes this log the effects sink of `store` (with the typed-SET shortcut); returns the
   * function that detaches it.
   */
  attach(store: Store): () => void {
    return store.effects.addSink((unit) => this.append(unit), {
      set: (db, key, value) => this.appendSetText(db, key, value),
      retract: () => this.writer?.retractSetText(),
    });
  }

  /** Counts a committed unit's bytes; checks for an automatic rewrite. */
  private committed(bytes: number, rw: RewriteRun | null): void {
    this.currentSize += bytes;
    if (
      this.autoRewritePercentage > 0 &&
      this.currentSize > this.autoRewriteMinSize &&
      rw === null &&
      !this.autoScheduled
    ) {
      this.maybeAutoRewrite();
    }
  }

  /**
   * For a server under `appendfsync always`: a promise that resolves when every unit appended
   * so far is on disk (rejects if writing it failed), or null when nothing needs waiting for
   * (another policy, or everything already fsynced). All units of one batch share one promise:
   * call it once per batch of replies (e.g. per socket read), not per command.
   */
  durable(): Promise<void> | null {
    return this.writer?.durable() ?? null;
  }

  /** Makes everything appended so far durable (fsync), whatever the policy. */
  sync(): Promise<void> {
    return this.writer?.sync() ?? Promise.resolve();
  }

  // ---- errors ------------------------------------------------------------------------------------

  /** The last unresolved write/fsync error of the log, or null. */
  get writeError(): Error | null {
    return this.writer?.error ?? null;
  }

  /**
   * The MISCONF error text a write command gets while the log cannot be written (Redis's
   * writeCommandsDeniedByDiskError), or null when writes are allowed.
   */
  deniedWriteError(): string | null {
    const e = this.writer?.error;
    return e == null ? null : aofWriteError(strerror(e));
  }

  /** Calls `fn` when the log enters an error state (with the error) and when it recovers (null). */
  onStatus(fn: (error: Error | null) => void): () => void {
    this.statusListeners.push(fn);
    return () => {
      const i = this.statusListeners.indexOf(fn);
      if (i >= 0) this.statusListeners.splice(i, 1);
    };
  }

  // ---- settings ----------------------------------------------------------------------------------

  /** The fsync policy (appendfsync). */
  get fsync(): FsyncPolicy {
    return this.policy;
  }

  /** Changes the fsync policy at runtime (CONFIG SET appendfsync). */
  setFsync(policy: FsyncPolicy): void {
    this.policy = policy;
    this.writer?.setPolicy(policy);
  }

  /** The settings in force (CONFIG GET). */
  get settings(): Required<Omit<AppendOnlyOptions, 'rewriteWorker'>> {
    return {
      fsync: this.policy,
      dirname: path.basename(this.aofDir),
      filename: this.filename,
      autoRewritePercentage: this.autoRewritePercentage,
      autoRewriteMinSize: this.autoRewriteMinSize,
      loadTruncated: this.loadTruncated,
    };
  }

  /** CONFIG SET auto-aof-rewrite-percentage / auto-aof-rewrite-min-size / aof-load-truncated. */
  configure(
    options: Pick<AppendOnlyOptions, 'autoRewritePercentage' | 'autoRewriteMinSize' | 'loadTruncated'>,
  ): void {
    if (options.autoRewritePercentage !== undefined)
      this.autoRewritePercentage = options.autoRewritePercentage;
    if (options.autoRewriteMinSize !== undefined) this.autoRewriteMinSize = options.autoRewriteMinSize;
    if (options.loadTruncated !== undefined) this.loadTruncated = options.loadTruncated;
  }

  /** True while appendonly is yes (including while switching on). */
  get enabled(): boolean {
    return this.state !== 'off';
  }

  /**
   * Switches the log on at runtime (CONFIG SET appendonly yes, startAppendOnly): writes a base
   * from `store` in the background while new effects go to a new incremental file, and resolves
   * once the manifest naming both is on disk. Rejects (and stays off) if the rewrite fails.
   */
  async enable(store: Store): Promise<void> {
    if (this.state !== 'off') return;
    this.closed = false;
    this.state = 'wait-rewrite';
    this.store = store;
    try {
      await this.rewriteInBackground(store);
    } catch (e) {
      this.state = 'off';
      throw e;
    }
  }

  /**
   * Switches the log off (CONFIG SET appendonly no, stopAppendOnly): flushes and fsyncs what is
   * pending, closes the file, stops a running rewrite. The files stay as they are.
   */
  disable(): void {
    if (this.state === 'off') return;
    this.stopRewrite();
    this.state = 'off';
    const w = this.writer;
    this.writer = null;
    this.selectedDb = -1;
    w?.close();
  }

  // ---- rewrite -----------------------------------------------------------------------------------

  /** True while a rewrite runs. */
  get rewriteInProgress(): boolean {
    return this.rewrite !== null;
  }

  /** A synchronous rewrite (the log's "snapshot"): blocks until the new base is on disk. */
  snapshot(store: Store): SnapshotResult {
    if (this.rewrite !== null) throw new Error('Background append only file rewriting already in progress');
    const t0 = performance.now();
    this.store = store;
    if (this.state === 'off') throw new Error('The append only file is switched off');
    if (this.writer === null) this.openForAppend(store);
    // Everything queued reaches the old files first: they stay valid until the manifest moves.
    this.writer!.flushSync();
    const temp = path.join(this.aofDir, `${AOF_NAMES.temp}rewriteaof-${process.pid}.aof`);
    const createdAt = store.clock.now();
    const { keys, bytes } = rewriteSync(store, temp);
    const m = this.manifest!.clone();
    const baseName = m.newBase(this.filename);
    const incrName = m.newIncr(this.filename);
    m.markRewrittenIncrAsHistory(true);
    const basePath = path.join(this.aofDir, baseName);
    fs.renameSync(temp, basePath);
    const target = openTarget(path.join(this.aofDir, incrName), incrName, true);
    try {
      writeManifestSync(this.aofDir, this.filename, m);
    } catch (e) {
      fs.closeSync(target.fd);
      fs.rmSync(path.join(this.aofDir, incrName), { force: true });
      throw ioError(`Can't write the AOF manifest in ${this.aofDir}`, this.aofDir, e);
    }
    this.manifest = m;
    this.writer!.rotate(target);
    this.filesMatch = { store, unlogged: store.effects.unlogged };
    this.selectedDb = -1;
    this.baseSize = bytes;
    this.currentSize = bytes;
    this.rewrites++;
    this.deleteHistorySync();
    return { file: basePath, keys, bytes, durationMs: performance.now() - t0, createdAt };
  }

  /** BGREWRITEAOF: {@link rewriteInBackground}. */
  snapshotInBackground(store: Store, options: BackgroundSnapshotOptions = {}): Promise<SnapshotResult> {
    return this.rewriteInBackground(store, options);
  }

  /**
   * Rewrites the log in the background (BGREWRITEAOF): see aof-rewrite.ts. Resolves when the new
   * base is in place and the old files deleted. Rejects if a rewrite already runs, on an I/O
   * error, or when `options.signal` aborts; the previous files then stay valid.
   */
  rewriteInBackground(store: Store, options: BackgroundSnapshotOptions = {}): Promise<SnapshotResult> {
    if (this.rewrite !== null) {
      return Promise.reject(new Error('Background append only file rewriting already in progress'));
    }
    if (this.state === 'off') return Promise.reject(new Error('The append only file is switched off'));
    this.store = store;
    const enabling = this.state === 'wait-rewrite';
    if (!enabling && this.writer === null) this.openForAppend(store);
    fs.mkdirSync(this.aofDir, { recursive: true });
    const controller = new AbortController();
    const signal =
      options.signal === undefined ? controller.signal : AbortSignal.any([controller.signal, options.signal]);
    const temp = path.join(this.aofDir, `${AOF_NAMES.temp}rewriteaof-bg-${process.pid}.aof`);
    // A worker thread replays the files when they hold the whole dataset (aof-compact.ts);
    // otherwise the event loop serialises memory in slices.
    const match = this.filesMatch;
    const worker =
      !enabling && !this.workerFailed && match?.store === store && match.unlogged === store.effects.unlogged
        ? findCompactWorker(this.rewriteWorker)
        : null;
    const job =
      worker === null
        ? new BackgroundRewrite(store, temp, { sliceMs: options.sliceMs ?? 4, signal })
        : new WorkerRewrite(temp, { worker, databases: store.dbs.length, signal });
    const run: RewriteRun = {
      job,
      controller,
      startedAt: performance.now(),
      switched: false,
      createdAt: 0,
      enabling,
      manifest: null,
      manifestDone: null,
      unloggedAtSwitch: 0,
    };
    this.rewrite = run;
    this.rewrites++;
    this.rewriteMode = job instanceof WorkerRewrite ? 'worker' : 'event-loop';
    const started =
      job instanceof WorkerRewrite
        ? job.run(() => {
            this.switchIncr(run, store);
            // The files before the new incremental one: the dataset at the switch.
            const m = run.manifest!;
            const files = [...(m.base === null ? [] : [m.base]), ...m.incr.slice(0, -1)];
            return {
              files: files.map((f) => path.join(this.aofDir, f.name)),
              written: this.writer!.retiredWritten(),
            };
          })
        : (job as BackgroundRewrite).run(() => this.switchIncr(run, store));
    const promise = started
      .then(() => this.finishRewrite(run))
      .then(
        (result) => {
          this.rewrite = null;
          this.lastBgrewriteOk = true;
          this.consecutiveFailures = 0;
          this.lastRewriteMs = performance.now() - run.startedAt;
          this.lastRewriteMaxSliceMs = job.maxSliceMs;
          return result;
        },
        (e: unknown) => {
          this.rewrite = null;
          this.lastBgrewriteOk = false;
          // A worker that failed by itself (not stopped) is not tried again.
          if (job instanceof WorkerRewrite && !signal.aborted && !this.closed) this.workerFailed = true;
          this.consecutiveFailures++;
          this.lastRewriteMs = performance.now() - run.startedAt;
          if (run.enabling) {
            // Switching on failed: drop the incremental file that was never named.
            run.manifestDone?.reject(e as Error);
            const w = this.writer;
            this.writer = null;
            if (w !== null) {
              const name = w.target.name;
              try {
                w.close();
              } catch {
                // The file is removed anyway.
              }
              fs.rmSync(path.join(this.aofDir, name), { force: true });
            }
          }
          throw e;
        },
      );
    promise.catch(() => {});
    return promise;
  }

  /** The switch point of a rewrite (called synchronously by BackgroundRewrite.run). */
  private switchIncr(run: RewriteRun, store: Store): void {
    if (this.closed) throw new Error('The append only file was closed');
    run.createdAt = store.clock.now();
    run.unloggedAtSwitch = store.effects.unlogged;
    if (run.enabling) {
      // appendonly yes: nothing on disk names the new files until the base is complete; appends
      // are written meanwhile but held (not durable) until then.
      const m = (readManifest(this.aofDir, this.filename) ?? new AofManifest()).clone();
      const name = m.newIncr(this.filename);
      const target = openTarget(path.join(this.aofDir, name), name, true);
      run.manifest = m;
      run.manifestDone = deferred();
      this.writer = this.newWriter(target);
      this.writer.barrier(run.manifestDone.promise);
      this.selectedDb = -1;
      this.currentSize = 0;
      run.switched = true;
      return;
    }
    const m = this.manifest!.clone();
    const name = m.newIncr(this.filename);
    const file = path.join(this.aofDir, name);
    const target = openTarget(file, name, true);
    try {
      // The manifest names the new file before anything is appended to it (openNewIncrAofForAppend).
      writeManifestSync(this.aofDir, this.filename, m);
    } catch (e) {
      fs.closeSync(target.fd);
      fs.rmSync(file, { force: true });
      throw ioError(`Can't write the AOF manifest in ${this.aofDir}`, this.aofDir, e);
    }
    this.manifest = m;
    run.manifest = m;
    this.writer!.rotate(target);
    this.selectedDb = -1;
    run.switched = true;
  }

  /** After the base is complete: rename it into place, switch the manifest, delete history. */
  private async finishRewrite(run: RewriteRun): Promise<SnapshotResult> {
    const job = run.job;
    if (this.closed || this.state === 'off') {
      fs.rmSync(job.file, { force: true });
      throw new Error('The append only file was closed during the rewrite');
    }
    const m = run.manifest!.clone();
    const baseName = m.newBase(this.filename);
    // Every incremental file before the one started at the switch is covered by the new base.
    m.markRewrittenIncrAsHistory(true);
    const basePath = path.join(this.aofDir, baseName);
    fs.renameSync(job.file, basePath);
    try {
      await writeManifest(this.aofDir, this.filename, m);
    } catch (e) {
      fs.rmSync(basePath, { force: true });
      throw ioError(`Can't write the AOF manifest in ${this.aofDir}`, this.aofDir, e);
    }
    this.manifest = m;
    // The new base holds the dataset of the switch, the new incremental file what came after.
    if (this.store !== null) this.filesMatch = { store: this.store, unlogged: run.unloggedAtSwitch };
    if (run.enabling) {
      this.state = 'on';
      run.manifestDone!.resolve();
    }
    const incrSize = this.writer?.target.size ?? 0;
    this.currentSize = job.bytes + incrSize;
    this.baseSize = this.currentSize;
    await this.deleteHistory();
    return {
      file: basePath,
      keys: job.keys,
      bytes: job.bytes,
      durationMs: performance.now() - run.startedAt,
      createdAt: run.createdAt,
    };
  }

  /** Stops a running rewrite (its promise rejects; the old files stay valid). */
  private stopRewrite(): void {
    this.rewrite?.controller.abort(new Error('The background append only file rewrite was stopped'));
  }

  /**
   * Redis's automatic rewrite (serverCron): when the log grew by auto-aof-rewrite-percentage
   * over its size after the last rewrite and is above auto-aof-rewrite-min-size; with back-off
   * after three failures in a row (aofRewriteLimited).
   */
  private maybeAutoRewrite(): void {
    const base = this.baseSize > 0 ? this.baseSize : 1;
    const growth = Math.floor((this.currentSize * 100) / base) - 100;
    if (growth < this.autoRewritePercentage || this.store === null) return;
    if (this.consecutiveFailures >= REWRITE_LIMIT_THRESHOLD) {
      const now = Date.now();
      if (this.nextRewriteAt === 0) {
        this.nextDelayMinutes = Math.min(
          this.nextDelayMinutes === 0 ? 1 : this.nextDelayMinutes * 2,
          REWRITE_LIMIT_MAX_MINUTES,
        );
        this.nextRewriteAt = now + this.nextDelayMinutes * 60_000;
        return;
      }
      if (now < this.nextRewriteAt) return;
      this.nextRewriteAt = 0;
    }
    const store = this.store;
    this.autoScheduled = true;
    // Not from inside the effects sink: the unit that triggered it is still finishing.
    setImmediate(() => {
      this.autoScheduled = false;
      if (this.rewrite !== null || this.closed || this.state !== 'on') return;
      this.rewriteInBackground(store).catch(() => {});
    });
  }

  // ---- closing -----------------------------------------------------------------------------------

  /** Writes and fsyncs what is pending, synchronously, and closes the file. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopRewrite();
    const w = this.writer;
    this.writer = null;
    w?.close();
  }

  /** INFO persistence's aof_* fields. */
  info(): AofInfo {
    // Read first: it encodes staged typed SETs, which then count in currentSize.
    const bufferLength = this.writer?.pendingBytes ?? 0;
    return {
      enabled: this.state === 'on',
      rewriteInProgress: this.rewrite !== null,
      rewriteScheduled: this.autoScheduled,
      lastRewriteTimeSec: this.lastRewriteMs < 0 ? -1 : Math.floor(this.lastRewriteMs / 1000),
      currentRewriteTimeSec:
        this.rewrite === null ? -1 : Math.floor((performance.now() - this.rewrite.startedAt) / 1000),
      lastBgrewriteStatus: this.lastBgrewriteOk ? 'ok' : 'err',
      rewrites: this.rewrites,
      lastWriteStatus: this.writer?.error == null ? 'ok' : 'err',
      currentSize: this.currentSize,
      baseSize: this.baseSize,
      bufferLength,
      lastRewriteMaxSliceMs: this.lastRewriteMaxSliceMs,
      rewriteMode: this.rewriteMode,
      fsync: this.policy,
    };
  }

  // ---- files -------------------------------------------------------------------------------------

  /** Deletes history files and persists the manifest without them (aofDelHistoryFiles). */
  private deleteHistorySync(): void {
    const m = this.manifest;
    if (m === null || m.history.length === 0) return;
    for (const h of m.history) fs.rmSync(path.join(this.aofDir, h.name), { force: true });
    const n = m.clone();
    n.history = [];
    writeManifestSync(this.aofDir, this.filename, n);
    this.manifest = n;
  }

  private async deleteHistory(): Promise<void> {
    const m = this.manifest;
    if (m === null || m.history.length === 0) return;
    await Promise.all(m.history.map((h) => fs.promises.rm(path.join(this.aofDir, h.name), { force: true })));
    // Closed meanwhile: the directory may already belong to another process; history lines are
    // harmless and go at the next open.
    if (this.closed) return;
    const n = m.clone();
    n.history = [];
    try {
      await writeManifest(this.aofDir, this.filename, n);
      if (this.manifest === m) this.manifest = n;
    } catch {
      // The history lines stay; the files are gone and history is never loaded.
    }
  }

  /**
   * Removes temp files a crash left behind: a rewrite's output and a manifest being replaced
   * (neither is ever read: the manifest in place is the previous, complete one).
   */
  private removeTempFiles(): void {
    const manifest = AOF_NAMES.temp + manifestName(this.filename);
    for (const name of fs.readdirSync(this.aofDir)) {
      if (name.startsWith(`${AOF_NAMES.temp}rewriteaof-`) || name === manifest)
        fs.rmSync(path.join(this.aofDir, name), { force: true });
    }
  }
}

// ---- helpers -----------------------------------------------------------------------------------

function isMulti(argv: readonly string[]): boolean {
  const a = argv[0]!;
  return a.length === 5 && a.toUpperCase() === 'MULTI';
}

/** Opens a log file for positional writes at its end (`truncate`: start empty). */
function openTarget(file: string, name: string, truncate: boolean): AofTarget {
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | (truncate ? fs.constants.O_TRUNC : 0);
  let fd: number;
  try {
    fd = fs.openSync(file, flags, 0o644);
  } catch (e) {
    throw ioError(`Can't open the append-only file ${file}`, file, e);
  }
  const size = truncate ? 0 : fs.fstatSync(fd).size;
  return { fd, name, size, synced: size, written: size, retired: false, closed: false };
}

function emptyFile(file: string): { keys: number; bytes: number } {
  const fd = fs.openSync(file, 'w', 0o644);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { keys: 0, bytes: 0 };
}

function ioError(what: string, file: string, e: unknown): PersistenceError {
  return new PersistenceError(`${what}: ${strerror(e)}`, 'IO', file, { cause: e });
}

/** Deletes keys whose TTL passed (the adapter contract: they are not restored); returns how many. */
function dropExpired(store: Store): number {
  const now = store.clock.now();
  let n = 0;
  for (const db of store.dbs) {
    if (db.expires.size === 0) continue;
    for (const [key, at] of db.expires) {
      if (at < now) {
        db.remove(key);
        n++;
      }
    }
  }
  return n;
}

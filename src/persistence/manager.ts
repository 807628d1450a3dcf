// The PersistenceManager drives a Store's adapters, as Redis's server.c / rdb.c glue does:
//
// - open: lock the data directory (lock.ts), load — from the append-only log when it is on,
//   else from the snapshot (loadDataFromDisk) — then attach the log to the effects stream and
//   count modifications (`dirty`, one touch listener) for the save points;
// - SAVE / BGSAVE [SCHEDULE] / LASTSAVE with Redis's replies and state (lastsave, dirty,
//   lastbgsave_status, rdb_saves …), a one-second cron that starts a BGSAVE when a save point
//   (`save 3600 1 300 100 60 10000`) is reached, retrying a failed one after 5 s
//   (CONFIG_BGSAVE_RETRY_DELAY), and the scheduled BGSAVE once a log rewrite ends;
// - MISCONF: while the last background save failed, save points exist and
//   stop-writes-on-bgsave-error is on, `store.diskError` holds Redis's text and dispatch refuses
//   write commands (writeCommandsDeniedByDiskError);
// - INFO persistence fields (`info()`), and closing: a final SAVE when save points exist (as
//   SHUTDOWN does), the log flushed and fsynced, the lock released.
//
// A store without `dir` is memory-only: the manager still answers SAVE/BGSAVE/LASTSAVE (nothing
// is written, the bookkeeping is Redis's) and counts nothing, so writes cost nothing extra.

import * as path from 'node:path';
import { BGSAVE_CHILD_ACTIVE, BGSAVE_IN_PROGRESS, MISCONF_RDB, ReplyError } from '../errors.js';
import type { StoreCoreOptions } from '../store/core.js';
import type { Store } from '../store.js';
import {
  type LoadProgress,
  type LoadResult,
  type PersistenceAdapter,
  PersistenceError,
  type SnapshotOptions,
  type SnapshotResult,
} from './adapter.js';
import { AofAdapter } from './aof.js';
import { DirLock } from './lock.js';
import { SnapshotAdapter } from './snapshot.js';

/** Redis's default `save` setting: 3600 1 300 100 60 10000. */
export const DEFAULT_SAVE_POINTS: ReadonlyArray<readonly [number, number]> = Object.freeze([
  Object.freeze([3600, 1] as const),
  Object.freeze([300, 100] as const),
  Object.freeze([60, 10000] as const),
]);

/** CONFIG_BGSAVE_RETRY_DELAY: seconds before a failed background save is retried by a save point. */
const BGSAVE_RETRY_DELAY = 5;

/** How often save points are checked (Redis: every serverCron tick, with second granularity). */
const CRON_MS = 1000;

/** INFO persistence's fields (Redis 7.0.15 names and meanings), as numbers and strings. */
export interface PersistenceInfo {
  loading: number;
  async_loading: number;
  current_cow_peak: number;
  current_cow_size: number;
  current_cow_size_age: number;
  current_fork_perc: string;
  current_save_keys_processed: number;
  current_save_keys_total: number;
  rdb_changes_since_last_save: number;
  rdb_bgsave_in_progress: number;
  rdb_last_save_time: number;
  rdb_last_bgsave_status: 'ok' | 'err';
  rdb_last_bgsave_time_sec: number;
  rdb_current_bgsave_time_sec: number;
  rdb_saves: number;
  rdb_last_cow_size: number;
  rdb_last_load_keys_expired: number;
  rdb_last_load_keys_loaded: number;
  aof_enabled: number;
  aof_rewrite_in_progress: number;
  aof_rewrite_scheduled: number;
  aof_last_rewrite_time_sec: number;
  aof_current_rewrite_time_sec: number;
  aof_last_bgrewrite_status: 'ok' | 'err';
  aof_rewrites: number;
  aof_rewrites_consecutive_failures: number;
  aof_last_write_status: 'ok' | 'err';
  aof_last_cow_size: number;
  module_fork_in_progress: number;
  module_fork_last_cow_size: number;
}

/** Outcome of {@link PersistenceManager.bgsave}: the status reply Redis sends. */
export type BgsaveReply = 'Background saving started' | 'Background saving scheduled';

/**
 * Persistence of one Store: created by the Store from its options (`store.persistence`). See
 * the file header.
 */
export class PersistenceManager {
  /** The data directory, or null for a memory-only store. */
  readonly dir: string | null;
  /** The snapshot adapter (null when memory-only). */
  readonly snapshots: SnapshotAdapter | null;
  /**
   * The append-only log adapter: null when `appendOnly` is off or memory-only (CONFIG SET
   * appendonly yes installs one, see aof-control.ts).
   */
  log: AofAdapter | null;
  /**
   * Modifications since the last successful save (Redis's server.dirty): the effects unit's
   * running count of modified keys (Effects.dirty) minus its value at the last save, so
   * counting costs no listener on the write path.
   */
  get dirty(): number {
    return this.store.effects.dirty - this.dirtyBase;
  }
  set dirty(n: number) {
    this.dirtyBase = this.store.effects.dirty - n;
  }
  private dirtyBase = 0;
  /** Unix time (s) of the last successful save; the open time at first, as Redis counts it. */
  lastSave: number;
  /** What the last load restored, or null before any. */
  lastLoad: LoadResult | null = null;
  /** The last save error (SAVE or BGSAVE), for logs. */
  lastError: Error | null = null;
  private savePoints: Array<readonly [number, number]>;
  private stopWrites: boolean;
  private readonly saveOnClose: boolean | undefined;
  private readonly sliceMs: number | undefined;
  private lastBgsaveOk = true;
  private lastBgsaveTry = 0;
  private lastBgsaveSec = -1;
  private saves = 0;
  private job: { promise: Promise<SnapshotResult>; startedAt: number; dirtyBefore: number } | null = null;
  private bgsaveScheduled = false;
  private loading = false;
  private readonly lock: DirLock | null;
  private cron: { cancel(): void } | null = null;
  private readonly detach: Array<() => void> = [];
  private closed = false;

  /**
   * Locks `options.dir` and creates the adapters; {@link open} loads. Memory-only when `dir`
   * is unset.
   * @throws PersistenceError when the directory is locked by another process
   */
  constructor(
    private readonly store: Store,
    options: StoreCoreOptions,
  ) {
    const snap: SnapshotOptions = typeof options.snapshot === 'object' ? options.snapshot : {};
    this.savePoints = (options.snapshot === false ? [] : (snap.savePoints ?? DEFAULT_SAVE_POINTS)).map(
      ([s, c]) => [s, c] as const,
    );
    this.stopWrites = snap.stopWritesOnError ?? true;
    this.saveOnClose = options.snapshot === false ? false : snap.saveOnClose;
    this.sliceMs = snap.sliceMs;
    this.lastSave = Math.floor(store.clock.now() / 1000);
    this.dir = options.dir ?? null;
    if (this.dir === null) {
      this.lock = null;
      this.snapshots = null;
      this.log = null;
      return;
    }
    this.lock = DirLock.acquire(this.dir);
    try {
      this.snapshots = new SnapshotAdapter(this.dir, snap);
      const ao = options.appendOnly;
      this.log = ao === undefined || ao === false ? null : new AofAdapter(this.dir, ao === true ? {} : ao);
    } catch (e) {
      this.lock.release();
      throw e;
    }
  }

  /**
   * Loads the data directory into the (empty) store, then starts logging, counting changes and
   * checking save points. Called once by the Store constructor.
   * @throws PersistenceError when a file is corrupt or unreadable (the lock is released)
   */
  open(onProgress?: (p: LoadProgress) => void): void {
    this.bindConfig();
    if (this.dir === null) return;
    const store = this.store;
    this.loading = true;
    try {
      // loadDataFromDisk: the log when appendonly is on (it may embed a base), else the snapshot.
      const source: PersistenceAdapter = this.log ?? this.snapshots!;
      this.lastLoad = source.load(store, onProgress === undefined ? {} : { onProgress });
    } catch (e) {
      this.close(false);
      throw e;
    } finally {
      this.loading = false;
    }
    const log = this.log;
    if (log !== null) this.detach.push(log.attach(store));
    this.dirty = 0; // what the load did is not a change since the last save
    this.armCron();
  }

  // ---- SAVE / BGSAVE / LASTSAVE (rdb.c) -------------------------------------------------------

  /** True while a background save runs (INFO rdb_bgsave_in_progress). */
  get bgsaveInProgress(): boolean {
    return this.job !== null;
  }

  /** The running background save's promise, or null: tests and shutdown wait on it. */
  get bgsaveDone(): Promise<SnapshotResult> | null {
    return this.job?.promise ?? null;
  }

  /**
   * SAVE: writes a snapshot now, blocking. Memory-only stores write nothing.
   * @throws ReplyError `ERR Background save already in progress` while a BGSAVE runs;
   * PersistenceError on an I/O error (the previous snapshot is untouched)
   * @see https://redis.io/commands/save/
   */
  save(): void {
    if (this.job !== null) throw new ReplyError(BGSAVE_IN_PROGRESS);
    this.saves++;
    if (this.snapshots !== null) {
      try {
        this.snapshots.snapshot(this.store);
      } catch (e) {
        this.lastError = e as Error;
        throw e;
      }
    }
    this.dirty = 0;
    this.lastSave = Math.floor(this.store.clock.now() / 1000);
    this.setBgsaveStatus(true);
  }

  /**
   * BGSAVE [SCHEDULE]: starts a background save and returns Redis's status text, or schedules
   * one while a log rewrite runs (with `schedule`, or inside EXEC).
   * @throws ReplyError when a save already runs, or a rewrite runs and `schedule` is false
   * @see https://redis.io/commands/bgsave/
   */
  bgsave(schedule = false, inExec = false): BgsaveReply {
    if (this.job !== null) throw new ReplyError(BGSAVE_IN_PROGRESS);
    if (this.log?.rewriteInProgress === true || inExec) {
      if (schedule || inExec) {
        this.bgsaveScheduled = true;
        this.armCron();
        return 'Background saving scheduled';
      }
      throw new ReplyError(BGSAVE_CHILD_ACTIVE);
    }
    this.startBgsave();
    return 'Background saving started';
  }

  /**
   * LASTSAVE: Unix time (s) of the last successful save.
   * @see https://redis.io/commands/lastsave/
   */
  lastsave(): number {
    return this.lastSave;
  }

  private startBgsave(): void {
    const store = this.store;
    const clock = store.clock;
    this.saves++;
    this.bgsaveScheduled = false;
    this.lastBgsaveTry = Math.floor(clock.now() / 1000);
    const startedAt = performance.now();
    const dirtyBefore = this.dirty;
    const snapshots = this.snapshots;
    const promise: Promise<SnapshotResult> =
      snapshots === null
        ? Promise.resolve({ file: '', keys: 0, bytes: 0, durationMs: 0, createdAt: clock.now() })
        : snapshots.snapshotInBackground(store, this.sliceMs === undefined ? {} : { sliceMs: this.sliceMs });
    this.job = { promise, startedAt, dirtyBefore };
    promise.then(
      () => {
        // backgroundSaveDoneHandlerDisk: changes made during the save stay dirty.
        this.dirty -= dirtyBefore;
        this.lastSave = Math.floor(clock.now() / 1000);
        this.finishBgsave(startedAt, true);
      },
      (e: unknown) => {
        this.lastError = e as Error;
        this.finishBgsave(startedAt, false);
      },
    );
  }

  private finishBgsave(startedAt: number, ok: boolean): void {
    this.job = null;
    this.lastBgsaveSec = Math.floor((performance.now() - startedAt) / 1000);
    this.setBgsaveStatus(ok);
  }

  private setBgsaveStatus(ok: boolean): void {
    this.lastBgsaveOk = ok;
    this.updateDiskError();
  }

  /** Puts Redis's MISCONF text in store.diskError, or takes it out (writeCommandsDeniedByDiskError). */
  private updateDiskError(): void {
    const store = this.store;
    const deny = this.stopWrites && this.savePoints.length > 0 && !this.lastBgsaveOk;
    if (deny) store.diskError = MISCONF_RDB;
    else if (store.diskError === MISCONF_RDB) store.diskError = this.log?.deniedWriteError() ?? null;
  }

  // ---- save points (serverCron) ---------------------------------------------------------------

  private armCron(): void {
    if (this.cron !== null || this.closed || this.dir === null) return;
    if (this.savePoints.length === 0 && !this.bgsaveScheduled) return;
    this.cron = this.store.clock.setTimer(() => {
      this.cron = null;
      this.tick();
      this.armCron();
    }, CRON_MS);
  }

  /** One serverCron pass: a scheduled BGSAVE, else the first save point reached. */
  tick(): void {
    if (this.closed || this.job !== null || this.log?.rewriteInProgress === true) return;
    if (this.bgsaveScheduled) {
      this.startBgsave();
      return;
    }
    const now = Math.floor(this.store.clock.now() / 1000);
    for (const [seconds, changes] of this.savePoints) {
      if (
        this.dirty >= changes &&
        now - this.lastSave > seconds &&
        (now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY || this.lastBgsaveOk)
      ) {
        this.startBgsave();
        return;
      }
    }
  }

  // ---- configuration (CONFIG GET/SET hooks) ---------------------------------------------------

  /** The save points as `[seconds, changes]` pairs (CONFIG GET save). */
  getSavePoints(): Array<readonly [number, number]> {
    return this.savePoints.map(([s, c]) => [s, c] as const);
  }

  /** Replaces the save points (CONFIG SET save; `[]` is `save ""`). */
  setSavePoints(points: ReadonlyArray<readonly [number, number]>): void {
    this.savePoints = points.map(([s, c]) => [s, c] as const);
    this.updateDiskError();
    this.armCron();
  }

  /** stop-writes-on-bgsave-error. */
  get stopWritesOnError(): boolean {
    return this.stopWrites;
  }

  set stopWritesOnError(on: boolean) {
    this.stopWrites = on;
    this.updateDiskError();
  }

  /** The snapshot's file name (CONFIG dbfilename); null when memory-only. */
  get dbfilename(): string | null {
    return this.snapshots?.filename ?? null;
  }

  set dbfilename(name: string) {
    if (this.snapshots !== null) this.snapshots.filename = name;
  }

  /**
   * Binds CONFIG save, dbfilename, stop-writes-on-bgsave-error and dir to this manager, and
   * provides INFO persistence's fields.
   */
  private bindConfig(): void {
    const store = this.store;
    const config = store.config;
    this.detach.push(
      config.bind<string>('save', {
        get: () => this.savePoints.map(([s, c]) => `${s} ${c}`).join(' '),
        set: (v) => {
          const n = v
            .split(' ')
            .filter((x) => x !== '')
            .map(Number);
          const points: Array<readonly [number, number]> = [];
          for (let i = 0; i + 1 < n.length; i += 2) points.push([n[i]!, n[i + 1]!] as const);
          this.setSavePoints(points);
        },
      }),
      config.bind<boolean>('stop-writes-on-bgsave-error', {
        get: () => this.stopWrites,
        set: (v) => {
          this.stopWritesOnError = v;
        },
      }),
      store.stats.provide('persistence', () => this.info() as unknown as Record<string, string | number>),
    );
    const snapshots = this.snapshots;
    if (snapshots === null) return;
    this.detach.push(
      config.bind<string>('dbfilename', {
        get: () => snapshots.filename,
        set: (v) => {
          snapshots.filename = v;
        },
      }),
      config.bind<string>('dir', {
        get: () => path.resolve(snapshots.dir),
        set: (v) =>
          path.resolve(v) === path.resolve(snapshots.dir)
            ? undefined
            : 'the data directory of a persisted store cannot change',
      }),
    );
  }

  // ---- INFO persistence -----------------------------------------------------------------------

  /** INFO persistence's fields with Redis 7.0.15's names. */
  info(): PersistenceInfo {
    const aof = this.log?.info();
    const bg = this.job;
    return {
      loading: this.loading ? 1 : 0,
      async_loading: 0,
      current_cow_peak: 0,
      current_cow_size: 0,
      current_cow_size_age: 0,
      current_fork_perc: '0.00',
      current_save_keys_processed: 0,
      current_save_keys_total: 0,
      rdb_changes_since_last_save: this.dirty,
      rdb_bgsave_in_progress: bg !== null ? 1 : 0,
      rdb_last_save_time: this.lastSave,
      rdb_last_bgsave_status: this.lastBgsaveOk ? 'ok' : 'err',
      rdb_last_bgsave_time_sec: this.lastBgsaveSec,
      rdb_current_bgsave_time_sec: bg === null ? -1 : Math.floor((performance.now() - bg.startedAt) / 1000),
      rdb_saves: this.saves,
      rdb_last_cow_size: 0,
      rdb_last_load_keys_expired: this.lastLoad !== null && this.log === null ? this.lastLoad.expired : 0,
      rdb_last_load_keys_loaded: this.lastLoad !== null && this.log === null ? this.lastLoad.items : 0,
      aof_enabled: aof?.enabled === true ? 1 : 0,
      aof_rewrite_in_progress: aof?.rewriteInProgress === true ? 1 : 0,
      aof_rewrite_scheduled: aof?.rewriteScheduled === true ? 1 : 0,
      aof_last_rewrite_time_sec: aof?.lastRewriteTimeSec ?? -1,
      aof_current_rewrite_time_sec: aof?.currentRewriteTimeSec ?? -1,
      aof_last_bgrewrite_status: aof?.lastBgrewriteStatus ?? 'ok',
      aof_rewrites: aof?.rewrites ?? 0,
      aof_rewrites_consecutive_failures: 0,
      aof_last_write_status: aof?.lastWriteStatus ?? 'ok',
      aof_last_cow_size: 0,
      module_fork_in_progress: 0,
      module_fork_last_cow_size: 0,
    };
  }

  // ---- closing --------------------------------------------------------------------------------

  /**
   * Closes persistence as SHUTDOWN does: a running background save is abandoned (its temp file
   * removed), a final snapshot is written when save points exist (or `saveOnClose` is true),
   * the log is flushed and fsynced, the directory unlocked. Idempotent.
   * @param save false skips the final snapshot (SHUTDOWN NOSAVE)
   * @throws PersistenceError when the final snapshot cannot be written (the lock is released)
   */
  close(save = true): void {
    if (this.closed) return;
    this.closed = true;
    this.cron?.cancel();
    this.cron = null;
    for (const d of this.detach.splice(0)) d();
    let error: unknown = null;
    try {
      this.snapshots?.close();
      this.job = null;
      const finalSave = this.saveOnClose ?? this.savePoints.length > 0;
      if (save && finalSave && this.snapshots !== null && this.lastLoad !== null) {
        try {
          this.snapshots.snapshot(this.store);
        } catch (e) {
          error = e;
        }
      }
      this.log?.close();
    } finally {
      this.lock?.release();
    }
    if (error !== null)
      throw error instanceof PersistenceError ? error : new PersistenceError(String(error), 'IO');
  }
}

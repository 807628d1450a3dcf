// The snapshot adapter (RDB's role): a point-in-time image of every database in one msgpackr
// file (format: snapshot-format.ts). Crash safety as rdbSave: the image goes to a temp file in
// the same directory, is fsynced, renamed over the previous file, and the directory is fsynced,
// so at every instant the file name holds a complete image — the old one until the rename.
//
// SAVE (snapshot) serialises in one go. BGSAVE (snapshotInBackground) cannot fork: it walks the
// keyspace in slices of ~4 ms between event-loop turns (setImmediate) with key-level
// copy-on-write (snapshot-walk.ts), so the file is the dataset as of the call while commands
// keep running; only the fsync runs off the loop (libuv's pool).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Store } from '../store.js';
import {
  type BackgroundSnapshotOptions,
  type LoadOptions,
  type LoadResult,
  type PersistenceAdapter,
  type PersistenceCapabilities,
  PersistenceError,
  type SnapshotOptions,
  type SnapshotResult,
} from './adapter.js';
import { encodeHeader, FORMAT_VERSION, HEADER_BYTES } from './snapshot-format.js';
import { readSnapshot } from './snapshot-reader.js';
import { SnapshotWalk } from './snapshot-walk.js';
import { SnapshotWriter } from './snapshot-writer.js';

/** Default file name of the snapshot in the data directory. */
export const DEFAULT_SNAPSHOT_FILENAME = 'dump.embedis';

/** Temp files: `temp-<pid>-<n>.embedis` (rdbSave's temp-<pid>.rdb). */
const TEMP_RE = /^temp-(\d+)-\d+\.embedis$/;

/** Identifies the writer in the meta frame. */
const CREATOR = 'embedis';

let tempSeq = 0;

/** fsyncs a directory so a rename in it is durable; a no-op where directories cannot be opened. */
export function fsyncDirSync(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Windows and some file systems refuse fsync on a directory: nothing more can be done.
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd: number, b: Uint8Array, position: number): void {
  let off = 0;
  while (off < b.length) off += fs.writeSync(fd, b, off, b.length - off, position + off);
}

/** Writes `chunks` at `position`, in order, whatever the OS accepts per call. */
function writevAll(fd: number, chunks: Uint8Array[], position: number): void {
  let i = 0;
  while (i < chunks.length) {
    // Linux accepts at most IOV_MAX (1024) buffers per writev.
    const batch = chunks.slice(i, i + 1024);
    let n = fs.writevSync(fd, batch, position);
    position += n;
    i += batch.length;
    // A short write: the rest of the batch, buffer by buffer.
    for (let j = 0; j < batch.length && n >= 0; j++) {
      const len = batch[j]!.length;
      if (n >= len) {
        n -= len;
        continue;
      }
      const rest = batch[j]!.subarray(n);
      writeAll(fd, rest, position);
      position += rest.length;
      n = -1;
      for (let k = j + 1; k < batch.length; k++) {
        writeAll(fd, batch[k]!, position);
        position += batch[k]!.length;
      }
    }
  }
}

function ioError(what: string, file: string, e: unknown): PersistenceError {
  const detail = e instanceof Error ? e.message : String(e);
  return new PersistenceError(`${what} ${file}: ${detail}`, 'IO', file, { cause: e });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A background save pauses its slices while more than this many bytes wait to be written. */
const HIGH_WATER = 16 << 20;

/**
 * A snapshot being written: the temp file and its writer. `sync` writes as the writer
 * produces (SAVE); otherwise writes are queued and go through libuv's pool one after the other
 * (BGSAVE), so a slow disk never blocks the event loop — the walk waits instead (HIGH_WATER).
 */
class SnapshotFile {
  readonly temp: string;
  readonly fd: number;
  readonly writer: SnapshotWriter;
  readonly createdAt: number;
  readonly startedAt = performance.now();
  /** The first write error (a write from a copy-on-write hook cannot throw into a command). */
  error: unknown = null;
  /** Next file offset of the body. */
  private pos = HEADER_BYTES;
  private readonly queue: Uint8Array[] = [];
  /** Bytes queued or being written (background mode). */
  queued = 0;
  private writing = false;
  private drained: Array<() => void> = [];

  constructor(
    readonly dir: string,
    readonly file: string,
    store: Store,
    sync: boolean,
  ) {
    this.temp = path.join(dir, `temp-${process.pid}-${++tempSeq}.embedis`);
    this.createdAt = store.clock.now();
    try {
      this.fd = fs.openSync(this.temp, 'w', 0o644);
    } catch (e) {
      throw ioError('cannot create snapshot temp file', this.temp, e);
    }
    this.writer = new SnapshotWriter((chunks, bytes) => {
      if (this.error !== null) return;
      if (!sync) {
        for (const c of chunks) this.queue.push(c);
        this.queued += bytes;
        this.pump();
        return;
      }
      try {
        writevAll(this.fd, chunks, this.pos);
        this.pos += bytes;
      } catch (e) {
        this.error = e;
      }
    });
    // The real header is written last, at offset 0: until then the file cannot pass for one.
    this.writer.begin({ databases: store.dbs.length, createdAt: this.createdAt, creator: CREATOR });
  }

  private pump(): void {
    if (this.writing || this.error !== null) return;
    if (this.queue.length === 0) {
      for (const fn of this.drained.splice(0)) fn();
      return;
    }
    const batch = this.queue.splice(0, 1024);
    let bytes = 0;
    for (const b of batch) bytes += b.length;
    this.writing = true;
    fs.writev(this.fd, batch, this.pos, (err, written) => {
      this.writing = false;
      if (err) {
        this.error = err;
        for (const fn of this.drained.splice(0)) fn();
        return;
      }
      this.pos += written;
      this.queued -= written;
      if (written < bytes) {
        // A short write: put back what was not written.
        let skip = written;
        const rest: Uint8Array[] = [];
        for (const b of batch) {
          if (skip >= b.length) skip -= b.length;
          else {
            rest.push(skip > 0 ? b.subarray(skip) : b);
            skip = 0;
          }
        }
        this.queue.unshift(...rest);
      }
      this.pump();
    });
  }

  /** Calls `fn` once every queued byte is written (or writing failed). */
  whenDrained(fn: () => void): void {
    if ((this.queue.length === 0 && !this.writing) || this.error !== null) fn();
    else this.drained.push(fn);
  }

  /** The 40 header bytes, once the body is complete. */
  header(): Buffer {
    return encodeHeader({
      version: FORMAT_VERSION,
      createdAt: this.createdAt,
      bodyLength: this.writer.bytes,
      bodyCrc: this.writer.crc,
    });
  }

  /** SAVE: ends the body, writes the header and fsyncs; throws on any write error. */
  sealSync(): void {
    this.writer.end();
    if (this.error !== null) throw ioError('cannot write snapshot', this.temp, this.error);
    try {
      writeAll(this.fd, this.header(), 0);
      fs.fsyncSync(this.fd);
    } catch (e) {
      throw ioError('cannot write snapshot', this.temp, e);
    }
  }

  /** BGSAVE: the same, off the event loop. */
  async seal(): Promise<void> {
    this.writer.end();
    await new Promise<void>((resolve) => this.whenDrained(resolve));
    if (this.error !== null) throw ioError('cannot write snapshot', this.temp, this.error);
    const header = this.header();
    try {
      await new Promise<void>((resolve, reject) =>
        fs.write(this.fd, header, 0, header.length, 0, (err) => (err ? reject(err) : resolve())),
      );
      await new Promise<void>((resolve, reject) =>
        fs.fsync(this.fd, (err) => (err ? reject(err) : resolve())),
      );
    } catch (e) {
      throw ioError('cannot write snapshot', this.temp, e);
    }
  }

  /** Renames the fsynced temp file over the snapshot and fsyncs the directory. */
  publish(): SnapshotResult {
    try {
      fs.closeSync(this.fd);
      fs.renameSync(this.temp, this.file);
    } catch (e) {
      this.discard();
      throw ioError('cannot rename the snapshot into place:', this.file, e);
    }
    fsyncDirSync(this.dir);
    return this.result();
  }

  /** {@link publish} off the event loop. */
  async publishAsync(): Promise<SnapshotResult> {
    try {
      fs.closeSync(this.fd);
      await fs.promises.rename(this.temp, this.file);
    } catch (e) {
      this.discard();
      throw ioError('cannot rename the snapshot into place:', this.file, e);
    }
    await fsyncDir(this.dir);
    return this.result();
  }

  private result(): SnapshotResult {
    return {
      file: this.file,
      keys: this.writer.keys,
      bytes: HEADER_BYTES + this.writer.bytes,
      durationMs: performance.now() - this.startedAt,
      createdAt: this.createdAt,
    };
  }

  /** Closes and removes the temp file (the previous snapshot is untouched). */
  discard(): void {
    this.error ??= new Error('discarded');
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    try {
      fs.unlinkSync(this.temp);
    } catch {
      // already gone
    }
  }
}

/** fsyncDirSync off the event loop. */
async function fsyncDir(dir: string): Promise<void> {
  let h: fs.promises.FileHandle;
  try {
    h = await fs.promises.open(dir, 'r');
  } catch {
    return;
  }
  try {
    await h.sync();
  } catch {
    // see fsyncDirSync
  } finally {
    await h.close();
  }
}

/**
 * Snapshots in a data directory: `dir/<filename>` (`dump.embedis`). See the file header.
 * @example
 * const adapter = new SnapshotAdapter('./data');
 * adapter.snapshot(store);            // SAVE
 * await adapter.snapshotInBackground(store); // BGSAVE
 * adapter.load(new Store());          // restart
 */
export class SnapshotAdapter implements PersistenceAdapter {
  readonly name = 'snapshot';
  readonly capabilities: PersistenceCapabilities = Object.freeze({
    snapshot: true,
    backgroundSnapshot: true,
    log: false,
    redisCompatible: false,
  });
  /** File name inside `dir` (CONFIG SET dbfilename changes it for the next save). */
  filename: string;
  private readonly running = new Set<() => void>();

  /**
   * @param dir the data directory (created when missing)
   * @param options see {@link SnapshotOptions}; only `filename` concerns the adapter
   */
  constructor(
    readonly dir: string,
    options: SnapshotOptions = {},
  ) {
    this.filename = options.filename ?? DEFAULT_SNAPSHOT_FILENAME;
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw ioError('cannot create data directory', dir, e);
    }
  }

  /** Absolute path of the snapshot file. */
  get file(): string {
    return path.resolve(this.dir, this.filename);
  }

  /**
   * Restores the snapshot into `store`; `found: false` when there is none. Removes temp files
   * left by a save that crashed (their process is gone).
   * @throws PersistenceError when the file is truncated, corrupted, of another format version, or
   * unreadable
   */
  load(store: Store, options: LoadOptions = {}): LoadResult {
    const started = performance.now();
    this.removeStaleTemps();
    const file = this.file;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        return { found: false, items: 0, expired: 0, bytes: 0, durationMs: 0, warnings: [] };
      }
      throw ioError('cannot read snapshot', file, e);
    }
    options.onProgress?.({ file, bytesLoaded: 0, bytesTotal: bytes.length, items: 0, done: false });
    const r = readSnapshot(bytes, file, store, store.clock.now(), options.onProgress);
    return {
      found: true,
      items: r.keys,
      expired: r.expired,
      bytes: bytes.length,
      durationMs: performance.now() - started,
      createdAt: r.createdAt,
      warnings: [],
    };
  }

  /** Snapshots do not log effects. */
  append(): void {}

  /**
   * Writes the whole store now (SAVE): temp file, fsync, rename, fsync dir.
   * @remarks O(N) in the size of the dataset; blocks the event loop.
   * @throws PersistenceError on an I/O error (the previous snapshot is untouched)
   */
  snapshot(store: Store): SnapshotResult {
    const f = new SnapshotFile(this.dir, this.file, store, true);
    try {
      const w = f.writer;
      const dbs = store.dbs;
      for (let i = 0; i < dbs.length && f.error === null; i++) {
        const db = dbs[i]!;
        if (db.dict.size === 0) continue;
        const text = !db.nonAsciiValues;
        const expires = db.expires;
        const volatile = expires.size !== 0;
        for (const [key, value] of db.dict) {
          const cursor = w.key(i, key, value, volatile ? (expires.get(key) ?? 0) : 0, text);
          if (cursor !== null) w.finishValue(i, key, cursor);
        }
      }
      f.sealSync();
    } catch (e) {
      f.discard();
      throw e instanceof PersistenceError ? e : ioError('cannot write snapshot', f.temp, e);
    }
    return f.publish();
  }

  /**
   * Writes the store as of this call without stalling the event loop (BGSAVE): see the file
   * header. Resolves once the file is durable and in place.
   * @remarks O(N) in the size of the dataset, in slices of `sliceMs`.
   */
  snapshotInBackground(store: Store, options: BackgroundSnapshotOptions = {}): Promise<SnapshotResult> {
    const sliceMs = options.sliceMs ?? 4;
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let f: SnapshotFile;
    try {
      f = new SnapshotFile(this.dir, this.file, store, false);
    } catch (e) {
      return Promise.reject(e);
    }
    // The walk captures the maps and installs the write hook now: this instant is the image's.
    const walk = new SnapshotWalk(store, f.writer);
    return new Promise<SnapshotResult>((resolve, reject) => {
      let finished = false;
      const settle = (): void => {
        finished = true;
        walk.detach();
        this.running.delete(abort);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (e: unknown): void => {
        if (finished) return;
        settle();
        f.discard();
        reject(
          e instanceof PersistenceError || e === signal?.reason
            ? e
            : ioError('cannot write snapshot', f.temp, e),
        );
      };
      const abort = (): void => fail(new PersistenceError('background snapshot aborted', 'IO', this.file));
      const onAbort = (): void => fail(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.running.add(abort);
      const next = (): void => {
        // Backpressure: a disk slower than the walk makes the walk wait, not memory grow.
        if (f.queued > HIGH_WATER) f.whenDrained(() => setImmediate(slice));
        else setImmediate(slice);
      };
      const slice = (): void => {
        if (finished) return;
        let done: boolean;
        try {
          done = walk.step(performance.now() + sliceMs);
          if (f.error !== null) throw f.error;
        } catch (e) {
          fail(e);
          return;
        }
        if (!done) {
          next();
          return;
        }
        walk.detach();
        f.seal()
          .then(() => (finished ? null : f.publishAsync()))
          .then((result) => {
            if (finished || result === null) return;
            settle();
            resolve(result);
          }, fail);
      };
      setImmediate(slice);
    });
  }

  /** Nothing is pending between snapshots. */
  sync(): Promise<void> {
    return Promise.resolve();
  }

  /** Aborts a background snapshot in progress (its temp file is removed). Idempotent. */
  close(): void {
    for (const abort of [...this.running]) abort();
  }

  /** True while a background snapshot runs. */
  get busy(): boolean {
    return this.running.size !== 0;
  }

  private removeStaleTemps(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const m = TEMP_RE.exec(name);
      if (m === null) continue;
      const pid = Number(m[1]);
      if (pid === process.pid || pidAlive(pid)) continue;
      try {
        fs.unlinkSync(path.join(this.dir, name));
      } catch {
        // another process cleaned it up
      }
    }
  }
}

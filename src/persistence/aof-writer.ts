// The AOF writer: buffers RESP bytes appended by execution units and writes them to the
// current incremental file off the event loop, with Redis's three fsync policies.
//
//   always    group commit. Units appended while a write+fsync is in flight form the next
//             batch; each batch is written with one write() and made durable with one
//             fdatasync(), then its promise resolves. A server holds replies until the promise
//             of the batch holding the unit resolves (durable()), as Redis writes the AOF in
//             beforeSleep before any reply leaves — so no acknowledged write is ever lost, and
//             there is one fsync per batch, never one per command.
//   everysec  writes go out asynchronously as they come (batched per event-loop turn); a timer
//             fsyncs once a second when something was written since the last fsync, so a crash
//             of the machine loses about a second.
//   no        like everysec without the timer: the OS flushes when it likes.
//
// Nothing here blocks the event loop: writes and fsyncs run on libuv's thread pool. Batches
// are written with positional writes at offsets fixed when they were queued, so a retry after
// an error, or close() rewriting a batch still in flight, puts the same bytes at the same place.
//
// Commands are encoded as RESP straight into a large Buffer (a chunk of 256 KiB, a new one when
// full): short arguments byte by byte, long ones with one latin1 write — no intermediate
// strings, no join, no copy before write(). A batch is a list of slices of those chunks.
//
// A write or fsync error (disk full, EACCES, EIO) sets `error`: the batch stays queued and is
// retried every second; the batch's waiters are rejected; the owner refuses writes meanwhile
// (MISCONF, as Redis's writeCommandsDeniedByDiskError). A successful retry clears it.

import * as fs from 'node:fs';
import { putArrayHead, putBulk, putSetHead, writeUint } from './resp-bytes.js';

/** When appended effects reach the disk, as Redis's `appendfsync`. */
export type FsyncPolicy = 'always' | 'everysec' | 'no';

/** An open log file the writer appends to. */
export interface AofTarget {
  /** File descriptor, opened for writing without O_APPEND (writes are positional). */
  fd: number;
  /** File name inside the AOF folder. */
  readonly name: string;
  /** Bytes appended (queued or written): the offset of the next append. */
  size: number;
  /** Bytes known to be on disk (fdatasync returned). */
  synced: number;
  /** Bytes written to the file (maybe not yet fsynced). */
  written: number;
  /** Set when a newer file took over: closed once its last batch is durable. */
  retired: boolean;
  /** Closed (fd released). */
  closed: boolean;
}

/** @internal a promise with its settle functions (for the writer and the adapter). */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** @internal a new {@link Deferred}; an unobserved rejection is swallowed. */
export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejections are for whoever awaits; an unobserved one must not crash the process.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Bytes for one file at one offset, plus the callers waiting for them to be durable. */
interface Batch {
  kind: 'data';
  target: AofTarget;
  /** File offset of the first byte. */
  start: number;
  /** Slices of the encoding chunks, in order. */
  parts: Buffer[];
  bytes: number;
  /** fsync after writing even when the policy would not (sync()). */
  wantSync: boolean;
  /** Created on first demand: most batches in everysec mode have nobody waiting. */
  done: Deferred | null;
}

/** A point in the queue the writer may not pass before `promise` settles (see barrier()). */
interface Barrier {
  kind: 'barrier';
  promise: Promise<void>;
}

type Item = Batch | Barrier;

/**
 * Staged strings (keys and values) per block in flushStaged(): 16 pairs. Measured on 100k
 * random keys: 240 ns per pair encoded one by one, 130 ns in blocks of 8 or 16 pairs.
 */
const AHEAD = 32;

/** Slots of the staging array (key and value per typed SET): 4096 SETs per encoding pass. */
const STAGE_SLOTS = 8192;

/** Size of an encoding chunk. */
const CHUNK = 256 * 1024;

/**
 * Writes `s` as a RESP bulk string of its UTF-8 bytes at `p` (room for 15 + 3 * length bytes
 * assumed; `v` views the same bytes as `b`); returns the position after it. Short ASCII text,
 * the common case, is copied four chars per store.
 */
function textBulk(b: Buffer, v: DataView, p: number, s: string): number {
  const len = s.length;
  const mark = p;
  b[p++] = 0x24; // '$'
  if (len < 64) {
    // Optimistically ASCII: the length is then the byte length.
    p = writeUint(b, p, len);
    b[p++] = 13;
    b[p++] = 10;
    let seen = 0;
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const c0 = s.charCodeAt(j);
      const c1 = s.charCodeAt(j + 1);
      const c2 = s.charCodeAt(j + 2);
      const c3 = s.charCodeAt(j + 3);
      seen |= c0 | c1 | c2 | c3;
      v.setUint32(p + j, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24), true);
    }
    for (; j < len; j++) {
      const c = s.charCodeAt(j);
      seen |= c;
      b[p + j] = c;
    }
    if (seen < 0x80) {
      p += len;
      b[p] = 13;
      b[p + 1] = 10;
      return p + 2;
    }
  }
  const n = Buffer.byteLength(s, 'utf8');
  p = writeUint(b, mark + 1, n);
  b[p++] = 13;
  b[p++] = 10;
  p += b.write(s, p, n, 'utf8');
  b[p] = 13;
  b[p + 1] = 10;
  return p + 2;
}

function viewOf(b: Buffer): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Redis's strerror texts for the errno codes a log write meets. */
const STRERROR: Readonly<Record<string, string>> = {
  ENOSPC: 'No space left on device',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EIO: 'Input/output error',
  EROFS: 'Read-only file system',
  EDQUOT: 'Disk quota exceeded',
  EFBIG: 'File too large',
  EBADF: 'Bad file descriptor',
  ENOENT: 'No such file or directory',
};

/** The C strerror() text of a Node I/O error, for MISCONF replies and logs. */
export function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && STRERROR[code] !== undefined) return STRERROR[code];
  return e instanceof Error ? e.message : String(e);
}

/** Options of {@link AofWriter}. */
export interface AofWriterOptions {
  /** The fsync policy; can be changed later with {@link AofWriter.setPolicy}. */
  policy: FsyncPolicy;
  /** Called when a write or fsync fails (`error` set) and when a retry succeeds (null). */
  onStatus?: (error: Error | null) => void;
  /** Called with the size of the commands staged by appendSetText() once they are encoded. */
  onStaged?: (bytes: number) => void;
}

/**
 * Queues appended bytes and writes them to the current {@link AofTarget} asynchronously,
 * fsyncing by policy. See the file header.
 */
export class AofWriter {
  /** The file appends go to. */
  target: AofTarget;
  /** The last write/fsync error while unresolved, else null. */
  error: Error | null = null;
  /** fdatasync calls made (statistics; group commit keeps it far below the commands). */
  fsyncs = 0;
  private policy: FsyncPolicy;
  private readonly queue: Item[] = [];
  /** The last queued batch still accepting bytes (not yet handed to write()). */
  private open: Batch | null = null;
  private running = false;
  private scheduled = false;
  private closed = false;
  private everysecTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Files retired by rotate() whose last batch is not yet durable. */
  private readonly retiring: AofTarget[] = [];
  /** The encoding chunk: bytes [mark, pos) are encoded but not yet cut into a batch. */
  private chunk: Buffer = Buffer.allocUnsafeSlow(CHUNK);
  /** The chunk's bytes as a DataView, for word-sized stores. */
  private view = viewOf(this.chunk);
  private mark = 0;
  private pos = 0;
  /** Bytes of the unit being encoded (since the last commit). */
  private unitBytes = 0;
  /**
   * Key, value, key, value… staged by appendSetText(), in order, not yet encoded (flushStaged):
   * the first `stagedCount` slots of a fixed array, so staging allocates nothing.
   */
  private readonly staged: string[] = new Array<string>(STAGE_SLOTS).fill('');
  private stagedCount = 0;
  private readonly onStaged: (bytes: number) => void;
  /** Sink of flushStaged's look-ahead reads (kept, so they are not optimised away). */
  touched = 0;
  private readonly onStatus: (error: Error | null) => void;

  constructor(target: AofTarget, options: AofWriterOptions) {
    this.target = target;
    this.policy = options.policy;
    this.onStatus = options.onStatus ?? (() => {});
    this.onStaged = options.onStaged ?? (() => {});
    this.armEverysec();
  }

  /** The fsync policy. */
  get fsyncPolicy(): FsyncPolicy {
    return this.policy;
  }

  /** Changes the fsync policy (CONFIG SET appendfsync). */
  setPolicy(policy: FsyncPolicy): void {
    this.policy = policy;
    this.armEverysec();
    // Switching to always makes what is written so far durable now (flushAppendOnlyFile's
    // "aof_fsync changed from everysec to always" case).
    if (policy === 'always' && (this.target.written > this.target.synced || this.queue.length > 0)) {
      void this.sync();
    }
  }

  /** Bytes queued but not yet written. */
  get pendingBytes(): number {
    if (this.stagedCount !== 0) this.flushStaged();
    let n = 0;
    for (const it of this.queue) if (it.kind === 'data') n += it.bytes;
    return n;
  }

  /**
   * Appends one command, as RESP multibulk, to the current file. Call {@link commit} after the
   * last command of an execution unit. Arguments are byte strings (one char per byte).
   * @remarks O(total length of the arguments); never blocks.
   */
  appendCommand(argv: readonly string[]): void {
    if (this.closed) return;
    if (this.stagedCount !== 0) this.flushStaged();
    const n = argv.length;
    // '$' + up to 10 length digits + 2 CRLFs = 15 bytes of framing per argument, at most.
    let need = 16;
    for (let i = 0; i < n; i++) need += argv[i]!.length + 15;
    if (this.pos + need > this.chunk.length) this.newChunk(need);
    const b = this.chunk;
    let p = putArrayHead(b, this.pos, n);
    for (let i = 0; i < n; i++) p = putBulk(b, p, argv[i]!);
    this.unitBytes += p - this.pos;
    this.pos = p;
  }

  /**
   * Appends `SET key value` as one execution unit: `key` and `value` as text, logged as their
   * UTF-8 bytes. The typed set()'s shortcut: the pair is only staged (two references; not
   * even the value's length is read, which would cost a cache miss per call in a big keyspace)
   * and encoded with the other staged pairs when anything next needs the chunk (flushStaged),
   * at the latest when the batch is written. Its bytes count toward the batch and the file from
   * then on, reported through `onStaged`.
   * @remarks O(1) now, O(length of key and value) when flushed; never blocks.
   */
  appendSetText(key: string, value: string): void {
    if (this.closed) return;
    // Staged pairs belong to the open batch (whatever seals or replaces it flushes them first).
    const b = this.open;
    if (b === null || b.target !== this.target) this.openBatch();
    let i = this.stagedCount;
    if (i === STAGE_SLOTS) {
      this.flushStaged();
      i = 0;
    }
    const st = this.staged;
    st[i] = key;
    st[i + 1] = value;
    this.stagedCount = i + 2;
    this.schedule();
  }

  /**
   * Withdraws the pair the last appendSetText() staged (its write failed). Called right after
   * it, so the pair is still staged: appendSetText() flushes a full stage before staging, never
   * after.
   */
  retractSetText(): void {
    const i = this.stagedCount - 2;
    if (i < 0) return;
    this.staged[i] = '';
    this.staged[i + 1] = '';
    this.stagedCount = i;
  }

  /**
   * Encodes the pairs staged by appendSetText() into the chunk at `pos`, in order, as units of
   * the open batch. Runs before anything else reads or writes the chunk (appendCommand, cut),
   * so staged commands always sit logically right after `pos`.
   */
  private flushStaged(): void {
    const staged = this.staged;
    const n = this.stagedCount;
    this.stagedCount = 0;
    let total = 0;
    // In a big keyspace each staged string is a cache miss. Reading the lengths of a block of
    // pairs in a tight loop first puts all their misses in flight at once; the encoding then
    // finds them in cache (one miss at a time would stall the encoding loop on each).
    let ahead = 0;
    for (let i = 0; i < n; i += AHEAD) {
      const end = Math.min(n, i + AHEAD);
      for (let a = i; a < end; a++) ahead += staged[a]!.length;
      for (let a = i; a < end; a += 2) total += this.encodeSet(staged[a]!, staged[a + 1]!);
    }
    this.touched = ahead;
    // Drop the references: a staged value may be large and already overwritten in the store.
    staged.fill('', 0, n);
    const b = this.open!;
    b.bytes += total;
    b.target.size += total;
    this.onStaged(total);
  }

  /** Encodes `SET key value` (both text, as UTF-8) at `pos`; returns its size in bytes. */
  private encodeSet(key: string, value: string): number {
    // 13 bytes of "*3 $3 SET", 2 x 15 of framing, and up to 3 UTF-8 bytes per UTF-16 unit.
    const need = 43 + 3 * (key.length + value.length);
    if (this.pos + need > this.chunk.length) this.newChunk(need);
    const b = this.chunk;
    const v = this.view;
    const p = this.pos;
    const end = textBulk(b, v, textBulk(b, v, putSetHead(b, p), key), value);
    this.pos = end;
    return end - p;
  }

  /**
   * Ends an execution unit: its commands become part of the open batch (the next group commit)
   * and the writer is scheduled. Returns the unit's size in bytes.
   */
  commit(): number {
    const bytes = this.unitBytes;
    if (bytes === 0 || this.closed) return 0;
    this.unitBytes = 0;
    let b = this.open;
    if (b === null || b.target !== this.target) b = this.openBatch();
    b.bytes += bytes;
    this.target.size += bytes;
    this.schedule();
    return bytes;
  }

  /** A new open batch at the end of the current file. */
  private openBatch(): Batch {
    // Bytes encoded so far belong to the previous open batch (if any): cut them off first.
    this.cut();
    const b: Batch = {
      kind: 'data',
      target: this.target,
      start: this.target.size,
      parts: [],
      bytes: 0,
      wantSync: false,
      done: null,
    };
    this.queue.push(b);
    this.open = b;
    return b;
  }

  /** Moves the chunk's bytes since the last cut into the open batch. */
  private cut(): void {
    if (this.stagedCount !== 0) this.flushStaged();
    if (this.pos === this.mark) return;
    const b = this.open;
    // Without an open batch the bytes belong to the unit being encoded: keep them for it.
    if (b === null) return;
    b.parts.push(this.chunk.subarray(this.mark, this.pos));
    this.mark = this.pos;
  }

  /** Starts a new chunk able to hold `need` more bytes, keeping the current unit's bytes together. */
  private newChunk(need: number): void {
    // Committed bytes not yet cut belong to the open batch: cut them off here.
    const unitStart = this.pos - this.unitBytes;
    if (unitStart > this.mark && this.open !== null) {
      this.open.parts.push(this.chunk.subarray(this.mark, unitStart));
      this.mark = unitStart;
    }
    // The unit being encoded moves to the new chunk whole (its bytes are not in any batch yet).
    const partial = this.chunk.subarray(this.mark, this.pos);
    const next = Buffer.allocUnsafeSlow(Math.max(CHUNK, need + partial.length));
    partial.copy(next, 0);
    this.chunk = next;
    this.view = viewOf(next);
    this.mark = 0;
    this.pos = partial.length;
  }

  /**
   * A promise that resolves when everything appended so far is durable under the `always`
   * policy (rejects if writing it fails), or null when nothing needs waiting for: the policy is
   * not `always`, or every appended byte is already fsynced. One promise per batch, shared by
   * every unit in it.
   */
  durable(): Promise<void> | null {
    if (this.policy !== 'always') return null;
    const b = this.open;
    if (b === null) {
      // Everything appended is in flight or done: wait for the last batch, if any.
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const it = this.queue[i]!;
        if (it.kind === 'data') return (it.done ??= deferred()).promise;
      }
      return null;
    }
    return (b.done ??= deferred()).promise;
  }

  /**
   * Writes and fsyncs everything appended so far, whatever the policy; resolves when it is on
   * disk, rejects on an I/O error.
   */
  sync(): Promise<void> {
    if (this.closed) return Promise.resolve();
    let last: Batch | null = null;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const it = this.queue[i]!;
      if (it.kind === 'data') {
        last = it;
        break;
      }
    }
    if (last === null) {
      if (this.target.written <= this.target.synced && this.retiring.length === 0) return Promise.resolve();
      // Written but not fsynced: an empty batch carries the fsync.
      last = {
        kind: 'data',
        target: this.target,
        start: this.target.size,
        parts: [],
        bytes: 0,
        wantSync: true,
        done: null,
      };
      this.queue.push(last);
      this.open = last;
    }
    last.wantSync = true;
    const p = (last.done ??= deferred()).promise;
    this.schedule();
    return p;
  }

  /**
   * Writes and fsyncs everything queued up to the first barrier, synchronously, and resolves
   * its waiters (before a blocking rewrite: the old files must be complete first).
   */
  flushSync(): void {
    if (this.closed) return;
    this.cut();
    const touched = new Set<AofTarget>([this.target, ...this.retiring]);
    let n = 0;
    for (const it of this.queue) {
      if (it.kind !== 'data') break;
      writeAllSync(it.target.fd, it.parts, it.start);
      it.target.written = Math.max(it.target.written, it.start + it.bytes);
      touched.add(it.target);
      n++;
    }
    for (const t of touched) {
      if (!t.closed && t.written > t.synced) {
        fs.fdatasyncSync(t.fd);
        t.synced = t.written;
      }
    }
    const done = this.queue.splice(0, n);
    if (this.open !== null && done.includes(this.open)) this.open = null;
    for (const it of done) if (it.kind === 'data') it.done?.resolve();
    this.recovered();
  }

  /**
   * Makes appends from now on go to `next`. Bytes queued so far still go to the old file, which
   * is fsynced and closed once they are written (aof_background_fsync_and_close).
   */
  rotate(next: AofTarget): void {
    const old = this.target;
    old.retired = true;
    this.retiring.push(old);
    this.target = next;
    this.cut();
    this.open = null;
    // A retired file with nothing queued is fsynced and closed by the pump.
    this.schedule();
  }

  /**
   * Resolves once every byte queued for the files retired by {@link rotate} is written to them
   * (not necessarily fsynced: another reader of the files sees it); rejects if the writer is
   * closed first or a write fails (the rewrite then fails and is retried later).
   */
  retiredWritten(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.retiring.every((t) => t.closed || t.written >= t.size)) resolve();
        else if (this.closed) reject(new Error('The append only file was closed'));
        else if (this.error !== null) reject(this.error);
        else setTimeout(check, 1);
      };
      check();
    });
  }

  /**
   * Holds every batch queued after this call until `promise` settles: their bytes are written
   * (and count toward durability) only after it — e.g. a manifest naming the file must be on
   * disk first. A rejected barrier leaves the batches behind it failing with its error.
   */
  barrier(promise: Promise<void>): void {
    promise.catch(() => {});
    this.cut();
    this.queue.push({ kind: 'barrier', promise });
    this.open = null;
    this.schedule();
  }

  /**
   * Writes and fsyncs everything queued, synchronously, then closes the files (or leaves the
   * closing to the write still in flight on the thread pool). Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.cut();
    this.closed = true;
    if (this.everysecTimer !== null) clearInterval(this.everysecTimer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    let err: Error | null = null;
    const touched = new Set<AofTarget>([this.target, ...this.retiring]);
    for (const it of this.queue) {
      if (it.kind !== 'data') continue;
      touched.add(it.target);
      try {
        writeAllSync(it.target.fd, it.parts, it.start);
        it.target.written = Math.max(it.target.written, it.start + it.bytes);
      } catch (e) {
        err ??= e as Error;
      }
    }
    for (const t of touched) {
      if (t.closed) continue;
      try {
        if (t.written > t.synced) fs.fdatasyncSync(t.fd);
        t.synced = t.written;
      } catch (e) {
        err ??= e as Error;
      }
    }
    for (const it of this.queue) {
      if (it.kind !== 'data' || it.done === null) continue;
      if (err === null) it.done.resolve();
      else it.done.reject(err);
    }
    this.queue.length = 0;
    this.open = null;
    // A write in flight still uses its fd: the pump closes the files when it comes back.
    if (!this.running) for (const t of touched) closeTarget(t);
    else this.pendingClose = touched;
    this.retiring.length = 0;
    if (err !== null) throw err;
  }

  private pendingClose: Set<AofTarget> | null = null;

  private schedule(): void {
    if (this.running || this.scheduled || this.closed) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase: every unit of this event-loop turn (a pipeline,
    // several sockets' commands) joins the batch, as Redis's beforeSleep flush.
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  private async pump(retry = false): Promise<void> {
    if (this.running || this.closed || (this.error !== null && !retry)) return;
    this.running = true;
    try {
      for (;;) {
        if (this.closed) break;
        const it = this.queue[0];
        if (it === undefined) {
          if (!(await this.closeRetired())) break;
          continue;
        }
        if (it.kind === 'barrier') {
          try {
            await it.promise;
          } finally {
            this.queue.shift();
          }
          continue;
        }
        // Seal the batch: later appends start a new one (the next group commit).
        if (this.open === it) {
          this.cut();
          this.open = null;
        }
        const t = it.target;
        if (it.bytes > 0) {
          await writeAll(t.fd, it.parts, it.start);
          t.written = Math.max(t.written, it.start + it.bytes);
        }
        if (this.closed) break;
        // flushSync() may have written the batch meanwhile.
        if (this.queue[0] !== it) continue;
        if ((this.policy === 'always' || it.wantSync || t.retired) && t.written > t.synced) {
          const upto = t.written;
          this.fsyncs++;
          await fdatasync(t.fd);
          t.synced = Math.max(t.synced, upto);
        }
        if (this.closed) break;
        if (this.queue[0] !== it) continue;
        this.queue.shift();
        it.done?.resolve();
        if (t.retired && !this.queue.some((x) => x.kind === 'data' && x.target === t)) {
          // Its last batch is durable: release it (aof_background_fsync_and_close).
          const i = this.retiring.indexOf(t);
          if (i >= 0) this.retiring.splice(i, 1);
          closeTarget(t);
        }
        this.recovered();
      }
      if (!this.closed) this.recovered();
    } catch (e) {
      this.fail(e as Error);
    } finally {
      this.running = false;
      if (this.pendingClose !== null) {
        for (const t of this.pendingClose) closeTarget(t);
        this.pendingClose = null;
      }
    }
    if (!this.closed && this.error === null && this.queue.length > 0) this.schedule();
  }

  /** Clears the error state after a successful write (flushAppendOnlyFile's "error looks solved"). */
  private recovered(): void {
    if (this.error === null) return;
    this.error = null;
    this.onStatus(null);
  }

  /** fsyncs and closes a retired file with nothing queued; true when there was one. */
  private async closeRetired(): Promise<boolean> {
    const t = this.retiring.shift();
    if (t === undefined) return false;
    if (!t.closed) {
      if (t.written > t.synced) {
        await fdatasync(t.fd);
        t.synced = t.written;
      }
      closeTarget(t);
    }
    return true;
  }

  /**
   * A write or fsync failed: the head batch's waiters are rejected, its bytes stay queued, and
   * the queue is retried every second (Redis retries from serverCron).
   */
  private fail(e: Error): void {
    const first = this.error === null;
    this.error = e;
    const head = this.queue[0];
    if (head?.kind === 'data' && head.done !== null) {
      head.done.reject(e);
      head.done = null;
    }
    if (first) this.onStatus(e);
    if (this.retryTimer === null && !this.closed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.pump(true);
      }, 1000);
      this.retryTimer.unref();
    }
  }

  private armEverysec(): void {
    if (this.policy === 'everysec' && this.everysecTimer === null && !this.closed) {
      this.everysecTimer = setInterval(() => this.everysec(), 1000);
      this.everysecTimer.unref();
    } else if (this.policy !== 'everysec' && this.everysecTimer !== null) {
      clearInterval(this.everysecTimer);
      this.everysecTimer = null;
    }
  }

  /** Once a second: fsync what was written since the last fsync (Redis's everysec). */
  private everysec(): void {
    const t = this.target;
    if (this.error !== null || t.closed) return;
    if (t.written > t.synced || this.queue.length > 0) {
      void this.sync().catch(() => {});
    }
  }
}

function closeTarget(t: AofTarget): void {
  if (t.closed) return;
  t.closed = true;
  try {
    fs.closeSync(t.fd);
  } catch {
    // Already closed or invalid: nothing left to release.
  }
}

/** Writes `parts` at `pos` (one writev), looping over short writes. */
function writeAll(fd: number, parts: Buffer[], pos: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (bufs: Buffer[], at: number): void => {
      let total = 0;
      for (const b of bufs) total += b.length;
      if (total === 0) {
        resolve();
        return;
      }
      fs.writev(fd, bufs, at, (err, n) => {
        if (err !== null) reject(err);
        else if (n === total) resolve();
        else step([Buffer.concat(bufs).subarray(n)], at + n);
      });
    };
    step(parts, pos);
  });
}

function writeAllSync(fd: number, parts: Buffer[], pos: number): void {
  const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off, pos + off);
}

function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.fdatasync(fd, (err) => (err === null ? resolve() : reject(err)));
  });
}

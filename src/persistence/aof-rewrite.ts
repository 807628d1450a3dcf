// AOF rewrite: the dataset as the commands that rebuild it, as Redis's rewriteAppendOnlyFileRio
// writes a base file (aof.c): per non-empty database a SELECT, then per key
//
//   string  SET key value
//   list    RPUSH key e1 … e64 (64 items per command, AOF_REWRITE_ITEMS_PER_CMD)
//   set     SADD key m1 … m64
//   zset    ZADD key score1 m1 … (scores "%.17g", as rioWriteBulkDouble)
//   hash    HMSET key f1 v1 …
//   stream  XADD key id f v … per entry (XADD key MAXLEN 0 0-1 x y for an empty stream), then
//           XSETID key last ENTRIESADDED n MAXDELETEDID id, then per group XGROUP CREATE key g
//           id ENTRIESREAD n, and per consumer XCLAIM key g c 0 id TIME t RETRYCOUNT n JUSTID
//           FORCE for each pending entry, or XGROUP CREATECONSUMER for one without any
//   TTL     PEXPIREAT key ms after the value
//
// Node cannot fork, so a background rewrite cannot freeze the dataset the way Redis's child
// does. It produces the dataset as of the moment it *ends* instead:
//   1. walk every database in slices of a few ms; a key is serialised as it is when reached
//      (large values over several slices, with iterators that stay valid while they change);
//   2. every effect logged meanwhile marks its keys dirty (the effect stream is the ground
//      truth of what changed: a change that is not in it would be missing from the log too);
//      a key serialised from its start onwards after its last change is final;
//   3. dirty keys are serialised again, `DEL key` first, in slices, while their number halves;
//   4. in one synchronous step the last dirty keys are captured (strings are immutable, a
//      collection is cloned), and `onSwitch` runs: the caller starts a new incremental file
//      there, so the base is exactly the state at that instant and the new file holds
//      everything after it;
//   5. the captured keys are written, the file fsynced.
// FLUSHALL, FLUSHDB and SWAPDB while a rewrite runs restart it (rare, and every key changed).

import * as fs from 'node:fs';
import { resolve as resolveCommand } from '../commands/dispatch.js';
import type { Effect } from '../effects/effects.js';
import type { Db, Value } from '../keyspace/db.js';
import { formatDouble17g } from '../numbers/double.js';
import type { Store } from '../store.js';
import type { Hash } from '../types/hash.js';
import type { List } from '../types/list.js';
import type { RedisSet } from '../types/set.js';
import type { Stream } from '../types/stream.js';
import { formatId, incrId, MAX_ID, type StreamId } from '../types/stream-id.js';
import type { SortedSet } from '../types/zset.js';
import { RespOut } from './resp-bytes.js';

/** Redis's AOF_REWRITE_ITEMS_PER_CMD: items per RPUSH/SADD/ZADD/HMSET of a rewrite. */
export const ITEMS_PER_CMD = 64;

/** A collection with more items than this is serialised over several slices. */
const SLICED_VALUE = 4096;

/** Output is handed to write() in chunks of about this many bytes. */
const WRITE_CHUNK = 1 << 20;

const CRLF = '\r\n';

/** One bulk string. */
function bulk(s: string): string {
  return '$' + s.length + CRLF + s + CRLF;
}

/** `PEXPIREAT key at` as RESP, `k` the key already as a bulk string. */
function pexpireat(k: string, at: number): string {
  return '*3\r\n$9\r\nPEXPIREAT\r\n' + k + bulk(String(at));
}

/** A command as RESP multibulk, from its parts. */
export function command(argv: readonly string[]): string {
  let out = '*' + argv.length + CRLF;
  for (const a of argv) out += '$' + a.length + CRLF + a + CRLF;
  return out;
}

/** `SELECT <db>` as RESP. */
export function selectCommand(db: number): string {
  const s = String(db);
  return '*2\r\n$6\r\nSELECT\r\n$' + s.length + CRLF + s + CRLF;
}

/**
 * The commands that rebuild one key, appended to `out`: a string and a sorted set are encoded
 * straight into it, other values are yielded as RESP text pieces (one per command or per 64
 * items) for the caller to append; `undefined` marks a sorted-set command written. For a
 * collection the generator may be resumed later: it iterates in a way that stays valid while
 * the value changes (a changed key is rewritten anyway, see the file header).
 */
export function* keyCommands(
  out: RespOut,
  key: string,
  value: Value,
  expireAt: number | undefined,
): Generator<string | undefined> {
  // A string value must already be bytes: callers pass db.bytes(value) (see Db's text mode).
  if (typeof value === 'string') {
    out.set(key, value);
  } else {
    const k = bulk(key);
    switch (value.type) {
      case 'list':
        yield* variadic('RPUSH', k, (value as List).toArray(), 1);
        break;
      case 'set':
        yield* variadic('SADD', k, iterate((value as RedisSet).scanIterator()), 1);
        break;
      case 'zset':
        yield* zaddInto(out, key, value as SortedSet);
        break;
      case 'hash':
        yield* hashCommands(k, value as Hash);
        break;
      case 'stream':
        yield* streamCommands(key, value as Stream);
        break;
    }
  }
  if (expireAt !== undefined) yield pexpireat(bulk(key), expireAt);
}

function* iterate<T>(it: Iterator<T>): Generator<T> {
  for (let r = it.next(); !r.done; r = it.next()) yield r.value;
}

/** `<name> key i1 … i64` commands for `items`, `width` strings per item. */
function* variadic(name: string, k: string, items: Iterable<string>, width: 1): Generator<string> {
  let body = '';
  let n = 0;
  const head = (count: number): string => '*' + (2 + count * width) + CRLF + bulk(name) + k;
  for (const item of items) {
    body += bulk(item);
    if (++n === ITEMS_PER_CMD) {
      yield head(n) + body;
      body = '';
      n = 0;
    }
  }
  if (n > 0) yield head(n) + body;
}

function* hashCommands(k: string, h: Hash): Generator<string> {
  let body = '';
  let n = 0;
  const head = (count: number): string => '*' + (2 + count * 2) + '\r\n$5\r\nHMSET\r\n' + k;
  for (const [field, value] of h.map) {
    body += bulk(field) + bulk(value);
    if (++n === ITEMS_PER_CMD) {
      yield head(n) + body;
      body = '';
      n = 0;
    }
  }
  if (n > 0) yield head(n) + body;
}

function* streamCommands(key: string, s: Stream): Generator<string> {
  if (s.length > 0) {
    // Entries in ID order, ITEMS_PER_CMD at a time, resuming after the last ID written.
    let from: StreamId | null = { ms: 0, seq: 0 };
    while (from !== null) {
      const entries = s.range(from, MAX_ID, ITEMS_PER_CMD);
      if (entries.length === 0) break;
      let out = '';
      for (const e of entries) out += command(['XADD', key, formatId(e.id), ...e.fields]);
      yield out;
      from = incrId(entries[entries.length - 1]!.id);
      if (entries.length < ITEMS_PER_CMD) break;
    }
  } else {
    // XADD MAXLEN 0 creates the empty stream (rewriteStreamObject's trick).
    yield command(['XADD', key, 'MAXLEN', '0', '0-1', 'x', 'y']);
  }
  yield command([
    'XSETID',
    key,
    formatId(s.lastId),
    'ENTRIESADDED',
    String(s.entriesAdded),
    'MAXDELETEDID',
    formatId(s.maxDeletedEntryId),
  ]);
  // Groups and consumers in byte order of their names, as Redis's rax walks them.
  const groups = [...s.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const g of groups) {
    let out = command([
      'XGROUP',
      'CREATE',
      key,
      g.name,
      formatId(g.lastId),
      'ENTRIESREAD',
      String(g.entriesRead),
    ]);
    for (const c of g.consumersInOrder()) {
      if (c.pel.size === 0) {
        out += command(['XGROUP', 'CREATECONSUMER', key, g.name, c.name]);
        continue;
      }
      for (const nack of c.pel) {
        out += command([
          'XCLAIM',
          key,
          g.name,
          c.name,
          '0',
          formatId(nack.id),
          'TIME',
          String(nack.deliveryTime),
          'RETRYCOUNT',
          String(nack.deliveryCount),
          'JUSTID',
          'FORCE',
        ]);
      }
    }
    yield out;
  }
}

/** A value as bytes: a string value of a db in text mode may be a JS string (Db.bytes). */
function stored(db: Db, v: Value): Value {
  return typeof v === 'string' ? db.bytes(v) : v;
}

/** Appends every command of a key to `out` at once (no slicing). */
function emitKey(out: RespOut, key: string, value: Value, expireAt: number | undefined): void {
  // Most keys: a string without a TTL, with no generator made for it.
  if (typeof value === 'string' && expireAt === undefined) out.set(key, value);
  else for (const piece of keyCommands(out, key, value, expireAt)) if (piece !== undefined) out.text(piece);
}

/**
 * The ZADD commands of `z` (64 members each, scores as "%.17g") written straight into `out`;
 * yields after each command, so a big set can be written over several slices. Iterates the
 * member index: its iterator survives changes to the set; the B+tree's would not.
 */
function* zaddInto(out: RespOut, key: string, z: SortedSet): Generator<undefined> {
  const members: string[] = [];
  const scores: string[] = [];
  const write = (): void => {
    out.array(2 + members.length * 2);
    out.bulk('ZADD');
    out.bulk(key);
    for (let i = 0; i < members.length; i++) {
      out.bulk(scores[i]!);
      out.bulk(members[i]!);
    }
    members.length = 0;
    scores.length = 0;
  };
  for (const [member, score] of z.scores) {
    members.push(member);
    scores.push(formatDouble17g(score));
    if (members.length === ITEMS_PER_CMD) {
      write();
      yield undefined;
    }
  }
  if (members.length > 0) write();
}

/** Number of items in a value (1 for a string), to decide whether to slice it. */
function itemCount(v: Value): number {
  if (typeof v === 'string') return 1;
  switch (v.type) {
    case 'list':
      return (v as List).length;
    case 'set':
      return (v as RedisSet).size;
    case 'zset':
      return (v as SortedSet).size;
    case 'hash':
      return (v as Hash).size;
    case 'stream':
      return (v as Stream).length;
  }
  return 1;
}

// ---- synchronous rewrite ----------------------------------------------------------------------

/**
 * Writes the whole dataset to `file` synchronously (Redis's rewriteAppendOnlyFile, as used at
 * startup and by a blocking rewrite), fsyncs it, and returns the key count and size.
 */
export function rewriteSync(store: Store, file: string): { keys: number; bytes: number } {
  const fd = fs.openSync(file, 'w', 0o644);
  let bytes = 0;
  let keys = 0;
  try {
    const out = new RespOut(WRITE_CHUNK * 2);
    const flush = (): void => {
      if (out.length === 0) return;
      const buf = out.bytes();
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
      bytes += buf.length;
      out.reset();
    };
    for (const db of store.dbs) {
      if (db.dict.size === 0) continue;
      out.text(selectCommand(db.id));
      const expires = db.expires;
      for (const [key, value] of db.dict) {
        emitKey(out, key, stored(db, value), expires.size === 0 ? undefined : expires.get(key));
        keys++;
        if (out.length >= WRITE_CHUNK) flush();
      }
    }
    flush();
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { keys, bytes };
}

// ---- background rewrite -------------------------------------------------------------------------

/** Options of {@link BackgroundRewrite}. */
export interface BackgroundRewriteOptions {
  /** Serialisation time per slice in ms before yielding to the event loop. @default 4 */
  sliceMs?: number;
  /** Aborts the rewrite; run() rejects and the temp file is removed. */
  signal?: AbortSignal;
  /** Stop converging when at most this many dirty keys are left. @default 256 */
  residue?: number;
}

/** A captured key of the final step: its value frozen at the switch. */
interface Captured {
  db: number;
  key: string;
  value: Value | undefined;
  expireAt: number | undefined;
}

/**
 * A background rewrite into `file` (see the file header). The owner feeds it every logged unit
 * with {@link note} while it runs.
 */
export class BackgroundRewrite {
  /** Keys changed since they were last serialised, per database. */
  private dirty = new Map<number, Set<string>>();
  private restartWanted = false;
  private fd = -1;
  /** Output not yet written. */
  private readonly out = new RespOut(WRITE_CHUNK * 2);
  /** Bytes written to the file. */
  bytes = 0;
  /** Keys serialised (the final count of the base). */
  keys = 0;
  /** It sees every unit logged while it runs (note()): keys changed meanwhile are redone. */
  readonly needsEffects = true;
  private readonly sliceMs: number;
  private readonly residue: number;
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly store: Store,
    readonly file: string,
    options: BackgroundRewriteOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 4;
    this.residue = options.residue ?? 256;
    this.signal = options.signal;
  }

  /** Records the keys a logged unit changed (call for every unit while the rewrite runs). */
  note(unit: readonly Effect[]): void {
    for (const e of unit) this.noteEffect(e.db, e.argv);
  }

  private noteEffect(db: number, argv: readonly string[]): void {
    const name = argv[0]!.toLowerCase();
    switch (name) {
      case 'multi':
      case 'exec':
      case 'select':
        return;
      case 'flushall':
      case 'flushdb':
      case 'swapdb':
        this.restartWanted = true;
        return;
      case 'move':
        this.mark(db, argv[1]!);
        this.mark(Number(argv[2]), argv[1]!);
        return;
      case 'copy': {
        let target = db;
        for (let i = 3; i < argv.length - 1; i++)
          if (argv[i]!.toLowerCase() === 'db') target = Number(argv[i + 1]);
        this.mark(target, argv[2]!);
        return;
      }
    }
    const entry = resolveCommand(argv as string[]);
    if (!('info' in entry)) {
      // Not a command we know the keys of: every argument might be one.
      for (let i = 1; i < argv.length; i++) this.mark(db, argv[i]!);
      return;
    }
    const info = entry.info;
    if (info.flags.includes('movablekeys') || info.firstKey === 0) {
      for (let i = 1; i < argv.length; i++) this.mark(db, argv[i]!);
      return;
    }
    const last = info.lastKey < 0 ? argv.length + info.lastKey : info.lastKey;
    const step = info.keyStep > 0 ? info.keyStep : 1;
    for (let i = info.firstKey; i <= last && i < argv.length; i += step) this.mark(db, argv[i]!);
  }

  private mark(db: number, key: string): void {
    // Writes mostly hit one database: its set is kept at hand.
    let set = this.lastDb === db ? this.lastSet : this.dirty.get(db);
    if (set === undefined || set === null) this.dirty.set(db, (set = new Set()));
    this.lastDb = db;
    this.lastSet = set;
    set.add(key);
  }

  private lastDb = -1;
  private lastSet: Set<string> | null = null;

  private unmark(db: number, key: string): void {
    this.dirty.get(db)?.delete(key);
  }

  private dirtyCount(): number {
    let n = 0;
    for (const s of this.dirty.values()) n += s.size;
    return n;
  }

  /**
   * Runs the rewrite. `onSwitch` is called synchronously at the instant the file's content is
   * fixed (step 4): the caller starts the new incremental file there. Resolves once the file
   * is complete and fsynced; rejects (removing the file) on an I/O error or an abort.
   */
  async run(onSwitch: () => void): Promise<void> {
    try {
      for (;;) {
        this.restartWanted = false;
        this.dirty.clear();
        this.lastDb = -1;
        this.keys = 0;
        await this.openFile();
        if (!(await this.walk())) continue;
        if (!(await this.converge())) continue;
        const captured = this.capture();
        onSwitch();
        this.noteSlice();
        await this.writeCaptured(captured);
        this.noteSlice();
        break;
      }
      await this.flush();
      await fsyncFd(this.fd);
      this.closeFile();
    } catch (e) {
      this.closeFile();
      fs.rmSync(this.file, { force: true });
      throw e;
    }
  }

  private async openFile(): Promise<void> {
    this.closeFile();
    this.fd = fs.openSync(this.file, 'w', 0o644);
    this.bytes = 0;
    this.out.reset();
  }

  private closeFile(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private emit(s: string): void {
    this.out.text(s);
  }

  private async flush(): Promise<void> {
    const out = this.out;
    if (out.length === 0) return;
    // Awaited before anything is appended again: the buffer is reused after the write.
    const buf = out.bytes();
    let off = 0;
    while (off < buf.length) off += await writeFd(this.fd, buf, off, this.bytes + off);
    this.bytes += buf.length;
    out.reset();
  }

  /** Start of the current slice (performance.now()). */
  private sliceStart = 0;
  /** The longest stretch the rewrite held the event loop, in ms (slices, capture and switch). */
  maxSliceMs = 0;

  private noteSlice(): void {
    const ran = performance.now() - this.sliceStart;
    if (ran > this.maxSliceMs) this.maxSliceMs = ran;
  }

  /** Ends a slice: writes what is buffered and yields to the event loop. */
  private async yieldSlice(abortable = true): Promise<void> {
    this.noteSlice();
    await this.flush();
    await new Promise<void>((r) => setImmediate(r));
    if (abortable) this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }

  /** True when the slice's time is up or enough output is buffered. */
  private sliceOver(): boolean {
    return this.out.length >= WRITE_CHUNK || performance.now() - this.sliceStart >= this.sliceMs;
  }

  /**
   * Writes the commands of `key` (`value` already in bytes for a string); a large value over
   * several slices, yielding between pieces. Returns false when `stop()` says so after a yield
   * (the walk must restart).
   */
  private async emitValue(
    key: string,
    value: Value,
    expireAt: number | undefined,
    abortable: boolean,
    stop?: () => boolean,
  ): Promise<boolean> {
    if (itemCount(value) <= SLICED_VALUE) {
      emitKey(this.out, key, value, expireAt);
      return true;
    }
    for (const piece of keyCommands(this.out, key, value, expireAt)) {
      if (piece !== undefined) this.emit(piece);
      if (this.sliceOver()) {
        await this.yieldSlice(abortable);
        if (stop?.() === true) return false;
      }
    }
    return true;
  }

  /** Step 1: every key of every database, as it is when reached. False to restart. */
  private async walk(): Promise<boolean> {
    const store = this.store;
    this.sliceStart = performance.now();
    for (const db of store.dbs) {
      const dict = db.dict;
      if (dict.size === 0) continue;
      this.emit(selectCommand(db.id));
      const stop = (): boolean => this.restartWanted || db.dict !== dict;
      // A Map iterator stays valid while the map changes and visits keys added meanwhile.
      for (const [key, value] of dict) {
        if (stop()) return false;
        if (!dict.has(key)) continue;
        this.unmark(db.id, key);
        this.keys++;
        const expireAt = db.expires.size === 0 ? undefined : db.expires.get(key);
        if (!(await this.emitValue(key, stored(db, value), expireAt, true, stop))) return false;
        if (this.sliceOver()) await this.yieldSlice();
      }
    }
    return !this.restartWanted;
  }

  /** Step 3: re-serialise dirty keys while the number left keeps halving. False to restart. */
  private async converge(): Promise<boolean> {
    this.sliceStart = performance.now();
    // Passes go on while they pay: when writes dirty keys as fast as a pass rewrites them (the
    // count no longer halves), the capture takes the rest — cheap for strings, which are only
    // referenced, so the base does not fill up with copies of hot keys.
    let previous = Number.POSITIVE_INFINITY;
    const stop = (): boolean => this.restartWanted;
    for (let pass = 0; pass < 4; pass++) {
      const count = this.dirtyCount();
      if (count <= this.residue || count > previous / 2) break;
      previous = count;
      const dirty = this.dirty;
      this.dirty = new Map();
      this.lastDb = -1;
      for (const [dbIndex, keys] of dirty) {
        const db = this.store.dbs[dbIndex];
        if (db === undefined) continue;
        this.emit(selectCommand(dbIndex));
        for (const key of keys) {
          if (stop()) return false;
          // Changed again since this pass began: the next pass (or the capture) writes it.
          if (this.dirty.get(dbIndex)?.has(key)) continue;
          // `DEL key`, then the key's current state if it still exists. A large value changed
          // while its pieces are written is dirty again, and written again later.
          this.emit(command(['DEL', key]));
          const v = db.dict.get(key);
          if (v !== undefined) {
            if (!(await this.emitValue(key, stored(db, v), db.expires.get(key), true, stop))) return false;
          }
          if (this.sliceOver()) await this.yieldSlice();
        }
      }
    }
    return !this.restartWanted;
  }

  /** Step 4: freezes the last dirty keys (strings are immutable; collections are cloned). */
  private capture(): Captured[] {
    const out: Captured[] = [];
    for (const [dbIndex, keys] of this.dirty) {
      const db = this.store.dbs[dbIndex];
      if (db === undefined) continue;
      for (const key of keys) {
        const v = db.dict.get(key);
        out.push({
          db: dbIndex,
          key,
          value: v === undefined ? v : typeof v === 'string' ? db.bytes(v) : v.clone(),
          expireAt: v === undefined ? undefined : db.expires.get(key),
        });
      }
    }
    this.dirty.clear();
    this.lastDb = -1;
    return out;
  }

  /** Step 5: the captured keys, after the switch (past the point of no return: no abort). */
  private async writeCaptured(captured: Captured[]): Promise<void> {
    this.sliceStart = performance.now();
    let selected = -1;
    for (const c of captured) {
      if (c.db !== selected) this.emit(selectCommand((selected = c.db)));
      this.emit(command(['DEL', c.key]));
      if (c.value !== undefined) {
        await this.emitValue(c.key, c.value, c.expireAt, false);
      }
      if (this.sliceOver()) await this.yieldSlice(false);
    }
  }
}

function writeFd(fd: number, buf: Buffer, off: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.write(fd, buf, off, buf.length - off, pos, (err, n) => (err === null ? resolve(n) : reject(err)));
  });
}

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (err) => (err === null ? resolve() : reject(err))));
}

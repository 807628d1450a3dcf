// Generic keyspace commands (redis.io groups "generic", and the db-level parts of "server" and
// "connection"): the typed API of db.c, expire.c and object.c. Each public method converts its
// arguments to byte strings and calls the byte-level `_` method the wire handlers use too.

import { type Bytes, fromBytes, toBytes } from '../bytes.js';
import { NOTIFY } from '../effects/effects.js';
import {
  DB_INDEX_OUT_OF_RANGE,
  fail,
  invalidExpireTime,
  LFU_NO_IDLETIME,
  LFU_NOT_SELECTED,
  NO_SUCH_KEY,
  SAME_OBJECT,
  SYNTAX,
} from '../errors.js';
import { type Db, stringEncoding, typeOf } from '../keyspace/db.js';
import { evictorOf } from '../keyspace/evict.js';
import { compileGlob, matchesAllKeys } from '../keyspace/glob.js';
import { CursorTable } from '../keyspace/scan-cursors.js';
import { StoreCore } from './core.js';

/** EXPIRE's condition flags. */
export type ExpireCondition = 'NX' | 'XX' | 'GT' | 'LT';

/** @internal EXPIRE condition bits, combinable as Redis allows (XX with GT or LT). */
export const EXPIRE_NX = 1;
/** @internal */
export const EXPIRE_XX = 2;
/** @internal */
export const EXPIRE_GT = 4;
/** @internal */
export const EXPIRE_LT = 8;
const CONDITION_FLAGS: Record<ExpireCondition, number> = {
  NX: EXPIRE_NX,
  XX: EXPIRE_XX,
  GT: EXPIRE_GT,
  LT: EXPIRE_LT,
};

/** Options of SCAN. */
export interface ScanOptions {
  /** Glob-style pattern (KEYS rules) the returned keys must match. */
  match?: Bytes;
  /**
   * Amount of work per call: how many keys to look at.
   * @default 10
   */
  count?: number;
  /** Only keys of this type: 'string', 'list', 'set', 'zset', 'hash', 'stream'. */
  type?: string;
}

/** Options of COPY. */
export interface CopyOptions {
  /** Destination database index (default: the current one). */
  db?: number;
  /** Overwrite the destination key if it exists. */
  replace?: boolean;
}

/** Redis's OBJ_SHARED_INTEGERS: integers in [0, 10000) are shared objects in Redis. */
const SHARED_INTEGERS = 10000;
/** Redis's OBJ_SHARED_REFCOUNT, what OBJECT REFCOUNT reports for a shared integer. */
const SHARED_REFCOUNT = 2147483647;

export class KeysStore extends StoreCore {
  /** @internal live SCAN walks, shared with HSCAN/SSCAN/ZSCAN by owner. */
  readonly scanCursors = new CursorTable<unknown>();

  /**
   * Removes the given keys; returns how many existed.
   * @remarks O(N) where N is the number of keys to remove; O(M) for a collection of M elements.
   * @see https://redis.io/commands/del/
   */
  del(...keys: Bytes[]): number {
    return this._del(keys.map(toBytes), 'DEL');
  }

  /**
   * Like {@link KeysStore.del}; Redis frees values in the background, embedis leaves that to GC.
   * @remarks O(1) for each key removed.
   * @see https://redis.io/commands/unlink/
   */
  unlink(...keys: Bytes[]): number {
    return this._del(keys.map(toBytes), 'UNLINK');
  }

  /** @internal DEL / UNLINK. */
  _del(keys: string[], command: 'DEL' | 'UNLINK'): number {
    const db = this.db;
    let n = 0;
    let deleted: string[] | null = null;
    for (const key of keys) {
      if (this.keyExists(db, key) && this.deleteKey(db, key)) {
        n++;
        this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
        if (this.effects.logging) (deleted ??= [command]).push(key);
      }
    }
    if (deleted !== null) this.effects.propagate(db.id, deleted);
    return n;
  }

  /**
   * How many of the given keys exist (a key named twice counts twice).
   * @remarks O(N) where N is the number of keys to check.
   * @see https://redis.io/commands/exists/
   */
  exists(...keys: Bytes[]): number {
    return this._exists(keys.map(toBytes));
  }

  /** @internal */
  _exists(keys: string[]): number {
    let n = 0;
    for (const key of keys) if (this.lookupRead(key) !== undefined) n++;
    return n;
  }

  /**
   * Type of the value at `key`: 'string', 'list', 'set', 'zset', 'hash', 'stream', or 'none'.
   * @remarks O(1)
   * @see https://redis.io/commands/type/
   */
  type(key: Bytes): string {
    return this._type(toBytes(key));
  }

  /** @internal */
  _type(key: string): string {
    const v = this.lookupNoTouch(this.db, key);
    if (v !== undefined) return typeOf(v);
    this.keyMissed(this.db, key); // LOOKUP_NOTOUCH still notifies
    return 'none';
  }

  /**
   * Every key matching a glob-style pattern.
   * @remarks O(N) with N being the number of keys in the database.
   * @see https://redis.io/commands/keys/
   */
  keys(pattern: Bytes = '*'): string[] {
    return this._keys(toBytes(pattern)).map(fromBytes);
  }

  /** @internal */
  _keys(pattern: string): string[] {
    const db = this.db;
    const all = matchesAllKeys(pattern);
    const match = all ? null : compileGlob(pattern);
    const now = this.clock.now();
    const volatile = db.expires.size !== 0;
    const out: string[] = [];
    for (const key of db.dict.keys()) {
      if ((match === null || match(key)) && !(volatile && this.isExpired(db, key, now))) out.push(key);
    }
    return out;
  }

  /**
   * One step of an incremental scan: returns the next cursor ('0' when done) and a batch of keys.
   * A full scan returns every key that is present from its start to its end.
   * @remarks O(1) for every call. O(N) for a complete iteration.
   * @see https://redis.io/commands/scan/
   */
  scan(cursor: string | number, options: ScanOptions = {}): [string, string[]] {
    const parsed = BigInt(cursor);
    const count = options.count ?? 10;
    if (!Number.isInteger(count) || count < 1) fail(SYNTAX);
    const match = options.match === undefined ? null : toBytes(options.match);
    const [next, keys] = this._scan(parsed, match, count, options.type ?? null);
    return [next, keys.map(fromBytes)];
  }

  /**
   * Every key (matching the options) once, as an async iterable over SCAN.
   * @remarks O(N) for the whole iteration.
   * @see https://redis.io/commands/scan/
   */
  async *scanIterator(options: ScanOptions = {}): AsyncIterableIterator<string> {
    let cursor = '0';
    do {
      const [next, keys] = this.scan(cursor, options);
      cursor = next;
      yield* keys;
    } while (cursor !== '0');
  }

  /** @internal SCAN with parsed arguments. */
  _scan(cursor: bigint, pattern: string | null, count: number, type: string | null): [string, string[]] {
    const db = this.db;
    const [next, batch] = this.scanCursors.step(cursor, db.dict, () => db.dict.keys(), count) as [
      number,
      string[],
    ];
    const match = pattern === null || matchesAllKeys(pattern) ? null : compileGlob(pattern);
    const wantType = type?.toLowerCase() ?? null;
    const out: string[] = [];
    for (const key of batch) {
      if (match !== null && !match(key)) continue;
      const v = this.lookupNoTouch(db, key);
      if (v === undefined) continue;
      if (wantType !== null && typeOf(v) !== wantType) continue;
      out.push(key);
    }
    return [String(next), out];
  }

  /**
   * A random key of the current database, or null when it is empty.
   * @remarks O(1)
   * @see https://redis.io/commands/randomkey/
   */
  randomkey(): string | null {
    const k = this._randomkey();
    return k === null ? null : fromBytes(k);
  }

  /** @internal */
  _randomkey(): string | null {
    const db = this.db;
    for (;;) {
      const key = db.randomKey((n) => this.rand(n));
      if (key === undefined) return null;
      if (!this.expireIfNeeded(db, key)) return key;
    }
  }

  /**
   * Renames `key` to `newkey`, overwriting it; the TTL moves along.
   * @remarks O(1)
   * @see https://redis.io/commands/rename/
   */
  rename(key: Bytes, newkey: Bytes): 'OK' {
    this._rename(toBytes(key), toBytes(newkey), false);
    return 'OK';
  }

  /**
   * Renames `key` to `newkey` only when `newkey` does not exist; returns 1, or 0 when it did.
   * @remarks O(1)
   * @see https://redis.io/commands/renamenx/
   */
  renamenx(key: Bytes, newkey: Bytes): number {
    return this._rename(toBytes(key), toBytes(newkey), true) ? 1 : 0;
  }

  /** @internal RENAME / RENAMENX (renameGenericCommand); returns false when NX stopped it. */
  _rename(key: string, newkey: string, nx: boolean): boolean {
    const db = this.db;
    const v = this.lookupWrite(key);
    if (v === undefined) fail(NO_SUCH_KEY);
    if (key === newkey) return !nx;
    const expire = db.expires.get(key);
    const enc = db.encodings.get(key);
    if (this.lookupWrite(newkey) !== undefined) {
      if (nx) return false;
      db.remove(newkey);
    }
    db.put(newkey, v);
    this.keyAdded(db, newkey); // dbAdd
    if (enc !== undefined) db.encodings.set(newkey, enc);
    if (expire !== undefined) this.setExpire(db, newkey, expire);
    db.remove(key);
    this.effects.touch(db.id, key);
    this.effects.touch(db.id, newkey);
    this.effects.event(NOTIFY.GENERIC, 'rename_from', key, db.id);
    this.effects.event(NOTIFY.GENERIC, 'rename_to', newkey, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, [nx ? 'RENAMENX' : 'RENAME', key, newkey]);
    return true;
  }

  /**
   * Copies the value at `source` to `destination` (optionally in another db); returns 1, or 0
   * when the source is missing or the destination exists without `replace`.
   * @remarks O(N) worst case for collections, where N is the number of nested items.
   * @see https://redis.io/commands/copy/
   */
  copy(source: Bytes, destination: Bytes, options: CopyOptions = {}): number {
    const dst = options.db === undefined ? this.db : this.dbAt(options.db);
    if (dst === undefined) fail(DB_INDEX_OUT_OF_RANGE);
    return this._copy(toBytes(source), toBytes(destination), dst, options.replace === true) ? 1 : 0;
  }

  /** @internal COPY (copyCommand) with a resolved destination db. */
  _copy(key: string, newkey: string, dst: Db, replace: boolean): boolean {
    const src = this.db;
    if (src === dst && key === newkey) fail(SAME_OBJECT);
    const v = this.lookupRead(key);
    if (v === undefined) return false;
    const expire = src.expires.get(key);
    const exists = this.lookupNoTouch(dst, newkey) !== undefined;
    if (exists && !replace) return false;
    if (this.cow !== null) this.cow.beforeWrite(dst, newkey);
    if (exists) dst.remove(newkey);
    // A text-mode value enters the other db as bytes (Db.nonAsciiValues).
    dst.put(newkey, typeof v === 'string' ? src.bytes(v) : v.clone());
    this.keyAdded(dst, newkey); // dbAdd
    const enc = src.encodings.get(key);
    if (enc !== undefined) dst.encodings.set(newkey, enc);
    if (dst.access !== null) dst.access.set(newkey, this.clock.now());
    if (expire !== undefined) this.setExpire(dst, newkey, expire);
    this.effects.touch(dst.id, newkey);
    this.effects.event(NOTIFY.GENERIC, 'copy_to', newkey, dst.id);
    if (this.effects.logging) {
      const argv = ['COPY', key, newkey, 'DB', String(dst.id)];
      if (replace) argv.push('REPLACE');
      this.effects.propagate(src.id, argv);
    }
    return true;
  }

  /**
   * Moves `key` to database `db`; returns 1, or 0 when the key is missing here or exists there.
   * @remarks O(1)
   * @see https://redis.io/commands/move/
   */
  move(key: Bytes, db: number): number {
    const dst = this.dbAt(db);
    if (dst === undefined || !Number.isInteger(db)) fail(DB_INDEX_OUT_OF_RANGE);
    return this._move(toBytes(key), dst) ? 1 : 0;
  }

  /** @internal MOVE (moveCommand) with a resolved destination db. */
  _move(key: string, dst: Db): boolean {
    const src = this.db;
    if (src === dst) fail(SAME_OBJECT);
    const v = this.lookupWrite(key);
    if (v === undefined) return false;
    const expire = src.expires.get(key);
    if (this.lookupNoTouch(dst, key) !== undefined) return false;
    if (this.cow !== null) this.cow.beforeWrite(dst, key);
    const enc = src.encodings.get(key);
    dst.put(key, typeof v === 'string' ? src.bytes(v) : v);
    this.keyAdded(dst, key); // dbAdd
    if (enc !== undefined) dst.encodings.set(key, enc);
    if (dst.access !== null) dst.access.set(key, this.clock.now());
    if (expire !== undefined) this.setExpire(dst, key, expire);
    src.remove(key);
    this.effects.touch(src.id, key);
    this.effects.touch(dst.id, key);
    this.effects.event(NOTIFY.GENERIC, 'move_from', key, src.id);
    this.effects.event(NOTIFY.GENERIC, 'move_to', key, dst.id);
    if (this.effects.logging) this.effects.propagate(src.id, ['MOVE', key, String(dst.id)]);
    return true;
  }

  /**
   * Sets a TTL of `seconds`; returns 1, or 0 when the key is missing or the condition failed.
   * A TTL in the past deletes the key.
   * @remarks O(1)
   * @see https://redis.io/commands/expire/
   */
  expire(key: Bytes, seconds: number, condition?: ExpireCondition): number {
    return this.typedExpire(key, seconds, 1000, this.clock.now(), condition, 'expire');
  }

  /**
   * Sets a TTL of `milliseconds`.
   * @remarks O(1)
   * @see https://redis.io/commands/pexpire/
   */
  pexpire(key: Bytes, milliseconds: number, condition?: ExpireCondition): number {
    return this.typedExpire(key, milliseconds, 1, this.clock.now(), condition, 'pexpire');
  }

  /**
   * Expires `key` at a Unix time in seconds.
   * @remarks O(1)
   * @see https://redis.io/commands/expireat/
   */
  expireat(key: Bytes, unixSeconds: number, condition?: ExpireCondition): number {
    return this.typedExpire(key, unixSeconds, 1000, 0, condition, 'expireat');
  }

  /**
   * Expires `key` at a Unix time in milliseconds.
   * @remarks O(1)
   * @see https://redis.io/commands/pexpireat/
   */
  pexpireat(key: Bytes, unixMilliseconds: number, condition?: ExpireCondition): number {
    return this.typedExpire(key, unixMilliseconds, 1, 0, condition, 'pexpireat');
  }

  private typedExpire(
    key: Bytes,
    when: number,
    unit: 1 | 1000,
    base: number,
    condition: ExpireCondition | undefined,
    command: string,
  ): number {
    if (!Number.isSafeInteger(when)) fail('ERR value is not an integer or out of range');
    const at = expireTime(BigInt(when), unit, base, command);
    return this._expire(toBytes(key), at, condition === undefined ? 0 : CONDITION_FLAGS[condition]);
  }

  /**
   * @internal EXPIRE family (expireGenericCommand) with the absolute time already computed
   * (see {@link expireTime}).
   */
  _expire(key: string, at: number, flags: number): number {
    const db = this.db;
    if (this.lookupWrite(key) === undefined) return 0;
    if (flags !== 0) {
      const current = db.expires.get(key);
      if (flags & EXPIRE_NX && current !== undefined) return 0;
      if (flags & EXPIRE_XX && current === undefined) return 0;
      // No TTL counts as an infinite one: GT never passes it, LT always does.
      if (flags & EXPIRE_GT && (current === undefined || at <= current)) return 0;
      if (flags & EXPIRE_LT && current !== undefined && at >= current) return 0;
    }
    if (at <= this.clock.now() && !this.loading) {
      this.deleteKey(db, key);
      this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
      // Logged as the deletion it caused, so a replay never depends on when it runs.
      if (this.effects.logging) this.effects.propagate(db.id, ['DEL', key]);
      return 1;
    }
    this.setExpire(db, key, at);
    this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.GENERIC, 'expire', key, db.id);
    if (this.effects.logging) {
      const argv = ['PEXPIREAT', key, String(at)];
      for (const [name, bit] of Object.entries(CONDITION_FLAGS)) if (flags & bit) argv.push(name);
      this.effects.propagate(db.id, argv);
    }
    return 1;
  }

  /**
   * Remaining time to live in seconds (rounded), -1 without a TTL, -2 when missing.
   * @remarks O(1)
   * @see https://redis.io/commands/ttl/
   */
  ttl(key: Bytes): number {
    return Number(this._ttl(toBytes(key), 'ttl'));
  }

  /**
   * Remaining time to live in milliseconds, -1 without a TTL, -2 when missing.
   * @remarks O(1)
   * @see https://redis.io/commands/pttl/
   */
  pttl(key: Bytes): number {
    return Number(this._ttl(toBytes(key), 'pttl'));
  }

  /**
   * Absolute Unix expiry time in seconds, -1 without a TTL, -2 when missing.
   * @remarks O(1)
   * @see https://redis.io/commands/expiretime/
   */
  expiretime(key: Bytes): number {
    return Number(this._ttl(toBytes(key), 'expiretime'));
  }

  /**
   * Absolute Unix expiry time in milliseconds, -1 without a TTL, -2 when missing.
   * @remarks O(1)
   * @see https://redis.io/commands/pexpiretime/
   */
  pexpiretime(key: Bytes): number {
    return Number(this._ttl(toBytes(key), 'pexpiretime'));
  }

  /** @internal TTL family (ttlGenericCommand). */
  _ttl(key: string, kind: 'ttl' | 'pttl' | 'expiretime' | 'pexpiretime'): number | bigint {
    const db = this.db;
    if (this.lookupNoTouch(db, key) === undefined) {
      this.keyMissed(db, key); // LOOKUP_NOTOUCH still notifies
      return -2;
    }
    const at = db.expires.get(key);
    if (at === undefined) return -1;
    // Times past 2^53 ms are held as doubles; 2^63 can only be LLONG_MAX, the largest Redis takes.
    const exact = at >= 2 ** 63 ? INT64_MAX : Number.isSafeInteger(at) ? null : BigInt(at);
    switch (kind) {
      case 'pexpiretime':
        return exact === null ? at : exact;
      case 'expiretime':
        return exact === null ? Math.trunc((at + 500) / 1000) : (exact + 500n) / 1000n;
      case 'pttl':
        return exact === null ? Math.max(0, at - this.clock.now()) : exact - BigInt(this.clock.now());
      default:
        return exact === null
          ? Math.trunc((Math.max(0, at - this.clock.now()) + 500) / 1000)
          : (exact - BigInt(this.clock.now()) + 500n) / 1000n;
    }
  }

  /**
   * Removes the TTL of `key`; returns 1, or 0 when it had none or is missing.
   * @remarks O(1)
   * @see https://redis.io/commands/persist/
   */
  persist(key: Bytes): number {
    return this._persist(toBytes(key));
  }

  /** @internal */
  _persist(key: string): number {
    const db = this.db;
    if (this.lookupWrite(key) === undefined || !this.removeExpire(db, key)) return 0;
    this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.GENERIC, 'persist', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['PERSIST', key]);
    return 1;
  }

  /**
   * Updates the last-access time of the given keys; returns how many exist.
   * @remarks O(N) where N is the number of keys that will be touched.
   * @see https://redis.io/commands/touch/
   */
  touch(...keys: Bytes[]): number {
    return this._exists(keys.map(toBytes));
  }

  /**
   * OBJECT ENCODING: the internal representation Redis would use ('int', 'embstr', 'raw',
   * 'listpack', ...), or null when the key is missing.
   * @remarks O(1)
   * @see https://redis.io/commands/object-encoding/
   */
  objectEncoding(key: Bytes): string | null {
    return this._objectEncoding(toBytes(key));
  }

  /** @internal */
  _objectEncoding(key: string): string | null {
    const db = this.db;
    const v = this.lookupNoTouch(db, key);
    if (v === undefined) return null;
    return typeof v === 'string' ? stringEncoding(db.bytes(v), db.encodings.get(key)) : v.encoding();
  }

  /**
   * OBJECT REFCOUNT: 2147483647 for a value Redis keeps as a shared integer (0-9999), else 1;
   * null when the key is missing.
   * @remarks O(1)
   * @see https://redis.io/commands/object-refcount/
   */
  objectRefcount(key: Bytes): number | null {
    return this._objectRefcount(toBytes(key));
  }

  /** @internal */
  _objectRefcount(key: string): number | null {
    const enc = this._objectEncoding(key);
    if (enc === null) return null;
    if (enc === 'int') {
      const n = Number(this.db.dict.get(key) as string);
      if (n >= 0 && n < SHARED_INTEGERS) return SHARED_REFCOUNT;
    }
    return 1;
  }

  /**
   * OBJECT IDLETIME: seconds since the key was last read or written, on Redis's 1-second LRU
   * clock; null when missing. Needs the `trackAccess` option (else 0).
   * @remarks O(1)
   * @see https://redis.io/commands/object-idletime/
   */
  objectIdletime(key: Bytes): number | null {
    return this._objectIdletime(toBytes(key));
  }

  /** @internal */
  _objectIdletime(key: string): number | null {
    const db = this.db;
    if (this.lookupNoTouch(db, key) === undefined) return null;
    if (evictorOf(this)?.lfuOn === true) fail(LFU_NO_IDLETIME);
    const last = db.access?.get(key);
    if (last === undefined) return 0;
    return Math.max(0, Math.floor(this.clock.now() / 1000) - Math.floor(last / 1000));
  }

  /**
   * OBJECT FREQ: the key's logarithmic access-frequency counter (Redis's LFU counter, decayed by
   * lfu-decay-time); null when missing. Needs an LFU maxmemory-policy, else it throws Redis's
   * error.
   * @remarks O(1)
   * @see https://redis.io/commands/object-freq/
   */
  objectFreq(key: Bytes): number | null {
    return this._objectFreq(toBytes(key));
  }

  /** @internal */
  _objectFreq(key: string): number | null {
    const db = this.db;
    if (this.lookupNoTouch(db, key) === undefined) return null;
    const evictor = evictorOf(this);
    if (evictor === undefined || !evictor.lfuOn) return fail(LFU_NOT_SELECTED);
    return evictor.frequency(db, key);
  }

  /**
   * Number of keys in the current database (expired keys not yet reclaimed included, as Redis).
   * @remarks O(1)
   * @see https://redis.io/commands/dbsize/
   */
  dbsize(): number {
    return this.db.size;
  }

  /**
   * Selects the database the typed API works on.
   * @remarks O(1)
   * @see https://redis.io/commands/select/
   */
  select(index: number): 'OK' {
    if (!Number.isInteger(index) || this.dbAt(index) === undefined) fail(DB_INDEX_OUT_OF_RANGE);
    this.session.db = index;
    this.db = this.dbs[index]!;
    return 'OK';
  }

  /**
   * Swaps two databases: clients of one see the other's data at once.
   * @remarks O(N) where N is the count of clients watching or blocking on keys from both databases.
   * @see https://redis.io/commands/swapdb/
   */
  swapdb(index1: number, index2: number): 'OK' {
    const a = Number.isInteger(index1) ? this.dbAt(index1) : undefined;
    const b = Number.isInteger(index2) ? this.dbAt(index2) : undefined;
    if (a === undefined || b === undefined) fail(DB_INDEX_OUT_OF_RANGE);
    this._swapdb(a, b);
    return 'OK';
  }

  /** @internal */
  _swapdb(a: Db, b: Db): void {
    if (a !== b) a.swapWith(b);
    // Heap entries name their Db object: after the swap each points at the other's data.
    this.ttlIndex.clear();
    for (const db of this.dbs) for (const [key, at] of db.expires) this.ttlIndex.push(at, db, key);
    if (this.effects.logging) this.effects.propagate(this.db.id, ['SWAPDB', String(a.id), String(b.id)]);
  }

  /**
   * Removes every key of the current database.
   * @remarks O(N) where N is the number of keys in the selected database.
   * @see https://redis.io/commands/flushdb/
   */
  flushdb(): 'OK' {
    this._flush([this.db]);
    return 'OK';
  }

  /**
   * Removes every key of every database.
   * @remarks O(N) where N is the total number of keys in all databases.
   * @see https://redis.io/commands/flushall/
   */
  flushall(): 'OK' {
    this._flush(this.dbs);
    return 'OK';
  }

  /** @internal FLUSHDB / FLUSHALL. */
  _flush(dbs: readonly Db[]): void {
    for (const db of dbs) {
      if (this.effects.touching) for (const key of db.dict.keys()) this.effects.touch(db.id, key);
      else this.effects.dirty += db.dict.size; // what the touches would have counted
      if (this.cow !== null) this.cow.beforeFlush(db);
      db.clear();
      if (this.trackAccess) db.access = new Map();
    }
    if (dbs.length === this.dbs.length) this.ttlIndex.clear();
    this.scanCursors.clear();
    if (this.effects.logging) {
      this.effects.propagate(this.db.id, dbs.length === 1 ? ['FLUSHDB'] : ['FLUSHALL']);
    }
  }

  /**
   * PING: 'PONG', or `message` back.
   * @remarks O(1)
   * @see https://redis.io/commands/ping/
   */
  ping(message?: Bytes): string {
    return message === undefined ? 'PONG' : fromBytes(toBytes(message));
  }

  /**
   * ECHO: `message` back.
   * @remarks O(1)
   * @see https://redis.io/commands/echo/
   */
  echo(message: Bytes): string {
    return fromBytes(toBytes(message));
  }

  /**
   * TIME: [Unix seconds, microseconds], as strings, from the store's clock.
   * @remarks O(1)
   * @see https://redis.io/commands/time/
   */
  time(): [string, string] {
    const ms = this.clock.now();
    const s = Math.floor(ms / 1000);
    return [String(s), String(Math.floor((ms - s * 1000) * 1000))];
  }
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Absolute expiry in ms for the EXPIRE family, with expireGenericCommand's overflow checks:
 * `when` in `unit` ms, plus `base` (now for relative commands, 0 for the *AT ones).
 */
export function expireTime(when: bigint, unit: 1 | 1000, base: number, command: string): number {
  if (unit === 1000) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) fail(invalidExpireTime(command));
    when *= 1000n;
  }
  const b = BigInt(base);
  if (when > INT64_MAX - b) fail(invalidExpireTime(command));
  return Number(when + b);
}

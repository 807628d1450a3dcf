// Strings (redis.io group "string"): the typed API of t_string.c. Values are byte strings
// stored directly in the db map; integers stay strings (INCR parses and formats them, which is
// what Redis replies with anyway).
//
// Every command has one byte-level `_name` method that does the lookup, the type check, the
// write and the effects; the wire handlers (commands/strings.ts) parse argv and call it, the
// public methods convert with toBytes()/fromBytes() and call it too. Where Redis decides an
// error only after the lookup (GETEX's expire value, INCRBYFLOAT's increment, LCS's options),
// the `_name` method takes the argument still unvalidated, so the same error wins on both paths.
//
// OBJECT ENCODING: a fresh value gets the encoding its bytes imply (Redis's tryObjectEncoding);
// APPEND and SETRANGE leave 'raw' and INCRBYFLOAT leaves 'embstr', recorded in `db.encodings`.

import { type Bytes, fromBytes, isAscii, toBytes, toUint8 } from '../bytes.js';
import { NOTIFY } from '../effects/effects.js';
import {
  BIT_OFFSET_OUT_OF_RANGE,
  BIT_OUT_OF_RANGE,
  DECREMENT_OVERFLOW,
  fail,
  invalidExpireTime,
  LCS_LEN_AND_IDX,
  LCS_NOT_STRINGS,
  NAN_OR_INF,
  NOT_FLOAT,
  NOT_INTEGER,
  OFFSET_OUT_OF_RANGE,
  OVERFLOW,
  STRING_TOO_LONG,
  SYNTAX,
  wrongArgs,
} from '../errors.js';
import { type Db, isCanonicalInt } from '../keyspace/db.js';
import { incrByFloat } from '../numbers/long-double.js';
import { LCS_TABLE_TOO_BIG, type LcsMatch, type LcsResult, lcs, lcsTableTooBig } from '../types/lcs.js';
import { KeysStore } from './keys.js';

/** Redis's 512 MB proto-max-bulk-len default, the largest string value. */
export const MAX_STRING_LENGTH = 512 * 1024 * 1024;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** 2^63 as a double: the first number above the int64 range (LLONG_MAX rounds up to it). */
const TWO_63 = 2 ** 63;

/** Options of SET, as typed objects. At most one of ex/px/exat/pxat/keepTtl. */
export interface SetOptions {
  /** Expire after this many seconds (SET EX). */
  ex?: number;
  /** Expire after this many milliseconds (SET PX). */
  px?: number;
  /** Expire at this Unix time in seconds (SET EXAT). */
  exat?: number;
  /** Expire at this Unix time in milliseconds (SET PXAT). */
  pxat?: number;
  /** Keep the key's current TTL (SET KEEPTTL). */
  keepTtl?: boolean;
  /** NX: only set a missing key; XX: only set an existing key. */
  condition?: 'NX' | 'XX';
}

/** Options of GETEX. At most one of ex/px/exat/pxat/persist; none reads like GET. */
export interface GetExOptions {
  /** Expire after this many seconds (GETEX EX). */
  ex?: number;
  /** Expire after this many milliseconds (GETEX PX). */
  px?: number;
  /** Expire at this Unix time in seconds (GETEX EXAT); a time already past deletes the key. */
  exat?: number;
  /** Expire at this Unix time in milliseconds (GETEX PXAT); a time already past deletes the key. */
  pxat?: number;
  /** Remove the key's TTL (GETEX PERSIST). */
  persist?: boolean;
}

/** Options of LCS IDX. */
export interface LcsIdxOptions {
  /**
   * Leave out matches shorter than this (MINMATCHLEN); 0 or less keeps every match.
   * @default 0
   */
  minMatchLen?: number;
}

/** The reply of LCS IDX: the matched ranges (last match first) and the LCS length. */
export interface LcsIdxResult {
  /** Each run of consecutive matching bytes: inclusive byte ranges in each value, and its length. */
  matches: LcsMatch[];
  /** Length of the longest common subsequence. */
  len: number;
}

/** @internal a parsed SET: expiry as absolute ms (or undefined), flags as booleans. */
export interface SetSpec {
  /** Absolute expiry time in ms, or undefined for none. */
  at: number | undefined;
  keepTtl: boolean;
  nx: boolean;
  xx: boolean;
  get: boolean;
}

/** The expiry units of SET and GETEX. */
export type ExpireUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';

/**
 * @internal a parsed GETEX. `expire` is the EX/PX/EXAT/PXAT value, NaN when it is not an
 * integer: Redis checks it only after the key's lookup and type check.
 */
export interface GetExSpec {
  unit: ExpireUnit | null;
  expire: number;
  persist: boolean;
}

/** @internal what an LCS computes: Redis's LEN, IDX or (neither) the string itself. */
export interface LcsSpec {
  len: boolean;
  idx: boolean;
  minMatchLen: number;
}

/** A typed-API integer argument: any integer in the int64 range, else Redis's NOT_INTEGER. */
function int64Arg(x: number): number {
  if (!Number.isInteger(x) || x >= TWO_63 || x < -TWO_63) fail(NOT_INTEGER);
  return x;
}

/** Pairs of MSET/MSETNX, flattened into one array of byte strings; none is an arity error. */
function flattenPairs(
  entries: Record<string, Bytes> | Iterable<readonly [Bytes, Bytes]>,
  name: string,
): string[] {
  const flat: string[] = [];
  if (Symbol.iterator in entries) {
    for (const [k, v] of entries as Iterable<readonly [Bytes, Bytes]>) flat.push(toBytes(k), toBytes(v));
  } else {
    for (const k of Object.keys(entries)) flat.push(toBytes(k), toBytes(entries[k]!));
  }
  if (flat.length === 0) fail(wrongArgs(name));
  return flat;
}

export class StringsStore extends KeysStore {
  // ---- GET / SET family --------------------------------------------------------------------

  /**
   * Value of `key`, or null when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/get/
   */
  get(key: Bytes): string | null {
    const db = this.db;
    const v = this.lookupRead(this.readKey(key));
    if (v === undefined) return null;
    // A db that never held a collection holds strings only: no type check (Db.collections).
    if (db.collections && typeof v !== 'string') this.wrongType();
    // In text mode the value is returned as stored (ASCII, or the caller's own text).
    return !db.nonAsciiValues ? (v as string) : fromBytes(v as string);
  }

  /**
   * Like {@link StringsStore.get}, as raw bytes.
   * @remarks O(1)
   * @see https://redis.io/commands/get/
   */
  getBuffer(key: Bytes): Uint8Array | null {
    const v = this.lookupString(this.readKey(key));
    return v === null ? null : toUint8(v);
  }

  /**
   * Sets `key` to `value`, dropping any TTL unless `keepTtl`. Returns 'OK', or null when the
   * NX/XX condition stopped it.
   * @remarks O(1)
   * @see https://redis.io/commands/set/
   */
  set(key: Bytes, value: Bytes, options?: SetOptions): 'OK' | null {
    const db = this.db;
    if (options === undefined && typeof value === 'string' && typeof key === 'string' && !db.nonAsciiValues) {
      // Text mode: neither string is scanned (Db.putText), the cost that dominated SET. No
      // length check: V8 strings are shorter than proto-max-bulk-len (2^29 - 24 < 512 MiB).
      const effects = this.effects;
      if (
        !effects.eventing &&
        !effects.touching &&
        this.cow === null &&
        db.expires.size === 0 &&
        db.access === null &&
        !db.nonAsciiKeys
      ) {
        // The common case written out: an overwrite in a db without TTLs, access times or
        // non-ASCII keys, no event or touch listener and no save copying keys. What setKeyText
        // does besides the Map write is then only the encoding reset and `dirty`. A log takes
        // the effect first (Effects.trySetText): on 100k keys in random order, staging it after
        // the Map write ran at 0.58-0.69x of the bare write, before it at 0.74-0.79x (the CPU
        // overlaps it with the Map's cache misses). Otherwise the effect follows the write.
        const logged = effects.logging && effects.trySetText(db.id, key, value);
        const dict = db.dict;
        const size = dict.size;
        try {
          dict.set(key, value);
        } catch (e) {
          // A Map past V8's size limit throws: the write did not happen, so neither did its log.
          if (logged) effects.retractSetText();
          throw e;
        }
        if (dict.size === size) {
          if (db.encodings.size !== 0) db.encodings.delete(key);
        } else if (isAscii(key)) {
          // A new key, as Db.putText takes it.
          if (db.sampler !== null) db.sampler.push(key);
          if ((this.optInEvents & NOTIFY.NEW) !== 0) this.keyAdded(db, key);
        } else {
          // A non-ASCII new key is stored as its UTF-8 bytes: the general path below does that.
          dict.delete(key);
          return this.setText(db, key, value, logged);
        }
        effects.dirty++;
        if (effects.logging && !logged) effects.propagateSetText(db.id, key, value);
        return 'OK';
      }
      return this.setText(db, key, value);
    }
    const k = toBytes(key);
    const v = toBytes(value);
    if (options === undefined) {
      // toBytes returns its argument itself exactly when that is an ASCII string.
      this._setPlain(k, v, v === value);
      return 'OK';
    }
    return this._set(k, v, this.setSpec(options, 'set')) ? 'OK' : null;
  }

  /**
   * set() of a text-mode string value (see Db.nonAsciiValues), beyond the inlined overwrite;
   * `logged` when the caller already logged it.
   */
  private setText(db: Db, key: string, value: string, logged = false): 'OK' {
    const k = this.setKeyText(db, key, value);
    this.effects.event(NOTIFY.STRING, 'set', k, db.id);
    // A log gets the UTF-8 bytes of key and value (the key as stored), so text replays as the
    // same bytes.
    if (this.effects.logging && !logged) this.effects.propagateSetText(db.id, key, value);
    return 'OK';
  }

  /**
   * SET with GET: sets `key` like {@link StringsStore.set} and returns its old value (null
   * when it had none). With a condition that stops the write, nothing changes.
   * @remarks O(1)
   * @see https://redis.io/commands/set/
   */
  setGet(key: Bytes, value: Bytes, options?: SetOptions): string | null {
    const spec = this.setSpec(options ?? {}, 'set');
    spec.get = true;
    const k = toBytes(key);
    const old = this.lookupString(k);
    this._set(k, toBytes(value), spec);
    return old === null ? null : fromBytes(old);
  }

  /**
   * Sets `key` only when it does not exist. Returns 1 when it was set, 0 when not.
   * @remarks O(1)
   * @see https://redis.io/commands/setnx/
   */
  setnx(key: Bytes, value: Bytes): 0 | 1 {
    return this._setnx(toBytes(key), toBytes(value)) ? 1 : 0;
  }

  /**
   * Sets `key` to `value` with a TTL of `seconds`.
   * @remarks O(1)
   * @see https://redis.io/commands/setex/
   */
  setex(key: Bytes, seconds: number, value: Bytes): 'OK' {
    const at = this.expireAtMs(int64Arg(seconds), 1000, true, 'setex');
    this._set(toBytes(key), toBytes(value), { at, keepTtl: false, nx: false, xx: false, get: false });
    return 'OK';
  }

  /**
   * Sets `key` to `value` with a TTL of `milliseconds`.
   * @remarks O(1)
   * @see https://redis.io/commands/psetex/
   */
  psetex(key: Bytes, milliseconds: number, value: Bytes): 'OK' {
    const at = this.expireAtMs(int64Arg(milliseconds), 1, true, 'psetex');
    this._set(toBytes(key), toBytes(value), { at, keepTtl: false, nx: false, xx: false, get: false });
    return 'OK';
  }

  /**
   * Sets `key` to `value` (dropping its TTL) and returns the old value, or null.
   * @remarks O(1)
   * @see https://redis.io/commands/getset/
   */
  getset(key: Bytes, value: Bytes): string | null {
    const old = this._getset(toBytes(key), toBytes(value));
    return old === null ? null : fromBytes(old);
  }

  /**
   * Returns the value of `key` and deletes the key; null when it did not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/getdel/
   */
  getdel(key: Bytes): string | null {
    const old = this._getdel(toBytes(key));
    return old === null ? null : fromBytes(old);
  }

  /**
   * Returns the value of `key` and sets or removes its TTL. An EXAT/PXAT time already past
   * deletes the key (its value is still returned).
   * @remarks O(1)
   * @see https://redis.io/commands/getex/
   */
  getex(key: Bytes, options: GetExOptions = {}): string | null {
    const given: [ExpireUnit, number | undefined][] = [
      ['EX', options.ex],
      ['PX', options.px],
      ['EXAT', options.exat],
      ['PXAT', options.pxat],
    ];
    const spec: GetExSpec = { unit: null, expire: Number.NaN, persist: options.persist === true };
    for (const [unit, x] of given) {
      if (x === undefined) continue;
      if (spec.unit !== null || spec.persist) fail(SYNTAX);
      spec.unit = unit;
      // Like the wire path, a bad value is reported only once the key is known to be a string.
      if (Number.isInteger(x) && x < TWO_63 && x >= -TWO_63) spec.expire = x;
    }
    const v = this._getex(toBytes(key), spec);
    return v === null ? null : fromBytes(v);
  }

  /**
   * Values of `keys`, null for a key that is missing or does not hold a string.
   * @remarks O(N) where N is the number of keys to retrieve.
   * @see https://redis.io/commands/mget/
   */
  mget(...keys: Bytes[]): (string | null)[] {
    const out = this._mget(keys.map(toBytes));
    for (let i = 0; i < out.length; i++) {
      const v = out[i]!;
      if (v !== null) out[i] = fromBytes(v);
    }
    return out;
  }

  /**
   * Sets every key to its value (dropping TTLs), as one atomic command.
   * @remarks O(N) where N is the number of keys to set.
   * @see https://redis.io/commands/mset/
   */
  mset(entries: Record<string, Bytes> | Iterable<readonly [Bytes, Bytes]>): 'OK' {
    this._mset(flattenPairs(entries, 'mset'));
    return 'OK';
  }

  /**
   * Sets every key to its value only when none of the keys exists. Returns 1 when they were
   * set, 0 when not.
   * @remarks O(N) where N is the number of keys to set.
   * @see https://redis.io/commands/msetnx/
   */
  msetnx(entries: Record<string, Bytes> | Iterable<readonly [Bytes, Bytes]>): 0 | 1 {
    return this._msetnx(flattenPairs(entries, 'msetnx')) ? 1 : 0;
  }

  // ---- byte ranges ---------------------------------------------------------------------------

  /**
   * Appends `value` to the string at `key` (creating it) and returns the new length in bytes.
   * @remarks O(1). The amortized time complexity is O(1) assuming the appended value is small
   * and the already present value is of any size.
   * @see https://redis.io/commands/append/
   */
  append(key: Bytes, value: Bytes): number {
    return this._append(toBytes(key), toBytes(value));
  }

  /**
   * Length in bytes of the string at `key`, 0 when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/strlen/
   */
  strlen(key: Bytes): number {
    return this._strlen(toBytes(key));
  }

  /**
   * The bytes of the string at `key` from `start` to `end`, both inclusive; negative offsets
   * count from the end. Offsets are in bytes: a range may split a UTF-8 character.
   * @remarks O(N) where N is the length of the returned string.
   * @see https://redis.io/commands/getrange/
   */
  getrange(key: Bytes, start: number, end: number): string {
    return fromBytes(this._getrange(toBytes(key), int64Arg(start), int64Arg(end)));
  }

  /**
   * Old name of {@link StringsStore.getrange}.
   * @remarks O(N) where N is the length of the returned string.
   * @see https://redis.io/commands/substr/
   */
  substr(key: Bytes, start: number, end: number): string {
    return this.getrange(key, start, end);
  }

  /**
   * Overwrites the string at `key` from byte `offset` with `value`, zero-padding when the
   * string is shorter, and returns the new length.
   * @remarks O(1), not counting the time taken to copy the new string in place; O(M) with M
   * the length of the value argument.
   * @see https://redis.io/commands/setrange/
   */
  setrange(key: Bytes, offset: number, value: Bytes): number {
    return this._setrange(toBytes(key), int64Arg(offset), toBytes(value));
  }

  // ---- bits (redis.io group "bitmap": GETBIT, SETBIT) -----------------------------------------

  /**
   * The bit at `offset` of the string at `key`: 0 past the end of the string or for a missing
   * key. Bit 0 is the most significant bit of the first byte.
   * @throws ReplyError for a negative offset or one at or past 2^32 (512 MB of bits).
   * @remarks O(1)
   * @see https://redis.io/commands/getbit/
   */
  getbit(key: Bytes, offset: number): 0 | 1 {
    return this._getbit(toBytes(key), bitOffsetArg(offset));
  }

  /**
   * Sets or clears the bit at `offset` of the string at `key`, growing it with zero bytes as
   * needed (creating it when missing), and returns the bit's previous value.
   * @throws ReplyError for an offset out of range or a value other than 0 or 1.
   * @remarks O(1), plus O(N) to grow the string when `offset` is past its end.
   * @see https://redis.io/commands/setbit/
   */
  setbit(key: Bytes, offset: number, value: 0 | 1): 0 | 1 {
    const bitOffset = bitOffsetArg(offset);
    if (value !== 0 && value !== 1) fail(BIT_OUT_OF_RANGE);
    return this._setbit(toBytes(key), bitOffset, value);
  }

  // ---- counters ------------------------------------------------------------------------------

  /**
   * Adds 1 to the integer at `key` (a missing key counts as 0) and returns the result.
   * Results beyond ±2^53 lose precision as numbers; `call('INCR', key)` returns a bigint.
   * @remarks O(1)
   * @see https://redis.io/commands/incr/
   */
  incr(key: Bytes): number {
    return Number(this._incrby(toBytes(key), 1, 'INCR', undefined));
  }

  /**
   * Adds `increment` to the integer at `key` and returns the result.
   * @remarks O(1)
   * @see https://redis.io/commands/incrby/
   */
  incrby(key: Bytes, increment: number): number {
    const by = int64Arg(increment);
    return Number(this._incrby(toBytes(key), bigIfUnsafe(by), 'INCRBY', String(by)));
  }

  /**
   * Subtracts 1 from the integer at `key` and returns the result.
   * @remarks O(1)
   * @see https://redis.io/commands/decr/
   */
  decr(key: Bytes): number {
    return Number(this._incrby(toBytes(key), -1, 'DECR', undefined));
  }

  /**
   * Subtracts `decrement` from the integer at `key` and returns the result.
   * @remarks O(1)
   * @see https://redis.io/commands/decrby/
   */
  decrby(key: Bytes, decrement: number): number {
    const by = int64Arg(decrement);
    if (by === -TWO_63) fail(DECREMENT_OVERFLOW);
    return Number(this._incrby(toBytes(key), bigIfUnsafe(-by), 'DECRBY', String(by)));
  }

  /**
   * Adds a floating point `increment` to the number at `key` with Redis's long double
   * arithmetic and returns the result as Redis formats it (`"10.5"`, `"3"`, `"5.0e3"` in is
   * `"5000"` out). A number argument is sent as its shortest decimal form (`String(n)`).
   * @remarks O(1)
   * @see https://redis.io/commands/incrbyfloat/
   */
  incrbyfloat(key: Bytes, increment: number | string): string {
    const by = typeof increment === 'number' ? String(increment) : toBytes(increment);
    return this._incrbyfloat(toBytes(key), by);
  }

  // ---- LCS -----------------------------------------------------------------------------------

  /**
   * The longest common subsequence of the strings at `key1` and `key2` (a missing key is an
   * empty string).
   * @remarks O(N*M) where N and M are the lengths of s1 and s2, respectively
   * @see https://redis.io/commands/lcs/
   */
  lcs(key1: Bytes, key2: Bytes): string {
    const [a, b] = this._lcsValues(toBytes(key1), toBytes(key2));
    return fromBytes(this._lcs(a, b, { len: false, idx: false, minMatchLen: 0 }).lcs);
  }

  /**
   * Length of the longest common subsequence of the strings at `key1` and `key2` (LCS LEN).
   * @remarks O(N*M) where N and M are the lengths of s1 and s2, respectively
   * @see https://redis.io/commands/lcs/
   */
  lcsLen(key1: Bytes, key2: Bytes): number {
    const [a, b] = this._lcsValues(toBytes(key1), toBytes(key2));
    return this._lcs(a, b, { len: true, idx: false, minMatchLen: 0 }).len;
  }

  /**
   * The matched ranges of the longest common subsequence (LCS IDX WITHMATCHLEN), last match
   * first, as byte offsets.
   * @remarks O(N*M) where N and M are the lengths of s1 and s2, respectively
   * @see https://redis.io/commands/lcs/
   */
  lcsIdx(key1: Bytes, key2: Bytes, options: LcsIdxOptions = {}): LcsIdxResult {
    const [a, b] = this._lcsValues(toBytes(key1), toBytes(key2));
    const minMatchLen = int64Arg(options.minMatchLen ?? 0);
    const r = this._lcs(a, b, { len: false, idx: true, minMatchLen });
    return { matches: r.matches, len: r.len };
  }

  // ---- byte-level implementations (shared with commands/strings.ts) --------------------------

  /** @internal SET key value with no options: the hot path. */
  _setPlain(key: string, value: string, asciiValue = false): void {
    const db = this.db;
    this.setKey(db, key, value, false, asciiValue);
    this.effects.event(NOTIFY.STRING, 'set', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SET', key, value]);
  }

  /**
   * @internal SET with parsed options (setGenericCommand). The GET part (WRONGTYPE check and
   * old value) is the caller's. Returns false when NX/XX stopped the write.
   */
  _set(key: string, value: string, spec: SetSpec): boolean {
    if (value.length > MAX_STRING_LENGTH) fail(STRING_TOO_LONG);
    const db = this.db;
    if (spec.nx || spec.xx) {
      const found = this.lookupWrite(key) !== undefined;
      if ((spec.nx && found) || (spec.xx && !found)) return false;
    }
    this.setKey(db, key, value, spec.keepTtl);
    this.effects.event(NOTIFY.STRING, 'set', key, db.id);
    if (spec.at !== undefined) {
      this.setExpire(db, key, spec.at);
      // Relative times are logged as an absolute PXAT, so a replay expires at the same instant.
      if (this.effects.logging) this.effects.propagate(db.id, ['SET', key, value, 'PXAT', msText(spec.at)]);
      this.effects.event(NOTIFY.GENERIC, 'expire', key, db.id);
    } else if (this.effects.logging) {
      // Logged as issued, minus GET: the old value is the client's business, not the log's.
      const argv = ['SET', key, value];
      if (spec.nx) argv.push('NX');
      if (spec.xx) argv.push('XX');
      if (spec.keepTtl) argv.push('KEEPTTL');
      this.effects.propagate(db.id, argv);
    }
    return true;
  }

  /** @internal SETNX: SET NX replying 1/0, logged as issued. */
  _setnx(key: string, value: string): boolean {
    if (this.lookupWrite(key) !== undefined) return false;
    const db = this.db;
    this.setKey(db, key, value);
    this.effects.event(NOTIFY.STRING, 'set', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SETNX', key, value]);
    return true;
  }

  /** @internal GETSET: the old value (WRONGTYPE first), then a plain SET, logged as SET. */
  _getset(key: string, value: string): string | null {
    const old = this.lookupString(key);
    const db = this.db;
    this.setKey(db, key, value);
    this.effects.event(NOTIFY.STRING, 'set', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SET', key, value]);
    return old;
  }

  /** @internal GETDEL: the value, then the key deleted, logged as DEL. */
  _getdel(key: string): string | null {
    const old = this.lookupString(key);
    if (old === null) return null;
    const db = this.db;
    this.deleteKey(db, key);
    if (this.effects.logging) this.effects.propagate(db.id, ['DEL', key]);
    this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
    return old;
  }

  /**
   * @internal GETEX (getexCommand): lookup and type check, then the expire value's checks,
   * then the TTL change. Logged as PEXPIREAT, PERSIST or DEL, never as GETEX.
   */
  _getex(key: string, spec: GetExSpec): string | null {
    const v = this.lookupString(key);
    if (v === null) return null;
    const unit = spec.unit;
    const db = this.db;
    if (unit !== null) {
      if (Number.isNaN(spec.expire)) fail(NOT_INTEGER);
      const relative = unit === 'EX' || unit === 'PX';
      const at = this.expireAtMs(spec.expire, unit === 'EX' || unit === 'EXAT' ? 1000 : 1, relative, 'getex');
      if (!relative && at <= this.clock.now() && !this.loading) {
        // An absolute time already past deletes the key now (checkAlreadyExpired).
        this.deleteKey(db, key);
        if (this.effects.logging) this.effects.propagate(db.id, ['DEL', key]);
        this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
      } else {
        this.setExpire(db, key, at);
        this.effects.touch(db.id, key);
        // Relative times are logged as an absolute PEXPIREAT, so a replay expires at the same instant.
        if (this.effects.logging) this.effects.propagate(db.id, ['PEXPIREAT', key, msText(at)]);
        this.effects.event(NOTIFY.GENERIC, 'expire', key, db.id);
      }
    } else if (spec.persist && this.removeExpire(db, key)) {
      this.effects.touch(db.id, key);
      if (this.effects.logging) this.effects.propagate(db.id, ['PERSIST', key]);
      this.effects.event(NOTIFY.GENERIC, 'persist', key, db.id);
    }
    return v;
  }

  /** @internal MGET: a value per key, null for missing and non-string keys. */
  _mget(keys: string[]): (string | null)[] {
    const out = new Array<string | null>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const v = this.lookupRead(keys[i]!);
      out[i] = typeof v === 'string' ? this.db.bytes(v) : null;
    }
    return out;
  }

  /** @internal MSET with `pairs` = [k1, v1, k2, v2, ...]; later pairs win. */
  _mset(pairs: string[]): void {
    this.msetPairs(pairs, 'MSET');
  }

  /** @internal MSETNX: sets nothing (and returns false) when any key exists. */
  _msetnx(pairs: string[]): boolean {
    for (let i = 0; i < pairs.length; i += 2) if (this.lookupWrite(pairs[i]!) !== undefined) return false;
    this.msetPairs(pairs, 'MSETNX');
    return true;
  }

  private msetPairs(pairs: string[], name: string): void {
    const db = this.db;
    for (let i = 0; i < pairs.length; i += 2) {
      const key = pairs[i]!;
      this.setKey(db, key, pairs[i + 1]!);
      this.effects.event(NOTIFY.STRING, 'set', key, db.id);
    }
    if (this.effects.logging) this.effects.propagate(db.id, [name, ...pairs]);
  }

  /** @internal APPEND: returns the new length. The result is left 'raw', as sdscatlen leaves it. */
  _append(key: string, value: string): number {
    const cur = this.lookupWrite(key);
    const db = this.db;
    let len: number;
    if (cur === undefined) {
      // A new key is the argument itself, encoded as any fresh value.
      checkStringLength(0, value.length);
      this.setKey(db, key, value);
      len = value.length;
    } else {
      if (typeof cur !== 'string') this.wrongType();
      const s = db.bytes(cur as string);
      checkStringLength(s.length, value.length);
      const next = s + value;
      this.setKey(db, key, next, true);
      db.encodings.set(key, 'raw');
      len = next.length;
    }
    this.effects.event(NOTIFY.STRING, 'append', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['APPEND', key, value]);
    return len;
  }

  /** @internal STRLEN: 0 for a missing key. */
  _strlen(key: string): number {
    const v = this.lookupString(key);
    return v === null ? 0 : v.length;
  }

  /** @internal GETRANGE/SUBSTR (getrangeCommand): '' for a missing key or an empty range. */
  _getrange(key: string, start: number, end: number): string {
    const v = this.lookupString(key);
    if (v === null) return '';
    const len = v.length;
    if (start < 0 && end < 0 && start > end) return '';
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= len) end = len - 1;
    if (start > end || len === 0) return '';
    return v.slice(start, end + 1);
  }

  /** @internal GETBIT (getbitCommand), `offset` already validated. */
  _getbit(key: string, offset: number): 0 | 1 {
    const v = this.lookupString(key);
    const byte = Math.floor(offset / 8);
    if (v === null || byte >= v.length) return 0;
    return ((v.charCodeAt(byte) >> (7 - (offset % 8))) & 1) as 0 | 1;
  }

  /**
   * @internal SETBIT (setbitCommand), arguments already validated. The value turns 'raw'
   * (dbUnshareStringValue); the write is signalled and logged only when the key was created or
   * grew, or the bit changed.
   */
  _setbit(key: string, offset: number, on: 0 | 1): 0 | 1 {
    const cur = this.lookupWrite(key);
    const db = this.db;
    const byte = Math.floor(offset / 8);
    const mask = 1 << (7 - (offset % 8));
    let s: string;
    let dirty = false;
    if (cur === undefined) {
      s = '\0'.repeat(byte + 1);
      dirty = true;
    } else {
      if (typeof cur !== 'string') this.wrongType();
      s = db.bytes(cur as string);
      if (s.length <= byte) {
        s += '\0'.repeat(byte + 1 - s.length);
        dirty = true;
      }
    }
    const old = s.charCodeAt(byte);
    const bit = (old & mask) !== 0 ? 1 : 0;
    if (dirty || bit !== on) {
      const next = s.slice(0, byte) + String.fromCharCode(on ? old | mask : old & ~mask) + s.slice(byte + 1);
      this.setKey(db, key, next, true);
      this.effects.event(NOTIFY.STRING, 'setbit', key, db.id);
      if (this.effects.logging) this.effects.propagate(db.id, ['SETBIT', key, String(offset), String(on)]);
    }
    db.encodings.set(key, 'raw');
    return bit;
  }

  /**
   * @internal SETRANGE (setrangeCommand): returns the new length. An empty value changes
   * nothing (not even a missing key); a write leaves the value 'raw'.
   */
  _setrange(key: string, offset: number, value: string): number {
    if (offset < 0) fail(OFFSET_OUT_OF_RANGE);
    const cur = this.lookupWrite(key);
    const db = this.db;
    let s: string;
    if (cur === undefined) {
      if (value.length === 0) return 0;
      checkStringLength(offset, value.length);
      s = '';
    } else {
      if (typeof cur !== 'string') this.wrongType();
      s = db.bytes(cur as string);
      if (value.length === 0) return s.length;
      checkStringLength(offset, value.length);
    }
    const end = offset + value.length;
    let next: string;
    if (offset > s.length) next = s + '\0'.repeat(offset - s.length) + value;
    else next = s.slice(0, offset) + value + (end < s.length ? s.slice(end) : '');
    this.setKey(db, key, next, true);
    db.encodings.set(key, 'raw');
    this.effects.event(NOTIFY.STRING, 'setrange', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SETRANGE', key, String(offset), value]);
    return next.length;
  }

  /**
   * @internal INCR/DECR/INCRBY/DECRBY (incrDecrCommand): adds `incr` (a number when safe, else
   * a bigint) to the int64 at `key`, keeping its TTL. Small values stay on plain numbers; only
   * results beyond ±2^53 take BigInt. Returns a number, or a bigint beyond the safe range.
   * `name` and `arg` are what is logged (the command as issued).
   */
  _incrby(key: string, incr: number | bigint, name: string, arg: string | undefined): number | bigint {
    const cur = this.lookupWrite(key);
    let old = 0;
    let oldText: string | null = null;
    if (cur !== undefined) {
      if (typeof cur !== 'string') this.wrongType();
      const s = cur as string;
      // Up to 15 digits a canonical integer is exact as a double; longer ones take BigInt.
      if (s.length <= 15 && isCanonicalInt(s)) old = +s;
      else if (isCanonicalInt(s)) oldText = s;
      else fail(NOT_INTEGER);
    }
    let result: number | bigint;
    let text: string;
    const fast = oldText === null && typeof incr === 'number' ? old + incr : Number.NaN;
    if (Number.isSafeInteger(fast)) {
      result = fast;
      text = String(fast);
    } else {
      const big = BigInt(oldText ?? old) + BigInt(incr);
      if (big > INT64_MAX || big < INT64_MIN) fail(OVERFLOW);
      const n = Number(big);
      result = Number.isSafeInteger(n) ? n : big;
      text = big.toString();
    }
    const db = this.db;
    this.setKey(db, key, text, true);
    this.effects.event(NOTIFY.STRING, 'incrby', key, db.id);
    if (this.effects.logging)
      this.effects.propagate(db.id, arg === undefined ? [name, key] : [name, key, arg]);
    return result;
  }

  /**
   * @internal INCRBYFLOAT (incrbyfloatCommand): type check, then the stored value, then the
   * increment (either: NOT_FLOAT), in long double arithmetic. Keeps the TTL; logged as
   * `SET key result KEEPTTL`.
   */
  _incrbyfloat(key: string, incr: string): string {
    const cur = this.lookupWrite(key);
    if (cur !== undefined && typeof cur !== 'string') this.wrongType();
    const r = incrByFloat(cur === undefined ? null : (cur as string), incr);
    if (!r.ok) fail(r.error === 'NOT_FLOAT' ? NOT_FLOAT : NAN_OR_INF);
    const value = r.value;
    const db = this.db;
    this.setKey(db, key, value, true);
    // Redis stores the formatted result without tryObjectEncoding: an integer-looking one
    // stays 'embstr' (longer results are 'raw' anyway, as their length implies).
    if (isCanonicalInt(value)) db.encodings.set(key, 'embstr');
    this.effects.event(NOTIFY.STRING, 'incrbyfloat', key, db.id);
    // Logged as the resulting value, so float formatting can never differ on replay.
    if (this.effects.logging) this.effects.propagate(db.id, ['SET', key, value, 'KEEPTTL']);
    return value;
  }

  /** @internal LCS's lookups: both values ('' when missing); a non-string is an error. */
  _lcsValues(key1: string, key2: string): [string, string] {
    const a = this.lookupRead(key1);
    const b = this.lookupRead(key2);
    if ((a !== undefined && typeof a !== 'string') || (b !== undefined && typeof b !== 'string')) {
      fail(LCS_NOT_STRINGS);
    }
    const db = this.db;
    return [db.bytes((a as string | undefined) ?? ''), db.bytes((b as string | undefined) ?? '')];
  }

  /** @internal LCS on two values, after the option checks Redis makes once the keys are read. */
  _lcs(a: string, b: string, spec: LcsSpec): LcsResult {
    if (spec.len && spec.idx) fail(LCS_LEN_AND_IDX);
    if (lcsTableTooBig(a.length, b.length)) fail(LCS_TABLE_TOO_BIG);
    return lcs(a, b, {
      minMatchLen: spec.minMatchLen,
      wantMatches: spec.idx,
      wantString: !spec.idx && !spec.len,
    });
  }

  // ---- expiry arguments ----------------------------------------------------------------------

  /**
   * @internal converts a relative or absolute expiry into absolute ms, with Redis's checks
   * (getExpireMillisecondsOrReply): a value <= 0, or one that overflows, is an invalid expire
   * time.
   */
  expireAtMs(value: number, unitMs: 1 | 1000, relative: boolean, command: string): number {
    // More seconds than LLONG_MAX / 1000 overflow as milliseconds.
    if (!(value > 0) || (unitMs === 1000 && value > TWO_63 / 1000)) fail(invalidExpireTime(command));
    let ms = value * unitMs;
    if (relative) ms += this.clock.now();
    if (ms > TWO_63) fail(invalidExpireTime(command));
    return ms;
  }

  private setSpec(o: SetOptions, command: string): SetSpec {
    let at: number | undefined;
    let n = 0;
    const check = (x: number | undefined): x is number => {
      if (x === undefined) return false;
      int64Arg(x);
      n++;
      return true;
    };
    if (check(o.ex)) at = this.expireAtMs(o.ex, 1000, true, command);
    if (check(o.px)) at = this.expireAtMs(o.px, 1, true, command);
    if (check(o.exat)) at = this.expireAtMs(o.exat, 1000, false, command);
    if (check(o.pxat)) at = this.expireAtMs(o.pxat, 1, false, command);
    if (n > 1 || (n === 1 && o.keepTtl)) fail(SYNTAX);
    if (o.condition !== undefined && o.condition !== 'NX' && o.condition !== 'XX') fail(SYNTAX);
    return {
      at,
      keepTtl: o.keepTtl === true,
      nx: o.condition === 'NX',
      xx: o.condition === 'XX',
      get: false,
    };
  }
}

/** Redis's checkStringLength: a result beyond proto-max-bulk-len is refused before any write. */
/**
 * @internal a GETBIT / SETBIT offset (getBitOffsetFromArgument): 0 <= offset and offset / 8
 * below proto-max-bulk-len's 512 MB default.
 */
export function bitOffsetArg(x: number): number {
  if (!Number.isInteger(x) || x < 0 || Math.floor(x / 8) >= MAX_STRING_LENGTH) fail(BIT_OFFSET_OUT_OF_RANGE);
  return x;
}

function checkStringLength(size: number, append: number): void {
  if (size + append > MAX_STRING_LENGTH) fail(STRING_TOO_LONG);
}

/**
 * An absolute expiry time as logged. Beyond 2^53 ms (year 287396) a double is not exact; the
 * largest, LLONG_MAX, arrives here as 2^63 and is logged as LLONG_MAX so a replay accepts it.
 */
function msText(at: number): string {
  if (Number.isSafeInteger(at)) return String(at);
  const big = BigInt(at);
  return (big > INT64_MAX ? INT64_MAX : big).toString();
}

/** An integer as a number when exact, else as a bigint (for _incrby's slow path). */
function bigIfUnsafe(n: number): number | bigint {
  return Number.isSafeInteger(n) ? n : BigInt(n);
}

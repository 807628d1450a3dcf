// Hashes (redis.io group "hash"): the typed API of t_hash.c over the Hash structure
// (types/hash.ts).
//
// Every command has one byte-level `_name` method that does the lookup, the type check, the
// write and the effects; the wire handlers (commands/hashes.ts) parse argv and call it, the
// public methods convert with toBytes()/fromBytes() and call it too. As in Redis, a write looks
// the key up and creates an empty hash before anything else (hashTypeLookupWriteOrCreate), but
// every argument is checked before that, so a failing command leaves no empty hash behind; the
// one check Redis makes after the lookup — the stored field's value in HINCRBY / HINCRBYFLOAT —
// can only fail on a field that exists. A hash whose last field is deleted is deleted.
//
// Effects: HSET / HMSET / HSETNX / HDEL / HINCRBY are logged as issued (HSETNX and HDEL only
// when they changed something); HINCRBYFLOAT is logged as `HSET key field result`, so float
// formatting can never differ on replay. Events: `hset`, `hdel` (+ `del` when the hash goes),
// `hincrby`, `hincrbyfloat`, all NOTIFY.HASH.
//
// Typed reads skip the UTF-8 decoding for a hash whose every write proved its strings ASCII
// (Hash.asciiOnly, see the note above flattenEntries): a third of a typed HGET's cost.

import { type Bytes, fromBytes, toBytes, toUint8 } from '../bytes.js';
import { NOTIFY } from '../effects/effects.js';
import {
  fail,
  HASH_VALUE_NOT_FLOAT,
  HASH_VALUE_NOT_INTEGER,
  INVALID_CURSOR,
  NAN_OR_INF,
  NOT_FLOAT,
  NOT_INTEGER,
  OVERFLOW,
  SYNTAX,
  VALUE_NAN_OR_INF,
  wrongArgs,
} from '../errors.js';
import { isCanonicalInt } from '../keyspace/db.js';
import { compileGlob, matchesAllKeys } from '../keyspace/glob.js';
import { hincrByFloat, isFiniteLD, parseLongDouble } from '../numbers/long-double.js';
import { HASH_DEFAULT_LIMITS, Hash, type HashLimits } from '../types/hash.js';
import { ListsStore } from './lists.js';

/** Field/value pairs for HSET and HMSET: a plain object, a Map, or any iterable of pairs. */
export type HashEntries =
  | Record<string, Bytes>
  | ReadonlyMap<Bytes, Bytes>
  | Iterable<readonly [Bytes, Bytes]>;

/** Options of HSCAN. */
export interface HScanOptions {
  /** Glob-style pattern (KEYS rules) the returned fields must match. */
  match?: Bytes;
  /**
   * Amount of work per call: how many fields to look at. A `listpack`-encoded hash returns
   * every field in one call whatever the count, as Redis does.
   * @default 10
   */
  count?: number;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** 2^63 as a double: the first number above the int64 range. */
const TWO_63 = 2 ** 63;
/** Integers of up to 15 digits are exact as doubles (HINCRBYFLOAT's cheap pre-check). */
const SMALL_INTEGER = /^-?[0-9]{1,15}$/;

// Type checks compare `v.type` rather than `v instanceof Hash`: on a value that may be a string,
// instanceof cost ~15 ns per lookup (a third of an HSET) where the tag read is free.

/** A typed-API integer argument: any integer in the int64 range, else Redis's NOT_INTEGER. */
function int64Arg(x: number): number {
  if (!Number.isInteger(x) || x >= TWO_63 || x < -TWO_63) fail(NOT_INTEGER);
  return x;
}

// The ASCII hint (Hash.asciiOnly): toBytes hands ASCII text back as it is, and anything else
// as a string that differs from it (UTF-8 bytes are longer than the text; a Buffer is no
// string), so `toBytes(x) === x` proves `x` ASCII at no cost. Writes pass that proof down;
// reads of a hash whose every field and value was proven ASCII hand its strings out without
// the UTF-8 decoding scan. The wire path proves nothing, so a hash written there is decoded.

const keep = (s: string): string => s;

/** How the typed API hands out the strings of `h`: unchanged when all are known ASCII. */
const decoderOf = (h: Hash): ((s: string) => string) => (h.asciiOnly ? keep : fromBytes);

/**
 * HSET's pairs flattened into byte strings [f1, v1, f2, v2 ...] (none is an arity error), and
 * whether all were ASCII text.
 */
function flattenEntries(entries: HashEntries, name: string): [string[], boolean] {
  const flat: string[] = [];
  let ascii = true;
  const push = (f: Bytes, v: Bytes): void => {
    const fb = toBytes(f);
    const vb = toBytes(v);
    if (fb !== f || vb !== v) ascii = false;
    flat.push(fb, vb);
  };
  if (Symbol.iterator in entries) {
    for (const [f, v] of entries as Iterable<readonly [Bytes, Bytes]>) push(f, v);
  } else {
    const rec = entries as Record<string, Bytes>;
    for (const f of Object.keys(rec)) push(f, rec[f]!);
  }
  if (flat.length === 0) fail(wrongArgs(name));
  return [flat, ascii];
}

/** A typed-API SCAN cursor: a non-negative integer (as a number or decimal text). */
function scanCursor(cursor: string | number): bigint {
  if (typeof cursor === 'number')
    return Number.isSafeInteger(cursor) && cursor >= 0 ? BigInt(cursor) : fail(INVALID_CURSOR);
  return /^[0-9]{1,20}$/.test(cursor) && BigInt(cursor) <= 0xffffffffffffffffn
    ? BigInt(cursor)
    : fail(INVALID_CURSOR);
}

/** [f1, v1, f2, v2 ...] as pairs, each string through `dec`. */
function toPairs(flat: string[], dec: (s: string) => string): [string, string][] {
  const out = new Array<[string, string]>(flat.length >> 1);
  for (let i = 0; i < flat.length; i += 2) out[i >> 1] = [dec(flat[i]!), dec(flat[i + 1]!)];
  return out;
}

export class HashesStore extends ListsStore {
  /**
   * @internal hash-max-listpack-entries / hash-max-listpack-value, shared by reference with
   * every hash of this store (CONFIG SET changes this one object).
   */
  readonly hashLimits: HashLimits = { ...HASH_DEFAULT_LIMITS };
  /**
   * The store's PRNG as one long-lived function: V8 inlines calls through it in the pick loops,
   * which a closure made per call defeats (HRANDFIELD -10 took 2.6x as long).
   */
  private readonly hashRand = (n: number): number => this.rand(n);

  // ---- writes ----------------------------------------------------------------------------------

  /**
   * Sets fields of the hash at `key` (creating it), either one `field` to `value` or every pair
   * of `entries`; returns the number of fields that were added (updates not counted).
   * @remarks O(1) for each field/value pair added, so O(N) to add N field/value pairs when the
   * command is called with multiple field/value pairs.
   * @see https://redis.io/commands/hset/
   */
  hset(key: Bytes, field: Bytes, value: Bytes): number;
  hset(key: Bytes, entries: HashEntries): number;
  hset(key: Bytes, fieldOrEntries: Bytes | HashEntries, value?: Bytes): number {
    if (value !== undefined) {
      const field = fieldOrEntries as Bytes;
      const k = toBytes(key);
      const v = toBytes(value);
      // One write lookup (hashTypeLookupWriteOrCreate): no read stats, no keymiss event.
      const h = this.hashForWrite(k);
      // An ASCII-only hash that has the caller's field string as is: the field is ASCII, unscanned.
      if (typeof field === 'string' && h.asciiOnly && h.has(field)) {
        return this._hsetFieldIn(h, k, field, v, v === value);
      }
      const f = toBytes(field);
      return this._hsetFieldIn(h, k, f, v, f === field && v === value);
    }
    const [flat, ascii] = flattenEntries(fieldOrEntries as HashEntries, 'hset');
    return this._hset(toBytes(key), flat, 0, 'HSET', ascii);
  }

  /**
   * Sets every pair of `entries` in the hash at `key`, like {@link HashesStore.hset}; replies
   * 'OK' (HMSET is deprecated in Redis in favour of HSET).
   * @remarks O(N) where N is the number of fields being set.
   * @see https://redis.io/commands/hmset/
   */
  hmset(key: Bytes, entries: HashEntries): 'OK' {
    const [flat, ascii] = flattenEntries(entries, 'hmset');
    this._hset(toBytes(key), flat, 0, 'HMSET', ascii);
    return 'OK';
  }

  /**
   * Sets `field` only when it does not exist yet; returns 1 when it was set, 0 when not.
   * @remarks O(1)
   * @see https://redis.io/commands/hsetnx/
   */
  hsetnx(key: Bytes, field: Bytes, value: Bytes): 0 | 1 {
    const f = toBytes(field);
    const v = toBytes(value);
    return this._hsetnx(toBytes(key), f, v, f === field && v === value) ? 1 : 0;
  }

  /**
   * Removes the given fields; returns how many existed. A hash left empty is deleted.
   * @remarks O(N) where N is the number of fields to be removed.
   * @see https://redis.io/commands/hdel/
   */
  hdel(key: Bytes, ...fields: Bytes[]): number {
    if (fields.length === 0) fail(wrongArgs('hdel'));
    return this._hdel(toBytes(key), fields.map(toBytes), 0);
  }

  /**
   * Adds `increment` to the integer in `field` (a missing field counts as 0) and returns the
   * result. Results beyond ±2^53 lose precision as numbers; `call('HINCRBY', ...)` returns a
   * bigint there.
   * @remarks O(1)
   * @see https://redis.io/commands/hincrby/
   */
  hincrby(key: Bytes, field: Bytes, increment: number): number {
    const by = int64Arg(increment);
    const incr = Number.isSafeInteger(by) ? by : BigInt(by);
    const f = toBytes(field);
    return Number(this._hincrby(toBytes(key), f, incr, String(incr), f === field));
  }

  /**
   * Adds a floating point `increment` to the number in `field` with Redis's long double
   * arithmetic and returns the result as Redis formats it (`"10.5"`, `"3"`). A number argument
   * is sent as its shortest decimal form (`String(n)`).
   * @remarks O(1)
   * @see https://redis.io/commands/hincrbyfloat/
   */
  hincrbyfloat(key: Bytes, field: Bytes, increment: number | string): string {
    const by = typeof increment === 'number' ? String(increment) : toBytes(increment);
    const f = toBytes(field);
    // The result is a number's text: ASCII.
    return this._hincrbyfloat(toBytes(key), f, by, f === field);
  }

  // ---- reads -----------------------------------------------------------------------------------

  /**
   * Value of `field` in the hash at `key`, or null when either is missing.
   * @remarks O(1)
   * @see https://redis.io/commands/hget/
   */
  hget(key: Bytes, field: Bytes): string | null {
    const h = this._hashRead(this.readKey(key));
    if (h === null) return null;
    // In an ASCII-only hash the caller's string is looked up as is (see Hash.asciiOnly).
    const v = h.get(typeof field === 'string' && h.asciiOnly ? field : toBytes(field));
    if (v === undefined) return null;
    return h.asciiOnly ? v : fromBytes(v);
  }

  /**
   * Like {@link HashesStore.hget}, as raw bytes.
   * @remarks O(1)
   * @see https://redis.io/commands/hget/
   */
  hgetBuffer(key: Bytes, field: Bytes): Uint8Array | null {
    const v = this._hget(toBytes(key), toBytes(field));
    return v === null ? null : toUint8(v);
  }

  /**
   * Values of `fields`, null for each missing one (all null when the key is missing).
   * @remarks O(N) where N is the number of fields being requested.
   * @see https://redis.io/commands/hmget/
   */
  hmget(key: Bytes, ...fields: Bytes[]): (string | null)[] {
    if (fields.length === 0) fail(wrongArgs('hmget'));
    const h = this._hashRead(toBytes(key));
    const out = new Array<string | null>(fields.length);
    const dec = h === null ? keep : decoderOf(h);
    for (let i = 0; i < fields.length; i++) {
      const v = h?.get(toBytes(fields[i]!));
      out[i] = v === undefined ? null : dec(v);
    }
    return out;
  }

  /**
   * Number of fields in the hash at `key`, 0 when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/hlen/
   */
  hlen(key: Bytes): number {
    return this._hlen(toBytes(key));
  }

  /**
   * Length in bytes of the value of `field`, 0 when the field or the key is missing.
   * @remarks O(1)
   * @see https://redis.io/commands/hstrlen/
   */
  hstrlen(key: Bytes, field: Bytes): number {
    return this._hstrlen(toBytes(key), toBytes(field));
  }

  /**
   * 1 when `field` exists in the hash at `key`, else 0.
   * @remarks O(1)
   * @see https://redis.io/commands/hexists/
   */
  hexists(key: Bytes, field: Bytes): 0 | 1 {
    return this._hexists(toBytes(key), toBytes(field)) ? 1 : 0;
  }

  /**
   * Every field of the hash at `key` ([] when missing).
   * @remarks O(N) where N is the size of the hash.
   * @see https://redis.io/commands/hkeys/
   */
  hkeys(key: Bytes): string[] {
    const h = this._hashRead(toBytes(key));
    if (h === null) return [];
    const keys = [...h.map.keys()];
    return h.asciiOnly ? keys : keys.map(fromBytes);
  }

  /**
   * Every value of the hash at `key` ([] when missing).
   * @remarks O(N) where N is the size of the hash.
   * @see https://redis.io/commands/hvals/
   */
  hvals(key: Bytes): string[] {
    const h = this._hashRead(toBytes(key));
    if (h === null) return [];
    const values = [...h.map.values()];
    return h.asciiOnly ? values : values.map(fromBytes);
  }

  /**
   * Every field and value of the hash at `key` as an object without a prototype, so any field
   * name — `__proto__`, `constructor` — is an ordinary property ({} when missing).
   * @remarks O(N) where N is the size of the hash.
   * @see https://redis.io/commands/hgetall/
   */
  hgetall(key: Bytes): Record<string, string> {
    const out = Object.create(null) as Record<string, string>;
    const h = this._hashRead(toBytes(key));
    if (h === null) return out;
    const dec = decoderOf(h);
    for (const [f, v] of h.map) out[dec(f)] = dec(v);
    return out;
  }

  /**
   * Every field and value of the hash at `key` as a Map, in the hash's order (empty when missing).
   * @remarks O(N) where N is the size of the hash.
   * @see https://redis.io/commands/hgetall/
   */
  hgetallMap(key: Bytes): Map<string, string> {
    const out = new Map<string, string>();
    const h = this._hashRead(toBytes(key));
    if (h === null) return out;
    if (h.asciiOnly) return new Map(h.map);
    for (const [f, v] of h.map) out.set(fromBytes(f), fromBytes(v));
    return out;
  }

  // ---- random fields ---------------------------------------------------------------------------

  /**
   * A random field of the hash at `key`, or null when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/hrandfield/
   */
  hrandfield(key: Bytes): string | null {
    const h = this._hashRead(toBytes(key));
    if (h === null) return null;
    const f = h.randomField(this.hashRand);
    return h.asciiOnly ? f : fromBytes(f);
  }

  /**
   * Random fields of the hash at `key` ([] when missing): with a positive `count`, up to
   * `count` distinct fields (the whole hash when `count` covers it); with a negative one,
   * exactly `-count` fields where the same field may come back more than once.
   * @remarks O(N) where N is the number of fields returned
   * @see https://redis.io/commands/hrandfield/
   */
  hrandfieldCount(key: Bytes, count: number): string[] {
    if (!Number.isSafeInteger(count)) fail(NOT_INTEGER);
    const h = this._hashRead(toBytes(key));
    if (h === null) return [];
    const fields = this.hashRandomFields(h, count, false);
    return h.asciiOnly ? fields : fields.map(fromBytes);
  }

  /**
   * Like {@link HashesStore.hrandfieldCount}, with each field's value: `[field, value]` pairs
   * (HRANDFIELD ... WITHVALUES).
   * @remarks O(N) where N is the number of fields returned
   * @see https://redis.io/commands/hrandfield/
   */
  hrandfieldWithValues(key: Bytes, count: number): [string, string][] {
    if (!Number.isSafeInteger(count)) fail(NOT_INTEGER);
    const h = this._hashRead(toBytes(key));
    if (h === null) return [];
    return toPairs(this.hashRandomFields(h, count, true), decoderOf(h));
  }

  // ---- HSCAN -----------------------------------------------------------------------------------

  /**
   * One step of an incremental scan over the hash at `key`: the next cursor ('0' when done) and
   * a batch of `[field, value]` pairs. A full scan returns every field present from its start to
   * its end; a `listpack`-encoded hash comes back whole in the first call.
   * @remarks O(1) for every call. O(N) for a complete iteration, including enough command calls
   * for the cursor to return back to 0. N is the number of elements inside the collection.
   * @see https://redis.io/commands/hscan/
   */
  hscan(key: Bytes, cursor: string | number, options: HScanOptions = {}): [string, [string, string][]] {
    const parsed = scanCursor(cursor);
    // As on the wire: the cursor, then the key (missing: an empty scan), then the options.
    const h = this._hashRead(toBytes(key));
    if (h === null) return ['0', []];
    const count = options.count ?? 10;
    if (!Number.isInteger(count) || count < 1) fail(SYNTAX);
    const match = options.match === undefined ? null : toBytes(options.match);
    const [next, flat] = this._hscanHash(h, parsed, match, count);
    return [next, toPairs(flat, decoderOf(h))];
  }

  /**
   * Every `[field, value]` pair of the hash at `key` (matching the options) once, as an async
   * iterable over HSCAN.
   * @remarks O(N) for the whole iteration.
   * @see https://redis.io/commands/hscan/
   */
  async *hscanIterator(key: Bytes, options: HScanOptions = {}): AsyncIterableIterator<[string, string]> {
    let cursor = '0';
    do {
      const [next, pairs] = this.hscan(key, cursor, options);
      cursor = next;
      yield* pairs;
    } while (cursor !== '0');
  }

  // ---- byte-level implementations (shared with commands/hashes.ts) -----------------------------

  /** @internal the hash at `key` for reading: null when missing, WRONGTYPE for another type. */
  _hashRead(key: string): Hash | null {
    const v = this.lookupRead(key);
    if (v === undefined) return null;
    if (typeof v === 'string' || v.type !== 'hash') this.wrongType();
    return v as Hash;
  }

  /** @internal hashTypeLookupWriteOrCreate: the hash at `key`, created empty when missing. */
  private hashForWrite(key: string): Hash {
    const v = this.lookupWrite(key);
    if (v === undefined) {
      // Added without setKey's touch: the write that follows reports the key once (hashChanged).
      const db = this.db;
      const h = new Hash(this.hashLimits);
      db.put(key, h);
      this.keyAdded(db, key); // dbAdd
      if (db.access !== null) db.access.set(key, this.clock.now());
      return h;
    }
    if (typeof v === 'string' || v.type !== 'hash') this.wrongType();
    return v as Hash;
  }

  /** Reports a changed hash (signalModifiedKey + notifyKeyspaceEvent); the caller logs it. */
  private hashChanged(key: string, event: string): void {
    const fx = this.effects;
    // Checked here so the common all-off case costs two field reads (see Effects).
    fx.touch(this.db.id, key);
    if (fx.eventing) fx.event(NOTIFY.HASH, event, key, this.db.id);
  }

  /** @internal HSET with a single pair: the typed hot path. */
  _hsetField(key: string, field: string, value: string, ascii = false): number {
    return this._hsetFieldIn(this.hashForWrite(key), key, field, value, ascii);
  }

  /** @internal HSET of one field into `h`, the hash at `key` (already looked up for the write). */
  _hsetFieldIn(h: Hash, key: string, field: string, value: string, ascii: boolean): number {
    const created = h.set(field, value, ascii) ? 1 : 0;
    this.hashChanged(key, 'hset');
    if (this.effects.logging) this.effects.propagate(this.db.id, ['HSET', key, field, value]);
    return created;
  }

  /**
   * @internal HSET / HMSET (hsetCommand) with the pairs at `flat[from ...]` (an even count,
   * checked by the caller); returns the number of fields added. Logged as issued.
   */
  _hset(key: string, flat: readonly string[], from: number, name: 'HSET' | 'HMSET', ascii = false): number {
    const h = this.hashForWrite(key);
    let created = 0;
    for (let i = from; i < flat.length; i += 2) if (h.set(flat[i]!, flat[i + 1]!, ascii)) created++;
    this.hashChanged(key, 'hset');
    if (this.effects.logging) this.effects.propagate(this.db.id, [name, key, ...flat.slice(from)]);
    return created;
  }

  /** @internal HSETNX: false (and nothing logged) when the field exists. */
  _hsetnx(key: string, field: string, value: string, ascii = false): boolean {
    const h = this.hashForWrite(key);
    if (h.has(field)) return false;
    h.set(field, value, ascii);
    this.hashChanged(key, 'hset');
    if (this.effects.logging) this.effects.propagate(this.db.id, ['HSETNX', key, field, value]);
    return true;
  }

  /**
   * @internal HDEL (hdelCommand) with the fields at `fields[from ...]`: returns how many were
   * removed. Deletes the key when it runs empty (and stops there, as Redis does). Logged as
   * issued when anything was removed.
   */
  _hdel(key: string, fields: readonly string[], from: number): number {
    const h = this.hashForDelete(key);
    if (h === null) return 0;
    let deleted = 0;
    let removed = false;
    for (let i = from; i < fields.length; i++) {
      if (h.delete(fields[i]!)) {
        deleted++;
        if (h.size === 0) {
          this.db.remove(key); // reported once, below
          removed = true;
          break;
        }
      }
    }
    if (deleted !== 0) {
      this.hashChanged(key, 'hdel');
      if (this.effects.logging) this.effects.propagate(this.db.id, ['HDEL', key, ...fields.slice(from)]);
      if (removed) this.effects.event(NOTIFY.GENERIC, 'del', key, this.db.id);
    }
    return deleted;
  }

  /** lookupKeyWrite + checkType, without creating. */
  private hashForDelete(key: string): Hash | null {
    const v = this.lookupWrite(key);
    if (v === undefined) return null;
    if (typeof v === 'string' || v.type !== 'hash') this.wrongType();
    return v as Hash;
  }

  /**
   * @internal HINCRBY (hincrbyCommand): `incr` is the parsed increment (a bigint beyond ±2^53),
   * `incrText` what is logged. Returns the new value, a bigint beyond ±2^53.
   */
  _hincrby(
    key: string,
    field: string,
    incr: number | bigint,
    incrText: string,
    fieldAscii = false,
  ): number | bigint {
    const h = this.hashForWrite(key);
    const cur = h.get(field);
    let old = 0;
    let oldBig: bigint | null = null;
    if (cur !== undefined) {
      if (!isCanonicalInt(cur)) fail(HASH_VALUE_NOT_INTEGER);
      if (cur.length <= 15) old = +cur;
      else oldBig = BigInt(cur);
    }
    let result: number | bigint;
    let text: string;
    const fast = oldBig === null && typeof incr === 'number' ? old + incr : Number.NaN;
    if (Number.isSafeInteger(fast)) {
      result = fast;
      text = String(fast);
    } else {
      const big = (oldBig ?? BigInt(old)) + BigInt(incr);
      if (big > INT64_MAX || big < INT64_MIN) fail(OVERFLOW);
      const n = Number(big);
      result = Number.isSafeInteger(n) ? n : big;
      text = big.toString();
    }
    h.set(field, text, fieldAscii);
    this.hashChanged(key, 'hincrby');
    if (this.effects.logging) this.effects.propagate(this.db.id, ['HINCRBY', key, field, incrText]);
    return result;
  }

  /**
   * @internal HINCRBYFLOAT (hincrbyfloatCommand): the increment is checked first (NOT_FLOAT,
   * then an infinite one), then the key (WRONGTYPE), then the stored value and the sum, in long
   * double arithmetic. Logged as `HSET key field result`.
   */
  _hincrbyfloat(key: string, field: string, incr: string, fieldAscii = false): string {
    if (!SMALL_INTEGER.test(incr)) {
      const by = parseLongDouble(incr);
      if (by === null) fail(NOT_FLOAT);
      if (!isFiniteLD(by)) fail(VALUE_NAN_OR_INF);
    }
    const h = this.hashForWrite(key);
    const r = hincrByFloat(h.get(field) ?? null, incr);
    if (!r.ok) {
      if (r.error === 'HASH_VALUE_NOT_FLOAT') fail(HASH_VALUE_NOT_FLOAT);
      if (r.error === 'NAN_OR_INF') fail(NAN_OR_INF);
      fail(r.error === 'NOT_FLOAT' ? NOT_FLOAT : VALUE_NAN_OR_INF);
    }
    const value = r.value;
    h.set(field, value, fieldAscii);
    this.hashChanged(key, 'hincrbyfloat');
    // Logged as the resulting value, so float formatting can never differ on replay.
    if (this.effects.logging) this.effects.propagate(this.db.id, ['HSET', key, field, value]);
    return value;
  }

  /** @internal HGET: null for a missing key or field. */
  _hget(key: string, field: string): string | null {
    const h = this._hashRead(key);
    if (h === null) return null;
    return h.get(field) ?? null;
  }

  /** @internal HMGET with the fields at `fields[from ...]`. */
  _hmget(key: string, fields: readonly string[], from: number): (string | null)[] {
    const h = this._hashRead(key);
    const out = new Array<string | null>(fields.length - from);
    for (let i = from; i < fields.length; i++)
      out[i - from] = h === null ? null : (h.get(fields[i]!) ?? null);
    return out;
  }

  /** @internal */
  _hlen(key: string): number {
    return this._hashRead(key)?.size ?? 0;
  }

  /** @internal */
  _hstrlen(key: string, field: string): number {
    return this._hashRead(key)?.get(field)?.length ?? 0;
  }

  /** @internal */
  _hexists(key: string, field: string): boolean {
    return this._hashRead(key)?.has(field) ?? false;
  }

  /** @internal HKEYS */
  _hkeys(key: string): string[] {
    const h = this._hashRead(key);
    return h === null ? [] : [...h.map.keys()];
  }

  /** @internal HVALS */
  _hvals(key: string): string[] {
    const h = this._hashRead(key);
    return h === null ? [] : [...h.map.values()];
  }

  /** @internal HGETALL as [f1, v1, f2, v2 ...]. */
  _hgetall(key: string): string[] {
    const h = this._hashRead(key);
    if (h === null) return [];
    const out = new Array<string>(h.size * 2);
    let i = 0;
    for (const [f, v] of h.map) {
      out[i++] = f;
      out[i++] = v;
    }
    return out;
  }

  /** @internal HRANDFIELD without a count: null for a missing key. */
  _hrandfield(key: string): string | null {
    const h = this._hashRead(key);
    return h === null ? null : h.randomField(this.hashRand);
  }

  /**
   * @internal HRANDFIELD with a count (hrandfieldWithCountCommand): fields, or [f1, v1, f2, v2
   * ...] with `withValues`; [] for a missing key or a count of 0. A negative count allows
   * repeats; a count of 1 is a single random pick, as in Redis's CASE 1.
   */
  _hrandfieldWithCount(key: string, count: number, withValues: boolean): string[] {
    const h = this._hashRead(key);
    return h === null ? [] : this.hashRandomFields(h, count, withValues);
  }

  /** HRANDFIELD's cases on a looked-up hash (see {@link HashesStore._hrandfieldWithCount}). */
  private hashRandomFields(h: Hash, count: number, withValues: boolean): string[] {
    if (count === 0) return [];
    const rand = this.hashRand;
    const fields =
      count < 0 || count === 1 ? h.randomFields(Math.abs(count), rand) : h.randomDistinctFields(count, rand);
    if (!withValues) return fields;
    const out = new Array<string>(fields.length * 2);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      out[2 * i] = f;
      out[2 * i + 1] = h.get(f)!;
    }
    return out;
  }

  /**
   * @internal HSCAN over a looked-up hash (scanGenericCommand): [next cursor, f1, v1 ...]. A
   * `listpack` hash is returned whole with cursor 0; a `hashtable` one walks a live Map iterator
   * kept in the store's cursor table, `count` fields per call. MATCH filters the fields taken.
   */
  _hscanHash(h: Hash, cursor: bigint, pattern: string | null, count: number): [string, string[]] {
    const match = pattern === null || matchesAllKeys(pattern) ? null : compileGlob(pattern);
    const out: string[] = [];
    let next = 0;
    let batch: Iterable<[string, string]>;
    if (h.encoding() === 'listpack') {
      batch = h.map;
    } else {
      const [id, items] = this.scanCursors.step(cursor, h, () => h.map.entries(), count) as [
        number,
        [string, string][],
      ];
      next = id;
      batch = items;
    }
    for (const [f, v] of batch) if (match === null || match(f)) out.push(f, v);
    return [String(next), out];
  }
}

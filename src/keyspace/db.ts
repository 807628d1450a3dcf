// One logical database, laid out as Redis lays out `db->dict` and `db->expires`: the main map
// holds the value itself (a string value as the JS string, a collection as its structure
// object) and a second map holds expiry times (absolute ms) for volatile keys only. A wrapper
// object per key would cost ~40 B/key (133.5 vs 93.5 B at 1M keys), more than the memory bar
// leaves, so everything else about a key lives in side maps that exist only while in use.

/** A collection value: every data type other than string carries its Redis type name. */
export interface Collection {
  readonly type: 'list' | 'set' | 'zset' | 'hash' | 'stream';
  /** OBJECT ENCODING for this value, by Redis's thresholds. */
  encoding(): string;
  /** A deep copy (COPY). */
  clone(): Collection;
}

/** What a key holds: a byte string, or a collection. */
export type Value = string | Collection;

/** Redis type name of a value, as TYPE replies. */
export function typeOf(v: Value): string {
  return typeof v === 'string' ? 'string' : v.type;
}

/**
 * String encodings that differ from what the value alone implies: APPEND and SETRANGE leave
 * `raw`, INCRBYFLOAT leaves `embstr` even for an integer-looking result (Redis skips
 * tryObjectEncoding there). See {@link stringEncoding}.
 */
export type StringEncodingOverride = 'raw' | 'embstr';

/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
const EMBSTR_SIZE_LIMIT = 44;

/** True when Redis's string2l accepts `s` (a canonical signed 64-bit integer). */
export function isCanonicalInt(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48 /* 0 */) return n === 1;
  if (first < 49 || first > 57) return false;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  if (n - i < 19) return true;
  const big = BigInt(s);
  return big <= 9223372036854775807n && big >= -9223372036854775808n;
}

/** OBJECT ENCODING of a string value, as Redis's tryObjectEncoding leaves it. */
export function stringEncoding(v: string, override: StringEncodingOverride | undefined): string {
  if (override !== undefined) return override;
  if (isCanonicalInt(v)) return 'int';
  return v.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

import { isAscii, toBytes } from '../bytes.js';

export class Db {
  /** Key -> value. */
  dict = new Map<string, Value>();
  /** Key -> absolute expiry time in ms, for volatile keys only. */
  expires = new Map<string, number>();
  /** String encoding overrides (see {@link StringEncodingOverride}); usually empty. */
  encodings = new Map<string, StringEncodingOverride>();
  /** Last access time per key, only while access tracking is on (OBJECT IDLETIME, LRU). */
  access: Map<string, number> | null = null;
  /**
   * Dense array of keys for O(1) random picks (RANDOMKEY, eviction sampling), built on first
   * use. Deleted keys are dropped lazily when picked; it is rebuilt when stale entries dominate.
   */
  sampler: string[] | null = null;

  /**
   * True once a key with a byte >= 0x80 has been added. While false, a typed-API lookup can use
   * the caller's JS string as is: an ASCII key is its own byte string, and a non-ASCII one
   * cannot be present in either form, so the UTF-8 conversion scan is skipped on reads.
   */
  nonAsciiKeys = false;
  /**
   * The db's string-value mode. While false ("text mode") no string value holds a byte >= 0x80:
   * each is either ASCII (its own UTF-8 text) or a typed-API JS string stored *unscanned* (see
   * {@link Db.putText}), so a typed SET never reads the value's characters — the cost that kept
   * it far from `Map.set`. Code that needs a value's bytes converts it with {@link Db.bytes}
   * (free in bytes mode and for ASCII). The first non-ASCII *byte* value stored switches the db
   * to bytes mode for good (until it is emptied): every unscanned text value is converted to its
   * UTF-8 bytes in one O(N) pass, and from then on all values are byte strings, like Redis's.
   * One visible difference: a JS string that is not valid UTF-16 (a lone surrogate) is stored as
   * U+FFFD in UTF-8, as always, but the typed GET returns it as given while the db is in text mode.
   */
  nonAsciiValues = false;

  /**
   * True once a collection (list, hash, set, zset, stream) was stored in this db, until it is
   * emptied. While false every value is a string, so the typed GET skips the type check — the
   * one read of the value's memory that `Map.get` never makes.
   */
  collections = false;

  constructor(readonly id: number) {}

  get size(): number {
    return this.dict.size;
  }

  /** Stores `value` at `key`, keeping any TTL and clearing a string encoding override. */
  put(key: string, value: Value, asciiValue = false): void {
    const dict = this.dict;
    // `asciiValue`: the caller already scanned the value (typed API), so it is not scanned twice.
    if (!this.nonAsciiValues && !asciiValue && typeof value === 'string' && !isAscii(value)) {
      this.enterBytesMode();
    }
    if (!this.collections && typeof value !== 'string') this.collections = true;
    const before = dict.size;
    dict.set(key, value);
    if (dict.size !== before) {
      // A new key: only these can change the key-set properties below.
      if (this.sampler !== null) this.sampler.push(key);
      if (!this.nonAsciiKeys && !isAscii(key)) this.nonAsciiKeys = true;
    }
    if (this.encodings.size !== 0) this.encodings.delete(key);
  }

  /**
   * Bulk {@link put} of byte-string values without a TTL (a snapshot frame): `values[i]` at
   * `keys[i]`, each clearing any TTL and string encoding override of its key. The ASCII scans
   * run once per batch (over the joined strings) instead of once per string, and the map is
   * written in a tight loop. Returns the number of keys that were new. `keysAscii` /
   * `valuesAscii`: what the caller already knows (a decoder that saw the bytes), so the scans
   * are skipped; scanned here when omitted.
   * @remarks O(N) for N keys.
   */
  putStrings(
    keys: readonly string[],
    values: readonly string[],
    keysAscii?: boolean,
    valuesAscii?: boolean,
  ): number {
    const n = keys.length;
    if (!this.nonAsciiValues && !(valuesAscii ?? isAscii(values.join('')))) this.enterBytesMode();
    const dict = this.dict;
    const before = dict.size;
    const sampler = this.sampler;
    if (sampler === null) {
      for (let i = 0; i < n; i++) dict.set(keys[i]!, values[i]!);
    } else {
      for (let i = 0; i < n; i++) {
        const size = dict.size;
        const k = keys[i]!;
        dict.set(k, values[i]!);
        if (dict.size !== size) sampler.push(k);
      }
    }
    const added = dict.size - before;
    // Only a new key can be non-ASCII while `nonAsciiKeys` is false (an existing one set it).
    if (added !== 0 && !this.nonAsciiKeys && !(keysAscii ?? isAscii(keys.join('')))) this.nonAsciiKeys = true;
    if (added !== n) {
      // Some keys existed: drop what put() drops for them.
      const expires = this.expires;
      const encodings = this.encodings;
      if (expires.size !== 0) for (let i = 0; i < n; i++) expires.delete(keys[i]!);
      if (encodings.size !== 0) for (let i = 0; i < n; i++) encodings.delete(keys[i]!);
    }
    return added;
  }

  /**
   * Text-mode store of a typed-API string: `key` and `value` are the caller's JS strings,
   * neither scanned. An existing key proves `key` is ASCII while no non-ASCII key exists (a
   * non-ASCII JS string could not be present), so only a new key is scanned; a non-ASCII new key
   * is stored as its UTF-8 bytes instead. Returns the key as stored. Only valid while
   * `!nonAsciiValues` (the caller checks). Clears a string encoding override; keeps any TTL.
   * @remarks O(1); O(len(key)) for a new key.
   */
  putText(key: string, value: string): string {
    const dict = this.dict;
    const before = dict.size;
    if (!this.nonAsciiKeys) {
      dict.set(key, value);
      if (dict.size === before) {
        if (this.encodings.size !== 0) this.encodings.delete(key);
        return key;
      }
      if (isAscii(key)) {
        if (this.sampler !== null) this.sampler.push(key);
        return key;
      }
      dict.delete(key);
    }
    const k = toBytes(key);
    const n = dict.size;
    dict.set(k, value);
    if (dict.size !== n) {
      if (this.sampler !== null) this.sampler.push(k);
      if (!this.nonAsciiKeys && !isAscii(k)) this.nonAsciiKeys = true;
    }
    if (this.encodings.size !== 0) this.encodings.delete(k);
    return k;
  }

  /**
   * The bytes of a string value of this db: in text mode an unscanned typed-API string is
   * converted to UTF-8 (ASCII is returned as is); in bytes mode the value itself.
   * @remarks O(1) in bytes mode; O(len) in text mode.
   */
  bytes(v: string): string {
    return this.nonAsciiValues ? v : toBytes(v);
  }

  /**
   * Leaves text mode: converts every unscanned non-ASCII text value to its UTF-8 bytes, then
   * marks the db as holding byte values. Runs once per db (until it is emptied).
   * @remarks O(N) over the db's keys.
   */
  enterBytesMode(): void {
    if (this.nonAsciiValues) return;
    const dict = this.dict;
    for (const [k, v] of dict) {
      // Setting an existing key during iteration keeps its place and visits nothing twice.
      if (typeof v === 'string' && !isAscii(v)) dict.set(k, toBytes(v));
    }
    this.nonAsciiValues = true;
  }

  /** Removes `key` and everything attached to it. Returns false when it did not exist. */
  remove(key: string): boolean {
    if (!this.dict.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.encodings.size !== 0) this.encodings.delete(key);
    if (this.access !== null) this.access.delete(key);
    return true;
  }

  /** Removes every key. */
  clear(): void {
    this.dict.clear();
    this.expires.clear();
    this.encodings.clear();
    this.access?.clear();
    this.sampler = null;
    this.nonAsciiKeys = false;
    this.nonAsciiValues = false;
    this.collections = false;
  }

  /** A key picked uniformly at random among present keys (O(1) amortised), or undefined. */
  randomKey(rand: (n: number) => number): string | undefined {
    const dict = this.dict;
    if (dict.size === 0) return undefined;
    let s = this.sampler;
    if (s === null || s.length > 2 * dict.size + 64) s = this.sampler = [...dict.keys()];
    for (;;) {
      const i = rand(s.length);
      const k = s[i]!;
      if (dict.has(k)) return k;
      s[i] = s[s.length - 1]!;
      s.pop();
    }
  }

  /** Throws when a side map names a key the main map lacks (property tests). */
  checkValid(): void {
    for (const key of this.expires.keys()) if (!this.dict.has(key)) throw new Error(`Db: TTL on missing key`);
    if (!this.collections)
      for (const v of this.dict.values())
        if (typeof v !== 'string') throw new Error('Db: a collection while `collections` is false');
    for (const key of this.encodings.keys()) {
      if (typeof this.dict.get(key) !== 'string') throw new Error('Db: encoding override on a non-string');
    }
    if (this.access !== null)
      for (const key of this.access.keys())
        if (!this.dict.has(key)) throw new Error('Db: access time on missing key');
  }

  /** Exchanges the contents of this Db with `other` (SWAPDB). */
  swapWith(other: Db): void {
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.encodings, other.encodings] = [other.encodings, this.encodings];
    [this.access, other.access] = [other.access, this.access];
    [this.sampler, other.sampler] = [other.sampler, this.sampler];
    [this.nonAsciiKeys, other.nonAsciiKeys] = [other.nonAsciiKeys, this.nonAsciiKeys];
    [this.nonAsciiValues, other.nonAsciiValues] = [other.nonAsciiValues, this.nonAsciiValues];
    [this.collections, other.collections] = [other.collections, this.collections];
  }
}

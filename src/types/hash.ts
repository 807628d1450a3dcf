// Hashes (Redis 7.0 `t_hash.c`): a Map from field to value, both byte strings. A JS Map keeps
// insertion order, with an overwritten field keeping its place and a new one going last — the
// order of a listpack, where Redis replaces a value in place and appends new pairs at the tail —
// so HGETALL, HKEYS and HSCAN list a small hash in exactly Redis's order. A `hashtable`-encoded
// hash is in dict order in Redis, which no client may rely on.
//
// Random fields (HRANDFIELD) need O(1) access by position, which a Map lacks. The first random
// pick builds a dense array of the fields plus a field -> slot index, and from then on every
// insert appends and every delete swap-removes, both O(1). A hash nobody samples pays nothing.
// Measured at 100k fields (benchmarks/hash-set.ts), bytes per field beyond the strings: a bare
// Map 37, this Hash 37 until its first random pick and 81 after; the design not taken, values
// in a parallel array behind an always-kept field -> slot Map, 55 for every hash. Most hashes
// are never sampled, so paying only on first use wins; HSET/HGET cost the same either way.
//
// Encoding (OBJECT ENCODING) follows Redis 7.0's conversions, though the structure is the same
// for both: a hash starts as `listpack` and turns `hashtable` for good once it holds more than
// hash-max-listpack-entries fields, or once a field or value longer than hash-max-listpack-value
// bytes is written (hashTypeSet; HSET's hashTypeTryConversion looks at the same arguments). A
// hash never turns back: deletes keep `hashtable`, and COPY keeps the encoding (hashTypeDup).

import type { Collection } from '../keyspace/db.js';

/**
 * Redis's listpack thresholds for hashes. Held by reference, so a store that applies CONFIG SET
 * to the one object it passes to every hash changes them for all hashes at once, as Redis reads
 * `server.hash_max_listpack_*` at each check.
 */
export interface HashLimits {
  /**
   * hash-max-listpack-entries (512 in Redis 7.0's config.c and redis.conf; 128 is the sorted
   * set's zset-max-listpack-entries).
   * @default 512
   */
  maxListpackEntries: number;
  /**
   * hash-max-listpack-value, in bytes.
   * @default 64
   */
  maxListpackValue: number;
}

/** Redis 7.0's defaults for {@link HashLimits}. */
export const HASH_DEFAULT_LIMITS: Readonly<HashLimits> = Object.freeze({
  maxListpackEntries: 512,
  maxListpackValue: 64,
});

/** OBJECT ENCODING of a hash. */
export type HashEncoding = 'listpack' | 'hashtable';

/**
 * HRANDFIELD_SUB_STRATEGY_MUL: when the hash holds fewer than this many times the fields asked
 * for, copying it and removing random fields beats drawing random fields until enough are
 * distinct (t_hash.c's CASE 3 versus CASE 4).
 */
const SUB_STRATEGY_MUL = 3;

/**
 * Up to this many distinct picks are checked for repeats by scanning the picks so far rather
 * than through a Set (HRANDFIELD 10 on a 1k-field hash: 0.5 µs instead of 0.8 µs).
 */
const SMALL_PICK = 16;

/** A uniform random integer in [0, n). */
export type RandomInt = (n: number) => number;

/** The random-pick index: every field once, in no particular order, and each one's slot. */
interface FieldIndex {
  fields: string[];
  slots: Map<string, number>;
}

export class Hash implements Collection {
  // Four slots beside the Map: the limits matter only while the hash is a listpack, so null
  // doubles as the `hashtable` flag.
  /** Field -> value, in listpack order (see the file header). */
  private dict = new Map<string, string>();
  /** The listpack thresholds while `listpack`; null once `hashtable`. */
  private limits: Readonly<HashLimits> | null;
  /** The random-pick index, null until the first random pick. */
  private index: FieldIndex | null = null;
  /** See {@link Hash.asciiOnly}. */
  private ascii = true;

  /**
   * An empty hash.
   * @param limits - the listpack thresholds, held by reference (see {@link HashLimits})
   * @param encoding - the encoding to start with; `hashtable` for a copy of such a hash
   */
  constructor(limits: Readonly<HashLimits> = HASH_DEFAULT_LIMITS, encoding: HashEncoding = 'listpack') {
    this.limits = encoding === 'listpack' ? limits : null;
  }

  /**
   * A hash holding `entries`, set in order (a repeated field keeps its last value), with the
   * encoding those writes lead to.
   * @remarks O(N)
   */
  static from(entries: Iterable<readonly [string, string]>, limits?: Readonly<HashLimits>): Hash {
    const h = new Hash(limits);
    for (const [f, v] of entries) h.set(f, v);
    return h;
  }

  /** The Redis type name. */
  get type(): 'hash' {
    return 'hash';
  }

  /**
   * Number of fields (HLEN).
   * @remarks O(1)
   */
  get size(): number {
    return this.dict.size;
  }

  /**
   * OBJECT ENCODING, tracking Redis 7.0's conversions (see the file header).
   * @remarks O(1)
   */
  encoding(): HashEncoding {
    return this.limits !== null ? 'listpack' : 'hashtable';
  }

  /**
   * The field-to-value map, read-only, in listpack order: iteration for HGETALL, HKEYS, HVALS
   * and HSCAN.
   * @remarks O(1)
   */
  get map(): ReadonlyMap<string, string> {
    return this.dict;
  }

  /**
   * True while every field and value is known to be ASCII, because every write vouched for it
   * (see {@link Hash.set}): the typed API then hands byte strings out as they are, skipping the
   * UTF-8 decoding that costs a scan per string (a third of a typed HGET). A conservative hint:
   * false says nothing, and deleting the non-ASCII entries does not bring it back.
   * @remarks O(1)
   */
  get asciiOnly(): boolean {
    return this.ascii;
  }

  /**
   * The value of `field`, or undefined.
   * @remarks O(1)
   */
  get(field: string): string | undefined {
    return this.dict.get(field);
  }

  /**
   * Whether `field` is present.
   * @remarks O(1)
   */
  has(field: string): boolean {
    return this.dict.has(field);
  }

  /**
   * Sets `field` to `value`; returns true when the field is new, false when it was updated in
   * place. Converts to `hashtable` as Redis's hashTypeSet does: before the write when the field
   * or the value is longer than hash-max-listpack-value, after it when the hash has grown past
   * hash-max-listpack-entries. `ascii`: the caller knows both strings are ASCII (else
   * {@link Hash.asciiOnly} turns false).
   * @remarks O(1)
   */
  set(field: string, value: string, ascii = false): boolean {
    if (!ascii) this.ascii = false;
    const dict = this.dict;
    let limits = this.limits;
    if (limits !== null) {
      const max = limits.maxListpackValue;
      if (field.length > max || value.length > max) limits = this.limits = null;
    }
    const before = dict.size;
    dict.set(field, value);
    if (dict.size === before) return false;
    const index = this.index;
    if (index !== null) {
      index.slots.set(field, index.fields.length);
      index.fields.push(field);
    }
    if (limits !== null && dict.size > limits.maxListpackEntries) this.limits = null;
    return true;
  }

  /**
   * Removes `field`; returns false when it was absent. The encoding stays as it is.
   * @remarks O(1)
   */
  delete(field: string): boolean {
    if (!this.dict.delete(field)) return false;
    const index = this.index;
    if (index !== null) {
      const { fields, slots } = index;
      const i = slots.get(field)!;
      slots.delete(field);
      const last = fields.pop()!;
      if (i < fields.length) {
        fields[i] = last;
        slots.set(last, i);
      }
    }
    return true;
  }

  /**
   * A field picked uniformly at random. The hash must not be empty.
   * @remarks O(1); O(N) once, on the first pick, to build the index.
   */
  randomField(rand: RandomInt): string {
    const fields = (this.index ?? this.buildIndex()).fields;
    return fields[rand(fields.length)]!;
  }

  /**
   * `count` fields picked independently and uniformly, repeats allowed, in random order
   * (HRANDFIELD with a negative count, and a count of 1). The hash must not be empty.
   * @remarks O(count)
   */
  randomFields(count: number, rand: RandomInt): string[] {
    const fields = (this.index ?? this.buildIndex()).fields;
    const n = fields.length;
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = fields[rand(n)]!;
    return out;
  }

  /**
   * `min(count, size)` distinct fields chosen uniformly (HRANDFIELD with a positive count,
   * hrandfieldWithCountCommand's cases 2 to 4): every field, in hash order, when `count` covers
   * the hash; when the hash is less than three times `count`, a copy with random fields removed
   * until `count` remain; otherwise distinct random picks — drawn in order by selection sampling
   * while `listpack` (as lpRandomPairsUnique does), by rejection of repeats from the index
   * otherwise, which needs under 1.5 draws per field at this ratio.
   * @remarks O(count)
   */
  randomDistinctFields(count: number, rand: RandomInt): string[] {
    const dict = this.dict;
    const size = dict.size;
    if (count >= size) return [...dict.keys()];
    if (count * SUB_STRATEGY_MUL > size) {
      const all = [...dict.keys()];
      for (let n = size; n > count; n--) {
        const i = rand(n);
        all[i] = all[n - 1]!;
      }
      all.length = count;
      return all;
    }
    const out: string[] = [];
    if (this.limits !== null) {
      // Knuth's algorithm S: field k of the remaining `left` is taken with probability need/left.
      let left = size;
      for (const f of dict.keys()) {
        if (rand(left) < count - out.length) {
          out.push(f);
          if (out.length === count) break;
        }
        left--;
      }
      return out;
    }
    const fields = (this.index ?? this.buildIndex()).fields;
    if (count <= SMALL_PICK) {
      // A few picks: scanning them for a repeat beats hashing into a Set.
      while (out.length < count) {
        const f = fields[rand(size)]!;
        if (!out.includes(f)) out.push(f);
      }
      return out;
    }
    const seen = new Set<string>();
    while (out.length < count) {
      const f = fields[rand(size)]!;
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
    }
    return out;
  }

  private buildIndex(): FieldIndex {
    const fields = [...this.dict.keys()];
    const slots = new Map<string, number>();
    for (let i = 0; i < fields.length; i++) slots.set(fields[i]!, i);
    const index = { fields, slots };
    this.index = index;
    return index;
  }

  /**
   * A copy with the same encoding and limits (COPY: Redis's hashTypeDup keeps the encoding).
   * The random-pick index is not copied; the copy builds its own when first sampled.
   * @remarks O(N)
   */
  clone(): Hash {
    const h = new Hash(this.limits ?? HASH_DEFAULT_LIMITS, this.encoding());
    h.dict = new Map(this.dict);
    h.ascii = this.ascii;
    return h;
  }

  /**
   * Throws unless every invariant holds: byte-string fields and values (ASCII ones while
   * {@link Hash.asciiOnly}), the random-pick index
   * (when built) holding each field exactly once at the slot its index says, and, while
   * `listpack`, no more fields than hash-max-listpack-entries and none longer than
   * hash-max-listpack-value (limits lowered after the fact aside). For property tests.
   * @remarks O(N) in the total size of the fields and values.
   */
  checkValid(): void {
    const fail = (msg: string): never => {
      throw new Error(`Hash: ${msg}`);
    };
    const dict = this.dict;
    const limits = this.limits;
    for (const [f, v] of dict) {
      if (typeof f !== 'string' || typeof v !== 'string') fail('a field or value is not a string');
      if (!isByteString(f) || !isByteString(v)) fail(`not a byte string: ${JSON.stringify(f)}`);
      if (this.ascii && !(isAscii(f) && isAscii(v))) fail(`asciiOnly, but ${JSON.stringify(f)} is not`);
      if (limits !== null && (f.length > limits.maxListpackValue || v.length > limits.maxListpackValue))
        fail(`listpack holds a string over ${limits.maxListpackValue} bytes`);
    }
    if (limits !== null && dict.size > limits.maxListpackEntries) {
      fail(`listpack holds ${dict.size} > ${limits.maxListpackEntries} fields`);
    }
    const index = this.index;
    if (index !== null) {
      const { fields, slots } = index;
      if (fields.length !== dict.size) fail(`index holds ${fields.length} fields, map ${dict.size}`);
      if (slots.size !== dict.size) fail(`slots hold ${slots.size} fields, map ${dict.size}`);
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        if (!dict.has(f)) fail(`index slot ${i} holds a missing field`);
        if (slots.get(f) !== i) fail(`slot of ${JSON.stringify(f)} is ${slots.get(f)}, not ${i}`);
      }
    }
  }
}

function isByteString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

// The set type (Redis 7.0 t_set.c + intset.c). Redis 7.0 has two set encodings (the listpack one
// came in 7.2), and so does this class:
//
// - intset: while every member is an integer that Redis's string2ll accepts (canonical decimal,
//   within int64) and there are at most set-max-intset-entries of them, the members are kept in
//   one array sorted by value — Redis's intset. Lookups are binary searches, inserts and removals
//   shift the array (O(N) with N <= 512, as intsetAdd's memmove), and iteration is in ascending
//   numeric order, which is what SMEMBERS, SSCAN and SINTER reply for such a set in Redis.
// - hashtable: otherwise, a JS Set, which alone answers SADD / SREM / SISMEMBER with one hash
//   probe each. Random reads (SRANDMEMBER, SPOP) use a sampler: a dense array holding every
//   member once, built on the first random read (Array.from: ~10 ms at 1M members) and kept up
//   to date by SADD (a push). SREM does not search it: the removed member is noted in `stale`
//   and its entry is dropped when a random read lands on it (or revived if the member comes
//   back first), so the sampler holds each member once plus each stale member once, and a draw
//   is uniform over members after rejecting stale entries. Once stale entries outnumber the
//   members the sampler is dropped (O(1)) and the next random read rebuilds it, so a draw takes
//   fewer than 2 tries on average and every rebuild is paid for by the inserts or removals
//   since the last one: O(1) amortised per member returned. A pop is a swap with the last entry.
//   Measured at 100k members (benchmarks/set.ts): 26-29 B per member beyond the member strings
//   without a sampler, 34 B with one, where a Map from member to slot plus an array costs 45 B
//   and takes 0.6-1.1 s to build at 1M members (the sampler: ~10 ms). SSCAN walks the Set,
//   whose iterators survive concurrent changes (see scan-cursors.ts).
//
// Conversion is one-way, as in Redis (setTypeAdd → setTypeConvert): a non-integer member or the
// 513th one turns an intset into a hashtable, and removals never turn it back. Only a set that
// Redis rebuilds from scratch (SPOP's "create new set" strategy, STORE results) can start over as
// an intset: see {@link RedisSet.reencode} and {@link RedisSet.from}.

import { isAscii } from '../bytes.js';
import type { Collection } from '../keyspace/db.js';

/**
 * Redis's set thresholds. Held by reference, so a store that applies CONFIG SET to the one object
 * it passes to every set changes it for all sets at once, as Redis reads
 * `server.set_max_intset_entries` at each insert.
 */
export interface SetLimits {
  /**
   * set-max-intset-entries.
   * @default 512
   */
  maxIntsetEntries: number;
}

/** Redis 7.0's defaults for {@link SetLimits}. */
export const SET_DEFAULT_LIMITS: Readonly<SetLimits> = Object.freeze({ maxIntsetEntries: 512 });

/** setTypeAdd caps the intset at 2^30 entries whatever the config ("intset internals"). */
const INTSET_HARD_LIMIT = 1 << 30;

/**
 * SRANDMEMBER_SUB_STRATEGY_MUL: when the set is at most this many times larger than the count
 * asked for, distinct random members are drawn by shuffling a copy (O(size) = O(count)) rather
 * than by drawing until enough distinct ones came up.
 */
const SUB_STRATEGY_MUL = 3;

/**
 * Up to this many members an intset insert builds an exactly sized array rather than growing
 * the old one: V8 gives a pushed-to empty array room for 17 (152 B), more than a small set's
 * members cost.
 */
const SMALL_INTSET = 16;

/** The `items` of every set that has none: never written to (see add / toHashtable). */
const NO_ITEMS: string[] = [];

/** OBJECT ENCODING of a set. */
export type SetEncoding = 'intset' | 'hashtable';

/**
 * True when Redis's string2ll accepts `s`, so an intset can hold it: a canonical signed decimal
 * (no `+`, no leading zeros, no `-0`, no spaces) within int64. Kept here rather than imported
 * from the keyspace layer, and without BigInt, since every insert into an intset calls it.
 */
export function isInt64(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 45 /* - */) {
    if (n === 1) return false;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c === 48 /* 0 */) return n === 1;
  if (c < 49 || c > 57) return false;
  for (let j = i + 1; j < n; j++) {
    c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  const digits = n - i;
  if (digits !== 19) return digits < 19;
  // 19 digits: compare with the int64 limits as text (same length, so lexical order is numeric).
  return i === 0 ? s <= '9223372036854775807' : s <= '-9223372036854775808';
}

/**
 * Numeric order of two strings that {@link isInt64} accepts (intset order): by sign, then by
 * number of digits, then lexically.
 */
export function compareInt64(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45;
  if (an !== (b.charCodeAt(0) === 45)) return an ? -1 : 1;
  const c = a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  return an ? -c : c;
}

/**
 * Position of `m` in the sorted intset array `items`, or `-(insertion point) - 1` when absent.
 * A string that is not an integer is never equal to a member, so a search for one just fails.
 */
function intsetSearch(items: string[], m: string): number {
  let lo = 0;
  let hi = items.length - 1;
  // Appends in ascending order (ids, counters) are the common case: check the end first.
  if (hi >= 0) {
    const c = compareInt64(m, items[hi]!);
    if (c > 0) return -(hi + 1) - 1;
    if (c === 0) return hi;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareInt64(items[mid]!, m);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/**
 * A Redis set: distinct byte strings with O(1) membership, insert and delete, and a random member
 * in O(1) amortised (see the header comment); O(log N) / O(N) with N <= set-max-intset-entries
 * while intset-encoded, as in Redis. Iteration order is Redis's for intsets (ascending values)
 * and unspecified for hashtables.
 */
export class RedisSet implements Collection {
  /**
   * Intset: the members sorted by value; empty while a hashtable. Read-only outside this class.
   * @internal
   */
  items: string[] = NO_ITEMS;
  /**
   * Hashtable: the members; null while an intset.
   * @internal
   */
  plain: Set<string> | null = null;
  /**
   * Hashtable with a sampler: every member once, plus one entry per member of `stale`.
   * @internal
   */
  sampler: string[] | null = null;
  /**
   * Members removed since the sampler was built whose entry is still in it (null: none yet).
   * @internal
   */
  stale: Set<string> | null = null;

  /**
   * False while no member added so far had a byte >= 0x80 (members are only ever added, so a
   * removal may leave it true). While false, the typed API can look members up by the caller's
   * JS string: an ASCII string is its own byte string and a non-ASCII one cannot be a member.
   */
  nonAscii = false;

  constructor(readonly limits: Readonly<SetLimits> = SET_DEFAULT_LIMITS) {}

  get type(): 'set' {
    return 'set';
  }

  /**
   * Number of members.
   * @remarks O(1).
   * @see https://redis.io/commands/scard/
   */
  get size(): number {
    const plain = this.plain;
    return plain !== null ? plain.size : this.items.length;
  }

  /**
   * A set built as Redis builds a new one (setTypeCreate + setTypeAdd): an intset while every
   * member is an integer and they fit, else a hashtable. Duplicates are ignored.
   * @remarks O(N), O(N log N) while intset-encoded.
   */
  static from(members: Iterable<string>, limits: Readonly<SetLimits> = SET_DEFAULT_LIMITS): RedisSet {
    const s = new RedisSet(limits);
    for (const m of members) s.add(m);
    return s;
  }

  /** OBJECT ENCODING: `intset` or `hashtable` (Redis 7.0 has no listpack sets). */
  encoding(): SetEncoding {
    return this.plain === null ? 'intset' : 'hashtable';
  }

  /** True while intset-encoded. */
  get isIntset(): boolean {
    return this.plain === null;
  }

  /**
   * A copy with the same encoding (setTypeDup), sharing the immutable strings (COPY). The copy
   * builds its own sampler when it needs one.
   * @remarks O(N).
   */
  clone(): RedisSet {
    const c = new RedisSet(this.limits);
    if (this.items.length !== 0) c.items = this.items.slice();
    c.plain = this.plain === null ? null : new Set(this.plain);
    c.nonAscii = this.nonAscii;
    return c;
  }

  /**
   * True when `m` is a member.
   * @remarks O(1); O(log N) while intset-encoded.
   * @see https://redis.io/commands/sismember/
   */
  has(m: string): boolean {
    const plain = this.plain;
    if (plain !== null) return plain.has(m);
    return intsetSearch(this.items, m) >= 0;
  }

  /**
   * Adds `m`; false when it was already a member. May convert an intset to a hashtable.
   * @remarks O(1) amortised; O(N) while intset-encoded (N <= set-max-intset-entries).
   * @see https://redis.io/commands/sadd/
   */
  add(m: string): boolean {
    const plain = this.plain;
    if (plain !== null) {
      // One probe: the size tells whether it was new.
      const n = plain.size;
      if (plain.add(m).size === n) return false;
      if (!this.nonAscii && !isAscii(m)) this.nonAscii = true;
      const sampler = this.sampler;
      if (sampler !== null) {
        // A member removed and added back finds its stale entry live again.
        const stale = this.stale;
        if (stale === null || stale.size === 0 || !stale.delete(m)) sampler.push(m);
      }
      return true;
    }
    const items = this.items;
    if (!isInt64(m)) {
      this.toHashtable().add(m);
      if (!this.nonAscii && !isAscii(m)) this.nonAscii = true;
      return true;
    }
    // An intset member is a canonical integer: ASCII.
    const at = intsetSearch(items, m);
    if (at >= 0) return false;
    const pos = -at - 1;
    const n = items.length;
    if (n < SMALL_INTSET) {
      const next = new Array<string>(n + 1);
      for (let i = 0; i < pos; i++) next[i] = items[i]!;
      next[pos] = m;
      for (let i = pos; i < n; i++) next[i + 1] = items[i]!;
      this.items = next;
    } else if (pos === n) items.push(m);
    else items.splice(pos, 0, m);
    if (n + 1 > Math.min(this.limits.maxIntsetEntries, INTSET_HARD_LIMIT)) this.toHashtable();
    return true;
  }

  /**
   * Removes `m`; false when it was not a member. Never changes the encoding.
   * @remarks O(1); O(N) while intset-encoded.
   * @see https://redis.io/commands/srem/
   */
  delete(m: string): boolean {
    const plain = this.plain;
    if (plain === null) {
      const at = intsetSearch(this.items, m);
      if (at < 0) return false;
      this.items.splice(at, 1);
      return true;
    }
    if (!plain.delete(m)) return false;
    if (this.sampler !== null) {
      (this.stale ??= new Set()).add(m);
      this.limitStale();
    }
    return true;
  }

  /**
   * A uniformly random member of a non-empty set; `rand(n)` returns an integer in [0, n).
   * @remarks O(1) amortised (see the header comment).
   * @see https://redis.io/commands/srandmember/
   */
  random(rand: (n: number) => number): string {
    if (this.plain === null) return this.items[rand(this.items.length)]!;
    const sampler = this.sampler ?? this.buildSampler();
    return sampler[this.liveSlot(sampler, rand)]!;
  }

  /**
   * Removes and returns a uniformly random member of a non-empty set.
   * @remarks O(1) amortised; O(N) while intset-encoded.
   * @see https://redis.io/commands/spop/
   */
  popRandom(rand: (n: number) => number): string {
    const plain = this.plain;
    if (plain === null) {
      const items = this.items;
      const slot = rand(items.length);
      const m = items[slot]!;
      items.splice(slot, 1);
      return m;
    }
    const sampler = this.sampler ?? this.buildSampler();
    const slot = this.liveSlot(sampler, rand);
    const m = sampler[slot]!;
    plain.delete(m);
    removeSlot(sampler, slot);
    this.limitStale();
    return m;
  }

  /**
   * `count` distinct members picked uniformly at random, in random order, for 0 < count < size
   * (SRANDMEMBER's positive counts below the set size). The set is left unchanged.
   * @remarks O(count): a shuffled copy when the set is less than 3x count (Redis's CASE 3),
   * else draws until `count` distinct members came up (CASE 4, expected < 1.5 draws each).
   */
  randomDistinct(count: number, rand: (n: number) => number): string[] {
    const n = this.size;
    if (count * SUB_STRATEGY_MUL > n) {
      const copy = this.members();
      for (let i = 0; i < count; i++) {
        const j = i + rand(n - i);
        const t = copy[i]!;
        copy[i] = copy[j]!;
        copy[j] = t;
      }
      copy.length = count;
      return copy;
    }
    const picked = new Set<string>();
    while (picked.size < count) picked.add(this.random(rand));
    return [...picked];
  }

  /**
   * Every member, in iteration order (ascending values for an intset).
   * @remarks O(N).
   * @see https://redis.io/commands/smembers/
   */
  members(): string[] {
    const plain = this.plain;
    return plain !== null ? Array.from(plain) : this.items.slice();
  }

  /**
   * The members in iteration order, for a read that does not change the set while it walks.
   * @remarks O(1); walking it is O(N).
   */
  each(): Iterable<string> {
    return this.plain ?? this.items;
  }

  /**
   * An iterator over the members that stays valid while the set changes (SSCAN): every member
   * present from its start to its end is visited once. For a hashtable; an intset is small and
   * scanned in one call, as Redis does.
   * @remarks O(1) per member.
   */
  scanIterator(): Iterator<string> {
    const plain = this.plain;
    return plain !== null ? plain.values() : this.items.slice().values();
  }

  /**
   * Gives the set the encoding Redis gives a set built afresh from its members: an intset when
   * every member is an integer and they fit. SPOP's "create new set" strategy rebuilds the set
   * from the members that stay, so a hashtable can come back as an intset there.
   * @remarks O(N), O(N log N) when it becomes an intset.
   */
  reencode(): void {
    if (this.isIntset || this.size > Math.min(this.limits.maxIntsetEntries, INTSET_HARD_LIMIT)) return;
    const members = this.members();
    for (let i = 0; i < members.length; i++) if (!isInt64(members[i]!)) return;
    this.items = members.sort(compareInt64);
    this.plain = null;
    this.sampler = null;
    this.stale = null;
  }

  /** Throws when a structural invariant is broken (property tests). @remarks O(N log N). */
  checkValid(): void {
    const fail = (what: string): never => {
      throw new Error(`RedisSet: ${what}`);
    };
    const items = this.items;
    const plain = this.plain;
    if (NO_ITEMS.length !== 0) fail('the shared empty items array was written to');
    if (!this.nonAscii && plain !== null)
      for (const m of plain) if (!isAscii(m)) fail('non-ASCII member while nonAscii is false');
    if (plain === null) {
      if (this.sampler !== null || this.stale !== null) fail('intset with a sampler');
      if (items.length > Math.min(this.limits.maxIntsetEntries, INTSET_HARD_LIMIT))
        fail(`intset of ${items.length} members`);
      for (let i = 0; i < items.length; i++) {
        if (typeof items[i] !== 'string' || !isInt64(items[i]!))
          fail(`intset holds ${JSON.stringify(items[i])}`);
        if (i > 0 && compareInt64(items[i - 1]!, items[i]!) >= 0) fail(`intset unsorted at ${i}`);
      }
      return;
    }
    if (items !== NO_ITEMS) fail('hashtable with intset items');
    for (const m of plain) if (typeof m !== 'string') fail(`member of type ${typeof m}`);
    const sampler = this.sampler;
    const stale = this.stale;
    if (sampler === null) {
      if (stale !== null) fail('stale members without a sampler');
      return;
    }
    if (stale !== null) {
      if (stale.size > plain.size) fail(`${stale.size} stale entries for ${plain.size} members`);
      for (const m of stale) if (plain.has(m)) fail(`member ${JSON.stringify(m)} marked stale`);
    }
    const entries = new Map<string, number>();
    for (const m of sampler) entries.set(m, (entries.get(m) ?? 0) + 1);
    for (const [m, n] of entries) {
      if (n !== 1) fail(`${n} sampler entries for ${JSON.stringify(m)}`);
      if (!plain.has(m) && !stale?.has(m))
        fail(`sampler entry ${JSON.stringify(m)} neither member nor stale`);
    }
    for (const m of plain) if (!entries.has(m)) fail(`member ${JSON.stringify(m)} missing from the sampler`);
    for (const m of stale ?? [])
      if (!entries.has(m)) fail(`stale ${JSON.stringify(m)} missing from the sampler`);
  }

  /** Intset -> hashtable; returns the new Set. */
  private toHashtable(): Set<string> {
    const plain = new Set(this.items);
    this.plain = plain;
    this.items = NO_ITEMS;
    return plain;
  }

  /**
   * Stale entries may not outnumber the members (a draw then takes < 2 tries on average): past
   * that the sampler is dropped, and the next random read rebuilds it from the members.
   */
  private limitStale(): void {
    const stale = this.stale;
    if (stale !== null && stale.size > this.plain!.size) {
      this.sampler = null;
      this.stale = null;
    }
  }

  /** The sampler of a hashtable, built from its members. */
  private buildSampler(): string[] {
    const sampler = Array.from(this.plain!);
    this.sampler = sampler;
    this.stale = null;
    return sampler;
  }

  /** A uniformly random slot of `sampler` holding a member; stale entries drawn are dropped. */
  private liveSlot(sampler: string[], rand: (n: number) => number): number {
    for (;;) {
      const slot = rand(sampler.length);
      const stale = this.stale;
      if (stale === null || stale.size === 0 || !stale.delete(sampler[slot]!)) return slot;
      removeSlot(sampler, slot);
    }
  }
}

/** Removes `slot` from an unordered array: the last entry moves into the hole. */
function removeSlot(a: string[], slot: number): void {
  const last = a.pop()!;
  if (slot < a.length) a[slot] = last;
}

// The member index of a big sorted set: member -> score, what Redis keeps in the zset's dict
// next to its skiplist. An open-addressing hash table (linear probing, backward-shift deletion)
// over typed arrays instead of a JS Map, measured for the load of a 1M-member set (16-byte
// fresh members): building a Map took 506-538 ms, because V8 computes each new string's hash
// through a call into C++ and rehashes the whole table at every doubling; this table hashes in
// JS (FNV-1a over the chars), keeps each entry's hash so growing never reads a string again,
// and took 188-209 ms. A lookup with a fresh string (a wire argument) is faster too (640 vs
// 750-900 ns in a 1M set, cache misses included); a repeated lookup with the same string
// object is slower (580-690 vs 333-463 ns: V8 caches a string's hash in the string).
//
// Entries live in slots of parallel arrays by id (member, score, hash); `slots` maps hash
// positions to ids. An id never changes while its member is present, so iteration (by id) has
// the JS Map iterator's guarantee SCAN relies on: a member present from the start to the end of
// a walk is visited exactly once, even while others come and go. Freed ids are reused; when the
// table shrinks to a quarter of its ids they are compacted, and a walk open at that moment
// restarts from the first id (duplicates are allowed by SCAN, losses are not).

/** Empty slot marker in `slots`. */
const EMPTY = -1;
/** Smallest table: slots for 8 entries at most half full. */
const MIN_SLOTS = 16;
/** Bits of the home slot sorted per pass by {@link MemberIndex.bulk} (its counts fit in L1). */
const RADIX_BITS = 11;

/** @internal FNV-1a over the UTF-16 units of `s` (byte strings: one unit per byte). */
export function hashOf(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Member -> score of a sorted set. Implements ReadonlyMap, plus set/delete/clear/clone.
 * @remarks O(1) average per get/has/set/delete; iteration O(ids).
 */
export class MemberIndex implements ReadonlyMap<string, number> {
  /** Hash position -> id, EMPTY when free. Length is a power of two. */
  private slots: Int32Array;
  private mask: number;
  /** By id: the member (undefined for a free id), its score and its hash. */
  private members: (string | undefined)[] = [];
  private scoreOf = new Float64Array(8);
  private hashes = new Int32Array(8);
  /** Freed ids, reused before new ones. */
  private free: number[] = [];
  private count = 0;
  /** Bumped when ids are compacted: open iterators restart. */
  private generation = 0;

  /** An empty index with room for `expected` members before it grows. */
  constructor(expected = 0) {
    let n = MIN_SLOTS;
    while (n < expected * 2) n *= 2;
    this.slots = new Int32Array(n).fill(EMPTY);
    this.mask = n - 1;
    if (expected > 8) {
      this.scoreOf = new Float64Array(expected);
      this.hashes = new Int32Array(expected);
    }
  }

  /** An index holding the entries of `map`. */
  static from(map: ReadonlyMap<string, number>): MemberIndex {
    const x = new MemberIndex(map.size);
    for (const [m, s] of map) x.set(m, s);
    return x;
  }

  /**
   * An index of `members[i]` with `scores[i]`, ids in that order, built in bulk: the ids are
   * radix-sorted by home slot and laid out in one ascending pass, so the table is written
   * sequentially instead of at a random slot per member (1M members: about 3x faster than one
   * set() each). Takes ownership of `members`.
   * @throws Error when a member occurs twice
   * @remarks O(N).
   */
  static bulk(members: string[], scores: ArrayLike<number>): MemberIndex {
    const n = members.length;
    const x = new MemberIndex();
    let size = MIN_SLOTS;
    let bits = 4;
    while (size < n * 2) {
      size *= 2;
      bits++;
    }
    const mask = size - 1;
    const hashes = new Int32Array(Math.max(8, n));
    const scoreOf = new Float64Array(Math.max(8, n));
    let homes = new Int32Array(n);
    let ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const h = hashOf(members[i]!);
      hashes[i] = h;
      scoreOf[i] = scores[i]!;
      homes[i] = h & mask;
      ids[i] = i;
    }
    // LSD radix sort of (home, id) by home, RADIX_BITS per pass; stable, so equal homes keep
    // id order.
    let homes2 = new Int32Array(n);
    let ids2 = new Int32Array(n);
    const count = new Int32Array(1 << RADIX_BITS);
    for (let shift = 0; shift < bits; shift += RADIX_BITS) {
      const digit = (1 << Math.min(RADIX_BITS, bits - shift)) - 1;
      count.fill(0);
      for (let i = 0; i < n; i++) count[(homes[i]! >>> shift) & digit]!++;
      let sum = 0;
      for (let d = 0; d <= digit; d++) {
        const c = count[d]!;
        count[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const at = count[(homes[i]! >>> shift) & digit]!++;
        homes2[at] = homes[i]!;
        ids2[at] = ids[i]!;
      }
      [homes, homes2] = [homes2, homes];
      [ids, ids2] = [ids2, ids];
    }
    // In ascending home order, linear probing puts each id at max(home, next free): exactly
    // where set() would, had the ids come in this order. Ids that run past the end wrap
    // around through place() once the rest are in.
    const slots = new Int32Array(size).fill(EMPTY);
    const wrapped: number[] = [];
    let next = 0;
    let group = 0;
    for (let k = 0; k < n; k++) {
      const home = homes[k]!;
      const id = ids[k]!;
      if (k === 0 || home !== homes[k - 1]) group = k;
      // A duplicate has the same hash, hence the same home: it is in this group.
      const h = hashes[id]!;
      for (let j = group; j < k; j++) {
        const other = ids[j]!;
        if (hashes[other] === h && members[other] === members[id]) {
          throw new Error(`duplicate member ${JSON.stringify(members[id])}`);
        }
      }
      const p = home > next ? home : next;
      if (p > mask) {
        wrapped.push(id);
        continue;
      }
      slots[p] = id;
      next = p + 1;
    }
    x.slots = slots;
    x.mask = mask;
    x.members = members;
    x.scoreOf = scoreOf;
    x.hashes = hashes;
    x.count = n;
    for (let i = 0; i < wrapped.length; i++) x.place(wrapped[i]!, hashes[wrapped[i]!]!);
    return x;
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding `member`, or -1. */
  private find(member: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const hashes = this.hashes;
    const members = this.members;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const id = slots[i]!;
      if (id === EMPTY) return -1;
      if (hashes[id] === h && members[id] === member) return i;
    }
  }

  get(member: string): number | undefined {
    const i = this.find(member, hashOf(member));
    return i < 0 ? undefined : this.scoreOf[this.slots[i]!];
  }

  has(member: string): boolean {
    return this.find(member, hashOf(member)) >= 0;
  }

  /** Sets the score of `member`, adding it when missing. */
  set(member: string, score: number): this {
    const h = hashOf(member);
    const i = this.find(member, h);
    if (i >= 0) {
      this.scoreOf[this.slots[i]!] = score;
      return this;
    }
    let id = this.free.pop();
    if (id === undefined) {
      id = this.members.length;
      if (id === this.hashes.length) this.growIds(id * 2);
      this.members.push(member);
    } else {
      this.members[id] = member;
    }
    this.scoreOf[id] = score;
    this.hashes[id] = h;
    this.count++;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id, h);
    return this;
  }

  /** Removes `member`; false when it was missing. */
  delete(member: string): boolean {
    const i = this.find(member, hashOf(member));
    if (i < 0) return false;
    const slots = this.slots;
    const mask = this.mask;
    const id = slots[i]!;
    this.members[id] = undefined;
    this.free.push(id);
    this.count--;
    // Backward-shift deletion: pull later entries of the probe run into the hole when their
    // home slot does not lie (cyclically) after the hole.
    let hole = i;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const other = slots[j]!;
      if (other === EMPTY) break;
      const home = this.hashes[other]! & mask;
      const movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
      if (movable) {
        slots[hole] = other;
        hole = j;
      }
    }
    slots[hole] = EMPTY;
    if (this.count * 4 < this.members.length && this.members.length > 64) this.compact();
    return true;
  }

  clear(): void {
    this.slots = new Int32Array(MIN_SLOTS).fill(EMPTY);
    this.mask = MIN_SLOTS - 1;
    this.members = [];
    this.scoreOf = new Float64Array(8);
    this.hashes = new Int32Array(8);
    this.free = [];
    this.count = 0;
    this.generation++;
  }

  /** An independent copy. */
  clone(): MemberIndex {
    const c = new MemberIndex();
    c.slots = this.slots.slice();
    c.mask = this.mask;
    c.members = this.members.slice();
    c.scoreOf = this.scoreOf.slice();
    c.hashes = this.hashes.slice();
    c.free = this.free.slice();
    c.count = this.count;
    return c;
  }

  private place(id: number, h: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    while (slots[i] !== EMPTY) i = (i + 1) & mask;
    slots[i] = id;
  }

  private growIds(n: number): void {
    const s = new Float64Array(n);
    s.set(this.scoreOf);
    this.scoreOf = s;
    const h = new Int32Array(n);
    h.set(this.hashes);
    this.hashes = h;
  }

  /** Rebuilds `slots` with `n` positions from the stored hashes (no member is read). */
  private rehash(n: number): void {
    this.slots = new Int32Array(n).fill(EMPTY);
    this.mask = n - 1;
    const members = this.members;
    const hashes = this.hashes;
    for (let id = 0; id < members.length; id++) if (members[id] !== undefined) this.place(id, hashes[id]!);
  }

  /** Renumbers the ids densely and sizes the table for the members left. */
  private compact(): void {
    const n = this.count;
    const members: string[] = new Array<string>(n);
    const scores = new Float64Array(Math.max(8, n));
    const hashes = new Int32Array(Math.max(8, n));
    let k = 0;
    for (let id = 0; id < this.members.length; id++) {
      const m = this.members[id];
      if (m === undefined) continue;
      members[k] = m;
      scores[k] = this.scoreOf[id]!;
      hashes[k] = this.hashes[id]!;
      k++;
    }
    this.members = members;
    this.scoreOf = scores;
    this.hashes = hashes;
    this.free = [];
    this.generation++;
    let size = MIN_SLOTS;
    while (size < n * 2) size *= 2;
    this.rehash(size);
  }

  *entries(): MapIterator<[string, number]> {
    let generation = this.generation;
    for (let id = 0; id < this.members.length; id++) {
      if (generation !== this.generation) {
        // Ids were compacted: start over (a walk may repeat members, never miss one).
        generation = this.generation;
        id = -1;
        continue;
      }
      const m = this.members[id];
      if (m !== undefined) yield [m, this.scoreOf[id]!];
    }
  }

  *keys(): MapIterator<string> {
    for (const [m] of this.entries()) yield m;
  }

  *values(): MapIterator<number> {
    for (const [, s] of this.entries()) yield s;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(fn: (score: number, member: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [m, s] of this.entries()) fn(s, m, this);
  }

  /**
   * Checks the invariants: every present id sits in exactly one slot reachable from its home
   * without crossing an empty slot, free ids are unused, and the counts agree. Throws otherwise.
   */
  checkValid(): void {
    const fail = (why: string): never => {
      throw new Error(`MemberIndex invalid: ${why}`);
    };
    const seen = new Set<number>();
    let used = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const id = this.slots[i]!;
      if (id === EMPTY) continue;
      used++;
      const m = this.members[id];
      if (m === undefined) fail(`slot ${i} holds free id ${id}`);
      if (seen.has(id)) fail(`id ${id} in two slots`);
      seen.add(id);
      if (this.hashes[id] !== hashOf(m!)) fail(`stale hash for ${id}`);
      if (this.find(m!, this.hashes[id]!) !== i) fail(`member of id ${id} not found at its slot`);
    }
    if (used !== this.count) fail(`${used} slots used, size ${this.count}`);
    if (this.count * 2 > this.slots.length) fail('over half full');
    for (const id of this.free) if (this.members[id] !== undefined) fail(`free id ${id} in use`);
    let present = 0;
    for (const m of this.members) if (m !== undefined) present++;
    if (present !== this.count || present + this.free.length !== this.members.length) fail('id accounting');
  }

  get [Symbol.toStringTag](): string {
    return 'MemberIndex';
  }
}

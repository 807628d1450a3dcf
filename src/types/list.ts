// The list type (Redis 7.0 t_list.c + quicklist.c): a doubly linked chain of runs, each run a ring
// buffer of at most NODE_CAPACITY elements, like Redis's quicklist of listpacks. Ends are O(1) (a
// ring pushes and pops at both of its ends), and a position is found by hopping over whole runs
// from the nearer end, so LINDEX/LSET/LINSERT cost O(N/NODE_CAPACITY + NODE_CAPACITY) instead of
// Redis's O(N): at 1M elements that is at most ~2k hops, ~10 µs.
//
// The List object is itself the head run (its `items`/`start`/`size`), so a small list is one
// object plus one array sized to its content (1, 2, 3, 4, 8 … slots): 144 B for 3 elements,
// where a separate head node would add 64 B. When the head ring is full and a push arrives on
// the left, the ring moves into a new node (a pointer move, no copy); when popping empties the
// head ring, the next node's ring moves back in. Every other node has a full-capacity ring; a
// node that runs empty is unlinked, and a node that a removal leaves sparse merges into a
// neighbour when both fit in half a node (a split leaves halves of NODE_CAPACITY / 2 and one
// more, so a split and a merge never undo each other).
//
// Vacated slots are set to undefined so popped strings can be collected. Why not denque: it has
// no in-place set, its mid-list splice rebuilds the whole buffer (~10 ms at 1M elements), and an
// empty denque pre-allocates (144 B); benchmarks/list-structure.ts has the numbers.

import type { Collection } from '../keyspace/db.js';

/**
 * Elements per ring. Measured at 1M elements (LINDEX at the middle / B per element): 128 slots
 * 22 µs / 8.7 B, 256 slots 11 µs / 8.4 B, 512 slots 6.5 µs / 8.2 B; pushes and pops at the ends
 * cost the same for all three. 256 halves the walk of 128 while a mid-list insert shifts at most
 * 128 slots, and lists of a few hundred elements waste less than with 512 (600 elements: 10.8
 * vs 14.0 B per element).
 * @internal
 */
export const NODE_CAPACITY = 256;

/** Two neighbours merge when their sizes together fit in this (see the header comment). */
const MERGE_LIMIT = NODE_CAPACITY / 2;

/** A run of elements other than the head: the head run lives in the List object itself. */
class ListNode {
  /** Ring buffer of exactly NODE_CAPACITY slots; slots outside the run hold undefined. */
  items: (string | undefined)[];
  /** Slot of the run's first element. */
  start: number;
  /** Elements in the run, 1 to NODE_CAPACITY. */
  size: number;
  next: ListNode | null;
  /** The previous run: another node or the List (the head run). */
  prev: Run;

  constructor(items: (string | undefined)[], start: number, size: number, next: ListNode | null, prev: Run) {
    this.items = items;
    this.start = start;
    this.size = size;
    this.next = next;
    this.prev = prev;
  }
}

/** The head run (the List) or any later run. */
type Run = List | ListNode;

/** Offset inside the run that {@link List.locate} returned (no allocation per lookup). */
let foundOffset = 0;

/** Slot holding the run's element at `offset` (0 <= offset < items.length). */
function slotOf(run: Run, offset: number): number {
  const j = run.start + offset;
  const cap = run.items.length;
  return j >= cap ? j - cap : j;
}

/**
 * Replaces `run`'s ring with a larger one (the next step of 1, 2, 3, 4, 8 … NODE_CAPACITY, or
 * at least `min` slots), elements moved to slots 0..size-1. Small steps at first keep the
 * 3-element list cheap; doubling after that keeps pushes amortised O(1).
 */
function growRing(run: Run, min: number): void {
  const old = run.items;
  const cap = old.length;
  let next = cap < 4 ? cap + 1 : cap * 2;
  if (next < min) next = min;
  if (next > NODE_CAPACITY) next = NODE_CAPACITY;
  const items = new Array<string | undefined>(next);
  let j = run.start;
  for (let k = 0; k < run.size; k++) {
    items[k] = old[j];
    if (++j === cap) j = 0;
  }
  run.items = items;
  run.start = 0;
}

/** Inserts `v` before the run's element at `offset` (0..size); the ring must have a free slot. */
function ringInsert(run: Run, offset: number, v: string): void {
  const items = run.items;
  const cap = items.length;
  const size = run.size;
  if (offset < size - offset) {
    // Shift the front part one slot to the left.
    let from = run.start;
    let to = from === 0 ? cap - 1 : from - 1;
    run.start = to;
    for (let k = 0; k < offset; k++) {
      items[to] = items[from];
      to = from;
      if (++from === cap) from = 0;
    }
    items[to] = v;
  } else {
    // Shift the back part one slot to the right.
    let to = slotOf(run, size);
    for (let k = size; k > offset; k--) {
      const from = to === 0 ? cap - 1 : to - 1;
      items[to] = items[from];
      to = from;
    }
    items[to] = v;
  }
  run.size = size + 1;
}

/** Removes and returns the run's element at `offset`, closing the gap from the shorter side. */
function ringRemove(run: Run, offset: number): string {
  const items = run.items;
  const cap = items.length;
  const size = run.size;
  let hole = slotOf(run, offset);
  const v = items[hole]!;
  if (offset < size - 1 - offset) {
    for (let k = offset; k > 0; k--) {
      const from = hole === 0 ? cap - 1 : hole - 1;
      items[hole] = items[from];
      hole = from;
    }
    items[hole] = undefined;
    run.start = hole + 1 === cap ? 0 : hole + 1;
  } else {
    for (let k = offset + 1; k < size; k++) {
      const from = hole + 1 === cap ? 0 : hole + 1;
      items[hole] = items[from];
      hole = from;
    }
    items[hole] = undefined;
  }
  run.size = size - 1;
  return v;
}

/** Appends `src`'s elements to `dst`, which must have room for them. */
function ringAppend(dst: Run, src: Run): void {
  const from = src.items;
  const fromCap = from.length;
  const to = dst.items;
  const toCap = to.length;
  let i = src.start;
  let j = slotOf(dst, dst.size);
  for (let k = 0; k < src.size; k++) {
    to[j] = from[i];
    if (++i === fromCap) i = 0;
    if (++j === toCap) j = 0;
  }
  dst.size += src.size;
}

/** Clears the run's first `k` elements (k <= size). */
function ringDropFront(run: Run, k: number): void {
  const items = run.items;
  const cap = items.length;
  let j = run.start;
  for (let t = 0; t < k; t++) {
    items[j] = undefined;
    if (++j === cap) j = 0;
  }
  run.start = run.size === k ? 0 : j;
  run.size -= k;
}

/** Clears the run's last `k` elements (k <= size). */
function ringDropBack(run: Run, k: number): void {
  const items = run.items;
  const cap = items.length;
  let j = slotOf(run, run.size - k);
  for (let t = 0; t < k; t++) {
    items[j] = undefined;
    if (++j === cap) j = 0;
  }
  run.size -= k;
}

/**
 * A Redis list: a sequence of byte strings with O(1) pushes and pops at both ends and
 * O(N/256 + 256) access by index. Indexes are 0-based from the head; callers normalise
 * Redis's negative indexes. Mutating the list while iterating it is not supported.
 */
export class List implements Collection {
  /**
   * The head run's ring buffer (see the header comment). The head run is empty only when the
   * whole list is.
   * @internal
   */
  items: (string | undefined)[] = new Array<string | undefined>(0);
  /** @internal Slot of the head run's first element. */
  start = 0;
  /** @internal Elements in the head run. */
  size = 0;
  /** @internal The run after the head run. */
  next: ListNode | null = null;
  /** @internal The last run (the List itself while it is the only run). */
  tail: Run = this;
  /** Element count, kept apart from `size` (the head run's share). */
  private count = 0;

  get type(): 'list' {
    return 'list';
  }

  /**
   * Number of elements.
   * @remarks O(1).
   * @see https://redis.io/commands/llen/
   */
  get length(): number {
    return this.count;
  }

  /**
   * A list holding `values` in order.
   * @remarks O(N).
   */
  static from(values: Iterable<string>): List {
    const list = new List();
    for (const v of values) list.pushRight(v);
    return list;
  }

  /**
   * OBJECT ENCODING: Redis 7.0 stores every list as a quicklist (listpack-encoded lists came
   * in 7.2), whatever its size and list-max-listpack-size.
   */
  encoding(): string {
    return 'quicklist';
  }

  /**
   * A copy sharing the (immutable) strings (COPY).
   * @remarks O(N).
   */
  clone(): List {
    const c = new List();
    c.items = this.items.slice();
    c.start = this.start;
    c.size = this.size;
    c.count = this.count;
    let last: Run = c;
    for (let run = this.next; run !== null; run = run.next) {
      const node: ListNode = new ListNode(run.items.slice(), run.start, run.size, null, last);
      last.next = node;
      last = node;
    }
    c.tail = last;
    return c;
  }

  /**
   * Adds `v` at the head (LPUSH).
   * @remarks O(1) amortised.
   * @see https://redis.io/commands/lpush/
   */
  pushLeft(v: string): void {
    if (this.size === this.items.length) {
      if (this.size < NODE_CAPACITY) growRing(this, 0);
      else {
        // Hand the full head ring to a new node: a pointer move, not a copy.
        const node = new ListNode(this.items, this.start, this.size, this.next, this);
        if (this.next !== null) this.next.prev = node;
        else this.tail = node;
        this.next = node;
        this.items = new Array<string | undefined>(NODE_CAPACITY);
        this.start = 0;
        this.size = 0;
      }
    }
    const s = this.start === 0 ? this.items.length - 1 : this.start - 1;
    this.items[s] = v;
    this.start = s;
    this.size++;
    this.count++;
  }

  /**
   * Adds `v` at the tail (RPUSH).
   * @remarks O(1) amortised.
   * @see https://redis.io/commands/rpush/
   */
  pushRight(v: string): void {
    let t = this.tail;
    if (t.size === t.items.length) {
      if (t.size < NODE_CAPACITY) growRing(t, 0);
      else {
        const node = new ListNode(new Array<string | undefined>(NODE_CAPACITY), 0, 0, null, t);
        t.next = node;
        this.tail = t = node;
      }
    }
    t.items[slotOf(t, t.size)] = v;
    t.size++;
    this.count++;
  }

  /**
   * Removes and returns the head element (LPOP), or undefined when the list is empty.
   * @remarks O(1).
   * @see https://redis.io/commands/lpop/
   */
  popLeft(): string | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const s = this.start;
    const v = items[s];
    items[s] = undefined;
    this.start = s + 1 === items.length ? 0 : s + 1;
    this.count--;
    if (--this.size === 0 && this.next !== null) this.takeNextRun();
    return v;
  }

  /**
   * Removes and returns the tail element (RPOP), or undefined when the list is empty.
   * @remarks O(1).
   * @see https://redis.io/commands/rpop/
   */
  popRight(): string | undefined {
    if (this.count === 0) return undefined;
    const t = this.tail;
    const j = slotOf(t, t.size - 1);
    const v = t.items[j];
    t.items[j] = undefined;
    this.count--;
    if (--t.size === 0 && t !== this) this.unlink(t as ListNode);
    return v;
  }

  /**
   * The element at `index` (0-based from the head; LINDEX after normalising), or undefined
   * when out of range.
   * @remarks O(N/256 + 1) where N is the distance to the nearer end.
   * @see https://redis.io/commands/lindex/
   */
  at(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const run = this.locate(index);
    return run.items[slotOf(run, foundOffset)];
  }

  /**
   * Replaces the element at `index` (LSET); false when out of range.
   * @remarks O(N/256 + 1) where N is the distance to the nearer end.
   * @see https://redis.io/commands/lset/
   */
  set(index: number, v: string): boolean {
    if (!(index >= 0 && index < this.count)) return false;
    const run = this.locate(index);
    run.items[slotOf(run, foundOffset)] = v;
    return true;
  }

  /**
   * Inserts `v` so that it ends up at `index` (0..length; LINSERT after locating the pivot).
   * Throws a RangeError when out of range.
   * @remarks O(N/256 + 256) where N is the distance to the nearer end.
   * @see https://redis.io/commands/linsert/
   */
  insertAt(index: number, v: string): void {
    if (!(index >= 0 && index <= this.count))
      throw new RangeError(`List.insertAt: index ${index} out of range`);
    if (index === 0) {
      this.pushLeft(v);
      return;
    }
    if (index === this.count) {
      this.pushRight(v);
      return;
    }
    let run = this.locate(index);
    let offset = foundOffset;
    if (run.size === run.items.length) {
      if (run.size < NODE_CAPACITY) growRing(run, 0);
      else if (offset === 0 && run !== this && (run as ListNode).prev.size < NODE_CAPACITY) {
        // Right after the previous run: append there instead of splitting this one.
        run = (run as ListNode).prev;
        offset = run.size;
        if (run.size === run.items.length) growRing(run, 0);
      } else {
        const half = NODE_CAPACITY >>> 1;
        const node = this.split(run, half);
        if (offset > half) {
          run = node;
          offset -= half;
        }
      }
    }
    ringInsert(run, offset, v);
    this.count++;
  }

  /**
   * Removes and returns the element at `index`; undefined when out of range.
   * @remarks O(N/256 + 256) where N is the distance to the nearer end.
   */
  removeAt(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    if (index === 0) return this.popLeft();
    if (index === this.count - 1) return this.popRight();
    const run = this.locate(index);
    const v = ringRemove(run, foundOffset);
    this.count--;
    if (run.size === 0) {
      if (run === this) this.takeNextRun();
      else this.unlink(run as ListNode);
    } else if (run !== this && (run as ListNode).prev.size + run.size <= MERGE_LIMIT) {
      this.mergeNext((run as ListNode).prev);
    } else if (run.next !== null && run.size + run.next.size <= MERGE_LIMIT) {
      this.mergeNext(run);
    }
    return v;
  }

  /**
   * Elements from `start` to `stop` inclusive, clamped to the list (LRANGE after normalising);
   * empty when the range is.
   * @remarks O(S/256 + M) where S is the distance from the nearer end to `start` and M the
   * number of elements returned.
   * @see https://redis.io/commands/lrange/
   */
  range(start: number, stop: number): string[] {
    if (start < 0) start = 0;
    if (stop >= this.count) stop = this.count - 1;
    if (start > stop) return [];
    const n = stop - start + 1;
    const out = new Array<string>(n);
    let run: Run = this.locate(start);
    let offset = foundOffset;
    let k = 0;
    for (;;) {
      const items = run.items;
      const cap = items.length;
      let j = slotOf(run, offset);
      let m = run.size - offset;
      if (m > n - k) m = n - k;
      for (let t = 0; t < m; t++) {
        out[k++] = items[j]!;
        if (++j === cap) j = 0;
      }
      if (k === n) return out;
      run = run.next!;
      offset = 0;
    }
  }

  /**
   * All elements, head first.
   * @remarks O(N).
   */
  toArray(): string[] {
    return this.range(0, this.count - 1);
  }

  /**
   * Keeps only the elements from `start` to `stop` inclusive, clamped to the list (LTRIM after
   * normalising); an empty range empties the list.
   * @remarks O(R/256 + 256) where R is the number of elements removed: whole runs are dropped
   * without visiting their elements.
   * @see https://redis.io/commands/ltrim/
   */
  trim(start: number, stop: number): void {
    if (start < 0) start = 0;
    if (stop >= this.count) stop = this.count - 1;
    if (start > stop) {
      this.clear();
      return;
    }
    this.dropRight(this.count - 1 - stop);
    this.dropLeft(start);
  }

  /** Removes every element. @remarks O(1). */
  clear(): void {
    this.items = new Array<string | undefined>(0);
    this.start = 0;
    this.size = 0;
    this.next = null;
    this.tail = this;
    this.count = 0;
  }

  /**
   * Removes the first `k` elements (LPOP with a count, when the values are not needed).
   * @remarks O(k/256 + 256).
   */
  dropLeft(k: number): void {
    if (k >= this.count) {
      if (this.count !== 0) this.clear();
      return;
    }
    while (k > 0) {
      if (k >= this.size) {
        k -= this.size;
        this.count -= this.size;
        this.takeNextRun();
      } else {
        ringDropFront(this, k);
        this.count -= k;
        k = 0;
      }
    }
  }

  /**
   * Removes the last `k` elements (RPOP with a count, when the values are not needed).
   * @remarks O(k/256 + 256).
   */
  dropRight(k: number): void {
    if (k >= this.count) {
      if (this.count !== 0) this.clear();
      return;
    }
    while (k > 0) {
      const t = this.tail;
      if (k >= t.size) {
        // Not the head run: k < count.
        k -= t.size;
        this.count -= t.size;
        this.unlink(t as ListNode);
      } else {
        ringDropBack(t, k);
        this.count -= k;
        k = 0;
      }
    }
  }

  /**
   * LREM: removes the first `count` elements equal to `value` scanning from the head
   * (`count` > 0), the first -`count` scanning from the tail (`count` < 0), or all of them
   * (`count` = 0). Returns the number removed.
   * @remarks O(N+M) where N is the length of the list and M the number of elements removed.
   * @see https://redis.io/commands/lrem/
   */
  removeValue(value: string, count: number): number {
    if (this.count === 0) return 0;
    return count >= 0
      ? this.removeForward(value, count === 0 ? this.count : count)
      : this.removeBackward(value, -count);
  }

  /**
   * LPOS: 0-based indexes (from the head) of matches of `value`. Scans from the head when
   * `rank` > 0 and from the tail when `rank` < 0, skipping the first |rank| - 1 matches;
   * returns at most `count` indexes (0 = all) and compares at most `maxlen` elements (0 = all).
   * `rank` must not be 0.
   * @remarks O(N) where N is the number of elements scanned.
   * @see https://redis.io/commands/lpos/
   */
  positions(value: string, rank = 1, count = 1, maxlen = 0): number[] {
    const out: number[] = [];
    let skip = (rank < 0 ? -rank : rank) - 1;
    let left = maxlen === 0 || maxlen > this.count ? this.count : maxlen;
    if (rank > 0) {
      let index = 0;
      for (let run: Run | null = this; run !== null && left > 0; run = run.next) {
        const items = run.items;
        const cap = items.length;
        let j = run.start;
        const m = run.size < left ? run.size : left;
        left -= m;
        for (let t = 0; t < m; t++, index++) {
          if (items[j] === value) {
            if (skip > 0) skip--;
            else if (out.push(index) === count) return out;
          }
          if (++j === cap) j = 0;
        }
      }
    } else {
      let index = this.count - 1;
      for (let run: Run | null = this.tail; run !== null && left > 0; run = this.prevOf(run)) {
        const items = run.items;
        const cap = items.length;
        let j = slotOf(run, run.size - 1);
        const m = run.size < left ? run.size : left;
        left -= m;
        for (let t = 0; t < m; t++, index--) {
          if (items[j] === value) {
            if (skip > 0) skip--;
            else if (out.push(index) === count) return out;
          }
          j = j === 0 ? cap - 1 : j - 1;
        }
      }
    }
    return out;
  }

  /**
   * Index of the first element equal to `value` from the head, or -1 (the LINSERT pivot).
   * @remarks O(N) where N is the number of elements scanned.
   */
  indexOf(value: string): number {
    const found = this.positions(value, 1, 1, 0);
    return found.length === 0 ? -1 : found[0]!;
  }

  /** Elements head first. @remarks O(N) for a full pass. */
  *[Symbol.iterator](): IterableIterator<string> {
    for (let run: Run | null = this; run !== null; run = run.next) {
      const items = run.items;
      const cap = items.length;
      let j = run.start;
      for (let t = 0; t < run.size; t++) {
        yield items[j]!;
        if (++j === cap) j = 0;
      }
    }
  }

  /** Elements tail first. @remarks O(N) for a full pass. */
  *reversed(): IterableIterator<string> {
    for (let run: Run | null = this.tail; run !== null; run = this.prevOf(run)) {
      const items = run.items;
      const cap = items.length;
      let j = slotOf(run, run.size - 1);
      for (let t = 0; t < run.size; t++) {
        yield items[j]!;
        j = j === 0 ? cap - 1 : j - 1;
      }
    }
  }

  /** Throws when a structural invariant is broken (property tests). @remarks O(N). */
  checkValid(): void {
    const fail = (what: string): never => {
      throw new Error(`List: ${what}`);
    };
    let total = 0;
    let last: Run = this;
    for (let run: Run | null = this; run !== null; run = run.next) {
      const cap = run.items.length;
      const isHead = run === this;
      if (!isHead && cap !== NODE_CAPACITY) fail(`node ring of ${cap} slots`);
      if (cap > NODE_CAPACITY) fail(`ring of ${cap} slots`);
      if (run.size > cap || run.size < 0) fail(`run of ${run.size} in ${cap} slots`);
      if (run.size === 0 && !(isHead && this.next === null)) fail('empty run');
      if (cap === 0 ? run.start !== 0 : !(run.start >= 0 && run.start < cap)) fail(`start ${run.start}`);
      for (let k = 0; k < cap; k++) {
        const v = run.items[slotOf(run, k)];
        if (k < run.size ? typeof v !== 'string' : v !== undefined)
          fail(`offset ${k} of a run holds ${typeof v}`);
      }
      if (run.next !== null && run.next.prev !== run) fail('broken prev link');
      total += run.size;
      last = run;
    }
    if (this.tail !== last) fail('tail is not the last run');
    if (total !== this.count) fail(`length ${this.count} but runs hold ${total}`);
  }

  /**
   * The run holding the element at `index` (0 <= index < length), its offset in
   * `foundOffset`; walks from the nearer end.
   */
  private locate(index: number): Run {
    let run: Run;
    if (index < this.size) {
      foundOffset = index;
      return this;
    }
    if (index <= this.count >>> 1) {
      run = this;
      while (index >= run.size) {
        index -= run.size;
        run = run.next!;
      }
      foundOffset = index;
      return run;
    }
    let back = this.count - 1 - index;
    run = this.tail;
    while (back >= run.size) {
      back -= run.size;
      run = (run as ListNode).prev;
    }
    foundOffset = run.size - 1 - back;
    return run;
  }

  /** The run before `run`, or null for the head run. */
  private prevOf(run: Run): Run | null {
    return run === this ? null : (run as ListNode).prev;
  }

  /** Replaces the head run (whose elements are gone or being dropped) with the next run, or empties the list. */
  private takeNextRun(): void {
    const node = this.next;
    if (node === null) {
      this.clear();
      return;
    }
    this.items = node.items;
    this.start = node.start;
    this.size = node.size;
    this.next = node.next;
    if (node.next !== null) node.next.prev = this;
    else this.tail = this;
  }

  /** Takes a node (never the head run) out of the chain. */
  private unlink(node: ListNode): void {
    const prev = node.prev;
    prev.next = node.next;
    if (node.next !== null) node.next.prev = prev;
    else this.tail = prev;
  }

  /** Moves the elements of `run` from offset `at` on into a new node linked after it. */
  private split(run: Run, at: number): ListNode {
    const node = new ListNode(new Array<string | undefined>(NODE_CAPACITY), 0, 0, run.next, run);
    const items = run.items;
    const cap = items.length;
    let j = slotOf(run, at);
    const moved = run.size - at;
    for (let k = 0; k < moved; k++) {
      node.items[k] = items[j];
      items[j] = undefined;
      if (++j === cap) j = 0;
    }
    node.size = moved;
    run.size = at;
    if (run.next !== null) run.next.prev = node;
    else this.tail = node;
    run.next = node;
    return node;
  }

  /** Moves the elements of the run after `run` into `run` and unlinks that run. */
  private mergeNext(run: Run): void {
    const node = run.next!;
    if (run.items.length < run.size + node.size) growRing(run, run.size + node.size);
    ringAppend(run, node);
    this.unlink(node);
  }

  /** LREM from the head: compacts each run in place, then drops or merges what it left sparse. */
  private removeForward(value: string, limit: number): number {
    let removed = 0;
    let run: Run | null = this;
    while (run !== null && removed < limit) {
      const items = run.items;
      const cap = items.length;
      const n = run.size;
      let from = run.start;
      let to = from;
      let kept = 0;
      for (let k = 0; k < n; k++) {
        const v = items[from];
        if (v === value && removed < limit) removed++;
        else {
          if (to !== from) items[to] = v;
          if (++to === cap) to = 0;
          kept++;
        }
        if (++from === cap) from = 0;
      }
      if (kept === n) {
        run = run.next;
        continue;
      }
      for (let k = kept; k < n; k++) {
        items[to] = undefined;
        if (++to === cap) to = 0;
      }
      this.count -= n - kept;
      run.size = kept;
      const next: ListNode | null = run.next;
      if (kept === 0) {
        if (run === this) {
          // The next run moves into the head, still to be scanned.
          this.takeNextRun();
          continue;
        }
        this.unlink(run as ListNode);
      } else if (run !== this && (run as ListNode).prev.size + kept <= MERGE_LIMIT) {
        this.mergeNext((run as ListNode).prev);
      }
      run = next;
    }
    return removed;
  }

  /** LREM from the tail: as {@link removeForward}, compacting each run towards its end. */
  private removeBackward(value: string, limit: number): number {
    let removed = 0;
    let run: Run | null = this.tail;
    while (run !== null && removed < limit) {
      const items = run.items;
      const cap = items.length;
      const n = run.size;
      let from = slotOf(run, n - 1);
      let to = from;
      let kept = 0;
      for (let k = 0; k < n; k++) {
        const v = items[from];
        if (v === value && removed < limit) removed++;
        else {
          if (to !== from) items[to] = v;
          to = to === 0 ? cap - 1 : to - 1;
          kept++;
        }
        from = from === 0 ? cap - 1 : from - 1;
      }
      if (kept === n) {
        run = this.prevOf(run);
        continue;
      }
      for (let k = kept; k < n; k++) {
        items[to] = undefined;
        to = to === 0 ? cap - 1 : to - 1;
      }
      this.count -= n - kept;
      run.start = kept === 0 ? 0 : slotOf(run, n - kept);
      run.size = kept;
      const prev = this.prevOf(run);
      if (kept === 0) {
        if (run === this) this.takeNextRun();
        else this.unlink(run as ListNode);
      } else if (run.next !== null && kept + run.next.size <= MERGE_LIMIT) {
        this.mergeNext(run);
      }
      run = prev;
    }
    return removed;
  }
}

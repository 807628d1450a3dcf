// Sorted sets (Redis 7.0 `t_zset.c`). As in Redis, two structures hold the same elements: a Map
// from member to score answers ZSCORE / ZMSCORE / membership in O(1), and an ordered index keyed
// by (score, member) answers everything positional. Redis's index is a skiplist whose spans give
// ranks; ours is an order-statistic ("counted") B+tree, which packs far better in V8:
//
// - Leaves hold up to LEAF_MAX entries as two parallel arrays — scores (unboxed doubles) and
//   members — and are chained both ways, so a range walk touches one leaf per 32–64 entries.
// - Inner nodes hold, per child, the subtree's entry count and an upper bound of its keys (the
//   separator). Counts give rank(key) and select(index) in O(log N) with no per-entry cost.
// - Separators are exact after inserts and splits but left as they are on deletes: a stale one
//   is still an upper bound that no key of the next child reaches, which is all routing needs.
//   That is why lex lookups search by (score, member) with the set's common score rather than by
//   member alone (see firstIndexByLex).
// - Split keeps nodes at least half full, except that an append past the last leaf (or a prepend
//   before the first) starts a new leaf instead of halving a full one, so sets filled in order —
//   timestamps, counters — keep full leaves. Only the two edge leaves may run below half full.
//
// Order is Redis's: by score (IEEE doubles, ±inf allowed, NaN never stored), ties by member bytes
// compared like memcmp — JS `<` on byte strings. -0 and 0 compare equal, as C's `==` does.
//
// Encoding (OBJECT ENCODING) follows Redis 7.0's conversions exactly, though the structure is the
// same for both — only a flag changes. A set starts as `listpack` (or directly `skiplist`, see the
// constructor) and turns `skiplist` when an insert would take it past zset-max-listpack-entries or
// brings a member longer than zset-max-listpack-value (zsetAdd), or when SORT reads it (sort.c
// converts in place: `convertToSkiplist()`). It never turns back on its own: deletes keep
// `skiplist`. Only ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE / GEO…STORE results and RDB loads go
// back (zsetConvertToListpackIfNeeded), here via `fromMap()` and `convertToListpackIfNeeded()`;
// COPY keeps the encoding (`clone()`).
//
// -0: a listpack stores integral scores as integers (zzlInsertAt → double2ll), so a -0 score
// reads back as 0, while the skiplist keeps the double as given. Redis 7.0.15 therefore replies
// ZSCORE "0" after `ZADD k -0 m` on a small set but "-0" on a skiplist-encoded one; this class
// stores scores the same way (normalised while `listpack`, kept while `skiplist`, normalised
// again when converted back), so every reader replies what Redis replies.

import type { Collection } from '../keyspace/db.js';
import { MemberIndex } from './member-index.js';

/**
 * Redis's listpack thresholds for sorted sets. Held by reference, so a store that applies
 * CONFIG SET to the one object it passes to every set changes them for all sets at once, as
 * Redis reads `server.zset_max_listpack_*` at each check.
 */
export interface ZsetLimits {
  /**
   * zset-max-listpack-entries.
   * @default 128
   */
  maxListpackEntries: number;
  /**
   * zset-max-listpack-value, in bytes.
   * @default 64
   */
  maxListpackValue: number;
}

/** Redis 7.0's defaults for {@link ZsetLimits}. */
export const ZSET_DEFAULT_LIMITS: Readonly<ZsetLimits> = Object.freeze({
  maxListpackEntries: 128,
  maxListpackValue: 64,
});

/** OBJECT ENCODING of a sorted set. */
export type ZsetEncoding = 'listpack' | 'skiplist';

/** ZADD NX: never update an existing member. */
export const ZADD_NX = 1;
/** ZADD XX: never add a new member. */
export const ZADD_XX = 2;
/** ZADD GT: update an existing member only to a greater score. */
export const ZADD_GT = 4;
/** ZADD LT: update an existing member only to a lower score. */
export const ZADD_LT = 8;

/**
 * What {@link SortedSet.add} did, as Redis's zsetAdd out-flags: `added` (ZADD_OUT_ADDED),
 * `updated` (ZADD_OUT_UPDATED), `same` (no flag: present with an equal score), `nop`
 * (ZADD_OUT_NOP: NX, XX, GT or LT refused it).
 */
export type ZAddResult = 'added' | 'updated' | 'same' | 'nop';

/**
 * A ZRANGEBYLEX bound: `'-'` and `'+'` are the open ends, otherwise a member, inclusive (`[m`)
 * or exclusive (`(m`).
 */
export type LexBound = '-' | '+' | { readonly member: string; readonly exclusive: boolean };

/**
 * Most entries in a leaf. 64 keeps a leaf's two arrays within a few cache lines for the binary
 * search and the insert shift, and the per-leaf overhead (~150 B) under 4 B per entry.
 */
const LEAF_MAX = 64;
/** Fewest entries in a leaf other than the first and last: half, so deletes keep memory bounded. */
const LEAF_MIN = LEAF_MAX >>> 1;
/** Most children of an inner node: 1M entries fit in a tree 4 levels deep. */
const INNER_MAX = 64;
/** Fewest children of a non-root inner node. */
const INNER_MIN = INNER_MAX >>> 1;
/** Entries per leaf when building from a whole set at once: room for a few inserts per leaf. */
const BUILD_LEAF_FILL = 56;

class Leaf {
  prev: Leaf | null = null;
  next: Leaf | null = null;
  constructor(
    public scores: number[],
    public members: string[],
  ) {}
}

class Inner {
  constructor(
    public children: TreeNode[],
    /** Entries under each child. */
    public counts: number[],
    /** Per child, an upper bound of its keys, lower than every key of the next child. */
    public maxScores: number[],
    public maxMembers: string[],
  ) {}
}

/** A node; whether it is a leaf follows from its depth (all leaves are at depth `height`). */
type TreeNode = Leaf | Inner;

// Scratch shared by every set: the root-to-leaf path of the last descent (node and child index
// per depth) and the entry offset in the leaf it reached. Safe because operations are
// synchronous and never call out to user code while a path is live.
const pathNodes: Inner[] = [];
const pathIdx: number[] = [];
let leafOffset = 0;

/**
 * An empty array already in V8's unboxed-double elements kind, so every scores array has the same
 * kind (whatever its first score) and the code reading them stays monomorphic.
 */
function doubles(): number[] {
  const a = [0.5];
  a.pop();
  return a;
}

/** Index of the first key >= (score, member) in sorted parallel arrays. */
function lowerBound(ss: number[], ms: string[], score: number, member: string): number {
  let lo = 0;
  let hi = ss.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = ss[mid];
    if (s < score || (s === score && ms[mid] < member)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first key > (score, member) in sorted parallel arrays. */
function upperBound(ss: number[], ms: string[], score: number, member: string): number {
  let lo = 0;
  let hi = ss.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = ss[mid];
    if (s < score || (s === score && ms[mid] <= member)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first score >= `score` (> `score` when `after`). */
function scoreBound(ss: number[], score: number, after: boolean): number {
  let lo = 0;
  let hi = ss.length;
  if (after) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ss[mid] <= score) lo = mid + 1;
      else hi = mid;
    }
  } else {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ss[mid] < score) lo = mid + 1;
      else hi = mid;
    }
  }
  return lo;
}

// Element shifts written out: splice allocates a result array on every call, and one function
// per element type keeps each call site monomorphic.
function insertNum(a: number[], i: number, v: number): void {
  for (let k = a.length; k > i; k--) a[k] = a[k - 1];
  a[i] = v;
}

function insertStr(a: string[], i: number, v: string): void {
  for (let k = a.length; k > i; k--) a[k] = a[k - 1];
  a[i] = v;
}

function removeNum(a: number[], i: number): void {
  const last = a.length - 1;
  for (let k = i; k < last; k++) a[k] = a[k + 1];
  a.pop();
}

function removeStr(a: string[], i: number): void {
  const last = a.length - 1;
  for (let k = i; k < last; k++) a[k] = a[k + 1];
  a.pop();
}

/** Builds a tree over entries already in key order, leaves BUILD_LEAF_FILL full. O(N). */
function buildTree(members: string[], scores: number[]): { root: TreeNode; height: number } {
  const n = members.length;
  if (n === 0) return { root: new Leaf(doubles(), []), height: 0 };
  // Even group sizes: with k >= 3 groups each gets > BUILD_LEAF_FILL * 2/3 >= LEAF_MIN entries,
  // with k = 2 both leaves are edge leaves, which may be smaller.
  const k = Math.ceil(n / BUILD_LEAF_FILL);
  const level: TreeNode[] = [];
  const counts: number[] = [];
  const maxScores = doubles();
  const maxMembers: string[] = [];
  let prev: Leaf | null = null;
  for (let g = 0; g < k; g++) {
    const a = Math.floor((n * g) / k);
    const b = Math.floor((n * (g + 1)) / k);
    const ls = doubles();
    for (let i = a; i < b; i++) ls.push(scores[i]);
    const leaf: Leaf = new Leaf(ls, members.slice(a, b));
    leaf.prev = prev;
    if (prev !== null) prev.next = leaf;
    prev = leaf;
    level.push(leaf);
    counts.push(b - a);
    maxScores.push(scores[b - 1]);
    maxMembers.push(members[b - 1]);
  }
  return buildInner(level, counts, maxScores, maxMembers);
}

/**
 * The inner levels over `level` (leaves in key order with their entry counts and last keys), up
 * to the root. O(number of leaves).
 */
function buildInner(
  level: TreeNode[],
  counts: number[],
  maxScores: number[],
  maxMembers: string[],
): { root: TreeNode; height: number } {
  let height = 0;
  while (level.length > 1) {
    // Groups of up to INNER_MAX: with k >= 2 groups each has > INNER_MAX / 2 children.
    const m = level.length;
    const k = Math.ceil(m / INNER_MAX);
    const up: TreeNode[] = [];
    const upCounts: number[] = [];
    const upScores = doubles();
    const upMembers: string[] = [];
    for (let g = 0; g < k; g++) {
      const a = Math.floor((m * g) / k);
      const b = Math.floor((m * (g + 1)) / k);
      let total = 0;
      for (let i = a; i < b; i++) total += counts[i];
      up.push(
        new Inner(level.slice(a, b), counts.slice(a, b), maxScores.slice(a, b), maxMembers.slice(a, b)),
      );
      upCounts.push(total);
      upScores.push(maxScores[b - 1]);
      upMembers.push(maxMembers[b - 1]);
    }
    level = up;
    counts = upCounts;
    maxScores = upScores;
    maxMembers = upMembers;
    height++;
  }
  return { root: level[0], height };
}

/** Member -> score of a set: a JS Map while small, a {@link MemberIndex} when big. */
type ScoreMap = Map<string, number> | MemberIndex;

/**
 * Members beyond which a set's member index is a {@link MemberIndex} rather than a Map: a Map
 * costs less memory while small (one object, no typed arrays), the index hashes in JS and grows
 * without reading its members (see member-index.ts).
 */
const BIG_SET = 1024;

/**
 * The member index of `leaves`, in bulk ({@link MemberIndex.bulk}).
 * @throws Error when a member occurs twice
 */
function bulkIndex(leaves: readonly Leaf[]): MemberIndex {
  let n = 0;
  for (let i = 0; i < leaves.length; i++) n += leaves[i]!.members.length;
  const members = new Array<string>(n);
  const scores = new Float64Array(n);
  let at = 0;
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i]!;
    const ms = leaf.members;
    const ss = leaf.scores;
    for (let j = 0; j < ms.length; j++, at++) {
      members[at] = ms[j]!;
      scores[at] = ss[j]!;
    }
  }
  return MemberIndex.bulk(members, scores);
}

/**
 * Builds a sorted set from entries that arrive in (score, member) order with distinct members, a
 * batch at a time (a snapshot's pieces), straight into leaves. A small set's member map fills as
 * they come; a big set's is built in bulk from the leaves by finish() ({@link MemberIndex.bulk}:
 * 1M members took 245 ms to load against 300 ms with one set() each). The caller guarantees the
 * order; checkValid() catches a file that breaks it, and finish() refuses a big set with a member
 * given twice. Encoded as a loaded RDB value (see {@link SortedSet.fromMap}).
 */
export class SortedSetBuilder {
  /**
   * The member map while the set is small (BIG_SET members at most); null once it is bigger,
   * when finish() builds a MemberIndex from the leaves in bulk.
   */
  private dict: Map<string, number> | null = new Map<string, number>();
  private readonly leaves: Leaf[] = [];
  private scores = doubles();
  private members: string[] = [];
  /** The scores of the batch being added, unboxed: each leaf's scores are an exact slice of it. */
  private batch = doubles();

  constructor(private readonly limits: Readonly<ZsetLimits> = ZSET_DEFAULT_LIMITS) {}

  /**
   * Appends `members[i]` with `scores[i]` for every i; they follow every entry added before.
   * @remarks O(N) for N entries.
   */
  add(members: readonly string[], scores: ArrayLike<number>): void {
    const n = members.length;
    let dict = this.dict;
    if (dict !== null && dict.size + n > BIG_SET) dict = this.dict = null;
    const batch = this.batch;
    if (dict === null) for (let i = 0; i < n; i++) batch[i] = scores[i]!;
    else {
      for (let i = 0; i < n; i++) {
        const s = scores[i]!;
        dict.set(members[i]!, s);
        batch[i] = s;
      }
    }
    let i = 0;
    let lm = this.members;
    let ls = this.scores;
    if (lm.length !== 0) {
      // Complete the leaf the previous batch left open.
      const end = Math.min(n, BUILD_LEAF_FILL - lm.length);
      for (; i < end; i++) {
        ls.push(batch[i]!);
        lm.push(members[i]!);
      }
      if (lm.length < BUILD_LEAF_FILL) return;
      this.leaves.push(new Leaf(ls, lm));
    }
    // Whole leaves: exact-size slices (scores stay unboxed doubles).
    for (; n - i >= BUILD_LEAF_FILL; i += BUILD_LEAF_FILL) {
      this.leaves.push(new Leaf(batch.slice(i, i + BUILD_LEAF_FILL), members.slice(i, i + BUILD_LEAF_FILL)));
    }
    ls = doubles();
    lm = [];
    for (; i < n; i++) {
      ls.push(batch[i]!);
      lm.push(members[i]!);
    }
    this.scores = ls;
    this.members = lm;
  }

  /**
   * The set. The builder must not be used afterwards.
   * @remarks O(N / BUILD_LEAF_FILL), O(N) when it turns out small enough for `listpack`.
   */
  finish(): SortedSet {
    const z = new SortedSet(this.limits, 'skiplist');
    const leaves = this.leaves;
    if (this.members.length !== 0) leaves.push(new Leaf(this.scores, this.members));
    let k = leaves.length;
    if (k !== 0) {
      // Leaves are BUILD_LEAF_FILL full but the last: merge it into the one before, or split the
      // two evenly, so that no leaf runs below LEAF_MIN.
      const last = leaves[k - 1]!;
      if (k >= 2 && last.members.length < LEAF_MIN) {
        const prev = leaves[k - 2]!;
        const ss = prev.scores.concat(last.scores);
        const ms = prev.members.concat(last.members);
        if (ms.length <= LEAF_MAX) {
          prev.scores = ss;
          prev.members = ms;
          leaves.pop();
          k--;
        } else {
          const cut = ms.length >>> 1;
          const ps = doubles();
          const ns = doubles();
          for (let i = 0; i < cut; i++) ps.push(ss[i]!);
          for (let i = cut; i < ss.length; i++) ns.push(ss[i]!);
          prev.scores = ps;
          prev.members = ms.slice(0, cut);
          last.scores = ns;
          last.members = ms.slice(cut);
        }
      }
      const counts: number[] = [];
      const maxScores = doubles();
      const maxMembers: string[] = [];
      let prev: Leaf | null = null;
      for (let i = 0; i < k; i++) {
        const leaf = leaves[i]!;
        leaf.prev = prev;
        if (prev !== null) prev.next = leaf;
        prev = leaf;
        const c = leaf.members.length;
        counts.push(c);
        maxScores.push(leaf.scores[c - 1]!);
        maxMembers.push(leaf.members[c - 1]!);
      }
      const { root, height } = buildInner(leaves, counts, maxScores, maxMembers);
      // The set's own (private) fields, set once here rather than through a public setter.
      const parts = z as unknown as { dict: ScoreMap; root: TreeNode; height: number };
      parts.dict = this.dict ?? bulkIndex(leaves);
      parts.root = root;
      parts.height = height;
    }
    z.convertToListpackIfNeeded();
    return z;
  }
}

/**
 * A Redis sorted set: members (byte strings) with double scores, ordered by (score, member).
 *
 * Indexes are 0-based ranks in ascending order; callers turn Redis's negative and reversed
 * indexes into these. Scores must never be NaN (Redis rejects NaN before it reaches the set).
 * Nothing here may be called from inside a visitor or while a generator from this set is open
 * if it modifies the set.
 *
 * @see https://redis.io/docs/data-types/sorted-sets/
 */
export class SortedSet implements Collection {
  readonly type = 'zset' as const;
  /** Member -> score: a Map, a {@link MemberIndex} once the set outgrows {@link BIG_SET}. */
  private dict: ScoreMap = new Map<string, number>();
  private root: TreeNode = new Leaf(doubles(), []);
  /** Inner levels above the leaves; 0 when the root is a leaf. */
  private height = 0;
  private listpack: boolean;

  /**
   * An empty set. Redis creates sets as `listpack` (ZADD with defaults) or directly as
   * `skiplist` (ZADD when zset-max-listpack-entries is 0 or the first member is too long,
   * ZRANGESTORE with more results than zset-max-listpack-entries).
   */
  constructor(
    private readonly limits: Readonly<ZsetLimits> = ZSET_DEFAULT_LIMITS,
    encoding: ZsetEncoding = 'listpack',
  ) {
    this.listpack = encoding === 'listpack';
  }

  /**
   * A set holding the entries of `scores`, which it takes ownership of (no copy: ZUNIONSTORE's
   * accumulator becomes the result). Encoded as Redis encodes a ZUNIONSTORE / ZINTERSTORE /
   * ZDIFFSTORE destination or a loaded RDB value: `listpack` when small enough, else `skiplist`.
   * @remarks O(N*log(N)) to sort the entries, where N is the number of entries.
   */
  static fromMap(scores: Map<string, number>, limits: Readonly<ZsetLimits> = ZSET_DEFAULT_LIMITS): SortedSet {
    const z = new SortedSet(limits, 'skiplist');
    const n = scores.size;
    const ms = new Array<string>(n);
    const ss = new Array<number>(n);
    const order = new Array<number>(n);
    let i = 0;
    for (const [m, s] of scores) {
      ms[i] = m;
      ss[i] = s;
      order[i] = i;
      i++;
    }
    order.sort((a, b) => {
      const sa = ss[a];
      const sb = ss[b];
      if (sa !== sb) return sa < sb ? -1 : 1;
      return ms[a] < ms[b] ? -1 : ms[a] > ms[b] ? 1 : 0;
    });
    const members: string[] = [];
    const sorted = doubles();
    for (const o of order) {
      members.push(ms[o]);
      sorted.push(ss[o]);
    }
    const { root, height } = buildTree(members, sorted);
    z.dict = n > BIG_SET ? MemberIndex.from(scores) : scores;
    z.root = root;
    z.height = height;
    z.convertToListpackIfNeeded();
    return z;
  }

  /**
   * A set from entries already in (score, member) order with distinct members — a snapshot
   * stores them so — built without sorting. Encoded as a loaded RDB value (see {@link fromMap}).
   * The caller guarantees the order; checkValid() catches a file that breaks it.
   * @remarks O(N)
   */
  static fromSorted(
    members: string[],
    scores: ArrayLike<number>,
    limits: Readonly<ZsetLimits> = ZSET_DEFAULT_LIMITS,
  ): SortedSet {
    const b = new SortedSetBuilder(limits);
    b.add(members, scores);
    return b.finish();
  }

  /**
   * Number of members (ZCARD).
   * @remarks O(1)
   */
  get size(): number {
    return this.dict.size;
  }

  /**
   * OBJECT ENCODING, tracking Redis 7.0's conversions (see the file header).
   * @remarks O(1)
   */
  encoding(): ZsetEncoding {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  /**
   * The member-to-score map, read-only: unordered iteration and lookups for ZMSCORE, set algebra
   * and ZSCAN.
   * @remarks O(1)
   */
  get scores(): ReadonlyMap<string, number> {
    return this.dict;
  }

  /**
   * Whether `member` is in the set.
   * @remarks O(1)
   */
  has(member: string): boolean {
    return this.dict.has(member);
  }

  /**
   * Score of `member` (ZSCORE), or undefined when absent.
   * @remarks O(1)
   * @see https://redis.io/commands/zscore/
   */
  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  /**
   * Adds `member` or updates its score, as Redis's zsetAdd: `flags` is a union of
   * {@link ZADD_NX}, {@link ZADD_XX}, {@link ZADD_GT}, {@link ZADD_LT} (ZADD INCR is
   * `score()` + `add()`: the caller computes the new score and checks it for NaN). An equal
   * score — -0 and 0 included — leaves the stored one as it is. May convert the encoding to
   * `skiplist`, never back.
   * @remarks O(log(N)) where N is the number of elements in the sorted set.
   * @see https://redis.io/commands/zadd/
   */
  add(member: string, score: number, flags = 0): ZAddResult {
    const dict = this.dict;
    const cur = dict.get(member);
    if (cur === undefined) {
      if ((flags & ZADD_XX) !== 0) return 'nop';
      if (this.listpack) {
        // zsetAdd converts before inserting, so the new member is stored the skiplist way.
        const limits = this.limits;
        if (dict.size + 1 > limits.maxListpackEntries || member.length > limits.maxListpackValue) {
          this.listpack = false;
        } else {
          score += 0; // -0 becomes 0, as the listpack stores it as the integer 0
        }
      }
      dict.set(member, score);
      if (dict.size === BIG_SET + 1 && dict instanceof Map) this.dict = MemberIndex.from(dict);
      this.insert(score, member);
      return 'added';
    }
    if ((flags & ZADD_NX) !== 0) return 'nop';
    if (((flags & ZADD_LT) !== 0 && score >= cur) || ((flags & ZADD_GT) !== 0 && score <= cur)) return 'nop';
    if (score === cur) return 'same';
    if (this.listpack) score += 0;
    dict.set(member, score);
    this.move(cur, score, member);
    return 'updated';
  }

  /**
   * Removes `member` (ZREM); false when it was absent. The encoding stays as it is.
   * @remarks O(log(N)) where N is the number of elements in the sorted set.
   * @see https://redis.io/commands/zrem/
   */
  delete(member: string): boolean {
    const dict = this.dict;
    const score = dict.get(member);
    if (score === undefined) return false;
    dict.delete(member);
    const leaf = this.findLeaf(score, member);
    this.removeFound(leaf);
    return true;
  }

  /**
   * 0-based rank of `member` in ascending order, or in descending order when `reverse`
   * (ZRANK / ZREVRANK); undefined when absent.
   * @remarks O(log(N))
   * @see https://redis.io/commands/zrank/
   */
  rank(member: string, reverse = false): number | undefined {
    const score = this.dict.get(member);
    if (score === undefined) return undefined;
    const r = this.countBelow(score, member, false);
    return reverse ? this.dict.size - 1 - r : r;
  }

  /**
   * The entry at ascending `index` (select), or undefined outside 0..size-1.
   * @remarks O(log(N))
   */
  at(index: number): [member: string, score: number] | undefined {
    if (!(index >= 0 && index < this.dict.size)) return undefined;
    const leaf = this.locate(index);
    return [leaf.members[leafOffset], leaf.scores[leafOffset]];
  }

  /**
   * A uniformly random entry (ZRANDMEMBER), or undefined when empty; `rand(n)` returns an
   * integer in [0, n).
   * @remarks O(log(N))
   * @see https://redis.io/commands/zrandmember/
   */
  randomEntry(rand: (n: number) => number): [member: string, score: number] | undefined {
    const n = this.dict.size;
    return n === 0 ? undefined : this.at(rand(n));
  }

  /**
   * Calls `visit` for the entries with ascending indexes `start..stop` (inclusive, clamped to
   * the set), in ascending order, or from `stop` down to `start` when `reverse` (ZRANGE by
   * index, and by score or lex once the bounds are turned into indexes). Walks the leaf chain:
   * nothing is materialised. `visit` must not modify the set.
   * @remarks O(log(N)+M) with N the number of elements and M the number of elements visited.
   * @see https://redis.io/commands/zrange/
   */
  forEachInRange(
    start: number,
    stop: number,
    reverse: boolean,
    visit: (member: string, score: number) => void,
  ): void {
    if (start < 0) start = 0;
    if (stop >= this.dict.size) stop = this.dict.size - 1;
    if (start > stop) return;
    let left = stop - start + 1;
    let leaf: Leaf | null = this.locate(reverse ? stop : start);
    let i = leafOffset;
    if (!reverse) {
      for (;;) {
        const ss = leaf.scores;
        const ms = leaf.members;
        const end = Math.min(ss.length, i + left);
        left -= end - i;
        for (; i < end; i++) visit(ms[i], ss[i]);
        if (left === 0) return;
        leaf = leaf.next as Leaf;
        i = 0;
      }
    }
    for (;;) {
      const ss = leaf.scores;
      const ms = leaf.members;
      const end = Math.max(-1, i - left);
      left -= i - end;
      for (; i > end; i--) visit(ms[i], ss[i]);
      if (left === 0) return;
      leaf = leaf.prev as Leaf;
      i = leaf.scores.length - 1;
    }
  }

  /**
   * The entries with ascending indexes `start..stop` (inclusive, clamped), ascending or
   * descending, as a lazy iterator (ZSCAN, persistence, tests). The set must not be modified
   * while the iterator is open.
   * @remarks O(log(N)) to start, O(1) per entry.
   */
  *entries(start = 0, stop = Number.POSITIVE_INFINITY, reverse = false): Generator<[string, number]> {
    if (start < 0) start = 0;
    if (stop >= this.dict.size) stop = this.dict.size - 1;
    if (start > stop) return;
    let left = stop - start + 1;
    let leaf: Leaf | null = this.locate(reverse ? stop : start);
    let i = leafOffset;
    while (left > 0 && leaf !== null) {
      yield [leaf.members[i], leaf.scores[i]];
      left--;
      if (reverse) {
        if (--i < 0) {
          leaf = leaf.prev;
          if (leaf !== null) i = leaf.scores.length - 1;
        }
      } else if (++i === leaf.scores.length) {
        leaf = leaf.next;
        i = 0;
      }
    }
  }

  /** Every entry in ascending order. @remarks O(1) per entry. */
  [Symbol.iterator](): Generator<[string, number]> {
    return this.entries();
  }

  /**
   * Index of the first entry with score >= `min` (> `min` when `exclusive`); `size` when there
   * is none. With {@link lastIndexByScore} this turns a ZRANGEBYSCORE / ZCOUNT /
   * ZREMRANGEBYSCORE interval into an index range.
   * @remarks O(log(N))
   * @see https://redis.io/commands/zrangebyscore/
   */
  firstIndexByScore(min: number, exclusive = false): number {
    return this.countBelowScore(min, exclusive);
  }

  /**
   * Index of the last entry with score <= `max` (< `max` when `exclusive`); -1 when there is
   * none.
   * @remarks O(log(N))
   */
  lastIndexByScore(max: number, exclusive = false): number {
    return this.countBelowScore(max, !exclusive) - 1;
  }

  /**
   * Number of entries with a score in the interval (ZCOUNT).
   * @remarks O(log(N))
   * @see https://redis.io/commands/zcount/
   */
  countByScore(min: number, minExclusive: boolean, max: number, maxExclusive: boolean): number {
    return Math.max(
      0,
      this.lastIndexByScore(max, maxExclusive) - this.firstIndexByScore(min, minExclusive) + 1,
    );
  }

  /**
   * Index of the first entry at or after the lex bound `min`; `size` when there is none. As in
   * Redis, lex ranges assume every member has the same score (then the search is by (score,
   * member)); with mixed scores the members are searched as if they were in order, as Redis's
   * skiplist search does (ZRANGE 1 a 2 b 3 c BYLEX [b [c gives b c).
   * @remarks O(log(N)); O(log²(N)) when the scores differ
   * @see https://redis.io/commands/zrangebylex/
   */
  firstIndexByLex(min: LexBound): number {
    const n = this.dict.size;
    if (min === '-' || n === 0) return 0;
    if (min === '+') return n;
    const score = this.firstScore();
    if (score !== this.at(n - 1)![1]) {
      const { member, exclusive } = min;
      return this.firstIndexWhereNot(exclusive ? (m) => m <= member : (m) => m < member);
    }
    return this.countBelow(score, min.member, min.exclusive);
  }

  /**
   * Mixed scores: Redis's lex search (zslFirstInLexRange, zslLastInLexRange) compares members
   * only, as if they were in order. A binary search over ranks for the first index where
   * `before` stops holding, O(log²(N)); sets whose scores are all equal never come here.
   */
  private firstIndexWhereNot(before: (member: string) => boolean): number {
    let lo = 0;
    let hi = this.dict.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.at(mid)![0])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Index of the last entry at or before the lex bound `max`; -1 when there is none.
   * @remarks O(log(N))
   */
  lastIndexByLex(max: LexBound): number {
    const n = this.dict.size;
    if (max === '-' || n === 0) return -1;
    if (max === '+') return n - 1;
    const score = this.firstScore();
    if (score !== this.at(n - 1)![1]) {
      const { member, exclusive } = max;
      return this.firstIndexWhereNot(exclusive ? (m) => m < member : (m) => m <= member) - 1;
    }
    return this.countBelow(score, max.member, !max.exclusive) - 1;
  }

  /**
   * Number of entries between two lex bounds (ZLEXCOUNT).
   * @remarks O(log(N))
   * @see https://redis.io/commands/zlexcount/
   */
  countByLex(min: LexBound, max: LexBound): number {
    return Math.max(0, this.lastIndexByLex(max) - this.firstIndexByLex(min) + 1);
  }

  /**
   * Index of the first entry >= (score, member), or > it when `exclusive`, whether or not that
   * key is present: a resumable position for cursors over the order.
   * @remarks O(log(N))
   */
  firstIndexByKey(score: number, member: string, exclusive = false): number {
    return this.countBelow(score, member, exclusive);
  }

  /**
   * Removes the entries with ascending indexes `start..stop` (inclusive, clamped) and returns
   * how many went (ZREMRANGEBYRANK, and BYSCORE / BYLEX once turned into indexes). `visit`, if
   * given, sees each removed entry in ascending order and must not modify the set. The
   * encoding stays as it is.
   * @remarks O(log(N)+M) with N the number of elements and M the number of elements removed.
   * @see https://redis.io/commands/zremrangebyrank/
   */
  deleteRangeByIndex(start: number, stop: number, visit?: (member: string, score: number) => void): number {
    const dict = this.dict;
    const size = dict.size;
    if (start < 0) start = 0;
    if (stop >= size) stop = size - 1;
    if (start > stop) return 0;
    const removed = stop - start + 1;
    if (removed === size) {
      if (visit !== undefined) for (const [m, s] of this.entries()) visit(m, s);
      dict.clear();
      this.root = new Leaf(doubles(), []);
      this.height = 0;
      return removed;
    }
    // Leaf by leaf: each round removes the rest of the range held by the leaf at `start`, then
    // rebalances. Rounds are ~M/B + 1 with B entries per leaf, each O(B + log N).
    let left = removed;
    while (left > 0) {
      const leaf = this.locate(start);
      const o = leafOffset;
      const k = Math.min(left, leaf.scores.length - o);
      for (let d = 0; d < this.height; d++) pathNodes[d].counts[pathIdx[d]] -= k;
      const ms = leaf.members.splice(o, k);
      const ss = leaf.scores.splice(o, k);
      this.rebalanceLeafIfNeeded(leaf);
      for (let q = 0; q < k; q++) dict.delete(ms[q]);
      if (visit !== undefined) for (let q = 0; q < k; q++) visit(ms[q], ss[q]);
      left -= k;
    }
    return removed;
  }

  /**
   * Removes and returns up to `count` entries with the lowest scores, lowest first (ZPOPMIN).
   * @remarks O(log(N)*M) in Redis's terms; here O(log(N)+M), M the number of entries popped.
   * @see https://redis.io/commands/zpopmin/
   */
  popMin(count = 1): Array<[member: string, score: number]> {
    const out: Array<[string, number]> = [];
    if (count > 0) this.deleteRangeByIndex(0, count - 1, (m, s) => out.push([m, s]));
    return out;
  }

  /**
   * Removes and returns up to `count` entries with the highest scores, highest first (ZPOPMAX).
   * @remarks O(log(N)*M) in Redis's terms; here O(log(N)+M), M the number of entries popped.
   * @see https://redis.io/commands/zpopmax/
   */
  popMax(count = 1): Array<[member: string, score: number]> {
    const out: Array<[string, number]> = [];
    const n = this.dict.size;
    if (count > 0) this.deleteRangeByIndex(n - count, n - 1, (m, s) => out.push([m, s]));
    return out.reverse();
  }

  /**
   * Turns a `skiplist` set back into a `listpack` when it is within the limits — what Redis does
   * to ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE results and RDB loads, and nowhere else. Returns
   * whether the set is now `listpack`. Converting stores -0 scores as 0, as the listpack does.
   * @remarks O(N) when converting (N <= zset-max-listpack-entries), O(1) otherwise.
   */
  convertToListpackIfNeeded(): boolean {
    if (this.listpack) return true;
    const dict = this.dict;
    const limits = this.limits;
    if (dict.size > limits.maxListpackEntries) return false;
    for (const m of dict.keys()) if (m.length > limits.maxListpackValue) return false;
    this.listpack = true;
    for (let leaf: Leaf | null = this.firstLeaf(); leaf !== null; leaf = leaf.next) {
      const ss = leaf.scores;
      for (let i = 0; i < ss.length; i++) {
        if (Object.is(ss[i], -0)) {
          ss[i] = 0;
          dict.set(leaf.members[i], 0);
        }
      }
    }
    return true;
  }

  /**
   * Turns a `listpack` set `skiplist`, as SORT does to the sorted set it reads (sort.c calls
   * zsetConvert before sorting, so OBJECT ENCODING changes).
   * @remarks O(1)
   */
  convertToSkiplist(): void {
    this.listpack = false;
  }

  /**
   * A deep copy with the same encoding and limits (COPY: Redis's zsetDup keeps the encoding).
   * @remarks O(N)
   */
  clone(): SortedSet {
    const z = new SortedSet(this.limits, this.encoding());
    const members: string[] = [];
    const scores = doubles();
    for (let leaf: Leaf | null = this.firstLeaf(); leaf !== null; leaf = leaf.next) {
      const ss = leaf.scores;
      const ms = leaf.members;
      for (let i = 0; i < ss.length; i++) {
        members.push(ms[i]);
        scores.push(ss[i]);
      }
    }
    const { root, height } = buildTree(members, scores);
    const d = this.dict;
    z.dict = d instanceof MemberIndex ? d.clone() : new Map(d);
    z.root = root;
    z.height = height;
    return z;
  }

  /**
   * Throws unless every invariant holds: node fill bounds, subtree counts, strictly ascending
   * keys, separators bounding their subtrees, the leaf chain, agreement with the map (scores
   * compared with Object.is, so a -0 in one and 0 in the other fails), no NaN, and no -0 while
   * `listpack`. For property tests.
   * @remarks O(N)
   */
  checkValid(): void {
    const fail = (msg: string): never => {
      throw new Error(`SortedSet: ${msg}`);
    };
    const leaves: Leaf[] = [];
    const height = this.height;
    const dict = this.dict;
    const listpack = this.listpack;
    // Keys of a subtree lie in (lo, hi]; null bounds are open.
    const check = (
      node: TreeNode,
      depth: number,
      loS: number | null,
      loM: string,
      hiS: number | null,
      hiM: string,
    ): number => {
      const above = (s: number, m: string): boolean => loS === null || s > loS || (s === loS && m > loM);
      const within = (s: number, m: string): boolean => hiS === null || s < hiS || (s === hiS && m <= hiM);
      if (depth === height) {
        if (!(node instanceof Leaf)) return fail(`non-leaf at leaf depth ${depth}`);
        const ss = node.scores;
        const ms = node.members;
        const n = ss.length;
        if (ms.length !== n) fail('leaf arrays differ in length');
        if (n > LEAF_MAX) fail(`leaf holds ${n} > ${LEAF_MAX}`);
        if (depth > 0) {
          if (n === 0) fail('empty non-root leaf');
          if (n < LEAF_MIN && node.prev !== null && node.next !== null)
            fail(`inner leaf holds ${n} < ${LEAF_MIN}`);
        }
        for (let i = 0; i < n; i++) {
          const s = ss[i];
          const m = ms[i];
          if (typeof s !== 'number' || Number.isNaN(s)) fail(`bad score ${s}`);
          if (typeof m !== 'string') fail('member is not a string');
          if (i > 0 && !(ss[i - 1] < s || (ss[i - 1] === s && ms[i - 1] < m)))
            fail(`keys out of order at ${m}`);
          if (!above(s, m) || !within(s, m)) fail(`key (${s}, ${m}) outside its separators`);
          const d = dict.get(m);
          if (d === undefined || !Object.is(d, s)) fail(`map has ${d} for ${m}, tree has ${s}`);
          if (listpack && Object.is(s, -0)) fail('-0 stored while listpack');
        }
        leaves.push(node);
        return n;
      }
      if (!(node instanceof Inner)) return fail(`leaf above leaf depth at ${depth}`);
      const { children, counts, maxScores, maxMembers } = node;
      const n = children.length;
      if (counts.length !== n || maxScores.length !== n || maxMembers.length !== n)
        fail('inner arrays differ');
      if (n > INNER_MAX) fail(`inner node has ${n} > ${INNER_MAX} children`);
      if (depth === 0 ? n < 2 : n < INNER_MIN) fail(`inner node at depth ${depth} has ${n} children`);
      let total = 0;
      let ps = loS;
      let pm = loM;
      for (let j = 0; j < n; j++) {
        const s = maxScores[j];
        const m = maxMembers[j];
        if (!above(s, m) || !within(s, m)) fail(`separator (${s}, ${m}) outside its parent's`);
        const c = check(children[j], depth + 1, ps, pm, s, m);
        if (c !== counts[j]) fail(`count ${counts[j]} for a subtree of ${c}`);
        total += c;
        ps = s;
        pm = m;
      }
      return total;
    };
    const total = check(this.root, 0, null, '', null, '');
    if (total !== dict.size) fail(`tree holds ${total}, map ${dict.size}`);
    if (dict instanceof MemberIndex) dict.checkValid();
    else if (dict.size > BIG_SET) fail(`a Map index past ${BIG_SET} members`);
    for (let i = 0; i < leaves.length; i++) {
      if (leaves[i].prev !== (i > 0 ? leaves[i - 1] : null)) fail(`leaf ${i} prev link`);
      if (leaves[i].next !== (i + 1 < leaves.length ? leaves[i + 1] : null)) fail(`leaf ${i} next link`);
    }
  }

  // ---- tree internals ----

  private firstLeaf(): Leaf {
    let node = this.root;
    for (let d = 0; d < this.height; d++) node = (node as Inner).children[0];
    return node as Leaf;
  }

  private firstScore(): number {
    return this.firstLeaf().scores[0];
  }

  /** Leaf holding ascending `index` (0 <= index < size), recording the path; sets leafOffset. */
  private locate(index: number): Leaf {
    let node = this.root;
    const h = this.height;
    for (let d = 0; d < h; d++) {
      const inner = node as Inner;
      const counts = inner.counts;
      let j = 0;
      let c = counts[0];
      while (index >= c) {
        index -= c;
        c = counts[++j];
      }
      pathNodes[d] = inner;
      pathIdx[d] = j;
      node = inner.children[j];
    }
    leafOffset = index;
    return node as Leaf;
  }

  /** Leaf where (score, member) is or would go, recording the path; sets leafOffset. */
  private findLeaf(score: number, member: string): Leaf {
    let node = this.root;
    const h = this.height;
    for (let d = 0; d < h; d++) {
      const inner = node as Inner;
      const j = lowerBound(inner.maxScores, inner.maxMembers, score, member);
      pathNodes[d] = inner;
      pathIdx[d] = j;
      node = inner.children[j];
    }
    const leaf = node as Leaf;
    leafOffset = lowerBound(leaf.scores, leaf.members, score, member);
    return leaf;
  }

  /** Entries with key < (score, member), or <= it when `inclusive`. */
  private countBelow(score: number, member: string, inclusive: boolean): number {
    let node = this.root;
    let below = 0;
    for (let d = this.height; d > 0; d--) {
      const inner = node as Inner;
      const ss = inner.maxScores;
      const j = inclusive
        ? upperBound(ss, inner.maxMembers, score, member)
        : lowerBound(ss, inner.maxMembers, score, member);
      // Past every separator: every entry is below.
      if (j === ss.length) return this.dict.size;
      const counts = inner.counts;
      for (let k = 0; k < j; k++) below += counts[k];
      node = inner.children[j];
    }
    const leaf = node as Leaf;
    return (
      below +
      (inclusive
        ? upperBound(leaf.scores, leaf.members, score, member)
        : lowerBound(leaf.scores, leaf.members, score, member))
    );
  }

  /** Entries with score < `score`, or <= it when `inclusive`. */
  private countBelowScore(score: number, inclusive: boolean): number {
    let node = this.root;
    let below = 0;
    for (let d = this.height; d > 0; d--) {
      const inner = node as Inner;
      const j = scoreBound(inner.maxScores, score, inclusive);
      if (j === inner.maxScores.length) return this.dict.size;
      const counts = inner.counts;
      for (let k = 0; k < j; k++) below += counts[k];
      node = inner.children[j];
    }
    return below + scoreBound((node as Leaf).scores, score, inclusive);
  }

  /** Inserts a key known to be absent. */
  private insert(score: number, member: string): void {
    let node = this.root;
    const h = this.height;
    for (let d = 0; d < h; d++) {
      const inner = node as Inner;
      const ss = inner.maxScores;
      const ms = inner.maxMembers;
      let j = lowerBound(ss, ms, score, member);
      if (j === ss.length) {
        // A new maximum for this subtree: raise the last separator.
        j--;
        ss[j] = score;
        ms[j] = member;
      }
      inner.counts[j]++;
      pathNodes[d] = inner;
      pathIdx[d] = j;
      node = inner.children[j];
    }
    const leaf = node as Leaf;
    const ss = leaf.scores;
    const ms = leaf.members;
    const i = lowerBound(ss, ms, score, member);
    insertNum(ss, i, score);
    insertStr(ms, i, member);
    if (ss.length > LEAF_MAX) this.splitLeaf(leaf, i);
  }

  /** Changes the score of a present key: in place when it stays inside its leaf. */
  private move(oldScore: number, newScore: number, member: string): void {
    const leaf = this.findLeaf(oldScore, member);
    const i = leafOffset;
    const ss = leaf.scores;
    const ms = leaf.members;
    const n = ss.length;
    let q = lowerBound(ss, ms, newScore, member);
    if (q > i) q--; // position among the other n - 1 keys
    if (q > 0 && q < n - 1) {
      // Keys on both sides stay in this leaf, so no separator or count changes.
      if (q > i) {
        for (let k = i; k < q; k++) {
          ss[k] = ss[k + 1];
          ms[k] = ms[k + 1];
        }
      } else {
        for (let k = i; k > q; k--) {
          ss[k] = ss[k - 1];
          ms[k] = ms[k - 1];
        }
      }
      ss[q] = newScore;
      ms[q] = member;
      return;
    }
    this.removeFound(leaf);
    this.insert(newScore, member);
  }

  /** Removes the entry at leafOffset of `leaf`, reached by the recorded path. */
  private removeFound(leaf: Leaf): void {
    for (let d = 0; d < this.height; d++) pathNodes[d].counts[pathIdx[d]]--;
    removeNum(leaf.scores, leafOffset);
    removeStr(leaf.members, leafOffset);
    this.rebalanceLeafIfNeeded(leaf);
  }

  private splitLeaf(leaf: Leaf, inserted: number): void {
    const ss = leaf.scores;
    const ms = leaf.members;
    const n = ss.length;
    let at = n >>> 1;
    if (inserted === n - 1 && leaf.next === null) at = n - 1;
    else if (inserted === 0 && leaf.prev === null) at = 1;
    const right = new Leaf(ss.slice(at), ms.slice(at));
    ss.length = at;
    ms.length = at;
    const next = leaf.next;
    right.prev = leaf;
    right.next = next;
    if (next !== null) next.prev = right;
    leaf.next = right;
    this.addSibling(this.height - 1, leaf, right, at, n - at);
  }

  private splitInner(d: number): void {
    const node = pathNodes[d];
    const n = node.children.length;
    const at = n >>> 1;
    const right = new Inner(
      node.children.slice(at),
      node.counts.slice(at),
      node.maxScores.slice(at),
      node.maxMembers.slice(at),
    );
    node.children.length = at;
    node.counts.length = at;
    node.maxScores.length = at;
    node.maxMembers.length = at;
    let lc = 0;
    for (const c of node.counts) lc += c;
    let rc = 0;
    for (const c of right.counts) rc += c;
    this.addSibling(d - 1, node, right, lc, rc);
  }

  /** Links `right`, just split off `left`, into the parent at depth `d` (-1: a new root). */
  private addSibling(
    d: number,
    left: TreeNode,
    right: TreeNode,
    leftCount: number,
    rightCount: number,
  ): void {
    // Whether left/right are leaves follows from the depth of their parent.
    const leaves = d === this.height - 1;
    const lastS = (x: TreeNode): number =>
      leaves
        ? (x as Leaf).scores[(x as Leaf).scores.length - 1]
        : (x as Inner).maxScores[(x as Inner).maxScores.length - 1];
    const lastM = (x: TreeNode): string =>
      leaves
        ? (x as Leaf).members[(x as Leaf).members.length - 1]
        : (x as Inner).maxMembers[(x as Inner).maxMembers.length - 1];
    if (d < 0) {
      const maxScores = doubles();
      maxScores.push(lastS(left), lastS(right));
      this.root = new Inner([left, right], [leftCount, rightCount], maxScores, [lastM(left), lastM(right)]);
      this.height++;
      return;
    }
    const parent = pathNodes[d];
    const j = pathIdx[d];
    // `right` keeps the old separator (an upper bound of everything it holds); `left` gets its
    // exact maximum.
    parent.counts[j] = leftCount;
    parent.counts.splice(j + 1, 0, rightCount);
    parent.children.splice(j + 1, 0, right);
    parent.maxScores.splice(j, 0, lastS(left));
    parent.maxMembers.splice(j, 0, lastM(left));
    if (parent.children.length > INNER_MAX) this.splitInner(d);
  }

  private rebalanceLeafIfNeeded(leaf: Leaf): void {
    const n = leaf.scores.length;
    if (n >= LEAF_MIN || this.height === 0) return;
    // The two edge leaves may run low (see splitLeaf), but never empty.
    if (n === 0 || (leaf.prev !== null && leaf.next !== null)) this.rebalance(this.height - 1);
  }

  /** The child at pathIdx[d] of pathNodes[d] is underfull: merge or share with a sibling, upward. */
  private rebalance(d: number): void {
    for (;;) {
      const parent = pathNodes[d];
      const j = pathIdx[d];
      const l = j > 0 ? j - 1 : 0;
      if (d === this.height - 1) this.mergeLeaves(parent, l);
      else this.mergeInners(parent, l);
      const n = parent.children.length;
      if (d === 0) {
        if (n === 1) {
          this.root = parent.children[0];
          this.height--;
        }
        return;
      }
      if (n >= INNER_MIN) return;
      d--;
    }
  }

  /** Merges leaves l and l+1 of `parent` when they fit in one, else evens them out. */
  private mergeLeaves(parent: Inner, l: number): void {
    const left = parent.children[l] as Leaf;
    const right = parent.children[l + 1] as Leaf;
    const ln = left.scores.length;
    const rn = right.scores.length;
    const counts = parent.counts;
    if (ln + rn <= LEAF_MAX) {
      if (ln === 0) {
        left.scores = right.scores;
        left.members = right.members;
      } else {
        const ls = left.scores;
        const lm = left.members;
        const rs = right.scores;
        const rm = right.members;
        for (let k = 0; k < rn; k++) {
          ls.push(rs[k]);
          lm.push(rm[k]);
        }
      }
      const next = right.next;
      left.next = next;
      if (next !== null) next.prev = left;
      this.dropRight(parent, l);
      return;
    }
    const target = (ln + rn) >>> 1;
    if (ln < target) {
      const k = target - ln;
      for (const s of right.scores.splice(0, k)) left.scores.push(s);
      for (const m of right.members.splice(0, k)) left.members.push(m);
    } else {
      const k = ln - target;
      right.scores.unshift(...left.scores.splice(target, k));
      right.members.unshift(...left.members.splice(target, k));
    }
    counts[l] = target;
    counts[l + 1] = ln + rn - target;
    parent.maxScores[l] = left.scores[target - 1];
    parent.maxMembers[l] = left.members[target - 1];
  }

  /** Merges inner nodes l and l+1 of `parent` when they fit in one, else evens them out. */
  private mergeInners(parent: Inner, l: number): void {
    const left = parent.children[l] as Inner;
    const right = parent.children[l + 1] as Inner;
    const ln = left.children.length;
    const rn = right.children.length;
    if (ln + rn <= INNER_MAX) {
      left.children.push(...right.children);
      left.counts.push(...right.counts);
      for (const s of right.maxScores) left.maxScores.push(s);
      left.maxMembers.push(...right.maxMembers);
      this.dropRight(parent, l);
      return;
    }
    const target = (ln + rn) >>> 1;
    let moved = 0;
    if (ln < target) {
      const k = target - ln;
      left.children.push(...right.children.splice(0, k));
      for (const c of right.counts.splice(0, k)) {
        left.counts.push(c);
        moved += c;
      }
      for (const s of right.maxScores.splice(0, k)) left.maxScores.push(s);
      left.maxMembers.push(...right.maxMembers.splice(0, k));
    } else {
      const k = ln - target;
      right.children.unshift(...left.children.splice(target, k));
      const cs = left.counts.splice(target, k);
      for (const c of cs) moved -= c;
      right.counts.unshift(...cs);
      right.maxScores.unshift(...left.maxScores.splice(target, k));
      right.maxMembers.unshift(...left.maxMembers.splice(target, k));
    }
    parent.counts[l] += moved;
    parent.counts[l + 1] -= moved;
    parent.maxScores[l] = left.maxScores[target - 1];
    parent.maxMembers[l] = left.maxMembers[target - 1];
  }

  /** Folds child l+1 of `parent` into child l, whose contents already took its entries. */
  private dropRight(parent: Inner, l: number): void {
    const counts = parent.counts;
    counts[l] += counts[l + 1];
    // The right separator bounds the union.
    parent.maxScores[l] = parent.maxScores[l + 1];
    parent.maxMembers[l] = parent.maxMembers[l + 1];
    counts.splice(l + 1, 1);
    parent.children.splice(l + 1, 1);
    parent.maxScores.splice(l + 1, 1);
    parent.maxMembers.splice(l + 1, 1);
  }
}

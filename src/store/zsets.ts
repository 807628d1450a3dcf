// Sorted sets (redis.io group "sorted-set"): the typed API of t_zset.c over the counted B+tree
// of types/zset.ts, the blocking pops of blocked.c on the shared registry, and SORT / SORT_RO
// (sort.c, group "generic"), which lives here because it reads lists, sets, sorted sets and
// hashes and this is the first class of the chain that sees all four.
//
// Every command has one byte-level `_name` method that does the lookup, the type check, the
// write and the effects; the wire handlers (commands/zsets.ts, commands/sort.ts) parse argv and
// call it, the public methods convert with toBytes()/fromBytes() and call it too. Ranges by
// score and by lex are turned into index ranges with the tree's counts (rank / select), so
// every range is O(log N + M) at any size. An emptied sorted set is deleted; the *STORE
// commands delete their destination when the result is empty.
//
// Effects, as Redis 7.0 propagates them: ZADD, ZINCRBY, ZREM, ZREMRANGEBY*, ZPOPMIN/ZPOPMAX,
// ZRANGESTORE and the set-operation STOREs are logged as issued when they changed something
// (ZADD INCR too: Redis does not rewrite it). ZMPOP and BZMPOP are logged as
// `ZPOPMIN|ZPOPMAX key <count popped>`, BZPOPMIN/BZPOPMAX as `ZPOPMIN|ZPOPMAX key`. SORT ... STORE
// is logged as issued. Events (NOTIFY.ZSET): zadd, zincr, zrem, zremrangebyrank,
// zremrangebyscore, zremrangebylex, zpopmin, zpopmax, zrangestore, zunionstore, zinterstore,
// zdiffstore; `sortstore` (NOTIFY.LIST); generic `del` when a key goes.
//
// Scores in replies: the wire handlers wrap each score in a DoubleReply whose text is Redis's
// "%.17g" (formatDoubleReply), a bulk string in RESP2 and a `,` double in RESP3. The typed API
// returns numbers.

import { type Bytes, fromBytes, isAscii, toBytes } from '../bytes.js';
import { NOTIFY } from '../effects/effects.js';
import {
  atLeastOneInputKey,
  COUNT_NOT_POSITIVE,
  fail,
  INVALID_CURSOR,
  LIMIT_NEGATIVE,
  MIN_MAX_NOT_FLOAT,
  MIN_MAX_NOT_STRING_RANGE,
  NOT_FLOAT,
  NOT_INTEGER,
  NUMKEYS_NOT_POSITIVE,
  POSITIVE_OUT_OF_RANGE,
  RANDOM_COUNT_OUT_OF_RANGE,
  SORT_NOT_DOUBLE,
  SYNTAX,
  VALUE_OUT_OF_RANGE,
  WEIGHT_NOT_FLOAT,
  wrongArgs,
  ZADD_GT_LT_NX,
  ZADD_XX_AND_NX,
  ZRANGE_LIMIT_NEEDS_BY,
  ZRANGE_WITHSCORES_BYLEX,
  ZSCORE_NAN,
} from '../errors.js';
import {
  type BlockingOptions,
  deadlineOf,
  NOT_SERVED,
  parseTimeout,
  type Waiter,
} from '../keyspace/blocking.js';
import type { Db } from '../keyspace/db.js';
import { compileGlob, matchesAllKeys } from '../keyspace/glob.js';
import { formatDouble17g, strtod } from '../numbers/double.js';
import { Hash } from '../types/hash.js';
import { List } from '../types/list.js';
import { RedisSet } from '../types/set.js';
import {
  type LexBound,
  SortedSet,
  ZADD_GT,
  ZADD_LT,
  ZADD_NX,
  ZADD_XX,
  ZSET_DEFAULT_LIMITS,
  type ZsetLimits,
} from '../types/zset.js';
import { SetsStore } from './sets.js';

// ---- public option and result types ----------------------------------------------------------

/** Options of {@link ZSetsStore.zadd}. */
export interface ZAddOptions {
  /**
   * `NX`: only add new members; `XX`: only update existing ones.
   * @default undefined (add and update)
   */
  condition?: 'NX' | 'XX';
  /**
   * `GT`: update an existing member only to a greater score; `LT`: only to a lower one. New
   * members are added either way (unless `XX`). Not with `NX`.
   * @default undefined
   */
  comparison?: 'GT' | 'LT';
  /**
   * Count changed members (added or updated) instead of added ones.
   * @default false
   */
  ch?: boolean;
}

/** Options of {@link ZSetsStore.zaddIncr}: ZADD INCR's conditions. */
export type ZAddIncrOptions = Omit<ZAddOptions, 'ch'>;

/** What {@link ZSetsStore.zadd} takes: [score, member] pairs, or member -> score. */
export type ZAddEntries =
  | readonly (readonly [score: number, member: Bytes])[]
  | ReadonlyMap<Bytes, number>
  | Readonly<Record<string, number>>;

/**
 * A score interval end: a number (inclusive), or Redis's text — `'(1.5'` exclusive, `'1.5'`,
 * `'-inf'`, `'+inf'`.
 */
export type ScoreBound = number | string;

/** A member and its score. */
export type ZMember = [member: string, score: number];

/** Options of {@link ZSetsStore.zrange} and the other range reads. */
export interface ZRangeOptions {
  /**
   * What `start` and `stop` are: indexes (default), score bounds (`SCORE`: numbers or
   * `'(1'`, `'-inf'`, `'+inf'`), or lex bounds (`LEX`: `'[a'`, `'(a'`, `'-'`, `'+'`).
   * @default undefined (by index)
   */
  by?: 'SCORE' | 'LEX';
  /**
   * Highest first. With `by`, `start` is then the upper bound and `stop` the lower one, as in
   * Redis.
   * @default false
   */
  rev?: boolean;
  /**
   * Skip `offset` matches and return at most `count` (negative: all). Only with `by`.
   * @default undefined (everything in range)
   */
  limit?: { offset: number; count: number };
}

/** Options of ZUNION / ZINTER and their STORE forms. */
export interface ZSetOpOptions {
  /**
   * A factor per input key, applied to its scores before aggregating (one per key).
   * @default every weight 1
   */
  weights?: readonly number[];
  /**
   * How the scores of a member found in several inputs combine.
   * @default 'SUM'
   */
  aggregate?: 'SUM' | 'MIN' | 'MAX';
}

/** Options of {@link ZSetsStore.zintercard}. */
export interface ZInterCardOptions {
  /**
   * Stop counting at this cardinality; 0 means no limit.
   * @default 0
   */
  limit?: number;
}

/** Options of {@link ZSetsStore.zscan}. */
export interface ZScanOptions {
  /** Glob-style pattern (KEYS rules) the returned members must match. */
  match?: Bytes;
  /**
   * Amount of work per call. A `listpack`-encoded set is returned whole in one call, as Redis
   * does.
   * @default 10
   */
  count?: number;
}

/** Options of {@link ZSetsStore.bzmpop}. */
export interface BZMPopOptions extends BlockingOptions {
  /**
   * Pop up to this many members from the first non-empty sorted set.
   * @default 1
   */
  count?: number;
}

/** A popped member with the key it came from (BZPOPMIN, BZPOPMAX). */
export type ZPopResult = [key: string, member: string, score: number];

/** Popped members with the key they came from (ZMPOP, BZMPOP). */
export type ZMultiPopResult = [key: string, members: ZMember[]];

/** Options of {@link ZSetsStore.sort}. */
export interface SortOptions {
  /**
   * Sort by the values of other keys: `*` in the pattern is replaced by each element, and
   * `key->field` reads a hash field. A pattern without `*` skips sorting (`nosort`).
   * @default undefined (sort by the elements themselves)
   */
  by?: Bytes;
  /**
   * Return only `count` elements from `offset` (negative count: all from `offset`).
   * @default undefined
   */
  limit?: { offset: number; count: number };
  /**
   * Return, per element, the values of these patterns instead of the element (`#` is the
   * element itself; missing values are null).
   * @default undefined
   */
  get?: readonly Bytes[];
  /**
   * @default 'ASC'
   */
  order?: 'ASC' | 'DESC';
  /**
   * Compare as byte strings instead of as numbers.
   * @default false
   */
  alpha?: boolean;
}

// ---- internal specs ------------------------------------------------------------------------

/** @internal a ZRANGE family range as parsed. */
export interface ZRangeSpec {
  by: typeof BY_RANK | typeof BY_SCORE | typeof BY_LEX;
  rev: boolean;
  /** BY_RANK: indexes as given (negative from the end). */
  start: number;
  stop: number;
  /** BY_SCORE bounds. */
  min: number;
  minEx: boolean;
  max: number;
  maxEx: boolean;
  /** BY_LEX bounds. */
  lexMin: LexBound;
  lexMax: LexBound;
  /** LIMIT offset (negative: nothing) and count (negative: no limit). */
  offset: number;
  limit: number;
}

export const BY_RANK = 0;
export const BY_SCORE = 1;
export const BY_LEX = 2;

/** @internal ZUNION / ZINTER / ZDIFF (zunionInterDiffGenericCommand's op). */
export const SET_OP_UNION = 0;
export const SET_OP_INTER = 1;
export const SET_OP_DIFF = 2;
export type SetOp = typeof SET_OP_UNION | typeof SET_OP_INTER | typeof SET_OP_DIFF;

/** @internal AGGREGATE. */
export const AGGR_SUM = 0;
export const AGGR_MIN = 1;
export const AGGR_MAX = 2;
export type Aggregate = typeof AGGR_SUM | typeof AGGR_MIN | typeof AGGR_MAX;

/** @internal one input of a set operation: a sorted set, a plain set (scores 1), or missing. */
export interface ZSetOpSource {
  readonly z: SortedSet | RedisSet | null;
  weight: number;
}

/** @internal SORT as parsed (sortCommandGeneric's options). */
export interface SortSpec {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  /** The BY pattern, or null. */
  by: string | null;
  /** BY with a pattern without `*`: no sorting (sticky, as in Redis, even if a later BY has one). */
  dontsort: boolean;
  gets: string[];
  store: string | null;
}

const TWO_63 = 2 ** 63;
const EMPTY: [number, number] = [0, -1];

// ---- shared parsers --------------------------------------------------------------------------

/** True when a C string parse stopped at the end: the end of the bytes or a NUL. */
function atCEnd(s: string, end: number): boolean {
  return end === s.length || s.charCodeAt(end) === 0;
}

/**
 * One end of a score interval, as Redis's zslParseRange: `(` makes it exclusive, the rest goes
 * through strtod (leading spaces allowed, `inf`, hex floats; an empty string is 0) and must be
 * used up to the end or a NUL, and not NaN. Returns [value, exclusive].
 */
export function parseScoreBound(arg: string): [number, boolean] {
  const ex = arg.charCodeAt(0) === 40; /* ( */
  const { value, end } = strtod(arg, ex ? 1 : 0);
  if (!atCEnd(arg, end) || Number.isNaN(value)) fail(MIN_MAX_NOT_FLOAT);
  return [value, ex];
}

/** One end of a lex interval, as zslParseLexRangeItem: `-`, `+`, `[member` or `(member`. */
export function parseLexBound(arg: string): LexBound {
  const c = arg.charCodeAt(0);
  if (c === 43 /* + */ || c === 45 /* - */) {
    if (!atCEnd(arg, 1)) fail(MIN_MAX_NOT_STRING_RANGE);
    return c === 43 ? '+' : '-';
  }
  if (c === 40 /* ( */) return { member: arg.slice(1), exclusive: true };
  if (c === 91 /* [ */) return { member: arg.slice(1), exclusive: false };
  return fail(MIN_MAX_NOT_STRING_RANGE);
}

/** @internal a ZRANGE spec with every field at its default. */
export function rangeSpec(by: ZRangeSpec['by'], rev: boolean): ZRangeSpec {
  return {
    by,
    rev,
    start: 0,
    stop: -1,
    min: 0,
    minEx: false,
    max: 0,
    maxEx: false,
    lexMin: '-',
    lexMax: '+',
    offset: 0,
    limit: -1,
  };
}

/** Order of (score, member) entries: by score, ties by member bytes (memcmp). */
function compareEntries(a: ZMember, b: ZMember): number {
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

// ---- typed-API argument checks ---------------------------------------------------------------

function scoreArg(x: number, error: string = NOT_FLOAT): number {
  if (typeof x !== 'number' || Number.isNaN(x)) fail(error);
  return x;
}

function int64Arg(x: number): number {
  if (!Number.isInteger(x) || x >= TWO_63 || x < -TWO_63) fail(NOT_INTEGER);
  return x;
}

const POS_INF: [number, boolean] = [Number.POSITIVE_INFINITY, false];
const NEG_INF: [number, boolean] = [Number.NEGATIVE_INFINITY, false];

function scoreBoundArg(b: ScoreBound): [number, boolean] {
  if (typeof b === 'number') return [scoreArg(b, MIN_MAX_NOT_FLOAT), false];
  // The open ends, spelled as leaderboards spell them, skip strtod.
  if (b === '+inf' || b === 'inf') return POS_INF;
  if (b === '-inf') return NEG_INF;
  return parseScoreBound(toBytes(b));
}

function lexBoundArg(b: Bytes): LexBound {
  return parseLexBound(toBytes(b));
}

function zaddFlags(options: ZAddIncrOptions): number {
  let flags = 0;
  const { condition, comparison } = options;
  if (condition === 'NX') flags |= ZADD_NX;
  else if (condition === 'XX') flags |= ZADD_XX;
  else if (condition !== undefined) fail(SYNTAX);
  if (comparison === 'GT') flags |= ZADD_GT;
  else if (comparison === 'LT') flags |= ZADD_LT;
  else if (comparison !== undefined) fail(SYNTAX);
  checkZaddFlags(flags);
  return flags;
}

/** @internal ZADD's option compatibility checks, in Redis's order. */
export function checkZaddFlags(flags: number): void {
  if ((flags & ZADD_NX) !== 0 && (flags & ZADD_XX) !== 0) fail(ZADD_XX_AND_NX);
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;
  if ((gt || lt) && (flags & ZADD_NX) !== 0) fail(ZADD_GT_LT_NX);
  if (gt && lt) fail(ZADD_GT_LT_NX);
}

/** ZADD's option words for the log, from parsed flags. */
function zaddFlagWords(flags: number, ch: boolean, incr: boolean): string[] {
  const w: string[] = [];
  if ((flags & ZADD_NX) !== 0) w.push('NX');
  if ((flags & ZADD_XX) !== 0) w.push('XX');
  if ((flags & ZADD_GT) !== 0) w.push('GT');
  if ((flags & ZADD_LT) !== 0) w.push('LT');
  if (ch) w.push('CH');
  if (incr) w.push('INCR');
  return w;
}

/** A by-index spec (ZRANGE, ZREVRANGE). */
function rankSpec(start: number, stop: number, rev: boolean): ZRangeSpec {
  const spec = rangeSpec(BY_RANK, rev);
  spec.start = start;
  spec.stop = stop;
  return spec;
}

/** A typed-API ZRANGE family call as a spec. */
function typedRangeSpec(start: number | Bytes, stop: number | Bytes, options: ZRangeOptions): ZRangeSpec {
  const rev = options.rev === true;
  const by =
    options.by === undefined
      ? BY_RANK
      : options.by === 'SCORE'
        ? BY_SCORE
        : options.by === 'LEX'
          ? BY_LEX
          : fail(SYNTAX);
  const spec = rangeSpec(by, rev);
  const limit = options.limit;
  if (limit !== undefined) {
    spec.offset = int64Arg(limit.offset);
    spec.limit = int64Arg(limit.count);
    if (by === BY_RANK && spec.limit !== -1) fail(ZRANGE_LIMIT_NEEDS_BY);
  }
  // With BYSCORE / BYLEX and REV the range is given as max, min.
  const lo = rev && by !== BY_RANK ? stop : start;
  const hi = rev && by !== BY_RANK ? start : stop;
  if (by === BY_RANK) {
    if (typeof lo !== 'number' || typeof hi !== 'number') fail(NOT_INTEGER);
    spec.start = int64Arg(lo as number);
    spec.stop = int64Arg(hi as number);
  } else if (by === BY_SCORE) {
    [spec.min, spec.minEx] = scoreBoundArg(lo as ScoreBound);
    [spec.max, spec.maxEx] = scoreBoundArg(hi as ScoreBound);
  } else {
    if (typeof lo === 'number' || typeof hi === 'number') fail(MIN_MAX_NOT_STRING_RANGE);
    spec.lexMin = lexBoundArg(lo as Bytes);
    spec.lexMax = lexBoundArg(hi as Bytes);
  }
  return spec;
}

function setOpArgs(
  keys: readonly Bytes[],
  options: ZSetOpOptions,
): { weights: number[] | null; aggregate: Aggregate } {
  let weights: number[] | null = null;
  if (options.weights !== undefined) {
    if (options.weights.length !== keys.length) fail(SYNTAX);
    weights = options.weights.map((w) => scoreArg(w, WEIGHT_NOT_FLOAT));
  }
  const a = options.aggregate;
  const aggregate =
    a === undefined || a === 'SUM'
      ? AGGR_SUM
      : a === 'MIN'
        ? AGGR_MIN
        : a === 'MAX'
          ? AGGR_MAX
          : fail(SYNTAX);
  return { weights, aggregate };
}

function keysArg(keys: readonly Bytes[], name: string): string[] {
  if (keys.length === 0) fail(atLeastOneInputKey(name));
  return keys.map(toBytes);
}

function timeoutArg(timeout: number): number {
  return parseTimeout(String(timeout));
}

/** Members decoded for the typed API, in place. */
function decodeList(members: string[]): string[] {
  for (let i = 0; i < members.length; i++) members[i] = fromBytes(members[i]!);
  return members;
}

function decodeMembers(entries: ZMember[]): ZMember[] {
  for (const e of entries) e[0] = fromBytes(e[0]);
  return entries;
}

function scanCursorArg(cursor: string | number): bigint {
  if (typeof cursor === 'number')
    return Number.isSafeInteger(cursor) && cursor >= 0 ? BigInt(cursor) : fail(INVALID_CURSOR);
  return /^[0-9]{1,20}$/.test(cursor) && BigInt(cursor) <= 0xffffffffffffffffn
    ? BigInt(cursor)
    : fail(INVALID_CURSOR);
}

/** The text of an integer argument to log: exact when it is, else an equivalent `fallback`. */
const intText = (n: number, fallback: number): string => String(Number.isSafeInteger(n) ? n : fallback);

export class ZSetsStore extends SetsStore {
  /**
   * @internal zset-max-listpack-entries / -value, shared by reference with every sorted set
   * this store creates (so a CONFIG SET applies to all at once).
   */
  readonly zsetLimits: ZsetLimits = { ...ZSET_DEFAULT_LIMITS };
  /**
   * Sorted sets known to hold only ASCII members, whose members the typed API returns without
   * decoding. Only this class adds members to a sorted set, so it keeps this exact: a set joins
   * when created here from ASCII members and leaves when a non-ASCII member is added. Sets made
   * elsewhere (COPY, loads) are simply not known, and decoded member by member.
   */
  private readonly asciiOnly = new WeakSet<SortedSet>();

  // ---- add, update, remove -------------------------------------------------------------------

  /**
   * Adds members with their scores, or updates the scores of members already there; returns how
   * many were added (with `ch`: added or updated). Entries are `[score, member]` pairs, a Map
   * or a record of member -> score; `zadd(key, score, member)` adds one.
   * @remarks O(log(N)) for each item added, where N is the number of elements in the sorted set.
   * @see https://redis.io/commands/zadd/
   */
  zadd(key: Bytes, score: number, member: Bytes, options?: ZAddOptions): number;
  zadd(key: Bytes, entries: ZAddEntries, options?: ZAddOptions): number;
  zadd(key: Bytes, a: number | ZAddEntries, b?: Bytes | ZAddOptions, c?: ZAddOptions): number {
    let scores: number[];
    let members: string[];
    let options: ZAddOptions;
    if (typeof a === 'number') {
      scores = [scoreArg(a)];
      members = [toBytes(b as Bytes)];
      options = c ?? {};
    } else {
      scores = [];
      members = [];
      if (Array.isArray(a)) {
        for (const [s, m] of a as readonly (readonly [number, Bytes])[]) {
          scores.push(scoreArg(s));
          members.push(toBytes(m));
        }
      } else if (a instanceof Map) {
        for (const [m, s] of a as ReadonlyMap<Bytes, number>) {
          scores.push(scoreArg(s));
          members.push(toBytes(m));
        }
      } else {
        for (const m of Object.keys(a)) {
          scores.push(scoreArg((a as Record<string, number>)[m]!));
          members.push(toBytes(m));
        }
      }
      if (members.length === 0) fail(wrongArgs('zadd'));
      options = (b as ZAddOptions | undefined) ?? {};
    }
    const flags =
      options.condition === undefined && options.comparison === undefined ? 0 : zaddFlags(options);
    const ch = options.ch === true;
    const k = toBytes(key);
    const log = this.effects.logging ? zaddLog(k, flags, ch, false, scores, members) : null;
    return this._zadd(k, flags, ch, scores, members, log);
  }

  /**
   * ZADD INCR: adds `increment` to the score of `member` (0 when absent) and returns the new
   * score, or null when `condition` / `comparison` stopped it.
   * @remarks O(log(N)) where N is the number of elements in the sorted set.
   * @see https://redis.io/commands/zadd/
   */
  zaddIncr(key: Bytes, increment: number, member: Bytes, options: ZAddIncrOptions = {}): number | null {
    const flags = zaddFlags(options);
    const incr = scoreArg(increment);
    const k = toBytes(key);
    const m = toBytes(member);
    const log = this.effects.logging ? zaddLog(k, flags, false, true, [incr], [m]) : null;
    return this._zincr(k, flags, incr, m, log);
  }

  /**
   * Adds `increment` to the score of `member` (0 when absent, creating the set) and returns the
   * new score. `+inf` plus `-inf` is an error (`resulting score is not a number (NaN)`).
   * @remarks O(log(N)) where N is the number of elements in the sorted set.
   * @see https://redis.io/commands/zincrby/
   */
  zincrby(key: Bytes, increment: number, member: Bytes): number {
    const incr = scoreArg(increment);
    const k = toBytes(key);
    const m = toBytes(member);
    const log = this.effects.logging ? ['ZINCRBY', k, formatDouble17g(incr), m] : null;
    return this._zincr(k, 0, incr, m, log) as number;
  }

  /**
   * Removes members; returns how many were there. The key goes when the set empties.
   * @remarks O(M*log(N)) with N being the number of elements in the sorted set and M the number
   * of elements to be removed.
   * @see https://redis.io/commands/zrem/
   */
  zrem(key: Bytes, ...members: Bytes[]): number {
    if (members.length === 0) fail(wrongArgs('zrem'));
    return this._zrem(toBytes(key), members.map(toBytes));
  }

  /**
   * Removes the members with indexes `start..stop` (negative from the end); returns how many.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements removed by the operation.
   * @see https://redis.io/commands/zremrangebyrank/
   */
  zremrangebyrank(key: Bytes, start: number, stop: number): number {
    const spec = rangeSpec(BY_RANK, false);
    spec.start = int64Arg(start);
    spec.stop = int64Arg(stop);
    return this._zremrange(toBytes(key), spec, null);
  }

  /**
   * Removes the members with a score in `min..max`; returns how many.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements removed by the operation.
   * @see https://redis.io/commands/zremrangebyscore/
   */
  zremrangebyscore(key: Bytes, min: ScoreBound, max: ScoreBound): number {
    const spec = rangeSpec(BY_SCORE, false);
    [spec.min, spec.minEx] = scoreBoundArg(min);
    [spec.max, spec.maxEx] = scoreBoundArg(max);
    return this._zremrange(toBytes(key), spec, null);
  }

  /**
   * Removes the members between two lex bounds (`'[a'`, `'(a'`, `'-'`, `'+'`); returns how many.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements removed by the operation.
   * @see https://redis.io/commands/zremrangebylex/
   */
  zremrangebylex(key: Bytes, min: Bytes, max: Bytes): number {
    const spec = rangeSpec(BY_LEX, false);
    spec.lexMin = lexBoundArg(min);
    spec.lexMax = lexBoundArg(max);
    return this._zremrange(toBytes(key), spec, null);
  }

  // ---- point reads ---------------------------------------------------------------------------

  /**
   * Number of members, 0 when the key does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/zcard/
   */
  zcard(key: Bytes): number {
    return this._zcard(this.readKey(key));
  }

  /**
   * Score of `member`, or null when it (or the key) does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/zscore/
   */
  zscore(key: Bytes, member: Bytes): number | null {
    return this._zscore(this.readKey(key), toBytes(member));
  }

  /**
   * Scores of `members` (null for each absent one).
   * @remarks O(N) where N is the number of members being requested.
   * @see https://redis.io/commands/zmscore/
   */
  zmscore(key: Bytes, ...members: Bytes[]): (number | null)[] {
    if (members.length === 0) fail(wrongArgs('zmscore'));
    return this._zmscore(this.readKey(key), members.map(toBytes));
  }

  /**
   * 0-based rank of `member` by ascending score, or null when absent.
   * @remarks O(log(N))
   * @see https://redis.io/commands/zrank/
   */
  zrank(key: Bytes, member: Bytes): number | null {
    return this._zrank(this.readKey(key), toBytes(member), false);
  }

  /**
   * 0-based rank of `member` by descending score, or null when absent.
   * @remarks O(log(N))
   * @see https://redis.io/commands/zrevrank/
   */
  zrevrank(key: Bytes, member: Bytes): number | null {
    return this._zrank(this.readKey(key), toBytes(member), true);
  }

  /**
   * Number of members with a score in `min..max`.
   * @remarks O(log(N)) with N being the number of elements in the sorted set.
   * @see https://redis.io/commands/zcount/
   */
  zcount(key: Bytes, min: ScoreBound, max: ScoreBound): number {
    const [lo, loEx] = scoreBoundArg(min);
    const [hi, hiEx] = scoreBoundArg(max);
    return this._zcount(this.readKey(key), lo, loEx, hi, hiEx);
  }

  /**
   * Number of members between two lex bounds (`'[a'`, `'(a'`, `'-'`, `'+'`).
   * @remarks O(log(N)) with N being the number of elements in the sorted set.
   * @see https://redis.io/commands/zlexcount/
   */
  zlexcount(key: Bytes, min: Bytes, max: Bytes): number {
    return this._zlexcount(this.readKey(key), lexBoundArg(min), lexBoundArg(max));
  }

  // ---- ranges --------------------------------------------------------------------------------

  /**
   * Members in a range: by index (`start`/`stop`, negative from the end), by score
   * (`by: 'SCORE'`) or by lex (`by: 'LEX'`), lowest first or, with `rev`, highest first.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements returned.
   * @see https://redis.io/commands/zrange/
   */
  zrange(key: Bytes, start: number | Bytes, stop: number | Bytes, options?: ZRangeOptions): string[] {
    let spec: ZRangeSpec;
    if (options === undefined || (options.by === undefined && options.limit === undefined)) {
      // By index, the leaderboard's hot path: no spec to build.
      if (typeof start !== 'number' || typeof stop !== 'number') fail(NOT_INTEGER);
      spec = rankSpec(int64Arg(start), int64Arg(stop), options?.rev === true);
    } else {
      spec = typedRangeSpec(start, stop, options);
    }
    const z = this.lookupZset(this.readKey(key));
    if (z === undefined) return [];
    const [lo, hi] = rangeIndexes(z, spec);
    const out: string[] = [];
    z.forEachInRange(lo, hi, spec.rev, (m) => {
      out.push(m);
    });
    // Decoding checks each member for UTF-8; a set known to hold only ASCII skips that.
    return this.asciiOnly.has(z) ? out : decodeList(out);
  }

  /**
   * Like {@link ZSetsStore.zrange}, with scores (not with `by: 'LEX'`, as in Redis).
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements returned.
   * @see https://redis.io/commands/zrange/
   */
  zrangeWithScores(
    key: Bytes,
    start: number | Bytes,
    stop: number | Bytes,
    options: ZRangeOptions = {},
  ): ZMember[] {
    const spec = typedRangeSpec(start, stop, options);
    if (spec.by === BY_LEX) fail(ZRANGE_WITHSCORES_BYLEX);
    const k = this.readKey(key);
    const entries = this._zrange(k, spec);
    const z = this.lookupZset(k);
    return z !== undefined && this.asciiOnly.has(z) ? entries : decodeMembers(entries);
  }

  /**
   * Stores a ZRANGE result at `destination` (replacing it; deleting it when empty); returns its
   * size.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements stored into the destination key.
   * @see https://redis.io/commands/zrangestore/
   */
  zrangestore(
    destination: Bytes,
    source: Bytes,
    start: number | Bytes,
    stop: number | Bytes,
    options: ZRangeOptions = {},
  ): number {
    const spec = typedRangeSpec(start, stop, options);
    const dst = toBytes(destination);
    const src = toBytes(source);
    const log = this.effects.logging ? rangeLog('ZRANGESTORE', [dst, src], start, stop, options) : null;
    return this._zrangestore(dst, src, spec, log);
  }

  /**
   * Members by index, highest score first.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements returned.
   * @see https://redis.io/commands/zrevrange/
   */
  zrevrange(key: Bytes, start: number, stop: number): string[] {
    return this.zrange(key, start, stop, { rev: true });
  }

  /**
   * Members with a score in `min..max`, lowest first, optionally a window of them.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements being returned.
   * @see https://redis.io/commands/zrangebyscore/
   */
  zrangebyscore(
    key: Bytes,
    min: ScoreBound,
    max: ScoreBound,
    limit?: { offset: number; count: number },
  ): string[] {
    return this.zrange(key, min, max, { by: 'SCORE', limit });
  }

  /**
   * Members with a score in `min..max`, highest first (note the argument order: max, min).
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements being returned.
   * @see https://redis.io/commands/zrevrangebyscore/
   */
  zrevrangebyscore(
    key: Bytes,
    max: ScoreBound,
    min: ScoreBound,
    limit?: { offset: number; count: number },
  ): string[] {
    return this.zrange(key, max, min, { by: 'SCORE', rev: true, limit });
  }

  /**
   * Members between two lex bounds, in byte order.
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements being returned.
   * @see https://redis.io/commands/zrangebylex/
   */
  zrangebylex(key: Bytes, min: Bytes, max: Bytes, limit?: { offset: number; count: number }): string[] {
    return this.zrange(key, min, max, { by: 'LEX', limit });
  }

  /**
   * Members between two lex bounds, in reverse byte order (arguments: max, min).
   * @remarks O(log(N)+M) with N being the number of elements in the sorted set and M the number
   * of elements being returned.
   * @see https://redis.io/commands/zrevrangebylex/
   */
  zrevrangebylex(key: Bytes, max: Bytes, min: Bytes, limit?: { offset: number; count: number }): string[] {
    return this.zrange(key, max, min, { by: 'LEX', rev: true, limit });
  }

  // ---- pops ----------------------------------------------------------------------------------

  /**
   * Removes and returns up to `count` members with the lowest scores, lowest first.
   * @remarks O(log(N)*M) with N being the number of elements in the sorted set, and M being the
   * number of elements popped.
   * @see https://redis.io/commands/zpopmin/
   */
  zpopmin(key: Bytes, count?: number): ZMember[] {
    return decodeMembers(this._zpop(toBytes(key), false, count === undefined ? -1 : popCountArg(count)));
  }

  /**
   * Removes and returns up to `count` members with the highest scores, highest first.
   * @remarks O(log(N)*M) with N being the number of elements in the sorted set, and M being the
   * number of elements popped.
   * @see https://redis.io/commands/zpopmax/
   */
  zpopmax(key: Bytes, count?: number): ZMember[] {
    return decodeMembers(this._zpop(toBytes(key), true, count === undefined ? -1 : popCountArg(count)));
  }

  /**
   * Pops up to `count` members from the first of `keys` that holds a sorted set, lowest (`MIN`)
   * or highest (`MAX`) first; null when none does.
   * @remarks O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of
   * elements in the sorted set, and M being the number of elements popped.
   * @see https://redis.io/commands/zmpop/
   */
  zmpop(keys: readonly Bytes[], where: 'MIN' | 'MAX', count = 1): ZMultiPopResult | null {
    if (keys.length === 0) fail(NUMKEYS_NOT_POSITIVE);
    const max = whereArg(where);
    const r = this._zmpop(keys.map(toBytes), max, mpopCountArg(count));
    return r === null ? null : [fromBytes(r[0]), decodeMembers(r[1])];
  }

  /**
   * Pops the lowest-scored member of the first non-empty sorted set among `keys`, or waits until
   * one exists: resolves with [key, member, score], or null once `timeout` seconds have passed
   * (0 waits forever). Waiters are served first come, first served; see
   * {@link ListsStore.blpop} for the clock and cancellation rules.
   * @remarks O(log(N)) with N being the number of elements in the sorted set.
   * @see https://redis.io/commands/bzpopmin/
   */
  bzpopmin(
    keys: Bytes | readonly Bytes[],
    timeout: number,
    options?: BlockingOptions,
  ): Promise<ZPopResult | null> {
    return this.blockingCall(
      options,
      () => this._bzpop(keyList(keys, 'bzpopmin'), false, -1, timeoutArg(timeout), false),
      popResult,
    );
  }

  /**
   * Like {@link ZSetsStore.bzpopmin}, popping the highest-scored member.
   * @remarks O(log(N)) with N being the number of elements in the sorted set.
   * @see https://redis.io/commands/bzpopmax/
   */
  bzpopmax(
    keys: Bytes | readonly Bytes[],
    timeout: number,
    options?: BlockingOptions,
  ): Promise<ZPopResult | null> {
    return this.blockingCall(
      options,
      () => this._bzpop(keyList(keys, 'bzpopmax'), true, -1, timeoutArg(timeout), false),
      popResult,
    );
  }

  /**
   * Like {@link ZSetsStore.zmpop}, waiting up to `timeout` seconds (0 = forever) for one of
   * `keys` to hold a sorted set: resolves with [key, members], or null on timeout.
   * @remarks O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of
   * elements in the sorted set, and M being the number of elements popped.
   * @see https://redis.io/commands/bzmpop/
   */
  bzmpop(
    timeout: number,
    keys: readonly Bytes[],
    where: 'MIN' | 'MAX',
    options: BZMPopOptions = {},
  ): Promise<ZMultiPopResult | null> {
    return this.blockingCall(
      options,
      () => {
        if (keys.length === 0) fail(NUMKEYS_NOT_POSITIVE);
        const max = whereArg(where);
        const count = mpopCountArg(options.count ?? 1);
        return this._bzpop(keys.map(toBytes), max, count, timeoutArg(timeout), false);
      },
      (r) => (r === null ? null : ([fromBytes(r[0]), decodeMembers(r[1])] as ZMultiPopResult)),
    );
  }

  // ---- random, scan --------------------------------------------------------------------------

  /**
   * A random member, or null when the key does not exist.
   * @remarks O(log(N))
   * @see https://redis.io/commands/zrandmember/
   */
  zrandmember(key: Bytes): string | null {
    const m = this._zrandmember(this.readKey(key));
    return m === null ? null : fromBytes(m);
  }

  /**
   * `count` distinct random members (all of them if fewer), or with a negative count `-count`
   * members that may repeat.
   * @remarks O(N) where N is the number of members returned
   * @see https://redis.io/commands/zrandmember/
   */
  zrandmemberCount(key: Bytes, count: number): string[] {
    return this._zrandmemberCount(this.readKey(key), randomCountArg(count, false)).map((e) =>
      fromBytes(e[0]),
    );
  }

  /**
   * Like {@link ZSetsStore.zrandmemberCount}, with scores.
   * @remarks O(N) where N is the number of members returned
   * @see https://redis.io/commands/zrandmember/
   */
  zrandmemberWithScores(key: Bytes, count: number): ZMember[] {
    return decodeMembers(this._zrandmemberCount(this.readKey(key), randomCountArg(count, true)));
  }

  /**
   * One step of a ZSCAN walk: the next cursor ('0' when done) and [member, score] pairs.
   * @remarks O(1) for every call. O(N) for a complete iteration.
   * @see https://redis.io/commands/zscan/
   */
  zscan(key: Bytes, cursor: string | number, options: ZScanOptions = {}): [string, ZMember[]] {
    const c = scanCursorArg(cursor);
    const z = this.lookupZset(this.readKey(key));
    if (z === undefined) return ['0', []];
    const count = options.count ?? 10;
    if (!Number.isInteger(count) || count < 1) fail(SYNTAX);
    const match = options.match === undefined ? null : toBytes(options.match);
    const [next, entries] = this._zscan(z, c, match, count);
    return [next, decodeMembers(entries)];
  }

  // ---- set operations ------------------------------------------------------------------------

  /**
   * Union of sorted sets (plain sets count with score 1), ordered by the aggregated score.
   * @remarks O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M
   * being the number of elements in the resulting sorted set.
   * @see https://redis.io/commands/zunion/
   */
  zunion(keys: readonly Bytes[], options: ZSetOpOptions = {}): string[] {
    return this.zunionWithScores(keys, options).map((e) => e[0]);
  }

  /**
   * {@link ZSetsStore.zunion} with scores.
   * @remarks O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M
   * being the number of elements in the resulting sorted set.
   * @see https://redis.io/commands/zunion/
   */
  zunionWithScores(keys: readonly Bytes[], options: ZSetOpOptions = {}): ZMember[] {
    return decodeMembers(this.typedSetOp(keys, options, SET_OP_UNION, 'zunion'));
  }

  /**
   * Intersection of sorted sets (plain sets count with score 1).
   * @remarks O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being
   * the number of input sorted sets and M being the number of elements in the resulting sorted
   * set.
   * @see https://redis.io/commands/zinter/
   */
  zinter(keys: readonly Bytes[], options: ZSetOpOptions = {}): string[] {
    return this.zinterWithScores(keys, options).map((e) => e[0]);
  }

  /**
   * {@link ZSetsStore.zinter} with scores.
   * @remarks O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being
   * the number of input sorted sets and M being the number of elements in the resulting sorted
   * set.
   * @see https://redis.io/commands/zinter/
   */
  zinterWithScores(keys: readonly Bytes[], options: ZSetOpOptions = {}): ZMember[] {
    return decodeMembers(this.typedSetOp(keys, options, SET_OP_INTER, 'zinter'));
  }

  /**
   * Members of the first sorted set that are in none of the others.
   * @remarks O(L + (N-K)log(N)) worst case where L is the total number of elements in all the
   * sets, N is the size of the first set, and K is the size of the result set.
   * @see https://redis.io/commands/zdiff/
   */
  zdiff(keys: readonly Bytes[]): string[] {
    return this.zdiffWithScores(keys).map((e) => e[0]);
  }

  /**
   * {@link ZSetsStore.zdiff} with scores.
   * @remarks O(L + (N-K)log(N)) worst case where L is the total number of elements in all the
   * sets, N is the size of the first set, and K is the size of the result set.
   * @see https://redis.io/commands/zdiff/
   */
  zdiffWithScores(keys: readonly Bytes[]): ZMember[] {
    return decodeMembers(this.typedSetOp(keys, {}, SET_OP_DIFF, 'zdiff'));
  }

  /**
   * Stores the union at `destination` (deleting it when empty); returns its size.
   * @remarks O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M
   * being the number of elements in the resulting sorted set.
   * @see https://redis.io/commands/zunionstore/
   */
  zunionstore(destination: Bytes, keys: readonly Bytes[], options: ZSetOpOptions = {}): number {
    return this.typedSetOpStore(destination, keys, options, SET_OP_UNION, 'ZUNIONSTORE');
  }

  /**
   * Stores the intersection at `destination` (deleting it when empty); returns its size.
   * @remarks O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being
   * the number of input sorted sets and M being the number of elements in the resulting sorted
   * set.
   * @see https://redis.io/commands/zinterstore/
   */
  zinterstore(destination: Bytes, keys: readonly Bytes[], options: ZSetOpOptions = {}): number {
    return this.typedSetOpStore(destination, keys, options, SET_OP_INTER, 'ZINTERSTORE');
  }

  /**
   * Stores the difference at `destination` (deleting it when empty); returns its size.
   * @remarks O(L + (N-K)log(N)) worst case where L is the total number of elements in all the
   * sets, N is the size of the first set, and K is the size of the result set.
   * @see https://redis.io/commands/zdiffstore/
   */
  zdiffstore(destination: Bytes, keys: readonly Bytes[]): number {
    return this.typedSetOpStore(destination, keys, {}, SET_OP_DIFF, 'ZDIFFSTORE');
  }

  /**
   * Size of the intersection, counting up to `limit` (0: no limit).
   * @remarks O(N*K) worst case with N being the smallest input sorted set, K being the number of
   * input sorted sets.
   * @see https://redis.io/commands/zintercard/
   */
  zintercard(keys: readonly Bytes[], options: ZInterCardOptions = {}): number {
    const ks = keysArg(keys, 'zintercard');
    const limit = options.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0) fail(LIMIT_NEGATIVE);
    return this._zintercard(this._zsetopSources(ks), limit);
  }

  // ---- SORT ----------------------------------------------------------------------------------

  /**
   * Sorts the elements of a list, set or sorted set (numerically, or with `alpha` as byte
   * strings) and returns them, or the values of the `get` patterns for each.
   * @remarks O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M
   * the number of returned elements. When the elements are not sorted, complexity is O(N).
   * @see https://redis.io/commands/sort/
   */
  sort(key: Bytes, options: SortOptions = {}): (string | null)[] {
    const r = this._sort(toBytes(key), sortSpec(options, null), null) as (string | null)[];
    return r.map((v) => (v === null ? null : fromBytes(v)));
  }

  /**
   * SORT ... STORE: stores the result as a list at `destination` (missing GET values as empty
   * strings; an empty result deletes it) and returns its length.
   * @remarks O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M
   * the number of returned elements.
   * @see https://redis.io/commands/sort/
   */
  sortStore(key: Bytes, destination: Bytes, options: SortOptions = {}): number {
    const k = toBytes(key);
    const spec = sortSpec(options, toBytes(destination));
    const log = this.effects.logging ? sortLog(k, spec) : null;
    return this._sort(k, spec, log) as number;
  }

  /**
   * The read-only SORT (no STORE).
   * @remarks O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M
   * the number of returned elements.
   * @see https://redis.io/commands/sort_ro/
   */
  sortRo(key: Bytes, options: SortOptions = {}): (string | null)[] {
    return this.sort(key, options);
  }

  // ---- byte-level implementations (shared with commands/zsets.ts and commands/sort.ts) --------

  /** @internal the sorted set at `key` for a read, undefined when missing, WRONGTYPE otherwise. */
  lookupZset(key: string): SortedSet | undefined {
    const v = this.lookupRead(key);
    if (v === undefined || v instanceof SortedSet) return v;
    return this.wrongType();
  }

  /** @internal like lookupZset, for a write. */
  lookupZsetWrite(key: string): SortedSet | undefined {
    const v = this.lookupWrite(key);
    if (v === undefined || v instanceof SortedSet) return v;
    return this.wrongType();
  }

  /**
   * @internal ZADD without INCR (zaddGenericCommand), scores parsed. `log` is the argv to log
   * (as issued) when logging, else null.
   */
  _zadd(
    key: string,
    flags: number,
    ch: boolean,
    scores: number[],
    members: string[],
    log: string[] | null,
  ): number {
    const db = this.db;
    let z = this.lookupZsetWrite(key);
    if (z === undefined) {
      if ((flags & ZADD_XX) !== 0) return 0;
      z = this.createZset(db, key, members[0]!);
    }
    let added = 0;
    let updated = 0;
    for (let i = 0; i < members.length; i++) {
      const r = z.add(members[i]!, scores[i]!, flags);
      if (r === 'added') {
        added++;
        if (!isAscii(members[i]!)) this.asciiOnly.delete(z);
      } else if (r === 'updated') updated++;
    }
    if (added + updated > 0) {
      const effects = this.effects;
      effects.touch(db.id, key);
      effects.event(NOTIFY.ZSET, 'zadd', key, db.id);
      if (log !== null && effects.logging) effects.propagate(db.id, log);
      this.serveBlocked();
    }
    return ch ? added + updated : added;
  }

  /**
   * @internal ZADD INCR / ZINCRBY: the new score, or null when NX/XX/GT/LT stopped it. The
   * reply is the computed score (for a new member of a `listpack` set a -0 increment replies
   * "-0" though the set stores 0, as Redis's newscore does).
   */
  _zincr(key: string, flags: number, incr: number, member: string, log: string[] | null): number | null {
    const db = this.db;
    let z = this.lookupZsetWrite(key);
    if (z === undefined) {
      if ((flags & ZADD_XX) !== 0) return null;
      z = this.createZset(db, key, member);
    }
    const cur = z.score(member);
    let score: number;
    if (cur === undefined) {
      if ((flags & ZADD_XX) !== 0) return null;
      score = incr;
      z.add(member, score);
      if (!isAscii(member)) this.asciiOnly.delete(z);
    } else {
      if ((flags & ZADD_NX) !== 0) return null;
      score = cur + incr;
      if (Number.isNaN(score)) fail(ZSCORE_NAN);
      if (((flags & ZADD_LT) !== 0 && score >= cur) || ((flags & ZADD_GT) !== 0 && score <= cur)) return null;
      if (score === cur) return score;
      z.add(member, score);
    }
    const effects = this.effects;
    effects.touch(db.id, key);
    effects.event(NOTIFY.ZSET, 'zincr', key, db.id);
    if (log !== null && effects.logging) effects.propagate(db.id, log);
    this.serveBlocked();
    return score;
  }

  /** @internal ZREM. */
  _zrem(key: string, members: string[]): number {
    const db = this.db;
    const z = this.lookupZsetWrite(key);
    if (z === undefined) return 0;
    let deleted = 0;
    let removed = false;
    for (const m of members) {
      if (z.delete(m)) deleted++;
      if (z.size === 0) {
        db.remove(key);
        removed = true;
        break;
      }
    }
    if (deleted > 0) {
      const effects = this.effects;
      effects.event(NOTIFY.ZSET, 'zrem', key, db.id);
      if (removed) effects.event(NOTIFY.GENERIC, 'del', key, db.id);
      effects.touch(db.id, key);
      if (effects.logging) effects.propagate(db.id, ['ZREM', key, ...members]);
    }
    return deleted;
  }

  /** @internal ZREMRANGEBYRANK / BYSCORE / BYLEX (zremrangeGenericCommand). */
  _zremrange(key: string, spec: ZRangeSpec, log: string[] | null): number {
    const db = this.db;
    const z = this.lookupZsetWrite(key);
    if (z === undefined) return 0;
    const [lo, hi] = rangeIndexes(z, spec);
    const deleted = z.deleteRangeByIndex(lo, hi);
    if (deleted > 0) {
      const effects = this.effects;
      const name =
        spec.by === BY_RANK
          ? 'zremrangebyrank'
          : spec.by === BY_SCORE
            ? 'zremrangebyscore'
            : 'zremrangebylex';
      if (z.size === 0) db.remove(key);
      effects.touch(db.id, key);
      effects.event(NOTIFY.ZSET, name, key, db.id);
      if (z.size === 0) effects.event(NOTIFY.GENERIC, 'del', key, db.id);
      if (effects.logging) effects.propagate(db.id, log ?? remrangeLog(name.toUpperCase(), key, spec));
    }
    return deleted;
  }

  /** @internal ZCARD */
  _zcard(key: string): number {
    return this.lookupZset(key)?.size ?? 0;
  }

  /** @internal ZSCORE */
  _zscore(key: string, member: string): number | null {
    return this.lookupZset(key)?.score(member) ?? null;
  }

  /** @internal ZMSCORE */
  _zmscore(key: string, members: string[]): (number | null)[] {
    const z = this.lookupZset(key);
    return members.map((m) => z?.score(m) ?? null);
  }

  /** @internal ZRANK / ZREVRANK */
  _zrank(key: string, member: string, reverse: boolean): number | null {
    return this.lookupZset(key)?.rank(member, reverse) ?? null;
  }

  /** @internal ZCOUNT */
  _zcount(key: string, min: number, minEx: boolean, max: number, maxEx: boolean): number {
    return this.lookupZset(key)?.countByScore(min, minEx, max, maxEx) ?? 0;
  }

  /** @internal ZLEXCOUNT */
  _zlexcount(key: string, min: LexBound, max: LexBound): number {
    return this.lookupZset(key)?.countByLex(min, max) ?? 0;
  }

  /** @internal ZRANGE family read: the entries in reply order (empty for a missing key). */
  _zrange(key: string, spec: ZRangeSpec): ZMember[] {
    const z = this.lookupZset(key);
    if (z === undefined) return [];
    const [lo, hi] = rangeIndexes(z, spec);
    const out: ZMember[] = [];
    z.forEachInRange(lo, hi, spec.rev, (m, s) => out.push([m, s]));
    return out;
  }

  /**
   * @internal ZRANGESTORE: the result is built as Redis builds it — `skiplist` from the start
   * for an index range longer than zset-max-listpack-entries, else `listpack` converted by the
   * inserts that pass the limits.
   */
  _zrangestore(dst: string, src: string, spec: ZRangeSpec, log: string[] | null): number {
    const db = this.db;
    const entries = this._zrange(src, spec);
    const n = entries.length;
    const effects = this.effects;
    if (n === 0) {
      if (this.keyExists(db, dst) && this.deleteKey(db, dst)) {
        effects.event(NOTIFY.GENERIC, 'del', dst, db.id);
        if (log !== null && effects.logging) effects.propagate(db.id, log);
      }
      return 0;
    }
    const limits = this.zsetLimits;
    const z = new SortedSet(
      limits,
      spec.by === BY_RANK && n > limits.maxListpackEntries ? 'skiplist' : 'listpack',
    );
    for (const [m, s] of entries) z.add(m, s);
    if (entries.every((e) => isAscii(e[0]))) this.asciiOnly.add(z);
    this.setKey(db, dst, z);
    effects.event(NOTIFY.ZSET, 'zrangestore', dst, db.id);
    if (log !== null && effects.logging) effects.propagate(db.id, log);
    this.serveBlocked();
    return n;
  }

  /**
   * @internal ZPOPMIN / ZPOPMAX: `count` -1 is the plain form (one member); logged as issued.
   * Empty for a missing key or a count of 0.
   */
  _zpop(key: string, max: boolean, count: number): ZMember[] {
    const z = this.lookupZsetWrite(key);
    if (z === undefined || count === 0) return [];
    const n = count === -1 ? 1 : count;
    const out = this.popFrom(this.db, key, z, max, n, null);
    if (this.effects.logging) {
      const argv = [max ? 'ZPOPMAX' : 'ZPOPMIN', key];
      if (count !== -1) argv.push(intText(count, out.length));
      this.effects.propagate(this.db.id, argv);
    }
    return out;
  }

  /** @internal ZMPOP: [key, entries] from the first sorted set found, or null. */
  _zmpop(keys: string[], max: boolean, count: number): [string, ZMember[]] | null {
    for (const key of keys) {
      const z = this.lookupZsetWrite(key);
      if (z === undefined) continue;
      return [key, this.popFrom(this.db, key, z, max, count, true)];
    }
    return null;
  }

  /**
   * @internal BZPOPMIN / BZPOPMAX (`count` -1) and BZMPOP (blockingGenericZpopCommand): [key,
   * entries] from the first non-empty sorted set, else a Waiter (null on timeout) — or null at
   * once when `deny`.
   */
  _bzpop(
    keys: string[],
    max: boolean,
    count: number,
    timeoutMs: number,
    deny: boolean,
  ): [string, ZMember[]] | null | Waiter<[string, ZMember[]] | null> {
    const db = this.db;
    for (const key of keys) {
      const z = this.lookupZsetWrite(key);
      if (z === undefined || z.size === 0) continue;
      return [key, this.popFrom(db, key, z, max, count === -1 ? 1 : count, count !== -1)];
    }
    if (deny) return null;
    return this.blockingRegistry().block<[string, ZMember[]] | null>({
      db: db.id,
      keys,
      deadline: deadlineOf(timeoutMs, this.clock.now()),
      timeoutValue: null,
      serve: (key) => {
        const z = this.lookupWrite(key);
        if (!(z instanceof SortedSet) || z.size === 0) return NOT_SERVED;
        return [key, this.popFrom(this.db, key, z, max, count === -1 ? 1 : count, count !== -1)];
      },
    });
  }

  /** @internal ZRANDMEMBER without a count. */
  _zrandmember(key: string): string | null {
    const z = this.lookupZset(key);
    if (z === undefined) return null;
    return z.randomEntry(this.randomInt)![0];
  }

  /**
   * @internal ZRANDMEMBER with a count (zrandmemberWithCountCommand): distinct members for a
   * positive count (the whole set, highest first, when it is no larger), repeats for a negative
   * one.
   */
  _zrandmemberCount(key: string, count: number): ZMember[] {
    const z = this.lookupZset(key);
    if (z === undefined || count === 0) return [];
    const rand = this.randomInt;
    const size = z.size;
    if (count < 0 || count === 1) {
      const n = count < 0 ? -count : 1;
      const out = new Array<ZMember>(n);
      for (let i = 0; i < n; i++) out[i] = z.randomEntry(rand)!;
      return out;
    }
    // The whole set, in zuiNext's order: Redis iterates a sorted set from its highest member.
    if (count >= size) return [...z.entries(0, size - 1, true)];
    // Redis's CASE 3 (remove random members from a copy) when the count is close to the size,
    // else CASE 4 (draw until enough distinct ones).
    const picked = new Set<number>();
    if (count * 3 > size) {
      const idx = Array.from({ length: size }, (_, i) => i);
      while (idx.length > count) {
        const i = rand(idx.length);
        idx[i] = idx[idx.length - 1]!;
        idx.pop();
      }
      return idx.map((i) => z.at(i)!);
    }
    const out: ZMember[] = [];
    while (out.length < count) {
      const i = rand(size);
      if (picked.has(i)) continue;
      picked.add(i);
      out.push(z.at(i)!);
    }
    return out;
  }

  /**
   * @internal ZSCAN over a set already looked up: a `listpack` set whole with cursor 0, a
   * `skiplist` one by cursor (the caller formats the scores: see formatListpackScore).
   */
  _zscan(z: SortedSet, cursor: bigint, pattern: string | null, count: number): [string, ZMember[]] {
    const match = pattern === null || matchesAllKeys(pattern) ? null : compileGlob(pattern);
    const out: ZMember[] = [];
    if (z.encoding() === 'listpack') {
      for (const e of z.entries()) if (match === null || match(e[0])) out.push(e);
      return ['0', out];
    }
    const [next, batch] = this.scanCursors.step(cursor, z, () => z.scores.entries(), count) as [
      number,
      [string, number][],
    ];
    for (const [m, s] of batch) if (match === null || match(m)) out.push([m, s]);
    return [String(next), out];
  }

  /**
   * @internal the inputs of ZUNION / ZINTER / ZDIFF / ZINTERCARD and their STORE forms, looked
   * up (and type checked: sorted sets and sets) in order, weights 1.
   */
  _zsetopSources(keys: string[]): ZSetOpSource[] {
    return keys.map((k) => {
      const v = this.lookupRead(k);
      if (v !== undefined && !(v instanceof SortedSet) && !(v instanceof RedisSet)) this.wrongType();
      return { z: (v as SortedSet | RedisSet | undefined) ?? null, weight: 1 };
    });
  }

  /**
   * @internal the member -> score result of a set operation (zunionInterDiffGenericCommand).
   * Inputs are taken smallest first (a stable sort, as glibc's qsort), so a member's scores
   * aggregate in Redis's order; a weighted score that is NaN (inf * 0) counts as 0, and so does
   * a SUM that is NaN (inf + -inf).
   */
  _zsetop(sources: ZSetOpSource[], op: SetOp, aggregate: Aggregate): Map<string, number> {
    const out = new Map<string, number>();
    if (op === SET_OP_DIFF) {
      const first = sources[0]!.z;
      if (first === null) return out;
      const others = sources.slice(1).filter((s) => s.z !== null && s.z.size > 0);
      for (const [m, s] of entriesOf(first)) {
        if (!others.some((o) => o.z!.has(m))) out.set(m, s);
      }
      return out;
    }
    const srcs = [...sources].sort((a, b) => sizeOf(a) - sizeOf(b));
    if (op === SET_OP_INTER) {
      this.intersectSources(srcs, aggregate, (m, s) => {
        out.set(m, s);
        return false;
      });
      return out;
    }
    for (const src of srcs) {
      if (src.z === null) continue;
      const w = src.weight;
      for (const [m, s0] of entriesOf(src.z)) {
        let s = w * s0;
        if (Number.isNaN(s)) s = 0;
        const cur = out.get(m);
        out.set(m, cur === undefined ? s : aggregateScore(cur, s, aggregate));
      }
    }
    return out;
  }

  /** @internal ZINTERCARD: the intersection's size, stopping at `limit` (0: none). */
  _zintercard(sources: ZSetOpSource[], limit: number): number {
    const srcs = [...sources].sort((a, b) => sizeOf(a) - sizeOf(b));
    let n = 0;
    this.intersectSources(srcs, AGGR_SUM, () => ++n === limit);
    return n;
  }

  /** @internal a set operation's result as reply entries, ordered by (score, member). */
  _zsetopEntries(result: Map<string, number>): ZMember[] {
    const out: ZMember[] = [];
    for (const [m, s] of result) out.push([m, s]);
    return out.sort(compareEntries);
  }

  /**
   * @internal stores a set operation's result at `dst` (the map becomes the set; `listpack`
   * when small enough, as zsetConvertToListpackIfNeeded), or deletes `dst` when it is empty.
   */
  _zsetopStore(dst: string, result: Map<string, number>, op: SetOp, log: string[] | null): number {
    const db = this.db;
    const effects = this.effects;
    const size = result.size;
    if (size > 0) {
      this.setKey(db, dst, SortedSet.fromMap(result, this.zsetLimits));
      const name = op === SET_OP_UNION ? 'zunionstore' : op === SET_OP_INTER ? 'zinterstore' : 'zdiffstore';
      effects.event(NOTIFY.ZSET, name, dst, db.id);
    } else if (this.keyExists(db, dst) && this.deleteKey(db, dst)) {
      effects.event(NOTIFY.GENERIC, 'del', dst, db.id);
    } else {
      return 0;
    }
    if (log !== null && effects.logging) effects.propagate(db.id, log);
    if (size > 0) this.serveBlocked();
    return size;
  }

  /**
   * @internal SORT / SORT_RO (sortCommandGeneric) with parsed options: the elements (or GET
   * values, null when missing) — or, with STORE, the stored length.
   */
  _sort(key: string, spec: SortSpec, log: string[] | null): (string | null)[] | number {
    const db = this.db;
    const v = this.lookupRead(key);
    if (v !== undefined && !(v instanceof List) && !(v instanceof RedisSet) && !(v instanceof SortedSet))
      this.wrongType();
    let { desc, alpha, dontsort, by } = spec;
    const store = spec.store;
    // A set's iteration order is not deterministic across replicas: sorted when stored.
    if (dontsort && v instanceof RedisSet && store !== null) {
      dontsort = false;
      alpha = true;
      by = null;
    }
    // sort.c converts the sorted set it reads, even for SORT_RO.
    if (v instanceof SortedSet) v.convertToSkiplist();
    const vectorlen = v === undefined ? 0 : v instanceof List ? v.length : v.size;
    let start = Math.min(Math.max(spec.limitStart, 0), vectorlen);
    const limitCount = Math.min(Math.max(spec.limitCount, -1), vectorlen);
    let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
    if (start >= vectorlen) {
      start = vectorlen - 1;
      end = vectorlen - 2;
    }
    if (end >= vectorlen) end = vectorlen - 1;
    let vector: string[];
    if (v === undefined) {
      vector = [];
    } else if (dontsort && !(v instanceof RedisSet)) {
      // Lists and sorted sets keep their own order, reversed by DESC; LIMIT is applied here.
      vector = [];
      if (end >= start) {
        const n = vectorlen;
        if (v instanceof List) {
          vector = desc ? v.range(n - 1 - end, n - 1 - start).reverse() : v.range(start, end);
        } else {
          const zs = v as SortedSet;
          if (desc) zs.forEachInRange(n - 1 - end, n - 1 - start, true, (m) => vector.push(m));
          else zs.forEachInRange(start, end, false, (m) => vector.push(m));
        }
        end -= start;
        start = 0;
      }
    } else if (v instanceof List) {
      vector = v.toArray();
    } else if (v instanceof RedisSet) {
      vector = v.members();
    } else {
      vector = [...(v as SortedSet).scores.keys()];
    }
    let conversionError = false;
    if (!dontsort) {
      const n = vector.length;
      const scores = new Float64Array(n);
      const cmpobj: (string | null)[] = new Array(n).fill(null);
      for (let j = 0; j < n; j++) {
        let byval: string | null;
        if (by !== null) {
          byval = this.lookupKeyByPattern(by, vector[j]!);
          if (byval === null) continue;
        } else {
          byval = vector[j]!;
        }
        if (alpha) {
          if (by !== null) cmpobj[j] = byval;
        } else {
          const d = sortScore(byval);
          if (d === null) conversionError = true;
          else scores[j] = d;
        }
      }
      const order = Array.from({ length: n }, (_, i) => i);
      const sign = desc ? -1 : 1;
      const cmpBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
      order.sort((a, b) => {
        let cmp: number;
        if (!alpha) {
          const sa = scores[a]!;
          const sb = scores[b]!;
          cmp = sa > sb ? 1 : sa < sb ? -1 : cmpBytes(vector[a]!, vector[b]!);
        } else if (by !== null) {
          const ca = cmpobj[a]!;
          const cb = cmpobj[b]!;
          if (ca === null || cb === null) cmp = ca === cb ? 0 : ca === null ? -1 : 1;
          else cmp = cmpBytes(ca, cb);
        } else {
          cmp = cmpBytes(vector[a]!, vector[b]!);
        }
        return sign * cmp;
      });
      vector = order.map((i) => vector[i]!);
    }
    const gets = spec.gets;
    const getop = gets.length;
    const outputlen = getop > 0 ? getop * (end - start + 1) : end - start + 1;
    if (conversionError) fail(SORT_NOT_DOUBLE);
    if (store === null) {
      const out: (string | null)[] = [];
      for (let j = start; j <= end; j++) {
        if (getop === 0) out.push(vector[j]!);
        for (const g of gets) out.push(this.lookupKeyByPattern(g, vector[j]!));
      }
      return out;
    }
    const list = new List();
    for (let j = start; j <= end; j++) {
      if (getop === 0) list.pushRight(vector[j]!);
      else for (const g of gets) list.pushRight(this.lookupKeyByPattern(g, vector[j]!) ?? '');
    }
    const effects = this.effects;
    if (outputlen > 0) {
      this.setKey(db, store, list);
      effects.event(NOTIFY.LIST, 'sortstore', store, db.id);
    } else if (this.keyExists(db, store) && this.deleteKey(db, store)) {
      effects.event(NOTIFY.GENERIC, 'del', store, db.id);
    } else {
      return 0;
    }
    if (log !== null && effects.logging) effects.propagate(db.id, log);
    if (outputlen > 0) this.serveBlocked();
    return outputlen;
  }

  /**
   * @internal sort.c lookupKeyByPattern: `#` is the element itself; otherwise the first `*` is
   * replaced by it and the key read as a string, or with `->field` (after the `*`, not last) as
   * a hash field. Null when the pattern has no `*`, the key is missing or of another type. The
   * searches stop at a NUL, as C's strchr / strstr do.
   */
  lookupKeyByPattern(pattern: string, subst: string): string | null {
    const nul = pattern.indexOf('\0');
    const clen = nul === -1 ? pattern.length : nul;
    if (clen === 1 && pattern.charCodeAt(0) === 35 /* # */) return subst;
    const p = pattern.indexOf('*');
    if (p === -1 || p >= clen) return null;
    const f = pattern.indexOf('->', p + 1);
    let field: string | null = null;
    if (f !== -1 && f + 2 < clen) field = pattern.slice(f + 2);
    const postEnd = field === null ? pattern.length : pattern.length - field.length - 2;
    const key = pattern.slice(0, p) + subst + pattern.slice(p + 1, postEnd);
    const o = this.lookupRead(key);
    if (o === undefined) return null;
    if (field !== null) return o instanceof Hash ? (o.get(field) ?? null) : null;
    return typeof o === 'string' ? this.db.bytes(o) : null;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private readonly randomInt = (n: number): number => this.rand(n);

  /**
   * A new sorted set at `key` (dbAdd), `skiplist` from the start when zset-max-listpack-entries
   * is 0 or the first member is too long, as zaddGenericCommand creates it. Not touched: the
   * caller touches it once it holds something.
   */
  private createZset(db: Db, key: string, firstMember: string): SortedSet {
    const limits = this.zsetLimits;
    const skiplist = limits.maxListpackEntries === 0 || firstMember.length > limits.maxListpackValue;
    const z = new SortedSet(limits, skiplist ? 'skiplist' : 'listpack');
    this.asciiOnly.add(z);
    db.put(key, z);
    this.keyAdded(db, key); // dbAdd
    if (db.access !== null) db.access.set(key, this.clock.now());
    return z;
  }

  /**
   * genericZpopCommand's pop of `count` (>= 1) members: events, touch, the key's deletion when
   * emptied; with `logCount` logged as `ZPOPMIN|ZPOPMAX key <popped>` (ZMPOP, BZMPOP), with
   * false as `ZPOPMIN|ZPOPMAX key` (BZPOPMIN, BZPOPMAX), with null not at all (the caller logs).
   */
  private popFrom(
    db: Db,
    key: string,
    z: SortedSet,
    max: boolean,
    count: number,
    logCount: boolean | null,
  ): ZMember[] {
    const out = max ? z.popMax(count) : z.popMin(count);
    const effects = this.effects;
    effects.event(NOTIFY.ZSET, max ? 'zpopmax' : 'zpopmin', key, db.id);
    effects.touch(db.id, key);
    if (z.size === 0) {
      db.remove(key);
      effects.event(NOTIFY.GENERIC, 'del', key, db.id);
    }
    if (logCount !== null && effects.logging) {
      const argv = [max ? 'ZPOPMAX' : 'ZPOPMIN', key];
      if (logCount) argv.push(String(out.length));
      effects.propagate(db.id, argv);
    }
    return out;
  }

  /**
   * Calls `found(member, score)` for each member of the first (smallest) source present in all
   * the others, with its aggregated score, until `found` returns true.
   */
  private intersectSources(
    srcs: ZSetOpSource[],
    aggregate: Aggregate,
    found: (m: string, s: number) => boolean,
  ): void {
    const first = srcs[0]!;
    if (sizeOf(first) === 0) return;
    for (const [m, s0] of entriesOf(first.z!)) {
      let score = first.weight * s0;
      if (Number.isNaN(score)) score = 0;
      let all = true;
      for (let j = 1; j < srcs.length; j++) {
        const src = srcs[j]!;
        let value: number;
        if (src.z === first.z) value = s0 * src.weight;
        else {
          const z = src.z!;
          if (z instanceof SortedSet) {
            const v = z.score(m);
            if (v === undefined) {
              all = false;
              break;
            }
            value = v * src.weight;
          } else if (z.has(m)) value = src.weight;
          else {
            all = false;
            break;
          }
        }
        score = aggregateScore(score, value, aggregate);
      }
      if (all && found(m, score)) return;
    }
  }

  private typedSetOp(keys: readonly Bytes[], options: ZSetOpOptions, op: SetOp, name: string): ZMember[] {
    const ks = keysArg(keys, name);
    const { weights, aggregate } = setOpArgs(ks, options);
    const sources = this._zsetopSources(ks);
    if (weights !== null) for (let i = 0; i < weights.length; i++) sources[i]!.weight = weights[i]!;
    return this._zsetopEntries(this._zsetop(sources, op, aggregate));
  }

  private typedSetOpStore(
    destination: Bytes,
    keys: readonly Bytes[],
    options: ZSetOpOptions,
    op: SetOp,
    name: string,
  ): number {
    const ks = keysArg(keys, name.toLowerCase());
    const { weights, aggregate } = setOpArgs(ks, options);
    const dst = toBytes(destination);
    const sources = this._zsetopSources(ks);
    if (weights !== null) for (let i = 0; i < weights.length; i++) sources[i]!.weight = weights[i]!;
    const result = this._zsetop(sources, op, aggregate);
    let log: string[] | null = null;
    if (this.effects.logging) {
      log = [name, dst, String(ks.length), ...ks];
      if (weights !== null) log.push('WEIGHTS', ...weights.map(formatDouble17g));
      if (options.aggregate !== undefined) log.push('AGGREGATE', options.aggregate);
    }
    return this._zsetopStore(dst, result, op, log);
  }
}

// ---- module helpers --------------------------------------------------------------------------

/**
 * @internal a ZRANGE spec as an ascending index range [lo, hi] (empty when lo > hi), walked
 * from hi down when `spec.rev`. Score and lex bounds become indexes through the tree's counts;
 * LIMIT then narrows the range from the end the walk starts at. A negative offset selects
 * nothing (Redis's skip loop runs off the end), a negative count means no limit.
 */
export function rangeIndexes(z: SortedSet, spec: ZRangeSpec): [number, number] {
  const n = z.size;
  if (spec.by === BY_RANK) {
    let s = spec.start;
    let e = spec.stop;
    if (s < 0) s += n;
    if (e < 0) e += n;
    if (s < 0) s = 0;
    if (s > e || s >= n) return EMPTY;
    if (e >= n) e = n - 1;
    return spec.rev ? [n - 1 - e, n - 1 - s] : [s, e];
  }
  let first: number;
  let last: number;
  if (spec.by === BY_SCORE) {
    // An inclusive infinite end covers the whole set on its side: no descent needed.
    first =
      spec.min === Number.NEGATIVE_INFINITY && !spec.minEx ? 0 : z.firstIndexByScore(spec.min, spec.minEx);
    last =
      spec.max === Number.POSITIVE_INFINITY && !spec.maxEx ? n - 1 : z.lastIndexByScore(spec.max, spec.maxEx);
  } else {
    first = z.firstIndexByLex(spec.lexMin);
    last = z.lastIndexByLex(spec.lexMax);
  }
  const { offset, limit } = spec;
  if (offset < 0 || first > last) return EMPTY;
  if (!spec.rev) {
    const lo = first + offset;
    return [lo, limit >= 0 ? Math.min(last, lo + limit - 1) : last];
  }
  const hi = last - offset;
  return [limit >= 0 ? Math.max(first, hi - limit + 1) : first, hi];
}

function sizeOf(src: ZSetOpSource): number {
  return src.z === null ? 0 : src.z.size;
}

/** Entries of a set-operation input: a plain set's members score 1. */
function* entriesOf(z: SortedSet | RedisSet): Generator<[string, number]> {
  if (z instanceof SortedSet) {
    yield* z.scores;
    return;
  }
  for (const m of z.each()) yield [m, 1];
}

/** zunionInterAggregate. */
function aggregateScore(target: number, val: number, aggregate: Aggregate): number {
  if (aggregate === AGGR_SUM) {
    const s = target + val;
    // inf + -inf: Redis keeps the convention that the result is 0.
    return Number.isNaN(s) ? 0 : s;
  }
  if (aggregate === AGGR_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/**
 * SORT's numeric value of an element: strtod up to the end (or a NUL), not NaN, and no ERANGE
 * (glibc reports overflow to ±inf and underflow to 0 or a subnormal). Null when Redis would
 * flag "One or more scores can't be converted into double".
 */
function sortScore(s: string): number | null {
  const { value, end } = strtod(s, 0);
  if (!atCEnd(s, end) || Number.isNaN(value)) return null;
  const token = s.slice(0, end);
  if (!Number.isFinite(value) && !/inf/i.test(token)) return null;
  if (value !== 0 && Math.abs(value) < 2.2250738585072014e-308) return null;
  if (value === 0) {
    let m = token.replace(/^[\s+-]*/, '');
    let nonzero: boolean;
    if (/^0[xX]/.test(m)) {
      m = m.slice(2).split(/[pP]/)[0]!;
      nonzero = /[1-9a-fA-F]/.test(m);
    } else {
      nonzero = /[1-9]/.test(m.split(/[eE]/)[0]!);
    }
    if (nonzero) return null;
  }
  return value;
}

function whereArg(where: string): boolean {
  const w = String(where).toUpperCase();
  if (w === 'MAX') return true;
  if (w !== 'MIN') fail(SYNTAX);
  return false;
}

function popCountArg(count: number): number {
  if (!Number.isInteger(count) || count < 0 || count >= TWO_63) fail(POSITIVE_OUT_OF_RANGE);
  return count;
}

function mpopCountArg(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count >= TWO_63) fail(COUNT_NOT_POSITIVE);
  return count;
}

function randomCountArg(count: number, withScores: boolean): number {
  if (!Number.isInteger(count)) fail(NOT_INTEGER);
  if (count >= TWO_63 || count <= -TWO_63) fail(RANDOM_COUNT_OUT_OF_RANGE);
  if (withScores && (count < -(TWO_63 / 2) || count > TWO_63 / 2)) fail(VALUE_OUT_OF_RANGE);
  return count;
}

function keyList(keys: Bytes | readonly Bytes[], command: string): string[] {
  if (typeof keys === 'string' || keys instanceof Uint8Array) return [toBytes(keys)];
  if (keys.length === 0) fail(wrongArgs(command));
  return keys.map(toBytes);
}

function popResult(r: [string, ZMember[]] | null): ZPopResult | null {
  if (r === null) return null;
  const [m, s] = r[1][0]!;
  return [fromBytes(r[0]), fromBytes(m), s];
}

/** The ZADD argv to log for a typed call. */
function zaddLog(
  key: string,
  flags: number,
  ch: boolean,
  incr: boolean,
  scores: number[],
  members: string[],
): string[] {
  const argv = ['ZADD', key, ...zaddFlagWords(flags, ch, incr)];
  for (let i = 0; i < members.length; i++) argv.push(formatDouble17g(scores[i]!), members[i]!);
  return argv;
}

function boundText(b: number | Bytes): string {
  return typeof b === 'number' ? formatDouble17g(b) : toBytes(b);
}

/** The ZRANGESTORE argv to log for a typed call. */
function rangeLog(
  name: string,
  keys: string[],
  start: number | Bytes,
  stop: number | Bytes,
  options: ZRangeOptions,
): string[] {
  const argv = [name, ...keys, boundText(start), boundText(stop)];
  if (options.by !== undefined) argv.push(options.by === 'SCORE' ? 'BYSCORE' : 'BYLEX');
  if (options.rev === true) argv.push('REV');
  if (options.limit !== undefined)
    argv.push('LIMIT', String(options.limit.offset), String(options.limit.count));
  return argv;
}

function lexText(b: LexBound): string {
  if (b === '-' || b === '+') return b;
  return (b.exclusive ? '(' : '[') + b.member;
}

/** The ZREMRANGEBY* argv to log for a typed call. */
function remrangeLog(name: string, key: string, spec: ZRangeSpec): string[] {
  if (spec.by === BY_RANK) return [name, key, String(spec.start), String(spec.stop)];
  if (spec.by === BY_LEX) return [name, key, lexText(spec.lexMin), lexText(spec.lexMax)];
  const t = (v: number, ex: boolean) => (ex ? '(' : '') + formatDouble17g(v);
  return [name, key, t(spec.min, spec.minEx), t(spec.max, spec.maxEx)];
}

function sortSpec(options: SortOptions, store: string | null): SortSpec {
  const by = options.by === undefined ? null : toBytes(options.by);
  const order = options.order ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC') fail(SYNTAX);
  const byC = by === null ? '' : by.split('\0')[0]!;
  return {
    desc: order === 'DESC',
    alpha: options.alpha === true,
    limitStart: options.limit === undefined ? 0 : int64Arg(options.limit.offset),
    limitCount: options.limit === undefined ? -1 : int64Arg(options.limit.count),
    by,
    dontsort: by !== null && !byC.includes('*'),
    gets: (options.get ?? []).map(toBytes),
    store,
  };
}

function sortLog(key: string, spec: SortSpec): string[] {
  const argv = ['SORT', key];
  if (spec.by !== null) argv.push('BY', spec.by);
  if (spec.limitStart !== 0 || spec.limitCount !== -1)
    argv.push('LIMIT', String(spec.limitStart), String(spec.limitCount));
  for (const g of spec.gets) argv.push('GET', g);
  if (spec.desc) argv.push('DESC');
  if (spec.alpha) argv.push('ALPHA');
  if (spec.store !== null) argv.push('STORE', spec.store);
  return argv;
}

// Lists (redis.io group "list"): the typed API of t_list.c over the chunked deque of
// types/list.ts, plus the blocking pops of blocked.c on the shared registry (keyspace/blocking.ts).
//
// Every command has one byte-level `_name` method that does the lookup, the type check, the
// write and the effects; the wire handlers (commands/lists.ts) parse argv and call it, the
// public methods convert with toBytes()/fromBytes() and call it too. LINDEX and LSET check
// their index only after the key's lookup and type check, as Redis does, so their `_` methods
// take NaN for an index that is not an integer. An emptied list is deleted.
//
// Effects, as Redis 7.0 propagates them: pushes, pops, LSET, LINSERT, LREM, LTRIM and LMOVE are
// logged as issued (LREM, LINSERT and LTRIM only when they changed something); LMPOP and BLMPOP
// as `LPOP|RPOP key <count popped>`, BLPOP/BRPOP as `LPOP|RPOP key`, BLMOVE as LMOVE and
// BRPOPLPUSH as RPOPLPUSH — whether served at once or after blocking, in which case the served
// client's command is a unit of its own, after the unit that woke it. Events (NOTIFY.LIST):
// lpush, rpush, lpop, rpop, lset, linsert, lrem, ltrim (+ generic `del` when a list goes).
//
// Blocking: a blocking pop that finds every key empty blocks in the registry with a serve()
// callback doing what Redis's serveClientBlockedOnList does; it returns a Waiter, which the
// typed API turns into a Promise and the wire path into a BlockedReply. A write that can create
// a list (a push, LMOVE) ends with serveBlocked(), so a typed call serves the clients it woke
// before it returns, as a command's unit does when it ends.

import { type Bytes, fromBytes, toBytes } from '../bytes.js';
import { NOTIFY } from '../effects/effects.js';
import {
  COUNT_NOT_POSITIVE,
  fail,
  INDEX_OUT_OF_RANGE,
  LPOS_COUNT_NEGATIVE,
  LPOS_MAXLEN_NEGATIVE,
  LPOS_RANK_ZERO,
  NO_SUCH_KEY,
  NOT_INTEGER,
  NUMKEYS_NOT_POSITIVE,
  POSITIVE_OUT_OF_RANGE,
  SYNTAX,
  wrongArgs,
} from '../errors.js';
import {
  type BlockingOptions,
  deadlineOf,
  NOT_SERVED,
  parseTimeout,
  type Waiter,
} from '../keyspace/blocking.js';
import type { Db } from '../keyspace/db.js';
import { List } from '../types/list.js';
import { StringsStore } from './strings.js';

/** An end of a list: LEFT is the head, RIGHT the tail. */
export type ListEnd = 'LEFT' | 'RIGHT';

/** Options of {@link ListsStore.lpos}. */
export interface LPosOptions {
  /**
   * Which match to return: 1 the first from the head, 2 the second …; negative counts from the
   * tail (-1 the last match). Never 0.
   * @default 1
   */
  rank?: number;
  /**
   * Compare at most this many elements (from the end the rank starts at); 0 compares all.
   * @default 0
   */
  maxlen?: number;
}

/** Options of {@link ListsStore.lposAll}. */
export interface LPosAllOptions extends LPosOptions {
  /**
   * Return at most this many matches; 0 returns all of them.
   * @default 0
   */
  count?: number;
}

/** Options of {@link ListsStore.blmpop}. */
export interface BLMPopOptions extends BlockingOptions {
  /**
   * Pop up to this many elements from the first non-empty list.
   * @default 1
   */
  count?: number;
}

/** A popped element with the key it came from (BLPOP, BRPOP). */
export type ListPopResult = [key: string, element: string];

/** Popped elements with the key they came from (LMPOP, BLMPOP). */
export type ListMultiPopResult = [key: string, elements: string[]];

/**
 * @internal LPOS as parsed: rank (never 0; negative scans from the tail), count (-1 without
 * COUNT, 0 = every match), maxlen (0 = no limit).
 */
export interface LposSpec {
  rank: number;
  count: number;
  maxlen: number;
}

const TWO_63 = 2 ** 63;

/** A typed-API integer argument: any integer in the int64 range, else Redis's NOT_INTEGER. */
function int64Arg(x: number): number {
  if (!Number.isInteger(x) || x >= TWO_63 || x < -TWO_63) fail(NOT_INTEGER);
  return x;
}

/** A typed-API index Redis checks only after the lookup: NaN stands for "not an integer". */
function laterIntArg(x: number): number {
  return Number.isInteger(x) && x < TWO_63 && x >= -TWO_63 ? x : Number.NaN;
}

/** LEFT or RIGHT, case-insensitively (getListPositionFromObjectOrReply); true for LEFT. */
function isLeft(where: string): boolean {
  const w = String(where).toUpperCase();
  if (w === 'LEFT') return true;
  if (w !== 'RIGHT') fail(SYNTAX);
  return false;
}

/** The text of an integer argument to log: exact when it is, else an equivalent `fallback`. */
const intText = (n: number, fallback: number): string => String(Number.isSafeInteger(n) ? n : fallback);

/** A rest-parameter array (the callee's own) converted to byte strings in place. */
function bytesInPlace(values: Bytes[]): string[] {
  for (let i = 0; i < values.length; i++) values[i] = toBytes(values[i]!);
  return values as string[];
}

/** One key or several, as byte strings; none is `command`'s arity error. */
function keyList(keys: Bytes | readonly Bytes[], command: string): string[] {
  if (typeof keys === 'string' || keys instanceof Uint8Array) return [toBytes(keys)];
  if (keys.length === 0) fail(wrongArgs(command));
  return keys.map(toBytes);
}

const popped = (r: [string, string] | null): ListPopResult | null =>
  r === null ? null : [fromBytes(r[0]), fromBytes(r[1])];
const poppedMany = (r: [string, string[]] | null): ListMultiPopResult | null =>
  r === null ? null : [fromBytes(r[0]), r[1].map(fromBytes)];
const text = (r: string | null): string | null => (r === null ? null : fromBytes(r));

export class ListsStore extends StringsStore {
  // ---- push ----------------------------------------------------------------------------------

  /**
   * Inserts `elements` at the head of the list at `key`, one after the other (so the last one
   * ends up first), creating the list; returns its new length.
   * @remarks O(1) for each element added, so O(N) to add N elements when the command is called
   * with multiple arguments.
   * @see https://redis.io/commands/lpush/
   */
  lpush(key: Bytes, ...elements: Bytes[]): number {
    if (elements.length === 0) fail(wrongArgs('lpush'));
    return this._push(toBytes(key), bytesInPlace(elements), true, false);
  }

  /**
   * Appends `elements` to the list at `key`, creating it; returns its new length.
   * @remarks O(1) for each element added, so O(N) to add N elements when the command is called
   * with multiple arguments.
   * @see https://redis.io/commands/rpush/
   */
  rpush(key: Bytes, ...elements: Bytes[]): number {
    if (elements.length === 0) fail(wrongArgs('rpush'));
    return this._push(toBytes(key), bytesInPlace(elements), false, false);
  }

  /**
   * Like {@link ListsStore.lpush}, only when the list exists; returns its new length, 0 when
   * it does not exist.
   * @remarks O(1) for each element added, so O(N) to add N elements when the command is called
   * with multiple arguments.
   * @see https://redis.io/commands/lpushx/
   */
  lpushx(key: Bytes, ...elements: Bytes[]): number {
    if (elements.length === 0) fail(wrongArgs('lpushx'));
    return this._push(toBytes(key), bytesInPlace(elements), true, true);
  }

  /**
   * Like {@link ListsStore.rpush}, only when the list exists; returns its new length, 0 when
   * it does not exist.
   * @remarks O(1) for each element added, so O(N) to add N elements when the command is called
   * with multiple arguments.
   * @see https://redis.io/commands/rpushx/
   */
  rpushx(key: Bytes, ...elements: Bytes[]): number {
    if (elements.length === 0) fail(wrongArgs('rpushx'));
    return this._push(toBytes(key), bytesInPlace(elements), false, true);
  }

  // ---- pop -----------------------------------------------------------------------------------

  /**
   * Removes and returns the first element of the list at `key`, or null when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/lpop/
   */
  lpop(key: Bytes): string | null {
    return text(this._pop(toBytes(key), true));
  }

  /**
   * Removes and returns the last element of the list at `key`, or null when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/rpop/
   */
  rpop(key: Bytes): string | null {
    return text(this._pop(toBytes(key), false));
  }

  /**
   * LPOP with a count: removes and returns up to `count` elements from the head, first element
   * first; null when the list does not exist (even for a count of 0).
   * @remarks O(N) where N is the number of elements returned
   * @see https://redis.io/commands/lpop/
   */
  lpopCount(key: Bytes, count: number): string[] | null {
    const r = this._popCount(toBytes(key), true, countArg(count));
    return r === null ? null : r.map(fromBytes);
  }

  /**
   * RPOP with a count: removes and returns up to `count` elements from the tail, last element
   * first; null when the list does not exist (even for a count of 0).
   * @remarks O(N) where N is the number of elements returned
   * @see https://redis.io/commands/rpop/
   */
  rpopCount(key: Bytes, count: number): string[] | null {
    const r = this._popCount(toBytes(key), false, countArg(count));
    return r === null ? null : r.map(fromBytes);
  }

  /**
   * Pops up to `count` elements from the first of `keys` that holds a list, at the `where` end;
   * null when none does.
   * @remarks O(N+M) where N is the number of provided keys and M is the number of elements
   * returned.
   * @see https://redis.io/commands/lmpop/
   */
  lmpop(keys: readonly Bytes[], where: ListEnd, count = 1): ListMultiPopResult | null {
    if (keys.length === 0) fail(NUMKEYS_NOT_POSITIVE);
    const left = isLeft(where);
    return poppedMany(this._lmpop(keys.map(toBytes), left, mpopCountArg(count)));
  }

  // ---- read ----------------------------------------------------------------------------------

  /**
   * Length of the list at `key`, 0 when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/llen/
   */
  llen(key: Bytes): number {
    return this._llen(toBytes(key));
  }

  /**
   * The element at `index` (0 the first, -1 the last), or null when out of range or missing.
   * @remarks O(N) where N is the number of elements to traverse to get to the element at index.
   * This makes asking for the first or the last element of the list O(1). (embedis hops over
   * runs of 256 elements from the nearer end: ~N/256 steps.)
   * @see https://redis.io/commands/lindex/
   */
  lindex(key: Bytes, index: number): string | null {
    return text(this._lindex(toBytes(key), laterIntArg(index)));
  }

  /**
   * Elements from `start` to `stop`, both inclusive, negative offsets counting from the end;
   * out-of-range offsets are clamped.
   * @remarks O(S+N) where S is the distance of start offset from HEAD for small lists, from
   * nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified
   * range.
   * @see https://redis.io/commands/lrange/
   */
  lrange(key: Bytes, start: number, stop: number): string[] {
    return this._lrange(toBytes(key), int64Arg(start), int64Arg(stop)).map(fromBytes);
  }

  /**
   * Index of the first match of `element` (or of the `rank`-th match), null when none.
   * @remarks O(N) where N is the number of elements in the list, for the average case. When
   * searching for elements near the head or the tail of the list, or when the MAXLEN option is
   * provided, the command may run in constant time.
   * @see https://redis.io/commands/lpos/
   */
  lpos(key: Bytes, element: Bytes, options: LPosOptions = {}): number | null {
    const spec = lposSpec(options.rank, undefined, options.maxlen);
    return this._lpos(toBytes(key), toBytes(element), spec) as number | null;
  }

  /**
   * LPOS with COUNT: indexes of up to `count` matches of `element` (0 = all), starting from the
   * `rank`-th match, in the order found; empty when none or the key is missing.
   * @remarks O(N) where N is the number of elements in the list, for the average case. When
   * searching for elements near the head or the tail of the list, or when the MAXLEN option is
   * provided, the command may run in constant time.
   * @see https://redis.io/commands/lpos/
   */
  lposAll(key: Bytes, element: Bytes, options: LPosAllOptions = {}): number[] {
    const spec = lposSpec(options.rank, options.count ?? 0, options.maxlen);
    return this._lpos(toBytes(key), toBytes(element), spec) as number[];
  }

  // ---- write ---------------------------------------------------------------------------------

  /**
   * Replaces the element at `index` (negative counts from the end). Throws `ERR no such key`
   * for a missing list and `ERR index out of range` past its ends.
   * @remarks O(N) where N is the length of the list. Setting either the first or the last
   * element of the list is O(1). (embedis: ~N/256 steps to reach the element.)
   * @see https://redis.io/commands/lset/
   */
  lset(key: Bytes, index: number, element: Bytes): 'OK' {
    this._lset(toBytes(key), laterIntArg(index), toBytes(element));
    return 'OK';
  }

  /**
   * Inserts `element` before or after the first occurrence of `pivot`; returns the new length,
   * -1 when the pivot is not found, 0 when the list does not exist.
   * @remarks O(N) where N is the number of elements to traverse before seeing the value pivot.
   * This means that inserting somewhere on the left end on the list (head) can be considered
   * O(1) and inserting somewhere on the right end (tail) is O(N).
   * @see https://redis.io/commands/linsert/
   */
  linsert(key: Bytes, where: 'BEFORE' | 'AFTER', pivot: Bytes, element: Bytes): number {
    const w = String(where).toUpperCase();
    if (w !== 'BEFORE' && w !== 'AFTER') fail(SYNTAX);
    return this._linsert(toBytes(key), w === 'BEFORE', toBytes(pivot), toBytes(element));
  }

  /**
   * Removes the first `count` occurrences of `element` from the head (`count` > 0), from the
   * tail (`count` < 0), or all of them (0); returns how many were removed.
   * @remarks O(N+M) where N is the length of the list and M is the number of elements removed.
   * @see https://redis.io/commands/lrem/
   */
  lrem(key: Bytes, count: number, element: Bytes): number {
    return this._lrem(toBytes(key), int64Arg(count), toBytes(element));
  }

  /**
   * Keeps only the elements from `start` to `stop` (inclusive, negative from the end); an empty
   * range deletes the list.
   * @remarks O(N) where N is the number of elements to be removed by the operation. (embedis
   * drops whole runs of 256 without visiting them.)
   * @see https://redis.io/commands/ltrim/
   */
  ltrim(key: Bytes, start: number, stop: number): 'OK' {
    this._ltrim(toBytes(key), int64Arg(start), int64Arg(stop));
    return 'OK';
  }

  /**
   * Pops an element from the `from` end of `source` and pushes it at the `to` end of
   * `destination` (which may be the same list: a rotation); returns it, or null when the source
   * does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/lmove/
   */
  lmove(source: Bytes, destination: Bytes, from: ListEnd, to: ListEnd): string | null {
    const fromLeft = isLeft(from);
    const toLeft = isLeft(to);
    return text(this._lmove(toBytes(source), toBytes(destination), fromLeft, toLeft, false));
  }

  /**
   * LMOVE from the tail of `source` to the head of `destination`.
   * @remarks O(1)
   * @see https://redis.io/commands/rpoplpush/
   */
  rpoplpush(source: Bytes, destination: Bytes): string | null {
    return text(this._lmove(toBytes(source), toBytes(destination), false, true, true));
  }

  // ---- blocking ------------------------------------------------------------------------------

  /**
   * Pops the first element of the first non-empty list among `keys`, or waits until a push
   * makes one non-empty: resolves with [key, element], or null once `timeout` seconds have
   * passed (decimals allowed; 0 waits forever). Waiting clients are served in the order they
   * blocked, when the write that fills a list ends. Resolves at once when an element is there;
   * rejects with WRONGTYPE (or a bad timeout) without blocking. The timeout runs on the store's
   * clock and ends once it is past (a FakeClock needs `advance(timeout * 1000 + 1)`); like every
   * store timer it does not keep a Node process alive by itself.
   * @remarks O(N) where N is the number of provided keys.
   * @see https://redis.io/commands/blpop/
   */
  blpop(
    keys: Bytes | readonly Bytes[],
    timeout: number,
    options?: BlockingOptions,
  ): Promise<ListPopResult | null> {
    return this.blockingCall(
      options,
      () => this._bpop(keyList(keys, 'blpop'), true, timeoutArg(timeout), false),
      popped,
    );
  }

  /**
   * Like {@link ListsStore.blpop}, popping the last element.
   * @remarks O(N) where N is the number of provided keys.
   * @see https://redis.io/commands/brpop/
   */
  brpop(
    keys: Bytes | readonly Bytes[],
    timeout: number,
    options?: BlockingOptions,
  ): Promise<ListPopResult | null> {
    return this.blockingCall(
      options,
      () => this._bpop(keyList(keys, 'brpop'), false, timeoutArg(timeout), false),
      popped,
    );
  }

  /**
   * Like {@link ListsStore.lmove}, waiting up to `timeout` seconds (0 = forever) for `source`
   * to exist; resolves with the element moved, or null on timeout. A destination holding
   * another type rejects with WRONGTYPE — at once, or when a push wakes it (the element stays).
   * @remarks O(1)
   * @see https://redis.io/commands/blmove/
   */
  blmove(
    source: Bytes,
    destination: Bytes,
    from: ListEnd,
    to: ListEnd,
    timeout: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.blockingCall(
      options,
      () => {
        const fromLeft = isLeft(from);
        const toLeft = isLeft(to);
        const ms = timeoutArg(timeout);
        return this._bmove(toBytes(source), toBytes(destination), fromLeft, toLeft, ms, false, false);
      },
      text,
    );
  }

  /**
   * BLMOVE from the tail of `source` to the head of `destination`.
   * @remarks O(1)
   * @see https://redis.io/commands/brpoplpush/
   */
  brpoplpush(
    source: Bytes,
    destination: Bytes,
    timeout: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.blockingCall(
      options,
      () => this._bmove(toBytes(source), toBytes(destination), false, true, timeoutArg(timeout), false, true),
      text,
    );
  }

  /**
   * Like {@link ListsStore.lmpop}, waiting up to `timeout` seconds (0 = forever) for one of
   * `keys` to hold a list: resolves with [key, elements], or null on timeout.
   * @remarks O(N+M) where N is the number of provided keys and M is the number of elements
   * returned.
   * @see https://redis.io/commands/blmpop/
   */
  blmpop(
    timeout: number,
    keys: readonly Bytes[],
    where: ListEnd,
    options: BLMPopOptions = {},
  ): Promise<ListMultiPopResult | null> {
    return this.blockingCall(
      options,
      () => {
        if (keys.length === 0) fail(NUMKEYS_NOT_POSITIVE);
        const left = isLeft(where);
        const count = mpopCountArg(options.count ?? 1);
        return this._bmpop(keys.map(toBytes), left, count, timeoutArg(timeout), false);
      },
      poppedMany,
    );
  }

  // ---- byte-level implementations (shared with commands/lists.ts) ----------------------------

  /** @internal LPUSH / RPUSH / LPUSHX / RPUSHX (pushGenericCommand); `xx` pushes only to an existing list. */
  _push(key: string, elements: string[], left: boolean, xx: boolean): number {
    const db = this.db;
    const v = this.lookupWrite(key);
    let list: List;
    if (v === undefined) {
      if (xx) return 0;
      list = this.createList(db, key);
    } else if (v instanceof List) {
      list = v;
    } else {
      return this.wrongType();
    }
    if (left) for (const e of elements) list.pushLeft(e);
    else for (const e of elements) list.pushRight(e);
    const length = list.length;
    const effects = this.effects;
    effects.touch(db.id, key);
    effects.event(NOTIFY.LIST, left ? 'lpush' : 'rpush', key, db.id);
    if (effects.logging) {
      const name = left ? (xx ? 'LPUSHX' : 'LPUSH') : xx ? 'RPUSHX' : 'RPUSH';
      effects.propagate(db.id, [name, key, ...elements]);
    }
    // The reply is the length before any blocked client takes from the list.
    this.serveBlocked();
    return length;
  }

  /** @internal LPOP / RPOP without a count: the element, or null when the key is missing. */
  _pop(key: string, left: boolean): string | null {
    const db = this.db;
    const list = this.lookupList(key);
    if (list === null) return null;
    const e = (left ? list.popLeft() : list.popRight())!;
    this.elementsRemoved(db, key, list, left, true);
    if (this.effects.logging) this.effects.propagate(db.id, [left ? 'LPOP' : 'RPOP', key]);
    return e;
  }

  /**
   * @internal LPOP / RPOP with a count (>= 0, parsed first): the elements in pop order, or
   * null when the key is missing (RESP2 `*-1`). A count of 0 changes nothing.
   */
  _popCount(key: string, left: boolean, count: number): string[] | null {
    const db = this.db;
    const list = this.lookupList(key);
    if (list === null) return null;
    if (count === 0) return [];
    const out = this.popRange(list, left, count);
    this.elementsRemoved(db, key, list, left, true);
    if (this.effects.logging) {
      this.effects.propagate(db.id, [left ? 'LPOP' : 'RPOP', key, intText(count, out.length)]);
    }
    return out;
  }

  /** @internal LMPOP (mpopGenericCommand): [key, elements] from the first list found, or null. */
  _lmpop(keys: string[], left: boolean, count: number): [string, string[]] | null {
    const db = this.db;
    for (const key of keys) {
      const list = this.lookupList(key);
      if (list === null) continue;
      return [key, this.mpopFrom(db, key, list, left, count)];
    }
    return null;
  }

  /** @internal LLEN */
  _llen(key: string): number {
    const v = this.lookupRead(key);
    if (v === undefined) return 0;
    if (!(v instanceof List)) return this.wrongType();
    return v.length;
  }

  /** @internal LINDEX; `index` is NaN when not an integer (reported after the type check). */
  _lindex(key: string, index: number): string | null {
    const v = this.lookupRead(key);
    if (v === undefined) return null;
    if (!(v instanceof List)) return this.wrongType();
    if (Number.isNaN(index)) fail(NOT_INTEGER);
    return v.at(index < 0 ? v.length + index : index) ?? null;
  }

  /** @internal LRANGE with parsed offsets (addListRangeReply). */
  _lrange(key: string, start: number, stop: number): string[] {
    const v = this.lookupRead(key);
    if (v === undefined) return [];
    if (!(v instanceof List)) return this.wrongType();
    const len = v.length;
    if (start < 0) start = len + start;
    if (stop < 0) stop = len + stop;
    if (start < 0) start = 0;
    if (start > stop || start >= len) return [];
    return v.range(start, stop >= len ? len - 1 : stop);
  }

  /** @internal LPOS with parsed options: an index or null without COUNT, an array with it. */
  _lpos(key: string, element: string, spec: LposSpec): number | null | number[] {
    const v = this.lookupRead(key);
    if (v === undefined) return spec.count === -1 ? null : [];
    if (!(v instanceof List)) return this.wrongType();
    if (spec.count === -1) return v.positions(element, spec.rank, 1, spec.maxlen)[0] ?? null;
    return v.positions(element, spec.rank, spec.count, spec.maxlen);
  }

  /** @internal LSET; `index` is NaN when not an integer (reported after the type check). */
  _lset(key: string, index: number, element: string): void {
    const db = this.db;
    const v = this.lookupWrite(key);
    if (v === undefined) fail(NO_SUCH_KEY);
    if (!(v instanceof List)) this.wrongType();
    if (Number.isNaN(index)) fail(NOT_INTEGER);
    if (!v.set(index < 0 ? v.length + index : index, element)) fail(INDEX_OUT_OF_RANGE);
    this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.LIST, 'lset', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['LSET', key, String(index), element]);
  }

  /** @internal LINSERT: the new length, -1 without the pivot, 0 for a missing key. */
  _linsert(key: string, before: boolean, pivot: string, element: string): number {
    const db = this.db;
    const v = this.lookupWrite(key);
    if (v === undefined) return 0;
    if (!(v instanceof List)) return this.wrongType();
    const at = v.indexOf(pivot);
    if (at < 0) return -1;
    v.insertAt(before ? at : at + 1, element);
    this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.LIST, 'linsert', key, db.id);
    if (this.effects.logging) {
      this.effects.propagate(db.id, ['LINSERT', key, before ? 'BEFORE' : 'AFTER', pivot, element]);
    }
    return v.length;
  }

  /** @internal LREM: how many were removed. */
  _lrem(key: string, count: number, element: string): number {
    const db = this.db;
    const v = this.lookupWrite(key);
    if (v === undefined) return 0;
    if (!(v instanceof List)) return this.wrongType();
    const removed = v.removeValue(element, count);
    if (removed !== 0) {
      this.effects.touch(db.id, key);
      this.effects.event(NOTIFY.LIST, 'lrem', key, db.id);
    }
    if (v.length === 0) this.dropEmpty(db, key);
    // A count beyond ±2^53 removed every match, as 0 does.
    if (removed !== 0 && this.effects.logging) {
      this.effects.propagate(db.id, ['LREM', key, intText(count, 0), element]);
    }
    return removed;
  }

  /** @internal LTRIM with parsed offsets. */
  _ltrim(key: string, start: number, stop: number): void {
    const db = this.db;
    const v = this.lookupWrite(key);
    if (v === undefined) return;
    if (!(v instanceof List)) this.wrongType();
    const len = v.length;
    let first = start < 0 ? len + start : start;
    let last = stop < 0 ? len + stop : stop;
    if (first < 0) first = 0;
    let ltrim: number;
    let rtrim: number;
    if (first > last || first >= len) {
      ltrim = len;
      rtrim = 0;
    } else {
      if (last >= len) last = len - 1;
      ltrim = first;
      rtrim = len - last - 1;
    }
    v.dropLeft(ltrim);
    v.dropRight(rtrim);
    this.effects.event(NOTIFY.LIST, 'ltrim', key, db.id);
    if (v.length === 0) this.dropEmpty(db, key);
    this.effects.touch(db.id, key);
    // Logged only when something was removed (Redis's dirty counter); offsets beyond 2^53 are
    // logged as the ones they resolved to, which replay the same trim.
    if (ltrim + rtrim !== 0 && this.effects.logging) {
      const exact = Number.isSafeInteger(start) && Number.isSafeInteger(stop);
      const args = exact ? [String(start), String(stop)] : [String(ltrim), String(len - rtrim - 1)];
      this.effects.propagate(db.id, ['LTRIM', key, ...args]);
    }
  }

  /**
   * @internal LMOVE / RPOPLPUSH (lmoveGenericCommand): the element moved, or null when the
   * source is missing (the destination is then not looked at).
   */
  _lmove(
    source: string,
    destination: string,
    fromLeft: boolean,
    toLeft: boolean,
    rpoplpush: boolean,
  ): string | null {
    const db = this.db;
    const src = this.lookupList(source);
    if (src === null) return null;
    const e = this.moveElement(db, source, src, destination, fromLeft, toLeft);
    this.effects.touch(db.id, source);
    if (this.effects.logging)
      this.effects.propagate(db.id, moveArgv(source, destination, fromLeft, toLeft, rpoplpush));
    this.serveBlocked();
    return e;
  }

  /**
   * @internal BLPOP / BRPOP (blockingPopGenericCommand without a count): [key, element] from the
   * first list found, else a Waiter (null on timeout) — or null at once when `deny`.
   */
  _bpop(
    keys: string[],
    left: boolean,
    timeoutMs: number,
    deny: boolean,
  ): [string, string] | null | Waiter<[string, string] | null> {
    const db = this.db;
    for (const key of keys) {
      const list = this.lookupList(key);
      if (list === null) continue;
      const e = (left ? list.popLeft() : list.popRight())!;
      this.elementsRemoved(db, key, list, left, true);
      // Logged as the pop it was: Redis rewrites BLPOP to LPOP.
      if (this.effects.logging) this.effects.propagate(db.id, [left ? 'LPOP' : 'RPOP', key]);
      return [key, e];
    }
    if (deny) return null;
    return this.blockingRegistry().block<[string, string] | null>({
      db: db.id,
      keys,
      deadline: deadlineOf(timeoutMs, this.clock.now()),
      timeoutValue: null,
      serve: (key) => {
        // serveClientBlockedOnList: no touch, the push that woke the client touched the key.
        const list = this.lookupWrite(key);
        if (!(list instanceof List)) return NOT_SERVED;
        const served = this.db;
        if (this.effects.logging) this.effects.propagate(served.id, [left ? 'LPOP' : 'RPOP', key]);
        const e = (left ? list.popLeft() : list.popRight())!;
        this.elementsRemoved(served, key, list, left, false);
        return [key, e];
      },
    });
  }

  /**
   * @internal BLMPOP (blockingPopGenericCommand with a count): [key, elements] from the first
   * list found, else a Waiter (null on timeout) — or null at once when `deny`.
   */
  _bmpop(
    keys: string[],
    left: boolean,
    count: number,
    timeoutMs: number,
    deny: boolean,
  ): [string, string[]] | null | Waiter<[string, string[]] | null> {
    const now = this._lmpop(keys, left, count);
    if (now !== null || deny) return now;
    return this.blockingRegistry().block<[string, string[]] | null>({
      db: this.db.id,
      keys,
      deadline: deadlineOf(timeoutMs, this.clock.now()),
      timeoutValue: null,
      serve: (key) => {
        const list = this.lookupWrite(key);
        if (!(list instanceof List)) return NOT_SERVED;
        return [key, this.mpopFrom(this.db, key, list, left, count)];
      },
    });
  }

  /**
   * @internal BLMOVE / BRPOPLPUSH (blmoveGenericCommand): LMOVE at once when the source exists,
   * else a Waiter (null on timeout) — or null at once when `deny`.
   */
  _bmove(
    source: string,
    destination: string,
    fromLeft: boolean,
    toLeft: boolean,
    timeoutMs: number,
    deny: boolean,
    rpoplpush: boolean,
  ): string | null | Waiter<string | null> {
    if (this.lookupList(source) !== null)
      return this._lmove(source, destination, fromLeft, toLeft, rpoplpush);
    if (deny) return null;
    return this.blockingRegistry().block<string | null>({
      db: this.db.id,
      keys: [source],
      deadline: deadlineOf(timeoutMs, this.clock.now()),
      timeoutValue: null,
      serve: (key) => {
        const db = this.db;
        const src = this.lookupWrite(key);
        if (!(src instanceof List)) return NOT_SERVED;
        // A destination of another type fails the client with WRONGTYPE; the element stays.
        const e = this.moveElement(db, key, src, destination, fromLeft, toLeft);
        if (this.effects.logging) {
          this.effects.propagate(db.id, moveArgv(key, destination, fromLeft, toLeft, rpoplpush));
        }
        return e;
      },
    });
  }

  /**
   * @internal SWAPDB, plus Redis's scanDatabaseForReadyKeys: a client blocked on a key that the
   * swap brought into its database is served when the unit ends.
   */
  override _swapdb(a: Db, b: Db): void {
    super._swapdb(a, b);
    const blocking = this.blocking;
    if (blocking !== null && a !== b) {
      blocking.signalExisting(a.id);
      blocking.signalExisting(b.id);
      this.serveBlocked();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The list at `key` for a write, null when missing; WRONGTYPE for another type. */
  private lookupList(key: string): List | null {
    const v = this.lookupWrite(key);
    if (v === undefined) return null;
    if (!(v instanceof List)) return this.wrongType();
    return v;
  }

  /** A new empty list at `key` (dbAdd). The caller pushes into it and touches the key. */
  private createList(db: Db, key: string): List {
    const list = new List();
    db.put(key, list);
    this.keyAdded(db, key); // dbAdd
    if (db.access !== null) db.access.set(key, this.clock.now());
    return list;
  }

  /** Deletes a list its command emptied (dbDelete + the `del` event). */
  private dropEmpty(db: Db, key: string): void {
    db.remove(key);
    this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
  }

  /** listElementsRemoved: the pop event, the key's deletion when emptied, and a touch if asked. */
  private elementsRemoved(db: Db, key: string, list: List, left: boolean, touch: boolean): void {
    this.effects.event(NOTIFY.LIST, left ? 'lpop' : 'rpop', key, db.id);
    if (list.length === 0) this.dropEmpty(db, key);
    if (touch) this.effects.touch(db.id, key);
  }

  /** Removes up to `count` elements from one end and returns them in pop order. */
  private popRange(list: List, left: boolean, count: number): string[] {
    const len = list.length;
    const n = count < len ? count : len;
    if (left) {
      const out = list.range(0, n - 1);
      list.dropLeft(n);
      return out;
    }
    const out = list.range(len - n, len - 1).reverse();
    list.dropRight(n);
    return out;
  }

  /**
   * LMPOP's pop from one list (listPopRangeAndReplyWithKey), logged as `LPOP|RPOP key n` with
   * the number actually popped.
   */
  private mpopFrom(db: Db, key: string, list: List, left: boolean, count: number): string[] {
    const out = this.popRange(list, left, count);
    this.elementsRemoved(db, key, list, left, true);
    if (this.effects.logging) {
      this.effects.propagate(db.id, [left ? 'LPOP' : 'RPOP', key, String(out.length)]);
    }
    return out;
  }

  /**
   * Moves one element from `src` (the list at `source`) to `destination`, creating that list
   * (lmoveHandlePush); WRONGTYPE before anything changes when the destination holds another
   * type. Touches the destination; the caller touches the source if it should.
   */
  private moveElement(
    db: Db,
    source: string,
    src: List,
    destination: string,
    fromLeft: boolean,
    toLeft: boolean,
  ): string {
    const d = this.lookupWrite(destination);
    if (d !== undefined && !(d instanceof List)) return this.wrongType();
    const e = (fromLeft ? src.popLeft() : src.popRight())!;
    // A rotation (source = destination) finds its list still there, even when the pop emptied
    // it: the source is deleted below only if it stays empty.
    const dst = d ?? this.createList(db, destination);
    this.effects.touch(db.id, destination);
    if (toLeft) dst.pushLeft(e);
    else dst.pushRight(e);
    this.effects.event(NOTIFY.LIST, toLeft ? 'lpush' : 'rpush', destination, db.id);
    this.effects.event(NOTIFY.LIST, fromLeft ? 'lpop' : 'rpop', source, db.id);
    if (src.length === 0) this.dropEmpty(db, source);
    return e;
  }
}

/** The LMOVE (or RPOPLPUSH) to log for a move. */
function moveArgv(
  source: string,
  destination: string,
  fromLeft: boolean,
  toLeft: boolean,
  rpoplpush: boolean,
) {
  if (rpoplpush) return ['RPOPLPUSH', source, destination];
  return ['LMOVE', source, destination, fromLeft ? 'LEFT' : 'RIGHT', toLeft ? 'LEFT' : 'RIGHT'];
}

/** LPOP/RPOP's count for the typed API: an integer >= 0 (getPositiveLongFromObjectOrReply). */
function countArg(count: number): number {
  if (!Number.isInteger(count) || count < 0 || count >= TWO_63) fail(POSITIVE_OUT_OF_RANGE);
  return count;
}

/** LMPOP/BLMPOP's COUNT for the typed API: an integer >= 1. */
function mpopCountArg(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count >= TWO_63) fail(COUNT_NOT_POSITIVE);
  return count;
}

/** A typed-API timeout in seconds, checked as its text would be on the wire. */
function timeoutArg(timeout: number): number {
  return parseTimeout(String(timeout));
}

/**
 * LPOS options for the typed API, with the wire's errors; `count` undefined means no COUNT.
 * A rank of -2^63 behaves as in Redis (see lposSpecFromRank).
 */
function lposSpec(rank: number | undefined, count: number | undefined, maxlen: number | undefined): LposSpec {
  const r = rank === undefined ? 1 : int64Arg(rank);
  if (r === 0) fail(LPOS_RANK_ZERO);
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) fail(LPOS_COUNT_NEGATIVE);
  const m = maxlen ?? 0;
  if (!(Number.isInteger(m) && m >= 0)) fail(LPOS_MAXLEN_NEGATIVE);
  return lposSpecFromRank(r === -TWO_63, r, count ?? -1, m);
}

/**
 * @internal an LPOS spec from parsed values. Redis negates a negative rank in a long: LONG_MIN
 * stays LONG_MIN, so that rank scans from the tail and finds the first match there, and with
 * COUNT its `matches - rank + 1 >= count` test overflows and never stops the scan: every match
 * is returned, whatever the count.
 */
export function lposSpecFromRank(isLongMin: boolean, rank: number, count: number, maxlen: number): LposSpec {
  if (isLongMin) return { rank: -1, count: count === -1 ? -1 : 0, maxlen };
  return { rank, count, maxlen };
}

// Sets (redis.io group "set"): the typed API of t_set.c over the RedisSet structure
// (types/set.ts: intset or hashtable, as Redis 7.0 encodes sets).
//
// Every command has one byte-level `_name` method that does the lookup, the type check, the
// write and the effects; the wire handlers (commands/sets.ts) parse argv and call it, the public
// methods convert with toBytes()/fromBytes() and call it too. A set whose last member goes is
// deleted; the *STORE commands delete their destination when the result is empty.
//
// Order of replies. Redis replies a set's members in its iteration order: ascending values for
// an intset, hash order for a hashtable. Results are built the way Redis builds them — SINTER
// walks the smallest set, SUNION / SDIFF / SPOP-everything fill a new set that starts as an
// intset — so wherever Redis's order is deterministic (intsets) embedis replies the same order.
//
// Effects (log effects, not requests): SADD, SREM, SMOVE and the *STORE commands are logged as
// issued, when they changed something; SPOP is logged as `SREM key member` per popped member (as
// Redis 7.0's alsoPropagate), or `DEL key` when it takes the whole set. Events: `sadd`, `srem`,
// `spop`, `sinterstore` / `sunionstore` / `sdiffstore` (NOTIFY.SET), `del` (NOTIFY.GENERIC) when
// a key goes.

import { type Bytes, fromBytes, toBytes, toUint8 } from '../bytes.js';
import { NOTIFY } from '../effects/effects.js';
import {
  fail,
  INVALID_CURSOR,
  LIMIT_NEGATIVE,
  NOT_INTEGER,
  NUMKEYS_NOT_POSITIVE,
  POSITIVE_OUT_OF_RANGE,
  RANDOM_COUNT_OUT_OF_RANGE,
  SYNTAX,
  wrongArgs,
} from '../errors.js';
import { compileGlob, matchesAllKeys } from '../keyspace/glob.js';
import { compareInt64, RedisSet, SET_DEFAULT_LIMITS, type SetLimits } from '../types/set.js';
import { HashesStore } from './hashes.js';

/** Options of SSCAN. */
export interface SScanOptions {
  /** Glob-style pattern (KEYS rules) the returned members must match. */
  match?: Bytes;
  /**
   * Amount of work per call: how many members to look at. An intset-encoded set is returned
   * whole in one call, whatever the count, as Redis does.
   * @default 10
   */
  count?: number;
}

/** Options of SINTERCARD. */
export interface SInterCardOptions {
  /**
   * Stop counting at this cardinality; 0 means no limit.
   * @default 0
   */
  limit?: number;
}

/**
 * SPOP_MOVE_STRATEGY_MUL: when the members that stay are fewer than 1/5 of those popped, Redis
 * rebuilds the set from the stayers ("create new set" strategy), which decides the encoding the
 * set ends with and the order the popped members are replied in.
 */
const SPOP_MOVE_STRATEGY_MUL = 5;

/** LONG_MAX, the largest count Redis's long parsers accept. */
const LONG_MAX = 2 ** 63;

/** SUNION / SDIFF in sunionDiffGenericCommand. */
const UNION = 0;
const DIFF = 1;

/** Converts typed-API arguments in place (the rest array is the method's own). */
function bytesArgs(args: Bytes[], name: string): string[] {
  if (args.length === 0) fail(wrongArgs(name));
  for (let i = 0; i < args.length; i++) args[i] = toBytes(args[i]!);
  return args as string[];
}

/** Decodes members for the typed API, in place. */
function decoded(members: string[]): string[] {
  for (let i = 0; i < members.length; i++) members[i] = fromBytes(members[i]!);
  return members;
}

export class SetsStore extends HashesStore {
  /**
   * @internal set-max-intset-entries, shared by reference with every set this store creates
   * (so a CONFIG SET applies to all at once).
   */
  readonly setLimits: SetLimits = { ...SET_DEFAULT_LIMITS };
  private readonly randomIndex = (n: number): number => this.rand(n);

  // ---- membership ----------------------------------------------------------------------------

  /**
   * Adds the members to the set at `key` (creating it); returns how many were not there yet.
   * @remarks O(1) for each element added, so O(N) to add N elements when the command is called
   * with multiple arguments.
   * @see https://redis.io/commands/sadd/
   */
  sadd(key: Bytes, ...members: Bytes[]): number {
    if (members.length === 1) {
      const k = toBytes(key);
      const m = members[0]!;
      const set = this.lookupSetWrite(k);
      // An ASCII-only set holding the caller's string as is: already a member, nothing scanned.
      if (set !== undefined && typeof m === 'string' && !set.nonAscii && set.has(m)) return 0;
      return this._saddOneIn(set, k, toBytes(m));
    }
    return this._sadd(toBytes(key), bytesArgs(members, 'sadd'));
  }

  /**
   * Removes the members from the set at `key`; returns how many were there. The key is deleted
   * when the set becomes empty.
   * @remarks O(N) where N is the number of members to be removed.
   * @see https://redis.io/commands/srem/
   */
  srem(key: Bytes, ...members: Bytes[]): number {
    return this._srem(toBytes(key), bytesArgs(members, 'srem'));
  }

  /**
   * Number of members of the set at `key`, 0 when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/scard/
   */
  scard(key: Bytes): number {
    return this._scard(toBytes(key));
  }

  /**
   * 1 when `member` belongs to the set at `key`, else 0.
   * @remarks O(1)
   * @see https://redis.io/commands/sismember/
   */
  sismember(key: Bytes, member: Bytes): 0 | 1 {
    const set = this.lookupSet(this.readKey(key));
    if (set === undefined) return 0;
    // In an ASCII-only set the caller's string is looked up as is (see RedisSet.nonAscii).
    return set.has(typeof member === 'string' && !set.nonAscii ? member : toBytes(member)) ? 1 : 0;
  }

  /**
   * For each member, 1 when it belongs to the set at `key`, else 0 (all 0 for a missing key).
   * @remarks O(N) where N is the number of elements being checked for membership
   * @see https://redis.io/commands/smismember/
   */
  smismember(key: Bytes, ...members: Bytes[]): (0 | 1)[] {
    return this._smismember(toBytes(key), bytesArgs(members, 'smismember'));
  }

  /**
   * Every member of the set at `key` ([] when it does not exist); an intset-encoded set in
   * ascending numeric order, as Redis replies it.
   * @remarks O(N) where N is the set cardinality.
   * @see https://redis.io/commands/smembers/
   */
  smembers(key: Bytes): string[] {
    return decoded(this._smembers(toBytes(key)));
  }

  /**
   * Like {@link SetsStore.smembers}, as raw bytes (binary-safe).
   * @remarks O(N) where N is the set cardinality.
   * @see https://redis.io/commands/smembers/
   */
  smembersBuffer(key: Bytes): Uint8Array[] {
    return this._smembers(toBytes(key)).map(toUint8);
  }

  /**
   * Moves `member` from the set at `source` to the set at `destination` (creating it); returns
   * 1, or 0 when it was not a member of `source`.
   * @remarks O(1)
   * @see https://redis.io/commands/smove/
   */
  smove(source: Bytes, destination: Bytes, member: Bytes): 0 | 1 {
    return this._smove(toBytes(source), toBytes(destination), toBytes(member));
  }

  // ---- random members ------------------------------------------------------------------------

  /**
   * A random member of the set at `key`, or null when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/srandmember/
   */
  srandmember(key: Bytes): string | null {
    const m = this._srandmember(toBytes(key));
    return m === null ? null : fromBytes(m);
  }

  /**
   * Random members of the set at `key`: with a positive `count`, up to `count` distinct members
   * (the whole set when it is smaller); with a negative one, exactly `-count` members that may
   * repeat. [] when the key does not exist.
   * @remarks O(N) where N is the absolute value of the passed count.
   * @see https://redis.io/commands/srandmember/
   */
  srandmemberCount(key: Bytes, count: number): string[] {
    if (!Number.isInteger(count) || count >= LONG_MAX || count < -LONG_MAX) fail(NOT_INTEGER);
    if (count === -LONG_MAX) fail(RANDOM_COUNT_OUT_OF_RANGE);
    return decoded(this._srandmemberCount(toBytes(key), count));
  }

  /**
   * Removes and returns a random member of the set at `key`, or null when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/spop/
   */
  spop(key: Bytes): string | null {
    const m = this._spop(toBytes(key));
    return m === null ? null : fromBytes(m);
  }

  /**
   * Removes and returns up to `count` random members of the set at `key` ([] when it does not
   * exist); the key is deleted when they are all taken.
   * @remarks O(N) where N is the value of the passed count.
   * @see https://redis.io/commands/spop/
   */
  spopCount(key: Bytes, count: number): string[] {
    if (!Number.isInteger(count) || count < 0 || count >= LONG_MAX) fail(POSITIVE_OUT_OF_RANGE);
    return decoded(this._spopCount(toBytes(key), count));
  }

  // ---- set algebra ---------------------------------------------------------------------------

  /**
   * Members common to all the sets at `keys` (a missing key is an empty set).
   * @remarks O(N*M) worst case where N is the cardinality of the smallest set and M is the
   * number of sets.
   * @see https://redis.io/commands/sinter/
   */
  sinter(...keys: Bytes[]): string[] {
    return decoded(this._sinter(bytesArgs(keys, 'sinter')));
  }

  /**
   * Cardinality of the intersection of the sets at `keys`, counting up to `limit` when given.
   * @remarks O(N*M) worst case where N is the cardinality of the smallest set and M is the
   * number of sets.
   * @see https://redis.io/commands/sintercard/
   */
  sintercard(keys: Bytes[], options: SInterCardOptions = {}): number {
    if (keys.length === 0) fail(NUMKEYS_NOT_POSITIVE);
    const limit = options.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0 || limit >= LONG_MAX) fail(LIMIT_NEGATIVE);
    return this._sintercard(keys.map(toBytes), limit);
  }

  /**
   * Stores the intersection of the sets at `keys` in `destination` (replacing any value and
   * TTL; deleting it when the result is empty); returns its cardinality.
   * @remarks O(N*M) worst case where N is the cardinality of the smallest set and M is the
   * number of sets.
   * @see https://redis.io/commands/sinterstore/
   */
  sinterstore(destination: Bytes, ...keys: Bytes[]): number {
    return this._sinterstore(toBytes(destination), bytesArgs(keys, 'sinterstore'));
  }

  /**
   * Members of any of the sets at `keys`.
   * @remarks O(N) where N is the total number of elements in all given sets.
   * @see https://redis.io/commands/sunion/
   */
  sunion(...keys: Bytes[]): string[] {
    return decoded(this._sunion(bytesArgs(keys, 'sunion')));
  }

  /**
   * Stores the union of the sets at `keys` in `destination` (deleting it when empty); returns
   * its cardinality.
   * @remarks O(N) where N is the total number of elements in all given sets.
   * @see https://redis.io/commands/sunionstore/
   */
  sunionstore(destination: Bytes, ...keys: Bytes[]): number {
    return this._sunionstore(toBytes(destination), bytesArgs(keys, 'sunionstore'));
  }

  /**
   * Members of the set at the first key that are in none of the others.
   * @remarks O(N) where N is the total number of elements in all given sets.
   * @see https://redis.io/commands/sdiff/
   */
  sdiff(...keys: Bytes[]): string[] {
    return decoded(this._sdiff(bytesArgs(keys, 'sdiff')));
  }

  /**
   * Stores the difference of the sets at `keys` in `destination` (deleting it when empty);
   * returns its cardinality.
   * @remarks O(N) where N is the total number of elements in all given sets.
   * @see https://redis.io/commands/sdiffstore/
   */
  sdiffstore(destination: Bytes, ...keys: Bytes[]): number {
    return this._sdiffstore(toBytes(destination), bytesArgs(keys, 'sdiffstore'));
  }

  // ---- SSCAN ---------------------------------------------------------------------------------

  /**
   * One step of an incremental scan of the set at `key`: the next cursor ('0' when done) and a
   * batch of members. A full scan returns every member present from its start to its end; an
   * intset-encoded set comes back whole, with cursor '0', as in Redis.
   * @remarks O(1) for every call. O(N) for a complete iteration, including enough command calls
   * for the cursor to return back to 0. N is the number of elements inside the collection.
   * @see https://redis.io/commands/sscan/
   */
  sscan(key: Bytes, cursor: string | number, options: SScanOptions = {}): [string, string[]] {
    let parsed: bigint;
    try {
      parsed = BigInt(cursor);
    } catch {
      return fail(INVALID_CURSOR);
    }
    const count = options.count ?? 10;
    if (!Number.isInteger(count) || count < 1) fail(SYNTAX);
    const set = this.lookupSet(toBytes(key));
    if (set === undefined) return ['0', []];
    const match = options.match === undefined ? null : toBytes(options.match);
    const [next, members] = this._sscan(set, parsed, match, count);
    return [next, decoded(members)];
  }

  /**
   * Every member of the set at `key` once (matching the options), as an async iterable over SSCAN.
   * @remarks O(N) for the whole iteration.
   * @see https://redis.io/commands/sscan/
   */
  async *sscanIterator(key: Bytes, options: SScanOptions = {}): AsyncIterableIterator<string> {
    let cursor = '0';
    do {
      const [next, members] = this.sscan(key, cursor, options);
      cursor = next;
      yield* members;
    } while (cursor !== '0');
  }

  // ---- byte-level implementations (shared with commands/sets.ts) -----------------------------

  /** @internal the set at `key` for a read, undefined when missing, WRONGTYPE for other types. */
  lookupSet(key: string): RedisSet | undefined {
    const v = this.lookupRead(key);
    if (v === undefined || v instanceof RedisSet) return v;
    return this.wrongType();
  }

  /** @internal like lookupSet, for a write. */
  lookupSetWrite(key: string): RedisSet | undefined {
    const v = this.lookupWrite(key);
    if (v === undefined || v instanceof RedisSet) return v;
    return this.wrongType();
  }

  /** @internal SADD (saddCommand). */
  _sadd(key: string, members: string[]): number {
    const db = this.db;
    let set = this.lookupSetWrite(key);
    const created = set === undefined;
    if (set === undefined) set = new RedisSet(this.setLimits);
    let added = 0;
    for (let i = 0; i < members.length; i++) if (set.add(members[i]!)) added++;
    if (created) this.setKey(db, key, set);
    else if (added === 0) return 0;
    else this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.SET, 'sadd', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SADD', key, ...members]);
    return added;
  }

  /** @internal SADD of one member, the common call, without an argument array (~50 ns less). */
  _saddOne(key: string, member: string): number {
    return this._saddOneIn(this.lookupSetWrite(key), key, member);
  }

  /** @internal SADD of one member into `set`, the set at `key` already looked up for the write. */
  _saddOneIn(set: RedisSet | undefined, key: string, member: string): number {
    if (set === undefined) return this._sadd(key, [member]);
    if (!set.add(member)) return 0;
    const db = this.db;
    this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.SET, 'sadd', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SADD', key, member]);
    return 1;
  }

  /** @internal SREM (sremCommand): stops at the member that empties the set. */
  _srem(key: string, members: string[]): number {
    const set = this.lookupSetWrite(key);
    if (set === undefined) return 0;
    const db = this.db;
    let deleted = 0;
    let gone = false;
    for (let i = 0; i < members.length; i++) {
      if (!set.delete(members[i]!)) continue;
      deleted++;
      if (set.size === 0) {
        this.deleteKey(db, key);
        gone = true;
        break;
      }
    }
    if (deleted === 0) return 0;
    if (!gone) this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.SET, 'srem', key, db.id);
    if (gone) this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SREM', key, ...members]);
    return deleted;
  }

  /** @internal SMEMBERS: Redis runs it as SINTER of one set, which replies its iteration order. */
  _smembers(key: string): string[] {
    return this.lookupSet(key)?.members() ?? [];
  }

  /** @internal SCARD. */
  _scard(key: string): number {
    return this.lookupSet(key)?.size ?? 0;
  }

  /** @internal SISMEMBER. */
  _sismember(key: string, member: string): 0 | 1 {
    const set = this.lookupSet(key);
    return set?.has(member) ? 1 : 0;
  }

  /** @internal SMISMEMBER: a missing key is an empty set. */
  _smismember(key: string, members: string[]): (0 | 1)[] {
    const set = this.lookupSet(key);
    const out = new Array<0 | 1>(members.length);
    for (let i = 0; i < members.length; i++) out[i] = set?.has(members[i]!) ? 1 : 0;
    return out;
  }

  /**
   * @internal SMOVE (smoveCommand): a missing source wins over a wrong-typed destination; the
   * same key as source and destination only checks membership.
   */
  _smove(src: string, dst: string, member: string): 0 | 1 {
    const from = this.lookupWrite(src);
    const to = this.lookupWrite(dst);
    if (from === undefined) return 0;
    if (!(from instanceof RedisSet) || (to !== undefined && !(to instanceof RedisSet))) this.wrongType();
    if (from === to) return from.has(member) ? 1 : 0;
    if (!from.delete(member)) return 0;
    const db = this.db;
    this.effects.event(NOTIFY.SET, 'srem', src, db.id);
    if (from.size === 0) {
      this.deleteKey(db, src);
      this.effects.event(NOTIFY.GENERIC, 'del', src, db.id);
    } else {
      this.effects.touch(db.id, src);
    }
    let target = to as RedisSet | undefined;
    if (target === undefined) {
      target = new RedisSet(this.setLimits);
      target.add(member);
      this.setKey(db, dst, target);
      this.effects.event(NOTIFY.SET, 'sadd', dst, db.id);
    } else if (target.add(member)) {
      // Only a destination that actually gained the member counts as modified.
      this.effects.touch(db.id, dst);
      this.effects.event(NOTIFY.SET, 'sadd', dst, db.id);
    }
    if (this.effects.logging) this.effects.propagate(db.id, ['SMOVE', src, dst, member]);
    return 1;
  }

  /** @internal SRANDMEMBER without a count. */
  _srandmember(key: string): string | null {
    const set = this.lookupSet(key);
    return set === undefined ? null : set.random(this.randomIndex);
  }

  /** @internal SRANDMEMBER with a count already range-checked (srandmemberWithCountCommand). */
  _srandmemberCount(key: string, count: number): string[] {
    const set = this.lookupSet(key);
    if (set === undefined || count === 0) return [];
    const rand = this.randomIndex;
    if (count < 0 || count === 1) {
      // Negative: members may repeat, each drawn independently.
      const n = Math.abs(count);
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = set.random(rand);
      return out;
    }
    if (count >= set.size) return set.members();
    return set.randomDistinct(count, rand);
  }

  /** @internal SPOP without a count: logged as SREM of the member it took. */
  _spop(key: string): string | null {
    const set = this.lookupSetWrite(key);
    if (set === undefined) return null;
    const db = this.db;
    const m = set.popRandom(this.randomIndex);
    this.effects.event(NOTIFY.SET, 'spop', key, db.id);
    // The random choice is logged as its effect, so a replay removes the same member.
    if (this.effects.logging) this.effects.propagate(db.id, ['SREM', key, m]);
    if (set.size === 0) {
      this.deleteKey(db, key);
      this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
    } else {
      this.effects.touch(db.id, key);
    }
    return m;
  }

  /**
   * @internal SPOP with a count (spopWithCountCommand). Taking the whole set replies it as
   * SUNION of it would and is logged as DEL; otherwise each popped member is logged as an SREM.
   */
  _spopCount(key: string, count: number): string[] {
    const set = this.lookupSetWrite(key);
    if (set === undefined || count === 0) return [];
    const db = this.db;
    const size = set.size;
    this.effects.event(NOTIFY.SET, 'spop', key, db.id);
    if (count >= size) {
      const all = RedisSet.from(set.each(), this.setLimits).members();
      this.deleteKey(db, key);
      this.effects.event(NOTIFY.GENERIC, 'del', key, db.id);
      if (this.effects.logging) this.effects.propagate(db.id, ['DEL', key]);
      return all;
    }
    const wasIntset = set.isIntset;
    const rand = this.randomIndex;
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = set.popRandom(rand);
    if ((size - count) * SPOP_MOVE_STRATEGY_MUL <= count) {
      // Redis's "create new set" strategy: the stayers form a new set (which may be an intset
      // again) and the popped members are replied in the old set's iteration order.
      set.reencode();
      if (wasIntset) out.sort(compareInt64);
    }
    this.effects.touch(db.id, key);
    if (this.effects.logging) for (const m of out) this.effects.propagate(db.id, ['SREM', key, m]);
    return out;
  }

  /** @internal SINTER / SMEMBERS: the common members, in the smallest set's iteration order. */
  _sinter(keys: string[]): string[] {
    const sets = this.interSets(keys);
    const out: string[] = [];
    if (sets !== null)
      this.intersect(sets, (m) => {
        out.push(m);
        return false;
      });
    return out;
  }

  /** @internal SINTERCARD: counts the intersection, stopping at `limit` (0: no limit). */
  _sintercard(keys: string[], limit: number): number {
    const sets = this.interSets(keys);
    if (sets === null) return 0;
    let n = 0;
    this.intersect(sets, () => ++n === limit);
    return n;
  }

  /** @internal SINTERSTORE. */
  _sinterstore(dst: string, keys: string[]): number {
    const sets = this.interSets(keys);
    const result = new RedisSet(this.setLimits);
    if (sets !== null)
      this.intersect(sets, (m) => {
        result.add(m);
        return false;
      });
    return this.storeResult(dst, result, 'sinterstore', keys);
  }

  /** @internal SUNION: the union, in the iteration order of a set built from it. */
  _sunion(keys: string[]): string[] {
    return this.unionDiff(keys, UNION).members();
  }

  /** @internal SUNIONSTORE. */
  _sunionstore(dst: string, keys: string[]): number {
    return this.storeResult(dst, this.unionDiff(keys, UNION), 'sunionstore', keys);
  }

  /** @internal SDIFF: the difference, in the iteration order of a set built from it. */
  _sdiff(keys: string[]): string[] {
    return this.unionDiff(keys, DIFF).members();
  }

  /** @internal SDIFFSTORE. */
  _sdiffstore(dst: string, keys: string[]): number {
    return this.storeResult(dst, this.unionDiff(keys, DIFF), 'sdiffstore', keys);
  }

  /**
   * @internal SSCAN over a set already looked up (options are parsed after the lookup, as
   * Redis's scanGenericCommand does). An intset is returned whole with cursor 0.
   */
  _sscan(set: RedisSet, cursor: bigint, pattern: string | null, count: number): [string, string[]] {
    let next = 0;
    let batch: string[];
    if (set.isIntset) batch = set.members();
    else
      [next, batch] = this.scanCursors.step(cursor, set, () => set.scanIterator(), count) as [
        number,
        string[],
      ];
    if (pattern === null || matchesAllKeys(pattern)) return [String(next), batch];
    const match = compileGlob(pattern);
    return [String(next), batch.filter(match)];
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * The sets of an intersection, smallest first (a stable sort, as glibc's qsort is for small
   * arrays), after every key's type check; null when one is missing (the result is empty).
   */
  private interSets(keys: string[]): RedisSet[] | null {
    const sets: RedisSet[] = [];
    let empty = false;
    for (const key of keys) {
      const s = this.lookupSet(key);
      if (s === undefined) empty = true;
      else sets.push(s);
    }
    if (empty) return null;
    return sets.sort((a, b) => a.size - b.size);
  }

  /**
   * Calls `found` for each member of the smallest set that every other set has, in the
   * smallest set's iteration order, until `found` returns true.
   */
  private intersect(sets: RedisSet[], found: (m: string) => boolean): void {
    const first = sets[0]!;
    next: for (const m of first.each()) {
      for (let j = 1; j < sets.length; j++) {
        const s = sets[j]!;
        if (s !== first && !s.has(m)) continue next;
      }
      if (found(m)) return;
    }
  }

  /**
   * SUNION / SDIFF (sunionDiffGenericCommand): the result as a new set, built as Redis builds it
   * (starting as an intset), after every key's type check.
   */
  private unionDiff(keys: string[], op: typeof UNION | typeof DIFF): RedisSet {
    const n = keys.length;
    const sets = new Array<RedisSet | null>(n);
    let sameset = false;
    for (let j = 0; j < n; j++) {
      const s = this.lookupSet(keys[j]!) ?? null;
      sets[j] = s;
      if (j > 0 && s === sets[0]) sameset = true;
    }
    const result = new RedisSet(this.setLimits);
    const first = sets[0] ?? null;
    if (op === UNION) {
      for (const s of sets) if (s !== null) for (const m of s.each()) result.add(m);
      return result;
    }
    if (first === null || sameset) return result;
    // Algorithm 1 walks the first set testing each member against the others (N*M); algorithm
    // 2 adds the first set and removes all the others (total size). Redis picks by estimated
    // work, halving algorithm 1's for its better constants. The choice is visible: algorithm 2
    // can leave a hashtable where algorithm 1 would have built an intset.
    let work1 = 0;
    let work2 = 0;
    for (const s of sets) {
      if (s === null) continue;
      work1 += first.size;
      work2 += s.size;
    }
    if (Math.floor(work1 / 2) <= work2) {
      const others = sets.slice(1).filter((s): s is RedisSet => s !== null);
      // Largest first: a member found early in a big set is discarded early.
      others.sort((a, b) => b.size - a.size);
      for (const m of first.each()) {
        let keep = true;
        for (const s of others) {
          if (s.has(m)) {
            keep = false;
            break;
          }
        }
        if (keep) result.add(m);
      }
      return result;
    }
    for (const m of first.each()) result.add(m);
    for (let j = 1; j < n && result.size > 0; j++) {
      const s = sets[j];
      if (s !== null) for (const m of s.each()) result.delete(m);
    }
    return result;
  }

  /**
   * Stores a *STORE result at `dst` (replacing any value and TTL), or deletes `dst` when the
   * result is empty; logs the command as issued when it changed anything.
   */
  private storeResult(dst: string, result: RedisSet, event: string, keys: string[]): number {
    const db = this.db;
    const size = result.size;
    if (size > 0) {
      this.setKey(db, dst, result);
      this.effects.event(NOTIFY.SET, event, dst, db.id);
    } else if (this.keyExists(db, dst) && this.deleteKey(db, dst)) {
      this.effects.event(NOTIFY.GENERIC, 'del', dst, db.id);
    } else {
      return 0;
    }
    if (this.effects.logging) this.effects.propagate(db.id, [event.toUpperCase(), dst, ...keys]);
    return size;
  }
}

// Dataset accounting for maxmemory: the `used_memory` that eviction compares with `maxmemory`.
//
// Redis compares the allocator's figure (zmalloc_used_memory, minus AOF and replica buffers).
// A JavaScript heap can't be attributed to one store, and reading it is costly, so embedis
// counts instead what each key would take in Redis — MEMORY USAGE's estimate (config/
// memory-usage.ts: sds, dictEntry, robj and the value's encodings, jemalloc size classes) —
// plus a fixed BASELINE standing in for an empty Redis's own allocations. The estimate is kept
// incrementally: a touch listener (every key modification reports one) queues the touched key,
// and the queue is drained — each key re-sized into a per-database side map, a running total
// adjusted — when the figure is read (before a command, by the eviction timer) or when it grows
// long. Re-sizing late, not inside the touch, sees the key as the write left it (some writes
// touch before their last change) and re-sizes a key touched many times once. The listener
// exists only while maxmemory > 0: with no limit the accounting costs nothing.
//
// How it differs from Redis's number:
//  - no client buffers, AOF buffer, scripts, fragmentation, or dict bucket arrays of the
//    keyspace itself; TTLs cost nothing extra;
//  - a collection above EXACT_ELEMENTS elements is sized exactly only when its element count
//    has moved by more than 1/RESAMPLE_DIVISOR since the last exact sizing; in between its size
//    is scaled by the element count (so a big list costs O(1) amortised per push), and an
//    update that keeps the count (LSET, HSET of an existing field) keeps the old estimate;
//  - a typed-API text value (see Db.nonAsciiValues) is counted by its UTF-16 length, not its
//    UTF-8 byte length.

import { memoryUsage } from '../config/memory-usage.js';
import type { Collection, Db, Value } from './db.js';

/**
 * What an empty server counts before any key: Redis 7.0.15's `used_memory_startup` on x86-64
 * Linux (876,072 bytes, measured), so a `maxmemory` chosen for Redis leaves embedis about the
 * same room for data.
 */
export const BASELINE = 876_072;

/** Collections up to this many elements are re-sized exactly on every modification. */
const EXACT_ELEMENTS = 32;
/** Above it, an exact re-size happens once the count moved by more than 1/8 since the last. */
const RESAMPLE_DIVISOR = 8;
/** Elements MEMORY USAGE samples by default (its SAMPLES option). */
const SAMPLES = 5;

/** Touches queued before they are drained anyway (bounds the queue during long typed-API loops). */
const MAX_PENDING = 1024;

/** Element count of a collection, in O(1). */
function elementCount(v: Collection): number {
  return (v as unknown as { length?: number }).length ?? (v as unknown as { size: number }).size;
}

/** The accounting of one database's dict (followed by identity, so SWAPDB moves it along). */
class DictAccount {
  /** Key -> estimated bytes. */
  readonly sizes = new Map<string, number>();
  /** Big collections only: the size and element count at the last exact sizing. */
  readonly exact = new Map<string, { size: number; count: number }>();
  total = 0;
  constructor(readonly dict: Map<string, Value>) {}
}

/**
 * The dataset estimate of a store's databases, maintained from key modifications.
 * @internal
 */
export class DatasetAccount {
  private accounts: DictAccount[];
  /** Sum of the accounts' totals. */
  private total = 0;
  private pendingDb: number[] = [];
  private pendingKey: string[] = [];

  /**
   * @param dbs - the store's databases
   * @param streamNodeMaxBytes - the live stream-node-max-bytes (stream listpack preallocation)
   */
  constructor(
    private readonly dbs: readonly Db[],
    private readonly streamNodeMaxBytes: () => number,
  ) {
    this.accounts = dbs.map((db) => this.rebuild(db));
    for (const a of this.accounts) this.total += a.total;
  }

  /**
   * Total estimated bytes: BASELINE plus every key's estimate, after re-sizing queued keys and
   * checking consistency (see check).
   * @remarks O(databases + queued touches) when consistent.
   */
  used(): number {
    this.drain();
    this.check();
    return BASELINE + this.total;
  }

  /**
   * @internal Brings the accounting back in line with databases changed without per-key touches (SWAPDB
   * swaps dicts, FLUSHALL touches keys *before* emptying them, a snapshot load adds keys
   * silently): a db whose dict is another object, or whose key count differs from the side
   * map's, is re-sized in full.
   * @remarks O(databases) when consistent; O(N) for each database re-sized.
   */
  private check(): void {
    const dbs = this.dbs;
    const old = this.accounts;
    let next: DictAccount[] | null = null;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i]!;
      const acc = old[i]!;
      if (acc.dict === db.dict && acc.sizes.size === db.dict.size) continue;
      next ??= old.slice();
      // A swapped dict keeps its accounting (found by identity); anything else is re-sized.
      const moved = old.find((x) => x.dict === db.dict);
      next[i] = moved !== undefined && moved.sizes.size === db.dict.size ? moved : this.rebuild(db);
    }
    if (next !== null) {
      this.accounts = next;
      this.total = 0;
      for (const a of next) this.total += a.total;
    }
  }

  /** Queues `key` of database `dbIndex` to be re-sized: it was modified. @remarks O(1) amortised */
  touch(dbIndex: number, key: string): void {
    this.pendingDb.push(dbIndex);
    this.pendingKey.push(key);
    if (this.pendingKey.length > MAX_PENDING) this.drain();
  }

  /** Re-sizes every queued key. */
  private drain(): void {
    const dbs = this.pendingDb;
    const keys = this.pendingKey;
    if (keys.length === 0) return;
    this.pendingDb = [];
    this.pendingKey = [];
    for (let i = 0; i < keys.length; i++) this.resize(dbs[i]!, keys[i]!);
  }

  private resize(dbIndex: number, key: string): void {
    const db = this.dbs[dbIndex]!;
    const acc = this.accounts[dbIndex]!;
    if (acc.dict !== db.dict) return; // check() re-sizes this db before the next comparison
    const old = acc.sizes.get(key);
    const value = db.dict.get(key);
    if (value === undefined) {
      if (old !== undefined) {
        acc.total -= old;
        this.total -= old;
        acc.sizes.delete(key);
        if (acc.exact.size !== 0) acc.exact.delete(key);
      }
      return;
    }
    const size = this.estimate(acc, db, key, value);
    acc.total += size - (old ?? 0);
    this.total += size - (old ?? 0);
    acc.sizes.set(key, size);
  }

  private estimate(acc: DictAccount, db: Db, key: string, value: Value): number {
    if (typeof value === 'string') {
      return memoryUsage(key, value, db.encodings.get(key), SAMPLES, 0);
    }
    const count = elementCount(value);
    if (count <= EXACT_ELEMENTS) {
      if (acc.exact.size !== 0) acc.exact.delete(key);
      return memoryUsage(key, value, undefined, SAMPLES, this.streamNodeMaxBytes());
    }
    const last = acc.exact.get(key);
    if (last !== undefined && Math.abs(count - last.count) * RESAMPLE_DIVISOR <= last.count) {
      return Math.round((last.size * count) / last.count);
    }
    const size = memoryUsage(key, value, undefined, SAMPLES, this.streamNodeMaxBytes());
    acc.exact.set(key, { size, count });
    return size;
  }

  private rebuild(db: Db): DictAccount {
    const acc = new DictAccount(db.dict);
    for (const [key, value] of db.dict) {
      const size = this.estimate(acc, db, key, value);
      acc.sizes.set(key, size);
      acc.total += size;
    }
    return acc;
  }
}

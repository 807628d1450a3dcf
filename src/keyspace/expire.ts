// TTL index: a binary min-heap of (expireAt, db, key) over every volatile key of every Db,
// with lazy deletion. An entry is live only while `db.expires.get(key) === at`; an overwritten
// or removed TTL leaves a stale entry that is dropped when it reaches the top, and the heap is
// rebuilt from the expires maps when stale entries outnumber live ones.
//
// The active cycle plays the role of Redis's activeExpireCycle: where Redis samples 20 random
// volatile keys per loop and repeats while more than 25% were stale, the heap hands out exactly
// the keys that are due, oldest first, so no sampling is needed. What stays from Redis is the
// time budget: a cycle runs `hz` times per second and spends at most 25% of its period.

import type { Db } from './db.js';

/** Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC: share of each period the cycle may use. */
const SLOW_TIME_PERC = 25;
/** Below this many heap entries a rebuild is never worth it. */
const MIN_REBUILD = 1024;

export class ExpireIndex {
  private at: number[] = [];
  private dbs: Db[] = [];
  private keys: string[] = [];

  get size(): number {
    return this.at.length;
  }

  /** Records that `key` in `db` expires at `at` (call after setting `db.expires`). */
  push(at: number, db: Db, key: string): void {
    const a = this.at;
    let i = a.length;
    a.push(at);
    this.dbs.push(db);
    this.keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= at) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, at, db, key);
  }

  /**
   * Pops due entries (expireAt < now) and passes each live one to `expire`, until none is due
   * or `deadline()` says the time budget is spent. Returns true when due keys remain.
   */
  drain(now: number, expire: (db: Db, key: string) => void, deadline: () => boolean): boolean {
    let n = 0;
    while (this.at.length > 0 && this.at[0]! < now) {
      const at = this.at[0]!;
      const db = this.dbs[0]!;
      const key = this.keys[0]!;
      this.pop();
      if (db.expires.get(key) === at) expire(db, key);
      // Checking the clock costs more than a pop: look every 16 keys, as Redis does.
      if ((++n & 15) === 0 && deadline()) return this.at.length > 0 && this.at[0]! < now;
    }
    return false;
  }

  /** Rebuilds the heap from the expires maps when stale entries dominate. */
  compact(all: readonly Db[]): void {
    let live = 0;
    for (const db of all) live += db.expires.size;
    if (this.at.length < MIN_REBUILD || this.at.length < 2 * live) return;
    this.at = [];
    this.dbs = [];
    this.keys = [];
    for (const db of all) for (const [key, at] of db.expires) this.push(at, db, key);
  }

  /** Throws when the heap order is broken or arrays disagree (property tests). */
  checkValid(): void {
    const a = this.at;
    if (this.dbs.length !== a.length || this.keys.length !== a.length)
      throw new Error('ExpireIndex: length mismatch');
    for (let i = 1; i < a.length; i++) {
      if (a[(i - 1) >> 1]! > a[i]!) throw new Error(`ExpireIndex: heap order broken at ${i}`);
    }
  }

  /** True when a live entry (matching `db.expires`) exists for every volatile key of `dbs`. */
  covers(dbs: readonly Db[]): boolean {
    const seen = new Set<string>();
    for (let i = 0; i < this.at.length; i++) {
      const db = this.dbs[i]!;
      if (db.expires.get(this.keys[i]!) === this.at[i]) seen.add(`${db.id}\0${this.keys[i]}`);
    }
    for (const db of dbs)
      for (const key of db.expires.keys()) if (!seen.has(`${db.id}\0${key}`)) return false;
    return true;
  }

  clear(): void {
    this.at = [];
    this.dbs = [];
    this.keys = [];
  }

  /** Time budget of one cycle in ms, for a given hz. */
  static budget(hz: number): number {
    return ((1000 / hz) * SLOW_TIME_PERC) / 100;
  }

  private pop(): void {
    const a = this.at;
    const last = a.length - 1;
    const at = a[last]!;
    const db = this.dbs[last]!;
    const key = this.keys[last]!;
    a.pop();
    this.dbs.pop();
    this.keys.pop();
    if (last === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && a[r]! < a[l]! ? r : l;
      if (a[c]! >= at) break;
      this.move(c, i);
      i = c;
    }
    this.set(i, at, db, key);
  }

  private move(from: number, to: number): void {
    this.at[to] = this.at[from]!;
    this.dbs[to] = this.dbs[from]!;
    this.keys[to] = this.keys[from]!;
  }

  private set(i: number, at: number, db: Db, key: string): void {
    this.at[i] = at;
    this.dbs[i] = db;
    this.keys[i] = key;
  }
}

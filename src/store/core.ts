// StoreCore: the keyspace machinery every data-type family builds on — databases, lookups
// with lazy expiry and type checks (Redis's lookupKey* + checkType, db.c), TTLs and the active
// expire cycle (expire.c), access tracking, randomness, and the effects unit. Family classes
// (keys, strings, ...) extend it; `Store` is the last class of that chain.

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { type Bytes, toBytes } from '../bytes.js';
import { type Clock, SystemClock, type TimerHandle } from '../clock.js';
import { Effects, NOTIFY } from '../effects/effects.js';
import { fail, ReplyError, UNBLOCKED_STORE_CLOSED, WRONGTYPE } from '../errors.js';
import { type BlockingOptions, BlockingRegistry, Waiter } from '../keyspace/blocking.js';
import { Db, type Value } from '../keyspace/db.js';
import { ExpireIndex } from '../keyspace/expire.js';

/** Options of {@link Store}; see `Store.Options`. */
export interface StoreCoreOptions {
  /**
   * Number of logical databases (SELECT 0 … n-1).
   * @default 16
   */
  databases?: number;
  /**
   * Source of time and timers. Pass a {@link FakeClock} in tests.
   * @default new SystemClock()
   */
  clock?: Clock;
  /**
   * Seed of the PRNG behind RANDOMKEY and every other random choice, for reproducible runs.
   * @default a random seed
   */
  seed?: number;
  /**
   * Active expiry frequency: cycles per second, as Redis's `hz`.
   * @default 10
   */
  hz?: number;
  /**
   * Keep a last-access time per key (OBJECT IDLETIME, LRU eviction). Off, it costs nothing and
   * OBJECT IDLETIME reports 0.
   * @default false
   */
  trackAccess?: boolean;
}

/** Connection-like state: the selected database and protocol of one client. */
export interface Session {
  /** Selected database index. */
  db: number;
  /** RESP protocol version of the client. */
  protocol: 2 | 3;
  /**
   * Blocking commands may not block (Redis's CLIENT_DENY_BLOCKING: inside MULTI/EXEC, scripts):
   * one that finds nothing replies at once as if it timed out (BLMOVE with a nil bulk).
   * @default false
   */
  denyBlocking?: boolean;
  /**
   * @internal bit set of client states dispatch must check before a command runs (in MULTI,
   * subscribed in RESP2, not yet authenticated …): see `SessionState` in commands/gate.ts.
   * 0 or absent keeps dispatch on its fast path.
   */
  state?: number;
}

const throwWrongType = (): never => fail(WRONGTYPE);

/** murmur3's fmix32: neighbouring seeds give unrelated generator states. */
function mixSeed(seed: number): number {
  let h = seed | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class StoreCore {
  /** The clock all TTLs and timers use. */
  readonly clock: Clock;
  /** The logical databases. */
  readonly dbs: Db[];
  /** @internal the effects unit: touch, event, propagate. */
  readonly effects = new Effects();
  /** @internal the database commands run against (the executing session's). */
  db: Db;
  /** The session the typed API uses (its SELECT state). */
  readonly session: Session = { db: 0, protocol: 2 };
  /** @internal */
  readonly hz: number;
  /** @internal */
  readonly trackAccess: boolean;
  /** @internal */
  protected readonly ttlIndex = new ExpireIndex();
  /** @internal clients blocked on keys; null until a command first blocks. */
  blocking: BlockingRegistry | null = null;
  private readonly rng: ReturnType<typeof xoroshiro128plus>;
  private cycleTimer: TimerHandle | null = null;
  private closed = false;

  constructor(options: StoreCoreOptions = {}) {
    const databases = options.databases ?? 16;
    if (!Number.isInteger(databases) || databases < 1)
      throw new RangeError('databases must be an integer >= 1');
    const hz = options.hz ?? 10;
    if (!(hz >= 1 && hz <= 500)) throw new RangeError('hz must be between 1 and 500');
    this.clock = options.clock ?? new SystemClock();
    this.hz = hz;
    this.trackAccess = options.trackAccess ?? false;
    this.dbs = Array.from({ length: databases }, (_, i) => new Db(i));
    if (this.trackAccess) for (const db of this.dbs) db.access = new Map();
    this.db = this.dbs[0]!;
    this.rng = xoroshiro128plus(mixSeed(options.seed ?? (Math.random() * 0x7fffffff) | 0));
    // xoroshiro128+ seeded from one small int starts with poorly mixed state (seed 1 gave
    // rand(3) = 0 five times in a row): a few discarded outputs spread it.
    for (let i = 0; i < 16; i++) this.rng.next();
  }

  /**
   * Stops the timers of this store. Commands still blocked (BLPOP & co.) settle with an
   * `UNBLOCKED` error — a rejected promise on the typed API and `call()` — and so does any that
   * would block afterwards, since no timeout could end its wait. Idempotent.
   */
  close(): void {
    this.closed = true;
    this.cycleTimer?.cancel();
    this.cycleTimer = null;
    this.blocking?.close(new ReplyError(UNBLOCKED_STORE_CLOSED));
  }

  // ---- blocking (blocked.c) ------------------------------------------------------------------

  /** @internal the registry of blocked clients, created on first use. */
  blockingRegistry(): BlockingRegistry {
    if (this.blocking !== null) return this.blocking;
    const registry = new BlockingRegistry({
      clock: this.clock,
      effects: this.effects,
      hasKey: (db, key) => this.dbs[db]!.dict.has(key),
      runAs: (db, fn) => {
        const prev = this.db;
        this.db = this.dbs[db]!;
        this.effects.begin();
        try {
          fn();
        } finally {
          this.effects.end();
          this.db = prev;
        }
      },
    });
    if (this.closed) registry.close(new ReplyError(UNBLOCKED_STORE_CLOSED));
    this.blocking = registry;
    return registry;
  }

  /**
   * @internal a blocking command on the typed API: `run` replies at once or returns a Waiter;
   * the result is a Promise of the converted reply, which `options.signal` can unblock (the
   * promise then rejects with the signal's reason and nothing was taken). Errors reject; an
   * already aborted signal rejects before `run`.
   */
  protected blockingCall<R, T>(
    options: BlockingOptions | undefined,
    run: () => R | Waiter<R>,
    convert: (r: R) => T,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let r: R | Waiter<R>;
    try {
      r = run();
    } catch (e) {
      return Promise.reject(e);
    }
    if (!(r instanceof Waiter)) return Promise.resolve(convert(r));
    const waiter = r;
    if (signal === undefined) return waiter.promise.then(convert);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        // Still blocked, so nothing was taken: it leaves every queue and its promise rejects.
        if (waiter.unblock()) reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiter.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(convert(v));
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  /**
   * @internal serves clients blocked on keys a typed API write made ready; a no-op inside a
   * unit, whose end serves them. Writes that can create a list, sorted set or stream call it last.
   */
  serveBlocked(): void {
    if (this.blocking !== null) this.blocking.serveIfIdle();
  }

  /** @internal uniform random integer in [0, n). */
  rand(n: number): number {
    return uniformInt(this.rng, 0, n - 1);
  }

  // ---- lookups (db.c lookupKey*) -------------------------------------------------------------

  /**
   * @internal a typed-API key as the byte string to *read* with: the caller's string as is
   * while the current db holds no non-ASCII key (see Db.nonAsciiKeys), else its UTF-8 bytes.
   * Never use it to write: a stored key must always be toBytes(key).
   */
  readKey(key: Bytes): string {
    return typeof key === 'string' && !this.db.nonAsciiKeys ? key : toBytes(key);
  }

  /** @internal value at `key` in the current db, expiring it first if due; updates access time. */
  lookupRead(key: string): Value | undefined {
    const db = this.db;
    const v = db.dict.get(key);
    if (v === undefined) return undefined;
    if (db.expires.size !== 0 && this.expireIfNeeded(db, key)) return undefined;
    if (db.access !== null) db.access.set(key, this.clock.now());
    return v;
  }

  /** @internal like lookupRead, for a write (same rules on a master). */
  lookupWrite(key: string): Value | undefined {
    return this.lookupRead(key);
  }

  /** @internal like lookupRead, but leaves the access time alone (OBJECT, TYPE-less peeks). */
  lookupNoTouch(db: Db, key: string): Value | undefined {
    const v = db.dict.get(key);
    if (v === undefined) return undefined;
    if (db.expires.size !== 0 && this.expireIfNeeded(db, key)) return undefined;
    return v;
  }

  /** @internal string value at `key`, null when missing, WRONGTYPE for other types. */
  lookupString(key: string): string | null {
    const v = this.lookupRead(key);
    if (v === undefined) return null;
    if (typeof v !== 'string') throwWrongType();
    return v as string;
  }

  /** @internal true when `key` exists in `db` (expiring it if due). */
  keyExists(db: Db, key: string): boolean {
    if (!db.dict.has(key)) return false;
    return !(db.expires.size !== 0 && this.expireIfNeeded(db, key));
  }

  /** @internal deletes `key` if its TTL has passed; returns true when it did. */
  expireIfNeeded(db: Db, key: string): boolean {
    const at = db.expires.get(key);
    // A key expires once the time is past its expiry: Redis's keyIsExpired is `now > when`.
    if (at === undefined || at >= this.clock.now()) return false;
    this.expireKey(db, key);
    return true;
  }

  /** @internal true when `key` has a TTL that has passed (without deleting it). */
  isExpired(db: Db, key: string, now: number): boolean {
    const at = db.expires.get(key);
    return at !== undefined && at < now;
  }

  /** @internal deletes an expired key and reports it: propagated as DEL, event `expired`. */
  expireKey(db: Db, key: string): void {
    db.remove(key);
    this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.EXPIRED, 'expired', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['DEL', key]);
  }

  // ---- writes (db.c setKey / dbAdd / dbDelete) -----------------------------------------------

  /** @internal stores a value; drops the TTL unless `keepTtl` (Redis setKey). `asciiValue`: already scanned. */
  setKey(db: Db, key: string, value: Value, keepTtl = false, asciiValue = false): void {
    db.put(key, value, asciiValue);
    if (!keepTtl && db.expires.size !== 0) db.expires.delete(key);
    if (db.access !== null) db.access.set(key, this.clock.now());
    this.effects.touch(db.id, key);
  }

  /** @internal deletes a key; returns false when it was missing. */
  deleteKey(db: Db, key: string): boolean {
    if (!db.remove(key)) return false;
    this.effects.touch(db.id, key);
    return true;
  }

  /** @internal sets an absolute expiry time (ms) on an existing key. */
  setExpire(db: Db, key: string, at: number): void {
    db.expires.set(key, at);
    this.ttlIndex.push(at, db, key);
    this.scheduleCycle();
  }

  /** @internal removes the TTL of `key`; returns false when it had none. */
  removeExpire(db: Db, key: string): boolean {
    return db.expires.delete(key);
  }

  /** @internal throws WRONGTYPE. */
  wrongType(): never {
    throw new ReplyError(WRONGTYPE);
  }

  /** @internal the Db at `index`, or undefined when out of range. */
  dbAt(index: number): Db | undefined {
    return this.dbs[index];
  }

  // ---- active expiry (expire.c activeExpireCycle) --------------------------------------------

  /** @internal runs one active expire cycle now; returns true when due keys remain. */
  activeExpireCycle(): boolean {
    const clock = this.clock;
    const start = clock.now();
    const budget = ExpireIndex.budget(this.hz);
    const more = this.ttlIndex.drain(
      start,
      (db, key) => this.expireKey(db, key),
      () => clock.now() - start > budget,
    );
    this.ttlIndex.compact(this.dbs);
    return more;
  }

  private scheduleCycle(soon = false): void {
    if (this.cycleTimer !== null || this.closed) return;
    // Due keys left over from a cycle that ran out of budget get a fast cycle (Redis's
    // ACTIVE_EXPIRE_CYCLE_FAST) instead of waiting a whole period.
    this.cycleTimer = this.clock.setTimer(() => this.onCycle(), soon ? 1 : 1000 / this.hz);
  }

  private onCycle(): void {
    this.cycleTimer = null;
    if (this.closed) return;
    let more = false;
    this.effects.begin();
    try {
      more = this.activeExpireCycle();
    } finally {
      this.effects.end();
    }
    if (this.ttlIndex.size > 0) this.scheduleCycle(more);
  }
}

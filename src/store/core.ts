// StoreCore: the keyspace machinery every data-type family builds on — databases, lookups
// with lazy expiry and type checks (Redis's lookupKey* + checkType, db.c), TTLs and the active
// expire cycle (expire.c), access tracking, randomness, and the effects unit. Family classes
// (keys, strings, ...) extend it; `Store` is the last class of that chain.

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { type Bytes, toBytes } from '../bytes.js';
import { type Clock, SystemClock, type TimerHandle } from '../clock.js';
import type { Reply } from '../commands/reply.js';
import type { TransactionState } from '../commands/transactions.js';
import { ServerStats } from '../config/stats.js';
import { Effects, NOTIFY } from '../effects/effects.js';
import { fail, ReplyError, UNBLOCKED_STORE_CLOSED, WRONGTYPE } from '../errors.js';
import { type BlockingOptions, BlockingRegistry, Waiter } from '../keyspace/blocking.js';
import { Db, type Value } from '../keyspace/db.js';
import { ExpireIndex } from '../keyspace/expire.js';
import type { AppendOnlyOptions, LoadProgress, SnapshotOptions } from '../persistence/adapter.js';

/** Options of {@link Store}; see `Store.Options`. */
export interface StoreCoreOptions {
  /**
   * Data directory: persist the store there (locked by this process) and load it on creation.
   * Unset, the store is memory-only and SAVE/BGSAVE write nothing. See docs/persistence.md.
   * @default undefined (memory-only)
   */
  dir?: string;
  /**
   * Snapshots in `dir` (RDB's role): save points, file name, MISCONF behaviour. `false` turns
   * them off (SAVE and BGSAVE still write on request). Ignored without `dir`.
   * @default {} (Redis's save points 3600 1 300 100 60 10000, `dump.embedis`)
   */
  snapshot?: SnapshotOptions | boolean;
  /**
   * Append-only log in `dir` (AOF's role, Redis 7.0's multi-part format); `true` for its
   * defaults. When on, the store loads from the log rather than the snapshot, as Redis does.
   * Ignored without `dir`.
   * @default false
   */
  appendOnly?: AppendOnlyOptions | boolean;
  /**
   * Called while the store loads `dir` at creation (about every 1 % and once at the end).
   * `logLoadProgress()` (persistence/load-progress.ts) logs a line every 10 %.
   * @default undefined
   */
  onLoadProgress?: (progress: LoadProgress) => void;
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
  /**
   * @internal MULTI and WATCH state of this client: commands queued since MULTI, watched keys,
   * the dirty flags (see commands/transactions.ts). Absent until it first sends MULTI or WATCH.
   */
  tx?: TransactionState;
  /**
   * Delivers out-of-band data to the client at once, outside the reply to its current command:
   * pub/sub messages (a `PushReply`, RESP3 `>`, an array in RESP2). The server sets it to
   * write to the socket; a session without it cannot subscribe (SUBSCRIBE replies an error),
   * as is the case for the typed API's own session — use `Store.subscribe` there.
   */
  push?: (reply: Reply) => void;
}

const throwWrongType = (): never => fail(WRONGTYPE);

/** murmur3's fmix32: neighbouring seeds give unrelated generator states. */
function mixSeed(seed: number): number {
  let h = seed | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * @internal a background snapshot's copy-on-write hook (persistence/snapshot-walk.ts): the
 * store calls it *before* it modifies a key or empties a database.
 */
export interface WriteHook {
  beforeWrite(db: Db, key: string): void;
  beforeFlush(db: Db): void;
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
  /** @internal active expire cycles per second (CONFIG SET hz changes it). */
  hz: number;
  /** INFO / commandstats / errorstats counters, the slow log and the latency monitor. */
  readonly stats = new ServerStats();
  /** @internal */
  readonly trackAccess: boolean;
  /** @internal */
  protected readonly ttlIndex = new ExpireIndex();
  /** @internal clients blocked on keys; null until a command first blocks. */
  blocking: BlockingRegistry | null = null;
  /** @internal the copy-on-write hook while a background snapshot runs, else null. */
  cow: WriteHook | null = null;
  /**
   * @internal Redis's MISCONF: the error text write commands get while the last background save
   * failed and stop-writes-on-bgsave-error is on; null otherwise (dispatch checks it).
   */
  diskError: string | null = null;
  /**
   * @internal true while an append-only log is replayed (Redis's server.loading): no key
   * expires, and an EXPIRE/GETEX time already past sets the TTL instead of deleting, so a
   * replay reaches the state the log recorded whatever the time now (keyIsExpired,
   * checkAlreadyExpired).
   */
  loading = false;
  private readonly rng: ReturnType<typeof xoroshiro128plus>;
  private cycleTimer: TimerHandle | null = null;
  private activeExpireOff = false;
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
    if (v === undefined || (db.expires.size !== 0 && this.expireIfNeeded(db, key))) {
      // lookupKeyRead's `keymiss` event (class `m`); writes never report one.
      if (this.optInEvents !== 0) this.keyMissed(db, key);
      this.stats.keyspaceMisses++;
      return undefined;
    }
    if (db.access !== null) db.access.set(key, this.clock.now());
    this.stats.keyspaceHits++;
    return v;
  }

  /**
   * @internal event classes outside `A` — NOTIFY.NEW (`n`) and NOTIFY.KEY_MISS (`m`) — that
   * store code reports only while notify-keyspace-events asks for them: they cost a lookup or
   * fire on every miss, and no other listener wants them. Set by Store.setNotifyKeyspaceEvents.
   */
  optInEvents = 0;

  /** @internal dbAdd's `new` event (class `n`). */
  keyAdded(db: Db, key: string): void {
    if (this.optInEvents & NOTIFY.NEW) this.effects.event(NOTIFY.NEW, 'new', key, db.id);
  }

  /** @internal lookupKeyRead's `keymiss` event (class `m`). */
  keyMissed(db: Db, key: string): void {
    if (this.optInEvents & NOTIFY.KEY_MISS) this.effects.event(NOTIFY.KEY_MISS, 'keymiss', key, db.id);
  }

  /** @internal like lookupRead, for a write (same rules on a master, but no `keymiss` event). */
  lookupWrite(key: string): Value | undefined {
    if (this.cow !== null) this.cow.beforeWrite(this.db, key);
    const db = this.db;
    const v = db.dict.get(key);
    if (v === undefined) return undefined;
    if (db.expires.size !== 0 && this.expireIfNeeded(db, key)) return undefined;
    if (db.access !== null) db.access.set(key, this.clock.now());
    return v;
  }

  /** @internal like lookupRead, but leaves the access time alone (OBJECT, TYPE-less peeks). */
  lookupNoTouch(db: Db, key: string): Value | undefined {
    const v = db.dict.get(key);
    if (v === undefined) return undefined;
    if (db.expires.size !== 0 && this.expireIfNeeded(db, key)) return undefined;
    return v;
  }

  /** @internal the bytes of the string value at `key`, null when missing, WRONGTYPE for other types. */
  lookupString(key: string): string | null {
    const v = this.lookupRead(key);
    if (v === undefined) return null;
    if (typeof v !== 'string') throwWrongType();
    return this.db.bytes(v as string);
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
    if (at === undefined || at >= this.clock.now() || this.loading) return false;
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
    if (this.cow !== null) this.cow.beforeWrite(db, key);
    db.remove(key);
    this.stats.expiredKeys++;
    this.effects.touch(db.id, key);
    this.effects.event(NOTIFY.EXPIRED, 'expired', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['DEL', key]);
  }

  // ---- writes (db.c setKey / dbAdd / dbDelete) -----------------------------------------------

  /** @internal stores a value; drops the TTL unless `keepTtl` (Redis setKey). `asciiValue`: already scanned. */
  setKey(db: Db, key: string, value: Value, keepTtl = false, asciiValue = false): void {
    if (this.cow !== null) this.cow.beforeWrite(db, key);
    // setKey's lookupKeyWrite: a key past its TTL expires first (`expired` event, DEL logged).
    if (db.expires.size !== 0) this.expireIfNeeded(db, key);
    // dbAdd's `new` event: the has() check runs only while notify-keyspace-events asks for it.
    const added = (this.optInEvents & NOTIFY.NEW) !== 0 && !db.dict.has(key);
    db.put(key, value, asciiValue);
    if (added) this.keyAdded(db, key);
    if (!keepTtl && db.expires.size !== 0) db.expires.delete(key);
    if (db.access !== null) db.access.set(key, this.clock.now());
    this.effects.touch(db.id, key);
  }

  /**
   * @internal the typed SET fast path (text mode, see Db.nonAsciiValues): stores the caller's
   * JS strings without reading their characters, drops the TTL, and returns the key as stored.
   * Only while `!db.nonAsciiValues`. Logs nothing: a caller with a sink listening propagates the
   * returned key (bytes) and `db.bytes(value)`.
   */
  setKeyText(db: Db, key: string, value: string): string {
    if (this.cow !== null) this.cow.beforeWrite(db, toBytes(key));
    // As setKey: a key past its TTL expires first; dbAdd reports a new key.
    if (db.expires.size !== 0) this.expireIfNeeded(db, db.nonAsciiKeys ? toBytes(key) : key);
    const before = db.dict.size;
    const k = db.putText(key, value);
    if ((this.optInEvents & NOTIFY.NEW) !== 0 && db.dict.size !== before) this.keyAdded(db, k);
    if (db.expires.size !== 0) db.expires.delete(k);
    if (db.access !== null) db.access.set(k, this.clock.now());
    this.effects.touch(db.id, k);
    return k;
  }

  /** @internal deletes a key; returns false when it was missing. */
  deleteKey(db: Db, key: string): boolean {
    if (this.cow !== null) this.cow.beforeWrite(db, key);
    if (!db.remove(key)) return false;
    this.effects.touch(db.id, key);
    return true;
  }

  /** @internal sets an absolute expiry time (ms) on an existing key. */
  setExpire(db: Db, key: string, at: number): void {
    if (this.cow !== null) this.cow.beforeWrite(db, key);
    db.expires.set(key, at);
    this.ttlIndex.push(at, db, key);
    this.scheduleCycle();
  }

  /** @internal removes the TTL of `key`; returns false when it had none. */
  removeExpire(db: Db, key: string): boolean {
    if (this.cow !== null) this.cow.beforeWrite(db, key);
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
    if (this.loading) return false;
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

  /**
   * @internal turns the active expire cycle off or on (DEBUG SET-ACTIVE-EXPIRE): while off,
   * keys expire only when accessed.
   */
  setActiveExpire(on: boolean): void {
    this.activeExpireOff = !on;
    if (on && this.ttlIndex.size > 0) this.scheduleCycle();
  }

  private onCycle(): void {
    this.cycleTimer = null;
    if (this.closed || this.activeExpireOff) return;
    let more = false;
    this.effects.begin();
    this.effects.noWrap = true; // Redis logs active-expiry DELs one by one, never as a MULTI
    try {
      more = this.activeExpireCycle();
    } finally {
      this.effects.end();
    }
    if (this.ttlIndex.size > 0) this.scheduleCycle(more);
  }
}

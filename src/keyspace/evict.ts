// maxmemory eviction (Redis 7.0 evict.c). Before each command (dispatch), when the dataset
// estimate (keyspace/memory.ts) is over `maxmemory`, keys are evicted by `maxmemory-policy`
// until enough bytes are freed: each is deleted, touched (WATCH), reported as an `evicted`
// keyspace event, propagated as DEL and counted in INFO evicted_keys. A command flagged
// `denyoom` that still finds the store over the limit is refused with OOM (dispatch.ts).
//
// Candidates are chosen as Redis chooses them: `maxmemory-samples` keys sampled from each
// database (the whole db when it holds no more), scored, and merged into an eviction pool of
// the 16 best candidates seen so far, which survives between evictions so later picks start
// from good ones. Scores: idle time for LRU (the per-key access time of Db.access, kept while an
// LRU policy is on with a limit, or while `trackAccess` is), 255 minus the decayed LFU counter
// for LFU, and the expiry time reversed for volatile-ttl. The random policies take one random key
// per pass, visiting databases round-robin. volatile-* sample only keys with a TTL.
//
// LFU: Redis's 8-bit logarithmic counter with a 16-bit "last decrement time" in minutes, per
// key, kept in a side map only while an LFU policy is selected (whatever maxmemory is, so
// OBJECT FREQ works as in Redis). It rides on the access-time map: while LFU is on, each Db's
// `access` is an LfuAccessMap whose set() (called by every lookup that counts as an access)
// also bumps the counter, so no lookup path changes.
//
// A run stops after maxmemory-eviction-tenacity's time budget (checked every 16 keys) and goes
// on in a timer, as Redis's evictionTimeProc; CONFIG SET maxmemory starts that timer too.
// Typed-API writes are not checked synchronously (they never fail with OOM): a bare typed write
// starts the same timer, so the limit is checked, and keys evicted, on the next tick of the
// store's clock (FakeClock: the next advance()).

import type { TimerHandle } from '../clock.js';
import type { Config } from '../config/config.js';
import { NOTIFY } from '../effects/effects.js';
import type { StoreCore } from '../store/core.js';
import type { Db } from './db.js';
import { DatasetAccount } from './memory.js';

/** The values of `maxmemory-policy`. */
export type MaxmemoryPolicy =
  | 'noeviction'
  | 'allkeys-lru'
  | 'volatile-lru'
  | 'allkeys-lfu'
  | 'volatile-lfu'
  | 'allkeys-random'
  | 'volatile-random'
  | 'volatile-ttl';

/** What performEvictions found (Redis's EVICT_OK, EVICT_RUNNING, EVICT_FAIL). */
export const EvictResult = {
  /** Under the limit (or evictions not possible now). */
  OK: 0,
  /** Over the limit, a timer goes on evicting. */
  RUNNING: 1,
  /** Over the limit and nothing (more) can be evicted: denyoom commands are refused. */
  FAIL: 2,
} as const;
export type EvictResult = (typeof EvictResult)[keyof typeof EvictResult];

/** EVPOOL_SIZE: candidates kept between evictions. */
const POOL_SIZE = 16;
/** LFU_INIT_VAL: a new key's counter, so it can collect a few hits before it is a victim. */
const LFU_INIT_VAL = 5;
/** Evicted keys between two checks of the time budget (Redis checks every 16). */
const BUDGET_CHECK_EVERY = 16;

const monotonic: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now();

/** Redis's evictionTimeLimitUs, in ms: 0..0.5 ms linear to tenacity 10, then +15 % per step. */
function timeLimitMs(tenacity: number): number {
  if (tenacity <= 10) return (50 * tenacity) / 1000;
  if (tenacity < 100) return (500 * 1.15 ** (tenacity - 10)) / 1000;
  return Number.POSITIVE_INFINITY;
}

/** LFUGetTimeInMinutes: 16 bits of Unix minutes. */
const lfuMinutes = (nowMs: number): number => Math.floor(nowMs / 60000) & 0xffff;

/** LFUTimeElapsed: minutes since `ldt`, wrapping once. */
function lfuElapsed(ldt: number, nowMs: number): number {
  const now = lfuMinutes(nowMs);
  return now >= ldt ? now - ldt : 65535 - ldt + now;
}

/**
 * Access times (as a plain Db.access map) plus, per key, the LFU word `ldt << 8 | counter`.
 * Every set() is an access: a new key starts at LFU_INIT_VAL, a known one is decayed and then
 * logarithmically incremented (Redis's updateLFU).
 * @internal
 */
export class LfuAccessMap extends Map<string, number> {
  /** Key -> `ldt << 8 | counter`. */
  readonly lfu = new Map<string, number>();
  /** @internal the owning evictor (log factor, decay time, randomness); set after construction. */
  evictor: Evictor | null = null;

  override set(key: string, now: number): this {
    const ev = this.evictor;
    if (ev !== null) {
      const word = this.lfu.get(key);
      const counter = word === undefined ? LFU_INIT_VAL : ev.lfuIncr(ev.lfuDecr(word, now));
      this.lfu.set(key, (lfuMinutes(now) << 8) | counter);
    }
    return super.set(key, now);
  }

  override delete(key: string): boolean {
    this.lfu.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    this.lfu.clear();
    super.clear();
  }
}

interface PoolEntry {
  /** Higher is a better candidate. */
  idle: number;
  key: string;
  db: number;
}

/**
 * One store's eviction state: the configuration, the dataset accounting (while maxmemory > 0),
 * the eviction pool and the eviction timer.
 * @internal
 */
export class Evictor {
  /** `maxmemory` in bytes; 0 is no limit. */
  maxmemory = 0;
  /** `maxmemory-policy`. */
  policy: MaxmemoryPolicy = 'noeviction';
  /** `maxmemory-samples`: keys sampled per database per pool refill. */
  samples = 5;
  /** `maxmemory-eviction-tenacity` (0-100): the time budget of one run. */
  tenacity = 10;
  /** `lfu-log-factor`. */
  lfuLogFactor = 10;
  /** `lfu-decay-time`, in minutes per decrement; 0 never decays. */
  lfuDecayTime = 1;
  /** The dataset estimate; non-null exactly while maxmemory > 0. */
  account: DatasetAccount | null = null;
  private detachTouch: (() => void) | null = null;
  private pool: PoolEntry[] = [];
  private nextDb = 0;
  /** Redis's isEvictionProcRunning. */
  private running = false;
  private timer: TimerHandle | null = null;
  /** Per db: a dense array of volatile keys for random picks, rebuilt lazily. */
  private volatile: (string[] | null)[];
  /** Per db: key modifications since its volatile array was built. */
  private volatileTouches: number[];

  constructor(private readonly store: StoreCore) {
    this.volatile = store.dbs.map(() => null);
    this.volatileTouches = store.dbs.map(() => 0);
  }

  private get allkeys(): boolean {
    return this.policy.startsWith('allkeys-');
  }

  /** True while the policy is an LFU one. */
  get lfuOn(): boolean {
    return this.policy.endsWith('-lfu');
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Applies `maxmemory`: attaches or detaches the accounting, starts the eviction timer. */
  setMaxmemory(bytes: number): void {
    const was = this.maxmemory;
    this.maxmemory = bytes;
    if (bytes > 0 && was === 0) {
      activeStores++;
      this.account = new DatasetAccount(this.store.dbs, () => this.streamNodeMaxBytes());
      this.detachTouch = this.store.effects.addTouchListener((db, key) => this.onTouch(db, key));
    } else if (bytes === 0 && was > 0) {
      activeStores--;
      this.detachTouch?.();
      this.detachTouch = null;
      this.account = null;
      this.pool = [];
      this.volatile.fill(null);
    }
    this.syncAccessMaps();
    // updateMaxmemory: start the eviction timer, which stops at once when under the limit.
    if (bytes > 0) this.startTimer();
  }

  /** Applies `maxmemory-policy`: empties the pool, sets up the access maps it needs. */
  setPolicy(policy: MaxmemoryPolicy): void {
    this.policy = policy;
    this.pool = []; // scores of another policy are meaningless now
    this.syncAccessMaps();
  }

  private streamNodeMaxBytes(): number {
    return (this.store as unknown as { streamLimits?: { maxBytes: number } }).streamLimits?.maxBytes ?? 4096;
  }

  /**
   * Gives each Db the access map the configuration needs: an LfuAccessMap while an LFU policy
   * is on; a plain map of access times while an LRU policy is on with a limit, or while
   * `trackAccess` is; none otherwise. Times already recorded carry over.
   */
  private syncAccessMaps(): void {
    const lru = this.policy.endsWith('-lru') && this.maxmemory > 0;
    for (const db of this.store.dbs) {
      const cur = db.access;
      if (this.lfuOn) {
        this.lfuMap(db);
      } else if (lru || this.store.trackAccess) {
        if (cur === null || cur instanceof LfuAccessMap) db.access = new Map(cur ?? []);
      } else {
        db.access = null;
      }
    }
  }

  /** The LfuAccessMap of `db`, installing one if something replaced it (FLUSHALL with trackAccess). */
  lfuMap(db: Db): LfuAccessMap {
    const cur = db.access;
    if (cur instanceof LfuAccessMap) return cur;
    const map = new LfuAccessMap();
    if (cur !== null) for (const [k, t] of cur) map.set(k, t); // times only: no evictor yet
    map.evictor = this;
    db.access = map;
    return map;
  }

  // ---- LFU (evict.c LFUDecrAndReturn, LFULogIncr) --------------------------------------------

  /** The counter of an LFU word after decay by elapsed `lfu-decay-time` periods. */
  lfuDecr(word: number, now: number): number {
    const counter = word & 255;
    const periods = this.lfuDecayTime > 0 ? Math.floor(lfuElapsed(word >>> 8, now) / this.lfuDecayTime) : 0;
    return periods > counter ? 0 : counter - periods;
  }

  /** Increments a counter with probability 1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1). */
  lfuIncr(counter: number): number {
    if (counter === 255) return 255;
    const r = this.store.rand(0x40000000) / 0x40000000;
    const base = Math.max(0, counter - LFU_INIT_VAL);
    return r < 1 / (base * this.lfuLogFactor + 1) ? counter + 1 : counter;
  }

  /** OBJECT FREQ of an existing key: its decayed counter. */
  frequency(db: Db, key: string): number {
    const word = this.lfuMap(db).lfu.get(key);
    const now = this.store.clock.now();
    return word === undefined ? LFU_INIT_VAL : this.lfuDecr(word, now);
  }

  // ---- accounting ----------------------------------------------------------------------------

  private onTouch(db: number, key: string): void {
    this.account!.touch(db, key);
    this.volatileTouches[db]!++;
    // A bare typed-API write: check the limit (and evict) on the next timer tick (see header).
    if (!this.running && !this.store.effects.inUnit) this.startTimer();
  }

  /** The dataset estimate compared with maxmemory (0 while there is no limit). */
  used(): number {
    return this.account === null ? 0 : this.account.used();
  }

  // ---- eviction (evict.c performEvictions) ---------------------------------------------------

  /**
   * Evicts keys until the dataset estimate is under maxmemory, the policy forbids it, nothing is
   * left to evict, or the time budget is spent (then a timer goes on). Runs as its own execution
   * unit whose DELs reach sinks unwrapped (Redis's propagate_no_multi).
   * @remarks O(samples × databases) per evicted key for the pool policies, O(databases) for the random ones.
   */
  perform(): EvictResult {
    const store = this.store;
    if (this.account === null || store.loading) return EvictResult.OK;
    const used = this.used();
    if (used <= this.maxmemory) return EvictResult.OK;
    if (this.policy === 'noeviction') return EvictResult.FAIL;
    const toFree = used - this.maxmemory;
    const limit = timeLimitMs(this.tenacity);
    const start = monotonic();
    const effects = store.effects;
    const outer = !effects.inUnit;
    effects.begin();
    if (outer) effects.noWrap = true;
    let freed = 0;
    let evicted = 0;
    try {
      while (freed < toFree) {
        const pick = this.policy.endsWith('-random') ? this.pickRandom() : this.pickFromPool();
        if (pick === null) return EvictResult.FAIL;
        const account = this.account;
        const before = account.used();
        this.evictKey(store.dbs[pick.db]!, pick.key);
        freed += before - account.used(); // the touch of the DEL re-sizes the key to nothing
        evicted++;
        if (evicted % BUDGET_CHECK_EVERY === 0 && monotonic() - start > limit) {
          this.startTimer();
          break;
        }
      }
    } finally {
      effects.end();
    }
    return this.running ? EvictResult.RUNNING : EvictResult.OK;
  }

  /** Deletes an evicted key and reports it: WATCH touch, `evicted` event, DEL, evicted_keys. */
  private evictKey(db: Db, key: string): void {
    const store = this.store;
    store.deleteKey(db, key);
    store.stats.evictedKeys++;
    store.effects.event(NOTIFY.EVICTED, 'evicted', key, db.id);
    if (store.effects.logging) store.effects.propagate(db.id, ['DEL', key]);
  }

  /** volatile-random / allkeys-random: one random key, databases visited round-robin. */
  private pickRandom(): PoolEntry | null {
    const dbs = this.store.dbs;
    for (let i = 0; i < dbs.length; i++) {
      const j = ++this.nextDb % dbs.length;
      const db = dbs[j]!;
      if (this.allkeys) {
        const key = db.randomKey((n) => this.store.rand(n));
        if (key !== undefined) return { idle: 0, key, db: j };
      } else if (db.expires.size !== 0) {
        return { idle: 0, key: this.randomVolatile(j), db: j };
      }
    }
    return null;
  }

  /** LRU, LFU and volatile-ttl: refill the pool from every database, take its best live entry. */
  private pickFromPool(): PoolEntry | null {
    const dbs = this.store.dbs;
    const allkeys = this.allkeys;
    for (;;) {
      let total = 0;
      for (let i = 0; i < dbs.length; i++) {
        const n = allkeys ? dbs[i]!.dict.size : dbs[i]!.expires.size;
        if (n !== 0) {
          this.populate(i);
          total += n;
        }
      }
      if (total === 0) return null;
      const pool = this.pool;
      while (pool.length !== 0) {
        const e = pool.pop()!;
        const db = dbs[e.db]!;
        // A ghost (deleted, or lost its TTL since it was sampled) is skipped.
        if (allkeys ? db.dict.has(e.key) : db.expires.has(e.key)) return e;
      }
    }
  }

  /** evictionPoolPopulate: scores `maxmemory-samples` keys of db `i` into the pool. */
  private populate(i: number): void {
    const db = this.store.dbs[i]!;
    const source: Map<string, unknown> = this.allkeys ? db.dict : db.expires;
    const n = this.samples;
    if (source.size <= n) {
      for (const key of source.keys()) this.consider(db, i, key);
    } else if (this.allkeys) {
      for (let s = 0; s < n; s++) this.consider(db, i, db.randomKey((m) => this.store.rand(m))!);
    } else {
      for (let s = 0; s < n; s++) this.consider(db, i, this.randomVolatile(i));
    }
  }

  private consider(db: Db, dbIndex: number, key: string): void {
    const pool = this.pool;
    for (let j = 0; j < pool.length; j++) if (pool[j]!.key === key && pool[j]!.db === dbIndex) return;
    const now = this.store.clock.now();
    let idle: number;
    if (this.policy === 'volatile-ttl') {
      idle = -db.expires.get(key)!; // sooner expiry = better candidate
    } else if (this.lfuOn) {
      idle = 255 - this.frequency(db, key);
    } else {
      // A key never accessed since tracking began counts as idle for the longest time.
      const last = db.access?.get(key);
      idle = last === undefined ? Number.MAX_SAFE_INTEGER : now - last;
    }
    // Ascending by idle: find the first entry not better than this one.
    let k = 0;
    while (k < pool.length && pool[k]!.idle < idle) k++;
    if (k === 0 && pool.length === POOL_SIZE) return; // worse than everything in a full pool
    const entry = { idle, key, db: dbIndex };
    if (pool.length < POOL_SIZE) pool.splice(k, 0, entry);
    else {
      pool.shift(); // drop the worst to make room
      pool.splice(k - 1, 0, entry);
    }
  }

  /**
   * A random key with a TTL in db `i`, from a dense array of its volatile keys: rebuilt when
   * missing, when stale entries dominate, or after as many key modifications as it holds (keys
   * that gained a TTL since are not sampled until then). Only called while the db has one.
   */
  private randomVolatile(i: number): string {
    const expires = this.store.dbs[i]!.expires;
    let arr = this.volatile[i] ?? null;
    if (
      arr === null ||
      this.volatileTouches[i]! > Math.max(64, arr.length) ||
      arr.length > 2 * expires.size + 64
    ) {
      arr = this.rebuildVolatile(i);
    }
    for (;;) {
      if (arr.length === 0) arr = this.rebuildVolatile(i);
      const j = this.store.rand(arr.length);
      const key = arr[j]!;
      if (expires.has(key)) return key;
      arr[j] = arr[arr.length - 1]!;
      arr.pop();
    }
  }

  private rebuildVolatile(i: number): string[] {
    const arr = [...this.store.dbs[i]!.expires.keys()];
    this.volatile[i] = arr;
    this.volatileTouches[i] = 0;
    return arr;
  }

  /** startEvictionTimeProc: keep evicting on timer ticks until under the limit or stuck. */
  private startTimer(): void {
    if (this.running) return;
    this.running = true;
    this.timer = this.store.clock.setTimer(() => this.onTimer(), 0);
  }

  private onTimer(): void {
    this.timer = null;
    if (this.perform() === EvictResult.RUNNING && this.maxmemory > 0) {
      this.timer = this.store.clock.setTimer(() => this.onTimer(), 0);
      return;
    }
    this.running = false;
  }

  /** Stops the eviction timer and the accounting (the store closes). */
  cancel(): void {
    this.timer?.cancel();
    this.timer = null;
    this.running = false;
    if (this.maxmemory > 0) {
      activeStores--;
      this.detachTouch?.();
      this.detachTouch = null;
      this.account = null;
      this.maxmemory = 0;
    }
  }
}

/**
 * Stores whose maxmemory is set: while 0, dispatch skips the eviction check with one compare.
 * close() takes a store out (a store dropped unclosed with a limit keeps it above 0: other
 * stores then pay one WeakMap lookup per command).
 */
let activeStores = 0;

/** @internal true while some store has a maxmemory limit (dispatch's fast-path check). */
export const evictionActive = (): boolean => activeStores !== 0;

const evictors = new WeakMap<StoreCore, Evictor>();

/** @internal the evictor of `store`, or undefined before its config is bound. */
export const evictorOf = (store: StoreCore): Evictor | undefined => evictors.get(store);

/**
 * @internal binds maxmemory, maxmemory-policy, maxmemory-samples, maxmemory-eviction-tenacity,
 * lfu-log-factor and lfu-decay-time to a new Evictor of `store`. Call before the initial
 * config is loaded, so configured values apply.
 */
export function bindEviction(store: StoreCore, config: Config): Evictor {
  const ev = new Evictor(store);
  evictors.set(store, ev);
  config.bind<number>('maxmemory', { set: (v) => ev.setMaxmemory(v) });
  config.bind<string>('maxmemory-policy', { set: (v) => ev.setPolicy(v as MaxmemoryPolicy) });
  config.bind<number>('maxmemory-samples', {
    set: (v) => {
      ev.samples = v;
    },
  });
  config.bind<number>('maxmemory-eviction-tenacity', {
    set: (v) => {
      ev.tenacity = v;
    },
  });
  config.bind<number>('lfu-log-factor', {
    set: (v) => {
      ev.lfuLogFactor = v;
    },
  });
  config.bind<number>('lfu-decay-time', {
    set: (v) => {
      ev.lfuDecayTime = v;
    },
  });
  return ev;
}

// Clients blocked on keys (Redis's blocked.c): BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP today;
// BZPOPMIN/BZPOPMAX/BZMPOP and XREAD BLOCK plug in the same way. A waiter names its keys and
// brings a serve(key) callback that tries to reply from a ready key; the registry keeps a FIFO
// of waiters per (db, key) and decides when to call it. It knows nothing about data types.
//
// The protocol, as Redis 7.0:
// - A command that finds nothing to take calls block(): the waiter joins the FIFO of each of its
//   keys (a key named twice counts once) and gets a clock timer when it has a deadline.
// - A key becomes ready when a write touches it while it exists and someone waits on it. Redis
//   signals a key when dbAdd creates it (signalKeyAsReady); here the registry listens to the
//   effects' touch() (Redis's signalModifiedKey) while anyone is blocked, which covers every way
//   a key comes to exist — RPUSH, LMOVE, RENAME, COPY, MOVE, SORT STORE — with no hook in those
//   commands and no cost while nobody is blocked. SWAPDB touches no key: it calls
//   signalExisting() for both databases (Redis's scanDatabaseForReadyKeys).
// - A waiter that cannot outlive its key (XREADGROUP: Redis 7.0's dbGenericDelete and
//   dbOverwrite signal a stream key as ready when it goes, scanDatabaseForDeletedStreams after
//   FLUSHALL / SWAPDB) sets `wakeOnDelete`: its keys are signalled on every touch, existing or
//   not, and by signalExisting() even when gone, so its serve() sees the key missing or of
//   another type and fails it. Such a waiter only blocks on keys that exist with the right type,
//   so a touch that finds its key gone means the key was deleted or replaced since.
// - Ready keys are served when the execution unit that made them ready ends, after its effects
//   reached the sinks: keys in the order they became ready, each key's waiters in the order
//   they blocked, each served waiter in a unit of its own with its database selected (Redis's
//   handleClientsBlockedOnKeys after call()). Serving can make more keys ready (a BLMOVE pushes):
//   those are served in the same pass, as Redis loops while server.ready_keys is not empty. A key
//   pushed and popped within one unit serves nobody: serve() sees the key as the unit left it,
//   and a key holding another type leaves its waiters blocked.
// - A typed API call runs outside any unit: a write that can make a key ready calls
//   serveIfIdle() when it is done, and a touch from any other write outside a unit is served
//   from a microtask.
// - A waiter settles exactly once: served (its reply), timed out or unblocked (CLIENT UNBLOCK,
//   an AbortSignal: its timeout value), or failed (BLMOVE's WRONGTYPE destination, the store
//   closing). Settling takes it out of every queue first, so a waiter that is gone is never
//   served: nothing is popped for a client that no longer listens.
// - A deadline passes once the clock is past it (Redis's `timeout < now`), so with a FakeClock,
//   advance(ms + 1) times out a wait of ms.
//
// Using it for another type (BZPOP*, XREAD BLOCK): the byte-level `_name` method replies at once
// when it can, else returns `this.blockingRegistry().block({ db, keys, deadline, timeoutValue,
// serve })` with `deadline = deadlineOf(parseTimeout(arg), now)`; the typed method wraps that in
// StoreCore.blockingCall() (a Promise, an AbortSignal), the wire handler in BlockedReply.of().
// A write needs nothing more than its touch() (XADD to an existing stream wakes its readers that
// way too; serve() decides whether there is anything for them); a typed write that can make a
// key ready ends with serveBlocked(). signal() is there for a wake-up no write touches.

import type { Clock, TimerHandle } from '../clock.js';
import type { Effects } from '../effects/effects.js';
import { fail, ReplyError, TIMEOUT_NEGATIVE, TIMEOUT_NOT_FLOAT, TIMEOUT_NOT_INTEGER } from '../errors.js';
import { bitLength, parseLongDouble, roundToFormat, X87_EXTENDED } from '../numbers/long-double.js';
import { isCanonicalInt } from './db.js';

/** What serve() returns when the key can't serve this waiter yet: the waiter stays blocked. */
export const NOT_SERVED: unique symbol = Symbol('not-served');

/** setTimeout's longest delay (2^31 - 1 ms, ~24.8 days): longer waits re-arm their timer. */
const MAX_TIMER_MS = 0x7fffffff;

/** Options of the typed API's blocking commands (BLPOP, BLMOVE, BZPOPMIN ...). */
export interface BlockingOptions {
  /**
   * Cancels the wait: the command leaves the queue without taking anything and its promise
   * rejects with `signal.reason`. Aborting after it was served does nothing (the promise keeps
   * its value); a signal already aborted rejects before the command runs.
   */
  signal?: AbortSignal;
}

/** What the registry needs from the store. */
export interface BlockingHost {
  readonly clock: Clock;
  readonly effects: Effects;
  /** True when database `db` holds `key` (a write just touched it). */
  hasKey(db: number, key: string): boolean;
  /** Runs `fn` as one execution unit with database `db` selected: a served client's command. */
  runAs(db: number, fn: () => void): void;
}

/** A blocked command, as the command that blocks describes it. */
export interface BlockSpec<T> {
  /** The database the client had selected when it blocked. */
  readonly db: number;
  /** The keys it waits on, in the order given. */
  readonly keys: readonly string[];
  /** Absolute time in ms after which it times out; 0 waits forever. */
  readonly deadline: number;
  /** What it settles with when it times out or is unblocked without a reply. */
  readonly timeoutValue: T;
  /**
   * Tries to reply from `key`, which is ready: called with the waiter's database selected,
   * inside its own execution unit. Returns the reply (the waiter is then unblocked), or
   * NOT_SERVED to keep waiting; a thrown ReplyError unblocks it with that error.
   */
  serve(key: string): T | typeof NOT_SERVED;
  /**
   * Also signal the waiter's keys when a write deletes them (or replaces them by another type):
   * serve() is then called with the key missing. For waiters that fail when their key goes
   * (XREADGROUP); the others stay blocked until the key exists again, as Redis's do.
   * @default false
   */
  readonly wakeOnDelete?: boolean;
}

/** A waiter's place in the FIFO of one key. */
interface KeyNode {
  readonly waiter: Waiter<unknown>;
  readonly queue: KeyQueue;
  prev: KeyNode | null;
  next: KeyNode | null;
}

/** The waiters blocked on one key, first blocked first (Redis's db->blocking_keys[key]). */
interface KeyQueue {
  readonly db: number;
  readonly key: string;
  head: KeyNode | null;
  tail: KeyNode | null;
  /** Waiters in the queue with `wakeOnDelete`: while non-zero, the key is signalled even when gone. */
  onDelete: number;
}

/** One blocked command: a promise of its reply and the means to unblock it. */
export class Waiter<T> {
  /** Settles with the reply, the timeout value, or (rejected) the error that unblocked it. */
  readonly promise: Promise<T>;
  /** @internal its node in each key's queue. */
  nodes: KeyNode[] = [];
  /** @internal */
  timer: TimerHandle | null = null;
  private resolveFn: ((v: T) => void) | null = null;
  private rejectFn: ((e: unknown) => void) | null = null;

  /** @internal use BlockingRegistry.block(). */
  constructor(
    private readonly registry: BlockingRegistry,
    readonly spec: BlockSpec<T>,
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  /** True until the waiter settles. */
  get blocked(): boolean {
    return this.resolveFn !== null;
  }

  /**
   * Unblocks the waiter as if it timed out (CLIENT UNBLOCK, an aborted signal): it settles with
   * its timeout value. Returns false when it had already settled.
   */
  unblock(): boolean {
    return this.settle(this.spec.timeoutValue);
  }

  /** Unblocks the waiter with an error. Returns false when it had already settled. */
  fail(error: unknown): boolean {
    const reject = this.rejectFn;
    if (reject === null) return false;
    this.done();
    reject(error);
    return true;
  }

  /** @internal settles with a reply. */
  settle(value: T): boolean {
    const resolve = this.resolveFn;
    if (resolve === null) return false;
    this.done();
    resolve(value);
    return true;
  }

  private done(): void {
    this.resolveFn = null;
    this.rejectFn = null;
    this.registry.detach(this as Waiter<unknown>);
  }
}

/** The clients blocked on keys, for all databases of one store. */
export class BlockingRegistry {
  /** Per database: key -> waiters. */
  private readonly queues: (Map<string, KeyQueue> | undefined)[] = [];
  /** Keys signalled and not yet served, in signal order (Redis's server.ready_keys). */
  private ready: KeyQueue[] = [];
  /** The same keys, for an O(1) "already signalled" check (Redis's db->ready_keys). */
  private readonly readySet = new Set<KeyQueue>();
  private blockedCount = 0;
  private handling = false;
  private idleScheduled = false;
  private untouch: (() => void) | null = null;
  private closedWith: unknown = null;
  private readonly onTouch = (db: number, key: string): void => {
    const q = this.queues[db]?.get(key);
    if (q !== undefined && (q.onDelete !== 0 || this.host.hasKey(db, key))) this.queueReady(q);
  };
  private readonly onUnitEnd = (): void => this.handleReady();

  constructor(private readonly host: BlockingHost) {}

  /** Number of blocked waiters. */
  get size(): number {
    return this.blockedCount;
  }

  /** True when signalled keys wait to be served. */
  get hasReady(): boolean {
    return this.ready.length !== 0;
  }

  /**
   * Blocks a command on its keys (Redis's blockForKeys). After close() the waiter fails at once
   * with the close error: no timer would ever end its wait.
   * @remarks O(K) for K keys.
   */
  block<T>(spec: BlockSpec<T>): Waiter<T> {
    const w = new Waiter<T>(this, spec);
    if (this.closedWith !== null) {
      w.fail(this.closedWith);
      return w;
    }
    let perDb = this.queues[spec.db];
    if (perDb === undefined) perDb = this.queues[spec.db] = new Map();
    const any = w as Waiter<unknown>;
    for (const key of spec.keys) {
      let q = perDb.get(key);
      if (q === undefined) {
        q = { db: spec.db, key, head: null, tail: null, onDelete: 0 };
        perDb.set(key, q);
      } else if (w.nodes.some((n) => n.queue === q)) {
        continue; // a key named twice waits once
      }
      const node: KeyNode = { waiter: any, queue: q, prev: q.tail, next: null };
      if (q.tail === null) q.head = node;
      else q.tail.next = node;
      q.tail = node;
      if (spec.wakeOnDelete === true) q.onDelete++;
      w.nodes.push(node);
    }
    if (this.blockedCount++ === 0) this.untouch = this.host.effects.addTouchListener(this.onTouch);
    this.arm(any);
    return w;
  }

  /**
   * Marks `key` of database `db` ready if anyone waits on it (Redis's signalKeyAsReady).
   * @remarks O(1).
   */
  signal(db: number, key: string): void {
    const q = this.queues[db]?.get(key);
    if (q !== undefined) this.queueReady(q);
  }

  /**
   * Marks ready every key of database `db` that someone waits on and that exists (Redis's
   * scanDatabaseForReadyKeys, after SWAPDB), and every key a `wakeOnDelete` waiter waits on,
   * existing or not (scanDatabaseForDeletedStreams).
   * @remarks O(K) for K keys waited on in that database.
   */
  signalExisting(db: number): void {
    const perDb = this.queues[db];
    if (perDb === undefined) return;
    for (const q of perDb.values()) if (q.onDelete !== 0 || this.host.hasKey(db, q.key)) this.queueReady(q);
  }

  /** Serves the ready keys now unless a unit is open (its end will): for typed API writes. */
  serveIfIdle(): void {
    if (this.ready.length !== 0 && !this.host.effects.inUnit) this.handleReady();
  }

  /**
   * Serves the clients blocked on ready keys (Redis's handleClientsBlockedOnKeys). Not
   * re-entrant: keys signalled while it runs join the current pass.
   * @remarks O(W) for W waiters on the ready keys, plus what serving them costs.
   */
  handleReady(): void {
    if (this.handling) return;
    this.handling = true;
    try {
      while (this.ready.length !== 0) {
        const batch = this.ready;
        this.ready = [];
        for (const signalled of batch) {
          // Out of the ready set first, so serving may signal this key again.
          this.readySet.delete(signalled);
          // The key's waiters now (its queue may have been emptied and made anew since).
          const q = this.queues[signalled.db]?.get(signalled.key);
          if (q === undefined) continue;
          // A snapshot: serving unlinks nodes (and, via listeners, may unblock others).
          const waiters: Waiter<unknown>[] = [];
          for (let n = q.head; n !== null; n = n.next) waiters.push(n.waiter);
          for (const w of waiters) {
            if (w.blocked) this.host.runAs(q.db, () => serveOne(w, q.key));
          }
        }
      }
    } finally {
      this.handling = false;
      this.host.effects.afterUnit = null;
    }
  }

  /**
   * Fails every blocked waiter with `error` and every later block() too (Store.close()).
   * @remarks O(W) for W waiters.
   */
  close(error: unknown): void {
    this.closedWith = error;
    const all = new Set<Waiter<unknown>>();
    for (const perDb of this.queues) {
      if (perDb === undefined) continue;
      for (const q of perDb.values()) for (let n = q.head; n !== null; n = n.next) all.add(n.waiter);
    }
    for (const w of all) w.fail(error);
    this.ready = [];
    this.readySet.clear();
  }

  /** @internal takes a settled waiter out of every queue and stops its timer. */
  detach(w: Waiter<unknown>): void {
    for (const node of w.nodes) {
      const q = node.queue;
      if (node.prev === null) q.head = node.next;
      else node.prev.next = node.next;
      if (node.next === null) q.tail = node.prev;
      else node.next.prev = node.prev;
      if (w.spec.wakeOnDelete === true) q.onDelete--;
      if (q.head === null) this.queues[q.db]!.delete(q.key);
    }
    w.nodes = [];
    w.timer?.cancel();
    w.timer = null;
    if (--this.blockedCount === 0 && this.untouch !== null) {
      this.untouch();
      this.untouch = null;
    }
  }

  private queueReady(q: KeyQueue): void {
    if (this.readySet.has(q)) return;
    this.readySet.add(q);
    this.ready.push(q);
    const effects = this.host.effects;
    effects.afterUnit = this.onUnitEnd;
    if (!effects.inUnit && !this.handling && !this.idleScheduled) {
      // A write outside any unit that does not serve by itself (a typed RENAME, COPY ...).
      this.idleScheduled = true;
      queueMicrotask(() => {
        this.idleScheduled = false;
        this.serveIfIdle();
      });
    }
  }

  /** Schedules the waiter's timeout: its timer fires once the clock is past the deadline. */
  private arm(w: Waiter<unknown>): void {
    const deadline = w.spec.deadline;
    if (deadline === 0) return;
    const clock = this.host.clock;
    const delay = Math.min(Math.max(deadline - clock.now() + 1, 0), MAX_TIMER_MS);
    w.timer = clock.setTimer(() => {
      w.timer = null;
      if (!w.blocked) return;
      if (clock.now() > deadline) w.unblock();
      else this.arm(w);
    }, delay);
  }
}

function serveOne(w: Waiter<unknown>, key: string): void {
  let value: unknown;
  try {
    value = w.spec.serve(key);
  } catch (e) {
    w.fail(e instanceof ReplyError ? e : new ReplyError(`ERR internal error: ${(e as Error)?.message ?? e}`));
    return;
  }
  if (value !== NOT_SERVED) w.settle(value);
}

// ---- timeout arguments (timeout.c getTimeoutFromObjectOrReply) ---------------------------------

const LLONG_LIMIT = 2n ** 63n;

/**
 * A blocking command's timeout argument as milliseconds to wait, 0 meaning forever, with
 * Redis's errors. In seconds (BLPOP & co.) it is a long double — decimals, exponents and hex
 * floats allowed — converted as `(long long) ceill(x * 1000.0)` on x86-64, so a tiny negative
 * value is 0 (forever) and `inf` or a value beyond the long long range is negative. In
 * milliseconds (XREAD BLOCK) it is an integer.
 * @remarks O(N) in the length of the argument.
 */
export function parseTimeout(arg: string, unit: 's' | 'ms' = 's'): number {
  if (unit === 'ms') {
    if (!isCanonicalInt(arg)) fail(TIMEOUT_NOT_INTEGER);
    const ms = Number(arg);
    if (ms < 0) fail(TIMEOUT_NEGATIVE);
    return ms;
  }
  // Whole seconds that stay exact as ms: the common case, without BigInt work.
  if (arg.length < 10 && isCanonicalInt(arg) && arg.charCodeAt(0) !== 45) return Number(arg) * 1000;
  const x = parseLongDouble(arg);
  if (x === null) fail(TIMEOUT_NOT_FLOAT);
  let ms = -LLONG_LIMIT; // what the x87 conversion gives for infinity and out-of-range values
  if (x.kind === 'finite') {
    const r = roundToFormat(x.mant * 1000n, 1n, x.exp, X87_EXTENDED);
    if (!r.inf && (r.mant === 0n || bitLength(r.mant) + r.exp <= 64)) {
      let magnitude: bigint;
      let inexact = false;
      if (r.exp >= 0) {
        magnitude = r.mant << BigInt(r.exp);
      } else {
        magnitude = r.mant >> BigInt(-r.exp);
        inexact = magnitude << BigInt(-r.exp) !== r.mant;
      }
      // ceil: up for a positive fraction, toward zero for a negative one.
      const n = x.neg ? -magnitude : magnitude + (inexact ? 1n : 0n);
      if (n < LLONG_LIMIT && n >= -LLONG_LIMIT) ms = n;
    }
  }
  if (ms < 0n) fail(TIMEOUT_NEGATIVE);
  return Number(ms);
}

/**
 * The absolute deadline of a wait of `ms` (from parseTimeout) starting at `now`; 0 waits forever.
 * A deadline beyond 2^53 ms (~285,000 years) waits forever too, as Redis's overflowing one does.
 */
export function deadlineOf(ms: number, now: number): number {
  if (ms === 0) return 0;
  const at = now + ms;
  return at > Number.MAX_SAFE_INTEGER ? 0 : at;
}

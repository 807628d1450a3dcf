// redis.io group "transactions": MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's multi.c).
//
// A session in MULTI has SessionState.MULTI set, so dispatch() sends its commands through
// gate.ts, which queues them (QUEUED) after processCommand's checks; a command rejected there
// (unknown, wrong arity, no-multi, NOAUTH …) flags the transaction and EXEC replies EXECABORT.
// EXEC runs the queue inside its own execution unit (it is itself one command), so the queued
// commands' effects reach sinks together — wrapped in MULTI/EXEC by Effects when there are
// several — and clients blocked on keys are served only after the last one, as Redis serves
// them after call(execCommand). Runtime errors stay elements of EXEC's array.
//
// WATCH keeps, per database and key, the sessions watching it in WATCH order (Redis's
// db->watched_keys), and a touch listener while any key is watched: every modified key
// (signalModifiedKey, lazy and active expiry included) flags its watchers dirty (CLIENT_DIRTY_CAS)
// and unwatches them. FLUSHDB/FLUSHALL/SWAPDB go through touchAllInDb instead, which only
// flags watchers of keys that exist on either side. A key already logically expired when
// watched is remembered as such, so its deletion is no change (7.0's watchedKey.expired),
// and EXEC fails when a watched key expired in the meantime even if nothing deleted it yet.

import {
  DISCARD_WITHOUT_MULTI,
  EXEC_WITHOUT_MULTI,
  EXECABORT,
  execAbortBecauseOf,
  fail,
  MULTI_NESTED,
  ReplyError,
  WATCH_INSIDE_MULTI,
} from '../errors.js';
import type { Db } from '../keyspace/db.js';
import type { Session, StoreCore } from '../store/core.js';
import type { Store } from '../store.js';
import { type Entry, execute, type Handler, type HandlerMap } from './dispatch.js';
import { SessionState } from './gate.js';
import { BlockedReply, NULL_ARRAY, OK, QUEUED, type Reply } from './reply.js';

/** @internal a command queued by MULTI, resolved when it was queued. */
export interface QueuedCommand {
  readonly entry: Entry;
  readonly argv: string[];
}

/** @internal one key one session watches (Redis's watchedKey). */
export interface WatchedKey {
  readonly db: number;
  readonly key: string;
  readonly session: Session;
  /** The key was already logically expired when WATCH ran: its deletion is no change. */
  expired: boolean;
}

/** @internal a session's MULTI / WATCH state (`Session.tx`). */
export interface TransactionState {
  /** Commands queued since MULTI, in order; empty outside MULTI. */
  queue: QueuedCommand[];
  /** A command was rejected while queueing: EXEC replies EXECABORT (CLIENT_DIRTY_EXEC). */
  dirtyExec: boolean;
  /** A watched key changed: EXEC replies the null array (CLIENT_DIRTY_CAS). */
  dirtyCas: boolean;
  /** Keys this session watches, in WATCH order. */
  watched: WatchedKey[];
}

const txOf = (session: Session): TransactionState =>
  (session.tx ??= { queue: [], dirtyExec: false, dirtyCas: false, watched: [] });

const inMulti = (session: Session): boolean => ((session.state ?? 0) & SessionState.MULTI) !== 0;

/**
 * @internal the keys sessions watch, for all databases of one store, and the touch listener
 * that invalidates them (Redis's db->watched_keys plus touchWatchedKey).
 */
export class WatchRegistry {
  /** Per database: key -> its watchers, first watched first. */
  private readonly perDb: (Map<string, WatchedKey[]> | undefined)[] = [];
  private count = 0;
  private untouch: (() => void) | null = null;
  /** True while FLUSHDB/FLUSHALL empties databases: their per-key touches are not changes here. */
  private muted = false;
  private readonly onTouch = (db: number, key: string): void => {
    if (!this.muted) this.touchKey(db, key);
  };

  constructor(private readonly store: StoreCore) {}

  /** Number of (session, key) pairs watched. */
  get size(): number {
    return this.count;
  }

  /**
   * Watches `key` of database `db` for `session` (Redis's watchForKey); a key it already
   * watches in that database is not added twice.
   * @remarks O(W) for W keys the session watches.
   */
  watch(session: Session, db: number, key: string): void {
    const tx = txOf(session);
    for (const wk of tx.watched) if (wk.db === db && wk.key === key) return;
    let perDb = this.perDb[db];
    if (perDb === undefined) perDb = this.perDb[db] = new Map();
    let list = perDb.get(key);
    if (list === undefined) perDb.set(key, (list = []));
    const d = this.store.dbs[db]!;
    const wk: WatchedKey = {
      db,
      key,
      session,
      expired: this.store.isExpired(d, key, this.store.clock.now()),
    };
    list.push(wk);
    tx.watched.push(wk);
    if (this.count++ === 0) this.untouch = this.store.effects.addTouchListener(this.onTouch);
  }

  /**
   * Forgets every key `session` watches (Redis's unwatchAllKeys); the dirty flag is the
   * caller's business.
   * @remarks O(W * S) for W watched keys and S sessions watching each.
   */
  unwatchAll(session: Session): void {
    const tx = session.tx;
    if (tx === undefined || tx.watched.length === 0) return;
    for (const wk of tx.watched) {
      const perDb = this.perDb[wk.db]!;
      const list = perDb.get(wk.key)!;
      const i = list.indexOf(wk);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) perDb.delete(wk.key);
    }
    this.count -= tx.watched.length;
    tx.watched = [];
    if (this.count === 0 && this.untouch !== null) {
      this.untouch();
      this.untouch = null;
    }
  }

  /**
   * True when a key `session` watches has expired since WATCH, deleted or not (Redis's
   * isWatchedKeyExpired, checked by EXEC).
   * @remarks O(W) for W watched keys.
   */
  anyExpired(session: Session): boolean {
    const tx = session.tx;
    if (tx === undefined || tx.watched.length === 0) return false;
    const now = this.store.clock.now();
    for (const wk of tx.watched) {
      if (!wk.expired && this.store.isExpired(this.store.dbs[wk.db]!, wk.key, now)) return true;
    }
    return false;
  }

  /**
   * A key was modified: its watchers become dirty and stop watching (Redis's touchWatchedKey).
   * A watcher that saw the key already expired treats its deletion as no change; 7.0.15 also
   * stops at such a watcher when the key still exists, leaving the ones after it untouched.
   * @remarks O(S) for S sessions watching the key.
   */
  touchKey(db: number, key: string): void {
    const list = this.perDb[db]?.get(key);
    if (list === undefined) return;
    const d = this.store.dbs[db]!;
    for (const wk of [...list]) {
      if (wk.expired) {
        if (!d.dict.has(key)) {
          wk.expired = false;
          continue;
        }
        // Still the stale key, touched in place: 7.0.15 stops here.
        if (this.store.isExpired(d, key, this.store.clock.now())) break;
        // Otherwise it was overwritten without the lookup that would have deleted it first
        // (a plain SET skips it): for Redis that is a deletion (no change), then a write.
      }
      txOf(wk.session).dirtyCas = true;
      this.unwatchAll(wk.session);
    }
  }

  /**
   * Database `emptied` is flushed (replacedWith null) or swapped with `replacedWith`: the
   * watchers of keys that exist on either side become dirty (Redis's touchAllWatchedKeysInDb).
   * A key expired on both sides, or expired and now gone, is no change. Watchers are not
   * unwatched here, as in Redis.
   * @remarks O(K + S) for K keys watched in the database and S watchers of those that exist.
   */
  touchAllInDb(emptied: Db, replacedWith: Db | null): void {
    const perDb = this.perDb[emptied.id];
    if (perDb === undefined || perDb.size === 0) return;
    const now = this.store.clock.now();
    const isExpired = (db: Db, key: string): boolean => this.store.isExpired(db, key, now);
    for (const [key, list] of [...perDb]) {
      const inEmptied = emptied.dict.has(key);
      const inReplacement = replacedWith?.dict.has(key) === true;
      if (!inEmptied && !inReplacement) continue;
      for (const wk of list) {
        if (wk.expired) {
          if (!inReplacement) {
            wk.expired = false; // an expired key now deleted: no logical change
            continue;
          }
          if (isExpired(replacedWith!, key)) continue; // expired, and still expired
        } else if (!inEmptied && isExpired(replacedWith!, key)) {
          wk.expired = true; // a missing key replaced with an expired one: no change
          continue;
        }
        txOf(wk.session).dirtyCas = true;
      }
    }
  }

  /** Runs `fn` (a flush) ignoring the per-key touches it reports. */
  muteWhile(fn: () => void): void {
    this.muted = true;
    try {
      fn();
    } finally {
      this.muted = false;
    }
  }
}

/** The store's watch registry, created on first use. */
function registryOf(store: Store): WatchRegistry {
  return (store.watching ??= new WatchRegistry(store));
}

/**
 * @internal WATCH for `session`: watches `keys` (byte strings) of its selected database.
 * Throws inside MULTI; a session already dirty watches nothing more, as in Redis.
 */
export function watchKeys(store: Store, session: Session, keys: readonly string[]): void {
  if (inMulti(session)) fail(WATCH_INSIDE_MULTI);
  if (session.tx?.dirtyCas) return;
  const registry = registryOf(store);
  for (const key of keys) registry.watch(session, session.db, key);
}

/** @internal UNWATCH for `session`: forgets its watched keys and its dirty flag. */
export function unwatchKeys(store: Store, session: Session): void {
  store.watching?.unwatchAll(session);
  if (session.tx !== undefined) session.tx.dirtyCas = false;
}

/**
 * @internal true when EXEC for `session` must fail with the null array: a watched key was
 * modified, or has expired since WATCH.
 */
export function isWatchDirty(store: Store, session: Session): boolean {
  const tx = session.tx;
  if (tx === undefined) return false;
  return tx.dirtyCas || store.watching?.anyExpired(session) === true;
}

/**
 * Leaves MULTI, drops the queue and the dirty flags and unwatches every key (Redis's
 * discardTransaction). RESET and a closing connection call it too.
 */
export function discardTransaction(store: Store, session: Session): void {
  const tx = session.tx;
  if (session.state) session.state &= ~SessionState.MULTI;
  if (tx === undefined) return;
  tx.queue = [];
  tx.dirtyExec = false;
  tx.dirtyCas = false;
  store.watching?.unwatchAll(session);
}

/**
 * @internal EXEC refused before it ran (Redis's rejectCommand for EXEC, execCommandAbort): the
 * transaction is discarded and the refusal becomes `EXECABORT Transaction discarded because of:
 * <reason>` — the reason without the `ERR ` Redis only adds to replies, with any other code
 * (NOAUTH, MISCONF, OOM …) kept.
 */
export function execAbort(store: Store, session: Session, error: ReplyError): ReplyError {
  discardTransaction(store, session);
  const m = error.message;
  return new ReplyError(execAbortBecauseOf(m.startsWith('ERR ') ? m.slice(4) : m));
}

/**
 * @internal marks the transaction `session` is queueing as failed, so EXEC replies EXECABORT
 * (Redis's flagTransaction); does nothing outside MULTI.
 */
export function flagTransaction(session: Session): void {
  if (inMulti(session)) txOf(session).dirtyExec = true;
}

/**
 * @internal queues a command of a session in MULTI and replies QUEUED. A transaction already
 * bound to fail keeps nothing more, as Redis's queueMultiCommand.
 */
export function queueCommand(session: Session, entry: Entry, argv: string[]): Reply {
  const tx = txOf(session);
  if (!tx.dirtyExec && !tx.dirtyCas) tx.queue.push({ entry, argv });
  return QUEUED;
}

/** MULTI */
export const multiCommand: Handler = (_store, _argv, session) => {
  if (inMulti(session)) fail(MULTI_NESTED);
  txOf(session).queue = [];
  session.state = (session.state ?? 0) | SessionState.MULTI;
  return OK;
};

/** EXEC */
export const execCommand: Handler = (store, _argv, session) => {
  const tx = session.tx;
  if (!inMulti(session) || tx === undefined) return fail(EXEC_WITHOUT_MULTI);
  if (tx.dirtyExec) {
    discardTransaction(store, session);
    return fail(EXECABORT);
  }
  if (isWatchDirty(store, session)) {
    discardTransaction(store, session);
    return NULL_ARRAY;
  }
  const queue = tx.queue;
  tx.queue = [];
  // Unwatch before running: the transaction's own writes must not dirty it.
  store.watching?.unwatchAll(session);
  const denied = session.denyBlocking;
  // Blocking commands inside EXEC reply at once, as on timeout (CLIENT_DENY_BLOCKING).
  session.denyBlocking = true;
  const replies: Reply[] = new Array(queue.length);
  try {
    // The MULTI bit stays set while the queue runs, as CLIENT_MULTI does in execCommand
    // (SUBSCRIBE inside EXEC checks it); queued commands bypass the gate via execute().
    for (let i = 0; i < queue.length; i++) {
      const { entry, argv } = queue[i]!;
      const r = execute(store, entry, argv, session);
      if (r instanceof BlockedReply) {
        // Unreachable while every blocking handler honours denyBlocking; never leave one waiting.
        r.unblock();
        replies[i] = new ReplyError('ERR internal error: a command blocked inside EXEC');
      } else {
        replies[i] = r;
      }
    }
  } finally {
    session.denyBlocking = denied;
    discardTransaction(store, session);
  }
  return replies;
};

/** DISCARD */
export const discardCommand: Handler = (store, _argv, session) => {
  if (!inMulti(session)) fail(DISCARD_WITHOUT_MULTI);
  discardTransaction(store, session);
  return OK;
};

/** WATCH key [key ...] */
export const watchCommand: Handler = (store, argv, session) => {
  watchKeys(store, session, argv.slice(1));
  return OK;
};

/** UNWATCH */
export const unwatchCommand: Handler = (store, _argv, session) => {
  unwatchKeys(store, session);
  return OK;
};

export const transactionHandlers: HandlerMap = {
  multi: multiCommand,
  exec: execCommand,
  discard: discardCommand,
  watch: watchCommand,
  unwatch: unwatchCommand,
};

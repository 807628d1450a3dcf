// processCommand's per-client checks (server.c), for sessions whose `state` is not 0: a client
// that has not authenticated, one subscribed in RESP2, one inside MULTI. Sessions in none of
// these states never reach this file, so the common path pays one field check in dispatch().
//
// The checks run in Redis's order:
//   1. unknown command / wrong arity (already resolved by dispatch; inside MULTI they also
//      flag the transaction so EXEC replies EXECABORT)
//   2. authentication (NOAUTH)
//   2b. inside MULTI, a `no-multi` command (SAVE, SHUTDOWN …): `Command not allowed inside a
//      transaction`
//   3. RESP2 subscriber context (only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET)
//   3b. MONITOR mode: read, write and may-replicate commands are refused (a monitor is a replica)
//   4. MULTI: every command but EXEC DISCARD MULTI WATCH QUIT RESET is queued (QUEUED)
// A check that refuses a command returns reject(session, error), which — like Redis's
// rejectCommand — also flags a transaction being queued, so its EXEC replies EXECABORT.

import { NOAUTH, NOT_ALLOWED_IN_MULTI, pubsubContext, REPLICA_KEYSPACE, ReplyError } from '../errors.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { authRequired } from './connection.js';
import { type Entry, execute, rejectCommand } from './dispatch.js';
import type { BlockedReply, Reply } from './reply.js';
import { execAbort, flagTransaction, queueCommand } from './transactions.js';

/** Bits of `Session.state`. */
export const SessionState = {
  /** Inside MULTI: commands are queued until EXEC. */
  MULTI: 1 << 0,
  /**
   * At least one subscription (Redis's CLIENT_PUBSUB, set in either protocol so a HELLO
   * switch needs no bookkeeping): in RESP2 only pub/sub commands, PING, QUIT, RESET run.
   */
  PUBSUB: 1 << 1,
  /** `requirepass` is set and the client has not authenticated yet. */
  NOAUTH: 1 << 2,
  /** MONITOR mode: a replica to Redis, so commands touching the keyspace are refused. */
  MONITOR: 1 << 3,
} as const;

/** @internal dispatch() for a session in one of the SessionState states. */
export function gatedDispatch(
  store: Store,
  argv: string[],
  session: Session,
  entry: Entry | ReplyError,
): Reply | BlockedReply {
  const state = session.state!;
  if (!('info' in entry)) return rejectUnresolved(store, argv, session, entry);
  const info = entry.info;
  // 2. Not authenticated: only no_auth commands (AUTH, HELLO, QUIT, RESET) run.
  if (state & SessionState.NOAUTH && !info.flags.includes('no_auth') && authRequired(store, session)) {
    return reject(session, rejectCommand(store, entry, new ReplyError(NOAUTH)), store, entry);
  }
  if (state & SessionState.MULTI && info.flags.includes('no_multi')) {
    return reject(session, rejectCommand(store, entry, new ReplyError(NOT_ALLOWED_IN_MULTI)));
  }
  // 3. RESP2 subscriber context (RESP3 clients may run anything while subscribed).
  if (state & SessionState.PUBSUB && session.protocol === 2 && !PUBSUB_CONTEXT.has(info.fullname)) {
    const error = new ReplyError(pubsubContext(info.fullname));
    return reject(session, rejectCommand(store, entry, error), store, entry);
  }
  if (state & SessionState.MONITOR && touchesKeyspace(info.flags)) {
    return reject(session, new ReplyError(REPLICA_KEYSPACE), store, entry);
  }
  if (state & SessionState.MULTI && !TRANSACTION_CONTROL.has(info.fullname)) {
    return queueCommand(session, entry, argv);
  }
  return execute(store, entry, argv, session);
}

/** Read, write and may-replicate commands: what a replica (a MONITOR client) may not send. */
const touchesKeyspace = (flags: readonly string[]): boolean =>
  flags.includes('write') || flags.includes('readonly') || flags.includes('may_replicate');

/** Commands a RESP2 client with subscriptions may still send (processCommand). */
const PUBSUB_CONTEXT: ReadonlySet<string> = new Set([
  'ping',
  'subscribe',
  'ssubscribe',
  'unsubscribe',
  'sunsubscribe',
  'psubscribe',
  'punsubscribe',
  'quit',
  'reset',
]);

/** Commands that run at once inside MULTI instead of being queued (processCommand). */
const TRANSACTION_CONTROL: ReadonlySet<string> = new Set([
  'exec',
  'discard',
  'multi',
  'watch',
  'quit',
  'reset',
]);

/**
 * @internal processCommand's rejectCommand: returns `error` as the reply and, for a session
 * queueing a transaction, flags it so EXEC replies EXECABORT. Pass `store` and the refused
 * `entry` when it may be EXEC: a refused EXEC discards the transaction and replies
 * `EXECABORT Transaction discarded because of: <error>` instead.
 */
export function reject(session: Session, error: ReplyError, store?: Store, entry?: Entry | null): ReplyError {
  flagTransaction(session);
  if (store !== undefined && entry?.info.fullname === 'exec') return execAbort(store, session, error);
  return error;
}

/**
 * @internal reject() for a command resolve() refused (unknown, wrong arity): `EXEC` with
 * arguments becomes `EXECABORT Transaction discarded because of: wrong number of arguments for
 * 'exec' command`, inside MULTI or not, as in Redis.
 */
export function rejectUnresolved(
  store: Store,
  argv: string[],
  session: Session,
  error: ReplyError,
): ReplyError {
  const name = argv[0]!;
  if (name.length === 4 && name.toLowerCase() === 'exec') return reject(session, error, store, EXEC);
  return reject(session, error);
}

/** What reject() needs to know of an EXEC that resolve() refused. */
const EXEC = { info: { fullname: 'exec' } } as Entry;

// processCommand's per-client checks (server.c), for sessions whose `state` is not 0: a client
// that has not authenticated, one subscribed in RESP2, one inside MULTI. Sessions in none of
// these states never reach this file, so the common path pays one field check in dispatch().
//
// The checks run in Redis's order:
//   1. unknown command / wrong arity (already resolved by dispatch; inside MULTI they also
//      flag the transaction so EXEC replies EXECABORT)
//   2. authentication (NOAUTH)
//   3. RESP2 subscriber context (only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET)
//   4. MULTI: every command but EXEC DISCARD MULTI WATCH QUIT RESET is queued (QUEUED)

import type { ReplyError } from '../errors.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { type Entry, execute } from './dispatch.js';
import type { BlockedReply, Reply } from './reply.js';

/** Bits of `Session.state`. */
export const SessionState = {
  /** Inside MULTI: commands are queued until EXEC. */
  MULTI: 1 << 0,
  /** RESP2 client with at least one subscription: only pub/sub commands are allowed. */
  PUBSUB: 1 << 1,
  /** `requirepass` is set and the client has not authenticated yet. */
  NOAUTH: 1 << 2,
} as const;

/** @internal dispatch() for a session in one of the SessionState states. */
export function gatedDispatch(
  store: Store,
  argv: string[],
  session: Session,
  entry: Entry | ReplyError,
): Reply | BlockedReply {
  if (!('info' in entry)) return entry;
  return execute(store, entry, argv, session);
}

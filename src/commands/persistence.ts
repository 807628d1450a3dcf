// redis.io group "server", persistence part (rdb.c): SAVE, BGSAVE [SCHEDULE], LASTSAVE, and the
// MISCONF gate of processCommand (server.c): while a failed background save denies writes,
// write commands (and PING, as in Redis) are refused before they run.

import { MISCONF_RDB, ReplyError, SYNTAX } from '../errors.js';
import { PersistenceError } from '../persistence/adapter.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import type { Entry, Handler, HandlerMap } from './dispatch.js';
import { SessionState } from './gate.js';
import { OK, StatusReply } from './reply.js';

/** Redis's shared.err: what SAVE and BGSAVE reply when the save itself fails. */
const SAVE_FAILED = 'ERR';

/** SAVE (saveCommand): a blocking snapshot. */
export const saveCommand: Handler = (store) => {
  try {
    store.persistence.save();
  } catch (e) {
    if (e instanceof ReplyError) throw e;
    if (e instanceof PersistenceError) throw new ReplyError(SAVE_FAILED);
    throw e;
  }
  return OK;
};

/** BGSAVE [SCHEDULE] (bgsaveCommand). */
export const bgsaveCommand: Handler = (store, argv, session) => {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && argv[1]!.toLowerCase() === 'schedule') schedule = true;
    else throw new ReplyError(SYNTAX);
  }
  // Inside EXEC (the MULTI bit stays set while the queue runs) Redis schedules instead.
  const inExec = ((session.state ?? 0) & SessionState.MULTI) !== 0;
  try {
    return new StatusReply(store.persistence.bgsave(schedule, inExec));
  } catch (e) {
    if (e instanceof ReplyError) throw e;
    if (e instanceof PersistenceError) throw new ReplyError(SAVE_FAILED);
    throw e;
  }
};

/** LASTSAVE (lastsaveCommand). */
export const lastsaveCommand: Handler = (store) => store.persistence.lastsave();

export const persistenceHandlers: HandlerMap = {
  save: saveCommand,
  bgsave: bgsaveCommand,
  lastsave: lastsaveCommand,
};

/**
 * @internal processCommand's writeCommandsDeniedByDiskError check, for dispatch to call only
 * while `store.diskError` is set: the MISCONF error when `entry` is a write command, PING, or
 * an EXEC whose queue holds a write command; null when the command may run.
 */
export function deniedByDiskError(store: Store, entry: Entry, session: Session): ReplyError | null {
  const info = entry.info;
  let write = info.flags.includes('write') || info.name === 'ping';
  if (!write && info.name === 'exec') {
    const queue = session.tx?.queue;
    if (queue !== undefined) write = queue.some((q) => q.entry.info.flags.includes('write'));
  }
  if (!write) return null;
  return new ReplyError(store.diskError ?? MISCONF_RDB);
}

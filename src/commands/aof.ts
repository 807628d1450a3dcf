// redis.io group "server", append-only file part (aof.c): BGREWRITEAOF. The log itself lives in
// src/persistence/aof.ts; the scheduling and replies in src/persistence/aof-control.ts.

import { bgrewriteaof } from '../persistence/aof-control.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { SessionState } from './gate.js';
import { StatusReply } from './reply.js';

/** BGREWRITEAOF (bgrewriteaofCommand): a background rewrite, or one scheduled after BGSAVE. */
export const bgrewriteaofCommand: Handler = (store, _argv, session) => {
  // Inside EXEC (the MULTI bit stays set while the queue runs) Redis schedules instead.
  const inExec = ((session.state ?? 0) & SessionState.MULTI) !== 0;
  return new StatusReply(bgrewriteaof(store, inExec));
};

export const aofHandlers: HandlerMap = {
  bgrewriteaof: bgrewriteaofCommand,
};

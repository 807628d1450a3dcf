// redis.io group "connection": the commands that act on the client's session.

import { DB_INDEX_OUT_OF_RANGE, fail, wrongArgs } from '../errors.js';
import { parseInt32 } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { OK, PONG } from './reply.js';

/** PING [message] */
export const pingCommand: Handler = (_store, argv) => {
  if (argv.length > 2) fail(wrongArgs('ping'));
  return argv.length === 2 ? argv[1]! : PONG;
};

/** ECHO message */
export const echoCommand: Handler = (_store, argv) => argv[1]!;

/** SELECT index */
export const selectCommand: Handler = (store, argv, session) => {
  const index = parseInt32(argv[1]!);
  if (store.dbAt(index) === undefined) fail(DB_INDEX_OUT_OF_RANGE);
  session.db = index;
  return OK;
};

export const connectionHandlers: HandlerMap = {
  ping: pingCommand,
  echo: echoCommand,
  select: selectCommand,
};

// redis.io group "set": wire handlers of t_set.c. Each parses argv completely (exact errors,
// case-insensitive options, in Redis's order), then calls the Store's byte-level method the
// typed API also uses. Counts are parsed before the key is looked up (SPOP, SRANDMEMBER), SSCAN's
// options after it, as in Redis. Replies Redis sends as sets (SMEMBERS, SINTER, SUNION, SDIFF,
// SPOP with a count) are SetReply, a RESP3 `~` set.

import {
  fail,
  INVALID_CURSOR,
  LIMIT_NEGATIVE,
  NUMKEYS_EXCEEDS_ARGS,
  NUMKEYS_NOT_POSITIVE,
  POSITIVE_OUT_OF_RANGE,
  RANDOM_COUNT_OUT_OF_RANGE,
  SYNTAX,
} from '../errors.js';
import { isToken, parseCursor, parseInteger, parseScanArgs } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { SetReply } from './reply.js';

/** A count argument Redis reads with getPositiveLongFromObjectOrReply: >= 0, one error for all. */
function positiveLong(arg: string, error: string): number {
  const n = parseInteger(arg, error);
  if (n < 0) fail(error);
  return n;
}

/** SADD key member [member ...] */
export const saddCommand: Handler = (store, argv) =>
  argv.length === 3 ? store._saddOne(argv[1]!, argv[2]!) : store._sadd(argv[1]!, argv.slice(2));

/** SREM key member [member ...] */
export const sremCommand: Handler = (store, argv) => store._srem(argv[1]!, argv.slice(2));

/** SCARD key */
export const scardCommand: Handler = (store, argv) => store._scard(argv[1]!);

/** SISMEMBER key member */
export const sismemberCommand: Handler = (store, argv) => store._sismember(argv[1]!, argv[2]!);

/** SMISMEMBER key member [member ...] */
export const smismemberCommand: Handler = (store, argv) => store._smismember(argv[1]!, argv.slice(2));

/** SMEMBERS key (Redis runs it as a one-key SINTER) */
export const smembersCommand: Handler = (store, argv) => new SetReply(store._smembers(argv[1]!));

/** SMOVE source destination member */
export const smoveCommand: Handler = (store, argv) => store._smove(argv[1]!, argv[2]!, argv[3]!);

/** SRANDMEMBER key [count] */
export const srandmemberCommand: Handler = (store, argv) => {
  if (argv.length > 3) fail(SYNTAX);
  if (argv.length === 2) return store._srandmember(argv[1]!);
  // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): LLONG_MIN parses but is out of range.
  const arg = argv[2]!;
  const count = parseInteger(arg);
  if (arg === '-9223372036854775808') fail(RANDOM_COUNT_OUT_OF_RANGE);
  return store._srandmemberCount(argv[1]!, count);
};

/** SPOP key [count] */
export const spopCommand: Handler = (store, argv) => {
  if (argv.length > 3) fail(SYNTAX);
  if (argv.length === 2) return store._spop(argv[1]!);
  const count = positiveLong(argv[2]!, POSITIVE_OUT_OF_RANGE);
  return new SetReply(store._spopCount(argv[1]!, count));
};

/** SINTER key [key ...] */
export const sinterCommand: Handler = (store, argv) => new SetReply(store._sinter(argv.slice(1)));

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
export const sintercardCommand: Handler = (store, argv) => {
  const numkeys = parseInteger(argv[1]!, NUMKEYS_NOT_POSITIVE);
  if (numkeys < 1) fail(NUMKEYS_NOT_POSITIVE);
  if (numkeys > argv.length - 2) fail(NUMKEYS_EXCEEDS_ARGS);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (isToken(argv[j]!, 'LIMIT') && j < argv.length - 1) limit = positiveLong(argv[++j]!, LIMIT_NEGATIVE);
    else fail(SYNTAX);
  }
  return store._sintercard(argv.slice(2, 2 + numkeys), limit);
};

/** SINTERSTORE destination key [key ...] */
export const sinterstoreCommand: Handler = (store, argv) => store._sinterstore(argv[1]!, argv.slice(2));

/** SUNION key [key ...] */
export const sunionCommand: Handler = (store, argv) => new SetReply(store._sunion(argv.slice(1)));

/** SUNIONSTORE destination key [key ...] */
export const sunionstoreCommand: Handler = (store, argv) => store._sunionstore(argv[1]!, argv.slice(2));

/** SDIFF key [key ...] */
export const sdiffCommand: Handler = (store, argv) => new SetReply(store._sdiff(argv.slice(1)));

/** SDIFFSTORE destination key [key ...] */
export const sdiffstoreCommand: Handler = (store, argv) => store._sdiffstore(argv[1]!, argv.slice(2));

/** SSCAN key cursor [MATCH pattern] [COUNT count] */
export const sscanCommand: Handler = (store, argv) => {
  const cursor = parseCursor(argv[2]!);
  if (cursor === null) fail(INVALID_CURSOR);
  const set = store.lookupSet(argv[1]!);
  // shared.emptyscan
  if (set === undefined) return ['0', []];
  const { count, pattern } = parseScanArgs(argv, 3, false);
  return store._sscan(set, cursor, pattern, count);
};

export const setHandlers: HandlerMap = {
  sadd: saddCommand,
  srem: sremCommand,
  scard: scardCommand,
  sismember: sismemberCommand,
  smismember: smismemberCommand,
  smembers: smembersCommand,
  smove: smoveCommand,
  srandmember: srandmemberCommand,
  spop: spopCommand,
  sinter: sinterCommand,
  sintercard: sintercardCommand,
  sinterstore: sinterstoreCommand,
  sunion: sunionCommand,
  sunionstore: sunionstoreCommand,
  sdiff: sdiffCommand,
  sdiffstore: sdiffstoreCommand,
  sscan: sscanCommand,
};

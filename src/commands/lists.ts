// redis.io group "list": wire handlers of t_list.c. Each parses argv completely (exact errors,
// case-insensitive options, in Redis's order), then calls the Store's byte-level method the
// typed API also uses. LINDEX and LSET leave their index's check to that method (Redis makes it
// after the key's type check), and BLMPOP reads its timeout only after the rest, as Redis does.
//
// A blocking command that has to wait gets a Waiter back and returns it as a BlockedReply; a
// client that times out gets the null array (`*-1` in RESP2) whatever the command — BLMOVE too,
// as Redis's replyToBlockedClientTimedOut — while one that may not block (Session.denyBlocking)
// gets BLMOVE's own nil, a null bulk.

import {
  COUNT_NOT_POSITIVE,
  fail,
  LPOS_COUNT_NEGATIVE,
  LPOS_MAXLEN_NEGATIVE,
  LPOS_RANK_ZERO,
  NUMKEYS_NOT_POSITIVE,
  POSITIVE_OUT_OF_RANGE,
  SYNTAX,
  wrongArgs,
} from '../errors.js';
import { parseTimeout, Waiter } from '../keyspace/blocking.js';
import { isCanonicalInt } from '../keyspace/db.js';
import { lposSpecFromRank } from '../store/lists.js';
import type { Store } from '../store.js';
import { isToken, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { BlockedReply, NULL_ARRAY, OK, type Reply } from './reply.js';

const LONG_MIN = '-9223372036854775808';

/** LEFT or RIGHT (getListPositionFromObjectOrReply): true for LEFT. */
function whereArg(arg: string): boolean {
  if (isToken(arg, 'LEFT')) return true;
  if (isToken(arg, 'RIGHT')) return false;
  return fail(SYNTAX);
}

/** An integer argument, or NaN when Redis's string2ll would refuse it. */
function integerOrNaN(arg: string): number {
  return isCanonicalInt(arg) ? parseInteger(arg) : Number.NaN;
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX, msg): `msg` for a non-integer too. */
function positiveArg(arg: string, msg: string): number {
  const n = parseInteger(arg, msg);
  if (n < 1) fail(msg);
  return n;
}

/** getPositiveLongFromObjectOrReply(msg): an integer >= 0, `msg` for a non-integer too. */
function nonNegativeArg(arg: string, msg: string): number {
  const n = parseInteger(arg, msg);
  if (n < 0) fail(msg);
  return n;
}

/** A Waiter as the command's reply: nil as the null array (a timeout, CLIENT UNBLOCK). */
function blocked<T extends Reply>(w: Waiter<T | null>): BlockedReply {
  return BlockedReply.of(w, (v) => v ?? NULL_ARRAY);
}

// ---- push ------------------------------------------------------------------------------------

/** LPUSH key element [element ...] */
export const lpushCommand: Handler = (store, argv) => store._push(argv[1]!, argv.slice(2), true, false);

/** RPUSH key element [element ...] */
export const rpushCommand: Handler = (store, argv) => store._push(argv[1]!, argv.slice(2), false, false);

/** LPUSHX key element [element ...] */
export const lpushxCommand: Handler = (store, argv) => store._push(argv[1]!, argv.slice(2), true, true);

/** RPUSHX key element [element ...] */
export const rpushxCommand: Handler = (store, argv) => store._push(argv[1]!, argv.slice(2), false, true);

// ---- pop -------------------------------------------------------------------------------------

/** LPOP / RPOP key [count] (popGenericCommand) */
function popGeneric(store: Store, argv: string[], left: boolean): Reply {
  if (argv.length > 3) fail(wrongArgs(left ? 'lpop' : 'rpop'));
  if (argv.length === 2) return store._pop(argv[1]!, left);
  const count = nonNegativeArg(argv[2]!, POSITIVE_OUT_OF_RANGE);
  return store._popCount(argv[1]!, left, count) ?? NULL_ARRAY;
}

/** LPOP key [count] */
export const lpopCommand: Handler = (store, argv) => popGeneric(store, argv, true);

/** RPOP key [count] */
export const rpopCommand: Handler = (store, argv) => popGeneric(store, argv, false);

interface MpopArgs {
  keys: string[];
  left: boolean;
  count: number;
}

/** LMPOP / BLMPOP's numkeys, keys, LEFT|RIGHT and COUNT, from argv[numkeysAt] (lmpopGenericCommand). */
function parseMpop(argv: string[], numkeysAt: number): MpopArgs {
  const numkeys = positiveArg(argv[numkeysAt]!, NUMKEYS_NOT_POSITIVE);
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= argv.length) fail(SYNTAX);
  const left = whereArg(argv[whereAt]!);
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && isToken(argv[j]!, 'COUNT') && j < argv.length - 1) {
      count = positiveArg(argv[++j]!, COUNT_NOT_POSITIVE);
    } else {
      fail(SYNTAX);
    }
  }
  return { keys: argv.slice(numkeysAt + 1, whereAt), left, count: count === -1 ? 1 : count };
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
export const lmpopCommand: Handler = (store, argv) => {
  const { keys, left, count } = parseMpop(argv, 1);
  return store._lmpop(keys, left, count) ?? NULL_ARRAY;
};

// ---- read ------------------------------------------------------------------------------------

/** LLEN key */
export const llenCommand: Handler = (store, argv) => store._llen(argv[1]!);

/** LINDEX key index (the index is checked after the key's type) */
export const lindexCommand: Handler = (store, argv) => store._lindex(argv[1]!, integerOrNaN(argv[2]!));

/** LRANGE key start stop */
export const lrangeCommand: Handler = (store, argv) => {
  const start = parseInteger(argv[2]!);
  const stop = parseInteger(argv[3]!);
  return store._lrange(argv[1]!, start, stop);
};

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
export const lposCommand: Handler = (store, argv) => {
  let rank = 1;
  let rankIsLongMin = false;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = j < argv.length - 1;
    if (more && isToken(opt, 'RANK')) {
      const arg = argv[++j]!;
      rank = parseInteger(arg);
      if (rank === 0) fail(LPOS_RANK_ZERO);
      rankIsLongMin = arg === LONG_MIN;
    } else if (more && isToken(opt, 'COUNT')) {
      count = nonNegativeArg(argv[++j]!, LPOS_COUNT_NEGATIVE);
    } else if (more && isToken(opt, 'MAXLEN')) {
      maxlen = nonNegativeArg(argv[++j]!, LPOS_MAXLEN_NEGATIVE);
    } else {
      fail(SYNTAX);
    }
  }
  return store._lpos(argv[1]!, argv[2]!, lposSpecFromRank(rankIsLongMin, rank, count, maxlen));
};

// ---- write -----------------------------------------------------------------------------------

/** LSET key index element (the index is checked after the key's type) */
export const lsetCommand: Handler = (store, argv) => {
  store._lset(argv[1]!, integerOrNaN(argv[2]!), argv[3]!);
  return OK;
};

/** LINSERT key BEFORE|AFTER pivot element */
export const linsertCommand: Handler = (store, argv) => {
  const where = argv[2]!;
  let before: boolean;
  if (isToken(where, 'AFTER')) before = false;
  else if (isToken(where, 'BEFORE')) before = true;
  else return fail(SYNTAX);
  return store._linsert(argv[1]!, before, argv[3]!, argv[4]!);
};

/** LREM key count element */
export const lremCommand: Handler = (store, argv) => store._lrem(argv[1]!, parseInteger(argv[2]!), argv[3]!);

/** LTRIM key start stop */
export const ltrimCommand: Handler = (store, argv) => {
  const start = parseInteger(argv[2]!);
  const stop = parseInteger(argv[3]!);
  store._ltrim(argv[1]!, start, stop);
  return OK;
};

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
export const lmoveCommand: Handler = (store, argv) => {
  const fromLeft = whereArg(argv[3]!);
  const toLeft = whereArg(argv[4]!);
  return store._lmove(argv[1]!, argv[2]!, fromLeft, toLeft, false);
};

/** RPOPLPUSH source destination */
export const rpoplpushCommand: Handler = (store, argv) => store._lmove(argv[1]!, argv[2]!, false, true, true);

// ---- blocking --------------------------------------------------------------------------------

/** BLPOP / BRPOP key [key ...] timeout (the timeout is parsed first) */
function bpopGeneric(store: Store, argv: string[], left: boolean, deny: boolean): Reply | BlockedReply {
  const ms = parseTimeout(argv[argv.length - 1]!);
  const r = store._bpop(argv.slice(1, -1), left, ms, deny);
  if (r instanceof Waiter) return blocked(r);
  return r ?? NULL_ARRAY;
}

/** BLPOP key [key ...] timeout */
export const blpopCommand: Handler = (store, argv, session) =>
  bpopGeneric(store, argv, true, session.denyBlocking === true);

/** BRPOP key [key ...] timeout */
export const brpopCommand: Handler = (store, argv, session) =>
  bpopGeneric(store, argv, false, session.denyBlocking === true);

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
export const blmoveCommand: Handler = (store, argv, session) => {
  const fromLeft = whereArg(argv[3]!);
  const toLeft = whereArg(argv[4]!);
  const ms = parseTimeout(argv[5]!);
  const r = store._bmove(argv[1]!, argv[2]!, fromLeft, toLeft, ms, session.denyBlocking === true, false);
  return r instanceof Waiter ? blocked(r) : r;
};

/** BRPOPLPUSH source destination timeout */
export const brpoplpushCommand: Handler = (store, argv, session) => {
  const ms = parseTimeout(argv[3]!);
  const r = store._bmove(argv[1]!, argv[2]!, false, true, ms, session.denyBlocking === true, true);
  return r instanceof Waiter ? blocked(r) : r;
};

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
export const blmpopCommand: Handler = (store, argv, session) => {
  const { keys, left, count } = parseMpop(argv, 2);
  const ms = parseTimeout(argv[1]!);
  const r = store._bmpop(keys, left, count, ms, session.denyBlocking === true);
  if (r instanceof Waiter) return blocked(r);
  return r ?? NULL_ARRAY;
};

export const listHandlers: HandlerMap = {
  lpush: lpushCommand,
  rpush: rpushCommand,
  lpushx: lpushxCommand,
  rpushx: rpushxCommand,
  lpop: lpopCommand,
  rpop: rpopCommand,
  lmpop: lmpopCommand,
  llen: llenCommand,
  lindex: lindexCommand,
  lrange: lrangeCommand,
  lpos: lposCommand,
  lset: lsetCommand,
  linsert: linsertCommand,
  lrem: lremCommand,
  ltrim: ltrimCommand,
  lmove: lmoveCommand,
  rpoplpush: rpoplpushCommand,
  blpop: blpopCommand,
  brpop: brpopCommand,
  blmove: blmoveCommand,
  brpoplpush: brpoplpushCommand,
  blmpop: blmpopCommand,
};

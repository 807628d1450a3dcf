// redis.io group "sorted-set": wire handlers of t_zset.c. Each parses argv completely (exact
// errors, case-insensitive options, in Redis's order), then calls the Store's byte-level method
// the typed API also uses. Variants share one generic, as in Redis: zaddGeneric (ZADD,
// ZINCRBY), zrangeGeneric (ZRANGE, ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBYSCORE,
// Z[REV]RANGEBYLEX), zsetOpGeneric (ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD).
//
// Scores are DoubleReply values ("%.17g" text: a bulk string in RESP2, a `,` double in RESP3).
// WITHSCORES replies, ZPOPMIN/ZPOPMAX with a count and ZRANDMEMBER WITHSCORES are flat in RESP2
// and [member, score] pairs in RESP3, as Redis 7.0 sends them. Writes are logged as issued (the
// argv is passed down), except the pops, which the store rewrites as Redis does.

import {
  atLeastOneInputKey,
  COUNT_NOT_POSITIVE,
  fail,
  INVALID_CURSOR,
  LIMIT_NEGATIVE,
  NOT_FLOAT,
  NUMKEYS_NOT_POSITIVE,
  POSITIVE_OUT_OF_RANGE,
  RANDOM_COUNT_OUT_OF_RANGE,
  SYNTAX,
  VALUE_OUT_OF_RANGE,
  WEIGHT_NOT_FLOAT,
  ZADD_INCR_SINGLE_PAIR,
  ZRANGE_LIMIT_NEEDS_BY,
  ZRANGE_WITHSCORES_BYLEX,
} from '../errors.js';
import { parseTimeout, Waiter } from '../keyspace/blocking.js';
import { formatDoubleReply, formatListpackScore, parseDouble } from '../numbers/double.js';
import type { Session } from '../store/core.js';
import {
  AGGR_MAX,
  AGGR_MIN,
  AGGR_SUM,
  type Aggregate,
  BY_LEX,
  BY_RANK,
  BY_SCORE,
  checkZaddFlags,
  parseLexBound,
  parseScoreBound,
  rangeSpec,
  SET_OP_DIFF,
  SET_OP_INTER,
  SET_OP_UNION,
  type SetOp,
  type ZMember,
} from '../store/zsets.js';
import type { Store } from '../store.js';
import { ZADD_GT, ZADD_LT, ZADD_NX, ZADD_XX } from '../types/zset.js';
import { isToken, parseBigInteger, parseCursor, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { BlockedReply, DoubleReply, NULL_ARRAY, type Reply } from './reply.js';

/** LONG_MAX / 2: ZRANDMEMBER WITHSCORES's count limit (its reply length would overflow). */
const HALF_LONG_MAX = 4611686018427387903n;

/** A score as Redis's addReplyDouble sends it. */
const scoreReply = (d: number): DoubleReply => new DoubleReply(d, formatDoubleReply(d));

/** Members, or with scores flat (RESP2) or as [member, score] pairs (RESP3). */
function entriesReply(entries: ZMember[], withScores: boolean, session: Session): Reply[] {
  const n = entries.length;
  if (!withScores) {
    const out = new Array<Reply>(n);
    for (let i = 0; i < n; i++) out[i] = entries[i]![0];
    return out;
  }
  if (session.protocol === 2) {
    const out = new Array<Reply>(n * 2);
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      out[2 * i] = e[0];
      out[2 * i + 1] = scoreReply(e[1]);
    }
    return out;
  }
  return entries.map((e) => [e[0], scoreReply(e[1])]);
}

/** getRangeLongFromObjectOrReply(min, LONG_MAX, msg): `msg` for a non-integer too. */
function rangeArg(arg: string, min: number, msg: string): number {
  const n = parseInteger(arg, msg);
  if (n < min) fail(msg);
  return n;
}

// ---- ZADD / ZINCRBY --------------------------------------------------------------------------

/** ZADD and ZINCRBY (zaddGenericCommand): options, then score-member pairs. */
function zaddGeneric(store: Store, argv: string[], incrCommand: boolean): Reply {
  let flags = 0;
  let ch = false;
  let incr = incrCommand;
  let i = 2;
  for (; i < argv.length; i++) {
    const opt = argv[i]!;
    if (isToken(opt, 'NX')) flags |= ZADD_NX;
    else if (isToken(opt, 'XX')) flags |= ZADD_XX;
    else if (isToken(opt, 'CH')) ch = true;
    else if (isToken(opt, 'INCR')) incr = true;
    else if (isToken(opt, 'GT')) flags |= ZADD_GT;
    else if (isToken(opt, 'LT')) flags |= ZADD_LT;
    else break;
  }
  const elements = argv.length - i;
  if (elements % 2 !== 0 || elements === 0) fail(SYNTAX);
  checkZaddFlags(flags);
  const pairs = elements / 2;
  if (incr && pairs > 1) fail(ZADD_INCR_SINGLE_PAIR);
  // Every score is parsed before the first write: the command applies fully or not at all.
  const scores = new Array<number>(pairs);
  const members = new Array<string>(pairs);
  for (let j = 0; j < pairs; j++) {
    const d = parseDouble(argv[i + 2 * j]!);
    if (d === null) fail(NOT_FLOAT);
    scores[j] = d;
    members[j] = argv[i + 2 * j + 1]!;
  }
  if (incr) {
    const r = store._zincr(argv[1]!, flags, scores[0]!, members[0]!, argv);
    return r === null ? null : scoreReply(r);
  }
  return store._zadd(argv[1]!, flags, ch, scores, members, argv);
}

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
export const zaddCommand: Handler = (store, argv) => zaddGeneric(store, argv, false);

/** ZINCRBY key increment member */
export const zincrbyCommand: Handler = (store, argv) => zaddGeneric(store, argv, true);

/** ZREM key member [member ...] */
export const zremCommand: Handler = (store, argv) => store._zrem(argv[1]!, argv.slice(2));

// ---- point reads -----------------------------------------------------------------------------

/** ZCARD key */
export const zcardCommand: Handler = (store, argv) => store._zcard(argv[1]!);

/** ZSCORE key member */
export const zscoreCommand: Handler = (store, argv) => {
  const s = store._zscore(argv[1]!, argv[2]!);
  return s === null ? null : scoreReply(s);
};

/** ZMSCORE key member [member ...] */
export const zmscoreCommand: Handler = (store, argv) =>
  store._zmscore(argv[1]!, argv.slice(2)).map((s) => (s === null ? null : scoreReply(s)));

/** ZRANK key member */
export const zrankCommand: Handler = (store, argv) => store._zrank(argv[1]!, argv[2]!, false);

/** ZREVRANK key member */
export const zrevrankCommand: Handler = (store, argv) => store._zrank(argv[1]!, argv[2]!, true);

/** ZCOUNT key min max */
export const zcountCommand: Handler = (store, argv) => {
  const [min, minEx] = parseScoreBound(argv[2]!);
  const [max, maxEx] = parseScoreBound(argv[3]!);
  return store._zcount(argv[1]!, min, minEx, max, maxEx);
};

/** ZLEXCOUNT key min max */
export const zlexcountCommand: Handler = (store, argv) => {
  const min = parseLexBound(argv[2]!);
  const max = parseLexBound(argv[3]!);
  return store._zlexcount(argv[1]!, min, max);
};

// ---- ranges ----------------------------------------------------------------------------------

const AUTO = -1;

/**
 * ZRANGE, ZRANGESTORE and the deprecated range commands (zrangeGenericCommand): `at` is the
 * index of the source key; `by` and `rev` are AUTO where options may set them.
 */
function zrangeGeneric(
  store: Store,
  argv: string[],
  session: Session,
  at: number,
  isStore: boolean,
  by: number,
  rev: number,
): Reply {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = at + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j]!;
    if (!isStore && isToken(a, 'WITHSCORES')) {
      withScores = true;
    } else if (isToken(a, 'LIMIT') && left >= 2) {
      offset = parseInteger(argv[j + 1]!);
      limit = parseInteger(argv[j + 2]!);
      j += 2;
    } else if (rev === AUTO && isToken(a, 'REV')) {
      rev = 1;
    } else if (by === AUTO && isToken(a, 'BYLEX')) {
      by = BY_LEX;
    } else if (by === AUTO && isToken(a, 'BYSCORE')) {
      by = BY_SCORE;
    } else {
      fail(SYNTAX);
    }
  }
  if (rev === AUTO) rev = 0;
  if (by === AUTO) by = BY_RANK;
  if (limit !== -1 && by === BY_RANK) fail(ZRANGE_LIMIT_NEEDS_BY);
  if (withScores && by === BY_LEX) fail(ZRANGE_WITHSCORES_BYLEX);
  const spec = rangeSpec(by as 0 | 1 | 2, rev === 1);
  spec.offset = offset;
  spec.limit = limit;
  // With BYSCORE / BYLEX and REV the range is given as max, min.
  const swap = rev === 1 && by !== BY_RANK;
  const minArg = argv[swap ? at + 2 : at + 1]!;
  const maxArg = argv[swap ? at + 1 : at + 2]!;
  if (by === BY_RANK) {
    spec.start = parseInteger(minArg);
    spec.stop = parseInteger(maxArg);
  } else if (by === BY_SCORE) {
    [spec.min, spec.minEx] = parseScoreBound(minArg);
    [spec.max, spec.maxEx] = parseScoreBound(maxArg);
  } else {
    spec.lexMin = parseLexBound(minArg);
    spec.lexMax = parseLexBound(maxArg);
  }
  if (isStore) return store._zrangestore(argv[1]!, argv[at]!, spec, argv);
  return entriesReply(store._zrange(argv[at]!, spec), withScores, session);
}

/** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
export const zrangeCommand: Handler = (store, argv, session) =>
  zrangeGeneric(store, argv, session, 1, false, AUTO, AUTO);

/** ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] */
export const zrangestoreCommand: Handler = (store, argv, session) =>
  zrangeGeneric(store, argv, session, 2, true, AUTO, AUTO);

/** ZREVRANGE key start stop [WITHSCORES] */
export const zrevrangeCommand: Handler = (store, argv, session) =>
  zrangeGeneric(store, argv, session, 1, false, BY_RANK, 1);

/** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] */
export const zrangebyscoreCommand: Handler = (store, argv, session) =>
  zrangeGeneric(store, argv, session, 1, false, BY_SCORE, 0);

/** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] */
export const zrevrangebyscoreCommand: Handler = (store, argv, session) =>
  zrangeGeneric(store, argv, session, 1, false, BY_SCORE, 1);

/** ZRANGEBYLEX key min max [LIMIT offset count] */
export const zrangebylexCommand: Handler = (store, argv, session) =>
  zrangeGeneric(store, argv, session, 1, false, BY_LEX, 0);

/** ZREVRANGEBYLEX key max min [LIMIT offset count] */
export const zrevrangebylexCommand: Handler = (store, argv, session) =>
  zrangeGeneric(store, argv, session, 1, false, BY_LEX, 1);

/** ZREMRANGEBYRANK key start stop */
export const zremrangebyrankCommand: Handler = (store, argv) => {
  const spec = rangeSpec(BY_RANK, false);
  spec.start = parseInteger(argv[2]!);
  spec.stop = parseInteger(argv[3]!);
  return store._zremrange(argv[1]!, spec, argv);
};

/** ZREMRANGEBYSCORE key min max */
export const zremrangebyscoreCommand: Handler = (store, argv) => {
  const spec = rangeSpec(BY_SCORE, false);
  [spec.min, spec.minEx] = parseScoreBound(argv[2]!);
  [spec.max, spec.maxEx] = parseScoreBound(argv[3]!);
  return store._zremrange(argv[1]!, spec, argv);
};

/** ZREMRANGEBYLEX key min max */
export const zremrangebylexCommand: Handler = (store, argv) => {
  const spec = rangeSpec(BY_LEX, false);
  spec.lexMin = parseLexBound(argv[2]!);
  spec.lexMax = parseLexBound(argv[3]!);
  return store._zremrange(argv[1]!, spec, argv);
};

// ---- pops ------------------------------------------------------------------------------------

/** ZPOPMIN / ZPOPMAX key [count] (zpopMinMaxCommand) */
function zpopGeneric(store: Store, argv: string[], session: Session, max: boolean): Reply {
  if (argv.length > 3) fail(SYNTAX);
  const count = argv.length === 3 ? rangeArg(argv[2]!, 0, POSITIVE_OUT_OF_RANGE) : -1;
  const entries = store._zpop(argv[1]!, max, count);
  // Flat in RESP2 or without a count; pairs in RESP3 with one.
  if (session.protocol === 2 || count === -1) return entriesReply(entries, true, { ...session, protocol: 2 });
  return entriesReply(entries, true, session);
}

/** ZPOPMIN key [count] */
export const zpopminCommand: Handler = (store, argv, session) => zpopGeneric(store, argv, session, false);

/** ZPOPMAX key [count] */
export const zpopmaxCommand: Handler = (store, argv, session) => zpopGeneric(store, argv, session, true);

/** ZMPOP / BZMPOP's arguments from `numkeysAt` (zmpopGenericCommand). */
function parseZmpop(argv: string[], numkeysAt: number): { keys: string[]; max: boolean; count: number } {
  const numkeys = rangeArg(argv[numkeysAt]!, 1, NUMKEYS_NOT_POSITIVE);
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= argv.length) fail(SYNTAX);
  const w = argv[whereAt]!;
  const max = isToken(w, 'MAX') ? true : isToken(w, 'MIN') ? false : fail(SYNTAX);
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && isToken(argv[j]!, 'COUNT') && j < argv.length - 1) {
      count = rangeArg(argv[++j]!, 1, COUNT_NOT_POSITIVE);
    } else {
      fail(SYNTAX);
    }
  }
  return { keys: argv.slice(numkeysAt + 1, whereAt), max, count: count === -1 ? 1 : count };
}

/** [key, [[member, score] ...]] as ZMPOP replies it in both protocols. */
function mpopReply(r: [string, ZMember[]]): Reply {
  return [r[0], r[1].map((e) => [e[0], scoreReply(e[1])])];
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] */
export const zmpopCommand: Handler = (store, argv) => {
  const { keys, max, count } = parseZmpop(argv, 1);
  const r = store._zmpop(keys, max, count);
  return r === null ? NULL_ARRAY : mpopReply(r);
};

/** [key, member, score], as BZPOPMIN replies. */
function bzpopReply(r: [string, ZMember[]]): Reply {
  const [m, s] = r[1][0]!;
  return [r[0], m, scoreReply(s)];
}

/** BZPOPMIN / BZPOPMAX key [key ...] timeout (the timeout is parsed first) */
function bzpopGeneric(store: Store, argv: string[], session: Session, max: boolean): Reply | BlockedReply {
  const ms = parseTimeout(argv[argv.length - 1]!);
  const r = store._bzpop(argv.slice(1, -1), max, -1, ms, session.denyBlocking === true);
  if (r instanceof Waiter) return BlockedReply.of(r, (v) => (v === null ? NULL_ARRAY : bzpopReply(v)));
  return r === null ? NULL_ARRAY : bzpopReply(r);
}

/** BZPOPMIN key [key ...] timeout */
export const bzpopminCommand: Handler = (store, argv, session) => bzpopGeneric(store, argv, session, false);

/** BZPOPMAX key [key ...] timeout */
export const bzpopmaxCommand: Handler = (store, argv, session) => bzpopGeneric(store, argv, session, true);

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] (the timeout is parsed last) */
export const bzmpopCommand: Handler = (store, argv, session) => {
  const { keys, max, count } = parseZmpop(argv, 2);
  const ms = parseTimeout(argv[1]!);
  const r = store._bzpop(keys, max, count, ms, session.denyBlocking === true);
  if (r instanceof Waiter) return BlockedReply.of(r, (v) => (v === null ? NULL_ARRAY : mpopReply(v)));
  return r === null ? NULL_ARRAY : mpopReply(r);
};

// ---- random, scan ----------------------------------------------------------------------------

/** ZRANDMEMBER key [count [WITHSCORES]] */
export const zrandmemberCommand: Handler = (store, argv, session) => {
  if (argv.length === 2) return store._zrandmember(argv[1]!);
  // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): LLONG_MIN parses but is out of range.
  const l = parseBigInteger(argv[2]!);
  if (l === -9223372036854775808n) fail(RANDOM_COUNT_OUT_OF_RANGE);
  if (argv.length > 4 || (argv.length === 4 && !isToken(argv[3]!, 'WITHSCORES'))) fail(SYNTAX);
  const withScores = argv.length === 4;
  if (withScores && (l < -HALF_LONG_MAX || l > HALF_LONG_MAX)) fail(VALUE_OUT_OF_RANGE);
  return entriesReply(store._zrandmemberCount(argv[1]!, Number(l)), withScores, session);
};

/** ZSCAN key cursor [MATCH pattern] [COUNT count] */
export const zscanCommand: Handler = (store, argv) => {
  const cursor = parseCursor(argv[2]!);
  if (cursor === null) fail(INVALID_CURSOR);
  // Redis looks the key up before it parses the options: a missing key wins over a bad COUNT.
  const z = store.lookupZset(argv[1]!);
  if (z === undefined) return ['0', []];
  let count = 10;
  let pattern: string | null = null;
  for (let i = 3; i < argv.length; i += 2) {
    const opt = argv[i]!;
    const more = argv.length - i >= 2;
    if (more && isToken(opt, 'COUNT')) {
      count = parseInteger(argv[i + 1]!);
      if (count < 1) fail(SYNTAX);
    } else if (more && isToken(opt, 'MATCH')) {
      pattern = argv[i + 1]!;
    } else {
      fail(SYNTAX);
    }
  }
  // A listpack holds integral scores as integers, which ZSCAN returns as they are stored.
  const fmt = z.encoding() === 'listpack' ? formatListpackScore : formatDoubleReply;
  const [next, entries] = store._zscan(z, cursor, pattern, count);
  const flat: Reply[] = [];
  for (const [m, s] of entries) flat.push(m, fmt(s));
  return [next, flat];
};

// ---- set operations --------------------------------------------------------------------------

/**
 * ZUNION / ZINTER / ZDIFF / ZINTERCARD and the STORE forms (zunionInterDiffGenericCommand): the
 * input keys are looked up (and type checked) before the options are parsed, as in Redis.
 */
function zsetOpGeneric(
  store: Store,
  argv: string[],
  session: Session,
  name: string,
  dst: string | null,
  numkeysAt: number,
  op: SetOp,
  cardinalityOnly: boolean,
): Reply {
  const setnum = parseInteger(argv[numkeysAt]!);
  if (setnum < 1) fail(atLeastOneInputKey(name));
  if (setnum > argv.length - (numkeysAt + 1)) fail(SYNTAX);
  const sources = store._zsetopSources(argv.slice(numkeysAt + 1, numkeysAt + 1 + setnum));
  let aggregate: Aggregate = AGGR_SUM;
  let withScores = false;
  let limit = 0;
  let j = numkeysAt + 1 + setnum;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const a = argv[j]!;
    if (op !== SET_OP_DIFF && !cardinalityOnly && remaining >= setnum + 1 && isToken(a, 'WEIGHTS')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseDouble(argv[j]!);
        if (w === null) fail(WEIGHT_NOT_FLOAT);
        sources[i]!.weight = w;
      }
    } else if (op !== SET_OP_DIFF && !cardinalityOnly && remaining >= 2 && isToken(a, 'AGGREGATE')) {
      const v = argv[j + 1]!;
      if (isToken(v, 'SUM')) aggregate = AGGR_SUM;
      else if (isToken(v, 'MIN')) aggregate = AGGR_MIN;
      else if (isToken(v, 'MAX')) aggregate = AGGR_MAX;
      else fail(SYNTAX);
      j += 2;
    } else if (dst === null && !cardinalityOnly && isToken(a, 'WITHSCORES')) {
      withScores = true;
      j++;
    } else if (cardinalityOnly && remaining >= 2 && isToken(a, 'LIMIT')) {
      limit = rangeArg(argv[j + 1]!, 0, LIMIT_NEGATIVE);
      j += 2;
    } else {
      fail(SYNTAX);
    }
  }
  if (cardinalityOnly) return store._zintercard(sources, limit);
  const result = store._zsetop(sources, op, aggregate);
  if (dst !== null) return store._zsetopStore(dst, result, op, argv);
  return entriesReply(store._zsetopEntries(result), withScores, session);
}

/** ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] */
export const zunionstoreCommand: Handler = (store, argv, session) =>
  zsetOpGeneric(store, argv, session, 'zunionstore', argv[1]!, 2, SET_OP_UNION, false);

/** ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] */
export const zinterstoreCommand: Handler = (store, argv, session) =>
  zsetOpGeneric(store, argv, session, 'zinterstore', argv[1]!, 2, SET_OP_INTER, false);

/** ZDIFFSTORE destination numkeys key [key ...] */
export const zdiffstoreCommand: Handler = (store, argv, session) =>
  zsetOpGeneric(store, argv, session, 'zdiffstore', argv[1]!, 2, SET_OP_DIFF, false);

/** ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] */
export const zunionCommand: Handler = (store, argv, session) =>
  zsetOpGeneric(store, argv, session, 'zunion', null, 1, SET_OP_UNION, false);

/** ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] */
export const zinterCommand: Handler = (store, argv, session) =>
  zsetOpGeneric(store, argv, session, 'zinter', null, 1, SET_OP_INTER, false);

/** ZDIFF numkeys key [key ...] [WITHSCORES] */
export const zdiffCommand: Handler = (store, argv, session) =>
  zsetOpGeneric(store, argv, session, 'zdiff', null, 1, SET_OP_DIFF, false);

/** ZINTERCARD numkeys key [key ...] [LIMIT limit] */
export const zintercardCommand: Handler = (store, argv, session) =>
  zsetOpGeneric(store, argv, session, 'zintercard', null, 1, SET_OP_INTER, true);

export const zsetHandlers: HandlerMap = {
  zadd: zaddCommand,
  zincrby: zincrbyCommand,
  zrem: zremCommand,
  zcard: zcardCommand,
  zscore: zscoreCommand,
  zmscore: zmscoreCommand,
  zrank: zrankCommand,
  zrevrank: zrevrankCommand,
  zcount: zcountCommand,
  zlexcount: zlexcountCommand,
  zrange: zrangeCommand,
  zrangestore: zrangestoreCommand,
  zrevrange: zrevrangeCommand,
  zrangebyscore: zrangebyscoreCommand,
  zrevrangebyscore: zrevrangebyscoreCommand,
  zrangebylex: zrangebylexCommand,
  zrevrangebylex: zrevrangebylexCommand,
  zremrangebyrank: zremrangebyrankCommand,
  zremrangebyscore: zremrangebyscoreCommand,
  zremrangebylex: zremrangebylexCommand,
  zpopmin: zpopminCommand,
  zpopmax: zpopmaxCommand,
  zmpop: zmpopCommand,
  bzpopmin: bzpopminCommand,
  bzpopmax: bzpopmaxCommand,
  bzmpop: bzmpopCommand,
  zrandmember: zrandmemberCommand,
  zscan: zscanCommand,
  zunion: zunionCommand,
  zinter: zinterCommand,
  zdiff: zdiffCommand,
  zunionstore: zunionstoreCommand,
  zinterstore: zinterstoreCommand,
  zdiffstore: zdiffstoreCommand,
  zintercard: zintercardCommand,
};

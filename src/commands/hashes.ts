// redis.io group "hash": wire handlers of t_hash.c. Each parses argv completely (exact errors,
// case-insensitive options, in Redis's order), then calls the Store's byte-level method the
// typed API also uses. Where Redis looks the key up before it reads an argument — HSCAN's
// options come after the lookup and type check — the handler does the same, so the same error
// wins as in Redis.

import {
  fail,
  INVALID_CURSOR,
  RANDOM_COUNT_OUT_OF_RANGE,
  SYNTAX,
  VALUE_OUT_OF_RANGE,
  wrongArgs,
} from '../errors.js';
import { isToken, parseBigInteger, parseCursor, parseScanArgs } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { MapReply, OK, type Reply } from './reply.js';

/** LONG_MAX: HRANDFIELD's count lies in [-LONG_MAX, LONG_MAX]. */
const LONG_MAX = 9223372036854775807n;

/** HSET key field value [field value ...] */
export const hsetCommand: Handler = (store, argv) => {
  if (argv.length % 2 === 1) fail(wrongArgs('hset'));
  if (argv.length === 4) return store._hsetField(argv[1]!, argv[2]!, argv[3]!);
  return store._hset(argv[1]!, argv, 2, 'HSET');
};

/** HMSET key field value [field value ...] */
export const hmsetCommand: Handler = (store, argv) => {
  if (argv.length % 2 === 1) fail(wrongArgs('hmset'));
  store._hset(argv[1]!, argv, 2, 'HMSET');
  return OK;
};

/** HSETNX key field value */
export const hsetnxCommand: Handler = (store, argv) => (store._hsetnx(argv[1]!, argv[2]!, argv[3]!) ? 1 : 0);

/** HGET key field */
export const hgetCommand: Handler = (store, argv) => store._hget(argv[1]!, argv[2]!);

/** HMGET key field [field ...] */
export const hmgetCommand: Handler = (store, argv) => store._hmget(argv[1]!, argv, 2);

/** HDEL key field [field ...] */
export const hdelCommand: Handler = (store, argv) => store._hdel(argv[1]!, argv, 2);

/** HLEN key */
export const hlenCommand: Handler = (store, argv) => store._hlen(argv[1]!);

/** HSTRLEN key field */
export const hstrlenCommand: Handler = (store, argv) => store._hstrlen(argv[1]!, argv[2]!);

/** HEXISTS key field */
export const hexistsCommand: Handler = (store, argv) => (store._hexists(argv[1]!, argv[2]!) ? 1 : 0);

/** HKEYS key */
export const hkeysCommand: Handler = (store, argv) => store._hkeys(argv[1]!);

/** HVALS key */
export const hvalsCommand: Handler = (store, argv) => store._hvals(argv[1]!);

/** HGETALL key: a map in RESP3 (an empty map for a missing key), a flat array in RESP2. */
export const hgetallCommand: Handler = (store, argv) => new MapReply(store._hgetall(argv[1]!));

/** HINCRBY key field increment (the increment is checked before the key, as in Redis) */
export const hincrbyCommand: Handler = (store, argv) => {
  const arg = argv[3]!;
  const n = parseBigInteger(arg);
  const incr = n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  return store._hincrby(argv[1]!, argv[2]!, incr, arg);
};

/** HINCRBYFLOAT key field increment */
export const hincrbyfloatCommand: Handler = (store, argv) =>
  store._hincrbyfloat(argv[1]!, argv[2]!, argv[3]!);

/**
 * HRANDFIELD key [count [WITHVALUES]] (hrandfieldCommand): the count and the options are
 * checked before the key. WITHVALUES pairs are nested arrays in RESP3 and flat in RESP2.
 */
export const hrandfieldCommand: Handler = (store, argv, session) => {
  if (argv.length === 2) return store._hrandfield(argv[1]!);
  const l = parseBigInteger(argv[2]!);
  if (l < -LONG_MAX) fail(RANDOM_COUNT_OUT_OF_RANGE);
  if (argv.length > 4 || (argv.length === 4 && !isToken(argv[3]!, 'WITHVALUES'))) fail(SYNTAX);
  const withValues = argv.length === 4;
  // Redis refuses what would overflow the RESP2 reply length (count * 2).
  if (withValues && (l < -LONG_MAX / 2n || l > LONG_MAX / 2n)) fail(VALUE_OUT_OF_RANGE);
  const flat = store._hrandfieldWithCount(argv[1]!, Number(l), withValues);
  if (!withValues || session.protocol === 2) return flat;
  const pairs: Reply[] = new Array(flat.length >> 1);
  for (let i = 0; i < flat.length; i += 2) pairs[i >> 1] = [flat[i]!, flat[i + 1]!];
  return pairs;
};

/** HSCAN key cursor [MATCH pattern] [COUNT count] */
export const hscanCommand: Handler = (store, argv) => {
  const cursor = parseCursor(argv[2]!);
  if (cursor === null) fail(INVALID_CURSOR);
  // Redis looks the key up before it parses the options: a missing key wins over a bad COUNT.
  const h = store._hashRead(argv[1]!);
  if (h === null) return ['0', []];
  const { count, pattern } = parseScanArgs(argv, 3, false);
  const [next, items] = store._hscanHash(h, cursor, pattern, count);
  return [next, items];
};

export const hashHandlers: HandlerMap = {
  hset: hsetCommand,
  hmset: hmsetCommand,
  hsetnx: hsetnxCommand,
  hget: hgetCommand,
  hmget: hmgetCommand,
  hdel: hdelCommand,
  hlen: hlenCommand,
  hstrlen: hstrlenCommand,
  hexists: hexistsCommand,
  hkeys: hkeysCommand,
  hvals: hvalsCommand,
  hgetall: hgetallCommand,
  hincrby: hincrbyCommand,
  hincrbyfloat: hincrbyfloatCommand,
  hrandfield: hrandfieldCommand,
  hscan: hscanCommand,
};

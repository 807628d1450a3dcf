// Every Redis error text, defined once. Handlers throw these; they never type an error string.
// Texts are Redis 7.0's (src/server.c shared objects, t_string.c, db.c, object.c, util.c).

/**
 * An error reply from a command, as Redis sends it: `message` is the full text, starting with
 * the error code (`ERR`, `WRONGTYPE`, ...).
 * @see https://redis.io/docs/reference/protocol-spec/#simple-errors
 */
export class ReplyError extends Error {
  override name = 'ReplyError';
  /** The first word of the message: `ERR`, `WRONGTYPE`, `EXECABORT` ... */
  get code(): string {
    const i = this.message.indexOf(' ');
    return i < 0 ? this.message : this.message.slice(0, i);
  }
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const NO_SUCH_KEY = 'ERR no such key';
export const DB_INDEX_OUT_OF_RANGE = 'ERR DB index is out of range';
export const SAME_OBJECT = 'ERR source and destination objects are the same';
export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
export const POSITIVE_OUT_OF_RANGE = 'ERR value is out of range, must be positive';
export const INVALID_CURSOR = 'ERR invalid cursor';

export const wrongArgs = (name: string): string => `ERR wrong number of arguments for '${name}' command`;
export const invalidExpireTime = (name: string): string => `ERR invalid expire time in '${name}' command`;

/** Throws a ReplyError with the given text. Returns `never` so callers can `return fail(...)`. */
export function fail(message: string): never {
  throw new ReplyError(message);
}
export const DECREMENT_OVERFLOW = 'ERR decrement would overflow';
export const LCS_NOT_STRINGS = 'ERR The specified keys must contain string values';
export const LCS_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
export const HASH_VALUE_NOT_INTEGER = 'ERR hash value is not an integer';
export const HASH_VALUE_NOT_FLOAT = 'ERR hash value is not a float';
/** HINCRBYFLOAT's increment is infinite (t_hash.c, before the key is looked up). */
export const VALUE_NAN_OR_INF = 'ERR value is NaN or Infinity';
/** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): HRANDFIELD's (and SRANDMEMBER's) count. */
export const RANDOM_COUNT_OUT_OF_RANGE =
  'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
/** HRANDFIELD WITHVALUES with a count beyond ±LONG_MAX/2 (its reply length would overflow). */
export const VALUE_OUT_OF_RANGE = 'ERR value is out of range';
/** SINTERCARD / ZINTERCARD / LMPOP numkeys below 1 or not an integer (the message replaces both). */
export const NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
/** SINTERCARD / ZINTERCARD numkeys beyond the arguments given. */
export const NUMKEYS_EXCEEDS_ARGS = "ERR Number of keys can't be greater than number of args";
/** SINTERCARD / ZINTERCARD LIMIT below 0 or not an integer (the message replaces both). */
export const LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
// Lists (t_list.c) and blocking commands (timeout.c, blocked.c).
export const INDEX_OUT_OF_RANGE = 'ERR index out of range';
export const LPOS_RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
export const LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
export const LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
/** LMPOP / BLMPOP (and ZMPOP) COUNT outside [1, LONG_MAX]. */
export const COUNT_NOT_POSITIVE = 'ERR count should be greater than 0';
export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';
/**
 * embedis's own: what a command still blocked when its Store is closed settles with (worded
 * like Redis's forced unblock, disconnectAllBlockedClients).
 */
export const UNBLOCKED_STORE_CLOSED = 'UNBLOCKED force unblock from blocking operation, the store was closed';
// Sorted sets (t_zset.c) and SORT (sort.c).
export const ZADD_XX_AND_NX = 'ERR XX and NX options at the same time are not compatible';
export const ZADD_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';
export const ZADD_INCR_SINGLE_PAIR = 'ERR INCR option supports a single increment-element pair';
/** ZINCRBY / ZADD INCR whose sum is NaN (+inf plus -inf). */
export const ZSCORE_NAN = 'ERR resulting score is not a number (NaN)';
/** zslParseRange failed: ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE, ZRANGE BYSCORE. */
export const MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
/** zslParseLexRange failed: ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX, ZRANGE BYLEX. */
export const MIN_MAX_NOT_STRING_RANGE = 'ERR min or max not valid string range item';
export const ZRANGE_LIMIT_NEEDS_BY =
  'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
export const ZRANGE_WITHSCORES_BYLEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
/** ZUNION / ZINTER (and their STORE forms) WEIGHTS that do not parse as doubles. */
export const WEIGHT_NOT_FLOAT = 'ERR weight value is not a float';
/** ZUNION / ZINTER / ZDIFF / ZINTERCARD (and the STORE forms) numkeys below 1. */
export const atLeastOneInputKey = (name: string): string =>
  `ERR at least 1 input key is needed for '${name}' command`;
/** SORT: an element (or BY value) is not a number without ALPHA. */
export const SORT_NOT_DOUBLE = "ERR One or more scores can't be converted into double";

/** XADD / XTRIM: MAXLEN below 0. */
export const XTRIM_MAXLEN_NEGATIVE = 'ERR The MAXLEN argument must be >= 0.';
/** XADD / XTRIM: LIMIT below 0. */
export const XTRIM_LIMIT_NEGATIVE = 'ERR The LIMIT argument must be >= 0.';
/** XADD / XTRIM: LIMIT with an exact trim. */
export const XTRIM_LIMIT_WITHOUT_APPROX =
  'ERR syntax error, LIMIT cannot be used without the special ~ option';
/** XADD / XTRIM: LIMIT without MAXLEN or MINID. */
export const XTRIM_LIMIT_WITHOUT_STRATEGY =
  'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy';
/** XADD / XTRIM: both MAXLEN and MINID. */
export const XTRIM_MAXLEN_AND_MINID =
  'ERR syntax error, MAXLEN and MINID options at the same time are not compatible';
/** XTRIM without MAXLEN or MINID. */
export const XTRIM_NO_STRATEGY = 'ERR syntax error, XTRIM must be called with a trimming strategy';
/** XSETID ENTRIESADDED below 0. */
export const XSETID_ENTRIES_ADDED_NEGATIVE = 'ERR entries_added must be positive';
/** XGROUP on a missing key (CREATE without MKSTREAM, and every other subcommand). */
export const XGROUP_NO_KEY =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';
/** XGROUP CREATE of a group that exists. */
export const BUSYGROUP = 'BUSYGROUP Consumer Group name already exists';
/** XGROUP SETID / CREATECONSUMER / DELCONSUMER of a missing group. */
export const noGroupForKey = (group: string, key: string): string =>
  `NOGROUP No such consumer group '${group}' for key name '${key}'`;
/** XPENDING (and XCLAIM, XAUTOCLAIM) on a missing key or group. */
export const noGroupForPending = (key: string, group: string): string =>
  `NOGROUP No such key '${key}' or consumer group '${group}'`;
/** XREADGROUP on a missing key or group. */
export const noGroupForRead = (key: string, group: string): string =>
  `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`;
/** A subcommand with the wrong arguments (addReplySubcommandSyntaxError). */
export const subcommandSyntax = (sub: string, command: string): string =>
  `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${command} HELP.`;
/** XGROUP CREATE / SETID ENTRIESREAD below -1. */
export const ENTRIES_READ_INVALID = 'ERR value for ENTRIESREAD must be positive or -1';
/** XREADGROUP with the `$` ID. */
export const XREADGROUP_DOLLAR =
  'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.';
/** XREAD with the `>` ID. */
export const XREAD_GT_WITHOUT_GROUP =
  'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.';
/** A blocked XREADGROUP whose group was destroyed. */
export const NOGROUP_BLOCKED = 'NOGROUP the consumer group this client was blocked on no longer exists';
/** XREAD with an odd number of arguments after STREAMS. */
export const XREAD_UNBALANCED =
  "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
/** XREAD with GROUP. */
export const XREAD_GROUP_OPTION =
  'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.';
/** XREAD with NOACK. */
export const XREAD_NOACK_OPTION =
  'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.';
/** XREADGROUP without GROUP. */
export const XREADGROUP_NO_GROUP = 'ERR Missing GROUP option for XREADGROUP';
/** XCLAIM's min-idle-time is not an integer. */
export const XCLAIM_BAD_MIN_IDLE = 'ERR Invalid min-idle-time argument for XCLAIM';
/** XCLAIM IDLE is not an integer. */
export const XCLAIM_BAD_IDLE = 'ERR Invalid IDLE option argument for XCLAIM';
/** XCLAIM TIME is not an integer. */
export const XCLAIM_BAD_TIME = 'ERR Invalid TIME option argument for XCLAIM';
/** XCLAIM RETRYCOUNT is not an integer. */
export const XCLAIM_BAD_RETRYCOUNT = 'ERR Invalid RETRYCOUNT option argument for XCLAIM';
/** XCLAIM with an argument that is neither an ID nor an option. */
export const xclaimBadOption = (opt: string): string => `ERR Unrecognized XCLAIM option '${opt}'`;
/** XAUTOCLAIM's min-idle-time is not an integer. */
export const XAUTOCLAIM_BAD_MIN_IDLE = 'ERR Invalid min-idle-time argument for XAUTOCLAIM';
/** XAUTOCLAIM COUNT below 1 (or too large). */
export const XAUTOCLAIM_COUNT = 'ERR COUNT must be > 0';
/** A blocked XREADGROUP whose stream was deleted. */
export const UNBLOCKED_STREAM_DELETED = 'UNBLOCKED the stream key no longer exists';

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
// Transactions (multi.c, server.c processCommand).
export const MULTI_NESTED = 'ERR MULTI calls can not be nested';
export const EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const WATCH_INSIDE_MULTI = 'ERR WATCH inside MULTI is not allowed';
/** EXEC after a command was rejected while queueing (shared.execaborterr). */
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
/** A `no-multi` command (SAVE, SHUTDOWN, SYNC, PSYNC) sent inside MULTI. */
export const NOT_ALLOWED_IN_MULTI = 'ERR Command not allowed inside a transaction';
// Pub/sub (pubsub.c, server.c processCommand) and keyspace notifications (config.c).
/** SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE from a client that expects one reply per command. */
export const subscribeDenied = (command: string): string =>
  `ERR ${command} isn't allowed for a DENY BLOCKING client`;
/** A RESP2 client with subscriptions sent a command other than the pub/sub ones. */
export const pubsubContext = (fullname: string): string =>
  `ERR Can't execute '${fullname}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
/** `notify-keyspace-events` with an unknown class character (the reason CONFIG SET gives). */
export const INVALID_EVENT_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
// RESP request parsing (networking.c processInlineBuffer / processMultibulkBuffer): the server
// replies one of these and closes the connection.
export const PROTO_TOO_BIG_INLINE = 'ERR Protocol error: too big inline request';
export const PROTO_UNBALANCED_QUOTES = 'ERR Protocol error: unbalanced quotes in request';
export const PROTO_TOO_BIG_MBULK_COUNT = 'ERR Protocol error: too big mbulk count string';
export const PROTO_INVALID_MBULK_LENGTH = 'ERR Protocol error: invalid multibulk length';
export const PROTO_UNAUTH_MBULK_LENGTH = 'ERR Protocol error: unauthenticated multibulk length';
export const PROTO_TOO_BIG_BULK_COUNT = 'ERR Protocol error: too big bulk count string';
export const PROTO_INVALID_BULK_LENGTH = 'ERR Protocol error: invalid bulk length';
export const PROTO_UNAUTH_BULK_LENGTH = 'ERR Protocol error: unauthenticated bulk length';
/** A multibulk argument that does not start with `$` (the byte is sent as it is). */
export const protoExpectedDollar = (got: string): string => `ERR Protocol error: expected '$', got '${got}'`;
// Connections (networking.c, acl.c, server.c).
/** A command other than AUTH, HELLO, QUIT, RESET … before authenticating (shared.noautherr). */
export const NOAUTH = 'NOAUTH Authentication required.';
export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const AUTH_WITHOUT_PASSWORD =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
export const HELLO_NOAUTH =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time';
export const NOPROTO = 'NOPROTO unsupported protocol version';
export const HELLO_PROTOVER_NOT_INTEGER = 'ERR Protocol version is not an integer or out of range';
export const helloSyntax = (option: string): string => `ERR Syntax error in HELLO option '${option}'`;
export const CLIENT_NAME_INVALID = 'ERR Client names cannot contain spaces, newlines or special characters.';
export const NO_SUCH_CLIENT = 'ERR No such client';
export const CLIENT_ID_NOT_POSITIVE = 'ERR client-id should be greater than 0';
export const INVALID_CLIENT_ID = 'ERR Invalid client ID';
export const unknownClientType = (type: string): string => `ERR Unknown client type '${type}'`;
export const noSuchUser = (user: string): string => `ERR No such user '${user}'`;
export const CLIENT_PAUSE_MODE = 'ERR CLIENT PAUSE mode must be WRITE or ALL';
export const CLIENT_UNBLOCK_REASON = 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR';
/** What a command unblocked by CLIENT UNBLOCK … ERROR replies. */
export const UNBLOCKED_BY_CLIENT = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
export const TRACKING_SINGLE_REDIRECT = 'ERR A client can only redirect to a single other client';
export const TRACKING_REDIRECT_MISSING = 'ERR The client ID you want redirect to does not exist';
export const TRACKING_PREFIX_NEEDS_BCAST = 'ERR PREFIX option requires BCAST mode to be enabled';
export const TRACKING_BCAST_SWITCH =
  "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.";
export const TRACKING_OPTIN_OPTOUT_BCAST = 'ERR OPTIN and OPTOUT are not compatible with BCAST';
export const TRACKING_OPTIN_AND_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
export const TRACKING_OPT_SWITCH =
  "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.";
export const CACHING_NOT_TRACKING =
  'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled';
export const CACHING_YES_NEEDS_OPTIN =
  'ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.';
export const CACHING_NO_NEEDS_OPTOUT =
  'ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.';
/** A new connection beyond `maxclients` (acceptCommonHandler): replied, then closed. */
export const MAX_CLIENTS = 'ERR max number of clients reached';
export const SHUTDOWN_NOT_IN_PROGRESS = 'ERR No shutdown in progress.';
export const SHUTDOWN_DENY_BLOCKING =
  "ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client";
export const SHUTDOWN_FAILED = 'ERR Errors trying to SHUTDOWN. Check logs.';
/** CLIENT TRACKING BCAST PREFIX overlapping a prefix the client already tracks. */
export const prefixOverlapsExisting = (prefix: string, existing: string): string =>
  `ERR Prefix '${prefix}' overlaps with an existing prefix '${existing}'. Prefixes for a single client must not overlap.`;
/** CLIENT TRACKING BCAST PREFIX overlapping another prefix of the same command. */
export const prefixOverlapsProvided = (prefix: string, other: string): string =>
  `ERR Prefix '${prefix}' overlaps with another provided prefix '${other}'. Prefixes for a single client must not overlap.`;
// Append-only file (server.c writeCommandsGetDiskErrorMessage, aof.c bgrewriteaofCommand).
/** A write command while the AOF cannot be written; `reason` is strerror() of the last error. */
export const aofWriteError = (reason: string): string => `MISCONF Errors writing to the AOF file: ${reason}`;
export const AOF_REWRITE_IN_PROGRESS = 'ERR Background append only file rewriting already in progress';
export const AOF_REWRITE_FAILED =
  "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.";
// Snapshots (rdb.c, server.c shared.bgsaveerr).
/** A write command while the last background save failed (stop-writes-on-bgsave-error yes). */
export const MISCONF_RDB =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";
export const BGSAVE_IN_PROGRESS = 'ERR Background save already in progress';
export const BGSAVE_CHILD_ACTIVE =
  "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";
/** EXEC refused before it ran (execCommandAbort): `reason` is the refusal without its `ERR `. */
export const execAbortBecauseOf = (reason: string): string =>
  `EXECABORT Transaction discarded because of: ${reason}`;
// CONFIG (config.c), INFO, SLOWLOG (slowlog.c), LATENCY (latency.c), MEMORY (object.c), DEBUG (debug.c).
// The reasons CONFIG SET gives for a refused value (`argument must be 'yes' or 'no'` ...) are
// config.c's per-type `*err` texts and live with the parameter kinds in src/config/.
/** CONFIG SET of a name that is no parameter (or an odd number of arguments in a config file). */
export const configUnknownOption = (name: string): string =>
  `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
/** CONFIG SET refused: `reason` is config.c's text for the argument ("can't set immutable config" ...). */
export const configSetFailed = (name: string, reason?: string): string =>
  reason === undefined
    ? `ERR CONFIG SET failed (possibly related to argument '${name}')`
    : `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;
/** CONFIG REWRITE without a configuration file (always, in embedis). */
export const CONFIG_NO_FILE = 'ERR The server is running without a config file';
/** SLOWLOG GET with a count that is not an integer >= -1. */
export const SLOWLOG_COUNT = 'ERR count should be greater than or equal to -1';
/** LATENCY GRAPH of an event with no samples. */
export const noLatencySamples = (event: string): string => `ERR No samples available for event '${event}'`;
/** DEBUG while `enable-debug-command` forbids it (processCommand's protected-command check). */
export const DEBUG_NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';
/** DEBUG RELOAD with an option other than MERGE, NOFLUSH, NOSAVE. */
export const DEBUG_RELOAD_OPTIONS = 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.';
/** DEBUG RELOAD whose save failed (shared.err). */
export const DEBUG_SAVE_FAILED = 'ERR';
/** DEBUG QUICKLIST-PACKED-THRESHOLD out of range. */
export const DEBUG_PACKED_THRESHOLD =
  'ERR argument must be a memory value bigger than 1 and smaller than 4gb';
/** DEBUG SDSLEN of a value that is not a string with an sds. */
export const DEBUG_NOT_SDS = 'ERR Not an sds encoded string.';
/** DEBUG LISTPACK of a value with another encoding. */
export const DEBUG_NOT_LISTPACK = 'ERR Not a listpack encoded object.';
/** DEBUG QUICKLIST of a value with another encoding. */
export const DEBUG_NOT_QUICKLIST = 'ERR Not a quicklist encoded object.';
/** DEBUG HTSTATS of a database index out of range. */
export const DEBUG_DB_OUT_OF_RANGE = 'ERR Out of range database';
/** DEBUG HTSTATS-KEY of a value that is not a hash table. */
export const DEBUG_NOT_HASHTABLE =
  'ERR The value stored at the specified key is not represented using an hash table';
/** DEBUG PROTOCOL with an unknown type. */
export const DEBUG_PROTOCOL_TYPE =
  'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false';
/** DEBUG PROTOCOL PUSH in RESP2. */
export const DEBUG_PROTOCOL_PUSH_RESP2 = 'ERR RESP2 is not supported by this command';
/** DEBUG CLIENT-EVICTION while maxmemory-clients is 0. */
export const DEBUG_NO_CLIENT_EVICTION = 'ERR maxmemory-clients is disabled.';
/** DEBUG CLUSTERLINK outside cluster mode. */
export const DEBUG_CLUSTER_ONLY = 'ERR Debug option only available for cluster mode enabled setup!';
/** DEBUG RESTART / CRASH-AND-RECOVER: an embedded store cannot restart its process. */
export const DEBUG_RESTART_FAILED = 'ERR failed to restart the server. Check server logs.';
/**
 * embedis's own: a DEBUG subcommand it does not do — one that would crash or restart the host
 * process (SEGFAULT, PANIC, ASSERT, OOM), or needs what an embedded store lacks.
 */
export const debugUnsupported = (what: string): string => `ERR DEBUG ${what} is not supported by embedis`;
/** DEBUG CONFIG-REWRITE-FORCE-ALL without a configuration file: Redis's rewriteConfig(NULL) fails with EFAULT. */
export const DEBUG_REWRITE_NO_FILE = 'ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address';
/** MONITOR from a client that expects one reply per command (inside EXEC, no connection). */
export const MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";
/** A keyspace command from a MONITOR client (Redis marks monitors as replicas: processCommand). */
export const REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
/** GETBIT / SETBIT offset that is not an integer, negative, or past proto-max-bulk-len bytes. */
export const BIT_OFFSET_OUT_OF_RANGE = 'ERR bit offset is not an integer or out of range';
/** SETBIT value other than 0 or 1. */
export const BIT_OUT_OF_RANGE = 'ERR bit is not an integer or out of range';

/** processCommand's reply to a `denyoom` command (or any queued in MULTI) over maxmemory (shared.oomerr). */
export const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
/** OBJECT FREQ while the maxmemory policy is not an LFU one. */
export const LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const LFU_NO_IDLETIME =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

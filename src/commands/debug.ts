// redis.io group "server", DEBUG (Redis 7.0 debug.c): the subcommands Redis's own test suites
// rely on — OBJECT, SLEEP, SET-ACTIVE-EXPIRE, RELOAD, DIGEST, DIGEST-VALUE, POPULATE, HTSTATS,
// QUICKLIST-PACKED-THRESHOLD, CHANGE-REPL-ID, ERROR ... — with Redis's replies and errors.
// Those that would crash or restart the process (SEGFAULT, PANIC, ASSERT, OOM, RESTART) refuse:
// an embedded store must never take its host down.
//
// DEBUG RELOAD means "save, flush, load back". embedis saves through its persistence manager
// (a memory-only store writes nothing) and then reloads in memory: every value is rebuilt as an
// RDB load builds it — strings get the encoding a loaded string has, compact encodings that
// grew past their limits are converted, hashtable sets / hashes / sorted sets that fit the
// thresholds come back compact — and access times restart, so OBJECT ENCODING and OBJECT
// IDLETIME answer after DEBUG RELOAD as they do on Redis.

import { FakeClock } from '../clock.js';
import { parseMemory } from '../config/config.js';
import { datasetDigest, valueDigest } from '../config/digest.js';
import { changeReplicationId } from '../config/info.js';
import { intsetBytes, jemallocSize, lpEntrySize } from '../config/memory-usage.js';
import {
  DEBUG_CLUSTER_ONLY,
  DEBUG_DB_OUT_OF_RANGE,
  DEBUG_NO_CLIENT_EVICTION,
  DEBUG_NOT_ALLOWED,
  DEBUG_NOT_HASHTABLE,
  DEBUG_NOT_LISTPACK,
  DEBUG_NOT_QUICKLIST,
  DEBUG_NOT_SDS,
  DEBUG_PACKED_THRESHOLD,
  DEBUG_PROTOCOL_PUSH_RESP2,
  DEBUG_PROTOCOL_TYPE,
  DEBUG_RELOAD_OPTIONS,
  DEBUG_RESTART_FAILED,
  DEBUG_REWRITE_NO_FILE,
  DEBUG_SAVE_FAILED,
  debugUnsupported,
  fail,
  NO_SUCH_KEY,
  POSITIVE_OUT_OF_RANGE,
  ReplyError,
  subcommandSyntax,
} from '../errors.js';
import { type Db, isCanonicalInt, stringEncoding, type Value } from '../keyspace/db.js';
import { formatListpackScore } from '../numbers/double.js';
import type { Store } from '../store.js';
import { Hash } from '../types/hash.js';
import { List } from '../types/list.js';
import { RedisSet } from '../types/set.js';
import { Stream } from '../types/stream.js';
import { SortedSet } from '../types/zset.js';
import { isToken, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { DoubleReply, helpReply, OK, type Reply, SetReply, StatusReply, VerbatimReply } from './reply.js';

const DEBUG_HELP = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'AOF-FLUSH-SLEEP <microsec>',
  '    Server will sleep before flushing the AOF, this is used for testing.',
  'ASSERT',
  '    Crash by assertion failed.',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'CRASH-AND-RECOVER [<milliseconds>]',
  '    Hard crash and restart after a <milliseconds> delay (default 0).',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LEAK <string>',
  '    Create a memory leak of the input string.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'HTSTATS <dbid>',
  '    Return hash table statistics of the specified Redis database.',
  'HTSTATS-KEY <key>',
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'REPLICATE <string>',
  '    Replicates the provided string to replicas, allowing data divergence.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'DROP-CLUSTER-PACKET-FILTER <packet-type>',
  '    Drop all packets that match the filtered type. Set to -1 allow all packets.',
  'OOM',
  '    Crash the server simulating an out-of-memory error.',
  'PANIC',
  '    Crash the server simulating a panic.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  "    it is used instead of the 'key' prefix. These are not propagated to",
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'RESTART [<milliseconds>]',
  '    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).',
  'SDSLEN <key>',
  '    Show low level SDS string info representing `key` and value.',
  'SEGFAULT',
  '    Crash the server with sigsegv.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'STRUCTSIZE',
  '    Return the size of different Redis core C structures.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'CLIENT-EVICTION',
  '    Show low level client eviction pools info (maxmemory-clients).',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
  'CLUSTERLINK KILL <to|from|all> <node-id>',
  '    Kills the link based on the direction to/from (both) with the provided node.',
  'HELP',
  '    Prints this help.',
];

/** C's atoi: leading spaces, a sign, digits; 0 when none. */
function atoi(s: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(s);
  return m === null ? 0 : Number.parseInt(m[1]!, 10) | 0;
}

/** C's strtod prefix parse: 0 when nothing parses (DEBUG SLEEP never errors). */
function strtodPrefix(s: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(s);
  return m === null ? 0 : Number(m[1]);
}

/** The value at `key` as Redis's DEBUG OBJECT finds it: dictFind, expired or not. */
function rawLookup(store: Store, key: string): Value | undefined {
  return store.db.dict.get(key);
}

/** objectCommandLookupOrReply: a lookup that expires, without touching; `ERR no such key`. */
function lookupOrFail(store: Store, key: string): Value {
  const v = store.lookupNoTouch(store.db, key);
  if (v === undefined) fail(NO_SUCH_KEY);
  return v;
}

// ---- OBJECT --------------------------------------------------------------------------------

/** A stable fake address per (db, key), so `Value at:` stays the same while a key is updated in place. */
function fakeAddress(db: number, key: string): string {
  let h = 0x811c9dc5 ^ db;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return `0x7f${(h >>> 0).toString(16).padStart(8, '0')}${((db * 16 + key.length) & 0xff).toString(16).padStart(2, '0')}`;
}

/** rdbSaveLen's size for a length. */
const rdbLenSize = (n: number): number => (n < 64 ? 1 : n < 16384 ? 2 : n <= 0xffffffff ? 5 : 9);

/** rdbSaveStringObject's size, without LZF (Redis compresses strings over 20 bytes when it can). */
function rdbStringSize(s: string): number {
  if (s.length <= 11 && isCanonicalInt(s)) {
    const v = Number(s);
    if (v >= -128 && v <= 127) return 2;
    if (v >= -32768 && v <= 32767) return 3;
    if (v >= -2147483648 && v <= 2147483647) return 5;
  }
  return rdbLenSize(s.length) + s.length;
}

/** rdbSavedObjectLen, approximated: compact encodings as the blob Redis writes, others element by element. */
function serializedLength(value: Value): number {
  if (typeof value === 'string') return rdbStringSize(value);
  const blob = (items: Iterable<string>): number => {
    let n = 7;
    for (const s of items) n += lpEntrySize(s);
    return rdbLenSize(n) + n;
  };
  if (value instanceof List) {
    // One listpack per quicklist node; a single node for small lists.
    return rdbLenSize(1) + 1 + blob(value);
  }
  if (value instanceof RedisSet) {
    const members = value.members();
    if (value.isIntset) {
      const n = intsetBytes(members);
      return rdbLenSize(n) + n;
    }
    return members.reduce((a, m) => a + rdbStringSize(m), rdbLenSize(members.length));
  }
  if (value instanceof Hash) {
    const flat: string[] = [];
    for (const [f, v] of value.map) flat.push(f, v);
    if (value.encoding() === 'listpack') return blob(flat);
    return flat.reduce((a, s) => a + rdbStringSize(s), rdbLenSize(value.map.size));
  }
  if (value instanceof SortedSet) {
    const flat: string[] = [];
    for (const [m, s] of value.entries()) flat.push(m, formatListpackScore(s));
    if (value.encoding() === 'listpack') return blob(flat);
    // ZSET_2: members as strings, scores as 8-byte binary doubles.
    let n = rdbLenSize(value.size);
    for (const [m] of value.entries()) n += rdbStringSize(m) + 8;
    return n;
  }
  if (value instanceof Stream) {
    let n = rdbLenSize(value.nodeCount);
    for (let i = value.head; i < value.nodes.length; i++) {
      const b = value.nodes[i]!.lpBytes();
      n += 17 + rdbLenSize(b) + b;
    }
    return n + 40;
  }
  return 0;
}

/** DEBUG OBJECT <key>: Redis's one-line description of a value. */
function debugObject(store: Store, key: string): StatusReply {
  const db = store.db;
  const value = rawLookup(store, key);
  if (value === undefined) fail(NO_SUCH_KEY);
  const bytes = typeof value === 'string' ? db.bytes(value) : value;
  const encoding =
    typeof bytes === 'string' ? stringEncoding(bytes, db.encodings.get(key)) : bytes.encoding();
  const now = store.clock.now();
  const last = db.access?.get(key) ?? now;
  // The 24-bit LRU clock the object was stamped with, in seconds (LRU_CLOCK_RESOLUTION 1000 ms).
  const lru = Math.floor(last / 1000) & 0xffffff;
  const idle = Math.max(0, Math.floor(now / 1000) - Math.floor(last / 1000));
  let extra = '';
  if (bytes instanceof List) {
    const sizes = quicklistNodes(bytes);
    const fill = store.config.get('list-max-listpack-size');
    const compressed = store.config.get('list-compress-depth') !== 0 ? 1 : 0;
    const avg = sizes.length === 0 ? 0 : bytes.length / sizes.length;
    extra =
      ` ql_nodes:${sizes.length} ql_avg_node:${avg.toFixed(2)} ql_listpack_max:${fill}` +
      ` ql_compressed:${compressed} ql_uncompressed_size:${sizes.reduce((a, b) => a + b, 0)}`;
  }
  const refcount = refcountOf(bytes);
  return new StatusReply(
    `Value at:${fakeAddress(db.id, key)} refcount:${refcount} encoding:${encoding} ` +
      `serializedlength:${serializedLength(bytes)} lru:${lru} lru_seconds_idle:${idle}${extra}`,
  );
}

/** OBJ_SHARED_REFCOUNT for the shared integers 0..9999 (OBJ_SHARED_INTEGERS), else 1. */
function refcountOf(value: Value): number {
  if (typeof value === 'string' && isCanonicalInt(value) && value.length <= 4 && !value.startsWith('-')) {
    return 2147483647;
  }
  return 1;
}

/** list-max-listpack-size -2: the listpack sizes of the 8 kB quicklist nodes a list fills. */
function quicklistNodes(list: List): number[] {
  const nodes: number[] = [];
  let bytes = 7;
  let count = 0;
  for (const item of list) {
    const e = lpEntrySize(item);
    if (count > 0 && bytes + e > 8192) {
      nodes.push(bytes);
      bytes = 7;
      count = 0;
    }
    bytes += e;
    count++;
  }
  if (count > 0) nodes.push(bytes);
  return nodes;
}

// ---- RELOAD --------------------------------------------------------------------------------

/**
 * A value as an RDB load builds it (rdbLoadObject): compact encodings that outgrew their limit
 * are converted, hashtable encodings that fit the limits come back compact.
 */
function reloaded(store: Store, value: Value): Value {
  if (value instanceof RedisSet) {
    if (value.isIntset) {
      return value.size > store.setLimits.maxIntsetEntries
        ? RedisSet.from(value.members(), store.setLimits)
        : value;
    }
    value.reencode();
    return value;
  }
  if (value instanceof Hash) {
    if (value.encoding() === 'listpack' && value.size <= store.hashLimits.maxListpackEntries) return value;
    return Hash.from(value.map, store.hashLimits);
  }
  if (value instanceof SortedSet) {
    if (value.encoding() === 'listpack') {
      if (value.size > store.zsetLimits.maxListpackEntries) value.convertToSkiplist();
    } else {
      value.convertToListpackIfNeeded();
    }
    return value;
  }
  return value;
}

/** Rebuilds every value as a save + load would, signalling every key (WATCH), propagating nothing. */
function reloadInMemory(store: Store): void {
  const now = store.clock.now();
  for (const db of store.dbs) {
    for (const [key, value] of [...db.dict]) {
      store.cow?.beforeWrite(db, key);
      if (typeof value === 'string') {
        // A loaded string goes through tryObjectEncoding: its encoding follows from its bytes.
        db.encodings.delete(key);
      } else {
        const next = reloaded(store, value);
        if (next !== value) db.dict.set(key, next);
      }
      if (db.access !== null) db.access.set(key, now);
      store.effects.touch(db.id, key);
    }
  }
}

function debugReload(store: Store, argv: string[]): Reply {
  let save = true;
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isToken(opt, 'NOSAVE')) save = false;
    else if (!isToken(opt, 'MERGE') && !isToken(opt, 'NOFLUSH')) fail(DEBUG_RELOAD_OPTIONS);
  }
  if (save) {
    try {
      store.persistence.save();
    } catch (e) {
      if (e instanceof ReplyError) throw e;
      fail(DEBUG_SAVE_FAILED);
    }
  }
  reloadInMemory(store);
  return OK;
}

// ---- SLEEP ---------------------------------------------------------------------------------

/** Blocks the thread for `ms` (Redis's nanosleep: nothing else runs meanwhile). */
function sleepSync(ms: number): void {
  if (ms <= 0) return;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    // No Atomics.wait on this thread (a browser's main thread): spin.
    const end = Date.now() + ms;
    while (Date.now() < end) {
      // busy wait
    }
  }
}

function debugSleep(store: Store, seconds: number): Reply {
  const us = Math.trunc(seconds * 1_000_000);
  if (us <= 0) return OK;
  // With a FakeClock time passes by advancing it: tests never sleep.
  if (store.clock instanceof FakeClock) store.clock.advance(us / 1000);
  else sleepSync(us / 1000);
  return OK;
}

// ---- POPULATE ------------------------------------------------------------------------------

/** getPositiveLongFromObjectOrReply: an integer >= 0. */
function positiveLong(arg: string): number {
  const n = parseInteger(arg, POSITIVE_OUT_OF_RANGE);
  if (n < 0) fail(POSITIVE_OUT_OF_RANGE);
  return n;
}

function debugPopulate(store: Store, argv: string[]): Reply {
  const count = positiveLong(argv[2]!);
  const valsize = argv.length === 5 ? positiveLong(argv[4]!) : 0;
  const prefix = argv.length >= 4 ? argv[3]! : 'key';
  const db = store.db;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (store.lookupWrite(key) !== undefined) continue;
    let val = `value:${j}`;
    // A sized value is zero-filled, then the "value:N" text copied over its start.
    if (valsize !== 0)
      val = valsize <= val.length ? val.slice(0, valsize) : val + '\0'.repeat(valsize - val.length);
    store.setKey(db, key, val);
    store.effects.unlogged++;
  }
  return OK;
}

// ---- HTSTATS -------------------------------------------------------------------------------

/**
 * dictGetStats for a dict of `n` entries. embedis's maps have no chains to count, so the
 * report is the one of an ideal hash table of Redis's size for `n` (every entry in its own slot).
 */
function dictStats(n: number): string {
  if (n === 0) return 'Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n';
  let size = 4;
  while (size < n) size *= 2;
  const pct = (x: number): string => ((x / size) * 100).toFixed(2);
  let out =
    'Hash table 0 stats (main hash table):\n' +
    ` table size: ${size}\n number of elements: ${n}\n different slots: ${n}\n max chain length: 1\n` +
    ' avg chain length (counted): 1.00\n avg chain length (computed): 1.00\n Chain length distribution:\n';
  if (size > n) out += `   0: ${size - n} (${pct(size - n)}%)\n`;
  out += `   1: ${n} (${pct(n)}%)\n`;
  return out;
}

function debugHtstatsKey(store: Store, key: string): Reply {
  const v = lookupOrFail(store, key);
  let n = -1;
  if (v instanceof RedisSet && !v.isIntset) n = v.size;
  else if (v instanceof Hash && v.encoding() === 'hashtable') n = v.size;
  else if (v instanceof SortedSet && v.encoding() === 'skiplist') n = v.size;
  if (n < 0) fail(DEBUG_NOT_HASHTABLE);
  return new VerbatimReply('txt', dictStats(n));
}

function debugHtstats(store: Store, arg: string): Reply {
  const id = parseInteger(arg);
  const db: Db | undefined = store.dbs[id];
  if (id < 0 || db === undefined) fail(DEBUG_DB_OUT_OF_RANGE);
  return new VerbatimReply(
    'txt',
    `[Dictionary HT]\n${dictStats(db.dict.size)}[Expires HT]\n${dictStats(db.expires.size)}`,
  );
}

// ---- PROTOCOL ------------------------------------------------------------------------------

function debugProtocol(argv: string[], protocol: 2 | 3): Reply {
  const name = argv[2]!.toLowerCase();
  switch (name) {
    case 'string':
      return 'Hello World';
    case 'integer':
      return 12345;
    case 'double':
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: DEBUG PROTOCOL's literal 3.141, not pi
      return new DoubleReply(3.141, '3.141');
    case 'null':
      return null;
    case 'array':
      return [0, 1, 2];
    case 'set':
      return new SetReply([0, 1, 2]);
    case 'verbatim':
      return new VerbatimReply('txt', 'This is a verbatim\nstring');
    case 'attrib':
      // The attribute itself (RESP3 only) has no Reply shape yet: the real reply alone follows.
      return 'Some real reply following the attribute';
    case 'push':
      if (protocol < 3) fail(DEBUG_PROTOCOL_PUSH_RESP2);
      return fail(debugUnsupported(`PROTOCOL ${name}`));
    case 'bignum':
    case 'map':
    case 'true':
    case 'false':
      return fail(debugUnsupported(`PROTOCOL ${name}`));
    default:
      return fail(DEBUG_PROTOCOL_TYPE);
  }
}

// ---- the command ---------------------------------------------------------------------------

/** DEBUG <subcommand> [args]: see the file header. */
export const debugCommand: Handler = (store, argv, session) => {
  // processCommand's protected-command check (enable-debug-command): in-process callers are local.
  if (store.config.get('enable-debug-command') === 'no') fail(DEBUG_NOT_ALLOWED);
  const sub = argv[1]!.toLowerCase();
  const argc = argv.length;
  switch (sub) {
    case 'help':
      if (argc === 2) return helpReply(DEBUG_HELP);
      break;
    case 'segfault':
    case 'panic':
    case 'assert':
    case 'oom':
      return fail(debugUnsupported(sub.toUpperCase()));
    case 'restart':
    case 'crash-and-recover':
      if (argc >= 3) parseInteger(argv[2]!);
      return fail(DEBUG_RESTART_FAILED);
    case 'log':
    case 'leak':
      if (argc === 3) return OK;
      break;
    case 'reload':
      return debugReload(store, argv);
    case 'loadaof':
      // Without an AOF to replay, a flush + load of the same data: the in-memory round trip.
      reloadInMemory(store);
      return OK;
    case 'drop-cluster-packet-filter':
      if (argc === 3) {
        parseInteger(argv[2]!);
        return OK;
      }
      break;
    case 'object':
      if (argc === 3) return debugObject(store, argv[2]!);
      break;
    case 'sdslen':
      if (argc === 3) return debugSdslen(store, argv[2]!);
      break;
    case 'listpack':
      if (argc === 3) {
        const v = lookupOrFail(store, argv[2]!);
        if (typeof v === 'string' || v.encoding() !== 'listpack') fail(DEBUG_NOT_LISTPACK);
        return new StatusReply('Listpack structure printed on stdout');
      }
      break;
    case 'quicklist':
      if (argc === 3 || argc === 4) {
        const v = lookupOrFail(store, argv[2]!);
        if (typeof v === 'string' || v.encoding() !== 'quicklist') fail(DEBUG_NOT_QUICKLIST);
        return new StatusReply('Quicklist structure printed on stdout');
      }
      break;
    case 'populate':
      if (argc >= 3 && argc <= 5) return debugPopulate(store, argv);
      break;
    case 'digest':
      if (argc === 2) return new StatusReply(datasetDigest(store.dbs));
      break;
    case 'digest-value':
      return argv.slice(2).map((k) => new StatusReply(valueDigest(store.db, k)));
    case 'protocol':
      if (argc === 3) return debugProtocol(argv, session.protocol);
      break;
    case 'sleep':
      if (argc === 3) return debugSleep(store, strtodPrefix(argv[2]!));
      break;
    case 'set-active-expire':
      if (argc === 3) {
        store.setActiveExpire(atoi(argv[2]!) !== 0);
        return OK;
      }
      break;
    case 'quicklist-packed-threshold':
      if (argc === 3) {
        const sz = parseMemory(argv[2]!);
        // quicklistisSetPackedThreshold: at most 4 GB - 1 MB; 0 restores the 1 GB default.
        if (sz === null || sz > 2n ** 32n - 2n ** 20n) fail(DEBUG_PACKED_THRESHOLD);
        return OK;
      }
      break;
    case 'set-skip-checksum-validation':
    case 'aof-flush-sleep':
    case 'set-disable-deny-scripts':
    case 'pause-cron':
      if (argc === 3) return OK;
      break;
    case 'replicate':
      if (argc >= 3) return OK;
      break;
    case 'error':
      // The text as the error, code included: `DEBUG ERROR "FOO bar"` replies `-FOO bar`.
      if (argc === 3) return new ReplyError(argv[2]!.replace(/[\r\n]/g, ' '));
      break;
    case 'structsize':
      if (argc === 2) {
        return 'bits:64 robj:16 dictentry:24 sdshdr5:1 sdshdr8:3 sdshdr16:5 sdshdr32:9 sdshdr64:17 ';
      }
      break;
    case 'htstats':
      if (argc === 3) return debugHtstats(store, argv[2]!);
      break;
    case 'htstats-key':
      if (argc === 3) return debugHtstatsKey(store, argv[2]!);
      break;
    case 'change-repl-id':
      if (argc === 2) {
        changeReplicationId(store);
        return OK;
      }
      break;
    case 'stringmatch-test':
      if (argc === 2) return new StatusReply('Apparently Redis did not crash: test passed');
      break;
    case 'config-rewrite-force-all':
      // There is no configuration file to rewrite: Redis's answer without one.
      if (argc === 2) return fail(DEBUG_REWRITE_NO_FILE);
      break;
    case 'client-eviction':
      if (argc === 2) return fail(DEBUG_NO_CLIENT_EVICTION);
      break;
    case 'replybuffer':
      if (argc === 4) {
        const what = argv[2]!.toLowerCase();
        if (what === 'peak-reset-time') {
          const v = argv[3]!.toLowerCase();
          if (v !== 'never' && v !== 'reset') parseInteger(argv[3]!);
          return OK;
        }
        if (what === 'resizing') return OK;
        return fail(subcommandSyntax(argv[1]!, argv[0]!.toUpperCase()));
      }
      break;
    case 'clusterlink':
      if (argc === 5 && isToken(argv[2]!, 'KILL')) return fail(DEBUG_CLUSTER_ONLY);
      break;
  }
  return fail(subcommandSyntax(argv[1]!, argv[0]!.toUpperCase()));
};

function debugSdslen(store: Store, key: string): Reply {
  const db = store.db;
  const v = rawLookup(store, key);
  if (v === undefined) fail(NO_SUCH_KEY);
  if (typeof v !== 'string') fail(DEBUG_NOT_SDS);
  const bytes = db.bytes(v);
  const enc = stringEncoding(bytes, db.encodings.get(key));
  if (enc === 'int') fail(DEBUG_NOT_SDS);
  const hdr = (n: number): number => (n < 32 ? 1 : n < 256 ? 3 : n < 65536 ? 5 : 9);
  const keyAlloc = jemallocSize(hdr(key.length) + key.length + 1);
  // getStringObjectSdsUsedMemory: an embstr's sds shares its robj's allocation.
  const valAlloc =
    enc === 'embstr'
      ? jemallocSize(16 + 3 + bytes.length + 1) - 16
      : jemallocSize(hdr(bytes.length) + bytes.length + 1);
  return new StatusReply(
    `key_sds_len:${key.length}, key_sds_avail:0, key_zmalloc: ${keyAlloc}, ` +
      `val_sds_len:${bytes.length}, val_sds_avail:0, val_zmalloc: ${valAlloc}`,
  );
}

/** The DEBUG command (one handler: Redis's DEBUG has no subcommand table). */
export const debugHandlers: HandlerMap = {
  debug: debugCommand,
};

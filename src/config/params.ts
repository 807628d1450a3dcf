// Every configuration parameter of Redis 7.0.15 (config.c's static_configs table): name, alias,
// kind, bounds, default and flags, so CONFIG GET * lists what Redis lists and CONFIG SET
// validates every argument with Redis's error texts. Most are stored and reported only; the ones
// embedis honours get hooks from their owners (see store-config.ts and the README of each module).
//
// embedis's own defaults, where an in-process store differs from a redis-server started without
// a config file: `port` 0 and `bind` "" (no listener until the server reports its own; CONFIG SET
// to another value is refused, see store-config.ts), `save` "" (no save points until persistence
// binds it), `dir` the process's working
// directory, and `enable-debug-command` / `enable-protected-configs` "yes" (the host process owns
// the store: DEBUG and CONFIG SET dir are allowed, as in Redis's own test configuration).

import { INVALID_EVENT_CLASS } from '../errors.js';
import { keyspaceEventsFlagsToString, keyspaceEventsStringToFlags } from '../pubsub/keyspace-events.js';
import {
  boolParam,
  type EnumChoice,
  enumParam,
  numericParam,
  ParamFlags,
  parseMemory,
  specialParam,
  stringParam,
} from './config.js';

const { IMMUTABLE, SENSITIVE, DEBUG, MULTI_ARG, HIDDEN, PROTECTED, DENY_LOADING, VOLATILE } = ParamFlags;

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
/** LONG_MAX, LLONG_MAX and SSIZE_MAX on a 64-bit build. */
const LONG_MAX = 9223372036854775807n;
/** Stored in Redis's signed bound field as -1: checked as unsigned. */
const ULLONG_MAX = -1n;

// ---- enums (config.c's configEnum tables, in Redis's order: error texts list them so) ----------

const SUPERVISED: EnumChoice[] = [
  ['upstart', 1],
  ['systemd', 2],
  ['auto', 3],
  ['no', 0],
];
const SYSLOG_FACILITY: EnumChoice[] = [
  ['user', 8],
  ['local0', 128],
  ['local1', 136],
  ['local2', 144],
  ['local3', 152],
  ['local4', 160],
  ['local5', 168],
  ['local6', 176],
  ['local7', 184],
];
const LOGLEVEL: EnumChoice[] = [
  ['debug', 0],
  ['verbose', 1],
  ['notice', 2],
  ['warning', 3],
];
const MAXMEMORY_POLICY: EnumChoice[] = [
  ['volatile-lru', 1],
  ['volatile-lfu', 2],
  ['volatile-random', 3],
  ['volatile-ttl', 4],
  ['allkeys-lru', 5],
  ['allkeys-lfu', 6],
  ['allkeys-random', 7],
  ['noeviction', 8],
];
const APPENDFSYNC: EnumChoice[] = [
  ['everysec', 2],
  ['always', 1],
  ['no', 0],
];
/** Bit flags: `default` is 0. */
const SHUTDOWN_ON_SIGNAL: EnumChoice[] = [
  ['default', 0],
  ['save', 1],
  ['nosave', 2],
  ['now', 4],
  ['force', 8],
];
const REPL_DISKLESS_LOAD: EnumChoice[] = [
  ['disabled', 0],
  ['on-empty-db', 1],
  ['swapdb', 2],
];
const TLS_AUTH_CLIENTS: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['optional', 2],
];
const OOM_SCORE_ADJ: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['relative', 1],
  ['absolute', 2],
];
const ACL_PUBSUB_DEFAULT: EnumChoice[] = [
  ['allchannels', 1],
  ['resetchannels', 0],
];
const SANITIZE_DUMP_PAYLOAD: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['clients', 2],
];
const PROTECTED_ACTION: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['local', 2],
];
const ENDPOINT_TYPE: EnumChoice[] = [
  ['ip', 0],
  ['hostname', 1],
  ['unknown-endpoint', 2],
];
const PROPAGATION_ERROR_BEHAVIOR: EnumChoice[] = [
  ['ignore', 0],
  ['panic', 1],
  ['panic-on-replicas', 2],
];

// ---- validation (config.c's is_valid functions) -----------------------------------------------

/** What Redis answers when built without its defragmenting allocator, as embedis is. */
const NO_ACTIVE_DEFRAG =
  'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution';

const isBaseName = (v: string): boolean => !v.includes('/') && !v.includes('\\');

function validDbFilename(v: string): string | undefined {
  return isBaseName(v) ? undefined : "dbfilename can't be a path, just a filename";
}

function validAofFilename(v: string): string | undefined {
  if (v === '') return "appendfilename can't be empty";
  return isBaseName(v) ? undefined : "appendfilename can't be a path, just a filename";
}

function validAofDirname(v: string): string | undefined {
  if (v === '') return "appenddirname can't be empty";
  return isBaseName(v) ? undefined : "appenddirname can't be a path, just a dirname";
}

function validHostname(v: string): string | undefined {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters';
  if (!/^[A-Za-z0-9.-]*$/.test(v))
    return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return undefined;
}

/** The variables of proc-title-template, expanded as Redis expands them while validating (title ""). */
const PROC_TITLE_VARIABLES: Record<string, string> = {
  title: '',
  'listen-addr': '*:6379',
  'server-mode': '',
  'config-file': '-',
  port: '6379',
  'tls-port': '0',
  unixsocket: '',
};

/** sdstemplate + validateProcTitleTemplate: known `{variables}`, `{{` for a brace, non-empty result. */
function validProcTitleTemplate(v: string): string | undefined {
  const invalid = 'template format is invalid or contains unknown variables';
  let out = '';
  let p = 0;
  while (p < v.length) {
    const sv = v.indexOf('{', p);
    if (sv < 0) {
      out += v.slice(p);
      break;
    }
    out += v.slice(p, sv);
    if (sv + 1 >= v.length) return invalid;
    if (v[sv + 1] === '{') {
      out += '{';
      p = sv + 2;
      continue;
    }
    const ev = v.indexOf('}', sv + 1);
    if (ev < 0) return invalid;
    const value = PROC_TITLE_VARIABLES[v.slice(sv + 1, ev)];
    if (value === undefined) return invalid;
    out += value;
    p = ev + 1;
  }
  return out.length === 0 ? invalid : undefined;
}

function validShutdownFlags(bits: number): string | undefined {
  return (bits & 1) !== 0 && (bits & 2) !== 0
    ? "shutdown options SAVE and NOSAVE can't be used simultaneously"
    : undefined;
}

/** updateHZ: the server runs between 1 and 500 cycles a second, and CONFIG GET shows the clamped value. */
const clampHz = (v: bigint): bigint => (v < 1n ? 1n : v > 500n ? 500n : v);

// ---- special parameters --------------------------------------------------------------------------

/** C's strtoll with a full-consumption check: optional spaces and sign, digits (none is 0). */
function strtollFull(s: string): bigint | null {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d*)$/.exec(s);
  if (m === null) return null;
  if (m[2] === '' && m[1] !== '') return null;
  const v = m[2] === '' ? 0n : BigInt(m[2]!);
  return m[1] === '-' ? -v : v;
}

/** setConfigSaveOption: pairs of `<seconds> <changes>`, seconds >= 1, changes >= 0. */
function parseSave(args: readonly string[]): string | { error: string } {
  const invalid = { error: 'Invalid save parameters' };
  if (args.length % 2 !== 0) return invalid;
  const out: string[] = [];
  for (let j = 0; j < args.length; j++) {
    const v = strtollFull(args[j]!);
    if (v === null || (j % 2 === 0 && v < 1n) || (j % 2 === 1 && v < 0n)) return invalid;
    out.push(v.toString());
  }
  return out.join(' ');
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;

/** updateClientOutputBufferLimit: `<class> <hard> <soft> <soft-seconds>` groups; other classes keep their limits. */
function parseOutputBufferLimit(args: readonly string[], current: string): string | { error: string } {
  if (args.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const parts = current.split(' ');
  const limits = new Map<string, string[]>();
  for (let i = 0; i + 3 < parts.length; i += 4) limits.set(parts[i]!, parts.slice(i + 1, i + 4));
  const next = new Map(limits);
  for (let j = 0; j < args.length; j += 4) {
    let cls = args[j]!.toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!(OBUF_CLASSES as readonly string[]).includes(cls)) {
      return { error: 'Invalid client class specified in buffer limit configuration.' };
    }
    const hard = parseMemory(args[j + 1]!);
    const soft = parseMemory(args[j + 2]!);
    const secs = strtollFull(args[j + 3]!);
    if (hard === null || soft === null || secs === null || secs < 0n) {
      return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    next.set(cls, [hard.toString(), soft.toString(), secs.toString()]);
  }
  return OBUF_CLASSES.map((c) => `${c} ${next.get(c)!.join(' ')}`).join(' ');
}

/** setConfigOOMScoreAdjValuesOption: three values in [-2000, 2000]. */
function parseOomScoreAdjValues(args: readonly string[]): string | { error: string } {
  if (args.length !== 3) return { error: 'wrong number of arguments' };
  const out: string[] = [];
  for (const a of args) {
    const v = strtollFull(a);
    if (v === null || v < -2000n || v > 2000n) {
      return { error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
    }
    out.push(v.toString());
  }
  return out.join(' ');
}

function parseNotify(args: readonly string[]): string | { error: string } {
  const flags = keyspaceEventsStringToFlags(args[0] ?? '');
  if (flags === -1) return { error: INVALID_EVENT_CLASS };
  return keyspaceEventsFlagsToString(flags);
}

function parseBind(args: readonly string[]): string | { error: string } {
  if (args.length > 16) return { error: 'Too many bind addresses specified.' };
  // A single empty argument means no address.
  return args.length === 1 && args[0] === '' ? '' : args.join(' ');
}

function parseReplicaOf(args: readonly string[]): string | { error: string } {
  if (args.length !== 2) return { error: 'wrong number of arguments' };
  if (args[0]!.toLowerCase() === 'no' && args[1]!.toLowerCase() === 'one') return '';
  const port = /^-?\d+$/.test(args[1]!) ? Number(args[1]) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) return { error: 'Invalid master port' };
  return `${args[0]} ${port}`;
}

/** Redis's string2d: a full decimal (or inf) with no surrounding space, not NaN. */
function parseDouble(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?inf(inity)?$/i.test(s)) return null;
  return /inf/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s);
}

/** printf's %f, then trimDoubleString's trailing-zero cut. */
function formatPercentile(p: number): string {
  return p.toFixed(6).replace(/\.?0+$/, '');
}

function parsePercentiles(args: readonly string[]): string | { error: string } {
  if (args.length === 1 && args[0] === '') return '';
  const out: string[] = [];
  for (const a of args) {
    const p = parseDouble(a);
    if (p === null) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
    if (p > 100 || p < 0)
      return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
    out.push(formatPercentile(p));
  }
  return out.join(' ');
}

function parseDir(args: readonly string[]): string | { error: string } {
  return args.length !== 1 ? { error: 'wrong number of arguments' } : args[0]!;
}

/** The process's working directory when the runtime has one (Node), else "". */
function workingDirectory(): string {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  try {
    return proc?.cwd?.() ?? '';
  } catch {
    return '';
  }
}

/**
 * Redis 7.0.15's parameters, in config.c's order. `dir`'s default is read when the table is
 * built (once per process).
 */
export const STANDARD_PARAMS = [
  boolParam('rdbchecksum', true, { flags: IMMUTABLE }),
  boolParam('daemonize', false, { flags: IMMUTABLE }),
  boolParam('io-threads-do-reads', false, { flags: IMMUTABLE | DEBUG }),
  boolParam('always-show-logo', false, { flags: IMMUTABLE }),
  boolParam('protected-mode', true),
  boolParam('rdbcompression', true),
  boolParam('rdb-del-sync-files', false),
  boolParam('activerehashing', true),
  boolParam('stop-writes-on-bgsave-error', true),
  boolParam('set-proc-title', true, { flags: IMMUTABLE }),
  boolParam('dynamic-hz', true),
  boolParam('lazyfree-lazy-eviction', false, { flags: DEBUG }),
  boolParam('lazyfree-lazy-expire', false, { flags: DEBUG }),
  boolParam('lazyfree-lazy-server-del', false, { flags: DEBUG }),
  boolParam('lazyfree-lazy-user-del', false, { flags: DEBUG }),
  boolParam('lazyfree-lazy-user-flush', false, { flags: DEBUG }),
  boolParam('repl-disable-tcp-nodelay', false),
  boolParam('repl-diskless-sync', true, { flags: DEBUG }),
  boolParam('aof-rewrite-incremental-fsync', true),
  boolParam('no-appendfsync-on-rewrite', false),
  boolParam('cluster-require-full-coverage', true),
  boolParam('rdb-save-incremental-fsync', true),
  boolParam('aof-load-truncated', true),
  boolParam('aof-use-rdb-preamble', true),
  boolParam('aof-timestamp-enabled', false),
  boolParam('cluster-replica-no-failover', false, { alias: 'cluster-slave-no-failover' }),
  boolParam('replica-lazy-flush', false, { alias: 'slave-lazy-flush' }),
  boolParam('replica-serve-stale-data', true, { alias: 'slave-serve-stale-data' }),
  boolParam('replica-read-only', true, { flags: DEBUG, alias: 'slave-read-only' }),
  boolParam('replica-ignore-maxmemory', true, { alias: 'slave-ignore-maxmemory' }),
  boolParam('jemalloc-bg-thread', true),
  boolParam('activedefrag', false, { flags: DEBUG, validate: (v) => (v ? NO_ACTIVE_DEFRAG : undefined) }),
  boolParam('syslog-enabled', false, { flags: IMMUTABLE }),
  boolParam('cluster-enabled', false, { flags: IMMUTABLE }),
  boolParam('appendonly', false, { flags: DENY_LOADING }),
  boolParam('cluster-allow-reads-when-down', false),
  boolParam('cluster-allow-pubsubshard-when-down', true),
  boolParam('crash-log-enabled', true),
  boolParam('crash-memcheck-enabled', true),
  boolParam('use-exit-on-panic', false, { flags: HIDDEN }),
  boolParam('disable-thp', true, { flags: IMMUTABLE }),
  boolParam('cluster-allow-replica-migration', true),
  boolParam('replica-announced', true),
  boolParam('latency-tracking', true),
  boolParam('aof-disable-auto-gc', false),
  boolParam('replica-ignore-disk-write-errors', false),
  stringParam('aclfile', '', { flags: IMMUTABLE }),
  stringParam('unixsocket', '', { flags: IMMUTABLE }),
  stringParam('pidfile', '', { flags: IMMUTABLE }),
  stringParam('replica-announce-ip', '', { alias: 'slave-announce-ip' }),
  stringParam('masteruser', '', { flags: SENSITIVE }),
  stringParam('cluster-announce-ip', ''),
  stringParam('cluster-config-file', 'nodes.conf', { flags: IMMUTABLE }),
  stringParam('cluster-announce-hostname', '', { validate: validHostname }),
  stringParam('syslog-ident', 'redis', { flags: IMMUTABLE }),
  stringParam('dbfilename', 'dump.rdb', { flags: PROTECTED, validate: validDbFilename }),
  stringParam('appendfilename', 'appendonly.aof', { flags: IMMUTABLE, validate: validAofFilename }),
  stringParam('appenddirname', 'appendonlydir', { flags: IMMUTABLE, validate: validAofDirname }),
  stringParam('server_cpulist', '', { flags: IMMUTABLE }),
  stringParam('bio_cpulist', '', { flags: IMMUTABLE }),
  stringParam('aof_rewrite_cpulist', '', { flags: IMMUTABLE }),
  stringParam('bgsave_cpulist', '', { flags: IMMUTABLE }),
  stringParam('ignore-warnings', ''),
  stringParam('proc-title-template', '{title} {listen-addr} {server-mode}', {
    validate: validProcTitleTemplate,
  }),
  stringParam('bind-source-addr', ''),
  stringParam('logfile', '', { flags: IMMUTABLE }),
  stringParam('masterauth', '', { flags: SENSITIVE }),
  stringParam('requirepass', '', { flags: SENSITIVE }),
  enumParam('supervised', SUPERVISED, 'no', { flags: IMMUTABLE }),
  enumParam('syslog-facility', SYSLOG_FACILITY, 'local0', { flags: IMMUTABLE }),
  enumParam('repl-diskless-load', REPL_DISKLESS_LOAD, 'disabled', { flags: DEBUG | DENY_LOADING }),
  enumParam('loglevel', LOGLEVEL, 'notice'),
  enumParam('maxmemory-policy', MAXMEMORY_POLICY, 'noeviction'),
  enumParam('appendfsync', APPENDFSYNC, 'everysec'),
  enumParam('oom-score-adj', OOM_SCORE_ADJ, 'no'),
  enumParam('acl-pubsub-default', ACL_PUBSUB_DEFAULT, 'resetchannels'),
  enumParam('sanitize-dump-payload', SANITIZE_DUMP_PAYLOAD, 'no', { flags: DEBUG }),
  enumParam('enable-protected-configs', PROTECTED_ACTION, 'yes', { flags: IMMUTABLE }),
  enumParam('enable-debug-command', PROTECTED_ACTION, 'yes', { flags: IMMUTABLE }),
  enumParam('enable-module-command', PROTECTED_ACTION, 'no', { flags: IMMUTABLE }),
  enumParam('cluster-preferred-endpoint-type', ENDPOINT_TYPE, 'ip'),
  enumParam('propagation-error-behavior', PROPAGATION_ERROR_BEHAVIOR, 'ignore'),
  enumParam('shutdown-on-sigint', SHUTDOWN_ON_SIGNAL, 'default', {
    flags: MULTI_ARG,
    validate: validShutdownFlags,
  }),
  enumParam('shutdown-on-sigterm', SHUTDOWN_ON_SIGNAL, 'default', {
    flags: MULTI_ARG,
    validate: validShutdownFlags,
  }),
  numericParam('databases', 16, 1n, INT_MAX, { flags: IMMUTABLE }),
  numericParam('port', 0, 0n, 65535n),
  numericParam('io-threads', 1, 1n, 128n, { flags: IMMUTABLE | DEBUG }),
  numericParam('auto-aof-rewrite-percentage', 100, 0n, INT_MAX),
  numericParam('cluster-replica-validity-factor', 10, 0n, INT_MAX, {
    alias: 'cluster-slave-validity-factor',
  }),
  numericParam('list-max-listpack-size', -2, INT_MIN, INT_MAX, { alias: 'list-max-ziplist-size' }),
  numericParam('tcp-keepalive', 300, 0n, INT_MAX),
  numericParam('cluster-migration-barrier', 1, 0n, INT_MAX),
  numericParam('active-defrag-cycle-min', 1, 1n, 99n),
  numericParam('active-defrag-cycle-max', 25, 1n, 99n),
  numericParam('active-defrag-threshold-lower', 10, 0n, 1000n),
  numericParam('active-defrag-threshold-upper', 100, 0n, 1000n),
  numericParam('lfu-log-factor', 10, 0n, INT_MAX),
  numericParam('lfu-decay-time', 1, 0n, INT_MAX),
  numericParam('replica-priority', 100, 0n, INT_MAX, { alias: 'slave-priority' }),
  numericParam('repl-diskless-sync-delay', 5, 0n, INT_MAX),
  numericParam('maxmemory-samples', 5, 1n, INT_MAX),
  numericParam('maxmemory-eviction-tenacity', 10, 0n, 100n),
  numericParam('timeout', 0, 0n, INT_MAX),
  numericParam('replica-announce-port', 0, 0n, 65535n, { alias: 'slave-announce-port' }),
  numericParam('tcp-backlog', 511, 0n, INT_MAX, { flags: IMMUTABLE }),
  numericParam('cluster-port', 0, 0n, 65535n, { flags: IMMUTABLE }),
  numericParam('cluster-announce-bus-port', 0, 0n, 65535n),
  numericParam('cluster-announce-port', 0, 0n, 65535n),
  numericParam('cluster-announce-tls-port', 0, 0n, 65535n),
  numericParam('repl-timeout', 60, 1n, INT_MAX),
  numericParam('repl-ping-replica-period', 10, 1n, INT_MAX, { alias: 'repl-ping-slave-period' }),
  numericParam('list-compress-depth', 0, 0n, INT_MAX, { flags: DEBUG }),
  numericParam('rdb-key-save-delay', 0, INT_MIN, INT_MAX, { flags: HIDDEN }),
  numericParam('key-load-delay', 0, INT_MIN, INT_MAX, { flags: HIDDEN }),
  numericParam('active-expire-effort', 1, 1n, 10n),
  numericParam('hz', 10, 0n, INT_MAX, { normalize: clampHz }),
  numericParam('min-replicas-to-write', 0, 0n, INT_MAX, { alias: 'min-slaves-to-write' }),
  numericParam('min-replicas-max-lag', 10, 0n, INT_MAX, { alias: 'min-slaves-max-lag' }),
  numericParam('watchdog-period', 0, 0n, INT_MAX, { flags: HIDDEN }),
  numericParam('shutdown-timeout', 10, 0n, INT_MAX),
  numericParam('repl-diskless-sync-max-replicas', 0, 0n, INT_MAX),
  numericParam('maxclients', 10000, 1n, UINT_MAX, { unsigned: true }),
  numericParam('unixsocketperm', 0, 0n, 0o777n, { flags: IMMUTABLE, unsigned: true, octal: true }),
  numericParam('socket-mark-id', 0, 0n, UINT_MAX, { flags: IMMUTABLE, unsigned: true }),
  numericParam('active-defrag-max-scan-fields', 1000, 1n, LONG_MAX),
  numericParam('slowlog-max-len', 128, 0n, LONG_MAX),
  numericParam('acllog-max-len', 128, 0n, LONG_MAX),
  numericParam('busy-reply-threshold', 5000, 0n, LONG_MAX, { alias: 'lua-time-limit' }),
  numericParam('cluster-node-timeout', 15000, 0n, LONG_MAX),
  numericParam('slowlog-log-slower-than', 10000, -1n, LONG_MAX),
  numericParam('latency-monitor-threshold', 0, 0n, LONG_MAX),
  numericParam('proto-max-bulk-len', 536870912, 1048576n, LONG_MAX, { flags: DEBUG, memory: true }),
  numericParam('stream-node-max-entries', 100, 0n, LONG_MAX),
  numericParam('repl-backlog-size', 1048576, 1n, LONG_MAX, { memory: true }),
  numericParam('maxmemory', 0, 0n, ULLONG_MAX, { unsigned: true, memory: true }),
  numericParam('cluster-link-sendbuf-limit', 0, 0n, ULLONG_MAX, { unsigned: true, memory: true }),
  numericParam('hash-max-listpack-entries', 512, 0n, LONG_MAX, {
    alias: 'hash-max-ziplist-entries',
    unsigned: true,
  }),
  numericParam('set-max-intset-entries', 512, 0n, LONG_MAX, { unsigned: true }),
  numericParam('zset-max-listpack-entries', 128, 0n, LONG_MAX, {
    alias: 'zset-max-ziplist-entries',
    unsigned: true,
  }),
  numericParam('active-defrag-ignore-bytes', 104857600, 1n, LONG_MAX, { unsigned: true, memory: true }),
  numericParam('hash-max-listpack-value', 64, 0n, LONG_MAX, {
    alias: 'hash-max-ziplist-value',
    unsigned: true,
    memory: true,
  }),
  numericParam('stream-node-max-bytes', 4096, 0n, LONG_MAX, { unsigned: true, memory: true }),
  numericParam('zset-max-listpack-value', 64, 0n, LONG_MAX, {
    alias: 'zset-max-ziplist-value',
    unsigned: true,
    memory: true,
  }),
  numericParam('hll-sparse-max-bytes', 3000, 0n, LONG_MAX, { unsigned: true, memory: true }),
  numericParam('tracking-table-max-keys', 1000000, 0n, LONG_MAX, { unsigned: true }),
  numericParam('client-query-buffer-limit', 1073741824, 1048576n, LONG_MAX, {
    flags: DEBUG,
    unsigned: true,
    memory: true,
  }),
  numericParam('maxmemory-clients', 0, -100n, LONG_MAX, { memory: true, percent: true }),
  numericParam('repl-backlog-ttl', 3600, 0n, LONG_MAX),
  numericParam('auto-aof-rewrite-min-size', 67108864, 0n, LONG_MAX, { memory: true }),
  numericParam('loading-process-events-interval-bytes', 2097152, 1024n, INT_MAX, { flags: HIDDEN }),
  numericParam('tls-port', 0, 0n, 65535n),
  numericParam('tls-session-cache-size', 20480, 0n, INT_MAX),
  numericParam('tls-session-cache-timeout', 300, 0n, INT_MAX),
  boolParam('tls-cluster', false),
  boolParam('tls-replication', false),
  enumParam('tls-auth-clients', TLS_AUTH_CLIENTS, 'yes'),
  boolParam('tls-prefer-server-ciphers', false),
  boolParam('tls-session-caching', true),
  stringParam('tls-cert-file', '', { flags: VOLATILE }),
  stringParam('tls-key-file', '', { flags: VOLATILE }),
  stringParam('tls-key-file-pass', ''),
  stringParam('tls-client-cert-file', '', { flags: VOLATILE }),
  stringParam('tls-client-key-file', '', { flags: VOLATILE }),
  stringParam('tls-client-key-file-pass', ''),
  stringParam('tls-dh-params-file', '', { flags: VOLATILE }),
  stringParam('tls-ca-cert-file', '', { flags: VOLATILE }),
  stringParam('tls-ca-cert-dir', '', { flags: VOLATILE }),
  stringParam('tls-protocols', ''),
  stringParam('tls-ciphers', ''),
  stringParam('tls-ciphersuites', ''),
  specialParam('dir', workingDirectory(), parseDir, { flags: PROTECTED | DENY_LOADING }),
  specialParam('save', '', parseSave, { flags: MULTI_ARG }),
  specialParam(
    'client-output-buffer-limit',
    'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    parseOutputBufferLimit,
    { flags: MULTI_ARG },
  ),
  specialParam('oom-score-adj-values', '0 200 800', parseOomScoreAdjValues, { flags: MULTI_ARG }),
  specialParam('notify-keyspace-events', '', parseNotify),
  specialParam('bind', '', parseBind, { flags: MULTI_ARG }),
  specialParam('replicaof', '', parseReplicaOf, { flags: IMMUTABLE | MULTI_ARG, alias: 'slaveof' }),
  specialParam('latency-tracking-info-percentiles', '50 99 99.9', parsePercentiles, { flags: MULTI_ARG }),
] as const;

/** The union of the standard parameter definitions (drives the typed `ConfigValues`). */
export type StandardParams = (typeof STANDARD_PARAMS)[number];

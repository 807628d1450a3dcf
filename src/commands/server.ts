// redis.io group "server": database-wide commands, COMMAND introspection, and the server
// introspection commands: CONFIG (config.c), INFO (server.c), SLOWLOG (slowlog.c), LATENCY
// (latency.c) and MEMORY (object.c). The registry, statistics and reports they answer from
// live in src/config/; DEBUG is in debug.ts.

import { commandId, commandInfo } from '../config/command-ids.js';
import { ParamFlags } from '../config/config.js';
import { infoText, memoryFigures } from '../config/info.js';
import { type LatencyHistogram, latencyDoctor, latencyGraph } from '../config/latency.js';
import { memoryUsage } from '../config/memory-usage.js';
import { STANDARD_PARAMS } from '../config/params.js';
import { REDACTED, registerRedaction } from '../config/slowlog.js';
import {
  CONFIG_NO_FILE,
  DB_INDEX_OUT_OF_RANGE,
  fail,
  NOT_INTEGER,
  noLatencySamples,
  SLOWLOG_COUNT,
  SYNTAX,
  subcommandSyntax,
} from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import { isToken, parseInt32, parseInteger } from './args.js';
import { COMMAND_HELP, commandDocsReply, commandInfoReply } from './command-docs.js';
import { type Handler, type HandlerMap, implementedCommands, implementedInfo } from './dispatch.js';
import { DoubleReply, helpReply, MapReply, OK, type Reply, VerbatimReply } from './reply.js';
import { SUBCOMMANDS } from './table.js';

/** DBSIZE */
export const dbsizeCommand: Handler = (store) => store.db.size;

/** FLUSHDB / FLUSHALL [ASYNC | SYNC] (getFlushCommandFlags) */
function flushGeneric(all: boolean): Handler {
  return (store, argv) => {
    if (argv.length > 2 || (argv.length === 2 && !isToken(argv[1]!, 'ASYNC') && !isToken(argv[1]!, 'SYNC'))) {
      fail(SYNTAX);
    }
    store._flush(all ? store.dbs : [store.db]);
    return OK;
  };
}

/** SWAPDB index1 index2 */
export const swapdbCommand: Handler = (store, argv) => {
  const a = parseInt32(argv[1]!, 'ERR invalid first DB index');
  const b = parseInt32(argv[2]!, 'ERR invalid second DB index');
  const da = store.dbAt(a);
  const db = store.dbAt(b);
  if (da === undefined || db === undefined) fail(DB_INDEX_OUT_OF_RANGE);
  store._swapdb(da, db);
  return OK;
};

/** TIME */
export const timeCommand: Handler = (store) => store.time();

function infoOf(name: string): Reply {
  const found = implementedInfo(name.toLowerCase());
  return found === undefined ? null : commandInfoReply(found.info, found.subcommands);
}

/** COMMAND (no subcommand): info on every command. */
export const commandCommand: Handler = () => implementedCommands().map(infoOf);

/** Every implemented command name, subcommands as `container|sub` (COMMAND LIST). */
function allNames(): string[] {
  const out: string[] = [];
  for (const name of implementedCommands()) {
    out.push(name);
    const found = implementedInfo(name)!;
    for (const s of found.subcommands) out.push(s.fullname);
  }
  return out;
}

// ---- CONFIG (config.c) ----------------------------------------------------------------------

const CONFIG_HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

/** CONFIG GET parameter [parameter ...]: a map of every match (RESP2: a flat array). */
export const configGetCommand: Handler = (store, argv) => {
  const entries: Reply[] = [];
  for (const [name, value] of store.config.match(argv.slice(2))) entries.push(name, value);
  return new MapReply(entries);
};

/** CONFIG SET parameter value [parameter value ...]: all applied, or none. */
export const configSetCommand: Handler = (store, argv) => {
  if (argv.length % 2 !== 0) fail(SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
  const err = store.config.setPairs(pairs, {});
  if (err !== undefined) fail(err);
  return OK;
};

/** The names (and aliases) whose CONFIG SET values the slow log must not show. */
const SENSITIVE_PARAMS: ReadonlySet<string> = new Set(
  STANDARD_PARAMS.filter((p) => (p.flags & ParamFlags.SENSITIVE) !== 0).flatMap((p) =>
    p.alias === undefined ? [p.name] : [p.name, p.alias],
  ),
);
// configSetCommand's redactClientCommandArgument: values of sensitive parameters.
registerRedaction('config|set', (argv) =>
  argv.map((a, i) =>
    i >= 3 && i % 2 === 1 && SENSITIVE_PARAMS.has(argv[i - 1]!.toLowerCase()) ? REDACTED : a,
  ),
);

// ---- INFO (server.c) -------------------------------------------------------------------------

/** INFO [section ...]: a verbatim text reply (RESP2: a bulk string). */
export const infoCommand: Handler = (store, argv) => new VerbatimReply('txt', infoText(store, argv.slice(1)));

// ---- SLOWLOG (slowlog.c) ---------------------------------------------------------------------

const SLOWLOG_HELP = [
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
];

/** SLOWLOG GET [count]: newest first; -1 for all. */
export const slowlogGetCommand: Handler = (store, argv) => {
  if (argv.length > 3) fail(subcommandSyntax(argv[1]!, argv[0]!.toUpperCase()));
  let count = 10;
  if (argv.length === 3) {
    count = parseInteger(argv[2]!, SLOWLOG_COUNT);
    if (count < -1) fail(SLOWLOG_COUNT);
  }
  return store.stats.slowlog
    .get(count)
    .map((e): Reply => [e.id, e.time, e.duration, [...e.argv], e.peer, e.name]);
};

// ---- LATENCY (latency.c) ---------------------------------------------------------------------

const LATENCY_HELP = [
  'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
  'HELP',
  '    Prints this help.',
];

/** fillCommandCDF: `calls` and the cumulative `histogram_usec` buckets of one command. */
function histogramReply(h: LatencyHistogram): Reply {
  const buckets: Reply[] = [];
  for (const [usec, count] of h.cumulativeBuckets()) buckets.push(usec, count);
  return new MapReply(['calls', h.total, 'histogram_usec', new MapReply(buckets)]);
}

/** LATENCY HISTOGRAM [command ...]: every command with samples, or the named ones (containers include their subcommands). */
export const latencyHistogramCommand: Handler = (store, argv) => {
  const histograms = store.stats.latency.histograms;
  const out: Reply[] = [];
  const add = (id: number): void => {
    const h = histograms[id];
    if (h !== undefined) out.push(commandInfo(id).fullname, histogramReply(h));
  };
  if (argv.length === 2) {
    for (let id = 0; id < histograms.length; id++) add(id);
  } else {
    for (const name of argv.slice(2)) {
      const lower = name.toLowerCase();
      const id = commandId(lower);
      if (id < 0) continue;
      add(id);
      // A container also reports its subcommands.
      if (!lower.includes('|')) for (const sub of SUBCOMMANDS[lower] ?? []) add(commandId(sub.fullname));
    }
  }
  return new MapReply(out);
};

// ---- MEMORY (object.c) -----------------------------------------------------------------------

const MEMORY_HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
  'HELP',
  '    Prints this help.',
];

/** OBJ_COMPUTE_SIZE_DEF_SAMPLES */
const DEFAULT_SAMPLES = 5;

/** MEMORY USAGE key [SAMPLES count]: what the key takes in Redis, estimated (memory-usage.ts). */
export const memoryUsageCommand: Handler = (store, argv) => {
  let samples = DEFAULT_SAMPLES;
  for (let j = 3; j < argv.length; j++) {
    if (isToken(argv[j]!, 'SAMPLES') && j + 1 < argv.length) {
      samples = parseInteger(argv[j + 1]!, NOT_INTEGER);
      if (samples < 0) fail(SYNTAX);
      if (samples === 0) samples = Number.POSITIVE_INFINITY;
      j++;
    } else {
      fail(SYNTAX);
    }
  }
  const db = store.db;
  const key = argv[2]!;
  const value = db.dict.get(key);
  if (value === undefined) return null;
  const v = typeof value === 'string' ? db.bytes(value) : value;
  return memoryUsage(key, v, db.encodings.get(key), samples, store.config.get('stream-node-max-bytes'));
};

/** MEMORY STATS: Redis's fields, from the figures INFO memory reports. */
export const memoryStatsCommand: Handler = (store) => {
  const m = memoryFigures(store);
  const overhead = Math.min(m.startup, m.used);
  const dataset = m.used - overhead;
  const net = m.used - m.startup;
  let keys = 0;
  const out: Reply[] = [
    'peak.allocated',
    m.peak,
    'total.allocated',
    m.used,
    'startup.allocated',
    m.startup,
    'replication.backlog',
    0,
    'clients.slaves',
    0,
    'clients.normal',
    0,
    'cluster.links',
    0,
    'aof.buffer',
    0,
    'lua.caches',
    0,
    'functions.caches',
    0,
  ];
  for (const db of store.dbs) {
    keys += db.dict.size;
    if (db.dict.size === 0 && db.expires.size === 0) continue;
    out.push(
      `db.${db.id}`,
      new MapReply([
        'overhead.hashtable.main',
        0,
        'overhead.hashtable.expires',
        0,
        'overhead.hashtable.slot-to-keys',
        0,
      ]),
    );
  }
  const ratio = (a: number, b: number): DoubleReply => {
    const v = b === 0 ? 0 : a / b;
    return new DoubleReply(v, String(v));
  };
  out.push(
    'overhead.total',
    overhead,
    'keys.count',
    keys,
    'keys.bytes-per-key',
    keys === 0 ? 0 : Math.floor(net / keys),
    'dataset.bytes',
    dataset,
    'dataset.percentage',
    ratio(dataset * 100, net),
    'peak.percentage',
    ratio(m.used * 100, m.peak),
    'allocator.allocated',
    m.used,
    'allocator.active',
    m.heapTotal,
    'allocator.resident',
    m.rss,
    'allocator-fragmentation.ratio',
    ratio(m.heapTotal, m.used),
    'allocator-fragmentation.bytes',
    m.heapTotal - m.used,
    'allocator-rss.ratio',
    ratio(m.rss, m.heapTotal),
    'allocator-rss.bytes',
    m.rss - m.heapTotal,
    'rss-overhead.ratio',
    ratio(1, 1),
    'rss-overhead.bytes',
    0,
    'fragmentation',
    ratio(m.rss, m.used),
    'fragmentation.bytes',
    m.rss - m.used,
  );
  return new MapReply(out);
};

/** MEMORY DOCTOR: Redis's report; with under 5 MB of data, its "empty instance" answer. */
export const memoryDoctorCommand: Handler = (store) => {
  const m = memoryFigures(store);
  const text =
    m.used - m.startup < 5 * 1024 * 1024
      ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  return new VerbatimReply('txt', text);
};

/** The server group's handlers, COMMAND, CONFIG, INFO, SLOWLOG, LATENCY and MEMORY included. */
export const serverHandlers: HandlerMap = {
  dbsize: dbsizeCommand,
  flushdb: flushGeneric(false),
  flushall: flushGeneric(true),
  swapdb: swapdbCommand,
  time: timeCommand,
  command: commandCommand,
  'command|count': () => implementedCommands().length,
  'command|info': (_store, argv) => (argv.length === 2 ? implementedCommands() : argv.slice(2)).map(infoOf),
  'command|docs': (_store, argv) => {
    const names = argv.length === 2 ? implementedCommands() : argv.slice(2);
    const entries: Reply[] = [];
    for (const name of names) {
      const found = implementedInfo(name.toLowerCase());
      if (found === undefined) continue;
      entries.push(found.info.fullname, commandDocsReply(found.info, found.subcommands));
    }
    return new MapReply(entries);
  },
  'command|list': (_store, argv) => {
    const names = allNames();
    if (argv.length === 2) return names;
    if (argv.length !== 5 || !isToken(argv[2]!, 'FILTERBY')) fail(SYNTAX);
    const value = argv[4]!;
    if (isToken(argv[3]!, 'PATTERN')) return names.filter((n) => globMatch(value, n, true));
    if (isToken(argv[3]!, 'ACLCAT')) {
      const cat = value.toLowerCase();
      return names.filter((n) => implementedInfo(n)!.info.aclCategories.includes(cat));
    }
    if (isToken(argv[3]!, 'MODULE')) return [];
    return fail(SYNTAX);
  },
  'command|help': () => helpReply(COMMAND_HELP),
  'config|get': configGetCommand,
  'config|set': configSetCommand,
  'config|resetstat': (store) => {
    store.stats.reset();
    return OK;
  },
  'config|rewrite': () => fail(CONFIG_NO_FILE),
  'config|help': () => helpReply(CONFIG_HELP),
  info: infoCommand,
  'slowlog|get': slowlogGetCommand,
  'slowlog|len': (store) => store.stats.slowlog.length,
  'slowlog|reset': (store) => {
    store.stats.slowlog.reset();
    return OK;
  },
  'slowlog|help': () => helpReply(SLOWLOG_HELP),
  'latency|latest': (store) => {
    const latency = store.stats.latency;
    return latency.eventNames().map((name): Reply => {
      const ev = latency.event(name)!;
      const last = ev.samples[ev.samples.length - 1]!;
      return [name, last.time, last.latency, ev.max];
    });
  },
  'latency|history': (store, argv) =>
    (store.stats.latency.event(argv[2]!)?.samples ?? []).map((s): Reply => [s.time, s.latency]),
  'latency|graph': (store, argv) => {
    const ev = store.stats.latency.event(argv[2]!);
    if (ev === undefined) fail(noLatencySamples(argv[2]!));
    return new VerbatimReply('txt', latencyGraph(argv[2]!, ev, store.clock.now()));
  },
  'latency|doctor': (store) =>
    new VerbatimReply(
      'txt',
      latencyDoctor(store.stats.latency, store.stats.slowlog.logSlowerThan, store.hz, store.clock.now()),
    ),
  'latency|reset': (store, argv) => store.stats.latency.reset(argv.length === 2 ? undefined : argv.slice(2)),
  'latency|histogram': latencyHistogramCommand,
  'latency|help': () => helpReply(LATENCY_HELP),
  'memory|usage': memoryUsageCommand,
  'memory|stats': memoryStatsCommand,
  'memory|doctor': memoryDoctorCommand,
  'memory|malloc-stats': () => 'Stats not supported for the current allocator',
  'memory|purge': () => OK,
  'memory|help': () => helpReply(MEMORY_HELP),
};

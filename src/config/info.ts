// INFO (Redis 7.0.15 server.c genRedisInfoString): the sections, their field names and order,
// and the section selection rules (`default`, `all`, `everything`, case-insensitive names, each
// section once, always in Redis's order). Values are real where embedis knows them — uptime,
// keyspace, commands, hits and misses, expired keys, errors, the configuration, memory figures
// of the JavaScript heap, CPU time of the process — and Redis's idle values otherwise (no
// replicas, no forks, no Lua memory). Fields other modules own come from `stats.provide()` and
// from the persistence manager.

import { REDIS_VERSION } from '../commands/connection.js';
import { COMMAND_COUNT, commandInfo } from './command-ids.js';
import type { Config } from './config.js';
import type { InfoFieldValue, InfoSection, ServerStats } from './stats.js';

/** What INFO reads from a store; structural, so this module needs no store import. */
export interface InfoSource {
  readonly stats: ServerStats;
  readonly config: Config;
  readonly clock: { now(): number };
  readonly hz: number;
  readonly dbs: readonly {
    readonly id: number;
    readonly dict: ReadonlyMap<string, unknown>;
    readonly expires: ReadonlyMap<string, number>;
  }[];
  readonly blocking: { readonly size: number } | null;
  readonly persistence?: { info(): object };
  readonly pubsub?: { channelNames(pattern: string | null, shard: boolean): string[]; numpat(): number };
}

/** The run id, replication id and start time of a store: made once, on first use. */
interface Identity {
  runId: string;
  replId: string;
  startMs: number;
  startupMemory: number;
}

const identities = new WeakMap<object, Identity>();

function randomHex40(): string {
  let s = '';
  for (let i = 0; i < 40; i++) s += '0123456789abcdef'[Math.floor(Math.random() * 16)];
  return s;
}

/**
 * The identity of a store for INFO: run_id and master_replid (random, as Redis's
 * getRandomHexChars), and its start time. Call it when the store is created so uptime counts
 * from then.
 */
export function serverIdentity(store: InfoSource): Identity {
  let id = identities.get(store);
  if (id === undefined) {
    id = {
      runId: randomHex40(),
      replId: randomHex40(),
      startMs: store.clock.now(),
      startupMemory: heapUsed(),
    };
    identities.set(store, id);
  }
  return id;
}

/** DEBUG CHANGE-REPL-ID: a new replication id. */
export function changeReplicationId(store: InfoSource): void {
  serverIdentity(store).replId = randomHex40();
}

// ---- process figures (zero where the runtime has none: core code imports no node: module) -----

interface ProcessLike {
  pid?: number;
  platform?: string;
  arch?: string;
  execPath?: string;
  versions?: { node?: string };
  memoryUsage?: () => {
    rss: number;
    heapTotal: number;
    heapUsed: number;
    external: number;
    arrayBuffers: number;
  };
  cpuUsage?: () => { user: number; system: number };
}

const proc = (globalThis as { process?: ProcessLike }).process;

function heapUsed(): number {
  try {
    return proc?.memoryUsage?.().heapUsed ?? 0;
  } catch {
    return 0;
  }
}

function memoryUsage(): { rss: number; heapTotal: number; heapUsed: number; external: number } {
  try {
    const m = proc?.memoryUsage?.();
    if (m !== undefined) return m;
  } catch {
    // not available
  }
  return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0 };
}

const OS_NAMES: Record<string, string> = {
  linux: 'Linux',
  darwin: 'Darwin',
  win32: 'Windows_NT',
  freebsd: 'FreeBSD',
};
const ARCH_NAMES: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686' };

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number | bigint): string {
  const b = BigInt(n);
  const v = Number(b);
  if (b < 1024n) return `${b}B`;
  const units = ['K', 'M', 'G', 'T', 'P'];
  for (let i = 0; i < units.length; i++) {
    if (v < 1024 ** (i + 2)) return `${(v / 1024 ** (i + 1)).toFixed(2)}${units[i]}`;
  }
  return `${b}B`;
}

/** printf's %.2f. */
const f2 = (x: number): string =>
  Number.isFinite(x) ? x.toFixed(2) : x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';

/** A timeval as `%ld.%06ld` from microseconds. */
const seconds6 = (us: number): string =>
  `${Math.floor(us / 1e6)}.${String(Math.floor(us % 1e6)).padStart(6, '0')}`;

// ---- sections ---------------------------------------------------------------------------------

type Fields = [string, InfoFieldValue][];

/** Replaces built-in fields by what providers report and appends the fields they add. */
function merge(fields: Fields, extra: Record<string, InfoFieldValue> | undefined): Fields {
  if (extra === undefined) return fields;
  const rest = new Map(Object.entries(extra));
  const out: Fields = fields.map(([k, v]) => {
    if (!rest.has(k)) return [k, v];
    const r = rest.get(k)!;
    rest.delete(k);
    return [k, r];
  });
  for (const [k, v] of rest) out.push([k, v]);
  return out;
}

function serverSection(s: InfoSource): Fields {
  const id = serverIdentity(s);
  const now = s.clock.now();
  const uptime = Math.floor((now - id.startMs) / 1000);
  const platform = proc?.platform ?? 'unknown';
  const arch = proc?.arch ?? 'unknown';
  return [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    [
      'os',
      `${OS_NAMES[platform] ?? platform} node-${proc?.versions?.node ?? 'unknown'} ${ARCH_NAMES[arch] ?? arch}`,
    ],
    ['arch_bits', 64],
    ['monotonic_clock', 'embedis Clock'],
    ['multiplexing_api', proc !== undefined ? 'libuv' : 'none'],
    ['atomicvar_api', 'none'],
    ['gcc_version', '0.0.0'],
    ['process_id', proc?.pid ?? 0],
    ['process_supervised', 'no'],
    ['run_id', id.runId],
    ['tcp_port', s.config.get('port')],
    ['server_time_usec', Math.floor(now) * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', s.hz],
    ['configured_hz', s.config.get('hz')],
    // LRU_CLOCK: seconds, 24 bits (LRU_CLOCK_RESOLUTION 1000 ms).
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', proc?.execPath ?? ''],
    ['config_file', ''],
    ['io_threads_active', 0],
  ];
}

function clientsSection(s: InfoSource): Fields {
  return [
    ['connected_clients', s.stats.connectedClients],
    ['cluster_connections', 0],
    ['maxclients', s.config.get('maxclients')],
    ['client_recent_max_input_buffer', 0],
    ['client_recent_max_output_buffer', 0],
    ['blocked_clients', s.blocking?.size ?? 0],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', 0],
  ];
}

/**
 * The memory figures INFO memory and MEMORY STATS share: used_memory is the JavaScript heap in
 * use (the whole process's, the store's share of it can't be told apart), rss the resident set.
 */
export function memoryFigures(s: InfoSource): {
  used: number;
  rss: number;
  peak: number;
  startup: number;
  heapTotal: number;
} {
  const m = memoryUsage();
  const used = m.heapUsed;
  if (used > s.stats.peakMemory) s.stats.peakMemory = used;
  return {
    used,
    rss: m.rss,
    peak: s.stats.peakMemory,
    startup: serverIdentity(s).startupMemory,
    heapTotal: m.heapTotal,
  };
}

function memorySection(s: InfoSource): Fields {
  const m = memoryFigures(s);
  const maxmemory = BigInt(s.config.getText('maxmemory'));
  const overhead = Math.min(m.startup, m.used);
  const dataset = m.used - overhead;
  const net = m.used - m.startup;
  return [
    ['used_memory', m.used],
    ['used_memory_human', bytesToHuman(m.used)],
    ['used_memory_rss', m.rss],
    ['used_memory_rss_human', bytesToHuman(m.rss)],
    ['used_memory_peak', m.peak],
    ['used_memory_peak_human', bytesToHuman(m.peak)],
    ['used_memory_peak_perc', `${f2(m.peak === 0 ? 0 : (m.used * 100) / m.peak)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', m.startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${f2(net <= 0 ? 0 : (dataset * 100) / net)}%`],
    ['allocator_allocated', m.used],
    ['allocator_active', m.heapTotal],
    ['allocator_resident', m.rss],
    ['total_system_memory', 0],
    ['total_system_memory_human', '0B'],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    // Redis prints maxmemory with %lld: values past LLONG_MAX show negative, as there.
    ['maxmemory', BigInt.asIntN(64, maxmemory)],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', s.config.get('maxmemory-policy')],
    ['allocator_frag_ratio', f2(m.used === 0 ? 0 : m.heapTotal / m.used)],
    ['allocator_frag_bytes', Math.max(0, m.heapTotal - m.used)],
    ['allocator_rss_ratio', f2(m.heapTotal === 0 ? 0 : m.rss / m.heapTotal)],
    ['allocator_rss_bytes', m.rss - m.heapTotal],
    ['rss_overhead_ratio', f2(1)],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', f2(m.used === 0 ? 0 : m.rss / m.used)],
    ['mem_fragmentation_bytes', m.rss - m.used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', 0],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', 'v8'],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
}

function persistenceSection(s: InfoSource): Fields {
  const id = serverIdentity(s);
  const fields: Fields = [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', 0],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', Math.floor(id.startMs / 1000)],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', s.config.get('appendonly') ? 1 : 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
  const fromManager = s.persistence?.info() as Record<string, InfoFieldValue> | undefined;
  return merge(
    fromManager === undefined ? fields : merge(fields, fromManager),
    s.stats.provided('persistence'),
  );
}

function statsSection(s: InfoSource): Fields {
  const st = s.stats;
  const pubsub = s.pubsub;
  return [
    ['total_connections_received', st.connectionsReceived],
    ['total_commands_processed', st.commands],
    ['instantaneous_ops_per_sec', 0],
    ['total_net_input_bytes', st.netInputBytes],
    ['total_net_output_bytes', st.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', st.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', st.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', st.evictedKeys],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', st.keyspaceHits],
    ['keyspace_misses', st.keyspaceMisses],
    ['pubsub_channels', pubsub?.channelNames(null, false).length ?? 0],
    ['pubsub_patterns', pubsub?.numpat() ?? 0],
    ['pubsubshard_channels', pubsub?.channelNames(null, true).length ?? 0],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', st.errorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', 0],
    ['total_writes_processed', 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ];
}

function replicationSection(s: InfoSource): Fields {
  const id = serverIdentity(s);
  const fields: Fields = [
    ['role', 'master'],
    ['connected_slaves', 0],
  ];
  // Shown only while min-replicas-to-write is active.
  if (s.config.get('min-replicas-to-write') !== 0 && s.config.get('min-replicas-max-lag') !== 0) {
    fields.push(['min_slaves_good_slaves', 0]);
  }
  fields.push(
    ['master_failover_state', 'no-failover'],
    ['master_replid', id.replId],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', s.config.get('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  );
  return fields;
}

function cpuSection(): Fields {
  let cpu = { user: 0, system: 0 };
  try {
    cpu = proc?.cpuUsage?.() ?? cpu;
  } catch {
    // not available
  }
  return [
    ['used_cpu_sys', seconds6(cpu.system)],
    ['used_cpu_user', seconds6(cpu.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', seconds6(cpu.system)],
    ['used_cpu_user_main_thread', seconds6(cpu.user)],
  ];
}

/** INFO's name of a command: `|` kept, Redis's unsafe characters `#:\r\n` as `_` (getSafeInfoString). */
const safeName = (name: string): string => name.replace(/[#:\r\n]/g, '_');

function commandstatsSection(s: InfoSource): Fields {
  const st = s.stats;
  const out: Fields = [];
  for (let id = 0; id < COMMAND_COUNT; id++) {
    const calls = st.calls[id]!;
    if (calls === 0 && st.failedCalls[id] === 0 && st.rejectedCalls[id] === 0) continue;
    const usec = st.usec[id]!;
    out.push([
      `cmdstat_${safeName(commandInfo(id).fullname)}`,
      `calls=${calls},usec=${usec},usec_per_call=${f2(calls === 0 ? 0 : usec / calls)},rejected_calls=${st.rejectedCalls[id]},failed_calls=${st.failedCalls[id]}`,
    ]);
  }
  return out;
}

function errorstatsSection(s: InfoSource): Fields {
  // A rax: byte order.
  const codes = [...s.stats.errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return codes.map((c) => [`errorstat_${safeName(c)}`, `count=${s.stats.errors.get(c)}`]);
}

/** printf("%f") then trimDoubleString: how Redis prints a percentile's label. */
export const percentileLabel = (p: number): string => p.toFixed(6).replace(/\.?0+$/, '');

function latencystatsSection(s: InfoSource): Fields {
  const latency = s.stats.latency;
  if (!latency.tracking) return [];
  const out: Fields = [];
  for (let id = 0; id < COMMAND_COUNT; id++) {
    const h = latency.histograms[id];
    if (h === undefined) continue;
    const parts = latency.percentiles.map(
      (p) => `p${percentileLabel(p)}=${(h.valueAtPercentile(p) / 1000).toFixed(3)}`,
    );
    out.push([`latency_percentiles_usec_${safeName(commandInfo(id).fullname)}`, parts.join(',')]);
  }
  return out;
}

/** Redis keeps a running estimate (activeExpireCycle); this is the mean TTL of up to 1024 volatile keys. */
const AVG_TTL_SAMPLE = 1024;

function keyspaceSection(s: InfoSource): Fields {
  const now = s.clock.now();
  const out: Fields = [];
  for (const db of s.dbs) {
    const keys = db.dict.size;
    const expires = db.expires.size;
    if (keys === 0 && expires === 0) continue;
    let avg = 0;
    if (expires > 0) {
      let sum = 0;
      let n = 0;
      for (const at of db.expires.values()) {
        if (n === AVG_TTL_SAMPLE) break;
        sum += Math.max(0, at - now);
        n++;
      }
      avg = Math.floor(sum / n);
    }
    out.push([`db${db.id}`, `keys=${keys},expires=${expires},avg_ttl=${avg}`]);
  }
  return out;
}

/** Sections in Redis's output order, with the INFO argument names that select them. */
const SECTIONS: readonly {
  title: string;
  names: readonly string[];
  fields: (s: InfoSource) => Fields;
  provided?: InfoSection;
}[] = [
  { title: 'Server', names: ['server'], fields: serverSection, provided: 'server' },
  { title: 'Clients', names: ['clients'], fields: clientsSection, provided: 'clients' },
  { title: 'Memory', names: ['memory'], fields: memorySection, provided: 'memory' },
  { title: 'Persistence', names: ['persistence'], fields: persistenceSection },
  { title: 'Stats', names: ['stats'], fields: statsSection, provided: 'stats' },
  { title: 'Replication', names: ['replication'], fields: replicationSection, provided: 'replication' },
  { title: 'CPU', names: ['cpu'], fields: cpuSection, provided: 'cpu' },
  { title: 'Modules', names: ['module_list', 'modules'], fields: () => [] },
  { title: 'Commandstats', names: ['commandstats'], fields: commandstatsSection },
  { title: 'Errorstats', names: ['errorstats'], fields: errorstatsSection },
  { title: 'Latencystats', names: ['latencystats'], fields: latencystatsSection },
  { title: 'Cluster', names: ['cluster'], fields: () => [['cluster_enabled', 0]] },
  { title: 'Keyspace', names: ['keyspace'], fields: keyspaceSection },
];

/** genInfoSectionDict's defaults. */
const DEFAULT_SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'module_list',
  'errorstats',
  'cluster',
  'keyspace',
];

/**
 * INFO's text for the requested section arguments: `[]` is the default sections; `default`,
 * `all` and `everything` as in Redis; unknown names select nothing.
 * @remarks O(N) in the number of databases and commands with statistics.
 */
export function infoText(s: InfoSource, args: readonly string[]): string {
  const wanted = new Set<string>();
  let all = false;
  if (args.length === 0) for (const d of DEFAULT_SECTIONS) wanted.add(d);
  for (const a of args) {
    const name = a.toLowerCase();
    if (name === 'default') for (const d of DEFAULT_SECTIONS) wanted.add(d);
    else if (name === 'all' || name === 'everything') all = true;
    else wanted.add(name);
  }
  let out = '';
  let count = 0;
  for (const section of SECTIONS) {
    if (!all && !section.names.some((n) => wanted.has(n))) continue;
    if (count++ > 0) out += '\r\n';
    out += `# ${section.title}\r\n`;
    let fields = section.fields(s);
    if (section.provided !== undefined) fields = merge(fields, s.stats.provided(section.provided));
    for (const [k, v] of fields) out += `${k}:${v}\r\n`;
  }
  return out;
}

/** INFO text as a map of field -> value (for the typed API): section headers and blanks skipped. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

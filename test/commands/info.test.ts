import { describe, expect, it } from 'vitest';
import { bytesToHuman, infoText } from '../../src/config/info.js';
import { LatencyHistogram } from '../../src/config/latency.js';
import { jemallocSize } from '../../src/config/memory-usage.js';
import { FakeClock, ReplyError, Store, SystemClock } from '../../src/index.js';
import { encodeReply } from '../../src/resp/encode.js';

function setup(options: Store.Options = {}) {
  const clock = new FakeClock(Date.UTC(2030, 0, 1));
  const store = new Store({ clock, ...options });
  const c = (...argv: (string | number)[]): unknown => {
    try {
      return store.call(String(argv[0]), ...argv.slice(1));
    } catch (e) {
      if (e instanceof ReplyError) return e.message;
      throw e;
    }
  };
  const info = (...sections: string[]): string => c('INFO', ...sections) as string;
  return { clock, store, c, info };
}

/** Section title -> field names, in order. */
function sections(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let cur = '';
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) out[(cur = line.slice(2))] = [];
    else if (line !== '') out[cur]!.push(line.slice(0, line.indexOf(':')));
  }
  return out;
}

/** Field -> value of an INFO text. */
function fields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Field names of `INFO everything` on redis-server 7.0.15 (no replicas, not loading, AOF off). */
const REDIS_FIELDS: Record<string, string[]> = {
  Server: [
    'redis_version',
    'redis_git_sha1',
    'redis_git_dirty',
    'redis_build_id',
    'redis_mode',
    'os',
    'arch_bits',
    'monotonic_clock',
    'multiplexing_api',
    'atomicvar_api',
    'gcc_version',
    'process_id',
    'process_supervised',
    'run_id',
    'tcp_port',
    'server_time_usec',
    'uptime_in_seconds',
    'uptime_in_days',
    'hz',
    'configured_hz',
    'lru_clock',
    'executable',
    'config_file',
    'io_threads_active',
  ],
  Clients: [
    'connected_clients',
    'cluster_connections',
    'maxclients',
    'client_recent_max_input_buffer',
    'client_recent_max_output_buffer',
    'blocked_clients',
    'tracking_clients',
    'clients_in_timeout_table',
  ],
  Memory: [
    'used_memory',
    'used_memory_human',
    'used_memory_rss',
    'used_memory_rss_human',
    'used_memory_peak',
    'used_memory_peak_human',
    'used_memory_peak_perc',
    'used_memory_overhead',
    'used_memory_startup',
    'used_memory_dataset',
    'used_memory_dataset_perc',
    'allocator_allocated',
    'allocator_active',
    'allocator_resident',
    'total_system_memory',
    'total_system_memory_human',
    'used_memory_lua',
    'used_memory_vm_eval',
    'used_memory_lua_human',
    'used_memory_scripts_eval',
    'number_of_cached_scripts',
    'number_of_functions',
    'number_of_libraries',
    'used_memory_vm_functions',
    'used_memory_vm_total',
    'used_memory_vm_total_human',
    'used_memory_functions',
    'used_memory_scripts',
    'used_memory_scripts_human',
    'maxmemory',
    'maxmemory_human',
    'maxmemory_policy',
    'allocator_frag_ratio',
    'allocator_frag_bytes',
    'allocator_rss_ratio',
    'allocator_rss_bytes',
    'rss_overhead_ratio',
    'rss_overhead_bytes',
    'mem_fragmentation_ratio',
    'mem_fragmentation_bytes',
    'mem_not_counted_for_evict',
    'mem_replication_backlog',
    'mem_total_replication_buffers',
    'mem_clients_slaves',
    'mem_clients_normal',
    'mem_cluster_links',
    'mem_aof_buffer',
    'mem_allocator',
    'active_defrag_running',
    'lazyfree_pending_objects',
    'lazyfreed_objects',
  ],
  Persistence: [
    'loading',
    'async_loading',
    'current_cow_peak',
    'current_cow_size',
    'current_cow_size_age',
    'current_fork_perc',
    'current_save_keys_processed',
    'current_save_keys_total',
    'rdb_changes_since_last_save',
    'rdb_bgsave_in_progress',
    'rdb_last_save_time',
    'rdb_last_bgsave_status',
    'rdb_last_bgsave_time_sec',
    'rdb_current_bgsave_time_sec',
    'rdb_saves',
    'rdb_last_cow_size',
    'rdb_last_load_keys_expired',
    'rdb_last_load_keys_loaded',
    'aof_enabled',
    'aof_rewrite_in_progress',
    'aof_rewrite_scheduled',
    'aof_last_rewrite_time_sec',
    'aof_current_rewrite_time_sec',
    'aof_last_bgrewrite_status',
    'aof_rewrites',
    'aof_rewrites_consecutive_failures',
    'aof_last_write_status',
    'aof_last_cow_size',
    'module_fork_in_progress',
    'module_fork_last_cow_size',
  ],
  Stats: [
    'total_connections_received',
    'total_commands_processed',
    'instantaneous_ops_per_sec',
    'total_net_input_bytes',
    'total_net_output_bytes',
    'total_net_repl_input_bytes',
    'total_net_repl_output_bytes',
    'instantaneous_input_kbps',
    'instantaneous_output_kbps',
    'instantaneous_input_repl_kbps',
    'instantaneous_output_repl_kbps',
    'rejected_connections',
    'sync_full',
    'sync_partial_ok',
    'sync_partial_err',
    'expired_keys',
    'expired_stale_perc',
    'expired_time_cap_reached_count',
    'expire_cycle_cpu_milliseconds',
    'evicted_keys',
    'evicted_clients',
    'total_eviction_exceeded_time',
    'current_eviction_exceeded_time',
    'keyspace_hits',
    'keyspace_misses',
    'pubsub_channels',
    'pubsub_patterns',
    'pubsubshard_channels',
    'latest_fork_usec',
    'total_forks',
    'migrate_cached_sockets',
    'slave_expires_tracked_keys',
    'active_defrag_hits',
    'active_defrag_misses',
    'active_defrag_key_hits',
    'active_defrag_key_misses',
    'total_active_defrag_time',
    'current_active_defrag_time',
    'tracking_total_keys',
    'tracking_total_items',
    'tracking_total_prefixes',
    'unexpected_error_replies',
    'total_error_replies',
    'dump_payload_sanitizations',
    'total_reads_processed',
    'total_writes_processed',
    'io_threaded_reads_processed',
    'io_threaded_writes_processed',
    'reply_buffer_shrinks',
    'reply_buffer_expands',
  ],
  Replication: [
    'role',
    'connected_slaves',
    'master_failover_state',
    'master_replid',
    'master_replid2',
    'master_repl_offset',
    'second_repl_offset',
    'repl_backlog_active',
    'repl_backlog_size',
    'repl_backlog_first_byte_offset',
    'repl_backlog_histlen',
  ],
  CPU: [
    'used_cpu_sys',
    'used_cpu_user',
    'used_cpu_sys_children',
    'used_cpu_user_children',
    'used_cpu_sys_main_thread',
    'used_cpu_user_main_thread',
  ],
  Modules: [],
  Cluster: ['cluster_enabled'],
};

describe('INFO', () => {
  it('INFO everything has the sections and field names of Redis 7.0.15, in order', () => {
    const { info } = setup();
    const got = sections(info('everything'));
    expect(Object.keys(got)).toEqual([
      'Server',
      'Clients',
      'Memory',
      'Persistence',
      'Stats',
      'Replication',
      'CPU',
      'Modules',
      'Commandstats',
      'Errorstats',
      'Latencystats',
      'Cluster',
      'Keyspace',
    ]);
    for (const [title, names] of Object.entries(REDIS_FIELDS)) expect(got[title], title).toEqual(names);
  });

  it('INFO selects sections as Redis does: default, all, everything, names in any case, each once', () => {
    const { info } = setup();
    const titles = (...args: string[]) => Object.keys(sections(info(...args)));
    const defaults = [
      'Server',
      'Clients',
      'Memory',
      'Persistence',
      'Stats',
      'Replication',
      'CPU',
      'Modules',
      'Errorstats',
      'Cluster',
      'Keyspace',
    ];
    expect(titles()).toEqual(defaults);
    expect(titles('default')).toEqual(defaults);
    expect(titles('all')).toEqual(titles('everything'));
    expect(titles('all')).toHaveLength(13);
    expect(titles('default', 'commandstats')).toEqual([
      ...defaults.slice(0, 8),
      'Commandstats',
      ...defaults.slice(8),
    ]);
    expect(titles('SERVER', 'server')).toEqual(['Server']);
    expect(titles('keyspace', 'server')).toEqual(['Server', 'Keyspace']);
    expect(titles('modules')).toEqual(['Modules']);
    expect(titles('module_list')).toEqual(['Modules']);
    expect(info('foo')).toBe('');
    expect(info('server')).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n[\s\S]*\r\n$/);
    expect(info('server', 'clients')).toContain('io_threads_active:0\r\n\r\n# Clients\r\n');
  });

  it('INFO reports real values: version, mode, role, config, uptime, keyspace', () => {
    const { info, c, clock } = setup({ config: { hz: 25, maxclients: 77 } });
    c('SET', 'a', '1');
    c('SET', 'b', '2', 'PX', '10000');
    c('SELECT', '3');
    c('SET', 'c', '3');
    clock.advance(90_000);
    const f = fields(info('everything'));
    expect(f.redis_version).toBe('7.0.15');
    expect(f.redis_mode).toBe('standalone');
    expect(f.role).toBe('master');
    expect(f.connected_slaves).toBe('0');
    expect(f.master_replid).toMatch(/^[0-9a-f]{40}$/);
    expect(f.run_id).toMatch(/^[0-9a-f]{40}$/);
    expect(f.hz).toBe('25');
    expect(f.configured_hz).toBe('25');
    expect(f.maxclients).toBe('77');
    expect(f.uptime_in_seconds).toBe('90');
    expect(f.maxmemory_policy).toBe('noeviction');
    expect(f.cluster_enabled).toBe('0');
    expect(f.db0).toBe('keys=1,expires=0,avg_ttl=0'); // b expired in an active expire cycle
    expect(f.db3).toBe('keys=1,expires=0,avg_ttl=0');
  });

  it('INFO keyspace shows volatile keys with their average TTL', () => {
    const { info, c } = setup();
    c('SET', 'a', '1', 'PX', '10000');
    c('SET', 'b', '1', 'PX', '20000');
    c('SET', 'c', '1');
    expect(info('keyspace')).toBe('# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=15000\r\n');
  });

  it('INFO stats counts commands, keyspace hits and misses, expired keys and errors', () => {
    const { info, c, clock } = setup();
    c('SET', 'k', 'v');
    c('GET', 'k');
    c('GET', 'k');
    c('GET', 'missing');
    c('SET', 't', 'v', 'PX', '10');
    clock.advance(20);
    c('GET', 't');
    c('INCR', 'k'); // failed
    c('GET'); // rejected: arity
    c('NOSUCH'); // unknown command
    c('OBJECT', 'NOSUCH', 'k'); // unknown subcommand
    const f = fields(info('stats'));
    expect(f.total_commands_processed).toBe('7');
    expect(f.keyspace_hits).toBe('2');
    expect(f.keyspace_misses).toBe('2');
    expect(f.expired_keys).toBe('1');
    expect(f.total_error_replies).toBe('4');
  });

  it('INFO commandstats has Redis calls/usec/rejected/failed lines and errorstats the error codes', () => {
    const { info, c } = setup();
    c('SET', 'k', 'v');
    c('INCR', 'k');
    c('GET');
    c('LPUSH', 'k', 'x');
    c('CONFIG', 'GET', 'hz');
    c('NOSUCH');
    const text = info('commandstats', 'errorstats');
    expect(text).toContain(
      'cmdstat_set:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n',
    );
    expect(text).toContain(
      'cmdstat_incr:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1\r\n',
    );
    expect(text).toContain(
      'cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n',
    );
    expect(text).toContain('cmdstat_config|get:calls=1,');
    expect(text).toContain('# Errorstats\r\nerrorstat_ERR:count=3\r\nerrorstat_WRONGTYPE:count=1\r\n');
  });

  it('INFO commandstats measures time when commands are timed', () => {
    const { info, c } = setup({ timeCommands: true });
    c('SET', 'k', 'v');
    const line = info('commandstats').match(/cmdstat_set:(.*)\r\n/)![1]!;
    expect(line).toMatch(/^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
  });

  it('INFO latencystats shows percentiles in Redis format when commands are timed', () => {
    const { info, c } = setup({ timeCommands: true });
    c('SET', 'k', 'v');
    c('CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99.9');
    c('GET', 'k');
    const text = info('latencystats');
    expect(text).toMatch(/latency_percentiles_usec_set:p50=\d+\.\d{3},p99\.9=\d+\.\d{3}\r\n/);
    c('CONFIG', 'SET', 'latency-tracking', 'no');
    expect(info('latencystats')).toBe('# Latencystats\r\n');
  });

  it('INFO takes fields other modules provide', () => {
    const { info, store } = setup();
    store.stats.provide('server', () => ({ tcp_port: 6380 }));
    store.stats.provide('stats', () => ({ total_connections_received: 12, extra_field: 'x' }));
    const f = fields(info('server', 'stats'));
    expect(f.tcp_port).toBe('6380');
    expect(f.total_connections_received).toBe('12');
    expect(sections(info('stats')).Stats!.at(-1)).toBe('extra_field');
  });

  it('INFO is a verbatim string in RESP3 and a bulk string in RESP2', () => {
    const { store } = setup();
    const reply = store.dispatch(['INFO', 'cluster']);
    expect(encodeReply(reply as never, 3)).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
    expect(encodeReply(reply as never, 2)).toBe('$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n');
  });

  it('INFO memory reports maxmemory as Redis prints it', () => {
    const { info, c } = setup();
    c('CONFIG', 'SET', 'maxmemory', '1gb');
    let f = fields(info('memory'));
    expect(f.maxmemory).toBe('1073741824');
    expect(f.maxmemory_human).toBe('1.00G');
    c('CONFIG', 'SET', 'maxmemory', '18446744073709551615');
    f = fields(info('memory'));
    expect(f.maxmemory).toBe('-1');
    expect(f.maxmemory_human).toBe('18446744073709551615B');
  });

  it('bytesToHuman formats as Redis does', () => {
    expect(bytesToHuman(0)).toBe('0B');
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1024)).toBe('1.00K');
    expect(bytesToHuman(1389496)).toBe('1.33M');
    expect(bytesToHuman(25276502016)).toBe('23.54G');
  });

  it('infoText works on the store directly', () => {
    const { store } = setup();
    expect(infoText(store, ['cluster'])).toBe('# Cluster\r\ncluster_enabled:0\r\n');
  });
});

describe('SLOWLOG', () => {
  it('SLOWLOG GET replies entries newest first with Redis fields', () => {
    const { c } = setup({ config: { 'slowlog-log-slower-than': 0 } });
    c('SET', 'k', 'v');
    c('GET', 'k');
    const entries = c('SLOWLOG', 'GET') as unknown[][];
    expect(entries).toHaveLength(2);
    const [newest, oldest] = entries as [unknown[], unknown[]];
    expect(newest[0]).toBe(1);
    expect(newest[3]).toEqual(['GET', 'k']);
    expect(oldest[0]).toBe(0);
    expect(oldest[1]).toBe(Math.floor(Date.UTC(2030, 0, 1) / 1000));
    expect(typeof oldest[2]).toBe('number');
    expect(oldest.slice(3)).toEqual([['SET', 'k', 'v'], '', '']);
    expect(c('SLOWLOG', 'LEN')).toBe(3); // SLOWLOG GET itself
    expect(c('SLOWLOG', 'GET', '1')).toHaveLength(1);
    expect(c('SLOWLOG', 'RESET')).toBe('OK');
    expect(c('SLOWLOG', 'LEN')).toBe(1); // SLOWLOG RESET was logged after the reset
  });

  it('SLOWLOG keeps at most 32 arguments and 128 bytes of each, and redacts secrets', () => {
    const { c } = setup({ config: { 'slowlog-log-slower-than': 0 } });
    c('RPUSH', 'l', ...Array.from({ length: 40 }, (_, i) => `e${i}`));
    c('SET', 'k', 'x'.repeat(200));
    c('CONFIG', 'SET', 'requirepass', 'secret', 'hz', '11');
    const [config, set, rpush] = c('SLOWLOG', 'GET') as [unknown[], unknown[], unknown[]];
    const args = rpush[3] as string[];
    expect(args).toHaveLength(32);
    expect(args[31]).toBe('... (11 more arguments)');
    expect((set[3] as string[])[2]).toBe(`${'x'.repeat(128)}... (72 more bytes)`);
    expect(config[3]).toEqual(['CONFIG', 'SET', 'requirepass', '(redacted)', 'hz', '11']);
  });

  it('SLOWLOG logs nothing below the threshold, nothing at -1, and skips EXEC-like commands', () => {
    const { c } = setup({ config: { 'slowlog-log-slower-than': 1_000_000 } });
    c('SET', 'k', 'v');
    expect(c('SLOWLOG', 'LEN')).toBe(0);
    c('CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
    c('SET', 'k', 'v');
    expect(c('SLOWLOG', 'LEN')).toBe(0);
  });

  it('SLOWLOG errors and HELP', () => {
    const { c } = setup();
    expect(c('SLOWLOG', 'GET', '-2')).toBe('ERR count should be greater than or equal to -1');
    expect(c('SLOWLOG', 'GET', 'abc')).toBe('ERR count should be greater than or equal to -1');
    expect(c('SLOWLOG', 'GET', '1', '2')).toBe(
      "ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.",
    );
    expect(c('SLOWLOG', 'FOO')).toBe("ERR unknown subcommand 'FOO'. Try SLOWLOG HELP.");
    expect(c('SLOWLOG', 'LEN', 'x')).toBe("ERR wrong number of arguments for 'slowlog|len' command");
    expect(c('SLOWLOG', 'GET', '-1')).toEqual([]);
    const help = c('SLOWLOG', 'HELP') as string[];
    expect(help[0]).toBe('SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toHaveLength(12);
  });
});

describe('LATENCY', () => {
  it('LATENCY with no events: LATEST empty, HISTORY empty, GRAPH error, RESET 0, DOCTOR disabled', () => {
    const { c } = setup();
    expect(c('LATENCY', 'LATEST')).toEqual([]);
    expect(c('LATENCY', 'HISTORY', 'command')).toEqual([]);
    expect(c('LATENCY', 'GRAPH', 'command')).toBe("ERR No samples available for event 'command'");
    expect(c('LATENCY', 'RESET')).toBe(0);
    expect(c('LATENCY', 'DOCTOR')).toMatch(
      /^I'm sorry, Dave, I can't do that\. Latency monitoring is disabled/,
    );
    expect(c('LATENCY', 'HISTOGRAM')).toEqual([]);
    expect((c('LATENCY', 'HELP') as string[])[0]).toBe(
      'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
    );
  });

  it('LATENCY records command events over the threshold (DEBUG SLEEP on a real clock)', () => {
    const store = new Store({ clock: new SystemClock(), config: { 'latency-monitor-threshold': 1 } });
    store.call('DEBUG', 'SLEEP', '0.003');
    const latest = store.call('LATENCY', 'LATEST') as unknown[][];
    expect(latest).toHaveLength(1);
    const [event, time, latency, max] = latest[0] as [string, number, number, number];
    expect(event).toBe('command');
    expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(5);
    expect(latency).toBeGreaterThanOrEqual(3);
    expect(max).toBe(latency);
    const history = store.call('LATENCY', 'HISTORY', 'command') as number[][];
    expect(history).toEqual([[time, latency]]);
    const graph = store.call('LATENCY', 'GRAPH', 'command') as string;
    expect(graph.split('\n')[0]).toBe(
      `command - high ${latency} ms, low ${latency} ms (all time high ${max} ms)`,
    );
    expect(graph.split('\n')[1]).toBe('-'.repeat(80));
    expect(store.call('LATENCY', 'DOCTOR')).toMatch(
      /^Dave, I have observed latency spikes in this Redis instance\./,
    );
    expect(store.call('LATENCY', 'RESET', 'COMMAND', 'nosuch')).toBe(1);
    expect(store.call('LATENCY', 'LATEST')).toEqual([]);
    store.close();
  });

  it('LATENCY HISTOGRAM replies per-command cumulative buckets', () => {
    const { c } = setup({ timeCommands: true });
    c('SET', 'a', '1');
    c('SET', 'b', '2');
    c('CONFIG', 'GET', 'hz');
    const all = c('LATENCY', 'HISTOGRAM', 'set', 'config', 'nosuch') as unknown[];
    expect(all[0]).toBe('set');
    const set = all[1] as unknown[];
    expect(set[0]).toBe('calls');
    expect(set[1]).toBe(2);
    expect(set[2]).toBe('histogram_usec');
    const buckets = set[3] as number[];
    expect(buckets.at(-1)).toBe(2); // cumulative
    expect(all[2]).toBe('config|get');
  });

  it('latency histograms report HdrHistogram buckets and percentiles as Redis does', () => {
    const h = new LatencyHistogram();
    for (const us of [6, 6, 6, 12, 5, 6]) h.record(us * 1000);
    expect(h.valueAtPercentile(50) / 1000).toBe(6.015);
    expect(h.valueAtPercentile(99) / 1000).toBe(12.031);
    expect(h.cumulativeBuckets()).toEqual([
      [8, 5],
      [16, 6],
    ]);
    const big = new LatencyHistogram();
    big.record(1000);
    big.record(30_000);
    big.record(100_000);
    expect(big.cumulativeBuckets()).toEqual([
      [1, 1],
      [33, 2],
      [132, 3],
    ]);
  });
});

describe('MEMORY', () => {
  it('MEMORY USAGE matches Redis 7.0 for strings and compact encodings', () => {
    const { c } = setup();
    // Values measured on redis-server 7.0.15 (jemalloc 5.3.0).
    const cases: [string[], string, number][] = [
      [['SET', 'k', 'v'], 'k', 64],
      [['SET', 'k', '123'], 'k', 48],
      [['SET', 'k', '12345678901234567890'], 'k', 80],
      [['SET', 'k', 'x'.repeat(44)], 'k', 96],
      [['SET', 'k', 'x'.repeat(45)], 'k', 112],
      [['SET', 'k', 'x'.repeat(200)], 'k', 272],
      [['SET', 'k'.repeat(38), 'v'], 'k'.repeat(38), 104],
      [['RPUSH', 'l', 'a', 'b', 'c'], 'l', 144],
      [['RPUSH', 'l2', ...Array.from({ length: 1000 }, (_, i) => String(i + 1))], 'l2', 3200],
      [['HSET', 'h', 'f', 'v', 'f2', '12345'], 'h', 80],
      [['SADD', 's', '1', '2', '3'], 's', 64],
      [['SADD', 's2', '1', '100000'], 's2', 64],
      [['ZADD', 'z', '1', 'a', '2.5', 'b'], 'z', 80],
      [['XADD', 'x', '1-1', 'f', 'v'], 'x', 4728],
      [['SADD', 'hs', 'a', 'b', 'c'], 'hs', 232],
    ];
    for (const [cmd, key, size] of cases) {
      c(...cmd);
      expect(c('MEMORY', 'USAGE', key), cmd.slice(0, 3).join(' ')).toBe(size);
    }
    c('CONFIG', 'SET', 'hash-max-listpack-entries', '1');
    c('HSET', 'hh', 'a', '1', 'b', '2');
    expect(c('MEMORY', 'USAGE', 'hh')).toBe(216);
  });

  it('MEMORY USAGE options and errors', () => {
    const { c } = setup();
    c('SET', 'k', 'v');
    expect(c('MEMORY', 'USAGE', 'nokey')).toBe(null);
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES', '0')).toBe(64);
    expect(c('MEMORY', 'USAGE', 'k', 'samples')).toBe('ERR syntax error');
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1')).toBe('ERR syntax error');
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES', 'x')).toBe('ERR value is not an integer or out of range');
    expect(c('MEMORY', 'USAGE', 'k', 'foo')).toBe('ERR syntax error');
  });

  it('MEMORY STATS, DOCTOR, MALLOC-STATS, PURGE and HELP have Redis shapes', () => {
    const { c } = setup();
    c('SET', 'k', 'v');
    const stats = c('MEMORY', 'STATS') as unknown[];
    const keys = stats.filter((_, i) => i % 2 === 0);
    expect(keys.slice(0, 10)).toEqual([
      'peak.allocated',
      'total.allocated',
      'startup.allocated',
      'replication.backlog',
      'clients.slaves',
      'clients.normal',
      'cluster.links',
      'aof.buffer',
      'lua.caches',
      'functions.caches',
    ]);
    expect(keys[10]).toBe('db.0');
    expect(keys.slice(11)).toEqual([
      'overhead.total',
      'keys.count',
      'keys.bytes-per-key',
      'dataset.bytes',
      'dataset.percentage',
      'peak.percentage',
      'allocator.allocated',
      'allocator.active',
      'allocator.resident',
      'allocator-fragmentation.ratio',
      'allocator-fragmentation.bytes',
      'allocator-rss.ratio',
      'allocator-rss.bytes',
      'rss-overhead.ratio',
      'rss-overhead.bytes',
      'fragmentation',
      'fragmentation.bytes',
    ]);
    expect(stats[stats.indexOf('keys.count') + 1]).toBe(1);
    expect(c('MEMORY', 'DOCTOR')).toMatch(/^Hi Sam, /);
    expect(c('MEMORY', 'MALLOC-STATS')).toBe('Stats not supported for the current allocator');
    expect(c('MEMORY', 'PURGE')).toBe('OK');
    expect((c('MEMORY', 'HELP') as string[])[0]).toBe(
      'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
    );
  });

  it('jemalloc size classes', () => {
    expect([1, 8, 9, 21, 24, 33, 129, 160, 161, 204, 2880, 5000].map(jemallocSize)).toEqual([
      8, 8, 16, 32, 32, 48, 160, 160, 192, 224, 3072, 5120,
    ]);
  });
});

describe('rejections by client state are counted as Redis counts them', () => {
  it('the RESP2 subscriber context: rejected_calls and errorstats', () => {
    const store = new Store({ clock: new FakeClock(0) });
    const s = store.createSession();
    s.push = () => {};
    store.dispatch(['SUBSCRIBE', 'ch'], s);
    const r = store.dispatch(['GET', 'k'], s);
    expect(r).toBeInstanceOf(ReplyError);
    const info = String(store.call('INFO', 'commandstats', 'errorstats'));
    expect(info).toMatch(/cmdstat_get:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0/);
    expect(info).toMatch(/errorstat_ERR:count=1/);
  });
});

// Server statistics of one store: what INFO stats / commandstats / errorstats report, the slow
// log and the latency monitor. The dispatcher bumps the per-command counters (one indexed
// increment per command); store code bumps keyspace hits/misses and expired keys; the RESP
// server, persistence and pub/sub report their own numbers through plain counters here or
// through `provide()` (fields they own in an INFO section).
//
// Timing a command takes two clock reads (~110 ns on Node 20), a large share of an in-process
// GET (~170 ns), so it is off unless asked for: with `timing` false, commandstats counts calls
// and errors but reports usec=0, and the slow log and latency histograms stay empty. It turns on
// with the `timeCommands` store option (the RESP server sets it), or when slowlog-log-slower-than,
// latency-monitor-threshold or latency-tracking is set through CONFIG SET or the `config` option.

import type { Session } from '../store/core.js';
import { COMMAND_COUNT } from './command-ids.js';
import { LatencyMonitor } from './latency.js';
import { SlowLog } from './slowlog.js';

/** A value of an INFO field. */
export type InfoFieldValue = string | number | bigint;

/** The INFO sections other modules can add fields to. */
export type InfoSection = 'server' | 'clients' | 'memory' | 'persistence' | 'stats' | 'replication' | 'cpu';

/** Returns INFO fields: ones named like a built-in field replace its value, others are appended. */
export type InfoProvider = () => Record<string, InfoFieldValue>;

/** The error code INFO errorstats counts a reply under: its first word, as Redis's afterErrorReply. */
export function errorCode(message: string): string {
  const i = message.indexOf(' ');
  // Redis looks for the space within the first 32 bytes of "-<message>".
  return i > 0 && i <= 30 ? message.slice(0, i) : 'ERR';
}

/**
 * The statistics of one store (`store.stats`): INFO's counters, per-command call counts, error
 * codes, the slow log and the latency monitor.
 * @see https://redis.io/commands/info/
 */
export class ServerStats {
  /** total_commands_processed */
  commands = 0;
  /** total_connections_received (the RESP server counts accepted connections). */
  connectionsReceived = 0;
  /** connected_clients (the RESP server keeps it current). */
  connectedClients = 0;
  /** rejected_connections (maxclients). */
  rejectedConnections = 0;
  /** expired_keys: keys deleted because their TTL passed (lazily or by the active cycle). */
  expiredKeys = 0;
  /** evicted_keys (maxmemory eviction). */
  evictedKeys = 0;
  /** keyspace_hits: read lookups that found their key. */
  keyspaceHits = 0;
  /** keyspace_misses: read lookups that did not. */
  keyspaceMisses = 0;
  /** total_error_replies */
  errorReplies = 0;
  /** total_net_input_bytes (the RESP server adds what it reads). */
  netInputBytes = 0;
  /** total_net_output_bytes (the RESP server adds what it writes). */
  netOutputBytes = 0;
  /** used_memory_peak, updated when INFO or MEMORY STATS read the memory figures. */
  peakMemory = 0;

  /** Per command id (see command-ids.ts): calls, time, failed and rejected calls. */
  readonly calls = new Float64Array(COMMAND_COUNT);
  readonly usec = new Float64Array(COMMAND_COUNT);
  readonly failedCalls = new Float64Array(COMMAND_COUNT);
  readonly rejectedCalls = new Float64Array(COMMAND_COUNT);
  /** errorstats: error code -> count. */
  readonly errors = new Map<string, number>();

  /** True while commands are timed (see the file header). */
  timing = false;
  /**
   * How a session's client shows in the slow log (`addr` is `ip:port`, `name` CLIENT SETNAME's):
   * the connection module sets it; unset, entries show "" for both, as for the in-process API.
   */
  describeClient: ((session: Session) => { addr: string; name: string | null } | undefined) | null = null;
  readonly slowlog = new SlowLog();
  readonly latency = new LatencyMonitor();

  private readonly providers = new Map<InfoSection, InfoProvider[]>();
  private readonly resetHooks: (() => void)[] = [];

  /** Counts an error reply (errorstats and total_error_replies). */
  errorReply(message: string): void {
    this.errorReplies++;
    const code = errorCode(message);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** A command that ran and replied with an error (failed_calls). */
  commandFailed(id: number, message: string): void {
    this.failedCalls[id]++;
    this.errorReply(message);
  }

  /** A command refused before it ran: arity, state, auth (rejected_calls); `id` -1 when unknown. */
  commandRejected(id: number, message: string): void {
    if (id >= 0) this.rejectedCalls[id]++;
    this.errorReply(message);
  }

  /**
   * Adds fields to an INFO section: the persistence manager provides `rdb_*` and `aof_*`, the
   * RESP server `tcp_port` and client figures, pub/sub `pubsub_channels` ... Returns a function
   * that removes the provider.
   */
  provide(section: InfoSection, provider: InfoProvider): () => void {
    let list = this.providers.get(section);
    if (list === undefined) {
      list = [];
      this.providers.set(section, list);
    }
    list.push(provider);
    return () => {
      const i = list!.indexOf(provider);
      if (i >= 0) list!.splice(i, 1);
    };
  }

  /** @internal the fields every provider of `section` reports, merged. */
  provided(section: InfoSection): Record<string, InfoFieldValue> | undefined {
    const list = this.providers.get(section);
    if (list === undefined || list.length === 0) return undefined;
    return Object.assign({}, ...list.map((p) => p()));
  }

  /** Runs `fn` on CONFIG RESETSTAT (modules with their own counters reset them). */
  onReset(fn: () => void): () => void {
    this.resetHooks.push(fn);
    return () => {
      const i = this.resetHooks.indexOf(fn);
      if (i >= 0) this.resetHooks.splice(i, 1);
    };
  }

  /** CONFIG RESETSTAT: resetServerStats + resetCommandTableStats + resetErrorTableStats. */
  reset(): void {
    this.commands = 0;
    this.connectionsReceived = 0;
    this.rejectedConnections = 0;
    this.expiredKeys = 0;
    this.evictedKeys = 0;
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.errorReplies = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.calls.fill(0);
    this.usec.fill(0);
    this.failedCalls.fill(0);
    this.rejectedCalls.fill(0);
    this.errors.clear();
    this.latency.resetHistograms();
    for (const fn of this.resetHooks) fn();
  }
}

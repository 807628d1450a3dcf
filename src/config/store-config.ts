// A store's CONFIG registry: every Redis 7.0 parameter (params.ts), with the ones the store
// honours bound to its knobs. Other modules bind theirs when they attach (the RESP server: port,
// bind; persistence: save, dir, appendonly ...), through `store.config.bind(name, hooks)`.
//
// Honoured here: databases (read-only), hz, the encoding thresholds of hashes, sets, sorted sets
// and streams, notify-keyspace-events, requirepass, slowlog-*, latency-*, and (through
// keyspace/evict.ts) maxmemory, maxmemory-policy, maxmemory-samples,
// maxmemory-eviction-tenacity, lfu-log-factor and lfu-decay-time. Stored and reported
// only, for now: list-max-listpack-size
// and list-compress-depth (embedis lists have one encoding, as Redis 7.0's quicklist),
// proto-max-bulk-len (strings are capped at the default 512 MB), and the rest of Redis's knobs.

import { requirePass, setRequirePass } from '../commands/connection.js';
import { bindEviction } from '../keyspace/evict.js';
import type { Store } from '../store.js';
import { Config, type ConfigInput, type ConfigName, type ConfigValues } from './config.js';
import { serverIdentity } from './info.js';
import { STANDARD_PARAMS } from './params.js';

/** Options of {@link Store} for CONFIG and the introspection commands. */
export interface StoreConfigOptions {
  /**
   * Initial values of configuration parameters, as a redis.conf would give them (immutable ones
   * included): `{ 'maxmemory-policy': 'allkeys-lru', 'zset-max-listpack-entries': 0 }`. Values
   * take Redis's syntax (`'1gb'`, `'yes'`) or the typed form (`1073741824`, `true`). Throws a
   * RangeError naming the parameter for an unknown name or an invalid value.
   * @default {}
   */
  config?: Partial<{ [K in ConfigName]: ConfigInput<ConfigValues[K]> }> & Record<string, ConfigInput>;
  /**
   * Time every command: INFO commandstats `usec`, SLOWLOG and LATENCY need it. It costs two
   * clock reads (~110 ns) per command, so the bare library leaves it off; `embedis serve` turns
   * it on, and so does setting slowlog-log-slower-than, latency-monitor-threshold or
   * latency-tracking (CONFIG SET or `config`).
   * @default false
   */
  timeCommands?: boolean;
}

/**
 * The options `new Store()` hands to its base constructor: `config.databases` and `config.hz`
 * decide what the core builds, as they would in a redis.conf.
 * @internal
 */
export function coreOptionsOf<T extends StoreConfigOptions & { databases?: number; hz?: number }>(
  options: T,
): T {
  const config = options.config;
  if (config === undefined) return options;
  const out = { ...options };
  if (config.databases !== undefined) {
    const n = Number(config.databases);
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`config 'databases': argument must be between 1 and 2147483647 inclusive`);
    out.databases = n;
  }
  if (config.hz !== undefined) {
    const n = Number(config.hz);
    if (Number.isInteger(n)) out.hz = Math.min(500, Math.max(1, n));
  }
  return out;
}

/** Builds the registry of `store` and applies `options.config`. @internal */
export function createStoreConfig(store: Store, options: StoreConfigOptions): Config {
  const config = new Config();
  for (const def of STANDARD_PARAMS) config.define(def);
  // INFO's run id, replication id and uptime start now.
  serverIdentity(store);
  const stats = store.stats;
  stats.timing = options.timeCommands ?? false;
  const timeCommands = (): void => {
    stats.timing = true;
  };

  config.bind<number>('databases', { get: () => store.dbs.length });
  // A listener is not moved while it runs: CONFIG SET to the same value is a no-op (no hook
  // runs), another value fails as a failed rebind does in Redis (changeListenPort, applyBind).
  config.bind<number>('port', { set: () => 'Unable to listen on this port. Check server logs.' });
  config.bind<string>('bind', {
    set: (v) => (v === config.getText('bind') ? undefined : 'Failed to bind to specified addresses.'),
  });
  config.bind<number>('hz', {
    get: () => store.hz,
    set: (v) => {
      store.hz = v;
    },
  });

  // Encoding thresholds: the limits objects are shared by reference with every value of the type.
  const limit = <O extends object>(name: string, target: O, field: keyof O & string): void => {
    config.bind<number>(name, {
      get: () => target[field] as number,
      set: (v) => {
        (target as Record<string, number>)[field] = v;
      },
    });
  };
  limit('hash-max-listpack-entries', store.hashLimits, 'maxListpackEntries');
  limit('hash-max-listpack-value', store.hashLimits, 'maxListpackValue');
  limit('set-max-intset-entries', store.setLimits, 'maxIntsetEntries');
  limit('zset-max-listpack-entries', store.zsetLimits, 'maxListpackEntries');
  limit('zset-max-listpack-value', store.zsetLimits, 'maxListpackValue');
  limit('stream-node-max-bytes', store.streamLimits, 'maxBytes');
  limit('stream-node-max-entries', store.streamLimits, 'maxEntries');

  config.bind<string>('notify-keyspace-events', {
    get: () => store.getNotifyKeyspaceEvents(),
    set: (v) => store.setNotifyKeyspaceEvents(v),
  });
  config.bind<string>('requirepass', {
    get: () => requirePass(store) ?? '',
    set: (v) => setRequirePass(store, v === '' ? null : v),
  });

  const { slowlog, latency } = stats;
  config.bind<number>('slowlog-log-slower-than', {
    get: () => slowlog.logSlowerThan,
    set: (v) => {
      slowlog.logSlowerThan = v;
      timeCommands();
    },
  });
  config.bind<number>('slowlog-max-len', {
    get: () => slowlog.maxLen,
    set: (v) => {
      slowlog.maxLen = v;
      slowlog.trim();
    },
  });
  config.bind<number>('latency-monitor-threshold', {
    get: () => latency.threshold,
    set: (v) => {
      latency.threshold = v;
      if (v > 0) timeCommands();
    },
  });
  config.bind<boolean>('latency-tracking', {
    get: () => latency.tracking,
    set: (v) => {
      latency.tracking = v;
      if (v) timeCommands();
    },
  });
  config.bind<string>('latency-tracking-info-percentiles', {
    set: (v) => {
      latency.percentiles = v === '' ? [] : v.split(' ').map(Number);
    },
  });

  bindEviction(store, config);

  if (options.config !== undefined) config.load(options.config);
  return config;
}

import { describe, expect, it } from 'vitest';
import { Config, numericParam, type ParamDef, ParamFlags, specialParam } from '../../src/config/config.js';
import { STANDARD_PARAMS } from '../../src/config/params.js';
import { FakeClock, ReplyError, Store } from '../../src/index.js';

function setup(options: Store.Options = {}) {
  const clock = new FakeClock(Date.UTC(2030, 0, 1));
  const store = new Store({ clock, ...options });
  /** call() that returns a thrown ReplyError's text instead of throwing. */
  const c = (...argv: (string | number)[]): unknown => {
    try {
      return store.call(String(argv[0]), ...argv.slice(1));
    } catch (e) {
      if (e instanceof ReplyError) return e.message;
      throw e;
    }
  };
  return { clock, store, c };
}

/** CONFIG GET's flat [name, value, ...] as an object. */
function asObject(flat: unknown): Record<string, string> {
  const a = flat as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i < a.length; i += 2) out[a[i]!] = a[i + 1]!;
  return out;
}

const failed = (name: string, reason: string) =>
  `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;

describe('CONFIG GET', () => {
  it('CONFIG GET * lists Redis 7.0.15 parameters and aliases, hidden ones excluded', () => {
    const { c } = setup();
    const all = asObject(c('CONFIG', 'GET', '*'));
    // A redis-server 7.0.15 lists 192 names (aliases included) for CONFIG GET *.
    expect(Object.keys(all)).toHaveLength(192);
    expect(all['hash-max-listpack-entries']).toBe('512');
    expect(all['hash-max-ziplist-entries']).toBe('512');
    expect(all['slave-read-only']).toBe('yes');
    expect(all['rdb-key-save-delay']).toBeUndefined(); // HIDDEN
    expect(all['use-exit-on-panic']).toBeUndefined();
  });

  it('CONFIG GET reports Redis defaults', () => {
    const { c } = setup();
    const expected: Record<string, string> = {
      databases: '16',
      hz: '10',
      maxmemory: '0',
      'maxmemory-policy': 'noeviction',
      'maxmemory-samples': '5',
      'hash-max-listpack-entries': '512',
      'hash-max-listpack-value': '64',
      'set-max-intset-entries': '512',
      'zset-max-listpack-entries': '128',
      'zset-max-listpack-value': '64',
      'list-max-listpack-size': '-2',
      'list-compress-depth': '0',
      'stream-node-max-bytes': '4096',
      'stream-node-max-entries': '100',
      'notify-keyspace-events': '',
      requirepass: '',
      timeout: '0',
      'tcp-keepalive': '300',
      appendonly: 'no',
      appendfsync: 'everysec',
      appenddirname: 'appendonlydir',
      dbfilename: 'dump.rdb',
      'proto-max-bulk-len': '536870912',
      'client-query-buffer-limit': '1073741824',
      'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
      'slowlog-log-slower-than': '10000',
      'slowlog-max-len': '128',
      'latency-monitor-threshold': '0',
      'latency-tracking-info-percentiles': '50 99 99.9',
      'lazyfree-lazy-user-del': 'no',
      'oom-score-adj-values': '0 200 800',
      'shutdown-on-sigterm': 'default',
      'proc-title-template': '{title} {listen-addr} {server-mode}',
      'auto-aof-rewrite-percentage': '100',
      'auto-aof-rewrite-min-size': '67108864',
      'aof-use-rdb-preamble': 'yes',
      'aof-load-truncated': 'yes',
      'maxmemory-clients': '0',
    };
    for (const [name, value] of Object.entries(expected))
      expect(c('CONFIG', 'GET', name), name).toEqual([name, value]);
  });

  it('CONFIG GET takes several patterns, matches case-insensitively and lists each parameter once', () => {
    const { c } = setup();
    expect(c('CONFIG', 'GET', 'HZ')).toEqual(['HZ', '10']); // an exact name is echoed as typed
    expect(c('CONFIG', 'GET', 'hz', 'HZ', 'Hz')).toEqual(['hz', '10']);
    expect(c('CONFIG', 'GET', 'h?', 'hz')).toEqual(['hz', '10']);
    expect(asObject(c('CONFIG', 'GET', 'maxmemory*', 'ZSET-*'))).toEqual({
      maxmemory: '0',
      'maxmemory-clients': '0',
      'maxmemory-eviction-tenacity': '10',
      'maxmemory-policy': 'noeviction',
      'maxmemory-samples': '5',
      'zset-max-listpack-entries': '128',
      'zset-max-listpack-value': '64',
      'zset-max-ziplist-entries': '128',
      'zset-max-ziplist-value': '64',
    });
    expect(c('CONFIG', 'GET', 'rdb-key-save-delay')).toEqual(['rdb-key-save-delay', '0']); // hidden, named exactly
    expect(c('CONFIG', 'GET', 'nosuch')).toEqual([]);
    expect(c('CONFIG', 'GET')).toBe("ERR wrong number of arguments for 'config|get' command");
  });

  it('CONFIG GET is a map in RESP3', () => {
    const { store } = setup();
    const r = store.dispatch(['CONFIG', 'GET', 'hz']);
    expect(r).toMatchObject({ entries: ['hz', '10'] });
  });
});

describe('CONFIG SET', () => {
  it('CONFIG SET applies several parameters at once and CONFIG GET reads them back', () => {
    const { c } = setup();
    expect(c('CONFIG', 'SET', 'maxmemory', '1gb', 'maxmemory-policy', 'ALLKEYS-LRU', 'hz', '1000')).toBe(
      'OK',
    );
    expect(c('CONFIG', 'GET', 'maxmemory')).toEqual(['maxmemory', '1073741824']);
    expect(c('CONFIG', 'GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    expect(c('CONFIG', 'GET', 'hz')).toEqual(['hz', '500']); // clamped, as updateHZ does
    expect(c('CONFIG', 'SET', 'hz', '0')).toBe('OK');
    expect(c('CONFIG', 'GET', 'hz')).toEqual(['hz', '1']);
  });

  it('CONFIG SET parses memory units, percentages, yes/no and enums as Redis does', () => {
    const { c } = setup();
    const cases: [string, string, string][] = [
      ['maxmemory', '5MB', '5242880'],
      ['maxmemory', '5k', '5000'],
      ['maxmemory', '2Kb', '2048'],
      ['maxmemory', '1G', '1000000000'],
      ['maxmemory', '', '0'],
      ['maxmemory', 'kb', '0'],
      ['maxmemory', '99999999999999999999999', '18446744073709551615'],
      ['maxmemory-clients', '10%', '10%'],
      ['maxmemory-clients', '0', '0'],
      ['lazyfree-lazy-user-del', 'YES', 'yes'],
      ['lazyfree-lazy-user-del', 'no', 'no'],
      ['shutdown-on-sigint', 'now save force', 'save now force'],
      ['shutdown-on-sigint', 'default save', 'save'],
      ['shutdown-on-sigint', 'default', 'default'],
      ['notify-keyspace-events', 'KEA', 'AKE'],
      ['notify-keyspace-events', 'Kx$', '$xK'],
      ['notify-keyspace-events', '', ''],
      ['save', '3600 1 300 100', '3600 1 300 100'],
      ['save', '', ''],
      [
        'client-output-buffer-limit',
        'normal 1mb 2mb 3',
        'normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
      ],
      [
        'client-output-buffer-limit',
        'replica 1 2 3',
        'normal 1048576 2097152 3 slave 1 2 3 pubsub 33554432 8388608 60',
      ],
      ['latency-tracking-info-percentiles', '50.5 99 99.9', '50.5 99 99.9'],
      ['latency-tracking-info-percentiles', '', ''],
      ['oom-score-adj-values', '0 -200 2000', '0 -200 2000'],
      ['list-max-ziplist-size', '-5', '-5'],
      ['proc-title-template', '{{title}} {port}', '{{title}} {port}'],
    ];
    for (const [name, value, shown] of cases) {
      expect(c('CONFIG', 'SET', name, value), `${name} ${value}`).toBe('OK');
      expect(c('CONFIG', 'GET', name), `${name} ${value}`).toEqual([name, shown]);
    }
  });

  it('CONFIG SET errors carry Redis 7.0 texts', () => {
    const { c } = setup();
    const cases: [(string | number)[], string][] = [
      [['hz', 'abc'], failed('hz', "argument couldn't be parsed into an integer")],
      [['hz', ' 5'], failed('hz', "argument couldn't be parsed into an integer")],
      [['hz', '05'], failed('hz', "argument couldn't be parsed into an integer")],
      [['hz', '-1'], failed('hz', 'argument must be between 0 and 2147483647 inclusive')],
      [
        ['hash-max-ziplist-entries', '-1'],
        failed('hash-max-ziplist-entries', 'argument must be between 0 and 9223372036854775807 inclusive'),
      ],
      [
        ['slowlog-max-len', '-1'],
        failed('slowlog-max-len', 'argument must be between 0 and 9223372036854775807 inclusive'),
      ],
      [['maxmemory', '-1'], failed('maxmemory', 'argument must be a memory value')],
      [['maxmemory', '1.5gb'], failed('maxmemory', 'argument must be a memory value')],
      [['maxmemory', '+5'], failed('maxmemory', 'argument must be a memory value')],
      [
        ['proto-max-bulk-len', '1000'],
        failed('proto-max-bulk-len', 'argument must be between 1048576 and 9223372036854775807 inclusive'),
      ],
      [
        ['maxmemory-clients', '200%'],
        failed('maxmemory-clients', 'percentage argument must be less or equal to 100'),
      ],
      [
        ['maxmemory-clients', '-5'],
        failed('maxmemory-clients', 'argument must be a memory or percent value'),
      ],
      [['appendonly', 'maybe'], failed('appendonly', "argument must be 'yes' or 'no'")],
      [
        ['maxmemory-policy', 'bad'],
        failed(
          'maxmemory-policy',
          'argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction',
        ),
      ],
      [
        ['appendfsync', 'sometimes'],
        failed('appendfsync', 'argument(s) must be one of the following: everysec, always, no'),
      ],
      [
        ['shutdown-on-sigterm', 'save nosave'],
        failed('shutdown-on-sigterm', "shutdown options SAVE and NOSAVE can't be used simultaneously"),
      ],
      [
        ['shutdown-on-sigint', ''],
        failed(
          'shutdown-on-sigint',
          'argument(s) must be one of the following: default, save, nosave, now, force',
        ),
      ],
      [['save', '100 x'], failed('save', 'Invalid save parameters')],
      [['save', '0 10'], failed('save', 'Invalid save parameters')],
      [['save', '100 -1'], failed('save', 'Invalid save parameters')],
      [['save', '100'], failed('save', 'Invalid save parameters')],
      [['save', '  '], failed('save', 'Invalid save parameters')],
      [
        ['notify-keyspace-events', 'xyz'],
        failed('notify-keyspace-events', "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
      ],
      [
        ['client-output-buffer-limit', 'normal 1 2'],
        failed('client-output-buffer-limit', 'Wrong number of arguments in buffer limit configuration.'),
      ],
      [
        ['client-output-buffer-limit', 'master 1 2 3'],
        failed('client-output-buffer-limit', 'Invalid client class specified in buffer limit configuration.'),
      ],
      [
        ['client-output-buffer-limit', 'normal 1 2 -3'],
        failed(
          'client-output-buffer-limit',
          'Error in hard, soft or soft_seconds setting in buffer limit configuration.',
        ),
      ],
      [
        ['latency-tracking-info-percentiles', '50 abc'],
        failed('latency-tracking-info-percentiles', 'Invalid latency-tracking-info-percentiles parameters'),
      ],
      [
        ['latency-tracking-info-percentiles', '101'],
        failed(
          'latency-tracking-info-percentiles',
          'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]',
        ),
      ],
      [['oom-score-adj-values', '1 2'], failed('oom-score-adj-values', 'wrong number of arguments')],
      [
        ['oom-score-adj-values', '1 2 3000'],
        failed(
          'oom-score-adj-values',
          'Invalid oom-score-adj-values, elements must be between -2000 and 2000.',
        ),
      ],
      [['dbfilename', 'a/b'], failed('dbfilename', "dbfilename can't be a path, just a filename")],
      [
        ['proc-title-template', '{title}'],
        failed('proc-title-template', 'template format is invalid or contains unknown variables'),
      ],
      [
        ['proc-title-template', 'x {foo}'],
        failed('proc-title-template', 'template format is invalid or contains unknown variables'),
      ],
      [
        ['cluster-announce-hostname', 'a_b'],
        failed(
          'cluster-announce-hostname',
          'Hostnames may only contain alphanumeric characters, hyphens or dots',
        ),
      ],
      [
        ['activedefrag', 'yes'],
        failed(
          'activedefrag',
          'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution',
        ),
      ],
      [['databases', '3'], failed('databases', "can't set immutable config")],
      [['DATABASES', '3'], failed('DATABASES', "can't set immutable config")],
      [['port', '7000'], failed('port', 'Unable to listen on this port. Check server logs.')],
      [['HZ', '10', 'hz', '11'], failed('hz', 'duplicate parameter')],
      [['foo', 'bar'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
      [['hz', '3', 'foo', 'bar'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
      // The first failing argument wins: an immutable one before an unknown one.
      [['hz', '3', 'databases', '4', 'foo', 'bar'], failed('databases', "can't set immutable config")],
      [['hz', '1', '2'], 'ERR syntax error'],
      [['hz'], "ERR wrong number of arguments for 'config|set' command"],
    ];
    for (const [args, error] of cases) expect(c('CONFIG', 'SET', ...args), args.join(' ')).toBe(error);
    // Nothing changed.
    expect(c('CONFIG', 'GET', 'hz')).toEqual(['hz', '10']);
  });

  it('CONFIG SET an alias and its parameter together is no duplicate: the last wins', () => {
    const { c } = setup();
    expect(c('CONFIG', 'SET', 'hash-max-ziplist-entries', '100', 'hash-max-listpack-entries', '200')).toBe(
      'OK',
    );
    expect(c('CONFIG', 'GET', 'hash-max-ziplist-entries')).toEqual(['hash-max-ziplist-entries', '200']);
  });

  it('CONFIG SET is atomic: a bad value leaves every parameter of the call unchanged', () => {
    const { c } = setup();
    expect(c('CONFIG', 'SET', 'hz', '20', 'maxmemory-policy', 'bad')).toMatch(/maxmemory-policy/);
    expect(c('CONFIG', 'GET', 'hz')).toEqual(['hz', '10']);
  });

  it('CONFIG SET rolls back the parameters already applied when a hook refuses a value', () => {
    const { store, c } = setup();
    const applied: number[] = [];
    store.config.bind<number>('timeout', {
      set: (v) => {
        applied.push(v);
      },
    });
    store.config.bind<number>('tcp-keepalive', { set: (v) => (v === 7 ? 'not today' : undefined) });
    expect(c('CONFIG', 'SET', 'timeout', '30', 'tcp-keepalive', '7')).toBe(
      failed('tcp-keepalive', 'not today'),
    );
    expect(applied).toEqual([30, 0]); // applied, then set back
    expect(c('CONFIG', 'GET', 'timeout')).toEqual(['timeout', '0']);
    expect(c('CONFIG', 'GET', 'tcp-keepalive')).toEqual(['tcp-keepalive', '300']);
  });

  it('CONFIG SET of an unchanged value does not call the hook', () => {
    const { store, c } = setup();
    let calls = 0;
    store.config.bind<number>('timeout', {
      set: () => {
        calls++;
      },
    });
    c('CONFIG', 'SET', 'timeout', '0');
    expect(calls).toBe(0);
    c('CONFIG', 'SET', 'timeout', '5');
    expect(calls).toBe(1);
  });

  it('protected parameters need enable-protected-configs', () => {
    const { c } = setup({ config: { 'enable-protected-configs': 'no' } });
    expect(c('CONFIG', 'SET', 'dbfilename', 'x.rdb')).toBe(
      failed('dbfilename', "can't set protected config"),
    );
    const open = setup();
    expect(open.c('CONFIG', 'SET', 'dbfilename', 'x.rdb')).toBe('OK');
  });
});

describe('CONFIG SET changes what the store does', () => {
  it('hash-max-listpack-entries and -value decide hash encodings', () => {
    const { c } = setup();
    c('CONFIG', 'SET', 'hash-max-listpack-entries', '2');
    c('HSET', 'h', 'a', '1', 'b', '2');
    expect(c('OBJECT', 'ENCODING', 'h')).toBe('listpack');
    c('HSET', 'h', 'c', '3');
    expect(c('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
    c('CONFIG', 'SET', 'hash-max-ziplist-value', '3');
    c('HSET', 'h2', 'f', 'long value');
    expect(c('OBJECT', 'ENCODING', 'h2')).toBe('hashtable');
  });

  it('set-max-intset-entries and zset-max-listpack-entries decide set encodings', () => {
    const { c } = setup();
    c('CONFIG', 'SET', 'set-max-intset-entries', '2', 'zset-max-ziplist-entries', '1');
    c('SADD', 's', '1', '2');
    expect(c('OBJECT', 'ENCODING', 's')).toBe('intset');
    c('SADD', 's', '3');
    expect(c('OBJECT', 'ENCODING', 's')).toBe('hashtable');
    c('ZADD', 'z', '1', 'a', '2', 'b');
    expect(c('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
  });

  it('stream-node-max-entries decides where stream nodes are cut', () => {
    const { store, c } = setup();
    c('CONFIG', 'SET', 'stream-node-max-entries', '2');
    for (let i = 1; i <= 5; i++) c('XADD', 'x', `${i}-1`, 'f', 'v');
    expect(store.streamLimits.maxEntries).toBe(2);
    const info = c('XINFO', 'STREAM', 'x') as unknown[];
    expect(info[info.indexOf('radix-tree-keys') + 1]).toBe(3);
  });

  it('notify-keyspace-events turns keyspace notifications on', () => {
    const { store, c } = setup();
    c('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    expect(store.getNotifyKeyspaceEvents()).toBe('AKE');
    store.setNotifyKeyspaceEvents('Kg');
    expect(c('CONFIG', 'GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', 'gK']);
  });

  it('requirepass sets the password AUTH checks', () => {
    const { c } = setup();
    expect(c('AUTH', 'secret')).toMatch(/^ERR AUTH <password> called without any password configured/);
    c('CONFIG', 'SET', 'requirepass', 'secret');
    expect(c('CONFIG', 'GET', 'requirepass')).toEqual(['requirepass', 'secret']);
    expect(c('AUTH', 'secret')).toBe('OK');
  });

  it('hz changes the active expire frequency', () => {
    const { store, c } = setup();
    c('CONFIG', 'SET', 'hz', '50');
    expect(store.hz).toBe(50);
  });

  it('slowlog-max-len trims the slow log', () => {
    const { c } = setup({ config: { 'slowlog-log-slower-than': 0 } });
    for (let i = 0; i < 5; i++) c('SET', `k${i}`, 'v');
    c('CONFIG', 'SET', 'slowlog-max-len', '2');
    expect(c('SLOWLOG', 'LEN')).toBe(2);
  });
});

describe('CONFIG RESETSTAT / REWRITE / HELP', () => {
  it('CONFIG RESETSTAT zeroes INFO counters', () => {
    const { c } = setup();
    c('SET', 'k', 'v');
    c('GET', 'k');
    c('GET', 'nokey');
    c('NOSUCHCOMMAND');
    expect(c('CONFIG', 'RESETSTAT')).toBe('OK');
    const info = c('INFO', 'stats', 'commandstats', 'errorstats') as string;
    expect(info).toContain('keyspace_hits:0\r\n');
    expect(info).toContain('keyspace_misses:0\r\n');
    expect(info).toContain('total_error_replies:0\r\n');
    // RESETSTAT itself is counted once it returns, as Redis's call() counts it.
    expect(info).toContain('total_commands_processed:1\r\n');
    expect(info).toContain('cmdstat_config|resetstat:calls=1,');
    expect(info).not.toContain('cmdstat_get');
    expect(info).not.toContain('errorstat_');
  });

  it('CONFIG REWRITE replies that there is no config file', () => {
    const { c } = setup();
    expect(c('CONFIG', 'REWRITE')).toBe('ERR The server is running without a config file');
  });

  it('CONFIG HELP lists the subcommands as Redis does', () => {
    const { c } = setup();
    const help = c('CONFIG', 'HELP') as string[];
    expect(help[0]).toBe('CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toHaveLength(11);
    expect(help.at(-2)).toBe('HELP');
  });
});

describe('store.config: the typed API', () => {
  it('get returns typed values and set takes typed values or Redis syntax', () => {
    const { store } = setup();
    expect(store.config.get('hz')).toBe(10);
    expect(store.config.get('appendonly')).toBe(false);
    expect(store.config.get('maxmemory-policy')).toBe('noeviction');
    expect(store.config.get('hash-max-ziplist-entries')).toBe(512);
    store.config.set('maxmemory', '100mb');
    expect(store.config.get('maxmemory')).toBe(104857600);
    store.config.set({ 'zset-max-listpack-entries': 0, 'lazyfree-lazy-user-del': true });
    expect(store.config.getText('lazyfree-lazy-user-del')).toBe('yes');
    expect(store.zsetLimits.maxListpackEntries).toBe(0);
    store.config.set('save', ['900', '1']);
    expect(store.config.getText('save')).toBe('900 1');
    expect(() => store.config.set('hz', 'x')).toThrow(ReplyError);
    expect(() => store.config.set('databases', 4)).toThrow("can't set immutable config");
    expect(() => store.config.get('nosuch' as 'hz')).toThrow("unknown config parameter 'nosuch'");
  });

  it('the config option sets parameters at construction, immutable ones included', () => {
    const { store, c } = setup({
      config: { databases: 4, hz: 20, 'maxmemory-policy': 'allkeys-lfu', appendonly: false },
    });
    expect(store.dbs).toHaveLength(4);
    expect(c('CONFIG', 'GET', 'databases')).toEqual(['databases', '4']);
    expect(store.hz).toBe(20);
    expect(store.config.get('maxmemory-policy')).toBe('allkeys-lfu');
    expect(() => setup({ config: { hz: 'fast' } })).toThrow(
      "config 'hz': CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer",
    );
    expect(() => setup({ config: { nosuch: 1 } })).toThrow(RangeError);
  });

  it('define adds a parameter that CONFIG GET and CONFIG SET know', () => {
    const { store, c } = setup();
    store.config.define(numericParam('embedis-test-knob', 3, 0n, 10n));
    expect(c('CONFIG', 'GET', 'embedis-test-knob')).toEqual(['embedis-test-knob', '3']);
    expect(c('CONFIG', 'SET', 'embedis-test-knob', '11')).toBe(
      failed('embedis-test-knob', 'argument must be between 0 and 10 inclusive'),
    );
  });

  it('a get hook reports the live value of its owner', () => {
    const config = new Config();
    config.define(specialParam('bind', '', (args) => args.join(' '), { flags: ParamFlags.MULTI_ARG }));
    let live = '127.0.0.1 ::1';
    const unbind = config.bind<string>('bind', { get: () => live });
    expect(config.getText('bind')).toBe('127.0.0.1 ::1');
    live = '0.0.0.0';
    expect(config.match(['bind'])).toEqual([['bind', '0.0.0.0']]);
    unbind();
    expect(config.getText('bind')).toBe('');
  });

  it('every standard parameter parses its own default', () => {
    for (const def of STANDARD_PARAMS) {
      // replicaof takes `<host> <port>` or `no one`; its default (none) has no argument form.
      if (def.name === 'replicaof') continue;
      const args =
        (def.flags & ParamFlags.MULTI_ARG) !== 0
          ? def.default.text.split(' ').filter((a) => a !== '')
          : [def.default.text];
      const parsed = (def as ParamDef).parse(args, def.default);
      expect(parsed, def.name).toEqual(def.default);
    }
  });
});

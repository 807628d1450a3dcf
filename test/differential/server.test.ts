// Server introspection against a real redis-server 7.0: CONFIG GET defaults and CONFIG SET
// round trips and errors, the deterministic parts of INFO, SLOWLOG and LATENCY shapes, MEMORY
// USAGE, and DEBUG's arity. The harness's redis-server is shared by every script of this file,
// so a script that changes a parameter sets it back before it ends.
//
// Known divergences, not compared: `port` / `bind` (a bare store listens nowhere), `dir` (the
// process's working directory), `enable-debug-command` / `enable-protected-configs` (embedis
// allows DEBUG and protected parameters, as Redis's test configuration does). The default
// redis-server refuses DEBUG, so DEBUG replies are pinned in test/commands/debug.test.ts from a
// redis-server started with enable-debug-command yes. INFO field names are compared live below.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_PARAMS } from '../../src/config/params.js';
import { FakeClock, Store } from '../../src/index.js';
import { diff, LIVE } from './harness.js';
import { RedisConnection, RedisServer } from './redis-server.js';

/** Parameters whose default differs by design (see the header). */
const DIVERGENT = new Set(['port', 'bind', 'dir', 'enable-debug-command', 'enable-protected-configs']);

const COMPARED = STANDARD_PARAMS.flatMap((p) =>
  p.alias === undefined ? [p.name] : [p.name, p.alias],
).filter((n) => !DIVERGENT.has(n));

// ---- CONFIG GET ------------------------------------------------------------------------------

diff('CONFIG GET every parameter with its default value', (c) => {
  // `save`: the harness starts redis-server with --save ""; embedis reports Redis's default save
  // points (3600 1 300 100 60 10000), which the persistence manager keeps.
  for (const name of COMPARED) if (name !== 'save') c.do('CONFIG', 'GET', name);
});

diff('CONFIG SET of every parameter to its own value (introspection.tcl CONFIG sanity)', (c) => {
  // Immutable parameters fail alike on both sides; the others reply OK and change nothing.
  // dbfilename is protected: refused by a default redis-server, allowed by embedis.
  for (const p of STANDARD_PARAMS) {
    for (const name of p.alias === undefined ? [p.name] : [p.name, p.alias]) {
      if (!DIVERGENT.has(name) && name !== 'dbfilename') c.do('CONFIG', 'SET', name, p.default.text);
    }
  }
  for (const name of COMPARED) c.do('CONFIG', 'GET', name);
});

diff('CONFIG GET patterns, several at once, case-insensitive', (c) => {
  c.resp3();
  for (const p of [
    '*max*',
    'hash-*',
    'zset-*',
    'list-*',
    'stream-*',
    'lazyfree-*',
    'slowlog-*',
    'latency-*',
    'client-*',
  ]) {
    c.doSorted('CONFIG', 'GET', p);
  }
  for (const p of [
    'repl*',
    'cluster-*',
    'tls-*',
    'aof*',
    'active*',
    'slave*',
    'replica*',
    'lua*',
    'notify*',
    'rdb*',
  ]) {
    c.doSorted('CONFIG', 'GET', p);
  }
  c.doSorted('CONFIG', 'GET', 'maxmemory*', 'ZSET-*', 'hz');
  c.doSorted('CONFIG', 'GET', 'h?');
  c.do('CONFIG', 'GET', 'HZ');
  c.do('CONFIG', 'GET', 'hz', 'HZ', 'Hz');
  c.do('CONFIG', 'GET', 'rdb-key-save-delay');
  c.do('CONFIG', 'GET', 'nosuch');
  c.resp2();
  c.do('CONFIG', 'GET', 'hz');
  c.do('CONFIG', 'GET', 'nosuch*');
  // failure cases
  c.error('wrong number of arguments', 'CONFIG', 'GET');
  c.error('wrong number of arguments', 'CONFIG');
  c.error('unknown subcommand', 'CONFIG', 'FOO');
});

// ---- CONFIG SET ------------------------------------------------------------------------------

/** Every parameter a script below changes, with its default, to set back at the end. */
const RESTORE: [string, string][] = [
  ['hz', '10'],
  ['maxmemory', '0'],
  ['maxmemory-policy', 'noeviction'],
  ['maxmemory-clients', '0'],
  ['hash-max-listpack-entries', '512'],
  ['hash-max-listpack-value', '64'],
  ['zset-max-listpack-entries', '128'],
  ['set-max-intset-entries', '512'],
  ['list-max-listpack-size', '-2'],
  ['notify-keyspace-events', ''],
  ['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'],
  ['latency-tracking-info-percentiles', '50 99 99.9'],
  ['shutdown-on-sigint', 'default'],
  ['lazyfree-lazy-user-del', 'no'],
  ['timeout', '0'],
  ['slowlog-log-slower-than', '10000'],
  ['slowlog-max-len', '128'],
  ['proto-max-bulk-len', '536870912'],
  ['oom-score-adj-values', '0 200 800'],
];

function restore(c: { do(...a: string[]): void }): void {
  for (const [name, value] of RESTORE) c.do('CONFIG', 'SET', name, value);
}

diff('CONFIG SET then CONFIG GET reads the value back as Redis normalizes it', (c) => {
  const roundTrip = (name: string, value: string): void => {
    c.do('CONFIG', 'SET', name, value);
    c.do('CONFIG', 'GET', name);
  };
  roundTrip('hz', '100');
  roundTrip('hz', '1000');
  roundTrip('hz', '0');
  roundTrip('maxmemory', '1gb');
  roundTrip('maxmemory', '5MB');
  roundTrip('maxmemory', '5k');
  roundTrip('maxmemory', 'kb');
  roundTrip('maxmemory', '');
  roundTrip('maxmemory', '99999999999999999999999');
  roundTrip('maxmemory-policy', 'ALLKEYS-LRU');
  roundTrip('maxmemory-clients', '10%');
  roundTrip('hash-max-ziplist-entries', '64');
  roundTrip('list-max-ziplist-size', '-5');
  roundTrip('notify-keyspace-events', 'KEA');
  roundTrip('notify-keyspace-events', 'Kx$');
  roundTrip('client-output-buffer-limit', 'normal 1mb 2mb 3');
  roundTrip('client-output-buffer-limit', 'replica 1 2 3 pubsub 4 5 6');
  roundTrip('latency-tracking-info-percentiles', '50.5 99 99.9');
  roundTrip('latency-tracking-info-percentiles', '');
  roundTrip('shutdown-on-sigint', 'now save force');
  roundTrip('shutdown-on-sigint', 'default save');
  roundTrip('lazyfree-lazy-user-del', 'YES');
  roundTrip('oom-score-adj-values', '0 -200 2000');
  c.do('CONFIG', 'SET', 'timeout', '30', 'maxmemory-policy', 'volatile-ttl', 'zset-max-ziplist-entries', '7');
  c.doSorted('CONFIG', 'GET', 'timeout', 'maxmemory-policy', 'zset-max-*');
  // An alias and its parameter in one call: no duplicate, the last one wins.
  c.do('CONFIG', 'SET', 'hash-max-ziplist-entries', '100', 'hash-max-listpack-entries', '200');
  c.do('CONFIG', 'GET', 'hash-max-ziplist-entries');
  // The thresholds act: a hash over hash-max-listpack-entries is a hashtable.
  c.do('CONFIG', 'SET', 'hash-max-listpack-entries', '2', 'set-max-intset-entries', '2');
  c.do('HSET', 'h', 'a', '1', 'b', '2');
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('HSET', 'h', 'c', '3');
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('SADD', 's', '1', '2', '3');
  c.do('OBJECT', 'ENCODING', 's');
  restore(c);
});

diff('CONFIG SET errors', (c) => {
  const err = (pattern: string, ...args: string[]): void => c.error(pattern, 'CONFIG', 'SET', ...args);
  err("couldn't be parsed into an integer", 'hz', 'abc');
  err("couldn't be parsed into an integer", 'hz', ' 5');
  err("couldn't be parsed into an integer", 'hz', '05');
  err("couldn't be parsed into an integer", 'list-max-listpack-size', '1.5');
  err('must be between', 'hz', '-1');
  err('must be between', 'hash-max-ziplist-entries', '-1');
  err('must be between', 'slowlog-max-len', '-1');
  err('must be between', 'proto-max-bulk-len', '1000');
  err('must be between', 'maxmemory-eviction-tenacity', '101');
  err('must be a memory value', 'maxmemory', '-1');
  err('must be a memory value', 'maxmemory', '1.5gb');
  err('must be a memory value', 'maxmemory', '+5');
  err('must be a memory value', 'maxmemory', '5 mb');
  err('percentage argument', 'maxmemory-clients', '200%');
  err('memory or percent', 'maxmemory-clients', '-5');
  err('memory or percent', 'maxmemory-clients', '5%x');
  err("'yes' or 'no'", 'lazyfree-lazy-user-del', 'maybe');
  err('one of the following', 'maxmemory-policy', 'bad');
  err('one of the following', 'appendfsync', 'sometimes');
  err('one of the following', 'shutdown-on-sigint', '');
  err("can't be used simultaneously", 'shutdown-on-sigterm', 'save nosave');
  err('Invalid save parameters', 'save', '100 x');
  err('Invalid save parameters', 'save', '0 10');
  err('Invalid save parameters', 'save', '100 -1');
  err('Invalid save parameters', 'save', '100');
  err('Invalid save parameters', 'save', '  ');
  err('Invalid event class character', 'notify-keyspace-events', 'xyz');
  err('Wrong number of arguments in buffer limit', 'client-output-buffer-limit', 'normal 1 2');
  err('Invalid client class', 'client-output-buffer-limit', 'master 1 2 3');
  err('Error in hard, soft or soft_seconds', 'client-output-buffer-limit', 'normal 1 2 -3');
  err('Invalid latency-tracking-info-percentiles', 'latency-tracking-info-percentiles', '50 abc');
  err('should sit between', 'latency-tracking-info-percentiles', '101');
  err('wrong number of arguments', 'oom-score-adj-values', '1 2');
  err('Invalid oom-score-adj-values', 'oom-score-adj-values', '1 2 3000');
  err('template format is invalid', 'proc-title-template', '{title}');
  err('template format is invalid', 'proc-title-template', 'x {foo}');
  err('Hostnames may only contain', 'cluster-announce-hostname', 'a_b');
  err('Active defragmentation cannot be enabled', 'activedefrag', 'yes');
  err("can't set immutable config", 'databases', '3');
  err("can't set immutable config", 'DATABASES', '3');
  err("can't set immutable config", 'daemonize', 'yes');
  err("can't set immutable config", 'io-threads', '2');
  err('duplicate parameter', 'HZ', '10', 'hz', '11');
  err('Unknown option', 'foo', 'bar');
  err('Unknown option', 'hz', '3', 'foo', 'bar');
  err("can't set immutable config", 'hz', '3', 'databases', '4', 'foo', 'bar');
  err('syntax error', 'hz', '1', '2');
  err('wrong number of arguments', 'hz');
  // A refused call changes nothing.
  c.do('CONFIG', 'SET', 'hz', '20', 'maxmemory-policy', 'bad');
  c.do('CONFIG', 'GET', 'hz');
  c.do('CONFIG', 'GET', 'maxmemory-policy');
  restore(c);
});

diff('CONFIG HELP, REWRITE and RESETSTAT', (c) => {
  c.do('CONFIG', 'HELP');
  c.do('CONFIG', 'RESETSTAT');
  c.error('without a config file', 'CONFIG', 'REWRITE');
  c.error('wrong number of arguments', 'CONFIG', 'RESETSTAT', 'x');
  c.error('wrong number of arguments', 'CONFIG', 'HELP', 'x');
});

// ---- INFO ------------------------------------------------------------------------------------

diff('INFO sections that are deterministic', (c) => {
  c.do('CONFIG', 'RESETSTAT');
  c.do('SET', 'a', '1');
  c.do('RPUSH', 'b', 'x');
  c.do('SELECT', '5');
  c.do('SET', 'c', '1');
  c.do('INFO', 'keyspace');
  c.do('INFO', 'cluster');
  c.do('INFO', 'modules');
  c.do('INFO', 'nosuchsection');
  c.do('INFO', 'CLUSTER', 'cluster', 'keyspace');
  c.error('wrong number of arguments', 'GET');
  c.error('unknown command', 'NOSUCHCOMMAND');
  c.error('WRONGTYPE', 'LPUSH', 'c', 'x');
  c.error('unknown subcommand', 'OBJECT', 'NOSUCH', 'c');
  c.do('INFO', 'errorstats');
  c.resp3();
  c.do('INFO', 'cluster');
  c.do('INFO', 'errorstats');
  c.do('CONFIG', 'RESETSTAT');
  c.do('INFO', 'errorstats');
});

// ---- SLOWLOG / LATENCY -----------------------------------------------------------------------

diff('SLOWLOG replies', (c) => {
  c.do('SLOWLOG', 'RESET');
  c.do('SLOWLOG', 'LEN');
  c.do('SLOWLOG', 'GET');
  c.do('SLOWLOG', 'GET', '-1');
  c.do('SLOWLOG', 'HELP');
  c.do('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  c.do('SLOWLOG', 'RESET'); // logged itself, after the reset
  c.do('SET', 'k', 'v');
  c.do('SLOWLOG', 'LEN');
  // id, time, duration, args, client address, client name: compared by shape
  c.doShape('SLOWLOG', 'GET', '1');
  c.doShape('SLOWLOG', 'GET', '-1');
  c.do('CONFIG', 'SET', 'slowlog-max-len', '1');
  c.do('SLOWLOG', 'LEN');
  c.do('CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
  c.do('SLOWLOG', 'RESET');
  c.do('SET', 'k', 'v');
  c.do('SLOWLOG', 'LEN');
  // failure cases
  c.error('count should be greater than or equal to -1', 'SLOWLOG', 'GET', '-2');
  c.error('count should be greater than or equal to -1', 'SLOWLOG', 'GET', 'abc');
  c.error('unknown subcommand or wrong number of arguments', 'SLOWLOG', 'GET', '1', '2');
  c.error('unknown subcommand', 'SLOWLOG', 'FOO');
  c.error('wrong number of arguments', 'SLOWLOG', 'LEN', 'x');
  c.error('wrong number of arguments', 'SLOWLOG', 'RESET', 'x');
  c.error('wrong number of arguments', 'SLOWLOG');
  restore(c);
});

diff('LATENCY replies without latency events', (c) => {
  c.do('LATENCY', 'RESET');
  c.do('LATENCY', 'LATEST');
  c.do('LATENCY', 'HISTORY', 'command');
  c.do('LATENCY', 'DOCTOR');
  c.do('LATENCY', 'RESET', 'command', 'fast-command');
  c.do('LATENCY', 'HISTOGRAM', 'nosuchcommand');
  c.do('LATENCY', 'HELP');
  c.resp3();
  c.do('LATENCY', 'DOCTOR');
  c.do('LATENCY', 'HISTOGRAM', 'nosuchcommand');
  // failure cases
  c.error('No samples available', 'LATENCY', 'GRAPH', 'command');
  c.error('wrong number of arguments', 'LATENCY', 'GRAPH');
  c.error('wrong number of arguments', 'LATENCY', 'HISTORY');
  c.error('wrong number of arguments', 'LATENCY', 'LATEST', 'x');
  c.error('unknown subcommand', 'LATENCY', 'FOO');
});

// ---- MEMORY ----------------------------------------------------------------------------------

diff('MEMORY USAGE of strings and compact encodings', (c) => {
  c.do('SET', 'k', 'v');
  c.do('MEMORY', 'USAGE', 'k');
  c.do('SET', 'k', '123');
  c.do('MEMORY', 'USAGE', 'k');
  c.do('SET', 'k', '12345678901234567890');
  c.do('MEMORY', 'USAGE', 'k');
  c.do('SET', 'k', 'x'.repeat(44));
  c.do('MEMORY', 'USAGE', 'k');
  c.do('SET', 'k', 'x'.repeat(45));
  c.do('MEMORY', 'USAGE', 'k');
  c.do('SET', 'k', 'x'.repeat(200));
  c.do('MEMORY', 'USAGE', 'k');
  c.do('SET', 'k'.repeat(38), 'v');
  c.do('MEMORY', 'USAGE', 'k'.repeat(38));
  c.do('RPUSH', 'l', 'a', 'b', 'c');
  c.do('MEMORY', 'USAGE', 'l');
  c.do('RPUSH', 'l2', ...Array.from({ length: 1000 }, (_, i) => String(i + 1)));
  c.do('MEMORY', 'USAGE', 'l2');
  c.do('MEMORY', 'USAGE', 'l2', 'SAMPLES', '0');
  c.do('HSET', 'h', 'f', 'v', 'f2', '12345');
  c.do('MEMORY', 'USAGE', 'h');
  c.do('SADD', 's', '1', '2', '3');
  c.do('MEMORY', 'USAGE', 's');
  c.do('SADD', 's2', '1', '100000');
  c.do('MEMORY', 'USAGE', 's2');
  c.do('SADD', 's3', '1', '10000000000');
  c.do('MEMORY', 'USAGE', 's3');
  c.do('ZADD', 'z', '1', 'a', '2.5', 'b');
  c.do('MEMORY', 'USAGE', 'z');
  c.do('XADD', 'x', '1-1', 'f', 'v');
  c.do('MEMORY', 'USAGE', 'x');
  c.do('SADD', 'hs', 'a', 'b', 'c');
  c.do('MEMORY', 'USAGE', 'hs');
  c.do('MEMORY', 'USAGE', 'nokey');
  c.do('MEMORY', 'HELP');
  c.do('MEMORY', 'PURGE');
  // failure cases
  c.error('syntax error', 'MEMORY', 'USAGE', 'k', 'SAMPLES');
  c.error('syntax error', 'MEMORY', 'USAGE', 'k', 'SAMPLES', '-1');
  c.error('not an integer', 'MEMORY', 'USAGE', 'k', 'SAMPLES', 'x');
  c.error('syntax error', 'MEMORY', 'USAGE', 'k', 'foo');
  c.error('wrong number of arguments', 'MEMORY', 'USAGE');
  c.error('wrong number of arguments', 'MEMORY', 'STATS', 'x');
  c.error('unknown subcommand', 'MEMORY', 'FOO');
});

diff('DEBUG needs a subcommand', (c) => {
  c.error('wrong number of arguments', 'DEBUG');
});

// ---- INFO field names, live ------------------------------------------------------------------

/** Section title -> field names, in order (dynamic sections left out). */
function fieldNames(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let cur = '';
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) out[(cur = line.slice(2))] = [];
    else if (line !== '') out[cur]!.push(line.slice(0, line.indexOf(':')));
  }
  for (const dynamic of ['Commandstats', 'Errorstats', 'Latencystats', 'Keyspace']) out[dynamic] = [];
  return out;
}

describe.runIf(LIVE)('INFO field names against redis-server (live)', () => {
  let server: RedisServer;
  let conn: RedisConnection;
  beforeAll(async () => {
    server = await RedisServer.start();
    conn = await RedisConnection.connect(server.port);
  });
  afterAll(async () => {
    conn?.close();
    await server?.stop();
  });

  for (const args of [
    [],
    ['everything'],
    ['default'],
    ['all'],
    ['server', 'keyspace'],
    ['default', 'commandstats'],
  ]) {
    it(`INFO ${args.join(' ')} has Redis's sections and field names, in order`, async () => {
      const reply = await conn.call(['INFO', ...args]);
      const store = new Store({ clock: new FakeClock(Date.now()) });
      const mine = store.call('INFO', ...args) as string;
      store.close();
      expect(fieldNames(mine)).toEqual(fieldNames(reply as string));
    });
  }
});

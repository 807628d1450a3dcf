// Generic keyspace commands (redis.io group "generic"), plus the server and connection commands
// that act on the keyspace or need no data type: DEL UNLINK EXISTS TYPE KEYS SCAN RANDOMKEY
// RENAME RENAMENX COPY MOVE EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME
// PERSIST TOUCH OBJECT DBSIZE SELECT SWAPDB FLUSHDB FLUSHALL PING ECHO TIME COMMAND, and how
// unknown commands, unknown subcommands and arity errors are reported.

import { diff, type Script } from './harness.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
/** Year 2100 (seconds and ms since the epoch): an absolute time that stays in the future. */
const Y2100_S = '4102444800';
const Y2100_MS = '4102444800000';
const BIN = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);

/** A list, a set, a hash and a sorted set, for WRONGTYPE and TYPE cases. */
function otherTypes(c: Script): void {
  c.do('RPUSH', 'list', 'a', 'b');
  c.do('SADD', 'set', 'a');
  c.do('HSET', 'hash', 'f', 'v');
  c.do('ZADD', 'zset', '1', 'a');
}

// ---------------------------------------------------------------------------------------------
// DEL / UNLINK / EXISTS / TYPE / TOUCH

diff('DEL UNLINK EXISTS count keys', (c) => {
  c.do('MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4');
  c.do('EXISTS', 'a');
  c.do('EXISTS', 'a', 'b', 'missing');
  c.do('EXISTS', 'a', 'a', 'a');
  c.do('EXISTS', 'missing');
  c.do('DEL', 'a');
  c.do('DEL', 'a');
  c.do('DEL', 'b', 'b', 'missing');
  c.do('UNLINK', 'c', 'missing');
  c.do('UNLINK', 'c');
  c.do('EXISTS', 'a', 'b', 'c', 'd');
  c.do('SET', BIN, 'v');
  c.do('EXISTS', BIN);
  c.do('DEL', BIN);
  c.do('SET', '', 'v');
  c.do('EXISTS', '');
  c.do('del', '');
  otherTypes(c);
  c.do('EXISTS', 'list', 'set', 'hash', 'zset');
  c.do('DEL', 'list', 'set');
  c.do('UNLINK', 'hash', 'zset', 'd');
  c.do('DBSIZE');
  c.do('SET', 'x', 'v', 'PX', '50');
  c.sleep(100);
  c.do('EXISTS', 'x');
  c.do('DEL', 'x');
  // failure cases
  c.error('wrong number of arguments', 'DEL');
  c.error('wrong number of arguments', 'UNLINK');
  c.error('wrong number of arguments', 'EXISTS');
});

diff('TYPE names every type', (c) => {
  c.do('SET', 's', 'v');
  c.do('SET', 'n', '123');
  otherTypes(c);
  c.do('TYPE', 's');
  c.do('TYPE', 'n');
  c.do('TYPE', 'list');
  c.do('TYPE', 'set');
  c.do('TYPE', 'hash');
  c.do('TYPE', 'zset');
  c.do('TYPE', 'missing');
  c.do('type', 's');
  c.resp3();
  c.do('TYPE', 's');
  c.do('TYPE', 'missing');
  c.resp2();
  // failure cases
  c.error('wrong number of arguments', 'TYPE');
  c.error('wrong number of arguments', 'TYPE', 'a', 'b');
});

diff('TOUCH counts existing keys', (c) => {
  c.do('MSET', 'a', '1', 'b', '2');
  c.do('TOUCH', 'a', 'b', 'missing');
  c.do('TOUCH', 'a', 'a');
  c.do('TOUCH', 'missing');
  otherTypes(c);
  c.do('TOUCH', 'list', 'set');
  // failure cases
  c.error('wrong number of arguments', 'TOUCH');
});

// ---------------------------------------------------------------------------------------------
// KEYS / SCAN / RANDOMKEY

function patternKeys(c: Script): void {
  c.do(
    'MSET',
    'hello',
    '1',
    'hallo',
    '2',
    'hxllo',
    '3',
    'hllo',
    '4',
    'heeeello',
    '5',
    'h*llo',
    '6',
    'h?llo',
    '7',
    'h[a]llo',
    '8',
    'user:1',
    '9',
    'user:2',
    '10',
    'user:10',
    '11',
    'User:3',
    '12',
    'h\\llo',
    '13',
  );
}

diff('KEYS glob patterns', (c) => {
  c.doSorted('KEYS', '*');
  patternKeys(c);
  for (const p of [
    '*',
    'h?llo',
    'h*llo',
    'h[ae]llo',
    'h[^e]llo',
    'h[!e]llo',
    'h[a-b]llo',
    'h[b-a]llo',
    'h\\*llo',
    'h\\?llo',
    'h\\[a\\]llo',
    'h\\\\llo',
    'user:*',
    'user:?',
    'user:[0-9]*',
    'USER:*',
    '*:1*',
    'hello',
    'nomatch',
    '',
    '**',
    '*llo',
    'h*',
    '[',
    'h[',
    'h[a-',
    '\\',
    'h[\\]]llo',
  ]) {
    c.doSorted('KEYS', p);
  }
  c.do('SET', BIN, 'v');
  c.doSorted('KEYS', Buffer.from([0x00, 0x2a]));
  c.do('SET', 'exp', 'v', 'PX', '50');
  c.sleep(100);
  c.doSorted('KEYS', 'e*');
  c.doSorted('keys', 'h?llo');
  otherTypes(c);
  c.doSorted('KEYS', '*s*');
  // failure cases
  c.error('wrong number of arguments', 'KEYS');
  c.error('wrong number of arguments', 'KEYS', 'a', 'b');
});

diff('SCAN walks every key once', (c) => {
  c.do('SCAN', '0');
  patternKeys(c);
  otherTypes(c);
  c.scanAll('SCAN');
  c.scanAll('SCAN', 'COUNT', '1');
  c.scanAll('SCAN', 'COUNT', '3');
  c.scanAll('SCAN', 'COUNT', '1000');
  c.scanAll('SCAN', 'MATCH', 'h?llo');
  c.scanAll('SCAN', 'MATCH', 'user:*', 'COUNT', '2');
  c.scanAll('SCAN', 'COUNT', '2', 'MATCH', 'user:*');
  c.scanAll('SCAN', 'MATCH', 'nomatch');
  c.scanAll('SCAN', 'TYPE', 'string');
  c.scanAll('SCAN', 'TYPE', 'list');
  c.scanAll('SCAN', 'TYPE', 'set');
  c.scanAll('SCAN', 'TYPE', 'hash');
  c.scanAll('SCAN', 'TYPE', 'zset');
  c.scanAll('SCAN', 'TYPE', 'STRING');
  c.scanAll('SCAN', 'TYPE', 'nosuchtype');
  c.scanAll('SCAN', 'MATCH', 'h*', 'TYPE', 'string', 'COUNT', '5');
  c.scanAll('scan', 'match', '*:*', 'count', '4', 'type', 'string');
  c.scanAll('SCAN', 'MATCH', 'a', 'MATCH', 'user:1*');
  c.do('SCAN', '0', 'MATCH', 'nomatch', 'COUNT', '1000');
  // Not a huge cursor on a full keyspace: redis masks it onto a bucket that depends on the dict's
  // random hash seed, so the reply differs between redis runs.
  c.do('FLUSHALL');
  c.do('SCAN', '0');
  c.do('SCAN', '12345');
  c.do('SCAN', '-1');
  c.do('SCAN', '');
  c.resp3();
  c.do('SCAN', '0');
  c.resp2();
  // failure cases
  c.error('invalid cursor', 'SCAN', 'abc');
  c.error('invalid cursor', 'SCAN', '18446744073709551616');
  c.error('invalid cursor', 'SCAN', '1.5');
  c.error('syntax error', 'SCAN', '0', 'COUNT', '0');
  c.error('syntax error', 'SCAN', '0', 'COUNT', '-1');
  c.error('not an integer', 'SCAN', '0', 'COUNT', 'abc');
  c.error('syntax error', 'SCAN', '0', 'COUNT');
  c.error('syntax error', 'SCAN', '0', 'MATCH');
  c.error('syntax error', 'SCAN', '0', 'TYPE');
  c.error('syntax error', 'SCAN', '0', 'FOO', 'bar');
  c.error('syntax error', 'SCAN', '0', 'MATCH', '*', 'extra');
  c.error('wrong number of arguments', 'SCAN');
});

diff('RANDOMKEY', (c) => {
  c.do('RANDOMKEY');
  c.do('SET', 'only', 'v');
  c.do('RANDOMKEY');
  c.do('RANDOMKEY');
  c.do('MSET', 'a', '1', 'b', '2', 'c', '3');
  c.doShape('RANDOMKEY');
  c.do('FLUSHDB');
  c.do('SET', 'x', 'v', 'PX', '50');
  c.sleep(100);
  c.do('RANDOMKEY');
  c.do('SELECT', '1');
  c.do('RANDOMKEY');
  c.resp3();
  c.do('RANDOMKEY');
  c.resp2();
  c.do('randomkey');
  // failure cases
  c.error('wrong number of arguments', 'RANDOMKEY', 'x');
});

// ---------------------------------------------------------------------------------------------
// RENAME / RENAMENX / COPY / MOVE

diff('RENAME and RENAMENX', (c) => {
  c.do('SET', 'a', '1');
  c.do('RENAME', 'a', 'b');
  c.do('EXISTS', 'a');
  c.do('GET', 'b');
  c.do('SET', 'c', '3');
  c.do('RENAME', 'b', 'c');
  c.do('GET', 'c');
  c.do('RENAME', 'c', 'c');
  c.do('GET', 'c');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('RENAME', 't', 't2');
  c.do('TTL', 't2');
  c.do('SET', 'dst', 'v', 'EX', '100');
  c.do('SET', 'src', 'w');
  c.do('RENAME', 'src', 'dst');
  c.do('TTL', 'dst');
  c.do('RENAMENX', 'c', 'd');
  c.do('SET', 'e', '5');
  c.do('RENAMENX', 'd', 'e');
  c.do('MGET', 'd', 'e');
  c.do('RENAMENX', 'd', 'd');
  c.do('RENAME', 'd', BIN);
  c.do('GET', BIN);
  otherTypes(c);
  c.do('RENAME', 'list', 'e');
  c.do('TYPE', 'e');
  c.do('LRANGE', 'e', '0', '-1');
  c.do('RENAMENX', 'set', 'hash');
  c.do('TYPE', 'hash');
  c.do('rename', 'e', 'f');
  c.do('renamenx', 'f', 'g');
  c.do('SET', 'exp', 'v', 'PX', '50');
  c.sleep(100);
  // failure cases
  c.error('no such key', 'RENAME', 'exp', 'x');
  c.error('no such key', 'RENAME', 'missing', 'x');
  c.error('no such key', 'RENAME', 'missing', 'missing');
  c.error('no such key', 'RENAMENX', 'missing', 'x');
  c.error('no such key', 'RENAMENX', 'missing', 'missing');
  c.error('wrong number of arguments', 'RENAME', 'a');
  c.error('wrong number of arguments', 'RENAME', 'a', 'b', 'c');
  c.error('wrong number of arguments', 'RENAMENX', 'a');
});

diff('COPY within and across databases', (c) => {
  c.do('SET', 'a', '1');
  c.do('COPY', 'a', 'b');
  c.do('MGET', 'a', 'b');
  c.do('SET', 'b', '2');
  c.do('COPY', 'a', 'b');
  c.do('GET', 'b');
  c.do('COPY', 'a', 'b', 'REPLACE');
  c.do('GET', 'b');
  c.do('COPY', 'missing', 'b');
  c.do('COPY', 'missing', 'b', 'REPLACE');
  c.do('GET', 'b');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('COPY', 't', 't2');
  c.do('TTL', 't2');
  c.do('SET', 'n', '12345');
  c.do('COPY', 'n', 'n2');
  c.do('GET', 'n2');
  c.do('INCR', 'n2');
  c.do('GET', 'n');
  c.do('COPY', 'a', 'x', 'DB', '1');
  c.do('EXISTS', 'x');
  c.do('COPY', 'a', 'x', 'DB', '1');
  c.do('COPY', 'a', 'x', 'db', '1', 'replace');
  c.do('COPY', 'a', 'a', 'DB', '1', 'REPLACE');
  c.do('COPY', 't', 't', 'DB', '2');
  c.do('COPY', 'a', 'y', 'REPLACE', 'DB', '0');
  c.do('SELECT', '1');
  c.do('GET', 'x');
  c.do('GET', 'a');
  c.do('SELECT', '2');
  c.do('TTL', 't');
  c.do('SELECT', '0');
  otherTypes(c);
  c.do('COPY', 'list', 'list2');
  c.do('RPUSH', 'list2', 'c');
  c.do('LRANGE', 'list', '0', '-1');
  c.do('LRANGE', 'list2', '0', '-1');
  c.do('COPY', 'set', 'a', 'REPLACE');
  c.do('TYPE', 'a');
  c.do('COPY', 'hash', 'h2');
  c.do('HGETALL', 'h2');
  c.do('COPY', 'zset', 'z2', 'DB', '3');
  // failure cases
  c.error('source and destination objects are the same', 'COPY', 'a', 'a');
  c.error('source and destination objects are the same', 'COPY', 'a', 'a', 'REPLACE');
  c.error('source and destination objects are the same', 'COPY', 'a', 'a', 'DB', '0');
  c.error('source and destination objects are the same', 'COPY', 'missing', 'missing');
  c.error('DB index is out of range', 'COPY', 'a', 'b', 'DB', '16');
  c.error('DB index is out of range', 'COPY', 'a', 'b', 'DB', '-1');
  c.error('not an integer', 'COPY', 'a', 'b', 'DB', 'abc');
  c.error('not an integer', 'COPY', 'a', 'b', 'DB', MAX + '0');
  c.error('syntax error', 'COPY', 'a', 'b', 'DB');
  c.error('syntax error', 'COPY', 'a', 'b', 'FOO');
  c.error('syntax error', 'COPY', 'a', 'b', 'REPLACE', 'x');
  c.error('wrong number of arguments', 'COPY', 'a');
});

diff('MOVE to another database', (c) => {
  c.do('SET', 'a', '1');
  c.do('MOVE', 'a', '1');
  c.do('EXISTS', 'a');
  c.do('SELECT', '1');
  c.do('GET', 'a');
  c.do('SET', 'b', 'db1');
  c.do('SELECT', '0');
  c.do('SET', 'b', 'db0');
  c.do('MOVE', 'b', '1');
  c.do('GET', 'b');
  c.do('MOVE', 'missing', '1');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('MOVE', 't', '15');
  c.do('SELECT', '15');
  c.do('TTL', 't');
  c.do('move', 't', '0');
  c.do('SELECT', '0');
  c.do('TTL', 't');
  otherTypes(c);
  c.do('MOVE', 'list', '2');
  c.do('SELECT', '2');
  c.do('TYPE', 'list');
  c.do('SELECT', '0');
  // failure cases
  c.error('source and destination objects are the same', 'MOVE', 'b', '0');
  c.error('DB index is out of range', 'MOVE', 'b', '16');
  c.error('DB index is out of range', 'MOVE', 'b', '-1');
  c.error('not an integer', 'MOVE', 'b', 'abc');
  c.error('not an integer', 'MOVE', 'b', '1.0');
  c.error('wrong number of arguments', 'MOVE', 'b');
  c.error('wrong number of arguments', 'MOVE', 'b', '1', '2');
});

// ---------------------------------------------------------------------------------------------
// EXPIRE family / TTL / PERSIST

diff('EXPIRE PEXPIRE EXPIREAT PEXPIREAT set TTLs', (c) => {
  c.do('SET', 'k', 'v');
  c.do('EXPIRE', 'k', '100');
  c.do('TTL', 'k');
  c.doApprox(50, 'PTTL', 'k');
  c.do('PEXPIRE', 'k', '5800');
  c.do('TTL', 'k');
  c.doApprox(50, 'PTTL', 'k');
  c.do('EXPIREAT', 'k', c.now(200_000, 's'));
  c.doApprox(1, 'TTL', 'k');
  c.do('PEXPIREAT', 'k', c.now(7000));
  c.doApprox(50, 'PTTL', 'k');
  c.do('EXPIREAT', 'k', Y2100_S);
  c.do('EXPIRETIME', 'k');
  c.do('PEXPIRETIME', 'k');
  c.do('PEXPIREAT', 'k', Y2100_MS);
  c.do('EXPIRETIME', 'k');
  c.do('PEXPIREAT', 'k', '4102444800999');
  c.do('EXPIRETIME', 'k');
  c.do('PEXPIRETIME', 'k');
  c.do('EXPIRE', 'missing', '100');
  c.do('PEXPIRE', 'missing', '100');
  c.do('EXPIREAT', 'missing', Y2100_S);
  c.do('PEXPIREAT', 'missing', Y2100_MS);
  c.do('EXISTS', 'missing');
  c.do('expire', 'k', '10');
  c.do('TTL', 'k');
  c.do('EXPIRE', 'k', '+20');
  c.do('TTL', 'k');
  c.do('EXPIRE', 'k', MAX.slice(0, 12));
  c.do('TTL', 'k');
  otherTypes(c);
  c.do('EXPIRE', 'list', '100');
  c.do('TTL', 'list');
  c.do('PEXPIRE', 'hash', '100000');
  c.do('TTL', 'hash');
});

diff('EXPIRE with a time in the past deletes the key', (c) => {
  c.do('MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5');
  c.do('EXPIRE', 'a', '0');
  c.do('EXISTS', 'a');
  c.do('EXPIRE', 'b', '-10');
  c.do('PEXPIRE', 'c', '-1');
  c.do('EXPIREAT', 'd', '1');
  c.do('PEXPIREAT', 'e', c.now(-1000));
  c.do('DBSIZE');
  c.do('SET', 'f', 'v');
  c.do('EXPIRE', 'f', MIN);
  c.do('SET', 'f', 'v');
  c.do('EXPIRE', 'f', '-9223372036854775');
  c.do('EXISTS', 'f');
  c.do('SET', 'g', 'v');
  c.do('PEXPIREAT', 'g', '0');
  c.do('EXISTS', 'g');
});

diff('keys expire after EXPIRE and PEXPIRE', (c) => {
  c.do('MSET', 'a', '1', 'b', '2', 'c', '3');
  c.do('PEXPIRE', 'a', '100');
  c.do('PEXPIREAT', 'b', c.now(100));
  c.do('EXPIRE', 'c', '1');
  c.sleep(150);
  c.do('GET', 'a');
  c.do('TTL', 'b');
  c.do('EXISTS', 'c');
  c.do('TTL', 'c');
  c.sleep(900);
  c.do('EXISTS', 'c');
  c.do('DBSIZE');
});

diff('EXPIRE NX XX GT LT', (c) => {
  c.do('SET', 'k', 'v');
  c.do('EXPIRE', 'k', '100', 'XX');
  c.do('TTL', 'k');
  c.do('EXPIRE', 'k', '100', 'GT');
  c.do('TTL', 'k');
  c.do('EXPIRE', 'k', '100', 'LT');
  c.do('TTL', 'k');
  c.do('PERSIST', 'k');
  c.do('EXPIRE', 'k', '100', 'NX');
  c.do('EXPIRE', 'k', '200', 'NX');
  c.do('TTL', 'k');
  c.do('EXPIRE', 'k', '200', 'XX');
  c.do('TTL', 'k');
  c.do('EXPIRE', 'k', '300', 'GT');
  c.do('EXPIRE', 'k', '250', 'GT');
  c.do('TTL', 'k');
  c.do('EXPIRE', 'k', '150', 'LT');
  c.do('EXPIRE', 'k', '160', 'LT');
  c.do('TTL', 'k');
  // Not 150 GT: on redis the TTL has dropped a few ms below 150 s by now, on embedis it has not.
  c.do('EXPIRE', 'k', '140', 'GT');
  c.do('EXPIRE', 'k', '145', 'LT');
  c.do('EXPIRE', 'k', '400', 'XX', 'GT');
  c.do('EXPIRE', 'k', '100', 'XX', 'LT');
  c.do('EXPIRE', 'k', '100', 'LT', 'XX');
  c.do('TTL', 'k');
  c.do('PEXPIRE', 'k', '50000', 'lt');
  c.do('TTL', 'k');
  c.do('PEXPIREAT', 'k', Y2100_MS, 'GT');
  c.do('PEXPIRETIME', 'k');
  c.do('EXPIREAT', 'k', c.now(1000_000, 's'), 'LT');
  c.doApprox(1, 'TTL', 'k');
  c.do('EXPIREAT', 'k', Y2100_S, 'nx');
  c.do('EXPIREAT', 'k', Y2100_S, 'xx');
  c.do('EXPIRETIME', 'k');
  c.do('EXPIRE', 'k', '0', 'GT');
  c.do('EXISTS', 'k');
  c.do('EXPIRE', 'k', '-1', 'LT');
  c.do('EXISTS', 'k');
  c.do('SET', 'p', 'v');
  c.do('EXPIRE', 'p', '100', 'GT');
  c.do('TTL', 'p');
  c.do('EXPIRE', 'p', '100', 'LT');
  c.do('TTL', 'p');
  c.do('EXPIRE', 'missing', '100', 'NX');
  c.do('EXPIRE', 'missing', '100', 'XX');
  c.do('EXPIRE', 'p', '100', 'NX', 'NX');
  // failure cases
  c.error('NX and XX, GT or LT options at the same time are not compatible', 'EXPIRE', 'p', '10', 'NX', 'XX');
  c.error('NX and XX, GT or LT options at the same time are not compatible', 'EXPIRE', 'p', '10', 'NX', 'GT');
  c.error('NX and XX, GT or LT options at the same time are not compatible', 'EXPIRE', 'p', '10', 'LT', 'NX');
  c.error('GT and LT options at the same time are not compatible', 'EXPIRE', 'p', '10', 'GT', 'LT');
  c.error('GT and LT options at the same time are not compatible', 'PEXPIRE', 'p', '10', 'LT', 'GT');
  c.error('Unsupported option', 'EXPIRE', 'p', '10', 'FOO');
  c.error('Unsupported option', 'PEXPIREAT', 'p', Y2100_MS, 'KEEPTTL');
  c.error('Unsupported option', 'EXPIRE', 'p', '10', 'NX', '1');
  c.do('TTL', 'p');
});

diff('EXPIRE failure cases', (c) => {
  c.do('SET', 'k', 'v');
  // failure cases
  c.error('not an integer', 'EXPIRE', 'k', 'abc');
  c.error('not an integer', 'EXPIRE', 'k', '1.5');
  c.error('not an integer', 'EXPIRE', 'k', '');
  c.error('not an integer', 'PEXPIRE', 'k', ' 10');
  c.error('not an integer', 'EXPIREAT', 'k', '9223372036854775808');
  c.error('not an integer', 'PEXPIREAT', 'k', '1e3');
  c.error('not an integer', 'EXPIRE', 'missing', 'abc');
  c.error('invalid expire time', 'EXPIRE', 'k', MAX);
  c.error('invalid expire time', 'EXPIRE', 'k', '9223372036854775');
  c.error('invalid expire time', 'PEXPIRE', 'k', MAX);
  c.error('invalid expire time', 'EXPIREAT', 'k', MAX);
  c.error('invalid expire time', 'EXPIRE', 'missing', MAX);
  c.do('PEXPIREAT', 'k', MAX);
  c.do('PEXPIRETIME', 'k');
  c.do('PERSIST', 'k');
  c.error('wrong number of arguments', 'EXPIRE', 'k');
  c.error('wrong number of arguments', 'PEXPIRE', 'k');
  c.error('wrong number of arguments', 'EXPIREAT');
  c.error('wrong number of arguments', 'PEXPIREAT', 'k');
  c.do('TTL', 'k');
});

diff('TTL PTTL EXPIRETIME PEXPIRETIME PERSIST', (c) => {
  c.do('TTL', 'missing');
  c.do('PTTL', 'missing');
  c.do('EXPIRETIME', 'missing');
  c.do('PEXPIRETIME', 'missing');
  c.do('PERSIST', 'missing');
  c.do('SET', 'k', 'v');
  c.do('TTL', 'k');
  c.do('PTTL', 'k');
  c.do('EXPIRETIME', 'k');
  c.do('PEXPIRETIME', 'k');
  c.do('PERSIST', 'k');
  c.do('EXPIRE', 'k', '100');
  c.doTimestamp('s', 1, 'EXPIRETIME', 'k');
  c.doTimestamp('ms', 50, 'PEXPIRETIME', 'k');
  // TTL rounds to the nearest second; not at .5 exactly, where redis's elapsed ms decide.
  c.do('PEXPIRE', 'k', '1400');
  c.do('TTL', 'k');
  c.do('PEXPIRE', 'k', '1600');
  c.do('TTL', 'k');
  c.do('PEXPIRE', 'k', '1');
  c.sleep(10);
  c.do('TTL', 'k');
  c.do('SET', 'k', 'v');
  c.do('PEXPIRE', 'k', '100000');
  c.do('PERSIST', 'k');
  c.do('TTL', 'k');
  c.do('PERSIST', 'k');
  c.do('SET', 'e', 'v', 'EXAT', Y2100_S);
  c.do('EXPIRETIME', 'e');
  c.do('PEXPIRETIME', 'e');
  c.do('SET', 'p', 'v', 'PXAT', '4102444800123');
  c.do('EXPIRETIME', 'p');
  c.do('PEXPIRETIME', 'p');
  c.do('pexpire', 'e', '2000');
  c.do('ttl', 'e');
  c.do('pttl', 'missing');
  c.do('persist', 'p');
  otherTypes(c);
  c.do('EXPIRE', 'set', '100');
  c.do('TTL', 'set');
  c.do('PERSIST', 'set');
  c.do('TTL', 'set');
  c.resp3();
  c.do('TTL', 'missing');
  c.do('PERSIST', 'missing');
  c.resp2();
  // failure cases
  c.error('wrong number of arguments', 'TTL');
  c.error('wrong number of arguments', 'PTTL', 'a', 'b');
  c.error('wrong number of arguments', 'EXPIRETIME');
  c.error('wrong number of arguments', 'PEXPIRETIME', 'a', 'b');
  c.error('wrong number of arguments', 'PERSIST');
});

// ---------------------------------------------------------------------------------------------
// OBJECT

diff('OBJECT ENCODING of strings', (c) => {
  const values: [string, string | Buffer][] = [
    ['int', '123'],
    ['zero', '0'],
    ['neg', '-1'],
    ['max', MAX],
    ['min', MIN],
    ['over', '9223372036854775808'],
    ['lead0', '01'],
    ['plus', '+1'],
    ['space', ' 1'],
    ['float', '1.5'],
    ['short', 'abc'],
    ['empty', ''],
    ['embstr44', 'x'.repeat(44)],
    ['raw45', 'x'.repeat(45)],
    ['bin', BIN],
    ['len20', '12345678901234567890'],
  ];
  for (const [k, v] of values) {
    c.do('SET', k, v);
    c.do('OBJECT', 'ENCODING', k);
  }
  c.do('APPEND', 'short', 'd');
  c.do('OBJECT', 'ENCODING', 'short');
  c.do('APPEND', 'int', '4');
  c.do('OBJECT', 'ENCODING', 'int');
  c.do('SETRANGE', 'zero', '0', '5');
  c.do('OBJECT', 'ENCODING', 'zero');
  c.do('INCR', 'neg');
  c.do('OBJECT', 'ENCODING', 'neg');
  c.do('INCRBYFLOAT', 'float', '1');
  c.do('OBJECT', 'ENCODING', 'float');
  c.do('INCR', 'new');
  c.do('OBJECT', 'ENCODING', 'new');
  c.do('MSET', 'm1', '7', 'm2', 'seven');
  c.do('OBJECT', 'ENCODING', 'm1');
  c.do('OBJECT', 'ENCODING', 'm2');
  c.do('SETEX', 'sx', '100', '42');
  c.do('OBJECT', 'ENCODING', 'sx');
  c.do('GETSET', 'gs', '42');
  c.do('OBJECT', 'ENCODING', 'gs');
  c.do('COPY', 'raw45', 'copy');
  c.do('OBJECT', 'ENCODING', 'copy');
  c.do('OBJECT', 'ENCODING', 'missing');
  c.do('object', 'encoding', 'max');
  otherTypes(c);
  c.do('OBJECT', 'ENCODING', 'list');
  c.do('OBJECT', 'ENCODING', 'set');
  c.do('OBJECT', 'ENCODING', 'hash');
  c.do('OBJECT', 'ENCODING', 'zset');
});

diff('OBJECT REFCOUNT IDLETIME FREQ HELP', (c) => {
  c.do('SET', 'shared', '100');
  c.do('SET', 'big', '100000');
  c.do('SET', 's', 'abc');
  c.do('OBJECT', 'REFCOUNT', 'shared');
  c.do('OBJECT', 'REFCOUNT', 'big');
  c.do('OBJECT', 'REFCOUNT', 's');
  c.do('OBJECT', 'REFCOUNT', 'missing');
  c.do('OBJECT', 'IDLETIME', 's');
  c.do('OBJECT', 'IDLETIME', 'missing');
  c.sleep(1100);
  c.doApprox(1, 'OBJECT', 'IDLETIME', 's');
  c.do('GET', 's');
  c.do('OBJECT', 'IDLETIME', 's');
  c.do('OBJECT', 'HELP');
  c.do('object', 'help');
  c.resp3();
  c.do('OBJECT', 'HELP');
  c.do('OBJECT', 'ENCODING', 'missing');
  c.do('OBJECT', 'REFCOUNT', 's');
  c.resp2();
  // failure cases
  c.error('An LFU maxmemory policy is not selected', 'OBJECT', 'FREQ', 's');
  c.do('OBJECT', 'FREQ', 'missing');
  c.error('unknown subcommand', 'OBJECT', 'FOO', 's');
  c.error('unknown subcommand', 'OBJECT', 'FOO');
  c.error('wrong number of arguments', 'OBJECT', 'ENCODING');
  c.error('wrong number of arguments', 'OBJECT', 'ENCODING', 'a', 'b');
  c.error('wrong number of arguments', 'OBJECT', 'REFCOUNT');
  c.error('wrong number of arguments', 'OBJECT', 'IDLETIME', 'a', 'b');
  c.error('wrong number of arguments', 'OBJECT', 'HELP', 'x');
  c.error('wrong number of arguments', 'OBJECT');
});

// ---------------------------------------------------------------------------------------------
// DBSIZE / SELECT / SWAPDB / FLUSHDB / FLUSHALL

diff('DBSIZE SELECT SWAPDB', (c) => {
  c.do('DBSIZE');
  c.do('MSET', 'a', '1', 'b', '2');
  c.do('DBSIZE');
  c.do('SELECT', '1');
  c.do('DBSIZE');
  c.do('GET', 'a');
  c.do('SET', 'a', 'db1');
  c.do('SET', 'only1', 'x');
  c.do('SELECT', '15');
  c.do('SET', 'a', 'db15');
  c.do('select', '0');
  c.do('GET', 'a');
  c.do('SWAPDB', '0', '1');
  c.do('GET', 'a');
  c.do('DBSIZE');
  c.do('SELECT', '1');
  c.do('GET', 'a');
  c.do('DBSIZE');
  c.do('SWAPDB', '1', '1');
  c.do('GET', 'a');
  c.do('SWAPDB', '15', '1');
  c.do('GET', 'a');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('SWAPDB', '1', '2');
  c.do('SELECT', '2');
  c.do('TTL', 't');
  c.do('SELECT', '+3');
  c.do('DBSIZE');
  c.do('swapdb', '0', '3');
  c.do('DBSIZE');
  c.do('SELECT', '0');
  // failure cases
  c.error('DB index is out of range', 'SELECT', '16');
  c.error('DB index is out of range', 'SELECT', '-1');
  c.error('out of range', 'SELECT', MAX);
  c.error('out of range', 'SELECT', '2147483648');
  c.error('not an integer', 'SELECT', 'abc');
  c.error('not an integer', 'SELECT', '1.0');
  c.error('not an integer', 'SELECT', '');
  c.error('DB index is out of range', 'SWAPDB', '0', '16');
  c.error('DB index is out of range', 'SWAPDB', '-1', '0');
  c.error('invalid first DB index', 'SWAPDB', 'a', '0');
  c.error('invalid second DB index', 'SWAPDB', '0', 'b');
  c.error('invalid first DB index', 'SWAPDB', 'a', 'b');
  c.error('wrong number of arguments', 'SELECT');
  c.error('wrong number of arguments', 'SELECT', '1', '2');
  c.error('wrong number of arguments', 'SWAPDB', '0');
  c.error('wrong number of arguments', 'DBSIZE', 'x');
  c.do('DBSIZE');
});

diff('FLUSHDB and FLUSHALL', (c) => {
  c.do('MSET', 'a', '1', 'b', '2');
  c.do('SELECT', '1');
  c.do('SET', 'c', '3');
  c.do('FLUSHDB');
  c.do('DBSIZE');
  c.do('SELECT', '0');
  c.do('DBSIZE');
  c.do('FLUSHDB', 'ASYNC');
  c.do('DBSIZE');
  c.do('SET', 'a', '1');
  c.do('FLUSHDB', 'sync');
  c.do('DBSIZE');
  c.do('SET', 'a', '1');
  c.do('SELECT', '5');
  c.do('SET', 'b', '1');
  c.do('FLUSHALL');
  c.do('DBSIZE');
  c.do('SELECT', '0');
  c.do('DBSIZE');
  c.do('SET', 'a', '1');
  c.do('FLUSHALL', 'ASYNC');
  c.do('DBSIZE');
  c.do('SET', 'a', '1');
  c.do('flushall', 'Sync');
  c.do('DBSIZE');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('FLUSHDB');
  c.do('TTL', 't');
  c.do('FLUSHDB');
  // failure cases
  c.error('syntax error', 'FLUSHDB', 'FOO');
  c.error('syntax error', 'FLUSHALL', 'FOO');
  c.error('syntax error', 'FLUSHDB', 'ASYNC', 'SYNC');
  c.error('syntax error', 'FLUSHALL', 'SYNC', 'SYNC');
});

// ---------------------------------------------------------------------------------------------
// PING / ECHO / TIME

diff('PING ECHO TIME', (c) => {
  c.do('PING');
  c.do('PING', 'hello');
  c.do('PING', '');
  c.do('PING', BIN);
  c.do('ping');
  c.do('ECHO', 'hello');
  c.do('ECHO', '');
  c.do('ECHO', BIN);
  c.do('echo', 'héllo');
  c.doShape('TIME');
  c.resp3();
  c.do('PING');
  c.do('PING', 'x');
  c.do('ECHO', 'x');
  c.doShape('TIME');
  c.resp2();
  // failure cases
  c.error('wrong number of arguments', 'PING', 'a', 'b');
  c.error('wrong number of arguments', 'ECHO');
  c.error('wrong number of arguments', 'ECHO', 'a', 'b');
  c.error('wrong number of arguments', 'TIME', 'x');
});

// ---------------------------------------------------------------------------------------------
// COMMAND

diff('COMMAND INFO and DOCS for implemented commands', (c) => {
  c.do('COMMAND', 'INFO', 'GET');
  c.do('COMMAND', 'INFO', 'get', 'SET', 'nosuchcommand');
  // Not OBJECT itself: its subcommands come in dict order, which differs between redis runs.
  c.do('COMMAND', 'INFO', 'DEL', 'EXPIRE', 'SCAN', 'TTL');
  c.do('COMMAND', 'INFO', 'object|encoding');
  c.do('COMMAND', 'INFO', 'PING', 'ECHO', 'SELECT');
  c.do('COMMAND', 'INFO', 'MSET', 'LCS', 'GETEX');
  c.do('COMMAND', 'DOCS', 'GET');
  c.do('COMMAND', 'DOCS', 'SET', 'nosuchcommand');
  c.do('COMMAND', 'DOCS', 'EXPIRE');
  c.do('COMMAND', 'DOCS', 'nosuchcommand');
  c.do('command', 'info', 'incr');
  c.resp3();
  c.do('COMMAND', 'INFO', 'GET');
  c.do('COMMAND', 'DOCS', 'GET');
  c.do('COMMAND', 'DOCS', 'GETEX');
  c.resp2();
});

diff('COMMAND COUNT and errors', (c) => {
  // embedis counts the commands it implements (see docs/commands.md), so only the shape matches
  // until every Redis 7.0 command exists; test/commands/command-table.test.ts checks the table.
  c.doShape('COMMAND', 'COUNT');
  c.do('COMMAND', 'HELP');
  // failure cases
  c.error('unknown subcommand', 'COMMAND', 'FOO');
  c.error('wrong number of arguments', 'COMMAND', 'COUNT', 'x');
});

// ---------------------------------------------------------------------------------------------
// Unknown commands, arity, case

diff('unknown commands and subcommands', (c) => {
  c.do('SET', 'k', 'v');
  // failure cases
  c.error('unknown command', 'FOO');
  c.error('unknown command', 'FOO', 'a', 'b');
  c.error('unknown command', 'foo', 'with spaces', 'x');
  c.error('unknown command', 'NOSUCH', 'x'.repeat(200));
  c.error('unknown command', 'x'.repeat(200));
  c.error('unknown command', 'NOSUCH', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm');
  c.error('unknown command', '');
  c.error('unknown command', 'GET ');
  // Not "GET\0": redis compares command names with strcasecmp, which stops at the NUL, so it
  // runs GET when the two names happen to hash to the same bucket (random per redis run).
  c.error('unknown subcommand', 'OBJECT', 'NOSUCH', 'k');
  c.error('unknown subcommand', 'object', 'nosuch');
  c.error('unknown subcommand', 'COMMAND', 'NOSUCH');
  c.do('GET', 'k');
});

diff('arity errors name the command as called', (c) => {
  // failure cases
  const cases: string[][] = [
    ['GET'],
    ['GET', 'a', 'b'],
    ['get'],
    ['SET', 'k'],
    ['SETNX', 'k'],
    ['SETEX', 'k', '1'],
    ['PSETEX', 'k'],
    ['GETSET', 'k'],
    ['GETDEL'],
    ['GETEX'],
    ['MGET'],
    ['MSET', 'k'],
    ['MSETNX'],
    ['APPEND', 'k'],
    ['STRLEN'],
    ['INCR'],
    ['INCRBY', 'k'],
    ['DECR'],
    ['DECRBY', 'k'],
    ['INCRBYFLOAT', 'k'],
    ['GETRANGE', 'k', '0'],
    ['SUBSTR', 'k', '0'],
    ['SETRANGE', 'k', '0'],
    ['LCS', 'k'],
    ['DEL'],
    ['UNLINK'],
    ['EXISTS'],
    ['TYPE'],
    ['KEYS'],
    ['SCAN'],
    ['RANDOMKEY', 'x'],
    ['RENAME', 'k'],
    ['RENAMENX', 'k'],
    ['COPY', 'k'],
    ['MOVE', 'k'],
    ['EXPIRE', 'k'],
    ['PEXPIRE', 'k'],
    ['EXPIREAT', 'k'],
    ['PEXPIREAT', 'k'],
    ['TTL'],
    ['PTTL'],
    ['EXPIRETIME'],
    ['PEXPIRETIME'],
    ['PERSIST'],
    ['TOUCH'],
    ['OBJECT'],
    ['DBSIZE', 'x'],
    ['SELECT'],
    ['SWAPDB', '0'],
    ['ECHO'],
    ['TIME', 'x'],
    ['gEtRaNgE', 'k'],
  ];
  for (const argv of cases) c.error('wrong number of arguments', ...argv);
});

diff('command names and options are case-insensitive', (c) => {
  c.do('sEt', 'k', 'v', 'eX', '100', 'nX');
  c.do('Ttl', 'k');
  c.do('set', 'k', 'v2', 'xx', 'get', 'keepTTL');
  c.do('GeT', 'k');
  c.do('getex', 'k', 'Px', '5000');
  c.doApprox(50, 'pttl', 'k');
  c.do('getEX', 'k', 'pErSiSt');
  c.do('expire', 'k', '100', 'nx');
  c.do('Expire', 'k', '200', 'Gt');
  c.do('TTL', 'k');
  c.do('mset', 'a', '1', 'b', '2');
  c.do('Mget', 'a', 'b');
  c.do('incrBY', 'a', '5');
  c.do('lcs', 'a', 'b', 'IdX', 'MinMatchLen', '0', 'WithMatchLen');
  c.do('copy', 'a', 'c', 'Db', '1', 'Replace');
  c.do('Object', 'Encoding', 'a');
  c.doSorted('keys', '*');
  c.scanAll('Scan', 'Match', '*', 'Count', '10', 'Type', 'String');
  c.do('flushdb', 'Async');
  c.do('dbsize');
  c.do('PiNg');
  c.do('CoMmAnD', 'InFo', 'gEt');
});

// Strings (redis.io group "string"), Redis 7.0: GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX
// MGET MSET MSETNX APPEND STRLEN INCR INCRBY DECR DECRBY INCRBYFLOAT GETRANGE SUBSTR SETRANGE LCS.

import { diff, type Script } from './harness.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
/** Year 2100 (seconds and ms since the epoch): an absolute time that stays in the future. */
const Y2100_S = '4102444800';
const Y2100_MS = '4102444800000';
/** 512 MB, proto-max-bulk-len: the largest string Redis builds. */
const MAX_LEN = 512 * 1024 * 1024;
const BIN = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f, 0x00]);

/** A list, a set, a hash and a sorted set, for WRONGTYPE cases. */
function wrongTypeKeys(c: Script): void {
  c.do('RPUSH', 'list', 'a', 'b');
  c.do('SADD', 'set', 'a');
  c.do('HSET', 'hash', 'f', 'v');
  c.do('ZADD', 'zset', '1', 'a');
}

// ---------------------------------------------------------------------------------------------
// GET / SET

diff('GET and SET store and return values', (c) => {
  c.do('GET', 'k');
  c.do('SET', 'k', 'v');
  c.do('GET', 'k');
  c.do('SET', 'k', 'overwritten');
  c.do('GET', 'k');
  c.do('SET', 'empty', '');
  c.do('GET', 'empty');
  c.do('EXISTS', 'empty');
  c.do('SET', 'utf8', 'héllo wörld ✓');
  c.do('GET', 'utf8');
  c.do('STRLEN', 'utf8');
  c.do('SET', 'bin', BIN);
  c.do('GET', 'bin');
  c.do('STRLEN', 'bin');
  c.do('SET', BIN, 'binary key');
  c.do('GET', BIN);
  c.do('SET', '', 'empty key');
  c.do('GET', '');
  c.do('SET', 'max', MAX);
  c.do('GET', 'max');
  c.do('SET', 'min', MIN);
  c.do('GET', 'min');
  c.do('SET', 'float', '3.14');
  c.do('GET', 'float');
  c.do('SET', 'spaces', '  a b  ');
  c.do('GET', 'spaces');
  c.do('SET', 'crlf', 'a\r\nb');
  c.do('GET', 'crlf');
  c.do('SET', 'long', 'x'.repeat(1000));
  c.do('GET', 'long');
  c.do('set', 'lower', '1');
  c.do('gEt', 'lower');
  c.do('SET', 'n', 42);
  c.do('GET', 'n');
});

diff('SET overwrites keys of any type and clears their TTL', (c) => {
  wrongTypeKeys(c);
  c.do('SET', 'list', 'now a string');
  c.do('TYPE', 'list');
  c.do('GET', 'list');
  c.do('SET', 'hash', 'x');
  c.do('TYPE', 'hash');
  c.do('SET', 'k', 'v', 'EX', '100');
  c.do('SET', 'k', 'v2');
  c.do('TTL', 'k');
});

diff('SET NX and XX', (c) => {
  c.do('SET', 'k', 'v', 'NX');
  c.do('SET', 'k', 'v2', 'NX');
  c.do('GET', 'k');
  c.do('SET', 'k', 'v3', 'XX');
  c.do('GET', 'k');
  c.do('SET', 'missing', 'v', 'XX');
  c.do('EXISTS', 'missing');
  c.do('SET', 'k', 'v4', 'nx');
  c.do('SET', 'k', 'v5', 'xX');
  c.do('GET', 'k');
  c.do('SET', 'k', 'v6', 'NX', 'NX');
  c.do('SET', 'k', 'v7', 'XX', 'XX');
  c.do('GET', 'k');
  wrongTypeKeys(c);
  c.do('SET', 'list', 'v', 'NX');
  c.do('TYPE', 'list');
  c.do('SET', 'list', 'v', 'XX');
  c.do('TYPE', 'list');
});

diff('SET EX PX EXAT PXAT set a TTL', (c) => {
  c.do('SET', 'k', 'v', 'EX', '100');
  c.do('TTL', 'k');
  c.doApprox(50, 'PTTL', 'k');
  c.do('SET', 'k', 'v', 'PX', '1800');
  c.doApprox(50, 'PTTL', 'k');
  c.do('TTL', 'k');
  c.do('SET', 'k', 'v', 'EXAT', c.now(100_000, 's'));
  c.doApprox(1, 'TTL', 'k');
  c.do('SET', 'k', 'v', 'PXAT', c.now(5000));
  c.doApprox(50, 'PTTL', 'k');
  c.do('SET', 'k', 'v', 'EXAT', Y2100_S);
  c.do('EXPIRETIME', 'k');
  c.do('SET', 'k', 'v', 'PXAT', Y2100_MS);
  c.do('PEXPIRETIME', 'k');
  c.do('SET', 'k', 'v', 'ex', '10');
  c.do('TTL', 'k');
  c.do('SET', 'k', 'v', 'Px', '10000');
  c.do('TTL', 'k');
  c.do('SET', 'k', 'v', 'EX', MAX.slice(0, 12));
  c.do('TTL', 'k');
  c.do('SET', 'k', 'v', 'PX', '1');
  c.sleep(20);
  c.do('GET', 'k');
});

diff('SET with an expire time in the past deletes the key', (c) => {
  c.do('SET', 'k', 'v', 'PXAT', '1');
  c.do('GET', 'k');
  c.do('EXISTS', 'k');
  c.do('SET', 'k', 'v', 'EXAT', '1');
  c.do('EXISTS', 'k');
  c.do('SET', 'k', 'v');
  c.do('SET', 'k', 'v2', 'PXAT', c.now(-1000), 'GET');
  c.do('EXISTS', 'k');
  c.do('DBSIZE');
});

diff('SET keys expire after their TTL', (c) => {
  c.do('SET', 'px', 'v', 'PX', '100');
  c.do('SET', 'ex', 'v', 'EX', '1');
  c.do('SET', 'pxat', 'v', 'PXAT', c.now(100));
  c.do('SET', 'keep', 'v');
  c.do('GET', 'px');
  c.sleep(150);
  c.do('GET', 'px');
  c.do('EXISTS', 'pxat');
  c.do('TTL', 'px');
  c.do('GET', 'ex');
  c.sleep(1000);
  c.do('GET', 'ex');
  c.do('DBSIZE');
  c.doSorted('KEYS', '*');
});

diff('SET KEEPTTL keeps the TTL', (c) => {
  c.do('SET', 'k', 'v', 'EX', '100');
  c.do('SET', 'k', 'v2', 'KEEPTTL');
  c.do('TTL', 'k');
  c.do('GET', 'k');
  c.do('SET', 'k', 'v3', 'keepttl', 'XX');
  c.do('TTL', 'k');
  c.do('SET', 'k', 'v4');
  c.do('TTL', 'k');
  c.do('SET', 'new', 'v', 'KEEPTTL');
  c.do('TTL', 'new');
  c.do('SET', 'new', 'v', 'KEEPTTL', 'NX');
  c.do('SET', 'k', 'v', 'PX', '100000');
  c.do('SET', 'k', 'v', 'KEEPTTL', 'GET');
  c.do('TTL', 'k');
});

diff('SET GET returns the old value', (c) => {
  c.do('SET', 'k', 'v1', 'GET');
  c.do('SET', 'k', 'v2', 'GET');
  c.do('GET', 'k');
  c.do('SET', 'k', 'v3', 'NX', 'GET');
  c.do('GET', 'k');
  c.do('SET', 'n', 'v', 'NX', 'GET');
  c.do('GET', 'n');
  c.do('SET', 'k', 'v4', 'XX', 'GET');
  c.do('SET', 'x', 'v', 'XX', 'GET');
  c.do('EXISTS', 'x');
  c.do('SET', 'k', 'v5', 'GET', 'EX', '100');
  c.do('TTL', 'k');
  c.do('SET', 'k', 'v6', 'get', 'keepttl');
  c.do('TTL', 'k');
  c.do('SET', 'k', BIN, 'GET');
  c.do('SET', 'k', 'v', 'GET');
  c.do('SET', 'k', 'v', 'GET', 'GET');
});

diff('SET option combinations in any order', (c) => {
  c.do('SET', 'a', '1', 'NX', 'EX', '100');
  c.do('TTL', 'a');
  c.do('SET', 'a', '2', 'EX', '200', 'XX');
  c.do('TTL', 'a');
  c.do('SET', 'a', '3', 'XX', 'PX', '300000', 'GET');
  c.do('TTL', 'a');
  c.do('SET', 'a', '4', 'GET', 'XX', 'KEEPTTL');
  c.do('TTL', 'a');
  c.do('SET', 'b', '1', 'PXAT', Y2100_MS, 'NX', 'GET');
  c.do('PEXPIRETIME', 'b');
  c.do('SET', 'b', '2', 'EXAT', Y2100_S, 'XX');
  c.do('EXPIRETIME', 'b');
  c.do('SET', 'c', '1', 'NX', 'KEEPTTL');
  c.do('TTL', 'c');
});

diff('SET failure cases', (c) => {
  // failure cases
  c.error('wrong number of arguments', 'SET');
  c.error('wrong number of arguments', 'SET', 'k');
  c.error('syntax error', 'SET', 'k', 'v', 'NX', 'XX');
  c.error('syntax error', 'SET', 'k', 'v', 'XX', 'NX');
  c.error('syntax error', 'SET', 'k', 'v', 'EX', '10', 'PX', '100');
  c.do('SET', 'k', 'v', 'EX', '10', 'EX', '20');
  c.do('TTL', 'k');
  c.do('DEL', 'k');
  c.error('syntax error', 'SET', 'k', 'v', 'EX', '10', 'KEEPTTL');
  c.error('syntax error', 'SET', 'k', 'v', 'KEEPTTL', 'PX', '10');
  c.error('syntax error', 'SET', 'k', 'v', 'EXAT', Y2100_S, 'PXAT', Y2100_MS);
  c.error('syntax error', 'SET', 'k', 'v', 'EX', '10', 'EXAT', Y2100_S);
  c.error('syntax error', 'SET', 'k', 'v', 'EX');
  c.error('syntax error', 'SET', 'k', 'v', 'PX');
  c.error('syntax error', 'SET', 'k', 'v', 'EXAT');
  c.error('syntax error', 'SET', 'k', 'v', 'FOO');
  c.error('syntax error', 'SET', 'k', 'v', 'NX', 'FOO');
  c.error('syntax error', 'SET', 'k', 'v', '10');
  c.error('syntax error', 'SET', 'k', 'v', 'EXPIRE', '10');
  c.error('invalid expire time', 'SET', 'k', 'v', 'EX', '0');
  c.error('invalid expire time', 'SET', 'k', 'v', 'EX', '-1');
  c.error('invalid expire time', 'SET', 'k', 'v', 'PX', '0');
  c.error('invalid expire time', 'SET', 'k', 'v', 'PX', '-100');
  c.error('invalid expire time', 'SET', 'k', 'v', 'EXAT', '0');
  c.error('invalid expire time', 'SET', 'k', 'v', 'PXAT', '-1');
  c.error('invalid expire time', 'SET', 'k', 'v', 'EX', MAX);
  c.error('invalid expire time', 'SET', 'k', 'v', 'EX', '9223372036854775');
  c.error('invalid expire time', 'SET', 'k', 'v', 'PX', MAX);
  c.error('invalid expire time', 'SET', 'k', 'v', 'EXAT', MAX);
  c.do('SET', 'k', 'v', 'PXAT', MAX);
  c.do('PEXPIRETIME', 'k');
  c.do('DEL', 'k');
  c.error('invalid expire time', 'SET', 'k', 'v', 'EX', MIN);
  c.error('not an integer', 'SET', 'k', 'v', 'EX', 'abc');
  c.error('not an integer', 'SET', 'k', 'v', 'EX', '1.5');
  c.error('not an integer', 'SET', 'k', 'v', 'PX', '');
  c.error('not an integer', 'SET', 'k', 'v', 'EX', '9223372036854775808');
  c.error('not an integer', 'SET', 'k', 'v', 'EX', ' 10');
  c.error('not an integer', 'SET', 'k', 'v', 'EX', '+10');
  c.do('EXISTS', 'k');
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'SET', 'list', 'v', 'GET');
  c.error('WRONGTYPE', 'SET', 'hash', 'v', 'NX', 'GET');
  c.do('TYPE', 'list');
  c.do('LRANGE', 'list', '0', '-1');
});

// ---------------------------------------------------------------------------------------------
// SETNX / SETEX / PSETEX / GETSET / GETDEL

diff('SETNX sets only missing keys', (c) => {
  c.do('SETNX', 'k', 'v');
  c.do('SETNX', 'k', 'v2');
  c.do('GET', 'k');
  c.do('SETNX', 'e', '');
  c.do('GET', 'e');
  c.do('setnx', 'bin', BIN);
  c.do('GET', 'bin');
  wrongTypeKeys(c);
  c.do('SETNX', 'list', 'v');
  c.do('TYPE', 'list');
  // failure cases
  c.error('wrong number of arguments', 'SETNX', 'k');
  c.error('wrong number of arguments', 'SETNX', 'k', 'v', 'x');
});

diff('SETEX and PSETEX', (c) => {
  c.do('SETEX', 'k', '100', 'v');
  c.do('GET', 'k');
  c.do('TTL', 'k');
  c.do('PSETEX', 'p', '1500', 'v');
  c.doApprox(50, 'PTTL', 'p');
  c.do('SETEX', 'k', '5', 'v2');
  c.do('TTL', 'k');
  c.do('GET', 'k');
  c.do('PSETEX', 'short', '50', 'v');
  c.sleep(100);
  c.do('GET', 'short');
  wrongTypeKeys(c);
  c.do('SETEX', 'list', '10', 'v');
  c.do('TYPE', 'list');
  // failure cases
  c.error('invalid expire time', 'SETEX', 'k', '0', 'v');
  c.error('invalid expire time', 'SETEX', 'k', '-1', 'v');
  c.error('invalid expire time', 'PSETEX', 'k', '0', 'v');
  c.error('invalid expire time', 'PSETEX', 'k', '-5', 'v');
  c.error('invalid expire time', 'SETEX', 'k', MAX, 'v');
  c.error('invalid expire time', 'PSETEX', 'k', MAX, 'v');
  c.error('not an integer', 'SETEX', 'k', 'abc', 'v');
  c.error('not an integer', 'PSETEX', 'k', '1.5', 'v');
  c.error('not an integer', 'SETEX', 'k', '', 'v');
  c.error('wrong number of arguments', 'SETEX', 'k', '10');
  c.error('wrong number of arguments', 'PSETEX', 'k', '10', 'v', 'x');
  c.do('GET', 'k');
});

diff('GETSET returns the old value and clears the TTL', (c) => {
  c.do('GETSET', 'k', 'v');
  c.do('GETSET', 'k', 'v2');
  c.do('GET', 'k');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('GETSET', 't', 'x');
  c.do('TTL', 't');
  c.do('GETSET', 'k', BIN);
  c.do('GETSET', 'k', '');
  c.do('GET', 'k');
  // failure cases
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'GETSET', 'list', 'v');
  c.do('TYPE', 'list');
  c.error('wrong number of arguments', 'GETSET', 'k');
  c.error('wrong number of arguments', 'GETSET', 'k', 'v', 'x');
});

diff('GETDEL returns and deletes', (c) => {
  c.do('SET', 'k', 'v');
  c.do('GETDEL', 'k');
  c.do('EXISTS', 'k');
  c.do('GETDEL', 'k');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('GETDEL', 't');
  c.do('TTL', 't');
  c.do('SET', 'n', '123');
  c.do('GETDEL', 'n');
  // failure cases
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'GETDEL', 'list');
  c.do('EXISTS', 'list');
  c.error('wrong number of arguments', 'GETDEL');
  c.error('wrong number of arguments', 'GETDEL', 'a', 'b');
});

diff('GETEX gets and sets or clears the TTL', (c) => {
  c.do('SET', 'k', 'v');
  c.do('GETEX', 'k');
  c.do('TTL', 'k');
  c.do('GETEX', 'k', 'EX', '100');
  c.do('TTL', 'k');
  c.do('GETEX', 'k', 'PX', '5000');
  c.doApprox(50, 'PTTL', 'k');
  c.do('GETEX', 'k', 'EXAT', c.now(200_000, 's'));
  c.doApprox(1, 'TTL', 'k');
  c.do('GETEX', 'k', 'PXAT', c.now(7000));
  c.doApprox(50, 'PTTL', 'k');
  c.do('GETEX', 'k', 'EXAT', Y2100_S);
  c.do('EXPIRETIME', 'k');
  c.do('GETEX', 'k', 'PXAT', Y2100_MS);
  c.do('PEXPIRETIME', 'k');
  c.do('GETEX', 'k', 'PERSIST');
  c.do('TTL', 'k');
  c.do('GETEX', 'k', 'PERSIST');
  c.do('GETEX', 'k', 'ex', '10');
  c.do('TTL', 'k');
  c.do('GETEX', 'k', 'persist');
  c.do('TTL', 'k');
  c.do('GETEX', 'missing');
  c.do('GETEX', 'missing', 'EX', '10');
  c.do('EXISTS', 'missing');
  c.do('GETEX', 'k', 'PXAT', '1');
  c.do('EXISTS', 'k');
  c.do('SET', 'k', 'v');
  c.do('GETEX', 'k', 'PX', '50');
  c.sleep(100);
  c.do('GETEX', 'k');
  // failure cases
  c.do('SET', 'k', 'v');
  c.error('syntax error', 'GETEX', 'k', 'EX', '10', 'PX', '100');
  c.error('syntax error', 'GETEX', 'k', 'EX', '10', 'PERSIST');
  c.error('syntax error', 'GETEX', 'k', 'PERSIST', 'EX', '10');
  c.do('GETEX', 'k', 'PERSIST', 'PERSIST');
  c.error('syntax error', 'GETEX', 'k', 'EX');
  c.error('syntax error', 'GETEX', 'k', 'KEEPTTL');
  c.error('syntax error', 'GETEX', 'k', 'NX');
  c.error('syntax error', 'GETEX', 'k', 'FOO');
  c.error('invalid expire time', 'GETEX', 'k', 'EX', '0');
  c.error('invalid expire time', 'GETEX', 'k', 'PX', '-1');
  c.error('invalid expire time', 'GETEX', 'k', 'EXAT', '0');
  c.error('invalid expire time', 'GETEX', 'k', 'EX', MAX);
  c.do('GETEX', 'k', 'PXAT', MAX);
  c.do('PEXPIRETIME', 'k');
  c.do('PERSIST', 'k');
  c.error('not an integer', 'GETEX', 'k', 'EX', 'ten');
  c.error('not an integer', 'GETEX', 'k', 'PX', '1e3');
  c.do('TTL', 'k');
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'GETEX', 'list');
  c.error('WRONGTYPE', 'GETEX', 'set', 'EX', '10');
  c.do('TTL', 'set');
  c.error('wrong number of arguments', 'GETEX');
});

// ---------------------------------------------------------------------------------------------
// MGET / MSET / MSETNX

diff('MGET MSET MSETNX', (c) => {
  c.do('MSET', 'a', '1', 'b', '2', 'c', '3');
  c.do('MGET', 'a', 'b', 'c', 'missing');
  c.do('MGET', 'missing');
  c.do('MSET', 'a', 'x', 'a', 'y');
  c.do('GET', 'a');
  c.do('MSET', 'bin', BIN, 'empty', '');
  c.do('MGET', 'bin', 'empty', 'bin');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('MSET', 't', 'w');
  c.do('TTL', 't');
  c.do('MSETNX', 'a', 'z', 'd', '4');
  c.do('EXISTS', 'd');
  c.do('MSETNX', 'd', '4', 'e', '5');
  c.do('MGET', 'd', 'e');
  c.do('MSETNX', 'f', '1', 'f', '2');
  c.do('GET', 'f');
  wrongTypeKeys(c);
  c.do('MGET', 'a', 'list', 'set', 'hash', 'zset', 'b');
  c.do('MSET', 'list', 'now a string');
  c.do('TYPE', 'list');
  c.do('MSETNX', 'set', 'x', 'g', '1');
  c.do('TYPE', 'set');
  c.resp3();
  c.do('MGET', 'a', 'missing', 'b');
  c.resp2();
  // failure cases
  c.error('wrong number of arguments', 'MGET');
  c.error('wrong number of arguments', 'MSET');
  c.error('wrong number of arguments', 'MSET', 'a');
  c.error('wrong number of arguments', 'MSET', 'a', '1', 'b');
  c.error('wrong number of arguments', 'MSETNX', 'a');
  c.error('wrong number of arguments', 'MSETNX', 'a', '1', 'b');
  c.do('MGET', 'a', 'b');
});

// ---------------------------------------------------------------------------------------------
// APPEND / STRLEN

diff('APPEND and STRLEN', (c) => {
  c.do('APPEND', 'k', 'ab');
  c.do('APPEND', 'k', 'cd');
  c.do('GET', 'k');
  c.do('APPEND', 'k', '');
  c.do('APPEND', 'k', BIN);
  c.do('GET', 'k');
  c.do('STRLEN', 'k');
  c.do('APPEND', 'e', '');
  c.do('EXISTS', 'e');
  c.do('GET', 'e');
  c.do('SET', 'n', '10');
  c.do('APPEND', 'n', '5');
  c.do('GET', 'n');
  c.do('INCR', 'n');
  c.do('STRLEN', 'n');
  c.do('SET', 'm', MAX);
  c.do('STRLEN', 'm');
  c.do('SET', 'neg', '-12');
  c.do('STRLEN', 'neg');
  c.do('STRLEN', 'missing');
  c.do('APPEND', 'u', 'é');
  c.do('STRLEN', 'u');
  c.do('SET', 't', 'v', 'EX', '100');
  c.do('APPEND', 't', 'w');
  c.do('TTL', 't');
  c.do('append', 't', 'x');
  c.do('strlen', 't');
  // failure cases
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'APPEND', 'list', 'x');
  c.error('WRONGTYPE', 'STRLEN', 'hash');
  c.error('wrong number of arguments', 'APPEND', 'k');
  c.error('wrong number of arguments', 'APPEND', 'k', 'a', 'b');
  c.error('wrong number of arguments', 'STRLEN');
  c.error('wrong number of arguments', 'STRLEN', 'a', 'b');
});

// ---------------------------------------------------------------------------------------------
// INCR / DECR / INCRBY / DECRBY

diff('INCR DECR INCRBY DECRBY', (c) => {
  c.do('INCR', 'k');
  c.do('INCR', 'k');
  c.do('INCRBY', 'k', '10');
  c.do('DECR', 'k');
  c.do('DECRBY', 'k', '5');
  c.do('INCRBY', 'k', '-3');
  c.do('DECRBY', 'k', '-3');
  c.do('GET', 'k');
  c.do('DECR', 'new');
  c.do('DECRBY', 'new2', '7');
  c.do('INCRBY', 'new3', '0');
  c.do('SET', 'z', '0');
  c.do('DECR', 'z');
  c.do('INCR', 'z');
  c.do('SET', 'neg', '-5');
  c.do('INCRBY', 'neg', '5');
  c.do('GET', 'neg');
  c.do('SET', 't', '1', 'EX', '100');
  c.do('INCR', 't');
  c.do('TTL', 't');
  c.do('SET', 'big', '9223372036854775806');
  c.do('INCR', 'big');
  c.do('GET', 'big');
  c.do('SET', 'small', '-9223372036854775807');
  c.do('DECR', 'small');
  c.do('GET', 'small');
  c.do('SET', 'x', '100');
  c.do('INCRBY', 'x', MAX.slice(0, 15));
  c.do('DECRBY', 'x', '1000000000000000000');
  c.do('INCRBY', 'y', MAX);
  c.do('INCRBY', 'w', MIN);
  c.do('DECRBY', 'v', MAX);
  c.do('SET', 'bin', Buffer.from('12'));
  c.do('INCR', 'bin');
  c.do('SET', 'long', '00000000000000000000001');
  c.do('incr', 'k');
  c.do('incrby', 'k', '1');
  c.do('decr', 'k');
  c.do('decrby', 'k', '1');
  // failure cases
  c.do('SET', 'big', MAX);
  c.error('overflow', 'INCR', 'big');
  c.error('overflow', 'INCRBY', 'big', '1');
  c.do('GET', 'big');
  c.do('SET', 'small', MIN);
  c.error('overflow', 'DECR', 'small');
  c.error('overflow', 'DECRBY', 'small', '1');
  c.error('overflow', 'INCRBY', 'small', '-1');
  c.do('SET', 'one', '1');
  c.error('overflow', 'INCRBY', 'one', MAX);
  c.error('overflow', 'DECRBY', 'one', MIN);
  c.error('overflow', 'DECRBY', 'small', MIN);
  c.error('not an integer', 'INCR', 'long');
  c.do('SET', 's', 'abc');
  c.error('not an integer', 'INCR', 's');
  c.error('not an integer', 'DECR', 's');
  for (const bad of [
    '',
    ' 1',
    '1 ',
    '+1',
    '1.0',
    '1e3',
    '0x10',
    '9223372036854775808',
    '-9223372036854775809',
  ]) {
    c.do('SET', 's', bad);
    c.error('not an integer', 'INCR', 's');
  }
  c.do('SET', 's', '-0');
  c.error('not an integer', 'INCRBY', 's', '1');
  c.do('SET', 's', '01');
  c.error('not an integer', 'INCRBY', 's', '1');
  c.error('not an integer', 'INCRBY', 'k', 'abc');
  c.error('not an integer', 'INCRBY', 'k', '1.5');
  c.error('not an integer', 'INCRBY', 'k', '');
  c.error('not an integer', 'DECRBY', 'k', '9223372036854775808');
  c.error('not an integer', 'INCRBY', 'k', ' 1');
  c.do('GET', 'k');
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'INCR', 'list');
  c.error('WRONGTYPE', 'DECR', 'set');
  c.error('WRONGTYPE', 'INCRBY', 'hash', '1');
  c.error('WRONGTYPE', 'DECRBY', 'zset', '1');
  c.error('wrong number of arguments', 'INCR');
  c.error('wrong number of arguments', 'INCR', 'a', 'b');
  c.error('wrong number of arguments', 'DECR');
  c.error('wrong number of arguments', 'INCRBY', 'k');
  c.error('wrong number of arguments', 'DECRBY', 'k', '1', '2');
});

// ---------------------------------------------------------------------------------------------
// INCRBYFLOAT

diff('INCRBYFLOAT adds with long double precision', (c) => {
  c.do('INCRBYFLOAT', 'k', '1.5');
  c.do('INCRBYFLOAT', 'k', '0.1');
  c.do('INCRBYFLOAT', 'k', '-1.6');
  c.do('GET', 'k');
  c.do('INCRBYFLOAT', 'a', '0.1');
  c.do('INCRBYFLOAT', 'a', '0.2');
  c.do('SET', 'i', '10');
  c.do('INCRBYFLOAT', 'i', '1');
  c.do('INCRBYFLOAT', 'i', '5.0e3');
  c.do('INCRBYFLOAT', 'i', '-5011');
  c.do('GET', 'i');
  c.do('INCRBYFLOAT', 'e', '1e-5');
  c.do('INCRBYFLOAT', 'e', '1.5E+2');
  c.do('INCRBYFLOAT', 'neg', '-0.25');
  c.do('INCRBYFLOAT', 'zero', '-0');
  c.do('INCRBYFLOAT', 'dot', '.5');
  c.do('INCRBYFLOAT', 'dot', '5.');
  c.do('SET', 'big', MAX);
  c.do('INCRBYFLOAT', 'big', '1');
  c.do('SET', 'sci', '1e3');
  c.do('INCRBYFLOAT', 'sci', '1');
  c.do('SET', 'f', '3.0');
  c.do('INCRBYFLOAT', 'f', '0');
  c.do('INCRBYFLOAT', 'huge', '1e300');
  c.do('INCRBYFLOAT', 'huge', '1e300');
  c.do('INCRBYFLOAT', 'long', '1e400');
  c.do('INCRBYFLOAT', 'tiny', '1e-20');
  c.do('INCRBYFLOAT', 'pi', '3.14159265358979323846');
  c.do('INCRBYFLOAT', 'third', '0.333333333333333333');
  c.do('INCRBYFLOAT', 'third', '0.333333333333333333');
  c.do('SET', 't', '1', 'EX', '100');
  c.do('INCRBYFLOAT', 't', '1.5');
  c.do('TTL', 't');
  c.do('incrbyfloat', 'k', '2');
  c.resp3();
  c.do('INCRBYFLOAT', 'k', '0.5');
  c.resp2();
  // failure cases
  c.error('NaN or Infinity', 'INCRBYFLOAT', 'k', 'inf');
  c.error('NaN or Infinity', 'INCRBYFLOAT', 'k', '-inf');
  c.error('NaN or Infinity', 'INCRBYFLOAT', 'k', '+inf');
  c.error('NaN or Infinity', 'INCRBYFLOAT', 'k', 'infinity');
  c.do('SET', 'max', '1e4932');
  c.error('NaN or Infinity', 'INCRBYFLOAT', 'max', '1e4932');
  c.error('not a valid float', 'INCRBYFLOAT', 'k', 'nan');
  c.error('not a valid float', 'INCRBYFLOAT', 'k', 'abc');
  c.error('not a valid float', 'INCRBYFLOAT', 'k', '');
  c.error('not a valid float', 'INCRBYFLOAT', 'k', ' 1');
  c.error('not a valid float', 'INCRBYFLOAT', 'k', '1 ');
  c.error('not a valid float', 'INCRBYFLOAT', 'k', '1.5x');
  c.do('INCRBYFLOAT', 'k', '0x10');
  c.do('INCRBYFLOAT', 'k', '-0x1p3');
  c.do('SET', 's', 'abc');
  c.error('not a valid float', 'INCRBYFLOAT', 's', '1');
  c.do('SET', 's', 'inf');
  c.error('NaN or Infinity', 'INCRBYFLOAT', 's', '1');
  c.do('SET', 's', '');
  c.error('not a valid float', 'INCRBYFLOAT', 's', '1');
  c.do('GET', 'k');
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'INCRBYFLOAT', 'list', '1');
  c.error('wrong number of arguments', 'INCRBYFLOAT', 'k');
  c.error('wrong number of arguments', 'INCRBYFLOAT', 'k', '1', '2');
});

// ---------------------------------------------------------------------------------------------
// GETRANGE / SUBSTR / SETRANGE

diff('GETRANGE and SUBSTR', (c) => {
  c.do('SET', 'k', 'Hello World');
  for (const [s, e] of [
    ['0', '4'],
    ['-5', '-1'],
    ['0', '-1'],
    ['5', '3'],
    ['-100', '-1'],
    ['0', '100'],
    ['100', '200'],
    ['-1', '-5'],
    ['-1', '-1'],
    ['3', '3'],
    ['0', '0'],
    ['-100', '-50'],
    ['10', '10'],
    ['11', '11'],
    [MIN, MAX],
    ['0', MIN],
  ] as const) {
    c.do('GETRANGE', 'k', s, e);
  }
  c.do('SUBSTR', 'k', '0', '4');
  c.do('SUBSTR', 'k', '-3', '-1');
  c.do('GETRANGE', 'missing', '0', '-1');
  c.do('GETRANGE', 'missing', '0', '10');
  c.do('SET', 'n', '12345');
  c.do('GETRANGE', 'n', '1', '2');
  c.do('GETRANGE', 'n', '-2', '-1');
  c.do('SET', 'e', '');
  c.do('GETRANGE', 'e', '0', '-1');
  c.do('GETRANGE', 'e', '0', '0');
  c.do('SET', 'bin', BIN);
  c.do('GETRANGE', 'bin', '1', '4');
  c.do('getrange', 'k', '0', '1');
  c.do('substr', 'k', '0', '1');
  // failure cases
  c.error('not an integer', 'GETRANGE', 'k', 'a', '1');
  c.error('not an integer', 'GETRANGE', 'k', '0', '1.5');
  c.error('not an integer', 'GETRANGE', 'k', '0', '9223372036854775808');
  c.error('not an integer', 'SUBSTR', 'k', '', '1');
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'GETRANGE', 'list', '0', '-1');
  c.error('WRONGTYPE', 'SUBSTR', 'set', '0', '-1');
  c.error('wrong number of arguments', 'GETRANGE', 'k', '0');
  c.error('wrong number of arguments', 'GETRANGE', 'k', '0', '1', '2');
  c.error('wrong number of arguments', 'SUBSTR', 'k');
});

diff('SETRANGE overwrites and pads with zero bytes', (c) => {
  c.do('SETRANGE', 'k', '5', 'hi');
  c.do('GET', 'k');
  c.do('STRLEN', 'k');
  c.do('SETRANGE', 'k', '0', 'HE');
  c.do('GET', 'k');
  c.do('SETRANGE', 'k', '6', 'world');
  c.do('GET', 'k');
  c.do('SETRANGE', 'k', '2', '');
  c.do('GET', 'k');
  c.do('SETRANGE', 'missing', '0', '');
  c.do('SETRANGE', 'missing', '10', '');
  c.do('EXISTS', 'missing');
  c.do('SET', 'n', '12345');
  c.do('SETRANGE', 'n', '1', 'x');
  c.do('GET', 'n');
  c.do('SET', 'b', 'abc');
  c.do('SETRANGE', 'b', '1', BIN);
  c.do('GET', 'b');
  c.do('SET', 't', 'abc', 'EX', '100');
  c.do('SETRANGE', 't', '0', 'x');
  c.do('TTL', 't');
  c.do('SET', 'e', '');
  c.do('SETRANGE', 'e', '0', '');
  c.do('SETRANGE', 'e', '3', '');
  c.do('GET', 'e');
  c.do('setrange', 'k', '0', 'h');
  c.do('GET', 'k');
  c.do('SETRANGE', 'missing', String(MAX_LEN), '');
  c.do('SETRANGE', 'k', String(MAX_LEN + 100), '');
  // failure cases
  c.error('offset is out of range', 'SETRANGE', 'k', '-1', 'x');
  c.error('offset is out of range', 'SETRANGE', 'missing', '-1', 'x');
  c.error('offset is out of range', 'SETRANGE', 'missing', '-1', '');
  c.error('string exceeds maximum allowed size', 'SETRANGE', 'k', String(MAX_LEN), 'x');
  c.error('string exceeds maximum allowed size', 'SETRANGE', 'k', String(MAX_LEN - 1), 'xy');
  c.error('string exceeds maximum allowed size', 'SETRANGE', 'missing', String(MAX_LEN), 'x');
  c.error('string exceeds maximum allowed size', 'SETRANGE', 'missing', MAX, 'x');
  c.error('not an integer', 'SETRANGE', 'k', 'abc', 'x');
  c.error('not an integer', 'SETRANGE', 'k', '1.5', 'x');
  c.error('not an integer', 'SETRANGE', 'k', '9223372036854775808', 'x');
  c.do('EXISTS', 'missing');
  c.do('GET', 'k');
  wrongTypeKeys(c);
  c.error('WRONGTYPE', 'SETRANGE', 'list', '0', 'x');
  c.error('WRONGTYPE', 'SETRANGE', 'hash', '0', '');
  c.error('wrong number of arguments', 'SETRANGE', 'k', '0');
  c.error('wrong number of arguments', 'SETRANGE', 'k', '0', 'a', 'b');
});

// ---------------------------------------------------------------------------------------------
// LCS

diff('LCS string, LEN and IDX', (c) => {
  c.do('MSET', 'a', 'ohmytext', 'b', 'mynewtext');
  c.do('LCS', 'a', 'b');
  c.do('LCS', 'a', 'b', 'LEN');
  c.do('LCS', 'a', 'b', 'IDX');
  c.do('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4');
  c.do('LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN');
  c.do('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '2', 'WITHMATCHLEN');
  c.do('LCS', 'a', 'b', 'WITHMATCHLEN', 'IDX', 'MINMATCHLEN', '0');
  c.do('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '-5');
  c.do('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '100');
  c.do('LCS', 'a', 'b', 'MINMATCHLEN', '4');
  c.do('LCS', 'a', 'b', 'WITHMATCHLEN');
  c.do('LCS', 'a', 'b', 'LEN', 'MINMATCHLEN', '2');
  c.do('LCS', 'b', 'a');
  c.do('LCS', 'a', 'a');
  c.do('LCS', 'a', 'a', 'IDX');
  c.do('LCS', 'a', 'missing');
  c.do('LCS', 'missing', 'a', 'LEN');
  c.do('LCS', 'missing', 'other', 'IDX');
  c.do('MSET', 'x', 'abcdefgh', 'y', 'zzzz');
  c.do('LCS', 'x', 'y');
  c.do('LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN');
  c.do('MSET', 'p', 'GTAGGCCTTA', 'q', 'AGGCTTAGTA');
  c.do('LCS', 'p', 'q');
  c.do('LCS', 'p', 'q', 'IDX', 'WITHMATCHLEN');
  c.do('MSET', 'n1', '1234567', 'n2', '2461');
  c.do('LCS', 'n1', 'n2', 'idx', 'withmatchlen');
  c.do('MSET', 'bin1', BIN, 'bin2', Buffer.from([0xff, 0x0a, 0x00]));
  c.do('LCS', 'bin1', 'bin2');
  c.do('lcs', 'a', 'b', 'len');
  c.resp3();
  c.do('LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN');
  c.do('LCS', 'a', 'b', 'LEN');
  c.do('LCS', 'missing', 'other', 'IDX');
  c.resp2();
  // failure cases
  c.error('If you want both the length and indexes', 'LCS', 'a', 'b', 'LEN', 'IDX');
  c.error('syntax error', 'LCS', 'a', 'b', 'FOO');
  c.error('syntax error', 'LCS', 'a', 'b', 'IDX', 'MINMATCHLEN');
  c.error('not an integer', 'LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', 'abc');
  wrongTypeKeys(c);
  c.error('The specified keys must contain string values', 'LCS', 'a', 'list');
  c.error('The specified keys must contain string values', 'LCS', 'set', 'b');
  c.error('wrong number of arguments', 'LCS', 'a');
  c.error('wrong number of arguments', 'LCS');
});

// ---------------------------------------------------------------------------------------------
// RESP3

diff('string commands in RESP3', (c) => {
  c.resp3();
  c.do('GET', 'missing');
  c.do('SET', 'k', 'v');
  c.do('SET', 'k', 'v2', 'GET');
  c.do('SET', 'k', 'v3', 'NX');
  c.do('SET', 'n', 'v', 'XX', 'GET');
  c.do('GETDEL', 'missing');
  c.do('GETEX', 'k', 'PERSIST');
  c.do('GETSET', 'k', 'v4');
  c.do('MSETNX', 'k', '1');
  c.do('INCR', 'i');
  c.do('INCRBYFLOAT', 'f', '1.25');
  c.do('MGET', 'k', 'missing', 'i');
  c.do('STRLEN', 'k');
  c.do('GETRANGE', 'k', '0', '0');
  c.error('syntax error', 'SET', 'k', 'v', 'NX', 'XX');
  c.error('not an integer', 'INCRBY', 'k', 'x');
  c.resp2();
  c.do('GET', 'missing');
});

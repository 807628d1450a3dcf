// Sets (redis.io group "set"), Redis 7.0: SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS
// SRANDMEMBER SPOP SMOVE SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN,
// with OBJECT ENCODING (intset / hashtable), RESP3 set replies, and every error.
//
// Order: an intset-encoded set replies in ascending numeric order in Redis, and so must embedis,
// so those replies are compared exactly (c.do); hashtable order is unspecified (c.doSorted).
// Random replies (SRANDMEMBER, SPOP) are compared exactly where Redis has no choice (a one-member
// set, a count that takes everything) and by shape elsewhere, followed by SCARD checks.
// The last section runs random command sequences over 3 keys (fixed ones recorded, plus a live
// fuzz shrunk on mismatch), mixing integers and strings so that encodings change underway.

import fc from 'fast-check';
import { test } from 'vitest';
import {
  type Arg,
  buildSteps,
  checkLive,
  diff,
  LIVE,
  RECORD,
  type Script,
  useDifferential,
} from './harness.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const BIN = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => String(from + i));

/** Ported from set.tcl: set1..set5 in the given encoding (an extra member decides it). */
function generatedSets(c: Script, encoding: 'intset' | 'hashtable'): string {
  c.do('SADD', 'set1', ...range(0, 200));
  c.do('SADD', 'set2', ...range(195, 395));
  c.do('SADD', 'set3', '199', '195', '1000', '2000');
  c.do('SADD', 'set4', ...range(5, 200));
  c.do('SADD', 'set5', '0');
  const large = encoding === 'intset' ? '200' : 'foo';
  for (let i = 1; i <= 5; i++) {
    c.do('SADD', `set${i}`, large);
    c.do('OBJECT', 'ENCODING', `set${i}`);
  }
  return large;
}

// ---------------------------------------------------------------------------------------------
// SADD / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS

diff('SADD SCARD SISMEMBER SMISMEMBER SMEMBERS on a hashtable set', (c) => {
  c.do('SADD', 'myset', 'foo');
  c.do('OBJECT', 'ENCODING', 'myset');
  c.do('SADD', 'myset', 'bar');
  c.do('SADD', 'myset', 'bar');
  c.do('SCARD', 'myset');
  c.do('SISMEMBER', 'myset', 'foo');
  c.do('SISMEMBER', 'myset', 'bar');
  c.do('SISMEMBER', 'myset', 'bla');
  c.do('SMISMEMBER', 'myset', 'foo');
  c.do('SMISMEMBER', 'myset', 'foo', 'bar');
  c.do('SMISMEMBER', 'myset', 'foo', 'bla');
  c.do('SMISMEMBER', 'myset', 'bla', 'foo');
  c.do('SMISMEMBER', 'myset', 'bla');
  c.doSorted('SMEMBERS', 'myset');
  c.do('SADD', 'myset', 'A', 'a', 'b', 'c', 'B', 'a');
  c.doSorted('SMEMBERS', 'myset');
  c.do('sadd', 'myset', '', BIN, 'héllo');
  c.do('SISMEMBER', 'myset', '');
  c.do('SISMEMBER', 'myset', BIN);
  c.do('SISMEMBER', 'myset', 'héllo');
  c.doSorted('SMEMBERS', 'myset');
  c.do('SCARD', 'myset');
  c.do('TYPE', 'myset');
  c.do('SCARD', 'missing');
  c.do('SISMEMBER', 'missing', 'a');
  c.do('SMISMEMBER', 'missing', 'a', 'b');
  c.do('SMEMBERS', 'missing');
  c.do('EXISTS', 'missing');
  c.do('SADD', BIN, 'x');
  c.do('SMEMBERS', BIN);
});

diff('SADD SCARD SISMEMBER SMISMEMBER SMEMBERS on an intset replies in numeric order', (c) => {
  c.do('SADD', 'myset', '17');
  c.do('OBJECT', 'ENCODING', 'myset');
  c.do('SADD', 'myset', '16');
  c.do('SADD', 'myset', '16');
  c.do('SCARD', 'myset');
  c.do('SISMEMBER', 'myset', '16');
  c.do('SISMEMBER', 'myset', '17');
  c.do('SISMEMBER', 'myset', '18');
  c.do('SISMEMBER', 'myset', '016');
  c.do('SISMEMBER', 'myset', '+16');
  c.do('SMISMEMBER', 'myset', '16', '17', '18', 'x');
  c.do('SMEMBERS', 'myset');
  c.do('SADD', 'myset', '-3', '1000', '-1000', '0', '9', '10', '-9', '-10', MAX, MIN, '100', '99');
  c.do('SMEMBERS', 'myset');
  c.do('OBJECT', 'ENCODING', 'myset');
  c.do('SISMEMBER', 'myset', MAX);
  c.do('SISMEMBER', 'myset', MIN);
  c.do('SISMEMBER', 'myset', '-0');
  c.do('SISMEMBER', 'myset', '0');
  c.do('SREM', 'myset', '0', '-10', MAX);
  c.do('SMEMBERS', 'myset');
  c.do('SCARD', 'myset');
});

diff('SADD converts an intset to a hashtable, for good', (c) => {
  c.do('SADD', 'a', '1', '2', '3');
  c.do('OBJECT', 'ENCODING', 'a');
  c.do('SADD', 'a', 'a');
  c.do('OBJECT', 'ENCODING', 'a');
  c.do('SREM', 'a', 'a');
  c.do('OBJECT', 'ENCODING', 'a');
  c.doSorted('SMEMBERS', 'a');
  // Integers that string2ll refuses make a hashtable.
  for (const [k, v] of [
    ['b', '213244124402402314402033402'],
    ['c', '9223372036854775808'],
    ['d', '-9223372036854775809'],
    ['e', '01'],
    ['f', '-0'],
    ['g', '+1'],
    ['h', ' 1'],
    ['i', '1 '],
    ['j', '1.0'],
    ['k', ''],
    ['l', '00'],
  ] as const) {
    c.do('SADD', k, v);
    c.do('OBJECT', 'ENCODING', k);
    c.do('SISMEMBER', k, v);
    c.do('SMISMEMBER', k, v, '1');
  }
  for (const [k, v] of [
    ['m', MAX],
    ['n', MIN],
    ['o', '-1'],
    ['p', '0'],
  ] as const) {
    c.do('SADD', k, v);
    c.do('OBJECT', 'ENCODING', k);
  }
  // 512 integers stay an intset, the 513th converts it.
  c.do('SADD', 'big', ...range(0, 512));
  c.do('OBJECT', 'ENCODING', 'big');
  c.do('SCARD', 'big');
  c.do('SADD', 'big', '511');
  c.do('OBJECT', 'ENCODING', 'big');
  c.do('SADD', 'big', '512');
  c.do('OBJECT', 'ENCODING', 'big');
  c.do('SREM', 'big', '512', '511', '510');
  c.do('OBJECT', 'ENCODING', 'big');
  c.do('SCARD', 'big');
  c.do('SADD', 'big2', ...range(0, 600));
  c.do('OBJECT', 'ENCODING', 'big2');
  c.do('SADD', 'rev', ...range(0, 300).reverse());
  c.do('SMEMBERS', 'rev');
  c.do('OBJECT', 'ENCODING', 'rev');
});

// ---------------------------------------------------------------------------------------------
// SREM

diff('SREM removes members and deletes the emptied set', (c) => {
  c.do('SADD', 'myset', 'foo', 'bar', 'ciao');
  c.do('OBJECT', 'ENCODING', 'myset');
  c.do('SREM', 'myset', 'qux');
  c.do('SREM', 'myset', 'foo');
  c.doSorted('SMEMBERS', 'myset');
  c.do('SADD', 'ints', '3', '4', '5');
  c.do('SREM', 'ints', '6');
  c.do('SREM', 'ints', '4');
  c.do('SREM', 'ints', 'x', '04');
  c.do('SMEMBERS', 'ints');
  c.do('SADD', 'm', 'a', 'b', 'c', 'd');
  c.do('SREM', 'm', 'k', 'k', 'k');
  c.do('SREM', 'm', 'b', 'd', 'x', 'y');
  c.doSorted('SMEMBERS', 'm');
  c.do('SADD', 'v', '1', '2', '3');
  c.do('SREM', 'v', '1', '2', '3', '4', '5', '6', '7', '8');
  c.do('EXISTS', 'v');
  c.do('SADD', 'w', 'a', 'b');
  c.do('SREM', 'w', 'a', 'a', 'b', 'b');
  c.do('EXISTS', 'w');
  c.do('SREM', 'missing', 'a');
  c.do('SADD', 'x', 'only');
  c.do('SREM', 'x', 'only');
  c.do('SCARD', 'x');
  c.do('TYPE', 'x');
});

// ---------------------------------------------------------------------------------------------
// SMOVE

function setupMove(c: Script): void {
  c.do('DEL', 'myset1', 'myset2', 'myset3', 'myset4');
  c.do('SADD', 'myset1', '1', 'a', 'b');
  c.do('SADD', 'myset2', '2', '3', '4');
  c.do('OBJECT', 'ENCODING', 'myset1');
  c.do('OBJECT', 'ENCODING', 'myset2');
}

diff('SMOVE between sets and encodings', (c) => {
  setupMove(c);
  c.do('SMOVE', 'myset1', 'myset2', 'a');
  c.doSorted('SMEMBERS', 'myset1');
  c.doSorted('SMEMBERS', 'myset2');
  c.do('OBJECT', 'ENCODING', 'myset2');
  setupMove(c);
  c.do('SMOVE', 'myset1', 'myset2', '1');
  c.doSorted('SMEMBERS', 'myset1');
  c.do('SMEMBERS', 'myset2');
  c.do('OBJECT', 'ENCODING', 'myset2');
  setupMove(c);
  c.do('SMOVE', 'myset2', 'myset1', '2');
  c.doSorted('SMEMBERS', 'myset1');
  c.do('SMEMBERS', 'myset2');
  setupMove(c);
  c.do('SMOVE', 'myset1', 'myset2', 'foo');
  c.do('SMOVE', 'myset1', 'myset1', 'foo');
  c.do('SMOVE', 'myset1', 'myset1', 'a');
  c.doSorted('SMEMBERS', 'myset1');
  c.do('SMOVE', 'noset', 'myset2', 'foo');
  c.do('SMEMBERS', 'myset2');
  c.do('SMOVE', 'myset1', 'myset3', 'a');
  c.doSorted('SMEMBERS', 'myset1');
  c.do('SMEMBERS', 'myset3');
  c.do('OBJECT', 'ENCODING', 'myset3');
  c.do('SMOVE', 'myset2', 'myset4', '2');
  c.do('SMEMBERS', 'myset2');
  c.do('SMEMBERS', 'myset4');
  c.do('OBJECT', 'ENCODING', 'myset4');
  // The member already in the destination: still 1, removed from the source.
  c.do('SADD', 'src', 'a', 'b');
  c.do('SADD', 'dst', 'a');
  c.do('SMOVE', 'src', 'dst', 'a');
  c.do('SMEMBERS', 'src');
  c.do('SMEMBERS', 'dst');
  // Moving the last member deletes the source.
  c.do('SMOVE', 'src', 'dst', 'b');
  c.do('EXISTS', 'src');
  c.doSorted('SMEMBERS', 'dst');
  // failure cases
  c.do('SET', 'str', '10');
  c.error('WRONGTYPE', 'SMOVE', 'str', 'myset2', 'foo');
  c.error('WRONGTYPE', 'SMOVE', 'myset2', 'str', 'foo');
  c.error('WRONGTYPE', 'SMOVE', 'myset2', 'str', 'nonmember');
  c.error('WRONGTYPE', 'SMOVE', 'str', 'str', 'foo');
  // A missing source replies 0 before the destination's type is checked.
  c.do('SMOVE', 'noset', 'str', 'foo');
  c.error('wrong number of arguments', 'SMOVE', 'a', 'b');
  c.error('wrong number of arguments', 'SMOVE', 'a', 'b', 'c', 'd');
});

// ---------------------------------------------------------------------------------------------
// SRANDMEMBER

diff('SRANDMEMBER without and with a count', (c) => {
  c.do('SRANDMEMBER', 'missing');
  c.do('SRANDMEMBER', 'missing', '0');
  c.do('SRANDMEMBER', 'missing', '100');
  c.do('SRANDMEMBER', 'missing', '-100');
  c.do('SADD', 'one', 'a');
  c.do('SRANDMEMBER', 'one');
  c.do('SRANDMEMBER', 'one', '1');
  c.do('SRANDMEMBER', 'one', '5');
  c.do('SRANDMEMBER', 'one', '-5');
  c.do('SRANDMEMBER', 'one', '0');
  c.do('SRANDMEMBER', 'one', MAX);
  c.do('SRANDMEMBER', 'one', '-1');
  // A count that takes the whole set replies it in iteration order.
  c.do('SADD', 'ints', '5', '3', '-1', '100', '42');
  c.do('SRANDMEMBER', 'ints', '5');
  c.do('SRANDMEMBER', 'ints', '6');
  c.do('SRANDMEMBER', 'ints', MAX);
  c.doShape('SRANDMEMBER', 'ints');
  c.doShape('SRANDMEMBER', 'ints', '2');
  c.doShape('SRANDMEMBER', 'ints', '4');
  c.doShape('SRANDMEMBER', 'ints', '-20');
  c.do('SADD', 'hs', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j');
  c.doSorted('SRANDMEMBER', 'hs', '10');
  c.doSorted('SRANDMEMBER', 'hs', '100');
  c.doShape('SRANDMEMBER', 'hs', '1');
  c.doShape('SRANDMEMBER', 'hs', '2');
  c.doShape('SRANDMEMBER', 'hs', '9');
  c.doShape('SRANDMEMBER', 'hs', '-30');
  c.do('SADD', 'big', ...range(0, 1000));
  c.doShape('SRANDMEMBER', 'big', '10');
  c.doShape('SRANDMEMBER', 'big', '500');
  c.doShape('SRANDMEMBER', 'big', '-3');
  c.do('SCARD', 'big');
  c.do('srandmember', 'one', '+3');
  // failure cases
  c.error('out of range', 'SRANDMEMBER', 'one', MIN);
  c.error('out of range', 'SRANDMEMBER', 'missing', MIN);
  c.error('not an integer', 'SRANDMEMBER', 'one', '9223372036854775808');
  c.error('not an integer', 'SRANDMEMBER', 'one', 'x');
  c.error('not an integer', 'SRANDMEMBER', 'one', '1.5');
  c.error('not an integer', 'SRANDMEMBER', 'one', '');
  c.error('syntax error', 'SRANDMEMBER', 'one', '1', '2');
  c.error('syntax error', 'SRANDMEMBER', 'one', '1', 'WITHVALUES');
  c.error('wrong number of arguments', 'SRANDMEMBER');
  c.do('SET', 'str', 'x');
  c.error('WRONGTYPE', 'SRANDMEMBER', 'str');
  c.error('WRONGTYPE', 'SRANDMEMBER', 'str', '0');
  c.error('WRONGTYPE', 'SRANDMEMBER', 'str', '-3');
  // The count is parsed before the key is looked up.
  c.error('not an integer', 'SRANDMEMBER', 'str', 'x');
});

// ---------------------------------------------------------------------------------------------
// SPOP

diff('SPOP without and with a count', (c) => {
  c.do('SPOP', 'missing');
  c.do('SPOP', 'missing', '0');
  c.do('SPOP', 'missing', '100');
  c.do('SADD', 'one', 'a');
  c.do('SPOP', 'one');
  c.do('EXISTS', 'one');
  c.do('SADD', 'one', 'a');
  c.do('SPOP', 'one', '1');
  c.do('EXISTS', 'one');
  c.do('SADD', 'one', 'a');
  c.do('SPOP', 'one', '0');
  c.do('SPOP', 'one', '5');
  c.do('EXISTS', 'one');
  // A count that takes everything replies the set (as SUNION of it would) and deletes the key.
  c.do('SADD', 'ints', '5', '3', '-1', '100', '42');
  c.do('SPOP', 'ints', '5');
  c.do('EXISTS', 'ints');
  c.do('SADD', 'ints', '5', '3', '-1', '100', '42');
  c.do('SPOP', 'ints', MAX);
  // An all-integer hashtable comes back as an intset would.
  c.do('SADD', 'h', 'x', '3', '1', '2');
  c.do('SREM', 'h', 'x');
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('SPOP', 'h', '10');
  c.do('SADD', 'hs', 'a', 'b', 'c', 'd');
  c.doSorted('SPOP', 'hs', '4');
  c.do('EXISTS', 'hs');
  // Partial pops.
  c.do('SADD', 'twenty', ...range(1, 21));
  c.doShape('SPOP', 'twenty');
  c.do('SCARD', 'twenty');
  c.doShape('SPOP', 'twenty', '1');
  c.do('SCARD', 'twenty');
  c.doShape('SPOP', 'twenty', '2');
  c.do('SCARD', 'twenty');
  c.doShape('SPOP', 'twenty', '10');
  c.do('SCARD', 'twenty');
  c.do('OBJECT', 'ENCODING', 'twenty');
  c.doShape('SPOP', 'twenty', '5');
  c.do('SCARD', 'twenty');
  c.doShape('SPOP', 'twenty', '10');
  c.do('EXISTS', 'twenty');
  c.do('SADD', 'letters', ...'abcdefghijklmnopqrstuvwxyz'.split(''));
  c.doShape('SPOP', 'letters', '11');
  c.doShape('SPOP', 'letters', '9');
  c.do('SCARD', 'letters');
  c.doShape('SPOP', 'letters', '5');
  c.do('SCARD', 'letters');
  c.doShape('SPOP', 'letters', '1');
  c.do('EXISTS', 'letters');
  // "create new set" strategy: a hashtable whose stayers are integers becomes an intset again.
  c.do('SADD', 'big', ...range(0, 600));
  c.do('OBJECT', 'ENCODING', 'big');
  c.doShape('SPOP', 'big', '599');
  c.do('SCARD', 'big');
  c.do('OBJECT', 'ENCODING', 'big');
  c.do('SADD', 'big2', ...range(0, 600));
  c.doShape('SPOP', 'big2', '400');
  c.do('SCARD', 'big2');
  c.do('OBJECT', 'ENCODING', 'big2');
  c.do('SADD', 'mixed', ...range(0, 600), 'x');
  c.doShape('SPOP', 'mixed', '500');
  c.do('SCARD', 'mixed');
  c.do('OBJECT', 'ENCODING', 'mixed');
  // failure cases
  c.error('must be positive', 'SPOP', 'big', '-1');
  c.error('must be positive', 'SPOP', 'big', 'x');
  c.error('must be positive', 'SPOP', 'big', '1.5');
  c.error('must be positive', 'SPOP', 'big', MIN);
  c.error('must be positive', 'SPOP', 'big', '9223372036854775808');
  c.error('syntax error', 'SPOP', 'big', '1', '2');
  c.error('wrong number of arguments', 'SPOP');
  c.do('SET', 'str', 'x');
  c.error('WRONGTYPE', 'SPOP', 'str');
  c.error('WRONGTYPE', 'SPOP', 'str', '0');
  c.error('WRONGTYPE', 'SPOP', 'str', '3');
  // The count is parsed before the key is looked up.
  c.error('must be positive', 'SPOP', 'str', '-1');
});

// ---------------------------------------------------------------------------------------------
// SINTER / SINTERCARD / SINTERSTORE, SUNION / SUNIONSTORE, SDIFF / SDIFFSTORE

for (const encoding of ['hashtable', 'intset'] as const) {
  diff(`set algebra on generated sets (${encoding})`, (c) => {
    generatedSets(c, encoding);
    const ordered = encoding === 'intset';
    const read = (...argv: string[]) => (ordered ? c.do(...argv) : c.doSorted(...argv));
    read('SINTER', 'set1', 'set2');
    c.do('SINTERCARD', '2', 'set1', 'set2');
    c.do('SINTERCARD', '2', 'set1', 'set2', 'LIMIT', '0');
    c.do('SINTERCARD', '2', 'set1', 'set2', 'limit', '3');
    c.do('SINTERCARD', '2', 'set1', 'set2', 'LIMIT', '10');
    c.do('SINTERCARD', '2', 'set1', 'set2', 'LIMIT', '1', 'LIMIT', '2');
    c.do('SINTERSTORE', 'setres', 'set1', 'set2');
    c.do('OBJECT', 'ENCODING', 'setres');
    read('SMEMBERS', 'setres');
    read('SUNION', 'set1', 'set2');
    c.do('SUNIONSTORE', 'setres', 'set1', 'set2');
    c.do('OBJECT', 'ENCODING', 'setres');
    read('SMEMBERS', 'setres');
    read('SINTER', 'set1', 'set2', 'set3');
    c.do('SINTERCARD', '3', 'set1', 'set2', 'set3');
    c.do('SINTERCARD', '3', 'set1', 'set2', 'set3', 'LIMIT', '2');
    c.do('SINTERSTORE', 'setres', 'set1', 'set2', 'set3');
    read('SMEMBERS', 'setres');
    read('SUNION', 'nokey1', 'set1', 'set2', 'nokey2');
    read('SDIFF', 'set1', 'set4');
    read('SDIFF', 'set1', 'set4', 'set5');
    c.do('SDIFFSTORE', 'setres', 'set1', 'set4', 'set5');
    c.do('OBJECT', 'ENCODING', 'setres');
    read('SMEMBERS', 'setres');
    read('SINTER', 'set1', 'set1', 'set1');
    read('SUNION', 'set1', 'set1', 'set1');
    c.do('SDIFF', 'set1', 'set1', 'set1');
    c.do('SINTERCARD', '3', 'set1', 'set1', 'set1');
    read('SINTER', 'set5');
    read('SUNION', 'set5', 'set3');
    c.do('SINTER', 'set1', 'set2', 'nokey');
    c.do('SINTERCARD', '2', 'set1', 'nokey');
  });
}

diff('SINTER with equal members in different encodings', (c) => {
  c.do('SADD', 'set1', '1', '2', '3');
  c.do('SADD', 'set2', '1', '2', '3', 'a');
  c.do('SREM', 'set2', 'a');
  c.do('OBJECT', 'ENCODING', 'set1');
  c.do('OBJECT', 'ENCODING', 'set2');
  c.doSorted('SINTER', 'set1', 'set2');
  c.doSorted('SINTER', 'set2', 'set1');
  c.do('SINTERCARD', '2', 'set2', 'set1');
  c.do('SINTERSTORE', 'r', 'set2', 'set1');
  c.do('OBJECT', 'ENCODING', 'r');
  c.do('SMEMBERS', 'r');
  c.do('SUNIONSTORE', 'u', 'set2');
  c.do('OBJECT', 'ENCODING', 'u');
  c.do('SMEMBERS', 'u');
  c.do('SUNION', 'set2');
  c.do('SDIFF', 'set2', 'nokey');
  c.do('SDIFFSTORE', 'd', 'set2', 'nokey');
  c.do('OBJECT', 'ENCODING', 'd');
  // Intersections of mixed sets.
  c.do('SADD', 'h', 'a', 'b', '1', '2', '3', '4');
  c.do('SADD', 'i', '2', '3', '4', '5');
  c.do('SINTER', 'h', 'i');
  c.do('SINTER', 'i', 'h');
  c.do('SINTERSTORE', 'hi', 'h', 'i');
  c.do('OBJECT', 'ENCODING', 'hi');
  c.doSorted('SUNION', 'h', 'i');
  c.doSorted('SDIFF', 'h', 'i');
  c.do('SDIFF', 'i', 'h');
});

diff('SINTERSTORE SUNIONSTORE SDIFFSTORE replace, keep or delete the destination', (c) => {
  c.do('SET', 'setres', 'xxx');
  c.do('EXPIRE', 'setres', '100');
  c.do('SINTERSTORE', 'setres', 'foo111', 'bar222');
  c.do('EXISTS', 'setres');
  c.do('SADD', 'set3', 'a', 'b', 'c');
  c.do('SINTERSTORE', 'set3', 'set1', 'set2');
  c.do('EXISTS', 'set3');
  c.do('SADD', 'set1', 'a', 'b', 'c');
  c.do('SINTERSTORE', 'set3', 'set1', 'set2');
  c.do('EXISTS', 'set3');
  c.do('SINTERSTORE', 'set3', 'set2', 'set1');
  c.do('SADD', 'set2', 'd');
  c.do('SADD', 'set3', 'x');
  c.do('SINTERSTORE', 'set3', 'set1', 'set2');
  c.do('EXISTS', 'set3');
  c.do('SET', 'setres', 'xxx');
  c.do('SUNIONSTORE', 'setres', 'foo111', 'bar222');
  c.do('EXISTS', 'setres');
  c.do('DEL', 'set1', 'set2', 'set3');
  c.do('SADD', 'set3', 'a', 'b', 'c');
  c.do('SUNIONSTORE', 'set3', 'set1', 'set2');
  c.do('EXISTS', 'set3');
  c.do('SADD', 'set1', 'a', 'b', 'c');
  c.do('SADD', 'set3', 'e', 'f');
  c.do('SUNIONSTORE', 'set3', 'set1', 'set2');
  c.doSorted('SMEMBERS', 'set3');
  c.do('SADD', 'set3', 'd');
  c.do('SUNIONSTORE', 'set3', 'set2', 'set1');
  c.doSorted('SMEMBERS', 'set3');
  c.do('DEL', 'set1', 'set2', 'set3');
  c.do('SET', 'setres', 'xxx');
  c.do('SDIFFSTORE', 'setres', 'foo111', 'bar222');
  c.do('EXISTS', 'setres');
  c.do('SADD', 'set3', 'a', 'b', 'c');
  c.do('SDIFFSTORE', 'set3', 'set1', 'set2');
  c.do('EXISTS', 'set3');
  c.do('SADD', 'set1', 'a', 'b', 'c');
  c.do('SDIFFSTORE', 'set3', 'set1', 'set2');
  c.doSorted('SMEMBERS', 'set3');
  c.do('SADD', 'set3', 'a', 'b', 'c');
  c.do('SDIFFSTORE', 'set3', 'set2', 'set1');
  c.do('EXISTS', 'set3');
  // A stored result drops the destination's TTL and replaces any type.
  c.do('SADD', 'src', '3', '1', '2');
  c.do('SET', 'dst', 'v', 'EX', '100');
  c.do('SUNIONSTORE', 'dst', 'src');
  c.do('TTL', 'dst');
  c.do('TYPE', 'dst');
  c.do('SMEMBERS', 'dst');
  c.do('EXPIRE', 'dst', '100');
  c.do('SINTERSTORE', 'dst', 'src', 'src');
  c.do('TTL', 'dst');
  c.do('SMEMBERS', 'dst');
  c.do('SDIFFSTORE', 'dst', 'dst', 'nokey');
  c.do('SMEMBERS', 'dst');
  // The destination may be one of the sources.
  c.do('SADD', 'acc', 'a');
  c.do('SADD', 'more', 'b', 'c');
  c.do('SUNIONSTORE', 'acc', 'acc', 'more');
  c.doSorted('SMEMBERS', 'acc');
  c.do('SDIFFSTORE', 'acc', 'acc', 'more');
  c.do('SMEMBERS', 'acc');
  c.do('SINTERSTORE', 'acc', 'acc', 'more');
  c.do('EXISTS', 'acc');
});

diff('SDIFF with empty, missing and repeated sets', (c) => {
  c.do('SADD', 'set2', '1', '2', '3', '4');
  c.do('SADD', 'set3', 'a', 'b', 'c', 'd');
  c.do('SDIFF', 'set1', 'set2', 'set3');
  c.do('SADD', 'same', 'a', 'b', 'c', '1', '2', '3', '4', '5', '6');
  c.do('SDIFF', 'same', 'same');
  c.do('SDIFF', 'same', 'nokey', 'same');
  c.do('SDIFFSTORE', 'r', 'same', 'same');
  c.do('EXISTS', 'r');
  c.do('DEL', 'set1', 'set2', 'set3');
  c.do('SADD', 'set1', 'a', 'b', 'c');
  c.do('SADD', 'set2', 'b', 'c', 'd');
  c.do('SDIFF', 'set1', 'set2', 'set3');
  c.do('SDIFF', 'set3', 'set2', 'set1');
  c.doSorted('SDIFF', 'set1');
  c.doSorted('SDIFF', 'set1', 'nokey');
});

diff('SDIFF picks Redis algorithm, which decides the stored encoding', (c) => {
  c.do('SADD', 's1', ...range(0, 1000));
  c.do('SADD', 'a', ...range(0, 300));
  c.do('SADD', 'b', ...range(300, 600));
  c.do('SADD', 'c', ...range(600, 900));
  // Algorithm 2 (add all, remove the rest) passes through a hashtable of 1000 members.
  c.do('SDIFFSTORE', 'd', 's1', 'a', 'b', 'c');
  c.do('OBJECT', 'ENCODING', 'd');
  c.doSorted('SMEMBERS', 'd');
  c.doSorted('SDIFF', 's1', 'a', 'b', 'c');
  // Algorithm 1 (walk the first set) only adds what stays.
  c.do('SADD', 'e', ...range(0, 900));
  c.do('SDIFFSTORE', 'd2', 's1', 'e');
  c.do('OBJECT', 'ENCODING', 'd2');
  c.do('SMEMBERS', 'd2');
  c.do('SDIFF', 's1', 'e');
  c.do('SDIFFSTORE', 'd3', 's1', 'a', 'nokey', 'b');
  c.do('OBJECT', 'ENCODING', 'd3');
  c.do('SCARD', 'd3');
  // Algorithm 2 stops early once the result is empty.
  c.do('SADD', 'few', '1', '2');
  c.do('SDIFF', 'few', 'a', 'b', 'c', 'e', 's1');
  c.do('SUNIONSTORE', 'u', 'a', 'b');
  c.do('OBJECT', 'ENCODING', 'u');
  c.do('SCARD', 'u');
  c.do('SUNIONSTORE', 'u2', 'a', 'few');
  c.do('OBJECT', 'ENCODING', 'u2');
  c.do('SUNION', 'few', 'a');
});

diff('SINTERCARD arguments and limits', (c) => {
  c.do('SADD', 'set', 'a', 'b', 'c');
  c.do('SADD', 'set2', 'b', 'c', 'd');
  c.do('SINTERCARD', '1', 'non-existing-key');
  c.do('SINTERCARD', '1', 'non-existing-key', 'LIMIT', '0');
  c.do('SINTERCARD', '1', 'non-existing-key', 'LIMIT', '10');
  c.do('SINTERCARD', '1', 'set');
  c.do('SINTERCARD', '2', 'set', 'set2');
  c.do('SINTERCARD', '2', 'set', 'set2', 'LIMIT', '1');
  c.do('SINTERCARD', '2', 'set', 'set2', 'LIMIT', MAX);
  c.do('SINTERCARD', '1', 'set', 'LIMIT', '2');
  // failure cases
  c.error('wrong number of arguments', 'SINTERCARD');
  c.error('wrong number of arguments', 'SINTERCARD', '1');
  c.error('numkeys should be greater than 0', 'SINTERCARD', '0', 'set');
  c.error('numkeys should be greater than 0', 'SINTERCARD', '-1', 'set');
  c.error('numkeys should be greater than 0', 'SINTERCARD', 'a', 'set');
  c.error('numkeys should be greater than 0', 'SINTERCARD', '9223372036854775808', 'set');
  c.error('Number of keys', 'SINTERCARD', '2', 'set');
  c.error('Number of keys', 'SINTERCARD', '3', 'set', 'set2');
  c.error('Number of keys', 'SINTERCARD', MAX, 'set', 'set2');
  c.error('syntax error', 'SINTERCARD', '1', 'set', 'set2');
  c.error('syntax error', 'SINTERCARD', '1', 'set', 'bar_arg');
  c.error('syntax error', 'SINTERCARD', '1', 'set', 'LIMIT');
  c.error('syntax error', 'SINTERCARD', '1', 'set', 'LIMIT', '1', 'x');
  c.error("LIMIT can't be negative", 'SINTERCARD', '1', 'set', 'LIMIT', '-1');
  c.error("LIMIT can't be negative", 'SINTERCARD', '1', 'set', 'LIMIT', 'a');
  c.error("LIMIT can't be negative", 'SINTERCARD', '1', 'set', 'LIMIT', '1.5');
  c.do('SET', 'key1', 'x');
  c.error('WRONGTYPE', 'SINTERCARD', '1', 'key1');
  c.error('WRONGTYPE', 'SINTERCARD', '2', 'set', 'key1');
  c.error('WRONGTYPE', 'SINTERCARD', '2', 'key1', 'noset');
  c.error('WRONGTYPE', 'SINTERCARD', '2', 'noset', 'key1');
  // Arguments are checked before the keys.
  c.error("LIMIT can't be negative", 'SINTERCARD', '1', 'key1', 'LIMIT', '-1');
});

diff('set algebra against wrong types leaves the destination alone', (c) => {
  c.do('SET', 'key1', 'x');
  c.do('SADD', 'set1', 'a', 'b', 'c');
  c.do('SADD', 'set2', 'b', 'c', 'd');
  for (const cmd of ['SINTER', 'SUNION', 'SDIFF']) {
    c.error('WRONGTYPE', cmd, 'key1', 'noset');
    c.error('WRONGTYPE', cmd, 'noset', 'key1');
    c.error('WRONGTYPE', cmd, 'key1', 'set1');
    c.error('WRONGTYPE', cmd, 'set1', 'key1');
    c.error('WRONGTYPE', cmd, 'key1');
  }
  for (const cmd of ['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']) {
    c.error('WRONGTYPE', cmd, 'set3', 'key1', 'noset');
    c.do('EXISTS', 'set3');
    c.error('WRONGTYPE', cmd, 'set3', 'noset', 'key1');
    c.do('EXISTS', 'set3');
    c.do('SADD', 'set3', 'e');
    c.error('WRONGTYPE', cmd, 'set3', 'key1', 'set2', 'noset');
    c.do('SMEMBERS', 'set3');
    c.error('WRONGTYPE', cmd, 'set3', 'set1', 'key1', 'set2');
    c.do('SMEMBERS', 'set3');
    c.do('DEL', 'set3');
    // A wrong-typed destination is simply replaced.
    c.do(cmd, 'key1', 'set1', 'set1');
    c.do('TYPE', 'key1');
    c.do('SET', 'key1', 'x');
  }
  // failure cases
  for (const cmd of ['SINTER', 'SUNION', 'SDIFF']) c.error('wrong number of arguments', cmd);
  for (const cmd of ['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']) {
    c.error('wrong number of arguments', cmd);
    c.error('wrong number of arguments', cmd, 'dst');
  }
});

// ---------------------------------------------------------------------------------------------
// SSCAN

diff('SSCAN returns an intset whole, walks a hashtable', (c) => {
  c.do('SADD', 'ints', ...range(0, 100).reverse());
  c.do('SSCAN', 'ints', '0');
  c.do('SSCAN', 'ints', '0', 'COUNT', '1');
  c.do('SSCAN', 'ints', '12345');
  c.do('SSCAN', 'ints', '0', 'MATCH', '1*');
  c.do('SSCAN', 'ints', '0', 'match', '*5', 'count', '2');
  c.do('SSCAN', 'ints', '0', 'MATCH', '*');
  c.do('SSCAN', 'ints', '0', 'MATCH', 'x*');
  c.do('SSCAN', 'ints', '-1');
  c.do('SSCAN', 'ints', '18446744073709551615');
  c.do('SSCAN', 'missing', '0');
  c.do('SSCAN', 'missing', '7', 'COUNT', '0');
  c.do('SSCAN', 'missing', '0', 'BADOPT');
  c.do('SADD', 'hs', ...range(0, 50).map((i) => `m:${i}`), ...range(0, 20));
  c.scanAll('SSCAN', 'hs');
  c.scanAll('SSCAN', 'hs', 'COUNT', '1');
  c.scanAll('SSCAN', 'hs', 'COUNT', '7');
  c.scanAll('SSCAN', 'hs', 'COUNT', '1000');
  c.scanAll('SSCAN', 'hs', 'MATCH', 'm:1*');
  c.scanAll('SSCAN', 'hs', 'MATCH', '1?', 'COUNT', '3');
  c.scanAll('SSCAN', 'hs', 'MATCH', '*');
  c.scanAll('SSCAN', 'hs', 'MATCH', 'nomatch');
  c.do('SADD', 'one', 'x');
  c.do('SSCAN', 'one', '0');
  c.do('SSCAN', 'one', '0', 'MATCH', 'x', 'COUNT', '100');
  // failure cases
  c.error('invalid cursor', 'SSCAN', 'hs', 'x');
  c.error('invalid cursor', 'SSCAN', 'hs', ' 1');
  c.error('invalid cursor', 'SSCAN', 'hs', '1.5');
  c.error('invalid cursor', 'SSCAN', 'hs', '18446744073709551616');
  c.error('invalid cursor', 'SSCAN', 'missing', 'x');
  c.error('syntax error', 'SSCAN', 'hs', '0', 'COUNT', '0');
  c.error('syntax error', 'SSCAN', 'ints', '0', 'COUNT', '-1');
  c.error('syntax error', 'SSCAN', 'hs', '0', 'COUNT');
  c.error('syntax error', 'SSCAN', 'hs', '0', 'MATCH');
  c.error('syntax error', 'SSCAN', 'hs', '0', 'TYPE', 'string');
  c.error('syntax error', 'SSCAN', 'ints', '0', 'NOVALUES');
  c.error('not an integer', 'SSCAN', 'hs', '0', 'COUNT', 'x');
  c.error('wrong number of arguments', 'SSCAN', 'hs');
  c.do('SET', 'str', 'x');
  c.error('WRONGTYPE', 'SSCAN', 'str', '0');
  // The key's type is checked before the options.
  c.error('WRONGTYPE', 'SSCAN', 'str', '0', 'COUNT', '0');
  c.error('invalid cursor', 'SSCAN', 'str', 'x');
});

// ---------------------------------------------------------------------------------------------
// WRONGTYPE and arity of the single-key commands

diff('set commands against a string key', (c) => {
  c.do('SET', 'str', 'x');
  c.error('WRONGTYPE', 'SADD', 'str', 'a');
  c.error('WRONGTYPE', 'SREM', 'str', 'a');
  c.error('WRONGTYPE', 'SCARD', 'str');
  c.error('WRONGTYPE', 'SISMEMBER', 'str', 'a');
  c.error('WRONGTYPE', 'SMISMEMBER', 'str', 'a');
  c.error('WRONGTYPE', 'SMEMBERS', 'str');
  c.do('GET', 'str');
  c.do('SADD', 's', 'a');
  c.error('WRONGTYPE', 'GET', 's');
  c.error('WRONGTYPE', 'APPEND', 's', 'x');
  // failure cases
  c.error('wrong number of arguments', 'SADD');
  c.error('wrong number of arguments', 'SADD', 's');
  c.error('wrong number of arguments', 'SREM', 's');
  c.error('wrong number of arguments', 'SCARD');
  c.error('wrong number of arguments', 'SCARD', 's', 't');
  c.error('wrong number of arguments', 'SISMEMBER', 's');
  c.error('wrong number of arguments', 'SISMEMBER', 's', 'a', 'b');
  c.error('wrong number of arguments', 'SMISMEMBER', 's');
  c.error('wrong number of arguments', 'SMEMBERS');
  c.error('wrong number of arguments', 'SMEMBERS', 's', 't');
});

// ---------------------------------------------------------------------------------------------
// Keyspace interplay and RESP3

diff('sets with TTLs, COPY, RENAME and DEL', (c) => {
  c.do('SADD', 's', 'a', 'b');
  c.do('PEXPIRE', 's', '50');
  c.sleep(100);
  c.do('SCARD', 's');
  c.do('SADD', 's', 'c');
  c.do('SMEMBERS', 's');
  c.do('TTL', 's');
  c.do('EXPIRE', 's', '100');
  c.do('SADD', 's', 'd');
  c.do('SREM', 's', 'c');
  c.do('TTL', 's');
  c.do('SADD', 'ints', '3', '2', '1');
  c.do('COPY', 'ints', 'ints2');
  c.do('OBJECT', 'ENCODING', 'ints2');
  c.do('SMEMBERS', 'ints2');
  c.do('SADD', 'ints2', '0');
  c.do('SMEMBERS', 'ints');
  c.do('SMEMBERS', 'ints2');
  c.do('SADD', 'h', '1', 'x');
  c.do('SREM', 'h', 'x');
  c.do('COPY', 'h', 'h2');
  c.do('OBJECT', 'ENCODING', 'h2');
  c.do('RENAME', 'ints', 'renamed');
  c.do('SMEMBERS', 'renamed');
  c.do('OBJECT', 'ENCODING', 'renamed');
  c.do('DEL', 'renamed', 'h', 'h2', 'ints2', 's');
  c.do('DBSIZE');
  c.do('SADD', 'a', 'x');
  c.do('SPOP', 'a');
  c.do('DBSIZE');
  c.do('SADD', 'b', 'x');
  c.do('SMOVE', 'b', 'a', 'x');
  c.do('KEYS', '*');
});

diff('set replies in RESP3', (c) => {
  c.do('SADD', 'ints', '3', '1', '2');
  c.do('SADD', 'hs', 'a', 'b');
  c.resp3();
  c.do('SMEMBERS', 'ints');
  c.doSorted('SMEMBERS', 'hs');
  c.do('SMEMBERS', 'missing');
  c.do('SINTER', 'ints', 'ints');
  c.do('SINTER', 'ints', 'missing');
  c.do('SUNION', 'ints');
  c.do('SUNION', 'missing');
  c.do('SDIFF', 'ints', 'missing');
  c.do('SDIFF', 'missing', 'ints');
  c.do('SINTERCARD', '1', 'ints');
  c.do('SMISMEMBER', 'ints', '1', '9');
  c.do('SISMEMBER', 'ints', '1');
  c.do('SRANDMEMBER', 'missing');
  c.do('SRANDMEMBER', 'missing', '3');
  c.do('SRANDMEMBER', 'ints', '0');
  c.do('SRANDMEMBER', 'ints', '10');
  c.doShape('SRANDMEMBER', 'ints', '-2');
  c.do('SPOP', 'missing');
  c.do('SPOP', 'missing', '3');
  c.do('SPOP', 'ints', '0');
  c.doShape('SPOP', 'ints', '1');
  c.doShape('SPOP', 'ints');
  c.doShape('SPOP', 'ints', '5');
  c.do('SADD', 'all', '2', '1', '10');
  c.do('SPOP', 'all', '5');
  c.do('SSCAN', 'hs', '0', 'MATCH', 'a');
  c.do('SSCAN', 'missing', '0');
  c.do('SINTERSTORE', 'dst', 'hs', 'hs');
  c.do('SET', 'str', 'x');
  c.error('WRONGTYPE', 'SINTER', 'hs', 'str');
  c.resp2();
  c.do('SPOP', 'missing');
  c.do('SPOP', 'missing', '3');
  c.do('SMEMBERS', 'missing');
});

// ---------------------------------------------------------------------------------------------
// Random sequences: fixed (recorded) and live fuzz

const SEED = 20_241_126;
const SEQUENCES = 25;

interface Cmd {
  argv: Arg[];
  sorted?: true;
}

const key = fc.constantFrom('s1', 's2', 's3');
const member = fc.oneof(
  fc.integer({ min: -3, max: 15 }).map(String),
  fc.constantFrom('a', 'b', 'x', '01', '-0', '', MAX, MIN),
);
const members = fc.array(member, { minLength: 1, maxLength: 4 });
const keys = fc.array(key, { minLength: 1, maxLength: 3 });
const cmd = (...argv: Arg[]): Cmd => ({ argv });
const sortedCmd = (...argv: Arg[]): Cmd => ({ argv, sorted: true });

const setCommand: fc.Arbitrary<Cmd> = fc.oneof(
  fc.tuple(key, members).map(([k, ms]) => cmd('SADD', k, ...ms)),
  // Blocks of 100 integers take a set past set-max-intset-entries in a few steps.
  fc
    .tuple(key, fc.integer({ min: 0, max: 9 }))
    .map(([k, b]) => cmd('SADD', k, ...range(b * 100, b * 100 + 100))),
  fc.tuple(key, members).map(([k, ms]) => cmd('SREM', k, ...ms)),
  fc
    .tuple(key, fc.integer({ min: 0, max: 9 }))
    .map(([k, b]) => cmd('SREM', k, ...range(b * 100, b * 100 + 60))),
  fc.tuple(key, key, member).map(([a, b, m]) => cmd('SMOVE', a, b, m)),
  fc.tuple(key, keys).map(([d, ks]) => cmd('SINTERSTORE', d, ...ks)),
  fc.tuple(key, keys).map(([d, ks]) => cmd('SUNIONSTORE', d, ...ks)),
  fc.tuple(key, keys).map(([d, ks]) => cmd('SDIFFSTORE', d, ...ks)),
  keys.map((ks) => sortedCmd('SINTER', ...ks)),
  keys.map((ks) => sortedCmd('SUNION', ...ks)),
  keys.map((ks) => sortedCmd('SDIFF', ...ks)),
  fc
    .tuple(keys, fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }))
    .map(([ks, l]) => cmd('SINTERCARD', ks.length, ...ks, ...(l === undefined ? [] : ['LIMIT', l]))),
  key.map((k) => sortedCmd('SMEMBERS', k)),
  key.map((k) => cmd('SCARD', k)),
  fc.tuple(key, member).map(([k, m]) => cmd('SISMEMBER', k, m)),
  fc.tuple(key, members).map(([k, ms]) => cmd('SMISMEMBER', k, ...ms)),
  key.map((k) => cmd('OBJECT', 'ENCODING', k)),
  // Counts that take the whole set are deterministic; the reply order is compared sorted.
  key.map((k) => sortedCmd('SPOP', k, '100000')),
  key.map((k) => sortedCmd('SRANDMEMBER', k, '100000')),
  key.map((k) => cmd('SRANDMEMBER', k, '0')),
  key.map((k) => cmd('EXISTS', k)),
  key.map((k) => cmd('TYPE', k)),
  key.map((k) => cmd('SET', k, 'str')),
  key.map((k) => cmd('DEL', k)),
);

const sequence = fc.array(setCommand, { minLength: 10, maxLength: 40, size: 'max' });

function addTo(c: Script, cmds: readonly Cmd[]): void {
  for (const { argv, sorted } of cmds) {
    if (sorted) c.doSorted(...argv);
    else c.do(...argv);
  }
}

fc.sample(sequence, { seed: SEED, numRuns: SEQUENCES }).forEach((cmds, i) => {
  diff(`random set sequence ${i + 1} (seed ${SEED})`, (c) => addTo(c, cmds));
});

if (LIVE && !RECORD) {
  useDifferential();
  test('random set sequences: live fuzz against redis, shrunk on mismatch', async () => {
    const seed = process.env.EMBEDIS_FUZZ_SEED ? Number(process.env.EMBEDIS_FUZZ_SEED) : undefined;
    const numRuns = Number(process.env.EMBEDIS_FUZZ_RUNS ?? 100);
    await fc.assert(
      fc.asyncProperty(sequence, async (cmds) => {
        const failure = await checkLive(
          'live fuzz',
          buildSteps((c) => addTo(c, cmds)),
        );
        if (failure) throw new Error(failure);
      }),
      { seed, numRuns },
    );
  }, 300_000);
}

// Hash commands (redis.io group "hash"): HSET HSETNX HGET HMGET HMSET HDEL HLEN HSTRLEN HEXISTS
// HKEYS HVALS HGETALL HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN, their errors and the order Redis
// checks them in, OBJECT ENCODING at the listpack thresholds, and RESP3 shapes. A small hash
// lists its fields in listpack order, which embedis reproduces exactly; a `hashtable` one is
// compared sorted. Random replies (HRANDFIELD) are compared exactly where only one answer is
// possible, sorted where the whole hash comes back, and by shape otherwise.

import { diff, type Script } from './harness.js';

const BIN = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);
const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

/** `n` fields f0..f(n-1) with values v0..v(n-1), set in one HSET. */
function fields(n: number, prefix = 'f'): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${prefix}${i}`, `v${i}`);
  return out;
}

/**
 * Keys of other types for WRONGTYPE cases: a string and a string-encoded integer. (Lists, sets
 * and sorted sets take the same `checkType` path; their own test files cover them.)
 */
const OTHER_TYPES = ['str', 'num'];
function otherTypes(c: Script): void {
  c.do('SET', 'str', 'v');
  c.do('SET', 'num', '12');
}

// ---------------------------------------------------------------------------------------------
// HSET / HMSET / HSETNX / HGET / HMGET / HLEN / HEXISTS / HSTRLEN

diff('HSET HGET HLEN HEXISTS HSTRLEN on a small hash', (c) => {
  c.do('HSET', 'h', 'a', '1');
  c.do('HSET', 'h', 'a', '2');
  c.do('HSET', 'h', 'b', '2', 'c', '3', 'a', '4');
  c.do('HSET', 'h', 'd', '1', 'd', '2', 'd', '3');
  c.do('hset', 'h', 'e', '');
  c.do('HSET', 'h', '', 'empty-field');
  c.do('HSET', 'h', BIN, BIN);
  c.do('HSET', 'h', 'ü', 'ünïcödé');
  c.do('HGET', 'h', 'a');
  c.do('HGET', 'h', 'd');
  c.do('HGET', 'h', 'e');
  c.do('HGET', 'h', '');
  c.do('HGET', 'h', BIN);
  c.do('HGET', 'h', 'ü');
  c.do('HGET', 'h', 'missing');
  c.do('HGET', 'nokey', 'a');
  c.do('HLEN', 'h');
  c.do('HLEN', 'nokey');
  c.do('HEXISTS', 'h', 'a');
  c.do('HEXISTS', 'h', 'e');
  c.do('HEXISTS', 'h', 'missing');
  c.do('HEXISTS', 'nokey', 'a');
  c.do('HSTRLEN', 'h', 'a');
  c.do('HSTRLEN', 'h', 'e');
  c.do('HSTRLEN', 'h', 'ü');
  c.do('HSTRLEN', 'h', BIN);
  c.do('HSTRLEN', 'h', 'missing');
  c.do('HSTRLEN', 'nokey', 'a');
  c.do('TYPE', 'h');
  c.do('OBJECT', 'ENCODING', 'h');
  c.resp3();
  c.do('HGET', 'h', 'a');
  c.do('HGET', 'h', 'missing');
  c.do('HGET', 'nokey', 'a');
  c.resp2();
  // failure cases
  c.error('wrong number of arguments', 'HSET', 'h');
  c.error('wrong number of arguments', 'HSET', 'h', 'a');
  c.error('wrong number of arguments', 'HSET', 'h', 'a', '1', 'b');
  c.error('wrong number of arguments', 'hset', 'h', 'a', '1', 'b', '2', 'c');
  c.error('wrong number of arguments', 'HGET', 'h');
  c.error('wrong number of arguments', 'HGET', 'h', 'a', 'b');
  c.error('wrong number of arguments', 'HLEN');
  c.error('wrong number of arguments', 'HLEN', 'h', 'a');
  c.error('wrong number of arguments', 'HEXISTS', 'h');
  c.error('wrong number of arguments', 'HSTRLEN', 'h');
  c.error('wrong number of arguments', 'HSTRLEN', 'h', 'a', 'b');
  c.do('HLEN', 'h');
});

diff('HSTRLEN of integers and long values', (c) => {
  for (const v of [MIN, MAX, '9223372036854775808', '', '0', '-1', 'x', '007', '1.5', 'x'.repeat(100)]) {
    c.do('HSET', 'small', 'field', v);
    c.do('HSTRLEN', 'small', 'field');
    c.do('HGET', 'small', 'field');
  }
  c.do('HSET', 'big', ...fields(600));
  c.do('HSET', 'big', 'field', MIN);
  c.do('HSTRLEN', 'big', 'field');
  c.do('HSET', 'big', 'field', '12345');
  c.do('HSTRLEN', 'big', 'field');
});

diff('HMSET replies OK and HSETNX sets only missing fields', (c) => {
  c.do('HMSET', 'h', 'a', '1', 'b', '2');
  c.do('HMSET', 'h', 'a', '3');
  c.do('hmset', 'h', 'c', '1', 'c', '2');
  c.do('HGETALL', 'h');
  c.do('HSETNX', 'h', 'a', 'x');
  c.do('HSETNX', 'h', 'z', 'x');
  c.do('HSETNX', 'h', 'z', 'y');
  c.do('HSETNX', 'new', 'f', 'v');
  c.do('HGET', 'h', 'a');
  c.do('HGET', 'h', 'z');
  c.do('HGETALL', 'new');
  // failure cases
  c.error('wrong number of arguments', 'HMSET', 'h');
  c.error('wrong number of arguments', 'HMSET', 'h', 'a');
  c.error('wrong number of arguments', 'HMSET', 'h', 'a', '1', 'b');
  c.error('wrong number of arguments', 'HSETNX', 'h', 'a');
  c.error('wrong number of arguments', 'HSETNX', 'h', 'a', '1', 'b');
  c.do('HGETALL', 'h');
});

diff('HMGET returns nil for missing fields and keys', (c) => {
  c.do('HSET', 'h', 'a', '1', 'b', '2', '', 'e');
  c.do('HMGET', 'h', 'a');
  c.do('HMGET', 'h', 'a', 'missing', 'b', 'a', '');
  c.do('HMGET', 'nokey', 'a', 'b');
  c.resp3();
  c.do('HMGET', 'h', 'a', 'missing');
  c.do('HMGET', 'nokey', 'a');
  c.resp2();
  c.do('HSET', 'big', ...fields(550));
  c.do('HMGET', 'big', 'f0', 'f549', 'f550', 'f75');
  // failure cases
  c.error('wrong number of arguments', 'HMGET', 'h');
});

// ---------------------------------------------------------------------------------------------
// HDEL

diff('HDEL counts removed fields and deletes an emptied hash', (c) => {
  c.do('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
  c.do('HDEL', 'h', 'x', 'y');
  c.do('HDEL', 'h', 'a', 'c', 'f');
  c.do('HGETALL', 'h');
  c.do('HDEL', 'h', 'b', 'b');
  c.do('EXISTS', 'h');
  c.do('TYPE', 'h');
  c.do('HDEL', 'h', 'b');
  c.do('HDEL', 'nokey', 'a');
  c.do('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
  c.do('HDEL', 'h', 'a', 'b', 'c', 'd', 'e');
  c.do('EXISTS', 'h');
  c.do('HSET', 'h', 'a', '1', 'a', '2');
  c.do('hdel', 'h', 'a', 'a');
  c.do('EXISTS', 'h');
  c.do('HSET', 'big', ...fields(600));
  c.do('HDEL', 'big', 'f0', 'f1', 'nope', 'f599');
  c.do('HLEN', 'big');
  c.do('HDEL', 'big', ...fields(600).filter((_, i) => i % 2 === 0));
  c.do('EXISTS', 'big');
  // failure cases
  c.error('wrong number of arguments', 'HDEL', 'h');
});

// ---------------------------------------------------------------------------------------------
// HKEYS / HVALS / HGETALL

diff('HKEYS HVALS HGETALL list a small hash in listpack order', (c) => {
  c.do('HSET', 'h', 'z', '1', 'a', '2', 'm', '3', '10', 'ten', '-5', 'minus');
  c.do('HKEYS', 'h');
  c.do('HVALS', 'h');
  c.do('HGETALL', 'h');
  // An update keeps the field's place; a deleted field that comes back goes last.
  c.do('HSET', 'h', 'a', 'updated');
  c.do('HDEL', 'h', 'z');
  c.do('HSET', 'h', 'z', 'back', 'new', 'n');
  c.do('HINCRBY', 'h', '10', '5');
  c.do('HKEYS', 'h');
  c.do('HVALS', 'h');
  c.do('HGETALL', 'h');
  c.do('HKEYS', 'nokey');
  c.do('HVALS', 'nokey');
  c.do('HGETALL', 'nokey');
  c.resp3();
  c.do('HGETALL', 'h');
  c.do('HGETALL', 'nokey');
  c.do('HKEYS', 'h');
  c.do('HKEYS', 'nokey');
  c.do('HVALS', 'nokey');
  c.resp2();
  // failure cases
  c.error('wrong number of arguments', 'HKEYS');
  c.error('wrong number of arguments', 'HVALS', 'h', 'x');
  c.error('wrong number of arguments', 'HGETALL');
  c.error('wrong number of arguments', 'HGETALL', 'h', 'x');
});

diff('HKEYS HVALS HGETALL of a hashtable hash', (c) => {
  c.do('HSET', 'h', ...fields(600));
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('HLEN', 'h');
  c.doSorted('HKEYS', 'h');
  c.doSorted('HVALS', 'h');
  c.doSorted('HGETALL', 'h');
  c.do('HSET', 'long', 'f', 'x'.repeat(100), 'g', '1');
  c.doSorted('HGETALL', 'long');
  c.resp3();
  c.doSorted('HGETALL', 'h');
  c.doSorted('HGETALL', 'long');
  c.resp2();
});

// ---------------------------------------------------------------------------------------------
// HINCRBY / HINCRBYFLOAT

diff('HINCRBY adds to integer fields and detects overflow', (c) => {
  c.do('HINCRBY', 'h', 'n', '1');
  c.do('HINCRBY', 'h', 'n', '-5');
  c.do('HINCRBY', 'h', 'n', '0');
  c.do('HINCRBY', 'h', 'n', '2147483647');
  c.do('HINCRBY', 'h', 'n', '17179869184');
  c.do('HGET', 'h', 'n');
  c.do('HSET', 'h', 'm', '10');
  c.do('HINCRBY', 'h', 'm', '-10');
  c.do('HGET', 'h', 'm');
  c.do('HSET', 'h', 'big', '9223372036854775800');
  c.do('HINCRBY', 'h', 'big', '7');
  c.do('HSET', 'h', 'small', '-9223372036854775800');
  c.do('HINCRBY', 'h', 'small', '-8');
  c.do('HINCRBY', 'h', 'zero', MAX);
  c.do('HINCRBY', 'h', 'zero2', MIN);
  c.do('HSET', 'h', 'safe', '9007199254740991');
  c.do('HINCRBY', 'h', 'safe', '1');
  c.do('HINCRBY', 'h', 'safe', '-2');
  c.do('hincrby', 'h', 'safe', '-9007199254740991');
  c.do('HGETALL', 'h');
  c.resp3();
  c.do('HINCRBY', 'h', 'n', '1');
  c.resp2();
  // failure cases
  c.error('overflow', 'HINCRBY', 'h', 'big', '1');
  c.error('overflow', 'HINCRBY', 'h', 'small', '-1');
  c.error('overflow', 'HINCRBY', 'h', 'zero', MAX);
  c.error('overflow', 'HINCRBY', 'h', 'zero2', '-1');
  c.do('HGET', 'h', 'big');
  for (const bad of [' 1', '1 ', 'abc', '1.5', '', '+1', '01', '-0', '9223372036854775808', '1e3']) {
    c.do('HSET', 'h', 'bad', bad);
    c.error('hash value is not an integer', 'HINCRBY', 'h', 'bad', '1');
  }
  for (const bad of ['abc', '1.5', '', '+1', '01', '9223372036854775808', ' 1']) {
    c.error('not an integer', 'HINCRBY', 'h', 'n', bad);
  }
  // The increment is parsed before the key is looked up.
  c.do('SET', 'str', 'v');
  c.error('not an integer', 'HINCRBY', 'str', 'f', 'x');
  c.error('WRONGTYPE', 'HINCRBY', 'str', 'f', '1');
  c.error('not an integer', 'HINCRBY', 'newkey', 'f', 'x');
  c.do('EXISTS', 'newkey');
  c.error('wrong number of arguments', 'HINCRBY', 'h', 'f');
  c.error('wrong number of arguments', 'HINCRBY', 'h', 'f', '1', '2');
});

diff('HINCRBYFLOAT adds in long double and replies with its text', (c) => {
  c.do('HINCRBYFLOAT', 'h', 'f', '1.23');
  c.do('HINCRBYFLOAT', 'h', 'f', '0.77');
  c.do('HINCRBYFLOAT', 'h', 'f', '-0.1');
  c.do('HINCRBYFLOAT', 'h', 'f', '5.0e3');
  c.do('HINCRBYFLOAT', 'h', 'f', '-5001.9');
  c.do('HINCRBYFLOAT', 'h', 'g', '10.5');
  c.do('HINCRBYFLOAT', 'h', 'g', '0.1');
  c.do('HINCRBYFLOAT', 'h', 'g', '0x10');
  c.do('HINCRBYFLOAT', 'h', 'g', '1e-20');
  c.do('HINCRBYFLOAT', 'h', 'g', '-1e-20');
  c.do('HSET', 'h', 'i', '17179869184');
  c.do('HINCRBYFLOAT', 'h', 'i', '1.5');
  c.do('HINCRBYFLOAT', 'h', 'i', '17179869184');
  c.do('HSET', 'h', 'e', '1e2');
  c.do('HINCRBYFLOAT', 'h', 'e', '1');
  c.do('HSET', 'h', 'ws', '3.0');
  c.do('HINCRBYFLOAT', 'h', 'ws', '0');
  c.do('HINCRBYFLOAT', 'h', 'huge', '1e300');
  c.do('HINCRBYFLOAT', 'h', 'tiny', '1e-300');
  c.do('HINCRBYFLOAT', 'h', 'negz', '-0.0');
  c.do('OBJECT', 'ENCODING', 'h'); // the long result of 'huge' made it a hashtable
  c.doSorted('HGETALL', 'h');
  c.resp3();
  c.do('HINCRBYFLOAT', 'h', 'f', '1.5');
  c.resp2();
  // failure cases
  for (const bad of ['abc', '', ' 1', '1 ', '1.5.5', 'nan', '1e99999', '1\x002']) {
    c.error('not a valid float', 'HINCRBYFLOAT', 'h', 'f', bad);
  }
  c.error('value is NaN or Infinity', 'HINCRBYFLOAT', 'h', 'f', 'inf');
  c.error('value is NaN or Infinity', 'HINCRBYFLOAT', 'h', 'f', '+inf');
  c.error('value is NaN or Infinity', 'HINCRBYFLOAT', 'h', 'f', '-Infinity');
  c.error('value is NaN or Infinity', 'HINCRBYFLOAT', 'hfoo', 'field', '+inf');
  c.do('EXISTS', 'hfoo');
  for (const bad of ['abc', ' 1', '1 ', '1\x002', '', 'nan']) {
    c.do('HSET', 'h', 'bad', bad);
    c.error('hash value is not a float', 'HINCRBYFLOAT', 'h', 'bad', '1');
  }
  c.do('HSET', 'h', 'max', '1.1e4932');
  c.error('increment would produce NaN or Infinity', 'HINCRBYFLOAT', 'h', 'max', '1.1e4932');
  c.do('HSET', 'h', 'infv', 'inf');
  c.error('increment would produce NaN or Infinity', 'HINCRBYFLOAT', 'h', 'infv', '1');
  c.do('HGET', 'h', 'max');
  // The increment is checked before the key is looked up.
  c.do('SET', 'str', 'v');
  c.error('not a valid float', 'HINCRBYFLOAT', 'str', 'f', 'x');
  c.error('value is NaN or Infinity', 'HINCRBYFLOAT', 'str', 'f', 'inf');
  c.error('WRONGTYPE', 'HINCRBYFLOAT', 'str', 'f', '1');
  c.error('wrong number of arguments', 'HINCRBYFLOAT', 'h', 'f');
});

// ---------------------------------------------------------------------------------------------
// OBJECT ENCODING

diff('OBJECT ENCODING turns hashtable past 512 fields and never back', (c) => {
  c.do('HSET', 'h', ...fields(512));
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('HSET', 'h', 'f0', 'again');
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('HSET', 'h', 'f512', 'v');
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('HDEL', 'h', ...fields(512).filter((_, i) => i % 2 === 0));
  c.do('HLEN', 'h');
  c.do('OBJECT', 'ENCODING', 'h');
  c.do('HGETALL', 'h');
  // One HSET that goes past the limit, and field by field with HSETNX / HINCRBY.
  c.do('HSET', 'one', ...fields(513));
  c.do('OBJECT', 'ENCODING', 'one');
  c.do('HSET', 'nx', ...fields(511));
  c.do('HSETNX', 'nx', 'f511', 'v');
  c.do('OBJECT', 'ENCODING', 'nx');
  c.do('HSETNX', 'nx', 'f0', 'v');
  c.do('OBJECT', 'ENCODING', 'nx');
  c.do('HSETNX', 'nx', 'f512', 'v');
  c.do('OBJECT', 'ENCODING', 'nx');
  c.do('HSET', 'inc', ...fields(511));
  c.do('HINCRBY', 'inc', 'f511', '1');
  c.do('OBJECT', 'ENCODING', 'inc');
  c.do('HINCRBYFLOAT', 'inc', 'f512', '1.5');
  c.do('OBJECT', 'ENCODING', 'inc');
});

diff('OBJECT ENCODING turns hashtable for a field or value over 64 bytes', (c) => {
  const b64 = 'x'.repeat(64);
  const b65 = 'x'.repeat(65);
  c.do('HSET', 'v64', 'f', b64, b64, 'v');
  c.do('OBJECT', 'ENCODING', 'v64');
  c.do('HSET', 'v65', 'f', b65);
  c.do('OBJECT', 'ENCODING', 'v65');
  c.do('HSET', 'k65', b65, 'v');
  c.do('OBJECT', 'ENCODING', 'k65');
  // The long pair converts even when it comes first and a short one overwrites it.
  c.do('HSET', 'mixed', 'a', b65, 'a', 'short');
  c.do('OBJECT', 'ENCODING', 'mixed');
  c.do('HGETALL', 'mixed');
  c.do('HDEL', 'v65', 'f');
  c.do('EXISTS', 'v65');
  // An update of an existing field converts too; shrinking it back does not undo that.
  c.do('HSET', 'upd', 'f', 'short');
  c.do('HSET', 'upd', 'f', b65);
  c.do('OBJECT', 'ENCODING', 'upd');
  c.do('HSET', 'upd', 'f', 'short');
  c.do('OBJECT', 'ENCODING', 'upd');
  // HSETNX converts only when it writes.
  c.do('HSET', 'nx', 'f', 'v');
  c.do('HSETNX', 'nx', 'f', b65);
  c.do('OBJECT', 'ENCODING', 'nx');
  c.do('HSETNX', 'nx', 'g', b65);
  c.do('OBJECT', 'ENCODING', 'nx');
  // HINCRBY with a long field name, HINCRBYFLOAT with a long result.
  c.do('HINCRBY', 'inc', b65, '1');
  c.do('OBJECT', 'ENCODING', 'inc');
  c.do('HINCRBY', 'inc2', b64, '1');
  c.do('OBJECT', 'ENCODING', 'inc2');
  c.do('HSET', 'flt', 'f', '0');
  c.do('HINCRBYFLOAT', 'flt', 'f', '1e63');
  c.do('OBJECT', 'ENCODING', 'flt');
  c.do('HINCRBYFLOAT', 'flt', 'f', '1e64');
  c.do('HSTRLEN', 'flt', 'f');
  c.do('OBJECT', 'ENCODING', 'flt');
  // COPY keeps the encoding.
  c.do('COPY', 'upd', 'upd2');
  c.do('OBJECT', 'ENCODING', 'upd2');
  c.do('COPY', 'nx', 'nx2');
  c.do('OBJECT', 'ENCODING', 'nx2');
  c.doSorted('HGETALL', 'nx2');
});

// ---------------------------------------------------------------------------------------------
// HRANDFIELD

diff('HRANDFIELD on a one-field hash has one answer', (c) => {
  c.do('HSET', 'h', 'a', '1');
  c.do('HRANDFIELD', 'h');
  c.do('HRANDFIELD', 'h', '1');
  c.do('HRANDFIELD', 'h', '5');
  c.do('HRANDFIELD', 'h', '-1');
  c.do('HRANDFIELD', 'h', '-4');
  c.do('HRANDFIELD', 'h', '1', 'WITHVALUES');
  c.do('HRANDFIELD', 'h', '-3', 'withvalues');
  c.do('HRANDFIELD', 'h', '3', 'WithValues');
  c.do('HRANDFIELD', 'h', '0');
  c.do('HRANDFIELD', 'h', '0', 'WITHVALUES');
  c.do('HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES');
  c.do('HRANDFIELD', 'h', MAX);
  c.do('HRANDFIELD', 'nokey');
  c.do('HRANDFIELD', 'nokey', '5');
  c.do('HRANDFIELD', 'nokey', '-5', 'WITHVALUES');
  c.do('HRANDFIELD', 'nokey', '0');
  c.resp3();
  c.do('HRANDFIELD', 'h');
  c.do('HRANDFIELD', 'h', '-3');
  c.do('HRANDFIELD', 'h', '-3', 'WITHVALUES');
  c.do('HRANDFIELD', 'h', '2', 'WITHVALUES');
  c.do('HRANDFIELD', 'h', '1', 'WITHVALUES');
  c.do('HRANDFIELD', 'nokey');
  c.do('HRANDFIELD', 'nokey', '3', 'WITHVALUES');
  c.resp2();
});

diff('HRANDFIELD with a count covering the hash returns all of it', (c) => {
  c.do('HSET', 'lp', ...fields(10));
  c.do('HSET', 'ht', ...fields(10), 'long', 'x'.repeat(70));
  c.do('OBJECT', 'ENCODING', 'ht');
  for (const key of ['lp', 'ht']) {
    c.doSorted('HRANDFIELD', key, '11');
    c.doSorted('HRANDFIELD', key, '20');
    c.doSorted('HRANDFIELD', key, '100', 'WITHVALUES');
    c.doSorted('HRANDFIELD', key, MAX);
    c.resp3();
    c.doSorted('HRANDFIELD', key, '50', 'WITHVALUES');
    c.resp2();
  }
  c.do('HRANDFIELD', 'lp', '10');
});

diff('HRANDFIELD replies have the right size and shape', (c) => {
  c.do('HSET', 'lp', ...fields(10));
  c.do('HSET', 'ht', ...fields(600));
  c.do('OBJECT', 'ENCODING', 'ht');
  for (const key of ['lp', 'ht']) {
    for (const n of ['1', '2', '4', '8', '9', '-1', '-20', '-1001']) {
      c.doShape('HRANDFIELD', key, n);
      c.doShape('HRANDFIELD', key, n, 'WITHVALUES');
    }
    c.doShape('HRANDFIELD', key);
    c.resp3();
    c.doShape('HRANDFIELD', key, '3', 'WITHVALUES');
    c.doShape('HRANDFIELD', key, '-5', 'WITHVALUES');
    c.doShape('HRANDFIELD', key, '3');
    c.doShape('HRANDFIELD', key);
    c.resp2();
  }
  c.doShape('HRANDFIELD', 'ht', '300');
  c.doShape('HRANDFIELD', 'ht', '199', 'WITHVALUES');
});

diff('HRANDFIELD errors: count range, syntax, and their order', (c) => {
  c.do('HSET', 'h', 'a', '1');
  otherTypes(c);
  // failure cases
  c.error('not an integer', 'HRANDFIELD', 'h', 'abc');
  c.error('not an integer', 'HRANDFIELD', 'h', '1.5');
  c.error('not an integer', 'HRANDFIELD', 'h', '');
  c.error('not an integer', 'HRANDFIELD', 'h', '9223372036854775808');
  c.error('value is out of range', 'HRANDFIELD', 'h', MIN);
  c.error('value is out of range', 'HRANDFIELD', 'h', MIN, 'WITHVALUES');
  c.error('value is out of range', 'HRANDFIELD', 'h', '-9223372036854770000', 'WITHVALUES');
  c.error('value is out of range', 'HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES');
  c.error('value is out of range', 'HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES');
  c.error('syntax error', 'HRANDFIELD', 'h', '1', 'VALUES');
  c.error('syntax error', 'HRANDFIELD', 'h', '1', 'WITHVALUES', 'x');
  c.error('syntax error', 'HRANDFIELD', 'nokey', '1', 'x');
  c.error('syntax error', 'HRANDFIELD', MIN, '1', 'WITHVALUES', 'WITHVALUES');
  // The count and options are checked before the key.
  c.error('not an integer', 'HRANDFIELD', 'str', 'x');
  c.error('syntax error', 'HRANDFIELD', 'str', '1', 'x');
  c.error('value is out of range', 'HRANDFIELD', 'str', MIN);
  for (const key of OTHER_TYPES) {
    c.error('WRONGTYPE', 'HRANDFIELD', key);
    c.error('WRONGTYPE', 'HRANDFIELD', key, '0');
    c.error('WRONGTYPE', 'HRANDFIELD', key, '-2', 'WITHVALUES');
  }
  c.error('wrong number of arguments', 'HRANDFIELD');
});

// ---------------------------------------------------------------------------------------------
// HSCAN

diff('HSCAN returns a listpack hash whole, in order, with cursor 0', (c) => {
  c.do('HSET', 'h', 'b', '1', 'a', '2', 'user:1', 'x', 'user:2', 'y', 'other', 'z', '', 'empty');
  c.do('HSCAN', 'h', '0');
  c.do('HSCAN', 'h', '0', 'COUNT', '1');
  c.do('hscan', 'h', '0', 'match', 'user:*');
  c.do('HSCAN', 'h', '0', 'MATCH', '*');
  c.do('HSCAN', 'h', '0', 'MATCH', '?');
  c.do('HSCAN', 'h', '0', 'MATCH', 'nothing*', 'COUNT', '100');
  c.do('HSCAN', 'h', '0', 'COUNT', '5', 'MATCH', 'a', 'COUNT', '2', 'MATCH', 'b');
  c.do('HSCAN', 'h', '12345');
  c.do('HSCAN', 'h', '-1');
  c.do('HSCAN', 'h', '18446744073709551615');
  c.do('HSCAN', 'nokey', '0');
  c.resp3();
  c.do('HSCAN', 'h', '0');
  c.do('HSCAN', 'nokey', '0');
  c.resp2();
});

diff('HSCAN walks a hashtable hash to completion', (c) => {
  c.do('HSET', 'h', ...fields(500), ...fields(50, 'user:'));
  c.scanAll('HSCAN', 'h');
  c.scanAll('HSCAN', 'h', 'COUNT', '7');
  c.scanAll('HSCAN', 'h', 'COUNT', '1000');
  c.scanAll('HSCAN', 'h', 'MATCH', 'user:*');
  c.scanAll('HSCAN', 'h', 'MATCH', 'f1?', 'COUNT', '3');
  c.scanAll('HSCAN', 'h', 'MATCH', 'none');
  c.do('HSET', 'big', 'long', 'x'.repeat(100), 'a', '1');
  c.scanAll('HSCAN', 'big');
  c.scanAll('HSCAN', 'big', 'MATCH', 'a');
});

diff('HSCAN errors and their order', (c) => {
  c.do('HSET', 'h', 'a', '1');
  otherTypes(c);
  // failure cases
  c.error('invalid cursor', 'HSCAN', 'h', 'abc');
  c.error('invalid cursor', 'HSCAN', 'h', '1.5');
  c.error('invalid cursor', 'HSCAN', 'h', '18446744073709551616');
  c.error('invalid cursor', 'HSCAN', 'str', 'abc');
  c.error('invalid cursor', 'HSCAN', 'nokey', 'x');
  c.error('syntax error', 'HSCAN', 'h', '0', 'COUNT', '0');
  c.error('syntax error', 'HSCAN', 'h', '0', 'COUNT', '-1');
  c.error('not an integer', 'HSCAN', 'h', '0', 'COUNT', 'x');
  c.error('syntax error', 'HSCAN', 'h', '0', 'COUNT');
  c.error('syntax error', 'HSCAN', 'h', '0', 'MATCH');
  c.error('syntax error', 'HSCAN', 'h', '0', 'TYPE', 'string');
  c.error('syntax error', 'HSCAN', 'h', '0', 'NOVALUES');
  c.error('syntax error', 'HSCAN', 'h', '0', 'MATCH', '*', 'x');
  // The key is looked up before the options are parsed.
  c.do('HSCAN', 'nokey', '0', 'COUNT', '0');
  c.do('HSCAN', 'nokey', '0', 'BADOPTION');
  c.error('WRONGTYPE', 'HSCAN', 'str', '0', 'COUNT', '0');
  c.error('WRONGTYPE', 'HSCAN', 'num', '0', 'MATCH', '*');
  c.error('wrong number of arguments', 'HSCAN', 'h');
});

// ---------------------------------------------------------------------------------------------
// WRONGTYPE, TTL, other commands on hashes

diff('every hash command refuses other types', (c) => {
  otherTypes(c);
  c.do('HSET', 'h', 'a', '1');
  for (const key of OTHER_TYPES) {
    c.error('WRONGTYPE', 'HSET', key, 'a', '1');
    c.error('WRONGTYPE', 'HMSET', key, 'a', '1');
    c.error('WRONGTYPE', 'HSETNX', key, 'a', '1');
    c.error('WRONGTYPE', 'HGET', key, 'a');
    c.error('WRONGTYPE', 'HMGET', key, 'a');
    c.error('WRONGTYPE', 'HDEL', key, 'a');
    c.error('WRONGTYPE', 'HLEN', key);
    c.error('WRONGTYPE', 'HSTRLEN', key, 'a');
    c.error('WRONGTYPE', 'HEXISTS', key, 'a');
    c.error('WRONGTYPE', 'HKEYS', key);
    c.error('WRONGTYPE', 'HVALS', key);
    c.error('WRONGTYPE', 'HGETALL', key);
    c.error('WRONGTYPE', 'HINCRBY', key, 'a', '1');
    c.error('WRONGTYPE', 'HINCRBYFLOAT', key, 'a', '1');
  }
  // and other commands refuse hashes
  c.error('WRONGTYPE', 'GET', 'h');
  c.error('WRONGTYPE', 'INCR', 'h');
  c.error('WRONGTYPE', 'APPEND', 'h', 'x');
  c.error('WRONGTYPE', 'GETDEL', 'h');
  c.do('MGET', 'h', 'str');
  c.do('TYPE', 'h');
  c.do('GET', 'str');
});

diff('hashes expire, rename, copy and move like any key', (c) => {
  c.do('HSET', 'h', 'a', '1', 'b', '2');
  c.do('PEXPIRE', 'h', '50');
  c.do('HSET', 'h', 'c', '3');
  c.doApprox(20, 'PTTL', 'h');
  c.sleep(100);
  c.do('HGET', 'h', 'a');
  c.do('HLEN', 'h');
  c.do('EXISTS', 'h');
  c.do('HSET', 'h', 'z', '1');
  c.do('PTTL', 'h');
  c.do('HGETALL', 'h');
  c.do('RENAME', 'h', 'h2');
  c.do('HGETALL', 'h2');
  c.do('COPY', 'h2', 'h3');
  c.do('HSET', 'h3', 'y', '2');
  c.do('HGETALL', 'h2');
  c.do('HGETALL', 'h3');
  c.do('MOVE', 'h3', '1');
  c.do('SELECT', '1');
  c.do('HGETALL', 'h3');
  c.do('SELECT', '0');
  c.do('DEL', 'h2');
  c.do('HGETALL', 'h2');
  c.do('HSET', 'e', 'a', '1');
  c.do('EXPIRE', 'e', '100');
  c.do('HDEL', 'e', 'a');
  c.do('TTL', 'e');
  c.do('HSET', 'e', 'a', '1');
  c.do('TTL', 'e');
});

// Lists (redis.io group "list"): LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LINDEX LSET LRANGE
// LTRIM LINSERT LREM LPOS LMOVE RPOPLPUSH LMPOP, and the blocking BLPOP BRPOP BLMOVE BRPOPLPUSH
// BLMPOP where they don't wait (data is there, or MULTI-free short timeouts that run out).
// Waking blocked clients needs a second client: test/commands/blocking.test.ts covers it.

import { diff, type Script } from './harness.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const BIN = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);
const WRONGTYPE = 'WRONGTYPE';

/** A string at 's', a set at 'set' and a hash at 'hash', for WRONGTYPE cases. */
function otherTypes(c: Script): void {
  c.do('SET', 's', 'v');
  c.do('SADD', 'set', 'a');
  c.do('HSET', 'hash', 'f', 'v');
}

// ---------------------------------------------------------------------------------------------
// LPUSH / RPUSH / LPUSHX / RPUSHX / LLEN

diff('LPUSH RPUSH push in order and reply with the length', (c) => {
  c.do('LPUSH', 'l', 'a');
  c.do('LPUSH', 'l', 'b', 'c', 'd');
  c.do('RPUSH', 'l', 'x', 'y');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LLEN', 'l');
  c.do('rpush', 'l', '');
  c.do('lpush', 'l', BIN, 'héllo');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LLEN', 'l');
  c.do('LLEN', 'missing');
  c.do('TYPE', 'l');
  c.do('OBJECT', 'ENCODING', 'l');
  c.do('RPUSH', BIN, '1', '2', '3');
  c.do('LRANGE', BIN, '0', '-1');
  c.do('OBJECT', 'ENCODING', BIN);
  c.resp3();
  c.do('RPUSH', 'l', 'z');
  c.do('LLEN', 'l');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'LPUSH', 's', 'x');
  c.error(WRONGTYPE, 'RPUSH', 'set', 'x');
  c.error(WRONGTYPE, 'LLEN', 'hash');
  c.error('wrong number of arguments', 'LPUSH', 'l');
  c.error('wrong number of arguments', 'RPUSH');
  c.error('wrong number of arguments', 'LLEN');
  c.error('wrong number of arguments', 'LLEN', 'a', 'b');
});

diff('LPUSHX RPUSHX push only to an existing list', (c) => {
  c.do('LPUSHX', 'l', 'a');
  c.do('RPUSHX', 'l', 'a', 'b');
  c.do('EXISTS', 'l');
  c.do('RPUSH', 'l', 'm');
  c.do('LPUSHX', 'l', 'a', 'b');
  c.do('RPUSHX', 'l', 'y', 'z');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('lpushx', 'l', 'c');
  c.do('LLEN', 'l');
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'LPUSHX', 's', 'x');
  c.error(WRONGTYPE, 'RPUSHX', 'hash', 'x');
  c.error('wrong number of arguments', 'LPUSHX', 'l');
  c.error('wrong number of arguments', 'RPUSHX', 'l');
});

// ---------------------------------------------------------------------------------------------
// LPOP / RPOP

diff('LPOP RPOP pop single elements and delete the emptied list', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c');
  c.do('LPOP', 'l');
  c.do('RPOP', 'l');
  c.do('LPOP', 'l');
  c.do('EXISTS', 'l');
  c.do('LPOP', 'l');
  c.do('RPOP', 'missing');
  c.resp3();
  c.do('LPOP', 'missing');
  c.do('RPUSH', 'l', BIN);
  c.do('RPOP', 'l');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'LPOP', 's');
  c.error(WRONGTYPE, 'RPOP', 'set');
  c.error('wrong number of arguments', 'LPOP');
  c.error('wrong number of arguments', 'LPOP', 'l', '1', '2');
  c.error('wrong number of arguments', 'RPOP', 'l', '1', '2');
});

diff('LPOP RPOP with a count reply with arrays, nil arrays for a missing key', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
  c.do('LPOP', 'l', '2');
  c.do('RPOP', 'l', '2');
  c.do('LPOP', 'l', '0');
  c.do('RPOP', 'l', '0');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('RPOP', 'l', '10');
  c.do('EXISTS', 'l');
  c.do('LPOP', 'l', '1');
  c.do('LPOP', 'missing', '0');
  c.do('RPOP', 'missing', '3');
  c.do('RPUSH', 'l', 'x', 'y', 'z');
  c.do('LPOP', 'l', MAX);
  c.resp3();
  c.do('LPOP', 'missing', '1');
  c.do('LPOP', 'missing', '0');
  c.do('RPUSH', 'l', 'x', 'y');
  c.do('RPOP', 'l', '0');
  c.do('RPOP', 'l', '5');
  c.resp2();
  // failure cases: the count is checked before the key
  otherTypes(c);
  c.error('must be positive', 'LPOP', 'missing', '-1');
  c.error('must be positive', 'LPOP', 'missing', 'x');
  c.error('must be positive', 'RPOP', 's', '1.5');
  c.error('must be positive', 'RPOP', 's', MIN);
  c.error(WRONGTYPE, 'LPOP', 's', '0');
  c.error(WRONGTYPE, 'RPOP', 'hash', '2');
});

// ---------------------------------------------------------------------------------------------
// LINDEX / LSET

diff('LINDEX reads by index from either end', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c');
  for (const i of ['0', '1', '2', '3', '-1', '-3', '-4', MAX, MIN]) c.do('LINDEX', 'l', i);
  c.do('LINDEX', 'missing', '0');
  // Redis looks the key up first: a missing key is nil whatever the index.
  c.do('LINDEX', 'missing', 'notanumber');
  c.resp3();
  c.do('LINDEX', 'l', '9');
  c.do('LINDEX', 'l', '-1');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error('not an integer', 'LINDEX', 'l', 'x');
  c.error('not an integer', 'LINDEX', 'l', '1.0');
  c.error('not an integer', 'LINDEX', 'l', ' 1');
  c.error(WRONGTYPE, 'LINDEX', 's', '0');
  c.error(WRONGTYPE, 'LINDEX', 's', 'x');
  c.error('wrong number of arguments', 'LINDEX', 'l');
});

diff('LSET replaces by index and errors past the ends', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c');
  c.do('LSET', 'l', '0', 'A');
  c.do('LSET', 'l', '-1', 'C');
  c.do('LSET', 'l', '1', BIN);
  c.do('LRANGE', 'l', '0', '-1');
  c.do('lset', 'l', '-3', 'first');
  c.do('LINDEX', 'l', '0');
  // failure cases
  otherTypes(c);
  c.error('index out of range', 'LSET', 'l', '3', 'x');
  c.error('index out of range', 'LSET', 'l', '-4', 'x');
  c.error('index out of range', 'LSET', 'l', MAX, 'x');
  c.error('no such key', 'LSET', 'missing', '0', 'x');
  c.error('no such key', 'LSET', 'missing', 'x', 'x');
  c.error('not an integer', 'LSET', 'l', 'x', 'x');
  c.error(WRONGTYPE, 'LSET', 's', '0', 'x');
  c.error(WRONGTYPE, 'LSET', 's', 'x', 'x');
  c.error('wrong number of arguments', 'LSET', 'l', '0');
  c.do('LRANGE', 'l', '0', '-1');
});

// ---------------------------------------------------------------------------------------------
// LRANGE / LTRIM

diff('LRANGE clamps its offsets', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
  const ranges: [string, string][] = [
    ['0', '-1'],
    ['1', '3'],
    ['-2', '-1'],
    ['-100', '100'],
    ['3', '1'],
    ['5', '10'],
    ['-1', '-2'],
    ['0', '0'],
    ['-5', '-5'],
    ['-6', '-6'],
    [MIN, MAX],
    [MAX, MAX],
    ['0', MIN],
  ];
  for (const [a, b] of ranges) c.do('LRANGE', 'l', a, b);
  c.do('LRANGE', 'missing', '0', '-1');
  c.resp3();
  c.do('LRANGE', 'l', '1', '2');
  c.do('LRANGE', 'missing', '0', '-1');
  c.resp2();
  // failure cases: offsets are parsed before the key is looked up
  otherTypes(c);
  c.error('not an integer', 'LRANGE', 'missing', 'a', '1');
  c.error('not an integer', 'LRANGE', 's', '0', 'b');
  c.error('not an integer', 'LRANGE', 'l', '0', '9223372036854775808');
  c.error(WRONGTYPE, 'LRANGE', 's', '0', '-1');
  c.error('wrong number of arguments', 'LRANGE', 'l', '0');
});

diff('LTRIM keeps a range and deletes an emptied list', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f');
  c.do('LTRIM', 'l', '1', '-2');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LTRIM', 'l', '0', '100');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LTRIM', 'l', '-2', '-1');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LTRIM', 'l', MIN, MAX);
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LTRIM', 'l', '1', '0');
  c.do('EXISTS', 'l');
  c.do('RPUSH', 'l', 'a', 'b');
  c.do('LTRIM', 'l', '5', '10');
  c.do('EXISTS', 'l');
  c.do('LTRIM', 'missing', '0', '1');
  c.do('RPUSH', 'l', 'a', 'b', 'c');
  c.do('ltrim', 'l', '0', '-3');
  c.do('LRANGE', 'l', '0', '-1');
  // failure cases
  otherTypes(c);
  c.error('not an integer', 'LTRIM', 'missing', 'x', '1');
  c.error('not an integer', 'LTRIM', 's', '0', 'x');
  c.error(WRONGTYPE, 'LTRIM', 's', '0', '1');
  c.error('wrong number of arguments', 'LTRIM', 'l', '0');
});

// ---------------------------------------------------------------------------------------------
// LINSERT / LREM

diff('LINSERT inserts around the first pivot', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'a', 'c');
  c.do('LINSERT', 'l', 'BEFORE', 'a', 'x');
  c.do('LINSERT', 'l', 'AFTER', 'a', 'y');
  c.do('LINSERT', 'l', 'after', 'c', 'z');
  c.do('LINSERT', 'l', 'Before', 'x', BIN);
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LINSERT', 'l', 'BEFORE', 'nope', 'v');
  c.do('LINSERT', 'missing', 'BEFORE', 'a', 'v');
  c.do('EXISTS', 'missing');
  // failure cases: BEFORE|AFTER is checked before the key
  otherTypes(c);
  c.error('syntax error', 'LINSERT', 'l', 'MIDDLE', 'a', 'v');
  c.error('syntax error', 'LINSERT', 'missing', 'BEFOREX', 'a', 'v');
  c.error('syntax error', 'LINSERT', 's', 'x', 'a', 'v');
  c.error(WRONGTYPE, 'LINSERT', 's', 'BEFORE', 'a', 'v');
  c.error('wrong number of arguments', 'LINSERT', 'l', 'BEFORE', 'a');
});

diff('LREM removes from the head, the tail, or everywhere', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b', 'a');
  c.do('LREM', 'l', '1', 'a');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LREM', 'l', '-2', 'a');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LREM', 'l', '0', 'b');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LREM', 'l', '5', 'nope');
  c.do('LREM', 'l', MIN, 'a');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('LREM', 'l', MAX, 'c');
  c.do('EXISTS', 'l');
  c.do('LREM', 'missing', '0', 'a');
  // failure cases
  otherTypes(c);
  c.error('not an integer', 'LREM', 'missing', 'x', 'a');
  c.error(WRONGTYPE, 'LREM', 's', '0', 'a');
  c.error('wrong number of arguments', 'LREM', 'l', '0');
});

// ---------------------------------------------------------------------------------------------
// LPOS

diff('LPOS finds matches by rank, count and maxlen', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'd');
  c.do('LPOS', 'l', 'a');
  c.do('LPOS', 'l', 'c');
  c.do('LPOS', 'l', 'x');
  c.do('LPOS', 'l', 'a', 'RANK', '2');
  c.do('LPOS', 'l', 'a', 'RANK', '3');
  c.do('LPOS', 'l', 'a', 'RANK', '4');
  c.do('LPOS', 'l', 'a', 'RANK', '-1');
  c.do('LPOS', 'l', 'a', 'RANK', '-3');
  c.do('LPOS', 'l', 'a', 'COUNT', '0');
  c.do('LPOS', 'l', 'a', 'COUNT', '2');
  c.do('LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '2');
  c.do('LPOS', 'l', 'a', 'COUNT', '0', 'RANK', '-1');
  c.do('LPOS', 'l', 'x', 'COUNT', '0');
  c.do('LPOS', 'l', 'a', 'MAXLEN', '3');
  c.do('LPOS', 'l', 'c', 'MAXLEN', '2');
  c.do('LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '4');
  c.do('LPOS', 'l', 'a', 'RANK', '-1', 'COUNT', '0', 'MAXLEN', '2');
  c.do('LPOS', 'l', 'a', 'RANK', '2', 'RANK', '1');
  c.do('lpos', 'l', 'b', 'rank', '1', 'count', '1', 'maxlen', '0');
  c.do('LPOS', 'l', 'a', 'RANK', MAX);
  c.do('LPOS', 'l', 'a', 'RANK', MAX, 'COUNT', '0');
  // Redis negates LONG_MIN in a long: it stays negative and COUNT no longer stops the scan.
  c.do('LPOS', 'l', 'a', 'RANK', MIN);
  c.do('LPOS', 'l', 'a', 'RANK', MIN, 'COUNT', '1');
  c.do('LPOS', 'l', 'a', 'RANK', '-9223372036854775807', 'COUNT', '0');
  c.do('LPOS', 'missing', 'a');
  c.do('LPOS', 'missing', 'a', 'COUNT', '1');
  c.resp3();
  c.do('LPOS', 'l', 'x');
  c.do('LPOS', 'l', 'a', 'COUNT', '2');
  c.do('LPOS', 'missing', 'a');
  c.resp2();
  // failure cases: options are checked in order, before the key
  otherTypes(c);
  c.error("RANK can't be zero", 'LPOS', 'l', 'a', 'RANK', '0');
  c.error("RANK can't be zero", 'LPOS', 's', 'a', 'RANK', '0');
  c.error('not an integer', 'LPOS', 'l', 'a', 'RANK', 'x');
  c.error("COUNT can't be negative", 'LPOS', 'l', 'a', 'COUNT', '-1');
  c.error("COUNT can't be negative", 'LPOS', 'l', 'a', 'COUNT', 'x');
  c.error("MAXLEN can't be negative", 'LPOS', 'l', 'a', 'MAXLEN', '-1');
  c.error("MAXLEN can't be negative", 'LPOS', 'missing', 'a', 'MAXLEN', 'x');
  c.error('syntax error', 'LPOS', 'l', 'a', 'RANK');
  c.error('syntax error', 'LPOS', 'l', 'a', 'FOO', '1');
  c.error('syntax error', 'LPOS', 'l', 'a', 'COUNT', '1', 'MAXLEN');
  c.error("RANK can't be zero", 'LPOS', 'l', 'a', 'RANK', '0', 'FOO');
  c.error('syntax error', 'LPOS', 'l', 'a', 'FOO', 'RANK', '0');
  c.error(WRONGTYPE, 'LPOS', 's', 'a');
  c.error(WRONGTYPE, 'LPOS', 'hash', 'a', 'COUNT', '0');
  c.error('wrong number of arguments', 'LPOS', 'l');
});

// ---------------------------------------------------------------------------------------------
// LMOVE / RPOPLPUSH

diff('LMOVE moves between either ends and rotates a list', (c) => {
  c.do('RPUSH', 'src', 'a', 'b', 'c', 'd');
  c.do('LMOVE', 'src', 'dst', 'LEFT', 'LEFT');
  c.do('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT');
  c.do('LMOVE', 'src', 'dst', 'RIGHT', 'LEFT');
  c.do('lmove', 'src', 'dst', 'right', 'right');
  c.do('LRANGE', 'dst', '0', '-1');
  c.do('EXISTS', 'src');
  c.do('LMOVE', 'src', 'dst', 'LEFT', 'LEFT');
  c.do('LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT');
  c.do('LMOVE', 'dst', 'dst', 'RIGHT', 'LEFT');
  c.do('LRANGE', 'dst', '0', '-1');
  c.do('RPUSH', 'one', 'x');
  c.do('LMOVE', 'one', 'one', 'LEFT', 'LEFT');
  c.do('LMOVE', 'one', 'one', 'RIGHT', 'LEFT');
  c.do('LRANGE', 'one', '0', '-1');
  c.do('RPUSH', 'bin', BIN);
  c.do('LMOVE', 'bin', 'dst', 'LEFT', 'RIGHT');
  c.do('LRANGE', 'dst', '-1', '-1');
  c.resp3();
  c.do('LMOVE', 'missing', 'dst', 'LEFT', 'RIGHT');
  c.do('LMOVE', 'dst', 'other', 'LEFT', 'RIGHT');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error('syntax error', 'LMOVE', 'dst', 'x', 'UP', 'LEFT');
  c.error('syntax error', 'LMOVE', 'dst', 'x', 'LEFT', 'DOWN');
  c.error('syntax error', 'LMOVE', 's', 'x', 'LEFTX', 'LEFT');
  c.error(WRONGTYPE, 'LMOVE', 's', 'dst', 'LEFT', 'LEFT');
  c.error(WRONGTYPE, 'LMOVE', 'dst', 's', 'LEFT', 'LEFT');
  c.do('LRANGE', 'dst', '0', '-1');
  // A missing source is nil before the destination's type is looked at.
  c.do('LMOVE', 'missing', 's', 'LEFT', 'LEFT');
  c.error('wrong number of arguments', 'LMOVE', 'a', 'b', 'LEFT');
});

diff('RPOPLPUSH moves from the tail to the head', (c) => {
  c.do('RPUSH', 'src', 'a', 'b', 'c');
  c.do('RPOPLPUSH', 'src', 'dst');
  c.do('RPOPLPUSH', 'src', 'dst');
  c.do('LRANGE', 'dst', '0', '-1');
  c.do('RPOPLPUSH', 'src', 'src');
  c.do('RPOPLPUSH', 'src', 'dst');
  c.do('EXISTS', 'src');
  c.do('RPOPLPUSH', 'src', 'dst');
  c.do('RPOPLPUSH', 'dst', 'dst');
  c.do('LRANGE', 'dst', '0', '-1');
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'RPOPLPUSH', 's', 'dst');
  c.error(WRONGTYPE, 'RPOPLPUSH', 'dst', 'set');
  c.do('RPOPLPUSH', 'missing', 's');
  c.error('wrong number of arguments', 'RPOPLPUSH', 'a');
});

// ---------------------------------------------------------------------------------------------
// LMPOP

diff('LMPOP pops from the first non-empty list', (c) => {
  c.do('RPUSH', 'l1', 'a', 'b', 'c', 'd');
  c.do('RPUSH', 'l2', '1', '2');
  c.do('LMPOP', '2', 'missing', 'l1', 'LEFT');
  c.do('LMPOP', '2', 'missing', 'l1', 'RIGHT', 'COUNT', '2');
  c.do('LMPOP', '3', 'l1', 'missing', 'l2', 'left', 'count', '10');
  c.do('EXISTS', 'l1');
  c.do('LMPOP', '2', 'l1', 'l2', 'RIGHT', 'COUNT', MAX);
  c.do('LMPOP', '2', 'l1', 'l2', 'RIGHT');
  c.do('LMPOP', '1', 'missing', 'LEFT', 'COUNT', '1');
  c.do('RPUSH', 'l1', 'x');
  c.do('LMPOP', '2', 'l1', 'l1', 'LEFT');
  c.resp3();
  c.do('RPUSH', 'l1', 'x', 'y');
  c.do('LMPOP', '1', 'l1', 'LEFT', 'COUNT', '5');
  c.do('LMPOP', '1', 'l1', 'LEFT');
  c.resp2();
  // failure cases: numkeys, where and COUNT before any key
  otherTypes(c);
  c.error('numkeys should be greater than 0', 'LMPOP', '0', 'l1', 'LEFT');
  c.error('numkeys should be greater than 0', 'LMPOP', '-1', 'l1', 'LEFT');
  c.error('numkeys should be greater than 0', 'LMPOP', 'x', 'l1', 'LEFT');
  c.error('syntax error', 'LMPOP', '2', 'l1', 'LEFT');
  c.error('syntax error', 'LMPOP', '5', 'a', 'b', 'LEFT');
  c.error('syntax error', 'LMPOP', '1', 'l1', 'UP');
  c.error('syntax error', 'LMPOP', '1', 'l1', 'LEFT', 'COUNT');
  c.error('syntax error', 'LMPOP', '1', 'l1', 'LEFT', 'COUNT', '1', 'COUNT', '2');
  c.error('syntax error', 'LMPOP', '1', 'l1', 'LEFT', 'FOO', '1');
  c.error('count should be greater than 0', 'LMPOP', '1', 's', 'LEFT', 'COUNT', '0');
  c.error('count should be greater than 0', 'LMPOP', '1', 'l1', 'LEFT', 'COUNT', '-1');
  c.error('count should be greater than 0', 'LMPOP', '1', 'l1', 'LEFT', 'COUNT', 'x');
  c.error(WRONGTYPE, 'LMPOP', '2', 'missing', 's', 'LEFT');
  c.error(WRONGTYPE, 'LMPOP', '1', 'hash', 'RIGHT', 'COUNT', '2');
  c.do('RPUSH', 'l1', 'v');
  c.do('LMPOP', '2', 'l1', 's', 'LEFT');
  c.error('wrong number of arguments', 'LMPOP', '1', 'l1');
});

// ---------------------------------------------------------------------------------------------
// Blocking commands where they don't wait

diff('BLPOP BRPOP pop at once from the first non-empty list', (c) => {
  c.do('RPUSH', 'l1', 'a', 'b', 'c');
  c.do('RPUSH', 'l2', 'x');
  c.do('BLPOP', 'missing', 'l1', 'l2', '0');
  c.do('BRPOP', 'missing', 'l1', 'l2', '1');
  c.do('BLPOP', 'l2', 'l1', '0.5');
  c.do('BRPOP', 'l1', 'l1', 'l1', '0');
  c.do('EXISTS', 'l1', 'l2');
  c.do('RPUSH', 'l1', BIN);
  c.do('blpop', 'l1', '0');
  c.resp3();
  c.do('RPUSH', 'l1', 'v');
  c.do('BLPOP', 'l1', '0');
  c.resp2();
  // failure cases: the timeout is checked first, then each key in order
  otherTypes(c);
  c.error(WRONGTYPE, 'BLPOP', 'missing', 's', '0');
  c.error(WRONGTYPE, 'BRPOP', 'set', 'missing', '0');
  c.error('timeout is negative', 'BLPOP', 'l1', '-1');
  c.error('timeout is negative', 'BLPOP', 's', '-0.5');
  c.error('timeout is not a float', 'BLPOP', 's', 'x');
  c.error('timeout is not a float', 'BRPOP', 'l1', ' 1');
  c.error('timeout is not a float', 'BRPOP', 'l1', 'nan');
  c.error('timeout is not a float', 'BRPOP', 'l1', '');
  // ceill(x * 1000) as a long long: infinity and values beyond it come out negative.
  c.error('timeout is negative', 'BLPOP', 'l1', 'inf');
  c.error('timeout is negative', 'BLPOP', 'l1', '1e30');
  c.error('wrong number of arguments', 'BLPOP', 'l1');
  c.error('wrong number of arguments', 'BRPOP');
});

diff('BLPOP BRPOP BLMPOP time out on empty lists with a nil array', (c) => {
  c.do('BLPOP', 'missing', '0.01');
  c.do('BRPOP', 'a', 'b', '0.02');
  c.do('BLMPOP', '0.01', '2', 'a', 'b', 'LEFT', 'COUNT', '3');
  c.do('BLPOP', 'a', '1e-2');
  c.do('BLPOP', 'a', '0x0.1p-4');
  c.do('BLPOP', 'a', '.005');
  c.resp3();
  c.do('BLPOP', 'missing', '0.01');
  c.do('BLMPOP', '0.01', '1', 'a', 'RIGHT');
  c.resp2();
  // A key of another type next to a missing one is an error, not a wait.
  c.do('SET', 's', 'v');
  c.error(WRONGTYPE, 'BLPOP', 'missing', 's', '0.01');
  c.do('DBSIZE');
});

diff('BLMOVE BRPOPLPUSH move at once, or time out with a nil array', (c) => {
  c.do('RPUSH', 'src', 'a', 'b', 'c');
  c.do('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0');
  c.do('BLMOVE', 'src', 'dst', 'right', 'left', '1');
  c.do('BRPOPLPUSH', 'src', 'dst', '0');
  c.do('LRANGE', 'dst', '0', '-1');
  c.do('EXISTS', 'src');
  c.do('BLMOVE', 'dst', 'dst', 'LEFT', 'RIGHT', '0');
  c.do('LRANGE', 'dst', '0', '-1');
  // Redis replies to a timed-out BLMOVE with the null array, not a null bulk.
  c.do('BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0.01');
  c.do('BRPOPLPUSH', 'src', 'dst', '0.01');
  c.resp3();
  c.do('BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0.01');
  c.do('BRPOPLPUSH', 'dst', 'dst2', '0');
  c.resp2();
  // failure cases: positions, then the timeout, then the source, then the destination
  otherTypes(c);
  c.error('syntax error', 'BLMOVE', 's', 'dst', 'UP', 'LEFT', 'x');
  c.error('syntax error', 'BLMOVE', 's', 'dst', 'LEFT', 'UP', '-1');
  c.error('timeout is negative', 'BLMOVE', 's', 'dst', 'LEFT', 'LEFT', '-1');
  c.error('timeout is not a float', 'BLMOVE', 's', 'dst', 'LEFT', 'LEFT', 'x');
  c.error('timeout is not a float', 'BRPOPLPUSH', 's', 'dst', 'x');
  c.error(WRONGTYPE, 'BLMOVE', 's', 'dst', 'LEFT', 'LEFT', '0');
  c.error(WRONGTYPE, 'BRPOPLPUSH', 'set', 'dst', '0');
  c.error(WRONGTYPE, 'BLMOVE', 'dst', 's', 'LEFT', 'LEFT', '0');
  c.error(WRONGTYPE, 'BRPOPLPUSH', 'dst', 'hash', '0');
  c.do('LRANGE', 'dst', '0', '-1');
  c.error('wrong number of arguments', 'BLMOVE', 'a', 'b', 'LEFT', 'LEFT');
  c.error('wrong number of arguments', 'BRPOPLPUSH', 'a', 'b');
});

diff('BLMPOP pops at once with LMPOP semantics', (c) => {
  c.do('RPUSH', 'l1', 'a', 'b', 'c');
  c.do('RPUSH', 'l2', 'x', 'y');
  c.do('BLMPOP', '0', '2', 'missing', 'l1', 'LEFT');
  c.do('BLMPOP', '0', '2', 'l1', 'l2', 'RIGHT', 'COUNT', '5');
  c.do('BLMPOP', '1.5', '2', 'l1', 'l2', 'LEFT', 'COUNT', '1');
  c.do('blmpop', '0', '1', 'l2', 'left', 'count', '9');
  c.do('EXISTS', 'l1', 'l2');
  // failure cases: numkeys, where and COUNT are checked before the timeout
  otherTypes(c);
  c.error('numkeys should be greater than 0', 'BLMPOP', '-1', '0', 'l1', 'LEFT');
  c.error('syntax error', 'BLMPOP', 'x', '2', 'l1', 'LEFT');
  c.error('count should be greater than 0', 'BLMPOP', 'x', '1', 'l1', 'LEFT', 'COUNT', '0');
  c.error('timeout is not a float', 'BLMPOP', 'x', '1', 'l1', 'LEFT');
  c.error('timeout is negative', 'BLMPOP', '-1', '1', 's', 'LEFT');
  c.error(WRONGTYPE, 'BLMPOP', '0', '2', 'missing', 's', 'LEFT');
  c.error('wrong number of arguments', 'BLMPOP', '0', '1', 'l1');
});

// ---------------------------------------------------------------------------------------------
// Lists across the keyspace

diff('lists expire, move, rename and copy like any key', (c) => {
  c.do('RPUSH', 'l', 'a', 'b', 'c');
  c.do('PEXPIRE', 'l', '50');
  c.sleep(100);
  c.do('LLEN', 'l');
  c.do('LPUSHX', 'l', 'x');
  c.do('EXISTS', 'l');
  c.do('RPUSH', 'l', 'a', 'b', 'c');
  c.do('RENAME', 'l', 'l2');
  c.do('LRANGE', 'l2', '0', '-1');
  c.do('COPY', 'l2', 'l3');
  c.do('RPUSH', 'l3', 'd');
  c.do('LRANGE', 'l2', '0', '-1');
  c.do('LRANGE', 'l3', '0', '-1');
  c.do('MOVE', 'l3', '1');
  c.do('SELECT', '1');
  c.do('LRANGE', 'l3', '0', '-1');
  c.do('SELECT', '0');
  c.do('DEL', 'l2');
  c.do('LLEN', 'l2');
  c.do('SET', 'l2', 'now a string');
  c.error(WRONGTYPE, 'LLEN', 'l2');
});

diff('long lists: indexes, inserts and trims across many runs', (c) => {
  const values = Array.from({ length: 600 }, (_, i) => `v${i}`);
  c.do('RPUSH', 'big', ...values);
  c.do('LPUSH', 'big', ...values.slice(0, 300));
  c.do('LLEN', 'big');
  for (const i of ['0', '299', '300', '450', '899', '-1', '-600', '-901']) c.do('LINDEX', 'big', i);
  c.do('LSET', 'big', '450', 'middle');
  c.do('LINSERT', 'big', 'BEFORE', 'middle', 'before-middle');
  c.do('LINSERT', 'big', 'AFTER', 'v599', 'after-last');
  c.do('LRANGE', 'big', '445', '455');
  c.do('LPOS', 'big', 'v10', 'COUNT', '0');
  c.do('LPOS', 'big', 'v10', 'RANK', '-1');
  c.do('LREM', 'big', '0', 'v20');
  c.do('LTRIM', 'big', '100', '-100');
  c.do('LLEN', 'big');
  c.do('LRANGE', 'big', '0', '4');
  c.do('LPOP', 'big', '250');
  c.do('RPOP', 'big', '250');
  c.do('LRANGE', 'big', '0', '-1');
  c.do('OBJECT', 'ENCODING', 'big');
  c.do('RPUSH', 'large', 'x'.repeat(10_000), 'y');
  c.do('LINDEX', 'large', '0');
  c.do('OBJECT', 'ENCODING', 'large');
});

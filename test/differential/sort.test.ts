// SORT and SORT_RO (redis.io group "generic", sort.c) on lists, sets and sorted sets: numeric and
// ALPHA order, ASC/DESC, LIMIT, BY patterns (nosort, hash->field), GET patterns (#, hash->field),
// STORE, and the errors. Sets in hash-table encoding iterate in an order embedis does not share,
// so their unsorted (BY nosort) replies are compared in any order.

import { diff, type Script } from './harness.js';

const WRONGTYPE = 'WRONGTYPE';

/** Weights and payloads for elements 1..4: string keys w_*, o_* and hashes h_*. */
function patterns(c: Script): void {
  c.do(
    'MSET',
    'w_1',
    '30',
    'w_2',
    '10',
    'w_3',
    '20',
    'w_4',
    '10',
    'o_1',
    'one',
    'o_2',
    'two',
    'o_3',
    'three',
  );
  c.do('HSET', 'h_1', 'w', '3', 'name', 'alice');
  c.do('HSET', 'h_2', 'w', '1', 'name', 'bob');
  c.do('HSET', 'h_3', 'w', '2');
  c.do('HSET', 'h_4', 'w', 'x', 'name', 'dan');
}

diff('SORT sorts lists numerically and with ALPHA', (c) => {
  c.do('RPUSH', 'l', '3', '1', '10', '2', '-1.5', '1e1', ' 4');
  c.do('SORT', 'l');
  c.do('SORT', 'l', 'DESC');
  c.do('SORT', 'l', 'ALPHA');
  c.do('sort', 'l', 'alpha', 'desc');
  c.do('SORT', 'l', 'LIMIT', '1', '3');
  c.do('SORT', 'l', 'LIMIT', '-5', '2');
  c.do('SORT', 'l', 'LIMIT', '5', '-1');
  c.do('SORT', 'l', 'LIMIT', '100', '5');
  c.do('SORT', 'l', 'LIMIT', '0', '0');
  c.do('SORT', 'l', 'DESC', 'ASC');
  c.do('SORT_RO', 'l', 'DESC', 'LIMIT', '0', '2');
  c.do('RPUSH', 'words', 'banana', 'apple', 'cherry', 'apple', '');
  c.do('SORT', 'words', 'ALPHA');
  c.do('SORT', 'missing');
  c.do('SORT', 'missing', 'LIMIT', '0', '1');
  c.do('RPUSH', 'inf', 'inf', '-inf', '0', '-0', '1');
  c.do('SORT', 'inf');
  c.do('RPUSH', 'empty-str', '', '1', '0');
  c.do('SORT', 'empty-str');
  // failure cases
  c.error("One or more scores can't be converted into double", 'SORT', 'words');
  c.do('RPUSH', 'bad', '1', 'nan');
  c.error("One or more scores can't be converted into double", 'SORT', 'bad');
  // Not tested: an overflowing number ('1e400'). Redis tests strtod's errno without clearing it
  // first, so after one ERANGE every numeric SORT on that server fails until errno changes.
  c.do('SET', 's', 'v');
  c.do('HSET', 'h', 'f', 'v');
  c.error(WRONGTYPE, 'SORT', 's');
  c.error(WRONGTYPE, 'SORT_RO', 'h');
  c.error('syntax error', 'SORT', 'l', 'FOO');
  c.error('syntax error', 'SORT', 'l', 'LIMIT', '1');
  c.error('syntax error', 'SORT', 'l', 'BY');
  c.error('syntax error', 'SORT', 'l', 'GET');
  c.error('syntax error', 'SORT', 'l', 'STORE');
  c.error('syntax error', 'SORT_RO', 'l', 'STORE', 'dst');
  c.error('not an integer', 'SORT', 'l', 'LIMIT', 'x', '1');
  c.error('syntax error', 'SORT', 's', 'FOO');
  c.error('wrong number of arguments', 'SORT');
  c.error('wrong number of arguments', 'SORT_RO');
});

diff('SORT sorts sets and sorted sets', (c) => {
  c.do('SADD', 'ints', '5', '3', '9', '-2');
  c.do('SORT', 'ints');
  c.do('SORT', 'ints', 'DESC', 'LIMIT', '1', '2');
  c.do('SADD', 'names', 'bob', 'alice', 'carol', 'dave');
  c.do('SORT', 'names', 'ALPHA');
  c.do('SORT', 'names', 'ALPHA', 'DESC', 'LIMIT', '0', '2');
  c.do('ZADD', 'z', '3', 'c', '1', 'b', '2', 'a', '0', 'd');
  c.do('OBJECT', 'ENCODING', 'z');
  c.do('SORT', 'z', 'ALPHA');
  c.do('OBJECT', 'ENCODING', 'z');
  c.do('ZADD', 'zn', '1', '30', '2', '10', '3', '20');
  c.do('SORT_RO', 'zn');
  c.do('OBJECT', 'ENCODING', 'zn');
  c.do('SORT', 'zn', 'BY', 'nosort');
  c.do('SORT', 'zn', 'BY', 'nosort', 'DESC');
  c.do('SORT', 'zn', 'BY', 'nosort', 'LIMIT', '1', '5');
  c.do('SORT', 'zn', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '1');
  c.do('SORT', 'zn', 'BY', 'nosort', 'LIMIT', '5', '1');
  c.do('SORT', 'ints', 'BY', 'nosort');
  c.doSorted('SORT', 'names', 'BY', 'nosort');
  // BY nosort with STORE sorts a set ALPHA, to store a deterministic list
  c.do('SORT', 'names', 'BY', 'nosort', 'STORE', 'dst');
  c.do('LRANGE', 'dst', '0', '-1');
  // failure cases
  c.error("One or more scores can't be converted into double", 'SORT', 'names');
  c.error("One or more scores can't be converted into double", 'SORT', 'z');
});

diff('SORT BY and GET patterns read strings and hash fields', (c) => {
  patterns(c);
  c.do('RPUSH', 'l', '1', '2', '3', '4');
  c.do('SORT', 'l', 'BY', 'w_*');
  c.do('SORT', 'l', 'BY', 'w_*', 'DESC');
  c.do('SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*');
  c.do('SORT', 'l', 'BY', 'h_*->w', 'LIMIT', '0', '3', 'GET', 'h_*->name');
  c.do('SORT', 'l', 'BY', 'o_*', 'ALPHA');
  c.do('SORT', 'l', 'BY', 'o_*', 'ALPHA', 'DESC');
  c.do('SORT', 'l', 'BY', 'missing_*');
  c.do('SORT', 'l', 'BY', 'nosort', 'GET', 'o_*', 'GET', '#');
  c.do('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2');
  c.do('SORT', 'l', 'GET', 'nostar');
  c.do('SORT', 'l', 'GET', 'h_*->');
  c.do('SORT', 'l', 'GET', 'h_*->missing');
  c.do('SORT', 'l', 'GET', 'w_*->w');
  c.do('SORT', 'l', 'GET', 'h_*');
  c.do('SORT', 'l', 'BY', 'w_*', 'GET', '#', 'LIMIT', '1', '2');
  c.do('SORT', 'l', 'BY', 'nosort', 'BY', 'w_*');
  c.do('SORT_RO', 'l', 'BY', 'w_*', 'GET', 'o_*');
  c.do('SADD', 'set', '1', '2', '3');
  c.do('SORT', 'set', 'BY', 'w_*', 'GET', '#', 'GET', 'h_*->name');
  c.do('ZADD', 'z', '1', '3', '2', '1', '3', '2');
  c.do('SORT', 'z', 'BY', 'h_*->w', 'DESC');
  // failure cases
  c.error("One or more scores can't be converted into double", 'SORT', 'l', 'BY', 'h_*->w');
  c.error("One or more scores can't be converted into double", 'SORT', 'l', 'BY', 'o_*');
});

diff('SORT STORE writes a list and deletes an empty destination', (c) => {
  patterns(c);
  c.do('RPUSH', 'l', '3', '1', '2');
  c.do('SORT', 'l', 'STORE', 'dst');
  c.do('LRANGE', 'dst', '0', '-1');
  c.do('TYPE', 'dst');
  c.do('SORT', 'l', 'DESC', 'GET', '#', 'GET', 'o_*', 'GET', 'nope_*', 'STORE', 'dst');
  c.do('LRANGE', 'dst', '0', '-1');
  c.do('SORT', 'l', 'LIMIT', '0', '0', 'STORE', 'dst');
  c.do('EXISTS', 'dst');
  c.do('SORT', 'missing', 'STORE', 'dst');
  c.do('SET', 'str', 'v');
  c.do('SORT', 'l', 'STORE', 'str');
  c.do('TYPE', 'str');
  c.do('SORT', 'l', 'STORE', 'l', 'DESC');
  c.do('LRANGE', 'l', '0', '-1');
  c.do('PEXPIRE', 'l', '100000');
  c.do('SORT', 'l', 'STORE', 'l');
  c.do('TTL', 'l');
  // failure cases
  c.error("One or more scores can't be converted into double", 'SORT', 'l', 'BY', 'o_*', 'STORE', 'dst2');
  c.do('EXISTS', 'dst2');
});

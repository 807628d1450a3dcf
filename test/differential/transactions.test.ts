// Transactions (redis.io group "transactions"): MULTI EXEC DISCARD WATCH UNWATCH — QUEUED
// replies, errors at queue time (EXECABORT) and at run time (elements of EXEC's array), the
// MULTI state errors, WATCH invalidated by another client's write, by expiry, by FLUSHALL /
// FLUSHDB / SWAPDB, blocking commands inside MULTI, SELECT inside MULTI, RESP2 and RESP3.
// Many cases follow Redis's tests/unit/multi.tcl; timing ones use short PEXPIREs and sleeps
// whose outcome does not depend on when Redis's active expiry runs.

import { diff } from './harness.js';

// ---------------------------------------------------------------------------------------------
// MULTI / EXEC / DISCARD

diff('MULTI EXEC replies QUEUED then every result', (c) => {
  c.do('RPUSH', 'mylist', 'a', 'b', 'c');
  c.do('MULTI');
  c.do('LRANGE', 'mylist', '0', '-1');
  c.do('PING');
  c.do('SET', 'k', 'v');
  c.do('INCR', 'n');
  c.do('INCRBY', 'n', '10');
  c.do('GET', 'k');
  c.do('EXEC');
  c.do('MGET', 'k', 'n');
  // failure cases
  c.error('EXEC without MULTI', 'EXEC');
  c.error('DISCARD without MULTI', 'DISCARD');
});

diff('MULTI with nothing queued replies an empty array', (c) => {
  c.do('MULTI');
  c.do('EXEC');
  c.resp3();
  c.do('MULTI');
  c.do('EXEC');
});

diff('EXEC keeps going after a runtime error, which is an element of its reply', (c) => {
  c.do('SET', 'str', 'hello');
  c.do('MULTI');
  c.do('INCR', 'counter');
  c.do('LPUSH', 'str', 'x'); // WRONGTYPE when it runs
  c.do('INCR', 'str'); // not an integer when it runs
  c.do('SET', 'k', 'v', 'EX', '0'); // invalid expire time when it runs
  c.do('ZADD', 'z', 'NX', 'XX', '1', 'a'); // syntax checks run at EXEC, not when queued
  c.do('INCR', 'counter');
  c.do('EXEC');
  c.do('GET', 'counter');
  c.do('EXISTS', 'k', 'z');
});

diff('DISCARD drops the queue and leaves MULTI', (c) => {
  c.do('RPUSH', 'mylist', 'a', 'b', 'c');
  c.do('MULTI');
  c.do('DEL', 'mylist');
  c.do('DISCARD');
  c.do('LRANGE', 'mylist', '0', '-1');
  c.do('PING');
  // failure cases
  c.error('DISCARD without MULTI', 'DISCARD');
});

diff('MULTI SPOP queues a command whose argv is rewritten when propagated', (c) => {
  c.do('SADD', 'myset', 'a');
  c.do('MULTI');
  c.do('SPOP', 'myset');
  c.do('EXEC');
  c.do('EXISTS', 'myset');
});

diff('SELECT inside MULTI applies to the commands queued after it', (c) => {
  c.do('MULTI');
  c.do('SET', 'k', 'db0');
  c.do('SELECT', '1');
  c.do('SET', 'k', 'db1');
  c.do('GET', 'k');
  c.do('SELECT', '0');
  c.do('GET', 'k');
  c.do('SELECT', '1');
  c.do('EXEC');
  c.do('GET', 'k'); // the connection stays on db 1
  c.do('SELECT', '0');
  c.do('GET', 'k');
});

diff('UNWATCH and DBSIZE inside MULTI are queued like any command', (c) => {
  c.do('SET', 'x', '1');
  c.do('MULTI');
  c.do('UNWATCH');
  c.do('DBSIZE');
  c.do('ECHO', 'hi');
  c.do('EXEC');
});

// ---------------------------------------------------------------------------------------------
// Errors while queueing (EXECABORT) and MULTI state errors

diff('EXECABORT after an unknown command while queueing', (c) => {
  c.do('MULTI');
  c.do('SET', 'foo1', 'bar1');
  c.error('unknown command', 'NON-EXISTING-COMMAND', 'a', 'b');
  c.do('SET', 'foo2', 'bar2');
  c.error('EXECABORT', 'EXEC');
  c.do('EXISTS', 'foo1', 'foo2');
  c.do('PING'); // the MULTI state is gone
});

diff('EXECABORT after a wrong number of arguments while queueing', (c) => {
  c.do('MULTI');
  c.do('SET', 'a', '1');
  c.error('wrong number of arguments', 'GET');
  c.error('wrong number of arguments', 'SET', 'a');
  c.error('EXECABORT', 'EXEC');
  c.do('EXISTS', 'a');
});

diff('EXECABORT after an unknown subcommand while queueing', (c) => {
  c.do('SET', 'a', '1');
  c.do('MULTI');
  c.do('OBJECT', 'ENCODING', 'a');
  c.error('unknown subcommand', 'OBJECT', 'NOPE', 'a');
  c.error('EXECABORT', 'EXEC');
});

diff('Nested MULTI and WATCH inside MULTI are errors that do not abort', (c) => {
  c.do('MULTI');
  c.error('MULTI calls can not be nested', 'MULTI');
  c.error('WATCH inside MULTI is not allowed', 'WATCH', 'x');
  c.do('SET', 'x', '1');
  c.do('EXEC');
  c.do('GET', 'x');
});

diff('EXEC, DISCARD and MULTI with arguments inside MULTI', (c) => {
  c.do('MULTI');
  c.do('SET', 'a', '1');
  // A refused EXEC discards the transaction: EXECABORT with the reason, without its ERR.
  c.error('EXECABORT Transaction discarded because of: wrong number', 'EXEC', 'foo');
  c.error('EXEC without MULTI', 'EXEC');
  c.do('GET', 'a');
  c.do('MULTI');
  c.error('wrong number of arguments', 'DISCARD', 'foo');
  c.error('wrong number of arguments', 'MULTI', 'foo');
  c.error('wrong number of arguments', 'WATCH');
  c.error('previous errors', 'EXEC');
});

diff('Errors while queueing in RESP3', (c) => {
  c.resp3();
  c.do('MULTI');
  c.do('HSET', 'h', 'f', 'v');
  c.error('unknown command', 'NOPE');
  c.error('EXECABORT', 'EXEC');
  c.do('EXISTS', 'h');
  c.do('MULTI');
  c.error('MULTI calls can not be nested', 'MULTI');
  c.do('DISCARD');
  c.error('EXEC without MULTI', 'EXEC');
});

diff('EXEC in RESP3 keeps each reply type: maps, doubles, nulls, errors', (c) => {
  c.resp3();
  c.do('HSET', 'h', 'f', 'v');
  c.do('ZADD', 'z', '1.5', 'm');
  c.do('MULTI');
  c.do('HGETALL', 'h');
  c.do('ZSCORE', 'z', 'm');
  c.do('ZINCRBY', 'z', '1', 'm');
  c.do('GET', 'missing');
  c.do('SMEMBERS', 'missing');
  c.do('LPOP', 'h');
  c.do('ZRANGE', 'z', '0', '-1', 'WITHSCORES');
  c.do('EXEC');
});

// ---------------------------------------------------------------------------------------------
// Blocking commands inside MULTI

diff('Blocking commands inside MULTI reply at once, as on timeout', (c) => {
  c.do('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
  c.do('MULTI');
  c.do('BLPOP', 'empty_list', '0');
  c.do('BRPOP', 'empty_list', '0');
  c.do('BRPOPLPUSH', 'empty_list1', 'empty_list2', '0');
  c.do('BLMOVE', 'empty_list1', 'empty_list2', 'LEFT', 'LEFT', '0');
  c.do('BLMPOP', '0', '1', 'empty_list', 'LEFT');
  c.do('BZPOPMIN', 'empty_zset', '0');
  c.do('BZPOPMAX', 'empty_zset', '0');
  c.do('BZMPOP', '0', '1', 'empty_zset', 'MIN');
  c.do('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
  c.do('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
  c.do('EXEC');
  c.resp3();
  c.do('MULTI');
  c.do('BLPOP', 'empty_list', '0');
  c.do('BZPOPMIN', 'empty_zset', '0');
  c.do('EXEC');
});

diff('Blocking commands inside MULTI serve what is there', (c) => {
  c.do('MULTI');
  c.do('RPUSH', 'l', 'a', 'b');
  c.do('BLPOP', 'l', '0');
  c.do('BLMOVE', 'l', 'l2', 'LEFT', 'RIGHT', '0');
  c.do('BLPOP', 'l', '0');
  c.do('EXEC');
  c.do('LRANGE', 'l2', '0', '-1');
});

// ---------------------------------------------------------------------------------------------
// WATCH

diff('WATCH of keys nobody modifies lets EXEC run', (c) => {
  c.do('WATCH', 'x', 'y', 'z');
  c.do('WATCH', 'k');
  c.on(2, (c2) => c2.do('SET', 'other', '1'));
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('WATCH then a write from another client makes EXEC reply null', (c) => {
  c.do('SET', 'x', '30');
  c.do('WATCH', 'x');
  c.on(2, (c2) => {
    c2.do('SET', 'x', '40');
  });
  c.do('MULTI');
  c.do('INCR', 'x');
  c.do('EXEC');
  c.do('GET', 'x');
  // The next EXEC no longer watches x.
  c.do('MULTI');
  c.do('INCR', 'x');
  c.do('EXEC');
});

diff('WATCH then a write from another client, in RESP3', (c) => {
  c.resp3();
  c.do('WATCH', 'x');
  c.on(2, (c2) => {
    c2.resp3();
    c2.do('SET', 'x', '1');
  });
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('WATCH is invalidated by any client, even one in MULTI whose EXEC writes', (c) => {
  c.do('SET', 'x', '1');
  c.do('WATCH', 'x');
  c.on(2, (c2) => {
    c2.do('MULTI');
    c2.do('INCR', 'x');
  });
  c.do('MULTI');
  c.do('INCR', 'x');
  c.on(2, (c2) => c2.do('EXEC'));
  c.do('EXEC');
  c.do('GET', 'x');
});

diff('WATCH 1 key of 5, modified by the watching client itself', (c) => {
  c.do('SET', 'x', '30');
  c.do('WATCH', 'a', 'b', 'x', 'k', 'z');
  c.do('SET', 'x', '40');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('WATCH sees writes that change nothing visible', (c) => {
  c.do('LPUSH', 'foo', 'bar');
  c.do('WATCH', 'foo');
  c.do('SORT', 'emptylist', 'STORE', 'foo'); // stores an empty result: deletes foo
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SET', 'x', 'foo');
  c.do('WATCH', 'x');
  c.do('EXPIRE', 'x', '10');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SET', 'y', 'v');
  c.do('WATCH', 'y');
  c.do('SET', 'y', 'v'); // same value: still a modification
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('WATCH is not invalidated by reads or by failed writes', (c) => {
  c.do('SET', 'x', 'v');
  c.do('WATCH', 'x');
  c.on(2, (c2) => {
    c2.do('GET', 'x');
    c2.do('EXISTS', 'x');
    c2.do('SET', 'x', 'w', 'NX'); // not set
    c2.error('WRONGTYPE', 'LPUSH', 'x', 'a');
    c2.do('DEL', 'missing');
  });
  c.do('MULTI');
  c.do('GET', 'x');
  c.do('EXEC');
});

diff('UNWATCH forgets the keys and the dirty flag', (c) => {
  c.do('SET', 'x', '30');
  c.do('WATCH', 'x');
  c.do('SET', 'x', '40');
  c.do('UNWATCH');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('UNWATCH'); // nothing watched
});

diff('DISCARD unwatches and clears the dirty flag', (c) => {
  c.do('WATCH', 'x');
  c.do('SET', 'x', '10');
  c.do('MULTI');
  c.do('DISCARD');
  c.do('MULTI');
  c.do('INCR', 'x');
  c.do('EXEC');
  c.do('WATCH', 'x');
  c.do('MULTI');
  c.do('DISCARD');
  c.on(2, (c2) => c2.do('SET', 'x', '10'));
  c.do('MULTI');
  c.do('INCR', 'x');
  c.do('EXEC');
});

diff('EXEC unwatches, whether it ran or failed', (c) => {
  c.do('SET', 'x', '30');
  c.do('WATCH', 'x');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SET', 'x', '40');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('WATCH', 'x');
  c.do('SET', 'x', '50');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SET', 'x', '60');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('WATCH after EXECABORT starts clean', (c) => {
  c.do('WATCH', 'x');
  c.do('MULTI');
  c.error('unknown command', 'NOPE');
  c.error('EXECABORT', 'EXEC');
  c.do('SET', 'x', '1');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('WATCH remembers the database a key belongs to', (c) => {
  c.do('SELECT', '5');
  c.do('SET', 'x', '30');
  c.do('WATCH', 'x');
  c.do('SELECT', '1');
  c.do('SET', 'x', '10');
  c.do('SELECT', '5');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('WATCH', 'x');
  c.on(2, (c2) => {
    c2.do('SELECT', '5');
    c2.do('DEL', 'x');
  });
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SELECT', '0');
});

diff('WATCH of a key that expires makes EXEC reply null', (c) => {
  c.do('SET', 'x', 'foo', 'PX', '100');
  c.do('WATCH', 'x');
  c.sleep(250);
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  // A TTL set by another client and passed before EXEC, whether or not the key was deleted yet.
  c.do('SET', 'y', 'v');
  c.do('WATCH', 'y');
  c.on(2, (c2) => c2.do('PEXPIRE', 'y', '50'));
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SET', 'z', 'v', 'PX', '60');
  c.do('WATCH', 'z');
  c.sleep(150);
  c.do('MULTI');
  c.do('GET', 'z');
  c.do('EXEC');
});

diff('WATCH of a key already expired does not fail EXEC', (c) => {
  c.do('SET', 'x', 'foo', 'PX', '1');
  c.sleep(10);
  c.do('WATCH', 'x');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  // Deleting it then (EXISTS expires it) is no change either.
  c.do('SET', 'y', 'foo', 'PX', '1');
  c.sleep(10);
  c.do('WATCH', 'y');
  c.do('EXISTS', 'y');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  // Nor is flushing it.
  c.do('SET', 'z', 'foo', 'PX', '1');
  c.sleep(10);
  c.do('WATCH', 'z');
  c.do('FLUSHDB');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('WATCH of an expired key that is then written makes EXEC reply null', (c) => {
  c.do('SET', 'x', 'foo', 'PX', '1');
  c.sleep(10);
  c.do('WATCH', 'x');
  c.on(2, (c2) => c2.do('SET', 'x', 'bar'));
  c.do('MULTI');
  c.do('GET', 'x');
  c.do('EXEC');
});

// ---------------------------------------------------------------------------------------------
// FLUSHALL / FLUSHDB / SWAPDB

diff('FLUSHALL and FLUSHDB invalidate watched keys that exist', (c) => {
  c.do('SET', 'x', '30');
  c.do('WATCH', 'x');
  c.on(2, (c2) => c2.do('FLUSHALL'));
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SET', 'x', '30');
  c.do('WATCH', 'x');
  c.do('FLUSHDB');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('MSET', 'a', 'a', 'b', 'b');
  c.do('WATCH', 'b', 'a');
  c.do('FLUSHALL');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('FLUSHALL and FLUSHDB leave watched keys that do not exist alone', (c) => {
  c.do('WATCH', 'x');
  c.do('FLUSHALL');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('WATCH', 'x');
  c.do('SET', 'other', '1');
  c.do('FLUSHDB');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  // FLUSHDB of another database.
  c.do('SET', 'x', '1');
  c.do('WATCH', 'x');
  c.on(2, (c2) => {
    c2.do('SELECT', '3');
    c2.do('SET', 'x', '1');
    c2.do('FLUSHDB');
  });
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('SWAPDB invalidates watched keys that exist in either database', (c) => {
  c.do('SET', 'x', '30');
  c.do('WATCH', 'x');
  c.do('SWAPDB', '0', '1');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('FLUSHALL');
  c.do('SELECT', '1');
  c.do('SET', 'x', '30');
  c.do('SELECT', '0');
  c.do('WATCH', 'x');
  c.on(2, (c2) => c2.do('SWAPDB', '0', '1'));
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  // Missing on both sides: no change.
  c.do('FLUSHALL');
  c.do('WATCH', 'x');
  c.do('SET', 'y', '1');
  c.do('SWAPDB', '0', '1');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  // A database swapped with itself: no change.
  c.do('SET', 'x', '1');
  c.do('WATCH', 'x');
  c.do('SWAPDB', '0', '0');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
});

diff('SWAPDB of expired keys changes nothing a watcher sees', (c) => {
  // An expired key replaced with no key.
  c.do('SELECT', '1');
  c.do('SET', 'x', 'foo', 'PX', '1');
  c.sleep(10);
  c.do('WATCH', 'x');
  c.do('SWAPDB', '0', '1');
  c.do('MULTI');
  c.do('PING');
  c.do('EXEC');
  c.do('SELECT', '0');
});

// ---------------------------------------------------------------------------------------------
// RESET, QUIT and no-multi commands inside MULTI

diff('RESET inside MULTI discards the transaction and unwatches', (c) => {
  c.do('SET', 'x', '1');
  c.do('WATCH', 'x');
  c.do('MULTI');
  c.do('SET', 'x', '2');
  c.do('RESET');
  c.error('EXEC without MULTI', 'EXEC');
  c.do('GET', 'x');
  c.on(2, (c2) => c2.do('SET', 'x', '3'));
  c.do('MULTI');
  c.do('GET', 'x');
  c.do('EXEC');
});

diff('QUIT inside MULTI is not queued', (c) => {
  c.on(2, (c2) => {
    c2.do('MULTI');
    c2.do('SET', 'x', '1');
    c2.do('QUIT');
  });
  c.do('GET', 'x');
});

diff('SHUTDOWN inside MULTI is refused and aborts the transaction', (c) => {
  c.do('MULTI');
  c.do('SET', 'foo', 'bar');
  c.error('Command not allowed inside a transaction', 'SHUTDOWN');
  c.error('EXECABORT', 'EXEC');
  c.do('GET', 'foo');
});

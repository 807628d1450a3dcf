// RESP2 and RESP3 over the wire, byte for byte against redis-server 7.0: one script of commands
// covering every reply shape (and the connection commands: HELLO, CLIENT REPLY, CLIENT SETNAME,
// RESET, QUIT …) is sent pipelined to both servers, first as a RESP2 client, then after
// HELLO 3, and the bytes received must be identical. HELLO's `id` differs between servers and
// is masked.

import { describe, expect, test } from 'vitest';
import { cmd, redisFixture } from './wire.js';

const fx = redisFixture('resp', {
  normalize: (s) => s.replace(/\$2\r\nid\r\n:\d+\r\n/g, '$2\r\nid\r\n:<id>\r\n'),
});

const END = cmd('ECHO', '__end__');
const END_REPLY = '$7\r\n__end__\r\n';

/** Commands whose replies cover RESP's shapes; `p` prefixes keys so runs don't collide. */
function script(p: string): string {
  const k = (name: string): string => `${p}:${name}`;
  return [
    cmd('PING'),
    cmd('PING', 'hello'),
    cmd('ECHO', '\x00\xff\r\n'),
    cmd('SET', k('s'), 'v'),
    cmd('GET', k('s')),
    cmd('GET', k('missing')),
    cmd('SET', k('s'), 'v2', 'GET'),
    cmd('INCR', k('n')),
    cmd('INCRBYFLOAT', k('f'), '1.5'),
    cmd('MGET', k('s'), k('missing'), k('n')),
    cmd('DEL', k('s'), k('missing')),
    cmd('EXPIRE', k('n'), '100'),
    cmd('TTL', k('n')),
    cmd('TYPE', k('n')),
    cmd('OBJECT', 'ENCODING', k('n')),
    cmd('HSET', k('h'), 'f1', 'v1', 'f2', 'v2'),
    cmd('HGETALL', k('h')),
    cmd('HGET', k('h'), 'nope'),
    cmd('HMGET', k('h'), 'f1', 'nope'),
    cmd('ZADD', k('z'), '1.5', 'a', '2', 'b', 'inf', 'c'),
    cmd('ZRANGE', k('z'), '0', '-1', 'WITHSCORES'),
    cmd('ZSCORE', k('z'), 'a'),
    cmd('ZSCORE', k('z'), 'c'),
    cmd('ZSCORE', k('z'), 'nope'),
    cmd('ZPOPMIN', k('z')),
    cmd('ZRANGEBYSCORE', k('z'), '(1.5', '+inf', 'WITHSCORES', 'LIMIT', '0', '1'),
    cmd('SADD', k('set'), 'only'),
    cmd('SMEMBERS', k('set')),
    cmd('RPUSH', k('l'), 'a', 'b', 'c'),
    cmd('LRANGE', k('l'), '0', '-1'),
    cmd('LPOS', k('l'), 'z'),
    cmd('BLPOP', k('empty'), '0.01'),
    cmd('XADD', k('x'), '1-1', 'f', 'v'),
    cmd('XRANGE', k('x'), '-', '+'),
    cmd('XREAD', 'STREAMS', k('x'), '0'),
    cmd('XREAD', 'STREAMS', k('x'), '$'),
    cmd('GETRANGE', k('l'), '0', '1'),
    cmd('NOSUCHCOMMAND', 'a'),
    cmd('GET'),
    cmd('CLIENT', 'NOSUCH'),
    cmd('CLIENT', 'GETNAME'),
    cmd('CLIENT', 'SETNAME', 'bad name'),
    cmd('CLIENT', 'SETNAME', 'worker-1'),
    cmd('CLIENT', 'GETNAME'),
    cmd('CLIENT', 'SETNAME', ''),
    cmd('CLIENT', 'GETNAME'),
    cmd('CLIENT', 'REPLY', 'OFF'),
    cmd('PING', 'not sent'),
    cmd('CLIENT', 'REPLY', 'SKIP'),
    cmd('CLIENT', 'REPLY', 'ON'),
    cmd('CLIENT', 'REPLY', 'SKIP'),
    cmd('PING', 'skipped'),
    cmd('PING', 'sent'),
    cmd('CLIENT', 'REPLY', 'SKIP'),
    '\r\n', // an empty request ends the skip too, as on Redis
    cmd('PING', 'sent after empty line'),
    cmd('CLIENT', 'REPLY', 'MAYBE'),
    cmd('CLIENT', 'NO-EVICT', 'ON'),
    cmd('CLIENT', 'NO-EVICT', 'MAYBE'),
    cmd('CLIENT', 'KILL', '1.2.3.4:5'),
    cmd('CLIENT', 'KILL', 'ID', '999999'),
    cmd('CLIENT', 'KILL', 'ID', '0'),
    cmd('CLIENT', 'KILL', 'ID', 'x'),
    cmd('CLIENT', 'KILL', 'TYPE', 'bogus'),
    cmd('CLIENT', 'KILL', 'TYPE', 'pubsub'),
    cmd('CLIENT', 'KILL', 'USER', 'nobody'),
    cmd('CLIENT', 'KILL', 'SKIPME', 'maybe'),
    cmd('CLIENT', 'KILL', 'ID', '1', 'SKIPME'),
    cmd('CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'SKIPME', 'no'),
    cmd('CLIENT', 'LIST', 'TYPE', 'bogus'),
    cmd('CLIENT', 'LIST', 'ID', 'abc'),
    cmd('CLIENT', 'LIST', 'ID', '999999'),
    cmd('CLIENT', 'LIST', 'foo'),
    cmd('CLIENT', 'UNBLOCK', '999999'),
    cmd('CLIENT', 'UNBLOCK', '999999', 'MAYBE'),
    cmd('CLIENT', 'UNBLOCK', 'abc'),
    cmd('CLIENT', 'PAUSE', 'abc'),
    cmd('CLIENT', 'PAUSE', '-1'),
    cmd('CLIENT', 'PAUSE', '10', 'MAYBE'),
    cmd('CLIENT', 'PAUSE', '10', 'WRITE', 'x'),
    cmd('CLIENT', 'PAUSE', '0'),
    cmd('CLIENT', 'UNPAUSE'),
    cmd('CLIENT', 'TRACKINGINFO'),
    cmd('CLIENT', 'GETREDIR'),
    cmd('CLIENT', 'CACHING', 'YES'),
    cmd('CLIENT', 'TRACKING', 'MAYBE'),
    cmd('CLIENT', 'TRACKING', 'ON', 'PREFIX', 'a'),
    cmd('CLIENT', 'TRACKING', 'ON', 'BCAST', 'OPTIN'),
    cmd('CLIENT', 'TRACKING', 'ON', 'OPTIN', 'OPTOUT'),
    cmd('CLIENT', 'TRACKING', 'ON', 'REDIRECT', '999999'),
    cmd('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'ab', 'PREFIX', 'a'),
    cmd('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'a', 'PREFIX', 'b'),
    cmd('CLIENT', 'TRACKINGINFO'),
    cmd('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'b'),
    cmd('CLIENT', 'TRACKING', 'ON'),
    cmd('CLIENT', 'TRACKING', 'OFF'),
    cmd('CLIENT', 'TRACKING', 'ON', 'OPTIN'),
    cmd('CLIENT', 'CACHING', 'NO'),
    cmd('CLIENT', 'CACHING', 'YES'),
    cmd('CLIENT', 'TRACKINGINFO'),
    cmd('CLIENT', 'TRACKING', 'ON', 'OPTOUT'),
    cmd('CLIENT', 'TRACKING', 'OFF'),
    cmd('CLIENT', 'HELP'),
    cmd('HELLO', '4'),
    cmd('HELLO', 'abc'),
    cmd('HELLO', '2', 'SETNAME'),
    cmd('HELLO', '2', 'FOO', 'bar'),
    cmd('HELLO', '2', 'SETNAME', 'a b'),
    cmd('HELLO', '2', 'AUTH', 'default', 'anything', 'SETNAME', 'n1'),
    cmd('CLIENT', 'GETNAME'),
    cmd('AUTH', 'default', 'x'),
    cmd('AUTH', 'x'),
    cmd('SHUTDOWN', 'SAVE', 'NOSAVE'),
    cmd('SHUTDOWN', 'ABORT', 'NOW'),
    cmd('SHUTDOWN', 'ABORT'),
    cmd('SHUTDOWN', 'FOO'),
    cmd('SELECT', '3'),
    cmd('SET', k('db3'), 'x'),
    cmd('RESET'),
    cmd('GET', k('db3')),
    cmd('CLIENT', 'GETNAME'),
    cmd('DEL', k('n'), k('f'), k('h'), k('z'), k('set'), k('l'), k('x')),
    cmd('SELECT', '3'),
    cmd('DEL', k('db3')),
    cmd('SELECT', '0'),
  ].join('');
}

describe('replies over the wire equal redis-server’s byte for byte', () => {
  test('RESP2', async () => {
    const r = await fx.compare('resp2-script', script('r2') + END, { until: END_REPLY });
    expect(r.data).toContain('+OK\r\n$1\r\nv\r\n$-1\r\n');
  });

  test('RESP3 after HELLO 3', async () => {
    const r = await fx.compare('resp3-script', cmd('HELLO', '3') + script('r3') + END, { until: END_REPLY });
    expect(r.data).toMatch(/^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n/);
  });

  test('HELLO switches back and forth; RESET returns to RESP2', async () => {
    await fx.compare(
      'hello-switch',
      cmd('HELLO') +
        cmd('HELLO', '3') +
        cmd('GET', 'nothing') +
        cmd('HELLO', '2') +
        cmd('GET', 'nothing') +
        cmd('HELLO', '3') +
        cmd('RESET') +
        cmd('GET', 'nothing') +
        END,
      { until: END_REPLY },
    );
  });

  test('QUIT replies OK and closes, leaving later commands unanswered', async () => {
    const r = await fx.compare('quit', cmd('PING') + cmd('QUIT') + cmd('PING'), { timeoutMs: 3000 });
    expect(r).toEqual({ data: '+PONG\r\n+OK\r\n', closed: true });
  });

  test('CLIENT KILL of oneself (old form) replies OK, then closes', async () => {
    // The address is only known once connected: kill by TYPE normal with SKIPME no instead.
    await fx.compare('kill-self', cmd('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'no') + cmd('PING'), {
      timeoutMs: 3000,
    });
  });
});

// Request parsing over the wire, compared byte for byte with redis-server 7.0: the same bytes go
// to both servers and the replies, and whether the server closed the connection, must match —
// protocol errors (the error reply, then the close), inline quirks, pipelining, requests split
// into one-byte chunks, and the limits for unauthenticated clients.

import { describe, expect, test } from 'vitest';
import { setRequirePass } from '../../src/commands/connection.js';
import { cmd, exchange, redisFixture } from './wire.js';

const fx = redisFixture('protocol');
const END = cmd('ECHO', '__end__');
const END_REPLY = '$7\r\n__end__\r\n';

/** Sends a request that ends the connection with a protocol error. */
const closes = (name: string, request: string) => fx.compare(name, request, { timeoutMs: 3000 });
/** Sends a request followed by the sentinel, which must come back. */
const replies = (name: string, request: string, chunk?: number) =>
  fx.compare(name, request + END, { until: END_REPLY, ...(chunk === undefined ? {} : { chunk }) });

describe('protocol errors reply, then close the connection', () => {
  test('invalid multibulk length', async () => {
    const r = await closes('mbulk-not-a-number', '*abc\r\n');
    expect(r).toEqual({ data: '-ERR Protocol error: invalid multibulk length\r\n', closed: true });
    await closes('mbulk-over-int-max', '*2147483648\r\n');
    await closes('mbulk-int64-overflow', '*-9223372036854775809\r\n');
    await closes('mbulk-leading-plus', '*+1\r\n');
    await closes('mbulk-empty', '*\r\n');
  });

  test('invalid bulk length', async () => {
    await closes('bulk-not-a-number', '*1\r\n$abc\r\n');
    await closes('bulk-negative', '*1\r\n$-1\r\n');
    await closes('bulk-over-proto-max', '*1\r\n$536870913\r\n');
    await closes('bulk-leading-zero', '*1\r\n$04\r\nPING\r\n');
  });

  test("expected '$', got ...", async () => {
    const r = await closes('expected-dollar', '*1\r\nx3\r\nGET\r\n');
    expect(r.data).toBe("-ERR Protocol error: expected '$', got 'x'\r\n");
    await closes('expected-dollar-colon', '*2\r\n$3\r\nGET\r\n:1\r\n');
    // Only the \r of a count line is looked for: the byte after it is skipped, here the '$'.
    await closes('count-line-byte-after-cr-skipped', '*1\r$4\r\nPING\r\n');
    // A \r where the '$' should be becomes a space in the error.
    await closes('expected-dollar-got-cr', '*1\r\n\r\n');
  });

  test('unbalanced quotes in an inline request', async () => {
    await closes('inline-unbalanced', 'SET "a b\r\n');
    await closes('inline-quote-then-letter', 'SET a "b"c\r\n');
    await closes('inline-single-unbalanced', "SET a 'b\r\n");
  });

  test('too big inline request and count strings', async () => {
    await closes('inline-too-big', 'x'.repeat(70_000));
    await closes('mbulk-count-too-big', `*1${'1'.repeat(70_000)}`);
    await closes('bulk-count-too-big', `*1\r\n$${'1'.repeat(70_000)}`);
  });

  test('commands before the error are answered first', async () => {
    const r = await closes('pipeline-then-error', 'PING\r\n*1\r\n$4\r\nPING\r\nECHO x\r\n*x\r\nPING\r\n');
    expect(r.data).toBe('+PONG\r\n+PONG\r\n$1\r\nx\r\n-ERR Protocol error: invalid multibulk length\r\n');
  });

  test('POST and Host: close the connection without a reply', async () => {
    expect(await closes('http-post', 'POST / HTTP/1.1\r\nHost: example\r\n\r\n')).toEqual({
      data: '',
      closed: true,
    });
    await closes('http-host', 'PING\r\nhost: x\r\n');
  });
});

describe('requests Redis accepts', () => {
  test('empty requests get no reply', async () => {
    await replies('empty-requests', '*0\r\n*-1\r\n\r\n\n*-9223372036854775808\r\nPING\r\n');
  });

  test('inline commands: quotes, escapes, LF-only lines, NUL bytes', async () => {
    await replies('inline-quotes', 'SET k "a\\x41\\n\\"b" \r\nGET k\r\nSET k2 \'it\\\'s\'\r\nGET k2\r\n');
    await replies('inline-lf-only', 'PING\nECHO   spaced\t \n');
    await replies('inline-binary', 'SET bin "\\xff\\x00\\r\\n"\r\nSTRLEN bin\r\nGET bin\r\n');
  });

  test('the two bytes after a bulk are not checked', async () => {
    await replies('bulk-crlf-unchecked', '*1\r\n$4\r\nPINGxx*2\r\n$4\r\nECHO\r\n$2\r\nab!!');
  });

  test('binary arguments', async () => {
    const value = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    await replies(
      'binary-args',
      cmd('SET', '\x00k\r\n', value) + cmd('GET', '\x00k\r\n') + cmd('STRLEN', '\x00k\r\n'),
    );
  });

  test('a pipeline of 200 commands answers in order', async () => {
    let req = '';
    for (let i = 0; i < 100; i++) req += cmd('INCR', 'counter') + cmd('LPUSH', 'l', String(i));
    req += cmd('LRANGE', 'l', '0', '5');
    await replies('pipeline-200', req);
  });

  test('every request split into one-byte chunks decodes the same', async () => {
    const req =
      cmd('SET', 'split', 'v'.repeat(40)) +
      'GET split\r\n' +
      cmd('HSET', 'h', 'f', '\r\n') +
      '*0\r\n' +
      cmd('HGETALL', 'h') +
      'ECHO "a b"\r\n' +
      cmd('DEL', 'h');
    const whole = await replies('split-one-byte', req);
    const split = await exchange(fx.embedis.port, req + END, { chunk: 1, until: END_REPLY });
    expect(split).toEqual(whole);
  });

  test('a NUL before the end of a line makes the request wait, as strchr does', async () => {
    const r = await fx.compare('nul-hides-newline', 'PING\x00\r\nPING\r\n', { timeoutMs: 400 });
    expect(r).toEqual({ data: '', closed: false });
    await fx.compare('nul-hides-cr', '*1\x00\r\n$4\r\nPING\r\n', { timeoutMs: 400 });
  });
});

describe('unauthenticated clients', () => {
  const withPassword = async (fn: () => Promise<void>): Promise<void> => {
    await fx.redisAdmin(['CONFIG', 'SET', 'requirepass', 'pw']);
    setRequirePass(fx.embedis.store, 'pw');
    try {
      await fn();
    } finally {
      setRequirePass(fx.embedis.store, null);
      await fx.redisAdmin(['CONFIG', 'SET', 'requirepass', ''], 'pw');
    }
  };

  test('at most 10 arguments and 16 KiB per argument before AUTH', async () => {
    await withPassword(async () => {
      const many = cmd('DEL', ...Array.from({ length: 10 }, (_, i) => `k${i}`));
      await closes('unauth-mbulk', many);
      await closes('unauth-bulk', cmd('ECHO', 'x'.repeat(16385)));
      await replies(
        'unauth-small-ok',
        cmd('ECHO', 'x'.repeat(16384)) +
          cmd('DEL', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i') +
          cmd('AUTH', 'pw'),
      );
      await replies('unauth-after-auth', cmd('AUTH', 'pw') + cmd('ECHO', 'x'.repeat(20000)));
    });
  });

  test('NOAUTH for every command but AUTH, HELLO, QUIT and RESET', async () => {
    await withPassword(async () => {
      await replies(
        'noauth',
        cmd('PING') +
          cmd('GET', 'k') +
          cmd('CLIENT', 'ID') +
          cmd('NOSUCHCOMMAND') +
          cmd('GET') +
          cmd('HELLO', '3') +
          cmd('HELLO', '2', 'AUTH', 'default', 'wrong') +
          cmd('AUTH', 'wrong') +
          cmd('AUTH', 'default', 'wrong') +
          cmd('AUTH', 'nobody', 'pw') +
          cmd('AUTH', 'a', 'b', 'c') +
          cmd('RESET') +
          cmd('PING') +
          cmd('AUTH', 'pw') +
          cmd('PING') +
          cmd('RESET') +
          cmd('PING') +
          cmd('AUTH', 'default', 'pw') +
          cmd('PING'),
      );
    });
  });
});

describe('AUTH without a password', () => {
  test('AUTH <password> errors; AUTH default <anything> succeeds', async () => {
    await replies('auth-nopass', cmd('AUTH', 'x') + cmd('AUTH', 'default', 'x') + cmd('AUTH', 'other', 'x'));
  });
});

// Reply formatting of the shell: every reply shape in redis-cli's standard (TTY) and raw modes,
// in RESP2 and RESP3. Expected texts are what redis-cli 7.0.15 printed for the same replies
// (format-live.test.ts checks them against a real redis-cli whenever one is installed).

import { describe, expect, test } from 'vitest';
import { formatReply, formatReplyRaw, formatReplyTTY, isVerbatimCommand } from '../../src/cli/format.js';
import {
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../../src/commands/reply.js';
import { ReplyError } from '../../src/errors.js';
import { quoteBytes } from '../../src/sds.js';

const tty2 = (r: Reply): string => formatReplyTTY(r, 2);
const tty3 = (r: Reply): string => formatReplyTTY(r, 3);
const raw2 = (r: Reply): string => formatReplyRaw(r, 2);
const raw3 = (r: Reply): string => formatReplyRaw(r, 3);
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('quoteBytes (sdscatrepr)', () => {
  test('printable ASCII is kept and wrapped in double quotes', () => {
    expect(quoteBytes('hello world ~!')).toBe('"hello world ~!"');
    expect(quoteBytes('')).toBe('""');
  });

  test('backslash, quote and the C escapes are escaped', () => {
    expect(quoteBytes('a\\b"c')).toBe('"a\\\\b\\"c"');
    expect(quoteBytes('\n\r\t\x07\x08')).toBe('"\\n\\r\\t\\a\\b"');
  });

  test('other bytes become lower-case \\xHH', () => {
    expect(quoteBytes('\x00\x1b\x7f\x80\xff')).toBe('"\\x00\\x1b\\x7f\\x80\\xff"');
    // UTF-8 "é" as bytes
    expect(quoteBytes('\xc3\xa9')).toBe('"\\xc3\\xa9"');
  });
});

describe('TTY mode', () => {
  test('status replies print bare', () => {
    expect(tty2(new StatusReply('OK'))).toBe('OK\n');
  });

  test('bulk strings print quoted, binary bytes escaped', () => {
    expect(tty2('v')).toBe('"v"\n');
    expect(tty2('')).toBe('""\n');
    expect(tty2('\xff\x00\n"\\\t')).toBe('"\\xff\\x00\\n\\"\\\\\\t"\n');
  });

  test('integers print as (integer), bigints too', () => {
    expect(tty2(1)).toBe('(integer) 1\n');
    expect(tty2(-42)).toBe('(integer) -42\n');
    expect(tty2(9223372036854775807n)).toBe('(integer) 9223372036854775807\n');
  });

  test('nil and the null array print (nil)', () => {
    expect(tty2(null)).toBe('(nil)\n');
    expect(tty2(NULL_ARRAY)).toBe('(nil)\n');
    expect(tty3(NULL_ARRAY)).toBe('(nil)\n');
  });

  test('errors print as (error) with their code', () => {
    expect(tty2(new ReplyError("ERR wrong number of arguments for 'incr' command"))).toBe(
      "(error) ERR wrong number of arguments for 'incr' command\n",
    );
    expect(tty2(new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(
      '(error) WRONGTYPE Operation against a key holding the wrong kind of value\n',
    );
  });

  test('arrays are numbered, nested arrays indented past the index', () => {
    const r: Reply = [1, [2, [3, 'x']], [], 'y', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']];
    expect(tty2(r)).toBe(
      lines(
        '1) (integer) 1',
        '2) 1) (integer) 2',
        '   2) 1) (integer) 3',
        '      2) "x"',
        '3) (empty array)',
        '4) "y"',
        '5)  1) "a"',
        '    2) "b"',
        '    3) "c"',
        '    4) "d"',
        '    5) "e"',
        '    6) "f"',
        '    7) "g"',
        '    8) "h"',
        '    9) "i"',
        '   10) "j"',
      ),
    );
  });

  test('an empty array prints (empty array)', () => {
    expect(tty2([])).toBe('(empty array)\n');
  });

  test('RESP3 maps print "N# key => value", multi-line values on their own lines', () => {
    const entry = (id: string, ...fv: string[]): Reply => [id, fv];
    const r = new MapReply([
      'length',
      2,
      'last-generated-id',
      '1-2',
      'groups',
      0,
      'x',
      3,
      'y',
      4,
      'z',
      5,
      'w',
      6,
      'v',
      7,
      'first-entry',
      entry('1-1', 'f', 'v'),
      'last-entry',
      entry('1-2', 'f', 'v', 'g', 'w'),
    ]);
    expect(tty3(r)).toBe(
      lines(
        ' 1# "length" => (integer) 2',
        ' 2# "last-generated-id" => "1-2"',
        ' 3# "groups" => (integer) 0',
        ' 4# "x" => (integer) 3',
        ' 5# "y" => (integer) 4',
        ' 6# "z" => (integer) 5',
        ' 7# "w" => (integer) 6',
        ' 8# "v" => (integer) 7',
        ' 9# "first-entry" => ',
        '    1) "1-1"',
        '    2) 1) "f"',
        '       2) "v"',
        '10# "last-entry" => ',
        '    1) "1-2"',
        '    2) 1) "f"',
        '       2) "v"',
        '       3) "g"',
        '       4) "w"',
      ),
    );
  });

  test('RESP3 map values that fit one line stay on the key line', () => {
    const r = new MapReply(['a', [1, 2], 'c', [], 'd', ['one'], 'k', new DoubleReply(1.5, '1.5')]);
    expect(tty3(r)).toBe(
      lines(
        '1# "a" => ',
        '   1) (integer) 1',
        '   2) (integer) 2',
        '2# "c" => (empty array)',
        '3# "d" => 1) "one"',
        '4# "k" => (double) 1.5',
      ),
    );
  });

  test('nested RESP3 maps (COMMAND DOCS shape)', () => {
    const r = new MapReply([
      'get',
      new MapReply([
        'summary',
        'Get the value of a key',
        'arguments',
        [new MapReply(['name', 'key', 'type', 'key', 'key_spec_index', 0])],
      ]),
    ]);
    expect(tty3(r)).toBe(
      lines(
        '1# "get" => ',
        '   1# "summary" => "Get the value of a key"',
        '   2# "arguments" => ',
        '      1) 1# "name" => "key"',
        '         2# "type" => "key"',
        '         3# "key_spec_index" => (integer) 0',
      ),
    );
  });

  test('RESP2 lowers maps to flat arrays, sets to arrays, doubles and verbatim to bulk strings', () => {
    expect(tty2(new MapReply(['f', 'v', 'g', 'w']))).toBe(lines('1) "f"', '2) "v"', '3) "g"', '4) "w"'));
    expect(tty2(new SetReply(['a']))).toBe('1) "a"\n');
    expect(tty2(new DoubleReply(1.5, '1.5'))).toBe('"1.5"\n');
    expect(tty2(new VerbatimReply('txt', 'line 1\nline 2'))).toBe('"line 1\\nline 2"\n');
    expect(tty2(new MapReply([]))).toBe('(empty array)\n');
    expect(tty2(new SetReply([]))).toBe('(empty array)\n');
  });

  test('RESP3 sets print "N~", doubles (double), verbatim strings bare', () => {
    expect(tty3(new SetReply(['a', 'b']))).toBe(lines('1~ "a"', '2~ "b"'));
    expect(tty3(new DoubleReply(1.5, '1.5'))).toBe('(double) 1.5\n');
    expect(tty3(new DoubleReply(Number.POSITIVE_INFINITY, 'inf'))).toBe('(double) inf\n');
    expect(tty3(new VerbatimReply('txt', 'line 1\nline 2'))).toBe('line 1\nline 2\n');
  });

  test('RESP3 empty maps and sets', () => {
    expect(tty3(new MapReply([]))).toBe('(empty hash)\n');
    expect(tty3(new SetReply([]))).toBe('(empty set)\n');
  });

  test('a set nested in an array and an array nested in a set', () => {
    expect(tty3([new SetReply(['a', 'b']), 'c'])).toBe(lines('1) 1~ "a"', '   2~ "b"', '2) "c"'));
    expect(tty3(new SetReply([['a', 'b']]))).toBe(lines('1~ 1) "a"', '   2) "b"'));
  });
});

describe('raw mode', () => {
  test('strings and status replies print their bytes', () => {
    expect(raw2('v')).toBe('v');
    expect(raw2('\xff\x00\n')).toBe('\xff\x00\n');
    expect(raw2(new StatusReply('OK'))).toBe('OK');
  });

  test('integers print bare, nil prints nothing', () => {
    expect(raw2(2)).toBe('2');
    expect(raw2(-9223372036854775808n)).toBe('-9223372036854775808');
    expect(raw2(null)).toBe('');
    expect(raw2(NULL_ARRAY)).toBe('');
  });

  test('errors print their text and a newline (a blank line follows in the output)', () => {
    expect(raw2(new ReplyError('ERR syntax error'))).toBe('ERR syntax error\n');
    expect(formatReply(new ReplyError('ERR syntax error'), { mode: 'raw' })).toBe('ERR syntax error\n\n');
  });

  test('arrays print one element per line, nested ones flattened', () => {
    expect(raw2([1, [2, [3, 'x']], [], 'y', ['a', 'b']])).toBe('1\n2\n3\nx\n\ny\na\nb');
    expect(raw2([])).toBe('');
    expect(raw2(['a', null, 'b'])).toBe('a\n\nb');
  });

  test('RESP3 maps print "key value" per pair; RESP2 maps one element per line', () => {
    const r = new MapReply(['k', new DoubleReply(1.5, '1.5'), 'j', new MapReply(['x', 1])]);
    expect(raw3(r)).toBe('k 1.5\nj x 1');
    expect(raw2(new MapReply(['f', 'v', 'g', 'w']))).toBe('f\nv\ng\nw');
    const stream = new MapReply(['length', 2, 'first-entry', ['1-1', ['f', 'v']]]);
    expect(raw3(stream)).toBe('length 2\nfirst-entry 1-1\nf\nv');
  });

  test('sets, doubles and verbatim strings', () => {
    expect(raw3(new SetReply(['a', 'b']))).toBe('a\nb');
    expect(raw3(new DoubleReply(1.5, '1.5'))).toBe('1.5');
    expect(raw2(new DoubleReply(1.5, '1.5'))).toBe('1.5');
    expect(raw3(new VerbatimReply('txt', '# Server\r\n'))).toBe('# Server\r\n');
  });
});

describe('formatReply', () => {
  test('TTY output is the TTY form; raw output adds the reply delimiter', () => {
    expect(formatReply('v', { mode: 'tty' })).toBe('"v"\n');
    expect(formatReply('v', { mode: 'raw' })).toBe('v\n');
    expect(formatReply(null, { mode: 'raw' })).toBe('\n');
    expect(formatReply([], { mode: 'raw' })).toBe('\n');
    expect(formatReply(new SetReply(['a']), { mode: 'tty', protocol: 3 })).toBe('1~ "a"\n');
  });

  test('verbatim commands print their reply raw with no delimiter, in both modes', () => {
    const info = '# Server\r\nredis_version:7.0.15\r\n';
    expect(formatReply(info, { mode: 'tty', verbatim: true })).toBe(info);
    expect(formatReply(info, { mode: 'raw', verbatim: true })).toBe(info);
    expect(formatReply(new ReplyError('ERR x'), { mode: 'tty', verbatim: true })).toBe('ERR x\n');
  });

  test('isVerbatimCommand picks the commands redis-cli prints raw', () => {
    expect(isVerbatimCommand(['INFO'])).toBe(true);
    expect(isVerbatimCommand(['info', 'server'])).toBe(true);
    expect(isVerbatimCommand(['LOLWUT'])).toBe(true);
    expect(isVerbatimCommand(['client', 'LIST'])).toBe(true);
    expect(isVerbatimCommand(['CLIENT', 'INFO'])).toBe(true);
    expect(isVerbatimCommand(['MEMORY', 'DOCTOR'])).toBe(true);
    expect(isVerbatimCommand(['LATENCY', 'DOCTOR'])).toBe(true);
    expect(isVerbatimCommand(['LATENCY', 'DOCTOR', 'x'])).toBe(false);
    expect(isVerbatimCommand(['LATENCY', 'GRAPH', 'command'])).toBe(true);
    expect(isVerbatimCommand(['CLUSTER', 'NODES'])).toBe(true);
    expect(isVerbatimCommand(['CLIENT'])).toBe(false);
    expect(isVerbatimCommand(['GET', 'info'])).toBe(false);
  });
});

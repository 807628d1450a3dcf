import { describe, expect, test } from 'vitest';
import {
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  OK,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../../src/commands/reply.js';
import { ReplyError } from '../../src/errors.js';
import { encodeCommand, encodeReply } from '../../src/resp/encode.js';

const both = (r: Reply): [string, string] => [encodeReply(r, 2), encodeReply(r, 3)];

describe('encodeReply scalars', () => {
  test('bulk strings carry their byte length, empty and binary included', () => {
    expect(both('hello')).toEqual(['$5\r\nhello\r\n', '$5\r\nhello\r\n']);
    expect(encodeReply('', 2)).toBe('$0\r\n\r\n');
    // a byte string: \x00, CRLF and \xff are data, one char per byte
    expect(encodeReply('a\x00\r\n\xff', 2)).toBe('$5\r\na\x00\r\n\xff\r\n');
  });

  test('integers, negative, zero and int64 limits as bigint', () => {
    expect(both(42)).toEqual([':42\r\n', ':42\r\n']);
    expect(encodeReply(-1, 2)).toBe(':-1\r\n');
    expect(encodeReply(0, 3)).toBe(':0\r\n');
    expect(encodeReply(-0, 2)).toBe(':0\r\n');
    expect(encodeReply(9223372036854775807n, 2)).toBe(':9223372036854775807\r\n');
    expect(encodeReply(-9223372036854775808n, 3)).toBe(':-9223372036854775808\r\n');
  });

  test('null bulk is $-1 in RESP2 and _ in RESP3; the null array is *-1 in RESP2', () => {
    expect(both(null)).toEqual(['$-1\r\n', '_\r\n']);
    expect(both(NULL_ARRAY)).toEqual(['*-1\r\n', '_\r\n']);
  });

  test('status replies', () => {
    expect(both(OK)).toEqual(['+OK\r\n', '+OK\r\n']);
    expect(encodeReply(new StatusReply('PONG'), 2)).toBe('+PONG\r\n');
  });
});

describe('encodeReply errors', () => {
  test('an error sends its full message, code included', () => {
    const e = new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(both(e)).toEqual([
      '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n',
      '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n',
    ]);
  });

  test('newlines are trimmed at the ends and replaced by spaces inside, as addReplyErrorFormat', () => {
    expect(encodeReply(new ReplyError('ERR bad\r\nthing\n'), 2)).toBe('-ERR bad  thing\r\n');
    expect(encodeReply(new ReplyError('\nERR x\ry'), 3)).toBe('-ERR x y\r\n');
  });

  test('an empty message gets the default ERR code, as addReplyErrorLength', () => {
    expect(encodeReply(new ReplyError(''), 2)).toBe('-ERR \r\n');
  });

  test('errors nested in arrays (EXEC) are encoded in place', () => {
    expect(encodeReply([OK, new ReplyError('ERR nope'), 1], 2)).toBe('*3\r\n+OK\r\n-ERR nope\r\n:1\r\n');
  });
});

describe('encodeReply doubles', () => {
  test('RESP2 sends the text as a bulk string, RESP3 as a double', () => {
    expect(both(new DoubleReply(1.5, '1.5'))).toEqual(['$3\r\n1.5\r\n', ',1.5\r\n']);
    const d = new DoubleReply(0.1, '0.10000000000000001');
    expect(both(d)).toEqual(['$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n']);
  });

  test('a human-formatted text (addReplyHumanLongDouble, GEOPOS) is kept in RESP3 too', () => {
    expect(encodeReply(new DoubleReply(13.361389338970184, '13.36138933897018433'), 3)).toBe(
      ',13.36138933897018433\r\n',
    );
  });

  test('infinities are spelled inf / -inf and NaN nan, whatever the text says', () => {
    expect(both(new DoubleReply(Number.POSITIVE_INFINITY, 'inf'))).toEqual(['$3\r\ninf\r\n', ',inf\r\n']);
    expect(both(new DoubleReply(Number.NEGATIVE_INFINITY, '-inf'))).toEqual(['$4\r\n-inf\r\n', ',-inf\r\n']);
    expect(encodeReply(new DoubleReply(Number.POSITIVE_INFINITY, 'Infinity'), 3)).toBe(',inf\r\n');
    expect(encodeReply(new DoubleReply(Number.NaN, 'NaN'), 3)).toBe(',nan\r\n');
  });
});

describe('encodeReply aggregates', () => {
  test('arrays, empty and nested', () => {
    expect(both([])).toEqual(['*0\r\n', '*0\r\n']);
    expect(encodeReply(['a', 1, null, ['b']], 2)).toBe('*4\r\n$1\r\na\r\n:1\r\n$-1\r\n*1\r\n$1\r\nb\r\n');
    expect(encodeReply(['a', null], 3)).toBe('*2\r\n$1\r\na\r\n_\r\n');
  });

  test('a map is a flat array of 2*pairs in RESP2 and % with the pair count in RESP3', () => {
    const m = new MapReply(['k1', 1, 'k2', new DoubleReply(2.5, '2.5')]);
    expect(encodeReply(m, 2)).toBe('*4\r\n$2\r\nk1\r\n:1\r\n$2\r\nk2\r\n$3\r\n2.5\r\n');
    expect(encodeReply(m, 3)).toBe('%2\r\n$2\r\nk1\r\n:1\r\n$2\r\nk2\r\n,2.5\r\n');
    expect(both(new MapReply([]))).toEqual(['*0\r\n', '%0\r\n']);
  });

  test('a set is an array in RESP2 and ~ in RESP3', () => {
    const s = new SetReply(['a', 'b']);
    expect(both(s)).toEqual(['*2\r\n$1\r\na\r\n$1\r\nb\r\n', '~2\r\n$1\r\na\r\n$1\r\nb\r\n']);
  });

  test('maps nested in arrays and sets in maps are lowered recursively', () => {
    const r: Reply = [new MapReply(['s', new SetReply(['x'])])];
    expect(encodeReply(r, 2)).toBe('*1\r\n*2\r\n$1\r\ns\r\n*1\r\n$1\r\nx\r\n');
    expect(encodeReply(r, 3)).toBe('*1\r\n%1\r\n$1\r\ns\r\n~1\r\n$1\r\nx\r\n');
  });
});

describe('encodeReply verbatim', () => {
  test('RESP2 bulk string, RESP3 = with the 3-char format and the length counting it', () => {
    const v = new VerbatimReply('txt', 'Some string');
    expect(both(v)).toEqual(['$11\r\nSome string\r\n', '=15\r\ntxt:Some string\r\n']);
  });

  test('a short format is padded with spaces, a long one cut to 3 chars', () => {
    expect(encodeReply(new VerbatimReply('md', 'x'), 3)).toBe('=5\r\nmd :x\r\n');
    expect(encodeReply(new VerbatimReply('text', 'x'), 3)).toBe('=5\r\ntex:x\r\n');
  });
});

describe('encodeReply rejects non-replies', () => {
  test('an object that is not a Reply is a TypeError', () => {
    expect(() => encodeReply({} as unknown as Reply, 2)).toThrow(TypeError);
    expect(() => encodeReply(undefined as unknown as Reply, 3)).toThrow(TypeError);
  });
});

describe('encodeCommand', () => {
  test('a multibulk request with byte lengths', () => {
    expect(encodeCommand(['SET', 'k', 'v'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
    expect(encodeCommand(['GET', ''])).toBe('*2\r\n$3\r\nGET\r\n$0\r\n\r\n');
    expect(encodeCommand(['SET', 'k', '\x00\xff\r\n'])).toBe(
      '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n\x00\xff\r\n\r\n',
    );
    expect(encodeCommand([])).toBe('*0\r\n');
  });
});

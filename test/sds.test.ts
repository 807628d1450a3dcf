// Line splitting of the shell (Redis's sdssplitargs). Cases were checked against redis-cli
// 7.0.15 by pushing the arguments to a list and reading them back.

import { describe, expect, test } from 'vitest';
import { splitArgs } from '../src/sds.js';

describe('splitArgs', () => {
  test('blanks separate arguments; leading, trailing and repeated blanks are ignored', () => {
    expect(splitArgs('SET a 1')).toEqual(['SET', 'a', '1']);
    expect(splitArgs('  GET \t  k  ')).toEqual(['GET', 'k']);
    expect(splitArgs('a\rb\nc')).toEqual(['a', 'b', 'c']);
  });

  test('a blank line splits into no arguments', () => {
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs(' \t \r')).toEqual([]);
  });

  test('\\v and \\f separate arguments only between them, not inside one', () => {
    expect(splitArgs('a\x0bb')).toEqual(['a\x0bb']);
    expect(splitArgs('a \x0c b')).toEqual(['a', 'b']);
  });

  test('double quotes keep blanks and read escapes', () => {
    expect(splitArgs('SET k "a b"')).toEqual(['SET', 'k', 'a b']);
    expect(splitArgs('"\\n\\r\\t\\b\\a\\\\\\""')).toEqual(['\n\r\t\b\x07\\"']);
  });

  test('\\xHH gives one byte, upper or lower case hex; \\x without two hex digits is a plain x', () => {
    expect(splitArgs('"\\xff\\x00\\x4a\\x4B"')).toEqual(['\xff\x00JK']);
    expect(splitArgs('"\\xZZ"')).toEqual(['xZZ']);
    expect(splitArgs('"\\x4"')).toEqual(['x4']);
  });

  test('any other escaped character stands for itself', () => {
    expect(splitArgs('"\\q\\\'"')).toEqual(["q'"]);
  });

  test("single quotes take everything literally except \\'", () => {
    expect(splitArgs("'it\\'s'")).toEqual(["it's"]);
    expect(splitArgs("'\\n\\x41 \"'")).toEqual(['\\n\\x41 "']);
    expect(splitArgs("'a\"b'")).toEqual(['a"b']);
  });

  test('a quote can open in the middle of an argument', () => {
    expect(splitArgs('foo"bar baz"')).toEqual(['foobar baz']);
    expect(splitArgs("k'v w'")).toEqual(['kv w']);
  });

  test('empty quoted arguments are arguments', () => {
    expect(splitArgs('SET "" \'\'')).toEqual(['SET', '', '']);
  });

  test('bytes above 0x7f pass through', () => {
    expect(splitArgs('SET \xc3\xa9 "\xff"')).toEqual(['SET', '\xc3\xa9', '\xff']);
  });

  test('a NUL byte ends the line, as it ends a C string', () => {
    expect(splitArgs('GET a\x00 b')).toEqual(['GET', 'a']);
  });

  // failure cases
  test('unbalanced quotes make the line invalid', () => {
    expect(splitArgs('set "foo')).toBeNull();
    expect(splitArgs("set 'foo")).toBeNull();
    expect(splitArgs('set "foo\\"')).toBeNull();
    expect(splitArgs('"\\')).toBeNull();
  });

  test('a closing quote followed by a non-blank makes the line invalid', () => {
    expect(splitArgs('"a"b')).toBeNull();
    expect(splitArgs("'a'b")).toBeNull();
    expect(splitArgs('"a""b"')).toBeNull();
  });

  test('a closing quote may be followed by any blank', () => {
    expect(splitArgs('"a"\tb')).toEqual(['a', 'b']);
    expect(splitArgs('"a"\x0bb')).toEqual(['a', 'b']);
  });
});

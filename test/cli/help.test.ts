// HELP, completion and hints of the shell. Texts follow redis-cli 7.0.15 (format-live.test.ts
// compares every implemented command's HELP with the real redis-cli's).

import { describe, expect, test } from 'vitest';
import {
  argumentsUsage,
  commandHint,
  completions,
  formatHelp,
  genericHelp,
  helpEntries,
} from '../../src/cli/help.js';
import { COMMANDS } from '../../src/commands/table.js';
import '../../src/store.js'; // registers the command handlers HELP lists

const info = (name: string) => COMMANDS.find((c) => c.name === name)!;

describe('argumentsUsage', () => {
  test('GET key', () => {
    expect(argumentsUsage(info('get').arguments)).toBe('key');
  });

  test('SET: oneof, pure tokens and blocks with tokens', () => {
    expect(argumentsUsage(info('set').arguments)).toBe(
      'key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]',
    );
  });

  test('multiple arguments repeat, with their token when multiple_token is set', () => {
    expect(argumentsUsage(info('del').arguments)).toBe('key [key ...]');
    expect(argumentsUsage(info('mset').arguments)).toBe('key value [key value ...]');
    expect(argumentsUsage(info('bitfield_ro').arguments)).toBe(
      'key [GET encoding offset [GET encoding offset ...]]',
    );
  });

  test('an empty token shows as ""', () => {
    expect(argumentsUsage(info('migrate').arguments)).toContain('key|""');
  });

  test('a command without arguments has an empty usage', () => {
    expect(argumentsUsage(info('dbsize').arguments)).toBe('');
  });
});

describe('formatHelp', () => {
  test('HELP with no argument prints the generic help', () => {
    expect(formatHelp([], '1.2.3')).toBe(genericHelp('1.2.3'));
    expect(genericHelp('1.2.3')).toMatch(/^embedis 1\.2\.3\nTo get help about Redis commands type:\n/);
  });

  test('HELP GET prints name, usage, summary, since and group', () => {
    expect(formatHelp(['get'], 'x')).toBe(
      '\r\n  \x1b[1mGET\x1b[0m \x1b[90mkey\x1b[0m\r\n' +
        '  \x1b[33msummary:\x1b[0m Get the value of a key\r\n' +
        '  \x1b[33msince:\x1b[0m 1.0.0\r\n' +
        '  \x1b[33mgroup:\x1b[0m string\r\n' +
        '\r\n',
    );
  });

  test('HELP OBJECT lists the container and its subcommands; HELP OBJECT ENCODING only that one', () => {
    const all = formatHelp(['object'], 'x');
    expect(all).toContain('\x1b[1mOBJECT\x1b[0m');
    expect(all).toContain('\x1b[1mOBJECT ENCODING\x1b[0m \x1b[90mkey\x1b[0m');
    const one = formatHelp(['OBJECT', 'encoding'], 'x');
    expect(one.match(/\x1b\[1m/g)).toHaveLength(1);
    expect(one).toContain('OBJECT ENCODING');
  });

  test('HELP @group lists the group without the group line', () => {
    const text = formatHelp(['@STRING'], 'x');
    expect(text).toContain('\x1b[1mGET\x1b[0m');
    expect(text).toContain('\x1b[1mSET\x1b[0m');
    expect(text).not.toContain('\x1b[1mDEL\x1b[0m');
    expect(text).not.toContain('group:');
  });

  // failure cases
  test('nothing matching prints an empty line', () => {
    expect(formatHelp(['nosuchcommand'], 'x')).toBe('\r\n');
    expect(formatHelp(['@nosuchgroup'], 'x')).toBe('\r\n');
    expect(formatHelp(['set', 'ex'], 'x')).toBe('\r\n');
  });

  test('only implemented commands are listed', () => {
    const names = helpEntries().map((e) => e.full);
    expect(names).toContain('GET');
    expect(names).not.toContain('MIGRATE');
    expect([...names].sort()).toEqual(names);
  });
});

describe('completions', () => {
  test('a command prefix completes to command names, in the case typed', () => {
    expect(completions('getr')).toEqual(['getrange']);
    expect(completions('GETR')).toEqual(['GETRANGE']);
    expect(completions('ge')).toContain('getdel');
  });

  test('after "help " help topics complete, groups included', () => {
    expect(completions('help @stri')).toEqual(['help @string']);
    expect(completions('HELP  object enc')).toEqual(['HELP  object encoding']);
  });

  test('no match, no completion', () => {
    expect(completions('zzz')).toEqual([]);
  });
});

describe('commandHint', () => {
  test('after the command name the whole usage, with a leading space when none was typed', () => {
    expect(commandHint(['GET'], false)).toBe(' key');
    expect(commandHint(['get'], true)).toBe('key');
  });

  test('arguments already typed are dropped, up to the first optional part', () => {
    expect(commandHint(['SET', 'k'], true)).toBe(
      'value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]',
    );
    expect(commandHint(['SET', 'k', 'v'], true)).toMatch(/^\[NX\|XX\]/);
    expect(commandHint(['GET', 'k', 'x'], true)).toBe('');
  });

  test('the longest matching name wins (subcommands)', () => {
    expect(commandHint(['object', 'encoding'], true)).toBe('key');
  });

  test('no hint for an unknown command or an empty line', () => {
    expect(commandHint(['nosuch'], false)).toBeNull();
    expect(commandHint([], false)).toBeNull();
  });
});

// `embedis serve` takes any configuration parameter as redis-server does (`--name value …`);
// the persistence ones shape the data directory's adapters, the rest go to CONFIG.

import { describe, expect, test } from 'vitest';
import { persistenceOptionsOf, splitConfigArgs } from '../../src/cli/serve.js';

describe('embedis serve configuration flags', () => {
  test("serve's own options stay; other --name flags take every word up to the next --", () => {
    const { own, config } = splitConfigArgs([
      '--port',
      '0',
      '--save',
      '900',
      '1',
      '300',
      '10',
      '--appendonly',
      'yes',
      '--dir',
      '/tmp/x',
      '--maxmemory=1gb',
      '--appendfsync',
      'always',
    ]);
    expect(own).toEqual(['--port', '0', '--dir', '/tmp/x']);
    expect([...config]).toEqual([
      ['save', '900 1 300 10'],
      ['appendonly', 'yes'],
      ['maxmemory', '1gb'],
      ['appendfsync', 'always'],
    ]);
  });

  test('persistence parameters become adapter options; the rest is CONFIG', () => {
    const r = persistenceOptionsOf(
      new Map([
        ['appendonly', 'yes'],
        ['appendfsync', 'always'],
        ['appenddirname', 'aof'],
        ['save', '60 1000 10 5'],
        ['dbfilename', 'snap.embedis'],
        ['maxmemory', '1gb'],
      ]),
    );
    expect(r.appendOnly).toEqual({ fsync: 'always', dirname: 'aof' });
    expect(r.snapshot).toEqual({
      saveOnClose: true,
      filename: 'snap.embedis',
      savePoints: [
        [60, 1000],
        [10, 5],
      ],
    });
    expect(r.rest).toEqual({ maxmemory: '1gb' });
    expect(persistenceOptionsOf(new Map([['appendonly', 'no']])).appendOnly).toBe(false);
    expect(persistenceOptionsOf(new Map([['save', '']])).snapshot.savePoints).toEqual([]);
    expect(persistenceOptionsOf(new Map()).appendOnly).toEqual({ fsync: 'everysec' });
  });

  test('bad values are refused with the parameter named', () => {
    expect(() => persistenceOptionsOf(new Map([['appendfsync', 'sometimes']]))).toThrow(/--appendfsync/);
    expect(() => persistenceOptionsOf(new Map([['appendonly', 'maybe']]))).toThrow(/--appendonly/);
    expect(() => persistenceOptionsOf(new Map([['save', '60']]))).toThrow(/--save/);
  });
});

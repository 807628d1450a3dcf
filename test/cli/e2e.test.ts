// The `embedis` command end to end: `npx tsx src/cli/main.ts` spawned with piped stdin or with a
// command on the command line, its stdout, stderr and exit code checked. With redis-server and
// redis-cli installed, a whole piped session is also compared byte for byte with redis-cli's.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Store } from '../../src/index.js';
import { RedisServer, redisServerVersion } from '../differential/redis-server.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const VERSION: string = JSON.parse(fs.readFileSync(`${ROOT}package.json`, 'utf8')).version;
const REDIS_CLI = process.env.EMBEDIS_REDIS_CLI || 'redis-cli';
const LIVE =
  process.env.CI === 'true' ||
  (spawnSync(REDIS_CLI, ['--version']).status === 0 && redisServerVersion() !== undefined);

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Runs the shell with `args`, feeding `input` (bytes as latin1) to its stdin. `node --import tsx`
 * is `npx tsx` without npx's start-up time.
 */
function embedis(args: string[], input = '', via: 'node' | 'npx' = 'node'): Run {
  const [cmd, pre] = via === 'npx' ? ['npx', ['tsx']] : [process.execPath, ['--import', 'tsx']];
  // Each run gets its own data directory unless the test names one (the default is ./data).
  const dir = args.includes('--dir') ? [] : ['--dir', fs.mkdtempSync(path.join(os.tmpdir(), 'embedis-cli-'))];
  const r = spawnSync(cmd, [...pre, 'src/cli/main.ts', ...dir, ...args], {
    cwd: ROOT,
    input: Buffer.from(input, 'latin1'),
    encoding: 'latin1',
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('piped stdin', () => {
  test('npx tsx src/cli/main.ts (npm start) with SET and INCR piped prints OK and 2', () => {
    expect(embedis([], 'SET a 1\nINCR a\n', 'npx')).toEqual({ stdout: 'OK\n2\n', stderr: '', status: 0 });
  });

  test('one command per line, raw replies, errors as their text plus a blank line', () => {
    const r = embedis([], 'SET a 1\nINCR a\n\nINCR\nGET a\nGET nope\nSET b "\\xff\\x00"\nGET b');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("OK\n2\nERR wrong number of arguments for 'incr' command\n\n2\n\nOK\n\xff\x00\n");
  });

  test('--no-raw prints the standard format; quit ends the session', () => {
    const r = embedis(['--no-raw'], 'SET a 1\nINCR a\nINCR\nset "a\nMGET a nope\nquit\nGET a\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      "OK\n(integer) 2\n(error) ERR wrong number of arguments for 'incr' command\nInvalid argument(s)\n" +
        '1) "2"\n2) (nil)\n',
    );
  });
});

describe('a command on the command line', () => {
  test('runs it, prints the reply and exits 0', () => {
    const r = embedis(['SET', 'a', '1']);
    expect(r).toEqual({ stdout: 'OK\n', stderr: '', status: 0 });
  });

  test('options stop at the command, so -5 is an argument', () => {
    const r = embedis(['--no-raw', 'INCRBY', 'n', '-5']);
    expect(r).toEqual({ stdout: '(integer) -5\n', stderr: '', status: 0 });
  });

  test('an error reply still exits 0, as redis-cli does without -e', () => {
    const r = embedis(['--no-raw', 'GET']);
    expect(r).toEqual({
      stdout: "(error) ERR wrong number of arguments for 'get' command\n",
      stderr: '',
      status: 0,
    });
  });

  test('-n selects the database; a bad one is reported and db 0 is used', () => {
    expect(embedis(['-n', '1', 'SELECT', '1']).stdout).toBe('OK\n');
    const r = embedis(['-n', '99', 'PING']);
    expect(r).toEqual({
      stdout: 'PONG\n',
      stderr: 'SELECT 99 failed: ERR DB index is out of range\n',
      status: 0,
    });
  });

  test('HELP prints help', () => {
    const r = embedis(['help', 'get']);
    expect(r.stdout).toContain('\x1b[1mGET\x1b[0m \x1b[90mkey\x1b[0m');
    expect(r.status).toBe(0);
  });
});

describe('options', () => {
  test('--version and -v print the version', () => {
    expect(embedis(['--version'])).toEqual({ stdout: `embedis ${VERSION}\n`, stderr: '', status: 0 });
    expect(embedis(['-v']).stdout).toBe(`embedis ${VERSION}\n`);
  });

  test('--help prints the usage', () => {
    const r = embedis(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: embedis [OPTIONS] [cmd [arg [arg ...]]]');
  });

  test('--dir persists: SET a 1, quit, start again, GET a gives 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedis-cli-dir-'));
    expect(embedis(['--dir', dir], 'SET a 1\nRPUSH l x y\n')).toEqual({
      stdout: 'OK\n2\n',
      stderr: '',
      status: 0,
    });
    expect(fs.existsSync(path.join(dir, 'appendonlydir', 'appendonly.aof.manifest'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'dump.embedis'))).toBe(true);
    expect(embedis(['--dir', dir], 'GET a\nLRANGE l 0 -1\n')).toEqual({
      stdout: '1\nx\ny\n',
      stderr: '',
      status: 0,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a data directory in use by another process is refused with a clear error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedis-cli-lock-'));
    const holder = Store.open({ dir });
    try {
      const r = embedis(['--dir', dir, 'PING']);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^Could not open ${dir}: .*lock`, 'i'));
    } finally {
      holder.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // failure cases
  test('an unknown option or a missing value exits 1 with redis-cli message', () => {
    expect(embedis(['--bogus', 'PING'])).toEqual({
      stdout: '',
      stderr: "Unrecognized option or bad number of args for: '--bogus'\n",
      status: 1,
    });
    expect(embedis(['-n'])).toEqual({
      stdout: '',
      stderr: "Unrecognized option or bad number of args for: '-n'\n",
      status: 1,
    });
    expect(embedis(['-n', 'x', 'PING']).status).toBe(1);
  });
});

describe.runIf(LIVE)('a piped session prints what redis-cli prints', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const SESSION = [
    'SET a 1',
    'INCR a',
    '3 INCR a',
    'GET a',
    'GET nope',
    'SET "key with spaces" "\\xff\\x00\\n\\"\\\\"',
    "GET 'key with spaces'",
    'MGET a nope "key with spaces"',
    'APPEND a xyz',
    'STRLEN a',
    'EXISTS a nope a',
    'DEL nope',
    'ECHO "multi\\nline"',
    '',
    '   ',
    'set "unbalanced',
    '"a"b',
    'INCR',
    'INCR a',
    'GET',
    'SET a b NX XX',
    'SELECT 1',
    'GET a',
    'SELECT 99',
    'help get',
    'help @nosuchgroup',
    'PING',
    'quit',
    'PING',
  ];

  for (const mode of ['--raw', '--no-raw']) {
    test(`${mode}`, () => {
      const input = `${SESSION.join('\n')}\n`;
      const theirs = spawnSync(REDIS_CLI, ['-p', String(server.port), mode], {
        input: `FLUSHALL\n${input}`,
        encoding: 'latin1',
      });
      const ours = embedis([mode], input);
      expect(ours.stderr).toBe('');
      // Drop the reply to FLUSHALL that cleared the server first.
      expect(ours.stdout).toBe(theirs.stdout.slice(theirs.stdout.indexOf('\n') + 1));
    });
  }
});

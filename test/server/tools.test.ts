// Real clients and tools against the server: ioredis (RESP2 client with pipelines, MULTI,
// blocking pops and pub/sub), redis-cli, redis-benchmark, and the `embedis serve` command with
// the shell's remote mode (`embedis -p <port>`), SHUTDOWN and SIGTERM.
//
// redis-cli and redis-benchmark come with redis-server: those tests run where it is installed
// (with CI=true a missing binary is a failure).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type Embedis, startEmbedis } from './wire.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REDIS_CLI = process.env.EMBEDIS_REDIS_CLI || 'redis-cli';
const REDIS_BENCHMARK = process.env.EMBEDIS_REDIS_BENCHMARK || 'redis-benchmark';
const TOOLS =
  process.env.CI === 'true' ||
  (spawnSync(REDIS_CLI, ['--version']).status === 0 &&
    spawnSync(REDIS_BENCHMARK, ['--version']).status === 0);

/** Runs a command to completion: its stdout, stderr and exit code. */
function run(
  cmd: string,
  args: string[],
  input?: string,
): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => resolve({ out, err, code }));
    child.stdin.end(input ?? '');
  });
}

/** `embedis …` through tsx, as `npm start --` runs it. */
const embedis = (args: string[], input?: string) => {
  // --dir goes after the subcommand: `embedis serve --dir …`.
  const argv =
    args[0] === 'serve' ? ['serve', '--dir', tempDir(), ...args.slice(1)] : ['--dir', tempDir(), ...args];
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], input);
};

/** A fresh data directory per child, so runs never share (or lock) ./data. */
const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'embedis-tools-'));

let srv: Embedis;
beforeAll(async () => {
  srv = await startEmbedis();
});
afterAll(async () => {
  await srv.close();
});

describe('ioredis', () => {
  test('commands, pipelines, transactions, blocking pops and pub/sub', async () => {
    const a = new Redis({ port: srv.port, lazyConnect: true });
    const b = new Redis({ port: srv.port, lazyConnect: true });
    const sub = new Redis({ port: srv.port, lazyConnect: true });
    await Promise.all([a.connect(), b.connect(), sub.connect()]);
    try {
      expect(await a.set('io:k', 'v')).toBe('OK');
      expect(await a.get('io:k')).toBe('v');
      expect(await a.hset('io:h', { f1: 'a', f2: 'b' })).toBe(2);
      expect(await a.hgetall('io:h')).toEqual({ f1: 'a', f2: 'b' });
      const piped = await a.pipeline().incr('io:n').incr('io:n').get('io:n').exec();
      expect(piped).toEqual([
        [null, 1],
        [null, 2],
        [null, '2'],
      ]);
      expect(await a.multi().set('io:t', '1').incr('io:t').exec()).toEqual([
        [null, 'OK'],
        [null, 2],
      ]);
      await expect(a.call('NOSUCH')).rejects.toThrow(/unknown command 'NOSUCH'/);
      expect(await a.getBuffer('io:k')).toEqual(Buffer.from('v'));

      const popped = a.blpop('io:q', 0);
      await new Promise((r) => setTimeout(r, 30));
      await b.rpush('io:q', 'job');
      expect(await popped).toEqual(['io:q', 'job']);

      const got = new Promise<[string, string]>((r) => sub.on('message', (ch, msg) => r([ch, msg])));
      await sub.subscribe('io:ch');
      expect(await b.publish('io:ch', 'hello')).toBe(1);
      expect(await got).toEqual(['io:ch', 'hello']);

      await a.client('SETNAME', 'io-a');
      expect(await a.client('GETNAME')).toBe('io-a');
    } finally {
      a.disconnect();
      b.disconnect();
      sub.disconnect();
    }
  });
});

describe.runIf(TOOLS)('redis-cli and redis-benchmark', () => {
  test('redis-cli runs commands, RESP3 included', async () => {
    const port = String(srv.port);
    expect((await run(REDIS_CLI, ['-p', port, 'SET', 'cli:k', 'hello world'])).out).toBe('OK\n');
    expect((await run(REDIS_CLI, ['-p', port, 'GET', 'cli:k'])).out).toBe('hello world\n');
    expect((await run(REDIS_CLI, ['-p', port, '-3', 'HELLO', '3'])).out).toMatch(
      /^server redis\nversion 7\.0\.15\nproto 3\nid \d+\nmode standalone\nrole master\nmodules \n$/,
    );
    const piped = await run(REDIS_CLI, ['-p', port], 'RPUSH cli:l a b c\nLRANGE cli:l 0 -1\nINCR cli:l\n');
    expect(piped.out).toBe(
      '3\na\nb\nc\nWRONGTYPE Operation against a key holding the wrong kind of value\n\n',
    );
    const mass = await run(REDIS_CLI, ['-p', port, '--pipe'], 'SET cli:a 1\r\nSET cli:b 2\r\n');
    expect(mass.out).toMatch(/errors: 0, replies: 2/);
  });

  test('redis-benchmark -q -n 2000 -t set,get completes', async () => {
    const r = await run(REDIS_BENCHMARK, ['-p', String(srv.port), '-q', '-n', '2000', '-t', 'set,get']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/SET: [\d.]+ requests per second/);
    expect(r.out).toMatch(/GET: [\d.]+ requests per second/);
    expect(srv.store.dispatch(['STRLEN', 'key:__rand_int__'])).toBe(3); // -d 3, the default
  });
});

describe('embedis serve and the remote shell', () => {
  const children: ChildProcess[] = [];
  // A test that fails half-way must not leave its server running.
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  /** Starts `embedis serve` on a free port; resolves with the child and its port once ready. */
  async function serve(
    args: string[] = [],
  ): Promise<{ child: ChildProcess; port: number; output: () => string }> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'serve',
        '--port',
        '0',
        ...(args.includes('--dir') ? [] : ['--dir', tempDir()]),
        ...args,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let output = '';
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const check = (): void => {
        const m = /ready to accept connections on 127\.0\.0\.1:(\d+)/.exec(output);
        if (m) resolve(Number(m[1]));
      };
      child.stdout!.on('data', check);
      child.on('exit', () => reject(new Error(`embedis serve exited:\n${output}`)));
    });
    return { child, port, output: () => output };
  }

  const exited = (child: ChildProcess): Promise<number | null> =>
    child.exitCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise((r) => child.on('exit', (code) => r(code)));

  test('serve prints how to connect; the shell talks to it with -p; SHUTDOWN stops it', async () => {
    const { child, port, output } = await serve();
    expect(output()).toContain(`Connect with:  redis-cli -p ${port}`);
    expect((await embedis(['-p', String(port), 'SET', 'remote', 'yes'])).out).toBe('OK\n');
    const piped = await embedis(
      ['-p', String(port), '-n', '2'],
      'SET x 1\nINCR x\nGET remote\nSELECT 0\nGET remote\n',
    );
    expect(piped.out).toBe('OK\n2\n\nOK\nyes\n');
    // The server closes the connection without a reply, which the shell takes as success.
    expect(await embedis(['-p', String(port), 'SHUTDOWN', 'NOSAVE'])).toEqual({ out: '', err: '', code: 0 });
    expect(await exited(child)).toBe(0);
    expect(output()).toContain('User requested shutdown...');
  });

  test('--requirepass: -a authenticates the shell; SIGTERM stops the server cleanly', async () => {
    const { child, port, output } = await serve(['--requirepass', 'pw']);
    expect(output()).toContain(`redis-cli -p ${port} -a <password>`);
    // An error in raw mode ends with an empty line, as redis-cli prints it.
    expect((await embedis(['-p', String(port), 'PING'])).out).toBe('NOAUTH Authentication required.\n\n');
    const ok = await embedis(['-p', String(port), '-a', 'pw', 'PING']);
    expect(ok.out).toBe('PONG\n');
    expect(ok.err).toContain('Warning: Using a password');
    const bad = await embedis(['-p', String(port), '-a', 'nope', 'PING']);
    expect(bad.err).toContain('AUTH failed: WRONGPASS');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(output()).toContain('Received SIGTERM scheduling shutdown...');
  });

  test('serve persists under --dir: written data is there after SHUTDOWN and a restart', async () => {
    const dir = tempDir();
    const first = await serve(['--dir', dir]);
    expect(first.output()).toContain(`Data directory: ${dir}`);
    expect((await embedis(['-p', String(first.port), 'RPUSH', 'q', 'a', 'b'])).out).toBe('2\n');
    await embedis(['-p', String(first.port), 'SHUTDOWN']);
    expect(await exited(first.child)).toBe(0);
    const second = await serve(['--dir', dir, '--appendfsync', 'always', '--maxmemory', '1gb']);
    expect(second.output()).toContain('appendfsync always');
    expect((await embedis(['-p', String(second.port), 'LRANGE', 'q', '0', '-1'])).out).toBe('a\nb\n');
    const cfg = await embedis(['-p', String(second.port), 'CONFIG', 'GET', 'appendfsync']);
    expect(cfg.out).toBe('appendfsync\nalways\n');
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });

  // failure cases
  test('bad options and an unreachable server are reported', async () => {
    const bad = await embedis(['serve', '--port', 'x']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("Invalid port: 'x'");
    const unknown = await embedis(['serve', '--nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      "Unknown option '--nope': not a serve option nor a configuration parameter",
    );
    const refused = await embedis(['-p', '1', 'PING']);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('Could not connect to Redis at 127.0.0.1:1: Connection refused\n');
  });
});

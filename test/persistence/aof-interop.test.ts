// The append-only log against a real redis-server 7.0: a data directory written by embedis
// (a rewritten base in AOF format plus incremental files) loads in `redis-server --appendonly
// yes` with identical data, and one written by `redis-server --appendonly yes
// --aof-use-rdb-preamble no` (with a rewrite, so both a base and incremental files) loads in
// embedis with identical data. Data is compared by dumping every key of every database through
// commands on both sides. Runs when redis-server is on PATH (CI installs it; with CI=true a
// missing server fails).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplyError, Store } from '../../src/index.js';
import { PersistenceError } from '../../src/persistence/adapter.js';
import { AofAdapter } from '../../src/persistence/aof.js';
import { encodeReply } from '../../src/resp/encode.js';
import { REDIS_SERVER_BIN, RedisConnection } from '../differential/redis-server.js';
import { decodeOne, type Value } from '../differential/resp-value.js';
import { tempDirs } from './temp-dirs.js';

const hasRedis = spawnSync(REDIS_SERVER_BIN, ['--version']).status === 0;
if (!hasRedis && process.env.CI === 'true') throw new Error('redis-server is required with CI=true');

type Run = (...argv: string[]) => Promise<Value>;

const servers: ChildProcess[] = [];
const tempDir = tempDirs('embedis-aof-interop-', () => {
  for (const s of servers.splice(0)) {
    if (s.exitCode === null && s.signalCode === null && s.pid !== undefined) process.kill(s.pid, 'SIGKILL');
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on a free port over `dir` and waits until it has loaded. */
async function startRedis(
  dir: string,
  args: string[],
): Promise<{ conn: RedisConnection; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER_BIN,
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'],
      ...['--enable-debug-command', 'yes', ...args],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  servers.push(child);
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) break;
    try {
      const conn = await RedisConnection.connect(port);
      const info = await conn.call(['INFO', 'persistence']);
      if (typeof info === 'string' && info.includes('loading:0')) return { conn, child };
      conn.close();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server did not start over ${dir}:\n${output}`);
}

/** Stops a redis-server by pid with SIGTERM (a clean shutdown that fsyncs its AOF). */
async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(child.pid!, 'SIGTERM');
  await exited;
}

/** Commands on embedis, decoded from their RESP2 encoding like Redis's replies. */
function embedisRun(store: Store): Run {
  const session = store.createSession();
  return async (...argv) => {
    const r = store.dispatchBytes(argv, session);
    return decodeOne(Buffer.from(encodeReply(r as Parameters<typeof encodeReply>[0], 2), 'latin1'));
  };
}

const FAR = String(Date.UTC(2100, 0, 1));
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** Writes every type, in several databases, through commands (the same script on both sides). */
async function populate(run: Run): Promise<void> {
  const ok = async (...argv: string[]): Promise<void> => {
    const r = await run(...argv);
    if (typeof r === 'object' && r !== null && 'error' in r) throw new Error(`${argv.join(' ')}: ${r.error}`);
  };
  await ok('SELECT', '0');
  await ok('SET', 'str', 'hello');
  await ok('SET', 'bin', ALL_BYTES);
  await ok('SET', `key:${ALL_BYTES}`, 'binary key');
  await ok('SET', '', 'empty key');
  await ok('SET', 'int', '-9223372036854775808');
  await ok('SET', 'ttl', 'v', 'PXAT', FAR);
  await ok('APPEND', 'str', ' world');
  await ok('INCRBYFLOAT', 'float', '1.25');
  await ok('INCR', 'counter');
  await ok('INCRBY', 'counter', '41');
  await ok('SET', 'gone', 'x');
  await ok('DEL', 'gone');
  await ok('RPUSH', 'list', ...Array.from({ length: 300 }, (_, i) => `item-${i}`));
  await ok('LPUSH', 'list', 'head', ALL_BYTES);
  await ok('LPOP', 'list');
  await ok('LINSERT', 'list', 'BEFORE', 'item-100', 'middle');
  await ok('HSET', 'hash', 'f1', 'v1', 'f2', ALL_BYTES.slice(0, 50), '', '');
  await ok('HSET', 'hash:big', ...Array.from({ length: 300 }, (_, i) => [`field-${i}`, `${i}`]).flat());
  await ok('HINCRBY', 'hash', 'n', '5');
  await ok('HDEL', 'hash:big', 'field-7');
  await ok('SADD', 'set:int', '1', '2', '3', '-5', '9223372036854775807');
  await ok('SADD', 'set:str', 'a', 'b', '', ALL_BYTES);
  await ok('SADD', 'set:big', ...Array.from({ length: 300 }, (_, i) => `m${i}`));
  await ok('SREM', 'set:big', 'm5');
  await ok('ZADD', 'zset', '1', 'a', '2.5', 'b', '-inf', 'low', 'inf', 'high', '0.1', ALL_BYTES);
  await ok(
    'ZADD',
    'zset:big',
    ...Array.from({ length: 300 }, (_, i) => [`${(i * 7919) % 1000}.5`, `m${i}`]).flat(),
  );
  await ok('ZINCRBY', 'zset', '3.14159', 'a');
  await ok('PEXPIREAT', 'zset:big', FAR);
  await ok('XADD', 'stream', '1-1', 'f', 'v');
  for (let i = 0; i < 150; i++)
    await ok('XADD', 'stream', '*', 'n', String(i), 'bin', ALL_BYTES.slice(i, i + 3));
  await ok('XDEL', 'stream', '1-1');
  await ok('XGROUP', 'CREATE', 'stream', 'g1', '0');
  await ok('XGROUP', 'CREATE', 'stream', 'g2', '$');
  await ok('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '10', 'STREAMS', 'stream', '>');
  await ok('XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '3', 'STREAMS', 'stream', '>');
  await ok('XGROUP', 'CREATECONSUMER', 'stream', 'g2', 'idle');
  await ok('XGROUP', 'CREATE', 'empty', 'g', '$', 'MKSTREAM');
  await ok('MULTI');
  await ok('SET', 'tx:a', '1');
  await ok('INCR', 'tx:b');
  await ok('EXEC');
  await ok('SELECT', '5');
  await ok('SET', 'in5', 'five');
  await ok('RPUSH', 'l5', 'x');
  await ok('SELECT', '15');
  await ok('HSET', 'h15', 'k', 'v');
  await ok('SELECT', '0');
}

/** Writes after the rewrite, so incremental files hold data too. */
async function more(run: Run): Promise<void> {
  await run('SELECT', '0');
  await run('SET', 'after', 'rewrite');
  await run('RPUSH', 'list', 'tail');
  await run('XACK', 'stream', 'g1', (await firstPending(run)) ?? '0-1');
  await run('HSET', 'hash', 'f1', 'changed');
  await run('SELECT', '5');
  await run('DEL', 'l5');
}

async function firstPending(run: Run): Promise<string | undefined> {
  const r = (await run('XPENDING', 'stream', 'g1', '-', '+', '1')) as Value[][];
  return r[0]?.[0] as string | undefined;
}

const sortedPairs = (flat: Value[]): Value[][] => {
  const out: Value[][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
};

/** A flat map reply without the fields that depend on time or internal layout. */
function withoutFields(flat: Value, drop: string[]): Value[] {
  const list = flat as Value[];
  const out: Value[] = [];
  for (let i = 0; i < list.length; i += 2)
    if (!drop.includes(list[i] as string)) out.push(list[i]!, list[i + 1]!);
  return out;
}

/** Everything observable about every key of every database, through commands. */
async function dump(run: Run): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 16; db++) {
    await run('SELECT', String(db));
    const keys = ((await run('KEYS', '*')) as string[]).sort();
    for (const key of keys) {
      const type = ((await run('TYPE', key)) as { status: string }).status;
      const e: Record<string, unknown> = { type, expireAt: await run('PEXPIRETIME', key) };
      if (type === 'string') e.value = await run('GET', key);
      else if (type === 'list') e.value = await run('LRANGE', key, '0', '-1');
      else if (type === 'hash') e.value = sortedPairs((await run('HGETALL', key)) as Value[]);
      else if (type === 'set') e.value = ((await run('SMEMBERS', key)) as string[]).sort();
      else if (type === 'zset') e.value = await run('ZRANGE', key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') {
        const groups = (await run('XINFO', 'GROUPS', key)) as Value[];
        const perGroup: unknown[] = [];
        for (const g of groups) {
          const name = (g as Value[])[1] as string;
          const pending = ((await run('XPENDING', key, name, '-', '+', '1000')) as Value[][]).map((p) => [
            p[0],
            p[1],
            p[3],
          ]);
          const consumers = ((await run('XINFO', 'CONSUMERS', key, name)) as Value[]).map((c) =>
            withoutFields(c, ['idle']),
          );
          perGroup.push({ group: g, pending, consumers });
        }
        e.value = {
          entries: await run('XRANGE', key, '-', '+'),
          info: withoutFields(await run('XINFO', 'STREAM', key), ['radix-tree-keys', 'radix-tree-nodes']),
          groups: perGroup,
        };
      } else throw new Error(`no dump for ${type}`);
      out[`${db}:${key}`] = e;
    }
  }
  await run('SELECT', '0');
  return out;
}

async function waitRewrite(run: Run): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const info = (await run('INFO', 'persistence')) as string;
    if (info.includes('aof_rewrite_in_progress:0') && info.includes('aof_rewrite_scheduled:0')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('rewrite did not finish');
}

describe.runIf(hasRedis)('AOF interop with redis-server 7.0', () => {
  it('a data dir written by embedis loads in redis-server with identical data', async () => {
    const dir = tempDir();
    const store = new Store({ dir, appendOnly: { fsync: 'always' }, snapshot: false });
    const run = embedisRun(store);
    await populate(run);
    // A base in AOF format written by embedis, then incremental data.
    await store.persistence.log!.rewriteInBackground(store);
    await more(run);
    const expected = await dump(run);
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    const digest = await run('DEBUG', 'DIGEST');
    await store.sync();
    store.close();
    expect(fs.readdirSync(join(dir, 'appendonlydir')).sort()).toEqual([
      'appendonly.aof.2.base.aof',
      'appendonly.aof.2.incr.aof',
      'appendonly.aof.manifest',
    ]);
    const { conn, child } = await startRedis(dir, ['--appendonly', 'yes']);
    const got = await dump((...argv) => conn.call(argv));
    // DEBUG DIGEST: one fingerprint of every key, value and TTL, the same on both sides.
    expect(await conn.call(['DEBUG', 'DIGEST'])).toEqual(digest);
    conn.close();
    await stopRedis(child);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) expect([k, got[k]]).toEqual([k, expected[k]]);
  });

  it('a data dir written by redis-server (aof-use-rdb-preamble no) loads in embedis with identical data', async () => {
    const dir = tempDir();
    const args = ['--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', '--appendfsync', 'always'];
    const { conn, child } = await startRedis(dir, args);
    const run: Run = (...argv) => conn.call(argv);
    await populate(run);
    await run('BGREWRITEAOF');
    await waitRewrite(run);
    await more(run);
    const expected = await dump(run);
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    const digest = await run('DEBUG', 'DIGEST');
    conn.close();
    await stopRedis(child);
    const files = fs.readdirSync(join(dir, 'appendonlydir')).sort();
    expect(files).toContain('appendonly.aof.manifest');
    expect(files.some((f) => f.endsWith('.base.aof'))).toBe(true);

    const aof = new AofAdapter(dir);
    const store = new Store();
    const result = aof.load(store);
    aof.close();
    expect(result.found).toBe(true);
    expect(result.warnings).toEqual([]);
    const got = await dump(embedisRun(store));
    expect(await embedisRun(store)('DEBUG', 'DIGEST')).toEqual(digest);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) expect([k, got[k]]).toEqual([k, expected[k]]);
  });

  it('an incremental file redis-server was killed in the middle of is loaded up to its last command', async () => {
    const dir = tempDir();
    const args = ['--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', '--appendfsync', 'always'];
    const { conn, child } = await startRedis(dir, args);
    for (let i = 0; i < 100; i++) await conn.call(['SET', `k${i}`, `v${i}`]);
    conn.close();
    process.kill(child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const manifest = fs.readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1');
    const incr = /file (\S+) seq \d+ type i/.exec(manifest)![1]!;
    const file = join(dir, 'appendonlydir', incr);
    fs.truncateSync(file, fs.statSync(file).size - 5);
    const store = new Store();
    const aof = new AofAdapter(dir);
    const result = aof.load(store);
    aof.close();
    expect(result.warnings.join()).toMatch(/Truncated/);
    expect(store.call('GET', 'k98')).toBe('v98');
    expect(store.call('EXISTS', 'k99')).toBe(0);
  });

  it('a base in RDB format (aof-use-rdb-preamble yes) is refused as not supported', async () => {
    const dir = tempDir();
    const { conn, child } = await startRedis(dir, ['--appendonly', 'yes', '--aof-use-rdb-preamble', 'yes']);
    await conn.call(['SET', 'k', 'v']);
    await conn.call(['BGREWRITEAOF']);
    await waitRewrite((...argv) => conn.call(argv));
    conn.close();
    await stopRedis(child);
    expect(fs.readdirSync(join(dir, 'appendonlydir')).some((f) => f.endsWith('.base.rdb'))).toBe(true);
    const aof = new AofAdapter(dir);
    let error: unknown;
    try {
      aof.load(new Store());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PersistenceError);
    expect((error as PersistenceError).code).toBe('VERSION');
    expect((error as Error).message).toMatch(/RDB-format AOF base .*not support.*aof-use-rdb-preamble no/);
  });

  it('BGREWRITEAOF replies as Redis does', async () => {
    const dir = tempDir();
    const store = new Store({ dir, appendOnly: true, snapshot: false });
    expect(store.call('BGREWRITEAOF')).toBe('Background append only file rewriting started');
    expect(() => store.call('BGREWRITEAOF')).toThrow(
      new ReplyError('ERR Background append only file rewriting already in progress'),
    );
    while (store.persistence.log!.rewriteInProgress) await new Promise((r) => setTimeout(r, 5));
    store.close();
  });
});

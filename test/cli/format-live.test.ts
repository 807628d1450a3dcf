// The shell's formatting against the real redis-cli 7.0: a redis-server holds one value of every
// shape; each read command runs through redis-cli (standard and raw output, RESP2 and RESP3)
// and through a raw connection whose decoded reply goes through embedis's formatter, and the
// bytes printed must be the same. HELP texts are compared the same way.
//
// Runs when redis-server and redis-cli are installed (with CI=true a missing one is a failure);
// format.test.ts holds the same shapes as fixed expectations for machines without them.

import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatReply, isVerbatimCommand, type OutputMode, type Protocol } from '../../src/cli/format.js';
import { argumentsUsage, formatHelp, helpEntries } from '../../src/cli/help.js';
import {
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../../src/commands/reply.js';
import { COMMANDS, SUBCOMMANDS } from '../../src/commands/table.js';
import { ReplyError } from '../../src/errors.js';
import '../../src/store.js'; // registers the command handlers HELP lists
import { encodeCommand } from '../../src/resp/encode.js';
import { RedisServer, redisServerVersion } from '../differential/redis-server.js';
import { RespDecoder, type Value } from '../differential/resp-value.js';

const REDIS_CLI = process.env.EMBEDIS_REDIS_CLI || 'redis-cli';
const CLI_AVAILABLE = spawnSync(REDIS_CLI, ['--version']).status === 0;
const LIVE = process.env.CI === 'true' || (CLI_AVAILABLE && redisServerVersion() !== undefined);

/** The decoded wire reply as the embedis Reply of the same shape. */
function toReply(v: Value): Reply {
  if (typeof v === 'string' || typeof v === 'number' || v === null) return v;
  if (Array.isArray(v)) return v.map(toReply);
  if ('status' in v) return new StatusReply(v.status);
  if ('error' in v) return new ReplyError(v.error);
  if ('int' in v) return BigInt(v.int);
  if ('nullArray' in v) return NULL_ARRAY;
  if ('double' in v) return new DoubleReply(Number(v.double), v.double);
  if ('verbatim' in v) return new VerbatimReply(v.format, v.verbatim);
  if ('map' in v) return new MapReply(v.map.flatMap(([k, x]) => [toReply(k), toReply(x)]));
  if ('set' in v) return new SetReply(v.set.map(toReply));
  throw new Error(`no embedis reply shape for ${JSON.stringify(v)}`);
}

const SETUP: string[][] = [
  ['SET', 's', 'hello world'],
  ['SET', 'empty', ''],
  ['SET', 'bin', '\xff\x00\n"\\\t\x07\x08\r\x1b~'],
  ['SET', 'big', '9223372036854775807'],
  ['RPUSH', 'list', ...'abcdefghijkl'],
  ['HSET', 'h', 'f1', 'v1', 'f2', 'v2'],
  ['SADD', 'set', 'x'],
  ['ZADD', 'z', '1.5', 'a', '2', 'b', '3.25', 'c', 'inf', 'd'],
  ['XADD', 'st', '1-1', 'f', 'v'],
  ['XADD', 'st', '1-2', 'f', 'v', 'g', 'w'],
  ...Array.from({ length: 11 }, (_, i) => ['XADD', 'st2', `1-${i + 1}`, 'field', `value ${i}`]),
];

/** Read-only commands (the same state is read three times), each shape at least once. */
const READS: string[][] = [
  ['GET', 's'],
  ['GET', 'empty'],
  ['GET', 'bin'],
  ['GET', 'missing'],
  ['STRLEN', 's'],
  ['INCRBY', 'big', '0'],
  ['TYPE', 's'],
  ['LRANGE', 'list', '0', '-1'],
  ['LRANGE', 'missing', '0', '-1'],
  ['LINDEX', 'list', '99'],
  ['HGETALL', 'h'],
  ['HGETALL', 'missing'],
  ['SMEMBERS', 'set'],
  ['SMEMBERS', 'missing'],
  ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['ZSCORE', 'z', 'a'],
  ['ZSCORE', 'z', 'd'],
  ['ZSCORE', 'z', 'missing'],
  ['XRANGE', 'st', '-', '+'],
  ['XRANGE', 'st2', '-', '+'],
  ['XINFO', 'STREAM', 'st'],
  ['CONFIG', 'GET', 'maxmemory'],
  ['COMMAND', 'DOCS', 'get'],
  ['COMMAND', 'INFO', 'get'],
  ['BLPOP', 'missing', '0.01'],
  ['XREAD', 'COUNT', '1', 'STREAMS', 'missing', '0'],
  ['EVAL', "return {1, {2, {3, 'x'}}, {}, 'y', {'a','b','c','d','e','f','g','h','i','j'}}", '0'],
  ['EVAL', "redis.setresp(3); return redis.call('HGETALL', KEYS[1])", '1', 'h'],
  ['EVAL', 'redis.setresp(3); return {map={a={1,2}, b={}}}', '0'],
  ['EVAL', "return {err='My error'}", '0'],
  ['MEMORY', 'DOCTOR'],
  // failure cases
  ['GET'],
  ['SET', 's', 'v', 'NX', 'XX'],
  ['LPUSH', 's', 'x'],
  ['NOSUCHCOMMAND', 'a'],
];

/** A connection that sends one command at a time and decodes its reply. */
class Connection {
  private readonly decoder = new RespDecoder();
  private waiting: ((v: Value) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      const v = this.decoder.next();
      if (v !== undefined) this.waiting?.(v);
    });
  }

  static async open(port: number): Promise<Connection> {
    const socket = net.connect({ port, host: '127.0.0.1' });
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new Connection(socket);
  }

  call(argv: readonly string[]): Promise<Value> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(Buffer.from(encodeCommand(argv), 'latin1'));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** What redis-cli prints for one command. */
function redisCli(port: number, args: string[]): string {
  const r = spawnSync(REDIS_CLI, ['-p', String(port), ...args], { encoding: 'latin1' });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe.runIf(LIVE)('formatting matches redis-cli 7.0', () => {
  let server: RedisServer;
  const conns = new Map<Protocol, Connection>();

  beforeAll(async () => {
    if (!CLI_AVAILABLE) throw new Error(`${REDIS_CLI} is not installed; it is required when CI=true`);
    server = await RedisServer.start();
    for (const protocol of [2, 3] as const) {
      const c = await Connection.open(server.port);
      await c.call(['HELLO', String(protocol)]);
      conns.set(protocol, c);
    }
    for (const argv of SETUP) await conns.get(2)!.call(argv);
  });

  afterAll(async () => {
    for (const c of conns.values()) c.close();
    await server?.stop();
  });

  for (const protocol of [2, 3] as const) {
    for (const mode of ['tty', 'raw'] as OutputMode[]) {
      test(`every reply shape, RESP${protocol}, ${mode} output`, async () => {
        const flags = [`-${protocol}`, mode === 'tty' ? '--no-raw' : '--raw'];
        for (const argv of READS) {
          const reply = toReply(await conns.get(protocol)!.call(argv));
          const ours = formatReply(reply, { mode, protocol, verbatim: isVerbatimCommand(argv) });
          expect(ours, argv.join(' ')).toBe(redisCli(server.port, [...flags, ...argv]));
        }
      });
    }
  }

  test('HELP prints each command as redis-cli does', () => {
    const entries = helpEntries();
    expect(entries.length).toBeGreaterThan(0);
    const version = '0.0.0';
    for (const e of entries) {
      // A container's HELP also lists its subcommands, which may be only partly implemented.
      if (entries.some((x) => x.full.startsWith(`${e.full} `))) continue;
      expect(formatHelp(e.words, version), e.full).toBe(redisCli(server.port, ['HELP', ...e.words]));
    }
    expect(formatHelp(['nosuchcommand'], version)).toBe(redisCli(server.port, ['HELP', 'nosuchcommand']));
  });

  test('usage lines of every Redis 7.0 command match redis-cli, implemented or not', () => {
    const theirs = new Map<string, string>();
    const groups = new Set(COMMANDS.map((c) => c.group));
    for (const g of groups) {
      const text = redisCli(server.port, ['HELP', `@${g}`]);
      for (const m of text.matchAll(/\x1b\[1m(.*?)\x1b\[0m \x1b\[90m(.*?)\x1b\[0m/g))
        theirs.set(m[1]!, m[2]!);
    }
    let compared = 0;
    for (const c of COMMANDS) {
      const all = [{ full: c.name.toUpperCase(), info: c }];
      for (const s of SUBCOMMANDS[c.name] ?? [])
        all.push({ full: `${c.name} ${s.name}`.toUpperCase(), info: s });
      for (const { full, info } of all) {
        const expected = theirs.get(full);
        if (expected === undefined) continue; // sentinel-only and other commands a server doesn't list
        expect(argumentsUsage(info.arguments), full).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});

// Records what a real Redis 7.0.15 replies to COMMAND INFO / COMMAND DOCS / COMMAND HELP / COMMAND
// LIST, in RESP2 and RESP3, into test/commands/fixtures/command-info.json, so
// test/commands/command-table.test.ts can check the command table without a server.
//
//   npx tsx scripts/record-command-info.ts            # the sample of commands below
//   npx tsx scripts/record-command-info.ts --all      # every command the server knows
//   options: --server <path> (default redis-server), --out <file>
//
// It starts its own redis-server on a random port and stops it (by pid) when done.
// Replies are stored as JSON: bulk -> string, integer -> number, nil -> null, array -> array,
// status -> {status}, error -> {error}; RESP3 adds {map: [k, v, ...]}, {set: [...]}, {double}.
// Subcommands come out of a Redis dict in hash order (random seed per start), so they are sorted
// by name before writing.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const SAMPLE = [
  'get',
  'set',
  'mset',
  'msetnx',
  'lcs',
  'substr',
  'getex',
  'object',
  'object|encoding',
  'object|help',
  'xread',
  'xreadgroup',
  'xadd',
  'xautoclaim',
  'xinfo|stream',
  'zunionstore',
  'zadd',
  'zrangestore',
  'sintercard',
  'blpop',
  'blmpop',
  'lmpop',
  'rpoplpush',
  'eval',
  'eval_ro',
  'fcall',
  'script|load',
  'migrate',
  'restore',
  'sort',
  'sort_ro',
  'georadius',
  'georadius_ro',
  'georadiusbymember',
  'bitfield',
  'bitfield_ro',
  'pfcount',
  'command',
  'command|info',
  'command|docs',
  'command|getkeys',
  'client|kill',
  'client|no-evict',
  'config|get',
  'memory|usage',
  'acl|setuser',
  'latency|doctor',
  'module|load',
  'auth',
  'hello',
  'ping',
  'select',
  'multi',
  'exec',
  'watch',
  'publish',
  'ssubscribe',
  'sunsubscribe',
  'spublish',
  'pubsub|numsub',
  'flushall',
  'keys',
  'scan',
  'shutdown',
  'debug',
  'failover',
  'cluster|setslot',
  'readonly',
  'sentinel',
];

class RespConnection {
  private buffer = Buffer.alloc(0);
  private waiting: ((reply: Json) => void)[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly resp3: boolean,
  ) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const parsed = this.parse(0);
        if (!parsed) break;
        this.buffer = this.buffer.subarray(parsed.end);
        this.waiting.shift()!(parsed.value);
      }
    });
  }

  static open(port: number, resp3: boolean): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RespConnection(socket, resp3)));
      socket.once('error', reject);
    });
  }

  send(...argv: string[]): Promise<Json> {
    let out = `*${argv.length}\r\n`;
    for (const a of argv) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
    this.socket.write(out);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.socket.end();
  }

  /** One reply starting at `at`, or undefined when the buffer holds only part of it. */
  private parse(at: number): { value: Json; end: number } | undefined {
    const eol = this.buffer.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const type = String.fromCharCode(this.buffer[at]!);
    const line = this.buffer.toString('latin1', at + 1, eol);
    const next = eol + 2;
    const aggregate = (count: number, wrap: (items: Json[]) => Json) => {
      const items: Json[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = this.parse(end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: wrap(items), end };
    };
    switch (type) {
      case '+':
        return { value: { status: line }, end: next };
      case '-':
        return { value: { error: line }, end: next };
      case ':':
        return { value: Number(line), end: next };
      case '_':
        return { value: null, end: next };
      case ',':
        return { value: { double: line }, end: next };
      case '#':
        return { value: line === 't', end: next };
      case '$':
      case '=': {
        const len = Number(line);
        if (len < 0) return { value: null, end: next };
        if (this.buffer.length < next + len + 2) return undefined;
        const text = this.buffer.toString('latin1', next, next + len);
        return { value: type === '$' ? text : { verbatim: text }, end: next + len + 2 };
      }
      case '*':
        return Number(line) < 0 ? { value: null, end: next } : aggregate(Number(line), (items) => items);
      case '%':
        return aggregate(Number(line) * 2, (items) => ({ map: items }));
      case '~':
        return aggregate(Number(line), (items) => ({ set: items }));
      default:
        throw new Error(`unexpected RESP type '${type}' (resp3: ${this.resp3})`);
    }
  }
}

/** Sorts the entries of a flat [k1, v1, k2, v2, ...] list by key. */
function sortPairs(flat: Json[]): Json[] {
  const pairs: [Json, Json][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  return pairs.flat();
}

/** Puts the subcommands of a COMMAND INFO entry in name order (Redis lists them in dict order). */
function sortInfoSubcommands(entry: Json): Json {
  if (!Array.isArray(entry) || !Array.isArray(entry[9])) return entry;
  const subs = [...entry[9]].sort((a, b) => {
    const an = String((a as Json[])[0]);
    const bn = String((b as Json[])[0]);
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
  return [...entry.slice(0, 9), subs];
}

/** Puts the subcommands of a COMMAND DOCS map (RESP2 flat array or RESP3 {map}) in name order. */
function sortDocsSubcommands(docs: Json): Json {
  const resp3 = docs !== null && typeof docs === 'object' && !Array.isArray(docs) && 'map' in docs;
  const flat = (resp3 ? (docs as { map: Json[] }).map : docs) as Json[];
  if (!Array.isArray(flat)) return docs;
  const out = [...flat];
  const i = out.indexOf('subcommands');
  if (i >= 0 && i % 2 === 0) {
    const value = out[i + 1]!;
    if (Array.isArray(value)) out[i + 1] = sortPairs(value);
    else if (value !== null && typeof value === 'object' && 'map' in value) {
      out[i + 1] = { map: sortPairs(value.map as Json[]) };
    }
  }
  return resp3 ? { map: out } : out;
}

async function waitForServer(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    try {
      const c = await RespConnection.open(port, false);
      c.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('redis-server did not start');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      all: { type: 'boolean', default: false },
      server: { type: 'string', default: 'redis-server' },
      out: {
        type: 'string',
        default: new URL('../test/commands/fixtures/command-info.json', import.meta.url).pathname,
      },
    },
  });
  const port = 20000 + Math.floor(Math.random() * 30000);
  const child = spawn(values.server!, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
  ]);
  try {
    await waitForServer(port, child);
    const r2 = await RespConnection.open(port, false);
    const r3 = await RespConnection.open(port, true);
    await r3.send('HELLO', '3');
    const info = (await r2.send('INFO', 'server')) as string;
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const list = ((await r2.send('COMMAND', 'LIST')) as string[]).sort();
    const names = values.all ? list : SAMPLE;

    const commands: Record<string, Json> = {};
    for (const name of names) {
      const info2 = (await r2.send('COMMAND', 'INFO', name)) as Json[];
      const info3 = (await r3.send('COMMAND', 'INFO', name)) as Json[];
      const docs2 = (await r2.send('COMMAND', 'DOCS', name)) as Json[];
      const docs3 = (await r3.send('COMMAND', 'DOCS', name)) as { map: Json[] };
      commands[name] = {
        info: { resp2: sortInfoSubcommands(info2[0]!), resp3: sortInfoSubcommands(info3[0]!) },
        // An unknown command has no entry in the DOCS map.
        docs: {
          resp2: docs2.length === 0 ? null : sortDocsSubcommands(docs2[1]!),
          resp3: docs3.map.length === 0 ? null : sortDocsSubcommands(docs3.map[1]!),
        },
      };
    }
    const fixture = {
      recordedWith: `redis-server ${version}`,
      recordedBy: 'scripts/record-command-info.ts',
      help: { resp2: await r2.send('COMMAND', 'HELP'), resp3: await r3.send('COMMAND', 'HELP') },
      list,
      commands,
    };
    r2.close();
    r3.close();
    writeFileSync(values.out!, `${JSON.stringify(fixture, null, 2)}\n`);
    // Biome formats JSON too (arrays that fit on a line are collapsed); keep the fixture lint-clean.
    // (Biome skips files over 1 MiB and paths outside the project, e.g. an --all dump to /tmp.)
    try {
      execFileSync('npx', ['biome', 'format', '--write', values.out!], { stdio: 'inherit' });
    } catch {
      console.warn(`biome could not format ${values.out}; left as JSON.stringify wrote it`);
    }
    console.log(`wrote ${values.out}: ${names.length} commands from redis ${version}`);
  } finally {
    child.kill('SIGTERM');
  }
}

await main();

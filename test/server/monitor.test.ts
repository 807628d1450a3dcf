// MONITOR against redis-server 7.0.15: the lines a monitor receives for another client's
// commands and for its own, compared with Redis's (timestamps and client addresses masked),
// plus what only embedis can check (unix socket lines, the monitor list emptied on RESET and
// disconnect, no monitor for a session without a connection).
//
// Live (redis-server installed) the same script runs against both servers and the fixture
// test/server/fixtures/monitor.json is checked; without a server embedis is compared with it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StatusReply } from '../../src/commands/reply.js';
import { createServer } from '../../src/server/server.js';
import { Store } from '../../src/store.js';
import { RedisServer } from '../differential/redis-server.js';
import { cmd, type Embedis, LIVE, RawClient, RECORD, startEmbedis } from './wire.js';

const fixturePath = path.join(import.meta.dirname, 'fixtures', 'monitor.json');
const recorded: Record<string, string[]> = fs.existsSync(fixturePath)
  ? JSON.parse(fs.readFileSync(fixturePath, 'utf8'))
  : {};
const seen: Record<string, string[]> = {};

let redis: RedisServer | undefined;
let embedis: Embedis;

beforeAll(async () => {
  if (LIVE) redis = await RedisServer.start();
  embedis = await startEmbedis();
});
afterAll(async () => {
  await redis?.stop();
  await embedis.close();
  if (RECORD) fs.writeFileSync(fixturePath, `${JSON.stringify({ ...recorded, ...seen }, null, 1)}\n`);
});

/** `+1700000000.123456 [3 127.0.0.1:5555] "get"` -> `+<time> [3 <addr>] "get"`. */
const mask = (reply: string): string =>
  reply
    .replace(/^\+\d+\.\d{6} \[(\d+) [^\]]+\]/, '+<time> [$1 <addr>]')
    .replace(/\$2\r\nid\r\n:\d+/, '$2\r\nid\r\n:<id>'); // HELLO's client id

/** Runs a script against a server on `port` and returns every reply (compare() masks them). */
type Script = (port: number) => Promise<string[]>;

async function compare(name: string, script: Script): Promise<void> {
  const masked = async (port: number): Promise<string[]> => (await script(port)).map(mask);
  let expected: string[];
  if (LIVE) {
    expected = await masked(redis!.port);
    seen[name] = expected;
    if (!RECORD) expect(recorded[name], `fixture monitor.json is stale for '${name}'`).toEqual(expected);
  } else {
    expected = recorded[name]!;
    expect(expected, `no recorded Redis exchange '${name}' in monitor.json`).toBeDefined();
  }
  expect(await masked(embedis.port)).toEqual(expected);
}

/** Reads replies from `c` until one contains `sentinel`; returns them masked. */
async function readUntil(c: RawClient, sentinel: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const r = mask(await c.reply());
    out.push(r);
    if (r.includes(sentinel)) return out;
  }
}

/** Sends each command on `c` and waits for its reply (so the monitor sees them in order). */
async function run(c: RawClient, commands: string[][]): Promise<string[]> {
  const replies: string[] = [];
  for (const argv of commands) {
    c.write(cmd(...argv));
    replies.push(mask(await c.reply()));
  }
  return replies;
}

describe('MONITOR compared with redis-server', () => {
  test('another client: quoting, db after SELECT, MULTI/EXEC order, skipped and redacted commands', async () => {
    await compare('other client', async (port) => {
      const m = await RawClient.connect(port);
      const c = await RawClient.connect(port);
      try {
        m.write(cmd('MONITOR'));
        const out = [await m.reply()];
        out.push(
          ...(await run(c, [
            ['SET', 'foo', 'bar'],
            ['GET', 'foo'],
            ['SELECT', '3'],
            ['SET', 'a\x00b\n"\\\t\r\x07\x08', '\xff\x7f'],
            ['MULTI'],
            ['SET', 'x', '1'],
            ['INCR', 'x'],
            ['EXEC'],
            ['MULTI'],
            ['NOSUCHCOMMAND'],
            ['EXEC'],
            ['CONFIG', 'GET', 'maxmemory'], // admin: not shown
            ['GET'], // wrong arity: refused before it runs, not shown
            ['AUTH', 'pw'],
            ['AUTH', 'user', 'pw'],
            ['AUTH', 'a', 'b', 'c'],
            ['HELLO', '2', 'AUTH', 'user', 'pw'],
            ['HELLO', '3', 'SETNAME', 'name', 'AUTH', 'default', ''],
            ['HELLO', '2'],
            ['INCR', 'foo'], // a command error is still shown
            ['BLPOP', 'nokey', '0.01'], // shown when it blocks
            ['SELECT', '0'],
            ['PING', 'END'],
          ])),
        );
        out.push(...(await readUntil(m, 'END')));
        return out;
      } finally {
        m.close();
        c.close();
      }
    });
  });

  test("its own commands: the line follows the reply; keyspace commands refused; RESP3 lines are '+'", async () => {
    await compare('own commands', async (port) => {
      const m = await RawClient.connect(port);
      try {
        m.write(cmd('MONITOR'));
        const out = [await m.reply()];
        // Pipelined: each line comes right after the reply to its command.
        m.write(
          cmd('PING') + cmd('GET', 'foo') + cmd('ECHO', 'x') + cmd('CLIENT', 'GETNAME') + cmd('PING', 'P'),
        );
        out.push(...(await readUntil(m, '"P"')));
        m.write(cmd('HELLO', '3') + cmd('ECHO', 'END'));
        out.push(...(await readUntil(m, '"END"')));
        return out;
      } finally {
        m.close();
      }
    });
  });

  test('MONITOR inside MULTI is refused; RESET stops monitoring', async () => {
    await compare('multi and reset', async (port) => {
      const m = await RawClient.connect(port);
      const c = await RawClient.connect(port);
      try {
        const out = await run(m, [['MULTI'], ['MONITOR'], ['EXEC'], ['MONITOR']]);
        out.push(...(await run(c, [['SET', 'k', 'before']])));
        out.push(await m.reply());
        out.push(...(await run(m, [['RESET']])));
        out.push(...(await run(c, [['SET', 'k', 'after']])));
        out.push(...(await run(m, [['PING', 'no line before this']])));
        return out;
      } finally {
        m.close();
        c.close();
      }
    });
  });
});

describe('MONITOR in embedis only', () => {
  test('a unix socket client shows as [db unix:<path>]', async () => {
    const sock = path.join(os.tmpdir(), `embedis-monitor-${process.pid}.sock`);
    await embedis.server.listen({ path: sock });
    const m = await RawClient.connect(embedis.port);
    const net = await import('node:net');
    const u = net.connect({ path: sock });
    await new Promise<void>((r) => u.once('connect', () => r()));
    try {
      m.write(cmd('MONITOR'));
      expect(await m.reply()).toBe('+OK\r\n');
      u.write(cmd('SELECT', '5') + cmd('PING'));
      const lines = [await m.reply(), await m.reply()];
      expect(lines[0]).toMatch(new RegExp(`^\\+\\d+\\.\\d{6} \\[5 unix:${sock}\\] "SELECT" "5"\\r\\n$`));
      expect(lines[1]).toMatch(new RegExp(`^\\+\\d+\\.\\d{6} \\[5 unix:${sock}\\] "PING"\\r\\n$`));
    } finally {
      m.close();
      u.destroy();
      fs.rmSync(sock, { force: true });
    }
  });

  test('the monitor list empties on disconnect and RESET, so execute() is back to one null check', async () => {
    const store = new Store();
    const server = createServer(store);
    const { port } = (await server.listen({ port: 0 })) as { port: number };
    try {
      expect(store.monitors).toBeNull();
      const a = await RawClient.connect(port);
      const b = await RawClient.connect(port);
      a.write(cmd('MONITOR'));
      b.write(cmd('MONITOR'));
      await a.reply();
      await b.reply();
      expect(store.monitors).toHaveLength(2);
      b.write(cmd('CLIENT', 'LIST'));
      expect(await b.reply()).toMatch(/flags=O /);
      a.close();
      await new Promise((r) => setTimeout(r, 50));
      expect(store.monitors).toHaveLength(1);
      b.write(cmd('RESET'));
      expect(await b.reply()).toBe('+RESET\r\n');
      expect(store.monitors).toBeNull();
      b.write(cmd('GET', 'k')); // a keyspace command works again
      expect(await b.reply()).toBe('$-1\r\n');
      b.close();
    } finally {
      await server.close();
      store.close();
    }
  });

  test('a session without a connection cannot monitor (DENY BLOCKING)', () => {
    const store = new Store();
    expect(() => store.call('MONITOR')).toThrow("ERR MONITOR isn't allowed for DENY BLOCKING client");
    expect(store.monitors).toBeNull();
    store.close();
  });

  test('any session with a push callback can monitor; nothing is fed while a log is replayed', () => {
    const store = new Store();
    const lines: string[] = [];
    const monitor = store.createSession();
    monitor.push = (reply) => lines.push(String((reply as { value: string }).value));
    expect(store.dispatch(['MONITOR'], monitor)).toEqual(new StatusReply('OK'));
    store.call('SET', 'a', '1');
    store.loading = true; // as during DEBUG LOADAOF
    store.call('SET', 'b', '2');
    store.loading = false;
    store.call('CONFIG', 'GET', 'hz'); // admin: never shown
    store.call('GET', 'b');
    expect(lines.map((l) => l.replace(/^\d+\.\d{6} /, ''))).toEqual([
      '[0 ?:0] "SET" "a" "1"',
      '[0 ?:0] "GET" "b"',
    ]);
    store.releaseSession(monitor);
    expect(store.monitors).toBeNull();
    store.close();
  });

  test('in-process commands show the db and `?:0`, in order with wire commands', async () => {
    const m = await RawClient.connect(embedis.port);
    try {
      m.write(cmd('MONITOR'));
      await m.reply();
      embedis.store.call('SET', 'in-process', 'v');
      expect(mask(await m.reply())).toBe('+<time> [0 <addr>] "SET" "in-process" "v"\r\n');
      embedis.store.call('SET', 'typed', '1');
      expect(await m.reply()).toMatch(/^\+\d+\.\d{6} \[0 \?:0\] "SET" "typed" "1"\r\n$/);
    } finally {
      m.close();
    }
  });
});

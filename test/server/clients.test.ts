// Several clients on one server and one store: blocking commands served by another client's
// push, the client registry (CLIENT LIST / INFO / KILL / UNBLOCK / PAUSE), requirepass,
// client-side caching invalidations, pub/sub pushes, and the limits that disconnect a client.

import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { setRequirePass } from '../../src/commands/connection.js';
import { cmd, type Embedis, exchange, RawClient, startEmbedis } from './wire.js';

let srv: Embedis | undefined;
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv?.close();
  srv = undefined;
});

async function connect(port = srv!.port): Promise<RawClient> {
  const c = await RawClient.connect(port);
  clients.push(c);
  return c;
}

/** Sends one command and reads a reply of exactly `expected`'s length, returning it. */
async function call(c: RawClient, argv: string[], expected: string): Promise<string> {
  c.write(cmd(...argv));
  return c.read(expected);
}

/** Waits `ms`, then takes whatever arrived (to check that nothing did). */
async function readAll(c: RawClient, ms = 100): Promise<string> {
  await new Promise((r) => setTimeout(r, ms));
  return c.take();
}

const waitFor = async (cond: () => boolean, ms = 2000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('blocking commands across clients', () => {
  test('BLPOP on client A is served by RPUSH from client B; A’s pipelined PING waits for it', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    a.write(cmd('BLPOP', 'q', '0') + cmd('PING'));
    expect(await readAll(a, 50)).toBe('');
    expect(await call(b, ['RPUSH', 'q', 'job'], ':1\r\n')).toBe(':1\r\n');
    expect(await a.read('*2\r\n$1\r\nq\r\n$3\r\njob\r\n+PONG\r\n')).toBe(
      '*2\r\n$1\r\nq\r\n$3\r\njob\r\n+PONG\r\n',
    );
    expect(await call(b, ['LLEN', 'q'], ':0\r\n')).toBe(':0\r\n');
  });

  test('blocked clients are served first come, first served', async () => {
    srv = await startEmbedis();
    const a1 = await connect();
    const a2 = await connect();
    const b = await connect();
    a1.write(cmd('BLPOP', 'q', '0'));
    await new Promise((r) => setTimeout(r, 20));
    a2.write(cmd('BLPOP', 'q', '0'));
    await new Promise((r) => setTimeout(r, 20));
    await call(b, ['RPUSH', 'q', 'first', 'second'], ':2\r\n');
    expect(await a1.read('*2\r\n$1\r\nq\r\n$5\r\nfirst\r\n')).toBe('*2\r\n$1\r\nq\r\n$5\r\nfirst\r\n');
    expect(await a2.read('*2\r\n$1\r\nq\r\n$6\r\nsecond\r\n')).toBe('*2\r\n$1\r\nq\r\n$6\r\nsecond\r\n');
  });

  test('a client that disconnects while blocked takes nothing', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    a.write(cmd('BLPOP', 'q', '0'));
    await waitFor(() => [...srv!.server.clients()].some((c) => c.connectionInfo().blocked));
    a.close();
    await waitFor(() => srv!.server.clientCount === 1);
    await call(b, ['RPUSH', 'q', 'kept'], ':1\r\n');
    expect(await call(b, ['LLEN', 'q'], ':1\r\n')).toBe(':1\r\n');
  });

  test('CLIENT UNBLOCK replies as a timeout, or with an UNBLOCKED error', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    const aId = Number((await call(a, ['CLIENT', 'ID'], ':1\r\n')).slice(1));
    a.write(cmd('BLPOP', 'q', '0'));
    await waitFor(() => srv!.server.client(aId)!.connectionInfo().blocked);
    expect(await call(b, ['CLIENT', 'UNBLOCK', String(aId)], ':1\r\n')).toBe(':1\r\n');
    expect(await a.read('*-1\r\n')).toBe('*-1\r\n');
    a.write(cmd('BLPOP', 'q', '0'));
    await waitFor(() => srv!.server.client(aId)!.connectionInfo().blocked);
    expect(await call(b, ['CLIENT', 'UNBLOCK', String(aId), 'ERROR'], ':1\r\n')).toBe(':1\r\n');
    const err = '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n';
    expect(await a.read(err)).toBe(err);
    expect(await call(b, ['CLIENT', 'UNBLOCK', String(aId)], ':0\r\n')).toBe(':0\r\n');
  });

  test('fifty clients share one store', async () => {
    srv = await startEmbedis();
    const conns = await Promise.all(Array.from({ length: 50 }, () => connect()));
    await Promise.all(
      conns.map(async (c) => {
        let req = '';
        for (let i = 0; i < 100; i++) req += cmd('INCR', 'shared');
        c.write(req);
        for (let i = 0; i < 100; i++) await c.reply();
      }),
    );
    expect(srv.store.dispatch(['GET', 'shared'])).toBe('5000');
  });
});

describe('the client registry', () => {
  test('CLIENT LIST and INFO show every client with Redis 7.0’s fields', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    await call(a, ['CLIENT', 'SETNAME', 'alpha'], '+OK\r\n');
    await call(a, ['SELECT', '2'], '+OK\r\n');
    b.write(cmd('CLIENT', 'LIST'));
    const list = await b.reply();
    const lines = list
      .slice(list.indexOf('\r\n') + 2)
      .split('\n')
      .filter((l) => l.startsWith('id='));
    expect(lines).toHaveLength(2);
    const fields = lines.map((l) =>
      Object.fromEntries(l.split(' ').map((kv) => kv.split('=') as [string, string])),
    );
    expect(Object.keys(fields[0]!)).toEqual([
      'id',
      'addr',
      'laddr',
      'fd',
      'name',
      'age',
      'idle',
      'flags',
      'db',
      'sub',
      'psub',
      'ssub',
      'multi',
      'qbuf',
      'qbuf-free',
      'argv-mem',
      'multi-mem',
      'rbs',
      'rbp',
      'obl',
      'oll',
      'omem',
      'tot-mem',
      'events',
      'cmd',
      'user',
      'redir',
      'resp',
    ]);
    expect(fields[0]).toMatchObject({
      name: 'alpha',
      db: '2',
      flags: 'N',
      cmd: 'select',
      user: 'default',
      resp: '2',
    });
    expect(fields[1]).toMatchObject({ name: '', db: '0', cmd: 'client|list', 'argv-mem': '10' });
    expect(fields[0]!.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(fields[0]!.laddr).toBe(`127.0.0.1:${srv.port}`);
    a.write(cmd('CLIENT', 'INFO'));
    const info = await a.reply();
    expect(info).toMatch(
      /^\$\d+\r\nid=\d+ addr=.* name=alpha .* cmd=client\|info user=default redir=-1 resp=2\n\r\n$/,
    );
    // RESP3: a verbatim string
    b.write(cmd('HELLO', '3'));
    await b.reply();
    b.write(cmd('CLIENT', 'INFO'));
    expect(await b.reply()).toMatch(/^=\d+\r\ntxt:id=/);
  });

  test('CLIENT LIST ID and TYPE filter; flags show blocked and MULTI clients', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    const c = await connect();
    const aId = (await call(a, ['CLIENT', 'ID'], ':1\r\n')).slice(1, -2);
    a.write(cmd('BLPOP', 'q', '0'));
    await call(c, ['MULTI'], '+OK\r\n');
    await call(c, ['SET', 'k', 'v'], '+QUEUED\r\n');
    await waitFor(() => srv!.server.client(Number(aId))!.connectionInfo().blocked);
    b.write(cmd('CLIENT', 'LIST', 'ID', aId, '424242'));
    const one = await b.reply();
    expect(one.match(/id=/g)).toHaveLength(1);
    expect(one).toMatch(/flags=b .*argv-mem=7 .*cmd=blpop/);
    b.write(cmd('CLIENT', 'LIST', 'TYPE', 'normal'));
    const all = await b.reply();
    expect(all.match(/id=/g)).toHaveLength(3);
    expect(all).toMatch(/flags=x db=0 sub=0 psub=0 ssub=0 multi=1 /);
    b.write(cmd('CLIENT', 'LIST', 'TYPE', 'pubsub'));
    expect(await b.reply()).toBe('$0\r\n\r\n');
  });

  test('CLIENT KILL by ID, ADDR, TYPE and USER', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    const aId = (await call(a, ['CLIENT', 'ID'], ':1\r\n')).slice(1, -2);
    expect(await call(b, ['CLIENT', 'KILL', 'ID', aId], ':1\r\n')).toBe(':1\r\n');
    expect(await a.waitClosed()).toBe(true);

    const c = await connect();
    c.write(cmd('CLIENT', 'INFO'));
    const addr = /addr=(\S+)/.exec(await c.reply())![1]!;
    expect(await call(b, ['CLIENT', 'KILL', addr], '+OK\r\n')).toBe('+OK\r\n');
    expect(await c.waitClosed()).toBe(true);

    const d = await connect();
    const e = await connect();
    await call(d, ['PING'], '+PONG\r\n');
    await call(e, ['PING'], '+PONG\r\n');
    // SKIPME yes by default: b survives, d and e go.
    expect(await call(b, ['CLIENT', 'KILL', 'TYPE', 'normal'], ':2\r\n')).toBe(':2\r\n');
    expect(await d.waitClosed()).toBe(true);
    expect(await e.waitClosed()).toBe(true);
    expect(await call(b, ['CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes'], ':0\r\n')).toBe(':0\r\n');
    expect(srv.server.clientCount).toBe(1);
    // The server side can close a client too.
    const bId = [...srv.server.clients()][0]!.id;
    expect(srv.server.closeClient(bId)).toBe(true);
    expect(await b.waitClosed()).toBe(true);
  });

  test('CLIENT PAUSE WRITE holds writes until UNPAUSE; reads go on', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    await call(a, ['CLIENT', 'PAUSE', '10000', 'WRITE'], '+OK\r\n');
    b.write(cmd('SET', 'k', 'v') + cmd('GET', 'k'));
    const c = await connect();
    expect(await call(c, ['GET', 'k'], '$-1\r\n')).toBe('$-1\r\n');
    expect(await readAll(b, 50)).toBe('');
    c.write(cmd('CLIENT', 'LIST'));
    expect(await c.reply()).toMatch(/flags=b .*cmd=NULL/);
    await call(a, ['CLIENT', 'UNPAUSE'], '+OK\r\n');
    expect(await b.read('+OK\r\n$1\r\nv\r\n')).toBe('+OK\r\n$1\r\nv\r\n');
  });

  test('CLIENT PAUSE ALL holds every command until the timeout', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    await call(a, ['CLIENT', 'PAUSE', '150', 'ALL'], '+OK\r\n');
    const start = Date.now();
    expect(await call(b, ['PING'], '+PONG\r\n')).toBe('+PONG\r\n');
    expect(Date.now() - start).toBeGreaterThanOrEqual(120);
  });

  test('SHUTDOWN closes every connection and calls onShutdown', async () => {
    let shutdown: unknown;
    srv = await startEmbedis({ onShutdown: (o) => (shutdown = o) });
    const a = await connect();
    const b = await connect();
    a.write(cmd('SHUTDOWN', 'NOSAVE'));
    expect(await a.waitClosed()).toBe(true);
    expect(await b.waitClosed()).toBe(true);
    await waitFor(() => shutdown !== undefined);
    expect(shutdown).toEqual({ save: false, now: false, force: false });
  });
});

describe('authentication', () => {
  test('requirepass: NOAUTH until AUTH, HELLO AUTH logs in too', async () => {
    srv = await startEmbedis({ requirepass: 's3cret' });
    const a = await connect();
    expect(await call(a, ['GET', 'k'], '-NOAUTH Authentication required.\r\n')).toBe(
      '-NOAUTH Authentication required.\r\n',
    );
    const wrong = '-WRONGPASS invalid username-password pair or user is disabled.\r\n';
    expect(await call(a, ['AUTH', 'nope'], wrong)).toBe(wrong);
    expect(await call(a, ['AUTH', 's3cret'], '+OK\r\n')).toBe('+OK\r\n');
    expect(await call(a, ['GET', 'k'], '$-1\r\n')).toBe('$-1\r\n');
    const b = await connect();
    b.write(cmd('HELLO', '3', 'AUTH', 'default', 's3cret', 'SETNAME', 'bee'));
    expect(await b.reply()).toMatch(/^%7\r\n.*\$5\r\nproto\r\n:3\r\n/s);
    expect(await call(b, ['CLIENT', 'GETNAME'], '$3\r\nbee\r\n')).toBe('$3\r\nbee\r\n');
  });

  test('a password set later does not log out connected clients; removing it logs everyone in', async () => {
    srv = await startEmbedis();
    const a = await connect();
    await call(a, ['PING'], '+PONG\r\n');
    setRequirePass(srv.store, 'pw');
    const b = await connect();
    expect(await call(a, ['PING'], '+PONG\r\n')).toBe('+PONG\r\n');
    expect(await call(b, ['PING'], '-NOAUTH Authentication required.\r\n')).toBe(
      '-NOAUTH Authentication required.\r\n',
    );
    setRequirePass(srv.store, null);
    expect(await call(b, ['PING'], '+PONG\r\n')).toBe('+PONG\r\n');
  });
});

describe('pushes', () => {
  test('a RESP3 subscriber gets > pushes; a RESP2 one gets arrays', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const r2 = await connect();
    const b = await connect();
    a.write(cmd('HELLO', '3'));
    await a.reply();
    const sub3 = '>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n';
    expect(await call(a, ['SUBSCRIBE', 'ch'], sub3)).toBe(sub3);
    const sub2 = '*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n';
    expect(await call(r2, ['SUBSCRIBE', 'ch'], sub2)).toBe(sub2);
    expect(await call(b, ['PUBLISH', 'ch', 'hi'], ':2\r\n')).toBe(':2\r\n');
    expect(await a.read('>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n')).toBe(
      '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
    );
    expect(await r2.read('*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n')).toBe(
      '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
    );
    b.write(cmd('CLIENT', 'KILL', 'TYPE', 'pubsub'));
    expect(await b.read(':2\r\n')).toBe(':2\r\n');
  });

  test('CLIENT TRACKING: invalidations after a read key changes (default, BCAST, REDIRECT)', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const b = await connect();
    a.write(cmd('HELLO', '3'));
    await a.reply();
    await call(a, ['CLIENT', 'TRACKING', 'ON'], '+OK\r\n');
    await call(a, ['GET', 'k'], '_\r\n');
    await call(b, ['SET', 'k', '1'], '+OK\r\n');
    const inv = '>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n';
    expect(await a.read(inv)).toBe(inv);
    // Invalidated once: the key must be read again to be tracked again.
    await call(b, ['SET', 'k', '2'], '+OK\r\n');
    expect(await readAll(a, 50)).toBe('');
    // The client's own write: its invalidation follows the reply.
    await call(a, ['GET', 'k'], '$1\r\n2\r\n');
    expect(await call(a, ['SET', 'k', '3'], '+OK\r\n' + inv)).toBe('+OK\r\n' + inv);

    await call(a, ['CLIENT', 'TRACKING', 'OFF'], '+OK\r\n');
    await call(a, ['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:'], '+OK\r\n');
    b.write(cmd('SET', 'user:1', 'x') + cmd('SET', 'other', 'y') + cmd('SET', 'user:2', 'z'));
    await b.read('+OK\r\n+OK\r\n+OK\r\n');
    const bcast = '>2\r\n$10\r\ninvalidate\r\n*2\r\n$6\r\nuser:1\r\n$6\r\nuser:2\r\n';
    expect(await a.read(bcast)).toBe(bcast);

    // RESP2 with REDIRECT to a client subscribed to __redis__:invalidate.
    const r = await connect();
    const rId = (await call(r, ['CLIENT', 'ID'], ':1\r\n')).slice(1, -2);
    r.write(cmd('SUBSCRIBE', '__redis__:invalidate'));
    await r.reply();
    const t = await connect();
    await call(t, ['CLIENT', 'TRACKING', 'ON', 'REDIRECT', rId], '+OK\r\n');
    await call(t, ['GET', 'tk'], '$-1\r\n');
    await call(b, ['SET', 'tk', 'v'], '+OK\r\n');
    const msg = '*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$2\r\ntk\r\n';
    expect(await r.read(msg)).toBe(msg);
  });
});

describe('limits', () => {
  test('maxclients: one client too many gets an error and is disconnected', async () => {
    srv = await startEmbedis({ maxclients: 2 });
    await connect();
    await connect();
    expect(await exchange(srv.port, '')).toEqual({
      data: '-ERR max number of clients reached\r\n',
      closed: true,
    });
  });

  test('client-query-buffer-limit: a client whose unparsed input grows past it is closed', async () => {
    srv = await startEmbedis({ clientQueryBufferLimit: 1024 });
    expect(await exchange(srv.port, `*1\r\n$2000\r\n${'x'.repeat(1500)}`)).toEqual({
      data: '',
      closed: true,
    });
    expect(await exchange(srv.port, cmd('ECHO', 'x'.repeat(900)), { timeoutMs: 200 })).toEqual({
      data: `$900\r\n${'x'.repeat(900)}\r\n`,
      closed: false,
    });
  });

  test('client-output-buffer-limit: a client that does not read its replies is dropped', async () => {
    srv = await startEmbedis({
      clientOutputBufferLimit: { normal: { hard: 256 * 1024, soft: 0, softSeconds: 0 } },
    });
    srv.store.dispatch(['SET', 'big', 'x'.repeat(1024 * 1024)]);
    const socket = net.connect({ port: srv.port, host: '127.0.0.1' });
    socket.on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    socket.pause(); // never read
    await waitFor(() => srv!.server.clientCount === 1);
    for (let i = 0; i < 64; i++) socket.write(cmd('GET', 'big'));
    // A paused socket never sees the close: watch the server side.
    await waitFor(() => srv!.server.clientCount === 0, 10_000);
    socket.destroy();
  });

  test('pubsub clients have their own limit (32 MiB hard by default; here 1 MiB)', async () => {
    srv = await startEmbedis({
      clientOutputBufferLimit: { pubsub: { hard: 1024 * 1024, soft: 0, softSeconds: 0 } },
    });
    const socket = net.connect({ port: srv.port, host: '127.0.0.1' });
    socket.on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    socket.write(cmd('SUBSCRIBE', 'flood'));
    await new Promise((r) => socket.once('data', r));
    socket.pause();
    const message = 'm'.repeat(256 * 1024);
    let published = 0;
    for (; published < 400 && srv.server.clientCount > 0; published++) {
      srv.store.dispatch(['PUBLISH', 'flood', message]);
      await new Promise((r) => setImmediate(r));
    }
    expect(srv.server.clientCount).toBe(0);
    expect(published).toBeLessThan(400);
    expect(srv.store.dispatch(['PUBLISH', 'flood', 'x'])).toBe(0);
    socket.destroy();
  });
});

describe('CONFIG and INFO', () => {
  test('CONFIG reports the listeners and applies maxclients and client-output-buffer-limit at once', async () => {
    srv = await startEmbedis();
    const a = await connect();
    const bulk = (v: string): string => `$${v.length}\r\n${v}\r\n`;
    const port = String(srv.port);
    a.write(cmd('CONFIG', 'GET', 'port'));
    expect(await a.reply()).toBe(`*2\r\n${bulk('port')}${bulk(port)}`);
    a.write(cmd('CONFIG', 'GET', 'bind'));
    expect(await a.reply()).toBe(`*2\r\n${bulk('bind')}${bulk('127.0.0.1')}`);
    a.write(cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0'));
    expect(await a.reply()).toBe('+OK\r\n');
    expect(srv.server.outputLimit('pubsub')).toEqual({ hard: 1048576, soft: 0, softSeconds: 0 });
    a.write(cmd('INFO', 'clients'));
    expect(await a.reply()).toMatch(/connected_clients:1\r\n/);
    a.write(cmd('CONFIG', 'SET', 'maxclients', '1'));
    expect(await a.reply()).toBe('+OK\r\n');
    expect(await exchange(srv.port, '')).toEqual({
      data: '-ERR max number of clients reached\r\n',
      closed: true,
    });
    a.write(cmd('CONFIG', 'SET', 'requirepass', 'pw'));
    expect(await a.reply()).toBe('+OK\r\n');
    a.write(cmd('CONFIG', 'SET', 'maxclients', '10'));
    expect(await a.reply()).toBe('+OK\r\n');
    expect(await exchange(srv.port, cmd('PING'), { timeoutMs: 300 })).toEqual({
      data: '-NOAUTH Authentication required.\r\n',
      closed: false,
    });
  });
});

describe('listeners', () => {
  test('a unix socket listener serves the same store; CLIENT LIST flags it U', async () => {
    srv = await startEmbedis();
    const sock = path.join(os.tmpdir(), `embedis-test-${process.pid}.sock`);
    const address = await srv.server.listen({ path: sock });
    expect(address).toEqual({ path: sock });
    expect(srv.server.addresses()).toHaveLength(2);
    const c = net.connect({ path: sock });
    await new Promise((r) => c.once('connect', r));
    c.write(cmd('SET', 'via', 'unix') + cmd('CLIENT', 'INFO'));
    const got = await new Promise<string>((r) => {
      let acc = '';
      c.on('data', (b: Buffer) => {
        acc += b.toString('latin1');
        if (acc.endsWith('\n\r\n')) r(acc);
      });
    });
    expect(got).toContain(`addr=${sock}:0 laddr=${sock}:0`);
    expect(got).toMatch(/flags=U /);
    c.destroy();
    expect(srv.store.dispatch(['GET', 'via'])).toBe('unix');
  });

  test('close() disconnects clients and stops listening', async () => {
    const s = await startEmbedis();
    const a = await RawClient.connect(s.port);
    await s.close();
    expect(await a.waitClosed()).toBe(true);
    await expect(RawClient.connect(s.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

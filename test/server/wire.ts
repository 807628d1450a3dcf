// Helpers of the server tests: an embedis server on a free port, raw socket exchanges that
// return exactly the bytes a server sent (and whether it closed the connection), and the
// record/replay fixture of redis-server's bytes for the byte-for-byte comparisons.
//
// Live mode (redis-server installed, or CI=true): each comparison sends the same bytes to a
// real redis-server 7.0 and to embedis, compares the two, and checks that the fixture still
// holds what Redis sent (EMBEDIS_RECORD=1 rewrites it). Replay mode (no redis-server): embedis
// is compared with the fixture, so a fresh clone runs the same comparisons.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createServer, type EmbedisServer, type ServerOptions } from '../../src/server/server.js';
import { Store } from '../../src/store.js';
import {
  connectSocket,
  RedisConnection,
  RedisServer,
  redisServerVersion,
} from '../differential/redis-server.js';

export const RECORD = process.env.EMBEDIS_RECORD === '1';
export const LIVE =
  RECORD ||
  (process.env.EMBEDIS_REPLAY !== '1' && (redisServerVersion() !== undefined || process.env.CI === 'true'));

/** A running embedis server over a fresh store. */
export interface Embedis {
  server: EmbedisServer;
  store: Store;
  port: number;
  close(): Promise<void>;
}

export async function startEmbedis(options: ServerOptions = {}, store = new Store()): Promise<Embedis> {
  const server = createServer(store, options);
  const address = (await server.listen({ port: 0 })) as { port: number };
  return {
    server,
    store,
    port: address.port,
    close: async () => {
      await server.close();
      store.close();
    },
  };
}

/** What a server sent back on one connection. */
export interface Exchange {
  /** Every byte received, as a byte string. */
  data: string;
  /** The server closed the connection. */
  closed: boolean;
}

export interface ExchangeOptions {
  /** Write the request in pieces of this many bytes, one per event-loop turn. */
  chunk?: number;
  /** Stop once the received bytes end with this (a sentinel reply). */
  until?: string;
  /** Stop after this long without the connection closing or the sentinel arriving. */
  timeoutMs?: number;
}

/**
 * Opens a connection, sends `request` (a byte string), and collects the reply bytes until the
 * sentinel arrives, the server closes, or the time runs out.
 */
export function exchange(port: number, request: string, options: ExchangeOptions = {}): Promise<Exchange> {
  const { chunk, until, timeoutMs = 2000 } = options;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setNoDelay(true);
    const parts: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(parts).toString('latin1'), closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (b: Buffer) => {
      parts.push(b);
      if (until !== undefined && Buffer.concat(parts).toString('latin1').endsWith(until)) finish(false);
    });
    socket.on('error', () => {}); // a reset after the reply: 'close' follows
    socket.on('close', () => finish(true));
    socket.once('connect', async () => {
      const bytes = Buffer.from(request, 'latin1');
      if (chunk === undefined) {
        socket.write(bytes);
        return;
      }
      for (let i = 0; i < bytes.length && !settled; i += chunk) {
        socket.write(bytes.subarray(i, i + chunk));
        await new Promise((r) => setImmediate(r));
      }
    });
    socket.once('error', (e) => {
      if (!settled && parts.length === 0) reject(e);
    });
  });
}

/** A connection kept open across steps, reading replies as raw bytes. */
export class RawClient {
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (b: Buffer) => {
      this.buffer += b.toString('latin1');
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(port: number): Promise<RawClient> {
    return new RawClient(await connectSocket(port));
  }

  write(bytes: string): void {
    this.socket.write(Buffer.from(bytes, 'latin1'));
  }

  /** Waits until `n` bytes (or a string ending with `suffix`) arrived, and takes them. */
  async read(expected: string, timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < expected.length && !this.closed && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    const got = this.buffer.slice(0, Math.max(expected.length, 0));
    this.buffer = this.buffer.slice(got.length);
    return got;
  }

  /** Waits for one complete RESP reply (of any shape) and takes its bytes. */
  async reply(timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = replyLength(this.buffer, 0);
      if (n > 0) {
        const got = this.buffer.slice(0, n);
        this.buffer = this.buffer.slice(n);
        return got;
      }
      if (this.closed || Date.now() >= deadline)
        throw new Error(`no complete reply in ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Everything received so far (taken). */
  take(): string {
    const b = this.buffer;
    this.buffer = '';
    return b;
  }

  /** Waits until the server closes the connection; true when it did within the time. */
  async waitClosed(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Bytes of the complete RESP reply starting at `pos` of `s`, or -1 while it is incomplete. */
export function replyLength(s: string, pos: number): number {
  const eol = s.indexOf('\r\n', pos);
  if (eol < 0) return -1;
  const type = s[pos];
  const head = s.slice(pos + 1, eol);
  let end = eol + 2;
  if (type === '$' || type === '=' || type === '!') {
    const n = Number(head);
    if (n < 0) return end - pos;
    return s.length >= end + n + 2 ? end + n + 2 - pos : -1;
  }
  if (type === '*' || type === '~' || type === '>' || type === '%' || type === '|') {
    let n = Number(head);
    if (n < 0) return end - pos;
    if (type === '%' || type === '|') n *= 2;
    for (let i = 0; i < n; i++) {
      const len = replyLength(s, end);
      if (len < 0) return -1;
      end += len;
    }
    return end - pos;
  }
  return end - pos;
}

/** The multibulk encoding of a command given as text args. */
export function cmd(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

// ---- the fixture of Redis's bytes ----------------------------------------------------------

type Fixture = Record<string, Exchange>;

/**
 * One file's recorded Redis exchanges. `compare(name, request, options)` sends `request` to
 * embedis (and, live, to Redis) and asserts the bytes and the close are the same.
 */
export function redisFixture(
  file: string,
  options: { embedis?: ServerOptions; normalize?: (s: string) => string } = {},
) {
  const fixturePath = path.join(import.meta.dirname, 'fixtures', `${file}.json`);
  const recorded: Fixture = fs.existsSync(fixturePath)
    ? JSON.parse(fs.readFileSync(fixturePath, 'utf8'))
    : {};
  const seen: Fixture = {};
  let redis: RedisServer | undefined;
  let embedis: Embedis | undefined;
  const normalize = options.normalize ?? ((s: string) => s);

  beforeAll(async () => {
    if (LIVE) redis = await RedisServer.start();
    embedis = await startEmbedis(options.embedis);
  });
  afterAll(async () => {
    await redis?.stop();
    await embedis?.close();
    if (RECORD) fs.writeFileSync(fixturePath, `${JSON.stringify({ ...recorded, ...seen }, null, 1)}\n`);
  });

  return {
    /** The embedis server of this file. */
    get embedis(): Embedis {
      return embedis!;
    },
    /** Runs a command on the live redis-server (live mode only), after AUTH when given a password. */
    async redisAdmin(argv: string[], password?: string): Promise<unknown> {
      if (redis === undefined) return undefined;
      const c = await RedisConnection.connect(redis.port);
      try {
        if (password !== undefined) await c.call(['AUTH', password]);
        return await c.call(argv);
      } finally {
        c.close();
      }
    },
    async compare(name: string, request: string, exchangeOptions: ExchangeOptions = {}): Promise<Exchange> {
      let expected: Exchange;
      if (LIVE) {
        const got = await exchange(redis!.port, request, exchangeOptions);
        expected = { data: normalize(got.data), closed: got.closed };
        seen[name] = expected;
        if (!RECORD) {
          expect(recorded[name], `fixture ${file}.json is stale for '${name}': run EMBEDIS_RECORD=1`).toEqual(
            expected,
          );
        }
      } else {
        expected = recorded[name]!;
        expect(expected, `no recorded Redis exchange '${name}' in ${file}.json`).toBeDefined();
      }
      const got = await exchange(embedis!.port, request, exchangeOptions);
      expect({ data: normalize(got.data), closed: got.closed }).toEqual(expected);
      return got;
    },
  };
}

// A throwaway redis-server for one test file, and a minimal raw-socket RESP client for it.
// The client sends one command at a time and decodes replies with the harness's own decoder,
// so the bytes redis sends are judged exactly as embedis's encoded replies are.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { encodeCommand } from '../../src/resp/encode.js';
import { RespDecoder, type Value } from './resp-value.js';

/** The redis-server binary: `EMBEDIS_REDIS_SERVER` or `redis-server` on PATH. */
export const REDIS_SERVER_BIN = process.env.EMBEDIS_REDIS_SERVER || 'redis-server';

/** The version of the redis-server binary (`7.0.15`), or undefined when it can't be run. */
export function redisServerVersion(): string | undefined {
  const r = spawnSync(REDIS_SERVER_BIN, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return /v=(\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  /**
   * Spawns redis-server on a free port with no persistence and waits until it accepts commands.
   * It runs under a tiny `sh` watchdog that kills it when our end of the watchdog's stdin
   * closes, so a worker that dies without running afterAll leaves no server behind.
   */
  static async start(): Promise<RedisServer> {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const watchdog = 'exec 3<&0; "$0" "$@" </dev/null & pid=$!; read -r _ <&3; kill $pid; wait $pid';
    const child = spawn('sh', ['-c', watchdog, REDIS_SERVER_BIN, ...args, '--daemonize', 'no'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    const server = new RedisServer(port, child);
    for (let i = 0; i < 200; i++) {
      try {
        const c = await RedisConnection.connect(port);
        const pong = await c.call(['PING']);
        c.close();
        if (typeof pong === 'object' && pong !== null && 'status' in pong) return server;
      } catch {
        // not listening yet
      }
      if (/# (Fatal|Failed)|FATAL/i.test(output)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await server.stop();
    throw new Error(`redis-server did not start on port ${port}:\n${output}`);
  }

  /** Stops this server (the watchdog kills it by pid) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** One connection; commands are sent one at a time, in order. */
/** A TCP connection to 127.0.0.1:`port` with Nagle off, once it is established. */
export function connectSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setNoDelay(true);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
  });
}

export class RedisConnection {
  private readonly decoder = new RespDecoder();
  private readonly waiting: { resolve: (v: Value) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;
  /** RESP3 push messages received out of band (none unless a script subscribes or tracks). */
  readonly pushes: Value[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      try {
        this.decoder.push(chunk);
        for (let v = this.decoder.next(); v !== undefined; v = this.decoder.next()) {
          if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'push' in v) this.pushes.push(v);
          else this.waiting.shift()?.resolve(v);
        }
      } catch (e) {
        this.fail(e as Error);
      }
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection to redis-server closed')));
  }

  static async connect(port: number): Promise<RedisConnection> {
    return new RedisConnection(await connectSocket(port));
  }

  /** Sends one command (arguments are byte strings) and resolves with its decoded reply. */
  call(argv: readonly string[]): Promise<Value> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(Buffer.from(encodeCommand(argv), 'latin1'));
    });
  }

  close(): void {
    this.failure ??= new Error('connection closed');
    this.socket.destroy();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(e);
  }
}

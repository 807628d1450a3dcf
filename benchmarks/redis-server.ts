// A private redis-server for the benchmarks: started on 127.0.0.1 at a free, non-default port,
// with persistence off (`--save '' --appendonly no`) and a throwaway working directory, and
// stopped by its pid — on success, on error, and if this process exits or is interrupted.

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A running redis-server started by {@link startRedisServer}. */
export interface RedisServer {
  readonly port: number;
  readonly pid: number;
  readonly version: string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** Path of redis-server: $REDIS_SERVER, else the first on PATH, else undefined. */
export function findRedisServer(): string | undefined {
  const candidates = [
    process.env.REDIS_SERVER,
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'redis-server')),
  ];
  for (const c of candidates) {
    if (c === undefined || c === '') continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {}
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 chosen by the OS, never Redis's default 6379. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr !== null ? addr.port : 0));
      });
    });
    if (port !== 0 && port !== 6379) return port;
  }
}

/** Starts redis-server at `bin` and resolves once it accepts connections. */
export async function startRedisServer(bin: string): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'embedis-bench-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child: ChildProcess = spawn(bin, [...args, '--dir', dir, '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${bin}`);

  let exited = child.exitCode !== null;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // Last resort: never leave the server behind, whatever ends this process.
  const killNow = (): void => {
    if (!exited) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    killNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (!exited) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(killNow, 3000);
        await exitedPromise;
        clearTimeout(timer);
      }
      process.off('exit', killNow);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    const log = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server not ready after 10 s:\n${out}`)), 10_000);
      const onData = (chunk: Buffer): void => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          resolve(out);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with code ${code}:\n${out}`));
      });
    });
    child.stdout?.resume();
    child.stderr?.resume();
    const version = /Redis version=([^\s,]+)/.exec(log)?.[1] ?? 'unknown';
    return { port, pid, version, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

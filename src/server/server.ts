// The RESP server: Redis's networking layer over a Store. Any Redis client — redis-cli,
// ioredis, node-redis, redis-benchmark — talks to it over TCP or a unix socket, in RESP2 or
// RESP3 (HELLO 3), with one Session per connection and one Store shared by all of them.
//
// This file holds the listeners and the client registry (Redis's server.clients): ids, CLIENT
// LIST / KILL / PAUSE, requirepass, maxclients, the limits and SHUTDOWN. A connection's own
// read/execute/write loop lives in client.ts, client-side caching in tracking.ts.
//
// Single-threaded like Redis: each command runs to completion against the store, so commands
// from different clients interleave only between commands; a blocked client (BLPOP) waits
// without holding anyone else up and is served by whichever client's push makes its key ready.

import net from 'node:net';
import {
  authRequired,
  bindClient,
  boundClient,
  type ClientHost,
  type ClientType,
  nextClientId,
  releaseClientState,
  requirePass,
  type ShutdownOptions,
  setDefaultAuth,
  setRequirePass,
  setShutdownHandler,
} from '../commands/connection.js';
import { resolve } from '../commands/dispatch.js';
import { SessionState } from '../commands/gate.js';
import { MAX_CLIENTS } from '../errors.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { Client, type OutputBufferLimit } from './client.js';
import { Tracking } from './tracking.js';

export type { OutputBufferLimit } from './client.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /**
   * Password of the default user (Redis's `requirepass`): clients must `AUTH <password>` (or
   * `HELLO 3 AUTH default <password>`) before any other command. Sets the store's password,
   * shared by every server of that store.
   * @default no password
   */
  requirepass?: string;
  /**
   * Most clients connected at once; one more gets `-ERR max number of clients reached` and is
   * disconnected.
   * @default 10000
   */
  maxclients?: number;
  /**
   * Largest argument a client may send, in bytes (Redis's `proto-max-bulk-len`).
   * @default 536870912 (512 MiB)
   */
  protoMaxBulkLen?: number;
  /**
   * Most unparsed input a client may accumulate, in bytes (`client-query-buffer-limit`);
   * beyond it the client is disconnected.
   * @default 1073741824 (1 GiB)
   */
  clientQueryBufferLimit?: number;
  /**
   * Output buffer limits per client class (`client-output-buffer-limit`): pending output a
   * client may leave unread before it is disconnected.
   * @default normal: none; pubsub: hard 32 MiB, soft 8 MiB for 60 s
   */
  clientOutputBufferLimit?: { normal?: OutputBufferLimit; pubsub?: OutputBufferLimit };
  /**
   * Called once SHUTDOWN closed the server (every connection and listener). `embedis serve`
   * exits the process here. Without it SHUTDOWN only closes the server.
   */
  onShutdown?: (options: ShutdownOptions) => void;
  /** Receives warnings about clients (protocol abuse, limits reached). @default none */
  log?: (line: string) => void;
}

/** Where to listen: a TCP port (and host), or a unix socket path. */
export interface ListenOptions {
  /**
   * TCP port; 0 picks a free one.
   * @default 6379 when no path is given
   */
  port?: number;
  /**
   * Address to bind. Loopback by default, as Redis's protected mode intends.
   * @default '127.0.0.1'
   */
  host?: string;
  /** Unix socket path to listen on instead of TCP (Redis's `unixsocket`). */
  path?: string;
}

/** The address a listener is bound to. */
export type ServerAddress = { host: string; port: number; family: string } | { path: string };

/** Redis's default client-output-buffer-limit for the normal and pubsub classes. */
const DEFAULT_PUBSUB_LIMIT: OutputBufferLimit = {
  hard: 32 * 1024 * 1024,
  soft: 8 * 1024 * 1024,
  softSeconds: 60,
};

/** @internal the limits clients check. */
interface Limits {
  protoMaxBulkLen: number;
  queryBufferLimit: number;
  normal: OutputBufferLimit | null;
  pubsub: OutputBufferLimit | null;
}

const activeLimit = (
  l: OutputBufferLimit | undefined,
  dflt: OutputBufferLimit | null,
): OutputBufferLimit | null => {
  const v = l ?? dflt;
  return v === null || (v.hard <= 0 && v.soft <= 0) ? null : v;
};

/**
 * A RESP2/RESP3 server over one {@link Store}: see {@link createServer}.
 */
export class EmbedisServer implements ClientHost {
  /** The store every connection runs its commands against. */
  readonly store: Store;
  /** @internal */
  readonly limits: Limits;
  /** @internal client-side caching state. */
  readonly tracking = new Tracking(this);
  /** @internal the client whose command is running, if any (server.current_client). */
  current: Client | null = null;
  /** @internal CLIENT PAUSE mode in force, or null. */
  pauseMode: 'write' | 'all' | null = null;
  private pauseEnd = 0;
  private pauseTimer: { cancel(): void } | null = null;
  private pausedClients: Client[] = [];
  private readonly registry = new Map<number, Client>();
  private readonly listeners: net.Server[] = [];
  private maxclients: number;
  private readonly options: ServerOptions;
  private closing: Promise<void> | null = null;
  private readonly unbind: (() => void)[] = [];

  constructor(store: Store, options: ServerOptions = {}) {
    this.store = store;
    this.options = options;
    // Options win; otherwise the store's CONFIG values (a `config` given to new Store()).
    const config = store.config;
    this.maxclients = options.maxclients ?? config.get('maxclients');
    const obl = options.clientOutputBufferLimit;
    const configured = parseOutputBufferLimits(String(config.get('client-output-buffer-limit')));
    this.limits = {
      protoMaxBulkLen: options.protoMaxBulkLen ?? Number(config.get('proto-max-bulk-len')),
      queryBufferLimit: options.clientQueryBufferLimit ?? Number(config.get('client-query-buffer-limit')),
      normal: activeLimit(obl?.normal, configured.normal ?? null),
      pubsub: activeLimit(obl?.pubsub, configured.pubsub ?? DEFAULT_PUBSUB_LIMIT),
    };
    if (options.requirepass !== undefined) setRequirePass(store, options.requirepass);
    setShutdownHandler(store, (o) => this.shutdown(o));
    this.bindConfig();
    const stats = store.stats;
    stats.describeClient = (session) => {
      const c = boundClient(session);
      return c === undefined ? undefined : { addr: c.addr, name: c.name };
    };
    this.unbind.push(
      stats.provide('clients', () => {
        let maxIn = 0;
        let maxOut = 0;
        for (const c of this.registry.values()) {
          const info = c.connectionInfo();
          if (info.qbuf > maxIn) maxIn = info.qbuf;
          if (info.omem > maxOut) maxOut = info.omem;
        }
        return {
          client_recent_max_input_buffer: maxIn,
          client_recent_max_output_buffer: maxOut,
          tracking_clients: this.tracking.clients,
        };
      }),
    );
  }

  /**
   * CONFIG GET / SET of what the server owns: port, bind and unixsocket report the listeners;
   * maxclients, proto-max-bulk-len, client-query-buffer-limit and client-output-buffer-limit
   * apply at once (the bulk length limit to connections made afterwards).
   */
  private bindConfig(): void {
    const config = this.store.config;
    const tcp = (): { host: string; port: number } | undefined =>
      this.addresses().find((a): a is { host: string; port: number; family: string } => 'port' in a);
    this.unbind.push(
      config.bind<number>('port', { get: () => tcp()?.port ?? 0 }),
      config.bind<string>('bind', { get: () => tcp()?.host ?? '' }),
      config.bind<string>('unixsocket', {
        get: () => this.addresses().find((a): a is { path: string } => 'path' in a)?.path ?? '',
      }),
      config.bind<number>('maxclients', {
        get: () => this.maxclients,
        set: (v) => {
          this.maxclients = v;
        },
      }),
      config.bind<number>('proto-max-bulk-len', {
        get: () => this.limits.protoMaxBulkLen,
        set: (v) => {
          this.limits.protoMaxBulkLen = v;
        },
      }),
      config.bind<number>('client-query-buffer-limit', {
        get: () => this.limits.queryBufferLimit,
        set: (v) => {
          this.limits.queryBufferLimit = v;
        },
      }),
      config.bind<string>('client-output-buffer-limit', {
        get: () => {
          const text = (l: OutputBufferLimit | null): string =>
            l === null ? '0 0 0' : `${l.hard} ${l.soft} ${l.softSeconds}`;
          return `normal ${text(this.limits.normal)} slave 268435456 67108864 60 pubsub ${text(this.limits.pubsub)}`;
        },
        set: (v) => {
          const parsed = parseOutputBufferLimits(v);
          this.limits.normal = activeLimit(parsed.normal, null);
          this.limits.pubsub = activeLimit(parsed.pubsub, null);
        },
      }),
    );
  }

  /**
   * Starts listening on a TCP port or a unix socket; call it again to listen on both. Resolves
   * with the bound address.
   * @example
   * const server = createServer(new Store());
   * const { port } = (await server.listen({ port: 0 })) as { port: number };
   */
  listen(options: ListenOptions = {}): Promise<ServerAddress> {
    const srv = net.createServer({ noDelay: true }, (socket) => this.accept(socket, options.path ?? null));
    this.listeners.push(srv);
    return new Promise((resolveListen, reject) => {
      srv.once('error', reject);
      const done = (): void => {
        srv.removeListener('error', reject);
        srv.on('error', (e) => this.log(`listener error: ${e.message}`));
        resolveListen(addressOf(srv)!);
      };
      if (options.path !== undefined) srv.listen(options.path, done);
      else srv.listen(options.port ?? 6379, options.host ?? '127.0.0.1', done);
    });
  }

  /** The first listener's address (null before listen()). */
  address(): ServerAddress | null {
    const first = this.listeners[0];
    return first === undefined ? null : addressOf(first);
  }

  /** Every listener's address. */
  addresses(): ServerAddress[] {
    return this.listeners.map(addressOf).filter((a): a is ServerAddress => a !== null);
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.registry.size;
  }

  /** Every connected client, in connection order (CLIENT LIST). */
  clients(): IterableIterator<Client> {
    return this.registry.values();
  }

  /** The connected client with this id. */
  client(id: number): Client | undefined {
    return this.registry.get(id);
  }

  /**
   * Disconnects a client now, as CLIENT KILL ID does; output not yet sent is dropped.
   * @returns false when no client has this id.
   */
  closeClient(id: number): boolean {
    const c = this.registry.get(id);
    if (c === undefined) return false;
    c.kill();
    return true;
  }

  /**
   * Stops listening and disconnects every client; blocked commands are dropped. The store
   * stays open. Resolves once every socket is closed. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.unpause();
    for (const u of this.unbind.splice(0)) u();
    if (this.store.stats.describeClient !== null) this.store.stats.describeClient = null;
    const closed = this.listeners.map((srv) => new Promise<void>((r) => srv.close(() => r())));
    for (const c of [...this.registry.values()]) c.kill();
    await Promise.all(closed);
  }

  /** SHUTDOWN: closes every connection and listener, then calls `onShutdown`. */
  private shutdown(options: ShutdownOptions): boolean {
    void this.close().then(() => this.options.onShutdown?.(options));
    return true;
  }

  // ---- ClientHost -----------------------------------------------------------------------------

  /** CLIENT PAUSE: pauses only lengthen, and WRITE never weakens ALL (pauseClients). */
  pause(until: number, mode: 'write' | 'all'): void {
    const now = this.store.clock.now();
    if (this.pauseMode === null || until > this.pauseEnd) this.pauseEnd = until;
    if (this.pauseMode !== 'all') this.pauseMode = mode;
    this.pauseTimer?.cancel();
    this.pauseTimer = null;
    if (this.pauseEnd <= now) {
      // A pause that already ended (timeout 0) lifts once the current command is done.
      queueMicrotask(() => {
        if (this.pauseMode !== null && this.pauseEnd <= this.store.clock.now()) this.unpause();
      });
      return;
    }
    this.pauseTimer = this.store.clock.setTimer(() => this.unpause(), this.pauseEnd - now);
  }

  /** CLIENT UNPAUSE: held commands run again, first held first. */
  unpause(): void {
    if (this.pauseMode === null) return;
    this.pauseMode = null;
    this.pauseEnd = 0;
    this.pauseTimer?.cancel();
    this.pauseTimer = null;
    const held = this.pausedClients;
    this.pausedClients = [];
    for (const c of held) c.resume();
  }

  /**
   * @internal whether CLIENT PAUSE holds this command: every command under ALL, write and
   * may-replicate ones (and an EXEC queueing one) under WRITE. Commands processCommand rejects
   * earlier (unknown, wrong arity, NOAUTH) are not held.
   */
  pauses(argv: string[], session: Session): boolean {
    const entry = resolve(argv);
    if (!('info' in entry)) return false;
    const info = entry.info;
    if (
      (session.state ?? 0) & SessionState.NOAUTH &&
      !info.flags.includes('no_auth') &&
      this.authRequired(session)
    ) {
      return false;
    }
    if (this.pauseMode === 'all') return true;
    if (mayReplicate(info.flags)) return true;
    if (info.fullname === 'exec' && session.tx !== undefined) {
      for (const q of session.tx.queue) if (mayReplicate(q.entry.info.flags)) return true;
    }
    return false;
  }

  /** @internal a client whose command is held until the pause ends. */
  addPaused(client: Client): void {
    this.pausedClients.push(client);
  }

  /** @internal */
  authRequired(session: Session): boolean {
    return authRequired(this.store, session);
  }

  /** @internal the output buffer limit of a client class (null: unlimited). */
  outputLimit(type: ClientType): OutputBufferLimit | null {
    return type === 'pubsub' ? this.limits.pubsub : this.limits.normal;
  }

  /** @internal */
  log(line: string): void {
    this.options.log?.(line);
  }

  private accept(socket: net.Socket, unixPath: string | null): void {
    if (this.closing !== null) {
      socket.destroy();
      return;
    }
    const stats = this.store.stats;
    stats.connectionsReceived++;
    if (this.registry.size >= this.maxclients) {
      stats.rejectedConnections++;
      socket.on('error', () => {});
      socket.end(`-${MAX_CLIENTS}\r\n`);
      return;
    }
    if (unixPath === null) socket.setKeepAlive(true, 300_000); // tcp-keepalive 300
    const session = this.store.createSession();
    if (requirePass(this.store) !== null) setDefaultAuth(this.store, session);
    const client = new Client(nextClientId(this.store), this, socket, session, unixPath);
    this.registry.set(client.id, client);
    stats.connectedClients = this.registry.size;
    bindClient(session, client);
  }

  /** @internal a client's socket closed. */
  detach(client: Client): void {
    if (!this.registry.delete(client.id)) return;
    this.store.stats.connectedClients = this.registry.size;
    const i = this.pausedClients.indexOf(client);
    if (i >= 0) this.pausedClients.splice(i, 1);
    this.tracking.detach(client);
    releaseClientState(this.store, client.session);
  }
}

/** client-output-buffer-limit's text (`normal 0 0 0 slave … pubsub 33554432 8388608 60`), per class. */
function parseOutputBufferLimits(text: string): { normal?: OutputBufferLimit; pubsub?: OutputBufferLimit } {
  const out: { normal?: OutputBufferLimit; pubsub?: OutputBufferLimit } = {};
  const parts = text.trim().split(/\s+/);
  for (let i = 0; i + 3 < parts.length; i += 4) {
    const limit = {
      hard: Number(parts[i + 1]),
      soft: Number(parts[i + 2]),
      softSeconds: Number(parts[i + 3]),
    };
    if (parts[i] === 'normal') out.normal = limit;
    else if (parts[i] === 'pubsub') out.pubsub = limit;
  }
  return out;
}

const mayReplicate = (flags: readonly string[]): boolean =>
  flags.includes('write') || flags.includes('may_replicate');

function addressOf(srv: net.Server): ServerAddress | null {
  const a = srv.address();
  if (a === null) return null;
  if (typeof a === 'string') return { path: a };
  return { host: a.address, port: a.port, family: a.family };
}

/**
 * Creates a RESP server over `store`: Redis 7.0's wire protocol (RESP2, and RESP3 after
 * `HELLO 3`), inline and multibulk requests, pipelining, blocking commands, pub/sub pushes,
 * CLIENT commands, AUTH with `requirepass`, and Redis's limits. Call `listen()` to accept
 * connections; many servers and in-process callers may share one store.
 *
 * @example
 * import { createServer, Store } from 'embedis';
 * const server = createServer(new Store(), { requirepass: 'secret' });
 * await server.listen({ port: 6380 });
 * // redis-cli -p 6380 -a secret PING
 * await server.close();
 * @see https://redis.io/docs/reference/protocol-spec/
 */
export function createServer(store: Store, options: ServerOptions = {}): EmbedisServer {
  return new EmbedisServer(store, options);
}

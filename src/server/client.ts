// One client connection of the RESP server: Redis's `client` struct and its read/write path
// (networking.c readQueryFromClient → processInputBuffer → processCommand, addReply,
// writeToClient).
//
// Input: every chunk goes into the RequestDecoder; commands are taken one at a time and run
// against the shared Store with this connection's Session, so a command runs (and may change the
// client's state: AUTH, SELECT, HELLO 3, MULTI) before the next one is parsed.
//
// Order: replies go out strictly in request order. A command that blocks (BLPOP on empty
// lists) returns a BlockedReply; the connection then stops taking commands — later requests
// stay in the query buffer, as Redis leaves a blocked client's input unread — and resumes once
// the reply is written. CLIENT PAUSE holds a command the same way.
//
// Output: replies are encoded into one pending byte string, and one socket write per read batch
// sends it (flushed in a microtask, so a pipeline of N commands read in one chunk costs one
// write(2) and no Buffer allocation: net.Socket writes latin1 strings straight to libuv).
// Out-of-band pushes (pub/sub messages) join the same stream in the order they happen.
//
// Limits: client-query-buffer-limit (unparsed input; the client is closed, with no reply) and
// client-output-buffer-limit per class (hard: close at once; soft: close when over it for
// longer than its seconds), as Redis's checkClientOutputBufferLimits.

import type net from 'node:net';
import {
  type ClientConnection,
  type ConnectionInfo,
  clientType,
  type TrackingOptions,
} from '../commands/connection.js';
import { resolve } from '../commands/dispatch.js';
import { SessionState } from '../commands/gate.js';
import { BlockedReply, PushReply, type Reply, StatusReply } from '../commands/reply.js';
import type { ReplyError } from '../errors.js';
import { ProtocolError, RequestDecoder } from '../resp/decode.js';
import { encodeReply } from '../resp/encode.js';
import type { Session } from '../store/core.js';
import type { EmbedisServer } from './server.js';

const CRLF = '\r\n';

/** One output buffer class's limits (client-output-buffer-limit). 0 disables a limit. */
export interface OutputBufferLimit {
  /** Close the client as soon as its pending output reaches this many bytes. */
  hard: number;
  /** Close the client when its pending output stays at or above this many bytes … */
  soft: number;
  /** … for longer than this many seconds. */
  softSeconds: number;
}

/** A connected client of the server (not exported from the package); see the file header. */
export class Client implements ClientConnection {
  readonly session: Session;
  name: string | null = null;
  user = 'default';
  noEvict = false;
  tracking: TrackingOptions | null = null;
  trackingCaching = false;
  readonly addr: string;
  readonly laddr: string;
  /** The unix socket path when connected through one. */
  private readonly unixSocket: boolean;
  private readonly decoder: RequestDecoder;
  /** Encoded output not yet handed to the socket. */
  private out = '';
  private flushScheduled = false;
  /** CLIENT REPLY OFF. */
  private replyOff = false;
  /** CLIENT_REPLY_SKIP: drop the reply of the command being run. */
  private replySkip = false;
  /** CLIENT_REPLY_SKIP_NEXT: drop the reply of the next command. */
  private replySkipNext = false;
  /** The current command sends no reply of its own (CLIENT REPLY SKIP). */
  private noReply = false;
  /** Output waiting for the append-only log's fsync (appendfsync always); null when none. */
  private held: Promise<void> | null = null;
  /** A blocking command waiting for its reply. */
  private blocked: BlockedReply | null = null;
  /** A command held by CLIENT PAUSE, run again when the pause ends. */
  private paused: string[] | null = null;
  /** CLIENT_CLOSE_AFTER_REPLY: take no more commands; close once the output is written. */
  private closing = false;
  private closed = false;
  /** Inside processInput: commands' output is flushed when the batch ends. */
  private processing = false;
  private readonly created: number;
  private lastInteraction: number;
  private lastArgv: string[] | null = null;
  /** Arguments of the command running or blocked (argv-mem). */
  private currentArgv: string[] | null = null;
  /** When the output first went over the soft limit (0: it is not over it). */
  private softLimitSince = 0;

  constructor(
    readonly id: number,
    readonly host: EmbedisServer,
    private readonly socket: net.Socket,
    session: Session,
    unixPath: string | null,
  ) {
    this.session = session;
    this.unixSocket = unixPath !== null;
    if (unixPath !== null) {
      this.addr = `${unixPath}:0`;
      this.laddr = `${unixPath}:0`;
    } else {
      this.addr = formatAddr(socket.remoteAddress, socket.remotePort);
      this.laddr = formatAddr(socket.localAddress, socket.localPort);
    }
    this.created = this.lastInteraction = Date.now();
    this.decoder = new RequestDecoder({
      maxBulkLength: host.limits.protoMaxBulkLen,
      authRequired: () => host.authRequired(session),
    });
    session.push = (reply) => this.push(reply);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {}); // ECONNRESET and the like: 'close' follows
    socket.on('close', () => this.onClose());
  }

  // ---- input --------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.lastInteraction = Date.now();
    this.host.store.stats.netInputBytes += chunk.length;
    this.decoder.push(chunk);
    if (this.decoder.buffered > this.host.limits.queryBufferLimit) {
      // Redis logs "Closing client that reached max query buffer length" and frees the client.
      this.host.log(`Closing client that reached max query buffer length: id=${this.id} addr=${this.addr}`);
      this.kill();
      return;
    }
    this.processInput();
  }

  /** processInputBuffer: runs complete commands until the input runs out or the client waits. */
  private processInput(): void {
    this.processing = true;
    try {
      while (this.blocked === null && this.paused === null && !this.closing && !this.closed) {
        const argv = this.decoder.next();
        if (argv === null) break;
        if (argv instanceof ProtocolError) {
          this.addReply(argv);
          this.closing = true;
          break;
        }
        if (argv.length === 0) this.resetAfterCommand(null);
        else this.processCommand(argv);
      }
    } finally {
      this.processing = false;
    }
    this.flush();
  }

  /** processCommand + call for one request. */
  private processCommand(argv: string[]): void {
    const host = this.host;
    const name = argv[0]!;
    // Cross protocol scripting (an HTTP POST or Host: header sent to Redis): drop the client.
    if ((name.length === 4 || name.length === 5) && isSecurityWarning(name)) {
      // Replies not yet written go too (freeClientAsync).
      host.log(
        'Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands.',
      );
      this.kill();
      return;
    }
    if (host.pauseMode !== null && host.pauses(argv, this.session)) {
      this.paused = argv;
      this.currentArgv = argv;
      host.addPaused(this);
      return;
    }
    this.lastArgv = argv;
    this.currentArgv = argv;
    host.current = this;
    const reply = host.store.dispatchBytes(argv, this.session);
    host.current = null;
    if (reply instanceof BlockedReply) {
      this.blocked = reply;
      reply.promise.then((r) => this.onUnblocked(r));
      return;
    }
    this.addReply(reply);
    this.resetAfterCommand(argv);
  }

  private onUnblocked(reply: Reply): void {
    this.blocked = null;
    if (this.closed) return;
    this.addReply(reply);
    this.resetAfterCommand(this.currentArgv);
    this.processInput();
  }

  /** resetClient: what changes between two commands. */
  private resetAfterCommand(argv: string[] | null): void {
    this.currentArgv = null;
    this.noReply = false;
    this.replySkip = this.replySkipNext;
    this.replySkipNext = false;
    // CLIENT CACHING applies to the next command only (or the next transaction).
    if (this.trackingCaching && !((this.session.state ?? 0) & SessionState.MULTI)) {
      if (argv === null || argv[0]!.toLowerCase() !== 'client') this.trackingCaching = false;
    }
    if (this.tracking !== null && argv !== null) this.host.tracking.afterCommand(this, argv);
  }

  /** Runs the command CLIENT PAUSE held, then the rest of the input. */
  resume(): void {
    const argv = this.paused;
    if (argv === null || this.closed) return;
    this.paused = null;
    this.processing = true;
    try {
      this.processCommand(argv);
    } finally {
      this.processing = false;
    }
    this.processInput();
  }

  // ---- output -------------------------------------------------------------------------------

  /** addReply: queues a reply unless CLIENT REPLY silences it (pushes always go out). */
  private addReply(reply: Reply): void {
    if (this.closed) return;
    if (this.replyOff || this.replySkip || this.noReply) {
      if (!(reply instanceof PushReply)) return;
    }
    const protocol = this.session.protocol;
    let bytes: string;
    if (typeof reply === 'string') bytes = '$' + reply.length + CRLF + reply + CRLF;
    else if (typeof reply === 'number') bytes = ':' + reply + CRLF;
    else if (reply instanceof StatusReply) bytes = '+' + reply.value + CRLF;
    else if (reply === null) bytes = protocol === 3 ? '_\r\n' : '$-1\r\n';
    else bytes = encodeReply(reply, protocol);
    this.out += bytes;
    if (!this.processing) this.scheduleFlush();
  }

  /** Session.push: out-of-band data, in the order it happens, whatever CLIENT REPLY says. */
  private push(reply: Reply): void {
    if (this.closed) return;
    this.out += encodeReply(reply, this.session.protocol);
    if (!this.processing) this.scheduleFlush();
  }

  /** Writes `bytes` (already encoded) as out-of-band data: tracking invalidations. */
  pushRaw(bytes: string): void {
    if (this.closed) return;
    this.out += bytes;
    if (!this.processing) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /**
   * Hands pending output to the socket and enforces the output buffer limits. With
   * `appendfsync always`, replies wait until the log batch holding their writes is fsynced
   * (the AOF's durable()), so no acknowledged write can be lost; later output queues behind
   * them, keeping replies in order. A failed fsync closes the connection unanswered.
   */
  private flush(): void {
    if (this.closed) return;
    if (this.out !== '') {
      const out = this.out;
      this.out = '';
      this.host.store.stats.netOutputBytes += out.length;
      const durable = this.host.store.persistence.log?.durable() ?? null;
      if (durable === null && this.held === null) {
        this.socket.write(out, 'latin1');
        if (this.checkOutputLimits()) return;
      } else {
        const held = (this.held ?? Promise.resolve())
          .then(() => durable)
          .then(
            () => {
              if (this.closed) return;
              this.socket.write(out, 'latin1');
              this.checkOutputLimits();
            },
            () => this.kill(),
          );
        this.held = held;
        void held.then(() => {
          if (this.held === held) {
            this.held = null;
            this.flush(); // a pending close
          }
        });
        return;
      }
    }
    if (this.closing && this.blocked === null && this.held === null) {
      this.closed = true;
      this.socket.end(() => this.socket.destroy());
    }
  }

  /** checkClientOutputBufferLimits; closes the client and returns true when one is exceeded. */
  private checkOutputLimits(): boolean {
    const limit = this.host.outputLimit(clientType(this));
    if (limit === null) return false;
    const used = this.socket.writableLength;
    let over = limit.hard > 0 && used >= limit.hard;
    if (!over && limit.soft > 0 && used >= limit.soft) {
      const now = Date.now();
      if (this.softLimitSince === 0) this.softLimitSince = now;
      else if (now - this.softLimitSince > limit.softSeconds * 1000) over = true;
    } else if (!over) {
      this.softLimitSince = 0;
    }
    if (!over) return false;
    this.host.log(`Client id=${this.id} addr=${this.addr} closed for overcoming of output buffer limits.`);
    this.kill();
    return true;
  }

  // ---- ClientConnection ---------------------------------------------------------------------

  connectionInfo(): ConnectionInfo {
    const now = Date.now();
    const last = this.lastArgv;
    let cmd = 'NULL';
    if (last !== null) {
      const entry = resolve(last);
      if ('info' in entry) cmd = entry.info.fullname;
    }
    let argvMem = 0;
    if (this.currentArgv !== null) for (const a of this.currentArgv) argvMem += a.length;
    const omem = this.socket.writableLength + this.out.length;
    return {
      fd: (this.socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1,
      age: Math.floor((now - this.created) / 1000),
      idle: Math.floor((now - this.lastInteraction) / 1000),
      cmd,
      qbuf: this.decoder.buffered,
      argvMem,
      omem,
      blocked: this.blocked !== null || this.paused !== null,
      closing: this.closing,
      unixSocket: this.unixSocket,
      events: omem > 0 ? 'rw' : 'r',
    };
  }

  closeAfterReply(): void {
    this.closing = true;
  }

  /** freeClient: closes now, output not yet written is dropped. */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    this.out = '';
    this.socket.destroy();
  }

  setReplyMode(mode: 'on' | 'off' | 'skip'): void {
    if (mode === 'on') {
      this.replyOff = false;
      this.replySkip = false;
      this.replySkipNext = false;
    } else if (mode === 'off') {
      this.replyOff = true;
    } else {
      if (!this.replyOff) this.replySkipNext = true;
      this.noReply = true;
    }
  }

  unblock(error?: ReplyError): boolean {
    const b = this.blocked;
    return b?.blocked === true && b.unblock(error);
  }

  setTracking(options: TrackingOptions | null): void {
    this.host.tracking.setTracking(this, options);
    this.tracking = options;
  }

  /** True while the connection is open. */
  get connected(): boolean {
    return !this.closed;
  }

  private onClose(): void {
    this.closed = true;
    this.out = '';
    const blocked = this.blocked;
    this.blocked = null;
    // A client that leaves while blocked leaves the key's queue, so a later push is not lost.
    if (blocked?.blocked) blocked.unblock();
    this.host.detach(this);
  }
}

/** `host:` or `post` in any case (processCommand's securityWarningCommand). */
function isSecurityWarning(name: string): boolean {
  const first = name.charCodeAt(0) | 0x20; // lower case
  if (first !== 0x68 && first !== 0x70) return false;
  const n = name.toLowerCase();
  return n === 'host:' || n === 'post';
}

/** `ip:port` as Redis formats it (IPv6 in brackets is not used by Redis: `::1:6379`). */
function formatAddr(ip: string | undefined, port: number | undefined): string {
  let a = ip ?? '?';
  if (a.startsWith('::ffff:') && a.includes('.')) a = a.slice(7);
  return `${a}:${port ?? 0}`;
}

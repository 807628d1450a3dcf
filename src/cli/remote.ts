// The shell's connection to a running server (`embedis -h host -p port`, as redis-cli): one
// socket, requests encoded as multibulks, replies decoded by ReplyDecoder into the same Reply
// values the in-process store returns, so the shell prints them with the same formatter.
// Replies come back in request order; each call() waits for the next one. Out-of-band pushes
// (RESP3 `>` frames) go to `onPush` instead of answering a request.

import net from 'node:net';
import { PushReply, type Reply } from '../commands/reply.js';
import { ReplyDecoder } from '../resp/decode.js';
import { encodeCommand } from '../resp/encode.js';

/** Where to connect: TCP host and port, or a unix socket path. */
export interface RemoteAddress {
  host?: string;
  port?: number;
  path?: string;
}

/** A connection to a RESP server, one request at a time. */
export class RemoteConnection {
  private readonly decoder = new ReplyDecoder();
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  /** Receives replies that answer no request: pushes, and every reply in pub/sub mode. */
  onPush: ((reply: Reply) => void) | null = null;
  /** Called once when the server closes the connection. */
  onClose: (() => void) | null = null;
  /** In pub/sub mode (after SUBSCRIBE) every reply goes to `onPush`. */
  pubsubMode = false;

  private constructor(
    private readonly socket: net.Socket,
    /** How the prompt names the server: `127.0.0.1:6379`, or the socket path. */
    readonly label: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => {
      this.fail(new Error('Server closed the connection'));
      this.onClose?.();
    });
  }

  /** Connects; rejects with redis-cli's message (`Could not connect to Redis at …`). */
  static connect(address: RemoteAddress): Promise<RemoteConnection> {
    const host = address.host ?? '127.0.0.1';
    const port = address.port ?? 6379;
    const label = address.path ?? `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket =
        address.path !== undefined ? net.connect({ path: address.path }) : net.connect({ host, port });
      socket.setNoDelay(true);
      const onError = (e: NodeJS.ErrnoException): void => {
        const reason = e.code === 'ECONNREFUSED' ? 'Connection refused' : e.message;
        reject(new Error(`Could not connect to Redis at ${label}: ${reason}`));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.removeListener('error', onError);
        resolve(new RemoteConnection(socket, label));
      });
    });
  }

  /**
   * Sends one command (byte strings) and resolves with its reply; error replies resolve as
   * ReplyError values. Rejects when the connection is lost.
   */
  call(argv: readonly string[]): Promise<Reply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(encodeCommand(argv), 'latin1');
    });
  }

  /** Sends a command whose replies all go to `onPush` (SUBSCRIBE in pub/sub mode). */
  send(argv: readonly string[]): void {
    if (this.failure === null) this.socket.write(encodeCommand(argv), 'latin1');
  }

  /** Closes the connection. */
  close(): void {
    this.failure ??= new Error('connection closed');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    try {
      this.decoder.push(chunk);
      for (let r = this.decoder.next(); r !== undefined; r = this.decoder.next()) {
        const w = this.pubsubMode || r instanceof PushReply ? undefined : this.waiting.shift();
        if (w !== undefined) w.resolve(r);
        else this.onPush?.(r);
      }
    } catch (e) {
      this.fail(e as Error);
      this.socket.destroy();
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }
}

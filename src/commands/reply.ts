// Reply: what a command handler returns. A RESP3 superset that encoders lower to RESP2.
//
// Plain JS values carry the common shapes so the hot path allocates nothing:
//   string  -> bulk string (a byte string: one char per byte)
//   number  -> integer (always an integer value)
//   bigint  -> integer outside the JS safe range (INCR near int64 limits)
//   null    -> null bulk string (RESP2 `$-1`, RESP3 `_`)
//   Reply[] -> array
// The classes below carry the shapes that need a tag.

import { ReplyError } from '../errors.js';
import type { Waiter } from '../keyspace/blocking.js';

/** A simple-string reply (`+OK`). */
export class StatusReply {
  constructor(readonly value: string) {}
}

/** A double reply: RESP3 `,`; RESP2 sends `text` as a bulk string. */
export class DoubleReply {
  constructor(
    readonly value: number,
    /** The RESP2 bulk-string form, formatted as Redis formats this reply. */
    readonly text: string,
  ) {}
}

/** A map reply: RESP3 `%`; RESP2 sends the pairs flattened into one array. */
export class MapReply {
  constructor(readonly entries: Reply[]) {} // flat: k1, v1, k2, v2 ...
}

/** A set reply: RESP3 `~`; RESP2 sends an array. */
export class SetReply {
  constructor(readonly items: Reply[]) {}
}

/** A verbatim string: RESP3 `=`; RESP2 sends a bulk string. */
export class VerbatimReply {
  constructor(
    readonly format: string,
    readonly text: string,
  ) {}
}

/**
 * Out-of-band data: one or more push frames, each RESP3 `>` (RESP2 sends each as an array).
 * Pub/sub messages reach a session through `Session.push` as one frame; SUBSCRIBE-family
 * commands reply with one confirmation frame per channel, all in one PushReply, which encodes
 * to consecutive frames exactly as Redis writes them (also inside an EXEC array). A server
 * writes a PushReply even when CLIENT REPLY OFF silences ordinary replies, as Redis does.
 */
export class PushReply {
  constructor(
    /** The frames, in order; each is the element list of one push (or RESP2 array). */
    readonly frames: Reply[][],
  ) {}
}

/** The null array (RESP2 `*-1`, RESP3 `_`), e.g. a BLPOP timeout. */
export const NULL_ARRAY: unique symbol = Symbol('null-array');

export type Reply =
  | string
  | number
  | bigint
  | null
  | typeof NULL_ARRAY
  | Reply[]
  | StatusReply
  | DoubleReply
  | MapReply
  | SetReply
  | VerbatimReply
  | PushReply
  | ReplyError;

export const OK = new StatusReply('OK');
export const QUEUED = new StatusReply('QUEUED');
export const PONG = new StatusReply('PONG');

/** Wraps a list of lines as a HELP reply (an array of status replies, as Redis's addReplyHelp). */
export function helpReply(lines: string[]): Reply[] {
  return lines.map((l) => new StatusReply(l));
}

/**
 * What a blocking command (BLPOP on empty lists ...) returns when it has to wait: not a Reply but
 * the promise of one, which settles when a push serves it, its timeout passes, or it is
 * unblocked. dispatch() returns it; Store.call() turns it into a Promise and a connection writes
 * the reply when it settles. The promise never rejects: errors settle as ReplyError replies.
 */
export class BlockedReply {
  /** The command's reply, once it has one. */
  readonly promise: Promise<Reply>;

  private constructor(
    private readonly waiter: Waiter<unknown>,
    promise: Promise<Reply>,
  ) {
    this.promise = promise;
  }

  /** Wraps a waiter whose value `toReply` turns into the command's reply. */
  static of<T>(waiter: Waiter<T>, toReply: (value: T) => Reply): BlockedReply {
    const promise = waiter.promise.then(toReply, (e: unknown) =>
      e instanceof ReplyError ? e : new ReplyError(`ERR internal error: ${String(e)}`),
    );
    return new BlockedReply(waiter as Waiter<unknown>, promise);
  }

  /** True while the command is still blocked. */
  get blocked(): boolean {
    return this.waiter.blocked;
  }

  /**
   * Unblocks the command (CLIENT UNBLOCK): it replies as on timeout, or with `error` (CLIENT
   * UNBLOCK ERROR). Returns false when it had already settled.
   */
  unblock(error?: ReplyError): boolean {
    return error === undefined ? this.waiter.unblock() : this.waiter.fail(error);
  }
}

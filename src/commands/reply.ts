// Reply: what a command handler returns. A RESP3 superset that encoders lower to RESP2.
//
// Plain JS values carry the common shapes so the hot path allocates nothing:
//   string  -> bulk string (a byte string: one char per byte)
//   number  -> integer (always an integer value)
//   bigint  -> integer outside the JS safe range (INCR near int64 limits)
//   null    -> null bulk string (RESP2 `$-1`, RESP3 `_`)
//   Reply[] -> array
// The classes below carry the shapes that need a tag.

import type { ReplyError } from '../errors.js';

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
  | ReplyError;

export const OK = new StatusReply('OK');
export const QUEUED = new StatusReply('QUEUED');
export const PONG = new StatusReply('PONG');

/** Wraps a list of lines as a HELP reply (an array of status replies, as Redis's addReplyHelp). */
export function helpReply(lines: string[]): Reply[] {
  return lines.map((l) => new StatusReply(l));
}

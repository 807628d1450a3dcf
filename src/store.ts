// Store: the public, typed, synchronous API of embedis. The class chain StoreCore -> KeysStore
// -> StringsStore -> ListsStore -> HashesStore -> SetsStore -> ZSetsStore -> StreamsStore ->
// Store adds one redis.io command family per class; `call()` and `dispatch()` run the same
// methods through the command table, so the two never drift.

import { argToBytes, type Bytes, fromBytes, toUint8 } from './bytes.js';
import { dispatch } from './commands/dispatch.js';
import { registerAllHandlers } from './commands/register.js';
import {
  BlockedReply,
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from './commands/reply.js';
import { ReplyError } from './errors.js';
import type { Session, StoreCoreOptions } from './store/core.js';
import { StreamsStore } from './store/streams.js';

registerAllHandlers();

/** An argument of {@link Store.call}: text (UTF-8 encoded), raw bytes, or a number. */
export type CallArg = Bytes | number;

/**
 * Redis 7.0 as an in-process store: strings, TTLs and the generic key commands today, every
 * command with Redis's replies, errors and edge cases.
 *
 * @example
 * const store = new Store();
 * store.set('greeting', 'hello', { ex: 60 });
 * store.get('greeting'); // 'hello'
 * store.incr('visits'); // 1
 * store.call('TTL', 'greeting'); // 60
 */
export class Store extends StreamsStore {
  constructor(options: Store.Options = {}) {
    super(options);
  }

  /**
   * Runs any command by name, as a Redis client would send it, and returns the reply shaped as
   * ioredis shapes it: status and bulk replies as strings (UTF-8 decoded), integers as numbers
   * (a `bigint` beyond ±2^53), nil as `null`, arrays as arrays, maps as flat arrays.
   * Throws {@link ReplyError} with Redis's error text. A blocking command that has to wait
   * (BLPOP on empty lists) returns a Promise of its reply instead, which rejects with the
   * ReplyError; one served at once returns its reply as any command does.
   * @see https://redis.io/commands/
   */
  call(name: string, ...args: CallArg[]): unknown {
    return settleCall(dispatch(this, callArgv(name, args), this.session), false);
  }

  /** Like {@link Store.call}, with bulk replies as Buffers. */
  callBuffer(name: string, ...args: CallArg[]): unknown {
    return settleCall(dispatch(this, callArgv(name, args), this.session), true);
  }

  /**
   * Runs a command and returns the raw {@link Reply} (errors as ReplyError values, bulk strings
   * as byte strings), or a {@link BlockedReply} for a blocking command that has to wait.
   * `session` defaults to the typed API's own session.
   */
  dispatch(argv: CallArg[], session: Session = this.session): Reply | BlockedReply {
    const bytes = new Array<string>(argv.length);
    for (let i = 0; i < argv.length; i++) bytes[i] = argToBytes(argv[i]!);
    return dispatch(this, bytes, session);
  }

  /** @internal runs argv that is already byte strings (the server's path). */
  dispatchBytes(argv: string[], session: Session): Reply | BlockedReply {
    return dispatch(this, argv, session);
  }

  /** A new client session (selected db 0, RESP2), for running commands as a separate connection. */
  createSession(): Session {
    return { db: 0, protocol: 2 };
  }
}

export declare namespace Store {
  /** Options of `new Store()`. */
  type Options = StoreCoreOptions;
}

/** call()'s result: the reply's value, a thrown ReplyError, or a Promise of either when blocked. */
function settleCall(reply: Reply | BlockedReply, buffers: boolean): unknown {
  if (reply instanceof BlockedReply) {
    return reply.promise.then((r) => {
      if (r instanceof ReplyError) throw r;
      return toCallValue(r, buffers);
    });
  }
  if (reply instanceof ReplyError) throw reply;
  return toCallValue(reply, buffers);
}

/** argv of call(): the name and arguments as byte strings, in one array. */
function callArgv(name: string, args: CallArg[]): string[] {
  const argv = new Array<string>(args.length + 1);
  argv[0] = name;
  for (let i = 0; i < args.length; i++) argv[i + 1] = argToBytes(args[i]!);
  return argv;
}

function toCallValue(r: Reply, buffers: boolean): unknown {
  if (typeof r === 'string') return buffers ? toUint8(r) : fromBytes(r);
  if (typeof r === 'number' || r === null) return r;
  if (typeof r === 'bigint') return Number.isSafeInteger(Number(r)) ? Number(r) : r;
  if (Array.isArray(r)) return r.map((x) => toCallValue(x, buffers));
  if (r instanceof StatusReply) return r.value;
  if (r instanceof DoubleReply) return buffers ? toUint8(r.text) : r.text;
  if (r instanceof MapReply) return r.entries.map((x) => toCallValue(x, buffers));
  if (r instanceof SetReply) return r.items.map((x) => toCallValue(x, buffers));
  if (r instanceof VerbatimReply) return buffers ? toUint8(r.text) : fromBytes(r.text);
  if (r === NULL_ARRAY) return null;
  return r;
}

// Store: the public, typed, synchronous API of embedis. The class chain StoreCore -> KeysStore
// -> StringsStore -> ListsStore -> HashesStore -> SetsStore -> ZSetsStore -> StreamsStore ->
// Store adds one redis.io command family per class; `call()` and `dispatch()` run the same
// methods through the command table, so the two never drift.

import { argToBytes, type Bytes, fromBytes, toBytes, toUint8 } from './bytes.js';
import { dispatch } from './commands/dispatch.js';
import { stopMonitoring } from './commands/monitor.js';
import { registerAllHandlers } from './commands/register.js';
import {
  BlockedReply,
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  PushReply,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from './commands/reply.js';
import { discardTransaction, unwatchKeys, type WatchRegistry, watchKeys } from './commands/transactions.js';
import type { Config } from './config/config.js';
import { coreOptionsOf, createStoreConfig, type StoreConfigOptions } from './config/store-config.js';
import { fail, INVALID_EVENT_CLASS, ReplyError, wrongArgs } from './errors.js';
import type { Db } from './keyspace/db.js';
import { evictorOf } from './keyspace/evict.js';
import { bindAofConfig } from './persistence/aof-control.js';
import { PersistenceManager } from './persistence/manager.js';
import {
  KeyspaceNotifier,
  keyspaceEventsFlagsToString,
  keyspaceEventsStringToFlags,
} from './pubsub/keyspace-events.js';
import { type MessageHandler, type PatternMessageHandler, PubSub } from './pubsub/pubsub.js';
import type { Session, StoreCoreOptions } from './store/core.js';
import { StreamsStore } from './store/streams.js';
import { Transaction } from './transaction.js';

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
  /** @internal keys sessions WATCH; null until one first does. */
  watching: WatchRegistry | null = null;

  /** @internal sessions in MONITOR mode, in the order they asked; null while there are none. */
  monitors: Session[] | null = null;

  /**
   * The configuration parameters, as CONFIG GET / CONFIG SET see them, typed:
   * `store.config.get('maxmemory-policy')`, `store.config.set({ hz: 50 })`.
   * @see https://redis.io/commands/config-set/
   */
  readonly config: Config;

  constructor(options: Store.Options = {}) {
    super(coreOptionsOf(options));
    this.config = createStoreConfig(this, options);
    // Last: loaded values take the configured encoding thresholds.
    this.persistence = new PersistenceManager(this, options);
    this.persistence.open(options.onLoadProgress);
    bindAofConfig(this);
  }

  // ---- persistence (rdb.c, aof.c) --------------------------------------------------------------

  /**
   * Persistence state and controls: SAVE/BGSAVE/LASTSAVE, save points, INFO persistence fields
   * (`store.persistence.info()`). A store created without `dir` is memory-only.
   * @see https://redis.io/docs/management/persistence/
   */
  readonly persistence: PersistenceManager;

  /**
   * A store persisted in `dir` with the defaults of `embedis serve`: the append-only log with
   * `appendfsync everysec`, and a snapshot written when the store closes. Loads what `dir`
   * holds; other options are as for `new Store()`.
   * @example
   * const store = Store.open({ dir: './data' });
   * store.set('k', 'v');
   * store.close(); // fsyncs the log, writes the snapshot, unlocks ./data
   * @throws PersistenceError when `dir` is locked by another process or holds a corrupt file
   */
  static open(options: Store.Options & { dir: string }): Store {
    return new Store({
      appendOnly: { fsync: 'everysec' },
      ...options,
      snapshot:
        options.snapshot === false
          ? false
          : { saveOnClose: true, ...(options.snapshot === true ? {} : options.snapshot) },
    });
  }

  /**
   * Closes the store: timers stop, blocked commands are released, and persistence closes as
   * SHUTDOWN does (a final snapshot when save points exist, the log fsynced, the directory
   * unlocked). Idempotent.
   * @throws PersistenceError when the final snapshot cannot be written
   */
  override close(): void {
    super.close();
    evictorOf(this)?.cancel();
    this.persistence?.close();
  }

  /**
   * Resolves once every write so far is durable: the log fsynced (a no-op without a log).
   */
  sync(): Promise<void> {
    return this.persistence.log?.sync() ?? Promise.resolve();
  }

  // ---- transactions (multi.c) ----------------------------------------------------------------

  /**
   * Starts a transaction: chain commands on it, then {@link Transaction.exec} runs them all at
   * once as one execution unit and returns `[error, result]` per command, or null when a key
   * watched with {@link Store.watch} changed. Nothing runs before exec().
   * @remarks O(1)
   * @see https://redis.io/commands/multi/
   * @example
   * const [[, n], [, v]] = store.multi().incr('hits').get('hits').exec()!; // n === 1, v === '1'
   */
  multi(): Transaction {
    return new Transaction(this);
  }

  /**
   * Watches keys of the selected database: the next {@link Transaction.exec} returns null and
   * runs nothing if any of them is modified (by anyone), expires or is flushed before it.
   * exec(), discard() and {@link Store.unwatch} forget the watched keys.
   * @remarks O(1) for every key to check.
   * @see https://redis.io/commands/watch/
   */
  watch(...keys: Bytes[]): 'OK' {
    watchKeys(this, this.session, keys.map(toBytes));
    return 'OK';
  }

  /**
   * Forgets the keys {@link Store.watch} watches.
   * @remarks O(N) where N is the number of keys watched.
   * @see https://redis.io/commands/unwatch/
   */
  unwatch(): 'OK' {
    unwatchKeys(this, this.session);
    return 'OK';
  }

  /**
   * Ends a session made with {@link Store.createSession} as a closing connection does: its
   * transaction is discarded, its watched keys are forgotten and it stops monitoring.
   * @remarks O(N) where N is the number of keys the session watches.
   */
  releaseSession(session: Session): void {
    discardTransaction(this, session);
    if (this.monitors !== null) stopMonitoring(this, session);
  }

  /** @internal FLUSHDB / FLUSHALL: watchers of keys that exist are invalidated first (signalFlushedDb). */
  override _flush(dbs: readonly Db[]): void {
    const watching = this.watching;
    if (watching === null || watching.size === 0) {
      super._flush(dbs);
      return;
    }
    for (const db of dbs) watching.touchAllInDb(db, null);
    watching.muteWhile(() => super._flush(dbs));
  }

  /** @internal SWAPDB: watchers of keys that exist in either database are invalidated first. */
  override _swapdb(a: Db, b: Db): void {
    const watching = this.watching;
    if (watching !== null && a !== b) {
      watching.touchAllInDb(a, b);
      watching.touchAllInDb(b, a);
    }
    super._swapdb(a, b);
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

  // ---- pub/sub (pubsub.c, notify.c) ----------------------------------------------------------

  /** @internal channels, patterns and their subscribers. */
  readonly pubsub = new PubSub();
  private readonly keyspaceNotifier = new KeyspaceNotifier(this.effects, this.pubsub);

  /**
   * Subscribes `handler` to one or more channels, as one client: it counts as one receiver of
   * each message published to them (PUBLISH, {@link Store.publish}, keyspace notifications).
   * Handlers run in a microtask after the publishing code returns, in publish order, never in
   * the middle of a command; an error thrown by one is rethrown asynchronously.
   * @returns a function that ends this subscription (the handler runs no more)
   * @remarks O(N) where N is the number of channels to subscribe to.
   * @see https://redis.io/commands/subscribe/
   */
  subscribe(channels: Bytes | readonly Bytes[], handler: MessageHandler): () => void {
    return this.pubsub.subscribeHandler('channel', namesOf(channels, 'subscribe'), handler);
  }

  /**
   * Subscribes `handler` to every channel matching one or more glob-style patterns (KEYS
   * rules); it receives `(message, channel, pattern)`, once per matching pattern.
   * @returns a function that ends this subscription
   * @remarks O(N) where N is the number of patterns to subscribe to.
   * @see https://redis.io/commands/psubscribe/
   */
  psubscribe(patterns: Bytes | readonly Bytes[], handler: PatternMessageHandler): () => void {
    return this.pubsub.subscribeHandler('pattern', namesOf(patterns, 'psubscribe'), handler);
  }

  /**
   * Subscribes `handler` to one or more shard channels (messages from SPUBLISH).
   * @returns a function that ends this subscription
   * @remarks O(N) where N is the number of shard channels to subscribe to.
   * @see https://redis.io/commands/ssubscribe/
   */
  ssubscribe(channels: Bytes | readonly Bytes[], handler: MessageHandler): () => void {
    return this.pubsub.subscribeHandler('shard', namesOf(channels, 'ssubscribe'), handler);
  }

  /**
   * Posts a message to a channel; returns the number of receivers (channel subscribers plus
   * one per matching pattern subscription), as PUBLISH replies.
   * @remarks O(N+M) where N is the number of clients subscribed to the receiving channel and M
   * is the total number of subscribed patterns (by any client).
   * @see https://redis.io/commands/publish/
   */
  publish(channel: Bytes, message: Bytes): number {
    return this.pubsub.publish(toBytes(channel), toBytes(message));
  }

  /**
   * Posts a message to a shard channel; returns the number of receivers.
   * @remarks O(N) where N is the number of clients subscribed to the receiving shard channel.
   * @see https://redis.io/commands/spublish/
   */
  spublish(channel: Bytes, message: Bytes): number {
    return this.pubsub.spublish(toBytes(channel), toBytes(message));
  }

  /**
   * Channels with at least one subscriber (pattern subscriptions excluded), matching a
   * glob-style pattern when given.
   * @remarks O(N) where N is the number of active channels.
   * @see https://redis.io/commands/pubsub-channels/
   */
  pubsubChannels(pattern?: Bytes): string[] {
    return this.pubsub.channelNames(pattern === undefined ? null : toBytes(pattern), false).map(fromBytes);
  }

  /**
   * Active shard channels, matching a glob-style pattern when given.
   * @remarks O(N) where N is the number of active shard channels.
   * @see https://redis.io/commands/pubsub-shardchannels/
   */
  pubsubShardChannels(pattern?: Bytes): string[] {
    return this.pubsub.channelNames(pattern === undefined ? null : toBytes(pattern), true).map(fromBytes);
  }

  /**
   * Number of subscribers of each channel (pattern subscriptions excluded), as
   * `[channel, count]` pairs in the order asked.
   * @remarks O(N) where N is the number of requested channels.
   * @see https://redis.io/commands/pubsub-numsub/
   */
  pubsubNumsub(...channels: Bytes[]): [string, number][] {
    return numsubPairs(this.pubsub, channels, false);
  }

  /**
   * Number of subscribers of each shard channel, as `[channel, count]` pairs.
   * @remarks O(N) where N is the number of requested shard channels.
   * @see https://redis.io/commands/pubsub-shardnumsub/
   */
  pubsubShardNumsub(...channels: Bytes[]): [string, number][] {
    return numsubPairs(this.pubsub, channels, true);
  }

  /**
   * Number of distinct patterns subscribed to (by any client).
   * @remarks O(1).
   * @see https://redis.io/commands/pubsub-numpat/
   */
  pubsubNumpat(): number {
    return this.pubsub.numpat();
  }

  /**
   * Sets which keyspace events are published (the `notify-keyspace-events` parameter): classes
   * as Redis spells them — `K` keyspace and/or `E` keyevent channels, plus event classes
   * `g$lshzxetdn` or `A` (all but `m` and `n`), `m` key misses; `''` turns them off (the
   * default). Throws a {@link ReplyError} for an unknown class character.
   * @example store.setNotifyKeyspaceEvents('KEA') // every event, on both kinds of channel
   * @remarks O(N) in the length of `classes`.
   * @see https://redis.io/docs/manual/keyspace-notifications/
   */
  setNotifyKeyspaceEvents(classes: string): void {
    const flags = keyspaceEventsStringToFlags(classes);
    if (flags === -1) throw new ReplyError(`ERR ${INVALID_EVENT_CLASS}`);
    this.optInEvents = this.keyspaceNotifier.setFlags(flags);
  }

  /**
   * The `notify-keyspace-events` classes, normalized as CONFIG GET shows them (`AKE` for `KEA`).
   * @remarks O(1).
   */
  getNotifyKeyspaceEvents(): string {
    return keyspaceEventsFlagsToString(this.keyspaceNotifier.flags);
  }
}

/** PUBSUB NUMSUB / SHARDNUMSUB as `[channel, count]` pairs. */
function numsubPairs(pubsub: PubSub, channels: Bytes[], shard: boolean): [string, number][] {
  return channels.map((c) => {
    const bytes = toBytes(c);
    return [fromBytes(bytes), pubsub.numsub(bytes, shard)];
  });
}

/** Channel or pattern names of a typed subscribe call, as byte strings; at least one. */
function namesOf(names: Bytes | readonly Bytes[], command: string): string[] {
  const list = typeof names === 'string' || names instanceof Uint8Array ? [names] : names;
  if (list.length === 0) fail(wrongArgs(command));
  return list.map(toBytes);
}

export declare namespace Store {
  /** Options of `new Store()`. */
  type Options = StoreCoreOptions & StoreConfigOptions;
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

/** @internal a Reply shaped as call() returns it (Transaction.call() results too). */
export function toCallValue(r: Reply, buffers: boolean): unknown {
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
  // One frame (UNSUBSCRIBE with nothing subscribed) as its array; several as an array of them.
  if (r instanceof PushReply) {
    const frames = r.frames.map((f) => f.map((x) => toCallValue(x, buffers)));
    return frames.length === 1 ? frames[0] : frames;
  }
  return r;
}

// The typed transaction: Store.multi() returns a Transaction that records typed calls (and raw
// commands through call()) without running them; exec() runs them all as ONE execution unit,
// like EXEC: nothing else runs in between, their effects reach sinks together (wrapped in
// MULTI/EXEC when there are several), and clients blocked on keys are served after the last.
// The results come back in ioredis's pipeline shape, `[error, result]` per command.
//
// Queued typed calls are closures over the Store's own typed methods, so each result has the
// type that method returns. call() resolves its command when it is queued, as Redis does when
// a command arrives after MULTI: an unknown command or a wrong number of arguments makes
// exec() throw EXECABORT without running anything. The WATCH state is the typed session's
// (Store.watch / Store.unwatch): exec() returns null when a watched key changed.

import type { Bytes } from './bytes.js';
import { argToBytes } from './bytes.js';
import { type Entry, execute, resolve } from './commands/dispatch.js';
import { BlockedReply } from './commands/reply.js';
import { isWatchDirty, unwatchKeys } from './commands/transactions.js';
import { EXECABORT, NOT_ALLOWED_IN_MULTI, ReplyError } from './errors.js';
import type { HashEntries } from './store/hashes.js';
import type { ExpireCondition } from './store/keys.js';
import type { StreamEntryReply, StreamFields, XAddOptions } from './store/streams.js';
import type { SetOptions } from './store/strings.js';
import type { ZAddEntries, ZAddOptions, ZRangeOptions } from './store/zsets.js';
import { type CallArg, type Store, toCallValue } from './store.js';

/**
 * One command's outcome in {@link Transaction.exec}'s result, as ioredis shapes a pipeline
 * result: `[null, result]` when it succeeded, `[error, undefined]` when it failed (a
 * {@link ReplyError} with Redis's text, such as `WRONGTYPE …`).
 */
export type TransactionReply<T> = [error: null, result: T] | [error: Error, result: undefined];

/** What {@link Transaction.exec} returns for the queued result types `R`: one reply per command. */
export type TransactionResults<R extends unknown[]> = { [K in keyof R]: TransactionReply<R[K]> };

/**
 * Thrown by {@link Transaction.exec} when a command given to {@link Transaction.call} was
 * rejected when queued (unknown command, wrong number of arguments, a command not allowed
 * inside MULTI): nothing ran. As ioredis, the queue-time errors are in `previousErrors`.
 */
export class ExecAbortError extends ReplyError {
  override name = 'ExecAbortError';
  constructor(
    /** The errors the rejected commands got when queued, in order. */
    readonly previousErrors: ReplyError[],
  ) {
    super(EXECABORT);
  }
}

/** Commands that control a transaction: Transaction.call() can't queue them. */
const CONTROL = new Set(['multi', 'exec', 'discard', 'watch', 'quit', 'reset']);

/**
 * A MULTI/EXEC transaction on the typed API, from {@link Store.multi}. Methods queue a command
 * and return the transaction, so calls chain; {@link Transaction.exec} runs them atomically.
 * `R` lists the result type of each queued command.
 *
 * @example
 * store.watch('balance');
 * const balance = Number(store.get('balance'));
 * const results = store.multi().set('balance', String(balance - 10)).incr('spent').exec();
 * if (results === null) {
 *   // 'balance' changed since WATCH: nothing ran, try again
 * } else {
 *   const [[setErr, ok], [incrErr, spent]] = results; // [null, 'OK'], [null, 1]
 * }
 */
export class Transaction<R extends unknown[] = []> {
  private readonly ops: (() => unknown)[] = [];
  private readonly queueErrors: ReplyError[] = [];
  private done = false;

  /** @internal use {@link Store.multi}. */
  constructor(private readonly store: Store) {}

  /** Number of commands queued so far. */
  get length(): number {
    return this.ops.length;
  }

  /**
   * Queues any command by name, as {@link Store.call} runs it: its result is shaped the same
   * way (strings, numbers, arrays, null). The command is resolved now: an unknown command, a
   * wrong number of arguments or a command Redis refuses inside MULTI makes exec() throw
   * {@link ExecAbortError}. MULTI, EXEC, DISCARD, WATCH, QUIT and RESET can't be queued (a
   * TypeError): use exec(), discard() and {@link Store.watch}.
   * @see https://redis.io/commands/multi/
   */
  call(name: string, ...args: CallArg[]): Transaction<[...R, unknown]> {
    this.assertOpen();
    const argv = new Array<string>(args.length + 1);
    argv[0] = name;
    for (let i = 0; i < args.length; i++) argv[i + 1] = argToBytes(args[i]!);
    const entry: Entry | ReplyError = resolve(argv);
    if (entry instanceof ReplyError) {
      this.queueErrors.push(entry);
    } else if (CONTROL.has(entry.info.fullname)) {
      throw new TypeError(
        `Transaction.call() can't queue ${name.toUpperCase()}: use exec(), discard() or Store.watch()`,
      );
    } else if (entry.info.flags.includes('no_multi')) {
      this.queueErrors.push(new ReplyError(NOT_ALLOWED_IN_MULTI));
    } else {
      const store = this.store;
      this.ops.push(() => {
        const r = execute(store, entry, argv, store.session);
        if (r instanceof BlockedReply) {
          r.unblock(); // unreachable: blocking commands don't block inside exec()
          throw new ReplyError('ERR internal error: a command blocked inside EXEC');
        }
        if (r instanceof ReplyError) throw r;
        return toCallValue(r, false);
      });
    }
    return this as unknown as Transaction<[...R, unknown]>;
  }

  /**
   * Runs the queued commands as one execution unit and returns one `[error, result]` pair per
   * command, in order. A command that fails does not stop the others (Redis has no rollback).
   * Returns null, running nothing, when a key watched with {@link Store.watch} was modified or
   * expired since. Throws {@link ExecAbortError}, running nothing, when call() queued a
   * command Redis would have rejected. Either way the typed session's keys are unwatched and
   * the transaction can't be used again.
   * @remarks O(1) plus the cost of the queued commands.
   * @see https://redis.io/commands/exec/
   */
  exec(): TransactionResults<R> | null {
    this.assertOpen();
    this.done = true;
    const store = this.store;
    const session = store.session;
    if (this.queueErrors.length > 0) {
      unwatchKeys(store, session);
      throw new ExecAbortError(this.queueErrors);
    }
    if (isWatchDirty(store, session)) {
      unwatchKeys(store, session);
      return null;
    }
    unwatchKeys(store, session);
    const ops = this.ops;
    const results = new Array<TransactionReply<unknown>>(ops.length);
    const denied = session.denyBlocking;
    session.denyBlocking = true;
    store.effects.begin();
    try {
      for (let i = 0; i < ops.length; i++) {
        try {
          results[i] = [null, ops[i]!()];
        } catch (e) {
          results[i] = [e instanceof Error ? e : new Error(String(e)), undefined];
        }
      }
    } finally {
      session.denyBlocking = denied;
      store.effects.end();
    }
    return results as TransactionResults<R>;
  }

  /**
   * Drops the queued commands without running them and unwatches the typed session's keys,
   * as DISCARD does.
   * @remarks O(N) where N is the number of queued commands.
   * @see https://redis.io/commands/discard/
   */
  discard(): 'OK' {
    this.assertOpen();
    this.done = true;
    this.ops.length = 0;
    unwatchKeys(this.store, this.store.session);
    return 'OK';
  }

  // ---- typed shortcuts: each queues the Store method of the same name --------------------------

  /** Queues {@link Store.set}. @see https://redis.io/commands/set/ */
  set(key: Bytes, value: Bytes, options?: SetOptions): Transaction<[...R, 'OK' | null]> {
    return this.add(() => this.store.set(key, value, options));
  }
  /** Queues {@link Store.get}. @see https://redis.io/commands/get/ */
  get(key: Bytes): Transaction<[...R, string | null]> {
    return this.add(() => this.store.get(key));
  }
  /** Queues {@link Store.mset}. @see https://redis.io/commands/mset/ */
  mset(entries: Record<string, Bytes> | Iterable<readonly [Bytes, Bytes]>): Transaction<[...R, 'OK']> {
    return this.add(() => this.store.mset(entries));
  }
  /** Queues {@link Store.mget}. @see https://redis.io/commands/mget/ */
  mget(...keys: Bytes[]): Transaction<[...R, (string | null)[]]> {
    return this.add(() => this.store.mget(...keys));
  }
  /** Queues {@link Store.append}. @see https://redis.io/commands/append/ */
  append(key: Bytes, value: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.append(key, value));
  }
  /** Queues {@link Store.incr}. @see https://redis.io/commands/incr/ */
  incr(key: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.incr(key));
  }
  /** Queues {@link Store.incrby}. @see https://redis.io/commands/incrby/ */
  incrby(key: Bytes, increment: number): Transaction<[...R, number]> {
    return this.add(() => this.store.incrby(key, increment));
  }
  /** Queues {@link Store.incrbyfloat}. @see https://redis.io/commands/incrbyfloat/ */
  incrbyfloat(key: Bytes, increment: number | string): Transaction<[...R, string]> {
    return this.add(() => this.store.incrbyfloat(key, increment));
  }
  /** Queues {@link Store.decr}. @see https://redis.io/commands/decr/ */
  decr(key: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.decr(key));
  }
  /** Queues {@link Store.decrby}. @see https://redis.io/commands/decrby/ */
  decrby(key: Bytes, decrement: number): Transaction<[...R, number]> {
    return this.add(() => this.store.decrby(key, decrement));
  }
  /** Queues {@link Store.del}. @see https://redis.io/commands/del/ */
  del(...keys: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.del(...keys));
  }
  /** Queues {@link Store.exists}. @see https://redis.io/commands/exists/ */
  exists(...keys: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.exists(...keys));
  }
  /** Queues {@link Store.expire}. @see https://redis.io/commands/expire/ */
  expire(key: Bytes, seconds: number, condition?: ExpireCondition): Transaction<[...R, number]> {
    return this.add(() => this.store.expire(key, seconds, condition));
  }
  /** Queues {@link Store.pexpire}. @see https://redis.io/commands/pexpire/ */
  pexpire(key: Bytes, milliseconds: number, condition?: ExpireCondition): Transaction<[...R, number]> {
    return this.add(() => this.store.pexpire(key, milliseconds, condition));
  }
  /** Queues {@link Store.ttl}. @see https://redis.io/commands/ttl/ */
  ttl(key: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.ttl(key));
  }
  /** Queues {@link Store.persist}. @see https://redis.io/commands/persist/ */
  persist(key: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.persist(key));
  }
  /** Queues {@link Store.rename}. @see https://redis.io/commands/rename/ */
  rename(key: Bytes, newkey: Bytes): Transaction<[...R, 'OK']> {
    return this.add(() => this.store.rename(key, newkey));
  }
  /** Queues {@link Store.select}: the following commands run against database `index`. @see https://redis.io/commands/select/ */
  select(index: number): Transaction<[...R, 'OK']> {
    return this.add(() => this.store.select(index));
  }
  /** Queues {@link Store.hset}. @see https://redis.io/commands/hset/ */
  hset(key: Bytes, field: Bytes, value: Bytes): Transaction<[...R, number]>;
  /** Queues {@link Store.hset} with several fields. @see https://redis.io/commands/hset/ */
  hset(key: Bytes, entries: HashEntries): Transaction<[...R, number]>;
  hset(key: Bytes, fieldOrEntries: Bytes | HashEntries, value?: Bytes): Transaction<[...R, number]> {
    return this.add(() =>
      value === undefined
        ? this.store.hset(key, fieldOrEntries as HashEntries)
        : this.store.hset(key, fieldOrEntries as Bytes, value),
    );
  }
  /** Queues {@link Store.hget}. @see https://redis.io/commands/hget/ */
  hget(key: Bytes, field: Bytes): Transaction<[...R, string | null]> {
    return this.add(() => this.store.hget(key, field));
  }
  /** Queues {@link Store.hdel}. @see https://redis.io/commands/hdel/ */
  hdel(key: Bytes, ...fields: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.hdel(key, ...fields));
  }
  /** Queues {@link Store.hgetall}. @see https://redis.io/commands/hgetall/ */
  hgetall(key: Bytes): Transaction<[...R, Record<string, string>]> {
    return this.add(() => this.store.hgetall(key));
  }
  /** Queues {@link Store.hincrby}. @see https://redis.io/commands/hincrby/ */
  hincrby(key: Bytes, field: Bytes, increment: number): Transaction<[...R, number]> {
    return this.add(() => this.store.hincrby(key, field, increment));
  }
  /** Queues {@link Store.lpush}. @see https://redis.io/commands/lpush/ */
  lpush(key: Bytes, ...elements: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.lpush(key, ...elements));
  }
  /** Queues {@link Store.rpush}. @see https://redis.io/commands/rpush/ */
  rpush(key: Bytes, ...elements: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.rpush(key, ...elements));
  }
  /** Queues {@link Store.lpop}. @see https://redis.io/commands/lpop/ */
  lpop(key: Bytes): Transaction<[...R, string | null]> {
    return this.add(() => this.store.lpop(key));
  }
  /** Queues {@link Store.rpop}. @see https://redis.io/commands/rpop/ */
  rpop(key: Bytes): Transaction<[...R, string | null]> {
    return this.add(() => this.store.rpop(key));
  }
  /** Queues {@link Store.llen}. @see https://redis.io/commands/llen/ */
  llen(key: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.llen(key));
  }
  /** Queues {@link Store.lrange}. @see https://redis.io/commands/lrange/ */
  lrange(key: Bytes, start: number, stop: number): Transaction<[...R, string[]]> {
    return this.add(() => this.store.lrange(key, start, stop));
  }
  /** Queues {@link Store.sadd}. @see https://redis.io/commands/sadd/ */
  sadd(key: Bytes, ...members: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.sadd(key, ...members));
  }
  /** Queues {@link Store.srem}. @see https://redis.io/commands/srem/ */
  srem(key: Bytes, ...members: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.srem(key, ...members));
  }
  /** Queues {@link Store.smembers}. @see https://redis.io/commands/smembers/ */
  smembers(key: Bytes): Transaction<[...R, string[]]> {
    return this.add(() => this.store.smembers(key));
  }
  /** Queues {@link Store.sismember}. @see https://redis.io/commands/sismember/ */
  sismember(key: Bytes, member: Bytes): Transaction<[...R, 0 | 1]> {
    return this.add(() => this.store.sismember(key, member));
  }
  /** Queues {@link Store.zadd}. @see https://redis.io/commands/zadd/ */
  zadd(key: Bytes, score: number, member: Bytes, options?: ZAddOptions): Transaction<[...R, number]>;
  /** Queues {@link Store.zadd} with several members. @see https://redis.io/commands/zadd/ */
  zadd(key: Bytes, entries: ZAddEntries, options?: ZAddOptions): Transaction<[...R, number]>;
  zadd(
    key: Bytes,
    a: number | ZAddEntries,
    b?: Bytes | ZAddOptions,
    c?: ZAddOptions,
  ): Transaction<[...R, number]> {
    return this.add(() =>
      typeof a === 'number'
        ? this.store.zadd(key, a, b as Bytes, c)
        : this.store.zadd(key, a, b as ZAddOptions | undefined),
    );
  }
  /** Queues {@link Store.zincrby}. @see https://redis.io/commands/zincrby/ */
  zincrby(key: Bytes, increment: number, member: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.zincrby(key, increment, member));
  }
  /** Queues {@link Store.zrem}. @see https://redis.io/commands/zrem/ */
  zrem(key: Bytes, ...members: Bytes[]): Transaction<[...R, number]> {
    return this.add(() => this.store.zrem(key, ...members));
  }
  /** Queues {@link Store.zscore}. @see https://redis.io/commands/zscore/ */
  zscore(key: Bytes, member: Bytes): Transaction<[...R, number | null]> {
    return this.add(() => this.store.zscore(key, member));
  }
  /** Queues {@link Store.zrange}. @see https://redis.io/commands/zrange/ */
  zrange(
    key: Bytes,
    start: number | Bytes,
    stop: number | Bytes,
    options?: ZRangeOptions,
  ): Transaction<[...R, string[]]> {
    return this.add(() => this.store.zrange(key, start, stop, options));
  }
  /** Queues {@link Store.zcard}. @see https://redis.io/commands/zcard/ */
  zcard(key: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.zcard(key));
  }
  /** Queues {@link Store.xadd}. @see https://redis.io/commands/xadd/ */
  xadd(key: Bytes, fields: StreamFields, options?: XAddOptions): Transaction<[...R, string | null]> {
    return this.add(() => this.store.xadd(key, fields, options));
  }
  /** Queues {@link Store.xlen}. @see https://redis.io/commands/xlen/ */
  xlen(key: Bytes): Transaction<[...R, number]> {
    return this.add(() => this.store.xlen(key));
  }
  /** Queues {@link Store.xrange}. @see https://redis.io/commands/xrange/ */
  xrange(key: Bytes, start?: string, end?: string, count?: number): Transaction<[...R, StreamEntryReply[]]> {
    return this.add(() => this.store.xrange(key, start, end, count));
  }

  private add<T>(op: () => T): Transaction<[...R, T]> {
    this.assertOpen();
    this.ops.push(op);
    return this as unknown as Transaction<[...R, T]>;
  }

  private assertOpen(): void {
    if (this.done) throw new Error('this transaction already ran exec() or discard()');
  }
}

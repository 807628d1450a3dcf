// Streams (redis.io group "stream"): the typed API of t_stream.c over the stream of
// types/stream.ts (nodes, IDs, trimming, consumer groups).
//
// As in the other families, each command has one byte-level `_name` method doing the lookup,
// the type check, the write and the effects; the wire handlers (commands/streams.ts) parse argv
// into the same specs the typed methods build, so both paths share every rule after parsing.
// XDEL, XACK, XCLAIM and XGROUP CREATE / SETID parse their IDs only after the key's lookup, as
// Redis does, so their `_` methods take the raw arguments.
//
// Effects, as Redis 7.0 propagates them: XADD with the ID it generated in place of `*` or
// `<ms>-*`, and a `~` trim rewritten as `MAXLEN = <length after>` / `MINID = <first ID after>`
// (streamRewriteTrimArgument), so a replayed log trims exactly what this run trimmed. Redis keeps
// LIMIT in that argv, relying on replicas ignoring it; the log here drops it, because a LIMIT
// without `~` is an error for a command that is not from a master. XDEL, XTRIM, XACK and the
// XGROUP subcommands are logged as issued only when they changed something, XSETID always.
// XREADGROUP, XCLAIM and XAUTOCLAIM are logged as Redis propagates them: one idempotent
// `XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID LASTID id` per entry
// delivered, claimed or dropped, plus `XGROUP SETID … ENTRIESREAD n` when only the group's last
// ID moved (NOACK, XCLAIM LASTID) and `XGROUP CREATECONSUMER` for a NOACK reader's new consumer,
// so a replayed log rebuilds the same PELs. History reads are not logged (nor by Redis).
//
// Events (NOTIFY.STREAM): xadd, xtrim (after xadd when XADD trimmed), xdel, xsetid,
// xgroup-create / -setid / -destroy / -createconsumer / -delconsumer (the last also when
// XREADGROUP, XCLAIM or XAUTOCLAIM create a consumer). XSETID, XGROUP (but CREATE MKSTREAM making
// the stream), XACK and the consumer-group reads do not touch the key (Redis's commands don't
// call signalModifiedKey), so they do not break a WATCH.
//
// Blocking XREAD / XREADGROUP wait on the shared registry; XADD's touch wakes them, and XGROUP
// DESTROY signals the key so a reader of the destroyed group gets NOGROUP. A blocked XREADGROUP
// also fails, with `UNBLOCKED the stream key no longer exists`, when its key is deleted or
// replaced by another type (its waiter asks the registry for `wakeOnDelete`), and with NOGROUP
// when the key is deleted and made again as a stream without the group in one unit (MULTI).
//
// An emptied stream stays: streams are only deleted by DEL and its kind.

import { type Bytes, fromBytes, toBytes } from '../bytes.js';
import { isToken, parseInteger } from '../commands/args.js';
import { NOTIFY } from '../effects/effects.js';
import {
  BUSYGROUP,
  ENTRIES_READ_INVALID,
  fail,
  NO_SUCH_KEY,
  NOGROUP_BLOCKED,
  NOT_INTEGER,
  noGroupForKey,
  noGroupForPending,
  noGroupForRead,
  ReplyError,
  SYNTAX,
  subcommandSyntax,
  UNBLOCKED_STREAM_DELETED,
  wrongArgs,
  XAUTOCLAIM_BAD_MIN_IDLE,
  XAUTOCLAIM_COUNT,
  XCLAIM_BAD_IDLE,
  XCLAIM_BAD_MIN_IDLE,
  XCLAIM_BAD_RETRYCOUNT,
  XCLAIM_BAD_TIME,
  XGROUP_NO_KEY,
  XREAD_GT_WITHOUT_GROUP,
  XREADGROUP_DOLLAR,
  XSETID_ENTRIES_ADDED_NEGATIVE,
  XTRIM_LIMIT_NEGATIVE,
  XTRIM_LIMIT_WITHOUT_APPROX,
  XTRIM_MAXLEN_NEGATIVE,
  xclaimBadOption,
} from '../errors.js';
import {
  type BlockingOptions,
  deadlineOf,
  NOT_SERVED,
  parseTimeout,
  type Waiter,
} from '../keyspace/blocking.js';
import type { Db } from '../keyspace/db.js';
import {
  type Consumer,
  type ConsumerGroup,
  DEFAULT_STREAM_NODE_LIMITS,
  defaultApproxTrimLimit,
  INVALID_ENTRIES_READ,
  type Nack,
  Stream,
  type StreamEntry,
  type StreamNodeLimits,
  XSETID_MAX_DELETED_TOO_BIG,
} from '../types/stream.js';
import {
  checkXAddIdNotZero,
  compareIds,
  formatId,
  incrId,
  MAX_ID,
  MIN_ID,
  nextXAddId,
  parseId,
  parseRangeBound,
  parseStrictId,
  parseXAddId,
  type StreamId,
  tryParseStrictId,
  type XAddIdArg,
} from '../types/stream-id.js';
import { ZSetsStore } from './zsets.js';

/** The trimming of XTRIM and XADD's MAXLEN / MINID option. */
export interface XTrimOptions {
  /** MAXLEN keeps at most `threshold` entries; MINID drops entries with IDs below `threshold`. */
  strategy: 'MAXLEN' | 'MINID';
  /** An entry count (MAXLEN) or an ID (MINID). */
  threshold: number | string;
  /**
   * `~`: drop whole nodes only, so a few more entries may stay; much cheaper.
   * @default false
   */
  approx?: boolean;
  /**
   * With `approx`, remove at most this many entries (0: no limit).
   * @default 100 * stream-node-max-entries, within [10000 when 0, 1000000]
   */
  limit?: number;
}

/** Options of {@link StreamsStore.xadd}. */
export interface XAddOptions {
  /**
   * The entry's ID: `*` (generated from the clock), `<ms>-*` or an explicit `<ms>-<seq>`.
   * @default '*'
   */
  id?: string;
  /**
   * Do not create the stream when it does not exist (xadd then returns null).
   * @default false
   */
  nomkstream?: boolean;
  /** Trim after adding. */
  trim?: XTrimOptions;
}

/** Options of {@link StreamsStore.xsetid}. */
export interface XSetIdOptions {
  /** The stream's entries-added counter. */
  entriesAdded?: number;
  /** The stream's max-deleted-entry-id; must not be above the new last ID. */
  maxDeletedId?: string;
}

/** The fields of an entry: an object, or `[field, value]` pairs. */
export type StreamFields = Readonly<Record<string, Bytes>> | ReadonlyArray<readonly [Bytes, Bytes]>;

/** An entry as ranges return it: the ID and the fields as a flat `[field, value, …]` list (as ioredis). */
export type StreamEntryReply = [id: string, fields: string[]];

/** @internal A parsed MAXLEN / MINID option (streamAddTrimArgs). */
export interface TrimSpec {
  minid: StreamId | null;
  maxlen: number;
  approx: boolean;
  /** Entries a `~` trim may remove, 0 for no limit (already defaulted). */
  limit: number;
  /** The threshold as given, logged as is for an exact trim. */
  text: string;
}

/** @internal A parsed XADD. */
export interface XAddSpec {
  nomkstream: boolean;
  trim: TrimSpec | null;
  id: XAddIdArg;
  /** The ID argument as given, logged as is when it was explicit. */
  idText: string;
}

/** @internal XSETID as parsed: entriesAdded -1 and maxDeleted null when not given. */
export interface XSetIdSpec {
  id: StreamId;
  entriesAdded: number;
  maxDeleted: StreamId | null;
}

/** @internal XREAD / XREADGROUP as parsed. */
export interface XReadSpec {
  keys: string[];
  /** The ID arguments as given (`$`, `>` or IDs), resolved after each key's lookup. */
  ids: string[];
  /** COUNT, 0 for no limit. */
  count: number;
  /** XREADGROUP's group, null for XREAD. */
  group: string | null;
  consumer: string;
  noack: boolean;
  /** BLOCK in ms, -1 without BLOCK. */
  timeoutMs: number;
}

/** @internal XREAD's reply: [key, entries] per key served; a deleted pending entry has null fields. */
export type XReadResult = [string, [string, string[] | null][]][];

/** XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID LASTID id (streamPropagateXCLAIM). */
function xclaimEffect(key: string, g: ConsumerGroup, id: string, nack: Nack): string[] {
  return [
    'XCLAIM',
    key,
    g.name,
    nack.consumer!.name,
    '0',
    id,
    'TIME',
    String(nack.deliveryTime),
    'RETRYCOUNT',
    String(nack.deliveryCount),
    'FORCE',
    'JUSTID',
    'LASTID',
    formatId(g.lastId),
  ];
}

/** XGROUP SETID key group id ENTRIESREAD n (streamPropagateGroupID). */
function setIdEffect(key: string, g: ConsumerGroup): string[] {
  return ['XGROUP', 'SETID', key, g.name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)];
}

/** `>` is kept as the maximum ID, as Redis does (so an explicit maximum ID reads as `>` too). */
const isMaxId = (id: StreamId): boolean => id.ms === MAX_ID.ms && id.seq === MAX_ID.seq;

/** Options of {@link StreamsStore.xgroupCreate}. */
export interface XGroupCreateOptions {
  /**
   * Create an empty stream when the key does not exist.
   * @default false
   */
  mkstream?: boolean;
  /**
   * The group's entries-read counter (for lag); -1 when unknown.
   * @default -1
   */
  entriesRead?: number;
}

/** Options of {@link StreamsStore.xpendingRange}. */
export interface XPendingOptions {
  /**
   * Only entries not delivered for at least this many ms.
   * @default 0
   */
  idle?: number;
  /** Only this consumer's entries. */
  consumer?: Bytes;
}

/** Options of {@link StreamsStore.xreadgroup}. */
export interface XReadGroupOptions {
  /** At most this many entries per stream. */
  count?: number;
  /**
   * Deliver without adding to the pending entries list (no XACK needed).
   * @default false
   */
  noack?: boolean;
}

/** {@link StreamsStore.xpending}'s summary. */
export interface XPendingSummary {
  count: number;
  /** Lowest pending ID, null when none. */
  first: string | null;
  /** Highest pending ID, null when none. */
  last: string | null;
  /** [consumer, pending entries] for each consumer with some, by name. */
  consumers: [name: string, pending: number][];
}

/** A pending entry: its ID, owner, ms since its last delivery, and deliveries so far. */
export type XPendingEntry = [id: string, consumer: string, idleMs: number, deliveries: number];

/** XREAD's reply: [key, entries] for each stream read; a deleted pending entry's fields are null. */
export type XReadReply = [key: string, entries: [id: string, fields: string[] | null][]][];

/** A typed-API ENTRIESREAD: an integer >= -1. */
function entriesReadArg(n: number | undefined): number {
  if (n === undefined) return INVALID_ENTRIES_READ;
  if (!Number.isInteger(n) || n >= TWO_63) fail(NOT_INTEGER);
  if (n < 0 && n !== INVALID_ENTRIES_READ) fail(ENTRIES_READ_INVALID);
  return n;
}

/** A typed-API BLOCK timeout in ms. */
function timeoutArg(ms: number): number {
  return parseTimeout(String(ms), 'ms');
}

/** The spec of a typed XREAD / XREADGROUP. */
function readSpec(
  streams: Readonly<Record<string, string>>,
  count: number | undefined,
  group: string | null,
  consumer: string,
  noack: boolean,
  timeoutMs: number,
): XReadSpec {
  const keys = Object.keys(streams);
  if (keys.length === 0) fail(wrongArgs(group === null ? 'xread' : 'xreadgroup'));
  let c = count ?? 0;
  if (!Number.isInteger(c) || c >= TWO_63) fail(NOT_INTEGER);
  if (c < 0) c = 0;
  return {
    keys: keys.map(toBytes),
    ids: keys.map((k) => streams[k]!),
    count: c,
    group,
    consumer,
    noack,
    timeoutMs,
  };
}

/** XREAD's result with text decoded. */
function readReply(r: XReadResult | null): XReadReply | null {
  if (r === null) return null;
  return r.map(([key, entries]) => [
    fromBytes(key),
    entries.map(
      ([id, fields]) => [id, fields === null ? null : fields.map(fromBytes)] as [string, string[] | null],
    ),
  ]);
}

/** Options of {@link StreamsStore.xclaim}. */
export interface XClaimOptions {
  /** Set the entries' idle time to this many ms (their last delivery to now minus it). */
  idle?: number;
  /** Set the entries' last delivery to this Unix time in ms. */
  time?: number;
  /** Set the delivery counters to this; by default XCLAIM adds one (JUSTID: unchanged). */
  retryCount?: number;
  /**
   * Create a pending entry for IDs in the stream that are not pending yet.
   * @default false
   */
  force?: boolean;
  /** Move the group's last delivered ID up to this one if it is higher. */
  lastId?: string;
}

/** {@link StreamsStore.xautoclaim}'s result. */
export interface XAutoClaimResult<T> {
  /** Where the next call starts, `0-0` when the walk is complete. */
  cursor: string;
  entries: T[];
  /** IDs dropped from the PEL because their entries were deleted. */
  deleted: string[];
}

/** XCLAIM's arguments from min-idle-time on, for the typed API. */
function claimArgs(minIdleMs: number, ids: readonly string[], o: XClaimOptions, justid: boolean): string[] {
  const args = [String(minIdleMs), ...ids];
  if (o.idle !== undefined) args.push('IDLE', String(o.idle));
  if (o.time !== undefined) args.push('TIME', String(o.time));
  if (o.retryCount !== undefined) args.push('RETRYCOUNT', String(o.retryCount));
  if (o.force === true) args.push('FORCE');
  if (justid) args.push('JUSTID');
  if (o.lastId !== undefined) args.push('LASTID', o.lastId);
  return args;
}

/** A consumer group as XINFO GROUPS describes it. */
export interface XInfoGroup {
  name: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  /** The group's logical read counter, null when unknown. */
  entriesRead: number | null;
  /** Entries not yet delivered to the group, null when that cannot be known. */
  lag: number | null;
}

/** A consumer as XINFO CONSUMERS describes it. */
export interface XInfoConsumer {
  name: string;
  pending: number;
  /** ms since the consumer last read or claimed. */
  idle: number;
}

/** What XINFO STREAM and XINFO STREAM FULL both report of a stream. */
export interface XInfoStreamBase {
  /** Entries in the stream (XLEN). */
  length: number;
  /**
   * Macro nodes holding the entries (Redis: keys of the stream's radix tree, one listpack each,
   * cut at stream-node-max-entries entries or stream-node-max-bytes bytes).
   */
  radixTreeKeys: number;
  /**
   * Redis's count of radix tree nodes, which has no counterpart here: an estimate of the same
   * order (twice the macro nodes).
   */
  radixTreeNodes: number;
  /** The last ID added or set by XSETID, `0-0` when none. */
  lastGeneratedId: string;
  /** The highest ID ever deleted (XDEL) or set by XSETID, `0-0` when none. */
  maxDeletedEntryId: string;
  /** Entries ever added. */
  entriesAdded: number;
  /** The first live entry's ID, `0-0` when the stream is empty. */
  recordedFirstEntryId: string;
}

/** {@link StreamsStore.xinfoStream}'s summary of a stream (XINFO STREAM). */
export interface XInfoStream extends XInfoStreamBase {
  /** Consumer groups. */
  groups: number;
  /** The first entry, null when the stream is empty. */
  firstEntry: StreamEntryReply | null;
  /** The last entry, null when the stream is empty. */
  lastEntry: StreamEntryReply | null;
}

/** A pending entry as XINFO STREAM FULL lists it for a group. */
export type XInfoStreamGroupNack = [id: string, consumer: string, deliveryTime: number, deliveries: number];

/** A pending entry as XINFO STREAM FULL lists it for a consumer. */
export type XInfoStreamConsumerNack = [id: string, deliveryTime: number, deliveries: number];

/** A consumer as XINFO STREAM FULL describes it. */
export interface XInfoStreamConsumer {
  name: string;
  /** Last time the consumer read or claimed, ms since the epoch. */
  seenTime: number;
  /** Its pending entries, all of them. */
  pelCount: number;
  /** Its first pending entries (at most COUNT), with last delivery time (ms) and deliveries. */
  pending: XInfoStreamConsumerNack[];
}

/** A consumer group as XINFO STREAM FULL describes it. */
export interface XInfoStreamGroup {
  name: string;
  lastDeliveredId: string;
  /** The group's logical read counter, null when unknown. */
  entriesRead: number | null;
  /** Entries not yet delivered to the group, null when that cannot be known. */
  lag: number | null;
  /** Its pending entries, all of them. */
  pelCount: number;
  /** Its first pending entries (at most COUNT), with owner, last delivery time (ms) and deliveries. */
  pending: XInfoStreamGroupNack[];
  /** Its consumers, by name. */
  consumers: XInfoStreamConsumer[];
}

/** {@link StreamsStore.xinfoStreamFull}'s description of a stream (XINFO STREAM FULL). */
export interface XInfoStreamFull extends XInfoStreamBase {
  /** The first entries, at most COUNT. */
  entries: StreamEntryReply[];
  /** Every consumer group, by name. */
  groups: XInfoStreamGroup[];
}

/** Options of {@link StreamsStore.xinfoStreamFull}. */
export interface XInfoStreamFullOptions {
  /**
   * At most this many entries, and pending entries per group and per consumer; 0 for all of
   * them (a negative count means the default, as in Redis).
   * @default 10
   */
  count?: number;
}

const TWO_63 = 2 ** 63;

/**
 * The typed API's trim options as a spec, with the wire path's errors; `~` without a limit gets
 * 100 nodes' worth of `limits.maxEntries` (streamParseAddOrTrimArgsOrReply).
 */
function trimSpecOf(o: XTrimOptions, limits: Readonly<StreamNodeLimits>): TrimSpec {
  const approx = o.approx === true;
  if (o.limit !== undefined && !approx) fail(XTRIM_LIMIT_WITHOUT_APPROX);
  const limit = o.limit ?? (approx ? defaultApproxTrimLimit(limits.maxEntries) : 0);
  if (!Number.isInteger(limit) || limit >= TWO_63) fail(NOT_INTEGER);
  if (limit < 0) fail(XTRIM_LIMIT_NEGATIVE);
  if (String(o.strategy).toUpperCase() === 'MINID') {
    const text = String(o.threshold);
    return { minid: parseStrictId(text), maxlen: 0, approx, limit, text };
  }
  if (String(o.strategy).toUpperCase() !== 'MAXLEN') fail(SYNTAX);
  const maxlen = typeof o.threshold === 'number' ? o.threshold : Number.NaN;
  if (!Number.isInteger(maxlen) || maxlen >= TWO_63) fail(NOT_INTEGER);
  if (maxlen < 0) fail(XTRIM_MAXLEN_NEGATIVE);
  return { minid: null, maxlen, approx, limit, text: String(maxlen) };
}

/** Fields as the flat byte-string list the stream stores. */
function flatFields(fields: StreamFields): string[] {
  const out: string[] = [];
  if (Array.isArray(fields)) {
    for (const pair of fields as ReadonlyArray<readonly [Bytes, Bytes]>)
      out.push(toBytes(pair[0]), toBytes(pair[1]));
  } else {
    // Object.keys, not Object.entries: one array per call instead of one per field as well.
    const rec = fields as Readonly<Record<string, Bytes>>;
    const names = Object.keys(rec);
    for (let j = 0; j < names.length; j++) {
      const f = names[j]!;
      out.push(toBytes(f), toBytes(rec[f]!));
    }
  }
  return out;
}

const entryReply = (e: [string, string[]]): StreamEntryReply => [e[0], e[1].map(fromBytes)];

export class StreamsStore extends ZSetsStore {
  /**
   * @internal stream-node-max-bytes / stream-node-max-entries (4096 and 100 in Redis 7.0),
   * shared by reference with every stream of this store, so CONFIG SET changes this one object
   * and the next XADD cuts nodes by the new values, as Redis reads `server.stream_node_max_*` at
   * each append. The `~` trims' default LIMIT follows `maxEntries` too.
   */
  readonly streamLimits: StreamNodeLimits = { ...DEFAULT_STREAM_NODE_LIMITS };

  // ---- adding and reading --------------------------------------------------------------------

  /**
   * Appends an entry with `fields` to the stream at `key`, creating it unless `nomkstream`, then
   * trims it if asked; returns the entry's ID, or null when the stream does not exist and
   * `nomkstream` is set.
   * @remarks O(1) when adding a new entry, O(N) when trimming where N being the number of
   * entries evicted.
   * @see https://redis.io/commands/xadd/
   */
  xadd(key: Bytes, fields: StreamFields, options: XAddOptions = {}): string | null {
    const flat = flatFields(fields);
    if (flat.length === 0) fail(wrongArgs('xadd'));
    const idText = options.id ?? '*';
    const spec: XAddSpec = {
      nomkstream: options.nomkstream === true,
      trim: options.trim === undefined ? null : trimSpecOf(options.trim, this.streamLimits),
      id: parseXAddId(idText),
      idText,
    };
    return this._xadd(toBytes(key), spec, flat);
  }

  /**
   * The number of entries in the stream at `key`, 0 when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/xlen/
   */
  xlen(key: Bytes): number {
    return this._xlen(toBytes(key));
  }

  /**
   * Entries with IDs from `start` to `end` (`-` and `+` for the extremes, a `(` prefix for an
   * exclusive bound, an incomplete `<ms>` for the whole millisecond), oldest first, at most
   * `count` of them.
   * @remarks O(N) with N being the number of elements being returned. If N is constant (e.g.
   * always asking for the first 10 elements with COUNT), you can consider it O(1).
   * @see https://redis.io/commands/xrange/
   */
  xrange(key: Bytes, start = '-', end = '+', count?: number): StreamEntryReply[] {
    const s = parseRangeBound(start, 'start');
    const e = parseRangeBound(end, 'end');
    return this._xrange(this.readKey(key), s, e, countArg(count), false, true, start) ?? [];
  }

  /**
   * Like {@link StreamsStore.xrange}, newest first: note `end` comes before `start`.
   * @remarks O(N) with N being the number of elements returned. If N is constant (e.g. always
   * asking for the first 10 elements with COUNT), you can consider it O(1).
   * @see https://redis.io/commands/xrevrange/
   */
  xrevrange(key: Bytes, end = '+', start = '-', count?: number): StreamEntryReply[] {
    const s = parseRangeBound(start, 'start');
    const e = parseRangeBound(end, 'end');
    return this._xrange(this.readKey(key), s, e, countArg(count), true, true) ?? [];
  }

  // ---- deleting and trimming -----------------------------------------------------------------

  /**
   * Deletes the entries with the given IDs; returns how many existed.
   * @remarks O(1) for each single item to delete in the stream, regardless of the stream size.
   * @see https://redis.io/commands/xdel/
   */
  xdel(key: Bytes, ...ids: string[]): number {
    if (ids.length === 0) fail(wrongArgs('xdel'));
    return this._xdel(toBytes(key), ids);
  }

  /**
   * Trims the stream at `key` by length (MAXLEN) or by ID (MINID); returns the entries removed.
   * @remarks O(N), with N being the number of evicted entries. Constant times are very small
   * however, since entries are organized in macro nodes containing multiple entries that can be
   * released with a single deallocation.
   * @see https://redis.io/commands/xtrim/
   */
  xtrim(key: Bytes, options: XTrimOptions): number {
    return this._xtrim(toBytes(key), trimSpecOf(options, this.streamLimits), null);
  }

  /**
   * Sets the stream's last ID (and its entries-added counter and max-deleted ID when given);
   * the stream must exist.
   * @remarks O(1)
   * @see https://redis.io/commands/xsetid/
   */
  xsetid(key: Bytes, lastId: string, options: XSetIdOptions = {}): void {
    const id = parseStrictId(lastId);
    let entriesAdded = -1;
    if (options.entriesAdded !== undefined) {
      entriesAdded = options.entriesAdded;
      if (!Number.isInteger(entriesAdded) || entriesAdded >= TWO_63) fail(NOT_INTEGER);
      if (entriesAdded < 0) fail(XSETID_ENTRIES_ADDED_NEGATIVE);
    }
    let maxDeleted: StreamId | null = null;
    if (options.maxDeletedId !== undefined) {
      maxDeleted = parseStrictId(options.maxDeletedId);
      if (compareIds(id, maxDeleted) < 0) fail(XSETID_MAX_DELETED_TOO_BIG);
    }
    this._xsetid(toBytes(key), { id, entriesAdded, maxDeleted }, null);
  }

  // ---- consumer groups and reads -------------------------------------------------------------

  /**
   * Creates consumer group `group` on the stream at `key`, delivering entries after `id` (`$`:
   * the stream's last ID). The stream must exist unless `mkstream`.
   * @remarks O(1)
   * @see https://redis.io/commands/xgroup-create/
   */
  xgroupCreate(key: Bytes, group: Bytes, id = '$', options: XGroupCreateOptions = {}): void {
    const argv = ['XGROUP', 'CREATE', toBytes(key), toBytes(group), id];
    if (options.mkstream === true) argv.push('MKSTREAM');
    const entriesRead = entriesReadArg(options.entriesRead);
    if (options.entriesRead !== undefined) argv.push('ENTRIESREAD', String(entriesRead));
    this._xgroupCreate(argv[2]!, argv[3]!, id, options.mkstream === true, entriesRead, argv);
  }

  /**
   * Sets the last delivered ID of `group` (`$`: the stream's last ID) and its entries-read counter.
   * @remarks O(1)
   * @see https://redis.io/commands/xgroup-setid/
   */
  xgroupSetId(key: Bytes, group: Bytes, id: string, options: { entriesRead?: number } = {}): void {
    const argv = ['XGROUP', 'SETID', toBytes(key), toBytes(group), id];
    const entriesRead = entriesReadArg(options.entriesRead);
    if (options.entriesRead !== undefined) argv.push('ENTRIESREAD', String(entriesRead));
    this._xgroupSetId(argv[2]!, argv[3]!, id, entriesRead, argv);
  }

  /**
   * Destroys `group`; true when it existed.
   * @remarks O(N) where N is the number of entries in the group's pending entries list (PEL).
   * @see https://redis.io/commands/xgroup-destroy/
   */
  xgroupDestroy(key: Bytes, group: Bytes): boolean {
    const argv = ['XGROUP', 'DESTROY', toBytes(key), toBytes(group)];
    return this._xgroupDestroy(argv[2]!, argv[3]!, argv) === 1;
  }

  /**
   * Creates `consumer` in `group`; true when it did not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/xgroup-createconsumer/
   */
  xgroupCreateConsumer(key: Bytes, group: Bytes, consumer: Bytes): boolean {
    const argv = ['XGROUP', 'CREATECONSUMER', toBytes(key), toBytes(group), toBytes(consumer)];
    return this._xgroupCreateConsumer(argv[2]!, argv[3]!, argv[4]!, argv) === 1;
  }

  /**
   * Deletes `consumer` from `group`; returns how many entries it had pending (now dropped).
   * @remarks O(1)
   * @see https://redis.io/commands/xgroup-delconsumer/
   */
  xgroupDelConsumer(key: Bytes, group: Bytes, consumer: Bytes): number {
    const argv = ['XGROUP', 'DELCONSUMER', toBytes(key), toBytes(group), toBytes(consumer)];
    return this._xgroupDelConsumer(argv[2]!, argv[3]!, argv[4]!, argv);
  }

  /**
   * Acknowledges entries of `group`; returns how many were pending.
   * @remarks O(1) for each message ID processed.
   * @see https://redis.io/commands/xack/
   */
  xack(key: Bytes, group: Bytes, ...ids: string[]): number {
    if (ids.length === 0) fail(wrongArgs('xack'));
    return this._xack(toBytes(key), toBytes(group), ids);
  }

  /**
   * The pending entries of `group` in summary: their count, lowest and highest ID, and how many
   * each consumer has (consumers with none left out).
   * @remarks O(N) with N being the number of consumers in the group.
   * @see https://redis.io/commands/xpending/
   */
  xpending(key: Bytes, group: Bytes): XPendingSummary {
    const [count, first, last, consumers] = this._xpendingSummary(toBytes(key), toBytes(group));
    return {
      count,
      first,
      last,
      consumers: (consumers ?? []).map(([name, n]) => [fromBytes(name), Number(n)] as [string, number]),
    };
  }

  /**
   * Pending entries of `group` from `start` to `end` (`-`, `+`, `(` as in XRANGE), at most
   * `count`: [id, consumer, ms since last delivery, deliveries].
   * @remarks O(N) with N being the number of elements returned.
   * @see https://redis.io/commands/xpending/
   */
  xpendingRange(
    key: Bytes,
    group: Bytes,
    start: string,
    end: string,
    count: number,
    options: XPendingOptions = {},
  ): XPendingEntry[] {
    const s = parseRangeBound(start, 'start');
    const e = parseRangeBound(end, 'end');
    const minIdle = options.idle ?? 0;
    if (!Number.isInteger(count) || !Number.isInteger(minIdle)) fail(NOT_INTEGER);
    const consumer = options.consumer === undefined ? null : toBytes(options.consumer);
    return this._xpendingRange(toBytes(key), toBytes(group), minIdle, s, e, count, consumer).map(
      ([id, c, idle, n]) => [id, fromBytes(c), idle, n] as XPendingEntry,
    );
  }

  /**
   * Entries after the given IDs (`$`: after the stream's last ID) of each stream, at most
   * `count` per stream; null when none has any. Never blocks: see {@link StreamsStore.xreadBlock}.
   * @remarks For each stream mentioned: O(N) with N being the number of elements being returned.
   * @see https://redis.io/commands/xread/
   */
  xread(streams: Readonly<Record<string, string>>, options: { count?: number } = {}): XReadReply | null {
    const r = this._xread(readSpec(streams, options.count, null, '', false, -1), true);
    return readReply(r as XReadResult | null);
  }

  /**
   * Like {@link StreamsStore.xread}, waiting up to `timeoutMs` (0: forever) for an entry when
   * none is there; null on timeout.
   * @remarks For each stream mentioned: O(N) with N being the number of elements being returned.
   * @see https://redis.io/commands/xread/
   */
  xreadBlock(
    streams: Readonly<Record<string, string>>,
    timeoutMs: number,
    options: { count?: number } & BlockingOptions = {},
  ): Promise<XReadReply | null> {
    return this.blockingCall(
      options,
      () => this._xread(readSpec(streams, options.count, null, '', false, timeoutArg(timeoutMs)), false),
      readReply,
    );
  }

  /**
   * Reads as `consumer` of `group`: with ID `>` the entries never delivered to the group (they
   * become pending unless `noack`), with any other ID the consumer's own pending entries after
   * it (a deleted one with null fields). Null when nothing was read. Never blocks.
   * @remarks For each stream mentioned: O(M) with M the number of elements returned. If M is
   * constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).
   * On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the
   * N clients blocked on the stream getting new data.
   * @see https://redis.io/commands/xreadgroup/
   */
  xreadgroup(
    group: Bytes,
    consumer: Bytes,
    streams: Readonly<Record<string, string>>,
    options: XReadGroupOptions = {},
  ): XReadReply | null {
    const spec = readSpec(
      streams,
      options.count,
      toBytes(group),
      toBytes(consumer),
      options.noack === true,
      -1,
    );
    return readReply(this._xread(spec, true) as XReadResult | null);
  }

  /**
   * Like {@link StreamsStore.xreadgroup}, waiting up to `timeoutMs` (0: forever) for new entries;
   * null on timeout. Rejects with NOGROUP when the group is destroyed meanwhile, and with
   * `UNBLOCKED the stream key no longer exists` when the stream is deleted or replaced.
   * @remarks As {@link StreamsStore.xreadgroup}.
   * @see https://redis.io/commands/xreadgroup/
   */
  xreadgroupBlock(
    group: Bytes,
    consumer: Bytes,
    streams: Readonly<Record<string, string>>,
    timeoutMs: number,
    options: XReadGroupOptions & BlockingOptions = {},
  ): Promise<XReadReply | null> {
    const spec = readSpec(
      streams,
      options.count,
      toBytes(group),
      toBytes(consumer),
      options.noack === true,
      timeoutArg(timeoutMs),
    );
    return this.blockingCall(options, () => this._xread(spec, false), readReply);
  }

  /**
   * Gives `consumer` the pending entries `ids` that have been idle at least `minIdleMs`, and
   * returns them; entries no longer in the stream leave the PEL instead.
   * @remarks O(log N) with N being the number of messages in the PEL of the consumer group.
   * @see https://redis.io/commands/xclaim/
   */
  xclaim(
    key: Bytes,
    group: Bytes,
    consumer: Bytes,
    minIdleMs: number,
    ids: readonly string[],
    options: XClaimOptions = {},
  ): StreamEntryReply[] {
    const r = this._xclaim(
      toBytes(key),
      toBytes(group),
      toBytes(consumer),
      claimArgs(minIdleMs, ids, options, false),
    );
    return (r as [string, string[]][]).map(entryReply);
  }

  /**
   * Like {@link StreamsStore.xclaim} with JUSTID: returns the IDs claimed, and leaves the delivery
   * counters alone unless `retryCount` is given.
   * @remarks O(log N) with N being the number of messages in the PEL of the consumer group.
   * @see https://redis.io/commands/xclaim/
   */
  xclaimJustId(
    key: Bytes,
    group: Bytes,
    consumer: Bytes,
    minIdleMs: number,
    ids: readonly string[],
    options: XClaimOptions = {},
  ): string[] {
    return this._xclaim(
      toBytes(key),
      toBytes(group),
      toBytes(consumer),
      claimArgs(minIdleMs, ids, options, true),
    ) as string[];
  }

  /**
   * Claims for `consumer` up to `count` pending entries idle at least `minIdleMs`, from `start`
   * on (`-`, or a `(` exclusive ID); returns the cursor to continue from (`0-0` at the end), the
   * claimed entries, and the IDs dropped from the PEL because their entry was deleted.
   * @remarks O(1) if COUNT is small.
   * @see https://redis.io/commands/xautoclaim/
   */
  xautoclaim(
    key: Bytes,
    group: Bytes,
    consumer: Bytes,
    minIdleMs: number,
    start: string,
    options: { count?: number } = {},
  ): XAutoClaimResult<StreamEntryReply> {
    const [cursor, claimed, deleted] = this.autoclaim(
      key,
      group,
      consumer,
      minIdleMs,
      start,
      options.count,
      false,
    );
    return { cursor, entries: (claimed as [string, string[]][]).map(entryReply), deleted };
  }

  /**
   * Like {@link StreamsStore.xautoclaim} with JUSTID: the IDs claimed, delivery counters unchanged.
   * @remarks O(1) if COUNT is small.
   * @see https://redis.io/commands/xautoclaim/
   */
  xautoclaimJustId(
    key: Bytes,
    group: Bytes,
    consumer: Bytes,
    minIdleMs: number,
    start: string,
    options: { count?: number } = {},
  ): XAutoClaimResult<string> {
    const [cursor, claimed, deleted] = this.autoclaim(
      key,
      group,
      consumer,
      minIdleMs,
      start,
      options.count,
      true,
    );
    return { cursor, entries: claimed as string[], deleted };
  }

  private autoclaim(
    key: Bytes,
    group: Bytes,
    consumer: Bytes,
    minIdleMs: number,
    start: string,
    count: number | undefined,
    justid: boolean,
  ): [string, (string | [string, string[]])[], string[]] {
    if (!Number.isInteger(minIdleMs) || Math.abs(minIdleMs) >= TWO_63) fail(XAUTOCLAIM_BAD_MIN_IDLE);
    const s = parseRangeBound(start, 'start');
    const n = count ?? 100;
    if (!Number.isInteger(n) || n < 1 || n >= 2 ** 59) fail(XAUTOCLAIM_COUNT); // LONG_MAX / 16 is the largest
    return this._xautoclaim(
      toBytes(key),
      toBytes(group),
      toBytes(consumer),
      Math.max(0, minIdleMs),
      s,
      n,
      justid,
    );
  }

  /**
   * The consumer groups of the stream at `key` (XINFO GROUPS), by name; `ERR no such key` when
   * it does not exist.
   * @remarks O(1) per group.
   * @see https://redis.io/commands/xinfo-groups/
   */
  xinfoGroups(key: Bytes): XInfoGroup[] {
    return this._xinfoGroups(toBytes(key)).map((g) => ({ ...g, name: fromBytes(g.name) }));
  }

  /**
   * The consumers of `group` (XINFO CONSUMERS), by name, with their pending entries and idle ms.
   * @remarks O(1) per consumer.
   * @see https://redis.io/commands/xinfo-consumers/
   */
  xinfoConsumers(key: Bytes, group: Bytes): XInfoConsumer[] {
    return this._xinfoConsumers(toBytes(key), toBytes(group)).map((c) => ({ ...c, name: fromBytes(c.name) }));
  }

  /**
   * The state of the stream at `key` (XINFO STREAM): length, node count, edge IDs and counters,
   * the number of groups, and the first and last entries. `ERR no such key` when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/xinfo-stream/
   */
  xinfoStream(key: Bytes): XInfoStream {
    const info = this._xinfoStream(this._xinfoLookup(toBytes(key)), false, 10) as XInfoStream;
    return {
      ...info,
      firstEntry: info.firstEntry === null ? null : entryReply(info.firstEntry),
      lastEntry: info.lastEntry === null ? null : entryReply(info.lastEntry),
    };
  }

  /**
   * The stream at `key` in full (XINFO STREAM FULL): what {@link StreamsStore.xinfoStream}
   * reports but the group count and edge entries, plus its first `count` entries and every
   * consumer group with its first `count` pending entries and its consumers (each with its first
   * `count` pending entries). `ERR no such key` when it does not exist.
   * @remarks O(N) with N the entries, pending entries and consumers listed: COUNT caps the
   * first two, so a small COUNT keeps it cheap on a large stream.
   * @see https://redis.io/commands/xinfo-stream/
   */
  xinfoStreamFull(key: Bytes, options: XInfoStreamFullOptions = {}): XInfoStreamFull {
    let count = options.count ?? 10;
    if (!Number.isInteger(count) || Math.abs(count) >= TWO_63) fail(NOT_INTEGER);
    if (count < 0) count = 10;
    const info = this._xinfoStream(this._xinfoLookup(toBytes(key)), true, count) as XInfoStreamFull;
    return {
      ...info,
      entries: info.entries.map(entryReply),
      groups: info.groups.map((g) => ({
        ...g,
        name: fromBytes(g.name),
        pending: g.pending.map(([id, c, t, n]) => [id, fromBytes(c), t, n] as XInfoStreamGroupNack),
        consumers: g.consumers.map((c) => ({ ...c, name: fromBytes(c.name) })),
      })),
    };
  }

  // ---- byte-level implementations (shared with commands/streams.ts) --------------------------

  /** @internal XADD (xaddCommand), after parsing: the new ID, or null for NOMKSTREAM on a missing key. */
  _xadd(key: string, spec: XAddSpec, fields: string[]): string | null {
    checkXAddIdNotZero(spec.id);
    const db = this.db;
    const v = this.lookupWrite(key);
    let s: Stream;
    let created = false;
    if (v === undefined) {
      if (spec.nomkstream) return null;
      s = new Stream(this.streamLimits);
      created = true;
    } else if (v instanceof Stream) {
      s = v;
    } else {
      return this.wrongType();
    }
    const id = nextXAddId(s.lastId, spec.id, this.clock.now());
    s.add(id, fields);
    if (created) this.createStream(db, key, s);
    const idText = formatId(id);
    const effects = this.effects;
    effects.touch(db.id, key);
    effects.event(NOTIFY.STREAM, 'xadd', key, db.id);
    const trim = spec.trim;
    if (trim !== null && this.trimStream(s, trim) > 0) effects.event(NOTIFY.STREAM, 'xtrim', key, db.id);
    if (effects.logging) {
      const argv = ['XADD', key];
      if (spec.nomkstream) argv.push('NOMKSTREAM');
      if (trim !== null) argv.push(...trimLogArgs(s, trim));
      // A generated ID is logged as the ID itself, so a replay adds the same entry.
      argv.push(spec.id.auto || !spec.id.seqGiven ? idText : spec.idText, ...fields);
      effects.propagate(db.id, argv);
    }
    this.serveBlocked();
    return idText;
  }

  /** @internal XLEN */
  _xlen(key: string): number {
    const s = this.lookupStreamRead(key);
    return s === null ? 0 : s.length;
  }

  /**
   * @internal XRANGE / XREVRANGE with inclusive bounds: `count` 0 for all and below 0 for none,
   * [id, fields] pairs as byte strings. An empty array for a missing key, null (the null array)
   * for an existing one and no count (COUNT 0), as xrangeGenericCommand replies. `text`:
   * fields decoded from UTF-8 for the typed API, in the same pass (no copy of the reply).
   * `startText`: the argument `start` was parsed from, whose digits the reply's IDs may reuse.
   */
  _xrange(
    key: string,
    start: StreamId,
    end: StreamId,
    count: number,
    reverse: boolean,
    text = false,
    startText = '',
  ): [string, string[]][] | null {
    const s = this.lookupStreamRead(key);
    if (s === null) return [];
    if (count < 0) return null;
    return s.replyRange(start, end, count, reverse, text ? fromBytes : null, startText);
  }

  /** @internal XDEL: IDs are parsed only after the key's lookup and type check, as Redis does. */
  _xdel(key: string, idArgs: string[]): number {
    const db = this.db;
    const s = this.lookupStreamWrite(key);
    if (s === null) return 0;
    const ids = idArgs.map((a) => parseStrictId(a));
    let deleted = 0;
    for (const id of ids) if (s.delete(id)) deleted++;
    if (deleted > 0) {
      this.effects.touch(db.id, key);
      this.effects.event(NOTIFY.STREAM, 'xdel', key, db.id);
      if (this.effects.logging) this.effects.propagate(db.id, ['XDEL', key, ...idArgs]);
    }
    return deleted;
  }

  /**
   * @internal XTRIM (xtrimCommand), after parsing. `argv` is the command as issued (logged
   * when the trim was exact); null from the typed API, which logs an equivalent one.
   */
  _xtrim(key: string, trim: TrimSpec, argv: string[] | null): number {
    const db = this.db;
    const s = this.lookupStreamWrite(key);
    if (s === null) return 0;
    const deleted = this.trimStream(s, trim);
    if (deleted > 0) {
      this.effects.event(NOTIFY.STREAM, 'xtrim', key, db.id);
      this.effects.touch(db.id, key);
      if (this.effects.logging) {
        this.effects.propagate(
          db.id,
          argv !== null && !trim.approx ? argv : ['XTRIM', key, ...trimLogArgs(s, trim)],
        );
      }
    }
    return deleted;
  }

  /** @internal XSETID (xsetidCommand), after parsing; `argv` as issued, or null from the typed API. */
  _xsetid(key: string, spec: XSetIdSpec, argv: string[] | null): void {
    const db = this.db;
    const v = this.lookupWrite(key);
    if (v === undefined) fail(NO_SUCH_KEY);
    if (!(v instanceof Stream)) this.wrongType();
    v.setId(spec.id, spec.entriesAdded, spec.maxDeleted);
    this.effects.event(NOTIFY.STREAM, 'xsetid', key, db.id);
    if (this.effects.logging) {
      let log = argv;
      if (log === null) {
        log = ['XSETID', key, formatId(spec.id)];
        if (spec.entriesAdded !== -1) log.push('ENTRIESADDED', String(spec.entriesAdded));
        if (spec.maxDeleted !== null) log.push('MAXDELETEDID', formatId(spec.maxDeleted));
      }
      this.effects.propagate(db.id, log);
    }
  }

  // ---- consumer groups: byte-level implementations (shared with commands/streams.ts) ---------

  /**
   * @internal XGROUP CREATE, options parsed: the key and group checks come first, then the ID
   * (`$` or strict) and the argument count, as xgroupCommand orders them.
   */
  _xgroupCreate(
    key: string,
    group: string,
    idArg: string,
    mkstream: boolean,
    entriesRead: number,
    argv: string[],
  ): void {
    const db = this.db;
    let s = this.lookupStreamWrite(key);
    if (s === null && !mkstream) fail(XGROUP_NO_KEY);
    if (argv.length > 8) fail(subcommandSyntax(argv[1]!, 'XGROUP'));
    const lastId = idArg === '$' ? (s?.lastId ?? MIN_ID) : parseStrictId(idArg);
    if (s === null) {
      s = new Stream(this.streamLimits);
      this.createStream(db, key, s);
      this.effects.touch(db.id, key);
    }
    if (s.createGroup(group, lastId, entriesRead) === null) fail(BUSYGROUP);
    this.effects.event(NOTIFY.STREAM, 'xgroup-create', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, argv);
  }

  /** @internal XGROUP SETID, options parsed: `$` or an ID where `-` and `+` are allowed. */
  _xgroupSetId(key: string, group: string, idArg: string, entriesRead: number, argv: string[]): void {
    const db = this.db;
    const [s, g] = this.requireGroup(key, group);
    if (argv.length !== 5 && argv.length !== 7) fail(subcommandSyntax(argv[1]!, 'XGROUP'));
    g.lastId = idArg === '$' ? s.lastId : parseId(idArg);
    g.entriesRead = entriesRead;
    this.effects.event(NOTIFY.STREAM, 'xgroup-setid', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, argv);
  }

  /** @internal XGROUP DESTROY: 1 when the group existed. Its blocked readers get NOGROUP. */
  _xgroupDestroy(key: string, group: string, argv: string[]): number {
    const db = this.db;
    const s = this.lookupStreamWrite(key);
    if (s === null) fail(XGROUP_NO_KEY);
    if (!s.destroyGroup(group)) return 0;
    this.effects.event(NOTIFY.STREAM, 'xgroup-destroy', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, argv);
    // signalKeyAsReady without a touch: readers blocked on the group get NOGROUP.
    if (this.blocking !== null) {
      this.blocking.signal(db.id, key);
      this.serveBlocked();
    }
    return 1;
  }

  /** @internal XGROUP CREATECONSUMER: 1 when created. */
  _xgroupCreateConsumer(key: string, group: string, consumer: string, argv: string[]): number {
    const db = this.db;
    const [, g] = this.requireGroup(key, group);
    if (g.createConsumer(consumer, this.clock.now()) === null) return 0;
    this.effects.event(NOTIFY.STREAM, 'xgroup-createconsumer', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, argv);
    return 1;
  }

  /** @internal XGROUP DELCONSUMER: the entries the consumer had pending. */
  _xgroupDelConsumer(key: string, group: string, consumer: string, argv: string[]): number {
    const db = this.db;
    const [, g] = this.requireGroup(key, group);
    const pending = g.deleteConsumer(consumer);
    if (pending === null) return 0;
    this.effects.event(NOTIFY.STREAM, 'xgroup-delconsumer', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, argv);
    return pending;
  }

  /** @internal XACK: IDs parsed only once the key and group are found, as Redis does. */
  _xack(key: string, group: string, idArgs: string[]): number {
    const db = this.db;
    const s = this.lookupStreamRead(key);
    const g = s?.groups.get(group);
    if (g === undefined) return 0;
    const ids = idArgs.map((a) => parseStrictId(a));
    let acked = 0;
    for (const id of ids) if (g.ack(id)) acked++;
    if (acked > 0 && this.effects.logging) this.effects.propagate(db.id, ['XACK', key, group, ...idArgs]);
    return acked;
  }

  /**
   * @internal XPENDING key group (summary): [count, first, last, [[consumer, count as text]]],
   * the three last null when nothing is pending.
   */
  _xpendingSummary(
    key: string,
    group: string,
  ): [number, string | null, string | null, [string, string][] | null] {
    const g = this.pendingGroup(key, group);
    const pel = g.pel;
    if (pel.size === 0) return [0, null, null, null];
    const consumers: [string, string][] = [];
    for (const c of g.consumersInOrder()) if (c.pel.size > 0) consumers.push([c.name, String(c.pel.size)]);
    return [pel.size, formatId(pel.first()!.id), formatId(pel.last()!.id), consumers];
  }

  /**
   * @internal XPENDING key group [IDLE ms] start end count [consumer]: [id, consumer, idle ms,
   * deliveries] for each pending entry in range, `count` <= 0 for none.
   */
  _xpendingRange(
    key: string,
    group: string,
    minIdle: number,
    start: StreamId,
    end: StreamId,
    count: number,
    consumer: string | null,
  ): [string, string, number, number][] {
    const g = this.pendingGroup(key, group);
    let pel = g.pel;
    if (consumer !== null) {
      const c = g.lookupConsumer(consumer);
      if (c === undefined) return [];
      pel = c.pel;
    }
    const out: [string, string, number, number][] = [];
    if (count <= 0) return out;
    const now = this.clock.now();
    for (const nack of pel.range(start, end)) {
      if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
      const idle = now - nack.deliveryTime;
      out.push([formatId(nack.id), nack.consumer!.name, idle < 0 ? 0 : idle, nack.deliveryCount]);
      if (out.length >= count) break;
    }
    return out;
  }

  /**
   * @internal XREAD / XREADGROUP (xreadCommand), options parsed: resolves every key and ID
   * (type, group, `$`, `>`), then serves what it can at once; else blocks when `timeoutMs` is
   * not -1 (null at once when `deny`), else null. XREADGROUP is logged as Redis propagates it:
   * an idempotent XCLAIM per delivered entry, or XGROUP SETID (+ CREATECONSUMER) with NOACK.
   */
  _xread(spec: XReadSpec, deny: boolean): XReadResult | null | Waiter<XReadResult | null> {
    const { keys, group } = spec;
    const ids: StreamId[] = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const s = this.lookupStreamRead(key);
      if (group !== null && (s === null || !s.groups.has(group))) fail(noGroupForRead(key, group));
      const arg = spec.ids[i]!;
      if (arg === '$') {
        if (group !== null) fail(XREADGROUP_DOLLAR);
        ids.push(s === null ? MIN_ID : s.lastId);
      } else if (arg === '>') {
        if (group === null) fail(XREAD_GT_WITHOUT_GROUP);
        ids.push(MAX_ID);
      } else {
        ids.push(parseStrictId(arg));
      }
    }
    const out: XReadResult = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const s = this.lookupStreamRead(key);
      if (s === null) continue;
      let gt = ids[i]!;
      let history = false;
      const g = group === null ? null : s.groups.get(group)!;
      if (g !== null) {
        if (!isMaxId(gt)) history = true;
        else if (s.length > 0 && compareIds(s.lastEntryId()!, g.lastId) > 0) gt = g.lastId;
        else continue;
      } else if (s.length === 0 || compareIds(s.lastEntryId()!, gt) <= 0) {
        continue;
      }
      out.push([key, this.readRange(s, key, gt, spec, g, history, spec.count)]);
    }
    if (out.length > 0) return out;
    if (spec.timeoutMs === -1 || deny) return null;
    const db = this.db;
    return this.blockingRegistry().block<XReadResult | null>({
      db: db.id,
      keys,
      deadline: deadlineOf(spec.timeoutMs, this.clock.now()),
      timeoutValue: null,
      // A group reader cannot outlive its stream: have the registry signal the key when it goes.
      wakeOnDelete: group !== null,
      serve: (key) => {
        const s = this.lookupWrite(key);
        if (!(s instanceof Stream)) {
          // unblockDeletedStreamReadgroupClients: the key was deleted (DEL, expiry, RENAME or MOVE
          // away, FLUSHALL, SWAPDB) or replaced by another type. A plain XREAD waits on.
          if (group !== null) throw new ReplyError(UNBLOCKED_STREAM_DELETED);
          return NOT_SERVED;
        }
        let gt = ids[keys.indexOf(key)]!;
        let g: ConsumerGroup | null = null;
        if (group !== null) {
          const found = s.groups.get(group);
          if (found === undefined) throw new ReplyError(NOGROUP_BLOCKED);
          g = found;
          gt = g.lastId;
        }
        if (compareIds(s.lastId, gt) <= 0) return NOT_SERVED;
        // XREAD_BLOCKED_DEFAULT_COUNT: a client woken without COUNT gets at most 1000 entries.
        const count = spec.count === 0 ? 1000 : spec.count;
        return [[key, this.readRange(s, key, gt, spec, g, false, count)]];
      },
    });
  }

  /**
   * Entries after `gt` for one key of XREAD / XREADGROUP (streamReplyWithRange with a group, or
   * from the consumer's PEL for a history read), recording deliveries and logging them.
   */
  private readRange(
    s: Stream,
    key: string,
    gt: StreamId,
    spec: XReadSpec,
    g: ConsumerGroup | null,
    history: boolean,
    count: number,
  ): [string, string[] | null][] {
    const entries: [string, string[] | null][] = [];
    const start = incrId(gt) ?? MAX_ID;
    if (g === null) {
      const c = s.cursor(start, MAX_ID);
      while (c.next()) {
        entries.push([c.idString(), c.fields()]);
        if (entries.length === count) break;
      }
      return entries;
    }
    const db = this.db;
    const effects = this.effects;
    const now = this.clock.now();
    const group = g.name;
    let consumer = g.lookupConsumer(spec.consumer, now);
    if (consumer === undefined) {
      consumer = g.createConsumer(spec.consumer, now)!;
      effects.event(NOTIFY.STREAM, 'xgroup-createconsumer', key, db.id);
      if (spec.noack && effects.logging) {
        effects.propagate(db.id, ['XGROUP', 'CREATECONSUMER', key, group, spec.consumer]);
      }
    }
    if (history) {
      for (const nack of consumer.pel.range(start, MAX_ID, count === 0 ? Number.POSITIVE_INFINITY : count)) {
        const fields = s.get(nack.id);
        if (fields === undefined) {
          // Pending but no longer in the stream: the ID with a nil body.
          entries.push([formatId(nack.id), null]);
        } else {
          entries.push([formatId(nack.id), fields]);
          nack.deliveryTime = now;
          nack.deliveryCount++;
        }
      }
      return entries;
    }
    let lastIdMoved = false;
    let readCounted = false;
    const c = s.cursor(start, MAX_ID);
    while (c.next()) {
      const id = c.id;
      if (s.noteDelivered(g, id)) {
        if (spec.noack) lastIdMoved = true;
        else readCounted = true;
      }
      const idText = c.idString();
      entries.push([idText, c.fields()]);
      if (!spec.noack) {
        const nack = g.deliver(id, consumer, now);
        // streamPropagateXCLAIM: replays to the same owner, time, count and last ID.
        if (effects.logging) effects.propagate(db.id, xclaimEffect(key, g, idText, nack));
      }
      if (entries.length === count) break;
    }
    if (lastIdMoved && effects.logging) effects.propagate(db.id, setIdEffect(key, g));
    // The XCLAIMs move the group's last ID on a replay but not its entries-read counter (as in
    // Redis 7.0): the log no longer reproduces the group exactly (see Effects.unlogged).
    if (readCounted) effects.unlogged++;
    return entries;
  }

  /**
   * @internal XCLAIM (xclaimCommand) from argv[4] on: the key and group are checked before
   * anything is parsed, the IDs run until the first argument that is not one, options follow.
   * Returns the claimed entries ([id, fields]), or their IDs with JUSTID.
   */
  _xclaim(key: string, group: string, consumerName: string, args: string[]): (string | [string, string[]])[] {
    const db = this.db;
    const s = this.lookupStreamRead(key);
    const g = s?.groups.get(group);
    if (s === null || g === undefined) fail(noGroupForPending(key, group));
    let minIdle = parseInteger(args[0]!, XCLAIM_BAD_MIN_IDLE);
    if (minIdle < 0) minIdle = 0;
    const ids: StreamId[] = [];
    const idArgs: string[] = [];
    let j = 1;
    for (; j < args.length; j++) {
      const id = tryParseStrictId(args[j]!);
      if (id === null) break;
      ids.push(id);
      idArgs.push(args[j]!);
    }
    const now = this.clock.now();
    let force = false;
    let justid = false;
    let deliveryTime = -1;
    let retryCount = -1;
    let lastId: StreamId = MIN_ID;
    for (; j < args.length; j++) {
      const moreargs = args.length - 1 - j;
      const opt = args[j]!;
      if (isToken(opt, 'FORCE')) force = true;
      else if (isToken(opt, 'JUSTID')) justid = true;
      else if (isToken(opt, 'IDLE') && moreargs > 0)
        deliveryTime = now - parseInteger(args[++j]!, XCLAIM_BAD_IDLE);
      else if (isToken(opt, 'TIME') && moreargs > 0) deliveryTime = parseInteger(args[++j]!, XCLAIM_BAD_TIME);
      else if (isToken(opt, 'RETRYCOUNT') && moreargs > 0)
        retryCount = parseInteger(args[++j]!, XCLAIM_BAD_RETRYCOUNT);
      else if (isToken(opt, 'LASTID') && moreargs > 0) lastId = parseStrictId(args[++j]!);
      else fail(xclaimBadOption(opt));
    }
    const effects = this.effects;
    let propagateLastId = false;
    if (compareIds(lastId, g.lastId) > 0) {
      g.lastId = lastId;
      propagateLastId = true;
    }
    // A bogus time (negative, in the future) means now, rather than an error.
    if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
    let consumer: Consumer | undefined;
    const out: (string | [string, string[]])[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let nack = g.pel.get(id);
      const fields = s.get(id);
      if (fields === undefined) {
        // No longer in the stream: the NACK goes (logged, so a replica drops it too).
        if (nack !== undefined) {
          if (effects.logging) effects.propagate(db.id, xclaimEffect(key, g, idArgs[i]!, nack));
          propagateLastId = false;
          g.removeNack(nack);
        }
        continue;
      }
      if (force && nack === undefined) nack = g.forceNack(id, now);
      if (nack === undefined) continue;
      if (nack.consumer !== null && minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
      consumer ??= this.claimConsumer(g, consumerName, key, now);
      nack.deliveryTime = deliveryTime;
      if (retryCount >= 0) nack.deliveryCount = retryCount;
      else if (!justid) nack.deliveryCount++;
      g.claim(nack, consumer);
      out.push(justid ? formatId(id) : [formatId(id), fields]);
      if (effects.logging) effects.propagate(db.id, xclaimEffect(key, g, idArgs[i]!, nack));
      propagateLastId = false;
    }
    if (propagateLastId && effects.logging) effects.propagate(db.id, setIdEffect(key, g));
    return out;
  }

  /**
   * @internal XAUTOCLAIM (xautoclaimCommand), parsed: claims up to `count` entries idle for at
   * least `minIdle` ms from `start` on, trying at most 10 per count. Returns the next cursor, the
   * claimed entries (or IDs with JUSTID), and the IDs dropped because their entry was deleted.
   */
  _xautoclaim(
    key: string,
    group: string,
    consumerName: string,
    minIdle: number,
    start: StreamId,
    count: number,
    justid: boolean,
  ): [string, (string | [string, string[]])[], string[]] {
    const db = this.db;
    const s = this.lookupStreamRead(key);
    const g = s?.groups.get(group);
    if (s === null || g === undefined) fail(noGroupForPending(key, group));
    const effects = this.effects;
    const now = this.clock.now();
    let attempts = count * 10;
    let consumer: Consumer | undefined;
    const claimed: (string | [string, string[]])[] = [];
    const deleted: string[] = [];
    let next = g.pel.ceiling(start);
    while (attempts-- > 0 && count > 0 && next !== undefined) {
      const nack = next;
      next = g.pel.higher(nack.id);
      const idText = formatId(nack.id);
      const fields = s.get(nack.id);
      if (fields === undefined) {
        if (effects.logging) effects.propagate(db.id, xclaimEffect(key, g, idText, nack));
        g.removeNack(nack);
        deleted.push(idText);
        count--;
        continue;
      }
      if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
      consumer ??= this.claimConsumer(g, consumerName, key, now);
      nack.deliveryTime = now;
      if (!justid) nack.deliveryCount++;
      g.claim(nack, consumer);
      claimed.push(justid ? idText : [idText, fields]);
      count--;
      if (effects.logging) effects.propagate(db.id, xclaimEffect(key, g, idText, nack));
    }
    return [next === undefined ? '0-0' : formatId(next.id), claimed, deleted];
  }

  /** The claiming consumer, created (with its event) when missing; its seen-time refreshed. */
  private claimConsumer(g: ConsumerGroup, name: string, key: string, now: number): Consumer {
    const c = g.lookupConsumer(name, now);
    if (c !== undefined) return c;
    this.effects.event(NOTIFY.STREAM, 'xgroup-createconsumer', key, this.db.id);
    return g.createConsumer(name, now)!;
  }

  /** @internal XINFO GROUPS: each group's summary, groups in name order. */
  _xinfoGroups(key: string): XInfoGroup[] {
    const s = this._xinfoLookup(key);
    return s.groupsInOrder().map((g) => ({
      name: g.name,
      consumers: g.consumers.size,
      pending: g.pel.size,
      lastDeliveredId: formatId(g.lastId),
      entriesRead: g.entriesRead === INVALID_ENTRIES_READ ? null : g.entriesRead,
      lag: s.groupLag(g),
    }));
  }

  /** @internal XINFO CONSUMERS: each consumer's pending count and ms since it was last seen. */
  _xinfoConsumers(key: string, group: string): XInfoConsumer[] {
    const g = this._xinfoLookup(key).groups.get(group);
    if (g === undefined) fail(noGroupForKey(group, key));
    const now = this.clock.now();
    return g.consumersInOrder().map((c) => {
      const idle = now - c.seenTime;
      return { name: c.name, pending: c.pel.size, idle: idle < 0 ? 0 : idle };
    });
  }

  /**
   * @internal XINFO STREAM [FULL [COUNT count]] of a stream already looked up (the handler
   * parses its options after the lookup, as Redis does), in byte strings: `count` 0 lists all.
   */
  _xinfoStream(s: Stream, full: boolean, count: number): XInfoStream | XInfoStreamFull {
    const base: XInfoStreamBase = {
      length: s.length,
      radixTreeKeys: s.nodeCount,
      radixTreeNodes: s.nodeCount === 0 ? 1 : s.nodeCount * 2,
      lastGeneratedId: formatId(s.lastId),
      maxDeletedEntryId: formatId(s.maxDeletedEntryId),
      entriesAdded: s.entriesAdded,
      recordedFirstEntryId: formatId(s.firstId),
    };
    const asReply = (e: StreamEntry): [string, string[]] => [formatId(e.id), e.fields];
    if (!full) {
      const first = s.range(MIN_ID, MAX_ID, 1, false)[0];
      const last = s.range(MIN_ID, MAX_ID, 1, true)[0];
      return {
        ...base,
        groups: s.groups.size,
        firstEntry: first === undefined ? null : asReply(first),
        lastEntry: last === undefined ? null : asReply(last),
      };
    }
    const limit = count === 0 ? Number.POSITIVE_INFINITY : count;
    return {
      ...base,
      entries: s.range(MIN_ID, MAX_ID, limit).map(asReply),
      groups: s.groupsInOrder().map((g) => ({
        name: g.name,
        lastDeliveredId: formatId(g.lastId),
        entriesRead: g.entriesRead === INVALID_ENTRIES_READ ? null : g.entriesRead,
        lag: s.groupLag(g),
        pelCount: g.pel.size,
        pending: g.pel
          .range(MIN_ID, MAX_ID, limit)
          .map(
            (n) =>
              [formatId(n.id), n.consumer!.name, n.deliveryTime, n.deliveryCount] as XInfoStreamGroupNack,
          ),
        consumers: g.consumersInOrder().map((c) => ({
          name: c.name,
          seenTime: c.seenTime,
          pelCount: c.pel.size,
          pending: c.pel
            .range(MIN_ID, MAX_ID, limit)
            .map((n) => [formatId(n.id), n.deliveryTime, n.deliveryCount] as XInfoStreamConsumerNack),
        })),
      })),
    };
  }

  /** @internal XINFO's stream: `ERR no such key` when missing, WRONGTYPE for another type. */
  _xinfoLookup(key: string): Stream {
    const s = this.lookupStreamRead(key);
    if (s === null) fail(NO_SUCH_KEY);
    return s;
  }

  /** The group of XPENDING: NOGROUP (its own text) when the key or group is missing. */
  private pendingGroup(key: string, group: string): ConsumerGroup {
    const s = this.lookupStreamRead(key);
    const g = s?.groups.get(group);
    if (g === undefined) fail(noGroupForPending(key, group));
    return g;
  }

  /** The stream and group of XGROUP SETID / CREATECONSUMER / DELCONSUMER, with their errors. */
  private requireGroup(key: string, group: string): [Stream, ConsumerGroup] {
    const s = this.lookupStreamWrite(key);
    if (s === null) fail(XGROUP_NO_KEY);
    const g = s.groups.get(group);
    if (g === undefined) fail(noGroupForKey(group, key));
    return [s, g];
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** streamTrim with a parsed spec: the entries removed. */
  private trimStream(s: Stream, trim: TrimSpec): number {
    return trim.minid === null
      ? s.trimMaxLen(trim.maxlen, trim.approx, trim.limit)
      : s.trimMinId(trim.minid, trim.approx, trim.limit);
  }

  /** The stream at `key` for a read, null when missing; WRONGTYPE for another type. */
  protected lookupStreamRead(key: string): Stream | null {
    const v = this.lookupRead(key);
    if (v === undefined) return null;
    if (!(v instanceof Stream)) return this.wrongType();
    return v;
  }

  /** The stream at `key` for a write, null when missing; WRONGTYPE for another type. */
  protected lookupStreamWrite(key: string): Stream | null {
    const v = this.lookupWrite(key);
    if (v === undefined) return null;
    if (!(v instanceof Stream)) return this.wrongType();
    return v;
  }

  /** Stores a new stream at `key` (dbAdd). */
  protected createStream(db: Db, key: string, s: Stream): void {
    db.put(key, s);
    this.keyAdded(db, key); // dbAdd
    if (db.access !== null) db.access.set(key, this.clock.now());
  }
}

/**
 * The trim option as logged: an exact trim as given, a `~` one as `= <what is left>` (the
 * stream's length, or its first live entry's ID: streamRewriteTrimArgument), which a replay
 * reproduces exactly whatever nodes it cuts.
 */
function trimLogArgs(s: Stream, trim: TrimSpec): string[] {
  const strategy = trim.minid === null ? 'MAXLEN' : 'MINID';
  if (!trim.approx) return [strategy, '=', trim.text];
  if (trim.minid === null) return [strategy, '=', String(s.length)];
  // streamGetEdgeID on an empty stream gives the maximum ID as the first one.
  const first = s.edgeId(true);
  return [strategy, '=', first === null ? formatId(MAX_ID) : formatId(first)];
}

/** A typed-API COUNT: undefined for all; 0 or below returns nothing, as Redis's COUNT does. */
function countArg(count: number | undefined): number {
  if (count === undefined) return 0;
  if (!Number.isInteger(count) || count >= TWO_63 || count < -TWO_63) fail(NOT_INTEGER);
  return count <= 0 ? -1 : count;
}

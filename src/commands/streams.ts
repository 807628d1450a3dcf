// redis.io group "stream": wire handlers of t_stream.c. Each parses argv completely, in Redis's
// order and with its exact errors (streamParseAddOrTrimArgsOrReply is parseAddOrTrim here), then
// calls the Store's byte-level method the typed API also uses. XDEL parses its IDs only after
// the key's lookup, as Redis does, so its method takes the raw arguments.
//
// Implemented: XADD XLEN XRANGE XREVRANGE XDEL XTRIM XSETID, XGROUP CREATE / SETID / DESTROY /
// CREATECONSUMER / DELCONSUMER, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XREAD and XREADGROUP (BLOCK
// included), XINFO STREAM / GROUPS / CONSUMERS / HELP and XGROUP HELP: the whole family.

import {
  ENTRIES_READ_INVALID,
  fail,
  SYNTAX,
  subcommandSyntax,
  wrongArgs,
  XAUTOCLAIM_BAD_MIN_IDLE,
  XAUTOCLAIM_COUNT,
  XREAD_GROUP_OPTION,
  XREAD_NOACK_OPTION,
  XREAD_UNBALANCED,
  XREADGROUP_NO_GROUP,
  XSETID_ENTRIES_ADDED_NEGATIVE,
  XTRIM_LIMIT_NEGATIVE,
  XTRIM_LIMIT_WITHOUT_APPROX,
  XTRIM_LIMIT_WITHOUT_STRATEGY,
  XTRIM_MAXLEN_AND_MINID,
  XTRIM_MAXLEN_NEGATIVE,
  XTRIM_NO_STRATEGY,
} from '../errors.js';
import { parseTimeout, Waiter } from '../keyspace/blocking.js';
import type { Session } from '../store/core.js';
import type { TrimSpec, XAddSpec, XReadResult, XReadSpec } from '../store/streams.js';
import type { Store } from '../store.js';
import { defaultApproxTrimLimit, INVALID_ENTRIES_READ, XSETID_MAX_DELETED_TOO_BIG } from '../types/stream.js';
import {
  compareIds,
  parseRangeBound,
  parseStrictId,
  parseXAddId,
  type StreamId,
  type XAddIdArg,
} from '../types/stream-id.js';
import { isToken, parseBigInteger, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { BlockedReply, helpReply, MapReply, NULL_ARRAY, OK, type Reply } from './reply.js';

/** What streamParseAddOrTrimArgsOrReply returns: the options, and where the ID is (XADD). */
interface AddOrTrimArgs {
  trim: TrimSpec | null;
  nomkstream: boolean;
  id: XAddIdArg | null;
  /** Index of the ID argument (XADD); argv.length for XTRIM. */
  idPos: number;
}

const AUTO: XAddIdArg = { auto: true };

/** `~` or `=` as the argument after MAXLEN / MINID, taken only when a threshold follows. */
function trimOperator(argv: string[], i: number, moreargs: number): 0 | 1 | 2 {
  if (moreargs < 2) return 0;
  const next = argv[i + 1]!;
  if (next === '~') return 1;
  if (next === '=') return 2;
  return 0;
}

/**
 * streamParseAddOrTrimArgsOrReply: MAXLEN / MINID (with `~` or `=`), LIMIT, and for XADD
 * NOMKSTREAM and the ID, which ends the options. The `~` LIMIT default is 100 nodes' worth of
 * the store's stream-node-max-entries, read at parse time as Redis reads it.
 */
function parseAddOrTrim(store: Store, argv: string[], xadd: boolean): AddOrTrimArgs {
  let strategy: 'MAXLEN' | 'MINID' | null = null;
  let approx = false;
  let maxlen = 0;
  let minid: StreamId | null = null;
  let text = '';
  let limit = 0;
  let limitGiven = false;
  let nomkstream = false;
  let id: XAddIdArg | null = null;
  let i = 2;
  for (; i < argv.length; i++) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!;
    if (xadd && opt === '*') {
      id = AUTO;
      break;
    }
    const isMaxlen = isToken(opt, 'MAXLEN');
    if ((isMaxlen || isToken(opt, 'MINID')) && moreargs > 0) {
      if (strategy !== null) fail(XTRIM_MAXLEN_AND_MINID);
      const op = trimOperator(argv, i, moreargs);
      approx = op === 1;
      if (op !== 0) i++;
      text = argv[i + 1]!;
      if (isMaxlen) {
        maxlen = parseInteger(text);
        if (maxlen < 0) fail(XTRIM_MAXLEN_NEGATIVE);
      } else {
        minid = parseStrictId(text);
      }
      i++;
      strategy = isMaxlen ? 'MAXLEN' : 'MINID';
    } else if (isToken(opt, 'LIMIT') && moreargs > 0) {
      limit = parseInteger(argv[i + 1]!);
      if (limit < 0) fail(XTRIM_LIMIT_NEGATIVE);
      limitGiven = true;
      i++;
    } else if (xadd && isToken(opt, 'NOMKSTREAM')) {
      nomkstream = true;
    } else if (xadd) {
      id = parseXAddId(opt);
      break;
    } else {
      fail(SYNTAX);
    }
  }
  if (limit !== 0 && strategy === null) fail(XTRIM_LIMIT_WITHOUT_STRATEGY);
  if (!xadd && strategy === null) fail(XTRIM_NO_STRATEGY);
  if (limitGiven) {
    if (!approx) fail(XTRIM_LIMIT_WITHOUT_APPROX);
  } else {
    limit = approx ? defaultApproxTrimLimit(store.streamLimits.maxEntries) : 0;
  }
  const trim = strategy === null ? null : { minid, maxlen, approx, limit, text };
  return { trim, nomkstream, id, idPos: i };
}

/** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...] */
export const xaddCommand: Handler = (store, argv) => {
  const args = parseAddOrTrim(store, argv, true);
  const fieldPos = args.idPos + 1;
  const n = argv.length - fieldPos;
  if (args.id === null || n < 2 || n % 2 === 1) return fail(wrongArgs('xadd'));
  const spec: XAddSpec = {
    nomkstream: args.nomkstream,
    trim: args.trim,
    id: args.id,
    idText: argv[args.idPos]!,
  };
  return store._xadd(argv[1]!, spec, argv.slice(fieldPos));
};

/** XLEN key */
export const xlenCommand: Handler = (store, argv) => store._xlen(argv[1]!);

/** XRANGE key start end [COUNT count] / XREVRANGE key end start [COUNT count] (xrangeGenericCommand) */
function xrangeGeneric(store: Store, argv: string[], reverse: boolean): Reply {
  const start = parseRangeBound(reverse ? argv[3]! : argv[2]!, 'start');
  const end = parseRangeBound(reverse ? argv[2]! : argv[3]!, 'end');
  let count = 0;
  for (let j = 4; j < argv.length; j++) {
    if (isToken(argv[j]!, 'COUNT') && argv.length - j - 1 >= 1) {
      const c = parseInteger(argv[j + 1]!);
      // COUNT 0 (or below) replies with the null array once the key is found.
      count = c <= 0 ? -1 : c;
      j++;
    } else {
      fail(SYNTAX);
    }
  }
  const r = store._xrange(argv[1]!, start, end, count, reverse, false, reverse ? '' : argv[2]!);
  return r === null ? NULL_ARRAY : r;
}

/** XRANGE key start end [COUNT count] */
export const xrangeCommand: Handler = (store, argv) => xrangeGeneric(store, argv, false);

/** XREVRANGE key end start [COUNT count] */
export const xrevrangeCommand: Handler = (store, argv) => xrangeGeneric(store, argv, true);

/** XDEL key id [id ...] */
export const xdelCommand: Handler = (store, argv) => store._xdel(argv[1]!, argv.slice(2));

/** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
export const xtrimCommand: Handler = (store, argv) => {
  const args = parseAddOrTrim(store, argv, false);
  return store._xtrim(argv[1]!, args.trim!, argv);
};

/** XSETID key last-id [ENTRIESADDED entries_added] [MAXDELETEDID max_deleted_entry_id] */
export const xsetidCommand: Handler = (store, argv) => {
  const id = parseStrictId(argv[2]!);
  let entriesAdded = -1;
  let maxDeleted: StreamId | null = null;
  for (let i = 3; i < argv.length; i += 2) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!;
    if (isToken(opt, 'ENTRIESADDED') && moreargs > 0) {
      entriesAdded = parseInteger(argv[i + 1]!);
      if (entriesAdded < 0) fail(XSETID_ENTRIES_ADDED_NEGATIVE);
    } else if (isToken(opt, 'MAXDELETEDID') && moreargs > 0) {
      maxDeleted = parseStrictId(argv[i + 1]!);
      if (compareIds(id, maxDeleted) < 0) fail(XSETID_MAX_DELETED_TOO_BIG);
    } else {
      fail(SYNTAX);
    }
  }
  store._xsetid(argv[1]!, { id, entriesAdded, maxDeleted }, argv);
  return OK;
};

// ---- consumer groups -------------------------------------------------------------------------

/** The options of XGROUP CREATE / SETID from argv[5] on: MKSTREAM (CREATE) and ENTRIESREAD. */
function xgroupOptions(argv: string[], create: boolean): { mkstream: boolean; entriesRead: number } {
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  for (let i = 5; i < argv.length; ) {
    if (create && isToken(argv[i]!, 'MKSTREAM')) {
      mkstream = true;
      i++;
    } else if (isToken(argv[i]!, 'ENTRIESREAD') && i + 1 < argv.length) {
      entriesRead = parseInteger(argv[i + 1]!);
      if (entriesRead < 0 && entriesRead !== INVALID_ENTRIES_READ) fail(ENTRIES_READ_INVALID);
      i += 2;
    } else {
      fail(subcommandSyntax(argv[1]!, 'XGROUP'));
    }
  }
  return { mkstream, entriesRead };
}

/** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries_read] */
export const xgroupCreateCommand: Handler = (store, argv) => {
  const o = xgroupOptions(argv, true);
  store._xgroupCreate(argv[2]!, argv[3]!, argv[4]!, o.mkstream, o.entriesRead, argv);
  return OK;
};

/** XGROUP SETID key group id|$ [ENTRIESREAD entries_read] */
export const xgroupSetidCommand: Handler = (store, argv) => {
  const o = xgroupOptions(argv, false);
  store._xgroupSetId(argv[2]!, argv[3]!, argv[4]!, o.entriesRead, argv);
  return OK;
};

/** XGROUP DESTROY key group */
export const xgroupDestroyCommand: Handler = (store, argv) => store._xgroupDestroy(argv[2]!, argv[3]!, argv);

/** XGROUP CREATECONSUMER key group consumer */
export const xgroupCreateconsumerCommand: Handler = (store, argv) =>
  store._xgroupCreateConsumer(argv[2]!, argv[3]!, argv[4]!, argv);

/** XGROUP DELCONSUMER key group consumer */
export const xgroupDelconsumerCommand: Handler = (store, argv) =>
  store._xgroupDelConsumer(argv[2]!, argv[3]!, argv[4]!, argv);

/** XACK key group id [id ...] */
export const xackCommand: Handler = (store, argv) => store._xack(argv[1]!, argv[2]!, argv.slice(3));

/** XPENDING key group [[IDLE min-idle-time] start end count [consumer]] */
export const xpendingCommand: Handler = (store, argv) => {
  const n = argv.length;
  if (n !== 3 && (n < 6 || n > 9)) return fail(SYNTAX);
  if (n === 3) {
    const [count, first, last, consumers] = store._xpendingSummary(argv[1]!, argv[2]!);
    return [count, first, last, consumers ?? NULL_ARRAY];
  }
  let at = 3;
  let minIdle = 0;
  if (isToken(argv[3]!, 'IDLE')) {
    minIdle = parseInteger(argv[4]!);
    if (n < 8) fail(SYNTAX);
    at = 5;
  }
  const count = parseInteger(argv[at + 2]!);
  const start = parseRangeBound(argv[at]!, 'start');
  const end = parseRangeBound(argv[at + 1]!, 'end');
  const consumer = at + 3 < n ? argv[at + 3]! : null;
  return store._xpendingRange(argv[1]!, argv[2]!, minIdle, start, end, count, consumer);
};

/** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid] */
export const xclaimCommand: Handler = (store, argv) =>
  store._xclaim(argv[1]!, argv[2]!, argv[3]!, argv.slice(4));

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
export const xautoclaimCommand: Handler = (store, argv) => {
  let minIdle = parseInteger(argv[4]!, XAUTOCLAIM_BAD_MIN_IDLE);
  if (minIdle < 0) minIdle = 0;
  const start = parseRangeBound(argv[5]!, 'start');
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j]!;
    if (isToken(opt, 'COUNT') && moreargs > 0) {
      // getRangeLongFromObjectOrReply(1, LONG_MAX / sizeof(streamID)): one message for both.
      const n = parseBigInteger(argv[j + 1]!, XAUTOCLAIM_COUNT);
      if (n < 1n || n > XAUTOCLAIM_MAX_COUNT) fail(XAUTOCLAIM_COUNT);
      count = Number(n);
      j++;
    } else if (isToken(opt, 'JUSTID')) {
      justid = true;
    } else {
      fail(SYNTAX);
    }
  }
  const [cursor, claimed, deleted] = store._xautoclaim(
    argv[1]!,
    argv[2]!,
    argv[3]!,
    minIdle,
    start,
    count,
    justid,
  );
  return [cursor, claimed, deleted];
};

/** LONG_MAX / 16, the largest COUNT XAUTOCLAIM accepts. */
const XAUTOCLAIM_MAX_COUNT = 576460752303423487n;

// ---- introspection ---------------------------------------------------------------------------

const XGROUP_HELP = [
  'XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
  'HELP',
  '    Prints this help.',
];

const XINFO_HELP = [
  'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
  'HELP',
  '    Prints this help.',
];

/** XINFO STREAM key [FULL [COUNT count]] (xinfoReplyWithStreamInfo): the key first, then the options. */
export const xinfoStreamCommand: Handler = (store, argv) => {
  const s = store._xinfoLookup(argv[2]!);
  const opts = argv.length - 3;
  let full = false;
  let count = 10;
  if (opts > 0) {
    if ((opts !== 1 && opts !== 3) || !isToken(argv[3]!, 'FULL'))
      return fail(subcommandSyntax(argv[1]!, 'XINFO'));
    full = true;
    if (opts === 3) {
      if (!isToken(argv[4]!, 'COUNT')) return fail(subcommandSyntax(argv[1]!, 'XINFO'));
      count = parseInteger(argv[5]!);
      if (count < 0) count = 10;
    }
  }
  const info = store._xinfoStream(s, full, count);
  const out: Reply[] = [
    'length',
    info.length,
    'radix-tree-keys',
    info.radixTreeKeys,
    'radix-tree-nodes',
    info.radixTreeNodes,
    'last-generated-id',
    info.lastGeneratedId,
    'max-deleted-entry-id',
    info.maxDeletedEntryId,
    'entries-added',
    info.entriesAdded,
    'recorded-first-entry-id',
    info.recordedFirstEntryId,
  ];
  if (!('entries' in info)) {
    out.push('groups', info.groups, 'first-entry', info.firstEntry, 'last-entry', info.lastEntry);
    return new MapReply(out);
  }
  const groups = info.groups.map(
    (g) =>
      new MapReply([
        'name',
        g.name,
        'last-delivered-id',
        g.lastDeliveredId,
        'entries-read',
        g.entriesRead,
        'lag',
        g.lag,
        'pel-count',
        g.pelCount,
        'pending',
        g.pending,
        'consumers',
        g.consumers.map(
          (c) =>
            new MapReply([
              'name',
              c.name,
              'seen-time',
              c.seenTime,
              'pel-count',
              c.pelCount,
              'pending',
              c.pending,
            ]),
        ),
      ]),
  );
  out.push('entries', info.entries, 'groups', groups);
  return new MapReply(out);
};

/** XINFO GROUPS key */
export const xinfoGroupsCommand: Handler = (store, argv) =>
  store
    ._xinfoGroups(argv[2]!)
    .map(
      (g) =>
        new MapReply([
          'name',
          g.name,
          'consumers',
          g.consumers,
          'pending',
          g.pending,
          'last-delivered-id',
          g.lastDeliveredId,
          'entries-read',
          g.entriesRead,
          'lag',
          g.lag,
        ]),
    );

/** XINFO CONSUMERS key group */
export const xinfoConsumersCommand: Handler = (store, argv) =>
  store
    ._xinfoConsumers(argv[2]!, argv[3]!)
    .map((c) => new MapReply(['name', c.name, 'pending', c.pending, 'idle', c.idle]));

// ---- reading ---------------------------------------------------------------------------------

/** XREAD / XREADGROUP (xreadCommand): options, then STREAMS with keys and IDs. */
function xreadGeneric(
  store: Store,
  argv: string[],
  session: Session,
  xreadgroup: boolean,
): Reply | BlockedReply {
  let timeoutMs = -1;
  let count = 0;
  let streamsAt = 0;
  let group: string | null = null;
  let consumer = '';
  let noack = false;
  for (let i = 1; i < argv.length; i++) {
    const moreargs = argv.length - i - 1;
    const o = argv[i]!;
    if (isToken(o, 'BLOCK') && moreargs > 0) {
      i++;
      timeoutMs = parseTimeout(argv[i]!, 'ms');
    } else if (isToken(o, 'COUNT') && moreargs > 0) {
      i++;
      count = parseInteger(argv[i]!);
      if (count < 0) count = 0;
    } else if (isToken(o, 'STREAMS') && moreargs > 0) {
      streamsAt = i + 1;
      if ((argv.length - streamsAt) % 2 !== 0) fail(XREAD_UNBALANCED);
      break;
    } else if (isToken(o, 'GROUP') && moreargs >= 2) {
      if (!xreadgroup) fail(XREAD_GROUP_OPTION);
      group = argv[i + 1]!;
      consumer = argv[i + 2]!;
      i += 2;
    } else if (isToken(o, 'NOACK')) {
      if (!xreadgroup) fail(XREAD_NOACK_OPTION);
      noack = true;
    } else {
      fail(SYNTAX);
    }
  }
  if (streamsAt === 0) fail(SYNTAX);
  if (xreadgroup && group === null) fail(XREADGROUP_NO_GROUP);
  const half = (argv.length - streamsAt) / 2;
  const spec: XReadSpec = {
    keys: argv.slice(streamsAt, streamsAt + half),
    ids: argv.slice(streamsAt + half),
    count,
    group,
    consumer,
    noack,
    timeoutMs,
  };
  const r = store._xread(spec, session.denyBlocking === true);
  if (r instanceof Waiter) return BlockedReply.of(r, (v) => xreadReply(v, session));
  return xreadReply(r, session);
}

/** [key, entries] pairs as an array (RESP2) or a map (RESP3); nothing as the null array. */
function xreadReply(r: XReadResult | null, session: Session): Reply {
  if (r === null) return NULL_ARRAY;
  const toEntries = (entries: [string, string[] | null][]): Reply[] =>
    entries.map(([id, fields]) => [id, fields ?? NULL_ARRAY]);
  if (session.protocol === 3) {
    const flat: Reply[] = [];
    for (const [key, entries] of r) flat.push(key, toEntries(entries));
    return new MapReply(flat);
  }
  return r.map(([key, entries]) => [key, toEntries(entries)]);
}

/** XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...] */
export const xreadCommand: Handler = (store, argv, session) => xreadGeneric(store, argv, session, false);

/** XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...] */
export const xreadgroupCommand: Handler = (store, argv, session) => xreadGeneric(store, argv, session, true);

export const streamHandlers: HandlerMap = {
  xadd: xaddCommand,
  xlen: xlenCommand,
  xrange: xrangeCommand,
  xrevrange: xrevrangeCommand,
  xdel: xdelCommand,
  xtrim: xtrimCommand,
  xsetid: xsetidCommand,
  'xgroup|create': xgroupCreateCommand,
  'xgroup|setid': xgroupSetidCommand,
  'xgroup|destroy': xgroupDestroyCommand,
  'xgroup|createconsumer': xgroupCreateconsumerCommand,
  'xgroup|delconsumer': xgroupDelconsumerCommand,
  'xgroup|help': () => helpReply(XGROUP_HELP),
  xack: xackCommand,
  xpending: xpendingCommand,
  xclaim: xclaimCommand,
  'xinfo|stream': xinfoStreamCommand,
  'xinfo|groups': xinfoGroupsCommand,
  'xinfo|consumers': xinfoConsumersCommand,
  'xinfo|help': () => helpReply(XINFO_HELP),
  xautoclaim: xautoclaimCommand,
  xread: xreadCommand,
  xreadgroup: xreadgroupCommand,
};

// The dispatcher: argv -> command table lookup (case-insensitive, subcommands) -> arity check
// -> handler, inside one execution unit. Errors come back as ReplyError values, formatted as
// Redis's processCommand formats them. Commands without a handler reply `ERR unknown command`,
// exactly as Redis would for a command it does not have (see docs/commands.md).

import { commandId } from '../config/command-ids.js';
import { recordTiming, timerStart } from '../config/timing.js';
import { OOM, ReplyError, wrongArgs } from '../errors.js';
import { EvictResult, evictionActive, evictorOf } from '../keyspace/evict.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { authRequired } from './connection.js';
import { gatedDispatch, reject, rejectUnresolved, SessionState } from './gate.js';
import { feedMonitors, flushOwnMonitorLines } from './monitor.js';
import { deniedByDiskError } from './persistence.js';
import { BlockedReply, type Reply } from './reply.js';
import { COMMANDS, type CommandInfo, SUBCOMMANDS } from './table.js';

/**
 * A command implementation: argv[0] is the command name as sent; every arg is a byte string.
 * A blocking command that has to wait returns a BlockedReply.
 */
export type Handler = (store: Store, argv: string[], session: Session) => Reply | BlockedReply;

/** Handlers of one family, keyed by full command name (`get`, `object|encoding`). */
export type HandlerMap = Readonly<Record<string, Handler>>;

/** @internal a command table entry. */
export interface Entry {
  /** Dense id: the slot of this command in per-command counters (config/command-ids.ts). */
  readonly id: number;
  readonly info: CommandInfo;
  handler: Handler | null;
  readonly subcommands: Map<string, Entry> | null;
}

const entries = new Map<string, Entry>();
const upper = new Map<string, Entry>();

function buildTable(): void {
  for (const info of COMMANDS) {
    const subs = SUBCOMMANDS[info.name];
    let subcommands: Map<string, Entry> | null = null;
    if (subs !== undefined && subs.length > 0) {
      subcommands = new Map();
      for (const s of subs) {
        subcommands.set(s.name, { id: commandId(s.fullname), info: s, handler: null, subcommands: null });
      }
    }
    const entry: Entry = { id: commandId(info.fullname), info, handler: null, subcommands };
    entries.set(info.name, entry);
  }
  // Clients mostly send upper case: an alias spares the toLowerCase() on the hot path.
  for (const [name, entry] of [...entries]) upper.set(name.toUpperCase(), entry);
}
buildTable();

/** Attaches a family's handlers to the command table. */
export function registerHandlers(map: HandlerMap): void {
  for (const [fullname, handler] of Object.entries(map)) {
    const [name, sub] = fullname.split('|') as [string, string | undefined];
    const top = entries.get(name);
    const entry = sub === undefined ? top : top?.subcommands?.get(sub);
    if (entry === undefined) throw new Error(`registerHandlers: '${fullname}' is not a Redis 7.0 command`);
    entry.handler = handler;
  }
}

/** True when `fullname` (`get`, `object|encoding`) has an implementation. */
export function isImplemented(fullname: string): boolean {
  const [name, sub] = fullname.split('|') as [string, string | undefined];
  const top = entries.get(name);
  if (top === undefined) return false;
  if (sub === undefined) {
    if (top.subcommands === null) return top.handler !== null;
    for (const s of top.subcommands.values()) if (s.handler !== null) return true;
    return false;
  }
  return top.subcommands?.get(sub)?.handler != null;
}

/** Table info of an implemented command (`get`, `object|encoding`), or undefined. */
export function implementedInfo(
  fullname: string,
): { info: CommandInfo; subcommands: CommandInfo[] } | undefined {
  if (!isImplemented(fullname)) return undefined;
  const [name, sub] = fullname.split('|') as [string, string | undefined];
  const top = entries.get(name)!;
  if (sub !== undefined) return { info: top.subcommands!.get(sub)!.info, subcommands: [] };
  const subs =
    top.subcommands === null ? [] : [...top.subcommands.values()].filter((e) => e.handler !== null);
  return { info: top.info, subcommands: subs.map((e) => e.info) };
}

/** Names of implemented top-level commands, in table order. */
export function implementedCommands(): string[] {
  return [...entries.keys()].filter((n) => isImplemented(n));
}

/** Redis's rejectCommandFormat: CR/LF in user-provided text become spaces. */
const noNewlines = (s: string): string => s.replace(/[\r\n]/g, ' ');

function unknownCommand(argv: string[]): ReplyError {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++)
    args += `'${argv[i]!.slice(0, 128 - args.length)}' `;
  return new ReplyError(
    noNewlines(`ERR unknown command '${argv[0]!.slice(0, 128)}', with args beginning with: ${args}`),
  );
}

/**
 * The command id resolve() last refused for its arity (-1 for an unknown command), so
 * dispatch() can count the rejected call without resolve() taking the store.
 */
let rejectedId = -1;

/** @internal resolves argv to an entry, or the error Redis's processCommand would reply. */
export function resolve(argv: string[]): Entry | ReplyError {
  const name = argv[0]!;
  let entry = upper.get(name) ?? entries.get(name) ?? entries.get(name.toLowerCase());
  rejectedId = -1;
  if (entry === undefined) return unknownCommand(argv);
  if (entry.subcommands !== null && argv.length >= 2) {
    const subname = argv[1]!;
    const sub = entry.subcommands.get(subname.toLowerCase());
    if (sub === undefined || sub.handler === null) {
      if (!isImplemented(entry.info.name)) return unknownCommand(argv);
      return new ReplyError(
        noNewlines(`ERR unknown subcommand '${subname.slice(0, 128)}'. Try ${name.toUpperCase()} HELP.`),
      );
    }
    entry = sub;
  } else if (entry.handler === null && (entry.subcommands === null || !isImplemented(entry.info.name))) {
    return unknownCommand(argv);
  }
  const arity = entry.info.arity;
  if ((arity > 0 && arity !== argv.length) || argv.length < -arity || entry.handler === null) {
    rejectedId = entry.id;
    return new ReplyError(wrongArgs(entry.info.fullname));
  }
  return entry;
}

/**
 * Counts a command refused before it ran (Redis's rejectCommand): rejected_calls of `entry`
 * (none for an unknown command), errorstats and total_error_replies. Returns `error`.
 */
export function rejectCommand(store: Store, entry: Entry | null, error: ReplyError): ReplyError {
  store.stats.commandRejected(entry === null ? -1 : entry.id, error.message);
  return error;
}

/**
 * Runs one command as one execution unit and returns its reply; a command error is returned
 * as a ReplyError value, never thrown. A blocking command that has to wait returns a
 * BlockedReply. When the unit ends, clients blocked on keys it made ready are served.
 */
export function dispatch(store: Store, argv: string[], session: Session): Reply | BlockedReply {
  if (argv.length === 0) return new ReplyError('ERR empty command');
  // A monitor's line for its own previous command goes out after that command's reply.
  if (store.monitors !== null) flushOwnMonitorLines();
  const entry = resolve(argv);
  if (entry instanceof ReplyError) {
    store.stats.commandRejected(rejectedId, entry.message);
    // EXEC with wrong arity is EXECABORT even outside MULTI, as Redis's rejectCommand does.
    if (!session.state) return rejectUnresolved(store, argv, session, entry);
  }
  // maxmemory: evict first, then refuse a denyoom command still over the limit (one check while
  // no store has a limit).
  if (evictionActive() && !(entry instanceof ReplyError)) {
    const oom = evictBeforeCommand(store, entry, session);
    if (oom !== null) return reject(session, rejectCommand(store, entry, oom), store, entry);
  }
  // MISCONF: while a save failed and writes are denied (one field check otherwise).
  if (
    store.diskError !== null &&
    !(entry instanceof ReplyError) &&
    !((session.state ?? 0) & SessionState.NOAUTH)
  ) {
    const denied = deniedByDiskError(store, entry, session);
    if (denied !== null) return reject(session, rejectCommand(store, entry, denied), store, entry);
  }
  // A client in MULTI, subscribed, or not yet authenticated goes through processCommand's checks.
  if (session.state) return gatedDispatch(store, argv, session, entry);
  return execute(store, entry as Entry, argv, session);
}

/** Commands that run inside MULTI even over maxmemory (processCommand). */
const OOM_EXEMPT_IN_MULTI: ReadonlySet<string> = new Set(['exec', 'discard', 'quit', 'reset']);

/**
 * processCommand's maxmemory step (server.c): performEvictions, then OOM for a command that may
 * grow memory — flagged `denyoom`, an EXEC whose queue holds one, or anything queued inside
 * MULTI but EXEC, DISCARD, QUIT and RESET. It comes after the NOAUTH and no-multi checks (the
 * gate makes those, so such commands are left to it) and before MISCONF and queueing.
 */
function evictBeforeCommand(store: Store, entry: Entry, session: Session): ReplyError | null {
  const ev = evictorOf(store);
  if (ev === undefined || ev.maxmemory === 0) return null;
  const state = session.state ?? 0;
  const info = entry.info;
  // The gate refuses these first, with their own errors.
  const flags = info.flags;
  if (state & SessionState.NOAUTH && !flags.includes('no_auth') && authRequired(store, session)) return null;
  if (state & SessionState.MULTI && flags.includes('no_multi')) return null;
  if (ev.perform() !== EvictResult.FAIL) return null;
  const name = info.fullname;
  let deny =
    info.flags.includes('denyoom') ||
    (name === 'exec' && (session.tx?.queue.some((q) => q.entry.info.flags.includes('denyoom')) ?? false));
  if (state & SessionState.MULTI && !OOM_EXEMPT_IN_MULTI.has(name)) deny = true;
  return deny ? new ReplyError(OOM) : null;
}

/**
 * @internal runs a resolved command as one execution unit (Redis's call()): the handler's
 * reply, a ReplyError value for a command error, or a BlockedReply.
 */
export function execute(store: Store, entry: Entry, argv: string[], session: Session): Reply | BlockedReply {
  const own = store.session;
  store.db = store.dbs[session.db]!;
  store.effects.begin();
  const stats = store.stats;
  // INFO commandstats counts every call; timing it (two clock reads) only when asked for.
  const start = stats.timing ? timerStart() : -1;
  try {
    const reply = entry.handler!(store, argv, session);
    if (reply instanceof BlockedReply) countBlockedError(store, entry, reply);
    return reply;
  } catch (e) {
    let error: ReplyError;
    if (e instanceof ReplyError) error = e;
    else if (e instanceof RangeError && /string length/i.test(e.message)) {
      error = new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    } else error = new ReplyError(`ERR internal error: ${e instanceof Error ? e.message : String(e)}`);
    stats.commandFailed(entry.id, error.message);
    return error;
  } finally {
    store.effects.end();
    store.db = store.dbs[own.db]!;
    stats.calls[entry.id]++;
    stats.commands++;
    if (start >= 0) recordTiming(store, entry.id, argv, session, start);
    if (store.monitors !== null) feedMonitors(store, entry, argv, session);
  }
}

/**
 * A blocked command that ends in an error (NOGROUP once its group is destroyed, CLIENT UNBLOCK
 * … ERROR) counts it then, as Redis does when it unblocks the client: errorstats,
 * total_error_replies and the command's failed_calls.
 */
function countBlockedError(store: Store, entry: Entry, reply: BlockedReply): void {
  void reply.promise.then((r) => {
    if (r instanceof ReplyError) store.stats.commandFailed(entry.id, r.message);
  });
}

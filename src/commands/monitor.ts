// Server group: MONITOR (server.c monitorCommand, replication.c replicationFeedMonitors).
//
// A monitoring session receives, for every command any client runs after it, one status line
// `+<sec>.<usec> [<db> <addr>] "arg" ...` (`[<db> unix:<path>]` for a unix socket client): fed
// by execute() once the command has run (so a queued command shows up when EXEC runs it, before
// the EXEC line, and SELECT shows the new db), with the arguments as the client sent them,
// quoted as sdscatrepr quotes, AUTH / HELLO passwords redacted. Commands flagged `admin` or
// `skip_monitor` (CONFIG, DEBUG, MONITOR itself …) and commands refused before running are not
// shown. The line is a status reply in RESP2 and RESP3 alike, written through Session.push.
// RESET and a closing connection stop monitoring. With no monitor, execute() pays one null check.

import { fail, MONITOR_DENY_BLOCKING } from '../errors.js';
import { quoteBytes } from '../sds.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { boundClient } from './connection.js';
import type { Entry, Handler, HandlerMap } from './dispatch.js';
import { SessionState } from './gate.js';
import { OK, StatusReply } from './reply.js';

/**
 * MONITOR: streams every command the server runs to this connection. A session that cannot
 * receive out-of-band data (no connection) or may not block (inside EXEC) gets
 * `ERR MONITOR isn't allowed for DENY BLOCKING client`.
 * @remarks O(1); each monitored command then costs O(N) in its arguments' size per monitor.
 * @see https://redis.io/commands/monitor/
 */
export const monitorCommand: Handler = (store, _argv, session) => {
  if (session.push === undefined || session.denyBlocking === true) fail(MONITOR_DENY_BLOCKING);
  const monitors = (store.monitors ??= []);
  if (!monitors.includes(session)) {
    monitors.push(session);
    session.state = (session.state ?? 0) | SessionState.MONITOR;
  }
  return OK;
};

/** @internal true when `session` is monitoring (CLIENT LIST flag `O`). */
export function isMonitoring(store: Store, session: Session): boolean {
  return store.monitors?.includes(session) === true;
}

/** @internal stops `session` monitoring (RESET, a closing connection). */
export function stopMonitoring(store: Store, session: Session): void {
  const monitors = store.monitors;
  if (monitors === null) return;
  const i = monitors.indexOf(session);
  if (i < 0) return;
  monitors.splice(i, 1);
  if (session.state) session.state &= ~SessionState.MONITOR;
  if (monitors.length === 0) store.monitors = null;
}

/** `ip:port` or `unix:<path>` of each session, computed once (getClientPeerId). */
const peerIds = new WeakMap<Session, string>();

function peerIdOf(session: Session): string {
  let id = peerIds.get(session);
  if (id === undefined) {
    const client = boundClient(session);
    if (client === undefined || client.addr === '') id = '?:0';
    else if (client.connectionInfo().unixSocket) id = `unix:${client.addr.slice(0, -2)}`;
    else id = client.addr;
    peerIds.set(session, id);
  }
  return id;
}

/** AUTH and HELLO AUTH hide their credentials from monitors, as redactClientCommandArgument. */
function redacted(name: string, argv: string[]): string[] {
  if (name === 'auth') {
    if (argv.length > 3) return argv; // a syntax error, refused before redacting
    return argv.map((a, i) => (i === 0 ? a : REDACTED));
  }
  // hello: the protocol version must parse before the options are read.
  if (argv.length < 2) return argv;
  const ver = argv[1]!;
  if (ver !== '2' && ver !== '3') return argv;
  let out = argv;
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!.toLowerCase();
    if (opt === 'auth' && more >= 2) {
      if (out === argv) out = argv.slice();
      out[j + 1] = REDACTED;
      out[j + 2] = REDACTED;
      j += 2;
    } else if (opt === 'setname' && more >= 1) {
      j++;
    } else {
      break;
    }
  }
  return out;
}

const REDACTED = '(redacted)';

/** Lines for a monitor's own commands wait until its reply to the command is out. */
let ownLines: { session: Session; line: StatusReply }[] = [];
let ownScheduled = false;

/** @internal writes the lines monitors hold for their own commands (dispatch calls it first). */
export function flushOwnMonitorLines(): void {
  if (ownLines.length === 0) return;
  const lines = ownLines;
  ownLines = [];
  for (const { session, line } of lines) session.push?.(line);
}

/**
 * @internal replicationFeedMonitors: sends the command `session` just ran to every monitor.
 * execute() calls it after the command, only while `store.monitors` is not null.
 */
export function feedMonitors(store: Store, entry: Entry, argv: string[], session: Session): void {
  const flags = entry.info.flags;
  // Nor while an append-only log is replayed (DEBUG LOADAOF): server.loading.
  if (flags.includes('admin') || flags.includes('skip_monitor') || store.loading) return;
  flushOwnMonitorLines();
  const name = entry.info.fullname;
  const args = name === 'auth' || name === 'hello' ? redacted(name, argv) : argv;
  const ms = store.clock.now();
  const sec = Math.floor(ms / 1000);
  let text = `${sec}.${String(Math.floor((ms - sec * 1000) * 1000)).padStart(6, '0')} [${session.db} ${peerIdOf(session)}]`;
  for (const a of args) text += ` ${quoteBytes(a)}`;
  const line = new StatusReply(text);
  for (const monitor of store.monitors!) {
    if (monitor === session) {
      // Redis writes the line after the command's own reply.
      ownLines.push({ session, line });
      if (!ownScheduled) {
        ownScheduled = true;
        queueMicrotask(() => {
          ownScheduled = false;
          flushOwnMonitorLines();
        });
      }
    } else {
      monitor.push?.(line);
    }
  }
}

export const monitorHandlers: HandlerMap = {
  monitor: monitorCommand,
};

// redis.io group "connection": the commands that act on the client's session and connection —
// PING, ECHO, SELECT, AUTH, HELLO, QUIT, RESET and CLIENT * (networking.c, acl.c) — plus
// SHUTDOWN, which needs the same view of the process a connection has.
//
// Commands reach the connection that sent them through a `ClientConnection`, an interface the
// server implements (src/server/client.ts) and binds to the connection's session with
// bindClient(). Layers import downward only, so this file defines the interface and the server
// fills it in. A session with no connection — the typed API's own, or one from
// Store.createSession() — gets a detached client on first use: it has an id and a name, CLIENT
// LIST shows it alone, and REPLY / KILL / PAUSE have nothing to act on.
//
// Authentication is Redis's default user with `requirepass`: a per-store password
// (setRequirePass). A connection made while a password is set starts with SessionState.NOAUTH,
// which the gate checks (NOAUTH for every command not flagged no_auth) until AUTH or
// HELLO AUTH succeeds; setting a password later does not log out connected clients, removing
// it logs every client in — both as on Redis, where `authenticated` is decided per connection
// and the default user's `nopass` is checked on every command.

import {
  AUTH_WITHOUT_PASSWORD,
  CACHING_NO_NEEDS_OPTOUT,
  CACHING_NOT_TRACKING,
  CACHING_YES_NEEDS_OPTIN,
  CLIENT_ID_NOT_POSITIVE,
  CLIENT_NAME_INVALID,
  CLIENT_PAUSE_MODE,
  CLIENT_UNBLOCK_REASON,
  DB_INDEX_OUT_OF_RANGE,
  fail,
  HELLO_NOAUTH,
  HELLO_PROTOVER_NOT_INTEGER,
  helloSyntax,
  INVALID_CLIENT_ID,
  NO_SUCH_CLIENT,
  NOPROTO,
  noSuchUser,
  prefixOverlapsExisting,
  prefixOverlapsProvided,
  ReplyError,
  SHUTDOWN_DENY_BLOCKING,
  SHUTDOWN_FAILED,
  SHUTDOWN_NOT_IN_PROGRESS,
  SYNTAX,
  subcommandSyntax,
  TIMEOUT_NEGATIVE,
  TIMEOUT_NOT_INTEGER,
  TRACKING_BCAST_SWITCH,
  TRACKING_OPT_SWITCH,
  TRACKING_OPTIN_AND_OPTOUT,
  TRACKING_OPTIN_OPTOUT_BCAST,
  TRACKING_PREFIX_NEEDS_BCAST,
  TRACKING_REDIRECT_MISSING,
  TRACKING_SINGLE_REDIRECT,
  UNBLOCKED_BY_CLIENT,
  unknownClientType,
  WRONGPASS,
  wrongArgs,
} from '../errors.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { isToken, parseInt32, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { SessionState } from './gate.js';
import { stopMonitoring } from './monitor.js';
import { resetSubscriptions } from './pubsub.js';
import { helpReply, MapReply, OK, PONG, type Reply, SetReply, StatusReply, VerbatimReply } from './reply.js';
import { discardTransaction } from './transactions.js';

/** The Redis version embedis reports (HELLO, INFO) and behaves as. */
export const REDIS_VERSION = '7.0.15';

/** The only user there is: Redis's `default`. */
const DEFAULT_USER = 'default';

/** Client types of CLIENT LIST TYPE / CLIENT KILL TYPE (getClientTypeByName). */
export type ClientType = 'normal' | 'replica' | 'pubsub' | 'master';

/** CLIENT TRACKING options in force for a client (its CLIENT_TRACKING_* flags). */
export interface TrackingOptions {
  /** Client id invalidation messages go to; 0 for the client itself. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** BCAST prefixes (byte strings). */
  prefixes: string[];
}

/**
 * The connection a command came from, as the connection commands see it. The server
 * implements it for each socket; sessions without a connection get a detached one.
 */
export interface ClientConnection {
  /** The unique, increasing client id (CLIENT ID). */
  readonly id: number;
  /** The client's session: selected db, protocol, state bits. */
  readonly session: Session;
  /** The registry of the clients this one can see (CLIENT LIST, KILL, PAUSE). */
  readonly host: ClientHost;
  /** CLIENT SETNAME / HELLO SETNAME; null when unset. */
  name: string | null;
  /** The user the client is authenticated as (`default`). */
  user: string;
  /** CLIENT NO-EVICT. */
  noEvict: boolean;
  /** CLIENT TRACKING state; null while tracking is off. */
  readonly tracking: TrackingOptions | null;
  /** CLIENT CACHING yes/no given for the next command (CLIENT_TRACKING_CACHING). */
  trackingCaching: boolean;
  /** `ip:port` of the peer, or `<socket path>:0` for a unix socket (CLIENT LIST `addr`). */
  readonly addr: string;
  /** `ip:port` of the local end, or `<socket path>:0` (CLIENT LIST `laddr`). */
  readonly laddr: string;
  /** The CLIENT LIST fields that depend on the connection: `fd`, buffers, events, flags. */
  connectionInfo(): ConnectionInfo;
  /** Closes the connection once the reply to the current command is written (QUIT). */
  closeAfterReply(): void;
  /** Closes the connection now, dropping output not yet sent (CLIENT KILL of another client). */
  kill(): void;
  /**
   * CLIENT REPLY: `on` sends replies again, `off` stops sending them, `skip` drops the reply
   * to the next command. Neither OFF nor SKIP replies itself.
   */
  setReplyMode(mode: 'on' | 'off' | 'skip'): void;
  /** Unblocks a blocking command in progress (CLIENT UNBLOCK); false when none was. */
  unblock(error?: ReplyError): boolean;
  /** Turns tracking on with `options`, or off with null (CLIENT TRACKING). */
  setTracking(options: TrackingOptions | null): void;
}

/** The CLIENT LIST fields a connection knows. */
export interface ConnectionInfo {
  fd: number;
  /** Seconds since the connection was made. */
  age: number;
  /** Seconds since its last command. */
  idle: number;
  /** The fullname of the last command run (`client|list`), or NULL. */
  cmd: string;
  /** Query buffer bytes (`qbuf`), and arguments' bytes of the command running (`argv-mem`). */
  qbuf: number;
  argvMem: number;
  /** Output bytes not yet sent (`omem`). */
  omem: number;
  /** Extra flag letters: `b` blocked, `c` closing after reply, `U` unix socket … in Redis's order. */
  blocked: boolean;
  closing: boolean;
  unixSocket: boolean;
  /** `r`, or `rw` while output waits to be written. */
  events: string;
}

/** The clients of one server (or the detached clients of one store), as commands see them. */
export interface ClientHost {
  /** Every client, in connection order. */
  clients(): Iterable<ClientConnection>;
  /** The client with this id, if connected. */
  client(id: number): ClientConnection | undefined;
  /** CLIENT PAUSE: holds commands (all, or the writing ones) until `until` (ms, store clock). */
  pause(until: number, mode: 'write' | 'all'): void;
  /** CLIENT UNPAUSE. */
  unpause(): void;
}

// ---- per-store state ------------------------------------------------------------------------

interface StoreConnectionState {
  /** The default user's password (requirepass); null: no password (`nopass`). */
  password: string | null;
  nextClientId: number;
  /** What SHUTDOWN runs; null when nothing installed one. */
  shutdown: ShutdownHandler | null;
  detached: DetachedHost | null;
}

const stores = new WeakMap<Store, StoreConnectionState>();

function stateOf(store: Store): StoreConnectionState {
  let s = stores.get(store);
  if (s === undefined) {
    s = { password: null, nextClientId: 1, shutdown: null, detached: null };
    stores.set(store, s);
  }
  return s;
}

/**
 * Sets the default user's password (Redis's `requirepass`); null or '' removes it. Clients
 * that connect afterwards must AUTH first; clients already connected stay logged in, and
 * removing the password logs every client in, as on Redis.
 */
export function setRequirePass(store: Store, password: string | null): void {
  stateOf(store).password = password === '' ? null : password;
}

/** The default user's password, or null when there is none. */
export function requirePass(store: Store): string | null {
  return stores.get(store)?.password ?? null;
}

/** A new client id of `store`: ids increase and are never reused, as Redis's next_client_id. */
export function nextClientId(store: Store): number {
  return stateOf(store).nextClientId++;
}

/**
 * @internal true when `session` must authenticate before running commands not flagged
 * no_auth (Redis's authRequired). A session whose password went away is logged in here.
 */
export function authRequired(store: Store, session: Session): boolean {
  const state = session.state ?? 0;
  if (!(state & SessionState.NOAUTH)) return false;
  if (requirePass(store) !== null) return true;
  session.state = state & ~SessionState.NOAUTH;
  return false;
}

/** What a new connection's session needs: NOAUTH while a password is set (clientSetDefaultAuth). */
export function setDefaultAuth(store: Store, session: Session): void {
  const state = session.state ?? 0;
  session.state = requirePass(store) === null ? state & ~SessionState.NOAUTH : state | SessionState.NOAUTH;
}

/** Options SHUTDOWN was given. */
export interface ShutdownOptions {
  /** SAVE / NOSAVE; undefined when neither was given. */
  save?: boolean;
  now: boolean;
  force: boolean;
}

/**
 * Runs SHUTDOWN: stops the server (and, for `embedis serve`, the process). Returns false
 * when the shutdown failed, which replies `ERR Errors trying to SHUTDOWN. Check logs.`
 */
export type ShutdownHandler = (options: ShutdownOptions) => boolean;

/** Installs what SHUTDOWN does for `store` (createServer and `embedis serve` do); null removes it. */
export function setShutdownHandler(store: Store, handler: ShutdownHandler | null): void {
  stateOf(store).shutdown = handler;
}

// ---- clients -------------------------------------------------------------------------------

const bound = new WeakMap<Session, ClientConnection>();

/** Binds a connection to its session, so the connection commands act on it. */
export function bindClient(session: Session, client: ClientConnection): void {
  bound.set(session, client);
}

/** The connection bound to `session`, if any (no detached client is created). */
export function boundClient(session: Session): ClientConnection | undefined {
  return bound.get(session);
}

/** The connection of `session`: its bound one, or a detached client created on first use. */
export function clientOf(store: Store, session: Session): ClientConnection {
  let c = bound.get(session);
  if (c === undefined) {
    const s = stateOf(store);
    s.detached ??= new DetachedHost();
    c = new DetachedClient(nextClientId(store), session, s.detached);
    bound.set(session, c);
  }
  return c;
}

/** The host of detached clients: it sees only the client asking. */
class DetachedHost implements ClientHost {
  clients(): Iterable<ClientConnection> {
    return [];
  }
  client(): ClientConnection | undefined {
    return undefined;
  }
  pause(): void {}
  unpause(): void {}
}

/** A session with no connection (the typed API's, Store.createSession()'s). */
class DetachedClient implements ClientConnection {
  name: string | null = null;
  user = DEFAULT_USER;
  noEvict = false;
  tracking: TrackingOptions | null = null;
  trackingCaching = false;
  readonly addr = '';
  readonly laddr = '';
  private readonly created = Date.now();

  constructor(
    readonly id: number,
    readonly session: Session,
    readonly host: ClientHost,
  ) {}

  connectionInfo(): ConnectionInfo {
    return {
      fd: -1,
      age: Math.floor((Date.now() - this.created) / 1000),
      idle: 0,
      cmd: 'NULL',
      qbuf: 0,
      argvMem: 0,
      omem: 0,
      blocked: false,
      closing: false,
      unixSocket: false,
      events: '',
    };
  }
  closeAfterReply(): void {}
  kill(): void {}
  setReplyMode(): void {}
  unblock(): boolean {
    return false;
  }
  setTracking(options: TrackingOptions | null): void {
    this.tracking = options;
  }
}

/** getClientType: master, replica, pubsub (subscribed to anything) or normal. */
export function clientType(client: ClientConnection): ClientType {
  return (client.session.state ?? 0) & SessionState.PUBSUB ? 'pubsub' : 'normal';
}

/** getClientTypeByName; undefined for an unknown name. */
function clientTypeByName(name: string): ClientType | undefined {
  const n = name.toLowerCase();
  if (n === 'normal' || n === 'pubsub' || n === 'master') return n;
  if (n === 'replica' || n === 'slave') return 'replica';
  return undefined;
}

/**
 * One CLIENT LIST line, without its newline, with Redis 7.0.15's fields in its order
 * (catClientInfoString). Memory fields are estimates of the JS side.
 */
export function clientInfoString(store: Store, client: ClientConnection): string {
  const session = client.session;
  const state = session.state ?? 0;
  const conn = client.connectionInfo();
  const tx = session.tx;
  const tracking = client.tracking;
  let flags = '';
  if (state & SessionState.MONITOR) flags += 'O';
  if (state & SessionState.PUBSUB) flags += 'P';
  if (state & SessionState.MULTI) flags += 'x';
  if (conn.blocked) flags += 'b';
  if (tracking !== null) flags += 't';
  if (tracking?.bcast) flags += 'B';
  if (tx?.dirtyCas) flags += 'd';
  if (conn.closing) flags += 'c';
  if (conn.unixSocket) flags += 'U';
  if (client.noEvict) flags += 'e';
  if (flags === '') flags = 'N';
  const sub = store.pubsub.sessionSubscriber(session, false);
  let multi = -1;
  let multiMem = 0;
  if (state & SessionState.MULTI) {
    const queue = tx?.queue ?? [];
    multi = queue.length;
    for (const q of queue) {
      multiMem += 8 * q.argv.length;
      for (const a of q.argv) multiMem += a.length;
    }
  }
  const rbs = 1024;
  const totMem = rbs + conn.qbuf + conn.argvMem + conn.omem + multiMem + 1024;
  return (
    `id=${client.id} addr=${client.addr} laddr=${client.laddr} fd=${conn.fd} name=${client.name ?? ''}` +
    ` age=${conn.age} idle=${conn.idle} flags=${flags} db=${session.db}` +
    ` sub=${sub?.channels.size ?? 0} psub=${sub?.patterns.size ?? 0} ssub=${sub?.shardChannels.size ?? 0}` +
    ` multi=${multi} qbuf=${conn.qbuf} qbuf-free=0 argv-mem=${conn.argvMem} multi-mem=${multiMem}` +
    ` rbs=${rbs} rbp=0 obl=0 oll=0 omem=${conn.omem} tot-mem=${totMem} events=${conn.events}` +
    ` cmd=${conn.cmd} user=${client.user} redir=${tracking === null ? -1 : tracking.redirect} resp=${session.protocol}`
  );
}

/** Every client of the host the caller sees, `type`-filtered: one line each, newline-terminated. */
function allClientsInfo(store: Store, self: ClientConnection, type: ClientType | undefined): string {
  let out = '';
  const clients = [...self.host.clients()];
  if (!clients.includes(self)) clients.unshift(self);
  for (const c of clients) {
    if (type !== undefined && clientType(c) !== type) continue;
    out += clientInfoString(store, c) + '\n';
  }
  return out;
}

/**
 * Clears a client's connection state as RESET does (clearClientConnectionState): tracking
 * off, db 0, RESP2, default authentication, transaction discarded and keys unwatched, every
 * subscription dropped, name cleared, replies on.
 */
export function resetClientState(store: Store, client: ClientConnection): void {
  const session = client.session;
  if (client.tracking !== null) client.setTracking(null);
  session.db = 0;
  session.protocol = 2;
  client.user = DEFAULT_USER;
  setDefaultAuth(store, session);
  discardTransaction(store, session);
  resetSubscriptions(store, session);
  client.name = null;
  client.setReplyMode('on');
  if (store.monitors !== null) stopMonitoring(store, session);
}

/**
 * Drops what a closing connection leaves behind (freeClient): its transaction, watched keys
 * and subscriptions. The server calls it when a socket closes.
 */
export function releaseClientState(store: Store, session: Session): void {
  discardTransaction(store, session);
  resetSubscriptions(store, session);
  if (store.monitors !== null) stopMonitoring(store, session);
}

// ---- commands ------------------------------------------------------------------------------

/** PING [message] */
export const pingCommand: Handler = (_store, argv, session) => {
  if (argv.length > 2) fail(wrongArgs('ping'));
  // A subscribed RESP2 client gets an array, which its pub/sub reader can tell from a message.
  if (session.state && session.state & SessionState.PUBSUB && session.protocol === 2) {
    return ['pong', argv.length === 2 ? argv[1]! : ''];
  }
  return argv.length === 2 ? argv[1]! : PONG;
};

/** ECHO message */
export const echoCommand: Handler = (_store, argv) => argv[1]!;

/** SELECT index */
export const selectCommand: Handler = (store, argv, session) => {
  const index = parseInt32(argv[1]!);
  if (store.dbAt(index) === undefined) fail(DB_INDEX_OUT_OF_RANGE);
  session.db = index;
  return OK;
};

/**
 * ACLCheckUserCredentials for the only user there is. With no password every password is
 * right for `default` (nopass); a wrong one is compared in constant time over its length.
 */
function credentialsOk(store: Store, username: string, password: string): boolean {
  if (username !== DEFAULT_USER) return false;
  const expected = requirePass(store);
  if (expected === null) return true;
  let diff = expected.length ^ password.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ password.charCodeAt(i);
  return diff === 0;
}

/** ACLAuthenticateUser: logs the session in on success. */
function authenticate(store: Store, session: Session, username: string, password: string): boolean {
  if (!credentialsOk(store, username, password)) return false;
  if (session.state) session.state &= ~SessionState.NOAUTH;
  clientOf(store, session).user = username;
  return true;
}

/** AUTH [username] password */
export const authCommand: Handler = (store, argv, session) => {
  if (argv.length > 3) fail(SYNTAX);
  let username = DEFAULT_USER;
  let password: string;
  if (argv.length === 2) {
    // The old form errors when the default user needs no password at all.
    if (requirePass(store) === null) fail(AUTH_WITHOUT_PASSWORD);
    password = argv[1]!;
  } else {
    username = argv[1]!;
    password = argv[2]!;
  }
  if (!authenticate(store, session, username, password)) fail(WRONGPASS);
  return OK;
};

/** clientSetName's charset: printable ASCII without spaces ('!' .. '~'); '' removes the name. */
function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

function setClientName(store: Store, session: Session, name: string): void {
  if (!validClientName(name)) fail(CLIENT_NAME_INVALID);
  clientOf(store, session).name = name === '' ? null : name;
}

/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
export const helloCommand: Handler = (store, argv, session) => {
  let ver = 0;
  let j = 1;
  if (argv.length >= 2) {
    ver = parseInteger(argv[j++]!, HELLO_PROTOVER_NOT_INTEGER);
    if (ver < 2 || ver > 3) fail(NOPROTO);
  }
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (isToken(opt, 'AUTH') && more >= 2) {
      if (!authenticate(store, session, argv[j + 1]!, argv[j + 2]!)) fail(WRONGPASS);
      j += 2;
    } else if (isToken(opt, 'SETNAME') && more >= 1) {
      setClientName(store, session, argv[j + 1]!);
      j++;
    } else {
      fail(helloSyntax(opt));
    }
  }
  if (authRequired(store, session)) fail(HELLO_NOAUTH);
  if (ver !== 0) session.protocol = ver as 2 | 3;
  const client = clientOf(store, session);
  return new MapReply([
    'server',
    'redis',
    'version',
    REDIS_VERSION,
    'proto',
    session.protocol,
    'id',
    client.id,
    'mode',
    'standalone',
    'role',
    'master',
    'modules',
    [],
  ]);
};

/** QUIT: replies OK, then the connection closes. */
export const quitCommand: Handler = (store, _argv, session) => {
  clientOf(store, session).closeAfterReply();
  return OK;
};

const RESET = new StatusReply('RESET');

/** RESET */
export const resetCommand: Handler = (store, _argv, session) => {
  resetClientState(store, clientOf(store, session));
  return RESET;
};

const CLIENT_HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.',
];

/** CLIENT LIST [TYPE type] [ID id ...] */
const clientListCommand: Handler = (store, argv, session) => {
  const self = clientOf(store, session);
  let out: string;
  if (argv.length === 4 && isToken(argv[2]!, 'TYPE')) {
    const type = clientTypeByName(argv[3]!);
    if (type === undefined) fail(unknownClientType(argv[3]!));
    out = allClientsInfo(store, self, type);
  } else if (argv.length > 3 && isToken(argv[2]!, 'ID')) {
    out = '';
    for (let j = 3; j < argv.length; j++) {
      const id = parseInteger(argv[j]!, INVALID_CLIENT_ID);
      const c = id === self.id ? self : self.host.client(id);
      if (c !== undefined) out += clientInfoString(store, c) + '\n';
    }
  } else if (argv.length !== 2) {
    fail(SYNTAX);
  } else {
    out = allClientsInfo(store, self, undefined);
  }
  return new VerbatimReply('txt', out);
};

/** CLIENT KILL addr | CLIENT KILL [ID id] [TYPE type] [ADDR addr] [LADDR addr] [USER user] [SKIPME yes/no] */
const clientKillCommand: Handler = (store, argv, session) => {
  const self = clientOf(store, session);
  let addr: string | undefined;
  let laddr: string | undefined;
  let user: string | undefined;
  let type: ClientType | undefined;
  let id = 0;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2]!;
    skipme = false; // the old form may kill the caller itself
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i]!;
      const more = i + 1 < argv.length;
      const value = argv[i + 1]!;
      if (isToken(opt, 'ID') && more) {
        const n = parseInteger(value, CLIENT_ID_NOT_POSITIVE);
        if (n < 1) fail(CLIENT_ID_NOT_POSITIVE);
        id = n;
      } else if (isToken(opt, 'TYPE') && more) {
        type = clientTypeByName(value);
        if (type === undefined) fail(unknownClientType(value));
      } else if (isToken(opt, 'ADDR') && more) {
        addr = value;
      } else if (isToken(opt, 'LADDR') && more) {
        laddr = value;
      } else if (isToken(opt, 'USER') && more) {
        if (value !== DEFAULT_USER) fail(noSuchUser(value));
        user = value;
      } else if (isToken(opt, 'SKIPME') && more) {
        if (isToken(value, 'YES')) skipme = true;
        else if (isToken(value, 'NO')) skipme = false;
        else fail(SYNTAX);
      } else {
        fail(SYNTAX);
      }
    }
  }
  let killed = 0;
  let closeSelf = false;
  const clients = [...self.host.clients()];
  if (!clients.includes(self)) clients.unshift(self);
  for (const c of clients) {
    if (addr !== undefined && c.addr !== addr) continue;
    if (laddr !== undefined && c.laddr !== laddr) continue;
    if (type !== undefined && clientType(c) !== type) continue;
    if (id !== 0 && c.id !== id) continue;
    if (user !== undefined && c.user !== user) continue;
    if (c === self && skipme) continue;
    if (c === self) closeSelf = true;
    else c.kill();
    killed++;
  }
  // The caller closes only after its reply is queued.
  if (closeSelf) self.closeAfterReply();
  if (argv.length === 3) {
    if (killed === 0) fail(NO_SUCH_CLIENT);
    return OK;
  }
  return killed;
};

/** getTimeoutFromObjectOrReply in milliseconds: an absolute time, or 0 for none. */
function parseTimeoutMs(store: Store, arg: string): number {
  const ms = parseInteger(arg, TIMEOUT_NOT_INTEGER);
  if (ms < 0) fail(TIMEOUT_NEGATIVE);
  return ms > 0 ? ms + store.clock.now() : 0;
}

/** CLIENT PAUSE timeout [WRITE | ALL] */
const clientPauseCommand: Handler = (store, argv, session) => {
  if (argv.length > 4) fail(subcommandSyntax(argv[1]!, 'CLIENT'));
  let mode: 'write' | 'all' = 'all';
  if (argv.length === 4) {
    if (isToken(argv[3]!, 'WRITE')) mode = 'write';
    else if (!isToken(argv[3]!, 'ALL')) fail(CLIENT_PAUSE_MODE);
  }
  const end = parseTimeoutMs(store, argv[2]!);
  clientOf(store, session).host.pause(end, mode);
  return OK;
};

/** CLIENT UNBLOCK client-id [TIMEOUT | ERROR] */
const clientUnblockCommand: Handler = (store, argv, session) => {
  if (argv.length > 4) fail(subcommandSyntax(argv[1]!, 'CLIENT'));
  let error = false;
  if (argv.length === 4) {
    if (isToken(argv[3]!, 'ERROR')) error = true;
    else if (!isToken(argv[3]!, 'TIMEOUT')) fail(CLIENT_UNBLOCK_REASON);
  }
  const id = parseInteger(argv[2]!);
  const self = clientOf(store, session);
  const target = id === self.id ? self : self.host.client(id);
  if (target === undefined) return 0;
  return target.unblock(error ? new ReplyError(UNBLOCKED_BY_CLIENT) : undefined) ? 1 : 0;
};

/** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
const clientTrackingCommand: Handler = (store, argv, session) => {
  const self = clientOf(store, session);
  const options: TrackingOptions = {
    redirect: 0,
    bcast: false,
    optin: false,
    optout: false,
    noloop: false,
    prefixes: [],
  };
  for (let j = 3; j < argv.length; j++) {
    const more = j < argv.length - 1;
    const opt = argv[j]!;
    if (isToken(opt, 'REDIRECT') && more) {
      j++;
      if (options.redirect !== 0) fail(TRACKING_SINGLE_REDIRECT);
      const id = parseInteger(argv[j]!);
      if (id !== self.id && self.host.client(id) === undefined) fail(TRACKING_REDIRECT_MISSING);
      options.redirect = id;
    } else if (isToken(opt, 'BCAST')) {
      options.bcast = true;
    } else if (isToken(opt, 'OPTIN')) {
      options.optin = true;
    } else if (isToken(opt, 'OPTOUT')) {
      options.optout = true;
    } else if (isToken(opt, 'NOLOOP')) {
      options.noloop = true;
    } else if (isToken(opt, 'PREFIX') && more) {
      options.prefixes.push(argv[++j]!);
    } else {
      fail(SYNTAX);
    }
  }
  const onoff = argv[2]!;
  if (isToken(onoff, 'ON')) {
    if (!options.bcast && options.prefixes.length > 0) fail(TRACKING_PREFIX_NEEDS_BCAST);
    const current = self.tracking;
    if (current !== null && current.bcast !== options.bcast) fail(TRACKING_BCAST_SWITCH);
    if (options.bcast && (options.optin || options.optout)) fail(TRACKING_OPTIN_OPTOUT_BCAST);
    if (options.optin && options.optout) fail(TRACKING_OPTIN_AND_OPTOUT);
    if ((options.optin && current?.optout) || (options.optout && current?.optin)) fail(TRACKING_OPT_SWITCH);
    if (options.bcast) checkPrefixCollisions(options.prefixes, current?.prefixes ?? []);
    // enableTracking adds prefixes to those already registered; other flags are replaced.
    if (current !== null) options.prefixes = [...new Set([...current.prefixes, ...options.prefixes])];
    if (options.bcast && options.prefixes.length === 0) options.prefixes = [''];
    self.setTracking(options);
  } else if (isToken(onoff, 'OFF')) {
    self.setTracking(null);
  } else {
    fail(SYNTAX);
  }
  return OK;
};

/**
 * checkPrefixCollisionsOrReply: two prefixes collide when one starts the other (equal ones
 * too), whether both are new or one is already registered.
 */
function checkPrefixCollisions(prefixes: string[], existing: string[]): void {
  const overlap = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i]!;
    for (const q of existing) {
      if (overlap(p, q)) {
        fail(prefixOverlapsExisting(p, q));
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      const q = prefixes[j]!;
      if (overlap(p, q)) {
        fail(prefixOverlapsProvided(p, q));
      }
    }
  }
}

/** CLIENT TRACKINGINFO */
const clientTrackingInfoCommand: Handler = (store, _argv, session) => {
  const self = clientOf(store, session);
  const t = self.tracking;
  const flags: Reply[] = [t === null ? 'off' : 'on'];
  if (t !== null) {
    if (t.bcast) flags.push('bcast');
    if (t.optin) {
      flags.push('optin');
      if (self.trackingCaching) flags.push('caching-yes');
    }
    if (t.optout) {
      flags.push('optout');
      if (self.trackingCaching) flags.push('caching-no');
    }
    if (t.noloop) flags.push('noloop');
  }
  const prefixes = t === null || !t.bcast ? [] : t.prefixes;
  return new MapReply([
    'flags',
    new SetReply(flags),
    'redirect',
    t === null ? -1 : t.redirect,
    'prefixes',
    prefixes,
  ]);
};

/** CLIENT CACHING YES|NO */
const clientCachingCommand: Handler = (store, argv, session) => {
  const self = clientOf(store, session);
  const t = self.tracking;
  if (t === null) fail(CACHING_NOT_TRACKING);
  const opt = argv[2]!;
  if (isToken(opt, 'YES')) {
    if (!t.optin) fail(CACHING_YES_NEEDS_OPTIN);
  } else if (isToken(opt, 'NO')) {
    if (!t.optout) fail(CACHING_NO_NEEDS_OPTOUT);
  } else {
    fail(SYNTAX);
  }
  self.trackingCaching = true;
  return OK;
};

/** CLIENT REPLY ON|OFF|SKIP */
const clientReplyCommand: Handler = (store, argv, session) => {
  const opt = argv[2]!;
  const mode = isToken(opt, 'ON') ? 'on' : isToken(opt, 'OFF') ? 'off' : isToken(opt, 'SKIP') ? 'skip' : null;
  if (mode === null) fail(SYNTAX);
  clientOf(store, session).setReplyMode(mode);
  return OK; // sent for ON only: OFF and SKIP silence it
};

/** CLIENT NO-EVICT ON|OFF */
const clientNoEvictCommand: Handler = (store, argv, session) => {
  const opt = argv[2]!;
  if (isToken(opt, 'ON')) clientOf(store, session).noEvict = true;
  else if (isToken(opt, 'OFF')) clientOf(store, session).noEvict = false;
  else fail(SYNTAX);
  return OK;
};

/** SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT] */
export const shutdownCommand: Handler = (store, argv, session) => {
  const options: ShutdownOptions = { now: false, force: false };
  let abort = false;
  let nosave = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (isToken(a, 'NOSAVE')) nosave = true;
    else if (isToken(a, 'SAVE')) options.save = true;
    else if (isToken(a, 'NOW')) options.now = true;
    else if (isToken(a, 'FORCE')) options.force = true;
    else if (isToken(a, 'ABORT')) abort = true;
    else fail(SYNTAX);
  }
  if (nosave && options.save) fail(SYNTAX);
  if (abort && (nosave || options.save || options.now || options.force)) fail(SYNTAX);
  if (nosave) options.save = false;
  // A shutdown here completes at once, so there is never one to abort.
  if (abort) fail(SHUTDOWN_NOT_IN_PROGRESS);
  if (!options.now && session.denyBlocking === true) fail(SHUTDOWN_DENY_BLOCKING);
  const handler = stores.get(store)?.shutdown ?? null;
  if (handler === null || !handler(options)) fail(SHUTDOWN_FAILED);
  // The connection is gone by now; a detached caller gets OK.
  return OK;
};

export const connectionHandlers: HandlerMap = {
  ping: pingCommand,
  echo: echoCommand,
  select: selectCommand,
  auth: authCommand,
  hello: helloCommand,
  quit: quitCommand,
  reset: resetCommand,
  shutdown: shutdownCommand,
  'client|help': () => helpReply(CLIENT_HELP),
  'client|id': (store, _argv, session) => clientOf(store, session).id,
  'client|info': (store, _argv, session) =>
    new VerbatimReply('txt', clientInfoString(store, clientOf(store, session)) + '\n'),
  'client|list': clientListCommand,
  'client|kill': clientKillCommand,
  'client|setname': (store, argv, session) => {
    setClientName(store, session, argv[2]!);
    return OK;
  },
  'client|getname': (store, _argv, session) => clientOf(store, session).name,
  'client|pause': clientPauseCommand,
  'client|unpause': (store, _argv, session) => {
    clientOf(store, session).host.unpause();
    return OK;
  },
  'client|unblock': clientUnblockCommand,
  'client|reply': clientReplyCommand,
  'client|no-evict': clientNoEvictCommand,
  'client|tracking': clientTrackingCommand,
  'client|trackinginfo': clientTrackingInfoCommand,
  'client|caching': clientCachingCommand,
  'client|getredir': (store, _argv, session) => {
    const t = clientOf(store, session).tracking;
    return t === null ? -1 : t.redirect;
  },
};

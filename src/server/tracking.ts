// Server-assisted client-side caching (Redis's tracking.c): CLIENT TRACKING ON makes the server
// remember the keys a client read and push an `invalidate` message when one of them changes.
//
// - Default mode: after a read-only command of a tracking client, its keys (the command's key
//   positions) go into a table key -> client ids; the key's first modification sends each of
//   them one invalidation and forgets the entry, as Redis's TrackingTable (keyed by name only,
//   whatever the db). OPTIN remembers only after CLIENT CACHING yes, OPTOUT not after CLIENT
//   CACHING no; NOLOOP skips keys the client modified itself.
// - BCAST: no table; every modified key matching a registered prefix is collected and sent to
//   the prefix's clients in one message per client after the current tick (Redis sends them in
//   beforeSleep).
// - Delivery: a RESP3 push `invalidate [keys]`; with REDIRECT, a RESP3 push or, to a RESP2
//   client subscribed to anything, a `message` on `__redis__:invalidate` carrying the key array.
//   Invalidations for the client whose command made them follow that command's reply.
// The touch listener exists only while a client tracks, so the store pays nothing otherwise.
// FLUSHDB / FLUSHALL invalidate key by key (Redis sends one `invalidate` with a null instead).

import type { TrackingOptions } from '../commands/connection.js';
import { resolve } from '../commands/dispatch.js';
import { SessionState } from '../commands/gate.js';
import type { Client } from './client.js';
import type { EmbedisServer } from './server.js';

const INVALIDATE = '$10\r\ninvalidate\r\n';
const CHANNEL = '__redis__:invalidate';

function keysArray(keys: readonly string[]): string {
  let s = '*' + keys.length + '\r\n';
  for (const k of keys) s += '$' + k.length + '\r\n' + k + '\r\n';
  return s;
}

/** @internal the tracking state of one server. */
export class Tracking {
  /** Default mode: key -> ids of clients that may cache it. */
  private readonly table = new Map<string, Set<number>>();
  /** BCAST: prefix -> clients registered for it. */
  private readonly prefixes = new Map<string, Set<Client>>();
  /** BCAST keys to send after this tick: client -> key -> the client that modified it. */
  private pendingBcast = new Map<Client, Map<string, Client | null>>();
  private bcastScheduled = false;
  /** Invalidations for the client whose command is running, sent after its reply. */
  private pendingCurrent: string[] = [];
  private tracking = new Set<Client>();
  private untouch: (() => void) | null = null;

  constructor(private readonly server: EmbedisServer) {}

  /** Clients with tracking on (INFO tracking_clients). */
  get clients(): number {
    return this.tracking.size;
  }

  /** True while any client tracks keys. */
  get active(): boolean {
    return this.untouch !== null;
  }

  /** Turns tracking on or off for `client` (enableTracking / disableTracking). */
  setTracking(client: Client, options: TrackingOptions | null): void {
    const old = client.tracking;
    if (old?.bcast) for (const p of old.prefixes) this.prefixes.get(p)?.delete(client);
    if (options === null) {
      this.tracking.delete(client);
    } else {
      this.tracking.add(client);
      if (options.bcast) {
        for (const p of options.prefixes) {
          let set = this.prefixes.get(p);
          if (set === undefined) this.prefixes.set(p, (set = new Set()));
          set.add(client);
        }
      }
    }
    for (const [p, set] of this.prefixes) if (set.size === 0) this.prefixes.delete(p);
    if (this.tracking.size > 0 && this.untouch === null) {
      this.untouch = this.server.store.effects.addTouchListener((_db, key) => this.onTouch(key));
    } else if (this.tracking.size === 0 && this.untouch !== null) {
      this.untouch();
      this.untouch = null;
      this.table.clear();
    }
  }

  /** A client went away. */
  detach(client: Client): void {
    if (client.tracking !== null) this.setTracking(client, null);
    this.pendingBcast.delete(client);
  }

  /**
   * After a command of `client` (call()'s tracking step): remembers the keys a read-only
   * command read, then sends invalidations its own command caused.
   */
  afterCommand(client: Client, argv: string[]): void {
    const t = client.tracking;
    if (t !== null && !t.bcast) {
      const skip = (t.optin && !client.trackingCaching) || (t.optout && client.trackingCaching);
      if (!skip) this.rememberKeys(client, argv);
    }
    if (this.pendingCurrent.length !== 0) {
      const keys = this.pendingCurrent;
      this.pendingCurrent = [];
      for (const k of keys) this.send(client, [k]);
    }
  }

  private rememberKeys(client: Client, argv: string[]): void {
    const entry = resolve(argv);
    if (!('info' in entry)) return;
    const info = entry.info;
    if (!info.flags.includes('readonly') || info.flags.includes('pubsub')) return;
    if (info.firstKey <= 0) return;
    const last = info.lastKey < 0 ? argv.length + info.lastKey : info.lastKey;
    const step = info.keyStep > 0 ? info.keyStep : 1;
    for (let i = info.firstKey; i <= last && i < argv.length; i += step) {
      const key = argv[i]!;
      let ids = this.table.get(key);
      if (ids === undefined) this.table.set(key, (ids = new Set()));
      ids.add(client.id);
    }
  }

  /** trackingInvalidateKey. */
  private onTouch(key: string): void {
    const current = this.server.current;
    if (this.prefixes.size !== 0) this.rememberForBroadcast(key, current);
    const ids = this.table.get(key);
    if (ids === undefined) return;
    this.table.delete(key);
    for (const id of ids) {
      const target = this.server.client(id);
      const t = target?.tracking;
      if (target === undefined || t == null || t.bcast) continue;
      if (t.noloop && target === current) continue;
      if (target === current) this.pendingCurrent.push(key);
      else this.send(target, [key]);
    }
  }

  private rememberForBroadcast(key: string, modifier: Client | null): void {
    for (const [prefix, clients] of this.prefixes) {
      if (!key.startsWith(prefix)) continue;
      for (const c of clients) {
        let keys = this.pendingBcast.get(c);
        if (keys === undefined) this.pendingBcast.set(c, (keys = new Map()));
        keys.set(key, modifier);
      }
    }
    if (!this.bcastScheduled) {
      this.bcastScheduled = true;
      setImmediate(() => this.broadcast());
    }
  }

  /** trackingBroadcastInvalidationMessages. */
  private broadcast(): void {
    this.bcastScheduled = false;
    const pending = this.pendingBcast;
    this.pendingBcast = new Map();
    for (const [client, keys] of pending) {
      if (client.tracking === null) continue;
      const noloop = client.tracking.noloop;
      const list: string[] = [];
      for (const [k, modifier] of keys) if (!(noloop && modifier === client)) list.push(k);
      if (list.length !== 0) this.send(client, list);
    }
  }

  /** sendTrackingMessage. */
  private send(client: Client, keys: string[]): void {
    let target = client;
    const redirect = client.tracking?.redirect ?? 0;
    let redirected = false;
    if (redirect !== 0) {
      const r = this.server.client(redirect);
      if (r === undefined) {
        if (client.session.protocol === 3) {
          client.pushRaw(`>2\r\n$21\r\ntracking-redir-broken\r\n:${redirect}\r\n`);
        }
        return;
      }
      target = r;
      redirected = true;
    }
    if (target.session.protocol === 3) {
      target.pushRaw('>2\r\n' + INVALIDATE + keysArray(keys));
    } else if (redirected && (target.session.state ?? 0) & SessionState.PUBSUB) {
      target.pushRaw(`*3\r\n$7\r\nmessage\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n` + keysArray(keys));
    }
  }
}

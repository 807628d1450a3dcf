// Keyspace notifications (notify.c): the `notify-keyspace-events` classes, and the effects
// listener that turns each keyspace event into pub/sub messages —
// `__keyspace@<db>__:<key>` carrying the event name and `__keyevent@<db>__:<event>` carrying
// the key, in that order. Store code reports events through `effects.event()` whether or not
// anything listens; the listener is attached only while the classes enable some notification,
// so with notifications off (the default) an event costs one field check.

import type { Effects } from '../effects/effects.js';
import { NOTIFY } from '../effects/effects.js';
import type { PubSub } from './pubsub.js';

/** Redis's NOTIFY_ALL (`A`): every class but key misses (`m`) and new keys (`n`). */
export const NOTIFY_ALL =
  NOTIFY.GENERIC |
  NOTIFY.STRING |
  NOTIFY.LIST |
  NOTIFY.SET |
  NOTIFY.HASH |
  NOTIFY.ZSET |
  NOTIFY.EXPIRED |
  NOTIFY.EVICTED |
  NOTIFY.STREAM |
  NOTIFY.MODULE;

const CLASS_FLAGS: Readonly<Record<string, number>> = {
  A: NOTIFY_ALL,
  g: NOTIFY.GENERIC,
  $: NOTIFY.STRING,
  l: NOTIFY.LIST,
  s: NOTIFY.SET,
  h: NOTIFY.HASH,
  z: NOTIFY.ZSET,
  x: NOTIFY.EXPIRED,
  e: NOTIFY.EVICTED,
  K: NOTIFY.KEYSPACE,
  E: NOTIFY.KEYEVENT,
  t: NOTIFY.STREAM,
  m: NOTIFY.KEY_MISS,
  d: NOTIFY.MODULE,
  n: NOTIFY.NEW,
};

/**
 * Parses `notify-keyspace-events` classes (`KEA`, `Kx`, `$lshzxeKE` …) into NOTIFY flags, as
 * Redis's keyspaceEventsStringToFlags: case-sensitive, repeats allowed, `""` is 0. Returns -1
 * when a character names no class (CONFIG SET then fails with
 * `Invalid event class character. Use 'Ag$lshzxeKEtmdn'.`).
 * @remarks O(N) in the length of `classes`.
 * @see https://redis.io/docs/manual/keyspace-notifications/
 */
export function keyspaceEventsStringToFlags(classes: string): number {
  let flags = 0;
  for (const c of classes) {
    if (c === '\0') break; // a C string ends there
    const f = Object.hasOwn(CLASS_FLAGS, c) ? CLASS_FLAGS[c] : undefined;
    if (f === undefined) return -1;
    flags |= f;
  }
  return flags;
}

/**
 * Formats NOTIFY flags as CONFIG GET shows them (Redis's keyspaceEventsFlagsToString): `A` when
 * every NOTIFY_ALL class is on, else the classes in the order `g$lshzxetdn`; then `K`, `E`, `m`.
 * @remarks O(1).
 * @see https://redis.io/docs/manual/keyspace-notifications/
 */
export function keyspaceEventsFlagsToString(flags: number): string {
  let s = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    s += 'A';
  } else {
    if (flags & NOTIFY.GENERIC) s += 'g';
    if (flags & NOTIFY.STRING) s += '$';
    if (flags & NOTIFY.LIST) s += 'l';
    if (flags & NOTIFY.SET) s += 's';
    if (flags & NOTIFY.HASH) s += 'h';
    if (flags & NOTIFY.ZSET) s += 'z';
    if (flags & NOTIFY.EXPIRED) s += 'x';
    if (flags & NOTIFY.EVICTED) s += 'e';
    if (flags & NOTIFY.STREAM) s += 't';
    if (flags & NOTIFY.MODULE) s += 'd';
    if (flags & NOTIFY.NEW) s += 'n';
  }
  if (flags & NOTIFY.KEYSPACE) s += 'K';
  if (flags & NOTIFY.KEYEVENT) s += 'E';
  if (flags & NOTIFY.KEY_MISS) s += 'm';
  return s;
}

const CHANNEL_KINDS = NOTIFY.KEYSPACE | NOTIFY.KEYEVENT;

/** Publishes keyspace events as pub/sub messages while `notify-keyspace-events` enables them. */
export class KeyspaceNotifier {
  /** The current `notify-keyspace-events` flags (0: off). */
  flags = 0;
  private detach: (() => void) | null = null;

  constructor(
    private readonly effects: Effects,
    private readonly pubsub: PubSub,
  ) {}

  /**
   * Sets the flags; the listener is attached only while they can produce a message. Returns
   * the opt-in classes (`n`, `m`) store code must report, 0 while off (StoreCore.optInEvents).
   */
  setFlags(flags: number): number {
    this.flags = flags;
    const on = (flags & CHANNEL_KINDS) !== 0 && (flags & ~CHANNEL_KINDS) !== 0;
    if (on && this.detach === null) this.detach = this.effects.addEventListener(this.onEvent);
    else if (!on && this.detach !== null) {
      this.detach();
      this.detach = null;
    }
    return on ? flags & (NOTIFY.NEW | NOTIFY.KEY_MISS) : 0;
  }

  /** Redis's notifyKeyspaceEvent, minus the module hook. */
  private readonly onEvent = (flag: number, event: string, key: string, db: number): void => {
    const flags = this.flags;
    // Nobody subscribed: the messages would reach no one, so skip building their channels.
    if ((flags & flag) === 0 || !this.pubsub.listening) return;
    if (flags & NOTIFY.KEYSPACE) this.pubsub.publish(`__keyspace@${db}__:${key}`, event);
    if (flags & NOTIFY.KEYEVENT) this.pubsub.publish(`__keyevent@${db}__:${event}`, key);
  };
}
